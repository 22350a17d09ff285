/*
 * metrics: the formulas of reel's evaluation figures, as pure functions.
 *
 * Everything here works on numbers already extracted from files, so each
 * formula can be checked against a hand computation (tests/unit) and the
 * tool (reel-metrics) only gathers, averages and prints.  docs/METRICS.md
 * defines every metric; the comments below state the contracts.
 *
 * A user's ranked list is described by the ranks (1-based positions) at
 * which a relevant item was recommended: hit_rank[0..nhit-1], strictly
 * increasing.  The rank is the position as shown, so a list with a gap
 * (ranks 1, 2, 5) has misses in the missing places.  Ranks above the cut-off
 * k are ignored, so one array serves every k.  nrel is the number of the
 * user's relevant test items, recommended or not; it is at least 1 (users
 * with none are not evaluated) and at least the number of hits.
 */
#ifndef REEL_METRICS_H
#define REEL_METRICS_H

#include <stdint.h>

#include "idmap.h"

/* One user's figures at one cut-off k. */
struct metrics_user {
	uint32_t hits;    /* relevant items at ranks <= k */
	double recall;    /* hits / nrel */
	double precision; /* hits / k, even when fewer than k items were recommended */
	double ndcg;      /* DCG / ideal DCG; binary gains, discount 1 / log2(rank + 1) */
	double ap;        /* sum of precision at each hit rank, / min(k, nrel) */
	double rr;        /* 1 / rank of the first hit, 0 without one */
	double hit;       /* 1 with at least one hit, else 0 */
};

/* Fill *out for the list described by hit_rank (see above) at cut-off k.
 * Returns -1 after a message when k or nrel is 0, the ranks are not
 * strictly increasing from 1, or there are more hits than nrel. */
int metrics_user(const uint32_t *hit_rank, uint32_t nhit, uint32_t k, uint32_t nrel,
		 struct metrics_user *out);

/* Sums of struct metrics_user over users, for the means (start from {0}). */
struct metrics_sum {
	uint64_t users, hits;
	double recall, precision, ndcg, ap, rr, hit;
};

void metrics_sum_add(struct metrics_sum *s, const struct metrics_user *m);

/* The DCG of n hits at ranks 1..n: sum over r = 1..n of 1 / log2(r + 1)
 * (0 for n = 0).  The ideal DCG of a user is metrics_ideal_dcg(min(k, nrel)). */
double metrics_ideal_dcg(uint32_t n);

/* Self-information, in bits, of an item that count of the nusers training
 * users rated: -log2(count / nusers).  An item no training user rated
 * (count 0) is taken to have count 1, the rarest an observed item can be,
 * so the value stays finite: log2(nusers).  nusers >= 1, count <= nusers. */
double metrics_self_information(uint64_t count, uint64_t nusers);

/* Error of predicted ratings, accumulated one (truth, prediction) pair at a
 * time.  Start from {0}. */
struct metrics_err {
	uint64_t n;
	double sse; /* sum of squared errors */
	double sae; /* sum of absolute errors */
};

void metrics_err_add(struct metrics_err *e, double truth, double prediction);
/* sqrt(sse / n) and sae / n; 0 when n is 0. */
double metrics_err_rmse(const struct metrics_err *e);
double metrics_err_mae(const struct metrics_err *e);

/*
 * A recommendations file (RECS, as reel-topk writes it): tab-separated
 * "user item rank score" lines in any order, ids as in ratings files, ranks
 * from 1, the score any finite number (read, checked, not kept).  A user
 * may not repeat a rank or an item.  In memory the lines are grouped by
 * user, each user's sorted by rank.  The struct owns every array.
 */
struct metrics_rec {
	uint32_t rank, item, line; /* item: external id; line: 1-based, in RECS */
};

struct metrics_recs {
	uint64_t n;
	struct idmap *users;     /* RECS users, dense in order of first appearance */
	uint64_t *start;         /* user g's recs: rec[start[g] .. start[g + 1] - 1] */
	struct metrics_rec *rec; /* n entries */
	uint64_t longest;        /* the most recs any one user has */
};

/* Read PATH ("-" for stdin, gzip or plain).  Returns NULL after a located
 * message on a malformed line, on an empty file, or on a repeated
 * (user, rank) or (user, item): the message names the earliest line that
 * repeats one and the line it repeats. */
struct metrics_recs *metrics_recs_read(const char *path);

/* User ext_id's recs, sorted by rank; sets *n (0 and NULL when absent). */
const struct metrics_rec *metrics_recs_of(const struct metrics_recs *rs, uint32_t ext_id,
					  uint64_t *n);

void metrics_recs_free(struct metrics_recs *rs);

#endif
