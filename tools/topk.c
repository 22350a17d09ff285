/*
 * reel-topk - the K best items per user, from a model or from scores
 *
 * With -m MODEL (any model file: ALS, baseline, item-item; lib/recommend.h)
 * it writes RECS (docs/FORMATS.md), "user item rank score" lines, users
 * in ascending id: every user of the model, or those of --users.
 * Seen items are never shown: those of --exclude TRAIN, or by default of the
 * model's own training file (which must be at hand and unchanged), unless
 * --include-seen; --blacklist and --candidates restrict further.
 * Without -m it is a plain filter over "user item ... score" lines from
 * any source, keeping the K best per user.  With --serve it answers
 * requests read from stdin, one a line (lib/serve.h), until EOF.
 * The protocol and every rule are in docs/TOOLS.md.
 */
#include <errno.h>
#include <getopt.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "dist.h"
#include "err.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "recommend.h"
#include "recs.h"
#include "serve.h"

#define K_MAX 100000L

static const char *model_path, *exclude_path, *users_path, *blacklist_path, *candidates_path;
static const char *out_path = "-";
static uint32_t K;
static int serve_mode, threads, include_seen;
static uint32_t part, parts = 1; /* --part I/N, or rank/ranks under mpirun */

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-topk -m MODEL -k K [--exclude TRAIN | --include-seen] [--users FILE] "
		"[--blacklist FILE] [--candidates FILE] [--part I/N] [--threads N] [-o RECS]\n"
		"       reel-topk -m MODEL -k K --serve [--exclude TRAIN | --include-seen] "
		"[--blacklist FILE] [--candidates FILE]\n"
		"       reel-topk -k K [-o RECS] [SCORES]\n"
		"The K best items per user of MODEL, or per user of the score lines SCORES.\n"
		"  -m MODEL           any model file (ALS, baseline, item-item)\n"
		"  -k K               items per user, 1 <= K <= %ld\n"
		"  --exclude TRAIN    never show a user an item they rated in TRAIN (default: the\n"
		"                     model's own training file, which must be at hand, unchanged)\n"
		"  --include-seen     show items the user rated in training too\n"
		"  --users FILE       only these users (one id a line; default: all)\n"
		"  --blacklist FILE   never show these items (one id a line)\n"
		"  --candidates FILE  show only these items (one id a line)\n"
		"  --part I/N         only part I (0 <= I < N) of the users, in ascending id\n"
		"  --serve            answer requests from stdin: 'USER' or 'USER ITEM[:RATING]...'\n"
		"  --threads N        threads (default: all cores)\n"
		"  -o RECS            output file (default: stdout)\n",
		K_MAX);
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	enum { O_EXCL = 256, O_USERS, O_BLACK, O_CAND, O_SERVE, O_THREADS, O_PART, O_SEEN };
	static const struct option longopts[] = {
		{"exclude", required_argument, NULL, O_EXCL},
		{"users", required_argument, NULL, O_USERS},
		{"blacklist", required_argument, NULL, O_BLACK},
		{"candidates", required_argument, NULL, O_CAND},
		{"serve", no_argument, NULL, O_SERVE},
		{"include-seen", no_argument, NULL, O_SEEN},
		{"threads", required_argument, NULL, O_THREADS},
		{"part", required_argument, NULL, O_PART},
		OPT_HELP_VERSION,
	};
	char *slash;
	long i;
	int c;
	while ((c = opt_next(argc, argv, "m:k:o:", longopts, usage)) != -1) {
		switch (c) {
		case 'm': model_path = optarg; break;
		case 'k': K = (uint32_t)opt_long("-k", optarg, 1, K_MAX); break;
		case 'o': out_path = optarg; break;
		case O_EXCL: exclude_path = optarg; break;
		case O_USERS: users_path = optarg; break;
		case O_BLACK: blacklist_path = optarg; break;
		case O_CAND: candidates_path = optarg; break;
		case O_SERVE: serve_mode = 1; break;
		case O_SEEN: include_seen = 1; break;
		case O_THREADS: threads = (int)opt_long("--threads", optarg, 1, 1024); break;
		case O_PART:
			if (!(slash = strchr(optarg, '/')))
				die_usage("--part: expected I/N, got '%s'", optarg);
			*slash = 0;
			parts = (uint32_t)opt_long("--part", slash + 1, 1, 1000000);
			i = opt_long("--part", optarg, 0, (long)parts - 1);
			part = (uint32_t)i;
			break;
		}
	}
	if (!K)
		die_usage("missing -k K");
	if (!model_path) {
		if (exclude_path || users_path || blacklist_path || candidates_path || serve_mode ||
		    include_seen)
			die_usage(
				"--exclude, --include-seen, --users, --blacklist, --candidates and "
				"--serve need -m MODEL");
		if (argc - optind > 1)
			die_usage("expected at most one SCORES file, got %d", argc - optind);
		return;
	}
	if (argc - optind != 0)
		die_usage("no operand expected with -m MODEL, got '%s'", argv[optind]);
	if (exclude_path && include_seen)
		die_usage("--exclude and --include-seen contradict each other");
	if (serve_mode && users_path)
		die_usage("--users does not apply to --serve");
	if (serve_mode && parts > 1)
		die_usage("--part does not apply to --serve");
	if (serve_mode && strcmp(out_path, "-") != 0)
		die_usage("--serve answers on stdout: -o does not apply");
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Batch mode: every user (or --users) in ascending id, in batches. */
static int batch(const struct recommender *r, const struct topk_filter *filter)
{
	uint32_t *users, count;
	if (users_path) {
		int64_t n = recommend_read_ids(r, users_path, RECOMMEND_IDS_UNIQUE, &users);
		if (n < 0)
			return -1;
		count = (uint32_t)n;
		qsort(users, count, sizeof *users, cmp_u32); /* dense order = id order */
	} else {
		count = r->m;
		users = xmallocarray(count, sizeof *users);
		for (uint32_t u = 0; u < count; u++)
			users[u] = u;
	}
	/* a part: a contiguous range of the users, so parts concatenate to all */
	uint32_t lo = (uint32_t)((uint64_t)count * part / parts);
	uint32_t hi = (uint32_t)((uint64_t)count * (part + 1) / parts);
	memmove(users, users + lo, (size_t)(hi - lo) * sizeof *users);
	count = hi - lo;
	char path[4096];
	if (dist_size() > 1) /* rank 0 joins the ranks' parts (a shared file system) */
		recs_part_path(path, sizeof path, out_path, (int)part);
	struct out *o = out_open(dist_size() > 1 ? path : out_path);
	int rc = o ? 0 : -1;
	if (o) {
		recs_write_users(r, users, count, K, filter, o);
		rc = out_close(o);
	}
	free(users);
	if (rc == 0 && dist_size() > 1) /* gone if this rank is stopped before rank 0 joins it */
		err_cleanup_add(path);
	/* every rank learns whether any failed: then nobody joins, and each
	 * removes the part it wrote */
	int failed = dist_any(rc < 0);
	if (!failed && dist_rank() == 0 && dist_size() > 1)
		rc = recs_join_parts(out_path, dist_size());
	if (dist_size() > 1) {
		if (failed && rc == 0)
			remove(path);
		err_cleanup_remove(path);
	}
	dist_finalize();
	return failed ? -1 : rc;
}

static int serve(struct recommender *r, const struct topk_filter *filter)
{
	/* A client that goes away is no reason to die by a signal: the write
	 * error ends the session at the next answer. */
	signal(SIGPIPE, SIG_IGN);
	struct out *o = out_open("-");
	switch (serve_run(r, filter, K, stdin, o)) {
	case SERVE_EOF: break;
	case SERVE_CLOSED:
		if (out_error(o) == EPIPE)
			return -1; /* quietly: nobody is listening */
		out_close(o);      /* says why: a full disk, a file size limit */
		return -1;
	case SERVE_READ_ERROR: out_close(o); return error("<stdin>: read error:");
	}
	return out_close(o);
}

/* Without -m: the K best of score lines. */
static int filter_mode(const char *path)
{
	struct out *o = out_open(out_path);
	if (!o)
		return -1;
	if (recs_filter(path, K, o) < 0) {
		out_abort(o);
		return -1;
	}
	return out_close(o);
}

/* The model and the lists every mode reads. */
static int open_inputs(struct recommender **r, struct topk_filter *filter)
{
	unsigned char *allowed;
	*filter = (struct topk_filter){NULL, NULL};
	if (!(*r = recommend_open(model_path)))
		return -1;
	if (recommend_read_allowed(*r, candidates_path, blacklist_path, &allowed) < 0)
		return -1;
	filter->allowed = allowed;
	/* seen items are never shown unless asked for (README's promise) */
	if (exclude_path)
		filter->exclude = recommend_read_exclude(*r, exclude_path);
	else if (!include_seen)
		filter->exclude = recommend_read_seen(*r, model_path);
	return include_seen || filter->exclude ? 0 : -1;
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	dist_init(&argc, &argv);
	/* under mpirun every rank reads the same arguments and inputs: a fault
	 * in them is told by rank 0 only */
	err_hold(dist_rank() != 0);
	parse_args(argc, argv);
	if (dist_size() > 1 && parts > 1)
		die_usage("--part: not under mpirun (each rank takes its own part)");
	if (dist_size() > 1) {
		if (serve_mode || !model_path || strcmp(out_path, "-") == 0)
			die_usage("under mpirun: batch mode with -m MODEL and -o RECS only");
		part = (uint32_t)dist_rank();
		parts = (uint32_t)dist_size();
	} else
		err_hold(0);
	if (threads)
		omp_set_num_threads(threads);
	if (!model_path)
		return filter_mode(optind < argc ? argv[optind] : "-") < 0 ? EXIT_DATA : 0;
	struct recommender *r;
	struct topk_filter filter;
	if (dist_agree(open_inputs(&r, &filter) < 0))
		return EXIT_DATA;
	/* one request at a time in serve mode: no team of threads to wake for each */
	if (serve_mode)
		omp_set_num_threads(1);
	int rc = serve_mode ? serve(r, &filter) : batch(r, &filter);
	spm_free((struct spm *)filter.exclude);
	free((void *)filter.allowed);
	recommend_free(r);
	return rc < 0 ? EXIT_DATA : 0;
}
