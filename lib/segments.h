/*
 * segments: the users of a ratings file grouped by gender, age group,
 * occupation and activity, with each group's ratings and genre shares and
 * the tests behind reel-segment's tables (docs/ANALYTICS.md).
 *
 * Segments come in a fixed order: "all"; gender F, M; the age groups of
 * lib/analytics.h; occupations by name (strcmp); activity cold-start,
 * light, active, power.  Every segment is listed, empty ones too.  The
 * users of a segment are those of the users table (with or without ratings
 * in the file); intervals and tests count the raters (cluster sums).
 *
 * For a segment s and a genre g (an index of the items table's
 * genre_names), cell[s * ngenres + g] holds the share of s's ratings in g,
 * the lift against all ratings, the share of all other users' ratings in
 * g, the difference of the two with its 95 % interval and the test of s
 * against the other users (users as clusters), and whether s prefers g by
 * the rule of lib/analytics.h.  The p-values are adjusted by Holm and by
 * BH over the family of tests that can qualify: segments with at least
 * min_users raters and genres other than the placeholder SEGMENTS_NO_GENRE
 * ("unknown", MovieLens's genre of items without one).  A test outside the
 * family keeps its p but has NaN adjusted p-values and family 0; the "all"
 * segment is not tested (NaN).
 *
 * Ownership: the struct owns its arrays; labels and user_ext point into
 * the users table (or r), which must outlive it.
 */
#ifndef REEL_SEGMENTS_H
#define REEL_SEGMENTS_H

#include <stdint.h>

#include "analytics.h"
#include "catalog.h"
#include "ratings.h"

#define SEGMENTS_NO_GENRE "unknown"

enum {
	SEGMENTS_ALL,
	SEGMENTS_GENDER,
	SEGMENTS_AGE,
	SEGMENTS_OCCUPATION,
	SEGMENTS_ACTIVITY,
	SEGMENTS_DIMS
};
extern const char *const segments_dim_names[SEGMENTS_DIMS];

struct segment {
	int dim;
	const char *label;
	uint64_t users, ratings;
	double sum, sumsq;            /* of the ratings */
	struct stats_cluster_sums cl; /* y: a user's sum of ratings */
};

struct segment_genre {
	uint64_t ratings;             /* the segment's ratings in the genre */
	double sum;                   /* their sum */
	struct stats_cluster_sums cl; /* y: a user's ratings in the genre */
	double share, lift, t, p, p_holm, p_bh;
	double rest_share;             /* the other users' share */
	double diff, diff_lo, diff_hi; /* share - rest_share, 95 % interval */
	int family;                    /* 1: in the family the adjustments span */
	int prefers;
};

struct segments {
	int n, ngenres;
	struct segment *seg;                            /* n segments in order */
	struct segment_genre *cell;                     /* n x ngenres */
	int first[SEGMENTS_DIMS], count[SEGMENTS_DIMS]; /* each dimension's segments */
	int *genre_order;                               /* genre indices in order of name */
	int ntests;    /* the tests of the family the adjustments were over */
	int nexcluded; /* valid tests left out of it (cannot qualify) */
	/* per row of the users table (without one: per rater of r) */
	uint32_t nusers;
	const uint32_t *user_ext; /* each row's external id; not owned */
	uint64_t *user_ratings;
	double *user_sum;
	int *user_activity; /* 0 cold-start .. 3 power */
	/* per row of the items table */
	uint64_t *item_ratings;
};

/* Group the users of r.  us may be NULL (a data set without
 * demographics): the users are then r's raters, and the gender, age and
 * occupation dimensions have no segments.  activity[0..2] are the thresholds of
 * analytics_activity_bin(), min_users the preference rule's minimum.
 * Returns NULL after "RATINGS:LINE: user N is not in USERS" (or item N
 * ... ITEMS) for the first rating, in input order, whose user or item is
 * missing from the tables. */
struct segments *segments_new(const struct users *us, const struct items *it,
			      const struct ratings *r, const long activity[3], long min_users);
void segments_free(struct segments *s);

/* reel-segment's tables of S (made from it and r with these activity
 * thresholds and min_users), written into outdir, created if missing, each
 * complete or absent (lib/out.h):
 *   segments.tsv         users, ratings and mean rating of every segment
 *   genres.tsv           per segment and genre: share, lift, test, mean
 *   occupation-lift.tsv  the occupation x genre lift grid (heatmap input)
 *   activity.tsv         ratings and mean rating of every user
 *   popularity.tsv       items by number of ratings, with the Lorenz curve
 *   rating-dist.tsv      how many ratings have each value
 *   catalog.tsv          Gini, top 10 % share and other whole-data figures
 * Columns in docs/FORMATS.md.  0, or -1 after a message (a failed write). */
int segments_write(const struct segments *S, const struct items *it, const struct ratings *r,
		   const long activity[3], long min_users, const char *outdir);

#endif
