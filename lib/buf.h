/*
 * buf: a growing string, as git's strbuf.
 *
 * A struct buf starts as {0} (s NULL, len 0) and is always NUL-terminated
 * once anything was added: s[len] == '\0', cap > len.  The caller owns s
 * and frees it with free().  Growth cannot fail (lib/mem.h).
 */
#ifndef REEL_BUF_H
#define REEL_BUF_H

#include <stddef.h>

struct buf {
	char *s;
	size_t len, cap;
};

/* Room for n more bytes and the NUL after them: returns where they go
 * (s + len); the caller writes them and the NUL, and adds n to len. */
char *buf_reserve(struct buf *b, size_t n);
/* Append n bytes of s (which may hold NULs). */
void buf_add(struct buf *b, const void *s, size_t n);
/* Append the string s. */
void buf_puts(struct buf *b, const char *s);
/* Append printf's output. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
