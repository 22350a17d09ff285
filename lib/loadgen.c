#include "loadgen.h"
#include "err.h"
#include "latency.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUF_SIZE 65536
#define NONE UINT64_MAX

struct server {
	pid_t pid; /* 0 once reaped */
	int to, from;
	char *pending; /* request bytes not yet taken by the pipe */
	size_t pending_len, pending_cap;
	char *buf; /* the unfinished line of the answer */
	size_t buf_len;
	uint64_t head, tail, outstanding, answered; /* its queue of requests */
	int lines, first_is_error;                  /* the answer being read */
	int64_t progress; /* since when it owes an answer without giving one */
};

/* Requests [0, warm) warm the servers up; [warm, total) are measured.  A
 * phase sends requests [base, end) at rate (0: closed loop). */
struct gen {
	const struct loadgen_config *cfg;
	char **req;
	unsigned char *bad;
	uint64_t base, end, sent, answered;
	double rate;
	unsigned char *kind;
	int64_t *start, *latency;
	uint64_t *next; /* next[i]: the request queued after i at its server */
	struct server *s;
};

static void kill_all(struct gen *g)
{
	for (long k = 0; k < g->cfg->servers; k++) {
		struct server *v = &g->s[k];
		int st;
		if (v->pid > 0) {
			proc_kill(v->pid);
			proc_wait(v->pid, -1, &st, NULL);
			v->pid = 0;
		}
	}
}

/* Server k went away (end of its output, or a broken pipe): say how. */
static int died(struct gen *g, long k)
{
	struct server *v = &g->s[k];
	int st;
	char how[96];
	int killed = proc_wait(v->pid, 2, &st, NULL);
	kill(-v->pid, SIGKILL); /* whatever it started and left behind */
	v->pid = 0;
	kill_all(g);
	if (killed > 0)
		snprintf(how, sizeof how, "closed its output (and was killed)");
	else
		proc_describe(st, how, sizeof how);
	return error("server %ld %s after %llu answer%s, %llu request%s unanswered", k + 1, how,
		     (unsigned long long)v->answered, v->answered == 1 ? "" : "s",
		     (unsigned long long)v->outstanding, v->outstanding == 1 ? "" : "s");
}

static int flush_pending(struct gen *g, long k)
{
	struct server *v = &g->s[k];
	size_t done = 0;
	while (done < v->pending_len) {
		ssize_t w = write(v->to, v->pending + done, v->pending_len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN)
			break;
		if (w < 0 && errno == EPIPE)
			return died(g, k);
		if (w < 0) {
			kill_all(g);
			return error("writing to server %ld:", k + 1);
		}
		done += (size_t)w;
	}
	memmove(v->pending, v->pending + done, v->pending_len - done);
	v->pending_len -= done;
	return 0;
}

/* Queue the next request at server k; its latency starts at t. */
static int dispatch(struct gen *g, long k, int64_t t)
{
	struct server *v = &g->s[k];
	uint64_t i = g->sent++;
	size_t len = strlen(g->req[i]);
	if (v->pending_len + len + 1 > v->pending_cap) {
		v->pending_cap = 2 * (v->pending_len + len + 1) + 256;
		v->pending = xrealloc(v->pending, v->pending_cap);
	}
	memcpy(v->pending + v->pending_len, g->req[i], len);
	v->pending[v->pending_len + len] = '\n';
	v->pending_len += len + 1;
	g->start[i] = t;
	g->next[i] = NONE;
	if (v->outstanding++ == 0) {
		v->head = i;
		v->progress = latency_now();
	} else {
		g->next[v->tail] = i;
	}
	v->tail = i;
	return flush_pending(g, k);
}

/* The answer to server k's oldest outstanding request is complete. */
static int complete(struct gen *g, long k, int64_t now)
{
	struct server *v = &g->s[k];
	if (v->outstanding == 0) {
		kill_all(g);
		return error("server %ld answered a request it was not sent", k + 1);
	}
	uint64_t i = v->head;
	v->head = g->next[i];
	v->outstanding--;
	v->answered++;
	v->progress = now;
	g->latency[i] = now - g->start[i];
	g->kind[i] = g->bad[i] ? (v->first_is_error ? LOADGEN_BAD_REJECTED : LOADGEN_BAD_ACCEPTED)
			       : (v->first_is_error ? LOADGEN_ERROR : LOADGEN_OK);
	v->lines = v->first_is_error = 0;
	g->answered++;
	return 0;
}

static int is_error_line(const char *p, size_t len)
{
	return len >= 5 && memcmp(p, "error", 5) == 0 && (len == 5 || p[5] == '\t' || p[5] == ' ');
}

/* Read what server k wrote: the number of answers completed, or -1. */
static int take_answers(struct gen *g, long k)
{
	struct server *v = &g->s[k];
	ssize_t got = read(v->from, v->buf + v->buf_len, BUF_SIZE - v->buf_len);
	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (got < 0 && errno != EPIPE && errno != ECONNRESET) {
		kill_all(g);
		return error("reading from server %ld:", k + 1);
	}
	if (got <= 0)
		return died(g, k);
	int64_t now = latency_now();
	v->buf_len += (size_t)got;
	int done = 0;
	char *p = v->buf, *end = v->buf + v->buf_len, *nl;
	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		if (nl == p) {
			if (complete(g, k, now) < 0)
				return -1;
			done++;
		} else if (v->lines++ == 0) {
			v->first_is_error = is_error_line(p, (size_t)(nl - p));
		}
		p = nl + 1;
	}
	v->buf_len = (size_t)(end - p);
	memmove(v->buf, p, v->buf_len);
	if (v->buf_len == BUF_SIZE) { /* an endless line: keep only that it began */
		v->lines += v->lines == 0;
		v->buf_len = 0;
	}
	return done;
}

static long least_loaded(const struct gen *g)
{
	long best = 0;
	for (long k = 1; k < g->cfg->servers; k++)
		if (g->s[k].outstanding < g->s[best].outstanding)
			best = k;
	return best;
}

static int start_all(struct gen *g)
{
	for (long k = 0; k < g->cfg->servers; k++) {
		struct server *v = &g->s[k];
		v->buf = xmalloc(BUF_SIZE);
		if ((v->pid = proc_spawn(g->cfg->command, -1, -1, &v->to, &v->from, PROC_GROUP)) <
		    0) {
			v->pid = 0;
			kill_all(g);
			return -1;
		}
		fcntl(v->to, F_SETFL, fcntl(v->to, F_GETFL) | O_NONBLOCK);
	}
	return 0;
}

/* End of input for every server; each should exit 0 within the timeout. */
static void stop_all(struct gen *g)
{
	for (long k = 0; k < g->cfg->servers; k++) {
		close(g->s[k].to);
		g->s[k].to = -1;
	}
	for (long k = 0; k < g->cfg->servers; k++) {
		struct server *v = &g->s[k];
		int st;
		char how[96];
		int killed = v->pid > 0 ? proc_wait(v->pid, g->cfg->timeout, &st, NULL) : -1;
		if (killed > 0)
			warn("server %ld did not exit within %g s of the end of its input: killed",
			     k + 1, g->cfg->timeout);
		else if (killed == 0 && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
			warn("server %ld %s at the end of its input", k + 1,
			     proc_describe(st, how, sizeof how));
		if (v->pid > 0)
			kill(-v->pid, SIGKILL); /* what it started and left behind */
		v->pid = 0;
	}
}

/* One round of the event loop: wait for the next event or deadline,
 * then handle it.  t0 is the start of the run (open loop schedule). */
static int step(struct gen *g, struct pollfd *pfd, long *owner, int64_t t0)
{
	const struct loadgen_config *c = g->cfg;
	int64_t now = latency_now(), wait = INT64_MAX, limit = (int64_t)(c->timeout * 1e9), due;
	if (g->rate > 0) {
		while (g->sent < g->end &&
		       (due = t0 + (int64_t)((double)(g->sent - g->base) * 1e9 / g->rate)) <= now)
			if (dispatch(g, least_loaded(g), due) < 0)
				return -1;
		if (g->sent < g->end)
			wait = t0 + (int64_t)((double)(g->sent - g->base) * 1e9 / g->rate) - now;
	}
	int np = 0;
	for (long k = 0; k < c->servers; k++) {
		struct server *v = &g->s[k];
		if (v->outstanding && now - v->progress > limit) {
			kill_all(g);
			return error("server %ld gave no answer within %g s, after %llu answers",
				     k + 1, c->timeout, (unsigned long long)v->answered);
		}
		if (v->outstanding && v->progress + limit - now < wait)
			wait = v->progress + limit - now + 1000000; /* just past the deadline */
		pfd[np] = (struct pollfd){v->from, POLLIN, 0};
		owner[np++] = k;
		if (v->pending_len) {
			pfd[np] = (struct pollfd){v->to, POLLOUT, 0};
			owner[np++] = k;
		}
	}
	struct timespec ts = {wait / 1000000000, wait % 1000000000};
	if (ppoll(pfd, (nfds_t)np, wait == INT64_MAX ? NULL : &ts, NULL) < 0 && errno != EINTR) {
		kill_all(g);
		return error("poll:");
	}
	for (int j = 0; j < np; j++) {
		long k = owner[j];
		if (!pfd[j].revents)
			continue;
		if (pfd[j].fd == g->s[k].to) {
			if (flush_pending(g, k) < 0)
				return -1;
			continue;
		}
		int done = take_answers(g, k);
		if (done < 0)
			return -1;
		for (; g->rate <= 0 && done > 0 && g->sent < g->end; done--)
			if (dispatch(g, k, latency_now()) < 0)
				return -1;
	}
	return 0;
}

static void free_gen(struct gen *g)
{
	for (long k = 0; k < g->cfg->servers; k++) {
		if (g->s[k].to >= 0)
			close(g->s[k].to);
		if (g->s[k].from >= 0)
			close(g->s[k].from);
		free(g->s[k].pending);
		free(g->s[k].buf);
	}
	free(g->s);
	free(g->start);
	free(g->next);
	free(g->req);
	free(g->bad);
	free(g->kind);
	free(g->latency);
}

/* Send requests [base, end) at rate and wait for all their answers. */
static int phase(struct gen *g, uint64_t base, uint64_t end, double rate, struct pollfd *pfd,
		 long *owner)
{
	g->base = base;
	g->end = end;
	g->rate = rate;
	int64_t t0 = latency_now();
	int rc = 0;
	for (long k = 0; rc == 0 && rate <= 0 && k < g->cfg->servers && g->sent < end; k++)
		rc = dispatch(g, k, latency_now());
	while (rc == 0 && g->answered < end)
		rc = step(g, pfd, owner, t0);
	return rc;
}

int loadgen_run(const struct loadgen_config *cfg, char *const *requests, const unsigned char *bad,
		uint64_t n, unsigned char *kind, int64_t *latency, double *seconds)
{
	uint64_t warm = n ? (uint64_t)cfg->warmup * (uint64_t)cfg->servers : 0, total = warm + n;
	struct gen g = {.cfg = cfg};
	g.req = xmallocarray(total ? total : 1, sizeof *g.req);
	g.bad = xmallocarray(total ? total : 1, 1);
	for (uint64_t i = 0; i < total; i++) {
		g.req[i] = requests[i < warm ? i % n : i - warm];
		g.bad[i] = bad[i < warm ? i % n : i - warm];
	}
	g.kind = xmallocarray(total ? total : 1, 1);
	g.latency = xmallocarray(total ? total : 1, sizeof *g.latency);
	g.start = xmallocarray(total ? total : 1, sizeof *g.start);
	g.next = xmallocarray(total ? total : 1, sizeof *g.next);
	g.s = xcalloc((size_t)cfg->servers, sizeof *g.s);
	for (long k = 0; k < cfg->servers; k++)
		g.s[k].to = g.s[k].from = -1;
	struct pollfd *pfd = xmallocarray((size_t)cfg->servers * 2, sizeof *pfd);
	long *owner = xmallocarray((size_t)cfg->servers * 2, sizeof *owner);
	int rc = start_all(&g);
	if (rc == 0)
		rc = phase(&g, 0, warm, 0, pfd, owner);
	int64_t t0 = latency_now();
	if (rc == 0)
		rc = phase(&g, warm, total, cfg->rate, pfd, owner);
	*seconds = (double)(latency_now() - t0) * 1e-9;
	if (rc == 0) {
		memcpy(kind, g.kind + warm, n);
		memcpy(latency, g.latency + warm, n * sizeof *latency);
		stop_all(&g);
	}
	free(pfd);
	free(owner);
	free_gen(&g);
	return rc;
}
