/*
 * Tests of the YAML trees (src/rules/ynode.c): shapes and positions,
 * several documents, what is refused and where, nulls, merging and
 * hashing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/ynode.h"
#include "testmain.h"

static struct ynode **
parse(const char *text, size_t *n)
{
	struct ynode		**docs;
	struct ynode_err	  e;

	ck_assert_msg(ynode_parse(text, strlen(text), &docs, n, &e) == 0,
	    "%d:%d: %s", e.line, e.col, e.msg);
	return docs;
}

START_TEST(test_shape)
{
	struct ynode		**d;
	const struct ynode	 *det, *sel, *v;
	size_t			  n;

	d = parse("title: t\ndetection:\n  sel:\n    Image|endswith:\n"
	    "      - 'a'\n      - \"b\"\n  condition: sel\nnum: 42\n"
	    "nothing:\n", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(d[0]->type, YN_MAP);
	ck_assert_uint_eq(d[0]->n, 4);
	ck_assert_str_eq(ynode_str(ynode_get(d[0], "title")), "t");
	ck_assert_ptr_nonnull(det = ynode_get(d[0], "detection"));
	ck_assert_ptr_nonnull(sel = ynode_get(det, "sel"));
	ck_assert_ptr_nonnull(v = ynode_get(sel, "Image|endswith"));
	ck_assert_int_eq(v->type, YN_SEQ);
	ck_assert_uint_eq(v->n, 2);
	ck_assert_int_eq(v->kids[1]->line, 6);
	ck_assert_int_eq(v->kids[1]->col, 9);
	ck_assert_int_eq(v->kids[1]->plain, 0);
	ck_assert_int_eq(ynode_get(d[0], "num")->plain, 1);
	ck_assert(ynode_isnull(ynode_get(d[0], "nothing")));
	ck_assert(!ynode_isnull(v->kids[0]));
	ck_assert_str_eq(ynode_key(det, 1)->s, "condition");
	ck_assert_ptr_null(ynode_get(v, "x"));
	ynode_free_docs(d, n);
}
END_TEST

START_TEST(test_documents)
{
	struct ynode	**d;
	size_t		  n;

	d = parse("a: 1\n---\n---\nb: 2\n", &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_ptr_nonnull(d[0]);
	ck_assert(d[1] == NULL || ynode_isnull(d[1]));
	ck_assert_str_eq(ynode_str(ynode_get(d[2], "b")), "2");
	ynode_free_docs(d, n);
}
END_TEST

static const struct {
	const char	*text;
	int		 line, col;
	const char	*msg;
} bad[] = {
	{ "a: [1, 2\n", 2, 1, "not YAML" },
	{ "a:\n\tb: 1\n", 2, 1, "a tab" },
	{ "a: &x 1\nb: *x\n", 2, 4, "aliases" },
	{ "a: 1\nb: 2\na: 3\n", 3, 1, "key 'a' given twice (first at line 1)" },
	{ "? [a]\n: 1\n", 1, 3, "a map key must be a scalar" },
	{ "\xff\xfe\x01: x\n", 1, 1, "not YAML" },
	{ "a: \"\x01\"\n", 1, 0, "not YAML" },
};

START_TEST(test_bad)
{
	struct ynode		**d = NULL;
	struct ynode_err	  e;
	size_t			  n = 0;

	ck_assert_int_eq(ynode_parse(bad[_i].text, strlen(bad[_i].text), &d,
	    &n, &e), -1);
	ck_assert_msg(strstr(e.msg, bad[_i].msg) != NULL, "%s", e.msg);
	ck_assert_int_eq(e.line, bad[_i].line);
	if (bad[_i].col > 0)
		ck_assert_int_eq(e.col, bad[_i].col);
}
END_TEST

START_TEST(test_limits)
{
	struct ynode		**d = NULL;
	struct ynode_err	  e;
	char			 *deep;
	size_t			  n = 0, i;

	ck_assert_ptr_nonnull(deep = malloc(2 * YNODE_MAX_DEPTH + 16));
	for (i = 0; i < YNODE_MAX_DEPTH + 1; i++)
		deep[i] = '[';
	for (; i < 2 * (YNODE_MAX_DEPTH + 1); i++)
		deep[i] = ']';
	deep[i] = '\0';
	ck_assert_int_eq(ynode_parse(deep, strlen(deep), &d, &n, &e), -1);
	ck_assert_str_eq(e.msg, "YAML nested too deeply");
	free(deep);
}
END_TEST

START_TEST(test_merge)
{
	struct ynode		**a, **b, *m;
	size_t			  na, nb;
	const struct ynode	 *ls;

	a = parse("logsource:\n  product: p\nlevel: low\ntags: [x]\n", &na);
	b = parse("logsource:\n  category: c\nlevel: high\nid: 1\n", &nb);
	ck_assert_ptr_nonnull(m = ynode_merge(a[0], b[0]));
	ck_assert_uint_eq(m->n, 4);
	ls = ynode_get(m, "logsource");
	ck_assert_str_eq(ynode_str(ynode_get(ls, "product")), "p");
	ck_assert_str_eq(ynode_str(ynode_get(ls, "category")), "c");
	ck_assert_str_eq(ynode_str(ynode_get(m, "level")), "high");
	ck_assert_str_eq(ynode_str(ynode_get(m, "id")), "1");
	ck_assert_int_eq(ynode_get(m, "tags")->type, YN_SEQ);
	ck_assert(ynode_hash(m, 0) != ynode_hash(b[0], 0));
	ynode_free(m);
	ck_assert_ptr_nonnull(m = ynode_merge(NULL, b[0]));
	ck_assert(ynode_hash(m, 0) == ynode_hash(b[0], 0));
	ynode_free(m);
	ynode_free_docs(a, na);
	ynode_free_docs(b, nb);
}
END_TEST

int
main(void)
{
	const struct test_def	 t[] = {
		{ test_shape, 0 },
		{ test_documents, 0 },
		{ test_bad, TEST_NITEMS(bad) },
		{ test_limits, 0 },
		{ test_merge, 0 },
	};

	return test_run("ynode", t, TEST_NITEMS(t));
}
