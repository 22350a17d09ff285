#include "report.h"
#include "base64.h"
#include "buf.h"
#include "err.h"
#include "fmt.h"
#include "num.h"
#include "table.h"
#include "text.h"
#include "tsv.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <md4c-html.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_DEPTH 16 /* nested @include files */

/* A heading of the page: its id, and its text as escaped HTML. */
struct heading {
	int level;
	char *id, *text;
};

struct report {
	struct report_options opt;
	char *root;      /* canonical: no directive may read outside it */
	struct buf page; /* the rendered body: what goes inside <main> */
	/* HTML: template Markdown not yet given to md4c, all from one file,
	 * starting at md_line of md_name (each template line is one line) */
	struct buf md;
	char *md_name;
	unsigned long md_line;
	struct heading *headings;
	size_t nheadings;
	char *name; /* the top template's name */
	int toc;    /* an @toc was seen: where the contents go */
};

/* A template file being rendered: where messages point and paths start.
 * The chain of parents is the chain of @include lines that led here. */
struct src {
	struct report *r;
	const char *name; /* as shown in messages */
	char *dir;        /* the directory relative paths start from */
	char *real;       /* canonical path, to detect include cycles */
	unsigned long line;
	int depth;
	const struct src *parent;
};

enum directive { TABLE, IMAGE, INCLUDE, PRE, TOC, NDIRECTIVES };
static const char *const directives[] = {"@table", "@image", "@include", "@pre", "@toc"};

/* Where the page's table of contents goes until report_write() fills it. */
static const char toc_mark[] = "\n<!--toc-->\n";

static void buf_base64(struct buf *b, const void *data, size_t len)
{
	b->len += base64_encode(buf_reserve(b, base64_encoded_len(len)), data, len);
}

static int is_html(const struct report *r)
{
	return r->opt.format == REPORT_HTML;
}

static void put_escaped(struct buf *b, const char *s, size_t n)
{
	for (const char *end = s + n; s < end; s++) {
		const char *entity = *s == '&'    ? "&amp;"
				     : *s == '<'  ? "&lt;"
				     : *s == '>'  ? "&gt;"
				     : *s == '"'  ? "&quot;"
				     : *s == '\'' ? "&#39;"
						  : NULL;
		if (entity)
			buf_puts(b, entity);
		else
			buf_add(b, s, 1);
	}
}

/* A value from a data file as shown: "--" when empty; with --digits, a
 * number with a fraction or an exponent rounded.  Returns v or tmp. */
/* A value as the reader sees it: p-values and latencies by their own rules
 * (fmt.h; name is the column or key, or NULL), other decimals rounded to
 * --digits. */
static const char *shown(const struct report *r, const char *v, const char *name, char *tmp,
			 size_t size)
{
	double x;
	if (!*v)
		return "--";
	size_t len = name ? strlen(name) : 0;
	if (name && size >= FMT_SIZE &&
	    (fmt_is_p_column(name) || (len > 3 && strcmp(name + len - 3, "_us") == 0)))
		return fmt_cell(tmp, name, v);
	if (r->opt.digits >= 0 && strpbrk(v, ".eE") &&
	    num_parse_double(v, -DBL_MAX, DBL_MAX, &x) == 0) {
		snprintf(tmp, size, "%s%.*f", *v == '+' ? "+" : "", r->opt.digits, x);
		return tmp;
	}
	return v;
}

/* A value from a data file, into Markdown source: for md4c (HTML) with a
 * backslash before every ASCII punctuation character, so that nothing in
 * it is markup; for a mail before '\', '<' and '|', so that no cell starts
 * a tag or ends a table cell there. */
static void put_value_md(const struct report *r, struct buf *b, const char *v, const char *name)
{
	char tmp[64];
	for (v = shown(r, v, name, tmp, sizeof tmp); *v; v++) {
		if (is_html(r) ? ispunct((unsigned char)*v) : *v == '\\' || *v == '<' || *v == '|')
			buf_add(b, "\\", 1);
		buf_add(b, v, 1);
	}
}

static int error_at(const struct src *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int error_at(const struct src *s, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return error("%s:%lu: %s", s->name, s->line, msg);
}

/* Messages of the readers of a data file name the template line too. */
static void context_at(const struct src *s)
{
	char ctx[256];
	snprintf(ctx, sizeof ctx, "%s:%lu", s->name, s->line);
	err_context(ctx);
}

static int inside_root(const struct report *r, const char *real)
{
	size_t n = strlen(r->root);
	if (strcmp(r->root, "/") == 0)
		return 1;
	return strncmp(real, r->root, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

/* Whether a file that does not exist at PATH would be inside the root:
 * its directory, canonical, is; or, that missing too, NAME is relative
 * without a ".." component. */
static int missing_inside(const struct report *r, const char *name, const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	char *real = realpath(slash ? dir : ".", NULL);
	int in =
		real ? inside_root(r, real)
		     : name[0] != '/' && strcmp(name, "..") != 0 && strncmp(name, "../", 3) != 0 &&
				!strstr(name, "/../") &&
				!(strlen(name) >= 3 && strcmp(name + strlen(name) - 3, "/..") == 0);
	free(real);
	free(dir);
	return in;
}

/* The file NAME named in s: *path as shown in messages, *real canonical
 * (what is read).  1 when it is there, 0 when it is missing and
 * --missing-ok allows that, -1 after a message.  Whatever the symbolic
 * links on the way, the file must be inside the root. */
static int resolve(const struct src *s, const char *name, char **path, char **real)
{
	const struct report *r = s->r;
	const char *dir = r->opt.base_dir ? r->opt.base_dir : s->dir;
	struct stat st;
	*real = NULL;
	if (name[0] == '/' || strcmp(dir, ".") == 0) {
		*path = xstrdup(name);
	} else {
		*path = xmalloc(strlen(dir) + strlen(name) + 2);
		sprintf(*path, "%s/%s", dir, name);
	}
	*real = realpath(*path, NULL);
	int saved = errno, rc;
	if (*real ? !inside_root(r, *real) : saved == ENOENT && !missing_inside(r, name, *path))
		rc = error_at(s, "path outside the base directory '%s'", name);
	else if (*real && stat(*real, &st) == 0 && S_ISDIR(st.st_mode))
		rc = error_at(s, "cannot read '%s': %s", name, strerror(EISDIR));
	else if (*real)
		return 1;
	else if (saved == ENOENT && r->opt.missing_ok)
		rc = 0;
	else
		rc = error_at(s, "cannot read '%s': %s", name, strerror(saved));
	free(*path);
	free(*real);
	*path = *real = NULL;
	return rc;
}

/* The whole of PATH in *data, NUL-terminated, its size in *len; 0 or -1.
 * Messages name the file NAME. */
static int read_all(const char *name, const char *path, char **data, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return error("%s:", name);
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	int failed = ferror(fp);
	fclose(fp);
	if (failed) {
		free(b.s);
		return error("%s:", name);
	}
	*data = b.s ? b.s : xstrdup("");
	*len = b.len;
	return 0;
}

/* Text files are UTF-8 without NUL bytes, like every text file of reel's;
 * a bad byte is reported at its own line. */
static int check_text(const char *name, const char *data, size_t len)
{
	size_t at = strlen(data);
	long bad = text_utf8_check(data);
	if (at == len && bad < 0)
		return 0;
	if (at == len)
		at = (size_t)bad;
	unsigned long line = 1;
	for (size_t i = 0; i < at; i++)
		line += data[i] == '\n';
	return error("%s:%lu: %s", name, line, at == strlen(data) ? "NUL byte" : "invalid UTF-8");
}

static int check_fields(struct tsv *t)
{
	for (int c = 0; c < t->nfields; c++)
		if (text_utf8_check(t->field[c]) >= 0)
			return tsv_error(t, "invalid UTF-8 in field %d", c + 1);
	return 0;
}

static struct tsv *open_data(const struct src *s, const char *path, const char *real)
{
	context_at(s);
	struct tsv *t = tsv_open(real, '\t');
	if (t)
		t->name = path;
	return t;
}

static int close_data(struct tsv *t, int rc)
{
	if (t && tsv_close(t) < 0)
		rc = -1;
	err_context(NULL);
	return rc;
}

/* The value of KEY in the "key<TAB>value" file NAME, in *value: 0 or -1. */
static int lookup(const struct src *s, const char *name, const char *path, const char *real,
		  const char *key, char **value)
{
	struct tsv *t = open_data(s, path, real);
	int rc = t ? 0 : -1;
	*value = NULL;
	while (rc == 0 && (rc = tsv_next(t)) > 0) {
		rc = tsv_need(t, 2) < 0 || check_fields(t) < 0 ? -1 : 0;
		if (rc == 0 && strcmp(t->field[0], key) == 0) {
			if (*value)
				rc = tsv_error(t, "duplicate key '%s'", key);
			else
				*value = xstrdup(t->field[1]);
		}
	}
	rc = close_data(t, rc);
	if (rc == 0 && !*value)
		rc = error_at(s, "no key '%s' in '%s'", key, name);
	if (rc < 0) {
		free(*value);
		*value = NULL;
	}
	return rc;
}

/* {{FILE:KEY}}, given the n bytes between the braces, into Markdown. */
static int expand_value(const struct src *s, const char *ref, size_t n, struct buf *b)
{
	char *spec = xmalloc(n + 1), *path = NULL, *real = NULL, *value = NULL;
	memcpy(spec, ref, n);
	spec[n] = '\0';
	char *colon = strchr(spec, ':');
	int rc;
	if (!colon || colon == spec || !colon[1]) {
		rc = error_at(s, "expected {{FILE:KEY}} '{{%s}}'", spec);
	} else {
		*colon = '\0';
		rc = resolve(s, spec, &path, &real);
		if (rc == 0) {
			buf_puts(b, "*missing: ");
			put_value_md(s->r, b, spec, NULL);
			buf_puts(b, "*");
		} else if (rc > 0 && (rc = lookup(s, spec, path, real, colon + 1, &value)) == 0)
			put_value_md(s->r, b, value, colon + 1);
	}
	free(value);
	free(real);
	free(path);
	free(spec);
	return rc < 0 ? -1 : 0;
}

/* A template line into Markdown with every {{FILE:KEY}} replaced by its
 * value, except inside a code span (a run of backticks up to the next run
 * as long on the line), which is copied as it is. */
static int expand_line(const struct src *s, const char *t, struct buf *b)
{
	const char *close;
	while (*t) {
		if (*t == '`') {
			size_t run = strspn(t, "`");
			const char *q = t + run;
			while ((q = strchr(q, '`')) && strspn(q, "`") != run)
				q += strspn(q, "`");
			size_t n = q ? (size_t)(q + run - t) : run;
			buf_add(b, t, n);
			t += n;
		} else if (t[0] == '{' && t[1] == '{') {
			if (!(close = strstr(t + 2, "}}")))
				return error_at(s, "unterminated '{{' '%s'", t);
			if (expand_value(s, t + 2, (size_t)(close - t - 2), b) < 0)
				return -1;
			t = close + 2;
		} else {
			buf_add(b, t++, 1);
		}
	}
	return 0;
}

static void md_output(const MD_CHAR *text, MD_SIZE size, void *b)
{
	buf_add(b, text, size);
}

/* The template line of md (from NAME, its first line LINE) that holds
 * NEEDLE (ignoring case), else LINE. */
static unsigned long line_of(const char *md, unsigned long line, const char *needle)
{
	const char *at = md ? strcasestr(md, needle) : NULL;
	for (const char *p = md; at && p < at; p++)
		line += *p == '\n';
	return line;
}

/* The id of a heading: its text in lower case, every run of other
 * characters than letters and digits one '-'; unique on the page. */
static char *heading_id(const struct report *r, const char *text)
{
	struct buf id = {0};
	int in_tag = 0, dash = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '<' || *p == '&')
			in_tag = *p;
		if (in_tag) {
			if ((in_tag == '<' && *p == '>') || (in_tag == '&' && *p == ';'))
				in_tag = 0;
			continue;
		}
		if (isalnum((unsigned char)*p)) {
			if (dash && id.len)
				buf_add(&id, "-", 1);
			char c = (char)tolower((unsigned char)*p);
			buf_add(&id, &c, 1);
			dash = 0;
		} else {
			dash = 1;
		}
	}
	if (!id.len)
		buf_puts(&id, "section");
	size_t base = id.len;
	for (int n = 2;; n++) {
		size_t i = 0;
		while (i < r->nheadings && strcmp(r->headings[i].id, id.s) != 0)
			i++;
		if (i == r->nheadings)
			return id.s;
		id.len = base;
		buf_printf(&id, "-%d", n);
	}
}

/* The HTML inside <hN>..</hN> without its tags: still escaped text. */
static char *strip_tags(const char *s, size_t n)
{
	struct buf b = {0};
	int in_tag = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<')
			in_tag = 1;
		else if (s[i] == '>')
			in_tag = 0;
		else if (!in_tag)
			buf_add(&b, s + i, 1);
	}
	return b.s ? b.s : xstrdup("");
}

/* Only links that load nothing and run nothing: http, https, mailto, a
 * fragment or a relative path. */
static int safe_href(const char *h, size_t n)
{
	size_t scheme = strcspn(h, ":/?#");
	if (scheme >= n || h[scheme] != ':')
		return 1;
	return (scheme == 4 && strncasecmp(h, "http", 4) == 0) ||
	       (scheme == 5 && strncasecmp(h, "https", 5) == 0) ||
	       (scheme == 6 && strncasecmp(h, "mailto", 6) == 0);
}

/* md4c's HTML (in h) onto the page, with reel's changes: headings get ids
 * (and are remembered for the contents), tables a box that scrolls and
 * right-aligned cells the class "num".  A Markdown image would load a
 * file from elsewhere and an unsafe link could run script: both are
 * errors at their template line (md from NAME, first line LINE). */
static int adopt_html(struct report *r, const char *h, const char *md, const char *name,
		      unsigned long line, struct buf *out)
{
	static const char *const swaps[][2] = {{"<table>", "<div class=\"table\"><table>"},
					       {"</table>", "</table></div>"},
					       {"<td align=\"right\">", "<td class=\"num\">"},
					       {"<th align=\"right\">", "<th class=\"num\">"}};
	while (*h) {
		size_t n = strcspn(h, "<");
		buf_add(out, h, n);
		if (!*(h += n))
			break;
		size_t i = 0;
		while (i < 4 && strncmp(h, swaps[i][0], strlen(swaps[i][0])) != 0)
			i++;
		if (i < 4) {
			buf_puts(out, swaps[i][1]);
			h += strlen(swaps[i][0]);
		} else if (strncmp(h, "<img ", 5) == 0) {
			return error("%s:%lu: a Markdown image (use @image FILE)", name,
				     line_of(md, line, "!["));
		} else if (strncmp(h, "<a href=\"", 9) == 0 &&
			   !safe_href(h + 9, strcspn(h + 9, "\""))) {
			char scheme[64];
			snprintf(scheme, sizeof scheme, "%.*s", (int)strcspn(h + 9, ":"), h + 9);
			return error("%s:%lu: unsafe link '%.*s'", name, line_of(md, line, scheme),
				     (int)strcspn(h + 9, "\""), h + 9);
		} else if (h[1] == 'h' && h[2] >= '1' && h[2] <= '6' && h[3] == '>') {
			char end[] = "</h0>";
			end[3] = h[2];
			const char *close = strstr(h, end);
			if (!close)
				close = h + strlen(h);
			struct heading hd = {h[2] - '0', NULL,
					     strip_tags(h + 4, (size_t)(close - h - 4))};
			hd.id = heading_id(r, hd.text);
			buf_printf(out, "<h%c id=\"%s\">", h[2], hd.id);
			r->headings =
				xrealloc(r->headings, (r->nheadings + 1) * sizeof *r->headings);
			r->headings[r->nheadings++] = hd;
			h += 4;
		} else {
			buf_add(out, h++, 1);
		}
	}
	return 0;
}

/* Markdown md (from NAME, first line LINE) rendered by md4c onto out:
 * CommonMark with tables; raw HTML is not markup but text, escaped. */
static int md_render(struct report *r, const struct buf *md, const char *name, unsigned long line,
		     struct buf *out)
{
	struct buf h = {0};
	if (md_html(md->s ? md->s : "", (MD_SIZE)md->len, md_output, &h,
		    MD_FLAG_TABLES | MD_FLAG_NOHTML, 0) != 0) {
		free(h.s);
		return error("%s:%lu: Markdown could not be rendered", name, line);
	}
	int rc = h.s ? adopt_html(r, h.s, md->s, name, line, out) : 0;
	free(h.s);
	return rc;
}

/* Give the Markdown read so far to md4c (HTML only). */
static int flush(struct report *r)
{
	int rc = 0;
	if (r->md.len > 0)
		rc = md_render(r, &r->md, r->md_name, r->md_line, &r->page);
	r->md.len = 0;
	free(r->md_name);
	r->md_name = NULL;
	return rc;
}

/* Text in one line (a caption), with values and inline markup, as HTML
 * without a paragraph around it, or as Markdown. */
static int put_inline(const struct src *s, const char *text, struct buf *b)
{
	struct buf md = {0}, h = {0};
	int rc = expand_line(s, text, is_html(s->r) ? &md : b);
	if (rc == 0 && is_html(s->r)) {
		rc = md_render(s->r, &md, s->name, s->line, &h);
		size_t n = h.len;
		while (n > 0 && h.s[n - 1] == '\n')
			n--;
		int p = n >= 7 && strncmp(h.s, "<p>", 3) == 0 &&
			strncmp(h.s + n - 4, "</p>", 4) == 0;
		if (rc == 0 && n > 0)
			buf_add(b, h.s + 3 * p, n - 7 * p);
	}
	free(md.s);
	free(h.s);
	return rc;
}

/* A number, for alignment: what num_parse_double takes (a sign included),
 * or that followed by '%'. */
static int is_number(const char *cell)
{
	char tmp[64];
	size_t n = strlen(cell);
	double v;
	if (n == 0 || n >= sizeof tmp)
		return 0;
	memcpy(tmp, cell, n + 1);
	if (tmp[n - 1] == '%')
		tmp[n - 1] = '\0';
	return num_parse_double(tmp, -DBL_MAX, DBL_MAX, &v) == 0;
}

/* A table read whole (lib/table.h), seen with its header as row 0 of
 * nrows, and which columns are numeric (right-aligned). */
struct grid {
	struct table *t;
	size_t nrows; /* t's rows and the header */
	int ncols;
	unsigned char *num;
};

static const char *grid_cell(const struct grid *g, size_t i, int c)
{
	return i ? table_get(g->t, i - 1, c) : g->t->header[c];
}

static void grid_free(struct grid *g)
{
	table_free(g->t);
	free(g->num);
}

/* Read the table into g; every row as wide as the header.  A column is
 * numeric when its non-empty cells below the header are all numbers. */
static int grid_read(const struct src *s, const char *name, const char *path, const char *real,
		     struct grid *g)
{
	struct tsv *t = open_data(s, path, real);
	g->t = t ? table_read_tsv(t, check_fields) : NULL;
	int rc = close_data(t, g->t ? 0 : -1);
	if (rc == 0 && !g->t->header)
		rc = error_at(s, "empty table (no header line) '%s'", name);
	if (rc < 0)
		return -1;
	g->ncols = g->t->ncols;
	g->nrows = g->t->nrows + 1;
	g->num = xcalloc((size_t)g->ncols, 1);
	for (int c = 0; c < g->ncols; c++) {
		size_t filled = 0, numbers = 0;
		for (size_t i = 1; i < g->nrows; i++) {
			filled += grid_cell(g, i, c)[0] != '\0';
			numbers += is_number(grid_cell(g, i, c));
		}
		g->num[c] = filled > 0 && numbers == filled;
	}
	return 0;
}

/* Row i of the table, its columns col[0..n). */
static void put_row(struct report *r, const struct grid *tb, size_t i, const int *col, int n)
{
	const char *cell = i == 0 ? "th" : "td";
	char tmp[64];
	buf_puts(&r->page, is_html(r) ? "<tr>" : "|");
	for (int j = 0; j < n; j++) {
		int c = col[j];
		if (is_html(r)) {
			const char *v = i ? shown(r, grid_cell(tb, i, c), grid_cell(tb, 0, c), tmp,
						  sizeof tmp)
					  : grid_cell(tb, i, c);
			buf_printf(&r->page, "<%s%s>", cell, tb->num[c] ? " class=\"num\"" : "");
			put_escaped(&r->page, v, strlen(v));
			buf_printf(&r->page, "</%s>", cell);
		} else {
			buf_puts(&r->page, " ");
			put_value_md(r, &r->page, grid_cell(tb, i, c),
				     i ? grid_cell(tb, 0, c) : NULL);
			buf_puts(&r->page, " |");
		}
	}
	buf_puts(&r->page, is_html(r) ? "</tr>\n" : "\n");
}

/* The header, separator and rows of the columns col[0..n). */
static void put_table(struct report *r, const struct grid *tb, const int *col, int n)
{
	if (is_html(r))
		buf_puts(&r->page, "<thead>\n");
	put_row(r, tb, 0, col, n);
	if (is_html(r)) {
		buf_puts(&r->page, "</thead>\n<tbody>\n");
	} else {
		buf_puts(&r->page, "|");
		for (int j = 0; j < n; j++)
			buf_puts(&r->page, tb->num[col[j]] ? " ---: |" : " --- |");
		buf_puts(&r->page, "\n");
	}
	for (size_t i = 1; i < tb->nrows; i++)
		put_row(r, tb, i, col, n);
	buf_puts(&r->page, is_html(r) ? "</tbody>\n</table></div>\n" : "\n");
}

/* "[a,b,c]" at the start of *rest: the columns to show, by their header
 * names, into col (*n of them); *rest moves past it.  0 or -1. */
static int pick_columns(const struct src *s, const char *name, const struct grid *tb, char **rest,
			int *col, int *n)
{
	char *end = strchr(*rest, ']');
	if (**rest != '[' || !end)
		return 0;
	*end = '\0';
	*n = 0;
	for (char *c = strtok(*rest + 1, ","); c; c = strtok(NULL, ",")) {
		int i = 0;
		while (i < tb->ncols && strcmp(grid_cell(tb, 0, i), c) != 0)
			i++;
		if (i == tb->ncols)
			return error_at(s, "no column '%s' in '%s'", c, name);
		col[(*n)++] = i;
	}
	*rest = end + 1 + strspn(end + 1, " \t");
	return 0;
}

/* The file as a link that saves it, name and all (HTML). */
static int put_download(const struct src *s, const char *name, const char *real)
{
	char *data;
	size_t len;
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	context_at(s);
	int rc = read_all(name, real, &data, &len);
	err_context(NULL);
	if (rc < 0)
		return -1;
	buf_puts(&s->r->page, "<p class=\"download\"><a download=\"");
	put_escaped(&s->r->page, base, strlen(base));
	buf_puts(&s->r->page, "\" href=\"data:text/tab-separated-values;charset=utf-8;base64,");
	buf_base64(&s->r->page, data, len);
	buf_puts(&s->r->page, "\">");
	put_escaped(&s->r->page, base, strlen(base));
	buf_puts(&s->r->page, "</a> (TSV)</p>\n");
	free(data);
	return 0;
}

/* @table FILE [[COL,...]] [CAPTION]: with columns named, those are shown
 * and the whole table is one click away; in HTML the file itself can be
 * saved from the page. */
static int render_table(const struct src *s, const char *name, const char *path, const char *real,
			char *caption)
{
	struct report *r = s->r;
	struct grid tb = {0};
	int rc = grid_read(s, name, path, real, &tb), n = 0;
	int *col = xmallocarray((size_t)tb.ncols + 1, sizeof *col), *all = NULL;
	if (rc == 0)
		rc = pick_columns(s, name, &tb, &caption, col, &n);
	if (rc == 0 && *caption) {
		buf_puts(&r->page, is_html(r) ? "<div class=\"table\"><table>\n<caption>" : "**");
		rc = put_inline(s, caption, &r->page);
		buf_puts(&r->page, is_html(r) ? "</caption>\n" : "**\n\n");
	} else if (rc == 0 && is_html(r)) {
		buf_puts(&r->page, "<div class=\"table\"><table>\n");
	}
	if (rc == 0) {
		all = xmallocarray((size_t)tb.ncols, sizeof *all);
		for (int c = 0; c < tb.ncols; c++)
			all[c] = c;
		put_table(r, &tb, n ? col : all, n ? n : tb.ncols);
	}
	if (rc == 0 && n && is_html(r)) {
		buf_printf(&r->page,
			   "<details><summary>All %d columns</summary>\n"
			   "<div class=\"table\"><table>\n",
			   tb.ncols);
		put_table(r, &tb, all, tb.ncols);
		buf_puts(&r->page, "</details>\n");
	}
	if (rc == 0 && is_html(r))
		rc = put_download(s, name, real);
	free(all);
	free(col);
	grid_free(&tb);
	return rc < 0 ? -1 : 0;
}

/* Whether the text is an SVG document: after a byte-order mark, an XML
 * declaration, comments and a doctype, an <svg element. */
static int is_svg(const char *p)
{
	const char *end;
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (strncmp(p, "<?xml", 5) == 0 && (end = strstr(p, "?>")))
			p = end + 2;
		else if (strncmp(p, "<!--", 4) == 0 && (end = strstr(p, "-->")))
			p = end + 3;
		else if (strncmp(p, "<!DOCTYPE", 9) == 0 && (end = strchr(p, '>')))
			p = end + 1; /* an internal subset [...] is not supported */
		else
			break;
	}
	return strncmp(p, "<svg", 4) == 0 && (isspace((unsigned char)p[4]) || p[4] == '>');
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* @image FILE [ALT]: a PNG (by its signature and header chunk) or an SVG
 * as an <img> with a data: URI.  An SVG is never inlined: as an image, a
 * browser runs no script in it and loads nothing it refers to, whatever it
 * holds.  Markdown links to FILE. */
static int render_image(const struct src *s, const char *name, const char *real, const char *alt)
{
	struct report *r = s->r;
	char *data;
	size_t len;
	context_at(s);
	int rc = read_all(name, real, &data, &len);
	err_context(NULL);
	if (rc < 0)
		return -1;
	const unsigned char *u = (const unsigned char *)data;
	int png = len >= 24 && memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0 &&
		  memcmp(u + 12, "IHDR", 4) == 0;
	if (!png && (strlen(data) != len || text_utf8_check(data) >= 0 || !is_svg(data))) {
		rc = error_at(s, "not a PNG or SVG image '%s'", name);
	} else if (!is_html(r)) {
		buf_printf(&r->page, "![%s](%s)\n\n", alt, name);
	} else {
		buf_puts(&r->page, "<p class=\"figure\"><img");
		if (png)
			buf_printf(&r->page, " width=\"%lu\" height=\"%lu\"",
				   (unsigned long)be32(u + 16), (unsigned long)be32(u + 20));
		buf_puts(&r->page, " alt=\"");
		put_escaped(&r->page, alt, strlen(alt));
		buf_printf(&r->page, "\" src=\"data:image/%s;base64,", png ? "png" : "svg+xml");
		buf_base64(&r->page, data, len);
		buf_puts(&r->page, "\"></p>\n");
	}
	free(data);
	return rc;
}

/* @pre FILE: the file verbatim; in Markdown inside a fence longer than any
 * run of backticks in it. */
static int render_pre(const struct src *s, const char *path, const char *real)
{
	struct report *r = s->r;
	char *data;
	size_t len;
	context_at(s);
	int rc = read_all(path, real, &data, &len);
	if (rc == 0 && (rc = check_text(path, data, len)) < 0)
		free(data);
	err_context(NULL);
	if (rc < 0)
		return -1;
	if (len > 0 && data[len - 1] == '\n')
		len--;
	if (is_html(r)) {
		buf_puts(&r->page, "<pre>\n"); /* a parser drops this newline, not the file's */
		put_escaped(&r->page, data, len);
		buf_puts(&r->page, "</pre>\n");
	} else {
		size_t fence = 3, run = 0;
		for (size_t i = 0; i < len; i++) {
			run = data[i] == '`' ? run + 1 : 0;
			fence = run >= fence ? run + 1 : fence;
		}
		buf_printf(&r->page, "%.*s\n", (int)fence, "````````````````````````````````");
		buf_add(&r->page, data, len);
		buf_printf(&r->page, "\n%.*s\n\n", (int)fence, "````````````````````````````````");
	}
	free(data);
	return 0;
}

static int render_file(struct report *r, const char *path, const char *real,
		       const struct src *parent);

/* @include FILE: another template, by the same rules; no file may include
 * itself, directly or not, and includes nest at most MAX_DEPTH deep. */
static int render_include(const struct src *s, const char *name, const char *path, const char *real)
{
	for (const struct src *p = s; p; p = p->parent)
		if (p->real && strcmp(p->real, real) == 0)
			return error_at(s, "include cycle '%s'", name);
	if (s->depth >= MAX_DEPTH)
		return error_at(s, "more than %d nested includes '%s'", MAX_DEPTH, name);
	return render_file(s->r, path, real, s);
}

/* The note that stands for a missing file under --missing-ok. */
static void missing_note(struct report *r, const char *name)
{
	buf_puts(&r->page, is_html(r) ? "<p class=\"missing\">missing: " : "*missing: ");
	if (is_html(r))
		put_escaped(&r->page, name, strlen(name));
	else
		buf_puts(&r->page, name);
	buf_puts(&r->page, is_html(r) ? "</p>\n" : "*\n\n");
}

/* A line that starts with '@': "@NAME FILE [TEXT]". */
static int render_directive(const struct src *s, char *line)
{
	struct report *r = s->r;
	char *file = line + strcspn(line, " \t"), *rest, *path, *real;
	if (*file)
		*file++ = '\0';
	file += strspn(file, " \t");
	rest = file + strcspn(file, " \t");
	if (*rest)
		*rest++ = '\0';
	rest += strspn(rest, " \t");
	for (size_t n = strlen(rest); n > 0 && isspace((unsigned char)rest[n - 1]); n--)
		rest[n - 1] = '\0';
	/* "@NAME? FILE": a file that may be absent (a stage not run) */
	size_t len = strlen(line);
	int optional = len > 2 && line[len - 1] == '?';
	line[len - optional] = '\0';
	enum directive d = 0;
	while (d < NDIRECTIVES && strcmp(line, directives[d]) != 0)
		d++;
	if (d == NDIRECTIVES)
		return error_at(s, "unknown directive '%s'", line);
	if (d == TOC) {
		if (*file)
			return error_at(s, "extra text after @toc '%s'", file);
		if (is_html(r))
			buf_puts(&r->page, toc_mark);
		r->toc = 1;
		return 0;
	}
	if (!*file)
		return error_at(s, "missing FILE after '%s'", line);
	if ((d == INCLUDE || d == PRE) && *rest)
		return error_at(s, "extra text after %s FILE '%s'", line, rest);
	int saved = r->opt.missing_ok;
	r->opt.missing_ok |= optional;
	int rc = resolve(s, file, &path, &real);
	r->opt.missing_ok = saved;
	if (rc == 0 && !optional)
		missing_note(r, file);
	else if (rc > 0 && d == TABLE)
		rc = render_table(s, file, path, real, rest);
	else if (rc > 0 && d == IMAGE)
		rc = render_image(s, file, real, rest);
	else if (rc > 0 && d == INCLUDE)
		rc = render_include(s, file, path, real);
	else if (rc > 0)
		rc = render_pre(s, path, real);
	free(path);
	free(real);
	return rc < 0 ? -1 : 0;
}

static int render_line(const struct src *s, char *line)
{
	struct report *r = s->r;
	if (line[0] == '@' && line[1] != '@') {
		if (is_html(r) && flush(r) < 0)
			return -1;
		if (!is_html(r) && r->page.len &&
		    !(r->page.len >= 2 && r->page.s[r->page.len - 2] == '\n' &&
		      r->page.s[r->page.len - 1] == '\n'))
			buf_puts(&r->page, "\n");
		return render_directive(s, line);
	}
	line += line[0] == '@'; /* "@@" stands for a literal '@' */
	if (!is_html(r)) {
		int blank = line[strspn(line, " \t")] == '\0';
		size_t n = r->page.len;
		if (blank &&
		    (n == 0 || (n >= 2 && r->page.s[n - 2] == '\n' && r->page.s[n - 1] == '\n')))
			return 0;
		if (expand_line(s, line, &r->page) < 0)
			return -1;
		buf_puts(&r->page, "\n");
		return 0;
	}
	if (!r->md_name) {
		r->md_name = xstrdup(s->name);
		r->md_line = s->line;
	}
	if (expand_line(s, line, &r->md) < 0)
		return -1;
	buf_puts(&r->md, "\n");
	return 0;
}

/* Render the template at PATH ("-" for stdin; REAL is what is read) line
 * by line.  Its Markdown is rendered apart from its parent's. */
static int render_file(struct report *r, const char *path, const char *real,
		       const struct src *parent)
{
	int is_stdin = strcmp(path, "-") == 0, rc = 0;
	struct src s = {.r = r,
			.name = is_stdin ? "<stdin>" : path,
			.depth = parent ? parent->depth + 1 : 0,
			.parent = parent};
	char *data, *slash = strrchr(path, '/');
	size_t len;
	if (is_html(r) && flush(r) < 0)
		return -1;
	if (read_all(s.name, is_stdin ? "/dev/stdin" : real, &data, &len) < 0)
		return -1;
	if (check_text(s.name, data, len) < 0) {
		free(data);
		return -1;
	}
	s.dir = xstrdup(is_stdin || !slash ? "." : path);
	if (!is_stdin && slash)
		s.dir[slash == path ? 1 : slash - path] = '\0';
	s.real = is_stdin ? NULL : realpath(real, NULL);
	if (!parent && !r->root) {
		const char *root = r->opt.root       ? r->opt.root
				   : r->opt.base_dir ? r->opt.base_dir
						     : s.dir;
		if (!(r->root = realpath(root, NULL)))
			rc = error("%s:", root);
	}
	/* data[len] is a NUL, so the last line ends there, newline or not */
	for (char *line = data, *end = data + len, *eol; line < end && rc == 0; line = eol + 1) {
		if (!(eol = memchr(line, '\n', (size_t)(end - line))))
			eol = end;
		*eol = '\0';
		s.line++;
		if (eol > line && eol[-1] == '\r')
			rc = error_at(&s, "carriage return at end of line (CRLF line endings "
					  "are not accepted)");
		else
			rc = render_line(&s, line);
	}
	if (rc == 0 && is_html(r))
		rc = flush(r);
	free(s.real);
	free(s.dir);
	free(data);
	return rc;
}

struct report *report_new(const struct report_options *opt)
{
	struct report *r = xcalloc(1, sizeof *r);
	r->opt = *opt;
	return r;
}

int report_render(struct report *r, const char *path)
{
	if (!r->name)
		r->name = xstrdup(strcmp(path, "-") == 0 ? "<stdin>" : path);
	return render_file(r, path, path, NULL);
}

/* Readable on a phone (one column, images as wide as the screen, a wide
 * table scrolling inside its box), and from 1100 px on with each chart
 * floating right of its text; on paper nothing scrolls or floats and
 * nothing splits a table or a figure. */
static const char style[] =
	"body{margin:0;color:#1a1a1a;background:#fff;"
	"font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif}\n"
	"main{max-width:50rem;margin:0 auto;padding:1rem 1.25rem 3rem;overflow-wrap:anywhere}\n"
	"h1,h2,h3{line-height:1.25;margin:1.5em 0 .5em}\n"
	"h1{font-size:1.8rem;border-bottom:2px solid #ccc;margin-top:.5em}\n"
	"h2{clear:both;border-bottom:1px solid #e3e3e3}\n"
	"code,pre{font-family:ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,monospace;"
	"font-size:.9em}\n"
	"code{background:#f3f3f3;padding:0 .2em;border-radius:3px;overflow-wrap:break-word}\n"
	"pre{background:#f6f6f6;padding:.75rem;overflow-x:auto;line-height:1.35}\n"
	".table{overflow-x:auto;margin:1rem 0}\n"
	"table{border-collapse:collapse;font-variant-numeric:tabular-nums}\n"
	"caption{text-align:left;font-weight:600;padding-bottom:.25rem}\n"
	"th,td{padding:.3rem .75rem;border-bottom:1px solid #ddd;text-align:left;"
	"vertical-align:top}\n"
	"td{overflow-wrap:break-word}\n"
	"th{border-bottom:2px solid #999;white-space:nowrap}\n"
	"tbody tr:nth-child(even){background:#fafafa}\n"
	".num{text-align:right}\n"
	".figure{margin:1rem 0}\n"
	".figure img{display:block;max-width:100%;height:auto}\n"
	"details{margin:-.5rem 0 1rem}summary{cursor:pointer;color:#35598f}\n"
	".download{margin:-.5rem 0 1rem;font-size:.85em}\n"
	"a{color:#35598f}\n"
	".toc ul{columns:2 14rem;padding-left:1.2rem;margin:.5rem 0}\n"
	".missing{color:#a00;font-style:italic}\n"
	"@media (min-width:1100px){main{max-width:78rem}"
	".figure{float:right;clear:right;width:48%;margin:0 0 1rem 2rem}"
	/* a run of charts with no text beside them: two to a row */
	".figure:has(+ .figure),.figure + .figure{float:none;display:inline-block;"
	"vertical-align:top;width:48%;margin:0 1.5% 1rem 0}}\n"
	"@media (max-width:600px){main{padding:.5rem .75rem 2rem}h1{font-size:1.4rem}"
	"th,td{padding:.25rem .4rem}body{font-size:15px}}\n"
	"@media print{body{font-size:10.5pt}main{max-width:none;padding:0}.figure{float:none;width:auto}"
	".table,pre{overflow:visible}pre{white-space:pre-wrap}h1,h2,h3{break-after:avoid}"
	"table,.figure,pre{break-inside:avoid}tbody tr:nth-child(even){background:none}}\n";

/* The contents: a list of the headings of the first two levels but the
 * page's first (its title), linked. */
static void write_toc(const struct report *r, struct out *o)
{
	out_puts(o, "<nav class=\"toc\" aria-label=\"Contents\">\n<ul>\n");
	for (size_t i = 1; i < r->nheadings; i++)
		if (r->headings[i].level <= 2)
			out_printf(o, "<li><a href=\"#%s\">%s</a></li>\n", r->headings[i].id,
				   r->headings[i].text);
	out_puts(o, "</ul>\n</nav>\n");
}

void report_write(const struct report *r, struct out *o, const char *title)
{
	size_t len = r->page.len;
	if (!is_html(r)) {
		/* every block ends in a blank line; the file, in one newline */
		while (len > 1 && r->page.s[len - 1] == '\n' && r->page.s[len - 2] == '\n')
			len--;
		if (len)
			out_write(o, r->page.s, len);
		return;
	}
	struct buf head = {0};
	if (title)
		put_escaped(&head, title, strlen(title));
	else if (r->nheadings)
		buf_puts(&head, r->headings[0].text); /* escaped when it was rendered */
	else
		put_escaped(&head, r->name ? r->name : "", r->name ? strlen(r->name) : 0);
	out_printf(o,
		   "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
		   head.s ? head.s : "", style);
	const char *p = r->page.s ? r->page.s : "", *mark;
	while ((mark = strstr(p, toc_mark))) {
		out_write(o, p, (size_t)(mark - p));
		write_toc(r, o);
		p = mark + strlen(toc_mark);
	}
	out_puts(o, p);
	out_puts(o, "</main>\n</body>\n</html>\n");
	free(head.s);
}

void report_free(struct report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nheadings; i++) {
		free(r->headings[i].id);
		free(r->headings[i].text);
	}
	free(r->headings);
	free(r->page.s);
	free(r->md.s);
	free(r->md_name);
	free(r->root);
	free(r->name);
	free(r);
}
