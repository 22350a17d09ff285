#include "validate.h"
#include "err.h"
#include "metrics.h"
#include "ratings.h"
#include "topk.h"

#include <stdlib.h>

struct validator {
	uint32_t k;
	uint32_t nusers;      /* test users, known to the model or not */
	uint32_t nknown;      /* of which known: the first nknown entries */
	uint32_t *user;       /* model index of known test users */
	uint32_t *nrel;       /* test items per test user */
	struct spm *relevant; /* rows = known test users (in user[] order): known test items */
	const struct spm *train;
	uint32_t *items, *found, *ranks;
	float *scores;
};

struct validator *validator_new(const char *test_path, const struct model *mo,
				const struct spm *train, uint32_t k)
{
	struct ratings *r = ratings_read(test_path, 0);
	if (!r)
		return NULL;
	struct validator *v = xcalloc(1, sizeof *v);
	v->k = k;
	v->train = train;
	uint32_t nu = r->users->n;
	v->nusers = nu;
	v->user = xcalloc(nu, sizeof *v->user);
	v->nrel = xcalloc(nu, sizeof *v->nrel);
	/* test users in ascending id; known ones first, keeping that order */
	int64_t *model_u = xmallocarray(nu, sizeof *model_u);
	uint32_t *slot = xmallocarray(nu, sizeof *slot);
	for (uint32_t u = 0; u < nu; u++)
		if ((model_u[u] = idmap_get(mo->users, r->users->ext[u])) >= 0)
			v->user[slot[u] = v->nknown++] = (uint32_t)model_u[u];
	for (uint32_t u = 0, unknown = v->nknown; u < nu; u++)
		if (model_u[u] < 0)
			slot[u] = unknown++;
	uint32_t *rows = xmallocarray(r->n, sizeof *rows), *cols = xmallocarray(r->n, sizeof *cols);
	uint64_t nnz = 0;
	for (uint64_t t = 0; t < r->n; t++) {
		v->nrel[slot[r->user[t]]]++;
		int64_t i = idmap_get(mo->items, r->items->ext[r->item[t]]);
		if (model_u[r->user[t]] >= 0 && i >= 0) {
			rows[nnz] = slot[r->user[t]];
			cols[nnz++] = (uint32_t)i;
		}
	}
	v->relevant = spm_build(v->nknown, mo->n, nnz, rows, cols, r->value, NULL);
	free(rows);
	free(cols);
	free(model_u);
	free(slot);
	ratings_free(r);
	v->items = xmallocarray((size_t)v->nknown * k + 1, sizeof *v->items);
	v->scores = xmallocarray((size_t)v->nknown * k + 1, sizeof *v->scores);
	v->found = xmallocarray(v->nknown + 1, sizeof *v->found);
	v->ranks = xmallocarray(k, sizeof *v->ranks);
	return v;
}

static int is_relevant(const struct spm *rel, uint32_t row, uint32_t item)
{
	uint64_t lo = rel->indptr[row], hi = rel->indptr[row + 1];
	while (lo < hi) {
		uint64_t mid = (lo + hi) / 2;
		if (rel->indices[mid] < item)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < rel->indptr[row + 1] && rel->indices[lo] == item;
}

void validator_add(struct validator *v, const struct model *mo, struct metrics_sum *sum)
{
	struct topk_filter filter = {v->train, NULL};
	struct topk_scorer *scorer = topk_scorer_new(mo);
	topk_users(scorer, v->user, v->nknown, v->k, &filter, v->items, v->scores, v->found);
	topk_scorer_free(scorer);
	for (uint32_t j = 0; j < v->nknown; j++) {
		uint32_t nhit = 0;
		for (uint32_t r = 0; r < v->found[j]; r++)
			if (is_relevant(v->relevant, j, v->items[(size_t)j * v->k + r]))
				v->ranks[nhit++] = r + 1;
		struct metrics_user mu;
		if (metrics_user(v->ranks, nhit, v->k, v->nrel[j], &mu) == 0)
			metrics_sum_add(sum, &mu);
	}
}

uint32_t validator_users(const struct validator *v)
{
	return v->nusers;
}

struct validation validator_run(struct validator *v, const struct model *mo)
{
	struct metrics_sum sum = {0};
	validator_add(v, mo, &sum);
	/* unknown test users count with no hits: the mean is over all of them */
	double users = v->nusers ? v->nusers : 1;
	return (struct validation){sum.recall / users, sum.ndcg / users};
}

void validator_free(struct validator *v)
{
	if (!v)
		return;
	free(v->user);
	free(v->nrel);
	spm_free(v->relevant);
	free(v->items);
	free(v->scores);
	free(v->found);
	free(v->ranks);
	free(v);
}
