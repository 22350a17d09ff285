#!/bin/sh
# stage.sh STAGES TARGET CMD...: run one pipeline stage and record how long
# it took.  On success the elapsed seconds go to STAGES/TARGET (slashes made
# underscores), written atomically; they feed the run manifest and the
# model comparison's training times.  On failure the stage is named on
# stderr and CMD's exit status returned.
stages=$1
target=$2
shift 2
start=$(date +%s.%N)
"$@"
rc=$?
if [ $rc -ne 0 ]; then
	echo "reel: stage $target failed (exit $rc)" >&2
	exit $rc
fi
end=$(date +%s.%N)
mkdir -p "$stages"
file=$stages/$(printf '%s' "$target" | tr '/' '_')
tmp=$(mktemp "$file.tmp.$$.XXXXXX") && chmod 644 "$tmp" && # a fresh name: no planted link is followed
	echo "$start $end" | awk '{ printf "%.3f\n", $2 - $1 }' >"$tmp" && mv "$tmp" "$file"
