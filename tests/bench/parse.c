/*
 * parse: seconds to read a ratings file with lib/ratings (the TSV reader,
 * strict number parsing, id maps), median of R runs (argv[2], default 3),
 * on one thread.  Prints "lines seconds".
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "ratings.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	err_init("bench-parse");
	int runs = argc > 2 ? atoi(argv[2]) : 3;
	double t[16];
	uint64_t n = 0;
	for (int r = 0; r < runs && r < 16; r++) {
		double t0 = omp_get_wtime();
		struct ratings *rt = ratings_read(argv[1], 0);
		if (!rt)
			return 1;
		t[r] = omp_get_wtime() - t0;
		n = rt->n;
		ratings_free(rt);
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	printf("%llu %.3f\n", (unsigned long long)n, t[runs / 2]);
	return 0;
}
