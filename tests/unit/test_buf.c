/* Unit tests of lib/buf: the string stays NUL-terminated and its length
 * exact through every kind of append, and growth keeps what was there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "t.h"

int main(void)
{
	struct buf b = {0};
	buf_add(&b, "", 0);
	CHECK(b.s && b.len == 0 && b.s[0] == '\0', "an empty append gives an empty string");
	buf_puts(&b, "ab");
	buf_add(&b, "c\0d", 3);
	CHECK(b.len == 5 && memcmp(b.s, "abc\0d", 6) == 0, "bytes with a NUL among them");
	buf_printf(&b, "[%d:%s]", 42, "x");
	CHECK(b.len == 11 && strcmp(b.s + 5, "[42:x]") == 0, "printf appends");
	for (int i = 0; i < 10000; i++)
		buf_puts(&b, "0123456789");
	CHECK(b.len == 11 + 100000 && b.s[b.len] == '\0' && memcmp(b.s, "abc\0d[42:x]01", 13) == 0,
	      "growth keeps what was there");
	char *at = buf_reserve(&b, 3);
	memcpy(at, "xyz", 4);
	b.len += 3;
	CHECK(b.cap > b.len && strcmp(b.s + b.len - 3, "xyz") == 0, "reserve leaves room");
	free(b.s);
	return t_done();
}
