# plots/months.gp: ratings per calendar month and the mean rating with its
# 95 % confidence interval (users as clusters).  in: reel-timeplot's
# months.tsv
H = 620
load ARG0[1:strlen(ARG0) - strlen("months.gp")] . "common.gp"
stats in using "ratings" nooutput
set multiplot layout 2, 1 title sprintf("Ratings by month (%s; %d ratings)", zone, STATS_sum)
set xrange [-0.6:STATS_records - 0.4]
set xtics rotate by -45
set title "ratings per month" font ",10"
set boxwidth 0.7 absolute
set ylabel "ratings per month"
set yrange [0:*]
set offsets 0, 0, graph 0.05, 0
plot in using 0:"ratings":xtic(strcol("month")) with boxes lc rgb BAR
set xlabel sprintf("month (%s)", zone)
set title "mean rating with its 95% confidence interval (users as clusters)" font ",10"
set ylabel "mean rating (stars)"
set yrange [*:*]
set offsets 0, 0, 0, 0
plot in using 0:"mean":"ci_lo":"ci_hi":xtic(strcol("month")) with yerrorbars pt 7 ps 1 lc rgb ACCENT
unset multiplot
