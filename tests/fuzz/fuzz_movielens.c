/*
 * fuzz_movielens: libFuzzer harness of the MovieLens importers
 * (lib/movielens.c).
 *
 * Input: one control byte, then the files of a MovieLens directory one
 * after another, each ended by the line "~~~" (the separator "~~~\n"; the
 * last file needs none).  The control byte picks the layout (c % 4: 100K,
 * 1M, latest, 10M); the files are taken in the order below, and a layout's
 * file that the input does not reach is absent from the directory.  The
 * three tables are written to /dev/null, which out_open() writes in place.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "movielens.h"
#include "out.h"

static const char *const files[4][5] = {
	{"u.genre", "u.occupation", "u.item", "u.user", "u.data"},
	{"movies.dat", "users.dat", "ratings.dat", NULL, NULL},
	{"movies.csv", "ratings.csv", NULL, NULL, NULL},
	{"movies.dat", "ratings.dat", NULL, NULL, NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int layout = data[0] % 4;
	const uint8_t *p = data + 1, *end = data + size;
	for (int f = 0; f < 5; f++) {
		const char *name = files[layout][f];
		if (!name)
			break;
		if (!p) {
			fuzz_remove(name);
			continue;
		}
		const uint8_t *sep = memmem(p, (size_t)(end - p), "~~~\n", 4);
		fuzz_file(name, p, sep ? (size_t)(sep - p) : (size_t)(end - p));
		p = sep ? sep + 4 : NULL;
	}
	int users = layout == MOVIELENS_100K || layout == MOVIELENS_1M;
	struct movielens_out o = {out_open("/dev/null"), out_open("/dev/null"),
				  users ? out_open("/dev/null") : NULL};
	if (!o.ratings || !o.items || (users && !o.users))
		abort();
	movielens_import((enum movielens_layout)layout, fuzz_tmpdir(), &o);
	out_close(o.ratings);
	out_close(o.items);
	if (o.users)
		out_close(o.users);
	return 0;
}
