/*
 * reel-train-als - train an implicit or explicit ALS model
 *
 * Reads a ratings file (docs/FORMATS.md) and writes a model file (kind
 * implicit or explicit ALS; docs/FORMATS.md).  The mathematics is in
 * lib/als.h and docs/ALS.md.  One line per iteration goes to stderr: the
 * iteration, the full loss and the seconds it took (and Recall@10 on
 * --valid), unless --quiet.  The same inputs and --seed give a
 * byte-identical model whatever --threads is.
 */
#include <getopt.h>
#include <malloc.h>
#include <math.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <unistd.h>

#include "als.h"
#include "als_dist.h"
#include "dist.h"
#include "err.h"
#include "model.h"
#include "num.h"
#include "opt.h"
#include "ratings.h"
#include "validate.h"

/* Defaults: the best settings found on MovieLens 100K (docs/ALS.md). */
#define IMPLICIT_REG 50.0
#define IMPLICIT_ALPHA 2.0
/* Hu et al.'s model until the search (docs/ALS.md) says otherwise. */
#define IMPLICIT_ALPHA0 1.0
#define IMPLICIT_REG_NU 0.0
#define EXPLICIT_FACTORS 64
/* Explicit: chosen on 10 % validation splits of u1..u5.base.  Five
 * iterations from small factors stop before the factors fit the noise (15
 * iterations of the same setting: validation RMSE 0.9117, not 0.9093). */
#define EXPLICIT_REG 1.2
#define EXPLICIT_REG_BIAS 2.0
#define EXPLICIT_REG_EXPONENT 0.5
#define EXPLICIT_ITERS 5
#define EXPLICIT_INIT_SCALE 0.01
/* Implicit: the initial factors' standard deviation is this times
 * sqrt(reg / items).  Y'Y then starts near 0.01 reg on its diagonal, so the
 * first half-step is a ridge step dominated by reg (about a power-iteration
 * step on the confidence-weighted ratings) rather than a nearly
 * unregularised fit to random factors, whose outcome depends on the draw.
 * At reg 50 this is about the former fixed 0.01; at reg 0.01, alpha 40 it
 * raised test Recall@10 from 0.143 to 0.158 (Cholesky) and 0.139 to 0.175
 * (CG), means over seeds 1..5 (docs/ALS.md). */
#define IMPLICIT_INIT_RATIO 0.1


static struct als_params P = {
	.k = 64, .iters = 15, .solver = ALS_CG, .cg_steps = 3, .seed = 42,
};
static int have_factors, have_reg, have_reg_bias, have_alpha, have_iters, have_solver;
static int have_exponent, have_init, have_alpha0, have_nu;
static const char *out_path, *valid_path;
static int quiet, threads;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-train-als [--explicit] [--factors K] [--reg L] [--reg-bias L] "
		"[--reg-exponent E] [--alpha A] [--alpha0 A0] [--reg-nu NU] [--binary] [--iters N] "
		"[--solver cg|chol] [--cg-steps N] [--init-scale S] [--seed N] [--threads N] "
		"[--valid TEST] [--quiet] "
		"-o MODEL TRAIN\n"
		"Train an ALS model on the ratings in TRAIN ('-' for stdin).\n"
		"  --explicit       biased rating-prediction model (default: implicit feedback)\n"
		"  --factors K      latent factors (default 64)\n"
		"  --reg L          regularisation lambda (implicit %g, explicit %g)\n"
		"  --reg-bias L     explicit: regularisation of the biases (default %g)\n"
		"  --reg-exponent E explicit: factor penalty L * n^E, n the row's ratings (default %g)\n"

		"  --alpha A        implicit: confidence 1 + A * rating (default %g)\n"
		"  --alpha0 A0      implicit: confidence of unobserved pairs (default %g)\n"
		"  --reg-nu NU      implicit: penalty L (n + A0 * n_other)^NU, n the row's\n"
		"                   ratings, n_other the other side's rows (default %g)\n"
		"  --binary         implicit: every rating counts as 1\n"
		"  --iters N        iterations (implicit 15, explicit %d)\n"
		"  --solver S       implicit: cg (default) or chol (exact)\n"
		"  --cg-steps N     conjugate-gradient steps per solve (default 3)\n"
		"  --init-scale S   standard deviation of the initial factors (implicit:\n"
		"                   %g sqrt(L / items), explicit: %g)\n"
		"  --seed N         seed of the initial factors (default 42)\n"
		"  --threads N      threads (default: all cores)\n"
		"  --valid TEST     print Recall@10 and NDCG@10 on TEST after each iteration\n"
		"  --quiet          print nothing but errors\n"
		"  -o MODEL         the model file to write\n",
		IMPLICIT_REG, EXPLICIT_REG, EXPLICIT_REG_BIAS, EXPLICIT_REG_EXPONENT, IMPLICIT_ALPHA,
		IMPLICIT_ALPHA0, IMPLICIT_REG_NU, EXPLICIT_ITERS, IMPLICIT_INIT_RATIO, EXPLICIT_INIT_SCALE);
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	enum { O_EXPL = 256, O_FACT, O_REG, O_REGB, O_ALPHA, O_BIN, O_ITERS, O_SOLVER, O_CG,
	       O_SEED, O_THREADS, O_VALID, O_QUIET, O_EXP, O_INIT, O_ALPHA0, O_NU };
	static const struct option longopts[] = {
		{"explicit", no_argument, NULL, O_EXPL},   {"factors", required_argument, NULL, O_FACT},
		{"reg", required_argument, NULL, O_REG},   {"reg-bias", required_argument, NULL, O_REGB},
		{"alpha", required_argument, NULL, O_ALPHA}, {"binary", no_argument, NULL, O_BIN},
		{"iters", required_argument, NULL, O_ITERS}, {"solver", required_argument, NULL, O_SOLVER},
		{"cg-steps", required_argument, NULL, O_CG}, {"seed", required_argument, NULL, O_SEED},
		{"threads", required_argument, NULL, O_THREADS},
		{"reg-exponent", required_argument, NULL, O_EXP},
		{"init-scale", required_argument, NULL, O_INIT},
		{"alpha0", required_argument, NULL, O_ALPHA0}, {"reg-nu", required_argument, NULL, O_NU},

		{"valid", required_argument, NULL, O_VALID}, {"quiet", no_argument, NULL, O_QUIET},
		OPT_HELP_VERSION};
	int c;
	while ((c = opt_next(argc, argv, "o:q", longopts, usage)) != -1) {
		switch (c) {
		case 'o': out_path = optarg; break;
		case O_EXPL: P.explicit_ = 1; break;
		case O_FACT: P.k = (uint32_t)opt_long("--factors", optarg, 1, 4096); have_factors = 1; break;
		case O_REG: P.lambda = opt_double("--reg", optarg, 0, 1e9); have_reg = 1; break;
		case O_REGB: P.lambda_bias = opt_double("--reg-bias", optarg, 0, 1e9); have_reg_bias = 1; break;
		case O_ALPHA: P.alpha = opt_double("--alpha", optarg, 0, 1e9); have_alpha = 1; break;
		case O_BIN: P.binary = 1; break;
		case O_ALPHA0: P.alpha0 = opt_double("--alpha0", optarg, 1e-9, 1e9); have_alpha0 = 1; break;
		case O_NU: P.reg_nu = opt_double("--reg-nu", optarg, 0, 2); have_nu = 1; break;
		case O_INIT: P.init_scale = opt_double("--init-scale", optarg, 1e-9, 1e3); have_init = 1; break;
		case O_EXP: P.reg_exponent = opt_double("--reg-exponent", optarg, 0, 2); have_exponent = 1; break;

		case O_ITERS: P.iters = (int)opt_long("--iters", optarg, 1, 100000); have_iters = 1; break;
		case O_SOLVER:
			if (strcmp(optarg, "cg") && strcmp(optarg, "chol"))
				die_usage("--solver: expected cg or chol, got '%s'", optarg);
			P.solver = strcmp(optarg, "cg") == 0 ? ALS_CG : ALS_CHOL;
			have_solver = 1;
			break;
		case O_CG: P.cg_steps = (int)opt_long("--cg-steps", optarg, 1, 1000); break;
		case O_SEED: P.seed = opt_seed("--seed", optarg); break;
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
	if (P.explicit_ && (have_alpha || P.binary || have_solver || have_alpha0 || have_nu))
		die_usage("--alpha, --alpha0, --reg-nu, --binary and --solver apply to implicit "
			  "models only");
	if (!P.explicit_ && (have_reg_bias || have_exponent))
		die_usage("--reg-bias and --reg-exponent apply to --explicit models only");
	if (P.explicit_) {
		if (!have_factors)
			P.k = EXPLICIT_FACTORS;
		if (!have_reg)
			P.lambda = EXPLICIT_REG;
		if (!have_reg_bias)
			P.lambda_bias = EXPLICIT_REG_BIAS;
		if (!have_iters)
			P.iters = EXPLICIT_ITERS;
		if (!have_exponent)
			P.reg_exponent = EXPLICIT_REG_EXPONENT;
		if (!have_init)
			P.init_scale = EXPLICIT_INIT_SCALE;

		P.solver = ALS_CHOL;
	} else {
		if (!have_reg)
			P.lambda = IMPLICIT_REG;
		if (!have_alpha)
			P.alpha = IMPLICIT_ALPHA;
		if (!have_alpha0)
			P.alpha0 = IMPLICIT_ALPHA0;
		if (!have_nu)
			P.reg_nu = IMPLICIT_REG_NU;
	}
}

struct progress {
	int tty;
	struct validator *valid;
	const struct model *mo;
	struct als_dist_valid *dvalid; /* under mpirun, with the rank's state s */
	const struct als_state *s;
	uint64_t valid_bytes; /* sent by the validation, not by training */
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
	if (quiet)
		return 0;
	char extra[64] = "";
	if (pr->valid || pr->dvalid) { /* collective under mpirun */
		uint64_t before = dist_bytes_sent();
		struct validation v = pr->dvalid ? als_dist_valid_run(pr->dvalid, pr->s)
						 : validator_run(pr->valid, pr->mo);
		pr->valid_bytes += dist_bytes_sent() - before;
		snprintf(extra, sizeof extra, "  recall@10 %.4f  ndcg@10 %.4f", v.recall, v.ndcg);
	}
	if (dist_rank() != 0)
		return 0;
	fprintf(stderr, "%s%s: iter %d/%d  loss %.6e  %.4f s%s%s", pr->tty ? "\r\033[K" : "",
		err_progname, iter, P.iters, loss, seconds, extra,
		pr->tty && iter < P.iters ? "" : "\n");
	return 0;
}

static void record_params(struct model *mo, const char *train, uint32_t train_crc)
{
	char buf[32];
	model_param(mo, "model", "%s", P.explicit_ ? "als-explicit" : "als-implicit");
	model_param(mo, "train", "%s", train);
	model_param(mo, "train_crc32", "%08x", train_crc);
	model_param(mo, "factors", "%u", P.k);
	model_param(mo, "reg", "%s", num_format_double(buf, P.lambda));
	if (P.explicit_) {
		model_param(mo, "reg_bias", "%s", num_format_double(buf, P.lambda_bias));
		model_param(mo, "reg_exponent", "%s", num_format_double(buf, P.reg_exponent));

	} else {
		model_param(mo, "alpha", "%s", num_format_double(buf, P.alpha));
		model_param(mo, "alpha0", "%s", num_format_double(buf, P.alpha0));
		model_param(mo, "reg_nu", "%s", num_format_double(buf, P.reg_nu));
		model_param(mo, "binary", "%d", P.binary);
		model_param(mo, "solver", "%s", P.solver == ALS_CG ? "cg" : "chol");
		model_param(mo, "cg_steps", "%d", P.cg_steps);
	}
	model_param(mo, "iters", "%d", P.iters);
	model_param(mo, "init_scale", "%s", num_format_double(buf, P.init_scale));
	model_param(mo, "seed", "%llu", (unsigned long long)P.seed);
}

/* Under mpirun or srun (docs/SCALE.md): this rank's share of the ratings
 * and of the factors; rank 0 writes the model once every rank is done. */
static int train_dist(const char *train_path)
{
	/* A rank's start-up frees each large array as soon as it is used:
	 * mapped, freeing gives the memory back, whereas glibc's default raises
	 * its threshold to the largest block freed and keeps later ones in the
	 * heap, which the peak RSS then counts. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	struct ratings **parts;
	float lo, hi;
	int np = als_dist_read(train_path, !P.explicit_, &lo, &hi, &parts);
	if (dist_any(np < 0))
		return EXIT_DATA;
	/* a single file's fingerprint, as one process records it: every rank
	 * reads all of its lines */
	uint32_t train_crc = np == 1 ? parts[0]->crc : 0;
	struct als_dist *d = als_dist_new(parts, np, P.k, P.explicit_);
	if (!d)
		return EXIT_DATA;
	if (!P.explicit_ && !have_init)
		P.init_scale = P.lambda > 0 ? IMPLICIT_INIT_RATIO * sqrt(P.lambda / d->n) : 0.01;
	struct als_state s;
	als_dist_state(d, &s);
	als_dist_init(d, &s, &P);
	als_prepare_ex(&s, d->R, d->Rt, &P, &d->ex);
	struct progress pr = {.tty = isatty(STDERR_FILENO), .s = &s};
	if (valid_path && !(pr.dvalid = als_dist_valid_new(d, &s, valid_path, 10)))
		return EXIT_DATA;
	uint64_t sent = dist_bytes_sent();
	if (als_train_ex(&s, d->R, d->Rt, &P, !quiet, on_iteration, &pr, &d->ex) < 0)
		return EXIT_DATA;
	sent = dist_bytes_sent() - sent - pr.valid_bytes;
	als_dist_valid_free(pr.dvalid);
	als_dist_range(&lo, &hi);
	als_dist_drop_ratings(d);
	struct model *mo = NULL;
	if (dist_rank() == 0) {
		mo = model_new(P.explicit_ ? BIN_ALS_EXPLICIT : BIN_ALS_IMPLICIT, d->m, d->n, P.k,
			       d->user_ids, d->item_ids, P.explicit_);
		record_params(mo, train_path, train_crc);
		if (P.explicit_) { /* the range predictions are clipped to, as one process */
			model_param(mo, "rating_min", "%.9g", (double)lo);
			model_param(mo, "rating_max", "%.9g", (double)hi);
		}
		mo->mean = s.mean;
	}
	als_dist_collect(d, &s, mo);
	if (!quiet)
		als_dist_report(d, sent / (uint64_t)P.iters, P.iters, pr.total);
	int rc = 0;
	if (dist_any(0) == 0 && mo)
		rc = model_write(mo, out_path) < 0 ? EXIT_DATA : 0;
	model_free(mo);
	als_dist_free(d);
	dist_finalize();
	return rc;
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	dist_init(&argc, &argv);
	parse_args(argc, argv);
	if (threads)
		omp_set_num_threads(threads);
	const char *train_path = argv[optind];
	if (dist_active())
		return train_dist(train_path);

	struct ratings *r = ratings_read(train_path, RATINGS_NO_TIME | RATINGS_FINGERPRINT);
	if (!r)
		return EXIT_DATA;
	struct spm *R = ratings_to_csr(r);
	if (!R)
		return EXIT_DATA;
	if (!P.explicit_) {
		for (uint64_t t = 0; t < R->nnz; t++)
			if (R->data[t] < 0)
				die("%s: negative rating %g: implicit confidence 1 + alpha * r "
				    "needs r >= 0",
				    r->name, (double)R->data[t]);
	}
	if (!P.explicit_ && !have_init) /* see IMPLICIT_INIT_RATIO; with no reg, the former 0.01 */
		P.init_scale = P.lambda > 0 && r->items->n > 0
				       ? IMPLICIT_INIT_RATIO * sqrt(P.lambda / r->items->n)
				       : 0.01;
	struct model *mo = model_new(P.explicit_ ? BIN_ALS_EXPLICIT : BIN_ALS_IMPLICIT,
				     r->users->n, r->items->n, P.k, r->users->ext, r->items->ext,
				     P.explicit_);
	record_params(mo, train_path, r->crc);
	if (P.explicit_) { /* the range predictions are clipped to (docs/ALS.md) */
		float lo = R->data[0], hi = R->data[0];
		for (uint64_t t = 1; t < R->nnz; t++) {
			lo = R->data[t] < lo ? R->data[t] : lo;
			hi = R->data[t] > hi ? R->data[t] : hi;
		}
		model_param(mo, "rating_min", "%.9g", (double)lo);
		model_param(mo, "rating_max", "%.9g", (double)hi);
	}
	ratings_free(r);
	struct spm *Rt = spm_transpose(R);

	struct progress pr = {.tty = isatty(STDERR_FILENO), .mo = mo};
	if (valid_path) {
		model_index(mo);
		pr.valid = validator_new(valid_path, mo, R, 10);
		if (!pr.valid)
			return EXIT_DATA;
	}
	struct als_state s = {mo->m, mo->n, mo->k, mo->X, mo->Y, mo->user_bias, mo->item_bias, 0};
	als_init(&s, &P);
	als_prepare(&s, R, Rt, &P);
	mo->mean = s.mean; /* --valid scores with it, as the written model will */
	if (als_train(&s, R, Rt, &P, !quiet, on_iteration, &pr) < 0)
		return EXIT_DATA;
	mo->mean = s.mean;

	if (!quiet)
		fprintf(stderr,
			"%s: %u users, %u items, %llu ratings, %d iterations in %.3f s "
			"(%.2f GFLOP/s, docs/ALS.md)\n",
			err_progname, mo->m, mo->n, (unsigned long long)R->nnz, P.iters, pr.total,
			als_flops(&P, mo->m, mo->n, R->nnz) * P.iters / pr.total / 1e9);
	if (model_write(mo, out_path) < 0)
		return EXIT_DATA;
	validator_free(pr.valid);
	spm_free(R);
	spm_free(Rt);
	model_free(mo);
	return 0;
}
