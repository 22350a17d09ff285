# tests/lib.sh: helpers for the table-driven tool tests (sourced).
#
# Each test prints one line, "ok - NAME" or "FAIL - NAME" followed by what
# differed; tests/run.sh counts them.  Tests run in a fresh temporary
# directory $T with bin/ first on PATH; $ROOT is the source tree and $DATA
# the directory of generated test inputs.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PATH=$ROOT/bin:$PATH
export LC_ALL=C
# Under SANITIZE=1 a tool that stops on bad input exits without freeing
# what it holds; those are not leaks worth a report, and the report would
# break the exact stderr comparisons.  The unit tests keep leak checking.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
T=$(mktemp -d "${TMPDIR:-/tmp}/reel-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

ok() { echo "ok - $*"; }
fail() {
	echo "FAIL - $1"
	shift
	for line in "$@"; do printf '    %s\n' "$line"; done
}

# run CMD: run a shell command line in $T; sets RC, and the files out and
# err hold its stdout and stderr.  Standard input is $STDIN (default
# /dev/null).
run() {
	sh -c "$1" <"${STDIN:-/dev/null}" >"$T/.out" 2>"$T/.err"
	RC=$?
}

# table: read cases from stdin, one a line: "EXIT | STDERR | COMMAND".
# STDERR is compared exactly with the command's whole stderr ("*" skips the
# comparison, "" expects none; "\n" stands for a line break).  Blank lines and lines starting with '#'
# are ignored.  Only the first two " | " separate fields, so the command may
# contain pipes.
table() {
	while IFS= read -r line; do
		case $line in '' | '#'*) continue ;; esac
		want_rc=${line%% | *}
		rest=${line#* | }
		want_err=$(printf '%b' "${rest%% | *}")
		cmd=${rest#* | }
		run "$cmd"
		got_err=$(cat "$T/.err")
		if [ "$RC" != "$want_rc" ]; then
			fail "$cmd" "exit $RC, expected $want_rc" "stderr: $got_err"
		elif [ "$want_err" != "*" ] && [ "$got_err" != "$want_err" ]; then
			fail "$cmd" "stderr: $got_err" "expected: $want_err"
		else
			ok "$cmd"
		fi
	done
}

# check NAME COMMAND EXPECTED: the command exits 0 and prints exactly
# EXPECTED (trailing newline aside) on stdout.
check() {
	run "$2"
	got=$(cat "$T/.out")
	if [ "$RC" != 0 ]; then
		fail "$1" "exit $RC" "stderr: $(cat "$T/.err")"
	elif [ "$got" != "$3" ]; then
		fail "$1" "got:" "$got" "expected:" "$3"
	else
		ok "$1"
	fi
}

# assert NAME SHELL-CONDITION: passes when the condition (evaluated with
# sh -c in $T) is true.
assert() {
	if sh -c "$2" >"$T/.aout" 2>&1; then
		ok "$1"
	else
		fail "$1" "condition failed: $2" "$(head -5 "$T/.aout")"
	fi
}

# synopsis_matches TOOL: the first line of `reel-TOOL --help` appears in
# docs/TOOLS.md verbatim.
synopsis_matches() {
	syn=$("reel-$1" --help 2>/dev/null | head -1)
	if [ -n "$syn" ] && grep -qxF -- "$syn" "$ROOT/docs/TOOLS.md"; then
		ok "reel-$1 synopsis is documented"
	else
		fail "reel-$1 synopsis is documented" "synopsis: $syn" "not found verbatim in docs/TOOLS.md"
	fi
}

# rows FILE: the lines of stdin with runs of spaces turned into tabs, to
# FILE, so small tables can be written aligned in a heredoc.
rows() { sed "s/  */$(printf '\t')/g" >"$1"; }

# tiny_train FILE: the ten ratings (five users, items 10..14) that the model
# tools' tests share; each test spells out what it derives from them.
tiny_train() {
	rows "$1" <<'EOF'
1 10 5
1 11 3
2 10 4
2 12 2
3 10 1
3 11 5
3 13 4
4 12 3
4 11 2
5 14 5
EOF
}
