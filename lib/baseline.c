#include "baseline.h"
#include "err.h"
#include "num.h"
#include "rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"pop", "random", "genre"};

const char *baseline_name(enum baseline_kind kind)
{
	return names[kind];
}

int baseline_kind_of(const char *name)
{
	for (int k = 0; k < 3; k++)
		if (strcmp(name, names[k]) == 0)
			return k;
	return -1;
}

/* Append "key=value\n" of any length (model_param() cuts values at 255
 * bytes, too short for a list of genre names). */
static void param_long(struct model *mo, const char *key, const char *value)
{
	size_t old = strlen(mo->params), add = strlen(key) + strlen(value) + 2;
	mo->params = xrealloc(mo->params, old + add + 1);
	snprintf(mo->params + old, add + 1, "%s=%s\n", key, value);
}

struct model *baseline_train_pop(const struct spm *R, const uint32_t *user_ids,
				 const uint32_t *item_ids)
{
	struct model *mo = model_new(BIN_BASELINE, R->m, R->n, 1, user_ids, item_ids, 0);
	model_param(mo, "baseline", "pop");
	memset(mo->Y, 0, (size_t)R->n * sizeof *mo->Y);
	for (uint64_t t = 0; t < R->nnz; t++)
		mo->Y[R->indices[t]] += 1; /* exact: counts stay far below 2^24 */
	for (uint32_t u = 0; u < R->m; u++)
		mo->X[u] = 1;
	return mo;
}

/* k N(0, 1) draws from the stream of (seed, side, id): splitmix64 for the
 * uniforms, Box-Muller for the normals, so that a row depends on nothing
 * else. */
static void gaussian_row(uint64_t seed, uint64_t side, uint32_t id, float *x, uint32_t k)
{
	uint64_t state = rng_derive(rng_derive(seed, side), id);
	for (uint32_t f = 0; f < k; f += 2) {
		state += 0x9e3779b97f4a7c15ull;
		double u1 = ((double)(rng_mix64(state) >> 11) + 1) * 0x1p-53; /* (0, 1] */
		state += 0x9e3779b97f4a7c15ull;
		double u2 = (double)(rng_mix64(state) >> 11) * 0x1p-53; /* [0, 1) */
		double rad = sqrt(-2 * log(u1)), ang = 2 * M_PI * u2;
		x[f] = (float)(rad * cos(ang));
		if (f + 1 < k)
			x[f + 1] = (float)(rad * sin(ang));
	}
}

enum { SIDE_USERS = 0, SIDE_ITEMS = 1 };

struct model *baseline_train_random(const struct spm *R, const uint32_t *user_ids,
				    const uint32_t *item_ids, uint64_t seed)
{
	uint32_t k = BASELINE_RANDOM_FACTORS;
	struct model *mo = model_new(BIN_BASELINE, R->m, R->n, k, user_ids, item_ids, 0);
	model_param(mo, "baseline", "random");
	model_param(mo, "seed", "%llu", (unsigned long long)seed);
	for (uint32_t u = 0; u < R->m; u++)
		gaussian_row(seed, SIDE_USERS, user_ids[u], mo->X + (size_t)u * k, k);
	for (uint32_t i = 0; i < R->n; i++)
		gaussian_row(seed, SIDE_ITEMS, item_ids[i], mo->Y + (size_t)i * k, k);
	return mo;
}

/* x = p / |p|, p = sum_j r_j y_j, in double over the history in the order
 * given (callers pass it in ascending item index). */
static void genre_profile(const float *Y, uint32_t k, const uint32_t *items, const float *ratings,
			  uint32_t count, float *x)
{
	double p[CATALOG_MAX_GENRES] = {0}, norm = 0;
	for (uint32_t j = 0; j < count; j++) {
		const float *y = Y + (size_t)items[j] * k;
		for (uint32_t g = 0; g < k; g++)
			p[g] += (double)ratings[j] * y[g];
	}
	for (uint32_t g = 0; g < k; g++)
		norm += p[g] * p[g];
	norm = sqrt(norm);
	for (uint32_t g = 0; g < k; g++)
		x[g] = norm > 0 ? (float)(p[g] / norm) : 0.0f;
}

/* The genre names joined by '|', the order of the columns. */
static char *genre_list(const struct items *catalog)
{
	size_t len = 1;
	for (int g = 0; g < catalog->ngenres; g++)
		len += strlen(catalog->genre_names[g]) + 1;
	char *s = xmalloc(len);
	s[0] = '\0';
	for (int g = 0; g < catalog->ngenres; g++) {
		if (g)
			strcat(s, "|");
		strcat(s, catalog->genre_names[g]);
	}
	return s;
}

struct model *baseline_train_genre(const struct spm *R, const uint32_t *user_ids,
				   const uint32_t *item_ids, const struct items *catalog)
{
	uint32_t k = (uint32_t)catalog->ngenres;
	if (k == 0) {
		error("%s: no item has a genre", catalog->name);
		return NULL;
	}
	struct model *mo = model_new(BIN_BASELINE, R->m, R->n, k, user_ids, item_ids, 0);
	for (uint32_t i = 0; i < R->n; i++) {
		int64_t row = idmap_get(catalog->ids, item_ids[i]);
		if (row < 0) {
			error("%s: item %u of the ratings is not in the table", catalog->name,
			      item_ids[i]);
			model_free(mo);
			return NULL;
		}
		uint64_t bits = catalog->genres[row];
		float *y = mo->Y + (size_t)i * k;
		/* genre g of the table is column g: the bit index, never a lookup by name */
		float v = bits ? (float)(1 / sqrt((double)__builtin_popcountll(bits))) : 0.0f;
		for (uint32_t g = 0; g < k; g++)
			y[g] = bits >> g & 1 ? v : 0.0f;
	}
	for (uint32_t u = 0; u < R->m; u++) {
		uint64_t b = R->indptr[u], cnt = R->indptr[u + 1] - b;
		genre_profile(mo->Y, k, R->indices + b, R->data + b, (uint32_t)cnt,
			      mo->X + (size_t)u * k);
	}
	model_param(mo, "baseline", "genre");
	char *list = genre_list(catalog);
	param_long(mo, "genres", list);
	free(list);
	return mo;
}

int baseline_info_read(const struct model *mo, const char *path, struct baseline_info *info)
{
	char buf[64];
	const char *name = model_get_param(mo, "baseline", buf, sizeof buf);
	int kind = name ? baseline_kind_of(name) : -1;
	if (kind < 0)
		return error("%s: baseline model without a valid 'baseline' parameter", path);
	info->kind = (enum baseline_kind)kind;
	info->seed = 0;
	if (kind == BASELINE_RANDOM) {
		const char *s = model_get_param(mo, "seed", buf, sizeof buf);
		if (!s || num_parse_u64(s, UINT64_MAX, &info->seed) < 0)
			return error("%s: random baseline without a valid 'seed' parameter", path);
		if (mo->k != BASELINE_RANDOM_FACTORS)
			return error("%s: random baseline with %u factors, expected %d", path,
				     mo->k, BASELINE_RANDOM_FACTORS);
	}
	if (kind == BASELINE_POP && mo->k != 1)
		return error("%s: popularity baseline with %u factors, expected 1", path, mo->k);
	if (kind == BASELINE_GENRE && mo->k > CATALOG_MAX_GENRES)
		return error("%s: genre baseline with %u factors, at most %d", path, mo->k,
			     CATALOG_MAX_GENRES);
	return 0;
}

void baseline_fold_in(const struct model *mo, const struct baseline_info *info, uint32_t user_id,
		      const uint32_t *items, const float *ratings, uint32_t count, float *x)
{
	switch (info->kind) {
	case BASELINE_POP: x[0] = 1; break;
	case BASELINE_RANDOM: gaussian_row(info->seed, SIDE_USERS, user_id, x, mo->k); break;
	case BASELINE_GENRE: genre_profile(mo->Y, mo->k, items, ratings, count, x); break;
	}
}
