/*
 * analytics: the definitions behind reel-segment, reel-timeplot and
 * reel-insights (docs/ANALYTICS.md explains each one and why).
 *
 * Segments.  Age groups are MovieLens 1M's bands (1M stores a band's lower
 * bound as the age, so its users fall in the same bins): 1-17, 18-24, 25-34,
 * 35-44, 45-49, 50-55, 56+.  Activity groups split users by their number of
 * ratings n in the ratings file at hand, with thresholds a < b < c:
 * cold-start n < a (a user with no rating at all is cold-start), light
 * a <= n < b, active b <= n < c, power n >= c.
 *
 * Ratings of one user are not independent (a user who likes a genre rates
 * many of its films), so every interval and test on a mean or a share here
 * treats users as clusters: the estimate is a ratio, sum of y over sum of n
 * over the users of a group (y a user's sum of ratings, or number of ratings
 * in a genre; n the user's number of ratings), and its variance is the
 * linearised (sandwich) variance with the small-sample factor G / (G - 1),
 * G the number of users, against Student's t with G - 1 degrees of freedom
 * (lib/stats.h's stats_cluster_*).  A group of fewer than two users has no
 * interval (NaN).
 *
 * The preference rule: a segment "prefers" a genre when the lift is at least
 * ANALYTICS_LIFT_MIN, its share exceeds the other users' share by at least
 * ANALYTICS_POINTS_MIN (an absolute difference, so that a small genre's
 * tiny difference is no taste), the adjusted p-value is below
 * ANALYTICS_ALPHA and the segment has at least the minimum number of users
 * (--min-users, default ANALYTICS_MIN_USERS).
 */
#ifndef REEL_ANALYTICS_H
#define REEL_ANALYTICS_H

#include <stdint.h>

#include "out.h"
#include "stats.h" /* the cluster sums behind every test here */

#define ANALYTICS_LIFT_MIN 1.1
#define ANALYTICS_ALPHA 0.01
#define ANALYTICS_MIN_USERS 20
#define ANALYTICS_POINTS_MIN 0.01 /* one percentage point */

#define ANALYTICS_AGE_BINS 7
extern const char *const analytics_age_names[ANALYTICS_AGE_BINS];
/* The age group of an age in years (1..120): 0..ANALYTICS_AGE_BINS-1. */
int analytics_age_bin(int age);

#define ANALYTICS_ACTIVITY_BINS 4
extern const char *const analytics_activity_names[ANALYTICS_ACTIVITY_BINS];
/* The activity group of a user with n ratings, thresholds[0..2] strictly
 * increasing: 0 cold-start, 1 light, 2 active, 3 power. */
int analytics_activity_bin(uint64_t n, const long thresholds[3]);

/* Score test of a proportion k / n against p0 (0 < p0 < 1): the two-sided
 * p-value of z = (k/n - p0) / sqrt(p0 (1 - p0) / n), z in *z; NaN for n 0. */
double analytics_proportion_test(uint64_t k, uint64_t n, double p0, double *z);

/* The preference rule above, diff the segment's share minus the other
 * users' (NaN lift, diff or p never prefers). */
int analytics_prefers(double lift, double diff, double p_adjusted, uint64_t users,
		      uint64_t min_users);

/* out_open() of DIR/NAME for the analytics tools, or NULL after a message.
 * (Their figures are written with out_field_f64(), lib/out.h.) */
struct out *analytics_open(const char *dir, const char *name);

#endif
