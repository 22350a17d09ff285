#include "stats.h"
#include "err.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

struct stats_summary stats_from_sums(uint64_t n, double sum, double sumsq, double alpha)
{
	struct stats_summary s = {n, NAN, NAN, NAN, NAN};
	if (n == 0)
		return s;
	s.mean = sum / (double)n;
	if (n < 2)
		return s;
	double var = (sumsq - sum * s.mean) / (double)(n - 1);
	s.sd = sqrt(var > 0 ? var : 0);
	double half = gsl_cdf_tdist_Qinv(alpha / 2, (double)(n - 1)) * s.sd / sqrt((double)n);
	s.ci_lo = s.mean - half;
	s.ci_hi = s.mean + half;
	return s;
}

struct stats_summary stats_summarize(const double *x, uint64_t n, double alpha)
{
	/* two passes: the mean first, then squared deviations */
	double sum = 0;
	for (uint64_t i = 0; i < n; i++)
		sum += x[i];
	struct stats_summary s = {n, NAN, NAN, NAN, NAN};
	if (n == 0)
		return s;
	s.mean = sum / (double)n;
	if (n < 2)
		return s;
	double ss = 0;
	for (uint64_t i = 0; i < n; i++)
		ss += (x[i] - s.mean) * (x[i] - s.mean);
	s.sd = sqrt(ss / (double)(n - 1));
	double half = gsl_cdf_tdist_Qinv(alpha / 2, (double)(n - 1)) * s.sd / sqrt((double)n);
	s.ci_lo = s.mean - half;
	s.ci_hi = s.mean + half;
	return s;
}

static double t_two_sided(double t, double df)
{
	return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

double stats_welch(const struct stats_summary *a, const struct stats_summary *b, double *t,
		   double *df)
{
	*t = *df = NAN;
	if (a->n < 2 || b->n < 2)
		return NAN;
	double va = a->sd * a->sd / (double)a->n, vb = b->sd * b->sd / (double)b->n;
	if (va + vb <= 0)
		return NAN;
	*t = (a->mean - b->mean) / sqrt(va + vb);
	*df = (va + vb) * (va + vb) / (va * va / (double)(a->n - 1) + vb * vb / (double)(b->n - 1));
	return t_two_sided(*t, *df);
}

double stats_paired_t(const double *d, uint64_t n, double *t)
{
	struct stats_summary s = stats_summarize(d, n, 0.05);
	*t = NAN;
	if (n < 2 || !(s.sd > 0))
		return NAN;
	*t = s.mean / (s.sd / sqrt((double)n));
	return t_two_sided(*t, (double)(n - 1));
}

struct ranked {
	double abs;
	int positive;
};

static int by_abs(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->abs, y = ((const struct ranked *)b)->abs;
	return (x > y) - (x < y);
}

/* P(W >= w) under the null for n untied ranks, by dynamic programming over
 * the number of ways to reach each rank sum. */
static double exact_upper_tail(int n, double w)
{
	int max = n * (n + 1) / 2;
	double *ways = xcalloc((size_t)max + 1, sizeof *ways);
	ways[0] = 1;
	for (int r = 1; r <= n; r++)
		for (int s = max; s >= r; s--)
			ways[s] += ways[s - r];
	double tail = 0, total = ldexp(1.0, n);
	for (int s = (int)ceil(w - 1e-9); s <= max; s++)
		tail += ways[s];
	free(ways);
	return tail / total;
}

double stats_wilcoxon(const double *d, uint64_t n, double *W)
{
	struct ranked *r = xmallocarray(n ? n : 1, sizeof *r);
	uint64_t m = 0;
	for (uint64_t i = 0; i < n; i++)
		if (d[i] != 0)
			r[m++] = (struct ranked){fabs(d[i]), d[i] > 0};
	*W = NAN;
	if (m == 0) {
		free(r);
		return NAN;
	}
	qsort(r, m, sizeof *r, by_abs);
	double wplus = 0, tie_term = 0;
	int ties = 0;
	for (uint64_t i = 0; i < m;) {
		uint64_t j = i;
		while (j < m && r[j].abs == r[i].abs)
			j++;
		double rank = (double)(i + 1 + j) / 2; /* average of ranks i+1..j */
		double t = (double)(j - i);
		if (t > 1) {
			ties = 1;
			tie_term += t * t * t - t;
		}
		for (uint64_t q = i; q < j; q++)
			if (r[q].positive)
				wplus += rank;
		i = j;
	}
	free(r);
	*W = wplus;
	double mean = (double)m * (double)(m + 1) / 4;
	if (!ties && m <= 50) {
		double dev = fabs(wplus - mean);
		double p = 2 * exact_upper_tail((int)m, mean + dev);
		return p > 1 ? 1 : p;
	}
	double var = (double)m * (double)(m + 1) * (double)(2 * m + 1) / 24 - tie_term / 48;
	if (!(var > 0))
		return NAN;
	double z = (fabs(wplus - mean) - 0.5) / sqrt(var);
	if (z < 0)
		z = 0;
	return 2 * gsl_cdf_ugaussian_Q(z);
}

double stats_two_proportions(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2, double *z)
{
	*z = NAN;
	if (n1 == 0 || n2 == 0)
		return NAN;
	double p1 = (double)k1 / (double)n1, p2 = (double)k2 / (double)n2;
	double pool = (double)(k1 + k2) / (double)(n1 + n2);
	double se = sqrt(pool * (1 - pool) * (1.0 / (double)n1 + 1.0 / (double)n2));
	if (!(se > 0))
		return NAN;
	*z = (p1 - p2) / se;
	return 2 * gsl_cdf_ugaussian_Q(fabs(*z));
}

double stats_binomial_test(uint64_t k, uint64_t n, double p0)
{
	if (n == 0 || k > n || n > UINT32_MAX || !(p0 > 0 && p0 < 1))
		return NAN;
	double pk = gsl_ran_binomial_pdf((unsigned)k, p0, (unsigned)n) * (1 + 1e-7), p = 0;
	for (uint64_t i = 0; i <= n; i++) {
		double pi = gsl_ran_binomial_pdf((unsigned)i, p0, (unsigned)n);
		if (pi <= pk)
			p += pi;
	}
	return p < 1 ? p : 1;
}

double stats_chisq_gof(const double *observed, const double *expected, int cells, double *chisq)
{
	double x = 0;
	for (int c = 0; c < cells; c++) {
		if (!(expected[c] > 0)) {
			*chisq = NAN;
			return NAN;
		}
		x += (observed[c] - expected[c]) * (observed[c] - expected[c]) / expected[c];
	}
	*chisq = x;
	return cells > 1 ? gsl_cdf_chisq_Q(x, cells - 1) : NAN;
}

struct indexed {
	double p;
	int i;
};

static int by_p(const void *a, const void *b)
{
	const struct indexed *x = a, *y = b;
	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return x->i - y->i;
}

/* The valid (non-NaN) p-values sorted ascending, with their positions. */
static struct indexed *sorted_valid(const double *p, int m, int *valid, double *adjusted)
{
	struct indexed *s = xmallocarray(m > 0 ? (size_t)m : 1, sizeof *s);
	*valid = 0;
	for (int i = 0; i < m; i++) {
		adjusted[i] = NAN;
		if (!isnan(p[i]))
			s[(*valid)++] = (struct indexed){p[i], i};
	}
	qsort(s, (size_t)*valid, sizeof *s, by_p);
	return s;
}

void stats_holm(const double *p, int m, double *adjusted)
{
	int v;
	struct indexed *s = sorted_valid(p, m, &v, adjusted);
	double running = 0;
	for (int j = 0; j < v; j++) {
		double a = fmin(1, (double)(v - j) * s[j].p);
		running = fmax(running, a); /* adjusted values never decrease */
		adjusted[s[j].i] = running;
	}
	free(s);
}

void stats_bh(const double *p, int m, double *adjusted)
{
	int v;
	struct indexed *s = sorted_valid(p, m, &v, adjusted);
	double running = 1;
	for (int j = v - 1; j >= 0; j--) {
		double a = fmin(1, s[j].p * (double)v / (double)(j + 1));
		running = fmin(running, a);
		adjusted[s[j].i] = running;
	}
	free(s);
}

double stats_sample_size(double delta, double sd, double alpha, double power)
{
	if (!(delta != 0) || !(sd > 0))
		return NAN;
	double z = gsl_cdf_ugaussian_Qinv(alpha / 2) + gsl_cdf_ugaussian_Pinv(power);
	return ceil(2 * z * z * sd * sd / (delta * delta));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double stats_gini(double *x, uint64_t n)
{
	if (n == 0)
		return NAN;
	qsort(x, n, sizeof *x, cmp_double);
	/* G = sum_i (2i - n - 1) x_(i) / (n sum x), i = 1..n */
	double num = 0, sum = 0;
	for (uint64_t i = 0; i < n; i++) {
		num += (2.0 * (double)(i + 1) - (double)n - 1) * x[i];
		sum += x[i];
	}
	return sum > 0 ? num / ((double)n * sum) : NAN;
}

void stats_cluster_add(struct stats_cluster_sums *s, double y, double n)
{
	if (n == 0)
		return;
	s->users += 1;
	s->n += n;
	s->y += y;
	s->yy += y * y;
	s->yn += y * n;
	s->nn += n * n;
}

struct stats_cluster_sums stats_cluster_sub(const struct stats_cluster_sums *a,
					    const struct stats_cluster_sums *b)
{
	return (struct stats_cluster_sums){a->users - b->users, a->n - b->n,   a->y - b->y,
					   a->yy - b->yy,       a->yn - b->yn, a->nn - b->nn};
}

/* Sum over users of (y - r n)^2 for the ratio r: never negative, though
 * rounding in the expanded form could make it so. */
static double squared_residuals(const struct stats_cluster_sums *s, double r)
{
	double v = s->yy - 2 * r * s->yn + r * r * s->nn;
	return v > 0 ? v : 0;
}

struct stats_cluster_mean stats_cluster_mean(const struct stats_cluster_sums *s, double alpha)
{
	struct stats_cluster_mean m = {NAN, NAN, NAN, NAN};
	if (!(s->n > 0))
		return m;
	m.mean = s->y / s->n;
	if (s->users < 2)
		return m;
	double g = s->users;
	m.se = sqrt(g / (g - 1) * squared_residuals(s, m.mean)) / s->n;
	double half = gsl_cdf_tdist_Qinv(alpha / 2, g - 1) * m.se;
	m.ci_lo = m.mean - half;
	m.ci_hi = m.mean + half;
	return m;
}

void stats_cluster_cross_add(struct stats_cluster_cross *x, double y1, double n1, double y0,
			     double n0)
{
	if (n1 == 0 && n0 == 0)
		return;
	x->users += 1;
	x->y1y0 += y1 * y0;
	x->y1n0 += y1 * n0;
	x->n1y0 += n1 * y0;
	x->n1n0 += n1 * n0;
}

struct stats_cluster_cross stats_cluster_disjoint(const struct stats_cluster_sums *g1,
						  const struct stats_cluster_sums *g0)
{
	return (struct stats_cluster_cross){g1->users + g0->users, 0, 0, 0, 0};
}

/* Each user's influence on the difference r1 - r0 is
 * (y1 - r1 n1) / N1 - (y0 - r0 n0) / N0; the variance is G / (G - 1) times
 * the sum of their squares, expanded into the stored sums. */
static double diff_se(const struct stats_cluster_sums *g1, const struct stats_cluster_sums *g0,
		      const struct stats_cluster_cross *x, double *diff)
{
	*diff = NAN;
	if (!(g1->n > 0) || !(g0->n > 0))
		return NAN;
	double r1 = g1->y / g1->n, r0 = g0->y / g0->n;
	*diff = r1 - r0;
	if (g1->users < 2 || g0->users < 2 || x->users < 2)
		return NAN;
	double cross = x->y1y0 - r0 * x->y1n0 - r1 * x->n1y0 + r1 * r0 * x->n1n0;
	double s = squared_residuals(g1, r1) / (g1->n * g1->n) +
		   squared_residuals(g0, r0) / (g0->n * g0->n) - 2 * cross / (g1->n * g0->n);
	double g = x->users;
	double se = sqrt(g / (g - 1) * (s > 0 ? s : 0));
	return se > 0 ? se : NAN;
}

double stats_cluster_diff_test(const struct stats_cluster_sums *g1,
			       const struct stats_cluster_sums *g0,
			       const struct stats_cluster_cross *x, double *diff, double *t,
			       double *df)
{
	*t = *df = NAN;
	double se = diff_se(g1, g0, x, diff);
	if (isnan(se))
		return NAN;
	*t = *diff / se;
	*df = x->users - 1;
	return 2 * gsl_cdf_tdist_Q(fabs(*t), *df);
}

void stats_cluster_diff_interval(const struct stats_cluster_sums *g1,
				 const struct stats_cluster_sums *g0,
				 const struct stats_cluster_cross *x, double alpha, double *diff,
				 double *lo, double *hi)
{
	double se = diff_se(g1, g0, x, diff);
	*lo = *hi = NAN;
	if (isnan(se))
		return;
	double half = gsl_cdf_tdist_Qinv(alpha / 2, x->users - 1) * se;
	*lo = *diff - half;
	*hi = *diff + half;
}
