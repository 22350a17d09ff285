/*
 * blas: the BLAS and LAPACK entry points reel calls, from OpenBLAS.
 *
 * CBLAS comes through GSL's header (<gsl/gsl_cblas.h>), which declares the
 * same functions OpenBLAS exports; including OpenBLAS's own cblas.h as well
 * would clash with it.  The LAPACK routines and the thread control are
 * declared here by hand (OpenBLAS ships no LAPACKE on Debian).
 * blas_serial_* live in lib/blas.c.
 */
#ifndef REEL_BLAS_H
#define REEL_BLAS_H

#include <gsl/gsl_cblas.h>

/* LAPACK, Fortran calling convention, column-major. */
void spotrf_(const char *uplo, const int *n, float *a, const int *lda, int *info);
void spotrs_(const char *uplo, const int *n, const int *nrhs, const float *a, const int *lda,
	     float *b, const int *ldb, int *info);
/* Cholesky factor and inverse from it, in double (EASE's Gram inverse). */
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info);

/* reel parallelises above BLAS (over users, items, blocks), so every BLAS
 * call runs on one thread: inside a parallel region OpenBLAS's OpenMP build
 * does so by itself; outside one, bracket the call with these, which also
 * makes its result independent of the thread count.  (OpenBLAS follows
 * omp_get_max_threads(), and openblas_set_num_threads() would change the
 * caller's OpenMP thread count, so it is not used.) */
int blas_serial_begin(void);
void blas_serial_end(int saved);

#endif
