#include "ratings.h"
#include "err.h"
#include "tsv.h"

#include <stdlib.h>
#include <string.h>

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
	if (r->line)
		r->line = xrealloc(r->line, *cap * sizeof *r->line);
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

uint32_t ratings_part(uint32_t user, uint32_t parts)
{
	uint32_t h = user * 0x9e3779b1u; /* Fibonacci hashing: ids in runs spread out */
	return (uint32_t)(((uint64_t)(h ^ h >> 15) * parts) >> 32);
}

/* The share being read: keep users of part `part` of `parts` (parts 0: all). */
struct share {
	uint32_t part, parts;
};

static int read_line(struct tsv *in, struct ratings *r, int nf, const struct share *sh)
{
	uint32_t u, i;
	double v;
	int64_t ts = 0;
	if (tsv_need(in, nf) < 0 || tsv_u32(in, 0, "user id", &u) < 0 ||
	    tsv_u32(in, 1, "item id", &i) < 0 ||
	    tsv_double(in, 2, "rating", -1e30, 1e30, &v) < 0 ||
	    (nf == 4 && tsv_i64(in, 3, "timestamp", 0, INT64_MAX, &ts) < 0))
		return -1;
	if (sh->parts && ratings_part(u, sh->parts) != sh->part)
		return 0;
	if (r->line)
		r->line[r->n] = (uint32_t)in->line;
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

static struct ratings *read_share(const char *path, unsigned flags, const struct share *sh)
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
	if (sh->parts)
		r->line = xmalloc(1);
	uint64_t lines = 0;
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
		uint64_t before = r->n;
		lines++;
		if (read_line(in, r, nf, sh) < 0)
			goto fail;
		if (r->text_off && r->n > before)
			keep_text(r, &arena, r->n - 1, tsv_line_text(in));
	}
	if (got < 0)
		goto fail;
	if (lines == 0) {
		error("%s: no ratings (empty file)", in->name);
		goto fail;
	}
	if (tsv_close(in) < 0) {
		ratings_free(r);
		return NULL;
	}
	renumber(r);
	return r;
fail:
	tsv_close(in);
	ratings_free(r);
	return NULL;
}

struct ratings *ratings_read(const char *path, unsigned flags)
{
	struct share all = {0, 0};
	return read_share(path, flags, &all);
}

struct ratings *ratings_read_share(const char *path, unsigned flags, uint32_t part, uint32_t parts)
{
	struct share sh = {part, parts};
	return read_share(path, flags, &sh);
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
		uint64_t l2 = r->line ? r->line[second] : second + 1;
		uint64_t l1 = r->line ? r->line[first] : first + 1;
		error("%s:%llu: duplicate rating for user %u, item %u (first at line %llu)", r->name,
		      (unsigned long long)l2, r->users->ext[row], r->items->ext[a->indices[k]],
		      (unsigned long long)l1);
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
	free(r->line);
	idmap_free(r->users);
	idmap_free(r->items);
	free(r->name);
	free(r);
}
