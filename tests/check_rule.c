/*
 * The rule vocabulary (src/rules/rule.c): names round-trip, unknown
 * names are refused, and each countermeasure target accepts exactly its
 * own actions.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "rules/rule.h"
#include "testmain.h"

static const struct {
	enum viewpoint	 vp;
	const char	*name;
	const char	*analyzer;
} viewpoint_cases[] = {
	{ VP_KNOWN_ATTACK, "known-attack", "match" },
	{ VP_NOT_NORMAL, "not-normal-business", "match" },
	{ VP_SIMILAR, "similar-to-attack", "statistical" },
	{ VP_DEVIATION, "deviation-from-normal", "statistical" },
	{ VP_COMPOSITE, "composite", "composite" },
};

START_TEST(test_viewpoint_roundtrip)
{
	const char	*label;

	ck_assert_str_eq(viewpoint_name(viewpoint_cases[_i].vp),
	    viewpoint_cases[_i].name);
	ck_assert_str_eq(viewpoint_analyzer(viewpoint_cases[_i].vp),
	    viewpoint_cases[_i].analyzer);
	ck_assert_int_eq(viewpoint_from_name(viewpoint_cases[_i].name),
	    viewpoint_cases[_i].vp);
	label = viewpoint_label(viewpoint_cases[_i].vp);
	ck_assert_ptr_nonnull(label);
	ck_assert_int_gt(strlen(label), 5);
}
END_TEST

START_TEST(test_viewpoint_labels)
{
	ck_assert_str_eq(viewpoint_label(VP_KNOWN_ATTACK),
	    "matches a known attack");
	ck_assert_str_eq(viewpoint_label(VP_NOT_NORMAL),
	    "departs from normal business");
	ck_assert_str_eq(viewpoint_label(VP_SIMILAR),
	    "resembles a known attack pattern");
	ck_assert_str_eq(viewpoint_label(VP_DEVIATION),
	    "deviates from the endpoint's normal");
	ck_assert_str_eq(viewpoint_label(VP_COMPOSITE),
	    "combination of findings");
}
END_TEST

START_TEST(test_viewpoint_unknown)
{
	ck_assert_int_eq(viewpoint_from_name("known"), -1);
	ck_assert_int_eq(viewpoint_from_name("Known-Attack"), -1);
	ck_assert_int_eq(viewpoint_from_name(""), -1);
	ck_assert_int_eq(viewpoint_from_name(NULL), -1);
	ck_assert_ptr_null(viewpoint_name(VP_MAX));
	ck_assert_ptr_null(viewpoint_name((enum viewpoint)-1));
	ck_assert_ptr_null(viewpoint_analyzer(VP_MAX));
	ck_assert_ptr_null(viewpoint_label((enum viewpoint)99));
}
END_TEST

static const struct {
	enum level	 l;
	const char	*name;
} level_cases[] = {
	{ LVL_LOW, "low" },
	{ LVL_MEDIUM, "medium" },
	{ LVL_HIGH, "high" },
	{ LVL_CRITICAL, "critical" },
};

START_TEST(test_level_roundtrip)
{
	ck_assert_str_eq(level_name(level_cases[_i].l), level_cases[_i].name);
	ck_assert_int_eq(level_from_name(level_cases[_i].name),
	    level_cases[_i].l);
}
END_TEST

START_TEST(test_level_unknown)
{
	ck_assert_ptr_null(level_name((enum level)0));
	ck_assert_ptr_null(level_name((enum level)5));
	ck_assert_ptr_null(level_name((enum level)-1));
	ck_assert_int_eq(level_from_name("urgent"), -1);
	ck_assert_int_eq(level_from_name("HIGH"), -1);
	ck_assert_int_eq(level_from_name("1"), -1);
	ck_assert_int_eq(level_from_name(NULL), -1);
}
END_TEST

static const struct {
	int		 n;
	const char	*num;
	const char	*key;
	const char	*name;
} stage_cases[] = {
	{ 1, "1", "recon", "reconnaissance" },
	{ 2, "2", "intrusion", "initial intrusion" },
	{ 3, "3", "foothold", "foothold" },
	{ 4, "4", "lateral", "lateral spread" },
	{ 5, "5", "c2", "active C2 communication" },
	{ 6, "6", "objective", "objective executed" },
};

START_TEST(test_stage_roundtrip)
{
	ck_assert_str_eq(stage_key(stage_cases[_i].n), stage_cases[_i].key);
	ck_assert_str_eq(stage_name(stage_cases[_i].n), stage_cases[_i].name);
	ck_assert_int_eq(stage_from_name(stage_cases[_i].key),
	    stage_cases[_i].n);
	ck_assert_int_eq(stage_from_name(stage_cases[_i].num),
	    stage_cases[_i].n);
}
END_TEST

START_TEST(test_stage_unknown)
{
	static const char *const bad[] = { "0", "7", "05", " 5", "5 ", "C2",
	    "reconnaissance", "", "-1" };
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(stage_from_name(bad[i]) == -1, "%s", bad[i]);
	ck_assert_int_eq(stage_from_name(NULL), -1);
	ck_assert_ptr_null(stage_name(0));
	ck_assert_ptr_null(stage_name(7));
	ck_assert_ptr_null(stage_key(-1));
	ck_assert_ptr_null(stage_key(7));
}
END_TEST

static const struct {
	enum cm_target	 t;
	const char	*name;
} target_cases[] = {
	{ CM_ACCOUNT, "account" },
	{ CM_ENDPOINT, "endpoint" },
	{ CM_SEGMENT, "segment" },
	{ CM_SERVICE, "service" },
};

START_TEST(test_target_roundtrip)
{
	ck_assert_str_eq(cm_target_name(target_cases[_i].t),
	    target_cases[_i].name);
	ck_assert_int_eq(cm_target_from_name(target_cases[_i].name),
	    target_cases[_i].t);
}
END_TEST

START_TEST(test_target_unknown)
{
	ck_assert_int_eq(cm_target_from_name("host"), -1);
	ck_assert_int_eq(cm_target_from_name(NULL), -1);
	ck_assert_ptr_null(cm_target_name(CM_MAX));
	ck_assert_ptr_null(cm_target_name((enum cm_target)-1));
}
END_TEST

static const struct {
	enum cm_target	 t;
	const char	*action;
} action_cases[] = {
	{ CM_ACCOUNT, "notify-user" },
	{ CM_ACCOUNT, "reset-password" },
	{ CM_ACCOUNT, "disable-account" },
	{ CM_ENDPOINT, "isolate" },
	{ CM_ENDPOINT, "block-destination-url" },
	{ CM_ENDPOINT, "block-destination-ip" },
	{ CM_ENDPOINT, "block-destination-port" },
	{ CM_ENDPOINT, "disconnect" },
	{ CM_SEGMENT, "dns-sinkhole" },
	{ CM_SEGMENT, "block-domain" },
	{ CM_SEGMENT, "block-url" },
	{ CM_SEGMENT, "cut-segment" },
	{ CM_SERVICE, "partial-stop" },
	{ CM_SERVICE, "full-stop" },
};

/* Each action is valid for its own target and for no other. */
START_TEST(test_action_table)
{
	const char	*d;
	int		 t;

	for (t = 0; t < CM_MAX; t++)
		ck_assert_int_eq(cm_action_valid((enum cm_target)t,
		    action_cases[_i].action), t == (int)action_cases[_i].t);
	d = cm_action_description(action_cases[_i].t,
	    action_cases[_i].action);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_gt(strlen(d), 10);
	ck_assert(d[strlen(d) - 1] != '.');
}
END_TEST

START_TEST(test_action_unknown)
{
	ck_assert_int_eq(cm_action_valid(CM_ENDPOINT, "block-destination"), 0);
	ck_assert_int_eq(cm_action_valid(CM_ENDPOINT, "Isolate"), 0);
	ck_assert_int_eq(cm_action_valid(CM_ENDPOINT, ""), 0);
	ck_assert_int_eq(cm_action_valid(CM_ENDPOINT, NULL), 0);
	ck_assert_int_eq(cm_action_valid(CM_MAX, "isolate"), 0);
	ck_assert_ptr_null(cm_action_description(CM_SEGMENT, "isolate"));
	ck_assert_str_eq(cm_action_description(CM_ENDPOINT, "isolate"),
	    "Isolate the endpoint from the network (EDR containment or "
	    "switch port)");
}
END_TEST

static char **
strv(const char *a, const char *b)
{
	char	**v = calloc(2, sizeof(*v));

	ck_assert_ptr_nonnull(v);
	v[0] = strdup(a);
	v[1] = strdup(b);
	return v;
}

/* Under the sanitizers a leak here fails the test. */
START_TEST(test_rule_free)
{
	struct rule	*r;

	rule_free(NULL);
	r = calloc(1, sizeof(*r));
	ck_assert_ptr_nonnull(r);
	rule_free(r);

	r = calloc(1, sizeof(*r));
	ck_assert_ptr_nonnull(r);
	r->id = strdup("1000001");
	r->name = strdup("name");
	r->description = strdup("description");
	r->analyzer = strdup("match");
	r->notify = strdup("soc");
	r->phenomenon = strdup("p");
	r->reason = strdup("r");
	r->relevance = strdup("rel");
	r->techniques = strv("T1071", "T1071.001");
	r->ntechniques = 2;
	r->references = strv("CVE-2021-44228", "https://example.org/");
	r->nreferences = 2;
	r->cms = calloc(2, sizeof(*r->cms));
	ck_assert_ptr_nonnull(r->cms);
	r->cms[0].target = CM_ENDPOINT;
	r->cms[0].action = strdup("isolate");
	r->cms[1].target = CM_ACCOUNT;
	r->cms[1].action = strdup("reset-password");
	r->ncms = 2;
	r->file = strdup("rules.d/x.rules");
	rule_free(r);
}
END_TEST

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_viewpoint_roundtrip, NCASES(viewpoint_cases) },
		{ test_viewpoint_labels, 0 }, { test_viewpoint_unknown, 0 },
		{ test_level_roundtrip, NCASES(level_cases) },
		{ test_level_unknown, 0 },
		{ test_stage_roundtrip, NCASES(stage_cases) },
		{ test_stage_unknown, 0 },
		{ test_target_roundtrip, NCASES(target_cases) },
		{ test_target_unknown, 0 },
		{ test_action_table, NCASES(action_cases) },
		{ test_action_unknown, 0 }, { test_rule_free, 0 },
	};

	return test_run("rule", tests, TEST_NITEMS(tests));
}
