# Tests of reel-split: the invariants of every mode, bad input, usage.
. "$(dirname "$0")/../lib.sh"

# A small ratings file: 6 users with 1..10 ratings, timestamps with ties.
awk 'BEGIN { for (u = 1; u <= 6; u++) for (i = 1; i <= u * 2 - 2 + (u == 1); i++)
	printf "%d\t%d\t%d\t%d\n", u * 10, i * 3, 1 + (u + i) % 5, 1000 + (u * i) % 7 }' >r.tsv
sort r.tsv >sorted.tsv

for mode in user time user-time "kfold --fold 0" "kfold --fold 4"; do
	run "reel-split --quiet --mode $mode --seed 7 r.tsv tr.tsv te.tsv"
	assert "split --mode $mode exits 0" "[ $RC = 0 ]"
	assert "split --mode $mode: train and test are exactly the input" \
		"cat tr.tsv te.tsv | sort | cmp -s - sorted.tsv"
	assert "split --mode $mode: disjoint" "[ -z \"\$(sort tr.tsv te.tsv | uniq -d)\" ]"
	case $mode in time) ;; *)
		assert "split --mode $mode: every user keeps a training rating" \
			"[ \$(cut -f1 tr.tsv | sort -u | wc -l) = \$(cut -f1 r.tsv | sort -u | wc -l) ]" ;;
	esac
	run "reel-split --quiet --mode $mode --seed 7 r.tsv tr2.tsv te2.tsv"
	assert "split --mode $mode: same seed, same bytes" "cmp -s tr.tsv tr2.tsv && cmp -s te.tsv te2.tsv"
	run "sort -r r.tsv | reel-split --quiet --mode $mode --seed 7 - tr3.tsv te3.tsv"
	assert "split --mode $mode: input order does not matter" \
		"sort tr3.tsv >a; sort tr.tsv >b; sort te3.tsv >c; sort te.tsv >d; cmp -s a b && cmp -s c d"
done

check "time mode takes the latest 20%, ties by user then item" \
	"reel-split --quiet --mode time r.tsv tr.tsv te.tsv; awk '\$4 == 1005 || NR == 1' te.tsv | cut -f1,2,4 | tr '\t\n' ', '" \
	"30,6,1006 60,27,1005 "
assert "time mode cut: no training rating later than a test rating" \
	"[ \$(cut -f4 tr.tsv | sort -n | tail -1) -le \$(cut -f4 te.tsv | sort -n | head -1) ]"
check "user mode: 20% of each user's ratings, rounded, at least one kept" \
	"reel-split --quiet --seed 3 r.tsv tr.tsv - | cut -f1 | sort -n | uniq -c | awk '{print \$2\":\"\$1}' | tr '\n' ' '" \
	"30:1 40:1 50:2 60:2 "
check "kfold: the folds partition the ratings of users with 2 or more" \
	"for f in 0 1 2 3 4; do reel-split --quiet --mode kfold --fold \$f r.tsv /dev/null - ; done | sort >k; grep -v '^10	' r.tsv | sort | cmp - k && echo same" \
	"same"
check "a different seed gives a different split" \
	"reel-split --quiet --seed 1 r.tsv /dev/null a; reel-split --quiet --seed 2 r.tsv /dev/null b; cmp -s a b || echo differ" \
	"differ"
check "summary line on stderr" \
	"reel-split --seed 5 r.tsv tr.tsv te.tsv 2>&1 >/dev/null" \
	"reel-split: 25 train, 6 test ratings; 6 users, 4 in test (mode user, seed 5)"
check "gzip in and out" \
	"gzip -c r.tsv >r.tsv.gz; reel-split --quiet r.tsv.gz tr.tsv.gz te.tsv; gzip -dc tr.tsv.gz | wc -l" \
	"25"
synopsis_matches split

printf '1\t2\t3\t4\n1\tx\t3\t4\n' >bad_id.tsv
printf '1\t2\t3\t4\n1\t3\t3\n' >short.tsv
printf '1\t2\tinf\t4\n' >inf.tsv
printf '1\t2\t3\t4\r\n' >crlf.tsv
printf '4294967296\t2\t3\t4\n' >big.tsv
printf '1\t2\t3\n' >notime.tsv
: >empty.tsv
printf '1\t2\t3\t4\n' | gzip -c | head -c 15 >trunc.gz
table <<'EOF'
1 | reel-split: bad_id.tsv:2: bad item id 'x' | reel-split bad_id.tsv tr.tsv te.tsv
1 | reel-split: short.tsv:2: expected 4 fields, found 3 | reel-split short.tsv tr.tsv te.tsv
1 | reel-split: inf.tsv:1: bad rating 'inf' | reel-split inf.tsv tr.tsv te.tsv
1 | reel-split: crlf.tsv:1: carriage return at end of line (CRLF line endings are not accepted) | reel-split crlf.tsv tr.tsv te.tsv
1 | reel-split: big.tsv:1: bad user id '4294967296' | reel-split big.tsv tr.tsv te.tsv
1 | reel-split: notime.tsv: --mode time needs timestamps (a fourth field) | reel-split --mode time notime.tsv tr.tsv te.tsv
1 | reel-split: empty.tsv: no ratings (empty file) | reel-split empty.tsv tr.tsv te.tsv
1 | reel-split: missing.tsv: No such file or directory | reel-split missing.tsv tr.tsv te.tsv
1 | reel-split: .: is a directory | reel-split . tr.tsv te.tsv
1 | reel-split: trunc.gz:1: truncated or corrupt gzip data (unexpected end of file) | reel-split trunc.gz tr.tsv te.tsv
0 |  | rm -f tr.tsv te.tsv; reel-split bad_id.tsv tr.tsv te.tsv 2>/dev/null; [ ! -e tr.tsv ] && [ ! -e te.tsv ] && [ -z "$(ls | grep tmp)" ]
1 | reel-split: /nonexistent/tr.tsv: No such file or directory | reel-split --quiet r.tsv /nonexistent/tr.tsv te.tsv
2 | reel-split: expected RATINGS TRAIN TEST, got 2 operands\nTry 'reel-split --help' for more information. | reel-split r.tsv tr.tsv
2 | reel-split: --test-frac: expected a number between 0 and 1 (exclusive), got '1'\nTry 'reel-split --help' for more information. | reel-split --test-frac 1 r.tsv a b
2 | reel-split: --test-frac: expected a number from 0 to 1, got 'x'\nTry 'reel-split --help' for more information. | reel-split --test-frac x r.tsv a b
2 | reel-split: --mode: expected user, time, user-time or kfold, got 'foo'\nTry 'reel-split --help' for more information. | reel-split --mode foo r.tsv a b
2 | reel-split: --mode kfold needs --fold\nTry 'reel-split --help' for more information. | reel-split --mode kfold r.tsv a b
2 | reel-split: --fold 5 is not below --folds 5\nTry 'reel-split --help' for more information. | reel-split --mode kfold --fold 5 r.tsv a b
2 | * | reel-split --bogus r.tsv a b
0 | * | reel-split --help | grep -q '^usage: reel-split'
EOF
