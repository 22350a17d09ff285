/*
 * reel-scalesim - measure training and top-K at several data sizes, fit and project the cost
 *
 * The study (lib/scalestudy.h) runs reel-synth at each size N (ratings),
 * times reel-train-als and reel-topk on that data as child processes, fits
 * time and memory against N and projects both to 100M and 1B ratings, with
 * whether one machine of --memory holds them.  Writes OUTDIR/measurements.tsv, fit.tsv and
 * projection.tsv, and a log-log chart OUTDIR/scale.png and .svg (plots/scale.gp).  The method is in
 * docs/EXPERIMENTS.md.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "opt.h"
#include "scalestudy.h"

static struct scale_study S = {
	.sizes = {100000, 316228, 1000000, 3162278, 10000000},
	.nsizes = 5,
	.reps = 1,
	.factors = 64,
	.iters = 15,
	.memory = 64.0 * (1ull << 30),
	.seed = 42,
};
static int quick, chart = 1;
static const char *outdir;

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

static void parse_args(int argc, char **argv)
{
	enum {
		O_SIZES = 256,
		O_REPS,
		O_FACT,
		O_ITERS,
		O_THR,
		O_MEM,
		O_SEED,
		O_QUICK,
		O_KEEP,
		O_NOCHART,
		O_QUIET
	};
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
		OPT_HELP_VERSION,
	};
	int c, sizes_given = 0, fact_given = 0, iters_given = 0;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'o': outdir = optarg; break;
		case O_SIZES:
			S.nsizes = opt_long_list("--sizes", optarg, 1000, 10000000000L, S.sizes,
						 SCALE_MAX_SIZES);
			sizes_given = 1;
			break;
		case O_REPS: S.reps = opt_long("--reps", optarg, 1, 100); break;
		case O_FACT:
			S.factors = opt_long("--factors", optarg, 1, 1024);
			fact_given = 1;
			break;
		case O_ITERS:
			S.iters = opt_long("--iters", optarg, 1, 1000);
			iters_given = 1;
			break;
		case O_THR: S.threads = opt_long("--threads", optarg, 1, 1024); break;
		case O_MEM: S.memory = opt_bytes("--memory", optarg); break;
		case O_SEED: S.seed = opt_seed("--seed", optarg); break;
		case O_QUICK: quick = 1; break;
		case O_KEEP: S.keep = 1; break;
		case O_NOCHART: chart = 0; break;
		case O_QUIET: S.quiet = 1; break;
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
			memcpy(S.sizes, quick_sizes, sizeof quick_sizes), S.nsizes = 4;
		S.factors = fact_given ? S.factors : 8;
		S.iters = iters_given ? S.iters : 2;
	}
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
	if (scale_study_sizes(&S) < 0)
		return EXIT_DATA;
	make_dir(outdir);
	size_t len = strlen(outdir) + sizeof "/work";
	char *work = xmalloc(len);
	snprintf(work, len, "%s/work", outdir);
	make_dir(work);
	struct scale_point pt[SCALE_MAX_SIZES];
	struct scale_fits f;
	int rc = scale_study_run(&S, work, pt);
	if (!S.keep)
		rmdir(work);
	if (rc < 0 || scale_study_fit(&S, pt, &f) < 0 ||
	    scale_study_write(&S, outdir, pt, &f) < 0 ||
	    (chart && scale_study_chart(&S, outdir, &f) < 0))
		return EXIT_DATA;
	free(work);
	return 0;
}
