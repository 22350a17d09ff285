#include "scale.h"
#include "err.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>

static int fit(const double *x, const double *y, int n, int power, struct scale_fit *f)
{
	if (n < 3)
		return error("%d point%s cannot give a fit with an interval: need at least 3", n,
			     n == 1 ? "" : "s");
	double *lx = xmallocarray((size_t)n, sizeof *lx), *ly = xmallocarray((size_t)n, sizeof *ly);
	int distinct = 0, rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		if (power && !(x[i] > 0 && y[i] > 0))
			rc = error("cannot fit a power law to a size or cost of %g",
				   x[i] > 0 ? y[i] : x[i]);
		lx[i] = power ? log(x[i]) : x[i];
		ly[i] = power ? log(y[i]) : y[i];
		distinct |= x[i] != x[0];
	}
	if (rc == 0 && !distinct)
		rc = error("every size is the same: nothing to fit");
	if (rc == 0 && gsl_fit_linear(lx, 1, ly, 1, (size_t)n, &f->c0, &f->c1, &f->cov00, &f->cov01,
				      &f->cov11, &f->sumsq) != 0)
		rc = error("the least-squares fit failed");
	if (rc == 0) {
		f->n = n;
		f->power = power;
		f->c1_se = sqrt(f->cov11);
		double t = gsl_cdf_tdist_Qinv(0.025, n - 2);
		f->c1_lo = f->c1 - t * f->c1_se;
		f->c1_hi = f->c1 + t * f->c1_se;
		double mean = 0, total = 0;
		for (int i = 0; i < n; i++)
			mean += ly[i] / n;
		for (int i = 0; i < n; i++)
			total += (ly[i] - mean) * (ly[i] - mean);
		f->r2 = total > 0 ? 1 - f->sumsq / total : 1;
	}
	free(lx);
	free(ly);
	return rc;
}

int scale_fit_power(const double *x, const double *y, int n, struct scale_fit *f)
{
	return fit(x, y, n, 1, f);
}

int scale_fit_linear(const double *x, const double *y, int n, struct scale_fit *f)
{
	return fit(x, y, n, 0, f);
}

void scale_predict(const struct scale_fit *f, double x, double *y, double *lo, double *hi)
{
	double at = f->power ? log(x) : x, mean, se;
	gsl_fit_linear_est(at, f->c0, f->c1, f->cov00, f->cov01, f->cov11, &mean, &se);
	double half = gsl_cdf_tdist_Qinv(0.025, f->n - 2) * se;
	*y = f->power ? exp(mean) : mean;
	*lo = f->power ? exp(mean - half) : mean - half;
	*hi = f->power ? exp(mean + half) : mean + half;
}
