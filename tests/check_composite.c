/*
 * The composite analyzer (src/analyzers/composite.c and its comp*.c):
 * rule options, the window logic (compgroup), and each kind of composite
 * rule end to end through the analyzer, with the records it annotates
 * (ids, revisions, related alerts, paths).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "alert/alert.h"
#include "analyzers/analyzer.h"
#include "analyzers/compgroup.h"
#include "analyzers/composite.h"
#include "analyzers/contrib.h"
#include "analyzers/finding.h"
#include "event/logevent.h"
#include "conf/conf.h"
#include "rules/rule.h"
#include "rules/ruleset.h"

#define T0	1773129600000LL
#define MIN	60000LL

static const char *rules_text =
"rule 1 {\n name \"c2\"\n viewpoint known-attack\n stage c2\n"
" condition destination.domain == \"c2.example\"\n}\n"
"rule 2 {\n name \"odd\"\n viewpoint not-normal-business\n stage c2\n"
" condition destination.port == 8443\n}\n"
"rule 3 {\n name \"deviation\"\n viewpoint deviation-from-normal\n"
" stage objective\n condition destination.port == 9999\n}\n"
"rule 10 {\n name \"again\"\n analyzer composite\n viewpoint composite\n"
" stage recon\n kind continuity\n step rule 1\n count 3\n window 10m\n}\n"
"rule 11 {\n name \"combo\"\n analyzer composite\n viewpoint composite\n"
" stage recon\n kind combination\n step viewpoint not-normal-business\n"
" step viewpoint deviation-from-normal\n ordered yes\n window 1h\n}\n"
"rule 12 {\n name \"spread\"\n analyzer composite\n viewpoint composite\n"
" stage recon\n kind spread\n step viewpoint known-attack\n count 3\n"
" window 1h\n countermeasure endpoint isolate\n}\n"
"rule 13 {\n name \"path\"\n analyzer composite\n viewpoint composite\n"
" stage recon\n kind propagation\n step viewpoint known-attack\n"
" window 1h\n}\n";

struct cap {
	void	*state;
	json_t	*recs[64];
	size_t	 n;
};

static struct cap	 cap;
static struct ruleset	*rs;
static void		*comp;
static struct logevent	 ev;
static uint32_t		 shard;		/* of the events find makes */

static void
cap_emit(void *arg, const struct finding *f)
{
	struct alert_ctx	 actx = { "test", "test", "0", T0, 0 };
	json_t			*rec;

	(void)arg;
	ck_assert(composite_own(f));
	rec = alert_build(&actx, f, NULL);
	ck_assert_ptr_nonnull(rec);
	composite_annotate(comp, f, rec);
	if (cap.n < 64)
		cap.recs[cap.n++] = rec;
	else
		json_decref(rec);
}

static struct ruleset *
load(const char *text, struct cerrors *errs)
{
	struct ruleset	*r = analyzer_ruleset_new("test");
	struct cnode	*root, *n;
	int		 rc = 0;

	root = conf_parse_string("test.rules", text, strlen(text), errs);
	for (n = root; n != NULL; n = n->next)
		if (ruleset_statement(r, n, errs) == -1)
			rc = -1;
	conf_free(root);
	if (rc == -1 || errs->n > 0) {
		ruleset_free(r);
		return NULL;
	}
	return r;
}

static void
setup(void)
{
	struct cerrors		 errs;
	struct emitter		 em = { cap_emit, NULL };
	struct analyzer_env	 env = { NULL, 1, NULL, ANALYZER_TIER_ALL,
	    { NULL, NULL } };

	memset(&errs, 0, sizeof(errs));
	rs = load(rules_text, &errs);
	if (rs == NULL)
		cerrors_print(&errs);
	ck_assert_ptr_nonnull(rs);
	comp = analyzer_composite.new(rs, &em, &env);
	ck_assert_ptr_nonnull(comp);
	memset(&cap, 0, sizeof(cap));
}

static void
teardown(void)
{
	size_t	 i;

	for (i = 0; i < cap.n; i++)
		json_decref(cap.recs[i]);
	analyzer_composite.free(comp);
	ruleset_free(rs);
	logevent_free(&ev);
}

/* A finding of rule id on the endpoint at ip, at time t. */
static void
find(const char *id, const char *ip, int64_t t, const char *dom)
{
	struct finding	 f;
	char		 aid[37];

	logevent_reset(&ev);
	ev.time_ms = t;
	ev.source = SRC_PROXY;
	ev.src_ip = slice_cstr(ip);
	ev.dst_domain = slice_cstr(dom != NULL ? dom : "c2.example");
	ev.raw = slice_cstr(ip);
	ev.shard = shard;
	memset(&f, 0, sizeof(f));
	f.rule = ruleset_rule(rs, id);
	ck_assert_ptr_nonnull(f.rule);
	f.ev = &ev;
	f.first_ms = f.last_ms = t;
	f.count = 1;
	if (strcmp(id, "1") == 0) {
		f.ind.value = "c2.example";
		f.ind.type = "domain";
	}
	finding_id(&f, aid);
	composite_finding(comp, &f, aid, 1);
}

static const char *
rec_str(size_t i, const char *a, const char *b)
{
	return json_string_value(json_object_get(json_object_get(
	    cap.recs[i], a), b));
}

static json_int_t
rec_revision(size_t i)
{
	return json_integer_value(json_object_get(json_object_get(
	    cap.recs[i], "incident"), "revision"));
}

static size_t
rec_related(size_t i)
{
	return json_array_size(json_object_get(json_object_get(cap.recs[i],
	    "incident"), "related_alerts"));
}

START_TEST(composite_options)
{
	static const char *const bad[] = {
		"rule 20 {\n name \"x\"\n analyzer composite\n viewpoint "
		"composite\n stage recon\n step any\n}\n",
		"rule 20 {\n name \"x\"\n analyzer composite\n viewpoint "
		"composite\n stage recon\n kind combination\n step any\n}\n",
		"rule 20 {\n name \"x\"\n analyzer composite\n viewpoint "
		"composite\n stage recon\n kind spread\n step condition\n}\n",
		"rule 20 {\n name \"x\"\n analyzer composite\n viewpoint "
		"composite\n stage recon\n kind spread\n step colour red\n}\n",
		"rule 20 {\n name \"x\"\n analyzer composite\n viewpoint "
		"composite\n stage recon\n kind continuity\n step any\n"
		" count 99\n}\n",
		"rule 20 {\n name \"x\"\n analyzer composite\n viewpoint "
		"composite\n stage recon\n kind spread\n step any\n"
		" group-by endpoint\n}\n",
		"rule 20 {\n name \"x\"\n analyzer composite\n viewpoint "
		"composite\n stage recon\n kind continuity\n step viewpoint "
		"composite\n}\n",
		"rule 20 {\n name \"x\"\n analyzer match\n viewpoint "
		"composite\n stage recon\n kind continuity\n condition "
		"destination.port == 1\n}\n",
	};
	struct cerrors	 errs;
	struct ruleset	*r;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&errs, 0, sizeof(errs));
		r = load(bad[i], &errs);
		ck_assert_msg(r == NULL, "accepted: %s", bad[i]);
		ck_assert_uint_gt(errs.n, 0);
		cerrors_clear(&errs);
	}
	/* A condition alone is the step of a spread. */
	memset(&errs, 0, sizeof(errs));
	r = load("rule 21 {\n name \"x\"\n analyzer composite\n viewpoint "
	    "composite\n stage recon\n kind spread\n group-by user\n"
	    " condition winlog.event_id == 4624\n}\n", &errs);
	ck_assert_ptr_nonnull(r);
	ruleset_free(r);
}
END_TEST

static struct comp_item
item(int64_t t, uint64_t ep, uint8_t steps, uint64_t corr)
{
	struct comp_item	 it;

	memset(&it, 0, sizeof(it));
	it.t = t;
	it.ephash = ep;
	it.steps = steps;
	it.corr = corr;
	return it;
}

START_TEST(composite_windows)
{
	struct comp_params	 p;
	struct comp_groupent	 g;
	struct comp_item	 it;
	size_t			 sel[COMP_ITEMS];
	int			 i;

	memset(&p, 0, sizeof(p));
	p.kind = CK_CONTINUITY;
	p.count = 3;
	p.window_ms = 10 * MIN;
	memset(&g, 0, sizeof(g));
	/* Two, then one 20 minutes later: not three within ten. */
	it = item(T0, 1, 1, 0);
	compgroup_add(&g, &it, 0);
	it = item(T0 + MIN, 1, 1, 0);
	compgroup_add(&g, &it, 0);
	it = item(T0 + 20 * MIN, 1, 1, 0);
	compgroup_add(&g, &it, 0);
	ck_assert_uint_eq(compgroup_eval(&g, &p, &it, sel), 0);
	/* A late arrival in the first window completes it. */
	it = item(T0 + 2 * MIN, 1, 1, 0);
	compgroup_add(&g, &it, 0);
	ck_assert_uint_eq(compgroup_eval(&g, &p, &it, sel), 3);
	/* The ring keeps the latest by time: older ones are refused. */
	for (i = 0; i < COMP_ITEMS; i++) {
		it = item(T0 + (100 + i) * MIN, 1, 1, 0);
		compgroup_add(&g, &it, 0);
	}
	it = item(T0, 1, 1, 0);
	ck_assert_int_eq(compgroup_add(&g, &it, 0), -1);
	/* Ordered combination: step 0 then step 1, not the reverse. */
	memset(&g, 0, sizeof(g));
	p.kind = CK_COMBINATION;
	p.nsteps = 2;
	p.count = 2;
	p.ordered = 1;
	it = item(T0, 1, 2, 0);
	compgroup_add(&g, &it, 0);
	it = item(T0 + MIN, 1, 1, 0);
	compgroup_add(&g, &it, 0);
	ck_assert_uint_eq(compgroup_eval(&g, &p, &it, sel), 0);
	p.ordered = 0;
	ck_assert_uint_eq(compgroup_eval(&g, &p, &it, sel), 2);
	p.ordered = 1;
	it = item(T0 + 2 * MIN, 1, 2, 0);
	compgroup_add(&g, &it, 0);
	ck_assert_uint_eq(compgroup_eval(&g, &p, &it, sel), 2);
	/* "same": only contributions sharing the value count. */
	memset(&g, 0, sizeof(g));
	p.same = CC_FILE;
	it = item(T0, 1, 1, 77);
	compgroup_add(&g, &it, 0);
	it = item(T0 + MIN, 1, 2, 78);
	compgroup_add(&g, &it, 0);
	ck_assert_uint_eq(compgroup_eval(&g, &p, &it, sel), 0);
	it = item(T0 + 2 * MIN, 1, 2, 77);
	compgroup_add(&g, &it, 0);
	ck_assert_uint_eq(compgroup_eval(&g, &p, &it, sel), 2);
	/* Spread: one item per endpoint. */
	memset(&g, 0, sizeof(g));
	memset(&p, 0, sizeof(p));
	p.kind = CK_SPREAD;
	p.count = 3;
	p.window_ms = 10 * MIN;
	for (i = 0; i < 5; i++) {
		it = item(T0 + i * 1000, 1 + i % 2, 1, 0);
		compgroup_add(&g, &it, 1);
	}
	ck_assert_uint_eq(g.n, 2);
	ck_assert_uint_eq(compgroup_eval(&g, &p, &it, sel), 0);
	it = item(T0 + 9000, 3, 1, 0);
	compgroup_add(&g, &it, 1);
	ck_assert_uint_eq(compgroup_eval(&g, &p, &it, sel), 3);
}
END_TEST

START_TEST(composite_continuity)
{
	find("1", "10.0.0.1", T0, NULL);
	find("1", "10.0.0.1", T0 + MIN, NULL);
	find("1", "10.0.0.2", T0 + MIN, NULL);
	ck_assert_uint_eq(cap.n, 0);
	find("1", "10.0.0.1", T0 + 2 * MIN, NULL);
	ck_assert_uint_eq(cap.n, 1);
	ck_assert_str_eq(rec_str(0, "rule", "id"), "10");
	ck_assert_int_eq(rec_revision(0), 1);
	ck_assert_uint_eq(rec_related(0), 3);
	/* The furthest stage of what contributed, not the rule's floor. */
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_object_get(cap.recs[0], "incident"), "attack_stage"),
	    "key")), "c2");
	/* More of the same: counted, not repeated. */
	find("1", "10.0.0.1", T0 + 3 * MIN, NULL);
	ck_assert_uint_eq(cap.n, 1);
}
END_TEST

START_TEST(composite_combination)
{
	find("3", "10.0.0.1", T0, "x.example");
	find("2", "10.0.0.1", T0 + MIN, "x.example");
	ck_assert_uint_eq(cap.n, 0);	/* in the wrong order */
	find("3", "10.0.0.1", T0 + 2 * MIN, "x.example");
	ck_assert_uint_eq(cap.n, 1);
	ck_assert_str_eq(rec_str(0, "rule", "id"), "11");
	ck_assert_uint_eq(rec_related(0), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_object_get(cap.recs[0], "incident"), "composite"), "kind")),
	    "combination");
}
END_TEST

START_TEST(composite_spread)
{
	const char	*id;

	find("1", "10.0.0.1", T0, NULL);
	find("1", "10.0.0.2", T0 + MIN, NULL);
	find("1", "10.0.0.2", T0 + MIN, NULL);
	ck_assert_uint_eq(cap.n, 0);
	find("1", "10.0.0.3", T0 + 2 * MIN, NULL);
	/* rule 10 (continuity) does not fire: one per endpoint */
	ck_assert_uint_eq(cap.n, 1);
	ck_assert_str_eq(rec_str(0, "rule", "id"), "12");
	id = rec_str(0, "event", "id");
	ck_assert_int_eq(rec_revision(0), 1);
	/* Wider scope: every endpoint isolated, the domain sinkholed. */
	ck_assert_uint_ge(json_array_size(json_object_get(json_object_get(
	    cap.recs[0], "incident"), "countermeasures")), 4);
	find("1", "10.0.0.4", T0 + 3 * MIN, NULL);
	ck_assert_uint_eq(cap.n, 2);
	ck_assert_str_eq(rec_str(1, "event", "id"), id);
	ck_assert_int_eq(rec_revision(1), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_object_get(cap.recs[1], "incident"), "composite"), "scope")),
	    "segment");
	/* Breadth raised the levels. */
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    cap.recs[1], "incident"), "importance")), "critical");
}
END_TEST

/* A network logon on host to from address from. */
static void
logon(const char *from, const char *to, int64_t t)
{
	logevent_reset(&ev);
	ev.time_ms = t;
	ev.source = SRC_AD;
	ev.win_event_id = 4624;
	ev.logon_type = slice_cstr("3");
	ev.src_ip = slice_cstr(from);
	ev.host_name = slice_cstr(to);
	ev.raw = slice_cstr(to);
	analyzer_composite.process(comp, &ev);
}

static void
lease(const char *ip, const char *host, int64_t t)
{
	logevent_reset(&ev);
	ev.time_ms = t;
	ev.source = SRC_DHCP;
	ev.action = slice_cstr("ack");
	ev.src_ip = slice_cstr(ip);
	ev.src_host = slice_cstr(host);
	ev.raw = slice_cstr(host);
	analyzer_composite.process(comp, &ev);
}

START_TEST(composite_propagation)
{
	json_t		*path;
	const char	*id;
	size_t		 i, n;

	lease("10.0.0.1", "WSA", T0 - MIN);
	lease("10.0.0.2", "WSB", T0 - MIN);
	lease("10.0.0.3", "WSC", T0 - MIN);
	find("1", "10.0.0.1", T0, "a.example");
	logon("10.0.0.1", "WSB.corp.local", T0 + MIN);
	/* A finding on B before it was reached does not count. */
	ck_assert_uint_eq(cap.n, 0);
	find("1", "10.0.0.2", T0 + 2 * MIN, "b.example");
	for (i = n = 0; i < cap.n; i++)
		n += strcmp(rec_str(i, "rule", "id"), "13") == 0;
	ck_assert_uint_eq(n, 1);
	id = rec_str(cap.n - 1, "event", "id");
	logon("10.0.0.2", "WSC.corp.local", T0 + 3 * MIN);
	find("1", "10.0.0.3", T0 + 4 * MIN, "c.example");
	ck_assert_str_eq(rec_str(cap.n - 1, "rule", "id"), "13");
	ck_assert_str_eq(rec_str(cap.n - 1, "event", "id"), id);
	ck_assert_int_eq(rec_revision(cap.n - 1), 2);
	path = json_object_get(json_object_get(json_object_get(
	    cap.recs[cap.n - 1], "incident"), "composite"), "path");
	ck_assert_uint_eq(json_array_size(path), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    path, 0), "endpoint")), "wsa");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    path, 2), "endpoint")), "wsc");
	/* Evidence: the findings and the logons, in time order. */
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(
	    cap.recs[cap.n - 1], "incident"), "evidence")), 5);
	ck_assert_uint_eq(rec_related(cap.n - 1), 3);
}
END_TEST

START_TEST(composite_reload_keeps_state)
{
	struct cerrors	 errs;
	struct ruleset	*r2;

	find("1", "10.0.0.1", T0, NULL);
	find("1", "10.0.0.1", T0 + MIN, NULL);
	memset(&errs, 0, sizeof(errs));
	r2 = load(rules_text, &errs);
	ck_assert_ptr_nonnull(r2);
	ck_assert_int_eq(analyzer_composite.reload(comp, r2), 0);
	ruleset_free(rs);
	rs = r2;
	find("1", "10.0.0.1", T0 + 2 * MIN, NULL);
	ck_assert_uint_eq(cap.n, 1);
}
END_TEST

/* The path A -> B -> C of composite_propagation, from the start. */
static void
three_hops(void)
{
	lease("10.0.0.1", "WSA", T0 - MIN);
	lease("10.0.0.2", "WSB", T0 - MIN);
	lease("10.0.0.3", "WSC", T0 - MIN);
	find("1", "10.0.0.1", T0, "a.example");
	logon("10.0.0.1", "WSB.corp.local", T0 + MIN);
	find("1", "10.0.0.2", T0 + 2 * MIN, "b.example");
	logon("10.0.0.2", "WSC.corp.local", T0 + 3 * MIN);
	find("1", "10.0.0.3", T0 + 4 * MIN, "c.example");
}

/* Rule 13's records as text: id, revision, composite, evidence lines. */
static char *
path_records(void)
{
	json_t	*a = json_array(), *inc, *x, *e;
	char	*s;
	size_t	 i, j;

	for (i = 0; i < cap.n; i++) {
		if (strcmp(rec_str(i, "rule", "id"), "13") != 0)
			continue;
		inc = json_object_get(cap.recs[i], "incident");
		x = json_pack("{s:s,s:O,s:O,s:[]}", "id", rec_str(i, "event",
		    "id"), "revision", json_object_get(inc, "revision"),
		    "composite", json_object_get(inc, "composite"), "lines");
		json_array_foreach(json_object_get(inc, "evidence"), j, e)
			json_array_append(json_object_get(x, "lines"),
			    json_object_get(e, "line"));
		json_array_append_new(a, x);
	}
	s = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(a);
	return s;
}

struct lines {
	char	*l[64];
	size_t	 n;
};

static void
lines_add(void *arg, const struct contrib *k)
{
	struct lines	*ls = arg;
	json_t		*o = contrib_encode(k);

	ck_assert_ptr_nonnull(o);
	ck_assert_uint_lt(ls->n, 64);
	ls->l[ls->n++] = json_dumps(o, JSON_COMPACT);
	json_decref(o);
}

static void
comp_again(int tier, struct lines *ls)
{
	struct emitter		 em = { cap_emit, NULL };
	struct analyzer_env	 env = { NULL, 1, NULL, tier,
	    { ls != NULL ? lines_add : NULL, ls } };
	size_t			 i;

	for (i = 0; i < cap.n; i++)
		json_decref(cap.recs[i]);
	cap.n = 0;
	analyzer_composite.free(comp);
	ck_assert_ptr_nonnull(comp = analyzer_composite.new(rs, &em, &env));
}

/*
 * A first tier that leaves the propagation rule to the tier writes what
 * it takes as contribution records and alerts nothing of it; the tier,
 * given only those records, makes one instance's alerts of it: ids,
 * revisions, path, contributors, evidence lines.
 */
START_TEST(composite_tier_contributions)
{
	struct lines	 ls;
	struct contrib	 k;
	const char	*err;
	char		*one, *tier;
	size_t		 i, reach = 0;

	three_hops();
	one = path_records();
	ck_assert_ptr_nonnull(strstr(one, "\"revision\":2"));
	memset(&ls, 0, sizeof(ls));
	comp_again(ANALYZER_TIER_LOCAL, &ls);
	three_hops();
	tier = path_records();
	ck_assert_str_eq(tier, "[]");
	free(tier);
	/* Three findings and two logons; the leases reach nothing. */
	ck_assert_uint_eq(ls.n, 5);
	comp_again(ANALYZER_TIER_CROSS, NULL);
	memset(&k, 0, sizeof(k));
	for (i = 0; i < ls.n; i++) {
		err = NULL;
		ck_assert_int_eq(contrib_decode(&k, rs, ls.l[i],
		    strlen(ls.l[i]), &err), 0);
		reach += k.type == CONTRIB_REACH;
		analyzer_composite.contribution(comp, &k);
		free(ls.l[i]);
	}
	contrib_clear(&k);
	ck_assert_uint_eq(reach, 2);
	tier = path_records();
	ck_assert_str_eq(tier, one);
	free(one);
	free(tier);
}
END_TEST

/* The records so far, one JSON text a line; then dropped. */
static char *
recs_text(void)
{
	char	*all = NULL, *r;
	size_t	 len = 0, i;
	FILE	*fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&all, &len));
	for (i = 0; i < cap.n; i++) {
		ck_assert_ptr_nonnull(r = json_dumps(cap.recs[i],
		    JSON_SORT_KEYS | JSON_COMPACT));
		fprintf(fp, "%s\n", r);
		free(r);
		json_decref(cap.recs[i]);
	}
	fclose(fp);
	cap.n = 0;
	return all;
}

/*
 * Endpoints .1 (continuity, 2 of 3 before) and .3 (combination, its
 * incident open) on shard 2; .9 (continuity) on shard 5.  Part 1 is
 * what comes after the hand-over; only: the shard to play (0: all).
 */
static void
story(int part, uint32_t only)
{
	if (part == 0) {
		shard = 2;
		find("1", "10.0.0.1", T0, NULL);
		find("1", "10.0.0.1", T0 + MIN, NULL);
		find("2", "10.0.0.3", T0, "x.example");
		find("3", "10.0.0.3", T0 + MIN, "x.example");
		shard = 5;
		find("1", "10.0.0.9", T0, NULL);
		find("1", "10.0.0.9", T0 + MIN, NULL);
		return;
	}
	if (only == 0 || only == 2) {
		shard = 2;
		find("1", "10.0.0.1", T0 + 2 * MIN, NULL);
		find("3", "10.0.0.3", T0 + 3 * MIN, "x.example");
		find("2", "10.0.0.3", T0 + 4 * MIN, "x.example");
		find("3", "10.0.0.3", T0 + 5 * MIN, "x.example");
	}
	if (only == 0 || only == 5) {
		shard = 5;
		find("1", "10.0.0.9", T0 + 2 * MIN, NULL);
	}
}

static int
count_lines(const char *s)
{
	int	 n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* What a hands over of shard 2, taken by b. */
static void
hand(void *a, void *b)
{
	char	*buf = NULL, *line = NULL;
	size_t	 len = 0, cap_ = 0;
	ssize_t	 n;
	FILE	*fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	ck_assert_int_eq(analyzer_composite.hand_save(a, fp, 2), 0);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, "group "));
	ck_assert_ptr_nonnull(fp = fmemopen(buf, len, "r"));
	while ((n = getline(&line, &cap_, fp)) > 0) {
		line[n - 1] = '\0';
		ck_assert_int_eq(analyzer_composite.hand_line(b, 2, line), 1);
	}
	fclose(fp);
	free(line);
	free(buf);
}

/*
 * Shard 2 moves to another instance half-way: its continuity window
 * fires there, its open combination incident goes on there (revised
 * with the same id, or folded, as in one instance), with the evidence
 * lines of before; shard 5 stays and fires where it is.  The records
 * are those of one instance seeing everything.
 */
START_TEST(composite_hand_over)
{
	struct emitter		 em = { cap_emit, NULL };
	struct analyzer_env	 env = { NULL, 1, NULL, ANALYZER_TIER_ALL,
	    { NULL, NULL } };
	void			*a, *b;
	char			*one, *two, *rest;
	size_t			 i;

	story(0, 0);
	story(1, 0);
	one = recs_text();
	ck_assert_ptr_nonnull(strstr(one, "\"10.0.0.1\""));
	/* The one instance is done with: a and b take its place. */
	analyzer_composite.free(comp);
	comp = NULL;
	ck_assert_ptr_nonnull(a = analyzer_composite.new(rs, &em, &env));
	ck_assert_ptr_nonnull(b = analyzer_composite.new(rs, &em, &env));
	comp = a;
	story(0, 0);
	hand(a, b);
	comp = b;
	story(1, 2);
	comp = a;
	story(1, 5);
	rest = recs_text();
	/* Nothing of shard 2 is left at a: .1 starts afresh there. */
	find("1", "10.0.0.1", T0 + 2 * MIN, NULL);
	ck_assert_uint_eq(cap.n, 0);
	two = rest;
	for (i = 0; one[i] != '\0' && one[i] == two[i]; i++)
		;
	ck_assert_msg(one[i] == two[i], "records differ at byte %zu: "
	    "%.80s | %.80s", i, one + i, two + i);
	/* 10.0.0.3 at a, then 10.0.0.1 at b and 10.0.0.9 at a. */
	ck_assert_int_ge(count_lines(one), 3);
	free(one);
	free(two);
	comp = NULL;
	analyzer_composite.free(a);
	analyzer_composite.free(b);
	ck_assert_ptr_nonnull(comp = analyzer_composite.new(rs, &em, &env));
}
END_TEST

static Suite *
composite_suite(void)
{
	Suite	*s = suite_create("composite");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, composite_options);
	tcase_add_test(tc, composite_windows);
	tcase_add_test(tc, composite_continuity);
	tcase_add_test(tc, composite_combination);
	tcase_add_test(tc, composite_spread);
	tcase_add_test(tc, composite_propagation);
	tcase_add_test(tc, composite_reload_keeps_state);
	tcase_add_test(tc, composite_tier_contributions);
	tcase_add_test(tc, composite_hand_over);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(composite_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
