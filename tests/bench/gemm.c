/*
 * gemm: the machine's single-precision matrix-multiply rate, the physical
 * ceiling against which make bench reports ALS's achieved GFLOP/s.
 * Prints the median GFLOP/s of 5 SGEMMs of N x N matrices (N = argv[1],
 * default 2048) with OpenBLAS on the threads OpenMP is given.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "blas.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2048;
	float *A = malloc(sizeof(float) * n * n), *B = malloc(sizeof(float) * n * n),
	      *C = malloc(sizeof(float) * n * n);
	for (long i = 0; i < (long)n * n; i++) {
		A[i] = (float)(i % 7) * 0.1f;
		B[i] = (float)(i % 5) * 0.2f;
	}
	double rate[5];
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, A, n, B, n, 0, C, n);
	for (int r = 0; r < 5; r++) {
		double t0 = omp_get_wtime();
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, A, n, B, n, 0, C,
			    n);
		rate[r] = 2.0 * n * n * n / (omp_get_wtime() - t0) / 1e9;
	}
	qsort(rate, 5, sizeof *rate, cmp_double);
	printf("%.1f\n", rate[2]);
	free(A);
	free(B);
	free(C);
	return 0;
}
