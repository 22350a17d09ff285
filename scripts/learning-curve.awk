# learning-curve.awk LOG: reel-train-als --valid's progress lines ("... iter
# I/N ... recall@10 R ndcg@10 G ...") as a table of Recall@10 and NDCG@10
# after each iteration.
BEGIN { print "iter\trecall@10\tndcg@10" }
/ iter / {
	split($3, i, "/")
	for (f = 1; f < NF; f++) {
		if ($f == "recall@10")
			r = $(f + 1)
		if ($f == "ndcg@10")
			n = $(f + 1)
	}
	print i[1] "\t" r "\t" n
}
