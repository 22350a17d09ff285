#include "als_dist.h"
#include "dist.h"
#include "err.h"
#include "rng.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <gsl/gsl_randist.h>

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

static int owner(const uint32_t *first, uint32_t block)
{
	int r = 0;
	while (first[r + 1] <= block)
		r++;
	return r;
}

/* The own rows' CSR from the triples received (freed here, to keep the
 * start-up peak low), columns renumbered to the distinct column indices
 * (ascending): *need gets those. */
static struct spm *own_csr(struct triple *t, uint64_t cnt, int by_item, uint32_t row0,
			   uint32_t rows, uint32_t **need, uint32_t *nneed)
{
	uint32_t *r = xmallocarray(cnt + 1, sizeof *r), *c = xmallocarray(cnt + 1, sizeof *c);
	uint32_t *cols = xmallocarray(cnt + 1, sizeof *cols);
	float *v = xmallocarray(cnt + 1, sizeof *v);
	for (uint64_t j = 0; j < cnt; j++) {
		r[j] = (by_item ? t[j].i : t[j].u) - row0;
		cols[j] = by_item ? t[j].u : t[j].i;
		v[j] = t[j].v;
	}
	free(t);
	memcpy(c, cols, cnt * sizeof *c);
	*nneed = sort_unique(cols, cnt);
	for (uint64_t j = 0; j < cnt; j++)
		c[j] = find(cols, *nneed, c[j]);
	struct spm *a = spm_build(rows, *nneed, cnt, r, c, v, NULL);
	*need = cols;
	free(r);
	free(c);
	free(v);
	return a;
}

/* The triples t to their ranks dest; with last set, t and dest are freed
 * once packed. */
static void send_triples(struct triple *t, uint64_t n, int *dest, int last, struct triple **got,
			 uint64_t *ngot)
{
	int P = dist_size();
	uint64_t *sc = xcalloc((size_t)P, sizeof *sc), *rc = xcalloc((size_t)P, sizeof *rc);
	uint64_t *at = xcalloc((size_t)P + 1, sizeof *at);
	for (uint64_t j = 0; j < n; j++)
		sc[dest[j]]++;
	for (int r = 0; r < P; r++)
		at[r + 1] = at[r] + sc[r];
	struct triple *buf = xmallocarray(n + 1, sizeof *buf);
	for (uint64_t j = 0; j < n; j++)
		buf[at[dest[j]]++] = t[j];
	if (last) {
		free(t);
		free(dest);
	}
	dist_alltoall_counts(sc, rc);
	*ngot = 0;
	for (int r = 0; r < P; r++)
		*ngot += rc[r];
	*got = xmallocarray(*ngot + 1, sizeof **got);
	dist_alltoallv(buf, sc, *got, rc, sizeof **got);
	free(buf);
	free(sc);
	free(rc);
	free(at);
}

/* Who sends what each half-step: this rank's needed rows of side, asked
 * of their owners, and the own rows others ask for. */
static void plan(struct als_dist *d, int side)
{
	int P = dist_size();
	const uint32_t *first = side ? d->iblock : d->ublock;
	uint64_t *ask = xcalloc((size_t)P, sizeof *ask), *asked = xcalloc((size_t)P, sizeof *asked);
	for (uint32_t j = 0; j < d->nneed[side]; j++)
		ask[owner(first, d->need[side][j] / ALS_BLOCK)]++;
	dist_alltoall_counts(ask, asked);
	uint64_t total = 0;
	for (int r = 0; r < P; r++)
		total += asked[r];
	d->send_rows[side] = xmallocarray(total + 1, sizeof *d->send_rows[side]);
	dist_alltoallv(d->need[side], ask, d->send_rows[side], asked, sizeof(uint32_t));
	uint32_t row0 = side ? d->i0 : d->u0;
	for (uint64_t j = 0; j < total; j++)
		d->send_rows[side][j] -= row0;
	d->recv_count[side] = ask;
	d->send_count[side] = asked;
	d->recv_buf[side] = xmalloc_lines((size_t)d->nneed[side] * d->k + 1, sizeof(float));
	d->recv_bias[side] = xmallocarray((size_t)d->nneed[side] + 1, sizeof(float));
}

static const float *ex_rows(void *ctx, int side, const float *own, const float *own_bias,
			    const float **bias)
{
	struct als_dist *d = ctx;
	int P = dist_size();
	uint32_t k = d->k, w = k + d->with_bias;
	uint64_t total = 0;
	for (int r = 0; r < P; r++)
		total += d->send_count[side][r];
	float *send = xmallocarray(total * w + 1, sizeof *send);
	for (uint64_t j = 0; j < total; j++) {
		uint32_t row = d->send_rows[side][j];
		memcpy(send + j * w, own + (size_t)row * k, k * sizeof *send);
		if (d->with_bias)
			send[j * w + k] = own_bias[row];
	}
	float *recv = d->with_bias ? xmallocarray((size_t)d->nneed[side] * w + 1, sizeof *recv)
				   : d->recv_buf[side];
	dist_alltoallv(send, d->send_count[side], recv, d->recv_count[side], w * sizeof *send);
	if (d->with_bias) {
		for (uint32_t j = 0; j < d->nneed[side]; j++) {
			memcpy(d->recv_buf[side] + (size_t)j * k, recv + (size_t)j * w,
			       k * sizeof *recv);
			d->recv_bias[side][j] = recv[(size_t)j * w + k];
		}
		free(recv);
	}
	free(send);
	*bias = d->with_bias ? d->recv_bias[side] : NULL;
	return d->recv_buf[side];
}

static const void *ex_blocks(void *ctx, int side, const void *mine, size_t bytes)
{
	struct als_dist *d = ctx;
	int P = dist_size(), me = dist_rank();
	const uint32_t *first = side ? d->iblock : d->ublock;
	uint64_t *counts = xmallocarray((size_t)P, sizeof *counts);
	for (int r = 0; r < P; r++)
		counts[r] = first[r + 1] - first[r];
	free(d->blocks_buf);
	d->blocks_buf = xmallocarray((size_t)d->ex.blocks_total[side] + 1, bytes);
	dist_allgatherv(mine, counts[me], d->blocks_buf, counts, bytes);
	free(counts);
	return d->blocks_buf;
}

static int ex_any(void *ctx, int failed)
{
	(void)ctx;
	return dist_any(failed);
}

/* Every local rating as global triples; how many ratings fall in each
 * user and item block (summed over ranks). */
static struct triple *global_triples(struct als_dist *d, struct ratings *const *parts, int nparts,
				     uint64_t *n, uint64_t *ub, uint64_t *ib)
{
	uint64_t total = 0;
	for (int j = 0; j < nparts; j++)
		total += parts[j]->n;
	struct triple *t = xmallocarray(total + 1, sizeof *t);
	uint64_t at = 0;
	for (int j = 0; j < nparts; j++) {
		const struct ratings *r = parts[j];
		uint32_t *um = xmallocarray(r->users->n, sizeof *um), *im = xmallocarray(r->items->n, sizeof *im);
		for (uint32_t x = 0; x < r->users->n; x++)
			um[x] = find(d->user_ids, d->m, r->users->ext[x]);
		for (uint32_t x = 0; x < r->items->n; x++)
			im[x] = find(d->item_ids, d->n, r->items->ext[x]);
		for (uint64_t q = 0; q < r->n; q++, at++) {
			t[at] = (struct triple){um[r->user[q]], im[r->item[q]], r->value[q]};
			ub[t[at].u / ALS_BLOCK]++;
			ib[t[at].i / ALS_BLOCK]++;
		}
		free(um);
		free(im);
	}
	*n = total;
	return t;
}

/* A (user, item) pair twice across parts: the first such in R, or 0. */
static int duplicate(const struct als_dist *d)
{
	uint32_t row;
	int64_t at = spm_find_duplicate(d->R, &row);
	int bad = at >= 0;
	if (bad)
		error("duplicate rating for user %u, item %u (in two parts)", d->user_ids[d->u0 + row],
		      d->item_ids[d->need[1][d->R->indices[at]]]);
	return dist_any(bad);
}

struct als_dist *als_dist_new(struct ratings *const *parts, int nparts, uint32_t k, int explicit_)
{
	struct als_dist *d = xcalloc(1, sizeof *d);
	int P = dist_size(), me = dist_rank();
	d->k = k;
	d->with_bias = explicit_ != 0;
	d->user_ids = union_ids(parts, nparts, 1, &d->m);
	d->item_ids = union_ids(parts, nparts, 0, &d->n);
	uint32_t ubn = (d->m + ALS_BLOCK - 1) / ALS_BLOCK, ibn = (d->n + ALS_BLOCK - 1) / ALS_BLOCK;
	uint64_t *ub = xcalloc((size_t)ubn + 1, sizeof *ub), *ib = xcalloc((size_t)ibn + 1, sizeof *ib);
	uint64_t n;
	struct triple *t = global_triples(d, parts, nparts, &n, ub, ib);
	for (int j = 0; j < nparts; j++) /* the triples say it all: the peak is start-up's */
		ratings_free(parts[j]);
	free((void *)parts);
	dist_sum_u64(ub, ubn);
	dist_sum_u64(ib, ibn);
	for (uint32_t b = 0; b < ubn; b++)
		d->nnz += ub[b];
	d->ublock = split_blocks(ub, ubn, d->m, k);
	d->iblock = split_blocks(ib, ibn, d->n, k);
	d->u0 = d->ublock[me] * ALS_BLOCK;
	d->u1 = d->ublock[me + 1] * ALS_BLOCK < d->m ? d->ublock[me + 1] * ALS_BLOCK : d->m;
	d->i0 = d->iblock[me] * ALS_BLOCK;
	d->i1 = d->iblock[me + 1] * ALS_BLOCK < d->n ? d->iblock[me + 1] * ALS_BLOCK : d->n;
	d->u1 = d->u1 < d->u0 ? d->u0 : d->u1;
	d->i1 = d->i1 < d->i0 ? d->i0 : d->i1;
	int *dest = xmallocarray(n + 1, sizeof *dest);
	struct triple *got;
	uint64_t ngot;
	for (uint64_t j = 0; j < n; j++)
		dest[j] = owner(d->ublock, t[j].u / ALS_BLOCK);
	send_triples(t, n, dest, 0, &got, &ngot);
	d->R = own_csr(got, ngot, 0, d->u0, d->u1 - d->u0, &d->need[1], &d->nneed[1]);
	for (uint64_t j = 0; j < n; j++)
		dest[j] = owner(d->iblock, t[j].i / ALS_BLOCK);
	send_triples(t, n, dest, 1, &got, &ngot);
	d->Rt = own_csr(got, ngot, 1, d->i0, d->i1 - d->i0, &d->need[0], &d->nneed[0]);
	free(ub);
	free(ib);
	if (duplicate(d)) {
		als_dist_free(d);
		return NULL;
	}
	plan(d, 0);
	plan(d, 1);
	d->ex = (struct als_exchange){d, ex_rows, ex_blocks, ex_any, {ubn, ibn}, {d->m, d->n}};
	(void)P;
	return d;
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
		free(d->recv_count[side]);
		free(d->send_count[side]);
		free(d->send_rows[side]);
		free(d->recv_buf[side]);
		free(d->recv_bias[side]);
	}
	free(d->blocks_buf);
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
				names[count] = xmallocarray(strlen(path) + strlen(e->d_name) + 2, 1);
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
				struct ratings *r = ratings_read(names[j], RATINGS_NO_TIME);
				rc = r ? 0 : -1;
				if (r)
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
		const struct ratings *r = (*parts)[j];
		struct spm *a = ratings_to_csr(r);
		if (!a)
			return -1;
		spm_free(a);
		for (uint64_t t = 0; t < r->n; t++) {
			float v = r->value[t];
			if (implicit && v < 0)
				return error("%s: negative rating %g: implicit confidence 1 + alpha * r "
					     "needs r >= 0", r->name, (double)v);
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
	fprintf(stderr,
		"%s: rank %d of %d: users %u..%u, items %u..%u, %llu+%llu ratings, received %llu "
		"user and %llu item rows from others, sent %llu bytes per iteration, peak RSS "
		"%.1f MB\n",
		err_progname, me, dist_size(), d->u0, d->u1, d->i0, d->i1,
		(unsigned long long)d->R->nnz, (unsigned long long)d->Rt->nnz,
		(unsigned long long)(d->nneed[0] - d->recv_count[0][me]),
		(unsigned long long)(d->nneed[1] - d->recv_count[1][me]),
		(unsigned long long)sent_per_iter, ru.ru_maxrss / 1024.0);
	if (me == 0)
		fprintf(stderr, "%s: %u users, %u items, %llu ratings, %d iterations in %.3f s\n",
			err_progname, d->m, d->n, (unsigned long long)d->nnz, iters, seconds);
}
