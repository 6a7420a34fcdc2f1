/*
 * Tests of the table hash (src/util/hash.c): its values are pinned,
 * since alert ids are derived from them and must be the same on every
 * machine and in every release; hash64_lower agrees with hash64 over
 * the lower-cased bytes, whatever the bytes and wherever they fall in
 * the eight-byte words.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "testmain.h"
#include "testrand.h"

static const struct {
	const char	*s;
	uint64_t	 seed;
	uint64_t	 want;
} pinned[] = {
	{ "", 0, 0x0000000000000000ULL },
	{ "a", 0, 0x5e8f1250d68eb7bfULL },
	{ "example.com", 0, 0x06efb428aece521aULL },
	{ "example.com", 1, 0xda8f9e29e28711b7ULL },
	{ "www.qakbot-c2.example", 0x9e3779b97f4a7c15ULL,
	    0x118965e157126a33ULL },
	{ "10.20.1.15", 7, 0x1c5186cf639521e2ULL },
	{ "0123456789abcdef", 0, 0x7bea7ef41621945dULL },
	/* Every length of the last, partial word. */
	{ "abcd", 3, 0x3f41db410023cef0ULL },
	{ "host-1", 3, 0xdb87739b42dc0e71ULL },
	{ "a.b.c.d", 3, 0x0c8141149b270539ULL },
	{ "10.0.0.1:8080", 3, 0xb65b71a13b358ed2ULL },
	{ "Mixed.Case-Host.example", 3, 0x5e7ef78dd80bbc0fULL },
};

START_TEST(test_pinned)
{
	uint64_t	 h = hash64(pinned[_i].s, strlen(pinned[_i].s),
			    pinned[_i].seed);

	ck_assert_msg(h == pinned[_i].want, "\"%s\" seed %llu: %#llx, want "
	    "%#llx", pinned[_i].s, (unsigned long long)pinned[_i].seed,
	    (unsigned long long)h, (unsigned long long)pinned[_i].want);
}
END_TEST

static void
lower(char *dst, const char *src, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		dst[i] = src[i] >= 'A' && src[i] <= 'Z' ?
		    (char)(src[i] + ('a' - 'A')) : src[i];
}

static void
expect_lower(const char *s, size_t n, uint64_t seed)
{
	char	 l[64];

	ck_assert_uint_le(n, sizeof(l));
	lower(l, s, n);
	ck_assert_msg(hash64_lower(s, n, seed) == hash64(l, n, seed),
	    "\"%.*s\": hash64_lower differs from hash64 of its lower case",
	    (int)n, s);
}

/* Mixed case of every length, tails and whole words alike. */
static const char *const mixed[] = {
	"", "A", "Z", "aZ", "WWW.Example.COM", "MiCrOsOfT.cOm",
	"CORP\\Alice", "@[`{", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
	"abcdefghijklmnopqrstuvwxyz0123456789", "A.B.C.D.E.F.G.H.I",
};

START_TEST(test_lower_table)
{
	const char	*s = mixed[_i];
	size_t		 n;

	for (n = 0; n <= strlen(s); n++)
		expect_lower(s, n, 42);
}
END_TEST

/* Every byte value at every place of a word and of the tail. */
START_TEST(test_lower_bytes)
{
	char	 buf[16];
	size_t	 pos;
	int	 c;

	for (c = 0; c < 256; c++)
		for (pos = 0; pos < sizeof(buf); pos++) {
			memset(buf, 'q', sizeof(buf));
			buf[pos] = (char)c;
			expect_lower(buf, sizeof(buf), 0);
			expect_lower(buf, pos + 1, 0);
		}
}
END_TEST

/* Upper and lower case of the same name hash alike only when folded. */
START_TEST(test_lower_folds)
{
	static const char	 up[] = "WWW.EXAMPLE.COM";
	static const char	 lo[] = "www.example.com";

	ck_assert(hash64_lower(up, sizeof(up) - 1, 0) ==
	    hash64_lower(lo, sizeof(lo) - 1, 0));
	ck_assert(hash64(up, sizeof(up) - 1, 0) !=
	    hash64(lo, sizeof(lo) - 1, 0));
}
END_TEST

/* Seeds, lengths and every single bit change the value. */
START_TEST(test_spread)
{
	unsigned char	 buf[24];
	uint64_t	 h, s = 1;
	size_t		 i, bit;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)test_rand(&s);
	h = hash64(buf, sizeof(buf), 0);
	ck_assert(h != hash64(buf, sizeof(buf), 1));
	ck_assert(h != hash64(buf, sizeof(buf) - 1, 0));
	/* A trailing NUL is not nothing. */
	ck_assert(hash64("a", 1, 0) != hash64("a\0", 2, 0));
	for (bit = 0; bit < sizeof(buf) * 8; bit++) {
		buf[bit / 8] ^= (unsigned char)(1 << bit % 8);
		ck_assert_msg(hash64(buf, sizeof(buf), 0) != h, "bit %zu",
		    bit);
		buf[bit / 8] ^= (unsigned char)(1 << bit % 8);
	}
	ck_assert(hash_mix(0) != hash_mix(1));
	ck_assert(hash_mix(1) != 1);
}
END_TEST

/* A key hashed from its parts' hashes: in order, each part counting. */
START_TEST(test_combine)
{
	uint64_t	 a = hash64("a", 1, 0), b = hash64("b", 1, 0);
	uint64_t	 s = 0x737461747331ULL;

	ck_assert(hash_combine(hash_combine(s, a), b) !=
	    hash_combine(hash_combine(s, b), a));
	ck_assert(hash_combine(s, a) != hash_combine(s, b));
	ck_assert(hash_combine(s, a) != hash_combine(s + 1, a));
	ck_assert(hash_combine(hash_combine(s, a), a) != hash_combine(s, a));
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_pinned, TEST_NITEMS(pinned) },
		{ test_lower_table, TEST_NITEMS(mixed) },
		{ test_lower_bytes, 0 }, { test_lower_folds, 0 },
		{ test_spread, 0 }, { test_combine, 0 },
	};

	return test_run("hash", tests, TEST_NITEMS(tests));
}
