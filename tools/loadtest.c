/*
 * reel-loadtest - drive a line-protocol server (reel-topk --serve) and measure its latency
 *
 * Starts --concurrency copies of COMMAND, each with pipes to its stdin and
 * stdout (no network), and sends --requests requests: one a line, a user id
 * drawn from the users of --ratings (uniformly or by activity), or with
 * probability --bad-share a malformed request.  An answer is any number of
 * lines ended by an empty line; one whose first line starts with "error"
 * is an error answer.  Closed loop (default): each server has one request
 * outstanding, and latency runs from sending it to the end of its answer.
 * Open loop (--rate R): request i is due at i / R seconds and goes to the
 * server with the fewest outstanding requests; latency runs from the time
 * it was due, so queueing shows.  Writes a name<TAB>value report, and on
 * request a latency histogram, the raw latencies and a gnuplot chart.  A
 * server that dies, answers what it was not asked, or is silent for
 * --timeout seconds ends the test with exit 1.  docs/EXPERIMENTS.md
 * describes the method.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "chart.h"
#include "err.h"
#include "latency.h"
#include "loadgen.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "ratings.h"
#include "rng.h"

/* by enum loadgen_kind */
static const char *kind_names[] = {"ok", "error", "bad_rejected", "bad_accepted"};

static long nreq = 10000, nserv = 1, warmup = 1;
static double rate, bad_share, timeout_s = 10;
static const char *ratings_path, *hist_path, *raw_path, *chart_prefix, *out_path = "-";
static int by_activity;
static uint64_t seed = 42;
static char **command;

/* The requests, generated in advance: text, whether malformed; then what
 * happened to each. */
static char **req;
static char *text;
static unsigned char *bad, *kind;
static int64_t *lat;

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-loadtest --ratings FILE [--requests N] [--concurrency C] [--rate R] "
		"[--dist uniform|activity] [--bad-share F] [--seed N] [--timeout S] [--warmup N] "
		"[--histogram FILE] [--raw FILE] [--chart PREFIX] [-o REPORT] -- COMMAND [ARG...]\n"
		"Drive COMMAND, a server answering one request a line, and measure it.\n"
		"  --ratings FILE     draw the users of requests from this ratings file\n"
		"  --requests N       requests to send (default 10000)\n"
		"  --concurrency C    server processes (default 1)\n"
		"  --rate R           open loop: R requests a second in all (default: closed)\n"
		"  --dist D           uniform (default) or activity: users by number of ratings\n"
		"  --bad-share F      share of malformed requests, 0 <= F <= 1 (default 0)\n"
		"  --seed N           random seed (default 42)\n"
		"  --timeout S        longest wait for an answer, seconds (default 10)\n"
		"  --warmup N         unmeasured requests per server first (default 1)\n"
		"  --histogram FILE   write the latency histogram\n"
		"  --raw FILE         write every request's kind and latency\n"
		"  --chart PREFIX     with --histogram: draw PREFIX.png and PREFIX.svg (gnuplot)\n"
		"  -o REPORT          the report (default: stdout)\n");
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	enum {
		O_RAT = 256,
		O_REQ,
		O_CONC,
		O_RATE,
		O_DIST,
		O_BAD,
		O_SEED,
		O_TIME,
		O_HIST,
		O_RAW,
		O_CHART,
		O_WARM
	};
	static const struct option longopts[] = {
		{"ratings", required_argument, NULL, O_RAT},
		{"requests", required_argument, NULL, O_REQ},
		{"concurrency", required_argument, NULL, O_CONC},
		{"rate", required_argument, NULL, O_RATE},
		{"dist", required_argument, NULL, O_DIST},
		{"bad-share", required_argument, NULL, O_BAD},
		{"seed", required_argument, NULL, O_SEED},
		{"timeout", required_argument, NULL, O_TIME},
		{"histogram", required_argument, NULL, O_HIST},
		{"raw", required_argument, NULL, O_RAW},
		{"chart", required_argument, NULL, O_CHART},
		{"warmup", required_argument, NULL, O_WARM},
		OPT_HELP_VERSION,
	};
	int c;
	while ((c = opt_next(argc, argv, "+o:", longopts, usage)) != -1) {
		switch (c) {
		case 'o': out_path = optarg; break;
		case O_RAT: ratings_path = optarg; break;
		case O_REQ: nreq = opt_long("--requests", optarg, 1, 100000000); break;
		case O_CONC: nserv = opt_long("--concurrency", optarg, 1, 256); break;
		case O_RATE: rate = opt_double("--rate", optarg, 1e-3, 1e9); break;
		case O_DIST:
			if (strcmp(optarg, "uniform") != 0 && strcmp(optarg, "activity") != 0)
				die_usage("--dist: expected uniform or activity, got '%s'", optarg);
			by_activity = optarg[0] == 'a';
			break;
		case O_BAD: bad_share = opt_double("--bad-share", optarg, 0, 1); break;
		case O_SEED: seed = opt_seed("--seed", optarg); break;
		case O_TIME: timeout_s = opt_double("--timeout", optarg, 1e-3, 1e6); break;
		case O_HIST: hist_path = optarg; break;
		case O_RAW: raw_path = optarg; break;
		case O_CHART: chart_prefix = optarg; break;
		case O_WARM: warmup = opt_long("--warmup", optarg, 0, 1000000); break;
		}
	}
	if (!ratings_path)
		die_usage("missing --ratings FILE");
	if (optind >= argc)
		die_usage("missing the server COMMAND (after --)");
	if (chart_prefix && !hist_path)
		die_usage("--chart needs --histogram FILE");
	if (chart_prefix && (strchr(chart_prefix, '\'') || strchr(hist_path, '\'')))
		die_usage("--chart and --histogram: no single quote allowed in the names");
	command = argv + optind;
}

/* The requests: ids drawn from the users of the ratings file, a share
 * malformed in one of four ways that the protocol must reject; -1 after a
 * message. */
static int make_requests(void)
{
	struct ratings *r = ratings_read(ratings_path, 0);
	if (!r)
		return -1;
	uint32_t nu = r->users->n;
	double *weight = xcalloc(nu, sizeof *weight);
	for (uint64_t t = 0; by_activity && t < r->n; t++)
		weight[r->user[t]]++;
	gsl_ran_discrete_t *table = by_activity ? gsl_ran_discrete_preproc(nu, weight) : NULL;
	if (by_activity && !table)
		die("out of memory for the activity table");
	gsl_rng *rng = rng_new(seed);
	size_t cap = (size_t)nreq * 17 + 16, len = 0; /* "user4294967295" */
	text = xmalloc(cap);
	req = xmallocarray((size_t)nreq, sizeof *req);
	bad = xcalloc((size_t)nreq, 1);
	for (long i = 0; i < nreq; i++) {
		uint32_t u = r->users->ext[by_activity ? gsl_ran_discrete(rng, table)
						       : rng_below(rng, nu)];
		bad[i] = bad_share > 0 && gsl_rng_uniform(rng) < bad_share;
		char *p = text + len;
		switch (bad[i] ? 1 + rng_below(rng, 4) : 0) {
		case 0: len += (size_t)sprintf(p, "%u", u); break;
		case 1: *p = 0; break;                                 /* empty request */
		case 2: len += (size_t)sprintf(p, "user%u", u); break; /* bad user id */
		case 3: len += (size_t)sprintf(p, "%u x", u); break;   /* bad item id */
		default: len += (size_t)sprintf(p, "-%u", u); break;   /* bad user id */
		}
		len++; /* the NUL */
	}
	for (long i = 0, off = 0; i < nreq; i++) {
		req[i] = text + off;
		off += (long)strlen(req[i]) + 1;
	}
	if (table)
		gsl_ran_discrete_free(table);
	gsl_rng_free(rng);
	free(weight);
	ratings_free(r);
	return 0;
}

static void put_us(struct out *o, const char *name, int64_t ns)
{
	char buf[32];
	out_printf(o, "%s\t%s\n", name, num_format_double(buf, (double)ns / 1000));
}

/* The summary, and the histogram if asked; -1 after a message. */
static int report(double secs)
{
	uint64_t count[4] = {0}, n = 0;
	int64_t *good = xmallocarray((size_t)nreq, sizeof *good);
	double sum = 0;
	for (long i = 0; i < nreq; i++) {
		count[kind[i]]++;
		if (!bad[i]) {
			good[n++] = lat[i];
			sum += (double)lat[i];
		}
	}
	latency_sort(good, n);
	char buf[32];
	struct out *o = out_open(out_path);
	if (!o)
		return -1;
	out_printf(o, "mode\t%s\nconcurrency\t%ld\nrate\t%s\nwarmup\t%ld\nrequests\t%ld\n",
		   rate > 0 ? "open" : "closed", nserv, num_format_double(buf, rate), warmup, nreq);
	out_printf(o, "seconds\t%.6f\nthroughput\t%.3f\n", secs, (double)nreq / secs);
	for (int k = 0; k < 4; k++)
		out_printf(o, "%s\t%llu\n", kind_names[k], (unsigned long long)count[k]);
	out_printf(o, "measured\t%llu\n", (unsigned long long)n);
	put_us(o, "mean_us", n ? (int64_t)(sum / (double)n + 0.5) : 0);
	static const uint32_t ppm[] = {500000, 900000, 990000, 999000, 1000000};
	static const char *names[] = {"p50_us", "p90_us", "p99_us", "p99.9_us", "max_us"};
	for (int q = 0; q < 5; q++)
		put_us(o, names[q], latency_percentile(good, n, ppm[q]));
	if (out_close(o) < 0)
		return -1;
	if (hist_path) {
		if (!(o = out_open(hist_path)))
			return -1;
		struct latency_bin *b;
		uint64_t nb = latency_histogram(good, n, &b), cum = 0;
		out_puts(o, "lo_us\thi_us\tcount\tshare\tcum_share\n");
		for (uint64_t j = 0; j < nb; j++) {
			cum += b[j].count;
			out_printf(o, "%.6g\t%.6g\t%llu\t%.6f\t%.6f\n", b[j].lo_us, b[j].hi_us,
				   (unsigned long long)b[j].count, (double)b[j].count / (double)n,
				   (double)cum / (double)n);
		}
		free(b);
		if (out_close(o) < 0)
			return -1;
	}
	free(good);
	return 0;
}

static int write_raw(void)
{
	struct out *o = out_open(raw_path);
	if (!o)
		return -1;
	out_puts(o, "request\ttext\tkind\tlatency_us\n");
	for (long i = 0; i < nreq; i++) {
		char buf[32];
		out_printf(o, "%ld\t%s\t%s\t%s\n", i + 1, req[i], kind_names[kind[i]],
			   num_format_double(buf, (double)lat[i] / 1000));
	}
	return out_close(o);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	signal(SIGPIPE, SIG_IGN); /* a dead server is a write error, not our death */
	if (make_requests() < 0)
		return EXIT_DATA;
	kind = xcalloc((size_t)nreq, 1);
	lat = xcalloc((size_t)nreq, sizeof *lat);
	struct loadgen_config cfg = {command, nserv, rate, timeout_s, warmup};
	double secs;
	if (loadgen_run(&cfg, req, bad, (uint64_t)nreq, kind, lat, &secs) < 0)
		return EXIT_DATA;
	if (report(secs) < 0 || (raw_path && write_raw() < 0))
		return EXIT_DATA;
	if (chart_prefix) {
		size_t len = strlen(hist_path) + strlen(chart_prefix) + 32;
		char *vars = xmalloc(len);
		snprintf(vars, len, "data='%s'; out='%s'", hist_path, chart_prefix);
		if (chart_gnuplot("latency.gp", vars) < 0)
			return EXIT_DATA;
		free(vars);
	}
	free(req);
	free(text);
	free(bad);
	free(kind);
	free(lat);
	return 0;
}
