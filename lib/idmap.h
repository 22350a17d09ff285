/*
 * idmap: external ids (integers 0..2^32-1, as in the data files) mapped to
 * dense indices 0..n-1 and back.
 *
 * Indices are handed out in order of first idmap_add().  idmap_sort()
 * renumbers them in ascending order of external id, so that everything
 * built on a map (matrices, model files) is independent of input order.
 * ext[idx] is the external id of index idx.  Lookups are O(1) (open
 * addressing with linear probing; the table is kept at most half full).
 */
#ifndef REEL_IDMAP_H
#define REEL_IDMAP_H

#include <stdint.h>

struct idmap {
	uint32_t n;    /* number of ids */
	uint32_t *ext; /* ext[idx], n entries */
	/* private */
	uint32_t max;    /* most ids it takes: IDMAP_MAX (tests lower it) */
	uint32_t cap;    /* capacity of ext */
	uint32_t nslots; /* power of two */
	uint32_t *slots; /* idx + 1, or 0 for empty */
};

struct idmap *idmap_new(void);
void idmap_free(struct idmap *m);
/* The index of ext_id, or -1 if absent. */
int64_t idmap_get(const struct idmap *m, uint32_t ext_id);
/* The most ids a map holds, so that its slot table (twice as many slots,
 * a power of two) is counted in 32 bits. */
#define IDMAP_MAX (UINT32_C(1) << 30)
/* The index of ext_id, adding it if absent; -1, and no message, if it is
 * absent and the map holds m->max ids already: the caller, which knows
 * the file and line, reports it. */
int64_t idmap_add(struct idmap *m, uint32_t ext_id);
/* Build a map from n <= IDMAP_MAX external ids (the readers check), in
 * that order (duplicates keep the first index). */
struct idmap *idmap_from(const uint32_t *ext_ids, uint32_t n);
/* Renumber by ascending external id.  Returns a new-index array: old index
 * i is now remap[i]; the caller frees it. */
uint32_t *idmap_sort(struct idmap *m);

#endif
