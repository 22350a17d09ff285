#include "text.h"
#include "err.h"

#include <string.h>

/* The length of the valid sequence starting at p, or 0.  The bounds on the
 * second byte are what rule out overlongs, surrogates and > U+10FFFF. */
static int sequence_length(const unsigned char *p)
{
	unsigned char c = p[0];
	int n;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

long text_utf8_check(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		while (*p && *p < 0x80) /* ASCII, nearly every byte of a ratings file */
			p++;
		if (!*p)
			break;
		int n = sequence_length(p);
		if (n == 0)
			return (long)(p - (const unsigned char *)s);
		p += n;
	}
	return -1;
}

char *text_latin1_to_utf8(const char *s, char **buf, size_t *cap)
{
	size_t need = 2 * strlen(s) + 1;
	if (*cap < need) {
		*cap = need;
		*buf = xrealloc(*buf, *cap);
	}
	char *w = *buf;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80) {
			*w++ = (char)*p;
		} else {
			*w++ = (char)(0xC0 | (*p >> 6));
			*w++ = (char)(0x80 | (*p & 0x3F));
		}
	}
	*w = '\0';
	return *buf;
}
