#!/bin/sh
# deps.sh: make sure what reel builds and runs with is installed.
#   scripts/deps.sh          install what is missing (Debian/Ubuntu: apt-get)
#   scripts/deps.sh --check  only report; exit 1 if something is missing
#   --fuzz      also clang with libFuzzer and OpenMP, for `make fuzz`
#   --valgrind  also valgrind, for tests/valgrind.sh
#   --format    also clang-format (`make check` passes it): the test that
#               the C sources keep .clang-format's layout
#   --mpi       also OpenMPI (`make deps` passes it): reel-train-als and
#               reel-topk under mpirun (docs/SCALE.md); without it they
#               build as one-rank tools
set -u

PACKAGES="gcc make pkg-config libgsl-dev libopenblas-openmp-dev zlib1g-dev libmd4c-dev libmd4c-html0-dev gnuplot-nox curl unzip zip tzdata"

FUZZ_PACKAGES="clang libclang-rt-dev libomp-dev" # Debian 12: clang 14, libclang-rt-14-dev
VALGRIND_PACKAGES="valgrind"
FORMAT_PACKAGES="clang-format" # Debian 12: clang-format 14, the version tests/tools/format.sh wants
MPI_PACKAGES="libopenmpi-dev openmpi-bin"

check=0 fuzz=0 valgrind=0 mpi=0 format=0
for arg in "$@"; do
	case $arg in
	--check) check=1 ;;
	--fuzz) fuzz=1 ;;
	--valgrind) valgrind=1 ;;
	--mpi) mpi=1 ;;
	--format) format=1 ;;
	*) echo "deps: unknown option '$arg'" >&2; exit 2 ;;
	esac
done

# Installing libopenblas-openmp-dev makes Debian point its BLAS and LAPACK
# alternatives at the OpenMP build, for every program on the machine (numpy
# among them; that build ignores OPENBLAS_NUM_THREADS).  reel needs no
# such change: it links the OpenMP build by its directory (the Makefile's
# BLAS_DIR).  So the alternatives that existed before are put back after.
BLAS_ALTERNATIVES="libblas.so.3 liblapack.so.3 libopenblas.so.0 libblas.so liblapack.so libopenblas.so openblas.pc"
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch 2>/dev/null)
blas_alternatives() {
	command -v update-alternatives >/dev/null 2>&1 || return 0
	for a in $BLAS_ALTERNATIVES; do
		v=$(update-alternatives --query "$a-$arch" 2>/dev/null | sed -n 's/^Value: //p')
		[ -n "$v" ] && printf '%s %s\n' "$a-$arch" "$v"
	done
}
restore_blas_alternatives() {
	echo "$1" | while read -r name value; do
		[ -n "$name" ] || continue
		now=$(update-alternatives --query "$name" 2>/dev/null | sed -n 's/^Value: //p')
		[ "$now" = "$value" ] && continue
		$SUDO update-alternatives --quiet --set "$name" "$value" &&
			echo "deps: kept the system's $name on $value (the install had moved it to $now;" \
				"reel uses the OpenMP build by its path).  To make it the default:" \
				"update-alternatives --set $name $now" >&2
	done
}

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
[ $mpi = 0 ] || { have_pkg ompi-c && command -v mpirun >/dev/null 2>&1; } || missing="$missing $MPI_PACKAGES"
[ $valgrind = 0 ] || command -v valgrind >/dev/null 2>&1 || missing="$missing $VALGRIND_PACKAGES"
[ $format = 0 ] || command -v clang-format >/dev/null 2>&1 || missing="$missing $FORMAT_PACKAGES"

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
	saved=$(blas_alternatives)
	$SUDO apt-get update -qq >&2 &&
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >&2 || {
		echo "deps: apt-get failed; install by hand:$missing" >&2
		exit 1
	}
	restore_blas_alternatives "$saved"
	exit 0
fi
echo "deps: not a Debian-like system; install the equivalents of:$missing" >&2
exit 1
