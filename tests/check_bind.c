/*
 * Tests of the BIND 9 query log parser (src/parsers/bind.c): file
 * channel lines, and messages behind a syslog header, through the
 * shared table driver (parser_table.h).  Every value is a slice of the
 * line.
 */
#include "parser_table.h"

#define T1	1683034420299LL		/* 02-May-2023 13:33:40.299 */
#define T2	1773151331123LL		/* 10-Mar-2026 14:02:11.123 */
#define T2S	PT_HDR_MS		/* 10-Mar-2026 14:02:11 */
#define PRE	PT_REF_MS		/* a syslog header's time */

/* pre: the time a syslog header gave, or 0 */
#define OK(l, pre, t, w) \
	{ .format = "bind", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w, .flags = PT_NOCOPY, .preset = pre }
#define NO(l, pre, r, e) \
	{ .format = "bind", .line = l, .result = r, .want = e, .preset = pre }
/* A whole line as rsyslog writes or sends it, through the header. */
#define SYS(l, t, w) \
	{ .format = "bind", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w, .flags = PT_SYSLOG | PT_NOCOPY }

#define BD_T	"10-Mar-2026 14:02:11.123 "
#define BD_EV(port, q, qt) "source.ip=10.20.1.15|source.port=" port "|" \
	"dns.question.name=" q "|dns.question.type=" qt "|" \
	"network.transport=udp|destination.ip=10.1.0.53|" \
	"destination.port=53|network.protocol=dns"

static const struct pt_case cases[] = {
	/* the lines */
	OK("02-May-2023 13:33:40.299 queries: info: client @0x7f2d4c0a2b60 "
	    "10.20.1.15#53211 (www.example.com): query: www.example.com IN A "
	    "+E(0)K (10.1.0.53)", 0, T1,
	    "source.ip=10.20.1.15|source.port=53211|"
	    "dns.question.name=www.example.com|dns.question.type=A|"
	    "network.transport=udp|destination.ip=10.1.0.53|"
	    "destination.port=53|network.protocol=dns"),
	OK("10-Mar-2026 14:02:11.123 client @0x55d0c3f1a2f0 10.20.1.15#41234 "
	    "(example.org): view internal: query: example.org IN AAAA +ED "
	    "(10.1.0.53)", 0, T2,
	    "source.ip=10.20.1.15|source.port=41234|"
	    "dns.question.name=example.org|dns.question.type=AAAA|"
	    "network.transport=udp|destination.ip=10.1.0.53|"
	    "destination.port=53|network.protocol=dns"),
	/* older releases: no client object address */
	OK("10-Mar-2026 14:02:11.123 queries: info: client 10.20.1.16#1025 "
	    "(mail.example.net): query: mail.example.net IN MX + (10.1.0.53)",
	    0, T2,
	    "source.ip=10.20.1.16|source.port=1025|"
	    "dns.question.name=mail.example.net|dns.question.type=MX|"
	    "network.transport=udp|destination.ip=10.1.0.53|"
	    "destination.port=53|network.protocol=dns"),
	/* ECS */
	OK("10-Mar-2026 14:02:11.123 client @0x55d0c3f1a2f0 10.20.1.15#41234 "
	    "(cdn.example.com): query: cdn.example.com IN A +E(0) (10.1.0.53) "
	    "[ECS 10.20.1.0/24/0]", 0, T2,
	    "source.ip=10.20.1.15|source.port=41234|"
	    "dns.question.name=cdn.example.com|dns.question.type=A|"
	    "network.transport=udp|destination.ip=10.1.0.53|"
	    "destination.port=53|network.protocol=dns"),
	/* IPv6 client and server, TCP */
	OK("10-Mar-2026 14:02:11.123 client @0x55d0c3f1a2f0 2001:db8::15#5353 "
	    "(example.org): query: example.org IN TXT +T (2001:db8::53)", 0, T2,
	    "source.ip=2001:db8::15|source.port=5353|"
	    "dns.question.name=example.org|dns.question.type=TXT|"
	    "network.transport=tcp|destination.ip=2001:db8::53|"
	    "destination.port=53|network.protocol=dns"),
	/* the flag letters one by one */
	OK("10-Mar-2026 14:02:11.123 client 10.20.1.15#1 (a.example): query: "
	    "a.example IN A - (10.1.0.53)", 0, T2,
	    "source.ip=10.20.1.15|source.port=1|dns.question.name=a.example|"
	    "dns.question.type=A|network.transport=udp|"
	    "destination.ip=10.1.0.53|destination.port=53|"
	    "network.protocol=dns"),
	OK("10-Mar-2026 14:02:11.123 client 10.20.1.15#2 (a.example): query: "
	    "a.example IN A +S (10.1.0.53)", 0, T2,
	    "source.ip=10.20.1.15|source.port=2|dns.question.name=a.example|"
	    "dns.question.type=A|network.transport=udp|"
	    "destination.ip=10.1.0.53|destination.port=53|"
	    "network.protocol=dns"),
	OK("10-Mar-2026 14:02:11.123 client 10.20.1.15#3 (a.example): query: "
	    "a.example IN A +C (10.1.0.53)", 0, T2,
	    "source.ip=10.20.1.15|source.port=3|dns.question.name=a.example|"
	    "dns.question.type=A|network.transport=udp|"
	    "destination.ip=10.1.0.53|destination.port=53|"
	    "network.protocol=dns"),
	OK("10-Mar-2026 14:02:11.123 client 10.20.1.15#4 (a.example): query: "
	    "a.example IN A +D (10.1.0.53)", 0, T2,
	    "source.ip=10.20.1.15|source.port=4|dns.question.name=a.example|"
	    "dns.question.type=A|network.transport=udp|"
	    "destination.ip=10.1.0.53|destination.port=53|"
	    "network.protocol=dns"),
	OK("10-Mar-2026 14:02:11.123 client 10.20.1.15#5 (a.example): query: "
	    "a.example IN A +K (10.1.0.53)", 0, T2,
	    "source.ip=10.20.1.15|source.port=5|dns.question.name=a.example|"
	    "dns.question.type=A|network.transport=udp|"
	    "destination.ip=10.1.0.53|destination.port=53|"
	    "network.protocol=dns"),
	OK("10-Mar-2026 14:02:11.123 client 10.20.1.15#65535 (a.example): "
	    "query: a.example IN ANY -SE(0)TDCV (10.1.0.53)", 0, T2,
	    "source.ip=10.20.1.15|source.port=65535|"
	    "dns.question.name=a.example|dns.question.type=ANY|"
	    "network.transport=tcp|destination.ip=10.1.0.53|"
	    "destination.port=53|network.protocol=dns"),
	/* older still: no name in parentheses, no server */
	OK("10-Mar-2026 14:02:11.123 client 10.0.0.1#1234: query: old.example "
	    "IN MX +", 0, T2,
	    "source.ip=10.0.0.1|source.port=1234|"
	    "dns.question.name=old.example|dns.question.type=MX|"
	    "network.transport=udp|destination.port=53|network.protocol=dns"),
	/* TSIG signer, ISO 8601 print-time, CHAOS */
	OK("2023-05-02T13:33:40.299Z queries: info: client @0x7f2d4c0a2b60 "
	    "10.20.1.15#53211/key xfr.key (version.bind): query: version.bind "
	    "CH TXT +SE(0) (10.1.0.53)", 0, T1,
	    "source.ip=10.20.1.15|source.port=53211|"
	    "dns.question.name=version.bind|dns.question.type=TXT|"
	    "network.transport=udp|destination.ip=10.1.0.53|"
	    "destination.port=53|network.protocol=dns"),
	/* no fraction, debug severity, root, unknown type, link-local zone */
	OK("10-Mar-2026 14:02:11 queries: debug 3: client fe80::1%eth0#53000 "
	    "(.): query: . IN TYPE65 +E(0) (fe80::53)", 0, T2S,
	    "source.ip=fe80::1|source.port=53000|dns.question.name=.|"
	    "dns.question.type=TYPE65|network.transport=udp|"
	    "destination.ip=fe80::53|destination.port=53|network.protocol=dns"),
	/* an escaped name, a server that is not an address, CRLF */
	OK("10-Mar-2026 14:02:11.123 client 10.20.1.15#41234 "
	    "(a\\032b.example): query: a\\032b.example IN A + (local)\r", 0, T2,
	    "source.ip=10.20.1.15|source.port=41234|"
	    "dns.question.name=a\\032b.example|dns.question.type=A|"
	    "network.transport=udp|destination.port=53|network.protocol=dns"),
	/* behind a syslog header: the message alone, the header's time */
	OK("client @0x55d0c3f1a2f0 10.20.1.15#41234 (example.org): query: "
	    "example.org IN A +E(0)K (10.1.0.53)", PRE, PRE,
	    "source.ip=10.20.1.15|source.port=41234|"
	    "dns.question.name=example.org|dns.question.type=A|"
	    "network.transport=udp|destination.ip=10.1.0.53|"
	    "destination.port=53|network.protocol=dns"),
	OK("queries: info: client 10.20.1.15#41234 (example.org): query: "
	    "example.org IN A +T (10.1.0.53)", PRE, PRE,
	    "source.ip=10.20.1.15|source.port=41234|"
	    "dns.question.name=example.org|dns.question.type=A|"
	    "network.transport=tcp|destination.ip=10.1.0.53|"
	    "destination.port=53|network.protocol=dns"),
	/* a file line forwarded by syslog keeps BIND's own time */
	OK("10-Mar-2026 14:02:11.123 client 10.20.1.15#41234 (example.org): "
	    "query: example.org IN A + (10.1.0.53)", PRE, T2,
	    "source.ip=10.20.1.15|source.port=41234|"
	    "dns.question.name=example.org|dns.question.type=A|"
	    "network.transport=udp|destination.ip=10.1.0.53|"
	    "destination.port=53|network.protocol=dns"),
	NO("", 0, PARSE_SKIP, NULL),
	NO("  \r", 0, PARSE_SKIP, NULL),
	/* other named messages in the same file or stream */
	NO(BD_T "general: info: zone example.com/IN: loaded serial 7",
	    0, PARSE_SKIP, NULL),
	NO(BD_T "client @0x55d0c3f1a2f0 10.20.1.15#41234 (example.org): query "
	    "(cache) 'example.org/A/IN' denied", 0, PARSE_SKIP, NULL),
	NO(BD_T "client @0x55d0c3f1a2f0 10.20.1.15#41234 (example.org): query "
	    "failed (SERVFAIL) for example.org/IN/A at query.c:7375",
	    0, PARSE_SKIP, NULL),
	NO("starting BIND 9.18.24 (Extended Support Version)",
	    PRE, PARSE_SKIP, NULL),
	NO("lame-servers: info: no valid RRSIG resolving 'x/DS/IN'",
	    0, PARSE_SKIP, NULL),
	/* not BIND */
	NO("garbage", 0, PARSE_ERROR, "not a BIND log line"),
	NO("\x01\x02\x03", 0, PARSE_ERROR, "not a BIND log line"),
	NO("1700000000.123 145 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", 0, PARSE_ERROR, "bad timestamp"),
	NO("32-Mar-2026 14:02:11.123 client 10.0.0.1#1: query: a IN A +",
	    0, PARSE_ERROR, "bad timestamp"),
	NO("10-Mar-2026 14:02:11.123client 10.0.0.1#1: query: a IN A +",
	    0, PARSE_ERROR, "bad timestamp"),
	/* broken query lines */
	NO(BD_T "client 10.20.1.15#41234 (example.org): query:",
	    0, PARSE_ERROR, "truncated query"),
	NO(BD_T "client 10.20.1.15#41234 (example.org): query: example.org IN "
	    "A", 0, PARSE_ERROR, "truncated query"),
	NO(BD_T "client 10.20.1.15#41234 (example.org): query: example.org IN "
	    "A E (10.1.0.53)", 0, PARSE_ERROR, "bad query flags"),
	NO(BD_T "client host.example#41234 (example.org): query: example.org "
	    "IN A +", 0, PARSE_ERROR, "bad client address"),
	NO(BD_T "client 10.20.1.15 (example.org): query: example.org IN A +",
	    0, PARSE_ERROR, "bad client address"),
	NO(BD_T "client 10.20.1.15#65536 (example.org): query: example.org IN "
	    "A +", 0, PARSE_ERROR, "bad client port"),
	NO(BD_T "client 10.20.1.15# (example.org): query: example.org IN A +",
	    0, PARSE_ERROR, "bad client port"),
	/* print-time no, and no syslog header to give a time */
	NO("client 10.20.1.15#41234 (example.org): query: example.org IN A +",
	    0, PARSE_ERROR, "no timestamp (print-time no)"),
	/* whole lines as rsyslog writes or sends them */
	SYS("Mar 10 14:02:11 ns1 named[812]: client @0x7f2d4c0a2b60 "
	    "10.20.1.15#53211 (www.example.com): query: www.example.com IN A "
	    "+E(0)K (10.1.0.53)", T2S,
	    "host.name=ns1|" BD_EV("53211", "www.example.com", "A")),
	SYS("<30>Mar 10 14:02:11 ns1 named[812]: client 10.20.1.15#53211 "
	    "(a.example): view internal: query: a.example IN A + (10.1.0.53)",
	    T2S, "host.name=ns1|" BD_EV("53211", "a.example", "A")),
	SYS("<30>1 2026-03-10T14:02:11.123Z ns1.corp named 812 - - client "
	    "@0x7f2d4c0a2b60 10.20.1.15#53211 (b.example): query: b.example "
	    "IN AAAA +E(0) (10.1.0.53)", T2,
	    "host.name=ns1.corp|" BD_EV("53211", "b.example", "AAAA")),
	SYS("2026-03-10T15:02:11.123+01:00 ns1 named[812]: queries: info: "
	    "client 10.20.1.15#53211 (c.example): query: c.example IN A + "
	    "(10.1.0.53)", T2, "host.name=ns1|"
	    BD_EV("53211", "c.example", "A")),
	/* a file channel's own line: no syslog header */
	SYS("10-Mar-2026 14:02:11.123 queries: info: client 10.20.1.15#53211 "
	    "(d.example): query: d.example IN A + (10.1.0.53)", T2,
	    BD_EV("53211", "d.example", "A")),
};

/*
 * Skipped before " query:"; an event once the query's four words are
 * whole (the server address is optional), with the client's port; an
 * error or, for a cut inside the flags, an event in between.
 */
static void
bind_prefix(const char *label, const struct pt_case *c, size_t k,
    const char *line, enum parse_result r, const struct logevent *ev,
    const char *err)
{
	const char	*q;
	char		 port[16], got[16];
	size_t		 n, flags_end;

	(void)line;
	if (c->result != PARSE_OK)
		return;
	q = strstr(c->line, " query: ");
	ck_assert_ptr_nonnull(q);
	q += 8;
	for (n = 0; n < 4 && q != NULL; n++)
		if ((q = strchr(q, ' ')) != NULL)
			q++;
	flags_end = q == NULL ? strlen(c->line) : (size_t)(q - c->line) - 1;
	if (k < flags_end)
		return;
	ck_assert_msg(r == PARSE_OK, "%s at %zu: %s", label, k, err);
	ck_assert_ptr_nonnull(pt_spec(c->want, "source.port", port,
	    sizeof(port)));
	snprintf(got, sizeof(got), "%d", (int)ev->src_port);
	ck_assert_str_eq(got, port);
}

#define PT_SUITE	"bind"
#define PT_ROW		"bind", SRC_DNS, PARSER_SYSLOG, 0
#define PT_GARBAGE	" #@():.-+0123456789abcqueryINA"
#define PT_SEED		53
#define PT_PREFIX	bind_prefix
#include "parser_suite.h"
