/*
 * ratings: a ratings file in memory.
 *
 * The file format (docs/FORMATS.md) is tab-separated, no header, one rating
 * a line: user, item, rating and optionally a Unix timestamp; every line
 * has the same number of fields as the first (3 or 4).  Ids are integers
 * 0..2^32-1; a rating is any finite number; a timestamp an integer >= 0.
 *
 * After ratings_read(), user[t] and item[t] are dense indices into the
 * users and items maps, numbered in ascending external id (so everything
 * downstream is independent of line order); rating t is on input line
 * t + 1 (every line holds one rating); ts is NULL for a 3-column file or
 * with RATINGS_NO_TIME.  With RATINGS_KEEP_TEXT,
 * text + text_off[t] is line t's original text, NUL-terminated, for tools
 * that pass lines through unchanged.  The struct owns every array.
 */
#ifndef REEL_RATINGS_H
#define REEL_RATINGS_H

#include <stddef.h>
#include <stdint.h>

#include "idmap.h"
#include "spm.h"

struct ratings {
	uint64_t n;
	uint32_t *user, *item;
	float *value;
	int64_t *ts;    /* NULL when the file had no timestamps */
	char *text;         /* RATINGS_KEEP_TEXT only, else NULL */
	uint64_t *text_off; /* RATINGS_KEEP_TEXT only, else NULL */
	struct idmap *users, *items;
	char *name;     /* file name for messages */
	uint32_t crc;   /* RATINGS_FINGERPRINT: CRC-32 of the text read, lines and newlines */
};

enum {
	RATINGS_KEEP_TEXT = 1, /* keep each line's text */
	RATINGS_NO_TIME = 2,   /* check timestamps but do not keep them (saves 8 bytes a rating) */
	RATINGS_FINGERPRINT = 4, /* compute crc, which models record of their training file */
};

/* Read PATH ("-" for stdin, gzip or plain).  Returns NULL after a located
 * message on any malformed line, an empty file, or a (user, item) pair
 * given twice: "FILE:LINE: duplicate rating for user U, item I (first at
 * line L)", the same rule for every tool and every way of reading ratings. */
struct ratings *ratings_read(const char *path, unsigned flags);

/* The user x item matrix (values = ratings), rows and columns in dense
 * index order.  A (user, item) pair that occurs twice is an error naming
 * both lines: returns NULL after the message. */
struct spm *ratings_to_csr(const struct ratings *r);

void ratings_free(struct ratings *r);

#endif
