#!/bin/sh
# sweep-grid.sh SWEEP K: the ALS rows of out/sweep/sweep.tsv as the grid
# that plots/sweep-heatmap.gp draws.  The search samples five dimensions
# (factors, reg, reg-nu, alpha, alpha0); the grid keeps three: one panel
# per number of factors, a column per (reg, reg-nu) pair and a row per
# alpha.  A cell holds the best validation Recall@K among the alpha0
# values sampled there (alpha0 names the one), and best is 1 on the cell
# of the setting sweep-best.sh chose.  Columns are ordered by reg-nu, then
# reg; rows and panels by value.  Cells the search did not sample are
# absent: the chart leaves them blank.
set -eu
awk -F'\t' -v k="$2" '
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
$1 == "als" {
	key = $2 SUBSEP $3 SUBSEP $6 SUBSEP $4
	v = $c["recall@" k] + 0
	if (!(key in best) || v > best[key]) { best[key] = v; a0[key] = $5 }
	if ($c["best"] == "best") chosen = key
	col[$6 SUBSEP $3] = 1; row[$4] = 1
}
function order(set, out,   m, x, y, i, j, t, p, q) {
	m = 0
	for (x in set) y[++m] = x
	for (i = 2; i <= m; i++)
		for (j = i; j > 1; j--) {
			split(y[j - 1], p, SUBSEP); split(y[j], q, SUBSEP)
			if (p[1] + 0 < q[1] + 0 || (p[1] + 0 == q[1] + 0 && p[2] + 0 <= q[2] + 0)) break
			t = y[j]; y[j] = y[j - 1]; y[j - 1] = t
		}
	for (i = 1; i <= m; i++) out[y[i]] = i - 1
}
END {
	order(col, xi); order(row, yi)
	print "factors\txi\tyi\treg\treg_nu\talpha\talpha0\trecall\tbest"
	for (key in best) {
		split(key, f, SUBSEP)
		printf "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%.4f\t%d\n", f[1], xi[f[3] SUBSEP f[2]], yi[f[4]],
			f[2], f[3], f[4], a0[key], best[key], key == chosen
	}
}' "$1" | { IFS= read -r head; printf '%s\n' "$head"; sort -t'	' -k1,1n -k2,2n -k3,3n; }
