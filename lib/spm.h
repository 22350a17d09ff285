/*
 * spm: sparse matrices in compressed sparse row form (CSR).
 *
 * Invariants of a struct spm: indptr has m + 1 entries, indptr[0] == 0,
 * indptr[m] == nnz, non-decreasing; the column indices of row r are
 * indices[indptr[r] .. indptr[r+1]-1], strictly increasing (no duplicates
 * once spm_build() has been checked with spm_find_duplicate()), each < n;
 * data holds the matching values.  A CSC matrix is the CSR of the
 * transpose: spm_transpose().  All arrays are owned by the struct.
 */
#ifndef REEL_SPM_H
#define REEL_SPM_H

#include <stddef.h>
#include <stdint.h>

struct spm {
	uint32_t m, n; /* rows, columns */
	uint64_t nnz;
	uint64_t *indptr;  /* m + 1 */
	uint32_t *indices; /* nnz */
	float *data;       /* nnz */
};

/* An m x n matrix with room for nnz entries: indptr zeroed, indices and
 * data uninitialised, for the caller to fill so that the invariants
 * hold.  Free with spm_free(). */
struct spm *spm_alloc(uint32_t m, uint32_t n, uint64_t nnz);

/* Build from nnz triplets (rows[t], cols[t], vals[t]): each row's entries
 * placed in input order, then merge-sorted by column (O(nnz + m) when the
 * input's rows are sorted already, O(nnz log L) for rows of L entries
 * otherwise), with scratch of one row only, so each row's columns come
 * out ascending and equal (row, col) pairs stay in input order.  If perm is not NULL,
 * *perm receives, for each stored entry, the index t of its triplet
 * (caller frees), nnz then at most UINT32_MAX (the ratings readers hold no
 * more).  Indices must be < m and < n (not checked). */
struct spm *spm_build(uint32_t m, uint32_t n, uint64_t nnz, const uint32_t *rows,
		      const uint32_t *cols, const float *vals, uint32_t **perm);

/* Each row's entries sorted by column in place, stably, with their values
 * (for a matrix filled row by row in any order). */
void spm_sort_rows(struct spm *a);

/* The first stored entry k whose (row, col) equals entry k - 1's, or -1:
 * sets *row.  O(nnz). */
int64_t spm_find_duplicate(const struct spm *a, uint32_t *row);

/* The transpose, in O(nnz + m + n). */
struct spm *spm_transpose(const struct spm *a);

/* Bytes the arrays of a use (for memory accounting). */
uint64_t spm_bytes(const struct spm *a);

void spm_free(struct spm *a);

#endif
