#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/parser.h"

/* NULL strings are expected to be empty. */
struct sq_case {
	const char	*line;
	int64_t		 time_ms;
	int64_t		 duration;
	const char	*src_ip;
	const char	*src_host;
	const char	*result;
	int		 status;
	int64_t		 bytes;
	const char	*method;
	const char	*url;
	const char	*scheme;
	const char	*domain;
	const char	*dst_ip;
	int		 port;
	const char	*path;
	const char	*query;
	const char	*user;
	const char	*ctype;
	const char	*transport;
};

static const struct sq_case ok_cases[] = {
	{ "1700000000.123    145 10.1.2.3 TCP_MISS/200 5120 GET "
	    "http://www.example.com/path/a.php?q=1&x=2 - "
	    "HIER_DIRECT/93.184.216.34 text/html",
	    1700000000123LL, 145, "10.1.2.3", NULL, "TCP_MISS", 200, 5120,
	    "GET", "http://www.example.com/path/a.php?q=1&x=2", "http",
	    "www.example.com", "93.184.216.34", 80, "/path/a.php", "q=1&x=2",
	    NULL, "text/html", "tcp" },
	{ "1700000001.456  30000 10.1.2.4 TCP_TUNNEL/200 8123 CONNECT "
	    "login.example.org:443 alice HIER_DIRECT/203.0.113.7 -",
	    1700000001456LL, 30000, "10.1.2.4", NULL, "TCP_TUNNEL", 200, 8123,
	    "CONNECT", "login.example.org:443", NULL, "login.example.org",
	    "203.0.113.7", 443, NULL, NULL, "alice", NULL, "tcp" },
	/* IPv6 client and peer */
	{ "1700000002.000 12 2001:db8::1 TCP_MISS/200 100 GET "
	    "http://example.net/ - HIER_DIRECT/2001:db8:1::5 text/plain",
	    1700000002000LL, 12, "2001:db8::1", NULL, "TCP_MISS", 200, 100,
	    "GET", "http://example.net/", "http", "example.net",
	    "2001:db8:1::5", 80, "/", NULL, NULL, "text/plain", "tcp" },
	/* HTTP to a raw IP address */
	{ "1700000003.000 80 10.1.2.3 TCP_MISS/200 734003 GET "
	    "http://198.51.100.7/x.exe - HIER_DIRECT/198.51.100.7 "
	    "application/octet-stream",
	    1700000003000LL, 80, "10.1.2.3", NULL, "TCP_MISS", 200, 734003,
	    "GET", "http://198.51.100.7/x.exe", "http", NULL, "198.51.100.7",
	    80, "/x.exe", NULL, NULL, "application/octet-stream", "tcp" },
	/* [IPv6] host with port; the URL's address wins over the peer */
	{ "1700000004.000 5 10.1.2.3 TCP_MISS/200 10 GET "
	    "http://[2001:db8::7]:8080/a?b - HIER_DIRECT/2001:db8::8 -",
	    1700000004000LL, 5, "10.1.2.3", NULL, "TCP_MISS", 200, 10, "GET",
	    "http://[2001:db8::7]:8080/a?b", "http", NULL, "2001:db8::7", 8080,
	    "/a", "b", NULL, NULL, "tcp" },
	/* explicit port */
	{ "1700000005.000 5 10.1.2.3 TCP_MISS/301 10 GET "
	    "http://www.example.com:8080/ - HIER_DIRECT/192.0.2.1 text/html",
	    1700000005000LL, 5, "10.1.2.3", NULL, "TCP_MISS", 301, 10, "GET",
	    "http://www.example.com:8080/", "http", "www.example.com",
	    "192.0.2.1", 8080, "/", NULL, NULL, "text/html", "tcp" },
	/* https (SSL bump), upper-case scheme */
	{ "1700000006.000 5 10.1.2.3 TCP_MISS/200 10 POST "
	    "HTTPS://secure.example.com/login?next=/home - "
	    "HIER_DIRECT/192.0.2.2 application/json",
	    1700000006000LL, 5, "10.1.2.3", NULL, "TCP_MISS", 200, 10, "POST",
	    "HTTPS://secure.example.com/login?next=/home", "HTTPS",
	    "secure.example.com", "192.0.2.2", 443, "/login", "next=/home",
	    NULL, "application/json", "tcp" },
	/* '-' everywhere, status 000, a URL that is not one */
	{ "1700000007.000 0 10.1.2.5 NONE/000 0 NONE error:invalid-request "
	    "- HIER_NONE/- -",
	    1700000007000LL, 0, "10.1.2.5", NULL, "NONE", 0, 0, "NONE",
	    "error:invalid-request", NULL, NULL, NULL, -1, NULL, NULL, NULL,
	    NULL, "tcp" },
	{ "1700000008.000 0 10.1.2.5 TCP_MISS/- 0 - - - - -",
	    1700000008000LL, 0, "10.1.2.5", NULL, "TCP_MISS", -1, 0, NULL,
	    NULL, NULL, NULL, NULL, -1, NULL, NULL, NULL, NULL, "tcp" },
	/* denied */
	{ "1700000009.000 1 10.1.2.6 TCP_DENIED/403 3920 GET "
	    "http://blocked.example/ - HIER_NONE/- text/html",
	    1700000009000LL, 1, "10.1.2.6", NULL, "TCP_DENIED", 403, 3920,
	    "GET", "http://blocked.example/", "http", "blocked.example", NULL,
	    80, "/", NULL, NULL, "text/html", "tcp" },
	/* empty query, no path, fragment */
	{ "1700000010.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://example.com/? - HIER_DIRECT/192.0.2.3 -",
	    1700000010000LL, 1, "10.1.2.6", NULL, "TCP_MISS", 200, 1, "GET",
	    "http://example.com/?", "http", "example.com", "192.0.2.3", 80,
	    "/", NULL, NULL, NULL, "tcp" },
	{ "1700000011.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://example.com?x=1&y=%20#frag - HIER_DIRECT/192.0.2.3 -",
	    1700000011000LL, 1, "10.1.2.6", NULL, "TCP_MISS", 200, 1, "GET",
	    "http://example.com?x=1&y=%20#frag", "http", "example.com",
	    "192.0.2.3", 80, NULL, "x=1&y=%20", NULL, NULL, "tcp" },
	/* trailing fields appended by the site's logformat */
	{ "1700000012.000 1 10.1.2.6 TCP_MEM_HIT/200 1 GET "
	    "http://example.com/i.png - HIER_NONE/- image/png "
	    "\"Mozilla/5.0 (X11; Linux)\" \"http://example.com/\"",
	    1700000012000LL, 1, "10.1.2.6", NULL, "TCP_MEM_HIT", 200, 1, "GET",
	    "http://example.com/i.png", "http", "example.com", NULL, 80,
	    "/i.png", NULL, NULL, "image/png", "tcp" },
	/* log_fqdn: a client name instead of an address */
	{ "1700000013.000 1 ws01.corp.example TCP_MISS/200 1 GET "
	    "http://example.com/ bob@CORP HIER_DIRECT/example.com -",
	    1700000013000LL, 1, NULL, "ws01.corp.example", "TCP_MISS", 200, 1,
	    "GET", "http://example.com/", "http", "example.com", NULL, 80, "/",
	    NULL, "bob@CORP", NULL, "tcp" },
	/* user info in the URL, ftp */
	{ "1700000014.000 1 10.1.2.6 TCP_MISS/226 1 GET "
	    "ftp://user:pw@ftp.example.com/pub/file.iso - "
	    "HIER_DIRECT/192.0.2.4 -",
	    1700000014000LL, 1, "10.1.2.6", NULL, "TCP_MISS", 226, 1, "GET",
	    "ftp://user:pw@ftp.example.com/pub/file.iso", "ftp",
	    "ftp.example.com", "192.0.2.4", 21, "/pub/file.iso", NULL, NULL,
	    NULL, "tcp" },
	/* CONNECT to an address, and to an [IPv6] literal */
	{ "1700000015.000 1 10.1.2.6 TCP_TUNNEL/200 1 CONNECT "
	    "203.0.113.9:8443 - HIER_DIRECT/203.0.113.9 -",
	    1700000015000LL, 1, "10.1.2.6", NULL, "TCP_TUNNEL", 200, 1,
	    "CONNECT", "203.0.113.9:8443", NULL, NULL, "203.0.113.9", 8443,
	    NULL, NULL, NULL, NULL, "tcp" },
	{ "1700000016.000 1 10.1.2.6 TCP_TUNNEL/200 1 CONNECT "
	    "[2001:db8::9]:443 - HIER_DIRECT/2001:db8::9 -",
	    1700000016000LL, 1, "10.1.2.6", NULL, "TCP_TUNNEL", 200, 1,
	    "CONNECT", "[2001:db8::9]:443", NULL, NULL, "2001:db8::9", 443,
	    NULL, NULL, NULL, NULL, "tcp" },
	/* tabs, CRLF */
	{ "1700000017.5\t1\t10.1.2.6 TCP_MISS/200 1 GET http://a.example/ - "
	    "HIER_DIRECT/192.0.2.5 text/css\r",
	    1700000017500LL, 1, "10.1.2.6", NULL, "TCP_MISS", 200, 1, "GET",
	    "http://a.example/", "http", "a.example", "192.0.2.5", 80, "/",
	    NULL, NULL, "text/css", "tcp" },
	/* ICP over UDP */
	{ "1700000018.000 0 10.1.2.7 UDP_HIT/000 0 ICP_QUERY "
	    "http://a.example/x - HIER_NONE/- -",
	    1700000018000LL, 0, "10.1.2.7", NULL, "UDP_HIT", 0, 0, "ICP_QUERY",
	    "http://a.example/x", "http", "a.example", NULL, 80, "/x", NULL,
	    NULL, NULL, "udp" },
	/* port out of range; IPv4-mapped client; bad IPv4 is a name */
	{ "1700000019.000 1 ::ffff:10.1.2.3 TCP_MISS/200 1 GET "
	    "http://example.com:99999/ - HIER_DIRECT/1.2.3 -",
	    1700000019000LL, 1, "::ffff:10.1.2.3", NULL, "TCP_MISS", 200, 1,
	    "GET", "http://example.com:99999/", "http", "example.com", NULL,
	    -1, "/", NULL, NULL, NULL, "tcp" },
	{ "1700000020.000 1 10.1.2 TCP_MISS/200 1 GET "
	    "http://256.1.1.1/ - HIER_DIRECT/2001:db8::1::2 -",
	    1700000020000LL, 1, NULL, "10.1.2", "TCP_MISS", 200, 1, "GET",
	    "http://256.1.1.1/", "http", "256.1.1.1", NULL, 80, "/", NULL,
	    NULL, NULL, "tcp" },
	/* origin-form URL as intercepting setups may log */
	{ "1700000021.000 1 10.1.2.3 TCP_MISS/200 1 GET /a/b?c=d - "
	    "HIER_DIRECT/192.0.2.6 -",
	    1700000021000LL, 1, "10.1.2.3", NULL, "TCP_MISS", 200, 1, "GET",
	    "/a/b?c=d", NULL, NULL, "192.0.2.6", -1, "/a/b", "c=d", NULL,
	    NULL, "tcp" },
};

struct sq_err {
	const char	*line;
	int		 res;
	const char	*err;
};

static const struct sq_err err_cases[] = {
	{ "", PARSE_SKIP, NULL },
	{ "    ", PARSE_SKIP, NULL },
	{ "\r", PARSE_SKIP, NULL },
	{ "1700000000.123 145 10.1.2.3", PARSE_ERROR, "missing fields" },
	{ "17000x0000.123 145 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad timestamp" },
	{ "1700000000.123.4 145 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad timestamp" },
	{ "-1700000000 145 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad timestamp" },
	{ "1700000000.123 1x5 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad elapsed time" },
	{ "1700000000.123 145 10.1.2.3 TCP_MISS200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad result code" },
	{ "1700000000.123 145 10.1.2.3 /200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad result code" },
	{ "1700000000.123 145 10.1.2.3 TCP_MISS/2x0 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad status" },
	{ "1700000000.123 145 10.1.2.3 TCP_MISS/ 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad status" },
	{ "1700000000.123 145 10.1.2.3 TCP_MISS/2000 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad status" },
	{ "1700000000.123 145 10.1.2.3 TCP_MISS/200 51a0 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad byte count" },
	{ "1700000000.123 145 10.1.2.3 TCP_MISS/200 -5 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad byte count" },
	{ "1700000000.123 145 10.1.2.3 TCP_MISS/200 99999999999999999999 "
	    "GET http://a/ - HIER_NONE/- -", PARSE_ERROR, "bad byte count" },
	{ "Mar 10 14:02:11 proxy squid[123]: 1700000000.123 145 10.1.2.3 "
	    "TCP_MISS/200 5120 GET http://a/ - HIER_NONE/- -", PARSE_ERROR,
	    "bad timestamp" },
};

/* The caller's part of the contract in parser.h. */
static enum parse_result
parse(const char *line, size_t len, struct logevent *ev, const char **err)
{
	const struct parser	*p = parser_lookup("squid");

	ck_assert_ptr_nonnull(p);
	logevent_reset(ev);
	ck_assert_int_eq(logevent_reserve(ev, len), 0);
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

/* Every string field but the static transport lies inside the line. */
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
		ck_assert_msg(s.p >= line && s.p + s.len <= line + len,
		    "%s outside the line", t[i].name);
	}
}

START_TEST(test_ok)
{
	const struct sq_case	*c = &ok_cases[_i];
	struct logevent		 ev;
	size_t			 len = strlen(c->line);
	char			*line = copy(c->line, len);
	const char		*err;

	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(parse(line, len, &ev, &err), PARSE_OK);
	ck_assert_ptr_null(err);
	ck_assert_int_eq(ev.source, SRC_PROXY);
	ck_assert_str_eq(ev.format, "squid");
	ck_assert_int_eq(ev.time_ms, c->time_ms);
	ck_assert_int_eq(ev.duration_ms, c->duration);
	ck_assert_int_eq(ev.status, c->status);
	ck_assert_int_eq(ev.bytes_in, c->bytes);
	ck_assert_int_eq(ev.bytes_out, -1);
	ck_assert_msg(ev.dst_port == c->port, "case %d: port %d, want %d",
	    _i, ev.dst_port, c->port);
	ck_assert_int_eq(ev.src_port, -1);
	expect_str(_i, "src_ip", ev.src_ip, c->src_ip);
	expect_str(_i, "src_host", ev.src_host, c->src_host);
	expect_str(_i, "result", ev.result, c->result);
	expect_str(_i, "method", ev.method, c->method);
	expect_str(_i, "url", ev.url, c->url);
	expect_str(_i, "scheme", ev.url_scheme, c->scheme);
	expect_str(_i, "domain", ev.dst_domain, c->domain);
	expect_str(_i, "dst_ip", ev.dst_ip, c->dst_ip);
	expect_str(_i, "path", ev.url_path, c->path);
	expect_str(_i, "query", ev.url_query, c->query);
	expect_str(_i, "user", ev.user, c->user);
	expect_str(_i, "content_type", ev.content_type, c->ctype);
	expect_str(_i, "transport", ev.transport, c->transport);
	expect_str(_i, "user_agent", ev.user_agent, NULL);
	expect_str(_i, "dns_query", ev.dns_query, NULL);
	ck_assert_uint_eq(ev.arena_len, 0);
	expect_inside(&ev, line, len);
	free(line);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_errors)
{
	const struct sq_err	*c = &err_cases[_i];
	struct logevent		 ev;
	size_t			 len = strlen(c->line);
	char			*line = copy(c->line, len);
	const char		*err;

	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(parse(line, len, &ev, &err), c->res);
	if (c->err != NULL)
		ck_assert_str_eq(err, c->err);
	free(line);
	logevent_free(&ev);
}
END_TEST

static size_t
count_fields(const char *s, size_t len)
{
	size_t	 i, n = 0;
	int	 in = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* Every prefix of every good line: fewer than ten fields is an error. */
START_TEST(test_truncated)
{
	const struct sq_case	*c = &ok_cases[_i];
	struct logevent		 ev;
	size_t			 len = strlen(c->line), k;
	enum parse_result	 r;
	const char		*err;
	char			*line;

	memset(&ev, 0, sizeof(ev));
	for (k = 0; k < len; k++) {
		line = copy(c->line, k);
		r = parse(line, k, &ev, &err);
		if (count_fields(line, k) == 0)
			ck_assert_int_eq(r, PARSE_SKIP);
		else if (count_fields(line, k) < 10) {
			ck_assert_int_eq(r, PARSE_ERROR);
			ck_assert_str_eq(err, "missing fields");
		} else if (r == PARSE_OK)
			expect_inside(&ev, line, k);
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
	static const char	 alpha[] = " /.:-[]@?#0123456789abcTCP_MISS";
	struct logevent		 ev;
	uint64_t		 seed = 12345;
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
			n = rnd(&seed) % (sizeof(ok_cases) / sizeof(ok_cases[0]));
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

START_TEST(test_long)
{
	static const char	 head[] = "1700000000.123 1 10.1.2.3 TCP_MISS/200 "
	    "1 GET http://example.com/";
	static const char	 tail[] = " - HIER_DIRECT/192.0.2.1 text/html";
	struct logevent		 ev;
	size_t			 big = 1 << 20, len;
	const char		*err;
	char			*line;

	memset(&ev, 0, sizeof(ev));
	line = malloc(big + sizeof(head) + sizeof(tail));
	ck_assert_ptr_nonnull(line);
	memset(line, 'a', big);
	ck_assert_int_eq(parse(line, big, &ev, &err), PARSE_ERROR);
	memset(line, ' ', big);
	ck_assert_int_eq(parse(line, big, &ev, &err), PARSE_SKIP);

	memcpy(line, head, sizeof(head) - 1);
	memset(line + sizeof(head) - 1, 'q', big);
	memcpy(line + sizeof(head) - 1 + big, tail, sizeof(tail) - 1);
	len = sizeof(head) - 1 + big + sizeof(tail) - 1;
	ck_assert_int_eq(parse(line, len, &ev, &err), PARSE_OK);
	ck_assert_uint_eq(ev.url_path.len, big + 1);
	ck_assert(slice_eq(ev.content_type, "text/html"));
	free(line);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_table)
{
	const struct parser	*p;
	const struct parser *const *t;
	size_t			 n, i;
	int			 found = 0;

	p = parser_lookup("squid");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->name, "squid");
	ck_assert_int_eq(p->source, SRC_PROXY);
	ck_assert_ptr_nonnull(p->doc);
	ck_assert_ptr_null(p->state_new);
	ck_assert_ptr_null(p->state_free);
	ck_assert_ptr_null(parser_lookup("nonesuch"));
	ck_assert_ptr_null(parser_lookup(NULL));
	t = parser_table(&n);
	ck_assert_uint_ge(n, 1);
	for (i = 0; i < n; i++)
		if (strcmp(t[i]->name, "squid") == 0)
			found = 1;
	ck_assert(found);
}
END_TEST

static Suite *
squid_suite(void)
{
	Suite	*s = suite_create("squid");
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
	SRunner	*sr = srunner_create(squid_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
