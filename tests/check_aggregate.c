/*
 * Tests of alert aggregation (src/alert/aggregate.c): alerts of the same
 * rule, endpoint and destination within a window fold into one with a
 * count, by the keys a rule names; windows, eviction and the bound; the
 * bytes an open window holds, and updates byte for byte as before.
 */
#include <check.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "alert/aggregate.h"
#include "alert/alert.h"
#include "analyzers/finding.h"
#include "event/logevent.h"
#include "rules/rule.h"

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
	json_t		*r = rec(rule, ip, dest, id, id);
	const char	*eid;

	aggregate_add(a, r, -1, AGGREGATE_BY_DESTINATION, t, t, 1, &eid);
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
	const char		*id;
	char			 dest[32];
	int			 i;

	a = aggregate_new(10 * MIN, 0, collect, &s);
	for (i = 0; i < 150; i++) {
		snprintf(dest, sizeof(dest), "10.0.2.%d", i % 120);
		r = rec("3000011", "172.16.1.11", dest, "id-s", "l");
		aggregate_add(a, r, -1, AGGREGATE_BY_ENDPOINT, T0 + i * 1000,
		    T0 + i * 1000, 1, &id);
		json_decref(r);
	}
	/* Another endpoint and another rule keep windows of their own. */
	r = rec("3000011", "172.16.1.12", "10.0.2.1", "id-t", "l");
	aggregate_add(a, r, -1, AGGREGATE_BY_ENDPOINT, T0, T0, 1, &id);
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

/*
 * Live: the wall clock closes a window its length plus the grace after
 * it opened, although event time stands still; windows opened before
 * the clock was first given are left to event time.
 */
START_TEST(test_wall)
{
	struct seen		 s = { json_array() };
	struct aggregate	*a;
	const int64_t		 W = 5000;	/* wall clock, ms */

	a = aggregate_new(MIN, 0, collect, &s);
	add(a, "1", "10.0.0.9", "a:443", "id-0", T0);	/* before the clock */
	aggregate_wall(a, W, -1);
	add(a, "1", "10.0.0.1", "a:443", "id-1", T0);
	add(a, "1", "10.0.0.1", "a:443", "id-2", T0 + 1000);
	add(a, "1", "10.0.0.2", "a:443", "id-3", T0);	/* nothing folds */
	ck_assert_uint_eq(json_array_size(s.recs), 3);
	aggregate_wall(a, W + MIN + 2000 - 1, 2000);
	ck_assert_uint_eq(json_array_size(s.recs), 3);
	ck_assert_uint_eq(aggregate_stats(a)->open, 3);
	aggregate_wall(a, W + MIN + 2000, 2000);
	/* id-1's update; id-3's window closes without one; id-0 stays. */
	ck_assert_uint_eq(json_array_size(s.recs), 4);
	ck_assert_str_eq(field(s.recs, 3, "event", "id"), "id-1");
	ck_assert_int_eq(inc_int(s.recs, 3, "revision"), 2);
	ck_assert_int_eq(inc_int(s.recs, 3, "count"), 2);
	ck_assert_uint_eq(aggregate_stats(a)->wall_closed, 2);
	ck_assert_uint_eq(aggregate_stats(a)->open, 1);
	/* Off: the time is only noted. */
	aggregate_wall(a, W + 100 * MIN, -1);
	ck_assert_uint_eq(aggregate_stats(a)->open, 1);
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
	json_t		*r = rec(rule, "10.0.0.1", "a:443", "id", "line");
	const char	*id;

	aggregate_add(a, r, window, AGGREGATE_BY_DESTINATION, t, t, 1, &id);
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

/*
 * A large alert, as the alert builder makes it: a proxy rule with
 * countermeasures, references and techniques, on a Squid line longer
 * than evidence-max (so its evidence line is cut there, 2048 bytes),
 * whose URL is an analytics hit: many parameters, and tokens that differ
 * with every request.  With rnd, the query is instead random text, which
 * no compression shrinks.
 */
#define BIG_EVMAX	2048

static struct countermeasure big_cms[] = {
	{ CM_ENDPOINT, "isolate" }, { CM_SEGMENT, "block-domain" },
	{ CM_ENDPOINT, "block-destination-url" },
	{ CM_ENDPOINT, "block-destination-port" },
	{ CM_ACCOUNT, "reset-password" },
};
static char *big_tech[] = { "T1071.001", "T1041" };
static char *big_refs[] = { "https://attack.mitre.org/techniques/T1071/001/",
	"https://attack.mitre.org/techniques/T1041/" };

struct big {
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	char		 ip[32];
	char		 url[4096];
	char		 line[4608];
};

/* A token that differs with every (endpoint, request): splitmix64. */
static uint64_t
big_token(int ep, int n, int k)
{
	uint64_t	 x = (uint64_t)ep << 40 ^ (uint64_t)n << 20 ^
			    (uint64_t)k;

	x = (x + 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static void
big_url(char *u, size_t size, int ep, int n, int rnd)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t	 len;
	int	 i;

	len = snprintf(u, size, "http://stats.analytics.example/collect?v=1&"
	    "tid=UA-40719-2&cid=%016llx.%d&t=event&ec=video&ea=play&z=%016llx",
	    (unsigned long long)big_token(ep, 0, 0), ep,
	    (unsigned long long)big_token(ep, n, 1));
	for (i = 1; len < (rnd ? 3500u : 2300u); i++) {
		if (rnd)
			len += snprintf(u + len, size - len, "%c",
			    b64[big_token(ep, n, i + 2) >> 58]);
		else
			len += snprintf(u + len, size - len, "&pr%did=SKU-%05d"
			    "&pr%dnm=Training%%20video%%20%d&pr%dca=Learning"
			    "%%2FSecurity&pr%dpr=%d.99&pr%dqt=1", i, i * 7, i, i,
			    i, i, i * 3 % 50, i);
	}
}

static json_t *
big_alert(struct big *b, int ep, int n, int rnd)
{
	static const struct alert_ctx	 ctx = { "sensor1.example.org",
	    "default", "0.1.0", 1773147731000LL, BIG_EVMAX };
	struct logevent	*ev = &b->ev;
	const char	*q;

	memset(b, 0, sizeof(*b));
	b->r.id = "1000107";
	b->r.name = "Request to a listed tracking and exfiltration host";
	b->r.description = "The endpoint sent a request to a host that the "
	    "exfil-hosts list names as a collector of stolen data.";
	b->r.viewpoint = VP_KNOWN_ATTACK;
	b->r.stage = 6;
	b->r.importance = LVL_HIGH;
	b->r.priority = LVL_HIGH;
	b->r.techniques = big_tech;
	b->r.ntechniques = 2;
	b->r.references = big_refs;
	b->r.nreferences = 2;
	b->r.cms = big_cms;
	b->r.ncms = sizeof(big_cms) / sizeof(big_cms[0]);
	b->r.enabled = 1;
	snprintf(b->ip, sizeof(b->ip), "10.%d.%d.%d", 20 + ep / 65536,
	    ep / 256 % 256, ep % 256);
	big_url(b->url, sizeof(b->url), ep, n, rnd);
	snprintf(b->line, sizeof(b->line), "%lld.%03d %6d %s TCP_MISS/200 %d "
	    "GET %s - HIER_DIRECT/198.51.100.7 image/gif",
	    (long long)(T0 / 1000 + n), n % 1000, 100 + n, b->ip, 400 + n,
	    b->url);
	logevent_reset(ev);
	ev->time_ms = T0 + n * 1000;
	ev->source = SRC_PROXY;
	ev->format = "squid";
	ev->input = "proxy";
	ev->file = "/var/log/squid/access.log";
	ev->offset = (uint64_t)ep * 1000000 + (uint64_t)n * 4096;
	ev->raw = slice_cstr(b->line);
	ev->src_ip = slice_cstr(b->ip);
	ev->dst_ip = slice_cstr("198.51.100.7");
	ev->dst_domain = slice_cstr("stats.analytics.example");
	ev->dst_port = 80;
	ev->url = slice_cstr(b->url);
	ev->url_scheme = slice_cstr("http");
	ev->url_path = slice_cstr("/collect");
	q = strchr(b->url, '?') + 1;
	ev->url_query = slice_cstr(q);
	ev->method = slice_cstr("GET");
	ev->content_type = slice_cstr("image/gif");
	ev->result = slice_cstr("TCP_MISS");
	ev->status = 200;
	ev->bytes_in = 400 + n;
	ev->duration_ms = 100 + n;
	b->f.rule = &b->r;
	b->f.ev = ev;
	b->f.first_ms = b->f.last_ms = ev->time_ms;
	b->f.count = 1;
	b->f.ind.value = "analytics.example";
	b->f.ind.type = "domain";
	b->f.ind.list = "exfil-hosts";
	b->f.ind.source = "exfil-hosts.txt";
	b->f.ind.matched = "destination.domain";
	return alert_build(&ctx, &b->f, NULL);
}

/* Open n windows (endpoints from ep) and fold a second alert in each. */
static void
big_windows(struct aggregate *a, int ep, int n, int rnd)
{
	struct big	 b;
	const char	*id;
	json_t		*r;
	int		 i, k;

	for (k = 0; k < 2; k++)
		for (i = ep; i < ep + n; i++) {
			ck_assert_ptr_nonnull(r = big_alert(&b, i, k, rnd));
			aggregate_add(a, r, -1, AGGREGATE_BY_DESTINATION,
			    b.f.first_ms, b.f.last_ms, 1, &id);
			json_decref(r);
		}
}

/* What the update of endpoint ep's window must be: the whole alert's. */
static char *
big_update(int ep, int rnd)
{
	struct big	 b;
	json_t		*u, *last, *inc;
	char		*s;

	u = big_alert(&b, ep, 0, rnd);
	last = big_alert(&b, ep, 1, rnd);
	inc = json_object_get(u, "incident");
	json_object_set_new(json_object_get(u, "event"), "end",
	    json_string("2026-03-10T10:00:01.000Z"));
	json_object_set_new(inc, "count", json_integer(2));
	json_object_set_new(inc, "revision", json_integer(2));
	json_array_append(json_object_get(inc, "evidence"), json_array_get(
	    json_object_get(json_object_get(last, "incident"), "evidence"), 0));
	s = json_dumps(u, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(u);
	json_decref(last);
	return s;
}

/* The records as the alerter writes them; only counted while off. */
struct texts {
	json_t	*recs;
	int	 keep;
	size_t	 n;
};

static void
collect_text(void *arg, json_t *rec)
{
	struct texts	*t = arg;
	char		*s;

	t->n++;
	if (!t->keep)
		return;
	s = json_dumps(rec, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_array_append_new(t->recs, json_string(s));
	free(s);
}

static size_t
heap_used(void)
{
	return mallinfo2().uordblks;
}

/*
 * Once the windows hold a quarter of their bytes, an open window holds
 * at most AGGREGATE_BYTES, counted by the windows and measured on the
 * heap, with large alerts (400 windows of at most 400, so all but the
 * first few are deflated); and the update it gives is byte for byte the
 * one the whole alert gives.
 */
START_TEST(test_bytes)
{
	struct texts		 s = { json_array(), 0, 0 };
	struct aggregate	*a;
	struct big		 b;
	json_t			*r;
	size_t			 h0, h1, i;
	char			*want;

	r = big_alert(&b, 0, 0, 0);
	ck_assert_uint_eq(json_string_length(json_object_get(json_array_get(
	    json_object_get(json_object_get(r, "incident"), "evidence"), 0),
	    "line")), BIG_EVMAX);
	want = json_dumps(r, JSON_COMPACT);
	ck_assert_uint_gt(strlen(want), 8000);
	free(want);
	json_decref(r);
	a = aggregate_new(10 * MIN, 400, collect_text, &s);
	/* The heap one window more takes, past what every window shares. */
	big_windows(a, 0, 200, 0);
	h0 = heap_used();
	big_windows(a, 200, 200, 0);
	h1 = heap_used();
	ck_assert_uint_eq(aggregate_stats(a)->open, 400);
	ck_assert_msg(aggregate_stats(a)->bytes / 400 <= AGGREGATE_BYTES,
	    "%zu bytes a window", aggregate_stats(a)->bytes / 400);
	ck_assert_msg(h1 < h0 || (h1 - h0) / 200 <= AGGREGATE_BYTES,
	    "%zu bytes of heap a window", (h1 - h0) / 200);
	s.keep = 1;
	aggregate_drain(a);
	ck_assert_uint_eq(json_array_size(s.recs), 400);
	for (i = 0; i < 400; i += 37) {
		want = big_update(i, 0);
		ck_assert_str_eq(json_string_value(json_array_get(s.recs, i)),
		    want);
		free(want);
	}
	ck_assert_uint_eq(aggregate_stats(a)->bytes, 0);
	ck_assert_uint_eq(aggregate_stats(a)->shared, 0);
	aggregate_free(a);
	json_decref(s.recs);
}
END_TEST

/*
 * A few windows, far below a quarter of the bytes: their texts are kept
 * as they are, not deflated, and give the same updates.
 */
START_TEST(test_plain)
{
	struct texts		 s = { json_array(), 0, 0 };
	struct aggregate	*a;
	size_t			 i;
	char			*want;

	a = aggregate_new(10 * MIN, 0, collect_text, &s);
	big_windows(a, 0, 100, 0);
	ck_assert_uint_eq(aggregate_stats(a)->open, 100);
	ck_assert_msg(aggregate_stats(a)->bytes / 100 > 8000,
	    "%zu bytes a window", aggregate_stats(a)->bytes / 100);
	s.keep = 1;
	aggregate_drain(a);
	ck_assert_uint_eq(json_array_size(s.recs), 100);
	for (i = 0; i < 100; i += 9) {
		want = big_update(i, 0);
		ck_assert_str_eq(json_string_value(json_array_get(s.recs, i)),
		    want);
		free(want);
	}
	aggregate_free(a);
	json_decref(s.recs);
}
END_TEST

/*
 * Alerts that do not compress: the windows are bounded in bytes, the
 * oldest close early, and every update still goes out, whole.
 */
START_TEST(test_bytes_cap)
{
	struct texts		 s = { json_array(), 1, 0 };
	struct aggregate	*a;
	char			*want;
	int			 i;

	a = aggregate_new(10 * MIN, 20, collect_text, &s);
	for (i = 0; i < 60; i++) {
		big_windows(a, i, 1, 1);
		ck_assert_uint_le(aggregate_stats(a)->bytes,
		    20 * AGGREGATE_BYTES);
	}
	/* More than 2 KB each: fewer than 20 fit. */
	ck_assert_uint_lt(aggregate_stats(a)->open, 20);
	ck_assert_uint_gt(aggregate_stats(a)->evicted, 40);
	aggregate_drain(a);
	/* 60 first alerts, and 60 updates, early or not, whole. */
	ck_assert_uint_eq(aggregate_stats(a)->updates, 60);
	ck_assert_uint_eq(json_array_size(s.recs), 120);
	want = big_update(59, 1);
	ck_assert_str_eq(json_string_value(json_array_get(s.recs, 119)), want);
	free(want);
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
	tcase_add_test(tc, test_wall);
	tcase_add_test(tc, test_rule_window);
	tcase_add_test(tc, test_evict);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_bytes);
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_bytes_cap);
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
