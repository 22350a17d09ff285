#!/bin/sh
# tests/valgrind.sh [DIR]: the small synthetic pipeline (pipeline.mk with
# DATASET=synth) with every reel tool under valgrind's memcheck: no error
# and no leak is allowed (--error-exitcode=1 --leak-check=full; "still
# reachable" blocks are not leaks).  `make valgrind` runs it; it takes a
# few minutes.  DIR (default: a new temporary directory, removed when all
# is well) holds the run and one log per process, DIR/logs/reel-NAME.PID.
#
# How: make runs pipeline.mk from a shadow tree whose bin/reel-NAME are
# wrappers that exec valgrind on the real binary.  A tool started by a tool
# under valgrind (reel-loadtest's reel-topk --serve) runs plainly, so that
# the load test is not timed under valgrind; --serve is then checked on
# its own below.  tests/valgrind.supp holds the suppressions, for
# third-party libraries only (each documented there).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null 2>&1 || {
	echo "valgrind.sh: valgrind is not installed (scripts/deps.sh --valgrind)" >&2
	exit 1
}
if nm "$ROOT/bin/reel-split" 2>/dev/null | grep -q __asan_init; then
	echo "valgrind.sh: bin/ is a SANITIZE=1 build; valgrind needs a plain one (make clean build)" >&2
	exit 1
fi
W=${1:-$(mktemp -d "${TMPDIR:-/tmp}/reel-valgrind.XXXXXX")}
mkdir -p "$W/shadow/bin" "$W/logs"
W=$(cd "$W" && pwd)
for dir in scripts plots docs; do ln -sfn "$ROOT/$dir" "$W/shadow/$dir"; done
ln -sf "$ROOT/pipeline.mk" "$W/shadow/pipeline.mk"
for tool in "$ROOT"/bin/reel-*; do
	name=${tool##*/}
	cat >"$W/shadow/bin/$name" <<WRAP
#!/bin/sh
[ -z "\${REEL_UNDER_VALGRIND:-}" ] || exec "$tool" "\$@"
REEL_UNDER_VALGRIND=1 exec valgrind -q --error-exitcode=1 --leak-check=full \\
	--show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \\
	--suppressions="$ROOT/tests/valgrind.supp" --log-file="$W/logs/$name.%p" "$tool" "\$@"
WRAP
	chmod +x "$W/shadow/bin/$name"
done

# the pipeline, small: every stage runs, each in a few seconds under valgrind
status=0
echo "valgrind.sh: the synthetic pipeline in $W" >&2
make -k -s -C "$W/shadow" -f pipeline.mk DATASET=synth SYNTH_RATINGS=4000 FACTORS=4 ITERS=2 \
	KS=5,10 AA_TESTS=20 LOAD_REQUESTS=50 NEIGHBOURS=20 \
	OUT="$W/out" DATA="$W/data" pipeline >"$W/make.log" 2>&1 || {
	echo "valgrind.sh: the pipeline failed:" >&2
	tail -20 "$W/make.log" >&2
	status=1
}
# --serve (in the pipeline only inside the load test, where it runs plainly):
# answers, errors, a long line, EOF in mid-line
{
	"$ROOT/bin/reel-pack" -o - "$W/out/split/train.bin" | cut -f1 | sort -un | head -5
	printf 'x\n1 2 2\n99999 1:4 2:3\n'
	awk 'BEGIN { printf "1"; for (i = 0; i < 300000; i++) printf " 10"; print "" }'
	printf '1'
} | "$W/shadow/bin/reel-topk" -m "$W/out/models/als.bin" -k 5 --serve \
	--exclude "$W/out/split/train.bin" >"$W/serve.out" 2>"$W/serve.err" || {
	echo "valgrind.sh: reel-topk --serve failed:" >&2
	cat "$W/serve.err" >&2
	status=1
}

runs=$(ls "$W/logs" | wc -l)
bad=$(find "$W/logs" -type f -size +0 | sort)
if [ -n "$bad" ]; then
	for f in $bad; do
		echo "== $f" >&2
		head -40 "$f" >&2
	done
	status=1
fi
echo "valgrind.sh: $runs processes under valgrind, $(echo "$bad" | grep -c .) with errors or leaks" >&2
[ $status != 0 ] || [ $# -gt 0 ] || rm -rf "$W"
exit $status
