/*
 * Tests of the memory for large tables (src/util/bigmem.c): blocks on
 * both sides of BIGMEM_MIN, zeroed when asked, and contents kept
 * through every way of growing and shrinking: realloc below the
 * threshold, a copy across it, mremap above it.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/bigmem.h"
#include "testmain.h"

#define SMALL	((size_t)1 << 20)
#define BIG	(BIGMEM_MIN + 12345)

/* Fill n bytes with a pattern from seed; check it. */
static void
pattern_fill(unsigned char *p, size_t n, unsigned seed)
{
	size_t	 i;

	for (i = 0; i < n; i += 4093)
		p[i] = (unsigned char)(i * 31 + seed);
}

static int
pattern_ok(const unsigned char *p, size_t n, unsigned seed)
{
	size_t	 i;

	for (i = 0; i < n; i += 4093)
		if (p[i] != (unsigned char)(i * 31 + seed))
			return 0;
	return 1;
}

/*
 * Large table memory keeps its contents through every way of growing:
 * small to small (realloc), small to large (copy), large to large
 * (remapped), within the same huge pages, and back to small.
 */
START_TEST(bigmem_grow)
{
	size_t		 small = 1 << 20, big = BIGMEM_MIN + 12345;
	unsigned char	*p;

	ck_assert_ptr_nonnull(p = bigmem_alloc(small / 2));
	pattern_fill(p, small / 2, 1);
	ck_assert_ptr_nonnull(p = bigmem_realloc(p, small / 2, small));
	ck_assert(pattern_ok(p, small / 2, 1));
	pattern_fill(p, small, 2);
	ck_assert_ptr_nonnull(p = bigmem_realloc(p, small, big));
	ck_assert(pattern_ok(p, small, 2));
	pattern_fill(p, big, 3);
	ck_assert_ptr_nonnull(p = bigmem_realloc(p, big, big + 100));
	ck_assert(pattern_ok(p, big, 3));
	ck_assert_ptr_nonnull(p = bigmem_realloc(p, big + 100, 3 * big));
	ck_assert(pattern_ok(p, big, 3));
	pattern_fill(p, 3 * big, 4);
	ck_assert_ptr_nonnull(p = bigmem_realloc(p, 3 * big, small));
	ck_assert(pattern_ok(p, small, 4));
	bigmem_free(p, small);
	/* Zeroed, large and small. */
	ck_assert_ptr_nonnull(p = bigmem_calloc(big));
	ck_assert_int_eq(p[0] | p[big / 2] | p[big - 1], 0);
	bigmem_free(p, big);
	ck_assert_ptr_nonnull(p = bigmem_calloc(small));
	ck_assert_int_eq(p[0] | p[small - 1], 0);
	bigmem_free(p, small);
}
END_TEST

/* Sizes around the threshold, and the moves between them. */
static const size_t sizes[] = {
	0, 1, 4096, SMALL, BIGMEM_MIN - 1, BIGMEM_MIN, BIG, 3 * BIG,
};
#define NSIZES	(sizeof(sizes) / sizeof(sizes[0]))

/* Zeroed blocks of every size, from calloc and from a fresh mapping. */
START_TEST(test_calloc)
{
	size_t		 n = sizes[_i], i;
	unsigned char	*p;

	ck_assert_ptr_nonnull(p = bigmem_calloc(n));
	for (i = 0; i < n; i += 4093)
		ck_assert_msg(p[i] == 0, "size %zu: byte %zu", n, i);
	if (n > 0)
		ck_assert_int_eq(p[n - 1], 0);
	bigmem_free(p, n);
}
END_TEST

/* From each size to every other: what both hold is kept. */
START_TEST(test_resize)
{
	size_t		 from = sizes[_i], to, keep, j;
	unsigned char	*p;

	for (j = 0; j < NSIZES; j++) {
		to = sizes[j];
		keep = from < to ? from : to;
		ck_assert_ptr_nonnull(p = bigmem_alloc(from));
		pattern_fill(p, from, (unsigned)(_i + j));
		/* The last byte too, where the pattern does not reach. */
		if (from > 0 && (from - 1) % 4093 != 0)
			p[from - 1] = 0xa5;
		ck_assert_ptr_nonnull(p = bigmem_realloc(p, from, to));
		ck_assert_msg(pattern_ok(p, keep, (unsigned)(_i + j)),
		    "%zu to %zu", from, to);
		if (keep > 0 && keep == from && (from - 1) % 4093 != 0)
			ck_assert_msg(p[from - 1] == 0xa5, "%zu to %zu: last "
			    "byte", from, to);
		if (to > 0)
			p[to - 1] = 1;		/* all of it is writable */
		bigmem_free(p, to);
	}
}
END_TEST

/* NULL reallocates as a new block; freeing NULL does nothing. */
START_TEST(test_null)
{
	unsigned char	*p;

	ck_assert_ptr_nonnull(p = bigmem_realloc(NULL, 0, BIG));
	p[BIG - 1] = 1;
	bigmem_free(p, BIG);
	ck_assert_ptr_nonnull(p = bigmem_realloc(NULL, 0, 100));
	bigmem_free(p, 100);
	bigmem_free(NULL, BIG);
	bigmem_free(NULL, 0);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ bigmem_grow, 0 }, { test_calloc, NSIZES },
		{ test_resize, NSIZES }, { test_null, 0 },
	};

	return test_run("bigmem", tests, TEST_NITEMS(tests));
}
