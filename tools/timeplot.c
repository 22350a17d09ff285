/*
 * reel-timeplot - when ratings are made: hour, weekday, month, day
 *
 * Reads RATINGS with timestamps (Unix seconds, UTC) and writes into
 * OUTDIR, created if missing, each file atomically:
 *   hours.tsv     hour of day 0..23: ratings, users, mean rating, 95 % CI
 *   weekdays.tsv  Monday..Sunday, the same columns
 *   months.tsv    every calendar month from the first rating to the last
 *   days.tsv      every calendar day: ratings, active users, mean rating
 *   summary.tsv   the zone, the span, the peak hour, weekday against weekend
 * Hours, weekdays, months and days are local to --tz ZONE (an IANA name
 * from the system's time zone database; default UTC), or with --users
 * and --zip-zones to each user's own zone, from the ZIP code (lib/zipzone.h),
 * ZONE being the fallback for a user without a usable one.  The weekend is
 * also compared within users: each user's own weekend mean minus own
 * weekday mean, over the users who rated on both.  Intervals and the
 * weekend test treat users as clusters (lib/analytics.h); columns are in
 * docs/FORMATS.md, definitions in docs/ANALYTICS.md.  The peak hour is the
 * hour with the most ratings, the earliest of tied hours; summary.tsv
 * lists every tied hour.  The tables are lib/timeplot.h's; the charts are
 * drawn from them by the gnuplot scripts in plots/.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>

#include "catalog.h"
#include "err.h"
#include "opt.h"
#include "ratings.h"
#include "timeplot.h"
#include "tz.h"
#include "zipzone.h"

static const char *zone = "UTC", *outdir, *users_path, *zones_path;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-timeplot [--tz ZONE] [--users USERS --zip-zones TABLE] -o OUTDIR RATINGS\n"
		"Count and average RATINGS by local hour, weekday, month and day into OUTDIR.\n"
		"  --tz ZONE          IANA time zone name, e.g. America/New_York (default UTC);\n"
		"                     with --users, the zone of users without a usable ZIP\n"
		"  --users USERS      users.tsv: each user's local time from their ZIP code\n"
		"  --zip-zones TABLE  ZIP prefix to zone table (scripts/zip3-zones.tsv)\n"
		"  -o OUTDIR          the output directory (created if missing)\n");
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {{"tz", required_argument, NULL, 'z'},
						 {"users", required_argument, NULL, 'u'},
						 {"zip-zones", required_argument, NULL, 'Z'},
						 OPT_HELP_VERSION};
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'z': zone = optarg; break;
		case 'o': outdir = optarg; break;
		case 'u': users_path = optarg; break;
		case 'Z': zones_path = optarg; break;
		}
	}
	if (!users_path != !zones_path)
		die_usage("--users and --zip-zones go together");
	if (!outdir)
		die_usage("-o OUTDIR is required");
	if (argc - optind != 1)
		die_usage("expected one RATINGS file, got %d operands", argc - optind);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	struct ratings *r = NULL;
	struct users *us = NULL;
	struct zipzone *zz = NULL;
	if (tz_set(zone) < 0 || !(r = ratings_read(argv[optind], 0)))
		return EXIT_DATA;
	if (!r->ts) {
		error("%s: no timestamps (reel-timeplot needs a fourth field)", r->name);
		return EXIT_DATA;
	}
	if (users_path && (!(us = users_read(users_path)) || !(zz = zipzone_read(zones_path))))
		return EXIT_DATA;
	int rc = timeplot_write(r, zone, us, zz, outdir) < 0 ? EXIT_DATA : 0;
	zipzone_free(zz);
	users_free(us);
	ratings_free(r);
	return rc;
}
