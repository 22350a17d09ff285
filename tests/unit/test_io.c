/* Unit tests of lib/tsv, lib/out, lib/ratings and lib/bin. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "bin.h"
#include "err.h"
#include "out.h"
#include "ratings.h"
#include "t.h"
#include "tsv.h"

static char dir[] = "/tmp/reel-unit.XXXXXX";
static char path[256];

static const char *file(const char *name, const char *content)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");
	fwrite(content, 1, strlen(content), fp);
	fclose(fp);
	return path;
}

static int exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static void test_tsv(void)
{
	struct tsv *t = tsv_open(file("a.tsv", "1\t2\t3\nx\ty\n\nlast"), '\t');
	CHECK(tsv_next(t) == 1 && t->nfields == 3 && strcmp(t->field[2], "3") == 0 && t->line == 1,
	      "tsv first line split");
	CHECK(tsv_next(t) == 1 && t->nfields == 2 && strcmp(t->field[1], "y") == 0, "tsv second");
	CHECK(tsv_next(t) == -1 && t->line == 3, "tsv empty line is an error at line 3");
	tsv_close(t);

	t = tsv_open(file("b.tsv", "a\tb\r\n"), '\t');
	CHECK(tsv_next(t) == -1, "tsv CRLF is an error");
	tsv_close(t);

	t = tsv_open(file("c.tsv", "no newline at end"), '\t');
	CHECK(tsv_next(t) == 1 && strcmp(t->field[0], "no newline at end") == 0,
	      "last line w/o newline");
	CHECK(tsv_next(t) == 0, "then a clean end");
	tsv_close(t);

	/* a line longer than the reader's buffer */
	size_t big = 3u << 20;
	char *s = malloc(big + 2);
	memset(s, 'z', big);
	s[big] = '\n';
	s[big + 1] = '\0';
	t = tsv_open(file("d.tsv", s), '\t');
	CHECK(tsv_next(t) == 1 && strlen(t->field[0]) == big, "a 3 MB line is read whole");
	tsv_close(t);
	free(s);

	/* gzip, whole and truncated */
	snprintf(path, sizeof path, "%s/e.tsv.gz", dir);
	gzFile gz = gzopen(path, "wb");
	for (int i = 0; i < 20000; i++)
		gzprintf(gz, "%d\t%d\t%d\n", i, i * 3, i % 5);
	gzclose(gz);
	t = tsv_open(path, '\t');
	int n = 0, got;
	while ((got = tsv_next(t)) == 1)
		n++;
	CHECK(got == 0 && n == 20000, "gzip input read transparently");
	tsv_close(t);
	struct stat st;
	stat(path, &st);
	CHECK(truncate(path, st.st_size / 2) == 0, "truncate the gzip file");
	t = tsv_open(path, '\t');
	while ((got = tsv_next(t)) == 1)
		;
	CHECK(got == -1, "truncated gzip is an error, not a short file");
	tsv_close(t);

	CHECK(tsv_open(dir, '\t') == NULL, "a directory is refused");
	CHECK(tsv_open("/nonexistent/x", '\t') == NULL, "a missing file is refused");
}

/* How many temporary files of path's this process has open. */
static size_t temporaries(const char *path)
{
	char pattern[300];
	snprintf(pattern, sizeof pattern, "%s.tmp.%ld.??????", path, (long)getpid());
	glob_t g;
	size_t n = glob(pattern, 0, NULL, &g) == 0 ? g.gl_pathc : 0;
	if (n)
		globfree(&g);
	return n;
}

static void test_out(void)
{
	snprintf(path, sizeof path, "%s/o.txt", dir);
	struct out *o = out_open(path);
	out_puts(o, "hello ");
	out_u64(o, 18446744073709551615ull);
	out_putc(o, ' ');
	out_f32(o, 0.1f);
	CHECK(!exists(path) && temporaries(path) == 1, "out writes to a temporary name first");
	CHECK(out_close(o) == 0 && exists(path) && temporaries(path) == 0,
	      "out_close renames into place");
	FILE *fp = fopen(path, "r");
	char line[100] = "";
	fgets(line, sizeof line, fp);
	fclose(fp);
	CHECK(strcmp(line, "hello 18446744073709551615 0.100000001") == 0, "out content");

	o = out_open(path);
	out_puts(o, "half");
	out_abort(o);
	fp = fopen(path, "r");
	fgets(line, sizeof line, fp);
	fclose(fp);
	CHECK(strncmp(line, "hello", 5) == 0 && temporaries(path) == 0,
	      "out_abort keeps the old file");

	snprintf(path, sizeof path, "%s/o.tsv.gz", dir);
	o = out_open(path);
	for (int i = 0; i < 1000; i++)
		out_printf(o, "%d\t1\t2\n", i);
	CHECK(out_close(o) == 0, "gzip output closes");
	struct tsv *t = tsv_open(path, '\t');
	int n = 0;
	while (tsv_next(t) == 1)
		n++;
	tsv_close(t);
	CHECK(n == 1000, "gzip output reads back");
	CHECK(out_open("/nonexistent/dir/file") == NULL, "unwritable path refused");
	CHECK(out_open(dir) == NULL, "a directory refused");

	/* a device is written in place, never replaced by a renamed file */
	o = out_open("/dev/null");
	out_puts(o, "into the void");
	struct stat st;
	CHECK(out_close(o) == 0 && stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode),
	      "/dev/null written in place and still a device");

	/* through a symbolic link the target is replaced, the link kept */
	char target[300], link_path[300];
	snprintf(target, sizeof target, "%s/target.txt", dir);
	snprintf(link_path, sizeof link_path, "%s/link.txt", dir);
	FILE *tf = fopen(target, "w");
	fputs("old", tf);
	fclose(tf);
	CHECK(symlink(target, link_path) == 0, "make a link");
	o = out_open(link_path);
	out_puts(o, "new");
	CHECK(out_close(o) == 0 && lstat(link_path, &st) == 0 && S_ISLNK(st.st_mode),
	      "the link survives");
	tf = fopen(target, "r");
	CHECK(fgets(line, sizeof line, tf) && strcmp(line, "new") == 0, "the target got the bytes");
	fclose(tf);
}

static void test_ratings(void)
{
	struct ratings *r =
		ratings_read(file("r.tsv", "30\t5\t4\t100\n10\t7\t3.5\t50\n30\t7\t1\t70\n"), 0);
	CHECK(r && r->n == 3 && r->users->n == 2 && r->items->n == 2, "ratings counts");
	CHECK(r->users->ext[0] == 10 && r->user[0] == 1 && r->item[0] == 0,
	      "dense ids sorted by id");
	CHECK(r->value[1] == 3.5f && r->ts[2] == 70, "values and times");
	struct spm *a = ratings_to_csr(r);
	CHECK(a && a->m == 2 && a->indptr[2] == 3, "ratings to CSR");
	spm_free(a);
	ratings_free(r);

	r = ratings_read(file("r3.tsv", "1\t2\t3\n"), 0);
	CHECK(r && r->ts == NULL, "three columns: no timestamps");
	ratings_free(r);
	CHECK(ratings_read(file("bad1.tsv", "1\t2\t3\n1\t2\n"), 0) == NULL,
	      "field count must match");
	CHECK(ratings_read(file("bad2.tsv", "1\t2\tnan\n"), 0) == NULL, "NaN rating refused");
	CHECK(ratings_read(file("bad3.tsv", ""), 0) == NULL, "empty file refused");
	CHECK(ratings_read(file("bad4.tsv", "1\t2\t3\t4\t5\n"), 0) == NULL, "5 fields refused");
	CHECK(ratings_read(file("dup.tsv", "1\t2\t3\n4\t5\t6\n1\t2\t1\n"), 0) == NULL,
	      "duplicate pair refused by ratings_read");
	r = ratings_read(file("t.tsv", "1\t2\t3\t9\n"), RATINGS_NO_TIME);
	CHECK(r && r->ts == NULL, "RATINGS_NO_TIME keeps no timestamps");
	ratings_free(r);
	CHECK(ratings_read(file("t2.tsv", "1\t2\t3\t-9\n"), RATINGS_NO_TIME) == NULL,
	      "RATINGS_NO_TIME still checks them");
}

static void test_bin(void)
{
	float x[6] = {1, 2, 3, 4, 5, 6};
	uint32_t ids[3] = {7, 8, 9};
	const char *text = "alpha=40\n";
	struct bin_section secs[3] = {
		{"X", BIN_F32, 3, 2, x, sizeof x},
		{"user_ids", BIN_U32, 3, 1, ids, sizeof ids},
		{"params", BIN_TEXT, 9, 1, text, 9},
	};
	snprintf(path, sizeof path, "%s/m.bin", dir);
	CHECK(bin_write(path, BIN_ALS_IMPLICIT, secs, 3) == 0, "bin write");
	struct bin *b = bin_read(path, BIN_ALS_IMPLICIT);
	CHECK(b && b->nsections == 3, "bin read back");
	const struct bin_section *s = b ? bin_get(b, "X", BIN_F32, 3, 2) : NULL;
	CHECK(s && memcmp(s->data, x, sizeof x) == 0 && ((uintptr_t)s->data % 64) == 0,
	      "section data intact and aligned");
	CHECK(b && bin_get(b, "Y", BIN_F32, 0, 0) == NULL, "missing section reported");
	bin_free(b);
	CHECK(bin_read(path, BIN_ALS_EXPLICIT) == NULL, "wrong kind refused");

	/* flip one byte of every position in turn: every flip is detected */
	FILE *fp = fopen(path, "rb");
	fseek(fp, 0, SEEK_END);
	long size = ftell(fp);
	unsigned char *orig = malloc((size_t)size);
	rewind(fp);
	CHECK(fread(orig, 1, (size_t)size, fp) == (size_t)size, "read model bytes");
	fclose(fp);
	int all_caught = 1, truncs_caught = 1;
	char flipped[300];
	snprintf(flipped, sizeof flipped, "%s/flip.bin", dir);
	for (long i = 0; i < size; i++) {
		orig[i] ^= 0x10;
		fp = fopen(flipped, "wb");
		fwrite(orig, 1, (size_t)size, fp);
		fclose(fp);
		orig[i] ^= 0x10;
		struct bin *bad = bin_read(flipped, 0);
		if (bad) {
			all_caught = 0;
			bin_free(bad);
		}
	}
	for (long len = 0; len < size; len += 8) {
		fp = fopen(flipped, "wb");
		fwrite(orig, 1, (size_t)len, fp);
		fclose(fp);
		struct bin *bad = bin_read(flipped, 0);
		if (bad) {
			truncs_caught = 0;
			bin_free(bad);
		}
	}
	CHECK(all_caught, "every flipped byte, padding included, is detected");
	CHECK(truncs_caught, "every truncation is detected");
	orig[8] = 2; /* a future version */
	fp = fopen(flipped, "wb");
	fwrite(orig, 1, (size_t)size, fp);
	fclose(fp);
	CHECK(bin_read(flipped, 0) == NULL, "a future version is refused");
	free(orig);
}

int main(void)
{
	err_init("test_io");
	if (!mkdtemp(dir))
		return 1;
	/* messages from the error cases are expected: keep them off the log */
	if (!freopen("/dev/null", "w", stderr))
		return 1;
	test_tsv();
	test_out();
	test_ratings();
	test_bin();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return t_done();
}
