#!/bin/sh
# fetch-movielens.sh NAME SOURCE DEST: put the raw files of MovieLens
# release NAME (ml-1m, ml-10m, ml-20m, ml-25m, ml-latest, ml-latest-small)
# in DEST, for reel-import.  SOURCE is the unpacked directory, the official
# zip, or empty to download the zip from GroupLens.  A zip is checked
# against the MD5 that GroupLens publishes beside it (NAME.zip.md5) for
# the fixed releases; ml-latest and ml-latest-small are regenerated from
# time to time, so no checksum of theirs can be pinned.  DEST/CHECKSUM
# says what was checked, for the report.  (ml-100k: fetch-ml100k.sh.)
set -eu
name=$1 src=$2 dest=$3
case $name in
ml-1m) files="ratings.dat movies.dat users.dat" md5=c4d9eecfca2ab87c1945afe126590906 ;;
ml-10m) files="ratings.dat movies.dat" md5=ce571fd55effeba0271552578f2648bd ;;
ml-20m) files="ratings.csv movies.csv" md5=cd245b17a1ae2cc31bb14903e1204af3 ;;
ml-25m) files="ratings.csv movies.csv" md5=6b51fb2759a8657d3bfcbfc42b592ada ;;
ml-latest | ml-latest-small) files="ratings.csv movies.csv" md5="" ;;
*)
	echo "fetch-movielens: unknown release '$name'" >&2
	exit 2
	;;
esac
md5=${REEL_ML_MD5-$md5} # tests only: the MD5 a fixture zip should have
url=${REEL_ML_URL:-https://files.grouplens.org/datasets/movielens/$name.zip}

tmp=$dest.tmp.$$
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

# the zip's files sit in one folder (ml-10m's is ml-10M100K): taken by name
unzip_into() {
	for f in $files; do
		unzip -q -o -j "$1" "*/$f" -d "$tmp" 2>/dev/null || {
			echo "fetch-movielens: $1: no $f in it (not the official $name.zip?)" >&2
			exit 1
		}
	done
	got=$(md5sum "$1" | cut -d' ' -f1)
	if [ -z "$md5" ]; then
		echo "zip $got (MD5; no published checksum to compare: $name is regenerated)" >"$tmp/CHECKSUM"
	elif [ "$got" = "$md5" ]; then
		echo "zip $got (MD5, matches the published $name.zip.md5)" >"$tmp/CHECKSUM"
	else
		echo "fetch-movielens: $1: MD5 mismatch (got $got, want $md5, GroupLens's $name.zip.md5)" >&2
		exit 1
	fi
}

if [ -z "$src" ]; then
	echo "fetch-movielens: downloading $url" >&2
	if ! curl -fsSL --retry 2 --connect-timeout 20 -o "$tmp/$name.zip" "$url"; then
		echo "fetch-movielens: cannot download $url; offline, give a local copy (directory or zip)" >&2
		exit 1
	fi
	unzip_into "$tmp/$name.zip"
	rm -f "$tmp/$name.zip"
elif [ -d "$src" ]; then
	for f in $files; do
		[ -r "$src/$f" ] || { echo "fetch-movielens: $src/$f: missing" >&2; exit 1; }
		cp "$src/$f" "$tmp/"
	done
	echo "not checked: a directory was given (GroupLens publishes checksums of the zips only)" >"$tmp/CHECKSUM"
elif [ -f "$src" ]; then
	unzip_into "$src"
else
	echo "fetch-movielens: $src: no such file or directory" >&2
	exit 1
fi
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$tmp" "$dest"
trap - EXIT
