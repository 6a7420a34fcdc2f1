/*
 * Tests of the cache of list answers by value (src/rules/lcache.c): it
 * gives list_match's answer every time, from the cache when it holds
 * it; it tells lists apart, and values whose bytes changed in the same
 * buffer; values too long to keep are looked up, and a cleared cache
 * forgets.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "rules/lcache.h"
#include "rules/list.h"
#include "testmain.h"

static struct list *
mklist(const char *name, enum list_type t, const char *const *v)
{
	struct list	*l = list_new(name, t);

	ck_assert_ptr_nonnull(l);
	for (; *v != NULL; v++)
		ck_assert_int_eq(list_add(l, *v, strlen(*v), "d", "s"), 0);
	return l;
}

static struct slice
sl(const char *s)
{
	return (struct slice){ s, strlen(s) };
}

static const char *const doms[] = { "evil.example", "bad.test", NULL };
static const char *const doms2[] = { "other.example", NULL };
static const char *const ips[] = { "192.0.2.0/24", "198.51.100.7", NULL };

START_TEST(test_same_answers)
{
	static const char *const asks[] = { "evil.example", "a.b.evil.example",
	    "EVIL.example", "good.example", "bad.test.", "x.bad.test",
	    "bad.tes", "" };
	struct list		*l = mklist("d", LT_DOMAIN, doms);
	struct lcache		*lc = lcache_new();
	struct lcache_stats	 st;
	int			 i, round;

	ck_assert_ptr_nonnull(lc);
	for (round = 0; round < 3; round++)
		for (i = 0; i < TEST_NITEMS(asks); i++)
			ck_assert_ptr_eq(lcache_match(lc, l, sl(asks[i])),
			    list_match(l, sl(asks[i])));
	lcache_stats(lc, &st);
	/* The second and third rounds come from the cache ("" is not asked). */
	ck_assert_uint_eq(st.misses, TEST_NITEMS(asks) - 1);
	ck_assert_uint_eq(st.hits, 2 * (TEST_NITEMS(asks) - 1));
	ck_assert_ptr_null(lcache_match(NULL, l, sl("good.example")));
	ck_assert_ptr_nonnull(lcache_match(NULL, l, sl("evil.example")));
	lcache_free(lc);
	list_free(l);
}
END_TEST

/* The line's buffer is reused: same address, same length, new bytes. */
START_TEST(test_bytes_changed)
{
	struct list	*l = mklist("d", LT_DOMAIN, doms);
	struct lcache	*lc = lcache_new();
	char		 buf[32];

	snprintf(buf, sizeof(buf), "%s", "evil.example");
	ck_assert_ptr_nonnull(lcache_match(lc, l, sl(buf)));
	ck_assert_ptr_nonnull(lcache_match(lc, l, sl(buf)));
	memcpy(buf, "good", 4);
	ck_assert_ptr_null(lcache_match(lc, l, sl(buf)));
	memcpy(buf, "evil", 4);
	ck_assert_ptr_nonnull(lcache_match(lc, l, sl(buf)));
	/* One byte at the end, where a word-wise compare ends. */
	buf[strlen(buf) - 1] = 'f';
	ck_assert_ptr_null(lcache_match(lc, l, sl(buf)));
	lcache_free(lc);
	list_free(l);
}
END_TEST

/*
 * The same value asked of two lists: each list's own answer, in a cache
 * of one set, where every question meets every other.
 */
START_TEST(test_lists_apart)
{
	struct list	*a = mklist("a", LT_DOMAIN, doms);
	struct list	*b = mklist("b", LT_DOMAIN, doms2);
	struct lcache	*lc = lcache_new_sets(1);
	int		 i;

	ck_assert_ptr_null(lcache_new_sets(3));
	for (i = 0; i < 3; i++) {
		ck_assert_ptr_nonnull(lcache_match(lc, a, sl("evil.example")));
		ck_assert_ptr_null(lcache_match(lc, b, sl("evil.example")));
		ck_assert_ptr_null(lcache_match(lc, a, sl("other.example")));
		ck_assert_ptr_nonnull(lcache_match(lc, b,
		    sl("other.example")));
	}
	lcache_free(lc);
	list_free(a);
	list_free(b);
}
END_TEST

/* Too long to keep: looked up each time, and right. */
START_TEST(test_long_values)
{
	static const char *const v[] = {
	    "a-rather-long-host-name-for-a-cache.evil.example", NULL };
	struct list		*l = mklist("d", LT_DOMAIN, v);
	struct lcache		*lc = lcache_new();
	struct lcache_stats	 st;

	ck_assert_uint_gt(strlen(v[0]), LCACHE_VMAX);
	ck_assert_ptr_nonnull(lcache_match(lc, l, sl(v[0])));
	ck_assert_ptr_nonnull(lcache_match(lc, l, sl(v[0])));
	ck_assert_ptr_null(lcache_match(lc, l,
	    sl("a-rather-long-host-name-for-a-cache.good.example")));
	lcache_stats(lc, &st);
	ck_assert_uint_eq(st.passed, 3);
	ck_assert_uint_eq(st.hits + st.misses, 0);
	lcache_free(lc);
	list_free(l);
}
END_TEST

START_TEST(test_clear)
{
	struct list		*l = mklist("d", LT_DOMAIN, doms);
	struct lcache		*lc = lcache_new();
	struct lcache_stats	 st;

	ck_assert_ptr_nonnull(lcache_match(lc, l, sl("evil.example")));
	lcache_clear(lc);
	ck_assert_ptr_nonnull(lcache_match(lc, l, sl("evil.example")));
	lcache_stats(lc, &st);
	ck_assert_uint_eq(st.misses, 2);
	ck_assert_uint_eq(st.hits, 0);
	lcache_clear(NULL);
	lcache_free(lc);
	list_free(l);
}
END_TEST

/*
 * Far more values than the cache has room for, of every length it
 * keeps, asked again and again in two lists: each answer is
 * list_match's, whichever way it was kept in or pushed out of.
 */
START_TEST(test_many_values)
{
	struct list	*d = mklist("d", LT_DOMAIN, doms);
	struct list	*ip = mklist("i", LT_IP, ips);
	struct lcache	*lc = lcache_new();
	char		 v[64];
	unsigned	 x = 1;
	int		 i, n;

	for (i = 0; i < 200000; i++) {
		x = x * 1103515245 + 12345;
		n = (int)(x >> 16) % 40000;
		if (n % 3 == 0)
			snprintf(v, sizeof(v), "h%d.%s", n, n % 2 ?
			    "evil.example" : "fine.example");
		else
			snprintf(v, sizeof(v), "%d.%d", n % 7, n);
		v[(x >> 8) % (LCACHE_VMAX + 1)] = '\0';
		ck_assert_ptr_eq(lcache_match(lc, d, sl(v)),
		    list_match(d, sl(v)));
		snprintf(v, sizeof(v), "%s.%d.%d", n % 2 ? "192.0" :
		    "198.51", n % 3 ? 2 : 100, n % 256);
		ck_assert_ptr_eq(lcache_match(lc, ip, sl(v)),
		    list_match(ip, sl(v)));
	}
	lcache_free(lc);
	list_free(d);
	list_free(ip);
}
END_TEST

/*
 * Loading a set ahead of its turn, for another event's value in between,
 * changes no answer and no count: in particular the hash kept for the
 * last value asked (by its address) is not taken for the value loaded
 * ahead, which the next line may put at the same address.
 */
START_TEST(test_prefetch_changes_nothing)
{
	struct list		*l = mklist("d", LT_DOMAIN, doms);
	struct lcache		*a = lcache_new(), *b = lcache_new();
	struct lcache_stats	 sa, sb;
	char			 buf[32], other[32];

	ck_assert(a != NULL && b != NULL);
	snprintf(buf, sizeof(buf), "%s", "evil.example");
	snprintf(other, sizeof(other), "%s", "good.example");
	ck_assert_ptr_nonnull(lcache_match(a, l, sl(buf)));
	ck_assert_ptr_nonnull(lcache_match(b, l, sl(buf)));
	lcache_prefetch(b, l, sl(other));
	lcache_prefetch(b, l, sl(buf));
	lcache_prefetch(NULL, l, sl(buf));
	lcache_prefetch(b, l, sl(""));
	lcache_prefetch(b, l,
	    sl("a.name.longer.than.the.cache.keeps.evil.example"));
	/* The line's buffer reused: the value ahead is in it now. */
	memcpy(buf, "good", 4);
	ck_assert_ptr_null(lcache_match(a, l, sl(buf)));
	ck_assert_ptr_null(lcache_match(b, l, sl(buf)));
	lcache_prefetch(b, l, sl(buf));
	memcpy(buf, "evil", 4);
	ck_assert_ptr_nonnull(lcache_match(a, l, sl(buf)));
	ck_assert_ptr_nonnull(lcache_match(b, l, sl(buf)));
	memcpy(buf, "good", 4);
	ck_assert_ptr_null(lcache_match(a, l, sl(buf)));
	ck_assert_ptr_null(lcache_match(b, l, sl(buf)));
	lcache_stats(a, &sa);
	lcache_stats(b, &sb);
	ck_assert_uint_eq(sb.hits, sa.hits);
	ck_assert_uint_eq(sb.misses, sa.misses);
	ck_assert_uint_eq(sb.passed, sa.passed);
	lcache_free(a);
	lcache_free(b);
	list_free(l);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("lcache");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, TEST_TIMEOUT);
	tcase_add_test(tc, test_same_answers);
	tcase_add_test(tc, test_bytes_changed);
	tcase_add_test(tc, test_lists_apart);
	tcase_add_test(tc, test_long_values);
	tcase_add_test(tc, test_clear);
	tcase_add_test(tc, test_many_values);
	tcase_add_test(tc, test_prefetch_changes_nothing);
	suite_add_tcase(s, tc);
	return test_main(s);
}
