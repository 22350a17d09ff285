/*
 * explain: why an implicit ALS model recommends an item to a user.
 *
 * Section 5 of Hu, Koren and Volinsky (2008): with the user's history H
 * and confidences c_j (alpha0 + alpha * r_j, alpha0 the unobserved pairs'
 * confidence), the user's factors are x = W Y' C p with W = (Y'C Y +
 * lambda_u I)^-1 (lambda_u as in training: lib/als.h), so the predicted
 * preference for item i is
 *     y_i . x = sum over j in H of s_ij c_j,   s_ij = y_i' W y_j,
 * a sum of one term per history item: the score of the user folded in
 * from H, as reel-topk --serve computes it.  Everything is computed in
 * double; W by Cholesky (GSL).
 */
#ifndef REEL_EXPLAIN_H
#define REEL_EXPLAIN_H

#include <stdint.h>

#include "model.h"
#include "recommend.h"

struct explain_term {
	uint32_t item;                               /* external id */
	double contribution, similarity, confidence; /* s_ij c_j, s_ij, c_j */
};

/* The terms of item target's score (a model index) for the user whose
 * history is items[0..count) (model indices) with confidences conf, under
 * the model's parameters p: one term per history item, the largest
 * contribution first (ties by item id), in *terms (the caller frees it),
 * and their sum in *total.  name names the model in messages.  0, or -1
 * after "NAME: Y'CY + lambda I is not positive definite" or a failed
 * solve. */
int explain_score(const struct model *mo, const struct als_params *p, const uint32_t *items,
		  const double *conf, uint32_t count, uint32_t target, const char *name,
		  struct explain_term **terms, double *total);

#endif
