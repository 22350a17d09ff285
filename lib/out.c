#include "out.h"
#include "err.h"
#include "num.h"

#include <errno.h>
#include <math.h>
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

/* The mode of the new file: the old one's, or what the umask leaves of
 * 0666, as fopen() would have made it. */
static mode_t new_mode(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0)
		return st.st_mode & 0777;
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* The temporary file, beside PATH so that the rename stays on one file
 * system: "PATH.tmp.PID.XXXXXX", created by mkstemp() (O_CREAT | O_EXCL:
 * a symbolic link planted at the name is never followed, and the random
 * part cannot be guessed in advance).  The PID tells whose debris it is. */
static FILE *open_temporary(struct out *o)
{
	size_t n = strlen(o->path) + 48;
	o->tmp_path = xmalloc(n);
	snprintf(o->tmp_path, n, "%s.tmp.%ld.XXXXXX", o->path, (long)getpid());
	int fd = mkstemp(o->tmp_path);
	if (fd < 0)
		return NULL;
	err_cleanup_add(o->tmp_path);
	FILE *fp = NULL;
	if (fchmod(fd, new_mode(o->path)) != 0 || !(fp = fdopen(fd, "wb"))) {
		int saved = errno;
		close(fd);
		unlink(o->tmp_path);
		err_cleanup_remove(o->tmp_path);
		errno = saved;
	}
	return fp;
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
	o->fp = open_temporary(o);
	if (!o->fp) {
		error("%s:", path); /* the name the user gave, not the temporary one */
		free(o->tmp_path);
		free(o->path);
		free(o->name);
		free(o);
		return NULL;
	}
	if (ends_with(path, ".gz")) {
		errno = 0;
		int fd = dup(fileno(o->fp));
		o->gz = fd < 0 ? NULL : gzdopen(fd, "wb6");
		if (!o->gz) {
			int saved = errno; /* a dup() out of descriptors, or gzdopen's memory */
			if (fd >= 0)
				close(fd);
			out_abort(o);
			errno = saved ? saved : ENOMEM;
			error("%s: cannot start gzip stream:", path);
			return NULL;
		}
	}
	return o;
}

int out_error(const struct out *o)
{
	return o->failed ? o->failed_errno : 0;
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

void out_field_f64(struct out *o, double v)
{
	char buf[32];
	out_putc(o, '\t');
	out_puts(o, isnan(v) ? "nan" : num_format_double(buf, v));
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

static void fail_with(struct out *o, int err)
{
	if (!o->failed) {
		o->failed = 1;
		o->failed_errno = err ? err : EIO;
	}
}

/* Everything but the rename: flush, fsync and close, errors remembered. */
static void finish(struct out *o)
{
	drain(o);
	if (o->gz && gzclose_w(o->gz) != Z_OK)
		fail_with(o, errno);
	o->gz = NULL;
	if (fflush(o->fp) != 0)
		fail_with(o, errno);
	if (o->fp == stdout) {
		/* stdout stays open for the exit path */
		if (ferror(o->fp))
			fail_with(o, EIO);
		return;
	}
	if (o->path && !o->failed && fsync(fileno(o->fp)) != 0 && errno != EINVAL)
		fail_with(o, errno);
	if (fclose(o->fp) != 0)
		fail_with(o, errno);
	o->fp = NULL;
}

/* The message for a failed output, then its temporary file removed. */
static int report(struct out *o)
{
	if (o->tmp_path)
		unlink(o->tmp_path);
	errno = o->failed_errno ? o->failed_errno : EIO;
	if (o->fp == stdout)
		error("write error on standard output:");
	else
		error("%s: write failed:", o->name);
	release(o);
	return -1;
}

/* Directories made by out_mkdir() that no committed output lies in yet. */
#define MADE_MAX 16
static char *made_dirs[MADE_MAX];

/* Once an output is in place, the directories holding it stay. */
static void keep_dirs_of(const char *path)
{
	for (int i = 0; i < MADE_MAX; i++) {
		size_t n = made_dirs[i] ? strlen(made_dirs[i]) : 0;
		if (n && strncmp(path, made_dirs[i], n) == 0 && path[n] == '/') {
			err_cleanup_remove(made_dirs[i]);
			free(made_dirs[i]);
			made_dirs[i] = NULL;
		}
	}
}

static void commit(struct out *o)
{
	if (o->failed || !o->path)
		return;
	if (rename(o->tmp_path, o->path) != 0)
		fail_with(o, errno);
	else
		keep_dirs_of(o->path);
}

int out_close(struct out *o)
{
	finish(o);
	commit(o);
	if (o->failed)
		return report(o);
	release(o);
	return 0;
}

int out_close_all(struct out **o, int n)
{
	int bad = -1;
	for (int i = 0; i < n; i++) {
		if (!o[i])
			continue;
		finish(o[i]);
		if (o[i]->failed && bad < 0)
			bad = i;
	}
	for (int i = 0; bad < 0 && i < n; i++) {
		if (!o[i])
			continue;
		commit(o[i]);
		if (!o[i]->failed)
			continue;
		bad = i; /* a rename that fails after others succeeded: undo them */
		for (int j = 0; j < i; j++)
			if (o[j] && o[j]->path)
				unlink(o[j]->path);
	}
	if (bad < 0) {
		for (int i = 0; i < n; i++)
			if (o[i])
				release(o[i]);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (!o[i] || i == bad)
			continue;
		if (o[i]->tmp_path)
			unlink(o[i]->tmp_path);
		release(o[i]);
	}
	return report(o[bad]);
}

int out_mkdir(const char *path)
{
	char *p = xstrdup(path);
	for (char *c = p + 1;; c++) { /* "mkdir -p" */
		if (*c != '/' && *c)
			continue;
		char saved = *c;
		*c = '\0';
		if (mkdir(p, 0777) == 0) {
			err_cleanup_add_dir(p);
			for (int i = 0; i < MADE_MAX; i++)
				if (!made_dirs[i]) {
					made_dirs[i] = xstrdup(p);
					break;
				}
		} else if (errno != EEXIST) {
			error("%s: cannot create directory:", p);
			free(p);
			return -1;
		}
		if (!(*c = saved))
			break;
	}
	free(p);
	struct stat st;
	if (stat(path, &st) != 0)
		return error("%s:", path);
	if (!S_ISDIR(st.st_mode))
		return error("%s: not a directory", path);
	return 0;
}

/* Identity of a path that may not exist yet: its own device and inode, or
 * its directory's and its last component. */
struct file_id {
	dev_t dev;
	ino_t ino;
	const char *base; /* NULL when the file exists */
};

static int file_id(const char *path, struct file_id *id)
{
	struct stat st;
	id->base = NULL;
	if (stat(path, &st) != 0) {
		const char *slash = strrchr(path, '/');
		char *dir = slash ? xstrdup(path) : xstrdup(".");
		if (slash)
			dir[slash - path + (slash == path)] = '\0';
		int rc = stat(dir, &st);
		free(dir);
		if (rc != 0)
			return -1;
		id->base = slash ? slash + 1 : path;
	}
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	return 0;
}

int out_same_file(const char *a, const char *b)
{
	struct file_id x, y;
	if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0 || file_id(a, &x) < 0 || file_id(b, &y) < 0)
		return 0;
	if (x.dev != y.dev || x.ino != y.ino || !x.base != !y.base)
		return 0;
	return !x.base || strcmp(x.base, y.base) == 0;
}
