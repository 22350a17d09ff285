/*
 * serve: the request loop of `reel-topk --serve`.
 *
 * serve_run() reads requests (lib/request.h) from a stream, one a line,
 * and answers each on out with "user item rank score" lines (at most K)
 * and an empty line, or with one line "error<TAB>what is wrong" and the
 * empty line; it flushes after every answer and goes on after an error.
 * docs/TOOLS.md states the protocol for users.
 *
 *   USER              a known user: its list as recommend_topk_users()
 *                     makes it under filter (exclusions and allowed items)
 *   USER ITEM[:R] ... a history: recommend_topk_history() on the items the
 *                     model knows (the others are ignored), under
 *                     filter->allowed only
 *
 * Everything a session needs is allocated once, so a request never costs
 * a large allocation: a known user's list is made the first time the user
 * is asked for and kept (it cannot change within a session), a history
 * costs one fold-in and its scoring.  Lines longer than SERVE_LINE_MAX
 * bytes are answered with an error and skipped.
 */
#ifndef REEL_SERVE_H
#define REEL_SERVE_H

#include <stdint.h>
#include <stdio.h>

#include "out.h"
#include "recommend.h"

#define SERVE_LINE_MAX (1u << 20)

enum serve_end {
	SERVE_EOF = 0,         /* the input ended: every request was answered */
	SERVE_CLOSED = -1,     /* writing to out failed (the client went away) */
	SERVE_READ_ERROR = -2, /* reading the input failed */
};

/* Answer every request of in on out until one of the ends above; prints
 * nothing on stderr. */
enum serve_end serve_run(struct recommender *r, const struct topk_filter *filter, uint32_t K,
			 FILE *in, struct out *out);

#endif
