#include "request.h"
#include "err.h"
#include "num.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* No number reel accepts needs this many bytes; a longer token is bad
 * whatever it holds. */
#define TOKEN_MAX 128
#define SHOWN_MAX 40
#define RATING_MAX 1e30

struct request *request_new(void)
{
	return xcalloc(1, sizeof(struct request));
}

void request_free(struct request *req)
{
	if (!req)
		return;
	free(req->items);
	free(req->ratings);
	free(req->sorted);
	free(req);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* why = "WHAT 'TOKEN'", the token cut short and made printable, so that a
 * hostile request cannot put control bytes into the answer stream. */
static int bad(char *why, size_t size, const char *what, const char *tok, size_t len)
{
	char shown[SHOWN_MAX + 4];
	size_t n = len > SHOWN_MAX ? SHOWN_MAX : len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tok[i];
		shown[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	strcpy(shown + n, len > SHOWN_MAX ? "..." : "");
	snprintf(why, size, "%s '%s'", what, shown);
	return -1;
}

/* tok[0..len) parsed whole as an id or a rating; -1 when it is not one. */
static int parse_id(const char *tok, size_t len, uint32_t *out)
{
	char buf[TOKEN_MAX];
	if (len >= TOKEN_MAX || memchr(tok, '\0', len))
		return -1;
	memcpy(buf, tok, len);
	buf[len] = '\0';
	return num_parse_u32(buf, out);
}

static int parse_rating(const char *tok, size_t len, float *out)
{
	char buf[TOKEN_MAX];
	double v;
	if (len >= TOKEN_MAX || memchr(tok, '\0', len))
		return -1;
	memcpy(buf, tok, len);
	buf[len] = '\0';
	if (num_parse_double(buf, -RATING_MAX, RATING_MAX, &v) < 0)
		return -1;
	*out = (float)v;
	return 0;
}

static void grow(struct request *req)
{
	uint32_t cap = req->cap ? req->cap * 2 : 16;
	req->items = xrealloc(req->items, (size_t)cap * sizeof *req->items);
	req->ratings = xrealloc(req->ratings, (size_t)cap * sizeof *req->ratings);
	req->sorted = xrealloc(req->sorted, (size_t)cap * sizeof *req->sorted);
	req->cap = cap;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* One history token, ITEM or ITEM:RATING, appended to req. */
static int parse_entry(struct request *req, const char *tok, size_t len, char *why, size_t size)
{
	const char *colon = memchr(tok, ':', len);
	size_t ilen = colon ? (size_t)(colon - tok) : len;
	uint32_t item;
	float rating = 1;
	if (parse_id(tok, ilen, &item) < 0)
		return bad(why, size, "bad item id", tok, ilen);
	if (colon && parse_rating(colon + 1, len - ilen - 1, &rating) < 0)
		return bad(why, size, "bad rating", colon + 1, len - ilen - 1);
	if (req->count == req->cap)
		grow(req);
	req->items[req->count] = item;
	req->ratings[req->count] = rating;
	req->count++;
	return 0;
}

int request_parse(struct request *req, const char *line, size_t len, char *why, size_t size)
{
	const char *p = line, *end = line + len;
	int have_user = 0;
	req->count = 0;
	for (;;) {
		while (p < end && is_blank(*p))
			p++;
		if (p == end)
			break;
		const char *tok = p;
		while (p < end && !is_blank(*p))
			p++;
		size_t tlen = (size_t)(p - tok);
		if (!have_user) {
			if (parse_id(tok, tlen, &req->user) < 0)
				return bad(why, size, "bad user id", tok, tlen);
			have_user = 1;
		} else if (parse_entry(req, tok, tlen, why, size) < 0) {
			return -1;
		}
	}
	if (!have_user) {
		snprintf(why, size, "empty request");
		return -1;
	}
	if (req->count > 1) {
		memcpy(req->sorted, req->items, (size_t)req->count * sizeof *req->sorted);
		qsort(req->sorted, req->count, sizeof *req->sorted, cmp_u32);
		for (uint32_t j = 1; j < req->count; j++) {
			if (req->sorted[j] == req->sorted[j - 1]) {
				snprintf(why, size, "item %u given twice", req->sorted[j]);
				return -1;
			}
		}
	}
	return 0;
}
