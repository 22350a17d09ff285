# plots/weekdays.gp: ratings by day of week and the mean rating with its
# 95 % confidence interval (users as clusters).  in: reel-timeplot's
# weekdays.tsv
H = 620
load ARG0[1:strlen(ARG0) - strlen("weekdays.gp")] . "common.gp"
stats in using "ratings" nooutput
set multiplot layout 2, 1 title sprintf("Ratings by day of week (%s; %d ratings)", zone, STATS_sum)
set xrange [0.4:7.6]
set title "share of ratings" font ",10"
set boxwidth 0.7 absolute
set ylabel "share of ratings (%)"
set yrange [0:*]
set offsets 0, 0, graph 0.05, 0
plot in using "day":(100 * column("share")):xtic(strcol("name")) with boxes lc rgb BAR
set xlabel sprintf("day of week (%s)", zone)
set title "mean rating with its 95% confidence interval (users as clusters)" font ",10"
set ylabel "mean rating (stars)"
set yrange [*:*]
set offsets 0, 0, 0, 0
plot in using "day":"mean":"ci_lo":"ci_hi":xtic(strcol("name")) with yerrorbars pt 7 ps 1 lc rgb ACCENT
unset multiplot
