/*
 * topk: the K best items per user, by partial selection.
 *
 * "Best" is a total order: higher score first, and among equal scores the
 * lower item index (dense indices follow ascending external ids), so every
 * list is deterministic.  NaN scores are never selected.
 *
 * topk_heap keeps the K best of a stream in O(log K) per push that
 * qualifies (most do not, once the heap is full).  topk_users() scores
 * users in blocks with one SGEMM per block (X_B Y') and selects from each
 * row, in parallel over blocks; results do not depend on the thread count.
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

/* Users scored per SGEMM in topk_users(), in blocks of consecutive
 * requested users.  OpenBLAS's result bits for a row depend on the rows
 * multiplied with it, so callers that must reproduce a list exactly score
 * users in the same aligned blocks (lib/recommend.c). */
#define TOPK_BLOCK 64

/* Selection constraints shared by every user of a call. */
struct topk_filter {
	const struct spm *exclude;    /* rows = model users: items never shown to that user; may be NULL */
	const unsigned char *allowed; /* n flags: only these items (NULL = all) */
};

/* For count users (dense model indices), write the K best items and
 * scores best first to items[j*K ...], scores[j*K ...] and the number found
 * (< K when too few candidates remain) to found[j]. */
void topk_users(const struct model *mo, const uint32_t *users, uint32_t count, uint32_t K,
		const struct topk_filter *filter, uint32_t *items, float *scores,
		uint32_t *found);

#endif
