/*
 * evaluate: reel-metrics' two evaluations, from files to a table of figures.
 *
 * Ranking: RECS (metrics_recs_read) against TEST (a ratings file).  A user
 * is evaluated when TEST holds at least one relevant rating of theirs
 * (rating >= relevant_min); users of RECS that are not evaluated are
 * ignored, evaluated users absent from RECS count with no hits.  The
 * summary has "name<TAB>value" lines: users, then for each cut-off recall,
 * recall_micro, precision, ndcg, map, mrr, hit and, with a training file,
 * coverage and novelty (docs/METRICS.md).  The per-user table has one row
 * per evaluated user, in ascending user id.
 *
 * Rating error: reel-score output (the rating third, the prediction last)
 * to n, rmse and mae.
 *
 * Both return 0, or -1 after a located message; outputs are complete or
 * absent (out.h).
 */
#ifndef REEL_EVALUATE_H
#define REEL_EVALUATE_H

#include "metrics.h"

#define EVAL_MAX_KS 32

struct eval_params {
	long ks[EVAL_MAX_KS]; /* distinct cut-offs, in the order printed */
	int nk;
	float relevant_min;        /* -INFINITY: every test rating is relevant */
	const char *train_path;    /* NULL: no coverage and novelty */
	const char *per_user_path; /* NULL: no per-user table */
	const char *out_path;      /* the summary; "-" for stdout */
};

int evaluate_ranking(const struct metrics_recs *rs, const char *test_path,
		     const struct eval_params *p);

int evaluate_rmse(const char *scored_path, const char *out_path);

#endif
