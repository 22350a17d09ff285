/*
 * reel-shard - cut a ratings file into parts by a hash of the user id
 *
 * Reads RATINGS (docs/FORMATS.md) and writes each line, unchanged and in
 * input order, to OUTDIR/part-NNNNN.tsv.gz, NNNNN = ratings_part(user, N)
 * (lib/ratings.h): every rating of a user lands in the same part, and a
 * distributed reel-train-als given OUTDIR reads part j on rank j mod ranks
 * (docs/SCALE.md).  Lines are streamed; each is checked as ratings_read()
 * checks it (3 or 4 fields, the first line's count), so a fault is named
 * by its line in RATINGS, not in a part; a (user, item) pair given twice
 * is found when the parts are read (a user's ratings are all in one part).
 * The parts are committed together (out_close_all): a failure leaves the
 * old parts as they were, never some new beside some old.  A part-* file
 * in OUTDIR that this run would not write is an error, as a distributed
 * run would read it too.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "analytics.h"
#include "err.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "ratings.h"
#include "tsv.h"

static long parts;
static const char *outdir;
static int quiet;

/* -1 after a message if OUTDIR (which may not exist yet) holds a part-*
 * entry other than part-00000.tsv.gz .. this run's last part */
static int check_stale(void)
{
	DIR *dir = opendir(outdir);
	if (!dir)
		return 0;
	int rc = 0;
	for (struct dirent *e; rc == 0 && (e = readdir(dir));) {
		char *end;
		if (strncmp(e->d_name, "part-", 5) != 0)
			continue;
		long j = strtol(e->d_name + 5, &end, 10);
		if (end != e->d_name + 10 || strcmp(end, ".tsv.gz") != 0 || j < 0 || j >= parts)
			rc = error("%s/%s: not one of the %ld parts this run writes (a distributed "
				   "run would read it too: remove it)",
				   outdir, e->d_name, parts);
	}
	closedir(dir);
	return rc;
}

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp, "usage: reel-shard --parts N [--quiet] -o OUTDIR RATINGS\n"
		    "Cut RATINGS ('-' for stdin) into OUTDIR/part-00000.tsv.gz ... by user.\n"
		    "  --parts N        number of parts, 1 to 1024\n"
		    "  --quiet          no summary line on stderr\n"
		    "  -o OUTDIR        the directory to write, created if missing\n");
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	enum { O_PARTS = 256, O_QUIET };
	static const struct option longopts[] = {{"parts", required_argument, NULL, O_PARTS},
						 {"quiet", no_argument, NULL, O_QUIET},
						 {"output", required_argument, NULL, 'o'},
						 OPT_HELP_VERSION};
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'o': outdir = optarg; break;
		case O_PARTS: parts = opt_long("--parts", optarg, 1, 1024); break;
		case O_QUIET: quiet = 1; break;
		}
	}
	if (!parts)
		die_usage("missing --parts N");
	if (!outdir)
		die_usage("missing -o OUTDIR");
	if (argc - optind != 1)
		die_usage("expected one RATINGS file, got %d", argc - optind);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	struct tsv *in = tsv_open(argv[optind], '\t');
	if (!in)
		return EXIT_DATA;
	if (check_stale() < 0 || out_mkdir(outdir) < 0)
		return EXIT_DATA;
	struct out **o = xcalloc((size_t)parts, sizeof *o);
	char path[4096];
	for (long j = 0; j < parts; j++) {
		snprintf(path, sizeof path, "%s/part-%05ld.tsv.gz", outdir, j);
		if (!(o[j] = out_open(path)))
			return EXIT_DATA;
	}
	int got, nf = 0, rc = 0;
	uint64_t lines = 0;
	while (rc == 0 && (got = tsv_next(in)) == 1) {
		uint32_t u, i;
		double v;
		int64_t ts;
		if (nf == 0 && (in->nfields == 3 || in->nfields == 4))
			nf = in->nfields;
		if (nf == 0)
			rc = tsv_error(in,
				       "expected 3 or 4 fields (user, item, rating[, timestamp]), "
				       "found %d",
				       in->nfields);
		else if (ratings_parse_line(in, nf, &u, &i, &v, &ts) < 0)
			rc = -1;
		else {
			struct out *to = o[ratings_part(u, (uint32_t)parts)];
			out_puts(to, tsv_line_text(in));
			out_putc(to, '\n');
			lines++;
		}
	}
	if (rc == 0 && got < 0)
		rc = -1;
	if (tsv_close(in) < 0)
		rc = -1;
	if (rc == 0 && lines == 0)
		rc = error("%s: no ratings (empty file)", argv[optind]);
	if (rc < 0)
		for (long j = 0; j < parts; j++)
			out_abort(o[j]);
	else if (out_close_all(o, (int)parts) < 0)
		rc = -1;
	free(o);
	if (rc == 0 && !quiet)
		note("%llu ratings in %ld parts", (unsigned long long)lines, parts);
	return rc < 0 ? EXIT_DATA : 0;
}
