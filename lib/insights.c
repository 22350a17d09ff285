/*
 * insights: the claim rules behind reel-insights (lib/insights.h).
 */
#include "insights.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics.h"
#include "err.h"
#include "fmt.h"
#include "out.h"
#include "stats.h"

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
	"dimension", "segment",    "genre", "users",   "ratings", "share",
	"all_share", "lift",       "p",     "p_holm",  "prefers", "mean",
	"all_mean",  "rest_share", "diff",  "diff_lo", "diff_hi"};

struct insight {
	const char *kind, *verdict;
	char *subject, *sentence;
	double value, users, ratings, p;
	char *test, *number, *plain; /* claims: the table's columns */
};

/* One run: the input tables, the figures every rule needs, and the rows
 * in the order they are written. */
struct ctx {
	const struct table *genres, *segments, *catalog, *train_catalog, *summary, *hours,
		*utc_summary, *utc_hours;
	const char *outdir;
	int col[NCOLS]; /* genres.tsv's columns */
	double min_users, light_min, active_min, power_min, ntests;
	double excluded;      /* tests left out of Holm's family */
	const char *no_genre; /* the placeholder genre */
	struct insight *rows;
	size_t nrows;
	int failed; /* a figure was bad or missing: its message is out */
};

static struct insight *add(struct ctx *s, const char *kind, char *subject, const char *verdict,
			   double value, double users, double ratings, double p, char *sentence)
{
	s->rows = xrealloc(s->rows, (s->nrows + 1) * sizeof *s->rows);
	s->rows[s->nrows] = (struct insight){kind,    verdict, subject, sentence, value, users,
					     ratings, p,       NULL,    NULL,     NULL};
	return &s->rows[s->nrows++];
}

/* A claim's row: the precise test, the numbers that decide, the verdict
 * and one plain sentence; its sentence is "\"CLAIM\": VERDICT: NUMBER.
 * PLAIN".  Verdicts: supported; not supported (the data cannot show it);
 * contradicted (the data show otherwise). */
static void add_claim(struct ctx *s, const char *claim, const char *verdict, double value,
		      double users, double ratings, double p, char *test, char *number, char *plain)
{
	struct insight *r = add(s, "claim", xstrdup(claim), verdict, value, users, ratings, p,
				xasprintf("\"%s\": %s: %s. %s", claim, verdict, number, plain));
	r->test = test;
	r->number = number;
	r->plain = plain;
}

/* The readers below report the first bad or missing figure and then
 * return NaN or "" without a word, so that the sentences can be built
 * without a check at every figure: insights_write() looks at s->failed
 * before it writes anything. */
static double key_num(struct ctx *s, const struct table *t, const char *key)
{
	double v;
	if (s->failed || table_value_num(t, key, &v) < 0) {
		s->failed = 1;
		return NAN;
	}
	return v;
}

static const char *key_text(struct ctx *s, const struct table *t, const char *key)
{
	const char *v = s->failed ? NULL : table_value(t, key);
	if (!v) {
		s->failed = 1;
		return "";
	}
	return v;
}

static double num(struct ctx *s, const struct table *t, size_t row, int c)
{
	double v;
	if (s->failed || table_num(t, row, c, &v) < 0) {
		s->failed = 1;
		return NAN;
	}
	return v;
}

static int col(struct ctx *s, const struct table *t, const char *name)
{
	int c = s->failed ? -1 : table_col(t, name);
	if (c < 0)
		s->failed = 1;
	return c;
}

static double g(struct ctx *s, size_t row, int c)
{
	return num(s, s->genres, row, s->col[c]);
}

static const char *gs(struct ctx *s, size_t row, int c)
{
	return table_get(s->genres, row, s->col[c]);
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
static char *who(struct ctx *s, const char *dim, const char *seg)
{
	if (strcmp(dim, "gender") == 0)
		return xstrdup(strcmp(seg, "F") == 0 ? "women" : "men");
	if (strcmp(dim, "age") == 0)
		return xasprintf("users aged %s", seg);
	if (strcmp(dim, "occupation") == 0)
		return xasprintf("users with occupation %s", seg);
	if (strcmp(seg, "cold-start") == 0)
		return xasprintf("cold-start users (fewer than %.0f ratings)", s->light_min);
	if (strcmp(seg, "light") == 0)
		return xasprintf("light users (%.0f to %.0f ratings)", s->light_min,
				 s->active_min - 1);
	if (strcmp(seg, "active") == 0)
		return xasprintf("active users (%.0f to %.0f ratings)", s->active_min,
				 s->power_min - 1);
	return xasprintf("%s users (%.0f or more ratings)", seg, s->power_min);
}

/* What was compared, exactly: the genre's share of the segment's own
 * ratings against its share of the other users' ratings, the difference
 * in points with its interval, and the lift against all ratings.
 * Activity segments carry the confound of MovieLens's sign-up. */
static char *rate_sentence(struct ctx *s, size_t row)
{
	char b[8][FMT_SIZE + 2];
	int activity = strcmp(gs(s, row, DIM), "activity") == 0;
	return xasprintf(
		"%s films are %s of their ratings against %s of the other users' ratings (%s "
		"points, 95%% interval %s to %s; lift %.2f against the genre's %s of all ratings); "
		"%.0f users, "
		"%.0f ratings; p %s with users as clusters, Holm-adjusted p %s%s",
		gs(s, row, GENRE), fmt_share(b[0], g(s, row, SHARE)),
		fmt_share(b[1], g(s, row, REST_SHARE)), fmt_points(b[2], g(s, row, DIFF)),
		fmt_points(b[3], g(s, row, DIFF_LO)), fmt_points(b[4], g(s, row, DIFF_HI)),
		g(s, row, LIFT), fmt_share(b[5], g(s, row, ALL_SHARE)), g(s, row, USERS),
		g(s, row, RATINGS), p_text(b[6], g(s, row, P)), p_text(b[7], g(s, row, P_HOLM)),
		activity ? "; activity groups are confounded with what MovieLens showed new users "
			   "to rate first, so this need not be taste"
			 : "");
}

/* A candidate for a preference: the relative and the absolute minimum. */
static int large_enough(struct ctx *s, size_t row)
{
	return g(s, row, LIFT) >= ANALYTICS_LIFT_MIN && g(s, row, DIFF) >= ANALYTICS_POINTS_MIN;
}

static long find_genre_row(struct ctx *s, const char *dim, const char *seg, const char *genre)
{
	for (size_t i = 0; i < s->genres->nrows; i++)
		if (strcmp(gs(s, i, DIM), dim) == 0 && strcmp(gs(s, i, SEG), seg) == 0 &&
		    strcmp(gs(s, i, GENRE), genre) == 0)
			return (long)i;
	return -1;
}

static void preferences(struct ctx *s)
{
	for (size_t i = 0; i < s->genres->nrows; i++)
		if (g(s, i, PREFERS) == 1) {
			char *subject = who(s, gs(s, i, DIM), gs(s, i, SEG)),
			     *rate = rate_sentence(s, i);
			add(s, "preference",
			    xasprintf("%s=%s;genre=%s", gs(s, i, DIM), gs(s, i, SEG),
				      gs(s, i, GENRE)),
			    "prefers", g(s, i, LIFT), g(s, i, USERS), g(s, i, RATINGS),
			    g(s, i, P_HOLM), xasprintf("%s: %s", subject, rate));
			free(subject);
			free(rate);
		}
}

/* Each occupation's genre of highest lift among those it prefers; else no
 * clear preference, with the reason: too few users, no genre with a lift
 * of 1.1 and a difference of a point, or the closest candidate (large
 * enough, smallest adjusted p). */
static void occupation(struct ctx *s, const char *occ, double users)
{
	long best = -1, near = -1;
	for (size_t i = 0; i < s->genres->nrows; i++) {
		if (strcmp(gs(s, i, DIM), "occupation") != 0 || strcmp(gs(s, i, SEG), occ) != 0)
			continue;
		if (g(s, i, PREFERS) == 1 && (best < 0 || g(s, i, LIFT) > g(s, (size_t)best, LIFT)))
			best = (long)i;
		if (large_enough(s, i) &&
		    (near < 0 || g(s, i, P_HOLM) < g(s, (size_t)near, P_HOLM)))
			near = (long)i;
	}
	long named = best >= 0 ? best : users >= s->min_users ? near : -1;
	char *subject =
		named >= 0 ? xasprintf("occupation=%s;genre=%s", occ, gs(s, (size_t)named, GENRE))
			   : xasprintf("occupation=%s", occ);
	char pb[FMT_SIZE + 2], db[FMT_SIZE + 2];
	if (best >= 0) {
		size_t b = (size_t)best;
		char *rate = rate_sentence(s, b);
		add(s, "occupation", subject, "prefers", g(s, b, LIFT), users, g(s, b, RATINGS),
		    g(s, b, P_HOLM), xasprintf("%s: prefers %s: %s", occ, gs(s, b, GENRE), rate));
		free(rate);
	} else if (users < s->min_users) {
		add(s, "occupation", subject, "no clear preference", NAN, users, NAN, NAN,
		    xasprintf("%s: no clear preference (%.0f users, fewer than the %.0f required; "
			      "not tested)",
			      occ, users, s->min_users));
	} else if (near < 0) {
		add(s, "occupation", subject, "no clear preference", NAN, users, NAN, NAN,
		    xasprintf("%s: no clear preference (no genre with a lift of %.1f or more and a "
			      "share %.0f point above the other users'; %.0f users)",
			      occ, ANALYTICS_LIFT_MIN, 100 * ANALYTICS_POINTS_MIN, users));
	} else {
		size_t n = (size_t)near;
		add(s, "occupation", subject, "no clear preference", g(s, n, LIFT), users,
		    g(s, n, RATINGS), g(s, n, P_HOLM),
		    xasprintf("%s: no clear preference (closest: %s at %.2fx, %s points, "
			      "Holm-adjusted p %s, not below %.2g; %.0f users, %.0f ratings)",
			      occ, gs(s, n, GENRE), g(s, n, LIFT), fmt_points(db, g(s, n, DIFF)),
			      p_text(pb, g(s, n, P_HOLM)), ANALYTICS_ALPHA, users,
			      g(s, n, RATINGS)));
	}
}

static void occupations(struct ctx *s)
{
	int dim = col(s, s->segments, "dimension"), seg = col(s, s->segments, "segment"),
	    raters = col(s, s->segments, "raters");
	for (size_t i = 0; i < s->segments->nrows && !s->failed; i++)
		if (strcmp(table_get(s->segments, i, dim), "occupation") == 0)
			occupation(s, table_get(s->segments, i, seg),
				   num(s, s->segments, i, raters));
}

static double hour_ratings(struct ctx *s, const struct table *t, int hour)
{
	int h = col(s, t, "hour"), n = col(s, t, "ratings");
	for (size_t i = 0; i < t->nrows && !s->failed; i++)
		if (num(s, t, i, h) == hour)
			return num(s, t, i, n);
	if (!s->failed)
		error("%s: no row for hour %d", t->name, hour);
	s->failed = 1;
	return NAN;
}

/* Whose clock a time table is in: "in each user's local time (...)" or
 * "in ZONE". */
static char *clock_text(struct ctx *s, const struct table *sum)
{
	if (strcmp(key_text(s, sum, "mode"), "local") == 0)
		return xasprintf(
			"in each user's local time (the zone of their ZIP code; %.0f users "
			"without one in %s)",
			key_num(s, sum, "fallback_users"), key_text(s, sum, "zone"));
	return xasprintf("in %s", key_text(s, sum, "zone"));
}

static void when(struct ctx *s)
{
	const char *zone = key_text(s, s->summary, "zone"),
		   *tied = key_text(s, s->summary, "peak_hours");
	double peak = key_num(s, s->summary, "peak_hour"),
	       n = key_num(s, s->summary, "peak_ratings"),
	       total = key_num(s, s->summary, "ratings"), users = key_num(s, s->summary, "users");
	char *ties = strchr(tied, ',') ? xasprintf(" (tied hours: %s; the earliest is named)", tied)
				       : xstrdup("");
	char *clock = clock_text(s, s->summary), pct[FMT_SIZE + 2];
	int local = strcmp(key_text(s, s->summary, "mode"), "local") == 0;
	add(s, "peak_hour", local ? xstrdup("zone=local") : xasprintf("zone=%s", zone), "-", peak,
	    users, total, NAN,
	    xasprintf("I%s, ratings peak at %02.0f:00-%02.0f:59: %.0f of %.0f ratings (%s)%s",
		      clock + 1, peak, peak, n, total, fmt_pct(pct, n / total), ties));
	free(ties);
	double d = key_num(s, s->summary, "difference"), p = key_num(s, s->summary, "p");
	const char *verdict = !(p < ANALYTICS_ALPHA) ? "no significant difference"
			      : d > 0                ? "higher"
						     : "lower";
	char pb[FMT_SIZE + 2], wb[FMT_SIZE + 2], ib[FMT_SIZE + 2];
	add(s, "weekend", local ? xstrdup("zone=local") : xasprintf("zone=%s", zone), verdict, d,
	    users, total, p,
	    xasprintf(
		    "I%s, weekend ratings (Saturday and Sunday) average %.3f (%.0f ratings by "
		    "%.0f users) against %.3f on weekdays (%.0f ratings by %.0f users): difference "
		    "%+.3f, t = %.2f, p %s with users as clusters (Welch's test, ratings taken as "
		    "independent: p %s): %s.  Within the %.0f users who rated on both, their own "
		    "weekend mean minus their own weekday mean averages %+.3f (95%% interval %+.3f to "
		    "%+.3f, p %s)",
		    clock + 1, key_num(s, s->summary, "weekend_mean"),
		    key_num(s, s->summary, "weekend_ratings"),
		    key_num(s, s->summary, "weekend_users"), key_num(s, s->summary, "weekday_mean"),
		    key_num(s, s->summary, "weekday_ratings"),
		    key_num(s, s->summary, "weekday_users"), d, key_num(s, s->summary, "t"),
		    p_text(pb, p), p_text(wb, key_num(s, s->summary, "welch_p")), verdict,
		    key_num(s, s->summary, "within_users"), key_num(s, s->summary, "within_mean"),
		    key_num(s, s->summary, "within_ci_lo"), key_num(s, s->summary, "within_ci_hi"),
		    p_text(ib, key_num(s, s->summary, "within_p"))));
	free(clock);
}

static void cold_start(struct ctx *s, const char *data, const struct table *cat)
{
	double k = key_num(s, cat, "cold_start_users"), n = key_num(s, cat, "users");
	add(s, "cold_start", xasprintf("data=%s", data), "-", k / n, n, key_num(s, cat, "ratings"),
	    NAN,
	    xasprintf("%.0f of %.0f users (%.1f%%) are cold-start (fewer than %.0f ratings) in the "
		      "%s data",
		      k, n, 100 * k / n, key_num(s, cat, "light_min"), data));
}

/* The segment's other s->genres it leans to at least as much (lift), for
 * "no more than towards X or Y"; at most three, by name order. */
static char *as_much(struct ctx *s, size_t row)
{
	char *list = xstrdup("");
	int n = 0;
	for (size_t i = 0; i < s->genres->nrows && n < 3; i++) {
		if (i == row || strcmp(gs(s, i, DIM), gs(s, row, DIM)) != 0 ||
		    strcmp(gs(s, i, SEG), gs(s, row, SEG)) != 0 ||
		    strcmp(gs(s, i, GENRE), "unknown") == 0 || !(g(s, i, LIFT) >= g(s, row, LIFT)))
			continue;
		char *more = xasprintf("%s%s%s", list, n ? " or " : "", gs(s, i, GENRE));
		free(list);
		list = more;
		n++;
	}
	return list;
}

static void claim_genre(struct ctx *s, const char *claim, const char *occ, const char *plural,
			const char *genre)
{
	long row = find_genre_row(s, "occupation", occ, genre);
	if (row < 0) {
		add_claim(s, claim, "not supported", NAN, NAN, NAN, NAN,
			  xstrdup("the preference rule"), xstrdup("no data"),
			  xasprintf("The data has no occupation %s or no genre %s.", occ, genre));
		return;
	}
	size_t i = (size_t)row;
	char b[4][FMT_SIZE + 2];
	int ok = g(s, i, PREFERS) == 1,
	    against = g(s, i, DIFF) < 0 && g(s, i, P_HOLM) < ANALYTICS_ALPHA;
	char *test = xasprintf(
		"the preference rule: %s's share of the %s' ratings against its share of the other "
		"users' ratings, users as clusters; lift >= %.1f, >= %.0f point, Holm-adjusted p < "
		"%.2g over %.0f tests, >= %.0f users",
		genre, plural, ANALYTICS_LIFT_MIN, 100 * ANALYTICS_POINTS_MIN, ANALYTICS_ALPHA,
		s->ntests, s->min_users);
	char *number = rate_sentence(s, i), *plain, *others = as_much(s, i);
	if (ok)
		plain = xasprintf("%c%s do rate %s films more often than other users.",
				  plural[0] - 32, plural + 1, genre);
	else if (against)
		plain = xasprintf("%c%s rate %s films less often than other users.", plural[0] - 32,
				  plural + 1, genre);
	else if (!large_enough(s, i))
		plain = xasprintf(
			"%c%s rate %s films only a little more often than other users "
			"(%s points), too little to call a taste; their mean %s rating is "
			"%.2f against %.2f for all users.",
			plural[0] - 32, plural + 1, genre, fmt_points(b[0], g(s, i, DIFF)), genre,
			g(s, i, MEAN), g(s, i, ALL_MEAN));
	else if (g(s, i, USERS) < s->min_users)
		plain = xasprintf("With %.0f %s there are too few to tell.", g(s, i, USERS),
				  plural);
	else
		plain = xasprintf(
			"%c%s do lean towards %s (p %s alone), but among %.0f tests a lean that size "
			"is not established%s%s.",
			plural[0] - 32, plural + 1, genre, p_text(b[1], g(s, i, P)), s->ntests,
			*others ? ", and it is no larger than towards " : "", others);
	free(others);
	add_claim(s, claim,
		  ok        ? "supported"
		  : against ? "contradicted"
			    : "not supported",
		  g(s, i, LIFT), g(s, i, USERS), g(s, i, RATINGS), g(s, i, P_HOLM), test, number,
		  plain);
}

static void claim_peak(struct ctx *s)
{
	double peak = key_num(s, s->summary, "peak_hour"),
	       n = key_num(s, s->summary, "peak_ratings"),
	       total = key_num(s, s->summary, "ratings"), h20 = hour_ratings(s, s->hours, 20);
	char b[4][FMT_SIZE + 2], *clock = clock_text(s, s->summary), *utc = xstrdup("");
	if (s->utc_summary) {
		double un = key_num(s, s->utc_summary, "peak_ratings"),
		       ut = key_num(s, s->utc_summary, "ratings");
		free(utc);
		utc = xasprintf(
			"; in UTC the peak is %02.0f:00-%02.0f:59 (%.0f, %s) and 20:00-20:59 has "
			"%.0f (%s)",
			key_num(s, s->utc_summary, "peak_hour"),
			key_num(s, s->utc_summary, "peak_hour"), un, fmt_pct(b[2], un / ut),
			hour_ratings(s, s->utc_hours, 20),
			fmt_pct(b[3], hour_ratings(s, s->utc_hours, 20) / ut));
	}
	int ok = h20 == n;
	char *number =
		xasprintf("%s the most ratings fall at %02.0f:00-%02.0f:59 (%.0f of %.0f, %s); "
			  "20:00-20:59 has %.0f (%s)%s",
			  clock, peak, peak, n, total, fmt_pct(b[0], n / total), h20,
			  fmt_pct(b[1], h20 / total), utc);
	int local = strcmp(key_text(s, s->summary, "mode"), "local") == 0;
	char *own = local ? xstrdup("in their own time")
			  : xasprintf("in %s", key_text(s, s->summary, "zone"));
	char *plain =
		ok ? xasprintf("Users rate most between 20:00 and 21:00 %s.", own)
		   : xasprintf("Users rate most at %02.0f:00 %s, not at 8 PM: 20:00-20:59 has "
			       "%.0f%% fewer ratings than that hour.",
			       peak, own, 100 * (1 - h20 / n));
	free(own);
	add_claim(s, "peak activity at 8 PM", ok ? "supported" : "contradicted", peak,
		  key_num(s, s->summary, "users"), total, NAN,
		  xasprintf("the hour of the day with the most ratings %s (a tie counts)", clock),
		  number, plain);
	free(clock);
	free(utc);
}

/* The pooled test and the within-user one must agree for a verdict
 * either way. */
static void claim_weekend(struct ctx *s)
{
	double d = key_num(s, s->summary, "difference"), p = key_num(s, s->summary, "p"),
	       wd = key_num(s, s->summary, "within_mean"), wp = key_num(s, s->summary, "within_p");
	int up = d > 0 && p < ANALYTICS_ALPHA && wd > 0 && wp < ANALYTICS_ALPHA;
	int down = (d < 0 && p < ANALYTICS_ALPHA) || (wd < 0 && wp < ANALYTICS_ALPHA);
	char b[6][FMT_SIZE + 2], *clock = clock_text(s, s->summary), *utc = xstrdup("");
	if (s->utc_summary) {
		free(utc);
		utc = xasprintf("; in UTC pooled %+.3f (p %s), within users %+.3f (p %s)",
				key_num(s, s->utc_summary, "difference"),
				p_text(b[2], key_num(s, s->utc_summary, "p")),
				key_num(s, s->utc_summary, "within_mean"),
				p_text(b[3], key_num(s, s->utc_summary, "within_p")));
	}
	char *number = xasprintf(
		"%s: weekend mean %.3f against weekday mean %.3f, %+.3f (p %s, users as clusters); "
		"within %.0f users who rated on both, own weekend minus own weekday mean %+.3f (95%% "
		"interval %+.3f to %+.3f, p %s)%s",
		clock, key_num(s, s->summary, "weekend_mean"),
		key_num(s, s->summary, "weekday_mean"), d, p_text(b[0], p),
		key_num(s, s->summary, "within_users"), wd, key_num(s, s->summary, "within_ci_lo"),
		key_num(s, s->summary, "within_ci_hi"), p_text(b[1], wp), utc);
	char *plain =
		up     ? xasprintf("Ratings are higher at weekends, and the same users rate "
				       "higher then.")
		: down ? xasprintf("Weekend ratings are lower, not higher.")
		       : xasprintf("Weekend ratings are no higher: the pooled means differ by "
				   "%.2f and the users who rate on both days rate weekends %s by "
				   "%.2f, neither difference significant at %.2g.",
				   fabs(d), wd < 0 ? "lower" : "higher", fabs(wd), ANALYTICS_ALPHA);
	add_claim(
		s, "weekend ratings are higher",
		up     ? "supported"
		: down ? "contradicted"
		       : "not supported",
		d, key_num(s, s->summary, "users"), key_num(s, s->summary, "ratings"), p,
		xasprintf("mean rating on Saturday and Sunday against Monday to Friday %s: pooled "
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
static void claim_cold_start(struct ctx *s)
{
	double k = key_num(s, s->catalog, "cold_start_users"), n = key_num(s, s->catalog, "users");
	if (s->failed)
		return;
	double p = stats_binomial_test((uint64_t)k, (uint64_t)n, 0.15);
	int ok = p >= ANALYTICS_ALPHA;
	char b[4][FMT_SIZE + 2], *train = xstrdup(""), *plain;
	double tk = NAN, tn = NAN, tp = NAN;
	if (s->train_catalog) {
		tk = key_num(s, s->train_catalog, "cold_start_users");
		tn = key_num(s, s->train_catalog, "users");
		if (s->failed) {
			free(train);
			return;
		}
		tp = stats_binomial_test((uint64_t)tk, (uint64_t)tn, 0.15);
		free(train);
		train = xasprintf("; on the training split %.0f of %.0f (%s), p %s", tk, tn,
				  fmt_pct(b[2], tk / tn), p_text(b[3], tp));
	}
	char *number = xasprintf("%.0f of %.0f users (%s) have fewer than %.0f ratings in the full "
				 "data, p %s against 15%%%s",
				 k, n, fmt_pct(b[0], k / n), s->light_min, p_text(b[1], p), train);
	if (ok)
		plain = xasprintf("The share of cold-start users is consistent with 15%%.");
	else if (k == 0)
		plain = xasprintf(
			"No user is cold-start in the full data: MovieLens kept only users with at least "
			"20 ratings.%s",
			s->train_catalog && tp >= ANALYTICS_ALPHA
				? "  A training split is another matter: holding out a fifth of each user's "
				  "ratings leaves some below 20, and its share is consistent with 15%, which "
				  "is likely where the figure came from."
				: "");
	else
		plain = xasprintf("The share of cold-start users is %s, not 15%%.",
				  fmt_pct(b[0], k / n));
	add_claim(
		s, "15% of users are cold-start, 85% are active", ok ? "supported" : "contradicted",
		k / n, n, key_num(s, s->catalog, "ratings"), p,
		xasprintf(
			"the share of users with fewer than %.0f ratings in the full data, exact "
			"binomial test against 15%% (consistent when p >= %.2g); \"85%% active\" is "
			"the same claim",
			s->light_min, ANALYTICS_ALPHA),
		number, plain);
	free(train);
}

static int write_tsv(struct ctx *s)
{
	struct out *o = analytics_open(s->outdir, "insights.tsv");
	if (!o)
		return -1;
	out_puts(o, "kind\tsubject\tverdict\tvalue\tusers\tratings\tp\tsentence\n");
	for (size_t i = 0; i < s->nrows; i++) {
		struct insight *r = &s->rows[i];
		out_printf(o, "%s\t%s\t%s", r->kind, r->subject, r->verdict);
		out_field_f64(o, r->value);
		out_field_f64(o, r->users);
		out_field_f64(o, r->ratings);
		out_field_f64(o, r->p);
		out_printf(o, "\t%s\n", r->sentence);
	}
	return out_close(o);
}

static void section(struct ctx *s, struct out *o, const char *kind, const char *title,
		    const char *none)
{
	int any = 0;
	out_printf(o, "\n## %s\n\n", title);
	for (size_t i = 0; i < s->nrows; i++)
		if (strcmp(s->rows[i].kind, kind) == 0) {
			out_printf(o, "- %s\n", s->rows[i].sentence);
			any = 1;
		}
	if (!any && none)
		out_printf(o, "- %s\n", none);
}

static int write_md(struct ctx *s)
{
	struct out *o = analytics_open(s->outdir, "insights.md");
	if (!o)
		return -1;
	out_printf(
		o,
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
		ANALYTICS_LIFT_MIN, 100 * ANALYTICS_POINTS_MIN, ANALYTICS_ALPHA, s->min_users,
		s->ntests, s->excluded, s->min_users, s->no_genre);
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].plain)
			out_printf(o, "| %s | %s | %s | **%s** | %s |\n", s->rows[i].subject,
				   s->rows[i].test, s->rows[i].number, s->rows[i].verdict,
				   s->rows[i].plain);
	section(s, o, "preference", "Genre preferences", "No segment prefers a genre by the rule.");
	section(s, o, "occupation", "Occupations", NULL);
	section(s, o, "peak_hour", "When ratings are made", NULL);
	section(s, o, "weekend", "Weekends", NULL);
	section(s, o, "cold_start", "Cold start", NULL);
	return out_close(o);
}

static void free_rows(struct ctx *s)
{
	for (size_t i = 0; i < s->nrows; i++) {
		free(s->rows[i].subject);
		free(s->rows[i].sentence);
		free(s->rows[i].test);
		free(s->rows[i].number);
		free(s->rows[i].plain);
	}
	free(s->rows);
}

int insights_write(const struct insights_tables *t, const char *outdir)
{
	struct ctx c = {.genres = t->genres,
			.segments = t->segments,
			.catalog = t->catalog,
			.train_catalog = t->train_catalog,
			.summary = t->summary,
			.hours = t->hours,
			.utc_summary = t->utc_summary,
			.utc_hours = t->utc_hours,
			.outdir = outdir};
	struct ctx *s = &c;
	for (int k = 0; k < NCOLS; k++)
		s->col[k] = col(s, s->genres, col_names[k]);
	s->min_users = key_num(s, s->catalog, "min_users");
	s->light_min = key_num(s, s->catalog, "light_min");
	s->active_min = key_num(s, s->catalog, "active_min");
	s->power_min = key_num(s, s->catalog, "power_min");
	s->ntests = key_num(s, s->catalog, "tests");
	if (!s->failed) {
		claim_genre(s, "engineers prefer sci-fi", "engineer", "engineers", "Sci-Fi");
		claim_genre(s, "students love comedies", "student", "students", "Comedy");
		claim_peak(s);
		claim_weekend(s);
		claim_cold_start(s);
		preferences(s);
		occupations(s);
		when(s);
		cold_start(s, "full", s->catalog);
		if (s->train_catalog)
			cold_start(s, "training", s->train_catalog);
		s->excluded = key_num(s, s->catalog, "tests_excluded");
		s->no_genre = key_text(s, s->catalog, "no_genre");
	}
	int rc = s->failed || out_mkdir(outdir) < 0 || write_tsv(s) < 0 || write_md(s) < 0 ? -1 : 0;
	free_rows(s);
	return rc;
}
