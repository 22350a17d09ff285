/*
 * baseline: the factor-form baselines, popularity, random and genre.
 *
 * Each is a struct model of kind BIN_BASELINE (lib/model.h), scored like
 * any factor model as x_u . y_i, so reel-topk and reel-metrics treat them
 * like ALS.  The params record "baseline=pop|random|genre" (and the seed,
 * or the genre names); docs/FORMATS.md lists them.
 *
 *   pop     k = 1; y_i = the number of training users who rated i; x_u = 1.
 *   random  k = BASELINE_RANDOM_FACTORS; every entry of y_i and x_u is
 *           N(0, 1), drawn from a stream seeded by the seed and the item's
 *           (user's) external id alone, so a user's factors are the same
 *           whether trained or folded in, in any order, on any thread.
 *   genre   k = the number of genres in items.tsv; column g is
 *           genre_names[g] of lib/catalog.h (order of first appearance in
 *           the file).  y_i = the item's 0/1 genre vector divided by its
 *           length (a zero vector for an item without genres);
 *           x_u = p / |p| with p = sum over the user's ratings of r_uj y_j
 *           (summed in double in ascending item index; x_u = 0 when p = 0),
 *           so the score is the cosine of the user's rating-weighted
 *           profile and the item's genres.
 *
 * Fold-in (a user not in training, from a history given at request time)
 * applies the same formula as training, so folding in a trained user's own
 * history gives back that user's stored factors exactly.
 */
#ifndef REEL_BASELINE_H
#define REEL_BASELINE_H

#include <stdint.h>

#include "catalog.h"
#include "model.h"
#include "spm.h"

#define BASELINE_RANDOM_FACTORS 32

enum baseline_kind { BASELINE_POP, BASELINE_RANDOM, BASELINE_GENRE };

/* What fold-in needs from a baseline model's params. */
struct baseline_info {
	enum baseline_kind kind;
	uint64_t seed; /* random only */
};

/* The name of a kind ("pop"), and the kind of a name (-1 if none). */
const char *baseline_name(enum baseline_kind kind);
int baseline_kind_of(const char *name);

/* Train on R (users x items, values = ratings; rows and columns in the
 * order of user_ids and item_ids, which are copied).  genre needs the
 * items table: an item of R missing from it is an error (NULL after a
 * message naming the item).  The params get "baseline=KIND" and what
 * fold-in needs; the caller adds its own (e.g. "train"). */
struct model *baseline_train_pop(const struct spm *R, const uint32_t *user_ids,
				 const uint32_t *item_ids);
struct model *baseline_train_random(const struct spm *R, const uint32_t *user_ids,
				    const uint32_t *item_ids, uint64_t seed);
struct model *baseline_train_genre(const struct spm *R, const uint32_t *user_ids,
				   const uint32_t *item_ids, const struct items *catalog);

/* Read back the kind (and seed) from a baseline model's params; -1 after
 * a message naming path when they are missing or bad. */
int baseline_info_read(const struct model *mo, const char *path, struct baseline_info *info);

/* The k factors of a user with external id user_id and the given history
 * (items as dense indices into mo's items, strictly ascending; ratings
 * raw) into x.  pop ignores the history, random uses only the id, genre
 * only the history. */
void baseline_fold_in(const struct model *mo, const struct baseline_info *info, uint32_t user_id,
		      const uint32_t *items, const float *ratings, uint32_t count, float *x);

#endif
