/*
 * Tests of the daemon's configuration (src/config.c) as a whole: where
 * includes are found, that a configuration without rules is refused
 * unless it says allow-empty, that a duplicate rule id names both of its
 * places, and that the repository's own etc/detectd.conf loads the
 * shipped rules from a checkout with no local id among them.  The
 * settings of instances behind Kafka: tier, cross-endpoint and a Kafka
 * input's kafka-state dir.
 */
#include <sys/stat.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "testmain.h"
#include "testtmp.h"

#ifndef TEST_SRCDIR
#define TEST_SRCDIR "tests"
#endif

#define RULE(id) "rule " id " {\n name \"r" id "\"\n viewpoint " \
	"known-attack\n stage c2\n condition user.name == a\n}\n"

static void
mkdirs(const char *name)
{
	ck_assert_int_eq(mkdir(test_path(name), 0700), 0);
}

/* Loads dir/name; NULL with the errors in errs. */
static struct config *
load(const char *name, struct cerrors *errs)
{
	char	 path[4096];

	snprintf(path, sizeof(path), "%s", test_path(name));
	return config_load(path, errs);
}

/* Loading dir/name fails with an error that contains msg. */
static void
expect_error(const char *name, const char *msg)
{
	struct cerrors	 errs = { 0 };
	struct config	*c;
	size_t		 i;
	int		 found = 0;

	c = load(name, &errs);
	ck_assert_ptr_null(c);
	for (i = 0; i < errs.n; i++)
		if (strstr(errs.msgs[i], msg) != NULL)
			found = 1;
	if (!found)
		cerrors_print(&errs);
	ck_assert_msg(found, "no \"%s\" loading %s", msg, name);
	cerrors_clear(&errs);
}

static struct config *
expect_load(const char *name)
{
	struct cerrors	 errs = { 0 };
	struct config	*c;

	c = load(name, &errs);
	cerrors_print(&errs);
	ck_assert_ptr_nonnull(c);
	cerrors_clear(&errs);
	return c;
}

START_TEST(test_empty_refused)
{
	test_puts("a.conf", "w", "max-line 1KB\ninclude \"none.d/*.rules\"\n");
	expect_error("a.conf", "a.conf: no rules loaded");
	test_puts("b.conf", "w", RULE("9000001") "disable 9000001\n");
	expect_error("b.conf", "b.conf: all 1 rules are disabled");
}
END_TEST

START_TEST(test_allow_empty)
{
	struct config	*c;

	test_puts("a.conf", "w", "allow-empty\ninclude \"none.d/*.rules\"\n");
	c = expect_load("a.conf");
	ck_assert_uint_eq(c->rs->nrules, 0);
	config_free(c);
	test_puts("b.conf", "w", "allow-empty\n" RULE("9000001")
	    "disable 9000001\n");
	config_free(expect_load("b.conf"));
	expect_error("c.conf", "No such file");
	test_puts("c.conf", "w", "allow-empty yes\n");
	expect_error("c.conf", "allow-empty");
}
END_TEST

/* Includes and the lists of rule files resolve from the file naming them. */
START_TEST(test_relative_includes)
{
	struct config	*c;

	mkdirs("etc");
	mkdirs("etc/rules.d");
	mkdirs("etc/rules.d/lists");
	test_puts("etc/detectd.conf", "w", "include \"rules.d/*.rules\"\n"
	    "include \"local.d/*.rules\"\n");
	test_puts("etc/rules.d/lists/c2.txt", "w", "c2.example\n");
	test_puts("etc/rules.d/a.rules", "w", "list c2 {\n file "
	    "\"lists/c2.txt\"\n type domain\n}\nrule 1 {\n name \"c2\"\n"
	    " viewpoint known-attack\n stage c2\n condition "
	    "destination.domain in list c2\n}\n");
	/* From another working directory than the files'. */
	ck_assert_int_eq(chdir("/"), 0);
	c = expect_load("etc/detectd.conf");
	ck_assert_uint_eq(c->rs->nrules, 1);
	ck_assert_ptr_nonnull(ruleset_list(c->rs, "c2"));
	config_free(c);
}
END_TEST

/* The later of two definitions is blamed, and the first one named. */
START_TEST(test_duplicate_names_both)
{
	char	 msg[4096];

	mkdirs("rules.d");
	mkdirs("local.d");
	test_puts("detectd.conf", "w", "include \"rules.d/*.rules\"\n"
	    "include \"local.d/*.rules\"\n");
	test_puts("rules.d/shipped.rules", "w", RULE("1000010"));
	test_puts("local.d/mine.rules", "w", "# mine\n\n" RULE("1000010"));
	snprintf(msg, sizeof(msg), "%s/local.d/mine.rules:3:6: rule 1000010 "
	    "is defined twice: first at %s/rules.d/shipped.rules:1:6",
	    test_dir(), test_dir());
	expect_error("detectd.conf", msg);
}
END_TEST

/* The repository's etc/detectd.conf, as it is: rules.d is rules/. */
START_TEST(test_shipped_conf)
{
	struct cerrors	 errs = { 0 };
	struct config	*c;
	size_t		 i;
	long		 id;

	c = config_load(TEST_SRCDIR "/../etc/detectd.conf", &errs);
	cerrors_print(&errs);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_gt(c->rs->nrules, 40);
	for (i = 0; i < c->rs->nrules; i++) {
		id = strtol(c->rs->rules[i]->id, NULL, 10);
		ck_assert_msg(id < 9000000 || id > 9999999, "shipped rule %s "
		    "takes a local id", c->rs->rules[i]->id);
	}
	config_free(c);
}
END_TEST

#define KIN(opts) "input k {\n type kafka\n brokers \"b:9092\"\n topic t\n" \
	" group g\n" opts "}\n"

START_TEST(test_tiers)
{
	struct config	*c;

	test_puts("a.conf", "w", RULE("9000001") KIN(" format squid\n"
	    " kafka-state dir \"shared\"\n") "cross-endpoint skip\n");
	c = expect_load("a.conf");
	ck_assert_int_eq(c->tier, CONFIG_TIER_FIRST);
	ck_assert_int_eq(c->cross, CONFIG_CROSS_SKIP);
	ck_assert_ptr_nonnull(strstr(c->inputs[0].state_dir, "/shared"));
	config_free(c);
	test_puts("b.conf", "w", RULE("9000001") KIN(" format findings\n")
	    "tier findings\n");
	c = expect_load("b.conf");
	ck_assert_int_eq(c->tier, CONFIG_TIER_FINDINGS);
	ck_assert_int_eq(c->cross, CONFIG_CROSS_AUTO);
	ck_assert_ptr_null(c->inputs[0].state_dir);
	config_free(c);
	/* The topic target instead of the directory, the last one said. */
	test_puts("h.conf", "w", RULE("9000001") KIN(" format squid\n"
	    " kafka-state dir \"shared\"\n kafka-state topic "
	    "\"detectd-state\"\n"));
	c = expect_load("h.conf");
	ck_assert_ptr_null(c->inputs[0].state_dir);
	ck_assert_str_eq(c->inputs[0].state_topic, "detectd-state");
	config_free(c);
	test_puts("c.conf", "w", RULE("9000001") KIN(" format squid\n")
	    "tier findings\n");
	expect_error("c.conf", "tier findings reads only format findings");
	test_puts("d.conf", "w", RULE("9000001") KIN(" format findings\n"));
	expect_error("d.conf", "format findings needs tier findings");
	test_puts("e.conf", "w", RULE("9000001") "tier second\n");
	expect_error("e.conf", "tier: expected first or findings, found "
	    "'second'");
	test_puts("f.conf", "w", RULE("9000001") "cross-endpoint maybe\n");
	expect_error("f.conf", "expected auto, local or skip");
	test_puts("g.conf", "w", RULE("9000001") KIN(" format squid\n"
	    " kafka-state table \"x\"\n"));
	expect_error("g.conf", "kafka-state: expected dir \"PATH\" or "
	    "topic \"NAME\"");
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_tiers, 0 },
		{ test_empty_refused, 0 },
		{ test_allow_empty, 0 },
		{ test_relative_includes, 0 },
		{ test_duplicate_names_both, 0 },
		{ test_shipped_conf, 0 },
	};

	return test_run_fixture("config", tests, TEST_NITEMS(tests),
	    test_dir_make, test_dir_remove);
}
