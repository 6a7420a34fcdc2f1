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

#endif
