#include "ratings.h"
#include "bin.h"
#include "err.h"
#include "out.h"
#include "tsv.h"

#include <math.h>
#include <stdio.h>
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

int ratings_parse_line(struct tsv *in, int nf, uint32_t *u, uint32_t *i, double *v, int64_t *ts)
{
	*ts = 0;
	if (tsv_need(in, nf) < 0 || tsv_u32(in, 0, "user id", u) < 0 ||
	    tsv_u32(in, 1, "item id", i) < 0 || tsv_double(in, 2, "rating", -1e30, 1e30, v) < 0 ||
	    (nf == 4 && tsv_i64(in, 3, "timestamp", 0, INT64_MAX, ts) < 0))
		return -1;
	return 0;
}

static int read_line(struct tsv *in, struct ratings *r, int nf, const struct share *sh)
{
	uint32_t u, i;
	double v;
	int64_t ts;
	if (ratings_parse_line(in, nf, &u, &i, &v, &ts) < 0)
		return -1;
	if (sh->parts && ratings_part(u, sh->parts) != sh->part)
		return 0;
	if (r->line)
		r->line[r->n] = (uint32_t)in->line;
	uint64_t t = r->n++;
	/* files are often grouped by user: skip the hash for a repeated one */
	int64_t ui = t > 0 && r->users->ext[r->user[t - 1]] == u ? r->user[t - 1]
								 : idmap_add(r->users, u);
	int64_t ii = idmap_add(r->items, i);
	if (ui < 0 || ii < 0)
		return tsv_error(in, "more than %u distinct %s", IDMAP_MAX,
				 ui < 0 ? "users" : "items");
	r->user[t] = (uint32_t)ui;
	r->item[t] = (uint32_t)ii;
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
	uint32_t *stamp = xcalloc(n ? n : 1, sizeof *stamp),
		 *first = xmallocarray(n ? n : 1, sizeof *first);
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
	uint64_t line = r->line ? r->line[dup] : dup + 1;
	uint64_t first_line = r->line ? r->line[dup_first] : dup_first + 1;
	return error("%s:%llu: duplicate rating for user %u, item %u (first at line %llu)", r->name,
		     (unsigned long long)line, r->users->ext[r->user[dup]],
		     r->items->ext[r->item[dup]], (unsigned long long)first_line);
}

static struct ratings *read_bin(const char *path, unsigned flags);
static struct spm *csr_of_binary(const struct ratings *r);
static struct ratings *bin_share(struct ratings *all, const struct share *sh);

static struct ratings *read_share(const char *path, unsigned flags, const struct share *sh)
{
	if (ratings_is_binary(path)) {
		struct ratings *all = read_bin(path, flags);
		return all && sh->parts ? bin_share(all, sh) : all;
	}
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
				tsv_error(in,
					  "expected 3 or 4 fields (user, item, rating[, "
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
		if (flags & RATINGS_FINGERPRINT) {
			const char *text = tsv_line_text(in);
			r->crc = (uint32_t)crc32(
				crc32(r->crc, (const Bytef *)text, (uInt)strlen(text)),
				(const Bytef *)"\n", 1);
		}
	}
	if (got < 0)
		goto fail;
	if (lines == 0 && !(flags & RATINGS_EMPTY_OK)) {
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
	if (r->file) /* checked when read: sorted, no pair twice */
		return csr_of_binary(r);
	struct spm *a = spm_build(r->users->n, r->items->n, r->n, r->user, r->item, r->value, NULL);
	uint32_t row;
	int64_t k = spm_find_duplicate(a, &row);
	if (k >= 0) {
		uint64_t first = 0, second = 0;
		find_pair(r, row, a->indices[k], &first, &second);
		uint64_t l2 = r->line ? r->line[second] : second + 1;
		uint64_t l1 = r->line ? r->line[first] : first + 1;
		error("%s:%llu: duplicate rating for user %u, item %u (first at line %llu)",
		      r->name, (unsigned long long)l2, r->users->ext[row],
		      r->items->ext[a->indices[k]], (unsigned long long)l1);
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
	if (!r->file) { /* else these live in the mapping */
		free(r->item);
		free(r->value);
		free(r->ts);
	}
	bin_free(r->file);
	free(r->text);
	free(r->text_off);
	free(r->line);
	idmap_free(r->users);
	idmap_free(r->items);
	free(r->name);
	free(r);
}

/*
 * The binary form (docs/FORMATS.md, "binary ratings").  Sections, all
 * vectors: dims (u64: m, n, nnz), user_ids and item_ids (u32, strictly
 * ascending), indptr (u64, m + 1), items (u32) and ratings (f32), nnz
 * each, CSR by user; timestamps (u64, nnz) when the ratings have them.
 */
static int bin_fault(const struct ratings *r, const char *fmt, uint64_t a, uint64_t b)
{
	char what[160];
	snprintf(what, sizeof what, fmt, (unsigned long long)a, (unsigned long long)b);
	return error("%s: %s", r->name, what);
}

static int check_ids(const struct ratings *r, const uint32_t *ids, uint64_t count, const char *what)
{
	for (uint64_t j = 1; j < count; j++)
		if (ids[j] <= ids[j - 1])
			return error("%s: %s ids not strictly ascending (%u after %u)", r->name,
				     what, ids[j], ids[j - 1]);
	return 0;
}

/* Every structural rule of the CSR, and each rating finite. */
static int check_csr(const struct ratings *r, const uint32_t *uid, const uint32_t *iid, uint64_t m,
		     uint64_t n)
{
	const uint64_t *ip = r->indptr;
	if (ip[0] != 0 || ip[m] != r->n)
		return bin_fault(
			r, "indptr runs from %llu to %llu, not from 0 to the number of ratings",
			ip[0], ip[m]);
	unsigned char *used = xcalloc(n, 1);
	int rc = 0;
	for (uint64_t u = 0; u < m && rc == 0; u++) {
		if (ip[u + 1] <= ip[u]) {
			rc = ip[u + 1] < ip[u]
				     ? bin_fault(r, "indptr decreases at user index %llu%.0llu", u,
						 0)
				     : error("%s: user %u has no ratings", r->name, uid[u]);
			break;
		}
		for (uint64_t t = ip[u]; t < ip[u + 1]; t++) {
			uint32_t i = r->item[t];
			if (i >= n) {
				rc = bin_fault(r, "item index %llu out of range (%llu items)", i,
					       n);
				break;
			}
			if (t > ip[u] && i <= r->item[t - 1]) {
				rc = i == r->item[t - 1]
					     ? error("%s: duplicate rating for user %u, item %u",
						     r->name, uid[u], iid[i])
					     : error("%s: items of user %u not ascending (%u after %u)",
						     r->name, uid[u], iid[i], iid[r->item[t - 1]]);
				break;
			}
			if (!isfinite(r->value[t])) {
				rc = error("%s: rating %llu of user %u is not finite", r->name,
					   (unsigned long long)t + 1, uid[u]);
				break;
			}
			used[i] = 1;
		}
	}
	for (uint64_t i = 0; i < n && rc == 0; i++)
		if (!used[i])
			rc = error("%s: item %u has no ratings", r->name, iid[i]);
	free(used);
	return rc;
}

static int read_bin_sections(struct ratings *r, unsigned flags)
{
	const struct bin *b = r->file;
	const struct bin_section *d = bin_get(b, "dims", BIN_U64, 3, 1);
	if (!d)
		return -1;
	const uint64_t *dims = d->data;
	uint64_t m = dims[0], n = dims[1];
	r->n = dims[2];
	if (m == 0 || n == 0 || r->n == 0)
		return error("%s: no ratings (empty file)", r->name);
	if (m > IDMAP_MAX || n > IDMAP_MAX || r->n > UINT32_MAX)
		return error("%s: too many ratings, users or items", r->name);
	const struct bin_section *us = bin_get(b, "user_ids", BIN_U32, m, 1),
				 *is = us ? bin_get(b, "item_ids", BIN_U32, n, 1) : NULL,
				 *ps = is ? bin_get(b, "indptr", BIN_U64, m + 1, 1) : NULL,
				 *xs = ps ? bin_get(b, "items", BIN_U32, r->n, 1) : NULL,
				 *vs = xs ? bin_get(b, "ratings", BIN_F32, r->n, 1) : NULL;
	if (!vs)
		return -1;
	const uint32_t *uid = us->data, *iid = is->data;
	r->indptr = ps->data;
	r->item = (uint32_t *)xs->data;
	r->value = (float *)vs->data;
	if (check_ids(r, uid, m, "user") < 0 || check_ids(r, iid, n, "item") < 0 ||
	    check_csr(r, uid, iid, m, n) < 0)
		return -1;
	if (bin_find(b, "timestamps") && !(flags & RATINGS_NO_TIME)) {
		const struct bin_section *ts = bin_get(b, "timestamps", BIN_U64, r->n, 1);
		if (!ts)
			return -1;
		r->ts = (int64_t *)ts->data;
		for (uint64_t t = 0; t < r->n; t++)
			if (r->ts[t] < 0)
				return error("%s: timestamp of rating %llu out of range", r->name,
					     (unsigned long long)t + 1);
	}
	r->users = idmap_from(uid, (uint32_t)m);
	r->items = idmap_from(iid, (uint32_t)n);
	if (flags & RATINGS_NO_USERS)
		return 0;
	r->user = xmallocarray(r->n, sizeof *r->user);
	for (uint64_t u = 0; u < m; u++)
		for (uint64_t t = r->indptr[u]; t < r->indptr[u + 1]; t++)
			r->user[t] = (uint32_t)u;
	return 0;
}

static struct ratings *read_bin(const char *path, unsigned flags)
{
	struct ratings *r = xcalloc(1, sizeof *r);
	r->name = xstrdup(path);
	if (!(r->file = bin_map(path, BIN_RATINGS)) || read_bin_sections(r, flags) < 0) {
		ratings_free(r);
		return NULL;
	}
	/* a binary file's fingerprint: the stored checksums of its sections,
	 * which change whenever its contents do */
	if (flags & RATINGS_FINGERPRINT)
		r->crc = (uint32_t)crc32(0, (const Bytef *)r->file->crcs,
					 (uInt)(r->file->nsections * sizeof *r->file->crcs));
	return r;
}

int ratings_is_binary(const char *path)
{
	if (strcmp(path, "-") == 0)
		return 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0; /* tsv_open() says why */
	unsigned char head[8];
	size_t got = fread(head, 1, sizeof head, fp);
	fclose(fp);
	return bin_is_binary(head, got);
}

static struct spm *csr_of_binary(const struct ratings *r)
{
	struct spm *a = xcalloc(1, sizeof *a);
	a->m = r->users->n;
	a->n = r->items->n;
	a->nnz = r->n;
	a->indptr = xmallocarray((size_t)a->m + 1, sizeof *a->indptr);
	a->indices = xmallocarray(r->n, sizeof *a->indices);
	a->data = xmallocarray(r->n, sizeof *a->data);
	memcpy(a->indptr, r->indptr, ((size_t)a->m + 1) * sizeof *a->indptr);
	memcpy(a->indices, r->item, r->n * sizeof *a->indices);
	memcpy(a->data, r->value, r->n * sizeof *a->data);
	return a;
}

void ratings_put_line(struct out *o, const struct ratings *r, uint64_t t)
{
	out_u64(o, r->users->ext[r->user[t]]);
	out_putc(o, '\t');
	out_u64(o, r->items->ext[r->item[t]]);
	out_putc(o, '\t');
	out_f32(o, r->value[t]);
	if (r->ts) {
		out_putc(o, '\t');
		out_u64(o, (uint64_t)r->ts[t]);
	}
	out_putc(o, '\n');
}

/* Commit o now, or hand it to the caller through pending. */
static int finish(struct out *o, struct out **pending)
{
	if (!pending)
		return out_close(o);
	*pending = o;
	return 0;
}

static int write_text(const char *path, const struct ratings *r, const unsigned char *mark,
		      unsigned char want, struct out **pending)
{
	struct out *o = out_open(path);
	if (!o)
		return -1;
	for (uint64_t t = 0; t < r->n; t++) {
		if (mark && mark[t] != want)
			continue;
		if (r->text) {
			out_puts(o, r->text + r->text_off[t]);
			out_putc(o, '\n');
		} else {
			ratings_put_line(o, r, t);
		}
	}
	return finish(o, pending);
}

/* A dense renumbering of the flagged entries of used[0..count): new[j],
 * and their external ids in order; returns how many. */
static uint32_t compact(const unsigned char *used, uint32_t count, const uint32_t *ext,
			uint32_t *renum, uint32_t *ids)
{
	uint32_t k = 0;
	for (uint32_t j = 0; j < count; j++) {
		renum[j] = k;
		if (used[j])
			ids[k++] = ext[j];
	}
	return k;
}

static int write_binary(const char *path, const struct ratings *r, const unsigned char *mark,
			unsigned char want, struct out **pending)
{
	uint32_t m0 = r->users->n, n0 = r->items->n;
	unsigned char *uu = xcalloc(m0, 1), *iu = xcalloc(n0, 1);
	uint64_t nnz = 0;
	for (uint64_t t = 0; t < r->n; t++)
		if (!mark || mark[t] == want) {
			uu[r->user[t]] = iu[r->item[t]] = 1;
			nnz++;
		}
	if (nnz == 0) {
		free(uu);
		free(iu);
		return error("%s: no ratings to write", path);
	}
	uint32_t *ur = xmallocarray(m0, sizeof *ur), *ir = xmallocarray(n0, sizeof *ir);
	uint32_t *uid = xmallocarray(m0, sizeof *uid), *iid = xmallocarray(n0, sizeof *iid);
	uint32_t m = compact(uu, m0, r->users->ext, ur, uid);
	uint32_t n = compact(iu, n0, r->items->ext, ir, iid);
	free(uu);
	free(iu);
	uint32_t *rows = xmallocarray(nnz, sizeof *rows), *cols = xmallocarray(nnz, sizeof *cols);
	float *vals = xmallocarray(nnz, sizeof *vals);
	uint64_t *which = xmallocarray(nnz, sizeof *which), k = 0;
	for (uint64_t t = 0; t < r->n; t++)
		if (!mark || mark[t] == want) {
			rows[k] = ur[r->user[t]];
			cols[k] = ir[r->item[t]];
			vals[k] = r->value[t];
			which[k++] = t;
		}
	free(ur);
	free(ir);
	uint32_t *perm;
	struct spm *a = spm_build(m, n, nnz, rows, cols, vals, &perm);
	free(rows);
	free(cols);
	free(vals);
	uint32_t row;
	int rc = 0;
	int64_t dup = spm_find_duplicate(a, &row);
	if (dup >= 0)
		rc = error("%s: duplicate rating for user %u, item %u", r->name, uid[row],
			   iid[a->indices[dup]]);
	uint64_t *ts = NULL;
	if (rc == 0 && r->ts) {
		ts = xmallocarray(nnz, sizeof *ts);
		for (uint64_t j = 0; j < nnz; j++)
			ts[j] = (uint64_t)r->ts[which[perm[j]]];
	}
	free(which);
	free(perm);
	uint64_t dims[3] = {m, n, nnz};
	struct bin_section secs[] = {
		{"dims", BIN_U64, 3, 1, dims, sizeof dims},
		{"user_ids", BIN_U32, m, 1, uid, (uint64_t)m * 4},
		{"item_ids", BIN_U32, n, 1, iid, (uint64_t)n * 4},
		{"indptr", BIN_U64, (uint64_t)m + 1, 1, a->indptr, ((uint64_t)m + 1) * 8},
		{"items", BIN_U32, nnz, 1, a->indices, nnz * 4},
		{"ratings", BIN_F32, nnz, 1, a->data, nnz * 4},
		{"timestamps", BIN_U64, nnz, 1, ts, nnz * 8},
	};
	struct out *o = rc == 0 ? bin_write_open(path, BIN_RATINGS, secs, ts ? 7 : 6) : NULL;
	if (o)
		rc = finish(o, pending);
	else
		rc = -1;
	free(ts);
	free(uid);
	free(iid);
	spm_free(a);
	return rc;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);
	return n >= k && strcmp(s + n - k, tail) == 0;
}

int ratings_write(const char *path, const struct ratings *r, const unsigned char *mark,
		  unsigned char want, struct out **pending)
{
	return ends_with(path, ".bin") ? write_binary(path, r, mark, want, pending)
				       : write_text(path, r, mark, want, pending);
}

/* The share of a binary file's users, copied out of the mapping and
 * numbered as read_share() numbers a TSV share: ascending external ids of
 * the users and items it holds. */
static struct ratings *bin_share(struct ratings *all, const struct share *sh)
{
	struct ratings *r = xcalloc(1, sizeof *r);
	r->name = xstrdup(all->name);
	r->users = idmap_new();
	r->items = idmap_new();
	uint32_t m = all->users->n;
	for (uint32_t u = 0; u < m; u++)
		if (ratings_part(all->users->ext[u], sh->parts) == sh->part)
			r->n += all->indptr[u + 1] - all->indptr[u];
	r->user = xmallocarray(r->n + 1, sizeof *r->user);
	r->item = xmallocarray(r->n + 1, sizeof *r->item);
	r->value = xmallocarray(r->n + 1, sizeof *r->value);
	r->ts = all->ts ? xmallocarray(r->n + 1, sizeof *r->ts) : NULL;
	uint64_t j = 0;
	for (uint32_t u = 0; u < m; u++) {
		uint32_t ext = all->users->ext[u];
		if (ratings_part(ext, sh->parts) != sh->part)
			continue;
		/* a subset of all's ids: never more than the map holds */
		uint32_t nu = (uint32_t)idmap_add(r->users, ext);
		for (uint64_t t = all->indptr[u]; t < all->indptr[u + 1]; t++, j++) {
			r->user[j] = nu;
			r->item[j] = (uint32_t)idmap_add(r->items, all->items->ext[all->item[t]]);
			r->value[j] = all->value[t];
			if (r->ts)
				r->ts[j] = all->ts[t];
		}
	}
	r->crc = all->crc;
	ratings_free(all);
	renumber(r);
	return r;
}
