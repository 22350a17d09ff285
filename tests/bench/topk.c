/*
 * topk: seconds of compute for the top-K of every user of a factor model
 * with the training items excluded (lib/topk.h: the packed scoring kernel
 * with selection fused in), median of 5 runs, file reading and packing
 * excluded.
 * usage: topk MODEL TRAIN K; prints "users seconds".
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "model.h"
#include "ratings.h"
#include "topk.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	err_init("bench-topk");
	if (argc != 4)
		die("usage: topk MODEL TRAIN K");
	struct model *mo = model_read(argv[1], 0);
	struct ratings *r = ratings_read(argv[2], 0);
	if (!mo || !r)
		return 1;
	struct spm *R = ratings_to_csr(r);
	/* the training users and items are the model's, in the same order */
	if (!R || R->m != mo->m || R->n != mo->n)
		die("%s was not trained on %s", argv[1], argv[2]);
	uint32_t K = (uint32_t)atoi(argv[3]);
	uint32_t *users = malloc(sizeof *users * mo->m), *found = malloc(sizeof *found * mo->m);
	uint32_t *items = malloc(sizeof *items * mo->m * K);
	float *scores = malloc(sizeof *scores * mo->m * K);
	for (uint32_t u = 0; u < mo->m; u++)
		users[u] = u;
	struct topk_filter filter = {R, NULL};
	struct topk_scorer *scorer = topk_scorer_new(mo);
	double t[5];
	for (int run = 0; run < 5; run++) {
		double t0 = omp_get_wtime();
		topk_users(scorer, users, mo->m, K, &filter, items, scores, found);
		t[run] = omp_get_wtime() - t0;
	}
	qsort(t, 5, sizeof *t, cmp_double);
	printf("%u %.6f\n", mo->m, t[2]);
	return 0;
}
