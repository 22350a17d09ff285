/*
 * test_itemitem: lib/itemitem against hand computations and GSL.
 *
 * The hand-made matrix R (4 users x 4 items, ratings):
 *
 *           i0  i1  i2  i3
 *     u0     5   3   4   .
 *     u1     4   .   2   1
 *     u2     .   2   .   5
 *     u3     1   4   3   2
 *
 * Binary columns: i0 = {u0,u1,u3}, i1 = {u0,u2,u3}, i2 = {u0,u1,u3},
 * i3 = {u1,u2,u3}; every column has norm sqrt(3), so cosine = |common| / 3:
 * i0.i2 = 3 -> 1; every other pair shares 2 users -> 2/3.  i0 and i2 are
 * the same column, so H'H is singular (EASE needs lambda > 0).
 *
 * Rating columns: i0 = (5,4,0,1), i1 = (3,0,2,4), i2 = (4,2,0,3),
 * i3 = (0,1,5,2); squared norms 25+16+1 = 42, 9+4+16 = 29, 16+4+9 = 29,
 * 1+25+4 = 30.  Dot products: i0.i1 = 15+4 = 19, i0.i2 = 20+8+3 = 31,
 * i0.i3 = 4+2 = 6, i1.i2 = 12+12 = 24, i1.i3 = 10+8 = 18, i2.i3 = 2+6 = 8.
 * Cosines: 19/sqrt(42*29) = 0.544414, 31/sqrt(42*29) = 0.888254,
 * 6/sqrt(42*30) = 0.169031, 24/sqrt(29*29) = 0.827586,
 * 18/sqrt(29*30) = 0.610257, 8/sqrt(29*30) = 0.271225.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_linalg.h>

#include "err.h"
#include "itemitem.h"
#include "t.h"

static char dir[] = "/tmp/reel-unit.XXXXXX";
static char path[256], errpath[256];

static const uint32_t users4[4] = {10, 20, 30, 40}, items4[4] = {100, 200, 300, 400};

static struct spm *hand_matrix(void)
{
	static const uint32_t r[] = {0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 3};
	static const uint32_t c[] = {0, 1, 2, 0, 2, 3, 1, 3, 0, 1, 2, 3};
	static const float v[] = {5, 3, 4, 4, 2, 1, 2, 5, 1, 4, 3, 2};
	return spm_build(4, 4, 12, r, c, v, NULL);
}

/* stderr goes to errpath; the text written since the last call. */
static const char *last_error(void)
{
	static char buf[1024];
	fflush(stderr);
	FILE *fp = fopen(errpath, "r");
	size_t len = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
	buf[len] = '\0';
	if (fp)
		fclose(fp);
	if (!freopen(errpath, "w", stderr))
		exit(1);
	return buf;
}

static const char *file(const char *name)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

/* B[j][i] of a sparse model, 0 when absent. */
static float sparse_at(const struct spm *B, uint32_t j, uint32_t i)
{
	for (uint64_t k = B->indptr[j]; k < B->indptr[j + 1]; k++)
		if (B->indices[k] == i)
			return B->data[k];
	return 0;
}

static int row_is(const struct spm *B, uint32_t j, uint32_t a, uint32_t b)
{
	return B->indptr[j + 1] - B->indptr[j] == 2 && B->indices[B->indptr[j]] == a &&
	       B->indices[B->indptr[j] + 1] == b;
}

static void test_knn_hand(void)
{
	struct spm *R = hand_matrix();
	struct itemitem *mo = itemitem_train_knn(R, users4, items4, 2, ITEMITEM_BINARY);
	CHECK(mo && mo->sparse && !mo->dense && mo->sparse->nnz == 8, "knn binary: 2 per row");
	const struct spm *B = mo->sparse;
	/* row 0: i2 (1), then i1 and i3 tie at 2/3: the lower index wins */
	CHECK(row_is(B, 0, 1, 2), "knn binary: row 0 = {i1, i2}, tie to the lower index");
	CHECK(row_is(B, 1, 0, 2), "knn binary: row 1 = {i0, i2} of a three-way tie");
	CHECK(row_is(B, 2, 0, 1), "knn binary: row 2 = {i0, i1}");
	CHECK(row_is(B, 3, 0, 1), "knn binary: row 3 = {i0, i1}");
	CHECK_NEAR(sparse_at(B, 0, 2), 1.0, 1e-6, "knn binary: cos(i0, i2) = 3/3");
	CHECK_NEAR(sparse_at(B, 0, 1), 2.0 / 3, 1e-6, "knn binary: cos(i0, i1) = 2/3");
	CHECK_NEAR(sparse_at(B, 3, 1), 2.0 / 3, 1e-6, "knn binary: cos(i3, i1) = 2/3");
	CHECK(strstr(mo->params, "model=itemknn\n") && strstr(mo->params, "neighbours=2\n") &&
		      strstr(mo->params, "weight=binary\n"),
	      "knn params recorded");

	/* history {i0, i3}: scores = B[0] + B[3] = (0, 2/3 + 2/3, 1, 0) */
	uint32_t hist[2] = {0, 3};
	float out[4];
	itemitem_score_history(mo, hist, NULL, 2, out);
	CHECK(out[0] == sparse_at(B, 3, 0) && out[3] == 0, "knn score: own items not special");
	CHECK_NEAR(out[1], 4.0 / 3, 1e-6, "knn score: i1 = 2/3 + 2/3");
	CHECK_NEAR(out[2], 1.0, 1e-6, "knn score: i2 = 1");
	itemitem_free(mo);

	mo = itemitem_train_knn(R, users4, items4, 10, ITEMITEM_BINARY);
	CHECK(mo && mo->sparse->nnz == 12, "knn: more neighbours than items keeps all others");
	itemitem_free(mo);

	mo = itemitem_train_knn(R, users4, items4, 3, ITEMITEM_RATING);
	B = mo->sparse;
	double c01 = 19 / sqrt(42.0 * 29), c02 = 31 / sqrt(42.0 * 29), c03 = 6 / sqrt(42.0 * 30),
	       c12 = 24 / sqrt(29.0 * 29), c13 = 18 / sqrt(29.0 * 30), c23 = 8 / sqrt(29.0 * 30);
	CHECK_NEAR(sparse_at(B, 0, 1), c01, 1e-6, "knn rating: cos(i0, i1) = 0.544414");
	CHECK_NEAR(sparse_at(B, 0, 2), c02, 1e-6, "knn rating: cos(i0, i2) = 0.888254");
	CHECK_NEAR(sparse_at(B, 0, 3), c03, 1e-6, "knn rating: cos(i0, i3) = 0.169031");
	CHECK_NEAR(sparse_at(B, 1, 2), c12, 1e-6, "knn rating: cos(i1, i2) = 0.827586");
	CHECK_NEAR(sparse_at(B, 1, 3), c13, 1e-6, "knn rating: cos(i1, i3) = 0.610257");
	CHECK_NEAR(sparse_at(B, 2, 3), c23, 1e-6, "knn rating: cos(i2, i3) = 0.271225");
	CHECK(sparse_at(B, 3, 2) == sparse_at(B, 2, 3), "knn rating: symmetric before the cut");
	/* history i1 rated 2, i3 rated 4: score(i0) = 2 c01 + 4 c03 */
	uint32_t h2[2] = {1, 3};
	float r2[2] = {2, 4};
	itemitem_score_history(mo, h2, r2, 2, out);
	CHECK_NEAR(out[0], 2 * c01 + 4 * c03, 1e-6, "knn rating score: weighted by the rating");
	itemitem_free(mo);

	/* one neighbour: the best of each row */
	mo = itemitem_train_knn(R, users4, items4, 1, ITEMITEM_RATING);
	B = mo->sparse;
	CHECK(B->nnz == 4 && B->indices[0] == 2 && B->indices[1] == 2 && B->indices[2] == 0 &&
		      B->indices[3] == 1,
	      "knn rating, 1 neighbour: i0->i2, i1->i2, i2->i0, i3->i1");
	itemitem_free(mo);

	CHECK(itemitem_train_knn(R, users4, items4, 0, ITEMITEM_BINARY) == NULL &&
		      strstr(last_error(), "at least 1 neighbour"),
	      "knn: 0 neighbours refused");
	spm_free(R);
}

/* H as a dense double matrix, values by the weight rule. */
static void dense_h(const struct spm *R, enum itemitem_weight w, double *H)
{
	memset(H, 0, (size_t)R->m * R->n * sizeof *H);
	for (uint32_t u = 0; u < R->m; u++)
		for (uint64_t k = R->indptr[u]; k < R->indptr[u + 1]; k++)
			H[(size_t)u * R->n + R->indices[k]] = w == ITEMITEM_RATING ? R->data[k] : 1;
}

/* max |B - B_direct| with B_direct from GSL's LU inverse of H'H + lambda I. */
static double ease_vs_lu(const struct itemitem *mo, const double *H, uint32_t m, uint32_t n,
			 double lambda)
{
	gsl_matrix *G = gsl_matrix_calloc(n, n), *P = gsl_matrix_alloc(n, n);
	for (uint32_t a = 0; a < n; a++)
		for (uint32_t b = 0; b < n; b++) {
			double s = a == b ? lambda : 0;
			for (uint32_t u = 0; u < m; u++)
				s += H[(size_t)u * n + a] * H[(size_t)u * n + b];
			gsl_matrix_set(G, a, b, s);
		}
	gsl_permutation *perm = gsl_permutation_alloc(n);
	int sign;
	gsl_linalg_LU_decomp(G, perm, &sign);
	gsl_linalg_LU_invert(G, perm, P);
	double worst = 0;
	for (uint32_t j = 0; j < n; j++)
		for (uint32_t i = 0; i < n; i++) {
			double want =
				i == j ? 0 : -gsl_matrix_get(P, j, i) / gsl_matrix_get(P, i, i);
			double d = fabs(mo->dense[(size_t)j * n + i] - want);
			worst = d > worst ? d : worst;
		}
	gsl_permutation_free(perm);
	gsl_matrix_free(G);
	gsl_matrix_free(P);
	return worst;
}

/* The EASE objective of column i, |h_i - H b|^2 + lambda |b|^2, at b =
 * B[.][i] + delta e_k, and (through grad) its gradient at delta = 0. */
static double column_objective(const struct itemitem *mo, const double *H, uint32_t m, uint32_t i,
			       double lambda, uint32_t k, double delta, double *grad)
{
	uint32_t n = mo->n;
	double *b = malloc(n * sizeof *b), *res = malloc(m * sizeof *res), obj = 0;
	for (uint32_t j = 0; j < n; j++)
		b[j] = mo->dense[(size_t)j * n + i] + (j == k ? delta : 0);
	for (uint32_t u = 0; u < m; u++) {
		double s = H[(size_t)u * n + i];
		for (uint32_t j = 0; j < n; j++)
			s -= H[(size_t)u * n + j] * b[j];
		res[u] = s;
		obj += s * s;
	}
	for (uint32_t j = 0; j < n; j++) {
		obj += lambda * b[j] * b[j];
		if (grad) { /* d/db_j = -2 (H' res)_j + 2 lambda b_j */
			double g = 2 * lambda * b[j];
			for (uint32_t u = 0; u < m; u++)
				g -= 2 * H[(size_t)u * n + j] * res[u];
			grad[j] = g;
		}
	}
	free(b);
	free(res);
	return obj;
}

static void test_ease_hand(void)
{
	struct spm *R = hand_matrix();
	double H[16];
	for (int w = 0; w < 2; w++) {
		const char *name = w ? "rating" : "binary";
		double lambda = 0.5;
		struct itemitem *mo = itemitem_train_ease(R, users4, items4, lambda, w);
		CHECK(mo && mo->dense && !mo->sparse, "ease %s: dense model", name);
		dense_h(R, w, H);
		CHECK(ease_vs_lu(mo, H, 4, 4, lambda) < 1e-4, "ease %s: B equals the LU inverse's",
		      name);
		int zero = 1;
		for (uint32_t j = 0; j < 4; j++)
			zero &= mo->dense[j * 4 + j] == 0;
		CHECK(zero, "ease %s: zero diagonal", name);
		/* first-order condition of min |h_i - H b|^2 + lambda |b|^2, b_i = 0:
		 * the gradient vanishes in every free coordinate k != i */
		double worst = 0, grad[4];
		for (uint32_t i = 0; i < 4; i++) {
			column_objective(mo, H, 4, i, lambda, 0, 0, grad);
			for (uint32_t k = 0; k < 4; k++)
				if (k != i && fabs(grad[k]) > worst)
					worst = fabs(grad[k]);
		}
		CHECK(worst < 1e-4, "ease %s: gradient zero off the diagonal (%.2g)", name, worst);
		double best = column_objective(mo, H, 4, 1, lambda, 0, 0, NULL);
		CHECK(column_objective(mo, H, 4, 1, lambda, 0, 1e-2, NULL) > best &&
			      column_objective(mo, H, 4, 1, lambda, 3, -1e-2, NULL) > best,
		      "ease %s: moving off B raises the objective", name);
		/* score = sum of h_j B[j] over the history */
		uint32_t hist[2] = {0, 3};
		float rat[2] = {5, 2}, out[4];
		itemitem_score_history(mo, hist, rat, 2, out);
		double h0 = w ? 5 : 1, h3 = w ? 2 : 1;
		CHECK_NEAR(out[1], h0 * mo->dense[1] + h3 * mo->dense[13], 1e-6,
			   "ease %s: score is the weighted row sum", name);
		itemitem_free(mo);
	}
	/* lambda 0: the rating H is invertible, the binary one is not (i0 = i2) */
	struct itemitem *mo = itemitem_train_ease(R, users4, items4, 0, ITEMITEM_RATING);
	dense_h(R, ITEMITEM_RATING, H);
	CHECK(mo && ease_vs_lu(mo, H, 4, 4, 0) < 1e-4, "ease lambda 0 on an invertible H");
	itemitem_free(mo);
	last_error();
	CHECK(itemitem_train_ease(R, users4, items4, 0, ITEMITEM_BINARY) == NULL &&
		      strstr(last_error(), "singular: item 300's history column"),
	      "ease: identical columns with lambda 0 are reported singular");
	CHECK(itemitem_train_ease(R, users4, items4, -1, ITEMITEM_BINARY) == NULL &&
		      strstr(last_error(), "lambda must be finite and >= 0"),
	      "ease: negative lambda refused");
	CHECK(itemitem_train_ease(R, users4, items4, NAN, ITEMITEM_BINARY) == NULL,
	      "ease: NaN lambda refused");
	spm_free(R);

	/* an item nobody rated: fine with lambda > 0 (its row and column of B
	 * are zero), singular with lambda 0 */
	static const uint32_t r[] = {0, 1, 1}, c[] = {0, 0, 2};
	static const float v[] = {1, 1, 1};
	uint32_t it3[3] = {1, 2, 3};
	R = spm_build(2, 3, 3, r, c, v, NULL);
	mo = itemitem_train_ease(R, users4, it3, 1, ITEMITEM_BINARY);
	CHECK(mo && mo->dense[1] == 0 && mo->dense[3] == 0,
	      "ease: an unrated item gets zero weights");
	itemitem_free(mo);
	CHECK(itemitem_train_ease(R, users4, it3, 0, ITEMITEM_BINARY) == NULL &&
		      strstr(last_error(), "item 2 has no non-zero history weight"),
	      "ease: an unrated item with lambda 0 is named");
	spm_free(R);
}

/* A random users x items matrix with about density * m * n entries. */
static struct spm *random_matrix(uint32_t m, uint32_t n, double density, unsigned seed)
{
	uint32_t *rows = malloc((size_t)m * n * sizeof *rows), *cols = malloc((size_t)m * n * 4);
	float *vals = malloc((size_t)m * n * sizeof *vals);
	uint64_t nnz = 0;
	srand(seed);
	for (uint32_t u = 0; u < m; u++)
		for (uint32_t i = 0; i < n; i++)
			if (rand() < density * RAND_MAX) {
				rows[nnz] = u;
				cols[nnz] = i;
				vals[nnz++] = (float)(1 + rand() % 5);
			}
	struct spm *R = spm_build(m, n, nnz, rows, cols, vals, NULL);
	free(rows);
	free(cols);
	free(vals);
	return R;
}

static int same_spm(const struct spm *a, const struct spm *b)
{
	return a->m == b->m && a->n == b->n && a->nnz == b->nnz &&
	       memcmp(a->indptr, b->indptr, (a->m + 1) * sizeof *a->indptr) == 0 &&
	       memcmp(a->indices, b->indices, a->nnz * sizeof *a->indices) == 0 &&
	       memcmp(a->data, b->data, a->nnz * sizeof *a->data) == 0;
}

static void test_random(void)
{
	uint32_t m = 300, n = 120;
	struct spm *R = random_matrix(m, n, 0.1, 7);
	uint32_t *uid = malloc(m * sizeof *uid), *iid = malloc(n * sizeof *iid);
	for (uint32_t u = 0; u < m; u++)
		uid[u] = 3 * u + 1;
	for (uint32_t i = 0; i < n; i++)
		iid[i] = 5 * i + 2;
	double *H = malloc((size_t)m * n * sizeof *H);
	dense_h(R, ITEMITEM_RATING, H);

	/* kNN against brute-force cosine: every kept value exact, and nothing
	 * outside a row beats its worst kept neighbour */
	uint32_t K = 10;
	struct itemitem *mo = itemitem_train_knn(R, uid, iid, K, ITEMITEM_RATING);
	int values_ok = 1, cut_ok = 1;
	for (uint32_t j = 0; j < n; j++) {
		float worst = INFINITY;
		for (uint64_t k = mo->sparse->indptr[j]; k < mo->sparse->indptr[j + 1]; k++)
			worst = fminf(worst, mo->sparse->data[k]);
		for (uint32_t i = 0; i < n; i++) {
			double d = 0, a = 0, b = 0;
			for (uint32_t u = 0; u < m; u++) {
				d += H[u * n + i] * H[u * n + j];
				a += H[u * n + i] * H[u * n + i];
				b += H[u * n + j] * H[u * n + j];
			}
			float got = sparse_at(mo->sparse, j, i);
			if (got != 0 && fabs(got - d / sqrt(a * b)) > 1e-6)
				values_ok = 0;
			if (got == 0 && i != j && d != 0 && (float)(d / sqrt(a * b)) > worst)
				cut_ok = 0;
		}
	}
	CHECK(values_ok, "knn random: values equal brute-force cosines to 1e-6");
	CHECK(cut_ok, "knn random: no dropped item beats a kept neighbour");

	/* the same model on 1 and 2 threads, byte for byte */
	int saved = omp_get_max_threads();
	omp_set_num_threads(1);
	struct itemitem *one = itemitem_train_knn(R, uid, iid, K, ITEMITEM_RATING);
	struct itemitem *e1 = itemitem_train_ease(R, uid, iid, 20, ITEMITEM_BINARY);
	omp_set_num_threads(2);
	struct itemitem *two = itemitem_train_knn(R, uid, iid, K, ITEMITEM_RATING);
	struct itemitem *e2 = itemitem_train_ease(R, uid, iid, 20, ITEMITEM_BINARY);
	omp_set_num_threads(saved);
	CHECK(same_spm(one->sparse, two->sparse) && same_spm(one->sparse, mo->sparse),
	      "knn: the same on 1 and 2 threads");
	CHECK(memcmp(e1->dense, e2->dense, (size_t)n * n * sizeof(float)) == 0,
	      "ease: the same on 1 and 2 threads");
	dense_h(R, ITEMITEM_BINARY, H);
	CHECK(ease_vs_lu(e1, H, m, n, 20) < 1e-5,
	      "ease random 300 x 120: B equals the LU inverse's");
	itemitem_free(mo);
	itemitem_free(one);
	itemitem_free(two);
	itemitem_free(e1);
	itemitem_free(e2);
	free(H);
	free(uid);
	free(iid);
	spm_free(R);
}

/* RP3beta against its definition computed densely: the transition
 * matrices P_ui = h_ui / |I_u| and P_iu = h_ui / |U_i| to the power
 * alpha, W = P_iu P_ui, columns over |U_i|^beta; top K of each row. */
static void test_rp3beta(void)
{
	uint32_t m = 200, n = 90, K = 8;
	struct spm *R = random_matrix(m, n, 0.12, 11);
	uint32_t *uid = malloc(m * sizeof *uid), *iid = malloc(n * sizeof *iid);
	for (uint32_t u = 0; u < m; u++)
		uid[u] = u + 1;
	for (uint32_t i = 0; i < n; i++)
		iid[i] = i + 1;
	double *H = malloc((size_t)m * n * sizeof *H), du[200] = {0}, di[90] = {0};
	dense_h(R, ITEMITEM_BINARY, H);
	for (uint32_t u = 0; u < m; u++)
		for (uint32_t i = 0; i < n; i++) {
			du[u] += H[u * n + i];
			di[i] += H[u * n + i];
		}
	double alpha = 0.8, beta = 0.4;
	struct itemitem *mo = itemitem_train_rp3beta(R, uid, iid, K, alpha, beta);
	int values_ok = 1, cut_ok = 1, rows_ok = 1;
	for (uint32_t j = 0; j < n; j++) {
		float worst = INFINITY;
		for (uint64_t k = mo->sparse->indptr[j]; k < mo->sparse->indptr[j + 1]; k++)
			worst = fminf(worst, mo->sparse->data[k]);
		rows_ok &= mo->sparse->indptr[j + 1] - mo->sparse->indptr[j] <= K;
		for (uint32_t i = 0; i < n; i++) {
			double w = 0;
			for (uint32_t u = 0; u < m; u++)
				if (H[u * n + j] && H[u * n + i])
					w += pow(1 / di[j], alpha) * pow(1 / du[u], alpha);
			if (w)
				w /= pow(di[i], beta);
			float got = sparse_at(mo->sparse, j, i);
			if (got != 0 && fabs(got - w) > 1e-6 * w)
				values_ok = 0;
			if (got == 0 && i != j && w != 0 && (float)w > worst)
				cut_ok = 0;
		}
	}
	CHECK(values_ok, "rp3beta random: values equal the dense walk's to 1e-6");
	CHECK(cut_ok && rows_ok, "rp3beta random: K per row, no dropped item beats a kept one");
	int saved = omp_get_max_threads();
	omp_set_num_threads(1);
	struct itemitem *one = itemitem_train_rp3beta(R, uid, iid, K, alpha, beta);
	omp_set_num_threads(2);
	struct itemitem *two = itemitem_train_rp3beta(R, uid, iid, K, alpha, beta);
	omp_set_num_threads(saved);
	CHECK(same_spm(one->sparse, two->sparse) && same_spm(one->sparse, mo->sparse),
	      "rp3beta: the same on 1 and 2 threads");
	itemitem_free(mo);
	itemitem_free(one);
	itemitem_free(two);
	free(H);
	free(uid);
	free(iid);
	spm_free(R);
}

static int same_model(const struct itemitem *a, const struct itemitem *b)
{
	if (a->m != b->m || a->n != b->n || a->history_weight != b->history_weight ||
	    !a->dense != !b->dense || !a->sparse != !b->sparse)
		return 0;
	if (memcmp(a->user_ids, b->user_ids, a->m * 4) ||
	    memcmp(a->item_ids, b->item_ids, a->n * 4))
		return 0;
	if (!same_spm(a->history, b->history) || strcmp(a->params, b->params) != 0)
		return 0;
	if (a->dense)
		return memcmp(a->dense, b->dense, (size_t)a->n * a->n * 4) == 0;
	return same_spm(a->sparse, b->sparse);
}

/* Read FILE's bytes (size in *size). */
static unsigned char *slurp(const char *p, long *size)
{
	FILE *fp = fopen(p, "rb");
	fseek(fp, 0, SEEK_END);
	*size = ftell(fp);
	rewind(fp);
	unsigned char *buf = malloc((size_t)*size);
	if (fread(buf, 1, (size_t)*size, fp) != (size_t)*size)
		*size = -1;
	fclose(fp);
	return buf;
}

static void spit(const char *p, const unsigned char *buf, long size)
{
	FILE *fp = fopen(p, "wb");
	fwrite(buf, 1, (size_t)size, fp);
	fclose(fp);
}

static void test_files(void)
{
	struct spm *R = hand_matrix();
	struct itemitem *knn = itemitem_train_knn(R, users4, items4, 2, ITEMITEM_RATING);
	struct itemitem *ease = itemitem_train_ease(R, users4, items4, 0.5, ITEMITEM_BINARY);
	itemitem_param(ease, "train", "%s", "train.tsv");
	CHECK(itemitem_write(knn, file("knn.bin")) == 0, "knn written");
	struct itemitem *back = itemitem_read(path);
	CHECK(back && same_model(knn, back), "knn round trip: every array and params equal");
	CHECK(back && back->file && back->items && back->users &&
		      idmap_get(back->items, 300) == 2 && idmap_get(back->users, 40) == 3,
	      "knn read: id maps built");
	itemitem_free(back);
	CHECK(itemitem_write(ease, file("ease.bin")) == 0, "ease written");
	back = itemitem_read(path);
	CHECK(back && same_model(ease, back), "ease round trip: every array and params equal");
	CHECK(back && strstr(back->params, "train=train.tsv\n"), "ease params carry extra keys");
	float a[4], b[4];
	uint32_t hist[2] = {1, 2};
	itemitem_score_history(ease, hist, NULL, 2, a);
	if (back)
		itemitem_score_history(back, hist, NULL, 2, b);
	CHECK(back && memcmp(a, b, sizeof a) == 0, "ease read back scores the same");
	itemitem_free(back);

	/* every flipped byte and every truncation is refused */
	long size;
	unsigned char *orig = slurp(file("ease.bin"), &size);
	char bad[300];
	snprintf(bad, sizeof bad, "%s/bad.bin", dir);
	int flips = 1, truncs = 1;
	for (long i = 0; i < size; i++) {
		orig[i] ^= 0x04;
		spit(bad, orig, size);
		orig[i] ^= 0x04;
		struct itemitem *x = itemitem_read(bad);
		flips &= x == NULL;
		itemitem_free(x);
	}
	for (long len = 0; len < size; len += 7) {
		spit(bad, orig, len);
		struct itemitem *x = itemitem_read(bad);
		truncs &= x == NULL;
		itemitem_free(x);
	}
	CHECK(flips, "every flipped byte of a model is refused");
	CHECK(truncs, "every truncation of a model is refused");
	spit(bad, orig, size - 1);
	last_error();
	CHECK(itemitem_read(bad) == NULL && strstr(last_error(), "bad.bin: truncated"),
	      "truncation reported with the file name");
	free(orig);
	itemitem_free(ease);
	spm_free(R);

	/* structural faults behind valid checksums: written as they are, read
	 * refuses each with the file's name and the fault */
	struct {
		int what;
		const char *message;
	} faults[] = {
		{0, "knn.bin: B_indices not strictly increasing in row 0"},
		{1, "knn.bin: B_indices: column 9 out of range in row 1"},
		{2, "knn.bin: history_indptr decreases at row 1"},
		{3, "knn.bin: item ids are not strictly ascending"},
		{4, "knn.bin: B_indices: row 2 lists itself"},
		{5, "knn.bin: B_data: non-finite value in row 3"},
		{6, "knn.bin: history_indptr ends at 11, not at the 12 entries"},
	};
	for (size_t f = 0; f < sizeof faults / sizeof *faults; f++) {
		struct spm *B = knn->sparse, *Hs = knn->history;
		uint32_t save_idx[8], save_ids[4];
		uint64_t save_ptr[5];
		float save_val[8];
		memcpy(save_idx, B->indices, sizeof save_idx);
		memcpy(save_val, B->data, sizeof save_val);
		memcpy(save_ptr, Hs->indptr, sizeof save_ptr);
		memcpy(save_ids, knn->item_ids, sizeof save_ids);
		switch (faults[f].what) {
		case 0: B->indices[0] = B->indices[1]; break;
		case 1: B->indices[2] = 9; break;
		case 2: Hs->indptr[2] = 1; break;
		case 3: knn->item_ids[3] = 250; break;
		case 4: B->indices[4] = 2; break;
		case 5: B->data[6] = NAN; break;
		case 6: Hs->indptr[4] = 11; break;
		}
		itemitem_write(knn, file("knn.bin"));
		memcpy(B->indices, save_idx, sizeof save_idx);
		memcpy(B->data, save_val, sizeof save_val);
		memcpy(Hs->indptr, save_ptr, sizeof save_ptr);
		memcpy(knn->item_ids, save_ids, sizeof save_ids);
		last_error();
		struct itemitem *x = itemitem_read(path);
		const char *msg = last_error();
		CHECK(x == NULL && strstr(msg, faults[f].message), "refused: %s",
		      faults[f].message);
		itemitem_free(x);
	}
	itemitem_free(knn);

	/* another kind of bin file */
	uint32_t dims[4] = {1, 1, 0, 0};
	struct bin_section sec = {"dims", BIN_U32, 4, 1, dims, sizeof dims};
	bin_write(file("matrix.bin"), BIN_MATRIX, &sec, 1);
	last_error();
	CHECK(itemitem_read(path) == NULL &&
		      strstr(last_error(), "wrong kind of file: matrix, expected item-item model"),
	      "a file of another kind is refused");
}

int main(void)
{
	err_init("test_itemitem");
	if (!mkdtemp(dir))
		return 1;
	snprintf(errpath, sizeof errpath, "%s/stderr", dir);
	/* messages from the error cases are expected: keep them off the log */
	if (!freopen(errpath, "w", stderr))
		return 1;
	test_knn_hand();
	test_ease_hand();
	test_random();
	test_rp3beta();
	test_files();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return t_done();
}
