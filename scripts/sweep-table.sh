#!/bin/sh
# sweep-table.sh K METRICS...: make sweep's table from the validation
# metrics of each setting (files named SETTING.metrics, SETTING as
# sweep-sample.sh or ease-LAMBDA), one row a setting in the order given;
# "best" marks the best of each model family (ALS, EASE) by recall@K,
# then ndcg@K, then the first given.
k=$1
shift
awk -F'\t' -v k="$k" '
FNR == 1 { n = split(FILENAME, p, "/"); name = p[n]; sub(/\.metrics$/, "", name); order[++m] = name }
$1 == "recall@" k { rec[name] = $2 }
$1 == "ndcg@" k { ndcg[name] = $2 }
END {
	print "model\tfactors\treg\talpha\talpha0\treg_nu\trecall@" k "\tndcg@" k "\tbest"
	for (i = 1; i <= m; i++) {
		s = order[i]; split(s, w, "-"); f = w[1]
		if (!(f in b) || rec[s] > rec[b[f]] || (rec[s] == rec[b[f]] && ndcg[s] > ndcg[b[f]]))
			b[f] = s
	}
	for (i = 1; i <= m; i++) {
		s = order[i]; split(s, w, "-")
		if (w[1] == "als")
			printf "als\t%s\t%s\t%s\t%s\t%s", w[2], w[3], w[4], w[5], w[6]
		else
			printf "ease\t--\t%s\t--\t--\t--", w[2]
		printf "\t%s\t%s\t%s\n", rec[s], ndcg[s], s == b[w[1]] ? "best" : ""
	}
}' "$@"
