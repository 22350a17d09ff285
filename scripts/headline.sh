#!/bin/sh
# headline.sh OUT: the run's headline figures on one line, from the
# comparison table and the explicit RMSE (for make's closing line).
out=${1:-out}
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ r[$1] = $(col["recall@10"]); n[$1] = $(col["ndcg@10"]) }
	END { printf "ALS recall@10 %.4f ndcg@10 %.4f (pop %.4f, EASE %.4f)", r["als"], n["als"], r["pop"], r["ease"] }' \
	"$out/compare.tsv"
if [ -f "$out/explicit/rmse.tsv" ]; then
	awk -F'\t' '$1 == "mean" { printf ", explicit RMSE %.4f", $2 }' "$out/explicit/rmse.tsv"
fi
if [ -f "$out/report/index.html" ]; then
	printf ', report %s/report/index.html' "$out"
fi
echo
