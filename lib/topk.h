/*
 * topk: the K best items per user, by partial selection.
 *
 * "Best" is a total order: higher score first, and among equal scores the
 * lower item index (dense indices follow ascending external ids), so every
 * list is deterministic.  NaN scores are never selected.
 *
 * topk_heap keeps the K best of a stream in O(log K) per push that
 * qualifies (most do not, once the heap is full); topk_select() picks from
 * a row of scores; topk_users() and topk_vector() score factor models.
 */
#ifndef REEL_TOPK_H
#define REEL_TOPK_H

#include <stdint.h>

#include "model.h"
#include "spm.h"

struct topk_heap {
	uint32_t k, n;
	uint32_t *item; /* k entries: heap order until topk_finish() */
	float *score;
};

/* item and score must hold k entries each; k >= 1. */
void topk_init(struct topk_heap *h, uint32_t k, uint32_t *item, float *score);
void topk_push(struct topk_heap *h, uint32_t item, float score);
/* Sort the kept entries best first; returns how many there are (<= k). */
uint32_t topk_finish(struct topk_heap *h);

/* The K best of row[0..n), skipping the items listed in exclude[0..nex)
 * (any order; ids >= n ignored) and those with allowed[i] == 0 (allowed
 * may be NULL).  row is scratch: excluded entries are overwritten with
 * NaN.  Writes best first; returns how many (<= K). */
uint32_t topk_select(float *row, uint32_t n, uint32_t K, const uint32_t *exclude, uint64_t nex,
		     const unsigned char *allowed, uint32_t *items, float *scores);

/* Selection constraints shared by every user of a call. */
struct topk_filter {
	const struct spm
		*exclude; /* rows = model users: items never shown to that user; may be NULL */
	const unsigned char *allowed; /* n flags: only these items (NULL = all) */
};

/*
 * A factor model's item side, packed for scoring: item factors in panels
 * of 16 items (k x 16 floats each, zero past the last item), the item
 * biases beside them.  Packing once lets the kernel stream every panel
 * with two vector loads per factor, and lets serving score one user
 * without copying Y.
 *
 * Every score is computed by one kernel, as the chain of fused
 * multiply-adds x[0] y[0], x[1] y[1], ... in factor order, plus
 * (mean + b_u) + b_i for explicit models: a user's scores, hence its list,
 * do not depend on which users are scored with it, on threads, or on
 * whether the factors are stored or folded in.  Selection runs in the
 * kernel against each user's current K-th score, so most scores are never
 * stored.  Items are packed longest vector first, and a user stops once no
 * item left can reach its K-th score (a bound with room for rounding), so
 * the lists are those of a full scan (docs/EXPERIMENTS.md).
 */
struct topk_scorer;

/* mo must outlive the scorer. */
struct topk_scorer *topk_scorer_new(const struct model *mo);
void topk_scorer_free(struct topk_scorer *s);

/* For count users (dense model indices, any order), write the K best items
 * and scores best first to items[j*K ...], scores[j*K ...] and the number
 * found (< K when too few candidates remain) to found[j].  Parallel over
 * users; filter may be NULL. */
void topk_users(const struct topk_scorer *s, const uint32_t *users, uint32_t count, uint32_t K,
		const struct topk_filter *filter, uint32_t *items, float *scores, uint32_t *found);

/* The K best items for factors x (k floats) with base = mean + b_u added
 * to every score of an explicit model (ignored otherwise), never an item of
 * exclude[0..nex) (ascending) nor one with allowed[i] == 0 (allowed may be
 * NULL).  Best first; returns how many (<= K).  One thread. */
uint32_t topk_vector(const struct topk_scorer *s, const float *x, float base, uint32_t K,
		     const uint32_t *exclude, uint64_t nex, const unsigned char *allowed,
		     uint32_t *items, float *scores);

#endif
