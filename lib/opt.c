#include "opt.h"

#include "err.h"

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
