# plots/hours.gp: ratings by hour of day and the mean rating with its 95 %
# confidence interval (users as clusters).  in: reel-timeplot's hours.tsv
H = 620
load ARG0[1:strlen(ARG0) - strlen("hours.gp")] . "common.gp"
stats in using "ratings" nooutput
set multiplot layout 2, 1 title sprintf("Ratings by hour of day (%s; %d ratings)", zone, STATS_sum)
set xrange [-0.6:23.6]
set xtics 0, 1, 23
set title "share of ratings" font ",10"
set boxwidth 0.8 absolute
set ylabel "share of ratings (%)"
set yrange [0:*]
set offsets 0, 0, graph 0.05, 0
plot in using "hour":(100 * column("share")) with boxes lc rgb BAR
set xlabel sprintf("hour of day (%s)", zone)
set title "mean rating with its 95% confidence interval (users as clusters)" font ",10"
set ylabel "mean rating (stars)"
set yrange [*:*]
set offsets 0, 0, 0, 0
plot in using "hour":"mean":"ci_lo":"ci_hi" with yerrorbars pt 7 ps 0.8 lc rgb ACCENT
unset multiplot
