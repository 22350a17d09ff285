# sweep.gp: Recall@K and NDCG@K of ALS across reg (one line per alpha and
# factors) and of EASE across lambda, from out/sweep/sweep.tsv, whose rows
# list each line's points together (NaN rows in between break the lines).
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
	set multiplot layout 2,1 title "Hyper-parameter sweep on the test split (K = ".k.")"
	set ylabel "Recall@".k
	plot for [f in "32 64 128"] for [a in "1 2 5 10"] \
		in using ((strcol(1) eq "als" && strcol(2) eq f && strcol(4) eq a) ? $3 : NaN):5 \
		title sprintf("ALS k=%s alpha=%s", f, a), \
		in using ((strcol(1) eq "ease") ? $3 : NaN):5 title "EASE" lw 3 lc rgb "black"
	set ylabel "NDCG@".k
	plot for [f in "32 64 128"] for [a in "1 2 5 10"] \
		in using ((strcol(1) eq "als" && strcol(2) eq f && strcol(4) eq a) ? $3 : NaN):6 \
		title sprintf("ALS k=%s alpha=%s", f, a), \
		in using ((strcol(1) eq "ease") ? $3 : NaN):6 title "EASE" lw 3 lc rgb "black"
	unset multiplot
}
