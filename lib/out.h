/*
 * out: buffered output that is either complete or absent.
 *
 * out_open(PATH) writes to "PATH.tmp.PID" and out_close() flushes, checks
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
/* Flush to the OS (stdout in a server loop); returns -1 on a write error. */
int out_flush(struct out *o);
/* Finish: 0 when the whole output is in place, -1 after a message. */
int out_close(struct out *o);
/* Give up: remove the temporary file, leave any old PATH as it was. */
void out_abort(struct out *o);
/* The name used in messages. */
const char *out_name(const struct out *o);

#endif
