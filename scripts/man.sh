#!/bin/sh
# man.sh DIR: the man pages into DIR: reel-NAME(1) for every tool, from its
# own --help (synopsis and options: the one source of the options), the
# summary line of tools/NAME.c and its section of docs/TOOLS.md; reel(1)
# from `reel help` and pipeline.mk (its targets and parameters);
# reel-formats(5) from docs/FORMATS.md.  Text beyond
# ASCII becomes groff's \[uXXXX] escapes (preconv).
set -eu
dir=$1
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
date=$(git -C "$here" log -1 --format=%cs 2>/dev/null || echo 2026-01-01)
version=$(sed -n 's/^#define REEL_VERSION "\(.*\)"/\1/p' "$here/lib/err.h")
esc() { sed 's/\\/\\e/g; s/-/\\-/g; s/^[.'"'"']/\\\&&/'; }
for src in "$here"/tools/*.c; do
	name=reel-$(basename "$src" .c)
	[ "$name" = reel-reel ] && continue
	summary=$(sed -n '2s/^ \* reel-[a-z0-9-]* - //p' "$src")
	help=$("$here/bin/$name" --help)
	{
		printf '.TH %s 1 %s "reel %s" "reel manual"\n' "$(echo "$name" | tr a-z A-Z)" "$date" "$version"
		printf '.SH NAME\n%s \\- %s\n' "$name" "$(echo "$summary" | esc)"
		printf '.SH SYNOPSIS\n.nf\n'
		echo "$help" | sed -n '/^usage: /{s/^usage: //;p;n;/^       /{s/^ *//;p}}' | esc
		printf '.fi\n.SH DESCRIPTION\n'
		echo "$help" | sed -n '/^usage:/d;/^       /d;/^  *-/q;p' | esc
		printf '.PP\n'
		awk -v h="## $name" '$0 == h { on = 1; next } on && /^## / { exit } on' "$here/docs/TOOLS.md" |
			sed '/^```$/,/^```$/d' | awk -f "$here/scripts/md2man.awk"
		printf '.SH OPTIONS\n'
		echo "$help" | awk '/^  +-/ { if (opt) print ""; sub(/^ +/, ""); o = $0; d = $0
				sub(/   +.*/, "", o); sub(/^[^ ]+( [^ -][^ ]*)*( |$)/, "", d); sub(/^ +/, "", d)
				if (d == $0) d = ""; printf ".TP\n%s\n%s", o, d; opt = 1; next }
			opt && /^ +/ { sub(/^ +/, ""); printf " %s", $0; next }
			END { if (opt) print "" }' | esc | sed 's/^\\&\.TP$/.TP/; s/^\.TP$/.TP/'
		printf '.SH EXIT STATUS\n0 on success, 1 on bad data or a runtime failure (one line:\n'
		printf '.IR %s ": FILE:LINE: what is wrong" ),\n2 on a usage error.\n' "$name"
		printf '.SH SEE ALSO\n.BR reel (1),\n.BR reel\\-formats (5)\n'
	} | preconv -e utf-8 | sed '1{/^\.lf /d}' >"$dir/$name.1.tmp"
	mv "$dir/$name.1.tmp" "$dir/$name.1"
done
{
	printf '.TH REEL 1 %s "reel %s" "reel manual"\n' "$date" "$version"
	printf '.SH NAME\nreel \\- a movie recommender as a pipeline of small Unix filters\n'
	printf '.SH SYNOPSIS\n.nf\nreel COMMAND [ARGS...]\nreel help\nmake [TARGET] [PARAMETER=VALUE...]\n.fi\n'
	printf '.SH DESCRIPTION\n'
	printf '.B reel COMMAND\nruns\n.BR reel\\-COMMAND ,\nlooked for beside\n.B reel\nfirst, then on PATH;\n'
	printf '.B reel help\nlists the commands.  Every command reads files or stdin, writes files or stdout,\n'
	printf 'and has\n.BR \\-\\-help .\n'
	printf '.SH COMMANDS\n'
	"$here/bin/reel" help | awk '/^  [a-z]/ { c = $1; $1 = ""; sub(/^ +/, ""); printf ".TP\n.BR reel\\-%s (1)\n%s\n", c, $0 }' |
		sed 's/-/\\-/g; s/\\\\-/\\-/g'
	printf '.SH THE PIPELINE\n'
	printf 'The source tree'"'"'s Makefile runs the experiment of pipeline.mk, from MovieLens 100K\n'
	printf 'to the report in out/report/index.html.  Targets:\n'
	sed -n 's/^## \([^:]*\): \(.*\)/\1\t\2/p' "$here/pipeline.mk" |
		awk -F'\t' '{ printf ".TP\n.B make %s\n%s\n", $1, $2 }' | sed 's/-/\\-/g'
	printf '.SS Parameters\nEach is set as\n.IR NAME = VALUE\non the command line.\n'
	sed -n '/^# ---- parameters/,/^# ----/s/^\([A-Z_0-9]*\) ?= \([^#]*\)\(#\(.*\)\)\{0,1\}$/\1\t\2\t\4/p' "$here/pipeline.mk" |
		awk -F'\t' '{ sub(/ +$/, "", $2); sub(/^ +/, "", $3); printf ".TP\n.B %s\n(default %s) %s\n", $1, ($2 == "" ? "empty" : $2), $3 }' |
		sed 's/\\/\\e/g; s/-/\\-/g'
	printf '.SH FILES\n.TP\nout/report/index.html, out/report/summary.md\nthe report and the mail of the last run\n'
	printf '.SH SEE ALSO\n.BR reel\\-formats (5);\nREADME.md and docs/ in the source tree\n'
} | preconv -e utf-8 | sed '1{/^\.lf /d}' >"$dir/reel.1.tmp"
mv "$dir/reel.1.tmp" "$dir/reel.1"
{
	printf '.TH REEL-FORMATS 5 %s "reel %s" "reel manual"\n' "$date" "$version"
	printf '.SH NAME\nreel\\-formats \\- the files reel reads and writes\n.SH DESCRIPTION\n'
	sed '1d' "$here/docs/FORMATS.md" | awk -f "$here/scripts/md2man.awk"
	printf '.SH SEE ALSO\n.BR reel (1)\n'
} | preconv -e utf-8 | sed '1{/^\.lf /d}' >"$dir/reel-formats.5.tmp"
mv "$dir/reel-formats.5.tmp" "$dir/reel-formats.5"
