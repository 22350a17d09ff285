# plots/popularity.gp: the long tail of item popularity and its Lorenz
# curve, with the Gini coefficient.  in: reel-segment's popularity.tsv
H = 460
load ARG0[1:strlen(ARG0) - strlen("popularity.gp")] . "common.gp"
stats in using "lorenz_y" nooutput
n = STATS_records
# Gini from the Lorenz points (L_i, the share of the i least rated items;
# trapezoids of width 1/n): G = (n + 1 - 2 sum L_i) / n, the same figure
# as reel-segment's catalog.tsv.
gini = (n + 1 - 2 * STATS_sum) / n
stats in using "ratings" nooutput
total = STATS_sum
top = ceil(n / 10.0)
stats in using "top_share" every ::(top - 1)::(top - 1) nooutput
top_share = STATS_max
set multiplot layout 1, 2 title sprintf("Item popularity: %d items, %d ratings", n, total)
set title sprintf("Long tail: the top 10%% of items (%d) get %.1f%% of ratings", top, 100 * top_share) font ",10"
set xlabel "item rank (1 = most rated)"
set xrange [0:n]
step = 10.0 ** floor(log10(n)) / 2
step = step < 1 ? 1 : step
set xtics step
set ylabel "ratings per item"
set arrow 1 from top, graph 0 to top, graph 1 nohead dt 2 lc rgb ACCENT
plot in using "rank":"ratings" with filledcurves y1 = 0 lc rgb BAR
unset arrow 1
set xtics autofreq
set title sprintf("Lorenz curve: Gini = %.3f", gini) font ",10"
set xlabel "share of items, least rated first (%)"
set ylabel "share of ratings (%)"
set xrange [0:100]
set yrange [0:100]
set size ratio -1
set key top left
# the curve starts at (0, 0): no items hold no ratings
stats in using (100 * column("lorenz_x")):(100 * column("lorenz_y")) nooutput
set arrow 2 from 0, 0 to STATS_min_x, STATS_min_y nohead lw 2 lc rgb BAR
plot in using (100 * column("lorenz_x")):(100 * column("lorenz_y")) with lines lw 2 lc rgb BAR title "items", \
     x with lines dt 2 lc rgb "#888888" title "equal popularity"
unset multiplot
