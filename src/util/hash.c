/*
 * Hashing (hash.h): a fast 64-bit hash with a seed, and its lower-case
 * variant, the same on every run and machine.
 */
#include <string.h>

#include "util/hash.h"

/*
 * Eight bytes at a time, each word folded in with a multiply and the
 * splitmix64 finalizer at the end.  Fast on short keys (domains, IPs),
 * which are the common case.
 */
#define HASH_K1	0x9e3779b97f4a7c15ULL
#define HASH_K2	0xbf58476d1ce4e5b9ULL
#define HASH_K3	0x94d049bb133111ebULL

static inline uint64_t
hash_word(uint64_t h, uint64_t w)
{
	h ^= w * HASH_K1;
	h = (h << 29) | (h >> 35);
	return h * HASH_K2;
}

/*
 * The len (1 to 7) bytes at p, as memcpy puts them into a zeroed word.
 * On a little-endian machine the word is built in registers from at
 * most three loads: for memcpy with a variable length, gcc copies byte
 * by byte to the stack and reads the word back, a load that waits for
 * those stores, at nearly every key.
 */
static inline uint64_t
hash_tail(const unsigned char *p, size_t len)
{
	uint64_t	 w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint32_t	 a;
	uint16_t	 b;
	size_t		 off = 0;

	if (len & 4) {
		memcpy(&a, p, 4);
		w = a;
		off = 4;
	}
	if (len & 2) {
		memcpy(&b, p + off, 2);
		w |= (uint64_t)b << (off * 8);
		off += 2;
	}
	if (len & 1)
		w |= (uint64_t)p[off] << (off * 8);
#else
	memcpy(&w, p, len);
#endif
	return w;
}

uint64_t
hash64(const void *data, size_t len, uint64_t seed)
{
	const unsigned char	*p = data;
	uint64_t		 h = seed ^ (len * HASH_K3), w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = hash_word(h, w);
	}
	if (len > 0)
		h = hash_word(h, hash_tail(p, len) ^ ((uint64_t)len << 56));
	return hash_mix(h);
}

static inline uint64_t
lower8(uint64_t w)
{
	/* Set bit 5 of every byte that is in 'A'..'Z', without branches. */
	uint64_t heptets = w & 0x7f7f7f7f7f7f7f7fULL;
	uint64_t ge_a = heptets + 0x3f3f3f3f3f3f3f3fULL;	/* >= 'A' */
	uint64_t gt_z = heptets + 0x2525252525252525ULL;	/* > 'Z' */
	uint64_t upper = ge_a & ~gt_z & ~w & 0x8080808080808080ULL;

	return w | (upper >> 2);
}

uint64_t
hash64_lower(const void *data, size_t len, uint64_t seed)
{
	const unsigned char	*p = data;
	uint64_t		 h = seed ^ (len * HASH_K3), w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = hash_word(h, lower8(w));
	}
	if (len > 0)
		h = hash_word(h, lower8(hash_tail(p, len)) ^
		    ((uint64_t)len << 56));
	return hash_mix(h);
}
