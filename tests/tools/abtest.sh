#!/bin/sh
# tests/tools/abtest.sh: reel-abtest's p-values, intervals and sample sizes
# against tests/reference/abtest.py (computed without GSL: see its header),
# the verdict rule, the sample-ratio-mismatch check, the calibration of
# --aa on synthetic per-user data, bad input and usage errors.
. "$(dirname "$0")/../lib.sh"

# gen.awk: a per-user file of n users (ids 3u + 1) with columns relevant,
# m1 and m2; variant v = 1 shifts m1 up by about 0.04 and m2 by noise.
# Values are smooth functions of u, so |differences| do not tie.
cat >gen.awk <<'EOF'
BEGIN {
	print "user\trelevant\tm1\tm2"
	for (u = 1; u <= n; u++) {
		a = 0.5 + 0.3 * sin(u * 1.7) + v * (0.04 + 0.05 * sin(u * 3.1))
		b = 2 + cos(u * 0.9) + v * 0.2 * sin(u * 2.3 + 1)
		printf "%d\t%d\t%.6f\t%.6f\n", u * 3 + 1, 5 + u % 7, a, b
	}
}
EOF
awk -v n=14 -v v=0 -f gen.awk >pa.tsv
awk -v n=14 -v v=1 -f gen.awk >pb.tsv
awk -v n=40 -v v=0 -f gen.awk >sa.tsv
awk -v n=40 -v v=1 -f gen.awk >sb.tsv

# compare GOT REF TOL: every column of REF (a table with a metric column)
# equals GOT's column of the same name in the same metric's row, within
# TOL (exactly for n_a, n_b and n_mde).
compare() {
	awk -F'\t' -v tol="$3" '
		FNR == 1 { for (c = 1; c <= NF; c++) name[FILENAME, c] = $c; next }
		FILENAME == ARGV[1] { for (c = 2; c <= NF; c++) got[$1, name[FILENAME, c]] = $c; next }
		{
			for (c = 2; c <= NF; c++) {
				col = name[FILENAME, c]; g = got[$1, col] + 0; r = $c + 0
				exact = col == "n_a" || col == "n_b" || col == "n_mde"
				d = g - r; if (d < 0) d = -d
				if (!((($1, col) in got)) || (exact ? d != 0 : d > tol)) {
					printf "%s %s: got %s, reference %s\n", $1, col, got[$1, col], $c
					bad = 1
				}
				checked++
			}
		}
		END { if (!checked) print "nothing compared"; exit bad || !checked }' "$1" "$2"
}

# agrees NAME GOT REF: compare's verdict as a test line
agrees() {
	if compare "$2" "$3" 1e-6 >cmp.out; then ok "$1"; else fail "$1" "$(cat cmp.out)"; fi
}

# ---- against the independent reference ----
if command -v python3 >/dev/null 2>&1; then
	ref=$ROOT/tests/reference/abtest.py
	reel-abtest --metrics m1,m2 pa.tsv pb.tsv >paired.out
	python3 "$ref" paired pa.tsv pb.tsv >paired.ref
	agrees "paired: t, p, exact Wilcoxon p, Holm p, t interval, pairs for the MDE match the reference" \
		paired.out paired.ref
	reel-abtest --split 0.4 --salt x7 sa.tsv sb.tsv >split.out
	python3 "$ref" split 0.4 x7 sa.tsv sb.tsv >split.ref
	agrees "split: arms by the hash, means, Welch t, df, p, interval, SRM p, Holm, n match" \
		split.out split.ref
	# another salt and share move users between arms: the hash is really used
	reel-abtest --split 0.7 --salt 'another salt' sa.tsv sb.tsv >split2.out
	python3 "$ref" split 0.7 'another salt' sa.tsv sb.tsv >split2.ref
	agrees "split: another salt and share match the reference" split2.out split2.ref
	assert "split: the two salts assign differently" \
		"[ \"\$(cut -f2,3 split.out)\" != \"\$(cut -f2,3 split2.out)\" ]"
	python3 "$ref" binom 400 0.05 0.01 >binom.ref
	check "the 99 % binomial region of 400 tests at 0.05 (reference)" "cat binom.ref" "lo	hi
10	32"
fi

# ---- the verdict rule: Holm-adjusted p < 0.05 and the sign of B - A ----
# m1 rises by 0.039 with t = 8.25 (p 1.6e-06), m2 moves by 0.003 (p 0.93).
check "paired: B wins on m1, no significant difference on m2" \
	"reel-abtest --metrics m1,m2 pa.tsv pb.tsv | cut -f1,17" \
	"metric	verdict
m1	B wins
m2	no significant difference"
check "paired: with A and B swapped, A wins on m1" \
	"reel-abtest --metrics m1 pb.tsv pa.tsv | cut -f1,6,17" \
	"metric	diff	verdict
m1	-0.03902400000000001	A wins"
check "paired: the default metrics are every column but user and relevant" \
	"reel-abtest pa.tsv pb.tsv | cut -f1" "metric
m1
m2"
check "paired: one metric alone is not adjusted (p_holm = p)" \
	"reel-abtest --metrics m2 pa.tsv pb.tsv | awk -F'\t' 'NR == 2 { print (\$13 == \$15) }'" "1"
check "an output file with -o" \
	"reel-abtest -o res.tsv pa.tsv pb.tsv && wc -l <res.tsv" "3"

# ---- the bootstrap: seeded, and close to the t interval ----
reel-abtest --metrics m1 pa.tsv pb.tsv | cut -f10,11 >boot1
reel-abtest --metrics m1 pa.tsv pb.tsv | cut -f10,11 >boot2
reel-abtest --metrics m1 --seed 7 pa.tsv pb.tsv | cut -f10,11 >boot3
assert "bootstrap: the same seed gives the same interval" "cmp -s boot1 boot2"
assert "bootstrap: another seed, another interval" "! cmp -s boot1 boot3"
# t interval 0.02881 .. 0.04924; the percentile bootstrap of 14 pairs is a
# little narrower (it uses n, not n - 1, and no t quantile)
assert "bootstrap: the interval holds the mean and lies within 0.005 of the t interval" \
	"reel-abtest --metrics m1 pa.tsv pb.tsv | awk -F'\t' 'NR == 2 { d = \$6 - 0
		ok = \$10 < d && d < \$11 && (\$10 - \$8) ^ 2 < 0.005 ^ 2 && (\$11 - \$9) ^ 2 < 0.005 ^ 2 }
		END { exit !ok }'"
check "bootstrap: --bootstrap 0 leaves it out" \
	"reel-abtest --metrics m1 --bootstrap 0 pa.tsv pb.tsv | cut -f10,11" "boot_lo	boot_hi
nan	nan"

# ---- sample ratio mismatch: B's file lost 250 of its 400 users ----
# A user B's file lacks drops out of arm B only: 184 in A, 79 in B where
# half were expected, chi-square p 9.5e-11 < 0.001, and every verdict says so.
awk -v n=400 -v v=0 -f gen.awk >la.tsv
awk -v n=400 -v v=1 -f gen.awk >lb.tsv
head -151 lb.tsv >lb-short.tsv
table <<'EOF'
0 | reel-abtest: warning: sample ratio mismatch: 184 users in A, 79 in B, expected a share of 0.5 in B (chi-square p 9.51e-11) | reel-abtest --split 0.5 la.tsv lb-short.tsv >srm.out
0 |  | reel-abtest --split 0.5 la.tsv lb.tsv >nosrm.out
EOF
check "SRM: the verdict of every metric is sample ratio mismatch" "cut -f2,3,16 srm.out" \
	"n_a	n_b	verdict
184	79	sample ratio mismatch
184	79	sample ratio mismatch"
check "SRM: the full files are balanced enough (p 0.11)" "cut -f2,3,14 nosrm.out | sed -n 2p" \
	"184	216	0.10959858339911595"

# ---- A/A calibration on synthetic per-user data ----
# MovieLens-shaped data (reel-synth's default size, 943 users), the
# popularity baseline's per-user figures at K = 10.  Each of 400 A/A tests
# splits the users in two by a fresh salt and runs Welch's test: under a
# calibrated test the rejections at 0.05 are about Binomial(400, 0.05),
# mean 20 (5 %), sd sqrt(400 x 0.05 x 0.95) = 4.36 (1.1 points).  The
# bounds 2 % and 9 % (8 and 36 rejections) sit 2.75 sd below and 3.67 sd
# above the mean: a calibrated metric falls outside with probability about
# 0.3 %, and since the salts are fixed the outcome is reproducible, while a
# test whose level is off by a factor of two (2.5 % or 10 %) would land
# outside.  The tool's own verdict uses the exact 99 % region, 10..32.
reel-synth -o syn >/dev/null 2>&1
reel-split --quiet syn/ratings.tsv syn-train.tsv syn-test.tsv
reel-train-baseline --kind pop -o pop.model syn-train.tsv
reel-topk -m pop.model -k 10 --exclude syn-train.tsv -o pop.recs
reel-metrics -k 10 --train syn-train.tsv --per-user pop.pu pop.recs syn-test.tsv >/dev/null
reel-abtest --aa 400 pop.pu >aa.out
assert "A/A: 943 users evaluated" "[ \$(sed 1d pop.pu | wc -l) = 943 ]"
assert "A/A: every metric rejects in 2 % to 9 % of 400 tests" \
	"awk -F'\t' 'NR > 1 && \$1 != \"any_holm\" { n++; if (\$4 < 0.02 || \$4 > 0.09) bad = 1 }
		END { exit bad || n != 8 }' aa.out"
assert "A/A: Holm's family-wise share is at most 9 %" \
	"awk -F'\t' '\$1 == \"any_holm\" { ok = \$4 <= 0.09 } END { exit !ok }' aa.out"
check "A/A: the region is the exact binomial 10..32 of 400, and every metric is calibrated" \
	"sed 1d aa.out | cut -f2,5,6,7 | sort | uniq -c | sed 's/^ *//'" \
	"1 400	0	0.08	calibrated
8 400	0.025	0.08	calibrated"
# A/A test i is the split design of A against itself with salt "reel#i"
i=1 n=0
while [ $i -le 40 ]; do
	reel-abtest --split 0.5 --salt "reel#$i" --metrics recall@10 pop.pu pop.pu |
		awk -F'\t' 'NR == 2 && $12 < 0.05 { exit 1 }' || n=$((n + 1))
	i=$((i + 1))
done
assert "A/A: some of the first 40 tests reject on recall@10" "[ $n -gt 0 ]"
check "A/A: test i is the split design with salt 'reel#i' (40 tests, recall@10)" \
	"reel-abtest --aa 40 --metrics recall@10 pop.pu | sed -n 2p | cut -f3" "$n"

# ---- bad input and usage ----
printf 'user\trelevant\tm1\tm2\n4\t6\t0.5\n' >short.tsv
printf 'user\trelevant\tm1\tm2\n4\t6\t0.5\tx\n' >badval.tsv
printf 'user\trelevant\tm1\tm2\n-4\t6\t0.5\t1\n' >baduser.tsv
printf 'user\trelevant\tm1\tm2\n4\t6\t0.5\t1\n4\t6\t0.5\t1\n' >dup.tsv
printf 'id\trelevant\tm1\n4\t6\t0.5\n' >nohead.tsv
printf 'user\trelevant\tm1\tm2\n' >headonly.tsv
printf 'user\trelevant\tm1\tm2\n4\t6\tnan\t1\n' >nan.tsv
printf 'user\trelevant\trecall@5\thits@5\n4\t0\t0.5\t1\n' >norel.tsv
printf 'user\trelevant\trecall@5\thits@5\n4\t2\t1.5\t1\n' >share.tsv
printf 'user\trelevant\trecall@5\thits@5\n4\t2\t0.5\t1.5\n' >hits.tsv
: >empty.tsv
sed 3d pb.tsv >pb-less.tsv
awk -F'\t' -v OFS='\t' '{ print $1, $2, $3 }' pb.tsv >pb-m1.tsv
table <<'EOF'
1 | reel-abtest: different users in a paired test: user 7 of pa.tsv is not in pb-less.tsv | reel-abtest pa.tsv pb-less.tsv
1 | reel-abtest: different users in a paired test: user 7 of pa.tsv is not in pb-less.tsv | reel-abtest pb-less.tsv pa.tsv
1 | reel-abtest: different users in a paired test: user 46 of sb.tsv is not in pa.tsv | reel-abtest pa.tsv sb.tsv
1 | reel-abtest: pb-m1.tsv: no column 'm2' | reel-abtest pa.tsv pb-m1.tsv
1 | reel-abtest: pa.tsv: no column 'ndcg@10' | reel-abtest --metrics m1,ndcg@10 pa.tsv pb.tsv
1 | reel-abtest: short.tsv:2: expected 4 fields, found 3 | reel-abtest short.tsv pb.tsv
1 | reel-abtest: badval.tsv:2: bad m2 'x' | reel-abtest badval.tsv pb.tsv
1 | reel-abtest: nan.tsv:2: bad m1 'nan' | reel-abtest pa.tsv nan.tsv
1 | reel-abtest: norel.tsv:2: bad relevant '0' | reel-abtest norel.tsv norel.tsv
1 | reel-abtest: share.tsv:2: bad recall@5 '1.5' | reel-abtest share.tsv share.tsv
1 | reel-abtest: hits.tsv:2: bad hits@5 '1.5' | reel-abtest hits.tsv hits.tsv
1 | reel-abtest: baduser.tsv:2: bad user id '-4' | reel-abtest --split 0.5 baduser.tsv pb.tsv
1 | reel-abtest: dup.tsv:3: user 4 given twice | reel-abtest dup.tsv pb.tsv
1 | reel-abtest: nohead.tsv:1: expected a header line starting with 'user', found 'id' | reel-abtest --aa 10 nohead.tsv
1 | reel-abtest: headonly.tsv: no users after the header | reel-abtest pa.tsv headonly.tsv
1 | reel-abtest: empty.tsv: empty file: expected a header line starting with 'user' | reel-abtest empty.tsv pb.tsv
1 | * | reel-abtest missing.tsv pb.tsv
2 | reel-abtest: --split: expected a number between 0 and 1 (exclusive), got '1.5'\nTry 'reel-abtest --help' for more information. | reel-abtest --split 1.5 pa.tsv pb.tsv
2 | reel-abtest: --split: expected a number between 0 and 1 (exclusive), got '0'\nTry 'reel-abtest --help' for more information. | reel-abtest --split 0 pa.tsv pb.tsv
2 | reel-abtest: --split: expected a number between 0 and 1 (exclusive), got '1'\nTry 'reel-abtest --help' for more information. | reel-abtest --aa 10 --split 1 pa.tsv
2 | reel-abtest: expected files A and B, got 1 operand\nTry 'reel-abtest --help' for more information. | reel-abtest pa.tsv
2 | reel-abtest: expected one file A, got 2 operands\nTry 'reel-abtest --help' for more information. | reel-abtest --aa 10 pa.tsv pb.tsv
2 | reel-abtest: --salt applies to the split design (--split) and --aa only\nTry 'reel-abtest --help' for more information. | reel-abtest --salt s pa.tsv pb.tsv
2 | reel-abtest: --metrics: expected names separated by commas, got 'm1,,m2'\nTry 'reel-abtest --help' for more information. | reel-abtest --metrics m1,,m2 pa.tsv pb.tsv
2 | reel-abtest: --metrics: 'm1' given twice\nTry 'reel-abtest --help' for more information. | reel-abtest --metrics m1,m1 pa.tsv pb.tsv
2 | * | reel-abtest --aa 0 pa.tsv
2 | * | reel-abtest --mde 0 pa.tsv pb.tsv
2 | * | reel-abtest --bogus pa.tsv pb.tsv
0 |  | reel-abtest --help
0 |  | reel-abtest --version
EOF
# ---- the headline: leader and runner-up, tied or not ----
check "--headline: B leads on the first metric, significant after Holm: not tied" \
	"reel-abtest --metrics m1,m2 --names old,new --headline h.tsv pa.tsv pb.tsv >/dev/null && cat h.tsv" \
"key	value
leader	new
runner_up	old
metric	m1
tied	0
sentence	new leads on m1 (0.5358 against old's 0.4968): difference +0.0390, 95% interval +0.0288 to +0.0492, p = 1.6e-06 (paired t-test, 14 users; Holm-adjusted over 2 metrics: 3.2e-06)"
check "--headline: a difference whose interval spans 0 is a statistical tie" \
	"reel-abtest --metrics m2,m1 --names old,new --headline h2.tsv pa.tsv pb.tsv >/dev/null && sed -n '5,6p' h2.tsv" \
"tied	1
sentence	new leads on m2 (2.0058 against old's 2.0025), but the two are statistically tied: difference +0.0034, 95% interval -0.0803 to +0.0870, p = 0.93 (paired t-test, 14 users; Holm-adjusted over 2 metrics: 0.93)"
check "--headline: with B below A the sentence says B trails" \
	"reel-abtest --metrics m1 --names new,old --headline h3.tsv pb.tsv pa.tsv >/dev/null && sed -n 6p h3.tsv | cut -c1-41" \
	"sentence	old trails on m1 (0.4968 against"
table <<'EOF'
2 | reel-abtest: --names and --headline go together, in the paired design\nTry 'reel-abtest --help' for more information. | reel-abtest --names a,b pa.tsv pb.tsv
2 | reel-abtest: --names and --headline go together, in the paired design\nTry 'reel-abtest --help' for more information. | reel-abtest --split 0.5 --names a,b --headline h pa.tsv pb.tsv
2 | reel-abtest: --names: expected two names A,B, got 'a'\nTry 'reel-abtest --help' for more information. | reel-abtest --names a --headline h pa.tsv pb.tsv
2 | reel-abtest: --names: expected two names A,B, got 'a,b,c'\nTry 'reel-abtest --help' for more information. | reel-abtest --names a,b,c --headline h pa.tsv pb.tsv
EOF
synopsis_matches abtest
