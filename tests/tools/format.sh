#!/bin/sh
# tests/tools/format.sh: every C source in git keeps the layout of
# .clang-format (`clang-format --dry-run -Werror`), one test a directory.
# To fix a file: clang-format -i FILE.  The tree is laid out by clang-format
# 14 (Debian 12's, which `make check` installs); another version lays some
# constructs out differently, so there the test is skipped.
. "$(dirname "$0")/../lib.sh"

want=14
if ! command -v clang-format >/dev/null 2>&1; then
	ok "# SKIP format: no clang-format (scripts/deps.sh --format)"
	exit 0
fi
have=$(clang-format --version | sed -n 's/.*version \([0-9]*\).*/\1/p')
if [ "$have" != "$want" ]; then
	ok "# SKIP format: clang-format $have, the tree is laid out by $want"
	exit 0
fi
cd "$ROOT" || exit 1
files=$(git ls-files '*.c' '*.h' 2>/dev/null) || files=$(find lib tools tests -name '*.[ch]')
for dir in $(printf '%s\n' $files | sed 's|/[^/]*$||' | sort -u); do
	drift=""
	for f in $(printf '%s\n' $files | grep "^$dir/[^/]*$"); do
		clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || drift="$drift $f"
	done
	[ -z "$drift" ] && ok "format: $dir/*.[ch] as .clang-format lays them out" ||
		fail "format: $dir/*.[ch] as .clang-format lays them out" \
			"differ (clang-format -i to fix):$drift"
done
