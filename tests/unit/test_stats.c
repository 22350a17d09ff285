/* Unit tests of lib/stats.  Reference values were computed independently of
 * GSL in Python (tests/reference/stats.py: Simpson integration of the t
 * density, erfc for the normal and 1-df chi-square tails, and the Wilcoxon
 * null distribution by enumerating all 2^n sign patterns). */
#include <math.h>

#include "err.h"
#include "stats.h"
#include "t.h"

int main(void)
{
	err_init("test_stats");
	struct stats_summary a = {10, 5.0, 2.0, 0, 0}, b = {12, 3.0, 3.0, 0, 0};
	double t, df, z, W, x;
	double p = stats_welch(&a, &b, &t, &df);
	CHECK_NEAR(t, 1.865009616481, 1e-9, "Welch t");
	CHECK_NEAR(df, 19.190545987541, 1e-9, "Welch df");
	CHECK_NEAR(p, 0.0775464387, 1e-8, "Welch p = %.10f", p);

	double d[] = {0.5, -0.2, 1.1, 0.3, 0.8, -0.4, 0.9, 0.25}; /* no ties */
	p = stats_paired_t(d, 8, &t);
	CHECK_NEAR(t, 2.181432655668, 1e-9, "paired t");
	CHECK_NEAR(p, 0.0655020218, 1e-8, "paired p = %.10f", p);
	p = stats_wilcoxon(d, 8, &W);
	CHECK(W == 31, "Wilcoxon W = %g", W);
	CHECK_NEAR(p, 0.078125, 1e-12, "Wilcoxon exact p = %.10f", p);

	p = stats_two_proportions(45, 100, 30, 90, &z);
	CHECK_NEAR(z, 1.642726612872, 1e-9, "two-proportion z");
	CHECK_NEAR(p, 0.100439509980, 1e-9, "two-proportion p");

	/* exact binomial: 3 of 10 at 0.5 is 2 x 176 / 1024; the others from
	 * tests/reference/stats.py (exact integer binomials) */
	CHECK_NEAR(stats_binomial_test(3, 10, 0.5), 0.34375, 1e-12, "binomial 3 of 10 at 0.5");
	CHECK_NEAR(stats_binomial_test(0, 10, 0.15), 0.376677923973, 1e-9,
		   "binomial 0 of 10 at 0.15");
	CHECK_NEAR(stats_binomial_test(121, 943, 0.15), 0.0616077010494, 1e-9,
		   "binomial 121 of 943 at 0.15 (the ML100K training split's cold start)");
	CHECK_NEAR(
		stats_binomial_test(0, 943, 0.15) / 4.10810508852e-67, 1, 1e-8,
		"binomial 0 of 943 at 0.15: 4.1e-67, where the normal approximation says 4.5e-38");
	CHECK(stats_binomial_test(15, 100, 0.15) > 0.9999 &&
		      isnan(stats_binomial_test(11, 10, 0.5)) &&
		      isnan(stats_binomial_test(0, 0, 0.5)),
	      "binomial: the expected count is p 1; k > n and n 0 are NaN");

	double obs[] = {520, 480}, exp[] = {500, 500};
	p = stats_chisq_gof(obs, exp, 2, &x);
	CHECK_NEAR(x, 1.6, 1e-12, "chi-square statistic");
	CHECK_NEAR(p, 0.205903210732, 1e-9, "chi-square p");

	/* Holm: sorted 0.01 0.02 0.03 0.04 (m = 4) -> 0.04 0.06 0.06 0.06;
	 * BH: 0.04 0.04 0.04 0.04 (0.01*4/1, 0.02*4/2, 0.03*4/3, 0.04*4/4) */
	double ps[] = {0.03, NAN, 0.01, 0.04, 0.02}, adj[5];
	stats_holm(ps, 5, adj);
	CHECK(fabs(adj[2] - 0.04) < 1e-12 && fabs(adj[4] - 0.06) < 1e-12 &&
		      fabs(adj[0] - 0.06) < 1e-12 && fabs(adj[3] - 0.06) < 1e-12 && isnan(adj[1]),
	      "Holm adjustment, NaN kept out");
	stats_bh(ps, 5, adj);
	CHECK(fabs(adj[2] - 0.04) < 1e-12 && fabs(adj[3] - 0.04) < 1e-12 && isnan(adj[1]),
	      "Benjamini-Hochberg adjustment");

	/* n = 2 (1.959964 + 0.841621)^2 / 0.25^2 = 251.17 -> 252 */
	CHECK(stats_sample_size(0.25, 1, 0.05, 0.8) == 252, "sample size per arm");

	double g[] = {0, 0, 0, 10}, e[] = {3, 3, 3};
	CHECK_NEAR(stats_gini(g, 4), 0.75, 1e-12, "Gini of one holder of all: (n-1)/n");
	CHECK_NEAR(stats_gini(e, 3), 0, 1e-12, "Gini of equal values");

	double v[] = {1, 2, 3, 4};
	struct stats_summary s = stats_summarize(v, 4, 0.05);
	/* mean 2.5, sd sqrt(5/3) = 1.290994, t_{0.975,3} = 3.182446 -> half 2.054260 */
	CHECK_NEAR(s.sd, 1.2909944487, 1e-9, "sample sd");
	CHECK_NEAR(s.ci_hi - s.mean, 2.0542603, 1e-6, "t interval half-width");
	CHECK(isnan(stats_summarize(v, 1, 0.05).sd), "one observation: no sd");
	/* ties get average ranks: |d| = 1, 1, 2 -> ranks 1.5, 1.5, 3; W+ = 1.5 + 3 */
	double tied[] = {1, -1, 2, 0};
	stats_wilcoxon(tied, 4, &W);
	CHECK(W == 4.5, "Wilcoxon: average ranks for ties, zeros dropped (W = %g)", W);
	return t_done();
}
