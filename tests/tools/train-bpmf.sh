# Tests of reel-train-bpmf: the model it writes, determinism across threads,
# recovery of a synthetic low-rank matrix, progress, bad input, usage; the
# RMSE on MovieLens 100K's five folds when $ML100K is set.
. "$(dirname "$0")/../lib.sh"

# A rank-2 matrix of 80 users x 100 items around 3, a third of it observed,
# with uniform noise of standard deviation 0.4 / sqrt(12) = 0.115.
awk 'BEGIN { srand(11);
	for (u = 1; u <= 80; u++) for (f = 1; f <= 2; f++) U[u, f] = 2 * rand() - 1;
	for (i = 1; i <= 100; i++) for (f = 1; f <= 2; f++) V[i, f] = 2 * rand() - 1;
	for (u = 1; u <= 80; u++) for (i = 1; i <= 100; i++) if (rand() < 0.3)
		printf "%d\t%d\t%.3f\n", u, i, 3 + U[u, 1] * V[i, 1] + U[u, 2] * V[i, 2] + 0.4 * (rand() - 0.5) }' >lr.tsv
reel-split --quiet --seed 1 lr.tsv train.tsv test.tsv
rmse() { reel-score -m "$1" test.tsv | reel-metrics --rmse - | awk -F'\t' '$1 == "rmse" { print $2 }'; }

run "reel-train-bpmf --quiet --factors 4 --burn-in 30 --samples 50 -o b.bin train.tsv"
assert "model written" "[ $RC = 0 ] && [ -s b.bin ]"
check "an explicit model of factors x samples dimensions, with biases and mean" \
	"reel-inspect b.bin | grep -E '^(kind|section	(X|user_bias|mean))' | cut -f1-4" \
	"kind	explicit ALS model
section	X	f32	80 x 200
section	user_bias	f32	80 x 1
section	mean	f64	1 x 1"
check "parameters recorded" \
	"reel-inspect b.bin | grep -E '^param	(model|factors|burn_in|samples|alpha|reg_exponent)	'; reel-inspect b.bin | grep -E '^param	rating_m' | awk '{ printf \"%s %.3f\\n\", \$2, \$3 }'" \
	"param	model	bpmf
param	factors	4
param	burn_in	30
param	samples	50
param	alpha	drawn
param	reg_exponent	0
rating_min $(cut -f3 train.tsv | sort -g | head -1)
rating_max $(cut -f3 train.tsv | sort -g | tail -1)"

mean_rmse=$(awk -F'\t' 'NR == FNR { s += $3; n++; next } { e += ($3 - s / n) ^ 2; c++ } END { printf "%.4f", sqrt(e / c) }' train.tsv test.tsv)
reel-train-als --quiet --explicit -o als.bin train.tsv
b=$(rmse b.bin) a=$(rmse als.bin)
assert "recovers the low-rank matrix: test RMSE $b near the noise (0.115), below 0.2" \
	"awk 'BEGIN { exit !($b < 0.2) }'"
assert "better than the global mean ($mean_rmse) and explicit ALS's defaults ($a) by half" \
	"awk 'BEGIN { exit !($b < $mean_rmse / 2 && $b < $a / 2) }'"

run "reel-train-bpmf --quiet --factors 3 --burn-in 5 --samples 7 --threads 1 -o t1.bin train.tsv &&
     reel-train-bpmf --quiet --factors 3 --burn-in 5 --samples 7 --threads 2 -o t2.bin train.tsv"
assert "1 and 2 threads give byte-identical models" "[ $RC = 0 ] && cmp -s t1.bin t2.bin"
run "reel-train-bpmf --quiet --seed 5 --factors 3 --burn-in 5 --samples 7 -o s5.bin train.tsv"
assert "a different seed gives a different model" "! cmp -s t1.bin s5.bin"
run "reel-train-bpmf --quiet --alpha 2 --factors 3 --burn-in 5 --samples 7 -o a2.bin train.tsv"
assert "a fixed alpha gives a different model" "! cmp -s t1.bin a2.bin"
reel-train-bpmf --factors 3 --burn-in 2 --samples 3 --thin 2 --valid test.tsv -o v.bin train.tsv 2>v.log
check "one line per sweep (burn-in + thin x samples), the running average's RMSE on each kept one" \
	"awk '/sweep [0-9]\/8  alpha [0-9.]*  train rmse [0-9.]*/ { n++; if (/valid rmse/) v++ } END { print n, v }' v.log" \
	"8 3"
check "the last running RMSE is reel-score's RMSE of the model" \
	"awk 'END { print \$NF }' v.log" \
	"$(printf '%.4f' "$(rmse v.bin)")"
run "reel-train-bpmf --quiet --factors 3 --burn-in 2 --samples 3 --thin 2 -o v2.bin train.tsv"
assert "--valid watches without changing the draws" "cmp -s v.bin v2.bin"
check "--quiet prints nothing" "reel-train-bpmf --quiet --samples 2 --burn-in 0 -o q.bin train.tsv 2>&1" ""
check "gzip input and stdin give the same factors" \
	"gzip -c train.tsv | reel-train-bpmf --quiet --factors 2 --burn-in 1 --samples 2 -o g.bin - &&
	 reel-train-bpmf --quiet --factors 2 --burn-in 1 --samples 2 -o g2.bin train.tsv &&
	 reel-inspect --factors items g.bin >g.txt && reel-inspect --factors items g2.bin | cmp - g.txt && echo same" \
	"same"
synopsis_matches train-bpmf

printf '1\t2\t5\n1\t3\tx\n' >bad.tsv
printf '1\t2\t5\n2\t3\t1\n1\t2\t4\n' >dup.tsv
: >empty.tsv
table <<'EOF'
1 | reel-train-bpmf: bad.tsv:2: bad rating 'x' | reel-train-bpmf -o x.bin bad.tsv
1 | reel-train-bpmf: dup.tsv:3: duplicate rating for user 1, item 2 (first at line 1) | reel-train-bpmf -o x.bin dup.tsv
1 | reel-train-bpmf: bad.tsv:2: bad rating 'x' | reel-train-bpmf --valid bad.tsv -o x.bin train.tsv
1 | reel-train-bpmf: empty.tsv: no ratings (empty file) | reel-train-bpmf -o x.bin empty.tsv
0 |  | reel-train-bpmf -o x.bin bad.tsv 2>/dev/null; [ ! -e x.bin ] && ! ls | grep -q tmp
2 | reel-train-bpmf: missing -o MODEL\nTry 'reel-train-bpmf --help' for more information. | reel-train-bpmf train.tsv
2 | reel-train-bpmf: expected one TRAIN file, got 2\nTry 'reel-train-bpmf --help' for more information. | reel-train-bpmf -o x.bin train.tsv test.tsv
2 | reel-train-bpmf: --samples: expected an integer from 1 to 1000000, got '0'\nTry 'reel-train-bpmf --help' for more information. | reel-train-bpmf --samples 0 -o x.bin train.tsv
2 | reel-train-bpmf: --alpha: expected a number from 1e-09 to 1e+09, got '0'\nTry 'reel-train-bpmf --help' for more information. | reel-train-bpmf --alpha 0 -o x.bin train.tsv
2 | reel-train-bpmf: --factors times --samples is 100000, more than 65536 model factors\nTry 'reel-train-bpmf --help' for more information. | reel-train-bpmf --factors 100 --samples 1000 -o x.bin train.tsv
2 | reel-train-bpmf: unknown option '--burnin'\nTry 'reel-train-bpmf --help' for more information. | reel-train-bpmf --burnin 3 -o x.bin train.tsv
EOF

# Real data: the defaults on the five official folds, the issue's goal (one thread:
# the same models as any thread count, without two threads waiting on each
# other on a loaded machine).
[ -n "${ML100K:-}" ] || exit 0
case $ML100K in /*) ;; *) ML100K=$ROOT/$ML100K ;; esac
for f in 1 2 3 4 5; do
	reel-train-bpmf --quiet --threads 1 -o "bp$f.bin" "$ML100K/u$f.base"
	reel-score -m "bp$f.bin" "$ML100K/u$f.test" | reel-metrics --rmse - | awk -F'\t' '$1 == "rmse" { print $2 }'
	rm -f "bp$f.bin"
done >rmse.txt
mean_rmse=$(awk '{ s += $1 } END { if (NR == 5) printf "%.4f", s / 5 }' rmse.txt)
assert "ML100K BPMF defaults: mean RMSE over u1..u5 <= 0.900 (${mean_rmse:-missing}: $(tr '\n' ' ' <rmse.txt))" \
	"awk 'BEGIN { exit !(\"$mean_rmse\" != \"\" && $mean_rmse + 0 <= 0.900) }'"
