/*
 * fuzz_ratingsbin: libFuzzer harness of the binary ratings reader
 * (ratings_read() on a file with the bin magic, lib/ratings.c).
 *
 * Input: one control byte, then the file.  With bit 0 set the harness
 * first repairs the header's size field and every checksum it can
 * locate (as fuzz_model does), so that the CSR checks behind the
 * checksums are reached; bit 1 reads with RATINGS_NO_TIME.  Ratings that
 * read back are turned into a CSR, written again as a binary file and read
 * once more: both readings must agree.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "fuzz.h"
#include "ratings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > (1u << 20))
		return 0;
	unsigned c = data[0];
	uint8_t *copy = malloc(size);
	memcpy(copy, data + 1, size - 1);
	if (c & 1)
		fuzz_bin_repair(copy, size - 1);
	const char *path = fuzz_file("ratings.bin", copy, size - 1);
	free(copy);
	struct ratings *r = ratings_read(path, c & 2 ? RATINGS_NO_TIME : 0);
	if (!r)
		return 0;
	struct spm *R = ratings_to_csr(r);
	if (!R)
		abort(); /* the reader checked for pairs given twice */
	/* a text file (which the reader also takes, and fuzz_tsv covers)
	 * holds its ratings in line order, a binary one in CSR order: only the
	 * latter must read back in the same order */
	if (!ratings_is_binary(path)) {
		spm_free(R);
		ratings_free(r);
		return 0;
	}
	const char *again = fuzz_path("again.bin");
	if (ratings_write(again, r, NULL, 0, NULL) < 0)
		abort();
	struct ratings *q = ratings_read(again, c & 2 ? RATINGS_NO_TIME : 0);
	if (!q || q->n != r->n || q->users->n != r->users->n || q->items->n != r->items->n ||
	    memcmp(q->item, r->item, r->n * sizeof *r->item) != 0 ||
	    memcmp(q->value, r->value, r->n * sizeof *r->value) != 0 || (!q->ts) != (!r->ts))
		abort();
	ratings_free(q);
	spm_free(R);
	ratings_free(r);
	return 0;
}
