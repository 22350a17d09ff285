#!/bin/sh
# plots/draw.sh SCRIPT TABLE OUT: one chart, OUT.png and OUT.svg, drawn by
# plots/SCRIPT.gp from TABLE, each under a temporary name renamed into
# place (plots/render.sh does the same for the analytics charts).
set -u
[ $# -eq 3 ] || { echo "usage: plots/draw.sh SCRIPT TABLE OUT" >&2; exit 2; }
for ext in png svg; do
	tmp=$3.tmp.$$.$ext
	case $2$tmp in *\'*) echo "plots/draw.sh: a path holds a single quote: $2" >&2; exit 1 ;; esac
	if ! gnuplot -e "in='$2'; out='$tmp'" "$(dirname "$0")/$1.gp"; then
		rm -f "$tmp"
		echo "plots/draw.sh: gnuplot failed on $1.gp ($2)" >&2
		exit 1
	fi
	mv -f "$tmp" "$3.$ext" || exit 1
done
