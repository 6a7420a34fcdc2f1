/*
 * gen_bind: deterministic, realistic BIND 9 query log lines for the
 * tests and the benchmark.  -v picks the variant: "file" (a file
 * channel with print-time, print-category and print-severity),
 * "syslog" (named's syslog channel as rsyslog writes it), "view"
 * (views configured), "ecs" (EDNS Client Subnet), or "mixed" (all of
 * them line by line, with named's other messages among them).  The same
 * options give the same bytes on every machine.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GEN_OUTBUF	(1 << 20)
#define GEN_LINEMAX	1024
#define GEN_WORKDAY_S	32400
#define GEN_MAXINJECT	64

enum gen_variant {
	GEN_FILE,
	GEN_SYSLOG,
	GEN_VIEW,
	GEN_ECS,
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

/* Query types of an office LAN, by cumulative per mille. */
struct gen_pick {
	uint32_t	 upto;
	const char	*s;
};

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

struct gen_inject {
	const char	*target;
	size_t		 tlen;
	uint64_t	 count;
	uint64_t	 done;
};

struct gen {
	uint64_t	 rng;
	uint64_t	 lines;
	uint32_t	 endpoints;
	uint32_t	 ndest;
	char		**dest;
	enum gen_variant variant;
	uint64_t	 now_us;
	uint64_t	 gap_us;
	int64_t		 date_sec;
	char		 date[32];	/* "10-Mar-2026 14:02:11" */
	char		 sdate[32];	/* "Mar 10 14:02:11" */
	struct gen_inject inject[GEN_MAXINJECT];
	size_t		 ninject;
	char		 out[GEN_OUTBUF];
	size_t		 outlen;
};

static uint64_t
gen_rand(struct gen *g)
{
	uint64_t	 z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t
gen_below(struct gen *g, uint32_t n)
{
	return (uint32_t)(((gen_rand(g) >> 32) * n) >> 32);
}

static const char *
gen_pick(struct gen *g, const struct gen_pick *t)
{
	uint32_t	 r = gen_below(g, 1000);

	while (r >= t->upto)
		t++;
	return t->s;
}

static void
gen_flush(struct gen *g)
{
	if (g->outlen > 0 && fwrite(g->out, 1, g->outlen, stdout) !=
	    g->outlen) {
		perror("gen_bind: write");
		exit(1);
	}
	g->outlen = 0;
}

static void
gen_put(struct gen *g, const char *s, size_t len)
{
	memcpy(g->out + g->outlen, s, len);
	g->outlen += len;
}

static void
gen_puts(struct gen *g, const char *s)
{
	gen_put(g, s, strlen(s));
}

static void
gen_putc(struct gen *g, char c)
{
	g->out[g->outlen++] = c;
}

static void
gen_putu(struct gen *g, uint64_t v)
{
	char	 tmp[24];
	int	 n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		gen_putc(g, tmp[--n]);
}

static void
gen_civil(int64_t days, int *y, int *m, int *d)
{
	int64_t		 z = days + 719468, era, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Both date forms of the current second, formatted once per second. */
static void
gen_dates(struct gen *g)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t		 s = (int64_t)(g->now_us / 1000000);
	int		 y, m, d, hh, mm, ss;

	if (s == g->date_sec)
		return;
	g->date_sec = s;
	gen_civil(s / 86400, &y, &m, &d);
	hh = (int)(s % 86400 / 3600);
	mm = (int)(s % 3600 / 60);
	ss = (int)(s % 60);
	snprintf(g->date, sizeof(g->date), "%02d-%s-%04d %02d:%02d:%02d", d,
	    mon[m - 1], y, hh, mm, ss);
	snprintf(g->sdate, sizeof(g->sdate), "%s %2d %02d:%02d:%02d",
	    mon[m - 1], d, hh, mm, ss);
}

/* The line's start up to the message, by variant. */
static void
gen_prefix(struct gen *g, enum gen_variant v, int category)
{
	uint32_t	 ms = (uint32_t)(g->now_us / 1000 % 1000);

	gen_dates(g);
	if (v == GEN_SYSLOG) {
		gen_puts(g, g->sdate);
		gen_puts(g, " ns1 named[812]: ");
		return;
	}
	gen_puts(g, g->date);
	gen_putc(g, '.');
	gen_putc(g, (char)('0' + ms / 100));
	gen_putc(g, (char)('0' + ms / 10 % 10));
	gen_putc(g, (char)('0' + ms % 10));
	gen_puts(g, category ? " queries: info: " : " ");
}

static void
gen_query(struct gen *g, uint32_t ep, const char *name, size_t nlen,
    const char *qtype, enum gen_variant v)
{
	static const char	 hex[] = "0123456789abcdef";
	const char		*flags = gen_pick(g, gen_flags);
	uint64_t		 h = gen_rand(g);
	int			 i;

	gen_prefix(g, v, 1);
	gen_puts(g, "client @0x7f");
	for (i = 0; i < 10; i++)
		gen_putc(g, hex[(h >> (i * 4)) & 0xf]);
	gen_puts(g, " 10.20.");
	gen_putu(g, ep / 254);
	gen_putc(g, '.');
	gen_putu(g, ep % 254 + 1);
	gen_putc(g, '#');
	gen_putu(g, 1024 + (h >> 40) % 64511);
	gen_puts(g, " (");
	gen_put(g, name, nlen);
	gen_puts(g, v == GEN_VIEW ? "): view internal: query: " :
	    "): query: ");
	gen_put(g, name, nlen);
	gen_puts(g, " IN ");
	gen_puts(g, qtype);
	gen_putc(g, ' ');
	gen_puts(g, flags);
	gen_puts(g, (h >> 60) & 1 ? " (10.1.0.53)" : " (10.1.0.54)");
	if (v == GEN_ECS) {
		gen_puts(g, " [ECS 10.20.");
		gen_putu(g, ep / 254);
		gen_puts(g, ".0/24/0]");
	}
	gen_putc(g, '\n');
}

/* A reverse lookup of a LAN address. */
static void
gen_ptr(struct gen *g, uint32_t ep, enum gen_variant v)
{
	char		 name[64];
	uint32_t	 host = gen_below(g, 254) + 1, net = gen_below(g, 4);
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

static uint32_t
gen_pick_dest(struct gen *g)
{
	uint64_t	 a = gen_rand(g) >> 32, b = gen_rand(g) >> 32;

	return (uint32_t)((((a * b) >> 32) * g->ndest) >> 32);
}

static void
gen_line(struct gen *g)
{
	enum gen_variant	 v = g->variant;
	uint32_t		 ep = gen_below(g, g->endpoints), d;
	const char		*qtype = gen_pick(g, gen_qtypes);

	if (v == GEN_MIXED) {
		v = (enum gen_variant)gen_below(g, 4);
		if (gen_below(g, 100) == 0) {
			gen_prefix(g, GEN_FILE, 0);
			gen_puts(g, gen_other[gen_below(g, GEN_NOTHER)]);
			gen_putc(g, '\n');
			return;
		}
	}
	if (strcmp(qtype, "PTR") == 0)
		gen_ptr(g, ep, v);
	else if (strcmp(qtype, "SRV") == 0)
		gen_srv(g, ep, v);
	else {
		d = gen_pick_dest(g);
		gen_query(g, ep, g->dest[d], strlen(g->dest[d]), qtype, v);
	}
}

static void
gen_run(struct gen *g)
{
	struct gen_inject	*in;
	uint64_t		 i;
	size_t			 j;

	for (i = 0; i < g->lines; i++) {
		for (j = 0; j < g->ninject; j++) {
			in = &g->inject[j];
			while (in->done < in->count && (in->done + 1) *
			    g->lines / (in->count + 1) <= i) {
				gen_query(g, 0, in->target, in->tlen, "A",
				    g->variant == GEN_MIXED ? GEN_FILE :
				    g->variant);
				in->done++;
				if (g->outlen > GEN_OUTBUF - GEN_LINEMAX)
					gen_flush(g);
			}
		}
		gen_line(g);
		if (g->outlen > GEN_OUTBUF - GEN_LINEMAX)
			gen_flush(g);
		g->now_us += gen_rand(g) % (2 * g->gap_us + 1);
	}
	gen_flush(g);
}

static int
gen_destinations(struct gen *g)
{
	char		 buf[256];
	uint32_t	 i, b, k, s;

	if ((g->dest = calloc(g->ndest, sizeof(*g->dest))) == NULL)
		return -1;
	for (i = 0; i < g->ndest; i++) {
		b = i % GEN_NBASES;
		k = i / GEN_NBASES;
		s = (k - 1 + 7 * b) % GEN_NSUBS;
		if (k == 0)
			snprintf(buf, sizeof(buf), "%s", gen_bases[b]);
		else if (k - 1 < GEN_NSUBS)
			snprintf(buf, sizeof(buf), "%s.%s", gen_subs[s],
			    gen_bases[b]);
		else
			snprintf(buf, sizeof(buf), "%s%u.%s", gen_subs[s],
			    (unsigned)((k - 1) / GEN_NSUBS + 1), gen_bases[b]);
		if ((g->dest[i] = strdup(buf)) == NULL)
			return -1;
	}
	return 0;
}

static void
gen_free(struct gen *g)
{
	uint32_t	 i;

	for (i = 0; g->dest != NULL && i < g->ndest; i++)
		free(g->dest[i]);
	free(g->dest);
	free(g);
}

static void __attribute__((__noreturn__))
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

static uint64_t
gen_number(const char *s, uint64_t min, uint64_t max)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	if (*s < '0' || *s > '9')
		usage();
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		usage();
	return v;
}

static enum gen_variant
gen_variant(const char *s)
{
	static const char *const names[] = { "file", "syslog", "view", "ecs",
	    "mixed" };
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum gen_variant)i;
	usage();
}

static void
gen_add_inject(struct gen *g, const char *arg)
{
	struct gen_inject	*in;
	const char		*colon = strrchr(arg, ':');

	if (g->ninject == GEN_MAXINJECT || colon == NULL || colon == arg ||
	    colon - arg > 255 || memchr(arg, ' ', (size_t)(colon - arg)))
		usage();
	in = &g->inject[g->ninject++];
	in->target = arg;
	in->tlen = (size_t)(colon - arg);
	in->count = gen_number(colon + 1, 1, 100000000);
}

int
main(int argc, char *argv[])
{
	struct gen	*g;
	uint64_t	 start = 1773100800;
	int		 ch;

	if ((g = calloc(1, sizeof(*g))) == NULL) {
		perror("gen_bind");
		return 1;
	}
	g->lines = 10000;
	g->endpoints = 50;
	g->ndest = 500;
	g->rng = 1;
	g->date_sec = -1;
	while ((ch = getopt(argc, argv, "d:e:i:n:s:t:v:")) != -1) {
		switch (ch) {
		case 'd':
			g->ndest = (uint32_t)gen_number(optarg, 1, 1000000);
			break;
		case 'e':
			g->endpoints = (uint32_t)gen_number(optarg, 1, 65000);
			break;
		case 'i':
			gen_add_inject(g, optarg);
			break;
		case 'n':
			g->lines = gen_number(optarg, 0, 10000000000ULL);
			break;
		case 's':
			g->rng = gen_number(optarg, 0, UINT64_MAX);
			break;
		case 't':
			start = gen_number(optarg, 0, 100000000000ULL);
			break;
		case 'v':
			g->variant = gen_variant(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	g->gap_us = (uint64_t)GEN_WORKDAY_S * 1000000 /
	    (g->lines ? g->lines : 1);
	g->now_us = start * 1000000;
	if (gen_destinations(g) == -1) {
		perror("gen_bind");
		gen_free(g);
		return 1;
	}
	gen_run(g);
	gen_free(g);
	if (fflush(stdout) != 0) {
		perror("gen_bind: write");
		return 1;
	}
	return 0;
}
