#!/bin/sh
# history.sh OUT DATA_SHA256: append this run's headline figures to
# OUT/history.tsv (run, data, figure, value) and write OUT/history/since.md,
# the "since last run" table: each figure of the previous run, of this one
# and the difference.  The figures: the data's size (OUT/segments/catalog.tsv),
# recall@10 and ndcg@10 of ALS and the best baselines (OUT/compare.tsv) and
# the explicit RMSE (OUT/explicit/summary.tsv).
set -eu
out=$1 data=$2
hist=$out/history.tsv
run=$(date -u +%Y-%m-%dT%H:%M:%SZ)
mkdir -p "$out/history"
[ -f "$hist" ] || printf 'run\tdata\tfigure\tvalue\n' >"$hist"
{
	awk -F'\t' '$1 == "ratings" || $1 == "users" || $1 == "items" { print $1 "\t" $2 }' \
		"$out/segments/catalog.tsv"
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == "als" || $1 == "pop" || $1 == "ease" {
			printf "%s recall@10\t%s\n%s ndcg@10\t%s\n", $1, $c["recall@10"], $1, $c["ndcg@10"] }' \
		"$out/compare.tsv"
	awk -F'\t' '$1 == "rmse" { print "explicit RMSE\t" $2 }' "$out/explicit/summary.tsv"
} | awk -F'\t' -v OFS='\t' -v run="$run" -v data="$data" '{ print run, data, $1, $2 }' >"$out/history/now.tsv"
cat "$out/history/now.tsv" >>"$hist"
# the previous run: the last run in the history before this one
awk -F'\t' -v run="$run" 'NR > 1 && $1 != run { last = $1 } END { print last }' "$hist" >"$out/history/prev"
prev=$(cat "$out/history/prev")
{
	echo "## Since the last run"
	echo
	if [ -z "$prev" ]; then
		echo "The first run recorded in \`out/history.tsv\`: nothing to compare with yet."
	else
		awk -F'\t' -v prev="$prev" -v run="$run" '
			NR > 1 && $1 == prev { p[$3] = $4; pd = $2 }
			NR > 1 && $1 == run { n[$3] = $4; order[++k] = $3; nd = $2 }
			END {
				printf "Previous run %s (data %s), this run %s (data %s%s).\n\n", prev,
					substr(pd, 1, 12), run, substr(nd, 1, 12), pd == nd ? ", unchanged" : ", changed"
				print "| figure | previous | now | difference |"
				print "|---|---:|---:|---:|"
				for (i = 1; i <= k; i++) {
					f = order[i]
					d = (f in p) ? sprintf("%+.6g", n[f] - p[f]) : "new"
					printf "| %s | %s | %s | %s |\n", f, (f in p) ? p[f] : "-", n[f], d
				}
			}' "$hist"
	fi
} >"$out/history/since.md.tmp"
mv "$out/history/since.md.tmp" "$out/history/since.md"
rm -f "$out/history/prev"
