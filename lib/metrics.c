#include "metrics.h"
#include "err.h"
#include "tsv.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double metrics_ideal_dcg(uint32_t n)
{
	double dcg = 0;
	for (uint32_t r = 1; r <= n; r++)
		dcg += 1 / log2((double)r + 1);
	return dcg;
}

int metrics_user(const uint32_t *hit_rank, uint32_t nhit, uint32_t k, uint32_t nrel,
		 struct metrics_user *out)
{
	if (k == 0 || nrel == 0)
		return error("metrics_user: k and nrel must be positive (k %u, nrel %u)", k, nrel);
	if (nhit > nrel)
		return error("metrics_user: %u hits but only %u relevant items", nhit, nrel);
	double dcg = 0, sum_prec = 0, rr = 0;
	uint32_t hits = 0;
	for (uint32_t j = 0; j < nhit; j++) {
		uint32_t r = hit_rank[j];
		if (r == 0 || (j > 0 && r <= hit_rank[j - 1]))
			return error("metrics_user: hit ranks must increase from 1 (rank %u at %u)",
				     r, j);
		if (r > k)
			continue;
		hits++;
		dcg += 1 / log2((double)r + 1);
		sum_prec += (double)hits / r;
		if (hits == 1)
			rr = 1.0 / r;
	}
	uint32_t ideal = k < nrel ? k : nrel;
	out->hits = hits;
	out->recall = (double)hits / nrel;
	out->precision = (double)hits / k;
	out->ndcg = dcg / metrics_ideal_dcg(ideal);
	out->ap = sum_prec / ideal;
	out->rr = rr;
	out->hit = hits > 0;
	return 0;
}

double metrics_self_information(uint64_t count, uint64_t nusers)
{
	if (count == 0)
		count = 1;
	/* log2(nusers / count) rather than -log2(count / nusers): no -0 */
	return log2((double)nusers / (double)count);
}

void metrics_err_add(struct metrics_err *e, double truth, double prediction)
{
	double d = prediction - truth;
	e->n++;
	e->sse += d * d;
	e->sae += fabs(d);
}

double metrics_err_rmse(const struct metrics_err *e)
{
	return e->n ? sqrt(e->sse / (double)e->n) : 0;
}

double metrics_err_mae(const struct metrics_err *e)
{
	return e->n ? e->sae / (double)e->n : 0;
}

static int by_rank(const void *a, const void *b)
{
	const struct metrics_rec *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

static int by_item(const void *a, const void *b)
{
	const struct metrics_rec *x = a, *y = b;
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

static int read_rec(struct tsv *in, uint32_t *user, struct metrics_rec *r)
{
	double score;
	if (tsv_need(in, 4) < 0 || tsv_u32(in, 0, "user id", user) < 0 ||
	    tsv_u32(in, 1, "item id", &r->item) < 0 || tsv_u32(in, 2, "rank", &r->rank) < 0 ||
	    tsv_double(in, 3, "score", -DBL_MAX, DBL_MAX, &score) < 0)
		return -1;
	if (r->rank == 0)
		return tsv_error(in, "bad rank '%s' (ranks start at 1)", in->field[2]);
	if (in->line > UINT32_MAX)
		return tsv_error(in, "too many lines");
	r->line = (uint32_t)in->line;
	return 0;
}

/* A repeated (user, rank) or (user, item); line is 0 while none is known. */
struct dup {
	uint32_t line, first_line, user, value;
	const char *what;
};

/* In a slice sorted by (key, line), keep in *d the repeat whose line comes
 * first in the file; its neighbour is then the key's first line. */
static void note_duplicate(const struct metrics_rec *a, uint64_t n, int item_key, uint32_t user,
			   struct dup *d)
{
	for (uint64_t j = 1; j < n; j++) {
		uint32_t key = item_key ? a[j].item : a[j].rank;
		if (key == (item_key ? a[j - 1].item : a[j - 1].rank) &&
		    (d->line == 0 || a[j].line < d->line))
			*d = (struct dup){a[j].line, a[j - 1].line, user, key,
					  item_key ? "item" : "rank"};
	}
}

/* Group by user with a stable counting sort, O(n + users). */
static void group_by_user(struct metrics_recs *rs, const uint32_t *user,
			  const struct metrics_rec *flat)
{
	uint32_t m = rs->users->n;
	rs->start = xcalloc((size_t)m + 1, sizeof *rs->start);
	for (uint64_t t = 0; t < rs->n; t++)
		rs->start[user[t] + 1]++;
	for (uint32_t g = 0; g < m; g++) {
		if (rs->start[g + 1] > rs->longest)
			rs->longest = rs->start[g + 1];
		rs->start[g + 1] += rs->start[g];
	}
	uint64_t *next = xmallocarray((size_t)m + 1, sizeof *next);
	memcpy(next, rs->start, ((size_t)m + 1) * sizeof *next);
	rs->rec = xmallocarray(rs->n, sizeof *rs->rec);
	for (uint64_t t = 0; t < rs->n; t++)
		rs->rec[next[user[t]]++] = flat[t];
	free(next);
}

/* Sort each user's recs by rank; reject a repeated rank or item. */
static int sort_and_check(struct metrics_recs *rs, const char *name)
{
	struct dup d = {0};
	struct metrics_rec *scratch = xmallocarray(rs->longest, sizeof *scratch);
	for (uint32_t g = 0; g < rs->users->n; g++) {
		struct metrics_rec *a = rs->rec + rs->start[g];
		uint64_t n = rs->start[g + 1] - rs->start[g];
		qsort(a, n, sizeof *a, by_rank);
		note_duplicate(a, n, 0, rs->users->ext[g], &d);
		memcpy(scratch, a, n * sizeof *a);
		qsort(scratch, n, sizeof *scratch, by_item);
		note_duplicate(scratch, n, 1, rs->users->ext[g], &d);
	}
	free(scratch);
	if (d.line)
		return error("%s:%lu: duplicate %s %u for user %u (first at line %lu)", name,
			     (unsigned long)d.line, d.what, d.value, d.user,
			     (unsigned long)d.first_line);
	return 0;
}

struct metrics_recs *metrics_recs_read(const char *path)
{
	struct tsv *in = tsv_open(path, '\t');
	if (!in)
		return NULL;
	struct metrics_recs *rs = xcalloc(1, sizeof *rs);
	rs->users = idmap_new();
	uint64_t cap = 1u << 16;
	uint32_t *user = xmallocarray(cap, sizeof *user);
	struct metrics_rec *flat = xmallocarray(cap, sizeof *flat);
	int got, rc = -1;
	while ((got = tsv_next(in)) == 1) {
		if (rs->n == cap) {
			cap *= 2;
			user = xrealloc(user, cap * sizeof *user);
			flat = xrealloc(flat, cap * sizeof *flat);
		}
		uint32_t u;
		if (read_rec(in, &u, &flat[rs->n]) < 0)
			goto done;
		int64_t idx = idmap_add(rs->users, u);
		if (idx < 0) {
			tsv_error(in, "more than %u distinct users", IDMAP_MAX);
			goto done;
		}
		user[rs->n++] = (uint32_t)idx;
	}
	if (got < 0)
		goto done;
	if (rs->n == 0) {
		error("%s: no recommendations (empty file)", in->name);
		goto done;
	}
	group_by_user(rs, user, flat);
	rc = sort_and_check(rs, in->name);
done:
	free(user);
	free(flat);
	if (tsv_close(in) < 0)
		rc = -1;
	if (rc < 0) {
		metrics_recs_free(rs);
		return NULL;
	}
	return rs;
}

const struct metrics_rec *metrics_recs_of(const struct metrics_recs *rs, uint32_t ext_id,
					  uint64_t *n)
{
	int64_t g = idmap_get(rs->users, ext_id);
	if (g < 0) {
		*n = 0;
		return NULL;
	}
	*n = rs->start[g + 1] - rs->start[g];
	return rs->rec + rs->start[g];
}

void metrics_recs_free(struct metrics_recs *rs)
{
	if (!rs)
		return;
	idmap_free(rs->users);
	free(rs->start);
	free(rs->rec);
	free(rs);
}

void metrics_sum_add(struct metrics_sum *s, const struct metrics_user *m)
{
	s->users++;
	s->hits += m->hits;
	s->recall += m->recall;
	s->precision += m->precision;
	s->ndcg += m->ndcg;
	s->ap += m->ap;
	s->rr += m->rr;
	s->hit += m->hit;
}
