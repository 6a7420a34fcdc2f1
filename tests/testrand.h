/*
 * Pseudo-random numbers for the Check suites: the same sequence on
 * every machine, from a state the test seeds.
 */
#ifndef DETECTD_TESTRAND_H
#define DETECTD_TESTRAND_H

#include <stdint.h>

/* splitmix64: any seed, even 0, gives a good sequence. */
static inline uint64_t
test_rand(uint64_t *s)
{
	uint64_t	 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* xorshift64 (Marsaglia); the seed must not be 0. */
static inline uint64_t
test_xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Uniform in [0, 1), from xorshift64. */
static inline double
test_unif(uint64_t *s)
{
	return (double)(test_xorshift(s) >> 11) / 9007199254740992.0;
}

#endif
