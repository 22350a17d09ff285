/*
 * fuzz_report: libFuzzer harness of reel-report's engine (lib/report.c on
 * md4c): a template and one data file it may name.
 *
 * Input: one control byte c, then the template, then (after the first
 * 0xff byte, if any) the contents of d.tsv beside it, which the template
 * can name in @table, @pre, @include or {{d.tsv:KEY}}.  c & 1 chooses
 * Markdown over HTML, c >> 1 & 1 --missing-ok, c >> 2 % 6 - 1 the digits.
 * Whatever the input, an HTML page must hold no <script, <iframe or
 * <object element and no attribute holding a javascript: URL: everything
 * from the template or the data reaches the page escaped (as text, the
 * word may appear).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "out.h"
#include "report.h"

/* Whether the page holds s, ignoring case. */
static int holds(const char *page, size_t n, const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i + len <= n; i++)
		if (strncasecmp(page + i, s, len) == 0)
			return 1;
	return 0;
}

static void check_page(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return;
	static char page[1 << 22];
	size_t n = fread(page, 1, sizeof page, fp);
	fclose(fp);
	if (holds(page, n, "<script") || holds(page, n, "<iframe") || holds(page, n, "<object") ||
	    holds(page, n, "=\"javascript:"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned c = data[0];
	const uint8_t *tmpl = data + 1, *sep = memchr(tmpl, 0xff, size - 1);
	size_t tlen = sep ? (size_t)(sep - tmpl) : size - 1;
	if (sep)
		fuzz_file("d.tsv", sep + 1, size - 1 - tlen - 1);
	else
		fuzz_remove("d.tsv");
	char tpath[512];
	snprintf(tpath, sizeof tpath, "%s", fuzz_file("t.md", tmpl, tlen));
	struct report_options opt = {c & 1 ? REPORT_MD : REPORT_HTML, fuzz_tmpdir(), NULL,
				     (int)(c >> 1 & 1), (int)((c >> 2) % 6) - 1};
	struct report *r = report_new(&opt);
	if (report_render(r, tpath) == 0) {
		char opath[512];
		snprintf(opath, sizeof opath, "%s", fuzz_path("page.html"));
		struct out *o = out_open(opath);
		if (o) {
			report_write(r, o, NULL);
			if (out_close(o) == 0 && !(c & 1))
				check_page(opath);
		}
	}
	report_free(r);
	return 0;
}
