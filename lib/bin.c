#include "bin.h"
#include "err.h"
#include "opt.h"
#include "num.h"
#include "out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "reel's binary files are little-endian and this port only handles little-endian hosts"
#endif

static const unsigned char bin_magic[8] = {0x89, 'R', 'E', 'E', 'L', '\r', '\n', 0x1a};
#define HEADER_BYTES 32
#define ENTRY_BYTES 64
#define ALIGN 64

const char *bin_kind_name(uint32_t kind)
{
	switch (kind) {
	case BIN_MATRIX: return "matrix";
	case BIN_ALS_IMPLICIT: return "implicit ALS model";
	case BIN_ALS_EXPLICIT: return "explicit ALS model";
	case BIN_BASELINE: return "baseline model";
	case BIN_ITEM_ITEM: return "item-item model";
	case BIN_RATINGS: return "ratings file";
	default: return "unknown kind";
	}
}

size_t bin_dtype_size(uint32_t dtype)
{
	switch (dtype) {
	case BIN_F32:
	case BIN_U32: return 4;
	case BIN_F64:
	case BIN_U64: return 8;
	case BIN_TEXT: return 1;
	default: return 0;
	}
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static uint64_t align_up(uint64_t x)
{
	return (x + ALIGN - 1) / ALIGN * ALIGN;
}

static uint32_t crc(const void *p, uint64_t n)
{
	uLong c = crc32(0L, Z_NULL, 0);
	const unsigned char *b = p;
	while (n > 0) {
		uInt chunk = n > (1u << 30) ? (1u << 30) : (uInt)n;
		c = crc32(c, b, chunk);
		b += chunk;
		n -= chunk;
	}
	return (uint32_t)c;
}

/* The header CRC covers the header and the section table with the CRC
 * field itself read as zero. */
static uint32_t header_crc(const unsigned char *hdr, size_t len)
{
	unsigned char *copy = xmalloc(len);
	memcpy(copy, hdr, len);
	put32(copy + 20, 0);
	uint32_t c = crc(copy, len);
	free(copy);
	return c;
}

struct out *bin_write_open(const char *path, uint32_t kind, const struct bin_section *secs,
			   int nsecs)
{
	size_t table = HEADER_BYTES + (size_t)nsecs * ENTRY_BYTES;
	unsigned char *hdr = xcalloc(1, table);
	uint64_t offset = align_up(table);
	for (int s = 0; s < nsecs; s++) {
		unsigned char *e = hdr + HEADER_BYTES + (size_t)s * ENTRY_BYTES;
		size_t len = strlen(secs[s].name);
		if (len == 0 || len > BIN_NAME_MAX)
			die("internal error: bad section name '%s'", secs[s].name);
		memcpy(e, secs[s].name, len);
		put32(e + 20, secs[s].dtype);
		put32(e + 24, 0);
		put32(e + 28, crc(secs[s].data, secs[s].nbytes));
		put64(e + 32, secs[s].rows);
		put64(e + 40, secs[s].cols);
		put64(e + 48, offset);
		put64(e + 56, secs[s].nbytes);
		offset = align_up(offset + secs[s].nbytes);
	}
	memcpy(hdr, bin_magic, 8);
	put32(hdr + 8, BIN_VERSION);
	put32(hdr + 12, kind);
	put32(hdr + 16, (uint32_t)nsecs);
	put64(hdr + 24, offset);
	put32(hdr + 20, header_crc(hdr, table));

	struct out *o = out_open(path);
	if (!o) {
		free(hdr);
		return NULL;
	}
	static const unsigned char zeros[ALIGN];
	out_write(o, hdr, table);
	uint64_t pos = table;
	for (int s = 0; s < nsecs; s++) {
		out_write(o, zeros, align_up(pos) - pos);
		out_write(o, secs[s].data, secs[s].nbytes);
		pos = align_up(pos) + secs[s].nbytes;
	}
	out_write(o, zeros, align_up(pos) - pos);
	free(hdr);
	return o;
}

int bin_write(const char *path, uint32_t kind, const struct bin_section *secs, int nsecs)
{
	struct out *o = bin_write_open(path, kind, secs, nsecs);
	return o ? out_close(o) : -1;
}

/* Read the whole file into a 64-byte aligned buffer, so that section
 * payloads (at 64-byte offsets) are aligned for vector loads. */
static int read_all(const char *path, unsigned char **buf, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return error("%s:", path);
	struct stat st;
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return error("%s: is a directory", path);
	}
	/* A pipe or a device has no size to trust: read at most the limit, and
	 * stop at once when the first bytes are not a reel file (/dev/zero). */
	int sized = S_ISREG(st.st_mode);
	uint64_t limit = sized ? UINT64_MAX : opt_env_limit("REEL_READ_MAX", BIN_READ_MAX);
	size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 1u << 16, len = 0;
	void *b;
	if (posix_memalign(&b, ALIGN, cap) != 0)
		die("out of memory reading %s", path);
	for (;;) {
		if (!sized && len >= 8 && memcmp(b, bin_magic, 8) != 0)
			break;
		if (len == cap && cap > limit) {
			fclose(fp);
			free(b);
			return error(
				"%s: more than %llu bytes from a file that is not a regular file "
				"(REEL_READ_MAX raises the limit)",
				path, (unsigned long long)limit);
		}
		if (len == cap) {
			size_t more = cap * 2 > limit + 1 ? (size_t)limit + 1 : cap * 2;
			void *bigger;
			if (posix_memalign(&bigger, ALIGN, more) != 0)
				die("out of memory reading %s", path);
			memcpy(bigger, b, len);
			free(b);
			b = bigger;
			cap = more;
		}
		size_t got = fread((unsigned char *)b + len, 1, cap - len, fp);
		len += got;
		if (got == 0)
			break;
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(b);
		return error("%s: read error", path);
	}
	*buf = b;
	*size = len;
	return 0;
}

/* Bytes from..to must be zero: padding is covered by no checksum, so a
 * flipped padding byte is caught here instead. */
static int zero_padding(const struct bin *b, uint64_t from, uint64_t to)
{
	for (uint64_t i = from; i < to; i++)
		if (b->buf[i])
			return error("%s: non-zero padding at byte %llu (corrupt file)", b->name,
				     (unsigned long long)i);
	return 0;
}

static int parse_sections(struct bin *b, int lazy)
{
	const unsigned char *h = b->buf;
	size_t table = HEADER_BYTES + (size_t)b->nsections * ENTRY_BYTES;
	if (b->size < table)
		return error("%s: truncated (%zu bytes, the section table needs %zu)", b->name,
			     b->size, table);
	if (header_crc(h, table) != get32(h + 20))
		return error("%s: header checksum mismatch (corrupt file)", b->name);
	if (get64(h + 24) != b->size)
		return error("%s: %s (%zu bytes, header says %llu)", b->name,
			     b->size < get64(h + 24) ? "truncated" : "trailing bytes", b->size,
			     (unsigned long long)get64(h + 24));
	b->sections = xcalloc((size_t)b->nsections + 1, sizeof *b->sections);
	b->crcs = xcalloc((size_t)b->nsections + 1, sizeof *b->crcs);
	b->unchecked = xcalloc((size_t)b->nsections + 1, 1);
	uint64_t used = table; /* end of the last byte accounted for */
	for (int s = 0; s < b->nsections; s++) {
		const unsigned char *e = h + HEADER_BYTES + (size_t)s * ENTRY_BYTES;
		struct bin_section *sec = &b->sections[s];
		memcpy(sec->name, e, BIN_NAME_MAX);
		sec->dtype = get32(e + 20);
		sec->rows = get64(e + 32);
		sec->cols = get64(e + 40);
		uint64_t off = get64(e + 48);
		sec->nbytes = get64(e + 56);
		size_t es = bin_dtype_size(sec->dtype);
		if (es == 0)
			return error("%s: section '%s' has unknown dtype %u", b->name, sec->name,
				     sec->dtype);
		if (off > b->size || sec->nbytes > b->size - off || off % ALIGN || off < used)
			return error("%s: section '%s' lies outside the file", b->name, sec->name);
		if (zero_padding(b, used, off) < 0)
			return -1;
		used = off + sec->nbytes;
		if (sec->cols && sec->rows > UINT64_MAX / sec->cols / es)
			return error("%s: section '%s' has impossible dimensions", b->name,
				     sec->name);
		if (sec->rows * sec->cols * es != sec->nbytes)
			return error("%s: section '%s' size does not match its dimensions", b->name,
				     sec->name);
		sec->data = b->buf + off;
		b->crcs[s] = get32(e + 28);
		b->unchecked[s] = (unsigned char)lazy;
		if (!lazy && crc(sec->data, sec->nbytes) != b->crcs[s])
			return error("%s: section '%s' checksum mismatch (corrupt file)", b->name,
				     sec->name);
	}
	return zero_padding(b, used, b->size);
}

/* Map the whole file, private and writable (copy-on-write: a reader may
 * fix up its arrays in place without touching the file).  Page-aligned, so
 * payloads at 64-byte offsets are aligned as bin_read()'s are. */
static int map_all(const char *path, unsigned char **buf, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return error("%s:", path);
	struct stat st;
	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(fp);
		return error("%s: %s", path,
			     S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
	}
	*size = (size_t)st.st_size;
	*buf = NULL;
	if (*size > 0) {
		void *p = mmap(NULL, *size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fileno(fp), 0);
		if (p == MAP_FAILED) {
			fclose(fp);
			return error("%s: cannot map:", path);
		}
		*buf = p;
	}
	fclose(fp);
	return 0;
}

int bin_is_binary(const void *head, size_t n)
{
	return n >= 8 && memcmp(head, bin_magic, 8) == 0;
}

static struct bin *open_bin(const char *path, uint32_t want_kind, int map)
{
	struct bin *b = xcalloc(1, sizeof *b);
	b->name = xstrdup(path);
	b->mapped = map;
	if ((map ? map_all : read_all)(path, &b->buf, &b->size) < 0)
		goto fail;
	if (b->size < 8 || memcmp(b->buf, bin_magic, 8) != 0) {
		error("%s: not a reel binary file (bad magic)", path);
		goto fail;
	}
	if (b->size < HEADER_BYTES) {
		error("%s: truncated (%zu bytes, the header needs %d)", path, b->size,
		      HEADER_BYTES);
		goto fail;
	}
	b->version = get32(b->buf + 8);
	b->kind = get32(b->buf + 12);
	b->nsections = (int)get32(b->buf + 16);
	if (b->version != BIN_VERSION) {
		error("%s: unsupported format version %u (this reel reads version %d)", path,
		      b->version, BIN_VERSION);
		goto fail;
	}
	if (get32(b->buf + 16) > 4096) {
		error("%s: header checksum mismatch (corrupt file)", path);
		goto fail;
	}
	if (parse_sections(b, map) < 0)
		goto fail;
	if (want_kind && b->kind != want_kind) {
		error("%s: wrong kind of file: %s, expected %s", path, bin_kind_name(b->kind),
		      bin_kind_name(want_kind));
		goto fail;
	}
	return b;
fail:
	bin_free(b);
	return NULL;
}

struct bin *bin_read(const char *path, uint32_t want_kind)
{
	return open_bin(path, want_kind, 0);
}

struct bin *bin_map(const char *path, uint32_t want_kind)
{
	return open_bin(path, want_kind, 1);
}

const struct bin_section *bin_find(const struct bin *b, const char *name)
{
	for (int s = 0; s < b->nsections; s++)
		if (strncmp(b->sections[s].name, name, BIN_NAME_MAX) == 0)
			return &b->sections[s];
	return NULL;
}

const struct bin_section *bin_get(const struct bin *b, const char *name, uint32_t dtype,
				  uint64_t rows, uint64_t cols)
{
	const struct bin_section *s = bin_find(b, name);
	if (b->get_failed)
		return NULL;
	((struct bin *)b)->get_failed = 1; /* cleared below when all is well */
	if (!s) {
		error("%s: missing section '%s'", b->name, name);
		return NULL;
	}
	if (s->dtype != dtype || (rows && s->rows != rows) || (cols && s->cols != cols)) {
		error("%s: section '%s' has the wrong type or shape", b->name, name);
		return NULL;
	}
	size_t at = (size_t)(s - b->sections);
	if (b->unchecked[at]) {
		if (crc(s->data, s->nbytes) != b->crcs[at]) {
			error("%s: section '%s' checksum mismatch (corrupt file)", b->name, name);
			return NULL;
		}
		b->unchecked[at] = 0;
	}
	((struct bin *)b)->get_failed = 0;
	return s;
}

void bin_free(struct bin *b)
{
	if (!b)
		return;
	free(b->name);
	free(b->sections);
	free(b->crcs);
	free(b->unchecked);
	if (b->mapped) {
		if (b->buf)
			munmap(b->buf, b->size);
	} else {
		free(b->buf);
	}
	free(b);
}
