/*
 * reel-abtest - compare two variants on per-user metrics: paired or split A/B test
 *
 * Reads two per-user metric files A and B (reel-metrics --per-user: a
 * header, then one row per user) and writes one TSV row per metric.  The
 * paired design (default) compares each user's B value with their A value:
 * mean difference with a t interval and a seeded bootstrap interval, the
 * paired t-test and Wilcoxon's signed-rank test.  The split design
 * (--split F) simulates an online test: a stable hash of --salt and the
 * user id sends each user to one arm, whose file gives the user's value;
 * Welch's t-test between the arms, a sample-ratio-mismatch check, and the
 * users per arm needed.  Holm's adjustment spans the metrics; the verdict
 * follows the adjusted p.  --aa N runs N A/A tests on one file with
 * different salts and reports the share of p < 0.05.  The comparison is
 * lib/abtest.h's; the statistics, the hash and the verdict rule are in
 * docs/EXPERIMENTS.md.
 */
#include <float.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "abtest.h"
#include "err.h"
#include "opt.h"
#include "out.h"

#define MAX_METRICS ABTEST_MAX_METRICS

static struct abtest_design p = {
	.split = -1, .salt = "reel", .mde = 0.05, .boot_reps = 2000, .seed = 42};
static char *metrics_arg; /* split in place by pick_metrics() */
static const char *out_path = "-";
static char *names_arg; /* --names A,B: the variants' names, for --headline */

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-abtest [--split F [--salt S]] [--metrics M[,M...]] [--mde D] "
		"[--bootstrap N] [--seed N] [--names A,B --headline FILE] [-o OUT] A B\n"
		"       reel-abtest --aa N [--split F] [--salt S] [--metrics M[,M...]] [-o OUT] A\n"
		"Compare variants A and B on per-user metric files (reel-metrics --per-user).\n"
		"  --split F          split design: share F of users in arm B, 0 < F < 1\n"
		"                     (default: paired design, the same users in A and B)\n"
		"  --salt S           the salt of the assignment hash (default 'reel')\n"
		"  --metrics M,...    the columns to compare (default: all but user, relevant)\n"
		"  --mde D            effect to size for, relative to A's mean (default 0.05)\n"
		"  --bootstrap N      paired: bootstrap resamples, 0 for none (default 2000)\n"
		"  --seed N           bootstrap seed (default 42)\n"
		"  --aa N             run N A/A tests on A with different salts\n"
		"  --names A,B        paired: the variants' names, for --headline\n"
		"  --headline FILE    paired: B against A on the first metric as a sentence\n"
		"                     (key/value: leader, runner_up, metric, tied, sentence)\n"
		"  -o OUT             output file (default: stdout)\n");
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	enum { O_SPLIT = 256, O_SALT, O_METRICS, O_MDE, O_BOOT, O_SEED, O_AA, O_NAMES, O_HEADLINE };
	static const struct option longopts[] = {
		{"split", required_argument, NULL, O_SPLIT},
		{"salt", required_argument, NULL, O_SALT},
		{"metrics", required_argument, NULL, O_METRICS},
		{"mde", required_argument, NULL, O_MDE},
		{"bootstrap", required_argument, NULL, O_BOOT},
		{"seed", required_argument, NULL, O_SEED},
		{"aa", required_argument, NULL, O_AA},
		{"names", required_argument, NULL, O_NAMES},
		{"headline", required_argument, NULL, O_HEADLINE},
		OPT_HELP_VERSION,
	};
	int c, salt_given = 0;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'o': out_path = optarg; break;
		case O_SPLIT:
			p.split = opt_double("--split", optarg, -DBL_MAX, DBL_MAX);
			if (p.split <= 0 || p.split >= 1)
				die_usage("--split: expected a number between 0 and 1 (exclusive), "
					  "got '%s'",
					  optarg);
			break;
		case O_SALT:
			p.salt = optarg;
			salt_given = 1;
			break;
		case O_METRICS: metrics_arg = optarg; break;
		case O_MDE:
			p.mde = opt_double("--mde", optarg, 0, 1e6);
			if (p.mde <= 0)
				die_usage("--mde: expected a number above 0, got '%s'", optarg);
			break;
		case O_BOOT:
			p.boot_reps = (uint64_t)opt_long("--bootstrap", optarg, 0, 10000000);
			break;
		case O_SEED: p.seed = opt_seed("--seed", optarg); break;
		case O_AA: p.aa_tests = opt_long("--aa", optarg, 1, 1000000); break;
		case O_NAMES: names_arg = optarg; break;
		case O_HEADLINE: p.headline_path = optarg; break;
		}
	}
	int want = p.aa_tests ? 1 : 2;
	if (argc - optind != want)
		die_usage("expected %s, got %d operand%s",
			  p.aa_tests ? "one file A" : "files A and B", argc - optind,
			  argc - optind == 1 ? "" : "s");
	if (salt_given && p.split < 0 && !p.aa_tests)
		die_usage("--salt applies to the split design (--split) and --aa only");
	if (p.aa_tests && p.split < 0)
		p.split = 0.5;
	char *comma = names_arg ? strchr(names_arg, ',') : NULL;
	if (!p.headline_path != !names_arg || (p.headline_path && (p.split > 0 || p.aa_tests)))
		die_usage("--names and --headline go together, in the paired design");
	if (names_arg && (!comma || comma == names_arg || !comma[1] || strchr(comma + 1, ',')))
		die_usage("--names: expected two names A,B, got '%s'", names_arg);
	if (comma) {
		*comma = '\0';
		p.name_a = names_arg;
		p.name_b = comma + 1;
	}
}

/* The metric columns: --metrics, or every column but user and relevant;
 * -1 after a message when there is none. */
static int pick_metrics(const struct abtest_table *a, const char **names)
{
	int m = 0;
	if (!metrics_arg) {
		for (int c = 1; c < a->ncols; c++)
			if (strcmp(a->col[c], "relevant") != 0)
				names[m++] = a->col[c];
		if (m == 0)
			return error("%s: no metric column besides 'relevant'", a->name);
		return m;
	}
	if (!*metrics_arg || metrics_arg[0] == ',' || metrics_arg[strlen(metrics_arg) - 1] == ',' ||
	    strstr(metrics_arg, ",,"))
		die_usage("--metrics: expected names separated by commas, got '%s'", metrics_arg);
	/* split the argument in place: names point into argv, which lives as
	 * long as the program */
	char *save = NULL;
	for (char *tok = strtok_r(metrics_arg, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (m == MAX_METRICS)
			die_usage("--metrics: at most %d metrics", MAX_METRICS);
		for (int j = 0; j < m; j++)
			if (strcmp(names[j], tok) == 0)
				die_usage("--metrics: '%s' given twice", tok);
		names[m++] = tok;
	}
	return m;
}

/* The columns of names in t, or NULL after a message. */
static int *columns_of(const struct abtest_table *t, const char **names, int m)
{
	int *col = xmallocarray((size_t)m, sizeof *col);
	for (int j = 0; j < m; j++)
		if ((col[j] = abtest_table_column(t, names[j])) < 0) {
			free(col);
			return NULL;
		}
	return col;
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	struct abtest_table *a = abtest_table_read(argv[optind]), *b = NULL;
	if (!a || (!p.aa_tests && !(b = abtest_table_read(argv[optind + 1]))))
		return EXIT_DATA;
	const char *names[MAX_METRICS];
	int m = pick_metrics(a, names);
	int *ca = NULL, *cb = NULL;
	struct out *o = NULL;
	if (m < 0 || !(ca = columns_of(a, names, m)) || (b && !(cb = columns_of(b, names, m))) ||
	    !(o = out_open(out_path)))
		return EXIT_DATA;
	if (p.aa_tests)
		abtest_aa(o, &p, a, names, m, ca);
	else if (abtest_compare(o, &p, a, b, names, m, ca, cb) < 0)
		return EXIT_DATA;
	if (out_close(o) < 0)
		return EXIT_DATA;
	free(ca);
	free(cb);
	abtest_table_free(a);
	abtest_table_free(b);
	return 0;
}
