/*
 * table: a small tab-separated table with a header line, in memory, read
 * by column name; and key/value tables (header "key<TAB>value").
 *
 * For tools that read other tools' reports (reel-insights reads what
 * reel-segment and reel-timeplot wrote), where the tables are small and
 * columns are found by name, so a column added later does not break a
 * reader.  The reader is as strict as every reel format (lib/tsv.h): every
 * row has as many fields as the header; a file with no header line is an
 * error.  Every error is reported as "FILE: what" or "FILE:LINE: what" and
 * -1 or NULL returned.  The struct owns its strings.
 */
#ifndef REEL_TABLE_H
#define REEL_TABLE_H

#include <stddef.h>

struct tsv;

struct table {
	char *name; /* the file, for messages */
	int ncols;
	char **header; /* ncols names */
	size_t nrows;
	char **cell;         /* cell[row * ncols + col] */
	unsigned long *line; /* line[row]: the row's line in the file */
};

struct table *table_read(const char *path);
/* Read the rest of IN, opened by the caller, who closes it: the first
 * line is the header.  check, if not NULL, is called on every line (the
 * header too, a row after its field count is checked) and a -1 from it
 * ends the read.  An empty file gives a table with no header (NULL), no
 * column and no row, and no message: the caller says what it expected.
 * NULL after a message. */
struct table *table_read_tsv(struct tsv *in, int (*check)(struct tsv *in));
void table_free(struct table *t);

/* The index of column NAME, or -1 after "FILE: no column 'NAME'". */
int table_col(const struct table *t, const char *name);
/* The text of a cell. */
const char *table_get(const struct table *t, size_t row, int col);
/* A cell as a number: a finite decimal, or "nan" for NaN; -1 after
 * "FILE:LINE: bad COLUMN 'TEXT'". */
int table_num(const struct table *t, size_t row, int col, double *out);

/* Key/value tables: the value of KEY, or NULL after "FILE: no key 'KEY'". */
const char *table_value(const struct table *t, const char *key);
/* The value of KEY as a number, as table_num. */
int table_value_num(const struct table *t, const char *key, double *out);

#endif
