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

static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

/* docs/FORMATS.md's container: header CRC at 20, size at 24; section
 * entries of 64 bytes from 32, CRC at 28, offset at 48, bytes at 56. */
static void repair(uint8_t *b, size_t size)
{
	if (size < 32)
		return;
	uint32_t ns = get32(b + 16);
	if (ns > 4096 || 32 + (size_t)ns * 64 > size)
		return;
	put64(b + 24, size);
	for (uint32_t s = 0; s < ns; s++) {
		uint8_t *e = b + 32 + (size_t)s * 64;
		uint64_t off = get64(e + 48), n = get64(e + 56);
		if (off <= size && n <= size - off)
			put32(e + 28, (uint32_t)crc32(0, b + off, (uInt)n));
	}
	put32(b + 20, 0);
	put32(b + 20, (uint32_t)crc32(0, b, (uInt)(32 + (size_t)ns * 64)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > (1u << 20))
		return 0;
	unsigned c = data[0];
	uint8_t *copy = malloc(size);
	memcpy(copy, data + 1, size - 1);
	if (c & 1)
		repair(copy, size - 1);
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
