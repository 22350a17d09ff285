/*
 * reel-explain - why an implicit ALS model recommends an item to a user
 *
 * Section 5 of Hu, Koren and Volinsky (2008): with the user's history H
 * (the lines of --user in TRAIN) and confidences c_j = alpha0 + alpha * r_j
 * (alpha0 the unobserved pairs' confidence, 1 unless trained otherwise),
 * the user's factors are x = W Y' C p with W = (Y'C Y + lambda_u I)^-1
 * (lambda_u as in training: lib/als.h), so
 * the predicted preference for item i is
 *     y_i . x = sum over j in H of s_ij c_j,   s_ij = y_i' W y_j,
 * a sum of one term per history item.  Prints "item contribution
 * similarity confidence" for each j in H, largest contribution first, then
 * "total" and the sum, which is the score of the user folded in from H
 * (as reel-topk --serve computes it), by lib/explain.h.  Items of H the
 * model does not know are left out, as in fold-in.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>

#include "err.h"
#include "explain.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "ratings.h"
#include "recommend.h"

static const char *model_path, *history_path, *out_path = "-";
static uint32_t user_id, item_id;
static int have_user, have_item;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-explain -m MODEL --user U --item I --history TRAIN [-o OUT]\n"
		"Each history item's share of an implicit ALS model's score of item I for user U.\n"
		"  -m MODEL         an implicit ALS model\n"
		"  --user U         the user whose ratings in TRAIN are the history\n"
		"  --item I         the item to explain\n"
		"  --history TRAIN  a ratings file holding the user's ratings\n"
		"  -o OUT           output file (default: stdout)\n");
	exit(status);
}

static uint32_t opt_id(const char *name, const char *arg)
{
	uint32_t v;
	if (num_parse_u32(arg, &v) < 0)
		die_usage("%s: expected an id from 0 to 4294967295, got '%s'", name, arg);
	return v;
}

static void parse_args(int argc, char **argv)
{
	enum { O_USER = 256, O_ITEM, O_HIST };
	static const struct option longopts[] = {
		{"user", required_argument, NULL, O_USER},
		{"item", required_argument, NULL, O_ITEM},
		{"history", required_argument, NULL, O_HIST},
		OPT_HELP_VERSION,
	};
	int c;
	while ((c = opt_next(argc, argv, "m:o:", longopts, usage)) != -1) {
		switch (c) {
		case 'm': model_path = optarg; break;
		case 'o': out_path = optarg; break;
		case O_USER:
			user_id = opt_id("--user", optarg);
			have_user = 1;
			break;
		case O_ITEM:
			item_id = opt_id("--item", optarg);
			have_item = 1;
			break;
		case O_HIST: history_path = optarg; break;
		}
	}
	if (!model_path || !have_user || !have_item || !history_path)
		die_usage("-m MODEL, --user U, --item I and --history TRAIN are all required");
	if (argc - optind != 0)
		die_usage("no operand expected, got '%s'", argv[optind]);
}

/* The user's known history items (dense model indices) and confidences;
 * returns how many, or -1 after a message (a bad file, a negative rating,
 * no rating of an item the model knows). */
static int64_t read_history(const struct model *mo, const struct als_params *p, uint32_t **items,
			    double **conf)
{
	struct ratings *r = ratings_read(history_path, 0);
	if (!r)
		return -1;
	int64_t u = idmap_get(r->users, user_id), n = 0;
	*items = xmallocarray(r->n, sizeof **items);
	*conf = xmallocarray(r->n, sizeof **conf);
	for (uint64_t t = 0; u >= 0 && t < r->n && n >= 0; t++) {
		if (r->user[t] != (uint32_t)u)
			continue;
		if (r->value[t] < 0) {
			n = error("%s:%llu: negative rating %g: implicit confidence 1 + alpha * r "
				  "needs r >= 0",
				  r->name, (unsigned long long)t + 1, (double)r->value[t]);
			break;
		}
		int64_t i = idmap_get(mo->items, r->items->ext[r->item[t]]);
		if (i < 0)
			continue;
		(*items)[n] = (uint32_t)i;
		(*conf)[n++] = als_alpha0(p) + p->alpha * (p->binary ? 1.0 : (double)r->value[t]);
	}
	if (n == 0)
		n = error("%s: user %u has no rating of an item the model knows", r->name, user_id);
	ratings_free(r);
	return n;
}

/* The whole run after the options; -1 after a message. */
static int explain(void)
{
	struct model *mo = model_read(model_path, 0);
	if (!mo)
		return -1;
	if (mo->kind != BIN_ALS_IMPLICIT)
		return error("%s: explanations need an implicit ALS model, not this %s", model_path,
			     bin_kind_name(mo->kind));
	struct als_params p;
	if (recommend_als_params(mo, model_path, &p) < 0)
		return -1;
	int64_t target = idmap_get(mo->items, item_id);
	if (target < 0)
		return error("%s: item %u is not in the model", model_path, item_id);
	uint32_t *items;
	double *conf;
	int64_t got = read_history(mo, &p, &items, &conf);
	if (got < 0)
		return -1;
	uint32_t count = (uint32_t)got;
	struct explain_term *terms;
	double total;
	if (explain_score(mo, &p, items, conf, count, (uint32_t)target, model_path, &terms,
			  &total) < 0)
		return -1;
	struct out *o = out_open(out_path);
	if (!o)
		return -1;
	for (uint32_t j = 0; j < count; j++)
		out_printf(o, "%u\t%.17g\t%.17g\t%.17g\n", terms[j].item, terms[j].contribution,
			   terms[j].similarity, terms[j].confidence);
	out_printf(o, "total\t%.17g\n", total);
	if (out_close(o) < 0)
		return -1;
	free(terms);
	free(items);
	free(conf);
	model_free(mo);
	return 0;
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	return explain() < 0 ? EXIT_DATA : 0;
}
