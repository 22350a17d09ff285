#!/bin/sh
# tests/tools/mpi.sh: reel-train-als under mpirun (docs/SCALE.md) writes the
# same bytes as one process, for 1 to 4 ranks of 1 and 2 threads, CG,
# Cholesky and explicit; a directory of parts trains the same factors; a
# killed rank and bad input on one rank's part fail the job, leaving no
# model and no temporary file.  Skipped where mpirun or an MPI build is
# missing.
. "$(dirname "$0")/../lib.sh"

if ! command -v mpirun >/dev/null 2>&1 || ! ldd "$ROOT/bin/reel-train-als" | grep -q libmpi; then
	ok "# SKIP mpi: no mpirun or reel-train-als built without MPI"
	exit 0
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
mpi() { # mpi NP THREADS CMD...
	np=$1 th=$2
	shift 2
	mpirun --oversubscribe --bind-to none -np "$np" -x OMP_NUM_THREADS="$th" "$@"
}

# 1300 users and 700 items: every rank of 4 owns blocks of users and items
reel-synth --users 1300 --items 700 --ratings 30000 --seed 3 -o syn 2>/dev/null
for opts in "--solver cg" "--solver chol" "--solver ialspp --block 6" "--explicit"; do
	reel-train-als --quiet --factors 16 --iters 3 $opts -o one.bin syn/ratings.tsv
	for np in 1 2 3 4; do
		for th in 1 2; do
			[ $np -ge 3 ] && [ $th = 2 ] && continue # 3 x 2 and 4 x 2 threads: slow on 2 cores
			mpi $np $th reel-train-als --quiet --factors 16 --iters 3 $opts -o m.bin \
				syn/ratings.tsv 2>err
			if cmp -s one.bin m.bin; then
				ok "mpirun -np $np, $th threads, $opts: the one-process model's bytes"
			else
				fail "mpirun -np $np, $th threads, $opts: the one-process model's bytes" "$(cat err)"
			fi
		done
	done
done
# 4 x 2 threads once (the costliest case)
mpi 4 2 reel-train-als --quiet --factors 16 --iters 2 -o m.bin syn/ratings.tsv
reel-train-als --quiet --factors 16 --iters 2 -o one.bin syn/ratings.tsv
cmp -s one.bin m.bin && ok "mpirun -np 4, 2 threads: the one-process model's bytes" ||
	fail "mpirun -np 4, 2 threads: the one-process model's bytes"

# a directory of parts (whatever split): the same factors
mkdir parts
awk -F'\t' '{ print > ("parts/part-0000" (NR % 3) ".tsv") }' syn/ratings.tsv
mpi 2 1 reel-train-als --quiet --factors 8 --iters 2 -o p.bin parts
reel-train-als --quiet --factors 8 --iters 2 -o one.bin syn/ratings.tsv
reel-inspect --factors users p.bin >p.txt && reel-inspect --factors items p.bin >>p.txt
reel-inspect --factors users one.bin >one.txt && reel-inspect --factors items one.bin >>one.txt
[ -s one.txt ] && cmp -s p.txt one.txt && ok "mpirun on a directory of parts: the one-process factors" ||
	fail "mpirun on a directory of parts: the one-process factors"

reel-shard --quiet --parts 5 -o shards syn/ratings.tsv
mpi 3 1 reel-train-als --quiet --factors 8 --iters 2 -o s.bin shards
reel-inspect --factors users s.bin >s.txt && reel-inspect --factors items s.bin >>s.txt
cmp -s s.txt one.txt && ok "mpirun -np 3 on reel-shard's 5 parts: the one-process factors" ||
	fail "mpirun -np 3 on reel-shard's 5 parts: the one-process factors"

# the counters: bytes sent per iteration as docs/SCALE.md counts them
mpi 2 1 reel-train-als --factors 16 --iters 2 -o c.bin syn/ratings.tsv 2>err
# implicit, loss printed: own rows others need x k floats each half-step;
# three Gram chains (a running sum of k(k+1)/2 floats, passed on once by
# each rank but the last, which sends the total to the P - 1 others) and
# the loss's two chains of one double
awk -v k=16 -v P=2 '
/rank [0-9]+ of 2/ {
	for (f = 1; f <= NF; f++) {
		if ($f == "users") { split($(f + 1), u, /\.\.|,/) }
		if ($f == "items") { split($(f + 1), it, /\.\.|,/) }
		if ($f == "sent") sent[++r] = $(f + 1)
		if ($f == "received") { ru[r + 1] = $(f + 1); ri[r + 1] = $(f + 4) }
	}
}
END {
	if (r != 2) { print "no counters"; exit 1 }
	for (q = 1; q <= 2; q++) {
		o = 3 - q
		# rows rank o receives from others: all from q
		rows = ru[o] + ri[o]
		copies = q < P ? 1 : P - 1 # the last rank (q = P) sends the totals
		want = rows * k * 4 + copies * (3 * k * (k + 1) / 2 * 4 + 2 * 8)
		if (sent[q] != want) { print "rank " q - 1 ": sent " sent[q] ", formula " want; exit 1 }
	}
}' err >why && ok "counters: bytes sent per iteration match the formula" ||
	fail "counters: bytes sent per iteration match the formula" "$(cat why)" "$(grep rank err)"

# --valid: each iteration's Recall@10 and NDCG@10 are one process's, and the model too
reel-split --quiet --seed 42 syn/ratings.tsv tr.tsv te.tsv
for opts in "--solver cg" "--explicit"; do
	reel-train-als --factors 16 --iters 2 $opts --valid te.tsv -o v1.bin tr.tsv 2>&1 |
		grep 'iter [0-9]' | sed 's/  [0-9.]* s / /' >v1.txt
	for np in 2 3; do
		mpi $np 1 reel-train-als --factors 16 --iters 2 $opts --valid te.tsv -o v.bin tr.tsv \
			2>&1 | grep 'iter [0-9]' | sed 's/  [0-9.]* s / /' >v.txt
		[ "$(grep -c recall v.txt)" = 2 ] && cmp -s v1.txt v.txt && cmp -s v1.bin v.bin &&
			ok "--valid under mpirun -np $np, $opts: one process's figures and model" ||
			fail "--valid under mpirun -np $np, $opts: one process's figures and model" \
				"$(cat v1.txt)" "$(cat v.txt)"
	done
done

# a killed rank: mpirun fails, no model, no temporary file
mkdir kill && cd kill
REEL_TEST_KILL_RANK=1 mpi 2 1 -x REEL_TEST_KILL_RANK reel-train-als --quiet --factors 8 \
	--iters 4 -o k.bin ../syn/ratings.tsv >/dev/null 2>&1
rc=$?
[ $rc != 0 ] && [ -z "$(ls)" ] && ok "a killed rank: exit $rc, no model, no .tmp" ||
	fail "a killed rank: exit $rc, no model, no .tmp" "$(ls)"
cd ..

# a pair repeated across two parts (each part alone is fine): exit 1, no model
mkdir dup dupout
cp parts/part-0000[01].tsv dup/
head -1 dup/part-00001.tsv >dup/part-00002.tsv
pair=$(head -1 dup/part-00001.tsv | cut -f1,2 | sed 's/\t/, item /')
mpi 2 1 reel-train-als --quiet --factors 8 --iters 2 -o dupout/d.bin dup >/dev/null 2>err
rc=$?
[ $rc = 1 ] && grep -qxF "reel-train-als: duplicate rating for user $pair (in two parts)" err &&
	[ -z "$(ls dupout)" ] && ok "a pair repeated across parts: exit 1, its message, no model" ||
	fail "a pair repeated across parts: exit 1, its message, no model" "rc $rc" "$(cat err)"

# bad input on one rank's part: exit 1 with that rank's message
printf '5\t7\tx\n' >>parts/part-00001.tsv
mkdir bad && cd bad
mpi 2 1 reel-train-als --quiet --factors 8 --iters 2 -o b.bin ../parts >/dev/null 2>err
rc=$?
msg="reel-train-als: ../parts/part-00001.tsv:$(wc -l <../parts/part-00001.tsv): expected 4 fields, found 3"
[ $rc = 1 ] && grep -qxF "$msg" err && [ "$(ls)" = err ] &&
	ok "bad input on rank 1's part: exit 1, its message, no model" ||
	fail "bad input on rank 1's part: exit 1, its message, no model" "rc $rc" "$(cat err)" "$(ls)"
cd ..

# batch top-K under mpirun: rank 0 joins the ranks' parts into one process's bytes
reel-topk -m one.bin -k 5 --exclude syn/ratings.tsv -o all.tsv
for np in 2 3; do
	mpi $np 1 reel-topk -m one.bin -k 5 --exclude syn/ratings.tsv -o recs$np.tsv
	cmp -s all.tsv recs$np.tsv && [ -z "$(ls recs$np.tsv.* 2>/dev/null)" ] &&
		ok "reel-topk under mpirun -np $np: one process's bytes, no parts left" ||
		fail "reel-topk under mpirun -np $np: one process's bytes, no parts left"
done
# rank 1 cannot write its part (a directory is in the way): the job fails
# with its message, and neither RECS nor any other rank's part is left
mkdir -p lost && mkdir lost/recs.tsv.part-00001
mpi 2 1 reel-topk -m one.bin -k 5 --exclude syn/ratings.tsv -o lost/recs.tsv 2>err
rc=$?
[ $rc -ne 0 ] && grep -q 'lost/recs.tsv.part-00001' err &&
	[ "$(ls lost)" = "recs.tsv.part-00001" ] &&
	ok "reel-topk under mpirun, a part that cannot be written: fails, nothing left" ||
	fail "reel-topk under mpirun, a part that cannot be written: fails, nothing left" \
		"rc $rc" "$(cat err)" "$(ls lost)"

# ---- bad parts and bad shared inputs under mpirun -np 2: the exit status,
# exactly one message (the same fault met by every rank is told once, and
# a message is one write: never two ranks' pieces in one line), no output
# ---- mpi_bad NAME RC MESSAGE CMD...: run in a fresh directory mb/
mpi_bad() {
	name=$1 want_rc=$2 want=$3
	shift 3
	rm -rf mb && mkdir mb
	mpi 2 1 "$@" >/dev/null 2>mb.err
	rc=$?
	got=$(grep -E '^(reel-|Try )' mb.err)
	left=$(ls mb)
	if [ $rc = "$want_rc" ] && [ "$got" = "$(printf '%b' "$want")" ] && [ -z "$left" ]; then
		ok "mpirun: $name: exit $rc, one message, no output"
	else
		fail "mpirun: $name: exit $rc, one message, no output" "rc $rc, expected $want_rc" \
			"got: $got" "expected: $want" "left: $left"
	fi
}
printf '1\t1\t3\n1\t2\t4\n2\t1\t5\n' >tiny.tsv
reel-shard --quiet --parts 6 -o tinyparts tiny.tsv
reel-train-als --quiet --factors 2 --iters 1 -o tiny1.bin tiny.tsv
mpi 2 1 reel-train-als --quiet --factors 2 --iters 1 -o tiny2.bin tinyparts 2>err
reel-inspect --factors users tiny1.bin >t1.txt && reel-inspect --factors items tiny1.bin >>t1.txt
reel-inspect --factors users tiny2.bin >t2.txt && reel-inspect --factors items tiny2.bin >>t2.txt
[ "$(ls tinyparts | wc -l)" = 6 ] && [ -s t1.txt ] && cmp -s t1.txt t2.txt &&
	ok "mpirun on reel-shard's parts, some empty (6 parts, 2 users): one process's factors" ||
	fail "mpirun on reel-shard's parts, some empty (6 parts, 2 users): one process's factors" "$(cat err)"
mkdir noparts emptyparts dirpart linkpart
: >emptyparts/part-00000.tsv && : >emptyparts/part-00001.tsv
cp tiny.tsv dirpart/part-00000.tsv && mkdir dirpart/part-00001.tsv
cp tiny.tsv linkpart/part-00000.tsv && ln -s "$T/nowhere" linkpart/part-00001.tsv
printf '1\t2\tx\n' >badvalid.tsv
train="reel-train-als --quiet --factors 2 --iters 1 -o mb/m.bin"
mpi_bad "no part-* files" 1 "reel-train-als: noparts: no part-* files" $train noparts
mpi_bad "every part empty" 1 "reel-train-als: emptyparts: no ratings (every part is empty)" \
	$train emptyparts
mpi_bad "a part that is a directory" 1 "reel-train-als: dirpart/part-00001.tsv: is a directory" \
	$train dirpart
mpi_bad "a part that is a dangling link" 1 \
	"reel-train-als: linkpart/part-00001.tsv: No such file or directory" $train linkpart
mpi_bad "bad --valid" 1 "reel-train-als: badvalid.tsv:1: bad rating 'x'" \
	$train --valid badvalid.tsv tr.tsv
mpi_bad "bad --valid, verbose" 1 "reel-train-als: badvalid.tsv:1: bad rating 'x'" \
	reel-train-als --factors 2 --iters 1 -o mb/m.bin --valid badvalid.tsv tr.tsv
mpi_bad "missing --valid" 1 "reel-train-als: nowhere.tsv: No such file or directory" \
	$train --valid nowhere.tsv tr.tsv
mpi_bad "a bad training file" 1 "reel-train-als: badvalid.tsv:1: bad rating 'x'" $train badvalid.tsv
mpi_bad "--block 0" 2 "reel-train-als: --block: expected an integer from 1 to 4096, got '0'\nTry 'reel-train-als --help' for more information." \
	$train --solver ialspp --block 0 tr.tsv
mpi_bad "--threads 0" 2 "reel-train-als: --threads: expected an integer from 1 to 1024, got '0'\nTry 'reel-train-als --help' for more information." \
	$train --threads 0 tr.tsv
mpi_bad "reel-topk, an unknown option" 2 "reel-topk: unknown option '--bogus'\nTry 'reel-topk --help' for more information." \
	reel-topk -m one.bin -k 5 --bogus -o mb/r.tsv
mpi_bad "reel-topk, a bad --exclude" 1 "reel-topk: badvalid.tsv:1: bad rating 'x'" \
	reel-topk -m one.bin -k 5 --exclude badvalid.tsv -o mb/r.tsv
mpi_bad "reel-topk, a missing model" 1 "reel-topk: nowhere.bin: No such file or directory" \
	reel-topk -m nowhere.bin -k 5 -o mb/r.tsv
# K above the item count: every item, one process's bytes
reel-topk -m one.bin -k 1000 --exclude syn/ratings.tsv -o allk.tsv
mpi 2 1 reel-topk -m one.bin -k 1000 --exclude syn/ratings.tsv -o allk2.tsv
[ -s allk.tsv ] && cmp -s allk.tsv allk2.tsv &&
	ok "reel-topk under mpirun, K above the item count: one process's bytes" ||
	fail "reel-topk under mpirun, K above the item count: one process's bytes"
