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
 * different salts and reports the share of p < 0.05.  The statistics, the
 * hash and the verdict rule are in docs/EXPERIMENTS.md.
 */
#include <float.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "abtest.h"
#include "err.h"
#include "fmt.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "stats.h"

#define SRM_ALPHA 0.001
#define MAX_METRICS 64

static double split = -1; /* share of users in arm B; < 0: paired design */
static const char *salt = "reel";
static char *metrics_arg; /* split in place by pick_metrics() */
static const char *out_path = "-";
static double mde = 0.05;
static uint64_t boot_reps = 2000, seed = 42;
static long aa_tests;
static char *names_arg;		   /* --names A,B: the variants' names, for --headline */
static const char *headline_path; /* --headline FILE: B against A on the first metric */

/* One output row. */
struct row {
	const char *metric;
	struct abtest_result r;
	double p_holm;
};

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
		OPT_HELP_VERSION};
	int c, salt_given = 0;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'o': out_path = optarg; break;
		case O_SPLIT:
			split = opt_double("--split", optarg, -DBL_MAX, DBL_MAX);
			if (split <= 0 || split >= 1)
				die_usage("--split: expected a number between 0 and 1 (exclusive), "
					  "got '%s'",
					  optarg);
			break;
		case O_SALT: salt = optarg; salt_given = 1; break;
		case O_METRICS: metrics_arg = optarg; break;
		case O_MDE:
			mde = opt_double("--mde", optarg, 0, 1e6);
			if (mde <= 0)
				die_usage("--mde: expected a number above 0, got '%s'", optarg);
			break;
		case O_BOOT:
			boot_reps = (uint64_t)opt_long("--bootstrap", optarg, 0, 10000000);
			break;
		case O_SEED: seed = opt_seed("--seed", optarg); break;
		case O_AA: aa_tests = opt_long("--aa", optarg, 1, 1000000); break;
		case O_NAMES: names_arg = optarg; break;
		case O_HEADLINE: headline_path = optarg; break;
		}
	}
	int want = aa_tests ? 1 : 2;
	if (argc - optind != want)
		die_usage("expected %s, got %d operand%s",
			  aa_tests ? "one file A" : "files A and B", argc - optind,
			  argc - optind == 1 ? "" : "s");
	if (salt_given && split < 0 && !aa_tests)
		die_usage("--salt applies to the split design (--split) and --aa only");
	if (aa_tests && split < 0)
		split = 0.5;
	char *comma = names_arg ? strchr(names_arg, ',') : NULL;
	if (!headline_path != !names_arg || (headline_path && (split > 0 || aa_tests)))
		die_usage("--names and --headline go together, in the paired design");
	if (names_arg && (!comma || comma == names_arg || !comma[1] || strchr(comma + 1, ',')))
		die_usage("--names: expected two names A,B, got '%s'", names_arg);
	if (comma)
		*comma = '\0'; /* names_arg is A, comma + 1 is B */
}

/* The metric columns: --metrics, or every column but user and relevant. */
static int pick_metrics(const struct abtest_table *a, const char **names)
{
	int m = 0;
	if (!metrics_arg) {
		for (int c = 1; c < a->ncols; c++)
			if (strcmp(a->col[c], "relevant") != 0)
				names[m++] = a->col[c];
		if (m == 0)
			die("%s: no metric column besides 'relevant'", a->name);
		return m;
	}
	if (!*metrics_arg || metrics_arg[0] == ',' ||
	    metrics_arg[strlen(metrics_arg) - 1] == ',' || strstr(metrics_arg, ",,"))
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

static int *columns_of(const struct abtest_table *t, const char **names, int m)
{
	int *col = xmallocarray((size_t)m, sizeof *col);
	for (int j = 0; j < m; j++)
		if ((col[j] = abtest_table_column(t, names[j])) < 0)
			exit(EXIT_DATA);
	return col;
}

static double value(const struct abtest_table *t, uint64_t row, int col)
{
	return t->value[row * (uint64_t)t->ncols + (uint64_t)col];
}

/* Paired: B's row of each of A's rows; the user sets must be equal. */
static uint32_t *pair_rows(const struct abtest_table *a, const struct abtest_table *b)
{
	uint32_t *rows = xmallocarray(a->n, sizeof *rows);
	for (uint32_t i = 0; i < a->n; i++) {
		int64_t r = abtest_table_row(b, a->user[i]);
		if (r < 0)
			die("different users in a paired test: user %u of %s is not in %s",
			    a->user[i], a->name, b->name);
		rows[i] = (uint32_t)r;
	}
	for (uint32_t i = 0; i < b->n; i++)
		if (abtest_table_row(a, b->user[i]) < 0)
			die("different users in a paired test: user %u of %s is not in %s",
			    b->user[i], b->name, a->name);
	return rows;
}

/* A column of a table, in the order of rows (all rows when NULL). */
static void column(const struct abtest_table *t, int col, const uint32_t *rows, uint32_t n,
		   double *out)
{
	for (uint32_t i = 0; i < n; i++)
		out[i] = value(t, rows ? rows[i] : i, col);
}

static void paired(const struct abtest_table *a, const struct abtest_table *b, int m,
		   const int *ca, const int *cb, struct row *rows)
{
	uint32_t *rb = pair_rows(a, b);
	size_t n = a->n ? a->n : 1;
	double *xa = xmallocarray((size_t)m * n, sizeof *xa), *xb = xmallocarray((size_t)m * n, sizeof *xb);
	const double **pa = xmallocarray((size_t)m, sizeof *pa), **pb = xmallocarray((size_t)m, sizeof *pb);
	struct abtest_result *r = xmallocarray((size_t)m, sizeof *r);
	for (int j = 0; j < m; j++) {
		column(a, ca[j], NULL, a->n, xa + (size_t)j * n);
		column(b, cb[j], rb, a->n, xb + (size_t)j * n);
		pa[j] = xa + (size_t)j * n;
		pb[j] = xb + (size_t)j * n;
	}
	/* one pass of the bootstrap's draws for every metric */
	abtest_paired_many(pa, pb, m, a->n, mde, boot_reps, seed, r);
	for (int j = 0; j < m; j++)
		rows[j].r = r[j];
	free(r);
	free(pa);
	free(pb);
	free(xa);
	free(xb);
	free(rb);
}

/* Split: the rows of arm A's users in A's file, of arm B's in B's. */
struct arms {
	uint32_t n[2], *row[2];
};

/* Each user of A, then each user of B not in A, goes to the arm the hash
 * names and counts there if that arm's file holds them.  With b NULL (A/A)
 * both arms draw on a. */
static void assign(const struct abtest_table *a, const struct abtest_table *b, uint64_t salt_hash,
		   struct arms *arms)
{
	const struct abtest_table *file[2] = {a, b};
	arms->n[0] = arms->n[1] = 0;
	for (int f = 0; f < 2 && file[f]; f++) {
		for (uint32_t i = 0; i < file[f]->n; i++) {
			uint32_t user = file[f]->user[i];
			if (f == 1 && abtest_table_row(a, user) >= 0)
				continue;
			int k = abtest_arm(salt_hash, user, split);
			int64_t r = file[k] ? abtest_table_row(file[k], user) : (int64_t)i;
			if (r >= 0)
				arms->row[k][arms->n[k]++] = (uint32_t)r;
		}
	}
}

static void welch(const struct abtest_table *ta, const struct abtest_table *tb, int col_a,
		  int col_b, const struct arms *arms, double *xa, double *xb, struct row *row)
{
	column(ta, col_a, arms->row[0], arms->n[0], xa);
	column(tb, col_b, arms->row[1], arms->n[1], xb);
	abtest_split(xa, arms->n[0], xb, arms->n[1], mde, &row->r);
}

static void put(struct out *o, double v)
{
	char buf[32];
	out_putc(o, '\t');
	out_puts(o, isnan(v) ? "nan" : num_format_double(buf, v));
}

/* The rule: an arm mismatch voids the test; else Holm's p decides, the
 * sign of B - A says who wins. */
static const char *verdict(const struct row *row, double srm_p)
{
	if (srm_p < SRM_ALPHA)
		return "sample ratio mismatch";
	if (!(row->p_holm < ABTEST_ALPHA))
		return "no significant difference";
	return row->r.diff > 0 ? "B wins" : "A wins";
}

static void write_rows(struct out *o, const struct row *rows, int m, double srm_p)
{
	int split_design = split > 0;
	out_puts(o, "metric\tn_a\tn_b\tmean_a\tmean_b\tdiff\trel_diff\tci_lo\tci_hi\t");
	out_puts(o, split_design ? "t\tdf\tp\tp_holm\tsrm_p\tn_mde\tverdict\n"
				 : "boot_lo\tboot_hi\tt\tp\tp_wilcoxon\tp_holm\tn_mde\tverdict\n");
	for (int j = 0; j < m; j++) {
		const struct abtest_result *r = &rows[j].r;
		double p_holm = rows[j].p_holm;
		out_printf(o, "%s\t%llu\t%llu", rows[j].metric, (unsigned long long)r->n_a,
			   (unsigned long long)r->n_b);
		/* a relative change only where a ratio of the metric means something */
		double rel = fmt_has_ratio(rows[j].metric) ? r->diff / r->mean_a : NAN;
		double common[] = {r->mean_a, r->mean_b, r->diff, rel, r->ci_lo, r->ci_hi};
		for (size_t q = 0; q < sizeof common / sizeof *common; q++)
			put(o, common[q]);
		if (split_design) {
			double v[] = {r->t, r->df, r->p, p_holm, srm_p, r->n_mde};
			for (size_t q = 0; q < sizeof v / sizeof *v; q++)
				put(o, v[q]);
		} else {
			double v[] = {r->boot_lo,     r->boot_hi, r->t,    r->p,
				      r->p_wilcoxon, p_holm,     r->n_mde};
			for (size_t q = 0; q < sizeof v / sizeof *v; q++)
				put(o, v[q]);
		}
		out_printf(o, "\t%s\n", verdict(&rows[j], srm_p));
	}
}

static void holm(struct row *rows, int m)
{
	double p[MAX_METRICS], adj[MAX_METRICS];
	for (int j = 0; j < m; j++)
		p[j] = rows[j].r.p;
	stats_holm(p, m, adj);
	for (int j = 0; j < m; j++)
		rows[j].p_holm = adj[j];
}

/* N A/A tests: arms drawn with salts "SALT#1" .. "SALT#N" from A alone. */
static void aa(struct out *o, const struct abtest_table *a, const char **names, int m,
	       const int *col)
{
	struct arms arms = {{0, 0}, {xmallocarray(a->n, sizeof(uint32_t)),
				     xmallocarray(a->n, sizeof(uint32_t))}};
	double *xa = xmallocarray(a->n, sizeof *xa), *xb = xmallocarray(a->n, sizeof *xb);
	uint64_t rejected[MAX_METRICS + 1] = {0};
	struct row rows[MAX_METRICS];
	size_t len = strlen(salt) + 24;
	char *s = xmalloc(len);
	for (long i = 1; i <= aa_tests; i++) {
		snprintf(s, len, "%s#%ld", salt, i);
		assign(a, NULL, abtest_fnv1a64(s), &arms);
		for (int j = 0; j < m; j++) {
			welch(a, a, col[j], col[j], &arms, xa, xb, &rows[j]);
			rejected[j] += rows[j].r.p < ABTEST_ALPHA;
		}
		holm(rows, m);
		int any = 0;
		for (int j = 0; j < m; j++)
			any |= rows[j].p_holm < ABTEST_ALPHA;
		rejected[m] += any;
	}
	uint64_t lo, hi;
	abtest_binomial_region((uint64_t)aa_tests, ABTEST_ALPHA, 0.01, &lo, &hi);
	out_puts(o, "metric\ttests\trejections\tshare\tlo_share\thi_share\tverdict\n");
	for (int j = 0; j <= m; j++) {
		/* Holm's family-wise rate is at most alpha: only a ceiling */
		uint64_t floor_j = j < m ? lo : 0;
		int ok = rejected[j] >= floor_j && rejected[j] <= hi;
		out_printf(o, "%s\t%ld\t%llu", j < m ? names[j] : "any_holm", aa_tests,
			   (unsigned long long)rejected[j]);
		put(o, (double)rejected[j] / (double)aa_tests);
		put(o, (double)floor_j / (double)aa_tests);
		put(o, (double)hi / (double)aa_tests);
		out_printf(o, "\t%s\n", ok ? "calibrated" : "miscalibrated");
		if (!ok)
			warn("%s: %llu of %ld A/A tests rejected at 0.05, outside %llu..%llu",
			     j < m ? names[j] : "any_holm", (unsigned long long)rejected[j],
			     aa_tests, (unsigned long long)floor_j,
			     (unsigned long long)hi);
	}
	free(s);
	free(xa);
	free(xb);
	free(arms.row[0]);
	free(arms.row[1]);
}

static void headline(const struct row *row, int m)
{
	const char *a = names_arg, *b = names_arg + strlen(names_arg) + 1;
	int tied;
	char *s = abtest_headline(a, b, row->metric, &row->r, row->p_holm, m, &tied);
	struct out *o = out_open(headline_path);
	if (!o)
		exit(EXIT_DATA);
	out_printf(o, "key\tvalue\nleader\t%s\nrunner_up\t%s\nmetric\t%s\ntied\t%d\nsentence\t%s\n", b,
		   a, row->metric, tied, s);
	if (out_close(o) < 0)
		exit(EXIT_DATA);
	free(s);
}

static void ab(struct out *o, const struct abtest_table *a, const struct abtest_table *b,
	       const char **names, int m, const int *ca, const int *cb)
{
	struct row rows[MAX_METRICS];
	for (int j = 0; j < m; j++)
		rows[j].metric = names[j];
	double srm_p = NAN;
	if (split < 0) {
		paired(a, b, m, ca, cb, rows);
	} else {
		uint32_t cap = a->n + b->n;
		struct arms arms = {{0, 0}, {xmallocarray(cap, sizeof(uint32_t)),
					     xmallocarray(cap, sizeof(uint32_t))}};
		double *xa = xmallocarray(cap, sizeof *xa), *xb = xmallocarray(cap, sizeof *xb);
		assign(a, b, abtest_fnv1a64(salt), &arms);
		for (int j = 0; j < m; j++)
			welch(a, b, ca[j], cb[j], &arms, xa, xb, &rows[j]);
		srm_p = abtest_srm(arms.n[0], arms.n[1], split);
		if (srm_p < SRM_ALPHA)
			warn("sample ratio mismatch: %u users in A, %u in B, expected a share of "
			     "%g in B (chi-square p %.3g)",
			     arms.n[0], arms.n[1], split, srm_p);
		free(xa);
		free(xb);
		free(arms.row[0]);
		free(arms.row[1]);
	}
	holm(rows, m);
	write_rows(o, rows, m, srm_p);
	if (headline_path)
		headline(&rows[0], m);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	struct abtest_table *a = abtest_table_read(argv[optind]), *b = NULL;
	if (!a)
		return EXIT_DATA;
	if (!aa_tests && !(b = abtest_table_read(argv[optind + 1])))
		return EXIT_DATA;
	const char *names[MAX_METRICS];
	int m = pick_metrics(a, names);
	int *ca = columns_of(a, names, m), *cb = b ? columns_of(b, names, m) : NULL;
	struct out *o = out_open(out_path);
	if (!o)
		return EXIT_DATA;
	if (aa_tests)
		aa(o, a, names, m, ca);
	else
		ab(o, a, b, names, m, ca, cb);
	if (out_close(o) < 0)
		return EXIT_DATA;
	free(ca);
	free(cb);
	abtest_table_free(a);
	abtest_table_free(b);
	return 0;
}
