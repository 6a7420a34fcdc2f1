/*
 * Tests of incident grouping (src/alert/incident.c): the rules of
 * incident.h one by one (endpoint and indicator links within the
 * window, exact links by event id, propagation chains, merges), the
 * furthest stage, ids that depend on the first alert only, the incident
 * record, the bound, and the state file across a restart.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "alert/incident.h"
#include "testmain.h"
#include "testtmp.h"

#define MIN	60000LL
#define HOUR	(60 * MIN)

/* 2026-03-10T10:00:00Z plus minutes, as the record writes it. */
static void
at(int64_t min, char *buf, size_t len)
{
	/* The hour and minute within a day: two digits each. */
	snprintf(buf, len, "2026-03-10T%02d:%02d:00.000Z",
	    (int)((10 + min / 60) % 24), (int)(min % 60));
}

/* An alert record reduced to what grouping reads. */
static json_t *
rec(const char *id, const char *ep, const char *ind, int stage, int64_t min)
{
	char	 t[40];
	json_t	*r;

	at(min, t, sizeof(t));
	r = json_pack("{s:{s:s,s:s},s:{s:s},s:{s:{s:i,s:s,s:s},s:s,"
	    "s:[]}}", "event", "id", id, "end", t, "rule", "id", "1000001",
	    "incident", "attack_stage", "number", stage, "key", "k", "name",
	    "n", "importance", stage > 4 ? "critical" : "medium",
	    "related_alerts");
	ck_assert_ptr_nonnull(r);
	if (ep != NULL)
		json_object_set_new(json_object_get(r, "incident"), "endpoint",
		    json_pack("{s:s}", "key", ep));
	if (ind != NULL)
		json_object_set_new(r, "threat", json_pack("{s:{s:s}}",
		    "indicator", "name", ind));
	return r;
}

/* The incident id rec gets, copied to buf. */
static const char *
assign(struct incidents *ic, json_t *r, char *buf, size_t len)
{
	ck_assert_int_eq(incidents_assign(ic, r, NULL), 0);
	snprintf(buf, len, "%s", json_string_value(json_object_get(
	    json_object_get(r, "incident"), "id")));
	json_decref(r);
	return buf;
}

START_TEST(test_endpoint_window)
{
	struct incidents	*ic = incidents_new(HOUR, 100);
	char			 a[40], b[40], c[40], d[40];

	assign(ic, rec("id-1", "ws1", NULL, 2, 0), a, sizeof(a));
	assign(ic, rec("id-2", "ws1", NULL, 3, 60), b, sizeof(b));
	ck_assert_str_eq(a, b);
	/* More than the window after the last alert: a new incident. */
	assign(ic, rec("id-3", "ws1", NULL, 3, 121), c, sizeof(c));
	ck_assert_str_ne(a, c);
	/* Another endpoint, no indicator: its own. */
	assign(ic, rec("id-4", "ws2", NULL, 3, 121), d, sizeof(d));
	ck_assert_str_ne(c, d);
	/* A line a little out of order joins as well. */
	assign(ic, rec("id-5", "ws1", NULL, 3, 100), d, sizeof(d));
	ck_assert_str_eq(c, d);
	ck_assert_uint_eq(incidents_stats(ic)->opened, 3);
	ck_assert_uint_eq(incidents_stats(ic)->joined, 2);
	incidents_free(ic);
}
END_TEST

START_TEST(test_indicator)
{
	struct incidents	*ic = incidents_new(HOUR, 100);
	char			 a[40], b[40], c[40];

	assign(ic, rec("id-1", "ws1", "bad.example", 5, 0), a, sizeof(a));
	assign(ic, rec("id-2", "ws2", "bad.example", 5, 10), b, sizeof(b));
	ck_assert_str_eq(a, b);
	/* ws2 is now in it too. */
	assign(ic, rec("id-3", "ws2", NULL, 5, 20), c, sizeof(c));
	ck_assert_str_eq(a, c);
	incidents_free(ic);
}
END_TEST

/* Rule 4: a propagation chain over two incidents makes them one. */
START_TEST(test_chain_merge)
{
	struct incidents	*ic = incidents_new(HOUR, 100);
	char			 a[40], b[40], c[40], d[40];
	json_t			*r, *upd;

	assign(ic, rec("id-1", "ws1", NULL, 5, 0), a, sizeof(a));
	assign(ic, rec("id-2", "ws2", NULL, 4, 5), b, sizeof(b));
	ck_assert_str_ne(a, b);
	r = rec("id-3", "ws2", NULL, 4, 10);
	json_object_set_new(json_object_get(r, "incident"), "composite",
	    json_pack("{s:[s,s]}", "endpoints", "ws1", "ws2"));
	ck_assert_int_eq(incidents_assign(ic, r, &upd), 0);
	/* The older incident stays; the record names the one merged. */
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
	    "incident"), "id")), a);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(
	    json_object_get(r, "incident"), "merged"), 0)), b);
	ck_assert_ptr_nonnull(upd);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
	    upd, "incident"), "alerts")), 3);
	ck_assert_int_eq(json_array_size(json_object_get(json_object_get(upd,
	    "incident"), "endpoints")), 2);
	json_decref(upd);
	json_decref(r);
	/* The links of the merged one lead to the survivor. */
	assign(ic, rec("id-4", "ws2", NULL, 4, 20), c, sizeof(c));
	ck_assert_str_eq(a, c);
	assign(ic, rec("id-2", "ws2", NULL, 4, 5), d, sizeof(d));
	ck_assert_str_eq(a, d);
	ck_assert_uint_eq(incidents_stats(ic)->merged, 1);
	ck_assert_uint_eq(incidents_stats(ic)->open, 1);
	incidents_free(ic);
}
END_TEST

/* Exact links: a revision, or a composite naming its contributors. */
START_TEST(test_exact_links)
{
	struct incidents	*ic = incidents_new(HOUR, 100);
	char			 a[40], b[40];
	json_t			*r, *upd;

	assign(ic, rec("id-1", "ws1", NULL, 2, 0), a, sizeof(a));
	/* Hours later, no endpoint: joins by the alert it relates. */
	r = rec("id-2", NULL, NULL, 3, 300);
	json_array_append_new(json_object_get(json_object_get(r, "incident"),
	    "related_alerts"), json_string("id-1"));
	assign(ic, r, b, sizeof(b));
	ck_assert_str_eq(a, b);
	/* An update of id-1: a new revision of the incident, not an alert. */
	r = rec("id-1", "ws1", NULL, 2, 400);
	ck_assert_int_eq(incidents_assign(ic, r, &upd), 0);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
	    "incident"), "id")), a);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
	    upd, "incident"), "alerts")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
	    upd, "incident"), "revision")), 3);
	json_decref(upd);
	json_decref(r);
	incidents_free(ic);
}
END_TEST

START_TEST(test_stage_and_id)
{
	struct incidents	*ic = incidents_new(HOUR, 100);
	struct incidents	*ic2 = incidents_new(HOUR, 100);
	char			 a[40], b[40];
	json_t			*r, *in;

	assign(ic, rec("id-1", "ws1", NULL, 5, 0), a, sizeof(a));
	r = rec("id-2", "ws1", NULL, 2, 1);
	ck_assert_int_eq(incidents_assign(ic, r, NULL), 0);
	in = json_object_get(r, "incident");
	/* This alert's stage is 2; the incident reached 5. */
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(in,
	    "stage_reached"), "number")), 5);
	ck_assert_ptr_null(json_object_get(in, "merged"));
	json_decref(r);
	/* The id is the first alert's: the same from a fresh table. */
	assign(ic2, rec("id-1", "other", NULL, 1, 0), b, sizeof(b));
	ck_assert_str_eq(a, b);
	ck_assert_int_eq(strncmp(a, "INC-20260310-", 13), 0);
	ck_assert_uint_eq(strlen(a), 25);
	/* A record without event.id is counted and left alone. */
	r = json_pack("{s:{}}", "incident");
	ck_assert_int_eq(incidents_assign(ic, r, NULL), -1);
	ck_assert_ptr_null(json_object_get(json_object_get(r, "incident"),
	    "id"));
	ck_assert_uint_eq(incidents_stats(ic)->bad, 1);
	json_decref(r);
	incidents_free(ic);
	incidents_free(ic2);
}
END_TEST

/* Past max, the least recently seen go. */
START_TEST(test_bound)
{
	struct incidents	*ic = incidents_new(HOUR, 10);
	char			 id[20], ep[20], a[40];
	int			 i;

	for (i = 0; i < 25; i++) {
		snprintf(id, sizeof(id), "id-%d", i);
		snprintf(ep, sizeof(ep), "ws%d", i);
		assign(ic, rec(id, ep, NULL, 1, i), a, sizeof(a));
		ck_assert_uint_le(incidents_stats(ic)->open, 10);
	}
	ck_assert_uint_gt(incidents_stats(ic)->evicted, 0);
	ck_assert_uint_eq(incidents_stats(ic)->evicted +
	    incidents_stats(ic)->open, 25);
	incidents_free(ic);
}
END_TEST

/* An incident of many alerts: its event ids do not grow the links. */
START_TEST(test_links_bound)
{
	struct incidents	*ic = incidents_new(HOUR, 10);
	char			 id[20], a[40], b[40];
	int			 i;

	assign(ic, rec("id-0", "ws1", NULL, 1, 0), a, sizeof(a));
	for (i = 1; i < 1000; i++) {
		snprintf(id, sizeof(id), "id-%d", i);
		assign(ic, rec(id, "ws1", NULL, 1, i / 20), b, sizeof(b));
		ck_assert_str_eq(a, b);
		ck_assert_uint_le(incidents_stats(ic)->links,
		    10 * INCIDENT_LINKS_PER);
	}
	ck_assert_uint_gt(incidents_stats(ic)->links_evicted, 0);
	ck_assert_uint_eq(incidents_stats(ic)->open, 1);
	incidents_free(ic);
}
END_TEST

/* A restart continues the incidents; a bad line is counted, no more. */
START_TEST(test_state)
{
	struct incidents	*ic = incidents_new(HOUR, 100);
	char			 a[40], b[40];
	const char		*path = test_path("incidents");
	FILE			*fp;

	assign(ic, rec("id-1", "ws1", "bad.example", 2, 0), a, sizeof(a));
	ck_assert_int_eq(incidents_save(ic, path), 0);
	incidents_free(ic);
	ck_assert_ptr_nonnull(fp = fopen(path, "a"));
	fputs("{\"link\": 5}\nnot json\n", fp);
	fclose(fp);
	ic = incidents_new(HOUR, 100);
	ck_assert_int_eq(incidents_load(ic, path), 0);
	ck_assert_uint_eq(incidents_stats(ic)->bad, 2);
	assign(ic, rec("id-2", "ws9", "bad.example", 3, 30), b, sizeof(b));
	ck_assert_str_eq(a, b);
	incidents_free(ic);
	/* Not an incident file: refused, nothing loaded. */
	test_puts("other", "w", "{\"format\": \"x\"}\n");
	ic = incidents_new(HOUR, 100);
	ck_assert_int_eq(incidents_load(ic, test_path("other")), -1);
	ck_assert_int_eq(incidents_load(ic, test_path("missing")), 0);
	ck_assert_uint_eq(incidents_stats(ic)->open, 0);
	incidents_free(ic);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_endpoint_window, 0 }, { test_indicator, 0 },
		{ test_chain_merge, 0 }, { test_exact_links, 0 },
		{ test_stage_and_id, 0 }, { test_bound, 0 },
		{ test_links_bound, 0 },
		{ test_state, 0 },
	};

	return test_run_fixture("incident", tests, TEST_NITEMS(tests),
	    test_dir_make, test_dir_remove);
}
