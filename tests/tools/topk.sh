#!/bin/sh
# tests/tools/topk.sh: reel-topk's filter mode and a popularity model worked
# out by hand, the invariants of an ALS model's lists, --serve, bad input,
# usage errors, and popularity and ALS on MovieLens 100K when $ML100K names
# a copy.
. "$(dirname "$0")/../lib.sh"

# ---- the plain filter ----
# User 1: 12 is given twice (0.25, then 4: the best counts); 10 and 11 tie
# at 2 (10 first).  User 2 ties three ways at 0.5 (lowest ids win).
rows scores.tsv <<'EOF'
2 30 0.5
1 12 0.25
1 10 2
2 31 0.5
1 11 2
3 7 -1.5
2 29 0.5
1 13 1
1 12 4
2 28 0.125
EOF
check "filter: K best per user, duplicates keep their best score, ties by item id" \
	"reel-topk -k 3 scores.tsv" \
	"1	12	1	4
1	10	2	2
1	11	3	2
2	29	1	0.5
2	30	2	0.5
2	31	3	0.5
3	7	1	-1.5"
check "filter: stdin, input order does not matter" \
	"sort -r scores.tsv | reel-topk -k 1" \
	"1	12	1	4
2	29	1	0.5
3	7	1	-1.5"
# reel-score output: the score is the last field
rows scored.tsv <<'EOF'
5 1 4.5 0.75
5 2 3 0.875
EOF
check "filter: the score is the last of any number of fields" \
	"reel-topk -k 5 scored.tsv" \
	"5	2	1	0.875
5	1	2	0.75"
check "filter: empty input, empty output" "reel-topk -k 5 </dev/null | wc -c" "0"
check "filter: -o writes the file" "reel-topk -k 1 -o out.tsv scores.tsv && cat out.tsv | wc -l" "3"

# ---- a popularity model by hand ----
# Raters: item 10 by users 1, 2, 3; 11 by 1, 3, 4; 12 by 2, 4; 13 by 3;
# 14 by 5.  Scores 3, 3, 2, 1, 1: order 10 11 12 13 14.
tiny_train train.tsv
reel-train-baseline --kind pop -o pop.bin train.tsv
check "pop: every user, --include-seen: no exclusions" \
	"reel-topk -m pop.bin -k 2 --include-seen | awk '\$1 == 1 || \$1 == 5'" \
	"1	10	1	3
1	11	2	3
5	10	1	3
5	11	2	3"
check "pop: --exclude TRAIN never shows a rated item" \
	"reel-topk -m pop.bin -k 2 --exclude train.tsv" \
	"1	12	1	2
1	13	2	1
2	11	1	3
2	13	2	1
3	12	1	2
3	14	2	1
4	10	1	3
4	13	2	1
5	10	1	3
5	11	2	3"
# Seen items are excluded by default: the model's own training file, when
# it is at hand and unchanged (its CRC-32 is in the model's params: the
# file's, as gzip's trailer gives it).
assert "the model records its training file's CRC-32" \
	"grep -aq \"train_crc32=\$(gzip -c train.tsv | tail -c 8 | head -c 4 | od -An -tx4 | tr -d ' ')\" pop.bin"
reel-topk -m pop.bin -k 2 --exclude train.tsv >excl.tsv
assert "default: the model's training file excluded, as with --exclude" \
	"reel-topk -m pop.bin -k 2 | cmp - excl.tsv && echo 1 | reel-topk -m pop.bin -k 2 --serve | head -2 | cut -f2 | grep -qvx '1[01]'"
mkdir seen && cp train.tsv seen/train.tsv && (cd seen && reel-train-baseline --kind pop -o pop.bin train.tsv)
table <<'EOF'
1 | reel-topk: seen/pop.bin: its training file 'train.tsv' is not at hand (No such file or directory): give --exclude TRAIN or --include-seen | mv train.tsv away.tsv && reel-topk -m seen/pop.bin -k 2; rc=$?; mv away.tsv train.tsv; exit $rc
1 | reel-topk: pop.bin: its training file 'train.tsv' has changed since training (CRC-32 120c1117, the model's 87cfdabe): give --exclude TRAIN or --include-seen | cd seen && echo '9	9	1' >>train.tsv && reel-topk -m pop.bin -k 2 -o r.tsv; rc=$?; [ ! -e r.tsv ] && exit $rc
1 | reel-topk: seen/pop.bin: its training file 'train.tsv' is not at hand (No such file or directory): give --exclude TRAIN or --include-seen | mv train.tsv away.tsv && reel-topk -m seen/pop.bin -k 2 --serve; rc=$?; mv away.tsv train.tsv; exit $rc
0 |  | reel-topk -m seen/pop.bin -k 2 --include-seen >/dev/null && reel-topk -m seen/pop.bin -k 2 --exclude train.tsv | cmp - excl.tsv
2 | reel-topk: --exclude and --include-seen contradict each other\nTry 'reel-topk --help' for more information. | reel-topk -m pop.bin -k 2 --exclude train.tsv --include-seen
EOF
printf '10\n' >black.txt
printf '14\n12\n99\n13\n14\n' >cand.txt
printf '3\n1\n' >users.txt
check "pop: --blacklist, --candidates (unknown 99 ignored) and --users in any order" \
	"reel-topk -m pop.bin -k 5 --exclude train.tsv --users users.txt --candidates cand.txt --blacklist black.txt" \
	"1	12	1	2
1	13	2	1
1	14	3	1
3	12	1	2
3	14	2	1"
check "pop: fewer than K when the candidates run out" \
	"printf '12\n' >one.txt; reel-topk -m pop.bin -k 3 --exclude train.tsv --candidates one.txt | cut -f1 | tr '\n' ' '" \
	"1 3 5 "
# TRAIN of --exclude may hold users and items the model does not know
printf '1\t12\t5\n9\t10\t1\n1\t77\t2\n' >other.tsv
check "pop: --exclude ignores users and items unknown to the model" \
	"reel-topk -m pop.bin -k 1 --exclude other.tsv --users users.txt" \
	"1	10	1	3
3	10	1	3"

# ---- --serve on the popularity model ----
check "serve: known users as batch, a history, errors, then on to EOF" \
	"printf '1\n9 10 11:2\n\n  \nx\n42\n9 10 10\n9 10:y\n9 77 88\n5\n' | reel-topk -m pop.bin -k 2 --exclude train.tsv --serve" \
	"1	12	1	2
1	13	2	1

9	12	1	2
9	13	2	1

error	empty request

error	empty request

error	bad user id 'x'

error	unknown user 42

error	item 10 given twice

error	bad rating 'y'

error	no item of the history is known to the model

5	10	1	3
5	11	2	3"
check "serve: a known user's history request is answered from the history alone" \
	"printf '1 12\n' | reel-topk -m pop.bin -k 2 --exclude train.tsv --serve" \
	"1	10	1	3
1	11	2	3"
check "serve: tabs and runs of blanks separate tokens; unknown items ignored" \
	"printf ' 7\t 10  99:3\t\n' | reel-topk -m pop.bin -k 1 --serve" \
	"7	11	1	3"
check "serve: a line over 1 MiB is an error, and the server goes on" \
	"awk 'BEGIN { printf \"1\"; for (i = 0; i < 400000; i++) printf \" 10\"; print \"\"; print \"5\" }' | reel-topk -m pop.bin -k 1 --serve" \
	"error	request longer than 1048576 bytes

5	10	1	3"
check "serve: the last line may lack its newline; EOF is exit 0" \
	"printf '5' | reel-topk -m pop.bin -k 1 --serve; echo rc=\$?" \
	"5	10	1	3

rc=0"
check "serve: unprintable bytes in an error are shown as ?" \
	"printf '1 \001\n' | reel-topk -m pop.bin -k 1 --serve" \
	"error	bad item id '?'"
awk 'BEGIN { for (i = 0; i < 30000; i++) print 1 }' >many.txt
check "serve: a closed stdout ends the server quietly with exit 1" \
	"(reel-topk -m pop.bin -k 3 --serve <many.txt 2>err.txt; echo \$? >rc.txt) | head -1 >/dev/null; cat rc.txt err.txt" \
	"1"
check "serve: the same with SIGPIPE ignored (a write fails with EPIPE instead)" \
	"(trap '' PIPE; reel-topk -m pop.bin -k 3 --serve <many.txt 2>err.txt; echo \$? >rc.txt) | head -1 >/dev/null; cat rc.txt err.txt" \
	"1"
# 3000 random bytes (NUL, CR, high bytes), then a request
awk 'BEGIN { srand(3); for (i = 0; i < 3000; i++) printf "%c", int(rand() * 256); printf "\n5\n" }' >garbage.txt
check "serve: binary garbage gets error lines, and the server goes on" \
	"reel-topk -m pop.bin -k 1 --serve <garbage.txt | awk '/^error\t/ { e++; next } /^\$/ { next } { print } END { print (e > 0) }'" \
	"5	10	1	3
1"
check "serve: a carriage return is part of the token" \
	"printf '5\r\n' | reel-topk -m pop.bin -k 1 --serve" \
	"error	bad user id '5?'"
check "serve: EOF in the middle of an over-long line: its error, exit 0" \
	"awk 'BEGIN { printf \"5\n1\"; for (i = 0; i < 400000; i++) printf \" 10\" }' | reel-topk -m pop.bin -k 1 --serve; echo rc=\$?" \
	"5	10	1	3

error	request longer than 1048576 bytes

rc=0"

# ---- an implicit ALS model on synthetic data: invariants ----
reel-synth --users 150 --items 200 --ratings 6000 --seed 3 -o syn 2>/dev/null
reel-split --quiet --seed 1 syn/ratings.tsv tr.tsv te.tsv
reel-train-als --quiet --factors 8 --iters 4 --seed 5 -o als.bin tr.tsv
run "OMP_NUM_THREADS=1 reel-topk -m als.bin -k 7 --exclude tr.tsv -o r1.tsv"
assert "als: batch exits 0" "[ $RC = 0 ]"
OMP_NUM_THREADS=2 reel-topk -m als.bin -k 7 --exclude tr.tsv -o r2.tsv
reel-topk -m als.bin -k 7 --exclude tr.tsv --threads 2 -o r3.tsv
assert "als: every user of the model gets K lines" \
	"[ \$(cut -f1 r1.tsv | uniq -c | awk '\$1 != 7' | wc -l) = 0 ] && [ \$(cut -f1 r1.tsv | uniq | wc -l) = \$(cut -f1 tr.tsv | sort -u | wc -l) ]"
assert "als: users ascending, ranks 1..K, scores non-increasing" \
	"awk -F'\t' '\$1 != u { if (\$1 + 0 <= u + 0 && NR > 1) exit 1; u = \$1; r = 0; s = \$4 } { if (\$3 != ++r || \$4 > s) exit 1; s = \$4 }' r1.tsv"
assert "als: no item of --exclude is shown" \
	"awk -F'\t' 'NR == FNR { seen[\$1 \" \" \$2] = 1; next } (\$1 \" \" \$2) in seen { exit 1 }' tr.tsv r1.tsv"
assert "als: the same lists on 1 and 2 threads (OMP_NUM_THREADS, --threads)" \
	"cmp -s r1.tsv r2.tsv && cmp -s r1.tsv r3.tsv"
assert "als: reel-score gives each listed pair the listed score, to the last digit" \
	"reel-score -m als.bin r1.tsv | awk -F'\t' '\$4 != \$5 { bad++ } END { exit !(NR > 0 && bad == 0) }'"
cut -f1 tr.tsv | sort -u | awk 'NR % 7 == 3' >some.txt
reel-topk -m als.bin -k 7 --exclude tr.tsv --users some.txt -o rs.tsv
assert "als: --users gives exactly those users' batch lists" \
	"awk -F'\t' 'NR == FNR { w[\$1] = 1; next } \$1 in w' some.txt r1.tsv | cmp -s - rs.tsv"
cut -f1 tr.tsv | sort -u | sort -r >allusers.txt
reel-topk -m als.bin -k 7 --exclude tr.tsv --serve <allusers.txt >served.txt
assert "serve: every known user answered exactly as the batch mode" \
	"grep -v '^\$' served.txt | sort -k1,1n -k3,3n | cmp -s - r1.tsv"
assert "serve: one empty line per answer" "[ \$(grep -c '^\$' served.txt) = \$(wc -l <allusers.txt) ]"
# user 100001 (new) with the first user's history, as ITEM:RATING tokens
awk -F'\t' 'NR == 1 { u = $1 } $1 == u { h = h " " $2 ":" $3 } END { print "100001" h }' tr.tsv >newreq.txt
reel-topk -m als.bin -k 7 --serve <newreq.txt >new.txt
assert "serve: a new user folded in gets K lines, none from its history" \
	"[ \$(grep -c . new.txt) = 7 ] && awk 'NR == FNR { for (i = 2; i <= NF; i++) { split(\$i, a, \":\"); h[a[1]] = 1 }; next } \$2 in h { exit 1 }' newreq.txt new.txt"
assert "serve: the history's order does not matter" \
	"awk '{ printf \"%s\", \$1; for (i = NF; i > 1; i--) printf \" %s\", \$i; print \"\" }' newreq.txt | reel-topk -m als.bin -k 7 --serve | cmp -s - new.txt"
reel-train-als --quiet --explicit --factors 4 --iters 3 -o ex.bin tr.tsv
assert "serve: an explicit model folds a history in (K lines, none from the history)" \
	"reel-topk -m ex.bin -k 7 --serve <newreq.txt >exnew.txt && [ \$(grep -c . exnew.txt) = 7 ] && awk 'NR == FNR { for (i = 2; i <= NF; i++) { split(\$i, a, \":\"); h[a[1]] = 1 }; next } \$2 in h { exit 1 }' newreq.txt exnew.txt"
check "serve: implicit models reject negative ratings" \
	"printf '3 1:-1\n' | reel-topk -m als.bin -k 1 --serve" \
	"error	rating -1 of item 1 is below 0"
synopsis_matches topk

# ---- bad input and usage ----
printf '1\tx\t0.5\n' >bad_item.tsv
printf '1\t2\n' >two.tsv
printf '1\t2\t0.5\n1\t3\t0.5\t9\n' >ragged.tsv
printf '1\t2\tnan\n' >nan.tsv
printf '1\t2\t1e39\n' >huge.tsv
printf '1\n42\n' >unknown_user.txt
printf '1\n2\n1\n' >dup_user.txt
printf '1\t10\t5\n1\t10\t4\n' >dup_train.tsv
printf '1\n' >notamodel.bin
table <<'EOF'
1 | reel-topk: bad_item.tsv:1: bad item id 'x' | reel-topk -k 2 bad_item.tsv
1 | reel-topk: two.tsv:1: expected at least 3 fields (user, item, ..., score), found 2 | reel-topk -k 2 two.tsv
1 | reel-topk: ragged.tsv:2: expected 3 fields, found 4 | reel-topk -k 2 ragged.tsv
1 | reel-topk: nan.tsv:1: bad score 'nan' | reel-topk -k 2 nan.tsv
1 | reel-topk: huge.tsv:1: bad score '1e39' | reel-topk -k 2 huge.tsv
1 | reel-topk: missing.tsv: No such file or directory | reel-topk -k 2 missing.tsv
1 | reel-topk: unknown_user.txt:2: user 42 is not in the model | reel-topk -m pop.bin -k 2 --users unknown_user.txt
1 | reel-topk: dup_user.txt:3: user 1 repeats line 1 | reel-topk -m pop.bin -k 2 --users dup_user.txt
1 | reel-topk: dup_train.tsv:2: duplicate rating for user 1, item 10 (first at line 1) | reel-topk -m pop.bin -k 2 --exclude dup_train.tsv
1 | reel-topk: notamodel.bin: not a reel binary file (bad magic) | reel-topk -m notamodel.bin -k 2
1 | reel-topk: nomodel.bin: No such file or directory | reel-topk -m nomodel.bin -k 2
2 | reel-topk: -k: expected an integer from 1 to 100000, got '0'\nTry 'reel-topk --help' for more information. | reel-topk -k 0 scores.tsv
2 | reel-topk: -k: expected an integer from 1 to 100000, got '-3'\nTry 'reel-topk --help' for more information. | reel-topk -m pop.bin -k -3
2 | reel-topk: missing -k K\nTry 'reel-topk --help' for more information. | reel-topk -m pop.bin
2 | reel-topk: --exclude, --include-seen, --users, --blacklist, --candidates and --serve need -m MODEL\nTry 'reel-topk --help' for more information. | reel-topk -k 2 --exclude train.tsv scores.tsv
2 | reel-topk: no operand expected with -m MODEL, got 'scores.tsv'\nTry 'reel-topk --help' for more information. | reel-topk -m pop.bin -k 2 scores.tsv
2 | reel-topk: --users does not apply to --serve\nTry 'reel-topk --help' for more information. | reel-topk -m pop.bin -k 2 --serve --users users.txt
2 | reel-topk: --serve answers on stdout: -o does not apply\nTry 'reel-topk --help' for more information. | reel-topk -m pop.bin -k 2 --serve -o x.tsv
2 | reel-topk: expected at most one SCORES file, got 2\nTry 'reel-topk --help' for more information. | reel-topk -k 2 scores.tsv scores.tsv
2 | * | reel-topk --bogus
0 | * | reel-topk --help | grep -q '^usage: reel-topk'
EOF

# ---- MovieLens 100K: popularity and ALS through reel-metrics ----
if [ -n "${ML100K:-}" ]; then
	case $ML100K in /*) ml=$ML100K ;; *) ml=$ROOT/$ML100K ;; esac
	reel-split --seed 42 --quiet "$ml/u.data" ml-train.tsv ml-test.tsv
	reel-train-baseline --kind pop -o ml-pop.bin ml-train.tsv
	reel-train-als --quiet --reg 50 --alpha 3 -o ml-als.bin ml-train.tsv
	for m in pop als; do
		reel-topk -m ml-$m.bin -k 10 --exclude ml-train.tsv -o ml-$m.recs
		reel-metrics -k 10 ml-$m.recs ml-test.tsv >ml-$m.out
	done
	assert "ML100K pop: 0.09 <= recall@10 <= 0.13" \
		"awk -F'\t' '\$1 == \"recall@10\" { ok = \$2 >= 0.09 && \$2 <= 0.13 } END { exit !ok }' ml-pop.out"
	assert "ML100K ALS (--reg 50 --alpha 3): recall@10 >= 0.22" \
		"awk -F'\t' '\$1 == \"recall@10\" { ok = \$2 >= 0.22 } END { exit !ok }' ml-als.out"
	assert "ML100K: 943 users with 10 recommendations each" \
		"[ \$(wc -l <ml-als.recs) = 9430 ]"
fi

# --part I/N: the parts concatenated are the bytes of the whole run
reel-synth --users 50 --items 40 --ratings 1500 --seed 4 -o psyn 2>/dev/null
reel-train-als --quiet --factors 4 --iters 2 -o p.bin psyn/ratings.tsv
reel-topk -m p.bin -k 3 --exclude psyn/ratings.tsv -o pall.tsv
for i in 0 1 2 3 4 5 6; do reel-topk -m p.bin -k 3 --exclude psyn/ratings.tsv --part $i/7 -o pp$i.tsv; done
assert "topk --part I/7: parts concatenated equal one run" \
	"[ -s pp3.tsv ] && cat pp0.tsv pp1.tsv pp2.tsv pp3.tsv pp4.tsv pp5.tsv pp6.tsv | cmp -s - pall.tsv"
table <<'TABLE'
2 | * | reel-topk -m p.bin -k 3 --part 3/3
2 | * | reel-topk -m p.bin -k 3 --part 1
2 | * | reel-topk -m p.bin -k 3 --serve --part 0/2
TABLE
