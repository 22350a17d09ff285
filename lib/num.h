/*
 * num: strict parsing of numbers from options and data fields.
 *
 * Every parser takes a whole NUL-terminated string and accepts it only if
 * all of it is the number: no leading or trailing space, no junk, no empty
 * string, no NaN or infinity, nothing out of the given range.  The num_*
 * functions return 0 on success and -1 on failure without printing, so the
 * caller can name the file and line; the opt_* functions name the option and
 * exit 2 (a usage error).
 */
#ifndef REEL_NUM_H
#define REEL_NUM_H

#include <stddef.h>
#include <stdint.h>

int num_parse_u64(const char *s, uint64_t max, uint64_t *out);
int num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);
int num_parse_u32(const char *s, uint32_t *out);
/* A finite double in [min, max].  Plain decimals take a fast exact path;
 * anything else (exponents, long mantissas) goes through strtod. */
int num_parse_double(const char *s, double min, double max, double *out);

/* The shortest "%.Ng" text of v that reads back as exactly v (at most 17
 * digits), in buf of size >= 32; returns buf. */
char *num_format_double(char *buf, double v);

/* A size limit from the environment variable NAME (a whole number >= 1),
 * dflt when it is unset or empty; exit 2 with "NAME: expected ..." when
 * bad.  The limits that guard readers against unbounded input are raised
 * this way (docs/FORMATS.md lists them). */
uint64_t opt_env_limit(const char *name, uint64_t dflt);

/* Option values: exit 2 with "--NAME: expected ... 'ARG'" when bad. */
long opt_long(const char *name, const char *arg, long min, long max);
double opt_double(const char *name, const char *arg, double min, double max);
uint64_t opt_seed(const char *name, const char *arg);
/* A comma-separated list of integers in [min, max], at most cap of them;
 * returns how many were stored in out. */
int opt_long_list(const char *name, const char *arg, long min, long max, long *out, int cap);

#endif
