/*
 * reel-pack - convert a ratings file between text and binary
 *
 * Reads RATINGS, text or binary (docs/FORMATS.md; either is recognised by
 * its bytes), checks it as every reader does, and writes it to OUT: a
 * binary ratings file (CSR by user, memory-mapped by every tool that reads
 * ratings) when OUT ends in ".bin", else ratings text.  The pipeline packs
 * the data set once, so no later stage parses text again.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>

#include "err.h"
#include "opt.h"
#include "ratings.h"

static const char *out_path;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-pack -o OUT RATINGS\n"
		"Convert RATINGS ('-' for stdin) to OUT: binary when OUT ends in .bin, else text.\n"
		"  -o OUT  the file to write ('-' for stdout, text)\n");
	exit(status);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	static const struct option longopts[] = {OPT_HELP_VERSION};
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1)
		if (c == 'o')
			out_path = optarg;
	if (!out_path)
		die_usage("missing -o OUT");
	if (argc - optind != 1)
		die_usage("expected one RATINGS file, got %d", argc - optind);
	struct ratings *r = ratings_read(argv[optind], 0);
	if (!r)
		return EXIT_DATA;
	struct spm *R = ratings_to_csr(r); /* the pair check of every reader */
	if (!R || ratings_write(out_path, r, NULL, 0, NULL) < 0)
		return EXIT_DATA;
	spm_free(R);
	ratings_free(r);
	return 0;
}
