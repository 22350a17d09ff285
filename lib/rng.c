#include "rng.h"
#include "err.h"

gsl_rng *rng_new(uint64_t seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r)
		die("out of memory allocating a random number generator");
	/* GSL's mt19937 replaces seed 0 with its default seed 4357, which
	 * would make --seed 0 and --seed 4357 identical; mix first. */
	gsl_rng_set(r, (unsigned long)(rng_mix64(seed) | 1u));
	return r;
}

uint64_t rng_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

uint64_t rng_derive(uint64_t seed, uint64_t stream)
{
	return rng_mix64(seed + 0x9e3779b97f4a7c15ull * (stream + 1));
}

uint64_t rng_below(gsl_rng *r, uint64_t n)
{
	/* gsl_rng_uniform_int handles n up to the generator's range (2^32). */
	if (n <= 1)
		return 0;
	if (n <= 0xffffffffull)
		return gsl_rng_uniform_int(r, (unsigned long)n);
	uint64_t limit = UINT64_MAX - UINT64_MAX % n, v;
	do
		v = ((uint64_t)gsl_rng_get(r) << 32) | gsl_rng_get(r);
	while (v >= limit);
	return v % n;
}
