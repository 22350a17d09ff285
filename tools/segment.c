/*
 * reel-segment - user segments, genre preferences and catalogue figures
 *
 * Reads RATINGS (the whole data or a training split: every figure is of
 * the file given) with the users and items tables, and writes into OUTDIR,
 * created if missing, each file atomically:
 *   segments.tsv         users, ratings and mean rating of every segment
 *   genres.tsv           per segment and genre: share, lift, test, mean
 *   occupation-lift.tsv  the occupation x genre lift grid (heatmap input)
 *   activity.tsv         ratings and mean rating of every user
 *   popularity.tsv       items by number of ratings, with the Lorenz curve
 *   rating-dist.tsv      how many ratings have each value
 *   catalog.tsv          Gini, top 10 % share and other whole-data figures
 * Segments are by gender, age group, occupation and activity
 * (lib/segments.h, lib/analytics.h); columns are in docs/FORMATS.md,
 * definitions and tests
 * in docs/ANALYTICS.md.  Without USERS (a data set with no demographics)
 * the users are RATINGS's raters and only activity segments them.
 * Every rating's user must be in USERS and its item
 * in ITEMS; a user of USERS with no rating in RATINGS counts, as cold-start.
 * Occupations are whatever names USERS uses.  Segments, occupations and
 * genres are written in a fixed order (occupations and genres by name), so
 * the output does not depend on the order of input lines.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "analytics.h"
#include "catalog.h"
#include "err.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "ratings.h"
#include "segments.h"
#include "stats.h"

static const char *users_path, *items_path, *outdir;
static long activity[3] = {20, 50, 200};
static long min_users = ANALYTICS_MIN_USERS;

static struct users *us;
static struct items *it;
static struct ratings *r;
static struct segments *S;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(
	    fp,
	    "usage: reel-segment [--users USERS] --items ITEMS [--activity A,B,C] [--min-users N] "
	    "-o OUTDIR RATINGS\n"
	    "Segment the users of RATINGS and write the tables into OUTDIR.\n"
	    "  --users USERS     users.tsv (age, gender, occupation); without it, the\n"
	    "                    raters of RATINGS, segmented by activity only\n"
	    "  --items ITEMS     items.tsv (genres)\n"
	    "  --activity A,B,C  ratings per user that start light, active and power\n"
	    "                    (default 20,50,200: fewer than 20 is cold-start)\n"
	    "  --min-users N     users a segment needs to prefer a genre (default 20)\n"
	    "  -o OUTDIR         the output directory (created if missing)\n");
	exit(status);
}

static void write_segments(void)
{
	struct out *o = analytics_open(outdir, "segments.tsv");
	out_puts(o, "dimension\tsegment\tusers\traters\tratings\tratings_per_user\tmean\tsd\tci_lo"
		    "\tci_hi\n");
	for (int k = 0; k < S->n; k++) {
		struct segment *sg = &S->seg[k];
		struct stats_summary sm = stats_from_sums(sg->ratings, sg->sum, sg->sumsq, 0.05);
		struct cluster_mean cm = cluster_mean(&sg->cl, 0.05);
		out_printf(o, "%s\t%s\t%llu\t%.0f\t%llu", segments_dim_names[sg->dim], sg->label,
			   (unsigned long long)sg->users, sg->cl.users,
			   (unsigned long long)sg->ratings);
		analytics_put(o, sg->users ? (double)sg->ratings / (double)sg->users : NAN);
		analytics_put(o, sm.mean);
		analytics_put(o, sm.sd);
		analytics_put(o, cm.ci_lo);
		analytics_put(o, cm.ci_hi);
		out_putc(o, '\n');
	}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
}

static void write_genres(void)
{
	struct out *o = analytics_open(outdir, "genres.tsv");
	out_puts(o, "dimension\tsegment\tgenre\tusers\tratings\tgenre_ratings\tshare\tall_share"
		    "\tlift\tt\tp\tp_holm\tp_bh\tprefers\tmean\tall_mean\trest_share\tdiff\tdiff_lo"
		    "\tdiff_hi\tfamily\n");
	for (int k = 0; k < S->n; k++)
		for (int j = 0; j < S->ngenres; j++) {
			int g = S->genre_order[j];
			struct segment *sg = &S->seg[k];
			struct segment_genre *c = &S->cell[k * S->ngenres + g], *all = &S->cell[g];
			out_printf(o, "%s\t%s\t%s\t%.0f\t%llu\t%llu", segments_dim_names[sg->dim],
				   sg->label, it->genre_names[g], sg->cl.users,
				   (unsigned long long)sg->ratings, (unsigned long long)c->ratings);
			double v[] = {c->share, all->share, c->lift, c->t,
				      c->p,	c->p_holm,  c->p_bh};
			for (size_t q = 0; q < sizeof v / sizeof *v; q++)
				analytics_put(o, v[q]);
			out_printf(o, "\t%d", c->prefers);
			analytics_put(o, c->ratings ? c->sum / (double)c->ratings : NAN);
			analytics_put(o, all->ratings ? all->sum / (double)all->ratings : NAN);
			double d[] = {c->rest_share, c->diff, c->diff_lo, c->diff_hi};
			for (size_t q = 0; q < sizeof d / sizeof *d; q++)
				analytics_put(o, d[q]);
			out_printf(o, "\t%d\n", c->family);
		}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
}

static void write_occupation_lift(void)
{
	struct out *o = analytics_open(outdir, "occupation-lift.tsv");
	out_puts(o, "row\tcol\toccupation\tgenre\tusers\tlift\tprefers\n");
	for (int k = 0; k < S->count[SEGMENTS_OCCUPATION]; k++)
		for (int j = 0; j < S->ngenres; j++) {
			int s = S->first[SEGMENTS_OCCUPATION] + k, g = S->genre_order[j];
			struct segment_genre *c = &S->cell[s * S->ngenres + g];
			out_printf(o, "%d\t%d\t%s\t%s\t%.0f", k, j, S->seg[s].label,
				   it->genre_names[g], S->seg[s].cl.users);
			analytics_put(o, c->lift);
			out_printf(o, "\t%d\n", c->prefers);
		}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
}

static void write_activity(void)
{
	struct out *o = analytics_open(outdir, "activity.tsv");
	out_puts(o, "user\tratings\tmean\tactivity\n");
	for (uint32_t u = 0; u < S->nusers; u++) {
		uint64_t n = S->user_ratings[u];
		out_printf(o, "%u\t%llu", S->user_ext[u], (unsigned long long)n);
		analytics_put(o, n ? S->user_sum[u] / (double)n : NAN);
		out_printf(o, "\t%s\n", analytics_activity_names[S->user_activity[u]]);
	}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
}

static int by_popularity(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const uint64_t *n = S->item_ratings;
	if (n[x] != n[y])
		return n[x] > n[y] ? -1 : 1;
	return (x > y) - (x < y); /* rows ascend with the external id */
}

/* Items by descending popularity; returns the Gini coefficient and the
 * share of the top ceil(n / 10) items, for catalog.tsv. */
static void write_popularity(double *gini, double *top_share)
{
	uint32_t n = it->n, *order = xmallocarray(n, sizeof *order);
	const uint64_t *count = S->item_ratings;
	double *bottom = xmallocarray((size_t)n + 1, sizeof *bottom), total = (double)r->n;
	for (uint32_t i = 0; i < n; i++)
		order[i] = i;
	qsort(order, n, sizeof *order, by_popularity);
	bottom[n] = 0; /* bottom[k]: ratings of the items ranked k+1..n */
	for (uint32_t k = n; k-- > 0;)
		bottom[k] = bottom[k + 1] + (double)count[order[k]];
	struct out *o = analytics_open(outdir, "popularity.tsv");
	out_puts(o, "rank\titem\tratings\tshare\ttop_items\ttop_share\tlorenz_x\tlorenz_y\n");
	for (uint32_t k = 0; k < n; k++) {
		out_printf(o, "%u\t%u\t%llu", k + 1, it->ids->ext[order[k]],
			   (unsigned long long)count[order[k]]);
		analytics_put(o, (double)count[order[k]] / total);
		analytics_put(o, (double)(k + 1) / n);
		analytics_put(o, (total - bottom[k + 1]) / total);
		analytics_put(o, (double)(n - k) / n);
		analytics_put(o, bottom[k] / total);
		out_putc(o, '\n');
	}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
	*top_share = (total - bottom[(n + 9) / 10]) / total;
	for (uint32_t i = 0; i < n; i++)
		bottom[i] = (double)count[i];
	*gini = stats_gini(bottom, n);
	free(bottom);
	free(order);
}

static int by_value(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
}

/* A rating as its shortest decimal that reads back as the same float. */
static const char *float_text(char *buf, float v)
{
	for (int digits = 1; digits <= 9; digits++) {
		snprintf(buf, 32, "%.*g", digits, v);
		if (strtof(buf, NULL) == v)
			break;
	}
	return buf;
}

static void write_rating_dist(void)
{
	float *v = xmallocarray(r->n, sizeof *v);
	memcpy(v, r->value, r->n * sizeof *v);
	qsort(v, r->n, sizeof *v, by_value);
	struct out *o = analytics_open(outdir, "rating-dist.tsv");
	out_puts(o, "rating\tcount\tshare\n");
	char buf[32];
	for (uint64_t i = 0, j; i < r->n; i = j) {
		for (j = i; j < r->n && v[j] == v[i]; j++)
			;
		out_printf(o, "%s\t%llu", float_text(buf, v[i]), (unsigned long long)(j - i));
		analytics_put(o, (double)(j - i) / (double)r->n);
		out_putc(o, '\n');
	}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
	free(v);
}

static void write_catalog(double gini, double top_share)
{
	uint32_t rated = 0;
	for (uint32_t i = 0; i < it->n; i++)
		rated += S->item_ratings[i] > 0;
	struct segment *all = &S->seg[0], *cold = &S->seg[S->first[SEGMENTS_ACTIVITY]];
	struct out *o = analytics_open(outdir, "catalog.tsv");
	out_printf(o,
		   "key\tvalue\nusers\t%u\nraters\t%.0f\nitems\t%u\nrated_items\t%u\n"
		   "ratings\t%llu\nmean_rating",
		   S->nusers, all->cl.users, it->n, rated, (unsigned long long)r->n);
	analytics_put(o, all->sum / (double)all->ratings);
	out_puts(o, "\ngini");
	analytics_put(o, gini);
	out_printf(o, "\ntop_items\t%u\ntop_share", (it->n + 9) / 10);
	analytics_put(o, top_share);
	out_printf(o, "\ncold_start_users\t%llu\ncold_start_share",
		   (unsigned long long)cold->users);
	analytics_put(o, (double)cold->users / (double)S->nusers);
	out_printf(o, "\nlight_min\t%ld\nactive_min\t%ld\npower_min\t%ld\nmin_users\t%ld\n",
		   activity[0], activity[1], activity[2], min_users);
	out_puts(o, "lift_min");
	analytics_put(o, ANALYTICS_LIFT_MIN);
	out_puts(o, "\npoints_min");
	analytics_put(o, ANALYTICS_POINTS_MIN);
	out_puts(o, "\nalpha");
	analytics_put(o, ANALYTICS_ALPHA);
	out_printf(o, "\ntests\t%d\ntests_excluded\t%d\nno_genre\t%s\nadjustment\tholm\n",
		   S->ntests, S->nexcluded, SEGMENTS_NO_GENRE);
	if (out_close(o) < 0)
		exit(EXIT_DATA);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {{"users", required_argument, NULL, 'u'},
						 {"items", required_argument, NULL, 'i'},
						 {"activity", required_argument, NULL, 'a'},
						 {"min-users", required_argument, NULL, 'm'},
						 OPT_HELP_VERSION};
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'u':
			users_path = optarg;
			break;
		case 'i':
			items_path = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'a':
			if (opt_long_list("--activity", optarg, 1, 1000000000, activity, 3) != 3 ||
			    activity[0] >= activity[1] || activity[1] >= activity[2])
				die_usage(
				    "--activity: expected three increasing counts A,B,C, got '%s'",
				    optarg);
			break;
		case 'm':
			min_users = opt_long("--min-users", optarg, 1, 1000000000);
			break;
		}
	}
	if (!items_path || !outdir)
		die_usage("--items and -o are required");
	if (argc - optind != 1)
		die_usage("expected one RATINGS file, got %d operands", argc - optind);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	if ((users_path && !(us = users_read(users_path))) || !(it = items_read(items_path)) ||
	    !(r = ratings_read(argv[optind], 0)) ||
	    !(S = segments_new(us, it, r, activity, min_users)))
		return EXIT_DATA;
	analytics_mkdir(outdir);
	double gini, top_share;
	write_segments();
	write_genres();
	write_occupation_lift();
	write_activity();
	write_popularity(&gini, &top_share);
	write_rating_dist();
	write_catalog(gini, top_share);
	segments_free(S);
	ratings_free(r);
	items_free(it);
	users_free(us);
	return 0;
}
