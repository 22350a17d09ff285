#include "table.h"
#include "err.h"
#include "num.h"
#include "tsv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct table *table_read_tsv(struct tsv *in, int (*check)(struct tsv *in))
{
	struct table *t = xcalloc(1, sizeof *t);
	t->name = xstrdup(in->name);
	size_t cap = 0;
	int got = tsv_next(in);
	if (got > 0 && check && check(in) < 0)
		got = -1;
	if (got > 0) {
		t->ncols = in->nfields;
		t->header = xmallocarray((size_t)t->ncols, sizeof *t->header);
		for (int c = 0; c < t->ncols; c++)
			t->header[c] = xstrdup(in->field[c]);
	}
	while (got > 0 && (got = tsv_next(in)) > 0) {
		if (tsv_need(in, t->ncols) < 0 || (check && check(in) < 0)) {
			got = -1;
			break;
		}
		if (t->nrows == cap) {
			cap = cap ? 2 * cap : 64;
			t->cell = xrealloc(t->cell, cap * (size_t)t->ncols * sizeof *t->cell);
			t->line = xrealloc(t->line, cap * sizeof *t->line);
		}
		for (int c = 0; c < t->ncols; c++)
			t->cell[t->nrows * (size_t)t->ncols + (size_t)c] = xstrdup(in->field[c]);
		t->line[t->nrows++] = in->line;
	}
	if (got < 0) {
		table_free(t);
		return NULL;
	}
	return t;
}

struct table *table_read(const char *path)
{
	struct tsv *in = tsv_open(path, '\t');
	if (!in)
		return NULL;
	struct table *t = table_read_tsv(in, NULL);
	if (t && !t->header) {
		error("%s: empty file (expected a header line)", in->name);
		table_free(t);
		t = NULL;
	}
	if (tsv_close(in) < 0) {
		table_free(t);
		return NULL;
	}
	return t;
}

void table_free(struct table *t)
{
	if (!t)
		return;
	for (int c = 0; t->header && c < t->ncols; c++)
		free(t->header[c]);
	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cell[i]);
	free(t->header);
	free(t->cell);
	free(t->line);
	free(t->name);
	free(t);
}

int table_col(const struct table *t, const char *name)
{
	for (int c = 0; c < t->ncols; c++)
		if (strcmp(t->header[c], name) == 0)
			return c;
	return error("%s: no column '%s'", t->name, name);
}

const char *table_get(const struct table *t, size_t row, int col)
{
	return t->cell[row * (size_t)t->ncols + (size_t)col];
}

int table_num(const struct table *t, size_t row, int col, double *out)
{
	const char *s = table_get(t, row, col);
	if (strcmp(s, "nan") == 0) {
		*out = NAN;
		return 0;
	}
	if (num_parse_double_tiny(s, out) < 0)
		return error("%s:%lu: bad %s '%.40s'", t->name, t->line[row], t->header[col], s);
	return 0;
}

/* The row of KEY in a key/value table, or -1 after a message. */
static long key_row(const struct table *t, const char *key)
{
	if (t->ncols != 2 || strcmp(t->header[0], "key") != 0 || strcmp(t->header[1], "value") != 0)
		return error("%s: not a key/value table", t->name);
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(table_get(t, i, 0), key) == 0)
			return (long)i;
	return error("%s: no key '%s'", t->name, key);
}

const char *table_value(const struct table *t, const char *key)
{
	long row = key_row(t, key);
	return row < 0 ? NULL : table_get(t, (size_t)row, 1);
}

int table_value_num(const struct table *t, const char *key, double *out)
{
	long row = key_row(t, key);
	return row < 0 ? -1 : table_num(t, (size_t)row, 1, out);
}
