#include "als_dist.h"
#include "dist.h"
#include "err.h"
#include "metrics.h"
#include "rng.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <gsl/gsl_randist.h>
#include <omp.h>

/* A rating on its way to its owners: global dense indices. */
struct triple {
	uint32_t u, i;
	float v;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Sorted distinct values of v[0..n) in place; returns how many. */
static uint32_t sort_unique(uint32_t *v, uint64_t n)
{
	qsort(v, n, sizeof *v, cmp_u32);
	uint64_t out = 0;
	for (uint64_t t = 0; t < n; t++)
		if (out == 0 || v[out - 1] != v[t])
			v[out++] = v[t];
	return (uint32_t)out;
}

static uint32_t find(const uint32_t *v, uint32_t n, uint32_t x)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The union of every rank's ids, ascending: the global dense index. */
static uint32_t *union_ids(struct ratings *const *parts, int nparts, int users, uint32_t *n)
{
	int P = dist_size();
	uint64_t mine = 0, *counts = xcalloc((size_t)P, sizeof *counts), total = 0;
	for (int j = 0; j < nparts; j++)
		mine += users ? parts[j]->users->n : parts[j]->items->n;
	uint32_t *local = xmallocarray(mine + 1, sizeof *local);
	uint64_t at = 0;
	for (int j = 0; j < nparts; j++) {
		const struct idmap *m = users ? parts[j]->users : parts[j]->items;
		memcpy(local + at, m->ext, (size_t)m->n * sizeof *local);
		at += m->n;
	}
	mine = sort_unique(local, mine);
	counts[dist_rank()] = mine;
	dist_sum_u64(counts, (size_t)P);
	for (int r = 0; r < P; r++)
		total += counts[r];
	uint32_t *all = xmallocarray(total + 1, sizeof *all);
	dist_allgatherv(local, mine, all, counts, sizeof *all);
	*n = sort_unique(all, total);
	free(local);
	free(counts);
	return all;
}

/* Rank r's blocks [first[r], first[r + 1]) of `rows` rows: contiguous,
 * about equal in work (blocks counted on every rank, summed exactly).  A
 * row's solve costs about k/2 ratings' (docs/ALS.md: (s + 1) 2k^2 against
 * (4s + 2) k flops), so a block weighs its ratings plus k/2 per row. */
static uint32_t *split_blocks(const uint64_t *per_block, uint32_t blocks, uint32_t rows, uint32_t k)
{
	int P = dist_size();
	uint32_t *first = xmallocarray((size_t)P + 1, sizeof *first);
	uint64_t acc = 0, total = 0, *w = xmallocarray((size_t)blocks + 1, sizeof *w);
	for (uint32_t b = 0; b < blocks; b++) {
		uint32_t n = rows - b * ALS_BLOCK < ALS_BLOCK ? rows - b * ALS_BLOCK : ALS_BLOCK;
		total += w[b] = per_block[b] + (uint64_t)n * (k / 2);
	}
	uint32_t b = 0;
	first[0] = 0;
	for (int r = 1; r < P; r++) {
		uint64_t goal = total / (uint64_t)P * (uint64_t)r;
		while (b < blocks && acc + w[b] / 2 < goal)
			acc += w[b++];
		first[r] = b;
	}
	first[P] = blocks;
	free(w);
	return first;
}

/* The rank owning block `block` (first as split_blocks() gives it). */
static int owner(const uint32_t *first, uint32_t block)
{
	int lo = 0, hi = dist_size() - 1;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		if (first[mid] <= block)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* Rank r's rows of a side: [row_of(first[r]), row_of(first[r + 1])). */
static uint32_t row_of(uint32_t block, uint32_t rows)
{
	uint64_t r = (uint64_t)block * ALS_BLOCK;
	return r < rows ? (uint32_t)r : rows;
}

/* The ratings a rank sends at start-up, a chunk at a time: its share's
 * parts (their dense indices made global through um and im), or its own
 * users' rows R (columns global item indices). */
struct source {
	struct ratings *const *parts;
	uint32_t **um, **im;
	int nparts;
	const struct spm *R;
	uint32_t u0;
	int j;      /* part, or R's row */
	uint64_t t; /* rating within the part, or within R */
};

static uint64_t fill(struct source *s, struct triple *buf, uint64_t max)
{
	uint64_t n = 0;
	if (s->R) {
		for (; n < max && s->t < s->R->nnz; s->t++) {
			while (s->R->indptr[s->j + 1] <= s->t)
				s->j++;
			buf[n++] = (struct triple){s->u0 + (uint32_t)s->j, s->R->indices[s->t],
						   s->R->data[s->t]};
		}
		return n;
	}
	while (n < max && s->j < s->nparts) {
		const struct ratings *r = s->parts[s->j];
		if (s->t == r->n) {
			s->j++;
			s->t = 0;
			continue;
		}
		buf[n++] = (struct triple){s->um[s->j][r->user[s->t]], s->im[s->j][r->item[s->t]],
					   r->value[s->t]};
		s->t++;
	}
	return n;
}

/* Triples sent a round at a time (1.5 MB a rank), so that start-up holds
 * little more than the source and the matrix being built. */
#define ROUND (1u << 17)

/*
 * The own rows of side (0: users, R; 1: items, Rt) from every rank's
 * source, columns global indices, entries by ascending column.  Each
 * own row's length first (a sum of integer counts over ranks), so that
 * the matrix is allocated once at its size; then the triples in rounds of
 * ROUND a rank, each scattered into its row as it arrives; then each row
 * sorted, since rows arrive in pieces from several ranks.
 */
static struct spm *gather_rows(const struct als_dist *d, int side, struct source *src)
{
	int P = dist_size();
	const uint32_t *first = side ? d->iblock : d->ublock;
	uint32_t rows = side ? d->n : d->m, row0 = side ? d->i0 : d->u0;
	uint32_t mine = (side ? d->i1 : d->u1) - row0;
	struct triple *buf = xmallocarray(ROUND, sizeof *buf),
		      *out = xmallocarray(ROUND, sizeof *out);
	uint32_t *cnt = xcalloc((size_t)rows + 1, sizeof *cnt),
		 *len = xmallocarray(mine + 1, sizeof *len);
	uint64_t local = 0, *per = xmallocarray((size_t)P, sizeof *per);
	for (uint64_t got; (got = fill(src, buf, ROUND)) > 0; local += got)
		for (uint64_t j = 0; j < got; j++)
			cnt[side ? buf[j].i : buf[j].u]++;
	src->j = 0;
	src->t = 0;
	for (int r = 0; r < P; r++)
		per[r] = row_of(first[r + 1], rows) - row_of(first[r], rows);
	dist_sum_scatter_u32(cnt, len, per);
	free(cnt);
	struct spm *a = xcalloc(1, sizeof *a);
	a->m = mine;
	a->n = side ? d->m : d->n;
	a->indptr = xmallocarray((size_t)mine + 1, sizeof *a->indptr);
	a->indptr[0] = 0;
	for (uint32_t r = 0; r < mine; r++)
		a->indptr[r + 1] = a->indptr[r] + len[r];
	a->nnz = a->indptr[mine];
	a->indices = xmallocarray(a->nnz + 1, sizeof *a->indices);
	a->data = xmallocarray(a->nnz + 1, sizeof *a->data);
	free(len);
	uint64_t *cur = xmallocarray((size_t)mine + 1, sizeof *cur);
	memcpy(cur, a->indptr, (size_t)mine * sizeof *cur);
	uint64_t rounds = dist_max_u64((local + ROUND - 1) / ROUND), cap = 0;
	uint64_t *sc = xmallocarray((size_t)P, sizeof *sc),
		 *rc = xmallocarray((size_t)P, sizeof *rc);
	uint64_t *at = xmallocarray((size_t)P + 1, sizeof *at);
	int *dest = xmallocarray(ROUND, sizeof *dest);
	struct triple *got = NULL;
	for (uint64_t round = 0; round < rounds; round++) {
		uint64_t n = fill(src, buf, ROUND), ngot = 0;
		memset(sc, 0, (size_t)P * sizeof *sc);
		for (uint64_t j = 0; j < n; j++)
			sc[dest[j] = owner(first, (side ? buf[j].i : buf[j].u) / ALS_BLOCK)]++;
		at[0] = 0;
		for (int r = 0; r < P; r++)
			at[r + 1] = at[r] + sc[r];
		for (uint64_t j = 0; j < n; j++)
			out[at[dest[j]]++] = buf[j];
		dist_alltoall_counts(sc, rc);
		for (int r = 0; r < P; r++)
			ngot += rc[r];
		if (ngot > cap) {
			free(got);
			got = xmallocarray(cap = ngot, sizeof *got);
		}
		dist_alltoallv(out, sc, got, rc, sizeof *got);
		for (uint64_t j = 0; j < ngot; j++) {
			uint64_t q = cur[(side ? got[j].i : got[j].u) - row0]++;
			a->indices[q] = side ? got[j].u : got[j].i;
			a->data[q] = got[j].v;
		}
	}
	free(got);
	free(dest);
	free(at);
	free(sc);
	free(rc);
	free(cur);
	free(per);
	free(buf);
	free(out);
	spm_sort_rows(a);
	return a;
}

/* A's columns renumbered to the ascending distinct rows that they and the
 * own rows [own0, own1) of the other side name: *need gets those, *own_at
 * where the own rows start. */
static void renumber(struct spm *a, uint32_t own0, uint32_t own1, uint32_t **need, uint32_t *nneed,
		     uint32_t *own_at)
{
	uint32_t *map = xcalloc((size_t)a->n + 1, sizeof *map);
	for (uint64_t t = 0; t < a->nnz; t++)
		map[a->indices[t]] = 1;
	for (uint32_t c = own0; c < own1; c++)
		map[c] = 1;
	uint32_t n = 0;
	for (uint32_t c = 0; c < a->n; c++)
		n += map[c];
	*need = xmallocarray((size_t)n + 1, sizeof **need);
	*nneed = n;
	n = 0;
	*own_at = 0;
	for (uint32_t c = 0; c < a->n; c++)
		if (map[c]) {
			if (c == own0)
				*own_at = n;
			(*need)[n] = c;
			map[c] = n++;
		}
	if (own0 == own1) /* no own rows: where they would be */
		for (*own_at = 0; *own_at < n && (*need)[*own_at] < own0; (*own_at)++)
			;
	for (uint64_t t = 0; t < a->nnz; t++)
		a->indices[t] = map[a->indices[t]];
	a->n = n;
	free(map);
}

/* Who sends what each half-step: this rank's needed rows of side, asked
 * of their owners, and the own rows others ask for. */
static void plan(struct als_dist *d, int side)
{
	int P = dist_size(), me = dist_rank();
	const uint32_t *first = side ? d->iblock : d->ublock;
	uint64_t *ask = xcalloc((size_t)P, sizeof *ask), *asked = xcalloc((size_t)P, sizeof *asked);
	uint64_t *at = xcalloc((size_t)P + 1, sizeof *at);
	for (uint32_t j = 0; j < d->nneed[side]; j++)
		ask[owner(first, d->need[side][j] / ALS_BLOCK)]++;
	dist_alltoall_counts(ask, asked);
	uint64_t total = 0;
	for (int r = 0; r < P; r++) {
		total += asked[r];
		at[r + 1] = at[r] + ask[r];
	}
	uint32_t *send = xmallocarray(total + 1, sizeof *send);
	dist_alltoallv(d->need[side], ask, send, asked, sizeof(uint32_t));
	uint32_t row0 = side ? d->i0 : d->u0;
	for (uint64_t j = 0; j < total; j++)
		send[j] -= row0;
	d->received[side] = d->nneed[side] - ask[me];
	d->rows[side] = xmalloc_lines((size_t)d->nneed[side] * d->k + 1, sizeof(float));
	d->xrows[side] = dist_rows_new(d->k, send, asked, ask, at);
	if (d->with_bias) {
		d->bias[side] = xmallocarray((size_t)d->nneed[side] + 1, sizeof(float));
		d->xbias[side] = dist_rows_new(1, send, asked, ask, at);
	}
	free(send);
	free(ask);
	free(asked);
	free(at);
}

static const float *ex_rows(void *ctx, int side, const float *own, const float *own_bias,
			    const float **bias)
{
	struct als_dist *d = ctx;
	double t0 = omp_get_wtime();
	dist_rows_run(d->xrows[side], own, d->rows[side]);
	if (d->with_bias)
		dist_rows_run(d->xbias[side], own_bias, d->bias[side]);
	d->waited += omp_get_wtime() - t0;
	*bias = d->with_bias ? d->bias[side] : NULL;
	return d->rows[side];
}

/* Pieces of a chain passed on at once, so that ranks add in a pipeline. */
#define CHAIN_PIECE 512

/* The block chain (als.h) as a relay: rank r receives the running sum of
 * the blocks before its own from rank r - 1, adds its blocks in order and
 * passes it on; the last rank's sum is every block's, sent to all.  The
 * additions are one process's, in its order, whatever the ranks. */
static void ex_chain(void *ctx, int side, const void *mine, uint32_t width, int is_double,
		     void *sum)
{
	struct als_dist *d = ctx;
	int P = dist_size(), me = dist_rank();
	const uint32_t *first = side ? d->iblock : d->ublock;
	uint32_t blocks = first[me + 1] - first[me];
	size_t size = is_double ? sizeof(double) : sizeof(float);
	double t0 = omp_get_wtime();
	memset(sum, 0, width * size);
	for (uint32_t c0 = 0; c0 < width; c0 += CHAIN_PIECE) {
		uint32_t len = width - c0 < CHAIN_PIECE ? width - c0 : CHAIN_PIECE;
		char *at = (char *)sum + c0 * size;
		if (me > 0)
			dist_recv(at, len * size, me - 1);
		for (uint32_t b = 0; b < blocks; b++) {
			size_t from = (size_t)b * width + c0;
			if (is_double)
				for (uint32_t j = 0; j < len; j++)
					((double *)at)[j] += ((const double *)mine)[from + j];
			else
				for (uint32_t j = 0; j < len; j++)
					((float *)at)[j] += ((const float *)mine)[from + j];
		}
		if (me < P - 1)
			dist_send(at, len * size, me + 1);
	}
	dist_bcast(sum, width * size, P - 1);
	d->waited += omp_get_wtime() - t0;
}

static int ex_any(void *ctx, int failed)
{
	struct als_dist *d = ctx;
	double t0 = omp_get_wtime();
	int any = dist_any(failed);
	d->waited += omp_get_wtime() - t0;
	return any;
}

/* A (user, item) pair twice across parts (each part was checked alone):
 * the first such in R, on every rank, or 0. */
static int duplicate(const struct als_dist *d)
{
	uint32_t row;
	int64_t at = spm_find_duplicate(d->R, &row);
	int bad = at >= 0;
	if (bad)
		error("duplicate rating for user %u, item %u (in two parts)",
		      d->user_ids[d->u0 + row], d->item_ids[d->R->indices[at]]);
	return dist_any(bad);
}

struct als_dist *als_dist_new(struct ratings *const *parts, int nparts, uint32_t k, int explicit_)
{
	struct als_dist *d = xcalloc(1, sizeof *d);
	int me = dist_rank();
	d->k = k;
	d->with_bias = explicit_ != 0;
	d->user_ids = union_ids(parts, nparts, 1, &d->m);
	d->item_ids = union_ids(parts, nparts, 0, &d->n);
	uint32_t ubn = (d->m + ALS_BLOCK - 1) / ALS_BLOCK, ibn = (d->n + ALS_BLOCK - 1) / ALS_BLOCK;
	uint64_t *ub = xcalloc((size_t)ubn + 1, sizeof *ub),
		 *ib = xcalloc((size_t)ibn + 1, sizeof *ib);
	struct source src = {.parts = parts, .nparts = nparts};
	src.um = xmallocarray((size_t)nparts + 1, sizeof *src.um);
	src.im = xmallocarray((size_t)nparts + 1, sizeof *src.im);
	for (int j = 0; j < nparts; j++) {
		const struct ratings *r = parts[j];
		uint32_t *um = src.um[j] = xmallocarray(r->users->n + 1, sizeof *um);
		uint32_t *im = src.im[j] = xmallocarray(r->items->n + 1, sizeof *im);
		for (uint32_t x = 0; x < r->users->n; x++)
			um[x] = find(d->user_ids, d->m, r->users->ext[x]);
		for (uint32_t x = 0; x < r->items->n; x++)
			im[x] = find(d->item_ids, d->n, r->items->ext[x]);
		for (uint64_t q = 0; q < r->n; q++) {
			ub[um[r->user[q]] / ALS_BLOCK]++;
			ib[im[r->item[q]] / ALS_BLOCK]++;
		}
	}
	dist_sum_u64(ub, ubn);
	dist_sum_u64(ib, ibn);
	for (uint32_t b = 0; b < ubn; b++)
		d->nnz += ub[b];
	d->ublock = split_blocks(ub, ubn, d->m, k);
	d->iblock = split_blocks(ib, ibn, d->n, k);
	free(ub);
	free(ib);
	d->u0 = row_of(d->ublock[me], d->m);
	d->u1 = row_of(d->ublock[me + 1], d->m);
	d->i0 = row_of(d->iblock[me], d->n);
	d->i1 = row_of(d->iblock[me + 1], d->n);
	d->R = gather_rows(d, 0, &src);
	for (int j = 0; j < nparts; j++) { /* R says it all now */
		ratings_free(parts[j]);
		free(src.um[j]);
		free(src.im[j]);
	}
	free(src.um);
	free(src.im);
	free((void *)parts);
	if (duplicate(d)) {
		als_dist_free(d);
		return NULL;
	}
	struct source own = {.R = d->R, .u0 = d->u0};
	d->Rt = gather_rows(d, 1, &own);
	d->own_nnz[0] = d->R->nnz;
	d->own_nnz[1] = d->Rt->nnz;
	renumber(d->R, d->i0, d->i1, &d->need[1], &d->nneed[1], &d->own_at[1]);
	renumber(d->Rt, d->u0, d->u1, &d->need[0], &d->nneed[0], &d->own_at[0]);
	plan(d, 0);
	plan(d, 1);
	d->ex = (struct als_exchange){d, ex_rows, ex_chain, ex_any, {d->m, d->n}};
	return d;
}

void als_dist_state(const struct als_dist *d, struct als_state *s)
{
	s->m = d->u1 - d->u0;
	s->n = d->i1 - d->i0;
	s->k = d->k;
	s->X = d->rows[0] + (size_t)d->own_at[0] * d->k;
	s->Y = d->rows[1] + (size_t)d->own_at[1] * d->k;
	s->user_bias = d->with_bias ? d->bias[0] + d->own_at[0] : NULL;
	s->item_bias = d->with_bias ? d->bias[1] + d->own_at[1] : NULL;
	s->mean = 0;
}

void als_dist_init(const struct als_dist *d, struct als_state *s, const struct als_params *p)
{
	gsl_rng *rng = rng_new(p->seed);
	for (uint32_t u = 0; u < d->m; u++)
		for (uint32_t q = 0; q < p->k; q++) {
			float v = (float)gsl_ran_gaussian(rng, p->init_scale);
			if (u >= d->u0 && u < d->u1)
				s->X[(size_t)(u - d->u0) * p->k + q] = v;
		}
	for (uint32_t i = 0; i < d->n; i++)
		for (uint32_t q = 0; q < p->k; q++) {
			float v = (float)gsl_ran_gaussian(rng, p->init_scale);
			if (i >= d->i0 && i < d->i1)
				s->Y[(size_t)(i - d->i0) * p->k + q] = v;
		}
	if (s->user_bias) {
		memset(s->user_bias, 0, (size_t)s->m * sizeof *s->user_bias);
		memset(s->item_bias, 0, (size_t)s->n * sizeof *s->item_bias);
	}
	gsl_rng_free(rng);
}

void als_dist_gather(const struct als_dist *d, int side, const float *own, uint32_t width,
		     float *all)
{
	int P = dist_size();
	const uint32_t *first = side ? d->iblock : d->ublock;
	uint32_t rows = side ? d->n : d->m;
	uint64_t *counts = xmallocarray((size_t)P, sizeof *counts);
	for (int r = 0; r < P; r++) {
		uint32_t a = first[r] * ALS_BLOCK, b = first[r + 1] * ALS_BLOCK;
		a = a < rows ? a : rows;
		b = b < rows ? b : rows;
		counts[r] = b - a;
	}
	dist_gatherv(own, counts[dist_rank()], all, counts, width * sizeof *own);
	free(counts);
}

void als_dist_free(struct als_dist *d)
{
	if (!d)
		return;
	free(d->user_ids);
	free(d->item_ids);
	spm_free(d->R);
	spm_free(d->Rt);
	free(d->ublock);
	free(d->iblock);
	for (int side = 0; side < 2; side++) {
		free(d->need[side]);
		free(d->rows[side]);
		free(d->bias[side]);
		dist_rows_free(d->xrows[side]);
		dist_rows_free(d->xbias[side]);
	}
	free(d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int als_dist_read(const char *path, int implicit, float *lo, float *hi, struct ratings ***parts)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	int P = dist_size(), me = dist_rank(), n = 0;
	struct stat st;
	*parts = NULL;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		DIR *dir = opendir(path);
		if (!dir)
			return error("%s:", path);
		char **names = NULL;
		int count = 0;
		for (struct dirent *e; (e = readdir(dir));)
			if (strncmp(e->d_name, "part-", 5) == 0) {
				names = xrealloc(names, (size_t)(count + 1) * sizeof *names);
				names[count] =
					xmallocarray(strlen(path) + strlen(e->d_name) + 2, 1);
				sprintf(names[count++], "%s/%s", path, e->d_name);
			}
		closedir(dir);
		if (count == 0)
			return error("%s: no part-* files", path);
		qsort(names, (size_t)count, sizeof *names, by_name);
		*parts = xmallocarray((size_t)count, sizeof **parts);
		int rc = 0;
		for (int j = 0; j < count; j++) {
			if (j % P == me && rc == 0) {
				struct ratings *r =
					ratings_read(names[j], RATINGS_NO_TIME | RATINGS_EMPTY_OK);
				rc = r ? 0 : -1;
				if (r && r->n == 0) /* reel-shard's part of no user */
					ratings_free(r);
				else if (r)
					(*parts)[n++] = r;
			}
			free(names[j]);
		}
		free(names);
		if (rc < 0)
			return -1;
	} else {
		struct ratings *r = ratings_read_share(path, RATINGS_NO_TIME | RATINGS_FINGERPRINT,
						       (uint32_t)me, (uint32_t)P);
		if (!r)
			return -1;
		*parts = xmallocarray(1, sizeof **parts);
		(*parts)[n++] = r;
	}
	for (int j = 0; j < n; j++) {
		struct ratings *r = (*parts)[j];
		free(r->line); /* read checked every line, repeated pairs too */
		r->line = NULL;
		for (uint64_t t = 0; t < r->n; t++) {
			float v = r->value[t];
			if (implicit && v < 0)
				return error(
					"%s: negative rating %g: implicit confidence 1 + alpha * r "
					"needs r >= 0",
					r->name, (double)v);
			*lo = fminf(*lo, v);
			*hi = fmaxf(*hi, v);
		}
	}
	return n;
}

void als_dist_range(float *lo, float *hi)
{
	int P = dist_size();
	float mine[2] = {*lo, *hi}, *all = xmallocarray(2 * (size_t)P, sizeof *all);
	uint64_t *two = xmallocarray((size_t)P, sizeof *two);
	for (int r = 0; r < P; r++)
		two[r] = 2;
	dist_allgatherv(mine, 2, all, two, sizeof *all);
	for (int r = 0; r < P; r++) {
		*lo = fminf(*lo, all[2 * r]);
		*hi = fmaxf(*hi, all[2 * r + 1]);
	}
	free(all);
	free(two);
}

void als_dist_drop_ratings(struct als_dist *d)
{
	spm_free(d->R);
	spm_free(d->Rt);
	d->R = d->Rt = NULL;
}

void als_dist_collect(const struct als_dist *d, const struct als_state *s, struct model *mo)
{
	als_dist_gather(d, 0, s->X, d->k, mo ? mo->X : NULL);
	als_dist_gather(d, 1, s->Y, d->k, mo ? mo->Y : NULL);
	if (d->with_bias) {
		als_dist_gather(d, 0, s->user_bias, 1, mo ? mo->user_bias : NULL);
		als_dist_gather(d, 1, s->item_bias, 1, mo ? mo->item_bias : NULL);
	}
}

void als_dist_report(const struct als_dist *d, uint64_t sent_per_iter, int iters, double seconds)
{
	struct rusage ru;
	int me = dist_rank();
	getrusage(RUSAGE_SELF, &ru);
	note("rank %d of %d: users %u..%u, items %u..%u, %llu+%llu ratings, received %llu "
	     "user and %llu item rows from others, sent %llu bytes per iteration, %.3f s "
	     "exchanging or waiting, peak RSS %.1f MB",
	     me, dist_size(), d->u0, d->u1, d->i0, d->i1, (unsigned long long)d->own_nnz[0],
	     (unsigned long long)d->own_nnz[1], (unsigned long long)d->received[0],
	     (unsigned long long)d->received[1], (unsigned long long)sent_per_iter, d->waited,
	     ru.ru_maxrss / 1024.0);
	if (me == 0)
		note("%u users, %u items, %llu ratings, %d iterations in %.3f s", d->m, d->n,
		     (unsigned long long)d->nnz, iters, seconds);
}

struct als_dist_valid {
	const struct als_dist *d;
	struct model mo;  /* own users, every item */
	struct spm train; /* own users' training items, global indices */
	struct validator *v;
	uint64_t *counts; /* item rows per rank */
};

struct als_dist_valid *als_dist_valid_new(const struct als_dist *d, const struct als_state *s,
					  const char *test_path, uint32_t K)
{
	int P = dist_size();
	struct als_dist_valid *v = xcalloc(1, sizeof *v);
	v->d = d;
	v->mo = (struct model){.kind = d->with_bias ? BIN_ALS_EXPLICIT : BIN_ALS_IMPLICIT,
			       .m = s->m,
			       .n = d->n,
			       .k = d->k,
			       .user_ids = d->user_ids + d->u0,
			       .item_ids = d->item_ids,
			       .X = s->X,
			       .user_bias = s->user_bias};
	v->mo.Y = xmalloc_lines((size_t)d->n * d->k + 1, sizeof(float));
	if (d->with_bias)
		v->mo.item_bias = xmallocarray((size_t)d->n + 1, sizeof(float));
	model_index(&v->mo);
	const struct spm *R = d->R;
	v->train = (struct spm){R->m,
				d->n,
				R->nnz,
				xmallocarray((size_t)R->m + 1, sizeof(uint64_t)),
				xmallocarray(R->nnz + 1, sizeof(uint32_t)),
				NULL};
	memcpy(v->train.indptr, R->indptr, ((size_t)R->m + 1) * sizeof(uint64_t));
	for (uint64_t t = 0; t < R->nnz; t++)
		v->train.indices[t] = d->need[1][R->indices[t]];
	v->counts = xmallocarray((size_t)P, sizeof *v->counts);
	for (int r = 0; r < P; r++)
		v->counts[r] = row_of(d->iblock[r + 1], d->n) - row_of(d->iblock[r], d->n);
	err_hold(dist_rank() != 0); /* every rank reads TEST: a fault in it told once */
	v->v = validator_new(test_path, &v->mo, &v->train, K);
	if (dist_agree(v->v == NULL)) {
		als_dist_valid_free(v);
		return NULL;
	}
	return v;
}

struct validation als_dist_valid_run(struct als_dist_valid *v, const struct als_state *s)
{
	const struct als_dist *d = v->d;
	int P = dist_size(), me = dist_rank();
	dist_allgatherv(s->Y, s->n, v->mo.Y, v->counts, d->k * sizeof(float));
	if (d->with_bias)
		dist_allgatherv(s->item_bias, s->n, v->mo.item_bias, v->counts, sizeof(float));
	v->mo.mean = s->mean;
	struct metrics_sum sum = {0};
	if (me > 0)
		dist_recv(&sum, sizeof sum, me - 1);
	validator_add(v->v, &v->mo, &sum);
	if (me < P - 1)
		dist_send(&sum, sizeof sum, me + 1);
	dist_bcast(&sum, sizeof sum, P - 1);
	double users = validator_users(v->v) ? validator_users(v->v) : 1;
	return (struct validation){sum.recall / users, sum.ndcg / users};
}

void als_dist_valid_free(struct als_dist_valid *v)
{
	if (!v)
		return;
	validator_free(v->v);
	idmap_free(v->mo.users);
	idmap_free(v->mo.items);
	free(v->mo.Y);
	free(v->mo.item_bias);
	free(v->train.indptr);
	free(v->train.indices);
	free(v->counts);
	free(v);
}
