#include "topk.h"
#include "blas.h"
#include "err.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


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

uint32_t topk_select(float *row, uint32_t n, uint32_t K, const uint32_t *exclude, uint64_t nex,
		     const unsigned char *allowed, uint32_t *items, float *scores)
{
	/* NaN is never selected, so masking costs one store per exclusion
	 * and keeps the scan below a single comparison per item */
	for (uint64_t e = 0; e < nex; e++)
		if (exclude[e] < n)
			row[exclude[e]] = NAN;
	if (allowed)
		for (uint32_t i = 0; i < n; i++)
			if (!allowed[i])
				row[i] = NAN;
	struct topk_heap h;
	topk_init(&h, K, items, scores);
	uint32_t i = 0;
	for (; i < n && h.n < K; i++)
		topk_push(&h, i, row[i]);
	/* items come in ascending order, so a later item that ties with the
	 * worst kept one loses the tie: only a strictly higher score enters */
	float worst = h.n == K ? h.score[0] : -INFINITY;
	for (; i < n; i++) {
		if (row[i] > worst) {
			topk_push(&h, i, row[i]);
			worst = h.score[0];
		}
	}
	return topk_finish(&h);
}

static void select_row(uint32_t u, float *row, uint32_t n, uint32_t K,
		       const struct topk_filter *filter, uint32_t *items, float *scores,
		       uint32_t *found)
{
	const uint32_t *ex = NULL;
	uint64_t nex = 0;
	if (filter && filter->exclude && u < filter->exclude->m) {
		ex = filter->exclude->indices + filter->exclude->indptr[u];
		nex = filter->exclude->indptr[u + 1] - filter->exclude->indptr[u];
	}
	*found = topk_select(row, n, K, ex, nex, filter ? filter->allowed : NULL, items, scores);
}

void topk_users(const struct model *mo, const uint32_t *users, uint32_t count, uint32_t K,
		const struct topk_filter *filter, uint32_t *items, float *scores,
		uint32_t *found)
{
	uint32_t k = mo->k, n = mo->n;
	uint32_t nblocks = (count + TOPK_BLOCK - 1) / TOPK_BLOCK;
#pragma omp parallel
	{
		float *S = xmallocarray((size_t)TOPK_BLOCK * n, sizeof *S);
		float *XB = xmallocarray((size_t)TOPK_BLOCK * k, sizeof *XB);
#pragma omp for schedule(dynamic, 1)
		for (uint32_t b = 0; b < nblocks; b++) {
			uint32_t j0 = b * TOPK_BLOCK;
			uint32_t nb = count - j0 < TOPK_BLOCK ? count - j0 : TOPK_BLOCK;
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
				select_row(u, row, n, K, filter, items + (size_t)(j0 + j) * K,
					   scores + (size_t)(j0 + j) * K, found + j0 + j);
			}
		}
		free(S);
		free(XB);
	}
}
