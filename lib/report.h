/*
 * report: render a report template as one self-contained HTML page or as
 * Markdown (the engine of reel-report; the template language is defined in
 * docs/TOOLS.md).
 *
 * A struct report holds the options and the page rendered so far.  The
 * whole page is built in memory, so a caller renders first and opens its
 * output only when that succeeded: a bad template leaves nothing behind.
 * The Markdown is rendered by md4c (CommonMark with tables), reel's
 * directives and values around it.  The HTML page needs nothing else: CSS
 * inline, PNG and SVG images as data: URIs (an SVG as an <img>, where a
 * browser runs no script and loads nothing), no JavaScript, no Markdown
 * image and no link but http, https, mailto and relative ones.  All text
 * reaches the page HTML-escaped (raw HTML in a template is text), so
 * nothing in a template or a data file can inject markup.  No directive
 * reads a file outside the root directory, symbolic links resolved.
 *
 * Errors are printed as "FILE:LINE: what is wrong 'token'", FILE and LINE
 * being the template line that named the bad file or holds the bad text;
 * malformed data as "TEMPLATE:LINE: DATA:LINE: what is wrong", both lines.
 */
#ifndef REEL_REPORT_H
#define REEL_REPORT_H

#include "out.h"

enum report_format { REPORT_HTML, REPORT_MD };

struct report_options {
	enum report_format format;
	/* Where relative paths in directives start; NULL: the directory of
	 * the template file that holds the directive. */
	const char *base_dir;
	/* Every file a directive names must be inside this directory, after
	 * symbolic links are resolved; NULL: base_dir, or else the directory
	 * of the top template. */
	const char *root;
	/* A missing file is rendered as a visible "missing: FILE" note
	 * instead of being an error. */
	int missing_ok;
	/* Numbers with a fraction or exponent, in tables and values, shown
	 * with this many decimals; -1 shows them as written. */
	int digits;
};

struct report;

/* A new, empty report with a copy of the options; never NULL. */
struct report *report_new(const struct report_options *opt);

/* Render the template PATH ("-" for stdin) into r, with everything it
 * includes.  0, or -1 after a message. */
int report_render(struct report *r, const char *path);

/* Write the page to o.  In HTML, the whole document, titled TITLE, or when
 * that is NULL the plain text of the first heading, else the template's
 * name; Markdown has no title.  Errors are reported by out_close(). */
void report_write(const struct report *r, struct out *o, const char *title);

void report_free(struct report *r);

#endif
