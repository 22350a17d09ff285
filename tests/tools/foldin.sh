# Tests of reel-foldin: users added from their ratings answer as --serve's
# fold-in does; item-item models and bad input are refused.
. "$(dirname "$0")/../lib.sh"

reel-synth --users 80 --items 150 --ratings 4000 --seed 4 -o syn 2>/dev/null
awk -F'\t' '$1 > 70' syn/ratings.tsv >new.tsv
awk -F'\t' '$1 <= 70' syn/ratings.tsv >old.tsv
reel-train-als --quiet --factors 16 --iters 5 -o m.bin old.tsv
reel-train-als --quiet --explicit --factors 8 --iters 5 -o e.bin old.tsv
reel-train-baseline --kind pop -o pop.bin old.tsv

check "summary line" "reel-foldin -m m.bin -o f.bin new.tsv 2>&1" \
	"reel-foldin: 10 users folded in (10 new, 0 replaced), 0 unknown items ignored"
check "the folded model holds 80 users" "reel-inspect f.bin | grep '^section	X'" \
	"section	X	f32	80 x 16	5120 bytes"
assert "item factors unchanged" \
	"reel-inspect --factors items m.bin >a && reel-inspect --factors items f.bin | cmp -s - a"
assert "old users unchanged" \
	"reel-inspect --factors users m.bin >a && reel-inspect --factors users f.bin | head -70 | cmp -s - a"
# a folded-in user's list equals --serve's answer to the same history
for u in 71 75 80; do
	hist=$(awk -F'\t' -v u=$u '$1 == u { printf " %s:%s", $2, $3 }' new.tsv)
	run "echo '$u$hist' | reel-topk -m m.bin -k 10 --serve | cut -f2 >served; awk -F'\t' -v u=$u '\$1 == u' new.tsv >h; echo $u | reel-topk -m f.bin -k 10 --exclude h --serve | cut -f2 >folded"
	assert "user $u: folded-in list equals the served fold-in" "cmp -s served folded"
done
check "explicit models fold in biases too" \
	"reel-foldin --quiet -m e.bin -o ef.bin new.tsv && reel-inspect ef.bin | grep '^section	user_bias'" \
	"section	user_bias	f32	80 x 1	320 bytes"
check "a baseline folds in by its formula: pop's users are all ones" \
	"reel-foldin --quiet -m pop.bin -o pf.bin new.tsv && reel-inspect --factors users pf.bin | cut -f2 | sort -u" \
	"1"
check "a user already in the model is replaced" \
	"head -3 old.tsv >one.tsv; reel-foldin -m m.bin -o r.bin one.tsv 2>&1" \
	"reel-foldin: 1 users folded in (0 new, 1 replaced), 0 unknown items ignored"
check "unknown items are ignored" \
	"printf '900\t99999\t4\n900\t1\t5\n' >u.tsv; reel-foldin -m m.bin -o r.bin u.tsv 2>&1" \
	"reel-foldin: 1 users folded in (1 new, 0 replaced), 1 unknown items ignored"
synopsis_matches foldin

reel-train-baseline --kind itemknn -o knn.bin old.tsv
printf '1\tx\t3\n' >bad.tsv
cp m.bin keep.bin
table <<'EOF'
1 | reel-foldin: knn.bin: wrong kind of file: item-item model, expected a factor model | reel-foldin -m knn.bin -o x.bin new.tsv
1 | reel-foldin: bad.tsv:1: bad item id 'x' | reel-foldin -m m.bin -o x.bin bad.tsv
0 |  | reel-foldin -m m.bin bad.tsv 2>/dev/null; cmp m.bin keep.bin
2 | reel-foldin: missing -m MODEL\nTry 'reel-foldin --help' for more information. | reel-foldin new.tsv
2 | reel-foldin: expected one HISTORY file, got 0\nTry 'reel-foldin --help' for more information. | reel-foldin -m m.bin
EOF
