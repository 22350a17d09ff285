/*
 * explain: one score of an implicit ALS model as a sum over the user's
 * history (lib/explain.h).
 */
#include "explain.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "err.h"

/* A = alpha0 Y'Y + lambda I + sum_j (c_j - alpha0) y_j y_j' = Y'C Y +
 * lambda I, in double, Cholesky-factored; NULL after a message. */
static gsl_matrix *factor_system(const struct model *mo, double alpha0, double lambda,
				 const uint32_t *items, const double *conf, uint32_t count,
				 const char *name)
{
	uint32_t k = mo->k;
	gsl_matrix *A = gsl_matrix_calloc(k, k);
	double *c = xmallocarray(mo->n, sizeof *c);
	if (!A)
		die("out of memory");
	for (uint32_t i = 0; i < mo->n; i++)
		c[i] = alpha0;
	for (uint32_t j = 0; j < count; j++)
		c[items[j]] = conf[j];
	for (uint32_t i = 0; i < mo->n; i++) {
		const float *y = mo->Y + (size_t)i * k;
		for (uint32_t a = 0; a < k; a++) {
			double *row = A->data + (size_t)a * A->tda, cy = c[i] * y[a];
			for (uint32_t b = 0; b <= a; b++)
				row[b] += cy * y[b];
		}
	}
	free(c);
	for (uint32_t a = 0; a < k; a++) {
		*gsl_matrix_ptr(A, a, a) += lambda;
		for (uint32_t b = 0; b < a; b++)
			gsl_matrix_set(A, b, a, gsl_matrix_get(A, a, b));
	}
	if (gsl_linalg_cholesky_decomp1(A) != GSL_SUCCESS) {
		error("%s: Y'CY + lambda I is not positive definite", name);
		gsl_matrix_free(A);
		return NULL;
	}
	return A;
}

static int by_contribution(const void *a, const void *b)
{
	const struct explain_term *x = a, *y = b;
	if (x->contribution != y->contribution)
		return x->contribution > y->contribution ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

int explain_score(const struct model *mo, const struct als_params *p, const uint32_t *items,
		  const double *conf, uint32_t count, uint32_t target, const char *name,
		  struct explain_term **terms_out, double *total_out)
{
	uint32_t k = mo->k;
	double alpha0 = als_alpha0(p);
	double lambda = p->reg_nu ? p->lambda * pow(count + alpha0 * mo->n, p->reg_nu) : p->lambda;
	gsl_matrix *L = factor_system(mo, alpha0, lambda, items, conf, count, name);
	if (!L)
		return -1;
	/* v = W y_i, so that s_ij = v . y_j */
	gsl_vector *v = gsl_vector_alloc(k);
	if (!v)
		die("out of memory");
	for (uint32_t a = 0; a < k; a++)
		gsl_vector_set(v, a, mo->Y[(size_t)target * k + a]);
	int rc = gsl_linalg_cholesky_svx(L, v) == GSL_SUCCESS
			 ? 0
			 : error("%s: solving the user's system failed", name);
	gsl_matrix_free(L);
	if (rc < 0) {
		gsl_vector_free(v);
		return -1;
	}
	struct explain_term *terms = xmallocarray(count ? count : 1, sizeof *terms);
	double total = 0;
	for (uint32_t j = 0; j < count; j++) {
		const float *y = mo->Y + (size_t)items[j] * k;
		double s = 0;
		for (uint32_t a = 0; a < k; a++)
			s += gsl_vector_get(v, a) * y[a];
		terms[j] = (struct explain_term){mo->item_ids[items[j]], s * conf[j], s, conf[j]};
		total += terms[j].contribution;
	}
	gsl_vector_free(v);
	qsort(terms, count, sizeof *terms, by_contribution);
	*terms_out = terms;
	*total_out = total;
	return 0;
}
