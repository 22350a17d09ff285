#include "report.h"
#include "base64.h"
#include "err.h"
#include "num.h"
#include "text.h"
#include "tsv.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_DEPTH 16 /* nested @include files */

/* A growing string, always NUL-terminated once anything was added. */
struct buf {
	char *s;
	size_t len, cap;
};

struct report {
	struct report_options opt;
	struct buf page;     /* the rendered body: what goes inside <main> */
	char *first_heading; /* its plain text, the default title */
	char *name;	     /* the top template's name */
	int svgs;	     /* SVG images inlined so far, for their id prefixes */
	unsigned char pipe_right[64]; /* the pipe table's right-aligned columns */
};

/* A template file being rendered: where messages point and paths start.
 * The chain of parents is the chain of @include lines that led here. */
struct src {
	struct report *r;
	const char *name; /* as shown in messages */
	char *dir;	  /* the directory relative paths start from */
	char *real;	  /* canonical path, to detect include cycles */
	unsigned long line;
	int depth;
	const struct src *parent;
};

/* What is open in a template: a paragraph or list closes at a blank line,
 * a heading or a directive, and at the end of the file. */
/* What the lines so far have opened: a paragraph, a list, or a pipe table
 * (its header row read, or its rows). */
enum block { NONE, PARA, LIST, PIPE_HEAD, PIPE_BODY };

enum directive { TABLE, IMAGE, INCLUDE, PRE, NDIRECTIVES };
static const char *const directives[] = {"@table", "@image", "@include", "@pre"};

static void buf_add(struct buf *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof tmp) { /* rare: only long names get here */
		char *big = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		buf_add(b, big, (size_t)n);
		free(big);
	} else if (n > 0) {
		buf_add(b, tmp, (size_t)n);
	}
}

static int is_html(const struct report *r)
{
	return r->opt.format == REPORT_HTML;
}

/* Markup that exists in HTML only. */
static void put_tag(const struct report *r, struct buf *b, const char *tag)
{
	if (is_html(r))
		buf_puts(b, tag);
}

/* Template text: HTML-escaped; Markdown is written as the template has it. */
static void put_text(const struct report *r, struct buf *b, const char *s, size_t n)
{
	if (!is_html(r)) {
		buf_add(b, s, n);
		return;
	}
	for (const char *end = s + n; s < end; s++) {
		const char *entity = *s == '&'	  ? "&amp;"
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

/* Text from a data file: HTML-escaped too, and in Markdown with a backslash
 * before '\', '<' and '|', so that no cell starts a tag or ends a table
 * cell there either.  Empty text shows as "--"; with --digits, a number with
 * a fraction or an exponent is rounded. */
static void put_value(const struct report *r, struct buf *b, const char *v)
{
	double x;
	if (!*v) {
		buf_puts(b, "--");
	} else if (r->opt.digits >= 0 && strpbrk(v, ".eE") &&
		   num_parse_double(v, -DBL_MAX, DBL_MAX, &x) == 0) {
		buf_printf(b, "%.*f", r->opt.digits, x);
	} else if (is_html(r)) {
		put_text(r, b, v, strlen(v));
	} else {
		for (; *v; v++) {
			if (*v == '\\' || *v == '<' || *v == '|')
				buf_add(b, "\\", 1);
			buf_add(b, v, 1);
		}
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

/* The path of the file NAME named in s, in *path: 1 when it is there, 0
 * when it is missing and --missing-ok allows that, -1 after a message. */
static int resolve(const struct src *s, const char *name, char **path)
{
	const char *dir = s->r->opt.base_dir ? s->r->opt.base_dir : s->dir;
	size_t n = strlen(dir) + strlen(name) + 2;
	struct stat st;
	*path = xmalloc(n);
	if (name[0] == '/' || strcmp(dir, ".") == 0)
		snprintf(*path, n, "%s", name);
	else
		snprintf(*path, n, "%s/%s", dir, name);
	int found = stat(*path, &st) == 0;
	if (found && !S_ISDIR(st.st_mode))
		return 1;
	int saved = found ? EISDIR : errno;
	free(*path);
	*path = NULL;
	if (saved == ENOENT && s->r->opt.missing_ok)
		return 0;
	return error_at(s, "cannot read '%s': %s", name, strerror(saved));
}

/* The note that stands for a missing file under --missing-ok. */
static void missing_note(const struct report *r, struct buf *b, const char *name, int in_line)
{
	if (is_html(r))
		buf_puts(b, in_line ? "<span class=\"missing\">" : "<p class=\"missing\">");
	buf_puts(b, is_html(r) ? "missing: " : "*missing: ");
	put_text(r, b, name, strlen(name));
	buf_puts(b, !is_html(r) ? (in_line ? "*" : "*\n\n") : in_line ? "</span>" : "</p>\n");
}

/* The whole of PATH in *data, NUL-terminated, its size in *len; 0 or -1. */
static int read_all(const char *path, char **data, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return error("%s:", path);
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	int failed = ferror(fp);
	fclose(fp);
	if (failed) {
		free(b.s);
		return error("%s:", path);
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

/* The value of KEY in the "key<TAB>value" file PATH, in *value: 0 or -1. */
static int lookup(const struct src *s, const char *name, const char *path, const char *key,
		  char **value)
{
	struct tsv *t = tsv_open(path, '\t');
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
	if (t && tsv_close(t) < 0)
		rc = -1;
	if (rc == 0 && !*value)
		rc = error_at(s, "no key '%s' in '%s'", key, name);
	if (rc < 0) {
		free(*value);
		*value = NULL;
	}
	return rc;
}

/* {{FILE:KEY}}, given the n bytes between the braces. */
static int render_value(const struct src *s, const char *ref, size_t n, struct buf *b)
{
	char *spec = xmalloc(n + 1), *path = NULL, *value = NULL;
	memcpy(spec, ref, n);
	spec[n] = '\0';
	char *colon = strchr(spec, ':');
	int rc;
	if (!colon || colon == spec || !colon[1]) {
		rc = error_at(s, "expected {{FILE:KEY}} '{{%s}}'", spec);
	} else {
		*colon = '\0';
		rc = resolve(s, spec, &path);
		if (rc == 0)
			missing_note(s->r, b, spec, 1);
		else if (rc > 0 && (rc = lookup(s, spec, path, colon + 1, &value)) == 0)
			put_value(s->r, b, value);
	}
	free(value);
	free(path);
	free(spec);
	return rc < 0 ? -1 : 0;
}

/* The inline markup of t[0..n): `code`, **bold** and {{FILE:KEY}}.  An
 * unmatched ` or ** is literal text.  PLAIN (HTML only) leaves out the tags,
 * for the <title>. */
static int render_inline(const struct src *s, const char *t, size_t n, struct buf *b, int plain)
{
	const struct report *r = s->r;
	const char *end = t + n, *close;
	while (t < end) {
		if (*t == '`' && (close = memchr(t + 1, '`', (size_t)(end - t - 1))) &&
		    close > t + 1) {
			if (is_html(r)) {
				buf_puts(b, plain ? "" : "<code>");
				put_text(r, b, t + 1, (size_t)(close - t - 1));
				buf_puts(b, plain ? "" : "</code>");
			} else {
				buf_add(b, t, (size_t)(close + 1 - t));
			}
			t = close + 1;
		} else if (end - t >= 4 && t[0] == '*' && t[1] == '*' &&
			   (close = strstr(t + 2, "**")) && close + 2 <= end && close > t + 2) {
			buf_puts(b, plain ? "" : is_html(r) ? "<strong>" : "**");
			if (render_inline(s, t + 2, (size_t)(close - t - 2), b, plain) < 0)
				return -1;
			buf_puts(b, plain ? "" : is_html(r) ? "</strong>" : "**");
			t = close + 2;
		} else if (end - t >= 2 && t[0] == '{' && t[1] == '{') {
			close = strstr(t + 2, "}}");
			if (!close || close + 2 > end)
				return error_at(s, "unterminated '{{' '%.*s'", (int)(end - t), t);
			if (render_value(s, t + 2, (size_t)(close - t - 2), b) < 0)
				return -1;
			t = close + 2;
		} else {
			put_text(r, b, t++, 1);
		}
	}
	return 0;
}

static void close_block(struct report *r, enum block *blk)
{
	if (*blk == PARA)
		buf_puts(&r->page, is_html(r) ? "</p>\n" : "\n");
	else if (*blk == LIST)
		buf_puts(&r->page, is_html(r) ? "</ul>\n" : "\n");
	else if (*blk == PIPE_HEAD || *blk == PIPE_BODY)
		buf_puts(&r->page, is_html(r) ? (*blk == PIPE_HEAD ? "</thead>\n</table></div>\n"
								 : "</tbody>\n</table></div>\n")
					       : "\n");
	*blk = NONE;
}

static int render_heading(const struct src *s, int level, const char *text)
{
	struct report *r = s->r;
	size_t n = strlen(text);
	if (!r->first_heading && is_html(r)) {
		struct buf plain = {0};
		if (render_inline(s, text, n, &plain, 1) < 0) {
			free(plain.s);
			return -1;
		}
		r->first_heading = plain.s ? plain.s : xstrdup("");
	}
	if (is_html(r))
		buf_printf(&r->page, "<h%d>", level);
	else
		buf_printf(&r->page, "%.*s ", level, "###");
	if (render_inline(s, text, n, &r->page, 0) < 0)
		return -1;
	if (is_html(r))
		buf_printf(&r->page, "</h%d>\n", level);
	else
		buf_puts(&r->page, "\n\n");
	return 0;
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

/* A table read whole: the header is row 0. */
struct table {
	char ***rows;
	size_t nrows;
	int ncols;
	unsigned char *num; /* per column: right-aligned */
};

static void table_free(struct table *tb)
{
	for (size_t i = 0; i < tb->nrows; i++) {
		for (int c = 0; c < tb->ncols; c++)
			free(tb->rows[i][c]);
		free(tb->rows[i]);
	}
	free(tb->rows);
	free(tb->num);
}

/* Read PATH into tb; every row as wide as the header.  A column is numeric
 * when its non-empty cells below the header are all numbers. */
static int table_read(const struct src *s, const char *name, const char *path, struct table *tb)
{
	struct tsv *t = tsv_open(path, '\t');
	int rc = t ? 0 : -1;
	while (rc == 0 && (rc = tsv_next(t)) > 0) {
		if ((tb->nrows > 0 && tsv_need(t, tb->ncols) < 0) || check_fields(t) < 0) {
			rc = -1;
			break;
		}
		tb->ncols = t->nfields;
		tb->rows = xrealloc(tb->rows, (tb->nrows + 1) * sizeof *tb->rows);
		tb->rows[tb->nrows] = xmallocarray((size_t)tb->ncols, sizeof **tb->rows);
		for (int c = 0; c < tb->ncols; c++)
			tb->rows[tb->nrows][c] = xstrdup(t->field[c]);
		tb->nrows++;
		rc = 0;
	}
	if (t && tsv_close(t) < 0)
		rc = -1;
	if (rc == 0 && tb->nrows == 0)
		rc = error_at(s, "empty table (no header line) '%s'", name);
	if (rc < 0)
		return -1;
	tb->num = xcalloc((size_t)tb->ncols, 1);
	for (int c = 0; c < tb->ncols; c++) {
		size_t filled = 0, numbers = 0;
		for (size_t i = 1; i < tb->nrows; i++) {
			filled += tb->rows[i][c][0] != '\0';
			numbers += is_number(tb->rows[i][c]);
		}
		tb->num[c] = filled > 0 && numbers == filled;
	}
	return 0;
}

static void put_row(struct report *r, const struct table *tb, size_t i)
{
	const char *cell = i == 0 ? "th" : "td";
	buf_puts(&r->page, is_html(r) ? "<tr>" : "|");
	for (int c = 0; c < tb->ncols; c++) {
		if (is_html(r))
			buf_printf(&r->page, "<%s%s>", cell, tb->num[c] ? " class=\"num\"" : "");
		else
			buf_puts(&r->page, " ");
		put_value(r, &r->page, tb->rows[i][c]);
		if (is_html(r))
			buf_printf(&r->page, "</%s>", cell);
		else
			buf_puts(&r->page, " |");
	}
	buf_puts(&r->page, is_html(r) ? "</tr>\n" : "\n");
}

/* @table FILE [CAPTION] */
static int render_table(const struct src *s, const char *name, const char *path,
			const char *caption)
{
	struct report *r = s->r;
	struct table tb = {0};
	int rc = table_read(s, name, path, &tb);
	if (rc == 0 && *caption) {
		buf_puts(&r->page, is_html(r) ? "<div class=\"table\"><table>\n<caption>" : "**");
		rc = render_inline(s, caption, strlen(caption), &r->page, 0);
		buf_puts(&r->page, is_html(r) ? "</caption>\n" : "**\n\n");
	} else if (rc == 0) {
		put_tag(r, &r->page, "<div class=\"table\"><table>\n");
	}
	if (rc < 0) {
		table_free(&tb);
		return -1;
	}
	put_tag(r, &r->page, "<thead>\n");
	put_row(r, &tb, 0);
	if (is_html(r)) {
		buf_puts(&r->page, "</thead>\n<tbody>\n");
	} else {
		buf_puts(&r->page, "|");
		for (int c = 0; c < tb.ncols; c++)
			buf_puts(&r->page, tb.num[c] ? " ---: |" : " --- |");
		buf_puts(&r->page, "\n");
	}
	for (size_t i = 1; i < tb.nrows; i++)
		put_row(r, &tb, i);
	buf_puts(&r->page, is_html(r) ? "</tbody>\n</table></div>\n" : "\n");
	table_free(&tb);
	return 0;
}

/* Where the <svg element starts, past a byte-order mark, an XML
 * declaration, comments and a doctype; NULL if the text is not SVG. */
static const char *svg_start(const char *p)
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
	if (strncmp(p, "<svg", 4) == 0 && (isspace((unsigned char)p[4]) || p[4] == '>'))
		return p;
	return NULL;
}

/* Script would break the page's promise of no JavaScript: a <script>
 * element, or an on* event attribute inside a tag. */
static int svg_has_script(const char *p)
{
	int in_tag = 0;
	for (; *p; p++) {
		if (*p == '<') {
			in_tag = 1;
			if (strncasecmp(p + 1, "script", 6) == 0)
				return 1;
		} else if (*p == '>') {
			in_tag = 0;
		} else if (in_tag && isspace((unsigned char)*p) &&
			   strncasecmp(p + 1, "on", 2) == 0) {
			const char *q = p + 3;
			while (isalpha((unsigned char)*q))
				q++;
			while (isspace((unsigned char)*q))
				q++;
			if (q > p + 3 && *q == '=')
				return 1;
		}
	}
	return 0;
}

/* Copy an SVG onto the page with every id prefixed "svgN-", and every
 * reference to one (href="#id", url(#id)) to match: inlined images share
 * the page's id space, and gnuplot's, for one, all define the same ids. */
static void put_svg(struct report *r, const char *p)
{
	static const char *const marks[] = {"id=\"", "id='",   "href=\"#", "href='#",
					    "url(#", "url('#", "url(\"#"};
	const char *end = p + strlen(p);
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	r->svgs++;
	while (p < end) {
		size_t m = 0;
		for (size_t i = 0; i < sizeof marks / sizeof marks[0] && !m; i++) {
			size_t len = strlen(marks[i]);
			if ((size_t)(end - p) >= len && strncmp(p, marks[i], len) == 0 &&
			    (marks[i][0] != 'i' || isspace((unsigned char)p[-1])))
				m = len;
		}
		if (m) {
			buf_add(&r->page, p, m);
			buf_printf(&r->page, "svg%d-", r->svgs);
			p += m;
		} else {
			buf_add(&r->page, p++, 1);
		}
	}
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_png(struct report *r, const unsigned char *data, size_t len, const char *alt)
{
	struct buf *b = &r->page;
	buf_printf(b, "<p class=\"figure\"><img width=\"%lu\" height=\"%lu\" alt=\"",
		   (unsigned long)be32(data + 16), (unsigned long)be32(data + 20));
	put_text(r, b, alt, strlen(alt));
	buf_puts(b, "\" src=\"data:image/png;base64,");
	size_t need = base64_encoded_len(len);
	if (b->len + need + 1 > b->cap)
		b->s = xrealloc(b->s, b->cap = (b->len + need + 1) * 2);
	b->len += base64_encode(b->s + b->len, data, len);
	buf_puts(b, "\"></p>\n");
}

/* @image FILE [ALT]: a PNG (by its signature and header chunk) as a data:
 * URI with its size, or an SVG inline; Markdown links to FILE. */
static int render_image(const struct src *s, const char *name, const char *path, const char *alt)
{
	struct report *r = s->r;
	char *data;
	size_t len;
	const char *svg = NULL;
	if (read_all(path, &data, &len) < 0)
		return -1;
	const unsigned char *u = (const unsigned char *)data;
	int png =
	    len >= 24 && memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(u + 12, "IHDR", 4) == 0;
	int rc = 0;
	if (!png && (strlen(data) != len || text_utf8_check(data) >= 0 || !(svg = svg_start(data))))
		rc = error_at(s, "not a PNG or SVG image '%s'", name);
	else if (svg && svg_has_script(svg))
		rc = error_at(s, "script in SVG image '%s'", name);
	else if (!is_html(r))
		buf_printf(&r->page, "![%s](%s)\n\n", alt, name);
	else if (png)
		put_png(r, u, len, alt);
	else {
		buf_puts(&r->page, "<div class=\"figure\" role=\"img\"");
		if (*alt) {
			buf_puts(&r->page, " aria-label=\"");
			put_text(r, &r->page, alt, strlen(alt));
			buf_puts(&r->page, "\"");
		}
		buf_puts(&r->page, ">\n");
		put_svg(r, svg);
		buf_puts(&r->page, "\n</div>\n");
	}
	free(data);
	return rc;
}

/* @pre FILE: the file verbatim; in Markdown inside a fence longer than any
 * run of backticks in it. */
static int render_pre(struct report *r, const char *path)
{
	char *data;
	size_t len;
	if (read_all(path, &data, &len) < 0 || check_text(path, data, len) < 0)
		return -1;
	if (len > 0 && data[len - 1] == '\n')
		len--;
	if (is_html(r)) {
		buf_puts(&r->page, "<pre>\n"); /* a parser drops this newline, not the file's */
		put_text(r, &r->page, data, len);
		buf_puts(&r->page, "</pre>\n");
	} else {
		size_t fence = 3, run = 0;
		for (size_t i = 0; i < len; i++) {
			run = data[i] == '`' ? run + 1 : 0;
			fence = run >= fence ? run + 1 : fence;
		}
		for (size_t i = 0; i < fence; i++)
			buf_puts(&r->page, "`");
		buf_puts(&r->page, "\n");
		buf_add(&r->page, data, len);
		buf_puts(&r->page, "\n");
		for (size_t i = 0; i < fence; i++)
			buf_puts(&r->page, "`");
		buf_puts(&r->page, "\n\n");
	}
	free(data);
	return 0;
}

static int render_file(struct report *r, const char *path, const struct src *parent);

/* @include FILE: another template, by the same rules; no file may include
 * itself, directly or not, and includes nest at most MAX_DEPTH deep. */
static int render_include(const struct src *s, const char *name, const char *path)
{
	char *real = realpath(path, NULL);
	int rc = 0;
	if (!real)
		return error_at(s, "cannot read '%s': %s", name, strerror(errno));
	for (const struct src *p = s; p && rc == 0; p = p->parent)
		if (p->real && strcmp(p->real, real) == 0)
			rc = error_at(s, "include cycle '%s'", name);
	if (rc == 0 && s->depth >= MAX_DEPTH)
		rc = error_at(s, "more than %d nested includes '%s'", MAX_DEPTH, name);
	free(real);
	return rc < 0 ? -1 : render_file(s->r, path, s);
}

/* A line that starts with '@': "@NAME FILE [TEXT]". */
static int render_directive(const struct src *s, char *line)
{
	char *file = line + strcspn(line, " \t"), *rest, *path;
	if (*file)
		*file++ = '\0';
	file += strspn(file, " \t");
	rest = file + strcspn(file, " \t");
	if (*rest)
		*rest++ = '\0';
	rest += strspn(rest, " \t");
	for (size_t n = strlen(rest); n > 0 && isspace((unsigned char)rest[n - 1]); n--)
		rest[n - 1] = '\0';
	enum directive d = 0;
	while (d < NDIRECTIVES && strcmp(line, directives[d]) != 0)
		d++;
	if (d == NDIRECTIVES)
		return error_at(s, "unknown directive '%s'", line);
	if (!*file)
		return error_at(s, "missing FILE after '%s'", line);
	if ((d == INCLUDE || d == PRE) && *rest)
		return error_at(s, "extra text after %s FILE '%s'", line, rest);
	int rc = resolve(s, file, &path);
	if (rc == 0)
		missing_note(s->r, &s->r->page, file, 0);
	else if (rc > 0 && d == TABLE)
		rc = render_table(s, file, path, rest);
	else if (rc > 0 && d == IMAGE)
		rc = render_image(s, file, path, rest);
	else if (rc > 0 && d == INCLUDE)
		rc = render_include(s, file, path);
	else if (rc > 0)
		rc = render_pre(s->r, path);
	free(path);
	return rc < 0 ? -1 : 0;
}

/* The cells of a "| a | b |" line: the text between bars, blanks trimmed
 * (a bar after a backslash is part of the cell).  Returns how many, at most
 * max; the cells point into line, which is modified. */
static int pipe_cells(char *line, char **cell, int max)
{
	int n = 0;
	char *p = line + 1;
	while (*p && n < max) {
		char *start = p;
		while (*p && !(*p == '|' && p[-1] != '\\'))
			p++;
		if (!*p && p == start)
			break;
		char *end = p;
		int bar = *p == '|';
		while (start < end && (*start == ' ' || *start == '\t'))
			start++;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		/* "\|" stands for a bar inside the cell */
		char *w = start;
		for (char *q = start; *q; q++)
			if (!(q[0] == '\\' && q[1] == '|'))
				*w++ = *q;
		*w = '\0';
		cell[n++] = start;
		if (!bar)
			break;
		p++;
	}
	return n;
}

/* A row of a pipe table: header cells, or data cells right-aligned where
 * the separator line ended the column with ':' (r->pipe_right). */
static int pipe_row(const struct src *s, char *line, int header)
{
	struct report *r = s->r;
	if (!is_html(r)) { /* already Markdown */
		buf_printf(&r->page, "%s\n", line);
		return 0;
	}
	char *cell[64];
	int n = pipe_cells(line, cell, 64);
	buf_puts(&r->page, is_html(r) ? "<tr>" : "|");
	for (int c = 0; c < n; c++) {
		if (is_html(r))
			buf_printf(&r->page, "<%s%s>", header ? "th" : "td",
				   !header && c < 64 && r->pipe_right[c] ? " class=\"num\"" : "");
		else
			buf_puts(&r->page, " ");
		if (render_inline(s, cell[c], strlen(cell[c]), &r->page, 0) < 0)
			return -1;
		buf_puts(&r->page, is_html(r) ? (header ? "</th>" : "</td>") : " |");
	}
	buf_puts(&r->page, is_html(r) ? "</tr>\n" : "\n");
	return 0;
}

/* A line that starts with '|': a Markdown pipe table, header row, then a
 * separator line of dashes (and ':' for right alignment), then rows. */
static int render_pipe(const struct src *s, char *line, enum block *blk)
{
	struct report *r = s->r;
	if (*blk != PIPE_HEAD && *blk != PIPE_BODY) {
		close_block(r, blk);
		put_tag(r, &r->page, "<div class=\"table\"><table>\n<thead>\n");
		*blk = PIPE_HEAD;
		return pipe_row(s, line, 1);
	}
	if (*blk == PIPE_BODY)
		return pipe_row(s, line, 0);
	if (line[strspn(line, "|-: \t")] != '\0')
		return error_at(s, "expected a separator line of '|', '-' and ':' after a table's "
				   "header '%.40s'",
				line);
	if (!is_html(r))
		buf_printf(&r->page, "%s\n", line);
	char *cell[64];
	int n = pipe_cells(line, cell, 64);
	memset(r->pipe_right, 0, sizeof r->pipe_right);
	for (int c = 0; c < n; c++)
		r->pipe_right[c] = cell[c][0] && cell[c][strlen(cell[c]) - 1] == ':';
	put_tag(r, &r->page, "</thead>\n<tbody>\n");
	*blk = PIPE_BODY;
	return 0;
}

static int render_line(const struct src *s, char *line, enum block *blk)
{
	struct report *r = s->r;
	int level = 0;
	while (level < 3 && line[level] == '#')
		level++;
	if (line[strspn(line, " \t")] == '\0') {
		close_block(r, blk);
		return 0;
	}
	if (line[0] == '@' && line[1] != '@') {
		close_block(r, blk);
		return render_directive(s, line);
	}
	if (line[0] == '|')
		return render_pipe(s, line, blk);
	if (*blk == PIPE_HEAD)
		return error_at(s, "expected a separator line after a table's header, found '%.40s'",
				line);
	if (level > 0 && line[level] == ' ') {
		close_block(r, blk);
		return render_heading(s, level, line + level + 1);
	}
	int item = line[0] == '-' && line[1] == ' ';
	if (*blk != (item ? LIST : PARA)) {
		close_block(r, blk);
		put_tag(r, &r->page, item ? "<ul>\n" : "<p>");
		*blk = item ? LIST : PARA;
	} else if (!item && is_html(r)) {
		buf_puts(&r->page, "\n"); /* the next line of a paragraph */
	}
	if (item) {
		buf_puts(&r->page, is_html(r) ? "<li>" : "- ");
		line += 2;
	}
	line += line[0] == '@'; /* "@@" stands for a literal '@' */
	if (render_inline(s, line, strlen(line), &r->page, 0) < 0)
		return -1;
	buf_puts(&r->page, is_html(r) ? (item ? "</li>\n" : "") : "\n");
	return 0;
}

/* Render the template at PATH ("-" for stdin) line by line. */
static int render_file(struct report *r, const char *path, const struct src *parent)
{
	int is_stdin = strcmp(path, "-") == 0, rc = 0;
	struct src s = {.r = r,
			.name = is_stdin ? "<stdin>" : path,
			.depth = parent ? parent->depth + 1 : 0,
			.parent = parent};
	char *data, *slash = strrchr(path, '/');
	size_t len;
	if (read_all(is_stdin ? "/dev/stdin" : path, &data, &len) < 0)
		return -1;
	if (check_text(s.name, data, len) < 0) {
		free(data);
		return -1;
	}
	s.dir = xstrdup(is_stdin || !slash ? "." : path);
	if (!is_stdin && slash)
		s.dir[slash == path ? 1 : slash - path] = '\0';
	s.real = is_stdin ? NULL : realpath(path, NULL);
	enum block blk = NONE;
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
			rc = render_line(&s, line, &blk);
	}
	close_block(r, &blk);
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
	return render_file(r, path, NULL);
}

/* Readable at 800 px and on a phone (one centred column; a wide table
 * scrolls inside its box) and on paper (nothing scrolls, nothing splits a
 * table or a figure). */
static const char style[] =
    "body{margin:0;color:#1a1a1a;background:#fff;"
    "font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif}\n"
    "main{max-width:50rem;margin:0 auto;padding:1rem 1.25rem 3rem}\n"
    "h1,h2,h3{line-height:1.25;margin:1.5em 0 .5em}\n"
    "h1{font-size:1.8rem;border-bottom:2px solid #ccc}\n"
    "code,pre{font-family:ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,monospace;"
    "font-size:.9em}\n"
    "code{background:#f3f3f3;padding:0 .2em;border-radius:3px}\n"
    "pre{background:#f6f6f6;padding:.75rem;overflow-x:auto;line-height:1.35}\n"
    ".table{overflow-x:auto;margin:1rem 0}\n"
    "table{border-collapse:collapse;font-variant-numeric:tabular-nums}\n"
    "caption{text-align:left;font-weight:600;padding-bottom:.25rem}\n"
    "th,td{padding:.3rem .75rem;border-bottom:1px solid #ddd;text-align:left;"
    "vertical-align:top}\n"
    "th{border-bottom:2px solid #999;white-space:nowrap}\n"
    "tbody tr:nth-child(even){background:#fafafa}\n"
    ".num{text-align:right}\n"
    ".figure{margin:1rem 0}\n"
    ".figure img,.figure svg{display:block;max-width:100%;height:auto}\n"
    ".missing{color:#a00;font-style:italic}\n"
    "@media print{body{font-size:10.5pt}main{max-width:none;padding:0}"
    ".table,pre{overflow:visible}pre{white-space:pre-wrap}h1,h2,h3{break-after:avoid}"
    "table,.figure,pre{break-inside:avoid}tbody tr:nth-child(even){background:none}}\n";

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
	const char *plain = title ? title : r->first_heading ? NULL : r->name ? r->name : "";
	if (plain)
		put_text(r, &head, plain, strlen(plain));
	else
		buf_puts(&head, r->first_heading); /* escaped when it was rendered */
	out_printf(o,
		   "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
		   head.s ? head.s : "", style);
	if (len)
		out_write(o, r->page.s, len);
	out_puts(o, "</main>\n</body>\n</html>\n");
	free(head.s);
}

void report_free(struct report *r)
{
	if (!r)
		return;
	free(r->page.s);
	free(r->first_heading);
	free(r->name);
	free(r);
}
