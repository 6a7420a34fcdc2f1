/*
 * Tests of the sliding windows of event time (src/analyzers/window.c):
 * sums over the buckets in the window, late events, and a jump ahead.
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
	/* Late but inside: counted; too late: refused. */
	ck_assert_int_eq(window_add(&w, b, 101500, 5), 0);
	ck_assert_int_eq(window_total(&w, b, 107999), 13);
	ck_assert_int_eq(window_add(&w, b, 99999, 1), -1);
	ck_assert_int_eq(window_add(&w, b, 300000, 2), 0);
	ck_assert_int_eq(window_total(&w, b, 300000), 2);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ window_sliding, 0 },
	};

	return test_run("window", tests, TEST_NITEMS(tests));
}
