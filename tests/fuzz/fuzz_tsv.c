/*
 * fuzz_tsv: libFuzzer harness of the text readers: lib/tsv (plain and
 * gzip), lib/ratings and lib/catalog's items and users tables.
 *
 * Input: one control byte, then the file.  Control byte c:
 *   c % 5 == 0   tsv_next() over the file, separator "\t|,"[c / 5 % 3],
 *                every field through tsv_u32, tsv_i64 and tsv_double, and
 *                tsv_line_text()/tsv_need() on every line
 *   c % 5 == 1   ratings_read() (flags c / 5 % 4), then ratings_to_csr()
 *   c % 5 == 2   items_read()
 *   c % 5 == 3   users_read()
 *   c % 5 == 4   ratings_read() with RATINGS_KEEP_TEXT, checking that
 *                every kept line reads back as its fields
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "fuzz.h"
#include "ratings.h"
#include "spm.h"
#include "tsv.h"

static void walk_tsv(const char *path, char sep)
{
	struct tsv *t = tsv_open(path, sep);
	if (!t)
		return;
	int got;
	while ((got = tsv_next(t)) == 1) {
		uint32_t u;
		int64_t i;
		double d;
		for (int f = 0; f <= t->nfields; f++) { /* one past the end: "missing" */
			tsv_u32(t, f, "u32", &u);
			tsv_i64(t, f, "i64", -1000, 1000, &i);
			tsv_double(t, f, "double", -1e30, 1e30, &d);
		}
		tsv_need(t, 3);
		const char *line = tsv_line_text(t);
		if (t->nfields > 1 || strlen(line) == 0)
			abort(); /* one field, the whole (non-empty) line */
	}
	tsv_close(t);
}

static void check_ratings(const char *path, unsigned flags)
{
	struct ratings *r = ratings_read(path, flags);
	if (!r)
		return;
	for (uint64_t t = 0; t < r->n; t++)
		if (r->user[t] >= r->users->n || r->item[t] >= r->items->n)
			abort();
	if (flags & RATINGS_KEEP_TEXT)
		for (uint64_t t = 0; t < r->n; t++)
			if (strchr(r->text + r->text_off[t], '\n'))
				abort();
	spm_free(ratings_to_csr(r));
	ratings_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned c = data[0];
	const char *path = fuzz_file("in.tsv", data + 1, size - 1);
	switch (c % 5) {
	case 0: walk_tsv(path, "\t|,"[c / 5 % 3]); break;
	case 1: check_ratings(path, c / 5 % 4); break;
	case 2: items_free(items_read(path)); break;
	case 3: users_free(users_read(path)); break;
	case 4: check_ratings(path, RATINGS_KEEP_TEXT); break;
	}
	return 0;
}
