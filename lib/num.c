#include "num.h"
#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int num_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (*p || v > max)
		return -1;
	*out = v;
	return 0;
}

int num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	int neg = (*s == '-');
	uint64_t mag;
	if (num_parse_u64(s + neg, (uint64_t)INT64_MAX + neg, &mag) < 0)
		return -1;
	int64_t v = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int num_parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;
	if (num_parse_u64(s, UINT32_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Powers of ten that doubles hold exactly: with a mantissa below 2^53, one
 * multiplication or division by these is correctly rounded (Clinger 1990). */
static const double exact_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
				     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int parse_plain_decimal(const char *s, double *out)
{
	const char *p = s;
	int neg = 0;
	if (*p == '-' || *p == '+')
		neg = (*p++ == '-');
	uint64_t mant = 0;
	int digits = 0, frac = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		mant = mant * 10 + (uint64_t)(*p - '0');
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, digits++, frac++)
			mant = mant * 10 + (uint64_t)(*p - '0');
	}
	if (*p || digits == 0 || digits > 15)
		return -1; /* not plain, or too long for the exact path */
	double v = (double)mant / exact_pow10[frac];
	*out = neg ? -v : v;
	return 0;
}

int num_parse_double(const char *s, double min, double max, double *out)
{
	double v;
	if (parse_plain_decimal(s, &v) < 0) {
		/* strtod also takes leading space, hex ("0x1p3") and words
		 * ("infinity"): none is a number in reel's files */
		if (strpbrk(s, " \t\n\r\fxXpP") || !*s)
			return -1;
		char *end;
		errno = 0;
		v = strtod(s, &end);
		if (*end || end == s || errno == ERANGE)
			return -1;
	}
	if (!isfinite(v) || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int num_parse_double_tiny(const char *s, double *out)
{
	if (num_parse_double(s, -HUGE_VAL, HUGE_VAL, out) == 0)
		return 0;
	/* what num_parse_double refused for an underflow alone: a magnitude
	 * below 1 that strtod reports as out of range */
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (!*s || *end || strpbrk(s, " \t\n\r\fxXpPiInN") || errno != ERANGE || !(fabs(v) < 1))
		return -1;
	*out = v;
	return 0;
}

/* The shortest "%.Ng" text of v, N < max_digits, that reads back (as a
 * float when is_float) as exactly v, else "%.{max_digits}g"; an exponent
 * only where the full form needs one: 50, not 5e+01. */
static char *format_shortest(char *buf, double v, int max_digits, int is_float)
{
	snprintf(buf, 32, "%.*g", max_digits, v);
	int exponent = strchr(buf, 'e') != NULL;
	for (int digits = 1; digits < max_digits; digits++) {
		char try[32];
		snprintf(try, sizeof try, "%.*g", digits, v);
		double back = is_float ? (double)strtof(try, NULL) : strtod(try, NULL);
		if (back == v && (exponent || !strchr(try, 'e'))) {
			memcpy(buf, try, sizeof try);
			break;
		}
	}
	return buf;
}

char *num_format_double(char *buf, double v)
{
	return format_shortest(buf, v, 17, 0);
}

char *num_format_float(char *buf, float v)
{
	return format_shortest(buf, v, 9, 1);
}
