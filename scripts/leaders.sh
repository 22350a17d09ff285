#!/bin/sh
# leaders.sh COMPARE METRIC: the two models of reel-compare's table COMPARE
# with the highest METRIC, the leader first, one a line (a tie goes to the
# name first in order).
set -eu
awk -F'\t' -v k="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c[k], $1 }' "$1" |
	sort -k1,1gr -k2,2 | head -n 2 | cut -d' ' -f2
