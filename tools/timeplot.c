/*
 * reel-timeplot - when ratings are made: hour, weekday, month, day
 *
 * Reads RATINGS with timestamps (Unix seconds, UTC) and writes into
 * OUTDIR, created if missing, each file atomically:
 *   hours.tsv     hour of day 0..23: ratings, users, mean rating, 95 % CI
 *   weekdays.tsv  Monday..Sunday, the same columns
 *   months.tsv    every calendar month from the first rating to the last
 *   days.tsv      every calendar day: ratings, active users, mean rating
 *   summary.tsv   the zone, the span, the peak hour, weekday against weekend
 * Hours, weekdays, months and days are local to --tz ZONE (an IANA name
 * from the system's time zone database; default UTC), or with --users
 * and --zip-zones to each user's own zone, from the ZIP code (lib/zipzone.h),
 * ZONE being the fallback for a user without a usable one.  The weekend is
 * also compared within users: each user's own weekend mean minus own
 * weekday mean, over the users who rated on both.  Intervals and the
 * weekend test treat users as clusters (lib/analytics.h); columns are in
 * docs/FORMATS.md, definitions in docs/ANALYTICS.md.  The peak hour is the
 * hour with the most ratings, the earliest of tied hours; summary.tsv
 * lists every tied hour.  The charts are drawn from these files by the
 * gnuplot scripts in plots/.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <time.h>

#include "analytics.h"
#include "catalog.h"
#include "err.h"
#include "opt.h"
#include "out.h"
#include "ratings.h"
#include "stats.h"
#include "tz.h"
#include "zipzone.h"

/* The longest span of days written: a century of daily rows is plenty,
 * and a bad timestamp far in the future must not ask for a huge table. */
#define MAX_DAYS 36525

static const char *zone = "UTC", *outdir, *users_path, *zones_path;
static uint64_t local_users, fallback_users; /* --users: users in a ZIP zone, or not */
static double *within;			   /* per user rating on both: weekend - weekday mean */
static uint64_t nwithin;

static const char *const day_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* The bins every rating falls in, one of each family, as one flat array:
 * hours, then weekdays, then months, then days. */
enum { HOURS = 0, WEEKDAYS = 24, MONTHS = 31 };
struct bin {
	uint64_t n;
	double sum, sumsq;
	struct cluster_sums cl; /* y: a user's sum of ratings in the bin */
};
static struct bin *bins;
static int64_t first_day, first_month, nmonths, ndays;
static uint64_t days_base;

/* Per rating: its local hour, ISO weekday (0 Monday), month and day
 * numbers (months since year 0, days since 1970-01-01). */
struct when {
	int hour, wday;
	int64_t month, day;
};

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp, "usage: reel-timeplot [--tz ZONE] [--users USERS --zip-zones TABLE] -o OUTDIR RATINGS\n"
		    "Count and average RATINGS by local hour, weekday, month and day into OUTDIR.\n"
		    "  --tz ZONE          IANA time zone name, e.g. America/New_York (default UTC);\n"
		    "                     with --users, the zone of users without a usable ZIP\n"
		    "  --users USERS      users.tsv: each user's local time from their ZIP code\n"
		    "  --zip-zones TABLE  ZIP prefix to zone table (share/zip3-zones.tsv)\n"
		    "  -o OUTDIR          the output directory (created if missing)\n");
	exit(status);
}

/* The zone of each rating: -1 for ZONE, else an index of the table's
 * zones (with --users). */
static int *rating_zones(const struct ratings *r, struct zipzone **zz)
{
	int *of = xmallocarray(r->n ? r->n : 1, sizeof *of);
	for (uint64_t t = 0; t < r->n; t++)
		of[t] = -1;
	if (!users_path)
		return of;
	struct users *us = users_read(users_path);
	int *uz = us && (*zz = zipzone_read(zones_path)) ? zipzone_of_users(*zz, us, r) : NULL;
	if (!uz)
		exit(EXIT_DATA);
	for (uint32_t u = 0; u < r->users->n; u++)
		uz[u] >= 0 ? local_users++ : fallback_users++;
	for (uint64_t t = 0; t < r->n; t++)
		of[t] = uz[r->user[t]];
	free(uz);
	users_free(us);
	return of;
}

static void local_time(const struct ratings *r, uint64_t t, struct when *wt)
{
	struct tm tm;
	if (tz_local(r->ts[t], &tm) < 0)
		die("%s:%llu: timestamp %lld is out of range", r->name, (unsigned long long)t + 1,
		    (long long)r->ts[t]);
	wt->hour = tm.tm_hour;
	wt->wday = (tm.tm_wday + 6) % 7;
	wt->month = ((int64_t)tm.tm_year + 1900) * 12 + tm.tm_mon;
	wt->day = tz_days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Local times, one zone at a time (tz_set re-reads a zone's file). */
static struct when *local_times(const struct ratings *r)
{
	struct when *w = xmallocarray(r->n, sizeof *w);
	struct zipzone *zz = NULL;
	int *of = rating_zones(r, &zz);
	for (int k = -1; k < (zz ? zz->nzones : 0); k++) {
		if (tz_set(k < 0 ? zone : zz->zones[k]) < 0)
			exit(EXIT_DATA);
		for (uint64_t t = 0; t < r->n; t++)
			if (of[t] == k)
				local_time(r, t, &w[t]);
	}
	free(of);
	zipzone_free(zz);
	return w;
}

/* The span of days and months, and room for every bin. */
static void size_bins(const struct ratings *r, const struct when *w)
{
	int64_t last_day = w[0].day, last_month = w[0].month;
	first_day = w[0].day;
	first_month = w[0].month;
	for (uint64_t t = 1; t < r->n; t++) {
		first_day = w[t].day < first_day ? w[t].day : first_day;
		last_day = w[t].day > last_day ? w[t].day : last_day;
		first_month = w[t].month < first_month ? w[t].month : first_month;
		last_month = w[t].month > last_month ? w[t].month : last_month;
	}
	ndays = last_day - first_day + 1;
	if (ndays > MAX_DAYS)
		die("%s: the ratings span %lld days, more than %d (100 years)", r->name,
		    (long long)ndays, MAX_DAYS);
	nmonths = last_month - first_month + 1;
	days_base = (uint64_t)(MONTHS + nmonths);
	bins = xcalloc(days_base + (uint64_t)ndays, sizeof *bins);
}

/* One pass over the ratings grouped by user: rating-level sums per bin,
 * then each user's totals per bin into the cluster sums, and the user's
 * weekday and weekend totals into the comparison. */
static void accumulate(const struct ratings *r, const struct when *w, struct cluster_sums *weekend,
		       struct cluster_sums *weekday, struct cluster_cross *cross)
{
	uint64_t nbins = days_base + (uint64_t)ndays,
		 *start = xcalloc(r->users->n + 1, sizeof *start);
	uint64_t *by_user = xmallocarray(r->n, sizeof *by_user),
		 *touched = xmallocarray(nbins, sizeof *touched);
	uint64_t *un = xcalloc(nbins, sizeof *un);
	double *usum = xcalloc(nbins, sizeof *usum);
	within = xmallocarray(r->users->n ? r->users->n : 1, sizeof *within);
	for (uint64_t t = 0; t < r->n; t++)
		start[r->user[t] + 1]++;
	for (uint32_t u = 0; u < r->users->n; u++)
		start[u + 1] += start[u];
	for (uint64_t t = 0; t < r->n; t++)
		by_user[start[r->user[t]]++] = t;
	for (uint64_t k = 0, t = 0; k < r->users->n; k++) {
		uint64_t ntouched = 0;
		for (; t < start[k]; t++) {
			uint64_t q = by_user[t];
			double v = r->value[q];
			uint64_t b4[4] = {HOURS + (uint64_t)w[q].hour,
					  WEEKDAYS + (uint64_t)w[q].wday,
					  MONTHS + (uint64_t)(w[q].month - first_month),
					  days_base + (uint64_t)(w[q].day - first_day)};
			for (int f = 0; f < 4; f++) {
				struct bin *b = &bins[b4[f]];
				b->n++;
				b->sum += v;
				b->sumsq += v * v;
				if (un[b4[f]]++ == 0)
					touched[ntouched++] = b4[f];
				usum[b4[f]] += v;
			}
		}
		double n1 = (double)(un[WEEKDAYS + 5] + un[WEEKDAYS + 6]), n0 = 0, y0 = 0;
		double y1 = usum[WEEKDAYS + 5] + usum[WEEKDAYS + 6];
		for (int d = 0; d < 5; d++) {
			n0 += (double)un[WEEKDAYS + d];
			y0 += usum[WEEKDAYS + d];
		}
		cluster_add(weekend, y1, n1);
		cluster_add(weekday, y0, n0);
		if (n1 > 0 && n0 > 0)
			within[nwithin++] = y1 / n1 - y0 / n0;
		cluster_cross_add(cross, y1, n1, y0, n0);
		for (uint64_t i = 0; i < ntouched; i++) {
			cluster_add(&bins[touched[i]].cl, usum[touched[i]], (double)un[touched[i]]);
			un[touched[i]] = 0;
			usum[touched[i]] = 0;
		}
	}
	free(start);
	free(by_user);
	free(touched);
	free(un);
	free(usum);
}

/* ratings [share] users mean sd ci_lo ci_hi */
static void put_bin(struct out *o, const struct bin *b, uint64_t total)
{
	struct stats_summary s = stats_from_sums(b->n, b->sum, b->sumsq, 0.05);
	struct cluster_mean cm = cluster_mean(&b->cl, 0.05);
	out_printf(o, "\t%llu", (unsigned long long)b->n);
	if (total)
		analytics_put(o, (double)b->n / (double)total);
	out_printf(o, "\t%.0f", b->cl.users);
	analytics_put(o, s.mean);
	analytics_put(o, s.sd);
	analytics_put(o, cm.ci_lo);
	analytics_put(o, cm.ci_hi);
	out_putc(o, '\n');
}

static void write_tables(uint64_t total)
{
	struct out *o = analytics_open(outdir, "hours.tsv");
	out_puts(o, "hour\tratings\tshare\tusers\tmean\tsd\tci_lo\tci_hi\n");
	for (int h = 0; h < 24; h++) {
		out_printf(o, "%d", h);
		put_bin(o, &bins[HOURS + h], total);
	}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
	o = analytics_open(outdir, "weekdays.tsv");
	out_puts(o, "day\tname\tratings\tshare\tusers\tmean\tsd\tci_lo\tci_hi\n");
	for (int d = 0; d < 7; d++) {
		out_printf(o, "%d\t%s", d + 1, day_names[d]);
		put_bin(o, &bins[WEEKDAYS + d], total);
	}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
	o = analytics_open(outdir, "months.tsv");
	out_puts(o, "month\tratings\tshare\tusers\tmean\tsd\tci_lo\tci_hi\n");
	for (int64_t m = 0; m < nmonths; m++) {
		int64_t ym = first_month + m;
		out_printf(o, "%04lld-%02d", (long long)(ym / 12), (int)(ym % 12) + 1);
		put_bin(o, &bins[MONTHS + m], total);
	}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
	o = analytics_open(outdir, "days.tsv");
	out_puts(o, "date\tweekday\tratings\tusers\tmean\n");
	for (int64_t d = 0; d < ndays; d++) {
		const struct bin *b = &bins[days_base + (uint64_t)d];
		int64_t y;
		int mon, mday;
		tz_civil_from_days(first_day + d, &y, &mon, &mday);
		out_printf(o, "%04lld-%02d-%02d\t%s\t%llu\t%.0f", (long long)y, mon, mday,
			   day_names[((first_day + d) % 7 + 7 + 3) % 7], (unsigned long long)b->n,
			   b->cl.users);
		analytics_put(o, b->n ? b->sum / (double)b->n : NAN);
		out_putc(o, '\n');
	}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
}

static void put_key(struct out *o, const char *key, double v)
{
	out_puts(o, key);
	analytics_put(o, v);
	out_putc(o, '\n');
}

static void put_group(struct out *o, const char *name, int first, int last,
		      const struct cluster_sums *cl)
{
	struct bin b = {0, 0, 0, {0, 0, 0, 0, 0, 0}};
	for (int d = first; d <= last; d++) {
		b.n += bins[WEEKDAYS + d].n;
		b.sum += bins[WEEKDAYS + d].sum;
		b.sumsq += bins[WEEKDAYS + d].sumsq;
	}
	struct cluster_mean cm = cluster_mean(cl, 0.05);
	out_printf(o, "%s_ratings\t%llu\n%s_users\t%.0f\n", name, (unsigned long long)b.n, name,
		   cl->users);
	char key[32];
	snprintf(key, sizeof key, "%s_mean", name);
	put_key(o, key, b.n ? b.sum / (double)b.n : NAN);
	snprintf(key, sizeof key, "%s_ci_lo", name);
	put_key(o, key, cm.ci_lo);
	snprintf(key, sizeof key, "%s_ci_hi", name);
	put_key(o, key, cm.ci_hi);
}

static void local_text(char *buf, size_t size, int64_t ts)
{
	struct tm tm;
	if (tz_local(ts, &tm) < 0 || !strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm))
		exit(EXIT_DATA);
}

static void write_summary(const struct ratings *r, const struct cluster_sums *weekend,
			  const struct cluster_sums *weekday, const struct cluster_cross *cross)
{
	int64_t lo = r->ts[0], hi = r->ts[0];
	for (uint64_t t = 1; t < r->n; t++) {
		lo = r->ts[t] < lo ? r->ts[t] : lo;
		hi = r->ts[t] > hi ? r->ts[t] : hi;
	}
	int peak = 0;
	for (int h = 1; h < 24; h++)
		peak = bins[HOURS + h].n > bins[HOURS + peak].n ? h : peak;
	char first[64], last[64];
	struct out *o = analytics_open(outdir, "summary.tsv");
	if (users_path)
		tz_set("UTC"); /* first and last: UTC when zones differ by user */
	local_text(first, sizeof first, lo);
	local_text(last, sizeof last, hi);
	out_printf(o, "key\tvalue\nmode\t%s\n", users_path ? "local" : "zone");
	if (users_path)
		out_printf(o, "zip_users\t%llu\nfallback_users\t%llu\n",
			   (unsigned long long)local_users, (unsigned long long)fallback_users);
	out_printf(o,
		   "zone\t%s\nratings\t%llu\nusers\t%u\nfirst\t%s\nlast\t%s\n"
		   "days\t%lld\npeak_hour\t%d\npeak_ratings\t%llu\npeak_hours\t",
		   zone, (unsigned long long)r->n, r->users->n, first, last, (long long)ndays, peak,
		   (unsigned long long)bins[HOURS + peak].n);
	for (int h = peak, sep = 0; h < 24; h++)
		if (bins[HOURS + h].n == bins[HOURS + peak].n)
			out_printf(o, sep++ ? ",%d" : "%d", h);
	out_putc(o, '\n');
	put_group(o, "weekday", 0, 4, weekday);
	put_group(o, "weekend", 5, 6, weekend);
	double diff, t, df, p = cluster_diff_test(weekend, weekday, cross, &diff, &t, &df);
	out_printf(o, "users_both\t%.0f\n", weekend->users + weekday->users - cross->users);
	put_key(o, "difference", diff);
	put_key(o, "t", t);
	put_key(o, "df", df);
	put_key(o, "p", p);
	/* Welch's test treats the ratings as independent: for comparison only */
	double n[2] = {0, 0}, sum[2] = {0, 0}, sumsq[2] = {0, 0};
	for (int d = 0; d < 7; d++) {
		n[d >= 5] += (double)bins[WEEKDAYS + d].n;
		sum[d >= 5] += bins[WEEKDAYS + d].sum;
		sumsq[d >= 5] += bins[WEEKDAYS + d].sumsq;
	}
	struct stats_summary a = stats_from_sums((uint64_t)n[1], sum[1], sumsq[1], 0.05),
			     b = stats_from_sums((uint64_t)n[0], sum[0], sumsq[0], 0.05);
	p = stats_welch(&a, &b, &t, &df);
	put_key(o, "welch_t", t);
	put_key(o, "welch_df", df);
	put_key(o, "welch_p", p);
	/* within users: the mean of each user's own weekend - weekday mean */
	struct stats_summary w = stats_summarize(within, nwithin, 0.05);
	p = stats_paired_t(within, nwithin, &t);
	out_printf(o, "within_users\t%llu\n", (unsigned long long)nwithin);
	put_key(o, "within_mean", w.mean);
	put_key(o, "within_ci_lo", w.ci_lo);
	put_key(o, "within_ci_hi", w.ci_hi);
	put_key(o, "within_t", t);
	put_key(o, "within_p", p);
	if (out_close(o) < 0)
		exit(EXIT_DATA);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {{"tz", required_argument, NULL, 'z'},
						 {"users", required_argument, NULL, 'u'},
						 {"zip-zones", required_argument, NULL, 'Z'},
						 OPT_HELP_VERSION};
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'z':
			zone = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'u':
			users_path = optarg;
			break;
		case 'Z':
			zones_path = optarg;
			break;
		}
	}
	if (!users_path != !zones_path)
		die_usage("--users and --zip-zones go together");
	if (!outdir)
		die_usage("-o OUTDIR is required");
	if (argc - optind != 1)
		die_usage("expected one RATINGS file, got %d operands", argc - optind);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	if (tz_set(zone) < 0)
		return EXIT_DATA;
	struct ratings *r = ratings_read(argv[optind], 0);
	if (!r)
		return EXIT_DATA;
	if (!r->ts)
		die("%s: no timestamps (reel-timeplot needs a fourth field)", r->name);
	struct when *w = local_times(r);
	size_bins(r, w);
	struct cluster_sums weekend = {0, 0, 0, 0, 0, 0}, weekday = weekend;
	struct cluster_cross cross = {0, 0, 0, 0, 0};
	accumulate(r, w, &weekend, &weekday, &cross);
	analytics_mkdir(outdir);
	write_tables(r->n);
	write_summary(r, &weekend, &weekday, &cross);
	free(w);
	free(bins);
	free(within);
	ratings_free(r);
	return 0;
}
