/*
 * The suite of one parser's table (parser_table.h), as the suites of
 * one table share it: the table's cases, each case's prefixes, garbage
 * built from the cases, and the parser's row in the table of parsers.
 * A suite defines its table cases[] and
 *
 *	PT_SUITE	the suite's name
 *	PT_ROW		pt_registered's arguments: name, source, flags, stateful
 *	PT_GARBAGE	the bytes garbage lines are made of, and PT_SEED
 *	PT_PREFIX	optional: the format's pt_prefix_fn
 *	PT_MORE(tc)	optional: adds the suite's own tests to tc
 *	PT_NATIVE	optional: the suite has natives[], lookups by the
 *			format's own names (struct pt_native)
 *
 * then includes this, which defines main().
 */
#if !defined(PT_SUITE) || !defined(PT_ROW) || !defined(PT_GARBAGE) || \
    !defined(PT_SEED)
#error "define PT_SUITE, PT_ROW, PT_GARBAGE and PT_SEED first"
#endif
#ifndef PT_PREFIX
#define PT_PREFIX	NULL
#endif
#ifndef PT_MORE
#define PT_MORE(tc)	do { } while (0)
#endif

#include "parser_table.h"
#include "testmain.h"

START_TEST(test_cases)
{
	pt_run(&cases[_i], _i);
}
END_TEST

START_TEST(test_truncated)
{
	pt_run_truncated(&cases[_i], _i, PT_PREFIX);
}
END_TEST

START_TEST(test_garbage)
{
	pt_run_garbage(cases, PT_NCASES(cases), PT_GARBAGE, PT_SEED);
}
END_TEST

#ifdef PT_NATIVE
START_TEST(test_native)
{
	pt_run_native(&natives[_i], _i);
}
END_TEST
#endif

START_TEST(test_registered)
{
	pt_registered(PT_ROW);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create(PT_SUITE);
	TCase	*tc = tcase_create("parse");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_cases, 0, PT_NCASES(cases));
	tcase_add_loop_test(tc, test_truncated, 0, PT_NCASES(cases));
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_registered);
#ifdef PT_NATIVE
	tcase_add_loop_test(tc, test_native, 0, PT_NCASES(natives));
#endif
	PT_MORE(tc);
	suite_add_tcase(s, tc);
	return test_main(s);
}
