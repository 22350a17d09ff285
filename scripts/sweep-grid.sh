#!/bin/sh
# sweep-grid.sh SWEEP K: the ALS rows of out/sweep/sweep.tsv as a grid for
# plots/sweep-heatmap.gp: each setting with the rank of its reg (xi) and
# alpha (yi) among the values swept, and best as 0 or 1.
set -eu
awk -F'\t' -v k="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $1 == "als" {
		n++; f[n] = $2; r[n] = $3; a[n] = $4; v[n] = $c["recall@" k]; b[n] = $c["best"] == "best"
		regs[$3] = 1; alphas[$4] = 1 }
	function ranks(set, out,   m, x, y, i, j, t) {
		m = 0; for (x in set) y[++m] = x + 0
		for (i = 2; i <= m; i++) for (j = i; j > 1 && y[j - 1] > y[j]; j--) { t = y[j]; y[j] = y[j - 1]; y[j - 1] = t }
		for (i = 1; i <= m; i++) out[y[i]] = i - 1
	}
	END { ranks(regs, ri); ranks(alphas, ai); print "factors\txi\tyi\treg\talpha\trecall\tbest"
	      for (i = 1; i <= n; i++) printf "%s\t%d\t%d\t%s\t%s\t%s\t%d\n", f[i], ri[r[i] + 0], ai[a[i] + 0], r[i], a[i], v[i], b[i] }' "$1"
