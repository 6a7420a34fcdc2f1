/*
 * Tests of the rule set (src/rules/ruleset.c, with profile.c and
 * suppress.c): the rule-file statements beyond rules and lists: enable
 * and disable, profiles, suppressions, the country database, the regex
 * limits and the prefilter, and the reload summary.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event/logevent.h"
#include "rules/cond.h"
#include "rules/list.h"
#include "conf/conf.h"
#include "rules/geo.h"
#include "rules/prefilter.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "testmain.h"
#include "testruleset.h"

#define RULE(id, cond) "rule " id " {\n name \"r" id "\"\n viewpoint " \
	"known-attack\n stage c2\n condition " cond "\n}\n"

#ifndef TEST_SRCDIR
#define TEST_SRCDIR "tests"
#endif
/* A list block on a file of tests/data/lists, with more options. */
#define LIST(name, file, type, more) "list " name " {\n file \"" \
	TEST_SRCDIR "/data/lists/" file "\"\n type " type "\n" more "}\n"

/* Statements in file order, lists first, as config_load does. */
static struct ruleset *
load(const char *text, struct cerrors *errs)
{
	return test_ruleset(conf_parse_string("t.rules", text, strlen(text),
	    errs), errs);
}

static void
expect_error(const char *text, const char *msg)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*rs;
	size_t		 i;
	int		 found = 0;

	rs = load(text, &errs);
	ck_assert_msg(rs == NULL, "loaded: %s", text);
	for (i = 0; i < errs.n; i++)
		if (strstr(errs.msgs[i], msg) != NULL)
			found = 1;
	if (!found)
		cerrors_print(&errs);
	ck_assert_msg(found, "no \"%s\" for %s", msg, text);
	cerrors_clear(&errs);
}

static struct ruleset *
expect_load(const char *text)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*rs;

	rs = load(text, &errs);
	cerrors_print(&errs);
	ck_assert_ptr_nonnull(rs);
	cerrors_clear(&errs);
	return rs;
}

START_TEST(test_toggle)
{
	struct ruleset	*rs;

	rs = expect_load(RULE("1", "user.name == a") RULE("2",
	    "user.name == b") "disable 1 2\nenable 2\n");
	ck_assert_int_eq(ruleset_rule(rs, "1")->enabled, 0);
	ck_assert_int_eq(ruleset_rule(rs, "2")->enabled, 1);
	ruleset_free(rs);
	expect_error(RULE("1", "user.name == a") "disable 1 7\n",
	    "t.rules:7:11: disable: no rule 7");
	expect_error("enable\n", "enable takes rule ids");
}
END_TEST

/* A later country-database replaces the earlier: local.d's the shipped one. */
START_TEST(test_geo_last_wins)
{
	struct ruleset	*rs;
	char		 cc[3];

	rs = expect_load("country-database \"" TEST_SRCDIR
	    "/../rules/lists/country-sample.csv\"\ncountry-database \""
	    TEST_SRCDIR "/data/geo/test-country.mmdb\"\n");
	ck_assert_ptr_nonnull(rs->geo);
	ck_assert_int_eq(geo_country(rs->geo, slice_cstr("198.18.7.1"), cc), 0);
	ck_assert_str_eq(cc, "DE");
	ruleset_free(rs);
	rs = expect_load("country-database \"" TEST_SRCDIR
	    "/data/geo/test-country.mmdb\"\ncountry-database \"" TEST_SRCDIR
	    "/../rules/lists/country-sample.csv\"\n");
	ck_assert_int_eq(geo_country(rs->geo, slice_cstr("198.18.7.1"), cc), -1);
	ruleset_free(rs);
}
END_TEST

static const struct {
	const char	*text;
	const char	*msg;
} profile_errors[] = {
	{ "profile p { colours red }\n", "t.rules:1:13: unknown profile "
	    "option 'colours'" },
	{ "profile p { ports 80 http }\n", "t.rules:1:22: 'http' is not a "
	    "port" },
	{ "profile p { ports 90-80 }\n", "not a port or a range" },
	{ "profile p { networks 10.0.0.0/33 }\n", "t.rules:1:22: "
	    "'10.0.0.0/33'" },
	{ "profile p { networks 10.1.0.0/16 }\nprofile q { networks "
	    "10.1.0.0/16 }\n", "network 10.1.0.0/16 is already in profile p" },
	{ "profile p { ports 80 }\nprofile q { ports 81 }\n", "only one "
	    "profile can be the default" },
	{ "profile p { ports 80 }\nprofile p { ports 81 }\n", "profile p is "
	    "defined twice" },
	{ "profile p { services 10.0.0.1:http }\n", "bad port" },
	{ "profile p { queries \"http://x/\" \"(\" }\n", "bad regular "
	    "expression" },
	{ "profile p { queries \"http://x/\" }\n", "queries takes a URL" },
	{ "profile p { executable-sources list nope }\n", "unknown list "
	    "'nope'" },
	{ RULE("1", "destination.port not in profile countries"),
	    "profile key 'countries' takes text" },
	{ RULE("1", "destination.domain not in profile ports"),
	    "profile key 'ports' takes numbers" },
	{ RULE("1", "destination.port not in profile colours"),
	    "unknown profile key 'colours'" },
	{ RULE("1", "destination.geo.country_iso_code == CN"),
	    "uses the country of an address, and no country-database" },
	{ "country-database \"/nonexistent/geo.csv\"\n",
	    "/nonexistent/geo.csv: country database: No such file" },
};

START_TEST(test_profile_errors)
{
	expect_error(profile_errors[_i].text, profile_errors[_i].msg);
}
END_TEST

static const struct {
	const char	*text;
	const char	*msg;
} suppress_errors[] = {
	{ "suppress { colour red }\n", "unknown suppress option 'colour'" },
	{ "suppress { user a\n until 2026-13-01 }\n", "t.rules:2:8: "
	    "'2026-13-01' is not a date" },
	{ "suppress { reason \"x\" }\n", "would silence everything" },
	{ "suppress { rules 42 }\n", "t.rules:1:1: suppress: no rule 42" },
	{ "suppress 1 { user a }\n", "suppress takes a block" },
	{ "suppress { condition nosuch == 1 }\n", "unknown field 'nosuch'" },
	{ "suppress { list nope }\n", "unknown list 'nope'" },
};

START_TEST(test_suppress_errors)
{
	expect_error(suppress_errors[_i].text, suppress_errors[_i].msg);
}
END_TEST

/* A catastrophic pattern gives up at its limit, is counted, and is fast. */
START_TEST(test_catastrophic)
{
	struct ruleset	*rs;
	struct logevent	 ev;
	char		 ua[4096];
	struct timespec	 t0, t1;
	double		 secs;
	int		 i;

	rs = expect_load(RULE("1", "user_agent.original ~ \"(a+)+$\""));
	memset(ua, 'a', sizeof(ua) - 2);
	ua[sizeof(ua) - 2] = '!';
	ua[sizeof(ua) - 1] = '\0';
	logevent_reset(&ev);
	ev.user_agent.p = ua;
	ev.user_agent.len = strlen(ua);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 10; i++) {
		ruleset_event_begin(rs);
		ck_assert_int_eq(cond_eval(rs->rules[0]->cond, &ev, NULL), 0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	ck_assert_msg(secs < 2.0, "10 runs took %.2fs", secs);
	ck_assert_uint_eq(cond_limit_hits(rs->rules[0]->cond), 10);
	/* A short line still matches. */
	ev.user_agent.p = "aaa";
	ev.user_agent.len = 3;
	ruleset_event_begin(rs);
	ck_assert_int_eq(cond_eval(rs->rules[0]->cond, &ev, NULL), 1);
	ruleset_free(rs);
}
END_TEST

/* Regexes registered with the rule set's prefilter; results unchanged. */
START_TEST(test_prefilter)
{
	struct prefilter_stats	 st;
	struct ruleset		*rs;
	struct logevent		 ev;
	char			*text, *p;
	size_t			 i, n = 0;
	int			 fired = 0;

	ck_assert_ptr_nonnull(text = malloc(200 * 160));
	p = text;
	for (i = 0; i < 200; i++)
		p += sprintf(p, "rule %zu {\n name \"r\"\n viewpoint "
		    "known-attack\n stage c2\n condition url.original ~ "
		    "\"(?i)/evil%zu/[a-z]+\\\\.php\"\n}\n", 1000 + i, i);
	rs = expect_load(text);
	free(text);
	logevent_reset(&ev);
	ev.url.p = "http://x.example/EVIL42/gate.php?id=1";
	ev.url.len = strlen(ev.url.p);
	ruleset_event_begin(rs);
	for (i = 0; i < rs->nrules; i++)
		if (cond_eval(rs->rules[i]->cond, &ev, NULL)) {
			fired++;
			ck_assert_str_eq(rs->rules[i]->id, "1042");
		}
	ck_assert_int_eq(fired, 1);
	prefilter_stats(rs->pf, &st);
	ck_assert_uint_eq(st.patterns, 200);
	ck_assert_uint_eq(st.filtered, 200);
	ck_assert_uint_eq(st.scans, 1);
	/* Only /evil42/ ran: the literal of 4 is "/evil4/". */
	n = st.skipped;
	ck_assert_uint_eq(n, 199);
	ruleset_free(rs);
}
END_TEST

/* not in list/set/CIDR is the negation; derived fields. */
START_TEST(test_not_in)
{
	struct ruleset	*rs;
	struct logevent	 ev;

	rs = expect_load(RULE("1", "destination.port not in [80, 443]")
	    RULE("2", "source.ip not in 10.0.0.0/8")
	    RULE("3", "url.extension in [exe, dll]")
	    RULE("4", "file.extension == \"ps1\""));
	logevent_reset(&ev);
	ev.dst_port = 8080;
	ev.src_ip.p = "192.168.1.1";
	ev.src_ip.len = strlen(ev.src_ip.p);
	ev.url_path.p = "/a.b/Setup.EXE";
	ev.url_path.len = strlen(ev.url_path.p);
	ev.file_name.p = "C:\\x\\run.PS1";
	ev.file_name.len = strlen(ev.file_name.p);
	ck_assert_int_eq(cond_eval(rs->rules[0]->cond, &ev, NULL), 1);
	ck_assert_int_eq(cond_eval(rs->rules[1]->cond, &ev, NULL), 1);
	ck_assert_int_eq(cond_eval(rs->rules[2]->cond, &ev, NULL), 1);
	ck_assert_int_eq(cond_eval(rs->rules[3]->cond, &ev, NULL), 1);
	ev.dst_port = 443;
	ev.src_ip.p = "10.1.1.1";
	ev.src_ip.len = strlen(ev.src_ip.p);
	ev.url_path.p = "/a.exe/b";
	ev.url_path.len = strlen(ev.url_path.p);
	ck_assert_int_eq(cond_eval(rs->rules[0]->cond, &ev, NULL), 0);
	ck_assert_int_eq(cond_eval(rs->rules[1]->cond, &ev, NULL), 0);
	ck_assert_int_eq(cond_eval(rs->rules[2]->cond, &ev, NULL), 0);
	ruleset_free(rs);
}
END_TEST

/* Profiles: selection by prefix, fallback to the default, no profile. */
START_TEST(test_profile_select)
{
	struct ruleset	*rs;
	struct logevent	 ev;
	struct cond_note note;

	rs = expect_load("profile org { ports 80 443 }\n"
	    "profile lab { networks 10.9.0.0/16\n countries JP }\n"
	    "country-database \"" TEST_SRCDIR "/data/rules/geo.csv\"\n"
	    RULE("1", "destination.port not in profile ports")
	    RULE("2", "destination.geo.country_iso_code not in profile "
	    "countries")
	    RULE("3", "destination.port in profile ports"));
	logevent_reset(&ev);
	ev.src_ip.p = "10.9.1.1";
	ev.src_ip.len = strlen(ev.src_ip.p);
	ev.dst_ip.p = "203.0.113.5";
	ev.dst_ip.len = strlen(ev.dst_ip.p);
	ev.dst_port = 8080;
	/* lab does not declare ports: org's apply. */
	ck_assert_int_eq(cond_eval_note(rs->rules[0]->cond, &ev, NULL,
	    &note), 1);
	ck_assert_str_eq(note.value, "8080");
	ck_assert_int_eq(cond_eval(rs->rules[1]->cond, &ev, NULL), 1);
	ck_assert_int_eq(cond_eval(rs->rules[2]->cond, &ev, NULL), 0);
	/* org declares no countries: no mismatch outside the lab. */
	ev.src_ip.p = "10.8.1.1";
	ev.src_ip.len = strlen(ev.src_ip.p);
	ck_assert_int_eq(cond_eval(rs->rules[1]->cond, &ev, NULL), 0);
	ck_assert_int_eq(cond_eval(rs->rules[0]->cond, &ev, NULL), 1);
	/* An unknown port value: neither in nor not in. */
	ev.dst_port = -1;
	ck_assert_int_eq(cond_eval(rs->rules[0]->cond, &ev, NULL), 0);
	ck_assert_int_eq(cond_eval(rs->rules[2]->cond, &ev, NULL), 0);
	ruleset_free(rs);
}
END_TEST

/*
 * Lists in a rule set: bad rows are skipped and the list loads; only a
 * list with nothing usable stops the load, unless it may be empty.
 */
static const struct {
	const char	*text;
	size_t		 size;		/* of list l */
	size_t		 bad;		/* its bad rows */
	const char	*msg;		/* the error, or NULL: it loads */
} list_cases[] = {
	{ LIST("l", "domains.txt", "domain", ""), 7, 3, NULL },
	{ LIST("l", "misp.csv", "domain", " format misp-csv\n"), 3, 2,
	  NULL },
	{ LIST("l", "intel.dat", "domain", " format zeek-intel\n"), 1, 1,
	  NULL },
	{ LIST("l", "feodo.csv", "ip", " format feodo-csv\n"), 2, 1, NULL },
	{ LIST("l", "bad25.txt", "domain", " allow-empty no\n"), 25, 25,
	  NULL },
	{ LIST("l", "empty.txt", "domain", " allow-empty yes\n"), 0, 0,
	  NULL },
	{ LIST("l", "allbad.txt", "domain", " allow-empty yes\n"), 0, 3,
	  NULL },
	{ LIST("l", "allbad.txt", "domain", ""), 0, 0,
	  "no indicators in " TEST_SRCDIR "/data/lists/allbad.txt: every "
	  "row is bad" },
	{ LIST("l", "empty.txt", "domain", " allow-empty no\n"), 0, 0,
	  "no indicators in" },
	{ LIST("l", "empty.txt", "domain", " allow-empty maybe\n"), 0, 0,
	  "t.rules:4:14: expected yes or no, found 'maybe'" },
	{ LIST("l", "empty.txt", "domain", " allow-empty\n"), 0, 0,
	  "t.rules:4:2: 'allow-empty' needs 1 argument" },
	{ LIST("l", "empty.txt", "domain", " empty-ok yes\n"), 0, 0,
	  "unknown list option 'empty-ok' (file, format, type, allow-empty)" },
};

START_TEST(test_list_rows)
{
	struct ruleset	*rs;
	struct list	*l;

	if (list_cases[_i].msg != NULL) {
		expect_error(list_cases[_i].text, list_cases[_i].msg);
		return;
	}
	rs = expect_load(list_cases[_i].text);
	ck_assert_ptr_nonnull(l = ruleset_list(rs, "l"));
	ck_assert_uint_eq(list_size(l), list_cases[_i].size);
	ck_assert_uint_eq(list_bad(l), list_cases[_i].bad);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_diff_log)
{
	struct ruleset	*a, *b;

	a = expect_load(RULE("1", "user.name == a") RULE("2",
	    "user.name == b"));
	b = expect_load(RULE("1", "user.name == c") RULE("3",
	    "user.name == b") "disable 3\n");
	ruleset_diff_log(a, b);
	ruleset_diff_log(NULL, a);
	ck_assert_uint_ne(a->rhash[0], b->rhash[0]);
	ruleset_free(a);
	ruleset_free(b);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_toggle, 0 },
		{ test_geo_last_wins, 0 },
		{ test_profile_errors, TEST_NITEMS(profile_errors) },
		{ test_suppress_errors, TEST_NITEMS(suppress_errors) },
		{ test_catastrophic, 0 }, { test_prefilter, 0 },
		{ test_not_in, 0 }, { test_profile_select, 0 },
		{ test_diff_log, 0 },
		{ test_list_rows, TEST_NITEMS(list_cases) },
	};

	return test_run("ruleset", tests, TEST_NITEMS(tests));
}
