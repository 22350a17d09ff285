#!/bin/sh
# tests/tools/malformed.sh: every tool that reads files, against one table
# of malformed inputs: empty, header only, binary garbage, a NUL byte, a
# 1 MB line, a field missing or extra, ids and values out of range, NaN and
# infinity, CRLF, a truncated gzip, a directory, an unreadable file; models
# truncated at every section boundary, with one flipped byte and from a
# future format version.  Each case must end with exit 1, exactly one line
# on stderr that names the file (and for text the line) and says what is
# wrong, and nothing left in o/ (no file, no directory), where every case
# writes its outputs.
#
# A case is a command of the table "commands" (FORMAT | COMMAND, {} standing
# for the malformed file) run on each malformed variant of FORMAT's valid
# file; the message expected for each variant is in the table "expected"
# (a shell glob; {} again the file), unless the table "exceptions" gives
# another for that command (or SKIP, with the reason).
. "$(dirname "$0")/../lib.sh"

# ---- valid inputs: a small synthetic data set and models of it ----
reel-synth --users 20 --items 30 --ratings 400 --seed 1 -o syn 2>/dev/null
reel-split --quiet --seed 1 syn/ratings.tsv train.tsv test.tsv
reel-train-baseline --kind pop -o pop.bin train.tsv
reel-train-baseline --kind itemknn --neighbours 5 -o knn.bin train.tsv
reel-train-als --quiet --factors 4 --iters 2 -o als.bin train.tsv
reel-train-als --quiet --explicit --factors 2 --iters 2 -o ex.bin train.tsv
reel-topk -m pop.bin -k 5 -o recs.tsv
reel-score -m ex.bin -o scored.tsv test.tsv
reel-metrics -k 5 --per-user pu.tsv -o met.tsv recs.tsv test.tsv
echo 0.5 >sec.txt
cut -f2 test.tsv | sort -un | head -5 >ids.txt
user=$(head -1 train.tsv | cut -f1)
item=$(head -1 train.tsv | cut -f2)

# ---- malformed variants: bad/FORMAT.KIND from a valid file ----
# variants FORMAT FILE H N IDCOL VALCOL RANGECOL HIGH: FILE has H header
# lines; the damage is done to its line N: the id of column IDCOL made
# too large or negative, the number of column VALCOL (0: none) NaN or
# infinite, column RANGECOL (0: none) set out of range (HIGH), a field
# dropped or added, and so on.  A variant that makes no sense for a format
# (a header, a missing field of a one-field line) is not made.
mkdir -p bad
big=$(awk 'BEGIN { s = "7777777777"; while (length(s) < 1048576) s = s s; print s }')
variants() {
	f=$1 v=$2 h=$3 n=$4 id=$5 val=$6 range=$7 high=$8
	sep=${SEP:-$(printf '\t')} # the field separator: a tab, or SEP
	at() { awk -F"$sep" -v OFS="$sep" -v n="$n" "NR == n { $1 } { print }" "$v" >"bad/$f.$2"; }
	: >"bad/$f.empty"
	[ "$h" = 0 ] || head -n "$h" "$v" >"bad/$f.header"
	awk 'BEGIN { srand(7); for (i = 0; i < 2000; i++) printf "%c", 128 + int(rand() * 128); print "" }' >"bad/$f.garbage"
	{ head -n $((n - 1)) "$v"; printf '\000'; tail -n +"$n" "$v"; } >"bad/$f.nul"
	{ head -n $((n - 1)) "$v"; printf '%s' "$big"; tail -n +"$n" "$v"; } >"bad/$f.long"
	[ "$(sed -n "${n}p" "$v" | awk -F"$sep" '{ print NF }')" = 1 ] ||
		at 'sub("[" OFS "][^" OFS "]*$", "")' missing
	at '$0 = $0 OFS "1"' extra
	if [ "$id" != 0 ]; then
		at "\$$id = \"4294967296\"" idrange
		at "\$$id = \"-1\"" idneg
	fi
	if [ "$val" != 0 ]; then
		at "\$$val = \"nan\"" nan
		at "\$$val = \"inf\"" inf
	fi
	[ "$range" = 0 ] || at "\$$range = \"$high\"" range
	at '$0 = $0 "\r"' crlf
	{ printf '\357\273\277'; cat "$v"; } >"bad/$f.bom"
	gzip -n -c "$v" >"bad/$f.gz.tmp"
	head -c $(($(wc -c <"bad/$f.gz.tmp") / 2)) "bad/$f.gz.tmp" >"bad/$f.gz"
	# whole, but its CRC (the trailer's first byte) flipped
	size=$(wc -c <"bad/$f.gz.tmp")
	{ head -c $((size - 8)) "bad/$f.gz.tmp"; tail -c 8 "bad/$f.gz.tmp" | head -c 1 | tr '\000-\377' '\377\000-\376'
		tail -c 7 "bad/$f.gz.tmp"; } >"bad/$f.gzcrc"
	rm -f "bad/$f.gz.tmp"
	mkdir -p "bad/$f.dir"
	cp "$v" "bad/$f.unreadable"
	chmod 000 "bad/$f.unreadable"
}
#        FORMAT  FILE           H N ID VAL RANGE HIGH
variants ratings train.tsv      0 2 2  3   3     1e31
variants items   syn/items.tsv  1 3 1  3   3     2101
variants users   syn/users.tsv  1 3 1  2   2     121
variants recs    recs.tsv       0 2 2  4   3     0
variants scored  scored.tsv     0 2 2  5   3     1e31
variants scores  scored.tsv     0 2 2  5   5     1e39
variants pairs   test.tsv       0 2 2  0   0     -
variants ids     ids.txt        0 2 1  0   0     -
variants peruser pu.tsv         1 3 1  4   0     -
variants metrics met.tsv        0 2 0  2   2     1e301
variants seconds sec.txt        0 1 0  1   1     1e13
# a (user, item) pair given again (line 3 repeats line 1): every tool that
# reads ratings refuses it, by one rule (lib/ratings.h)
{ head -2 train.tsv; head -1 train.tsv; tail -n +3 train.tsv; } >bad/ratings.dup

# ---- malformed models: bad/model.KIND (from als.bin), bad/iimodel.KIND
# (from knn.bin).  Offsets come from the file's own section table
# (docs/FORMATS.md); the expected messages, which depend on them, go to
# expected.models.
u32() { od -An -tu4 -j"$2" -N4 "$1" | tr -d ' '; }
u64() { od -An -tu8 -j"$2" -N8 "$1" | tr -d ' '; }
# put FILE OFFSET BYTES: overwrite with BYTES (printf escapes) at OFFSET
put() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }
# crc: the CRC-32 of stdin as printf escapes, little-endian: gzip's trailer
crc() { gzip -c | tail -c 8 | head -c 4 | od -An -to1 | tr -s ' ' | sed 's/ /\\/g'; }
# section FILE NAME: the offset of section NAME's payload
section() {
	s=0
	while [ $s -lt "$(u32 "$1" 16)" ]; do
		e=$((32 + 64 * s))
		if [ "$(dd if="$1" bs=1 skip=$e count=20 2>/dev/null | tr -d '\000')" = "$2" ]; then
			u64 "$1" $((e + 48))
			return
		fi
		s=$((s + 1))
	done
}
# recrc FILE: every checksum recomputed, as a writer would have made them,
# so that a damaged value reaches the checks behind the checksums
recrc() {
	ns=$(u32 "$1" 16) s=0
	while [ $s -lt "$ns" ]; do
		e=$((32 + 64 * s))
		put "$1" $((e + 28)) "$(tail -c +$(($(u64 "$1" $((e + 48))) + 1)) "$1" |
			head -c "$(u64 "$1" $((e + 56)))" | crc)"
		s=$((s + 1))
	done
	put "$1" 20 '\0\0\0\0'
	put "$1" 20 "$(head -c $((32 + 64 * ns)) "$1" | crc)"
}
# model_variants FORMAT FILE: what may happen to any binary file; every
# section boundary (the header, the section table, each payload's start
# and end) is a truncation point
model_variants() {
	f=$1 v=$2 size=$(wc -c <"$2")
	: >"bad/$f.empty"
	cp "bad/ratings.garbage" "bad/$f.garbage"
	echo "$f empty | {}: not a reel binary file (bad magic)" >>expected.models
	echo "$f garbage | {}: not a reel binary file (bad magic)" >>expected.models
	cp "$v" "bad/$f.future" && put "bad/$f.future" 8 '\2'
	echo "$f future | {}: unsupported format version 2 (this reel reads version 1)" >>expected.models
	cp "$v" "bad/$f.flipheader" && put "bad/$f.flipheader" 12 '\7'
	echo "$f flipheader | {}: header checksum mismatch (corrupt file)" >>expected.models
	ns=$(u32 "$v" 16)
	{
		echo 4 32 $((32 + 64 * ns))
		s=0
		while [ $s -lt "$ns" ]; do
			off=$(u64 "$v" $((32 + 64 * s + 48)))
			echo "$off $((off + $(u64 "$v" $((32 + 64 * s + 56)))))"
			s=$((s + 1))
		done
	} | tr ' ' '\n' | sort -nu | while read -r cut; do
		[ "$cut" -lt "$size" ] || continue
		head -c "$cut" "$v" >"bad/$f.cut$cut"
		if [ "$cut" -lt 8 ]; then
			why="not a reel binary file (bad magic)"
		elif [ "$cut" -lt 32 ]; then
			why="truncated ($cut bytes, the header needs 32)"
		elif [ "$cut" -lt $((32 + 64 * ns)) ]; then
			why="truncated ($cut bytes, the section table needs $((32 + 64 * ns)))"
		else
			why="truncated ($cut bytes, header says $size)"
		fi
		echo "$f cut$cut | {}: $why" >>expected.models
	done
	mkdir "bad/$f.dir"
	echo "$f dir | {}: is a directory" >>expected.models
	cp "$v" "bad/$f.unreadable" && chmod 000 "bad/$f.unreadable"
	echo "$f unreadable | {}: Permission denied" >>expected.models
}
: >expected.models
model_variants model als.bin
x=$(section als.bin X) y=$(section als.bin Y) uid=$(section als.bin user_ids)
cp als.bin bad/model.flip && put bad/model.flip $((x + 5)) '\377'
echo "model flip | {}: section 'X' checksum mismatch (corrupt file)" >>expected.models
cp als.bin bad/model.nan && put bad/model.nan $((x + 4 * 9)) '\0\0\300\177' && recrc bad/model.nan
echo "model nan | {}: X: non-finite value in row 2 (corrupt model)" >>expected.models
cp als.bin bad/model.inf && put bad/model.inf "$y" '\0\0\200\177' && recrc bad/model.inf
echo "model inf | {}: Y: non-finite value in row 0 (corrupt model)" >>expected.models
cp als.bin bad/model.idorder && dd if=als.bin of=bad/model.idorder bs=1 skip="$uid" seek=$((uid + 4)) \
	count=4 conv=notrunc 2>/dev/null && recrc bad/model.idorder
echo "model idorder | {}: user ids are not strictly ascending (corrupt model)" >>expected.models

# huge declared dimensions behind valid checksums: one message, not one a section
cp als.bin bad/model.dims && put bad/model.dims "$(section als.bin dims)" '\377\377\377\177' && recrc bad/model.dims
echo "model dims | {}: section 'user_ids' has the wrong type or shape" >>expected.models

model_variants iimodel knn.bin
cp knn.bin bad/iimodel.dims && put bad/iimodel.dims "$(section knn.bin dims)" '\377\377\377\177' && recrc bad/iimodel.dims
echo "iimodel dims | {}: section 'user_ids' has the wrong type or shape" >>expected.models
bi=$(section knn.bin B_indices) bd=$(section knn.bin B_data)
cp knn.bin bad/iimodel.flip && put bad/iimodel.flip $((bd + 1)) '\377'
echo "iimodel flip | {}: section 'B_data' checksum mismatch (corrupt file)" >>expected.models
cp knn.bin bad/iimodel.nan && put bad/iimodel.nan "$bd" '\0\0\300\177' && recrc bad/iimodel.nan
echo "iimodel nan | {}: B_data: non-finite value in row 0 (corrupt model)" >>expected.models
cp knn.bin bad/iimodel.idrange && put bad/iimodel.idrange "$bi" '\377\377\377\377' && recrc bad/iimodel.idrange
echo "iimodel idrange | {}: B_indices: column 4294967295 out of range in row 0 (corrupt model)" >>expected.models

# binary ratings: bad/ratingsbin.KIND from train.bin (reel-pack of
# train.tsv).  Below 8 bytes there is no magic: the file is read as text.
reel-pack -o train.bin train.tsv
model_variants ratingsbin train.bin
sed -i -e 's/^ratingsbin empty | .*/ratingsbin empty | {}: no ratings (empty file)/' \
	-e 's/^ratingsbin garbage | .*/ratingsbin garbage | {}:1: expected 3 or 4 fields (user, item, rating[, timestamp]), found 1/' \
	-e 's/^ratingsbin cut4 | .*/ratingsbin cut4 | {}:1: expected 3 or 4 fields (user, item, rating[, timestamp]), found 1/' expected.models
bx=$(section train.bin items) bv=$(section train.bin ratings) bu=$(section train.bin user_ids)
bp=$(section train.bin indptr)
cp train.bin bad/ratingsbin.flip && put bad/ratingsbin.flip $((bv + 2)) '\377'
echo "ratingsbin flip | {}: section 'ratings' checksum mismatch (corrupt file)" >>expected.models
cp train.bin bad/ratingsbin.kind && put bad/ratingsbin.kind 12 '\2' && recrc bad/ratingsbin.kind
echo "ratingsbin kind | {}: wrong kind of file: implicit ALS model, expected ratings file" >>expected.models
cp train.bin bad/ratingsbin.nan && put bad/ratingsbin.nan $((bv + 4)) '\0\0\300\177' && recrc bad/ratingsbin.nan
echo "ratingsbin nan | {}: rating 2 of user $user is not finite" >>expected.models
# the second rating of the first user made a copy of the first: a pair twice
cp train.bin bad/ratingsbin.dup && dd if=train.bin of=bad/ratingsbin.dup bs=1 skip="$bx" seek=$((bx + 4)) \
	count=4 conv=notrunc 2>/dev/null && recrc bad/ratingsbin.dup
echo "ratingsbin dup | {}: duplicate rating for user $user, item $item" >>expected.models
cp train.bin bad/ratingsbin.idrange && put bad/ratingsbin.idrange "$bx" '\377\377\377\377' && recrc bad/ratingsbin.idrange
echo "ratingsbin idrange | {}: item index 4294967295 out of range ($(u64 train.bin $(($(section train.bin dims) + 8))) items)" >>expected.models
cp train.bin bad/ratingsbin.idorder && dd if=train.bin of=bad/ratingsbin.idorder bs=1 skip="$bu" seek=$((bu + 4)) \
	count=4 conv=notrunc 2>/dev/null && recrc bad/ratingsbin.idorder
echo "ratingsbin idorder | {}: user ids not strictly ascending ($user after $user)" >>expected.models
cp train.bin bad/ratingsbin.indptr && put bad/ratingsbin.indptr "$bp" '\1' && recrc bad/ratingsbin.indptr
echo "ratingsbin indptr | {}: indptr runs from 1 to $(wc -l <train.tsv), not from 0 to the number of ratings" >>expected.models

# MovieLens directories: bad/ml100k.KIND holds the variant KIND of u.data,
# bad/ml10m.KIND that of ratings.dat, bad/mllatest.KIND that of
# ratings.csv, beside valid other files.
mkdir m100 m10 mlatest
printf 'unknown|0\nAction|1\nComedy|2\n\n' >m100/u.genre
printf '%s\n' '1|Alpha (1995)|01-Jan-1995||http://x|0|1|1' '2|Beta|4-Feb-1971||http://y|0|0|1' \
	'3|Gamma (1963)|||x|1|0|0' >m100/u.item
printf '%s\n' '1|24|M|writer|85711' '2|53|F|other|T8H1N' >m100/u.user
printf '1\t1\t5\t881250949\n2\t1\t3\t881250950\n1\t2\t4\t881250951\n2\t3\t1\t881250952\n' >udata
printf '%s\n' movieId,title,genres '1,Alpha (1995),Action|Comedy' '2,"Beta, The",(no genres listed)' \
	'3,Gamma (1963),Comedy' >mlatest/movies.csv
printf '%s\n' userId,movieId,rating,timestamp 1,1,4.0,964982703 1,3,3.5,964981247 \
	2,2,0.5,964982224 >ratingscsv
printf '1::Alpha (1995)::Action|Comedy\n2::Mis\351rables (1995)::(no genres listed)\n' >m10/movies.dat
printf '%s\n' 1::1::4.5::838985046 1::2::3::838983525 2::2::0.5::838983526 >ratingsdat
variants udata udata 0 2 2 3 3 5.5
SEP=:: variants ratingsdat ratingsdat 0 2 2 3 3 5.5
SEP=, variants ratingscsv ratingscsv 1 3 2 3 3 5.5
for v in bad/udata.* bad/ratingsdat.* bad/ratingscsv.*; do
	case $v in bad/udata.*) d=bad/ml100k.${v#bad/udata.} from=m100 to=u.data ;;
	bad/ratingsdat.*) d=bad/ml10m.${v#bad/ratingsdat.} from=m10 to=ratings.dat ;;
	*) d=bad/mllatest.${v#bad/ratingscsv.} from=mlatest to=ratings.csv ;; esac
	cp -r $from "$d"
	mv "$v" "$d/$to"
done

# An unreadable file: root reads a file of mode 000, so as root the case
# runs as nobody (setpriv), with the directory opened up to it; without
# setpriv the cases are skipped.
as_nobody=""
if [ "$(id -u)" != 0 ]; then
	as_nobody=" "
elif command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$ROOT/bin/reel-split"; then
	chmod 755 "$T"
	as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi

# ---- the expected message of each variant: FORMAT KIND | glob ----
cat >expected <<'EOF'
ratings empty | {}: no ratings (empty file)
ratings garbage | {}:1: expected 3 or 4 fields (user, item, rating[, timestamp]), found 1
ratings nul | {}:2: NUL byte in line
ratings long | {}:2: bad user id '7777777777777777777777777777777777777777...'
ratings missing | {}:2: expected 4 fields, found 3
ratings extra | {}:2: expected 4 fields, found 5
ratings idrange | {}:2: bad item id '4294967296'
ratings idneg | {}:2: bad item id '-1'
ratings range | {}:2: bad rating '1e31'
ratings nan | {}:2: bad rating 'nan'
ratings inf | {}:2: bad rating 'inf'
ratings crlf | {}:2: carriage return at end of line (CRLF line endings are not accepted)
ratings gz | {}:*: truncated or corrupt gzip data (*)
ratings dir | {}: is a directory
ratings unreadable | {}: Permission denied
items empty | {}: empty file (expected a header line)
items header | {}: no items after the header
items garbage | {}:1: bad header: expected 4 fields, found 1
items nul | {}:3: NUL byte in line
items long | {}:3: bad item id '7777777777777777777777777777777777777777...'
items missing | {}:3: expected 4 fields, found 3
items extra | {}:3: expected 4 fields, found 5
items idrange | {}:3: bad item id '4294967296'
items idneg | {}:3: bad item id '-1'
items range | {}:3: bad year '2101'
items nan | {}:3: bad year 'nan'
items inf | {}:3: bad year 'inf'
items crlf | {}:3: carriage return at end of line (CRLF line endings are not accepted)
items gz | {}:*: truncated or corrupt gzip data (*)
items dir | {}: is a directory
items unreadable | {}: Permission denied
users empty | {}: empty file (expected a header line)
users header | {}: no users after the header
users garbage | {}:1: bad header: expected 5 fields, found 1
users nul | {}:3: NUL byte in line
users long | {}:3: bad user id '7777777777777777777777777777777777777777...'
users missing | {}:3: expected 5 fields, found 4
users extra | {}:3: expected 5 fields, found 6
users idrange | {}:3: bad user id '4294967296'
users idneg | {}:3: bad user id '-1'
users range | {}:3: bad age '121'
users nan | {}:3: bad age 'nan'
users inf | {}:3: bad age 'inf'
users crlf | {}:3: carriage return at end of line (CRLF line endings are not accepted)
users gz | {}:*: truncated or corrupt gzip data (*)
users dir | {}: is a directory
users unreadable | {}: Permission denied
recs empty | {}: no recommendations (empty file)
recs garbage | {}:1: expected 4 fields, found 1
recs nul | {}:2: NUL byte in line
recs long | {}:2: bad user id '7777777777777777777777777777777777777777...'
recs missing | {}:2: expected 4 fields, found 3
recs extra | {}:2: expected 4 fields, found 5
recs idrange | {}:2: bad item id '4294967296'
recs idneg | {}:2: bad item id '-1'
recs range | {}:2: bad rank '0' (ranks start at 1)
recs nan | {}:2: bad score 'nan'
recs inf | {}:2: bad score 'inf'
recs crlf | {}:2: carriage return at end of line (CRLF line endings are not accepted)
recs gz | {}:*: truncated or corrupt gzip data (*)
recs dir | {}: is a directory
recs unreadable | {}: Permission denied
scored empty | {}: no scored lines (empty file)
scored garbage | {}:1: expected at least 4 fields (user, item, rating, ..., prediction), found 1
scored nul | {}:2: NUL byte in line
scored long | {}:2: bad user id '7777777777777777777777777777777777777777...'
scored missing | {}:2: expected 5 fields, found 4
scored extra | {}:2: expected 5 fields, found 6
scored idrange | {}:2: bad item id '4294967296'
scored idneg | {}:2: bad item id '-1'
scored range | {}:2: bad rating '1e31'
scored nan | {}:2: bad prediction 'nan'
scored inf | {}:2: bad prediction 'inf'
scored crlf | {}:2: carriage return at end of line (CRLF line endings are not accepted)
scored gz | {}:*: truncated or corrupt gzip data (*)
scored dir | {}: is a directory
scored unreadable | {}: Permission denied
scores garbage | {}:1: expected at least 3 fields (user, item, ..., score), found 1
scores nul | {}:2: NUL byte in line
scores long | {}:2: bad user id '7777777777777777777777777777777777777777...'
scores missing | {}:2: expected 5 fields, found 4
scores extra | {}:2: expected 5 fields, found 6
scores idrange | {}:2: bad item id '4294967296'
scores idneg | {}:2: bad item id '-1'
scores range | {}:2: bad score '1e39'
scores nan | {}:2: bad score 'nan'
scores inf | {}:2: bad score 'inf'
scores crlf | {}:2: carriage return at end of line (CRLF line endings are not accepted)
scores gz | {}:*: truncated or corrupt gzip data (*)
scores dir | {}: is a directory
scores unreadable | {}: Permission denied
pairs garbage | {}:1: expected at least 2 fields (user, item, ...), found 1
pairs nul | {}:2: NUL byte in line
pairs long | {}:2: bad user id '7777777777777777777777777777777777777777...'
pairs missing | {}:2: expected 4 fields, found 3
pairs extra | {}:2: expected 4 fields, found 5
pairs idrange | {}:2: bad item id '4294967296'
pairs idneg | {}:2: bad item id '-1'
pairs crlf | {}:2: carriage return at end of line (CRLF line endings are not accepted)
pairs gz | {}:*: truncated or corrupt gzip data (*)
pairs dir | {}: is a directory
pairs unreadable | {}: Permission denied
ids garbage | {}:1: bad * id '*
ids nul | {}:2: NUL byte in line
ids long | {}:2: bad * id '7777777777777777777777777777777777777777...'
ids extra | {}:2: expected 1 field, found 2
ids idrange | {}:2: bad * id '4294967296'
ids idneg | {}:2: bad * id '-1'
ids crlf | {}:2: carriage return at end of line (CRLF line endings are not accepted)
ids gz | {}:*: truncated or corrupt gzip data (*)
ids dir | {}: is a directory
ids unreadable | {}: Permission denied
peruser empty | {}: empty file: expected a header line starting with 'user'
peruser header | {}: no users after the header
peruser garbage | {}:1: expected a header line starting with '*
peruser nul | {}:3: NUL byte in line
peruser long | {}:3: bad user id '7777777777777777777777777777777777777777...'
peruser missing | {}:3: expected 9 fields, found 8
peruser extra | {}:3: expected 9 fields, found 10
peruser idrange | {}:3: bad user id '4294967296'
peruser idneg | {}:3: bad user id '-1'
peruser nan | {}:3: bad recall@5 'nan'
peruser inf | {}:3: bad recall@5 'inf'
peruser crlf | {}:3: carriage return at end of line (CRLF line endings are not accepted)
peruser gz | {}:*: truncated or corrupt gzip data (*)
peruser dir | {}: is a directory
peruser unreadable | {}: Permission denied
metrics empty | {}: none of the metrics asked for
metrics garbage | {}:1: expected 2 fields, found 1
metrics nul | {}:2: NUL byte in line
metrics missing | {}:2: expected 2 fields, found 1
metrics extra | {}:2: expected 2 fields, found 3
metrics range | {}:2: bad value '1e301'
metrics nan | {}:2: bad value 'nan'
metrics inf | {}:2: bad value 'inf'
metrics crlf | {}:2: carriage return at end of line (CRLF line endings are not accepted)
metrics gz | {}:*: truncated or corrupt gzip data (*)
metrics dir | {}: is a directory
metrics unreadable | {}: Permission denied
seconds empty | {}: empty file (expected training seconds)
seconds garbage | {}:1: bad seconds '*
seconds nul | {}:1: NUL byte in line
seconds long | {}:1: bad seconds '7777777777777777777777777777777777777777...'
seconds extra | {}:1: expected 1 field, found 2
seconds range | {}:1: bad seconds '1e13'
seconds nan | {}:1: bad seconds 'nan'
seconds inf | {}:1: bad seconds 'inf'
seconds crlf | {}:1: carriage return at end of line (CRLF line endings are not accepted)
seconds gz | {}:*: truncated or corrupt gzip data (*)
seconds dir | {}: is a directory
seconds unreadable | {}: Permission denied
ml100k empty | {}/u.data: no ratings (empty file)
ml100k garbage | {}/u.data:1: invalid UTF-8 at byte 1
ml100k nul | {}/u.data:2: NUL byte in line
ml100k long | {}/u.data:2: bad user id '7777777777777777777777777777777777777777...'
ml100k missing | {}/u.data:2: expected 4 fields, found 3
ml100k extra | {}/u.data:2: expected 4 fields, found 5
ml100k idrange | {}/u.data:2: bad item id '4294967296'
ml100k idneg | {}/u.data:2: bad item id '-1'
ml100k range | {}/u.data:2: bad rating '5.5'
ml100k nan | {}/u.data:2: bad rating 'nan'
ml100k inf | {}/u.data:2: bad rating 'inf'
ml100k crlf | {}/u.data:2: carriage return at end of line (CRLF line endings are not accepted)
ml100k gz | {}/u.data:*: truncated or corrupt gzip data (*)
ml100k dir | {}/u.data: is a directory
ml100k unreadable | {}/u.data: Permission denied
ml10m empty | {}/ratings.dat: no ratings (empty file)
ml10m garbage | {}/ratings.dat:1: invalid UTF-8 at byte 1
ml10m nul | {}/ratings.dat:2: NUL byte in line
ml10m long | {}/ratings.dat:2: bad user id '7777777777777777777777777777777777777777...'
ml10m missing | {}/ratings.dat:2: expected 4 fields, found 3
ml10m extra | {}/ratings.dat:2: expected 4 fields, found 5
ml10m idrange | {}/ratings.dat:2: bad item id '4294967296'
ml10m idneg | {}/ratings.dat:2: bad item id '-1'
ml10m range | {}/ratings.dat:2: bad rating '5.5'
ml10m nan | {}/ratings.dat:2: bad rating 'nan'
ml10m inf | {}/ratings.dat:2: bad rating 'inf'
ml10m crlf | {}/ratings.dat:2: carriage return at end of line (CRLF line endings are not accepted)
ml10m gz | {}/ratings.dat:*: truncated or corrupt gzip data (*)
ml10m dir | {}/ratings.dat: is a directory
ml10m unreadable | {}/ratings.dat: Permission denied
ml10m | reel-import --ml10m {} -o o/ml
mllatest empty | {}/ratings.csv: empty file (expected a header line)
mllatest header | {}/ratings.csv: no ratings after the header
mllatest garbage | {}/ratings.csv:1: invalid UTF-8 at byte 1
mllatest nul | {}/ratings.csv:3: NUL byte in line
mllatest long | {}/ratings.csv:3: bad user id '7777777777777777777777777777777777777777...'
mllatest missing | {}/ratings.csv:3: expected 4 fields, found 3
mllatest extra | {}/ratings.csv:3: expected 4 fields, found 5
mllatest idrange | {}/ratings.csv:3: bad item id '4294967296'
mllatest idneg | {}/ratings.csv:3: bad item id '-1'
mllatest range | {}/ratings.csv:3: bad rating '5.5'
mllatest nan | {}/ratings.csv:3: bad rating 'nan'
mllatest inf | {}/ratings.csv:3: bad rating 'inf'
mllatest crlf | {}/ratings.csv:3: carriage return at end of line (CRLF line endings are not accepted)
mllatest gz | {}/ratings.csv:*: truncated or corrupt gzip data (*)
mllatest dir | {}/ratings.csv: is a directory
mllatest unreadable | {}/ratings.csv: Permission denied
EOF

# ---- the commands: FORMAT | command ----
cat >commands <<EOF
ratings | reel-split {} o/a.tsv o/b.tsv
ratings | reel-train-als --quiet --factors 2 --iters 1 -o o/m.bin {}
ratings | reel-train-als --quiet --factors 2 --iters 1 --valid {} -o o/m.bin train.tsv
ratings | reel-train-bpmf --quiet --factors 2 --burn-in 1 --samples 1 -o o/m.bin {}
ratings | reel-train-bpmf --quiet --factors 2 --burn-in 1 --samples 1 --valid {} -o o/m.bin train.tsv
ratings | reel-train-baseline --kind pop -o o/m.bin {}
ratings | reel-train-baseline --kind rp3beta -o o/m.bin {}
ratings | reel-train-als --quiet --factors 2 --iters 1 --alpha0 0.5 --reg-nu 0.5 -o o/m.bin {}
ratings | reel-topk -m pop.bin -k 2 --exclude {} -o o/r.tsv
ratings | reel-foldin -m pop.bin -o o/m.bin {}
ratings | reel-explain -m als.bin --user $user --item $item --history {} -o o/x.tsv
ratings | reel-metrics -k 2 -o o/m.tsv recs.tsv {}
ratings | reel-metrics -k 2 --train {} -o o/m.tsv recs.tsv test.tsv
ratings | reel-segment --users syn/users.tsv --items syn/items.tsv -o o/seg {}
ratings | reel-timeplot -o o/tp {}
ratings | reel-pack -o o/r.bin {}
ratings | reel-shard --quiet --parts 2 -o o/parts {}
ratingsbin | reel-split {} o/a.tsv o/b.tsv
ratingsbin | reel-train-als --quiet --factors 2 --iters 1 -o o/m.bin {}
ratingsbin | reel-train-bpmf --quiet --factors 2 --burn-in 1 --samples 1 -o o/m.bin {}
ratingsbin | reel-train-baseline --kind pop -o o/m.bin {}
ratingsbin | reel-train-baseline --kind rp3beta -o o/m.bin {}
ratingsbin | reel-topk -m pop.bin -k 2 --exclude {} -o o/r.tsv
ratingsbin | reel-metrics -k 2 --train {} -o o/m.tsv recs.tsv test.tsv
ratingsbin | reel-segment --users syn/users.tsv --items syn/items.tsv -o o/seg {}
ratingsbin | reel-timeplot -o o/tp {}
ratingsbin | reel-pack -o o/r.bin {}
items | reel-train-baseline --kind genre --items {} -o o/m.bin train.tsv
items | reel-segment --users syn/users.tsv --items {} -o o/seg syn/ratings.tsv
items | reel-titles --items {} -o o/t.tsv recs.tsv
users | reel-segment --users {} --items syn/items.tsv -o o/seg syn/ratings.tsv
recs | reel-metrics -k 2 -o o/m.tsv {} test.tsv
scored | reel-metrics --rmse {} -o o/m.tsv
scores | reel-topk -k 2 -o o/r.tsv {}
pairs | reel-score -m pop.bin -o o/s.tsv {}
pairs | reel-titles --items syn/items.tsv -o o/t.tsv {}
ids | reel-similar -m knn.bin -o o/s.tsv {}
ids | reel-topk -m pop.bin -k 2 --users {} -o o/r.tsv
ids | reel-topk -m pop.bin -k 2 --blacklist {} -o o/r.tsv
ids | reel-topk -m pop.bin -k 2 --candidates {} -o o/r.tsv
peruser | reel-abtest -o o/ab.tsv {} pu.tsv
peruser | reel-abtest -o o/ab.tsv pu.tsv {}
metrics | reel-compare -o o/c.tsv pop {} sec.txt
seconds | reel-compare -o o/c.tsv pop met.tsv {}
model | reel-inspect -o o/i.tsv {}
model | reel-inspect --factors users -o o/i.tsv {}
model | reel-topk -m {} -k 2 -o o/r.tsv
model | reel-score -m {} -o o/s.tsv test.tsv
model | reel-similar -m {} -o o/s.tsv ids.txt
model | reel-foldin -m {} -o o/m.bin test.tsv
model | reel-explain -m {} --user $user --item $item --history train.tsv -o o/x.tsv
iimodel | reel-inspect -o o/i.tsv {}
iimodel | reel-topk -m {} -k 2 -o o/r.tsv
iimodel | reel-score -m {} -o o/s.tsv test.tsv
iimodel | reel-similar -m {} -o o/s.tsv ids.txt
ml100k | reel-import --ml100k {} -o o/ml
ml10m | reel-import --ml10m {} -o o/ml
mllatest | reel-import --ml-latest {} -o o/ml
EOF

cat expected.models >>expected
# every text format: a byte-order mark named, a gzip CRC error naming the
# file (not zlib's "<fd:3>")
for f in ratings items users recs scored scores pairs ids peruser metrics seconds ml100k ml10m mllatest; do
	p='{}'
	case $f in ml100k) p='{}/u.data' ;; ml10m) p='{}/ratings.dat' ;; mllatest) p='{}/ratings.csv' ;; esac
	echo "$f bom | $p:1: UTF-8 byte-order mark at the start of the file (not accepted)"
	echo "$f gzcrc | $p:*: read error: incorrect data check (truncated or corrupt gzip data?)"
done >>expected
echo "ratings dup | {}:3: duplicate rating for user $(head -1 train.tsv | cut -f1), item $(head -1 train.tsv | cut -f2) (first at line 1)" >>expected

# ---- exceptions: FORMAT KIND | command prefix | glob, or SKIP reason ----
cat >exceptions <<'EOF'
scores empty | reel-topk | SKIP: empty input is valid, empty output (docs/TOOLS.md)
pairs empty | reel-score | SKIP: empty input is valid, empty output
ids empty | reel- | SKIP: an empty list is valid (no items, no users, nothing excluded)
metrics long | reel-compare | SKIP: metric names are free text, a long one is valid
ratings dup | reel-shard | SKIP: a pair given twice is found when the parts are read (a user's ratings all go to one part)
pairs empty | reel-titles | SKIP: empty input is valid, empty output
pairs extra | reel-titles | SKIP: reel-titles reads field N only and passes the others through
pairs missing | reel-titles | SKIP: reel-titles reads field N only and passes the others through
pairs long | reel-titles | SKIP: reel-titles reads field N only and passes the others through
pairs garbage | reel-titles | {}:1: missing item id (field 2)
model nan | reel-inspect -o | SKIP: reel-inspect checks the container (checksums, layout), not the values
model inf | reel-inspect -o | SKIP: reel-inspect checks the container (checksums, layout), not the values
model idorder | reel-inspect -o | SKIP: reel-inspect checks the container (checksums, layout), not the values
iimodel nan | reel-inspect -o | SKIP: reel-inspect checks the container (checksums, layout), not the values
iimodel idrange | reel-inspect -o | SKIP: reel-inspect checks the container (checksums, layout), not the values
model dims | reel-inspect -o | SKIP: reel-inspect checks the container (checksums, layout), not the values
iimodel dims | reel-inspect -o | SKIP: reel-inspect checks the container (checksums, layout), not the values
EOF

# The plan, one case a line: FORMAT, KIND, the command and the expected
# message (a glob in which only * is a wildcard; SKIP... or empty when
# none), tab-separated, {} replaced by the file.
ls bad | awk -F' [|] ' -v OFS='\t' '
	function subst(s, file) { gsub(/\{\}/, file, s); return s }
	FILENAME == "exceptions" { exc[$1, ++nexc[$1]] = $2; excwant[$1, nexc[$1]] = $3; next }
	FILENAME == "expected" { want[$1] = $2; next }
	FILENAME == "-" { i = index($0, "."); kinds[substr($0, 1, i - 1)] = kinds[substr($0, 1, i - 1)] " " substr($0, i + 1); next }
	/^$/ || /^#/ { next }
	{
		format = $1; cmd = $2; n = split(kinds[format], k, " ")
		for (j = 1; j <= n; j++) {
			key = format " " k[j]; w = want[key]
			for (e = 1; e <= nexc[key]; e++)
				if (index(cmd, exc[key, e]) == 1) { w = excwant[key, e]; break }
			file = "bad/" format "." k[j]
			if (w !~ /^SKIP/) { gsub(/[][?\\]/, "\\\\&", w); w = subst(w, file) }
			print format, k[j], subst(cmd, file), w
		}
	}' exceptions expected - commands >plan

# leftovers: whatever is in o/, files and directories (a failed run makes
# no output directory either); no fork, as this runs once a case
leftovers() {
	left=""
	for f in o/* o/.[!.]*; do
		[ -e "$f" ] || [ -L "$f" ] && left="$left $f"
	done
}

# bad FORMAT KIND CMD GLOB: the case described above, the command run in
# this shell (eval) so that the tool is the only process a case starts
mkdir o
chmod 777 o
bad() {
	name="$2 $1: $3"
	if [ "$2" != unreadable ]; then
		eval "$3" </dev/null >"$T/.out" 2>"$T/.err"
	elif [ -n "$as_nobody" ]; then
		rm -rf o/* # directories made by root's cases would stop nobody
		eval "$as_nobody $3" </dev/null >"$T/.out" 2>"$T/.err"
	else
		ok "$name # SKIP: root, and no setpriv"
		return
	fi
	RC=$?
	tool=${3%% *}
	err="" more=""
	{ IFS= read -r err; IFS= read -r more && more=1; } <"$T/.err"
	leftovers
	if [ -n "${SURVEY:-}" ]; then
		printf '%s %s | %s | %s | %s\n' "$1" "$2" "$RC" "$err" "$left" | cut -c1-300
	elif [ "$RC" != 1 ]; then
		fail "$name" "exit $RC, expected 1" "stderr: $(echo "$err" | cut -c1-200)"
	elif [ -n "$more" ]; then
		fail "$name" "expected one line on stderr, got:" "$(head -5 "$T/.err" | cut -c1-200)"
	elif case $err in "$tool: "$4) false ;; *) true ;; esac then
		fail "$name" "stderr: $(echo "$err" | cut -c1-200)" "expected: $tool: $4"
	elif [ -n "$left" ]; then
		fail "$name" "left behind:$left"
	else
		ok "$name"
	fi
	[ -z "$left" ] || rm -rf o/*
}

tab=$(printf '\t')
while IFS=$tab read -r format kind cmd want; do
	[ -z "${SURVEY:-}" ] || want=${want:-?}
	case $want in
	'') fail "$kind $format: $cmd" "no expected message for '$format $kind'" ;;
	SKIP*) ok "$kind $format: $cmd # $want" ;;
	*) bad "$format" "$kind" "$cmd" "$want" ;;
	esac
done <plan

# ---- tools whose inputs are templates and directories of tables ----
printf '# T\n@table met.tsv\n' >t.md
printf '# T\n\000\n' >bad/t.nul
printf '# T\r\n' >bad/t.crlf
printf '# T\n\377\n' >bad/t.utf8
gzip -n -c t.md | head -c 20 >bad/t.gz
cp t.md bad/t.unreadable && chmod 000 bad/t.unreadable
printf '# T\n@table ragged.tsv\n' >bad/t.ragged
printf 'a\tb\n1\n' >bad/ragged.tsv
printf '# T\n@table ratings.nul\n' >bad/t.tablenul
printf '# T\n@image ratings.garbage\n' >bad/t.image
printf '# T\n{{/etc/passwd:root}}\n' >bad/t.outside
ln -s /etc/passwd bad/passwd.tsv
printf '# T\n@table passwd.tsv\n' >bad/t.link
printf '# T\n{{ragged.tsv:a}}\n' >bad/t.value
mkdir -p seg tp
bad template nul "reel-report -o o/r.html bad/t.nul" "bad/t.nul:2: NUL byte"
bad template crlf "reel-report -o o/r.html bad/t.crlf" \
	"bad/t.crlf:1: carriage return at end of line (CRLF line endings are not accepted)"
bad template garbage "reel-report -o o/r.html bad/t.utf8" "bad/t.utf8:2: invalid UTF-8"
bad template gz "reel-report -o o/r.html bad/t.gz" "bad/t.gz:1: *"
bad template dir "reel-report -o o/r.html bad/ratings.dir" "bad/ratings.dir: *"
bad template unreadable "reel-report -o o/r.html bad/t.unreadable" "bad/t.unreadable: Permission denied"
bad table missing "reel-report -o o/r.html bad/t.ragged" "bad/t.ragged:2: bad/ragged.tsv:2: expected 2 fields, found 1"
bad table nul "reel-report -o o/r.html bad/t.tablenul" "bad/t.tablenul:2: bad/ratings.nul:2: NUL byte in line"
bad image garbage "reel-report -o o/r.html bad/t.image" "bad/t.image:2: not a PNG or SVG image 'ratings.garbage'"
bad template outside "reel-report -o o/r.html bad/t.outside" "bad/t.outside:2: path outside the base directory '/etc/passwd'"
bad template symlink "reel-report -o o/r.html bad/t.link" "bad/t.link:2: path outside the base directory 'passwd.tsv'"
bad value ragged "reel-report -o o/r.html bad/t.value" "bad/t.value:2: bad/ragged.tsv:2: expected 2 fields, found 1"
bad segdir empty "reel-insights -o o/ins seg tp" "seg/genres.tsv: No such file or directory"
bad ratings nul "reel-loadtest --requests 5 --ratings bad/ratings.nul -o o/lt.tsv -- reel-topk -m pop.bin -k 2 --serve" \
	"bad/ratings.nul:2: NUL byte in line"
bad ratings dir "reel-loadtest --requests 5 --ratings bad/ratings.dir -o o/lt.tsv -- reel-topk -m pop.bin -k 2 --serve" \
	"bad/ratings.dir: is a directory"

# unbounded reads, each capped (the caps lowered here to keep the cases small)
bad model zero "reel-topk -m /dev/zero -k 2 -o o/r.tsv" "/dev/zero: not a reel binary file (bad magic)"
mkfifo fifo
{ head -c 32 als.bin; head -c 200000 /dev/zero; } >fifo 2>/dev/null &
export REEL_READ_MAX=100000
bad model fifo "reel-inspect -o o/i.tsv fifo" \
	"fifo: more than 100000 bytes from a file that is not a regular file (REEL_READ_MAX raises the limit)"
unset REEL_READ_MAX
wait
export REEL_LINE_MAX=100000
bad ratings toolong "reel-split bad/ratings.long o/a.tsv o/b.tsv" \
	"bad/ratings.long:2: line longer than 100000 bytes (REEL_LINE_MAX raises the limit)"
unset REEL_LINE_MAX
export REEL_EASE_MAX_ITEMS=10
bad ratings ease "reel-train-baseline --kind ease -o o/m.bin train.tsv" \
	"EASE: * items need a dense * x * matrix of doubles (* GB), more than the limit of 10 items (REEL_EASE_MAX_ITEMS raises it)"
unset REEL_EASE_MAX_ITEMS

# read_seconds of reel-compare once printed two messages for one fault
printf '0.5\n\000\n' >bad/sec.two
bad seconds nul2 "reel-compare -o o/c.tsv pop met.tsv bad/sec.two" "bad/sec.two:2: NUL byte in line"
printf '0.5\n0.6\n' >bad/sec.lines
bad seconds lines "reel-compare -o o/c.tsv pop met.tsv bad/sec.lines" "bad/sec.lines:2: expected one line"
