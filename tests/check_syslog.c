/*
 * Tests of the syslog header parser (src/parsers/syslog.c): RFC 3164,
 * rsyslog's high-precision dates and RFC 5424, and the formats' own
 * lines that must not be taken for a header.  The parsers' cases behind
 * a header are in their own suites (PT_SYSLOG in parser_table.h).
 */
#include "parser_table.h"
#include "testmain.h"

#define REF_MS	PT_REF_MS		/* 2026-03-10T00:00:00Z */

/*
 * msg is what must follow the header.  NULL strings in the header are
 * expected empty.
 */
struct sl_case {
	const char	*line;
	const char	*msg;
	int		 pri;
	int64_t		 time_ms;
	const char	*host;
	const char	*app;
	const char	*pid;
	const char	*msgid;
};

static const struct sl_case cases[] = {
	/* RFC 3164 with PRI, and the year from the reference time */
	{ "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick",
	    "'su root' failed for lonvick", 34, 1760220855000LL,
	    "mymachine", "su", NULL, NULL },
	/* no PRI, padded one-digit day, tag with pid */
	{ "Mar  1 02:03:04 host tag[123]: msg", "msg", -1, 1772330584000LL,
	    "host", "tag", "123", NULL },
	/* unpadded day */
	{ "Mar 1 02:03:04 host tag[123]: msg", "msg", -1, 1772330584000LL,
	    "host", "tag", "123", NULL },
	/* host is an address, v4 and v6 */
	{ "Mar 10 14:02:11 10.20.1.1 dhcpd[1234]: DHCPACK on 10.20.1.15",
	    "DHCPACK on 10.20.1.15", -1, 1773151331000LL, "10.20.1.1",
	    "dhcpd", "1234", NULL },
	{ "Mar 10 14:02:11 2001:db8::1 kernel: [1.2] x", "[1.2] x", -1,
	    1773151331000LL, "2001:db8::1", "kernel", NULL, NULL },
	/* no tag at all: the message follows the host */
	{ "Mar 10 14:02:11 fw1 IN=eth0 OUT= SRC=10.0.0.1", "IN=eth0 OUT= "
	    "SRC=10.0.0.1", -1, 1773151331000LL, "fw1", NULL, NULL, NULL },
	{ "<14>Mar 10 14:02:11 PA-VM 1,2026/03/10 14:02:11,0011,TRAFFIC",
	    "1,2026/03/10 14:02:11,0011,TRAFFIC", 14, 1773151331000LL,
	    "PA-VM", NULL, NULL, NULL },
	/* no host: the tag follows the date */
	{ "<13>Mar 10 14:02:11 su: hello", "hello", 13, 1773151331000LL,
	    NULL, "su", NULL, NULL },
	{ "Mar 10 14:02:11 CRON[99]: (root) CMD", "(root) CMD", -1,
	    1773151331000LL, NULL, "CRON", "99", NULL },
	/* tag with a slash; tag at the end with nothing after */
	{ "Mar 10 14:02:11 mx postfix/smtpd[77]: connect from x",
	    "connect from x", -1, 1773151331000LL, "mx", "postfix/smtpd", "77",
	    NULL },
	{ "Mar 10 14:02:11 mx kernel:", "", -1, 1773151331000LL, "mx",
	    "kernel", NULL, NULL },
	{ "Mar 10 14:02:11 mx", "", -1, 1773151331000LL, "mx", NULL, NULL,
	    NULL },
	{ "Mar 10 14:02:11", "", -1, 1773151331000LL, NULL, NULL, NULL,
	    NULL },
	/* Unbound's own log-time-ascii prefix is not a host nor a tag */
	{ "Mar 10 14:02:11 unbound[1234:0] info: 10.0.0.1 a.example. A IN",
	    "unbound[1234:0] info: 10.0.0.1 a.example. A IN", -1,
	    1773151331000LL, NULL, NULL, NULL, NULL },
	/* key=value message after the host: not a tag */
	{ "Mar 10 14:02:11 fgt devname=x: y", "devname=x: y", -1,
	    1773151331000LL, "fgt", NULL, NULL, NULL },
	/* a December line read in March belongs to the year before */
	{ "Dec 31 23:59:59 h t: m", "m", -1, 1767225599000LL, "h", "t", NULL,
	    NULL },
	/* rsyslog high-precision date */
	{ "2026-03-10T14:02:11.123+01:00 fw1 kernel: msg", "msg", -1,
	    1773147731123LL, "fw1", "kernel", NULL, NULL },
	{ "<30>2026-03-10T13:02:11.123456Z fw1 named[5]: q", "q", 30,
	    1773147731123LL, "fw1", "named", "5", NULL },
	/* RFC 5424 */
	{ "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - "
	    "ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" "
	    "eventID=\"1011\"] An application event log entry...",
	    "An application event log entry...", 165, 1065910455003LL,
	    "mymachine.example.com", "evntslog", NULL, "ID47" },
	/* NILVALUEs everywhere, no message */
	{ "<13>1 - - - - - -", "", 13, 0, NULL, NULL, NULL, NULL },
	{ "<13>1 - - - - - - m", "m", 13, 0, NULL, NULL, NULL, NULL },
	/* escaped quote and bracket in SD, two SD elements, BOM */
	{ "<165>1 2003-10-11T22:14:15.003Z h app 42 - [a x=\"q\\\"]\\]\"]"
	    "[b@1 y=\"]\"] \xef\xbb\xbfmsg here", "msg here", 165,
	    1065910455003LL, "h", "app", "42", NULL },
	/* FortiGate over the network: PRI, then the message */
	{ "<189>date=2026-03-10 time=14:02:11 devname=\"FGT\"",
	    "date=2026-03-10 time=14:02:11 devname=\"FGT\"", 189, 0, NULL,
	    NULL, NULL, NULL },
	/* PRI then a bad date: the PRI alone is the header */
	{ "<13>Mar 10 2026 14:02:11 h: x", "Mar 10 2026 14:02:11 h: x", 13,
	    0, NULL, NULL, NULL, NULL },
	/* RFC 5424 with a bad timestamp falls back to the PRI */
	{ "<13>1 2026-03-10 h a - - - m", "1 2026-03-10 h a - - - m", 13, 0,
	    NULL, NULL, NULL, NULL },
};

/* Not syslog: the formats' own dates, and broken headers. */
static const char *const none[] = {
	"10-Mar-2026 14:02:11.123 client @0x7f 10.0.0.1#5353",
	"1700000000.123    145 10.1.2.3 TCP_MISS/200 5120 GET",
	"date=2026-03-10 time=14:02:11 devname=\"FGT\"",
	"1,2026/03/10 14:02:11,0011,TRAFFIC,end",
	"2026-03-10 14:02:11 x y: z",
	"[1773151331] unbound[1:0] info: x",
	"{\"@timestamp\":\"2026-03-10T14:02:11Z\"}",
	"#fields\tts\tuid",
	"",
	"<",
	"<>",
	"<192>Mar 10 14:02:11 h t: m",
	"<1234>Mar 10 14:02:11 h t: m",
	"<12",
	"Mar 32 14:02:11 h t: m",
	"Mar 10 24:02:11 h t: m",
	"Foo 10 14:02:11 h t: m",
	"Mar 10 14:02:11x h t: m",
	"2026-03-10T14:02:11+01:00x h t: m",
};

static void
expect_field(int i, const char *what, struct slice s, const char *want)
{
	char	 label[32];

	snprintf(label, sizeof(label), "case %d", i);
	pt_expect_str(label, what, s, want);
}

static void
expect_inside(struct slice s, const char *line, size_t len)
{
	if (s.len > 0)
		ck_assert(s.p >= line && s.p + s.len <= line + len);
}

START_TEST(test_cases)
{
	const struct sl_case	*c = &cases[_i];
	struct syslog_header	 h;
	size_t			 len = strlen(c->line), n;
	char			*line = pt_copy(c->line, len);

	n = syslog_header_parse(line, len, REF_MS, &h);
	ck_assert_msg(n > 0 && n <= len, "case %d: no header", _i);
	ck_assert_msg(len - n == strlen(c->msg) &&
	    memcmp(line + n, c->msg, len - n) == 0,
	    "case %d: message \"%.*s\"", _i, (int)(len - n), line + n);
	ck_assert_int_eq(h.pri, c->pri);
	ck_assert_msg(h.time_ms == c->time_ms, "case %d: time %lld", _i,
	    (long long)h.time_ms);
	expect_field(_i, "host", h.host, c->host);
	expect_field(_i, "app", h.app, c->app);
	expect_field(_i, "pid", h.pid, c->pid);
	expect_field(_i, "msgid", h.msgid, c->msgid);
	free(line);
}
END_TEST

START_TEST(test_none)
{
	struct syslog_header	 h;
	size_t			 len = strlen(none[_i]), n;
	char			*line = pt_copy(none[_i], len);

	n = syslog_header_parse(line, len, REF_MS, &h);
	ck_assert_msg(n == 0, "none %d: header of %zu bytes", _i, n);
	ck_assert_int_eq(h.pri, -1);
	free(line);
}
END_TEST

/* Every prefix of every line: never past the end, slices inside. */
START_TEST(test_truncated)
{
	const struct sl_case	*c = &cases[_i];
	struct syslog_header	 h;
	size_t			 len = strlen(c->line), k, n;
	char			*line;

	for (k = 0; k <= len; k++) {
		line = pt_copy(c->line, k);
		n = syslog_header_parse(line, k, REF_MS, &h);
		ck_assert_uint_le(n, k);
		expect_inside(h.host, line, k);
		expect_inside(h.app, line, k);
		expect_inside(h.pid, line, k);
		expect_inside(h.msgid, line, k);
		free(line);
	}
}
END_TEST

START_TEST(test_garbage)
{
	static const char	 alpha[] = " <>[]\"\\-:=.T0123456789MarDec";
	struct syslog_header	 h;
	uint64_t		 seed = 4242;
	size_t			 len, j, n;
	char			*line;
	int			 i;

	for (i = 0; i < 50000; i++) {
		len = test_rand(&seed) % 80;
		line = malloc(len + 1);
		ck_assert_ptr_nonnull(line);
		for (j = 0; j < len; j++)
			line[j] = (i % 3 == 0) ? (char)test_rand(&seed) :
			    alpha[test_rand(&seed) % (sizeof(alpha) - 1)];
		n = syslog_header_parse(line, len, REF_MS, &h);
		ck_assert_uint_le(n, len);
		expect_inside(h.host, line, len);
		expect_inside(h.app, line, len);
		free(line);
	}
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_cases, TEST_NITEMS(cases) },
		{ test_truncated, TEST_NITEMS(cases) },
		{ test_none, TEST_NITEMS(none) },
		{ test_garbage, 0 },
	};

	return test_run("syslog", tests, TEST_NITEMS(tests));
}
