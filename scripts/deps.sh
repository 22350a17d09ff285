#!/bin/sh
# deps.sh: make sure what reel builds and runs with is installed.
#   scripts/deps.sh          install what is missing (Debian/Ubuntu: apt-get)
#   scripts/deps.sh --check  only report; exit 1 if something is missing
set -u

PACKAGES="gcc make pkg-config libgsl-dev libopenblas-openmp-dev zlib1g-dev gnuplot-nox curl unzip"

missing=""
have_pkg() { pkg-config --exists "$1" 2>/dev/null; }
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
have_pkg gsl || missing="$missing libgsl-dev"
have_pkg openblas || missing="$missing libopenblas-openmp-dev"
have_pkg zlib || missing="$missing zlib1g-dev"
command -v gnuplot >/dev/null 2>&1 || missing="$missing gnuplot-nox"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
command -v unzip >/dev/null 2>&1 || missing="$missing unzip"

[ -z "$missing" ] && exit 0
if [ "${1:-}" = "--check" ]; then
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
