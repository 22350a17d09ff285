# Tests of the pipeline (pipeline.mk) end to end: on small synthetic data,
# and on MovieLens 100K when $ML100K names a copy.  Each run goes to its own
# OUT and DATA directories under $T, so the tree's out/ is never touched.
. "$(dirname "$0")/../lib.sh"

MK="make -s -C $ROOT --no-print-directory"
SYN="DATASET=synth SYNTH_RATINGS=20000 DATA=$T/data"

# models record their training file's path, so runs that are compared use
# the same OUT: run, move aside, run again
run "$MK $SYN OUT=$T/run pipeline && mv run a"
assert "synthetic pipeline runs" "[ $RC = 0 ]"
[ $RC = 0 ] || cat "$T/.err"
check "every model is in the comparison table" "cut -f1 a/compare.tsv | tail -n +2 | tr '\n' ' '" \
	"als pop random genre itemknn ease rp3beta "
assert "ALS beats popularity on the planted structure (recall@10)" \
	"awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next } { r[\$1] = \$c[\"recall@10\"] } END { exit !(r[\"als\"] > r[\"pop\"]) }' a/compare.tsv"
assert "random is far below popularity" \
	"awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next } { r[\$1] = \$c[\"recall@10\"] } END { exit !(r[\"random\"] < r[\"pop\"] / 3) }' a/compare.tsv"
assert "no official folds: explicit RMSE on the main split" "[ \"\$(cut -f1 a/explicit/rmse.tsv | tr '\\n' ' ')\" = 'fold main mean ' ] && grep -q '^mean	0\.[0-9]' a/explicit/rmse.tsv"
run "$MK $SYN OUT=$T/a -q pipeline"
assert "a second make has nothing to do" "[ $RC = 0 ]"

# the sweep: settings chosen on a validation split cut from the training
# split, the chosen ones scored once on the test split (its own OUT: the
# -j2 comparison below compares whole runs)
SW="SWEEP_BUDGET=3 SWEEP_EASE='100 500' SWEEP_FACTORS=8"
run "$MK $SYN OUT=$T/sw $SW sweep"
assert "sweep runs on a budget of 3 ALS settings" "[ $RC = 0 ] && [ \$(wc -l <sw/sweep/sweep.tsv) = 6 ]"
[ $RC = 0 ] || cat "$T/.err"
assert "sweep: the validation split partitions the training split" \
	"cat sw/sweep/split/train.tsv sw/sweep/split/valid.tsv | sort | cmp -s - \$(sort sw/split/train.tsv >tr.sorted; echo tr.sorted)"
assert "sweep: one best setting per model, its options for training" \
	"[ \$(tail -n +2 sw/sweep/sweep.tsv | grep -c 'best\$') = 2 ] && grep -q '^--factors 8 --reg [0-9.]* --alpha [0-9.]* --alpha0 [0-9.]* --reg-nu [0-9.]*\$' sw/sweep/best-als.args && grep -q '^--reg [0-9]*\$' sw/sweep/best-ease.args"
check "sweep: the test split scores the two chosen settings" "cut -f1 sw/sweep/final.tsv | tr '\n' ' '" "model als ease "
assert "sweep: no setting is ranked on the test split" \
	"$MK $SYN OUT=$T/sw $SW -n -B $T/sw/sweep/sweep.tsv >sweep.n && grep -q 'sweep/valid/' sweep.n && ! grep 'sweep/valid/' sweep.n | grep -q 'split/test.tsv'"
check "sweep-sample.sh: BUDGET settings, the same every time, all with BUDGET 0" \
	"$ROOT/scripts/sweep-sample.sh 4 7 8 16 1:0 0.1:1 -- 1 2 -- 1 | cmp -s - \$($ROOT/scripts/sweep-sample.sh 4 7 8 16 1:0 0.1:1 -- 1 2 -- 1 >s.txt; echo s.txt) && wc -l <s.txt && $ROOT/scripts/sweep-sample.sh 0 7 8 16 1:0 0.1:1 -- 1 2 -- 1 | wc -l" \
	"4
8"
printf 'model\tfactors\treg\talpha\talpha0\treg_nu\trecall@10\tndcg@10\tbest\nals\t64\t1.2\t2\t0.3\t0.5\t0.18\t0.2\t\nals\t64\t1.2\t2\t3\t0.5\t0.19\t0.2\tbest\nals\t32\t50\t1\t1\t0\t0.17\t0.2\t\nals\t64\t0.03\t10\t1\t1\t0.16\t0.2\t\nease\t0\t100\t0\t0\t0\t0.2\t0.2\tbest\n' >grid.in
check "sweep-grid.sh: a cell per (factors, reg and reg-nu, alpha), the best alpha0 of it, columns by reg-nu then reg" \
	"$ROOT/scripts/sweep-grid.sh grid.in 10" \
	"factors	xi	yi	reg	reg_nu	alpha	alpha0	recall	best
32	0	0	50	0	1	1	0.1700	0
64	1	1	1.2	0.5	2	3	0.1900	1
64	2	2	0.03	1	10	1	0.1600	0"
assert "sweep-heatmap.gp draws the grid" "$ROOT/plots/draw.sh sweep-heatmap sw/sweep/grid.tsv hm && [ -s hm.png ] && [ -s hm.svg ]"

# touching an input rebuilds only what depends on it
touch "$T/data/synth/items.tsv"
check "touching items.tsv reruns only what reads it: the genre model and its evaluation, the segments" \
	"$MK $SYN OUT=$T/a -n pipeline | grep -o 'bin/reel-[a-z-]*' | sort -u | tr '\n' ' '" \
	"bin/reel-abtest bin/reel-compare bin/reel-insights bin/reel-metrics bin/reel-segment bin/reel-topk bin/reel-train-baseline "
check "...and the genre model is the only model retrained" \
	"$MK $SYN OUT=$T/a -n pipeline | grep -c 'reel-train'" "1"

# -j2 gives the same results as -j1 (timings aside: stage times, training
# seconds in the comparison, the load test's latencies, the manifest, the history of runs)
run "$MK $SYN OUT=$T/run -j2 pipeline"
assert "the pipeline runs with -j2" "[ $RC = 0 ]"
assert "-j2 gives byte-identical models, lists, metrics, tests, insights and charts" \
	"diff -r -x stages -x 'compare.*' -x load -x report -x reports -x 'manifest.tsv' -x history -x history.tsv -x headline.tsv a run >diff.out"
assert "the report is published through a link to a complete directory" \
	"[ -L run/report ] && [ -s run/report/index.html ] && [ -s run/report/summary.md ] && [ -s run/report/manifest.tsv ]"
assert "the report names every model" \
	"for m in als pop random genre itemknn ease rp3beta; do grep -q \">\$m<\" run/report/index.html || exit 1; done"
assert "the report embeds every chart and loads nothing from outside" \
	"[ \$(grep -o 'data:image/png;base64' run/report/index.html | wc -l) -ge 9 ] && ! grep -q 'src=\"http' run/report/index.html"
check "the mail's headline is the comparison table's winner" \
	"grep -o 'Recall@10 [*]*[0-9.]*' run/report/summary.md | head -1 | tr -d '*'" \
	"Recall@10 $(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["recall@10"] > b { b = $c["recall@10"] } END { printf "%.4f", b }' run/compare.tsv)"
check "the learning curve has one row per iteration, on the validation split" \
	"awk -F'\t' 'NR > 1 && \$2 > 0 && \$3 > 0' run/learning/curve.tsv | wc -l; head -1 run/learning/curve.tsv" \
	"$(sed -n 's/^ITERS ?= \([0-9]*\).*/\1/p' "$ROOT/pipeline.mk")
iter	recall@10	ndcg@10"
check "the learning curve keeps every validation user of a small data set" \
	"cmp run/learning/valid.tsv run/learning/valid-users.tsv && echo same" "same"
run "$MK $SYN OUT=$T/lu LEARN_USERS=40 $T/lu/learning/valid-users.tsv"
check "LEARN_USERS=40: every s-th validation user by id, at most 40" \
	"[ \$(cut -f1 lu/learning/valid-users.tsv | uniq | wc -l) -le 40 ] && [ \$(cut -f1 lu/learning/valid-users.tsv | uniq | wc -l) -ge 30 ] && echo ok" "ok"
assert "the mail is under 60 lines and holds every verdict" \
	"[ \$(wc -l <run/report/summary.md) -lt 60 ] && [ \$(grep -c '^| [a-z]' run/report/summary.md) = \$(wc -l <run/ab/verdicts.tsv) ]"

top2=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["recall@10"], $1 }' run/compare.tsv | sort -k1,1gr -k2,2 | head -n 2 | cut -d' ' -f2 | tr '\n' ' ')
check "synthetic: the headline compares the two models best by recall@10 ($top2), whatever they are" \
	"awk -F'\t' '\$1 == \"leader\" || \$1 == \"runner_up\" { printf \"%s \", \$2 }' run/ab/headline.tsv" "$top2"
# the pipeline's own report in a real browser, when Chromium is installed
. "$ROOT/tests/browser.sh"
if have_browser; then
	cp -r run/reports/. . && page=$(ls -d run-*/index.html | head -1)
	inspect_report "$page" >result.txt
	check "Chromium loads the run's report: every image, no script, fits 800 px" \
		"sed 's/ (.*)//; s/tables [0-9]*, [0-9]* scrolling in its box; //' result.txt" \
		"img 13 of 13 loaded; svg 0 of 0 drawn; duplicate ids 0; scripts 0; page fits 800 px: yes"
	# a laptop and a phone; the screenshots are kept in build/report-shots
	shots=$ROOT/build/report-shots
	mkdir -p "$shots"
	for size in 1280x800 390x844; do
		w=${size%x*} h=${size#*x}
		inspect_layout "$page" "$w" "$h" >layout.txt
		check "Chromium at $size: nothing wider than the screen, the headline seen without scrolling" \
			"cat layout.txt" "wider than $w px: 0; page scrolls sideways: no; headline within $h px: yes"
		browse --window-size="$w,$h" --hide-scrollbars --screenshot="$T/shot.png" "file://$T/$page" >/dev/null
		assert "a screenshot of the run's report at $size is a non-trivial PNG" \
			"[ \$(od -An -tx1 -N8 shot.png | tr -d ' \n') = 89504e470d0a1a0a ] && [ \$(wc -c <shot.png) -gt 20000 ]"
		cp shot.png "$shots/synth-$size.png"
		browse --window-size="$w,9000" --hide-scrollbars --screenshot="$T/shot.png" "file://$T/$page" >/dev/null &&
			cp shot.png "$shots/synth-$size-page.png"
	done
fi

# BPMF only up to BPMF_MAX_RATINGS: above it no BPMF stage, and the
# report's data section says why
check "BPMF_MAX_RATINGS under the data's size: no BPMF, and the data section says why" \
	"$MK $SYN BPMF_MAX_RATINGS=1000 OUT=$T/nb -n explicit | grep reel-train-bpmf | wc -l
	 $MK $SYN BPMF_MAX_RATINGS=1000 OUT=$T/nb $T/nb/dataset.md &&
	 grep '^- BPMF: skipped (20000 ratings is over BPMF_MAX_RATINGS=1000)' $T/nb/dataset.md | wc -l" \
	"$(printf '0\n1')"
# the synthetic data's options are a prerequisite of the data: new ones
# (half stars here) make it anew, the same ones leave it
HS="DATASET=synth SYNTH_RATINGS=3000 DATA=$T/hdata OUT=$T/hout"
check "SYNTH_HALF=1: the synthetic data made anew, with half stars" \
	"$MK $HS $T/hdata/synth/ratings.tsv && $MK $HS -q $T/hdata/synth/ratings.tsv &&
	 ! $MK $HS SYNTH_HALF=1 -q $T/hdata/synth/ratings.tsv && $MK $HS SYNTH_HALF=1 $T/hdata/synth/ratings.tsv &&
	 cut -f3 $T/hdata/synth/ratings.tsv | sort -u | tr '\n' ' '" \
	"0.5 1 1.5 2 2.5 3 3.5 4 4.5 5 "

[ -n "${ML100K:-}" ] || exit 0
case $ML100K in /*) ;; *) ML100K=$ROOT/$ML100K ;; esac
run "$MK ML100K=$ML100K DATA=$T/mldata OUT=$T/ml pipeline"
assert "MovieLens 100K pipeline runs" "[ $RC = 0 ]"
[ $RC = 0 ] || cat "$T/.err"
col() { awk -F'\t' -v m="$1" -v k="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $1 == m { print $c[k] }' ml/compare.tsv; }
assert "ML100K: ALS recall@10 >= 0.245 ($(col als recall@10))" "awk 'BEGIN { exit !($(col als recall@10) >= 0.245) }'"
assert "ML100K: ALS ndcg@10 >= 0.45 ($(col als ndcg@10))" "awk 'BEGIN { exit !($(col als ndcg@10) >= 0.45) }'"
assert "ML100K: popularity recall@10 near 0.11 ($(col pop recall@10))" "awk 'BEGIN { v = $(col pop recall@10); exit !(v > 0.10 && v < 0.13) }'"
assert "ML100K: random recall@10 near 0.006 ($(col random recall@10))" "awk 'BEGIN { v = $(col random recall@10); exit !(v < 0.012) }'"
assert "ML100K: EASE recall@10 >= 0.238 ($(col ease recall@10))" "awk 'BEGIN { exit !($(col ease recall@10) >= 0.238) }'"
assert "ML100K: explicit RMSE on the official folds below Surprise's SVD++ 0.919" \
	"awk -F'\t' '\$1 == \"mean\" { exit !(\$2 < 0.919) }' ml/explicit/rmse.tsv"
assert "ML100K: BPMF on the same folds at most 0.900, below explicit ALS, and in the report" \
	"awk -F'\t' 'FNR == NR && \$1 == \"mean\" { a = \$2 } FNR != NR && \$1 == \"mean\" { exit !(\$2 <= 0.900 && \$2 < a) }' ml/explicit/rmse.tsv ml/explicit/bpmf/rmse.tsv &&
	 grep -q '^| reel BPMF (this run) | 0\.[0-9]' ml/report/report.md"
check "ML100K: the headline says the leader (ALS) and the runner-up (EASE) are statistically tied" \
	"awk -F'\t' '\$1 ~ /^(leader|runner_up|tied)\$/ { print \$1, \$2 }' ml/ab/headline.tsv; grep -c 'Against the runner-up: als leads on recall@10 (0.2463 against ease.s 0.2454), but the two are statistically tied: difference +0.0009, 95% interval -0.0040 to +0.0059, p = 0.71' ml/report/report.md" \
	"leader als
runner_up ease
tied 1
1"
check "ML100K: the report states the split design's salt and the published figure's protocol" \
	"tr '\n' ' ' <ml/report/report.md | grep -c 'with the salt 42 (the run'; grep -c \"Surprise's own random 5-fold split of u.data (not u1..u5)\" ml/report/report.md" \
	"1
1"
check "ML100K: the claims table's verdicts, in the report" \
	"grep '^| [a-z1].* | \\*\\*' ml/report/report.md | awk -F' [|] ' '{ print \$1 \": \" \$4 }' | sed 's/^| //'" \
	"engineers prefer sci-fi: **not supported**
students love comedies: **not supported**
peak activity at 8 PM: **contradicted**
weekend ratings are higher: **not supported**
15% of users are cold-start, 85% are active: **contradicted**"
check "ML100K: one value per quantity: random's precision@10 reads the same in the comparison and the verdicts (0.0131, from 0.0131495)" \
	"awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next } \$1 == \"random\" { printf \"%.4f\\n\", \$c[\"precision@10\"] }' ml/compare.tsv; awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next } \$1 == \"random\" && \$2 == \"precision@10\" { printf \"%.4f\\n\", \$c[\"model_value\"] }' ml/ab/verdicts.tsv" \
	"0.0131
0.0131"

# the real data's report at both sizes, when Chromium is installed
if have_browser && [ -s ml/report/index.html ]; then
	mkdir -p mlpage && cp ml/report/index.html mlpage/index.html
	for size in 1280x800 390x844; do
		w=${size%x*} h=${size#*x}
		inspect_layout mlpage/index.html "$w" "$h" >layout.txt
		check "ML100K report at $size: nothing wider than the screen, the headline seen without scrolling" \
			"cat layout.txt" "wider than $w px: 0; page scrolls sideways: no; headline within $h px: yes"
		browse --window-size="$w,$h" --hide-scrollbars --screenshot="$ROOT/build/report-shots/ml100k-$size.png" \
			"file://$T/mlpage/index.html" >/dev/null
		browse --window-size="$w,12000" --hide-scrollbars \
			--screenshot="$ROOT/build/report-shots/ml100k-$size-page.png" "file://$T/mlpage/index.html" >/dev/null
	done
fi
