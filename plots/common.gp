# plots/common.gp: what every chart shares, loaded by each script in plots/.
#
# A chart is drawn with  gnuplot -e "in='TABLE'; out='FILE'" plots/NAME.gp
# where TABLE is the reel-segment or reel-timeplot output the script names
# and FILE ends in .svg (SVG) or anything else (PNG: pngcairo when this
# gnuplot has it, else libgd's png).  Charts are 800 pixels wide, H high
# (a script may set H before loading this file).  Tables are read by their
# header line; "nan" cells are missing values (a gap, not a zero).
if (!exists("in") || !exists("out")) {
	print "usage: gnuplot -e \"in='TABLE'; out='IMAGE'\" SCRIPT.gp"
	exit status 2
}
if (!exists("H")) H = 520
if (strlen(out) > 4 && out[strlen(out) - 3:] eq ".svg") {
	set terminal svg size 800, H dynamic noenhanced font "Sans,12" background "white"
} else {
	if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
		set terminal pngcairo size 800, H noenhanced font "Sans,11" background "white"
	} else {
		set terminal png size 800, H font "Sans,10" background "#ffffff"
	}
}
set output out
set datafile separator "\t"
set datafile columnheaders
set datafile missing "nan"
set border 3
set tics nomirror out
set grid ytics lc rgb "#e0e0e0" lt 1
set key noautotitle
set style fill solid 0.85 noborder
BAR = "#4477aa"
ACCENT = "#cc6677"

# The directory of `in` ("" or ending in "/"): sibling tables such as
# summary.tsv are read from there.
indir = ""
do for [i = strlen(in):1:-1] {
	if (indir eq "" && in[i:i] eq "/") { indir = in[1:i] }
}
# The time zone recorded in reel-timeplot's summary.tsv beside `in`.
# In each user's own zone (reel-timeplot --users) the fallback zone is not the clock.
zone = system(sprintf("awk -F'\t' '$1 == \"mode\" { m = $2 } $1 == \"zone\" { z = $2 } END { print m == \"local\" ? \"local time of each user\" : z }' '%ssummary.tsv' 2>/dev/null", indir))
if (zone eq "") { zone = "local time" }
