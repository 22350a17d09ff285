/*
 * text: the encoding rules for reel's text fields.
 *
 * Every text file of reel's is UTF-8 (docs/FORMATS.md).  Readers check it
 * with text_utf8_check(); importers of older data sets in Latin-1
 * (ISO-8859-1, as MovieLens 100K and 1M are) convert with
 * text_latin1_to_utf8().  Both work on NUL-terminated strings.
 */
#ifndef REEL_TEXT_H
#define REEL_TEXT_H

#include <stddef.h>

/* -1 when s is valid UTF-8, else the byte offset of the first byte that
 * does not start or continue a valid sequence.  Overlong forms, UTF-16
 * surrogates and code points above U+10FFFF are invalid. */
long text_utf8_check(const char *s);

/* s read as Latin-1, written as UTF-8 into *buf, which is grown as needed
 * (*cap is its size; start with NULL and 0; the caller frees *buf).
 * Every byte maps to one code point, so this cannot fail.  Returns *buf. */
char *text_latin1_to_utf8(const char *s, char **buf, size_t *cap);

#endif
