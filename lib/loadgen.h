/*
 * loadgen: drive servers that speak reel's line protocol through pipes and
 * time every answer.
 *
 * The protocol (reel-topk --serve, docs/TOOLS.md): a request is one line;
 * its answer is any number of lines ended by an empty line, answers come
 * in the order of the requests; an answer whose first line is "error" or
 * starts with "error" and a tab or space is an error answer.
 *
 * loadgen_run() starts cfg->servers copies of cfg->command (lib/proc.h),
 * warms them up (each answers cfg->warmup requests, copies of the first
 * ones, one at a time, unmeasured: so that loading the model, which the
 * first answer waits for, is not counted as latency), then sends the n
 * requests and returns when every one is answered:
 *   closed loop (rate 0): each server has one request outstanding; the
 *     next request goes to the server that just answered; latency[i] runs
 *     from writing request i to reading the end of its answer.
 *   open loop (rate R > 0): request i is due at t0 + i / R and goes, when
 *     due, to the server with the fewest outstanding requests (the lowest
 *     number among equals), queueing in its pipe; latency[i] runs from the
 *     due time, so time spent waiting behind earlier requests (or behind a
 *     late client) counts, as it would for a user.
 * Times come from latency_now() (CLOCK_MONOTONIC).
 *
 * Failures: a server that ends its output or stops reading (it died), one
 * that sends an answer it was not asked for, and one that owes an answer
 * and has made no progress for cfg->timeout seconds end the run with -1
 * after a message naming the server (1-based), how it ended and how many
 * answers it gave.  Every server is reaped before loadgen_run() returns,
 * killed if need be; SIGPIPE must be ignored by the caller.
 */
#ifndef REEL_LOADGEN_H
#define REEL_LOADGEN_H

#include <stdint.h>

enum loadgen_kind {
	LOADGEN_OK,           /* a well-formed request, answered with a list */
	LOADGEN_ERROR,        /* a well-formed request, answered with an error */
	LOADGEN_BAD_REJECTED, /* a malformed request, answered with an error */
	LOADGEN_BAD_ACCEPTED  /* a malformed request the server did not reject */
};

struct loadgen_config {
	char **command; /* argv of the server, NULL-terminated */
	long servers;   /* >= 1 */
	double rate;    /* requests a second in all; 0 for the closed loop */
	double timeout; /* seconds without progress before giving up */
	long warmup;    /* unmeasured requests per server first, >= 0 */
};

/* Send requests[0..n) (lines without their newline); bad[i] says whether
 * request i was meant to be malformed.  Fills kind[i], latency[i] (ns) and
 * *seconds, the time from the first measured request sent (after the
 * warm-up) to the last answer.  At
 * the end every server gets end-of-input and must exit with status 0
 * within cfg->timeout seconds, else a warning says how it ended.  Returns
 * 0, or -1 after a message. */
int loadgen_run(const struct loadgen_config *cfg, char *const *requests, const unsigned char *bad,
		uint64_t n, unsigned char *kind, int64_t *latency, double *seconds);

#endif
