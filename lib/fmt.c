#include "fmt.h"
#include "num.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define NA(buf, v)                                                                                 \
	do {                                                                                       \
		if (isnan(v))                                                                      \
			return strcpy(buf, "n/a");                                                 \
	} while (0)

char *fmt_p(char *buf, double p)
{
	NA(buf, p);
	if (p < 1e-16)
		snprintf(buf, FMT_SIZE, "< 1e-16");
	else if (p < 0.001)
		snprintf(buf, FMT_SIZE, "%.1e", p);
	else
		snprintf(buf, FMT_SIZE, "%.2g", p);
	return buf;
}

char *fmt_us(char *buf, double us)
{
	NA(buf, us);
	snprintf(buf, FMT_SIZE, "%.0f", us);
	return buf;
}

char *fmt_pct(char *buf, double share)
{
	NA(buf, share);
	snprintf(buf, FMT_SIZE, "%.1f%%", 100 * share);
	return buf;
}

char *fmt_share(char *buf, double share)
{
	NA(buf, share);
	double pct = 100 * share;
	int decimals = 2;
	/* four significant digits: two decimals from 10 %, more below */
	for (double a = fabs(pct); decimals < 7 && a > 0 && a < 10 / pow(10, decimals - 2);
	     decimals++)
		;
	snprintf(buf, FMT_SIZE, "%.*f%%", decimals, pct);
	return buf;
}

char *fmt_points(char *buf, double diff)
{
	NA(buf, diff);
	double pts = 100 * diff;
	snprintf(buf, FMT_SIZE, "%+.2f", fabs(pts) < 0.005 ? 0.0 : pts);
	return buf;
}

char *fmt_metric(char *buf, double v)
{
	NA(buf, v);
	snprintf(buf, FMT_SIZE, "%.4f", v);
	return buf;
}

char *fmt_metric_diff(char *buf, double d)
{
	NA(buf, d);
	snprintf(buf, FMT_SIZE, "%+.4f", fabs(d) < 0.00005 ? 0.0 : d);
	return buf;
}

int fmt_has_ratio(const char *metric)
{
	static const char *const not [] = {"novelty", "coverage", "users", "relevant", "hits"};
	for (size_t k = 0; k < sizeof not / sizeof *not ; k++) {
		size_t n = strlen(not [k]);
		if (strncmp(metric, not [k], n) == 0 && (metric[n] == '@' || !metric[n]))
			return 0;
	}
	return 1;
}

int fmt_is_p_column(const char *column)
{
	size_t n = strlen(column);
	return strcmp(column, "p") == 0 || strncmp(column, "p_", 2) == 0 ||
	       (n > 2 && strcmp(column + n - 2, "_p") == 0);
}

const char *fmt_cell(char *buf, const char *column, const char *text)
{
	double v = NAN;
	size_t n = strlen(column);
	if (strcmp(text, "nan") != 0 && num_parse_double(text, -DBL_MAX, DBL_MAX, &v) < 0)
		return text;
	if (fmt_is_p_column(column))
		return fmt_p(buf, v);
	if (n > 3 && strcmp(column + n - 3, "_us") == 0)
		return fmt_us(buf, v);
	if (!isnan(v) && v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, FMT_SIZE, "%.0f", v);
	else
		fmt_metric(buf, v);
	return buf;
}
