#!/bin/sh
# tests/tools/similar.sh: reel-similar's cosines on a genre model and an
# item-kNN model worked out by hand, an ALS model's invariants, bad input,
# usage.
. "$(dirname "$0")/../lib.sh"

# Genres in order of first appearance: Western, Drama, Comedy.  Item
# vectors: 3 (1,1,1)/sqrt3, 7 (1,1,0)/sqrt2, 19 (0,1,0), 25 zero, 40 (1,0,0).
printf 'item\ttitle\tyear\tgenres\n40\tForty\t1990\tWestern\n7\tSeven\t1991\tDrama|Western\n19\tNineteen\t1992\tDrama\n3\tThree\t1993\tComedy|Drama|Western\n25\tNone\t\t\n' >items.tsv
rows ratings.tsv <<'EOF'
1 40 4
2 19 2
2 40 2
3 7 5
3 25 3
4 3 1
EOF
reel-train-baseline --kind genre --items items.tsv -o genre.bin ratings.tsv
# cos(40,7) = 1/sqrt2, cos(40,3) = 1/sqrt3, cos(3,7) = 2/sqrt6,
# cos(3,19) = cos(3,40) = 1/sqrt3 (tie: lower id first); a zero vector: 0
check "genre: exact cosines, ties by item id, the zero vector at 0" \
	"printf '40\n3\n25\n' | reel-similar -m genre.bin -k 4" \
	"40	7	1	0.707106769
40	3	2	0.577350259
40	19	3	0
40	25	4	0
3	7	1	0.816496611
3	19	2	0.577350259
3	40	3	0.577350259
3	25	4	0
25	3	1	0
25	7	2	0
25	19	3	0
25	40	4	0"
check "genre: queries in input order, repeats allowed, -k 1" \
	"printf '19\n40\n19\n' | reel-similar -m genre.bin -k 1 | cut -f1,2" \
	"19	7
40	7
19	7"

# Item columns: 10 {1,2,3}, 11 {1,3,4}, 12 {2,4}, 13 {3}, 14 {5}.
# cos(10,11) = 2/3, cos(10,13) = 1/sqrt3, cos(10,12) = 1/sqrt6; 14 shares no
# user with anything: no neighbours at all.
tiny_train train.tsv
reel-train-baseline --kind itemknn -o knn.bin train.tsv
check "itemknn: the row of B, stored neighbours only" \
	"printf '10\n14\n' | reel-similar -m knn.bin" \
	"10	11	1	0.666666687
10	13	2	0.577350259
10	12	3	0.408248305"

reel-synth --users 100 --items 150 --ratings 4000 --seed 6 -o syn 2>/dev/null
reel-train-als --quiet --factors 8 --iters 3 -o als.bin syn/ratings.tsv
reel-train-baseline --kind ease --reg 20 -o ease.bin syn/ratings.tsv
cut -f2 syn/ratings.tsv | sort -un >items.txt
for m in als ease; do
	run "reel-similar -m $m.bin -k 5 --threads 1 items.txt >s1.tsv"
	assert "$m: exit 0" "[ $RC = 0 ]"
	assert "$m: K lines per item, never the item itself, ranks 1..K, non-increasing" \
		"awk -F'\t' '\$1 == \$2 { exit 1 } \$1 != q { q = \$1; r = 0; s = \$4 } { if (\$3 != ++r || \$4 > s) exit 1; s = \$4; n[q]++ } END { for (q in n) if (n[q] != 5) exit 1 }' s1.tsv"
	reel-similar -m $m.bin -k 5 --threads 2 items.txt >s2.tsv
	assert "$m: the same on 1 and 2 threads" "cmp -s s1.tsv s2.tsv"
done
assert "als: cosines within [-1, 1]" "awk -F'\t' '\$4 > 1 || \$4 < -1 { exit 1 }' s1.tsv"
synopsis_matches similar

printf '10\n99\n' >unknown.txt
printf '10\tx\n' >two.txt
printf 'x\n' >bad.txt
table <<'EOF'
1 | reel-similar: unknown.txt:2: item 99 is not in the model | reel-similar -m knn.bin unknown.txt
1 | reel-similar: two.txt:1: expected 1 field, found 2 | reel-similar -m knn.bin two.txt
1 | reel-similar: bad.txt:1: bad item id 'x' | reel-similar -m knn.bin bad.txt
1 | reel-similar: train.tsv: not a reel binary file (bad magic) | reel-similar -m train.tsv bad.txt
2 | reel-similar: -k: expected an integer from 1 to 100000, got '0'\nTry 'reel-similar --help' for more information. | reel-similar -m knn.bin -k 0 bad.txt
2 | reel-similar: missing -m MODEL\nTry 'reel-similar --help' for more information. | reel-similar bad.txt
2 | * | reel-similar --bogus
0 | * | reel-similar --help | grep -q '^usage: reel-similar'
EOF
