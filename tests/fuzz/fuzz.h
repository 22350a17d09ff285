/*
 * fuzz.h: what the libFuzzer harnesses of tests/fuzz/ share.
 *
 * reel's readers take paths, so a harness hands them its input as a file:
 * fuzz_file() writes the bytes to NAME in a private directory on tmpfs
 * (/dev/shm when there is one, else $TMPDIR or /tmp), created on first use
 * and removed at exit.  The library's messages go to stderr, which
 * `make fuzz` closes (-close_fd_mask=2); sanitizer reports still reach
 * libFuzzer's copy of it.
 */
#ifndef REEL_FUZZ_H
#define REEL_FUZZ_H

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "err.h"

static char fuzz_dir[256];

static inline void fuzz_cleanup(void)
{
	DIR *d = opendir(fuzz_dir);
	if (!d)
		return;
	struct dirent *e;
	char p[512];
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof p, "%s/%s", fuzz_dir, e->d_name);
			unlink(p);
		}
	closedir(d);
	rmdir(fuzz_dir);
}

/* The private directory, made on first use. */
static inline const char *fuzz_tmpdir(void)
{
	if (fuzz_dir[0])
		return fuzz_dir;
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/reel-fuzz.XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(fuzz_dir)) {
		perror(fuzz_dir);
		abort();
	}
	err_progname = "reel-fuzz";
	atexit(fuzz_cleanup);
	return fuzz_dir;
}

/* The path of NAME in the private directory. */
static inline const char *fuzz_path(const char *name)
{
	static char p[512];
	snprintf(p, sizeof p, "%s/%s", fuzz_tmpdir(), name);
	return p;
}

/* Write data[0..size) to NAME; returns its path (valid until the next
 * call of fuzz_path or fuzz_file). */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	const char *p = fuzz_path(name);
	FILE *fp = fopen(p, "wb");
	if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
		perror(p);
		abort();
	}
	return p;
}

/* Remove NAME if it is there. */
static inline void fuzz_remove(const char *name)
{
	unlink(fuzz_path(name));
}

/* Make a damaged reel binary file (docs/FORMATS.md's container: a 32-byte
 * header, CRC at 20 and file size at 24, then 64-byte section entries, CRC
 * at 28, offset at 48, bytes at 56) pass its size and checksum checks, so
 * that a harness reaches the value checks behind them. */
static inline uint32_t fuzz_get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static inline uint64_t fuzz_get64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline void fuzz_put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static inline void fuzz_put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static inline void fuzz_bin_repair(uint8_t *b, size_t size)
{
	if (size < 32)
		return;
	uint32_t ns = fuzz_get32(b + 16);
	if (ns > 4096 || 32 + (size_t)ns * 64 > size)
		return;
	size_t table = 32 + (size_t)ns * 64;
	fuzz_put64(b + 24, size);
	for (uint32_t s = 0; s < ns; s++) {
		uint8_t *e = b + 32 + (size_t)s * 64;
		uint64_t off = fuzz_get64(e + 48), n = fuzz_get64(e + 56);
		if (off <= size && n <= size - off)
			fuzz_put32(e + 28, (uint32_t)crc32(0, b + off, (uInt)n));
	}
	fuzz_put32(b + 20, 0);
	fuzz_put32(b + 20, (uint32_t)crc32(0, b, (uInt)table));
}

#endif
