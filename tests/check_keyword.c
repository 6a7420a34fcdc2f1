/*
 * Tests of the keyword-table dispatcher (src/conf/keyword.c): finding a
 * statement's row, the checks of its form, string rows and handlers.
 */
#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/keyword.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

struct obj {
	char	*name;
	int	 count;
	int	 blocks;
	void	*arg;
};

static int
kw_count(void *o, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct obj	*x = o;

	(void)errs;
	x->count += (int)n->nargs;
	x->arg = arg;
	return 0;
}

static int
kw_block(void *o, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct obj	*x = o;

	(void)arg;
	if (n->nargs > 0 && strcmp(n->args[0].text, "bad") == 0) {
		cerrors_addtok(errs, &n->args[0], "bad value");
		return -1;
	}
	x->blocks++;
	return 0;
}

static const struct keyword kws[] = {
	{ "name",	1, 1,		KW_ONCE, NULL, offsetof(struct obj, name) },
	{ "count",	0, SIZE_MAX,	0, kw_count, 0 },
	{ "group",	1, 1,		KW_BLOCK, kw_block, 0 },
	{ "any",	0, 1,		KW_ANYBLOCK, kw_block, 0 },
};

static const struct {
	const char	*text;		/* one block of statements */
	int		 rc;		/* of the last statement */
	const char	*err;		/* in the first message, or NULL */
	const char	*name;		/* obj.name after */
	int		 count, blocks;
} cases[] = {
	{ "name \"a b\"", 0, NULL, "a b", 0, 0 },
	{ "name x; name y", -1, "'name' is given twice", "x", 0, 0 },
	{ "count 1 2 3; count", 0, NULL, NULL, 3, 0 },
	{ "group g { x }", 0, NULL, NULL, 0, 1 },
	{ "group g", -1, "'group' needs a block in braces", NULL, 0, 0 },
	{ "name x { y }", -1, "'name' takes no block", NULL, 0, 0 },
	{ "name", -1, "'name' needs 1 argument", NULL, 0, 0 },
	{ "name a b", -1, "'name' takes 1 argument: unexpected 'b'", NULL,
	    0, 0 },
	{ "any; any x { }", 0, NULL, NULL, 0, 2 },
	{ "any bad", -1, "bad value", NULL, 0, 0 },
	{ "other 1", KW_UNKNOWN, NULL, NULL, 0, 0 },
};

START_TEST(test_run)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root, *n;
	struct obj	 o = { 0 };
	unsigned char	 seen[NITEMS(kws)] = { 0 };
	int		 rc = 0, arg;

	root = conf_parse_string("t.conf", cases[_i].text,
	    strlen(cases[_i].text), &errs);
	ck_assert_msg(root != NULL, "%s: does not parse", cases[_i].text);
	for (n = root; n != NULL; n = n->next)
		rc = keyword_run(kws, NITEMS(kws), n, &o, &arg, seen, &errs);
	ck_assert_msg(rc == cases[_i].rc, "%s: rc %d, expected %d",
	    cases[_i].text, rc, cases[_i].rc);
	if (cases[_i].err != NULL) {
		ck_assert_uint_ge(errs.n, 1);
		ck_assert_msg(strstr(errs.msgs[0], cases[_i].err) != NULL,
		    "%s: '%s' lacks '%s'", cases[_i].text, errs.msgs[0],
		    cases[_i].err);
	} else
		ck_assert_uint_eq(errs.n, 0);
	if (cases[_i].name != NULL)
		ck_assert_str_eq(o.name, cases[_i].name);
	ck_assert_int_eq(o.count, cases[_i].count);
	ck_assert_int_eq(o.blocks, cases[_i].blocks);
	if (o.count > 0)
		ck_assert_ptr_eq(o.arg, &arg);
	free(o.name);
	conf_free(root);
	cerrors_clear(&errs);
}
END_TEST

/* Without seen flags, nothing is counted and repeats are allowed. */
START_TEST(test_no_seen)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root, *n;
	struct obj	 o = { 0 };

	root = conf_parse_string("t.conf", "name x; name y", 14, &errs);
	ck_assert_ptr_nonnull(root);
	for (n = root; n != NULL; n = n->next)
		ck_assert_int_eq(keyword_run(kws, NITEMS(kws), n, &o, NULL,
		    NULL, &errs), 0);
	ck_assert_str_eq(o.name, "y");
	ck_assert_ptr_eq(keyword_find(kws, NITEMS(kws), "group"), &kws[2]);
	ck_assert_ptr_null(keyword_find(kws, NITEMS(kws), "grou"));
	free(o.name);
	conf_free(root);
}
END_TEST

static Suite *
keyword_suite(void)
{
	Suite	*s = suite_create("keyword");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_run, 0, NITEMS(cases));
	tcase_add_test(tc, test_no_seen);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(keyword_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
