#include "recs.h"
#include "err.h"
#include "idmap.h"
#include "tsv.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Users per batch of recommend_topk_users(): bounds the result arrays at
 * about 4M entries. */
#define BATCH_ENTRIES (1u << 22)
/* Lines formatted by one task, and per round of tasks: a round's text
 * (a few MB) is all that is held before it is written. */
#define CHUNK_LINES (1u << 13)
#define ROUND_LINES (1u << 17)
/* Below this many lines in a round, formatting stays on one thread: a
 * second thread's start costs more than it saves. */
#define PARALLEL_MIN_LINES (1u << 16)

static size_t put_u32(char *buf, uint32_t v)
{
	char tmp[10];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

size_t recs_format_line(char *buf, uint32_t user, uint32_t item, uint32_t rank, float score)
{
	size_t n = put_u32(buf, user);
	buf[n++] = '\t';
	n += put_u32(buf + n, item);
	buf[n++] = '\t';
	n += put_u32(buf + n, rank);
	buf[n++] = '\t';
	/* "%.9g" of a float: at most 15 characters ("-1.23456789e-38") */
	n += (size_t)snprintf(buf + n, RECS_LINE_MAX - n, "%.9g", (double)score);
	buf[n++] = '\n';
	return n;
}

void recs_put_line(struct out *o, uint32_t user, uint32_t item, uint32_t rank, float score)
{
	char buf[RECS_LINE_MAX];
	out_write(o, buf, recs_format_line(buf, user, item, rank, score));
}

void recs_put_list(struct out *o, uint32_t user, const uint32_t *item_ids, const uint32_t *items,
		   const float *scores, uint32_t n)
{
	for (uint32_t t = 0; t < n; t++)
		recs_put_line(o, user, item_ids[items[t]], t + 1, scores[t]);
}

/* The lines of batch users [j0, j1) into buf; returns their length. */
static size_t format_users(const struct recommender *r, const uint32_t *users, uint32_t j0,
			   uint32_t j1, uint32_t K, const uint32_t *items, const float *scores,
			   const uint32_t *found, char *buf)
{
	size_t len = 0;
	for (uint32_t j = j0; j < j1; j++) {
		uint32_t user = r->user_ids[users[j]];
		for (uint32_t t = 0; t < found[j]; t++)
			len += recs_format_line(buf + len, user,
						r->item_ids[items[(size_t)j * K + t]], t + 1,
						scores[(size_t)j * K + t]);
	}
	return len;
}

void recs_write_users(const struct recommender *r, const uint32_t *users, uint32_t count,
		      uint32_t K, const struct topk_filter *filter, struct out *o)
{
	uint32_t per = BATCH_ENTRIES / K ? BATCH_ENTRIES / K : 1;
	uint32_t chunk = CHUNK_LINES / K ? CHUNK_LINES / K : 1; /* users per task */
	uint32_t chunks = ROUND_LINES / ((size_t)chunk * K);    /* tasks per round */
	if (chunks < 1)
		chunks = 1;
	uint32_t *items = xmallocarray((size_t)per * K, sizeof *items);
	float *scores = xmallocarray((size_t)per * K, sizeof *scores);
	uint32_t *found = xmallocarray(per, sizeof *found);
	size_t cap = (size_t)chunk * K * RECS_LINE_MAX;
	char *text = xmallocarray((size_t)chunks, cap);
	size_t *len = xmallocarray(chunks, sizeof *len);
	for (uint32_t j0 = 0; j0 < count; j0 += per) {
		uint32_t nb = count - j0 < per ? count - j0 : per;
		recommend_topk_users(r, users + j0, nb, K, filter, items, scores, found);
		for (uint32_t q0 = 0; q0 < nb; q0 += chunk * chunks) {
			uint32_t nq = (nb - q0 + chunk - 1) / chunk;
			if (nq > chunks)
				nq = chunks;
			int parallel = (uint64_t)nq * chunk * K >= PARALLEL_MIN_LINES;
#pragma omp parallel for schedule(dynamic, 1) if (parallel)
			for (uint32_t c = 0; c < nq; c++) {
				uint32_t a = q0 + c * chunk, b = nb - a < chunk ? nb : a + chunk;
				len[c] = format_users(r, users + j0, a, b, K, items, scores, found,
						      text + (size_t)c * cap);
			}
			for (uint32_t c = 0; c < nq; c++)
				out_write(o, text + (size_t)c * cap, len[c]);
		}
	}
	free(text);
	free(len);
	free(items);
	free(scores);
	free(found);
}

/*
 * The filter: a user's heap keeps the best K distinct items; a pair given
 * again counts with its best score, which the heap can settle exactly: an
 * entry that left the heap, or never entered it, was no better than the
 * heap's worst, which only rises.
 */
struct filter {
	uint32_t K;
	struct idmap *users;
	uint32_t *item, *heap_n; /* K entries per user; heap sizes */
	float *score;
	uint32_t cap;
	uint32_t *tmp_item; /* K, for rebuilding a heap */
	float *tmp_score;
};

static struct topk_heap heap_of(struct filter *f, uint32_t u)
{
	struct topk_heap h = {f->K, f->heap_n[u], f->item + (size_t)u * f->K,
			      f->score + (size_t)u * f->K};
	return h;
}

static void filter_push(struct filter *f, uint32_t u, uint32_t item, float score)
{
	struct topk_heap h = heap_of(f, u);
	/* no better than the worst kept (topk.h's order): changes nothing */
	if (h.n == f->K && (score < h.score[0] || (score == h.score[0] && item >= h.item[0])))
		return;
	for (uint32_t t = 0; t < h.n; t++) {
		if (h.item[t] != item)
			continue;
		if (score > h.score[t]) { /* a better score for a kept item: rebuild */
			memcpy(f->tmp_item, h.item, h.n * sizeof *h.item);
			memcpy(f->tmp_score, h.score, h.n * sizeof *h.score);
			f->tmp_score[t] = score;
			uint32_t n = h.n;
			h.n = 0;
			for (uint32_t q = 0; q < n; q++)
				topk_push(&h, f->tmp_item[q], f->tmp_score[q]);
		}
		return;
	}
	topk_push(&h, item, score);
	f->heap_n[u] = h.n;
}

/* The user's index, or -1 when there are too many users. */
static int64_t filter_user(struct filter *f, uint32_t id)
{
	uint32_t before = f->users->n;
	int64_t u = idmap_add(f->users, id);
	if (u < 0 || f->users->n == before)
		return u;
	if (u == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 1024;
		f->item = xrealloc(f->item, (size_t)f->cap * f->K * sizeof *f->item);
		f->score = xrealloc(f->score, (size_t)f->cap * f->K * sizeof *f->score);
		f->heap_n = xrealloc(f->heap_n, (size_t)f->cap * sizeof *f->heap_n);
	}
	f->heap_n[u] = 0;
	return u;
}

static int read_scores(const char *path, struct filter *f)
{
	struct tsv *in = tsv_open(path, '\t');
	if (!in)
		return -1;
	int nf = 0, got;
	while ((got = tsv_next(in)) == 1) {
		uint32_t user, item;
		double score;
		if (nf == 0 && (nf = in->nfields) < 3) {
			tsv_error(in,
				  "expected at least 3 fields (user, item, ..., score), found %d",
				  nf);
			got = -1;
			break;
		}
		if (tsv_need(in, nf) < 0 || tsv_u32(in, 0, "user id", &user) < 0 ||
		    tsv_u32(in, 1, "item id", &item) < 0 ||
		    tsv_double(in, nf - 1, "score", -FLT_MAX, FLT_MAX, &score) < 0) {
			got = -1;
			break;
		}
		int64_t u = filter_user(f, user);
		if (u < 0) {
			tsv_error(in, "more than %u distinct users", IDMAP_MAX);
			got = -1;
			break;
		}
		filter_push(f, (uint32_t)u, item, (float)score);
	}
	if (got < 0) {
		tsv_close(in);
		return -1;
	}
	return tsv_close(in);
}

static void filter_free(struct filter *f)
{
	free(f->item);
	free(f->score);
	free(f->heap_n);
	free(f->tmp_item);
	free(f->tmp_score);
	idmap_free(f->users);
}

int recs_filter(const char *path, uint32_t K, struct out *o)
{
	struct filter f = {.K = K, .users = idmap_new()};
	f.tmp_item = xmallocarray(K, sizeof *f.tmp_item);
	f.tmp_score = xmallocarray(K, sizeof *f.tmp_score);
	if (read_scores(path, &f) < 0) {
		filter_free(&f);
		return -1;
	}
	/* users in ascending id: idmap_sort maps old indices to new ones */
	uint32_t n = f.users->n, *remap = idmap_sort(f.users);
	uint32_t *by_rank = xmallocarray(n ? n : 1, sizeof *by_rank);
	for (uint32_t u = 0; u < n; u++)
		by_rank[remap[u]] = u;
	for (uint32_t j = 0; j < n; j++) {
		struct topk_heap h = heap_of(&f, by_rank[j]);
		uint32_t found = topk_finish(&h);
		for (uint32_t t = 0; t < found; t++)
			recs_put_line(o, f.users->ext[j], h.item[t], t + 1, h.score[t]);
	}
	free(remap);
	free(by_rank);
	filter_free(&f);
	return 0;
}

void recs_part_path(char *buf, size_t size, const char *recs, int part)
{
	snprintf(buf, size, "%s.part-%05d", recs, part);
}

static void remove_parts(const char *recs, int from, int n)
{
	char path[4096];
	for (int q = from; q < n; q++) {
		recs_part_path(path, sizeof path, recs, q);
		remove(path);
	}
}

int recs_join_parts(const char *recs, int n)
{
	struct out *o = out_open(recs);
	if (!o)
		return -1;
	char path[4096], buf[1 << 16];
	for (int q = 0; q < n; q++) {
		recs_part_path(path, sizeof path, recs, q);
		FILE *fp = fopen(path, "rb");
		if (!fp) {
			error("%s:", path);
			out_abort(o);
			remove_parts(recs, q + 1, n);
			return -1;
		}
		size_t got;
		while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
			out_write(o, buf, got);
		int bad = ferror(fp);
		fclose(fp);
		remove(path);
		if (bad) {
			error("%s: read error", path);
			out_abort(o);
			remove_parts(recs, q + 1, n);
			return -1;
		}
	}
	return out_close(o);
}
