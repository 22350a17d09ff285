#include "zipzone.h"
#include "catalog.h"
#include "err.h"
#include "idmap.h"
#include "ratings.h"
#include "tsv.h"
#include "tz.h"

#include <stdlib.h>
#include <string.h>

void zipzone_free(struct zipzone *z)
{
	if (!z)
		return;
	for (int k = 0; k < z->nzones; k++)
		free(z->zones[k]);
	free(z->zones);
	free(z->name);
	free(z);
}

static int three_digits(const char *s)
{
	if (strlen(s) != 3 || strspn(s, "0123456789") != 3)
		return -1;
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

static int zone_index(struct tsv *in, struct zipzone *z, const char *zone)
{
	for (int k = 0; k < z->nzones; k++)
		if (strcmp(z->zones[k], zone) == 0)
			return k;
	if (tz_set(zone) < 0)
		return tsv_error(in, "bad zone '%.60s'", zone);
	z->zones = xrealloc(z->zones, (size_t)(z->nzones + 1) * sizeof *z->zones);
	z->zones[z->nzones] = xstrdup(zone);
	return z->nzones++;
}

static int read_row(struct tsv *in, struct zipzone *z)
{
	if (tsv_need(in, 4) < 0)
		return -1;
	int first = three_digits(in->field[0]), last = three_digits(in->field[1]);
	if (first < 0)
		return tsv_error(in, "bad prefix '%.40s'", in->field[0]);
	if (last < 0 || last < first)
		return tsv_error(in, "bad prefix '%.40s'", in->field[1]);
	int k = zone_index(in, z, in->field[3]);
	if (k < 0)
		return -1;
	for (int p = first; p <= last; p++) {
		if (z->prefix[p] >= 0)
			return tsv_error(in, "prefix %03d given twice", p);
		z->prefix[p] = (short)k;
	}
	return 0;
}

struct zipzone *zipzone_read(const char *path)
{
	struct tsv *in = tsv_open(path, '\t');
	if (!in)
		return NULL;
	struct zipzone *z = xcalloc(1, sizeof *z);
	z->name = xstrdup(in->name);
	for (int p = 0; p < 1000; p++)
		z->prefix[p] = -1;
	int got, header = 0;
	while ((got = tsv_next(in)) == 1) {
		if (in->field[0][0] == '#')
			continue;
		if (!header) {
			if (in->nfields != 4 || strcmp(in->field[0], "first") != 0 ||
			    strcmp(in->field[1], "last") != 0 ||
			    strcmp(in->field[2], "state") != 0 ||
			    strcmp(in->field[3], "zone") != 0) {
				tsv_error(
					in,
					"expected the header 'first<TAB>last<TAB>state<TAB>zone'");
				got = -1;
				break;
			}
			header = 1;
			continue;
		}
		if (read_row(in, z) < 0) {
			got = -1;
			break;
		}
	}
	if (got == 0 && !header)
		got = error("%s: no header line", z->name);
	tz_set("UTC");
	if (got < 0 || tsv_close(in) < 0) {
		if (got < 0)
			tsv_close(in);
		zipzone_free(z);
		return NULL;
	}
	return z;
}

int zipzone_of(const struct zipzone *z, const char *zip)
{
	size_t n = strlen(zip);
	if (strspn(zip, "0123456789") != 5 ||
	    !(n == 5 || (n == 10 && zip[5] == '-' && strspn(zip + 6, "0123456789") == 4)))
		return -1;
	return z->prefix[(zip[0] - '0') * 100 + (zip[1] - '0') * 10 + (zip[2] - '0')];
}

int *zipzone_of_users(const struct zipzone *z, const struct users *us, const struct ratings *r)
{
	int *zone = xmallocarray(r->users->n ? r->users->n : 1, sizeof *zone);
	for (uint32_t u = 0; u < r->users->n; u++) {
		int64_t row = idmap_get(us->ids, r->users->ext[u]);
		zone[u] = row < 0 ? -2 : zipzone_of(z, us->zip[row]);
	}
	for (uint64_t t = 0; t < r->n; t++)
		if (zone[r->user[t]] == -2) {
			error("%s:%llu: user %u is not in %s", r->name, (unsigned long long)t + 1,
			      r->users->ext[r->user[t]], us->name);
			free(zone);
			return NULL;
		}
	return zone;
}
