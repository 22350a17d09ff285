#!/bin/sh
# tests/tools/loadtest.sh: reel-loadtest against reel-topk --serve on a tiny
# model (closed and open loop, several servers, malformed requests), the
# report's percentiles recomputed from the raw latencies, the histogram,
# fake servers that die, hang or cannot start, bad input and usage.  The
# latencies themselves are not asserted (the machine is shared); only
# their consistency is.
. "$(dirname "$0")/../lib.sh"

# values FILE NAME...: the values of these name<TAB>value lines, on one line
values() {
	f=$1
	shift
	for n in "$@"; do awk -F'\t' -v n="$n" '$1 == n { printf "%s ", $2 }' "$f"; done
}

reel-synth --ratings 20000 -o syn >/dev/null 2>&1
reel-train-als --quiet --factors 8 --iters 3 -o model.bin syn/ratings.tsv
serve="reel-topk -m model.bin -k 10 --serve --exclude syn/ratings.tsv"

# ---- closed loop, one server ----
run "reel-loadtest --ratings syn/ratings.tsv --requests 2000 --histogram hist.tsv --raw raw.tsv -o rep.tsv -- $serve"
assert "closed loop: exit 0, nothing on stderr" "[ $RC = 0 ] && [ ! -s .err ]"
check "closed loop: the report's names, in order" "cut -f1 rep.tsv | tr '\n' ' '" \
	"mode concurrency rate warmup requests seconds throughput ok error bad_rejected bad_accepted measured mean_us p50_us p90_us p99_us p99.9_us max_us "
check "closed loop: 2000 answers with a list, none malformed" \
	"echo $(values rep.tsv mode warmup requests ok error bad_rejected bad_accepted measured)" \
	"closed 1 2000 2000 0 0 0 2000"
assert "closed loop: p50 <= p90 <= p99 <= p99.9 <= max, all above 0" \
	"awk -F'\t' '{ v[\$1] = \$2 } END { exit !(v[\"p50_us\"] > 0 && v[\"p50_us\"] <= v[\"p90_us\"] &&
		v[\"p90_us\"] <= v[\"p99_us\"] && v[\"p99_us\"] <= v[\"p99.9_us\"] && v[\"p99.9_us\"] <= v[\"max_us\"]) }' rep.tsv"
assert "closed loop: throughput = requests / seconds" \
	"awk -F'\t' '{ v[\$1] = \$2 } END { d = v[\"throughput\"] - 2000 / v[\"seconds\"]; exit !(d * d < 1e-2 * v[\"throughput\"]) }' rep.tsv"
# nearest rank: the value at rank ceil(q n) of the sorted latencies
awk -F'\t' 'NR > 1 && ($3 == "ok" || $3 == "error") { print $4 }' raw.tsv | sort -g >sorted.txt
awk '{ x[NR] = $1 } END {
	n = NR; split("500000 900000 990000 999000 1000000", q, " ")
	split("p50_us p90_us p99_us p99.9_us max_us", name, " ")
	for (j = 1; j <= 5; j++) { r = int((q[j] * n + 999999) / 1000000); printf "%s\t%s\n", name[j], x[r] }
}' sorted.txt >want.tsv
check "closed loop: the percentiles are the nearest-rank values of the raw latencies" \
	"grep -E '^(p[0-9.]+|max)_us' rep.tsv" "$(cat want.tsv)"
check "histogram: counts add up to the measured requests, cumulative share ends at 1" \
	"awk -F'\t' 'NR > 1 { n += \$3; last = \$5 } END { print n, last }' hist.tsv" "2000 1.000000"
assert "histogram: 20 bins a decade, each bin's upper edge the next one's lower" \
	"awk -F'\t' 'NR > 1 { r = \$2 / \$1; if (r < 1.1220 || r > 1.1221) bad = 1
		if (NR > 2 && \$1 != hi) bad = 1; hi = \$2 } END { exit bad }' hist.tsv"
assert "histogram: the fastest and the slowest request fall in its first and last bin" \
	"awk -F'\t' -v lo=\$(head -1 sorted.txt) -v hi=\$(tail -1 sorted.txt) 'NR == 2 { a = \$1 <= lo && lo < \$2 }
		NR > 1 { b = \$1 <= hi && hi < \$2 } END { exit !(a && b) }' hist.tsv"

# ---- malformed requests, several servers ----
run "reel-loadtest --ratings syn/ratings.tsv --requests 2000 --concurrency 2 --bad-share 0.3 --seed 7 --raw raw2.tsv -o rep2.tsv -- $serve"
assert "malformed: exit 0" "[ $RC = 0 ]"
# Each request is malformed with probability 0.3: about Binomial(2000, 0.3),
# mean 600, sd 20.5; 520..680 is +-3.9 sd.
check "malformed: every one rejected, none accepted, the well-formed all answered" \
	"echo $(values rep2.tsv ok error bad_accepted); awk -F'\t' '\$1 == \"bad_rejected\" { print (\$2 >= 520 && \$2 <= 680) }' rep2.tsv" \
	"$(awk -F'\t' 'NR > 1 && $2 ~ /^[0-9]+$/' raw2.tsv | wc -l) 0 0
1"
check "malformed: ok + bad_rejected = requests, measured = ok" \
	"awk -F'\t' '{ v[\$1] = \$2 } END { print v[\"ok\"] + v[\"bad_rejected\"], v[\"measured\"] == v[\"ok\"] }' rep2.tsv" \
	"2000 1"
cat >forms.awk <<'EOF'
NR > 1 && $3 != "ok" {
	f = $2 == "" ? "empty" : $2 ~ /^user[0-9]+$/ ? "user" : $2 ~ /^[0-9]+ x$/ ? "item" : $2 ~ /^-[0-9]+$/ ? "minus" : "other"
	c[f " " $3]++
}
END { for (k in c) print k }
EOF
check "malformed: the four forms (empty, userN, N x, -N), each rejected" \
	"awk -F'\t' -f forms.awk raw2.tsv | sort" \
	"empty bad_rejected
item bad_rejected
minus bad_rejected
user bad_rejected"
run "reel-loadtest --ratings syn/ratings.tsv --requests 2000 --concurrency 2 --bad-share 0.3 --seed 7 --raw raw3.tsv -o rep3.tsv -- $serve"
cut -f2,3 raw2.tsv >raw2.cut
cut -f2,3 raw3.tsv >raw3.cut
assert "the requests and their kinds depend on --seed only" "cmp -s raw2.cut raw3.cut"

# ---- users by activity ----
# The most active user of the data against a user with the fewest ratings
cut -f1 syn/ratings.tsv | sort -n | uniq -c | sort -k1,1nr -k2,2n >activity.txt
top=$(head -1 activity.txt | awk '{ print $2 }')
low=$(tail -1 activity.txt | awk '{ print $2 }')
reel-loadtest --ratings syn/ratings.tsv --requests 4000 --dist activity --raw act.tsv -o /dev/null -- $serve
reel-loadtest --ratings syn/ratings.tsv --requests 4000 --raw uni.tsv -o /dev/null -- $serve
assert "--dist activity asks for the most active user far more often than for the least" \
	"[ \$(awk -F'\t' -v u=$top '\$2 == u' act.tsv | wc -l) -gt \$((3 * \$(awk -F'\t' -v u=$low '\$2 == u' act.tsv | wc -l) + 3)) ]"
assert "--dist uniform asks for users about equally (most active: at most 3x the mean)" \
	"[ \$(awk -F'\t' -v u=$top '\$2 == u' uni.tsv | wc -l) -le \$((3 * 4000 / \$(wc -l <activity.txt))) ]"

# ---- open loop ----
run "reel-loadtest --ratings syn/ratings.tsv --requests 1000 --rate 2000 --concurrency 2 -o open.tsv -- $serve"
assert "open loop: exit 0" "[ $RC = 0 ]"
# the last request is due 999 / 2000 s after the first: the run cannot be shorter
assert "open loop: mode open, rate 2000, the run lasts at least 0.4995 s, throughput at most 2002/s" \
	"awk -F'\t' '{ v[\$1] = \$2 } END { exit !(v[\"mode\"] == \"open\" && v[\"rate\"] == 2000 &&
		v[\"seconds\"] >= 0.4995 && v[\"throughput\"] <= 2002 && v[\"ok\"] == 1000) }' open.tsv"

# ---- servers that die, hang or cannot start ----
# A server that answers five requests and exits with status 1 on the sixth
cat >dies.sh <<'EOF'
n=0
while read -r line; do
	n=$((n + 1))
	[ $n -gt 5 ] && exit 1
	printf '1\t2\t1\t0.5\n\n'
done
EOF
# One that answers twice before it is asked anything, then sleeps
printf 'printf "a\\n\\nb\\n\\n"\nsleep 60\n' >chatty.sh
# One that closes its output and sleeps; one that exits 3 at the end of input
printf 'exec >&-\nsleep 60\n' >mute.sh
printf 'while read -r x; do printf "ok\\n\\n"; done\nexit 3\n' >exit3.sh
table <<'EOF'
1 | reel-loadtest: server 1 exited with status 1 after 5 answers, 1 request unanswered | reel-loadtest --ratings syn/ratings.tsv --requests 100 -- sh dies.sh
1 | reel-loadtest: server 1 gave no answer within 0.3 s, after 0 answers | reel-loadtest --ratings syn/ratings.tsv --requests 10 --timeout 0.3 -- sleep 60
1 | reel-loadtest: server 1 was killed by signal 9 (Killed) after 0 answers, 1 request unanswered | reel-loadtest --ratings syn/ratings.tsv --requests 10 -- sh -c 'read x; kill -9 $$'
1 | reel-loadtest: server 1 closed its output (and was killed) after 0 answers, 1 request unanswered | reel-loadtest --ratings syn/ratings.tsv --requests 10 -- sh mute.sh
1 | reel-loadtest: server 1 answered a request it was not sent | reel-loadtest --ratings syn/ratings.tsv --requests 1 -- sh chatty.sh
1 | reel-loadtest: cannot run 'no-such-server': No such file or directory | reel-loadtest --ratings syn/ratings.tsv -- no-such-server
0 | reel-loadtest: warning: server 1 exited with status 3 at the end of its input | reel-loadtest --ratings syn/ratings.tsv --requests 3 -o /dev/null -- sh exit3.sh
EOF
# In an open loop the next request may already be due when the death shows
run "reel-loadtest --ratings syn/ratings.tsv --requests 100 --rate 500 -- sh dies.sh"
assert "open loop, a dying server: exit 1 and the message" \
	"[ $RC = 1 ] && grep -Eqx 'reel-loadtest: server 1 exited with status 1 after 5 answers, [0-9]+ requests? unanswered' .err"
run "reel-loadtest --ratings syn/ratings.tsv --requests 100 --concurrency 3 -- sh dies.sh"
assert "three dying servers: exit 1 naming the first to go" \
	"[ $RC = 1 ] && grep -qx 'reel-loadtest: server [123] exited with status 1 after 5 answers, 1 request unanswered' .err"
assert "no server is left behind, nor what a server started" \
	"! pgrep -f 'sh (dies|mute|chatty).sh' >/dev/null && ! pgrep -x 'sleep 60' >/dev/null"

# ---- the chart ----
if command -v gnuplot >/dev/null 2>&1; then
	run "reel-loadtest --ratings syn/ratings.tsv --requests 300 --histogram h.tsv --chart lat -o /dev/null -- $serve"
	assert "--chart: lat.png is a PNG, lat.svg an SVG" \
		"[ $RC = 0 ] && head -c 8 lat.png | od -An -c | grep -q 'P   N   G' && grep -q '<svg' lat.svg"
fi

# ---- bad input and usage ----
printf '1\t2\n' >bad.tsv
table <<'EOF'
1 | reel-loadtest: bad.tsv:1: expected 3 or 4 fields (user, item, rating[, timestamp]), found 2 | reel-loadtest --ratings bad.tsv -- cat
2 | reel-loadtest: missing --ratings FILE\nTry 'reel-loadtest --help' for more information. | reel-loadtest -- cat
2 | reel-loadtest: missing the server COMMAND (after --)\nTry 'reel-loadtest --help' for more information. | reel-loadtest --ratings syn/ratings.tsv
2 | reel-loadtest: --chart needs --histogram FILE\nTry 'reel-loadtest --help' for more information. | reel-loadtest --ratings syn/ratings.tsv --chart x -- cat
2 | reel-loadtest: --dist: expected uniform or activity, got 'zipf'\nTry 'reel-loadtest --help' for more information. | reel-loadtest --ratings syn/ratings.tsv --dist zipf -- cat
2 | * | reel-loadtest --ratings syn/ratings.tsv --bad-share 1.5 -- cat
2 | * | reel-loadtest --ratings syn/ratings.tsv --rate 0 -- cat
2 | * | reel-loadtest --ratings syn/ratings.tsv --concurrency 0 -- cat
2 | * | reel-loadtest --ratings syn/ratings.tsv --requests 0 -- cat
0 |  | reel-loadtest --help
0 |  | reel-loadtest --version
EOF
synopsis_matches loadtest
