/*
 * bpmf: Bayesian probabilistic matrix factorisation (Salakhutdinov and
 * Mnih, ICML 2008) by Gibbs sampling, for rating prediction.
 *
 * The model: r_ij = mean + a_i + b_j + u_i . v_j + noise of precision
 * alpha, mean the training ratings' mean.  Each user's (u_i, a_i) is one
 * (k + 1)-vector with a Gaussian prior N(mu_U, Lambda_U^-1), and (mu_U,
 * Lambda_U) has the paper's Normal-Wishart hyperprior (mu0 = 0, beta0 = 2,
 * W0 = I, nu0 = k + 1); items likewise.  The biases are the paper's model
 * with a last factor held at 1 on the other side, so each row is still
 * drawn in one block.  alpha is fixed (the paper's 2) or drawn from its
 * Gamma(1, 1) hyperprior's conditional.
 *
 * A sweep draws the user hyperparameters, every user, the item
 * hyperparameters, every item, then alpha.  After burn_in sweeps, the last
 * sweep of every `thin` is kept, `samples` in all (neighbouring sweeps
 * are correlated: thinning keeps the model small at little cost).  The predictive mean over the
 * kept samples s, mean + avg_s(a_is) + avg_s(b_js) + (1/S) sum_s u_is . v_js, is one dot product of
 * the concatenated factors [u_i1 .. u_iS] / sqrt(S) and [v_j1 .. v_jS] / sqrt(S), so the result is
 * an ordinary explicit model (lib/model.h) of k * S factors that every tool reads unchanged.
 *
 * Determinism: every row of every sweep draws from its own generator
 * seeded from (seed, side, sweep, row) (lib/rng.h's rng_derive), and every
 * sum over rows runs in row order on one thread, so the same inputs and
 * seed give the same model whatever the thread count.
 */
#ifndef REEL_BPMF_H
#define REEL_BPMF_H

#include <stdint.h>

#include "model.h"
#include "spm.h"

struct bpmf_params {
	uint32_t k;        /* latent factors per sample */
	int burn_in;       /* sweeps discarded */
	int samples;       /* samples kept and averaged, >= 1 */
	int thin;          /* one sweep in `thin` kept after burn-in, >= 1 */
	double alpha;      /* noise precision; 0: drawn each sweep */
	double init_scale; /* standard deviation of the initial factors */
	uint64_t seed;
};

/* Ratings to predict while sampling, to watch the running average (a
 * validation split): user[t] and item[t] are dense indices of the
 * training matrix or UINT32_MAX when the training data lacks them (then
 * the known parts are predicted, as reel-score does).  Predictions are
 * clipped to [lo, hi].  sum (n doubles) is the library's scratch. */
struct bpmf_eval {
	uint64_t n;
	const uint32_t *user, *item;
	const float *rating;
	float lo, hi;
	double *sum;
};

/* After each sweep: the sweep (1-based; burn_in + thin * samples in all),
 * the current sample's training RMSE, the running average's RMSE on the
 * eval set after a kept sweep (else NaN) and the alpha the sweep drew
 * with.  Non-zero stops training with
 * -1. */
typedef int (*bpmf_progress)(void *ctx, int sweep, double train_rmse, double eval_rmse,
			     double alpha);

/* Sample on R (m x n ratings, CSR by user) and Rt (its transpose) and
 * fill mo, a model_new(BIN_ALS_EXPLICIT, R->m, R->n, k * samples, ...,
 * with_bias = 1): X, Y, the averaged biases and the mean.  Also appends
 * to mo's params "reg", "reg_bias" and "reg_exponent" (0): the averaged
 * prior precisions over alpha, the ridge penalties under which a fold-in
 * of a new row into the concatenated factors (reel-foldin) approximates
 * the posterior mean.  ev and cb may be NULL.  -1 after a message if a
 * Cholesky factorisation fails (the hyperparameters went singular), NaN
 * appears, or cb asks to stop. */
int bpmf_train(const struct spm *R, const struct spm *Rt, const struct bpmf_params *p,
	       struct model *mo, struct bpmf_eval *ev, bpmf_progress cb, void *ctx);

#endif
