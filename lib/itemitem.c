#include "itemitem.h"
#include "blas.h"
#include "err.h"
#include "opt.h"
#include "num.h"
#include "topk.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A Cholesky pivot L_jj^2 below this fraction of G_jj means item j's column
 * of H (with the ridge) lies within 1e-5 radians of the span of the columns
 * before it: G is singular to working precision and its inverse, hence B,
 * would be noise.  With lambda > 0 the ratio is at least
 * lambda / (lambda + G_jj), far above this. */
#define PIVOT_MIN 1e-10

enum { FORM_DENSE = 0, FORM_SPARSE = 1 };

static float weight_of(uint32_t weight, float rating)
{
	return weight == ITEMITEM_RATING ? rating : 1.0f;
}

/* An m x n CSR with room for nnz entries, owning its arrays. */
static int ids_ascending(const char *file, const char *what, const uint32_t *ids, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++)
		if (ids[i] <= ids[i - 1])
			return error("%s: %s are not strictly ascending (%u after %u)", file, what,
				     ids[i], ids[i - 1]);
	return 0;
}

void itemitem_param(struct itemitem *mo, const char *key, const char *fmt, ...)
{
	char value[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(value, sizeof value, fmt, ap);
	va_end(ap);
	size_t old = strlen(mo->params), add = strlen(key) + strlen(value) + 2;
	mo->params = xrealloc(mo->params, old + add + 1);
	snprintf(mo->params + old, add + 1, "%s=%s\n", key, value);
}

/* A model holding copies of the ids and H, the history (R with values
 * converted by the weight rule); B not yet set. */
static struct itemitem *itemitem_new(const struct spm *R, const uint32_t *user_ids,
				     const uint32_t *item_ids, enum itemitem_weight weight)
{
	if (R->m == 0 || R->n == 0) {
		error("cannot train an item-item model on %u users and %u items", R->m, R->n);
		return NULL;
	}
	if (weight != ITEMITEM_BINARY && weight != ITEMITEM_RATING) {
		error("unknown history weight %d", (int)weight);
		return NULL;
	}
	if (ids_ascending("training data", "user ids", user_ids, R->m) < 0 ||
	    ids_ascending("training data", "item ids", item_ids, R->n) < 0)
		return NULL;
	struct itemitem *mo = xcalloc(1, sizeof *mo);
	mo->m = R->m;
	mo->n = R->n;
	mo->history_weight = weight;
	mo->user_ids = xmallocarray(R->m, sizeof *mo->user_ids);
	mo->item_ids = xmallocarray(R->n, sizeof *mo->item_ids);
	memcpy(mo->user_ids, user_ids, (size_t)R->m * sizeof *user_ids);
	memcpy(mo->item_ids, item_ids, (size_t)R->n * sizeof *item_ids);
	struct spm *H = spm_alloc(R->m, R->n, R->nnz);
	memcpy(H->indptr, R->indptr, ((size_t)R->m + 1) * sizeof *H->indptr);
	memcpy(H->indices, R->indices, R->nnz * sizeof *H->indices);
	for (uint64_t k = 0; k < R->nnz; k++)
		H->data[k] = weight_of(weight, R->data[k]);
	mo->history = H;
	mo->params = xstrdup("");
	mo->users = idmap_from(mo->user_ids, mo->m);
	mo->items = idmap_from(mo->item_ids, mo->n);
	return mo;
}

/* ---- item-kNN ---- */

struct neighbour {
	uint32_t item;
	float sim;
};

static int by_item(const void *a, const void *b)
{
	uint32_t x = ((const struct neighbour *)a)->item, y = ((const struct neighbour *)b)->item;
	return (x > y) - (x < y);
}

/* Per-thread scratch of knn_row. */
struct knn_scratch {
	double *dot;         /* n, all zero between rows */
	unsigned char *seen; /* n, all zero between rows */
	uint32_t *touched;   /* n */
	uint32_t *heap_item; /* K */
	float *heap_sim;     /* K */
};

/* How a row of H'H becomes similarities: cosine (norm set: the columns'
 * norms), or RP3beta (the rest): each user's term weighted by user_w[u],
 * the sum scaled by row_scale[j] * col_scale[i]. */
struct sim_rule {
	const double *norm;
	const double *user_w, *row_scale, *col_scale;
};

/* Row j of the kNN matrix: the K most similar items to j, sorted by item
 * index, into out[]; returns how many.  H'H's row j is accumulated
 * sparsely, over the users of j and their items, always in the same order
 * (users ascending, then their items), so the value of a pair does not
 * depend on the thread that computes it. */
static uint32_t knn_row(const struct spm *H, const struct spm *Ht, const struct sim_rule *rule,
			uint32_t j, uint32_t K, struct knn_scratch *s, struct neighbour *out)
{
	uint32_t nt = 0;
	const double *norm = rule->norm;
	for (uint64_t p = Ht->indptr[j]; p < Ht->indptr[j + 1]; p++) {
		uint32_t u = Ht->indices[p];
		double hj = Ht->data[p];
		if (rule->user_w)
			hj *= rule->user_w[u];
		for (uint64_t q = H->indptr[u]; q < H->indptr[u + 1]; q++) {
			uint32_t i = H->indices[q];
			if (!s->seen[i]) {
				s->seen[i] = 1;
				s->touched[nt++] = i;
			}
			s->dot[i] += hj * H->data[q];
		}
	}
	struct topk_heap heap;
	topk_init(&heap, K, s->heap_item, s->heap_sim);
	for (uint32_t t = 0; t < nt; t++) {
		uint32_t i = s->touched[t];
		double d = s->dot[i];
		s->dot[i] = 0;
		s->seen[i] = 0;
		/* a zero dot product adds nothing to any score: not a neighbour */
		if (i == j || d == 0)
			continue;
		topk_push(&heap, i,
			  (float)(norm ? d / (norm[i] * norm[j])
				       : d * rule->row_scale[j] * rule->col_scale[i]));
	}
	uint32_t kept = topk_finish(&heap);
	for (uint32_t t = 0; t < kept; t++)
		out[t] = (struct neighbour){heap.item[t], heap.score[t]};
	qsort(out, kept, sizeof *out, by_item);
	return kept;
}

/* The Euclidean norm of each column of H (each row of Ht). */
static double *column_norms(const struct spm *Ht)
{
	double *norm = xmallocarray(Ht->m, sizeof *norm);
	for (uint32_t j = 0; j < Ht->m; j++) {
		double ss = 0;
		for (uint64_t p = Ht->indptr[j]; p < Ht->indptr[j + 1]; p++)
			ss += (double)Ht->data[p] * Ht->data[p];
		norm[j] = sqrt(ss);
	}
	return norm;
}

/* Pack the per-row neighbour lists (row j at nb + j * K, count[j] long)
 * into a CSR matrix. */
static struct spm *pack_rows(uint32_t n, uint32_t K, const struct neighbour *nb,
			     const uint32_t *count)
{
	uint64_t nnz = 0;
	for (uint32_t j = 0; j < n; j++)
		nnz += count[j];
	struct spm *B = spm_alloc(n, n, nnz);
	for (uint32_t j = 0; j < n; j++) {
		uint64_t at = B->indptr[j];
		for (uint32_t t = 0; t < count[j]; t++) {
			B->indices[at + t] = nb[(size_t)j * K + t].item;
			B->data[at + t] = nb[(size_t)j * K + t].sim;
		}
		B->indptr[j + 1] = at + count[j];
	}
	return B;
}

/* Sparse products rather than one SGEMM/SSYRK on the dense H: the work is
 * sum over users of |items of u|^2 (about 10^7 on MovieLens 100K, against
 * n^2 m = 2.7 * 10^9 flops dense), it needs O(n) memory per thread instead
 * of n^2, and it scales to catalogues far beyond what a dense n x n fits. */
static void sparse_rows(struct itemitem *mo, const struct spm *Ht, const struct sim_rule *rule,
			uint32_t neighbours)
{
	uint32_t n = mo->n, K = neighbours < n - 1 ? neighbours : n - 1;
	const struct spm *H = mo->history;
	struct neighbour *nb = xmallocarray((size_t)n * K + 1, sizeof *nb);
	uint32_t *count = xcalloc(n, sizeof *count);
#pragma omp parallel
	{
		struct knn_scratch s = {
			.dot = xcalloc(n, sizeof *s.dot),
			.seen = xcalloc(n, 1),
			.touched = xmallocarray(n, sizeof *s.touched),
			.heap_item = xmallocarray(K + 1, sizeof *s.heap_item),
			.heap_sim = xmallocarray(K + 1, sizeof *s.heap_sim),
		};
#pragma omp for schedule(dynamic, 16)
		for (uint32_t j = 0; j < n; j++)
			count[j] = K ? knn_row(H, Ht, rule, j, K, &s, nb + (size_t)j * K) : 0;
		free(s.dot);
		free(s.seen);
		free(s.touched);
		free(s.heap_item);
		free(s.heap_sim);
	}
	mo->sparse = pack_rows(n, K, nb, count);
	free(nb);
	free(count);
}

struct itemitem *itemitem_train_knn(const struct spm *R, const uint32_t *user_ids,
				    const uint32_t *item_ids, uint32_t neighbours,
				    enum itemitem_weight weight)
{
	if (neighbours == 0) {
		error("item-kNN needs at least 1 neighbour");
		return NULL;
	}
	struct itemitem *mo = itemitem_new(R, user_ids, item_ids, weight);
	if (!mo)
		return NULL;
	struct spm *Ht = spm_transpose(mo->history);
	double *norm = column_norms(Ht);
	struct sim_rule rule = {.norm = norm};
	sparse_rows(mo, Ht, &rule, neighbours);
	free(norm);
	spm_free(Ht);
	itemitem_param(mo, "model", "itemknn");
	itemitem_param(mo, "neighbours", "%u", neighbours);
	itemitem_param(mo, "weight", "%s", weight == ITEMITEM_RATING ? "rating" : "binary");
	return mo;
}

/* RP3beta (Paudel et al. 2017), as Dacrema et al. (2019) implement it:
 * the random walk item j -> user u -> item i, each step's probability
 * raised to alpha, P(j->u) = h_uj / |U_j| and P(u->i) = h_ui / |I_u|
 * (for binary h), so W_ji = |U_j|^-alpha pop_i^-beta sum_u h_uj h_ui
 * |I_u|^-alpha, pop_i = |U_i|; each row keeps its top neighbours. */
struct itemitem *itemitem_train_rp3beta(const struct spm *R, const uint32_t *user_ids,
					const uint32_t *item_ids, uint32_t neighbours, double alpha,
					double beta)
{
	if (neighbours == 0) {
		error("RP3beta needs at least 1 neighbour");
		return NULL;
	}
	struct itemitem *mo = itemitem_new(R, user_ids, item_ids, ITEMITEM_BINARY);
	if (!mo)
		return NULL;
	const struct spm *H = mo->history;
	struct spm *Ht = spm_transpose(H);
	double *user_w = xmallocarray(mo->m ? mo->m : 1, sizeof *user_w);
	double *row_scale = xmallocarray(mo->n ? mo->n : 1, sizeof *row_scale);
	double *col_scale = xmallocarray(mo->n ? mo->n : 1, sizeof *col_scale);
	for (uint32_t u = 0; u < mo->m; u++) {
		double deg = (double)(H->indptr[u + 1] - H->indptr[u]);
		user_w[u] = deg > 0 ? pow(deg, -alpha) : 0;
	}
	for (uint32_t i = 0; i < mo->n; i++) {
		double pop = (double)(Ht->indptr[i + 1] - Ht->indptr[i]);
		row_scale[i] = pop > 0 ? pow(pop, -alpha) : 0;
		col_scale[i] = pop > 0 ? pow(pop, -beta) : 0;
	}
	struct sim_rule rule = {.user_w = user_w, .row_scale = row_scale, .col_scale = col_scale};
	sparse_rows(mo, Ht, &rule, neighbours);
	free(user_w);
	free(row_scale);
	free(col_scale);
	spm_free(Ht);
	char buf[32];
	itemitem_param(mo, "model", "rp3beta");
	itemitem_param(mo, "neighbours", "%u", neighbours);
	itemitem_param(mo, "alpha", "%s", num_format_double(buf, alpha));
	itemitem_param(mo, "beta", "%s", num_format_double(buf, beta));
	itemitem_param(mo, "weight", "binary");
	return mo;
}

/* ---- EASE ---- */

/* The upper triangle (row-major) of G = H'H + lambda I, in double: row j
 * sums, over the users of j, their items i >= j.  Rows are independent,
 * each summed in a fixed order, so G does not depend on the thread count;
 * for binary weights every entry is an exact integer count. */
static double *gram_upper(const struct spm *H, const struct spm *Ht, double lambda)
{
	uint32_t n = H->n;
	double *G = xcalloc((size_t)n * n, sizeof *G);
#pragma omp parallel for schedule(dynamic, 16)
	for (uint32_t j = 0; j < n; j++) {
		double *g = G + (size_t)j * n;
		for (uint64_t p = Ht->indptr[j]; p < Ht->indptr[j + 1]; p++) {
			uint32_t u = Ht->indices[p];
			double hj = Ht->data[p];
			/* u's items are sorted and include j: start from j */
			uint64_t lo = H->indptr[u], hi = H->indptr[u + 1];
			while (lo < hi) {
				uint64_t mid = lo + (hi - lo) / 2;
				if (H->indices[mid] < j)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (uint64_t q = lo; q < H->indptr[u + 1]; q++)
				g[H->indices[q]] += hj * H->data[q];
		}
		g[j] += lambda;
	}
	return G;
}

static int singular(const struct itemitem *mo, uint32_t j, double lambda)
{
	return error("the Gram matrix H'H + %g I is singular: item %u's history column is "
		     "(nearly) a combination of other items' (use a larger lambda)",
		     lambda, mo->item_ids[j]);
}

/* G (upper triangle valid, row-major) := G^-1, full and symmetric, by
 * Cholesky in double.  Row-major upper is LAPACK's column-major lower. */
static int invert_spd(const struct itemitem *mo, double *G, double lambda)
{
	uint32_t n = mo->n;
	for (uint32_t j = 0; j < n; j++)
		if (!(G[(size_t)j * n + j] > 0))
			return error("the Gram matrix is singular: item %u has no non-zero history "
				     "weight and lambda is %g (use lambda > 0)",
				     mo->item_ids[j], lambda);
	double *diag = xmallocarray(n, sizeof *diag);
	for (uint32_t j = 0; j < n; j++)
		diag[j] = G[(size_t)j * n + j];
	int nn = (int)n, info = 0;
	int saved = blas_serial_begin();
	dpotrf_("L", &nn, G, &nn, &info);
	for (uint32_t j = 0; info == 0 && j < n; j++) {
		double l = G[(size_t)j * n + j];
		if (l * l < PIVOT_MIN * diag[j])
			info = (int)j + 1;
	}
	if (info == 0)
		dpotri_("L", &nn, G, &nn, &info);
	blas_serial_end(saved);
	free(diag);
	if (info > 0)
		return singular(mo, (uint32_t)info - 1, lambda);
	if (info < 0)
		return error("LAPACK rejected argument %d of the Gram matrix inverse", -info);
	for (uint32_t j = 1; j < n; j++)
		for (uint32_t i = 0; i < j; i++)
			G[(size_t)j * n + i] = G[(size_t)i * n + j];
	return 0;
}

/* B[j][i] = -P[j][i] / P[i][i] (0 on the diagonal) as floats, written over
 * P in place: float k lands on bytes 4k..4k+3, inside double k/2, which has
 * been read already, so a second n x n buffer is never needed.  The result
 * is shrunk to its n x n floats. */
static float *ease_weights(double *P, uint32_t n)
{
	double *inv_diag = xmallocarray(n, sizeof *inv_diag);
	for (uint32_t i = 0; i < n; i++)
		inv_diag[i] = 1.0 / P[(size_t)i * n + i];
	unsigned char *bytes = (unsigned char *)P;
	for (uint32_t j = 0; j < n; j++) {
		for (uint32_t i = 0; i < n; i++) {
			size_t k = (size_t)j * n + i;
			double p;
			memcpy(&p, bytes + k * sizeof p, sizeof p);
			float b = i == j ? 0.0f : (float)(-p * inv_diag[i]);
			memcpy(bytes + k * sizeof b, &b, sizeof b);
		}
	}
	free(inv_diag);
	return xrealloc(P, (size_t)n * n * sizeof(float));
}

/* Double precision throughout: G holds exact counts, and the pivot test
 * that tells a singular G from a merely ill-conditioned one needs more
 * than float's 7 digits.  Float would halve time and memory; on MovieLens
 * 100K its B agrees to 5e-5, so this is a choice for robustness. */
struct itemitem *itemitem_train_ease(const struct spm *R, const uint32_t *user_ids,
				     const uint32_t *item_ids, double lambda,
				     enum itemitem_weight weight)
{
	if (!(lambda >= 0) || !isfinite(lambda)) {
		error("EASE lambda must be finite and >= 0, not %g", lambda);
		return NULL;
	}
	if (R->n > INT_MAX || (uint64_t)R->n * R->n > SIZE_MAX / sizeof(double)) {
		error("EASE: %u items are too many for a dense n x n model", R->n);
		return NULL;
	}
	/* checked before anything is allocated: n^2 doubles can be more than
	 * the machine has, and the first touch of each page would be the OOM */
	uint64_t max_items = opt_env_limit("REEL_EASE_MAX_ITEMS", ITEMITEM_EASE_MAX_ITEMS);
	if (R->n > max_items) {
		error("EASE: %u items need a dense %u x %u matrix of doubles (%.1f GB), more than "
		      "the limit of %llu items (REEL_EASE_MAX_ITEMS raises it)",
		      R->n, R->n, R->n, (double)R->n * R->n * 8 / 1e9,
		      (unsigned long long)max_items);
		return NULL;
	}
	struct itemitem *mo = itemitem_new(R, user_ids, item_ids, weight);
	if (!mo)
		return NULL;
	struct spm *Ht = spm_transpose(mo->history);
	double *G = gram_upper(mo->history, Ht, lambda);
	spm_free(Ht);
	if (invert_spd(mo, G, lambda) < 0) {
		free(G);
		itemitem_free(mo);
		return NULL;
	}
	mo->dense = ease_weights(G, mo->n);
	itemitem_param(mo, "model", "ease");
	itemitem_param(mo, "lambda", "%.17g", lambda);
	itemitem_param(mo, "weight", "%s", weight == ITEMITEM_RATING ? "rating" : "binary");
	return mo;
}

static const uint64_t *popular_count;
static int by_popularity(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (popular_count[x] != popular_count[y])
		return popular_count[x] > popular_count[y] ? -1 : 1;
	return (x > y) - (x < y);
}

/* The columns of R with keep[j] set, renumbered in order. */
static struct spm *keep_columns(const struct spm *R, const unsigned char *keep, uint32_t *renum)
{
	struct spm *a = xcalloc(1, sizeof *a);
	a->m = R->m;
	a->indptr = xcalloc((size_t)R->m + 1, sizeof *a->indptr);
	uint64_t nnz = 0;
	for (uint64_t t = 0; t < R->nnz; t++)
		nnz += keep[R->indices[t]];
	a->indices = xmallocarray(nnz ? nnz : 1, sizeof *a->indices);
	a->data = xmallocarray(nnz ? nnz : 1, sizeof *a->data);
	for (uint32_t u = 0; u < R->m; u++) {
		for (uint64_t t = R->indptr[u]; t < R->indptr[u + 1]; t++)
			if (keep[R->indices[t]]) {
				a->indices[a->nnz] = renum[R->indices[t]];
				a->data[a->nnz++] = R->data[t];
			}
		a->indptr[u + 1] = a->nnz;
	}
	return a;
}

struct itemitem *itemitem_train_ease_popular(const struct spm *R, const uint32_t *user_ids,
					     const uint32_t *item_ids, double lambda,
					     enum itemitem_weight weight, uint32_t max_items)
{
	if (R->n <= max_items)
		return itemitem_train_ease(R, user_ids, item_ids, lambda, weight);
	uint64_t *count = xcalloc(R->n, sizeof *count);
	for (uint64_t t = 0; t < R->nnz; t++)
		count[R->indices[t]]++;
	uint32_t *order = xmallocarray(R->n, sizeof *order);
	for (uint32_t j = 0; j < R->n; j++)
		order[j] = j;
	popular_count = count;
	qsort(order, R->n, sizeof *order, by_popularity);
	unsigned char *keep = xcalloc(R->n, 1);
	for (uint32_t j = 0; j < max_items; j++)
		keep[order[j]] = 1;
	uint32_t *renum = xmallocarray(R->n, sizeof *renum), *ids = xmallocarray(max_items, 4);
	for (uint32_t j = 0, k = 0; j < R->n; j++)
		if (keep[j]) {
			ids[k] = item_ids[j];
			renum[j] = k++;
		}
	struct spm *a = keep_columns(R, keep, renum);
	a->n = max_items;
	struct itemitem *mo = itemitem_train_ease(a, user_ids, ids, lambda, weight);
	if (mo) {
		itemitem_param(mo, "items_kept", "%u", max_items);
		itemitem_param(mo, "items_total", "%u", R->n);
		itemitem_param(mo, "ratings_kept", "%llu", (unsigned long long)a->nnz);
	}
	spm_free(a);
	free(count);
	free(order);
	free(keep);
	free(renum);
	free(ids);
	return mo;
}

/* ---- scoring ---- */

/* out += sum of h[t] * rows[t][0..n), four rows per pass over out. */
static void add_rows(float *restrict out, const float *const *rows, const float *h, uint32_t c,
		     uint32_t n)
{
	uint32_t t = 0;
	for (; t + 4 <= c; t += 4) {
		const float *restrict r0 = rows[t], *restrict r1 = rows[t + 1],
				      *restrict r2 = rows[t + 2], *restrict r3 = rows[t + 3];
		float h0 = h[t], h1 = h[t + 1], h2 = h[t + 2], h3 = h[t + 3];
#pragma omp simd
		for (uint32_t i = 0; i < n; i++)
			out[i] += (h0 * r0[i] + h1 * r1[i]) + (h2 * r2[i] + h3 * r3[i]);
	}
	for (; t < c; t++) {
		const float *restrict r = rows[t];
		float ht = h[t];
#pragma omp simd
		for (uint32_t i = 0; i < n; i++)
			out[i] += ht * r[i];
	}
}

void itemitem_score_history(const struct itemitem *mo, const uint32_t *items, const float *ratings,
			    uint32_t count, float *out)
{
	uint32_t n = mo->n;
	memset(out, 0, (size_t)n * sizeof *out);
	if (mo->sparse) {
		const struct spm *B = mo->sparse;
		for (uint32_t t = 0; t < count; t++) {
			uint32_t j = items[t];
			float h = ratings ? weight_of(mo->history_weight, ratings[t]) : 1.0f;
			for (uint64_t k = B->indptr[j]; k < B->indptr[j + 1]; k++)
				out[B->indices[k]] += h * B->data[k];
		}
		return;
	}
	enum { BATCH = 64 };
	const float *rows[BATCH];
	float h[BATCH];
	for (uint32_t t0 = 0; t0 < count; t0 += BATCH) {
		uint32_t c = count - t0 < BATCH ? count - t0 : BATCH;
		for (uint32_t t = 0; t < c; t++) {
			rows[t] = mo->dense + (size_t)items[t0 + t] * n;
			h[t] = ratings ? weight_of(mo->history_weight, ratings[t0 + t]) : 1.0f;
		}
		add_rows(out, rows, h, c, n);
	}
}

/* ---- files ---- */

/* Append the section NAME (rows x cols of dtype at data) to secs. */
static void add_section(struct bin_section *secs, int *count, const char *name, uint32_t dtype,
			uint64_t rows, uint64_t cols, const void *data)
{
	struct bin_section *sec = &secs[(*count)++];
	snprintf(sec->name, sizeof sec->name, "%s", name);
	sec->dtype = dtype;
	sec->rows = rows;
	sec->cols = cols;
	sec->data = data;
	sec->nbytes = rows * cols * bin_dtype_size(dtype);
}

int itemitem_write(const struct itemitem *mo, const char *path)
{
	const struct spm *H = mo->history, *S = mo->sparse;
	uint32_t dims[4] = {mo->m, mo->n, mo->history_weight, S ? FORM_SPARSE : FORM_DENSE};
	struct bin_section secs[10];
	int n = 0;
	add_section(secs, &n, "dims", BIN_U32, 4, 1, dims);
	add_section(secs, &n, "user_ids", BIN_U32, mo->m, 1, mo->user_ids);
	add_section(secs, &n, "item_ids", BIN_U32, mo->n, 1, mo->item_ids);
	add_section(secs, &n, "history_indptr", BIN_U64, (uint64_t)mo->m + 1, 1, H->indptr);
	add_section(secs, &n, "history_indices", BIN_U32, H->nnz, 1, H->indices);
	add_section(secs, &n, "history_data", BIN_F32, H->nnz, 1, H->data);
	add_section(secs, &n, "params", BIN_TEXT, strlen(mo->params), 1, mo->params);
	if (S) {
		add_section(secs, &n, "B_indptr", BIN_U64, (uint64_t)mo->n + 1, 1, S->indptr);
		add_section(secs, &n, "B_indices", BIN_U32, S->nnz, 1, S->indices);
		add_section(secs, &n, "B_data", BIN_F32, S->nnz, 1, S->data);
	} else {
		add_section(secs, &n, "B", BIN_F32, mo->n, mo->n, mo->dense);
	}
	return bin_write(path, BIN_ITEM_ITEM, secs, n);
}

/* Check a CSR read from FILE (sections WHAT_indptr, _indices, _data): the
 * invariants of lib/spm.h, finite values, and for B no item among its own
 * neighbours. */
static int check_csr(const char *file, const char *what, const struct spm *a, int is_b)
{
	if (a->indptr[0] != 0)
		return error("%s: %s_indptr does not start at 0 (corrupt model)", file, what);
	for (uint32_t r = 0; r < a->m; r++)
		if (a->indptr[r + 1] < a->indptr[r])
			return error("%s: %s_indptr decreases at row %u (corrupt model)", file,
				     what, r);
	if (a->indptr[a->m] != a->nnz)
		return error("%s: %s_indptr ends at %llu, not at the %llu entries (corrupt model)",
			     file, what, (unsigned long long)a->indptr[a->m],
			     (unsigned long long)a->nnz);
	for (uint32_t r = 0; r < a->m; r++) {
		for (uint64_t k = a->indptr[r]; k < a->indptr[r + 1]; k++) {
			uint32_t c = a->indices[k];
			if (c >= a->n)
				return error("%s: %s_indices: column %u out of range in row %u "
					     "(corrupt model)",
					     file, what, c, r);
			if (k > a->indptr[r] && c <= a->indices[k - 1])
				return error("%s: %s_indices not strictly increasing in row %u "
					     "(corrupt model)",
					     file, what, r);
			if (is_b && c == r)
				return error("%s: B_indices: row %u lists itself (corrupt model)",
					     file, r);
			if (!isfinite(a->data[k]))
				return error("%s: %s_data: non-finite value in row %u (corrupt "
					     "model)",
					     file, what, r);
		}
	}
	return 0;
}

/* A struct spm whose arrays borrow the sections WHAT_indptr, WHAT_indices
 * and WHAT_data of b; NULL after a message. */
static struct spm *borrow_csr(const struct bin *b, const char *what, uint32_t rows, uint32_t cols)
{
	char name[3][BIN_NAME_MAX + 1];
	snprintf(name[0], sizeof name[0], "%s_indptr", what);
	snprintf(name[1], sizeof name[1], "%s_indices", what);
	snprintf(name[2], sizeof name[2], "%s_data", what);
	const struct bin_section *ptr = bin_get(b, name[0], BIN_U64, (uint64_t)rows + 1, 1),
				 *idx = bin_get(b, name[1], BIN_U32, 0, 1),
				 *val = bin_get(b, name[2], BIN_F32, 0, 1);
	if (!ptr || !idx || !val)
		return NULL;
	if (idx->rows != val->rows) {
		error("%s: %s has %llu entries but %s has %llu (corrupt model)", b->name, name[1],
		      (unsigned long long)idx->rows, name[2], (unsigned long long)val->rows);
		return NULL;
	}
	struct spm *a = xcalloc(1, sizeof *a);
	a->m = rows;
	a->n = cols;
	a->nnz = idx->rows;
	a->indptr = (uint64_t *)ptr->data;
	a->indices = (uint32_t *)idx->data;
	a->data = (float *)val->data;
	if (check_csr(b->name, what, a, strcmp(what, "B") == 0) < 0) {
		free(a);
		return NULL;
	}
	return a;
}

/* The dense B: finite, zero diagonal. */
static int check_dense(const char *file, const float *B, uint32_t n)
{
	for (uint32_t j = 0; j < n; j++) {
		const float *row = B + (size_t)j * n;
		int finite = 1;
		for (uint32_t i = 0; i < n; i++)
			finite &= isfinite(row[i]) != 0;
		if (!finite)
			return error("%s: B: non-finite value in row %u (corrupt model)", file, j);
		if (row[j] != 0)
			return error("%s: B: non-zero diagonal at row %u (corrupt model)", file, j);
	}
	return 0;
}

static int check_history_weights(const char *file, const struct spm *H, uint32_t weight)
{
	if (weight != ITEMITEM_BINARY)
		return 0;
	for (uint64_t k = 0; k < H->nnz; k++)
		if (H->data[k] != 1.0f)
			return error("%s: history_data: binary model with a weight other than 1 "
				     "(corrupt model)",
				     file);
	return 0;
}

/* Everything after the dims: ids, history, B, params. */
static int read_body(struct itemitem *mo, const struct bin *b, uint32_t form)
{
	uint32_t m = mo->m, n = mo->n;
	const struct bin_section *uid = bin_get(b, "user_ids", BIN_U32, m, 1),
				 *iid = bin_get(b, "item_ids", BIN_U32, n, 1),
				 *params = bin_get(b, "params", BIN_TEXT, 0, 1);
	if (!uid || !iid || !params)
		return -1;
	mo->user_ids = (uint32_t *)uid->data;
	mo->item_ids = (uint32_t *)iid->data;
	if (ids_ascending(b->name, "user ids", mo->user_ids, m) < 0 ||
	    ids_ascending(b->name, "item ids", mo->item_ids, n) < 0)
		return -1;
	mo->history = borrow_csr(b, "history", m, n);
	if (!mo->history || check_history_weights(b->name, mo->history, mo->history_weight) < 0)
		return -1;
	if (form == FORM_SPARSE) {
		mo->sparse = borrow_csr(b, "B", n, n);
		if (!mo->sparse)
			return -1;
	} else {
		const struct bin_section *B = bin_get(b, "B", BIN_F32, n, n);
		if (!B || check_dense(b->name, B->data, n) < 0)
			return -1;
		mo->dense = (float *)B->data;
	}
	mo->params = xmalloc(params->nbytes + 1);
	memcpy(mo->params, params->data, params->nbytes);
	mo->params[params->nbytes] = '\0';
	return 0;
}

struct itemitem *itemitem_read(const char *path)
{
	struct bin *b = bin_read(path, BIN_ITEM_ITEM);
	if (!b)
		return NULL;
	const struct bin_section *dims = bin_get(b, "dims", BIN_U32, 4, 1);
	if (!dims) {
		bin_free(b);
		return NULL;
	}
	const uint32_t *d = dims->data;
	if (d[0] == 0 || d[1] == 0) {
		error("%s: empty model (%u users, %u items)", path, d[0], d[1]);
		bin_free(b);
		return NULL;
	}
	if (d[2] != ITEMITEM_BINARY && d[2] != ITEMITEM_RATING) {
		error("%s: unknown history weight %u (corrupt model)", path, d[2]);
		bin_free(b);
		return NULL;
	}
	if (d[3] != FORM_DENSE && d[3] != FORM_SPARSE) {
		error("%s: unknown form of B %u (corrupt model)", path, d[3]);
		bin_free(b);
		return NULL;
	}
	struct itemitem *mo = xcalloc(1, sizeof *mo);
	mo->m = d[0];
	mo->n = d[1];
	mo->history_weight = d[2];
	mo->file = b;
	if (read_body(mo, b, d[3]) < 0) {
		itemitem_free(mo);
		return NULL;
	}
	if (mo->m > IDMAP_MAX || mo->n > IDMAP_MAX) {
		error("%s: %u users, %u items: more than %u", path, mo->m, mo->n, IDMAP_MAX);
		itemitem_free(mo);
		return NULL;
	}
	mo->users = idmap_from(mo->user_ids, mo->m);
	mo->items = idmap_from(mo->item_ids, mo->n);
	return mo;
}

void itemitem_free(struct itemitem *mo)
{
	if (!mo)
		return;
	if (mo->file) {
		/* the arrays live in the file buffer: free only the shells */
		free(mo->history);
		free(mo->sparse);
		bin_free(mo->file);
	} else {
		free(mo->user_ids);
		free(mo->item_ids);
		free(mo->dense);
		spm_free(mo->sparse);
		spm_free(mo->history);
	}
	idmap_free(mo->users);
	idmap_free(mo->items);
	free(mo->params);
	free(mo);
}
