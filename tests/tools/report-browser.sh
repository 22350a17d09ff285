# reel-report in a real browser: headless Chromium (Debian's package
# "chromium") loads a report with a PNG chart, two SVG charts (as images)
# and two tables.
# Every image must load, the page must hold no script, fit 800 px (a wide
# table scrolls inside its own box), and a screenshot must come out a valid,
# non-trivial PNG.  Without Chromium the test prints one "# skip" line, which
# tests/run.sh counts neither as passed nor as failed.
# CHROMIUM=PROGRAM runs another build; REPORT_SCREENSHOT=FILE keeps a copy of
# the screenshot to look at.
. "$(dirname "$0")/../lib.sh"

. "$ROOT/tests/browser.sh"
if ! have_browser; then
	echo "# skip - reel-report browser test: no chromium (Debian: apt-get install chromium)"
	exit 0
fi

gnuplot -e "set terminal png size 480,300; set output 'recall.png'; set key left;
	plot [0:10] sqrt(x) / 3 title 'ALS', x / 40 title 'popularity'"
gnuplot -e "set terminal svg size 480,300; set output 'ndcg.svg'; plot [0:10] sin(x) title 'NDCG'"
gnuplot -e "set terminal svg size 480,300; set output 'users.svg'; plot [0:10] cos(x) title 'users'"
printf 'model\trecall@10\tndcg@10\tnote\nals\t0.3012\t0.2518\tbest <b>so far</b>\npopularity\t0.1923\t0.1611\t\n' >models.tsv
awk 'BEGIN { for (r = 0; r < 3; r++) { for (c = 1; c <= 24; c++)
	printf "%s%s", (r ? c * r * 1000.5 : "column_" c), (c < 24 ? "\t" : "\n") } }' >wide.tsv
cat >report.md <<'EOF'
# reel report

Figures for **ml-100k**, the `default` run.

@table models.tsv The models against popularity
@image recall.png Recall at 10 by model
@image ndcg.svg NDCG at 10

## Wide

@table wide.tsv A table wider than the page
@image users.svg Users
EOF
run "reel-report -o report.html report.md"
assert "the report renders" "[ $RC = 0 ]"
assert "the report holds no script and refers to nothing outside" \
	"! grep -qi '<script' report.html && ! grep -Eq '(src|href)=.(https?:|//|file:)' report.html"

inspect_report report.html >result.txt
rc=$?
assert "Chromium loads the report" "[ $rc = 0 ] || { echo exit $rc; tail -5 chromium.log; false; }"
check "Chromium: every image loads, no script, the page fits 800 px" "cat result.txt" \
	"img 3 of 3 loaded (480x300 480x300 480x300); svg 0 of 0 drawn; duplicate ids 0; tables 2, 1 scrolling in its box; scripts 0; page fits 800 px: yes"

browse --window-size=800,1000 --hide-scrollbars --screenshot="$T/shot.png" "file://$T/report.html" \
	>/dev/null
rc=$?
assert "Chromium takes a screenshot" "[ $rc = 0 ] && [ -s shot.png ] || { echo exit $rc; tail -5 chromium.log; false; }"
# the signature, an IHDR chunk of 800 x 1000 (0x320 x 0x3e8), an IEND chunk at the end
check "the screenshot is a whole 800x1000 PNG" \
	"od -An -tx1 -N24 shot.png | tr -d ' \n'; echo; tail -c 8 shot.png | od -An -tx1 | tr -d ' \n'" \
	"89504e470d0a1a0a0000000d4948445200000320000003e8
49454e44ae426082"
# A blank 800x1000 page compresses to about 5 KB; text, tables and charts do not.
assert "the screenshot is not a blank page" "[ \$(wc -c <shot.png) -gt 20000 ]"
[ -n "${REPORT_SCREENSHOT:-}" ] && cp shot.png "$REPORT_SCREENSHOT"
exit 0
