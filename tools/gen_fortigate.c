/*
 * gen_fortigate: deterministic, realistic FortiGate (FortiOS 7.x)
 * key=value logs: forward traffic, local denies, web filter, IPS,
 * antivirus and system events, in FortiOS's key order, as rsyslog
 * writes what a FortiGate sends it.  Same options, same bytes.
 *
 *   gen_fortigate [-c] [-H bsd|pri|none] [-n lines] [-e endpoints]
 *       [-d destinations] [-s seed] [-t start_epoch]
 *
 * -c prints "N lines, M events" to stderr; -H picks what comes before
 * the message: an rsyslog BSD header (default), the PRI alone as sent
 * on the wire, or nothing (the FortiGate's own disk log format).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"

#define GEN_TZ_S	(9 * 3600)	/* the device's zone, +0900 */

enum gen_hdr { HDR_BSD, HDR_PRI, HDR_NONE };

struct gen {
	struct gen_common c;
	uint64_t	 lines;		/* written so far */
	uint64_t	 events;
	uint64_t	 session;
};

static const char *const gen_bases[] = {
	"microsoft.com", "windowsupdate.com", "office.com", "live.com",
	"google.com", "gstatic.com", "googleapis.com", "youtube.com",
	"apple.com", "icloud.com", "amazonaws.com", "cloudfront.net",
	"akamaized.net", "github.com", "slack.com", "zoom.us", "box.com",
	"salesforce.com", "dropbox.com", "adobe.com", "linkedin.com",
	"wikipedia.org", "yahoo.co.jp", "nikkei.com", "atlassian.net",
	"okta.com", "webex.com", "digicert.com", "ubuntu.com", "mozilla.org",
};
#define GEN_NBASES	(sizeof(gen_bases) / sizeof(gen_bases[0]))

/* Applications and the service and category that go with them. */
struct gen_app {
	const char	*app;
	const char	*cat;
	const char	*service;
	int		 proto;
	int		 port;
};

static const struct gen_app gen_apps[] = {
	{ "HTTPS.BROWSER", "Web.Client", "HTTPS", 6, 443 },
	{ "HTTPS.BROWSER", "Web.Client", "HTTPS", 6, 443 },
	{ "HTTP.BROWSER", "Web.Client", "HTTP", 6, 80 },
	{ "Microsoft.Office.365", "Collaboration", "HTTPS", 6, 443 },
	{ "Microsoft.Teams", "Collaboration", "HTTPS", 6, 443 },
	{ "Google.Services", "General.Interest", "HTTPS", 6, 443 },
	{ "Zoom", "Video/Audio", "udp/8801", 17, 8801 },
	{ "DNS", "Network.Service", "DNS", 17, 53 },
	{ "NTP", "Network.Service", "NTP", 17, 123 },
	{ "SSL", "Network.Service", "HTTPS", 6, 443 },
	{ "QUIC", "Network.Service", "udp/443", 17, 443 },
};
#define GEN_NAPPS	(sizeof(gen_apps) / sizeof(gen_apps[0]))

static const char *const gen_cats[] = {
	"Information Technology", "Business", "Search Engines and Portals",
	"News and Media", "Web-based Email", "Content Servers",
	"Social Networking", "Shopping", "Streaming Media and Download",
};
#define GEN_NCATS	(sizeof(gen_cats) / sizeof(gen_cats[0]))

static const char *const gen_attacks[] = {
	"MS.SMB.Server.Trans.Peeking.Data.Information.Disclosure",
	"Apache.Log4j.Error.Log.Remote.Code.Execution",
	"Nmap.Script.Scanner", "SSH.Brute.Force.Login",
	"Bash.Function.Definitions.Remote.Code.Execution",
};
#define GEN_NATTACKS	(sizeof(gen_attacks) / sizeof(gen_attacks[0]))

static const char *const gen_closes[] = {
	"close", "close", "close", "close", "timeout", "client-rst",
	"server-rst", "accept",
};
#define GEN_NCLOSES	(sizeof(gen_closes) / sizeof(gen_closes[0]))

static void
gen_dest_name(uint32_t d, char *buf, size_t size)
{
	snprintf(buf, size, "%s.%s", gen_fw_subs[d % GEN_FW_NSUBS],
	    gen_bases[d / GEN_FW_NSUBS % GEN_NBASES]);
}

/* Header, then date= time= devname= devid= eventtime= tz= */
static void
gen_head(struct gen *g, const char *logid, const char *type,
    const char *subtype, const char *level)
{
	char		 ts[64];
	time_t		 t = (time_t)(g->c.now_us / 1000000);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	if (g->c.hdr == HDR_BSD) {
		gen_bsd_time(&tm, ts, sizeof(ts));
		printf("%s 10.0.0.254 ", ts);
	} else if (g->c.hdr == HDR_PRI)
		printf("<189>");
	t += GEN_TZ_S;
	gmtime_r(&t, &tm);
	printf("date=%04d-%02d-%02d time=%02d:%02d:%02d devname=\"FGT-HQ\" "
	    "devid=\"FG100FTK19000001\" eventtime=%" PRIu64 "%06u "
	    "tz=\"+0900\" logid=\"%s\" type=\"%s\" subtype=\"%s\" "
	    "level=\"%s\" vd=\"root\" ", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, g->c.now_us / 1000,
	    gen_below(&g->c.rng, 1000000), logid, type, subtype, level);
}

static void
gen_src(struct gen *g, uint32_t ep)
{
	printf("srcip=10.20.%u.%u srcport=%u srcintf=\"port2\" "
	    "srcintfrole=\"lan\" ", ep / 254, ep % 254 + 1,
	    1024 + gen_below(&g->c.rng, 64000));
}

static void
gen_forward(struct gen *g, uint32_t ep)
{
	const struct gen_app	*a = &gen_apps[gen_below(&g->c.rng, GEN_NAPPS)];
	uint32_t		 d = gen_below(&g->c.rng, g->c.ndest);
	char			 ip[16], name[64];
	uint64_t		 out;

	out = a->proto == 17 ? gen_skewed(&g->c.rng, 60, 20000) :
	    gen_skewed(&g->c.rng, 200, 2000000);
	gen_dest_ip(d, ip, sizeof(ip));
	gen_dest_name(d, name, sizeof(name));
	gen_head(g, "0000000013", "traffic", "forward", "notice");
	gen_src(g, ep);
	printf("dstip=%s dstport=%d dstintf=\"wan1\" dstintfrole=\"wan\" "
	    "srccountry=\"Reserved\" dstcountry=\"%s\" sessionid=%" PRIu64
	    " proto=%d action=\"%s\" policyid=12 policyname=\"LAN-to-WAN\" "
	    "policytype=\"policy\" service=\"%s\" trandisp=\"snat\" "
	    "transip=198.51.100.1 transport=%u ", ip, a->port,
	    gen_below(&g->c.rng, 3) ? "United States" : "Japan", g->session++,
	    a->proto, gen_closes[gen_below(&g->c.rng, GEN_NCLOSES)], a->service,
	    10000 + gen_below(&g->c.rng, 50000));
	if (a->port == 443 || a->port == 80)
		printf("hostname=\"%s\" ", name);
	if (gen_below(&g->c.rng, 2))
		printf("user=\"%s\" ", gen_fw_users[ep % GEN_FW_NUSERS]);
	printf("app=\"%s\" appcat=\"%s\" apprisk=\"elevated\" "
	    "duration=%u sentbyte=%" PRIu64 " rcvdbyte=%" PRIu64
	    " sentpkt=%u rcvdpkt=%u\n", a->app, a->cat,
	    gen_below(&g->c.rng, 600),
	    out, a->proto == 17 ? gen_skewed(&g->c.rng, 60, 40000) :
	    gen_skewed(&g->c.rng, 0, 30000000), 1 + (unsigned)(out / 1400),
	    gen_below(&g->c.rng, 20000));
}

static void
gen_local_deny(struct gen *g)
{
	static const int ports[] = { 22, 23, 445, 3389, 8080, 1433, 5900 };
	char		 ip[16];
	int		 port = ports[gen_below(&g->c.rng, 7)];

	gen_dest_ip(gen_below(&g->c.rng, 100000), ip, sizeof(ip));
	gen_head(g, "0001000014", "traffic", "local", "notice");
	printf("srcip=%s srcport=%u srcintf=\"wan1\" srcintfrole=\"wan\" "
	    "dstip=198.51.100.1 dstport=%d dstintf=\"root\" "
	    "dstintfrole=\"undefined\" sessionid=%" PRIu64 " proto=6 "
	    "action=\"deny\" policyid=0 policytype=\"local-in-policy\" "
	    "service=\"tcp/%d\" trandisp=\"noop\" duration=0 sentbyte=0 "
	    "rcvdbyte=0 sentpkt=0 rcvdpkt=0\n", ip,
	    1024 + gen_below(&g->c.rng, 64000), port, g->session++, port);
}

static void
gen_webfilter(struct gen *g, uint32_t ep)
{
	uint32_t	 d = gen_below(&g->c.rng, g->c.ndest);
	int		 blocked = gen_below(&g->c.rng, 10) == 0;
	char		 ip[16], name[64];

	gen_dest_ip(d, ip, sizeof(ip));
	gen_dest_name(d, name, sizeof(name));
	gen_head(g, blocked ? "0316013056" : "0317013312", "utm",
	    "webfilter", blocked ? "warning" : "notice");
	printf("eventtype=\"%s\" policyid=12 sessionid=%" PRIu64 " ",
	    blocked ? "ftgd_blk" : "ftgd_allow", g->session++);
	if (gen_below(&g->c.rng, 2))
		printf("user=\"%s\" ", gen_fw_users[ep % GEN_FW_NUSERS]);
	gen_src(g, ep);
	printf("dstip=%s dstport=443 dstintf=\"wan1\" dstintfrole=\"wan\" "
	    "proto=6 service=\"HTTPS\" hostname=\"%s\" profile=\"default\" "
	    "action=\"%s\" reqtype=\"direct\" url=\"https://%s/%s?id=%u\" "
	    "sentbyte=%u rcvdbyte=%u direction=\"outgoing\" "
	    "msg=\"URL belongs to %s category in policy\" cat=%u "
	    "catdesc=\"%s\"\n", ip, name, blocked ? "blocked" : "passthrough",
	    name, blocked ? "dl/setup.exe" : "index.html",
	    gen_below(&g->c.rng, 100000), 300 + gen_below(&g->c.rng, 2000),
	    blocked ? 0 : gen_below(&g->c.rng, 100000), blocked ? "a denied" :
	    "an allowed", 30 + gen_below(&g->c.rng, 60), blocked ?
	    "Malicious Websites" : gen_cats[gen_below(&g->c.rng, GEN_NCATS)]);
}

static void
gen_threat(struct gen *g, uint32_t ep)
{
	char		 ip[16];
	int		 av = gen_below(&g->c.rng, 3) == 0;

	gen_dest_ip(gen_below(&g->c.rng, 100000), ip, sizeof(ip));
	gen_head(g, av ? "0211008192" : "0419016384", "utm",
	    av ? "virus" : "ips", "warning");
	if (av)
		printf("eventtype=\"infected\" srcip=%s srcport=80 "
		    "dstip=10.20.%u.%u dstport=%u proto=6 service=\"HTTP\" "
		    "action=\"blocked\" virus=\"EICAR_TEST_FILE\" "
		    "url=\"http://%s/eicar.com\" direction=\"incoming\"\n",
		    ip, ep / 254, ep % 254 + 1,
		    1024 + gen_below(&g->c.rng, 64000), ip);
	else
		printf("eventtype=\"signature\" severity=\"high\" srcip=%s "
		    "srcport=%u dstip=10.20.%u.%u dstport=445 proto=6 "
		    "action=\"dropped\" attack=\"%s\" direction=\"incoming\"\n",
		    ip, 1024 + gen_below(&g->c.rng, 64000), ep / 254,
		    ep % 254 + 1,
		    gen_attacks[gen_below(&g->c.rng, GEN_NATTACKS)]);
}

static void
gen_line(struct gen *g)
{
	uint32_t	 r = gen_below(&g->c.rng, 1000);
	uint32_t	 ep = gen_below(&g->c.rng, g->c.endpoints);

	g->c.now_us += (uint64_t)gen_below(&g->c.rng, 100) * 1000;
	g->events++;
	if (r < 800)
		gen_forward(g, ep);
	else if (r < 850)
		gen_local_deny(g);
	else if (r < 960)
		gen_webfilter(g, ep);
	else if (r < 980)
		gen_threat(g, ep);
	else {
		gen_head(g, "0100032001", "event", "system", "information");
		printf("logdesc=\"Admin login successful\" sn=\"1773100800\" "
		    "user=\"admin\" ui=\"https(10.20.0.5)\" method=\"https\" "
		    "srcip=10.20.0.5 dstip=10.20.0.254 action=\"login\" "
		    "status=\"success\" msg=\"Administrator admin logged in "
		    "successfully from https(10.20.0.5)\"\n");
	}
}

GEN_COMMON_USAGE("gen_fortigate", "bsd", "pri", "none")

int
main(int argc, char *argv[])
{
	static struct gen	 g;

	gen_common_args(&g.c, "gen_fortigate", argc, argv, hdrs);
	g.session = 100000000;
	for (g.lines = 0; g.lines < g.c.lines; g.lines++)
		gen_line(&g);
	return gen_common_done(&g.c, g.lines, g.events);
}
