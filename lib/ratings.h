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
 *
 * A binary ratings file (docs/FORMATS.md: a bin container of kind
 * BIN_RATINGS, CSR by user) is read as well, recognised by its magic
 * number: it is memory-mapped, item, value and ts then point into the
 * mapping (read-only to callers), only user[] is built, and "line" t + 1
 * means the file's t-th rating (user-major, items ascending).  It has no
 * text: text and text_off stay NULL even with RATINGS_KEEP_TEXT (use
 * ratings_put_line()).  With RATINGS_NO_TIME its timestamps are not even
 * read.  It is checked as strictly as text: ids strictly ascending, every
 * user and item with a rating, each user's items strictly ascending (a
 * pair given twice is "duplicate rating for user U, item I"), every
 * rating finite, every timestamp >= 0.
 */
#ifndef REEL_RATINGS_H
#define REEL_RATINGS_H

#include <stddef.h>
#include <stdint.h>

#include "idmap.h"
#include "spm.h"

struct bin;
struct out;

struct ratings {
	uint64_t n;
	uint32_t *user, *item;
	float *value;
	int64_t *ts;        /* NULL when the file had no timestamps */
	char *text;         /* RATINGS_KEEP_TEXT only, else NULL */
	uint64_t *text_off; /* RATINGS_KEEP_TEXT only, else NULL */
	struct idmap *users, *items;
	char *name;     /* file name for messages */
	uint32_t *line; /* a TSV share's input line of each rating, else NULL (line t + 1) */
	uint32_t crc;   /* RATINGS_FINGERPRINT: CRC-32 of the text read, lines and
			   newlines (binary: of its sections' CRCs) */
	/* private */
	struct bin *file;       /* binary input: the mapping item, value, ts live in */
	const uint64_t *indptr; /* binary input: its CSR row starts */
};

enum {
	RATINGS_KEEP_TEXT = 1, /* keep each line's text */
	RATINGS_NO_TIME = 2,   /* check timestamps but do not keep them (saves 8 bytes a rating) */
	RATINGS_NO_USERS = 4,  /* binary input: user[] not built (saves 4 bytes a rating), for
				  callers that only take ratings_to_csr() and the maps */
	RATINGS_FINGERPRINT = 8, /* compute crc, which models record of their training file */
	RATINGS_EMPTY_OK = 16,   /* an empty text file is no error: n == 0 (a part of a
				    directory of parts, which may hold no user) */
};

/* Read PATH ("-" for stdin, gzip or plain).  Returns NULL after a located
 * message on any malformed line, an empty file, or a (user, item) pair
 * given twice: "FILE:LINE: duplicate rating for user U, item I (first at
 * line L)", the same rule for every tool and every way of reading ratings. */
struct ratings *ratings_read(const char *path, unsigned flags);

/* Whether PATH (not "-") is a binary ratings file: its first bytes are the
 * magic.  0 for anything else, including a file that cannot be opened
 * (its reader says why). */
int ratings_is_binary(const char *path);

/* The fields of the current line of IN, a ratings line of NF (3 or 4)
 * fields, checked and parsed as ratings_read() does (ts 0 without one).
 * -1 after a message naming the file and line. */
struct tsv;
int ratings_parse_line(struct tsv *in, int nf, uint32_t *u, uint32_t *i, double *v, int64_t *ts);

/* The part (0..parts-1) that a user's ratings belong to: a hash of the
 * external id, the same in reel-shard and in a distributed run. */
uint32_t ratings_part(uint32_t user, uint32_t parts);

/* ratings_read() keeping only the ratings of users in `part` of `parts`
 * (ratings_part); line[] records their input lines.  An empty share is not
 * an error (the file as a whole must hold a rating). */
struct ratings *ratings_read_share(const char *path, unsigned flags, uint32_t part, uint32_t parts);

/* The user x item matrix (values = ratings), rows and columns in dense
 * index order.  A (user, item) pair that occurs twice is an error naming
 * both lines: returns NULL after the message. */
struct spm *ratings_to_csr(const struct ratings *r);

/* Write the ratings t with mark[t] == want (every rating when mark is
 * NULL) to PATH, atomically (lib/out.h): a binary ratings file when PATH
 * ends in ".bin", else ratings text ("-" for stdout), in the order of t,
 * each line its kept text or as ratings_put_line() makes it.  A binary
 * file holds only the users and items of the chosen ratings.  -1 after a
 * message; writing no rating at all to a binary file is an error.  With
 * pending NULL the file is committed here; else the complete output is
 * left open in *pending, for the caller to commit with others
 * (out_close_all()). */
int ratings_write(const char *path, const struct ratings *r, const unsigned char *mark,
		  unsigned char want, struct out **pending);

/* Rating t as a text line "user item rating[ timestamp]\n" (tabs), the
 * rating printed so that it reads back to the same float. */
void ratings_put_line(struct out *o, const struct ratings *r, uint64_t t);

void ratings_free(struct ratings *r);

#endif
