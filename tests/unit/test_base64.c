/* Unit tests of lib/base64: the test vectors of RFC 4648, section 10. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "t.h"

static int encodes(const void *in, size_t n, const char *want)
{
	char buf[64];
	size_t len = base64_encode(buf, in, n);
	return len == strlen(want) && len == base64_encoded_len(n) && strcmp(buf, want) == 0;
}

int main(void)
{
	static const char *vectors[][2] = {
		{"", ""},
		{"f", "Zg=="},
		{"fo", "Zm8="},
		{"foo", "Zm9v"},
		{"foob", "Zm9vYg=="},
		{"fooba", "Zm9vYmE="},
		{"foobar", "Zm9vYmFy"},
	};
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++)
		CHECK(encodes(vectors[i][0], strlen(vectors[i][0]), vectors[i][1]),
		      "RFC 4648 BASE64(\"%s\") = \"%s\"", vectors[i][0], vectors[i][1]);

	/* every byte value, and the two characters that differ from base64url */
	CHECK(encodes("\0\0\0", 3, "AAAA"), "zero bytes");
	CHECK(encodes("\xff\xff\xff", 3, "////"), "0xff bytes give '/'");
	CHECK(encodes("\xfb\xef\xbe", 3, "++++"), "0xfb 0xef 0xbe give '+'");
	CHECK(encodes("\x89PNG\r\n\x1a\n", 8, "iVBORw0KGgo="), "the PNG signature");

	/* pieces whose lengths are multiples of 3 concatenate to the whole */
	unsigned char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	char whole[400], pieces[400];
	size_t len = base64_encode(whole, all, 256), at = 0;
	for (size_t off = 0; off < 256; off += 30)
		at += base64_encode(pieces + at, all + off, off + 30 <= 256 ? 30 : 256 - off);
	CHECK(len == 344 && at == len && strcmp(whole, pieces) == 0,
	      "256 bytes in pieces of 30 encode as in one piece");
	CHECK(strncmp(whole, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj", 48) == 0 &&
		      strcmp(whole + 340, "/w==") == 0,
	      "bytes 0..255 encode as base64(1) does");
	CHECK(base64_encoded_len(0) == 0 && base64_encoded_len(1) == 4 &&
		      base64_encoded_len(3) == 4 && base64_encoded_len(4) == 8,
	      "encoded lengths");
	return t_done();
}
