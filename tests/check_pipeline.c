/*
 * Working ahead (src/pipeline.c), the pipeline parses a few lines ahead of
 * the event it processes: a line's memory need not outlive
 * pipeline_line, events still pending are processed by pipeline_flush
 * and pipeline_drain, and a reload first processes what was read under
 * the old rules.  The same with worker threads (workers.h), and a
 * reload the workers cannot follow is refused.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "output/output.h"
#include "pipeline.h"
#include "conf/conf.h"
#include "testtmp.h"

static char		 dir[512], alerts[600];
static struct config	*cfg;
static struct output	*out;
static struct pipeline	*pl;
static struct source	*src;

/* The first output of c, opened as the daemon opens it. */
static struct output *
open_first_output(const struct config *c)
{
	struct output_env	 oenv = { c->hostname, c->state_dir, NULL };
	struct output		*o;

	ck_assert_uint_ge(c->noutputs, 1);
	ck_assert_ptr_nonnull(o = output_open(c->outputs[0], &oenv));
	return o;
}

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
	out = open_first_output(cfg);
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

/*
 * Line i of run_all_rules' proxy log, after a DHCP lease every 1500
 * lines.
 */
static void
feed_line(struct pipeline *p, struct source *sq, struct source *dh, int i)
{
	struct rline	 l;
	char		 buf[512];
	int		 n;

	if (i % 1500 == 0) {
		/* 10.20.1.15 goes to ws-a, then ws-b, and so on. */
		n = snprintf(buf, sizeof(buf), "Mar 12 %02d:%02d:%02d "
		    "dhcp1 dhcpd[1]: DHCPACK on 10.20.1.15 to "
		    "00:16:3e:00:01:%02x (WS-%c) via eth1",
		    i / 3600 % 24, i / 60 % 60, i % 60, i / 1500,
		    'A' + i / 1500);
		l.p = buf;
		l.len = (size_t)n;
		l.off = (uint64_t)i;
		l.truncated = 0;
		pipeline_line(p, dh, "dhcpd.log", &l);
	}
	if (i % 30 == 7)
		n = snprintf(buf, sizeof(buf), "%d.000 20 10.20.1.15 "
		    "TCP_TUNNEL/200 700 CONNECT "
		    "update-check.badcdn.example:443 - "
		    "HIER_DIRECT/203.0.113.66 -", 1773273600 + i);
	else
		n = snprintf(buf, sizeof(buf), "%d.%03d %d 10.20.%d.%d "
		    "TCP_MISS/%d %d GET http://www.site%d.example/p%d "
		    "- HIER_DIRECT/198.51.100.%d text/html",
		    1773273600 + i, i % 1000, 10 + i % 90, i % 2,
		    10 + i % 20, i % 20 == 3 ? 404 : 200, 500 + i % 900,
		    i % 37, i, 1 + i % 37);
	l.p = buf;
	l.len = (size_t)n;
	l.off = (uint64_t)i * 200;
	l.truncated = 0;
	pipeline_line(p, sq, "access.log", &l);
}

/*
 * Every shipped rule, working ahead or not: the same alerts, byte for
 * byte.  Proxy lines from 40 endpoints, one of them beaconing to a
 * listed C2 domain and one failing a lot, with DHCP leases that move
 * an address between two machines in the middle of it.
 */
static void
run_all_rules(const char *d, const char *name, int ahead)
{
	struct cerrors	 errs = { 0 };
	struct config	*c;
	struct output	*o;
	struct pipeline	*p;
	struct source	*sq, *dh;
	char		 path[600];
	FILE		*fp;
	int		 i;

	snprintf(path, sizeof(path), "%s/all.conf", d);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "state-dir \"%s\"\nruleset \"test\"\n"
	    "include \"%s/../rules/*.rules\"\n"
	    "output alerts {\n type file\n path \"%s/%s\"\n}\n", d,
	    TEST_SRCDIR, d, name);
	fclose(fp);
	c = config_load(path, &errs);
	cerrors_print(&errs);
	ck_assert_ptr_nonnull(c);
	o = open_first_output(c);
	ck_assert_ptr_nonnull(p = pipeline_new(c, &o, 1, 1));
	pipeline_set_now(p, 1773273600000LL);
	pipeline_set_ahead(p, ahead);
	ck_assert_ptr_nonnull(sq = source_new("replay", "squid", 0));
	ck_assert_ptr_nonnull(dh = source_new("replay", "dhcpd",
	    1773273600000LL));
	for (i = 0; i < 6000; i++)
		feed_line(p, sq, dh, i);
	pipeline_drain(p);
	ck_assert_int_eq(pipeline_flush(p), 0);
	pipeline_free(p);
	output_free(o);
	source_free(sq);
	source_free(dh);
	config_free(c);
	unlink(path);
}

static char *
slurp(const char *path, size_t *len)
{
	char	*b;
	FILE	*fp;
	long	 n;

	ck_assert_ptr_nonnull(fp = fopen(path, "r"));
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	ck_assert_ptr_nonnull(b = malloc((size_t)n + 1));
	ck_assert_uint_eq(fread(b, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	b[n] = '\0';
	*len = (size_t)n;
	return b;
}

START_TEST(same_alerts_ahead_or_not)
{
	char	 d[512], a[600], b[600];
	char	*x, *y;
	size_t	 nx, ny;

	test_tmpl(d, sizeof(d), "check_pipeline_all");
	ck_assert_ptr_nonnull(mkdtemp(d));
	run_all_rules(d, "plain.json", 0);
	run_all_rules(d, "ahead.json", 1);
	snprintf(a, sizeof(a), "%s/plain.json", d);
	snprintf(b, sizeof(b), "%s/ahead.json", d);
	x = slurp(a, &nx);
	y = slurp(b, &ny);
	/* The C2 requests alert, on ws-a and on ws-b. */
	ck_assert_ptr_nonnull(strstr(x, "update-check.badcdn.example"));
	ck_assert_ptr_nonnull(strstr(x, "\"ws-a\""));
	ck_assert_ptr_nonnull(strstr(x, "\"ws-b\""));
	ck_assert_uint_eq(nx, ny);
	ck_assert_int_eq(memcmp(x, y, nx), 0);
	free(x);
	free(y);
	unlink(a);
	unlink(b);
	rmdir(d);
}
END_TEST

/* A configuration file in dir: NAME.conf including RULES, workers N. */
static void
write_conf(char *path, size_t size, const char *name, const char *rules,
    int workers)
{
	FILE	*fp;

	snprintf(path, size, "%s/%s.conf", dir, name);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "state-dir \"%s\"\nruleset \"%s\"\n"
	    "include \"%s/../rules/%s\"\nworkers %d\n"
	    "output alerts {\n type file\n path \"%s\"\n}\n", dir, name,
	    TEST_SRCDIR, rules, workers, alerts);
	fclose(fp);
}

static struct config *
load_conf(const char *path)
{
	struct cerrors	 errs = { 0 };
	struct config	*c;

	c = config_load(path, &errs);
	cerrors_print(&errs);
	ck_assert_ptr_nonnull(c);
	return c;
}

/*
 * With worker threads: lines copied for the workers, flush and drain
 * wait for them, and a reload whose file no longer gives the rules the
 * reading thread loaded is refused; the old configuration put back,
 * the workers run on it still.
 */
START_TEST(workers_follow_the_reading_thread)
{
	struct config	*a, *b;
	char		 pa[600], pb[600];
	int		 i, found;

	pipeline_free(pl);
	write_conf(pa, sizeof(pa), "a", "proxy-blacklist.rules", 2);
	write_conf(pb, sizeof(pb), "b", "psexec.rules", 2);
	a = load_conf(pa);
	b = load_conf(pb);
	ck_assert_ptr_nonnull(pl = pipeline_new(a, &out, 1, 1));
	pipeline_set_now(pl, 1773273600000LL);
	for (i = 0; i < 500; i++)
		feed(i, i == 123 || i == 377 ? "update-check.badcdn.example" :
		    "www.example.com");
	ck_assert_int_eq(pipeline_flush(pl), 0);
	ck_assert_int_eq(count_alerts("10.20.4.33", &found), 2);
	ck_assert(found);
	count_alerts("XXXX", &found);
	ck_assert(!found);
	count_alerts("\"file-377.log\"", &found);
	ck_assert(found);
	/* b's file now says what a says: the workers would differ. */
	write_conf(pb, sizeof(pb), "b", "proxy-blacklist.rules", 2);
	ck_assert_int_eq(pipeline_reload(pl, b), -1);
	ck_assert_int_eq(pipeline_reload(pl, a), 0);
	feed(600, "update-check.badcdn.example");
	pipeline_drain(pl);
	ck_assert_int_eq(pipeline_flush(pl), 0);
	ck_assert_int_eq(count_alerts("update-check.badcdn.example", &found),
	    3);
	pipeline_free(pl);
	pl = NULL;
	config_free(a);
	config_free(b);
	unlink(pa);
	unlink(pb);
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
	tcase_add_test(tc, workers_follow_the_reading_thread);
	suite_add_tcase(s, tc);
	tc = tcase_create("equal");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, same_alerts_ahead_or_not);
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
