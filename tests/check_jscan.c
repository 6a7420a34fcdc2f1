/*
 * Tests of the JSON scanner the JSON parsers share (src/parsers/jscan.c):
 * walking objects and arrays, bounds, strings decoded into the event's
 * arena, numbers, and the nesting limit.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/jscan.h"
#include "testmain.h"

static int
sl_eq(struct slice s, const char *want)
{
	if (want == NULL)
		return s.len == 0;
	return s.len == strlen(want) && memcmp(s.p, want, s.len) == 0;
}

/*
 * Each object is walked to its end; "want" lists the members found as
 * key=type:value, joined with '|' (type: s n t f 0 o a).
 */
struct walk_case {
	const char	*json;
	const char	*want;
	int		 result;	/* last jscan_next(): 0 or -1 */
	int		 done;		/* jscan_done() afterwards */
};

static const struct walk_case walk_cases[] = {
	{ "{}", "", 0, 1 },
	{ "  { }  ", "", 0, 1 },
	{ "{\"a\":1}", "a=n:1", 0, 1 },
	{ "{\"a\":\"x\",\"b\":-1.5e+3,\"c\":true,\"d\":false,\"e\":null}",
	    "a=s:x|b=n:-1.5e+3|c=t:true|d=f:false|e=0:null", 0, 1 },
	{ "{ \"a\" : [1, {\"b\": \"]\"}] , \"c\" : {\"d\":{}} }",
	    "a=a:[1, {\"b\": \"]\"}]|c=o:{\"d\":{}}", 0, 1 },
	{ "{\"k\\\"q\":\"v\\\\\"}", "k\\\"q=s:v\\\\", 0, 1 },
	{ "{\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":53}",
	    "id.orig_h=s:10.0.0.1|id.orig_p=n:53", 0, 1 },
	{ "[1,\"a\",null]", "=n:1|=s:a|=0:null", 0, 1 },
	{ "{\"a\":1} x", "a=n:1", 0, 0 },
	{ "{\"a\":1}\r\n", "a=n:1", 0, 1 },
	/* malformed */
	{ "", "", -1, 0 },
	{ "x", "", -1, 0 },
	{ "{", "", -1, 0 },
	{ "{\"a\"", "", -1, 0 },
	{ "{\"a\":", "", -1, 0 },
	{ "{\"a\":1", "a=n:1", -1, 0 },
	{ "{\"a\":1,}", "a=n:1", -1, 0 },
	{ "{\"a\":1 \"b\":2}", "a=n:1", -1, 0 },
	{ "{\"a\" 1}", "", -1, 0 },
	{ "{a:1}", "", -1, 0 },
	{ "{\"a\":\"x}", "", -1, 0 },
	{ "{\"a\":\"x\\\"}", "", -1, 0 },
	{ "{\"a\":tru}", "", -1, 0 },
	{ "{\"a\":nul}", "", -1, 0 },
	{ "{\"a\":-}", "", -1, 0 },
	{ "{\"a\":1.}", "", -1, 0 },
	{ "{\"a\":1e}", "", -1, 0 },
	{ "{\"a\":.5}", "", -1, 0 },
	{ "{\"a\":[1,2}", "", -1, 0 },
	{ "{\"a\":{\"b\":1]}", "", -1, 0 },
	{ "{\"a\":[}", "", -1, 0 },
	{ "{\"a\":1]", "a=n:1", -1, 0 },
	{ "[1,2}", "=n:1|=n:2", -1, 0 },
};

/* The first value of the array "[json]", built in buf. */
static void
first_value(char *buf, size_t size, const char *json, struct jscan *js,
    struct jvalue *v)
{
	struct slice	 key;

	snprintf(buf, size, "[%s]", json);
	jscan_init(js, buf, strlen(buf));
	ck_assert_int_eq(jscan_next(js, &key, v), 1);
}

static char
type_char(enum jtype t)
{
	return "sntf0oa"[t];
}

START_TEST(test_walk)
{
	const struct walk_case	*c = &walk_cases[_i];
	struct jscan		 js;
	struct slice		 key;
	struct jvalue		 v;
	char			 got[512];
	size_t			 n = 0;
	int			 r;

	got[0] = '\0';
	jscan_init(&js, c->json, strlen(c->json));
	while ((r = jscan_next(&js, &key, &v)) == 1) {
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%.*s=%c:%.*s",
		    n ? "|" : "", (int)key.len, key.p ? key.p : "",
		    type_char(v.type), (int)v.raw.len, v.raw.p);
		ck_assert_uint_lt(n, sizeof(got));
	}
	ck_assert_msg(r == c->result, "%s: result %d", c->json, r);
	ck_assert_msg(strcmp(got, c->want) == 0, "%s: got %s", c->json, got);
	ck_assert_int_eq(jscan_done(&js), c->done);
	/* Errors and the end are sticky. */
	ck_assert_int_eq(jscan_next(&js, &key, &v), r);
}
END_TEST

/* An unterminated line must not be read past its length. */
START_TEST(test_bounds)
{
	const char	*full = "{\"a\":\"bc\",\"d\":[1,2],\"e\":123}";
	size_t		 len, cut;
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	char		*p;
	int		 r;

	len = strlen(full);
	for (cut = 0; cut < len; cut++) {
		p = malloc(cut + 1);
		ck_assert_ptr_nonnull(p);
		memcpy(p, full, cut);
		jscan_init(&js, p, cut);
		while ((r = jscan_next(&js, &key, &v)) == 1)
			;
		ck_assert_int_eq(r, -1);
		free(p);
	}
}
END_TEST

START_TEST(test_enter)
{
	const char	*s = "{\"o\":{\"x\":[\"p\",\"q\"],\"y\":2},\"n\":3}";
	struct jscan	 js, sub, arr;
	struct slice	 key;
	struct jvalue	 v, sv, av;

	jscan_init(&js, s, strlen(s));
	ck_assert_int_eq(jscan_next(&js, &key, &v), 1);
	ck_assert_int_eq(v.type, JS_OBJECT);
	ck_assert_int_eq(jscan_enter(&sub, &v), 0);
	ck_assert_int_eq(jscan_next(&sub, &key, &sv), 1);
	ck_assert(jscan_key_is(key, "x"));
	ck_assert_int_eq(jscan_enter(&arr, &sv), 0);
	ck_assert_int_eq(jscan_next(&arr, &key, &av), 1);
	ck_assert(key.len == 0 && sl_eq(av.raw, "p"));
	ck_assert_int_eq(jscan_next(&arr, &key, &av), 1);
	ck_assert(sl_eq(av.raw, "q"));
	ck_assert_int_eq(jscan_next(&arr, &key, &av), 0);
	ck_assert_int_eq(jscan_next(&sub, &key, &sv), 1);
	ck_assert(jscan_key_is(key, "y"));
	ck_assert(!jscan_key_is(key, "yy"));
	ck_assert_int_eq(jscan_next(&sub, &key, &sv), 0);
	ck_assert_int_eq(jscan_next(&js, &key, &v), 1);
	ck_assert_int_eq(jscan_enter(&sub, &v), -1);
	ck_assert_int_eq(jscan_next(&js, &key, &v), 0);
	ck_assert(jscan_done(&js));
}
END_TEST

struct str_case {
	const char	*json;		/* one value */
	const char	*want;		/* NULL: empty slice */
	size_t		 want_len;	/* for embedded NULs; 0: strlen */
	int		 in_arena;
};

static const struct str_case str_cases[] = {
	{ "\"plain\"", "plain", 0, 0 },
	{ "\"\"", NULL, 0, 0 },
	{ "\"a\\\"b\\\\c\\/d\"", "a\"b\\c/d", 0, 1 },
	{ "\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t", 0, 1 },
	{ "\"\\u0041\\u00e9\\u20AC\"", "A\xc3\xa9\xe2\x82\xac", 0, 1 },
	{ "\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 0, 1 },
	{ "\"x\\ud83dy\"", "x\xef\xbf\xbdy", 0, 1 },
	{ "\"\\ude00\"", "\xef\xbf\xbd", 0, 1 },
	{ "\"\\ud83d\\u0041\"", "\xef\xbf\xbd" "A", 0, 1 },
	{ "\"a\\u0000b\"", "a\0b", 3, 1 },
	{ "\"C:\\\\Windows\\\\System32\"", "C:\\Windows\\System32", 0, 1 },
	/* invalid escapes */
	{ "\"\\x41\"", NULL, 0, 0 },
	{ "\"\\u12\"", NULL, 0, 0 },
	{ "\"\\u12G4\"", NULL, 0, 0 },
	{ "\"\\a\"", NULL, 0, 0 },
	/* other types */
	{ "123", "123", 0, 0 },
	{ "true", "true", 0, 0 },
	{ "null", NULL, 0, 0 },
};

START_TEST(test_string)
{
	const struct str_case	*c = &str_cases[_i];
	struct logevent		 ev;
	struct jscan		 js;
	struct slice		 s;
	struct jvalue		 v;
	char			 buf[128];
	size_t			 wl;

	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ck_assert_int_eq(logevent_reserve(&ev, strlen(c->json) + 2), 0);
	first_value(buf, sizeof(buf), c->json, &js, &v);
	s = jscan_string(&v, &ev);
	if (c->want == NULL)
		ck_assert_msg(s.len == 0, "%s: %zu bytes", c->json, s.len);
	else {
		wl = c->want_len ? c->want_len : strlen(c->want);
		ck_assert_msg(s.len == wl && memcmp(s.p, c->want, wl) == 0,
		    "%s: got %.*s", c->json, (int)s.len, s.p);
		ck_assert_int_eq(s.p >= ev.arena &&
		    s.p < ev.arena + ev.arena_cap, c->in_arena);
	}
	logevent_free(&ev);
}
END_TEST

/* No room left in a used arena: an empty slice, never an overflow. */
START_TEST(test_string_full)
{
	const char	*s = "[\"\\u0041\\u0042\"]";
	struct logevent	 ev;
	struct jscan	 js;
	struct slice	 key, out;
	struct jvalue	 v;

	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ck_assert_int_eq(logevent_reserve(&ev, 16), 0);
	out = logevent_dup(&ev, "x", 1);
	ck_assert_uint_eq(out.len, 1);
	ev.arena_len = ev.arena_cap - 2;
	jscan_init(&js, s, strlen(s));
	ck_assert_int_eq(jscan_next(&js, &key, &v), 1);
	out = jscan_string(&v, &ev);
	ck_assert_uint_eq(out.len, 0);
	logevent_free(&ev);
}
END_TEST

struct num_case {
	const char	*json;
	int		 int_ok;
	int64_t		 i;
	int		 dbl_ok;
	double		 d;
};

static const struct num_case num_cases[] = {
	{ "0", 0, 0, 0, 0.0 },
	{ "-17", 0, -17, 0, -17.0 },
	{ "9223372036854775807", 0, INT64_MAX, 0, 9223372036854775807.0 },
	{ "-9223372036854775808", 0, INT64_MIN, 0, -9223372036854775808.0 },
	{ "9223372036854775808", -1, 0, 0, 9223372036854775808.0 },
	{ "1664462456.755299", -1, 0, 0, 1664462456.755299 },
	{ "1.5e3", -1, 0, 0, 1500.0 },
	{ "\"4624\"", 0, 4624, 0, 4624.0 },
	{ "\"46x\"", -1, 0, -1, 0.0 },
	{ "\"\"", -1, 0, -1, 0.0 },
	{ "true", -1, 0, -1, 0.0 },
	{ "null", -1, 0, -1, 0.0 },
	{ "[1]", -1, 0, -1, 0.0 },
	{ "1e999", -1, 0, -1, 0.0 },
};

START_TEST(test_number)
{
	const struct num_case	*c = &num_cases[_i];
	struct jscan		 js;
	struct jvalue		 v;
	char			 buf[64];
	int64_t			 i = 42;
	double			 d = 42.0;

	first_value(buf, sizeof(buf), c->json, &js, &v);
	ck_assert_msg(jscan_int(&v, &i) == c->int_ok, "%s int", c->json);
	if (c->int_ok == 0)
		ck_assert(i == c->i);
	ck_assert_msg(jscan_double(&v, &d) == c->dbl_ok, "%s dbl", c->json);
	if (c->dbl_ok == 0)
		ck_assert(d == c->d);
}
END_TEST

/* Nesting beyond the limit is refused, not recursed into. */
START_TEST(test_depth)
{
	char		 buf[4 * JSCAN_MAXDEPTH + 16];
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	size_t		 n = 0;
	int		 i, depth;

	for (depth = JSCAN_MAXDEPTH; depth <= JSCAN_MAXDEPTH + 1; depth++) {
		n = 0;
		buf[n++] = '{';
		memcpy(buf + n, "\"a\":", 4);
		n += 4;
		for (i = 0; i < depth; i++)
			buf[n++] = '[';
		for (i = 0; i < depth; i++)
			buf[n++] = ']';
		buf[n++] = '}';
		jscan_init(&js, buf, n);
		ck_assert_int_eq(jscan_next(&js, &key, &v),
		    depth <= JSCAN_MAXDEPTH ? 1 : -1);
	}
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_walk, TEST_NITEMS(walk_cases) },
		{ test_bounds, 0 }, { test_enter, 0 },
		{ test_string, TEST_NITEMS(str_cases) },
		{ test_string_full, 0 },
		{ test_number, TEST_NITEMS(num_cases) },
		{ test_depth, 0 },
	};

	return test_run("jscan", tests, TEST_NITEMS(tests));
}
