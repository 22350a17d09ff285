/*
 * als_fit: reel-train-als's training run as one library call, the way
 * LibMF's mf_get_default_param() and mf_train() serve its command-line
 * tool: the defaults, the initial scale, the checks on the ratings and the
 * model that records every setting.
 *
 * als_default_params() gives the defaults of one kind of model; a caller
 * overrides fields and passes them to als_fit_new() (one process) or
 * als_fit_dist() (one rank under mpirun).  init_scale 0 means "derive it
 * from the data" (docs/ALS.md): for implicit models 0.1 sqrt(lambda / n)
 * over the n items (0.01 with no lambda or no items).
 */
#ifndef REEL_ALS_FIT_H
#define REEL_ALS_FIT_H

#include "als.h"
#include "model.h"
#include "ratings.h"

struct validation; /* lib/validate.h */

/* The defaults of an implicit (explicit_ 0) or explicit model: the best
 * settings found on MovieLens 100K (docs/ALS.md). */
struct als_params als_default_params(int explicit_);

/* The implicit initial scale's factor (above). */
#define ALS_FIT_INIT_RATIO 0.1

/* A run on one process.  mo's factors are trained in place, so after
 * each iteration they are the current ones (a progress callback may
 * evaluate mo); R and Rt are the prepared ratings (als_prepare()). */
struct als_fit {
	struct als_params p; /* init_scale resolved */
	struct model *mo;
	struct spm *R, *Rt;
	struct als_state s;
};

/* Set up training with p on r (which the caller still owns and may free
 * now): checks the ratings (implicit confidence needs r >= 0), builds the
 * model with every setting recorded (train is its path as given) and, for
 * explicit models, the rating range predictions are clipped to; then the
 * initial factors.  Returns NULL after a message. */
struct als_fit *als_fit_new(const struct ratings *r, const struct als_params *p, const char *train);

/* Train for p.iters iterations; progress as for als_train(), with the loss
 * when want_loss is set.  Returns 0, or -1 after a message. */
int als_fit_run(struct als_fit *f, int want_loss, als_progress_fn progress, void *ctx);

/* Frees f and its model (NULL is fine). */
void als_fit_free(struct als_fit *f);

/* Collective, under mpirun (lib/als_dist.h): read this rank's share of
 * train, train with p as als_fit_new() and als_fit_run() would, and gather
 * the model into *mo on rank 0 (NULL on the others); with verbose, each
 * rank reports its counters (als_dist_report()).  With valid (a test
 * ratings file, NULL for none) and verbose, *v holds Recall@10 and
 * NDCG@10 of the current factors (als_dist_valid_run(), collective)
 * whenever progress is called.  Returns 0, or -1 after a message (on every rank). */
int als_fit_dist(const char *train, const char *valid, const struct als_params *p, int verbose,
		 als_progress_fn progress, void *ctx, struct validation *v, struct model **mo);

#endif
