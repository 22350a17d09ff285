#include "catalog.h"
#include "err.h"
#include "text.h"
#include "tsv.h"

#include <stdlib.h>
#include <string.h>

static const char *const item_cols[] = {"item", "title", "year", "genres"};
static const char *const user_cols[] = {"user", "age", "gender", "occupation", "zip"};

/* A table of names in order of first appearance.  Tables are small (tens of
 * names), so a linear search is the simple choice. */
struct names {
	char **v;
	int n, max;
};

static int names_find(const struct names *t, const char *name)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->v[i], name) == 0)
			return i;
	return -1;
}

/* The index of name, added if new; -1 when the table is full. */
static int names_add(struct names *t, const char *name)
{
	int i = names_find(t, name);
	if (i >= 0)
		return i;
	if (t->n == t->max)
		return -1;
	t->v = xrealloc(t->v, (size_t)(t->n + 1) * sizeof *t->v);
	t->v[t->n] = xstrdup(name);
	return t->n++;
}

static void free_strings(char **v, uint32_t n)
{
	if (!v)
		return;
	for (uint32_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Read and check the header line.  Returns 0 or -1 after a message. */
static int read_header(struct tsv *t, const char *const *cols, int ncols)
{
	int got = tsv_next(t);
	if (got == 0)
		return error("%s: empty file (expected a header line)", t->name);
	if (got < 0)
		return -1;
	if (t->nfields != ncols)
		return tsv_error(t, "bad header: expected %d fields, found %d", ncols, t->nfields);
	for (int i = 0; i < ncols; i++)
		if (strcmp(t->field[i], cols[i]) != 0)
			return tsv_error(t, "bad header field %d '%.40s' (expected '%s')", i + 1,
					 t->field[i], cols[i]);
	return 0;
}

static int check_utf8(struct tsv *t, int col, const char *what)
{
	long at = text_utf8_check(t->field[col]);
	if (at >= 0)
		return tsv_error(t, "invalid UTF-8 in %s at byte %ld", what, at + 1);
	return 0;
}

/* Add the row's external id; a second occurrence names both lines. */
static int add_id(struct tsv *t, struct idmap *ids, uint32_t **line, const char *what, uint32_t id)
{
	uint32_t n = ids->n;
	int64_t idx = idmap_add(ids, id);
	if (idx < 0)
		return tsv_error(t, "more than %u distinct %s ids", IDMAP_MAX, what);
	if (idx < n)
		return tsv_error(t, "duplicate %s id %u (first at line %u)", what, id,
				 (*line)[idx]);
	if ((n & (n - 1)) == 0) /* grow at powers of two */
		*line = xrealloc(*line, (size_t)(n ? 2 * n : 1) * sizeof **line);
	(*line)[idx] = (uint32_t)t->line;
	return 0;
}

/* Arrays are kept sized for the next power of two, like add_id's. */
static void *grow(void *a, uint32_t n, size_t size)
{
	if ((n & (n - 1)) == 0)
		a = xrealloc(a, (size_t)(n ? 2 * n : 1) * size);
	return a;
}

/* a[i] moves to a[remap[i]]. */
static void *permute(void *a, size_t size, const uint32_t *remap, uint32_t n)
{
	char *b = xmallocarray(n ? n : 1, size), *src = a;
	for (uint32_t i = 0; i < n; i++)
		memcpy(b + (size_t)remap[i] * size, src + (size_t)i * size, size);
	free(a);
	return b;
}

/* A genres field: names joined by '|' (split in place), or empty. */
static int parse_genres(struct tsv *t, struct names *genres, uint64_t *mask)
{
	char *s = t->field[3];
	*mask = 0;
	if (!*s)
		return 0;
	if (check_utf8(t, 3, "genres") < 0)
		return -1;
	for (char *name = s, *bar; name; name = bar) {
		bar = strchr(name, '|');
		if (bar)
			*bar++ = '\0';
		if (!*name)
			return tsv_error(t, "empty genre name in genres");
		int g = names_add(genres, name);
		if (g < 0)
			return tsv_error(t, "too many genres (more than %d) '%.40s'", genres->max,
					 name);
		if (*mask & (UINT64_C(1) << g))
			return tsv_error(t, "duplicate genre '%.40s'", name);
		*mask |= UINT64_C(1) << g;
	}
	return 0;
}

static int item_line(struct tsv *t, struct items *it, struct names *genres, uint32_t **line)
{
	uint32_t id;
	int64_t year = 0;
	uint64_t mask;
	if (tsv_need(t, 4) < 0 || tsv_u32(t, 0, "item id", &id) < 0)
		return -1;
	if (!*t->field[1])
		return tsv_error(t, "empty title");
	if (check_utf8(t, 1, "title") < 0)
		return -1;
	if (*t->field[2] && tsv_i64(t, 2, "year", CATALOG_YEAR_MIN, CATALOG_YEAR_MAX, &year) < 0)
		return -1;
	if (parse_genres(t, genres, &mask) < 0 || add_id(t, it->ids, line, "item", id) < 0)
		return -1;
	it->title = grow(it->title, it->n, sizeof *it->title);
	it->year = grow(it->year, it->n, sizeof *it->year);
	it->genres = grow(it->genres, it->n, sizeof *it->genres);
	it->title[it->n] = xstrdup(t->field[1]);
	it->year[it->n] = (int)year;
	it->genres[it->n] = mask;
	it->n++;
	return 0;
}

struct items *items_read(const char *path)
{
	struct tsv *t = tsv_open(path, '\t');
	if (!t)
		return NULL;
	struct items *it = xcalloc(1, sizeof *it);
	it->name = xstrdup(t->name);
	it->ids = idmap_new();
	struct names genres = {NULL, 0, CATALOG_MAX_GENRES};
	uint32_t *line = NULL;
	int got = read_header(t, item_cols, 4);
	while (got == 0 && (got = tsv_next(t)) == 1)
		got = item_line(t, it, &genres, &line) < 0 ? -1 : 0;
	free(line);
	it->genre_names = genres.v;
	it->ngenres = genres.n;
	if (got == 0 && it->n == 0)
		got = error("%s: no items after the header", t->name);
	if (tsv_close(t) < 0 || got < 0) {
		items_free(it);
		return NULL;
	}
	uint32_t *remap = idmap_sort(it->ids);
	it->title = permute(it->title, sizeof *it->title, remap, it->n);
	it->year = permute(it->year, sizeof *it->year, remap, it->n);
	it->genres = permute(it->genres, sizeof *it->genres, remap, it->n);
	free(remap);
	return it;
}

int items_genre_index(const struct items *it, const char *name)
{
	struct names t = {it->genre_names, it->ngenres, CATALOG_MAX_GENRES};
	return names_find(&t, name);
}

void items_free(struct items *it)
{
	if (!it)
		return;
	idmap_free(it->ids);
	free_strings(it->title, it->n);
	free(it->year);
	free(it->genres);
	free_strings(it->genre_names, (uint32_t)it->ngenres);
	free(it->name);
	free(it);
}

/* Occupations are lower-case by definition (docs/FORMATS.md). */
static int bad_occupation(const char *s)
{
	if (!*s)
		return 1;
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return 1;
	return 0;
}

static int user_line(struct tsv *t, struct users *us, struct names *occs, uint32_t **line)
{
	uint32_t id;
	int64_t age;
	if (tsv_need(t, 5) < 0 || tsv_u32(t, 0, "user id", &id) < 0 ||
	    tsv_i64(t, 1, "age", 1, 120, &age) < 0)
		return -1;
	const char *gender = t->field[2], *occ = t->field[3];
	if (strcmp(gender, "M") != 0 && strcmp(gender, "F") != 0)
		return tsv_error(t, "bad gender '%.40s'", gender);
	if (check_utf8(t, 3, "occupation") < 0 || check_utf8(t, 4, "zip") < 0)
		return -1;
	if (bad_occupation(occ))
		return tsv_error(t, "bad occupation '%.40s' (expected lower case)", occ);
	int o = names_add(occs, occ);
	if (o < 0)
		return tsv_error(t, "too many occupations (more than %d) '%.40s'", occs->max, occ);
	if (add_id(t, us->ids, line, "user", id) < 0)
		return -1;
	us->age = grow(us->age, us->n, sizeof *us->age);
	us->gender = grow(us->gender, us->n, sizeof *us->gender);
	us->occupation = grow(us->occupation, us->n, sizeof *us->occupation);
	us->zip = grow(us->zip, us->n, sizeof *us->zip);
	us->age[us->n] = (int)age;
	us->gender[us->n] = gender[0];
	us->occupation[us->n] = o;
	us->zip[us->n] = xstrdup(t->field[4]);
	us->n++;
	return 0;
}

struct users *users_read(const char *path)
{
	struct tsv *t = tsv_open(path, '\t');
	if (!t)
		return NULL;
	struct users *us = xcalloc(1, sizeof *us);
	us->name = xstrdup(t->name);
	us->ids = idmap_new();
	struct names occs = {NULL, 0, CATALOG_MAX_OCCUPATIONS};
	uint32_t *line = NULL;
	int got = read_header(t, user_cols, 5);
	while (got == 0 && (got = tsv_next(t)) == 1)
		got = user_line(t, us, &occs, &line) < 0 ? -1 : 0;
	free(line);
	us->occupation_names = occs.v;
	us->noccupations = occs.n;
	if (got == 0 && us->n == 0)
		got = error("%s: no users after the header", t->name);
	if (tsv_close(t) < 0 || got < 0) {
		users_free(us);
		return NULL;
	}
	uint32_t *remap = idmap_sort(us->ids);
	us->age = permute(us->age, sizeof *us->age, remap, us->n);
	us->gender = permute(us->gender, sizeof *us->gender, remap, us->n);
	us->occupation = permute(us->occupation, sizeof *us->occupation, remap, us->n);
	us->zip = permute(us->zip, sizeof *us->zip, remap, us->n);
	free(remap);
	return us;
}

void users_free(struct users *us)
{
	if (!us)
		return;
	idmap_free(us->ids);
	free(us->age);
	free(us->gender);
	free(us->occupation);
	free_strings(us->zip, us->n);
	free_strings(us->occupation_names, (uint32_t)us->noccupations);
	free(us->name);
	free(us);
}
