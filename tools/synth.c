/*
 * reel-synth - generate MovieLens-shaped synthetic ratings with planted structure
 *
 * Writes OUTDIR/items.tsv, OUTDIR/users.tsv and OUTDIR/ratings.tsv in the
 * formats of docs/FORMATS.md, ids from 1, the three committed together
 * (out_close_all) after all are complete; ratings.tsv is renamed last, so
 * its presence means the set is complete.  The generator is lib/synth.h;
 * its model, in the order the data are drawn (docs/TOOLS.md lists the
 * planted structure a test may rely on):
 *   items  1-3 genres, a year, a latent vector near the mean of its genres'
 *          vectors, a bias, and a shifted power-law popularity by a random
 *          rank (ids carry no popularity)
 *   users  age, gender, occupation, one of NCLUSTERS taste clusters and a
 *          latent vector near the cluster's centroid
 *   counts 20 each, plus a lognormal share of the rest (exactly --ratings)
 *   picks  distinct items in proportion to popularity x exp(cluster
 *          affinity) x the occupation's genre boost
 *   values a latent score (biases + user.item + boost + noise) cut at
 *          thresholds into 1..5
 *   times  a window per user; evenings and weekends weighted up (UTC)
 * Everything is drawn from --seed on one thread, so equal options give
 * byte-identical files.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>

#include "err.h"
#include "opt.h"
#include "out.h"
#include "synth.h"

#define MIN_PER_USER SYNTH_MIN_PER_USER

static struct synth_params p = {
	.nusers = 943,
	.nitems = 1682,
	.nratings = 100000,
	.seed = 42,
	.start_time = 874724710, /* MovieLens 100K's first timestamp */
	.ndays = 215,
};
static int users_given, items_given;
static const char *outdir;

/* Sizes not given follow --ratings as MovieLens grows (docs/TOOLS.md),
 * clamped so that every user can have MIN_PER_USER ratings and at most half
 * of all user-item pairs are rated; sizes given are checked, not changed. */
static void resolve_sizes(void)
{
	if (!users_given) {
		p.nusers = (uint64_t)floor((double)p.nratings / 106 + 0.5);
		if (items_given && p.nusers < (2 * p.nratings + p.nitems - 1) / p.nitems)
			p.nusers = (2 * p.nratings + p.nitems - 1) / p.nitems;
		if (p.nusers > p.nratings / MIN_PER_USER)
			p.nusers = p.nratings / MIN_PER_USER;
		if (p.nusers < 1)
			p.nusers = 1;
	}
	if (!items_given) {
		p.nitems = (uint64_t)floor(1682 * pow((double)p.nratings / 1e5, 0.6) + 0.5);
		if (p.nitems < (2 * p.nratings + p.nusers - 1) / p.nusers)
			p.nitems = (2 * p.nratings + p.nusers - 1) / p.nusers;
		if (p.nitems > 1000000)
			p.nitems = 1000000;
	}
	if (p.nratings < MIN_PER_USER * p.nusers)
		die_usage("%llu ratings cannot give %llu user%s %d each (need --ratings >= %llu)",
			  (unsigned long long)p.nratings, (unsigned long long)p.nusers,
			  p.nusers == 1 ? "" : "s", MIN_PER_USER,
			  (unsigned long long)(MIN_PER_USER * p.nusers));
	if (p.nratings > p.nusers * p.nitems)
		die_usage("%llu ratings exceed the %llu pairs of %llu users and %llu items",
			  (unsigned long long)p.nratings, (unsigned long long)(p.nusers * p.nitems),
			  (unsigned long long)p.nusers, (unsigned long long)p.nitems);
}

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-synth [--users N] [--items N] [--ratings N] [--seed N] [--start UNIX] "
		"[--days N] [--half-stars] -o OUTDIR\n"
		"Write synthetic OUTDIR/ratings.tsv, items.tsv and users.tsv with planted "
		"structure.\n"
		"  --users N            number of users (default: from --ratings, 943 for 100000)\n"
		"  --items N            number of items (default: from --ratings, 1682 for 100000)\n"
		"  --ratings N          number of ratings, at least 20 per user (default 100000)\n"
		"  --seed N             random seed (default 42)\n"
		"  --start UNIX         first possible timestamp (default 874724710, 1997-09-20)\n"
		"  --days N             days the timestamps span (default 215)\n"
		"  --half-stars         ratings 0.5 to 5 in halves, as MovieLens 10M and later\n"
		"  -o, --output OUTDIR  directory to write, created if missing\n");
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"users", required_argument, NULL, 'U'},
		{"items", required_argument, NULL, 'I'},
		{"ratings", required_argument, NULL, 'R'},
		{"seed", required_argument, NULL, 's'},
		{"start", required_argument, NULL, 'S'},
		{"days", required_argument, NULL, 'D'},
		{"output", required_argument, NULL, 'o'},
		{"half-stars", no_argument, NULL, 'H'},
		OPT_HELP_VERSION,
	};
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'U':
			p.nusers = (uint64_t)opt_long("--users", optarg, 1, 100000000);
			users_given = 1;
			break;
		case 'I':
			p.nitems = (uint64_t)opt_long("--items", optarg, 1, 1000000);
			items_given = 1;
			break;
		case 'R':
			p.nratings = (uint64_t)opt_long("--ratings", optarg, 1, 10000000000);
			break;
		case 's': p.seed = opt_seed("--seed", optarg); break;
		case 'S': p.start_time = opt_long("--start", optarg, 0, 10000000000); break;
		case 'D': p.ndays = opt_long("--days", optarg, 1, 36500); break;
		case 'o': outdir = optarg; break;
		case 'H': p.half_stars = 1; break;
		}
	}
	if (optind < argc)
		die_usage("unexpected operand '%s'", argv[optind]);
	if (!outdir)
		die_usage("missing -o OUTDIR");
	resolve_sizes();
}

/* OUTDIR/NAME opened for writing, or NULL after a message. */
static struct out *open_in_dir(const char *name)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/%s", outdir, name) >= (int)sizeof path) {
		error("%s: path too long", outdir);
		return NULL;
	}
	return out_open(path);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	struct out *o[3];
	if (out_mkdir(outdir) < 0 || !(o[0] = open_in_dir("items.tsv")) ||
	    !(o[1] = open_in_dir("users.tsv")) || !(o[2] = open_in_dir("ratings.tsv")))
		return EXIT_DATA;
	synth_write(&p, o[0], o[1], o[2]);
	return out_close_all(o, 3) < 0 ? EXIT_DATA : 0;
}
