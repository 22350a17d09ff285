/*
 * timeplot: when ratings are made, by hour, weekday, month and day; the
 * tables behind reel-timeplot.
 *
 * timeplot_write() writes into OUTDIR, created if missing, each file
 * complete or absent (lib/out.h):
 *   hours.tsv     hour of day 0..23: ratings, users, mean rating, 95 % CI
 *   weekdays.tsv  Monday..Sunday, the same columns
 *   months.tsv    every calendar month from the first rating to the last
 *   days.tsv      every calendar day: ratings, active users, mean rating
 *   summary.tsv   the zone, the span, the peak hour, weekday against weekend
 * Hours, weekdays, months and days are local to ZONE (an IANA name), or,
 * given a ZIP zone table, to each user's own zone from the ZIP code
 * (lib/zipzone.h), ZONE being the fallback for a user without a usable
 * one.  The weekend is also compared within users: each user's own weekend
 * mean minus own weekday mean, over the users who rated on both.
 * Intervals and the weekend test treat users as clusters
 * (lib/analytics.h); columns are in docs/FORMATS.md, definitions in
 * docs/ANALYTICS.md.  The peak hour is the hour with the most ratings, the
 * earliest of tied hours; summary.tsv lists every tied hour.  A span of
 * more than TIMEPLOT_MAX_DAYS days is refused, so that a bad timestamp far
 * in the future does not ask for a huge table.
 */
#ifndef REEL_TIMEPLOT_H
#define REEL_TIMEPLOT_H

#include "catalog.h"
#include "ratings.h"
#include "zipzone.h"

#define TIMEPLOT_MAX_DAYS 36525

/* Write the tables of r (which has timestamps and at least one rating)
 * into outdir.  zz NULL: every rating in zone; else each user's zone from
 * the users table us (which must hold every user of r).  Changes the
 * process's zone (tz_set).  0, or -1 after a message (an unknown zone, a
 * user missing from us, a timestamp out of range, a span too long, a
 * failed write). */
int timeplot_write(const struct ratings *r, const char *zone, const struct users *us,
		   const struct zipzone *zz, const char *outdir);

#endif
