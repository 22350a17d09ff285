#include "spm.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>

static struct spm *spm_alloc(uint32_t m, uint32_t n, uint64_t nnz)
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

/* Counting sort of 0..nnz-1 by key[t] < nkeys, stable; ptr gets the
 * nkeys + 1 bucket starts. */
static uint32_t *counting_order(const uint32_t *key, uint64_t nnz, uint32_t nkeys,
				uint64_t *ptr)
{
	memset(ptr, 0, ((size_t)nkeys + 1) * sizeof *ptr);
	for (uint64_t t = 0; t < nnz; t++)
		ptr[key[t] + 1]++;
	for (uint32_t k = 0; k < nkeys; k++)
		ptr[k + 1] += ptr[k];
	uint64_t *next = xmallocarray((size_t)nkeys + 1, sizeof *next);
	memcpy(next, ptr, ((size_t)nkeys + 1) * sizeof *next);
	uint32_t *order = xmallocarray(nnz ? nnz : 1, sizeof *order);
	for (uint64_t t = 0; t < nnz; t++)
		order[next[key[t]]++] = (uint32_t)t;
	free(next);
	return order;
}

struct spm *spm_build(uint32_t m, uint32_t n, uint64_t nnz, const uint32_t *rows,
		      const uint32_t *cols, const float *vals, uint32_t **perm)
{
	if (nnz > UINT32_MAX)
		die("too many entries for one matrix (%llu)", (unsigned long long)nnz);
	struct spm *a = spm_alloc(m, n, nnz);
	/* Order by column first; placing that order into rows then leaves
	 * every row's columns sorted (the two passes of a radix sort). */
	uint64_t *colptr = xmallocarray((size_t)n + 1, sizeof *colptr);
	uint32_t *by_col = counting_order(cols, nnz, n, colptr);
	free(colptr);
	for (uint64_t t = 0; t < nnz; t++)
		a->indptr[rows[t] + 1]++;
	for (uint32_t r = 0; r < m; r++)
		a->indptr[r + 1] += a->indptr[r];
	uint64_t *next = xmallocarray((size_t)m + 1, sizeof *next);
	memcpy(next, a->indptr, ((size_t)m + 1) * sizeof *next);
	uint32_t *where = perm ? xmallocarray(nnz ? nnz : 1, sizeof *where) : NULL;
	for (uint64_t j = 0; j < nnz; j++) {
		uint32_t t = by_col[j];
		uint64_t k = next[rows[t]]++;
		a->indices[k] = cols[t];
		a->data[k] = vals[t];
		if (where)
			where[k] = t;
	}
	free(next);
	free(by_col);
	if (perm)
		*perm = where;
	return a;
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
