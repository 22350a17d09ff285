/* Unit tests of lib/als: the solvers against a direct dense solve, the
 * loss never rising under exact solves, fold-in's normal equations, and
 * bit-identical results whatever the thread count. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>

#include "als.h"
#include "err.h"
#include "rng.h"
#include "spm.h"
#include "t.h"

/* The implicit system of one user, built and solved in double with GSL:
 * A = a0 F'F + lambda I + sum_j w_j f_j f_j', b = sum_j (a0 + w_j) f_j
 * (a0 the unobserved pairs' confidence, 1 in Hu et al.'s model). */
static void dense_solve(const float *F, uint32_t n, uint32_t k, double a0, double lambda,
			const uint32_t *idx, const float *w, uint32_t cnt, double *x)
{
	gsl_matrix *A = gsl_matrix_calloc(k, k);
	gsl_vector *b = gsl_vector_calloc(k), *xv = gsl_vector_alloc(k);
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t a = 0; a < k; a++)
			for (uint32_t c = 0; c < k; c++)
				*gsl_matrix_ptr(A, a, c) += a0 * F[i * k + a] * F[i * k + c];
	for (uint32_t a = 0; a < k; a++)
		*gsl_matrix_ptr(A, a, a) += lambda;
	for (uint32_t j = 0; j < cnt; j++) {
		const float *f = F + idx[j] * k;
		for (uint32_t a = 0; a < k; a++) {
			*gsl_vector_ptr(b, a) += (a0 + w[j]) * f[a];
			for (uint32_t c = 0; c < k; c++)
				*gsl_matrix_ptr(A, a, c) += (double)w[j] * f[a] * f[c];
		}
	}
	gsl_linalg_cholesky_decomp1(A);
	gsl_linalg_cholesky_solve(A, b, xv);
	for (uint32_t a = 0; a < k; a++)
		x[a] = gsl_vector_get(xv, a);
	gsl_matrix_free(A);
	gsl_vector_free(b);
	gsl_vector_free(xv);
}

static double max_rel_diff(const float *a, const double *b, uint32_t k)
{
	double d = 0, scale = 0;
	for (uint32_t q = 0; q < k; q++) {
		d = fmax(d, fabs(a[q] - b[q]));
		scale = fmax(scale, fabs(b[q]));
	}
	return d / scale;
}

static void test_solvers(uint32_t k, uint32_t cnt)
{
	uint32_t n = 3 * cnt + 1;
	gsl_rng *rng = rng_new(k);
	float *F = malloc(sizeof(float) * n * k), *w = malloc(sizeof(float) * cnt);
	uint32_t *idx = malloc(sizeof(uint32_t) * cnt);
	for (uint32_t i = 0; i < n * k; i++)
		F[i] = (float)gsl_ran_gaussian(rng, 0.3);
	for (uint32_t j = 0; j < cnt; j++) {
		idx[j] = j * 3;
		w[j] = (float)(2.0 * (1 + j % 5));
	}
	double lambda = 0.5, want[64];
	dense_solve(F, n, k, 1, lambda, idx, w, cnt, want);

	/* exact: fold-in solves this very system by Cholesky */
	struct als_state s = {0, n, k, NULL, F, NULL, NULL, 0};
	struct als_params p = {.k = k, .lambda = lambda, .alpha = 1};
	float G[64 * 64], x[64], *ratings = malloc(sizeof(float) * cnt);
	float *scratch = malloc(sizeof(float) * (3 * k + cnt)); /* as documented: no more */
	for (uint32_t j = 0; j < cnt; j++)
		ratings[j] = w[j]; /* alpha 1: weight = rating */
	als_gram(F, n, k, lambda, G);
	CHECK(als_fold_in(&s, &p, G, idx, ratings, cnt, x, NULL) == 0 &&
		      max_rel_diff(x, want, k) < 1e-4,
	      "k=%u, %u ratings: Cholesky solve agrees with GSL's dense solve", k, cnt);

	/* conjugate gradient converges to it from zero in k steps (exactly,
	 * in exact arithmetic); a few more absorb rounding */
	memset(x, 0, sizeof x);
	als_cg_solve(G, F, idx, w, cnt, k, (int)k + 5, x, scratch);
	CHECK(max_rel_diff(x, want, k) < 1e-3,
	      "k=%u, %u ratings: CG solve agrees with GSL's dense solve", k, cnt);
	/* and warm-started from the answer, it stays there */
	for (uint32_t q = 0; q < k; q++)
		x[q] = (float)want[q];
	als_cg_solve(G, F, idx, w, cnt, k, 3, x, scratch);
	CHECK(max_rel_diff(x, want, k) < 1e-4,
	      "k=%u, %u ratings: CG warm start at the solution stays", k, cnt);
	free(F);
	free(w);
	free(idx);
	free(ratings);
	free(scratch);
	gsl_rng_free(rng);
}

/* Rendle et al.'s generalisation: fold-in (the Cholesky row solve) with
 * unobserved confidence a0 and penalty lambda (cnt + a0 n)^nu against the
 * dense solve of that system. */
static void test_rendle_solve(uint32_t k, uint32_t cnt)
{
	uint32_t n = 3 * cnt + 1;
	gsl_rng *rng = rng_new(k + 7);
	float *F = malloc(sizeof(float) * n * k), *w = malloc(sizeof(float) * cnt);
	uint32_t *idx = malloc(sizeof(uint32_t) * cnt);
	for (uint32_t i = 0; i < n * k; i++)
		F[i] = (float)gsl_ran_gaussian(rng, 0.3);
	for (uint32_t j = 0; j < cnt; j++) {
		idx[j] = j * 3;
		w[j] = (float)(1 + j % 5);
	}
	struct als_params p = {.k = k, .lambda = 0.02, .alpha = 1, .alpha0 = 0.25, .reg_nu = 0.6};
	double want[64], lambda_u = 0.02 * pow(cnt + 0.25 * n, 0.6);
	dense_solve(F, n, k, 0.25, lambda_u, idx, w, cnt, want);
	struct als_state s = {0, n, k, NULL, F, NULL, NULL, 0};
	float G[64 * 64], x[64];
	als_shared_gram(F, n, k, &p, G);
	CHECK(als_fold_in(&s, &p, G, idx, w, cnt, x, NULL) == 0 && max_rel_diff(x, want, k) < 1e-4,
	      "k=%u, %u ratings: alpha0 0.25, nu 0.6: Cholesky agrees with GSL's dense solve", k,
	      cnt);
	/* nu 0: lambda sits in the shared G, alpha0 still scales F'F */
	p.reg_nu = 0;
	dense_solve(F, n, k, 0.25, 0.02, idx, w, cnt, want);
	als_shared_gram(F, n, k, &p, G);
	CHECK(als_fold_in(&s, &p, G, idx, w, cnt, x, NULL) == 0 && max_rel_diff(x, want, k) < 1e-4,
	      "k=%u, %u ratings: alpha0 0.25, nu 0: Cholesky agrees with GSL's dense solve", k,
	      cnt);
	/* alpha0 1, nu 0 is Hu et al.'s system, bit for bit */
	float G1[64 * 64];
	p.alpha0 = 1;
	als_shared_gram(F, n, k, &p, G);
	als_gram(F, n, k, p.lambda, G1);
	CHECK(memcmp(G, G1, sizeof(float) * k * k) == 0,
	      "k=%u: alpha0 1, nu 0: the shared Gram matrix is als_gram's", k);
	free(F);
	free(w);
	free(idx);
	gsl_rng_free(rng);
}

/* als_solve_spd() against GSL in double, for sizes on both of its paths
 * (multiples of 8: its own factorisation; others: LAPACK).  Only the upper
 * triangle is promised to be read: the lower one is filled with NaN. */
static void test_spd(uint32_t k)
{
	gsl_rng *rng = rng_new(100 + k);
	uint32_t n = k + 7;
	float *F = malloc(sizeof(float) * n * k), *A = malloc(sizeof(float) * k * k);
	float *b = malloc(sizeof(float) * k);
	gsl_matrix *D = gsl_matrix_calloc(k, k);
	gsl_vector *db = gsl_vector_alloc(k), *dx = gsl_vector_alloc(k);
	for (uint32_t i = 0; i < n * k; i++)
		F[i] = (float)gsl_ran_gaussian(rng, 1);
	for (uint32_t a = 0; a < k; a++) {
		b[a] = (float)gsl_ran_gaussian(rng, 1);
		gsl_vector_set(db, a, b[a]);
		for (uint32_t c = 0; c < k; c++) {
			float v = a == c ? 0.5f : 0;
			for (uint32_t i = 0; i < n; i++)
				v += F[i * k + a] * F[i * k + c];
			gsl_matrix_set(D, a, c, v);
			A[a * k + c] = c >= a ? v : NAN;
		}
	}
	gsl_linalg_cholesky_decomp1(D);
	gsl_linalg_cholesky_solve(D, db, dx);
	int rc = als_solve_spd(A, b, k);
	CHECK(rc == 0 && max_rel_diff(b, dx->data, k) < 1e-3,
	      "k=%u: als_solve_spd agrees with GSL, NaN below the diagonal unread", k);
	/* not positive definite: one negative pivot, found wherever it is */
	for (uint32_t a = 0; a < k; a++)
		for (uint32_t c = a; c < k; c++)
			A[a * k + c] = a == c ? 1.0f : 0.0f;
	A[(k - 1) * k + (k - 1)] = -1;
	CHECK(als_solve_spd(A, b, k) < 0, "k=%u: an indefinite system is refused", k);
	free(F);
	free(A);
	free(b);
	gsl_matrix_free(D);
	gsl_vector_free(db);
	gsl_vector_free(dx);
	gsl_rng_free(rng);
}

/* A small random ratings matrix: m users x n items, each user 6..15 items. */
static struct spm *random_ratings(uint32_t m, uint32_t n, uint64_t seed)
{
	gsl_rng *rng = rng_new(seed);
	uint32_t *rows = malloc(sizeof(uint32_t) * m * 16),
		 *cols = malloc(sizeof(uint32_t) * m * 16);
	float *vals = malloc(sizeof(float) * m * 16);
	uint64_t nnz = 0;
	for (uint32_t u = 0; u < m; u++) {
		uint32_t cnt = 6 + (uint32_t)rng_below(rng, 10),
			 start = (uint32_t)rng_below(rng, n);
		for (uint32_t j = 0; j < cnt; j++) {
			rows[nnz] = u;
			cols[nnz] = (start + j * 7) % n; /* 7 and n coprime: distinct */
			vals[nnz++] = (float)(1 + rng_below(rng, 5));
		}
	}
	struct spm *R = spm_build(m, n, nnz, rows, cols, vals, NULL);
	free(rows);
	free(cols);
	free(vals);
	gsl_rng_free(rng);
	return R;
}

struct losses {
	double v[64];
	int n;
};

static int record(void *ctx, int iter, double loss, double seconds)
{
	(void)iter;
	(void)seconds;
	struct losses *l = ctx;
	l->v[l->n++] = loss;
	return 0;
}

static int train(const struct als_params *p, int threads, float *X, float *Y, float *ub, float *ib,
		 struct losses *l)
{
	struct spm *R = random_ratings(60, 45, 3), *Rt = spm_transpose(R);
	struct als_state s = {60, 45, p->k, X, Y, ub, ib, 0};
	omp_set_num_threads(threads);
	als_init(&s, p);
	als_prepare(&s, R, Rt, p);
	int rc = als_train(&s, R, Rt, p, 1, record, l);
	spm_free(R);
	spm_free(Rt);
	return rc;
}

/* Training solves CG rows four at a time; each must come out bit for bit
 * as the lone solve als_cg_solve() makes from the same start. */
static void test_cg_groups(uint32_t k)
{
	uint32_t m = 61, n = 45; /* 61: the last group has one row */
	struct spm *R = random_ratings(m, n, 5), *Rt = spm_transpose(R);
	float *X = malloc(sizeof(float) * m * k), *Y = malloc(sizeof(float) * n * k);
	float *X0 = malloc(sizeof(float) * m * k), *Y0 = malloc(sizeof(float) * n * k);
	float *G = malloc(sizeof(float) * k * k), *x = malloc(sizeof(float) * k);
	float *scratch = malloc(sizeof(float) * (3 * k + 16));
	struct als_params p = {.k = k,
			       .lambda = 0.3,
			       .alpha = 4,
			       .iters = 1,
			       .solver = ALS_CG,
			       .cg_steps = 3,
			       .seed = 11,
			       .init_scale = 0.2};
	struct als_state s = {m, n, k, X, Y, NULL, NULL, 0};
	als_init(&s, &p);
	als_prepare(&s, R, Rt, &p);
	memcpy(X0, X, sizeof(float) * m * k);
	memcpy(Y0, Y, sizeof(float) * n * k);
	/* one iteration: X is the users' half-step from X0 against Y0 */
	omp_set_num_threads(2);
	als_train(&s, R, Rt, &p, 0, NULL, NULL);
	als_gram(Y0, n, k, p.lambda, G);
	uint32_t same = 0;
	for (uint32_t u = 0; u < m; u++) {
		uint64_t b = R->indptr[u], cnt = R->indptr[u + 1] - b;
		memcpy(x, X0 + (size_t)u * k, sizeof(float) * k);
		als_cg_solve(G, Y0, R->indices + b, R->data + b, cnt, k, 3, x, scratch);
		same += memcmp(x, X + (size_t)u * k, sizeof(float) * k) == 0;
	}
	CHECK(same == m, "k=%u: CG rows solved four at a time equal lone solves (%u of %u)", k,
	      same, m);
	spm_free(R);
	spm_free(Rt);
	free(X);
	free(Y);
	free(X0);
	free(Y0);
	free(G);
	free(x);
	free(scratch);
}

/* iALS++: block coordinate descent never raises the loss, whatever the
 * block (5 does not divide 16: a shorter last block), nor depends on the
 * thread count; one block of all k coordinates is the exact solve; and
 * small blocks reach the loss exact solves reach (here a lower one: the
 * loss is not convex in X and Y together, and the paths differ). */
static void test_ialspp(void)
{
	static float X1[60 * 16], Y1[45 * 16], X2[60 * 16], Y2[45 * 16];
	struct als_params c = {.k = 16,
			       .lambda = 0.05,
			       .alpha = 3,
			       .alpha0 = 0.3,
			       .reg_nu = 0.5,
			       .iters = 30,
			       .solver = ALS_CHOL,
			       .seed = 9,
			       .init_scale = 0.1};
	struct losses lc = {{0}, 0};
	train(&c, 1, X1, Y1, NULL, NULL, &lc);
	uint32_t blocks[] = {1, 4, 5, 16};
	for (int bi = 0; bi < 4; bi++) {
		struct als_params p = c;
		p.solver = ALS_IALSPP;
		p.block = blocks[bi];
		struct losses l1 = {{0}, 0}, l2 = {{0}, 0};
		CHECK(train(&p, 1, X1, Y1, NULL, NULL, &l1) == 0, "iALS++ b=%u: training runs",
		      p.block);
		int down = 1;
		for (int i = 1; i < l1.n; i++)
			down &= l1.v[i] <= l1.v[i - 1] * (1 + 1e-6);
		CHECK(down && l1.v[l1.n - 1] < l1.v[0],
		      "iALS++ b=%u: the loss never increases (%.6g -> %.6g)", p.block, l1.v[0],
		      l1.v[l1.n - 1]);
		double gap = (l1.v[l1.n - 1] - lc.v[lc.n - 1]) / lc.v[lc.n - 1];
		CHECK(gap < 0.01,
		      "iALS++ b=%u: at most 1%% above Cholesky's loss after %d iterations (%+.2g)",
		      p.block, p.iters, gap);
		train(&p, 2, X2, Y2, NULL, NULL, &l2);
		CHECK(memcmp(X1, X2, sizeof X1) == 0 && memcmp(Y1, Y2, sizeof Y1) == 0,
		      "iALS++ b=%u: 1 and 2 threads give identical factors", p.block);
	}
	c.iters = 1;
	train(&c, 1, X1, Y1, NULL, NULL, &lc);
	struct als_params p = c;
	p.solver = ALS_IALSPP;
	p.block = 16;
	train(&p, 1, X2, Y2, NULL, NULL, &lc);
	double worst = 0;
	for (uint32_t i = 0; i < 60 * 16; i++)
		worst = fmax(worst, fabs(X1[i] - X2[i]));
	CHECK(worst < 1e-4, "iALS++ with one block of k: the Cholesky half-step (%.2g)", worst);
}

static void test_training(void)
{
	static float X1[60 * 16], Y1[45 * 16], X2[60 * 16], Y2[45 * 16];
	static float ub1[60], ib1[45], ub2[60], ib2[45];
	struct als_params p = {.k = 16,
			       .lambda = 0.1,
			       .alpha = 5,
			       .iters = 20,
			       .solver = ALS_CHOL,
			       .seed = 9,
			       .init_scale = 0.1};
	struct losses l1 = {{0}, 0}, l2 = {{0}, 0};
	CHECK(train(&p, 1, X1, Y1, NULL, NULL, &l1) == 0, "implicit Cholesky training runs");
	int down = 1;
	for (int i = 1; i < l1.n; i++)
		down &= l1.v[i] <= l1.v[i - 1] * (1 + 1e-9);
	CHECK(down && l1.n == 20, "implicit Cholesky: the loss never increases (%.6g -> %.6g)",
	      l1.v[0], l1.v[l1.n - 1]);
	CHECK(train(&p, 2, X2, Y2, NULL, NULL, &l2) == 0 && memcmp(X1, X2, sizeof X1) == 0 &&
		      memcmp(Y1, Y2, sizeof Y1) == 0,
	      "implicit Cholesky: 1 and 2 threads give identical factors");

	p.solver = ALS_CG;
	p.cg_steps = 3;
	l1.n = l2.n = 0;
	train(&p, 1, X1, Y1, NULL, NULL, &l1);
	train(&p, 2, X2, Y2, NULL, NULL, &l2);
	CHECK(memcmp(X1, X2, sizeof X1) == 0 && memcmp(Y1, Y2, sizeof Y1) == 0,
	      "implicit CG: 1 and 2 threads give identical factors");

	/* Rendle et al.'s alpha0 and frequency-scaled penalty: the loss, which
	 * prices both, never rises under exact solves; CG with enough steps
	 * reaches the exact solves; neither depends on the thread count */
	struct als_params r = {.k = 16,
			       .lambda = 0.01,
			       .alpha = 3,
			       .alpha0 = 0.2,
			       .reg_nu = 0.7,
			       .iters = 20,
			       .solver = ALS_CHOL,
			       .seed = 9,
			       .init_scale = 0.1};
	l1.n = l2.n = 0;
	CHECK(train(&r, 1, X1, Y1, NULL, NULL, &l1) == 0, "alpha0, nu: Cholesky training runs");
	down = 1;
	for (int i = 1; i < l1.n; i++)
		down &= l1.v[i] <= l1.v[i - 1] * (1 + 1e-9);
	CHECK(down && l1.v[l1.n - 1] < l1.v[0],
	      "alpha0, nu: Cholesky: the loss never increases (%.6g -> %.6g)", l1.v[0],
	      l1.v[l1.n - 1]);
	train(&r, 2, X2, Y2, NULL, NULL, &l2);
	CHECK(memcmp(X1, X2, sizeof X1) == 0 && memcmp(Y1, Y2, sizeof Y1) == 0,
	      "alpha0, nu: Cholesky: 1 and 2 threads give identical factors");
	r.iters = 1;
	train(&r, 1, X1, Y1, NULL, NULL, &l1);
	r.solver = ALS_CG;
	r.cg_steps = 40;
	train(&r, 1, X2, Y2, NULL, NULL, &l2);
	double worst = 0;
	for (uint32_t i = 0; i < 60 * 16; i++)
		worst = fmax(worst, fabs(X1[i] - X2[i]));
	CHECK(worst < 1e-3, "alpha0, nu: 40 CG steps reach the Cholesky half-step (%.2g)", worst);
	r.iters = 20;
	r.cg_steps = 3;
	train(&r, 1, X1, Y1, NULL, NULL, &l1);
	train(&r, 2, X2, Y2, NULL, NULL, &l2);
	CHECK(memcmp(X1, X2, sizeof X1) == 0 && memcmp(Y1, Y2, sizeof Y1) == 0,
	      "alpha0, nu: CG: 1 and 2 threads give identical factors");

	struct als_params e = {.k = 16,
			       .lambda = 0.05,
			       .lambda_bias = 0.5,
			       .reg_exponent = 0.8,
			       .iters = 20,
			       .explicit_ = 1,
			       .solver = ALS_CHOL,
			       .seed = 9,
			       .init_scale = 0.1};
	l1.n = l2.n = 0;
	CHECK(train(&e, 1, X1, Y1, ub1, ib1, &l1) == 0, "explicit training runs");
	down = 1;
	for (int i = 1; i < l1.n; i++)
		down &= l1.v[i] <= l1.v[i - 1] * (1 + 1e-9);
	CHECK(down, "explicit: the loss never increases (%.6g -> %.6g)", l1.v[0], l1.v[l1.n - 1]);
	train(&e, 2, X2, Y2, ub2, ib2, &l2);
	CHECK(memcmp(X1, X2, sizeof X1) == 0 && memcmp(ub1, ub2, sizeof ub1) == 0,
	      "explicit: 1 and 2 threads give identical factors");
}

/* Fold-in of an explicit model solves the user's ridge regression: the
 * gradient of sum (r - mean - b_i - b - x.y_i)^2 + pen |x|^2 + lb b^2 is 0. */
static void test_fold_in_explicit(void)
{
	uint32_t n = 30, k = 8, cnt = 9;
	gsl_rng *rng = rng_new(5);
	float Y[30 * 8], ib[30], x[8], b, r[9];
	uint32_t idx[9];
	for (uint32_t i = 0; i < n * k; i++)
		Y[i] = (float)gsl_ran_gaussian(rng, 0.5);
	for (uint32_t i = 0; i < n; i++)
		ib[i] = (float)gsl_ran_gaussian(rng, 0.3);
	for (uint32_t j = 0; j < cnt; j++) {
		idx[j] = j * 2 + 1;
		r[j] = (float)(1 + j % 5);
	}
	struct als_state s = {0, n, k, NULL, Y, NULL, ib, 3.5};
	struct als_params p = {
		.k = k, .lambda = 0.2, .lambda_bias = 0.7, .reg_exponent = 0.8, .explicit_ = 1};
	CHECK(als_fold_in(&s, &p, NULL, idx, r, cnt, x, &b) == 0, "explicit fold-in runs");
	double pen = 0.2 * pow(cnt, 0.8), grad[9] = {0}, worst = 0;
	for (uint32_t j = 0; j < cnt; j++) {
		const float *y = Y + idx[j] * k;
		double e = r[j] - 3.5 - ib[idx[j]] - b;
		for (uint32_t q = 0; q < k; q++)
			e -= (double)x[q] * y[q];
		for (uint32_t q = 0; q < k; q++)
			grad[q] -= e * y[q];
		grad[k] -= e;
	}
	for (uint32_t q = 0; q < k; q++)
		worst = fmax(worst, fabs(grad[q] + pen * x[q]));
	worst = fmax(worst, fabs(grad[k] + 0.7 * b));
	CHECK(worst < 1e-4, "explicit fold-in: gradient of the user's objective is 0 (%.2g)",
	      worst);
	gsl_rng_free(rng);
}

/* Distributed training sums the Gram matrix from block partials that ranks
 * exchange: the same bytes as als_gram(), for any split into whole blocks. */
static void test_gram_blocks(uint32_t k, uint32_t rows)
{
	gsl_rng *rng = rng_new(k + rows);
	float *F = malloc(sizeof(float) * rows * k), *G = malloc(sizeof(float) * k * k);
	float *H = malloc(sizeof(float) * k * k);
	uint32_t blocks = (rows + ALS_BLOCK - 1) / ALS_BLOCK;
	size_t tri = (size_t)k * (k + 1) / 2;
	float *P = malloc(sizeof(float) * tri * blocks);
	for (uint32_t i = 0; i < rows * k; i++)
		F[i] = (float)gsl_ran_gaussian(rng, 1);
	als_gram(F, rows, k, 0.25, G);
	/* two "ranks": the first block alone, then the rest */
	als_gram_blocks(F, rows < ALS_BLOCK ? rows : ALS_BLOCK, k, P);
	if (rows > ALS_BLOCK)
		als_gram_blocks(F + (size_t)ALS_BLOCK * k, rows - ALS_BLOCK, k, P + tri);
	als_gram_sum(P, blocks, k, 0.25, H);
	CHECK(memcmp(G, H, sizeof(float) * k * k) == 0,
	      "k=%u, %u rows: Gram from exchanged block partials equals als_gram", k, rows);
	free(F);
	free(G);
	free(H);
	free(P);
	gsl_rng_free(rng);
}

int main(void)
{
	err_init("test_als");
	test_solvers(8, 13);
	test_solvers(16, 13);
	test_solvers(64, 13);
	test_solvers(20, 13); /* not a multiple of 8: the scalar paths */
	/* more ratings than one gathered chunk of Cholesky (256) and than one
	 * block of CG's products (32); k = 40 and 48: a multiple of 8 but not
	 * of 16, and of 16 */
	test_solvers(64, 700);
	test_solvers(48, 300);
	test_solvers(40, 300);
	test_solvers(64, 2100);
	for (uint32_t k = 8; k <= 72; k += 8)
		test_spd(k);
	test_rendle_solve(16, 13);
	test_rendle_solve(64, 300);
	test_rendle_solve(20, 13);
	test_spd(1);
	test_spd(20);
	test_spd(65);
	test_training();
	test_ialspp();
	test_cg_groups(64);
	test_cg_groups(16);
	test_cg_groups(20);
	test_fold_in_explicit();
	test_gram_blocks(64, 1000);
	test_gram_blocks(16, 300);
	test_gram_blocks(20, 700);
	test_gram_blocks(64, 100);
	return t_done();
}
