# plots/heatmap.gp: the occupation x genre lift heatmap; a dot marks the
# cells where the occupation prefers the genre by the rule of
# docs/ANALYTICS.md.  in: reel-segment's occupation-lift.tsv
H = 760
load ARG0[1:strlen(ARG0) - strlen("heatmap.gp")] . "common.gp"
stats in using "row" nooutput
nrows = STATS_max + 1
stats in using "col" nooutput
ncols = STATS_max + 1
set title "Genre lift by occupation: share of the occupation's ratings in the genre / share of all ratings"
set xlabel "genre"
set ylabel "occupation (users)"
set xrange [-0.5:ncols - 0.5]
set yrange [nrows - 0.5:-0.5]
set xtics rotate by -50 scale 0 font ",10"
set ytics scale 0 font ",10"
set border 0
unset grid
# log2 of the lift, clipped to 1/2 .. 2; a genre nobody rated is white
set cbrange [-1:1]
set cbtics ("0.5x" -1, "0.71x" -0.5, "1x" 0, "1.41x" 0.5, "2x" 1)
set cblabel "lift (log scale)"
set palette defined (-1 "#2166ac", 0 "#f7f7f7", 1 "#b2182b")
clip(x) = x < -1 ? -1 : x > 1 ? 1 : x
shade(l) = l > 0 ? clip(log(l) / log(2)) : (l == 0 ? -1 : 0)
set key outside bottom center
plot in using "col":"row":(shade(column("lift"))) with image, \
     in using "col":"row":(""):xtic(strcol("genre")):ytic(sprintf("%s (%d)", strcol("occupation"), column("users"))) \
        with labels, \
     in using "col":(column("prefers") == 1 ? column("row") : NaN) \
        with points pt 7 ps 1.2 lc rgb "black" title "prefers: lift >= 1.1, Holm-adjusted p < 0.01, >= 20 users"
