/*
 * insights: statements the data supports, with their numbers; the claim
 * rules behind reel-insights.
 *
 * From the tables reel-segment and reel-timeplot wrote (read with
 * lib/table.h) insights_write() writes OUTDIR/insights.tsv and
 * OUTDIR/insights.md, each complete or absent (lib/out.h): the genre
 * preferences that pass the preference rule (lib/analytics.h), each
 * occupation's preferred genre or "no clear preference", the peak hour,
 * whether weekend ratings differ, how many users are cold-start, and a
 * check of the claims the old system printed, each supported, not
 * supported (the data cannot show it) or contradicted (the data show
 * otherwise), with the numbers that decide it.  Every sentence carries its
 * figure, sample size and significance.  The rules and the reading of each
 * claim are in docs/ANALYTICS.md, the columns in docs/FORMATS.md.  Nothing
 * is recomputed: every figure comes from the input tables.
 */
#ifndef REEL_INSIGHTS_H
#define REEL_INSIGHTS_H

#include "table.h"

/* The input tables, owned by the caller.  train_catalog (reel-segment's
 * catalog.tsv of a training split) and the UTC pair (reel-timeplot's
 * tables in UTC, shown beside the local ones) may be NULL. */
struct insights_tables {
	const struct table *genres, *segments, *catalog; /* reel-segment */
	const struct table *summary, *hours;             /* reel-timeplot */
	const struct table *train_catalog;
	const struct table *utc_summary, *utc_hours;
};

/* Write the two files into outdir (created if missing).  0, or -1 after
 * a message: on the first missing column or key or bad figure (named by
 * file and line), before anything is written; or on a failed write. */
int insights_write(const struct insights_tables *t, const char *outdir);

#endif
