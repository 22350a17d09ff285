/*
 * base64: the standard Base 64 encoding of RFC 4648, section 4.
 *
 * The alphabet A-Z a-z 0-9 + /, with '=' padding to a multiple of four
 * characters and no line breaks: the form a data: URI (RFC 2397) takes.
 * Encoding cannot fail, so these functions return no status.
 */
#ifndef REEL_BASE64_H
#define REEL_BASE64_H

#include <stddef.h>

/* The length of the encoding of n bytes, without a terminating NUL:
 * 4 * ceil(n / 3).  n must be below SIZE_MAX / 4 * 3. */
size_t base64_encoded_len(size_t n);

/* Encode the n bytes at src into dst, which must hold
 * base64_encoded_len(n) + 1 bytes; dst is NUL-terminated.  Returns the
 * length written (without the NUL).  A long input may be encoded in pieces
 * whose lengths are multiples of 3: the pieces concatenate. */
size_t base64_encode(char *dst, const void *src, size_t n);

#endif
