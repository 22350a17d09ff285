#include "serve.h"
#include "err.h"
#include "recs.h"
#include "request.h"

#include <stdlib.h>

/* What answering needs, allocated once for the whole session. */
struct session {
	struct recommender *r;
	const struct topk_filter *filter;
	uint32_t K;
	struct out *o;
	struct request *req;
	uint32_t *items, *known;
	float *scores, *known_ratings;
	uint32_t known_cap;
	/* known users' lists, kept once made: a list depends only on the model,
	 * the user and the filters, which a session never changes.  listed[u] is
	 * 0 until user u's list is made, then its length + 1.  Pages are
	 * touched only for the users asked for. */
	uint32_t *listed, *list_items;
	float *list_scores;
};

/* One line of in into buf (at most max bytes, newline dropped): its
 * length, -1 at the end of input, -2 when it was longer than max (the rest
 * of it is read and dropped). */
static long read_line(FILE *in, char *buf, size_t max)
{
	size_t len = 0;
	int c, any = 0, too_long = 0;
	while ((c = getc_unlocked(in)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (len < max)
			buf[len++] = (char)c;
		else
			too_long = 1;
	}
	if (!any)
		return -1;
	return too_long ? -2 : (long)len;
}

/* A known user's list: *items and *scores point at it; its length, or -1
 * after an error line. */
static int64_t known_user(struct session *s, const uint32_t **items, const float **scores)
{
	int64_t u = recommend_user(s->r, s->req->user);
	if (u < 0) {
		out_printf(s->o, "error\tunknown user %u\n", s->req->user);
		return -1;
	}
	uint32_t uu = (uint32_t)u, found;
	size_t at = (size_t)uu * s->K;
	if (!s->listed[uu]) {
		recommend_topk_users(s->r, &uu, 1, s->K, s->filter, s->list_items + at,
				     s->list_scores + at, &found);
		s->listed[uu] = found + 1;
	}
	*items = s->list_items + at;
	*scores = s->list_scores + at;
	return s->listed[uu] - 1;
}

/* The list of the request's history (in s->items, s->scores); its length,
 * or -1 after an error line. */
static int64_t history(struct session *s)
{
	struct request *req = s->req;
	struct recommender *r = s->r;
	if (req->count > s->known_cap) {
		s->known_cap = req->count;
		s->known = xrealloc(s->known, (size_t)req->count * sizeof *s->known);
		s->known_ratings =
			xrealloc(s->known_ratings, (size_t)req->count * sizeof *s->known_ratings);
	}
	uint32_t nk = 0;
	for (uint32_t j = 0; j < req->count; j++) {
		int64_t i = recommend_item(r, req->items[j]);
		if (i < 0)
			continue; /* the model cannot use what it never saw */
		if (req->ratings[j] < r->min_rating) {
			out_printf(s->o, "error\trating %g of item %u is below %g\n",
				   (double)req->ratings[j], req->items[j], r->min_rating);
			return -1;
		}
		s->known[nk] = (uint32_t)i;
		s->known_ratings[nk++] = req->ratings[j];
	}
	if (nk == 0) {
		out_puts(s->o, "error\tno item of the history is known to the model\n");
		return -1;
	}
	int64_t found = recommend_topk_history(r, req->user, s->known, s->known_ratings, nk, s->K,
					       s->filter->allowed, s->items, s->scores);
	if (found < 0)
		out_puts(s->o, "error\tfold-in failed\n");
	return found;
}

/* Answer the parsed request: its lines, or an error line. */
static void answer(struct session *s)
{
	const uint32_t *items = s->items;
	const float *scores = s->scores;
	int64_t found = s->req->count == 0 ? known_user(s, &items, &scores) : history(s);
	if (found > 0)
		recs_put_list(s->o, s->req->user, s->r->item_ids, items, scores, (uint32_t)found);
}

static void session_free(struct session *s)
{
	free(s->items);
	free(s->scores);
	free(s->known);
	free(s->known_ratings);
	free(s->listed);
	free(s->list_items);
	free(s->list_scores);
	request_free(s->req);
}

enum serve_end serve_run(struct recommender *r, const struct topk_filter *filter, uint32_t K,
			 FILE *in, struct out *out)
{
	struct session s = {.r = r, .filter = filter, .K = K, .o = out, .req = request_new()};
	s.items = xmallocarray(K, sizeof *s.items);
	s.scores = xmallocarray(K, sizeof *s.scores);
	s.listed = xcalloc(r->m ? r->m : 1, sizeof *s.listed);
	s.list_items = xcalloc((size_t)(r->m ? r->m : 1) * K, sizeof *s.list_items);
	s.list_scores = xcalloc((size_t)(r->m ? r->m : 1) * K, sizeof *s.list_scores);
	char *line = xmalloc(SERVE_LINE_MAX), why[128];
	enum serve_end end = SERVE_EOF;
	long len;
	while ((len = read_line(in, line, SERVE_LINE_MAX)) != -1) {
		if (len == -2)
			out_printf(out, "error\trequest longer than %u bytes\n", SERVE_LINE_MAX);
		else if (request_parse(s.req, line, (size_t)len, why, sizeof why) < 0)
			out_printf(out, "error\t%s\n", why);
		else
			answer(&s);
		out_putc(out, '\n');
		if (out_flush(out) < 0) {
			end = SERVE_CLOSED;
			break;
		}
	}
	if (end == SERVE_EOF && ferror(in))
		end = SERVE_READ_ERROR;
	free(line);
	session_free(&s);
	return end;
}
