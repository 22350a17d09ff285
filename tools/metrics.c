/*
 * reel-metrics - ranking figures of recommendations, or rating errors
 *
 * Ranking mode reads RECS ("user item rank score" lines, in any order) and
 * TEST (a ratings file) and prints "name<TAB>value" lines, for each K of -k
 * (lib/evaluate.h says which users count and how); --per-user writes one
 * row per evaluated user.  --rmse reads reel-score output instead and
 * prints n, rmse and mae.  docs/METRICS.md defines every figure;
 * lib/metrics.c computes them.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "err.h"
#include "evaluate.h"
#include "opt.h"

#define MAX_K 1000000L

/* default: every test rating is relevant */
static struct eval_params P = {.relevant_min = -INFINITY, .out_path = "-"};
static const char *rmse_path;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-metrics -k K[,K...] [--train TRAIN] [--relevant-min R] "
		"[--per-user FILE] [-o FILE] RECS TEST\n"
		"       reel-metrics --rmse SCORED [-o FILE]\n"
		"Evaluate recommendations RECS against the ratings TEST; '-' is stdin.\n"
		"  -k K[,K...]        cut-offs, 1 <= K <= %ld, several at once: -k 5,10,20\n"
		"  --train TRAIN      the training ratings: adds coverage@K and novelty@K\n"
		"  --relevant-min R   only test ratings >= R are relevant (default: all)\n"
		"  --per-user FILE    also write one row of figures per evaluated user\n"
		"  --rmse SCORED      instead: rmse and mae of reel-score output\n"
		"  -o FILE            write the figures to FILE (default stdout)\n",
		MAX_K);
	exit(status);
}

static void parse_k(const char *arg)
{
	P.nk = opt_long_list("-k", arg, 1, MAX_K, P.ks, EVAL_MAX_KS);
	for (int i = 0; i < P.nk; i++)
		for (int j = 0; j < i; j++)
			if (P.ks[i] == P.ks[j])
				die_usage("-k: %ld given twice in '%s'", P.ks[i], arg);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {{"train", required_argument, NULL, 't'},
						 {"relevant-min", required_argument, NULL, 'r'},
						 {"per-user", required_argument, NULL, 'p'},
						 {"rmse", required_argument, NULL, 'e'},
						 OPT_HELP_VERSION};
	int c, nstdin = 0;
	while ((c = opt_next(argc, argv, "k:o:", longopts, usage)) != -1) {
		switch (c) {
		case 'o': P.out_path = optarg; break;
		case 'k': parse_k(optarg); break;
		case 't': P.train_path = optarg; break;
		case 'r':
			/* Ratings are held as float: compare with R rounded the same way. */
			P.relevant_min = (float)opt_double("--relevant-min", optarg, -1e30, 1e30);
			break;
		case 'p': P.per_user_path = optarg; break;
		case 'e': rmse_path = optarg; break;
		}
	}
	int nops = argc - optind;
	if (rmse_path) {
		if (P.nk || P.train_path || P.per_user_path || P.relevant_min != -INFINITY)
			die_usage("--rmse takes no other option");
		if (nops != 0)
			die_usage("--rmse takes no operand, got %d", nops);
		return;
	}
	if (P.nk == 0)
		die_usage("-k is required");
	if (nops != 2)
		die_usage("expected RECS TEST, got %d operand%s", nops, nops == 1 ? "" : "s");
	nstdin = !strcmp(argv[optind], "-") + !strcmp(argv[optind + 1], "-") +
		 (P.train_path && !strcmp(P.train_path, "-"));
	if (nstdin > 1)
		die_usage("only one of RECS, TEST and TRAIN can be standard input");
	if (P.per_user_path && !strcmp(P.per_user_path, "-") && !strcmp(P.out_path, "-"))
		die_usage("--per-user cannot be standard output: the summary goes there");
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	if (rmse_path)
		return evaluate_rmse(rmse_path, P.out_path) < 0 ? EXIT_DATA : 0;
	struct metrics_recs *rs = metrics_recs_read(argv[optind]);
	if (!rs || evaluate_ranking(rs, argv[optind + 1], &P) < 0)
		return EXIT_DATA;
	metrics_recs_free(rs);
	return 0;
}
