/* Unit tests of lib/latency: nearest-rank percentiles on known sets (the
 * value at rank ceil(q n), worked out by hand below) and the histogram's
 * bins. */
#include <stdlib.h>

#include "err.h"
#include "latency.h"
#include "t.h"

#define P50 500000
#define P90 900000
#define P99 990000
#define P999 999000
#define MAX 1000000

int main(void)
{
	err_init("test_latency");
	int64_t x[1000];
	for (int i = 0; i < 1000; i++)
		x[i] = 1000 - i; /* 1000 .. 1, sorted below */
	latency_sort(x, 1000);
	CHECK(x[0] == 1 && x[999] == 1000, "sort ascending");
	/* n = 1000: ranks 500, 900, 990, 999, 1000 */
	CHECK(latency_percentile(x, 1000, P50) == 500, "1..1000: p50 = 500");
	CHECK(latency_percentile(x, 1000, P90) == 900, "1..1000: p90 = 900");
	CHECK(latency_percentile(x, 1000, P99) == 990, "1..1000: p99 = 990");
	CHECK(latency_percentile(x, 1000, P999) == 999, "1..1000: p99.9 = 999");
	CHECK(latency_percentile(x, 1000, MAX) == 1000, "1..1000: max = 1000");

	/* n = 7, values 10 20 ... 70: p50 rank ceil(3.5) = 4 (40); p90 rank
	 * ceil(6.3) = 7 (70); p10 rank ceil(0.7) = 1 (10); p14.3 (143000 ppm)
	 * rank ceil(1.001) = 2 (20); p14.28 (142800) rank ceil(0.9996) = 1 */
	int64_t y[] = {70, 10, 40, 20, 60, 30, 50};
	latency_sort(y, 7);
	CHECK(latency_percentile(y, 7, P50) == 40, "7 values: p50 is the 4th");
	CHECK(latency_percentile(y, 7, P90) == 70, "7 values: p90 is the 7th");
	CHECK(latency_percentile(y, 7, 100000) == 10, "7 values: p10 is the 1st");
	CHECK(latency_percentile(y, 7, 143000) == 20, "7 values: p14.3 is the 2nd");
	CHECK(latency_percentile(y, 7, 142800) == 10, "7 values: p14.28 is the 1st");

	/* n = 10: p50 rank 5, p90 rank 9, p99 rank ceil(9.9) = 10 */
	int64_t z[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100};
	CHECK(latency_percentile(z, 10, P50) == 5, "10 values: p50 is the 5th, no interpolation");
	CHECK(latency_percentile(z, 10, P90) == 9, "10 values: p90 is the 9th");
	CHECK(latency_percentile(z, 10, P99) == 100, "10 values: p99 is the 10th");
	int64_t one = 42;
	CHECK(latency_percentile(&one, 1, P50) == 42 && latency_percentile(&one, 1, 1) == 42,
	      "one value: every percentile is it");
	CHECK(latency_percentile(NULL, 0, P50) == 0, "no values: 0");

	/* 1 us and 10 us are bin edges (20 a decade): bins 0 and 20 */
	int64_t h[] = {1000, 1100, 1200, 9999, 10000};
	struct latency_bin *b;
	uint64_t nb = latency_histogram(h, 5, &b);
	CHECK(nb == 21, "histogram: 1 us .. 10 us spans 21 bins, got %llu", (unsigned long long)nb);
	CHECK(nb == 21 && b[0].lo_us == 1 && b[0].count == 2,
	      "histogram: [1, 1.122) holds 1 and 1.1 us");
	CHECK(nb == 21 && b[1].count == 1, "histogram: [1.122, 1.259) holds 1.2 us");
	CHECK(nb == 21 && b[19].count == 1 && b[20].count == 1 && b[20].lo_us == 10,
	      "histogram: 9.999 us in the bin below 10, 10 us in the bin from 10");
	uint64_t sum = 0;
	for (uint64_t j = 0; j < nb; j++)
		sum += b[j].count;
	CHECK(sum == 5, "histogram: counts add up");
	free(b);
	return t_done();
}
