#!/bin/sh
# bare-items.sh RATINGS: an items table (docs/FORMATS.md) for a data set
# with none: each item RATINGS names (plain or gzip), by ascending id,
# titled "item ID", with no year and no genres.
set -eu
gzip -dcf "$1" | awk -F'\t' '!s[$2]++ { print $2 }' | sort -n |
	awk 'BEGIN { print "item\ttitle\tyear\tgenres" } { print $1 "\titem " $1 "\t\t" }'
