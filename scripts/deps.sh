#!/bin/sh
# deps.sh: make sure what reel builds and runs with is installed.
#   scripts/deps.sh          install what is missing (Debian/Ubuntu: apt-get)
#   scripts/deps.sh --check  only report; exit 1 if something is missing
#   --fuzz      also clang with libFuzzer and OpenMP, for `make fuzz`
#   --valgrind  also valgrind, for tests/valgrind.sh
set -u

PACKAGES="gcc make pkg-config libgsl-dev libopenblas-openmp-dev zlib1g-dev libmd4c-dev libmd4c-html0-dev gnuplot-nox curl unzip zip tzdata"

FUZZ_PACKAGES="clang libclang-rt-dev libomp-dev" # Debian 12: clang 14, libclang-rt-14-dev
VALGRIND_PACKAGES="valgrind"

check=0 fuzz=0 valgrind=0
for arg in "$@"; do
	case $arg in
	--check) check=1 ;;
	--fuzz) fuzz=1 ;;
	--valgrind) valgrind=1 ;;
	*) echo "deps: unknown option '$arg'" >&2; exit 2 ;;
	esac
done

missing=""
have_pkg() { pkg-config --exists "$1" 2>/dev/null; }
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
have_pkg gsl || missing="$missing libgsl-dev"
have_pkg openblas || missing="$missing libopenblas-openmp-dev"
have_pkg zlib || missing="$missing zlib1g-dev"
have_pkg md4c || missing="$missing libmd4c-dev"
have_pkg md4c-html || missing="$missing libmd4c-html0-dev"
command -v gnuplot >/dev/null 2>&1 || missing="$missing gnuplot-nox"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
command -v unzip >/dev/null 2>&1 || missing="$missing unzip"
command -v zip >/dev/null 2>&1 || missing="$missing zip" # the tests make fixture zips
[ -f /usr/share/zoneinfo/America/New_York ] || missing="$missing tzdata"
# clang can be there without the fuzzer runtime or omp.h: try both
fuzz_ok() {
	command -v clang >/dev/null 2>&1 || return 1
	d=$(mktemp -d) || return 1
	printf '#include <omp.h>\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ (void)d; (void)n; return omp_get_max_threads() < 0; }\n' >"$d/t.c"
	clang -fopenmp -fsanitize=fuzzer,address,undefined -o "$d/t" "$d/t.c" >/dev/null 2>&1
	rc=$?
	rm -rf "$d"
	return $rc
}
[ $fuzz = 0 ] || fuzz_ok || missing="$missing $FUZZ_PACKAGES"
[ $valgrind = 0 ] || command -v valgrind >/dev/null 2>&1 || missing="$missing $VALGRIND_PACKAGES"

[ -z "$missing" ] && exit 0
if [ $check = 1 ]; then
	echo "deps: missing:$missing" >&2
	exit 1
fi

echo "deps: installing:$missing" >&2
if command -v apt-get >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
		echo "deps: not root and no sudo; install as root: apt-get install$missing" >&2
		exit 1
	fi
	$SUDO apt-get update -qq >&2 &&
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >&2 || {
		echo "deps: apt-get failed; install by hand:$missing" >&2
		exit 1
	}
	exit 0
fi
echo "deps: not a Debian-like system; install the equivalents of:$missing" >&2
exit 1
