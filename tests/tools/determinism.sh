#!/bin/sh
# tests/tools/determinism.sh: every tool, given the same inputs and seed,
# writes byte-identical outputs on 1 and on 2 threads (OMP_NUM_THREADS, and
# --threads where the tool has it) and across two runs.
#
# Each command of the table below runs three times, with its outputs (files
# under out/, and its stdout as out/stdout) kept: on 1 thread, on 2, and on
# 2 again; the three out/ trees must be identical.  A command always runs
# with the same paths, so paths recorded in outputs (a model's params) agree.
. "$(dirname "$0")/../lib.sh"

# ---- inputs ----
reel-synth --users 60 --items 80 --ratings 3000 --seed 5 -o syn 2>/dev/null
reel-split --quiet --seed 1 syn/ratings.tsv tr.tsv te.tsv
reel-train-als --quiet --factors 6 --iters 3 -o als.bin tr.tsv
reel-train-als --quiet --explicit --factors 4 --iters 3 -o ex.bin tr.tsv
reel-train-baseline --kind ease --reg 50 -o ease.bin tr.tsv
reel-train-baseline --kind itemknn --neighbours 10 -o knn.bin tr.tsv
reel-train-baseline --kind pop -o pop.bin tr.tsv
reel-topk -m als.bin -k 10 --exclude tr.tsv -o recs.tsv
reel-topk -m pop.bin -k 10 --exclude tr.tsv -o recs-pop.tsv
reel-score -m ex.bin -o scored.tsv te.tsv
reel-metrics -k 5,10 --train tr.tsv --per-user pu-als.tsv -o met-als.tsv recs.tsv te.tsv
reel-metrics -k 5,10 --train tr.tsv --per-user pu-pop.tsv -o met-pop.tsv recs-pop.tsv te.tsv
echo 1.5 >sec-als.txt
echo 0.25 >sec-pop.txt
reel-segment --users syn/users.tsv --items syn/items.tsv -o seg syn/ratings.tsv
reel-timeplot -o tp syn/ratings.tsv
cut -f2 te.tsv | sort -u | head -20 >items.txt
user=$(head -1 tr.tsv | cut -f1)
item=$(head -1 te.tsv | cut -f2)
# requests for --serve: known users, a history, garbage
{
	cut -f1 tr.tsv | sort -un | head -20
	awk -F'\t' 'NR == 1 { u = $1 } $1 == u { h = h " " $2 ":" $3 } END { print "99999" h }' tr.tsv
	printf 'x\n1 2 2\n'
} >requests.txt
mkdir m100
printf 'unknown|0\nAction|1\nComedy|2\n\n' >m100/u.genre
printf '%s\n' '1|Alpha (1995)|01-Jan-1995||http://x|0|1|1' '2|Beta|4-Feb-1971||y|0|0|1' >m100/u.item
printf '%s\n' '1|24|M|writer|85711' '2|53|F|other|T8H1N' >m100/u.user
printf '1\t1\t5\t881250949\n2\t1\t3\t881250950\n1\t2\t4\t881250951\n' >m100/u.data
printf '# Run\n\nrecall {{met-als.tsv:recall@10}}\n\n@table met-pop.tsv\n@image chart.svg\n' >t.md
printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect id="r" width="5" height="5"/></svg>\n' >chart.svg

# ---- the commands: NAME | command ({T}: --threads N where the tool has it;
# outputs under out/) ----
cat >commands <<EOF
synth | reel-synth --users 60 --items 80 --ratings 3000 --seed 9 -o out
split user | reel-split --quiet --seed 3 syn/ratings.tsv out/a out/b
split time | reel-split --quiet --mode time syn/ratings.tsv out/a out/b
split user-time | reel-split --quiet --mode user-time syn/ratings.tsv out/a out/b
split kfold | reel-split --quiet --mode kfold --folds 3 --fold 1 --seed 3 syn/ratings.tsv out/a out/b
train-als cg | reel-train-als --quiet --factors 6 --iters 3 --seed 2 {T} -o out/m.bin tr.tsv
train-als chol | reel-train-als --quiet --solver chol --factors 6 --iters 3 --seed 2 {T} -o out/m.bin tr.tsv
train-als explicit | reel-train-als --quiet --explicit --factors 4 --iters 3 --seed 2 {T} -o out/m.bin tr.tsv
train-als valid | reel-train-als --factors 4 --iters 2 --valid te.tsv {T} -o out/m.bin tr.tsv 2>&1 | grep ' iter ' | sed 's/  [0-9.]* s  /  /' >out/log
train-baseline pop | reel-train-baseline --kind pop {T} -o out/m.bin tr.tsv
train-baseline random | reel-train-baseline --kind random --seed 4 {T} -o out/m.bin tr.tsv
train-baseline genre | reel-train-baseline --kind genre --items syn/items.tsv {T} -o out/m.bin tr.tsv
train-baseline itemknn | reel-train-baseline --kind itemknn --neighbours 10 {T} -o out/m.bin tr.tsv
train-baseline ease | reel-train-baseline --kind ease --reg 50 {T} -o out/m.bin tr.tsv
topk als | reel-topk -m als.bin -k 7 --exclude tr.tsv {T} -o out/r.tsv
topk explicit | reel-topk -m ex.bin -k 7 --exclude tr.tsv {T} -o out/r.tsv
topk ease | reel-topk -m ease.bin -k 7 --exclude tr.tsv {T} -o out/r.tsv
topk itemknn | reel-topk -m knn.bin -k 7 --exclude tr.tsv --candidates items.txt {T} -o out/r.tsv
topk filter | reel-topk -k 3 -o out/r.tsv scored.tsv
topk serve als | reel-topk -m als.bin -k 5 --serve --exclude tr.tsv <requests.txt >out/stdout
topk serve ease | reel-topk -m ease.bin -k 5 --serve <requests.txt >out/stdout
score | reel-score -m ex.bin -o out/s.tsv te.tsv
similar als | reel-similar -m als.bin -k 5 {T} -o out/s.tsv items.txt
similar itemknn | reel-similar -m knn.bin -k 5 {T} -o out/s.tsv items.txt
explain | reel-explain -m als.bin --user $user --item $item --history tr.tsv -o out/x.tsv
foldin | reel-foldin --quiet -m als.bin -o out/m.bin te.tsv
metrics | reel-metrics -k 5,10 --train tr.tsv --per-user out/pu.tsv -o out/m.tsv recs.tsv te.tsv
metrics rmse | reel-metrics --rmse scored.tsv -o out/m.tsv
compare | reel-compare --baseline pop --markdown out/c.md -o out/c.tsv pop met-pop.tsv sec-pop.txt als met-als.tsv sec-als.txt
inspect | reel-inspect -o out/i.tsv als.bin
inspect factors | reel-inspect --factors items -o out/i.tsv ex.bin
import | reel-import --ml100k m100 -o out
segment | reel-segment --users syn/users.tsv --items syn/items.tsv -o out syn/ratings.tsv
timeplot | reel-timeplot --tz America/New_York -o out syn/ratings.tsv
insights | reel-insights -o out seg tp
report | reel-report -o out/r.html t.md
report md | reel-report --format md -o out/r.md t.md
titles | reel-titles --items syn/items.tsv -o out/t.tsv recs.tsv
abtest | reel-abtest --bootstrap 200 --seed 3 -o out/ab.tsv pu-pop.tsv pu-als.tsv
abtest aa | reel-abtest --aa 20 --seed 3 -o out/ab.tsv pu-als.tsv
EOF
# Not here: reel-loadtest and reel-scalesim, whose outputs are timings
# (latencies, seconds) and so differ from run to run by nature; their
# inputs (requests drawn from --seed) are reel-loadtest's own test's matter.

# once THREADS CMD DIR: run CMD on THREADS threads, outputs kept in DIR
once() {
	cmd=$2
	while case $cmd in *{T}*) true ;; *) false ;; esac do
		cmd="${cmd%%\{T\}*}--threads $1${cmd#*\{T\}}"
	done
	rm -rf out && mkdir out
	OMP_NUM_THREADS=$1 sh -c "$cmd" </dev/null >stdout.txt 2>err.txt
	rc=$?
	[ ! -s stdout.txt ] || mv stdout.txt out/stdout.run
	rm -rf "$3" && mv out "$3"
	return $rc
}

while IFS= read -r line; do
	name=${line%% | *}
	cmd=${line#* | }
	if ! once 1 "$cmd" o1; then
		fail "$name: the same on 1 and 2 threads and twice" "exit status not 0" "$(head -3 err.txt)"
		continue
	fi
	once 2 "$cmd" o2
	once 2 "$cmd" o3
	if [ -z "$(find o1 -type f | head -1)" ]; then
		fail "$name: the same on 1 and 2 threads and twice" "no output"
	elif ! diff -r o1 o2 >diff.txt; then
		fail "$name: the same on 1 and 2 threads" "$(head -5 diff.txt | cut -c1-150)"
	elif ! diff -r o2 o3 >diff.txt; then
		fail "$name: the same twice" "$(head -5 diff.txt | cut -c1-150)"
	else
		ok "$name: the same on 1 and 2 threads and twice"
	fi
done <commands
