/*
 * reel-train-als - train an implicit or explicit ALS model
 *
 * Reads a ratings file (docs/FORMATS.md) and writes a model file (kind
 * implicit or explicit ALS; docs/FORMATS.md).  The mathematics is in
 * lib/als.h and docs/ALS.md, the defaults and the run in lib/als_fit.h.
 * One line per iteration goes to stderr: the iteration, the full loss and
 * the seconds it took (and Recall@10 on --valid), unless --quiet.  The
 * same inputs and --seed give a byte-identical model whatever --threads is.
 */
#include <getopt.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <unistd.h>

#include "als_fit.h"
#include "dist.h"
#include "err.h"
#include "model.h"
#include "opt.h"
#include "ratings.h"
#include "validate.h"

enum {
	O_EXPL = 256,
	O_FACT,
	O_REG,
	O_REGB,
	O_ALPHA,
	O_BIN,
	O_ITERS,
	O_SOLVER,
	O_CG,
	O_SEED,
	O_THREADS,
	O_VALID,
	O_QUIET,
	O_EXP,
	O_INIT,
	O_ALPHA0,
	O_NU,
	O_BLOCK,
};
/* The options given, applied over the kind's defaults once all are read:
 * bit o - O_EXPL of set for each long option o given. */
static struct als_params P, given;
static unsigned set;
#define GIVEN(o) (set & (1u << ((o)-O_EXPL)))
static const char *out_path, *valid_path;
static int quiet, threads;

static noreturn void usage(FILE *fp, int status)
{
	struct als_params im = als_default_params(0), ex = als_default_params(1);
	fprintf(fp,
		"usage: reel-train-als [--explicit] [--factors K] [--reg L] [--reg-bias L] "
		"[--reg-exponent E] [--alpha A] [--alpha0 A0] [--reg-nu NU] [--binary] [--iters N] "
		"[--solver cg|chol|ialspp] [--cg-steps N] [--block B] [--init-scale S] [--seed N] [--threads N] "
		"[--valid TEST] [--quiet] "
		"-o MODEL TRAIN\n"
		"Train an ALS model on the ratings in TRAIN ('-' for stdin).\n"
		"  --explicit       biased rating-prediction model (default: implicit feedback)\n"
		"  --factors K      latent factors (default %u)\n"
		"  --reg L          regularisation lambda (implicit %g, explicit %g)\n"
		"  --reg-bias L     explicit: regularisation of the biases (default %g)\n"
		"  --reg-exponent E explicit: factor penalty L * n^E, n the row's ratings (default %g)\n"
		"  --alpha A        implicit: confidence 1 + A * rating (default %g)\n"
		"  --alpha0 A0      implicit: confidence of unobserved pairs (default %g)\n"
		"  --reg-nu NU      implicit: penalty L (n + A0 * n_other)^NU, n the row's\n"
		"                   ratings, n_other the other side's rows (default %g)\n"
		"  --binary         implicit: every rating counts as 1\n"
		"  --iters N        iterations (implicit %d, explicit %d)\n"
		"  --solver S       implicit: cg (default), chol (exact) or ialspp (iALS++)\n"
		"  --cg-steps N     conjugate-gradient steps per solve (default %d)\n"
		"  --block B        ialspp: coordinates per block (default %d)\n"
		"  --init-scale S   standard deviation of the initial factors (implicit:\n"
		"                   %g sqrt(L / items), explicit: %g)\n"
		"  --seed N         seed of the initial factors (default %llu)\n"
		"  --threads N      threads (default: all cores)\n"
		"  --valid TEST     print Recall@10 and NDCG@10 on TEST after each iteration\n"
		"  --quiet          print nothing but errors\n"
		"  -o MODEL         the model file to write\n",
		im.k, im.lambda, ex.lambda, ex.lambda_bias, ex.reg_exponent, im.alpha, im.alpha0,
		im.reg_nu, im.iters, ex.iters, im.cg_steps, ALS_DEFAULT_BLOCK, ALS_FIT_INIT_RATIO,
		ex.init_scale, (unsigned long long)im.seed);
	exit(status);
}

/* P: the kind's defaults with every option given in place. */
static void apply_options(void)
{
	P = als_default_params(given.explicit_);
	P.binary = given.binary;
#define TAKE(o, field) P.field = GIVEN(o) ? given.field : P.field
	TAKE(O_FACT, k);
	TAKE(O_REG, lambda);
	TAKE(O_REGB, lambda_bias);
	TAKE(O_ALPHA, alpha);
	TAKE(O_ITERS, iters);
	TAKE(O_SOLVER, solver);
	TAKE(O_EXP, reg_exponent);
	TAKE(O_INIT, init_scale);
	TAKE(O_ALPHA0, alpha0);
	TAKE(O_NU, reg_nu);
	TAKE(O_CG, cg_steps);
	TAKE(O_SEED, seed);
	TAKE(O_BLOCK, block);
#undef TAKE
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"explicit", no_argument, NULL, O_EXPL},
		{"factors", required_argument, NULL, O_FACT},
		{"reg", required_argument, NULL, O_REG},
		{"reg-bias", required_argument, NULL, O_REGB},
		{"alpha", required_argument, NULL, O_ALPHA},
		{"binary", no_argument, NULL, O_BIN},
		{"iters", required_argument, NULL, O_ITERS},
		{"solver", required_argument, NULL, O_SOLVER},
		{"cg-steps", required_argument, NULL, O_CG},
		{"seed", required_argument, NULL, O_SEED},
		{"threads", required_argument, NULL, O_THREADS},
		{"reg-exponent", required_argument, NULL, O_EXP},
		{"init-scale", required_argument, NULL, O_INIT},
		{"alpha0", required_argument, NULL, O_ALPHA0},
		{"reg-nu", required_argument, NULL, O_NU},
		{"block", required_argument, NULL, O_BLOCK},
		{"valid", required_argument, NULL, O_VALID},
		{"quiet", no_argument, NULL, O_QUIET},
		OPT_HELP_VERSION,
	};
	struct als_params *g = &given;
	int c;
	while ((c = opt_next(argc, argv, "o:q", longopts, usage)) != -1) {
		if (c >= O_EXPL && c <= O_BLOCK)
			set |= 1u << (c - O_EXPL);
		switch (c) {
		case 'o': out_path = optarg; break;
		case O_EXPL: g->explicit_ = 1; break;
		case O_FACT: g->k = (uint32_t)opt_long("--factors", optarg, 1, 4096); break;
		case O_REG: g->lambda = opt_double("--reg", optarg, 0, 1e9); break;
		case O_REGB: g->lambda_bias = opt_double("--reg-bias", optarg, 0, 1e9); break;
		case O_ALPHA: g->alpha = opt_double("--alpha", optarg, 0, 1e9); break;
		case O_BIN: g->binary = 1; break;
		case O_ALPHA0: g->alpha0 = opt_double("--alpha0", optarg, 1e-9, 1e9); break;
		case O_NU: g->reg_nu = opt_double("--reg-nu", optarg, 0, 2); break;
		case O_INIT: g->init_scale = opt_double("--init-scale", optarg, 1e-9, 1e3); break;
		case O_EXP: g->reg_exponent = opt_double("--reg-exponent", optarg, 0, 2); break;
		case O_ITERS: g->iters = (int)opt_long("--iters", optarg, 1, 100000); break;
		case O_SOLVER:
			if (strcmp(optarg, "cg") && strcmp(optarg, "chol") &&
			    strcmp(optarg, "ialspp"))
				die_usage("--solver: expected cg, chol or ialspp, got '%s'",
					  optarg);
			g->solver = !strcmp(optarg, "cg")     ? ALS_CG
				    : !strcmp(optarg, "chol") ? ALS_CHOL
							      : ALS_IALSPP;
			break;
		case O_CG: g->cg_steps = (int)opt_long("--cg-steps", optarg, 1, 1000); break;
		case O_BLOCK: g->block = (uint32_t)opt_long("--block", optarg, 1, 4096); break;
		case O_SEED: g->seed = opt_seed("--seed", optarg); break;
		case O_THREADS: threads = (int)opt_long("--threads", optarg, 1, 1024); break;
		case O_VALID: valid_path = optarg; break;
		case 'q':
		case O_QUIET: quiet = 1; break;
		}
	}
	if (!out_path)
		die_usage("missing -o MODEL");
	if (argc - optind != 1)
		die_usage("expected one TRAIN file, got %d", argc - optind);
	if (g->explicit_ &&
	    (g->binary || (GIVEN(O_ALPHA) || GIVEN(O_SOLVER) || GIVEN(O_ALPHA0) || GIVEN(O_NU))))
		die_usage("--alpha, --alpha0, --reg-nu, --binary and --solver apply to implicit "
			  "models only");
	if (GIVEN(O_BLOCK) && g->solver != ALS_IALSPP)
		die_usage("--block applies to --solver ialspp only");
	if (!g->explicit_ && (GIVEN(O_REGB) || GIVEN(O_EXP)))
		die_usage("--reg-bias and --reg-exponent apply to --explicit models only");
	apply_options();
}

struct progress {
	int tty;
	struct validator *valid;
	const struct model *mo;
	const struct validation *dvalid; /* under mpirun: scored by als_fit_dist() */
	double total;
};

static int on_iteration(void *ctx, int iter, double loss, double seconds)
{
	struct progress *pr = ctx;
	pr->total += seconds;
	/* tests/tools/mpi.sh: a rank that dies in the middle of training */
	const char *kill_rank = getenv("REEL_TEST_KILL_RANK");
	if (kill_rank && atoi(kill_rank) == dist_rank() && iter == 2)
		raise(SIGKILL);
	if (quiet || dist_rank() != 0)
		return 0;
	char extra[64] = "";
	if (pr->valid || pr->dvalid) {
		struct validation v = pr->dvalid ? *pr->dvalid : validator_run(pr->valid, pr->mo);
		snprintf(extra, sizeof extra, "  recall@10 %.4f  ndcg@10 %.4f", v.recall, v.ndcg);
	}
	note_progress(pr->tty, iter == P.iters, "iter %d/%d  loss %.6e  %.4f s%s", iter, P.iters,
		      loss, seconds, extra);
	return 0;
}

/* Under mpirun or srun (docs/SCALE.md): rank 0 writes the model once every
 * rank is done. */
static int train_dist(const char *train_path)
{
	struct validation v = {0};
	struct progress pr = {.tty = isatty(STDERR_FILENO), .dvalid = valid_path ? &v : NULL};
	struct model *mo;
	if (als_fit_dist(train_path, valid_path, &P, !quiet, on_iteration, &pr, &v, &mo) < 0)
		return EXIT_DATA;
	int rc = 0;
	if (dist_any(0) == 0 && mo)
		rc = model_write(mo, out_path) < 0 ? EXIT_DATA : 0;
	model_free(mo);
	dist_finalize();
	return rc;
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	dist_init(&argc, &argv);
	err_hold(dist_rank() != 0); /* under mpirun a usage error is told by rank 0 only */
	parse_args(argc, argv);
	err_hold(0);
	if (threads)
		omp_set_num_threads(threads);
	const char *train_path = argv[optind];
	if (dist_active())
		return train_dist(train_path);

	struct ratings *r = ratings_read(train_path, RATINGS_NO_TIME | RATINGS_FINGERPRINT);
	if (!r)
		return EXIT_DATA;
	struct als_fit *f = als_fit_new(r, &P, train_path);
	ratings_free(r);
	if (!f)
		return EXIT_DATA;
	struct progress pr = {.tty = isatty(STDERR_FILENO), .mo = f->mo};
	if (valid_path) {
		model_index(f->mo);
		pr.valid = validator_new(valid_path, f->mo, f->R, 10);
		if (!pr.valid)
			return EXIT_DATA;
	}
	if (als_fit_run(f, !quiet, on_iteration, &pr) < 0)
		return EXIT_DATA;
	const struct model *mo = f->mo;
	if (!quiet)
		note("%u users, %u items, %llu ratings, %d iterations in %.3f s "
		     "(%.2f GFLOP/s, docs/ALS.md)",
		     mo->m, mo->n, (unsigned long long)f->R->nnz, P.iters, pr.total,
		     als_flops(&P, mo->m, mo->n, f->R->nnz) * P.iters / pr.total / 1e9);
	if (model_write(mo, out_path) < 0)
		return EXIT_DATA;
	validator_free(pr.valid);
	als_fit_free(f);
	return 0;
}
