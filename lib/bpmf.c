#include "bpmf.h"
#include "err.h"
#include "rng.h"

#include <math.h>
#include <omp.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>

#define BETA0 2.0
#define ALPHA_A0 1.0 /* Gamma(shape, rate) hyperprior of a drawn alpha */
#define ALPHA_B0 1.0

/* Sub-streams of the seed: a row's draws in a sweep come from
 * (seed, side, sweep, row), a side's hyperparameters from (seed,
 * HYPER + side, sweep), alpha from (seed, ALPHA, sweep). */
enum { USERS, ITEMS, HYPER, ALPHA = 4, INIT };

/* One side: rows x d doubles, d = k + 1, the last of each row its bias;
 * the prior's mean mu, precision Lambda (d x d) and Lambda mu. */
struct side {
	uint32_t rows;
	double *F, *mu, *Lambda, *prior;
};

/* Reseed r as the sub-stream (a, b, c) of seed.  Tausworthe (taus2), not
 * MT19937: a row is reseeded every sweep, and MT19937 fills 624 words of
 * state per seeding, more than the row's own draws cost. */
static void reseed(gsl_rng *r, uint64_t seed, uint64_t a, uint64_t b, uint64_t c)
{
	gsl_rng_set(r, (unsigned long)(rng_derive(rng_derive(rng_derive(seed, a), b), c) | 1u));
}

/* In-place lower Cholesky factor of the d x d matrix A (lower triangle
 * read and written); -1 if A is not positive definite. */
static int cholesky(double *A, uint32_t d)
{
	for (uint32_t j = 0; j < d; j++) {
		double s = A[j * d + j];
		for (uint32_t c = 0; c < j; c++)
			s -= A[j * d + c] * A[j * d + c];
		if (!(s > 0))
			return -1;
		A[j * d + j] = sqrt(s);
		for (uint32_t i = j + 1; i < d; i++) {
			double t = A[i * d + j];
			for (uint32_t c = 0; c < j; c++)
				t -= A[i * d + c] * A[j * d + c];
			A[i * d + j] = t / A[j * d + j];
		}
	}
	return 0;
}

/* x = L^-T x for the lower factor L. */
static void solve_lt(const double *L, uint32_t d, double *x)
{
	for (uint32_t i = d; i-- > 0;) {
		double t = x[i];
		for (uint32_t c = i + 1; c < d; c++)
			t -= L[c * d + i] * x[c];
		x[i] = t / L[i * d + i];
	}
}

/* x = L^-1 x. */
static void solve_l(const double *L, uint32_t d, double *x)
{
	for (uint32_t i = 0; i < d; i++) {
		double t = x[i];
		for (uint32_t c = 0; c < i; c++)
			t -= L[i * d + c] * x[c];
		x[i] = t / L[i * d + i];
	}
}

/* Draw row `row` of s from its conditional given the other side's rows
 * O: precision P = Lambda + alpha sum x x', mean P^-1 (Lambda mu + alpha
 * sum y x), where a rating r against other row o gives x = (o_1..o_k, 1)
 * and y = r - mean - o_bias.  scratch: d * d + d doubles. */
static int draw_row(const struct spm *C, uint32_t row, const double *O, struct side *s, uint32_t d,
		    double alpha, double mean, gsl_rng *r, double *scratch)
{
	double *P = scratch, *b = scratch + (size_t)d * d, *out = s->F + (size_t)row * d;
	uint32_t k = d - 1;
	memcpy(P, s->Lambda, (size_t)d * d * sizeof *P);
	memcpy(b, s->prior, d * sizeof *b);
	for (uint64_t t = C->indptr[row]; t < C->indptr[row + 1]; t++) {
		const double *o = O + (size_t)C->indices[t] * d;
		double y = alpha * (C->data[t] - mean - o[k]);
		for (uint32_t i = 0; i < k; i++) {
			double ai = alpha * o[i];
			b[i] += y * o[i];
			for (uint32_t c = 0; c <= i; c++)
				P[i * d + c] += ai * o[c];
		}
		b[k] += y;
		for (uint32_t c = 0; c < k; c++)
			P[k * d + c] += alpha * o[c];
		P[k * d + k] += alpha;
	}
	if (cholesky(P, d) < 0)
		return -1;
	solve_l(P, d, b);
	solve_lt(P, d, b); /* the conditional mean */
	for (uint32_t i = 0; i < d; i++)
		out[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
	solve_lt(P, d, out); /* N(0, P^-1) */
	for (uint32_t i = 0; i < d; i++)
		out[i] += b[i];
	return 0;
}

/* Lower Cholesky factor in place, upper triangle zeroed (GSL's samplers
 * read L as a full matrix in places). */
static int gsl_chol(gsl_matrix *A)
{
	if (gsl_linalg_cholesky_decomp1(A))
		return -1;
	for (size_t i = 0; i < A->size1; i++)
		for (size_t j = i + 1; j < A->size2; j++)
			gsl_matrix_set(A, i, j, 0);
	return 0;
}

/* Draw (mu, Lambda) of s from the Normal-Wishart posterior given its rows
 * (the paper's eq. 14): Lambda ~ W(W*, nu0 + N), mu ~ N(mu*, ((beta0 + N)
 * Lambda)^-1).  A, B: d x d scratch. */
static int draw_hyper(struct side *s, uint32_t d, gsl_rng *r, gsl_matrix *A, gsl_matrix *B)
{
	double N = s->rows, *bar = s->prior; /* prior is rewritten below */
	memset(bar, 0, d * sizeof *bar);
	for (uint32_t u = 0; u < s->rows; u++)
		for (uint32_t i = 0; i < d; i++)
			bar[i] += s->F[(size_t)u * d + i];
	for (uint32_t i = 0; i < d; i++)
		bar[i] /= N;
	gsl_matrix_set_identity(A); /* W0^-1 */
	for (uint32_t u = 0; u < s->rows; u++) {
		const double *f = s->F + (size_t)u * d;
		for (uint32_t i = 0; i < d; i++)
			for (uint32_t j = 0; j <= i; j++)
				A->data[i * d + j] += (f[i] - bar[i]) * (f[j] - bar[j]);
	}
	double shrink = BETA0 * N / (BETA0 + N);
	for (uint32_t i = 0; i < d; i++)
		for (uint32_t j = 0; j <= i; j++)
			A->data[j * d + i] = A->data[i * d + j] += shrink * bar[i] * bar[j];
	/* W* = A^-1, then its factor for the Wishart draw */
	if (gsl_linalg_cholesky_decomp1(A) || gsl_linalg_cholesky_invert(A) || gsl_chol(A))
		return -1;
	gsl_matrix_view Lambda = gsl_matrix_view_array(s->Lambda, d, d);
	if (gsl_ran_wishart(r, (double)d + N, A, &Lambda.matrix, B))
		return -1;
	/* covariance of mu: ((beta0 + N) Lambda)^-1, factored */
	gsl_matrix_memcpy(A, &Lambda.matrix);
	gsl_matrix_scale(A, BETA0 + N);
	if (gsl_linalg_cholesky_decomp1(A) || gsl_linalg_cholesky_invert(A) || gsl_chol(A))
		return -1;
	for (uint32_t i = 0; i < d; i++)
		bar[i] *= N / (BETA0 + N); /* mu* (mu0 = 0) */
	gsl_vector_view mstar = gsl_vector_view_array(bar, d), mu = gsl_vector_view_array(s->mu, d);
	if (gsl_ran_multivariate_gaussian(r, &mstar.vector, A, &mu.vector))
		return -1;
	for (uint32_t i = 0; i < d; i++) {
		double t = 0;
		for (uint32_t j = 0; j < d; j++)
			t += s->Lambda[i * d + j] * s->mu[j];
		s->prior[i] = t;
	}
	return 0;
}

/* Draw every row of s in parallel, each from its own stream. */
static int draw_side(const struct spm *C, const struct side *o, struct side *s, uint32_t d,
		     double alpha, double mean, uint64_t seed, int side, int sweep)
{
	int failed = 0;
#pragma omp parallel
	{
		gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
		double *scratch = xmallocarray((size_t)d * d + d, sizeof *scratch);
#pragma omp for schedule(dynamic, 16)
		for (uint32_t row = 0; row < s->rows; row++) {
			reseed(r, seed, (uint64_t)side, (uint64_t)sweep, row);
			if (draw_row(C, row, o->F, s, d, alpha, mean, r, scratch) < 0) {
#pragma omp atomic write
				failed = 1;
			}
		}
		free(scratch);
		gsl_rng_free(r);
	}
	return failed ? error("BPMF: a row's posterior precision is not positive definite") : 0;
}

static double predict(const struct side *U, const struct side *V, uint32_t d, double mean,
		      uint32_t u, uint32_t i)
{
	double s = mean;
	if (u != UINT32_MAX)
		s += U->F[(size_t)u * d + d - 1];
	if (i != UINT32_MAX)
		s += V->F[(size_t)i * d + d - 1];
	if (u != UINT32_MAX && i != UINT32_MAX)
		for (uint32_t f = 0; f + 1 < d; f++)
			s += U->F[(size_t)u * d + f] * V->F[(size_t)i * d + f];
	return s;
}

/* Add the current sample to the running sums; the average's clipped RMSE. */
static double eval_add(struct bpmf_eval *ev, const struct side *U, const struct side *V, uint32_t d,
		       double mean, int kept)
{
	double sse = 0;
	for (uint64_t t = 0; t < ev->n; t++) {
		ev->sum[t] += predict(U, V, d, mean, ev->user[t], ev->item[t]);
		double p = ev->sum[t] / kept;
		p = p < ev->lo ? ev->lo : p > ev->hi ? ev->hi : p;
		sse += (p - ev->rating[t]) * (p - ev->rating[t]);
	}
	return ev->n ? sqrt(sse / (double)ev->n) : NAN;
}

static void side_init(struct side *s, uint32_t rows, uint32_t d, const struct bpmf_params *p,
		      int which, gsl_rng *r)
{
	s->rows = rows;
	s->F = xmallocarray((size_t)rows * d, sizeof *s->F);
	s->mu = xcalloc(d, sizeof *s->mu);
	s->Lambda = xcalloc((size_t)d * d, sizeof *s->Lambda);
	s->prior = xcalloc(d, sizeof *s->prior);
	for (uint32_t row = 0; row < rows; row++) {
		reseed(r, p->seed, INIT, (uint64_t)which, row);
		for (uint32_t f = 0; f < d; f++)
			s->F[(size_t)row * d + f] =
				f + 1 < d ? gsl_ran_gaussian_ziggurat(r, p->init_scale) : 0;
	}
}

static void side_free(struct side *s)
{
	free(s->F);
	free(s->mu);
	free(s->Lambda);
	free(s->prior);
}

/* Store sample `kept` (0-based) of S into the model's concatenated
 * factors and bias sums. */
static void keep(struct model *mo, const struct side *s, uint32_t d, int kept, int S,
		 double *bias_sum, int items)
{
	float *F = items ? mo->Y : mo->X;
	uint32_t k = d - 1;
	double scale = 1 / sqrt((double)S);
	for (uint32_t row = 0; row < s->rows; row++) {
		for (uint32_t f = 0; f < k; f++)
			F[(size_t)row * mo->k + (size_t)kept * k + f] =
				(float)(s->F[(size_t)row * d + f] * scale);
		bias_sum[row] += s->F[(size_t)row * d + k];
	}
}

static double train_sse(const struct spm *R, const struct side *U, const struct side *V, uint32_t d,
			double mean)
{
	double sse = 0;
	for (uint32_t u = 0; u < R->m; u++)
		for (uint64_t t = R->indptr[u]; t < R->indptr[u + 1]; t++) {
			double e = R->data[t] - predict(U, V, d, mean, u, R->indices[t]);
			sse += e * e;
		}
	return sse;
}

static int sweep_once(const struct spm *R, const struct spm *Rt, const struct bpmf_params *p,
		      struct side *U, struct side *V, uint32_t d, double mean, double *alpha,
		      int sweep, gsl_rng *r, gsl_matrix *A, gsl_matrix *B, double *sse)
{
	reseed(r, p->seed, HYPER + USERS, (uint64_t)sweep, 0);
	if (draw_hyper(U, d, r, A, B) < 0)
		return error("BPMF: the user hyperparameters' posterior is singular");
	if (draw_side(R, V, U, d, *alpha, mean, p->seed, USERS, sweep) < 0)
		return -1;
	reseed(r, p->seed, HYPER + ITEMS, (uint64_t)sweep, 0);
	if (draw_hyper(V, d, r, A, B) < 0)
		return error("BPMF: the item hyperparameters' posterior is singular");
	if (draw_side(Rt, U, V, d, *alpha, mean, p->seed, ITEMS, sweep) < 0)
		return -1;
	*sse = train_sse(R, U, V, d, mean);
	if (!isfinite(*sse))
		return error("BPMF: the sampler diverged (non-finite residuals at sweep %d)",
			     sweep + 1);
	if (p->alpha == 0) {
		reseed(r, p->seed, ALPHA, (uint64_t)sweep, 0);
		*alpha = gsl_ran_gamma(r, ALPHA_A0 + (double)R->nnz / 2, 1 / (ALPHA_B0 + *sse / 2));
	}
	return 0;
}

int bpmf_train(const struct spm *R, const struct spm *Rt, const struct bpmf_params *p,
	       struct model *mo, struct bpmf_eval *ev, bpmf_progress cb, void *ctx)
{
	uint32_t d = p->k + 1;
	if (mo->k != p->k * (uint32_t)p->samples || mo->m != R->m || mo->n != R->n)
		return error("BPMF: model of %u x %u x %u for %u x %u ratings, %u x %d factors",
			     mo->m, mo->n, mo->k, R->m, R->n, p->k, p->samples);
	double mean = 0;
	for (uint64_t t = 0; t < R->nnz; t++)
		mean += R->data[t];
	mean = R->nnz ? mean / (double)R->nnz : 0;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	struct side U, V;
	side_init(&U, R->m, d, p, USERS, r);
	side_init(&V, R->n, d, p, ITEMS, r);
	gsl_matrix *A = gsl_matrix_alloc(d, d), *B = gsl_matrix_alloc(d, d);
	double *ub = xcalloc(R->m + 1, sizeof *ub), *ib = xcalloc(R->n + 1, sizeof *ib);
	double alpha = p->alpha > 0 ? p->alpha : 2, reg = 0, reg_bias = 0;
	if (ev)
		memset(ev->sum, 0, ev->n * sizeof *ev->sum);
	int rc = 0, total = p->burn_in + p->thin * p->samples;
	for (int sweep = 0; sweep < total && rc == 0; sweep++) {
		double sse = 0, eval_rmse = NAN;
		double used = alpha; /* the alpha this sweep's rows were drawn with */
		rc = sweep_once(R, Rt, p, &U, &V, d, mean, &alpha, sweep, r, A, B, &sse);
		int after = sweep + 1 - p->burn_in;
		if (rc == 0 && after > 0 && after % p->thin == 0) {
			int kept = after / p->thin - 1;
			keep(mo, &U, d, kept, p->samples, ub, 0);
			keep(mo, &V, d, kept, p->samples, ib, 1);
			double diag = 0;
			for (uint32_t f = 0; f < p->k; f++)
				diag += U.Lambda[f * d + f];
			reg += diag / p->k / used;
			reg_bias += U.Lambda[p->k * d + p->k] / used;
			if (ev)
				eval_rmse = eval_add(ev, &U, &V, d, mean, kept + 1);
		}
		if (rc == 0 && cb &&
		    cb(ctx, sweep + 1, sqrt(sse / (double)(R->nnz ? R->nnz : 1)), eval_rmse, used))
			rc = -1;
	}
	if (rc == 0) {
		for (uint32_t u = 0; u < R->m; u++)
			mo->user_bias[u] = (float)(ub[u] / p->samples);
		for (uint32_t i = 0; i < R->n; i++)
			mo->item_bias[i] = (float)(ib[i] / p->samples);
		mo->mean = mean;
		model_param(mo, "reg", "%.9g", reg / p->samples);
		model_param(mo, "reg_bias", "%.9g", reg_bias / p->samples);
		model_param(mo, "reg_exponent", "0");
	}
	free(ub);
	free(ib);
	gsl_matrix_free(A);
	gsl_matrix_free(B);
	gsl_rng_free(r);
	side_free(&U);
	side_free(&V);
	return rc;
}
