#include "topk.h"
#include "blas.h"
#include "err.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Users scored per SGEMM: a block of scores (USERS_PER_BLOCK x n floats)
 * stays cache-friendly for catalogues of tens of thousands of items. */
#define USERS_PER_BLOCK 64

/* a worse than b: lower score, or equal score and higher item index */
static int worse(float sa, uint32_t ia, float sb, uint32_t ib)
{
	return sa < sb || (sa == sb && ia > ib);
}

void topk_init(struct topk_heap *h, uint32_t k, uint32_t *item, float *score)
{
	h->k = k;
	h->n = 0;
	h->item = item;
	h->score = score;
}

/* The root is the worst kept entry; children are better or equal. */
static void sift_down(struct topk_heap *h, uint32_t i)
{
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, w = i;
		if (l < h->n && worse(h->score[l], h->item[l], h->score[w], h->item[w]))
			w = l;
		if (r < h->n && worse(h->score[r], h->item[r], h->score[w], h->item[w]))
			w = r;
		if (w == i)
			return;
		float ts = h->score[i];
		uint32_t ti = h->item[i];
		h->score[i] = h->score[w];
		h->item[i] = h->item[w];
		h->score[w] = ts;
		h->item[w] = ti;
		i = w;
	}
}

void topk_push(struct topk_heap *h, uint32_t item, float score)
{
	if (isnan(score))
		return;
	if (h->n < h->k) {
		uint32_t i = h->n++;
		while (i > 0) {
			uint32_t parent = (i - 1) / 2;
			if (!worse(score, item, h->score[parent], h->item[parent]))
				break;
			h->score[i] = h->score[parent];
			h->item[i] = h->item[parent];
			i = parent;
		}
		h->score[i] = score;
		h->item[i] = item;
		return;
	}
	if (worse(score, item, h->score[0], h->item[0]) ||
	    (score == h->score[0] && item == h->item[0]))
		return;
	h->score[0] = score;
	h->item[0] = item;
	sift_down(h, 0);
}

uint32_t topk_finish(struct topk_heap *h)
{
	/* heap sort: repeatedly move the worst to the end */
	uint32_t n = h->n;
	while (h->n > 1) {
		uint32_t last = --h->n;
		float ts = h->score[0];
		uint32_t ti = h->item[0];
		h->score[0] = h->score[last];
		h->item[0] = h->item[last];
		h->score[last] = ts;
		h->item[last] = ti;
		sift_down(h, 0);
	}
	h->n = n;
	return n;
}

static void select_row(const struct model *mo, uint32_t u, const float *row, uint32_t K,
		       const struct topk_filter *filter, uint32_t *items, float *scores,
		       uint32_t *found)
{
	struct topk_heap h;
	topk_init(&h, K, items, scores);
	const uint32_t *ex = NULL;
	uint64_t nex = 0;
	if (filter && filter->exclude && u < filter->exclude->m) {
		ex = filter->exclude->indices + filter->exclude->indptr[u];
		nex = filter->exclude->indptr[u + 1] - filter->exclude->indptr[u];
	}
	const unsigned char *allowed = filter ? filter->allowed : NULL;
	uint64_t e = 0;
	for (uint32_t i = 0; i < mo->n; i++) {
		/* the excluded items are sorted: walk them alongside */
		if (e < nex && ex[e] == i) {
			e++;
			continue;
		}
		if (allowed && !allowed[i])
			continue;
		if (h.n == K && row[i] < h.score[0])
			continue; /* the common case, decided without a call */
		topk_push(&h, i, row[i]);
	}
	*found = topk_finish(&h);
}

void topk_users(const struct model *mo, const uint32_t *users, uint32_t count, uint32_t K,
		const struct topk_filter *filter, uint32_t *items, float *scores,
		uint32_t *found)
{
	uint32_t k = mo->k, n = mo->n;
	uint32_t nblocks = (count + USERS_PER_BLOCK - 1) / USERS_PER_BLOCK;
#pragma omp parallel
	{
		float *S = xmallocarray((size_t)USERS_PER_BLOCK * n, sizeof *S);
		float *XB = xmallocarray((size_t)USERS_PER_BLOCK * k, sizeof *XB);
#pragma omp for schedule(dynamic, 1)
		for (uint32_t b = 0; b < nblocks; b++) {
			uint32_t j0 = b * USERS_PER_BLOCK;
			uint32_t nb = count - j0 < USERS_PER_BLOCK ? count - j0 : USERS_PER_BLOCK;
			for (uint32_t j = 0; j < nb; j++)
				memcpy(XB + (size_t)j * k, mo->X + (size_t)users[j0 + j] * k,
				       (size_t)k * sizeof *XB);
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)n,
				    (int)k, 1.0f, XB, (int)k, mo->Y, (int)k, 0.0f, S, (int)n);
			for (uint32_t j = 0; j < nb; j++) {
				uint32_t u = users[j0 + j];
				float *row = S + (size_t)j * n;
				if (mo->user_bias) {
					float base = (float)(mo->mean + mo->user_bias[u]);
					for (uint32_t i = 0; i < n; i++)
						row[i] += base + mo->item_bias[i];
				}
				select_row(mo, u, row, K, filter, items + (size_t)(j0 + j) * K,
					   scores + (size_t)(j0 + j) * K, found + j0 + j);
			}
		}
		free(S);
		free(XB);
	}
}
