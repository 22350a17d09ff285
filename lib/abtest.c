#include "abtest.h"
#include "err.h"
#include "fmt.h"
#include "idmap.h"
#include "rng.h"
#include "stats.h"
#include "tsv.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

void abtest_table_free(struct abtest_table *t)
{
	if (!t)
		return;
	for (int c = 0; c < t->ncols; c++)
		free(t->col[c]);
	free(t->col);
	free(t->user);
	free(t->value);
	idmap_free(t->index);
	free(t->name);
	free(t);
}

static int read_header(struct tsv *in, struct abtest_table *t)
{
	int got = tsv_next(in);
	if (got < 0)
		return -1;
	if (got == 0)
		return error("%s: empty file: expected a header line starting with 'user'",
			     t->name);
	if (strcmp(in->field[0], "user") != 0)
		return tsv_error(in, "expected a header line starting with 'user', found '%.40s'",
				 in->field[0]);
	if (in->nfields < 2)
		return tsv_error(in, "expected at least one metric column after 'user'");
	t->ncols = in->nfields;
	t->col = xcalloc((size_t)t->ncols, sizeof *t->col);
	for (int c = 0; c < t->ncols; c++) {
		t->col[c] = xstrdup(in->field[c]);
		for (int d = 0; d < c; d++)
			if (strcmp(t->col[d], t->col[c]) == 0)
				return tsv_error(in, "column '%.40s' given twice", t->col[c]);
	}
	return 0;
}

/* The values a column of reel-metrics --per-user may hold (docs/METRICS.md),
 * by its name; any finite number for a column of another name. */
static void column_range(const char *name, double *min, double *max, int *integer)
{
	static const char *shares[] = {"recall@", "precision@", "ndcg@", "map@", "mrr@", "hit@"};
	*min = -DBL_MAX;
	*max = DBL_MAX;
	*integer = 0;
	if (strcmp(name, "relevant") == 0) {
		*min = 1;
		*integer = 1;
	} else if (strncmp(name, "hits@", 5) == 0) {
		*min = 0;
		*integer = 1;
	} else if (strncmp(name, "novelty@", 8) == 0) {
		*min = 0;
	} else {
		for (size_t k = 0; k < sizeof shares / sizeof *shares; k++)
			if (strncmp(name, shares[k], strlen(shares[k])) == 0)
				*min = 0, *max = 1;
	}
}

static int read_row(struct tsv *in, struct abtest_table *t, uint32_t *cap)
{
	uint32_t user;
	if (tsv_need(in, t->ncols) < 0 || tsv_u32(in, 0, "user id", &user) < 0)
		return -1;
	if (t->n == *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		t->user = xrealloc(t->user, (size_t)*cap * sizeof *t->user);
		t->value = xrealloc(t->value, (size_t)*cap * (size_t)t->ncols * sizeof *t->value);
	}
	double *row = t->value + (size_t)t->n * (size_t)t->ncols;
	row[0] = user;
	for (int c = 1; c < t->ncols; c++) {
		double min, max;
		int integer;
		column_range(t->col[c], &min, &max, &integer);
		if (tsv_double(in, c, t->col[c], min, max, &row[c]) < 0)
			return -1;
		if (integer && row[c] != floor(row[c]))
			return tsv_error(in, "bad %s '%.40s'", t->col[c], in->field[c]);
	}
	uint32_t before = t->index->n;
	idmap_add(t->index, user);
	if (t->index->n == before)
		return tsv_error(in, "user %u given twice", user);
	t->user[t->n++] = user;
	return 0;
}

struct abtest_table *abtest_table_read(const char *path)
{
	struct tsv *in = tsv_open(path, '\t');
	if (!in)
		return NULL;
	struct abtest_table *t = xcalloc(1, sizeof *t);
	t->name = xstrdup(in->name);
	t->index = idmap_new();
	uint32_t cap = 0;
	int got = read_header(in, t);
	while (got == 0 && (got = tsv_next(in)) == 1)
		got = read_row(in, t, &cap) < 0 ? -1 : 0;
	if (got < 0 || tsv_close(in) < 0) {
		if (got < 0)
			tsv_close(in);
		abtest_table_free(t);
		return NULL;
	}
	if (t->n == 0) {
		error("%s: no users after the header", t->name);
		abtest_table_free(t);
		return NULL;
	}
	return t;
}

int abtest_table_column(const struct abtest_table *t, const char *name)
{
	for (int c = 1; c < t->ncols; c++)
		if (strcmp(t->col[c], name) == 0)
			return c;
	return error("%s: no column '%s'", t->name, name);
}

int64_t abtest_table_row(const struct abtest_table *t, uint32_t user)
{
	return idmap_get(t->index, user);
}

uint64_t abtest_fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

int abtest_arm(uint64_t salt_hash, uint32_t user, double split)
{
	uint64_t h = rng_mix64(salt_hash ^ (uint64_t)user);
	double x = (double)(h >> 11) * 0x1p-53; /* 53 bits: exact in [0, 1) */
	return x < split;
}

void abtest_bootstrap_mean(const double *x, uint64_t n, uint64_t reps, uint64_t seed, double alpha,
			   double *lo, double *hi)
{
	abtest_bootstrap_means(&x, 1, n, reps, seed, alpha, lo, hi);
}

static void boot_draw(gsl_rng *rng, uint64_t n, uint32_t *at)
{
	for (uint64_t i = 0; i < n; i++)
		at[i] = (uint32_t)rng_below(rng, n); /* n <= 2^32: rows of a table */
}

/* Each metric's mean over one resample's draws: the same chain of
 * additions, in the order of the draws, as for that metric alone. */
static void boot_sum(const double *const *x, int m, uint64_t n, const uint32_t *at, uint64_t reps,
		     uint64_t b, double *means)
{
	for (int j = 0; j < m; j++) {
		const double *xj = x[j];
		double sum = 0;
		for (uint64_t i = 0; i < n; i++)
			sum += xj[at[i]];
		means[(size_t)j * reps + b] = sum / (double)n;
	}
}

void abtest_bootstrap_means(const double *const *x, int m, uint64_t n, uint64_t reps,
			    uint64_t seed, double alpha, double *lo, double *hi)
{
	for (int j = 0; j < m; j++)
		lo[j] = hi[j] = NAN;
	if (n < 2 || reps < 2 || m < 1)
		return;
	gsl_rng *rng = rng_new(seed);
	double *means = xmallocarray((size_t)m * reps, sizeof *means);
	/* A resample's draws are made once, then summed metric by metric: a
	 * metric's sample stays in cache while it is summed.  (A second thread
	 * drawing ahead while this one sums was slower on a shared machine:
	 * its waits spin.) */
	uint32_t *at = xmallocarray(n, sizeof *at);
	for (uint64_t b = 0; b < reps; b++) {
		boot_draw(rng, n, at);
		boot_sum(x, m, n, at, reps, b, means);
	}
	for (int j = 0; j < m; j++) {
		double *mj = means + (size_t)j * reps;
		gsl_sort(mj, 1, reps);
		lo[j] = gsl_stats_quantile_from_sorted_data(mj, 1, reps, alpha / 2);
		hi[j] = gsl_stats_quantile_from_sorted_data(mj, 1, reps, 1 - alpha / 2);
	}
	free(at);
	free(means);
	gsl_rng_free(rng);
}

void abtest_binomial_region(uint64_t n, double p, double alpha, uint64_t *lo, uint64_t *hi)
{
	uint64_t k = 0;
	while (k < n && gsl_cdf_binomial_P((unsigned)k, p, (unsigned)n) <= alpha / 2)
		k++;
	*lo = k;
	while (k < n && gsl_cdf_binomial_P((unsigned)k, p, (unsigned)n) < 1 - alpha / 2)
		k++;
	*hi = k;
}

/* Everything of a paired test but the bootstrap interval. */
static void paired_stats(const double *a, const double *b, uint64_t n, double mde, double *d,
			 struct abtest_result *r)
{
	for (uint64_t i = 0; i < n; i++)
		d[i] = b[i] - a[i];
	struct stats_summary sd = stats_summarize(d, n, ABTEST_ALPHA);
	struct stats_summary sa = stats_summarize(a, n, ABTEST_ALPHA);
	r->n_a = r->n_b = n;
	r->mean_a = sa.mean;
	r->diff = sd.mean;
	r->mean_b = sa.mean + sd.mean;
	r->ci_lo = sd.ci_lo;
	r->ci_hi = sd.ci_hi;
	r->p = stats_paired_t(d, n, &r->t);
	r->df = n >= 2 ? (double)(n - 1) : NAN;
	double W;
	r->p_wilcoxon = stats_wilcoxon(d, n, &W);
	/* pairs needed for the minimum detectable effect, z^2 sd_d^2 / delta^2:
	 * stats_sample_size's two-sample formula 2 z^2 sd^2 / delta^2 with
	 * sd = sd_d / sqrt(2).  Never for the observed effect: post-hoc power
	 * says nothing the p-value does not (docs/EXPERIMENTS.md). */
	double sdp = sd.sd / sqrt(2);
	r->n_mde = stats_sample_size(mde * fabs(r->mean_a), sdp, ABTEST_ALPHA, ABTEST_POWER);
}

void abtest_paired(const double *a, const double *b, uint64_t n, double mde, uint64_t boot_reps,
		   uint64_t seed, struct abtest_result *r)
{
	abtest_paired_many(&a, &b, 1, n, mde, boot_reps, seed, r);
}

void abtest_paired_many(const double *const *a, const double *const *b, int m, uint64_t n,
			double mde, uint64_t boot_reps, uint64_t seed, struct abtest_result *r)
{
	double **d = xmallocarray((size_t)m, sizeof *d);
	double *lo = xmallocarray((size_t)m, sizeof *lo), *hi = xmallocarray((size_t)m, sizeof *hi);
	for (int j = 0; j < m; j++) {
		d[j] = xmallocarray(n ? n : 1, sizeof *d[j]);
		paired_stats(a[j], b[j], n, mde, d[j], &r[j]);
	}
	abtest_bootstrap_means((const double *const *)d, m, n, boot_reps, seed, ABTEST_ALPHA, lo, hi);
	for (int j = 0; j < m; j++) {
		r[j].boot_lo = lo[j];
		r[j].boot_hi = hi[j];
		free(d[j]);
	}
	free(d);
	free(lo);
	free(hi);
}

void abtest_split(const double *a, uint64_t n_a, const double *b, uint64_t n_b, double mde,
		  struct abtest_result *r)
{
	struct stats_summary sa = stats_summarize(a, n_a, ABTEST_ALPHA);
	struct stats_summary sb = stats_summarize(b, n_b, ABTEST_ALPHA);
	r->n_a = n_a;
	r->n_b = n_b;
	r->mean_a = sa.mean;
	r->mean_b = sb.mean;
	r->diff = sb.mean - sa.mean;
	r->boot_lo = r->boot_hi = r->p_wilcoxon = NAN;
	r->p = stats_welch(&sb, &sa, &r->t, &r->df); /* t of B - A */
	double se = sqrt(sa.sd * sa.sd / (double)n_a + sb.sd * sb.sd / (double)n_b);
	double q = isnan(r->df) ? NAN : gsl_cdf_tdist_Qinv(ABTEST_ALPHA / 2, r->df);
	r->ci_lo = r->diff - q * se;
	r->ci_hi = r->diff + q * se;
	double sd = sqrt((sa.sd * sa.sd + sb.sd * sb.sd) / 2);
	r->n_mde = stats_sample_size(mde * fabs(r->mean_a), sd, ABTEST_ALPHA, ABTEST_POWER);
}

double abtest_srm(uint64_t n_a, uint64_t n_b, double split)
{
	double total = (double)n_a + (double)n_b, chisq;
	double observed[2] = {(double)n_a, (double)n_b};
	double expected[2] = {total * (1 - split), total * split};
	return stats_chisq_gof(observed, expected, 2, &chisq);
}

char *abtest_headline(const char *a_name, const char *b_name, const char *metric,
		      const struct abtest_result *r, double p_holm, int nmetrics, int *tied)
{
	char b[7][FMT_SIZE], *s;
	*tied = !(p_holm < ABTEST_ALPHA);
	fmt_p(b[5], r->p);
	fmt_p(b[6], p_holm);
	if (asprintf(&s,
		     "%s %s on %s (%s against %s's %s)%s: difference %s, 95%% interval %s to %s, "
		     "p %s%s (paired t-test, %llu users; Holm-adjusted over %d metrics: %s)",
		     b_name, r->diff < 0 ? "trails" : "leads", metric, fmt_metric(b[0], r->mean_b), a_name, fmt_metric(b[1], r->mean_a),
		     *tied ? ", but the two are statistically tied" : "",
		     fmt_metric_diff(b[2], r->diff), fmt_metric_diff(b[3], r->ci_lo),
		     fmt_metric_diff(b[4], r->ci_hi), b[5][0] == '<' ? "" : "= ", b[5],
		     (unsigned long long)r->n_a, nmetrics, b[6]) < 0)
		die("out of memory");
	return s;
}
