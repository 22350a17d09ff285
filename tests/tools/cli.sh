#!/bin/sh
# tests/tools/cli.sh: what every tool does with the options all of them
# share (lib/opt.h).  --help prints the usage on stdout and exits 0;
# --version prints "reel-NAME (reel) VERSION"; an unknown, ambiguous or
# incomplete option is exit 2 with one line naming it, then the pointer to
# --help, and nothing on stdout.
. "$(dirname "$0")/../lib.sh"

tools=$(cd "$ROOT/bin" && ls reel-*)
assert "there are tools to check" "[ -n \"$tools\" ]"
version=$(sed -n 's/^#define REEL_VERSION "\(.*\)"/\1/p' "$ROOT/lib/err.h")
for t in $tools; do
	run "$t --help"
	if [ "$RC" = 0 ] && head -1 .out | grep -q "^usage: $t " && [ ! -s .err ]; then
		ok "$t --help: the usage on stdout, exit 0"
	else
		fail "$t --help: the usage on stdout, exit 0" "exit $RC" "$(head -1 .out)" "$(head -1 .err)"
	fi
	check "$t --version" "$t --version" "$t (reel) $version"
	try="Try '$t --help' for more information."
	table <<END
2 | $t: unknown option '--no-such-option'\n$try | $t --no-such-option
2 | $t: unknown option '--no-such-option'\n$try | $t --no-such-option=1
2 | $t: option '--help' takes no argument\n$try | $t --help=1
2 | $t: unknown option '-Z'\n$try | $t -Z
END
	assert "$t: nothing on stdout after a usage error" "! $t --no-such-option 2>/dev/null | grep -q ."
done

# option kinds that depend on the tool's table
table <<END
2 | reel-train-als: option '--re' is ambiguous\nTry 'reel-train-als --help' for more information. | reel-train-als --re 1 -o m.bin in.tsv
2 | reel-train-als: option '--reg' needs an argument\nTry 'reel-train-als --help' for more information. | reel-train-als -o m.bin in.tsv --reg
2 | reel-train-als: option '-o' needs an argument\nTry 'reel-train-als --help' for more information. | reel-train-als in.tsv -o
2 | reel-train-als: option '--quiet' takes no argument\nTry 'reel-train-als --help' for more information. | reel-train-als --quiet=yes -o m.bin in.tsv
2 | reel-topk: option '-k' needs an argument\nTry 'reel-topk --help' for more information. | reel-topk -m m.bin -k
END
# an unambiguous abbreviation is the option itself
printf '1\t1\t5\n1\t2\t3\n2\t1\t4\n2\t3\t2\n' >in.tsv
check "reel-train-als --fac 8 is --factors 8" \
	"reel-train-als --fac 8 --iters 1 --quiet -o m.bin in.tsv && reel-inspect m.bin | awk -F'\t' '\$2 == \"X\" { print \$4 }'" "2 x 8"
