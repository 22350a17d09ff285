/*
 * reel-train-baseline - train a popularity, random, genre, item-kNN, RP3beta or EASE model
 *
 * Reads a ratings file and writes a model file that reel-topk, reel-score
 * and reel-similar serve like any other.  pop, random and genre are factor
 * models of kind baseline (lib/baseline.h); itemknn, rp3beta and ease are
 * item-item models (lib/itemitem.h) with binary histories.  genre reads
 * the items table (--items) for the items' genres.
 */
#include <getopt.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "baseline.h"
#include "catalog.h"
#include "err.h"
#include "itemitem.h"
#include "num.h"
#include "opt.h"
#include "ratings.h"

#define DEFAULT_NEIGHBOURS 100
#define DEFAULT_EASE_REG 500.0
/* RP3beta: chosen on a validation split of MovieLens 100K (docs/EXPERIMENTS.md) */
#define DEFAULT_RP3_ALPHA 1.0
#define DEFAULT_RP3_BETA 0.5

enum kind { K_POP, K_RANDOM, K_GENRE, K_ITEMKNN, K_EASE, K_RP3BETA, K_NONE };
static const char *kind_names[] = {"pop", "random", "genre", "itemknn", "ease", "rp3beta"};

static enum kind kind = K_NONE;
static const char *items_path, *out_path;
static long neighbours = DEFAULT_NEIGHBOURS, max_items = UINT32_MAX;
static double reg = DEFAULT_EASE_REG, alpha = DEFAULT_RP3_ALPHA, beta = DEFAULT_RP3_BETA;
static uint64_t seed = 42;
static int have_neighbours, have_reg, have_seed, have_ab, have_max_items, threads;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-train-baseline --kind pop|random|genre|itemknn|ease|rp3beta [--items ITEMS] "
		"[--neighbours N] [--reg L] [--max-items N] [--alpha A] [--beta B] [--seed N] "
		"[--threads N] -o MODEL TRAIN\n"
		"Train a baseline model on the ratings in TRAIN ('-' for stdin).\n"
		"  --kind pop       popularity: the number of training users of each item\n"
		"  --kind random    random factors (%d), seeded\n"
		"  --kind genre     cosine of the user's rating-weighted genre profile and the "
		"item's genres\n"
		"  --kind itemknn   item-item cosine, N neighbours per item\n"
		"  --kind ease      EASE (Steck 2019), closed form, regularisation L\n"
		"  --kind rp3beta   RP3beta (Paudel et al. 2017): item -> user -> item walks,\n"
		"                   probabilities to the power A, over popularity^B, N neighbours\n"
		"  --items ITEMS    genre: the items table (items.tsv) with the genres\n"
		"  --neighbours N   itemknn, rp3beta: neighbours per item (default %d)\n"
		"  --reg L          ease: lambda (default %g)\n"
		"  --max-items N    ease: only the N most popular items (default: all)\n"
		"  --alpha A        rp3beta: exponent of the walk's probabilities (default %g)\n"
		"  --beta B         rp3beta: exponent of the popularity penalty (default %g)\n"
		"  --seed N         random: seed (default 42)\n"
		"  --threads N      threads (default: all cores)\n"
		"  -o MODEL         the model file to write\n",
		BASELINE_RANDOM_FACTORS, DEFAULT_NEIGHBOURS, DEFAULT_EASE_REG, DEFAULT_RP3_ALPHA,
		DEFAULT_RP3_BETA);
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	enum {
		O_KIND = 256,
		O_ITEMS,
		O_NEIGH,
		O_REG,
		O_SEED,
		O_THREADS,
		O_MAX_ITEMS,
		O_ALPHA,
		O_BETA
	};
	static const struct option longopts[] = {
		{"kind", required_argument, NULL, O_KIND},
		{"items", required_argument, NULL, O_ITEMS},
		{"neighbours", required_argument, NULL, O_NEIGH},
		{"reg", required_argument, NULL, O_REG},
		{"seed", required_argument, NULL, O_SEED},
		{"max-items", required_argument, NULL, O_MAX_ITEMS},
		{"alpha", required_argument, NULL, O_ALPHA},
		{"beta", required_argument, NULL, O_BETA},
		{"threads", required_argument, NULL, O_THREADS},
		OPT_HELP_VERSION,
	};
	int c, k;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'o': out_path = optarg; break;
		case O_KIND:
			for (k = 0; k < K_NONE && strcmp(optarg, kind_names[k]); k++)
				;
			if (k == K_NONE)
				die_usage("--kind: expected pop, random, genre, itemknn, ease or "
					  "rp3beta, got '%s'",
					  optarg);
			kind = (enum kind)k;
			break;
		case O_ITEMS: items_path = optarg; break;
		case O_NEIGH:
			neighbours = opt_long("--neighbours", optarg, 1, 1000000);
			have_neighbours = 1;
			break;
		case O_REG:
			reg = opt_double("--reg", optarg, 0, 1e12);
			have_reg = 1;
			break;
		case O_ALPHA:
			alpha = opt_double("--alpha", optarg, 0, 10);
			have_ab = 1;
			break;
		case O_BETA:
			beta = opt_double("--beta", optarg, 0, 10);
			have_ab = 1;
			break;
		case O_SEED:
			seed = opt_seed("--seed", optarg);
			have_seed = 1;
			break;
		case O_MAX_ITEMS:
			max_items = opt_long("--max-items", optarg, 1, 1000000);
			have_max_items = 1;
			break;
		case O_THREADS: threads = (int)opt_long("--threads", optarg, 1, 1024); break;
		}
	}
	if (kind == K_NONE)
		die_usage("missing --kind");
	if (!out_path)
		die_usage("missing -o MODEL");
	if (argc - optind != 1)
		die_usage("expected one TRAIN file, got %d", argc - optind);
	if ((kind == K_GENRE) != (items_path != NULL))
		die_usage(kind == K_GENRE ? "--kind genre needs --items ITEMS"
					  : "--items applies to --kind genre only");
	if (have_neighbours && kind != K_ITEMKNN && kind != K_RP3BETA)
		die_usage("--neighbours applies to --kind itemknn and rp3beta only");
	if (have_ab && kind != K_RP3BETA)
		die_usage("--alpha and --beta apply to --kind rp3beta only");
	if (have_reg && kind != K_EASE)
		die_usage("--reg applies to --kind ease only");
	if (have_max_items && kind != K_EASE)
		die_usage("--max-items applies to --kind ease only");
	if (have_seed && kind != K_RANDOM)
		die_usage("--seed applies to --kind random only");
}

static int train_factor(const struct spm *R, const struct ratings *r, const char *train)
{
	struct model *mo = NULL;
	if (kind == K_POP) {
		mo = baseline_train_pop(R, r->users->ext, r->items->ext);
	} else if (kind == K_RANDOM) {
		mo = baseline_train_random(R, r->users->ext, r->items->ext, seed);
	} else {
		struct items *catalog = items_read(items_path);
		if (!catalog)
			return -1;
		mo = baseline_train_genre(R, r->users->ext, r->items->ext, catalog);
		items_free(catalog);
		if (!mo)
			return -1;
		model_param(mo, "items", "%s", items_path);
	}
	model_param(mo, "model", "%s", kind_names[kind]);
	model_param(mo, "train", "%s", train);
	model_param(mo, "train_crc32", "%08x", r->crc);
	int rc = model_write(mo, out_path);
	model_free(mo);
	return rc;
}

static int train_itemitem(const struct spm *R, const struct ratings *r, const char *train)
{
	uint32_t nb = (uint32_t)neighbours;
	struct itemitem *mo =
		kind == K_ITEMKNN
			? itemitem_train_knn(R, r->users->ext, r->items->ext, nb, ITEMITEM_BINARY)
		: kind == K_RP3BETA
			? itemitem_train_rp3beta(R, r->users->ext, r->items->ext, nb, alpha, beta)
			: itemitem_train_ease_popular(R, r->users->ext, r->items->ext, reg,
						      ITEMITEM_BINARY, (uint32_t)max_items);
	if (!mo)
		return -1;
	itemitem_param(mo, "train", "%s", train);
	itemitem_param(mo, "train_crc32", "%08x", r->crc);
	int rc = itemitem_write(mo, out_path);
	itemitem_free(mo);
	return rc;
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	if (threads)
		omp_set_num_threads(threads);
	const char *train = argv[optind];
	struct ratings *r = ratings_read(train, RATINGS_FINGERPRINT);
	if (!r)
		return EXIT_DATA;
	struct spm *R = ratings_to_csr(r);
	if (!R)
		return EXIT_DATA;
	int rc = kind == K_ITEMKNN || kind == K_EASE || kind == K_RP3BETA
			 ? train_itemitem(R, r, train)
			 : train_factor(R, r, train);
	spm_free(R);
	ratings_free(r);
	return rc < 0 ? EXIT_DATA : 0;
}
