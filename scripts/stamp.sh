#!/bin/sh
# stamp.sh FILE STAMP: STAMP holds FILE's SHA-256; it is rewritten only
# when the checksum changes, so that Make, which compares times, reruns
# what depends on STAMP when FILE's bytes change, and not when FILE is
# merely rewritten with the same bytes (a nightly export) nor missed when
# new bytes come with an old time (cp -p, rsync -t).  The pipeline runs
# this as the Makefile is read, so make -q and make -n see the truth.
set -eu
file=$1 stamp=$2
if [ ! -r "$file" ]; then
	echo "stamp: $file: no such file or not readable" >&2
	exit 1
fi
mkdir -p "$(dirname "$stamp")"
sum=$(sha256sum <"$file" | cut -d' ' -f1)
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && exit 0
echo "$sum" >"$stamp.tmp.$$" && mv "$stamp.tmp.$$" "$stamp"
