#include "als.h"
#include "blas.h"
#include "err.h"
#include "rng.h"
#include "threads.h"

#include <math.h>
#ifdef __AVX__
#include <immintrin.h>
#endif
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

/* Rows gathered per BLAS call when forming a system explicitly: bounds the
 * scratch memory for items with very many ratings. */
#define CHUNK 256

/* Eight floats, loadable from any float address: the CG kernels' unit. */
typedef float v8 __attribute__((vector_size(32), aligned(4)));

void als_init(struct als_state *s, const struct als_params *p)
{
	gsl_rng *rng = rng_new(p->seed);
	for (uint64_t i = 0; i < (uint64_t)s->m * s->k; i++)
		s->X[i] = (float)gsl_ran_gaussian(rng, p->init_scale);
	for (uint64_t i = 0; i < (uint64_t)s->n * s->k; i++)
		s->Y[i] = (float)gsl_ran_gaussian(rng, p->init_scale);
	if (s->user_bias) {
		memset(s->user_bias, 0, (size_t)s->m * sizeof *s->user_bias);
		memset(s->item_bias, 0, (size_t)s->n * sizeof *s->item_bias);
	}
	gsl_rng_free(rng);
}

static float hsum8(v8 a)
{
	return ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]));
}

/*
 * Cholesky factorisation and solve for k a multiple of 8, on the upper
 * triangle of row-major A (A = U'U).  At these sizes OpenBLAS's spotrf
 * and spotrs spend most of their time in the calls and copies of their
 * blocked algorithm (docs/ALS.md, "Kernel choices").
 * Eight rows at a time are factored, then the rows below are updated by
 * them, each row from its own multiple of 8 so that every vector is whole:
 * the few entries left of the diagonal that this touches are zeroed at
 * the end, which the solves rely on.
 */
static int factor8(float *A, uint32_t k, float *inv)
{
	for (uint32_t j0 = 0; j0 < k; j0 += 8) {
		for (uint32_t j = j0; j < j0 + 8; j++) {
			float *row = A + (size_t)j * k;
			if (!(row[j] > 0))
				return -1;
			float d = sqrtf(row[j]);
			inv[j] = 1 / d;
			row[j] = d;
			for (uint32_t c = j + 1; c < k; c++)
				row[c] *= inv[j];
			for (uint32_t c = j + 1; c < j0 + 8; c++) {
				float *rc = A + (size_t)c * k, l = row[c];
				for (uint32_t q = j0; q < k; q += 8)
					*(v8 *)(rc + q) -= l * *(const v8 *)(row + q);
			}
		}
		const float *panel = A + (size_t)j0 * k;
		for (uint32_t c = j0 + 8; c < k; c++) {
			float *rc = A + (size_t)c * k, l[8];
			for (uint32_t t = 0; t < 8; t++)
				l[t] = panel[(size_t)t * k + c];
			for (uint32_t q = c & ~7u; q < k; q += 8) {
				v8 acc = *(v8 *)(rc + q);
				for (uint32_t t = 0; t < 8; t++)
					acc -= l[t] * *(const v8 *)(panel + (size_t)t * k + q);
				*(v8 *)(rc + q) = acc;
			}
		}
	}
	for (uint32_t j = 0; j < k; j++)
		for (uint32_t c = j & ~7u; c < j; c++)
			A[(size_t)j * k + c] = 0;
	return 0;
}

/* U'y = b forward, then U x = y backward; x replaces b.  t and x are 2k
 * floats of scratch. */
static void solve8(const float *U, const float *inv, float *b, uint32_t k, float *t)
{
	float *x = t + k;
	memset(t, 0, 2 * (size_t)k * sizeof *t);
	for (uint32_t j = 0; j < k; j++) {
		float y = (b[j] - t[j]) * inv[j];
		b[j] = y;
		for (uint32_t q = (j + 1) & ~7u; q < k; q += 8)
			*(v8 *)(t + q) += y * *(const v8 *)(U + (size_t)j * k + q);
	}
	/* x is zero where not yet known, and U zero left of each row's block */
	for (uint32_t j = k; j-- > 0;) {
		v8 acc = {0};
		for (uint32_t q = j & ~7u; q < k; q += 8)
			acc += *(const v8 *)(U + (size_t)j * k + q) * *(const v8 *)(x + q);
		x[j] = (b[j] - hsum8(acc)) * inv[j];
	}
	memcpy(b, x, (size_t)k * sizeof *b);
}

int als_solve_spd(float *A, float *b, uint32_t k)
{
	if (k % 8 == 0 && k <= 1024) {
		float scratch[3 * 1024];
		if (factor8(A, k, scratch) < 0)
			return -1;
		solve8(A, scratch, b, k, scratch + k);
		return 0;
	}
	/* A is symmetric with its upper triangle valid in row-major order,
	 * which LAPACK (column-major) sees as the lower triangle. */
	int n = (int)k, one = 1, info = 0;
	spotrf_("L", &n, A, &n, &info);
	if (info != 0)
		return -1;
	spotrs_("L", &n, &one, A, &n, b, &n, &info);
	return info == 0 ? 0 : -1;
}

static inline __attribute__((always_inline)) float dot(const float *restrict a,
						       const float *restrict b, uint32_t k)
{
	float s = 0;
#pragma omp simd reduction(+ : s)
	for (uint32_t f = 0; f < k; f++)
		s += a[f] * b[f];
	return s;
}

/* out[0..3] = the sums of the lanes of a, b, c, d. */
static void hsum4(v8 a, v8 b, v8 c, v8 d, float *out)
{
#ifdef __AVX__
	__m256 ab = _mm256_hadd_ps((__m256)a, (__m256)b);
	__m256 cd = _mm256_hadd_ps((__m256)c, (__m256)d);
	__m256 abcd = _mm256_hadd_ps(ab, cd);
	__m128 sum = _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1));
	_mm_storeu_ps(out, sum);
#else
	v8 v[4] = {a, b, c, d};
	for (int i = 0; i < 4; i++)
		out[i] = ((v[i][0] + v[i][4]) + (v[i][1] + v[i][5])) +
			 ((v[i][2] + v[i][6]) + (v[i][3] + v[i][7]));
#endif
}

/* Rows of a solve are read where they lie in F, at random.  When F is
 * larger than this, they come from L3 or memory, and asking for the row
 * PREFETCH_AHEAD entries ahead keeps several on their way; when F fits in
 * L2, out-of-order execution hides the latency, and the prefetches only
 * take load slots (docs/ALS.md, "Kernel choices"). */
#define PREFETCH_ABOVE (1u << 20)
#define PREFETCH_AHEAD 8

static inline __attribute__((always_inline)) void prefetch_row(const float *row, uint32_t k)
{
	for (uint32_t q = 0; q < k; q += 16)
		__builtin_prefetch(row + q);
}

/* Rows j..j+3, and the prefetch of those PREFETCH_AHEAD further on. */
static inline __attribute__((always_inline)) void four_rows(const float *F, const uint32_t *idx,
							    uint64_t j, uint64_t ahead, uint32_t k,
							    const v8 **f0, const v8 **f1,
							    const v8 **f2, const v8 **f3)
{
	for (uint64_t t = j + PREFETCH_AHEAD; t < j + PREFETCH_AHEAD + 4 && t < ahead; t++)
		prefetch_row(F + (size_t)idx[t] * k, k);
	*f0 = (const v8 *)(F + (size_t)idx[j] * k);
	*f1 = (const v8 *)(F + (size_t)idx[j + 1] * k);
	*f2 = (const v8 *)(F + (size_t)idx[j + 2] * k);
	*f3 = (const v8 *)(F + (size_t)idx[j + 3] * k);
}

/* What row_coefs() makes of d_j = f_j . v: the weights of the rows in
 * r = b - A x, in A p, and the terms of p'(A - G)p. */
enum coef_kind { RESIDUAL, PRODUCT, SQUARE };

/* coef[j] for the rows f_j = F[idx[j]], j < cnt: (base + w_j) - w_j d_j
 * (base the unobserved confidence alpha0), w_j d_j or w_j d_j^2.  Rows up to idx[ahead - 1] are
 * prefetched (ahead 0: none). */
static inline __attribute__((always_inline)) void
row_coefs(const float *F, const uint32_t *idx, const float *w, uint64_t cnt, uint64_t ahead,
	  uint32_t k, const float *v, enum coef_kind kind, float base, float *coef)
{
	uint64_t j = 0;
	if (k == 64) {
		/* v stays in eight registers and each row's products are one
		 * chain, four rows in flight: faster than two chains a row with v
		 * reloaded (below; docs/ALS.md, "Kernel choices") */
		const v8 *vv = (const v8 *)v;
		v8 p0 = vv[0], p1 = vv[1], p2 = vv[2], p3 = vv[3], p4 = vv[4], p5 = vv[5],
		   p6 = vv[6], p7 = vv[7];
		for (; j + 4 <= cnt; j += 4) {
			const v8 *f0, *f1, *f2, *f3;
			four_rows(F, idx, j, ahead, k, &f0, &f1, &f2, &f3);
			v8 s0 = f0[0] * p0, s1 = f1[0] * p0, s2 = f2[0] * p0, s3 = f3[0] * p0;
#define FOUR_ROWS(q, pq) s0 += f0[q] * pq, s1 += f1[q] * pq, s2 += f2[q] * pq, s3 += f3[q] * pq
			FOUR_ROWS(1, p1);
			FOUR_ROWS(2, p2);
			FOUR_ROWS(3, p3);
			FOUR_ROWS(4, p4);
			FOUR_ROWS(5, p5);
			FOUR_ROWS(6, p6);
			FOUR_ROWS(7, p7);
#undef FOUR_ROWS
			hsum4(s0, s1, s2, s3, coef + j);
		}
	} else if (k % 16 == 0) {
		/* two accumulators per row halve the dependency chains */
		uint32_t nv = k / 8;
		const v8 *vv = (const v8 *)v;
		for (; j + 4 <= cnt; j += 4) {
			const v8 *f0, *f1, *f2, *f3;
			four_rows(F, idx, j, ahead, k, &f0, &f1, &f2, &f3);
			v8 s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
			v8 t0 = {0}, t1 = {0}, t2 = {0}, t3 = {0};
			for (uint32_t q = 0; q < nv; q += 2) {
				v8 x = vv[q], y = vv[q + 1];
				s0 += f0[q] * x;
				s1 += f1[q] * x;
				s2 += f2[q] * x;
				s3 += f3[q] * x;
				t0 += f0[q + 1] * y;
				t1 += f1[q + 1] * y;
				t2 += f2[q + 1] * y;
				t3 += f3[q + 1] * y;
			}
			hsum4(s0 + t0, s1 + t1, s2 + t2, s3 + t3, coef + j);
		}
	}
	for (; j < cnt; j++)
		coef[j] = dot(F + (size_t)idx[j] * k, v, k);
	for (j = 0; j < cnt; j++)
		coef[j] = kind == RESIDUAL  ? (base + w[j]) - w[j] * coef[j]
			  : kind == PRODUCT ? w[j] * coef[j]
					    : w[j] * coef[j] * coef[j];
}

/* out += sum_j coef[j] F[idx[j]] over columns [c0, c0 + 64): eight vector
 * accumulators stay in registers while the rows stream past.  Two rows a
 * step, their products summed before they meet the accumulators: the
 * chain through each accumulator is then one add per two rows, not one
 * multiply-add per row, and the loads set the pace. */
static inline __attribute__((always_inline)) void accumulate64(const float *F, const uint32_t *idx,
							       const float *coef, uint64_t cnt,
							       uint32_t k, uint32_t c0, float *out)
{
	v8 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0}, a7 = {0};
	uint64_t j = 0;
	for (; j + 2 <= cnt; j += 2) {
		const v8 *f = (const v8 *)(F + (size_t)idx[j] * k + c0);
		const v8 *g = (const v8 *)(F + (size_t)idx[j + 1] * k + c0);
		float c = coef[j], d = coef[j + 1];
		a0 += c * f[0] + d * g[0];
		a1 += c * f[1] + d * g[1];
		a2 += c * f[2] + d * g[2];
		a3 += c * f[3] + d * g[3];
		a4 += c * f[4] + d * g[4];
		a5 += c * f[5] + d * g[5];
		a6 += c * f[6] + d * g[6];
		a7 += c * f[7] + d * g[7];
	}
	if (j < cnt) {
		const v8 *f = (const v8 *)(F + (size_t)idx[j] * k + c0);
		float c = coef[j];
		a0 += c * f[0];
		a1 += c * f[1];
		a2 += c * f[2];
		a3 += c * f[3];
		a4 += c * f[4];
		a5 += c * f[5];
		a6 += c * f[6];
		a7 += c * f[7];
	}
	v8 *o = (v8 *)(out + c0);
	o[0] += a0;
	o[1] += a1;
	o[2] += a2;
	o[3] += a3;
	o[4] += a4;
	o[5] += a5;
	o[6] += a6;
	o[7] += a7;
}

/* out += sum_j coef[j] F[idx[j]] over all k columns. */
static inline __attribute__((always_inline)) void accumulate(const float *F, const uint32_t *idx,
							     const float *coef, uint64_t cnt,
							     uint32_t k, float *out)
{
	uint32_t c0 = 0;
	for (; c0 + 64 <= k; c0 += 64)
		accumulate64(F, idx, coef, cnt, k, c0, out);
	if (c0 == k)
		return;
	for (uint64_t j = 0; j < cnt; j++) {
		const float *f = F + (size_t)idx[j] * k;
		float c = coef[j];
#pragma omp simd
		for (uint32_t q = c0; q < k; q++)
			out[q] += c * f[q];
	}
}

/* Rows per block of a product: a block's dot products bring its rows into
 * L1 (32 rows of 64 factors are 8 KB), where the accumulation that
 * follows finds them.  Unblocked, a solve of more than about 100 rows
 * reads every row twice from L2. */
#define MATVEC_BLOCK 32

/* out += sum_j c_j F[idx[j]], c_j the row_coefs() of kind for v. */
static inline __attribute__((always_inline)) void
matvec_rows(const float *F, const uint32_t *idx, const float *w, uint64_t cnt, int prefetch,
	    uint32_t k, const float *v, enum coef_kind kind, float base, float *coef, float *out)
{
	for (uint64_t b = 0; b < cnt; b += MATVEC_BLOCK) {
		uint64_t n = cnt - b < MATVEC_BLOCK ? cnt - b : MATVEC_BLOCK;
		row_coefs(F, idx + b, w + b, n, prefetch ? cnt - b : 0, k, v, kind, base, coef + b);
		accumulate(F, idx + b, coef + b, n, k, out);
	}
}

/* sum_j w_j (f_j . v)^2 = v'(A - G)v, summed in order. */
static inline __attribute__((always_inline)) float
weighted_squares(const float *F, const uint32_t *idx, const float *w, uint64_t cnt, int prefetch,
		 uint32_t k, const float *v, float *coef)
{
	row_coefs(F, idx, w, cnt, prefetch ? cnt : 0, k, v, SQUARE, 0, coef);
	float s = 0;
	for (uint64_t j = 0; j < cnt; j++)
		s += coef[j];
	return s;
}

/* Rows solved side by side: their products with G share each load of G. */
#define CG_GROUP 4

/* out[b] = G v[b] for b < NB, G symmetric k x k: tiles of NB vectors x 8 NV
 * columns summed in registers over G's rows, NB x NV = 8 chains in
 * flight.  Each output is one multiply-add chain over G's rows in order,
 * the same whatever NB. */
static inline __attribute__((always_inline)) void symv_tile(const float *G, const float *const *v,
							    int NB, int NV, uint32_t k, uint32_t c0,
							    float *const *out)
{
	v8 acc[CG_GROUP][8];
	for (int b = 0; b < NB; b++)
		for (int t = 0; t < NV; t++)
			acc[b][t] = (v8){0};
	for (uint32_t a = 0; a < k; a++) {
		v8 g[8];
		for (int t = 0; t < NV; t++) {
			g[t] = *(const v8 *)(G + (size_t)a * k + c0 + 8 * t);
#ifdef __AVX__
			/* kept in a register for the NB vectors: GCC would fold the
			 * load into each of their multiply-adds (without AVX a v8
			 * fits no register) */
			if (NB > 1)
				__asm__("" : "+x"(g[t]));
#endif
		}
		for (int b = 0; b < NB; b++) {
			float s = v[b][a];
			for (int t = 0; t < NV; t++)
				acc[b][t] += s * g[t];
		}
	}
	for (int b = 0; b < NB; b++)
		for (int t = 0; t < NV; t++)
			*(v8 *)(out[b] + c0 + 8 * t) = acc[b][t];
}

/* out[b] = G v[b] for b < nb <= CG_GROUP. */
static void symv_group(const float *G, const float *const *v, int nb, uint32_t k, float *const *out)
{
	if (k % 16 == 0 && nb == 3) { /* 6 chains would leave the FMA units idle */
		symv_group(G, v, 2, k, out);
		symv_group(G, v + 2, 1, k, out + 2);
		return;
	}
	if (k % 16 == 0) {
		/* as wide as 8 accumulators allow, and k allows */
		int nv = nb == 1 ? 8 : nb == 2 ? 4 : 2;
		while (k % (8 * nv))
			nv /= 2;
		for (uint32_t c0 = 0; c0 < k; c0 += 8 * nv) {
			if (nb == 1 && nv == 8)
				symv_tile(G, v, 1, 8, k, c0, out);
			else if (nb == 1 && nv == 4)
				symv_tile(G, v, 1, 4, k, c0, out);
			else if (nb == 1)
				symv_tile(G, v, 1, 2, k, c0, out);
			else if (nb == 2 && nv == 4)
				symv_tile(G, v, 2, 4, k, c0, out);
			else if (nb == 2)
				symv_tile(G, v, 2, 2, k, c0, out);
			else
				symv_tile(G, v, 4, 2, k, c0, out);
		}
		return;
	}
	for (int b = 0; b < nb; b++)
		for (uint32_t c = 0; c < k; c++) {
			float s = 0;
			for (uint32_t a = 0; a < k; a++)
				s += v[b][a] * G[(size_t)a * k + c];
			out[b][c] = s;
		}
}

/* One row's conjugate-gradient solve: its factors (warm start, then the
 * result), entries and weights, and the penalty it adds to G's diagonal
 * (row_reg()). */
struct cg_row {
	float *x;
	const uint32_t *idx;
	const float *w;
	uint64_t cnt;
	float reg;
};

/* nb <= CG_GROUP solves in step: each row's arithmetic is what it would
 * be alone, but the products with G are made for all at once.  The last
 * step needs only p'Ap, for the step length: the rows' part of it is
 * sum_j w_j (f_j . p)^2, which spares one of the seven passes over the
 * rows.  prefetch: F is larger than L2 (PREFETCH_ABOVE).  Inlined twice
 * below: once for k = 64 (the default), where the compiler unrolls every
 * loop over the factors, once for any k. */
static inline __attribute__((always_inline)) void cg_group(const float *G, const float *F,
							   const struct cg_row *row, int nb,
							   int prefetch, uint32_t k, int steps,
							   float base, float *scratch)
{
	float *r[CG_GROUP] = {0}, *p[CG_GROUP], *Ap[CG_GROUP], rs[CG_GROUP];
	const float *in[CG_GROUP] = {0};
	float *out[CG_GROUP];
	int live[CG_GROUP], which[CG_GROUP];
	float *coef = scratch + 3 * (size_t)k * nb;
	/* Rows are solved longest first, so each row's entries and weights lie
	 * at a new place in C: asking for all four rows' first ones now hides
	 * three of the misses behind the first row's work. */
	for (int b = 0; b < nb; b++)
		for (uint64_t j = 0; j < row[b].cnt && j < 64; j += 16) {
			__builtin_prefetch(row[b].idx + j);
			__builtin_prefetch(row[b].w + j);
		}
	for (int b = 0; b < nb; b++) {
		r[b] = scratch + 3 * (size_t)k * b;
		p[b] = r[b] + k;
		Ap[b] = p[b] + k;
		in[b] = row[b].x;
	}
	/* r = b - A x = -(G + reg I) x + sum_j (base + w_j - w_j (f_j . x)) f_j */
	symv_group(G, in, nb, k, r);
	for (int b = 0; b < nb; b++) {
		if (row[b].reg)
			for (uint32_t q = 0; q < k; q++)
				r[b][q] += row[b].reg * row[b].x[q];
		for (uint32_t q = 0; q < k; q++)
			r[b][q] = -r[b][q];
		matvec_rows(F, row[b].idx, row[b].w, row[b].cnt, prefetch, k, row[b].x, RESIDUAL,
			    base, coef, r[b]);
		memcpy(p[b], r[b], (size_t)k * sizeof *p[b]);
		rs[b] = dot(r[b], r[b], k);
		live[b] = 1;
	}
	for (int it = 0; it < steps; it++) {
		int n = 0, last = it == steps - 1;
		for (int b = 0; b < nb; b++)
			if (live[b] && rs[b] > 1e-20f) {
				which[n] = b;
				in[n] = p[b];
				out[n++] = Ap[b];
			}
		if (n == 0)
			break;
		symv_group(G, in, n, k, out); /* Ap = (G + reg I) p so far */
		for (int i = 0; i < n; i++) {
			int b = which[i];
			if (row[b].reg)
				for (uint32_t q = 0; q < k; q++)
					Ap[b][q] += row[b].reg * p[b][q];
			const uint32_t *idx = row[b].idx;
			float *x = row[b].x, pAp;
			if (last) {
				pAp = dot(p[b], Ap[b], k) + weighted_squares(F, idx, row[b].w,
									     row[b].cnt, prefetch,
									     k, p[b], coef);
			} else {
				matvec_rows(F, idx, row[b].w, row[b].cnt, prefetch, k, p[b],
					    PRODUCT, 0, coef, Ap[b]);
				pAp = dot(p[b], Ap[b], k);
			}
			if (!(pAp > 0)) {
				live[b] = 0;
				continue;
			}
			float a = rs[b] / pAp;
			for (uint32_t q = 0; q < k; q++)
				x[q] += a * p[b][q];
			if (last)
				continue;
			for (uint32_t q = 0; q < k; q++)
				r[b][q] -= a * Ap[b][q];
			float rs_new = dot(r[b], r[b], k);
			float beta = rs_new / rs[b];
			for (uint32_t q = 0; q < k; q++)
				p[b][q] = r[b][q] + beta * p[b][q];
			rs[b] = rs_new;
		}
	}
}

static void cg_rows(const float *G, const float *F, const struct cg_row *row, int nb, int prefetch,
		    uint32_t k, int steps, float base, float *scratch)
{
	if (k == 64)
		cg_group(G, F, row, nb, prefetch, 64, steps, base, scratch);
	else
		cg_group(G, F, row, nb, prefetch, k, steps, base, scratch);
}

/* scratch: 3k + cnt floats. */
void als_cg_solve(const float *G, const float *F, const uint32_t *idx, const float *w, uint64_t cnt,
		  uint32_t k, int steps, float *x, float *scratch)
{
	struct cg_row row = {x, idx, w, cnt, 0};
	cg_rows(G, F, &row, 1, 1, k, steps, 1, scratch);
}

/*
 * The upper triangle of A = B + Z'Z for the n rows of Z (k x k, row-major;
 * B may be A).  For k a multiple of 16, tiles of 6 rows x 16 columns on or
 * above the diagonal are summed in registers over the rows of Z, as in
 * lib/topk.c's kernel: two vector loads and six broadcasts feed twelve
 * FMAs.  OpenBLAS's SSYRK reached about 44 GFLOP/s on one core at k = 64
 * and 150 rows, much of it in packing Z, which this reads as it is.  The
 * tiles also write some entries below the diagonal, with the values they
 * should have.
 */
static inline __attribute__((always_inline)) void rank_tile(const float *B, const float *Z,
							    uint64_t n, uint32_t k, uint32_t r0,
							    int R, uint32_t c0, float *A)
{
	v8 acc[6][2];
	for (int r = 0; r < R; r++)
		acc[r][0] = acc[r][1] = (v8){0};
	const float *z = Z;
	for (uint64_t j = 0; j < n; j++, z += k) {
		v8 y0 = *(const v8 *)(z + c0), y1 = *(const v8 *)(z + c0 + 8);
		for (int r = 0; r < R; r++) {
			float zr = z[r0 + r];
			v8 b = {zr, zr, zr, zr, zr, zr, zr, zr};
			acc[r][0] += b * y0;
			acc[r][1] += b * y1;
		}
	}
	for (int r = 0; r < R; r++) {
		size_t at = (size_t)(r0 + r) * k + c0;
		*(v8 *)(A + at) = *(const v8 *)(B + at) + acc[r][0];
		*(v8 *)(A + at + 8) = *(const v8 *)(B + at + 8) + acc[r][1];
	}
}

/* The tile at rows r0.. (6 of them, fewer at the bottom), columns c0..c0+15. */
static void rank_tile_at(const float *B, const float *Z, uint64_t n, uint32_t k, uint32_t r0,
			 uint32_t c0, float *A)
{
	switch (k - r0 < 6 ? k - r0 : 6) {
	case 6: rank_tile(B, Z, n, k, r0, 6, c0, A); break;
	case 5: rank_tile(B, Z, n, k, r0, 5, c0, A); break;
	case 4: rank_tile(B, Z, n, k, r0, 4, c0, A); break;
	case 3: rank_tile(B, Z, n, k, r0, 3, c0, A); break;
	case 2: rank_tile(B, Z, n, k, r0, 2, c0, A); break;
	default: rank_tile(B, Z, n, k, r0, 1, c0, A); break;
	}
}

static void rank_update(const float *B, const float *Z, uint64_t n, uint32_t k, float *A)
{
	if (k % 16) {
		if (B != A)
			for (uint32_t a = 0; a < k; a++)
				for (uint32_t c = a; c < k; c++)
					A[(size_t)a * k + c] = B[(size_t)a * k + c];
		cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)k, (int)n, 1.0f, Z, (int)k,
			    1.0f, A, (int)k);
		return;
	}
	for (uint32_t r0 = 0; r0 < k; r0 += 6) {
		for (uint32_t c0 = r0 / 16 * 16; c0 < k; c0 += 16) {
			rank_tile_at(B, Z, n, k, r0, c0, A);
		}
	}
}

/* Rows of F per block of the Gram matrix: 256 rows of 64 factors (64 KB)
 * stay in L2 while every tile reads them.  Also the unit of a sum's
 * grouping (als.h), so it must not depend on ranks or threads. */
#define GRAM_ROWS ALS_BLOCK

/* A = B + F'F (upper triangle) for the n <= GRAM_ROWS rows of block F, k
 * not a multiple of 16: SSYRK into scratch T, then added. */
static void gram_block_blas(const float *B, const float *F, uint32_t n, uint32_t k, float *T,
			    float *A)
{
	int saved = blas_serial_begin();
	cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)k, (int)n, 1.0f, F, (int)k, 0.0f, T,
		    (int)k);
	blas_serial_end(saved);
	for (uint32_t a = 0; a < k; a++)
		for (uint32_t c = a; c < k; c++)
			A[(size_t)a * k + c] = B[(size_t)a * k + c] + T[(size_t)a * k + c];
}

static uint32_t *gram_tiles(uint32_t k, uint32_t *tiles)
{
	uint32_t *tile = xmallocarray((k / 6 + 1) * (k / 16) + 1, sizeof *tile);
	*tiles = 0;
	for (uint32_t r0 = 0; r0 < k; r0 += 6)
		for (uint32_t c0 = r0 / 16 * 16; c0 < k; c0 += 16)
			tile[(*tiles)++] = r0 << 16 | c0;
	return tile;
}

/* G = F'F (+ lambda on the diagonal).  For k a multiple of 16 the 6 x 16
 * tiles of the upper triangle are shared among the threads, each tile
 * adding block after block, in order, to G: the tile's partial of a block
 * is summed in registers from zero, so G is the chain of the blocks'
 * partials, as als_gram_sum() adds them.  OpenBLAS's SSYRK on blocks of
 * rows is slower at these sizes and leaves a thread idle on short
 * matrices (docs/ALS.md, "Kernel choices"). */
void als_gram(const float *F, uint32_t rows, uint32_t k, double lambda, float *G)
{
	memset(G, 0, (size_t)k * k * sizeof *G);
	if (k % 16) {
		float *T = xmallocarray((size_t)k * k, sizeof *T);
		for (uint32_t b0 = 0; b0 < rows; b0 += GRAM_ROWS)
			gram_block_blas(G, F + (size_t)b0 * k,
					rows - b0 < GRAM_ROWS ? rows - b0 : GRAM_ROWS, k, T, G);
		free(T);
	} else {
		uint32_t tiles, *tile = gram_tiles(k, &tiles);
#pragma omp parallel if (rows > GRAM_ROWS)
		for (uint32_t b0 = 0; b0 < rows; b0 += GRAM_ROWS) {
			uint32_t n = rows - b0 < GRAM_ROWS ? rows - b0 : GRAM_ROWS;
			/* static and nowait: a thread keeps the same tiles in every block */
#pragma omp for schedule(static) nowait
			for (uint32_t t = 0; t < tiles; t++) {
				uint32_t r0 = tile[t] >> 16, c0 = tile[t] & 0xffff;
				rank_tile_at(G, F + (size_t)b0 * k, n, k, r0, c0, G);
			}
		}
		free(tile);
	}
	for (uint32_t a = 0; a < k; a++) {
		for (uint32_t b = 0; b < a; b++)
			G[(size_t)a * k + b] = G[(size_t)b * k + a];
		G[(size_t)a * k + a] += (float)lambda;
	}
}

void als_gram_blocks(const float *F, uint32_t rows, uint32_t k, float *packed)
{
	uint32_t blocks = (rows + GRAM_ROWS - 1) / GRAM_ROWS, tiles = 0, *tile = NULL;
	size_t tri = (size_t)k * (k + 1) / 2;
	if (k % 16 == 0)
		tile = gram_tiles(k, &tiles);
#pragma omp parallel
	{
		float *P = xmalloc_lines((size_t)k * k, sizeof *P);
		float *T = xmallocarray((size_t)k * k, sizeof *T);
#pragma omp for schedule(dynamic, 1)
		for (uint32_t b = 0; b < blocks; b++) {
			uint32_t b0 = b * GRAM_ROWS,
				 n = rows - b0 < GRAM_ROWS ? rows - b0 : GRAM_ROWS;
			memset(P, 0, (size_t)k * k * sizeof *P);
			if (tile)
				for (uint32_t t = 0; t < tiles; t++)
					rank_tile_at(P, F + (size_t)b0 * k, n, k, tile[t] >> 16,
						     tile[t] & 0xffff, P);
			else
				gram_block_blas(P, F + (size_t)b0 * k, n, k, T, P);
			float *out = packed + tri * b;
			for (uint32_t a = 0; a < k; a++)
				for (uint32_t c = a; c < k; c++)
					*out++ = P[(size_t)a * k + c];
		}
		free(P);
		free(T);
	}
	free(tile);
}

void als_gram_sum(const float *packed, uint32_t blocks, uint32_t k, double lambda, float *G)
{
	size_t tri = (size_t)k * (k + 1) / 2;
	memset(G, 0, (size_t)k * k * sizeof *G);
	for (uint32_t b = 0; b < blocks; b++) {
		const float *in = packed + tri * b;
		for (uint32_t a = 0; a < k; a++)
			for (uint32_t c = a; c < k; c++)
				G[(size_t)a * k + c] += *in++;
	}
	for (uint32_t a = 0; a < k; a++) {
		for (uint32_t b = 0; b < a; b++)
			G[(size_t)a * k + b] = G[(size_t)b * k + a];
		G[(size_t)a * k + a] += (float)lambda;
	}
}

uint32_t als_block(const struct als_params *p)
{
	return p->block ? p->block : ALS_DEFAULT_BLOCK;
}

double als_alpha0(const struct als_params *p)
{
	return p->alpha0 > 0 ? p->alpha0 : 1;
}

/* F'F (lambda 0) into the shared part of the system: times alpha0, and
 * lambda on the diagonal unless each row adds its own penalty.  With
 * alpha0 1 this adds lambda as als_gram() does, so the bytes are the same. */
static void gram_finish(float *G, uint32_t k, const struct als_params *p)
{
	float a0 = (float)als_alpha0(p), diag = p->reg_nu == 0 ? (float)p->lambda : 0;
	for (uint32_t a = 0; a < k; a++) {
		if (a0 != 1)
			for (uint32_t c = 0; c < k; c++)
				G[(size_t)a * k + c] *= a0;
		G[(size_t)a * k + a] += diag;
	}
}

void als_shared_gram(const float *F, uint32_t rows, uint32_t k, const struct als_params *p,
		     float *G)
{
	als_gram(F, rows, k, 0, G);
	gram_finish(G, k, p);
}

/* What a row with cnt entries adds to the shared G's diagonal: its own
 * penalty lambda (cnt + alpha0 fixed)^nu when reg_nu is set (fixed: the
 * rows of the other side), else nothing (lambda is in G). */
static float row_reg(const struct als_params *p, uint64_t cnt, uint32_t fixed)
{
	if (p->reg_nu == 0)
		return 0;
	return (float)(p->lambda * pow((double)cnt + als_alpha0(p) * fixed, p->reg_nu));
}

/* Exact implicit solve of one row: A = G + reg I + sum_j w_j f_j f_j'
 * built with SYRK on sqrt(w_j) f_j, b = sum_j (base + w_j) f_j. */
static int chol_implicit(const float *G, const float *F, const uint32_t *idx, const float *w,
			 uint64_t cnt, uint32_t k, float base, float reg, float *x, float *A,
			 float *Z)
{
	memset(x, 0, (size_t)k * sizeof *x);
	if (cnt == 0)
		return 0; /* b = 0 */
	for (uint64_t j0 = 0; j0 < cnt; j0 += CHUNK) {
		uint64_t n = cnt - j0 < CHUNK ? cnt - j0 : CHUNK;
		for (uint64_t j = 0; j < n; j++) {
			if (j0 + j + PREFETCH_AHEAD < cnt)
				prefetch_row(F + (size_t)idx[j0 + j + PREFETCH_AHEAD] * k, k);
			const float *f = F + (size_t)idx[j0 + j] * k;
			float s = sqrtf(w[j0 + j]), c = base + w[j0 + j];
			float *z = Z + j * k;
			for (uint32_t q = 0; q < k; q++) {
				z[q] = s * f[q];
				x[q] += c * f[q];
			}
		}
		rank_update(j0 ? A : G, Z, n, k, A);
	}
	for (uint32_t q = 0; q < k && reg; q++)
		A[(size_t)q * k + q] += reg;
	return als_solve_spd(A, x, k);
}

/*
 * iALS++ (Rendle et al. 2021) on one row: block coordinate descent on the
 * row's quadratic x'Ax/2 - b'x, A = G + reg I + sum_j w_j f_j f_j' and
 * b = sum_j (base + w_j) f_j, from the previous factors in x.  For each
 * block P of `block` coordinates in turn, x_P += d with A_PP d = (b - Ax)_P,
 * the exact minimiser over those coordinates, so the loss never rises.
 * pred caches f_j.x for the row's entries: a block costs cnt (bs^2 + 6 bs)
 * + bs k + bs^3 / 3, against cnt k^2 + k^3 / 3 for the exact solve.
 */
static int ialspp_row(const float *G, const float *F, const uint32_t *idx, const float *w,
		      uint64_t cnt, uint32_t k, uint32_t block, float base, float reg, float *x,
		      float *A, float *Z)
{
	block = block < k ? block : k;
	float *pred = Z + (size_t)CHUNK * block, *r = pred + cnt;
	for (uint64_t j = 0; j < cnt; j++)
		pred[j] = dot(F + (size_t)idx[j] * k, x, k);
	for (uint32_t c0 = 0; c0 < k; c0 += block) {
		uint32_t bs = k - c0 < block ? k - c0 : block;
		for (uint32_t a = 0; a < bs; a++) {
			const float *g = G + (size_t)(c0 + a) * k;
			for (uint32_t c = a; c < bs; c++)
				A[(size_t)a * bs + c] = g[c0 + c];
			r[a] = -dot(g, x, k) - reg * x[c0 + a];
		}
		for (uint64_t j0 = 0; j0 < cnt; j0 += CHUNK) {
			uint64_t n = cnt - j0 < CHUNK ? cnt - j0 : CHUNK;
			for (uint64_t j = 0; j < n; j++) {
				const float *f = F + (size_t)idx[j0 + j] * k + c0;
				float wj = w[j0 + j], s = sqrtf(wj);
				float coef = base + wj - wj * pred[j0 + j];
				float *z = Z + j * bs;
				for (uint32_t q = 0; q < bs; q++) {
					z[q] = s * f[q];
					r[q] += coef * f[q];
				}
			}
			rank_update(A, Z, n, bs, A);
		}
		for (uint32_t q = 0; q < bs && reg; q++)
			A[(size_t)q * bs + q] += reg;
		if (als_solve_spd(A, r, bs) < 0)
			return -1;
		for (uint32_t q = 0; q < bs; q++)
			x[c0 + q] += r[q];
		for (uint64_t j = 0; j < cnt; j++)
			pred[j] += dot(F + (size_t)idx[j] * k + c0, r, bs);
	}
	return 0;
}

/* Exact explicit solve of one row: ridge regression of the residuals
 * t_j = r_j - mean - other_bias_j on [f_j, 1], with penalty
 * lambda * cnt^reg_exponent on the factors and lambda_bias on the bias. */
static int chol_explicit(const float *F, const float *other_bias, double mean, const uint32_t *idx,
			 const float *r, uint64_t cnt, uint32_t k, const struct als_params *p,
			 float *x, float *bias, float *A, float *Z)
{
	uint32_t K = k + 1;
	if (cnt == 0) {
		memset(x, 0, (size_t)k * sizeof *x);
		*bias = 0;
		return 0;
	}
	memset(A, 0, (size_t)K * K * sizeof *A);
	float *b = Z + (size_t)CHUNK * K;
	memset(b, 0, (size_t)K * sizeof *b);
	for (uint64_t j0 = 0; j0 < cnt; j0 += CHUNK) {
		uint64_t n = cnt - j0 < CHUNK ? cnt - j0 : CHUNK;
		for (uint64_t j = 0; j < n; j++) {
			uint32_t i = idx[j0 + j];
			float t = (float)(r[j0 + j] - mean - other_bias[i]);
			float *row = Z + j * K;
			memcpy(row, F + (size_t)i * k, (size_t)k * sizeof *row);
			row[k] = 1;
			for (uint32_t q = 0; q < K; q++)
				b[q] += t * row[q];
		}
		cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)K, (int)n, 1.0f, Z, (int)K,
			    1.0f, A, (int)K);
	}
	float penalty = (float)(p->lambda * pow((double)cnt, p->reg_exponent));
	for (uint32_t q = 0; q < k; q++)
		A[(size_t)q * K + q] += penalty;
	A[(size_t)k * K + k] += (float)p->lambda_bias;
	if (als_solve_spd(A, b, K) < 0)
		return -1;
	memcpy(x, b, (size_t)k * sizeof *x);
	*bias = b[k];
	return 0;
}

/*
 * Scratch of the solves, one set a thread, made once for a whole training
 * run: allocated in each half-step, glibc's growing mmap threshold moved
 * the buffers to the heap, whose pages stay resident, and every half-step
 * paid for fresh pages.
 */
struct scratch {
	int threads;
	float **A, **Z; /* a thread's K x K system and gathered rows */
};

static uint64_t longest_row(const struct spm *C)
{
	uint64_t maxrow = 0;
	for (uint32_t u = 0; u < C->m; u++)
		if (C->indptr[u + 1] - C->indptr[u] > maxrow)
			maxrow = C->indptr[u + 1] - C->indptr[u];
	return maxrow;
}

static void scratch_init(struct scratch *sc, const struct als_params *p, uint64_t maxrow)
{
	uint32_t k = p->k, K = k + 1;
	size_t zlen = (size_t)CHUNK * K + K;
	size_t cg_len = 3 * (size_t)k * CG_GROUP + maxrow;
	if (p->solver == ALS_CG && !p->explicit_ && cg_len > zlen)
		zlen = cg_len;
	size_t pp_len = (size_t)CHUNK * k + maxrow + k;
	if (p->solver == ALS_IALSPP && !p->explicit_ && pp_len > zlen)
		zlen = pp_len;
	sc->threads = omp_get_max_threads();
	sc->A = xmallocarray(sc->threads, sizeof *sc->A);
	sc->Z = xmallocarray(sc->threads, sizeof *sc->Z);
	for (int t = 0; t < sc->threads; t++) {
		sc->A[t] = xmalloc_lines((size_t)K * K, sizeof **sc->A);
		sc->Z[t] = xmalloc_lines(zlen, sizeof **sc->Z);
	}
}

static void scratch_free(struct scratch *sc)
{
	for (int t = 0; t < sc->threads; t++) {
		free(sc->A[t]);
		free(sc->Z[t]);
	}
	free(sc->A);
	free(sc->Z);
}

static int by_count_desc(const void *a, const void *b, void *indptr)
{
	const uint64_t *ip = indptr;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint64_t cx = ip[x + 1] - ip[x], cy = ip[y + 1] - ip[y];
	if (cx != cy)
		return cx > cy ? -1 : 1;
	return (x > y) - (x < y);
}

/* C's rows, the longest first: the threads take the longest solves first
 * and finish together on short ones.  Each row's solve is the same in any
 * order, so the model does not change. */
static uint32_t *rows_by_length(const struct spm *C)
{
	uint32_t *order = xmallocarray(C->m ? C->m : 1, sizeof *order);
	for (uint32_t u = 0; u < C->m; u++)
		order[u] = u;
	qsort_r(order, C->m, sizeof *order, by_count_desc, C->indptr);
	return order;
}

/* One half-step: every row of `out` (the rows of C) against fixed F, in
 * the order given; with CG, CG_GROUP rows at a time, consecutive in that
 * order whatever the number of threads. */
static int solve_side(const struct spm *C, const float *F, const float *F_bias, float *out,
		      float *out_bias, double mean, const struct als_params *p, const float *G,
		      const struct scratch *sc, const uint32_t *order, uint32_t fixed)
{
	uint32_t k = p->k;
	int cg = p->solver == ALS_CG && !p->explicit_, failed = 0;
	float base = (float)als_alpha0(p);
	int prefetch = (size_t)C->n * k * sizeof *F > PREFETCH_ABOVE;
	uint32_t per = cg ? CG_GROUP : 1, units = (C->m + per - 1) / per;
#pragma omp parallel num_threads(sc->threads)
	{
		float *A = sc->A[omp_get_thread_num()], *Z = sc->Z[omp_get_thread_num()];
		/* rows are sorted longest first: small units at the end even the finish */
#pragma omp for schedule(dynamic, cg ? 1 : 4) reduction(| : failed)
		for (uint32_t unit = 0; unit < units; unit++) {
			uint32_t j0 = unit * per, nb = C->m - j0 < per ? C->m - j0 : per;
			if (cg) {
				struct cg_row row[CG_GROUP];
				for (uint32_t b = 0; b < nb; b++) {
					uint32_t u = order[j0 + b];
					uint64_t at = C->indptr[u];
					uint64_t cnt = C->indptr[u + 1] - at;
					row[b] = (struct cg_row){out + (size_t)u * k,
								 C->indices + at, C->data + at, cnt,
								 row_reg(p, cnt, fixed)};
				}
				cg_rows(G, F, row, (int)nb, prefetch, k, p->cg_steps, base, Z);
				continue;
			}
			uint32_t u = order[j0];
			uint64_t b = C->indptr[u], cnt = C->indptr[u + 1] - b;
			float *x = out + (size_t)u * k;
			int rc;
			if (p->explicit_)
				rc = chol_explicit(F, F_bias, mean, C->indices + b, C->data + b,
						   cnt, k, p, x, out_bias + u, A, Z);
			else if (p->solver == ALS_IALSPP)
				rc = ialspp_row(G, F, C->indices + b, C->data + b, cnt, k,
						als_block(p), base, row_reg(p, cnt, fixed), x, A,
						Z);
			else
				rc = chol_implicit(G, F, C->indices + b, C->data + b, cnt, k, base,
						   row_reg(p, cnt, fixed), x, A, Z);
			failed |= rc < 0;
		}
	}
	return failed ? error("a least-squares system is not positive definite "
			      "(try a larger --reg)")
		      : 0;
}

static uint32_t blocks_of(uint32_t rows)
{
	return (rows + ALS_BLOCK - 1) / ALS_BLOCK;
}

/* The chain of n doubles, in order. */
static double chain(const double *v, uint32_t n)
{
	double sum = 0;
	for (uint32_t i = 0; i < n; i++)
		sum += v[i];
	return sum;
}

/* The chain over every rank's (ex) or all (NULL) blocks of side, whose
 * partials `mine` hold `width` doubles each: into sum. */
static void chain_blocks(const struct als_exchange *ex, int side, const double *mine,
			 uint32_t blocks, uint32_t width, double *sum)
{
	if (ex) {
		ex->chain(ex->ctx, side, mine, width, 1, sum);
		return;
	}
	memset(sum, 0, width * sizeof *sum);
	for (uint32_t b = 0; b < blocks; b++)
		for (uint32_t j = 0; j < width; j++)
			sum[j] += mine[(size_t)b * width + j];
}

void als_prepare_ex(struct als_state *s, struct spm *R, struct spm *Rt, const struct als_params *p,
		    const struct als_exchange *ex)
{
	if (p->explicit_) { /* per user block: the sum of its ratings, and their count */
		uint32_t blocks = blocks_of(R->m);
		double *part = xcalloc(2 * (size_t)blocks + 1, sizeof *part);
		for (uint32_t u = 0; u < R->m; u++) {
			for (uint64_t t = R->indptr[u]; t < R->indptr[u + 1]; t++)
				part[2 * (u / ALS_BLOCK)] += R->data[t];
			part[2 * (u / ALS_BLOCK) + 1] += (double)(R->indptr[u + 1] - R->indptr[u]);
		}
		double sum[2];
		chain_blocks(ex, 0, part, blocks, 2, sum);
		s->mean = sum[1] > 0 ? sum[0] / sum[1] : 0;
		free(part);
		return;
	}
	float alpha = (float)p->alpha;
	for (uint64_t t = 0; t < R->nnz; t++)
		R->data[t] = p->binary ? alpha : alpha * R->data[t];
	for (uint64_t t = 0; t < Rt->nnz; t++)
		Rt->data[t] = p->binary ? alpha : alpha * Rt->data[t];
}

void als_prepare(struct als_state *s, struct spm *R, struct spm *Rt, const struct als_params *p)
{
	als_prepare_ex(s, R, Rt, p, NULL);
}

static double sumsq(const float *a, uint64_t n)
{
	double s = 0;
	for (uint64_t i = 0; i < n; i++)
		s += (double)a[i] * a[i];
	return s;
}

/* Per user: alpha0 x'G x (implicit) and the penalty of its factors and
 * bias; items: all the items, of every rank. */
static double user_term(const struct als_state *s, const struct spm *R, const struct als_params *p,
			const float *G, uint32_t items, uint32_t u, float *Gx)
{
	uint32_t k = s->k;
	const float *x = s->X + (size_t)u * k;
	if (!p->explicit_) {
		double reg = p->reg_nu == 0 ? p->lambda
					    : row_reg(p, R->indptr[u + 1] - R->indptr[u], items);
		symv_group(G, &x, 1, k, &Gx);
		return als_alpha0(p) * (double)dot(Gx, x, k) + reg * sumsq(x, k);
	}
	double cnt = (double)(R->indptr[u + 1] - R->indptr[u]);
	return p->lambda * pow(cnt, p->reg_exponent) * sumsq(x, k) +
	       p->lambda_bias * s->user_bias[u] * s->user_bias[u];
}

/* Per item: its ratings' terms against the users' factors X (as Rt's
 * columns number them) and its own penalty. */
static double item_term(const struct als_state *s, const struct spm *Rt, const float *X,
			const float *ub, const struct als_params *p, uint32_t users, uint32_t i)
{
	double a0 = als_alpha0(p);
	uint32_t k = s->k;
	const float *y = s->Y + (size_t)i * k;
	double l = 0;
	for (uint64_t t = Rt->indptr[i]; t < Rt->indptr[i + 1]; t++) {
		uint32_t u = Rt->indices[t];
		double sc = dot(X + (size_t)u * k, y, k);
		if (!p->explicit_) { /* the observed pairs' correction of alpha0 x'(Y'Y)x */
			double c = a0 + Rt->data[t];
			l += c * (1 - sc) * (1 - sc) - a0 * sc * sc;
		} else {
			double e = Rt->data[t] - s->mean - ub[u] - s->item_bias[i] - sc;
			l += e * e;
		}
	}
	if (!p->explicit_)
		return l + (p->reg_nu == 0 ? p->lambda
					   : row_reg(p, Rt->indptr[i + 1] - Rt->indptr[i], users)) *
				   sumsq(y, k);
	double cnt = (double)(Rt->indptr[i + 1] - Rt->indptr[i]);
	return l + p->lambda * pow(cnt, p->reg_exponent) * sumsq(y, k) +
	       p->lambda_bias * s->item_bias[i] * s->item_bias[i];
}

/* The loss from block partials: G is Y'Y (implicit), X and ub the users'
 * rows as Rt's columns number them. */
static double loss_ex(const struct als_state *s, const struct spm *R, const struct spm *Rt,
		      const struct als_params *p, const float *G, const float *X, const float *ub,
		      const struct als_exchange *ex)
{
	uint32_t ub_n = blocks_of(s->m), ib_n = blocks_of(s->n);
	uint32_t users = ex ? ex->rows_total[0] : s->m, items = ex ? ex->rows_total[1] : s->n;
	double *urow = xcalloc(s->m + 1, sizeof *urow), *irow = xcalloc(s->n + 1, sizeof *irow);
#pragma omp parallel
	{
		float *Gx = xmallocarray(s->k, sizeof *Gx);
#pragma omp for schedule(dynamic, 64) nowait
		for (uint32_t u = 0; u < s->m; u++)
			urow[u] = user_term(s, R, p, G, items, u, Gx);
#pragma omp for schedule(dynamic, 64)
		for (uint32_t i = 0; i < s->n; i++)
			irow[i] = item_term(s, Rt, X, ub, p, users, i);
		free(Gx);
	}
	double *upart = xcalloc(ub_n + 1, sizeof *upart), *ipart = xcalloc(ib_n + 1, sizeof *ipart);
	for (uint32_t b = 0; b < ub_n; b++)
		upart[b] =
			chain(urow + (size_t)b * ALS_BLOCK,
			      s->m - b * ALS_BLOCK < ALS_BLOCK ? s->m - b * ALS_BLOCK : ALS_BLOCK);
	for (uint32_t b = 0; b < ib_n; b++)
		ipart[b] =
			chain(irow + (size_t)b * ALS_BLOCK,
			      s->n - b * ALS_BLOCK < ALS_BLOCK ? s->n - b * ALS_BLOCK : ALS_BLOCK);
	double lu, li;
	chain_blocks(ex, 0, upart, ub_n, 1, &lu);
	chain_blocks(ex, 1, ipart, ib_n, 1, &li);
	free(urow);
	free(irow);
	free(upart);
	free(ipart);
	return lu + li;
}

double als_loss(const struct als_state *s, const struct spm *R, const struct spm *Rt,
		const struct als_params *p)
{
	float *G = NULL;
	if (!p->explicit_) {
		G = xmalloc_lines((size_t)s->k * s->k, sizeof *G);
		als_gram(s->Y, s->n, s->k, 0, G);
	}
	double loss = loss_ex(s, R, Rt, p, G, s->X, s->user_bias, NULL);
	free(G);
	return loss;
}

/* The shared part of the system for the fixed side's own rows F
 * (als_shared_gram(); with p NULL plain F'F): alone, als_gram();
 * distributed, the blocks' partials exchanged and summed in block order. */
static void gram_ex(const struct als_exchange *ex, int side, const float *F, uint32_t rows,
		    uint32_t k, const struct als_params *p, float *G)
{
	if (!ex) {
		als_gram(F, rows, k, 0, G);
		if (p)
			gram_finish(G, k, p);
		return;
	}
	size_t tri = (size_t)k * (k + 1) / 2;
	float *mine = xmallocarray(tri * blocks_of(rows) + 1, sizeof *mine);
	als_gram_blocks(F, rows, k, mine);
	float *sum = xmallocarray(tri, sizeof *sum);
	ex->chain(ex->ctx, side, mine, (uint32_t)tri, 0, sum);
	als_gram_sum(sum, 1, k, 0, G); /* 0 + each: the chain's values, mirrored */
	if (p)
		gram_finish(G, k, p);
	free(sum);
	free(mine);
}

static const float *fixed_rows(const struct als_exchange *ex, int side, const float *own,
			       const float *own_bias, const float **bias)
{
	if (!ex) {
		*bias = own_bias;
		return own;
	}
	return ex->rows(ex->ctx, side, own, own_bias, bias);
}

int als_train(struct als_state *s, const struct spm *R, const struct spm *Rt,
	      const struct als_params *p, int want_loss, als_progress_fn progress, void *ctx)
{
	return als_train_ex(s, R, Rt, p, want_loss, progress, ctx, NULL);
}

int als_train_ex(struct als_state *s, const struct spm *R, const struct spm *Rt,
		 const struct als_params *p, int want_loss, als_progress_fn progress, void *ctx,
		 const struct als_exchange *ex)
{
	uint32_t k = p->k;
	float *G = xmalloc_lines((size_t)k * k, sizeof *G);
	uint64_t maxrow = longest_row(R), maxcol = longest_row(Rt);
	uint32_t *user_order = rows_by_length(R), *item_order = rows_by_length(Rt);
	struct scratch sc;
	scratch_init(&sc, p, maxrow > maxcol ? maxrow : maxcol);
	/* Start the threads and OpenBLAS before the first iteration's clock:
	 * OpenMP creates its threads at the first parallel region (see
	 * threads.h for where they run) and OpenBLAS sets itself up at its
	 * first call: a cost of the process, not of an iteration.  A 1 x 1
	 * SYRK on each thread, and one outside, does the second. */
	float one = 1, out = 0;
	int saved = blas_serial_begin();
	cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, 1, 1, 1.0f, &one, 1, 0.0f, &out, 1);
	blas_serial_end(saved);
	threads_start();
#pragma omp parallel num_threads(sc.threads)
	{
		float here = 0;
		memset(sc.A[omp_get_thread_num()], 0, (size_t)(k + 1) * (k + 1) * sizeof(float));
		cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, 1, 1, 1.0f, &one, 1, 0.0f, &here,
			    1);
	}
	int rc = 0;
	for (int it = 1; it <= p->iters && rc == 0; it++) {
		double t0 = omp_get_wtime();
		const float *F, *Fb;
		if (!p->explicit_)
			gram_ex(ex, 1, s->Y, s->n, k, p, G);
		F = fixed_rows(ex, 1, s->Y, s->item_bias, &Fb);
		rc = solve_side(R, F, Fb, s->X, s->user_bias, s->mean, p, G, &sc, user_order,
				ex ? ex->rows_total[1] : s->n);
		if (ex) /* every rank's status, so that all stop together */
			rc = ex->any(ex->ctx, rc < 0) ? -1 : 0;
		if (rc == 0 && !p->explicit_)
			gram_ex(ex, 0, s->X, s->m, k, p, G);
		if (rc == 0) {
			F = fixed_rows(ex, 0, s->X, s->user_bias, &Fb);
			rc = solve_side(Rt, F, Fb, s->Y, s->item_bias, s->mean, p, G, &sc,
					item_order, ex ? ex->rows_total[0] : s->m);
			if (ex)
				rc = ex->any(ex->ctx, rc < 0) ? -1 : 0;
		}
		double secs = omp_get_wtime() - t0;
		double loss = NAN;
		if (want_loss && rc == 0) {
			if (!p->explicit_)
				gram_ex(ex, 1, s->Y, s->n, k, NULL, G);
			loss = loss_ex(s, R, Rt, p, p->explicit_ ? NULL : G, F, Fb, ex);
		}
		if (rc == 0 && progress && progress(ctx, it, loss, secs))
			break;
	}
	scratch_free(&sc);
	free(user_order);
	free(item_order);
	free(G);
	return rc;
}

/* One half-step's flops for `rows` rows holding nnz entries against
 * `fixed` fixed rows: see docs/ALS.md for each term. */
static double half_step_flops(const struct als_params *p, double rows, double fixed, double nnz)
{
	double k = p->k, K = k + 1;
	if (p->explicit_) /* SYRK of [f, 1], right-hand side, Cholesky, solves */
		return nnz * (K * (K + 1) + 2 * K) + rows * (K * K * K / 3 + 2 * K * K);
	double gram = fixed * k * (k + 1);
	if (p->solver == ALS_CHOL)
		return gram + nnz * (k * (k + 1) + 2 * k) + rows * (k * k * k / 3 + 2 * k * k);
	if (p->solver == ALS_IALSPP) { /* per block of b: see ialspp_row() */
		double b = als_block(p) < k ? als_block(p) : k;
		return gram + nnz * (2 * k + k * (b + 1) + 6 * k) +
		       rows * (2 * k * k + k * b * b / 3 + 2 * k * b);
	}
	/* CG: steps + 1 products G v (2k^2); per rating 4k for the residual's
	 * and each step's A p but 2k for the last step's p'Ap; 10k of vector
	 * updates per step, 4k in the last */
	double s = p->cg_steps;
	if (s < 1)
		return gram + 2 * k * k * rows + 4 * k * nnz;
	return gram + (s + 1) * 2 * k * k * rows + (4 * s + 2) * k * nnz + (10 * s - 6) * k * rows;
}

double als_flops(const struct als_params *p, uint32_t m, uint32_t n, uint64_t nnz)
{
	return half_step_flops(p, m, n, (double)nnz) + half_step_flops(p, n, m, (double)nnz);
}

int als_fold_in(const struct als_state *s, const struct als_params *p, const float *G,
		const uint32_t *items, const float *ratings, uint32_t count, float *x, float *bias)
{
	uint32_t k = s->k, K = k + 1;
	float *A = xmalloc_lines((size_t)K * K, sizeof *A);
	float *Z = xmalloc_lines((size_t)CHUNK * K + K, sizeof *Z);
	float *w = xmallocarray(count ? count : 1, sizeof *w);
	int rc;
	if (p->explicit_) {
		rc = chol_explicit(s->Y, s->item_bias, s->mean, items, ratings, count, k, p, x,
				   bias, A, Z);
	} else {
		for (uint32_t j = 0; j < count; j++)
			w[j] = (float)(p->binary ? p->alpha : p->alpha * ratings[j]);
		rc = chol_implicit(G, s->Y, items, w, count, k, (float)als_alpha0(p),
				   row_reg(p, count, s->n), x, A, Z);
	}
	free(A);
	free(Z);
	free(w);
	return rc;
}
