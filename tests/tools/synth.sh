#!/bin/sh
# tests/tools/synth.sh: reel-synth's sizes, invariants, reproducibility,
# planted structure (docs/TOOLS.md) and errors.
. "$(dirname "$0")/../lib.sh"

# usage_table: rows "MESSAGE | ARGS"; reel-synth ARGS must exit 2 and print
# exactly MESSAGE and the "Try ... --help" line on stderr, nothing on stdout.
# (table compares one-line stderr; a usage error prints two lines.)
usage_table() {
	try="Try 'reel-synth --help' for more information."
	while IFS= read -r line; do
		case $line in '' | '#'*) continue ;; esac
		msg=${line%% | *}
		run "reel-synth ${line#* | }"
		got=$(cat "$T/.err")
		want=$(printf '%s\n%s' "$msg" "$try")
		if [ "$RC" != 2 ] || [ "$got" != "$want" ] || [ -s "$T/.out" ]; then
			fail "reel-synth ${line#* | }" "exit $RC, stderr:" "$got" "expected exit 2:" "$want"
		else
			ok "reel-synth ${line#* | }"
		fi
	done
}

# The default size (MovieLens 100K's), twice with one seed, once with another.
reel-synth -o a && reel-synth -o b && reel-synth --seed 7 -o c || fail "reel-synth runs"

check "default sizes: ratings, users, items, users and items rated" \
	'wc -l <a/ratings.tsv; sed 1d a/users.tsv | wc -l; sed 1d a/items.tsv | wc -l
	 cut -f1 a/ratings.tsv | sort -u | wc -l; cut -f2 a/ratings.tsv | sort -u | wc -l | awk "{print (\$1 > 1600)}"' \
	'100000
943
1682
943
1'
check "headers of items.tsv and users.tsv" 'head -1 a/items.tsv; head -1 a/users.tsv' \
	"$(printf 'item\ttitle\tyear\tgenres\nuser\tage\tgender\toccupation\tzip')"
check "every user has at least 20 ratings" \
	"cut -f1 a/ratings.tsv | sort | uniq -c | awk '\$1 < 20' | wc -l" 0
check "no (user, item) pair twice" 'cut -f1,2 a/ratings.tsv | sort | uniq -d | wc -l' 0
check "ratings fields in range (ids, 1..5, timestamps in 215 days)" \
	"awk -F'\t' 'NF != 4 || \$1 < 1 || \$1 > 943 || \$2 < 1 || \$2 > 1682 || \$3 !~ /^[1-5]\$/ ||
	 \$4 < 874724710 || \$4 >= 874724710 + 215 * 86400' a/ratings.tsv | wc -l" 0
check "every rating value occurs, 4 most often" \
	"cut -f3 a/ratings.tsv | sort | uniq -c | sort -rn | awk '{print \$2}' | head -1; cut -f3 a/ratings.tsv | sort -u | wc -l" \
	'4
5'
# --half-stars: the same users, items and picks, values 0.5..5 by halves
# with the documented shares (within 2 points at this size), whole stars
# written as integers
reel-synth --half-stars -o h || fail "reel-synth --half-stars runs"
check "--half-stars: the same files but for the rating values" \
	'cut -f1,2,4 a/ratings.tsv >a.p && cut -f1,2,4 h/ratings.tsv >h.p &&
	 cmp a/items.tsv h/items.tsv && cmp a/users.tsv h/users.tsv && cmp a.p h.p && echo same' same
check "--half-stars: the ten values, in the documented shares" \
	"cut -f3 h/ratings.tsv | sort -n | uniq -c | awk '
	 BEGIN { split(\"1.5 3 1.5 7 5 20 13 27 8.5 13.5\", want, \" \") }
	 { v[++n] = \$2; c[n] = \$1; t += \$1 }
	 END { for (j = 1; j <= n; j++) { d = 100 * c[j] / t - want[j]; printf \"%s%s\", v[j], (d < -2 || d > 2 ? \"!\" : \"\") (j < n ? \" \" : \"\\n\") } }'" \
	'0.5 1 1.5 2 2.5 3 3.5 4 4.5 5'
check "users fields: age 7..73, M/F, occupation from the list, 5-digit zip" \
	"sed 1d a/users.tsv | awk -F'\t' 'NF != 5 || \$2 < 7 || \$2 > 73 || \$3 !~ /^[MF]\$/ ||
	 \$5 !~ /^[0-9][0-9][0-9][0-9][0-9]\$/' | wc -l; sed 1d a/users.tsv | cut -f4 | sort -u |
	 grep -vxE 'administrator|artist|doctor|educator|engineer|entertainment|executive|healthcare|homemaker|lawyer|librarian|marketing|none|other|programmer|retired|salesman|scientist|student|technician|writer' | wc -l" \
	'0
0'
check "items fields: year 1920..1998, 1 to 3 known genres" \
	"sed 1d a/items.tsv | awk -F'\t' 'NF != 4 || \$3 < 1920 || \$3 > 1998 || \$2 != \"Movie \" \$1 \" (\" \$3 \")\" ||
	 split(\$4, g, \"|\") < 1 || split(\$4, g, \"|\") > 3' | wc -l; sed 1d a/items.tsv | cut -f4 | tr '|' '\n' | sort -u |
	 grep -vxE \"unknown|Action|Adventure|Animation|Children's|Comedy|Crime|Documentary|Drama|Fantasy|Film-Noir|Horror|Musical|Mystery|Romance|Sci-Fi|Thriller|War|Western\" | wc -l" \
	'0
0'
assert "reel-split accepts ratings.tsv" \
	'reel-split --quiet a/ratings.tsv tr.tsv te.tsv && test "$(cat tr.tsv te.tsv | wc -l)" = 100000'
assert "the same seed gives the same bytes" \
	'cmp a/ratings.tsv b/ratings.tsv && cmp a/items.tsv b/items.tsv && cmp a/users.tsv b/users.tsv'
assert "another seed gives other data" \
	'! cmp -s a/ratings.tsv c/ratings.tsv && ! cmp -s a/items.tsv c/items.tsv && ! cmp -s a/users.tsv c/users.tsv'
assert "no temporary files left" 'test "$(ls a)" = "$(printf "items.tsv\nratings.tsv\nusers.tsv")"'

# Planted structure.  Engineers, programmers, scientists and technicians
# pick Sci-Fi about twice as often as everyone else.
check "Sci-Fi lift of the boosted occupations is above 1.5" \
	"awk -F'\t' 'FILENAME == \"a/items.tsv\" { sf[\$1] = \$4 ~ /Sci-Fi/; next }
	 FILENAME == \"a/users.tsv\" { g[\$1] = \$4 ~ /^(engineer|programmer|scientist|technician)\$/; next }
	 { n[g[\$1]]++; s[g[\$1]] += sf[\$2] }
	 END { print ((s[1] / n[1]) / (s[0] / n[0]) > 1.5) }' a/items.tsv a/users.tsv a/ratings.tsv" 1
check "evenings (18-24 UTC) busier than nights (0-6), weekends than weekdays" \
	"awk -F'\t' '{ h = int(\$4 % 86400 / 3600); d = (int(\$4 / 86400) + 4) % 7
	 eve += h >= 18; night += h < 6; if (d == 0 || d == 6) we++; else if (d >= 1 && d <= 4) wd++ }
	 END { print (eve > 2 * night), (we / 2 > 1.2 * wd / 4) }' a/ratings.tsv" '1 1'

# Sizes from --ratings alone, and sizes given exactly (here every pair once).
reel-synth --ratings 20000 -o d || fail "reel-synth --ratings 20000"
check "--ratings 20000: 189 users, 640 items" \
	'wc -l <d/ratings.tsv; sed 1d d/users.tsv | wc -l; sed 1d d/items.tsv | wc -l' \
	'20000
189
640'
reel-synth --users 30 --items 50 --ratings 1500 --start 0 --days 1 -o e || fail "reel-synth dense"
check "--users 30 --items 50 --ratings 1500: every pair exactly once, all on day one" \
	"cut -f1,2 e/ratings.tsv | sort -u | wc -l; awk -F'\t' '\$4 >= 86400' e/ratings.tsv | wc -l" \
	'1500
0'

table <<'EOF'
0 |  | reel-synth --help | head -1 | grep -q '^usage: reel-synth '
0 |  | reel-synth --version
0 |  | reel-synth --ratings 20 -o new/ && test -s new/ratings.tsv
1 | reel-synth: f/sub: cannot create directory: Not a directory | touch f && reel-synth -o f/sub
1 | reel-synth: f: not a directory | touch f && reel-synth -o f
EOF

usage_table <<'EOF'
reel-synth: missing -o OUTDIR | 
reel-synth: unexpected operand 'x' | -o out x
reel-synth: --users: expected an integer from 1 to 100000000, got '0' | --users 0 -o out
reel-synth: --items: expected an integer from 1 to 1000000, got '1e3' | --items 1e3 -o out
reel-synth: --ratings: expected an integer from 1 to 10000000000, got '-5' | --ratings -5 -o out
reel-synth: --days: expected an integer from 1 to 36500, got '0' | --days 0 -o out
reel-synth: --start: expected an integer from 0 to 10000000000, got '1.5' | --start 1.5 -o out
reel-synth: --seed: expected a non-negative integer, got 'x' | --seed x -o out
reel-synth: 1000 ratings cannot give 100 users 20 each (need --ratings >= 2000) | --users 100 --ratings 1000 -o out
reel-synth: 19 ratings cannot give 1 user 20 each (need --ratings >= 20) | --ratings 19 -o out
reel-synth: 200 ratings exceed the 100 pairs of 10 users and 10 items | --users 10 --items 10 --ratings 200 -o out
EOF
assert "usage errors write nothing" '! test -e out'
synopsis_matches synth
