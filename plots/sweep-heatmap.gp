# plots/sweep-heatmap.gp: the ALS sweep as heatmaps of validation Recall@K,
# one panel per number of factors (stacked, so that every cell has room
# for its label), a column per (reg, reg-nu) pair and a row per alpha; a
# cell is the best over the alpha0 values sampled there, blank where the
# random search drew nothing; the setting chosen is boxed.
# in: scripts/sweep-grid.sh's table
# (factors, xi, yi, reg, reg_nu, alpha, alpha0, recall, best)
factors = system(sprintf("awk -F'\t' 'NR > 1 && !s[$1]++ { printf \"%%s \", $1 }' '%s'", in))
H = 120 + 250 * words(factors)
load ARG0[1:strlen(ARG0) - strlen("sweep-heatmap.gp")] . "common.gp"
stats in using "recall" nooutput
set cbrange [STATS_min:STATS_max]
# labels turn white where the palette is past its middle colour
mid = (STATS_min + STATS_max) / 2
stats in using "xi" nooutput
nx = STATS_max + 1
stats in using "yi" nooutput
ny = STATS_max + 1
set palette defined (0 "#f7fbff", 1 "#6baed6", 2 "#08306b")
unset colorbox
unset grid
set border 0
set xrange [-0.5:nx - 0.5]
set yrange [-0.5:ny - 0.5]
set ylabel "alpha"
set tics scale 0
set xtics font ",9"
eval system(sprintf("awk -F'\t' 'NR > 1 { x[$2] = $4 \" nu \" $5; y[$3] = $6 } END { s = \"\"; for (i in x) s = s (s == \"\" ? \"\" : \", \") \"\\\"\" x[i] \"\\\" \" i; printf \"set xtics (%%s); \", s; s = \"\"; for (i in y) s = s (s == \"\" ? \"\" : \", \") \"\\\"\" y[i] \"\\\" \" i; printf \"set ytics (%%s)\\n\", s }' '%s'", in))
set multiplot layout words(factors), 1 title "ALS sweep: Recall@10 on the validation split (darker is better; blank: not sampled; box: chosen)"
do for [f in factors] {
	set title "factors ".f
	set xlabel (f eq word(factors, words(factors)) ? "reg, reg-nu" : "")
	plot in using (strcol("factors") eq f ? column("xi") : NaN):"yi":(0.5):(0.5):"recall" \
	        with boxxyerror fs solid 1.0 noborder lc palette, \
	     in using (strcol("factors") eq f && column("recall") >= mid ? column("xi") : NaN):"yi":(sprintf("%.3f", column("recall"))) \
	        with labels font ",9" tc rgb "white", \
	     in using (strcol("factors") eq f && column("recall") < mid ? column("xi") : NaN):"yi":(sprintf("%.3f", column("recall"))) \
	        with labels font ",9" tc rgb "black", \
	     in using (strcol("factors") eq f && column("best") == 1 ? column("xi") : NaN):"yi":(0.46):(0.46) \
	        with boxxyerror fs empty border lc rgb "black" lw 3
}
unset multiplot
