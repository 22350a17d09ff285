#include "recommend.h"
#include "blas.h"
#include "err.h"
#include "num.h"
#include "ratings.h"
#include "tsv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Queries per DGEMM in recommend_similar(). */
#define SIMILAR_BLOCK 64

/*
 * The kind of a reel binary file, from its first 16 bytes (magic, format
 * version, kind: docs/FORMATS.md), so that the one reader that fits is run
 * once; 0 when the file cannot tell, and then model_read() names the fault.
 */
static uint32_t peek_kind(const char *path)
{
	static const unsigned char magic[8] = {0x89, 'R', 'E', 'E', 'L', '\r', '\n', 0x1a};
	unsigned char head[16];
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0;
	size_t got = fread(head, 1, sizeof head, fp);
	fclose(fp);
	if (got < sizeof head || memcmp(head, magic, sizeof magic) != 0)
		return 0;
	uint32_t kind;
	memcpy(&kind, head + 12, sizeof kind);
	return kind;
}

static int param_double(const struct model *mo, const char *path, const char *key, double min,
			double *out)
{
	char buf[64];
	const char *s = model_get_param(mo, key, buf, sizeof buf);
	if (!s || num_parse_double(s, min, 1e300, out) < 0)
		return error("%s: model without a valid '%s' parameter", path, key);
	return 0;
}

int recommend_als_params(const struct model *mo, const char *path, struct als_params *p)
{
	memset(p, 0, sizeof *p);
	p->k = mo->k;
	p->explicit_ = mo->kind == BIN_ALS_EXPLICIT;
	p->solver = ALS_CHOL;
	if (mo->kind != BIN_ALS_IMPLICIT && mo->kind != BIN_ALS_EXPLICIT)
		return error("%s: is a %s, expected an ALS model", path, bin_kind_name(mo->kind));
	if (param_double(mo, path, "reg", 0, &p->lambda) < 0)
		return -1;
	if (p->explicit_) {
		/* files from before --reg-exponent weighted the factors by n_u */
		char buf[8];
		p->reg_exponent = 1;
		if (model_get_param(mo, "reg_exponent", buf, sizeof buf) &&
		    param_double(mo, path, "reg_exponent", 0, &p->reg_exponent) < 0)
			return -1;
		return param_double(mo, path, "reg_bias", 0, &p->lambda_bias);
	}
	double binary;
	if (param_double(mo, path, "alpha", 0, &p->alpha) < 0 ||
	    param_double(mo, path, "binary", 0, &binary) < 0)
		return -1;
	p->binary = binary != 0;
	/* files from before --alpha0 and --reg-nu: Hu et al.'s model */
	char buf[8];
	p->alpha0 = 1;
	if (model_get_param(mo, "alpha0", buf, sizeof buf) &&
	    param_double(mo, path, "alpha0", 1e-300, &p->alpha0) < 0)
		return -1;
	if (model_get_param(mo, "reg_nu", buf, sizeof buf) &&
	    param_double(mo, path, "reg_nu", 0, &p->reg_nu) < 0)
		return -1;
	return 0;
}

static int open_factor(struct recommender *r, const char *path)
{
	struct model *mo = r->factor = model_read(path, 0);
	if (!mo)
		return -1;
	r->kind = mo->kind;
	r->m = mo->m;
	r->n = mo->n;
	r->user_ids = mo->user_ids;
	r->item_ids = mo->item_ids;
	r->min_rating = -INFINITY;
	r->x = xmallocarray(mo->k, sizeof *r->x);
	r->scorer = topk_scorer_new(mo);
	if (mo->kind == BIN_BASELINE)
		return baseline_info_read(mo, path, &r->baseline);
	if (recommend_als_params(mo, path, &r->als) < 0)
		return -1;
	r->state = (struct als_state){.m = mo->m,
				      .n = mo->n,
				      .k = mo->k,
				      .X = mo->X,
				      .Y = mo->Y,
				      .user_bias = mo->user_bias,
				      .item_bias = mo->item_bias,
				      .mean = mo->mean};
	if (mo->kind == BIN_ALS_EXPLICIT) {
		r->rating_min = -INFINITY;
		r->rating_max = INFINITY;
		char buf[8];
		if (model_get_param(mo, "rating_min", buf, sizeof buf) &&
		    (param_double(mo, path, "rating_min", -1e30, &r->rating_min) < 0 ||
		     param_double(mo, path, "rating_max", r->rating_min, &r->rating_max) < 0))
			return -1;
	}
	if (mo->kind == BIN_ALS_IMPLICIT) {
		/* confidence 1 + alpha * r must stay >= 1, as in training */
		r->min_rating = 0;
	}
	return 0;
}

struct recommender *recommend_open(const char *path)
{
	struct recommender *r = xcalloc(1, sizeof *r);
	if (peek_kind(path) == BIN_ITEM_ITEM) {
		struct itemitem *ii = r->itemitem = itemitem_read(path);
		if (!ii)
			goto fail;
		r->kind = BIN_ITEM_ITEM;
		r->m = ii->m;
		r->n = ii->n;
		r->user_ids = ii->user_ids;
		r->item_ids = ii->item_ids;
		r->min_rating = -INFINITY;
	} else if (open_factor(r, path) < 0) {
		goto fail;
	}
	r->scores = xmallocarray(r->n, sizeof *r->scores);
	return r;
fail:
	recommend_free(r);
	return NULL;
}

void recommend_free(struct recommender *r)
{
	if (!r)
		return;
	topk_scorer_free(r->scorer);
	model_free(r->factor);
	itemitem_free(r->itemitem);
	free(r->G);
	free(r->hist_items);
	free(r->hist_ratings);
	free(r->x);
	free(r->scores);
	free(r->unit_Y);
	free(r);
}

int64_t recommend_user(const struct recommender *r, uint32_t user_id)
{
	return idmap_get(r->factor ? r->factor->users : r->itemitem->users, user_id);
}

int64_t recommend_item(const struct recommender *r, uint32_t item_id)
{
	return idmap_get(r->factor ? r->factor->items : r->itemitem->items, item_id);
}

/* B[j][i] of an item-item model: 0 where a sparse row stores nothing. */
static float itemitem_entry(const struct itemitem *ii, uint32_t j, uint32_t i)
{
	if (ii->dense)
		return ii->dense[(size_t)j * ii->n + i];
	const struct spm *B = ii->sparse;
	uint64_t lo = B->indptr[j], hi = B->indptr[j + 1];
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (B->indices[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < B->indptr[j + 1] && B->indices[lo] == i ? B->data[lo] : 0.0f;
}

float recommend_score(const struct recommender *r, uint32_t u, uint32_t i)
{
	if (r->factor)
		return model_score(r->factor, u, i);
	const struct spm *H = r->itemitem->history;
	double s = 0;
	for (uint64_t t = H->indptr[u]; t < H->indptr[u + 1]; t++)
		s += (double)H->data[t] * itemitem_entry(r->itemitem, H->indices[t], i);
	return (float)s;
}

int recommend_score_ids(const struct recommender *r, uint32_t user_id, uint32_t item_id,
			float *score)
{
	int64_t u = recommend_user(r, user_id), i = recommend_item(r, item_id);
	if (r->kind != BIN_ALS_EXPLICIT) {
		if (u < 0 || i < 0)
			return 1;
		*score = recommend_score(r, (uint32_t)u, (uint32_t)i);
		return 0;
	}
	const struct model *mo = r->factor;
	double s;
	if (u >= 0 && i >= 0) {
		s = recommend_score(r, (uint32_t)u, (uint32_t)i);
	} else {
		s = mo->mean;
		if (u >= 0)
			s += mo->user_bias[u];
		if (i >= 0)
			s += mo->item_bias[i];
	}
	/* a rating prediction: within the range of the training ratings */
	s = s < r->rating_min ? r->rating_min : s > r->rating_max ? r->rating_max : s;
	*score = (float)s;
	return 0;
}

static void itemitem_topk_users(const struct recommender *r, const uint32_t *users, uint32_t count,
				uint32_t K, const struct topk_filter *filter, uint32_t *items,
				float *scores, uint32_t *found)
{
	const struct itemitem *ii = r->itemitem;
	const struct spm *H = ii->history, *ex = filter ? filter->exclude : NULL;
	const unsigned char *allowed = filter ? filter->allowed : NULL;
#pragma omp parallel if (count > 1)
	{
		float *row = xmallocarray(ii->n, sizeof *row);
#pragma omp for schedule(dynamic, 16)
		for (uint32_t j = 0; j < count; j++) {
			uint32_t u = users[j];
			uint64_t b = H->indptr[u];
			/* the stored values are h already, and h of h is h for
			 * either history_weight */
			itemitem_score_history(ii, H->indices + b, H->data + b,
					       (uint32_t)(H->indptr[u + 1] - b), row);
			const uint32_t *exu = NULL;
			uint64_t nex = 0;
			if (ex && u < ex->m) {
				exu = ex->indices + ex->indptr[u];
				nex = ex->indptr[u + 1] - ex->indptr[u];
			}
			found[j] = topk_select(row, ii->n, K, exu, nex, allowed,
					       items + (size_t)j * K, scores + (size_t)j * K);
		}
		free(row);
	}
}

void recommend_topk_users(const struct recommender *r, const uint32_t *users, uint32_t count,
			  uint32_t K, const struct topk_filter *filter, uint32_t *items,
			  float *scores, uint32_t *found)
{
	if (r->factor)
		topk_users(r->scorer, users, count, K, filter, items, scores, found);
	else
		itemitem_topk_users(r, users, count, K, filter, items, scores, found);
}

/* Copy the history into the scratch arrays in ascending item index, so
 * that the result does not depend on its order; -1 on a repeated item. */
static int sort_history(struct recommender *r, const uint32_t *items, const float *ratings,
			uint32_t count)
{
	if (count > r->hist_cap) {
		r->hist_cap = count;
		r->hist_items = xrealloc(r->hist_items, (size_t)count * sizeof *r->hist_items);
		r->hist_ratings =
			xrealloc(r->hist_ratings, (size_t)count * sizeof *r->hist_ratings);
	}
	/* insertion sort: histories are short, and usually sorted already */
	for (uint32_t j = 0; j < count; j++) {
		uint32_t p = j;
		while (p > 0 && r->hist_items[p - 1] > items[j]) {
			r->hist_items[p] = r->hist_items[p - 1];
			r->hist_ratings[p] = r->hist_ratings[p - 1];
			p--;
		}
		if (p > 0 && r->hist_items[p - 1] == items[j])
			return error("item %u given twice in a history", r->item_ids[items[j]]);
		r->hist_items[p] = items[j];
		r->hist_ratings[p] = ratings[j];
	}
	return 0;
}

/* The factors of the history's user into r->x (and *bias); -1 after a
 * message. */
static int fold_in(struct recommender *r, uint32_t user_id, uint32_t count, float *bias)
{
	const struct model *mo = r->factor;
	*bias = 0;
	if (mo->kind == BIN_BASELINE) {
		baseline_fold_in(mo, &r->baseline, user_id, r->hist_items, r->hist_ratings, count,
				 r->x);
		return 0;
	}
	/* G on the first fold-in, not at open: batch top-K never needs it, and
	 * a parallel BLAS call at open costs a small run more than its scoring */
	if (mo->kind == BIN_ALS_IMPLICIT && !r->G) {
		r->G = xmalloc_lines((size_t)mo->k * mo->k, sizeof *r->G);
		als_shared_gram(mo->Y, mo->n, mo->k, &r->als, r->G);
	}
	/* one small solve: on one thread, whatever OpenMP would give BLAS */
	int saved = blas_serial_begin();
	int rc = als_fold_in(&r->state, &r->als, r->G, r->hist_items, r->hist_ratings, count, r->x,
			     bias);
	blas_serial_end(saved);
	if (rc < 0)
		return error("fold-in failed: the least-squares system is singular");
	return 0;
}

int64_t recommend_topk_history(struct recommender *r, uint32_t user_id, const uint32_t *items,
			       const float *ratings, uint32_t count, uint32_t K,
			       const unsigned char *allowed, uint32_t *out_items, float *out_scores)
{
	if (sort_history(r, items, ratings, count) < 0)
		return -1;
	if (r->itemitem) {
		itemitem_score_history(r->itemitem, r->hist_items, r->hist_ratings, count,
				       r->scores);
		return topk_select(r->scores, r->n, K, r->hist_items, count, allowed, out_items,
				   out_scores);
	}
	float bias;
	if (fold_in(r, user_id, count, &bias) < 0)
		return -1;
	const struct model *mo = r->factor;
	float base = mo->user_bias ? (float)(mo->mean + bias) : 0;
	return topk_vector(r->scorer, r->x, base, K, r->hist_items, count, allowed, out_items,
			   out_scores);
}

/* Rows of Y scaled to unit length in double; zero rows stay zero. */
static const double *unit_rows(struct recommender *r)
{
	if (r->unit_Y)
		return r->unit_Y;
	const struct model *mo = r->factor;
	uint32_t k = mo->k;
	double *U = xmallocarray((size_t)mo->n * k, sizeof *U);
	for (uint32_t i = 0; i < mo->n; i++) {
		const float *y = mo->Y + (size_t)i * k;
		double norm = 0;
		for (uint32_t f = 0; f < k; f++)
			norm += (double)y[f] * y[f];
		norm = sqrt(norm);
		for (uint32_t f = 0; f < k; f++)
			U[(size_t)i * k + f] = norm > 0 ? y[f] / norm : 0.0;
	}
	return r->unit_Y = U;
}

static void factor_similar(struct recommender *r, const uint32_t *queries, uint32_t count,
			   uint32_t K, uint32_t *items, float *sims, uint32_t *found)
{
	const double *U = unit_rows(r);
	uint32_t n = r->n, k = r->factor->k;
	uint32_t nblocks = (count + SIMILAR_BLOCK - 1) / SIMILAR_BLOCK;
#pragma omp parallel
	{
		double *Q = xmallocarray((size_t)SIMILAR_BLOCK * k, sizeof *Q);
		double *C = xmallocarray((size_t)SIMILAR_BLOCK * n, sizeof *C);
#pragma omp for schedule(dynamic, 1)
		for (uint32_t b = 0; b < nblocks; b++) {
			uint32_t j0 = b * SIMILAR_BLOCK;
			uint32_t nb = count - j0 < SIMILAR_BLOCK ? count - j0 : SIMILAR_BLOCK;
			for (uint32_t j = 0; j < nb; j++)
				memcpy(Q + (size_t)j * k, U + (size_t)queries[j0 + j] * k,
				       (size_t)k * sizeof *Q);
			cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)n,
				    (int)k, 1.0, Q, (int)k, U, (int)k, 0.0, C, (int)n);
			for (uint32_t j = 0; j < nb; j++) {
				uint32_t q = queries[j0 + j];
				struct topk_heap h;
				topk_init(&h, K, items + (size_t)(j0 + j) * K,
					  sims + (size_t)(j0 + j) * K);
				const double *c = C + (size_t)j * n;
				for (uint32_t i = 0; i < n; i++) {
					if (i == q)
						continue;
					/* unit vectors: |cos| <= 1 but for rounding */
					double v = c[i] > 1 ? 1 : c[i] < -1 ? -1 : c[i];
					topk_push(&h, i, (float)v);
				}
				found[j0 + j] = topk_finish(&h);
			}
		}
		free(Q);
		free(C);
	}
}

static void itemitem_similar(const struct itemitem *ii, const uint32_t *queries, uint32_t count,
			     uint32_t K, uint32_t *items, float *sims, uint32_t *found)
{
#pragma omp parallel for schedule(dynamic, 16) if (count > 1)
	for (uint32_t j = 0; j < count; j++) {
		uint32_t q = queries[j];
		struct topk_heap h;
		topk_init(&h, K, items + (size_t)j * K, sims + (size_t)j * K);
		if (ii->dense) {
			const float *row = ii->dense + (size_t)q * ii->n;
			for (uint32_t i = 0; i < ii->n; i++)
				if (i != q)
					topk_push(&h, i, row[i]);
		} else {
			const struct spm *B = ii->sparse;
			for (uint64_t t = B->indptr[q]; t < B->indptr[q + 1]; t++)
				if (B->indices[t] != q)
					topk_push(&h, B->indices[t], B->data[t]);
		}
		found[j] = topk_finish(&h);
	}
}

void recommend_similar(struct recommender *r, const uint32_t *queries, uint32_t count, uint32_t K,
		       uint32_t *items, float *sims, uint32_t *found)
{
	if (r->factor)
		factor_similar(r, queries, count, K, items, sims, found);
	else
		itemitem_similar(r->itemitem, queries, count, K, items, sims, found);
}

/* tr's pairs over r's users and items; frees tr.  Both sides number users
 * and items by ascending external id, so the map from the file's indices
 * to the model's is increasing: the file's CSR becomes the model's by
 * dropping what the model does not know, in place, rows and columns
 * staying in order. */
static struct spm *exclude_of(const struct recommender *r, struct ratings *tr)
{
	struct spm *R = ratings_to_csr(tr); /* rejects a pair given twice */
	if (!R) {
		ratings_free(tr);
		return NULL;
	}
	int64_t *item_of = xmallocarray(R->n, sizeof *item_of);
	int64_t *user_of = xmallocarray(R->m, sizeof *user_of);
	for (uint32_t i = 0; i < R->n; i++)
		item_of[i] = recommend_item(r, tr->items->ext[i]);
	for (uint32_t u = 0; u < R->m; u++)
		user_of[u] = recommend_user(r, tr->users->ext[u]);
	ratings_free(tr);
	uint64_t *indptr = xcalloc((size_t)r->m + 1, sizeof *indptr), nnz = 0;
	for (uint32_t u = 0; u < R->m; u++) {
		uint64_t start = nnz;
		for (uint64_t t = R->indptr[u]; user_of[u] >= 0 && t < R->indptr[u + 1]; t++) {
			if (item_of[R->indices[t]] < 0)
				continue;
			R->indices[nnz] = (uint32_t)item_of[R->indices[t]];
			R->data[nnz++] = R->data[t];
		}
		if (user_of[u] >= 0)
			indptr[user_of[u] + 1] = nnz - start;
	}
	for (uint32_t u = 0; u < r->m; u++)
		indptr[u + 1] += indptr[u];
	free(R->indptr);
	R->indptr = indptr;
	R->m = r->m;
	R->n = r->n;
	R->nnz = nnz;
	free(item_of);
	free(user_of);
	return R;
}

struct spm *recommend_read_exclude(const struct recommender *r, const char *path)
{
	struct ratings *tr = ratings_read(path, RATINGS_NO_TIME | RATINGS_NO_USERS);
	return tr ? exclude_of(r, tr) : NULL;
}

struct spm *recommend_read_seen(const struct recommender *r, const char *model_path)
{
	struct model params = {.params = r->factor ? r->factor->params : r->itemitem->params};
	char train[4096], want[16];
	if (!model_get_param(&params, "train", train, sizeof train) ||
	    !model_get_param(&params, "train_crc32", want, sizeof want)) {
		error("%s: the model records no training file to exclude: give --exclude TRAIN "
		      "or --include-seen",
		      model_path);
		return NULL;
	}
	if (strcmp(train, "-") == 0 || access(train, R_OK) != 0) {
		error("%s: its training file '%s' is not at hand (%s): give --exclude TRAIN or "
		      "--include-seen",
		      model_path, train,
		      strcmp(train, "-") == 0 ? "read from stdin" : strerror(errno));
		return NULL;
	}
	struct ratings *tr =
		ratings_read(train, RATINGS_FINGERPRINT | RATINGS_NO_TIME | RATINGS_NO_USERS);
	if (!tr)
		return NULL;
	char got[16];
	snprintf(got, sizeof got, "%08x", tr->crc);
	if (strcmp(got, want) != 0) {
		error("%s: its training file '%s' has changed since training (CRC-32 %s, the "
		      "model's %s): give --exclude TRAIN or --include-seen",
		      model_path, train, got, want);
		ratings_free(tr);
		return NULL;
	}
	return exclude_of(r, tr);
}

/* RECOMMEND_IDS_UNIQUE: *first_line (allocated on first use) holds the
 * line of each dense index's first occurrence, 0 for none yet. */
static int check_unique(struct tsv *in, uint32_t **first_line, uint32_t size, uint32_t idx,
			const char *what, uint32_t id)
{
	if (!*first_line)
		*first_line = xcalloc(size ? size : 1, sizeof **first_line);
	if ((*first_line)[idx])
		return tsv_error(in, "%s %u repeats line %u", what, id, (*first_line)[idx]);
	(*first_line)[idx] = (uint32_t)in->line;
	return 0;
}

int64_t recommend_read_ids(const struct recommender *r, const char *path, unsigned flags,
			   uint32_t **out)
{
	int items = flags & RECOMMEND_IDS_ITEMS;
	const char *what = items ? "item" : "user";
	struct tsv *in = tsv_open(path, '\t');
	if (!in)
		return -1;
	uint64_t n = 0, cap = 1024;
	uint32_t *ids = xmallocarray(cap, sizeof *ids), *first_line = NULL;
	char label[16];
	snprintf(label, sizeof label, "%s id", what);
	int got;
	while ((got = tsv_next(in)) == 1) {
		uint32_t id;
		if (tsv_need(in, 1) < 0 || tsv_u32(in, 0, label, &id) < 0)
			goto fail;
		int64_t idx = items ? recommend_item(r, id) : recommend_user(r, id);
		if (idx < 0) {
			if (flags & RECOMMEND_IDS_SKIP_UNKNOWN)
				continue;
			tsv_error(in, "%s %u is not in the model", what, id);
			goto fail;
		}
		if ((flags & RECOMMEND_IDS_UNIQUE) &&
		    check_unique(in, &first_line, items ? r->n : r->m, (uint32_t)idx, what, id) < 0)
			goto fail;
		if (n == cap)
			ids = xrealloc(ids, (size_t)(cap *= 2) * sizeof *ids);
		ids[n++] = (uint32_t)idx;
	}
	if (got < 0)
		goto fail;
	free(first_line);
	if (tsv_close(in) < 0) {
		free(ids);
		return -1;
	}
	*out = ids;
	return (int64_t)n;
fail:
	free(first_line);
	free(ids);
	tsv_close(in);
	return -1;
}

int recommend_read_allowed(const struct recommender *r, const char *candidates,
			   const char *blacklist, unsigned char **allowed)
{
	*allowed = NULL;
	if (!candidates && !blacklist)
		return 0;
	unsigned char *ok = xmalloc(r->n ? r->n : 1);
	memset(ok, candidates ? 0 : 1, r->n);
	const char *path[2] = {candidates, blacklist};
	unsigned flags = RECOMMEND_IDS_ITEMS | RECOMMEND_IDS_SKIP_UNKNOWN;
	for (int f = 0; f < 2; f++) {
		uint32_t *ids;
		int64_t n;
		if (!path[f])
			continue;
		if ((n = recommend_read_ids(r, path[f], flags, &ids)) < 0) {
			free(ok);
			return -1;
		}
		for (int64_t j = 0; j < n; j++)
			ok[ids[j]] = f == 0; /* a candidate, or blacklisted */
		free(ids);
	}
	*allowed = ok;
	return 0;
}
