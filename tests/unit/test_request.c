/* Unit tests of lib/request: the --serve request parser. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "t.h"

static struct request *req;
static char why[128];

static int parse(const char *s)
{
	why[0] = '\0';
	return request_parse(req, s, strlen(s), why, sizeof why);
}

int main(void)
{
	req = request_new();

	CHECK(parse("42") == 0 && req->user == 42 && req->count == 0, "a plain user");
	CHECK(parse("  7\t") == 0 && req->user == 7 && req->count == 0, "blanks at the ends");
	CHECK(parse("1 10 11:4.5\t 12:-2") == 0 && req->user == 1 && req->count == 3 &&
		      req->items[0] == 10 && req->ratings[0] == 1 && req->items[1] == 11 &&
		      req->ratings[1] == 4.5f && req->items[2] == 12 && req->ratings[2] == -2,
	      "a history, default rating 1, tabs and runs of blanks");
	CHECK(parse("4294967295 4294967295:1e3") == 0 && req->user == 4294967295u &&
		      req->items[0] == 4294967295u && req->ratings[0] == 1000,
	      "largest ids, exponent rating");

	CHECK(parse("") < 0 && strcmp(why, "empty request") == 0, "empty line");
	CHECK(parse(" \t ") < 0 && strcmp(why, "empty request") == 0, "blank line");
	CHECK(parse("x") < 0 && strcmp(why, "bad user id 'x'") == 0, "bad user");
	CHECK(parse("-1") < 0 && strcmp(why, "bad user id '-1'") == 0, "negative user");
	CHECK(parse("4294967296") < 0 && strcmp(why, "bad user id '4294967296'") == 0,
	      "user out of range");
	CHECK(parse("1 2:") < 0 && strcmp(why, "bad rating ''") == 0, "empty rating");
	CHECK(parse("1 :3") < 0 && strcmp(why, "bad item id ''") == 0, "empty item");
	CHECK(parse("1 2:3:4") < 0 && strcmp(why, "bad rating '3:4'") == 0, "two colons");
	CHECK(parse("1 2:nan") < 0 && strcmp(why, "bad rating 'nan'") == 0, "nan rating");
	CHECK(parse("1 2:inf") < 0, "infinite rating");
	CHECK(parse("1 2:1e31") < 0, "rating beyond 1e30");
	CHECK(parse("1 5 6 5:2") < 0 && strcmp(why, "item 5 given twice") == 0, "repeated item");
	CHECK(parse("1 2\r") < 0 && strcmp(why, "bad item id '2?'") == 0,
	      "a carriage return is not a blank, and is shown as ?");
	CHECK(request_parse(req, "1 2\0003", 5, why, sizeof why) < 0 &&
		      strcmp(why, "bad item id '2?3'") == 0,
	      "a NUL byte inside the line");

	char longtok[200];
	memset(longtok, '7', sizeof longtok - 1);
	longtok[sizeof longtok - 1] = '\0';
	char line[256];
	snprintf(line, sizeof line, "1 %s", longtok);
	CHECK(parse(line) < 0 && strncmp(why, "bad item id '7777", 16) == 0 &&
		      strlen(why) == strlen("bad item id ''...") + 40,
	      "a long token, cut to 40 bytes in the message");
	char tiny[8];
	CHECK(request_parse(req, "x", 1, tiny, sizeof tiny) < 0 && strlen(tiny) == 7,
	      "the message fits a small buffer");

	/* a history of 100000 items: the arrays grow */
	size_t cap = 100000 * 8 + 16, len = 0;
	char *big = malloc(cap);
	len += (size_t)sprintf(big, "9");
	for (int i = 0; i < 100000; i++)
		len += (size_t)sprintf(big + len, " %d:%d", i, i % 5);
	CHECK(request_parse(req, big, len, why, sizeof why) == 0 && req->count == 100000 &&
		      req->items[99999] == 99999 && req->ratings[99999] == 4,
	      "a long history");
	CHECK(parse("3") == 0 && req->count == 0 && req->user == 3,
	      "a short request after a long one");
	free(big);

	request_free(req);
	return t_done();
}
