/*
 * Non-cryptographic hashing for in-memory tables and stable ids.
 * Deterministic across runs and machines (no random seed): alert ids
 * derived from it must be the same in replay and live.
 */
#ifndef DETECTD_HASH_H
#define DETECTD_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t	hash64(const void *, size_t, uint64_t seed);
/* Same as hash64 over the ASCII-lowercased bytes. */
uint64_t	hash64_lower(const void *, size_t, uint64_t seed);
/* The splitmix64 finalizer: every bit of x moves every bit out. */
static inline uint64_t
hash_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * h followed by the hash v of one more part: a key of several parts
 * hashed from its parts' hashes, in order (a, b differs from b, a).
 */
static inline uint64_t
hash_combine(uint64_t h, uint64_t v)
{
	return hash_mix(h * 0x9e3779b97f4a7c15ULL + v);
}

#endif
