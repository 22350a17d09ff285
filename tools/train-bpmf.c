/*
 * reel-train-bpmf - train a Bayesian matrix factorisation by Gibbs sampling
 *
 * Reads a ratings file (docs/FORMATS.md) and writes an explicit model
 * whose k * S factors are the S kept samples' factors side by side, so
 * that its scores are the posterior predictive mean (lib/bpmf.h) and
 * reel-score, reel-topk and the rest read it as any explicit model.  One
 * line per sweep goes to stderr (the sweep, alpha, the sample's training
 * RMSE and, with --valid, the clipped RMSE of the running average on
 * TEST), unless --quiet.  The same inputs and --seed give a
 * byte-identical model whatever --threads is.
 */
#include <getopt.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <unistd.h>

#include "bpmf.h"
#include "err.h"
#include "model.h"
#include "num.h"
#include "opt.h"
#include "ratings.h"

/* Defaults: chosen on validation splits of u1..u5.base (docs/BPMF.md). */
#define BPMF_FACTORS 10
#define BPMF_BURN_IN 50
#define BPMF_SAMPLES 100
#define BPMF_THIN 3
#define BPMF_INIT_SCALE 0.1

static struct bpmf_params P = {
	.k = BPMF_FACTORS,
	.burn_in = BPMF_BURN_IN,
	.samples = BPMF_SAMPLES,
	.thin = BPMF_THIN,
	.alpha = 0,
	.init_scale = BPMF_INIT_SCALE,
	.seed = 42,
};
static const char *out_path, *valid_path;
static int quiet, threads;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-train-bpmf [--factors K] [--burn-in B] [--samples S] [--thin T] "
		"[--alpha A] "
		"[--init-scale S] [--seed N] [--threads N] [--valid TEST] [--quiet] -o MODEL TRAIN\n"
		"Train Bayesian probabilistic matrix factorisation on the ratings in TRAIN\n"
		"('-' for stdin) by Gibbs sampling; MODEL is an explicit model of K x S factors.\n"
		"  --factors K      latent factors per sample (default %d)\n"
		"  --burn-in B      sweeps discarded before the first kept sample (default %d)\n"
		"  --samples S      samples kept and averaged (default %d)\n"
		"  --thin T         keep one sweep in T after burn-in (default %d)\n"
		"  --alpha A        fixed noise precision (default: drawn each sweep)\n"
		"  --init-scale S   standard deviation of the initial factors (default %g)\n"
		"  --seed N         seed of every draw (default 42)\n"
		"  --threads N      threads (default: all cores)\n"
		"  --valid TEST     print the running average's RMSE on TEST after each sweep\n"
		"  --quiet          print nothing but errors\n"
		"  -o MODEL         the model file to write\n",
		BPMF_FACTORS, BPMF_BURN_IN, BPMF_SAMPLES, BPMF_THIN, BPMF_INIT_SCALE);
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	enum {
		O_FACT = 256,
		O_BURN,
		O_SAMPLES,
		O_THIN,
		O_ALPHA,
		O_INIT,
		O_SEED,
		O_THREADS,
		O_VALID,
		O_QUIET
	};
	static const struct option longopts[] = {
		{"factors", required_argument, NULL, O_FACT},
		{"burn-in", required_argument, NULL, O_BURN},
		{"samples", required_argument, NULL, O_SAMPLES},
		{"thin", required_argument, NULL, O_THIN},
		{"alpha", required_argument, NULL, O_ALPHA},
		{"init-scale", required_argument, NULL, O_INIT},
		{"seed", required_argument, NULL, O_SEED},
		{"threads", required_argument, NULL, O_THREADS},
		{"valid", required_argument, NULL, O_VALID},
		{"quiet", no_argument, NULL, O_QUIET},
		OPT_HELP_VERSION,
	};
	int c;
	while ((c = opt_next(argc, argv, "o:q", longopts, usage)) != -1) {
		switch (c) {
		case 'o': out_path = optarg; break;
		case O_FACT: P.k = (uint32_t)opt_long("--factors", optarg, 1, 1024); break;
		case O_BURN: P.burn_in = (int)opt_long("--burn-in", optarg, 0, 1000000); break;
		case O_SAMPLES: P.samples = (int)opt_long("--samples", optarg, 1, 1000000); break;
		case O_THIN: P.thin = (int)opt_long("--thin", optarg, 1, 1000000); break;
		case O_ALPHA: P.alpha = opt_double("--alpha", optarg, 1e-9, 1e9); break;
		case O_INIT: P.init_scale = opt_double("--init-scale", optarg, 0, 1e3); break;
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
	/* the model's factor count is a u32 and every tool holds a row of it */
	if ((uint64_t)P.burn_in + (uint64_t)P.thin * (uint64_t)P.samples > 100000000)
		die_usage("--burn-in plus --thin times --samples is more than 10^8 sweeps");
	if ((uint64_t)P.k * (uint64_t)P.samples > 65536)
		die_usage("--factors times --samples is %llu, more than 65536 model factors",
			  (unsigned long long)P.k * (unsigned long long)P.samples);
}

struct progress {
	int tty, total;
};

static int on_sweep(void *ctx, int sweep, double train_rmse, double eval_rmse, double alpha)
{
	struct progress *pr = ctx;
	if (quiet)
		return 0;
	char extra[48] = "";
	if (valid_path && !isnan(eval_rmse))
		snprintf(extra, sizeof extra, "  valid rmse %.4f", eval_rmse);
	note_progress(pr->tty, sweep == pr->total, "sweep %d/%d  alpha %.4f  train rmse %.4f%s",
		      sweep, pr->total, alpha, train_rmse, extra);
	return 0;
}

/* The validation ratings as dense indices of the training maps (unknown
 * ids as UINT32_MAX). */
static struct bpmf_eval *eval_open(const char *path, const struct ratings *train,
				   const struct spm *R)
{
	struct ratings *v = ratings_read(path, RATINGS_NO_TIME);
	if (!v)
		return NULL;
	struct bpmf_eval *ev = xcalloc(1, sizeof *ev);
	uint32_t *user = xmallocarray(v->n + 1, sizeof *user);
	uint32_t *item = xmallocarray(v->n + 1, sizeof *item);
	float *rating = xmallocarray(v->n + 1, sizeof *rating);
	for (uint64_t t = 0; t < v->n; t++) {
		int64_t u = idmap_get(train->users, v->users->ext[v->user[t]]);
		int64_t i = idmap_get(train->items, v->items->ext[v->item[t]]);
		user[t] = u < 0 ? UINT32_MAX : (uint32_t)u;
		item[t] = i < 0 ? UINT32_MAX : (uint32_t)i;
		rating[t] = v->value[t];
	}
	ev->n = v->n;
	ev->user = user;
	ev->item = item;
	ev->rating = rating;
	ev->sum = xmallocarray(v->n + 1, sizeof *ev->sum);
	ev->lo = ev->hi = R->data[0];
	for (uint64_t t = 1; t < R->nnz; t++) {
		ev->lo = R->data[t] < ev->lo ? R->data[t] : ev->lo;
		ev->hi = R->data[t] > ev->hi ? R->data[t] : ev->hi;
	}
	ratings_free(v);
	return ev;
}

static void record_params(struct model *mo, const char *train, uint32_t crc, const struct spm *R)
{
	char buf[32];
	float lo = R->data[0], hi = R->data[0];
	for (uint64_t t = 1; t < R->nnz; t++) {
		lo = R->data[t] < lo ? R->data[t] : lo;
		hi = R->data[t] > hi ? R->data[t] : hi;
	}
	model_param(mo, "model", "bpmf");
	model_param(mo, "train", "%s", train);
	model_param(mo, "train_crc32", "%08x", crc);
	model_param(mo, "factors", "%u", P.k);
	model_param(mo, "burn_in", "%d", P.burn_in);
	model_param(mo, "samples", "%d", P.samples);
	model_param(mo, "thin", "%d", P.thin);
	model_param(mo, "alpha", "%s", P.alpha > 0 ? num_format_double(buf, P.alpha) : "drawn");
	model_param(mo, "init_scale", "%s", num_format_double(buf, P.init_scale));
	model_param(mo, "seed", "%llu", (unsigned long long)P.seed);
	/* the range predictions are clipped to, as for explicit ALS */
	model_param(mo, "rating_min", "%.9g", (double)lo);
	model_param(mo, "rating_max", "%.9g", (double)hi);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	if (threads)
		omp_set_num_threads(threads);
	const char *train_path = argv[optind];
	struct ratings *r = ratings_read(train_path, RATINGS_NO_TIME | RATINGS_FINGERPRINT);
	if (!r)
		return EXIT_DATA;
	struct spm *R = ratings_to_csr(r);
	if (!R)
		return EXIT_DATA;
	struct spm *Rt = spm_transpose(R);
	struct bpmf_eval *ev = NULL;
	if (valid_path && !(ev = eval_open(valid_path, r, R)))
		return EXIT_DATA;
	struct model *mo = model_new(BIN_ALS_EXPLICIT, R->m, R->n, P.k * (uint32_t)P.samples,
				     r->users->ext, r->items->ext, 1);
	record_params(mo, train_path, r->crc, R);
	struct progress pr = {isatty(STDERR_FILENO), P.burn_in + P.thin * P.samples};
	if (bpmf_train(R, Rt, &P, mo, ev, on_sweep, &pr) < 0 || model_write(mo, out_path) < 0)
		return EXIT_DATA;
	if (ev) {
		free((void *)ev->user);
		free((void *)ev->item);
		free((void *)ev->rating);
		free(ev->sum);
		free(ev);
	}
	ratings_free(r);
	spm_free(R);
	spm_free(Rt);
	model_free(mo);
	return 0;
}
