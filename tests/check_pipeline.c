/*
 * Working ahead (pipeline.c), the pipeline parses a few lines ahead of
 * the event it processes: a line's memory need not outlive
 * pipeline_line, events still pending are processed by pipeline_flush
 * and pipeline_drain, and a reload first processes what was read under
 * the old rules.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "output.h"
#include "pipeline.h"
#include "rules/conf.h"
#include "testtmp.h"

static char		 dir[512], alerts[600];
static struct config	*cfg;
static struct output	*out;
static struct pipeline	*pl;
static struct source	*src;

static void
setup(void)
{
	struct cerrors	 errs = { 0 };
	char		 path[600];
	FILE		*fp;

	test_tmpl(dir, sizeof(dir), "check_pipeline");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(alerts, sizeof(alerts), "%s/alerts.json", dir);
	snprintf(path, sizeof(path), "%s/detectd.conf", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "state-dir \"%s\"\nruleset \"test\"\n"
	    "include \"%s/../rules/proxy-blacklist.rules\"\n"
	    "output alerts {\n type file\n path \"%s\"\n}\n", dir,
	    TEST_SRCDIR, alerts);
	fclose(fp);
	cfg = config_load(path, &errs);
	cerrors_print(&errs);
	ck_assert_ptr_nonnull(cfg);
	unlink(path);
	ck_assert_ptr_nonnull(out = output_open(&cfg->outputs[0], cfg));
	ck_assert_ptr_nonnull(pl = pipeline_new(cfg, &out, 1, 1));
	pipeline_set_now(pl, 1773273600000LL);
	/* The tables here are small: work ahead all the same. */
	pipeline_set_ahead(pl, 1);
	ck_assert_ptr_nonnull(src = source_new("replay", "squid", 0));
}

static void
teardown(void)
{
	pipeline_free(pl);
	output_free(out);
	source_free(src);
	config_free(cfg);
	unlink(alerts);
	rmdir(dir);
}

/* Feed one squid line from a buffer that is scribbled over at once. */
static void
feed(int i, const char *host)
{
	char		 buf[512], file[64];
	struct rline	 l;
	int		 n;

	n = snprintf(buf, sizeof(buf), "%d.%03d %6d 10.20.%d.%d "
	    "TCP_TUNNEL/200 %d CONNECT %s:443 - HIER_DIRECT/203.0.113.66 -",
	    1773273600 + i, i % 1000, 100 + i, i % 7, 10 + i % 50, 1000 + i,
	    host);
	snprintf(file, sizeof(file), "file-%d.log", i);
	l.p = buf;
	l.len = (size_t)n;
	l.off = (uint64_t)i * 200;
	l.truncated = 0;
	pipeline_line(pl, src, file, &l);
	memset(buf, 'X', sizeof(buf));
	memset(file, 'Y', sizeof(file) - 1);
}

/* Lines in the alert file, and whether one holds text. */
static int
count_alerts(const char *text, int *found)
{
	char	 line[8192];
	FILE	*fp;
	int	 n = 0;

	*found = 0;
	if ((fp = fopen(alerts, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		n++;
		if (text != NULL && strstr(line, text) != NULL)
			*found = 1;
	}
	fclose(fp);
	return n;
}

START_TEST(lines_need_not_outlive_the_call)
{
	int	 i, found;

	for (i = 0; i < 500; i++)
		feed(i, i == 123 || i == 377 ? "update-check.badcdn.example" :
		    "www.example.com");
	pipeline_drain(pl);
	ck_assert_int_eq(pipeline_flush(pl), 0);
	ck_assert_int_eq(count_alerts("10.20.4.33", &found), 2);
	ck_assert(found);
	/* The evidence is the line as read, from the file it came from. */
	count_alerts("\"file-377.log\"", &found);
	ck_assert(found);
	count_alerts("CONNECT update-check.badcdn.example:443", &found);
	ck_assert(found);
	count_alerts("XXXX", &found);
	ck_assert(!found);
	count_alerts("YYYY", &found);
	ck_assert(!found);
}
END_TEST

START_TEST(flush_processes_what_is_pending)
{
	int	 found;

	/* Fewer lines than the pipeline works ahead. */
	feed(1, "update-check.badcdn.example");
	feed(2, "www.example.com");
	ck_assert_int_eq(pipeline_flush(pl), 0);
	ck_assert_int_eq(count_alerts("update-check.badcdn.example",
	    &found), 1);
	ck_assert(found);
	ck_assert_uint_eq(pipeline_stats(pl)->events, 2);
}
END_TEST

START_TEST(reload_processes_first)
{
	struct config	*empty;
	struct cerrors	 errs = { 0 };
	char		 path[600];
	FILE		*fp;
	int		 found;

	snprintf(path, sizeof(path), "%s/empty.conf", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "state-dir \"%s\"\nruleset \"other\"\n"
	    "include \"%s/../rules/psexec.rules\"\n"
	    "output alerts {\n type file\n path \"%s\"\n}\n", dir, TEST_SRCDIR,
	    alerts);
	fclose(fp);
	ck_assert_ptr_nonnull(empty = config_load(path, &errs));
	unlink(path);
	/* Read under the old rules: it alerts, though the new have none. */
	feed(5, "update-check.badcdn.example");
	ck_assert_int_eq(pipeline_reload(pl, empty), 0);
	feed(6, "update-check.badcdn.example");
	pipeline_drain(pl);
	ck_assert_int_eq(pipeline_flush(pl), 0);
	ck_assert_int_eq(count_alerts("10.20.5.15", &found), 1);
	ck_assert(found);
	/* The pipeline holds the configuration it runs on. */
	pipeline_free(pl);
	pl = NULL;
	config_free(empty);
}
END_TEST

static Suite *
pipeline_suite(void)
{
	Suite	*s = suite_create("pipeline");
	TCase	*tc = tcase_create("ahead");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, lines_need_not_outlive_the_call);
	tcase_add_test(tc, flush_processes_what_is_pending);
	tcase_add_test(tc, reload_processes_first);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(pipeline_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
