/*
 * test_topk: the scoring kernel and selection of lib/topk.c against a
 * brute force: every score of every item, computed as the documented chain
 * of fused multiply-adds, sorted by (score desc, item asc) after the
 * filters.  Small integer factors make exact ties common.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "spm.h"
#include "t.h"
#include "topk.h"

struct ref {
	float score;
	uint32_t item;
};

static int cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

static unsigned long long state = 88172645463325252ULL;
static uint32_t next_rand(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (uint32_t)state;
}

static float score_of(const struct model *mo, const float *x, float base, uint32_t i)
{
	const float *y = mo->Y + (size_t)i * mo->k;
	float dot = 0;
	for (uint32_t f = 0; f < mo->k; f++)
		dot = fmaf(x[f], y[f], dot);
	return mo->user_bias ? dot + (base + mo->item_bias[i]) : dot;
}

/* The brute-force list of factors x; returns its length. */
static uint32_t brute(const struct model *mo, const float *x, float base, uint32_t K,
		      const uint32_t *ex, uint64_t nex, const unsigned char *allowed,
		      struct ref *all, uint32_t *items, float *scores)
{
	uint32_t c = 0;
	for (uint32_t i = 0; i < mo->n; i++) {
		int skip = allowed && !allowed[i];
		for (uint64_t e = 0; e < nex; e++)
			skip |= ex[e] == i;
		float s = score_of(mo, x, base, i);
		if (!skip && !isnan(s))
			all[c++] = (struct ref){s, i};
	}
	qsort(all, c, sizeof *all, cmp_ref);
	uint32_t got = c < K ? c : K;
	for (uint32_t t = 0; t < got; t++) {
		items[t] = all[t].item;
		scores[t] = all[t].score;
	}
	return got;
}

/* A model of random small integers (or, with spread, of fractions; with
 * spread 2, item vectors also scaled by 1/1 .. 1/64 in random order, as
 * popular items have long vectors: the bound of lib/topk.c then stops
 * most users early; with spread 3, each item a user's vector times 1/8 ..
 * 8/8, so that its score meets the bound |x| |y| itself). */
static struct model *random_model(uint32_t m, uint32_t n, uint32_t k, int bias, int spread)
{
	uint32_t *uid = malloc(m * sizeof *uid), *iid = malloc(n * sizeof *iid);
	for (uint32_t u = 0; u < m; u++)
		uid[u] = u + 1;
	for (uint32_t i = 0; i < n; i++)
		iid[i] = i + 1;
	struct model *mo =
		model_new(bias ? BIN_ALS_EXPLICIT : BIN_ALS_IMPLICIT, m, n, k, uid, iid, bias);
	free(uid);
	free(iid);
	for (uint64_t j = 0; j < (uint64_t)m * k; j++)
		mo->X[j] = spread ? (float)((int)(next_rand() % 2001) - 1000) / 997.0f
				  : (float)((int)(next_rand() % 5) - 2);
	for (uint64_t j = 0; j < (uint64_t)n * k; j++)
		mo->Y[j] = spread ? (float)((int)(next_rand() % 2001) - 1000) / 991.0f
				  : (float)((int)(next_rand() % 5) - 2);
	for (uint32_t i = 0; i < n && spread == 3; i++) {
		const float *x = mo->X + (size_t)(next_rand() % m) * k;
		float scale = (float)(1 + next_rand() % 8) / 8;
		for (uint32_t f = 0; f < k; f++)
			mo->Y[(size_t)i * k + f] = x[f] * scale;
	}
	for (uint32_t i = 0; i < n && spread == 2; i++) {
		float scale = 1.0f / (float)(1 + next_rand() % 64);
		for (uint32_t f = 0; f < k; f++)
			mo->Y[(size_t)i * k + f] *= scale;
	}
	if (bias) {
		mo->mean = 3.5;
		for (uint32_t u = 0; u < m; u++)
			mo->user_bias[u] = (float)((int)(next_rand() % 9) - 4) / 4;
		for (uint32_t i = 0; i < n; i++)
			mo->item_bias[i] = (float)((int)(next_rand() % 9) - 4) / 4;
	}
	return mo;
}

/* Every user's list from topk_users (users in a shuffled order, some
 * twice) against the brute force, with and without filters. */
static void check_case(uint32_t m, uint32_t n, uint32_t k, uint32_t K, int bias, int spread,
		       int filtered)
{
	struct model *mo = random_model(m, n, k, bias, spread);
	/* exclusions: each user's items with probability 1/4 */
	uint32_t *rows = malloc((size_t)m * n * sizeof *rows),
		 *cols = malloc((size_t)m * n * sizeof *cols);
	float *ones = calloc((size_t)m * n, sizeof *ones);
	uint64_t nnz = 0;
	for (uint32_t u = 0; u < m && filtered; u++)
		for (uint32_t i = 0; i < n; i++)
			if (next_rand() % 4 == 0) {
				rows[nnz] = u;
				cols[nnz++] = i;
			}
	struct spm *ex = spm_build(m, n, nnz, rows, cols, ones, NULL);
	unsigned char *allowed = malloc(n);
	for (uint32_t i = 0; i < n; i++)
		allowed[i] = next_rand() % 5 != 0;
	struct topk_filter filter = {filtered ? ex : NULL, filtered ? allowed : NULL};

	uint32_t count = m + m / 3;
	uint32_t *users = malloc(count * sizeof *users);
	for (uint32_t j = 0; j < count; j++)
		users[j] = j < m ? m - 1 - j : next_rand() % m;
	uint32_t *items = malloc((size_t)count * K * sizeof *items),
		 *found = malloc(count * sizeof *found);
	float *scores = malloc((size_t)count * K * sizeof *scores);
	struct topk_scorer *sc = topk_scorer_new(mo);
	topk_users(sc, users, count, K, &filter, items, scores, found);

	struct ref *all = malloc(n * sizeof *all);
	uint32_t *bi = malloc(K * sizeof *bi), *vi = malloc(K * sizeof *vi);
	float *bs = malloc(K * sizeof *bs), *vs = malloc(K * sizeof *vs);
	int same = 1, vector_same = 1;
	for (uint32_t j = 0; j < count; j++) {
		uint32_t u = users[j];
		const uint32_t *eu = filtered ? ex->indices + ex->indptr[u] : NULL;
		uint64_t nex = filtered ? ex->indptr[u + 1] - ex->indptr[u] : 0;
		float base = bias ? (float)(mo->mean + mo->user_bias[u]) : 0;
		const float *x = mo->X + (size_t)u * k;
		uint32_t got = brute(mo, x, base, K, eu, nex, filter.allowed, all, bi, bs);
		if (got != found[j] || memcmp(bi, items + (size_t)j * K, got * sizeof *bi) ||
		    memcmp(bs, scores + (size_t)j * K, got * sizeof *bs))
			same = 0;
		uint32_t vgot = topk_vector(sc, x, base, K, eu, nex, filter.allowed, vi, vs);
		if (vgot != got || memcmp(bi, vi, got * sizeof *bi) ||
		    memcmp(bs, vs, got * sizeof *bs))
			vector_same = 0;
	}
	CHECK(same, "topk_users = brute force, bit for bit (m %u, n %u, k %u, K %u, %s, %s, %s)", m,
	      n, k, K, bias ? "biased" : "no bias",
	      spread == 3   ? "aligned"
	      : spread == 2 ? "skewed"
	      : spread      ? "fractions"
			    : "ties",
	      filtered ? "filtered" : "unfiltered");
	CHECK(vector_same, "topk_vector = brute force for the same factors (n %u, k %u, K %u)", n,
	      k, K);
	topk_scorer_free(sc);
	model_free(mo);
	spm_free(ex);
	free(rows), free(cols), free(ones), free(allowed), free(users), free(items), free(found),
		free(scores);
	free(all), free(bi), free(vi), free(bs), free(vs);
}

static void heap_cases(void)
{
	float row[6] = {1, NAN, 3, 3, 2, NAN};
	uint32_t items[4], ex[1] = {2};
	float scores[4];
	uint32_t got = topk_select(row, 6, 4, ex, 1, NULL, items, scores);
	CHECK(got == 3 && items[0] == 3 && items[1] == 4 && items[2] == 0,
	      "topk_select: NaN never listed, exclusions honoured, fewer than K when candidates run out");
	float tie[4] = {5, 5, 5, 5};
	got = topk_select(tie, 4, 2, NULL, 0, NULL, items, scores);
	CHECK(got == 2 && items[0] == 0 && items[1] == 1,
	      "topk_select: equal scores go by lower item");
}

/* The early stop at its edge: at k = 64 a pass covers 1024 items, longest
 * first.  The first pass ends with the user's list full, its K-th score
 * 0.85 (item A, long but at an angle); the second starts with item B,
 * shorter (0.9) and parallel to the user, so scoring 0.9: the bound
 * 1 x 0.9 is above the K-th score, and B must still be found. */
static void bound_case(void)
{
	uint32_t n = 1025, k = 64, K = 10, uid = 1, *iid = malloc(n * sizeof *iid);
	for (uint32_t i = 0; i < n; i++)
		iid[i] = i + 1;
	struct model *mo = model_new(BIN_ALS_IMPLICIT, 1, n, k, &uid, iid, 0);
	free(iid);
	memset(mo->X, 0, k * sizeof *mo->X);
	memset(mo->Y, 0, (size_t)n * k * sizeof *mo->Y);
	mo->X[0] = 1;
	float *y = mo->Y;
	y[0] = 0.9f; /* B, item 0 */
	y += k;
	y[0] = 0.85f; /* A: length 2.5 */
	y[1] = sqrtf(6.25f - 0.85f * 0.85f);
	y += k;
	for (uint32_t i = 2; i < 11; i++, y += k) /* nine of score 1, length 1 */
		y[0] = 1;
	for (uint32_t i = 11; i < n; i++, y += k) /* length 2, score 0 */
		y[1] = 2;
	struct topk_scorer *sc = topk_scorer_new(mo);
	uint32_t user = 0, items[10], found, vitems[10];
	float scores[10], vscores[10];
	topk_users(sc, &user, 1, K, NULL, items, scores, &found);
	uint32_t vfound = topk_vector(sc, mo->X, 0, K, NULL, 0, NULL, vitems, vscores);
	CHECK(found == K && items[K - 1] == 0 && scores[K - 1] == 0.9f,
	      "topk_users: the item just past an early stop's edge is found (got %u, item %u)",
	      found, items[K - 1]);
	CHECK(vfound == K && vitems[K - 1] == 0 && vscores[K - 1] == 0.9f,
	      "topk_vector: the item just past an early stop's edge is found");
	topk_scorer_free(sc);
	model_free(mo);
}

int main(void)
{
	bound_case();
	heap_cases();
	/* n around the panel width, k odd and even, K above the candidates */
	check_case(1, 1, 1, 3, 0, 0, 0);
	check_case(7, 15, 3, 4, 0, 0, 0);
	check_case(13, 16, 4, 16, 0, 0, 1);
	check_case(50, 17, 5, 10, 1, 0, 1);
	check_case(61, 200, 8, 10, 0, 0, 1);
	check_case(97, 333, 64, 10, 0, 1, 1);
	check_case(100, 300, 7, 25, 1, 1, 1);
	check_case(49, 5000, 16, 5, 0, 1, 0);
	/* many chunks of panels, so that users stop early: ties at the bound,
	 * skewed lengths, biases, filters */
	check_case(40, 20000, 4, 10, 0, 0, 1);
	check_case(60, 9000, 64, 10, 0, 2, 1);
	check_case(60, 9000, 64, 10, 1, 2, 1);
	check_case(30, 40000, 8, 3, 1, 2, 0);
	check_case(20, 6000, 33, 100, 0, 2, 0);
	check_case(40, 9000, 64, 10, 0, 3, 1);
	check_case(40, 9000, 64, 10, 1, 3, 0);
	check_case(25, 30000, 7, 4, 0, 3, 0);
	return t_done();
}
