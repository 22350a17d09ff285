/*
 * als: alternating least squares for implicit and explicit feedback.
 *
 * Implicit (Hu, Koren and Volinsky 2008): every observed (u, i) has
 * preference 1 and confidence c = 1 + alpha * r (r = 1 with binary); every
 * unobserved pair has preference 0 and confidence 1.  The loss
 *     sum over all (u,i) of c_ui (p_ui - x_u.y_i)^2 + lambda (|X|^2 + |Y|^2)
 * is minimised by solving, for each user,
 *     (Y'Y + Y' (C_u - I) Y + lambda I) x_u = Y' C_u p_u
 * and the same for items: Y'Y is computed once per half-step, so the cost
 * is linear in the number of ratings (docs/ALS.md counts the FLOPs).
 * Rendle et al. (2022, "Revisiting the performance of iALS on item
 * recommendation benchmarks") generalise this with alpha0, the confidence
 * of unobserved pairs (observed ones then have c = alpha0 + alpha * r), and
 * a penalty that grows with the row's ratings n_u:
 *     lambda (n_u + alpha0 * n_other)^nu |x_u|^2,
 * n_other the rows of the other side (items for a user).  The system is
 *     (alpha0 Y'Y + Y' (C_u - alpha0 I) Y + lambda_u I) x_u = Y' C_u p_u;
 * alpha0 = 1 and nu = 0 are Hu et al.'s model.
 * ALS_CHOL solves each k x k system exactly (LAPACK spotrf/spotrs);
 * ALS_CG runs cg_steps conjugate-gradient steps from the previous factors
 * (Takacs, Pilaszy and Tikk 2011).  ALS_IALSPP (iALS++, Rendle et al.
 * 2021, "iALS++: Speeding up Matrix Factorization with Subspace
 * Optimization") sweeps once over blocks of `block` coordinates from the
 * previous factors, solving each block's block x block system exactly with
 * the others fixed: per row cnt k b + k^2 + k b^2 / 3 flops instead of
 * Cholesky's cnt k^2 + k^3 / 3, for large k.
 *
 * Explicit: biased matrix factorisation, r_hat = mu + b_u + b_i + x_u.y_i,
 * each half-step a ridge regression per user (item) on its observed ratings
 * with penalty lambda * n_u^e on x_u (e = reg_exponent: 1 is Zhou et al.'s
 * weighted lambda) and lambda_bias on b_u, solved exactly.
 *
 * Determinism: a user's (item's) solve reads only fixed inputs and writes
 * only its own row, BLAS runs single-threaded, and every sum across users
 * is taken in index order, so the same inputs and seed give bit-identical
 * factors whatever the thread count.
 */
#ifndef REEL_ALS_H
#define REEL_ALS_H

#include <stdint.h>

#include "spm.h"

enum als_solver { ALS_CHOL, ALS_CG, ALS_IALSPP };

struct als_params {
	uint32_t k;          /* factors */
	double lambda;       /* regularisation of the factors */
	double lambda_bias;  /* explicit only: regularisation of the biases */
	double reg_exponent; /* explicit only: lambda * n^reg_exponent on factors */
	double alpha;        /* implicit only: confidence slope */
	double alpha0;       /* implicit only: unobserved pairs' confidence; 0 is read as 1 */
	double reg_nu;       /* implicit only: lambda (n_u + alpha0 n_other)^reg_nu */
	int iters;
	enum als_solver solver;
	int cg_steps;
	int binary;    /* implicit: r = 1 for every observed pair */
	int explicit_; /* biased explicit model instead of implicit */
	uint64_t seed;
	double init_scale; /* standard deviation of the initial factors */
	uint32_t block;    /* ALS_IALSPP: coordinates per block; 0 is read as ALS_DEFAULT_BLOCK */
};

#define ALS_DEFAULT_BLOCK 64

/* p->block, or ALS_DEFAULT_BLOCK when it is 0. */
uint32_t als_block(const struct als_params *p);

/* Called after every iteration with the full loss and the iteration's
 * wall time; returning non-zero stops training. */
typedef int (*als_progress_fn)(void *ctx, int iter, double loss, double seconds);

struct als_state {
	uint32_t m, n, k;
	float *X, *Y;                 /* m x k, n x k */
	float *user_bias, *item_bias; /* explicit only */
	double mean;                  /* explicit only */
};

/* Fill X and Y with seeded Gaussian noise (and zero biases). */
void als_init(struct als_state *s, const struct als_params *p);

/* Prepare R (users x items, values = ratings) and its transpose Rt for
 * training, in place: implicit models replace each rating r by the
 * confidence weight alpha * r (alpha with binary), i.e. c - 1; explicit
 * models keep ratings and set s->mean. */
void als_prepare(struct als_state *s, struct spm *R, struct spm *Rt, const struct als_params *p);

/*
 * Distributed training (lib/als_dist.h) runs the same loop on this rank's
 * users and items, in whole blocks of ALS_BLOCK rows: R holds the own
 * users' rows and Rt the own items' rows, their columns numbering the
 * fixed rows that the exchange hands over.  Every sum across rows (Gram
 * matrix, explicit mean, loss) is a sum of per-block partials, each summed
 * in row order from zero, added up in block order: the same grouping for
 * one process and any number of ranks.
 */
#define ALS_BLOCK 256

struct als_exchange {
	void *ctx;
	/* The fixed rows of side (0 users, 1 items) as C's columns number them,
	 * from this rank's own rows (and biases: *bias, explicit only). */
	const float *(*rows)(void *ctx, int side, const float *own, const float *own_bias,
			     const float **bias);
	/* The block partials of side summed elementwise in block order, from
	 * zero, over every rank's blocks: `mine` holds this rank's, `width`
	 * values a block (doubles with is_double, else floats); the sum of all
	 * (width values) into sum, on every rank. */
	void (*chain)(void *ctx, int side, const void *mine, uint32_t width, int is_double,
		      void *sum);
	/* Non-zero on every rank if `failed` is non-zero on any. */
	int (*any)(void *ctx, int failed);
	uint32_t rows_total[2]; /* users and items, all ranks */
};

/* Train on prepared R and Rt from the factors in s.  progress (may be
 * NULL) is called after each iteration, with the loss when want_loss is
 * set (else NaN).  Returns 0, or -1 after a message. */
int als_train(struct als_state *s, const struct spm *R, const struct spm *Rt,
	      const struct als_params *p, int want_loss, als_progress_fn progress, void *ctx);

/* als_prepare() and als_train() for one rank of a distributed run (ex
 * not NULL) or one process (ex NULL). */
void als_prepare_ex(struct als_state *s, struct spm *R, struct spm *Rt, const struct als_params *p,
		    const struct als_exchange *ex);
int als_train_ex(struct als_state *s, const struct spm *R, const struct spm *Rt,
		 const struct als_params *p, int want_loss, als_progress_fn progress, void *ctx,
		 const struct als_exchange *ex);

/* Floating-point operations of one training iteration, counted as in
 * docs/ALS.md (a multiply-add is two), for m users, n items and nnz
 * ratings.  Loss evaluation is not included. */
double als_flops(const struct als_params *p, uint32_t m, uint32_t n, uint64_t nnz);

/* The full loss of the current factors on prepared R and Rt (see above):
 * per user x'(Y'Y)x and its penalty, per item its ratings' terms and its
 * penalty, in blocks (above). */
double als_loss(const struct als_state *s, const struct spm *R, const struct spm *Rt,
		const struct als_params *p);

/* The confidence of unobserved pairs: p->alpha0, or 1 when it is 0 (so
 * that parameters set up without it keep Hu et al.'s model). */
double als_alpha0(const struct als_params *p);

/* The part of the implicit system that every row shares: alpha0 F'F, plus
 * lambda on the diagonal when reg_nu is 0 (else each row adds its own
 * penalty).  k x k, full symmetric, deterministic; with alpha0 1 and
 * reg_nu 0 bit-identical to als_gram(F, rows, k, lambda, G). */
void als_shared_gram(const float *F, uint32_t rows, uint32_t k, const struct als_params *p,
		     float *G);

/* Fold-in: the factors of one new user from their ratings (items as dense
 * indices into s's items, values = raw ratings), by the same least-squares
 * step as training, solved exactly.  G is als_shared_gram(Y, n, k, p) for
 * implicit models (computed once by the caller; unused for explicit ones).
 * Writes k floats to x, and *bias for explicit models.  Returns 0 or -1. */
int als_fold_in(const struct als_state *s, const struct als_params *p, const float *G,
		const uint32_t *items, const float *ratings, uint32_t count, float *x, float *bias);

/* Solve the symmetric positive definite system A x = b in place (A is
 * k x k, row-major, only its upper triangle read, destroyed; b becomes x).
 * Returns 0, or -1 if A is not positive definite. */
int als_solve_spd(float *A, float *b, uint32_t k);

/* One conjugate-gradient solve of (G + sum_j w_j f_j f_j') x = b' for the
 * implicit system of one user, exposed for tests.  F holds the fixed
 * factors; idx/w the user's items and weights alpha*r; x is the warm start
 * and the result; scratch holds 3k + count floats. */
void als_cg_solve(const float *G, const float *F, const uint32_t *idx, const float *w,
		  uint64_t count, uint32_t k, int steps, float *x, float *scratch);

/* Y'Y (+ lambda on the diagonal), k x k, full symmetric; deterministic:
 * the partials of blocks of ALS_BLOCK rows added up in block order. */
void als_gram(const float *F, uint32_t rows, uint32_t k, double lambda, float *G);
/* The upper triangles (k (k + 1) / 2 floats, row by row) of each block's
 * F'F, for rows starting at a block boundary: ceil(rows / ALS_BLOCK) of them. */
void als_gram_blocks(const float *F, uint32_t rows, uint32_t k, float *packed);
/* G from `blocks` packed partials, as als_gram() sums them. */
void als_gram_sum(const float *packed, uint32_t blocks, uint32_t k, double lambda, float *G);

#endif
