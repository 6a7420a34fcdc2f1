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

int
main(void)
{
	const struct test_def	 tests[] = {
		{ dset_counts, 0 },
	};

	return test_run("dset", tests, TEST_NITEMS(tests));
}
