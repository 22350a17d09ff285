#!/bin/sh
# tests/tools/explain.sh: reel-explain's terms add up to the fold-in score
# that reel-topk --serve computes, the confidences follow the model's
# alpha, bad input, usage.
. "$(dirname "$0")/../lib.sh"

reel-synth --users 60 --items 90 --ratings 1800 --seed 8 -o syn 2>/dev/null
reel-train-als --quiet --factors 6 --iters 5 --reg 0.5 --alpha 2 -o als.bin syn/ratings.tsv
user=$(awk -F'\t' '$1 == 7 { n++ } END { print n ? 7 : 1 }' syn/ratings.tsv)
awk -F'\t' -v u="$user" '$1 == u { printf "%s%s:%s", sep, $2, $3; sep = " " } END { print "" }' \
	syn/ratings.tsv >hist.txt
# an item outside the history, the best the fold-in finds
printf '%s %s\n' "$user" "$(cat hist.txt)" | reel-topk -m als.bin -k 1 --serve | head -1 >best.tsv
item=$(cut -f2 best.tsv)

run "reel-explain -m als.bin --user $user --item $item --history syn/ratings.tsv >ex.tsv"
assert "explain: exit 0, nothing on stderr" "[ $RC = 0 ] && [ ! -s .err ]"
assert "explain: one line per history item, then the total" \
	"[ \$(wc -l <ex.tsv) = \$((\$(awk -F'\t' -v u=$user '\$1 == u' syn/ratings.tsv | wc -l) + 1)) ] && tail -1 ex.tsv | grep -q '^total	'"
assert "explain: contributions descending, each similarity x confidence" \
	"awk -F'\t' '\$1 != \"total\" { if (NR > 1 && \$2 > c) exit 1; c = \$2; d = \$2 - \$3 * \$4; if (d < 0) d = -d; if (d > 1e-12 * (\$2 < 0 ? -\$2 : \$2) + 1e-300) exit 1 }' ex.tsv"
assert "explain: confidence = 1 + alpha * rating (alpha 2)" \
	"awk -F'\t' 'NR == FNR { if (\$1 == $user) r[\$2] = \$3; next } \$1 != \"total\" && \$4 != 1 + 2 * r[\$1] { exit 1 }' syn/ratings.tsv ex.tsv"
assert "explain: the total is the sum of the contributions" \
	"awk -F'\t' '\$1 == \"total\" { d = s - \$2; if (d < 0) d = -d; exit !(d <= 1e-9 * (\$2 < 0 ? -\$2 : \$2)) } { s += \$2 }' ex.tsv"
assert "explain: the total equals the fold-in score of reel-topk --serve to 1e-4" \
	"awk -F'\t' 'NR == FNR { s = \$4; next } \$1 == \"total\" { d = s - \$2; if (d < 0) d = -d; exit !(d <= 1e-4 * (s < 0 ? -s : s)) }' best.tsv ex.tsv"
# every other item too: the fold-in list of 10 against 10 explanations
printf '%s %s\n' "$user" "$(cat hist.txt)" | reel-topk -m als.bin -k 10 --serve | grep . >top10.tsv
ok=yes
while IFS="$(printf '\t')" read -r u i r s; do
	t=$(reel-explain -m als.bin --user "$u" --item "$i" --history syn/ratings.tsv | tail -1 | cut -f2)
	awk -v s="$s" -v t="$t" 'BEGIN { d = s - t; if (d < 0) d = -d; exit !(d <= 1e-4 * (s < 0 ? -s : s)) }' || ok="no: item $i $s against $t"
done <top10.tsv
assert "explain: the totals of the top 10 match their fold-in scores ($ok)" "[ '$ok' = yes ]"
synopsis_matches explain

reel-train-baseline --kind pop -o pop.bin syn/ratings.tsv
reel-train-als --quiet --explicit --factors 2 --iters 2 -o ex.bin syn/ratings.tsv
printf '1\t1\t-1\n' >neg.tsv
table <<EOF
1 | reel-explain: pop.bin: explanations need an implicit ALS model, not this baseline model | reel-explain -m pop.bin --user 1 --item 1 --history syn/ratings.tsv
1 | reel-explain: ex.bin: explanations need an implicit ALS model, not this explicit ALS model | reel-explain -m ex.bin --user 1 --item 1 --history syn/ratings.tsv
1 | reel-explain: als.bin: item 999999 is not in the model | reel-explain -m als.bin --user 1 --item 999999 --history syn/ratings.tsv
1 | reel-explain: syn/ratings.tsv: user 999999 has no rating of an item the model knows | reel-explain -m als.bin --user 999999 --item 1 --history syn/ratings.tsv
1 | reel-explain: neg.tsv:1: negative rating -1: implicit confidence 1 + alpha * r needs r >= 0 | reel-explain -m als.bin --user 1 --item 1 --history neg.tsv
1 | reel-explain: missing.tsv: No such file or directory | reel-explain -m als.bin --user 1 --item 1 --history missing.tsv
2 | reel-explain: -m MODEL, --user U, --item I and --history TRAIN are all required\nTry 'reel-explain --help' for more information. | reel-explain -m als.bin --user 1 --item 1
2 | reel-explain: --user: expected an id from 0 to 4294967295, got 'x'\nTry 'reel-explain --help' for more information. | reel-explain -m als.bin --user x --item 1 --history syn/ratings.tsv
2 | reel-explain: no operand expected, got 'extra'\nTry 'reel-explain --help' for more information. | reel-explain -m als.bin --user 1 --item 1 --history syn/ratings.tsv extra
2 | * | reel-explain --bogus
0 | * | reel-explain --help | grep -q '^usage: reel-explain'
EOF
