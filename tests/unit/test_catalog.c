/* Unit tests of lib/catalog (items.tsv, users.tsv) and lib/text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "err.h"
#include "t.h"
#include "text.h"

static char dir[] = "/tmp/reel-unit.XXXXXX";
static char errpath[256];

/* Write a file into the test directory (the current one); returns its
 * name, which is how messages show it. */
static const char *file(const char *name, const char *content)
{
	FILE *fp = fopen(name, "wb");
	fwrite(content, 1, strlen(content), fp);
	fclose(fp);
	return name;
}

/* The messages printed since the last call, which must be exactly want
 * (without the "test_catalog: " prefix and the final newline). */
static int said(const char *want)
{
	char got[1024] = "", full[1024];
	fflush(stderr);
	FILE *fp = fopen(errpath, "r");
	size_t n = fp ? fread(got, 1, sizeof got - 1, fp) : 0;
	got[n] = '\0';
	if (fp)
		fclose(fp);
	if (!freopen(errpath, "w", stderr))
		return 0;
	snprintf(full, sizeof full, "test_catalog: %s\n", want);
	if (strcmp(got, full) != 0)
		printf("# got: %s", got);
	return strcmp(got, full) == 0;
}

/* The header lines as the writers write them. */
#define ITEMS_HEAD CATALOG_ITEMS_HEADER "\n"
#define USERS_HEAD CATALOG_USERS_HEADER "\n"

static void test_items(void)
{
	CHECK(strcmp(CATALOG_ITEMS_HEADER, "item\ttitle\tyear\tgenres") == 0 &&
		      strcmp(CATALOG_USERS_HEADER, "user\tage\tgender\toccupation\tzip") == 0,
	      "header lines as docs/FORMATS.md has them");
	struct items *it = items_read(file("items.tsv", ITEMS_HEAD
					   "30\tZeta (1999)\t1999\tDrama|Comedy\n"
					   "10\tAlpha, The\t\t\n"
					   "20\tMis\xc3\xa9rables\t1995\tComedy|Action|Drama\n"));
	CHECK(it && it->n == 3, "items: three rows");
	if (!it)
		return;
	CHECK(it->ids->ext[0] == 10 && it->ids->ext[1] == 20 && it->ids->ext[2] == 30,
	      "items: rows in ascending id");
	CHECK(strcmp(it->title[0], "Alpha, The") == 0 && it->year[0] == 0 && it->genres[0] == 0,
	      "items: empty year and genres");
	CHECK(it->ngenres == 3 && strcmp(it->genre_names[0], "Drama") == 0 &&
		      strcmp(it->genre_names[1], "Comedy") == 0 &&
		      strcmp(it->genre_names[2], "Action") == 0,
	      "items: genre table in order of first appearance");
	CHECK(it->genres[1] == 7 && it->genres[2] == 3 && it->year[2] == 1999,
	      "items: genre bitmasks and year follow the sorted rows");
	CHECK(strcmp(it->title[1], "Mis\xc3\xa9rables") == 0, "items: UTF-8 title kept");
	CHECK(items_genre_index(it, "Action") == 2 && items_genre_index(it, "Western") == -1,
	      "items_genre_index");
	CHECK(idmap_get(it->ids, 20) == 1, "items: lookup by external id");
	items_free(it);

	/* item 1 has all 64 genres g0..g63 a file may have; item 2 adds g64 */
	char big[8192] = ITEMS_HEAD "1\tT\t\tg0";
	for (int g = 1; g < CATALOG_MAX_GENRES; g++)
		snprintf(big + strlen(big), sizeof big - strlen(big), "|g%d", g);
	size_t len = strlen(big);
	strcat(big, "\n2\tU\t\tg64|g0\n");
	it = items_read(file("many.tsv", big));
	CHECK(!it && said("many.tsv:3: too many genres (more than 64) 'g64'"),
	      "items: the 65th genre is an error");
	strcpy(big + len, "\n2\tU\t\tg0\n");
	it = items_read(file("many.tsv", big));
	CHECK(it && it->ngenres == 64 && it->genres[0] == UINT64_MAX && it->genres[1] == 1,
	      "items: 64 genres fill the mask");
	items_free(it);
}

static void test_items_bad(void)
{
	static const struct {
		const char *content, *msg;
	} cases[] = {
		{"", "bad.tsv: empty file (expected a header line)"},
		{ITEMS_HEAD, "bad.tsv: no items after the header"},
		{"item\ttitle\tyear\n", "bad.tsv:1: bad header: expected 4 fields, found 3"},
		{"item\ttitle\tYear\tgenres\n",
		 "bad.tsv:1: bad header field 3 'Year' (expected 'year')"},
		{"1\tA\t\t\n", "bad.tsv:1: bad header field 1 '1' (expected 'item')"},
		{ITEMS_HEAD "1\tA\t\n", "bad.tsv:2: expected 4 fields, found 3"},
		{ITEMS_HEAD "x\tA\t\t\n", "bad.tsv:2: bad item id 'x'"},
		{ITEMS_HEAD "4294967296\tA\t\t\n", "bad.tsv:2: bad item id '4294967296'"},
		{ITEMS_HEAD "1\t\t\t\n", "bad.tsv:2: empty title"},
		{ITEMS_HEAD "1\tA\t1799\t\n", "bad.tsv:2: bad year '1799'"},
		{ITEMS_HEAD "1\tA\t95\t\n", "bad.tsv:2: bad year '95'"},
		{ITEMS_HEAD "1\tA\t\tX||Y\n", "bad.tsv:2: empty genre name in genres"},
		{ITEMS_HEAD "1\tA\t\tX|Y|X\n", "bad.tsv:2: duplicate genre 'X'"},
		{ITEMS_HEAD "1\tMis\xe9rables\t\t\n",
		 "bad.tsv:2: invalid UTF-8 in title at byte 4"},
		{ITEMS_HEAD "7\tA\t\t\n8\tB\t\t\n7\tC\t\t\n",
		 "bad.tsv:4: duplicate item id 7 (first at line 2)"},
		{ITEMS_HEAD "1\tA\t\t\r\n",
		 "bad.tsv:2: carriage return at end of line (CRLF line endings are not accepted)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct items *it = items_read(file("bad.tsv", cases[i].content));
		CHECK(!it && said(cases[i].msg), "items_read error: %s", cases[i].msg);
		items_free(it);
	}
	CHECK(!items_read("/nonexistent/items.tsv") &&
		      said("/nonexistent/items.tsv: No such file or directory"),
	      "items_read: missing file");
}

static void test_users(void)
{
	struct users *us = users_read(file("users.tsv", USERS_HEAD "2\t53\tF\tother\t94043\n"
								   "1\t24\tM\ttechnician\t85711\n"
								   "3\t1\tM\tk-12 student\t\n"
								   "9\t33\tF\tother\tT8H1N\n"));
	CHECK(us && us->n == 4, "users: four rows");
	if (!us)
		return;
	CHECK(us->ids->ext[0] == 1 && us->age[0] == 24 && us->gender[0] == 'M' &&
		      strcmp(us->zip[0], "85711") == 0,
	      "users: first row is the lowest id");
	CHECK(us->noccupations == 3 && strcmp(us->occupation_names[0], "other") == 0 &&
		      strcmp(us->occupation_names[2], "k-12 student") == 0,
	      "users: occupation table in order of first appearance");
	CHECK(us->occupation[0] == 1 && us->occupation[1] == 0 && us->occupation[3] == 0 &&
		      us->age[2] == 1 && strcmp(us->zip[2], "") == 0,
	      "users: occupations by index, empty zip");
	users_free(us);
}

static void test_users_bad(void)
{
	static const struct {
		const char *content, *msg;
	} cases[] = {
		{"", "bad.tsv: empty file (expected a header line)"},
		{USERS_HEAD, "bad.tsv: no users after the header"},
		{"user\tage\tsex\toccupation\tzip\n",
		 "bad.tsv:1: bad header field 3 'sex' (expected 'gender')"},
		{USERS_HEAD "1\t20\tM\tother\n", "bad.tsv:2: expected 5 fields, found 4"},
		{USERS_HEAD "-1\t20\tM\tother\t\n", "bad.tsv:2: bad user id '-1'"},
		{USERS_HEAD "1\t0\tM\tother\t\n", "bad.tsv:2: bad age '0'"},
		{USERS_HEAD "1\t121\tM\tother\t\n", "bad.tsv:2: bad age '121'"},
		{USERS_HEAD "1\t20\tm\tother\t\n", "bad.tsv:2: bad gender 'm'"},
		{USERS_HEAD "1\t20\tM\tOther\t\n",
		 "bad.tsv:2: bad occupation 'Other' (expected lower case)"},
		{USERS_HEAD "1\t20\tM\t\t\n", "bad.tsv:2: bad occupation '' (expected lower case)"},
		{USERS_HEAD "1\t20\tM\tother\t\xff\n", "bad.tsv:2: invalid UTF-8 in zip at byte 1"},
		{USERS_HEAD "1\t20\tM\tother\t\n1\t30\tF\tother\t\n",
		 "bad.tsv:3: duplicate user id 1 (first at line 2)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct users *us = users_read(file("bad.tsv", cases[i].content));
		CHECK(!us && said(cases[i].msg), "users_read error: %s", cases[i].msg);
		users_free(us);
	}
}

static void test_text(void)
{
	CHECK(text_utf8_check("plain ascii") == -1, "utf8: ASCII is valid");
	CHECK(text_utf8_check("Mis\xc3\xa9rables \xe2\x82\xac \xf0\x9f\x8e\xac") == -1,
	      "utf8: 2, 3 and 4 byte sequences");
	CHECK(text_utf8_check("Mis\xe9rables") == 3, "utf8: a Latin-1 byte");
	CHECK(text_utf8_check("\xc0\xaf") == 0 && text_utf8_check("\xe0\x80\xaf") == 0,
	      "utf8: overlong forms");
	CHECK(text_utf8_check("ab\xed\xa0\x80") == 2, "utf8: a surrogate");
	CHECK(text_utf8_check("\xf4\x90\x80\x80") == 0, "utf8: above U+10FFFF");
	CHECK(text_utf8_check("x\xc3") == 1 && text_utf8_check("\xe2\x82") == 0,
	      "utf8: truncated sequences");
	char *buf = NULL;
	size_t cap = 0;
	CHECK(strcmp(text_latin1_to_utf8("Mis\xe9rables", &buf, &cap), "Mis\xc3\xa9rables") == 0,
	      "latin1: e acute");
	CHECK(strcmp(text_latin1_to_utf8("\xc1 k\xf6ldum \xff", &buf, &cap),
		     "\xc3\x81 k\xc3\xb6ldum \xc3\xbf") == 0 &&
		      text_utf8_check(buf) == -1,
	      "latin1: upper half converts to valid UTF-8");
	CHECK(strcmp(text_latin1_to_utf8("", &buf, &cap), "") == 0, "latin1: empty string");
	free(buf);
}

int main(void)
{
	err_init("test_catalog");
	if (!mkdtemp(dir) || chdir(dir) != 0)
		return 1;
	snprintf(errpath, sizeof errpath, "%s/stderr", dir);
	/* the error cases' messages are compared by said(), not logged */
	if (!freopen(errpath, "w", stderr))
		return 1;
	test_items();
	test_items_bad();
	test_users();
	test_users_bad();
	test_text();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return t_done();
}
