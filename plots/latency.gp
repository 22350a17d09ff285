# plots/latency.gp: the latency histogram of reel-loadtest --histogram.
#
#   gnuplot -e "data='hist.tsv'; out='latency'" plots/latency.gp
#
# writes out.png (pngcairo when this gnuplot has it, else png) and out.svg:
# the share of requests in each logarithmic latency bin (bars, left axis)
# and the cumulative share (line, right axis), latency on a log axis.
if (!exists("data")) data = 'hist.tsv'
if (!exists("out")) out = 'latency'
if (!exists("title")) title = 'reel-loadtest: latency of well-formed requests'

set datafile separator "\t"
set key right center
set logscale x 10
set format x "%g"
set xlabel "latency (microseconds, logarithmic bins)"
set ylabel "share of requests (%)"
set y2label "cumulative share (%)"
set yrange [0:*]
set y2range [0:100]
set ytics nomirror
set y2tics 0, 20, 100
set grid xtics ytics
set style fill solid 0.6 border -1
set title title noenhanced

# a bar from lo_us to hi_us (columns 1, 2), as tall as the bin's share
plot_box = "plot data using (sqrt($1*$2)):($4*50):1:2:(0):($4*100) with boxxyerror title 'share per bin', \
	data using 2:($5*100) axes x1y2 with steps lw 2 title 'cumulative share'"

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
	set terminal pngcairo size 900,540 noenhanced
} else {
	set terminal png size 900,540 noenhanced
}
set output out.'.png'
eval plot_box
set terminal svg size 900,540 noenhanced
set output out.'.svg'
eval plot_box
set output
