# plots/forest.gp: a forest plot of every paired A/B difference from
# popularity (model - pop) with its 95 % interval; an interval that misses
# zero is a difference the data supports.  in: out/ab/verdicts.tsv
load ARG0[1:strlen(ARG0) - strlen("forest.gp")] . "common.gp"
stats in using 5 nooutput
n = STATS_records
set title "Each model minus popularity, paired on the same users, with 95 % intervals"
set xlabel "difference from popularity (model - pop)"
set yrange [n - 0.5:-0.5]
set ytics scale 0 font ",10"
set grid xtics noytics
set border 1
unset ytics
set ytics scale 0 font ",10"
set arrow from 0, graph 0 to 0, graph 1 nohead lc rgb "#888888" dt 2
plot in using "difference":0:"ci_lo":"ci_hi":ytic(sprintf("%s %s", strcol("model"), strcol("metric"))) \
        with xerrorbars pt 7 ps 0.9 lc rgb BAR
