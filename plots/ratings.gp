# plots/ratings.gp: the rating histogram.  in: reel-segment's rating-dist.tsv
load ARG0[1:strlen(ARG0) - strlen("ratings.gp")] . "common.gp"
stats in using "rating" nooutput
set xrange [STATS_min - 0.7:STATS_max + 0.7]
stats in using "count" nooutput
set title sprintf("Rating distribution (%d ratings)", STATS_sum)
set xlabel "rating (stars)"
set ylabel "share of ratings (%)"
set yrange [0:*]
set offsets 0, 0, graph 0.15, 0
set xtics 0.5
set boxwidth 0.35 absolute
plot in using "rating":(100 * column("share")) with boxes lc rgb BAR, \
     in using "rating":(100 * column("share")):(sprintf("%.1f%%\n(%d)", 100 * column("share"), column("count"))) \
        with labels offset 0, 1.5 font ",10"
