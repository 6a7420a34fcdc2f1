/*
 * Tests of the sliding windows of event time (src/analyzers/window.c):
 * sums over the buckets in the window, windows that end in the past,
 * late events, a jump ahead, and the ring rolling over live buckets one
 * at a time.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/window.h"
#include "testmain.h"

START_TEST(window_sliding)
{
	struct window	 w;
	int64_t		 b = 1000;	/* 8 s window */
	int		 i;

	window_clear(&w);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(window_add(&w, b, 100000 + i * 1000, 1), 0);
	ck_assert_int_eq(window_total(&w, b, 107000), 8);
	ck_assert_int_eq(window_total(&w, b, 108000), 7);
	ck_assert_int_eq(window_total(&w, b, 120000), 0);
	/*
	 * A window that ends before the newest bucket: only the buckets
	 * it covers, not the newer ones that share their slots.
	 */
	ck_assert_int_eq(window_total(&w, b, 103000), 4);
	ck_assert_int_eq(window_total(&w, b, 95000), 0);
	/* Late but inside: counted; too late: refused. */
	ck_assert_int_eq(window_add(&w, b, 101500, 5), 0);
	ck_assert_int_eq(window_total(&w, b, 107999), 13);
	ck_assert_int_eq(window_add(&w, b, 99999, 1), -1);
	ck_assert_int_eq(window_add(&w, b, 300000, 2), 0);
	ck_assert_int_eq(window_total(&w, b, 300000), 2);
}
END_TEST

/*
 * Near the epoch, and a clock that goes back an hour: one line that old
 * is a straggler and refused; a second one within a window is the
 * source's new time, and the ring starts again there holding both, so
 * the lines after the jump count as the same lines shifted would.
 */
START_TEST(window_clock)
{
	struct window	 w;
	int64_t		 b = 1000;
	int		 i;

	window_clear(&w);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(window_add(&w, b, i * 1000, 1), 0);
	ck_assert_int_eq(window_total(&w, b, 7000), 8);
	window_clear(&w);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(window_add(&w, b, 3600000 + i * 1000, 1), 0);
	/* A straggler, then a line in the ring: the straggler stays out. */
	ck_assert_int_eq(window_add(&w, b, 1000, 1), -1);
	ck_assert_int_eq(window_add(&w, b, 3607500, 1), 0);
	ck_assert_int_eq(window_add(&w, b, 2000, 1), -1);
	ck_assert_int_eq(window_total(&w, b, 3607999), 9);
	/* Two in a row: the clock went back. */
	ck_assert_int_eq(window_add(&w, b, 3000, 4), 0);
	ck_assert_int_eq(window_total(&w, b, 3000), 5);
	for (i = 4; i < 10; i++)
		ck_assert_int_eq(window_add(&w, b, i * 1000, 1), 0);
	ck_assert_int_eq(window_total(&w, b, 9000), 11);
	ck_assert_int_eq(window_total(&w, b, 10000), 10);
	/* A second straggler far from the first is held in its place. */
	ck_assert_int_eq(window_add(&w, b, -900000, 1), -1);
	ck_assert_int_eq(window_add(&w, b, -500000, 1), -1);
	ck_assert_int_eq(window_add(&w, b, -499000, 2), 0);
	ck_assert_int_eq(window_total(&w, b, -499000), 3);
}
END_TEST

/*
 * Step by step past the end of the ring: each new bucket takes the slot
 * of the one that left the window, which must be cleared first (the
 * ring filled from empty, or a jump of a whole window, would not tell).
 */
START_TEST(window_rollover)
{
	struct window	 w;
	int64_t		 b = 1000, t0 = 500000;
	uint64_t	 want;
	int		 i;

	window_clear(&w);
	for (i = 0; i < 3 * WINDOW_SLOTS; i++) {
		ck_assert_int_eq(window_add(&w, b, t0 + i * b, 1), 0);
		want = i < WINDOW_SLOTS ? (uint64_t)i + 1 : WINDOW_SLOTS;
		ck_assert_msg(window_total(&w, b, t0 + i * b) == want,
		    "bucket %d: total %ju, want %ju", i,
		    (uintmax_t)window_total(&w, b, t0 + i * b),
		    (uintmax_t)want);
	}
	/*
	 * Two buckets skipped: they and the new one are cleared, so the
	 * window holds the five newest of before and the new one.
	 */
	ck_assert_int_eq(window_add(&w, b, t0 + (i + 2) * b, 1), 0);
	ck_assert_uint_eq(window_total(&w, b, t0 + (i + 2) * b), 6);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ window_sliding, 0 },
		{ window_clock, 0 },
		{ window_rollover, 0 },
	};

	return test_run("window", tests, TEST_NITEMS(tests));
}
