/*
 * model: factor models (ALS and factor-form baselines) in memory and on disk.
 *
 * Every model scores a (user, item) pair as
 *     mean + user_bias[u] + item_bias[i] + X[u] . Y[i]
 * where the bias terms are absent (NULL, mean 0) in implicit models and
 * baselines.  X is m x k and Y is n x k, row-major floats; user_ids and
 * item_ids are the external ids of rows, strictly ascending (so an id is
 * found by binary search, and the users and items maps agree with them).
 * params is free text, "key=value" lines, recording how the model was made.
 *
 * On disk a model is a bin container (lib/bin.h) of kind BIN_ALS_IMPLICIT,
 * BIN_ALS_EXPLICIT or BIN_BASELINE with the sections listed in
 * docs/FORMATS.md.  A model read from disk borrows its arrays from the file
 * buffer; one built in memory owns them.  model_free() handles both.
 */
#ifndef REEL_MODEL_H
#define REEL_MODEL_H

#include <stdint.h>

#include "bin.h"
#include "idmap.h"

struct model {
	uint32_t kind; /* enum bin_kind */
	uint32_t m, n, k;
	uint32_t *user_ids, *item_ids;
	float *X, *Y;
	float *user_bias, *item_bias; /* NULL unless explicit */
	double mean;
	char *params;
	struct idmap *users, *items; /* lookups, built by model_index() */
	/* private */
	struct bin *file; /* non-NULL: arrays live in the file buffer */
};

/* A zeroed model owning fresh arrays (biases only if with_bias); factors
 * uninitialised.  user_ids and item_ids are copied. */
struct model *model_new(uint32_t kind, uint32_t m, uint32_t n, uint32_t k, const uint32_t *user_ids,
			const uint32_t *item_ids, int with_bias);
/* Build the users and items lookup maps (done by model_read). */
void model_index(struct model *mo);
/* Append "key=value\n" to params. */
void model_param(struct model *mo, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The value of a parameter as a string in buf, or NULL if absent. */
const char *model_get_param(const struct model *mo, const char *key, char *buf, int size);

int model_write(const struct model *mo, const char *path);
/* Read and check a model (shapes, ids strictly ascending, every factor,
 * bias and the mean finite); want_kind 0 accepts any factor model. */
struct model *model_read(const char *path, uint32_t want_kind);
void model_free(struct model *mo);

/* The score of dense user u and item i: mean and biases summed in double,
 * plus the dot product as topk.h's chain of float FMAs; for models
 * without biases exactly the float that topk_users() lists. */
float model_score(const struct model *mo, uint32_t u, uint32_t i);

#endif
