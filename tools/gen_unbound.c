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

struct gen_pick {
	uint32_t	 upto;		/* cumulative per mille */
	const char	*s;
};

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
		perror("gen_unbound: write");
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

/* Decimal, zero-padded to width. */
static void
gen_putu(struct gen *g, uint64_t v, int width)
{
	char	 tmp[24];
	int	 n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (width-- > n)
		gen_putc(g, '0');
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

static void
gen_sdate(struct gen *g)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t		 s = (int64_t)(g->now_us / 1000000);
	int		 y, m, d;

	if (s == g->date_sec)
		return;
	g->date_sec = s;
	gen_civil(s / 86400, &y, &m, &d);
	snprintf(g->sdate, sizeof(g->sdate), "%s %2d %02d:%02d:%02d",
	    mon[m - 1], d, (int)(s % 86400 / 3600), (int)(s % 3600 / 60),
	    (int)(s % 60));
}

/* Up to the message type, by variant; v is never GEN_MIXED here. */
static void
gen_prefix(struct gen *g, enum gen_variant v)
{
	switch (v) {
	case GEN_ASCII:
		gen_sdate(g);
		gen_puts(g, g->sdate);
		gen_puts(g, " unbound[812:0] ");
		break;
	case GEN_SYSLOG:
		gen_sdate(g);
		gen_puts(g, g->sdate);
		gen_puts(g, " resolver unbound: [812:0] ");
		break;
	default:
		gen_putc(g, '[');
		gen_putu(g, g->now_us / 1000000, 0);
		gen_puts(g, "] unbound[812:0] ");
		break;
	}
}

/* "10.20.x.y name. TYPE IN" */
static void
gen_question(struct gen *g, uint32_t ep, const char *qtype)
{
	gen_puts(g, "10.20.");
	gen_putu(g, ep / 254, 0);
	gen_putc(g, '.');
	gen_putu(g, ep % 254 + 1, 0);
	gen_putc(g, ' ');
	gen_put(g, g->name, g->namelen);
	gen_puts(g, ". ");
	gen_puts(g, qtype);
	gen_puts(g, " IN");
}

/* Replies: most from the cache in microseconds, the rest recursed. */
static void
gen_reply(struct gen *g, uint32_t ep, const char *qtype, const char *rcode,
    enum gen_variant v)
{
	int		 cached = strcmp(rcode, "SERVFAIL") != 0 &&
	    gen_below(g, 100) < 62;
	uint64_t	 us;

	if (strcmp(rcode, "SERVFAIL") == 0)
		us = 1000000 + gen_below(g, 3000000);
	else if (cached)
		us = 5 + gen_below(g, 200);
	else
		us = 2000 + (uint64_t)gen_below(g, 400) * gen_below(g, 400);
	gen_prefix(g, v);
	gen_puts(g, g->untagged ? "info: " : "reply: ");
	gen_question(g, ep, qtype);
	gen_putc(g, ' ');
	gen_puts(g, rcode);
	gen_putc(g, ' ');
	gen_putu(g, us / 1000000, 0);
	gen_putc(g, '.');
	gen_putu(g, us % 1000000, 6);
	gen_puts(g, cached ? " 1 " : " 0 ");
	gen_putu(g, 40 + g->namelen + (strcmp(rcode, "NOERROR") == 0 ?
	    16 * (1 + gen_below(g, 6)) : 60 + gen_below(g, 30)), 0);
	gen_putc(g, '\n');
}

static uint32_t
gen_pick_dest(struct gen *g)
{
	uint64_t	 a = gen_rand(g) >> 32, b = gen_rand(g) >> 32;

	return (uint32_t)((((a * b) >> 32) * g->ndest) >> 32);
}

/* The question's name into g->name, and its rcode. */
static const char *
gen_pick_name(struct gen *g)
{
	uint32_t	 r = gen_below(g, 1000);
	const char	*s;

	if (r < 85) {
		s = gen_nx[gen_below(g, GEN_NNX)];
		g->namelen = strlen(s);
		memcpy(g->name, s, g->namelen);
		return "NXDOMAIN";
	}
	s = g->dest[gen_pick_dest(g)];
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
	const char	*qtype = gen_pick(g, gen_qtypes);

	if (!g->replies_only) {
		gen_prefix(g, v);
		gen_puts(g, "info: ");
		gen_question(g, ep, qtype);
		gen_putc(g, '\n');
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
	uint32_t		 ep = gen_below(g, g->endpoints);
	const char		*rcode;

	if (v == GEN_MIXED) {
		v = (enum gen_variant)gen_below(g, 3);
		if (gen_below(g, 200) == 0) {
			gen_prefix(g, v);
			gen_puts(g, gen_other[gen_below(g, GEN_NOTHER)]);
			gen_putc(g, '\n');
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
			while (in->done < in->count && (in->done + 1) *
			    g->lines / (in->count + 1) <= i) {
				memcpy(g->name, in->target, in->tlen);
				g->namelen = in->tlen;
				(void)gen_exchange(g, 0, "NOERROR", v, 2);
				in->done++;
				if (g->outlen > GEN_OUTBUF - GEN_LINEMAX)
					gen_flush(g);
			}
		}
		i += gen_line(g, g->lines - i);
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
	static const char *const names[] = { "file", "ascii", "syslog",
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
		perror("gen_unbound");
		return 1;
	}
	g->lines = 10000;
	g->endpoints = 50;
	g->ndest = 500;
	g->rng = 1;
	g->date_sec = -1;
	while ((ch = getopt(argc, argv, "d:e:i:n:rs:t:Tv:")) != -1) {
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
			g->variant = gen_variant(optarg);
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
	if (gen_destinations(g) == -1) {
		perror("gen_unbound");
		gen_free(g);
		return 1;
	}
	gen_run(g);
	gen_free(g);
	if (fflush(stdout) != 0) {
		perror("gen_unbound: write");
		return 1;
	}
	return 0;
}
