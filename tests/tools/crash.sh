#!/bin/sh
# tests/tools/crash.sh: crash safety.  A tool killed (SIGKILL) at random
# moments while it works and writes leaves each output as it was before or
# complete, never part of one, and nothing but NAME.tmp.PID debris, which
# a following run ignores; a write that fails (a file size limit: EFBIG; a
# full device: /dev/full) is exit 1 with a message and no output; a pipeline
# killed in the middle is repaired by running make again, to the same
# results as a clean run.  The kill times are random; the seed is in the
# test names, so a failure can be replayed with CRASH_SEED.
. "$(dirname "$0")/../lib.sh"

seed=${CRASH_SEED:-$(awk 'BEGIN { srand(); print int(rand() * 500000) }')}
# delays N MAX: N random delays in seconds, 0..MAX
delays() { awk -v n="$1" -v max="$2" -v s="$seed" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.3f\n", rand() * max }'; }
# kill_after D CMD...: start CMD, SIGKILL it D seconds later; $pid is its pid
kill_after() {
	d=$1
	shift
	"$@" 2>/dev/null &
	pid=$!
	sleep "$d"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
}

# ---- reel-synth killed while writing 1M ratings ----
reel-synth --ratings 500000 --seed 1 -o new 2>/dev/null
reel-synth --ratings 500000 --seed 2 -o old 2>/dev/null
i=0
for d in $(delays 5 0.4); do
	i=$((i + 1))
	rm -rf k && cp -r old k
	kill_after "$d" reel-synth --ratings 500000 --seed 1 -o k
	assert "synth killed after $d s (seed $seed): each file old or new, only its own debris" \
		"for f in items users ratings; do cmp -s k/\$f.tsv old/\$f.tsv || cmp -s k/\$f.tsv new/\$f.tsv || exit 1; done; ! ls -a k | grep '\\.tmp' | grep -qv '\\.tmp\\.$pid\\.'"
	if [ $i = 1 ]; then
		reel-synth --ratings 500000 --seed 1 -o k 2>/dev/null
		assert "synth: a following run ignores the debris and completes" \
			"for f in items users ratings; do cmp -s k/\$f.tsv new/\$f.tsv || exit 1; done"
	fi
done

# ---- reel-train-als killed while training and writing its model ----
reel-train-als --quiet --factors 24 --iters 3 --seed 1 -o new.bin new/ratings.tsv
reel-train-als --quiet --factors 24 --iters 3 --seed 2 -o old.bin new/ratings.tsv
for d in $(delays 5 0.6); do
	cp old.bin k.bin
	kill_after "$d" reel-train-als --quiet --factors 24 --iters 3 --seed 1 -o k.bin new/ratings.tsv
	assert "train-als killed after $d s (seed $seed): the model is the old or the new one" \
		"cmp -s k.bin old.bin || cmp -s k.bin new.bin"
	assert "train-als killed after $d s: a following reel-inspect reads it" "reel-inspect k.bin >/dev/null"
	rm -f k.bin.tmp.*
done

# ---- reel-shard killed while writing its parts: each part old or new ----
reel-shard --quiet --parts 3 -o shnew new/ratings.tsv
reel-shard --quiet --parts 3 -o shold old/ratings.tsv
for d in $(delays 3 1.0); do
	rm -rf sk && cp -r shold sk
	kill_after "$d" reel-shard --quiet --parts 3 -o sk new/ratings.tsv
	assert "shard killed after $d s (seed $seed): each part old or new, only its own debris" \
		"for f in shold/*; do p=sk/\${f#shold/}; cmp -s \$p \$f || cmp -s \$p shnew/\${f#shold/} || exit 1; done; ! ls -a sk | grep '\\.tmp' | grep -qv '\\.tmp\\.$pid\\.'"
done

# ---- reel-train-bpmf killed while sampling and writing its model ----
bpmf="reel-train-bpmf --quiet --factors 8 --burn-in 2 --samples 2"
$bpmf --seed 1 -o bnew.bin new/ratings.tsv
$bpmf --seed 2 -o bold.bin new/ratings.tsv
for d in $(delays 3 2.5); do
	cp bold.bin bk.bin
	kill_after "$d" $bpmf --seed 1 -o bk.bin new/ratings.tsv
	assert "train-bpmf killed after $d s (seed $seed): the model is the old or the new one" \
		"cmp -s bk.bin bold.bin || cmp -s bk.bin bnew.bin"
	rm -f bk.bin.tmp.*
done

# ---- a write that fails: no output, exit 1, a message ----
# A file size limit makes write(2) fail with EFBIG once SIGXFSZ is ignored.
# ulimit -f counts 512-byte blocks in dash and 1024-byte ones in bash; 16
# is at most 16 KB either way, less than any of these outputs.
reel-train-baseline --kind pop -o pop.bin new/ratings.tsv
cp old.bin m.bin
limited() { echo "trap '' XFSZ; ulimit -f 16; $1"; }
# a MovieLens 100K directory whose ratings outgrow the limit, the other
# tables not
mkdir ml
printf 'unknown|0\n' >ml/u.genre
awk 'BEGIN { for (i = 1; i <= 30; i++) printf "%d|A|||x|1\n", i }' >ml/u.item
awk 'BEGIN { for (i = 1; i <= 100; i++) printf "%d|20|M|x|1\n", i }' >ml/u.user
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "%d\t%d\t3\t%d\n", 1 + int(i / 30), 1 + i % 30, i }' >ml/u.data
# reel-shard's part 0 small, part 1 (user 1's) over the limit
{ printf '10\t1\t3\n'; awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "1\t%d\t3\n", i }'; } >skew.tsv
table <<EOF
1 | reel-synth: small/items.tsv: write failed: File too large | $(limited "reel-synth --ratings 20000 -o small")
0 |  | [ ! -e small ]
1 | reel-train-als: m.bin: write failed: File too large | $(limited "reel-train-als --quiet --factors 24 --iters 1 -o m.bin new/ratings.tsv")
0 |  | cmp m.bin old.bin && ! ls | grep -q 'm.bin.tmp'
1 | reel-train-bpmf: m.bin: write failed: File too large | $(limited "$bpmf --seed 1 -o m.bin new/ratings.tsv")
0 |  | cmp m.bin old.bin && ! ls | grep -q 'm.bin.tmp'
1 | reel-split: tr.tsv: write failed: File too large | $(limited "reel-split --quiet new/ratings.tsv tr.tsv te.tsv")
0 |  | [ ! -e tr.tsv ] && [ ! -e te.tsv ] && ! ls | grep -q '\.tmp'
1 | reel-split: tr.bin: write failed: File too large | $(limited "reel-split --quiet new/ratings.tsv tr.bin te.bin")
0 |  | [ ! -e tr.bin ] && [ ! -e te.bin ] && ! ls | grep -q '\.tmp'
1 | reel-shard: sh/part-00000.tsv.gz: write failed: File too large | $(limited "reel-shard --parts 2 -o sh new/ratings.tsv")
0 |  | [ ! -e sh ]
0 |  | reel-shard --quiet --parts 2 -o sh ml/u.data && cp -r sh sh0
1 | reel-shard: sh/part-00001.tsv.gz: write failed: File too large | $(limited "reel-shard --parts 2 -o sh skew.tsv")
0 |  | diff -r sh sh0 && ! ls sh | grep -q '\.tmp'
1 | reel-topk: r.tsv: write failed: File too large | $(limited "reel-topk -m pop.bin -k 10 -o r.tsv")
1 | reel-topk: write error on standard output: File too large | $(limited "reel-topk -m pop.bin -k 10 >r.tsv")
1 | reel-topk: /dev/full: write failed: No space left on device | reel-topk -m pop.bin -k 10 -o /dev/full
1 | reel-topk: write error on standard output: No space left on device | reel-topk -m pop.bin -k 10 >/dev/full
1 | reel-topk: write error on standard output: No space left on device | echo 1 | reel-topk -m pop.bin -k 10 --serve >/dev/full
1 | reel-import: small/a/ratings.tsv: write failed: File too large | $(limited "reel-import --ml100k ml -o small/a")
0 |  | [ ! -e small ]
0 |  | rm -rf keep && cp -r old keep
1 | reel-synth: old/items.tsv: write failed: File too large | $(limited "reel-synth --ratings 20000 -o old")
0 |  | for f in items users ratings; do cmp -s old/\$f.tsv keep/\$f.tsv || exit 1; done; ! ls -a old | grep -q tmp
EOF

# ---- reel-split: TRAIN and TEST committed together ----
# With --test-frac 0.9 TRAIN fits under the limit and TEST does not: the
# new TRAIN must not be left beside the old TEST.
head -1000 new/ratings.tsv >r1k.tsv
echo old train >tr.tsv
echo old test >te.tsv
ln -s tr.tsv alias.tsv
ln r1k.tsv hard.tsv
table <<EOF
1 | reel-split: te.tsv: write failed: File too large | $(limited "reel-split --quiet --test-frac 0.9 r1k.tsv tr.tsv te.tsv")
0 |  | [ "\$(cat tr.tsv)" = "old train" ] && [ "\$(cat te.tsv)" = "old test" ] && ! ls | grep -q '\.tmp'
2 | reel-split: TRAIN 'r1k.tsv' is the input RATINGS\nTry 'reel-split --help' for more information. | reel-split r1k.tsv r1k.tsv te.tsv
2 | reel-split: TEST './hard.tsv' is the input RATINGS\nTry 'reel-split --help' for more information. | reel-split r1k.tsv tr.tsv ./hard.tsv
2 | reel-split: TRAIN 'same.tsv' and TEST 'same.tsv' are the same file\nTry 'reel-split --help' for more information. | reel-split r1k.tsv same.tsv same.tsv
2 | reel-split: TRAIN 'tr.tsv' and TEST 'alias.tsv' are the same file\nTry 'reel-split --help' for more information. | reel-split r1k.tsv tr.tsv alias.tsv
0 |  | cmp r1k.tsv hard.tsv && [ "\$(cat tr.tsv)" = "old train" ] && [ ! -e same.tsv ] && ! ls | grep -q '\.tmp'
EOF

# ---- temporary files cannot be hijacked ----
# A symbolic link planted in a shared directory at the name the temporary
# file once had (NAME.tmp.PID: exec keeps the PID) must not be followed,
# and the new file gets the old one's mode, or the umask's for a new one.
echo secret >victim
mkdir -m 1777 shared
reel-topk -m pop.bin -k 3 >want.tsv
table <<EOF
0 |  | exec sh -c 'ln -s ../victim shared/r.tsv.tmp.\$\$ && exec reel-topk -m pop.bin -k 3 -o shared/r.tsv'
0 |  | [ "\$(cat victim)" = secret ] && cmp shared/r.tsv want.tsv && [ ! -L shared/r.tsv ] && [ "\$(ls shared | wc -l)" = 2 ] && [ -L shared/r.tsv.tmp.* ]
0 |  | umask 027 && reel-topk -m pop.bin -k 3 -o shared/new.tsv && [ "\$(stat -c %a shared/new.tsv)" = 640 ]
0 |  | chmod 604 shared/r.tsv && reel-topk -m pop.bin -k 3 -o shared/r.tsv && [ "\$(stat -c %a shared/r.tsv)" = 604 ]
EOF

# ---- the pipeline killed in the middle, then make again ----
# Small: seconds a run.  The clean run and the killed one use the same
# paths (models record the path of their training data).  Compared: every
# output that records no time (the stage timings and the comparison
# table's training seconds do).
pipe() {
	make -s -C "$ROOT" -f pipeline.mk DATASET=synth SYNTH_RATINGS=3000 FACTORS=4 ITERS=2 \
		NEIGHBOURS=20 OUT="$T/p/out" DATA="$T/p/data" evaluate explicit
}
results() {
	(cd p && find data out -type f ! -path 'out/stages/*' ! -name 'compare.*' | sort | xargs cksum)
}
pipe >clean.log 2>&1
results >a.txt
rm -rf p
d=$(delays 1 1.2)
setsid sh -c "make -s -C '$ROOT' -f pipeline.mk DATASET=synth \
	SYNTH_RATINGS=3000 FACTORS=4 ITERS=2 NEIGHBOURS=20 OUT='$T/p/out' DATA='$T/p/data' \
	evaluate explicit" >killed.log 2>&1 &
pid=$!
sleep "$d"
kill -9 -- -$pid 2>/dev/null
wait $pid 2>/dev/null
pipe >again.log 2>&1
RC=$?
results >b.txt
assert "pipeline killed after $d s (seed $seed), then make: exit 0" "[ $RC = 0 ]"
assert "pipeline killed after $d s (seed $seed), then make: the results of a clean run" \
	"[ \$(wc -l <a.txt) -gt 20 ] && cmp a.txt b.txt"
