#include "movielens.h"
#include "catalog.h"
#include "err.h"
#include "idmap.h"
#include "num.h"
#include "text.h"
#include "tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The ids of the items or users file, with the line of each, so that a
 * duplicate names both lines and a rating can be checked against them. */
struct ids {
	struct idmap *map; /* NULL until the file is read */
	uint32_t *line;
	char *file;
};

/* One import. */
struct ml {
	const char *dir;
	const struct movielens_out *o;
	struct ids items, users;
	char *genre[CATALOG_MAX_GENRES]; /* names in order of first use */
	int ngenres;
	char *occ[CATALOG_MAX_OCCUPATIONS]; /* u.occupation, if present */
	int nocc;
	uint64_t *keys; /* (user << ibits | item) of every rating */
	uint64_t nkeys, capkeys, maxkey;
	int ibits;          /* bits of the largest item id */
	uint64_t *item_set; /* bit i: item id i is known; NULL: ask the idmap */
};

/* An input file read line by line through the tsv module, which keeps the
 * file and line, reads gzip and rejects CRLF, empty lines and NUL bytes.
 * The whole line is the tsv's one field ('\n' never occurs inside a line)
 * and is split here, at a one- or two-byte separator or as CSV. */
#define MAXF (6 + CATALOG_MAX_GENRES)
struct src {
	struct tsv *t;
	const char *sep; /* NULL for CSV */
	int latin1;      /* enum encoding */
	char *f[MAXF];   /* the first MAXF fields */
	int nf;          /* the number of fields, even beyond MAXF */
	char *conv;      /* the line in UTF-8, when converted */
	size_t convcap;
};

/* How a file's bytes are read: UTF-8 checked, Latin-1 converted, or (for
 * ML-10M, whose README names no encoding) a line that is valid UTF-8 kept
 * and any other converted from Latin-1. */
enum encoding { UTF8, LATIN1, UTF8_OR_LATIN1 };

/* What a file is and how each of its lines is handled. */
struct file {
	const char *name;          /* in the directory */
	const char *sep;           /* field separator; NULL for CSV */
	int latin1;                /* enum encoding */
	const char *const *header; /* the header's fields, or NULL for none */
	int nf;                    /* fields a line */
	const char *rows;          /* what the lines are, for "no ROWS" */
	int (*line)(struct ml *m, struct src *s);
	struct ids *ids; /* the file's ids, if it defines items or users */
};

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	char *p = xmalloc(n + strlen(name) + 2);
	sprintf(p, "%.*s/%s", (int)n, dir, name);
	return p;
}

static int src_open(struct src *s, const char *dir, const struct file *f)
{
	char *path = join(dir, f->name);
	memset(s, 0, sizeof *s);
	s->t = tsv_open(path, '\n');
	free(path);
	s->sep = f->sep;
	s->latin1 = f->latin1;
	return s->t ? 0 : -1;
}

static int src_close(struct src *s)
{
	free(s->conv);
	return tsv_close(s->t);
}

/* "bad WHAT 'TOKEN'", the token cut short as the tsv module does. */
static int bad(struct src *s, const char *what, const char *tok)
{
	return tsv_error(s->t, "bad %s '%.40s%s'", what, tok, strlen(tok) > 40 ? "..." : "");
}

static void split_sep(struct src *s, char *line)
{
	size_t k = strlen(s->sep);
	for (s->nf = 0;; s->nf++) {
		char *end = strstr(line, s->sep);
		if (s->nf < MAXF)
			s->f[s->nf] = line;
		if (!end)
			break;
		*end = '\0';
		line = end + k;
	}
	s->nf++;
}

/* RFC 4180 fields, unquoted in place: "a ""b"", c" is a "b", c.  A quoted
 * field cannot span lines (MovieLens's never do). */
static int split_csv(struct src *s, char *line)
{
	char *r = line, *w = line;
	for (s->nf = 0;; s->nf++) {
		if (s->nf < MAXF)
			s->f[s->nf] = w;
		if (*r == '"') {
			for (r++; *r != '"' || r[1] == '"'; r++) {
				if (!*r)
					return tsv_error(s->t, "unterminated quote in field %d",
							 s->nf + 1);
				r += *r == '"';
				*w++ = *r;
			}
			if (*++r != ',' && *r)
				return tsv_error(s->t, "text after the closing quote of field %d",
						 s->nf + 1);
		} else {
			for (; *r && *r != ','; r++, w++) {
				if (*r == '"')
					return tsv_error(s->t, "quote inside unquoted field %d",
							 s->nf + 1);
				*w = *r;
			}
		}
		char end = *r;
		*w++ = '\0';
		if (!end)
			break;
		r++;
	}
	s->nf++;
	return 0;
}

/* The next line split into fields, want of them (0: any number).  1, or 0
 * at the end, or -1 after a message. */
static int src_next(struct src *s, int want)
{
	int got = tsv_next(s->t);
	if (got <= 0)
		return got;
	char *line = s->t->field[0];
	long at = s->latin1 == LATIN1 ? 0 : text_utf8_check(line);
	if (at >= 0 && s->latin1 != UTF8)
		line = text_latin1_to_utf8(line, &s->conv, &s->convcap);
	else if (at >= 0)
		return tsv_error(s->t, "invalid UTF-8 at byte %ld", at + 1);
	if (s->sep)
		split_sep(s, line);
	else if (split_csv(s, line) < 0)
		return -1;
	if (want && s->nf != want)
		return tsv_error(s->t, "expected %d fields, found %d", want, s->nf);
	return 1;
}

static int read_header(struct src *s, const char *const *cols, int ncols)
{
	int got = src_next(s, 0);
	if (got == 0)
		return error("%s: empty file (expected a header line)", s->t->name);
	if (got < 0)
		return -1;
	if (s->nf != ncols)
		return tsv_error(s->t, "bad header: expected %d fields, found %d", ncols, s->nf);
	for (int i = 0; i < ncols; i++)
		if (strcmp(s->f[i], cols[i]) != 0)
			return tsv_error(s->t, "bad header field %d '%.40s' (expected '%s')", i + 1,
					 s->f[i], cols[i]);
	return 0;
}

/* Every line of a file through f->line; a file without lines is an error. */
static int each_line(struct ml *m, const struct file *f)
{
	struct src s;
	int ncols = 0, got = 0;
	uint64_t rows = 0;
	if (src_open(&s, m->dir, f) < 0)
		return -1;
	if (f->ids) {
		f->ids->map = idmap_new();
		f->ids->file = xstrdup(s.t->name);
	}
	while (f->header && f->header[ncols])
		ncols++;
	if (f->header)
		got = read_header(&s, f->header, ncols);
	while (got == 0 && (got = src_next(&s, f->nf)) == 1) {
		got = f->line(m, &s);
		rows++;
	}
	if (got == 0 && rows == 0)
		got = error("%s: no %s %s", s.t->name, f->rows,
			    f->header ? "after the header" : "(empty file)");
	return src_close(&s) < 0 || got < 0 ? -1 : 0;
}

static int get_u32(struct src *s, int col, const char *what, uint32_t *out)
{
	return num_parse_u32(s->f[col], out) < 0 ? bad(s, what, s->f[col]) : 0;
}

static int get_i64(struct src *s, int col, const char *what, int64_t min, int64_t max, int64_t *out)
{
	return num_parse_i64(s->f[col], min, max, out) < 0 ? bad(s, what, s->f[col]) : 0;
}

static int add_id(struct src *s, struct ids *ids, const char *what, uint32_t id)
{
	uint32_t n = ids->map->n;
	int64_t idx = idmap_add(ids->map, id);
	if (idx < 0)
		return tsv_error(s->t, "more than %u distinct %s ids", IDMAP_MAX, what);
	if (idx < n)
		return tsv_error(s->t, "duplicate %s id %u (first at line %u)", what, id,
				 ids->line[idx]);
	if ((n & (n - 1)) == 0) /* grown at powers of two */
		ids->line = xrealloc(ids->line, (size_t)(n ? 2 * n : 1) * sizeof *ids->line);
	ids->line[idx] = (uint32_t)s->t->line;
	return 0;
}

/* A text field of an output line: no tab, so the line keeps its fields. */
static int put_text(struct src *s, struct out *o, const char *what, const char *text)
{
	if (strchr(text, '\t'))
		return tsv_error(s->t, "tab in %s '%.40s'", what, text);
	out_puts(o, text);
	return 0;
}

/* The year that ends a title, "Heat (1995)" (trailing blanks aside), or 0. */
static int title_year(const char *title)
{
	size_t n = strlen(title);
	int year = 0;
	while (n > 0 && title[n - 1] == ' ')
		n--;
	if (n < 6 || title[n - 6] != '(' || title[n - 1] != ')')
		return 0;
	for (size_t i = n - 5; i < n - 1; i++) {
		if (title[i] < '0' || title[i] > '9')
			return 0;
		year = year * 10 + (title[i] - '0');
	}
	return year >= CATALOG_YEAR_MIN && year <= CATALOG_YEAR_MAX ? year : 0;
}

/* The year of a 100K release date, "01-Jan-1995" or "4-Feb-1971", or 0. */
static int date_year(const char *d)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int day = 0, year = 0, i = 0, month = 0;
	for (; i < 2 && d[i] >= '0' && d[i] <= '9'; i++)
		day = day * 10 + (d[i] - '0');
	d += i;
	if (i == 0 || day < 1 || day > 31 || strlen(d) != 9 || d[0] != '-' || d[4] != '-')
		return 0;
	while (month < 12 && strncmp(months + 3 * month, d + 1, 3) != 0)
		month++;
	for (i = 5; i < 9 && d[i] >= '0' && d[i] <= '9'; i++)
		year = year * 10 + (d[i] - '0');
	if (month == 12 || i < 9 || year < CATALOG_YEAR_MIN || year > CATALOG_YEAR_MAX)
		return 0;
	return year;
}

/* An item line up to its genres; put_genre() adds them, then a newline
 * ends the line. */
static int put_item(struct ml *m, struct src *s, uint32_t id, const char *title, int year)
{
	struct out *o = m->o->items;
	if (!*title)
		return tsv_error(s->t, "empty title");
	if (add_id(s, &m->items, "item", id) < 0)
		return -1;
	out_u64(o, id);
	out_putc(o, '\t');
	if (put_text(s, o, "title", title) < 0)
		return -1;
	out_putc(o, '\t');
	if (year)
		out_u64(o, (uint64_t)year);
	out_putc(o, '\t');
	return 0;
}

/* *mask holds the item's genres so far. */
static int put_genre(struct ml *m, struct src *s, const char *name, uint64_t *mask)
{
	int g = 0;
	if (!*name || strchr(name, '\t'))
		return bad(s, "genre name", name);
	while (g < m->ngenres && strcmp(m->genre[g], name) != 0)
		g++;
	if (g == CATALOG_MAX_GENRES)
		return tsv_error(s->t, "too many genres (more than %d) '%.40s'", CATALOG_MAX_GENRES,
				 name);
	if (g == m->ngenres)
		m->genre[m->ngenres++] = xstrdup(name);
	if (*mask & (UINT64_C(1) << g))
		return tsv_error(s->t, "duplicate genre '%.40s'", name);
	if (*mask)
		out_putc(m->o->items, '|');
	out_puts(m->o->items, name);
	*mask |= UINT64_C(1) << g;
	return 0;
}

/* user, age, gender, occupation, zip, checked as users_read() will. */
static int put_user(struct ml *m, struct src *s, uint32_t id, int age, const char *gender,
		    const char *occ, const char *zip)
{
	struct out *o = m->o->users;
	if (strcmp(gender, "M") != 0 && strcmp(gender, "F") != 0)
		return bad(s, "gender", gender);
	if (!*occ || strchr(occ, '\t'))
		return bad(s, "occupation", occ);
	if (add_id(s, &m->users, "user", id) < 0)
		return -1;
	out_printf(o, "%u\t%d\t%s\t", id, age, gender);
	for (const char *c = occ; *c; c++) /* lower case, as docs/FORMATS.md says */
		out_putc(o, *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c);
	out_putc(o, '\t');
	if (put_text(s, o, "zip", zip) < 0)
		return -1;
	out_putc(o, '\n');
	return 0;
}

static char *put_number(char *w, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		*w++ = tmp[--n];
	return w;
}

/* The fast path of a ratings line (tens of millions of them): 1 to 18
 * plain digits, their value in *v; 0 for anything else, which the checked
 * parsers of num.h then judge and name. */
static int digits(const char *t, uint64_t *v)
{
	uint64_t x = 0;
	int n = 0;
	for (; t[n] >= '0' && t[n] <= '9'; n++)
		x = x * 10 + (uint64_t)(t[n] - '0');
	*v = x;
	return !t[n] && n > 0 && n <= 18 ? n : 0;
}

/* A number as the output writes it: the token itself when it is already
 * canonical (no leading zero), which saves formatting it again. */
static char *put_token(char *w, const char *t, int n, uint64_t v)
{
	if (n && (t[0] != '0' || n == 1)) {
		memcpy(w, t, (size_t)n);
		return w + n;
	}
	return put_number(w, v);
}

/* "D" or "D.D", D a digit, from 0.5 to 5: MovieLens's ratings, the fast
 * path; anything else goes to num_parse_double(). */
static int star_rating(const char *t)
{
	if (t[0] < '0' || t[0] > '5')
		return 0;
	if (!t[1])
		return t[0] != '0';
	if (t[1] != '.' || t[2] < '0' || t[2] > '9' || t[3])
		return 0;
	return t[0] == '5' ? t[2] == '0' : t[0] != '0' || t[2] >= '5';
}

/* user, item, rating, timestamp: the same four fields in every layout. */
static int rating_line(struct ml *m, struct src *s)
{
	uint64_t u, i, ts;
	double rating;
	uint32_t u32, i32;
	int64_t ts64;
	int nu = digits(s->f[0], &u), ni = digits(s->f[1], &i), nt = digits(s->f[3], &ts);
	if (!nu || u > UINT32_MAX) {
		nu = 0;
		if (get_u32(s, 0, "user id", &u32) < 0)
			return -1;
		u = u32;
	}
	if (!ni || i > UINT32_MAX) {
		ni = 0;
		if (get_u32(s, 1, "item id", &i32) < 0)
			return -1;
		i = i32;
	}
	/* plain decimals only: num_parse_double() would also take "4e0", "0x4" */
	if (!star_rating(s->f[2]) && (s->f[2][strspn(s->f[2], "0123456789.")] ||
				      num_parse_double(s->f[2], 0.5, 5, &rating) < 0))
		return bad(s, "rating", s->f[2]);
	if (!nt) {
		if (get_i64(s, 3, "timestamp", 0, INT64_MAX, &ts64) < 0)
			return -1;
		ts = (uint64_t)ts64;
	}
	if (m->item_set ? i >> m->ibits || !(m->item_set[i / 64] >> i % 64 & 1)
			: idmap_get(m->items.map, (uint32_t)i) < 0)
		return tsv_error(s->t, "unknown item id '%u' (not in %s)", (uint32_t)i,
				 m->items.file);
	if (m->users.map && idmap_get(m->users.map, (uint32_t)u) < 0)
		return tsv_error(s->t, "unknown user id '%u' (not in %s)", (uint32_t)u,
				 m->users.file);
	char line[64], *w = put_token(line, s->f[0], nu, u);
	*w++ = '\t';
	w = put_token(w, s->f[1], ni, i);
	*w++ = '\t';
	out_write(m->o->ratings, line, (size_t)(w - line));
	out_puts(m->o->ratings, s->f[2]);
	line[0] = '\t';
	w = put_token(line + 1, s->f[3], nt, ts);
	*w++ = '\n';
	out_write(m->o->ratings, line, (size_t)(w - line));
	if (m->nkeys == m->capkeys) {
		m->capkeys = m->capkeys ? 2 * m->capkeys : 1u << 16;
		m->keys = xrealloc(m->keys, m->capkeys * sizeof *m->keys);
	}
	uint64_t key = u << m->ibits | i;
	m->keys[m->nkeys++] = key;
	if (key > m->maxkey)
		m->maxkey = key;
	return 0;
}

/* Only once a duplicate (user, item) pair is known: read the file again
 * for the lines of its two occurrences.  Always returns -1. */
static int report_duplicate(struct ml *m, const struct file *f, uint64_t key)
{
	key = (key >> m->ibits) << 32 | (key & ((UINT64_C(1) << m->ibits) - 1));
	struct src s;
	uint32_t u, i;
	unsigned long first = 0;
	int reported = 0;
	if (src_open(&s, m->dir, f) < 0)
		return -1;
	for (int skip = f->header != NULL; !reported && src_next(&s, 0) == 1; skip = 0) {
		if (skip || s.nf != 4 || num_parse_u32(s.f[0], &u) < 0 ||
		    num_parse_u32(s.f[1], &i) < 0 || (((uint64_t)u << 32) | i) != key)
			continue;
		if (first) {
			tsv_error(s.t, "duplicate rating for user %u, item %u (first at line %lu)",
				  u, i, first);
			reported = 1;
		}
		first = s.t->line;
	}
	if (!reported)
		error("%s: a duplicate rating vanished: the file changed while it was read",
		      s.t->name);
	src_close(&s);
	return -1;
}

/* LSD radix sort of n keys below 2^bits, 11 bits a pass (the counts fit
 * in L1): qsort would be most of a large import's time. */
static void radix_sort(uint64_t *a, uint64_t n, int bits)
{
	uint64_t *b = xmallocarray(n ? n : 1, sizeof *b), *from = a, *to = b;
	for (int shift = 0; shift < bits; shift += 11) {
		uint64_t count[2049] = {0};
		for (uint64_t k = 0; k < n; k++)
			count[(from[k] >> shift & 2047) + 1]++;
		for (int d = 0; d < 2048; d++)
			count[d + 1] += count[d];
		for (uint64_t k = 0; k < n; k++)
			to[count[from[k] >> shift & 2047]++] = from[k];
		uint64_t *t = from;
		from = to;
		to = t;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
	free(b);
}

/* The set of item ids as a bitmap, when the largest is small enough
 * (at most 2^28: 32 MiB): cheaper than a hash lookup a rating. */
static void make_item_set(struct ml *m)
{
	uint32_t max = 0;
	for (uint32_t j = 0; j < m->items.map->n; j++)
		if (m->items.map->ext[j] > max)
			max = m->items.map->ext[j];
	while (m->ibits < 32 && (uint64_t)max >> m->ibits)
		m->ibits++;
	if (max >= 1u << 28)
		return;
	m->item_set = xcalloc(((size_t)1 << m->ibits) / 64 + 1, sizeof *m->item_set);
	for (uint32_t j = 0; j < m->items.map->n; j++)
		m->item_set[m->items.map->ext[j] / 64] |= UINT64_C(1)
							  << (m->items.map->ext[j] % 64);
}

/* The ratings file; pairs are checked for duplicates once all are read,
 * by sorting their keys (8 bytes a rating, 8 more while sorting). */
static int import_ratings(struct ml *m, const struct file *f)
{
	make_item_set(m);
	if (each_line(m, f) < 0)
		return -1;
	int bits = 0;
	while (bits < 64 && m->maxkey >> bits)
		bits++;
	radix_sort(m->keys, m->nkeys, bits);
	for (uint64_t k = 1; k < m->nkeys; k++)
		if (m->keys[k] == m->keys[k - 1])
			return report_duplicate(m, f, m->keys[k]);
	return 0;
}

/* One line of u.genre or u.occupation, not blank: its name goes to
 * names[*n]. */
static int list_line(const char *path, unsigned long ln, char *line, size_t len, int indexed,
		     char **names, int *n, int max)
{
	int nf = 1, dup = 0;
	long at = text_utf8_check(line);
	uint32_t idx;
	if (line[len - 1] == '\r')
		return error("%s:%lu: carriage return at end of line (CRLF line endings are not "
			     "accepted)",
			     path, ln);
	if (strlen(line) != len)
		return error("%s:%lu: NUL byte in line", path, ln);
	if (at >= 0)
		return error("%s:%lu: invalid UTF-8 at byte %ld", path, ln, at + 1);
	if (indexed) {
		for (char *c = line; (c = strchr(c, '|')); c++)
			nf++;
		if (nf != 2)
			return error("%s:%lu: expected 2 fields, found %d", path, ln, nf);
		char *index = strchr(line, '|');
		*index++ = '\0';
		if (num_parse_u32(index, &idx) < 0 || idx != (uint32_t)*n)
			return error("%s:%lu: bad genre index '%.40s' (expected %d)", path, ln,
				     index, *n);
	}
	for (int i = 0; i < *n && !dup; i++)
		dup = strcmp(names[i], line) == 0;
	if (!*line || strchr(line, '\t') || dup)
		return error("%s:%lu: %s name '%.40s'", path, ln, dup ? "duplicate" : "bad", line);
	if (*n == max)
		return error("%s:%lu: too many names (more than %d) '%.40s'", path, ln, max, line);
	names[(*n)++] = xstrdup(line);
	return 0;
}

/* u.genre ("name|index", indices 0, 1, 2, ... in order) and u.occupation
 * ("name"): short lists.  The official u.genre ends with a blank line, so
 * blank lines are allowed at the end of these two files, and only there;
 * the tsv module allows none, hence this reader.  *n counts the names
 * stored.  An optional (not indexed) file may be missing. */
static int read_list(struct ml *m, const char *name, int indexed, char **names, int *n, int max)
{
	char *path = join(m->dir, name), *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long ln = 0, blank = 0;
	int rc = 0;
	FILE *fp = fopen(path, "r");
	if (!fp) {
		rc = !indexed && errno == ENOENT ? 0 : error("%s:", path);
		free(path);
		return rc;
	}
	while (rc == 0 && (len = getline(&line, &cap, fp)) >= 0) {
		ln++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0 && !blank)
			blank = ln;
		else if (len > 0 && blank)
			rc = error("%s:%lu: empty line", path, blank);
		else if (len > 0)
			rc = list_line(path, ln, line, (size_t)len, indexed, names, n, max);
	}
	if (rc == 0 && ferror(fp))
		rc = error("%s:", path);
	if (rc == 0 && *n == 0)
		rc = error("%s: no names (empty file)", path);
	fclose(fp);
	free(line);
	free(path);
	return rc;
}

static int item_100k(struct ml *m, struct src *s)
{
	/* id|title|release date|video release date|IMDb URL|a 0/1 flag a genre */
	uint32_t id;
	uint64_t mask = 0;
	int year = 0;
	if (get_u32(s, 0, "item id", &id) < 0)
		return -1;
	if (*s->f[2] && !(year = date_year(s->f[2])))
		return bad(s, "release date", s->f[2]);
	if (title_year(s->f[1]))
		year = title_year(s->f[1]);
	if (put_item(m, s, id, s->f[1], year) < 0)
		return -1;
	for (int g = 0; g < m->ngenres; g++) {
		const char *flag = s->f[5 + g];
		if (strcmp(flag, "0") != 0 && strcmp(flag, "1") != 0)
			return bad(s, "genre flag", flag);
		if (*flag == '1' && put_genre(m, s, m->genre[g], &mask) < 0)
			return -1;
	}
	out_putc(m->o->items, '\n');
	return 0;
}

static int user_100k(struct ml *m, struct src *s)
{
	/* id|age|gender|occupation|zip */
	uint32_t id;
	int64_t age;
	int o = 0;
	if (get_u32(s, 0, "user id", &id) < 0 || get_i64(s, 1, "age", 1, 120, &age) < 0)
		return -1;
	while (o < m->nocc && strcmp(m->occ[o], s->f[3]) != 0)
		o++;
	if (m->nocc && o == m->nocc)
		return tsv_error(s->t, "unknown occupation '%.40s' (not in u.occupation)", s->f[3]);
	return put_user(m, s, id, (int)age, s->f[2], s->f[3], s->f[4]);
}

static int import_100k(struct ml *m)
{
	if (read_list(m, "u.genre", 1, m->genre, &m->ngenres, CATALOG_MAX_GENRES) < 0 ||
	    read_list(m, "u.occupation", 0, m->occ, &m->nocc, CATALOG_MAX_OCCUPATIONS) < 0)
		return -1;
	struct file items = {.name = "u.item",
			     .sep = "|",
			     .latin1 = LATIN1,
			     .nf = 5 + m->ngenres,
			     .rows = "items",
			     .line = item_100k,
			     .ids = &m->items};
	struct file users = {.name = "u.user",
			     .sep = "|",
			     .nf = 5,
			     .rows = "users",
			     .line = user_100k,
			     .ids = &m->users};
	struct file ratings = {
		.name = "u.data", .sep = "\t", .nf = 4, .rows = "ratings", .line = rating_line};
	if (each_line(m, &items) < 0 || each_line(m, &users) < 0)
		return -1;
	return import_ratings(m, &ratings);
}

/* 1M's and latest's items: id, title, genres joined by '|'.  Latest says
 * "(no genres listed)" for none. */
static int item_titled(struct ml *m, struct src *s)
{
	uint32_t id;
	uint64_t mask = 0;
	char *list = s->f[2];
	if (get_u32(s, 0, "item id", &id) < 0 ||
	    put_item(m, s, id, s->f[1], title_year(s->f[1])) < 0)
		return -1;
	if (strcmp(list, "(no genres listed)") == 0)
		list = "";
	for (char *name = list, *bar; *list && name; name = bar) {
		if ((bar = strchr(name, '|')))
			*bar++ = '\0';
		if (put_genre(m, s, name, &mask) < 0)
			return -1;
	}
	out_putc(m->o->items, '\n');
	return 0;
}

/* MovieLens 1M's codes, from its README. */
static const char *const ml1m_occupations[] = {"other or not specified",
					       "academic/educator",
					       "artist",
					       "clerical/admin",
					       "college/grad student",
					       "customer service",
					       "doctor/health care",
					       "executive/managerial",
					       "farmer",
					       "homemaker",
					       "K-12 student",
					       "lawyer",
					       "programmer",
					       "retired",
					       "sales/marketing",
					       "scientist",
					       "self-employed",
					       "technician/engineer",
					       "tradesman/craftsman",
					       "unemployed",
					       "writer"};
static const int ml1m_ages[] = {1, 18, 25, 35, 45, 50, 56}; /* band lower bounds */

static int user_1m(struct ml *m, struct src *s)
{
	/* UserID::Gender::Age::Occupation::Zip-code */
	uint32_t id;
	int64_t age, occ;
	int a = 0;
	if (get_u32(s, 0, "user id", &id) < 0)
		return -1;
	if (num_parse_i64(s->f[2], 1, 56, &age) < 0)
		return bad(s, "age code", s->f[2]);
	while (a < 7 && ml1m_ages[a] != age)
		a++;
	if (a == 7)
		return bad(s, "age code", s->f[2]);
	if (get_i64(s, 3, "occupation code", 0, 20, &occ) < 0)
		return -1;
	return put_user(m, s, id, (int)age, s->f[1], ml1m_occupations[occ], s->f[4]);
}

static int import_1m(struct ml *m)
{
	struct file items = {.name = "movies.dat",
			     .sep = "::",
			     .latin1 = LATIN1,
			     .nf = 3,
			     .rows = "items",
			     .line = item_titled,
			     .ids = &m->items};
	struct file users = {.name = "users.dat",
			     .sep = "::",
			     .nf = 5,
			     .rows = "users",
			     .line = user_1m,
			     .ids = &m->users};
	struct file ratings = {.name = "ratings.dat",
			       .sep = "::",
			       .nf = 4,
			       .rows = "ratings",
			       .line = rating_line};
	if (each_line(m, &items) < 0 || each_line(m, &users) < 0)
		return -1;
	return import_ratings(m, &ratings);
}

/* ML-10M: 1M's files less users.dat (tags.dat is not read). */
static int import_10m(struct ml *m)
{
	struct file items = {.name = "movies.dat",
			     .sep = "::",
			     .latin1 = UTF8_OR_LATIN1,
			     .nf = 3,
			     .rows = "items",
			     .line = item_titled,
			     .ids = &m->items};
	struct file ratings = {.name = "ratings.dat",
			       .sep = "::",
			       .nf = 4,
			       .rows = "ratings",
			       .line = rating_line};
	if (each_line(m, &items) < 0)
		return -1;
	return import_ratings(m, &ratings);
}

static int import_latest(struct ml *m)
{
	static const char *const movie_cols[] = {"movieId", "title", "genres", NULL};
	static const char *const rating_cols[] = {"userId", "movieId", "rating", "timestamp", NULL};
	struct file items = {.name = "movies.csv",
			     .header = movie_cols,
			     .nf = 3,
			     .rows = "items",
			     .line = item_titled,
			     .ids = &m->items};
	struct file ratings = {.name = "ratings.csv",
			       .header = rating_cols,
			       .nf = 4,
			       .rows = "ratings",
			       .line = rating_line};
	if (each_line(m, &items) < 0)
		return -1;
	return import_ratings(m, &ratings);
}

static void free_ids(struct ids *ids)
{
	idmap_free(ids->map);
	free(ids->line);
	free(ids->file);
}

int movielens_import(enum movielens_layout layout, const char *dir, const struct movielens_out *o)
{
	struct ml *m = xcalloc(1, sizeof *m);
	int rc;
	m->dir = dir;
	m->o = o;
	out_puts(o->items, CATALOG_ITEMS_HEADER "\n");
	if (o->users)
		out_puts(o->users, CATALOG_USERS_HEADER "\n");
	if (layout == MOVIELENS_100K)
		rc = import_100k(m);
	else if (layout == MOVIELENS_1M)
		rc = import_1m(m);
	else if (layout == MOVIELENS_10M)
		rc = import_10m(m);
	else
		rc = import_latest(m);
	free_ids(&m->items);
	free_ids(&m->users);
	for (int g = 0; g < m->ngenres; g++)
		free(m->genre[g]);
	for (int i = 0; i < m->nocc; i++)
		free(m->occ[i]);
	free(m->keys);
	free(m->item_set);
	free(m);
	return rc;
}
