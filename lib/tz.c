#include "tz.h"
#include "err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int use_utc = 1;

/* A zone name as the database spells them: a relative path of
 * letters, digits and "_+-", components not starting with '.'. */
static int plausible_name(const char *zone)
{
	if (!*zone || strlen(zone) > 200 || *zone == '/')
		return 0;
	for (const char *c = zone; *c; c++) {
		int first = c == zone || c[-1] == '/';
		if (first && (*c == '.' || *c == '/'))
			return 0;
		if (!(*c >= 'a' && *c <= 'z') && !(*c >= 'A' && *c <= 'Z') &&
		    !(*c >= '0' && *c <= '9') && !strchr("_+-/.", *c))
			return 0;
	}
	return zone[strlen(zone) - 1] != '/';
}

/* A regular file starting with the TZif magic (zone.tab and friends, which
 * also live in the directory, are not zones). */
static int is_tzif(const char *path)
{
	FILE *f = fopen(path, "rb");
	char magic[4];
	int ok = f && fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	if (f)
		fclose(f);
	return ok;
}

int tz_set(const char *zone)
{
	if (strcmp(zone, "UTC") == 0) {
		use_utc = 1;
		return 0;
	}
	char path[512];
	if (!plausible_name(zone) ||
	    snprintf(path, sizeof path, "%s/%s", TZ_DIR, zone) >= (int)sizeof path ||
	    !is_tzif(path))
		return error("unknown time zone '%.60s' (no such zone in %s)", zone, TZ_DIR);
	/* ":PATH" makes the C library read exactly the file just checked. */
	char tzvar[520];
	snprintf(tzvar, sizeof tzvar, ":%s", path);
	if (setenv("TZ", tzvar, 1) != 0)
		return error("setenv TZ:");
	tzset();
	use_utc = 0;
	return 0;
}

int tz_local(int64_t ts, struct tm *tm)
{
	time_t t = (time_t)ts;
	if ((int64_t)t != ts || !(use_utc ? gmtime_r(&t, tm) : localtime_r(&t, tm)))
		return -1;
	return 0;
}

/* Howard Hinnant's days_from_civil and civil_from_days: eras of 400 years
 * (146097 days) make the arithmetic exact for any date. */
int64_t tz_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void tz_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}
