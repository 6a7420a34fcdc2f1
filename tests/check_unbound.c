#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/parser.h"
#include "parsers/syslog.h"

/* NULL strings are expected to be empty. */
struct ub_case {
	const char	*line;
	int64_t		 preset;	/* time from a syslog header, or 0 */
	int64_t		 time_ms;
	const char	*src_ip;
	const char	*query;
	const char	*qtype;
	const char	*rcode;
	int64_t		 duration;
	int64_t		 bytes;
};

#define T	1773151331000LL		/* 2026-03-10T14:02:11Z */
#define PRE	1773100800000LL		/* a syslog header's time */
#define REF	1773100800000LL		/* the file's mtime */
#define LF	"[1773151331] unbound[812:0] "

static const struct ub_case ok_cases[] = {
	/* the lines */
	{ LF "info: 10.20.1.15 www.example.com. A IN",
	    0, T, "10.20.1.15", "www.example.com", "A", NULL, -1, -1 },
	{ LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0.000123 0 45",
	    0, T, "10.20.1.15", "www.example.com", "A", "NOERROR", 0, 45 },
	/* replies tagged "info:" (no log-tag-queryreply) */
	{ LF "info: 10.20.1.15 nx.example.com. AAAA IN NXDOMAIN 0.051234 0 "
	    "104", 0, T, "10.20.1.15", "nx.example.com", "AAAA", "NXDOMAIN",
	    51, 104 },
	{ "[1773151331] unbound[812:1f] reply: 2001:db8::15 broken.example. "
	    "TXT IN SERVFAIL 1.500000 1 34",
	    0, T, "2001:db8::15", "broken.example", "TXT", "SERVFAIL", 1500,
	    34 },
	{ LF "query: 10.20.1.15 _ldap._tcp.dc._msdcs.corp.example. SRV IN",
	    0, T, "10.20.1.15", "_ldap._tcp.dc._msdcs.corp.example", "SRV",
	    NULL, -1, -1 },
	/* FORMERR: no question */
	{ LF "reply: 10.20.1.15 - - - FORMERR - - - ",
	    0, T, "10.20.1.15", NULL, NULL, "FORMERR", -1, -1 },
	/* the root, an unknown type, another ident */
	{ "[1773151331] unbound-resolver[1:0] reply: 10.20.1.15 . TYPE65 IN "
	    "NOERROR 12.5 0 512",
	    0, T, "10.20.1.15", ".", "TYPE65", "NOERROR", 12500, 512 },
	/* fields a newer release may append */
	{ LF "reply: 10.20.1.15 a.example. A IN REFUSED 0.000010 0 29 "
	    "10.1.0.53@53 udp",
	    0, T, "10.20.1.15", "a.example", "A", "REFUSED", 0, 29 },
	/* log-time-ascii and log-time-iso written to a file */
	{ "Mar 10 14:02:11 unbound[812:0] info: 10.20.1.15 b.example. A IN",
	    0, T, "10.20.1.15", "b.example", "A", NULL, -1, -1 },
	{ "2026-03-10T15:02:11.250+01:00 unbound[812:0] reply: 10.20.1.15 "
	    "b.example. A IN NOERROR 0.002000 1 61",
	    0, T + 250, "10.20.1.15", "b.example", "A", "NOERROR", 2, 61 },
	/* the message after a syslog header */
	{ "[812:0] info: 10.20.1.15 c.example. MX IN",
	    PRE, PRE, "10.20.1.15", "c.example", "MX", NULL, -1, -1 },
	{ "[812:0] reply: 10.20.1.15 c.example. MX IN NXDOMAIN 0.1 0 90\r",
	    PRE, PRE, "10.20.1.15", "c.example", "MX", "NXDOMAIN", 100, 90 },
	/* log-time-ascii once the header (the date) is gone */
	{ "unbound[812:0] info: 10.20.1.15 d.example. A IN",
	    PRE, PRE, "10.20.1.15", "d.example", "A", NULL, -1, -1 },
	/* the question alone, however the header was cut */
	{ "10.20.1.15 e.example. A IN",
	    PRE, PRE, "10.20.1.15", "e.example", "A", NULL, -1, -1 },
	/* an epoch line forwarded by syslog keeps its own time */
	{ LF "info: 10.20.1.15 f.example. A IN",
	    PRE, T, "10.20.1.15", "f.example", "A", NULL, -1, -1 },
};
#define NOK	(sizeof(ok_cases) / sizeof(ok_cases[0]))

struct ub_err {
	const char	*line;
	int64_t		 preset;
	int		 res;
	const char	*err;
};

static const struct ub_err err_cases[] = {
	{ "", 0, PARSE_SKIP, NULL },
	{ " \r", 0, PARSE_SKIP, NULL },
	/* what else Unbound writes to the same log */
	{ LF "info: start of service (unbound 1.17.1).", 0, PARSE_SKIP,
	    NULL },
	{ LF "notice: init module 0: subnet", 0, PARSE_SKIP, NULL },
	{ LF "info: server stats for thread 0: 12 queries, 3 answers from "
	    "cache, 9 recursions, 0 prefetch, 0 rejected by ip ratelimiting",
	    0, PARSE_SKIP, NULL },
	{ LF "info: generate keytag query _ta-4f66. NULL IN", 0, PARSE_SKIP,
	    NULL },
	{ LF "debug: cache memory msg=66072 rrset=66072 infra=7936 val=66336",
	    0, PARSE_SKIP, NULL },
	{ LF "error: SERVFAIL <x.example. A IN>: all servers failed", 0,
	    PARSE_SKIP, NULL },
	{ LF "warning: so-rcvbuf 1048576 was not granted", 0, PARSE_SKIP,
	    NULL },
	{ "[812:0] notice: Restart of unbound 1.17.1.", PRE, PARSE_SKIP,
	    NULL },
	{ LF "info:", 0, PARSE_SKIP, NULL },
	/* not Unbound */
	{ "garbage here", 0, PARSE_ERROR, "not an Unbound log line" },
	{ "\x01\x02\xff", 0, PARSE_ERROR, "not an Unbound log line" },
	{ "[17731x1331] unbound[812:0] info: 10.20.1.15 a. A IN", 0,
	    PARSE_ERROR, "not an Unbound log line" },
	{ "[1773151331]unbound[812:0] info: 10.20.1.15 a. A IN", 0,
	    PARSE_ERROR, "bad timestamp" },
	{ "Mar 32 14:02:11 unbound[812:0] info: 10.20.1.15 a. A IN", 0,
	    PARSE_ERROR, "bad timestamp" },
	{ "[1773151331] unbound[812:0]", 0, PARSE_ERROR, "no message type" },
	{ "[1773151331] unbound[812:0] 10.20.1.15 a. A IN", 0, PARSE_ERROR,
	    "no message type" },
	/* broken queries and replies */
	{ LF "info: 10.20.1.15 www.example.com.", 0, PARSE_ERROR,
	    "truncated query" },
	{ LF "info: 10.20.1.15 www.example.com. A", 0, PARSE_ERROR,
	    "truncated query" },
	{ LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0.000123 0", 0,
	    PARSE_ERROR, "truncated reply" },
	{ LF "reply: 10.20.1.15 www.example.com. A IN NOERROR", 0,
	    PARSE_ERROR, "truncated reply" },
	{ LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0.x 0 45", 0,
	    PARSE_ERROR, "bad reply" },
	{ LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0. 0 45", 0,
	    PARSE_ERROR, "bad reply" },
	{ LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0.1 0 4x5", 0,
	    PARSE_ERROR, "bad reply" },
	/* syslog's message without its header: no time anywhere */
	{ "[812:0] info: 10.20.1.15 www.example.com. A IN", 0, PARSE_ERROR,
	    "no timestamp" },
};

/* The caller's part of the contract in parser.h. */
static enum parse_result
parse(void *st, const char *line, size_t len, int64_t preset,
    struct logevent *ev, const char **err)
{
	const struct parser	*p = parser_lookup("unbound");

	ck_assert_ptr_nonnull(p);
	logevent_reset(ev);
	ck_assert_int_eq(logevent_reserve(ev, len + 64), 0);
	ev->raw.p = line;
	ev->raw.len = len;
	ev->time_ms = preset;
	*err = NULL;
	return p->parse(st, line, len, ev, err);
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

/* Every string field but the static protocol lies inside the line. */
static void
expect_inside(const struct logevent *ev, const char *line, size_t len)
{
	const struct field_def	*t;
	struct slice		 s;
	size_t			 n, i;

	t = field_table(&n);
	for (i = 0; i < n; i++) {
		if (t[i].type != FIELD_STR ||
		    strcmp(t[i].name, "network.protocol") == 0)
			continue;
		s = field_str(ev, &t[i]);
		if (SLICE_EMPTY(s))
			continue;
		ck_assert_msg(s.p >= line && s.p + s.len <= line + len,
		    "%s outside the line", t[i].name);
	}
}

static void *
state(void)
{
	const struct parser	*p = parser_lookup("unbound");
	void			*st;

	ck_assert_ptr_nonnull(p->state_new);
	st = p->state_new(REF);
	ck_assert_ptr_nonnull(st);
	return st;
}

START_TEST(test_ok)
{
	const struct ub_case	*c = &ok_cases[_i];
	const struct parser	*p = parser_lookup("unbound");
	struct logevent		 ev;
	size_t			 len = strlen(c->line);
	char			*line = copy(c->line, len);
	const char		*err;
	void			*st = state();

	memset(&ev, 0, sizeof(ev));
	ck_assert_msg(parse(st, line, len, c->preset, &ev, &err) == PARSE_OK,
	    "case %d: %s", _i, err ? err : "");
	ck_assert_ptr_null(err);
	ck_assert_int_eq(ev.source, SRC_DNS);
	ck_assert_str_eq(ev.format, "unbound");
	ck_assert_msg(ev.time_ms == c->time_ms, "case %d: time %lld", _i,
	    (long long)ev.time_ms);
	ck_assert_msg(ev.duration_ms == c->duration, "case %d: duration "
	    "%lld", _i, (long long)ev.duration_ms);
	ck_assert_int_eq(ev.bytes_in, c->bytes);
	ck_assert_int_eq(ev.bytes_out, -1);
	ck_assert_int_eq(ev.src_port, -1);
	ck_assert_int_eq(ev.status, -1);
	expect_str(_i, "src_ip", ev.src_ip, c->src_ip);
	expect_str(_i, "dns_query", ev.dns_query, c->query);
	expect_str(_i, "dns_qtype", ev.dns_qtype, c->qtype);
	expect_str(_i, "dns_rcode", ev.dns_rcode, c->rcode);
	expect_str(_i, "protocol", ev.protocol, "dns");
	expect_str(_i, "dst_domain", ev.dst_domain, NULL);
	ck_assert_uint_eq(ev.arena_len, 0);
	expect_inside(&ev, line, len);
	p->state_free(st);
	free(line);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_errors)
{
	const struct ub_err	*c = &err_cases[_i];
	const struct parser	*p = parser_lookup("unbound");
	struct logevent		 ev;
	size_t			 len = strlen(c->line);
	char			*line = copy(c->line, len);
	const char		*err;
	void			*st = state();

	memset(&ev, 0, sizeof(ev));
	ck_assert_msg(parse(st, line, len, c->preset, &ev, &err) == c->res,
	    "case %d: %s", _i, err ? err : "");
	if (c->err != NULL)
		ck_assert_str_eq(err, c->err);
	p->state_free(st);
	free(line);
	logevent_free(&ev);
}
END_TEST

/*
 * Every prefix of every good line: an event as soon as the question's
 * four words are whole; never anything but an event, an error with its
 * message, or a skip.
 */
START_TEST(test_truncated)
{
	const struct ub_case	*c = &ok_cases[_i];
	const struct parser	*p = parser_lookup("unbound");
	struct logevent		 ev;
	size_t			 len = strlen(c->line), k, qend;
	enum parse_result	 r;
	const char		*err, *q;
	char			*line;
	void			*st = state();

	/* The question ends at the fourth space after the address's start. */
	q = strstr(c->line, c->src_ip);
	ck_assert_ptr_nonnull(q);
	for (k = 0; k < 4 && q != NULL; k++)
		q = strchr(q + 1, ' ');
	qend = q == NULL ? len : (size_t)(q - c->line);
	memset(&ev, 0, sizeof(ev));
	for (k = 0; k < len; k++) {
		line = copy(c->line, k);
		r = parse(st, line, k, c->preset, &ev, &err);
		if (k == qend)
			ck_assert_msg(r == PARSE_OK, "case %d at %zu: %s",
			    _i, k, err ? err : "");
		if (r == PARSE_OK) {
			expect_inside(&ev, line, k);
			ck_assert_int_ne(ev.time_ms, 0);
		} else if (r == PARSE_ERROR)
			ck_assert_ptr_nonnull(err);
		else
			ck_assert_int_eq(r, PARSE_SKIP);
		free(line);
	}
	p->state_free(st);
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
	static const char	 alpha[] = " []:.-0123456789abcinforeplyAIN";
	const struct parser	*p = parser_lookup("unbound");
	struct logevent		 ev;
	uint64_t		 seed = 853;
	const char		*err;
	char			*line;
	size_t			 len, j, n;
	int			 i;
	void			*st = state();

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
		switch (parse(i % 5 == 0 ? NULL : st, line, len,
		    i % 3 == 0 ? PRE : 0, &ev, &err)) {
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
	p->state_free(st);
	logevent_free(&ev);
}
END_TEST

struct ub_sys {
	const char	*line;
	const char	*host;
	int64_t		 time_ms;
	const char	*rcode;
};

/* Whole lines as rsyslog writes or sends them, through the header. */
static const struct ub_sys sys_cases[] = {
	{ "Mar 10 14:02:11 resolver unbound: [812:0] info: 10.20.1.15 "
	    "www.example.com. A IN", "resolver", T, NULL },
	{ "<30>Mar 10 14:02:11 resolver unbound: [812:0] reply: 10.20.1.15 "
	    "www.example.com. A IN NXDOMAIN 0.010000 0 120", "resolver", T,
	    "NXDOMAIN" },
	{ "<30>1 2026-03-10T14:02:11.500Z resolver unbound 812 - - [812:0] "
	    "info: 10.20.1.15 www.example.com. A IN SERVFAIL 3.000000 0 40",
	    "resolver", T + 500, "SERVFAIL" },
	/* log-time-ascii in a file: the date looks like a header */
	{ "Mar 10 14:02:11 unbound[812:0] info: 10.20.1.15 www.example.com. "
	    "A IN", NULL, T, NULL },
	/* a logfile line: no header */
	{ LF "reply: 10.20.1.15 www.example.com. A IN NOERROR 0.000123 0 45",
	    NULL, T, "NOERROR" },
};

START_TEST(test_syslog)
{
	const struct ub_sys	*c = &sys_cases[_i];
	const struct parser	*p = parser_lookup("unbound");
	struct syslog_header	 h;
	struct logevent		 ev;
	size_t			 len = strlen(c->line), n;
	char			*line = copy(c->line, len);
	const char		*err = NULL;
	void			*st = state();

	ck_assert(p->flags & PARSER_SYSLOG);
	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ck_assert_int_eq(logevent_reserve(&ev, len + 64), 0);
	n = syslog_header_parse(line, len, REF, &h);
	ev.time_ms = h.time_ms;
	ev.host_name = h.host;
	ck_assert_msg(p->parse(st, line + n, len - n, &ev, &err) ==
	    PARSE_OK, "case %d: %s", _i, err ? err : "");
	ck_assert_msg(ev.time_ms == c->time_ms, "case %d: time %lld", _i,
	    (long long)ev.time_ms);
	expect_str(_i, "host_name", ev.host_name, c->host);
	expect_str(_i, "dns_query", ev.dns_query, "www.example.com");
	expect_str(_i, "dns_rcode", ev.dns_rcode, c->rcode);
	expect_str(_i, "src_ip", ev.src_ip, "10.20.1.15");
	p->state_free(st);
	free(line);
	logevent_free(&ev);
}
END_TEST

/* log-time-ascii has no year: the file's mtime gives it. */
START_TEST(test_year)
{
	const struct parser	*p = parser_lookup("unbound");
	static const char	 dec[] = "Dec 31 23:59:59 unbound[1:0] info: "
	    "10.0.0.1 a.example. A IN";
	struct logevent		 ev;
	const char		*err;
	char			*line = copy(dec, sizeof(dec) - 1);
	void			*st;

	memset(&ev, 0, sizeof(ev));
	st = p->state_new(1767225600000LL);	/* 2026-01-01T00:00:00Z */
	ck_assert_int_eq(parse(st, line, sizeof(dec) - 1, 0, &ev, &err),
	    PARSE_OK);
	ck_assert_int_eq(ev.time_ms, 1767225599000LL);
	p->state_free(st);
	p->state_free(NULL);
	free(line);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_table)
{
	const struct parser	*p;

	p = parser_lookup("unbound");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->name, "unbound");
	ck_assert_int_eq(p->source, SRC_DNS);
	ck_assert_ptr_nonnull(p->doc);
	ck_assert_uint_eq(p->flags, PARSER_SYSLOG);
	ck_assert_ptr_nonnull(p->state_free);
}
END_TEST

static Suite *
unbound_suite(void)
{
	Suite	*s = suite_create("unbound");
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
	tcase_add_test(tc, test_year);
	tcase_add_test(tc, test_table);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(unbound_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
