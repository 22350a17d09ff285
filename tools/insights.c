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
#include "table.h"

static const char *train_dir, *outdir;
static struct table *genres, *segments, *catalog, *train_catalog, *summary, *hours;
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
	char *detail; /* claims: the sentence after "CLAIM: VERDICT: " */
};
static struct insight *rows;
static size_t nrows;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-insights [--train TRAINSEGDIR] -o OUTDIR SEGDIR TIMEDIR\n"
		"Write the insight sentences and the claims check from reel-segment's tables\n"
		"(SEGDIR) and reel-timeplot's (TIMEDIR) into OUTDIR.\n"
		"  --train DIR  reel-segment's tables of the training split (cold-start count)\n"
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
	    (struct insight){kind, verdict, subject, sentence, value, users, ratings, p, NULL};
	return &rows[nrows++];
}

/* A claim's row: its sentence is "\"CLAIM\": VERDICT: DETAIL". */
static void add_claim(const char *claim, int ok, double value, double users, double ratings,
		      double p, char *detail)
{
	const char *verdict = ok ? "supported" : "not supported";
	add("claim", xstrdup(claim), verdict, value, users, ratings, p,
	    xprintf("\"%s\": %s: %s", claim, verdict, detail))
	    ->detail = detail;
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

/* A p-value as text (lib/fmt.h). */
static const char *p_text(char *buf, double p)
{
	return fmt_p(buf, p);
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
	char b[8][FMT_SIZE];
	int activity = strcmp(gs(row, DIM), "activity") == 0;
	return xprintf(
	    "%s films are %s of their ratings against %s of the other users' ratings (%s "
	    "points, 95%% interval %s to %s; lift %.2f against the genre's %s of all ratings); "
	    "%.0f users, "
	    "%.0f ratings; p = %s with users as clusters, Holm-adjusted p = %s%s",
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
	char pb[FMT_SIZE], db[FMT_SIZE];
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
			    "Holm-adjusted p = %s, not below %.2g; %.0f users, %.0f ratings)",
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

static double hour_ratings(int hour)
{
	int h = table_col(hours, "hour"), n = table_col(hours, "ratings");
	if (h < 0 || n < 0)
		exit(EXIT_DATA);
	for (size_t i = 0; i < hours->nrows; i++)
		if (num(hours, i, h) == hour)
			return num(hours, i, n);
	die("%s: no row for hour %d", hours->name, hour);
}

static void when(void)
{
	const char *zone = key_text(summary, "zone"), *tied = key_text(summary, "peak_hours");
	double peak = key_num(summary, "peak_hour"), n = key_num(summary, "peak_ratings"),
	       total = key_num(summary, "ratings"), users = key_num(summary, "users");
	char *ties = strchr(tied, ',') ? xprintf(" (tied hours: %s; the earliest is named)", tied)
				       : xstrdup("");
	add("peak_hour", xprintf("zone=%s", zone), "-", peak, users, total, NAN,
	    xprintf("In %s, ratings peak at %02.0f:00-%02.0f:59: %.0f of %.0f ratings (%.1f%%)%s",
		    zone, peak, peak, n, total, 100 * n / total, ties));
	free(ties);
	double d = key_num(summary, "difference"), p = key_num(summary, "p");
	const char *verdict = !(p < ANALYTICS_ALPHA) ? "no significant difference"
			      : d > 0		     ? "higher"
						     : "lower";
	char pb[32], wb[32];
	add("weekend", xprintf("zone=%s", zone), verdict, d, users, total, p,
	    xprintf(
		"Weekend ratings (Saturday and Sunday in %s) average %.3f (%.0f ratings by "
		"%.0f users) against %.3f on weekdays (%.0f ratings by %.0f users): difference "
		"%+.3f, t = %.2f, p = %s with users as clusters (Welch's test, ratings taken as "
		"independent: p = %s): %s",
		zone, key_num(summary, "weekend_mean"), key_num(summary, "weekend_ratings"),
		key_num(summary, "weekend_users"), key_num(summary, "weekday_mean"),
		key_num(summary, "weekday_ratings"), key_num(summary, "weekday_users"), d,
		key_num(summary, "t"), p_text(pb, p), p_text(wb, key_num(summary, "welch_p")),
		verdict));
}

static void cold_start(const char *data, const struct table *cat)
{
	double k = key_num(cat, "cold_start_users"), n = key_num(cat, "users");
	add("cold_start", xprintf("data=%s", data), "-", k / n, n, key_num(cat, "ratings"), NAN,
	    xprintf("%.0f of %.0f users (%.1f%%) are cold-start (fewer than %.0f ratings) in the "
		    "%s data",
		    k, n, 100 * k / n, key_num(cat, "light_min"), data));
}

static void claim_genre(const char *claim, const char *occ, const char *genre)
{
	long row = find_genre_row("occupation", occ, genre);
	if (row < 0) {
		add_claim(claim, 0, NAN, NAN, NAN, NAN,
			  xprintf("the data has no occupation %s or no genre %s", occ, genre));
		return;
	}
	size_t i = (size_t)row;
	int ok = g(i, PREFERS) == 1;
	char pb[FMT_SIZE], db[FMT_SIZE];
	char *why =
	    ok ? xprintf("lift %.2f >= %.1f, adjusted p < %.2g, %.0f users >= %.0f", g(i, LIFT),
			 ANALYTICS_LIFT_MIN, ANALYTICS_ALPHA, g(i, USERS), min_users)
	    : g(i, LIFT) < ANALYTICS_LIFT_MIN
		? xprintf("lift %.2f is below %.1f", g(i, LIFT), ANALYTICS_LIFT_MIN)
	    : g(i, DIFF) < ANALYTICS_POINTS_MIN
		? xprintf("%s points is less than %.0f", fmt_points(db, g(i, DIFF)),
			  100 * ANALYTICS_POINTS_MIN)
	    : g(i, USERS) < min_users
		? xprintf("%.0f users, fewer than %.0f", g(i, USERS), min_users)
		: xprintf("Holm-adjusted p = %s over %.0f tests is not below %.2g",
			  p_text(pb, g(i, P_HOLM)), ntests, ANALYTICS_ALPHA);
	char *rate = rate_sentence(i), *subject = who("occupation", occ);
	add_claim(claim, ok, g(i, LIFT), g(i, USERS), g(i, RATINGS), g(i, P_HOLM),
		  xprintf("%s: %s; their mean %s rating is %.2f against %.2f for all users (%s)",
			  subject, rate, genre, g(i, MEAN), g(i, ALL_MEAN), why));
	free(subject);
	free(rate);
	free(why);
}

static void claim_peak(void)
{
	const char *zone = key_text(summary, "zone");
	double peak = key_num(summary, "peak_hour"), n = key_num(summary, "peak_ratings"),
	       total = key_num(summary, "ratings"), h20 = hour_ratings(20);
	int ok = h20 == n;
	add_claim(
	    "peak activity at 8 PM", ok, peak, key_num(summary, "users"), total, NAN,
	    xprintf("in %s the most ratings fall at %02.0f:00-%02.0f:59 (%.0f of %.0f, %.1f%%); "
		    "20:00-20:59 has %.0f (%.1f%%)",
		    zone, peak, peak, n, total, 100 * n / total, h20, 100 * h20 / total));
}

static void claim_weekend(void)
{
	double d = key_num(summary, "difference"), p = key_num(summary, "p");
	int ok = d > 0 && p < ANALYTICS_ALPHA;
	char pb[32];
	add_claim(
	    "weekend ratings are higher", ok, d, key_num(summary, "users"),
	    key_num(summary, "ratings"), p,
	    xprintf("weekend mean %.3f, weekday mean %.3f (%s), difference %+.3f, p = %s with "
		    "users as clusters (needs a positive difference with p < %.2g)",
		    key_num(summary, "weekend_mean"), key_num(summary, "weekday_mean"),
		    key_text(summary, "zone"), d, p_text(pb, p), ANALYTICS_ALPHA));
}

/* The claimed 15 % against the full data's share, by the score test: the
 * claim stands when the share is consistent with 15 % (p >= alpha). */
static void claim_cold_start(void)
{
	double k = key_num(catalog, "cold_start_users"), n = key_num(catalog, "users"), z;
	double p = analytics_proportion_test((uint64_t)k, (uint64_t)n, 0.15, &z);
	int ok = p >= ANALYTICS_ALPHA;
	char pb[32], *train = train_catalog
				  ? xprintf("; on the training split %.0f of %.0f (%.1f%%)",
					    key_num(train_catalog, "cold_start_users"),
					    key_num(train_catalog, "users"),
					    100 * key_num(train_catalog, "cold_start_users") /
						key_num(train_catalog, "users"))
				  : xstrdup("");
	add_claim(
	    "15% of users are cold-start, 85% are active", ok, k / n, n,
	    key_num(catalog, "ratings"), p,
	    xprintf("%.0f of %.0f users (%.1f%%) have fewer than %.0f ratings in the full data, "
		    "so %.1f%% are not cold-start; against 15%%: z = %.1f, p = %s (supported "
		    "when p >= %.2g)%s",
		    k, n, 100 * k / n, light_min, 100 - 100 * k / n, z, p_text(pb, p),
		    ANALYTICS_ALPHA, train));
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
		   "docs/ANALYTICS.md.\n\n## Claims check\n\n| claim | verdict | the numbers |\n"
		   "|---|---|---|\n",
		   ANALYTICS_LIFT_MIN, 100 * ANALYTICS_POINTS_MIN, ANALYTICS_ALPHA, min_users, ntests,
		   key_num(catalog, "tests_excluded"), min_users, key_text(catalog, "no_genre"));
	for (size_t i = 0; i < nrows; i++)
		if (rows[i].detail)
			out_printf(o, "| %s | **%s** | %s |\n", rows[i].subject, rows[i].verdict,
				   rows[i].detail);
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
						 OPT_HELP_VERSION};
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 't':
			train_dir = optarg;
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
	for (int c = 0; c < NCOLS; c++)
		if ((col[c] = table_col(genres, col_names[c])) < 0)
			return EXIT_DATA;
	min_users = key_num(catalog, "min_users");
	light_min = key_num(catalog, "light_min");
	active_min = key_num(catalog, "active_min");
	power_min = key_num(catalog, "power_min");
	ntests = key_num(catalog, "tests");

	claim_genre("engineers prefer sci-fi", "engineer", "Sci-Fi");
	claim_genre("students love comedies", "student", "Comedy");
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
