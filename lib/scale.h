/*
 * scale: fits of cost against problem size, for scalability studies.
 *
 * The power law cost = a N^b is fitted by ordinary least squares on the
 * logarithms, log y = log a + b log x (gsl_fit_linear), which weighs every
 * size equally in relative terms.  Its standard errors assume independent
 * errors of constant variance in log y; the intervals use Student's t with
 * n - 2 degrees of freedom, so they need n >= 3 points (and are wide for
 * few points, as they should be).  The linear law y = c0 + c1 x (for
 * memory: a fixed overhead plus bytes per unit) is fitted on the raw
 * values.  Functions return 0, or -1 after a message when the data cannot
 * be fitted.
 */
#ifndef REEL_SCALE_H
#define REEL_SCALE_H

struct scale_fit {
	int n;         /* points */
	double c0, c1; /* the line: y = c0 + c1 x (log-log for a power law) */
	double cov00, cov01, cov11, sumsq;
	double c1_se;        /* standard error of c1 (b of a power law) */
	double c1_lo, c1_hi; /* its 95 % interval */
	double r2;           /* coefficient of determination of the line */
	int power;           /* 1: fitted on logs, a = exp(c0), b = c1 */
};

/* cost = a N^b through (x[i], y[i]), i < n; needs n >= 3, every x and y
 * above 0, and at least two distinct x. */
int scale_fit_power(const double *x, const double *y, int n, struct scale_fit *f);
/* y = c0 + c1 x, the same requirements but y may be any number. */
int scale_fit_linear(const double *x, const double *y, int n, struct scale_fit *f);

/* The fitted cost at x, and the 95 % interval of that mean cost (the
 * line's standard error at x, times t with n - 2 df; back-transformed for
 * a power law). */
void scale_predict(const struct scale_fit *f, double x, double *y, double *lo, double *hi);

#endif
