#include "ratings.h"
#include "err.h"
#include "tsv.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct text_arena {
	uint64_t len, cap;
};

static void keep_text(struct ratings *r, struct text_arena *a, uint64_t t, const char *line)
{
	size_t n = strlen(line) + 1;
	while (a->len + n > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 1u << 20;
		r->text = xrealloc(r->text, a->cap);
	}
	memcpy(r->text + a->len, line, n);
	r->text_off[t] = a->len;
	a->len += n;
}

static void grow(struct ratings *r, uint64_t *cap, int with_ts)
{
	*cap = *cap ? *cap * 2 : 1u << 16;
	r->user = xrealloc(r->user, *cap * sizeof *r->user);
	r->item = xrealloc(r->item, *cap * sizeof *r->item);
	r->value = xrealloc(r->value, *cap * sizeof *r->value);
	if (with_ts)
		r->ts = xrealloc(r->ts, *cap * sizeof *r->ts);
	if (r->text_off)
		r->text_off = xrealloc(r->text_off, *cap * sizeof *r->text_off);
}

/* Dense indices were handed out in order of appearance; renumber them by
 * ascending external id. */
static void renumber(struct ratings *r)
{
	uint32_t *ur = idmap_sort(r->users), *ir = idmap_sort(r->items);
	for (uint64_t t = 0; t < r->n; t++) {
		r->user[t] = ur[r->user[t]];
		r->item[t] = ir[r->item[t]];
	}
	free(ur);
	free(ir);
}

static int read_line(struct tsv *in, struct ratings *r, int nf)
{
	uint32_t u, i;
	double v;
	int64_t ts = 0;
	if (tsv_need(in, nf) < 0 || tsv_u32(in, 0, "user id", &u) < 0 ||
	    tsv_u32(in, 1, "item id", &i) < 0 ||
	    tsv_double(in, 2, "rating", -1e30, 1e30, &v) < 0 ||
	    (nf == 4 && tsv_i64(in, 3, "timestamp", 0, INT64_MAX, &ts) < 0))
		return -1;
	uint64_t t = r->n++;
	/* files are often grouped by user: skip the hash for a repeated one */
	if (t > 0 && r->users->ext[r->user[t - 1]] == u)
		r->user[t] = r->user[t - 1];
	else
		r->user[t] = idmap_add(r->users, u);
	r->item[t] = idmap_add(r->items, i);
	r->value[t] = (float)v;
	if (r->ts)
		r->ts[t] = ts;
	return 0;
}

/*
 * Every (user, item) pair at most once: a counting sort of the ratings by
 * user (stable, so each user's ratings stay in line order), then each
 * user's items stamped in a table of the items.  Linear in time; 4 bytes a
 * rating and 8 an item, only while it runs.  Of several repeats the one
 * named is the earliest second occurrence in the file.
 */
static int check_unique(const struct ratings *r)
{
	uint32_t m = r->users->n, n = r->items->n;
	uint64_t *start = xcalloc((size_t)m + 1, sizeof *start);
	for (uint64_t t = 0; t < r->n; t++)
		start[r->user[t] + 1]++;
	for (uint32_t u = 0; u < m; u++)
		start[u + 1] += start[u];
	uint32_t *by_user = xmallocarray(r->n, sizeof *by_user);
	for (uint64_t t = 0; t < r->n; t++)
		by_user[start[r->user[t]]++] = (uint32_t)t;
	uint32_t *stamp = xcalloc(n ? n : 1, sizeof *stamp), *first = xmallocarray(n ? n : 1,
										   sizeof *first);
	uint64_t dup = UINT64_MAX, dup_first = 0, k = 0;
	for (uint32_t u = 0; u < m; u++) {
		for (; k < start[u]; k++) { /* start[u] is now the end of user u */
			uint32_t t = by_user[k], i = r->item[t];
			if (stamp[i] != u + 1) {
				stamp[i] = u + 1;
				first[i] = t;
			} else if (t < dup) {
				dup = t;
				dup_first = first[i];
			}
		}
	}
	free(start);
	free(by_user);
	free(stamp);
	free(first);
	if (dup == UINT64_MAX)
		return 0;
	return error("%s:%llu: duplicate rating for user %u, item %u (first at line %llu)",
		     r->name, (unsigned long long)dup + 1, r->users->ext[r->user[dup]],
		     r->items->ext[r->item[dup]], (unsigned long long)dup_first + 1);
}

struct ratings *ratings_read(const char *path, unsigned flags)
{
	struct tsv *in = tsv_open(path, '\t');
	if (!in)
		return NULL;
	struct ratings *r = xcalloc(1, sizeof *r);
	r->name = xstrdup(in->name);
	r->users = idmap_new();
	r->items = idmap_new();
	uint64_t cap = 0;
	struct text_arena arena = {0, 0};
	if (flags & RATINGS_KEEP_TEXT)
		r->text_off = xmalloc(1);
	int nf = 0, got;
	while ((got = tsv_next(in)) == 1) {
		if (nf == 0) {
			nf = in->nfields;
			if (nf != 3 && nf != 4) {
				tsv_error(in, "expected 3 or 4 fields (user, item, rating[, "
					      "timestamp]), found %d",
					  nf);
				goto fail;
			}
			r->ts = nf == 4 && !(flags & RATINGS_NO_TIME) ? xmalloc(1) : NULL;
		}
		if (r->n == cap)
			grow(r, &cap, r->ts != NULL);
		if (in->line > UINT32_MAX) {
			tsv_error(in, "too many lines");
			goto fail;
		}
		if (read_line(in, r, nf) < 0)
			goto fail;
		if (r->text_off)
			keep_text(r, &arena, r->n - 1, tsv_line_text(in));
		if (flags & RATINGS_FINGERPRINT) {
			const char *text = tsv_line_text(in);
			r->crc = (uint32_t)crc32(crc32(r->crc, (const Bytef *)text, (uInt)strlen(text)),
						 (const Bytef *)"\n", 1);
		}
	}
	if (got < 0)
		goto fail;
	if (r->n == 0) {
		error("%s: no ratings (empty file)", in->name);
		goto fail;
	}
	if (tsv_close(in) < 0) {
		ratings_free(r);
		return NULL;
	}
	renumber(r);
	if (check_unique(r) < 0) {
		ratings_free(r);
		return NULL;
	}
	return r;
fail:
	tsv_close(in);
	ratings_free(r);
	return NULL;
}

/* The first two ratings of (user u, item i), for the error message: a
 * scan of all ratings, on the error path only. */
static void find_pair(const struct ratings *r, uint32_t u, uint32_t i, uint64_t *first,
		      uint64_t *second)
{
	int seen = 0;
	for (uint64_t t = 0; t < r->n && seen < 2; t++)
		if (r->user[t] == u && r->item[t] == i)
			*(seen++ ? second : first) = t;
}

struct spm *ratings_to_csr(const struct ratings *r)
{
	struct spm *a =
		spm_build(r->users->n, r->items->n, r->n, r->user, r->item, r->value, NULL);
	uint32_t row;
	int64_t k = spm_find_duplicate(a, &row);
	if (k >= 0) {
		uint64_t first = 0, second = 0;
		find_pair(r, row, a->indices[k], &first, &second);
		error("%s:%llu: duplicate rating for user %u, item %u (first at line %llu)", r->name,
		      (unsigned long long)second + 1, r->users->ext[row],
		      r->items->ext[a->indices[k]], (unsigned long long)first + 1);
		spm_free(a);
		return NULL;
	}
	return a;
}

void ratings_free(struct ratings *r)
{
	if (!r)
		return;
	free(r->user);
	free(r->item);
	free(r->value);
	free(r->ts);
	free(r->text);
	free(r->text_off);
	idmap_free(r->users);
	idmap_free(r->items);
	free(r->name);
	free(r);
}
