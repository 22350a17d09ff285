/*
 * abtest: what an A/B test needs beyond lib/stats.h: per-user metric
 * tables, the stable assignment of users to arms, a bootstrap interval
 * and the acceptance region of a calibration check.
 *
 * A per-user table is the file `reel-metrics --per-user` writes
 * (docs/METRICS.md): a header line whose first field is `user`, then one
 * row per user, a user id and one finite number per further column.
 * Columns named as reel-metrics names them are held to their ranges:
 * `relevant` an integer >= 1, `hits@K` an integer >= 0, `recall@K`,
 * `precision@K`, `ndcg@K`, `map@K`, `mrr@K` and `hit@K` in [0, 1],
 * `novelty@K` >= 0.  The
 * table owns every array; value[r * ncols + c] is row r's column c
 * (column 0, the user id, is in user[r], its value slot unused).
 *
 * The assignment is a pure function of the salt string and the user id,
 * so anyone can reproduce it (docs/EXPERIMENTS.md gives it in full):
 *     h = mix64(fnv1a64(salt) XOR user),  x = (h >> 11) / 2^53,
 *     arm B if x < split, else arm A,
 * with fnv1a64 the 64-bit FNV-1a hash of the salt's bytes (offset basis
 * 0xcbf29ce484222325, prime 0x100000001b3) and mix64 = rng_mix64
 * (splitmix64's finaliser).
 */
#ifndef REEL_ABTEST_H
#define REEL_ABTEST_H

#include <stdint.h>

struct idmap;
struct out;

struct abtest_table {
	char *name;     /* the path, for messages */
	uint32_t n;     /* rows (users) */
	int ncols;      /* header fields, the user column included */
	char **col;     /* ncols column names */
	uint32_t *user; /* n user ids, in file order */
	double *value;  /* n * ncols values, row-major */
	/* private */
	struct idmap *index; /* user id -> row */
};

/* Read PATH ("-" for stdin).  Returns NULL after a located message on a
 * missing or malformed header, a line with the wrong number of fields, a
 * bad user id or value, a user given twice, or a table with no rows. */
struct abtest_table *abtest_table_read(const char *path);
void abtest_table_free(struct abtest_table *t);
/* The index of the column called name (>= 1), or -1 after
 * "FILE: no column 'NAME'". */
int abtest_table_column(const struct abtest_table *t, const char *name);
/* The row of user id, or -1 when the table does not hold it. */
int64_t abtest_table_row(const struct abtest_table *t, uint32_t user);

/* The 64-bit FNV-1a hash of the NUL-terminated string s. */
uint64_t abtest_fnv1a64(const char *s);
/* 1 when user goes to arm B under the salt whose hash is salt_hash and the
 * share split of users in B (0 < split < 1), else 0 (arm A). */
int abtest_arm(uint64_t salt_hash, uint32_t user, double split);

/* The level and power of every test and sample size. */
#define ABTEST_ALPHA 0.05
#define ABTEST_POWER 0.8

/* One metric's comparison of A and B; NaN where a figure is undefined
 * (fewer than two users, no variance).  Formulas in docs/EXPERIMENTS.md. */
struct abtest_result {
	uint64_t n_a, n_b;       /* users (pairs: both n) */
	double mean_a, mean_b;   /* means of A and of B */
	double diff;             /* mean_b - mean_a */
	double ci_lo, ci_hi;     /* 95 % t interval of diff (Welch's for two samples) */
	double boot_lo, boot_hi; /* paired: 95 % percentile bootstrap interval */
	double t, df, p;         /* paired t-test (df n - 1), or Welch's */
	double p_wilcoxon;       /* paired: Wilcoxon signed-rank */
	double n_mde;            /* pairs or users per arm to detect mde x |mean_a| */
};

/* Paired design: user i scored a[i] under A and b[i] under B, i < n.
 * boot_reps resamples (0: no bootstrap) from seed. */
void abtest_paired(const double *a, const double *b, uint64_t n, double mde, uint64_t boot_reps,
		   uint64_t seed, struct abtest_result *r);
/* abtest_paired() of m metrics of the same users: a[j], b[j] the scores of
 * metric j, results in r[j], identical to m calls with the same seed. */
void abtest_paired_many(const double *const *a, const double *const *b, int m, uint64_t n,
			double mde, uint64_t boot_reps, uint64_t seed, struct abtest_result *r);
/* Two independent samples: the users of arm A scored a[0..n_a), those of
 * arm B b[0..n_b).  boot_lo, boot_hi and p_wilcoxon are NaN. */
void abtest_split(const double *a, uint64_t n_a, const double *b, uint64_t n_b, double mde,
		  struct abtest_result *r);
/* Sample-ratio mismatch: the chi-square p (1 df) of arm sizes n_a, n_b
 * against the shares 1 - split and split of their total. */
double abtest_srm(uint64_t n_a, uint64_t n_b, double split);

/* The headline sentence of a paired test of the runner-up (A, a_name)
 * against the leader (B, b_name) on metric: that B leads (or trails, when
 * B - A < 0) and by how much,
 * with the interval and Holm's p, and "statistically tied" when p_holm is
 * not below ABTEST_ALPHA (or undefined; nmetrics the metrics Holm spanned).
 * Figures by lib/fmt.h.  Returns a new string; sets *tied. */
char *abtest_headline(const char *a_name, const char *b_name, const char *metric,
		      const struct abtest_result *r, double p_holm, int nmetrics, int *tied);

/* Percentile bootstrap interval at level 1 - alpha for the mean of
 * x[0..n): reps resamples of n draws with replacement from a generator
 * seeded with seed (rng.h), each resample's mean, and the alpha/2 and
 * 1 - alpha/2 quantiles of those means (linear interpolation between
 * order statistics, as gsl_stats_quantile_from_sorted_data).  The same n,
 * reps and seed draw the same indices whatever x holds, so intervals of
 * several metrics rest on the same resampled users.  NaN when n < 2. */
void abtest_bootstrap_mean(const double *x, uint64_t n, uint64_t reps, uint64_t seed, double alpha,
			   double *lo, double *hi);
/* The same for m samples x[0..m), each of n values, at once: lo[j] and
 * hi[j] are bit for bit abtest_bootstrap_mean() of x[j], but each index is
 * drawn once for all m (the draws are nearly all of the cost). */
void abtest_bootstrap_means(const double *const *x, int m, uint64_t n, uint64_t reps, uint64_t seed,
			    double alpha, double *lo, double *hi);

/* The central acceptance region [lo, hi] of a Binomial(n, p) count at
 * level 1 - alpha: lo = min{k : P(X <= k) > alpha / 2} and hi =
 * min{k : P(X <= k) >= 1 - alpha / 2}, so that P(X < lo) <= alpha / 2 and
 * P(X > hi) <= alpha / 2. */
void abtest_binomial_region(uint64_t n, double p, double alpha, uint64_t *lo, uint64_t *hi);

/* ---- The comparison reel-abtest writes (docs/EXPERIMENTS.md) ----------
 * One TSV row per metric.  Paired design (split < 0): each user's B value
 * against their A value, mean difference with a t interval and a seeded
 * bootstrap interval, the paired t-test and Wilcoxon's signed-rank test.
 * Split design (0 < split < 1): abtest_arm() under the salt sends each
 * user to one arm, whose file gives the user's value; Welch's t-test
 * between the arms, a sample-ratio-mismatch check (chi-square p below
 * 0.001 voids the test, with a warning) and the users per arm needed.
 * Holm's adjustment spans the metrics; the verdict follows the adjusted p
 * and the sign of B - A. */
#define ABTEST_MAX_METRICS 64

struct abtest_design {
	double split;       /* share of users in arm B; < 0: paired design */
	const char *salt;   /* of the assignment hash */
	double mde;         /* effect to size for, relative to A's mean, > 0 */
	uint64_t boot_reps; /* paired: bootstrap resamples (0: none) */
	uint64_t seed;      /* of the bootstrap */
	long aa_tests;      /* abtest_aa(): the number of A/A tests */
	const char *name_a; /* paired, with headline_path: the variants' names */
	const char *name_b;
	const char *headline_path; /* NULL, or where B against A on the first
				    * metric goes as key/value: leader,
				    * runner_up, metric, tied, sentence */
};

/* Compare a and b on the m metrics names[j], column ca[j] of a and cb[j]
 * of b (m <= ABTEST_MAX_METRICS), writing the table to o (which stays the
 * caller's to close) and the headline file if asked.  0, or -1 after a
 * message: paired files that hold different users, a failed headline
 * write. */
int abtest_compare(struct out *o, const struct abtest_design *p, const struct abtest_table *a,
		   const struct abtest_table *b, const char **names, int m, const int *ca,
		   const int *cb);

/* p->aa_tests A/A tests on a alone, arms drawn with salts "SALT#1" ..
 * "SALT#N" and share p->split: per metric (and "any_holm", any metric
 * significant after Holm) the share of tests rejected at ABTEST_ALPHA
 * against the binomial acceptance region at level 0.01, with a warning
 * for each metric outside it.  Columns col[j] of a. */
void abtest_aa(struct out *o, const struct abtest_design *p, const struct abtest_table *a,
	       const char **names, int m, const int *col);

#endif
