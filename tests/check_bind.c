#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/parser.h"
#include "parsers/syslog.h"

/* NULL strings are expected to be empty. */
struct bd_case {
	const char	*line;
	int64_t		 preset;	/* time from a syslog header, or 0 */
	int64_t		 time_ms;
	const char	*src_ip;
	int		 src_port;
	const char	*query;
	const char	*qtype;
	const char	*transport;
	const char	*dst_ip;
};

#define T1	1683034420299LL		/* 02-May-2023 13:33:40.299 */
#define T2	1773151331123LL		/* 10-Mar-2026 14:02:11.123 */
#define T2S	1773151331000LL
#define PRE	1773100800000LL		/* a syslog header's time */

static const struct bd_case ok_cases[] = {
	/* the lines */
	{ "02-May-2023 13:33:40.299 queries: info: client @0x7f2d4c0a2b60 "
	    "10.20.1.15#53211 (www.example.com): query: www.example.com IN A "
	    "+E(0)K (10.1.0.53)",
	    0, T1, "10.20.1.15", 53211, "www.example.com", "A", "udp",
	    "10.1.0.53" },
	{ "10-Mar-2026 14:02:11.123 client @0x55d0c3f1a2f0 10.20.1.15#41234 "
	    "(example.org): view internal: query: example.org IN AAAA +ED "
	    "(10.1.0.53)",
	    0, T2, "10.20.1.15", 41234, "example.org", "AAAA", "udp",
	    "10.1.0.53" },
	/* older releases: no client object address */
	{ "10-Mar-2026 14:02:11.123 queries: info: client 10.20.1.16#1025 "
	    "(mail.example.net): query: mail.example.net IN MX + (10.1.0.53)",
	    0, T2, "10.20.1.16", 1025, "mail.example.net", "MX", "udp",
	    "10.1.0.53" },
	/* ECS */
	{ "10-Mar-2026 14:02:11.123 client @0x55d0c3f1a2f0 10.20.1.15#41234 "
	    "(cdn.example.com): query: cdn.example.com IN A +E(0) (10.1.0.53) "
	    "[ECS 10.20.1.0/24/0]",
	    0, T2, "10.20.1.15", 41234, "cdn.example.com", "A", "udp",
	    "10.1.0.53" },
	/* IPv6 client and server, TCP */
	{ "10-Mar-2026 14:02:11.123 client @0x55d0c3f1a2f0 2001:db8::15#5353 "
	    "(example.org): query: example.org IN TXT +T (2001:db8::53)",
	    0, T2, "2001:db8::15", 5353, "example.org", "TXT", "tcp",
	    "2001:db8::53" },
	/* the flag letters one by one */
	{ "10-Mar-2026 14:02:11.123 client 10.20.1.15#1 (a.example): query: "
	    "a.example IN A - (10.1.0.53)",
	    0, T2, "10.20.1.15", 1, "a.example", "A", "udp", "10.1.0.53" },
	{ "10-Mar-2026 14:02:11.123 client 10.20.1.15#2 (a.example): query: "
	    "a.example IN A +S (10.1.0.53)",
	    0, T2, "10.20.1.15", 2, "a.example", "A", "udp", "10.1.0.53" },
	{ "10-Mar-2026 14:02:11.123 client 10.20.1.15#3 (a.example): query: "
	    "a.example IN A +C (10.1.0.53)",
	    0, T2, "10.20.1.15", 3, "a.example", "A", "udp", "10.1.0.53" },
	{ "10-Mar-2026 14:02:11.123 client 10.20.1.15#4 (a.example): query: "
	    "a.example IN A +D (10.1.0.53)",
	    0, T2, "10.20.1.15", 4, "a.example", "A", "udp", "10.1.0.53" },
	{ "10-Mar-2026 14:02:11.123 client 10.20.1.15#5 (a.example): query: "
	    "a.example IN A +K (10.1.0.53)",
	    0, T2, "10.20.1.15", 5, "a.example", "A", "udp", "10.1.0.53" },
	{ "10-Mar-2026 14:02:11.123 client 10.20.1.15#65535 (a.example): "
	    "query: a.example IN ANY -SE(0)TDCV (10.1.0.53)",
	    0, T2, "10.20.1.15", 65535, "a.example", "ANY", "tcp",
	    "10.1.0.53" },
	/* older still: no name in parentheses, no server */
	{ "10-Mar-2026 14:02:11.123 client 10.0.0.1#1234: query: old.example "
	    "IN MX +",
	    0, T2, "10.0.0.1", 1234, "old.example", "MX", "udp", NULL },
	/* TSIG signer, ISO 8601 print-time, CHAOS */
	{ "2023-05-02T13:33:40.299Z queries: info: client @0x7f2d4c0a2b60 "
	    "10.20.1.15#53211/key xfr.key (version.bind): query: version.bind "
	    "CH TXT +SE(0) (10.1.0.53)",
	    0, T1, "10.20.1.15", 53211, "version.bind", "TXT", "udp",
	    "10.1.0.53" },
	/* no fraction, debug severity, root, unknown type, link-local zone */
	{ "10-Mar-2026 14:02:11 queries: debug 3: client fe80::1%eth0#53000 "
	    "(.): query: . IN TYPE65 +E(0) (fe80::53)",
	    0, T2S, "fe80::1", 53000, ".", "TYPE65", "udp", "fe80::53" },
	/* an escaped name, a server that is not an address, CRLF */
	{ "10-Mar-2026 14:02:11.123 client 10.20.1.15#41234 "
	    "(a\\032b.example): query: a\\032b.example IN A + (local)\r",
	    0, T2, "10.20.1.15", 41234, "a\\032b.example", "A", "udp",
	    NULL },
	/* behind a syslog header: the message alone, the header's time */
	{ "client @0x55d0c3f1a2f0 10.20.1.15#41234 (example.org): query: "
	    "example.org IN A +E(0)K (10.1.0.53)",
	    PRE, PRE, "10.20.1.15", 41234, "example.org", "A", "udp",
	    "10.1.0.53" },
	{ "queries: info: client 10.20.1.15#41234 (example.org): query: "
	    "example.org IN A +T (10.1.0.53)",
	    PRE, PRE, "10.20.1.15", 41234, "example.org", "A", "tcp",
	    "10.1.0.53" },
	/* a file line forwarded by syslog keeps BIND's own time */
	{ "10-Mar-2026 14:02:11.123 client 10.20.1.15#41234 (example.org): "
	    "query: example.org IN A + (10.1.0.53)",
	    PRE, T2, "10.20.1.15", 41234, "example.org", "A", "udp",
	    "10.1.0.53" },
};
#define NOK	(sizeof(ok_cases) / sizeof(ok_cases[0]))

struct bd_err {
	const char	*line;
	int64_t		 preset;
	int		 res;
	const char	*err;
};

#define BD_T	"10-Mar-2026 14:02:11.123 "

static const struct bd_err err_cases[] = {
	{ "", 0, PARSE_SKIP, NULL },
	{ "  \r", 0, PARSE_SKIP, NULL },
	/* other named messages in the same file or stream */
	{ BD_T "general: info: zone example.com/IN: loaded serial 7", 0,
	    PARSE_SKIP, NULL },
	{ BD_T "client @0x55d0c3f1a2f0 10.20.1.15#41234 (example.org): query "
	    "(cache) 'example.org/A/IN' denied", 0, PARSE_SKIP, NULL },
	{ BD_T "client @0x55d0c3f1a2f0 10.20.1.15#41234 (example.org): query "
	    "failed (SERVFAIL) for example.org/IN/A at query.c:7375", 0,
	    PARSE_SKIP, NULL },
	{ "starting BIND 9.18.24 (Extended Support Version)", PRE,
	    PARSE_SKIP, NULL },
	{ "lame-servers: info: no valid RRSIG resolving 'x/DS/IN'", 0,
	    PARSE_SKIP, NULL },
	/* not BIND */
	{ "garbage", 0, PARSE_ERROR, "not a BIND log line" },
	{ "\x01\x02\x03", 0, PARSE_ERROR, "not a BIND log line" },
	{ "1700000000.123 145 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", 0, PARSE_ERROR, "bad timestamp" },
	{ "32-Mar-2026 14:02:11.123 client 10.0.0.1#1: query: a IN A +", 0,
	    PARSE_ERROR, "bad timestamp" },
	{ "10-Mar-2026 14:02:11.123client 10.0.0.1#1: query: a IN A +", 0,
	    PARSE_ERROR, "bad timestamp" },
	/* broken query lines */
	{ BD_T "client 10.20.1.15#41234 (example.org): query:", 0,
	    PARSE_ERROR, "truncated query" },
	{ BD_T "client 10.20.1.15#41234 (example.org): query: example.org IN "
	    "A", 0, PARSE_ERROR, "truncated query" },
	{ BD_T "client 10.20.1.15#41234 (example.org): query: example.org IN "
	    "A E (10.1.0.53)", 0, PARSE_ERROR, "bad query flags" },
	{ BD_T "client host.example#41234 (example.org): query: example.org "
	    "IN A +", 0, PARSE_ERROR, "bad client address" },
	{ BD_T "client 10.20.1.15 (example.org): query: example.org IN A +",
	    0, PARSE_ERROR, "bad client address" },
	{ BD_T "client 10.20.1.15#65536 (example.org): query: example.org IN "
	    "A +", 0, PARSE_ERROR, "bad client port" },
	{ BD_T "client 10.20.1.15# (example.org): query: example.org IN A +",
	    0, PARSE_ERROR, "bad client port" },
	/* print-time no, and no syslog header to give a time */
	{ "client 10.20.1.15#41234 (example.org): query: example.org IN A +",
	    0, PARSE_ERROR, "no timestamp (print-time no)" },
};

/* The caller's part of the contract in parser.h. */
static enum parse_result
parse(const char *line, size_t len, int64_t preset, struct logevent *ev,
    const char **err)
{
	const struct parser	*p = parser_lookup("bind");

	ck_assert_ptr_nonnull(p);
	logevent_reset(ev);
	ck_assert_int_eq(logevent_reserve(ev, len + 64), 0);
	ev->raw.p = line;
	ev->raw.len = len;
	ev->time_ms = preset;
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

/* Every string field but the static ones lies inside the line. */
static void
expect_inside(const struct logevent *ev, const char *line, size_t len)
{
	const struct field_def	*t;
	struct slice		 s;
	size_t			 n, i;

	t = field_table(&n);
	for (i = 0; i < n; i++) {
		if (t[i].type != FIELD_STR ||
		    strcmp(t[i].name, "network.transport") == 0 ||
		    strcmp(t[i].name, "network.protocol") == 0)
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
	const struct bd_case	*c = &ok_cases[_i];
	struct logevent		 ev;
	size_t			 len = strlen(c->line);
	char			*line = copy(c->line, len);
	const char		*err;

	memset(&ev, 0, sizeof(ev));
	ck_assert_msg(parse(line, len, c->preset, &ev, &err) == PARSE_OK,
	    "case %d: %s", _i, err ? err : "");
	ck_assert_ptr_null(err);
	ck_assert_int_eq(ev.source, SRC_DNS);
	ck_assert_str_eq(ev.format, "bind");
	ck_assert_msg(ev.time_ms == c->time_ms, "case %d: time %lld", _i,
	    (long long)ev.time_ms);
	ck_assert_int_eq(ev.src_port, c->src_port);
	ck_assert_int_eq(ev.dst_port, 53);
	ck_assert_int_eq(ev.status, -1);
	ck_assert_int_eq(ev.bytes_in, -1);
	ck_assert_int_eq(ev.duration_ms, -1);
	expect_str(_i, "src_ip", ev.src_ip, c->src_ip);
	expect_str(_i, "dns_query", ev.dns_query, c->query);
	expect_str(_i, "dns_qtype", ev.dns_qtype, c->qtype);
	expect_str(_i, "dns_rcode", ev.dns_rcode, NULL);
	expect_str(_i, "transport", ev.transport, c->transport);
	expect_str(_i, "protocol", ev.protocol, "dns");
	expect_str(_i, "dst_ip", ev.dst_ip, c->dst_ip);
	expect_str(_i, "dst_domain", ev.dst_domain, NULL);
	expect_str(_i, "url", ev.url, NULL);
	ck_assert_uint_eq(ev.arena_len, 0);
	expect_inside(&ev, line, len);
	free(line);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_errors)
{
	const struct bd_err	*c = &err_cases[_i];
	struct logevent		 ev;
	size_t			 len = strlen(c->line);
	char			*line = copy(c->line, len);
	const char		*err;

	memset(&ev, 0, sizeof(ev));
	ck_assert_msg(parse(line, len, c->preset, &ev, &err) == c->res,
	    "case %d: %s", _i, err ? err : "");
	if (c->err != NULL)
		ck_assert_str_eq(err, c->err);
	free(line);
	logevent_free(&ev);
}
END_TEST

/*
 * Every prefix of every good line: skipped while blank or before
 * " query:", an event once the query's four words are whole (the
 * server address is optional), else an error or, for a cut inside
 * the flags, an event.
 */
START_TEST(test_truncated)
{
	const struct bd_case	*c = &ok_cases[_i];
	struct logevent		 ev;
	size_t			 len = strlen(c->line), k, flags_end;
	enum parse_result	 r;
	const char		*err, *q;
	char			*line;

	q = strstr(c->line, " query: ");
	ck_assert_ptr_nonnull(q);
	q += 8;
	for (k = 0; k < 4; k++) {
		q = strchr(q, ' ');
		if (q == NULL)
			break;
		q++;
	}
	flags_end = q == NULL ? len : (size_t)(q - c->line) - 1;
	memset(&ev, 0, sizeof(ev));
	for (k = 0; k < len; k++) {
		line = copy(c->line, k);
		r = parse(line, k, c->preset, &ev, &err);
		if (k >= flags_end) {
			ck_assert_msg(r == PARSE_OK, "case %d at %zu: %s",
			    _i, k, err ? err : "");
			ck_assert_int_eq(ev.src_port, c->src_port);
		}
		if (r == PARSE_OK)
			expect_inside(&ev, line, k);
		else if (r == PARSE_ERROR)
			ck_assert_ptr_nonnull(err);
		else
			ck_assert_int_eq(r, PARSE_SKIP);
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
	static const char	 alpha[] = " #@():.-+0123456789abcqueryINA";
	struct logevent		 ev;
	uint64_t		 seed = 53;
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
		switch (parse(line, len, i % 3 == 0 ? PRE : 0, &ev, &err)) {
		case PARSE_OK:
			expect_inside(&ev, line, len);
			ck_assert_int_ne(ev.time_ms, 0);
			break;
		case PARSE_ERROR:
			ck_assert(err != NULL && strlen(err) > 0);
			break;
		default:
			break;
		}
		free(line);
	}
	logevent_free(&ev);
}
END_TEST

struct bd_sys {
	const char	*line;
	const char	*host;
	int64_t		 time_ms;
	const char	*query;
};

/* Whole lines as rsyslog writes or sends them, through the header. */
static const struct bd_sys sys_cases[] = {
	{ "Mar 10 14:02:11 ns1 named[812]: client @0x7f2d4c0a2b60 "
	    "10.20.1.15#53211 (www.example.com): query: www.example.com IN A "
	    "+E(0)K (10.1.0.53)", "ns1", T2S, "www.example.com" },
	{ "<30>Mar 10 14:02:11 ns1 named[812]: client 10.20.1.15#53211 "
	    "(a.example): view internal: query: a.example IN A + (10.1.0.53)",
	    "ns1", T2S, "a.example" },
	{ "<30>1 2026-03-10T14:02:11.123Z ns1.corp named 812 - - client "
	    "@0x7f2d4c0a2b60 10.20.1.15#53211 (b.example): query: b.example "
	    "IN AAAA +E(0) (10.1.0.53)", "ns1.corp", T2, "b.example" },
	{ "2026-03-10T15:02:11.123+01:00 ns1 named[812]: queries: info: "
	    "client 10.20.1.15#53211 (c.example): query: c.example IN A + "
	    "(10.1.0.53)", "ns1", T2, "c.example" },
	/* a file channel's own line: no syslog header */
	{ "10-Mar-2026 14:02:11.123 queries: info: client 10.20.1.15#53211 "
	    "(d.example): query: d.example IN A + (10.1.0.53)", NULL, T2,
	    "d.example" },
};

START_TEST(test_syslog)
{
	const struct bd_sys	*c = &sys_cases[_i];
	const struct parser	*p = parser_lookup("bind");
	struct syslog_header	 h;
	struct logevent		 ev;
	size_t			 len = strlen(c->line), n;
	char			*line = copy(c->line, len);
	const char		*err = NULL;

	ck_assert(p->flags & PARSER_SYSLOG);
	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ck_assert_int_eq(logevent_reserve(&ev, len + 64), 0);
	n = syslog_header_parse(line, len, 1773100800000LL, &h);
	ck_assert_int_eq(n > 0, c->host != NULL);
	ev.time_ms = h.time_ms;
	ev.host_name = h.host;
	ck_assert_msg(p->parse(NULL, line + n, len - n, &ev, &err) ==
	    PARSE_OK, "case %d: %s", _i, err ? err : "");
	ck_assert_msg(ev.time_ms == c->time_ms, "case %d: time %lld", _i,
	    (long long)ev.time_ms);
	expect_str(_i, "host_name", ev.host_name, c->host);
	expect_str(_i, "dns_query", ev.dns_query, c->query);
	expect_str(_i, "src_ip", ev.src_ip, "10.20.1.15");
	free(line);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_table)
{
	const struct parser	*p;

	p = parser_lookup("bind");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->name, "bind");
	ck_assert_int_eq(p->source, SRC_DNS);
	ck_assert_ptr_nonnull(p->doc);
	ck_assert_uint_eq(p->flags, PARSER_SYSLOG);
	ck_assert_ptr_null(p->state_new);
}
END_TEST

static Suite *
bind_suite(void)
{
	Suite	*s = suite_create("bind");
	TCase	*tc = tcase_create("core");
	int	 nok = sizeof(ok_cases) / sizeof(ok_cases[0]);
	int	 nerr = sizeof(err_cases) / sizeof(err_cases[0]);
	int	 nsys = sizeof(sys_cases) / sizeof(sys_cases[0]);

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_ok, 0, nok);
	tcase_add_loop_test(tc, test_errors, 0, nerr);
	tcase_add_loop_test(tc, test_truncated, 0, nok);
	tcase_add_loop_test(tc, test_syslog, 0, nsys);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_table);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(bind_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
