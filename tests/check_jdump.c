/*
 * Tests of the compact JSON writer (src/alert/jdump.c): whatever jansson's
 * json_dumpb writes with JSON_COMPACT, jdump writes byte for byte, for
 * every byte value in strings, UTF-8 of every length, integers at their
 * limits, reals at both precisions the records use, nesting, and random
 * trees; and what jansson refuses to write, jdump refuses too.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "alert/jdump.h"
#include "testmain.h"
#include "testrand.h"

/* jdump's text of j equals json_dumpb's, or both fail. */
static void
same(const json_t *j, size_t flags)
{
	char	*want, *buf = NULL;
	size_t	 n, cap = 0;
	ssize_t	 got;

	want = json_dumps(j, flags);
	got = jdump(j, flags, &buf, &cap);
	if (want == NULL)
		ck_assert_int_eq(got, -1);
	else {
		n = strlen(want);
		ck_assert_int_eq(got, (ssize_t)n);
		ck_assert(memcmp(buf, want, n) == 0);
	}
	free(want);
	free(buf);
}

/* Every flag set a record is written with. */
static void
same_all(json_t *j)
{
	same(j, JSON_COMPACT);
	same(j, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(j);
}

static const struct {
	const char	*s;
	size_t		 len;
} strings[] = {
	{ "", 0 },
	{ "plain text", 10 },
	{ "quote \" backslash \\ slash / del \x7f", 34 },
	{ "\b\f\n\r\t\x01\x1f\x1b", 8 },
	{ "nul\0inside", 10 },
	{ "C:\\Windows\\System32\\cmd.exe /c \"whoami\"", 39 },
	{ "見積もり用写真.xlsxs.exe", 0 },
	{ "\xc2\x80 \xdf\xbf \xe0\xa0\x80 \xef\xbf\xbf", 0 },
	{ "\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf \xe2\x80\xae", 0 },
	{ "<script>alert(1)</script>", 0 },
};

START_TEST(test_strings)
{
	size_t	 len = strings[_i].len;
	json_t	*o;

	if (len == 0)
		len = strlen(strings[_i].s);
	o = json_object();
	ck_assert_int_eq(json_object_set_new(o, "v",
	    json_stringn(strings[_i].s, len)), 0);
	ck_assert_int_eq(json_object_set_new(o, strings[_i].s,
	    json_true()), 0);
	same_all(o);
}
END_TEST

/* Each byte value alone, and in the middle of a run. */
START_TEST(test_every_byte)
{
	char	 s[5] = { 'a', 0, 'b', 0, 0 };
	json_t	*a = json_array();
	int	 c;

	for (c = 1; c < 0x80; c++) {
		s[1] = (char)c;
		json_array_append_new(a, json_stringn(s, 3));
		json_array_append_new(a, json_stringn(s + 1, 1));
	}
	same_all(a);
}
END_TEST

/* Not UTF-8: jansson will not write it, nor will jdump. */
static const char	*const invalid[] = {
	"\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80",
	"\xf0\x80\x80\xaf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff",
	"ok \xc3", "ok \xe3\x81", "\xe3\x81x", "\xc3\xc3",
	"a long plain run of text \xff then more text",
	"a long plain run of text \xed\xa0\x80 then more",
};

START_TEST(test_invalid_utf8)
{
	json_t	*a = json_array();

	json_array_append_new(a, json_stringn_nocheck(invalid[_i],
	    strlen(invalid[_i])));
	same(a, JSON_COMPACT);
	json_decref(a);
}
END_TEST

START_TEST(test_numbers)
{
	static const double	 reals[] = { 0.0, -0.0, 1.0, 47.0, 0.1, 1e300,
	    -2.5e-300, 123456789.123456789, 0.65, 1e17, 1e16, 3.0e-5 };
	static const json_int_t	 ints[] = { 0, 1, -1, 9, 10, 99, 100,
	    -9223372036854775807LL - 1, 9223372036854775807LL, 1234567890 };
	json_t			*a = json_array();
	size_t			 i;

	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		json_array_append_new(a, json_real(reals[i]));
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		json_array_append_new(a, json_integer(ints[i]));
	json_array_append_new(a, json_null());
	json_array_append_new(a, json_false());
	same_all(a);
}
END_TEST

/* Empty containers, nesting, and a depth jdump will not go to. */
START_TEST(test_shapes)
{
	json_t	*o = json_object(), *deep, *t;
	char	*buf = NULL;
	size_t	 cap = 0;
	int	 i;

	same_all(json_object());
	same_all(json_array());
	json_object_set_new(o, "a", json_array());
	json_object_set_new(o, "b", json_object());
	json_object_set_new(o, "c", json_pack("{s:[i,{s:s}]}", "d", 1,
	    "e", "f"));
	json_object_set_new(o, "a", json_string("replaced, same place"));
	same_all(o);

	/* Text alone is written only when asked for (JSON_ENCODE_ANY). */
	t = json_string("x");
	same(t, JSON_COMPACT);
	same(t, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(t);
	/* Only compact text: anything else is refused, not written wrong. */
	ck_assert_int_eq(jdump(json_null(), JSON_INDENT(2) | JSON_ENCODE_ANY,
	    &buf, &cap), -1);

	deep = json_array();
	for (t = deep, i = 0; i < JDUMP_DEPTH + 5; i++) {
		json_array_append_new(t, json_array());
		t = json_array_get(t, 0);
	}
	ck_assert_int_eq(jdump(deep, JSON_COMPACT, &buf, &cap), -1);
	json_decref(deep);
	free(buf);
}
END_TEST

/* A random tree of depth at most d. */
static json_t *
rand_tree(uint64_t *r, int d)
{
	static const char	 alpha[] = "ab\"\\/\n\x01 é見\x7f{}[]:,";
	char			 s[24];
	json_t			*j;
	size_t			 i, n;

	switch (test_rand(r) % (d > 0 ? 8 : 5)) {
	case 0:
		return json_integer((json_int_t)test_rand(r));
	case 1:
		return json_real((double)(test_rand(r) % 100000) / 7.0);
	case 2:
		return test_rand(r) % 2 ? json_true() : json_null();
	case 3:
	case 4:
		n = test_rand(r) % sizeof(s);
		for (i = 0; i < n; i++)
			s[i] = alpha[test_rand(r) % (sizeof(alpha) - 1)];
		/* A cut multibyte character: invalid now and then. */
		return json_stringn_nocheck(s, n);
	case 5:
	case 6:
		j = json_object();
		n = test_rand(r) % 6;
		for (i = 0; i < n; i++) {
			snprintf(s, sizeof(s), "k%u\t\"",
			    (unsigned)(test_rand(r) % 10));
			json_object_set_new(j, s, rand_tree(r, d - 1));
		}
		return j;
	default:
		j = json_array();
		n = test_rand(r) % 6;
		for (i = 0; i < n; i++)
			json_array_append_new(j, rand_tree(r, d - 1));
		return j;
	}
}

START_TEST(test_random)
{
	uint64_t	 r = 42;
	json_t		*o;
	int		 i;

	for (i = 0; i < 3000; i++) {
		o = json_object();
		json_object_set_new(o, "t", rand_tree(&r, 5));
		same_all(o);
	}
}
END_TEST

/* The buffer grows from nothing and from a small one. */
START_TEST(test_growth)
{
	json_t	*a = json_array();
	char	*buf = malloc(8);
	size_t	 cap = 8;
	int	 i;

	for (i = 0; i < 2000; i++)
		json_array_append_new(a, json_string("forty bytes of text, "
		    "more or less ......"));
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_gt(jdump(a, JSON_COMPACT, &buf, &cap), 80000);
	ck_assert_uint_ge(cap, 80000);
	free(buf);
	same_all(a);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_strings, TEST_NITEMS(strings) },
		{ test_every_byte, 0 },
		{ test_invalid_utf8, TEST_NITEMS(invalid) },
		{ test_numbers, 0 }, { test_shapes, 0 }, { test_random, 0 },
		{ test_growth, 0 },
	};

	return test_run("jdump", tests, TEST_NITEMS(tests));
}
