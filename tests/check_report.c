/*
 * Tests of the report (src/report): escaping of every value, cut at a
 * character boundary; the labels in both languages; the stage colours;
 * and a run on a small alert file: one page per incident, merges
 * followed, revisions not counted twice, a record without a time, the
 * counts of what was odd; the same from standard input; the rows the
 * tables of all pages share, and those kept as incidents come.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/rint.h"
#include "testmain.h"
#include "testtmp.h"

/* rhtml_esc of s into a string, freed by the caller. */
static char *
esc(const char *s, size_t max)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	rhtml_esc(fp, s, max);
	fclose(fp);
	return buf;
}

static const struct {
	const char	*in;
	size_t		 max;
	const char	*want;
} esc_cases[] = {
	{ "<script>alert('x')</script>", 0,
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" },
	{ "a&b \"q\"", 0, "a&amp;b &quot;q&quot;" },
	{ "tab\there\nnl\r", 0, "tab\there nl " },
	{ "abcdef", 3, "abc…" },
	/* 攻撃 is two characters of three bytes: not cut inside one. */
	{ "攻撃", 4, "攻撃…" },
	{ "", 0, "" },
};

START_TEST(test_esc)
{
	char	*s = esc(esc_cases[_i].in, esc_cases[_i].max);

	ck_assert_str_eq(s, esc_cases[_i].want);
	free(s);
}
END_TEST

START_TEST(test_labels)
{
	ck_assert_str_eq(rlabel(REPORT_EN, "path"), "Attack path");
	ck_assert_str_eq(rlabel(REPORT_JA, "path"), "攻撃経路");
	ck_assert_str_eq(rlabel(REPORT_JA, "no-such-key"), "no-such-key");
	ck_assert_str_eq(rlabel_stage(REPORT_EN, 5),
	    "5 active C2 communication");
	ck_assert_str_eq(rlabel_stage(REPORT_EN, 9), "no stage");
	ck_assert_str_ne(rlabel_stage_color(5), rlabel_stage_color(4));
	/* Countermeasures: Japanese by action; in English the alert's. */
	ck_assert_str_eq(rlabel_action(REPORT_JA, "disable-account", "x"),
	    "調査で問題がないと分かるまでアカウントを無効にする");
	ck_assert_str_eq(rlabel_action(REPORT_EN, "disable-account", "x"),
	    "x");
	ck_assert_str_eq(rlabel_action(REPORT_JA, "no-such-action", "x"),
	    "x");
}
END_TEST

static char *
slurp(const char *path)
{
	FILE	*fp = fopen(path, "r");
	char	*buf = calloc(1, 1 << 20);

	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(buf);
	(void)fread(buf, 1, (1 << 20) - 1, fp);
	fclose(fp);
	return buf;
}

/* run IN OUT ...: report_run with paths of the test's directory. */
static int
run(const char *in, const char *out, const char *only, enum report_lang l,
    int64_t now, struct report_stats *st)
{
	char	*i = strdup(strcmp(in, "-") == 0 ? "-" : test_path(in));
	char	*o = strdup(test_path(out));
	int	 rc = report_run(i, o, only, l, now, st);

	free(i);
	free(o);
	return rc;
}

/* Two incidents, the second merged into the first by a later alert. */
static const char two_incidents[] =
    "{\"event\":{\"id\":\"e1\",\"end\":\"2026-03-10T10:00:00.000Z\"},"
    "\"incident\":{\"id\":\"INC-A\",\"attack_stage\":{\"number\":2},"
    "\"endpoint\":{\"key\":\"ws1\"}}}\n"
    "{\"event\":{\"id\":\"e2\",\"end\":\"2026-03-10T10:05:00.000Z\"},"
    "\"incident\":{\"id\":\"INC-B\",\"attack_stage\":{\"number\":4},"
    "\"endpoint\":{\"key\":\"ws2\"}}}\n"
    "garbage\n"
    "{\"event\":{\"id\":\"e3\",\"end\":\"2026-03-10T10:09:00.000Z\"},"
    "\"weird\":1,\"incident\":{\"id\":\"INC-A\",\"merged\":[\"INC-B\"],"
    "\"attack_stage\":{\"number\":4},\"endpoint\":{\"key\":\"ws2\"},"
    "\"composite\":{\"path\":[{\"endpoint\":\"ws1\"},"
    "{\"endpoint\":\"ws2\",\"reached\":\"2026-03-10T10:05:00.000Z\"}]}}}\n"
    "{\"event\":{\"id\":\"e3\",\"end\":\"2026-03-10T10:10:00.000Z\"},"
    "\"incident\":{\"id\":\"INC-A\",\"endpoint\":{\"key\":\"ws2\"}}}\n"
    "{\"event\":{\"id\":\"e4\"},\"incident\":{\"id\":\"INC-A\","
    "\"endpoint\":{\"key\":\"ws3\"}}}\n";

START_TEST(test_report_run)
{
	struct report_stats	 st;
	char			*page;

	test_puts("a.json", "w", two_incidents);
	ck_assert_int_eq(run("a.json", "out", NULL, REPORT_EN,
	    1773136800000LL, &st), 0);
	ck_assert_uint_eq(st.lines, 6);
	ck_assert_uint_eq(st.records, 5);
	ck_assert_uint_eq(st.broken, 1);
	ck_assert_uint_eq(st.revisions, 1);
	ck_assert_uint_eq(st.unknown_fields, 1);
	ck_assert_uint_eq(st.incidents, 1);
	ck_assert_uint_eq(st.pages, 2);
	page = slurp(test_path("out/INC-A.html"));
	ck_assert_ptr_nonnull(strstr(page, "data-node=\"ws1\""));
	ck_assert_ptr_nonnull(strstr(page, "data-node=\"ws2\""));
	ck_assert_ptr_nonnull(strstr(page,
	    "class=\"edge propagation\" data-from=\"ws1\" data-to=\"ws2\""));
	ck_assert_ptr_nonnull(strstr(page, "4 lateral spread"));
	free(page);
	/* One incident alone, to a file; an unknown one is an error. */
	ck_assert_int_eq(run("a.json", "one.html", "INC-A", REPORT_JA, 0,
	    &st), 0);
	ck_assert_int_eq(run("a.json", "x.html", "INC-Z", REPORT_JA, 0, &st),
	    -1);
	ck_assert_int_eq(run("missing.json", "out", NULL, REPORT_EN, 0, &st),
	    -1);
}
END_TEST

/*
 * Standard input is read as the file is: the merge found on the third
 * line takes the alert of INC-B read before it into INC-A.
 */
START_TEST(test_report_stdin)
{
	struct report_stats	 st;
	char			*page;

	test_puts("a.json", "w", two_incidents);
	ck_assert_ptr_nonnull(freopen(test_path("a.json"), "r", stdin));
	ck_assert_int_eq(run("-", "out", NULL, REPORT_EN, 1773136800000LL,
	    &st), 0);
	ck_assert_uint_eq(st.lines, 6);
	ck_assert_uint_eq(st.records, 5);
	ck_assert_uint_eq(st.broken, 1);
	ck_assert_uint_eq(st.revisions, 1);
	ck_assert_uint_eq(st.incidents, 1);
	ck_assert_int_eq(access(test_path("out/INC-B.html"), F_OK), -1);
	page = slurp(test_path("out/INC-A.html"));
	ck_assert_ptr_nonnull(strstr(page, "data-node=\"ws2\""));
	ck_assert_ptr_nonnull(strstr(page,
	    "class=\"edge propagation\" data-from=\"ws1\" data-to=\"ws2\""));
	free(page);
}
END_TEST

/*
 * The tables of all pages share REPORT_TABLE_ALL rows: 20 incidents of
 * 600 alerts show 500 each and count the 100 others; one incident asked
 * for alone shows all 600.
 */
START_TEST(test_report_share)
{
	struct report_stats	 st;
	FILE			*fp;
	char			*page;
	int			 i;

	ck_assert_ptr_nonnull(fp = fopen(test_path("many.json"), "w"));
	for (i = 0; i < 20 * 600; i++)
		fprintf(fp, "{\"event\":{\"id\":\"e%d\",\"end\":"
		    "\"2026-03-10T10:%02d:%02d.000Z\"},\"incident\":{\"id\":"
		    "\"INC-%02d\",\"endpoint\":{\"key\":\"ws%d\"}}}\n", i,
		    i / 60 % 60, i % 60, i % 20, i % 7);
	fclose(fp);
	ck_assert_int_eq(run("many.json", "out", NULL, REPORT_EN, 0, &st), 0);
	ck_assert_uint_eq(st.incidents, 20);
	page = slurp(test_path("out/INC-07.html"));
	ck_assert_ptr_nonnull(strstr(page, "class=\"pg pg5\""));
	ck_assert_ptr_null(strstr(page, "class=\"pg pg6\""));
	ck_assert_ptr_nonnull(strstr(page, ">100 alerts not shown"));
	free(page);
	ck_assert_int_eq(run("many.json", "one.html", "INC-07", REPORT_EN, 0,
	    &st), 0);
	page = slurp(test_path("one.html"));
	ck_assert_ptr_nonnull(strstr(page, "class=\"pg pg6\""));
	ck_assert_ptr_null(strstr(page, "not shown"));
	free(page);
}
END_TEST

/*
 * The rows kept are bounded as incidents come: one incident of 2000
 * alerts, then 99 more of one alert each.  When the 64th comes, the
 * first keeps its share of 10,000 (156 rows); its page shows 100, and
 * counts the 1900 others.
 */
START_TEST(test_report_trim)
{
	struct report_stats	 st;
	struct rdata		 d;
	FILE			*fp;
	char			*page;
	int			 i;

	ck_assert_ptr_nonnull(fp = fopen(test_path("late.json"), "w"));
	for (i = 0; i < 2000 + 99; i++)
		fprintf(fp, "{\"event\":{\"id\":\"e%d\",\"end\":"
		    "\"2026-03-10T10:%02d:%02d.000Z\"},\"incident\":{\"id\":"
		    "\"INC-%03d\"}}\n", i, i / 60 % 60, i % 60, i < 2000 ? 0 :
		    i - 1999);
	fclose(fp);
	memset(&d, 0, sizeof(d));
	memset(&st, 0, sizeof(st));
	d.st = &st;
	ck_assert_int_eq(rdata_read(&d, test_path("late.json")), 0);
	ck_assert_uint_eq(d.n, 100);
	ck_assert_uint_eq(json_array_size(d.v[0]->rows), 10000 / 64);
	ck_assert_uint_eq(d.v[0]->rows_left, 2000 - 10000 / 64);
	ck_assert_uint_eq(rdata_rows(&d), 100);
	rdata_free(&d);
	ck_assert_int_eq(run("late.json", "out", NULL, REPORT_EN, 0, &st), 0);
	page = slurp(test_path("out/INC-000.html"));
	ck_assert_ptr_null(strstr(page, "class=\"pg pg2\""));
	ck_assert_ptr_nonnull(strstr(page, ">1900 alerts not shown"));
	free(page);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_esc, TEST_NITEMS(esc_cases) }, { test_labels, 0 },
		{ test_report_run, 0 }, { test_report_stdin, 0 },
		{ test_report_share, 0 }, { test_report_trim, 0 },
	};

	return test_run_fixture("report", tests, TEST_NITEMS(tests),
	    test_dir_make, test_dir_remove);
}
