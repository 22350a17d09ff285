/*
 * synth: MovieLens-shaped synthetic ratings with planted structure, the
 * generator behind reel-synth.
 *
 * synth_write() writes the items, users and ratings tables in the formats
 * of docs/FORMATS.md, ids from 1.  The model, in the order the data are
 * drawn (docs/TOOLS.md lists the planted structure a test may rely on):
 *   items  1-3 genres, a year, a latent vector near the mean of its genres'
 *          vectors, a bias, and a shifted power-law popularity by a random
 *          rank (ids carry no popularity)
 *   users  age, gender, occupation, one of 8 taste clusters and a latent
 *          vector near the cluster's centroid
 *   counts SYNTH_MIN_PER_USER each, plus a lognormal share of the rest
 *          (exactly nratings)
 *   picks  distinct items in proportion to popularity x exp(cluster
 *          affinity) x the occupation's genre boost
 *   values a latent score (biases + user.item + boost + noise) cut at
 *          thresholds into 1..5 (or, with half_stars, 0.5..5 by halves)
 *   times  a window per user; evenings and weekends weighted up (UTC)
 * Everything is drawn from seed on one thread, one stream per stage, so
 * equal parameters give byte-identical output, and the items table depends
 * on nitems alone, the users table on nusers alone.
 */
#ifndef REEL_SYNTH_H
#define REEL_SYNTH_H

#include <stdint.h>

#include "out.h"

#define SYNTH_MIN_PER_USER 20

struct synth_params {
	uint64_t nusers, nitems,
		nratings; /* SYNTH_MIN_PER_USER * nusers <= nratings <= nusers * nitems */
	uint64_t seed;
	int64_t start_time; /* the first possible timestamp, Unix seconds */
	long ndays;         /* the days the timestamps span, >= 1 */
	int half_stars;     /* ratings 0.5 .. 5 in halves, not 1 .. 5 */
};

/* Draw the data set of p and write it to the three streams, which stay the
 * caller's to close (their write errors are remembered there, lib/out.h).
 * The parameters must meet the bounds above; only running out of memory
 * ends the process. */
void synth_write(const struct synth_params *p, struct out *items, struct out *users,
		 struct out *ratings);

#endif
