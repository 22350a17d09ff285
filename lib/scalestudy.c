#include "scalestudy.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chart.h"
#include "err.h"
#include "latency.h"
#include "num.h"
#include "out.h"
#include "proc.h"

static const char *step_names[SCALE_STEPS] = {"train", "topk"};
static const double targets[] = {1e8, 1e9};

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

int scale_study_sizes(struct scale_study *s)
{
	qsort(s->sizes, (size_t)s->nsizes, sizeof *s->sizes, cmp_long);
	int n = 0;
	for (int i = 0; i < s->nsizes; i++)
		if (n == 0 || s->sizes[i] != s->sizes[n - 1])
			s->sizes[n++] = s->sizes[i];
	s->nsizes = n;
	if (n < 3)
		return error("%d distinct size%s cannot give a fit with an interval: give at "
			     "least 3 to --sizes",
			     n, n == 1 ? "" : "s");
	return 0;
}

/* Run argv with stdout to /dev/null; its wall seconds and peak bytes. */
static int measure(char **argv, long ratings, double *seconds, double *peak)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC), status;
	if (null < 0)
		return error("/dev/null:");
	struct rusage ru;
	int64_t t0 = latency_now();
	pid_t pid = proc_spawn(argv, null, null, NULL, NULL, 0);
	int rc = pid < 0 ? -1 : proc_wait(pid, -1, &status, &ru);
	*seconds = (double)(latency_now() - t0) * 1e-9;
	close(null);
	if (rc < 0)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char how[96];
		const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
		return error("%s %s at %ld ratings", name, proc_describe(status, how, sizeof how),
			     ratings);
	}
	*peak = (double)ru.ru_maxrss * 1024; /* Linux reports kilobytes */
	return 0;
}

/* Lines of PATH minus its header: the users or items reel-synth wrote. */
static int count_rows(const char *path, double *rows)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return error("%s:", path);
	double lines = 0;
	int c;
	while ((c = getc(fp)) != EOF)
		lines += c == '\n';
	fclose(fp);
	*rows = lines - 1;
	return 0;
}

static char *path_of(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(len);
	snprintf(p, len, "%s/%s", dir, name);
	return p;
}

/* The files of one size, and the commands that make and time them. */
struct size_run {
	char *dir, *file[4]; /* ratings, users, items, model */
	char *prog[3];       /* reel-synth, reel-train-als, reel-topk */
	char num[5][24];     /* ratings, factors, iters, seed, threads */
};

static void size_run_init(struct size_run *r, const struct scale_study *s, long n,
			  const char *workdir)
{
	static const char *names[4] = {"ratings.tsv", "users.tsv", "items.tsv", "model.bin"};
	static const char *progs[3] = {"reel-synth", "reel-train-als", "reel-topk"};
	snprintf(r->num[0], sizeof r->num[0], "%ld", n);
	r->dir = path_of(workdir, r->num[0]);
	for (int f = 0; f < 4; f++)
		r->file[f] = path_of(r->dir, names[f]);
	for (int p = 0; p < 3; p++)
		r->prog[p] = proc_sibling(progs[p]);
	snprintf(r->num[1], sizeof r->num[1], "%ld", s->factors);
	snprintf(r->num[2], sizeof r->num[2], "%ld", s->iters);
	snprintf(r->num[3], sizeof r->num[3], "%llu", (unsigned long long)s->seed);
	snprintf(r->num[4], sizeof r->num[4], "%ld", s->threads);
}

static void size_run_free(struct size_run *r, int keep)
{
	for (int f = 0; f < 4; f++) {
		if (!keep)
			unlink(r->file[f]);
		free(r->file[f]);
	}
	if (!keep)
		rmdir(r->dir);
	free(r->dir);
	for (int p = 0; p < 3; p++)
		free(r->prog[p]);
}

static int run_size(const struct scale_study *s, struct size_run *r, long n, struct scale_point *pt)
{
	char *thr = s->threads ? "--threads" : NULL;
	char *synth_argv[] = {r->prog[0], "--ratings", r->num[0], "--seed",
			      r->num[3],  "-o",        r->dir,    NULL};
	char *train_argv[] = {r->prog[1], "--quiet",  "--factors", r->num[1], "--iters", r->num[2],
			      "-o",       r->file[3], r->file[0],  thr,       r->num[4], NULL};
	char *topk_argv[] = {r->prog[2],  "-m",       r->file[3], "-k",      "10",
			     "--exclude", r->file[0], thr,        r->num[4], NULL};
	char **argv[SCALE_STEPS] = {train_argv, topk_argv};
	double ignored, secs, peak;
	*pt = (struct scale_point){(double)n, 0, 0, {INFINITY, INFINITY}, {0, 0}};
	if (measure(synth_argv, n, &ignored, &ignored) < 0 ||
	    count_rows(r->file[1], &pt->users) < 0 || count_rows(r->file[2], &pt->items) < 0)
		return -1;
	for (long rep = 0; rep < s->reps; rep++)
		for (int k = 0; k < SCALE_STEPS; k++) {
			if (measure(argv[k], n, &secs, &peak) < 0)
				return -1;
			pt->seconds[k] = fmin(pt->seconds[k], secs);
			pt->peak[k] = fmax(pt->peak[k], peak);
		}
	if (!s->quiet)
		note("%ld ratings (%.0f users, %.0f items): train %.3f s, %.1f MiB; "
		     "top-K %.3f s, %.1f MiB",
		     n, pt->users, pt->items, pt->seconds[0], pt->peak[0] / 1048576, pt->seconds[1],
		     pt->peak[1] / 1048576);
	return 0;
}

int scale_study_run(const struct scale_study *s, const char *workdir, struct scale_point *pt)
{
	for (int i = 0; i < s->nsizes; i++) {
		struct size_run r;
		size_run_init(&r, s, s->sizes[i], workdir);
		int rc = run_size(s, &r, s->sizes[i], &pt[i]);
		size_run_free(&r, s->keep);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The sizes reel-synth would give for R ratings (docs/TOOLS.md). */
static void synth_shape(double R, double *users, double *items)
{
	*users = fmin(round(R / 106), floor(R / 20));
	*items = fmin(round(1682 * pow(R / 100000, 0.6)), 1000000);
}

int scale_study_fit(const struct scale_study *s, const struct scale_point *pt, struct scale_fits *f)
{
	double x[SCALE_MAX_SIZES], t[SCALE_MAX_SIZES], m[SCALE_MAX_SIZES];
	for (int k = 0; k < SCALE_STEPS; k++) {
		for (int i = 0; i < s->nsizes; i++) {
			x[i] = pt[i].ratings;
			t[i] = pt[i].seconds[k];
			m[i] = pt[i].peak[k];
		}
		if (scale_fit_power(x, t, s->nsizes, &f->time[k]) < 0 ||
		    scale_fit_power(x, m, s->nsizes, &f->mem_power[k]) < 0 ||
		    scale_fit_linear(x, m, s->nsizes, &f->mem_linear[k]) < 0)
			return -1;
	}
	return 0;
}

/* Tab, then v as it reads back; n values. */
static void put_all(struct out *o, const double *v, int n)
{
	char buf[32];
	for (int i = 0; i < n; i++) {
		out_putc(o, '\t');
		out_puts(o, num_format_double(buf, v[i]));
	}
}

static int write_measurements(const struct scale_study *s, const char *path,
			      const struct scale_point *pt)
{
	struct out *o = out_open(path);
	if (!o)
		return -1;
	out_puts(o, "step\tratings\tusers\titems\tseconds\tpeak_bytes\n");
	for (int k = 0; k < SCALE_STEPS; k++)
		for (int i = 0; i < s->nsizes; i++) {
			double v[] = {pt[i].ratings, pt[i].users, pt[i].items, pt[i].seconds[k],
				      pt[i].peak[k]};
			out_puts(o, step_names[k]);
			put_all(o, v, 5);
			out_putc(o, '\n');
		}
	return out_close(o);
}

static int write_fits(const char *path, const struct scale_fits *f)
{
	struct out *o = out_open(path);
	if (!o)
		return -1;
	out_puts(o, "step\tquantity\tmodel\tpoints\ta\tb\tb_se\tb_lo\tb_hi\tr2\n");
	for (int k = 0; k < SCALE_STEPS; k++) {
		const struct scale_fit *fit[] = {&f->time[k], &f->mem_power[k], &f->mem_linear[k]};
		const char *what[] = {"seconds\tpower", "peak_bytes\tpower", "peak_bytes\tlinear"};
		for (int j = 0; j < 3; j++) {
			const struct scale_fit *q = fit[j];
			double v[] = {q->power ? exp(q->c0) : q->c0,
				      q->c1,
				      q->c1_se,
				      q->c1_lo,
				      q->c1_hi,
				      q->r2};
			out_printf(o, "%s\t%s\t%d", step_names[k], what[j], q->n);
			put_all(o, v, 6);
			out_putc(o, '\n');
		}
	}
	return out_close(o);
}

/* One machine holds a step when its projected peak memory fits: the
 * linear model (the measured growth per rating plus the fixed part), but
 * never below the largest peak measured, since more data never needs less
 * memory (tiny or noisy runs can give a flat or falling line). */
static int write_projection(const struct scale_study *s, const char *path,
			    const struct scale_point *pt, const struct scale_fits *f)
{
	struct out *o = out_open(path);
	if (!o)
		return -1;
	out_puts(o, "step\tratings\tusers\titems\tseconds\tseconds_lo\tseconds_hi\tpeak_bytes\t"
		    "peak_bytes_power\tmemory\tfits\n");
	for (size_t j = 0; j < sizeof targets / sizeof *targets; j++)
		for (int k = 0; k < SCALE_STEPS; k++) {
			double R = targets[j], users, items, secs, lo, hi, bytes, pb, ignore;
			synth_shape(R, &users, &items);
			scale_predict(&f->time[k], R, &secs, &lo, &hi);
			scale_predict(&f->mem_linear[k], R, &bytes, &ignore, &ignore);
			for (int i = 0; i < s->nsizes; i++)
				bytes = fmax(bytes, pt[i].peak[k]);
			scale_predict(&f->mem_power[k], R, &pb, &ignore, &ignore);
			double v[] = {R,  users,        items,     secs,     lo,
				      hi, round(bytes), round(pb), s->memory};
			int fits = bytes <= s->memory;
			out_puts(o, step_names[k]);
			put_all(o, v, 9);
			out_printf(o, "\t%s\n", fits ? "yes" : "no");
			if (!s->quiet)
				note("%s at %.0fM ratings: %.3g s (95 %% %.3g..%.3g), "
				     "peak %.1f GiB: %s in %.1f GiB",
				     step_names[k], R / 1e6, secs, lo, hi, bytes / 1073741824,
				     fits ? "fits" : "does not fit", s->memory / 1073741824);
		}
	return out_close(o);
}

int scale_study_write(const struct scale_study *s, const char *dir, const struct scale_point *pt,
		      const struct scale_fits *f)
{
	char *path[3] = {path_of(dir, "measurements.tsv"), path_of(dir, "fit.tsv"),
			 path_of(dir, "projection.tsv")};
	int rc = write_measurements(s, path[0], pt) < 0 || write_fits(path[1], f) < 0 ||
				 write_projection(s, path[2], pt, f) < 0
			 ? -1
			 : 0;
	for (int i = 0; i < 3; i++)
		free(path[i]);
	return rc;
}

int scale_study_chart(const struct scale_study *s, const char *dir, const struct scale_fits *f)
{
	char vars[1024], buf[8][32];
	const struct scale_fit *t = f->time, *m = f->mem_linear;
	snprintf(vars, sizeof vars,
		 "dir='%s'; a_train=%s; b_train=%s; a_topk=%s; b_topk=%s; m0_train=%s; "
		 "m1_train=%s; m0_topk=%s; m1_topk=%s; memory=%.17g",
		 dir, num_format_double(buf[0], exp(t[0].c0)), num_format_double(buf[1], t[0].c1),
		 num_format_double(buf[2], exp(t[1].c0)), num_format_double(buf[3], t[1].c1),
		 num_format_double(buf[4], m[0].c0), num_format_double(buf[5], m[0].c1),
		 num_format_double(buf[6], m[1].c0), num_format_double(buf[7], m[1].c1), s->memory);
	return chart_gnuplot("scale.gp", vars);
}
