/*
 * reel-insights - statements the data supports, with their numbers
 *
 * Reads the tables reel-segment wrote into SEGDIR and reel-timeplot into
 * TIMEDIR (and, with --train, reel-segment's tables of a training split)
 * and writes OUTDIR/insights.tsv and OUTDIR/insights.md, each atomically:
 * the genre preferences that pass the preference rule (lib/analytics.h),
 * each occupation's preferred genre or "no clear preference", the peak
 * hour, whether weekend ratings differ, how many users are cold-start,
 * and a check of the claims the old system printed, each supported or
 * not with the numbers that decide it.  Every sentence carries its figure,
 * sample size and significance.  The rules and the reading of each claim
 * are in docs/ANALYTICS.md; columns in docs/FORMATS.md.  Nothing is
 * recomputed here: every figure comes from the input tables.
 */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "analytics.h"
#include "err.h"
#include "fmt.h"
#include "opt.h"
#include "out.h"
#include "stats.h"
#include "table.h"

static const char *train_dir, *outdir;
static const char *utc_dir;
static struct table *genres, *segments, *catalog, *train_catalog, *summary, *hours, *utc_summary,
    *utc_hours;
static double min_users, light_min, active_min, power_min, ntests;

/* genres.tsv's columns */
enum {
	DIM,
	SEG,
	GENRE,
	USERS,
	RATINGS,
	SHARE,
	ALL_SHARE,
	LIFT,
	P,
	P_HOLM,
	PREFERS,
	MEAN,
	ALL_MEAN,
	REST_SHARE,
	DIFF,
	DIFF_LO,
	DIFF_HI,
	NCOLS
};
static const char *const col_names[NCOLS] = {
    "dimension", "segment",  "genre", "users",	 "ratings", "share",   "all_share",
    "lift",	 "p",	     "p_holm", "prefers", "mean",    "all_mean", "rest_share",
    "diff",	 "diff_lo",  "diff_hi"};
static int col[NCOLS];

struct insight {
	const char *kind, *verdict;
	char *subject, *sentence;
	double value, users, ratings, p;
	char *test, *number, *plain; /* claims: the table's columns */
};
static struct insight *rows;
static size_t nrows;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-insights [--train TRAINSEGDIR] [--utc UTCTIMEDIR] -o OUTDIR SEGDIR TIMEDIR\n"
		"Write the insight sentences and the claims check from reel-segment's tables\n"
		"(SEGDIR) and reel-timeplot's (TIMEDIR) into OUTDIR.\n"
		"  --train DIR  reel-segment's tables of the training split (cold-start count)\n"
		"  --utc DIR    reel-timeplot's tables in UTC, shown beside TIMEDIR's\n"
		"  -o OUTDIR    the output directory (created if missing)\n");
	exit(status);
}

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static struct insight *add(const char *kind, char *subject, const char *verdict, double value,
			   double users, double ratings, double p, char *sentence)
{
	rows = xrealloc(rows, (nrows + 1) * sizeof *rows);
	rows[nrows] =
	    (struct insight){kind, verdict, subject, sentence, value, users, ratings, p, NULL, NULL, NULL};
	return &rows[nrows++];
}

/* A claim's row: the precise test, the numbers that decide, the verdict
 * and one plain sentence; its sentence is "\"CLAIM\": VERDICT: NUMBER.
 * PLAIN".  Verdicts: supported; not supported (the data cannot show it);
 * contradicted (the data show otherwise). */
static void add_claim(const char *claim, const char *verdict, double value, double users,
		      double ratings, double p, char *test, char *number, char *plain)
{
	struct insight *r = add("claim", xstrdup(claim), verdict, value, users, ratings, p,
				xprintf("\"%s\": %s: %s. %s", claim, verdict, number, plain));
	r->test = test;
	r->number = number;
	r->plain = plain;
}

static struct table *load(const char *dir, const char *name)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
		die("%s: path too long", dir);
	struct table *t = table_read(path);
	if (!t)
		exit(EXIT_DATA);
	return t;
}

static double key_num(const struct table *t, const char *key)
{
	double v;
	if (table_value_num(t, key, &v) < 0)
		exit(EXIT_DATA);
	return v;
}

static const char *key_text(const struct table *t, const char *key)
{
	const char *v = table_value(t, key);
	if (!v)
		exit(EXIT_DATA);
	return v;
}

static double num(const struct table *t, size_t row, int c)
{
	double v;
	if (table_num(t, row, c, &v) < 0)
		exit(EXIT_DATA);
	return v;
}

static double g(size_t row, int c)
{
	return num(genres, row, col[c]);
}

static const char *gs(size_t row, int c)
{
	return table_get(genres, row, col[c]);
}

/* "= 0.0014" or "< 1e-16": a p-value (lib/fmt.h) after "p ", in buf of
 * FMT_SIZE + 2 bytes. */
static const char *p_text(char *buf, double p)
{
	fmt_p(buf + 2, p);
	if (buf[2] == '<')
		return buf + 2;
	buf[0] = '=';
	buf[1] = ' ';
	return buf;
}

/* Who a segment is, as the subject of a sentence. */
static char *who(const char *dim, const char *seg)
{
	if (strcmp(dim, "gender") == 0)
		return xstrdup(strcmp(seg, "F") == 0 ? "women" : "men");
	if (strcmp(dim, "age") == 0)
		return xprintf("users aged %s", seg);
	if (strcmp(dim, "occupation") == 0)
		return xprintf("users with occupation %s", seg);
	if (strcmp(seg, "cold-start") == 0)
		return xprintf("cold-start users (fewer than %.0f ratings)", light_min);
	if (strcmp(seg, "light") == 0)
		return xprintf("light users (%.0f to %.0f ratings)", light_min, active_min - 1);
	if (strcmp(seg, "active") == 0)
		return xprintf("active users (%.0f to %.0f ratings)", active_min, power_min - 1);
	return xprintf("%s users (%.0f or more ratings)", seg, power_min);
}

/* What was compared, exactly: the genre's share of the segment's own
 * ratings against its share of the other users' ratings, the difference
 * in points with its interval, and the lift against all ratings.
 * Activity segments carry the confound of MovieLens's sign-up. */
static char *rate_sentence(size_t row)
{
	char b[8][FMT_SIZE + 2];
	int activity = strcmp(gs(row, DIM), "activity") == 0;
	return xprintf(
	    "%s films are %s of their ratings against %s of the other users' ratings (%s "
	    "points, 95%% interval %s to %s; lift %.2f against the genre's %s of all ratings); "
	    "%.0f users, "
	    "%.0f ratings; p %s with users as clusters, Holm-adjusted p %s%s",
	    gs(row, GENRE), fmt_share(b[0], g(row, SHARE)),
	    fmt_share(b[1], g(row, REST_SHARE)), fmt_points(b[2], g(row, DIFF)),
	    fmt_points(b[3], g(row, DIFF_LO)), fmt_points(b[4], g(row, DIFF_HI)), g(row, LIFT),
	    fmt_share(b[5], g(row, ALL_SHARE)), g(row, USERS), g(row, RATINGS),
	    p_text(b[6], g(row, P)), p_text(b[7], g(row, P_HOLM)),
	    activity ? "; activity groups are confounded with what MovieLens showed new users "
		       "to rate first, so this need not be taste"
		     : "");
}

/* A candidate for a preference: the relative and the absolute minimum. */
static int large_enough(size_t row)
{
	return g(row, LIFT) >= ANALYTICS_LIFT_MIN && g(row, DIFF) >= ANALYTICS_POINTS_MIN;
}

static long find_genre_row(const char *dim, const char *seg, const char *genre)
{
	for (size_t i = 0; i < genres->nrows; i++)
		if (strcmp(gs(i, DIM), dim) == 0 && strcmp(gs(i, SEG), seg) == 0 &&
		    strcmp(gs(i, GENRE), genre) == 0)
			return (long)i;
	return -1;
}

static void preferences(void)
{
	for (size_t i = 0; i < genres->nrows; i++)
		if (g(i, PREFERS) == 1) {
			char *subject = who(gs(i, DIM), gs(i, SEG)), *rate = rate_sentence(i);
			add("preference",
			    xprintf("%s=%s;genre=%s", gs(i, DIM), gs(i, SEG), gs(i, GENRE)),
			    "prefers", g(i, LIFT), g(i, USERS), g(i, RATINGS), g(i, P_HOLM),
			    xprintf("%s: %s", subject, rate));
			free(subject);
			free(rate);
		}
}

/* Each occupation's genre of highest lift among those it prefers; else no
 * clear preference, with the reason: too few users, no genre with a lift
 * of 1.1 and a difference of a point, or the closest candidate (large
 * enough, smallest adjusted p). */
static void occupation(const char *occ, double users)
{
	long best = -1, near = -1;
	for (size_t i = 0; i < genres->nrows; i++) {
		if (strcmp(gs(i, DIM), "occupation") != 0 || strcmp(gs(i, SEG), occ) != 0)
			continue;
		if (g(i, PREFERS) == 1 && (best < 0 || g(i, LIFT) > g((size_t)best, LIFT)))
			best = (long)i;
		if (large_enough(i) && (near < 0 || g(i, P_HOLM) < g((size_t)near, P_HOLM)))
			near = (long)i;
	}
	long named = best >= 0 ? best : users >= min_users ? near : -1;
	char *subject = named >= 0
			    ? xprintf("occupation=%s;genre=%s", occ, gs((size_t)named, GENRE))
			    : xprintf("occupation=%s", occ);
	char pb[FMT_SIZE + 2], db[FMT_SIZE + 2];
	if (best >= 0) {
		size_t b = (size_t)best;
		char *rate = rate_sentence(b);
		add("occupation", subject, "prefers", g(b, LIFT), users, g(b, RATINGS),
		    g(b, P_HOLM), xprintf("%s: prefers %s: %s", occ, gs(b, GENRE), rate));
		free(rate);
	} else if (users < min_users) {
		add("occupation", subject, "no clear preference", NAN, users, NAN, NAN,
		    xprintf("%s: no clear preference (%.0f users, fewer than the %.0f required; "
			    "not tested)",
			    occ, users, min_users));
	} else if (near < 0) {
		add("occupation", subject, "no clear preference", NAN, users, NAN, NAN,
		    xprintf("%s: no clear preference (no genre with a lift of %.1f or more and a "
			    "share %.0f point above the other users'; %.0f users)",
			    occ, ANALYTICS_LIFT_MIN, 100 * ANALYTICS_POINTS_MIN, users));
	} else {
		size_t n = (size_t)near;
		add("occupation", subject, "no clear preference", g(n, LIFT), users, g(n, RATINGS),
		    g(n, P_HOLM),
		    xprintf("%s: no clear preference (closest: %s at %.2fx, %s points, "
			    "Holm-adjusted p %s, not below %.2g; %.0f users, %.0f ratings)",
			    occ, gs(n, GENRE), g(n, LIFT), fmt_points(db, g(n, DIFF)),
			    p_text(pb, g(n, P_HOLM)), ANALYTICS_ALPHA, users, g(n, RATINGS)));
	}
}

static void occupations(void)
{
	int dim = table_col(segments, "dimension"), seg = table_col(segments, "segment"),
	    raters = table_col(segments, "raters");
	if (dim < 0 || seg < 0 || raters < 0)
		exit(EXIT_DATA);
	for (size_t i = 0; i < segments->nrows; i++)
		if (strcmp(table_get(segments, i, dim), "occupation") == 0)
			occupation(table_get(segments, i, seg), num(segments, i, raters));
}

static double hour_ratings(const struct table *t, int hour)
{
	int h = table_col(t, "hour"), n = table_col(t, "ratings");
	if (h < 0 || n < 0)
		exit(EXIT_DATA);
	for (size_t i = 0; i < t->nrows; i++)
		if (num(t, i, h) == hour)
			return num(t, i, n);
	die("%s: no row for hour %d", t->name, hour);
}

/* Whose clock a time table is in: "in each user's local time (...)" or
 * "in ZONE". */
static char *clock_text(const struct table *sum)
{
	if (strcmp(key_text(sum, "mode"), "local") == 0)
		return xprintf("in each user's local time (the zone of their ZIP code; %.0f users "
			       "without one in %s)",
			       key_num(sum, "fallback_users"), key_text(sum, "zone"));
	return xprintf("in %s", key_text(sum, "zone"));
}

static void when(void)
{
	const char *zone = key_text(summary, "zone"), *tied = key_text(summary, "peak_hours");
	double peak = key_num(summary, "peak_hour"), n = key_num(summary, "peak_ratings"),
	       total = key_num(summary, "ratings"), users = key_num(summary, "users");
	char *ties = strchr(tied, ',') ? xprintf(" (tied hours: %s; the earliest is named)", tied)
				       : xstrdup("");
	char *clock = clock_text(summary), pct[FMT_SIZE + 2];
	int local = strcmp(key_text(summary, "mode"), "local") == 0;
	add("peak_hour", local ? xstrdup("zone=local") : xprintf("zone=%s", zone), "-", peak, users,
	    total, NAN,
	    xprintf("I%s, ratings peak at %02.0f:00-%02.0f:59: %.0f of %.0f ratings (%s)%s",
		    clock + 1, peak, peak, n, total, fmt_pct(pct, n / total), ties));
	free(ties);
	double d = key_num(summary, "difference"), p = key_num(summary, "p");
	const char *verdict = !(p < ANALYTICS_ALPHA) ? "no significant difference"
			      : d > 0		     ? "higher"
						     : "lower";
	char pb[FMT_SIZE + 2], wb[FMT_SIZE + 2], ib[FMT_SIZE + 2];
	add("weekend", local ? xstrdup("zone=local") : xprintf("zone=%s", zone), verdict, d, users,
	    total, p,
	    xprintf(
		"I%s, weekend ratings (Saturday and Sunday) average %.3f (%.0f ratings by "
		"%.0f users) against %.3f on weekdays (%.0f ratings by %.0f users): difference "
		"%+.3f, t = %.2f, p %s with users as clusters (Welch's test, ratings taken as "
		"independent: p %s): %s.  Within the %.0f users who rated on both, their own "
		"weekend mean minus their own weekday mean averages %+.3f (95%% interval %+.3f to "
		"%+.3f, p %s)",
		clock + 1, key_num(summary, "weekend_mean"), key_num(summary, "weekend_ratings"),
		key_num(summary, "weekend_users"), key_num(summary, "weekday_mean"),
		key_num(summary, "weekday_ratings"), key_num(summary, "weekday_users"), d,
		key_num(summary, "t"), p_text(pb, p), p_text(wb, key_num(summary, "welch_p")),
		verdict, key_num(summary, "within_users"), key_num(summary, "within_mean"),
		key_num(summary, "within_ci_lo"), key_num(summary, "within_ci_hi"),
		p_text(ib, key_num(summary, "within_p"))));
	free(clock);
}

static void cold_start(const char *data, const struct table *cat)
{
	double k = key_num(cat, "cold_start_users"), n = key_num(cat, "users");
	add("cold_start", xprintf("data=%s", data), "-", k / n, n, key_num(cat, "ratings"), NAN,
	    xprintf("%.0f of %.0f users (%.1f%%) are cold-start (fewer than %.0f ratings) in the "
		    "%s data",
		    k, n, 100 * k / n, key_num(cat, "light_min"), data));
}

/* The segment's other genres it leans to at least as much (lift), for
 * "no more than towards X or Y"; at most three, by name order. */
static char *as_much(size_t row)
{
	char *list = xstrdup("");
	int n = 0;
	for (size_t i = 0; i < genres->nrows && n < 3; i++) {
		if (i == row || strcmp(gs(i, DIM), gs(row, DIM)) != 0 ||
		    strcmp(gs(i, SEG), gs(row, SEG)) != 0 || strcmp(gs(i, GENRE), "unknown") == 0 ||
		    !(g(i, LIFT) >= g(row, LIFT)))
			continue;
		char *more = xprintf("%s%s%s", list, n ? " or " : "", gs(i, GENRE));
		free(list);
		list = more;
		n++;
	}
	return list;
}

static void claim_genre(const char *claim, const char *occ, const char *plural,
			const char *genre)
{
	long row = find_genre_row("occupation", occ, genre);
	if (row < 0) {
		add_claim(claim, "not supported", NAN, NAN, NAN, NAN, xstrdup("the preference rule"),
			  xstrdup("no data"),
			  xprintf("The data has no occupation %s or no genre %s.", occ, genre));
		return;
	}
	size_t i = (size_t)row;
	char b[4][FMT_SIZE + 2];
	int ok = g(i, PREFERS) == 1, against = g(i, DIFF) < 0 && g(i, P_HOLM) < ANALYTICS_ALPHA;
	char *test = xprintf(
	    "the preference rule: %s's share of the %s' ratings against its share of the other "
	    "users' ratings, users as clusters; lift >= %.1f, >= %.0f point, Holm-adjusted p < "
	    "%.2g over %.0f tests, >= %.0f users",
	    genre, plural, ANALYTICS_LIFT_MIN, 100 * ANALYTICS_POINTS_MIN, ANALYTICS_ALPHA, ntests,
	    min_users);
	char *number = rate_sentence(i), *plain, *others = as_much(i);
	if (ok)
		plain = xprintf("%c%s do rate %s films more often than other users.",
				plural[0] - 32, plural + 1, genre);
	else if (against)
		plain = xprintf("%c%s rate %s films less often than other users.", plural[0] - 32,
				plural + 1, genre);
	else if (!large_enough(i))
		plain = xprintf("%c%s rate %s films only a little more often than other users "
				"(%s points), too little to call a taste; their mean %s rating is "
				"%.2f against %.2f for all users.",
				plural[0] - 32, plural + 1, genre, fmt_points(b[0], g(i, DIFF)),
				genre, g(i, MEAN), g(i, ALL_MEAN));
	else if (g(i, USERS) < min_users)
		plain = xprintf("With %.0f %s there are too few to tell.", g(i, USERS), plural);
	else
		plain = xprintf(
		    "%c%s do lean towards %s (p %s alone), but among %.0f tests a lean that size "
		    "is not established%s%s.",
		    plural[0] - 32, plural + 1, genre, p_text(b[1], g(i, P)), ntests,
		    *others ? ", and it is no larger than towards " : "", others);
	free(others);
	add_claim(claim, ok ? "supported" : against ? "contradicted" : "not supported", g(i, LIFT),
		  g(i, USERS), g(i, RATINGS), g(i, P_HOLM), test, number, plain);
}

static void claim_peak(void)
{
	double peak = key_num(summary, "peak_hour"), n = key_num(summary, "peak_ratings"),
	       total = key_num(summary, "ratings"), h20 = hour_ratings(hours, 20);
	char b[4][FMT_SIZE + 2], *clock = clock_text(summary), *utc = xstrdup("");
	if (utc_summary) {
		double un = key_num(utc_summary, "peak_ratings"), ut = key_num(utc_summary, "ratings");
		free(utc);
		utc = xprintf("; in UTC the peak is %02.0f:00-%02.0f:59 (%.0f, %s) and 20:00-20:59 has "
			      "%.0f (%s)",
			      key_num(utc_summary, "peak_hour"), key_num(utc_summary, "peak_hour"), un,
			      fmt_pct(b[2], un / ut), hour_ratings(utc_hours, 20),
			      fmt_pct(b[3], hour_ratings(utc_hours, 20) / ut));
	}
	int ok = h20 == n;
	char *number = xprintf("%s the most ratings fall at %02.0f:00-%02.0f:59 (%.0f of %.0f, %s); "
			       "20:00-20:59 has %.0f (%s)%s",
			       clock, peak, peak, n, total, fmt_pct(b[0], n / total), h20,
			       fmt_pct(b[1], h20 / total), utc);
	int local = strcmp(key_text(summary, "mode"), "local") == 0;
	char *own = local ? xstrdup("in their own time") : xprintf("in %s", key_text(summary, "zone"));
	char *plain = ok ? xprintf("Users rate most between 20:00 and 21:00 %s.", own)
			 : xprintf("Users rate most at %02.0f:00 %s, not at 8 PM: 20:00-20:59 has "
				   "%.0f%% fewer ratings than that hour.",
				   peak, own, 100 * (1 - h20 / n));
	free(own);
	add_claim("peak activity at 8 PM", ok ? "supported" : "contradicted", peak,
		  key_num(summary, "users"), total, NAN,
		  xprintf("the hour of the day with the most ratings %s (a tie counts)", clock),
		  number, plain);
	free(clock);
	free(utc);
}

/* The pooled test and the within-user one must agree for a verdict
 * either way. */
static void claim_weekend(void)
{
	double d = key_num(summary, "difference"), p = key_num(summary, "p"),
	       wd = key_num(summary, "within_mean"), wp = key_num(summary, "within_p");
	int up = d > 0 && p < ANALYTICS_ALPHA && wd > 0 && wp < ANALYTICS_ALPHA;
	int down = (d < 0 && p < ANALYTICS_ALPHA) || (wd < 0 && wp < ANALYTICS_ALPHA);
	char b[6][FMT_SIZE + 2], *clock = clock_text(summary), *utc = xstrdup("");
	if (utc_summary) {
		free(utc);
		utc = xprintf("; in UTC pooled %+.3f (p %s), within users %+.3f (p %s)",
			      key_num(utc_summary, "difference"),
			      p_text(b[2], key_num(utc_summary, "p")),
			      key_num(utc_summary, "within_mean"),
			      p_text(b[3], key_num(utc_summary, "within_p")));
	}
	char *number = xprintf(
	    "%s: weekend mean %.3f against weekday mean %.3f, %+.3f (p %s, users as clusters); "
	    "within %.0f users who rated on both, own weekend minus own weekday mean %+.3f (95%% "
	    "interval %+.3f to %+.3f, p %s)%s",
	    clock, key_num(summary, "weekend_mean"), key_num(summary, "weekday_mean"), d,
	    p_text(b[0], p), key_num(summary, "within_users"), wd, key_num(summary, "within_ci_lo"),
	    key_num(summary, "within_ci_hi"), p_text(b[1], wp), utc);
	char *plain = up ? xprintf("Ratings are higher at weekends, and the same users rate "
				   "higher then.")
		      : down ? xprintf("Weekend ratings are lower, not higher.")
			     : xprintf("Weekend ratings are no higher: the pooled means differ by "
				       "%.2f and the users who rate on both days rate weekends %s by "
				       "%.2f, neither difference significant at %.2g.",
				       fabs(d), wd < 0 ? "lower" : "higher", fabs(wd),
				       ANALYTICS_ALPHA);
	add_claim("weekend ratings are higher", up ? "supported" : down ? "contradicted" : "not supported",
		  d, key_num(summary, "users"), key_num(summary, "ratings"), p,
		  xprintf("mean rating on Saturday and Sunday against Monday to Friday %s: pooled "
			  "(users as clusters) and within users; both must be positive with p < "
			  "%.2g",
			  clock, ANALYTICS_ALPHA),
		  number, plain);
	free(clock);
	free(utc);
}

/* The claimed 15 % against the full data's share by the exact binomial
 * test (the normal approximation is poor at a share of 0): consistent
 * when p >= alpha.  The training split's share is tested the same way,
 * since a split is where a figure of 15 % may have come from. */
static void claim_cold_start(void)
{
	double k = key_num(catalog, "cold_start_users"), n = key_num(catalog, "users");
	double p = stats_binomial_test((uint64_t)k, (uint64_t)n, 0.15);
	int ok = p >= ANALYTICS_ALPHA;
	char b[4][FMT_SIZE + 2], *train = xstrdup(""), *plain;
	double tk = NAN, tn = NAN, tp = NAN;
	if (train_catalog) {
		tk = key_num(train_catalog, "cold_start_users");
		tn = key_num(train_catalog, "users");
		tp = stats_binomial_test((uint64_t)tk, (uint64_t)tn, 0.15);
		free(train);
		train = xprintf("; on the training split %.0f of %.0f (%s), p %s", tk, tn,
				fmt_pct(b[2], tk / tn), p_text(b[3], tp));
	}
	char *number = xprintf("%.0f of %.0f users (%s) have fewer than %.0f ratings in the full "
			       "data, p %s against 15%%%s",
			       k, n, fmt_pct(b[0], k / n), light_min, p_text(b[1], p), train);
	if (ok)
		plain = xprintf("The share of cold-start users is consistent with 15%%.");
	else if (k == 0)
		plain = xprintf(
		    "No user is cold-start in the full data: MovieLens kept only users with at least "
		    "20 ratings.%s",
		    train_catalog && tp >= ANALYTICS_ALPHA
			? "  A training split is another matter: holding out a fifth of each user's "
			  "ratings leaves some below 20, and its share is consistent with 15%, which "
			  "is likely where the figure came from."
			: "");
	else
		plain = xprintf("The share of cold-start users is %s, not 15%%.", fmt_pct(b[0], k / n));
	add_claim("15% of users are cold-start, 85% are active", ok ? "supported" : "contradicted",
		  k / n, n, key_num(catalog, "ratings"), p,
		  xprintf("the share of users with fewer than %.0f ratings in the full data, exact "
			  "binomial test against 15%% (consistent when p >= %.2g); \"85%% active\" is "
			  "the same claim",
			  light_min, ANALYTICS_ALPHA),
		  number, plain);
	free(train);
}

static void write_tsv(void)
{
	struct out *o = analytics_open(outdir, "insights.tsv");
	out_puts(o, "kind\tsubject\tverdict\tvalue\tusers\tratings\tp\tsentence\n");
	for (size_t i = 0; i < nrows; i++) {
		struct insight *r = &rows[i];
		out_printf(o, "%s\t%s\t%s", r->kind, r->subject, r->verdict);
		analytics_put(o, r->value);
		analytics_put(o, r->users);
		analytics_put(o, r->ratings);
		analytics_put(o, r->p);
		out_printf(o, "\t%s\n", r->sentence);
	}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
}

static void section(struct out *o, const char *kind, const char *title, const char *none)
{
	int any = 0;
	out_printf(o, "\n## %s\n\n", title);
	for (size_t i = 0; i < nrows; i++)
		if (strcmp(rows[i].kind, kind) == 0) {
			out_printf(o, "- %s\n", rows[i].sentence);
			any = 1;
		}
	if (!any && none)
		out_printf(o, "- %s\n", none);
}

static void write_md(void)
{
	struct out *o = analytics_open(outdir, "insights.md");
	out_printf(o,
		   "# Insights\n\nA segment prefers a genre when the genre's share of the segment's "
		   "ratings is at least %.1fx its share of all ratings (lift) and at least %.0f "
		   "point above its share of the other users' ratings, that difference is "
		   "significant (users counted as clusters; Holm-adjusted p below %.2g) and the "
		   "segment has at least %.0f users.  Holm's adjustment spans the %.0f tests that "
		   "can qualify; %.0f more (segments under %.0f users, the placeholder genre "
		   "`%s`) are left out of it and reported unadjusted.  Definitions: "
		   "docs/ANALYTICS.md.\n\n## Claims check\n\n\"Not supported\" means the data cannot "
		   "show the claim; \"contradicted\" that they show otherwise.\n\n| claim | the test | "
		   "the numbers | verdict | in plain words |\n|---|---|---|---|---|\n",
		   ANALYTICS_LIFT_MIN, 100 * ANALYTICS_POINTS_MIN, ANALYTICS_ALPHA, min_users, ntests,
		   key_num(catalog, "tests_excluded"), min_users, key_text(catalog, "no_genre"));
	for (size_t i = 0; i < nrows; i++)
		if (rows[i].plain)
			out_printf(o, "| %s | %s | %s | **%s** | %s |\n", rows[i].subject,
				   rows[i].test, rows[i].number, rows[i].verdict, rows[i].plain);
	section(o, "preference", "Genre preferences", "No segment prefers a genre by the rule.");
	section(o, "occupation", "Occupations", NULL);
	section(o, "peak_hour", "When ratings are made", NULL);
	section(o, "weekend", "Weekends", NULL);
	section(o, "cold_start", "Cold start", NULL);
	if (out_close(o) < 0)
		exit(EXIT_DATA);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {{"train", required_argument, NULL, 't'},
						 {"utc", required_argument, NULL, 'U'},
						 OPT_HELP_VERSION};
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 't':
			train_dir = optarg;
			break;
		case 'U':
			utc_dir = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		}
	}
	if (!outdir)
		die_usage("-o OUTDIR is required");
	if (argc - optind != 2)
		die_usage("expected SEGDIR TIMEDIR, got %d operand%s", argc - optind,
			  argc - optind == 1 ? "" : "s");
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	const char *segdir = argv[optind], *timedir = argv[optind + 1];
	genres = load(segdir, "genres.tsv");
	segments = load(segdir, "segments.tsv");
	catalog = load(segdir, "catalog.tsv");
	summary = load(timedir, "summary.tsv");
	hours = load(timedir, "hours.tsv");
	if (train_dir)
		train_catalog = load(train_dir, "catalog.tsv");
	if (utc_dir) {
		utc_summary = load(utc_dir, "summary.tsv");
		utc_hours = load(utc_dir, "hours.tsv");
	}
	for (int c = 0; c < NCOLS; c++)
		if ((col[c] = table_col(genres, col_names[c])) < 0)
			return EXIT_DATA;
	min_users = key_num(catalog, "min_users");
	light_min = key_num(catalog, "light_min");
	active_min = key_num(catalog, "active_min");
	power_min = key_num(catalog, "power_min");
	ntests = key_num(catalog, "tests");

	claim_genre("engineers prefer sci-fi", "engineer", "engineers", "Sci-Fi");
	claim_genre("students love comedies", "student", "students", "Comedy");
	claim_peak();
	claim_weekend();
	claim_cold_start();
	preferences();
	occupations();
	when();
	cold_start("full", catalog);
	if (train_catalog)
		cold_start("training", train_catalog);
	analytics_mkdir(outdir);
	write_tsv();
	write_md();
	return 0;
}
