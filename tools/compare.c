/*
 * reel-compare - one table of every model's metrics against a baseline
 *
 * Reads, for each model, the "name<TAB>value" file reel-metrics wrote and
 * a file holding its training seconds, and writes one table: a row per
 * model (in argument order), its metrics, its training seconds and, for
 * each metric, its change against the baseline model (popularity by
 * default), stated with its sign, for the metrics whose ratios mean
 * something (not novelty or coverage: lib/fmt.h).  TSV on -o, Markdown on
 * --markdown.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "err.h"
#include "fmt.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "tsv.h"

#define MAX_METRICS 64

struct row {
	const char *name;
	double value[MAX_METRICS];
	double seconds;
};

static char *metric[MAX_METRICS];
static int nmetrics;
static char *only; /* --metrics: comma-separated names to keep, NULL for all */

/* Whether --metrics asks for this metric. */
static int wanted(const char *name)
{
	if (!only)
		return 1;
	size_t len = strlen(name);
	for (const char *p = only; *p;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == len && strncmp(p, name, n) == 0)
			return 1;
		p += n + (comma ? 1 : 0);
	}
	return 0;
}

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-compare [--baseline NAME] [--metrics NAME,...] [--markdown FILE] [-o FILE] NAME METRICS SECONDS...\n"
		"One table of models' metrics, each against the baseline model.\n"
		"  --baseline NAME  the model the others are compared with (default pop)\n"
		"  --metrics LIST   only these metrics, in the files' order (default: all)\n"
		"  --markdown FILE  also write the table as Markdown\n"
		"  -o FILE          the TSV table (default stdout)\n"
		"Operands come in threes: a model's name, its reel-metrics output and a\n"
		"file holding its training seconds.\n");
	exit(status);
}

/* Metric names come from the first file, in its order; every other file
 * must list the same names. */
static int metric_index(struct tsv *in, const char *name, int first)
{
	for (int j = 0; j < nmetrics; j++)
		if (strcmp(metric[j], name) == 0)
			return j;
	if (!first)
		return tsv_error(in, "metric '%s' is not in the first model's file", name);
	if (nmetrics == MAX_METRICS)
		return tsv_error(in, "more than %d metrics", MAX_METRICS);
	metric[nmetrics] = xstrdup(name);
	return nmetrics++;
}

static int read_metrics(const char *path, struct row *r, int first)
{
	struct tsv *in = tsv_open(path, '\t');
	if (!in)
		return -1;
	for (int j = 0; j < MAX_METRICS; j++)
		r->value[j] = NAN;
	int got, seen = 0;
	while ((got = tsv_next(in)) == 1) {
		double v;
		int j;
		if (tsv_need(in, 2) < 0 || tsv_double(in, 1, "value", -1e300, 1e300, &v) < 0)
			goto fail;
		if (!wanted(in->field[0]))
			continue;
		if ((j = metric_index(in, in->field[0], first)) < 0)
			goto fail;
		if (!isnan(r->value[j])) {
			tsv_error(in, "metric '%s' given twice", in->field[0]);
			goto fail;
		}
		r->value[j] = v;
		seen++;
	}
	if (got < 0)
		goto fail;
	if (first && nmetrics == 0) {
		error("%s: none of the metrics asked for", in->name);
		goto fail;
	}
	if (seen != nmetrics) {
		error("%s: has %d of the %d metrics of the first model's file", in->name, seen,
		      nmetrics);
		goto fail;
	}
	return tsv_close(in);
fail:
	tsv_close(in);
	return -1;
}

static int read_seconds(const char *path, double *seconds)
{
	struct tsv *in = tsv_open(path, '\t');
	if (!in)
		return -1;
	int got = tsv_next(in), more = 0;
	if (got == 0)
		error("%s: empty file (expected training seconds)", in->name);
	if (got != 1 || tsv_need(in, 1) < 0 || tsv_double(in, 0, "seconds", 0, 1e12, seconds) < 0 ||
	    (more = tsv_next(in)) != 0) {
		if (more == 1) /* -1: tsv_next() has said what is wrong */
			tsv_error(in, "expected one line");
		tsv_close(in);
		return -1;
	}
	return tsv_close(in);
}

/* "+12.3%" / "-4.0%" / "+0.0%"; "--" where the baseline is 0 or absent. */
static const char *change(double value, double base, char *buf)
{
	if (!(base != 0) || isnan(value))
		return "--";
	double pct = (value / base - 1) * 100;
	snprintf(buf, 32, "%+.1f%%", fabs(pct) < 0.05 ? 0.0 : pct);
	return buf;
}

static void write_tsv(struct out *o, const struct row *rows, int n, const struct row *base)
{
	char buf[32];
	out_puts(o, "model");
	for (int j = 0; j < nmetrics; j++)
		out_printf(o, "\t%s", metric[j]);
	out_puts(o, "\ttrain_seconds");
	for (int j = 0; j < nmetrics; j++)
		if (fmt_has_ratio(metric[j]))
			out_printf(o, "\t%s_vs_%s", metric[j], base->name);
	out_putc(o, '\n');
	for (int i = 0; i < n; i++) {
		out_puts(o, rows[i].name);
		for (int j = 0; j < nmetrics; j++)
			out_printf(o, "\t%s", num_format_double(buf, rows[i].value[j]));
		out_printf(o, "\t%.3f", rows[i].seconds);
		for (int j = 0; j < nmetrics; j++)
			if (fmt_has_ratio(metric[j]))
				out_printf(o, "\t%s",
					   change(rows[i].value[j], base->value[j], buf));
		out_putc(o, '\n');
	}
}

static void write_markdown(struct out *o, const struct row *rows, int n, const struct row *base)
{
	char buf[FMT_SIZE];
	out_puts(o, "| model |");
	for (int j = 0; j < nmetrics; j++)
		out_printf(o, " %s |", metric[j]);
	out_puts(o, " training s |\n|---|");
	for (int j = 0; j <= nmetrics; j++)
		out_puts(o, "---:|");
	out_putc(o, '\n');
	for (int i = 0; i < n; i++) {
		out_printf(o, "| %s |", rows[i].name);
		for (int j = 0; j < nmetrics; j++) {
			double v = rows[i].value[j];
			/* counts print as integers, rates by fmt_metric */
			if (v == floor(v) && fabs(v) < 1e15)
				out_printf(o, " %.0f", v);
			else
				out_printf(o, " %s", fmt_metric(buf, v));
			if (&rows[i] != base && fmt_has_ratio(metric[j]))
				out_printf(o, " (%s)", change(v, base->value[j], buf));
			out_puts(o, " |");
		}
		out_printf(o, " %.3f |\n", rows[i].seconds);
	}
	out_printf(o,
		   "\nChanges in parentheses are relative to `%s`: (model / %s - 1), with "
		   "their sign.\n",
		   base->name, base->name);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"baseline", required_argument, NULL, 'b'},
						 {"metrics", required_argument, NULL, 'm'},
						 {"markdown", required_argument, NULL, 'M'},
						 OPT_HELP_VERSION};
	err_init(argv[0]);
	const char *baseline = "pop", *md_path = NULL, *out_path = "-";
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'b': baseline = optarg; break;
		case 'm': only = optarg; break;
		case 'M': md_path = optarg; break;
		case 'o': out_path = optarg; break;
		}
	}
	int nops = argc - optind;
	if (nops == 0 || nops % 3 != 0)
		die_usage("expected NAME METRICS SECONDS in threes, got %d operand%s", nops,
			  nops == 1 ? "" : "s");
	int n = nops / 3;
	struct row *rows = xcalloc((size_t)n, sizeof *rows);
	const struct row *base = NULL;
	for (int i = 0; i < n; i++) {
		char **op = argv + optind + 3 * i;
		rows[i].name = op[0];
		for (int q = 0; q < i; q++)
			if (strcmp(rows[q].name, op[0]) == 0)
				die_usage("model '%s' given twice", op[0]);
		if (read_metrics(op[1], &rows[i], i == 0) < 0 ||
		    read_seconds(op[2], &rows[i].seconds) < 0)
			return EXIT_DATA;
		if (strcmp(op[0], baseline) == 0)
			base = &rows[i];
	}
	if (!base)
		die_usage("the baseline model '%s' is not among the operands", baseline);
	struct out *o = out_open(out_path), *md = NULL;
	if (!o || (md_path && !(md = out_open(md_path))))
		return EXIT_DATA;
	write_tsv(o, rows, n, base);
	if (md)
		write_markdown(md, rows, n, base);
	if (out_close(o) < 0 || (md && out_close(md) < 0))
		return EXIT_DATA;
	free(rows);
	return 0;
}
