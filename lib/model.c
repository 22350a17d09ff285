#include "model.h"
#include "err.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct model *model_new(uint32_t kind, uint32_t m, uint32_t n, uint32_t k, const uint32_t *user_ids,
			const uint32_t *item_ids, int with_bias)
{
	struct model *mo = xcalloc(1, sizeof *mo);
	mo->kind = kind;
	mo->m = m;
	mo->n = n;
	mo->k = k;
	mo->user_ids = xmallocarray(m ? m : 1, sizeof *mo->user_ids);
	mo->item_ids = xmallocarray(n ? n : 1, sizeof *mo->item_ids);
	memcpy(mo->user_ids, user_ids, (size_t)m * sizeof *user_ids);
	memcpy(mo->item_ids, item_ids, (size_t)n * sizeof *item_ids);
	mo->X = xmalloc_pages((size_t)m * k + 1);
	mo->Y = xmalloc_pages((size_t)n * k + 1);
	if (with_bias) {
		mo->user_bias = xcalloc(m ? m : 1, sizeof *mo->user_bias);
		mo->item_bias = xcalloc(n ? n : 1, sizeof *mo->item_bias);
	}
	mo->params = xstrdup("");
	return mo;
}

void model_index(struct model *mo)
{
	idmap_free(mo->users);
	idmap_free(mo->items);
	mo->users = idmap_from(mo->user_ids, mo->m);
	mo->items = idmap_from(mo->item_ids, mo->n);
}

void model_param(struct model *mo, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	size_t old = strlen(mo->params), add = strlen(key) + (size_t)len + 2;
	mo->params = xrealloc(mo->params, old + add + 1);
	char *p = mo->params + old;
	p += sprintf(p, "%s=", key);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	strcat(p, "\n");
}

const char *model_get_param(const struct model *mo, const char *key, char *buf, int size)
{
	size_t klen = strlen(key);
	for (const char *p = mo->params; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
			snprintf(buf, (size_t)size, "%.*s", (int)(len - klen - 1), p + klen + 1);
			return buf;
		}
		p += len + (nl ? 1 : 0);
	}
	return NULL;
}

int model_write(const struct model *mo, const char *path)
{
	uint32_t dims[3] = {mo->m, mo->n, mo->k};
	uint64_t m = mo->m, n = mo->n, k = mo->k, plen = strlen(mo->params);
	struct bin_section secs[9] = {
		{"dims", BIN_U32, 3, 1, dims, sizeof dims},
		{"user_ids", BIN_U32, m, 1, mo->user_ids, m * 4},
		{"item_ids", BIN_U32, n, 1, mo->item_ids, n * 4},
		{"X", BIN_F32, m, k, mo->X, m * k * 4},
		{"Y", BIN_F32, n, k, mo->Y, n * k * 4},
		{"params", BIN_TEXT, plen, 1, mo->params, plen},
		{"user_bias", BIN_F32, m, 1, mo->user_bias, m * 4},
		{"item_bias", BIN_F32, n, 1, mo->item_bias, n * 4},
		{"mean", BIN_F64, 1, 1, &mo->mean, sizeof mo->mean},
	};
	return bin_write(path, mo->kind, secs, mo->user_bias ? 9 : 6);
}

static int ids_ascending(const struct bin *b, const char *what, const uint32_t *ids, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++)
		if (ids[i] <= ids[i - 1])
			return error("%s: %s are not strictly ascending (corrupt model)", b->name,
				     what);
	return 0;
}

/* Every value of a rows x cols section finite: a NaN or infinity (which
 * training never writes) would make every score it touches NaN, and NaN
 * breaks the order that top-K selection relies on. */
static int all_finite(const struct bin *b, const char *what, const float *v, uint64_t rows,
		      uint64_t cols)
{
	for (uint64_t r = 0; r < rows; r++) {
		int finite = 1;
		for (uint64_t c = 0; c < cols; c++)
			finite &= isfinite(v[r * cols + c]) != 0;
		if (!finite)
			return error("%s: %s: non-finite value in row %llu (corrupt model)",
				     b->name, what, (unsigned long long)r);
	}
	return 0;
}

struct model *model_read(const char *path, uint32_t want_kind)
{
	struct bin *b = bin_read(path, want_kind);
	if (!b)
		return NULL;
	if (b->kind != BIN_ALS_IMPLICIT && b->kind != BIN_ALS_EXPLICIT && b->kind != BIN_BASELINE) {
		error("%s: wrong kind of file: %s, expected a factor model", path,
		      bin_kind_name(b->kind));
		bin_free(b);
		return NULL;
	}
	const struct bin_section *dims = bin_get(b, "dims", BIN_U32, 3, 1);
	if (!dims)
		goto fail;
	const uint32_t *d = dims->data;
	uint32_t m = d[0], n = d[1], k = d[2];
	int explicit = b->kind == BIN_ALS_EXPLICIT;
	const struct bin_section *uid = bin_get(b, "user_ids", BIN_U32, m, 1),
				 *iid = bin_get(b, "item_ids", BIN_U32, n, 1),
				 *X = bin_get(b, "X", BIN_F32, m, k),
				 *Y = bin_get(b, "Y", BIN_F32, n, k),
				 *params = bin_get(b, "params", BIN_TEXT, 0, 1);
	const struct bin_section *ub = explicit ? bin_get(b, "user_bias", BIN_F32, m, 1) : NULL,
				 *ib = explicit ? bin_get(b, "item_bias", BIN_F32, n, 1) : NULL,
				 *mean = explicit ? bin_get(b, "mean", BIN_F64, 1, 1) : NULL;
	if (!uid || !iid || !X || !Y || !params || (explicit && (!ub || !ib || !mean)))
		goto fail;
	if (m == 0 || n == 0 || k == 0) {
		error("%s: empty model (%u users, %u items, %u factors)", path, m, n, k);
		goto fail;
	}
	if (m > IDMAP_MAX || n > IDMAP_MAX) {
		error("%s: %u users, %u items: more than %u", path, m, n, IDMAP_MAX);
		goto fail;
	}
	if (ids_ascending(b, "user ids", uid->data, m) < 0 ||
	    ids_ascending(b, "item ids", iid->data, n) < 0 ||
	    all_finite(b, "X", X->data, m, k) < 0 || all_finite(b, "Y", Y->data, n, k) < 0 ||
	    (explicit && (all_finite(b, "user_bias", ub->data, m, 1) < 0 ||
			  all_finite(b, "item_bias", ib->data, n, 1) < 0)))
		goto fail;
	if (explicit) {
		double mu;
		memcpy(&mu, mean->data, sizeof mu);
		if (!isfinite(mu)) {
			error("%s: mean: non-finite value (corrupt model)", path);
			goto fail;
		}
	}
	struct model *mo = xcalloc(1, sizeof *mo);
	mo->kind = b->kind;
	mo->m = m;
	mo->n = n;
	mo->k = k;
	mo->user_ids = (uint32_t *)uid->data;
	mo->item_ids = (uint32_t *)iid->data;
	mo->X = (float *)X->data;
	mo->Y = (float *)Y->data;
	if (explicit) {
		mo->user_bias = (float *)ub->data;
		mo->item_bias = (float *)ib->data;
		memcpy(&mo->mean, mean->data, sizeof mo->mean);
	}
	mo->params = xmalloc(params->nbytes + 1);
	memcpy(mo->params, params->data, params->nbytes);
	mo->params[params->nbytes] = '\0';
	mo->file = b;
	model_index(mo);
	return mo;
fail:
	bin_free(b);
	return NULL;
}

void model_free(struct model *mo)
{
	if (!mo)
		return;
	if (mo->file) {
		bin_free(mo->file);
	} else {
		free(mo->user_ids);
		free(mo->item_ids);
		free(mo->X);
		free(mo->Y);
		free(mo->user_bias);
		free(mo->item_bias);
	}
	idmap_free(mo->users);
	idmap_free(mo->items);
	free(mo->params);
	free(mo);
}

float model_score(const struct model *mo, uint32_t u, uint32_t i)
{
	const float *x = mo->X + (size_t)u * mo->k, *y = mo->Y + (size_t)i * mo->k;
	double s = mo->mean;
	if (mo->user_bias)
		s += (double)mo->user_bias[u] + (double)mo->item_bias[i];
	/* the chain of topk.h's kernel: reel-score and the lists agree */
	float dot = 0;
	for (uint32_t f = 0; f < mo->k; f++)
		dot = fmaf(x[f], y[f], dot);
	return (float)(s + dot);
}
