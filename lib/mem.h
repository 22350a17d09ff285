/*
 * mem: allocation that cannot fail.  Out of memory (or a size that
 * overflows) dies with exit 1 and a message (err.h); nothing returns NULL.
 * Everything is released with free().
 */
#ifndef REEL_MEM_H
#define REEL_MEM_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xmallocarray(size_t count, size_t size);
/* count x size bytes on a 64-byte (cache line) boundary, uninitialised
 * (untouched pages cost no memory).  For arrays read by 32-byte vector
 * loads: from an address that is not a multiple of 32, one load in two
 * spans two cache lines (docs/ALS.md). */
void *xmalloc_lines(size_t count, size_t size);
/* count floats, uninitialised: as xmalloc_lines, and arrays over 8 MiB
 * aligned to 2 MiB and offered to the kernel as huge pages (below). */
float *xmalloc_pages(size_t count);
char *xstrdup(const char *s);
/* A new string printed from fmt, as asprintf(3). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
