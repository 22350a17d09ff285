#!/bin/sh
# solver-race.sh: time for each implicit solver to reach the training loss
# that Cholesky reaches after N iterations (docs/ALS.md, "iALS++").
#   scripts/solver-race.sh TRAIN K N [CAP] [BLOCKS]
# Per solver (chol, cg, and ialspp --block B for each B of the quoted
# list BLOCKS, default "64"): the first
# iteration whose full loss is at or below the target, within CAP
# iterations (default 4 N), and the seconds of the iterations up to it
# (reel-train-als's per-iteration times, loss evaluation excluded): the
# median of 3 runs, each under flock /tmp/reel-bench.lock with nice.
# Output: "solver k iters_to_target seconds_median seconds_runs final_loss"
# lines on stdout, the target first.
set -eu
cd "$(dirname "$0")/.."
train=$1 k=$2 n=$3 cap=${4:-$(($3 * 4))} blocks=${5:-64}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
# run SOLVER ITERS EXTRA...: the per-iteration "loss seconds" lines in $W/log
run() {
	s=$1 it=$2
	shift 2
	flock /tmp/reel-bench.lock nice bin/reel-train-als --threads 2 --factors "$k" \
		--solver "$s" --iters "$it" "$@" -o "$W/m.bin" "$train" 2>&1 |
		awk '/ iter [0-9]+\// { print $5, $6 }' >"$W/log"
}
# reach TARGET: "iteration seconds-so-far" of the first loss <= TARGET, or "- -"
reach() {
	awk -v t="$1" '{ s += $2 } $1 + 0 <= t + 0 { print NR, s; found = 1; exit }
		END { if (!found) print "-", "-" }' "$W/log"
}
run chol "$n"
target=$(awk 'END { print $1 }' "$W/log")
printf 'target\t%s\tchol loss after %s iterations\t%s\n' "$k" "$n" "$target"
for name in chol cg $(printf 'ialspp-b%s ' $blocks); do
	s=${name%%-b*} extra=
	[ "$s" = ialspp ] && extra="--block ${name#ialspp-b}"
	# chol's run to the target is the one already made
	# shellcheck disable=SC2086
	[ "$s" = chol ] || run "$s" "$cap" $extra
	set -- $(reach "$target")
	iters=$1 times=$2 final=$(awk 'END { print $1 }' "$W/log")
	if [ "$iters" != - ]; then
		for rep in 2 3; do
			# shellcheck disable=SC2086
			run "$s" "$iters" $extra
			times="$times $(reach "$target" | awk '{ print $2 }')"
		done
	fi
	med=$(printf '%s\n' $times | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$k" "$iters" "$med" "$(echo $times | tr ' ' ,)" "$final"
done
