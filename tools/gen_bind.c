/*
 * gen_bind: deterministic, realistic BIND 9 query log lines for the
 * tests and the benchmark.  -v picks the variant: "file" (a file
 * channel with print-time, print-category and print-severity),
 * "syslog" (named's syslog channel as rsyslog writes it), "view"
 * (views configured), "ecs" (EDNS Client Subnet), or "mixed" (all of
 * them line by line, with named's other messages among them).  The same
 * options give the same bytes on every machine.
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
	GEN_SYSLOG,
	GEN_VIEW,
	GEN_ECS,
	GEN_MIXED
};

/* Query types of an office LAN. */
static const struct gen_pick gen_qtypes[] = {
	{ 540, "A" }, { 820, "AAAA" }, { 880, "HTTPS" }, { 920, "PTR" },
	{ 945, "SRV" }, { 965, "TXT" }, { 980, "SOA" }, { 990, "MX" },
	{ 996, "NS" }, { 1000, "ANY" },
};

/* Flags: recursion desired, EDNS, cookie, TCP, DNSSEC OK, CD. */
static const struct gen_pick gen_flags[] = {
	{ 380, "+E(0)K" }, { 650, "+" }, { 860, "+E(0)" }, { 900, "+ED" },
	{ 930, "+E(0)DC" }, { 955, "+ET" }, { 975, "+E(0)TK" },
	{ 985, "+T" }, { 992, "-" }, { 997, "-E(0)" }, { 1000, "+SE(0)" },
};

static const char *const gen_other[] = {
	"general: info: zone corp.example/IN/internal: loaded serial "
	    "2026031001",
	"general: info: received control channel command 'reload'",
	"lame-servers: info: no valid RRSIG resolving "
	    "'_dmarc.example.net/DS/IN': 192.0.2.53#53",
	"resolver: info: resolver priming query complete",
	"security: info: client @0x7f2d4c0a2b60 10.20.9.9#5353 "
	    "(corp.example): zone transfer 'corp.example/AXFR/IN' denied",
};
#define GEN_NOTHER	(sizeof(gen_other) / sizeof(gen_other[0]))

struct gen {
	struct gen_common c;
	char		**dest;
	enum gen_variant variant;
	int64_t		 date_sec;
	char		 date[32];	/* "10-Mar-2026 14:02:11" */
	char		 sdate[32];	/* "Mar 10 14:02:11" */
};

/* Both date forms of the current second, formatted once per second. */
static void
gen_dates(struct gen *g)
{
	int64_t		 s = (int64_t)(g->c.now_us / 1000000);
	struct tm	 tm;

	if (s == g->date_sec)
		return;
	g->date_sec = s;
	gen_gmtime(s, &tm);
	snprintf(g->date, sizeof(g->date), "%02d-%s-%04d %02d:%02d:%02d",
	    tm.tm_mday, gen_month(tm.tm_mon), tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	gen_bsd_time(&tm, g->sdate, sizeof(g->sdate));
}

/* The line's start up to the message, by variant. */
static void
gen_prefix(struct gen *g, enum gen_variant v, int category)
{
	uint32_t	 ms = (uint32_t)(g->c.now_us / 1000 % 1000);

	gen_dates(g);
	if (v == GEN_SYSLOG) {
		gen_puts(&g->c.out, g->sdate);
		gen_puts(&g->c.out, " ns1 named[812]: ");
		return;
	}
	gen_puts(&g->c.out, g->date);
	gen_putc(&g->c.out, '.');
	gen_putc(&g->c.out, (char)('0' + ms / 100));
	gen_putc(&g->c.out, (char)('0' + ms / 10 % 10));
	gen_putc(&g->c.out, (char)('0' + ms % 10));
	gen_puts(&g->c.out, category ? " queries: info: " : " ");
}

static void
gen_query(struct gen *g, uint32_t ep, const char *name, size_t nlen,
    const char *qtype, enum gen_variant v)
{
	static const char	 hex[] = "0123456789abcdef";
	const char		*flags = gen_pick(&g->c.rng, gen_flags);
	uint64_t		 h = gen_rand(&g->c.rng);
	int			 i;

	gen_prefix(g, v, 1);
	gen_puts(&g->c.out, "client @0x7f");
	for (i = 0; i < 10; i++)
		gen_putc(&g->c.out, hex[(h >> (i * 4)) & 0xf]);
	gen_puts(&g->c.out, " 10.20.");
	gen_putu(&g->c.out, ep / 254);
	gen_putc(&g->c.out, '.');
	gen_putu(&g->c.out, ep % 254 + 1);
	gen_putc(&g->c.out, '#');
	gen_putu(&g->c.out, 1024 + (h >> 40) % 64511);
	gen_puts(&g->c.out, " (");
	gen_put(&g->c.out, name, nlen);
	gen_puts(&g->c.out, v == GEN_VIEW ? "): view internal: query: " :
	    "): query: ");
	gen_put(&g->c.out, name, nlen);
	gen_puts(&g->c.out, " IN ");
	gen_puts(&g->c.out, qtype);
	gen_putc(&g->c.out, ' ');
	gen_puts(&g->c.out, flags);
	gen_puts(&g->c.out, (h >> 60) & 1 ? " (10.1.0.53)" : " (10.1.0.54)");
	if (v == GEN_ECS) {
		gen_puts(&g->c.out, " [ECS 10.20.");
		gen_putu(&g->c.out, ep / 254);
		gen_puts(&g->c.out, ".0/24/0]");
	}
	gen_putc(&g->c.out, '\n');
}

/* A reverse lookup of a LAN address. */
static void
gen_ptr(struct gen *g, uint32_t ep, enum gen_variant v)
{
	char		 name[64];
	uint32_t	 host = gen_below(&g->c.rng, 254) + 1;
	uint32_t	 net = gen_below(&g->c.rng, 4);
	int		 n;

	n = snprintf(name, sizeof(name), "%u.%u.20.10.in-addr.arpa",
	    (unsigned)host, (unsigned)net);
	gen_query(g, ep, name, (size_t)n, "PTR", v);
}

static void
gen_srv(struct gen *g, uint32_t ep, enum gen_variant v)
{
	static const char	 name[] = "_ldap._tcp.dc._msdcs.corp.example";

	gen_query(g, ep, name, sizeof(name) - 1, "SRV", v);
}

static uint64_t
gen_line(struct gen_common *c, uint64_t left)
{
	struct gen		*g = GEN_OF(c);
	enum gen_variant	 v = g->variant;
	uint32_t		 ep = gen_below(&g->c.rng, g->c.endpoints), d;
	const char		*qtype = gen_pick(&g->c.rng, gen_qtypes);

	(void)left;
	if (v == GEN_MIXED) {
		v = (enum gen_variant)gen_below(&g->c.rng, 4);
		if (gen_below(&g->c.rng, 100) == 0) {
			gen_prefix(g, GEN_FILE, 0);
			gen_puts(&g->c.out,
			    gen_other[gen_below(&g->c.rng, GEN_NOTHER)]);
			gen_putc(&g->c.out, '\n');
			return 1;
		}
	}
	if (strcmp(qtype, "PTR") == 0)
		gen_ptr(g, ep, v);
	else if (strcmp(qtype, "SRV") == 0)
		gen_srv(g, ep, v);
	else {
		d = gen_pick_dest(&g->c.rng, g->c.ndest);
		gen_query(g, ep, g->dest[d], strlen(g->dest[d]), qtype, v);
	}
	return 1;
}

/* An injected query: an A query from endpoint 10.20.0.1. */
static void
gen_injected(struct gen_common *c, const struct gen_inject *in)
{
	struct gen	*g = GEN_OF(c);

	gen_query(g, 0, in->target, in->tlen, "A",
	    g->variant == GEN_MIXED ? GEN_FILE : g->variant);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: gen_bind [-n lines] [-e endpoints] [-d destinations] "
	    "[-s seed]\n"
	    "                [-t start_epoch] [-v file|syslog|view|ecs|mixed]\n"
	    "                [-i domain:count] ...\n"
	    "Injected queries come from endpoint 10.20.0.1.\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	static const char *const variants[] = { "file", "syslog", "view",
	    "ecs", "mixed" };
	struct gen	*g;
	int		 ch, ret;

	if ((g = gen_common_new(sizeof(*g), "gen_bind")) == NULL)
		return 1;
	g->date_sec = -1;
	while ((ch = getopt(argc, argv, GEN_COMMON_OPTS "i:v:")) != -1) {
		if (ch == 'i')
			gen_inject_add(g->c.inject, &g->c.ninject, optarg, 255,
			    0);
		else if (ch == 'v')
			g->variant = (enum gen_variant)gen_lookup(optarg,
			    variants, 5);
		else if (gen_common_opt(&g->c, ch, optarg) == -1)
			usage();
	}
	gen_common_end(argc);
	g->c.gap_us = gen_workday_gap(g->c.lines);
	ret = gen_common_dest_run(&g->c, &g->dest, gen_dns_bases,
	    GEN_DNS_NBASES, gen_dns_subs, GEN_DNS_NSUBS, GEN_LINEMAX,
	    gen_line, gen_injected);
	free(g);
	return ret;
}
