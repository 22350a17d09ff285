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
