/*
 * reel-split - split a ratings file into train and test sets
 *
 * Reads RATINGS (docs/FORMATS.md) and writes every line, unchanged and in
 * input order, to exactly one of TRAIN and TEST; an output named *.bin is
 * a binary ratings file instead (lib/ratings.h).  The modes:
 *   user       per user, a random --test-frac of the ratings to test
 *   time       globally, the latest --test-frac of all ratings to test
 *   user-time  per user, the latest --test-frac of the ratings to test
 *   kfold      per user, ratings dealt at random into --folds folds;
 *              fold --fold is the test set
 * Per-user modes keep at least one training rating for every user.  Ties in
 * time are broken by input line.  Randomness comes from --seed only: users
 * are visited in ascending id and each user's ratings in ascending item id,
 * so the split does not depend on the order of the input lines.
 */
#include <getopt.h>
#include <stdnoreturn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "ratings.h"
#include "rng.h"
#include "spm.h"

enum mode { MODE_USER, MODE_TIME, MODE_USER_TIME, MODE_KFOLD };
static const char *mode_names[] = {"user", "time", "user-time", "kfold"};

static enum mode mode = MODE_USER;
static double test_frac = 0.2;
static long folds = 5, fold = -1;
static uint64_t seed = 42;
static int quiet;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-split [--mode user|time|user-time|kfold] [--test-frac F] [--folds K "
		"--fold I] [--seed N] [--quiet] RATINGS TRAIN TEST\n"
		"Split RATINGS into TRAIN and TEST; '-' is stdin or stdout.\n"
		"  --mode M         user (default), time, user-time or kfold\n"
		"  --test-frac F    share of ratings to test, 0 < F < 1 (default 0.2)\n"
		"  --folds K        number of folds for kfold (default 5)\n"
		"  --fold I         the fold that is the test set, 0 <= I < K (kfold)\n"
		"  --seed N         random seed (default 42)\n"
		"  --quiet          no summary line on stderr\n");
	exit(status);
}

/* Timestamps compare first, then user and item (dense indices follow the
 * external ids' order), so the order is total and independent of the
 * order of input lines. */
static const struct ratings *sort_r;
static int by_time(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct ratings *r = sort_r;
	if (r->ts[x] != r->ts[y])
		return r->ts[x] < r->ts[y] ? -1 : 1;
	if (r->user[x] != r->user[y])
		return r->user[x] < r->user[y] ? -1 : 1;
	return (r->item[x] > r->item[y]) - (r->item[x] < r->item[y]);
}

/* How many of a user's n ratings go to test: the rounded share, keeping at
 * least one for training. */
static uint64_t user_test_count(uint64_t n)
{
	uint64_t k = (uint64_t)floor(test_frac * (double)n + 0.5);
	return k >= n ? n - 1 : k;
}

static void shuffle(gsl_rng *rng, uint32_t *a, uint64_t n)
{
	for (uint64_t i = n; i > 1; i--) {
		uint64_t j = rng_below(rng, i);
		uint32_t tmp = a[i - 1];
		a[i - 1] = a[j];
		a[j] = tmp;
	}
}

/* Per-user modes: mark[t] = 1 for the ratings that go to test. */
static void split_per_user(const struct ratings *r, unsigned char *mark)
{
	uint32_t *perm;
	struct spm *byuser =
		spm_build(r->users->n, r->items->n, r->n, r->user, r->item, r->value, &perm);
	gsl_rng *rng = rng_new(seed);
	sort_r = r;
	for (uint32_t u = 0; u < byuser->m; u++) {
		uint32_t *mine = perm + byuser->indptr[u];
		uint64_t n = byuser->indptr[u + 1] - byuser->indptr[u];
		if (mode == MODE_USER_TIME) {
			qsort(mine, n, sizeof *mine, by_time);
			for (uint64_t k = n - user_test_count(n); k < n; k++)
				mark[mine[k]] = 1;
			continue;
		}
		shuffle(rng, mine, n);
		if (mode == MODE_USER) {
			for (uint64_t k = 0; k < user_test_count(n); k++)
				mark[mine[k]] = 1;
		} else if (n >= 2) { /* kfold: deal from a random starting fold */
			uint64_t start = rng_below(rng, (uint64_t)folds);
			for (uint64_t k = 0; k < n; k++)
				if ((start + k) % (uint64_t)folds == (uint64_t)fold)
					mark[mine[k]] = 1;
		}
	}
	gsl_rng_free(rng);
	free(perm);
	spm_free(byuser);
}

static void split_by_time(const struct ratings *r, unsigned char *mark)
{
	uint32_t *order = xmallocarray(r->n, sizeof *order);
	for (uint64_t t = 0; t < r->n; t++)
		order[t] = (uint32_t)t;
	sort_r = r;
	qsort(order, r->n, sizeof *order, by_time);
	uint64_t ntest = (uint64_t)floor(test_frac * (double)r->n + 0.5);
	for (uint64_t k = r->n - ntest; k < r->n; k++)
		mark[order[k]] = 1;
	free(order);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"mode", required_argument, NULL, 'm'},
		{"test-frac", required_argument, NULL, 'f'},
		{"folds", required_argument, NULL, 'K'},
		{"fold", required_argument, NULL, 'I'},
		{"seed", required_argument, NULL, 's'},
		{"quiet", no_argument, NULL, 'q'},
		OPT_HELP_VERSION,
	};
	int c, m;
	while ((c = opt_next(argc, argv, "q", longopts, usage)) != -1) {
		switch (c) {
		case 'm':
			for (m = 0; m < 4 && strcmp(optarg, mode_names[m]); m++)
				;
			if (m == 4)
				die_usage(
					"--mode: expected user, time, user-time or kfold, got '%s'",
					optarg);
			mode = (enum mode)m;
			break;
		case 'f':
			test_frac = opt_double("--test-frac", optarg, 0, 1);
			if (test_frac <= 0 || test_frac >= 1)
				die_usage("--test-frac: expected a number between 0 and 1 "
					  "(exclusive), got '%s'",
					  optarg);
			break;
		case 'K': folds = opt_long("--folds", optarg, 2, 1000); break;
		case 'I': fold = opt_long("--fold", optarg, 0, 999); break;
		case 's': seed = opt_seed("--seed", optarg); break;
		case 'q': quiet = 1; break;
		}
	}
	if (argc - optind != 3)
		die_usage("expected RATINGS TRAIN TEST, got %d operand%s", argc - optind,
			  argc - optind == 1 ? "" : "s");
	if (mode == MODE_KFOLD && fold < 0)
		die_usage("--mode kfold needs --fold");
	if (mode == MODE_KFOLD && fold >= folds)
		die_usage("--fold %ld is not below --folds %ld", fold, folds);
	if (mode != MODE_KFOLD && fold >= 0)
		die_usage("--fold only applies to --mode kfold");
	if (strcmp(argv[optind + 1], "-") == 0 && strcmp(argv[optind + 2], "-") == 0)
		die_usage("TRAIN and TEST cannot both be standard output");
	for (int k = 1; k <= 2; k++)
		if (out_same_file(argv[optind], argv[optind + k]))
			die_usage("%s '%s' is the input RATINGS", k == 1 ? "TRAIN" : "TEST",
				  argv[optind + k]);
	if (out_same_file(argv[optind + 1], argv[optind + 2]))
		die_usage("TRAIN '%s' and TEST '%s' are the same file", argv[optind + 1],
			  argv[optind + 2]);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	const char *in_path = argv[optind], *train_path = argv[optind + 1],
		   *test_path = argv[optind + 2];

	struct ratings *r = ratings_read(in_path, RATINGS_KEEP_TEXT);
	if (!r)
		return EXIT_DATA;
	if ((mode == MODE_TIME || mode == MODE_USER_TIME) && !r->ts)
		die("%s: --mode %s needs timestamps (a fourth field)", r->name, mode_names[mode]);

	unsigned char *mark = xcalloc(r->n, 1);
	if (mode == MODE_TIME)
		split_by_time(r, mark);
	else
		split_per_user(r, mark);

	/* both written in full, then committed together: a failure leaves the
	 * old TRAIN and TEST as they were, never a new one beside an old one */
	struct out *both[2] = {NULL, NULL};
	if (ratings_write(train_path, r, mark, 0, &both[0]) < 0 ||
	    ratings_write(test_path, r, mark, 1, &both[1]) < 0 || out_close_all(both, 2) < 0)
		return EXIT_DATA;
	uint64_t ntest = 0;
	unsigned char *test_user = xcalloc(r->users->n, 1);
	for (uint64_t t = 0; t < r->n; t++) {
		ntest += mark[t];
		test_user[r->user[t]] |= mark[t];
	}
	uint32_t ntest_users = 0;
	for (uint32_t u = 0; u < r->users->n; u++)
		ntest_users += test_user[u];
	if (!quiet)
		note("%llu train, %llu test ratings; %u users, %u in test (mode %s, seed %llu)",
		     (unsigned long long)(r->n - ntest), (unsigned long long)ntest, r->users->n,
		     ntest_users, mode_names[mode], (unsigned long long)seed);
	free(test_user);
	free(mark);
	ratings_free(r);
	return 0;
}
