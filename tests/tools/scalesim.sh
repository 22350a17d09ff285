#!/bin/sh
# tests/tools/scalesim.sh: reel-scalesim --quick on tiny sizes (seconds):
# the tables' shape, the fit recomputed from the measurements with awk, the
# memory verdict, the chart, and the errors.  Times are not asserted (the
# machine is shared and tiny runs measure process start-up).
. "$(dirname "$0")/../lib.sh"

run "reel-scalesim --quick --quiet -o study"
assert "--quick: exit 0, nothing on stderr" "[ $RC = 0 ] && [ ! -s .err ]"
check "measurements: a row per step and size, sizes ascending" \
	"cut -f1,2 study/measurements.tsv | tr '\t\n' ' ;'" \
	"step ratings;train 3000;train 6000;train 12000;train 24000;topk 3000;topk 6000;topk 12000;topk 24000;"
check "measurements: users and items as reel-synth wrote them (3000 ratings: 28 and 215)" \
	"sed -n 2p study/measurements.tsv | cut -f3,4" "28	215"
assert "measurements: every time and peak memory above 0" \
	"awk -F'\t' 'NR > 1 && !(\$5 > 0 && \$6 > 0) { bad = 1 } END { exit bad }' study/measurements.tsv"
check "fit: three models per step" "cut -f1-4 study/fit.tsv | tr '\t\n' ' ;'" \
	"step quantity model points;train seconds power 4;train peak_bytes power 4;train peak_bytes linear 4;topk seconds power 4;topk peak_bytes power 4;topk peak_bytes linear 4;"

# Least squares on the logs, by hand: b = Sxy / Sxx, log a = mean y - b mean x,
# se(b) = sqrt(SSE / (n - 2) / Sxx); interval b +- t(0.975, 2) se, where for 2 df
# t(p) = (2p - 1) / sqrt(2p (1 - p)) exactly: t(0.975) = 4.302652729749464.
cat >fit.awk <<'EOF'
FILENAME == ARGV[1] && FNR > 1 { n[$1]++; x[$1, n[$1]] = log($2); y[$1, n[$1]] = log($5); next }
FILENAME == ARGV[2] && $2 == "seconds" {
	s = $1; k = n[s]; mx = my = 0
	for (i = 1; i <= k; i++) { mx += x[s, i] / k; my += y[s, i] / k }
	sxx = sxy = 0
	for (i = 1; i <= k; i++) { sxx += (x[s, i] - mx) ^ 2; sxy += (x[s, i] - mx) * (y[s, i] - my) }
	b = sxy / sxx; la = my - b * mx; sse = 0
	for (i = 1; i <= k; i++) sse += (y[s, i] - la - b * x[s, i]) ^ 2
	se = sqrt(sse / (k - 2) / sxx)
	want[1] = exp(la); want[2] = b; want[3] = se; want[4] = b - 4.302652729749464 * se; want[5] = b + 4.302652729749464 * se
	for (j = 1; j <= 5; j++) {
		got = $(4 + j); d = got - want[j]; if (d < 0) d = -d
		scale = want[j] < 0 ? -want[j] : want[j]
		if (d > 1e-9 * (scale > 1 ? scale : 1)) { printf "%s column %d: got %s, by hand %.17g\n", s, 4 + j, got, want[j]; bad = 1 }
	}
	rows++
}
END { exit bad || rows != 2 }
EOF
assert "fit: a, b, se(b) and b's interval agree with least squares on the logs by hand" \
	"awk -F'\t' -f fit.awk study/measurements.tsv study/fit.tsv"
check "projection: 100M and 1B ratings per step, users and items by reel-synth's rule" \
	"cut -f1-4 study/projection.tsv | tr '\t\n' ' ;'" \
	"step ratings users items;train 100000000 943396 106127;topk 100000000 943396 106127;train 1000000000 9433962 422499;topk 1000000000 9433962 422499;"
assert "projection: the time lies in its interval; fits says peak_bytes <= memory (64 GiB)" \
	"awk -F'\t' 'NR > 1 { if (!(\$6 <= \$5 && \$5 <= \$7) || \$10 != 68719476736 ||
		\$11 != (\$8 <= \$10 ? \"yes\" : \"no\")) bad = 1 } END { exit bad || NR != 5 }' study/projection.tsv"
assert "the work directory is gone" "[ ! -e study/work ]"
if command -v gnuplot >/dev/null 2>&1; then
	assert "chart: scale.png is a PNG, scale.svg an SVG" \
		"head -c 8 study/scale.png | od -An -c | grep -q 'P   N   G' && grep -q '<svg' study/scale.svg"
fi

run "reel-scalesim --quick --quiet --sizes 2000,4000,8000 --memory 1K --keep --no-chart -o small"
assert "--memory 1K: nothing fits" "[ $RC = 0 ] && [ \"\$(cut -f11 small/projection.tsv | sort -u | tr '\n' ' ')\" = 'fits no ' ]"
assert "--keep keeps the data and models" \
	"[ -s small/work/4000/ratings.tsv ] && [ -s small/work/4000/model.bin ] && [ ! -e small/scale.png ]"

table <<'EOF'
1 | reel-scalesim: 2 distinct sizes cannot give a fit with an interval: give at least 3 to --sizes | reel-scalesim --quick --sizes 3000,6000 -o few
1 | reel-scalesim: 2 distinct sizes cannot give a fit with an interval: give at least 3 to --sizes | reel-scalesim --quick --sizes 3000,6000,3000 -o few
2 | reel-scalesim: missing -o OUTDIR\nTry 'reel-scalesim --help' for more information. | reel-scalesim --quick
2 | reel-scalesim: --memory: expected bytes with an optional K, M, G or T, got '12X'\nTry 'reel-scalesim --help' for more information. | reel-scalesim --memory 12X -o x
2 | reel-scalesim: --memory: expected bytes with an optional K, M, G or T, got 'G'\nTry 'reel-scalesim --help' for more information. | reel-scalesim --memory G -o x
2 | * | reel-scalesim --sizes 10,20,30 -o x
2 | * | reel-scalesim --reps 0 -o x
2 | reel-scalesim: no operand expected, got 'extra'\nTry 'reel-scalesim --help' for more information. | reel-scalesim -o x extra
0 |  | reel-scalesim --help
0 |  | reel-scalesim --version
EOF
assert "a refused study leaves no directory" "[ ! -e few ] && [ ! -e x ]"
printf 'x' >afile
table <<'EOF'
1 | reel-scalesim: afile: not a directory | reel-scalesim --quick -o afile
EOF
synopsis_matches scalesim
