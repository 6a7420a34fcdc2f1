/*
 * The main() of the Check suites: run the suite, and exit non-zero when
 * a test failed.
 */
#ifndef DETECTD_TESTMAIN_H
#define DETECTD_TESTMAIN_H

#include <check.h>
#include <stdlib.h>

static inline int
test_main(Suite *s)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#define TEST_NITEMS(a)	((int)(sizeof(a) / sizeof((a)[0])))
/*
 * Seconds a test may take (Check's default is 4): some replay a
 * hundred thousand operations against a model, which takes seconds
 * under the sanitizers on a busy machine.  A test that hangs still
 * fails.
 */
#define TEST_TIMEOUT	30

/* A test of a suite of one test case: a loop test for _i in [0, n). */
struct test_def {
	const TTest	*test;
	int		 n;		/* 0: a plain test */
};

/*
 * Runs the suite name of one test case with the n tests of t, each
 * with a fixture of setup and teardown if they are not NULL; main's
 * exit status.
 */
static inline int
test_run_fixture(const char *name, const struct test_def *t, size_t n,
    void (*setup)(void), void (*teardown)(void))
{
	Suite	*s = suite_create(name);
	TCase	*tc = tcase_create("core");
	size_t	 i;

	if (setup != NULL || teardown != NULL)
		tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, TEST_TIMEOUT);
	for (i = 0; i < n; i++)
		if (t[i].n > 0)
			tcase_add_loop_test(tc, t[i].test, 0, t[i].n);
		else
			tcase_add_test(tc, t[i].test);
	suite_add_tcase(s, tc);
	return test_main(s);
}

static inline int
test_run(const char *name, const struct test_def *t, size_t n)
{
	return test_run_fixture(name, t, n, NULL, NULL);
}

#endif
