# Tests of reel-pack and of the binary ratings file every ratings reader
# accepts (lib/ratings.h): text and binary hold the same ratings, and each
# tool gives the same answer from either.
. "$(dirname "$0")/../lib.sh"

printf '3\t11\t0.5\t99\n1\t12\t3.5\t101\n1\t10\t4\t100\n2\t10\t5\t102\n' >r.tsv
reel-pack -o r.bin r.tsv
check "binary back to text: user-major, items ascending, ratings as floats" \
	"reel-pack -o - r.bin" \
	"1	10	4	100
1	12	3.5	101
2	10	5	102
3	11	0.5	99"
check "the file is a ratings bin container" "reel-inspect r.bin | sed -n 3,4p" \
	"kind	ratings file
sections	7"
cut -f1-3 r.tsv | reel-pack -o r3.bin -
check "three columns: no timestamps section" "reel-inspect r3.bin | grep -c timestamps || :" "0"
check "binary from binary is the same file" "reel-pack -o again.bin r.bin && cmp r.bin again.bin && echo same" "same"

reel-synth --users 40 --items 60 --ratings 900 --seed 3 -o syn 2>/dev/null
reel-pack -o syn.bin syn/ratings.tsv
reel-split --quiet --seed 5 syn/ratings.tsv tr.tsv te.tsv
reel-split --quiet --seed 5 syn.bin tr.bin te.bin
check "reel-split: the same split from text and binary, to binary outputs" \
	"reel-pack -o tr.back tr.bin && sort -k1,1n -k2,2n tr.tsv | cmp - tr.back && echo same" "same"
reel-train-als --quiet --factors 4 --iters 3 -o a.bin tr.tsv
reel-train-als --quiet --factors 4 --iters 3 -o b.bin tr.bin
check "reel-train-als: the same model from text and binary" \
	"reel-inspect --factors items a.bin >fa && reel-inspect --factors items b.bin | cmp - fa && echo same" "same"
reel-topk -m a.bin -k 5 --exclude tr.tsv -o ra.tsv
reel-topk -m a.bin -k 5 --exclude tr.bin -o rb.tsv
check "reel-topk --exclude: the same lists" "cmp ra.tsv rb.tsv && echo same" "same"
reel-metrics -k 5 --train tr.tsv ra.tsv te.tsv >ma.tsv
reel-metrics -k 5 --train tr.bin ra.tsv te.bin >mb.tsv
check "reel-metrics: the same figures" "cmp ma.tsv mb.tsv && echo same" "same"
synopsis_matches pack

printf '1\t10\t4\n1\t10\t5\n' >dup.tsv
table <<'EOF2'
1 | reel-pack: dup.tsv:2: duplicate rating for user 1, item 10 (first at line 1) | reel-pack -o o.bin dup.tsv
1 | reel-pack: nothing.tsv: No such file or directory | reel-pack -o o.bin nothing.tsv
2 | reel-pack: missing -o OUT\nTry 'reel-pack --help' for more information. | reel-pack r.tsv
2 | reel-pack: expected one RATINGS file, got 2\nTry 'reel-pack --help' for more information. | reel-pack -o o.bin r.tsv r.tsv
EOF2
