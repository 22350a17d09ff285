#include "evaluate.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "err.h"
#include "idmap.h"
#include "num.h"
#include "out.h"
#include "ratings.h"
#include "spm.h"
#include "tsv.h"

/* What the training file contributes: the catalogue and each item's popularity. */
struct train {
	struct ratings *r;
	uint32_t *raters; /* per train item: number of train users who rated it */
};

/* The sums over evaluated users at one cut-off K. */
struct acc {
	struct metrics_sum sum;
	uint64_t pairs, covered; /* with TRAIN: (user, item) pairs within K, items seen */
	double info;             /* with TRAIN: their summed self-information */
	unsigned char *seen;     /* with TRAIN: per train item, recommended within K */
};

/* Everything the evaluation of one test user needs. */
struct eval {
	const struct metrics_recs *recs;
	const struct ratings *test;
	const struct spm *by_user; /* TEST as a user x item matrix */
	const struct train *train;
	uint32_t *relevant_to; /* per test item: 1 + the user it is relevant to */
	uint32_t *hit_rank;    /* scratch: ranks of the current user's hits */
	struct acc acc[EVAL_MAX_KS];
	const struct eval_params *p;
	uint64_t users, relevant, users_with_recs;
	struct out *per_user;
};

/* TRAIN's items are the catalogue; an item's popularity is the number of
 * TRAIN users who rated it (one line each: duplicates are an error). */
static int read_train(const char *path, struct train *tr)
{
	tr->r = ratings_read(path, 0);
	if (!tr->r)
		return -1;
	struct spm *a = ratings_to_csr(tr->r);
	if (!a)
		return -1;
	spm_free(a);
	tr->raters = xcalloc(tr->r->items->n, sizeof *tr->raters);
	for (uint64_t t = 0; t < tr->r->n; t++)
		tr->raters[tr->r->item[t]]++;
	return 0;
}

/* Mark test user u's relevant items in ev->relevant_to; return how many. */
static uint32_t mark_relevant(struct eval *ev, uint32_t u)
{
	const struct spm *a = ev->by_user;
	uint32_t nrel = 0;
	for (uint64_t j = a->indptr[u]; j < a->indptr[u + 1]; j++) {
		/* Both sides rounded to float the same way, so "4.7 >= 4.7" holds. */
		if (a->data[j] >= ev->p->relevant_min) {
			ev->relevant_to[a->indices[j]] = u + 1;
			nrel++;
		}
	}
	return nrel;
}

/* --train figures of one user's list at cut-off k: fold coverage and
 * novelty into acc; return the list's summed self-information (for the
 * per-user mean) and set *pairs. */
static double eval_catalogue(const struct eval *ev, const struct metrics_rec *list, uint64_t n,
			     uint32_t k, struct acc *acc, uint64_t *pairs)
{
	const struct ratings *tr = ev->train->r;
	double info = 0;
	*pairs = 0;
	for (uint64_t j = 0; j < n && list[j].rank <= k; j++) {
		int64_t i = idmap_get(tr->items, list[j].item);
		info += metrics_self_information(i >= 0 ? ev->train->raters[i] : 0, tr->users->n);
		++*pairs;
		if (i >= 0 && !acc->seen[i]) {
			acc->seen[i] = 1;
			acc->covered++;
		}
	}
	acc->pairs += *pairs;
	acc->info += info;
	return info;
}

/* A tab, then v so that it reads back exactly: a figure rounded here and
 * again by a reader would show two values for one quantity (a mean of
 * 0.0131495 written 0.013150 reads 0.0132 at four decimals, 0.0131 from
 * the per-user values). */
static void put_exact(struct out *o, double v)
{
	char buf[32];
	out_putc(o, '\t');
	out_puts(o, num_format_double(buf, v));
}

static void write_user_row(struct out *o, uint32_t user, uint32_t nrel, int ki, int nk,
			   const struct metrics_user *m, double novelty, int with_train)
{
	if (ki == 0) {
		out_u64(o, user);
		out_putc(o, '\t');
		out_u64(o, nrel);
	}
	out_printf(o, "\t%u", m->hits);
	double v[] = {m->recall, m->precision, m->ndcg, m->ap, m->rr};
	for (size_t q = 0; q < sizeof v / sizeof *v; q++)
		put_exact(o, v[q]);
	out_printf(o, "\t%d", (int)m->hit);
	if (with_train)
		put_exact(o, novelty);
	if (ki == nk - 1)
		out_putc(o, '\n');
}

/* Test user u: hits from their list in RECS (none if absent), then the
 * figures at every K. */
static void eval_user(struct eval *ev, uint32_t u)
{
	uint32_t nrel = mark_relevant(ev, u);
	if (nrel == 0)
		return; /* nothing to find: not evaluated */
	uint32_t ext = ev->test->users->ext[u];
	uint64_t n;
	const struct metrics_rec *list = metrics_recs_of(ev->recs, ext, &n);
	ev->users_with_recs += n > 0;
	uint32_t nhit = 0;
	for (uint64_t j = 0; j < n; j++) {
		int64_t i = idmap_get(ev->test->items, list[j].item);
		if (i >= 0 && ev->relevant_to[i] == u + 1)
			ev->hit_rank[nhit++] = list[j].rank;
	}
	ev->users++;
	ev->relevant += nrel;
	for (int ki = 0; ki < ev->p->nk; ki++) {
		struct metrics_user m;
		struct acc *acc = &ev->acc[ki];
		if (metrics_user(ev->hit_rank, nhit, (uint32_t)ev->p->ks[ki], nrel, &m) < 0)
			die("internal error evaluating user %u", ext);
		metrics_sum_add(&acc->sum, &m);
		double novelty = 0;
		if (ev->train) {
			uint64_t pairs;
			double info =
				eval_catalogue(ev, list, n, (uint32_t)ev->p->ks[ki], acc, &pairs);
			novelty = pairs ? info / (double)pairs : 0;
		}
		if (ev->per_user)
			write_user_row(ev->per_user, ext, nrel, ki, ev->p->nk, &m, novelty,
				       ev->train != NULL);
	}
}

static void write_per_user_header(struct out *o, const struct eval_params *p, int with_train)
{
	out_puts(o, "user\trelevant");
	static const char *const names[] = {
		"hits", "recall", "precision", "ndcg", "map", "mrr", "hit", "novelty",
	};
	for (int ki = 0; ki < p->nk; ki++)
		for (int j = 0; j < 7 + with_train; j++)
			out_printf(o, "\t%s@%ld", names[j], p->ks[ki]);
	out_putc(o, '\n');
}

static void write_summary(struct out *o, const struct eval *ev)
{
	double users = (double)ev->users;
	out_printf(o, "users\t%llu\n", (unsigned long long)ev->users);
	for (int ki = 0; ki < ev->p->nk; ki++) {
		const struct acc *a = &ev->acc[ki];
		long k = ev->p->ks[ki];
		const struct metrics_sum *s = &a->sum;
		const char *name[] = {"recall", "recall_micro", "precision", "ndcg",   "map",
				      "mrr",    "hit",          "coverage",  "novelty"};
		double v[] = {s->recall / users,
			      (double)s->hits / (double)ev->relevant,
			      s->precision / users,
			      s->ndcg / users,
			      s->ap / users,
			      s->rr / users,
			      s->hit / users,
			      ev->train ? (double)a->covered / (double)ev->train->r->items->n : 0,
			      a->pairs ? a->info / (double)a->pairs : 0.0};
		for (size_t q = 0; q < (ev->train ? 9u : 7u); q++) {
			out_printf(o, "%s@%ld", name[q], k);
			put_exact(o, v[q]);
			out_putc(o, '\n');
		}
	}
}

static int evaluate(const struct metrics_recs *rs, const char *test_path, const struct train *tr,
		    const struct eval_params *p)
{
	struct ratings *test = ratings_read(test_path, 0);
	if (!test)
		return -1;
	struct spm *by_user = ratings_to_csr(test);
	if (!by_user)
		return -1;
	struct eval ev = {.recs = rs, .test = test, .by_user = by_user, .train = tr, .p = p};
	ev.relevant_to = xcalloc(test->items->n, sizeof *ev.relevant_to);
	ev.hit_rank = xmallocarray(rs->longest, sizeof *ev.hit_rank);
	for (int ki = 0; tr && ki < p->nk; ki++)
		ev.acc[ki].seen = xcalloc(tr->r->items->n, 1);
	if (p->per_user_path) {
		if (!(ev.per_user = out_open(p->per_user_path)))
			return -1;
		write_per_user_header(ev.per_user, p, tr != NULL);
	}
	for (uint32_t u = 0; u < test->users->n; u++)
		eval_user(&ev, u);
	if (ev.users == 0) {
		if (ev.per_user)
			out_abort(ev.per_user);
		return error("%s: no relevant test rating (none >= %g)", test->name,
			     (double)p->relevant_min);
	}
	if (ev.users_with_recs == 0)
		warn("no evaluated user of %s has a recommendation", test->name);
	if (ev.per_user && out_close(ev.per_user) < 0)
		return -1;
	struct out *o = out_open(p->out_path);
	if (!o)
		return -1;
	write_summary(o, &ev);
	if (out_close(o) < 0)
		return -1;
	for (int ki = 0; ki < p->nk; ki++)
		free(ev.acc[ki].seen);
	free(ev.hit_rank);
	free(ev.relevant_to);
	spm_free(by_user);
	ratings_free(test);
	return 0;
}

/* --rmse: the rating is the third field, the prediction the last; every
 * line has the same number of fields as the first, at least 4. */
int evaluate_rmse(const char *path, const char *out_path)
{
	struct tsv *in = tsv_open(path, '\t');
	if (!in)
		return -1;
	struct metrics_err e = {0};
	int nf = 0, got;
	while ((got = tsv_next(in)) == 1) {
		uint32_t id;
		double truth, prediction;
		if (nf == 0 && (nf = in->nfields) < 4) {
			tsv_error(in,
				  "expected at least 4 fields (user, item, rating, ..., "
				  "prediction), found %d",
				  nf);
			got = -1;
			break;
		}
		if (tsv_need(in, nf) < 0 || tsv_u32(in, 0, "user id", &id) < 0 ||
		    tsv_u32(in, 1, "item id", &id) < 0 ||
		    tsv_double(in, 2, "rating", -1e30, 1e30, &truth) < 0 ||
		    tsv_double(in, nf - 1, "prediction", -DBL_MAX, DBL_MAX, &prediction) < 0) {
			got = -1;
			break;
		}
		metrics_err_add(&e, truth, prediction);
	}
	if (got == 0 && e.n == 0)
		got = error("%s: no scored lines (empty file)", in->name);
	if (tsv_close(in) < 0 || got < 0)
		return -1;
	struct out *o = out_open(out_path);
	if (!o)
		return -1;
	out_printf(o, "n\t%llu\nrmse\t%.6f\nmae\t%.6f\n", (unsigned long long)e.n,
		   metrics_err_rmse(&e), metrics_err_mae(&e));
	return out_close(o);
}

int evaluate_ranking(const struct metrics_recs *rs, const char *test_path,
		     const struct eval_params *p)
{
	struct train tr = {0};
	if (p->train_path && read_train(p->train_path, &tr) < 0)
		return -1;
	int rc = evaluate(rs, test_path, p->train_path ? &tr : NULL, p);
	ratings_free(tr.r);
	free(tr.raters);
	return rc;
}
