/* Unit tests of lib/abtest: the per-user table reader, the assignment hash
 * (FNV-1a test vectors; arms of users 1..12 under salt "reel" from
 * tests/reference/abtest.py's independent implementation), the bootstrap
 * and the binomial region (exact sums in tests/reference/abtest.py). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics.h>

#include "abtest.h"
#include "err.h"
#include "rng.h"
#include "t.h"

static char *write_tmp(const char *text)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/test_abtest.%ld.tsv", (long)getpid());
	FILE *fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void table(void)
{
	char *path = write_tmp("user\trelevant\tm1\n7\t3\t0.5\n2\t1\t-1e-3\n");
	struct abtest_table *t = abtest_table_read(path);
	CHECK(t && t->n == 2 && t->ncols == 3, "table: 2 rows, 3 columns");
	CHECK(t && t->user[0] == 7 && t->value[1 * 3 + 2] == -1e-3,
	      "table: ids and values in file order");
	CHECK(t && abtest_table_row(t, 2) == 1 && abtest_table_row(t, 5) == -1,
	      "table: row of a user");
	CHECK(t && abtest_table_column(t, "m1") == 2, "table: column by name");
	fprintf(stderr, "(an expected message follows)\n");
	CHECK(t && abtest_table_column(t, "m2") == -1, "table: a missing column is -1");
	abtest_table_free(t);
	path = write_tmp("user\tm1\n7\t0.5\n7\t0.25\n");
	fprintf(stderr, "(an expected message follows)\n");
	CHECK(abtest_table_read(path) == NULL, "table: a user given twice is an error");
	unlink(path);
}

static void hash(void)
{
	CHECK(abtest_fnv1a64("") == 0xcbf29ce484222325ull, "FNV-1a 64 of the empty string");
	CHECK(abtest_fnv1a64("a") == 0xaf63dc4c8601ec8cull, "FNV-1a 64 of 'a'");
	CHECK(abtest_fnv1a64("foobar") == 0x85944171f73967e8ull, "FNV-1a 64 of 'foobar'");
	/* users 1..12, salt "reel", split 0.5: B for 2 5 7 8 11 */
	static const int want[] = {0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0};
	uint64_t h = abtest_fnv1a64("reel");
	int same = 1;
	for (uint32_t u = 1; u <= 12; u++)
		same &= abtest_arm(h, u, 0.5) == want[u - 1];
	CHECK(same, "arms of users 1..12 under salt 'reel' match the Python reference");
	/* the share in B is the split, within 4 standard deviations */
	uint32_t n = 100000, inb = 0;
	for (uint32_t u = 0; u < n; u++)
		inb += (uint32_t)abtest_arm(abtest_fnv1a64("s2"), u, 0.3);
	double sd = sqrt(n * 0.3 * 0.7);
	CHECK(fabs(inb - 0.3 * n) < 4 * sd, "share in B %u of %u, near 0.3", inb, n);
}

static void bootstrap(void)
{
	double x[50], lo, hi, lo2, hi2, mean = 0;
	for (int i = 0; i < 50; i++)
		mean += (x[i] = sin(i * 1.3) + 0.2) / 50;
	abtest_bootstrap_mean(x, 50, 4000, 42, 0.05, &lo, &hi);
	abtest_bootstrap_mean(x, 50, 4000, 42, 0.05, &lo2, &hi2);
	CHECK(lo == lo2 && hi == hi2, "bootstrap: the same seed, the same interval");
	CHECK(lo < mean && mean < hi, "bootstrap: %g < %g < %g", lo, mean, hi);
	/* the standard error is sd / sqrt(50) ~ 0.1: the 95 % interval is ~0.4 wide */
	CHECK(hi - lo > 0.25 && hi - lo < 0.55, "bootstrap: width %g", hi - lo);
	abtest_bootstrap_mean(x, 1, 100, 42, 0.05, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi), "bootstrap: NaN for one value");
}

/* The bootstrap as it stood before the metrics shared one pass of draws:
 * the results must not move. */
static void bootstrap_one_by_one(const double *x, uint64_t n, uint64_t reps, uint64_t seed,
				 double *lo, double *hi)
{
	gsl_rng *rng = rng_new(seed);
	double *means = xmallocarray(reps, sizeof *means);
	for (uint64_t b = 0; b < reps; b++) {
		double sum = 0;
		for (uint64_t i = 0; i < n; i++)
			sum += x[rng_below(rng, n)];
		means[b] = sum / (double)n;
	}
	gsl_sort(means, 1, reps);
	*lo = gsl_stats_quantile_from_sorted_data(means, 1, reps, 0.025);
	*hi = gsl_stats_quantile_from_sorted_data(means, 1, reps, 0.975);
	free(means);
	gsl_rng_free(rng);
}

static void bootstrap_many(void)
{
	enum { N = 301, M = 3 };
	double x[M][N], lo[M], hi[M];
	const double *px[M];
	for (int j = 0; j < M; j++) {
		for (int i = 0; i < N; i++)
			x[j][i] = sin(i * (1.3 + j)) + j;
		px[j] = x[j];
	}
	abtest_bootstrap_means(px, M, N, 500, 7, 0.05, lo, hi);
	for (int j = 0; j < M; j++) {
		double l, h;
		bootstrap_one_by_one(x[j], N, 500, 7, &l, &h);
		CHECK(lo[j] == l && hi[j] == h,
		      "bootstrap of %d metrics at once: metric %d as alone", M, j);
	}
	struct abtest_result r[M], one;
	const double *pa[M] = {x[0], x[1], x[2]}, *pb[M] = {x[1], x[2], x[0]};
	abtest_paired_many(pa, pb, M, N, 0.05, 500, 7, r);
	for (int j = 0; j < M; j++) {
		abtest_paired(pa[j], pb[j], N, 0.05, 500, 7, &one);
		CHECK(memcmp(&one, &r[j], sizeof one) == 0,
		      "paired test of %d metrics: metric %d as alone", M, j);
	}
}

static void region(void)
{
	uint64_t lo, hi;
	abtest_binomial_region(400, 0.05, 0.01, &lo, &hi);
	CHECK(lo == 10 && hi == 32, "Binomial(400, 0.05) 99 %% region %llu..%llu, reference 10..32",
	      (unsigned long long)lo, (unsigned long long)hi);
	abtest_binomial_region(20, 0.5, 0.05, &lo, &hi);
	/* P(X <= 5) = 0.0207 <= 0.025 < P(X <= 6) = 0.0577; P(X <= 14) = 0.9793 >= 0.975 */
	CHECK(lo == 6 && hi == 14, "Binomial(20, 0.5) 95 %% region %llu..%llu, expected 6..14",
	      (unsigned long long)lo, (unsigned long long)hi);
}

static void split_and_srm(void)
{
	/* 520 against 480 of 1000 at a 0.5 split: chi-square 1.6, p =
	 * erfc(sqrt(0.8)) = 0.205903210732 (tests/reference/stats.py) */
	CHECK_NEAR(abtest_srm(520, 480, 0.5), 0.205903210732, 1e-9, "SRM p of 520 / 480");
	/* a 0.2 split: expected 200 of 1000 in B; 200 observed, p = 1 */
	CHECK_NEAR(abtest_srm(800, 200, 0.2), 1, 1e-12, "SRM p of an exact 800 / 200 at 0.2");
	double a[] = {1, 2, 3, 4}, b[] = {2, 3, 4, 5, 6};
	struct abtest_result r;
	abtest_split(a, 4, b, 5, 0.05, &r);
	CHECK(r.n_a == 4 && r.n_b == 5 && r.diff == 1.5 && r.t > 0, "split: B - A = 1.5, t > 0");
	CHECK(r.ci_lo < 1.5 && 1.5 < r.ci_hi && isnan(r.p_wilcoxon), "split: interval around it");
	double pa[] = {1, 2, 3, 4}, pb[] = {1.5, 2.25, 3.75, 4.5};
	abtest_paired(pa, pb, 4, 0.05, 0, 42, &r);
	CHECK(r.diff == 0.5 && r.df == 3 && isnan(r.boot_lo), "paired: mean difference 0.5, 3 df");
	/* differences 0.5 0.25 0.75 0.5: sd 0.2041; a 5 % MDE of A's mean
	 * 2.5 is 0.125: ceil(7.849 x 0.04167 / 0.015625) = 21 pairs */
	CHECK(r.n_mde == 21, "paired: %g pairs for the MDE", r.n_mde);
}

int main(void)
{
	err_init("test_abtest");
	table();
	hash();
	bootstrap();
	bootstrap_many();
	region();
	split_and_srm();
	return t_done();
}
