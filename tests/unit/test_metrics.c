/*
 * test_metrics: lib/metrics against hand computations.
 *
 * Each case states its list (the ranks of the hits), k and nrel, and the
 * arithmetic by which the expected figure was worked out on paper.  The
 * decimals quoted are for the reader; the checks use the closed forms, to
 * 1e-12.  Constants used: 1/log2(2) = 1, 1/log2(3) = 0.630929753571457,
 * 1/log2(4) = 0.5, 1/log2(5) = 0.430676558073393, 1/log2(6) = 0.386852807234542.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "err.h"
#include "metrics.h"
#include "t.h"

#define EPS 1e-12

static struct metrics_user eval(const uint32_t *ranks, uint32_t nhit, uint32_t k, uint32_t nrel)
{
	struct metrics_user m = {0};
	CHECK(metrics_user(ranks, nhit, k, nrel, &m) == 0, "metrics_user accepts %u hits, k %u",
	      nhit, k);
	return m;
}

/* Hits at ranks 1 and 3 of a list, k = 3, 3 relevant items. */
static void test_two_of_three(void)
{
	uint32_t r[] = {1, 3};
	struct metrics_user m = eval(r, 2, 3, 3);
	CHECK(m.hits == 2, "two of three: hits 2");
	/* recall = 2 / 3 = 0.666667 */
	CHECK_NEAR(m.recall, 2.0 / 3, EPS, "two of three: recall 2/3");
	/* precision = 2 / k = 2 / 3 */
	CHECK_NEAR(m.precision, 2.0 / 3, EPS, "two of three: precision 2/3");
	/* DCG = 1/log2(2) + 1/log2(4) = 1 + 0.5 = 1.5; ideal over min(3, 3) = 3 hits:
	 * 1 + 1/log2(3) + 1/log2(4) = 2.130929753571457; NDCG = 1.5 / 2.1309... = 0.703918089034 */
	CHECK_NEAR(m.ndcg, 1.5 / (1.5 + 1 / log2(3.0)), EPS, "two of three: ndcg 0.703918");
	CHECK_NEAR(m.ndcg, 0.7039180890341347, EPS, "two of three: ndcg, decimal");
	/* AP = (P@1 + P@3) / min(3, 3) = (1/1 + 2/3) / 3 = 5/9 = 0.555556 */
	CHECK_NEAR(m.ap, 5.0 / 9, EPS, "two of three: ap 5/9");
	/* first hit at rank 1: RR = 1 */
	CHECK_NEAR(m.rr, 1, EPS, "two of three: rr 1");
	CHECK(m.hit == 1, "two of three: hit 1");
}

/* Fewer relevant items than k: one relevant item, found at rank 3, k = 3. */
static void test_fewer_relevant_than_k(void)
{
	uint32_t r[] = {3};
	struct metrics_user m = eval(r, 1, 3, 1);
	/* recall = 1 / 1 */
	CHECK_NEAR(m.recall, 1, EPS, "one relevant: recall 1");
	/* precision = 1 / k = 1/3, not 1 / nrel */
	CHECK_NEAR(m.precision, 1.0 / 3, EPS, "one relevant: precision 1/3");
	/* DCG = 1/log2(4) = 0.5; ideal over min(3, 1) = 1 hit: 1/log2(2) = 1; NDCG = 0.5 */
	CHECK_NEAR(m.ndcg, 0.5, EPS, "one relevant: ndcg 0.5");
	/* AP = P@3 / min(3, 1) = (1/3) / 1 */
	CHECK_NEAR(m.ap, 1.0 / 3, EPS, "one relevant: ap 1/3");
	/* RR = 1 / 3 */
	CHECK_NEAR(m.rr, 1.0 / 3, EPS, "one relevant: rr 1/3");
}

/* No hit at all (also a user without recommendations): everything 0. */
static void test_no_hits(void)
{
	struct metrics_user m = eval(NULL, 0, 5, 2);
	CHECK(m.hits == 0 && m.recall == 0 && m.precision == 0 && m.ndcg == 0 && m.ap == 0 &&
		      m.rr == 0 && m.hit == 0,
	      "no hits: every figure 0");
}

/* Hits at ranks 2, 4 and 7 with k = 5 and 4 relevant items: rank 7 is past
 * the cut-off and does not count. */
static void test_cut_off(void)
{
	uint32_t r[] = {2, 4, 7};
	struct metrics_user m = eval(r, 3, 5, 4);
	CHECK(m.hits == 2, "cut-off: hits 2 (rank 7 > k)");
	/* recall = 2 / 4 = 0.5 (the denominator is nrel, not min(k, nrel)) */
	CHECK_NEAR(m.recall, 0.5, EPS, "cut-off: recall 1/2");
	/* precision = 2 / 5 */
	CHECK_NEAR(m.precision, 0.4, EPS, "cut-off: precision 2/5");
	/* DCG = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677 = 1.061606; ideal over min(5, 4) = 4:
	 * 1 + 0.630930 + 0.5 + 0.430677 = 2.561606; NDCG = 0.414429925012 */
	double dcg = 1 / log2(3.0) + 1 / log2(5.0);
	CHECK_NEAR(m.ndcg, dcg / (1.5 + dcg), EPS, "cut-off: ndcg 0.414430");
	CHECK_NEAR(m.ndcg, 0.4144299250118475, EPS, "cut-off: ndcg, decimal");
	/* AP = (P@2 + P@4) / min(5, 4) = (1/2 + 2/4) / 4 = 1/4 */
	CHECK_NEAR(m.ap, 0.25, EPS, "cut-off: ap 1/4");
	/* RR = 1 / 2 */
	CHECK_NEAR(m.rr, 0.5, EPS, "cut-off: rr 1/2");
	/* with k = 1 nothing is within the cut-off */
	struct metrics_user m1 = eval(r, 3, 1, 4);
	CHECK(m1.hits == 0 && m1.ndcg == 0 && m1.rr == 0 && m1.hit == 0, "cut-off: k 1, no hit");
}

/* The ideal list: both relevant items at ranks 1 and 2, k = 2. */
static void test_perfect(void)
{
	uint32_t r[] = {1, 2};
	struct metrics_user m = eval(r, 2, 2, 2);
	/* DCG equals the ideal DCG; AP = (1/1 + 2/2) / 2 = 1 */
	CHECK_NEAR(m.ndcg, 1, EPS, "perfect: ndcg 1");
	CHECK_NEAR(m.ap, 1, EPS, "perfect: ap 1");
	CHECK_NEAR(m.recall, 1, EPS, "perfect: recall 1");
	CHECK_NEAR(m.precision, 1, EPS, "perfect: precision 1");
}

/* A gap in the ranks (1, then 5) and k = 10 beyond the list's end. */
static void test_gap_and_long_k(void)
{
	uint32_t r[] = {1, 5};
	struct metrics_user m = eval(r, 2, 10, 2);
	/* precision = 2 / 10 even though the list is shorter than k */
	CHECK_NEAR(m.precision, 0.2, EPS, "gap: precision 2/10");
	/* DCG = 1 + 1/log2(6) = 1.386853; ideal over min(10, 2) = 2: 1 + 1/log2(3) = 1.630930;
	 * NDCG = 0.850344905535 */
	CHECK_NEAR(m.ndcg, (1 + 1 / log2(6.0)) / (1 + 1 / log2(3.0)), EPS, "gap: ndcg 0.850345");
	CHECK_NEAR(m.ndcg, 0.8503449055347546, EPS, "gap: ndcg, decimal");
	/* AP = (P@1 + P@5) / min(10, 2) = (1 + 2/5) / 2 = 0.7 */
	CHECK_NEAR(m.ap, 0.7, EPS, "gap: ap 0.7");
}

static void test_bad_arguments(void)
{
	struct metrics_user m;
	uint32_t down[] = {3, 2}, zero[] = {0}, one[] = {1};
	fprintf(stderr, "# five expected error messages follow\n");
	CHECK(metrics_user(one, 1, 0, 1, &m) < 0, "k 0 is refused");
	CHECK(metrics_user(NULL, 0, 5, 0, &m) < 0, "nrel 0 is refused");
	CHECK(metrics_user(down, 2, 5, 2, &m) < 0, "decreasing ranks are refused");
	CHECK(metrics_user(zero, 1, 5, 2, &m) < 0, "rank 0 is refused");
	CHECK(metrics_user(down, 2, 5, 1, &m) < 0, "more hits than relevant items are refused");
}

static void test_ideal_dcg(void)
{
	CHECK(metrics_ideal_dcg(0) == 0, "ideal dcg of 0 hits is 0");
	CHECK_NEAR(metrics_ideal_dcg(1), 1, EPS, "ideal dcg of 1 hit: 1/log2(2) = 1");
	/* 1 + 0.630929753571457 + 0.5 */
	CHECK_NEAR(metrics_ideal_dcg(3), 2.130929753571457, EPS, "ideal dcg of 3 hits: 2.130930");
}

static void test_self_information(void)
{
	/* rated by every one of 4 users: -log2(4/4) = 0, and +0, never -0 */
	double all = metrics_self_information(4, 4);
	CHECK(all == 0 && !signbit(all), "self-information of an item everyone rated: +0");
	/* -log2(2/4) = 1; -log2(1/4) = 2 */
	CHECK_NEAR(metrics_self_information(2, 4), 1, EPS, "self-information 2 of 4: 1 bit");
	CHECK_NEAR(metrics_self_information(1, 4), 2, EPS, "self-information 1 of 4: 2 bits");
	/* an item no training user rated counts as rated by one: log2(4) = 2 */
	CHECK_NEAR(metrics_self_information(0, 4), 2, EPS, "self-information 0 of 4: as 1, 2 bits");
	/* -log2(3/8) = 3 - log2(3) = 3 - 1.584962500721156 = 1.415037499278844 */
	CHECK_NEAR(metrics_self_information(3, 8), 1.415037499278844, EPS,
		   "self-information 3 of 8: 1.415037 bits");
}

static void test_err(void)
{
	struct metrics_err e = {0};
	CHECK(metrics_err_rmse(&e) == 0 && metrics_err_mae(&e) == 0, "no pairs: rmse and mae 0");
	/* errors -0.5, +1, -0.5: SSE = 0.25 + 1 + 0.25 = 1.5, MSE = 0.5, RMSE = sqrt(0.5)
	 * = 0.707106781187; SAE = 2, MAE = 2/3 */
	metrics_err_add(&e, 4, 3.5);
	metrics_err_add(&e, 2, 3);
	metrics_err_add(&e, 5, 4.5);
	CHECK(e.n == 3, "three pairs counted");
	CHECK_NEAR(metrics_err_rmse(&e), 0.7071067811865476, EPS, "rmse sqrt(0.5)");
	CHECK_NEAR(metrics_err_mae(&e), 2.0 / 3, EPS, "mae 2/3");
}

/* metrics_recs_read groups by user and sorts by rank, whatever the line
 * order; users absent from the file have no list. */
static void test_recs_read(void)
{
	char path[] = "/tmp/reel-test-metrics.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	CHECK(fp != NULL, "temporary recs file");
	if (!fp)
		return;
	fputs("7\t30\t2\t0.5\n9\t31\t1\t2\n7\t32\t1\t0.9\n7\t33\t5\t-1e3\n", fp);
	fclose(fp);
	struct metrics_recs *rs = metrics_recs_read(path);
	unlink(path);
	CHECK(rs != NULL && rs->n == 4 && rs->longest == 3, "recs read: 4 lines, longest list 3");
	if (!rs)
		return;
	uint64_t n;
	const struct metrics_rec *a = metrics_recs_of(rs, 7, &n);
	CHECK(n == 3 && a[0].rank == 1 && a[0].item == 32 && a[0].line == 3 && a[1].rank == 2 &&
		      a[1].item == 30 && a[2].rank == 5 && a[2].item == 33,
	      "recs read: user 7's list in rank order");
	a = metrics_recs_of(rs, 9, &n);
	CHECK(n == 1 && a[0].item == 31, "recs read: user 9's list");
	CHECK(metrics_recs_of(rs, 8, &n) == NULL && n == 0, "recs read: user 8 has no list");
	metrics_recs_free(rs);
}

int main(int argc, char **argv)
{
	(void)argc;
	err_init(argv[0]);
	test_two_of_three();
	test_fewer_relevant_than_k();
	test_no_hits();
	test_cut_off();
	test_perfect();
	test_gap_and_long_k();
	test_bad_arguments();
	test_ideal_dcg();
	test_self_information();
	test_err();
	test_recs_read();
	return t_done();
}
