/*
 * gen_squid: deterministic, realistic Squid native access.log lines for
 * the demo, the tests and the benchmark.  The same options give the same
 * bytes on every machine: the generator has its own PRNG and no floating
 * point in what it prints.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

#define GEN_LINEMAX	1024
#define GEN_EP_PER16	(256 * 254)	/* endpoints a 10.x/16 holds */
#define GEN_EP_MAX	1000000		/* -e: 10.20/16 to 10.35/16 */

struct gen_base {
	const char	*name;
	int		 update;	/* serves installers over plain HTTP */
};

/* Popular destinations of an office LAN. */
static const struct gen_base gen_bases[] = {
	{ "microsoft.com", 1 }, { "windowsupdate.com", 1 },
	{ "office.com", 0 }, { "office365.com", 0 }, { "live.com", 0 },
	{ "outlook.com", 0 }, { "bing.com", 0 }, { "msn.com", 0 },
	{ "azureedge.net", 0 }, { "windows.net", 0 },
	{ "msftconnecttest.com", 0 }, { "skype.com", 0 },
	{ "google.com", 1 }, { "gstatic.com", 0 }, { "googleapis.com", 0 },
	{ "googleusercontent.com", 0 }, { "youtube.com", 0 },
	{ "ytimg.com", 0 }, { "doubleclick.net", 0 },
	{ "google-analytics.com", 0 }, { "apple.com", 1 },
	{ "icloud.com", 0 }, { "amazon.com", 0 }, { "amazonaws.com", 0 },
	{ "cloudfront.net", 0 }, { "akamaihd.net", 0 },
	{ "akamaized.net", 0 }, { "fastly.net", 0 }, { "cloudflare.com", 0 },
	{ "cdn.jsdelivr.net", 0 }, { "github.com", 0 },
	{ "githubusercontent.com", 0 }, { "slack.com", 0 },
	{ "slack-edge.com", 0 }, { "zoom.us", 1 }, { "salesforce.com", 0 },
	{ "force.com", 0 }, { "dropbox.com", 0 }, { "box.com", 0 },
	{ "adobe.com", 1 }, { "linkedin.com", 0 }, { "facebook.com", 0 },
	{ "fbcdn.net", 0 }, { "wikipedia.org", 0 }, { "wikimedia.org", 0 },
	{ "yahoo.co.jp", 0 }, { "yimg.jp", 0 }, { "nikkei.com", 0 },
	{ "atlassian.net", 0 }, { "atlassian.com", 0 }, { "okta.com", 0 },
	{ "webex.com", 1 }, { "digicert.com", 0 }, { "letsencrypt.org", 0 },
	{ "sentry.io", 0 }, { "newrelic.com", 0 }, { "docker.io", 0 },
	{ "npmjs.org", 0 }, { "pypi.org", 0 }, { "ubuntu.com", 1 },
	{ "mozilla.org", 0 }, { "mozilla.net", 1 }, { "trendmicro.com", 1 },
};
#define GEN_NBASES	(sizeof(gen_bases) / sizeof(gen_bases[0]))

static const char *const gen_subs[] = {
	"www", "api", "cdn", "static", "login", "mail", "update", "download",
	"assets", "img", "edge", "app", "docs", "portal", "files", "media",
	"auth", "ws", "events", "telemetry", "clients", "storage", "graph",
	"content", "secure", "m", "news", "support", "status", "ocsp",
};
#define GEN_NSUBS	(sizeof(gen_subs) / sizeof(gen_subs[0]))

static const char *const gen_users[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
	"ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor",
	"walter",
};
#define GEN_NUSERS	(sizeof(gen_users) / sizeof(gen_users[0]))

/* Paths of plain-HTTP requests, with the content type they return. */
struct gen_path {
	const char	*fmt;		/* %x: random hex, %u: random number */
	const char	*type;
	uint32_t	 min, max;	/* response size */
};

static const struct gen_path gen_paths[] = {
	{ "/", "text/html", 2000, 80000 },
	{ "/index.html", "text/html", 2000, 60000 },
	{ "/news/%u.html", "text/html", 8000, 120000 },
	{ "/static/js/app.%x.js", "application/javascript", 5000, 400000 },
	{ "/assets/main.%x.css", "text/css", 2000, 90000 },
	{ "/images/logo.png", "image/png", 1000, 60000 },
	{ "/img/%u.jpg", "image/jpeg", 5000, 300000 },
	{ "/favicon.ico", "image/x-icon", 300, 5000 },
	{ "/api/v1/items?id=%u", "application/json", 200, 20000 },
	{ "/api/v2/status?client=%x&v=3", "application/json", 100, 2000 },
	{ "/search?q=%x&lang=ja", "text/html", 10000, 90000 },
	{ "/track?cid=%x&ev=view&t=%u", "image/gif", 43, 43 },
};
#define GEN_NPATHS	(sizeof(gen_paths) / sizeof(gen_paths[0]))

static const struct gen_path gen_downloads[] = {
	{ "/download/setup-%u.exe", "application/octet-stream", 1000000,
	    80000000 },
	{ "/pub/installer/%x.msi", "application/octet-stream", 2000000,
	    60000000 },
	{ "/c/msdownload/update/%x.cab", "application/vnd.ms-cab-compressed",
	    100000, 30000000 },
};
#define GEN_NDOWNLOADS	(sizeof(gen_downloads) / sizeof(gen_downloads[0]))

struct gen {
	struct gen_common c;
	char		**dest;		/* domain names */
	char		(*dest_ip)[16];
	int		*dest_update;
	int		 users;
};

/*
 * A stable documentation-range address for a name.  192.0.2.0/24 is kept
 * for planted malicious infrastructure (the sample lists in rules/), so
 * benign traffic never lands on a listed address by chance.
 */
static void
gen_fake_ip(const char *name, size_t len, char *buf, size_t size)
{
	static const char *const nets[] = { "198.51.100", "203.0.113" };
	uint64_t	 h = gen_hash(name, len);

	snprintf(buf, size, "%s.%u", nets[h % 2], (unsigned)(h >> 8) % 254 + 1);
}

/* The server's address: the URL's own when it names an IPv4 address. */
static void
gen_inject_ip(const struct gen_inject *in, char *buf, size_t size)
{
	const char	*h = in->target + 7, *end = in->target + in->tlen;
	size_t		 n = 0;

	if (in->tlen > 7 && strncmp(in->target, "http://", 7) == 0) {
		while (h + n < end && n < size - 1 &&
		    strchr("0123456789.", h[n]) != NULL && h[n] != '\0')
			n++;
		if (n >= 7 && (h + n == end || h[n] == '/' || h[n] == ':')) {
			memcpy(buf, h, n);
			buf[n] = '\0';
			return;
		}
	}
	gen_fake_ip(in->target, in->tlen, buf, size);
}

/* "time elapsed client " */
static void
gen_head(struct gen *g, uint32_t ep, uint64_t elapsed)
{
	uint64_t	 ms = g->c.now_us / 1000;

	gen_putu(&g->c.out, ms / 1000);
	gen_putc(&g->c.out, '.');
	gen_putc(&g->c.out, (char)('0' + ms / 100 % 10));
	gen_putc(&g->c.out, (char)('0' + ms / 10 % 10));
	gen_putc(&g->c.out, (char)('0' + ms % 10));
	gen_putc(&g->c.out, ' ');
	gen_putpad(&g->c.out, elapsed, 6, ' ');
	/* 10.20.0.1 to 10.20.255.254, then 10.21.0.1 and on: 65,024 a /16. */
	gen_puts(&g->c.out, " 10.");
	gen_putu(&g->c.out, 20 + ep / GEN_EP_PER16);
	gen_putc(&g->c.out, '.');
	gen_putu(&g->c.out, ep % GEN_EP_PER16 / 254);
	gen_putc(&g->c.out, '.');
	gen_putu(&g->c.out, ep % 254 + 1);
	gen_putc(&g->c.out, ' ');
}

/* " user hierarchy type\n" */
static void
gen_tail(struct gen *g, uint32_t ep, const char *ip, const char *type)
{
	gen_putc(&g->c.out, ' ');
	/* One user per endpoint: alice, ..., walter, alice2, ... */
	if (g->users && gen_rand(&g->c.rng) & 1) {
		gen_puts(&g->c.out, gen_users[ep % GEN_NUSERS]);
		if (ep >= GEN_NUSERS)
			gen_putu(&g->c.out, ep / GEN_NUSERS + 1);
	} else
		gen_putc(&g->c.out, '-');
	if (ip != NULL) {
		gen_puts(&g->c.out, " HIER_DIRECT/");
		gen_puts(&g->c.out, ip);
	} else
		gen_puts(&g->c.out, " HIER_NONE/-");
	gen_putc(&g->c.out, ' ');
	gen_puts(&g->c.out, type);
	gen_putc(&g->c.out, '\n');
}

static void
gen_connect(struct gen_common *c, uint32_t ep, uint32_t d)
{
	struct gen	*g = GEN_OF(c);
	int		 denied = gen_below(&g->c.rng, 1000) < 8;

	gen_head(g, ep, denied ? gen_below(&g->c.rng, 3) :
	    gen_skewed(&g->c.rng, 60, 300000));
	gen_puts(&g->c.out, denied ? "TCP_DENIED/403 " : "TCP_TUNNEL/200 ");
	gen_putu(&g->c.out, denied ? 3900 + gen_below(&g->c.rng, 100) :
	    gen_skewed(&g->c.rng, 400, 8000000));
	gen_puts(&g->c.out, " CONNECT ");
	gen_puts(&g->c.out, g->dest[d]);
	gen_puts(&g->c.out, ":443");
	gen_tail(g, ep, denied ? NULL : g->dest_ip[d],
	    denied ? "text/html" : "-");
}

/* Result codes of plain-HTTP GETs, by cumulative percentage. */
struct gen_result {
	uint32_t	 upto;
	int		 status;
	int		 hit;		/* answered from the cache */
	const char	*code;
};

static const struct gen_result gen_results[] = {
	{ 60, 200, 0, "TCP_MISS" },
	{ 70, 200, 1, "TCP_MEM_HIT" },
	{ 76, 200, 1, "TCP_HIT" },
	{ 81, 304, 0, "TCP_REFRESH_UNMODIFIED" },
	{ 84, 304, 1, "TCP_IMS_HIT" },
	{ 89, 404, 0, "TCP_MISS" },
	{ 93, 302, 0, "TCP_MISS" },
	{ 95, 301, 0, "TCP_MISS" },
	{ 96, 503, 0, "TCP_MISS" },
	{ 100, 403, 0, "TCP_DENIED" },
};

static const struct gen_result *
gen_pick_result(struct gen *g)
{
	uint32_t	 r = gen_below(&g->c.rng, 100);
	size_t		 i = 0;

	while (r >= gen_results[i].upto)
		i++;
	return &gen_results[i];
}

static void
gen_http(struct gen_common *c, uint32_t ep, uint32_t d, int post)
{
	static const struct gen_result	 post_ok = { 100, 200, 0, "TCP_MISS" };
	struct gen			*g = GEN_OF(c);
	const struct gen_path		*p;
	const struct gen_result		*res;
	const char			*type;
	uint64_t			 bytes;

	if (g->dest_update[d] && !post && gen_below(&g->c.rng, 10) < 3)
		p = &gen_downloads[gen_below(&g->c.rng, GEN_NDOWNLOADS)];
	else
		p = &gen_paths[gen_below(&g->c.rng, GEN_NPATHS)];
	res = post ? &post_ok : gen_pick_result(g);
	bytes = gen_skewed(&g->c.rng, p->min, p->max);
	type = post ? "application/json" : p->type;
	if (res->status == 304) {
		bytes = 250 + gen_below(&g->c.rng, 200);
		type = "-";
	} else if (res->status == 403) {
		bytes = 3900 + gen_below(&g->c.rng, 100);
		type = "text/html";
	} else if (res->status != 200) {
		bytes = 400 + gen_below(&g->c.rng, 1200);
		type = "text/html";
	}
	gen_head(g, ep, res->hit ? gen_below(&g->c.rng, 5) :
	    gen_skewed(&g->c.rng, 5, bytes > 1000000 ? 60000 : 2000));
	gen_puts(&g->c.out, res->code);
	gen_putc(&g->c.out, '/');
	gen_putu(&g->c.out, (uint64_t)res->status);
	gen_putc(&g->c.out, ' ');
	gen_putu(&g->c.out, bytes);
	gen_puts(&g->c.out, post ? " POST http://" : " GET http://");
	gen_puts(&g->c.out, g->dest[d]);
	gen_putpath(&g->c.out, &g->c.rng, post ? "/api/v1/events?client=%x" :
	    p->fmt);
	gen_tail(g, ep, res->hit || res->status == 403 ? NULL :
	    g->dest_ip[d], type);
}

static void
gen_error_line(struct gen_common *c, uint32_t ep)
{
	struct gen	*g = GEN_OF(c);

	gen_head(g, ep, 0);
	gen_puts(&g->c.out,
	    "NONE_NONE/000 0 NONE error:transaction-end-before-headers");
	gen_tail(g, ep, NULL, "-");
}

static const struct gen_web gen_web = {
	gen_connect, gen_http, gen_error_line
};

static uint64_t
gen_line(struct gen_common *c, uint64_t left)
{
	(void)left;
	return gen_web_line(c, &gen_web, 720);
}

/* The injected requests come from one endpoint: the first, 10.20.0.1. */
static void
gen_injected(struct gen_common *c, const struct gen_inject *in)
{
	struct gen	*g = GEN_OF(c);
	int		 url = strncmp(in->target, "http://", 7) == 0;
	size_t		 tl = in->tlen;
	char		 ip[16];

	gen_inject_ip(in, ip, sizeof(ip));
	gen_head(g, 0, gen_skewed(&g->c.rng, 40, 900));
	gen_puts(&g->c.out, url ? "TCP_MISS/200 " : "TCP_TUNNEL/200 ");
	gen_putu(&g->c.out, url ? gen_skewed(&g->c.rng, 300000, 900000) :
	    1200 + gen_below(&g->c.rng, 600));
	gen_puts(&g->c.out, url ? " GET " : " CONNECT ");
	gen_put(&g->c.out, in->target, tl);
	if (!url)
		gen_puts(&g->c.out, ":443");
	gen_tail(g, 0, ip, url ? "application/octet-stream" : "-");
}

/* Destination i: the bare base name first, then its subdomains. */
static int
gen_destinations(struct gen *g)
{
	char		 buf[256];
	uint32_t	 i, b;

	g->dest = calloc(g->c.ndest, sizeof(*g->dest));
	g->dest_ip = calloc(g->c.ndest, sizeof(*g->dest_ip));
	g->dest_update = calloc(g->c.ndest, sizeof(*g->dest_update));
	if (g->dest == NULL || g->dest_ip == NULL || g->dest_update == NULL)
		return -1;
	for (i = 0; i < g->c.ndest; i++) {
		b = i % GEN_NBASES;
		gen_dest_format(buf, sizeof(buf), gen_bases[b].name, b,
		    i / GEN_NBASES, gen_subs, GEN_NSUBS);
		if ((g->dest[i] = strdup(buf)) == NULL)
			return -1;
		gen_fake_ip(buf, strlen(buf), g->dest_ip[i],
		    sizeof(g->dest_ip[i]));
		g->dest_update[i] = gen_bases[b].update;
	}
	return 0;
}

static void
gen_free(struct gen *g)
{
	gen_dest_free(g->dest, g->c.ndest);
	free(g->dest_ip);
	free(g->dest_update);
	free(g);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: gen_squid [-u] [-n lines] [-e endpoints] [-d destinations]\n"
	    "                 [-s seed] [-t start_epoch] [-r lines_per_second]\n"
	    "                 [-i domain:count | -i http://url:count] ...\n"
	    "Injected requests come from endpoint 10.20.0.1.\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	struct gen	*g;
	uint64_t	 rate = 0;
	int		 ch;

	if ((g = gen_common_new(sizeof(*g), "gen_squid")) == NULL)
		return 1;
	g->c.max_endpoints = GEN_EP_MAX;
	while ((ch = getopt(argc, argv, GEN_COMMON_OPTS "i:r:u")) != -1) {
		if (ch == 'i')
			gen_inject_add(g->c.inject, &g->c.ninject, optarg, 512,
			    1);
		else if (ch == 'r')
			rate = gen_number(optarg, 1, 1000000);
		else if (ch == 'u')
			g->users = 1;
		else if (gen_common_opt(&g->c, ch, optarg) == -1)
			usage();
	}
	gen_common_end(argc);
	/* By default the lines spread over a working day. */
	g->c.gap_us = rate ? 1000000 / rate : gen_workday_gap(g->c.lines);
	if (gen_destinations(g) == -1) {
		perror("gen_squid");
		gen_free(g);
		return 1;
	}
	gen_common_run(&g->c, GEN_LINEMAX, gen_line, gen_injected);
	gen_free(g);
	return gen_finish("gen_squid");
}
