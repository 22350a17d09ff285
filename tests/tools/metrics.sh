#!/bin/sh
# tests/tools/metrics.sh: reel-metrics on a tiny case worked out by hand,
# bad input, usage errors, and popularity on MovieLens 100K when $ML100K
# names a copy.
. "$(dirname "$0")/../lib.sh"

# six, sixpu: the figures to six decimals, as the hand computations give
# them (reel-metrics writes them so that they read back exactly): every
# value but users of the summary; the rate columns of --per-user.
cat >six <<'EOF'
awk -F'\t' -v OFS='\t' '$1 != "users" && NF == 2 { $2 = sprintf("%.6f", $2) } { print }' "$@"
EOF
cat >sixpu <<'EOF'
awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) rate[i] = $i ~ /^(recall|precision|ndcg|map|mrr|novelty)@/ }
	NR > 1 { for (i = 1; i <= NF; i++) if (rate[i]) $i = sprintf("%.6f", $i) } { print }' "$@"
EOF

# TRAIN: 4 users (1-4), 5 items.  Raters: item 10 by 4 of 4 users (0 bits
# of self-information), 11 by 2 (1 bit), 12, 13 and 15 by 1 each (2 bits).
# Item 14 is not in TRAIN: it counts as rated by 1 user (2 bits).
rows train.tsv <<'EOF'
1 10 5
1 11 4
2 10 3
2 12 5
2 13 4
3 10 4
3 11 2
4 10 1
4 15 3
EOF

# TEST: user 1 has 3 items, user 2 one (fewer than K = 3), user 3 two (both
# below 4), user 5 one but no recommendations.  User 4 has recommendations
# but no test items: ignored (its item 15 would raise coverage@1).
rows test.tsv <<'EOF'
1 12 5
1 13 4
1 14 2
2 11 5
3 12 3
3 13 2
5 12 5
EOF

# RECS, users interleaved.  Lists by rank:
#   user 1: 12 10 14 13   user 2: 13 12 11   user 3: 13 11   user 4: 15
rows recs.tsv <<'EOF'
2 13 1 0.9
1 12 1 0.9
3 13 1 0.8
1 10 2 0.7
4 15 1 0.9
2 12 2 0.5
1 14 3 0.6
3 11 2 0.5
1 13 4 0.2
2 11 3 0.1
EOF

# Every test rating relevant: users 1, 2, 3, 5 (4 users, 3+1+2+1 = 7
# relevant items).  Hit ranks: user 1 {1, 3, 4}, user 2 {3}, user 3 {1},
# user 5 none.
# K = 1: hits u1 1, u3 1.  recall (1/3 + 0 + 1/2 + 0) / 4 = 5/24 = 0.208333;
#   micro 2/7 = 0.285714; precision, ndcg, map, mrr, hit: (1 + 0 + 1 + 0) / 4
#   = 0.5.  Top-1 items {12, 13, 13}: coverage 2 of 5 train items = 0.4;
#   novelty (2 + 2 + 2) / 3 = 2.
# K = 3 (user 1's rank 4 no longer counts):
#   recall (2/3 + 1 + 1/2 + 0) / 4 = 13/24 = 0.541667; micro 4/7 = 0.571429
#   precision (2/3 + 1/3 + 1/3 + 0) / 4 = 1/3
#   ndcg: u1 (1 + 1/log2 4) / (1 + 1/log2 3 + 1/log2 4) = 1.5 / 2.130930 =
#   0.703918; u2 (1/log2 4) / 1 = 0.5 (ideal over min(3, 1) = 1 hit); u3 1 /
#   (1 + 1/log2 3) = 0.613147; mean (0.703918 + 0.5 + 0.613147 + 0) / 4 =
#   0.454266
#   map: u1 (1/1 + 2/3) / 3 = 5/9, u2 (1/3) / 1, u3 (1/1) / 2;
#   (5/9 + 1/3 + 1/2) / 4 = 25/72 = 0.347222
#   mrr (1 + 1/3 + 1) / 4 = 7/12 = 0.583333; hit 3/4
#   top-3 items {12 10 14, 13 12 11, 13 11}: train items 10-13, 4 of 5 = 0.8;
#   novelty (2+0+2 + 2+2+1 + 2+1) / 8 = 12/8 = 1.5
check "two cut-offs with --train, by hand" \
	"reel-metrics -k 1,3 --train train.tsv recs.tsv test.tsv | sh six" \
	"users	4
recall@1	0.208333
recall_micro@1	0.285714
precision@1	0.500000
ndcg@1	0.500000
map@1	0.500000
mrr@1	0.500000
hit@1	0.500000
coverage@1	0.400000
novelty@1	2.000000
recall@3	0.541667
recall_micro@3	0.571429
precision@3	0.333333
ndcg@3	0.454266
map@3	0.347222
mrr@3	0.583333
hit@3	0.750000
coverage@3	0.800000
novelty@3	1.500000"

# --relevant-min 4: user 1 keeps {12, 13} (hit ranks 1, 4), user 2 {11}
# (rank 3), user 3 none: not evaluated, user 5 {12}: 3 users, 4 relevant.
# K = 1: recall (1/2) / 3 = 1/6; micro 1/4; precision, ndcg, map, mrr, hit
#   1/3.  Top-1 of users 1, 2, 5: {12, 13}: coverage 0.4, novelty 2.
# K = 3: recall (1/2 + 1) / 3 = 0.5; micro 2/4; precision (1/3 + 1/3) / 3 =
#   2/9; ndcg (1 / (1 + 1/log2 3) + 0.5) / 3 = (0.613147 + 0.5) / 3 =
#   0.371049; map ((1/1) / 2 + (1/3) / 1) / 3 = 5/18 = 0.277778; mrr
#   (1 + 1/3) / 3 = 4/9; hit 2/3.  Top-3 of users 1, 2: {12 10 14, 13 12 11}:
#   coverage 4/5; novelty (2+0+2 + 2+2+1) / 6 = 1.5
check "--relevant-min 4 drops user 3, by hand" \
	"reel-metrics -k 1,3 --relevant-min 4 --train train.tsv recs.tsv test.tsv | sh six" \
	"users	3
recall@1	0.166667
recall_micro@1	0.250000
precision@1	0.333333
ndcg@1	0.333333
map@1	0.333333
mrr@1	0.333333
hit@1	0.333333
coverage@1	0.400000
novelty@1	2.000000
recall@3	0.500000
recall_micro@3	0.500000
precision@3	0.222222
ndcg@3	0.371049
map@3	0.277778
mrr@3	0.444444
hit@3	0.666667
coverage@3	0.800000
novelty@3	1.500000"

# K = 5, beyond every list; no --train, so no coverage or novelty.
# Hits: u1 {1, 3, 4}, u2 {3}, u3 {1}.  recall (1 + 1 + 1/2 + 0) / 4 = 5/8;
# micro 5/7 = 0.714286; precision (3/5 + 1/5 + 1/5) / 4 = 1/4.
# ndcg: u1 (1 + 1/2 + 1/log2 5) / (1 + 1/log2 3 + 1/2) = 1.930677 / 2.130930
# = 0.906025; u2 0.5; u3 0.613147: (0.906025 + 0.5 + 0.613147) / 4 =
# 0.504793.  map: u1 (1 + 2/3 + 3/4) / 3 = 29/36, u2 1/3, u3 1/2:
# (29/36 + 12/36 + 18/36) / 4 = 59/144 = 0.409722.  mrr 7/12; hit 3/4.
check "K beyond the lists, RECS from stdin" \
	"reel-metrics -k 5 - test.tsv <recs.tsv | sh six" \
	"users	4
recall@5	0.625000
recall_micro@5	0.714286
precision@5	0.250000
ndcg@5	0.504793
map@5	0.409722
mrr@5	0.583333
hit@5	0.750000"

# The same figures whatever the order of the lines, gzip or not.
sort -r recs.tsv | gzip >shuffled.tsv.gz
reel-metrics -k 1,3 --train train.tsv recs.tsv test.tsv >plain.out 2>&1
assert "line order and gzip do not matter" \
	"reel-metrics -k 1,3 --train train.tsv shuffled.tsv.gz test.tsv | cmp -s - plain.out"
assert "K order is kept: -k 3,1 prints K = 3 first" \
	"reel-metrics -k 3,1 recs.tsv test.tsv | sed -n 2p | grep -qx 'recall@3.0.5416666666666666'"

# Ratings are held as float: R must be rounded the same way, or a rating
# of 0.7 (0.699999988 as a float) would fall below 0.7.
printf '1\t12\t0.7\n1\t13\t0.6\n' >point7.tsv
assert "--relevant-min 0.7 keeps a rating of 0.7" \
	"reel-metrics -k 1 --relevant-min 0.7 recs.tsv point7.tsv | grep -qx 'recall@1.1'"

# One row per evaluated user, sorted by id; user 5 without recommendations
# has zeros (novelty 0 for an empty list); user 3, with nothing >= 4, has
# no row.
check "--per-user rows" \
	"reel-metrics -k 1,3 --relevant-min 4 --train train.tsv --per-user pu.tsv recs.tsv test.tsv >/dev/null && sh sixpu pu.tsv" \
	"user	relevant	hits@1	recall@1	precision@1	ndcg@1	map@1	mrr@1	hit@1	novelty@1	hits@3	recall@3	precision@3	ndcg@3	map@3	mrr@3	hit@3	novelty@3
1	2	1	0.500000	1.000000	1.000000	1.000000	1.000000	1	2.000000	1	0.500000	0.333333	0.613147	0.500000	1.000000	1	1.333333
2	1	0	0.000000	0.000000	0.000000	0.000000	0.000000	0	2.000000	1	1.000000	0.333333	0.500000	0.333333	0.333333	1	1.666667
5	1	0	0.000000	0.000000	0.000000	0.000000	0.000000	0	0.000000	0	0.000000	0.000000	0.000000	0.000000	0.000000	0	0.000000"

# --rmse: errors -0.5, +1, -0.5: rmse sqrt(1.5 / 3) = 0.707107, mae 2/3.
rows scored.tsv <<'EOF'
1 10 4 881250949 3.5
1 11 2 881250950 3
2 10 5 881250951 4.5
EOF
check "--rmse" "reel-metrics --rmse scored.tsv" "n	3
rmse	0.707107
mae	0.666667"

# Malformed input: exit 1 and a located message.
printf '1\t12\t0\t0.9\n' >rank0.tsv
printf '1\t12\t1\t0.9\n1\t13\tx\t0.8\n' >rankx.tsv
printf '1\t12\t1\t0.9\n1\t13\t2\t0.8\n1\t14\t1\t0.7\n1\t12\t3\t0.6\n' >duprank.tsv
printf '1\t12\t1\t0.9\n2\t12\t1\t0.9\n1\t13\t2\t0.8\n1\t12\t3\t0.6\n' >dupitem.tsv
printf '1\t12\t1\t0.9\n1\t13\t2\n' >short.tsv
printf '1\t12\t1\tnan\n' >nan.tsv
printf '1\t12\t5\n1\t12\t4\n' >duptest.tsv
printf '1\t12\t4\n1\t13\t2.5\n' >scored3.tsv
printf '1\t12\t4\t3\n1\t13\t2.5\tnone\n' >scoredbad.tsv
: >empty.tsv
printf '8\t12\t1\t0.9\n' >strangers.tsv
table <<'EOF'
1 | reel-metrics: rank0.tsv:1: bad rank '0' (ranks start at 1) | reel-metrics -k 1 rank0.tsv test.tsv
1 | reel-metrics: rankx.tsv:2: bad rank 'x' | reel-metrics -k 1 rankx.tsv test.tsv
1 | reel-metrics: duprank.tsv:3: duplicate rank 1 for user 1 (first at line 1) | reel-metrics -k 1 duprank.tsv test.tsv
1 | reel-metrics: dupitem.tsv:4: duplicate item 12 for user 1 (first at line 1) | reel-metrics -k 1 dupitem.tsv test.tsv
1 | reel-metrics: short.tsv:2: expected 4 fields, found 3 | reel-metrics -k 1 short.tsv test.tsv
1 | reel-metrics: nan.tsv:1: bad score 'nan' | reel-metrics -k 1 nan.tsv test.tsv
1 | reel-metrics: empty.tsv: no recommendations (empty file) | reel-metrics -k 1 empty.tsv test.tsv
1 | reel-metrics: duptest.tsv:2: duplicate rating for user 1, item 12 (first at line 1) | reel-metrics -k 1 recs.tsv duptest.tsv
1 | reel-metrics: missing.tsv: No such file or directory | reel-metrics -k 1 recs.tsv missing.tsv
0 | reel-metrics: warning: no evaluated user of test.tsv has a recommendation | reel-metrics -k 1 strangers.tsv test.tsv
1 | reel-metrics: test.tsv: no relevant test rating (none >= 6) | reel-metrics -k 1 --relevant-min 6 recs.tsv test.tsv
1 | reel-metrics: scored3.tsv:1: expected at least 4 fields (user, item, rating, ..., prediction), found 3 | reel-metrics --rmse scored3.tsv
1 | reel-metrics: scoredbad.tsv:2: bad prediction 'none' | reel-metrics --rmse scoredbad.tsv
1 | reel-metrics: empty.tsv: no scored lines (empty file) | reel-metrics --rmse empty.tsv
EOF

# Usage errors: exit 2.  die_usage's message is followed by a "Try" line;
# oneline runs a command with its stderr lines joined by " / ", so a row
# can compare the whole of it.
cat >oneline <<'EOF'
"$@" 2>.oneline.err
rc=$?
awk 'NR > 1 { printf " / " } { printf "%s", $0 } END { if (NR) print "" }' .oneline.err >&2
exit $rc
EOF
try="Try 'reel-metrics --help' for more information."
table <<EOF
2 | reel-metrics: -k: expected an integer from 1 to 1000000, got '0' / $try | sh oneline reel-metrics -k 0 recs.tsv test.tsv
2 | reel-metrics: -k: expected an integer from 1 to 1000000, got '-1' / $try | sh oneline reel-metrics -k -1 recs.tsv test.tsv
2 | reel-metrics: -k: expected an integer from 1 to 1000000, got '1x' / $try | sh oneline reel-metrics -k 5,1x recs.tsv test.tsv
2 | reel-metrics: -k: expected a comma-separated list, got '1,,3' / $try | sh oneline reel-metrics -k 1,,3 recs.tsv test.tsv
2 | reel-metrics: -k: 3 given twice in '3,1,3' / $try | sh oneline reel-metrics -k 3,1,3 recs.tsv test.tsv
2 | reel-metrics: -k is required / $try | sh oneline reel-metrics recs.tsv test.tsv
2 | reel-metrics: expected RECS TEST, got 1 operand / $try | sh oneline reel-metrics -k 1 recs.tsv
2 | reel-metrics: expected RECS TEST, got 3 operands / $try | sh oneline reel-metrics -k 1 recs.tsv test.tsv train.tsv
2 | reel-metrics: --relevant-min: expected a number from -1e+30 to 1e+30, got 'high' / $try | sh oneline reel-metrics -k 1 --relevant-min high recs.tsv test.tsv
2 | reel-metrics: only one of RECS, TEST and TRAIN can be standard input / $try | sh oneline reel-metrics -k 1 --train - - test.tsv
2 | reel-metrics: --per-user cannot be standard output: the summary goes there / $try | sh oneline reel-metrics -k 1 --per-user - recs.tsv test.tsv
2 | reel-metrics: --rmse takes no other option / $try | sh oneline reel-metrics --rmse scored.tsv -k 1
2 | reel-metrics: --rmse takes no operand, got 1 / $try | sh oneline reel-metrics --rmse scored.tsv test.tsv
2 | reel-metrics: unknown option '--bogus' / $try | sh oneline reel-metrics --bogus recs.tsv test.tsv
0 |  | reel-metrics --help
0 |  | reel-metrics --version
EOF
assert "a failed run leaves no --per-user file behind" \
	"! reel-metrics -k 1 --relevant-min 6 --per-user gone.tsv recs.tsv test.tsv 2>/dev/null && ! ls gone.tsv* 2>/dev/null"
synopsis_matches metrics

# MovieLens 100K, per-user 80/20 split with seed 42: recommending every user
# the most popular training items they have not rated gives a recall@10
# near 0.11 (issue 4); a wrong denominator or an off-by-one in the cut-off
# would land far outside [0.05, 0.2].
if [ -n "${ML100K:-}" ]; then
	case $ML100K in /*) ml=$ML100K ;; *) ml=$ROOT/$ML100K ;; esac
	reel-split --seed 42 --quiet "$ml/u.data" ml-train.tsv ml-test.tsv
	# items by descending number of raters, ties by ascending id
	cut -f2 ml-train.tsv | sort -n | uniq -c | sort -k1,1nr -k2,2n | awk '{ print $2 }' >pop.txt
	awk -F'\t' -v OFS='\t' '
		FILENAME == ARGV[1] { pop[++npop] = $1; next }
		{ rated[$1, $2] = 1; if (!($1 in seen)) { seen[$1] = 1; user[++nu] = $1 } }
		END {
			for (j = 1; j <= nu; j++)
				for (i = 1; i <= npop && r[j] < 10; i++)
					if (!((user[j], pop[i]) in rated))
						print user[j], pop[i], ++r[j], npop - i
		}' pop.txt ml-train.tsv >ml-recs.tsv
	reel-metrics -k 10 --train ml-train.tsv ml-recs.tsv ml-test.tsv >ml.out 2>ml.err
	assert "ML100K popularity: all 943 users evaluated" "grep -qx 'users.943' ml.out"
	assert "ML100K popularity: 0.05 <= recall@10 <= 0.2" \
		"awk -F'\t' '\$1 == \"recall@10\" { ok = \$2 >= 0.05 && \$2 <= 0.2 } END { exit !ok }' ml.out"
fi
