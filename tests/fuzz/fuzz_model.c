/*
 * fuzz_model: libFuzzer harness of the binary readers: bin_read(),
 * model_read() and itemitem_read() (lib/bin, lib/model, lib/itemitem).
 *
 * Input: one control byte, then the file.  Every file carries CRC32s, so
 * random bytes almost never get past the checksums to the checks behind
 * them; with bit 0 of the control byte set the harness first repairs the
 * header's size field and every checksum it can locate, so that the
 * fuzzer explores the layout and model checks too.  Bits 1-2 pick the
 * reader: bin_read (any kind), model_read, itemitem_read, or all three.
 * A model that reads back is used a little (scores, parameters, a
 * history's scores), so that whatever the checks let through is touched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bin.h"
#include "fuzz.h"
#include "itemitem.h"
#include "model.h"

static volatile float sink;

static void use_model(struct model *mo)
{
	char buf[64];
	model_get_param(mo, "alpha", buf, sizeof buf);
	float s = 0;
	for (uint32_t u = 0; u < mo->m && u < 4; u++)
		for (uint32_t i = 0; i < mo->n && i < 4; i++)
			s += model_score(mo, u, i);
	sink = s;
	if (idmap_get(mo->users, mo->user_ids[0]) != 0)
		abort();
	model_free(mo);
}

static void use_itemitem(struct itemitem *mo)
{
	float *out = malloc((size_t)mo->n * sizeof *out);
	const struct spm *H = mo->history;
	for (uint32_t u = 0; u < mo->m && u < 2; u++)
		itemitem_score_history(mo, H->indices + H->indptr[u], H->data + H->indptr[u],
				       (uint32_t)(H->indptr[u + 1] - H->indptr[u]), out);
	free(out);
	itemitem_free(mo);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > (1u << 20))
		return 0;
	unsigned c = data[0];
	uint8_t *copy = malloc(size);
	memcpy(copy, data + 1, size - 1);
	if (c & 1)
		fuzz_bin_repair(copy, size - 1);
	const char *path = fuzz_file("model.bin", copy, size - 1);
	free(copy);
	switch (c >> 1 & 3) {
	case 0: bin_free(bin_read(path, 0)); break;
	case 1: {
		struct model *mo = model_read(path, 0);
		if (mo)
			use_model(mo);
		break;
	}
	case 2: {
		struct itemitem *mo = itemitem_read(path);
		if (mo)
			use_itemitem(mo);
		break;
	}
	default: {
		bin_free(bin_read(path, 0));
		struct model *mo = model_read(path, 0);
		if (mo)
			use_model(mo);
		struct itemitem *ii = itemitem_read(path);
		if (ii)
			use_itemitem(ii);
	}
	}
	return 0;
}
