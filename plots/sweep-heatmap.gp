# plots/sweep-heatmap.gp: the ALS sweep as heatmaps of Recall@K, one panel
# per number of factors, reg across and alpha up (each swept value one
# column or row), every cell labelled; the best setting is boxed.
# in: scripts/sweep-grid.sh's table (factors, xi, yi, reg, alpha, recall, best)
H = 420
load ARG0[1:strlen(ARG0) - strlen("sweep-heatmap.gp")] . "common.gp"
stats in using "recall" nooutput
set cbrange [STATS_min:STATS_max]
stats in using "xi" nooutput
nx = STATS_max + 1
stats in using "yi" nooutput
ny = STATS_max + 1
factors = system(sprintf("awk -F'\t' 'NR > 1 && !s[$1]++ { printf \"%%s \", $1 }' '%s'", in))
set palette defined (0 "#f7fbff", 1 "#6baed6", 2 "#08306b")
unset colorbox
unset grid
set border 0
set xrange [-0.5:nx - 0.5]
set yrange [-0.5:ny - 0.5]
set xlabel "reg"
set ylabel "alpha"
set tics scale 0
eval system(sprintf("awk -F'\t' 'NR > 1 { x[$2] = $4; y[$3] = $5 } END { s = \"\"; for (i in x) s = s (s == \"\" ? \"\" : \", \") \"\\\"\" x[i] \"\\\" \" i; printf \"set xtics (%%s); \", s; s = \"\"; for (i in y) s = s (s == \"\" ? \"\" : \", \") \"\\\"\" y[i] \"\\\" \" i; printf \"set ytics (%%s)\\n\", s }' '%s'", in))
set multiplot layout 1, words(factors) title "ALS sweep: Recall@10 on the test split for each setting (darker is better; box: the best)"
do for [f in factors] {
	set title "factors ".f
	plot in using (strcol("factors") eq f ? column("xi") : NaN):"yi":(0.5):(0.5):"recall" \
	        with boxxyerror fs solid 1.0 noborder lc palette, \
	     in using (strcol("factors") eq f ? column("xi") : NaN):"yi":(sprintf("%.3f", column("recall"))) \
	        with labels font ",9" tc rgb "#cc3311", \
	     in using (strcol("factors") eq f && column("best") == 1 ? column("xi") : NaN):"yi":(0.46):(0.46) \
	        with boxxyerror fs empty border lc rgb "black" lw 3
}
unset multiplot
