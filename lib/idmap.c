#include "idmap.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash32(uint32_t x)
{
	/* a 32-bit finaliser (murmur3's fmix32): sequential ids spread out */
	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	x ^= x >> 16;
	return x;
}

struct idmap *idmap_new(void)
{
	struct idmap *m = xcalloc(1, sizeof *m);
	m->max = IDMAP_MAX;
	m->cap = 64;
	m->ext = xmallocarray(m->cap, sizeof *m->ext);
	m->nslots = 128;
	m->slots = xcalloc(m->nslots, sizeof *m->slots);
	return m;
}

void idmap_free(struct idmap *m)
{
	if (!m)
		return;
	free(m->ext);
	free(m->slots);
	free(m);
}

static uint32_t *find_slot(const struct idmap *m, uint32_t ext_id)
{
	uint32_t mask = m->nslots - 1;
	for (uint32_t s = hash32(ext_id) & mask;; s = (s + 1) & mask) {
		uint32_t v = m->slots[s];
		if (v == 0 || m->ext[v - 1] == ext_id)
			return &m->slots[s];
	}
}

static void rehash(struct idmap *m)
{
	free(m->slots);
	m->nslots *= 2;
	m->slots = xcalloc(m->nslots, sizeof *m->slots);
	for (uint32_t i = 0; i < m->n; i++)
		*find_slot(m, m->ext[i]) = i + 1;
}

int64_t idmap_get(const struct idmap *m, uint32_t ext_id)
{
	uint32_t v = *find_slot(m, ext_id);
	return v ? (int64_t)(v - 1) : -1;
}

int64_t idmap_add(struct idmap *m, uint32_t ext_id)
{
	uint32_t *slot = find_slot(m, ext_id);
	if (*slot)
		return *slot - 1;
	if (m->n >= m->max)
		return -1;
	if (m->n == m->cap) {
		m->cap *= 2;
		m->ext = xrealloc(m->ext, (size_t)m->cap * sizeof *m->ext);
	}
	m->ext[m->n] = ext_id;
	*slot = ++m->n;
	if ((uint64_t)m->n * 2 > m->nslots)
		rehash(m);
	return m->n - 1;
}

struct idmap *idmap_from(const uint32_t *ext_ids, uint32_t n)
{
	struct idmap *m = idmap_new();
	for (uint32_t i = 0; i < n; i++)
		idmap_add(m, ext_ids[i]);
	return m;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

uint32_t *idmap_sort(struct idmap *m)
{
	uint32_t *remap = xmallocarray(m->n ? m->n : 1, sizeof *remap);
	memcpy(remap, m->ext, (size_t)m->n * sizeof *remap); /* old order */
	qsort(m->ext, m->n, sizeof *m->ext, cmp_u32);
	memset(m->slots, 0, (size_t)m->nslots * sizeof *m->slots);
	for (uint32_t i = 0; i < m->n; i++)
		*find_slot(m, m->ext[i]) = i + 1;
	for (uint32_t i = 0; i < m->n; i++)
		remap[i] = (uint32_t)idmap_get(m, remap[i]);
	return remap;
}
