/*
 * reel-inspect - show what a reel binary file holds
 *
 * Reads any reel binary file (docs/FORMATS.md): checks it whole (magic,
 * version, checksums) and prints its header, its sections and, for models,
 * the parameters they were trained with.  --factors users|items prints a
 * factor model's X or Y as TSV, one row per id: "id<TAB>f1<TAB>f2...".
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "bin.h"
#include "err.h"
#include "opt.h"
#include "model.h"
#include "out.h"

static const char *dtype_names[] = {"?", "f32", "f64", "u32", "u64", "text"};

static noreturn void usage(FILE *fp, int status)
{
	fprintf(fp, "usage: reel-inspect [--factors users|items] [-o FILE] MODEL\n"
		    "Check MODEL and print its header, sections and parameters.\n"
		    "  --factors WHICH  print the user (X) or item (Y) factors as TSV instead\n"
		    "  -o FILE          write to FILE instead of stdout\n");
	exit(status);
}

static void print_header(struct out *o, const struct bin *b)
{
	out_printf(o, "file\t%s\nformat_version\t%u\nkind\t%s\nsections\t%d\n", b->name, b->version,
		   bin_kind_name(b->kind), b->nsections);
	for (int s = 0; s < b->nsections; s++) {
		const struct bin_section *sec = &b->sections[s];
		out_printf(o, "section\t%s\t%s\t%llu x %llu\t%llu bytes\n", sec->name,
			   dtype_names[sec->dtype], (unsigned long long)sec->rows,
			   (unsigned long long)sec->cols, (unsigned long long)sec->nbytes);
	}
	const struct bin_section *params = bin_find(b, "params");
	if (params && params->dtype == BIN_TEXT) {
		const char *p = params->data, *end = p + params->nbytes;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
			const char *eq = memchr(p, '=', len);
			if (eq)
				out_printf(o, "param\t%.*s\t%.*s\n", (int)(eq - p), p,
					   (int)(len - (size_t)(eq - p) - 1), eq + 1);
			p += len + 1;
		}
	}
}

static void print_factors(struct out *o, const struct model *mo, int items)
{
	uint32_t rows = items ? mo->n : mo->m;
	const uint32_t *ids = items ? mo->item_ids : mo->user_ids;
	const float *F = items ? mo->Y : mo->X;
	for (uint32_t r = 0; r < rows; r++) {
		out_u64(o, ids[r]);
		for (uint32_t f = 0; f < mo->k; f++) {
			out_putc(o, '\t');
			out_f32(o, F[(size_t)r * mo->k + f]);
		}
		out_putc(o, '\n');
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"factors", required_argument, NULL, 'f'},
						 OPT_HELP_VERSION};
	err_init(argv[0]);
	const char *factors = NULL, *out_path = "-";
	int c;
	while ((c = opt_next(argc, argv, "o:", longopts, usage)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "users") && strcmp(optarg, "items"))
				die_usage("--factors: expected users or items, got '%s'", optarg);
			factors = optarg;
			break;
		case 'o': out_path = optarg; break;
		}
	}
	if (argc - optind != 1)
		die_usage("expected one MODEL, got %d", argc - optind);
	const char *path = argv[optind];
	struct out *o = NULL;
	if (factors) {
		struct model *mo = model_read(path, 0);
		if (!mo || !(o = out_open(out_path)))
			return EXIT_DATA;
		print_factors(o, mo, strcmp(factors, "items") == 0);
		model_free(mo);
	} else {
		struct bin *b = bin_read(path, 0);
		if (!b || !(o = out_open(out_path)))
			return EXIT_DATA;
		print_header(o, b);
		bin_free(b);
	}
	return out_close(o) < 0 ? EXIT_DATA : 0;
}
