/*
 * reel-titles - append item titles to any stream with an item column
 *
 * Reads tab-separated lines (a file or stdin) and appends to each the title
 * of the item whose id is in field --column (default 2, the item
 * column of RECS, reel-similar's output and ratings files), from items.tsv.
 * Lines are otherwise passed through unchanged; an empty line (the end of
 * a reel-topk --serve answer) passes through as it is.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "catalog.h"
#include "err.h"
#include "num.h"
#include "opt.h"
#include "out.h"
#include "tsv.h"

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: reel-titles --items ITEMS [--column N] [-o OUT] [FILE]\n"
		"Append the title of the item in field N of each line of FILE (default stdin).\n"
		"  --items ITEMS  items.tsv, where the titles come from\n"
		"  --column N     the field holding the item id, from 1 (default 2)\n"
		"  -o OUT         write to OUT (default stdout)\n");
	exit(status);
}

/* One line: its fields as read, then the title. */
static int title_line(struct tsv *in, struct out *o, const struct items *it, int col)
{
	uint32_t id;
	if (tsv_u32(in, col - 1, "item id", &id) < 0)
		return -1;
	int64_t row = idmap_get(it->ids, id);
	if (row < 0)
		return tsv_error(in, "item %u is not in %s", id, it->name);
	out_puts(o, tsv_line_text(in));
	out_printf(o, "\t%s\n", it->title[row]);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"items", required_argument, NULL, 'i'},
						 {"column", required_argument, NULL, 'c'},
						 OPT_HELP_VERSION};
	err_init(argv[0]);
	const char *items_path = NULL, *out_path = "-";
	int col = 2, c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'i': items_path = optarg; break;
		case 'c': col = (int)opt_long("--column", optarg, 1, 1000); break;
		case 'o': out_path = optarg; break;
		}
	}
	if (!items_path)
		die_usage("missing --items ITEMS");
	if (argc - optind > 1)
		die_usage("expected at most one FILE, got %d", argc - optind);
	struct items *it = items_read(items_path);
	if (!it)
		return EXIT_DATA;
	struct tsv *in = tsv_open(optind < argc ? argv[optind] : "-", '\t');
	struct out *o = in ? out_open(out_path) : NULL;
	if (!o)
		return EXIT_DATA;
	in->allow_empty = 1; /* the blank line ending each --serve answer */
	int got;
	while ((got = tsv_next(in)) == 1) {
		if (in->nfields == 0)
			out_putc(o, '\n');
		else if (title_line(in, o, it, col) < 0)
			goto fail;
	}
	if (got < 0)
		goto fail;
	tsv_close(in);
	items_free(it);
	return out_close(o) < 0 ? EXIT_DATA : 0;
fail:
	out_abort(o);
	return EXIT_DATA;
}
