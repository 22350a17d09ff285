# best-baseline.awk -v k=METRIC COMPARE: the model other than als with the
# highest METRIC in reel-compare's table (the first of tied ones), as the
# key/value line "baseline<TAB>NAME".
BEGIN { FS = "\t" }
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
$1 != "als" && (b == "" || $c[k] > v) { b = $1; v = $c[k] }
END { print "baseline\t" b }
