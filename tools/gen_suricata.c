/*
 * gen_suricata: deterministic, realistic Suricata EVE JSON lines, as a
 * sensor on an office's uplink writes them: mostly flow, dns, tls and
 * http records, some fileinfo, rare alerts and anomalies, and a stats
 * record now and then (which detectd skips).  Same options, same bytes.
 *
 *	gen_suricata [-c] [-n lines] [-e endpoints] [-d destinations]
 *	    [-s seed] [-t start_epoch] [-i sid:count]
 *
 * -i plants count alerts of signature sid (a Trojan check-in, severity
 * 1) spread over the run, besides the few of severity 2 and 3 any
 * sensor logs; -c prints "N lines, M events" (events: lines detectd
 * reads, all but stats) to stderr.
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

#define GEN_LINEMAX	2048

struct gen {
	struct gen_common c;
	char		**dest;
	uint64_t	 lines;		/* written so far */
	uint64_t	 events;
	uint64_t	 flow_id;
};

static const char *const gen_files[] = {
	"/download/setup.msi", "/files/report.pdf", "/img/logo.png",
	"/pub/driver.zip", "/static/app.js", "/docs/minutes.docx",
};
#define GEN_NFILES	(sizeof(gen_files) / sizeof(gen_files[0]))

/* The alerts any sensor logs: policy and hunting signatures. */
static const struct {
	uint32_t	 sid;
	int		 severity;
	const char	*signature;
	const char	*category;
} gen_alerts[] = {
	{ 2013028, 3, "ET POLICY curl User-Agent Outbound",
	    "Attempted Information Leak" },
	{ 2027390, 3, "ET USER_AGENTS Microsoft Device Metadata Retrieval "
	    "Client User-Agent", "Unknown Traffic" },
	{ 2018358, 2, "ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad "
	    "with Fake Browser 1", "Potentially Bad Traffic" },
	{ 2210044, 3, "SURICATA STREAM Packet with invalid timestamp",
	    "Generic Protocol Command Decode" },
};
#define GEN_NALERTS	(sizeof(gen_alerts) / sizeof(gen_alerts[0]))

static void
usage(void)
{
	fprintf(stderr, "usage: gen_suricata [-c] [-n lines] [-e endpoints] "
	    "[-d destinations]\n\t[-s seed] [-t start_epoch] "
	    "[-i sid:count]\n");
	exit(1);
}

static void __attribute__((format(printf, 2, 3)))
gen_printf(struct gen *g, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(g->c.out.buf + g->c.out.len, GEN_LINEMAX, fmt, ap);
	va_end(ap);
	if (n > 0)
		g->c.out.len += (size_t)n < GEN_LINEMAX ? (size_t)n :
		    GEN_LINEMAX - 1;
}

/* "2026-03-10T14:02:11.123456+0000" at us. */
static void
gen_stamp(uint64_t us, char *buf, size_t size)
{
	struct tm	 tm;

	gen_gmtime((int64_t)(us / 1000000), &tm);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%06u+0000",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (unsigned)(us % 1000000));
}

/* The common part: time, flow id, type and the tuple of ep and d. */
static void
gen_head(struct gen *g, const char *type, uint32_t ep, uint32_t d,
    int port, const char *proto)
{
	char	 ts[64], ip[24];

	gen_stamp(g->c.now_us, ts, sizeof(ts));
	gen_dest_ip(d, ip, sizeof(ip));
	if (port == 53)
		snprintf(ip, sizeof(ip), "10.20.0.53");
	gen_printf(g, "{\"timestamp\":\"%s\",\"flow_id\":%" PRIu64 ","
	    "\"in_iface\":\"eth1\",\"event_type\":\"%s\",\"src_ip\":"
	    "\"10.20.%u.%u\",\"src_port\":%u,\"dest_ip\":\"%s\","
	    "\"dest_port\":%d,\"proto\":\"%s\"", ts, g->flow_id++, type,
	    ep / 254, ep % 254 + 1, 49152 + gen_below(&g->c.rng, 16000), ip,
	    port, proto);
}

static void
gen_flow(struct gen *g, uint32_t ep, uint32_t d)
{
	char	 start[64], end[64];
	uint64_t age = gen_skewed(&g->c.rng, 0, 600);
	int	 tls = gen_below(&g->c.rng, 10) < 7;

	gen_stamp(g->c.now_us - age * 1000000 - 250000, start, sizeof(start));
	gen_stamp(g->c.now_us - 250000, end, sizeof(end));
	gen_head(g, "flow", ep, d, tls ? 443 : 80, "TCP");
	gen_printf(g, ",\"app_proto\":\"%s\",\"flow\":{\"pkts_toserver\":%u,"
	    "\"pkts_toclient\":%u,\"bytes_toserver\":%" PRIu64 ","
	    "\"bytes_toclient\":%" PRIu64 ",\"start\":\"%s\",\"end\":\"%s\","
	    "\"age\":%" PRIu64 ",\"state\":\"closed\",\"reason\":\"timeout\","
	    "\"alerted\":false},\"tcp\":{\"tcp_flags\":\"1b\",\"syn\":true,"
	    "\"fin\":true,\"psh\":true,\"ack\":true,\"state\":\"closed\"}}\n",
	    tls ? "tls" : "http", 5 + gen_below(&g->c.rng, 40),
	    4 + gen_below(&g->c.rng, 80), gen_skewed(&g->c.rng, 300, 200000),
	    gen_skewed(&g->c.rng, 500, 5000000), start, end, age);
}

static void
gen_dns(struct gen *g, uint32_t ep, uint32_t d)
{
	const char	*name = g->dest[d];

	gen_head(g, "dns", ep, d, 53, "UDP");
	if (gen_below(&g->c.rng, 2) == 0)
		gen_printf(g, ",\"dns\":{\"type\":\"query\",\"id\":%u,"
		    "\"rrname\":\"%s\",\"rrtype\":\"A\",\"tx_id\":0,"
		    "\"opcode\":0}}\n", gen_below(&g->c.rng, 65536), name);
	else
		gen_printf(g, ",\"dns\":{\"version\":2,\"type\":\"answer\","
		    "\"id\":%u,\"flags\":\"8180\",\"qr\":true,\"rd\":true,"
		    "\"ra\":true,\"opcode\":0,\"rrname\":\"%s\",\"rrtype\":"
		    "\"A\",\"rcode\":\"NOERROR\",\"answers\":[{\"rrname\":"
		    "\"%s\",\"rrtype\":\"A\",\"ttl\":%u,\"rdata\":\"%u.%u.%u."
		    "%u\"}],\"grouped\":{\"A\":[\"%u.%u.%u.%u\"]}}}\n",
		    gen_below(&g->c.rng, 65536), name, name,
		    gen_below(&g->c.rng, 3600), 13 + d % 200, d % 251, d % 13,
		    d % 250 + 1, 13 + d % 200, d % 251, d % 13, d % 250 + 1);
}

static void
gen_tls(struct gen *g, uint32_t ep, uint32_t d)
{
	gen_head(g, "tls", ep, d, 443, "TCP");
	gen_printf(g, ",\"tls\":{\"subject\":\"CN=%s\",\"issuerdn\":\"C=US, "
	    "O=Let's Encrypt, CN=R3\",\"serial\":\"04:%02X:%02X\","
	    "\"fingerprint\":\"%08" PRIx64 "\",\"sni\":\"%s\",\"version\":"
	    "\"TLS 1.3\",\"notbefore\":\"2026-01-10T00:00:00\",\"notafter\":"
	    "\"2026-04-10T00:00:00\",\"ja3\":{\"hash\":\"%016" PRIx64 "\"},"
	    "\"ja3s\":{\"hash\":\"%016" PRIx64 "\"}}}\n", g->dest[d],
	    d % 256, (d >> 8) % 256, gen_hash(g->dest[d],
	    strlen(g->dest[d])) & 0xffffffffu, g->dest[d],
	    gen_rand(&g->c.rng) % 8, gen_rand(&g->c.rng) % 4);
}

static void
gen_http_obj(struct gen *g, uint32_t d, const char *path, uint64_t len)
{
	gen_printf(g, ",\"http\":{\"hostname\":\"%s\",\"url\":\"%s\","
	    "\"http_user_agent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64)"
	    "\",\"http_content_type\":\"application/octet-stream\","
	    "\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"status\":200,"
	    "\"length\":%" PRIu64 "}", g->dest[d], path, len);
}

static void
gen_http(struct gen *g, uint32_t ep, uint32_t d, int file)
{
	const char	*path = gen_files[gen_below(&g->c.rng, GEN_NFILES)];
	uint64_t	 len = gen_skewed(&g->c.rng, 200, 3000000);

	gen_head(g, file ? "fileinfo" : "http", ep, d, 80, "TCP");
	gen_http_obj(g, d, path, len);
	if (file)
		gen_printf(g, ",\"app_proto\":\"http\",\"fileinfo\":{"
		    "\"filename\":\"%s\",\"gaps\":false,\"state\":\"CLOSED\","
		    "\"md5\":\"%016" PRIx64 "%016" PRIx64 "\",\"stored\":false,"
		    "\"size\":%" PRIu64 ",\"tx_id\":0}}\n", path,
		    gen_hash(path, strlen(path)), (uint64_t)d, len);
	else
		gen_printf(g, ",\"tx_id\":0}\n");
}

static void
gen_alert(struct gen *g, uint32_t ep, uint32_t d, uint32_t sid, int sev,
    const char *sig, const char *cat)
{
	gen_head(g, "alert", ep, d, 80, "TCP");
	gen_printf(g, ",\"tx_id\":0,\"alert\":{\"action\":\"allowed\","
	    "\"gid\":1,\"signature_id\":%u,\"rev\":4,\"signature\":\"%s\","
	    "\"category\":\"%s\",\"severity\":%d},\"app_proto\":\"http\"",
	    sid, sig, cat, sev);
	gen_http_obj(g, d, "/gate.php", 45);
	gen_printf(g, "}\n");
}

static void
gen_other(struct gen *g, uint32_t ep, uint32_t d, uint32_t r)
{
	char	 ts[64];
	size_t	 a;

	if (r < 996) {
		a = gen_below(&g->c.rng, GEN_NALERTS);
		gen_alert(g, ep, d, gen_alerts[a].sid, gen_alerts[a].severity,
		    gen_alerts[a].signature, gen_alerts[a].category);
	} else if (r < 998) {
		gen_head(g, "anomaly", ep, d, 443, "TCP");
		gen_printf(g, ",\"anomaly\":{\"type\":\"stream\",\"event\":"
		    "\"stream.pkt_spurious_retransmission\"}}\n");
	} else {
		gen_stamp(g->c.now_us, ts, sizeof(ts));
		gen_printf(g, "{\"timestamp\":\"%s\",\"event_type\":\"stats\","
		    "\"stats\":{\"uptime\":%" PRIu64 ",\"capture\":"
		    "{\"kernel_packets\":%" PRIu64 ",\"kernel_drops\":0}}}\n",
		    ts, (g->c.now_us / 1000000) % 86400, g->flow_id * 17);
		g->events--;
	}
}

static void
gen_inject(struct gen_common *c, const struct gen_inject *in)
{
	struct gen	*g = GEN_OF(c);

	g->lines++;
	g->events++;
	gen_alert(g, gen_below(&c->rng, c->endpoints),
	    gen_pick_dest(&c->rng, c->ndest),
	    (uint32_t)strtoul(in->target, NULL, 10), 1,
	    "ET MALWARE Win32/Agent CnC Checkin",
	    "A Network Trojan was detected");
}

static uint64_t
gen_line(struct gen_common *c, uint64_t left)
{
	struct gen	*g = GEN_OF(c);
	uint32_t	 ep = gen_below(&c->rng, c->endpoints);
	uint32_t	 d = gen_pick_dest(&c->rng, c->ndest);
	uint32_t	 r = gen_below(&c->rng, 1000);

	(void)left;
	g->lines++;
	g->events++;
	if (r < 400)
		gen_flow(g, ep, d);
	else if (r < 650)
		gen_dns(g, ep, d);
	else if (r < 850)
		gen_tls(g, ep, d);
	else if (r < 960)
		gen_http(g, ep, d, 0);
	else if (r < 990)
		gen_http(g, ep, d, 1);
	else
		gen_other(g, ep, d, gen_below(&c->rng, 1000));
	return 1;
}

static void
gen_options(struct gen *g, int argc, char **argv)
{
	int	 ch;

	while ((ch = getopt(argc, argv, "ci:" GEN_COMMON_OPTS)) != -1) {
		if (ch == 'i')
			gen_inject_add(g->c.inject, &g->c.ninject, optarg, 10,
			    0);
		else if (gen_common_opt(&g->c, ch, optarg) == -1)
			usage();
	}
	gen_common_end(argc);
}

int
main(int argc, char **argv)
{
	static struct gen	 g;

	gen_common_init(&g.c, "gen_suricata");
	gen_options(&g, argc, argv);
	g.c.gap_us = gen_workday_gap(g.c.lines);
	g.flow_id = 1000000000000ULL + g.c.rng % 1000;
	if ((g.dest = gen_dest_new(g.c.ndest, gen_dns_bases, GEN_DNS_NBASES,
	    gen_dns_subs, GEN_DNS_NSUBS)) == NULL) {
		perror("gen_suricata");
		return 1;
	}
	gen_common_run(&g.c, 2 * GEN_LINEMAX, gen_line, gen_inject);
	gen_dest_free(g.dest, g.c.ndest);
	return gen_common_done(&g.c, g.lines, g.events);
}
