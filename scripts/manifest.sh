#!/bin/sh
# manifest.sh OUT DATA_FILE... -- NAME=VALUE...: the run manifest as TSV
# on stdout: the parameters given after --, the SHA-256 of each data file,
# the version of every reel tool, the source revision and the seconds each
# stage took (from OUT/stages, written by stage.sh).
set -eu
out=$1
shift
echo "what	value"
files=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	files="$files $1"
	shift
done
[ $# -gt 0 ] && shift
for p in "$@"; do
	printf 'parameter %s\t%s\n' "${p%%=*}" "${p#*=}"
done
for f in $files; do
	printf 'sha256 %s\t%s\n' "$f" "$(sha256sum "$f" | cut -d' ' -f1)"
done
printf 'source revision\t%s\n' "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
for t in bin/reel-*; do
	printf 'version %s\t%s\n' "${t#bin/}" "$("$t" --version | awk '{ print $NF }')"
done
printf 'finished\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
total=0
for s in "$out"/stages/*; do
	[ -f "$s" ] || continue
	printf 'stage %s\t%s s\n' "${s##*/}" "$(cat "$s")"
done
awk '{ t += $1 } END { printf "stages total\t%.3f s\n", t }' "$out"/stages/* 2>/dev/null || true
