/*
 * bin: reel's self-checking binary container for matrices and models.
 *
 * A file is a fixed header, a table of named sections and the sections'
 * payloads (layout byte by byte in docs/FORMATS.md).  Everything is
 * little-endian; the header and every payload carry a CRC32 (zlib), so a
 * reader detects a flipped byte, a truncated file and a file of another
 * kind or a future version, and says which.  bin_write() goes through
 * out_open(), so a file is either complete or not there.
 *
 * A struct bin owns one buffer holding the whole file; section data
 * pointers point into it, aligned to 64 bytes, and live until bin_free().
 */
#ifndef REEL_BIN_H
#define REEL_BIN_H

#include <stddef.h>
#include <stdint.h>

#define BIN_VERSION 1
#define BIN_NAME_MAX 20 /* bytes of a section name, NUL padding included */

enum bin_kind {
	BIN_MATRIX = 1,       /* a dense matrix or a bag of arrays */
	BIN_ALS_IMPLICIT = 2, /* implicit-feedback ALS model */
	BIN_ALS_EXPLICIT = 3, /* biased explicit ALS model */
	BIN_BASELINE = 4,     /* factor-form baseline (popularity, genre, random) */
	BIN_ITEM_ITEM = 5,    /* item-item model (item-kNN, EASE) */
	BIN_RATINGS = 6,      /* a ratings file, CSR by user (lib/ratings.h) */
	BIN_KIND_MAX = 6
};

enum bin_dtype { BIN_F32 = 1, BIN_F64 = 2, BIN_U32 = 3, BIN_U64 = 4, BIN_TEXT = 5 };

struct bin_section {
	char name[BIN_NAME_MAX + 1];
	uint32_t dtype;
	uint64_t rows, cols; /* element counts; a vector has cols == 1 */
	const void *data;
	uint64_t nbytes;
};

struct bin {
	char *name; /* file name for messages */
	uint32_t version, kind;
	int nsections;
	struct bin_section *sections;
	/* private */
	unsigned char *buf;
	size_t size;
	int mapped; /* buf is a private mapping of the file (bin_map) */
	/* bin_map: each section's stored CRC, verified when bin_get() first
	 * returns it (unchecked[s] until then) */
	uint32_t *crcs;
	unsigned char *unchecked;
};

/* A human name for a kind ("implicit ALS model"). */
const char *bin_kind_name(uint32_t kind);
/* Bytes of one element of dtype, 1 for text. */
size_t bin_dtype_size(uint32_t dtype);

/* Write the sections to PATH atomically.  nbytes of each section must be
 * rows * cols * element size (text: rows = bytes, cols = 1). */
int bin_write(const char *path, uint32_t kind, const struct bin_section *secs, int nsecs);

/* Read and verify PATH.  want_kind 0 accepts any kind.  NULL after a
 * message naming the file and the fault. */
struct bin *bin_read(const char *path, uint32_t want_kind);

/* The magic number: whether the first n bytes of a file (n >= 8) are a
 * reel binary file's. */
int bin_is_binary(const void *head, size_t n);

/* As bin_read(), but the file is memory-mapped (private, copy-on-write)
 * instead of read, and a section's checksum is verified when bin_get()
 * first returns it: the pages of sections nobody asks for are never
 * touched.  bin_find() does not verify.  A regular file only. */
struct bin *bin_map(const char *path, uint32_t want_kind);

/* The named section, checked for dtype and (when not 0) rows and cols;
 * NULL after "FILE: missing section 'X'", a shape message or (bin_map)
 * "FILE: section 'X' checksum mismatch (corrupt file)". */
const struct bin_section *bin_get(const struct bin *b, const char *name, uint32_t dtype,
				  uint64_t rows, uint64_t cols);
/* The named section or NULL, silently. */
const struct bin_section *bin_find(const struct bin *b, const char *name);

void bin_free(struct bin *b);

#endif
