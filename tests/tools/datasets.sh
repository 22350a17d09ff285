# Tests of the pipeline on other data sets: MovieLens 10M's layout from
# its zip, MovieLens 25M's CSV layout from a directory, a team's own TSV
# without items or timestamps; and a nightly export replacing RATINGS
# (make notices by checksum; the report says how the figures moved).  The
# data are small synthetic sets in the official layouts (tests/layouts.sh).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/layouts.sh"

MK="make -s -C $ROOT --no-print-directory"
reel-synth --users 150 --items 300 --ratings 6000 --seed 3 -o syn 2>/dev/null
have() { grep -c "$1" "$2"; }

# ---- MovieLens 10M from its zip: no users file, half stars ----
ml_layout ml-10m syn zipd/ml-10M100K
(cd zipd && zip -qr ../ml-10m.zip ml-10M100K)
md5=$(md5sum ml-10m.zip | cut -d' ' -f1)
run "REEL_ML_MD5=$md5 $MK DATASET=ml-10m ML10M=$T/ml-10m.zip DATA=$T/d10 OUT=$T/o10 pipeline"
assert "ml-10m: the pipeline runs from the zip" "[ $RC = 0 ]"
[ $RC = 0 ] || tail -5 "$T/.err"
check "ml-10m: every model, the genre baseline too" "cut -f1 o10/compare.tsv | tail -n +2 | tr '\n' ' '" \
	"als pop random genre itemknn ease rp3beta "
check "ml-10m: no users file, so segments by activity only" "cut -f1 o10/segments/segments.tsv | sort -u | tr '\n' ' '" \
	"activity all dimension "
assert "ml-10m: half stars reach the rating histogram" "grep -q '^4.5	' o10/segments/rating-dist.tsv"
assert "ml-10m: the report says what was skipped and why, and that the zip's MD5 was checked" \
	"grep -q 'Demographics: none (ml-10m has no users file): no segments by gender, age or occupation' o10/report/index.html &&
	 grep -q 'Checksum: zip $md5 (MD5, matches the published ml-10m.zip.md5)' o10/report/index.html &&
	 grep -q 'Official folds: none' o10/report/index.html"
assert "ml-10m: no heatmap (no occupations), the time charts drawn" \
	"[ ! -e o10/charts/heatmap.png ] && [ -s o10/charts/hours.png ]"
run "$MK DATASET=ml-10m ML10M=$T/ml-10m.zip DATA=$T/d10 OUT=$T/o10 -q pipeline"
assert "ml-10m: a second make has nothing to do" "[ $RC = 0 ]"

cp ml-10m.zip z.new && mv z.new ml-10m.zip
run "$MK DATASET=ml-10m ML10M=$T/ml-10m.zip DATA=$T/d10 OUT=$T/o10 -q pipeline"
assert "ml-10m: the same zip copied anew: nothing to do" "[ $RC = 0 ]"
head -n 100 zipd/ml-10M100K/ratings.dat >r.new && mv r.new zipd/ml-10M100K/ratings.dat && rm ml-10m.zip &&
	(cd zipd && zip -qr ../ml-10m.zip ml-10M100K) && touch -d 2001-01-01 ml-10m.zip
run "$MK DATASET=ml-10m ML10M=$T/ml-10m.zip DATA=$T/d10 OUT=$T/o10 -q pipeline"
assert "ml-10m: another zip with an old time at the same path: make notices by checksum" "[ $RC = 1 ]"

# ---- MovieLens 25M's CSV layout from a directory ----
ml_layout ml-25m syn m25
run "$MK DATASET=ml-25m ML25M=$T/m25 DATA=$T/d25 OUT=$T/o25 data"
check "ml-25m: quoted titles with commas, quotes and UTF-8; no genres listed" \
	"grep -E '^(10|50)	' d25/ml-25m/items.tsv | cut -f1,2,4" \
	"10	Café, \"Le\" Movie 10 ($(awk -F'\t' '$1 == 10 { print $3 }' syn/items.tsv))	$(awk -F'\t' '$1 == 10 { print $4 }' syn/items.tsv)
50	Café, \"Le\" Movie 50 ($(awk -F'\t' '$1 == 50 { print $3 }' syn/items.tsv))	"
check "ml-25m: a directory is not checked, and the raw data says so" "cat d25/raw/ml-25m/CHECKSUM" \
	"not checked: a directory was given (GroupLens publishes checksums of the zips only)"

# ---- MovieLens 1M's layout from a directory: Latin-1 titles, coded users ----
ml_layout ml-1m syn m1
run "$MK DATASET=ml-1m ML1M=$T/m1 DATA=$T/d1 OUT=$T/o1 data"
check "ml-1m: a Latin-1 title in UTF-8, users with 1M's occupation names" \
	"grep '^10	' d1/ml-1m/items.tsv | cut -f2 | cut -c1-5; sed -n 2p d1/ml-1m/users.tsv | cut -f1,4" \
	"Café
1	academic/educator"

# ---- a team's own TSV: no items, no timestamps, gzip ----
cut -f1-3 syn/ratings.tsv | gzip -n >own.tsv.gz
run "$MK DATASET=tsv RATINGS=$T/own.tsv.gz DATA=$T/dt OUT=$T/ot pipeline"
assert "tsv: the pipeline runs on ratings alone" "[ $RC = 0 ]"
[ $RC = 0 ] || tail -5 "$T/.err"
check "tsv: no genres, so no genre baseline" "cut -f1 ot/compare.tsv | tail -n +2 | tr '\n' ' '" \
	"als pop random itemknn ease rp3beta "
assert "tsv: the report names each part left out and why" \
	"grep -q 'Genres: none (no ITEMS file given): no genre baseline, no genre lift' ot/report/index.html &&
	 grep -q 'Timestamps: none (RATINGS has 3 fields, no timestamps): no time split, no time patterns' ot/report/index.html &&
	 grep -q 'Demographics: none (no USERS file given)' ot/report/index.html"
assert "tsv: no time tables or charts" "[ ! -e ot/time ] && [ ! -e ot/charts/hours.png ] && [ -s ot/charts/ratings.png ]"

# ---- cron: a nightly export replaces RATINGS ----
TSV="DATASET=tsv RATINGS=$T/export.tsv ITEMS=$T/syn/items.tsv USERS=$T/syn/users.tsv DATA=$T/dc OUT=$T/oc"
cp syn/ratings.tsv export.tsv
run "$MK $TSV pipeline"
assert "cron: the first night runs" "[ $RC = 0 ]"
check "cron: the first night has nothing to compare with" "sed -n 3p oc/history/since.md" \
	'The first run recorded in `out/history.tsv`: nothing to compare with yet.'
sleep 1
cp syn/ratings.tsv export.tsv.new && mv export.tsv.new export.tsv
run "$MK $TSV -q pipeline"
assert "cron: the same bytes, newer file: nothing to do" "[ $RC = 0 ]"
head -n 5000 syn/ratings.tsv >export.tsv.new && touch -r export.tsv export.tsv.new && touch -d '2001-01-01' export.tsv.new &&
	mv export.tsv.new export.tsv
run "$MK $TSV -q pipeline"
assert "cron: other bytes with an older time: make notices by checksum" "[ $RC = 1 ]"
cp -p oc/models/pop.bin pop.before
run "$MK $TSV pipeline"
assert "cron: the second night runs" "[ $RC = 0 ]"
assert "cron: ...and reran what depends on the ratings: split, models, segments" \
	"[ oc/split/train.bin -nt pop.before ] && ! cmp -s oc/models/pop.bin pop.before && [ oc/segments/catalog.tsv -nt pop.before ]"
check "cron: the since-last-run table: previous, now, difference" \
	"grep -E '^\| (figure|ratings|users) ' oc/history/since.md" \
	"| figure | previous | now | difference |
| users | 150 | 150 | +0 |
| ratings | 6000 | 5000 | -1000 |"
assert "cron: the table is in the report, with a row per headline figure" \
	"grep -q 'Since the last run' oc/report/index.html && [ \$(grep -c '^| [a-z]' oc/history/since.md) = 11 ] &&
	 [ \$(tail -n +2 oc/history.tsv | cut -f1 | sort -u | wc -l) = 2 ]"
