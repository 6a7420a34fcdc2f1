/*
 * gen_paloalto: deterministic, realistic PAN-OS 10.x syslog CSV: TRAFFIC
 * end logs, THREAT url, virus, spyware and vulnerability logs, and a
 * few SYSTEM logs, with the fields at their documented positions.
 * Same options, same bytes.
 *
 *   gen_paloalto [-c] [-H bsd|iso|none] [-n lines] [-e endpoints]
 *       [-d destinations] [-s seed] [-t start_epoch]
 *
 * -c prints "N lines, M events" to stderr (SYSTEM logs are lines, not
 * events); -H picks the syslog header.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"

#define GEN_SERIAL	"012801096514"
#define GEN_DEVICE	"PA-5220-HQ"

enum gen_hdr { HDR_BSD, HDR_ISO, HDR_NONE };

struct gen {
	struct gen_common c;
	uint64_t	 lines;		/* written so far */
	uint64_t	 events;
	uint64_t	 session;
	uint64_t	 seq;
	char		 ts[80];	/* "2026/03/10 14:02:11" */
};

static const char *const gen_bases[] = {
	"microsoft.com", "windowsupdate.com", "office.com", "live.com",
	"google.com", "gstatic.com", "googleapis.com", "youtube.com",
	"apple.com", "icloud.com", "amazonaws.com", "cloudfront.net",
	"akamaized.net", "github.com", "slack.com", "zoom.us", "box.com",
	"salesforce.com", "dropbox.com", "adobe.com", "linkedin.com",
	"wikipedia.org", "yahoo.co.jp", "nikkei.com", "atlassian.net",
};
#define GEN_NBASES	(sizeof(gen_bases) / sizeof(gen_bases[0]))

struct gen_app {
	const char	*app;
	const char	*proto;
	int		 port;
	const char	*category;
};

static const struct gen_app gen_apps[] = {
	{ "ssl", "tcp", 443, "computer-and-internet-info" },
	{ "ssl", "tcp", 443, "business-and-economy" },
	{ "web-browsing", "tcp", 80, "news" },
	{ "ms-office365-base", "tcp", 443, "computer-and-internet-info" },
	{ "google-base", "tcp", 443, "search-engines" },
	{ "dns-base", "udp", 53, "any" },
	{ "ntp-base", "udp", 123, "any" },
	{ "quic", "udp", 443, "computer-and-internet-info" },
	{ "zoom", "udp", 8801, "online-meetings" },
	{ "incomplete", "tcp", 443, "any" },
};
#define GEN_NAPPS	(sizeof(gen_apps) / sizeof(gen_apps[0]))

static const char *const gen_ends[] = {
	"tcp-fin", "tcp-fin", "tcp-rst-from-client", "tcp-rst-from-server",
	"aged-out", "policy-deny",
};

static void
gen_header(struct gen *g)
{
	char		 ts[64];
	struct tm	 tm;

	gen_header_time(g->c.now_us, g->c.hdr, &tm, ts, sizeof(ts));
	snprintf(g->ts, sizeof(g->ts), "%04d/%02d/%02d %02d:%02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	if (g->c.hdr == HDR_BSD)
		printf("<14>%s " GEN_DEVICE " ", ts);
	else if (g->c.hdr == HDR_ISO)
		printf("%s " GEN_DEVICE " ", ts);
}

/* Fields 0 to 29: up to the protocol, and the comma after it. */
static void
gen_common(struct gen *g, const char *type, const char *subtype,
    const char *src, const char *dst, const char *user, const char *app,
    unsigned sport, unsigned dport, const char *proto)
{
	printf("1,%s," GEN_SERIAL ",%s,%s,2561,%s,%s,%s,%s,%s,allow-web,"
	    "%s,,%s,vsys1,trust,untrust,ethernet1/2,ethernet1/1,"
	    "default,%s,%" PRIu64 ",1,%u,%u,%u,%u,0x400064,%s,", g->ts, type,
	    subtype, g->ts, src, dst, strncmp(src, "10.", 3) == 0 ?
	    "198.51.100.1" : "0.0.0.0", strncmp(src, "10.", 3) == 0 ? dst :
	    "0.0.0.0", user, app, g->ts, g->session++, sport, dport,
	    10000 + gen_below(&g->c.rng, 50000), dport, proto);
}

static void
gen_user(struct gen *g, uint32_t ep, char *buf, size_t size)
{
	if (gen_below(&g->c.rng, 3) == 0)
		buf[0] = '\0';
	else
		snprintf(buf, size, "corp\\%s",
		    gen_fw_users[ep % GEN_FW_NUSERS]);
}

static void
gen_traffic(struct gen *g, uint32_t ep)
{
	const struct gen_app	*a = &gen_apps[gen_below(&g->c.rng, GEN_NAPPS)];
	char			 src[32], dst[32], user[32];
	uint64_t		 out, in;
	int			 deny = gen_below(&g->c.rng, 50) == 0;

	snprintf(src, sizeof(src), "10.20.%u.%u", ep / 254, ep % 254 + 1);
	gen_dest_ip(gen_below(&g->c.rng, g->c.ndest), dst, sizeof(dst));
	gen_user(g, ep, user, sizeof(user));
	out = deny ? 0 : gen_skewed(&g->c.rng, 60, a->proto[0] == 'u' ? 20000 :
	    2000000);
	in = deny ? 0 : gen_skewed(&g->c.rng, 60, 30000000);
	gen_common(g, "TRAFFIC", deny ? "deny" : "end", src, dst, user,
	    a->app, 1024 + gen_below(&g->c.rng, 64000), (unsigned)a->port,
	    a->proto);
	printf("%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%u,%s,%u,%s,0,%"
	    PRIu64 ",0x0,10.0.0.0-10.255.255.255,United States,0,%u,%u,%s,"
	    "0,0,0,0,," GEN_DEVICE ",from-policy,,,0,,0,,N/A,0,0,0,0\n",
	    deny ? "deny" : "allow", out + in, out, in,
	    2 + (unsigned)((out + in) / 1400), g->ts,
	    deny ? 0 : gen_below(&g->c.rng, 600), a->category, g->seq++,
	    1 + (unsigned)(out / 1400), 1 + (unsigned)(in / 1400),
	    deny ? "policy-deny" : gen_ends[gen_below(&g->c.rng, 5)]);
}

static void
gen_url(struct gen *g, uint32_t ep)
{
	uint32_t	 d = gen_below(&g->c.rng, g->c.ndest);
	char		 src[32], dst[32], user[32];
	int		 block = gen_below(&g->c.rng, 20) == 0;

	snprintf(src, sizeof(src), "10.20.%u.%u", ep / 254, ep % 254 + 1);
	gen_dest_ip(d, dst, sizeof(dst));
	gen_user(g, ep, user, sizeof(user));
	gen_common(g, "THREAT", "url", src, dst, user, "web-browsing",
	    1024 + gen_below(&g->c.rng, 64000), 80, "tcp");
	printf("%s,\"%s.%s/%s?id=%u\",(9999),%s,informational,"
	    "client-to-server,%" PRIu64 ",0x8000000000000000,"
	    "10.0.0.0-10.255.255.255,United States,0,text/html,0,,,1,"
	    "\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36\""
	    ",,,,,,,0,0,0,0,0,," GEN_DEVICE ",,,,get,0,,0,,N/A,unknown,"
	    "AppThreat-8600-7500,0x0,0,4294967295,,\"%s,low-risk\",,0\n",
	    block ? "block-url" : "alert", gen_fw_subs[d % GEN_FW_NSUBS],
	    gen_bases[d / GEN_FW_NSUBS % GEN_NBASES], block ? "dl/setup.exe" :
	    "index.html", gen_below(&g->c.rng, 100000), block ? "malware" :
	    "computer-and-internet-info", g->seq++, block ? "malware" :
	    "computer-and-internet-info");
}

static void
gen_threat(struct gen *g, uint32_t ep)
{
	static const char *const names[][3] = {
	    { "virus", "Eicar Test File(39040)", "eicar.com" },
	    { "spyware", "Cobalt Strike Beacon Detection(86246)", "" },
	    { "vulnerability",
	      "Apache Log4j Remote Code Execution Vulnerability(91991)", "" },
	};
	uint32_t	 k = gen_below(&g->c.rng, 3);
	char		 src[32], dst[32];

	snprintf(src, sizeof(src), "10.20.%u.%u", ep / 254, ep % 254 + 1);
	gen_dest_ip(gen_below(&g->c.rng, 100000), dst, sizeof(dst));
	gen_common(g, "THREAT", names[k][0], src, dst, "", "ssl",
	    1024 + gen_below(&g->c.rng, 64000), 443, "tcp");
	printf("%s,%s,%s,any,%s,client-to-server,%" PRIu64
	    ",0x2000000000000000,10.0.0.0-10.255.255.255,United States,"
	    "0,,0,,,0,,,,,,,,0,0,0,0,0,,"
	    GEN_DEVICE "\n", k == 0 ? "reset-both" : "alert", names[k][2],
	    names[k][1], k == 0 ? "medium" : "critical", g->seq++);
}

static void
gen_line(struct gen *g)
{
	uint32_t	 r = gen_below(&g->c.rng, 1000);
	uint32_t	 ep = gen_below(&g->c.rng, g->c.endpoints);

	g->c.now_us += (uint64_t)gen_below(&g->c.rng, 100) * 1000;
	gen_header(g);
	if (r < 10) {
		printf("1,%s," GEN_SERIAL ",SYSTEM,general,2561,%s,,general,,0,"
		    "0,general,informational,\"User admin logged in via Web "
		    "from 10.20.0.5 using https\",%" PRIu64 ",0x0,0,0,0,0,,"
		    GEN_DEVICE ",0,0,%s\n", g->ts, g->ts, g->seq++, g->ts);
		return;
	}
	g->events++;
	if (r < 870)
		gen_traffic(g, ep);
	else if (r < 980)
		gen_url(g, ep);
	else
		gen_threat(g, ep);
}

GEN_COMMON_USAGE("gen_paloalto", "bsd", "iso", "none")

int
main(int argc, char *argv[])
{
	static struct gen	 g;

	gen_common_args(&g.c, "gen_paloalto", argc, argv, hdrs);
	g.session = 100000;
	g.seq = 7000000000ULL;
	for (g.lines = 0; g.lines < g.c.lines; g.lines++)
		gen_line(&g);
	return gen_common_done(&g.c, g.lines, g.events);
}
