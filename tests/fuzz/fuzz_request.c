/*
 * fuzz_request: libFuzzer harness of the --serve request parser
 * (lib/request.c).  The input is one request line, any bytes.  Besides
 * the sanitizers' checks it asserts the parser's contract: a parsed
 * request has no item twice and as many items as tokens after the user;
 * a rejected one has a message that is one printable line.  One struct
 * request is reused across inputs, as the server reuses it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"

static struct request *req;

static size_t tokens(const uint8_t *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
			count++;
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[128];
	if (!req)
		req = request_new();
	memset(why, 0x55, sizeof why);
	if (request_parse(req, (const char *)data, size, why, sizeof why) == 0) {
		if (req->count + 1 != tokens(data, size))
			abort();
		for (uint32_t i = 0; i < req->count; i++) {
			if (!(req->ratings[i] >= -1e30f && req->ratings[i] <= 1e30f))
				abort();
			for (uint32_t j = 0; j < i; j++)
				if (req->items[i] == req->items[j])
					abort();
		}
	} else {
		size_t len = strnlen(why, sizeof why);
		if (len == sizeof why || len == 0)
			abort();
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)why[i] < 0x20 || (unsigned char)why[i] >= 0x7f)
				abort();
	}
	return 0;
}
