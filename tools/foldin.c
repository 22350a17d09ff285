/*
 * reel-foldin - add users to a factor model from their ratings, without retraining
 *
 * Reads a factor model (implicit or explicit ALS, or a factor baseline) and
 * a ratings file HISTORY, and writes a model that also holds the users of
 * HISTORY, each with factors computed from their HISTORY ratings by the
 * model's own least-squares step (ALS: lib/als.h's als_fold_in, exactly
 * the user half-step of training with the items fixed; baselines: their
 * training formula).  A user already in the model gets factors from
 * HISTORY instead; items the model does not know are ignored.  The items'
 * factors are never changed, so a user folded in scores every item as a
 * trained user with the same factors would.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "als.h"
#include "baseline.h"
#include "err.h"
#include "opt.h"
#include "model.h"
#include "ratings.h"
#include "recommend.h"

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp, "usage: reel-foldin -m MODEL [-o MODEL2] [--quiet] HISTORY\n"
		    "Add the users of the ratings HISTORY ('-' for stdin) to MODEL.\n"
		    "  -m MODEL   a factor model: ALS or a factor baseline\n"
		    "  -o MODEL2  the model to write (default: MODEL itself, replaced atomically)\n"
		    "  --quiet    no summary line on stderr\n");
	exit(status);
}

/* Computes one user's factors from a history: a model-kind-specific step. */
struct folder {
	struct model *mo;
	int is_als;
	struct als_params als;
	float *G; /* implicit ALS: Y'Y + lambda I */
	struct baseline_info base;
};

/* 0, or -1 after a message (the model's parameters). */
static int folder_init(struct folder *f, struct model *mo, const char *path)
{
	f->mo = mo;
	f->is_als = mo->kind != BIN_BASELINE;
	if (!f->is_als)
		return baseline_info_read(mo, path, &f->base);
	if (recommend_als_params(mo, path, &f->als) < 0)
		return -1;
	if (!f->als.explicit_) {
		f->G = xmallocarray((size_t)mo->k * mo->k, sizeof *f->G);
		als_shared_gram(mo->Y, mo->n, mo->k, &f->als, f->G);
	}
	return 0;
}

/* 0, or -1 after a message. */
static int fold(const struct folder *f, uint32_t user_id, const uint32_t *items,
		const float *ratings, uint32_t count, float *x, float *bias)
{
	const struct model *mo = f->mo;
	if (!f->is_als) {
		baseline_fold_in(mo, &f->base, user_id, items, ratings, count, x);
		return 0;
	}
	struct als_state s = {mo->m, mo->n,         mo->k,         mo->X,
			      mo->Y, mo->user_bias, mo->item_bias, mo->mean};
	if (als_fold_in(&s, &f->als, f->G, items, ratings, count, x, bias) < 0)
		return error("user %u: the fold-in system is not positive definite", user_id);
	return 0;
}

/* The merged, ascending user ids of the model and of the history. */
static uint32_t *merge_ids(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb,
			   uint32_t *n)
{
	uint32_t *out = xmallocarray((size_t)na + nb + 1, sizeof *out);
	uint32_t i = 0, j = 0, k = 0;
	while (i < na || j < nb) {
		if (j == nb || (i < na && a[i] < b[j]))
			out[k++] = a[i++];
		else if (i == na || b[j] < a[i])
			out[k++] = b[j++];
		else
			out[k++] = a[i++], j++;
	}
	*n = k;
	return out;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"quiet", no_argument, NULL, 'q'},
						 OPT_HELP_VERSION};
	err_init(argv[0]);
	const char *model_path = NULL, *out_path = NULL;
	int c, quiet = 0;
	while ((c = opt_next(argc, argv, "m:o:q", longopts, usage)) != -1) {
		switch (c) {
		case 'm': model_path = optarg; break;
		case 'o': out_path = optarg; break;
		case 'q': quiet = 1; break;
		}
	}
	if (!model_path)
		die_usage("missing -m MODEL");
	if (argc - optind != 1)
		die_usage("expected one HISTORY file, got %d", argc - optind);
	struct model *mo = model_read(model_path, 0);
	if (!mo)
		return EXIT_DATA;
	struct folder f = {0};
	if (folder_init(&f, mo, model_path) < 0)
		return EXIT_DATA;
	struct ratings *h = ratings_read(argv[optind], RATINGS_NO_TIME);
	if (!h)
		return EXIT_DATA;
	struct spm *H = ratings_to_csr(h);
	if (!H)
		return EXIT_DATA;

	/* history item index -> model item index; both follow ascending ids,
	 * so each user's known items stay ascending */
	int64_t *item_of = xmallocarray(h->items->n, sizeof *item_of);
	uint32_t unknown_items = 0;
	for (uint32_t j = 0; j < h->items->n; j++)
		unknown_items += (item_of[j] = idmap_get(mo->items, h->items->ext[j])) < 0;

	uint32_t m2;
	uint32_t *ids = merge_ids(mo->user_ids, mo->m, h->users->ext, h->users->n, &m2);
	struct model *out =
		model_new(mo->kind, m2, mo->n, mo->k, ids, mo->item_ids, mo->user_bias != NULL);
	memcpy(out->Y, mo->Y, (size_t)mo->n * mo->k * sizeof *out->Y);
	if (mo->item_bias)
		memcpy(out->item_bias, mo->item_bias, (size_t)mo->n * sizeof *out->item_bias);
	out->mean = mo->mean;
	free(out->params);
	out->params = xstrdup(mo->params);
	model_param(out, "folded_in", "%s", argv[optind]);

	uint32_t *items = xmallocarray(mo->n + 1, sizeof *items), replaced = 0;
	float *ratings = xmallocarray(mo->n + 1, sizeof *ratings);
	for (uint32_t u = 0, hu = 0; u < m2; u++) {
		float *x = out->X + (size_t)u * mo->k, bias = 0;
		int in_history = hu < h->users->n && h->users->ext[hu] == ids[u];
		int64_t old = idmap_get(mo->users, ids[u]);
		if (!in_history) {
			memcpy(x, mo->X + (size_t)old * mo->k, (size_t)mo->k * sizeof *x);
			if (mo->user_bias)
				out->user_bias[u] = mo->user_bias[old];
			continue;
		}
		uint32_t count = 0;
		for (uint64_t t = H->indptr[hu]; t < H->indptr[hu + 1]; t++) {
			if (item_of[H->indices[t]] >= 0) {
				items[count] = (uint32_t)item_of[H->indices[t]];
				ratings[count++] = H->data[t];
			}
		}
		if (fold(&f, ids[u], items, ratings, count, x, &bias) < 0)
			return EXIT_DATA;
		if (out->user_bias)
			out->user_bias[u] = bias;
		replaced += old >= 0;
		hu++;
	}
	if (model_write(out, out_path ? out_path : model_path) < 0)
		return EXIT_DATA;
	if (!quiet)
		note("%u users folded in (%u new, %u replaced), %u unknown items ignored",
		     h->users->n, h->users->n - replaced, replaced, unknown_items);
	free(items);
	free(ratings);
	free(ids);
	free(item_of);
	free(f.G);
	spm_free(H);
	ratings_free(h);
	model_free(out);
	model_free(mo);
	return 0;
}
