#include "als_fit.h"

#include <malloc.h>
#include <math.h>
#include <stdlib.h>

#include "als_dist.h"
#include "dist.h"
#include "err.h"
#include "mem.h"
#include "num.h"

struct als_params als_default_params(int explicit_)
{
	if (explicit_) /* chosen on 10 % validation splits of u1..u5.base; five
			* iterations from small factors stop before the factors
			* fit the noise (docs/ALS.md) */
		return (struct als_params){.k = 64,
					   .lambda = 1.2,
					   .lambda_bias = 2.0,
					   .reg_exponent = 0.5,
					   .iters = 5,
					   .solver = ALS_CHOL,
					   .cg_steps = 3,
					   .explicit_ = 1,
					   .seed = 42,
					   .init_scale = 0.01};
	/* alpha0 1 and reg_nu 0: Hu et al.'s model until the search
	 * (docs/ALS.md) says otherwise */
	return (struct als_params){.k = 64,
				   .lambda = 50.0,
				   .alpha = 2.0,
				   .alpha0 = 1.0,
				   .iters = 15,
				   .solver = ALS_CG,
				   .cg_steps = 3,
				   .seed = 42};
}

/* Implicit: the initial factors' standard deviation is ALS_FIT_INIT_RATIO
 * times sqrt(lambda / items).  Y'Y then starts near 0.01 lambda on its diagonal,
 * so the first half-step is a ridge step dominated by lambda (about a
 * power-iteration step on the confidence-weighted ratings) rather than a
 * nearly unregularised fit to random factors, whose outcome depends on
 * the draw (docs/ALS.md has the figures). */
static double init_scale(const struct als_params *p, uint32_t items)
{
	if (p->init_scale > 0 || p->explicit_)
		return p->init_scale;
	return p->lambda > 0 && items > 0 ? ALS_FIT_INIT_RATIO * sqrt(p->lambda / items) : 0.01;
}

static const char *solver_name(enum als_solver s)
{
	return s == ALS_CG ? "cg" : s == ALS_CHOL ? "chol" : "ialspp";
}

static void record_params(struct model *mo, const struct als_params *p, const char *train,
			  uint32_t train_crc)
{
	char buf[32];
	model_param(mo, "model", "%s", p->explicit_ ? "als-explicit" : "als-implicit");
	model_param(mo, "train", "%s", train);
	model_param(mo, "train_crc32", "%08x", train_crc);
	model_param(mo, "factors", "%u", p->k);
	model_param(mo, "reg", "%s", num_format_double(buf, p->lambda));
	if (p->explicit_) {
		model_param(mo, "reg_bias", "%s", num_format_double(buf, p->lambda_bias));
		model_param(mo, "reg_exponent", "%s", num_format_double(buf, p->reg_exponent));
	} else {
		model_param(mo, "alpha", "%s", num_format_double(buf, p->alpha));
		model_param(mo, "alpha0", "%s", num_format_double(buf, p->alpha0));
		model_param(mo, "reg_nu", "%s", num_format_double(buf, p->reg_nu));
		model_param(mo, "binary", "%d", p->binary);
		model_param(mo, "solver", "%s", solver_name(p->solver));
		model_param(mo, "cg_steps", "%d", p->cg_steps);
		if (p->solver == ALS_IALSPP)
			model_param(mo, "block", "%u", als_block(p));
	}
	model_param(mo, "iters", "%d", p->iters);
	model_param(mo, "init_scale", "%s", num_format_double(buf, p->init_scale));
	model_param(mo, "seed", "%llu", (unsigned long long)p->seed);
}

/* The range explicit predictions are clipped to (docs/ALS.md). */
static void record_range(struct model *mo, float lo, float hi)
{
	model_param(mo, "rating_min", "%.9g", (double)lo);
	model_param(mo, "rating_max", "%.9g", (double)hi);
}

static struct model *fit_model(const struct als_params *p, uint32_t m, uint32_t n,
			       const uint32_t *user_ids, const uint32_t *item_ids,
			       const char *train, uint32_t crc)
{
	struct model *mo = model_new(p->explicit_ ? BIN_ALS_EXPLICIT : BIN_ALS_IMPLICIT, m, n, p->k,
				     user_ids, item_ids, p->explicit_);
	record_params(mo, p, train, crc);
	return mo;
}

struct als_fit *als_fit_new(const struct ratings *r, const struct als_params *p, const char *train)
{
	struct spm *R = ratings_to_csr(r);
	if (!R)
		return NULL;
	for (uint64_t t = 0; !p->explicit_ && t < R->nnz; t++)
		if (R->data[t] < 0) {
			error("%s: negative rating %g: implicit confidence 1 + alpha * r "
			      "needs r >= 0",
			      r->name, (double)R->data[t]);
			spm_free(R);
			return NULL;
		}
	struct als_fit *f = xcalloc(1, sizeof *f);
	f->p = *p;
	f->p.init_scale = init_scale(p, r->items->n);
	f->R = R;
	f->mo = fit_model(&f->p, r->users->n, r->items->n, r->users->ext, r->items->ext, train,
			  r->crc);
	if (p->explicit_) {
		float lo = R->data[0], hi = R->data[0];
		for (uint64_t t = 1; t < R->nnz; t++) {
			lo = R->data[t] < lo ? R->data[t] : lo;
			hi = R->data[t] > hi ? R->data[t] : hi;
		}
		record_range(f->mo, lo, hi);
	}
	f->Rt = spm_transpose(R);
	struct model *mo = f->mo;
	f->s = (struct als_state){mo->m, mo->n,         mo->k,         mo->X,
				  mo->Y, mo->user_bias, mo->item_bias, 0};
	als_init(&f->s, &f->p);
	als_prepare(&f->s, f->R, f->Rt, &f->p);
	return f;
}

int als_fit_run(struct als_fit *f, int want_loss, als_progress_fn progress, void *ctx)
{
	f->mo->mean = f->s.mean; /* --valid scores with it, as the written model will */
	if (als_train(&f->s, f->R, f->Rt, &f->p, want_loss, progress, ctx) < 0)
		return -1;
	return 0;
}

void als_fit_free(struct als_fit *f)
{
	if (!f)
		return;
	model_free(f->mo);
	spm_free(f->R);
	spm_free(f->Rt);
	free(f);
}

/* The caller's progress, and the iterations' total seconds for the report. */
struct timed {
	als_progress_fn progress;
	void *ctx;
	double total;
	struct als_dist_valid *valid; /* under mpirun, scored before progress */
	int verbose;                  /* as one process: no scoring when quiet */
	const struct als_state *s;
	struct validation *v;
	uint64_t valid_bytes; /* sent by the validation, not by training */
};

static int timed_progress(void *ctx, int iter, double loss, double seconds)
{
	struct timed *t = ctx;
	t->total += seconds;
	if (t->valid && t->verbose) { /* collective: on every rank */
		uint64_t before = dist_bytes_sent();
		*t->v = als_dist_valid_run(t->valid, t->s);
		t->valid_bytes += dist_bytes_sent() - before;
	}
	return t->progress ? t->progress(t->ctx, iter, loss, seconds) : 0;
}

static int dist_train(struct als_dist *d, const struct als_params *p, float lo, float hi,
		      uint32_t crc, const char *train, const char *valid, int verbose,
		      struct timed *tm, struct model **mo)
{
	struct als_state s;
	als_dist_state(d, &s);
	als_dist_init(d, &s, p);
	als_prepare_ex(&s, d->R, d->Rt, p, &d->ex);
	tm->s = &s;
	tm->verbose = verbose;
	if (valid && !(tm->valid = als_dist_valid_new(d, &s, valid, 10)))
		return -1;
	uint64_t sent = dist_bytes_sent();
	int rc = als_train_ex(&s, d->R, d->Rt, p, verbose, timed_progress, tm, &d->ex);
	als_dist_valid_free(tm->valid);
	if (rc < 0)
		return -1;
	sent = dist_bytes_sent() - sent - tm->valid_bytes;
	als_dist_range(&lo, &hi);
	als_dist_drop_ratings(d);
	*mo = NULL;
	if (dist_rank() == 0) {
		*mo = fit_model(p, d->m, d->n, d->user_ids, d->item_ids, train, crc);
		if (p->explicit_) /* as one process */
			record_range(*mo, lo, hi);
		(*mo)->mean = s.mean;
	}
	als_dist_collect(d, &s, *mo);
	if (verbose)
		als_dist_report(d, sent / (uint64_t)p->iters, p->iters, tm->total);
	return 0;
}

int als_fit_dist(const char *train, const char *valid, const struct als_params *p, int verbose,
		 als_progress_fn progress, void *ctx, struct validation *v, struct model **mo)
{
	/* A rank's start-up frees each large array as soon as it is used:
	 * mapped, freeing gives the memory back, whereas glibc's default raises
	 * its threshold to the largest block freed and keeps later ones in the
	 * heap, which the peak RSS then counts. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	struct ratings **parts;
	float lo, hi;
	*mo = NULL;
	/* every rank reads the same file or directory: a fault in it is told once */
	err_hold(dist_rank() != 0);
	int np = als_dist_read(train, !p->explicit_, &lo, &hi, &parts);
	if (dist_agree(np < 0))
		return -1;
	uint64_t total = 0; /* a directory's parts may be empty, not all of them */
	for (int j = 0; j < np; j++)
		total += parts[j]->n;
	dist_sum_u64(&total, 1);
	if (total == 0)
		return dist_rank() == 0 ? error("%s: no ratings (every part is empty)", train) : -1;
	/* a single file's fingerprint, as one process records it: every rank
	 * reads all of its lines */
	uint32_t crc = np == 1 ? parts[0]->crc : 0;
	struct als_dist *d = als_dist_new(parts, np, p->k, p->explicit_);
	if (!d)
		return -1;
	struct als_params q = *p;
	q.init_scale = init_scale(p, d->n);
	struct timed tm = {.progress = progress, .ctx = ctx, .v = v};
	int rc = dist_train(d, &q, lo, hi, crc, train, valid, verbose, &tm, mo);
	als_dist_free(d);
	return rc;
}
