/*
 * recs: writing recommendation lists (RECS, docs/FORMATS.md), the lines
 * "user item rank score" of reel-topk and of its server.
 *
 * Every list is written by recs_format_line(), so a list reads the same
 * bytes whether it came from a batch run, a server's answer or the score
 * filter: ids and ranks in decimal, the score as "%.9g" (it reads back to
 * the same float).
 *
 * recs_write_users() is batch top-K: the lists of many users of a model,
 * in the order given, computed in batches of bounded size and formatted in
 * parallel; the bytes do not depend on the thread count.
 * recs_filter() keeps the K best of arbitrary "user item ... score" lines.
 */
#ifndef REEL_RECS_H
#define REEL_RECS_H

#include <stddef.h>
#include <stdint.h>

#include "out.h"
#include "recommend.h"

/* The longest line recs_format_line() makes, newline included. */
#define RECS_LINE_MAX 64

/* One line into buf (at least RECS_LINE_MAX bytes, not NUL-terminated);
 * returns its length. */
size_t recs_format_line(char *buf, uint32_t user, uint32_t item, uint32_t rank, float score);
/* The same line onto o. */
void recs_put_line(struct out *o, uint32_t user, uint32_t item, uint32_t rank, float score);
/* A whole list: items[t] (external ids) and scores[t], ranks 1..n. */
void recs_put_list(struct out *o, uint32_t user, const uint32_t *item_ids, const uint32_t *items,
		   const float *scores, uint32_t n);

/* The lists of users[0..count) (dense indices of r, in the order to
 * write) under filter (topk.h), K items each at most, onto o.  Write
 * errors are left for out_close() to report. */
void recs_write_users(const struct recommender *r, const uint32_t *users, uint32_t count,
		      uint32_t K, const struct topk_filter *filter, struct out *o);

/* Under mpirun each rank writes its users' lines to RECS.part-NNNNN (its
 * rank, five digits), and rank 0 joins them.  recs_part_path(): that name
 * into buf; recs_join_parts(): RECS from parts 0..n-1 in order, each part
 * removed once read, and all the rest removed if one cannot be (-1 after
 * a message, RECS not written). */
void recs_part_path(char *buf, size_t size, const char *recs, int part);
int recs_join_parts(const char *recs, int n);

/* The K best of "user item ... score" lines (at least 3 fields, the score
 * last) read from path ("-": stdin) onto o, users in ascending id.  A pair
 * given more than once counts with its best score; ties as in topk.h (the
 * lower item id first).  -1 after a located message. */
int recs_filter(const char *path, uint32_t K, struct out *o);

#endif
