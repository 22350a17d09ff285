#!/bin/sh
# Tests of reel-shard: every line in exactly one part, a user's ratings in
# one part, the parts readable as ratings; bad input; usage.
. "$(dirname "$0")/../lib.sh"

reel-synth --users 200 --items 90 --ratings 6000 --seed 2 -o syn 2>/dev/null
run "reel-shard --quiet --parts 3 -o parts syn/ratings.tsv"
assert "shard exits 0, nothing on stderr" "[ $RC = 0 ] && [ ! -s .err ]"
assert "shard: three parts" "[ \"\$(ls parts | xargs)\" = 'part-00000.tsv.gz part-00001.tsv.gz part-00002.tsv.gz' ]"
assert "shard: the parts hold exactly the input lines" \
	"zcat parts/*.gz | sort | cmp -s - \$(sort syn/ratings.tsv >s.tsv; echo s.tsv)"
assert "shard: every user in one part only" \
	"[ \$(for f in parts/*; do zcat \$f | cut -f1 | sort -u; done | sort | uniq -d | wc -l) = 0 ]"
assert "shard: each part keeps input order" \
	"zcat parts/part-00001.tsv.gz >p1; grep -Fxf p1 syn/ratings.tsv | cmp -s - p1"
run "reel-shard --quiet --parts 3 -o parts2 syn/ratings.tsv"
assert "shard: the same bytes twice" "cmp -s parts/part-00002.tsv.gz parts2/part-00002.tsv.gz"

printf '1\t2\t3\n4\t5\n' >bad.tsv
printf 'x\t2\t3\n' >badid.tsv
: >empty.tsv
table <<'TABLE'
1 | reel-shard: bad.tsv:2: expected 3 fields, found 2 | reel-shard --parts 2 -o b bad.tsv
1 | reel-shard: badid.tsv:1: bad user id 'x' | reel-shard --parts 2 -o b badid.tsv
1 | reel-shard: empty.tsv: no ratings (empty file) | reel-shard --parts 2 -o b empty.tsv
2 | * | reel-shard -o b bad.tsv
2 | * | reel-shard --parts 0 -o b bad.tsv
2 | * | reel-shard --parts 2 bad.tsv
TABLE
assert "shard: no part left after bad input" "[ -z \"\$(ls b)\" ]"

# as many parts as docs/SCALE.md's example (one temporary file each)
run "reel-shard --quiet --parts 64 -o p64 syn/ratings.tsv"
assert "shard: 64 parts, every line in one" "[ $RC = 0 ] && [ \$(ls p64 | wc -l) = 64 ] && [ \$(zcat p64/*.gz | wc -l) = \$(wc -l <syn/ratings.tsv) ]"
# a part-* file of an earlier run with more parts would be read with these
mkdir stale && cp parts/part-00000.tsv.gz stale/ && cp parts/part-00002.tsv.gz stale/part-00004.tsv.gz
cp -r stale stale0
table <<'TABLE'
1 | reel-shard: stale/part-00004.tsv.gz: not one of the 3 parts this run writes (a distributed run would read it too: remove it) | reel-shard --parts 3 -o stale syn/ratings.tsv
0 |  | diff -r stale stale0
2 | reel-shard: --parts: expected an integer from 1 to 1024, got '1025'\nTry 'reel-shard --help' for more information. | reel-shard --parts 1025 -o b syn/ratings.tsv
TABLE

# out of file descriptors: the cause named, no directory left
run "ulimit -n 40; reel-shard --quiet --parts 100 -o fd syn/ratings.tsv"
assert "shard: out of descriptors, exit 1, the cause named, nothing left" \
	"[ $RC = 1 ] && [ \$(wc -l <.err) = 1 ] && grep -q '^reel-shard: fd/part-000[0-9][0-9].tsv.gz: .*Too many open files$' .err && [ ! -e fd ]"
synopsis_matches shard
