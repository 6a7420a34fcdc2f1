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
uint64_t	hash_mix(uint64_t);

#endif
