#include "abtest.h"
#include "err.h"
#include "fmt.h"
#include "idmap.h"
#include "num.h"
#include "out.h"
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
	if (idmap_add(t->index, user) < 0)
		return tsv_error(in, "more than %u distinct users", IDMAP_MAX);
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

void abtest_bootstrap_means(const double *const *x, int m, uint64_t n, uint64_t reps, uint64_t seed,
			    double alpha, double *lo, double *hi)
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
	abtest_bootstrap_means((const double *const *)d, m, n, boot_reps, seed, ABTEST_ALPHA, lo,
			       hi);
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
		     b_name, r->diff < 0 ? "trails" : "leads", metric, fmt_metric(b[0], r->mean_b),
		     a_name, fmt_metric(b[1], r->mean_a),
		     *tied ? ", but the two are statistically tied" : "",
		     fmt_metric_diff(b[2], r->diff), fmt_metric_diff(b[3], r->ci_lo),
		     fmt_metric_diff(b[4], r->ci_hi), b[5][0] == '<' ? "" : "= ", b[5],
		     (unsigned long long)r->n_a, nmetrics, b[6]) < 0)
		die("out of memory");
	return s;
}

/* ---- the comparison behind reel-abtest -------------------------------- */

#define SRM_ALPHA 0.001

/* One output row. */
struct row {
	const char *metric;
	struct abtest_result r;
	double p_holm;
};

static double value(const struct abtest_table *t, uint64_t row, int col)
{
	return t->value[row * (uint64_t)t->ncols + (uint64_t)col];
}

/* Paired: B's row of each of A's rows; the user sets must be equal.
 * NULL after a message when they are not. */
static uint32_t *pair_rows(const struct abtest_table *a, const struct abtest_table *b)
{
	uint32_t *rows = xmallocarray(a->n, sizeof *rows);
	for (uint32_t i = 0; i < a->n; i++) {
		int64_t r = abtest_table_row(b, a->user[i]);
		if (r < 0) {
			error("different users in a paired test: user %u of %s is not in %s",
			      a->user[i], a->name, b->name);
			free(rows);
			return NULL;
		}
		rows[i] = (uint32_t)r;
	}
	for (uint32_t i = 0; i < b->n; i++)
		if (abtest_table_row(a, b->user[i]) < 0) {
			error("different users in a paired test: user %u of %s is not in %s",
			      b->user[i], b->name, a->name);
			free(rows);
			return NULL;
		}
	return rows;
}

/* A column of a table, in the order of rows (all rows when NULL). */
static void column(const struct abtest_table *t, int col, const uint32_t *rows, uint32_t n,
		   double *out)
{
	for (uint32_t i = 0; i < n; i++)
		out[i] = value(t, rows ? rows[i] : i, col);
}

static int paired(const struct abtest_design *p, const struct abtest_table *a,
		  const struct abtest_table *b, int m, const int *ca, const int *cb,
		  struct row *rows)
{
	uint32_t *rb = pair_rows(a, b);
	if (!rb)
		return -1;
	size_t n = a->n ? a->n : 1;
	double *xa = xmallocarray((size_t)m * n, sizeof *xa);
	double *xb = xmallocarray((size_t)m * n, sizeof *xb);
	const double **pa = xmallocarray((size_t)m, sizeof *pa);
	const double **pb = xmallocarray((size_t)m, sizeof *pb);
	struct abtest_result *r = xmallocarray((size_t)m, sizeof *r);
	for (int j = 0; j < m; j++) {
		column(a, ca[j], NULL, a->n, xa + (size_t)j * n);
		column(b, cb[j], rb, a->n, xb + (size_t)j * n);
		pa[j] = xa + (size_t)j * n;
		pb[j] = xb + (size_t)j * n;
	}
	/* one pass of the bootstrap's draws for every metric */
	abtest_paired_many(pa, pb, m, a->n, p->mde, p->boot_reps, p->seed, r);
	for (int j = 0; j < m; j++)
		rows[j].r = r[j];
	free(r);
	free(pa);
	free(pb);
	free(xa);
	free(xb);
	free(rb);
	return 0;
}

/* Split: the rows of arm A's users in A's file, of arm B's in B's. */
struct arms {
	uint32_t n[2], *row[2];
};

/* Each user of A, then each user of B not in A, goes to the arm the hash
 * names and counts there if that arm's file holds them.  With b NULL (A/A)
 * both arms draw on a. */
static void assign(const struct abtest_design *p, const struct abtest_table *a,
		   const struct abtest_table *b, uint64_t salt_hash, struct arms *arms)
{
	const struct abtest_table *file[2] = {a, b};
	arms->n[0] = arms->n[1] = 0;
	for (int f = 0; f < 2 && file[f]; f++) {
		for (uint32_t i = 0; i < file[f]->n; i++) {
			uint32_t user = file[f]->user[i];
			if (f == 1 && abtest_table_row(a, user) >= 0)
				continue;
			int k = abtest_arm(salt_hash, user, p->split);
			int64_t r = file[k] ? abtest_table_row(file[k], user) : (int64_t)i;
			if (r >= 0)
				arms->row[k][arms->n[k]++] = (uint32_t)r;
		}
	}
}

static void welch(const struct abtest_design *p, const struct abtest_table *ta,
		  const struct abtest_table *tb, int col_a, int col_b, const struct arms *arms,
		  double *xa, double *xb, struct row *row)
{
	column(ta, col_a, arms->row[0], arms->n[0], xa);
	column(tb, col_b, arms->row[1], arms->n[1], xb);
	abtest_split(xa, arms->n[0], xb, arms->n[1], p->mde, &row->r);
}

/* The rule: an arm mismatch voids the test; else Holm's p decides, the
 * sign of B - A says who wins. */
static const char *verdict(const struct row *row, double srm_p)
{
	if (srm_p < SRM_ALPHA)
		return "sample ratio mismatch";
	if (!(row->p_holm < ABTEST_ALPHA))
		return "no significant difference";
	return row->r.diff > 0 ? "B wins" : "A wins";
}

static void write_rows(const struct abtest_design *p, struct out *o, const struct row *rows, int m,
		       double srm_p)
{
	int split_design = p->split > 0;
	out_puts(o, "metric\tn_a\tn_b\tmean_a\tmean_b\tdiff\trel_diff\tci_lo\tci_hi\t");
	out_puts(o, split_design ? "t\tdf\tp\tp_holm\tsrm_p\tn_mde\tverdict\n"
				 : "boot_lo\tboot_hi\tt\tp\tp_wilcoxon\tp_holm\tn_mde\tverdict\n");
	for (int j = 0; j < m; j++) {
		const struct abtest_result *r = &rows[j].r;
		double p_holm = rows[j].p_holm;
		out_printf(o, "%s\t%llu\t%llu", rows[j].metric, (unsigned long long)r->n_a,
			   (unsigned long long)r->n_b);
		/* a relative change only where a ratio of the metric means something */
		double rel = fmt_has_ratio(rows[j].metric) ? r->diff / r->mean_a : NAN;
		double common[] = {r->mean_a, r->mean_b, r->diff, rel, r->ci_lo, r->ci_hi};
		for (size_t q = 0; q < sizeof common / sizeof *common; q++)
			out_field_f64(o, common[q]);
		if (split_design) {
			double v[] = {r->t, r->df, r->p, p_holm, srm_p, r->n_mde};
			for (size_t q = 0; q < sizeof v / sizeof *v; q++)
				out_field_f64(o, v[q]);
		} else {
			double v[] = {r->boot_lo,    r->boot_hi, r->t,    r->p,
				      r->p_wilcoxon, p_holm,     r->n_mde};
			for (size_t q = 0; q < sizeof v / sizeof *v; q++)
				out_field_f64(o, v[q]);
		}
		out_printf(o, "\t%s\n", verdict(&rows[j], srm_p));
	}
}

static void holm(struct row *rows, int m)
{
	double p[ABTEST_MAX_METRICS], adj[ABTEST_MAX_METRICS];
	for (int j = 0; j < m; j++)
		p[j] = rows[j].r.p;
	stats_holm(p, m, adj);
	for (int j = 0; j < m; j++)
		rows[j].p_holm = adj[j];
}

/* N A/A tests: arms drawn with salts "SALT#1" .. "SALT#N" from A alone. */
void abtest_aa(struct out *o, const struct abtest_design *p, const struct abtest_table *a,
	       const char **names, int m, const int *col)
{
	struct arms arms = {
		{0, 0},
		{xmallocarray(a->n, sizeof(uint32_t)), xmallocarray(a->n, sizeof(uint32_t))}};
	double *xa = xmallocarray(a->n, sizeof *xa), *xb = xmallocarray(a->n, sizeof *xb);
	uint64_t rejected[ABTEST_MAX_METRICS + 1] = {0};
	struct row rows[ABTEST_MAX_METRICS];
	size_t len = strlen(p->salt) + 24;
	char *s = xmalloc(len);
	for (long i = 1; i <= p->aa_tests; i++) {
		snprintf(s, len, "%s#%ld", p->salt, i);
		assign(p, a, NULL, abtest_fnv1a64(s), &arms);
		for (int j = 0; j < m; j++) {
			welch(p, a, a, col[j], col[j], &arms, xa, xb, &rows[j]);
			rejected[j] += rows[j].r.p < ABTEST_ALPHA;
		}
		holm(rows, m);
		int any = 0;
		for (int j = 0; j < m; j++)
			any |= rows[j].p_holm < ABTEST_ALPHA;
		rejected[m] += any;
	}
	uint64_t lo, hi;
	abtest_binomial_region((uint64_t)p->aa_tests, ABTEST_ALPHA, 0.01, &lo, &hi);
	out_puts(o, "metric\ttests\trejections\tshare\tlo_share\thi_share\tverdict\n");
	for (int j = 0; j <= m; j++) {
		/* Holm's family-wise rate is at most alpha: only a ceiling */
		uint64_t floor_j = j < m ? lo : 0;
		int ok = rejected[j] >= floor_j && rejected[j] <= hi;
		out_printf(o, "%s\t%ld\t%llu", j < m ? names[j] : "any_holm", p->aa_tests,
			   (unsigned long long)rejected[j]);
		out_field_f64(o, (double)rejected[j] / (double)p->aa_tests);
		out_field_f64(o, (double)floor_j / (double)p->aa_tests);
		out_field_f64(o, (double)hi / (double)p->aa_tests);
		out_printf(o, "\t%s\n", ok ? "calibrated" : "miscalibrated");
		if (!ok)
			warn("%s: %llu of %ld A/A tests rejected at 0.05, outside %llu..%llu",
			     j < m ? names[j] : "any_holm", (unsigned long long)rejected[j],
			     p->aa_tests, (unsigned long long)floor_j, (unsigned long long)hi);
	}
	free(s);
	free(xa);
	free(xb);
	free(arms.row[0]);
	free(arms.row[1]);
}

static int headline(const struct abtest_design *p, const struct row *row, int m)
{
	const char *a = p->name_a, *b = p->name_b;
	struct out *o = out_open(p->headline_path);
	if (!o)
		return -1;
	int tied;
	char *s = abtest_headline(a, b, row->metric, &row->r, row->p_holm, m, &tied);
	out_printf(o, "key\tvalue\nleader\t%s\nrunner_up\t%s\nmetric\t%s\ntied\t%d\nsentence\t%s\n",
		   b, a, row->metric, tied, s);
	free(s);
	return out_close(o);
}

int abtest_compare(struct out *o, const struct abtest_design *p, const struct abtest_table *a,
		   const struct abtest_table *b, const char **names, int m, const int *ca,
		   const int *cb)
{
	struct row rows[ABTEST_MAX_METRICS];
	for (int j = 0; j < m; j++)
		rows[j].metric = names[j];
	double srm_p = NAN;
	if (p->split < 0) {
		if (paired(p, a, b, m, ca, cb, rows) < 0)
			return -1;
	} else {
		uint32_t cap = a->n + b->n;
		struct arms arms = {
			{0, 0},
			{xmallocarray(cap, sizeof(uint32_t)), xmallocarray(cap, sizeof(uint32_t))}};
		double *xa = xmallocarray(cap, sizeof *xa), *xb = xmallocarray(cap, sizeof *xb);
		assign(p, a, b, abtest_fnv1a64(p->salt), &arms);
		for (int j = 0; j < m; j++)
			welch(p, a, b, ca[j], cb[j], &arms, xa, xb, &rows[j]);
		srm_p = abtest_srm(arms.n[0], arms.n[1], p->split);
		if (srm_p < SRM_ALPHA)
			warn("sample ratio mismatch: %u users in A, %u in B, expected a share of "
			     "%g in B (chi-square p %.3g)",
			     arms.n[0], arms.n[1], p->split, srm_p);
		free(xa);
		free(xb);
		free(arms.row[0]);
		free(arms.row[1]);
	}
	holm(rows, m);
	write_rows(p, o, rows, m, srm_p);
	return p->headline_path ? headline(p, &rows[0], m) : 0;
}
