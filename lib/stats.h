/*
 * stats: the statistics reel reports, on top of GSL's distributions.
 *
 * Every p-value is two-sided unless the name says otherwise.  Functions
 * return NaN (never abort) when a figure is undefined: fewer than two
 * observations, zero variance where a variance divides.  Confidence
 * intervals are at level 1 - alpha (reel reports 95 %: alpha = 0.05).
 */
#ifndef REEL_STATS_H
#define REEL_STATS_H

#include <stdint.h>

struct stats_summary {
	uint64_t n;
	double mean, sd;     /* sd: sample standard deviation (n - 1) */
	double ci_lo, ci_hi; /* Student-t interval for the mean */
};

/* Mean, standard deviation and t-interval of x[0..n). */
struct stats_summary stats_summarize(const double *x, uint64_t n, double alpha);
/* The same from running sums: n, sum x, sum x^2 (numerically fine for
 * ratings; use stats_summarize for data of large magnitude). */
struct stats_summary stats_from_sums(uint64_t n, double sum, double sumsq, double alpha);

/* Welch's two-sample t-test: p, with t and the Welch-Satterthwaite df. */
double stats_welch(const struct stats_summary *a, const struct stats_summary *b, double *t,
		   double *df);
/* Paired t-test on differences d[0..n): p, with t. */
double stats_paired_t(const double *d, uint64_t n, double *t);
/* Wilcoxon signed-rank test on differences d[0..n): zero differences are
 * dropped, ties get average ranks; the p-value is exact (by enumeration of
 * the null distribution) for up to 50 non-zero differences without ties,
 * else from the normal approximation with tie correction and continuity
 * correction.  W is the sum of positive ranks. */
double stats_wilcoxon(const double *d, uint64_t n, double *W);
/* Two-proportion z-test of k1/n1 against k2/n2 with the pooled variance. */
double stats_two_proportions(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2, double *z);
/* Exact two-sided binomial test of k successes in n trials against
 * probability p0 (0 < p0 < 1): the sum of P(X = i) over every i no more
 * likely than k (with a relative tolerance of 1e-7 for ties, as R's
 * binom.test), for where the normal approximation is poor (few expected
 * successes, k at an edge).  NaN for n 0 or k > n. */
double stats_binomial_test(uint64_t k, uint64_t n, double p0);
/* Pearson's chi-square goodness of fit of observed counts to expected
 * counts (same total), cells - 1 degrees of freedom: p, with the statistic. */
double stats_chisq_gof(const double *observed, const double *expected, int cells, double *chisq);

/* Adjusted p-values for m tests: Holm's step-down (family-wise error) and
 * Benjamini-Hochberg's step-up (false discovery rate).  NaN inputs stay NaN
 * and do not count in m. */
void stats_holm(const double *p, int m, double *adjusted);
void stats_bh(const double *p, int m, double *adjusted);

/* Users per arm for a two-sample comparison of means to detect a
 * difference delta with standard deviation sd at two-sided level alpha and
 * the given power: 2 (z_{1-alpha/2} + z_power)^2 sd^2 / delta^2, rounded up. */
double stats_sample_size(double delta, double sd, double alpha, double power);

/* Gini coefficient of non-negative values x[0..n) (sorted in place). */
double stats_gini(double *x, uint64_t n);

/* ---- Ratios over clusters ---------------------------------------------
 * Observations of one cluster (the ratings of one user) are not
 * independent, so a mean or a share over them is a ratio, sum of y over
 * sum of n over the clusters of a group (y a cluster's sum of values, or
 * its count in a category; n its number of observations), and its variance
 * is the linearised (sandwich) variance with the small-sample factor
 * G / (G - 1), G the number of clusters, against Student's t with G - 1
 * degrees of freedom (docs/ANALYTICS.md). */

/* Sums over the users (clusters) of one group, for the ratio y / n.  Every
 * field is additive, so the sums of a group's complement are the totals
 * minus the group's. */
struct stats_cluster_sums {
	double users;      /* users with n > 0 */
	double n, y;       /* sum of n, sum of y */
	double yy, yn, nn; /* sums of y^2, y n, n^2 */
};

/* Add one user's totals (nothing when n is 0). */
void stats_cluster_add(struct stats_cluster_sums *s, double y, double n);
/* a - b, field by field (b a subgroup of a). */
struct stats_cluster_sums stats_cluster_sub(const struct stats_cluster_sums *a,
					    const struct stats_cluster_sums *b);

/* The ratio y / n with its cluster-robust standard error and 1 - alpha
 * interval; se and the interval are NaN for fewer than two users. */
struct stats_cluster_mean {
	double mean, se, ci_lo, ci_hi;
};
struct stats_cluster_mean stats_cluster_mean(const struct stats_cluster_sums *s, double alpha);

/* Cross sums over users of two groups that share users (weekday and
 * weekend ratings of the same people): sums of y1 y0, y1 n0, n1 y0, n1 n0,
 * and the number of users in either group.  For disjoint groups use
 * stats_cluster_disjoint(). */
struct stats_cluster_cross {
	double users;
	double y1y0, y1n0, n1y0, n1n0;
};
void stats_cluster_cross_add(struct stats_cluster_cross *x, double y1, double n1, double y0,
			     double n0);
struct stats_cluster_cross stats_cluster_disjoint(const struct stats_cluster_sums *g1,
						  const struct stats_cluster_sums *g0);

/* Test of ratio(g1) = ratio(g0): returns the two-sided p-value and sets
 * *diff = ratio(g1) - ratio(g0), *t and *df (users in either group - 1).
 * NaN (with *t and *df) when a group is empty, there are fewer than three
 * users, or the variance is zero. */
double stats_cluster_diff_test(const struct stats_cluster_sums *g1,
			       const struct stats_cluster_sums *g0,
			       const struct stats_cluster_cross *x, double *diff, double *t,
			       double *df);

/* The difference ratio(g1) - ratio(g0) with its 1 - alpha interval, from
 * the same variance and degrees of freedom as stats_cluster_diff_test(); the
 * interval is NaN where the test is. */
void stats_cluster_diff_interval(const struct stats_cluster_sums *g1,
				 const struct stats_cluster_sums *g0,
				 const struct stats_cluster_cross *x, double alpha, double *diff,
				 double *lo, double *hi);

#endif
