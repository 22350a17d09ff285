/*
 * synth: the generator behind reel-synth (lib/synth.h states the contract;
 * docs/TOOLS.md lists the planted structure a test may rely on).
 */
#include "synth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "err.h"
#include "rng.h"

#define NGENRES 19
#define NOCCS 21
#define NCLUSTERS 8
#define NFACTORS 8
#define MIN_PER_USER SYNTH_MIN_PER_USER
#define NBOOSTS 5 /* boost classes: none and the four boosted genres */

/* MovieLens 100K's genres (u.genre order) and how many of its items have each. */
static const char *genre_names[NGENRES] = {
	"unknown",     "Action", "Adventure", "Animation", "Children's", "Comedy",  "Crime",
	"Documentary", "Drama",  "Fantasy",   "Film-Noir", "Horror",     "Musical", "Mystery",
	"Romance",     "Sci-Fi", "Thriller",  "War",       "Western"};
static const double genre_count[NGENRES] = {0,  251, 135, 42, 122, 505, 109, 50, 725, 22,
					    24, 92,  56,  61, 247, 101, 251, 71, 27};
enum { G_UNKNOWN = 0, G_DOCUMENTARY = 7, G_ROMANCE = 14, G_SCIFI = 15, G_WESTERN = 18 };

/* MovieLens 100K's occupations (u.occupation order), how many of its users
 * have each, and the planted boost: a class of boost_genre. */
enum { B_NONE, B_SCIFI, B_DOCUMENTARY, B_ROMANCE, B_WESTERN };
static const int boost_genre[NBOOSTS] = {-1, G_SCIFI, G_DOCUMENTARY, G_ROMANCE, G_WESTERN};
static const struct {
	const char *name;
	double count;
	int boost;
} occs[NOCCS] = {{"administrator", 79, B_NONE},
		 {"artist", 28, B_NONE},
		 {"doctor", 7, B_NONE},
		 {"educator", 95, B_DOCUMENTARY},
		 {"engineer", 67, B_SCIFI},
		 {"entertainment", 18, B_NONE},
		 {"executive", 32, B_NONE},
		 {"healthcare", 16, B_ROMANCE},
		 {"homemaker", 7, B_ROMANCE},
		 {"lawyer", 12, B_NONE},
		 {"librarian", 51, B_DOCUMENTARY},
		 {"marketing", 26, B_NONE},
		 {"none", 9, B_NONE},
		 {"other", 105, B_NONE},
		 {"programmer", 66, B_SCIFI},
		 {"retired", 14, B_WESTERN},
		 {"salesman", 12, B_NONE},
		 {"scientist", 31, B_SCIFI},
		 {"student", 196, B_NONE},
		 {"technician", 27, B_SCIFI},
		 {"writer", 45, B_DOCUMENTARY}};
#define BOOST_PICK 4.0  /* weight factor on picking a boosted-genre item */
#define BOOST_SCORE 0.5 /* added to the latent score of such a rating */
#define AFFINITY 0.8    /* weight of a cluster's affinity for an item in picking */

/* Rating rhythm, UTC: relative weight of each hour, and of each weekday
 * from Sunday. */
static const double hour_weight[24] = {6, 4, 3, 2, 2, 2, 2, 3,  4,  5,  5,  6,
				       6, 6, 6, 6, 7, 8, 9, 10, 11, 11, 10, 8};
static const double day_weight[7] = {1.4, 1.0, 1.0, 1.0, 1.0, 1.1, 1.5};
#define HOUR_WEIGHT_MAX 11.0
#define DAY_WEIGHT_MAX 1.5

/* Latent score s = b_u + b_i + ALPHA (p_u . q_i) / sqrt(NFACTORS) + boost +
 * noise; rating = 1 + the number of thresholds below s.  The thresholds
 * give roughly MovieLens 100K's shares of 1..5 (6, 11, 27, 34, 21 %). */
#define ALPHA 0.7
#define NOISE_SD 0.6
static const double thresholds[4] = {-1.35, -0.68, 0.20, 1.23};
/* With half stars, 0.5 .. 5 as in MovieLens 10M and later: thresholds
 * for shares of 1.5, 3, 1.5, 7, 5, 20, 13, 27, 8.5 and 13.5 % (whole stars
 * more common than halves, 4 the mode), from a normal fit of s to the
 * thresholds above (mean 0.349, sd 1.093). */
static const double half_thresholds[9] = {-2.02, -1.50, -1.35, -0.88, -0.65,
					  0.02,  0.38,  1.19,  1.55};

struct item {
	uint32_t genres; /* bit g set: genre g */
	int year;
	float bias;
	float q[NFACTORS];
	double pop; /* relative popularity */
};

struct user {
	unsigned char cluster, occ, age;
	char gender;
	float bias;
	float p[NFACTORS];
	uint32_t count;
};

/*
 * Picking: user u of cluster c and boost class b takes item i with weight
 * w_c(i) x (BOOST_PICK if i has b's genre, else 1).  That is a mixture of
 * w_c over all items (mass W_c) and (BOOST_PICK - 1) w_c over the items of
 * the genre (mass (BOOST_PICK - 1) W_cb), so one alias table per cluster
 * and one per (cluster, boosted genre) over that genre's items suffice.
 */
struct picker {
	double *w; /* w_c(i) over all items */
	gsl_ran_discrete_t *all;
	double mass;
	gsl_ran_discrete_t *boosted[NBOOSTS]; /* NULL for class 0 or no items */
	double boosted_mass[NBOOSTS];
};

/* One generation's state: the options and what each stage leaves for the
 * next (items and users for the ratings, the pickers built over them). */
struct gen {
	const struct synth_params *p;
	struct item *items;
	struct user *users;
	double centroid[NCLUSTERS][NFACTORS];
	struct picker pickers[NCLUSTERS];
	uint32_t *genre_items[NBOOSTS], genre_nitems[NBOOSTS];
};

static double gauss(gsl_rng *r)
{
	return gsl_ran_gaussian_ziggurat(r, 1.0);
}

/* An integer drawn from N(mean, sd), rounded, redrawn until in [lo, hi]. */
static int truncated_normal(gsl_rng *r, double mean, double sd, int lo, int hi)
{
	for (;;) {
		double x = floor(mean + sd * gauss(r) + 0.5);
		if (x >= lo && x <= hi)
			return (int)x;
	}
}

static gsl_ran_discrete_t *discrete(size_t n, const double *w)
{
	gsl_ran_discrete_t *t = gsl_ran_discrete_preproc(n, w);
	if (!t)
		die("out of memory building a sampling table of %zu entries", n);
	return t;
}

static void write_items(struct gen *s, gsl_rng *r, struct out *o)
{
	double gvec[NGENRES][NFACTORS];
	for (int g = 0; g < NGENRES; g++)
		for (int f = 0; f < NFACTORS; f++)
			gvec[g][f] = gauss(r);
	gsl_ran_discrete_t *pick_genre = discrete(NGENRES, genre_count);
	out_puts(o, "item\ttitle\tyear\tgenres\n");
	for (uint64_t i = 0; i < s->p->nitems; i++) {
		struct item *it = &s->items[i];
		/* 1, 2 or 3 genres (50, 33, 17 %); "unknown" alone, rarely. */
		int ngen = gsl_rng_uniform(r) < 0.5 ? 1 : gsl_rng_uniform(r) < 0.66 ? 2 : 3;
		it->genres = gsl_rng_uniform(r) < 0.002 ? 1u << G_UNKNOWN : 0;
		int have = it->genres ? ngen : 0;
		while (have < ngen) {
			uint32_t bit = 1u << gsl_ran_discrete(r, pick_genre);
			have += !(it->genres & bit);
			it->genres |= bit;
		}
		double center[NFACTORS] = {0};
		for (int g = 0; g < NGENRES; g++) {
			if (it->genres >> g & 1)
				for (int f = 0; f < NFACTORS; f++)
					center[f] += gvec[g][f];
		}
		double norm = sqrt(__builtin_popcount(it->genres));
		for (int f = 0; f < NFACTORS; f++)
			it->q[f] = (float)(sqrt(0.6) * center[f] / norm + sqrt(0.4) * gauss(r));
		it->bias = (float)(0.45 * gauss(r));
		do
			it->year = 1998 - (int)floor(gsl_ran_exponential(r, 8.0));
		while (it->year < 1920);
		out_u64(o, i + 1);
		out_printf(o, "\tMovie %llu (%d)\t%d\t", (unsigned long long)i + 1, it->year,
			   it->year);
		const char *sep = "";
		for (int g = 0; g < NGENRES; g++) {
			if (it->genres >> g & 1) {
				out_printf(o, "%s%s", sep, genre_names[g]);
				sep = "|";
			}
		}
		out_putc(o, '\n');
	}
	gsl_ran_discrete_free(pick_genre);
	/* Popularity by a random rank: a power law shifted so that the head is
	 * flat, as MovieLens's is. */
	uint32_t *rank = xmallocarray(s->p->nitems, sizeof *rank);
	for (uint32_t i = 0; i < s->p->nitems; i++)
		rank[i] = i;
	gsl_ran_shuffle(r, rank, s->p->nitems, sizeof *rank);
	double shift = 0.15 * (double)s->p->nitems + 1;
	for (uint64_t i = 0; i < s->p->nitems; i++)
		s->items[i].pop = pow((double)rank[i] + shift, -2.5);
	free(rank);
}

static void write_users(struct gen *s, gsl_rng *r, struct out *o)
{
	for (int c = 0; c < NCLUSTERS; c++)
		for (int f = 0; f < NFACTORS; f++)
			s->centroid[c][f] = gauss(r);
	double occ_count[NOCCS];
	for (int k = 0; k < NOCCS; k++)
		occ_count[k] = occs[k].count;
	gsl_ran_discrete_t *pick_occ = discrete(NOCCS, occ_count);
	out_puts(o, "user\tage\tgender\toccupation\tzip\n");
	for (uint64_t u = 0; u < s->p->nusers; u++) {
		struct user *us = &s->users[u];
		us->occ = (unsigned char)gsl_ran_discrete(r, pick_occ);
		const char *occ = occs[us->occ].name;
		if (strcmp(occ, "student") == 0)
			us->age = (unsigned char)truncated_normal(r, 22, 5, 7, 73);
		else if (strcmp(occ, "retired") == 0)
			us->age = (unsigned char)truncated_normal(r, 63, 6, 45, 73);
		else
			us->age = (unsigned char)truncated_normal(r, 36, 11, 16, 73);
		double female = strcmp(occ, "homemaker") == 0    ? 0.85
				: strcmp(occ, "healthcare") == 0 ? 0.7
								 : 0.27;
		us->gender = gsl_rng_uniform(r) < female ? 'F' : 'M';
		us->cluster = (unsigned char)rng_below(r, NCLUSTERS);
		for (int f = 0; f < NFACTORS; f++)
			us->p[f] = (float)(sqrt(0.75) * s->centroid[us->cluster][f] +
					   sqrt(0.25) * gauss(r));
		us->bias = (float)(0.4 * gauss(r));
		out_u64(o, u + 1);
		out_putc(o, '\t');
		out_u64(o, us->age);
		out_printf(o, "\t%c\t%s\t%05u\n", us->gender, occ, (unsigned)rng_below(r, 100000));
	}
	gsl_ran_discrete_free(pick_occ);
}

/* The items of each boosted genre, and the pickers of every cluster. */
static void build_pickers(struct gen *s)
{
	for (int b = 1; b < NBOOSTS; b++) {
		s->genre_items[b] = xmallocarray(s->p->nitems, sizeof *s->genre_items[b]);
		for (uint32_t i = 0; i < s->p->nitems; i++)
			if (s->items[i].genres >> boost_genre[b] & 1)
				s->genre_items[b][s->genre_nitems[b]++] = i;
	}
	double *sub = xmallocarray(s->p->nitems, sizeof *sub);
	for (int c = 0; c < NCLUSTERS; c++) {
		struct picker *pk = &s->pickers[c];
		pk->w = xmallocarray(s->p->nitems, sizeof *pk->w);
		pk->mass = 0;
		for (uint64_t i = 0; i < s->p->nitems; i++) {
			double a = 0;
			for (int f = 0; f < NFACTORS; f++)
				a += s->centroid[c][f] * s->items[i].q[f];
			pk->w[i] = s->items[i].pop * exp(AFFINITY * a / sqrt(NFACTORS));
			pk->mass += pk->w[i];
		}
		pk->all = discrete(s->p->nitems, pk->w);
		for (int b = 1; b < NBOOSTS; b++) {
			if (!s->genre_nitems[b])
				continue;
			pk->boosted_mass[b] = 0;
			for (uint32_t k = 0; k < s->genre_nitems[b]; k++) {
				sub[k] = pk->w[s->genre_items[b][k]];
				pk->boosted_mass[b] += (BOOST_PICK - 1) * sub[k];
			}
			pk->boosted[b] = discrete(s->genre_nitems[b], sub);
		}
	}
	free(sub);
}

static void free_pickers(struct gen *s)
{
	for (int c = 0; c < NCLUSTERS; c++) {
		gsl_ran_discrete_free(s->pickers[c].all);
		for (int b = 1; b < NBOOSTS; b++)
			if (s->pickers[c].boosted[b])
				gsl_ran_discrete_free(s->pickers[c].boosted[b]);
		free(s->pickers[c].w);
	}
	for (int b = 1; b < NBOOSTS; b++)
		free(s->genre_items[b]);
}

static uint32_t draw_item(const struct gen *s, gsl_rng *r, const struct picker *pk, int b)
{
	if (pk->boosted[b] && gsl_rng_uniform(r) * (pk->mass + pk->boosted_mass[b]) >= pk->mass)
		return s->genre_items[b][gsl_ran_discrete(r, pk->boosted[b])];
	return (uint32_t)gsl_ran_discrete(r, pk->all);
}

/* Pairs (value, index) by value descending, then index ascending: a total
 * order, so qsort's result does not depend on its algorithm. */
static int by_weight_desc(const void *a, const void *b)
{
	const double *x = a, *y = b;
	if (x[0] != y[0])
		return x[0] < y[0] ? 1 : -1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/* Each user gets MIN_PER_USER plus a share of the rest in proportion to a
 * lognormal weight, at most nitems in all: water-filling from the heaviest
 * user down, then the uncapped users' shares rounded as differences of
 * rounded cumulative sums, so the total is exactly --ratings. */
static void allocate_counts(struct gen *s, gsl_rng *r)
{
	double(*w)[2] = xmallocarray(s->p->nusers, sizeof *w); /* weight, user */
	for (uint64_t u = 0; u < s->p->nusers; u++) {
		double z = gauss(r);
		w[u][0] = exp(1.25 * (z < 2.4 ? z : 2.4)); /* clipped: no user near nitems */
		w[u][1] = (double)u;
	}
	qsort(w, s->p->nusers, sizeof *w, by_weight_desc);
	double total = 0;
	for (uint64_t k = 0; k < s->p->nusers; k++)
		total += w[k][0];
	uint64_t rest = s->p->nratings - MIN_PER_USER * s->p->nusers,
		 cap = s->p->nitems - MIN_PER_USER, k;
	for (k = 0; k < s->p->nusers && (double)rest * w[k][0] >= (double)cap * total; k++) {
		s->users[(uint64_t)w[k][1]].count = (uint32_t)s->p->nitems;
		rest -= cap;
		total -= w[k][0];
	}
	total = 0;
	for (uint64_t j = k; j < s->p->nusers; j++)
		total += w[j][0];
	double cum = 0;
	uint64_t done = 0;
	for (; k < s->p->nusers; k++) {
		cum += w[k][0]; /* the same order as total, so it ends equal to it */
		uint64_t upto = (uint64_t)((double)rest * (cum / total));
		if (upto > rest || k == s->p->nusers - 1)
			upto = rest;
		if (upto < done)
			upto = done;
		if (upto - done > cap)
			upto = done + cap;
		s->users[(uint64_t)w[k][1]].count = (uint32_t)(MIN_PER_USER + upto - done);
		done = upto;
	}
	free(w);
}

static int by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* n distinct items drawn one after another without replacement, in
 * ascending order.  Sparse users: draws from the alias tables, rejecting
 * items already taken (marked in taken[], cleared again).  Dense users, or a
 * run of bad luck: the n smallest Efraimidis-Spirakis keys -log(U)/w(i),
 * which have the same distribution. */
static void pick_items(const struct gen *s, gsl_rng *r, const struct picker *pk, int b, uint32_t n,
		       unsigned char *taken, uint32_t *out, double (*keys)[2])
{
	uint32_t got = 0;
	if ((uint64_t)n * 4 <= s->p->nitems) {
		uint64_t budget = 50 * (uint64_t)n + 1000;
		while (got < n && budget-- > 0) {
			uint32_t i = draw_item(s, r, pk, b);
			if (!taken[i]) {
				taken[i] = 1;
				out[got++] = i;
			}
		}
		for (uint32_t k = 0; k < got; k++)
			taken[out[k]] = 0;
	}
	if (got < n) {
		for (uint64_t i = 0; i < s->p->nitems; i++) {
			double w = pk->w[i];
			if (b && (s->items[i].genres >> boost_genre[b] & 1))
				w *= BOOST_PICK;
			keys[i][0] = -log(gsl_rng_uniform_pos(r)) / w;
			keys[i][1] = (double)i;
		}
		qsort(keys, s->p->nitems, sizeof *keys, by_weight_desc);
		for (uint32_t k = 0; k < n; k++)
			out[k] = (uint32_t)keys[s->p->nitems - 1 - k][1];
	}
	qsort(out, n, sizeof *out, by_u32);
}

/* The rating in stars, or in half stars (1 .. 10) with half. */
static int rating_value(gsl_rng *r, const struct user *us, const struct item *it, int half)
{
	double dot = 0;
	for (int f = 0; f < NFACTORS; f++)
		dot += us->p[f] * it->q[f];
	double s = us->bias + it->bias + ALPHA * dot / sqrt(NFACTORS) + NOISE_SD * gauss(r);
	int b = occs[us->occ].boost;
	if (b && (it->genres >> boost_genre[b] & 1))
		s += BOOST_SCORE;
	int v = 1;
	for (int k = 0; k < (half ? 9 : 4); k++)
		v += s > (half ? half_thresholds : thresholds)[k];
	return v;
}

/* A time in the user's window [start + first days, start + (first + len)
 * days), with density in proportion to the weights of its UTC hour and
 * weekday: uniform proposals, accepted by rejection. */
static int64_t timestamp(const struct gen *s, gsl_rng *r, int64_t first, int64_t len)
{
	for (;;) {
		int64_t t = s->p->start_time + first * 86400 +
			    (int64_t)rng_below(r, (uint64_t)len * 86400);
		double w = hour_weight[t % 86400 / 3600] * day_weight[(t / 86400 + 4) % 7];
		if (gsl_rng_uniform(r) * HOUR_WEIGHT_MAX * DAY_WEIGHT_MAX < w)
			return t;
	}
}

static void write_ratings(struct gen *s, gsl_rng *r, struct out *o)
{
	unsigned char *taken = xcalloc(s->p->nitems, 1);
	uint32_t *picked = xmallocarray(s->p->nitems, sizeof *picked);
	double(*keys)[2] = xmallocarray(s->p->nitems, sizeof *keys);
	for (uint64_t u = 0; u < s->p->nusers; u++) {
		const struct user *us = &s->users[u];
		pick_items(s, r, &s->pickers[us->cluster], occs[us->occ].boost, us->count, taken,
			   picked, keys);
		/* The user's active days: 1 + Exp(mean ndays / 3), at most ndays. */
		int64_t len = 1 + (int64_t)gsl_ran_exponential(r, (double)s->p->ndays / 3);
		if (len > s->p->ndays)
			len = s->p->ndays;
		int64_t first = (int64_t)rng_below(r, (uint64_t)(s->p->ndays - len + 1));
		for (uint32_t k = 0; k < us->count; k++) {
			out_u64(o, u + 1);
			out_putc(o, '\t');
			out_u64(o, picked[k] + 1);
			out_putc(o, '\t');
			int v = rating_value(r, us, &s->items[picked[k]], s->p->half_stars);
			if (!s->p->half_stars)
				out_putc(o, (char)('0' + v));
			else if (v % 2)
				out_printf(o, "%d.5", v / 2);
			else
				out_putc(o, (char)('0' + v / 2));
			out_putc(o, '\t');
			out_u64(o, (uint64_t)timestamp(s, r, first, len));
			out_putc(o, '\n');
		}
	}
	free(keys);
	free(picked);
	free(taken);
}

void synth_write(const struct synth_params *p, struct out *items, struct out *users,
		 struct out *ratings)
{
	struct gen *s = xcalloc(1, sizeof *s);
	s->p = p;
	s->items = xmallocarray(p->nitems, sizeof *s->items);
	s->users = xmallocarray(p->nusers, sizeof *s->users);
	/* One stream per stage, so items.tsv depends on the number of items
	 * alone and users.tsv on the number of users alone. */
	gsl_rng *r = rng_new(rng_derive(p->seed, 0));
	write_items(s, r, items);
	gsl_rng_free(r);
	r = rng_new(rng_derive(p->seed, 1));
	write_users(s, r, users);
	build_pickers(s);
	gsl_rng_free(r);
	r = rng_new(rng_derive(p->seed, 2));
	allocate_counts(s, r);
	write_ratings(s, r, ratings);
	gsl_rng_free(r);
	free_pickers(s);
	free(s->users);
	free(s->items);
	free(s);
}
