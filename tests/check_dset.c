/*
 * Tests of the distinct-value sets (src/analyzers/dset.c): counting,
 * expiry by last sight, and refusal when full.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/dset.h"
#include "testmain.h"

START_TEST(dset_counts)
{
	struct dset	 s;
	uint32_t	 i;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(dset_add(&s, i * 2654435761U, 1000 + i, 1.5f,
		    1000), 1);
	ck_assert_int_eq(dset_add(&s, 5 * 2654435761U, 2000, 1.5f, 1000), 0);
	ck_assert_int_eq(s.n, 100);
	ck_assert_double_eq_tol(s.vsum, 150, 1e-9);
	/* Drop what was last seen before 1050; value 5 was seen again. */
	dset_expire(&s, 1050);
	ck_assert_int_eq(s.n, 51);
	/* Full: refused and counted. */
	ck_assert_int_eq(dset_add(&s, 0, 3000, 0, 51), -1);
	ck_assert_int_eq(s.overflow, 1);
	ck_assert_uint_gt(dset_memory(&s), 51 * DSET_ITEM_BYTES);
	dset_clear(&s);
	ck_assert_int_eq(s.n, 0);
}
END_TEST

/*
 * Time near the epoch: "since" is the caller's second minus the window
 * in 32 bits, which wraps.  A window of 600 s at second 100 keeps every
 * value; the same at second 1000 drops those before 401; and values
 * held across the 32-bit wrap stay in order.
 */
START_TEST(dset_wraps)
{
	struct dset	 s;
	uint32_t	 i, w = 600;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(dset_add(&s, (i + 1) * 2654435761U, i, 0,
		    1000), 1);
	dset_expire(&s, 100 - w + 1);
	ck_assert_int_eq(s.n, 100);
	ck_assert_int_eq(s.oldest, 0);
	dset_expire(&s, 1000 - w + 1);
	ck_assert_int_eq(s.n, 0);
	dset_clear(&s);

	/* Seconds UINT32_MAX - 49 .. UINT32_MAX, then 0 .. 49. */
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(dset_add(&s, (i + 1) * 2654435761U,
		    UINT32_MAX - 49 + i, 0, 1000), 1);
	ck_assert_int_eq(s.oldest, UINT32_MAX - 49);
	/* Seen again after the wrap: kept by the newer second. */
	ck_assert_int_eq(dset_add(&s, 1 * 2654435761U, 60, 0, 1000), 0);
	dset_expire(&s, UINT32_MAX - 9);
	ck_assert_int_eq(s.n, 61);
	dset_expire(&s, 40);
	ck_assert_int_eq(s.n, 11);
	dset_clear(&s);
}
END_TEST

/*
 * A clock that goes back an hour: ten values at 7200..7209, then one
 * straggler at 3600 (nothing dropped for it; the next expiry at 7210
 * drops it as old), then two at 3601 and 3602: the eleven from before
 * the jump are a window (600 s) ahead and go.
 */
START_TEST(dset_clock_back)
{
	struct dset	 s;
	uint32_t	 i, w = 600;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(dset_add(&s, (i + 1) * 2654435761U, 7200 + i,
		    0, 1000), 1);
	ck_assert_int_eq(dset_add(&s, 100 * 2654435761U, 3600, 0, 1000), 1);
	dset_expire(&s, 3600 - w + 1);
	ck_assert_int_eq(s.n, 11);
	ck_assert_int_eq(dset_add(&s, 101 * 2654435761U, 7210, 0, 1000), 1);
	dset_expire(&s, 7210 - w + 1);
	ck_assert_int_eq(s.n, 11);
	ck_assert_int_eq(dset_add(&s, 102 * 2654435761U, 3601, 0, 1000), 1);
	dset_expire(&s, 3601 - w + 1);
	ck_assert_int_eq(s.n, 12);
	ck_assert_int_eq(dset_add(&s, 103 * 2654435761U, 3602, 0, 1000), 1);
	dset_expire(&s, 3602 - w + 1);
	/* 3601 and 3602 stay; 7200..7210 were from before the jump. */
	ck_assert_int_eq(s.n, 2);
	ck_assert_int_eq(s.oldest, 3601);
	ck_assert_int_eq(s.newest, 3602);
	dset_clear(&s);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ dset_counts, 0 },
		{ dset_wraps, 0 },
		{ dset_clock_back, 0 },
	};

	return test_run("dset", tests, TEST_NITEMS(tests));
}
