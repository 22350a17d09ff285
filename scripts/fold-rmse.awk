# fold-rmse.awk FOLD.rmse...: reel-metrics --rmse files of the folds (uN.rmse,
# or umain.rmse for the main split) as one table, a row per fold and their
# mean.
BEGIN { FS = "\t" }
FNR == 1 {
	fold++
	n = split(FILENAME, p, "/")
	name[fold] = p[n]
	sub(/\.rmse$/, "", name[fold])
	sub(/^umain$/, "main", name[fold])
}
$1 == "rmse" { r[fold] = $2; s += $2 }
$1 == "mae" { m[fold] = $2; t += $2 }
END {
	print "fold\trmse\tmae"
	for (f = 1; f <= fold; f++)
		printf "%s\t%s\t%s\n", name[f], r[f], m[f]
	printf "mean\t%.6f\t%.6f\n", s / fold, t / fold
}
