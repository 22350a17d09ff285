/*
 * tsv: a fast line reader for separated text, plain or gzip, that always
 * knows where it is.
 *
 * A struct tsv reads one file (or stdin for "-") line by line and splits
 * each line into fields at a one-byte separator (normally a tab).  Input
 * compressed with gzip is recognised by its bytes, not its name, and read
 * transparently.  After tsv_next() returns 1, field[0..nfields-1] point at
 * NUL-terminated fields inside the reader's buffer; they stay valid only
 * until the next call.  "line" is the 1-based number of that line.
 *
 * Strictness is built in, because every format of reel's is strict: a line
 * that is empty (unless allow_empty is set), holds a NUL byte or ends in
 * "\r\n" is an error, as is a truncated or corrupt gzip stream, a UTF-8 byte-order mark and a
 * line longer than TSV_LINE_MAX bytes (or $REEL_LINE_MAX), which stops a
 * file without newlines from taking all memory.  Every error is printed by this module as
 * "FILE:LINE: what is wrong" and reported as -1.
 */
#ifndef REEL_TSV_H
#define REEL_TSV_H

#include <stddef.h>
#include <stdint.h>

#define TSV_LINE_MAX (16u << 20)

struct tsv {
	const char *name;   /* the path as shown in messages ("<stdin>" for "-") */
	unsigned long line; /* number of the line last returned, 1-based */
	char **field;       /* the fields of that line */
	int nfields;
	char sep;
	int allow_empty; /* set by the caller: an empty line is returned with nfields 0 */
	/* private */
	void *gz;
	char *buf;
	size_t cap, start, end;
	int at_eof;
	int failed; /* a read error was already reported */
	int field_cap;
	char *path_copy;
	size_t line_max; /* longest line accepted, from REEL_LINE_MAX */
};

/* Open PATH ("-" for stdin) for reading fields separated by SEP.  Returns
 * NULL after printing "FILE: reason" when it cannot be opened. */
struct tsv *tsv_open(const char *path, char sep);

/* Read the next line: 1 when a line was read, 0 at a clean end of input,
 * -1 after printing an error. */
int tsv_next(struct tsv *t);

/* The current line as one string with separators restored; for messages
 * and for tools that treat a line as opaque.  Valid until tsv_next(). */
const char *tsv_line_text(struct tsv *t);

/* Print "FILE:LINE: message" and return -1. */
int tsv_error(struct tsv *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Require exactly n fields: otherwise "expected N fields, found M". */
int tsv_need(struct tsv *t, int n);

/* Field col parsed strictly as the named quantity, or "bad WHAT 'TOKEN'". */
int tsv_u32(struct tsv *t, int col, const char *what, uint32_t *out);
int tsv_i64(struct tsv *t, int col, const char *what, int64_t min, int64_t max, int64_t *out);
int tsv_double(struct tsv *t, int col, const char *what, double min, double max, double *out);

/* Close; returns -1 (after a message) if the stream reported an error. */
int tsv_close(struct tsv *t);

#endif
