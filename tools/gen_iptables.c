/*
 * gen_iptables: deterministic, realistic netfilter LOG lines as a
 * gateway's kern.log holds them (UFW and hand-written rules): inbound
 * scans blocked, outbound connections logged, DNS, ping, IPv6, and a
 * few other kernel messages between them.  Same options, same bytes.
 *
 *   gen_iptables [-c] [-H bsd|iso|none] [-n lines] [-e endpoints]
 *       [-d destinations] [-s seed] [-t start_epoch]
 *
 * -c prints "N lines, M events" to stderr; -H picks the syslog header
 * (none: the kernel message alone, as dmesg shows it).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"

enum gen_hdr { HDR_BSD, HDR_ISO, HDR_NONE };

struct gen {
	struct gen_common c;
	uint64_t	 lines;		/* written so far */
	uint64_t	 events;
	uint64_t	 uptime_us;
	uint32_t	 ipid;
};

static const char *const gen_hosts[] = { "fw1", "fw2", "gw-branch" };

/* Prefixes and the share of lines (per mille) that use them. */
struct gen_prefix {
	const char	*text;
	uint32_t	 upto;
	int		 inbound;	/* an Internet host probing us */
};

static const struct gen_prefix gen_prefixes[] = {
	{ "[UFW BLOCK] ", 450, 1 },
	{ "IN-DROP: ", 600, 1 },
	{ "[UFW ALLOW] ", 750, 0 },
	{ "FW-ACCEPT ", 880, 0 },
	{ "OUT-REJECT: ", 940, 0 },
	{ "", 970, 0 },
	{ "LOG-SSH ", 1000, 1 },
};

static const uint16_t gen_scan_ports[] = {
	22, 23, 25, 80, 443, 445, 1433, 3306, 3389, 5900, 8080, 8443, 6379,
	9200, 5432, 21, 111, 135, 139, 161, 1900, 5060, 7547, 8888, 2323,
};
#define GEN_NSCAN	(sizeof(gen_scan_ports) / sizeof(gen_scan_ports[0]))

static const uint16_t gen_out_ports[] = {
	443, 443, 443, 443, 80, 80, 53, 123, 993, 587, 22, 8443, 5223, 3478,
};
#define GEN_NOUT	(sizeof(gen_out_ports) / sizeof(gen_out_ports[0]))

static const char *const gen_other[] = {
	"usb 1-1: new high-speed USB device number 3 using xhci_hcd",
	"e1000e 0000:00:1f.6 eth0: NIC Link is Up 1000 Mbps Full Duplex",
	"nf_conntrack: nf_conntrack: table full, dropping packet",
	"audit: type=1400 audit(1773100800.123:42): apparmor=\"DENIED\"",
};
#define GEN_NOTHER	(sizeof(gen_other) / sizeof(gen_other[0]))

static void
gen_header(struct gen *g, const char *host)
{
	char		 ts[64];
	struct tm	 tm;

	gen_header_time(g->c.now_us, g->c.hdr, &tm, ts, sizeof(ts));
	if (g->c.hdr != HDR_NONE)
		printf("%s %s kernel: ", ts, host);
	printf("[%7" PRIu64 ".%06u] ", g->uptime_us / 1000000,
	    (unsigned)(g->uptime_us % 1000000));
}

static void
gen_mac(uint32_t ep, int v6)
{
	printf("MAC=00:16:3e:00:00:01:00:16:3e:%02x:%02x:%02x:%s ",
	    (ep >> 16) & 0xff, (ep >> 8) & 0xff, ep & 0xff,
	    v6 ? "86:dd" : "08:00");
}

/* PROTO=... and what follows it for one packet of iplen bytes. */
static void
gen_l4(struct gen *g, int proto, unsigned iplen, unsigned sport,
    unsigned dport, int syn)
{
	if (proto == 6)
		printf("PROTO=TCP SPT=%u DPT=%u WINDOW=%u RES=0x00 %sURGP=0\n",
		    sport, dport, syn ? 64240 : 501, syn ? "SYN " : "ACK PSH ");
	else if (proto == 17)
		printf("PROTO=UDP SPT=%u DPT=%u LEN=%u\n", sport, dport,
		    iplen - 20);
	else
		printf("PROTO=ICMP TYPE=8 CODE=0 ID=%u SEQ=%u\n",
		    gen_below(&g->c.rng, 65536), gen_below(&g->c.rng, 100));
}

static void
gen_v4(struct gen *g, const struct gen_prefix *pf, uint32_t ep)
{
	char		 dst[16];
	unsigned	 proto, port, len, r = gen_below(&g->c.rng, 100);

	gen_dest_ip(gen_below(&g->c.rng, g->c.ndest), dst, sizeof(dst));
	proto = r < 80 ? 6 : r < 95 ? 17 : 1;
	printf("%sIN=%s OUT=%s ", pf->text, pf->inbound ? "eth0" : "eth1",
	    pf->inbound ? "" : "eth0");
	gen_mac(ep, 0);
	if (pf->inbound) {
		port = gen_scan_ports[gen_below(&g->c.rng, GEN_NSCAN)];
		printf("SRC=%s DST=10.20.%u.%u ", dst, ep / 254, ep % 254 + 1);
	} else {
		port = proto == 17 ? 53 :
		    gen_out_ports[gen_below(&g->c.rng, GEN_NOUT)];
		printf("SRC=10.20.%u.%u DST=%s ", ep / 254, ep % 254 + 1, dst);
	}
	len = proto == 6 ? 60 : proto == 1 ? 84 :
	    40 + gen_below(&g->c.rng, 500);
	printf("LEN=%u TOS=0x00 PREC=0x00 TTL=%u ID=%u %s", len,
	    pf->inbound ? 40 + gen_below(&g->c.rng, 20) : 63,
	    g->ipid++ & 0xffff,
	    proto == 17 ? "" : "DF ");
	gen_l4(g, (int)proto, len, 1024 + gen_below(&g->c.rng, 64000), port,
	    pf->inbound || gen_below(&g->c.rng, 4) == 0);
}

static void
gen_v6(struct gen *g, const struct gen_prefix *pf, uint32_t ep)
{
	unsigned	 d = gen_below(&g->c.rng, g->c.ndest);

	printf("%sIN=eth0 OUT= ", pf->text);
	gen_mac(ep, 1);
	printf("SRC=2001:db8:%x::%x DST=2001:db8:1::%x LEN=%u TC=0 "
	    "HOPLIMIT=%u FLOWLBL=%u ", d % 4096 + 1, d + 1, ep + 1,
	    gen_below(&g->c.rng, 4) ? 80 : 104, 64 - gen_below(&g->c.rng, 10),
	    gen_below(&g->c.rng, 1048576));
	if (gen_below(&g->c.rng, 3) == 0)
		printf("PROTO=ICMPv6 TYPE=128 CODE=0 ID=%u SEQ=%u\n",
		    gen_below(&g->c.rng, 65536), gen_below(&g->c.rng, 10));
	else
		gen_l4(g, 6, 80, 1024 + gen_below(&g->c.rng, 64000),
		    gen_scan_ports[gen_below(&g->c.rng, GEN_NSCAN)], 1);
}

static void
gen_line(struct gen *g)
{
	const struct gen_prefix	*pf = gen_prefixes;
	uint32_t		 r, ep = gen_below(&g->c.rng, g->c.endpoints);

	g->c.now_us += (uint64_t)gen_below(&g->c.rng, 100) * 1000;
	g->uptime_us += gen_below(&g->c.rng, 100000);
	gen_header(g, gen_hosts[gen_below(&g->c.rng, 1000) < 900 ? 0 :
	    1 + gen_below(&g->c.rng, 2)]);
	r = gen_below(&g->c.rng, 1000);
	if (r < 10) {
		printf("%s\n", gen_other[gen_below(&g->c.rng, GEN_NOTHER)]);
		return;
	}
	g->events++;
	r = gen_below(&g->c.rng, 1000);
	while (r >= pf->upto)
		pf++;
	if (gen_below(&g->c.rng, 100) < 5)
		gen_v6(g, pf, ep);
	else
		gen_v4(g, pf, ep);
}

GEN_COMMON_USAGE("gen_iptables", "bsd", "iso", "none")

int
main(int argc, char *argv[])
{
	static struct gen	 g;

	gen_common_args(&g.c, "gen_iptables", argc, argv, hdrs);
	g.uptime_us = 86400ULL * 1000000 * 3;
	for (g.lines = 0; g.lines < g.c.lines; g.lines++)
		gen_line(&g);
	return gen_common_done(&g.c, g.lines, g.events);
}
