# rmse-summary.awk: the mean row of fold-rmse.awk's table as key<TAB>value
# lines, for the report's sentences.
BEGIN { FS = "\t" }
$1 == "mean" { printf "rmse\t%s\nmae\t%s\n", $2, $3 }
