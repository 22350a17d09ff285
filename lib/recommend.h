/*
 * recommend: one interface over every kind of model file, so that the
 * serving tools (reel-topk, reel-score, reel-similar) do not care what
 * they serve.
 *
 * A recommender is opened from a model file of kind implicit ALS,
 * explicit ALS, baseline (all three factor models, lib/model.h) or
 * item-item (lib/itemitem.h); a file of any other kind is an error.  Users
 * and items are dense indices 0..m-1 and 0..n-1 in ascending external id,
 * the model's own numbering; recommend_user() and recommend_item() find
 * them.
 *
 * Scores:
 *   factor models  mean + b_u + b_i + x_u . y_i (biases and mean only in
 *                  explicit models), as model_score() and topk_users();
 *   item-item      sum over the user's history j of h_j B[j][i], the
 *                  history stored in the model (lib/itemitem.h).
 * Top-K lists follow topk.h's order: higher score first, equal scores by
 * lower item index, i.e. lower item id.  NaN scores are never listed.
 *
 * New users: recommend_topk_history() serves a user described by a history
 * given at request time (item indices and raw ratings).  ALS models fold
 * the history in with als_fold_in(), with the hyper-parameters read back
 * from the model's params (implicit models use the Gram matrix Y'Y +
 * lambda I, computed once, at the first fold-in); baselines apply their own formula
 * (lib/baseline.h); item-item models score the history directly.  The
 * history's items are never recommended back.  Factor models score every
 * user, stored or folded in, with topk.h's kernel: a user's list does not
 * depend on the other users of a call.
 *
 * Threads: recommend_topk_users() and recommend_similar() run in parallel
 * and their results do not depend on the thread count.
 * recommend_topk_history() uses scratch space inside the recommender:
 * one call at a time per recommender.
 *
 * Ownership: the recommender owns the model it opened; the public fields
 * are read-only.
 */
#ifndef REEL_RECOMMEND_H
#define REEL_RECOMMEND_H

#include <stdint.h>

#include "als.h"
#include "baseline.h"
#include "itemitem.h"
#include "model.h"
#include "topk.h"

struct recommender {
	uint32_t kind;                       /* enum bin_kind of the file */
	uint32_t m, n;                       /* users, items */
	const uint32_t *user_ids, *item_ids; /* external ids, strictly ascending */
	double min_rating;                   /* histories must not rate below this */
	double rating_min, rating_max;       /* explicit ALS: training ratings' range */
	struct model *factor;                /* factor models, else NULL */
	struct topk_scorer *scorer;          /* factor models: the packed item side */
	struct itemitem *itemitem;           /* item-item models, else NULL */
	/* private */
	struct als_params als;  /* ALS models: the training hyper-parameters */
	struct als_state state; /* ALS models: views of the factors */
	float *G;               /* implicit ALS: Y'Y + lambda I, k x k; NULL until a fold-in */
	struct baseline_info baseline;
	uint32_t *hist_items; /* recommend_topk_history() scratch */
	float *hist_ratings, *x, *scores;
	uint32_t hist_cap;
	double *unit_Y; /* recommend_similar(): rows of Y / |row|, n x k */
};

/* Open PATH.  NULL after a message naming the file and the fault (a kind
 * that is not a model, a model whose params lack what serving needs). */
struct recommender *recommend_open(const char *path);
void recommend_free(struct recommender *r);

/* The ALS hyper-parameters recorded in an ALS model's params (reg, and
 * alpha and binary for implicit models, reg_bias for explicit ones), with
 * k and the kind from the model; -1 after a message naming path. */
int recommend_als_params(const struct model *mo, const char *path, struct als_params *p);

/* The dense index of an external user (item) id, or -1 if the model does
 * not know it. */
int64_t recommend_user(const struct recommender *r, uint32_t user_id);
int64_t recommend_item(const struct recommender *r, uint32_t item_id);

/* The score of known user u and item i (dense indices). */
float recommend_score(const struct recommender *r, uint32_t u, uint32_t i);

/* The prediction for external ids (reel-score): 0 with *score set, or 1
 * when the model has none for the pair.  Explicit models always have one,
 * falling back on what they know: mean + b_i for an unknown user,
 * mean + b_u for an unknown item, mean when both are unknown; and, being
 * rating predictions, their scores are clipped to the range of the
 * training ratings (params rating_min and rating_max, when recorded).
 * Top-K lists are never clipped: that would tie the best items.  The other
 * kinds have no score for an unknown user or item. */
int recommend_score_ids(const struct recommender *r, uint32_t user_id, uint32_t item_id,
			float *score);

/* For count known users (dense indices, any order), the K best items best
 * first into items[j*K ...] and scores[j*K ...], and how many were found
 * (< K when too few candidates remain) into found[j].  filter as in
 * topk.h (exclude: rows = the model's users; NULL for none).  A user's
 * list does not depend on the other users of the call. */
void recommend_topk_users(const struct recommender *r, const uint32_t *users, uint32_t count,
			  uint32_t K, const struct topk_filter *filter, uint32_t *items,
			  float *scores, uint32_t *found);

/* The K best items for a user given by a history: count >= 1 distinct
 * items (dense indices, any order) with raw ratings >= r->min_rating;
 * user_id is the request's user id (the random baseline draws from it).
 * The history's items are excluded; allowed (n flags, or NULL) as in
 * topk.h.  The result does not depend on the order of the history (it is
 * taken in ascending item index).
 * Returns how many items were written (<= K), or -1 after a message when
 * the fold-in fails. */
int64_t recommend_topk_history(struct recommender *r, uint32_t user_id, const uint32_t *items,
			       const float *ratings, uint32_t count, uint32_t K,
			       const unsigned char *allowed, uint32_t *out_items,
			       float *out_scores);

/* For count query items (dense indices), the K items most similar to
 * each, the query itself never included, best first into items[j*K ...]
 * and sims[j*K ...], how many into found[j].  Factor models: the cosine of
 * the item factor vectors, computed in double (0 when either vector is
 * zero); item-item models: the K largest B[q][i] (for sparse models only
 * the stored entries of row q). */
void recommend_similar(struct recommender *r, const uint32_t *queries, uint32_t count, uint32_t K,
		       uint32_t *items, float *sims, uint32_t *found);

/*
 * Inputs of the serving tools, read against the model.
 */

/* TRAIN's (user, item) pairs as an m x n matrix over r's users and items
 * (rows = users), for topk_filter.exclude; pairs of users or items that r
 * does not know are left out.  NULL after a located message (a malformed
 * line, a pair given twice). */
struct spm *recommend_read_exclude(const struct recommender *r, const char *path);

/* The pairs of the model's own training file (params train and
 * train_crc32), as recommend_read_exclude() reads them: what reel-topk
 * excludes by default.  NULL after "MODEL: ..." when the model records no
 * training file, the file is not at hand, or it is not the file the model
 * was trained on (its CRC-32 differs). */
struct spm *recommend_read_seen(const struct recommender *r, const char *model_path);

enum {
	RECOMMEND_IDS_ITEMS = 1,        /* item ids (else user ids) */
	RECOMMEND_IDS_SKIP_UNKNOWN = 2, /* ids r does not know are skipped (else an error) */
	RECOMMEND_IDS_UNIQUE = 4,       /* an id given twice is an error */
};

/* A file of ids, one per line (PATH or "-"), as dense indices in the order
 * of the lines into *out (caller frees); returns how many, or -1 after a
 * message "FILE:LINE: user 7 is not in the model" or "FILE:LINE: user 7
 * repeats line 2". */
int64_t recommend_read_ids(const struct recommender *r, const char *path, unsigned flags,
			   uint32_t **out);

/* The items that may be shown under --candidates and --blacklist (either
 * path may be NULL): n flags into *allowed (caller frees), 1 for the
 * candidates (every item without candidates) less the blacklist; *allowed
 * is NULL when both paths are.  Ids the model does not know are skipped.
 * -1 after a located message. */
int recommend_read_allowed(const struct recommender *r, const char *candidates,
			   const char *blacklist, unsigned char **allowed);

#endif
