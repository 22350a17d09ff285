# sweep.gp: validation Recall@K and NDCG@K of the ALS settings drawn by the
# random search (points, one colour per factors and reg-nu) and of EASE
# across lambda (a line), from out/sweep/sweep.tsv.
# gnuplot -e "in='sweep.tsv'; out='sweep'; k='10'" plots/sweep.gp  -> sweep.png, sweep.svg
set datafile separator "\t"
set key outside right top box
set logscale x
set grid
set xlabel "regularisation lambda (log scale)"
set style data linespoints
set style function linespoints

do for [fmt in "png svg"] {
	if (fmt eq "png") { set terminal pngcairo noenhanced size 1000,800 font ",10"; set output out.".png" }
	else { set terminal svg noenhanced size 1000,800 font ",10" dynamic; set output out.".svg" }
	set multiplot layout 2,1 title "Hyper-parameter sweep on the validation split (K = ".k.")"
	set ylabel "Recall@".k
	plot for [f in "32 64 128"] for [nu in "0 0.5 1"] \
		in using ((strcol(1) eq "als" && strcol(2) eq f && strcol(6) eq nu) ? $3 : NaN):7 \
		with points title sprintf("ALS k=%s nu=%s", f, nu), \
		in using ((strcol(1) eq "ease") ? $3 : NaN):7 title "EASE" lw 3 lc rgb "black"
	set ylabel "NDCG@".k
	plot for [f in "32 64 128"] for [nu in "0 0.5 1"] \
		in using ((strcol(1) eq "als" && strcol(2) eq f && strcol(6) eq nu) ? $3 : NaN):8 \
		with points title sprintf("ALS k=%s nu=%s", f, nu), \
		in using ((strcol(1) eq "ease") ? $3 : NaN):8 title "EASE" lw 3 lc rgb "black"
	unset multiplot
}
