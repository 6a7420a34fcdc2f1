/*
 * Tests of the combined access log parser (src/parsers/combined.c): Squid
 * and Apache combined and common log formats, through the shared table
 * driver (parser_table.h).  Values are slices of the line but for the
 * ones with escapes, which are decoded into the arena.
 */
#include "parser_table.h"

#define UA_WIN	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) " \
		"AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 " \
		"Safari/537.36"

/* 10/Mar/2026:14:02:11 +0100 */
#define T0	1773147731000LL

#define FMT	"squid-combined"
#define OK(l, t, w) \
	{ .format = FMT, .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w, .flags = PT_NOCOPY }
/* A value went through the arena. */
#define DEC(l, t, w) \
	{ .format = FMT, .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w, .flags = PT_COPY }
#define NO(l, r, e)	{ .format = FMT, .line = l, .result = r, .want = e }

#define CB_HEAD	"10.20.1.15 - - [10/Mar/2026:14:02:11 +0100] "

static const struct pt_case cases[] = {
	/* Squid combined, the line */
	OK("10.20.1.15 - alice [10/Mar/2026:14:02:11 +0100] \"GET "
	    "http://www.example.com/a.php?x=1 HTTP/1.1\" 200 5120 "
	    "\"http://ref.example/\" \"" UA_WIN "\" TCP_MISS:HIER_DIRECT", T0,
	    "source.ip=10.20.1.15|user.name=alice|http.request.method=GET|"
	    "url.original=http://www.example.com/a.php?x=1|url.scheme=http|"
	    "destination.domain=www.example.com|destination.port=80|"
	    "url.path=/a.php|url.query=x=1|http.response.status_code=200|"
	    "destination.bytes=5120|"
	    "http.request.referrer=http://ref.example/|"
	    "user_agent.original=" UA_WIN "|proxy.result=TCP_MISS|"
	    "network.transport=tcp"),
	/* CONNECT */
	OK("10.20.1.15 - - [10/Mar/2026:14:02:11 +0100] \"CONNECT "
	    "login.example.org:443 HTTP/1.1\" 200 8123 \"-\" \"" UA_WIN "\" "
	    "TCP_TUNNEL:HIER_DIRECT", T0,
	    "source.ip=10.20.1.15|http.request.method=CONNECT|"
	    "url.original=login.example.org:443|"
	    "destination.domain=login.example.org|destination.port=443|"
	    "http.response.status_code=200|destination.bytes=8123|"
	    "user_agent.original=" UA_WIN "|proxy.result=TCP_TUNNEL|"
	    "network.transport=tcp"),
	/* CONNECT to an address, denied, no hierarchy code */
	OK("10.20.1.16 - - [10/Mar/2026:14:02:11 +0100] \"CONNECT "
	    "203.0.113.9:8443 HTTP/1.1\" 403 3900 \"-\" \"-\" TCP_DENIED", T0,
	    "source.ip=10.20.1.16|http.request.method=CONNECT|"
	    "url.original=203.0.113.9:8443|destination.ip=203.0.113.9|"
	    "destination.port=8443|http.response.status_code=403|"
	    "destination.bytes=3900|proxy.result=TCP_DENIED|"
	    "network.transport=tcp"),
	/* plain Apache combined: origin-form URL, no codes, '-' bytes */
	OK("192.0.2.10 - bob [10/Mar/2026:05:02:11 -0800] \"GET "
	    "/index.php?id=7&lang=en HTTP/1.1\" 304 - "
	    "\"https://www.example.com/\" \"curl/8.5.0\"", T0,
	    "source.ip=192.0.2.10|user.name=bob|http.request.method=GET|"
	    "url.original=/index.php?id=7&lang=en|url.path=/index.php|"
	    "url.query=id=7&lang=en|http.response.status_code=304|"
	    "destination.bytes=0|"
	    "http.request.referrer=https://www.example.com/|"
	    "user_agent.original=curl/8.5.0|network.transport=tcp"),
	/* Common Log Format: no referrer, no user agent */
	OK("192.0.2.11 - - [10/Mar/2026:13:02:11 +0000] \"POST /login "
	    "HTTP/1.0\" 200 42", T0,
	    "source.ip=192.0.2.11|http.request.method=POST|"
	    "url.original=/login|url.path=/login|"
	    "http.response.status_code=200|destination.bytes=42|"
	    "network.transport=tcp"),
	/* request line "-" (Apache 408), host name client */
	OK("ws01.corp.example - - [10/Mar/2026:13:02:11 +0000] \"-\" 408 - "
	    "\"-\" \"-\"", T0,
	    "source.address=ws01.corp.example|http.response.status_code=408|"
	    "destination.bytes=0|network.transport=tcp"),
	/* garbage request (a TLS hello to a plain port, as Apache logs it) */
	OK("198.51.100.4 - - [10/Mar/2026:13:02:11 +0000] "
	    "\"\\x16\\x03\\x01\\x02\\x00\\x01\" 400 226 \"-\" \"-\"", T0,
	    "source.ip=198.51.100.4|http.response.status_code=400|"
	    "destination.bytes=226|network.transport=tcp"),
	/* Squid's empty request, status 000 */
	OK("10.20.1.17 - - [10/Mar/2026:14:02:11 +0100] \"NONE "
	    "error:transaction-end-before-headers HTTP/0.0\" 0 0 \"-\" \"-\" "
	    "NONE_NONE:HIER_NONE", T0,
	    "source.ip=10.20.1.17|http.request.method=NONE|"
	    "url.original=error:transaction-end-before-headers|"
	    "http.response.status_code=0|destination.bytes=0|"
	    "proxy.result=NONE_NONE|network.transport=tcp"),
	OK("10.20.1.17 - - [10/Mar/2026:14:02:11 +0100] \"- - HTTP/1.1\" 000 "
	    "0 \"-\" \"-\" TAG_NONE:HIER_NONE", T0,
	    "source.ip=10.20.1.17|http.response.status_code=0|"
	    "destination.bytes=0|proxy.result=TAG_NONE|network.transport=tcp"),
	/* escaped quotes and backslashes in the user agent and the URL */
	DEC("10.20.1.18 - - [10/Mar/2026:14:02:11 +0100] \"GET "
	    "http://a.example/q?s=\\\"x\\\" HTTP/1.1\" 200 1 \"-\" "
	    "\"Evil \\\"Bot\\\" \\\\v1\" TCP_MISS:HIER_DIRECT", T0,
	    "source.ip=10.20.1.18|http.request.method=GET|"
	    "url.original=http://a.example/q?s=\"x\"|url.scheme=http|"
	    "destination.domain=a.example|destination.port=80|url.path=/q|"
	    "url.query=s=\"x\"|http.response.status_code=200|"
	    "destination.bytes=1|user_agent.original=Evil \"Bot\" \\v1|"
	    "proxy.result=TCP_MISS|network.transport=tcp"),
	/* an unescaped quote inside the user agent (Squid does not escape) */
	OK("10.20.1.18 - - [10/Mar/2026:14:02:11 +0100] \"GET "
	    "http://a.example/ HTTP/1.1\" 200 1 \"-\" \"Tool \"x\"y z\" "
	    "TCP_MISS:HIER_DIRECT", T0,
	    "source.ip=10.20.1.18|http.request.method=GET|"
	    "url.original=http://a.example/|url.scheme=http|"
	    "destination.domain=a.example|destination.port=80|url.path=/|"
	    "http.response.status_code=200|destination.bytes=1|"
	    "user_agent.original=Tool \"x\"y z|proxy.result=TCP_MISS|"
	    "network.transport=tcp"),
	/* IPv6 client, [IPv6] destination with a port, https */
	OK("2001:db8::15 - - [10/Mar/2026:14:02:11 +0100] \"GET "
	    "https://[2001:db8::7]:8443/a/b?c HTTP/2.0\" 200 77 \"\" \"x\"", T0,
	    "source.ip=2001:db8::15|http.request.method=GET|"
	    "url.original=https://[2001:db8::7]:8443/a/b?c|url.scheme=https|"
	    "destination.ip=2001:db8::7|destination.port=8443|url.path=/a/b|"
	    "url.query=c|http.response.status_code=200|destination.bytes=77|"
	    "user_agent.original=x|network.transport=tcp"),
	/* HTTP to a raw IP, ident user, user name with a space */
	OK("10.20.1.19 ident1 - [10/Mar/2026:14:02:11 +0100] \"GET "
	    "http://198.51.100.7/x.exe HTTP/1.1\" 200 734003 \"-\" \"-\" "
	    "TCP_MISS:HIER_DIRECT", T0,
	    "source.ip=10.20.1.19|user.name=ident1|http.request.method=GET|"
	    "url.original=http://198.51.100.7/x.exe|url.scheme=http|"
	    "destination.ip=198.51.100.7|destination.port=80|url.path=/x.exe|"
	    "http.response.status_code=200|destination.bytes=734003|"
	    "proxy.result=TCP_MISS|network.transport=tcp"),
	OK("10.20.1.19 - CORP\\john doe [10/Mar/2026:14:02:11 +0100] \"GET "
	    "http://example.com:8080/ HTTP/1.1\" 502 10 \"-\" \"-\" "
	    "TCP_MISS:FIRSTUP_PARENT", T0,
	    "source.ip=10.20.1.19|user.name=CORP\\john doe|"
	    "http.request.method=GET|url.original=http://example.com:8080/|"
	    "url.scheme=http|destination.domain=example.com|"
	    "destination.port=8080|url.path=/|http.response.status_code=502|"
	    "destination.bytes=10|proxy.result=TCP_MISS|network.transport=tcp"),
	/* HTTP/0.9 request, CRLF, a trailing field that is not a code */
	OK("10.20.1.20 - - [10/Mar/2026:14:02:11 +0100] \"GET /\" 200 5 \"-\" "
	    "\"-\" 1234\r", T0,
	    "source.ip=10.20.1.20|http.request.method=GET|url.original=/|"
	    "url.path=/|http.response.status_code=200|destination.bytes=5|"
	    "network.transport=tcp"),
	/*
	 * The request size: Apache's %I of "%I %O" (combinedio), Squid's
	 * %>st after its codes, before a Content-Disposition.
	 */
	OK(CB_HEAD "\"POST http://198.51.100.7/up HTTP/1.1\" 200 214 \"-\" "
	    "\"-\" 12583391 431", T0,
	    "source.ip=10.20.1.15|http.request.method=POST|"
	    "url.original=http://198.51.100.7/up|url.scheme=http|"
	    "destination.ip=198.51.100.7|destination.port=80|url.path=/up|"
	    "http.response.status_code=200|destination.bytes=214|"
	    "source.bytes=12583391|network.transport=tcp"),
	OK(CB_HEAD "\"POST http://198.51.100.7/up HTTP/1.1\" 200 214 \"-\" "
	    "\"-\" TCP_MISS:HIER_DIRECT 12583391", T0,
	    "source.ip=10.20.1.15|http.request.method=POST|"
	    "url.original=http://198.51.100.7/up|url.scheme=http|"
	    "destination.ip=198.51.100.7|destination.port=80|url.path=/up|"
	    "http.response.status_code=200|destination.bytes=214|"
	    "source.bytes=12583391|proxy.result=TCP_MISS|"
	    "network.transport=tcp"),
	DEC(CB_HEAD "\"GET http://dl.example/g HTTP/1.1\" 200 9 \"-\" \"-\" "
	    "TCP_MISS:HIER_DIRECT 0 \"attachment; filename=\\\"a.exe\\\"\"",
	    T0, "source.ip=10.20.1.15|http.request.method=GET|"
	    "url.original=http://dl.example/g|url.scheme=http|"
	    "destination.domain=dl.example|destination.port=80|url.path=/g|"
	    "http.response.status_code=200|destination.bytes=9|"
	    "source.bytes=0|proxy.result=TCP_MISS|network.transport=tcp|"
	    "file.name=a.exe"),
	/*
	 * Not a request size: one number after the user agent (%D, %T),
	 * one after it and a word, digits after a field that is no code.
	 */
	OK(CB_HEAD "\"GET / HTTP/1.1\" 200 5 \"-\" \"-\" 250000 x", T0,
	    "source.ip=10.20.1.15|http.request.method=GET|url.original=/|"
	    "url.path=/|http.response.status_code=200|destination.bytes=5|"
	    "network.transport=tcp"),
	OK(CB_HEAD "\"GET / HTTP/1.1\" 200 5 \"-\" \"-\" x-y 512", T0,
	    "source.ip=10.20.1.15|http.request.method=GET|url.original=/|"
	    "url.path=/|http.response.status_code=200|destination.bytes=5|"
	    "network.transport=tcp"),
	OK(CB_HEAD "\"GET / HTTP/1.1\" 200 5 \"-\" \"-\" "
	    "TCP_MISS:HIER_DIRECT 5k", T0,
	    "source.ip=10.20.1.15|http.request.method=GET|url.original=/|"
	    "url.path=/|http.response.status_code=200|destination.bytes=5|"
	    "proxy.result=TCP_MISS|network.transport=tcp"),
	/* a URL with spaces (a malformed request Apache logs as sent) */
	OK("10.20.1.20 - - [10/Mar/2026:14:02:11 +0100] \"GET /a b HTTP/1.1\" "
	    "400 5 \"-\" \"-\"", T0,
	    "source.ip=10.20.1.20|http.request.method=GET|url.original=/a b|"
	    "url.path=/a b|http.response.status_code=400|destination.bytes=5|"
	    "network.transport=tcp"),
	/* status '-', a single-digit day */
	OK("10.20.1.21 - - [1/Mar/2026:14:02:11 +0100] \"GET "
	    "ftp://u:p@ftp.example.com/f.iso HTTP/1.1\" - 0 \"-\" \"-\" "
	    "TCP_MISS_ABORTED:HIER_DIRECT", 1772370131000LL,
	    "source.ip=10.20.1.21|http.request.method=GET|"
	    "url.original=ftp://u:p@ftp.example.com/f.iso|url.scheme=ftp|"
	    "destination.domain=ftp.example.com|destination.port=21|"
	    "url.path=/f.iso|destination.bytes=0|"
	    "proxy.result=TCP_MISS_ABORTED|network.transport=tcp"),
	/* a request size of more digits than fit: an error */
	NO(CB_HEAD "\"GET / HTTP/1.1\" 200 5 \"-\" \"-\" "
	    "TCP_MISS:HIER_DIRECT 9999999999999999999", PARSE_ERROR,
	    "bad request size"),
	NO(CB_HEAD "\"GET / HTTP/1.1\" 200 5 \"-\" \"-\" "
	    "9999999999999999999 5", PARSE_ERROR, "bad request size"),
	NO("", PARSE_SKIP, NULL),
	NO("   ", PARSE_SKIP, NULL),
	NO("\r", PARSE_SKIP, NULL),
	NO("10.20.1.15", PARSE_ERROR, "missing fields"),
	NO("10.20.1.15 - -", PARSE_ERROR, "missing fields"),
	NO("10.20.1.15 - - [10/Mar/2026:14:02:11",
	    PARSE_ERROR, "bad timestamp"),
	NO("10.20.1.15 - - [10/Mar/2026:14:02:11 +0100]",
	    PARSE_ERROR, "missing fields"),
	NO("10.20.1.15 - - [10/Mar/2026:14:02:11 +0100] \"GET /",
	    PARSE_ERROR, "bad request field"),
	NO(CB_HEAD "\"GET / HTTP/1.1\"", PARSE_ERROR, "missing fields"),
	NO(CB_HEAD "\"GET / HTTP/1.1\" 200", PARSE_ERROR, "missing fields"),
	NO(CB_HEAD "\"GET / HTTP/1.1\" 200 1 \"-",
	    PARSE_ERROR, "bad referrer field"),
	NO(CB_HEAD "\"GET / HTTP/1.1\" 200 1 \"-\" \"Mozi",
	    PARSE_ERROR, "bad user agent field"),
	NO("10.20.1.15 - - [31/Feb/2026:14:02:11 +0100] \"GET /\" 200 1",
	    PARSE_ERROR, "bad timestamp"),
	NO("10.20.1.15 - - [10/Mar/2026:14:02:11] \"GET /\" 200 1",
	    PARSE_ERROR, "bad timestamp"),
	/* a Content-Disposition the logformat adds, quoted */
	DEC(CB_HEAD "\"GET http://dl.example/get?id=5 HTTP/1.1\" 200 9 "
	    "\"-\" \"-\" TCP_MISS:HIER_DIRECT \"attachment; "
	    "filename*=UTF-8''%E8%A6%8B%E7%A9%8D.pdf%E3%80%80%E3%80%80"
	    "%E3%80%80.exe\"", T0,
	    "source.ip=10.20.1.15|http.request.method=GET|"
	    "url.original=http://dl.example/get?id=5|url.scheme=http|"
	    "destination.domain=dl.example|destination.port=80|"
	    "url.path=/get|url.query=id=5|http.response.status_code=200|"
	    "destination.bytes=9|proxy.result=TCP_MISS|network.transport=tcp|"
	    "file.name=\xe8\xa6\x8b\xe7\xa9\x8d.pdf\xe3\x80\x80"
	    "\xe3\x80\x80\xe3\x80\x80.exe"),
	NO("10.20.1.15 - - [10/Mar/2026:14:02:11 +0100 x] \"GET /\" 200 1",
	    PARSE_ERROR, "bad timestamp"),
	NO("10.20.1.15 - - 10/Mar/2026:14:02:11 +0100 \"GET /\" 200 1",
	    PARSE_ERROR, "missing fields"),
	NO(CB_HEAD "GET / HTTP/1.1 200 1", PARSE_ERROR, "bad request field"),
	NO(CB_HEAD "\"GET /\" 2000 1", PARSE_ERROR, "bad status"),
	NO(CB_HEAD "\"GET /\" 2x0 1", PARSE_ERROR, "bad status"),
	NO(CB_HEAD "\"GET /\" 200 -1", PARSE_ERROR, "bad byte count"),
	NO(CB_HEAD "\"GET /\" 200 99999999999999999999",
	    PARSE_ERROR, "bad byte count"),
	/* Squid native is not this format */
	NO("1700000000.123 145 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "missing fields"),
};

/*
 * Every prefix: an error until the byte count is complete, then an
 * event (referrer, user agent and codes are optional) unless the cut
 * falls inside a quoted value; never a skip once not blank.
 */
static void
combined_prefix(const char *label, const struct pt_case *c, size_t k,
    const char *line, enum parse_result r, const struct logevent *ev,
    const char *err)
{
	(void)c;
	(void)ev;
	(void)err;
	if (!pt_blank(line, k))
		ck_assert_msg(r != PARSE_SKIP, "%s at %zu: skipped", label, k);
}

/* A megabyte of URL, and of escaped user agent. */
START_TEST(test_long)
{
	static const char	 head[] = CB_HEAD "\"GET http://example.com/";
	static const char	 mid[] = " HTTP/1.1\" 200 1 \"-\" \"";
	static const char	 tail[] = "\" TCP_MISS:HIER_DIRECT";
	const struct parser	*p = pt_parser(FMT);
	struct logevent		 ev;
	size_t			 big = 1 << 20, len, i;
	const char		*err;
	char			*line, *q;

	memset(&ev, 0, sizeof(ev));
	line = malloc(2 * big + sizeof(head) + sizeof(mid) + sizeof(tail));
	ck_assert_ptr_nonnull(line);
	q = line;
	memcpy(q, head, sizeof(head) - 1);
	q += sizeof(head) - 1;
	memset(q, 'q', big);
	q += big;
	memcpy(q, mid, sizeof(mid) - 1);
	q += sizeof(mid) - 1;
	for (i = 0; i < big; i += 2) {
		q[i] = '\\';
		q[i + 1] = '"';
	}
	q += big;
	memcpy(q, tail, sizeof(tail) - 1);
	q += sizeof(tail) - 1;
	len = (size_t)(q - line);
	ck_assert_int_eq(pt_parse(p, NULL, line, len, 0, &ev, &err),
	    PARSE_OK);
	ck_assert_uint_eq(ev.url_path.len, big + 1);
	ck_assert_uint_eq(ev.user_agent.len, big / 2);
	ck_assert(ev.user_agent.p[0] == '"');
	ck_assert(slice_eq(ev.result, "TCP_MISS"));
	free(line);
	logevent_free(&ev);
}
END_TEST

#define PT_SUITE	"squid-combined"
#define PT_ROW		FMT, SRC_PROXY, 0, 0
#define PT_GARBAGE	" \"\\[]/:.-0123456789abcGET"
#define PT_SEED		4242
#define PT_PREFIX	combined_prefix
#define PT_MORE(tc)	tcase_add_test(tc, test_long)
#include "parser_suite.h"
