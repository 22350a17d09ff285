#!/bin/sh
# fetch-ml100k.sh SOURCE DEST: put MovieLens 100K's raw files in DEST.
# SOURCE is a directory holding u.data etc., the official ml-100k.zip, or
# empty to download the zip from GroupLens.  u.data's SHA-256 is verified.
set -eu
src=$1 dest=$2
url=${REEL_ML100K_URL:-https://files.grouplens.org/datasets/movielens/ml-100k.zip}
want=06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490
files="u.data u.item u.user u.genre u.occupation u1.base u1.test u2.base u2.test u3.base u3.test u4.base u4.test u5.base u5.test"

mkdir -p "$(dirname "$dest")"
tmp=$(mktemp -d "$dest.tmp.$$.XXXXXX") # a fresh name: no planted link is followed
trap 'rm -rf "$tmp"' EXIT

unzip_into() {
	unzip -q -o -j "$1" 'ml-100k/u*' -d "$tmp" || {
		echo "fetch-ml100k: $1: not a readable MovieLens 100K zip" >&2
		exit 1
	}
}

if [ -z "$src" ]; then
	echo "fetch-ml100k: downloading $url" >&2
	if ! curl -fsSL --retry 2 --connect-timeout 20 -o "$tmp/ml-100k.zip" "$url"; then
		cat >&2 <<MSG
fetch-ml100k: cannot download MovieLens 100K from $url
  If this machine is offline, point ML100K at a local copy (the unpacked
  directory or the official zip), for example:
    make ML100K=/path/to/ml-100k
MSG
		exit 1
	fi
	unzip_into "$tmp/ml-100k.zip"
elif [ -d "$src" ]; then
	for f in $files; do
		[ -r "$src/$f" ] || { echo "fetch-ml100k: $src/$f: missing" >&2; exit 1; }
		cp "$src/$f" "$tmp/"
	done
elif [ -f "$src" ]; then
	unzip_into "$src"
else
	echo "fetch-ml100k: ML100K=$src: no such file or directory" >&2
	exit 1
fi

got=$(sha256sum "$tmp/u.data" | cut -d' ' -f1)
if [ "$got" != "$want" ]; then
	echo "fetch-ml100k: u.data: SHA-256 mismatch (got $got, want $want)" >&2
	exit 1
fi
echo "u.data $got (SHA-256, as expected)" >"$tmp/CHECKSUM" # for the report
# unzip keeps the archive's file times: the files are new to make
touch "$tmp"/*
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$tmp" "$dest"
trap - EXIT
