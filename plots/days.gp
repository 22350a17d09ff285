# plots/days.gp: the daily series: ratings and active users per day, and
# the mean rating of each day.  in: reel-timeplot's days.tsv
H = 620
load ARG0[1:strlen(ARG0) - strlen("days.gp")] . "common.gp"
stats in using "ratings" nooutput
set multiplot layout 2, 1 title sprintf("Daily series (%s; %d days, %d ratings)", zone, STATS_records, STATS_sum)
set xdata time
set timefmt "%Y-%m-%d"
set format x "%Y-%m-%d"
set xtics rotate by -30
set ylabel "ratings per day"
set y2label "active users per day"
set y2tics
set yrange [0:*]
set offsets 0, 0, graph 0.05, 0
set y2range [0:*]
set autoscale xfix
set lmargin 10
set rmargin 10
set key outside top center horizontal font ",10"
weekend(d) = strcol("weekday") eq "Sat" || strcol("weekday") eq "Sun"
plot in using "date":(weekend(0) ? NaN : column("ratings")) with impulses lw 2 lc rgb BAR title "ratings (weekday)", \
     in using "date":(weekend(0) ? column("ratings") : NaN) with impulses lw 2 lc rgb ACCENT title "ratings (Sat, Sun)", \
     in using "date":"users" axes x1y2 with lines lw 1.5 lc rgb "#222222" title "active users (right axis)"
unset y2label
unset y2tics
set xlabel sprintf("date (%s)", zone)
set ylabel "mean rating (stars)"
set yrange [*:*]
set offsets 0, 0, 0, 0
set title "mean rating of each day" font ",10"
plot in using "date":"mean" with points pt 7 ps 0.5 lc rgb BAR
unset multiplot
