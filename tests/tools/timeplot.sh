# Tests of reel-timeplot: hand-made timestamps where every figure is known
# (a tie for the peak hour, a time zone that moves ratings across midnight,
# summer time), bad input, usage, and MovieLens 100K.
. "$(dirname "$0")/../lib.sh"

# round: numbers with a fraction to 10 significant digits, so that exact
# comparisons do not depend on how the compiler contracts floating point
# (-ffp-contract=fast changes last digits between builds).
cat >round <<'EOF'
awk -F'\t' -v OFS='\t' '{ for (i = 1; i <= NF; i++) if ($i ~ /^-?[0-9]*\.[0-9]+(e[-+]?[0-9]+)?$/ || $i ~ /^-?[0-9]+e[-+]?[0-9]+$/) $i = sprintf("%.10g", $i); print }' "$@"
EOF

# 1970-01-01 was a Thursday.  User 1: Thu 05:00 (4), Sat 05:30 (5), Sat
# 20:00 (3); user 2: Thu 20:10 (2), Sun 10:00 (4); user 3: Fri 07:00 (1),
# all UTC.  Hours 5 and 20 tie with two ratings each: the peak is the
# earliest, 5, and peak_hours lists both.
printf '1\t10\t4\t18000\n1\t20\t5\t192600\n1\t30\t3\t244800\n2\t10\t2\t72600\n2\t20\t4\t295200\n3\t10\t1\t111600\n' >tie.tsv
run "reel-timeplot -o out tie.tsv"
assert "hand data: exit 0, nothing on stderr" "[ $RC = 0 ] && [ ! -s .err ]"
# Weekend ratings 5 3 4 (mean 4), weekday 4 2 1 (mean 7/3).  Users as
# clusters, per user (weekend sum, n; weekday sum, n): (8,2; 4,1),
# (4,1; 2,1), (0,0; 1,1); influences (y1 - 4 n1)/3 - (y0 - 7/3 n0)/3 =
# -5/9, 1/9, 4/9; variance 3/2 x 42/81 = 7/9; t = (5/3) / sqrt(7/9) =
# 1.8898 on 2 df, p = 1 - t / sqrt(2 + t^2) = 0.19936.  Welch on the six
# ratings as if independent: t = 1.5811, p = 0.2002.  Within users: users 1
# and 2 rated on both, own weekend - weekday means 4 - 4 = 0 and 4 - 2 = 2:
# mean 1, sd sqrt 2, t = 1 on 1 df, p = 1 - (2 / pi) atan 1 = 0.5.
check "summary.tsv: span, tied peak, weekend against weekday, pooled and within users" \
	"grep -v '_ci_' out/summary.tsv | sh round" \
"key	value
mode	zone
zone	UTC
ratings	6
users	3
first	1970-01-01T05:00:00
last	1970-01-04T10:00:00
days	4
peak_hour	5
peak_ratings	2
peak_hours	5,20
weekday_ratings	3
weekday_users	3
weekday_mean	2.333333333
weekend_ratings	3
weekend_users	2
weekend_mean	4
users_both	2
difference	1.666666667
t	1.889822365
df	2
p	0.199359231
welch_t	1.58113883
welch_df	3.448275862
welch_p	0.2001730395
within_users	2
within_mean	1
within_t	1
within_p	0.5"
check "hours.tsv: 24 rows, the rated hours" "awk -F'\t' 'NR > 1 { n++ } NR > 1 && \$2 > 0 { print \$1, \$2, \$4, \$5 } END { print n }' out/hours.tsv" \
"5 2 1 4.5
7 1 1 1
10 1 1 4
20 2 2 2.5
24"
check "weekdays.tsv: Monday first, empty days with nan" "cut -f1-6 out/weekdays.tsv" \
"day	name	ratings	share	users	mean
1	Mon	0	0	0	nan
2	Tue	0	0	0	nan
3	Wed	0	0	0	nan
4	Thu	2	0.3333333333333333	2	3
5	Fri	1	0.16666666666666666	1	1
6	Sat	2	0.3333333333333333	1	4
7	Sun	1	0.16666666666666666	1	4"
# Hour 20: users 1 (3) and 2 (2): mean 2.5, residuals 0.5 and -0.5, cluster
# variance 2 x 0.5 / 4 = 0.25: 2.5 -+ 12.706204736174707 x 0.5.
assert "hours.tsv: the interval of hour 20 with users as clusters" \
	"awk -F'\t' '\$1 == 20 { d = \$7 + 3.853102368087348; e = \$8 - 8.853102368087349; ok = d * d < 1e-18 && e * e < 1e-18 } END { exit !ok }' out/hours.tsv"
check "days.tsv and months.tsv" "cat out/days.tsv; cut -f1-5 out/months.tsv" \
"date	weekday	ratings	users	mean
1970-01-01	Thu	2	2	3
1970-01-02	Fri	1	1	1
1970-01-03	Sat	2	1	4
1970-01-04	Sun	1	1	4
month	ratings	share	users	mean
1970-01	6	1	3	3.1666666666666665"

# New York is UTC - 5 in January 1970: 05:00 UTC is midnight, the tie is
# now between 0 and 15; the Unix epoch itself falls on Wednesday
# 1969-12-31, 19:00.  In July it is UTC - 4 (summer time).
check "--tz America/New_York: hours move, the tie with them" \
	"reel-timeplot --tz America/New_York -o ny tie.tsv && awk -F'\t' '\$1 ~ /^(zone|first|peak_hour|peak_hours)\$/ { print \$2 }' ny/summary.tsv" \
"America/New_York
1970-01-01T00:00:00
0
0,15"
printf '1\t10\t4\t0\n1\t20\t3\t15638400\n' >epoch.tsv
check "--tz America/New_York: dates and months cross midnight and the year; summer time" \
	"reel-timeplot --tz America/New_York -o ep epoch.tsv && head -2 ep/days.tsv | tail -1 && cut -f1,2 ep/months.tsv | sed -n '2p;\$p' && awk -F'\t' 'NR > 1 && \$2 > 0 { print \$1 }' ep/hours.tsv | tr '\n' ' '" \
"1969-12-31	Wed	1	1	4
1969-12	1
1970-06	1
19 20 "
check "every day of the span is listed, empty ones with nan" \
	"reel-timeplot -o ep2 epoch.tsv && awk -F'\t' 'NR > 1 { n++; z += \$3 == 0 } END { print n, z }' ep2/days.tsv; sed -n '3p' ep2/days.tsv" \
"182 180
1970-01-02	Fri	0	0	nan"
check "gzip input, stdin" "gzip -c tie.tsv | reel-timeplot -o gz - && cmp gz/summary.tsv out/summary.tsv && echo same" "same"
synopsis_matches timeplot

# Bad input and usage.
printf '1\t10\t4\n' >notime.tsv
printf '1\t10\t4\t0\n1\t20\t4\t4000000000\n' >span.tsv
printf '1\t10\t4\t0\n1\t20\t4\tx\n' >badts.tsv
printf '1\t10\t4\t0\n1\t20\t4\t9000000000000000000\n' >bigts.tsv
: >empty.tsv
# Each user's local time from the ZIP code: Monday 1998-01-05 01:00 UTC is
# Sunday 20:00 in New York (EST, zip 10027), Sunday 17:00 in Los Angeles
# (PST, zip 90210, and ZIP+4); a Canadian postal code and a military
# prefix (09012) fall back to --tz (here Europe/Paris: Monday 02:00).
printf 'user\tage\tgender\toccupation\tzip\n1\t30\tF\tother\t10027\n2\t30\tM\tother\t90210\n3\t30\tM\tother\t90210-1234\n4\t30\tF\tother\tT8H1N\n5\t30\tF\tother\t09012\n' >zu.tsv
printf '1\t10\t4\t883962000\n2\t10\t4\t883962000\n3\t10\t3\t883962000\n4\t10\t5\t883962000\n5\t10\t5\t883962000\n' >zr.tsv
check "--users: local hours and weekdays by ZIP; no usable ZIP: --tz" \
	"reel-timeplot --tz Europe/Paris --users zu.tsv --zip-zones '$ROOT/scripts/zip3-zones.tsv' -o zl zr.tsv && awk -F'\t' 'NR > 1 && \$2 > 0 { print \$1, \$2 }' zl/hours.tsv && awk -F'\t' 'NR > 1 && \$3 > 0 { print \$2, \$3 }' zl/weekdays.tsv && awk -F'\t' '\$1 ~ /^(mode|zip_users|fallback_users|zone|first)\$/' zl/summary.tsv" \
"2 2
17 2
20 1
Mon 2
Sun 3
mode	local
zip_users	3
fallback_users	2
zone	Europe/Paris
first	1998-01-05T01:00:00"
printf 'first\tlast\tstate\tzone\n100\t149\tNY\tAmerica/New_York\n140\t150\tPA\tAmerica/New_York\n' >overlap.tsv
printf '# a comment\nfirst\tlast\tstate\tzone\n100\t149\tNY\tAmerica/Gotham\n' >badzone.tsv
printf 'first\tlast\tstate\tzone\n1000\t149\tNY\tAmerica/New_York\n' >badprefix.tsv
printf 'user\tage\tgender\toccupation\tzip\n1\t30\tF\tother\t10027\n' >zu1.tsv
cp "$ROOT/scripts/zip3-zones.tsv" zz.tsv
table <<'EOF'
1 | reel-timeplot: overlap.tsv:3: prefix 140 given twice | reel-timeplot --users zu.tsv --zip-zones overlap.tsv -o o zr.tsv
1 | reel-timeplot: unknown time zone 'America/Gotham' (no such zone in /usr/share/zoneinfo)\nreel-timeplot: badzone.tsv:3: bad zone 'America/Gotham' | reel-timeplot --users zu.tsv --zip-zones badzone.tsv -o o zr.tsv
1 | reel-timeplot: badprefix.tsv:2: bad prefix '1000' | reel-timeplot --users zu.tsv --zip-zones badprefix.tsv -o o zr.tsv
1 | reel-timeplot: zr.tsv:2: user 2 is not in zu1.tsv | reel-timeplot --users zu1.tsv --zip-zones zz.tsv -o o zr.tsv
2 | reel-timeplot: --users and --zip-zones go together\nTry 'reel-timeplot --help' for more information. | reel-timeplot --users zu.tsv -o o zr.tsv
EOF
table <<'EOF'
1 | reel-timeplot: unknown time zone 'Mars/Olympus_Mons' (no such zone in /usr/share/zoneinfo) | reel-timeplot --tz Mars/Olympus_Mons -o o tie.tsv
1 | reel-timeplot: unknown time zone 'zone.tab' (no such zone in /usr/share/zoneinfo) | reel-timeplot --tz zone.tab -o o tie.tsv
1 | reel-timeplot: unknown time zone '../../../etc/passwd' (no such zone in /usr/share/zoneinfo) | reel-timeplot --tz ../../../etc/passwd -o o tie.tsv
1 | reel-timeplot: unknown time zone 'America' (no such zone in /usr/share/zoneinfo) | reel-timeplot --tz America -o o tie.tsv
1 | reel-timeplot: unknown time zone '' (no such zone in /usr/share/zoneinfo) | reel-timeplot --tz '' -o o tie.tsv
0 |  | reel-timeplot --tz Mars -o o tie.tsv 2>/dev/null; [ ! -e o ]
1 | reel-timeplot: notime.tsv: no timestamps (reel-timeplot needs a fourth field) | reel-timeplot -o o notime.tsv
1 | reel-timeplot: span.tsv: the ratings span 46297 days, more than 36525 (100 years) | reel-timeplot -o o span.tsv
1 | reel-timeplot: badts.tsv:2: bad timestamp 'x' | reel-timeplot -o o badts.tsv
1 | reel-timeplot: bigts.tsv:2: timestamp 9000000000000000000 is out of range | reel-timeplot -o o bigts.tsv
1 | reel-timeplot: empty.tsv: no ratings (empty file) | reel-timeplot -o o empty.tsv
1 | reel-timeplot: tie.tsv: not a directory | reel-timeplot -o tie.tsv tie.tsv
2 | reel-timeplot: -o OUTDIR is required\nTry 'reel-timeplot --help' for more information. | reel-timeplot tie.tsv
2 | reel-timeplot: expected one RATINGS file, got 0 operands\nTry 'reel-timeplot --help' for more information. | reel-timeplot -o o
2 | reel-timeplot: expected one RATINGS file, got 2 operands\nTry 'reel-timeplot --help' for more information. | reel-timeplot -o o tie.tsv tie.tsv
2 | * | reel-timeplot --zone UTC -o o tie.tsv
0 |  | reel-timeplot --help | grep -q '^usage: reel-timeplot'
EOF

# MovieLens 100K.  Expected figures from tests/reference/analytics.py
# (Python's time.localtime under TZ, per-user sums for the cluster test);
# the hour counts are recounted here with awk's strftime-free arithmetic:
# UTC hour = int(timestamp / 3600) % 24.
if [ -n "${ML100K:-}" ]; then
	case $ML100K in /*) ml=$ML100K ;; *) ml=$ROOT/$ML100K ;; esac
	reel-timeplot -o ml-utc "$ml/u.data"
	check "ML100K, UTC: peak 21:00 (8191 ratings), 20:00 has 6265; awk agrees" \
		"awk -F'\t' '\$1 ~ /^peak_(hour|ratings)\$/ { print \$2 }' ml-utc/summary.tsv; awk -F'\t' '\$1 == 20 { print \$2 }' ml-utc/hours.tsv; awk -F'\t' '{ h[int(\$4 / 3600) % 24]++ } END { print h[21], h[20] }' '$ml/u.data'" \
		"21
8191
6265
8191 6265"
	check "ML100K, UTC: weekend 26990 ratings, mean 3.5239; weekday 73010, mean 3.5321; p 0.874" \
		"awk -F'\t' '\$1 ~ /^(weekend|weekday)_(ratings|mean)\$|^(difference|p|days)\$/ { printf \"%s=%.4f \", \$1, \$2 }' ml-utc/summary.tsv" \
		"days=215.0000 weekday_ratings=73010.0000 weekday_mean=3.5321 weekend_ratings=26990.0000 weekend_mean=3.5239 difference=-0.0081 p=0.8740 "
	reel-timeplot --tz America/New_York -o ml-ny "$ml/u.data"
	check "ML100K, New York: peak 16:00 (7687), weekend higher by 0.017, p 0.678" \
		"awk -F'\t' '\$1 ~ /^(peak_hour|peak_ratings|difference|p)\$/ { printf \"%s=%.3f \", \$1, \$2 }' ml-ny/summary.tsv" \
		"peak_hour=16.000 peak_ratings=7687.000 difference=0.017 p=0.678 "
	check "ML100K, UTC within users: 173 users, own weekend - weekday -0.0659 (-0.166 to 0.034), p 0.195" \
		"awk -F'\t' '\$1 ~ /^within_/ { printf \"%s=%.9g \", \$1, \$2 }' ml-utc/summary.tsv" \
		"within_users=173 within_mean=-0.0659419575 within_ci_lo=-0.166049365 within_ci_hi=0.0341654504 within_t=-1.30020024 within_p=0.195271918 "
	reel-import --ml100k "$ml" -o ml-imp
	reel-timeplot --users ml-imp/users.tsv --zip-zones "$ROOT/scripts/zip3-zones.tsv" -o ml-local ml-imp/ratings.tsv
	check "ML100K, users' local time (921 by zip, 22 in UTC): peak 16:00 (7912), 20:00 has 4516; weekend +0.0162 pooled (p 0.696), -0.0955 within 166 users (p 0.0475)" \
		"awk -F'\t' '\$1 ~ /^(zip_users|fallback_users|peak_hour|peak_ratings|difference|p|within_users|within_mean|within_ci_lo|within_ci_hi|within_p)\$/ { printf \"%s=%.9g \", \$1, \$2 }' ml-local/summary.tsv; awk -F'\t' '\$1 == 20 { print \$2 }' ml-local/hours.tsv" \
		"zip_users=921 fallback_users=22 peak_hour=16 peak_ratings=7912 difference=0.0161632138 p=0.695520558 within_users=166 within_mean=-0.0955069195 within_ci_lo=-0.189950022 within_ci_hi=-0.00106381669 within_p=0.0475037228 4516"
fi

# reel-synth plants an evening rhythm in UTC (weight peaks at 20:00-21:59
# UTC) and gives users random ZIP codes: in the users' local time (US zones
# are 4 to 10 hours behind UTC) the peak moves earlier in the day.
reel-synth --ratings 30000 -o syn 2>/dev/null
reel-timeplot -o syn-utc syn/ratings.tsv
reel-timeplot --users syn/users.tsv --zip-zones "$ROOT/scripts/zip3-zones.tsv" -o syn-local syn/ratings.tsv
check "synthetic: the planted UTC peak (20:00 or 21:00) moves 4 to 10 hours earlier in local time" \
	"awk -F'\t' '\$1 == \"peak_hour\" { print \$2 }' syn-utc/summary.tsv syn-local/summary.tsv | tr '\n' ' ' | awk '{ d = \$1 - \$2; print ((\$1 == 20 || \$1 == 21) && d >= 4 && d <= 10 ? \"moved\" : \"not moved: \" \$0) }'" \
	"moved"
