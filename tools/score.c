/*
 * reel-score - append a model's score to each line of user-item pairs
 *
 * Reads PAIRS (tab-separated, at least two fields: user and item ids, any
 * further fields passed through; every line with as many fields as the
 * first) and writes each line unchanged with the model's score appended as
 * a last field ("%.9g").  Any model file (lib/recommend.h).  Explicit ALS
 * models always predict, falling back on the mean and the known biases
 * for users or items they never saw, and clip to the training ratings'
 * range (recommend_score_ids()); other models have no score for an
 * unknown user or item: the line stops the tool (exit 1), unless
 * --unknown skip drops such lines.  A binary ratings file (reel-pack) is
 * read as the lines "user item rating [timestamp]", in its order (by user,
 * then item).  So `reel-score -m M test.tsv |
 * reel-metrics --rmse -` gives the RMSE of an explicit model.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "err.h"
#include "opt.h"
#include "out.h"
#include "ratings.h"
#include "recommend.h"
#include "tsv.h"

static const char *model_path, *out_path = "-";
static int skip_unknown;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp, "usage: reel-score -m MODEL [--unknown error|skip] [-o OUT] [PAIRS]\n"
		    "Append MODEL's score for each 'user item ...' line of PAIRS (default stdin).\n"
		    "  -m MODEL          any model file (ALS, baseline, item-item)\n"
		    "  --unknown error   a user or item the model has no score for is an error "
		    "(default)\n"
		    "  --unknown skip    drop such lines instead (explicit models always score)\n"
		    "  -o OUT            output file (default: stdout)\n");
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	enum { O_UNKNOWN = 256 };
	static const struct option longopts[] = {
		{"unknown", required_argument, NULL, O_UNKNOWN},
		OPT_HELP_VERSION,
	};
	int c;
	while ((c = opt_next(argc, argv, "m:o:", longopts, usage)) != -1) {
		switch (c) {
		case 'm': model_path = optarg; break;
		case 'o': out_path = optarg; break;
		case O_UNKNOWN:
			if (strcmp(optarg, "error") && strcmp(optarg, "skip"))
				die_usage("--unknown: expected error or skip, got '%s'", optarg);
			skip_unknown = strcmp(optarg, "skip") == 0;
			break;
		}
	}
	if (!model_path)
		die_usage("missing -m MODEL");
	if (argc - optind > 1)
		die_usage("expected at most one PAIRS file, got %d", argc - optind);
}

/* 1 with the pair's score, 0 to skip the pair, -1 when it is an error. */
static int score_pair(const struct recommender *r, uint32_t user, uint32_t item, float *score)
{
	if (recommend_score_ids(r, user, item, score) == 0)
		return 1;
	return skip_unknown ? 0 : -1;
}

static const char *unknown_what(const struct recommender *r, uint32_t user, uint32_t item,
				uint32_t *id)
{
	int no_user = recommend_user(r, user) < 0;
	*id = no_user ? user : item;
	return no_user ? "user" : "item";
}

/* A binary ratings file's ratings, as the lines they stand for. */
static int score_ratings(const struct recommender *rec, const char *path, struct out *o)
{
	struct ratings *r = ratings_read(path, 0);
	if (!r)
		return -1;
	int rc = 0;
	for (uint64_t t = 0; t < r->n && rc >= 0; t++) {
		uint32_t user = r->users->ext[r->user[t]], item = r->items->ext[r->item[t]];
		float score;
		if ((rc = score_pair(rec, user, item, &score)) < 0) {
			uint32_t id;
			const char *what = unknown_what(rec, user, item, &id);
			error("%s: %s %u is not in the model (no score)", r->name, what, id);
		}
		if (rc <= 0)
			continue;
		out_printf(o, "%u\t%u\t", user, item);
		out_f32(o, r->value[t]);
		if (r->ts)
			out_printf(o, "\t%lld", (long long)r->ts[t]);
		out_putc(o, '\t');
		out_f32(o, score);
		out_putc(o, '\n');
	}
	ratings_free(r);
	return rc < 0 ? -1 : 0;
}

/* Score every line of in into o; -1 after a located message. */
static int score_lines(const struct recommender *r, struct tsv *in, struct out *o)
{
	int nf = 0, got;
	while ((got = tsv_next(in)) == 1) {
		uint32_t user, item;
		float score;
		if (nf == 0 && (nf = in->nfields) < 2)
			return tsv_error(
				in, "expected at least 2 fields (user, item, ...), found %d", nf);
		if (tsv_need(in, nf) < 0 || tsv_u32(in, 0, "user id", &user) < 0 ||
		    tsv_u32(in, 1, "item id", &item) < 0)
			return -1;
		int rc = score_pair(r, user, item, &score);
		if (rc < 0) {
			uint32_t id;
			const char *what = unknown_what(r, user, item, &id);
			return tsv_error(in, "%s %u is not in the model (no score)", what, id);
		}
		if (rc == 0)
			continue;
		out_puts(o, tsv_line_text(in));
		out_putc(o, '\t');
		out_f32(o, score);
		out_putc(o, '\n');
	}
	return got;
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	struct recommender *r = recommend_open(model_path);
	if (!r)
		return EXIT_DATA;
	const char *path = optind < argc ? argv[optind] : "-";
	struct out *o = out_open(out_path);
	if (!o)
		return EXIT_DATA;
	if (strcmp(path, "-") && ratings_is_binary(path)) {
		if (score_ratings(r, path, o) < 0) {
			out_abort(o);
			return EXIT_DATA;
		}
		recommend_free(r);
		return out_close(o) < 0 ? EXIT_DATA : 0;
	}
	struct tsv *in = tsv_open(path, '\t');
	if (!in) {
		out_abort(o);
		return EXIT_DATA;
	}
	if (score_lines(r, in, o) < 0) {
		out_abort(o);
		return EXIT_DATA;
	}
	if (tsv_close(in) < 0 || out_close(o) < 0)
		return EXIT_DATA;
	recommend_free(r);
	return 0;
}
