/*
 * movielens: the MovieLens data sets read into reel's tables.
 *
 * movielens_import() reads one MovieLens directory and writes the ratings,
 * items and users tables (docs/FORMATS.md, header lines included) to the
 * outputs it is given; opening, committing and removing those is the
 * caller's business (reel-import writes all three or none).
 *
 *   MOVIELENS_100K    u.genre, u.occupation (optional), u.item, u.user,
 *                     u.data; '|' and tab separated
 *   MOVIELENS_1M      movies.dat, users.dat, ratings.dat; "::" separated;
 *                     age and occupation are codes, mapped as in 1M's README
 *   MOVIELENS_10M     movies.dat, ratings.dat; "::" separated; half-star
 *                     ratings; no users file, so no users table (users
 *                     must be NULL); tags.dat is not read
 *   MOVIELENS_LATEST  movies.csv, ratings.csv; CSV with a header line; the
 *                     layout of ML-20M, ML-25M, latest and latest-small;
 *                     no demographics, so no users table (users NULL)
 *
 * Encoding: u.item and 1M's movies.dat are Latin-1 and converted to UTF-8;
 * 10M's movies.dat (its README names no encoding) keeps each line that is
 * valid UTF-8 and converts any other from Latin-1; every other file must
 * be valid UTF-8.  Ratings are written in input
 * order with the rating token as given; ids are written as numbers.  An
 * item's year is the "(YYYY)" that ends its title (trailing blanks aside),
 * else, for 100K, the year of its release date, else empty.  Items keep
 * their genres in the source's order (100K: u.genre's).
 *
 * Strictness: every line is checked, and the first bad one ends the import
 * with "FILE:LINE: what is wrong 'token'".  Beyond the field checks: item
 * and user ids are unique; every rating names a known item and (if there
 * is a users file) a known user; a (user, item) pair is rated once; a
 * rating is a plain decimal from 0.5 to 5, MovieLens's scale.  The tsv module's
 * rules hold for every file (no CRLF, empty line or NUL byte; gzip is read
 * transparently), except for u.genre and u.occupation, which are read as
 * plain text and may end with blank lines, as the official u.genre does.
 * Memory: the ids of items and users, and 8 bytes a rating.
 */
#ifndef REEL_MOVIELENS_H
#define REEL_MOVIELENS_H

#include "out.h"

enum movielens_layout { MOVIELENS_100K, MOVIELENS_1M, MOVIELENS_LATEST, MOVIELENS_10M };

struct movielens_out {
	struct out *ratings, *items, *users; /* users: NULL for 10M and LATEST */
};

/* Import DIR, writing to the outputs (which stay open).  Returns 0, or -1
 * after a message; the outputs then hold partial tables. */
int movielens_import(enum movielens_layout layout, const char *dir, const struct movielens_out *o);

#endif
