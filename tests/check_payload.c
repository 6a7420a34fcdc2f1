/*
 * Payloads (src/output/payload*.c): what a record becomes for TheHive,
 * Jira, Splunk HEC and templates, read back with jansson.  The e2e test
 * output_payloads.sh checks the same over HTTP against the schemas;
 * here the mapping rules one by one.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "output/payload.h"
#include "testtmp.h"

#define EID	"0b2a6b31-78c6-8a30-b25a-168c41a9749b"

/* A record with what the payloads read, revision rev. */
static char *
record(int rev, const char *name, const char *phen)
{
	json_t	*r;
	char	*s;

	r = json_pack("{s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s}, "
	    "s:{s:{s:s, s:s, s:{s:s, s:s}}}, s:{s:s, s:s}, "
	    "s:{s:s, s:s, s:s, s:i, s:i, s:{s:s, s:s, s:s, s:s}, "
	    "s:s, s:{s:s, s:s}, s:[s], s:[{s:s}]}}",
	    "@timestamp", "2026-03-10T11:00:00.123Z",
	    "event", "id", EID, "created", "2026-03-10T11:00:02.517Z",
	    "rule", "id", "1000009", "name", name,
	    "observer", "hostname", "logsrv1",
	    "threat", "indicator", "type", "file", "name", "d41d8cd9",
	    "matched", "field", "file.hash.md5", "atomic", "d41d8cd9",
	    "destination", "ip", "198.51.100.7", "domain", "bad.example",
	    "incident", "phenomenon", phen, "reason", "listed",
	    "importance", "high", "ticket_severity", 3, "revision", rev,
	    "endpoint", "ip", "10.1.2.3", "host", "ws7", "user", "alice",
	    "key", "ws7", "destination", "bad.example:80",
	    "attack_stage", "key", "c2", "name", "active C2",
	    "techniques", "T1071.001", "evidence", "line", "GET /x");
	ck_assert_ptr_nonnull(r);
	s = json_dumps(r, JSON_COMPACT);
	json_decref(r);
	return s;
}

static struct payload *
make(const char *kind, const char *ids)
{
	struct payload_conf	 pc;
	struct payload		*p;
	char			 err[512];

	memset(&pc, 0, sizeof(pc));
	pc.kind = kind;
	pc.project = "SOC";
	pc.issue_type = "Task";
	pc.ids_file = ids;
	p = payload_new(&pc, err, sizeof(err));
	ck_assert_msg(p != NULL, "%s", err);
	return p;
}

/* The record built into kind's request, its body parsed. */
static json_t *
build(struct payload *p, const char *rec, struct payload_req *r)
{
	json_t	*j;

	ck_assert_int_eq(payload_build(p, rec, strlen(rec), 0, r), 0);
	if (r->len == 0)
		return NULL;
	j = json_loadb(r->body, r->len, 0, NULL);
	ck_assert_msg(j != NULL, "not JSON: %.*s", (int)r->len, r->body);
	return j;
}

static json_t *
observable(json_t *a, const char *type, const char *data)
{
	json_t	*o;
	size_t	 i;

	json_array_foreach(json_object_get(a, "observables"), i, o)
		if (strcmp(json_string_value(json_object_get(o, "dataType")),
		    type) == 0 && strcmp(json_string_value(json_object_get(o,
		    "data")), data) == 0)
			return o;
	return NULL;
}

START_TEST(test_thehive_create)
{
	struct payload		*p = make("thehive", test_path("ids"));
	struct payload_req	 r;
	char			*rec = record(1, "Hash on list", "seen");
	json_t			*a, *o;

	a = build(p, rec, &r);
	ck_assert_str_eq(r.method, "POST");
	ck_assert_str_eq(r.suffix, "");
	ck_assert_str_eq(json_string_value(json_object_get(a, "sourceRef")),
	    EID);
	ck_assert_str_eq(json_string_value(json_object_get(a, "source")),
	    "logsrv1");
	ck_assert_int_eq(json_integer_value(json_object_get(a, "severity")),
	    3);
	ck_assert_int_eq(json_integer_value(json_object_get(a, "date")),
	    1773140400123LL);
	ck_assert_str_eq(json_string_value(json_object_get(a, "title")),
	    "[high] Hash on list: ws7 -> bad.example:80");
	/* A hash list's indicator is a hash, and the IOC. */
	ck_assert_ptr_nonnull(o = observable(a, "hash", "d41d8cd9"));
	ck_assert(json_is_true(json_object_get(o, "ioc")));
	ck_assert_ptr_nonnull(o = observable(a, "ip", "10.1.2.3"));
	ck_assert(json_is_false(json_object_get(o, "ioc")));
	ck_assert_ptr_nonnull(observable(a, "hostname", "ws7"));
	ck_assert_ptr_nonnull(observable(a, "other", "alice"));
	ck_assert_ptr_nonnull(observable(a, "domain", "bad.example"));
	ck_assert_ptr_nonnull(observable(a, "ip", "198.51.100.7"));
	ck_assert_int_eq(json_array_size(json_object_get(a, "observables")),
	    6);
	json_decref(a);
	free(r.body);
	free(rec);
	payload_free(p);
}
END_TEST

/* A revision PATCHes the id TheHive answered, also once reopened. */
START_TEST(test_thehive_revision)
{
	struct payload		*p = make("thehive", test_path("ids"));
	struct payload_req	 r;
	char			*r1 = record(1, "n", "x"), *r2 = record(2, "n", "y");
	const char		*ans = "{\"_id\":\"~4160\",\"_type\":\"Alert\"}";
	json_t			*a;

	/* Not taken yet: a revision is created whole. */
	a = build(p, r2, &r);
	ck_assert_str_eq(r.method, "POST");
	json_decref(a);
	free(r.body);
	/* An id that is not TheHive's shape is not put in a url. */
	payload_taken(p, r1, strlen(r1), "{\"_id\":\"../x\"}", 14);
	a = build(p, r2, &r);
	ck_assert_str_eq(r.method, "POST");
	json_decref(a);
	free(r.body);
	payload_taken(p, r1, strlen(r1), ans, strlen(ans));
	payload_free(p);
	p = make("thehive", test_path("ids"));
	a = build(p, r2, &r);
	ck_assert_str_eq(r.method, "PATCH");
	ck_assert_str_eq(r.suffix, "/~4160");
	ck_assert_ptr_null(json_object_get(a, "sourceRef"));
	ck_assert_ptr_null(json_object_get(a, "observables"));
	ck_assert_ptr_nonnull(json_object_get(a, "lastSyncDate"));
	json_decref(a);
	free(r.body);
	free(r1);
	free(r2);
	payload_free(p);
}
END_TEST

/* Markdown: a '|' in a field does not break the table, nor a newline. */
START_TEST(test_markdown_cells)
{
	struct payload		*p = make("thehive", NULL);
	struct payload_req	 r;
	char			*rec = record(1, "n", "a|b\n## not a heading");
	const char		*d;
	json_t			*a;

	a = build(p, rec, &r);
	d = json_string_value(json_object_get(a, "description"));
	ck_assert_ptr_nonnull(strstr(d, "**Phenomenon:** a\\|b ## not a "
	    "heading\n"));
	ck_assert_ptr_nonnull(strstr(d, "| Importance | high |\n"));
	ck_assert_ptr_nonnull(strstr(d, "\n    GET /x\n"));
	json_decref(a);
	free(r.body);
	free(rec);
	payload_free(p);
}
END_TEST

START_TEST(test_jira)
{
	struct payload		*p = make("jira", NULL);
	struct payload_req	 r;
	char			 name[400], *rec, *r2;
	json_t			*j, *f, *l;
	size_t			 i;

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	rec = record(1, name, "p");
	j = build(p, rec, &r);
	f = json_object_get(j, "fields");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(f,
	    "project"), "key")), "SOC");
	ck_assert_uint_le(strlen(json_string_value(json_object_get(f,
	    "summary"))), 254);
	ck_assert_uint_gt(json_array_size(json_object_get(f, "labels")), 3);
	json_array_foreach(json_object_get(f, "labels"), i, l)
		ck_assert_ptr_null(strchr(json_string_value(l), ' '));
	json_decref(j);
	free(r.body);
	/* A revision opens no second issue: nothing to send. */
	r2 = record(2, "n", "p");
	ck_assert_ptr_null(build(p, r2, &r));
	free(r.body);
	free(rec);
	free(r2);
	payload_free(p);
}
END_TEST

START_TEST(test_hec)
{
	struct payload		*p = make("splunk-hec", NULL);
	struct payload_req	 r;
	char			*rec = record(1, "n", "p"), two[8192];
	json_t			*e;

	snprintf(two, sizeof(two), "%s\n%s\n", rec, rec);
	ck_assert_int_eq(payload_build(p, two, strlen(two), 1, &r), 0);
	/* Two envelopes back to back, each a line. */
	ck_assert_ptr_nonnull(memchr(r.body, '\n', r.len));
	e = json_loadb(r.body, strchr(r.body, '\n') - r.body, 0, NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert(json_real_value(json_object_get(e, "time")) ==
	    1773140400.123);
	ck_assert_str_eq(json_string_value(json_object_get(e, "sourcetype")),
	    "_json");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_object_get(e, "event"), "event"), "id")), EID);
	json_decref(e);
	free(r.body);
	free(rec);
	payload_free(p);
}
END_TEST

/* Each field path of the alert schema, following its $refs, to f. */
static void
schema_paths(const json_t *defs, const json_t *node, const char *path,
    json_t *seen, int depth)
{
	const char	*k, *ref;
	json_t		*v;
	char		 sub[512];
	size_t		 i;

	if (depth > 12 || node == NULL)
		return;
	if ((ref = json_string_value(json_object_get(node, "$ref"))) != NULL)
		schema_paths(defs, json_object_get(defs, strrchr(ref, '/') + 1),
		    path, seen, depth + 1);
	json_array_foreach(json_object_get(node, "oneOf"), i, v)
		schema_paths(defs, v, path, seen, depth + 1);
	json_array_foreach(json_object_get(node, "anyOf"), i, v)
		schema_paths(defs, v, path, seen, depth + 1);
	json_array_foreach(json_object_get(node, "allOf"), i, v)
		schema_paths(defs, v, path, seen, depth + 1);
	if (*path != '\0') {
		snprintf(sub, sizeof(sub), "${%s}", path);
		json_object_set_new(seen, path, json_string(sub));
	}
	json_object_foreach(json_object_get(node, "properties"), k, v) {
		snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", k);
		schema_paths(defs, v, sub, seen, depth + 1);
	}
}

/* Every field of the record may be named in a template. */
START_TEST(test_template_fields)
{
	struct payload_conf	 pc;
	struct payload		*p;
	json_t			*s, *t = json_object();
	char			 err[512];

	s = json_load_file(TEST_SRCDIR "/../schema/alert.schema.json", 0,
	    NULL);
	ck_assert_ptr_nonnull(s);
	schema_paths(json_object_get(s, "$defs"), s, "", t, 0);
	ck_assert_uint_gt(json_object_size(t), 100);
	ck_assert_int_eq(json_dump_file(t, test_path("t.json"), JSON_INDENT(1)),
	    0);
	json_decref(s);
	json_decref(t);
	memset(&pc, 0, sizeof(pc));
	pc.kind = "template";
	pc.template = test_path("t.json");
	p = payload_new(&pc, err, sizeof(err));
	ck_assert_msg(p != NULL, "%s", err);
	payload_free(p);
}
END_TEST

static const struct {
	const char	*text;
	const char	*err;		/* after "FILE:" */
} bad_templates[] = {
	{ "{\n\"a\": \"${event.id\"\n}\n", "2: '${' without its '}'" },
	{ "{\n\n\"a\": \"x ${rule.nosuch} y\"\n}\n",
	    "3: unknown field 'rule.nosuch'" },
	{ "{\n\"a\": 1,\n\"a\": 2\n}\n",
	    "3: duplicate object key near '\"a\"'" },
	{ "\"${event.id}\"\n", "1: '[' or '{' expected near "
	    "'\"${event.id}\"'" },
	{ "{\n\"a\": \"${event.id}\",\n\"b\":\n}\n",
	    "4: unexpected token near '}'" },
};

START_TEST(test_template_bad)
{
	struct payload_conf	 pc;
	char			 err[512], want[4200];

	test_puts("bad.json", "w", bad_templates[_i].text);
	memset(&pc, 0, sizeof(pc));
	pc.kind = "template";
	pc.template = test_path("bad.json");
	ck_assert_ptr_null(payload_new(&pc, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:%s", test_path("bad.json"),
	    bad_templates[_i].err);
	ck_assert_str_eq(err, want);
}
END_TEST

static Suite *
payload_suite(void)
{
	Suite	*s = suite_create("payload");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, test_dir_make, test_dir_remove);
	tcase_add_test(tc, test_thehive_create);
	tcase_add_test(tc, test_thehive_revision);
	tcase_add_test(tc, test_markdown_cells);
	tcase_add_test(tc, test_jira);
	tcase_add_test(tc, test_hec);
	tcase_add_test(tc, test_template_fields);
	tcase_add_loop_test(tc, test_template_bad, 0,
	    (int)(sizeof(bad_templates) / sizeof(bad_templates[0])));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(payload_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
