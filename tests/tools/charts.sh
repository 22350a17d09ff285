# Tests of the analytics charts (plots/*.gp through plots/render.sh): every
# chart is drawn from small and from realistic tables, as a valid PNG 800
# pixels wide and a valid SVG; failures are reported and leave nothing.
. "$(dirname "$0")/../lib.sh"

charts="activity days heatmap hours months popularity ratings weekdays"

# png_ok FILE: the PNG signature (89 50 4E 47 0D 0A 1A 0A), an IHDR chunk
# and a width of 800 (bytes 16..19, big-endian).
cat >png_ok <<'EOF'
sig=$(od -An -tx1 -N8 "$1" | tr -d ' \n')
ihdr=$(od -An -c -j12 -N4 "$1" | tr -d ' \n')
width=$(od -An -tu1 -j16 -N4 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
[ "$sig" = 89504e470d0a1a0a ] && [ "$ihdr" = IHDR ] && [ "$width" = 800 ] && [ $(wc -c <"$1") -gt 5000 ]
EOF
# svg_ok FILE: an XML declaration, an <svg> element 800 wide, closed.
cat >svg_ok <<'EOF'
head -1 "$1" | grep -q '^<?xml' && grep -q 'viewBox="0 0 800 ' "$1" && tail -3 "$1" | grep -q '</svg>'
EOF

# Small tables: the hand-made data of segment.sh and timeplot.sh (a genre
# nobody rated, empty segments, one month, four days).
printf 'user\tage\tgender\toccupation\tzip\n1\t17\tF\tstudent\t11111\n2\t18\tM\tstudent\t22222\n3\t30\tM\tengineer\t33333\n4\t60\tF\twriter\t44444\n5\t45\tM\tengineer\t\n' >users.tsv
printf 'item\ttitle\tyear\tgenres\n10\tA (1990)\t1990\tComedy\n20\tB (1991)\t1991\tSci-Fi\n30\tC (1992)\t1992\tComedy|Sci-Fi\n40\tD (1993)\t1993\tWestern\n' >items.tsv
printf '1\t10\t4\t18000\n1\t20\t5\t192600\n1\t30\t3\t244800\n2\t10\t2\t72600\n2\t20\t4\t295200\n3\t10\t1\t111600\n' >ratings.tsv
reel-segment --users users.tsv --items items.tsv --activity 2,3,4 -o seg ratings.tsv
reel-timeplot -o time ratings.tsv
run "sh $ROOT/plots/render.sh seg time small"
assert "small tables: render.sh exits 0 quietly" "[ $RC = 0 ] && [ ! -s .err ]"
for c in $charts; do
	assert "small tables: $c.png is a PNG 800 pixels wide" "sh png_ok small/$c.png"
	assert "small tables: $c.svg is an SVG" "sh svg_ok small/$c.svg"
done
assert "no temporary file is left" "[ \$(ls small | wc -l) = 16 ]"

# Realistic tables: MovieLens 100K when ML100K names a copy, else
# reel-synth's default data (MovieLens-sized); one of them, to keep the
# test short.
if [ -n "${ML100K:-}" ]; then
	case $ML100K in /*) ml=$ML100K ;; *) ml=$ROOT/$ML100K ;; esac
	reel-import --ml100k "$ml" -o real
else
	reel-synth -o real 2>/dev/null
fi
reel-segment --users real/users.tsv --items real/items.tsv -o real-seg real/ratings.tsv
reel-timeplot --tz America/New_York -o real-time real/ratings.tsv
run "sh $ROOT/plots/render.sh real-seg real-time big"
assert "realistic data: render.sh exits 0 quietly" "[ $RC = 0 ] && [ ! -s .err ]"
for c in $charts; do
	assert "realistic data: $c.png and $c.svg are valid" "sh png_ok big/$c.png && sh svg_ok big/$c.svg"
done
assert "the zone of summary.tsv is in the titles" "grep -q 'America/New_York' big/hours.svg"
assert "the Gini of the Lorenz chart is reel-segment's" \
	"g=\$(awk -F'\t' '\$1 == \"gini\" { printf \"%.3f\", \$2 }' real-seg/catalog.tsv); grep -q \"Gini = \$g\" big/popularity.svg"
if [ -n "${ML100K:-}" ]; then
	assert "ML100K: the Lorenz chart says Gini = 0.629" "grep -q 'Gini = 0.629' big/popularity.svg"
fi

# One chart alone, as pipeline.mk may call it; the extension picks the format.
check "one chart by hand, PNG and SVG" \
	"gnuplot -e \"in='real-time/hours.tsv'; out='one.png'\" $ROOT/plots/hours.gp && gnuplot -e \"in='real-time/hours.tsv'; out='one.svg'\" $ROOT/plots/hours.gp && sh png_ok one.png && sh svg_ok one.svg && echo valid" \
	"valid"

# Failures: exit 1 naming the chart, nothing left behind; usage: exit 2.
mkdir -p broken
cp seg/* broken/
rm broken/popularity.tsv
run "sh $ROOT/plots/render.sh broken time failed"
assert "a missing table: exit 1, the chart named" \
	"[ $RC = 1 ] && grep -q 'plots/render.sh: gnuplot failed on .*popularity.gp (broken/popularity.tsv)' .err"
assert "a failed chart leaves no temporary file" "! ls failed | grep -q tmp"
table <<EOF
2 | usage: plots/render.sh SEGDIR TIMEDIR CHARTDIR | sh $ROOT/plots/render.sh seg time
2 | usage: gnuplot -e "in='TABLE'; out='IMAGE'" SCRIPT.gp | gnuplot $ROOT/plots/hours.gp
EOF

