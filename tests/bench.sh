#!/bin/sh
# bench.sh: reel's speed and memory figures (make bench).
#
# Each figure is the median of repeated runs, measured in this one run
# beside the machine's own SGEMM rate (the physical ceiling), so ratios
# stay meaningful on a shared, noisy machine.  Never run two benchmarks at
# once.  Output: "figure<TAB>value<TAB>unit<TAB>goal" lines on stdout (and
# in out/bench/bench.tsv); progress on stderr.
#   ML100K=DIR   MovieLens 100K (default data/raw/ml-100k, from make data)
#   BENCH_RUNS=N repetitions of the quick measurements (default 5)
#   BENCH_BIG=0  skip the 10M-rating runs and the 25M-rating import
#   BENCH_ONLY=mpi  only the MPI section (needs mpirun and an MPI build)
set -eu
cd "$(dirname "$0")/.."
PATH=$PWD/bin:$PATH
B=$PWD/build/bench
ML100K=${ML100K:-data/raw/ml-100k}
RUNS=${BENCH_RUNS:-5}
BIG=${BENCH_BIG:-1}
CACHE=data/bench
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p out/bench "$CACHE"
export OMP_NUM_THREADS=2
result=out/bench/bench.tsv.tmp
: >"$result"

say() { printf '%s\n' "$*" >&2; }
emit() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" | tee -a "$result"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run N CMD...: run the command N times; lines "training_s wall_s rss_kb
# gflops" in $W/runs (training seconds and GFLOP/s from reel-train-als's
# last line when present, else 0).
run_times() {
	n=$1
	shift
	: >"$W/runs"
	i=0
	while [ $i -lt "$n" ]; do
		/usr/bin/time -f '%e %M' -o "$W/time" "$@" 2>"$W/err" >/dev/null
		train=$(sed -n 's/.* in \([0-9.]*\) s (\([0-9.]*\) GFLOP.*/\1 \2/p' "$W/err")
		[ -n "$train" ] || train="0 0"
		echo "$(echo "$train" | cut -d' ' -f1) $(cat "$W/time") $(echo "$train" | cut -d' ' -f2)" >>"$W/runs"
		i=$((i + 1))
	done
}
col() { cut -d' ' -f"$1" "$W/runs" | median; }
# wall N CMD...: the median wall time of N runs in seconds, to the
# microsecond (time(1) rounds to 10 ms, the whole of a small run)
wall() {
	n=$1
	shift
	i=0
	while [ $i -lt "$n" ]; do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1
		echo "$(( $(date +%s%N) - s ))"
		i=$((i + 1))
	done | median | awk '{ printf "%.4f", $1 / 1e9 }'
}

# Bytes the ALS data structures need: CSR and CSC (indptr u64, indices u32,
# values f32) and the two factor matrices (f32).
als_bytes() { # m n nnz k
	echo "$1 $2 $3 $4" | awk '{ print 2 * $3 * 8 + ($1 + 1 + $2 + 1) * 8 + ($1 + $2) * $4 * 4 }'
}

synth() { # NAME ARGS...: synthetic data, cached across runs
	name=$1
	shift
	[ -f "$CACHE/$name/ratings.tsv" ] || reel-synth --seed 1 "$@" -o "$CACHE/$name" 2>/dev/null
}

# MPI (docs/SCALE.md): 10M ratings, k = 64, CG, 5 iterations: one process
# of 2 threads against 2 ranks of 1 thread on this 2-core machine; peak RSS
# per rank; bytes sent per iteration against the dense-regime formula
# (every rank touches every row: docs/SCALE.md).
mpi_section() {
	command -v mpirun >/dev/null 2>&1 && ldd bin/reel-train-als | grep -q libmpi || {
		say "bench: no mpirun or no MPI build: skipping the MPI figures"
		return 0
	}
	export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
	say "bench: MPI, synthetic 10M ratings, k=64, CG, 5 iterations"
	synth s10m --ratings 10000000
	r=$CACHE/s10m/ratings.tsv
	: >"$W/mpi1" && : >"$W/mpi2" && : >"$W/rss1"
	for i in 1 2 3; do
		/usr/bin/time -f '%M' -o "$W/time" env OMP_NUM_THREADS=2 \
			reel-train-als --iters 5 -o "$W/one.bin" "$r" 2>"$W/err1"
		sed -n 's/.* iterations in \([0-9.]*\) s.*/\1/p' "$W/err1" >>"$W/mpi1"
		cat "$W/time" >>"$W/rss1"
		mpirun --bind-to core -np 2 -x OMP_NUM_THREADS=1 \
			reel-train-als --iters 5 -o "$W/two.bin" "$r" 2>"$W/err2"
		sed -n 's/.* iterations in \([0-9.]*\) s$/\1/p' "$W/err2" >>"$W/mpi2"
		cmp -s "$W/one.bin" "$W/two.bin" || say "bench: MPI model differs from one process's"
	done
	t1=$(median <"$W/mpi1")
	t2=$(median <"$W/mpi2")
	emit mpi_10m_1rank_2threads_per_iter "$(echo "$t1" | awk '{ printf "%.4f", $1 / 5 }')" s -
	emit mpi_10m_2ranks_1thread_per_iter "$(echo "$t2" | awk '{ printf "%.4f", $1 / 5 }')" s -
	emit mpi_10m_2ranks_over_threads "$(echo "$t2 $t1" | awk '{ printf "%.3f", $1 / $2 }')" x "<= 1.25"
	rss1=$(median <"$W/rss1")
	emit mpi_10m_1process_rss "$(echo "$rss1" | awk '{ printf "%.1f", $1 / 1024 }')" MiB -
	grep 'rank [0-9]* of 2' "$W/err2" | sed 's/.*peak RSS \([0-9.]*\) MB/\1/' >"$W/rss2"
	emit mpi_10m_rank_rss_max "$(sort -g "$W/rss2" | tail -1)" MiB -
	emit mpi_10m_rank_rss_over_1process "$(sort -g "$W/rss2" | tail -1 | awk -v one="$rss1" '{ printf "%.3f", $1 * 1024 / one }')" x "< 0.65"
	m=$(reel-inspect "$W/one.bin" | awk -F'\t' '$2 == "X" { split($4, d, " "); print d[1] }')
	n=$(reel-inspect "$W/one.bin" | awk -F'\t' '$2 == "Y" { split($4, d, " "); print d[1] }')
	sent=$(grep 'rank [0-9]* of 2' "$W/err2" | sed 's/.*sent \([0-9]*\) bytes.*/\1/' |
		awk '{ s += $1 } END { print s / NR }') # the ranks' mean
	# rows: (m + n)(P - 1)/P each of 4k bytes; three Gram chains of
	# 4 k(k+1)/2 bytes and the loss's two of one double, each relayed by
	# P - 1 ranks and sent by the last to the P - 1 others: 2(P - 1)/P a rank
	want=$(echo "$m $n" | awk '{ k = 64; P = 2
		print ($1 + $2) * (P - 1) / P * 4 * k + 2 * (P - 1) / P * (3 * 2 * k * (k + 1) + 2 * 8) }')
	emit mpi_10m_rank_mean_bytes_per_iter "$sent" B -
	emit mpi_10m_bytes_over_formula "$(echo "$sent $want" | awk '{ printf "%.3f", $1 / $2 }')" x "0.95..1.05"
}

if [ "${BENCH_ONLY:-}" = mpi ]; then
	mpi_section
	mv "$result" out/bench/bench-mpi.tsv
	say "bench: written out/bench/bench-mpi.tsv"
	exit 0
fi

say "bench: machine ceiling (SGEMM 2048, 1 and 2 threads)"
gemm2=$(OMP_NUM_THREADS=2 "$B/gemm" 2048)
gemm1=$(OMP_NUM_THREADS=1 "$B/gemm" 2048)
emit sgemm_2threads "$gemm2" GFLOP/s "ceiling"
emit sgemm_1thread "$gemm1" GFLOP/s "ceiling"

if [ -f "$ML100K/u.data" ]; then
	say "bench: MovieLens 100K, k=64, 15 iterations, 2 threads"
	reel-split --quiet --seed 42 "$ML100K/u.data" "$W/train.tsv" "$W/test.tsv"
	for solver in cg chol; do
		run_times "$RUNS" reel-train-als --solver "$solver" -o "$W/$solver.bin" "$W/train.tsv"
		t=$(col 1)
		emit "ml100k_${solver}_train" "$t" s "$([ $solver = cg ] && echo '< 0.060' || echo -)"
		# the spread of the runs: this machine's speed drifts by a third
		emit "ml100k_${solver}_train_min" "$(cut -d' ' -f1 "$W/runs" | sort -g | head -1)" s -
		emit "ml100k_${solver}_train_max" "$(cut -d' ' -f1 "$W/runs" | sort -g | tail -1)" s -
		emit "ml100k_${solver}_per_iter" "$(echo "$t" | awk '{ printf "%.4f", $1 / 15 }')" s -
		emit "ml100k_${solver}_wall" "$(col 2)" s -
		emit "ml100k_${solver}_rss" "$(col 3 | awk '{ printf "%.1f", $1 / 1024 }')" MiB -
		emit "ml100k_${solver}_gflops" "$(col 4)" GFLOP/s "vs $gemm2"
	done
	emit ml100k_topk10_all_users "$("$B/topk" "$W/cg.bin" "$W/train.tsv" 10 | awk '{ printf "%.4f", $2 }')" s "< 0.010"
	# a warm server, closed loop, one client
	reel-loadtest --ratings "$W/train.tsv" --requests 20000 --warmup 2000 --seed 1 -o "$W/load.tsv" -- \
		reel-topk -m "$W/cg.bin" -k 10 --exclude "$W/train.tsv" --serve 2>/dev/null
	for q in p50 p99 p99.9; do
		emit "serve_${q}_known_user" "$(awk -F'\t' -v q="${q}_us" '$1 == q { print $2 }' "$W/load.tsv")" us \
			"$([ $q = p99 ] && echo '< 200' || echo -)"
	done
	emit serve_throughput "$(awk -F'\t' '$1 == "throughput" { print $2 }' "$W/load.tsv")" req/s -
else
	say "bench: no MovieLens 100K at $ML100K (make data, or ML100K=DIR): skipping its figures"
fi

# top-K of every user on 1 and 2 threads, MovieLens 100K's shape (943
# users): a second thread must never make it slower
say "bench: top-10 of 943 users on 1 and 2 threads"
synth s100k --ratings 100000
reel-pack -o "$W/s100k.bin" "$CACHE/s100k/ratings.tsv"
reel-train-als --quiet -o "$W/s100k-als.bin" "$W/s100k.bin"
t1=$(wall $((RUNS * 4)) reel-topk -m "$W/s100k-als.bin" -k 10 --threads 1 --exclude "$W/s100k.bin" -o /dev/null)
t2=$(wall $((RUNS * 4)) reel-topk -m "$W/s100k-als.bin" -k 10 --threads 2 --exclude "$W/s100k.bin" -o /dev/null)
emit topk10_943_users_1thread "$t1" s -
emit topk10_943_users_2threads "$t2" s -
emit topk10_943_users_2_over_1 "$(echo "$t2 $t1" | awk '{ printf "%.2f", $1 / $2 }')" x "<= 1.00 (+ noise)"

big_runs() { # NAME SOLVER RUNS
	r=$CACHE/$1/ratings.tsv
	run_times "$3" reel-train-als --solver "$2" -o "$W/$1.bin" "$r"
	t=$(col 1)
	emit "${1}_${2}_per_iter" "$(echo "$t" | awk '{ printf "%.4f", $1 / 15 }')" s -
	emit "${1}_${2}_wall" "$(col 2)" s -
	emit "${1}_${2}_gflops" "$(col 4)" GFLOP/s "$([ "$2" = chol ] && echo ">= $(echo "$gemm2" | awk '{ printf "%.1f", $1 / 3 }') (1/3 of sgemm)" || echo -)"
	m=$(reel-inspect "$W/$1.bin" | awk -F'\t' '$2 == "X" { split($4, d, " "); print d[1] }')
	n=$(reel-inspect "$W/$1.bin" | awk -F'\t' '$2 == "Y" { split($4, d, " "); print d[1] }')
	need=$(als_bytes "$m" "$n" "$(wc -l <"$r")" 64)
	rss=$(col 3)
	emit "${1}_${2}_rss" "$(echo "$rss" | awk '{ printf "%.1f", $1 / 1024 }')" MiB -
	emit "${1}_${2}_rss_over_needed" "$(echo "$rss $need" | awk '{ printf "%.2f", $1 * 1024 / $2 }')" x "<= 1.5"
}

say "bench: synthetic 1M ratings"
synth s1m --ratings 1000000
big_runs s1m cg 3
big_runs s1m chol 3
if [ "$BIG" = 1 ]; then
	say "bench: synthetic 10M ratings (BENCH_BIG=0 skips)"
	synth s10m --ratings 10000000
	emit parse_10m_lines_1thread "$(OMP_NUM_THREADS=1 "$B/parse" "$CACHE/s10m/ratings.tsv" 3 | cut -d' ' -f2)" s "< 2"
	big_runs s10m cg 3
	big_runs s10m chol 1
	say "bench: top-10 for every user of 10M ratings, seen items excluded (binary ratings)"
	reel-pack -o "$W/s10m.bin" "$CACHE/s10m/ratings.tsv"
	reel-train-als --quiet --iters 3 -o "$W/s10m-als.bin" "$W/s10m.bin"
	run_times 3 reel-topk -m "$W/s10m-als.bin" -k 10 --exclude "$W/s10m.bin" -o /dev/null
	emit topk10_10m_exclude_wall "$(col 2)" s "< 1.2"
	emit topk10_10m_exclude_rss "$(col 3 | awk '{ printf "%.1f", $1 / 1024 }')" MiB "< 250"
	run_times 3 reel-topk -m "$W/s10m-als.bin" -k 10 --exclude "$CACHE/s10m/ratings.tsv" -o /dev/null
	emit topk10_10m_exclude_tsv_wall "$(col 2)" s -
	emit topk10_10m_exclude_tsv_rss "$(col 3 | awk '{ printf "%.1f", $1 / 1024 }')" MiB -
	say "bench: top-10 for 70k users x 20k items"
	synth s70k --users 70000 --items 20000 --ratings 7000000
	reel-train-als --quiet --iters 3 -o "$W/s70k.bin" "$CACHE/s70k/ratings.tsv"
	emit topk10_70k_users "$("$B/topk" "$W/s70k.bin" "$CACHE/s70k/ratings.tsv" 10 | awk '{ printf "%.3f", $2 }')" s "< 3"
fi
if [ "$BIG" = 1 ]; then
	# the CSV layout of ML-25M at its size (tests/layouts.sh: quoted titles,
	# half stars), imported on one core: text parsing, the id checks and the
	# duplicate-pair sort
	say "bench: reel-import of 25M CSV ratings (ML-25M's shape), one core"
	synth s25m --users 162000 --items 59000 --ratings 25000000
	if [ ! -f "$CACHE/c25m/ratings.csv" ]; then
		. tests/layouts.sh
		rm -rf "$CACHE/c25m.tmp"
		ml_layout ml-25m "$CACHE/s25m" "$CACHE/c25m.tmp" && mv "$CACHE/c25m.tmp" "$CACHE/c25m"
	fi
	one_core=$(command -v taskset >/dev/null 2>&1 && echo "taskset -c 0" || echo "")
	run_times 3 $one_core reel-import --ml-latest "$CACHE/c25m" -o "$W/import25m"
	emit import_25m_csv_1core "$(col 2)" s "< 10"
	emit import_25m_csv_rss "$(col 3 | awk '{ printf "%.1f", $1 / 1024 }')" MiB -
	rm -rf "$W/import25m"
fi
mpi_section
mv "$result" out/bench/bench.tsv
say "bench: written out/bench/bench.tsv"
