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

struct topk_scorer {
	const struct model *mo;
	uint32_t n, k, panels, chunk; /* chunk: panels per pass over a block */
	float *Y;                     /* panels x k x PANEL */
	float *bias;                  /* panels x PANEL item biases, or NULL */
};

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
	/* zero past the last item: those scores are 0, never offered */
	s->Y = xmalloc_lines((size_t)s->panels * k * PANEL, sizeof *s->Y);
	memset(s->Y, 0, (size_t)s->panels * k * PANEL * sizeof *s->Y);
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t f = 0; f < k; f++)
			s->Y[((size_t)(i / PANEL) * k + f) * PANEL + i % PANEL] =
				mo->Y[(size_t)i * k + f];
	if (mo->user_bias) {
		s->bias = xmalloc_lines((size_t)s->panels * PANEL, sizeof *s->bias);
		memset(s->bias, 0, (size_t)s->panels * PANEL * sizeof *s->bias);
		memcpy(s->bias, mo->item_bias, (size_t)n * sizeof *s->bias);
	}
	return s;
}

void topk_scorer_free(struct topk_scorer *s)
{
	if (!s)
		return;
	free(s->Y);
	free(s->bias);
	free(s);
}

/* One user's selection in progress. */
struct pick {
	struct topk_heap heap;
	float bar;               /* scores below it cannot enter the heap */
	const uint32_t *exclude; /* ascending; consumed as items go by */
	const uint32_t *exclude_end;
	float base; /* explicit models: mean + b_u */
};

static void pick_init(struct pick *p, uint32_t K, uint32_t *items, float *scores,
		      const uint32_t *exclude, uint64_t nex, float base)
{
	topk_init(&p->heap, K, items, scores);
	p->bar = K ? -INFINITY : INFINITY;
	p->exclude = exclude;
	p->exclude_end = exclude + nex;
	p->base = base;
}

/* Item i scored s reached the bar: keep it unless it is filtered out.
 * Once the heap is full the bar is the worst kept score; an equal score
 * comes from a later item and loses the tie in topk_push(). */
static void offer(struct pick *p, uint32_t i, float s, uint32_t n, const unsigned char *allowed)
{
	if (p->heap.k == 0 || i >= n || (allowed && !allowed[i]))
		return;
	while (p->exclude < p->exclude_end && *p->exclude < i)
		p->exclude++;
	if (p->exclude < p->exclude_end && *p->exclude == i)
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
		offer(pk, p * PANEL + l, acc[l >> 3][l & 7], s->n, allowed);
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
	pick_init(&pick, K, items, scores, exclude, nex, base);
	score_one(s, xg, 0, s->panels, &pick, allowed);
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
					  scores + (size_t)(j0 + j) * K, eu, nex, base);
			}
			/* the padding rows of the last group keep nothing */
			for (uint32_t j = nb; j < per; j++)
				pick_init(&picks[j], 0, NULL, NULL, NULL, 0, 0);
			uint32_t groups = (nb + GROUP - 1) / GROUP;
			for (uint32_t p0 = 0; p0 < s->panels; p0 += s->chunk) {
				uint32_t p1 = s->panels - p0 < s->chunk ? s->panels : p0 + s->chunk;
				for (uint32_t g = 0; g < groups; g++) {
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
