/*
 * Tests of the normalized event (src/event/logevent.c): reset, the
 * scratch arena, source kinds, the field table the rule language names
 * fields through, the entry to the format's own names, and the slice
 * helpers.
 */
#include <check.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "event/nindex.h"
#include "testmain.h"

START_TEST(test_reset)
{
	struct logevent	 ev;
	char		*arena;

	memset(&ev, 0x5a, sizeof(ev));
	ev.arena = NULL;
	ev.arena_cap = 0;
	ev.arena_len = 0;
	ev.nidx = NULL;
	logevent_reset(&ev);
	ck_assert_int_eq(ev.time_ms, 0);
	ck_assert_int_eq(ev.source, SRC_UNKNOWN);
	ck_assert_int_eq(ev.src_port, -1);
	ck_assert_int_eq(ev.dst_port, -1);
	ck_assert_int_eq(ev.status, -1);
	ck_assert_int_eq(ev.bytes_out, -1);
	ck_assert_int_eq(ev.bytes_in, -1);
	ck_assert_int_eq(ev.duration_ms, -1);
	ck_assert_int_eq(ev.win_event_id, -1);
	ck_assert(SLICE_EMPTY(ev.url));
	ck_assert(SLICE_EMPTY(ev.file_name));
	ck_assert(SLICE_EMPTY(ev.raw));
	ck_assert_ptr_null(ev.format);

	/* The arena's memory survives a reset; its contents do not. */
	ck_assert_int_eq(logevent_reserve(&ev, 100), 0);
	arena = ev.arena;
	logevent_dup(&ev, "abc", 3);
	ck_assert_uint_eq(ev.arena_len, 3);
	ev.status = 200;
	logevent_reset(&ev);
	ck_assert_ptr_eq(ev.arena, arena);
	ck_assert_uint_ge(ev.arena_cap, 100);
	ck_assert_uint_eq(ev.arena_len, 0);
	ck_assert_int_eq(ev.status, -1);
	logevent_free(&ev);
	ck_assert_ptr_null(ev.arena);
	logevent_free(&ev);
	logevent_free(NULL);
}
END_TEST

START_TEST(test_arena)
{
	struct logevent	 ev;
	struct slice	 a, b, c;
	char		 big[5000];

	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	/* Growing is fine while nothing has been handed out. */
	ck_assert_int_eq(logevent_reserve(&ev, 10), 0);
	ck_assert_uint_ge(ev.arena_cap, 10);
	ck_assert_int_eq(logevent_reserve(&ev, 0), 0);
	a = logevent_dup(&ev, "hello", 5);
	ck_assert_uint_eq(a.len, 5);
	ck_assert(memcmp(a.p, "hello", 5) == 0);
	b = logevent_dup(&ev, "world", 5);
	ck_assert(slice_eq(b, "world"));
	ck_assert(slice_eq(a, "hello"));
	ck_assert_ptr_eq(b.p, a.p + 5);

	/* Once slices exist, the arena must not move: no room means fail. */
	memset(big, 'x', sizeof(big));
	ck_assert_int_eq(logevent_reserve(&ev, ev.arena_cap), -1);
	c = logevent_dup(&ev, big, sizeof(big));
	ck_assert_ptr_null(c.p);
	ck_assert_uint_eq(c.len, 0);
	ck_assert(slice_eq(a, "hello"));

	/* Empty copies are empty slices and use nothing. */
	c = logevent_dup(&ev, "", 0);
	ck_assert(SLICE_EMPTY(c));
	ck_assert_uint_eq(ev.arena_len, 10);

	/* At the next line the arena may grow again. */
	logevent_reset(&ev);
	ck_assert_int_eq(logevent_reserve(&ev, sizeof(big)), 0);
	c = logevent_dup(&ev, big, sizeof(big));
	ck_assert_uint_eq(c.len, sizeof(big));
	ck_assert(memcmp(c.p, big, sizeof(big)) == 0);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_source_kind)
{
	int	 k;

	for (k = 0; k < SRC_MAX; k++)
		ck_assert_int_eq(source_kind_from_name(source_kind_name(k)), k);
	ck_assert_str_eq(source_kind_name(SRC_PROXY), "proxy");
	ck_assert_str_eq(source_kind_name(SRC_AD), "ad");
	ck_assert_str_eq(source_kind_name(SRC_DHCP), "dhcp");
	ck_assert_str_eq(source_kind_name(SRC_MAX), "unknown");
	ck_assert_str_eq(source_kind_name((enum source_kind)-1), "unknown");
	ck_assert_int_eq(source_kind_from_name("firewall"), SRC_FIREWALL);
	ck_assert_int_eq(source_kind_from_name("nonsense"), SRC_UNKNOWN);
	ck_assert_int_eq(source_kind_from_name(NULL), SRC_UNKNOWN);
}
END_TEST

START_TEST(test_field_table)
{
	const struct field_def	*t, *f;
	size_t			 n, i, j, size;

	t = field_table(&n);
	ck_assert_uint_ge(n, 40);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(t[i].name);
		ck_assert_ptr_nonnull(t[i].doc);
		ck_assert(strlen(t[i].doc) > 0);
		size = t[i].type == FIELD_STR ? sizeof(struct slice) :
		    t[i].type == FIELD_INT ? sizeof(int32_t) : sizeof(int64_t);
		ck_assert_uint_le(t[i].off + size,
		    offsetof(struct logevent, arena));
		ck_assert_ptr_eq(field_lookup(t[i].name), &t[i]);
		for (j = i + 1; j < n; j++) {
			ck_assert_str_ne(t[i].name, t[j].name);
			ck_assert_uint_ne(t[i].off, t[j].off);
		}
	}
	ck_assert_ptr_null(field_lookup("no.such.field"));
	ck_assert_ptr_null(field_lookup(""));
	ck_assert_ptr_null(field_lookup(NULL));
	ck_assert_ptr_null(field_lookup("log.source"));
	f = field_lookup("destination.domain");
	ck_assert_int_eq(f->type, FIELD_STR);
	ck_assert_uint_eq(f->off, offsetof(struct logevent, dst_domain));
	f = field_lookup("http.response.status_code");
	ck_assert_int_eq(f->type, FIELD_INT);
	f = field_lookup("destination.bytes");
	ck_assert_int_eq(f->type, FIELD_INT64);
	ck_assert_uint_eq(f->off, offsetof(struct logevent, bytes_in));
	ck_assert_uint_eq(field_lookup("source.address")->off,
	    offsetof(struct logevent, src_host));
	ck_assert_uint_eq(field_lookup("proxy.result")->off,
	    offsetof(struct logevent, result));
}
END_TEST

START_TEST(test_field_access)
{
	struct logevent		 ev;
	const struct field_def	*f;
	struct slice		 s;

	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ev.dst_domain = slice_cstr("www.example.com");
	ev.user = slice_cstr("alice");
	ev.status = 404;
	ev.bytes_in = 5000000000LL;
	ev.win_event_id = 4624;

	s = field_str(&ev, field_lookup("destination.domain"));
	ck_assert(slice_eq(s, "www.example.com"));
	ck_assert(slice_eq(field_str(&ev, field_lookup("user.name")),
	    "alice"));
	ck_assert(SLICE_EMPTY(field_str(&ev, field_lookup("url.original"))));
	ck_assert_int_eq(field_int(&ev,
	    field_lookup("http.response.status_code")), 404);
	ck_assert_int_eq(field_int(&ev, field_lookup("destination.bytes")),
	    5000000000LL);
	ck_assert_int_eq(field_int(&ev, field_lookup("source.bytes")), -1);
	ck_assert_int_eq(field_int(&ev, field_lookup("winlog.event_id")),
	    4624);
	ck_assert_int_eq(field_int(&ev, field_lookup("destination.port")), -1);

	/* Asking for the wrong type gives the unknown value. */
	f = field_lookup("destination.domain");
	ck_assert_int_eq(field_int(&ev, f), -1);
	s = field_str(&ev, field_lookup("destination.port"));
	ck_assert(SLICE_EMPTY(s));
}
END_TEST

START_TEST(test_slices)
{
	struct slice	 s = slice_cstr("Example.COM"), e = { NULL, 0 };
	struct slice	 part = { "abcdef", 3 };

	ck_assert_uint_eq(s.len, 11);
	ck_assert(slice_eq(s, "Example.COM"));
	ck_assert(!slice_eq(s, "example.com"));
	ck_assert(!slice_eq(s, "Example.CO"));
	ck_assert(slice_caseeq(s, "example.com"));
	ck_assert(slice_caseeq(s, "EXAMPLE.COM"));
	ck_assert(!slice_caseeq(s, "example.con"));
	ck_assert(!slice_caseeq(s, "example.comm"));
	ck_assert(slice_eq(e, ""));
	ck_assert(slice_caseeq(e, ""));
	ck_assert(!slice_eq(e, "a"));
	ck_assert(slice_eq(part, "abc"));
	ck_assert(!slice_eq(part, "abcdef"));
	/* Bytes above 0x7f are compared as they are. */
	ck_assert(!slice_caseeq(slice_cstr("\xc3\xa9"), "\xc3\x89"));
	ck_assert(slice_caseeq(slice_cstr("[@`{"), "[@`{"));
	ck_assert(!slice_caseeq(slice_cstr("@"), "`"));
	s = slice_cstr(NULL);
	ck_assert(SLICE_EMPTY(s));
}
END_TEST

static const char native_tag[] = "arg";

/* A format's own names: "k" is "v", anything else absent. */
static struct slice
native_stub(const struct logevent *ev, const char *name, size_t len,
    char *buf, size_t size)
{
	struct slice	 v = { NULL, 0 };

	(void)buf;
	(void)size;
	ck_assert_ptr_eq(ev->native_arg, native_tag);
	if (len == 1 && name[0] == 'k') {
		v.p = "v";
		v.len = 1;
	}
	return v;
}

START_TEST(test_native)
{
	struct logevent	 ev;
	struct slice	 v;

	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ck_assert_ptr_null(ev.native);
	ck_assert_ptr_null(ev.native_arg);
	/* No names of its own: every field absent. */
	v = logevent_native(&ev, "k", 1, NULL, 0);
	ck_assert(v.p == NULL && v.len == 0);
	ev.native = native_stub;
	ev.native_arg = native_tag;
	v = logevent_native(&ev, "k", 1, NULL, 0);
	ck_assert(slice_eq(v, "v"));
	v = logevent_native(&ev, "kk", 2, NULL, 0);
	ck_assert(v.p == NULL && v.len == 0);
	/* No name is no field, and never reaches the format. */
	v = logevent_native(&ev, NULL, 0, NULL, 0);
	ck_assert(v.p == NULL && v.len == 0);
	v = logevent_native(&ev, "k", 0, NULL, 0);
	ck_assert(v.p == NULL && v.len == 0);
	logevent_reset(&ev);
	ck_assert_ptr_null(ev.native);
	ck_assert_ptr_null(ev.native_arg);
	logevent_free(&ev);
}
END_TEST

static struct slice
sl(const char *s)
{
	struct slice	 r = { s, strlen(s) };

	return r;
}

/*
 * The index of a line's members: none without memory, the lower rank
 * and then the first winning a name, stale after a reset and for
 * another event, and incomplete, not wrong, once full.
 */
START_TEST(test_index)
{
	struct logevent		 ev, other;
	const struct nindex_ent	*e;
	struct nindex		*ix;
	char			 keys[NINDEX_MAX + 1][16];
	int			 i;

	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ck_assert_ptr_null(nindex_begin(&ev));
	ck_assert_ptr_null(nindex_ready(&ev));
	ck_assert_int_eq(logevent_want_index(&ev), 0);
	ck_assert_ptr_nonnull(ix = nindex_begin(&ev));
	ck_assert_ptr_eq(nindex_ready(&ev), ix);
	ck_assert_int_eq(nindex_add(ix, sl("Image"), sl("top"), 1, 0, 2), 0);
	ck_assert_int_eq(nindex_add(ix, sl("Image"), sl("data"), 1, 1, 0), 0);
	ck_assert_int_eq(nindex_add(ix, sl("Image"), sl("late"), 1, 0, 0), 0);
	ck_assert_int_eq(nindex_add(ix, sl("User"), sl("bob"), 2, 0, 1), 0);
	ck_assert_uint_eq(nindex_count(ix), 2);
	ck_assert_int_eq(nindex_find(ix, "Image", 5, &e), 1);
	ck_assert(slice_eq(e->val, "data") && e->flags == 1 && e->rank == 0);
	ck_assert_int_eq(nindex_find(ix, "User", 4, &e), 1);
	ck_assert(slice_eq(e->val, "bob") && e->type == 2);
	ck_assert_int_eq(nindex_find(ix, "Imag", 4, &e), 0);
	ck_assert_int_eq(nindex_find(ix, "user", 4, &e), 0);
	/* Another event, or the same one after a reset, is not indexed. */
	memset(&other, 0, sizeof(other));
	logevent_reset(&other);
	other.nidx = ev.nidx;
	ck_assert_ptr_null(nindex_ready(&other));
	logevent_reset(&ev);
	ck_assert_ptr_nonnull(ev.nidx);
	ck_assert_ptr_null(nindex_ready(&ev));
	/* Full: a name not in it may be a member. */
	ck_assert_ptr_nonnull(ix = nindex_begin(&ev));
	for (i = 0; i < NINDEX_MAX; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		ck_assert_int_eq(nindex_add(ix, sl(keys[i]), sl("v"), 0, 0,
		    0), 0);
	}
	ck_assert_int_eq(nindex_find(ix, "nope", 4, &e), 0);
	snprintf(keys[NINDEX_MAX], sizeof(keys[0]), "k%d", NINDEX_MAX);
	ck_assert_int_eq(nindex_add(ix, sl(keys[NINDEX_MAX]), sl("v"), 0, 0,
	    0), -1);
	ck_assert_int_eq(nindex_find(ix, "nope", 4, &e), -1);
	ck_assert_int_eq(nindex_find(ix, "k7", 2, &e), 1);
	ck_assert_int_eq(nindex_find(ix, keys[NINDEX_MAX - 1],
	    strlen(keys[NINDEX_MAX - 1]), &e), 1);
	logevent_free(&ev);
	ck_assert_ptr_null(ev.nidx);
}
END_TEST

/* Recipients one by one: their local parts, "<>" and "-" passed over. */
START_TEST(test_recipients)
{
	static const struct {
		const char	*to, *want;
	} t[] = {
		{ "alice@corp.example", "alice," },
		{ "<alice@corp.example>,<bob@corp.example>", "alice,bob," },
		{ "a@x.example, b@y.example ,<>,-,@z.example,c@z", "a,b,c," },
		{ "<>", "" },
		{ "", "" },
		{ "no-at-sign", "" },
	};
	struct slice	 to, user;
	char		 got[128];
	size_t		 i, pos, n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		to.p = t[i].to;
		to.len = strlen(t[i].to);
		pos = 0;
		n = 0;
		got[0] = '\0';
		while (logevent_recipient(to, &pos, &user)) {
			ck_assert_uint_le(pos, to.len);
			n += (size_t)snprintf(got + n, sizeof(got) - n, "%.*s,",
			    (int)user.len, user.p);
		}
		ck_assert_msg(strcmp(got, t[i].want) == 0, "%s: %s", t[i].to,
		    got);
	}
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_reset, 0 }, { test_arena, 0 }, { test_source_kind, 0 },
		{ test_field_table, 0 }, { test_field_access, 0 },
		{ test_slices, 0 }, { test_native, 0 }, { test_index, 0 },
		{ test_recipients, 0 },
	};

	return test_run("logevent", tests, TEST_NITEMS(tests));
}
