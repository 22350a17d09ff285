#include "segments.h"
#include "err.h"
#include "num.h"
#include "out.h"
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
			sg->label = d == SEGMENTS_ALL        ? "all"
				    : d == SEGMENTS_GENDER   ? gender[k]
				    : d == SEGMENTS_AGE      ? analytics_age_names[k]
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
			stats_cluster_add(&sg->cl, s->user_sum[u], n);
			for (size_t g = 0; g < ng; g++) {
				struct segment_genre *c = &s->cell[k * ng + g];
				c->ratings += n_ug[(size_t)u * ng + g];
				c->sum += sum_ug[(size_t)u * ng + g];
				stats_cluster_add(&c->cl, n_ug[(size_t)u * ng + g], n);
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
			struct stats_cluster_sums rest = stats_cluster_sub(&all->cl, &c->cl);
			struct stats_cluster_cross x = stats_cluster_disjoint(&c->cl, &rest);
			c->p = stats_cluster_diff_test(&c->cl, &rest, &x, &diff, &c->t, &df);
			stats_cluster_diff_interval(&c->cl, &rest, &x, 0.05, &c->diff, &c->diff_lo,
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
		c->prefers =
			analytics_prefers(c->lift, c->diff, c->p_holm,
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

/* The tables of segments_write(), each a function of one run's inputs. */
struct ctx {
	const struct segments *S;
	const struct items *it;
	const struct ratings *r;
	const long *activity;
	long min_users;
	const char *outdir;
};

static int write_segments(const struct ctx *s)
{
	struct out *o = analytics_open(s->outdir, "segments.tsv");
	if (!o)
		return -1;
	out_puts(o, "dimension\tsegment\tusers\traters\tratings\tratings_per_user\tmean\tsd\tci_lo"
		    "\tci_hi\n");
	for (int k = 0; k < s->S->n; k++) {
		struct segment *sg = &s->S->seg[k];
		struct stats_summary sm = stats_from_sums(sg->ratings, sg->sum, sg->sumsq, 0.05);
		struct stats_cluster_mean cm = stats_cluster_mean(&sg->cl, 0.05);
		out_printf(o, "%s\t%s\t%llu\t%.0f\t%llu", segments_dim_names[sg->dim], sg->label,
			   (unsigned long long)sg->users, sg->cl.users,
			   (unsigned long long)sg->ratings);
		out_field_f64(o, sg->users ? (double)sg->ratings / (double)sg->users : NAN);
		out_field_f64(o, sm.mean);
		out_field_f64(o, sm.sd);
		out_field_f64(o, cm.ci_lo);
		out_field_f64(o, cm.ci_hi);
		out_putc(o, '\n');
	}
	return out_close(o);
}

static int write_genres(const struct ctx *s)
{
	struct out *o = analytics_open(s->outdir, "genres.tsv");
	if (!o)
		return -1;
	out_puts(o, "dimension\tsegment\tgenre\tusers\tratings\tgenre_ratings\tshare\tall_share"
		    "\tlift\tt\tp\tp_holm\tp_bh\tprefers\tmean\tall_mean\trest_share\tdiff\tdiff_lo"
		    "\tdiff_hi\tfamily\n");
	for (int k = 0; k < s->S->n; k++)
		for (int j = 0; j < s->S->ngenres; j++) {
			int g = s->S->genre_order[j];
			struct segment *sg = &s->S->seg[k];
			struct segment_genre *c = &s->S->cell[k * s->S->ngenres + g],
					     *all = &s->S->cell[g];
			out_printf(o, "%s\t%s\t%s\t%.0f\t%llu\t%llu", segments_dim_names[sg->dim],
				   sg->label, s->it->genre_names[g], sg->cl.users,
				   (unsigned long long)sg->ratings, (unsigned long long)c->ratings);
			double v[] = {c->share, all->share, c->lift, c->t,
				      c->p,     c->p_holm,  c->p_bh};
			for (size_t q = 0; q < sizeof v / sizeof *v; q++)
				out_field_f64(o, v[q]);
			out_printf(o, "\t%d", c->prefers);
			out_field_f64(o, c->ratings ? c->sum / (double)c->ratings : NAN);
			out_field_f64(o, all->ratings ? all->sum / (double)all->ratings : NAN);
			double d[] = {c->rest_share, c->diff, c->diff_lo, c->diff_hi};
			for (size_t q = 0; q < sizeof d / sizeof *d; q++)
				out_field_f64(o, d[q]);
			out_printf(o, "\t%d\n", c->family);
		}
	return out_close(o);
}

static int write_occupation_lift(const struct ctx *s)
{
	struct out *o = analytics_open(s->outdir, "occupation-lift.tsv");
	if (!o)
		return -1;
	out_puts(o, "row\tcol\toccupation\tgenre\tusers\tlift\tprefers\n");
	for (int k = 0; k < s->S->count[SEGMENTS_OCCUPATION]; k++)
		for (int j = 0; j < s->S->ngenres; j++) {
			int q = s->S->first[SEGMENTS_OCCUPATION] + k, g = s->S->genre_order[j];
			struct segment_genre *c = &s->S->cell[q * s->S->ngenres + g];
			out_printf(o, "%d\t%d\t%s\t%s\t%.0f", k, j, s->S->seg[q].label,
				   s->it->genre_names[g], s->S->seg[q].cl.users);
			out_field_f64(o, c->lift);
			out_printf(o, "\t%d\n", c->prefers);
		}
	return out_close(o);
}

static int write_activity(const struct ctx *s)
{
	struct out *o = analytics_open(s->outdir, "activity.tsv");
	if (!o)
		return -1;
	out_puts(o, "user\tratings\tmean\tactivity\n");
	for (uint32_t u = 0; u < s->S->nusers; u++) {
		uint64_t n = s->S->user_ratings[u];
		out_printf(o, "%u\t%llu", s->S->user_ext[u], (unsigned long long)n);
		out_field_f64(o, n ? s->S->user_sum[u] / (double)n : NAN);
		out_printf(o, "\t%s\n", analytics_activity_names[s->S->user_activity[u]]);
	}
	return out_close(o);
}

/* An item's rank key: more ratings first, then the lower row (rows ascend
 * with the external id). */
struct pop {
	uint64_t n;
	uint32_t item;
};

static int by_popularity(const void *a, const void *b)
{
	const struct pop *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* Items by descending popularity; returns the Gini coefficient and the
 * share of the top ceil(n / 10) items, for catalog.tsv. */
static int write_popularity(const struct ctx *s, double *gini, double *top_share)
{
	uint32_t n = s->it->n, *order = xmallocarray(n, sizeof *order);
	const uint64_t *count = s->S->item_ratings;
	double *bottom = xmallocarray((size_t)n + 1, sizeof *bottom), total = (double)s->r->n;
	struct pop *pop = xmallocarray(n, sizeof *pop);
	for (uint32_t i = 0; i < n; i++)
		pop[i] = (struct pop){count[i], i};
	qsort(pop, n, sizeof *pop, by_popularity);
	for (uint32_t i = 0; i < n; i++)
		order[i] = pop[i].item;
	free(pop);
	bottom[n] = 0; /* bottom[k]: ratings of the items ranked k+1..n */
	for (uint32_t k = n; k-- > 0;)
		bottom[k] = bottom[k + 1] + (double)count[order[k]];
	struct out *o = analytics_open(s->outdir, "popularity.tsv");
	if (o)
		out_puts(o,
			 "rank\titem\tratings\tshare\ttop_items\ttop_share\tlorenz_x\tlorenz_y\n");
	for (uint32_t k = 0; k < n && o; k++) {
		out_printf(o, "%u\t%u\t%llu", k + 1, s->it->ids->ext[order[k]],
			   (unsigned long long)count[order[k]]);
		out_field_f64(o, (double)count[order[k]] / total);
		out_field_f64(o, (double)(k + 1) / n);
		out_field_f64(o, (total - bottom[k + 1]) / total);
		out_field_f64(o, (double)(n - k) / n);
		out_field_f64(o, bottom[k] / total);
		out_putc(o, '\n');
	}
	int rc = o ? out_close(o) : -1;
	*top_share = (total - bottom[(n + 9) / 10]) / total;
	for (uint32_t i = 0; i < n; i++)
		bottom[i] = (double)count[i];
	*gini = stats_gini(bottom, n);
	free(bottom);
	free(order);
	return rc;
}

static int by_value(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
}

static int write_rating_dist(const struct ctx *s)
{
	float *v = xmallocarray(s->r->n, sizeof *v);
	memcpy(v, s->r->value, s->r->n * sizeof *v);
	qsort(v, s->r->n, sizeof *v, by_value);
	struct out *o = analytics_open(s->outdir, "rating-dist.tsv");
	if (o)
		out_puts(o, "rating\tcount\tshare\n");
	char buf[32];
	for (uint64_t i = 0, j; i < s->r->n && o; i = j) {
		for (j = i; j < s->r->n && v[j] == v[i]; j++)
			;
		out_printf(o, "%s\t%llu", num_format_float(buf, v[i]), (unsigned long long)(j - i));
		out_field_f64(o, (double)(j - i) / (double)s->r->n);
		out_putc(o, '\n');
	}
	free(v);
	return o ? out_close(o) : -1;
}

static int write_catalog(const struct ctx *s, double gini, double top_share)
{
	uint32_t rated = 0;
	for (uint32_t i = 0; i < s->it->n; i++)
		rated += s->S->item_ratings[i] > 0;
	struct segment *all = &s->S->seg[0], *cold = &s->S->seg[s->S->first[SEGMENTS_ACTIVITY]];
	struct out *o = analytics_open(s->outdir, "catalog.tsv");
	if (!o)
		return -1;
	out_printf(o,
		   "key\tvalue\nusers\t%u\nraters\t%.0f\nitems\t%u\nrated_items\t%u\n"
		   "ratings\t%llu\nmean_rating",
		   s->S->nusers, all->cl.users, s->it->n, rated, (unsigned long long)s->r->n);
	out_field_f64(o, all->sum / (double)all->ratings);
	out_puts(o, "\ngini");
	out_field_f64(o, gini);
	out_printf(o, "\ntop_items\t%u\ntop_share", (s->it->n + 9) / 10);
	out_field_f64(o, top_share);
	out_printf(o, "\ncold_start_users\t%llu\ncold_start_share",
		   (unsigned long long)cold->users);
	out_field_f64(o, (double)cold->users / (double)s->S->nusers);
	out_printf(o, "\nlight_min\t%ld\nactive_min\t%ld\npower_min\t%ld\nmin_users\t%ld\n",
		   s->activity[0], s->activity[1], s->activity[2], s->min_users);
	out_puts(o, "lift_min");
	out_field_f64(o, ANALYTICS_LIFT_MIN);
	out_puts(o, "\npoints_min");
	out_field_f64(o, ANALYTICS_POINTS_MIN);
	out_puts(o, "\nalpha");
	out_field_f64(o, ANALYTICS_ALPHA);
	out_printf(o, "\ntests\t%d\ntests_excluded\t%d\nno_genre\t%s\nadjustment\tholm\n",
		   s->S->ntests, s->S->nexcluded, SEGMENTS_NO_GENRE);
	return out_close(o);
}

int segments_write(const struct segments *S, const struct items *it, const struct ratings *r,
		   const long activity[3], long min_users, const char *outdir)
{
	struct ctx c = {S, it, r, activity, min_users, outdir};
	double gini, top_share;
	if (out_mkdir(outdir) < 0 || write_segments(&c) < 0 || write_genres(&c) < 0 ||
	    write_occupation_lift(&c) < 0 || write_activity(&c) < 0 ||
	    write_popularity(&c, &gini, &top_share) < 0 || write_rating_dist(&c) < 0)
		return -1;
	return write_catalog(&c, gini, top_share);
}
