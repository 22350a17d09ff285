#include "segments.h"
#include "err.h"
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const segments_dim_names[SEGMENTS_DIMS] = {"all", "gender", "age", "occupation",
						       "activity"};

static const char *const *sorted_names;
static int by_string(const void *a, const void *b)
{
	return strcmp(sorted_names[*(const int *)a], sorted_names[*(const int *)b]);
}

/* The indices 0..n-1 of names in order of name. */
static int *name_order(char *const *names, int n)
{
	int *order = xmallocarray(n ? (size_t)n : 1, sizeof *order);
	for (int i = 0; i < n; i++)
		order[i] = i;
	sorted_names = (const char *const *)names;
	qsort(order, (size_t)n, sizeof *order, by_string);
	return order;
}

/* The table row of each dense id of r (users or items); -1 after a message
 * naming the first rating, in input order, whose id the table lacks. */
static int64_t *table_rows(const struct ratings *r, const struct idmap *ids,
			   const struct idmap *table, const uint32_t *of, const char *what,
			   const char *table_name)
{
	int64_t *row = xmallocarray(ids->n ? ids->n : 1, sizeof *row);
	for (uint32_t j = 0; j < ids->n; j++)
		row[j] = idmap_get(table, ids->ext[j]);
	for (uint64_t t = 0; t < r->n; t++)
		if (row[of[t]] < 0) {
			error("%s:%llu: %s %u is not in %s", r->name, (unsigned long long)t + 1,
			      what, ids->ext[of[t]], table_name);
			free(row);
			return NULL;
		}
	return row;
}

/* Per user and per item totals; per user and genre, the user's ratings in
 * the genre and their sum (n_ug, sum_ug, users x genres). */
static int count(struct segments *s, const struct users *us, const struct items *it,
		 const struct ratings *r, uint32_t *n_ug, double *sum_ug, double *sumsq)
{
	int64_t *urow = us ? table_rows(r, r->users, us->ids, r->user, "user", us->name)
			   : xmallocarray(r->users->n ? r->users->n : 1, sizeof *urow);
	for (uint32_t j = 0; !us && j < r->users->n; j++)
		urow[j] = j; /* no users table: the raters, in their own order */
	int64_t *irow = urow ? table_rows(r, r->items, it->ids, r->item, "item", it->name) : NULL;
	if (!irow) {
		free(urow);
		return -1;
	}
	size_t ng = (size_t)s->ngenres;
	for (uint64_t t = 0; t < r->n; t++) {
		size_t u = (size_t)urow[r->user[t]], i = (size_t)irow[r->item[t]];
		double v = r->value[t];
		s->user_ratings[u]++;
		s->user_sum[u] += v;
		sumsq[u] += v * v;
		s->item_ratings[i]++;
		for (size_t g = 0; g < ng; g++)
			if (it->genres[i] >> g & 1) {
				n_ug[u * ng + g]++;
				sum_ug[u * ng + g] += v;
			}
	}
	free(urow);
	free(irow);
	return 0;
}

/* The segments in order; of_user[u * SEGMENTS_DIMS + d] is user u's
 * segment (a flat index) in dimension d. */
static int *define(struct segments *s, const struct users *us, const long activity[3])
{
	static const char *const gender[] = {"F", "M"};
	int nocc = us ? us->noccupations : 0;
	int *occ_order = us ? name_order(us->occupation_names, nocc) : xmalloc(sizeof(int));
	int *occ_rank = xmallocarray((size_t)nocc + 1, sizeof *occ_rank);
	int sizes[SEGMENTS_DIMS] = {1, us ? 2 : 0, us ? ANALYTICS_AGE_BINS : 0, nocc,
				    ANALYTICS_ACTIVITY_BINS};
	s->n = 0;
	for (int d = 0; d < SEGMENTS_DIMS; d++) {
		s->first[d] = s->n;
		s->count[d] = sizes[d];
		s->n += sizes[d];
	}
	s->seg = xcalloc((size_t)s->n, sizeof *s->seg);
	for (int d = 0; d < SEGMENTS_DIMS; d++)
		for (int k = 0; k < sizes[d]; k++) {
			struct segment *sg = &s->seg[s->first[d] + k];
			sg->dim = d;
			sg->label = d == SEGMENTS_ALL	     ? "all"
				    : d == SEGMENTS_GENDER   ? gender[k]
				    : d == SEGMENTS_AGE	     ? analytics_age_names[k]
				    : d == SEGMENTS_ACTIVITY ? analytics_activity_names[k]
							     : us->occupation_names[occ_order[k]];
			if (d == SEGMENTS_OCCUPATION)
				occ_rank[occ_order[k]] = k;
		}
	int *of_user = xmallocarray((size_t)s->nusers * SEGMENTS_DIMS + 1, sizeof *of_user);
	for (uint32_t u = 0; u < s->nusers; u++) {
		int *o = &of_user[(size_t)u * SEGMENTS_DIMS];
		s->user_activity[u] = analytics_activity_bin(s->user_ratings[u], activity);
		o[SEGMENTS_ALL] = 0;
		o[SEGMENTS_ACTIVITY] = s->first[SEGMENTS_ACTIVITY] + s->user_activity[u];
		if (!us) { /* no demographics: those dimensions have no segments */
			o[SEGMENTS_GENDER] = o[SEGMENTS_AGE] = o[SEGMENTS_OCCUPATION] = -1;
			continue;
		}
		o[SEGMENTS_GENDER] = s->first[SEGMENTS_GENDER] + (us->gender[u] == 'M');
		o[SEGMENTS_AGE] = s->first[SEGMENTS_AGE] + analytics_age_bin(us->age[u]);
		o[SEGMENTS_OCCUPATION] =
		    s->first[SEGMENTS_OCCUPATION] + occ_rank[us->occupation[u]];
	}
	free(occ_order);
	free(occ_rank);
	return of_user;
}

static void accumulate(struct segments *s, uint32_t nusers, const int *of_user,
		       const uint32_t *n_ug, const double *sum_ug, const double *sumsq)
{
	size_t ng = (size_t)s->ngenres;
	s->cell = xcalloc((size_t)s->n * (ng ? ng : 1), sizeof *s->cell);
	for (uint32_t u = 0; u < nusers; u++) {
		double n = (double)s->user_ratings[u];
		for (int d = 0; d < SEGMENTS_DIMS; d++) {
			int seg = of_user[(size_t)u * SEGMENTS_DIMS + (size_t)d];
			if (seg < 0)
				continue;
			size_t k = (size_t)seg;
			struct segment *sg = &s->seg[k];
			sg->users++;
			sg->ratings += s->user_ratings[u];
			sg->sum += s->user_sum[u];
			sg->sumsq += sumsq[u];
			cluster_add(&sg->cl, s->user_sum[u], n);
			for (size_t g = 0; g < ng; g++) {
				struct segment_genre *c = &s->cell[k * ng + g];
				c->ratings += n_ug[(size_t)u * ng + g];
				c->sum += sum_ug[(size_t)u * ng + g];
				cluster_add(&c->cl, n_ug[(size_t)u * ng + g], n);
			}
		}
	}
}

/* Shares, lifts and each segment's test against the rest of the users;
 * then Holm and BH over the family of tests that can qualify. */
static void test(struct segments *s, const struct items *it, long min_users)
{
	size_t ng = (size_t)s->ngenres, cells = (size_t)s->n * ng;
	double *p = xmallocarray(cells + 1, sizeof *p),
	       *holm = xmallocarray(cells + 1, sizeof *holm),
	       *bh = xmallocarray(cells + 1, sizeof *bh);
	for (size_t q = 0; q < cells; q++) {
		struct segment_genre *c = &s->cell[q], *all = &s->cell[q % ng];
		double diff, df;
		c->share = (double)c->ratings / (double)s->seg[q / ng].ratings;
		c->lift = c->share / all->share;
		c->t = c->p = c->rest_share = c->diff = c->diff_lo = c->diff_hi = NAN;
		c->family = 0;
		if (q >= ng) { /* segment 0 is everyone */
			struct cluster_sums rest = cluster_sub(&all->cl, &c->cl);
			struct cluster_cross x = cluster_disjoint(&c->cl, &rest);
			c->p = cluster_diff_test(&c->cl, &rest, &x, &diff, &c->t, &df);
			cluster_diff_interval(&c->cl, &rest, &x, 0.05, &c->diff, &c->diff_lo,
					      &c->diff_hi);
			c->rest_share = rest.n > 0 ? rest.y / rest.n : NAN;
			c->family = !isnan(c->p) && s->seg[q / ng].cl.users >= (double)min_users &&
				    strcmp(it->genre_names[q % ng], SEGMENTS_NO_GENRE) != 0;
		}
		p[q] = c->family ? c->p : NAN;
		s->nexcluded += !isnan(c->p) && !c->family;
	}
	stats_holm(p, (int)cells, holm);
	stats_bh(p, (int)cells, bh);
	s->ntests = 0;
	for (size_t q = 0; q < cells; q++) {
		struct segment_genre *c = &s->cell[q];
		s->ntests += c->family;
		c->p_holm = holm[q];
		c->p_bh = bh[q];
		c->prefers = analytics_prefers(c->lift, c->diff, c->p_holm,
					       (uint64_t)s->seg[q / ng].cl.users, (uint64_t)min_users);
	}
	free(p);
	free(holm);
	free(bh);
}

struct segments *segments_new(const struct users *us, const struct items *it,
			      const struct ratings *r, const long activity[3], long min_users)
{
	struct segments *s = xcalloc(1, sizeof *s);
	s->ngenres = it->ngenres;
	s->genre_order = name_order(it->genre_names, it->ngenres);
	s->nusers = us ? us->n : r->users->n;
	s->user_ext = us ? us->ids->ext : r->users->ext;
	uint32_t nu = s->nusers ? s->nusers : 1;
	s->user_ratings = xcalloc(nu, sizeof *s->user_ratings);
	s->user_sum = xcalloc(nu, sizeof *s->user_sum);
	s->user_activity = xcalloc(nu, sizeof *s->user_activity);
	s->item_ratings = xcalloc(it->n, sizeof *s->item_ratings);
	size_t ug = (size_t)nu * (size_t)(s->ngenres ? s->ngenres : 1);
	uint32_t *n_ug = xcalloc(ug, sizeof *n_ug);
	double *sum_ug = xcalloc(ug, sizeof *sum_ug), *sumsq = xcalloc(nu, sizeof *sumsq);
	int *of_user = NULL;
	if (count(s, us, it, r, n_ug, sum_ug, sumsq) == 0) {
		of_user = define(s, us, activity);
		accumulate(s, s->nusers, of_user, n_ug, sum_ug, sumsq);
		test(s, it, min_users);
	}
	free(n_ug);
	free(sum_ug);
	free(sumsq);
	if (!of_user) {
		segments_free(s);
		return NULL;
	}
	free(of_user);
	return s;
}

void segments_free(struct segments *s)
{
	if (!s)
		return;
	free(s->seg);
	free(s->cell);
	free(s->genre_order);
	free(s->user_ratings);
	free(s->user_sum);
	free(s->user_activity);
	free(s->item_ratings);
	free(s);
}
