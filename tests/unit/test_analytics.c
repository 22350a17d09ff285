/* Unit tests of lib/analytics and lib/tz.  Reference values were computed
 * by hand or in Python without the expanded sums the library uses: each
 * user's influence (y1 - r1 n1) / N1 - (y0 - r0 n0) / N0 summed directly,
 * Student's t tail for 3 degrees of freedom in closed form,
 * 1 - (2/pi) (x / (1 + x^2) + atan x) with x = |t| / sqrt 3, and erfc for
 * the normal tail. */
#include <math.h>
#include <stdlib.h>

#include "analytics.h"
#include "err.h"
#include "tz.h"
#include "t.h"

static void test_bins(void)
{
	int ages[] = {1, 17, 18, 24, 25, 34, 35, 44, 45, 49, 50, 55, 56, 120};
	int bins[] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6}, ok = 1;
	for (int i = 0; i < 14; i++)
		ok &= analytics_age_bin(ages[i]) == bins[i];
	CHECK(ok, "age bins 1-17 18-24 25-34 35-44 45-49 50-55 56+ at their edges");
	long th[3] = {20, 50, 200};
	uint64_t n[] = {0, 19, 20, 49, 50, 199, 200, 100000};
	int act[] = {0, 0, 1, 1, 2, 2, 3, 3};
	ok = 1;
	for (int i = 0; i < 8; i++)
		ok &= analytics_activity_bin(n[i], th) == act[i];
	CHECK(ok, "activity groups: cold-start < 20 <= light < 50 <= active < 200 <= power");
}

static void test_cluster(void)
{
	/* two users, sums 6 and 8 of 2 ratings each: mean 3.5; residuals -1, 1;
	 * variance 2/1 * 2 / 4^2 = 0.25, t(0.975, 1 df) = 12.706204736174707 */
	struct stats_cluster_sums s = {0, 0, 0, 0, 0, 0};
	stats_cluster_add(&s, 6, 2);
	stats_cluster_add(&s, 8, 2);
	stats_cluster_add(&s, 0, 0); /* a user without ratings is no cluster */
	struct stats_cluster_mean m = stats_cluster_mean(&s, 0.05);
	CHECK(s.users == 2 && m.mean == 3.5, "cluster mean of two users");
	CHECK_NEAR(m.se, 0.5, 1e-15, "cluster standard error %.17g", m.se);
	CHECK_NEAR(m.ci_lo, 3.5 - 0.5 * 12.706204736174707, 1e-9, "cluster CI low %.17g", m.ci_lo);
	struct stats_cluster_sums one = {0, 0, 0, 0, 0, 0};
	stats_cluster_add(&one, 4, 1);
	m = stats_cluster_mean(&one, 0.05);
	CHECK(m.mean == 4 && isnan(m.se) && isnan(m.ci_lo), "one user: a mean, no interval");

	/* disjoint groups: F users (1 of 2), (1 of 1); M users (2 of 2),
	 * (1 of 2): 2/3 - 3/4, variance 4/3 (2/81 + 1/32), 3 df */
	struct stats_cluster_sums f = {0, 0, 0, 0, 0, 0}, male = f, all = f;
	stats_cluster_add(&f, 1, 2);
	stats_cluster_add(&f, 1, 1);
	stats_cluster_add(&all, 1, 2);
	stats_cluster_add(&all, 1, 1);
	stats_cluster_add(&all, 2, 2);
	stats_cluster_add(&all, 1, 2);
	male = stats_cluster_sub(&all, &f);
	struct stats_cluster_cross x = stats_cluster_disjoint(&f, &male);
	double d, t, df, p = stats_cluster_diff_test(&f, &male, &x, &d, &t, &df);
	CHECK_NEAR(d, -1.0 / 12, 1e-15, "difference of shares %.17g", d);
	CHECK_NEAR(t, -0.305128576629365, 1e-12, "disjoint t %.17g", t);
	CHECK(df == 3, "df = users - 1");
	CHECK_NEAR(p, 0.780213220076237, 1e-9, "disjoint p %.17g", p);
	p = stats_cluster_diff_test(&one, &male, &x, &d, &t, &df);
	CHECK(isnan(p) && isnan(t), "a group of one user: no test");

	/* overlapping groups (weekend y1/n1, weekday y0/n0 of the same users) */
	double u[4][4] = {{9, 2, 6, 2}, {4, 1, 10, 3}, {0, 0, 8, 2}, {7, 2, 0, 0}};
	struct stats_cluster_sums g1 = {0, 0, 0, 0, 0, 0}, g0 = g1;
	struct stats_cluster_cross c = {0, 0, 0, 0, 0};
	for (int i = 0; i < 4; i++) {
		stats_cluster_add(&g1, u[i][0], u[i][1]);
		stats_cluster_add(&g0, u[i][2], u[i][3]);
		stats_cluster_cross_add(&c, u[i][0], u[i][1], u[i][2], u[i][3]);
	}
	p = stats_cluster_diff_test(&g1, &g0, &c, &d, &t, &df);
	CHECK(c.users == 4 && df == 3, "overlapping: 4 users, 3 df");
	CHECK_NEAR(d, 0.571428571428572, 1e-12, "overlapping difference %.17g", d);
	CHECK_NEAR(t, 1.192219993482823, 1e-12, "overlapping t %.17g", t);
	CHECK_NEAR(p, 0.318884112302019, 1e-9, "overlapping p %.17g", p);
}

static void test_rules(void)
{
	double z, p = analytics_proportion_test(121, 943, 0.15, &z);
	CHECK_NEAR(z, -1.865015190986932, 1e-12, "proportion z %.17g", z);
	CHECK_NEAR(p, 6.217927492789384e-02, 1e-12, "proportion p %.17g", p);
	CHECK(analytics_prefers(1.1, 0.01, 0.0099, 20, 20),
	      "lift 1.1, 1 point, p 0.0099, 20 users: prefers");
	CHECK(!analytics_prefers(1.0999, 0.05, 0.001, 100, 20), "lift below 1.1: no");
	CHECK(!analytics_prefers(1.2, 0.0099, 0.001, 100, 20), "lift 1.2 but 0.99 points: no");
	CHECK(!analytics_prefers(2, 0.05, 0.01, 100, 20), "adjusted p of exactly 0.01: no");
	CHECK(!analytics_prefers(2, 0.05, 0.001, 19, 20), "19 users of 20 required: no");
	CHECK(!analytics_prefers(NAN, 0.05, 0.001, 100, 20) &&
		      !analytics_prefers(2, 0.05, NAN, 100, 20) &&
		      !analytics_prefers(2, NAN, 0.001, 100, 20),
	      "NaN lift or p: no");
}

static void test_tz(void)
{
	CHECK(tz_days_from_civil(1970, 1, 1) == 0 && tz_days_from_civil(1969, 12, 31) == -1 &&
		      tz_days_from_civil(2000, 3, 1) == 11017,
	      "days from civil dates");
	int ok = 1;
	for (int64_t day = -800000; day <= 800000; day += 997) {
		int64_t y;
		int m, d;
		tz_civil_from_days(day, &y, &m, &d);
		ok &= tz_days_from_civil(y, m, d) == day && m >= 1 && m <= 12 && d >= 1 && d <= 31;
	}
	CHECK(ok, "civil dates round-trip over 4000 years");
	struct tm tm;
	CHECK(tz_set("UTC") == 0 && tz_local(0, &tm) == 0 && tm.tm_hour == 0 && tm.tm_wday == 4,
	      "UTC: 1970-01-01 00:00 is a Thursday");
	if (tz_set("America/New_York") == 0) {
		CHECK(tz_local(0, &tm) == 0 && tm.tm_mday == 31 && tm.tm_hour == 19,
		      "New York in winter: UTC - 5");
		CHECK(tz_local(15638400, &tm) == 0 && tm.tm_mday == 30 && tm.tm_hour == 20,
		      "New York in summer (1970-07-01 00:00 UTC): UTC - 4");
	}
}

int main(void)
{
	err_init("test_analytics");
	test_bins();
	test_cluster();
	test_rules();
	test_tz();
	return t_done();
}
