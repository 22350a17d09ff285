#!/bin/sh
# tests/tools/score.sh: reel-score on a popularity model by hand, the
# fallbacks of explicit models, agreement with reel-topk, bad input, usage.
. "$(dirname "$0")/../lib.sh"

# Raters: item 10 by 3 users, 11 by 3, 12 by 2, 13 by 1, 14 by 1.  Mean
# rating 34 / 10 = 3.4.
tiny_train train.tsv
reel-train-baseline --kind pop -o pop.bin train.tsv
check "pop: the score appended, the rest of the line unchanged" \
	"reel-score -m pop.bin train.tsv | head -4" \
	"1	10	5	3
1	11	3	3
2	10	4	3
2	12	2	2"
check "pairs of two fields, from stdin" \
	"printf '5\t13\n' | reel-score -m pop.bin" \
	"5	13	1"
check "--unknown skip drops pairs without a score" \
	"printf '1\t10\n9\t10\n1\t99\n2\t14\n' | reel-score -m pop.bin --unknown skip" \
	"1	10	3
2	14	1"

# Explicit models always predict: an unknown user gets mean + b_i, an
# unknown item mean + b_u, both unknown the mean (3.4 as a float).
reel-train-als --quiet --explicit --factors 2 --iters 3 -o ex.bin train.tsv
check "explicit: both unknown is the mean" \
	"printf '8\t99\tx\n' | reel-score -m ex.bin" \
	"8	99	x	3.4000001"
printf '8\t10\n9\t10\n8\t12\n9\t12\n1\t98\n1\t99\n8\t99\n' | reel-score -m ex.bin >fb.tsv
assert "explicit: an unknown user's score depends on the item only" \
	"awk -F'\t' 'NR == 1 || NR == 3 { s[NR] = \$3 } NR == 2 && \$3 != s[1] { exit 1 } NR == 4 && \$3 != s[3] { exit 1 }' fb.tsv"
assert "explicit: an unknown item's score depends on the user only, every score finite" \
	"awk -F'\t' 'NR == 5 { s = \$3 } NR == 6 && \$3 != s { exit 1 } \$3 !~ /^-?[0-9]/ { exit 1 }' fb.tsv"
awk -F'\t' -v OFS='\t' '{ $3 = 3; print }' train.tsv >flat.tsv
reel-train-als --quiet --explicit --factors 2 --iters 3 -o flat.bin flat.tsv
check "explicit: predictions are clipped to the training ratings' range" \
	"printf '1\t10\n1\t12\n8\t13\n8\t99\n' | reel-score -m flat.bin | cut -f3 | tr '\n' ' '" \
	"3 3 3 3 "
check "explicit: unknown users and items pass through reel-metrics --rmse" \
	"printf '8\t10\t4\n1\t99\t2\n' | reel-score -m ex.bin | reel-metrics --rmse - | head -1" \
	"n	2"

# Scores agree with reel-topk's (for ALS exactly, tests/tools/topk.sh; item-item
# models are summed in double here, in float there).
reel-synth --users 80 --items 120 --ratings 3000 --seed 4 -o syn 2>/dev/null
reel-train-als --quiet --factors 8 --iters 3 -o als.bin syn/ratings.tsv
reel-train-baseline --kind ease --reg 10 -o ease.bin syn/ratings.tsv
for m in als ease; do
	reel-topk -m $m.bin -k 5 -o $m.recs
	cut -f1,2,4 $m.recs | reel-score -m $m.bin >$m.scored
	assert "$m: reel-score agrees with reel-topk to 1e-5" \
		"awk -F'\t' '{ d = \$3 - \$4; if (d < 0) d = -d; a = \$3 < 0 ? -\$3 : \$3; if (d > 1e-5 * (a > 1 ? a : 1)) exit 1 }' $m.scored"
done
synopsis_matches score

printf '1\t10\n9\t10\n' >unknown_user.tsv
printf '1\t10\n1\t99\n' >unknown_item.tsv
printf '1\n' >one.tsv
printf '1\tx\n' >bad_item.tsv
printf '1\t10\n1\t10\t2\n' >ragged.tsv
printf '1\t10\t3\n' >model.tsv
table <<'EOF'
1 | reel-score: unknown_user.tsv:2: user 9 is not in the model (no score) | reel-score -m pop.bin unknown_user.tsv
1 | reel-score: unknown_item.tsv:2: item 99 is not in the model (no score) | reel-score -m pop.bin unknown_item.tsv
1 | reel-score: one.tsv:1: expected at least 2 fields (user, item, ...), found 1 | reel-score -m pop.bin one.tsv
1 | reel-score: bad_item.tsv:1: bad item id 'x' | reel-score -m pop.bin bad_item.tsv
1 | reel-score: ragged.tsv:2: expected 2 fields, found 3 | reel-score -m pop.bin ragged.tsv
1 | reel-score: model.tsv: not a reel binary file (bad magic) | reel-score -m model.tsv train.tsv
0 |  | rm -f o.tsv; reel-score -m pop.bin -o o.tsv unknown_user.tsv 2>/dev/null; [ ! -e o.tsv ] && [ -z "$(ls | grep tmp)" ]
2 | reel-score: missing -m MODEL\nTry 'reel-score --help' for more information. | reel-score train.tsv
2 | reel-score: --unknown: expected error or skip, got 'zero'\nTry 'reel-score --help' for more information. | reel-score -m pop.bin --unknown zero train.tsv
2 | reel-score: expected at most one PAIRS file, got 2\nTry 'reel-score --help' for more information. | reel-score -m pop.bin a b
2 | * | reel-score --bogus
0 | * | reel-score --help | grep -q '^usage: reel-score'
EOF
