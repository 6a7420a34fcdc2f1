#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/parser.h"

#define UA_WIN	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) " \
		"AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 " \
		"Safari/537.36"

/* NULL strings are expected to be empty. */
struct cb_case {
	const char	*line;
	int64_t		 time_ms;
	const char	*src_ip;
	const char	*src_host;
	const char	*user;
	const char	*method;
	const char	*url;
	const char	*scheme;
	const char	*domain;
	const char	*dst_ip;
	int		 port;
	const char	*path;
	const char	*query;
	int		 status;
	int64_t		 bytes;
	const char	*referrer;
	const char	*ua;
	const char	*result;
	int		 decoded;	/* a value went through the arena */
};

/* 10/Mar/2026:14:02:11 +0100 */
#define T0	1773147731000LL

static const struct cb_case ok_cases[] = {
	/* Squid combined, the line */
	{ "10.20.1.15 - alice [10/Mar/2026:14:02:11 +0100] \"GET "
	    "http://www.example.com/a.php?x=1 HTTP/1.1\" 200 5120 "
	    "\"http://ref.example/\" \"" UA_WIN "\" TCP_MISS:HIER_DIRECT",
	    T0, "10.20.1.15", NULL, "alice", "GET",
	    "http://www.example.com/a.php?x=1", "http", "www.example.com",
	    NULL, 80, "/a.php", "x=1", 200, 5120, "http://ref.example/",
	    UA_WIN, "TCP_MISS", 0 },
	/* CONNECT */
	{ "10.20.1.15 - - [10/Mar/2026:14:02:11 +0100] \"CONNECT "
	    "login.example.org:443 HTTP/1.1\" 200 8123 \"-\" \"" UA_WIN "\" "
	    "TCP_TUNNEL:HIER_DIRECT",
	    T0, "10.20.1.15", NULL, NULL, "CONNECT", "login.example.org:443",
	    NULL, "login.example.org", NULL, 443, NULL, NULL, 200, 8123, NULL,
	    UA_WIN, "TCP_TUNNEL", 0 },
	/* CONNECT to an address, denied, no hierarchy code */
	{ "10.20.1.16 - - [10/Mar/2026:14:02:11 +0100] \"CONNECT "
	    "203.0.113.9:8443 HTTP/1.1\" 403 3900 \"-\" \"-\" TCP_DENIED",
	    T0, "10.20.1.16", NULL, NULL, "CONNECT", "203.0.113.9:8443", NULL,
	    NULL, "203.0.113.9", 8443, NULL, NULL, 403, 3900, NULL, NULL,
	    "TCP_DENIED", 0 },
	/* plain Apache combined: origin-form URL, no codes, '-' bytes */
	{ "192.0.2.10 - bob [10/Mar/2026:05:02:11 -0800] \"GET "
	    "/index.php?id=7&lang=en HTTP/1.1\" 304 - "
	    "\"https://www.example.com/\" \"curl/8.5.0\"",
	    T0, "192.0.2.10", NULL, "bob", "GET",
	    "/index.php?id=7&lang=en", NULL, NULL, NULL, -1, "/index.php",
	    "id=7&lang=en", 304, 0, "https://www.example.com/", "curl/8.5.0",
	    NULL, 0 },
	/* Common Log Format: no referrer, no user agent */
	{ "192.0.2.11 - - [10/Mar/2026:13:02:11 +0000] \"POST /login "
	    "HTTP/1.0\" 200 42",
	    T0, "192.0.2.11", NULL, NULL, "POST", "/login", NULL, NULL, NULL,
	    -1, "/login", NULL, 200, 42, NULL, NULL, NULL, 0 },
	/* request line "-" (Apache 408), host name client */
	{ "ws01.corp.example - - [10/Mar/2026:13:02:11 +0000] \"-\" 408 - "
	    "\"-\" \"-\"",
	    T0, NULL, "ws01.corp.example", NULL, NULL, NULL, NULL, NULL, NULL,
	    -1, NULL, NULL, 408, 0, NULL, NULL, NULL, 0 },
	/* garbage request (a TLS hello to a plain port, as Apache logs it) */
	{ "198.51.100.4 - - [10/Mar/2026:13:02:11 +0000] "
	    "\"\\x16\\x03\\x01\\x02\\x00\\x01\" 400 226 \"-\" \"-\"",
	    T0, "198.51.100.4", NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1,
	    NULL, NULL, 400, 226, NULL, NULL, NULL, 0 },
	/* Squid's empty request, status 000 */
	{ "10.20.1.17 - - [10/Mar/2026:14:02:11 +0100] \"NONE "
	    "error:transaction-end-before-headers HTTP/0.0\" 0 0 \"-\" \"-\" "
	    "NONE_NONE:HIER_NONE",
	    T0, "10.20.1.17", NULL, NULL, "NONE",
	    "error:transaction-end-before-headers", NULL, NULL, NULL, -1, NULL,
	    NULL, 0, 0, NULL, NULL, "NONE_NONE", 0 },
	{ "10.20.1.17 - - [10/Mar/2026:14:02:11 +0100] \"- - HTTP/1.1\" 000 "
	    "0 \"-\" \"-\" TAG_NONE:HIER_NONE",
	    T0, "10.20.1.17", NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1,
	    NULL, NULL, 0, 0, NULL, NULL, "TAG_NONE", 0 },
	/* escaped quotes and backslashes in the user agent and the URL */
	{ "10.20.1.18 - - [10/Mar/2026:14:02:11 +0100] \"GET "
	    "http://a.example/q?s=\\\"x\\\" HTTP/1.1\" 200 1 \"-\" "
	    "\"Evil \\\"Bot\\\" \\\\v1\" TCP_MISS:HIER_DIRECT",
	    T0, "10.20.1.18", NULL, NULL, "GET", "http://a.example/q?s=\"x\"",
	    "http", "a.example", NULL, 80, "/q", "s=\"x\"", 200, 1, NULL,
	    "Evil \"Bot\" \\v1", "TCP_MISS", 1 },
	/* an unescaped quote inside the user agent (Squid does not escape) */
	{ "10.20.1.18 - - [10/Mar/2026:14:02:11 +0100] \"GET "
	    "http://a.example/ HTTP/1.1\" 200 1 \"-\" \"Tool \"x\"y z\" "
	    "TCP_MISS:HIER_DIRECT",
	    T0, "10.20.1.18", NULL, NULL, "GET", "http://a.example/", "http",
	    "a.example", NULL, 80, "/", NULL, 200, 1, NULL, "Tool \"x\"y z",
	    "TCP_MISS", 0 },
	/* IPv6 client, [IPv6] destination with a port, https */
	{ "2001:db8::15 - - [10/Mar/2026:14:02:11 +0100] \"GET "
	    "https://[2001:db8::7]:8443/a/b?c HTTP/2.0\" 200 77 \"\" \"x\"",
	    T0, "2001:db8::15", NULL, NULL, "GET",
	    "https://[2001:db8::7]:8443/a/b?c", "https", NULL, "2001:db8::7",
	    8443, "/a/b", "c", 200, 77, NULL, "x", NULL, 0 },
	/* HTTP to a raw IP, ident user, user name with a space */
	{ "10.20.1.19 ident1 - [10/Mar/2026:14:02:11 +0100] \"GET "
	    "http://198.51.100.7/x.exe HTTP/1.1\" 200 734003 \"-\" \"-\" "
	    "TCP_MISS:HIER_DIRECT",
	    T0, "10.20.1.19", NULL, "ident1", "GET",
	    "http://198.51.100.7/x.exe", "http", NULL, "198.51.100.7", 80,
	    "/x.exe", NULL, 200, 734003, NULL, NULL, "TCP_MISS", 0 },
	{ "10.20.1.19 - CORP\\john doe [10/Mar/2026:14:02:11 +0100] \"GET "
	    "http://example.com:8080/ HTTP/1.1\" 502 10 \"-\" \"-\" "
	    "TCP_MISS:FIRSTUP_PARENT",
	    T0, "10.20.1.19", NULL, "CORP\\john doe", "GET",
	    "http://example.com:8080/", "http", "example.com", NULL, 8080, "/",
	    NULL, 502, 10, NULL, NULL, "TCP_MISS", 0 },
	/* HTTP/0.9 request, CRLF, a trailing field that is not a code */
	{ "10.20.1.20 - - [10/Mar/2026:14:02:11 +0100] \"GET /\" 200 5 \"-\" "
	    "\"-\" 1234\r",
	    T0, "10.20.1.20", NULL, NULL, "GET", "/", NULL, NULL, NULL, -1,
	    "/", NULL, 200, 5, NULL, NULL, NULL, 0 },
	/* a URL with spaces (a malformed request Apache logs as sent) */
	{ "10.20.1.20 - - [10/Mar/2026:14:02:11 +0100] \"GET /a b HTTP/1.1\" "
	    "400 5 \"-\" \"-\"",
	    T0, "10.20.1.20", NULL, NULL, "GET", "/a b", NULL, NULL, NULL, -1,
	    "/a b", NULL, 400, 5, NULL, NULL, NULL, 0 },
	/* status '-', a single-digit day */
	{ "10.20.1.21 - - [1/Mar/2026:14:02:11 +0100] \"GET "
	    "ftp://u:p@ftp.example.com/f.iso HTTP/1.1\" - 0 \"-\" \"-\" "
	    "TCP_MISS_ABORTED:HIER_DIRECT",
	    1772370131000LL, "10.20.1.21", NULL, NULL, "GET",
	    "ftp://u:p@ftp.example.com/f.iso", "ftp", "ftp.example.com", NULL,
	    21, "/f.iso", NULL, -1, 0, NULL, NULL, "TCP_MISS_ABORTED", 0 },
};
#define NOK	(sizeof(ok_cases) / sizeof(ok_cases[0]))

struct cb_err {
	const char	*line;
	int		 res;
	const char	*err;
};

#define CB_HEAD	"10.20.1.15 - - [10/Mar/2026:14:02:11 +0100] "

static const struct cb_err err_cases[] = {
	{ "", PARSE_SKIP, NULL },
	{ "   ", PARSE_SKIP, NULL },
	{ "\r", PARSE_SKIP, NULL },
	{ "10.20.1.15", PARSE_ERROR, "missing fields" },
	{ "10.20.1.15 - -", PARSE_ERROR, "missing fields" },
	{ "10.20.1.15 - - [10/Mar/2026:14:02:11", PARSE_ERROR,
	    "bad timestamp" },
	{ "10.20.1.15 - - [10/Mar/2026:14:02:11 +0100]", PARSE_ERROR,
	    "missing fields" },
	{ "10.20.1.15 - - [10/Mar/2026:14:02:11 +0100] \"GET /", PARSE_ERROR,
	    "bad request field" },
	{ CB_HEAD "\"GET / HTTP/1.1\"", PARSE_ERROR, "missing fields" },
	{ CB_HEAD "\"GET / HTTP/1.1\" 200", PARSE_ERROR, "missing fields" },
	{ CB_HEAD "\"GET / HTTP/1.1\" 200 1 \"-", PARSE_ERROR,
	    "bad referrer field" },
	{ CB_HEAD "\"GET / HTTP/1.1\" 200 1 \"-\" \"Mozi", PARSE_ERROR,
	    "bad user agent field" },
	{ "10.20.1.15 - - [31/Feb/2026:14:02:11 +0100] \"GET /\" 200 1",
	    PARSE_ERROR, "bad timestamp" },
	{ "10.20.1.15 - - [10/Mar/2026:14:02:11] \"GET /\" 200 1",
	    PARSE_ERROR, "bad timestamp" },
	{ "10.20.1.15 - - [10/Mar/2026:14:02:11 +0100 x] \"GET /\" 200 1",
	    PARSE_ERROR, "bad timestamp" },
	{ "10.20.1.15 - - 10/Mar/2026:14:02:11 +0100 \"GET /\" 200 1",
	    PARSE_ERROR, "missing fields" },
	{ CB_HEAD "GET / HTTP/1.1 200 1", PARSE_ERROR, "bad request field" },
	{ CB_HEAD "\"GET /\" 2000 1", PARSE_ERROR, "bad status" },
	{ CB_HEAD "\"GET /\" 2x0 1", PARSE_ERROR, "bad status" },
	{ CB_HEAD "\"GET /\" 200 -1", PARSE_ERROR, "bad byte count" },
	{ CB_HEAD "\"GET /\" 200 99999999999999999999", PARSE_ERROR,
	    "bad byte count" },
	/* Squid native is not this format */
	{ "1700000000.123 145 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "missing fields" },
};

/* The caller's part of the contract in parser.h. */
static enum parse_result
parse(const char *line, size_t len, struct logevent *ev, const char **err)
{
	const struct parser	*p = parser_lookup("squid-combined");

	ck_assert_ptr_nonnull(p);
	logevent_reset(ev);
	ck_assert_int_eq(logevent_reserve(ev, len + 64), 0);
	ev->raw.p = line;
	ev->raw.len = len;
	*err = NULL;
	return p->parse(NULL, line, len, ev, err);
}

/* Heap copy without a NUL, so that ASan sees any read past the end. */
static char *
copy(const char *s, size_t len)
{
	char	*p = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, len);
	return p;
}

static void
expect_str(int i, const char *what, struct slice s, const char *want)
{
	if (want == NULL)
		ck_assert_msg(SLICE_EMPTY(s), "case %d: %s is \"%.*s\", want "
		    "empty", i, what, (int)s.len, s.p);
	else
		ck_assert_msg(slice_eq(s, want), "case %d: %s is \"%.*s\", "
		    "want \"%s\"", i, what, (int)s.len, s.p, want);
}

/* Every string field lies inside the line or the arena's used part. */
static void
expect_inside(const struct logevent *ev, const char *line, size_t len)
{
	const struct field_def	*t;
	struct slice		 s;
	size_t			 n, i;

	t = field_table(&n);
	for (i = 0; i < n; i++) {
		if (t[i].type != FIELD_STR ||
		    strcmp(t[i].name, "network.transport") == 0)
			continue;
		s = field_str(ev, &t[i]);
		if (SLICE_EMPTY(s))
			continue;
		ck_assert_msg((s.p >= line && s.p + s.len <= line + len) ||
		    (s.p >= ev->arena && s.p + s.len <= ev->arena +
		    ev->arena_len), "%s outside the line", t[i].name);
	}
}

START_TEST(test_ok)
{
	const struct cb_case	*c = &ok_cases[_i];
	struct logevent		 ev;
	size_t			 len = strlen(c->line);
	char			*line = copy(c->line, len);
	const char		*err;

	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(parse(line, len, &ev, &err), PARSE_OK);
	ck_assert_ptr_null(err);
	ck_assert_int_eq(ev.source, SRC_PROXY);
	ck_assert_str_eq(ev.format, "squid-combined");
	ck_assert_msg(ev.time_ms == c->time_ms, "case %d: time %lld", _i,
	    (long long)ev.time_ms);
	ck_assert_int_eq(ev.status, c->status);
	ck_assert_int_eq(ev.bytes_in, c->bytes);
	ck_assert_int_eq(ev.bytes_out, -1);
	ck_assert_int_eq(ev.duration_ms, -1);
	ck_assert_msg(ev.dst_port == c->port, "case %d: port %d, want %d",
	    _i, ev.dst_port, c->port);
	ck_assert_int_eq(ev.src_port, -1);
	expect_str(_i, "src_ip", ev.src_ip, c->src_ip);
	expect_str(_i, "src_host", ev.src_host, c->src_host);
	expect_str(_i, "user", ev.user, c->user);
	expect_str(_i, "method", ev.method, c->method);
	expect_str(_i, "url", ev.url, c->url);
	expect_str(_i, "scheme", ev.url_scheme, c->scheme);
	expect_str(_i, "domain", ev.dst_domain, c->domain);
	expect_str(_i, "dst_ip", ev.dst_ip, c->dst_ip);
	expect_str(_i, "path", ev.url_path, c->path);
	expect_str(_i, "query", ev.url_query, c->query);
	expect_str(_i, "referrer", ev.referrer, c->referrer);
	expect_str(_i, "user_agent", ev.user_agent, c->ua);
	expect_str(_i, "result", ev.result, c->result);
	expect_str(_i, "transport", ev.transport, "tcp");
	expect_str(_i, "content_type", ev.content_type, NULL);
	expect_str(_i, "dns_query", ev.dns_query, NULL);
	if (c->decoded)
		ck_assert_uint_gt(ev.arena_len, 0);
	else
		ck_assert_uint_eq(ev.arena_len, 0);
	expect_inside(&ev, line, len);
	free(line);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_errors)
{
	const struct cb_err	*c = &err_cases[_i];
	struct logevent		 ev;
	size_t			 len = strlen(c->line);
	char			*line = copy(c->line, len);
	const char		*err;

	memset(&ev, 0, sizeof(ev));
	ck_assert_msg(parse(line, len, &ev, &err) == c->res, "case %d: %s",
	    _i, err ? err : "");
	if (c->err != NULL)
		ck_assert_str_eq(err, c->err);
	free(line);
	logevent_free(&ev);
}
END_TEST

/*
 * Every prefix of every good line: an error until the byte count is
 * complete, then an event (referrer, user agent and codes are optional)
 * unless the cut falls inside a quoted value.
 */
START_TEST(test_truncated)
{
	const struct cb_case	*c = &ok_cases[_i];
	struct logevent		 ev;
	size_t			 len = strlen(c->line), k, blank;
	enum parse_result	 r;
	const char		*err;
	char			*line;

	memset(&ev, 0, sizeof(ev));
	for (k = 0; k < len; k++) {
		line = copy(c->line, k);
		r = parse(line, k, &ev, &err);
		for (blank = 0; blank < k && (line[blank] == ' ' ||
		    line[blank] == '\r'); blank++)
			;
		if (blank == k)
			ck_assert_int_eq(r, PARSE_SKIP);
		else if (r == PARSE_OK) {
			expect_inside(&ev, line, k);
			ck_assert_int_ne(ev.time_ms, 0);
		} else {
			ck_assert_int_eq(r, PARSE_ERROR);
			ck_assert_ptr_nonnull(err);
		}
		free(line);
	}
	logevent_free(&ev);
}
END_TEST

static uint64_t
rnd(uint64_t *s)
{
	uint64_t	 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Random bytes, and good lines with random bytes changed. */
START_TEST(test_garbage)
{
	static const char	 alpha[] = " \"\\[]/:.-0123456789abcGET";
	struct logevent		 ev;
	uint64_t		 seed = 4242;
	const char		*err;
	char			*line;
	size_t			 len, j, n;
	int			 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 20000; i++) {
		if (i % 2 == 0) {
			len = rnd(&seed) % 300;
			line = malloc(len + 1);
			ck_assert_ptr_nonnull(line);
			for (j = 0; j < len; j++)
				line[j] = (i % 4 == 0) ? (char)rnd(&seed) :
				    alpha[rnd(&seed) % (sizeof(alpha) - 1)];
		} else {
			n = rnd(&seed) % NOK;
			len = strlen(ok_cases[n].line);
			line = copy(ok_cases[n].line, len);
			for (j = 0; j < 3; j++)
				line[rnd(&seed) % len] = alpha[rnd(&seed) %
				    (sizeof(alpha) - 1)];
		}
		if (parse(line, len, &ev, &err) == PARSE_OK)
			expect_inside(&ev, line, len);
		else if (err != NULL)
			ck_assert(strlen(err) > 0);
		free(line);
	}
	logevent_free(&ev);
}
END_TEST

/* A megabyte of URL, and of escaped user agent. */
START_TEST(test_long)
{
	static const char	 head[] = CB_HEAD "\"GET http://example.com/";
	static const char	 mid[] = " HTTP/1.1\" 200 1 \"-\" \"";
	static const char	 tail[] = "\" TCP_MISS:HIER_DIRECT";
	struct logevent		 ev;
	size_t			 big = 1 << 20, len, i;
	const char		*err;
	char			*line, *p;

	memset(&ev, 0, sizeof(ev));
	line = malloc(2 * big + sizeof(head) + sizeof(mid) + sizeof(tail));
	ck_assert_ptr_nonnull(line);
	p = line;
	memcpy(p, head, sizeof(head) - 1);
	p += sizeof(head) - 1;
	memset(p, 'q', big);
	p += big;
	memcpy(p, mid, sizeof(mid) - 1);
	p += sizeof(mid) - 1;
	for (i = 0; i < big; i += 2) {
		p[i] = '\\';
		p[i + 1] = '"';
	}
	p += big;
	memcpy(p, tail, sizeof(tail) - 1);
	p += sizeof(tail) - 1;
	len = (size_t)(p - line);
	ck_assert_int_eq(parse(line, len, &ev, &err), PARSE_OK);
	ck_assert_uint_eq(ev.url_path.len, big + 1);
	ck_assert_uint_eq(ev.user_agent.len, big / 2);
	ck_assert(ev.user_agent.p[0] == '"');
	ck_assert(slice_eq(ev.result, "TCP_MISS"));
	free(line);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_table)
{
	const struct parser	*p;

	p = parser_lookup("squid-combined");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->name, "squid-combined");
	ck_assert_int_eq(p->source, SRC_PROXY);
	ck_assert_ptr_nonnull(p->doc);
	ck_assert_uint_eq(p->flags & PARSER_SYSLOG, 0);
	ck_assert_ptr_null(p->state_new);
}
END_TEST

static Suite *
combined_suite(void)
{
	Suite	*s = suite_create("squid-combined");
	TCase	*tc = tcase_create("core");
	int	 nok = sizeof(ok_cases) / sizeof(ok_cases[0]);
	int	 nerr = sizeof(err_cases) / sizeof(err_cases[0]);

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_ok, 0, nok);
	tcase_add_loop_test(tc, test_errors, 0, nerr);
	tcase_add_loop_test(tc, test_truncated, 0, nok);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_long);
	tcase_add_test(tc, test_table);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(combined_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
