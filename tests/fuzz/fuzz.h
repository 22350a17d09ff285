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

#endif
