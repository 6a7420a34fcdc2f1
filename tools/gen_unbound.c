/*
 * gen_unbound: deterministic, realistic Unbound log lines with
 * log-queries and log-replies for the tests and the benchmark: each
 * query's "info:" line, then its reply line a little later (NXDOMAIN and
 * SERVFAIL in the shares a resolver of an office sees).  -v picks the
 * time stamps: "file" ([epoch], the default), "ascii" (log-time-ascii),
 * "syslog" (rsyslog's file), or "mixed" (with Unbound's statistics and
 * notices among the lines).  -r writes replies only; -T tags replies
 * "info:" as Unbound does without log-tag-queryreply.  The same options
 * give the same bytes on every machine.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"

#define GEN_LINEMAX	1024

enum gen_variant {
	GEN_FILE,
	GEN_ASCII,
	GEN_SYSLOG,
	GEN_MIXED
};

/* Names that do not exist: typos, search-list suffixes, wpad, telemetry. */
static const char *const gen_nx[] = {
	"wpad.corp.example", "isatap.corp.example",
	"_ldap._tcp.pdc.corp.example",
	"www.microsoft.com.corp.example", "fileserver01.corp.example",
	"printer-3f.corp.example", "gooogle.com", "outlok.com",
	"localhost.corp.example", "teams.microsoft.com.corp.example",
};
#define GEN_NNX		(sizeof(gen_nx) / sizeof(gen_nx[0]))

static const struct gen_pick gen_qtypes[] = {
	{ 560, "A" }, { 840, "AAAA" }, { 900, "HTTPS" }, { 935, "PTR" },
	{ 955, "SRV" }, { 975, "TXT" }, { 985, "SOA" }, { 995, "MX" },
	{ 1000, "NS" },
};

static const char *const gen_other[] = {
	"info: server stats for thread 0: 1523 queries, 1011 answers from "
	    "cache, 512 recursions, 0 prefetch, 0 rejected by ip ratelimiting",
	"info: server stats for thread 0: requestlist max 12 avg 1.9 "
	    "exceeded 0 jostled 0",
	"notice: sendto failed: Network is unreachable",
	"info: generate keytag query _ta-4f66. NULL IN",
};
#define GEN_NOTHER	(sizeof(gen_other) / sizeof(gen_other[0]))

struct gen {
	struct gen_common c;
	char		**dest;
	enum gen_variant variant;
	int		 replies_only;
	int		 untagged;
	int64_t		 date_sec;
	char		 sdate[32];	/* "Mar 10 14:02:11" */
	char		 name[300];	/* the pending query */
	size_t		 namelen;
};

static void
gen_sdate(struct gen *g)
{
	int64_t		 s = (int64_t)(g->c.now_us / 1000000);
	struct tm	 tm;

	if (s == g->date_sec)
		return;
	g->date_sec = s;
	gen_gmtime(s, &tm);
	gen_bsd_time(&tm, g->sdate, sizeof(g->sdate));
}

/* Up to the message type, by variant; v is never GEN_MIXED here. */
static void
gen_prefix(struct gen *g, enum gen_variant v)
{
	switch (v) {
	case GEN_ASCII:
		gen_sdate(g);
		gen_puts(&g->c.out, g->sdate);
		gen_puts(&g->c.out, " unbound[812:0] ");
		break;
	case GEN_SYSLOG:
		gen_sdate(g);
		gen_puts(&g->c.out, g->sdate);
		gen_puts(&g->c.out, " resolver unbound: [812:0] ");
		break;
	default:
		gen_putc(&g->c.out, '[');
		gen_putu(&g->c.out, g->c.now_us / 1000000);
		gen_puts(&g->c.out, "] unbound[812:0] ");
		break;
	}
}

/* "10.20.x.y name. TYPE IN" */
static void
gen_question(struct gen *g, uint32_t ep, const char *qtype)
{
	gen_puts(&g->c.out, "10.20.");
	gen_putu(&g->c.out, ep / 254);
	gen_putc(&g->c.out, '.');
	gen_putu(&g->c.out, ep % 254 + 1);
	gen_putc(&g->c.out, ' ');
	gen_put(&g->c.out, g->name, g->namelen);
	gen_puts(&g->c.out, ". ");
	gen_puts(&g->c.out, qtype);
	gen_puts(&g->c.out, " IN");
}

/* Replies: most from the cache in microseconds, the rest recursed. */
static void
gen_reply(struct gen *g, uint32_t ep, const char *qtype, const char *rcode,
    enum gen_variant v)
{
	int		 cached = strcmp(rcode, "SERVFAIL") != 0 &&
	    gen_below(&g->c.rng, 100) < 62;
	uint64_t	 us;

	if (strcmp(rcode, "SERVFAIL") == 0)
		us = 1000000 + gen_below(&g->c.rng, 3000000);
	else if (cached)
		us = 5 + gen_below(&g->c.rng, 200);
	else
		us = 2000 + (uint64_t)gen_below(&g->c.rng, 400) *
		    gen_below(&g->c.rng, 400);
	gen_prefix(g, v);
	gen_puts(&g->c.out, g->untagged ? "info: " : "reply: ");
	gen_question(g, ep, qtype);
	gen_putc(&g->c.out, ' ');
	gen_puts(&g->c.out, rcode);
	gen_putc(&g->c.out, ' ');
	gen_putu(&g->c.out, us / 1000000);
	gen_putc(&g->c.out, '.');
	gen_putpad(&g->c.out, us % 1000000, 6, '0');
	gen_puts(&g->c.out, cached ? " 1 " : " 0 ");
	gen_putu(&g->c.out, 40 + g->namelen + (strcmp(rcode, "NOERROR") == 0 ?
	    16 * (1 + gen_below(&g->c.rng, 6)) :
	    60 + gen_below(&g->c.rng, 30)));
	gen_putc(&g->c.out, '\n');
}

/* The question's name into g->name, and its rcode. */
static const char *
gen_pick_name(struct gen *g)
{
	uint32_t	 r = gen_below(&g->c.rng, 1000);
	const char	*s;

	if (r < 85) {
		s = gen_nx[gen_below(&g->c.rng, GEN_NNX)];
		g->namelen = strlen(s);
		memcpy(g->name, s, g->namelen);
		return "NXDOMAIN";
	}
	s = g->dest[gen_pick_dest(&g->c.rng, g->c.ndest)];
	g->namelen = strlen(s);
	memcpy(g->name, s, g->namelen);
	if (r < 95)
		return "SERVFAIL";
	if (r < 97)
		return "REFUSED";
	return "NOERROR";
}

/* A query and its reply, or only one of them; returns the lines. */
static uint64_t
gen_exchange(struct gen *g, uint32_t ep, const char *rcode,
    enum gen_variant v, uint64_t room)
{
	const char	*qtype = gen_pick(&g->c.rng, gen_qtypes);

	if (!g->replies_only) {
		gen_prefix(g, v);
		gen_puts(&g->c.out, "info: ");
		gen_question(g, ep, qtype);
		gen_putc(&g->c.out, '\n');
		if (room < 2)
			return 1;
	}
	gen_reply(g, ep, qtype, rcode, v);
	return g->replies_only ? 1 : 2;
}

static uint64_t
gen_line(struct gen_common *c, uint64_t room)
{
	struct gen		*g = GEN_OF(c);
	enum gen_variant	 v = g->variant;
	uint32_t		 ep = gen_below(&g->c.rng, g->c.endpoints);
	const char		*rcode;

	if (v == GEN_MIXED) {
		v = (enum gen_variant)gen_below(&g->c.rng, 3);
		if (gen_below(&g->c.rng, 200) == 0) {
			gen_prefix(g, v);
			gen_puts(&g->c.out,
			    gen_other[gen_below(&g->c.rng, GEN_NOTHER)]);
			gen_putc(&g->c.out, '\n');
			return 1;
		}
	}
	rcode = gen_pick_name(g);
	return gen_exchange(g, ep, rcode, v, room);
}

/* An injected exchange, on top of the -n lines. */
static void
gen_injected(struct gen_common *c, const struct gen_inject *in)
{
	struct gen	*g = GEN_OF(c);

	memcpy(g->name, in->target, in->tlen);
	g->namelen = in->tlen;
	(void)gen_exchange(g, 0, "NOERROR",
	    g->variant == GEN_MIXED ? GEN_FILE : g->variant, 2);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: gen_unbound [-rT] [-n lines] [-e endpoints] "
	    "[-d destinations]\n"
	    "                   [-s seed] [-t start_epoch] "
	    "[-v file|ascii|syslog|mixed]\n"
	    "                   [-i domain:count] ...\n"
	    "Each query line is followed by its reply line (-r: replies "
	    "only).\n"
	    "Injected queries come from endpoint 10.20.0.1.\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	static const char *const variants[] = { "file", "ascii", "syslog",
	    "mixed" };
	struct gen	*g;
	int		 ch, ret;

	if ((g = gen_common_new(sizeof(*g), "gen_unbound")) == NULL)
		return 1;
	g->date_sec = -1;
	while ((ch = getopt(argc, argv, GEN_COMMON_OPTS "i:rTv:")) != -1) {
		if (ch == 'i')
			gen_inject_add(g->c.inject, &g->c.ninject, optarg, 255,
			    0);
		else if (ch == 'r')
			g->replies_only = 1;
		else if (ch == 'T')
			g->untagged = 1;
		else if (ch == 'v')
			g->variant = (enum gen_variant)gen_lookup(optarg,
			    variants, 4);
		else if (gen_common_opt(&g->c, ch, optarg) == -1)
			usage();
	}
	gen_common_end(argc);
	/* Time moves once per exchange: a query and its reply share it. */
	g->c.gap_us = gen_workday_gap(g->c.lines / (g->replies_only ? 1 : 2)
	    + 1);
	ret = gen_common_dest_run(&g->c, &g->dest, gen_dns_bases,
	    GEN_DNS_NBASES, gen_dns_subs, GEN_DNS_NSUBS, GEN_LINEMAX,
	    gen_line, gen_injected);
	free(g);
	return ret;
}
