/*
 * reel-metrics - ranking figures of recommendations, or rating errors
 *
 * Ranking mode reads RECS ("user item rank score" lines, in any order) and
 * TEST (a ratings file) and prints "name<TAB>value" lines: the number of
 * evaluated users, then for each K of -k recall, recall_micro, precision,
 * ndcg, map, mrr, hit and, with --train, coverage and novelty.  A user is
 * evaluated when TEST holds at least one relevant rating of theirs (rating
 * >= --relevant-min); users of RECS that are not evaluated are ignored,
 * evaluated users absent from RECS count with no hits.  --per-user writes
 * one row per evaluated user.  --rmse reads reel-score output instead
 * (the rating third, the prediction last) and prints n, rmse and mae.
 * docs/METRICS.md defines every figure; lib/metrics.c computes them.
 */
#include <float.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "err.h"
#include "idmap.h"
#include "metrics.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "ratings.h"
#include "spm.h"
#include "tsv.h"

#define MAX_KS 32
#define MAX_K 1000000L

static long ks[MAX_KS];
static int nk;
static const char *train_path, *per_user_path, *rmse_path, *out_path = "-";
static float relevant_min = -INFINITY; /* default: every test rating is relevant */

/* What --train contributes: the catalogue and each item's popularity. */
struct train {
	struct ratings *r;
	uint32_t *raters; /* per train item: number of train users who rated it */
};

/* The sums over evaluated users at one cut-off K. */
struct acc {
	uint64_t hits;
	double recall, precision, ndcg, ap, rr, hit;
	uint64_t pairs, covered; /* --train: (user, item) pairs within K, items seen */
	double info;		 /* --train: their summed self-information */
	unsigned char *seen;	 /* --train: per train item, recommended within K */
};

/* Everything the evaluation of one test user needs. */
struct eval {
	const struct metrics_recs *recs;
	const struct ratings *test;
	const struct spm *by_user; /* TEST as a user x item matrix */
	const struct train *train;
	uint32_t *relevant_to; /* per test item: 1 + the user it is relevant to */
	uint32_t *hit_rank;    /* scratch: ranks of the current user's hits */
	struct acc acc[MAX_KS];
	uint64_t users, relevant, users_with_recs;
	struct out *per_user;
};

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-metrics -k K[,K...] [--train TRAIN] [--relevant-min R] "
		"[--per-user FILE] [-o FILE] RECS TEST\n"
		"       reel-metrics --rmse SCORED [-o FILE]\n"
		"Evaluate recommendations RECS against the ratings TEST; '-' is stdin.\n"
		"  -k K[,K...]        cut-offs, 1 <= K <= %ld, several at once: -k 5,10,20\n"
		"  --train TRAIN      the training ratings: adds coverage@K and novelty@K\n"
		"  --relevant-min R   only test ratings >= R are relevant (default: all)\n"
		"  --per-user FILE    also write one row of figures per evaluated user\n"
		"  --rmse SCORED      instead: rmse and mae of reel-score output\n"
		"  -o FILE            write the figures to FILE (default stdout)\n",
		MAX_K);
	exit(status);
}

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
		if (a->data[j] >= relevant_min) {
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

static void write_user_row(struct out *o, uint32_t user, uint32_t nrel, int ki,
			   const struct metrics_user *m, double novelty, int with_train)
{
	if (ki == 0) {
		out_u64(o, user);
		out_putc(o, '\t');
		out_u64(o, nrel);
	}
	out_printf(o, "\t%u\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%d", m->hits, m->recall, m->precision,
		   m->ndcg, m->ap, m->rr, (int)m->hit);
	if (with_train)
		out_printf(o, "\t%.6f", novelty);
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
	for (int ki = 0; ki < nk; ki++) {
		struct metrics_user m;
		struct acc *acc = &ev->acc[ki];
		if (metrics_user(ev->hit_rank, nhit, (uint32_t)ks[ki], nrel, &m) < 0)
			die("internal error evaluating user %u", ext);
		acc->hits += m.hits;
		acc->recall += m.recall;
		acc->precision += m.precision;
		acc->ndcg += m.ndcg;
		acc->ap += m.ap;
		acc->rr += m.rr;
		acc->hit += m.hit;
		double novelty = 0;
		if (ev->train) {
			uint64_t pairs;
			double info = eval_catalogue(ev, list, n, (uint32_t)ks[ki], acc, &pairs);
			novelty = pairs ? info / (double)pairs : 0;
		}
		if (ev->per_user)
			write_user_row(ev->per_user, ext, nrel, ki, &m, novelty, ev->train != NULL);
	}
}

static void write_per_user_header(struct out *o, int with_train)
{
	out_puts(o, "user\trelevant");
	static const char *const names[] = {
	    "hits", "recall", "precision", "ndcg", "map", "mrr", "hit", "novelty",
	};
	for (int ki = 0; ki < nk; ki++)
		for (int j = 0; j < 7 + with_train; j++)
			out_printf(o, "\t%s@%ld", names[j], ks[ki]);
	out_putc(o, '\n');
}

static void write_summary(struct out *o, const struct eval *ev)
{
	double users = (double)ev->users;
	out_printf(o, "users\t%llu\n", (unsigned long long)ev->users);
	for (int ki = 0; ki < nk; ki++) {
		const struct acc *a = &ev->acc[ki];
		long k = ks[ki];
		out_printf(o, "recall@%ld\t%.6f\n", k, a->recall / users);
		out_printf(o, "recall_micro@%ld\t%.6f\n", k,
			   (double)a->hits / (double)ev->relevant);
		out_printf(o, "precision@%ld\t%.6f\n", k, a->precision / users);
		out_printf(o, "ndcg@%ld\t%.6f\n", k, a->ndcg / users);
		out_printf(o, "map@%ld\t%.6f\n", k, a->ap / users);
		out_printf(o, "mrr@%ld\t%.6f\n", k, a->rr / users);
		out_printf(o, "hit@%ld\t%.6f\n", k, a->hit / users);
		if (!ev->train)
			continue;
		out_printf(o, "coverage@%ld\t%.6f\n", k,
			   (double)a->covered / (double)ev->train->r->items->n);
		out_printf(o, "novelty@%ld\t%.6f\n", k,
			   a->pairs ? a->info / (double)a->pairs : 0.0);
	}
}

static int evaluate(const struct metrics_recs *rs, const char *test_path, const struct train *tr)
{
	struct ratings *test = ratings_read(test_path, 0);
	if (!test)
		return -1;
	struct spm *by_user = ratings_to_csr(test);
	if (!by_user)
		return -1;
	struct eval ev = {.recs = rs, .test = test, .by_user = by_user, .train = tr};
	ev.relevant_to = xcalloc(test->items->n, sizeof *ev.relevant_to);
	ev.hit_rank = xmallocarray(rs->longest, sizeof *ev.hit_rank);
	for (int ki = 0; tr && ki < nk; ki++)
		ev.acc[ki].seen = xcalloc(tr->r->items->n, 1);
	if (per_user_path) {
		if (!(ev.per_user = out_open(per_user_path)))
			return -1;
		write_per_user_header(ev.per_user, tr != NULL);
	}
	for (uint32_t u = 0; u < test->users->n; u++)
		eval_user(&ev, u);
	if (ev.users == 0)
		die("%s: no relevant test rating (none >= %g)", test->name, (double)relevant_min);
	if (ev.users_with_recs == 0)
		warn("no evaluated user of %s has a recommendation", test->name);
	if (ev.per_user && out_close(ev.per_user) < 0)
		return -1;
	struct out *o = out_open(out_path);
	if (!o)
		return -1;
	write_summary(o, &ev);
	if (out_close(o) < 0)
		return -1;
	for (int ki = 0; ki < nk; ki++)
		free(ev.acc[ki].seen);
	free(ev.hit_rank);
	free(ev.relevant_to);
	spm_free(by_user);
	ratings_free(test);
	return 0;
}

/* --rmse: the rating is the third field, the prediction the last; every
 * line has the same number of fields as the first, at least 4. */
static int rmse(const char *path)
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

static void parse_k(const char *arg)
{
	nk = opt_long_list("-k", arg, 1, MAX_K, ks, MAX_KS);
	for (int i = 0; i < nk; i++)
		for (int j = 0; j < i; j++)
			if (ks[i] == ks[j])
				die_usage("-k: %ld given twice in '%s'", ks[i], arg);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {{"train", required_argument, NULL, 't'},
						 {"relevant-min", required_argument, NULL, 'r'},
						 {"per-user", required_argument, NULL, 'p'},
						 {"rmse", required_argument, NULL, 'e'},
						 OPT_HELP_VERSION};
	int c, nstdin = 0;
	while ((c = opt_next(argc, argv, "k:o:", longopts, usage)) != -1) {
		switch (c) {
		case 'o':
			out_path = optarg;
			break;
		case 'k':
			parse_k(optarg);
			break;
		case 't':
			train_path = optarg;
			break;
		case 'r':
			/* Ratings are held as float: compare with R rounded the same way. */
			relevant_min = (float)opt_double("--relevant-min", optarg, -1e30, 1e30);
			break;
		case 'p':
			per_user_path = optarg;
			break;
		case 'e':
			rmse_path = optarg;
			break;
		}
	}
	int nops = argc - optind;
	if (rmse_path) {
		if (nk || train_path || per_user_path || relevant_min != -INFINITY)
			die_usage("--rmse takes no other option");
		if (nops != 0)
			die_usage("--rmse takes no operand, got %d", nops);
		return;
	}
	if (nk == 0)
		die_usage("-k is required");
	if (nops != 2)
		die_usage("expected RECS TEST, got %d operand%s", nops, nops == 1 ? "" : "s");
	nstdin = !strcmp(argv[optind], "-") + !strcmp(argv[optind + 1], "-") +
		 (train_path && !strcmp(train_path, "-"));
	if (nstdin > 1)
		die_usage("only one of RECS, TEST and TRAIN can be standard input");
	if (per_user_path && !strcmp(per_user_path, "-") && !strcmp(out_path, "-"))
		die_usage("--per-user cannot be standard output: the summary goes there");
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	if (rmse_path)
		return rmse(rmse_path) < 0 ? EXIT_DATA : 0;

	struct metrics_recs *rs = metrics_recs_read(argv[optind]);
	struct train tr = {0};
	if (!rs)
		return EXIT_DATA;
	if (train_path && read_train(train_path, &tr) < 0)
		return EXIT_DATA;
	if (evaluate(rs, argv[optind + 1], train_path ? &tr : NULL) < 0)
		return EXIT_DATA;
	metrics_recs_free(rs);
	ratings_free(tr.r);
	free(tr.raters);
	return 0;
}
