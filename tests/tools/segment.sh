# Tests of reel-segment: a hand-made data set where every figure is known,
# a planted effect found in synthetic data, bad input, usage, and figures of
# MovieLens 100K checked against an independent computation.
. "$(dirname "$0")/../lib.sh"

# round: numbers with a fraction to 10 significant digits, so that exact
# comparisons do not depend on how the compiler contracts floating point
# (-ffp-contract=fast changes last digits between builds).
cat >round <<'EOF'
awk -F'\t' -v OFS='\t' '{ for (i = 1; i <= NF; i++) if ($i ~ /^-?[0-9]*\.[0-9]+(e[-+]?[0-9]+)?$/ || $i ~ /^-?[0-9]+e[-+]?[0-9]+$/) $i = sprintf("%.10g", $i); print }' "$@"
EOF

# Five users: 1 and 2 are students (ages 17 and 18: the 1-17 and 18-24
# edges), 3 and 5 engineers, 4 the only writer; user 5 has no rating.
# Western is a genre nobody rated; item 40 has no rating.
printf 'user\tage\tgender\toccupation\tzip\n1\t17\tF\tstudent\t11111\n2\t18\tM\tstudent\t22222\n3\t30\tM\tengineer\t33333\n4\t60\tF\twriter\t44444\n5\t45\tM\tengineer\t\n' >users.tsv
printf 'item\ttitle\tyear\tgenres\n10\tA (1990)\t1990\tComedy\n20\tB (1991)\t1991\tSci-Fi\n30\tC (1992)\t1992\tComedy|Sci-Fi\n40\tD (1993)\t1993\tWestern\n' >items.tsv
printf '1\t10\t4\t0\n1\t20\t2\t86400\n2\t10\t5\t172800\n2\t30\t3\t176400\n3\t20\t5\t180000\n3\t30\t4\t183600\n4\t10\t1\t187200\n' >ratings.tsv
run "reel-segment --users users.tsv --items items.tsv --activity 2,3,4 --min-users 2 -o out ratings.tsv"
assert "hand data: exit 0, nothing on stderr" "[ $RC = 0 ] && [ ! -s .err ]"
assert "hand data: the seven tables" "cd out && ls | tr '\n' ' ' | grep -qx 'activity.tsv catalog.tsv genres.tsv occupation-lift.tsv popularity.tsv rating-dist.tsv segments.tsv '"

# By hand: ratings 4 2 | 5 3 | 5 4 | 1 (users 1..4), mean 24/7; the sample
# sd sqrt((96 - 24^2/7) / 6).  Activity with --activity 2,3,4: users 1-3
# have 2 ratings (light), user 4 one and user 5 none (cold-start).  Empty
# bins are listed with nan figures.
check "segments.tsv: users, ratings, means, sd" "cut -f1-8 out/segments.tsv | sh round" \
"dimension	segment	users	raters	ratings	ratings_per_user	mean	sd
all	all	5	4	7	1.4	3.428571429	1.511857892
gender	F	2	2	3	1.5	2.333333333	1.527525232
gender	M	3	2	4	1.333333333	4.25	0.9574271078
age	1-17	1	1	2	2	3	1.414213562
age	18-24	1	1	2	2	4	1.414213562
age	25-34	1	1	2	2	4.5	0.7071067812
age	35-44	0	0	0	nan	nan	nan
age	45-49	1	0	0	0	nan	nan
age	50-55	0	0	0	nan	nan	nan
age	56+	1	1	1	1	1	nan
occupation	engineer	2	1	2	1	4.5	0.7071067812
occupation	student	2	2	4	2	3.5	1.290994449
occupation	writer	1	1	1	1	1	nan
activity	cold-start	2	1	1	0.5	1	nan
activity	light	3	3	6	2	3.833333333	1.169045194
activity	active	0	0	0	nan	nan	nan
activity	power	0	0	0	nan	nan	nan"
# Students: user sums 6 and 8 of 2 ratings each, mean 3.5, cluster variance
# 2/1 x ((6-7)^2 + (8-7)^2) / 4^2 = 0.25: 3.5 -+ t(0.975, 1 df) x 0.5 with
# t = 12.706204736174707.  A segment of one user has no interval.
assert "segments.tsv: the students' interval with users as clusters" \
	"awk -F'\t' '\$2 == \"student\" { d = \$9 - (3.5 - 6.3531023680873535); e = \$10 - (3.5 + 6.3531023680873535); ok = d * d < 1e-18 && e * e < 1e-18 } END { exit !ok }' out/segments.tsv"
check "segments.tsv: one user, no interval" "awk -F'\t' '\$2 == \"writer\" { print \$9, \$10 }' out/segments.tsv" "nan nan"

# Genres: Comedy 5 of 7 ratings, Sci-Fi 4 of 7, Western 0 (lift nan: 0/0).
# Women (users 1 and 4): 2 of 3 ratings Comedy, lift (2/3)/(5/7) = 14/15;
# against men (3 of 4): difference -1/12, variance 4/3 (2/81 + 1/32), so
# t = -0.30513 on 3 df and p = 0.78021 (closed form of t with 3 df, see
# tests/unit/test_analytics.c); the men's share 3/4, the 95 % interval
# -1/12 -+ 3.18245 sqrt(4/3 (2/81 + 1/32)) = -0.95249 .. 0.78582.  Holm over
# the 6 tests of segments with --min-users 2 raters (gender and student
# rows; the writer and engineer segments have one rater, light users'
# complement one rater): every adjusted p is 1.
check "genres.tsv: the women's rows" "awk -F'\t' '\$2 == \"F\"' out/genres.tsv | sh round" \
"gender	F	Comedy	2	3	2	0.6666666667	0.7142857143	0.9333333333	-0.3051285766	0.7802132201	1	0.7802132201	0	2.5	3.4	0.75	-0.08333333333	-0.9524877787	0.785821112	1
gender	F	Sci-Fi	2	3	1	0.3333333333	0.5714285714	0.5833333333	-1.525642883	0.2245180795	1	0.6735542386	0	2	3.5	0.75	-0.4166666667	-1.285821112	0.4524877787	1
gender	F	Western	2	3	0	0	0	nan	nan	nan	nan	nan	0	nan	nan	0	0	nan	nan	0"
check "the Holm family leaves out segments under --min-users: with 20, none of the 6 tests" \
	"reel-segment --users users.tsv --items items.tsv --activity 2,3,4 -o fam ratings.tsv && awk -F'\t' '\$1 ~ /^tests/' fam/catalog.tsv && awk -F'\t' '\$2 == \"F\" { print \$11, \$12, \$21 }' fam/genres.tsv" \
"tests	0
tests_excluded	6
0.7802132200762377 nan 0
0.22451807953106173 nan 0
nan nan 0"
check "genres.tsv: a segment with one user is not tested" "awk -F'\t' '\$2 == \"writer\" { print \$3, \$9, \$11 }' out/genres.tsv" \
"Comedy 1.4 nan
Sci-Fi 0 nan
Western nan nan"
check "genres.tsv: the 'all' rows carry the overall shares and means" "awk -F'\t' '\$1 == \"all\" { print \$3, \$6, \$9, \$15 }' out/genres.tsv" \
"Comedy 5 1 3.4
Sci-Fi 4 1 3.5
Western 0 nan nan"
check "catalog.tsv" "sh round out/catalog.tsv" "key	value
users	5
raters	4
items	4
rated_items	3
ratings	7
mean_rating	3.428571429
gini	0.3214285714
top_items	1
top_share	0.4285714286
cold_start_users	2
cold_start_share	0.4
light_min	2
active_min	3
power_min	4
min_users	2
lift_min	1.1
points_min	0.01
alpha	0.01
tests	6
tests_excluded	0
no_genre	unknown
adjustment	holm"
# Gini of 0 2 2 3 (sorted): sum (2i - n - 1) x_i / (n sum x) = 9 / 28.
check "popularity.tsv: ties by item id, the unrated item last" "cat out/popularity.tsv" \
"rank	item	ratings	share	top_items	top_share	lorenz_x	lorenz_y
1	10	3	0.42857142857142855	0.25	0.42857142857142855	1	1
2	20	2	0.2857142857142857	0.5	0.7142857142857143	0.75	0.5714285714285714
3	30	2	0.2857142857142857	0.75	1	0.5	0.2857142857142857
4	40	0	0	1	1	0.25	0"
check "rating-dist.tsv" "cat out/rating-dist.tsv" "rating	count	share
1	1	0.14285714285714285
2	1	0.14285714285714285
3	1	0.14285714285714285
4	2	0.2857142857142857
5	2	0.2857142857142857"
check "activity.tsv: every user of USERS, the one without ratings too" "cat out/activity.tsv" \
"user	ratings	mean	activity
1	2	3	light
2	2	4	light
3	2	4.5	light
4	1	1	cold-start
5	0	nan	cold-start"
# No users table (MovieLens 10M and later): the raters, by activity only;
# the genre rows of "all" and the activity segments are those of above.
run "reel-segment --items items.tsv --activity 2,3,4 -o nousers ratings.tsv"
assert "no --users: exit 0, nothing on stderr" "[ $RC = 0 ] && [ ! -s .err ]"
check "no --users: segments are all and activity, of the four raters" "cut -f1-5 nousers/segments.tsv" \
"dimension	segment	users	raters	ratings
all	all	4	4	7
activity	cold-start	1	1	1
activity	light	3	3	6
activity	active	0	0	0
activity	power	0	0	0"
assert "no --users: the shares of all and activity match the users table's; activity.tsv less user 5" \
	"grep -E '^(all|activity	light)' nousers/genres.tsv | cut -f1-8 >a && grep -E '^(all|activity	light)' out/genres.tsv | cut -f1-8 >b &&
	 cmp a b && head -5 out/activity.tsv | cmp - nousers/activity.tsv"
check "no --users: occupation-lift.tsv is its header alone" "cat nousers/occupation-lift.tsv" \
	"row	col	occupation	genre	users	lift	prefers"
check "occupation-lift.tsv: the heatmap grid, names in order" "cut -f1-4,6 out/occupation-lift.tsv | tail -3" \
"2	0	writer	Comedy	1.4
2	1	writer	Sci-Fi	0
2	2	writer	Western	nan"
check "the default thresholds: everyone here is cold-start" \
	"reel-segment --users users.tsv --items items.tsv -o def ratings.tsv && awk -F'\t' '\$1 == \"activity\" { print \$2, \$3 }' def/segments.tsv" \
	"cold-start 5
light 0
active 0
power 0"
check "half stars and an occupation not in MovieLens's list (its own segment)" \
	"sed 's/writer/astronaut/' users.tsv >u2.tsv; sed '1s/\t4\t0\$/\t3.5\t0/' ratings.tsv >r2.tsv
	 reel-segment --users u2.tsv --items items.tsv -o half r2.tsv && cut -f1,2 half/rating-dist.tsv | tr '\n' ' ' && grep -c astronaut half/segments.tsv" \
	"rating	count 1	1 2	1 3	1 3.5	1 4	1 5	2 1"
assert "the order of input lines does not matter" \
	"{ head -1 users.tsv; tail -n +2 users.tsv | sort -r; } >ur.tsv; { head -1 items.tsv; tail -n +2 items.tsv | sort -r; } >ir.tsv; sort -r ratings.tsv >rr.tsv
	 reel-segment --users ur.tsv --items ir.tsv --activity 2,3,4 --min-users 2 -o rev rr.tsv && for f in out/*; do cmp -s \$f rev/\${f#out/} || exit 1; done"
check "gzip input" "gzip -c ratings.tsv >r.gz; reel-segment --users users.tsv --items items.tsv --activity 2,3,4 --min-users 2 -o gz r.gz && cmp gz/genres.tsv out/genres.tsv && echo same" "same"
synopsis_matches segment

# The planted effect of reel-synth: engineers, programmers, scientists and
# technicians boost Sci-Fi (docs/TOOLS.md: lift about 2.3 for the four
# together).  Each of these occupations must prefer Sci-Fi by the rule.
reel-synth -o synth 2>/dev/null
reel-segment --users synth/users.tsv --items synth/items.tsv -o synth-seg synth/ratings.tsv
check "synthetic data: the planted Sci-Fi preference is found" \
	"awk -F'\t' '\$1 == \"occupation\" && \$3 == \"Sci-Fi\" && \$14 == 1 && \$9 > 1.5 { print \$2 }' synth-seg/genres.tsv | tr '\n' ' '" \
	"engineer programmer scientist technician "
check "synthetic data: each planted Sci-Fi preference is over 1 point, its whole interval above 0, and tested in the family" \
	"awk -F'\t' '\$1 == \"occupation\" && \$3 == \"Sci-Fi\" && \$14 == 1 && \$18 >= 0.01 && \$19 > 0 && \$21 == 1 { print \$2 }' synth-seg/genres.tsv | tr '\n' ' '" \
	"engineer programmer scientist technician "
check "synthetic data: the placeholder genre unknown is never in the Holm family" \
	"awk -F'\t' '\$3 == \"unknown\" && \$21 == 1' synth-seg/genres.tsv | wc -l" "0"

# Bad input: exit 1 and a located message; the rule for occupations is
# above (any lower-case name is a segment of its own).
printf 'user\tage\tgender\toccupation\tzip\n1\t130\tF\tstudent\t1\n' >age.tsv
printf 'user\tage\tgender\toccupation\tzip\n1\t0\tF\tstudent\t1\n' >age0.tsv
printf 'user\tage\tgender\toccupation\tzip\n1\t30\tF\tEngineer\t1\n' >upper.tsv
printf 'user\tage\tgender\toccupation\tzip\n1\t30\tX\tengineer\t1\n' >gender.tsv
printf '1\t10\t4\t0\n9\t10\t3\t0\n' >nouser.tsv
printf '1\t10\t4\t0\n1\t99\t3\t0\n' >noitem.tsv
printf '1\t10\t4\t0\n1\t10\t3\t5\n' >dup.tsv
: >empty.tsv
table <<'EOF'
1 | reel-segment: age.tsv:2: bad age '130' | reel-segment --users age.tsv --items items.tsv -o o ratings.tsv
1 | reel-segment: age0.tsv:2: bad age '0' | reel-segment --users age0.tsv --items items.tsv -o o ratings.tsv
1 | reel-segment: upper.tsv:2: bad occupation 'Engineer' (expected lower case) | reel-segment --users upper.tsv --items items.tsv -o o ratings.tsv
1 | reel-segment: gender.tsv:2: bad gender 'X' | reel-segment --users gender.tsv --items items.tsv -o o ratings.tsv
1 | reel-segment: nouser.tsv:2: user 9 is not in users.tsv | reel-segment --users users.tsv --items items.tsv -o o nouser.tsv
1 | reel-segment: noitem.tsv:2: item 99 is not in items.tsv | reel-segment --users users.tsv --items items.tsv -o o noitem.tsv
1 | reel-segment: empty.tsv: no ratings (empty file) | reel-segment --users users.tsv --items items.tsv -o o empty.tsv
1 | reel-segment: empty.tsv: empty file (expected a header line) | reel-segment --users empty.tsv --items items.tsv -o o ratings.tsv
1 | reel-segment: users.tsv: not a directory | reel-segment --users users.tsv --items items.tsv -o users.tsv ratings.tsv
0 |  | reel-segment --users users.tsv --items items.tsv -o o nouser.tsv 2>/dev/null; [ ! -e o ]
2 | reel-segment: --items and -o are required\nTry 'reel-segment --help' for more information. | reel-segment --users users.tsv -o o ratings.tsv
2 | reel-segment: --activity: expected three increasing counts A,B,C, got '5,5,6'\nTry 'reel-segment --help' for more information. | reel-segment --users users.tsv --items items.tsv --activity 5,5,6 -o o ratings.tsv
2 | reel-segment: --activity: expected three increasing counts A,B,C, got '5,6'\nTry 'reel-segment --help' for more information. | reel-segment --users users.tsv --items items.tsv --activity 5,6 -o o ratings.tsv
2 | reel-segment: --min-users: expected an integer from 1 to 1000000000, got '0'\nTry 'reel-segment --help' for more information. | reel-segment --users users.tsv --items items.tsv --min-users 0 -o o ratings.tsv
2 | reel-segment: expected one RATINGS file, got 2 operands\nTry 'reel-segment --help' for more information. | reel-segment --users users.tsv --items items.tsv -o o ratings.tsv x
2 | * | reel-segment --bogus --users users.tsv --items items.tsv -o o ratings.tsv
0 |  | reel-segment --help | grep -q '^usage: reel-segment'
EOF

# MovieLens 100K.  The expected figures were computed from the raw u.data,
# u.user and u.item by tests/reference/analytics.py (plain Python: per-user
# sums for the cluster test, t tails by the incomplete beta function,
# Holm written out); the counts are also recounted here with awk.
if [ -n "${ML100K:-}" ]; then
	case $ML100K in /*) ml=$ML100K ;; *) ml=$ROOT/$ML100K ;; esac
	reel-import --ml100k "$ml" -o ml
	reel-segment --users ml/users.tsv --items ml/items.tsv -o ml-seg ml/ratings.tsv
	check "ML100K: catalogue figures" \
		"awk -F'\t' '\$1 ~ /^(users|items|ratings|gini|top_items|top_share|cold_start_users|tests|tests_excluded)\$/' ml-seg/catalog.tsv | sh round | tr '\t\n' '= '" \
		"users=943 items=1682 ratings=100000 gini=0.6289996314 top_items=169 top_share=0.42871 cold_start_users=0 tests=450 tests_excluded=177 "
	check "ML100K: activity groups (awk: ratings per user of u.data)" \
		"awk -F'\t' '\$1 == \"activity\" { printf \"%s=%s \", \$2, \$3 }' ml-seg/segments.tsv; echo; cut -f1 '$ml/u.data' | sort | uniq -c | awk '{ g = \$1 < 20 ? 0 : \$1 < 50 ? 1 : \$1 < 200 ? 2 : 3; n[g]++ } END { printf \"cold-start=%d light=%d active=%d power=%d \", n[0], n[1], n[2], n[3]; print \"\" }'" \
		"cold-start=0 light=375 active=419 power=149 
cold-start=0 light=375 active=419 power=149 "
	check "ML100K: rating distribution" "cut -f1,2 ml-seg/rating-dist.tsv | tail -5 | tr '\t\n' '= '" "1=6110 2=11370 3=27145 4=34174 5=21201 "
	check "ML100K: engineers and Sci-Fi: lift 1.17, cluster p 0.0014, +2.4 points (0.9 to 3.9), Holm 0.497 over 450" \
		"awk -F'\t' '\$2 == \"engineer\" && \$3 == \"Sci-Fi\" { printf \"%s %s %s %.12f %.8f %.8f %s %.9f %.9f %.9f\n\", \$4, \$5, \$6, \$9, \$11, \$12, \$14, \$18, \$19, \$20 }' ml-seg/genres.tsv" \
		"67 8175 1221 1.173274141124 0.00139276 0.49721506 0 0.024021561 0.009315830 0.038727292"
	check "ML100K: women and Romance: +4.4 points (3.4 to 5.5), Holm 7.5e-13" \
		"awk -F'\t' '\$2 == \"F\" && \$3 == \"Romance\" { printf \"%.9f %.9f %.9f %.8g\n\", \$18, \$19, \$20, \$12 }' ml-seg/genres.tsv" \
		"0.044402811 0.033645558 0.055160065 7.5036437e-13"
	check "ML100K: power users' Fantasy (+0.34 points) is significant but under the 1-point minimum" \
		"awk -F'\t' '\$2 == \"power\" && \$3 == \"Fantasy\" { printf \"%.9f %.6g %s\n\", \$18, \$12, \$14 }' ml-seg/genres.tsv" \
		"0.003426173 0.00354724 0"
	check "ML100K: the 13 preferences by the rule" \
		"awk -F'\t' '\$14 == 1 { printf \"%s/%s/%s \", \$1, \$2, \$3 }' ml-seg/genres.tsv" \
		"gender/F/Romance age/50-55/Drama age/56+/Drama age/56+/Film-Noir occupation/librarian/Drama occupation/librarian/Romance occupation/student/Action activity/light/Crime activity/light/Drama activity/light/Mystery activity/light/Romance activity/light/Thriller activity/light/War "
	reel-split --quiet --seed 42 ml/ratings.tsv ml-train.tsv ml-test.tsv
	reel-segment --users ml/users.tsv --items ml/items.tsv -o ml-train-seg ml-train.tsv
	check "ML100K training split (per-user 80/20, seed 42): 121 cold-start users, as awk counts" \
		"awk -F'\t' '\$1 == \"cold_start_users\" { print \$2 }' ml-train-seg/catalog.tsv; cut -f1 ml-train.tsv | sort | uniq -c | awk '\$1 < 20 { n++ } END { print n }'" \
		"121
121"
fi
