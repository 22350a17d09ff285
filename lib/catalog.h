/*
 * catalog: the items and users tables (items.tsv, users.tsv) in memory.
 *
 * The file formats are in docs/FORMATS.md.  Both readers are strict: the
 * header line must be exactly the documented one, every line has exactly
 * the documented fields, every text field is valid UTF-8, and the first
 * malformed line stops the reader with a located message,
 * "FILE:LINE: what is wrong 'token'".  An id that occurs twice is an error
 * naming both lines.  A file with a header and no rows is an error.
 *
 * Indices: like ratings_read(), both readers number rows 0..n-1 in
 * ascending external id (ids->ext[i] is the id of row i), so everything
 * built on a table is independent of line order.  idmap_get(ids, ext) finds
 * a row.
 *
 * Genres: an item's genres are a bitmask over genre_names, the table of
 * every genre name in the file in order of first appearance (reading lines
 * top to bottom, each line's genres left to right).  There are at most
 * CATALOG_MAX_GENRES names; one more is an error.  A user's occupation is
 * likewise an index into occupation_names (at most CATALOG_MAX_OCCUPATIONS).
 *
 * Ownership: the struct owns every array and string; *_free() releases
 * them all.  Strings are NUL-terminated UTF-8.
 */
#ifndef REEL_CATALOG_H
#define REEL_CATALOG_H

#include <stdint.h>

#include "idmap.h"

#define CATALOG_MAX_GENRES 64
#define CATALOG_MAX_OCCUPATIONS 1024
#define CATALOG_YEAR_MIN 1800
#define CATALOG_YEAR_MAX 2100

/* The header lines, without their newline. */
#define CATALOG_ITEMS_HEADER "item\ttitle\tyear\tgenres"
#define CATALOG_USERS_HEADER "user\tage\tgender\toccupation\tzip"

struct items {
	uint32_t n;
	struct idmap *ids;  /* external item id <-> row */
	char **title;       /* never empty */
	int *year;          /* CATALOG_YEAR_MIN..CATALOG_YEAR_MAX, or 0 if unknown */
	uint64_t *genres;   /* bit g set: the item has genre_names[g] */
	char **genre_names; /* ngenres names, first appearance first */
	int ngenres;
	char *name; /* the file name, for messages */
};

struct users {
	uint32_t n;
	struct idmap *ids;       /* external user id <-> row */
	int *age;                /* 1..120 */
	char *gender;            /* 'M' or 'F' */
	int *occupation;         /* index into occupation_names */
	char **zip;              /* may be "" */
	char **occupation_names; /* noccupations names, first appearance first */
	int noccupations;
	char *name; /* the file name, for messages */
};

/* Read an items file (PATH or "-" for stdin; plain or gzip).  Returns NULL
 * after a located message when anything is wrong with it. */
struct items *items_read(const char *path);
void items_free(struct items *it);
/* The index of genre NAME in it->genre_names, or -1. */
int items_genre_index(const struct items *it, const char *name);

/* Read a users file, as items_read(). */
struct users *users_read(const char *path);
void users_free(struct users *us);

#endif
