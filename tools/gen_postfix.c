/*
 * gen_postfix: deterministic, realistic /var/log/mail.log lines of an
 * office's inbound relay: Postfix's smtpd, cleanup, qmgr and lmtp lines
 * of each message, interleaved with the lines of other messages, amavis
 * verdicts, rejects at RCPT, connects and disconnects; or with -C,
 * clamd's own log (LogTime) of the same office's scans.  Same options,
 * same bytes.
 *
 *	gen_postfix [-C] [-c] [-n lines] [-e endpoints] [-d destinations]
 *	    [-s seed] [-t start_epoch] [-i sender:count]
 *
 * -i plants count messages from sender (an address) with the deceptive
 * attachment 見積もり用写真.xlsxs.exe, which amavis blocks as BANNED and
 * whose delivery is never made (not with -C); -c prints "N lines, M
 * events" to stderr.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"

#define GEN_LINEMAX	1024
#define GEN_OPEN	8	/* messages in flight at once */

struct gen_mail {
	char		 qid[16];
	uint32_t	 rcpt;		/* endpoint number of the recipient */
	uint32_t	 sender;
	int		 step;		/* next line of its life */
};

struct gen {
	struct gen_common c;
	int		 clamd;
	uint64_t	 lines;
	uint64_t	 events;
	struct gen_mail	 open[GEN_OPEN];
};

static const char *const gen_senders[] = {
	"news@mail.example.net", "billing@vendor.example.com",
	"noreply@cloud.example.org", "info@partner.example.co.jp",
	"support@saas.example.io", "hr@corp.example",
};
#define GEN_NSENDERS	(sizeof(gen_senders) / sizeof(gen_senders[0]))

static void
usage(void)
{
	fprintf(stderr, "usage: gen_postfix [-C] [-c] [-n lines] "
	    "[-e endpoints] [-d destinations]\n\t[-s seed] [-t start_epoch] "
	    "[-i sender:count]\n");
	exit(1);
}

/* One line with its syslog header, for program prog. */
static void __attribute__((format(printf, 3, 4)))
gen_line(struct gen *g, const char *prog, const char *fmt, ...)
{
	char		 ts[32];
	struct tm	 tm;
	va_list		 ap;
	int		 n;

	gen_header_time(g->c.now_us, 0, &tm, ts, sizeof(ts));
	n = snprintf(g->c.out.buf + g->c.out.len, GEN_LINEMAX, "%s mx1 %s: ",
	    ts, prog);
	g->c.out.len += (size_t)n;
	va_start(ap, fmt);
	n = vsnprintf(g->c.out.buf + g->c.out.len, GEN_LINEMAX - 64, fmt, ap);
	va_end(ap);
	g->c.out.len += (size_t)n < GEN_LINEMAX - 64 ? (size_t)n :
	    GEN_LINEMAX - 65;
	gen_putc(&g->c.out, '\n');
	g->lines++;
}

static void
gen_newqid(struct gen *g, char *qid)
{
	static const char	 b[] = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjk";
	int			 i;

	for (i = 0; i < 15; i++)
		qid[i] = b[gen_below(&g->c.rng, sizeof(b) - 1)];
	qid[15] = '\0';
}

/* The next line of message m: 0 when its life is over. */
static int
gen_step(struct gen *g, struct gen_mail *m)
{
	const char	*from = gen_senders[m->sender % GEN_NSENDERS];

	switch (m->step++) {
	case 0:
		gen_line(g, "postfix/smtpd[2211]", "%s: client=mail%u.example."
		    "net[198.51.100.%u]", m->qid, m->sender % 20,
		    m->sender % 20 + 10);
		return 1;
	case 1:
		gen_line(g, "postfix/cleanup[2212]", "%s: message-id=<%08x@"
		    "example.net>", m->qid, (unsigned)gen_rand(&g->c.rng));
		return 1;
	case 2:
		gen_line(g, "postfix/qmgr[2213]", "%s: from=<%s>, size=%u, "
		    "nrcpt=1 (queue active)", m->qid, from,
		    (unsigned)gen_skewed(&g->c.rng, 2000, 3000000));
		return 1;
	case 3:
		gen_line(g, "amavis[3311]", "(03311-%02u) Passed CLEAN "
		    "{RelayedInbound}, [198.51.100.%u]:%u [198.51.100.%u] <%s> "
		    "-> <user%u@corp.example>, Queue-ID: %s, mail_id: %08x, "
		    "Hits: -%u.%u, size: 5000, 412 ms", m->step,
		    m->sender % 20 + 10, 30000 + m->sender, m->sender % 20 + 10,
		    from, m->rcpt, m->qid, (unsigned)gen_rand(&g->c.rng),
		    gen_below(&g->c.rng, 3), gen_below(&g->c.rng, 10));
		g->events++;
		return 1;
	case 4:
		gen_line(g, "postfix/lmtp[2214]", "%s: to=<user%u@corp.example>, "
		    "relay=mbox.corp.example[10.20.0.30]:24, delay=0.%u, "
		    "delays=0.1/0/0/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok)",
		    m->qid, m->rcpt, gen_below(&g->c.rng, 10));
		g->events++;
		return 1;
	default:
		gen_line(g, "postfix/qmgr[2213]", "%s: removed", m->qid);
		return 0;
	}
}

static void
gen_noise(struct gen *g)
{
	uint32_t	 r = gen_below(&g->c.rng, 10);

	if (r < 6)
		gen_line(g, "postfix/smtpd[2211]", "connect from mail%u.example."
		    "net[198.51.100.%u]", r, r + 10);
	else if (r < 9)
		gen_line(g, "postfix/smtpd[2211]", "disconnect from mail%u."
		    "example.net[198.51.100.%u] ehlo=1 mail=1 rcpt=1 data=1 "
		    "quit=1 commands=5", r, r + 10);
	else {
		gen_line(g, "postfix/smtpd[2211]", "NOQUEUE: reject: RCPT from "
		    "unknown[203.0.113.%u]: 554 5.7.1 <x%u@corp.example>: "
		    "Relay access denied; from=<spam@bulk.example> "
		    "to=<x%u@corp.example> proto=ESMTP helo=<bulk>",
		    gen_below(&g->c.rng, 250) + 1, r, r);
		g->events++;
	}
}

/* A planted message: its attachment banned, its delivery never made. */
static void
gen_plant(struct gen_common *c, const struct gen_inject *in)
{
	struct gen	*g = GEN_OF(c);
	char		 qid[16];
	uint32_t	 rcpt = gen_below(&c->rng, c->endpoints);

	gen_newqid(g, qid);
	gen_line(g, "postfix/smtpd[2211]", "%s: client=unknown[192.0.2.66]",
	    qid);
	gen_line(g, "postfix/qmgr[2213]", "%s: from=<%.*s>, size=48213, "
	    "nrcpt=1 (queue active)", qid, (int)in->tlen, in->target);
	gen_line(g, "amavis[3311]", "(03311-99) Blocked BANNED (multipart/"
	    "mixed | application/x-msdownload,.exe,.exe-ms,"
	    "\xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a\xe7\x94\xa8"
	    "\xe5\x86\x99\xe7\x9c\x9f.xlsxs.exe) {DiscardedInbound,"
	    "Quarantined}, [192.0.2.66]:40123 [192.0.2.66] <%.*s> -> "
	    "<user%u@corp.example>, quarantine: banned-x, Queue-ID: %s, "
	    "size: 48213, 520 ms", (int)in->tlen, in->target, rcpt, qid);
	gen_line(g, "postfix/qmgr[2213]", "%s: removed", qid);
	g->events++;
}

/* clamd's own log: mostly self checks, a detection now and then. */
static uint64_t
gen_clamd(struct gen_common *c, uint64_t left)
{
	struct gen	*g = GEN_OF(c);
	char		 ts[32];
	struct tm	 tm;
	time_t		 t = (time_t)(c->now_us / 1000000);

	(void)left;
	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%a %b %e %H:%M:%S %Y", &tm);
	if (gen_below(&c->rng, 50) == 0) {
		printf("%s -> /var/lib/amavis/tmp/amavis-%08x/parts/p%03u: "
		    "Win.Test.EICAR_HDB-1 FOUND\n", ts,
		    (unsigned)gen_rand(&c->rng), gen_below(&c->rng, 9) + 1);
		g->events++;
	} else if (gen_below(&c->rng, 2) == 0)
		printf("%s -> /var/lib/amavis/tmp/amavis-%08x/parts/p%03u: OK\n",
		    ts, (unsigned)gen_rand(&c->rng), gen_below(&c->rng, 9) + 1);
	else
		printf("%s -> SelfCheck: Database status OK.\n", ts);
	g->lines++;
	return 1;
}

static uint64_t
gen_mail(struct gen_common *c, uint64_t left)
{
	struct gen	*g = GEN_OF(c);
	struct gen_mail	*m = &g->open[gen_below(&c->rng, GEN_OPEN)];
	uint64_t	 before = g->lines;

	(void)left;
	if (gen_below(&c->rng, 5) == 0) {
		gen_noise(g);
		return g->lines - before;
	}
	if (m->qid[0] == '\0') {
		gen_newqid(g, m->qid);
		m->rcpt = gen_below(&c->rng, c->endpoints);
		m->sender = gen_below(&c->rng, 1000);
		m->step = 0;
	}
	if (!gen_step(g, m))
		m->qid[0] = '\0';
	return g->lines - before;
}

int
main(int argc, char **argv)
{
	static struct gen	 g;
	int			 ch;

	gen_common_init(&g.c, "gen_postfix");
	while ((ch = getopt(argc, argv, "Cci:" GEN_COMMON_OPTS)) != -1) {
		if (ch == 'C')
			g.clamd = 1;
		else if (ch == 'i')
			gen_inject_add(g.c.inject, &g.c.ninject, optarg, 100, 0);
		else if (gen_common_opt(&g.c, ch, optarg) == -1)
			usage();
	}
	gen_common_end(argc);
	if (g.clamd && g.c.ninject > 0)
		usage();
	g.c.gap_us = gen_workday_gap(g.c.lines);
	if (g.clamd) {
		setvbuf(stdout, NULL, _IOFBF, 1 << 20);
		gen_common_run(&g.c, GEN_LINEMAX, gen_clamd, gen_plant);
	} else
		gen_common_run(&g.c, 4 * GEN_LINEMAX, gen_mail, gen_plant);
	return gen_common_done(&g.c, g.lines, g.events);
}
