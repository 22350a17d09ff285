/*
 * reel-similar - the items most similar to given items
 *
 * Reads item ids, one a line, from ITEMS (default stdin) and writes, for
 * each in input order, its K most similar other items as
 * "item similar rank similarity" lines.  Factor models: the cosine of the
 * item factor vectors, computed in double (0 against a zero vector);
 * item-item models: the item's row of B, i.e. how much having the item in
 * a history adds to each other item's score.  Ties go to the lower item
 * id.  An item the model does not know stops the tool (exit 1).
 */
#include <getopt.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>

#include "err.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "recommend.h"

#define K_MAX 100000L
/* Queries per pass: bounds the result arrays. */
#define PASS_ENTRIES (1u << 22)

static const char *model_path, *out_path = "-";
static uint32_t K = 10;
static int threads;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-similar -m MODEL [-k K] [--threads N] [-o OUT] [ITEMS]\n"
		"The K items most similar to each item id of ITEMS (one a line; default stdin).\n"
		"  -m MODEL      any model file: cosine of item factors, or item-item weights\n"
		"  -k K          similar items per item, 1 <= K <= %ld (default 10)\n"
		"  --threads N   threads (default: all cores)\n"
		"  -o OUT        output file (default: stdout)\n",
		K_MAX);
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	enum { O_THREADS = 256 };
	static const struct option longopts[] = {
		{"threads", required_argument, NULL, O_THREADS},
		OPT_HELP_VERSION,
	};
	int c;
	while ((c = opt_next(argc, argv, "m:k:o:", longopts, usage)) != -1) {
		switch (c) {
		case 'm': model_path = optarg; break;
		case 'k': K = (uint32_t)opt_long("-k", optarg, 1, K_MAX); break;
		case 'o': out_path = optarg; break;
		case O_THREADS: threads = (int)opt_long("--threads", optarg, 1, 1024); break;
		}
	}
	if (!model_path)
		die_usage("missing -m MODEL");
	if (argc - optind > 1)
		die_usage("expected at most one ITEMS file, got %d", argc - optind);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	if (threads)
		omp_set_num_threads(threads);
	struct recommender *r = recommend_open(model_path);
	if (!r)
		return EXIT_DATA;
	uint32_t *queries;
	int64_t count = recommend_read_ids(r, optind < argc ? argv[optind] : "-",
					   RECOMMEND_IDS_ITEMS, &queries);
	if (count < 0)
		return EXIT_DATA;
	struct out *o = out_open(out_path);
	if (!o)
		return EXIT_DATA;
	uint32_t per = PASS_ENTRIES / K ? PASS_ENTRIES / K : 1;
	uint32_t *items = xmallocarray((size_t)per * K, sizeof *items);
	float *sims = xmallocarray((size_t)per * K, sizeof *sims);
	uint32_t *found = xmallocarray(per, sizeof *found);
	for (int64_t j0 = 0; j0 < count; j0 += per) {
		uint32_t nb = count - j0 < per ? (uint32_t)(count - j0) : per;
		recommend_similar(r, queries + j0, nb, K, items, sims, found);
		for (uint32_t j = 0; j < nb; j++) {
			for (uint32_t t = 0; t < found[j]; t++) {
				out_u64(o, r->item_ids[queries[j0 + j]]);
				out_putc(o, '\t');
				out_u64(o, r->item_ids[items[(size_t)j * K + t]]);
				out_putc(o, '\t');
				out_u64(o, t + 1);
				out_putc(o, '\t');
				out_f32(o, sims[(size_t)j * K + t]);
				out_putc(o, '\n');
			}
		}
	}
	if (out_close(o) < 0)
		return EXIT_DATA;
	free(items);
	free(sims);
	free(found);
	free(queries);
	recommend_free(r);
	return 0;
}
