/*
 * request: the line protocol of `reel-topk --serve`, parsed by a pure
 * function (no I/O, no global state), so that it can be unit-tested and
 * fuzzed on its own.
 *
 * A request is one line (without its newline):
 *     USER                                  a user the model knows
 *     USER ITEM[:RATING] ITEM[:RATING] ...  a user described by a history
 * Tokens are separated by runs of spaces and tabs; blanks at either end
 * are ignored.  USER and ITEM are integers 0..4294967295 written as in
 * data files; RATING is a finite number (magnitude at most 1e30) and
 * defaults to 1.  An item may occur once per request.
 *
 * A struct request is reused from line to line: its arrays grow to the
 * largest request seen and are never shrunk, so a server in a steady state
 * does not allocate.  The struct owns its arrays.
 */
#ifndef REEL_REQUEST_H
#define REEL_REQUEST_H

#include <stddef.h>
#include <stdint.h>

struct request {
	uint32_t user;
	uint32_t count;  /* history entries; 0 for a plain USER request */
	uint32_t *items; /* count external item ids, in request order */
	float *ratings;  /* count ratings */
	/* private */
	uint32_t cap;
	uint32_t *sorted; /* scratch for the duplicate check */
};

struct request *request_new(void);
void request_free(struct request *req);

/* Parse line[0..len) (it may hold any bytes, NUL included).  Returns 0 and
 * fills req, or -1 with a message in why[0..size) ("bad item id 'x'"),
 * lower case, tokens cut to 40 bytes and non-printable bytes shown as '?'.
 * req's fields are unspecified after -1. */
int request_parse(struct request *req, const char *line, size_t len, char *why, size_t size);

#endif
