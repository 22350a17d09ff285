/*
 * validate: Recall@K and NDCG@K of a model on a held-out ratings file, for
 * watching training (reel-train-als --valid).
 *
 * The figures are reel-metrics' recall@K and ndcg@K (docs/METRICS.md) for
 * the model's own top-K lists with the training items excluded, every test
 * rating relevant: means over test users.  Test users unknown to the model
 * count with no hits; test items unknown to it count as relevant but can
 * never be hit.
 */
#ifndef REEL_VALIDATE_H
#define REEL_VALIDATE_H

#include "model.h"
#include "spm.h"

struct validator;

/* Read TEST; users and items are matched to mo's through mo->users and
 * mo->items (model_index() must have run).  train: rows = mo's users, the
 * items to exclude.  NULL after a message. */
struct validator *validator_new(const char *test_path, const struct model *mo,
				const struct spm *train, uint32_t k);
struct validation {
	double recall, ndcg;
};

struct validation validator_run(struct validator *v, const struct model *mo);

/* validator_run()'s sums over the known test users, added to *sum in their
 * order (users ascending), so that a distributed run, each rank's model
 * holding its own users, can pass *sum from rank to rank and get one
 * process's sums.  The means are sum / validator_users(). */
struct metrics_sum;
void validator_add(struct validator *v, const struct model *mo, struct metrics_sum *sum);
/* Test users, known to the model or not. */
uint32_t validator_users(const struct validator *v);
void validator_free(struct validator *v);

#endif
