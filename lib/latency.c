#include "latency.h"
#include "err.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

int64_t latency_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

void latency_sort(int64_t *x, uint64_t n)
{
	qsort(x, n, sizeof *x, cmp_i64);
}

int64_t latency_percentile(const int64_t *sorted, uint64_t n, uint32_t ppm)
{
	if (n == 0)
		return 0;
	if (ppm > 1000000)
		ppm = 1000000;
	uint64_t rank = ((uint64_t)ppm * n + 999999) / 1000000; /* ceil, exactly */
	if (rank == 0)
		rank = 1;
	return sorted[rank - 1];
}

/* The bin of a latency: floor(B log10(t / 1 us)), corrected so that the
 * edges computed by edge_us() agree with it despite rounding in log10. */
static double edge_us(int64_t j)
{
	return pow(10, (double)j / LATENCY_BINS_PER_DECADE);
}

static int64_t bin_of(int64_t ns)
{
	double us = (double)(ns > 1 ? ns : 1) / 1000;
	int64_t j = (int64_t)floor(LATENCY_BINS_PER_DECADE * log10(us));
	while (us < edge_us(j))
		j--;
	while (us >= edge_us(j + 1))
		j++;
	return j;
}

uint64_t latency_histogram(const int64_t *sorted, uint64_t n, struct latency_bin **bins)
{
	*bins = NULL;
	if (n == 0)
		return 0;
	int64_t first = bin_of(sorted[0]), last = bin_of(sorted[n - 1]);
	uint64_t nb = (uint64_t)(last - first + 1);
	struct latency_bin *b = xcalloc(nb, sizeof *b);
	for (uint64_t k = 0; k < nb; k++) {
		b[k].lo_us = edge_us(first + (int64_t)k);
		b[k].hi_us = edge_us(first + (int64_t)k + 1);
	}
	for (uint64_t i = 0; i < n; i++)
		b[bin_of(sorted[i]) - first].count++;
	*bins = b;
	return nb;
}
