/*
 * gen_combined: deterministic, realistic access log lines in Squid's
 * "combined" logformat (Apache combined plus %Ss:%Sh) for the tests and
 * the benchmark; -a writes plain Apache combined lines of a web server
 * instead.  The same options give the same bytes on every machine.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"

#define GEN_LINEMAX	2048

static const char *const gen_bases[] = {
	"microsoft.com", "windowsupdate.com", "office.com", "office365.com",
	"live.com", "outlook.com", "bing.com", "msn.com", "azureedge.net",
	"windows.net", "skype.com", "google.com", "gstatic.com",
	"googleapis.com", "youtube.com", "ytimg.com", "doubleclick.net",
	"apple.com", "icloud.com", "amazon.com", "amazonaws.com",
	"cloudfront.net", "akamaihd.net", "akamaized.net", "fastly.net",
	"cloudflare.com", "github.com", "githubusercontent.com", "slack.com",
	"zoom.us", "salesforce.com", "dropbox.com", "box.com", "adobe.com",
	"linkedin.com", "facebook.com", "wikipedia.org", "yahoo.co.jp",
	"yimg.jp", "nikkei.com", "atlassian.net", "okta.com", "webex.com",
	"digicert.com", "sentry.io", "docker.io", "npmjs.org", "pypi.org",
	"ubuntu.com", "mozilla.org", "trendmicro.com",
};
#define GEN_NBASES	(sizeof(gen_bases) / sizeof(gen_bases[0]))

static const char *const gen_subs[] = {
	"www", "api", "cdn", "static", "login", "mail", "update", "download",
	"assets", "img", "edge", "app", "docs", "portal", "files", "media",
	"auth", "events", "telemetry", "clients", "storage", "content",
};
#define GEN_NSUBS	(sizeof(gen_subs) / sizeof(gen_subs[0]))

static const char *const gen_users[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
	"ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor",
	"walter",
};
#define GEN_NUSERS	(sizeof(gen_users) / sizeof(gen_users[0]))

/* User agents of an office, by cumulative per mille. */
struct gen_ua {
	uint32_t	 upto;
	const char	*ua;
};

static const struct gen_ua gen_uas[] = {
	{ 420, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36" },
	{ 650, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 "
	    "Edg/122.0.2365.66" },
	{ 720, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) "
	    "Gecko/20100101 Firefox/123.0" },
	{ 790, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 "
	    "Safari/605.1.15" },
	{ 860, "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook "
	    "16.0.17328; Pro)" },
	{ 900, "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50" },
	{ 930, "Microsoft-CryptoAPI/10.0" },
	{ 950, "Teams/24033.811.2738.2546 Chrome/120.0.6099.291" },
	{ 965, "curl/8.5.0" },
	{ 975, "python-requests/2.31.0" },
	{ 985, "Java/17.0.10" },
	{ 1000, "-" },
};

struct gen_path {
	const char	*fmt;		/* %x: random hex, %u: random number */
	uint32_t	 min, max;	/* response size */
};

static const struct gen_path gen_paths[] = {
	{ "/", 2000, 80000 },
	{ "/index.html", 2000, 60000 },
	{ "/news/%u.html", 8000, 120000 },
	{ "/static/js/app.%x.js", 5000, 400000 },
	{ "/assets/main.%x.css", 2000, 90000 },
	{ "/images/logo.png", 1000, 60000 },
	{ "/img/%u.jpg", 5000, 300000 },
	{ "/favicon.ico", 300, 5000 },
	{ "/api/v1/items?id=%u", 200, 20000 },
	{ "/api/v2/status?client=%x&v=3", 100, 2000 },
	{ "/search?q=%x&lang=ja", 10000, 90000 },
	{ "/track?cid=%x&ev=view&t=%u", 43, 43 },
	{ "/download/setup-%u.exe", 1000000, 80000000 },
};
#define GEN_NPATHS	(sizeof(gen_paths) / sizeof(gen_paths[0]))

struct gen_result {
	uint32_t	 upto;		/* cumulative percentage */
	int		 status;
	const char	*code;		/* %Ss:%Sh */
};

static const struct gen_result gen_results[] = {
	{ 60, 200, "TCP_MISS:HIER_DIRECT" },
	{ 70, 200, "TCP_MEM_HIT:HIER_NONE" },
	{ 76, 200, "TCP_HIT:HIER_NONE" },
	{ 81, 304, "TCP_REFRESH_UNMODIFIED:HIER_DIRECT" },
	{ 84, 304, "TCP_IMS_HIT:HIER_NONE" },
	{ 89, 404, "TCP_MISS:HIER_DIRECT" },
	{ 93, 302, "TCP_MISS:HIER_DIRECT" },
	{ 95, 301, "TCP_MISS:HIER_DIRECT" },
	{ 96, 503, "TCP_MISS:HIER_DIRECT" },
	{ 100, 403, "TCP_DENIED:HIER_NONE" },
};

struct gen {
	struct gen_common c;
	char		**dest;
	int		 apache;
	int		 zone_min;	/* offset of the local time, minutes */
	int64_t		 date_sec;	/* second the cached date is for */
	char		 date[40];	/* "10/Mar/2026:14:02:11 +0100" */
	size_t		 datelen;
};

/* The CLF date of the current time, formatted once per second. */
static void
gen_date(struct gen *g)
{
	int64_t		 s = (int64_t)(g->c.now_us / 1000000);
	struct tm	 tm;
	int		 z;

	if (s == g->date_sec)
		return;
	z = g->zone_min < 0 ? -g->zone_min : g->zone_min;
	g->date_sec = s;
	gen_gmtime(s + g->zone_min * 60, &tm);
	g->datelen = (size_t)snprintf(g->date, sizeof(g->date),
	    "%02d/%s/%04d:%02d:%02d:%02d %c%02d%02d", tm.tm_mday,
	    gen_month(tm.tm_mon), tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, g->zone_min < 0 ? '-' : '+', z / 60, z % 60);
}

/* "client - user [date] " */
static void
gen_head(struct gen *g, uint32_t ep)
{
	gen_puts(&g->c.out, "10.20.");
	gen_putu(&g->c.out, ep / 254);
	gen_putc(&g->c.out, '.');
	gen_putu(&g->c.out, ep % 254 + 1);
	gen_puts(&g->c.out, " - ");
	if (gen_below(&g->c.rng, 3) == 0) {
		gen_puts(&g->c.out, gen_users[ep % GEN_NUSERS]);
		if (ep >= GEN_NUSERS)
			gen_putu(&g->c.out, ep / GEN_NUSERS + 1);
	} else
		gen_putc(&g->c.out, '-');
	gen_puts(&g->c.out, " [");
	gen_date(g);
	gen_put(&g->c.out, g->date, g->datelen);
	gen_puts(&g->c.out, "] \"");
}

/* The endpoint's browser: most endpoints use one user agent. */
static const char *
gen_pick_ua(struct gen *g, uint32_t ep)
{
	uint32_t	 r = gen_below(&g->c.rng, 10) < 8 ?
	    (ep * 2654435761U) % 1000 : gen_below(&g->c.rng, 1000);
	size_t		 i = 0;

	while (r >= gen_uas[i].upto)
		i++;
	return gen_uas[i].ua;
}

/* " status bytes "referrer" "ua" code\n" */
static void
gen_tail(struct gen *g, uint32_t ep, int status, uint64_t bytes,
    const char *ref, uint32_t refd, const char *code)
{
	gen_puts(&g->c.out, " HTTP/1.1\" ");
	gen_putu(&g->c.out, (uint64_t)status);
	gen_putc(&g->c.out, ' ');
	if (bytes == 0 && g->apache)
		gen_putc(&g->c.out, '-');
	else
		gen_putu(&g->c.out, bytes);
	if (ref != NULL) {
		gen_puts(&g->c.out, " \"https://");
		gen_puts(&g->c.out, g->dest[refd]);
		gen_puts(&g->c.out, ref);
		gen_puts(&g->c.out, "\" \"");
	} else
		gen_puts(&g->c.out, " \"-\" \"");
	gen_puts(&g->c.out, gen_pick_ua(g, ep));
	gen_putc(&g->c.out, '"');
	if (!g->apache) {
		gen_putc(&g->c.out, ' ');
		gen_puts(&g->c.out, code);
	}
	gen_putc(&g->c.out, '\n');
}

static void
gen_connect(struct gen_common *c, uint32_t ep, uint32_t d)
{
	struct gen	*g = GEN_OF(c);
	int		 denied = gen_below(&g->c.rng, 1000) < 8;

	gen_head(g, ep);
	gen_puts(&g->c.out, "CONNECT ");
	gen_puts(&g->c.out, g->dest[d]);
	gen_puts(&g->c.out, ":443");
	gen_tail(g, ep, denied ? 403 : 200, denied ?
	    3900 + gen_below(&g->c.rng, 100) :
	    gen_skewed(&g->c.rng, 400, 8000000), NULL, 0, denied ?
	    "TCP_DENIED:HIER_NONE" : "TCP_TUNNEL:HIER_DIRECT");
}

static void
gen_http(struct gen_common *c, uint32_t ep, uint32_t d, int post)
{
	struct gen		*g = GEN_OF(c);
	const struct gen_path	*p;
	const struct gen_result	*res = &gen_results[0];
	uint32_t		 r, refd;
	uint64_t		 bytes;
	int			 ref;

	p = &gen_paths[gen_below(&g->c.rng, GEN_NPATHS)];
	r = gen_below(&g->c.rng, 100);
	while (!post && r >= res->upto)
		res++;
	bytes = gen_skewed(&g->c.rng, p->min, p->max);
	if (res->status == 304)
		bytes = g->apache ? 0 : 250 + gen_below(&g->c.rng, 200);
	else if (res->status != 200)
		bytes = 400 + gen_below(&g->c.rng, 3600);
	gen_head(g, ep);
	gen_puts(&g->c.out, post ? "POST " : "GET ");
	if (!g->apache) {
		gen_puts(&g->c.out, "http://");
		gen_puts(&g->c.out, g->dest[d]);
	}
	gen_putpath(&g->c.out, &g->c.rng, post ? "/api/v1/events?client=%x" :
	    p->fmt);
	/* One call per statement: argument order would make it unportable. */
	ref = gen_below(&g->c.rng, 3) == 0;
	refd = gen_pick_dest(&g->c.rng, g->c.ndest);
	gen_tail(g, ep, res->status, bytes, ref ? "/" : NULL, refd,
	    res->code);
}

/* Squid's line for a client that sent nothing, Apache's 408. */
static void
gen_error_line(struct gen_common *c, uint32_t ep)
{
	struct gen	*g = GEN_OF(c);

	gen_head(g, ep);
	if (g->apache) {
		gen_puts(&g->c.out, "-\" 408 - \"-\" \"-\"\n");
		return;
	}
	gen_puts(&g->c.out, "NONE error:transaction-end-before-headers "
	    "HTTP/0.0\" 0 0 \"-\" \"-\" NONE_NONE:HIER_NONE\n");
}

static const struct gen_web gen_web = {
	gen_connect, gen_http, gen_error_line
};

static uint64_t
gen_line(struct gen_common *c, uint64_t left)
{
	(void)left;
	return gen_web_line(c, &gen_web, GEN_OF(c)->apache ? 0 : 700);
}

/* The injected requests come from one endpoint: the first, 10.20.0.1. */
static void
gen_injected(struct gen_common *c, const struct gen_inject *in)
{
	struct gen	*g = GEN_OF(c);
	int		 url = strncmp(in->target, "http://", 7) == 0;

	gen_head(g, 0);
	gen_puts(&g->c.out, url ? "GET " : "CONNECT ");
	gen_put(&g->c.out, in->target, in->tlen);
	if (!url)
		gen_puts(&g->c.out, ":443");
	gen_tail(g, 0, 200, url ? gen_skewed(&g->c.rng, 300000, 900000) :
	    1200 + gen_below(&g->c.rng, 600), NULL, 0,
	    url ? "TCP_MISS:HIER_DIRECT" : "TCP_TUNNEL:HIER_DIRECT");
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: gen_combined [-a] [-n lines] [-e endpoints] "
	    "[-d destinations]\n"
	    "                    [-s seed] [-t start_epoch] [-z +hhmm]\n"
	    "                    [-i domain:count | -i http://url:count] ...\n"
	    "-a writes Apache combined (no Squid codes, origin-form URLs).\n"
	    "Injected requests come from endpoint 10.20.0.1.\n");
	exit(1);
}

static int
gen_zone(const char *s)
{
	int	 v;

	if ((s[0] != '+' && s[0] != '-') || strlen(s) != 5 ||
	    strspn(s + 1, "0123456789") != 4)
		usage();
	v = ((s[1] - '0') * 10 + (s[2] - '0')) * 60 + (s[3] - '0') * 10 +
	    (s[4] - '0');
	if (v > 14 * 60)
		usage();
	return s[0] == '-' ? -v : v;
}

int
main(int argc, char *argv[])
{
	struct gen	*g;
	int		 ch, ret;

	if ((g = gen_common_new(sizeof(*g), "gen_combined")) == NULL)
		return 1;
	g->date_sec = -1;
	while ((ch = getopt(argc, argv, GEN_COMMON_OPTS "ai:z:")) != -1) {
		if (ch == 'a')
			g->apache = 1;
		else if (ch == 'i')
			gen_inject_add(g->c.inject, &g->c.ninject, optarg, 512,
			    1);
		else if (ch == 'z')
			g->zone_min = gen_zone(optarg);
		else if (gen_common_opt(&g->c, ch, optarg) == -1)
			usage();
	}
	gen_common_end(argc);
	g->c.gap_us = gen_workday_gap(g->c.lines);
	ret = gen_common_dest_run(&g->c, &g->dest, gen_bases, GEN_NBASES,
	    gen_subs, GEN_NSUBS, GEN_LINEMAX, gen_line, gen_injected);
	free(g);
	return ret;
}
