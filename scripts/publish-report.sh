#!/bin/sh
# publish-report.sh OUT TEMPLATE SUMMARY MANIFEST: render the report
# (TEMPLATE as HTML, and as Markdown for a terminal) and the mail (SUMMARY
# as Markdown) into a new directory OUT/reports/run-TIMESTAMP (index.html,
# report.md, summary.md and the manifest) and point the symbolic link OUT/report at it in one rename,
# so a reader sees the old report or the new one, never half of one.
# The three newest runs are kept.
set -eu
out=$1 template=$2 summary=$3 manifest=$4
stamp=$(date -u +%Y%m%dT%H%M%SZ)-$$
dir=$out/reports/run-$stamp
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT
cp "$manifest" "$dir/manifest.tsv"
# --missing-ok: a part the data set does not allow (no time patterns
# without timestamps, ...) is a visible note; dataset.md says why
bin/reel-report --missing-ok --base "$out" --digits 4 -o "$dir/index.html" "$template"
bin/reel-report --missing-ok --format md --base "$out" --digits 4 -o "$dir/report.md" "$template"
bin/reel-report --missing-ok --format md --base "$out" --digits 4 -o "$dir/summary.md" "$summary"
# the link's target is relative, so the tree can be moved
ln -s "reports/run-$stamp" "$out/report.new.$$"
mv -T "$out/report.new.$$" "$out/report"
trap - EXIT
ls -1d "$out"/reports/run-* | sort | head -n -3 | xargs -r rm -rf
