#include "serve.h"
#include "err.h"
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
	uint32_t nblocks;
	uint32_t **block_items, **block_found; /* per block of users, NULL until scored */
	float **block_scores;
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

/* Known user u's list from the block cache, scoring its block the first
 * time: *items and *scores point at it; returns its length. */
static uint32_t cached_list(struct session *s, uint32_t u, const uint32_t **items,
			    const float **scores)
{
	uint32_t K = s->K, b = u / RECOMMEND_BLOCK, u0 = b * RECOMMEND_BLOCK;
	if (!s->block_found[b]) {
		uint32_t nb = s->r->m - u0 < RECOMMEND_BLOCK ? s->r->m - u0 : RECOMMEND_BLOCK;
		uint32_t users[RECOMMEND_BLOCK];
		for (uint32_t j = 0; j < nb; j++)
			users[j] = u0 + j;
		s->block_items[b] = xmallocarray((size_t)nb * K, sizeof **s->block_items);
		s->block_scores[b] = xmallocarray((size_t)nb * K, sizeof **s->block_scores);
		s->block_found[b] = xmallocarray(nb, sizeof **s->block_found);
		recommend_topk_users(s->r, users, nb, K, s->filter, s->block_items[b],
				     s->block_scores[b], s->block_found[b]);
	}
	*items = s->block_items[b] + (size_t)(u - u0) * K;
	*scores = s->block_scores[b] + (size_t)(u - u0) * K;
	return s->block_found[b][u - u0];
}

static void put_line(struct out *o, uint32_t user, uint32_t item, uint32_t rank, float score)
{
	out_u64(o, user);
	out_putc(o, '\t');
	out_u64(o, item);
	out_putc(o, '\t');
	out_u64(o, rank);
	out_putc(o, '\t');
	out_f32(o, score);
	out_putc(o, '\n');
}

/* A known user's list into *items, *scores; its length, or -1 after an
 * error line. */
static int64_t known_user(struct session *s, const uint32_t **items, const float **scores)
{
	int64_t u = recommend_user(s->r, s->req->user);
	if (u < 0) {
		out_printf(s->o, "error\tunknown user %u\n", s->req->user);
		return -1;
	}
	if (s->r->factor)
		return cached_list(s, (uint32_t)u, items, scores);
	uint32_t uu = (uint32_t)u, found;
	recommend_topk_users(s->r, &uu, 1, s->K, s->filter, s->items, s->scores, &found);
	return found;
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
	for (int64_t t = 0; t < found; t++)
		put_line(s->o, s->req->user, s->r->item_ids[items[t]], (uint32_t)t + 1, scores[t]);
}

static void session_free(struct session *s)
{
	for (uint32_t b = 0; b < s->nblocks; b++) {
		free(s->block_items[b]);
		free(s->block_scores[b]);
		free(s->block_found[b]);
	}
	free(s->block_items);
	free(s->block_scores);
	free(s->block_found);
	free(s->items);
	free(s->scores);
	free(s->known);
	free(s->known_ratings);
	request_free(s->req);
}

enum serve_end serve_run(struct recommender *r, const struct topk_filter *filter, uint32_t K,
			 FILE *in, struct out *out)
{
	struct session s = {.r = r, .filter = filter, .K = K, .o = out, .req = request_new()};
	s.nblocks = (r->m + RECOMMEND_BLOCK - 1) / RECOMMEND_BLOCK;
	s.items = xmallocarray(K, sizeof *s.items);
	s.scores = xmallocarray(K, sizeof *s.scores);
	s.block_items = xcalloc(s.nblocks, sizeof *s.block_items);
	s.block_scores = xcalloc(s.nblocks, sizeof *s.block_scores);
	s.block_found = xcalloc(s.nblocks, sizeof *s.block_found);
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
