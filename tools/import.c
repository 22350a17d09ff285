/*
 * reel-import - convert a MovieLens data set into reel's formats
 *
 * Reads one MovieLens directory (lib/movielens.h says which files and how)
 * and writes OUTDIR/ratings.tsv, OUTDIR/items.tsv and OUTDIR/users.tsv
 * (docs/FORMATS.md), creating OUTDIR and its parents if missing.
 * MovieLens 10M and the CSV releases (20M, 25M, latest, latest-small) have
 * no demographics: no users.tsv is written, and one left by an earlier
 * import is removed, with a warning, since its users are not these.
 *
 * All or nothing.  The outputs are written under temporary names and
 * renamed into place only after every input has been read and checked, so
 * bad input leaves OUTDIR as it was (an OUTDIR it made is removed again).
 * Should a rename still fail, the outputs already renamed are removed
 * (out_close_all): a failed import never leaves a new ratings.tsv beside
 * an old or missing items.tsv.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "opt.h"
#include "movielens.h"
#include "out.h"

static const char *const layout_options[] = {"--ml100k", "--ml1m", "--ml-latest", "--ml10m"};
static enum movielens_layout layout;
static const char *indir, *outdir;

static char *out_path(const char *name)
{
	size_t n = strlen(outdir);
	while (n > 1 && outdir[n - 1] == '/')
		n--;
	char *p = xmalloc(n + strlen(name) + 2);
	sprintf(p, "%.*s/%s", (int)n, outdir, name);
	return p;
}

static int has_users(void)
{
	return layout == MOVIELENS_100K || layout == MOVIELENS_1M;
}

/* users.tsv from an earlier import describes other people. */
static void remove_old_users(void)
{
	char *old = out_path("users.tsv");
	if (unlink(old) == 0)
		warn("removed %s: MovieLens %s has no user data", old,
		     layout == MOVIELENS_10M ? "10M" : "latest");
	else if (errno != ENOENT)
		die("%s:", old);
	free(old);
}

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-import (--ml100k DIR | --ml1m DIR | --ml10m DIR | --ml-latest DIR) -o "
		"OUTDIR\n"
		"Convert a MovieLens directory into OUTDIR/ratings.tsv, items.tsv and users.tsv.\n"
		"  --ml100k DIR         MovieLens 100K: u.data, u.item, u.user, u.genre\n"
		"  --ml1m DIR           MovieLens 1M: ratings.dat, movies.dat, users.dat\n"
		"  --ml10m DIR          MovieLens 10M: ratings.dat, movies.dat (no users.tsv)\n"
		"  --ml-latest DIR      MovieLens 20M, 25M, latest, latest-small: ratings.csv,\n"
		"                       movies.csv (no users.tsv)\n"
		"  -o, --output OUTDIR  where to write; created if missing\n");
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {{"ml100k", required_argument, NULL, 'a'},
						 {"ml1m", required_argument, NULL, 'b'},
						 {"ml-latest", required_argument, NULL, 'c'},
						 {"ml10m", required_argument, NULL, 'd'},
						 {"output", required_argument, NULL, 'o'},
						 OPT_HELP_VERSION};
	int c, nsets = 0;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'a':
		case 'b':
		case 'c':
		case 'd':
			layout = (enum movielens_layout)(c - 'a');
			indir = optarg;
			nsets++;
			break;
		case 'o': outdir = optarg; break;
		}
	}
	if (nsets != 1)
		die_usage("expected one of --ml100k, --ml1m, --ml10m and --ml-latest, got %d",
			  nsets);
	if (!*indir)
		die_usage("%s: expected a directory, got ''", layout_options[layout]);
	if (!outdir || !*outdir)
		die_usage("expected -o OUTDIR");
	if (optind < argc)
		die_usage("unexpected operand '%s'", argv[optind]);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	if (out_mkdir(outdir) < 0)
		return EXIT_DATA;
	/* the order of renaming: ratings.tsv, what Make builds on, comes last */
	static const char *const names[] = {"items.tsv", "users.tsv", "ratings.tsv"};
	struct out *o[3] = {NULL, NULL, NULL};
	char *path[3];
	int ok = 1;
	for (int i = 0; i < 3; i++) {
		path[i] = out_path(names[i]);
		if (ok && (i != 1 || has_users()))
			ok = (o[i] = out_open(path[i])) != NULL;
	}
	struct movielens_out mo = {.items = o[0], .users = o[1], .ratings = o[2]};
	if (!ok || movielens_import(layout, indir, &mo) < 0) {
		ok = 0;
		for (int i = 0; i < 3; i++)
			out_abort(o[i]);
	} else if (out_close_all(o, 3) < 0) {
		ok = 0;
	} else if (!has_users()) {
		remove_old_users();
	}
	for (int i = 0; i < 3; i++)
		free(path[i]);
	return ok ? 0 : EXIT_DATA;
}
