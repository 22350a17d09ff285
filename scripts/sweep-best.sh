#!/bin/sh
# sweep-best.sh FAMILY TABLE: the training options of the row of TABLE
# (sweep-table.sh's) marked best for FAMILY (als or ease), on one line,
# for reel-train-als or reel-train-baseline --kind ease.  Exit 1 if no row
# is marked.
awk -F'\t' -v f="$1" '
NR > 1 && $1 == f && $NF == "best" {
	if (f == "als")
		print "--factors " $2 " --reg " $3 " --alpha " $4 " --alpha0 " $5 " --reg-nu " $6
	else
		print "--reg " $3
	found = 1
}
END { exit !found }' "$2"
