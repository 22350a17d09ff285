#include "analytics.h"
#include "err.h"
#include "num.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <gsl/gsl_cdf.h>

const char *const analytics_age_names[ANALYTICS_AGE_BINS] = {"1-17",  "18-24", "25-34", "35-44",
							     "45-49", "50-55", "56+"};
static const int age_lower[ANALYTICS_AGE_BINS] = {1, 18, 25, 35, 45, 50, 56};

const char *const analytics_activity_names[ANALYTICS_ACTIVITY_BINS] = {"cold-start", "light",
								       "active", "power"};

int analytics_age_bin(int age)
{
	int b = ANALYTICS_AGE_BINS - 1;
	while (b > 0 && age < age_lower[b])
		b--;
	return b;
}

int analytics_activity_bin(uint64_t n, const long thresholds[3])
{
	int b = 0;
	while (b < 3 && n >= (uint64_t)thresholds[b])
		b++;
	return b;
}

double analytics_proportion_test(uint64_t k, uint64_t n, double p0, double *z)
{
	*z = NAN;
	if (n == 0 || !(p0 > 0 && p0 < 1))
		return NAN;
	*z = ((double)k / (double)n - p0) / sqrt(p0 * (1 - p0) / (double)n);
	return 2 * gsl_cdf_ugaussian_Q(fabs(*z));
}

int analytics_prefers(double lift, double diff, double p_adjusted, uint64_t users,
		      uint64_t min_users)
{
	return lift >= ANALYTICS_LIFT_MIN && diff >= ANALYTICS_POINTS_MIN &&
	       p_adjusted < ANALYTICS_ALPHA && users >= min_users;
}

struct out *analytics_open(const char *dir, const char *name)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
		error("%s: path too long", dir);
		return NULL;
	}
	return out_open(path);
}
