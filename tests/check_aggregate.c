/*
 * Tests of alert aggregation (src/alert/aggregate.c): alerts of the same
 * rule, endpoint and destination within a window fold into one with a
 * count, by the keys a rule names; windows, eviction and the bound.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "alert/aggregate.h"

#define MIN	60000LL
#define T0	1773136800000LL		/* 2026-03-10T10:00:00Z */

/* What the emit callback saw. */
struct seen {
	json_t	*recs;
};

static void
collect(void *arg, json_t *rec)
{
	struct seen	*s = arg;

	json_array_append_new(s->recs, json_deep_copy(rec));
}

/* A record as the alert builder makes it, reduced to what matters here. */
static json_t *
rec(const char *rule, const char *ip, const char *dest, const char *id,
    const char *line)
{
	return json_pack("{s:{s:s,s:s}, s:{s:s}, s:{s:{s:s}, s:s, s:i,"
	    " s:[{s:s}]}}",
	    "event", "id", id, "start", "x",
	    "rule", "id", rule,
	    "incident", "endpoint", "ip", ip, "destination", dest,
	    "count", 1, "evidence", "line", line);
}

static void
add(struct aggregate *a, const char *rule, const char *ip, const char *dest,
    const char *id, int64_t t)
{
	json_t	*r = rec(rule, ip, dest, id, id);

	aggregate_add(a, r, -1, AGGREGATE_BY_DESTINATION, t, t, 1);
	json_decref(r);
}

static const char *
field(json_t *recs, size_t i, const char *obj, const char *key)
{
	return json_string_value(json_object_get(json_object_get(
	    json_array_get(recs, i), obj), key));
}

static json_int_t
inc_int(json_t *recs, size_t i, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(
	    json_array_get(recs, i), "incident"), key));
}

START_TEST(test_fold)
{
	struct seen		 s = { json_array() };
	struct aggregate	*a;
	int			 i;

	a = aggregate_new(10 * MIN, 0, collect, &s);
	ck_assert_ptr_nonnull(a);
	add(a, "1", "10.0.0.1", "bad.example:443", "id-1", T0);
	/* The first alert goes out at once, with revision 1. */
	ck_assert_uint_eq(json_array_size(s.recs), 1);
	ck_assert_int_eq(inc_int(s.recs, 0, "revision"), 1);
	for (i = 1; i < 100; i++)
		add(a, "1", "10.0.0.1", "bad.example:443", "id-x", T0 + i * 1000);
	ck_assert_uint_eq(json_array_size(s.recs), 1);
	ck_assert_uint_eq(aggregate_stats(a)->suppressed, 99);
	aggregate_tick(a, T0 + 10 * MIN - 1);
	ck_assert_uint_eq(json_array_size(s.recs), 1);
	aggregate_tick(a, T0 + 10 * MIN);
	ck_assert_uint_eq(json_array_size(s.recs), 2);
	/* The update: same id, the count, the span, the last line. */
	ck_assert_str_eq(field(s.recs, 1, "event", "id"), "id-1");
	ck_assert_int_eq(inc_int(s.recs, 1, "revision"), 2);
	ck_assert_int_eq(inc_int(s.recs, 1, "count"), 100);
	ck_assert_str_eq(field(s.recs, 1, "event", "start"),
	    "2026-03-10T10:00:00.000Z");
	ck_assert_str_eq(field(s.recs, 1, "event", "end"),
	    "2026-03-10T10:01:39.000Z");
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(
	    json_array_get(s.recs, 1), "incident"), "evidence")), 2);
	ck_assert_uint_eq(aggregate_stats(a)->open, 0);
	aggregate_free(a);
	json_decref(s.recs);
}
END_TEST

/*
 * A rule aggregated by endpoint (a scan, one group per target): alerts
 * on other destinations fold into one window per rule and endpoint, and
 * the update names each destination once, at most AGGREGATE_DESTS.
 */
START_TEST(test_by_endpoint)
{
	struct seen		 s = { json_array() };
	struct aggregate	*a;
	json_t			*r, *d;
	char			 dest[32];
	int			 i;

	a = aggregate_new(10 * MIN, 0, collect, &s);
	for (i = 0; i < 150; i++) {
		snprintf(dest, sizeof(dest), "10.0.2.%d", i % 120);
		r = rec("3000011", "172.16.1.11", dest, "id-s", "l");
		aggregate_add(a, r, -1, AGGREGATE_BY_ENDPOINT, T0 + i * 1000,
		    T0 + i * 1000, 1);
		json_decref(r);
	}
	/* Another endpoint and another rule keep windows of their own. */
	r = rec("3000011", "172.16.1.12", "10.0.2.1", "id-t", "l");
	aggregate_add(a, r, -1, AGGREGATE_BY_ENDPOINT, T0, T0, 1);
	json_decref(r);
	add(a, "3000010", "172.16.1.11", "10.0.2.1", "id-u", T0);
	ck_assert_uint_eq(json_array_size(s.recs), 3);
	ck_assert_ptr_null(json_object_get(json_object_get(json_array_get(
	    s.recs, 0), "incident"), "destinations"));
	aggregate_drain(a);
	ck_assert_uint_eq(json_array_size(s.recs), 4);
	ck_assert_str_eq(field(s.recs, 3, "event", "id"), "id-s");
	ck_assert_int_eq(inc_int(s.recs, 3, "count"), 150);
	d = json_object_get(json_object_get(json_array_get(s.recs, 3),
	    "incident"), "destinations");
	ck_assert_uint_eq(json_array_size(d), AGGREGATE_DESTS);
	ck_assert_str_eq(json_string_value(json_array_get(d, 0)), "10.0.2.0");
	ck_assert_str_eq(json_string_value(json_array_get(d, 99)),
	    "10.0.2.99");
	aggregate_free(a);
	json_decref(s.recs);
}
END_TEST

/* Rule, endpoint and destination each make a window of their own. */
START_TEST(test_keys)
{
	struct seen		 s = { json_array() };
	struct aggregate	*a;

	a = aggregate_new(10 * MIN, 0, collect, &s);
	add(a, "1", "10.0.0.1", "a:443", "id-1", T0);
	add(a, "2", "10.0.0.1", "a:443", "id-2", T0);
	add(a, "1", "10.0.0.2", "a:443", "id-3", T0);
	add(a, "1", "10.0.0.1", "b:443", "id-4", T0);
	add(a, "1", "10.0.0.1", "a:443", "id-5", T0 + 1000);
	ck_assert_uint_eq(json_array_size(s.recs), 4);
	ck_assert_uint_eq(aggregate_stats(a)->open, 4);
	/* Only the window with more than one alert has an update. */
	aggregate_drain(a);
	ck_assert_uint_eq(json_array_size(s.recs), 5);
	ck_assert_str_eq(field(s.recs, 4, "event", "id"), "id-1");
	ck_assert_int_eq(inc_int(s.recs, 4, "count"), 2);
	ck_assert_uint_eq(aggregate_stats(a)->updates, 1);
	aggregate_free(a);
	json_decref(s.recs);
}
END_TEST

/* A hit after the window closed opens a new one with its own id. */
START_TEST(test_new_window)
{
	struct seen		 s = { json_array() };
	struct aggregate	*a;

	a = aggregate_new(MIN, 0, collect, &s);
	add(a, "1", "10.0.0.1", "a:443", "id-1", T0);
	add(a, "1", "10.0.0.1", "a:443", "id-2", T0 + 10000);
	/* No tick in between: the late hit itself closes the window. */
	add(a, "1", "10.0.0.1", "a:443", "id-3", T0 + MIN);
	ck_assert_uint_eq(json_array_size(s.recs), 3);
	ck_assert_str_eq(field(s.recs, 1, "event", "id"), "id-1");
	ck_assert_int_eq(inc_int(s.recs, 1, "revision"), 2);
	ck_assert_str_eq(field(s.recs, 2, "event", "id"), "id-3");
	ck_assert_int_eq(inc_int(s.recs, 2, "revision"), 1);
	aggregate_drain(a);
	ck_assert_uint_eq(json_array_size(s.recs), 3);
	aggregate_free(a);
	json_decref(s.recs);
}
END_TEST

START_TEST(test_off)
{
	struct seen		 s = { json_array() };
	struct aggregate	*a;
	int			 i;

	a = aggregate_new(0, 0, collect, &s);
	for (i = 0; i < 5; i++)
		add(a, "1", "10.0.0.1", "a:443", "id", T0 + i);
	ck_assert_uint_eq(json_array_size(s.recs), 5);
	ck_assert_int_eq(inc_int(s.recs, 4, "revision"), 1);
	ck_assert_uint_eq(aggregate_stats(a)->open, 0);
	/* A reload turns it on for new windows. */
	aggregate_set_window(a, MIN);
	add(a, "1", "10.0.0.1", "a:443", "id", T0 + 10);
	add(a, "1", "10.0.0.1", "a:443", "id", T0 + 11);
	ck_assert_uint_eq(json_array_size(s.recs), 6);
	aggregate_free(a);
	json_decref(s.recs);
	aggregate_free(NULL);
}
END_TEST

static void
add_w(struct aggregate *a, const char *rule, int64_t window, int64_t t)
{
	json_t	*r = rec(rule, "10.0.0.1", "a:443", "id", "line");

	aggregate_add(a, r, window, AGGREGATE_BY_DESTINATION, t, t, 1);
	json_decref(r);
}

/* A rule's own window (aggregate in the rule) over the global one. */
START_TEST(test_rule_window)
{
	struct seen		 s = { json_array() };
	struct aggregate	*a;
	int			 i;

	a = aggregate_new(10 * MIN, 0, collect, &s);
	/* Rule 1: aggregate off, every hit goes out. */
	for (i = 0; i < 3; i++)
		add_w(a, "1", 0, T0 + i);
	ck_assert_uint_eq(json_array_size(s.recs), 3);
	/* Rule 2: one minute; the hit at 2 minutes opens a new window. */
	add_w(a, "2", MIN, T0);
	add_w(a, "2", MIN, T0 + 30000);
	ck_assert_uint_eq(json_array_size(s.recs), 4);
	add_w(a, "2", MIN, T0 + 2 * MIN);
	ck_assert_uint_eq(json_array_size(s.recs), 6);
	/* Rule 3: the global ten minutes. */
	add_w(a, "3", -1, T0);
	add_w(a, "3", -1, T0 + 5 * MIN);
	ck_assert_uint_eq(json_array_size(s.recs), 7);
	aggregate_tick(a, T0 + 3 * MIN);
	ck_assert_uint_eq(aggregate_stats(a)->open, 1);
	aggregate_tick(a, T0 + 15 * MIN);
	ck_assert_uint_eq(json_array_size(s.recs), 8);
	ck_assert_uint_eq(aggregate_stats(a)->suppressed, 2);
	aggregate_free(a);
	json_decref(s.recs);
}
END_TEST

/* Full table: the oldest window closes early, its update not lost. */
START_TEST(test_evict)
{
	struct seen		 s = { json_array() };
	struct aggregate	*a;
	char			 ip[32];
	int			 i;

	a = aggregate_new(10 * MIN, 3, collect, &s);
	add(a, "1", "10.0.0.0", "a:443", "id-0", T0);
	add(a, "1", "10.0.0.0", "a:443", "id-0b", T0 + 1);
	for (i = 1; i <= 3; i++) {
		snprintf(ip, sizeof(ip), "10.0.0.%d", i);
		add(a, "1", ip, "a:443", "id-n", T0 + 2 + i);
	}
	ck_assert_uint_eq(aggregate_stats(a)->evicted, 1);
	ck_assert_uint_eq(aggregate_stats(a)->open, 3);
	/* 4 first alerts, and the evicted window's update before the 4th. */
	ck_assert_uint_eq(json_array_size(s.recs), 5);
	ck_assert_str_eq(field(s.recs, 3, "event", "id"), "id-0");
	ck_assert_int_eq(inc_int(s.recs, 3, "count"), 2);
	aggregate_free(a);
	json_decref(s.recs);
}
END_TEST

/* Many windows: the table grows and finds each one again. */
START_TEST(test_many)
{
	struct seen		 s = { json_array() };
	struct aggregate	*a;
	char			 ip[32];
	int			 i, round;

	a = aggregate_new(10 * MIN, 0, collect, &s);
	for (round = 0; round < 3; round++)
		for (i = 0; i < 1000; i++) {
			snprintf(ip, sizeof(ip), "10.1.%d.%d", i / 256, i % 256);
			add(a, "1", ip, "a:443", "id", T0 + round);
		}
	ck_assert_uint_eq(json_array_size(s.recs), 1000);
	ck_assert_uint_eq(aggregate_stats(a)->suppressed, 2000);
	aggregate_drain(a);
	ck_assert_uint_eq(json_array_size(s.recs), 2000);
	ck_assert_int_eq(inc_int(s.recs, 1999, "count"), 3);
	aggregate_free(a);
	json_decref(s.recs);
}
END_TEST

static Suite *
aggregate_suite(void)
{
	Suite	*s = suite_create("aggregate");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_fold);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_by_endpoint);
	tcase_add_test(tc, test_new_window);
	tcase_add_test(tc, test_off);
	tcase_add_test(tc, test_rule_window);
	tcase_add_test(tc, test_evict);
	tcase_add_test(tc, test_many);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(aggregate_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
