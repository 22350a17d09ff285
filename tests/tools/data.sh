# Tests of fetching MovieLens 100K (scripts/fetch-ml100k.sh, make data):
# offline, a local directory, the official zip, a checksum mismatch.
. "$(dirname "$0")/../lib.sh"

F=$ROOT/scripts/fetch-ml100k.sh
run "REEL_ML100K_URL=file:///nonexistent/ml-100k.zip $F '' raw"
assert "offline: exit 1" "[ $RC = 1 ]"
assert "offline: the message says how to point ML100K at a local copy" \
	"grep -q 'make ML100K=/path/to/ml-100k' .err && grep -q 'cannot download' .err"
assert "offline: nothing left behind" "[ ! -e raw ] && ! ls | grep -q tmp"
check "a missing source is named" "$F /nonexistent/x raw 2>&1; echo \$?" \
	"fetch-ml100k: ML100K=/nonexistent/x: no such file or directory
1"

# a fake copy with a wrong u.data: the checksum catches it
mkdir fake
for f in u.data u.item u.user u.genre u.occupation u1.base u1.test u2.base u2.test u3.base u3.test u4.base u4.test u5.base u5.test; do
	printf '1\t2\t3\t4\n' >fake/$f
done
run "$F fake raw"
assert "a wrong u.data: exit 1 and a SHA-256 mismatch" "[ $RC = 1 ] && grep -q 'SHA-256 mismatch' .err && [ ! -e raw ]"

[ -n "${ML100K:-}" ] || exit 0
case $ML100K in /*) ;; *) ML100K=$ROOT/$ML100K ;; esac
run "$F $ML100K raw"
assert "a local directory: copied and verified" "[ $RC = 0 ] && cmp -s raw/u.data $ML100K/u.data && [ -f raw/u5.test ]"
if command -v zip >/dev/null 2>&1; then
	mkdir -p z/ml-100k && cp "$ML100K"/u* z/ml-100k/ && (cd z && zip -q -r ml-100k.zip ml-100k)
	run "$F z/ml-100k.zip rawzip"
	assert "the official zip layout: unpacked and verified" "[ $RC = 0 ] && cmp -s rawzip/u.data $ML100K/u.data"
fi
