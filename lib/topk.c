#include "topk.h"
#include "err.h"

#include <math.h>
#ifdef __AVX__
#include <immintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

/* a worse than b: lower score, or equal score and higher item index */
static int worse(float sa, uint32_t ia, float sb, uint32_t ib)
{
	return sa < sb || (sa == sb && ia > ib);
}

void topk_init(struct topk_heap *h, uint32_t k, uint32_t *item, float *score)
{
	h->k = k;
	h->n = 0;
	h->item = item;
	h->score = score;
}

/* The root is the worst kept entry; children are better or equal. */
static void sift_down(struct topk_heap *h, uint32_t i)
{
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, w = i;
		if (l < h->n && worse(h->score[l], h->item[l], h->score[w], h->item[w]))
			w = l;
		if (r < h->n && worse(h->score[r], h->item[r], h->score[w], h->item[w]))
			w = r;
		if (w == i)
			return;
		float ts = h->score[i];
		uint32_t ti = h->item[i];
		h->score[i] = h->score[w];
		h->item[i] = h->item[w];
		h->score[w] = ts;
		h->item[w] = ti;
		i = w;
	}
}

void topk_push(struct topk_heap *h, uint32_t item, float score)
{
	if (isnan(score))
		return;
	if (h->n < h->k) {
		uint32_t i = h->n++;
		while (i > 0) {
			uint32_t parent = (i - 1) / 2;
			if (!worse(score, item, h->score[parent], h->item[parent]))
				break;
			h->score[i] = h->score[parent];
			h->item[i] = h->item[parent];
			i = parent;
		}
		h->score[i] = score;
		h->item[i] = item;
		return;
	}
	if (worse(score, item, h->score[0], h->item[0]) ||
	    (score == h->score[0] && item == h->item[0]))
		return;
	h->score[0] = score;
	h->item[0] = item;
	sift_down(h, 0);
}

uint32_t topk_finish(struct topk_heap *h)
{
	/* heap sort: repeatedly move the worst to the end */
	uint32_t n = h->n;
	while (h->n > 1) {
		uint32_t last = --h->n;
		float ts = h->score[0];
		uint32_t ti = h->item[0];
		h->score[0] = h->score[last];
		h->item[0] = h->item[last];
		h->score[last] = ts;
		h->item[last] = ti;
		sift_down(h, 0);
	}
	h->n = n;
	return n;
}

uint32_t topk_select(float *row, uint32_t n, uint32_t K, const uint32_t *exclude, uint64_t nex,
		     const unsigned char *allowed, uint32_t *items, float *scores)
{
	/* NaN is never selected, so masking costs one store per exclusion
	 * and keeps the scan below a single comparison per item */
	for (uint64_t e = 0; e < nex; e++)
		if (exclude[e] < n)
			row[exclude[e]] = NAN;
	if (allowed)
		for (uint32_t i = 0; i < n; i++)
			if (!allowed[i])
				row[i] = NAN;
	struct topk_heap h;
	topk_init(&h, K, items, scores);
	uint32_t i = 0;
	for (; i < n && h.n < K; i++)
		topk_push(&h, i, row[i]);
	/* items come in ascending order, so a later item that ties with the
	 * worst kept one loses the tie: only a strictly higher score enters */
	float worst = h.n == K ? h.score[0] : -INFINITY;
	for (; i < n; i++) {
		if (row[i] > worst) {
			topk_push(&h, i, row[i]);
			worst = h.score[0];
		}
	}
	return topk_finish(&h);
}

/*
 * The scoring kernel.  GROUP users x PANEL items per call: 12 accumulators,
 * two panel loads and one broadcast fill AVX2's 16 registers.  The FMAs are
 * explicit so that every build computes each score as the same chain.
 */
#define PANEL 16
#define GROUP 6
/* Users per task: their rows stay in L1 while a chunk of panels is reused
 * from L2 by each of their groups. */
#define BLOCK_GROUPS 8
#define CHUNK_BYTES (256 * 1024)
/* Multiply-adds below which topk_users() stays on one thread: a second
 * thread's start, its arena and its spinning at the barriers cost more
 * than it saves on a job of a few milliseconds (docs/EXPERIMENTS.md). */
#define PARALLEL_MIN_FMAS (1ull << 27)

typedef float v8 __attribute__((vector_size(32), aligned(4)));
typedef int v8i __attribute__((vector_size(32), aligned(4)));

static inline __attribute__((always_inline)) v8 fma8(v8 a, v8 b, v8 c)
{
#ifdef __FMA__
	return (v8)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c);
#else
	v8 r;
	for (int l = 0; l < 8; l++)
		r[l] = fmaf(a[l], b[l], c[l]);
	return r;
#endif
}

/* Bit l set where lane l of a >= t. */
static inline __attribute__((always_inline)) unsigned mask_ge(v8 a, float t)
{
	v8i ge = a >= (v8){t, t, t, t, t, t, t, t};
#ifdef __AVX__
	return (unsigned)_mm256_movemask_ps((__m256)ge);
#else
	unsigned m = 0;
	for (int l = 0; l < 8; l++)
		m |= (unsigned)(ge[l] != 0) << l;
	return m;
#endif
}

/*
 * Items are packed longest factor vector first, so that a user's K-th
 * score soon passes what any item left could score: by Cauchy-Schwarz no
 * score of panels p.. exceeds |x| norm[p] (+ base + bias_max[p]), and a
 * user whose list is full and whose K-th score is above that bound is
 * done (the bound is widened by the rounding of a k-term chain of FMAs,
 * so no score that could have entered is skipped).
 */
struct topk_scorer {
	const struct model *mo;
	uint32_t n, k, panels, chunk; /* chunk: panels per pass over a block */
	float *Y;                     /* panels x k x PANEL */
	float *bias;                  /* panels x PANEL item biases, or NULL */
	uint32_t *item;               /* slot -> item index, UINT32_MAX past the last */
	double *norm;                 /* per panel: the largest |y| from it on */
	double *bias_max;             /* per panel: the largest bias from it on (0 if none) */
	double slack;                 /* relative rounding allowance of a score */
};

struct by_norm {
	double norm;
	uint32_t item;
};

/* Longest first, then by item index: one order for every run. */
static int cmp_norm(const void *a, const void *b)
{
	const struct by_norm *x = a, *y = b;
	if (x->norm != y->norm)
		return (x->norm < y->norm) - (x->norm > y->norm);
	return (x->item > y->item) - (x->item < y->item);
}

struct topk_scorer *topk_scorer_new(const struct model *mo)
{
	struct topk_scorer *s = xcalloc(1, sizeof *s);
	uint32_t n = mo->n, k = mo->k;
	s->mo = mo;
	s->n = n;
	s->k = k;
	s->panels = (n + PANEL - 1) / PANEL;
	size_t panel_bytes = (size_t)k * PANEL * sizeof(float);
	s->chunk = panel_bytes >= CHUNK_BYTES ? 1 : (uint32_t)(CHUNK_BYTES / panel_bytes);
	size_t slots = (size_t)s->panels * PANEL;
	struct by_norm *order = xmallocarray(n ? n : 1, sizeof *order);
	for (uint32_t i = 0; i < n; i++) {
		double q = 0;
		for (uint32_t f = 0; f < k; f++)
			q += (double)mo->Y[(size_t)i * k + f] * mo->Y[(size_t)i * k + f];
		order[i] = (struct by_norm){sqrt(q), i};
	}
	qsort(order, n, sizeof *order, cmp_norm);
	s->item = xmallocarray(slots, sizeof *s->item);
	for (size_t t = 0; t < slots; t++)
		s->item[t] = t < n ? order[t].item : UINT32_MAX;
	/* zero past the last item: those scores are 0, never offered */
	s->Y = xmalloc_lines(slots * k, sizeof *s->Y);
	memset(s->Y, 0, slots * k * sizeof *s->Y);
	for (uint32_t t = 0; t < n; t++)
		for (uint32_t f = 0; f < k; f++)
			s->Y[((size_t)(t / PANEL) * k + f) * PANEL + t % PANEL] =
				mo->Y[(size_t)s->item[t] * k + f];
	if (mo->user_bias) {
		s->bias = xmalloc_lines(slots, sizeof *s->bias);
		memset(s->bias, 0, slots * sizeof *s->bias);
		for (uint32_t t = 0; t < n; t++)
			s->bias[t] = mo->item_bias[s->item[t]];
	}
	s->norm = xmallocarray(s->panels ? s->panels : 1, sizeof *s->norm);
	s->bias_max = xcalloc(s->panels + 1, sizeof *s->bias_max);
	for (uint32_t p = 0; p < s->panels; p++)
		s->norm[p] = order[p * PANEL].norm; /* the panel's first is its longest */
	if (s->bias) {
		s->bias_max[s->panels] = -INFINITY;
		for (uint32_t t = n; t-- > 0;) {
			double b = s->bias[t], next = s->bias_max[t / PANEL + 1];
			if (t % PANEL == PANEL - 1 || t == n - 1)
				s->bias_max[t / PANEL] = next;
			if (b > s->bias_max[t / PANEL])
				s->bias_max[t / PANEL] = b;
		}
	}
	/* a k-term chain of FMAs and two adds: well within (k + 8) units of
	 * 2^-23 of the sum of the magnitudes */
	s->slack = (k + 8) * 0x1p-23;
	free(order);
	return s;
}

void topk_scorer_free(struct topk_scorer *s)
{
	if (!s)
		return;
	free(s->Y);
	free(s->bias);
	free(s->item);
	free(s->norm);
	free(s->bias_max);
	free(s);
}

/* One user's selection in progress. */
struct pick {
	struct topk_heap heap;
	float bar;               /* scores below it cannot enter the heap */
	const uint32_t *exclude; /* ascending */
	uint64_t nex;
	float base;   /* explicit models: mean + b_u */
	double xnorm; /* |x| */
};

static void pick_init(struct pick *p, uint32_t K, uint32_t *items, float *scores,
		      const uint32_t *exclude, uint64_t nex, float base, const float *x, uint32_t k)
{
	topk_init(&p->heap, K, items, scores);
	p->bar = K ? -INFINITY : INFINITY;
	p->exclude = exclude;
	p->nex = nex;
	p->base = base;
	double q = 0;
	for (uint32_t f = 0; x && f < k; f++)
		q += (double)x[f] * x[f];
	p->xnorm = sqrt(q);
}

static int excluded(const struct pick *p, uint32_t i)
{
	uint64_t lo = 0, hi = p->nex;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (p->exclude[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nex && p->exclude[lo] == i;
}

/* Whether no item of panels p.. can enter p's list (a padding pick, K 0,
 * is always done). */
static int pick_done(const struct topk_scorer *s, const struct pick *p, uint32_t panel)
{
	if (p->heap.k == 0)
		return 1;
	if (p->heap.n < p->heap.k)
		return 0;
	double dot = p->xnorm * s->norm[panel], base = s->bias ? p->base : 0;
	double bias = s->bias_max[panel]; /* 0 without biases */
	double bound = dot + base + bias + (dot + fabs(base) + fabs(bias)) * s->slack;
	return (double)p->bar > bound;
}

/* The item in slot t scored s reached the bar: keep it unless it is
 * filtered out.  Once the heap is full the bar is the worst kept score;
 * topk_push() settles an equal score by item index. */
static void offer(const struct topk_scorer *sc, struct pick *p, uint32_t t, float s,
		  const unsigned char *allowed)
{
	uint32_t i = sc->item[t];
	if (p->heap.k == 0 || i == UINT32_MAX || (allowed && !allowed[i]) || excluded(p, i))
		return;
	topk_push(&p->heap, i, s);
	if (p->heap.n == p->heap.k)
		p->bar = p->heap.score[0];
}

/* Panel p's sixteen dot products for one user: add the biases of explicit
 * models and offer the items that reach the bar. */
static inline __attribute__((always_inline)) void offer_panel(const struct topk_scorer *s,
							      uint32_t p, v8 acc[2],
							      struct pick *pk,
							      const unsigned char *allowed)
{
	if (s->bias) {
		v8 b = {pk->base, pk->base, pk->base, pk->base,
			pk->base, pk->base, pk->base, pk->base};
		acc[0] += b + *(const v8 *)(s->bias + (size_t)p * PANEL);
		acc[1] += b + *(const v8 *)(s->bias + (size_t)p * PANEL + 8);
	}
	unsigned hit = mask_ge(acc[0], pk->bar) | mask_ge(acc[1], pk->bar) << 8;
	while (hit) {
		unsigned l = (unsigned)__builtin_ctz(hit);
		hit &= hit - 1;
		offer(s, pk, p * PANEL + l, acc[l >> 3][l & 7], allowed);
	}
}

/* Score R users (rows x[f * GROUP + r], factor-major) against panels
 * [p0, p1) and offer what passes each user's bar. */
static inline __attribute__((always_inline)) void score_panels(const struct topk_scorer *s,
							       const float *x, int R, uint32_t p0,
							       uint32_t p1, struct pick *picks,
							       const unsigned char *allowed)
{
	uint32_t k = s->k;
	for (uint32_t p = p0; p < p1; p++) {
		const float *P = s->Y + (size_t)p * k * PANEL;
		v8 acc[GROUP][2];
		for (int r = 0; r < R; r++)
			acc[r][0] = acc[r][1] = (v8){0};
		const float *xf = x, *yf = P;
		for (uint32_t f = 0; f < k; f++, xf += GROUP, yf += PANEL) {
			v8 y0 = *(const v8 *)yf, y1 = *(const v8 *)(yf + 8);
			for (int r = 0; r < R; r++) {
				v8 b = {xf[r], xf[r], xf[r], xf[r], xf[r], xf[r], xf[r], xf[r]};
				acc[r][0] = fma8(b, y0, acc[r][0]);
				acc[r][1] = fma8(b, y1, acc[r][1]);
			}
		}
		for (int r = 0; r < R; r++)
			offer_panel(s, p, acc[r], &picks[r], allowed);
	}
}

static void score_group(const struct topk_scorer *s, const float *x, uint32_t p0, uint32_t p1,
			struct pick *picks, const unsigned char *allowed)
{
	score_panels(s, x, GROUP, p0, p1, picks, allowed);
}

/* One user: GROUP panels at a time, so that twelve chains of FMAs are in
 * flight as in score_group() (one panel alone would wait on its two).
 * Each score is still the same chain. */
static void score_one(const struct topk_scorer *s, const float *x, uint32_t p0, uint32_t p1,
		      struct pick *pick, const unsigned char *allowed)
{
	uint32_t k = s->k;
	uint32_t p = p0;
	for (; p + GROUP <= p1; p += GROUP) {
		const float *P = s->Y + (size_t)p * k * PANEL;
		v8 acc[GROUP][2];
		for (int w = 0; w < GROUP; w++)
			acc[w][0] = acc[w][1] = (v8){0};
		const float *xf = x, *yf = P;
		for (uint32_t f = 0; f < k; f++, xf += GROUP, yf += PANEL) {
			v8 b = {xf[0], xf[0], xf[0], xf[0], xf[0], xf[0], xf[0], xf[0]};
			for (int w = 0; w < GROUP; w++) {
				const float *yw = yf + (size_t)w * k * PANEL;
				acc[w][0] = fma8(b, *(const v8 *)yw, acc[w][0]);
				acc[w][1] = fma8(b, *(const v8 *)(yw + 8), acc[w][1]);
			}
		}
		for (int w = 0; w < GROUP; w++)
			offer_panel(s, p + (uint32_t)w, acc[w], pick, allowed);
	}
	score_panels(s, x, 1, p, p1, pick, allowed);
}

uint32_t topk_vector(const struct topk_scorer *s, const float *x, float base, uint32_t K,
		     const uint32_t *exclude, uint64_t nex, const unsigned char *allowed,
		     uint32_t *items, float *scores)
{
	/* the kernel reads factor f of row r at x[f * GROUP + r] */
	float *xg = xmallocarray((size_t)s->k * GROUP, sizeof *xg);
	for (uint32_t f = 0; f < s->k; f++)
		xg[f * GROUP] = x[f];
	struct pick pick;
	pick_init(&pick, K, items, scores, exclude, nex, base, x, s->k);
	for (uint32_t p0 = 0; p0 < s->panels && !pick_done(s, &pick, p0); p0 += s->chunk)
		score_one(s, xg, p0, s->panels - p0 < s->chunk ? s->panels : p0 + s->chunk, &pick,
			  allowed);
	free(xg);
	return topk_finish(&pick.heap);
}

void topk_users(const struct topk_scorer *s, const uint32_t *users, uint32_t count, uint32_t K,
		const struct topk_filter *filter, uint32_t *items, float *scores, uint32_t *found)
{
	const struct model *mo = s->mo;
	const struct spm *ex = filter ? filter->exclude : NULL;
	const unsigned char *allowed = filter ? filter->allowed : NULL;
	uint32_t k = s->k, per = BLOCK_GROUPS * GROUP;
	uint32_t nblocks = (count + per - 1) / per;
	int parallel = nblocks > 1 && (uint64_t)count * s->panels * PANEL * k >= PARALLEL_MIN_FMAS;
#pragma omp parallel if (parallel)
	{
		float *xg = xmallocarray((size_t)BLOCK_GROUPS * k * GROUP, sizeof *xg);
		struct pick picks[BLOCK_GROUPS * GROUP];
#pragma omp for schedule(dynamic, 1)
		for (uint32_t b = 0; b < nblocks; b++) {
			uint32_t j0 = b * per, nb = count - j0 < per ? count - j0 : per;
			/* rows past nb are zero: scored, never offered */
			memset(xg, 0, (size_t)BLOCK_GROUPS * k * GROUP * sizeof *xg);
			for (uint32_t j = 0; j < nb; j++) {
				uint32_t u = users[j0 + j];
				const float *xu = mo->X + (size_t)u * k;
				float *g = xg + (size_t)(j / GROUP) * k * GROUP + j % GROUP;
				for (uint32_t f = 0; f < k; f++)
					g[f * GROUP] = xu[f];
				const uint32_t *eu = NULL;
				uint64_t nex = 0;
				if (ex && u < ex->m) {
					eu = ex->indices + ex->indptr[u];
					nex = ex->indptr[u + 1] - ex->indptr[u];
				}
				float base =
					mo->user_bias ? (float)(mo->mean + mo->user_bias[u]) : 0;
				pick_init(&picks[j], K, items + (size_t)(j0 + j) * K,
					  scores + (size_t)(j0 + j) * K, eu, nex, base, xu, k);
			}
			/* the padding rows of the last group keep nothing */
			for (uint32_t j = nb; j < per; j++)
				pick_init(&picks[j], 0, NULL, NULL, NULL, 0, 0, NULL, k);
			uint32_t groups = (nb + GROUP - 1) / GROUP, left = groups;
			unsigned char done[BLOCK_GROUPS] = {0};
			for (uint32_t p0 = 0; p0 < s->panels && left; p0 += s->chunk) {
				uint32_t p1 = s->panels - p0 < s->chunk ? s->panels : p0 + s->chunk;
				for (uint32_t g = 0; g < groups; g++) {
					if (done[g])
						continue;
					int all = 1;
					for (int r = 0; r < GROUP && all; r++)
						all = pick_done(s, &picks[g * GROUP + r], p0);
					if (all) {
						done[g] = 1;
						left--;
						continue;
					}
					/* a lone user (a server's request) is not scored six times
					 */
					if (nb - g * GROUP == 1)
						score_one(s, xg + (size_t)g * k * GROUP, p0, p1,
							  picks + g * GROUP, allowed);
					else
						score_group(s, xg + (size_t)g * k * GROUP, p0, p1,
							    picks + g * GROUP, allowed);
				}
			}
			for (uint32_t j = 0; j < nb; j++)
				found[j0 + j] = topk_finish(&picks[j].heap);
		}
		free(xg);
	}
}
