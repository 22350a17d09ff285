#include "err.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

const char *err_progname = "reel";

/* A fixed table: a signal handler must not walk a structure that malloc
 * may be changing.  Most tools write a handful of outputs; reel-shard up
 * to 1024 parts at once. */
#define CLEANUP_MAX 1100
static char *cleanup_paths[CLEANUP_MAX];
static unsigned char cleanup_is_dir[CLEANUP_MAX];

/* Files first, then directories, the last made first (the deepest), so
 * that a directory emptied of its temporary files can go too. */
static void run_cleanup(void)
{
	for (int i = 0; i < CLEANUP_MAX; i++)
		if (cleanup_paths[i] && !cleanup_is_dir[i])
			unlink(cleanup_paths[i]);
	for (int i = CLEANUP_MAX - 1; i >= 0; i--)
		if (cleanup_paths[i] && cleanup_is_dir[i])
			rmdir(cleanup_paths[i]);
}

static void on_fatal_signal(int sig)
{
	run_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

void err_init(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
	err_progname = slash ? slash + 1 : (argv0 ? argv0 : "reel");
	atexit(run_cleanup);
	/* GSL's default handler aborts the process; every status is checked. */
	gsl_set_error_handler_off();
	int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction sa = {0};
		if (sigaction(sigs[i], NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			continue; /* respect an inherited "ignore" (nohup) */
		sa.sa_handler = on_fatal_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = 0;
		sigaction(sigs[i], &sa, NULL);
	}
}

static void cleanup_add(const char *path, int is_dir)
{
	for (int i = 0; i < CLEANUP_MAX; i++) {
		if (!cleanup_paths[i]) {
			cleanup_is_dir[i] = (unsigned char)is_dir;
			cleanup_paths[i] = xstrdup(path);
			return;
		}
	}
	die("too many temporary files open at once");
}

void err_cleanup_add(const char *path)
{
	cleanup_add(path, 0);
}

void err_cleanup_add_dir(const char *path)
{
	cleanup_add(path, 1);
}

void err_cleanup_remove(const char *path)
{
	for (int i = 0; i < CLEANUP_MAX; i++) {
		if (cleanup_paths[i] && strcmp(cleanup_paths[i], path) == 0) {
			char *p = cleanup_paths[i];
			cleanup_paths[i] = NULL;
			free(p);
			return;
		}
	}
}

static char context[256];

void err_context(const char *ctx)
{
	snprintf(context, sizeof context, "%s", ctx ? ctx : "");
}

#define LINE_MAX_BYTES 4096

static int holding;
static char held[LINE_MAX_BYTES];

/* vsnprintf at line + *n, *n clamped to the room left (a line cut short) */
static void vadd(char *line, size_t *n, const char *fmt, va_list ap)
{
	if (*n < LINE_MAX_BYTES - 1)
		*n += (size_t)vsnprintf(line + *n, LINE_MAX_BYTES - 1 - *n, fmt, ap);
	if (*n > LINE_MAX_BYTES - 2)
		*n = LINE_MAX_BYTES - 2;
}

static void add(char *line, size_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(line, n, fmt, ap);
	va_end(ap);
}

/* LEAD before the line, END after it (a progress line in place on a
 * terminal: "\r\033[K" and no newline until the last).  The line goes out
 * in one write(2): under mpirun the ranks' stderr are merged write by
 * write, and a message in pieces is interleaved with another rank's. */
static void vline(const char *lead, const char *prefix, const char *end, const char *fmt,
		  va_list ap)
{
	int saved = errno;
	char line[LINE_MAX_BYTES];
	size_t n = 0;
	fflush(stdout);
	add(line, &n, "%s%s: %s%s%s", lead, err_progname, context, *context ? ": " : "", prefix);
	vadd(line, &n, fmt, ap);
	size_t len = strlen(fmt);
	if (len > 0 && fmt[len - 1] == ':')
		add(line, &n, " %s", strerror(saved));
	n += (size_t)snprintf(line + n, LINE_MAX_BYTES - n, "%s", end); /* room kept for it */
	if (holding) {
		memcpy(held, line, n + 1);
		return;
	}
	fflush(stderr);
	for (size_t off = 0; off < n;) {
		ssize_t w = write(STDERR_FILENO, line + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	errno = saved;
}

void err_hold(int on)
{
	holding = on;
	held[0] = 0;
}

void err_release(void)
{
	ssize_t w = held[0] ? write(STDERR_FILENO, held, strlen(held)) : 0;
	(void)w; /* stderr gone: nothing else to tell it to */
	held[0] = 0;
}

static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
	vline("", prefix, "\n", fmt, ap);
}

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
	exit(EXIT_DATA);
}

void die_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
	if (!holding)
		fprintf(stderr, "Try '%s --help' for more information.\n", err_progname);
	exit(EXIT_USAGE);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
	return -1;
}

void warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("warning: ", fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

void note_progress(int tty, int last, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vline(tty ? "\r\033[K" : "", "", tty && !last ? "" : "\n", fmt, ap);
	va_end(ap);
}

void print_version(void)
{
	printf("%s (reel) %s\n", err_progname, REEL_VERSION);
	exit(0);
}
