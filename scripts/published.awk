# published.awk -v protocol=P ALS_RMSE [BPMF_RMSE] PUBLISHED: this run's mean
# RMSE of explicit ALS and of BPMF, if it ran (the mean rows of fold-rmse.awk's tables)
# with their protocol, beside the published figures of PUBLISHED
# (docs/published-rmse.tsv: system, RMSE, protocol, source), under
# PUBLISHED's header.
BEGIN { FS = "\t" }
FNR == 1 { file++ }
FILENAME != ARGV[ARGC - 1] { if ($1 == "mean") m[file] = $2; next }
FNR == 1 {
	print
	printf "reel explicit ALS (this run)\t%.4f\t%s\tout/explicit/rmse.tsv\n", m[1], protocol
	if (file > 2)
		printf "reel BPMF (this run)\t%.4f\t%s\tout/explicit/bpmf/rmse.tsv\n", m[2], protocol
	next
}
{ print }
