/*
 * Tests of the Unbound log parser (src/parsers/unbound.c): log-queries
 * and log-replies lines with each time stamp Unbound writes, and the
 * messages behind a syslog header, through the shared table driver
 * (parser_table.h).  Every value is a slice of the line.
 */
#include "parser_table.h"

#define T	PT_HDR_MS		/* 2026-03-10T14:02:11Z */
#define PRE	PT_REF_MS		/* a syslog header's time */
#define LF	"[1773151331] unbound[812:0] "

/* pre: the time a syslog header gave, or 0 */
#define OK(l, pre, t, w) \
	{ .format = "unbound", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w, .flags = PT_NOCOPY, .preset = pre }
#define NO(l, pre, r, e) \
	{ .format = "unbound", .line = l, .result = r, .want = e, \
	  .preset = pre }
/* A whole line as rsyslog writes or sends it, through the header. */
#define SYS(l, t, w) \
	{ .format = "unbound", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w, .flags = PT_SYSLOG | PT_NOCOPY }

#define UB_Q	"source.ip=10.20.1.15|dns.question.name=www.example.com|" \
	"dns.question.type=A|network.protocol=dns"

static const struct pt_case cases[] = {
	/* the lines */
	OK(LF "info: 10.20.1.15 www.example.com. A IN", 0, T,
	    "source.ip=10.20.1.15|dns.question.name=www.example.com|"
	    "dns.question.type=A|network.protocol=dns"),
	OK(LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0.000123 0 45",
	    0, T,
	    "source.ip=10.20.1.15|dns.question.name=www.example.com|"
	    "dns.question.type=A|dns.response_code=NOERROR|"
	    "event.duration_ms=0|destination.bytes=45|network.protocol=dns"),
	/* replies tagged "info:" (no log-tag-queryreply) */
	OK(LF "info: 10.20.1.15 nx.example.com. AAAA IN NXDOMAIN 0.051234 0 "
	    "104", 0, T,
	    "source.ip=10.20.1.15|dns.question.name=nx.example.com|"
	    "dns.question.type=AAAA|dns.response_code=NXDOMAIN|"
	    "event.duration_ms=51|destination.bytes=104|network.protocol=dns"),
	OK("[1773151331] unbound[812:1f] reply: 2001:db8::15 broken.example. "
	    "TXT IN SERVFAIL 1.500000 1 34", 0, T,
	    "source.ip=2001:db8::15|dns.question.name=broken.example|"
	    "dns.question.type=TXT|dns.response_code=SERVFAIL|"
	    "event.duration_ms=1500|destination.bytes=34|network.protocol=dns"),
	OK(LF "query: 10.20.1.15 _ldap._tcp.dc._msdcs.corp.example. SRV IN",
	    0, T,
	    "source.ip=10.20.1.15|"
	    "dns.question.name=_ldap._tcp.dc._msdcs.corp.example|"
	    "dns.question.type=SRV|network.protocol=dns"),
	/* FORMERR: no question */
	OK(LF "reply: 10.20.1.15 - - - FORMERR - - - ", 0, T,
	    "source.ip=10.20.1.15|dns.response_code=FORMERR|"
	    "network.protocol=dns"),
	/* the root, an unknown type, another ident */
	OK("[1773151331] unbound-resolver[1:0] reply: 10.20.1.15 . TYPE65 IN "
	    "NOERROR 12.5 0 512", 0, T,
	    "source.ip=10.20.1.15|dns.question.name=.|"
	    "dns.question.type=TYPE65|dns.response_code=NOERROR|"
	    "event.duration_ms=12500|destination.bytes=512|"
	    "network.protocol=dns"),
	/* fields a newer release may append */
	OK(LF "reply: 10.20.1.15 a.example. A IN REFUSED 0.000010 0 29 "
	    "10.1.0.53@53 udp", 0, T,
	    "source.ip=10.20.1.15|dns.question.name=a.example|"
	    "dns.question.type=A|dns.response_code=REFUSED|"
	    "event.duration_ms=0|destination.bytes=29|network.protocol=dns"),
	/* log-time-ascii and log-time-iso written to a file */
	OK("Mar 10 14:02:11 unbound[812:0] info: 10.20.1.15 b.example. A IN",
	    0, T,
	    "source.ip=10.20.1.15|dns.question.name=b.example|"
	    "dns.question.type=A|network.protocol=dns"),
	OK("2026-03-10T15:02:11.250+01:00 unbound[812:0] reply: 10.20.1.15 "
	    "b.example. A IN NOERROR 0.002000 1 61", 0, T + 250,
	    "source.ip=10.20.1.15|dns.question.name=b.example|"
	    "dns.question.type=A|dns.response_code=NOERROR|"
	    "event.duration_ms=2|destination.bytes=61|network.protocol=dns"),
	/* the message after a syslog header */
	OK("[812:0] info: 10.20.1.15 c.example. MX IN", PRE, PRE,
	    "source.ip=10.20.1.15|dns.question.name=c.example|"
	    "dns.question.type=MX|network.protocol=dns"),
	OK("[812:0] reply: 10.20.1.15 c.example. MX IN NXDOMAIN 0.1 0 90\r",
	    PRE, PRE,
	    "source.ip=10.20.1.15|dns.question.name=c.example|"
	    "dns.question.type=MX|dns.response_code=NXDOMAIN|"
	    "event.duration_ms=100|destination.bytes=90|network.protocol=dns"),
	/* log-time-ascii once the header (the date) is gone */
	OK("unbound[812:0] info: 10.20.1.15 d.example. A IN", PRE, PRE,
	    "source.ip=10.20.1.15|dns.question.name=d.example|"
	    "dns.question.type=A|network.protocol=dns"),
	/* the question alone, however the header was cut */
	OK("10.20.1.15 e.example. A IN", PRE, PRE,
	    "source.ip=10.20.1.15|dns.question.name=e.example|"
	    "dns.question.type=A|network.protocol=dns"),
	/* an epoch line forwarded by syslog keeps its own time */
	OK(LF "info: 10.20.1.15 f.example. A IN", PRE, T,
	    "source.ip=10.20.1.15|dns.question.name=f.example|"
	    "dns.question.type=A|network.protocol=dns"),
	NO("", 0, PARSE_SKIP, NULL),
	NO(" \r", 0, PARSE_SKIP, NULL),
	/* what else Unbound writes to the same log */
	NO(LF "info: start of service (unbound 1.17.1).", 0, PARSE_SKIP, NULL),
	NO(LF "notice: init module 0: subnet", 0, PARSE_SKIP, NULL),
	NO(LF "info: server stats for thread 0: 12 queries, 3 answers from "
	    "cache, 9 recursions, 0 prefetch, 0 rejected by ip ratelimiting",
	    0, PARSE_SKIP, NULL),
	NO(LF "info: generate keytag query _ta-4f66. NULL IN",
	    0, PARSE_SKIP, NULL),
	NO(LF "debug: cache memory msg=66072 rrset=66072 infra=7936 val=66336",
	    0, PARSE_SKIP, NULL),
	NO(LF "error: SERVFAIL <x.example. A IN>: all servers failed",
	    0, PARSE_SKIP, NULL),
	NO(LF "warning: so-rcvbuf 1048576 was not granted",
	    0, PARSE_SKIP, NULL),
	NO("[812:0] notice: Restart of unbound 1.17.1.", PRE, PARSE_SKIP, NULL),
	NO(LF "info:", 0, PARSE_SKIP, NULL),
	/* not Unbound */
	NO("garbage here", 0, PARSE_ERROR, "not an Unbound log line"),
	NO("\x01\x02\xff", 0, PARSE_ERROR, "not an Unbound log line"),
	NO("[17731x1331] unbound[812:0] info: 10.20.1.15 a. A IN",
	    0, PARSE_ERROR, "not an Unbound log line"),
	NO("[1773151331]unbound[812:0] info: 10.20.1.15 a. A IN",
	    0, PARSE_ERROR, "bad timestamp"),
	NO("Mar 32 14:02:11 unbound[812:0] info: 10.20.1.15 a. A IN",
	    0, PARSE_ERROR, "bad timestamp"),
	NO("[1773151331] unbound[812:0]", 0, PARSE_ERROR, "no message type"),
	NO("[1773151331] unbound[812:0] 10.20.1.15 a. A IN",
	    0, PARSE_ERROR, "no message type"),
	/* broken queries and replies */
	NO(LF "info: 10.20.1.15 www.example.com.",
	    0, PARSE_ERROR, "truncated query"),
	NO(LF "info: 10.20.1.15 www.example.com. A",
	    0, PARSE_ERROR, "truncated query"),
	NO(LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0.000123 0",
	    0, PARSE_ERROR, "truncated reply"),
	NO(LF "reply: 10.20.1.15 www.example.com. A IN NOERROR",
	    0, PARSE_ERROR, "truncated reply"),
	NO(LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0.x 0 45",
	    0, PARSE_ERROR, "bad reply"),
	NO(LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0. 0 45",
	    0, PARSE_ERROR, "bad reply"),
	NO(LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0.1 0 4x5",
	    0, PARSE_ERROR, "bad reply"),
	/* syslog's message without its header: no time anywhere */
	NO("[812:0] info: 10.20.1.15 www.example.com. A IN",
	    0, PARSE_ERROR, "no timestamp"),
	/* whole lines as rsyslog writes or sends them */
	SYS("Mar 10 14:02:11 resolver unbound: [812:0] info: 10.20.1.15 "
	    "www.example.com. A IN", T, "host.name=resolver|" UB_Q),
	SYS("<30>Mar 10 14:02:11 resolver unbound: [812:0] reply: 10.20.1.15 "
	    "www.example.com. A IN NXDOMAIN 0.010000 0 120", T,
	    "host.name=resolver|dns.response_code=NXDOMAIN|"
	    "event.duration_ms=10|destination.bytes=120|" UB_Q),
	SYS("<30>1 2026-03-10T14:02:11.500Z resolver unbound 812 - - [812:0] "
	    "info: 10.20.1.15 www.example.com. A IN SERVFAIL 3.000000 0 40",
	    T + 500, "host.name=resolver|dns.response_code=SERVFAIL|"
	    "event.duration_ms=3000|destination.bytes=40|" UB_Q),
	/* log-time-ascii in a file: the date looks like a header */
	SYS("Mar 10 14:02:11 unbound[812:0] info: 10.20.1.15 www.example.com. "
	    "A IN", T, UB_Q),
	/* a logfile line: no header */
	SYS(LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0.000123 0 45",
	    T, "dns.response_code=NOERROR|event.duration_ms=0|"
	    "destination.bytes=45|" UB_Q),
	/* log-time-ascii has no year: the file's mtime gives it */
	{ .format = "unbound", .line = "Dec 31 23:59:59 unbound[1:0] info: "
	  "10.0.0.1 a.example. A IN", .result = PARSE_OK,
	  .time_ms = 1767225599000LL, .ref_ms = 1767225600000LL,
	  .want = "source.ip=10.0.0.1|dns.question.name=a.example|"
	  "dns.question.type=A|network.protocol=dns", .flags = PT_NOCOPY },
};

/* An event as soon as the question's four words are whole. */
static void
unbound_prefix(const char *label, const struct pt_case *c, size_t k,
    const char *line, enum parse_result r, const struct logevent *ev,
    const char *err)
{
	const char	*q;
	char		 ip[64];
	size_t		 n;

	(void)line;
	(void)ev;
	if (c->result != PARSE_OK)
		return;
	/* The question ends at the fourth space after the address. */
	ck_assert_ptr_nonnull(pt_spec(c->want, "source.ip", ip, sizeof(ip)));
	q = strstr(c->line, ip);
	ck_assert_ptr_nonnull(q);
	for (n = 0; n < 4 && q != NULL; n++)
		q = strchr(q + 1, ' ');
	if (q != NULL && k == (size_t)(q - c->line))
		ck_assert_msg(r == PARSE_OK, "%s at %zu: %s", label, k, err);
}

/* Without a state (no file's mtime), the same result. */
START_TEST(test_no_state)
{
	const struct pt_case	*c = &cases[_i];
	const struct parser	*p = pt_parser(c->format);
	struct logevent		 ev;
	size_t			 len = strlen(c->line);
	char			*line = pt_copy(c->line, len);
	const char		*err;
	enum parse_result	 r;

	memset(&ev, 0, sizeof(ev));
	r = pt_parse(p, NULL, line, len, c->preset,
	    &ev, &err);
	ck_assert_msg(r == c->result, "case %d: result %d", _i, r);
	if (r == PARSE_OK)
		pt_all_inside("no state", &ev, line, len);
	free(line);
	logevent_free(&ev);
}
END_TEST

#define PT_SUITE	"unbound"
#define PT_ROW		"unbound", SRC_DNS, PARSER_SYSLOG, 1
#define PT_GARBAGE	" []:.-0123456789abcinforeplyAIN"
#define PT_SEED		853
#define PT_PREFIX	unbound_prefix
#define PT_MORE(tc) \
	tcase_add_loop_test(tc, test_no_state, 0, PT_NCASES(cases))
#include "parser_suite.h"
