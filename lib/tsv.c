#include "tsv.h"
#include "err.h"
#include "opt.h"
#include "num.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define TSV_CHUNK (1u << 20)

struct tsv *tsv_open(const char *path, char sep)
{
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY);
	if (fd < 0) {
		error("%s:", name);
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		error("%s: is a directory", name);
		return NULL;
	}
	gzFile gz = gzdopen(fd, "rb");
	if (!gz) {
		close(fd);
		error("%s: cannot open for reading", name);
		return NULL;
	}
	gzbuffer(gz, 1u << 17);
	struct tsv *t = xcalloc(1, sizeof *t);
	t->path_copy = xstrdup(name);
	t->name = t->path_copy;
	t->sep = sep;
	t->gz = gz;
	t->line_max = (size_t)opt_env_limit("REEL_LINE_MAX", TSV_LINE_MAX);
	t->cap = TSV_CHUNK;
	t->buf = xmalloc(t->cap + 1);
	t->field_cap = 16;
	t->field = xmallocarray((size_t)t->field_cap, sizeof *t->field);
	return t;
}

int tsv_error(struct tsv *t, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return error("%s:%lu: %s", t->name, t->line, msg);
}

/* zlib's message without its "<fd:N>: " prefix, which names nothing
 * useful: the file's name comes first in our messages. */
static const char *gz_why(struct tsv *t, int *code)
{
	const char *why = gzerror(t->gz, code), *colon = strstr(why, ": ");
	return strncmp(why, "<fd:", 4) == 0 && colon ? colon + 2 : why;
}

/* Move the unread tail to the front and fill the rest of the buffer,
 * growing it when one line is longer than the buffer.  Returns the number
 * of bytes added (0 at end of input) or -1. */
static int fill(struct tsv *t)
{
	if (t->start > 0) {
		memmove(t->buf, t->buf + t->start, t->end - t->start);
		t->end -= t->start;
		t->start = 0;
	}
	if (t->end == t->cap) {
		if (t->cap > t->line_max) {
			t->failed = 1;
			return error("%s:%lu: line longer than %zu bytes (REEL_LINE_MAX raises the "
				     "limit)",
				     t->name, t->line + 1, t->line_max);
		}
		t->cap = t->cap * 2 > t->line_max + 1 ? t->line_max + 1 : t->cap * 2;
		t->buf = xrealloc(t->buf, t->cap + 1);
	}
	size_t want = t->cap - t->end;
	if (want > (1u << 30))
		want = 1u << 30;
	int got = gzread(t->gz, t->buf + t->end, (unsigned)want);
	if (got < 0) {
		t->failed = 1;
		int code;
		const char *why = gz_why(t, &code);
		if (code == Z_ERRNO)
			why = strerror(errno);
		return error("%s:%lu: read error: %s (truncated or corrupt gzip data?)", t->name,
			     t->line + 1, why);
	}
	if (got == 0) {
		/* zlib reports a stream cut short only once the data runs out */
		int code;
		const char *why = gz_why(t, &code);
		if (code != Z_OK && code != Z_STREAM_END) {
			t->failed = 1;
			return error("%s:%lu: truncated or corrupt gzip data (%s)", t->name,
				     t->line + 1, why);
		}
	}
	t->end += (size_t)got;
	return got;
}

static int split_fields(struct tsv *t, char *s, size_t len)
{
	char *end = s + len;
	t->nfields = 0;
	for (;;) {
		if (t->nfields == t->field_cap) {
			t->field_cap *= 2;
			t->field = xrealloc(t->field, (size_t)t->field_cap * sizeof *t->field);
		}
		t->field[t->nfields++] = s;
		char *next = memchr(s, t->sep, (size_t)(end - s));
		if (!next)
			break;
		*next = '\0';
		s = next + 1;
	}
	*end = '\0';
	return 1;
}

int tsv_next(struct tsv *t)
{
	char *nl;
	for (;;) {
		nl = memchr(t->buf + t->start, '\n', t->end - t->start);
		if (nl || t->at_eof)
			break;
		int got = fill(t);
		if (got < 0)
			return -1;
		if (got == 0)
			t->at_eof = 1;
	}
	if (!nl && t->start == t->end)
		return 0;
	t->line++;
	char *s = t->buf + t->start;
	size_t len = nl ? (size_t)(nl - s) : t->end - t->start;
	t->start += len + (nl ? 1 : 0);
	if (len > t->line_max)
		return tsv_error(t, "line longer than %zu bytes (REEL_LINE_MAX raises the limit)",
				 t->line_max);
	if (len == 0) {
		t->nfields = 0;
		return t->allow_empty ? 1 : tsv_error(t, "empty line");
	}
	if (s[len - 1] == '\r')
		return tsv_error(
			t, "carriage return at end of line (CRLF line endings are not accepted)");
	if (memchr(s, '\0', len))
		return tsv_error(t, "NUL byte in line");
	/* invisible in a message's quotes: name it */
	if (t->line == 1 && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		return tsv_error(t,
				 "UTF-8 byte-order mark at the start of the file (not accepted)");
	return split_fields(t, s, len);
}

const char *tsv_line_text(struct tsv *t)
{
	for (int i = 0; i + 1 < t->nfields; i++)
		t->field[i][strlen(t->field[i])] = t->sep;
	t->nfields = t->nfields > 0 ? 1 : 0;
	return t->nfields ? t->field[0] : "";
}

int tsv_need(struct tsv *t, int n)
{
	if (t->nfields != n)
		return tsv_error(t, "expected %d field%s, found %d", n, n == 1 ? "" : "s",
				 t->nfields);
	return 0;
}

/* Tokens in messages are cut short so a 1 MB field cannot flood stderr. */
static int bad_field(struct tsv *t, int col, const char *what)
{
	if (col >= t->nfields)
		return tsv_error(t, "missing %s (field %d)", what, col + 1);
	const char *tok = t->field[col];
	if (strlen(tok) > 40)
		return tsv_error(t, "bad %s '%.40s...'", what, tok);
	return tsv_error(t, "bad %s '%s'", what, tok);
}

int tsv_u32(struct tsv *t, int col, const char *what, uint32_t *out)
{
	if (col >= t->nfields || num_parse_u32(t->field[col], out) < 0)
		return bad_field(t, col, what);
	return 0;
}

int tsv_i64(struct tsv *t, int col, const char *what, int64_t min, int64_t max, int64_t *out)
{
	if (col >= t->nfields || num_parse_i64(t->field[col], min, max, out) < 0)
		return bad_field(t, col, what);
	return 0;
}

int tsv_double(struct tsv *t, int col, const char *what, double min, double max, double *out)
{
	if (col >= t->nfields || num_parse_double(t->field[col], min, max, out) < 0)
		return bad_field(t, col, what);
	return 0;
}

int tsv_close(struct tsv *t)
{
	if (!t)
		return 0;
	int rc = gzclose_r(t->gz);
	rc = rc == Z_OK || t->failed ? 0 : error("%s: error closing input", t->name);
	free(t->buf);
	free(t->field);
	free(t->path_copy);
	free(t);
	return rc;
}
