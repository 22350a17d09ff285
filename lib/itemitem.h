/*
 * itemitem: item-item models (item-kNN, RP3beta, EASE) in memory and on disk.
 *
 * An item-item model scores item i for a user with history H (the items
 * the user rated, with weights h_j) as
 *     score(i) = sum over j in H of h_j * B[j][i]
 * with B an n x n matrix: dense for EASE (Steck 2019, zero diagonal),
 * sparse for item-kNN and RP3beta (row j holds j's neighbours, never j itself).
 * history_weight says how a rating becomes h_j: 1 for every rated item
 * (binary) or the rating itself (rating).
 *
 * The model carries the training histories (users x items CSR, values =
 * h), so that known users are served from the model file alone; a new
 * user is served from a history given at request time, with no fold-in
 * step.  item_ids and user_ids are strictly ascending external ids.
 *
 * On disk: a bin container of kind BIN_ITEM_ITEM, sections documented in
 * docs/FORMATS.md.  A model read from disk borrows arrays from the file.
 */
#ifndef REEL_ITEMITEM_H
#define REEL_ITEMITEM_H

#include <stdint.h>

#include "bin.h"
#include "idmap.h"
#include "spm.h"

enum itemitem_weight { ITEMITEM_BINARY = 0, ITEMITEM_RATING = 1 };

struct itemitem {
	uint32_t m, n;
	uint32_t *user_ids, *item_ids;
	uint32_t history_weight;     /* enum itemitem_weight */
	float *dense;                /* n x n row-major, or NULL */
	struct spm *sparse;          /* n x n, or NULL: exactly one of the two is set */
	struct spm *history;         /* m x n, values h */
	char *params;                /* "key=value\n" lines */
	struct idmap *users, *items; /* id lookups, built by training and reading */
	/* private */
	struct bin *file;
};

/* Train from R (users x items, values = ratings; rows and columns in the
 * order of user_ids and item_ids, which are copied).  Both return NULL
 * after a message (e.g. a singular Gram matrix).
 * item-kNN: B[j][i] = cosine similarity of item columns j and i of H (the
 * history matrix), kept for the `neighbours` most similar i of each j.
 * EASE: B = I - P diag(1 / diag(P)), P = (H'H + lambda I)^-1 (Steck 2019),
 * the inverse by Cholesky (LAPACK), dense n x n. */
struct itemitem *itemitem_train_knn(const struct spm *R, const uint32_t *user_ids,
				    const uint32_t *item_ids, uint32_t neighbours,
				    enum itemitem_weight weight);
/* RP3beta (Paudel et al. 2017): B[j][i] = |U_j|^-alpha |U_i|^-beta sum over
 * the users u of both of |I_u|^-alpha (a random walk j -> u -> i, each
 * step's probability raised to alpha, divided by i's popularity to the
 * beta), kept for the `neighbours` largest i of each j; binary weights. */
struct itemitem *itemitem_train_rp3beta(const struct spm *R, const uint32_t *user_ids,
					const uint32_t *item_ids, uint32_t neighbours, double alpha,
					double beta);
/* EASE refuses more items than this (REEL_EASE_MAX_ITEMS raises it): its
 * n x n doubles are 7.2 GB at 30000. */
#define ITEMITEM_EASE_MAX_ITEMS 30000

struct itemitem *itemitem_train_ease(const struct spm *R, const uint32_t *user_ids,
				     const uint32_t *item_ids, double lambda,
				     enum itemitem_weight weight);

/* EASE on the max_items most popular items of R only (most users first,
 * ties to the lower index), the columns of the others dropped: an n x n
 * dense inverse at n = 59,000 would need 28 GB.  With n <= max_items
 * exactly itemitem_train_ease().  A cut is recorded in the params as
 * items_kept, items_total and ratings_kept; the other items are unknown to
 * the model, so never recommended. */
struct itemitem *itemitem_train_ease_popular(const struct spm *R, const uint32_t *user_ids,
					     const uint32_t *item_ids, double lambda,
					     enum itemitem_weight weight, uint32_t max_items);

/* Append "key=value\n" to params (training records its own settings). */
void itemitem_param(struct itemitem *mo, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int itemitem_write(const struct itemitem *mo, const char *path);
/* Read and check; NULL after a message naming the file and the fault. */
struct itemitem *itemitem_read(const char *path);
void itemitem_free(struct itemitem *mo);

/* out[0..n) = the scores of every item for the history (items as dense
 * indices, raw ratings; converted to h by history_weight).  ratings may
 * be NULL: every h_j = 1.  The rule is idempotent, so a row of
 * mo->history can be passed as it is. */
void itemitem_score_history(const struct itemitem *mo, const uint32_t *items, const float *ratings,
			    uint32_t count, float *out);

#endif
