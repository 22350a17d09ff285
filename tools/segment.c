/*
 * reel-segment - user segments, genre preferences and catalogue figures
 *
 * Reads RATINGS (the whole data or a training split: every figure is of
 * the file given) with the users and items tables, and writes into OUTDIR,
 * created if missing, each file atomically:
 *   segments.tsv         users, ratings and mean rating of every segment
 *   genres.tsv           per segment and genre: share, lift, test, mean
 *   occupation-lift.tsv  the occupation x genre lift grid (heatmap input)
 *   activity.tsv         ratings and mean rating of every user
 *   popularity.tsv       items by number of ratings, with the Lorenz curve
 *   rating-dist.tsv      how many ratings have each value
 *   catalog.tsv          Gini, top 10 % share and other whole-data figures
 * Segments are by gender, age group, occupation and activity, and the
 * tables are written by lib/segments.h (with lib/analytics.h); columns are in docs/FORMATS.md,
 * definitions and tests
 * in docs/ANALYTICS.md.  Without USERS (a data set with no demographics)
 * the users are RATINGS's raters and only activity segments them.
 * Every rating's user must be in USERS and its item
 * in ITEMS; a user of USERS with no rating in RATINGS counts, as cold-start.
 * Occupations are whatever names USERS uses.  Segments, occupations and
 * genres are written in a fixed order (occupations and genres by name), so
 * the output does not depend on the order of input lines.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>

#include "analytics.h"
#include "catalog.h"
#include "err.h"
#include "opt.h"
#include "ratings.h"
#include "segments.h"

static const char *users_path, *items_path, *outdir;
static long activity[3] = {20, 50, 200};
static long min_users = ANALYTICS_MIN_USERS;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-segment [--users USERS] --items ITEMS [--activity A,B,C] [--min-users N] "
		"-o OUTDIR RATINGS\n"
		"Segment the users of RATINGS and write the tables into OUTDIR.\n"
		"  --users USERS     users.tsv (age, gender, occupation); without it, the\n"
		"                    raters of RATINGS, segmented by activity only\n"
		"  --items ITEMS     items.tsv (genres)\n"
		"  --activity A,B,C  ratings per user that start light, active and power\n"
		"                    (default 20,50,200: fewer than 20 is cold-start)\n"
		"  --min-users N     users a segment needs to prefer a genre (default 20)\n"
		"  -o OUTDIR         the output directory (created if missing)\n");
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {{"users", required_argument, NULL, 'u'},
						 {"items", required_argument, NULL, 'i'},
						 {"activity", required_argument, NULL, 'a'},
						 {"min-users", required_argument, NULL, 'm'},
						 OPT_HELP_VERSION};
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'u': users_path = optarg; break;
		case 'i': items_path = optarg; break;
		case 'o': outdir = optarg; break;
		case 'a':
			if (opt_long_list("--activity", optarg, 1, 1000000000, activity, 3) != 3 ||
			    activity[0] >= activity[1] || activity[1] >= activity[2])
				die_usage(
					"--activity: expected three increasing counts A,B,C, got '%s'",
					optarg);
			break;
		case 'm': min_users = opt_long("--min-users", optarg, 1, 1000000000); break;
		}
	}
	if (!items_path || !outdir)
		die_usage("--items and -o are required");
	if (argc - optind != 1)
		die_usage("expected one RATINGS file, got %d operands", argc - optind);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	struct users *us = NULL;
	struct items *it;
	struct ratings *r;
	struct segments *S;
	if ((users_path && !(us = users_read(users_path))) || !(it = items_read(items_path)) ||
	    !(r = ratings_read(argv[optind], 0)) ||
	    !(S = segments_new(us, it, r, activity, min_users)))
		return EXIT_DATA;
	int rc = segments_write(S, it, r, activity, min_users, outdir) < 0 ? EXIT_DATA : 0;
	segments_free(S);
	ratings_free(r);
	items_free(it);
	users_free(us);
	return rc;
}
