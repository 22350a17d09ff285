/*
 * latency: time stamps, percentiles and histograms of measured latencies.
 *
 * Latencies are int64_t nanoseconds from latency_now(), which reads
 * CLOCK_MONOTONIC (immune to changes of the wall clock).  Percentiles use
 * the nearest-rank definition, which never interpolates, so every figure
 * reported is a latency that was measured: the q-th percentile of n sorted
 * values is the value at 1-based rank ceil(q n / 100) (rank 1 for q n
 * rounding to 0), the smallest value with at least q % of the values at or
 * below it.  q is given in parts per million (p99.9 = 999000), so the rank
 * is computed exactly in integers.
 */
#ifndef REEL_LATENCY_H
#define REEL_LATENCY_H

#include <stdint.h>

/* Nanoseconds on the monotonic clock (an arbitrary origin). */
int64_t latency_now(void);

/* Sort x[0..n) ascending, in place. */
void latency_sort(int64_t *x, uint64_t n);

/* The nearest-rank percentile of sorted[0..n), ppm parts per million
 * (1..1000000; 1000000 is the maximum).  0 when n = 0. */
int64_t latency_percentile(const int64_t *sorted, uint64_t n, uint32_t ppm);

/* Histogram bins: LATENCY_BINS_PER_DECADE logarithmic bins per factor of
 * 10, bin j holding latencies t with 10^(j / B) <= t / 1 us < 10^((j + 1) / B)
 * (B bins per decade; t <= 0 counts in the lowest bin shown). */
#define LATENCY_BINS_PER_DECADE 20

struct latency_bin {
	double lo_us, hi_us; /* the bin's edges in microseconds */
	uint64_t count;
};

/* The bins from the one holding sorted[0] to the one holding
 * sorted[n - 1], empty bins included; *bins is allocated (caller frees),
 * the return value is their number (0 when n = 0). */
uint64_t latency_histogram(const int64_t *sorted, uint64_t n, struct latency_bin **bins);

#endif
