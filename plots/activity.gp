# plots/activity.gp: how many ratings users make, on a log scale, coloured
# by activity group.  in: reel-segment's activity.tsv
load ARG0[1:strlen(ARG0) - strlen("activity.gp")] . "common.gp"
stats in using "ratings" nooutput
set title sprintf("Ratings per user (%d users, median %g, max %g)", STATS_records, STATS_median, STATS_max)
set xlabel "ratings per user (log scale; bins a tenth of a decade wide)"
set ylabel "users"
set logscale x 10
set xtics ("1" 1, "2" 2, "5" 5, "10" 10, "20" 20, "50" 50, "100" 100, "200" 200, "500" 500, \
           "1000" 1000, "2000" 2000, "5000" 5000, "10000" 1e4, "100000" 1e5)
stats in using (column("ratings") > 0 ? column("ratings") : NaN) nooutput
set xrange [STATS_min / 1.35:STATS_max * 1.35]
set yrange [0:*]
set offsets 0, 0, graph 0.05, 0
# Bins of width w in log10: a user with n ratings counts at the bin's
# geometric centre; users with no rating cannot be shown on a log scale.
w = 0.1
bin(n) = n > 0 ? 10 ** ((floor(log10(n) / w) + 0.5) * w) : NaN
group(s) = s eq "cold-start" ? 1 : s eq "light" ? 2 : s eq "active" ? 3 : 4
set boxwidth 0.85 relative
set key top right title "activity group"
groups = "cold-start light active power"
colours = "#999999 #88ccee #4477aa #cc6677"
# Stacked bars: pass k draws the users of groups k..4, so each later pass
# covers the earlier ones except for the part of group k - 1.
plot for [k = 1:4] in using (bin(column("ratings"))):(group(strcol("activity")) >= k ? 1 : 0) \
        smooth frequency with boxes lc rgb word(colours, k) title word(groups, k)
