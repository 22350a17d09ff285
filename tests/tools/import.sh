# Tests of reel-import: the three MovieLens layouts on small hand-written
# files, bad input, all-or-nothing output, usage; real MovieLens 100K when
# $ML100K names a copy.
. "$(dirname "$0")/../lib.sh"

tab=$(printf '\t')
eacute=$(printf '\303\251')

# MovieLens 100K layout.  u.item is Latin-1 (\351 is e acute); u.genre ends
# with a blank line, as the official file does.
mkdir m100
printf 'unknown|0\nAction|1\nComedy|2\nDrama|3\n\n' >m100/u.genre
printf 'other\nwriter\nstudent\n' >m100/u.occupation
printf '%s\n' '1|Alpha (1995)|01-Jan-1995||http://x|0|1|1|0' \
	'4|Beta (V)|4-Feb-1971||http://y|0|0|1|1' \
	'3|unknown||||1|0|0|0' \
	'5|Gamma (1963) |27-Jun-1997|||0|0|0|1' >m100/u.item
printf '2|Mis\351rables, Les (1995)|01-Jan-1996|||0|0|0|1\n' >>m100/u.item
printf '%s\n' '1|24|M|writer|85711' '2|53|F|other|T8H1N' >m100/u.user
printf '1\t1\t5\t881250949\n2\t1\t3\t881250950\n1\t2\t4\t881250951\n2\t4\t1\t881250952\n' >m100/u.data

check "ml100k: items.tsv, UTF-8, year from the title, else the release date" \
	"reel-import --ml100k m100 -o o100 && cat o100/items.tsv" \
	"item${tab}title${tab}year${tab}genres
1${tab}Alpha (1995)${tab}1995${tab}Action|Comedy
4${tab}Beta (V)${tab}1971${tab}Comedy|Drama
3${tab}unknown${tab}${tab}unknown
5${tab}Gamma (1963) ${tab}1963${tab}Drama
2${tab}Mis${eacute}rables, Les (1995)${tab}1995${tab}Drama"
check "ml100k: users.tsv" "cat o100/users.tsv" \
	"user${tab}age${tab}gender${tab}occupation${tab}zip
1${tab}24${tab}M${tab}writer${tab}85711
2${tab}53${tab}F${tab}other${tab}T8H1N"
assert "ml100k: ratings.tsv is u.data" "cmp o100/ratings.tsv m100/u.data"
assert "ml100k: no temporary files left" "[ \$(ls o100 | wc -l) = 3 ]"
assert "ml100k: u.occupation is optional; OUTDIR made with its parents" \
	"cp -r m100 m100b && rm m100b/u.occupation && reel-import --ml100k m100b/ -o a/b/c &&
	 cmp a/b/c/users.tsv o100/users.tsv"

# MovieLens 1M layout: "::" separated, movies.dat in Latin-1, coded users.
mkdir m1
printf '%s\n' "1::Alpha (1995)::Animation|Children's|Comedy" >m1/movies.dat
printf '2::Caf\351 au Lait: Deux (1993)::Comedy|Drama\n5::No Year::Drama\n' >>m1/movies.dat
printf '%s\n' '1::F::1::10::48067' '2::M::56::16::70072' '3::M::25::15::55117-1234' \
	'4::F::18::0::' >m1/users.dat
printf '%s\n' '1::1::5::978300760' '2::2::3::978302109' '3::5::4::978301968' \
	'1::5::1::978300000' >m1/ratings.dat
check "ml1m: items.tsv" "reel-import --ml1m m1 -o o1 && cat o1/items.tsv" \
	"item${tab}title${tab}year${tab}genres
1${tab}Alpha (1995)${tab}1995${tab}Animation|Children's|Comedy
2${tab}Caf${eacute} au Lait: Deux (1993)${tab}1993${tab}Comedy|Drama
5${tab}No Year${tab}${tab}Drama"
check "ml1m: users.tsv with age bands and occupation names" "cat o1/users.tsv" \
	"user${tab}age${tab}gender${tab}occupation${tab}zip
1${tab}1${tab}F${tab}k-12 student${tab}48067
2${tab}56${tab}M${tab}self-employed${tab}70072
3${tab}25${tab}M${tab}scientist${tab}55117-1234
4${tab}18${tab}F${tab}other or not specified${tab}"
check "ml1m: ratings.tsv" "cat o1/ratings.tsv" \
	"1${tab}1${tab}5${tab}978300760
2${tab}2${tab}3${tab}978302109
3${tab}5${tab}4${tab}978301968
1${tab}5${tab}1${tab}978300000"

# MovieLens latest layout: CSV with quoted titles, UTF-8, no users.
mkdir ml
cat >ml/movies.csv <<'CSV'
movieId,title,genres
1,Toy Box (1995),Adventure|Animation|Children|Comedy|Fantasy
11,"American Leader, The (1995)",Comedy|Drama|Romance
29,"""Great Shows"" Cats (1998)",Musical
40,"City of Lost Ones, The (Cité des enfants perdus, La) (1995)",Drama|Mystery|Sci-Fi
99,Series 5,(no genres listed)
CSV
cat >ml/ratings.csv <<'CSV'
userId,movieId,rating,timestamp
1,1,4.0,964982703
1,11,3.5,964981247
7,29,0.5,1106635946
7,"99",5,1106635947
CSV
mkdir olt && echo stale >olt/users.tsv
table <<'EOF'
0 | reel-import: warning: removed olt/users.tsv: MovieLens latest has no user data | reel-import --ml-latest ml -o olt
EOF
check "ml-latest: items.tsv with quoted titles, commas and quotes" "cat olt/items.tsv" \
	"item${tab}title${tab}year${tab}genres
1${tab}Toy Box (1995)${tab}1995${tab}Adventure|Animation|Children|Comedy|Fantasy
11${tab}American Leader, The (1995)${tab}1995${tab}Comedy|Drama|Romance
29${tab}\"Great Shows\" Cats (1998)${tab}1998${tab}Musical
40${tab}City of Lost Ones, The (Cit${eacute} des enfants perdus, La) (1995)${tab}1995${tab}Drama|Mystery|Sci-Fi
99${tab}Series 5${tab}${tab}"
check "ml-latest: ratings.tsv, rating tokens as given" "cat olt/ratings.tsv" \
	"1${tab}1${tab}4.0${tab}964982703
1${tab}11${tab}3.5${tab}964981247
7${tab}29${tab}0.5${tab}1106635946
7${tab}99${tab}5${tab}1106635947"
assert "ml-latest: no users.tsv" "[ ! -e olt/users.tsv ] && [ \$(ls olt | wc -l) = 2 ]"
synopsis_matches import

# MovieLens 10M layout: "::" separated, no users.dat, half stars, a
# tags.dat that is not read; movies.dat lines in UTF-8 kept, a line in
# Latin-1 converted; "(no genres listed)".
mkdir m10
printf '%s\n' "1::Alpha (1995)::Adventure|Animation|Children|Comedy|Fantasy" >m10/movies.dat
printf '2::Caf\303\251 Society (2016)::Comedy|Drama\n' >>m10/movies.dat
printf '3::Mis\351rables, Les (1995)::Drama\n' >>m10/movies.dat
printf '%s\n' "8606::Pull My Daisy (1958)::(no genres listed)" >>m10/movies.dat
printf '%s\n' 1::1::5::838985046 1::3::3.5::838983525 71567::8606::0.5::912580553 >m10/ratings.dat
printf '%s\n' '15::4973::excellent!::1215184630' >m10/tags.dat
mkdir o10 && echo stale >o10/users.tsv
table <<'EOF2'
0 | reel-import: warning: removed o10/users.tsv: MovieLens 10M has no user data | reel-import --ml10m m10 -o o10
EOF2
check "ml10m: items.tsv, UTF-8 kept, Latin-1 converted, no genres listed" "cat o10/items.tsv" \
	"item${tab}title${tab}year${tab}genres
1${tab}Alpha (1995)${tab}1995${tab}Adventure|Animation|Children|Comedy|Fantasy
2${tab}Caf${eacute} Society (2016)${tab}2016${tab}Comedy|Drama
3${tab}Mis${eacute}rables, Les (1995)${tab}1995${tab}Drama
8606${tab}Pull My Daisy (1958)${tab}1958${tab}"
check "ml10m: ratings.tsv with half stars" "cat o10/ratings.tsv" \
	"1${tab}1${tab}5${tab}838985046
1${tab}3${tab}3.5${tab}838983525
71567${tab}8606${tab}0.5${tab}912580553"
assert "ml10m: no users.tsv" "[ ! -e o10/users.tsv ] && [ \$(ls o10 | wc -l) = 2 ]"

# MovieLens 20M and 25M share latest's CSV layout; their quirks: a title
# with no year and a trailing blank, a year range, a quoted genre list.
mkdir m25
cat >m25/movies.csv <<'CSV'
movieId,title,genres
1,Toy Box (1995),Adventure|Animation|Children|Comedy|Fantasy
131260,Rentun Ruusu (2001),(no genres listed)
149532,"Marco Polo: One Hundred Eyes ",(no genres listed)
171495,Cosmos,(no genres listed)
172591,"The Godfather Trilogy: 1972-1990 (1992)","Crime|Drama"
200192,"Fawlty Towers (1975-1979)",Comedy
CSV
printf '%s\n' userId,movieId,rating,timestamp 1,131260,2.5,1147880044 162541,200192,4.5,1240953372 \
	162541,1,5.0,1240951792 >m25/ratings.csv
check "ml-25m: items.tsv: no year, trailing blank, year range, quoted genres" \
	"reel-import --ml-latest m25 -o o25 && cat o25/items.tsv" \
	"item${tab}title${tab}year${tab}genres
1${tab}Toy Box (1995)${tab}1995${tab}Adventure|Animation|Children|Comedy|Fantasy
131260${tab}Rentun Ruusu (2001)${tab}2001${tab}
149532${tab}Marco Polo: One Hundred Eyes ${tab}${tab}
171495${tab}Cosmos${tab}${tab}
172591${tab}The Godfather Trilogy: 1972-1990 (1992)${tab}1992${tab}Crime|Drama
200192${tab}Fawlty Towers (1975-1979)${tab}${tab}Comedy"
check "ml-25m: ratings.tsv" "cat o25/ratings.tsv" \
	"1${tab}131260${tab}2.5${tab}1147880044
162541${tab}200192${tab}4.5${tab}1240953372
162541${tab}1${tab}5.0${tab}1240951792"

# fetch-movielens.sh: a directory or the official zip into the raw
# directory; a zip's MD5 against GroupLens's (REEL_ML_MD5 stands in for
# it here: a fixture cannot have the real zip's MD5).
fetch=$ROOT/scripts/fetch-movielens.sh
mkdir zipd && cp -r m10 zipd/ml-10M100K && (cd zipd && zip -qr ../ml-10m.zip ml-10M100K)
zipmd5=$(md5sum ml-10m.zip | cut -d' ' -f1)
run "REEL_ML_MD5=$zipmd5 $fetch ml-10m ml-10m.zip raw/ml-10m"
assert "fetch: the zip's ratings.dat and movies.dat, its MD5 checked" \
	"[ $RC = 0 ] && cmp raw/ml-10m/ratings.dat m10/ratings.dat && cmp raw/ml-10m/movies.dat m10/movies.dat &&
	 [ \"\$(cat raw/ml-10m/CHECKSUM)\" = 'zip $zipmd5 (MD5, matches the published ml-10m.zip.md5)' ]"
run "$fetch ml-25m m25 raw/ml-25m"
check "fetch: a directory is copied, and the report is told it was not checked" \
	"cat raw/ml-25m/CHECKSUM" "not checked: a directory was given (GroupLens publishes checksums of the zips only)"
table <<EOF2
1 | fetch-movielens: ml-10m.zip: MD5 mismatch (got $zipmd5, want ce571fd55effeba0271552578f2648bd, GroupLens's ml-10m.zip.md5) | $fetch ml-10m ml-10m.zip raw/bad
1 | fetch-movielens: ml-10m.zip: no users.dat in it (not the official ml-1m.zip?) | $fetch ml-1m ml-10m.zip raw/bad
1 | fetch-movielens: m10/users.dat: missing | $fetch ml-1m m10 raw/bad
1 | fetch-movielens: nowhere: no such file or directory | $fetch ml-20m nowhere raw/bad
2 | fetch-movielens: unknown release 'ml-5m' | $fetch ml-5m m10 raw/bad
EOF2
assert "fetch: a failed fetch leaves nothing" "[ ! -e raw/bad ] && [ \$(ls raw | wc -l) = 2 ]"

# variant DIR FROM FILE: DIR is a copy of FROM with FILE read from stdin.
variant() {
	rm -rf "$1"
	cp -r "$2" "$1"
	cat >"$1/$3"
}
printf '1\t1\t5\n' | variant short m100 u.data
printf 'x\t1\t5\t1\n' | variant nonnum m100 u.data
printf '1\t1\tnan\t1\n' | variant nan m100 u.data
printf '1\t1\t-inf\t1\n' | variant inf m100 u.data
printf '1\t1\t6\t1\n' | variant six m100 u.data
printf '1\t1\t0x4\t1\n' | variant hex m100 u.data
printf '1\t4294967296\t5\t1\n' | variant big m100 u.data
printf '1\t1\t5\t-1\n' | variant negts m100 u.data
: | variant empty m100 u.data
printf '1\t1\t5\t1\n1\t9\t5\t1\n' | variant unkitem m100 u.data
printf '1\t1\t5\t1\n3\t1\t5\t1\n' | variant unkuser m100 u.data
printf '1\t1\t5\t1\n2\t1\t5\t1\n1\t1\t4\t2\n' | variant duprating m100 u.data
printf '1\t1\t5\t1\r\n' | variant crlfdata m100 u.data
printf '1|24|M|writer|85711\r\n' | variant crlf m100 u.user
printf '1|0|M|writer|85711\n' | variant age m100 u.user
printf '1|24|X|writer|85711\n' | variant gender m100 u.user
printf '1|24|M|pilot|85711\n' | variant occ m100 u.user
printf '1|24|M|writer|8\35111\n' | variant utf m100 u.user
printf '1|24|M|writer|85711\n1|30|F|other|1\n' | variant dupuser m100 u.user
printf '1|A (1995)|01-Jan-1995|||0|2|0|0\n' | variant flag m100 u.item
printf '1|A (1995)|01-Jan-1995|||0|1|0\n' | variant flags m100 u.item
printf '4294967296|A||||0|1|0|0\n' | variant bigitem m100 u.item
printf '1|A|32-Jan-1995|||0|1|0|0\n' | variant date m100 u.item
printf '1|A||||0|1|0|0\n2|B||||0|1|0|0\n1|C||||0|1|0|0\n' | variant dupitem m100 u.item
printf '1|||||0|1|0|0\n' | variant notitle m100 u.item
: | variant noitems m100 u.item
printf 'unknown|0\n\nAction|1\n' | variant gblank m100 u.genre
printf 'unknown|0\nAction|2\n' | variant gindex m100 u.genre
variant nouser m100 u.user </dev/null && rm nouser/u.user
printf '1::Alpha (1995)\n' | variant m1short m1 movies.dat
printf '1::F::17::10::48067\n' | variant m1age m1 users.dat
printf '1::F::18::21::48067\n' | variant m1occ m1 users.dat
printf '1::1::x::978300760\n' | variant m1rating m1 ratings.dat
printf '1::A (1995)::Drama|Drama\n' | variant m1genre m1 movies.dat
printf '1::1::5::838985046\n1::9::4.5::838985047\n' | variant m10unk m10 ratings.dat
printf '1::1::5::838985046\n1::1::4.5::838985047\n' | variant m10dup m10 ratings.dat
printf '1::1::4.5\n' | variant m10short m10 ratings.dat
printf '1::1::0::838985046\n' | variant m10zero m10 ratings.dat
printf '1::Alpha (1995)::Drama::x\n' | variant m10movie m10 movies.dat
printf 'movieId,title,genres\n1,"A, The,Drama\n' | variant lquote ml movies.csv
printf 'movieId,title,genres\n1,"A" B,Drama\n' | variant lafter ml movies.csv
printf 'movieId,title,genres\n1,A "B",Drama\n' | variant linside ml movies.csv
printf 'movieId,title,genres\n1,Caf\351,Drama\n' | variant lutf ml movies.csv
printf 'userId,movieId,rating\n' | variant lhead ml ratings.csv
printf 'userId,itemId,rating,timestamp\n' | variant lname ml ratings.csv
printf 'userId,movieId,rating,timestamp\n' | variant lnone ml ratings.csv
: | variant lempty ml ratings.csv
table <<'EOF'
1 | reel-import: short/u.data:1: expected 4 fields, found 3 | reel-import --ml100k short -o fail/short
1 | reel-import: nonnum/u.data:1: bad user id 'x' | reel-import --ml100k nonnum -o fail/nonnum
1 | reel-import: nan/u.data:1: bad rating 'nan' | reel-import --ml100k nan -o fail/nan
1 | reel-import: inf/u.data:1: bad rating '-inf' | reel-import --ml100k inf -o fail/inf
1 | reel-import: six/u.data:1: bad rating '6' | reel-import --ml100k six -o fail/six
1 | reel-import: hex/u.data:1: bad rating '0x4' | reel-import --ml100k hex -o fail/hex
1 | reel-import: big/u.data:1: bad item id '4294967296' | reel-import --ml100k big -o fail/big
1 | reel-import: negts/u.data:1: bad timestamp '-1' | reel-import --ml100k negts -o fail/negts
1 | reel-import: empty/u.data: no ratings (empty file) | reel-import --ml100k empty -o fail/empty
1 | reel-import: unkitem/u.data:2: unknown item id '9' (not in unkitem/u.item) | reel-import --ml100k unkitem -o fail/unkitem
1 | reel-import: unkuser/u.data:2: unknown user id '3' (not in unkuser/u.user) | reel-import --ml100k unkuser -o fail/unkuser
1 | reel-import: duprating/u.data:3: duplicate rating for user 1, item 1 (first at line 1) | reel-import --ml100k duprating -o fail/duprating
1 | reel-import: crlfdata/u.data:1: carriage return at end of line (CRLF line endings are not accepted) | reel-import --ml100k crlfdata -o fail/crlfdata
1 | reel-import: crlf/u.user:1: carriage return at end of line (CRLF line endings are not accepted) | reel-import --ml100k crlf -o fail/crlf
1 | reel-import: age/u.user:1: bad age '0' | reel-import --ml100k age -o fail/age
1 | reel-import: gender/u.user:1: bad gender 'X' | reel-import --ml100k gender -o fail/gender
1 | reel-import: occ/u.user:1: unknown occupation 'pilot' (not in u.occupation) | reel-import --ml100k occ -o fail/occ
1 | reel-import: utf/u.user:1: invalid UTF-8 at byte 16 | reel-import --ml100k utf -o fail/utf
1 | reel-import: dupuser/u.user:2: duplicate user id 1 (first at line 1) | reel-import --ml100k dupuser -o fail/dupuser
1 | reel-import: nouser/u.user: No such file or directory | reel-import --ml100k nouser -o fail/nouser
1 | reel-import: nodir/u.genre: No such file or directory | reel-import --ml100k nodir -o fail/nodir
1 | reel-import: flag/u.item:1: bad genre flag '2' | reel-import --ml100k flag -o fail/flag
1 | reel-import: flags/u.item:1: expected 9 fields, found 8 | reel-import --ml100k flags -o fail/flags
1 | reel-import: bigitem/u.item:1: bad item id '4294967296' | reel-import --ml100k bigitem -o fail/bigitem
1 | reel-import: date/u.item:1: bad release date '32-Jan-1995' | reel-import --ml100k date -o fail/date
1 | reel-import: dupitem/u.item:3: duplicate item id 1 (first at line 1) | reel-import --ml100k dupitem -o fail/dupitem
1 | reel-import: notitle/u.item:1: empty title | reel-import --ml100k notitle -o fail/notitle
1 | reel-import: noitems/u.item: no items (empty file) | reel-import --ml100k noitems -o fail/noitems
1 | reel-import: gblank/u.genre:2: empty line | reel-import --ml100k gblank -o fail/gblank
1 | reel-import: gindex/u.genre:2: bad genre index '2' (expected 1) | reel-import --ml100k gindex -o fail/gindex
1 | reel-import: m1short/movies.dat:1: expected 3 fields, found 2 | reel-import --ml1m m1short -o fail/m1short
1 | reel-import: m1age/users.dat:1: bad age code '17' | reel-import --ml1m m1age -o fail/m1age
1 | reel-import: m1occ/users.dat:1: bad occupation code '21' | reel-import --ml1m m1occ -o fail/m1occ
1 | reel-import: m1rating/ratings.dat:1: bad rating 'x' | reel-import --ml1m m1rating -o fail/m1rating
1 | reel-import: m1genre/movies.dat:1: duplicate genre 'Drama' | reel-import --ml1m m1genre -o fail/m1genre
1 | reel-import: m10unk/ratings.dat:2: unknown item id '9' (not in m10unk/movies.dat) | reel-import --ml10m m10unk -o fail/m10unk
1 | reel-import: m10dup/ratings.dat:2: duplicate rating for user 1, item 1 (first at line 1) | reel-import --ml10m m10dup -o fail/m10dup
1 | reel-import: m10short/ratings.dat:1: expected 4 fields, found 3 | reel-import --ml10m m10short -o fail/m10short
1 | reel-import: m10zero/ratings.dat:1: bad rating '0' | reel-import --ml10m m10zero -o fail/m10zero
1 | reel-import: m10movie/movies.dat:1: expected 3 fields, found 4 | reel-import --ml10m m10movie -o fail/m10movie
1 | reel-import: m10/users.dat: No such file or directory | reel-import --ml1m m10 -o fail/m10as1m
1 | reel-import: lquote/movies.csv:2: unterminated quote in field 2 | reel-import --ml-latest lquote -o fail/lquote
1 | reel-import: lafter/movies.csv:2: text after the closing quote of field 2 | reel-import --ml-latest lafter -o fail/lafter
1 | reel-import: linside/movies.csv:2: quote inside unquoted field 2 | reel-import --ml-latest linside -o fail/linside
1 | reel-import: lutf/movies.csv:2: invalid UTF-8 at byte 6 | reel-import --ml-latest lutf -o fail/lutf
1 | reel-import: lhead/ratings.csv:1: bad header: expected 4 fields, found 3 | reel-import --ml-latest lhead -o fail/lhead
1 | reel-import: lname/ratings.csv:1: bad header field 2 'itemId' (expected 'movieId') | reel-import --ml-latest lname -o fail/lname
1 | reel-import: lnone/ratings.csv: no ratings after the header | reel-import --ml-latest lnone -o fail/lnone
1 | reel-import: lempty/ratings.csv: empty file (expected a header line) | reel-import --ml-latest lempty -o fail/lempty
1 | reel-import: file: not a directory | touch file; reel-import --ml100k m100 -o file
2 | reel-import: expected one of --ml100k, --ml1m, --ml10m and --ml-latest, got 0\nTry 'reel-import --help' for more information. | reel-import -o out
2 | reel-import: expected one of --ml100k, --ml1m, --ml10m and --ml-latest, got 2\nTry 'reel-import --help' for more information. | reel-import --ml100k m100 --ml1m m1 -o out
2 | reel-import: expected -o OUTDIR\nTry 'reel-import --help' for more information. | reel-import --ml100k m100
2 | reel-import: unexpected operand 'extra'\nTry 'reel-import --help' for more information. | reel-import --ml100k m100 -o out extra
2 | * | reel-import --bogus
0 | * | reel-import --help | grep -q '^usage: reel-import'
EOF
assert "failed imports leave no file behind" "[ -z \"\$(find fail -type f)\" ] && [ ! -e out ]"

# A failed import leaves an earlier complete import as it was.
reel-import --ml100k m100 -o keep && cp -r keep kept
run "reel-import --ml100k duprating -o keep"
assert "a failed import leaves the old files alone" "[ $RC = 1 ] && diff -r keep kept"

# A directory where ratings.tsv should go is refused before anything is
# written, and no other output appears.
mkdir -p rb/ratings.tsv/x
table <<'EOF'
1 | reel-import: rb/ratings.tsv: is a directory | reel-import --ml100k m100 -o rb
EOF
assert "a refused output leaves no other output behind" "[ \$(find rb -type f | wc -l) = 0 ]"

# Real MovieLens 100K, when ML100K names a copy (relative to the source tree).
if [ -n "${ML100K:-}" ]; then
	case $ML100K in /*) ml100k=$ML100K ;; *) ml100k=$ROOT/$ML100K ;; esac
	if [ -d "$ml100k" ]; then
		run "reel-import --ml100k '$ml100k' -o real"
		assert "ML100K: import exits 0 silently" "[ $RC = 0 ] && [ ! -s .err ]"
		check "ML100K: 100000 ratings, 943 users, 1682 items" \
			"echo \$(wc -l <real/ratings.tsv) \$((\$(wc -l <real/users.tsv) - 1)) \$((\$(wc -l <real/items.tsv) - 1))" \
			"100000 943 1682"
		assert "ML100K: ratings.tsv is u.data, byte for byte" "cmp real/ratings.tsv '$ml100k/u.data'"
		check "ML100K: Toy Story, the unknown item, a Latin-1 title" \
			"grep -E '^(1|267|543)${tab}' real/items.tsv" \
			"1${tab}Toy Story (1995)${tab}1995${tab}Animation|Children's|Comedy
267${tab}unknown${tab}${tab}unknown
543${tab}Mis${eacute}rables, Les (1995)${tab}1995${tab}Drama|Musical"
		check "ML100K: user 1" "sed -n 2p real/users.tsv" \
			"1${tab}24${tab}M${tab}technician${tab}85711"
		assert "ML100K: items.tsv is valid UTF-8" "iconv -f UTF-8 -t UTF-8 real/items.tsv >/dev/null"
	else
		ok "ML100K: skipped, $ML100K is not a directory"
	fi
fi
