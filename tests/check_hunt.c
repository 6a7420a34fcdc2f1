/*
 * Tests of the retro-hunt's matching (src/alert/hunt.c): each kind of
 * indicator (domain, IP and prefix, URL, hash, user, host) found in the
 * fields of its type of a parsed line and nowhere else, with the field
 * it was found in; what an indicator without a type is taken for; the
 * records (kind event, the incident given); a gzip'd archive found the
 * same as the plain file; the counts of lines, events and parse errors.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zlib.h>

#include "alert/alert.h"
#include "alert/hunt.h"
#include "testmain.h"
#include "testtmp.h"

#define INC	"INC-20260310-0123456789ab"

static const struct alert_ctx ctx = {
	"sensor1.example.org", "default", "0.1.0", 1773147731000LL, 0
};

/* Squid native: client, user and URL; the destination address after. */
#define SQ(cl, url, user, dst) \
	"1773136800.000    215 " cl " TCP_MISS/200 5120 GET " url " " user \
	" HIER_DIRECT/" dst " text/html"
/* BIND 9 query log: client and question. */
#define BQ(cl, q) \
	"10-Mar-2026 10:00:00.000 client @0x7f " cl "#53000 (" q "): query: " \
	q " IN A + (10.1.0.53)"
/* Windows events as NXLog writes them: host, channel, id, data. */
#define NX(host, ch, id, data) \
	"{\"EventTime\":\"2026-03-10 14:02:11\",\"Hostname\":\"" host "\"," \
	"\"EventID\":" id ",\"SourceName\":\"x\",\"Channel\":\"" ch "\"," \
	data "}"
#define LOGON(ws, user, ip) NX("DC01.corp.local", "Security", "4624", \
	"\"TargetUserName\":\"" user "\",\"TargetDomainName\":\"CORP\"," \
	"\"LogonType\":\"3\",\"WorkstationName\":\"" ws "\"," \
	"\"IpAddress\":\"" ip "\",\"IpPort\":\"50132\"")
#define SYSMON1(hashes) NX("WS-ALICE.corp.local", \
	"Microsoft-Windows-Sysmon/Operational", "1", \
	"\"UtcTime\":\"2026-03-10 14:02:11.123\"," \
	"\"Image\":\"C:\\\\Users\\\\a\\\\x.exe\",\"User\":\"CORP\\\\alice\"," \
	"\"Hashes\":\"" hashes "\"")

#define MD5	"0123456789abcdef0123456789abcdef"
#define SHA256	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/*
 * One line searched for one indicator: the field it is found in and the
 * type the record names (ECS threat.indicator.type; a host has none),
 * or field NULL when it must not be found.
 */
static const struct {
	const char	*ind, *format, *line, *field, *type;
} cases[] = {
	/* A domain: the destination, its subdomains, the DNS question. */
	{ "bad.example", "squid", SQ("10.1.2.3", "http://bad.example/g.php",
	    "-", "198.51.100.7"), "destination.domain", "domain-name" },
	{ "domain:bad.example", "squid", SQ("10.1.2.3",
	    "http://cdn.bad.example/x.bin", "-", "198.51.100.7"),
	    "destination.domain", "domain-name" },
	{ "bad.example", "bind", BQ("10.1.2.20", "www.bad.example"),
	    "dns.question.name", "domain-name" },
	/* Not a longer name, not a substring, not in a query string. */
	{ "bad.example", "squid", SQ("10.1.2.3", "http://notbad.example/",
	    "-", "198.51.100.7"), NULL, NULL },
	{ "bad.example", "squid", SQ("10.1.2.3",
	    "http://ok.example/?u=bad.example", "-", "198.51.100.7"), NULL,
	    NULL },
	{ "bad.example", "bind", BQ("10.1.2.21", "bad.example.org"), NULL,
	    NULL },
	/* An address: the client or the destination; a prefix. */
	{ "203.0.113.9", "squid", SQ("10.1.2.7", "http://ok.example/a", "-",
	    "203.0.113.9"), "destination.ip", "ipv4-addr" },
	{ "ip:10.1.2.7", "squid", SQ("10.1.2.7", "http://ok.example/a", "-",
	    "203.0.113.9"), "source.ip", "ipv4-addr" },
	{ "203.0.113.9", "squid", SQ("10.1.2.8", "http://ok.example/a", "-",
	    "203.0.113.90"), NULL, NULL },
	{ "203.0.113.0/28", "squid", SQ("10.1.2.7", "http://ok.example/a",
	    "-", "203.0.113.9"), "destination.ip", "ipv4-addr" },
	{ "203.0.113.0/28", "squid", SQ("10.1.2.8", "http://ok.example/a",
	    "-", "203.0.113.90"), NULL, NULL },
	{ "10.20.1.15", "windows", LOGON("WS-BOB", "alice", "10.20.1.15"),
	    "source.ip", "ipv4-addr" },
	/* A URL: that URL, not another on the same host. */
	{ "http://ok.example/c?x=1", "squid", SQ("10.1.2.9",
	    "http://ok.example/c?x=1", "-", "198.51.100.11"), "url.original",
	    "url" },
	{ "url:http://ok.example/c?x=1", "squid", SQ("10.1.2.9",
	    "http://ok.example/c?x=2", "-", "198.51.100.11"), NULL, NULL },
	/* A hash of the process, of any of its kinds. */
	{ MD5, "windows", SYSMON1("SHA256=" SHA256 ",MD5=" MD5),
	    "process.hash", "file" },
	{ "hash:" SHA256, "windows", SYSMON1("MD5=" MD5 ",SHA256=" SHA256),
	    "process.hash", "file" },
	{ "ffffffffffffffffffffffffffffffff", "windows",
	    SYSMON1("SHA256=" SHA256 ",MD5=" MD5), NULL, NULL },
	/* A user: the proxy's user, the logon's account; not "malice". */
	{ "user:alice", "squid", SQ("10.1.2.7", "http://ok.example/a",
	    "alice", "203.0.113.9"), "user.name", "user-account" },
	{ "user:alice", "squid", SQ("10.1.2.8", "http://ok.example/b",
	    "malice", "203.0.113.9"), NULL, NULL },
	{ "user:alice", "windows", LOGON("WS-BOB", "alice", "10.20.1.15"),
	    "user.name", "user-account" },
	/* A host: the event's host by its first label, the source host. */
	{ "host:dc01", "windows", LOGON("WS-BOB", "bob", "10.20.1.15"),
	    "host.name", NULL },
	{ "WS-BOB", "windows", LOGON("WS-BOB", "bob", "10.20.1.15"),
	    "source.address", NULL },
	{ "host:ws-carol", "windows", LOGON("WS-BOB", "bob", "10.20.1.15"),
	    NULL, NULL },
	/* A user is not a host, nor a host a user. */
	{ "host:alice", "squid", SQ("10.1.2.7", "http://ok.example/a",
	    "alice", "203.0.113.9"), NULL, NULL },
	{ "user:WS-BOB", "windows", LOGON("WS-BOB", "bob", "10.20.1.15"),
	    NULL, NULL },
};

/* The records hunt wrote to out, one per line, as an array. */
static json_t *
records(FILE *out)
{
	json_t	*a = json_array(), *r;
	char	 line[65536];

	rewind(out);
	while (fgets(line, sizeof(line), out) != NULL) {
		r = json_loads(line, 0, NULL);
		ck_assert_msg(r != NULL, "not JSON: %s", line);
		json_array_append_new(a, r);
	}
	return a;
}

static const char *
str(json_t *o, const char *a, const char *b, const char *c)
{
	o = json_object_get(json_object_get(o, a), b);
	return json_string_value(c != NULL ? json_object_get(o, c) : o);
}

/* The field a record says its indicator was found in. */
static const char *
matched(json_t *r)
{
	const char	*f = json_string_value(json_object_get(json_object_get(
			    json_object_get(json_object_get(r, "threat"),
			    "indicator"), "matched"), "field"));

	return f != NULL ? f : "?";
}

/* Hunt ind in the lines of format; the records found. */
static json_t *
hunt_lines(const char *ind, const char *format, const char *lines,
    const char *incident, struct hunt_stats *st)
{
	struct hunt	*h = hunt_new(&ctx, incident);
	const char	*why = NULL;
	FILE		*out = tmpfile();
	json_t		*a;

	ck_assert_ptr_nonnull(h);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(hunt_indicator(h, ind, &why) == 0, "%s: %s", ind, why);
	test_puts("log", "w", lines);
	ck_assert_int_eq(hunt_file(h, format, test_path("log"), out), 0);
	*st = *hunt_stats(h);
	a = records(out);
	fclose(out);
	hunt_free(h);
	return a;
}

START_TEST(test_match)
{
	struct hunt_stats	 st;
	char			 lines[4096];
	const char		*name;
	json_t			*a, *r;

	snprintf(lines, sizeof(lines), "%s\n", cases[_i].line);
	a = hunt_lines(cases[_i].ind, cases[_i].format, lines, NULL, &st);
	ck_assert_uint_eq(st.lines, 1);
	ck_assert_msg(st.events == 1, "case %d: the line did not parse", _i);
	if (cases[_i].field == NULL) {
		ck_assert_msg(json_array_size(a) == 0, "case %d: %s found in "
		    "%s", _i, cases[_i].ind, matched(json_array_get(a, 0)));
		json_decref(a);
		return;
	}
	ck_assert_msg(json_array_size(a) == 1, "case %d: %s not found", _i,
	    cases[_i].ind);
	r = json_array_get(a, 0);
	ck_assert_str_eq(matched(r), cases[_i].field);
	if (cases[_i].type != NULL)
		ck_assert_str_eq(str(r, "threat", "indicator", "type"),
		    cases[_i].type);
	else
		ck_assert_ptr_null(str(r, "threat", "indicator", "type"));
	/* The indicator as listed, without the type it named. */
	name = strchr(cases[_i].ind, ':');
	ck_assert_str_eq(str(r, "threat", "indicator", "name"),
	    name != NULL && name[1] != '/' ? name + 1 : cases[_i].ind);
	ck_assert_str_eq(str(r, "event", "kind", NULL), "event");
	ck_assert_uint_eq(st.matches, 1);
	json_decref(a);
}
END_TEST

/*
 * Several lines: one record per line that matches, the incident given
 * on each, a broken line counted and passed.
 */
static const char squid_lines[] =
    SQ("10.1.2.3", "http://bad.example/g.php", "-", "198.51.100.7") "\n"
    "this is not a squid line at all\n"
    SQ("10.1.2.5", "http://ok.example/", "alice", "203.0.113.9") "\n"
    SQ("10.1.2.6", "http://ok.example/", "-", "198.51.100.9") "\n";

START_TEST(test_lines)
{
	struct hunt_stats	 st;
	json_t			*a;
	struct hunt		*h = hunt_new(&ctx, INC);
	const char		*why;
	FILE			*out = tmpfile();
	size_t			 i;

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(hunt_indicator(h, "bad.example", &why), 0);
	ck_assert_int_eq(hunt_indicator(h, "user:alice", &why), 0);
	ck_assert_int_eq(hunt_indicator(h, "ip:999.1.1.1", &why), -1);
	ck_assert_int_eq(hunt_indicator(h, "  ", &why), -1);
	ck_assert_uint_eq(hunt_size(h), 2);
	test_puts("access.log", "w", squid_lines);
	ck_assert_int_eq(hunt_file(h, "squid", test_path("access.log"), out),
	    0);
	ck_assert_int_eq(hunt_file(h, "no-such-format",
	    test_path("access.log"), out), -1);
	st = *hunt_stats(h);
	ck_assert_uint_eq(st.lines, 4);
	ck_assert_uint_eq(st.events, 3);
	ck_assert_uint_eq(st.parse_errors, 1);
	ck_assert_uint_eq(st.matches, 2);
	a = records(out);
	ck_assert_uint_eq(json_array_size(a), 2);
	ck_assert_str_eq(str(json_array_get(a, 0), "source", "ip", NULL),
	    "10.1.2.3");
	ck_assert_str_eq(str(json_array_get(a, 1), "source", "ip", NULL),
	    "10.1.2.5");
	for (i = 0; i < 2; i++)
		ck_assert_str_eq(str(json_array_get(a, i), "incident", "id",
		    NULL), INC);
	json_decref(a);
	fclose(out);
	hunt_free(h);
}
END_TEST

/* A gzip'd archive: the same records as the plain file. */
START_TEST(test_gzip)
{
	struct hunt_stats	 st;
	struct hunt		*h = hunt_new(&ctx, NULL);
	const char		*why;
	FILE			*out = tmpfile();
	gzFile			 gz;
	json_t			*a, *plain;
	char			*s1, *s2;

	gz = gzopen(test_path("access.log.1.gz"), "wb");
	ck_assert_ptr_nonnull(gz);
	ck_assert_int_eq(gzputs(gz, squid_lines), (int)strlen(squid_lines));
	ck_assert_int_eq(gzclose(gz), Z_OK);
	ck_assert_int_eq(hunt_indicator(h, "bad.example", &why), 0);
	ck_assert_int_eq(hunt_indicator(h, "user:alice", &why), 0);
	ck_assert_int_eq(hunt_file(h, "squid", test_path("access.log.1.gz"),
	    out), 0);
	ck_assert_uint_eq(hunt_stats(h)->lines, 4);
	ck_assert_uint_eq(hunt_stats(h)->matches, 2);
	a = records(out);
	fclose(out);
	hunt_free(h);
	/* The plain file: the records differ only in the file's name. */
	plain = hunt_lines("bad.example", "squid", squid_lines, NULL, &st);
	ck_assert_uint_eq(json_array_size(plain), 1);
	json_object_del(json_object_get(json_array_get(a, 0), "log"), "file");
	json_object_del(json_object_get(json_array_get(plain, 0), "log"),
	    "file");
	json_object_del(json_object_get(json_array_get(a, 0), "incident"),
	    "discovered");
	json_object_del(json_object_get(json_array_get(plain, 0), "incident"),
	    "discovered");
	json_object_del(json_object_get(json_object_get(json_array_get(a, 0),
	    "incident"), "evidence"), "file");
	s1 = json_dumps(json_object_get(json_array_get(a, 0), "source"),
	    JSON_SORT_KEYS);
	s2 = json_dumps(json_object_get(json_array_get(plain, 0), "source"),
	    JSON_SORT_KEYS);
	ck_assert_str_eq(s1, s2);
	ck_assert_str_eq(str(json_array_get(a, 0), "url", "original", NULL),
	    "http://bad.example/g.php");
	ck_assert_str_eq(str(json_array_get(a, 1), "user", "name", NULL),
	    "alice");
	free(s1);
	free(s2);
	json_decref(a);
	json_decref(plain);
}
END_TEST

/* An indicator file: comments and blank lines skipped, a bad line fails. */
START_TEST(test_listfile)
{
	struct hunt	*h = hunt_new(&ctx, NULL);

	test_puts("list", "w", "# from the incident\n\nbad.example\n"
	    "  user:alice  \nhttp://ok.example/c\n" MD5 "\n");
	ck_assert_int_eq(hunt_listfile(h, test_path("list")), 0);
	ck_assert_uint_eq(hunt_size(h), 4);
	test_puts("bad", "w", "good.example\nip:999.1.1.1\n");
	ck_assert_int_eq(hunt_listfile(h, test_path("bad")), -1);
	ck_assert_int_eq(hunt_listfile(h, test_path("missing")), -1);
	hunt_free(h);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_match, TEST_NITEMS(cases) }, { test_lines, 0 },
		{ test_gzip, 0 }, { test_listfile, 0 },
	};

	return test_run_fixture("hunt", tests, TEST_NITEMS(tests),
	    test_dir_make, test_dir_remove);
}
