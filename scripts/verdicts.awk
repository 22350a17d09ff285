# verdicts.awk MODEL-vs-pop.tsv...: reel-abtest's paired tables of each model
# against popularity side by side, a row per model and metric, the verdict
# said against popularity.
BEGIN {
	FS = "\t"
	print "model\tmetric\tpop\tmodel_value\tdifference\tci_lo\tci_hi\tp_holm\tverdict"
}
FNR == 1 {
	for (i = 1; i <= NF; i++)
		c[$i] = i
	n = split(FILENAME, p, "/")
	m = p[n]
	sub(/-vs-pop\.tsv$/, "", m)
	next
}
{
	v = $c["verdict"]
	v = v == "B wins" ? "better than pop" : v == "A wins" ? "worse than pop" : v
	printf "%s\t%s\t%s\t%s\t%+.4f\t%.4f\t%.4f\t%.3g\t%s\n", m, $1, $c["mean_a"], $c["mean_b"],
		$c["diff"], $c["ci_lo"], $c["ci_hi"], $c["p_holm"], v
}
