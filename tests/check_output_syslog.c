/*
 * Tests of the syslog output (src/output/output_syslog.c): the record
 * as an RFC 5424 message, its header fields, severity and facility, and
 * the checks of its configuration block.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "output/output.h"
#include "output/output_syslog.h"

#define REC	"{\"event\":{\"id\":\"0b2a6b31-78c6-8a30-b25a-168c41a9749b\"," \
		"\"created\":\"2026-03-10T11:00:02.517Z\"}," \
		"\"rule\":{\"id\":\"1000001\"}," \
		"\"observer\":{\"hostname\":\"logsrv1\"}," \
		"\"incident\":{\"importance\":\"high\",\"priority\":\"critical\"," \
		"\"ticket_severity\":4,\"endpoint\":{\"ip\":\"10.1.2.3\"}," \
		"\"destination\":\"bad.example:443\",\"revision\":1}}"

static char *
fmt(const struct syslog_hdr *h, const char *rec)
{
	char	*buf = NULL;
	size_t	 cap = 0;
	ssize_t	 n;

	n = output_syslog_format(h, rec, strlen(rec), &buf, &cap);
	if (n == -1) {
		free(buf);
		return NULL;
	}
	ck_assert_uint_eq(strlen(buf), (size_t)n);
	return buf;
}

START_TEST(test_format)
{
	struct syslog_hdr	 h = { 16, NULL, NULL, NULL, 4242 };
	char			*m;

	m = fmt(&h, REC "\n");
	ck_assert_ptr_nonnull(m);
	/* local0 (16) * 8 + crit (2); no newline; the record as the MSG. */
	ck_assert_str_eq(m, "<130>1 2026-03-10T11:00:02.517Z logsrv1 "
	    "detectd 4242 ALERT [detectd@32473 "
	    "event_id=\"0b2a6b31-78c6-8a30-b25a-168c41a9749b\" "
	    "rule_id=\"1000001\" endpoint=\"10.1.2.3\" "
	    "destination=\"bad.example:443\" importance=\"high\" "
	    "priority=\"critical\" revision=\"1\"] " REC);
	free(m);
}
END_TEST

START_TEST(test_header_fields)
{
	struct syslog_hdr	 h = { 4, "my host", "ids", "x@1", -1 };
	const char		*rec = "{\"incident\":{\"revision\":3,"
				    "\"ticket_severity\":1,\"endpoint\":"
				    "{\"user\":\"a\\\"b]c\\\\d\"}}}";
	const char		*want;
	char			*m;

	m = fmt(&h, rec);
	ck_assert_ptr_nonnull(m);
	/*
	 * auth (4) * 8 + notice (5); unknown time and process as "-";
	 * a space in the host replaced; an update's MSGID; SD values
	 * escaped.
	 */
	want = "<37>1 - my_host ids - UPDATE [x@1 "
	    "endpoint=\"a\\\"b\\]c\\\\d\" revision=\"3\"] ";
	ck_assert_msg(strncmp(m, want, strlen(want)) == 0, "%s", m);
	ck_assert_str_eq(m + strlen(want), rec);
	free(m);
}
END_TEST

START_TEST(test_severity)
{
	static const struct {
		const char	*rec;
		const char	*pri;
	} cases[] = {
		{ "{\"incident\":{\"ticket_severity\":1}}", "<133>" },
		{ "{\"incident\":{\"ticket_severity\":2}}", "<132>" },
		{ "{\"incident\":{\"ticket_severity\":3}}", "<131>" },
		{ "{\"incident\":{\"ticket_severity\":4}}", "<130>" },
		{ "{\"incident\":{}}", "<132>" },
	};
	struct syslog_hdr	 h = { 16, "h", NULL, NULL, 1 };
	char			*m;
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = fmt(&h, cases[i].rec);
		ck_assert_ptr_nonnull(m);
		ck_assert_msg(strncmp(m, cases[i].pri, strlen(cases[i].pri))
		    == 0, "%s: %s", cases[i].rec, m);
		free(m);
	}
}
END_TEST

START_TEST(test_not_json)
{
	struct syslog_hdr	 h = { 16, "h", NULL, NULL, 1 };

	ck_assert_ptr_null(fmt(&h, "not json\n"));
	ck_assert_ptr_null(fmt(&h, "[1,2]\n"));
	ck_assert_ptr_null(fmt(&h, ""));
}
END_TEST

START_TEST(test_facility)
{
	ck_assert_int_eq(output_syslog_facility("local0"), 16);
	ck_assert_int_eq(output_syslog_facility("local7"), 23);
	ck_assert_int_eq(output_syslog_facility("auth"), 4);
	ck_assert_int_eq(output_syslog_facility("authpriv"), 10);
	ck_assert_int_eq(output_syslog_facility("local8"), -1);
	ck_assert_int_eq(output_syslog_facility(""), -1);
}
END_TEST

/* The option checks behind "detectd -n". */
START_TEST(test_conf_check)
{
	static const struct {
		char		*type;
		char		*address;
		char		*facility;
		char		*url;
		int		 ok;
	} cases[] = {
		{ "syslog", NULL, NULL, NULL, 1 },
		{ "syslog", "/dev/log", "local4", NULL, 1 },
		{ "syslog", "udp://10.0.0.5:514", NULL, NULL, 1 },
		{ "syslog", "tcp://siem.example", NULL, NULL, 1 },
		{ "syslog", "tcp://[2001:db8::1]:6514", NULL, NULL, 1 },
		{ "syslog", "udp://", NULL, NULL, 0 },
		{ "syslog", "udp://host:", NULL, NULL, 0 },
		{ "syslog", "tcp://[2001:db8::1", NULL, NULL, 0 },
		{ "syslog", "siem.example:514", NULL, NULL, 0 },
		{ "syslog", NULL, "local9", NULL, 0 },
		{ "webhook", NULL, NULL, "http://thehive:9000/api/alert", 1 },
		{ "webhook", NULL, NULL, "http://127.0.0.1/", 1 },
		{ "webhook", NULL, NULL, "https://thehive/api/alert", 1 },
		{ "webhook", NULL, NULL, "ftp://thehive/api/alert", 0 },
		{ "webhook", NULL, NULL, "thehive:9000", 0 },
		{ "webhook", NULL, NULL, NULL, 0 },
		{ "file", NULL, NULL, NULL, 0 },
		{ "stdout", NULL, NULL, NULL, 1 },
		{ "carrier-pigeon", NULL, NULL, NULL, 0 },
	};
	struct cerrors		 errs = { NULL, 0, 0 };
	struct cnode		*n;
	struct output_conf	*oc;
	char			 text[512];
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "output out {\n type %s\n"
		    "%s%s%s%s%s%s%s%s%s}\n", cases[i].type,
		    cases[i].address != NULL ? " address \"" : "",
		    cases[i].address != NULL ? cases[i].address : "",
		    cases[i].address != NULL ? "\"\n" : "",
		    cases[i].facility != NULL ? " facility " : "",
		    cases[i].facility != NULL ? cases[i].facility : "",
		    cases[i].facility != NULL ? "\n" : "",
		    cases[i].url != NULL ? " url \"" : "",
		    cases[i].url != NULL ? cases[i].url : "",
		    cases[i].url != NULL ? "\"\n" : "");
		n = conf_parse_string("case", text, strlen(text), &errs);
		ck_assert_msg(n != NULL, "case %zu", i);
		oc = output_conf_parse(n, &errs);
		ck_assert_msg((oc != NULL) == cases[i].ok, "case %zu: %s", i,
		    errs.n > 0 ? errs.msgs[0] : "");
		ck_assert_msg(oc != NULL || errs.n > 0, "case %zu", i);
		output_conf_free(oc);
		conf_free(n);
		cerrors_clear(&errs);
	}
}
END_TEST

static Suite *
output_syslog_suite(void)
{
	Suite	*s = suite_create("output_syslog");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_header_fields);
	tcase_add_test(tc, test_severity);
	tcase_add_test(tc, test_not_json);
	tcase_add_test(tc, test_facility);
	tcase_add_test(tc, test_conf_check);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(output_syslog_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
