#!/bin/sh
# probe-tsv.sh times RATINGS | genres ITEMS: what a team's own files hold,
# for pipeline.mk's HAVE_TIMES and HAVE_GENRES (plain or gzip): "yes", or
# the reason why not.  Read as the Makefile is, so it reads only the first
# line of RATINGS, and ITEMS until a genre is seen.
case $1 in
times)
	gzip -dcf "$2" | awk -F'\t' '{ print NF == 4 ? "yes" : "RATINGS has 3 fields, no timestamps"; exit }' ;;
genres)
	gzip -dcf "$2" | awk -F'\t' 'NR > 1 && $4 != "" { g = 1; exit } END { print g ? "yes" : "ITEMS lists no genres" }' ;;
*)
	echo "usage: probe-tsv.sh times RATINGS | genres ITEMS" >&2
	exit 2 ;;
esac
