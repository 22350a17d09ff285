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

#endif
