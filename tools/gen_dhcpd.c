/*
 * gen_dhcpd: deterministic, realistic ISC dhcpd syslog lines: the full
 * DISCOVER, OFFER, REQUEST, ACK exchange of new leases, renewals,
 * INFORM, releases, and dhcpd's other messages.  Only ACK and RELEASE
 * lines are events.  Same options, same bytes.
 *
 *   gen_dhcpd [-c] [-H bsd|iso|none] [-n lines] [-e endpoints]
 *       [-d destinations] [-s seed] [-t start_epoch]
 *
 * -c prints "N lines, M events" to stderr; -d is accepted for the
 * common interface and unused (DHCP has no destinations).
 */
#include <stdarg.h>
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
};

static const char *const gen_names[] = {
	"WS-ALICE", "WS-BOB", "LT-CAROL", "WS-DAVE", "LT-ERIN", "WS-FRANK",
	"PRN-3F-01", "iPhone", "android-5f2a9c1e", "MacBook-Pro",
};
#define GEN_NNAMES	(sizeof(gen_names) / sizeof(gen_names[0]))

/*
 * One line, with the syslog header; returns -1 once the requested
 * number of lines is written.
 */
static int __attribute__((format(printf, 3, 4)))
gen_out(struct gen *g, int event, const char *fmt, ...)
{
	char		 ts[64];
	struct tm	 tm;
	va_list		 ap;

	if (g->lines >= g->c.lines)
		return -1;
	g->c.now_us += (uint64_t)gen_below(&g->c.rng, 400) * 1000;
	gen_header_time(g->c.now_us, g->c.hdr, &tm, ts, sizeof(ts));
	if (g->c.hdr != HDR_NONE)
		printf("%s dhcp1 dhcpd[1234]: ", ts);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	g->lines++;
	g->events += event != 0;
	return 0;
}

struct gen_ep {
	char	 ip[24];
	char	 mac[24];
	char	 name[40];	/* " (NAME)" or "" */
	char	 via[16];
};

static void
gen_endpoint(struct gen *g, uint32_t ep, struct gen_ep *e)
{
	snprintf(e->ip, sizeof(e->ip), "10.20.%u.%u", ep / 254, ep % 254 + 1);
	snprintf(e->mac, sizeof(e->mac), "00:16:3e:%02x:%02x:%02x",
	    (ep >> 16) & 0xff, (ep >> 8) & 0xff, ep & 0xff);
	if (ep % 7 == 6)
		e->name[0] = '\0';
	else
		snprintf(e->name, sizeof(e->name), " (%s-%u)",
		    gen_names[ep % GEN_NNAMES], ep);
	snprintf(e->via, sizeof(e->via), "%s", ep / 254 == 0 ? "eth1" :
	    "10.20.1.1");
	(void)g;
}

static int
gen_new_lease(struct gen *g, const struct gen_ep *e)
{
	if (gen_out(g, 0, "DHCPDISCOVER from %s%s via %s", e->mac, e->name,
	    e->via) == -1 ||
	    gen_out(g, 0, "DHCPOFFER on %s to %s%s via %s", e->ip, e->mac,
	    e->name, e->via) == -1)
		return -1;
	return 0;
}

static void
gen_sequence(struct gen *g)
{
	struct gen_ep	 e;
	uint32_t	 r = gen_below(&g->c.rng, 100);

	gen_endpoint(g, gen_below(&g->c.rng, g->c.endpoints), &e);
	if (r < 5) {
		(void)gen_out(g, 0, "Wrote %u leases to leases file.",
		    g->c.endpoints + gen_below(&g->c.rng, 20));
		return;
	}
	if (r < 12) {
		(void)gen_out(g, 1,
		    "DHCPRELEASE of %s from %s%s via %s (found)", e.ip, e.mac,
		    e.name, e.via);
		return;
	}
	if (r < 20) {
		if (gen_out(g, 0, "DHCPINFORM from %s via %s", e.ip,
		    e.via) == 0)
			(void)gen_out(g, 1, "DHCPACK to %s (%s) via %s", e.ip,
			    e.mac, e.via);
		return;
	}
	if (r < 45 && gen_new_lease(g, &e) == -1)
		return;
	if (gen_out(g, 0, "DHCPREQUEST for %s (10.20.0.1) from %s%s via %s",
	    e.ip, e.mac, e.name, e.via) == 0)
		(void)gen_out(g, 1, "DHCPACK on %s to %s%s via %s", e.ip,
		    e.mac, e.name, e.via);
}

GEN_COMMON_USAGE("gen_dhcpd", "bsd", "iso", "none")

int
main(int argc, char *argv[])
{
	static struct gen	 g;

	gen_common_args(&g.c, "gen_dhcpd", argc, argv, hdrs);
	while (g.lines < g.c.lines)
		gen_sequence(&g);
	return gen_common_done(&g.c, g.lines, g.events);
}
