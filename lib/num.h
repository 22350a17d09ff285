/*
 * num: strict parsing of numbers from options and data fields.
 *
 * Every parser takes a whole NUL-terminated string and accepts it only if
 * all of it is the number: no leading or trailing space, no junk, no empty
 * string, no NaN or infinity, nothing out of the given range.  The num_*
 * functions return 0 on success and -1 on failure without printing, so the
 * caller can name the file and line (opt.h has the option parsers built on
 * them).
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
/* Any finite double, as num_parse_double, and also a decimal too small
 * for a double (a p-value below 1e-308), as strtod's nearest value (a
 * subnormal or zero): written figures that underflow are still numbers. */
int num_parse_double_tiny(const char *s, double *out);

/* The shortest "%.Ng" text of v that reads back as exactly v (at most 17
 * digits), in buf of size >= 32; returns buf. */
char *num_format_double(char *buf, double v);
/* The same for a float: the shortest text that reads back (strtof) as
 * exactly v, at most 9 digits. */
char *num_format_float(char *buf, float v);

#endif
