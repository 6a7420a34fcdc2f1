/*
 * Output blocks: each kind parses its own options from its table.  Good
 * blocks give the values expected (read back with output_conf_get), bad
 * ones the messages detectd.conf(5) users know, file:line:column first.
 * Blocks are parsed from strings named "t.conf", one statement a line,
 * except where a path must be taken relative to a real file.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/conf.h"
#include "output/output.h"
#include "testtmp.h"

#define NVALS	16

struct want {
	const char	*option;
	const char	*value;		/* NULL: not an option of the kind */
};

static struct output_conf *
parse(const char *text, struct cerrors *errs)
{
	struct cnode		*n;
	struct output_conf	*oc;

	n = conf_parse_string("t.conf", text, strlen(text), errs);
	ck_assert_msg(n != NULL, "syntax: %s", errs->n > 0 ? errs->msgs[0] :
	    text);
	ck_assert_str_eq(n->key.text, "output");
	oc = output_conf_parse(n, errs);
	conf_free(n);
	return oc;
}

static const struct {
	const char	*text;
	struct want	 want[NVALS];
} good[] = {
	{ "output alerts {\n type file\n path \"/var/log/a.json\"\n}\n",
	    { { "type", "file" }, { "path", "/var/log/a.json" },
	    { "address", NULL }, { "url", NULL } } },
	/* A value given twice: the last one counts. */
	{ "output a {\n type file\n path \"one\"\n path \"two\"\n}\n",
	    { { "path", "two" } } },
	{ "output con {\n type stdout\n}\n",
	    { { "type", "stdout" }, { "path", NULL } } },
	{ "output siem {\n type syslog\n}\n",
	    { { "type", "syslog" }, { "address", "" }, { "facility", "" },
	    { "retry-min", "0" }, { "drain-timeout", "0" },
	    { "url", NULL }, { "header", NULL } } },
	{ "output siem {\n type syslog\n address \"udp://10.0.0.5:514\"\n"
	    " facility local4\n app-name ids\n sd-id \"ids@32473\"\n"
	    " retry-min 1ms\n retry-max 2m\n drain-timeout 7d\n}\n",
	    { { "address", "udp://10.0.0.5:514" }, { "facility", "local4" },
	    { "app-name", "ids" }, { "sd-id", "ids@32473" },
	    { "retry-min", "1" }, { "retry-max", "120000" },
	    { "drain-timeout", "604800000" } } },
	{ "output hive {\n type webhook\n url \"http://thehive:9000/api\"\n"
	    " token-file \"/etc/detectd/token\"\n token-header X-Api-Key\n"
	    " token-scheme \"\"\n header X-Tenant soc\n"
	    " header X-Note \"two words\"\n batch 10000\n"
	    " batch-format ndjson\n timeout 3s\n retry-min 1s\n"
	    " retry-max 1h\n drain-timeout 30s\n spool-max 1KB\n}\n",
	    { { "type", "webhook" }, { "url", "http://thehive:9000/api" },
	    { "token-file", "/etc/detectd/token" },
	    { "token-header", "X-Api-Key" }, { "token-scheme", "" },
	    { "header", "X-Tenant: soc\nX-Note: two words" },
	    { "batch", "10000" }, { "batch-format", "ndjson" },
	    { "timeout", "3000" }, { "retry-min", "1000" },
	    { "retry-max", "3600000" }, { "drain-timeout", "30000" },
	    { "spool-max", "1024" }, { "facility", NULL } } },
	/* Policies, by kind; bounds and a token from the environment. */
	{ "output a {\n type file\n path \"x\"\n policy drop\n}\n",
	    { { "policy", "drop" } } },
	{ "output a {\n type file\n path \"x\"\n}\n",
	    { { "policy", "" } } },
	{ "output con {\n type stdout\n policy block\n}\n",
	    { { "policy", "block" } } },
	{ "output siem {\n type syslog\n address \"tcp://h:514\"\n"
	    " policy drop\n}\n",
	    { { "policy", "drop" } } },
	{ "output hive {\n type webhook\n url \"http://h/\"\n policy drop\n"
	    " deadline 1m\n max-response-headers 8KB\n"
	    " max-response-body 2MB\n token-env HIVE_TOKEN\n}\n",
	    { { "policy", "drop" }, { "deadline", "60000" },
	    { "max-response-headers", "8192" },
	    { "max-response-body", "2097152" },
	    { "token-env", "HIVE_TOKEN" } } },
	{ "output hive {\n type webhook\n url \"http://h/\"\n"
	    " policy block\n}\n",
	    { { "policy", "block" }, { "deadline", "0" } } },
	{ "output hive {\n type webhook\n url \"http://h/\"\n batch 1\n"
	    " spool-max 1TB\n}\n",
	    { { "batch", "1" }, { "spool-max", "1099511627776" },
	    { "header", "" } } },
	/* Which records: every kind takes the option. */
	{ "output a {\n type file\n path \"x\"\n}\n",
	    { { "records", "alerts" } } },
	{ "output hive {\n type webhook\n url \"http://h/\"\n"
	    " records incidents\n}\n", { { "records", "incidents" } } },
	{ "output siem {\n type syslog\n records both\n}\n",
	    { { "records", "both" } } },
};

START_TEST(test_good)
{
	struct cerrors		 errs = { NULL, 0, 0 };
	struct output_conf	*oc;
	const struct want	*w;
	char			 buf[256];
	int			 rc;

	oc = parse(good[_i].text, &errs);
	ck_assert_msg(oc != NULL, "case %d: %s", _i, errs.n > 0 ?
	    errs.msgs[0] : "");
	ck_assert_uint_eq(errs.n, 0);
	for (w = good[_i].want; w < good[_i].want + NVALS &&
	    w->option != NULL; w++) {
		rc = output_conf_get(oc, w->option, buf, sizeof(buf));
		if (w->value == NULL) {
			ck_assert_msg(rc == -1, "case %d: %s is an option",
			    _i, w->option);
			continue;
		}
		ck_assert_msg(rc == 0, "case %d: no option %s", _i,
		    w->option);
		ck_assert_msg(strcmp(buf, w->value) == 0, "case %d: %s is "
		    "'%s', not '%s'", _i, w->option, buf, w->value);
	}
	output_conf_free(oc);
	cerrors_clear(&errs);
}
END_TEST

static const struct {
	const char	*text;
	const char	*msgs[3];	/* every message, in order */
} bad[] = {
	/* Unknown options, and options of other kinds. */
	{ "output a {\n type file\n path \"x\"\n color red\n}\n",
	    { "t.conf:4:2: output a: unknown option 'color'" } },
	{ "output a {\n type file\n path \"x\"\n address \"/dev/log\"\n}\n",
	    { "t.conf:4:2: output a: 'address' is an option of syslog "
	    "outputs, not of file" } },
	{ "output a {\n type file\n path \"x\"\n retry-min 5s\n"
	    " url \"http://h/\"\n}\n",
	    { "t.conf:4:2: output a: 'retry-min' is an option of syslog "
	    "and webhook outputs, not of file",
	    "t.conf:5:2: output a: 'url' is an option of webhook outputs, "
	    "not of file" } },
	{ "output a {\n type stdout\n path \"x\"\n}\n",
	    { "t.conf:3:2: output a: 'path' is an option of file outputs, "
	    "not of stdout" } },
	{ "output a {\n type syslog\n timeout 5s\n}\n",
	    { "t.conf:3:2: output a: 'timeout' is an option of webhook "
	    "and kafka outputs, not of syslog" } },
	/* Values out of range, or of the wrong unit. */
	{ "output a {\n type syslog\n retry-min 0\n}\n",
	    { "t.conf:3:12: retry-min: expected a time from 1ms to 7d "
	    "(e.g. 10s)" } },
	{ "output a {\n type syslog\n drain-timeout 8d\n}\n",
	    { "t.conf:3:16: drain-timeout: expected a time from 1ms to 7d "
	    "(e.g. 10s)" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n timeout 5\n}\n",
	    { "t.conf:4:10: timeout: expected a time from 1ms to 7d "
	    "(e.g. 10s)" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n batch 10001\n}\n",
	    { "t.conf:4:8: batch: expected a count from 1 to 10000" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n batch 0\n}\n",
	    { "t.conf:4:8: batch: expected a count from 1 to 10000" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n batch 1.5\n}\n",
	    { "t.conf:4:8: batch: expected a count from 1 to 10000" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n spool-max 1023\n"
	    "}\n",
	    { "t.conf:4:12: spool-max: expected a size from 1KB to 1TB "
	    "(e.g. 100MB)" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n spool-max 2TB\n}\n",
	    { "t.conf:4:12: spool-max: expected a size from 1KB to 1TB "
	    "(e.g. 100MB)" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n spool-max 5s\n}\n",
	    { "t.conf:4:12: spool-max: expected a size from 1KB to 1TB "
	    "(e.g. 100MB)" } },
	/* A bad value of another kind's option is reported as such. */
	{ "output a {\n type file\n path \"x\"\n batch 0\n}\n",
	    { "t.conf:4:8: batch: expected a count from 1 to 10000" } },
	/* Type missing, unknown, or with the wrong arguments. */
	{ "output a {\n path \"x\"\n}\n",
	    { "t.conf:1:1: output a: needs a type" } },
	{ "output a {\n type pigeon\n path \"x\"\n}\n",
	    { "t.conf:1:1: output a: type must be one of file, stdout, "
	    "syslog, webhook or kafka" } },
	{ "output a {\n type file file\n path \"x\"\n}\n",
	    { "t.conf:2:12: 'type' takes 1 argument: unexpected 'file'" } },
	{ "output a {\n type file\n path\n}\n",
	    { "t.conf:3:2: 'path' needs 1 argument" } },
	/* Headers: a name without colon or blank, a value on one line. */
	{ "output a {\n type webhook\n url \"http://h/\"\n"
	    " header \"X-A:b\" c\n}\n",
	    { "t.conf:4:9: header: expected a name and a value on one "
	    "line" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n"
	    " header X-A \"b\\nc\"\n}\n",
	    { "t.conf:4:9: header: expected a name and a value on one "
	    "line" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n header X-A\n}\n",
	    { "t.conf:4:2: 'header' needs 2 arguments" } },
	/* What only the kind can check. */
	{ "output a {\n type file\n}\n",
	    { "t.conf:1:1: output a: needs a path" } },
	{ "output a {\n type syslog\n facility local9\n}\n",
	    { "t.conf:1:1: output a: unknown syslog facility 'local9'" } },
	{ "output a {\n type syslog\n address \"siem:514\"\n}\n",
	    { "t.conf:1:1: output a: address 'siem:514': expected a socket "
	    "path, udp://host:port or tcp://host:port" } },
	{ "output a {\n type webhook\n}\n",
	    { "t.conf:1:1: output a: needs a url" } },
	{ "output a {\n type webhook\n url \"ftp://h/\"\n}\n",
	    { "t.conf:1:1: output a: url 'ftp://h/': expected "
	    "http://host[:port]/path or https://host[:port]/path" } },
	/* TLS, proxy and payload options that do not go together. */
	{ "output a {\n type webhook\n url \"https://h/\"\n"
	    " key-file \"/k\"\n}\n",
	    { "t.conf:1:1: output a: key-file needs cert-file" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n"
	    " ca-file \"/ca\"\n}\n",
	    { "t.conf:1:1: output a: ca-file and cert-file are for an https "
	    "url or proxy" } },
	{ "output a {\n type webhook\n url \"https://h/\"\n"
	    " proxy \"http://u:pw@p:3128\"\n}\n",
	    { "t.conf:1:1: output a: proxy 'http://***@p:3128': credentials "
	    "in the url are not sent: give the secret in token-file or "
	    "token-env (token-scheme Basic with base64 of user:password)" } },
	{ "output a {\n type webhook\n url \"https://h/\"\n"
	    " proxy \"socks5://p:1080\"\n}\n",
	    { "t.conf:1:1: output a: proxy 'socks5://p:1080': expected "
	    "http://host[:port]/path or https://host[:port]/path" } },
	{ "output a {\n type webhook\n url \"https://h/\"\n"
	    " payload servicenow\n}\n",
	    { "t.conf:1:1: output a: payload 'servicenow': expected ecs, "
	    "splunk-hec, thehive, jira or template" } },
	{ "output a {\n type webhook\n url \"https://h/\"\n"
	    " payload jira\n project SOC\n}\n",
	    { "t.conf:1:1: output a: payload jira needs project and "
	    "issue-type" } },
	{ "output a {\n type webhook\n url \"https://h/\"\n"
	    " payload thehive\n batch 10\n}\n",
	    { "t.conf:1:1: output a: payload thehive takes one alert a "
	    "request: batch 1" } },
	{ "output a {\n type webhook\n url \"https://h/\"\n"
	    " payload template\n}\n",
	    { "t.conf:1:1: output a: payload template needs a template "
	    "file" } },
	{ "output a {\n type webhook\n url \"https://h/\"\n"
	    " payload splunk-hec\n batch-format ndjson\n}\n",
	    { "t.conf:1:1: output a: batch-format is for payload ecs" } },
	{ "output .a {\n type webhook\n url \"http://h/\"\n}\n",
	    { "t.conf:1:1: output .a: the name of a webhook output names "
	    "its spool: use letters, digits, '-', '_' and '.'" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n"
	    " batch-format xml\n}\n",
	    { "t.conf:1:1: output a: batch-format must be array or "
	    "ndjson" } },
	{ "output a {\n type syslog\n records tickets\n}\n",
	    { "t.conf:3:10: output a: records must be alerts, incidents, "
	    "both or findings" } },
	/* Policies a kind does not have. */
	{ "output a {\n type file\n path \"x\"\n policy spool\n}\n",
	    { "t.conf:4:9: policy: expected block or drop" } },
	{ "output a {\n type syslog\n policy later\n}\n",
	    { "t.conf:3:9: policy: expected block or drop" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n policy no\n}\n",
	    { "t.conf:4:9: policy: expected block, drop or spool" } },
	/* Credentials: never in the url, never echoed; one token. */
	{ "output a {\n type webhook\n url \"http://u:pw@h:80/x\"\n}\n",
	    { "t.conf:1:1: output a: url 'http://***@h:80/x': credentials in "
	    "the url are not sent: give the secret in token-file or "
	    "token-env (token-scheme Basic with base64 of user:password)" } },
	{ "output a {\n type webhook\n url \"https://u:pw@h/\"\n}\n",
	    { "t.conf:1:1: output a: url 'https://***@h/': credentials in "
	    "the url are not sent: give the secret in token-file or "
	    "token-env (token-scheme Basic with base64 of user:password)" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n"
	    " token-file \"/t\"\n token-env T\n}\n",
	    { "t.conf:1:1: output a: token-file and token-env: give one" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n"
	    " token-env \"A B\"\n}\n",
	    { "t.conf:1:1: output a: token-env: expected the name of an "
	    "environment variable" } },
	{ "output a {\n type webhook\n url \"http://h/\"\n"
	    " max-response-body 1\n}\n",
	    { "t.conf:4:20: max-response-body: expected a size from 1KB to "
	    "1TB (e.g. 100MB)" } },
};

START_TEST(test_bad)
{
	struct cerrors		 errs = { NULL, 0, 0 };
	struct output_conf	*oc;
	size_t			 i, n;

	oc = parse(bad[_i].text, &errs);
	ck_assert_msg(oc == NULL, "case %d parsed", _i);
	for (n = 0; n < 3 && bad[_i].msgs[n] != NULL; n++)
		;
	for (i = 0; i < errs.n && i < n; i++)
		ck_assert_msg(strcmp(errs.msgs[i], bad[_i].msgs[i]) == 0,
		    "case %d: '%s', not '%s'", _i, errs.msgs[i],
		    bad[_i].msgs[i]);
	ck_assert_msg(errs.n == n, "case %d: %zu messages, not %zu%s%s", _i,
	    errs.n, n, errs.n > n ? ": " : "", errs.n > n ?
	    errs.msgs[n] : "");
	cerrors_clear(&errs);
}
END_TEST

/*
 * A block read from a file in a temporary directory: paths are taken
 * from the file's directory, and the file output opened from it writes
 * there; a webhook's spool goes to the state directory it is given.
 */
START_TEST(test_open)
{
	struct cerrors		 errs = { NULL, 0, 0 };
	struct output_env	 env = { "host1", NULL, NULL };
	struct output_conf	*oc[2];
	struct output		*o;
	struct cnode		*n;
	struct stat		 st;
	char			 dir[512], path[600], buf[600];
	FILE			*fp;

	test_tmpl(dir, sizeof(dir), "check_output");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	env.state_dir = dir;
	snprintf(path, sizeof(path), "%s/detectd.conf", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "output alerts {\n type file\n path \"alerts.json\"\n}\n"
	    "output hive {\n type webhook\n url \"http://127.0.0.1:9/\"\n}\n");
	fclose(fp);
	ck_assert_ptr_nonnull(n = conf_parse_file(path, &errs));
	ck_assert_ptr_nonnull(oc[0] = output_conf_parse(n, &errs));
	ck_assert_ptr_nonnull(oc[1] = output_conf_parse(n->next, &errs));
	conf_free(n);
	ck_assert_str_eq(output_conf_name(oc[0]), "alerts");
	snprintf(path, sizeof(path), "%s/alerts.json", dir);
	ck_assert_int_eq(output_conf_get(oc[0], "path", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, path);

	ck_assert_ptr_nonnull(o = output_open(oc[0], &env));
	ck_assert_int_eq(output_write(o, "{}\n", 3), 0);
	ck_assert_int_eq(output_flush(o), 0);
	output_free(o);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 3);
	ck_assert_ptr_nonnull(o = output_open(oc[1], &env));
	output_free(o);
	snprintf(buf, sizeof(buf), "%s/spool-hive", dir);
	ck_assert_int_eq(stat(buf, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));

	output_conf_free(oc[0]);
	output_conf_free(oc[1]);
	output_conf_free(NULL);
	snprintf(buf, sizeof(buf), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(buf), 0);
}
END_TEST

static Suite *
output_suite(void)
{
	Suite	*s = suite_create("output");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_good, 0, sizeof(good) / sizeof(good[0]));
	tcase_add_loop_test(tc, test_bad, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_open);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(output_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
