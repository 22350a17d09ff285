/*
 * reel-scalesim - measure training and top-K at several data sizes, fit and project the cost
 *
 * For each size N (ratings) it runs reel-synth (users and items growing
 * with N by its MovieLens rule), then times reel-train-als and reel-topk
 * for every user on that data, each a child process whose wall time is
 * taken on the monotonic clock and whose peak memory is wait4's ru_maxrss.
 * It fits time = a N^b and memory = a N^b by least squares on the logs
 * (lib/scale.h: b with its standard error and 95 % interval), fits memory
 * also as a fixed overhead plus bytes per rating, projects both to 100M
 * and 1B ratings and says whether one machine of --memory holds them.
 * Writes OUTDIR/measurements.tsv, fit.tsv and projection.tsv, and a
 * log-log chart OUTDIR/scale.png and .svg (plots/scale.gp).  The method is
 * in docs/EXPERIMENTS.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "latency.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "proc.h"
#include "scale.h"

#define MAX_SIZES 32
#define STEPS 2
static const char *step_names[STEPS] = {"train", "topk"};
static const double targets[] = {1e8, 1e9};

static long sizes[MAX_SIZES] = {100000, 316228, 1000000, 3162278, 10000000};
static int nsizes = 5, quick, keep, quiet, chart = 1;
static long reps = 1, factors = 64, iters = 15, threads;
static double memory = 64.0 * (1ull << 30);
static uint64_t seed = 42;
static const char *outdir;

/* What was measured at one size: the fastest of the repetitions, and the
 * largest peak memory. */
struct point {
	double ratings, users, items;
	double seconds[STEPS], peak[STEPS]; /* peak resident set, bytes */
};

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-scalesim [--sizes N[,N...]] [--reps N] [--factors K] [--iters N] "
		"[--threads N] [--memory BYTES] [--seed N] [--quick] [--keep] [--no-chart] "
		"[--quiet] -o OUTDIR\n"
		"Time training and top-K on synthetic data of growing size; fit and project.\n"
		"  --sizes N,...     ratings per run, at least 3 sizes (default 100000,316228,\n"
		"                    1000000,3162278,10000000)\n"
		"  --reps N          repetitions per size, the fastest counts (default 1)\n"
		"  --factors K       ALS factors (default 64)\n"
		"  --iters N         ALS iterations (default 15)\n"
		"  --threads N       threads of training and top-K (default: all cores)\n"
		"  --memory BYTES    the machine's memory, suffix K, M, G or T (default 64G)\n"
		"  --seed N          seed of the synthetic data (default 42)\n"
		"  --quick           sizes 3000..24000, 8 factors, 2 iterations: seconds\n"
		"  --keep            keep the data and models in OUTDIR/work\n"
		"  --no-chart        do not draw OUTDIR/scale.png and scale.svg\n"
		"  --quiet           no progress on stderr\n"
		"  -o OUTDIR         where the tables and the chart go (created if missing)\n");
	exit(status);
}

/* BYTES: a number, optionally followed by K, M, G or T (powers of 1024). */
static double parse_bytes(const char *arg)
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
		die_usage("--memory: expected bytes with an optional K, M, G or T, got '%s'", arg);
	memcpy(num, arg, len);
	num[len] = 0;
	if (num_parse_double(num, 1, 1e18, &v) < 0)
		die_usage("--memory: expected bytes with an optional K, M, G or T, got '%s'", arg);
	return v * unit;
}

static void parse_args(int argc, char **argv)
{
	enum { O_SIZES = 256, O_REPS, O_FACT, O_ITERS, O_THR, O_MEM, O_SEED, O_QUICK, O_KEEP,
	       O_NOCHART, O_QUIET };
	static const struct option longopts[] = {
		{"sizes", required_argument, NULL, O_SIZES},
		{"reps", required_argument, NULL, O_REPS},
		{"factors", required_argument, NULL, O_FACT},
		{"iters", required_argument, NULL, O_ITERS},
		{"threads", required_argument, NULL, O_THR},
		{"memory", required_argument, NULL, O_MEM},
		{"seed", required_argument, NULL, O_SEED},
		{"quick", no_argument, NULL, O_QUICK},
		{"keep", no_argument, NULL, O_KEEP},
		{"no-chart", no_argument, NULL, O_NOCHART},
		{"quiet", no_argument, NULL, O_QUIET},
		OPT_HELP_VERSION};
	int c, sizes_given = 0, fact_given = 0, iters_given = 0;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'o': outdir = optarg; break;
		case O_SIZES:
			nsizes = opt_long_list("--sizes", optarg, 1000, 10000000000L, sizes,
					       MAX_SIZES);
			sizes_given = 1;
			break;
		case O_REPS: reps = opt_long("--reps", optarg, 1, 100); break;
		case O_FACT:
			factors = opt_long("--factors", optarg, 1, 1024);
			fact_given = 1;
			break;
		case O_ITERS: iters = opt_long("--iters", optarg, 1, 1000); iters_given = 1; break;
		case O_THR: threads = opt_long("--threads", optarg, 1, 1024); break;
		case O_MEM: memory = parse_bytes(optarg); break;
		case O_SEED: seed = opt_seed("--seed", optarg); break;
		case O_QUICK: quick = 1; break;
		case O_KEEP: keep = 1; break;
		case O_NOCHART: chart = 0; break;
		case O_QUIET: quiet = 1; break;
		}
	}
	if (!outdir)
		die_usage("missing -o OUTDIR");
	if (argc - optind != 0)
		die_usage("no operand expected, got '%s'", argv[optind]);
	if (strchr(outdir, '\''))
		die_usage("-o: no single quote allowed in OUTDIR");
	if (quick) {
		static const long quick_sizes[] = {3000, 6000, 12000, 24000};
		if (!sizes_given)
			memcpy(sizes, quick_sizes, sizeof quick_sizes), nsizes = 4;
		factors = fact_given ? factors : 8;
		iters = iters_given ? iters : 2;
	}
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Sizes ascending, each once; fewer than 3 cannot give a fit. */
static void check_sizes(void)
{
	qsort(sizes, (size_t)nsizes, sizeof *sizes, cmp_long);
	int n = 0;
	for (int i = 0; i < nsizes; i++)
		if (n == 0 || sizes[i] != sizes[n - 1])
			sizes[n++] = sizes[i];
	nsizes = n;
	if (nsizes < 3)
		die("%d distinct size%s cannot give a fit with an interval: give at least 3 to "
		    "--sizes",
		    nsizes, nsizes == 1 ? "" : "s");
}

/* Run argv with stdout to /dev/null; its wall seconds and peak bytes. */
static void measure(char **argv, long ratings, double *seconds, double *peak)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC), status;
	if (null < 0)
		die("/dev/null:");
	struct rusage ru;
	int64_t t0 = latency_now();
	pid_t pid = proc_spawn(argv, null, null, NULL, NULL, 0);
	if (pid < 0)
		exit(EXIT_DATA);
	if (proc_wait(pid, -1, &status, &ru) < 0)
		exit(EXIT_DATA);
	*seconds = (double)(latency_now() - t0) * 1e-9;
	close(null);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char how[96];
		const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
		die("%s %s at %ld ratings", name, proc_describe(status, how, sizeof how), ratings);
	}
	*peak = (double)ru.ru_maxrss * 1024; /* Linux reports kilobytes */
}

/* Lines of PATH minus its header: the users or items reel-synth wrote. */
static double count_rows(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		die("%s:", path);
	double lines = 0;
	int c;
	while ((c = getc(fp)) != EOF)
		lines += c == '\n';
	fclose(fp);
	return lines - 1;
}

static char *path_of(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(len);
	snprintf(p, len, "%s/%s", dir, name);
	return p;
}

static void run_size(long n, struct point *pt, char *work)
{
	char dirname[32], num[3][24];
	snprintf(dirname, sizeof dirname, "%ld", n);
	char *dir = path_of(work, dirname), *ratings = path_of(dir, "ratings.tsv");
	char *model = path_of(dir, "model.bin"), *users = path_of(dir, "users.tsv");
	char *items = path_of(dir, "items.tsv");
	char *synth = proc_sibling("reel-synth"), *train = proc_sibling("reel-train-als");
	char *topk = proc_sibling("reel-topk");
	snprintf(num[0], sizeof num[0], "%ld", n);
	snprintf(num[1], sizeof num[1], "%ld", factors);
	snprintf(num[2], sizeof num[2], "%ld", iters);
	char seedbuf[24], thr[24];
	snprintf(seedbuf, sizeof seedbuf, "%llu", (unsigned long long)seed);
	snprintf(thr, sizeof thr, "%ld", threads);
	char *synth_argv[] = {synth, "--ratings", num[0], "--seed", seedbuf, "-o", dir, NULL};
	char *train_argv[] = {train, "--quiet", "--factors", num[1], "--iters", num[2], "-o",
			      model, ratings, threads ? "--threads" : NULL, thr, NULL};
	char *topk_argv[] = {topk, "-m", model, "-k", "10", "--exclude", ratings,
			     threads ? "--threads" : NULL, thr, NULL};
	double ignored, s, p;
	measure(synth_argv, n, &ignored, &ignored);
	*pt = (struct point){(double)n, count_rows(users), count_rows(items), {INFINITY, INFINITY},
			     {0, 0}};
	for (long r = 0; r < reps; r++) {
		char **argv[STEPS] = {train_argv, topk_argv};
		for (int k = 0; k < STEPS; k++) {
			measure(argv[k], n, &s, &p);
			pt->seconds[k] = fmin(pt->seconds[k], s);
			pt->peak[k] = fmax(pt->peak[k], p);
		}
	}
	if (!quiet)
		fprintf(stderr, "%s: %ld ratings (%.0f users, %.0f items): train %.3f s, %.1f MiB; "
				"top-K %.3f s, %.1f MiB\n",
			err_progname, n, pt->users, pt->items, pt->seconds[0],
			pt->peak[0] / 1048576, pt->seconds[1], pt->peak[1] / 1048576);
	if (!keep) {
		const char *files[] = {ratings, users, items, model};
		for (int f = 0; f < 4; f++)
			unlink(files[f]);
		rmdir(dir);
	}
	free(dir), free(ratings), free(model), free(users), free(items);
	free(synth), free(train), free(topk);
}

/* The sizes reel-synth would give for R ratings (docs/TOOLS.md). */
static void synth_shape(double R, double *users, double *items)
{
	*users = fmin(round(R / 106), floor(R / 20));
	*items = fmin(round(1682 * pow(R / 100000, 0.6)), 1000000);
}

struct fits {
	struct scale_fit time[STEPS], mem_power[STEPS], mem_linear[STEPS];
};

static void fit_all(const struct point *pt, struct fits *f)
{
	double x[MAX_SIZES], t[MAX_SIZES], m[MAX_SIZES];
	for (int k = 0; k < STEPS; k++) {
		for (int i = 0; i < nsizes; i++) {
			x[i] = pt[i].ratings;
			t[i] = pt[i].seconds[k];
			m[i] = pt[i].peak[k];
		}
		if (scale_fit_power(x, t, nsizes, &f->time[k]) < 0 ||
		    scale_fit_power(x, m, nsizes, &f->mem_power[k]) < 0 ||
		    scale_fit_linear(x, m, nsizes, &f->mem_linear[k]) < 0)
			exit(EXIT_DATA);
	}
}

static void put(struct out *o, double v, char sep)
{
	char buf[32];
	out_putc(o, sep);
	out_puts(o, num_format_double(buf, v));
}

static void write_tables(const char *dir, const struct point *pt, const struct fits *f)
{
	char *path = path_of(dir, "measurements.tsv");
	struct out *o = out_open(path);
	if (!o)
		exit(EXIT_DATA);
	out_puts(o, "step\tratings\tusers\titems\tseconds\tpeak_bytes\n");
	for (int k = 0; k < STEPS; k++)
		for (int i = 0; i < nsizes; i++) {
			out_puts(o, step_names[k]);
			double v[] = {pt[i].ratings, pt[i].users, pt[i].items, pt[i].seconds[k],
				      pt[i].peak[k]};
			for (int j = 0; j < 5; j++)
				put(o, v[j], '\t');
			out_putc(o, '\n');
		}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
	free(path);

	o = out_open(path = path_of(dir, "fit.tsv"));
	if (!o)
		exit(EXIT_DATA);
	out_puts(o, "step\tquantity\tmodel\tpoints\ta\tb\tb_se\tb_lo\tb_hi\tr2\n");
	for (int k = 0; k < STEPS; k++) {
		const struct scale_fit *fit[] = {&f->time[k], &f->mem_power[k], &f->mem_linear[k]};
		const char *what[] = {"seconds\tpower", "peak_bytes\tpower", "peak_bytes\tlinear"};
		for (int j = 0; j < 3; j++) {
			const struct scale_fit *s = fit[j];
			out_printf(o, "%s\t%s\t%d", step_names[k], what[j], s->n);
			double v[] = {s->power ? exp(s->c0) : s->c0, s->c1, s->c1_se, s->c1_lo,
				      s->c1_hi, s->r2};
			for (int q = 0; q < 6; q++)
				put(o, v[q], '\t');
			out_putc(o, '\n');
		}
	}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
	free(path);
}

/* One machine holds a step when its projected peak memory fits: the
 * linear model (the measured growth per rating plus the fixed part), but
 * never below the largest peak measured, since more data never needs less
 * memory (tiny or noisy runs can give a flat or falling line). */
static void write_projection(const char *dir, const struct point *pt, const struct fits *f)
{
	char *path = path_of(dir, "projection.tsv");
	struct out *o = out_open(path);
	if (!o)
		exit(EXIT_DATA);
	out_puts(o, "step\tratings\tusers\titems\tseconds\tseconds_lo\tseconds_hi\tpeak_bytes\t"
		    "peak_bytes_power\tmemory\tfits\n");
	for (size_t j = 0; j < sizeof targets / sizeof *targets; j++) {
		for (int k = 0; k < STEPS; k++) {
			double R = targets[j], users, items, s, lo, hi, bytes, pb, ignore;
			synth_shape(R, &users, &items);
			scale_predict(&f->time[k], R, &s, &lo, &hi);
			scale_predict(&f->mem_linear[k], R, &bytes, &ignore, &ignore);
			for (int i = 0; i < nsizes; i++)
				bytes = fmax(bytes, pt[i].peak[k]);
			scale_predict(&f->mem_power[k], R, &pb, &ignore, &ignore);
			out_puts(o, step_names[k]);
			double v[] = {R, users, items, s, lo, hi, round(bytes), round(pb), memory};
			for (int q = 0; q < 9; q++)
				put(o, v[q], '\t');
			int fits = bytes <= memory;
			out_printf(o, "\t%s\n", fits ? "yes" : "no");
			if (!quiet)
				fprintf(stderr,
					"%s: %s at %.0fM ratings: %.3g s (95 %% %.3g..%.3g), "
					"peak %.1f GiB: %s in %.1f GiB\n",
					err_progname, step_names[k], R / 1e6, s, lo, hi,
					bytes / 1073741824, fits ? "fits" : "does not fit",
					memory / 1073741824);
		}
	}
	if (out_close(o) < 0)
		exit(EXIT_DATA);
	free(path);
}

static void draw(const struct fits *f)
{
	char vars[1024], buf[8][32];
	const struct scale_fit *t = f->time, *m = f->mem_linear;
	snprintf(vars, sizeof vars,
		 "dir='%s'; a_train=%s; b_train=%s; a_topk=%s; b_topk=%s; m0_train=%s; "
		 "m1_train=%s; m0_topk=%s; m1_topk=%s; memory=%.17g",
		 outdir, num_format_double(buf[0], exp(t[0].c0)),
		 num_format_double(buf[1], t[0].c1), num_format_double(buf[2], exp(t[1].c0)),
		 num_format_double(buf[3], t[1].c1),
		 num_format_double(buf[4], m[0].c0), num_format_double(buf[5], m[0].c1),
		 num_format_double(buf[6], m[1].c0), num_format_double(buf[7], m[1].c1), memory);
	if (proc_gnuplot("scale.gp", vars) < 0)
		exit(EXIT_DATA);
}

static void make_dir(const char *path)
{
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		die("%s: cannot create directory:", path);
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		die("%s: not a directory", path);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	check_sizes();
	make_dir(outdir);
	char *work = path_of(outdir, "work");
	make_dir(work);
	struct point pt[MAX_SIZES];
	for (int i = 0; i < nsizes; i++)
		run_size(sizes[i], &pt[i], work);
	if (!keep)
		rmdir(work);
	struct fits f;
	fit_all(pt, &f);
	write_tables(outdir, pt, &f);
	write_projection(outdir, pt, &f);
	if (chart)
		draw(&f);
	free(work);
	return 0;
}
