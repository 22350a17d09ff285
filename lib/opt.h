/*
 * opt: the option loop every tool runs, over getopt_long().
 *
 * opt_next() returns the tool's option codes one by one, like
 * getopt_long(), and deals with the rest the same way in every tool:
 * --help prints the tool's usage on stdout and exits 0, --version prints
 * the version, and an unknown, ambiguous or incomplete option is a one-line
 * usage error (exit 2) in reel's form ("reel-NAME: unknown option
 * '--foo'"), where getopt would print its own message and the tool the
 * whole usage.  A tool's long-option table ends with OPT_HELP_VERSION.
 */
#ifndef REEL_OPT_H
#define REEL_OPT_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

enum { OPT_HELP = 0x10000, OPT_VERSION };

/* By hand: clang-format would lay the last braces out as a block. */
/* clang-format off */
#define OPT_HELP_VERSION \
	{"help", no_argument, NULL, OPT_HELP}, {"version", no_argument, NULL, OPT_VERSION}, \
	{NULL, 0, NULL, 0}
/* clang-format on */

/* The next option's code (getopt_long's val, or the short option), or -1
 * after the last option.  shortopts as for getopt_long, without the ':'
 * that asks for missing arguments to be told apart, which this adds. */
int opt_next(int argc, char **argv, const char *shortopts, const struct option *longopts,
	     void (*usage)(FILE *fp, int status));

/* Option values, parsed by num.h's rules: exit 2 with "--NAME: expected ... 'ARG'" when bad. */
long opt_long(const char *name, const char *arg, long min, long max);
double opt_double(const char *name, const char *arg, double min, double max);
uint64_t opt_seed(const char *name, const char *arg);
/* A comma-separated list of integers in [min, max], at most cap of them;
 * returns how many were stored in out. */
int opt_long_list(const char *name, const char *arg, long min, long max, long *out, int cap);

/* A size limit from the environment variable NAME (a whole number >= 1),
 * dflt when it is unset or empty; exit 2 with "NAME: expected ..." when
 * bad.  The limits that guard readers against unbounded input are raised
 * this way (docs/FORMATS.md lists them). */
uint64_t opt_env_limit(const char *name, uint64_t dflt);

/* BYTES: a number, optionally followed by K, M, G or T (powers of 1024). */
double opt_bytes(const char *name, const char *arg);

#endif
