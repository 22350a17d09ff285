/*
 * rng: reproducible randomness.
 *
 * Every random step of every tool draws from a GSL generator (MT19937)
 * seeded from the tool's --seed, so a run is reproducible byte for byte.
 * Work split across threads must not share a generator: rng_derive() gives
 * each unit of work (a user, a block) its own seed, so results do not
 * depend on the thread count or the schedule.
 */
#ifndef REEL_RNG_H
#define REEL_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* A new MT19937 generator seeded with seed (dies if out of memory). */
gsl_rng *rng_new(uint64_t seed);
/* A well-mixed seed for sub-stream `stream` of `seed` (splitmix64). */
uint64_t rng_derive(uint64_t seed, uint64_t stream);
/* splitmix64's finaliser: a 64-bit hash with good avalanche. */
uint64_t rng_mix64(uint64_t x);
/* Uniform integer in [0, n) without modulo bias. */
uint64_t rng_below(gsl_rng *r, uint64_t n);

#endif
