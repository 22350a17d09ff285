#include "analytics.h"
#include "err.h"
#include "num.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <gsl/gsl_cdf.h>

const char *const analytics_age_names[ANALYTICS_AGE_BINS] = {"1-17",  "18-24", "25-34", "35-44",
							     "45-49", "50-55", "56+"};
static const int age_lower[ANALYTICS_AGE_BINS] = {1, 18, 25, 35, 45, 50, 56};

const char *const analytics_activity_names[ANALYTICS_ACTIVITY_BINS] = {"cold-start", "light",
								       "active", "power"};

int analytics_age_bin(int age)
{
	int b = ANALYTICS_AGE_BINS - 1;
	while (b > 0 && age < age_lower[b])
		b--;
	return b;
}

int analytics_activity_bin(uint64_t n, const long thresholds[3])
{
	int b = 0;
	while (b < 3 && n >= (uint64_t)thresholds[b])
		b++;
	return b;
}

void cluster_add(struct cluster_sums *s, double y, double n)
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

struct cluster_sums cluster_sub(const struct cluster_sums *a, const struct cluster_sums *b)
{
	return (struct cluster_sums){a->users - b->users, a->n - b->n,	 a->y - b->y,
				     a->yy - b->yy,	  a->yn - b->yn, a->nn - b->nn};
}

/* Sum over users of (y - r n)^2 for the ratio r: never negative, though
 * rounding in the expanded form could make it so. */
static double squared_residuals(const struct cluster_sums *s, double r)
{
	double v = s->yy - 2 * r * s->yn + r * r * s->nn;
	return v > 0 ? v : 0;
}

struct cluster_mean cluster_mean(const struct cluster_sums *s, double alpha)
{
	struct cluster_mean m = {NAN, NAN, NAN, NAN};
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

void cluster_cross_add(struct cluster_cross *x, double y1, double n1, double y0, double n0)
{
	if (n1 == 0 && n0 == 0)
		return;
	x->users += 1;
	x->y1y0 += y1 * y0;
	x->y1n0 += y1 * n0;
	x->n1y0 += n1 * y0;
	x->n1n0 += n1 * n0;
}

struct cluster_cross cluster_disjoint(const struct cluster_sums *g1, const struct cluster_sums *g0)
{
	return (struct cluster_cross){g1->users + g0->users, 0, 0, 0, 0};
}

/* Each user's influence on the difference r1 - r0 is
 * (y1 - r1 n1) / N1 - (y0 - r0 n0) / N0; the variance is G / (G - 1) times
 * the sum of their squares, expanded into the stored sums. */
static double diff_se(const struct cluster_sums *g1, const struct cluster_sums *g0,
		      const struct cluster_cross *x, double *diff)
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

double cluster_diff_test(const struct cluster_sums *g1, const struct cluster_sums *g0,
			 const struct cluster_cross *x, double *diff, double *t, double *df)
{
	*t = *df = NAN;
	double se = diff_se(g1, g0, x, diff);
	if (isnan(se))
		return NAN;
	*t = *diff / se;
	*df = x->users - 1;
	return 2 * gsl_cdf_tdist_Q(fabs(*t), *df);
}

void cluster_diff_interval(const struct cluster_sums *g1, const struct cluster_sums *g0,
			   const struct cluster_cross *x, double alpha, double *diff, double *lo,
			   double *hi)
{
	double se = diff_se(g1, g0, x, diff);
	*lo = *hi = NAN;
	if (isnan(se))
		return;
	double half = gsl_cdf_tdist_Qinv(alpha / 2, x->users - 1) * se;
	*lo = *diff - half;
	*hi = *diff + half;
}

double analytics_proportion_test(uint64_t k, uint64_t n, double p0, double *z)
{
	*z = NAN;
	if (n == 0 || !(p0 > 0 && p0 < 1))
		return NAN;
	*z = ((double)k / (double)n - p0) / sqrt(p0 * (1 - p0) / (double)n);
	return 2 * gsl_cdf_ugaussian_Q(fabs(*z));
}

int analytics_prefers(double lift, double diff, double p_adjusted, uint64_t users,
		      uint64_t min_users)
{
	return lift >= ANALYTICS_LIFT_MIN && diff >= ANALYTICS_POINTS_MIN &&
	       p_adjusted < ANALYTICS_ALPHA && users >= min_users;
}

void analytics_mkdir(const char *dir)
{
	if (out_mkdir(dir) < 0)
		exit(EXIT_DATA);
}

struct out *analytics_open(const char *dir, const char *name)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
		error("%s: path too long", dir);
		return NULL;
	}
	return out_open(path);
}

void analytics_put(struct out *o, double v)
{
	char buf[32];
	out_putc(o, '\t');
	out_puts(o, isnan(v) ? "nan" : num_format_double(buf, v));
}
