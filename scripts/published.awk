# published.awk -v protocol=P RMSE PUBLISHED: this run's mean RMSE (the mean
# row of fold-rmse.awk's table RMSE) with its protocol, beside the published
# figures of PUBLISHED (docs/published-rmse.tsv: system, RMSE, protocol,
# source), under PUBLISHED's header.
BEGIN { FS = "\t" }
FNR == NR { if ($1 == "mean") m = $2; next }
FNR == 1 {
	print
	printf "reel explicit ALS (this run)\t%.4f\t%s\tout/explicit/rmse.tsv\n", m, protocol
	next
}
{ print }
