/*
 * Tests of the mail log parser (src/parsers/postfix.c), through the
 * shared table driver (parser_table.h): Postfix deliveries joined with
 * the client and sender lines of their queue id, a queue id forgotten
 * once removed, rejects, amavis and clamav-milter verdicts, the lines
 * skipped; and the bound on queue ids that never complete.
 */
#include <stdarg.h>

#include "parser_table.h"

#define OK(nm, l, t, w) \
	{ .format = "postfix", .name = nm, .line = l, .result = PARSE_OK, \
	  .time_ms = t, .want = w }
#define NO(nm, l, r, e) \
	{ .format = "postfix", .name = nm, .line = l, .result = r, .want = e }

#define H	"Mar 10 14:02:11 mx1 "
#define QID	"4BQ0M52ZtTz9sVG"
#define CLIENT	H "postfix/smtpd[1234]: " QID ": client=mx.evil.example" \
	"[203.0.113.25]\n"
#define MSGID	H "postfix/cleanup[1235]: " QID ": message-id=<1@evil.example>\n"
#define FROM	H "postfix/qmgr[1236]: " QID ": from=<eve@evil.example>, " \
	"size=12345, nrcpt=2 (queue active)\n"
#define TO(who) H "postfix/lmtp[1237]: " QID ": to=<" who ">, " \
	"relay=mbox.corp.example[10.1.0.30]:24, delay=1.2, " \
	"delays=0.1/0/0.1/1, dsn=2.0.0, status=sent (250 2.0.0 Ok)"
#define TOF	"|destination.domain=mbox.corp.example|destination.ip=10.1.0.30|" \
	"event.action=sent|event.reason=250 2.0.0 Ok|network.protocol=smtp|" \
	"host.name=mx1"
#define JP	"\xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a\xe7\x94\xa8" \
	"\xe5\x86\x99\xe7\x9c\x9f.xlsxs.exe"

static const struct pt_case cases[] = {
	OK("delivery joined with its client and sender",
	    CLIENT MSGID FROM TO("alice@corp.example"), PT_HDR_MS,
	    "source.ip=203.0.113.25|email.from.address=eve@evil.example|"
	    "email.to.address=alice@corp.example|user.name=alice|"
	    "destination.bytes=12345" TOF),
	OK("the second recipient too", CLIENT FROM TO("alice@corp.example")
	    "\n" TO("bob@corp.example"), PT_HDR_MS,
	    "source.ip=203.0.113.25|email.from.address=eve@evil.example|"
	    "email.to.address=bob@corp.example|user.name=bob|"
	    "destination.bytes=12345" TOF),
	OK("a queue id never seen", TO("alice@corp.example"), PT_HDR_MS,
	    "email.to.address=alice@corp.example|user.name=alice" TOF),
	OK("forgotten once removed", CLIENT FROM H "postfix/qmgr[1236]: " QID
	    ": removed\n" TO("alice@corp.example"), PT_HDR_MS,
	    "email.to.address=alice@corp.example|user.name=alice" TOF),
	OK("bounce, local relay", H "postfix/smtp[99]: 8E2B11C0F3: "
	    "to=<nobody@corp.example>, relay=local, delay=0.02, dsn=5.1.1, "
	    "status=bounced (unknown user: \"nobody\")", PT_HDR_MS,
	    "email.to.address=nobody@corp.example|user.name=nobody|"
	    "destination.domain=local|event.action=bounced|"
	    "event.reason=unknown user: \"nobody\"|network.protocol=smtp|"
	    "host.name=mx1"),
	OK("NOQUEUE reject at RCPT", H "postfix/smtpd[1234]: NOQUEUE: "
	    "reject: RCPT from unknown[203.0.113.66]: 554 5.7.1 "
	    "<x@corp.example>: Relay access denied; from=<spam@evil.example> "
	    "to=<x@corp.example> proto=ESMTP helo=<evil>", PT_HDR_MS,
	    "source.ip=203.0.113.66|email.from.address=spam@evil.example|"
	    "email.to.address=x@corp.example|user.name=x|event.action=reject|"
	    "event.reason=554 5.7.1 <x@corp.example>: Relay access denied|"
	    "network.protocol=smtp|host.name=mx1"),
	OK("cleanup header check", H "postfix/cleanup[1235]: " QID ": reject: "
	    "header Content-Type: application/x-msdownload; "
	    "name=\"invoice.pdf.exe\" from mx.evil.example[203.0.113.25]; "
	    "from=<eve@evil.example> to=<alice@corp.example> proto=ESMTP "
	    "helo=<mx.evil.example>: 5.7.1 Executables are not allowed",
	    PT_HDR_MS, "source.ip=203.0.113.25|"
	    "email.from.address=eve@evil.example|"
	    "email.to.address=alice@corp.example|user.name=alice|"
	    "event.action=reject|event.reason=5.7.1 Executables are not "
	    "allowed|network.protocol=smtp|host.name=mx1"),
	OK("amavis infected", H "amavis[2345]: (02345-01) Blocked INFECTED "
	    "(Eicar-Signature) {DiscardedInbound,Quarantined}, "
	    "[203.0.113.25]:40123 [203.0.113.25] <eve@evil.example> -> "
	    "<alice@corp.example>,<bob@corp.example>, quarantine: virus-x, "
	    "Queue-ID: " QID ", Message-ID: <1@evil.example>, mail_id: x, "
	    "Hits: -, size: 12345, 812 ms", PT_HDR_MS,
	    "source.ip=203.0.113.25|email.from.address=eve@evil.example|"
	    "email.to.address=alice@corp.example,bob@corp.example|"
	    "event.action=Blocked|threat.category=INFECTED|"
	    "threat.name=Eicar-Signature|"
	    "event.reason=DiscardedInbound,Quarantined|"
	    "destination.bytes=12345|network.protocol=smtp|host.name=mx1"),
	OK("amavis banned: the parts are the file name", H "amavis[2345]: "
	    "(02345-02) Blocked BANNED (.exe,.exe-ms," JP ") "
	    "{DiscardedInbound,Quarantined}, [203.0.113.25]:40123 "
	    "[203.0.113.25] <eve@evil.example> -> <alice@corp.example>, "
	    "Queue-ID: " QID ", size: 20480, 90 ms", PT_HDR_MS,
	    "source.ip=203.0.113.25|email.from.address=eve@evil.example|"
	    "email.to.address=alice@corp.example|user.name=alice|"
	    "event.action=Blocked|"
	    "threat.category=BANNED|file.name=.exe,.exe-ms," JP "|"
	    "event.reason=DiscardedInbound,Quarantined|"
	    "destination.bytes=20480|network.protocol=smtp|host.name=mx1"),
	OK("amavis clean", H "amavis[2345]: (02345-03) Passed CLEAN "
	    "{RelayedInbound}, [198.51.100.7]:5000 [198.51.100.7] "
	    "<news@example.net> -> <carol@corp.example>, Queue-ID: " QID ", "
	    "Message-ID: <2@example.net>, mail_id: y, Hits: -1.1, size: 800, "
	    "queued_as: 8E2B11C0F3, 300 ms", PT_HDR_MS,
	    "source.ip=198.51.100.7|email.from.address=news@example.net|"
	    "email.to.address=carol@corp.example|user.name=carol|"
	    "event.action=Passed|"
	    "threat.category=CLEAN|event.reason=RelayedInbound|"
	    "destination.bytes=800|network.protocol=smtp|host.name=mx1"),
	OK("clamav-milter", H "clamav-milter[3456]: Message " QID " from "
	    "<eve@evil.example> to <alice@corp.example> infected by "
	    "Win.Trojan.Agent-1", PT_HDR_MS,
	    "email.from.address=eve@evil.example|"
	    "email.to.address=alice@corp.example|user.name=alice|"
	    "event.action=infected|threat.name=Win.Trojan.Agent-1|"
	    "network.protocol=smtp|host.name=mx1"),
	OK("no syslog header: the file's time", QID ": to=<a@b.example>, "
	    "relay=none, status=deferred (connect to b.example: timed out)",
	    PT_REF_MS, "email.to.address=a@b.example|user.name=a|"
	    "destination.domain=none|event.action=deferred|"
	    "event.reason=connect to b.example: timed out|"
	    "network.protocol=smtp"),
	NO("client line is kept, not an event", CLIENT, PARSE_SKIP, NULL),
	NO("from line", FROM, PARSE_SKIP, NULL),
	NO("removed", H "postfix/qmgr[1236]: " QID ": removed", PARSE_SKIP,
	    NULL),
	NO("connect", H "postfix/smtpd[1234]: connect from unknown"
	    "[203.0.113.25]", PARSE_SKIP, NULL),
	NO("statistics", H "postfix/anvil[77]: statistics: max connection "
	    "rate 1/60s for (smtp:203.0.113.25) at Mar 10 14:00:00",
	    PARSE_SKIP, NULL),
	NO("queue id too short", H "postfix/smtp[1]: ABC: to=<a@b>",
	    PARSE_SKIP, NULL),
	NO("blank", "\r", PARSE_SKIP, NULL),
};

/* An archive and its parts, as amavis chains them with " | ". */
START_TEST(test_banned_chain)
{
	static const char	 line[] = H "amavis[2345]: (02345-02) Blocked "
	    "BANNED (multipart/mixed | application/zip,.zip,invoice.zip | "
	    ".exe,.exe-ms,invoice.pdf.exe) {DiscardedInbound,Quarantined}, "
	    "[203.0.113.25]:40123 [203.0.113.25] <eve@evil.example> -> "
	    "<alice@corp.example>, Queue-ID: " QID ", size: 20480, 90 ms";
	const struct parser	*p = pt_parser("postfix");
	struct logevent		 ev;
	const char		*err;
	void			*st = pt_state(p, 0);

	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(pt_parse(p, st, line, sizeof(line) - 1, 0, &ev,
	    &err), PARSE_OK);
	ck_assert(slice_eq(ev.file_name, "multipart/mixed | application/zip,"
	    ".zip,invoice.zip | .exe,.exe-ms,invoice.pdf.exe"));
	ck_assert(slice_eq(ev.mail_to, "alice@corp.example"));
	pt_state_free(p, st);
	logevent_free(&ev);
}
END_TEST

/* One line, written by fmt, to the parser with state st. */
static enum parse_result __attribute__((format(printf, 3, 4)))
pf_line(void *st, struct logevent *ev, const char *fmt, ...)
{
	char	 line[160];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	return pt_parse(pt_parser("postfix"), st, line, (size_t)n, 0, ev,
	    &(const char *){ NULL });
}

#define PF_FROM	"Q%08dX: from=<u%d@x.example>, size=1, nrcpt=1 (queue active)"
#define PF_TO	"Q%08dX: to=<a@b.example>, status=sent (ok)"
#define PF_RM	"Q%08dX: removed"

/* The sender of id i's delivery is u<i>, or none when it was dropped. */
static void
pf_delivered(void *st, struct logevent *ev, int i, int kept)
{
	char	 want[32];

	ck_assert_int_eq(pf_line(st, ev, PF_TO, i), PARSE_OK);
	snprintf(want, sizeof(want), "u%d@x.example", i);
	if (kept)
		ck_assert_msg(slice_eq(ev->mail_from, want), "id %d lost", i);
	else
		ck_assert_msg(SLICE_EMPTY(ev->mail_from), "id %d kept", i);
}

/*
 * Queue ids that never complete: the oldest go once POSTFIX_MAXQ (4096)
 * newer ones are open, the newest stay.
 */
START_TEST(test_bounded)
{
	struct logevent	 ev;
	void		*st = pt_state(pt_parser("postfix"), 0);
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 10000; i++)
		ck_assert_int_eq(pf_line(st, &ev, PF_FROM, i, i), PARSE_SKIP);
	pf_delivered(st, &ev, 0, 0);
	pf_delivered(st, &ev, 9999 - 4095, 1);
	pf_delivered(st, &ev, 9999 - 4096, 0);
	pt_state_free(pt_parser("postfix"), st);
	logevent_free(&ev);
}
END_TEST

/* Removed ids free their room: open and close forever, lose nothing. */
START_TEST(test_removed_reused)
{
	struct logevent	 ev;
	void		*st = pt_state(pt_parser("postfix"), 0);
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 20000; i++) {
		(void)pf_line(st, &ev, PF_FROM, i, i);
		/* One id left open in three: 6667 of them, past the cap. */
		if (i % 3 == 0)
			continue;
		pf_delivered(st, &ev, i, 1);
		(void)pf_line(st, &ev, PF_RM, i);
	}
	pt_state_free(pt_parser("postfix"), st);
	logevent_free(&ev);
}
END_TEST

#define PT_SUITE	"postfix"
#define PT_ROW		"postfix", SRC_MAIL, \
	PARSER_SYSLOG | PARSER_SYSLOG_RELAY | PARSER_FOREIGN, 1
#define PT_GARBAGE	"<>[]:=,;() .0123456789ABCQabcfromtostatus@"
#define PT_SEED		2525
#define PT_MORE(tc) \
	do { \
		tcase_add_test(tc, test_bounded); \
		tcase_add_test(tc, test_banned_chain); \
		tcase_add_test(tc, test_removed_reused); \
	} while (0)
#include "parser_suite.h"
