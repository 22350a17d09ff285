# Tests of the man pages (scripts/man.sh): one per tool, reel(1) and
# reel-formats(5); every option that a tool's --help names is in its page;
# groff renders each without a warning; make install puts them under
# PREFIX/share/man, with the bash completion.
. "$(dirname "$0")/../lib.sh"

run "sh $ROOT/scripts/man.sh man"
MANWIDTH=200 man -l man/reel.1 2>/dev/null | col -b >reel.txt
assert "scripts/man.sh makes the pages" "[ $RC = 0 ] && [ -s man/reel.1 ] && [ -s man/reel-formats.5 ]"
for tool in "$ROOT"/bin/reel-*; do
	name=${tool##*/}
	page=man/$name.1
	# every -x and --long token of --help, in the page's source once groff's
	# \- is read back as -
	missing=$("$tool" --help | grep -o -- '--[a-z][a-z0-9-]*\|\(^\| \)-[a-zA-Z]\b' | tr -d ' ' | sort -u |
		while read -r o; do sed 's/\\-/-/g' "$page" | grep -qF -- "$o" || printf '%s ' "$o"; done)
	assert "$name(1): every option of --help is in the page${missing:+ (missing: $missing)}" \
		"[ -s $page ] && [ -z '$missing' ]"
	assert "$name(1): in reel(1)'s list of commands" "grep -qxF '       $name(1)' reel.txt"
done
for page in man/*.[15]; do
	check "groff -man -ww -z: ${page#man/} renders without warnings" "groff -man -ww -z $page 2>&1; echo rendered" rendered
done
check "reel(1) lists every pipeline target of make help" \
	"make -s -C $ROOT --no-print-directory help | cut -d: -f1 | while read -r t; do grep -qxF \"       make \$t\" reel.txt || echo \"missing \$t\"; done; echo done" done

run "make -s -C $ROOT --no-print-directory install PREFIX=/usr DESTDIR=$T/dest"
assert "make install puts the pages under PREFIX/share/man and the completion beside" \
	"[ $RC = 0 ] && [ -s dest/usr/share/man/man1/reel-split.1 ] && [ -s dest/usr/share/man/man1/reel.1 ] &&
	 [ -s dest/usr/share/man/man5/reel-formats.5 ] && [ -s dest/usr/share/bash-completion/completions/reel ]"
check "man finds an installed page" "MANWIDTH=80 man -l dest/usr/share/man/man1/reel-split.1 2>/dev/null | col -b | sed -n 's/^ *\(reel-split - .*\)/\1/p' | head -1" \
	"reel-split - split a ratings file into train and test sets"

# the completion: commands after reel, a tool's options after '-'
if command -v bash >/dev/null 2>&1; then
	check "bash completion: reel sp<TAB> and reel split --te<TAB>" \
		"PATH=$ROOT/bin:\$PATH bash -c '. $ROOT/scripts/completion/reel.bash; COMP_WORDS=(reel sp); COMP_CWORD=1; _reel; echo \${COMPREPLY[*]}; COMP_WORDS=(reel split --te); COMP_CWORD=2; _reel; echo \${COMPREPLY[*]}; COMP_WORDS=(reel-topk --ex); COMP_CWORD=1; _reel; echo \${COMPREPLY[*]}'" \
		"split
--test-frac
--exclude"
fi
