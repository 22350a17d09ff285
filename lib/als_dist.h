/*
 * als_dist: one rank's part of a distributed ALS training run (lib/dist.h),
 * in the blocked exchange of Spark MLlib's ALS (docs/SCALE.md).
 *
 * Rank r owns a contiguous range of users and one of items, in whole
 * blocks of ALS_BLOCK rows (als.h), chosen to even out the work: it
 * keeps those users' ratings as CSR rows (R) and those items' ratings as
 * CSR rows of the transpose (Rt), and solves only their factor rows.  Dense
 * indices are ascending external ids over the union of all ranks' ids, the
 * same as one process gives.  The ratings reach their owners once, at
 * start-up, in rounds (MPI_Alltoallv) straight into R, and Rt from R, so
 * that a rank never holds much more than its share.  Each half-step a
 * rank receives just the fixed rows its own ratings touch; R's and Rt's
 * columns number those and the rank's own rows in ascending index order,
 * and its own factor rows stay in place in that array.  Sums across rows
 * are relayed along the ranks in block order (docs/ALS.md).  No rank
 * holds the whole rating matrix; each holds the m + n external ids.
 */
#ifndef REEL_ALS_DIST_H
#define REEL_ALS_DIST_H

#include <stdint.h>

#include "als.h"
#include "model.h"
#include "ratings.h"
#include "validate.h"

struct dist_rows;

struct als_dist {
	uint32_t m, n;                 /* users and items, all ranks */
	uint64_t nnz;                  /* ratings, all ranks */
	uint32_t *user_ids, *item_ids; /* external ids of all m users and n items */
	uint32_t u0, u1, i0, i1;       /* own users [u0, u1) and items [i0, i1) */
	struct spm *R, *Rt;            /* own rows; columns: the rows exchanged */
	struct als_exchange ex;        /* for als_train_ex() */
	/* private */
	uint32_t k, with_bias;
	uint32_t *ublock, *iblock; /* rank r owns blocks [xblock[r], xblock[r + 1]) */
	uint32_t *need[2];         /* side's rows this rank holds, own ones included, ascending */
	uint32_t nneed[2], own_at[2]; /* own_at: where the own rows start in need */
	uint64_t received[2];         /* rows of others in need */
	uint64_t own_nnz[2];          /* ratings in R and Rt */
	double waited;                /* seconds in exchanges, waits for other ranks included */
	float *rows[2], *bias[2];     /* need's factor rows (and biases): own ones in place */
	struct dist_rows *xrows[2], *xbias[2];
};

/* Collective: spread the ratings of this rank's `parts` ratings files (any
 * share of the whole, already checked for duplicates within each part)
 * to their owners; the parts (and the array) are freed as soon as R is
 * built.  Returns NULL after a message naming the fault (a pair repeated
 * across parts), on every rank if any failed. */
struct als_dist *als_dist_new(struct ratings *const *parts, int nparts, uint32_t k, int explicit_);

/* The own rows of s (m, n, k, X, Y, biases) inside d's exchanged rows, so
 * that they are sent from where the solves write them. */
void als_dist_state(const struct als_dist *d, struct als_state *s);

/* The initial factors of the own rows: exactly the rows of als_init()'s
 * whole X and Y (the generator is run through all of them). */
void als_dist_init(const struct als_dist *d, struct als_state *s, const struct als_params *p);

/* Collective: the rows of side (0 users, 1 items), `width` floats each,
 * from every rank's own rows into `all` on rank 0 (in index order). */
void als_dist_gather(const struct als_dist *d, int side, const float *own, uint32_t width,
		     float *all);

void als_dist_free(struct als_dist *d);

/* This rank's share of TRAIN: a directory's part-* files j with
 * j % ranks == rank, or a file's users of ratings_part() == rank.  Each
 * part is checked for duplicates by its reading (ratings_read()); an empty
 * part is none (the caller checks that not all are empty), and with
 * implicit for negative ratings (reel-train-als's message); *lo and *hi get
 * the share's smallest and largest rating (+inf, -inf if none).  Returns
 * the number of parts (*parts allocated; als_dist_new() frees them), or -1
 * after a message. */
int als_dist_read(const char *path, int implicit, float *lo, float *hi, struct ratings ***parts);

/* Collective: *lo and *hi across all ranks (exact: no sum). */
void als_dist_range(float *lo, float *hi);

/* R and Rt freed once training is done, so that rank 0's whole model
 * (below) takes their place rather than adding to the peak. */
void als_dist_drop_ratings(struct als_dist *d);

/* Collective: the factors (and biases) of every rank into rank 0's model
 * mo (NULL on other ranks). */
void als_dist_collect(const struct als_dist *d, const struct als_state *s, struct model *mo);

/* --valid TEST in a distributed run: every rank reads TEST and scores its
 * own test users (the others count as unknown to it) against every item,
 * their training items excluded; the sums pass from rank to rank in user
 * order, so the figures are one process's.  Costs a copy of the own
 * ratings' columns (4 bytes a rating) and of every item's factors on
 * every rank, gathered (MPI_Allgatherv) at each call.  NULL after a
 * message (collective: on every rank if any failed). */
struct als_dist_valid;
struct als_dist_valid *als_dist_valid_new(const struct als_dist *d, const struct als_state *s,
					  const char *test_path, uint32_t K);
/* Collective: Recall@K and NDCG@K of the current factors, on every rank. */
struct validation als_dist_valid_run(struct als_dist_valid *v, const struct als_state *s);
void als_dist_valid_free(struct als_dist_valid *v);

/* One line of this rank's counters on stderr: its rows, ratings, rows
 * received from other ranks, bytes sent per iteration, seconds spent
 * in exchanges (waiting for slower ranks included; the loss's too), peak
 * RSS; rank 0
 * adds the totals (iterations and their seconds). */
void als_dist_report(const struct als_dist *d, uint64_t sent_per_iter, int iters, double seconds);

#endif
