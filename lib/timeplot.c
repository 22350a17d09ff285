/*
 * timeplot: when ratings are made, the tables behind reel-timeplot
 * (lib/timeplot.h).
 */
#include "timeplot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analytics.h"
#include "err.h"
#include "out.h"
#include "stats.h"
#include "tz.h"

/* A century of daily rows is plenty (lib/timeplot.h). */
#define MAX_DAYS TIMEPLOT_MAX_DAYS

static const char *const day_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* The bins every rating falls in, one of each family, as one flat array:
 * hours, then weekdays, then months, then days. */
enum { HOURS = 0, WEEKDAYS = 24, MONTHS = 31 };
struct bin {
	uint64_t n;
	double sum, sumsq;
	struct stats_cluster_sums cl; /* y: a user's sum of ratings in the bin */
};

/* One run: the bins and the spans they cover, and the figures of the
 * summary beyond them. */
struct ctx {
	const char *zone, *outdir;
	int by_user_zone;                     /* zones from users' ZIP codes */
	uint64_t local_users, fallback_users; /* then: users in a ZIP zone, or not */
	double *within;                       /* per user rating on both: weekend - weekday mean */
	uint64_t nwithin;
	struct bin *bins;
	int64_t first_day, first_month, nmonths, ndays;
	uint64_t days_base;
};

/* Per rating: its local hour, ISO weekday (0 Monday), month and day
 * numbers (months since year 0, days since 1970-01-01). */
struct when {
	int hour, wday;
	int64_t month, day;
};

/* The zone of each rating: -1 for the zone, else an index of zz's
 * zones; NULL after a message. */
static int *rating_zones(struct ctx *s, const struct ratings *r, const struct users *us,
			 const struct zipzone *zz)
{
	int *of = xmallocarray(r->n ? r->n : 1, sizeof *of);
	for (uint64_t t = 0; t < r->n; t++)
		of[t] = -1;
	if (!zz)
		return of;
	int *uz = zipzone_of_users(zz, us, r);
	if (!uz) {
		free(of);
		return NULL;
	}
	for (uint32_t u = 0; u < r->users->n; u++)
		uz[u] >= 0 ? s->local_users++ : s->fallback_users++;
	for (uint64_t t = 0; t < r->n; t++)
		of[t] = uz[r->user[t]];
	free(uz);
	return of;
}

static int local_time(const struct ratings *r, uint64_t t, struct when *wt)
{
	struct tm tm;
	if (tz_local(r->ts[t], &tm) < 0)
		return error("%s:%llu: timestamp %lld is out of range", r->name,
			     (unsigned long long)t + 1, (long long)r->ts[t]);
	wt->hour = tm.tm_hour;
	wt->wday = (tm.tm_wday + 6) % 7;
	wt->month = ((int64_t)tm.tm_year + 1900) * 12 + tm.tm_mon;
	wt->day = tz_days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

/* Local times, one zone at a time (tz_set re-reads a zone's file); NULL
 * after a message. */
static struct when *local_times(struct ctx *s, const struct ratings *r, const struct users *us,
				const struct zipzone *zz)
{
	int *of = rating_zones(s, r, us, zz);
	if (!of)
		return NULL;
	struct when *w = xmallocarray(r->n, sizeof *w);
	int rc = 0;
	for (int k = -1; k < (zz ? zz->nzones : 0) && rc == 0; k++) {
		rc = tz_set(k < 0 ? s->zone : zz->zones[k]);
		for (uint64_t t = 0; t < r->n && rc == 0; t++)
			if (of[t] == k)
				rc = local_time(r, t, &w[t]);
	}
	free(of);
	if (rc < 0) {
		free(w);
		return NULL;
	}
	return w;
}

/* The span of days and months, and room for every bin; -1 after a
 * message. */
static int size_bins(struct ctx *s, const struct ratings *r, const struct when *w)
{
	int64_t last_day = w[0].day, last_month = w[0].month;
	s->first_day = w[0].day;
	s->first_month = w[0].month;
	for (uint64_t t = 1; t < r->n; t++) {
		s->first_day = w[t].day < s->first_day ? w[t].day : s->first_day;
		last_day = w[t].day > last_day ? w[t].day : last_day;
		s->first_month = w[t].month < s->first_month ? w[t].month : s->first_month;
		last_month = w[t].month > last_month ? w[t].month : last_month;
	}
	s->ndays = last_day - s->first_day + 1;
	if (s->ndays > MAX_DAYS)
		return error("%s: the ratings span %lld days, more than %d (100 years)", r->name,
			     (long long)s->ndays, MAX_DAYS);
	s->nmonths = last_month - s->first_month + 1;
	s->days_base = (uint64_t)(MONTHS + s->nmonths);
	s->bins = xcalloc(s->days_base + (uint64_t)s->ndays, sizeof *s->bins);
	return 0;
}

/* One pass over the ratings grouped by user: rating-level sums per bin,
 * then each user's totals per bin into the cluster sums, and the user's
 * weekday and weekend totals into the comparison. */
static void accumulate(struct ctx *s, const struct ratings *r, const struct when *w,
		       struct stats_cluster_sums *weekend, struct stats_cluster_sums *weekday,
		       struct stats_cluster_cross *cross)
{
	uint64_t nbins = s->days_base + (uint64_t)s->ndays,
		 *start = xcalloc(r->users->n + 1, sizeof *start);
	uint64_t *by_user = xmallocarray(r->n, sizeof *by_user),
		 *touched = xmallocarray(nbins, sizeof *touched);
	uint64_t *un = xcalloc(nbins, sizeof *un);
	double *usum = xcalloc(nbins, sizeof *usum);
	s->within = xmallocarray(r->users->n ? r->users->n : 1, sizeof *s->within);
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
					  MONTHS + (uint64_t)(w[q].month - s->first_month),
					  s->days_base + (uint64_t)(w[q].day - s->first_day)};
			for (int f = 0; f < 4; f++) {
				struct bin *b = &s->bins[b4[f]];
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
		stats_cluster_add(weekend, y1, n1);
		stats_cluster_add(weekday, y0, n0);
		if (n1 > 0 && n0 > 0)
			s->within[s->nwithin++] = y1 / n1 - y0 / n0;
		stats_cluster_cross_add(cross, y1, n1, y0, n0);
		for (uint64_t i = 0; i < ntouched; i++) {
			stats_cluster_add(&s->bins[touched[i]].cl, usum[touched[i]],
					  (double)un[touched[i]]);
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
	struct stats_cluster_mean cm = stats_cluster_mean(&b->cl, 0.05);
	out_printf(o, "\t%llu", (unsigned long long)b->n);
	if (total)
		out_field_f64(o, (double)b->n / (double)total);
	out_printf(o, "\t%.0f", b->cl.users);
	out_field_f64(o, s.mean);
	out_field_f64(o, s.sd);
	out_field_f64(o, cm.ci_lo);
	out_field_f64(o, cm.ci_hi);
	out_putc(o, '\n');
}

/* Each table complete or absent; -1 after a message. */
static int write_tables(struct ctx *s, uint64_t total)
{
	struct out *o = analytics_open(s->outdir, "hours.tsv");
	if (!o)
		return -1;
	out_puts(o, "hour\tratings\tshare\tusers\tmean\tsd\tci_lo\tci_hi\n");
	for (int h = 0; h < 24; h++) {
		out_printf(o, "%d", h);
		put_bin(o, &s->bins[HOURS + h], total);
	}
	if (out_close(o) < 0 || !(o = analytics_open(s->outdir, "weekdays.tsv")))
		return -1;
	out_puts(o, "day\tname\tratings\tshare\tusers\tmean\tsd\tci_lo\tci_hi\n");
	for (int d = 0; d < 7; d++) {
		out_printf(o, "%d\t%s", d + 1, day_names[d]);
		put_bin(o, &s->bins[WEEKDAYS + d], total);
	}
	if (out_close(o) < 0 || !(o = analytics_open(s->outdir, "months.tsv")))
		return -1;
	out_puts(o, "month\tratings\tshare\tusers\tmean\tsd\tci_lo\tci_hi\n");
	for (int64_t m = 0; m < s->nmonths; m++) {
		int64_t ym = s->first_month + m;
		out_printf(o, "%04lld-%02d", (long long)(ym / 12), (int)(ym % 12) + 1);
		put_bin(o, &s->bins[MONTHS + m], total);
	}
	if (out_close(o) < 0 || !(o = analytics_open(s->outdir, "days.tsv")))
		return -1;
	out_puts(o, "date\tweekday\tratings\tusers\tmean\n");
	for (int64_t d = 0; d < s->ndays; d++) {
		const struct bin *b = &s->bins[s->days_base + (uint64_t)d];
		int64_t y;
		int mon, mday;
		tz_civil_from_days(s->first_day + d, &y, &mon, &mday);
		out_printf(o, "%04lld-%02d-%02d\t%s\t%llu\t%.0f", (long long)y, mon, mday,
			   day_names[((s->first_day + d) % 7 + 7 + 3) % 7],
			   (unsigned long long)b->n, b->cl.users);
		out_field_f64(o, b->n ? b->sum / (double)b->n : NAN);
		out_putc(o, '\n');
	}
	return out_close(o);
}

static void put_key(struct out *o, const char *key, double v)
{
	out_puts(o, key);
	out_field_f64(o, v);
	out_putc(o, '\n');
}

static void put_group(struct ctx *s, struct out *o, const char *name, int first, int last,
		      const struct stats_cluster_sums *cl)
{
	struct bin b = {0, 0, 0, {0, 0, 0, 0, 0, 0}};
	for (int d = first; d <= last; d++) {
		b.n += s->bins[WEEKDAYS + d].n;
		b.sum += s->bins[WEEKDAYS + d].sum;
		b.sumsq += s->bins[WEEKDAYS + d].sumsq;
	}
	struct stats_cluster_mean cm = stats_cluster_mean(cl, 0.05);
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

static int local_text(char *buf, size_t size, int64_t ts)
{
	struct tm tm;
	if (tz_local(ts, &tm) < 0 || !strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm))
		return error("timestamp %lld is out of range", (long long)ts);
	return 0;
}

static int write_summary(struct ctx *s, const struct ratings *r,
			 const struct stats_cluster_sums *weekend,
			 const struct stats_cluster_sums *weekday,
			 const struct stats_cluster_cross *cross)
{
	int64_t lo = r->ts[0], hi = r->ts[0];
	for (uint64_t t = 1; t < r->n; t++) {
		lo = r->ts[t] < lo ? r->ts[t] : lo;
		hi = r->ts[t] > hi ? r->ts[t] : hi;
	}
	int peak = 0;
	for (int h = 1; h < 24; h++)
		peak = s->bins[HOURS + h].n > s->bins[HOURS + peak].n ? h : peak;
	char first[64], last[64];
	struct out *o = analytics_open(s->outdir, "summary.tsv");
	if (!o)
		return -1;
	if (s->by_user_zone)
		tz_set("UTC"); /* first and last: UTC when zones differ by user */
	if (local_text(first, sizeof first, lo) < 0 || local_text(last, sizeof last, hi) < 0) {
		out_abort(o);
		return -1;
	}
	out_printf(o, "key\tvalue\nmode\t%s\n", s->by_user_zone ? "local" : "zone");
	if (s->by_user_zone)
		out_printf(o, "zip_users\t%llu\nfallback_users\t%llu\n",
			   (unsigned long long)s->local_users,
			   (unsigned long long)s->fallback_users);
	out_printf(o,
		   "zone\t%s\nratings\t%llu\nusers\t%u\nfirst\t%s\nlast\t%s\n"
		   "days\t%lld\npeak_hour\t%d\npeak_ratings\t%llu\npeak_hours\t",
		   s->zone, (unsigned long long)r->n, r->users->n, first, last, (long long)s->ndays,
		   peak, (unsigned long long)s->bins[HOURS + peak].n);
	for (int h = peak, sep = 0; h < 24; h++)
		if (s->bins[HOURS + h].n == s->bins[HOURS + peak].n)
			out_printf(o, sep++ ? ",%d" : "%d", h);
	out_putc(o, '\n');
	put_group(s, o, "weekday", 0, 4, weekday);
	put_group(s, o, "weekend", 5, 6, weekend);
	double diff, t, df, p = stats_cluster_diff_test(weekend, weekday, cross, &diff, &t, &df);
	out_printf(o, "users_both\t%.0f\n", weekend->users + weekday->users - cross->users);
	put_key(o, "difference", diff);
	put_key(o, "t", t);
	put_key(o, "df", df);
	put_key(o, "p", p);
	/* Welch's test treats the ratings as independent: for comparison only */
	double n[2] = {0, 0}, sum[2] = {0, 0}, sumsq[2] = {0, 0};
	for (int d = 0; d < 7; d++) {
		n[d >= 5] += (double)s->bins[WEEKDAYS + d].n;
		sum[d >= 5] += s->bins[WEEKDAYS + d].sum;
		sumsq[d >= 5] += s->bins[WEEKDAYS + d].sumsq;
	}
	struct stats_summary a = stats_from_sums((uint64_t)n[1], sum[1], sumsq[1], 0.05),
			     b = stats_from_sums((uint64_t)n[0], sum[0], sumsq[0], 0.05);
	p = stats_welch(&a, &b, &t, &df);
	put_key(o, "welch_t", t);
	put_key(o, "welch_df", df);
	put_key(o, "welch_p", p);
	/* within users: the mean of each user's own weekend - weekday mean */
	struct stats_summary w = stats_summarize(s->within, s->nwithin, 0.05);
	p = stats_paired_t(s->within, s->nwithin, &t);
	out_printf(o, "within_users\t%llu\n", (unsigned long long)s->nwithin);
	put_key(o, "within_mean", w.mean);
	put_key(o, "within_ci_lo", w.ci_lo);
	put_key(o, "within_ci_hi", w.ci_hi);
	put_key(o, "within_t", t);
	put_key(o, "within_p", p);
	return out_close(o);
}

int timeplot_write(const struct ratings *r, const char *zone, const struct users *us,
		   const struct zipzone *zz, const char *outdir)
{
	struct ctx c = {.zone = zone, .outdir = outdir, .by_user_zone = zz != NULL};
	struct ctx *s = &c;
	struct when *w = local_times(s, r, us, zz);
	int rc = -1;
	if (w && size_bins(s, r, w) == 0) {
		struct stats_cluster_sums weekend = {0, 0, 0, 0, 0, 0}, weekday = weekend;
		struct stats_cluster_cross cross = {0, 0, 0, 0, 0};
		accumulate(s, r, w, &weekend, &weekday, &cross);
		rc = out_mkdir(outdir) < 0 || write_tables(s, r->n) < 0 ||
				     write_summary(s, r, &weekend, &weekday, &cross) < 0
			     ? -1
			     : 0;
	}
	free(w);
	free(s->bins);
	free(s->within);
	return rc;
}
