#include "mem.h"
#include "err.h"

#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die("out of memory allocating %zu bytes", size);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		die("out of memory allocating %zu x %zu bytes", count, size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die("out of memory allocating %zu bytes", size);
	return p;
}

void *xmallocarray(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		die("out of memory: %zu x %zu bytes overflows", count, size);
	return xmalloc(count * size);
}

void *xmalloc_lines(size_t count, size_t size)
{
	if (size && count > (SIZE_MAX - 63) / size)
		die("out of memory: %zu x %zu bytes overflows", count, size);
	size_t bytes = count * size > 0 ? (count * size + 63) / 64 * 64 : 64;
	void *p = NULL;
	if (posix_memalign(&p, 64, bytes) != 0)
		die("out of memory allocating %zu bytes", bytes);
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		die("out of memory");
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("cannot format '%s':", fmt);
	char *s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/*
 * Large float arrays (factors), read by rows at random, span more pages
 * than the TLB maps once they pass a few MiB: those over HUGE_MIN are
 * aligned to 2 MiB and offered to the kernel as huge pages (a hint: where
 * transparent huge pages are off nothing changes).  Smaller ones are not,
 * since a huge page half used counts fully in the peak RSS (docs/ALS.md).
 */
#define HUGE_PAGE (2u << 20)
#define HUGE_MIN (8u << 20)

float *xmalloc_pages(size_t count)
{
	size_t bytes = count * sizeof(float);
	if (count > SIZE_MAX / sizeof(float))
		die("out of memory: %zu floats overflow", count);
	if (bytes < HUGE_MIN)
		return xmalloc_lines(count, sizeof(float));
	bytes = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
	void *p = NULL;
	if (posix_memalign(&p, HUGE_PAGE, bytes) != 0)
		die("out of memory");
	madvise(p, bytes, MADV_HUGEPAGE);
	return p;
}
