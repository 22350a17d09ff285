/* Unit tests of lib/scale: an exact power law, and a noisy one against
 * tests/reference/scale.py (numpy and the textbook least-squares formulas). */
#include <math.h>
#include <stdio.h>

#include "err.h"
#include "scale.h"
#include "t.h"

int main(void)
{
	err_init("test_scale");
	struct scale_fit f;
	double x[] = {1e3, 1e4, 1e5, 1e6}, y[4], v, lo, hi;
	for (int i = 0; i < 4; i++)
		y[i] = 3 * pow(x[i], 1.5);
	CHECK(scale_fit_power(x, y, 4, &f) == 0, "exact power law fits");
	CHECK_NEAR(exp(f.c0), 3, 1e-9, "exact: a = 3");
	CHECK_NEAR(f.c1, 1.5, 1e-12, "exact: b = 1.5");
	CHECK(f.c1_se < 1e-9 && fabs(f.r2 - 1) < 1e-12, "exact: no error, r2 = 1");
	scale_predict(&f, 1e9, &v, &lo, &hi);
	CHECK_NEAR(v / (3 * pow(1e9, 1.5)), 1, 1e-9, "exact: the projection to 1e9");

	double nx[] = {1, 2, 4, 8, 16}, ny[] = {2.0, 4.3, 7.9, 17.2, 31.0};
	CHECK(scale_fit_power(nx, ny, 5, &f) == 0, "noisy power law fits");
	CHECK_NEAR(exp(f.c0), 2.06660967918189, 1e-12, "noisy: a");
	CHECK_NEAR(f.c1, 0.990839262077375, 1e-12, "noisy: b");
	CHECK_NEAR(f.c1_se, 0.0252794266070612, 1e-12, "noisy: se(b)");
	CHECK_NEAR(f.c1_lo, 0.910388844272028, 1e-10, "noisy: b's 95 %% interval, low");
	CHECK_NEAR(f.c1_hi, 1.07128967988272, 1e-10, "noisy: b's 95 %% interval, high");
	CHECK_NEAR(f.r2, 0.99805104401341, 1e-12, "noisy: r2");
	scale_predict(&f, 100, &v, &lo, &hi);
	CHECK_NEAR(v, 198.123952438024, 1e-9, "noisy: mean cost at 100");
	CHECK_NEAR(lo, 151.137653962493, 1e-8, "noisy: its interval, low");
	CHECK_NEAR(hi, 259.717545565485, 1e-8, "noisy: its interval, high");
	CHECK(scale_fit_linear(nx, ny, 5, &f) == 0, "linear fit");
	CHECK_NEAR(f.c0, 0.44166666666667, 1e-12, "linear: c0");
	CHECK_NEAR(f.c1, 1.94166666666667, 1e-12, "linear: c1");
	CHECK_NEAR(f.c1_se, 0.0669628278273342, 1e-12, "linear: se(c1)");

	fprintf(stderr, "(three expected messages follow)\n");
	CHECK(scale_fit_power(nx, ny, 2, &f) == -1, "two points: no fit");
	double zero[] = {1, 0, 2};
	CHECK(scale_fit_power(nx, zero, 3, &f) == -1, "a cost of 0: no power law");
	double same[] = {5, 5, 5};
	CHECK(scale_fit_power(same, ny, 3, &f) == -1, "one size only: no fit");
	return t_done();
}
