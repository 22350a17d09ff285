#!/bin/sh
# tests/tools/baseline.sh: reel-train-baseline's models by hand (pop,
# genre, item-kNN), seeded random factors, fold-in through reel-topk
# --serve, bad input, usage, and every kind on MovieLens 100K when $ML100K
# names a copy.
. "$(dirname "$0")/../lib.sh"

tiny_train train.tsv
run "reel-train-baseline --kind pop -o pop.bin train.tsv"
assert "pop: exit 0, nothing on stderr" "[ $RC = 0 ] && [ ! -s .err ]"
check "pop: the score of an item is its number of raters" \
	"printf '1\t10\n1\t11\n1\t12\n1\t13\n1\t14\n' | reel-score -m pop.bin | cut -f3 | tr '\n' ' '" \
	"3 3 2 1 1 "
check "pop: a new user's fold-in is x = 1" \
	"printf '77 12\n' | reel-topk -m pop.bin -k 2 --serve" \
	"77	10	1	3
77	11	2	3"

# Genres in order of first appearance: Western (column 0), Drama (1),
# Comedy (2), read from lines whose ids are neither sorted nor dense, so
# that a lookup by line instead of by id would show.
printf 'item\ttitle\tyear\tgenres\n40\tForty\t1990\tWestern\n7\tSeven\t1991\tDrama|Western\n19\tNineteen\t1992\tDrama\n3\tThree\t1993\tComedy|Drama|Western\n25\tNone\t\t\n' >items.tsv
rows genre.tsv <<'EOF'
1 40 4
2 19 2
2 40 2
3 7 5
3 25 3
4 3 1
5 25 4
EOF
reel-train-baseline --kind genre --items items.tsv -o genre.bin genre.tsv
# user 1 rated only 40, a Western: its profile is (1, 0, 0), so its score
# of an item is the item's Western weight: 3 1/sqrt3, 7 1/sqrt2, 19 0,
# 25 0 (no genres), 40 1.  User 5 rated only 25: zero profile, all 0.
check "genre: the profile against each item's genres, by id" \
	"printf '1\t3\n1\t7\n1\t19\n1\t25\n1\t40\n5\t3\n5\t40\n' | reel-score -m genre.bin | cut -f3 | tr '\n' ' '" \
	"0.577350259 0.707106769 0 0 1 0 0 "
printf '1\n' >user1.txt
check "genre: the same history folded in gives the same list" \
	"reel-topk -m genre.bin -k 4 --exclude genre.tsv --users user1.txt | cut -f2-4; printf '9 40:4\n' | reel-topk -m genre.bin -k 4 --serve | grep . | cut -f2-4" \
	"7	1	0.707106769
3	2	0.577350259
19	3	0
25	4	0
7	1	0.707106769
3	2	0.577350259
19	3	0
25	4	0"
# profile 3 (0,1,0) + 1 (1,0,0): score of 7 = 4 / (sqrt2 sqrt10) = 0.894427
check "genre: a user's ratings weight the profile" \
	"printf '9 19:3 40:1\n' | reel-topk -m genre.bin -k 1 --serve | cut -f2,4 | cut -c1-8" \
	"7	0.8944"
printf 'item\ttitle\tyear\tgenres\n40\tForty\t1990\tWestern\n' >few.tsv

# random: seeded, and a user's factors depend only on the seed and the id
reel-train-baseline --kind random --seed 9 -o r1.bin train.tsv
reel-train-baseline --kind random --seed 9 --threads 1 -o r2.bin train.tsv
reel-train-baseline --kind random --seed 10 -o r3.bin train.tsv
assert "random: the same seed gives the same bytes" "cmp -s r1.bin r2.bin"
assert "random: another seed, another model" "! cmp -s r1.bin r3.bin"
reel-topk -m r1.bin -k 3 --exclude train.tsv >rb.tsv
awk -F'\t' '{ h[$1] = h[$1] " " $2 } END { for (u in h) print u h[u] }' train.tsv | sort -n >hist.txt
cut -f1-3 rb.tsv >rb.cut
assert "random: fold-in of a user's id gives that user's list" \
	"reel-topk -m r1.bin -k 3 --serve <hist.txt | grep . | cut -f1-3 | cmp -s - rb.cut"

# item-item: known users as batch, and a history equal to a user's own
# gives exactly that user's list
reel-train-baseline --kind itemknn --neighbours 2 -o knn.bin train.tsv
reel-train-baseline --kind ease --reg 1 -o ease.bin train.tsv
reel-train-baseline --kind rp3beta --neighbours 2 -o rp3.bin train.tsv
for m in knn ease rp3; do
	reel-topk -m $m.bin -k 2 --exclude train.tsv >$m.recs
	assert "$m: known users served as in batch" \
		"cut -f1 train.tsv | sort -u | reel-topk -m $m.bin -k 2 --exclude train.tsv --serve | grep . | cmp -s - $m.recs"
	assert "$m: each user's own history as a request gives its batch list" \
		"reel-topk -m $m.bin -k 2 --serve <hist.txt | grep . | cmp -s - $m.recs"
done
# user 1 (items 10, 11) with 2 neighbours: 10 keeps 11 (2/3) and 13
# (1/sqrt3); 11 keeps 10 (2/3) and 13 (1/sqrt3): score(13) = 2/sqrt3
check "itemknn: scores are sums of stored neighbours" \
	"printf '1\t13\n1\t12\n' | reel-score -m knn.bin" \
	"1	13	1.15470052
1	12	0"
# EASE on the most popular items: the same model as EASE trained on those
# items' ratings alone, and the cut in its params
reel-train-baseline --kind ease --reg 1 --max-items 2 -o ease2.bin train.tsv
top2=$(cut -f2 train.tsv | sort | uniq -c | sort -k1,1nr -k2,2n | head -2 | awk '{ printf "%s ", $2 }')
awk -F'\t' -v keep="$top2" 'BEGIN { split(keep, k, " "); for (i in k) ok[k[i]] = 1 } ok[$2]' train.tsv >top2.tsv
reel-train-baseline --kind ease --reg 1 -o ease2ref.bin top2.tsv
check "ease --max-items: the cut recorded" \
	"reel-inspect ease2.bin | awk -F'\t' '\$2 ~ /^items_/ { printf \"%s=%s \", \$2, \$3 }'" \
	"items_kept=2 items_total=$(cut -f2 train.tsv | sort -u | wc -l) "
check "ease --max-items: the scores of EASE on the kept items' ratings" \
	"reel-score -m ease2.bin top2.tsv | cmp - \$(reel-score -m ease2ref.bin -o ref.scored top2.tsv; echo ref.scored) && echo same" \
	"same"
synopsis_matches train-baseline

printf '1\t10\t5\n1\t10\t4\n' >dup.tsv
table <<'EOF'
1 | reel-train-baseline: few.tsv: item 3 of the ratings is not in the table | reel-train-baseline --kind genre --items few.tsv -o g.bin genre.tsv
1 | reel-train-baseline: dup.tsv:2: duplicate rating for user 1, item 10 (first at line 1) | reel-train-baseline --kind pop -o p.bin dup.tsv
1 | reel-train-baseline: missing.tsv: No such file or directory | reel-train-baseline --kind pop -o p.bin missing.tsv
1 | reel-train-baseline: missing.tsv: No such file or directory | reel-train-baseline --kind genre --items missing.tsv -o p.bin train.tsv
0 |  | reel-train-baseline --kind genre --items few.tsv -o g.bin genre.tsv 2>/dev/null; [ ! -e g.bin ] && [ -z "$(ls | grep tmp)" ]
2 | reel-train-baseline: --kind genre needs --items ITEMS\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind genre -o g.bin train.tsv
2 | reel-train-baseline: --items applies to --kind genre only\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind pop --items items.tsv -o g.bin train.tsv
2 | reel-train-baseline: --neighbours applies to --kind itemknn and rp3beta only\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind ease --neighbours 5 -o g.bin train.tsv
2 | reel-train-baseline: --alpha and --beta apply to --kind rp3beta only\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind itemknn --beta 0.5 -o g.bin train.tsv
2 | reel-train-baseline: --alpha: expected a number from 0 to 10, got '-1'\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind rp3beta --alpha -1 -o g.bin train.tsv
2 | reel-train-baseline: --reg applies to --kind ease only\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind itemknn --reg 5 -o g.bin train.tsv
2 | reel-train-baseline: --max-items applies to --kind ease only\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind itemknn --max-items 5 -o g.bin train.tsv
2 | reel-train-baseline: --seed applies to --kind random only\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind pop --seed 5 -o g.bin train.tsv
2 | reel-train-baseline: --kind: expected pop, random, genre, itemknn, ease or rp3beta, got 'svd'\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind svd -o g.bin train.tsv
2 | reel-train-baseline: missing --kind\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline -o g.bin train.tsv
2 | reel-train-baseline: missing -o MODEL\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind pop train.tsv
2 | reel-train-baseline: expected one TRAIN file, got 0\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind pop -o g.bin
2 | reel-train-baseline: --neighbours: expected an integer from 1 to 1000000, got '0'\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind itemknn --neighbours 0 -o g.bin train.tsv
2 | reel-train-baseline: --reg: expected a number from 0 to 1e+12, got '-1'\nTry 'reel-train-baseline --help' for more information. | reel-train-baseline --kind ease --reg -1 -o g.bin train.tsv
2 | * | reel-train-baseline --bogus
0 | * | reel-train-baseline --help | grep -q '^usage: reel-train-baseline'
EOF

# ---- MovieLens 100K: every kind, through reel-metrics ----
if [ -n "${ML100K:-}" ]; then
	case $ML100K in /*) ml=$ML100K ;; *) ml=$ROOT/$ML100K ;; esac
	reel-split --seed 42 --quiet "$ml/u.data" ml-train.tsv ml-test.tsv
	reel-import --ml100k "$ml" -o ml 2>/dev/null
	for kind in random genre itemknn ease rp3beta; do
		extra=
		[ $kind = genre ] && extra="--items ml/items.tsv"
		reel-train-baseline --kind $kind $extra -o ml-$kind.bin ml-train.tsv
		reel-topk -m ml-$kind.bin -k 10 --exclude ml-train.tsv -o ml-$kind.recs
		reel-metrics -k 10 ml-$kind.recs ml-test.tsv >ml-$kind.out
	done
	# recall@10 measured: random 0.0055, genre 0.0197, itemknn 0.1896, ease 0.2454,
	# rp3beta 0.2170
	for want in "random 0 0.015" "genre 0.012 0.03" "itemknn 0.17 0.22" "ease 0.24 0.26" \
		"rp3beta 0.20 0.23"; do
		set -- $want
		assert "ML100K $1: $2 <= recall@10 <= $3" \
			"awk -F'\t' '\$1 == \"recall@10\" { ok = \$2 >= $2 && \$2 <= $3 } END { exit !ok }' ml-$1.out"
	done
	assert "ML100K ease: ndcg@10 >= 0.45" \
		"awk -F'\t' '\$1 == \"ndcg@10\" { ok = \$2 >= 0.45 } END { exit !ok }' ml-ease.out"
fi
