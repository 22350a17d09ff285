/*
 * reel-insights - statements the data supports, with their numbers
 *
 * Reads the tables reel-segment wrote into SEGDIR and reel-timeplot into
 * TIMEDIR (and, with --train, reel-segment's tables of a training split)
 * and writes OUTDIR/insights.tsv and OUTDIR/insights.md, each atomically:
 * the genre preferences that pass the preference rule (lib/analytics.h),
 * each occupation's preferred genre or "no clear preference", the peak
 * hour, whether weekend ratings differ, how many users are cold-start,
 * and a check of the claims the old system printed, each supported or
 * not with the numbers that decide it.  Every sentence carries its figure,
 * sample size and significance.  The rules and the reading of each claim
 * are in docs/ANALYTICS.md; columns in docs/FORMATS.md.  The rules are
 * lib/insights.h's; nothing is recomputed: every figure comes from the
 * input tables.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>

#include "err.h"
#include "insights.h"
#include "opt.h"
#include "table.h"

static const char *train_dir, *outdir;
static const char *utc_dir;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-insights [--train TRAINSEGDIR] [--utc UTCTIMEDIR] -o OUTDIR SEGDIR TIMEDIR\n"
		"Write the insight sentences and the claims check from reel-segment's tables\n"
		"(SEGDIR) and reel-timeplot's (TIMEDIR) into OUTDIR.\n"
		"  --train DIR  reel-segment's tables of the training split (cold-start count)\n"
		"  --utc DIR    reel-timeplot's tables in UTC, shown beside TIMEDIR's\n"
		"  -o OUTDIR    the output directory (created if missing)\n");
	exit(status);
}

/* DIR/NAME read as a table, or NULL after a message. */
static struct table *load(const char *dir, const char *name)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
		error("%s: path too long", dir);
		return NULL;
	}
	return table_read(path);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {{"train", required_argument, NULL, 't'},
						 {"utc", required_argument, NULL, 'U'},
						 OPT_HELP_VERSION};
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 't': train_dir = optarg; break;
		case 'U': utc_dir = optarg; break;
		case 'o': outdir = optarg; break;
		}
	}
	if (!outdir)
		die_usage("-o OUTDIR is required");
	if (argc - optind != 2)
		die_usage("expected SEGDIR TIMEDIR, got %d operand%s", argc - optind,
			  argc - optind == 1 ? "" : "s");
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	const char *segdir = argv[optind], *timedir = argv[optind + 1];
	struct table *genres = NULL, *segments = NULL, *catalog = NULL, *summary = NULL,
		     *hours = NULL, *train = NULL, *utc_summary = NULL, *utc_hours = NULL;
	int ok = (genres = load(segdir, "genres.tsv")) &&
		 (segments = load(segdir, "segments.tsv")) &&
		 (catalog = load(segdir, "catalog.tsv")) &&
		 (summary = load(timedir, "summary.tsv")) && (hours = load(timedir, "hours.tsv")) &&
		 (!train_dir || (train = load(train_dir, "catalog.tsv"))) &&
		 (!utc_dir || ((utc_summary = load(utc_dir, "summary.tsv")) &&
			       (utc_hours = load(utc_dir, "hours.tsv"))));
	struct insights_tables t = {genres, segments, catalog,     summary,
				    hours,  train,    utc_summary, utc_hours};
	ok = ok && insights_write(&t, outdir) == 0;
	struct table *all[] = {genres, segments, catalog,     summary,
			       hours,  train,    utc_summary, utc_hours};
	for (size_t k = 0; k < sizeof all / sizeof *all; k++)
		table_free(all[k]);
	return ok ? 0 : EXIT_DATA;
}
