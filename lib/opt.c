#include "opt.h"

#include "err.h"
#include "num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The option that getopt_long() just refused: argv[optind - 1]. */
static noreturn void refuse(char **argv, const struct option *longopts, int missing)
{
	const char *arg = argv[optind - 1];
	if (strncmp(arg, "--", 2) != 0) {
		if (missing)
			die_usage("option '-%c' needs an argument", optopt);
		die_usage("unknown option '-%c'", optopt);
	}
	const char *name = arg + 2;
	int len = (int)strcspn(name, "="), matches = 0;
	const struct option *hit = NULL;
	for (const struct option *o = longopts; o->name; o++) {
		if (strncmp(o->name, name, (size_t)len) != 0)
			continue;
		hit = o;
		if (o->name[len] == '\0') { /* exact: no abbreviation is then ambiguous */
			matches = 1;
			break;
		}
		matches++;
	}
	if (matches == 1 && missing)
		die_usage("option '--%s' needs an argument", hit->name);
	if (matches == 1) /* the only refusal of a known option left */
		die_usage("option '--%s' takes no argument", hit->name);
	if (matches > 1)
		die_usage("option '--%.*s' is ambiguous", len, name);
	die_usage("unknown option '--%.*s'", len, name);
}

int opt_next(int argc, char **argv, const char *shortopts, const struct option *longopts,
	     void (*usage)(FILE *fp, int status))
{
	/* ':' first (after a '+', which must lead): a missing argument returns
	 * ':' instead of '?' */
	char spec[128];
	int plus = shortopts[0] == '+';
	if (snprintf(spec, sizeof spec, "%s:%s", plus ? "+" : "", shortopts + plus) >=
	    (int)sizeof spec)
		die("internal error: short options '%s' longer than opt_next() holds", shortopts);
	opterr = 0;
	int c = getopt_long(argc, argv, spec, longopts, NULL);
	if (c == OPT_HELP) {
		usage(stdout, 0);
		exit(0); /* usage() exits: this is for the compiler */
	}
	if (c == OPT_VERSION)
		print_version();
	if (c == '?' || c == ':')
		refuse(argv, longopts, c == ':');
	return c;
}

long opt_long(const char *name, const char *arg, long min, long max)
{
	int64_t v;
	if (num_parse_i64(arg, min, max, &v) < 0)
		die_usage("%s: expected an integer from %ld to %ld, got '%s'", name, min, max, arg);
	return (long)v;
}

double opt_double(const char *name, const char *arg, double min, double max)
{
	double v;
	if (num_parse_double(arg, min, max, &v) < 0)
		die_usage("%s: expected a number from %g to %g, got '%s'", name, min, max, arg);
	return v;
}

uint64_t opt_seed(const char *name, const char *arg)
{
	uint64_t v;
	if (num_parse_u64(arg, UINT64_MAX, &v) < 0)
		die_usage("%s: expected a non-negative integer, got '%s'", name, arg);
	return v;
}

int opt_long_list(const char *name, const char *arg, long min, long max, long *out, int cap)
{
	char *copy = xstrdup(arg), *save = NULL;
	int n = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == cap)
			die_usage("%s: at most %d values, got '%s'", name, cap, arg);
		out[n++] = opt_long(name, tok, min, max);
	}
	if (n == 0 || arg[0] == ',' || arg[strlen(arg) - 1] == ',' || strstr(arg, ",,"))
		die_usage("%s: expected a comma-separated list, got '%s'", name, arg);
	free(copy);
	return n;
}

double opt_bytes(const char *name, const char *arg)
{
	char num[64];
	size_t len = strlen(arg);
	double unit = 1, v;
	const char *units = "KMGT", *u = len ? strchr(units, arg[len - 1]) : NULL;
	if (u && *u) {
		unit = ldexp(1, 10 * (int)(u - units + 1));
		len--;
	}
	if (len == 0 || len >= sizeof num)
		die_usage("%s: expected bytes with an optional K, M, G or T, got '%s'", name, arg);
	memcpy(num, arg, len);
	num[len] = 0;
	if (num_parse_double(num, 1, 1e18, &v) < 0)
		die_usage("%s: expected bytes with an optional K, M, G or T, got '%s'", name, arg);
	return v * unit;
}

uint64_t opt_env_limit(const char *name, uint64_t dflt)
{
	const char *v = getenv(name);
	uint64_t n;
	if (!v || !*v)
		return dflt;
	if (num_parse_u64(v, UINT64_MAX, &n) < 0 || n == 0)
		die_usage("%s: expected a whole number >= 1, got '%s'", name, v);
	return n;
}
