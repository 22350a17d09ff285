#!/bin/sh
# headline-tsv.sh OUT K: the report's headline as key<TAB>value lines on
# stdout, from the stages' own tables: the winning model by Recall@K in
# OUT/compare.tsv, its difference from popularity with the paired 95 %
# interval and verdict (OUT/ab/verdicts.tsv), the explicit RMSE, the
# server's p99 in whole microseconds, when the run finished and the first
# 12 hex digits of the ratings' SHA-256 (OUT/manifest.tsv).
set -eu
out=$1 k=$2
col() { awk -F'\t' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) n = i; next } n { print $1 "\t" $n }' "$1"; }
winner=$(col "$out/compare.tsv" "recall@$k" | sort -t'	' -k2,2gr -k1,1 | head -1 | cut -f1)
printf 'winner\t%s\n' "$winner"
awk -F'\t' -v m="$winner" -v k="$k" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$1 == m { printf "recall\t%.4f\nndcg\t%.4f\nrecall_vs_pop\t%s\n", $c["recall@" k], $c["ndcg@" k],
		(("recall@" k "_vs_pop") in c) ? $c["recall@" k "_vs_pop"] : "--" }' "$out/compare.tsv"
awk -F'\t' -v m="$winner" -v k="$k" 'NR > 1 && $1 == m && $2 == "recall@" k {
		printf "lift\t%s\nlift_lo\t%+.4f\nlift_hi\t%+.4f\nverdict\t%s\n", $5, $6, $7, $9; found = 1 }
	END { if (!found) printf "lift\t--\nlift_lo\t--\nlift_hi\t--\nverdict\tthe winner is popularity itself\n" }' \
	"$out/ab/verdicts.tsv"
awk -F'\t' '$1 == "rmse" { printf "rmse\t%.4f\n", $2 }' "$out/explicit/summary.tsv"
awk -F'\t' '$1 == "p99_us" { printf "p99_us\t%.0f\n", $2 } $1 == "p50_us" { printf "p50_us\t%.0f\n", $2 }' \
	"$out/load/latency.tsv"
awk -F'\t' '$1 == "finished" { printf "finished\t%s\n", $2 }
	$1 ~ /^sha256 .*ratings\.tsv$/ && !s { printf "ratings_sha256\t%s\n", substr($2, 1, 12); s = 1 }' \
	"$out/manifest.tsv"
