#include "out.h"
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define OUT_BUF (1u << 16)

struct out {
	char *name;     /* for messages: the path as given, or "<stdout>" */
	char *path;     /* final name, NULL when writing in place (stdout, a device) */
	char *tmp_path; /* where bytes go until out_close() */
	FILE *fp;
	gzFile gz;
	char buf[OUT_BUF];
	size_t len;
	int failed_errno; /* first write error, 0 if none */
	int failed;
};

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Devices, FIFOs and the like are written in place: no temporary file can
 * stand in for them, and renaming one over /dev/stdout would replace it. */
static struct out *open_in_place(struct out *o, const char *path)
{
	o->fp = fopen(path, "wb");
	if (!o->fp) {
		error("%s:", path);
		free(o->name);
		free(o);
		return NULL;
	}
	return o;
}

struct out *out_open(const char *path)
{
	struct out *o = xcalloc(1, sizeof *o);
	if (strcmp(path, "-") == 0) {
		o->name = xstrdup("<stdout>");
		o->fp = stdout;
		return o;
	}
	o->name = xstrdup(path);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		error("%s: is a directory", path);
		free(o->name);
		free(o);
		return NULL;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return open_in_place(o, path);
	/* through a symbolic link, replace the file it names, not the link */
	char *target = NULL;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		target = realpath(path, NULL);
	o->path = target ? target : xstrdup(path);
	size_t n = strlen(o->path) + 32;
	o->tmp_path = xmalloc(n);
	snprintf(o->tmp_path, n, "%s.tmp.%ld", o->path, (long)getpid());
	err_cleanup_add(o->tmp_path);
	o->fp = fopen(o->tmp_path, "wb");
	if (!o->fp) {
		error("%s:", path); /* the name the user gave, not the temporary one */
		err_cleanup_remove(o->tmp_path);
		free(o->tmp_path);
		free(o->path);
		free(o->name);
		free(o);
		return NULL;
	}
	if (ends_with(path, ".gz")) {
		o->gz = gzdopen(dup(fileno(o->fp)), "wb6");
		if (!o->gz) {
			out_abort(o);
			error("%s: cannot start gzip stream", path);
			return NULL;
		}
	}
	return o;
}

const char *out_name(const struct out *o)
{
	return o->name;
}

static void drain(struct out *o)
{
	if (o->len == 0 || o->failed)
		goto done;
	if (o->gz) {
		if (gzwrite(o->gz, o->buf, (unsigned)o->len) != (int)o->len) {
			o->failed = 1;
			o->failed_errno = errno;
		}
	} else if (fwrite(o->buf, 1, o->len, o->fp) != o->len) {
		o->failed = 1;
		o->failed_errno = errno;
	}
done:
	o->len = 0;
}

void out_write(struct out *o, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		if (o->len == OUT_BUF)
			drain(o);
		size_t n = OUT_BUF - o->len;
		if (n > len)
			n = len;
		memcpy(o->buf + o->len, p, n);
		o->len += n;
		p += n;
		len -= n;
	}
}

void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->len, OUT_BUF - o->len, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < OUT_BUF - o->len) {
		o->len += (size_t)n;
		return;
	}
	/* Did not fit: format into a buffer of the right size. */
	char *tmp = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(tmp, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out_write(o, tmp, (size_t)n);
	free(tmp);
}

void out_putc(struct out *o, char c)
{
	if (o->len == OUT_BUF)
		drain(o);
	o->buf[o->len++] = c;
}

void out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

void out_u64(struct out *o, uint64_t v)
{
	char tmp[24];
	int i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out_write(o, tmp + i, sizeof tmp - (size_t)i);
}

void out_f32(struct out *o, float v)
{
	out_printf(o, "%.9g", (double)v);
}

void out_f64(struct out *o, double v)
{
	out_printf(o, "%.17g", v);
}

int out_flush(struct out *o)
{
	drain(o);
	if (!o->gz && fflush(o->fp) != 0 && !o->failed) {
		o->failed = 1;
		o->failed_errno = errno;
	}
	return o->failed ? -1 : 0;
}

static void release(struct out *o)
{
	if (o->tmp_path) {
		err_cleanup_remove(o->tmp_path);
		free(o->tmp_path);
	}
	free(o->path);
	free(o->name);
	free(o);
}

void out_abort(struct out *o)
{
	if (!o)
		return;
	if (o->gz)
		gzclose_w(o->gz);
	if (o->path) {
		fclose(o->fp);
		unlink(o->tmp_path);
	} else if (o->fp == stdout) {
		fflush(o->fp);
	} else {
		fclose(o->fp);
	}
	release(o);
}

int out_close(struct out *o)
{
	drain(o);
	if (o->gz && gzclose_w(o->gz) != Z_OK && !o->failed) {
		o->failed = 1;
		o->failed_errno = errno ? errno : EIO;
	}
	o->gz = NULL;
	if (fflush(o->fp) != 0 && !o->failed) {
		o->failed = 1;
		o->failed_errno = errno;
	}
	if (!o->path) {
		/* stdout stays open for the exit path; a device is closed */
		if (o->fp != stdout && fclose(o->fp) != 0 && !o->failed) {
			o->failed = 1;
			o->failed_errno = errno;
		}
		if (o->failed || (o->fp == stdout && ferror(o->fp))) {
			errno = o->failed_errno ? o->failed_errno : EIO;
			if (o->fp == stdout)
				error("write error on standard output:");
			else
				error("%s: write failed:", o->name);
			release(o);
			return -1;
		}
		release(o);
		return 0;
	}
	if (!o->failed && (fsync(fileno(o->fp)) != 0 && errno != EINVAL)) {
		o->failed = 1;
		o->failed_errno = errno;
	}
	if (fclose(o->fp) != 0 && !o->failed) {
		o->failed = 1;
		o->failed_errno = errno;
	}
	if (!o->failed && rename(o->tmp_path, o->path) != 0) {
		o->failed = 1;
		o->failed_errno = errno;
	}
	if (o->failed) {
		unlink(o->tmp_path);
		errno = o->failed_errno ? o->failed_errno : EIO;
		error("%s: write failed:", o->name);
		release(o);
		return -1;
	}
	release(o);
	return 0;
}
