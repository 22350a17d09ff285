/*
 * scalestudy: the measured scalability study behind reel-scalesim.
 *
 * For each size N (ratings, ascending, each once) the study runs reel-synth
 * (users and items growing with N by its MovieLens rule), then times
 * reel-train-als and reel-topk for every user on that data, each a child
 * process whose wall time is taken on the monotonic clock and whose peak
 * memory is wait4's ru_maxrss; with reps > 1 the fastest run and the
 * largest peak count.  The fits (lib/scale.h) are time = a N^b, memory =
 * a N^b and memory = fixed + bytes per rating; the projection to 100M and
 * 1B ratings says whether one machine of `memory` bytes holds each step.
 * The method is in docs/EXPERIMENTS.md; the tables' columns in
 * docs/FORMATS.md.
 *
 * Every function returns 0, or -1 after a message.
 */
#ifndef REEL_SCALESTUDY_H
#define REEL_SCALESTUDY_H

#include <stdint.h>

#include "scale.h"

#define SCALE_MAX_SIZES 32
#define SCALE_STEPS 2 /* train, topk */

struct scale_study {
	long sizes[SCALE_MAX_SIZES]; /* ratings per run */
	int nsizes;
	long reps, factors, iters, threads; /* threads 0: the tools' default */
	double memory;                      /* the machine's bytes, for the projection */
	uint64_t seed;
	int keep;  /* keep each size's data and model in WORKDIR/N */
	int quiet; /* no progress lines */
};

/* What was measured at one size. */
struct scale_point {
	double ratings, users, items;
	double seconds[SCALE_STEPS], peak[SCALE_STEPS]; /* peak resident set, bytes */
};

struct scale_fits {
	struct scale_fit time[SCALE_STEPS], mem_power[SCALE_STEPS], mem_linear[SCALE_STEPS];
};

/* Sort and deduplicate s->sizes; fewer than 3 distinct sizes cannot give a
 * fit with an interval (an error). */
int scale_study_sizes(struct scale_study *s);

/* Run every size in WORKDIR (which must exist), filling pt[0..nsizes-1]. */
int scale_study_run(const struct scale_study *s, const char *workdir, struct scale_point *pt);

/* Fit every step's time and memory. */
int scale_study_fit(const struct scale_study *s, const struct scale_point *pt,
		    struct scale_fits *f);

/* Write DIR/measurements.tsv, fit.tsv and projection.tsv (with a line a
 * projection on stderr unless quiet). */
int scale_study_write(const struct scale_study *s, const char *dir, const struct scale_point *pt,
		      const struct scale_fits *f);

/* Draw DIR/scale.png and .svg (plots/scale.gp); DIR holds no single quote. */
int scale_study_chart(const struct scale_study *s, const char *dir, const struct scale_fits *f);

#endif
