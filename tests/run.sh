#!/bin/sh
# run.sh: run every unit test and tool test, print "N passed, N failed".
# A test file that exits non-zero without printing FAIL counts as a failure.
cd "$(dirname "$0")/.." || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
broken=0
for t in build/tests/test_* tests/tools/*.sh; do
	[ -e "$t" ] || continue
	case $t in *.o | *.d) continue ;; esac
	echo "# $t"
	if [ "${t%.sh}" != "$t" ]; then sh "$t"; else "$t"; fi >"$log.1" 2>&1
	rc=$?
	cat "$log.1"
	cat "$log.1" >>"$log"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$log.1"; then
		echo "FAIL - $t exited with status $rc"
		echo "FAIL - $t" >>"$log"
		broken=$((broken + 1))
	fi
done
rm -f "$log.1"
passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^FAIL' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
