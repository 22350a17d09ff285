/*
 * tz: local time in a named IANA time zone, from the system's database.
 *
 * tz_set() validates the name before anything uses it, because the C
 * library silently falls back to UTC for a zone it cannot find: the name
 * must be a relative path without ".." components naming a TZif file under
 * TZ_DIR (/usr/share/zoneinfo, Debian's tzdata package).  "UTC" is always
 * accepted, tzdata or not.  The zone is process-wide (the TZ environment
 * variable), as localtime_r's is.
 *
 * Calendar days are counted as days since 1970-01-01 in the proleptic
 * Gregorian calendar, whatever the zone, so a local date maps to one
 * integer and back.
 */
#ifndef REEL_TZ_H
#define REEL_TZ_H

#include <stdint.h>
#include <time.h>

#define TZ_DIR "/usr/share/zoneinfo"

/* Use ZONE for tz_local().  Returns 0, or -1 after the message
 * "unknown time zone 'ZONE' (no such zone in /usr/share/zoneinfo)". */
int tz_set(const char *zone);

/* The local broken-down time of Unix time ts in the zone set; -1 (no
 * message: the caller knows the file and line) when the year does not fit
 * the C library's struct tm. */
int tz_local(int64_t ts, struct tm *tm);

/* Days since 1970-01-01 of the date y-m-d (m 1..12, d 1..31), and back. */
int64_t tz_days_from_civil(int64_t y, int m, int d);
void tz_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

#endif
