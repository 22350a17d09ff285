/*
 * err: diagnostics and exits, the same for every tool.
 *
 * Every message goes to stderr as "reel-NAME: what is wrong", the prefix
 * added here from the name given to err_init().  A format that ends in ':'
 * gets ": strerror(errno)" appended, as sbase's eprintf does.
 *
 * Exit status, the same in every tool: 0 success, 1 bad data or runtime
 * failure (die), 2 usage error (die_usage).
 *
 * Temporary output files registered with err_cleanup_add() are unlinked on
 * any exit that did not first commit them (die, a signal), so a failed run
 * never leaves a half-written file behind under a name Make would trust.
 */
#ifndef REEL_ERR_H
#define REEL_ERR_H

#include <stddef.h>
#include <stdnoreturn.h>

/* Allocation dies through err when memory runs out; nearly every user of
 * one uses the other. */
#include "mem.h"

#define REEL_VERSION "0.1.0"

#define EXIT_DATA 1
#define EXIT_USAGE 2

/* The tool's name as printed in messages ("reel-split"). */
extern const char *err_progname;

/* Set the message prefix from argv[0]'s basename; install the cleanup
 * hooks; turn off GSL's aborting error handler (callers check statuses). */
void err_init(const char *argv0);

/* Print the message and exit 1. */
noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the message and exit 2 (a usage error). */
noreturn void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the message and return -1, so library code can "return error(...)". */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Put CONTEXT ("FILE:LINE", at most 255 bytes) between the prefix and every
 * message until err_context(NULL): a reader that names its own file and
 * line then also names what sent it there, still on one line. */
void err_context(const char *context);

/* Under mpirun every rank reads the same arguments and shared inputs, and
 * each would print the same message.  err_hold(1) keeps the messages (the
 * last) instead of printing them; err_release() prints the
 * one kept; err_hold(0) forgets it and prints again.  dist_agree()
 * (lib/dist.h) is the usual way out of a hold. */
void err_hold(int on);
void err_release(void);

/* Print a warning (prefixed "warning: ") and carry on. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a progress line or a summary ("reel-NAME: ...") on stderr: the
 * one way a tool speaks that is not an error. */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* note() for step after step of one task: with tty (stderr a terminal),
 * each line overwrites the one before and only the last ends the line. */
void note_progress(int tty, int last, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Print "--version" output and exit 0. */
noreturn void print_version(void);

/* Files to unlink if the process exits or is killed by a catchable signal
 * before err_cleanup_remove() is called for them.  The string is copied. */
void err_cleanup_add(const char *path);
void err_cleanup_remove(const char *path);
/* A directory to rmdir() at such an exit, after the files: removed only
 * if empty by then.  err_cleanup_remove() forgets it. */
void err_cleanup_add_dir(const char *path);

#endif
