/*
 * out: buffered output that is either complete or absent.
 *
 * out_open(PATH) writes to a new "PATH.tmp.PID.XXXXXX" (mkstemp: a name
 * nobody can plant a symbolic link at in advance; the mode PATH has, or
 * 0666 less the umask for a new file) and out_close() flushes, checks
 * every error, fsyncs and renames it to PATH, so a reader (or Make) sees the
 * old file or the whole new one, never a part.  Until out_close() succeeds
 * the temporary name is registered with err_cleanup_add(), so die() or a
 * signal removes it.  "-" writes to stdout (no rename; errors still
 * checked).  A PATH ending in ".gz" is written gzip-compressed.
 *
 * Write functions never fail loudly: errors are remembered and reported once
 * by out_close(), which returns -1 after printing "PATH: reason".
 */
#ifndef REEL_OUT_H
#define REEL_OUT_H

#include <stddef.h>
#include <stdint.h>

struct out;

struct out *out_open(const char *path);
void out_write(struct out *o, const void *data, size_t len);
void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void out_putc(struct out *o, char c);
void out_puts(struct out *o, const char *s);
/* Fast decimal writers for the hot paths (ids, ranks). */
void out_u64(struct out *o, uint64_t v);
/* A float or double printed so it reads back to the same value
 * ("%.9g" and "%.17g"). */
void out_f32(struct out *o, float v);
void out_f64(struct out *o, double v);
/* A tab, then v in its shortest text that reads back exactly
 * (num_format_double), or "nan": a field of a TSV table meant for people
 * and programs alike. */
void out_field_f64(struct out *o, double v);
/* Flush to the OS (stdout in a server loop); returns -1 on a write error. */
int out_flush(struct out *o);
/* Finish: 0 when the whole output is in place, -1 after a message. */
int out_close(struct out *o);
/* Finish n outputs as one (NULL entries skipped): all are flushed and
 * synced first, and renamed into place only when every one is complete,
 * so a failure leaves every old PATH as it was.  (Should a rename itself
 * fail, the outputs already renamed are removed.)  0, or -1 after the
 * message of the first failure; every output is released either way. */
int out_close_all(struct out **o, int n);
/* "mkdir -p PATH".  The directories it makes are removed at an exit (die,
 * a signal, a failed run) before any output was committed into them, if
 * empty by then: a failed run leaves no new empty directory.  -1 after a
 * message. */
int out_mkdir(const char *path);
/* Whether paths a and b name one file (device and inode, after symbolic
 * links; for a file not there yet, its directory's and its name); "-" is
 * never the same as anything. */
int out_same_file(const char *a, const char *b);
/* Give up: remove the temporary file, leave any old PATH as it was. */
void out_abort(struct out *o);
/* The error remembered from a failed write (an errno value), 0 if none. */
int out_error(const struct out *o);
/* The name used in messages. */
const char *out_name(const struct out *o);

#endif
