# plots/scale.gp: reel-scalesim's measurements and fits on log-log axes.
#
#   gnuplot -e "dir='OUTDIR'; a_train=A; b_train=B; a_topk=A; b_topk=B; \
#               m0_train=C0; m1_train=C1; m0_topk=C0; m1_topk=C1; memory=BYTES" plots/scale.gp
#
# reel-scalesim runs it with the fitted values; it reads DIR/measurements.tsv
# and writes DIR/scale.png (pngcairo when this gnuplot has it, else png)
# and DIR/scale.svg.  Left: wall seconds against ratings, the measured
# points and the power laws a N^b extended to 1B ratings.  Right: peak
# resident memory, the points and the linear bytes models c0 + c1 N, with
# the machine's memory as a horizontal line.
if (!exists("dir")) dir = '.'
data = dir.'/measurements.tsv'

set datafile separator "\t"
set logscale xy 10
set format x "10^{%T}"
set format y "10^{%T}"
set xrange [*:1.5e9]
set xlabel "ratings"
set grid xtics ytics
set key top left
set samples 200

panels = "set title 'wall time'; set ylabel 'seconds'; \
	set key top left; plot data using (strcol(1) eq 'train' ? $2 : NaN):5 with points pt 7 ps 1.3 lc 1 title 'training (measured)', \
	     a_train * x**b_train with lines lc 1 dt 2 title sprintf('training fit: N^{%.2f}', b_train), \
	     data using (strcol(1) eq 'topk' ? $2 : NaN):5 with points pt 5 ps 1.3 lc 2 title 'top-K, all users (measured)', \
	     a_topk * x**b_topk with lines lc 2 dt 2 title sprintf('top-K fit: N^{%.2f}', b_topk); \
	set title 'peak memory (RSS)'; set ylabel 'bytes'; set key bottom right; \
	plot data using (strcol(1) eq 'train' ? $2 : NaN):6 with points pt 7 ps 1.3 lc 1 title 'training (measured)', \
	     m0_train + m1_train * x with lines lc 1 dt 2 title 'training: c0 + c1 N', \
	     data using (strcol(1) eq 'topk' ? $2 : NaN):6 with points pt 5 ps 1.3 lc 2 title 'top-K (measured)', \
	     m0_topk + m1_topk * x with lines lc 2 dt 2 title 'top-K: c0 + c1 N', \
	     memory with lines lc 0 lw 2 title 'one machine'"

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
	set terminal pngcairo size 1200,520 enhanced
} else {
	set terminal png size 1200,520 enhanced
}
set output dir.'/scale.png'
set multiplot layout 1,2
eval panels
unset multiplot
set terminal svg size 1200,520 enhanced
set output dir.'/scale.svg'
set multiplot layout 1,2
eval panels
unset multiplot
set output
