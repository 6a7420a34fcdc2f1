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

static const char *const gen_bases[] = {
	"microsoft.com", "windowsupdate.com", "office.com", "office365.com",
	"live.com", "outlook.com", "bing.com", "msn.com", "azureedge.net",
	"windows.net", "skype.com", "google.com", "gstatic.com",
	"googleapis.com", "youtube.com", "ytimg.com", "doubleclick.net",
	"apple.com", "icloud.com", "amazon.com", "amazonaws.com",
	"cloudfront.net", "akamaihd.net", "akamaized.net", "fastly.net",
	"cloudflare.com", "github.com", "slack.com", "zoom.us",
	"salesforce.com", "dropbox.com", "adobe.com", "linkedin.com",
	"facebook.com", "wikipedia.org", "yahoo.co.jp", "nikkei.com",
	"atlassian.net", "okta.com", "webex.com", "digicert.com",
	"ubuntu.com", "mozilla.org", "trendmicro.com",
};
#define GEN_NBASES	(sizeof(gen_bases) / sizeof(gen_bases[0]))

static const char *const gen_subs[] = {
	"www", "api", "cdn", "static", "login", "mail", "update", "download",
	"assets", "img", "edge", "app", "docs", "portal", "files", "media",
	"auth", "events", "telemetry", "clients", "ocsp", "crl",
};
#define GEN_NSUBS	(sizeof(gen_subs) / sizeof(gen_subs[0]))

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
	uint64_t	 rng;
	uint64_t	 lines;
	uint32_t	 endpoints;
	uint32_t	 ndest;
	char		**dest;
	enum gen_variant variant;
	int		 replies_only;
	int		 untagged;
	uint64_t	 now_us;
	uint64_t	 gap_us;
	int64_t		 date_sec;
	char		 sdate[32];	/* "Mar 10 14:02:11" */
	char		 name[300];	/* the pending query */
	size_t		 namelen;
	struct gen_inject inject[GEN_MAXINJECT];
	size_t		 ninject;
	struct gen_out	 out;
};

static void
gen_sdate(struct gen *g)
{
	int64_t		 s = (int64_t)(g->now_us / 1000000);
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
		gen_puts(&g->out, g->sdate);
		gen_puts(&g->out, " unbound[812:0] ");
		break;
	case GEN_SYSLOG:
		gen_sdate(g);
		gen_puts(&g->out, g->sdate);
		gen_puts(&g->out, " resolver unbound: [812:0] ");
		break;
	default:
		gen_putc(&g->out, '[');
		gen_putu(&g->out, g->now_us / 1000000);
		gen_puts(&g->out, "] unbound[812:0] ");
		break;
	}
}

/* "10.20.x.y name. TYPE IN" */
static void
gen_question(struct gen *g, uint32_t ep, const char *qtype)
{
	gen_puts(&g->out, "10.20.");
	gen_putu(&g->out, ep / 254);
	gen_putc(&g->out, '.');
	gen_putu(&g->out, ep % 254 + 1);
	gen_putc(&g->out, ' ');
	gen_put(&g->out, g->name, g->namelen);
	gen_puts(&g->out, ". ");
	gen_puts(&g->out, qtype);
	gen_puts(&g->out, " IN");
}

/* Replies: most from the cache in microseconds, the rest recursed. */
static void
gen_reply(struct gen *g, uint32_t ep, const char *qtype, const char *rcode,
    enum gen_variant v)
{
	int		 cached = strcmp(rcode, "SERVFAIL") != 0 &&
	    gen_below(&g->rng, 100) < 62;
	uint64_t	 us;

	if (strcmp(rcode, "SERVFAIL") == 0)
		us = 1000000 + gen_below(&g->rng, 3000000);
	else if (cached)
		us = 5 + gen_below(&g->rng, 200);
	else
		us = 2000 + (uint64_t)gen_below(&g->rng, 400) *
		    gen_below(&g->rng, 400);
	gen_prefix(g, v);
	gen_puts(&g->out, g->untagged ? "info: " : "reply: ");
	gen_question(g, ep, qtype);
	gen_putc(&g->out, ' ');
	gen_puts(&g->out, rcode);
	gen_putc(&g->out, ' ');
	gen_putu(&g->out, us / 1000000);
	gen_putc(&g->out, '.');
	gen_putpad(&g->out, us % 1000000, 6, '0');
	gen_puts(&g->out, cached ? " 1 " : " 0 ");
	gen_putu(&g->out, 40 + g->namelen + (strcmp(rcode, "NOERROR") == 0 ?
	    16 * (1 + gen_below(&g->rng, 6)) : 60 + gen_below(&g->rng, 30)));
	gen_putc(&g->out, '\n');
}

/* The question's name into g->name, and its rcode. */
static const char *
gen_pick_name(struct gen *g)
{
	uint32_t	 r = gen_below(&g->rng, 1000);
	const char	*s;

	if (r < 85) {
		s = gen_nx[gen_below(&g->rng, GEN_NNX)];
		g->namelen = strlen(s);
		memcpy(g->name, s, g->namelen);
		return "NXDOMAIN";
	}
	s = g->dest[gen_pick_dest(&g->rng, g->ndest)];
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
	const char	*qtype = gen_pick(&g->rng, gen_qtypes);

	if (!g->replies_only) {
		gen_prefix(g, v);
		gen_puts(&g->out, "info: ");
		gen_question(g, ep, qtype);
		gen_putc(&g->out, '\n');
		if (room < 2)
			return 1;
	}
	gen_reply(g, ep, qtype, rcode, v);
	return g->replies_only ? 1 : 2;
}

static uint64_t
gen_line(struct gen *g, uint64_t room)
{
	enum gen_variant	 v = g->variant;
	uint32_t		 ep = gen_below(&g->rng, g->endpoints);
	const char		*rcode;

	if (v == GEN_MIXED) {
		v = (enum gen_variant)gen_below(&g->rng, 3);
		if (gen_below(&g->rng, 200) == 0) {
			gen_prefix(g, v);
			gen_puts(&g->out,
			    gen_other[gen_below(&g->rng, GEN_NOTHER)]);
			gen_putc(&g->out, '\n');
			return 1;
		}
	}
	rcode = gen_pick_name(g);
	return gen_exchange(g, ep, rcode, v, room);
}

static void
gen_run(struct gen *g)
{
	struct gen_inject	*in;
	enum gen_variant	 v;
	uint64_t		 i;
	size_t			 j;

	v = g->variant == GEN_MIXED ? GEN_FILE : g->variant;
	/* Injected exchanges come on top of the -n lines. */
	for (i = 0; i < g->lines; ) {
		for (j = 0; j < g->ninject; j++) {
			in = &g->inject[j];
			while (gen_inject_due(in, g->lines, i)) {
				memcpy(g->name, in->target, in->tlen);
				g->namelen = in->tlen;
				(void)gen_exchange(g, 0, "NOERROR", v, 2);
				gen_reserve(&g->out, GEN_LINEMAX);
			}
		}
		i += gen_line(g, g->lines - i);
		gen_reserve(&g->out, GEN_LINEMAX);
		g->now_us += gen_rand(&g->rng) % (2 * g->gap_us + 1);
	}
	gen_flush(&g->out);
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
	uint64_t	 start = 1773100800;
	int		 ch;

	if ((g = calloc(1, sizeof(*g))) == NULL) {
		perror("gen_unbound");
		return 1;
	}
	g->lines = 10000;
	g->endpoints = 50;
	g->ndest = 500;
	g->rng = 1;
	g->date_sec = -1;
	g->out.name = "gen_unbound";
	while ((ch = getopt(argc, argv, "d:e:i:n:rs:t:Tv:")) != -1) {
		switch (ch) {
		case 'd':
			g->ndest = (uint32_t)gen_number(optarg, 1, 1000000);
			break;
		case 'e':
			g->endpoints = (uint32_t)gen_number(optarg, 1, 65000);
			break;
		case 'i':
			gen_inject_add(g->inject, &g->ninject, optarg, 255, 0);
			break;
		case 'n':
			g->lines = gen_number(optarg, 0, 10000000000ULL);
			break;
		case 'r':
			g->replies_only = 1;
			break;
		case 's':
			g->rng = gen_number(optarg, 0, UINT64_MAX);
			break;
		case 't':
			start = gen_number(optarg, 0, 100000000000ULL);
			break;
		case 'T':
			g->untagged = 1;
			break;
		case 'v':
			g->variant = (enum gen_variant)gen_lookup(optarg,
			    variants, 4);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	/* Time moves once per exchange: a query and its reply share it. */
	g->gap_us = (uint64_t)GEN_WORKDAY_S * 1000000 /
	    (g->lines / (g->replies_only ? 1 : 2) + 1);
	g->now_us = start * 1000000;
	if ((g->dest = gen_dest_new(g->ndest, gen_bases, GEN_NBASES, gen_subs,
	    GEN_NSUBS)) == NULL) {
		perror("gen_unbound");
		free(g);
		return 1;
	}
	gen_run(g);
	gen_dest_free(g->dest, g->ndest);
	free(g);
	return gen_finish("gen_unbound");
}
