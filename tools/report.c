/*
 * reel-report - render a report template as one HTML page or as Markdown
 *
 * Reads TEMPLATE, a small Markdown-like text whose directives pull in TSV
 * tables, PNG and SVG images, other templates, verbatim files and values
 * of key-value files (the language is defined in docs/TOOLS.md), and
 * writes one self-contained HTML5 page that works offline: inline CSS,
 * images as data: URIs, no script and no external resource.  --format md writes Markdown instead
 * (tables as Markdown tables, images by file name), for a cron mail.  The page is rendered in
 * memory (lib/report.c) before OUT is opened, and OUT is written
 * atomically, so a bad template leaves no output behind.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "err.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "report.h"
#include "text.h"

static struct report_options opt = {REPORT_HTML, NULL, NULL, 0, -1};
static const char *title, *out_path = "-";

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-report [--format html|md] [--title T] [--base DIR] [--digits N] "
		"[--root DIR] [--missing-ok] [-o OUT] TEMPLATE\n"
		"Render TEMPLATE ('-' is stdin) as one self-contained HTML page, or Markdown.\n"
		"  --format F     html (default) or md\n"
		"  --title T      the HTML page's title (default: the first heading)\n"
		"  --base DIR     relative paths in directives start at DIR (default: the\n"
		"                 directory of the file that holds the directive)\n"
		"  --root DIR     no directive may read a file outside DIR (default: the base\n"
		"                 directory, else the template's directory)\n"
		"  --digits N     numbers with a fraction get N decimals (default: as written)\n"
		"  --missing-ok   a missing file becomes a visible note, not an error\n"
		"  -o OUT         write to OUT, atomically (default: stdout)\n");
	exit(status);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'}, {"title", required_argument, NULL, 't'},
		{"base", required_argument, NULL, 'b'},   {"digits", required_argument, NULL, 'd'},
		{"root", required_argument, NULL, 'r'},   {"missing-ok", no_argument, NULL, 'm'},
		{"output", required_argument, NULL, 'o'}, OPT_HELP_VERSION};
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "html") == 0)
				opt.format = REPORT_HTML;
			else if (strcmp(optarg, "md") == 0)
				opt.format = REPORT_MD;
			else
				die_usage("--format: expected html or md, got '%s'", optarg);
			break;
		case 't': title = optarg; break;
		case 'b': opt.base_dir = optarg; break;
		case 'r': opt.root = optarg; break;
		case 'd': opt.digits = (int)opt_long("--digits", optarg, 0, 17); break;
		case 'm': opt.missing_ok = 1; break;
		case 'o': out_path = optarg; break;
		}
	}
	if (argc - optind != 1)
		die_usage("expected one TEMPLATE, got %d operands", argc - optind);
	if (title && text_utf8_check(title) >= 0)
		die_usage("--title: not valid UTF-8");
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	parse_args(argc, argv);
	struct report *r = report_new(&opt);
	struct out *o = NULL;
	int failed = report_render(r, argv[optind]) < 0 || !(o = out_open(out_path));
	if (!failed) {
		report_write(r, o, title);
		failed = out_close(o) < 0;
	}
	report_free(r);
	return failed ? EXIT_DATA : 0;
}
