#!/bin/sh
# model-ci.sh K NAME=PERUSER...: each model's mean Recall@K and NDCG@K over
# its test users (reel-metrics --per-user files) with a 95 % normal
# interval (mean -+ 1.96 sd / sqrt(n)), one TSV row per model, for the
# report's chart of the models side by side.
set -eu
k=$1
shift
printf 'model\tusers\trecall\trecall_lo\trecall_hi\tndcg\tndcg_lo\tndcg_hi\n'
for spec in "$@"; do
	awk -F'\t' -v m="${spec%%=*}" -v k="$k" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ n++; r = $c["recall@" k]; g = $c["ndcg@" k]; sr += r; srr += r * r; sg += g; sgg += g * g }
		function half(s, ss) { v = (ss - s * s / n) / (n - 1); return 1.96 * sqrt(v > 0 ? v : 0) / sqrt(n) }
		END { if (n < 2) exit 1; hr = half(sr, srr); hg = half(sg, sgg)
		      printf "%s\t%d\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\n", m, n, sr / n, sr / n - hr, sr / n + hr,
			sg / n, sg / n - hg, sg / n + hg }' "${spec#*=}"
done
