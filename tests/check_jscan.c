/*
 * Tests of the JSON scanner the JSON parsers share (src/parsers/jscan.c):
 * walking objects and arrays, bounds, strings decoded into the event's
 * arena, numbers, the nesting limit, and members found by name for the
 * native lookups.
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
	/* a quote ends a string after an even run of backslashes only */
	{ "{\"a\":\"x\\\\\",\"b\":\"\\\\\\\"q\\\\\\\\\",\"c\":\"\\\"\"}",
	    "a=s:x\\\\|b=s:\\\\\\\"q\\\\\\\\|c=s:\\\"", 0, 1 },
	{ "{\"a\":\"x\\\\\\\"}", "", -1, 0 },
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
	{ "\"a\\\\\"", "a\\", 0, 1 },
	{ "\"\\\\\\\"\"", "\\\"", 0, 1 },
	{ "\"\\\\\\\\\"", "\\\\", 0, 1 },
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

/*
 * A member found by name, flat or dotted (jscan_find), as text
 * (jscan_text): want is the text, "" present and empty, NULL absent.
 */
struct find_case {
	const char	*json;
	const char	*name;
	const char	*want;
};

static const struct find_case find_cases[] = {
	{ "{\"a\":1}", "a", "1" },
	{ "{\"ab\":1,\"a\":2}", "a", "2" },
	{ "{\"a\":2,\"ab\":1}", "ab", "1" },
	{ "{\"ab\":1}", "a", NULL },
	{ "{\"a\":1}", "ab", NULL },
	{ "{\"a\":{\"b\":\"x\"}}", "a.b", "x" },
	{ "{\"a.b\":\"flat\"}", "a.b", "flat" },
	/* a nested miss goes on with the members after it */
	{ "{\"a\":{\"c\":1},\"a.b\":\"flat\"}", "a.b", "flat" },
	{ "{\"a\":{\"b\":{\"c\":\"deep\"}}}", "a.b.c", "deep" },
	{ "{\"a\":{\"b.c\":\"mixed\"}}", "a.b.c", "mixed" },
	{ "{\"a\":[{\"b\":1}]}", "a.b", NULL },
	{ "{\"x\":{\"a\":1}}", "a", NULL },
	{ "{\"s\":\"\\\"a\\\":1\"}", "a", NULL },
	{ "{\"a\":null}", "a", NULL },
	{ "{\"a\":{}}", "a", NULL },
	{ "{\"a\":\"\"}", "a", "" },
	{ "{\"a\":[]}", "a", "" },
	{ "{\"a\":[\"x\",\"y\\n\",3,null,true,{\"k\":1}]}", "a",
	    "x,y\n,3,,true,{\"k\":1}" },
	{ "{\"a\":\"\\u00e9\\/\"}", "a", "\xc3\xa9/" },
	{ "{\"a\":\"\\q\"}", "a", "" },
	{ "{\"a\":-1.5e3,\"b\":false}", "a", "-1.5e3" },
	{ "{\"a\":-1.5e3,\"b\":false}", "b", "false" },
	{ "[1,2]", "a", NULL },
	{ "{\"a\":1,\"b\"", "b", NULL },
	{ "{\"a\":1", "a", "1" },
	{ "", "a", NULL },
};

START_TEST(test_find)
{
	const struct find_case	*c = &find_cases[_i];
	size_t			 len = strlen(c->json);
	char			*json = malloc(len + 1), *buf = malloc(len + 1);
	struct slice		 s, line;

	ck_assert_ptr_nonnull(json);
	ck_assert_ptr_nonnull(buf);
	memcpy(json, c->json, len);
	line.p = json;
	line.len = len;
	s = jscan_native(line, c->name, strlen(c->name), buf, len);
	if (c->want == NULL)
		ck_assert_msg(s.p == NULL && s.len == 0, "%s %s: \"%.*s\"",
		    c->json, c->name, (int)s.len, s.p != NULL ? s.p : "");
	else
		ck_assert_msg(s.p != NULL && sl_eq(s, c->want), "%s %s: "
		    "\"%.*s\"", c->json, c->name, (int)s.len,
		    s.p != NULL ? s.p : "");
	free(json);
	free(buf);
}
END_TEST

/* Decoding needs room: without it, the room it needs. */
START_TEST(test_text_room)
{
	static const char	 json[] = "{\"a\":\"x\\ny\",\"b\":[\"p\",\"q\"],"
				    "\"c\":\"plain\"}";
	struct slice		 line = { json, sizeof(json) - 1 }, s;
	char			 buf[16];

	s = jscan_native(line, "a", 1, NULL, 0);
	ck_assert(s.p == NULL && s.len == 4);
	s = jscan_native(line, "a", 1, buf, 3);
	ck_assert(s.p == NULL && s.len == 4);
	s = jscan_native(line, "a", 1, buf, 4);
	ck_assert(s.p == buf && sl_eq(s, "x\ny"));
	s = jscan_native(line, "b", 1, NULL, 0);
	ck_assert(s.p == NULL && s.len == 9);
	s = jscan_native(line, "b", 1, buf, 9);
	ck_assert(s.p == buf && sl_eq(s, "p,q"));
	/* Nothing to decode: a slice of the line, whatever the room. */
	s = jscan_native(line, "c", 1, NULL, 0);
	ck_assert(s.p > json && sl_eq(s, "plain"));
}
END_TEST

/* A dotted name is followed JSCAN_FIND_DEPTH objects down, no further. */
START_TEST(test_find_depth)
{
	char		 json[512], name[64];
	struct slice	 line, s;
	size_t		 n, k;
	int		 i, depth;

	for (depth = JSCAN_FIND_DEPTH; depth <= JSCAN_FIND_DEPTH + 1;
	    depth++) {
		n = k = 0;
		for (i = 0; i < depth; i++) {
			n += (size_t)snprintf(json + n, sizeof(json) - n,
			    "{\"k\":");
			k += (size_t)snprintf(name + k, sizeof(name) - k, "k.");
		}
		n += (size_t)snprintf(json + n, sizeof(json) - n,
		    "{\"v\":\"end\"}");
		k += (size_t)snprintf(name + k, sizeof(name) - k, "v");
		for (i = 0; i < depth; i++)
			json[n++] = '}';
		line.p = json;
		line.len = n;
		s = jscan_native(line, name, k, NULL, 0);
		if (depth <= JSCAN_FIND_DEPTH)
			ck_assert(sl_eq(s, "end"));
		else
			ck_assert(s.p == NULL && s.len == 0);
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
		{ test_find, TEST_NITEMS(find_cases) },
		{ test_text_room, 0 }, { test_find_depth, 0 },
	};

	return test_run("jscan", tests, TEST_NITEMS(tests));
}
