/* Unit tests of lib/idmap and lib/spm. */
#include <stdlib.h>

#include "idmap.h"
#include "spm.h"
#include "t.h"

static void test_idmap(void)
{
	struct idmap *m = idmap_new();
	uint32_t ids[] = {500, 7, 4294967295u, 7, 0, 123456};
	for (int i = 0; i < 6; i++)
		idmap_add(m, ids[i]);
	CHECK(m->n == 5, "idmap counts distinct ids");
	CHECK(idmap_get(m, 500) == 0 && idmap_get(m, 4294967295u) == 2, "first-appearance order");
	CHECK(idmap_get(m, 8) == -1, "absent id is -1");
	uint32_t *remap = idmap_sort(m);
	CHECK(m->ext[0] == 0 && m->ext[1] == 7 && m->ext[4] == 4294967295u, "sorted order");
	CHECK(remap[0] == 2 && idmap_get(m, 500) == 2, "remap old index of 500 to its new one");
	free(remap);
	idmap_free(m);

	/* many ids: forces rehashing */
	m = idmap_new();
	int ok = 1;
	for (uint32_t i = 0; i < 100000; i++)
		idmap_add(m, i * 2654435761u);
	for (uint32_t i = 0; i < 100000 && ok; i++)
		ok = idmap_get(m, i * 2654435761u) == (int64_t)i;
	CHECK(ok && m->n == 100000, "100000 ids survive rehashing");
	idmap_free(m);

	/* full: a new id is refused, a known one still found */
	m = idmap_new();
	m->max = 3;
	for (uint32_t i = 0; i < 3; i++)
		idmap_add(m, 10 + i);
	CHECK(idmap_add(m, 99) == -1 && m->n == 3, "a full map refuses a new id");
	CHECK(idmap_add(m, 11) == 1, "a full map still finds a known id");
	CHECK(idmap_get(m, 99) == -1, "the refused id is absent");
	idmap_free(m);
}

static void test_spm(void)
{
	/* 3 x 4:  row 0: (0,3)=1 (0,1)=2 ; row 2: (2,0)=3 (2,1)=4 ; row 1 empty */
	uint32_t rows[] = {0, 2, 0, 2}, cols[] = {3, 0, 1, 1};
	float vals[] = {1, 3, 2, 4};
	uint32_t *perm;
	struct spm *a = spm_build(3, 4, 4, rows, cols, vals, &perm);
	CHECK(a->indptr[0] == 0 && a->indptr[1] == 2 && a->indptr[2] == 2 && a->indptr[3] == 4,
	      "indptr");
	CHECK(a->indices[0] == 1 && a->indices[1] == 3 && a->data[0] == 2 && a->data[1] == 1,
	      "row 0 sorted by column with its values");
	CHECK(perm[0] == 2 && perm[1] == 0 && perm[2] == 1 && perm[3] == 3,
	      "perm maps to triplets");
	uint32_t r;
	CHECK(spm_find_duplicate(a, &r) == -1, "no duplicates");
	struct spm *t = spm_transpose(a);
	CHECK(t->m == 4 && t->n == 3 && t->nnz == 4, "transpose shape");
	CHECK(t->indptr[1] - t->indptr[0] == 1 && t->indices[0] == 2 && t->data[0] == 3,
	      "transpose column 0");
	CHECK(t->indptr[2] - t->indptr[1] == 2 && t->indices[1] == 0 && t->indices[2] == 2,
	      "transpose column 1 rows ascending");
	struct spm *tt = spm_transpose(t);
	int same = tt->nnz == a->nnz;
	for (uint64_t k = 0; k < a->nnz && same; k++)
		same = tt->indices[k] == a->indices[k] && tt->data[k] == a->data[k];
	CHECK(same, "transpose twice is the identity");
	spm_free(a);
	spm_free(t);
	spm_free(tt);
	free(perm);

	uint32_t drows[] = {1, 0, 1}, dcols[] = {2, 2, 2};
	float dv[] = {1, 1, 1};
	a = spm_build(2, 3, 3, drows, dcols, dv, &perm);
	int64_t k = spm_find_duplicate(a, &r);
	CHECK(k >= 0 && r == 1 && perm[k - 1] == 0 && perm[k] == 2,
	      "duplicate found, earlier triplet first");
	spm_free(a);
	free(perm);
}

/* Long rows (the merge path: more than 16 entries) in random order, with
 * many equal columns: each row must come out ordered by column, equal
 * columns in triplet order, every entry the triplet perm names. */
static void test_spm_long_rows(void)
{
	enum { M = 5, N = 40, NNZ = 3000 };
	static uint32_t rows[NNZ], cols[NNZ], seen[NNZ];
	static float vals[NNZ];
	uint64_t x = 88172645463325252ull;
	for (int t = 0; t < NNZ; t++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
		rows[t] = (uint32_t)(x % M);
		cols[t] = (uint32_t)(x >> 20) % N;
		vals[t] = (float)t;
	}
	uint32_t *perm;
	struct spm *a = spm_build(M, N, NNZ, rows, cols, vals, &perm);
	int ordered = 1, faithful = 1, once = 1;
	for (uint32_t r = 0; r < M; r++)
		for (uint64_t k = a->indptr[r]; k < a->indptr[r + 1]; k++) {
			uint32_t t = perm[k];
			faithful &=
				rows[t] == r && cols[t] == a->indices[k] && vals[t] == a->data[k];
			once &= seen[t]++ == 0;
			if (k > a->indptr[r])
				ordered &= a->indices[k - 1] < a->indices[k] ||
					   (a->indices[k - 1] == a->indices[k] && perm[k - 1] < t);
		}
	CHECK(ordered, "long rows: ordered by column, equal columns in input order");
	CHECK(faithful && once, "long rows: each stored entry is the one triplet perm names");
	spm_free(a);
	free(perm);
}

int main(void)
{
	test_idmap();
	test_spm();
	test_spm_long_rows();
	return t_done();
}
