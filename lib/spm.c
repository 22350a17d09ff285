#include "spm.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>

struct spm *spm_alloc(uint32_t m, uint32_t n, uint64_t nnz)
{
	struct spm *a = xcalloc(1, sizeof *a);
	a->m = m;
	a->n = n;
	a->nnz = nnz;
	a->indptr = xcalloc((size_t)m + 1, sizeof *a->indptr);
	a->indices = xmallocarray(nnz ? nnz : 1, sizeof *a->indices);
	a->data = xmallocarray(nnz ? nnz : 1, sizeof *a->data);
	return a;
}

/* One row's entries sorted by column, stably (equal columns keep their
 * order), with their values and triplet indices (where may be NULL):
 * merge sort through the scratch arrays t*, which hold len entries. */
static void sort_row(uint32_t *idx, float *val, uint32_t *where, uint64_t len, uint32_t *tidx,
		     float *tval, uint32_t *twhere)
{
	if (len <= 16) {
		for (uint64_t i = 1; i < len; i++) {
			uint32_t c = idx[i], w = where ? where[i] : 0;
			float v = val[i];
			uint64_t j = i;
			for (; j > 0 && idx[j - 1] > c; j--) {
				idx[j] = idx[j - 1];
				val[j] = val[j - 1];
				if (where)
					where[j] = where[j - 1];
			}
			idx[j] = c;
			val[j] = v;
			if (where)
				where[j] = w;
		}
		return;
	}
	uint64_t half = len / 2;
	sort_row(idx, val, where, half, tidx, tval, twhere);
	sort_row(idx + half, val + half, where ? where + half : NULL, len - half, tidx, tval,
		 twhere);
	if (idx[half - 1] <= idx[half])
		return; /* in order already, as rows of sorted input are */
	uint64_t i = 0, j = half, o = 0;
	while (i < half || j < len) {
		/* <=: the left entry first on equal columns, for stability */
		uint64_t from = j == len || (i < half && idx[i] <= idx[j]) ? i++ : j++;
		tidx[o] = idx[from];
		tval[o] = val[from];
		if (where)
			twhere[o] = where[from];
		o++;
	}
	memcpy(idx, tidx, len * sizeof *idx);
	memcpy(val, tval, len * sizeof *val);
	if (where)
		memcpy(where, twhere, len * sizeof *where);
}

struct spm *spm_build(uint32_t m, uint32_t n, uint64_t nnz, const uint32_t *rows,
		      const uint32_t *cols, const float *vals, uint32_t **perm)
{
	if (perm && nnz > UINT32_MAX) /* a broken promise, not bad data */
		die("internal error: %llu triplets to index in 32 bits", (unsigned long long)nnz);
	struct spm *a = spm_alloc(m, n, nnz);
	for (uint64_t t = 0; t < nnz; t++)
		a->indptr[rows[t] + 1]++;
	uint64_t longest = 0;
	for (uint32_t r = 0; r < m; r++) {
		longest = a->indptr[r + 1] > longest ? a->indptr[r + 1] : longest;
		a->indptr[r + 1] += a->indptr[r];
	}
	/* Each row's entries in triplet order, then each row sorted: the only
	 * scratch is one row long, where a counting sort by column would hold
	 * 4 bytes an entry at the peak of training's memory. */
	uint64_t *next = xmallocarray((size_t)m + 1, sizeof *next);
	memcpy(next, a->indptr, ((size_t)m + 1) * sizeof *next);
	uint32_t *where = perm ? xmallocarray(nnz ? nnz : 1, sizeof *where) : NULL;
	for (uint64_t t = 0; t < nnz; t++) {
		uint64_t k = next[rows[t]]++;
		a->indices[k] = cols[t];
		a->data[k] = vals[t];
		if (where)
			where[k] = (uint32_t)t;
	}
	free(next);
	uint32_t *tidx = xmallocarray(longest ? longest : 1, sizeof *tidx);
	uint32_t *twhere = xmallocarray(longest ? longest : 1, sizeof *twhere);
	float *tval = xmallocarray(longest ? longest : 1, sizeof *tval);
	for (uint32_t r = 0; r < m; r++) {
		uint64_t b = a->indptr[r];
		sort_row(a->indices + b, a->data + b, where ? where + b : NULL,
			 a->indptr[r + 1] - b, tidx, tval, twhere);
	}
	free(tidx);
	free(twhere);
	free(tval);
	if (perm)
		*perm = where;
	return a;
}

void spm_sort_rows(struct spm *a)
{
	uint64_t longest = 0;
	for (uint32_t r = 0; r < a->m; r++)
		if (a->indptr[r + 1] - a->indptr[r] > longest)
			longest = a->indptr[r + 1] - a->indptr[r];
#pragma omp parallel
	{
		uint32_t *tidx = xmallocarray(longest + 1, sizeof *tidx);
		float *tval = xmallocarray(longest + 1, sizeof *tval);
#pragma omp for schedule(dynamic, 256)
		for (uint32_t r = 0; r < a->m; r++)
			sort_row(a->indices + a->indptr[r], a->data + a->indptr[r], NULL,
				 a->indptr[r + 1] - a->indptr[r], tidx, tval, NULL);
		free(tidx);
		free(tval);
	}
}

int64_t spm_find_duplicate(const struct spm *a, uint32_t *row)
{
	for (uint32_t r = 0; r < a->m; r++) {
		for (uint64_t k = a->indptr[r] + 1; k < a->indptr[r + 1]; k++) {
			if (a->indices[k] == a->indices[k - 1]) {
				*row = r;
				return (int64_t)k;
			}
		}
	}
	return -1;
}

struct spm *spm_transpose(const struct spm *a)
{
	struct spm *t = spm_alloc(a->n, a->m, a->nnz);
	for (uint64_t k = 0; k < a->nnz; k++)
		t->indptr[a->indices[k] + 1]++;
	for (uint32_t c = 0; c < a->n; c++)
		t->indptr[c + 1] += t->indptr[c];
	uint64_t *next = xmallocarray((size_t)a->n + 1, sizeof *next);
	memcpy(next, t->indptr, ((size_t)a->n + 1) * sizeof *next);
	for (uint32_t r = 0; r < a->m; r++) {
		for (uint64_t k = a->indptr[r]; k < a->indptr[r + 1]; k++) {
			uint64_t dst = next[a->indices[k]]++;
			t->indices[dst] = r;
			t->data[dst] = a->data[k];
		}
	}
	free(next);
	return t;
}

uint64_t spm_bytes(const struct spm *a)
{
	return ((uint64_t)a->m + 1) * sizeof *a->indptr +
	       a->nnz * (sizeof *a->indices + sizeof *a->data);
}

void spm_free(struct spm *a)
{
	if (!a)
		return;
	free(a->indptr);
	free(a->indices);
	free(a->data);
	free(a);
}
