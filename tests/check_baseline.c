/*
 * Tests of the learned baselines (src/analyzers/baseline.c): rolling
 * windows, median and MAD, hour-of-day selection, and the text form
 * the state directory keeps.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/baseline.h"
#include "testmain.h"

START_TEST(baseline_rolling)
{
	struct baseline		 b, r;
	struct baseline_conf	 c = { 5, 0 };
	char			*buf;
	size_t			 len;
	FILE			*fp;
	uint32_t		 i;

	memset(&b, 0, sizeof(b));
	memset(&r, 0, sizeof(r));
	for (i = 100; i < 104; i++) {
		ck_assert_int_eq(baseline_roll(&b, &c, i), 0);
		b.cur = 10 + i % 3;
	}
	/* Skip two windows: they count as zero. */
	ck_assert_int_eq(baseline_roll(&b, &c, 106), 0);
	ck_assert_int_eq(b.n, 5);
	ck_assert_int_eq(b.nsel, 5);
	/* Windows 101-105: 11 12 10 0 0 (window 100 fell out). */
	ck_assert_double_eq(b.med, 10);
	ck_assert_double_ge(baseline_bound(&b, 6), 10 + 6 * 1.4826 * 2);
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(baseline_write(fp, &b), 0);
	fclose(fp);
	ck_assert_int_eq(baseline_read(&r, &c, buf), 0);
	ck_assert_int_eq(r.n, b.n);
	ck_assert_int_eq(r.pos, b.pos);
	ck_assert_int_eq(r.cur_idx, 106);
	ck_assert_double_eq(r.med, b.med);
	ck_assert_int_eq(baseline_read(&r, &c, "1 2 9 0"), -1);
	ck_assert_int_eq(baseline_read(&r, &c, "1 2 1 0 5:3"), -1);
	ck_assert_int_eq(baseline_read(&r, &c, "1 2 1 1 5:3"), 0);
	ck_assert_int_eq(baseline_read(&r, &c, "x"), -1);
	free(buf);
	baseline_clear(&b);
	baseline_clear(&r);
}
END_TEST

START_TEST(baseline_hour_of_day)
{
	struct baseline		 b;
	struct baseline_conf	 c = { 24 * 7, 24 };
	uint32_t		 h;

	/* Busy at 09:00, quiet at 03:00, for three days. */
	memset(&b, 0, sizeof(b));
	for (h = 24; h < 24 * 4; h++) {
		ck_assert_int_eq(baseline_roll(&b, &c, h), 0);
		b.cur = h % 24 == 9 ? 500 : 5;
	}
	ck_assert_int_eq(baseline_roll(&b, &c, 24 * 4 + 9), 0);
	ck_assert_int_eq(b.nsel, 3);
	ck_assert_double_eq(b.med, 500);
	ck_assert_int_eq(baseline_roll(&b, &c, 24 * 5 + 3), 0);
	ck_assert_double_eq(b.med, 5);
	baseline_clear(&b);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ baseline_rolling, 0 }, { baseline_hour_of_day, 0 },
	};

	return test_run("baseline", tests, TEST_NITEMS(tests));
}
