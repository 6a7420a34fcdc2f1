/*
 * gen_stats: deterministic synthetic traffic for the statistical
 * analyzer's tests: benign background from many endpoints, with attack
 * patterns mixed in, written as real log formats (Squid native, Zeek conn
 * and dns TSV, Windows Security events as NXLog JSON lines).  The same
 * options give the same bytes everywhere: integer arithmetic only.
 *
 *	gen_stats -f squid|zeek-conn|zeek-dns|windows [-p PATTERN,...]
 *	    [-e endpoints] [-H hours] [-s seed] [-t start]
 *
 * Patterns: beacon (60 s +-20%), twomode (9 s / 14 s), sleep (30 s for
 * 20 min, then 2 h asleep), slow (hourly +-5%), scan, volume, dga,
 * tunnel, spray, kerberoast, spike (an hour with 20 times the usual
 * requests, at the last hour), rare (a destination no other endpoint
 * contacts, two hours before the end).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"

#define GS_LINE		512
#define GS_HOUR		3600000LL

enum gs_fmt { GS_SQUID, GS_CONN, GS_DNS, GS_WIN };

struct gs_line {
	int64_t		 t;
	uint64_t	 seq;
	char		*s;
};

struct gs {
	enum gs_fmt	 fmt;
	uint64_t	 rng;
	int64_t		 start;
	int64_t		 end;
	int		 endpoints;
	struct gs_line	*v;
	size_t		 n, cap;
};

static uint64_t
gs_rand(struct gs *g)
{
	g->rng ^= g->rng << 13;
	g->rng ^= g->rng >> 7;
	g->rng ^= g->rng << 17;
	return g->rng;
}

static int64_t
gs_below(struct gs *g, int64_t n)
{
	return n > 0 ? (int64_t)((gs_rand(g) >> 11) % (uint64_t)n) : 0;
}

/* base +- pct percent, uniformly. */
static int64_t
gs_jitter(struct gs *g, int64_t base, int pct)
{
	return base * (100 - pct + gs_below(g, 2 * pct + 1)) / 100;
}

static void
gs_add(struct gs *g, int64_t t, const char *s)
{
	struct gs_line	*nv;

	if (t < g->start || t >= g->end)
		return;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 4096;
		if ((nv = realloc(g->v, g->cap * sizeof(*nv))) == NULL) {
			perror("gen_stats");
			exit(1);
		}
		g->v = nv;
	}
	if ((g->v[g->n].s = strdup(s)) == NULL) {
		perror("gen_stats");
		exit(1);
	}
	g->v[g->n].t = t;
	g->v[g->n].seq = g->n;
	g->n++;
}

static void
gs_iso(int64_t t, char *buf, size_t len)
{
	time_t		 s = (time_t)(t / 1000);
	struct tm	 tm;

	gmtime_r(&s, &tm);
	gen_iso_time(&tm, (int)(t % 1000), "Z", buf, len);
}

/*
 * One connection of src to dst (a name or an address) in the format.
 * Random numbers are drawn before the printf: the order in which a
 * compiler evaluates arguments is unspecified.
 */
static void
gs_conn(struct gs *g, int64_t t, const char *src, const char *dst,
    const char *dip, int port, int64_t out, int64_t in, const char *state)
{
	char		 l[GS_LINE];
	uint64_t	 uid = gs_rand(g);
	int		 sport = (int)gs_below(g, 28000) + 32768;
	int		 dur_s = (int)gs_below(g, 3);
	int		 dur_us = (int)gs_below(g, 1000000);

	if (g->fmt == GS_SQUID)
		snprintf(l, sizeof(l), "%" PRId64 ".%03d %6d %s "
		    "TCP_TUNNEL/200 %" PRId64 " CONNECT %s:%d - "
		    "HIER_DIRECT/%s -", t / 1000, (int)(t % 1000),
		    dur_us / 1000 + 20, src, in, dst, port, dip);
	else if (g->fmt == GS_CONN)
		snprintf(l, sizeof(l), "%" PRId64 ".%03d000\tC%016" PRIx64
		    "\t%s\t%d\t%s\t%d\ttcp\t-\t%d.%06d\t%" PRId64 "\t%"
		    PRId64 "\t%s\t-\t-\t0\t%s\t%d\t%" PRId64 "\t%d\t%"
		    PRId64 "\t-", t / 1000, (int)(t % 1000), uid, src, sport,
		    dip, port, dur_s, dur_us, out, in, state,
		    strcmp(state, "SF") == 0 ? "ShADadFf" : "S",
		    (int)(out / 1400) + 3, out + 160, (int)(in / 1400) + 2,
		    in + 120);
	else
		return;
	gs_add(g, t, l);
}

static void
gs_dns(struct gs *g, int64_t t, const char *src, const char *q,
    const char *rcode, int rc)
{
	char		 l[GS_LINE];
	uint64_t	 uid = gs_rand(g);
	int		 sport = (int)gs_below(g, 28000) + 32768;
	int		 id = (int)gs_below(g, 65535);
	int		 rtt = (int)gs_below(g, 99999);

	snprintf(l, sizeof(l), "%" PRId64 ".%03d000\tC%016" PRIx64
	    "\t%s\t%d\t10.0.0.53\t53\tudp\t%d\t0.0%05d\t%s\t1\tC_INTERNET\t1"
	    "\tA\t%d\t%s\tF\tF\tT\tT\t0\t%s\t%s\tF", t / 1000, (int)(t % 1000),
	    uid, src, sport, id, rtt, q, rc, rcode,
	    rc == 0 ? "192.0.2.80" : "-", rc == 0 ? "300.000000" : "-");
	gs_add(g, t, l);
}

static void
gs_win(struct gs *g, int64_t t, int id, const char *ip, const char *user,
    const char *svc, const char *enc, const char *status)
{
	char	 l[GS_LINE], ts[64], extra[200];
	int	 sport = (int)gs_below(g, 28000) + 32768;

	gs_iso(t, ts, sizeof(ts));
	extra[0] = '\0';
	if (svc != NULL)
		snprintf(extra, sizeof(extra), ",\"ServiceName\":\"%s\","
		    "\"TicketEncryptionType\":\"%s\",\"TicketOptions\":"
		    "\"0x40810000\"", svc, enc);
	else if (status != NULL)
		snprintf(extra, sizeof(extra), ",\"Status\":\"%s\","
		    "\"SubStatus\":\"0xc000006a\",\"LogonType\":\"3\"", status);
	else
		snprintf(extra, sizeof(extra), ",\"LogonType\":\"3\"");
	snprintf(l, sizeof(l), "{\"EventTime\":\"%s\",\"Hostname\":"
	    "\"dc1.corp.example\",\"EventID\":%d,\"Channel\":\"Security\","
	    "\"SourceName\":\"Microsoft-Windows-Security-Auditing\","
	    "\"TargetUserName\":\"%s\",\"IpAddress\":\"%s\",\"IpPort\":\"%d\""
	    "%s}", ts, id, user, ip, sport, extra);
	gs_add(g, t, l);
}

static void
gs_ep(int i, char *buf, size_t len)
{
	snprintf(buf, len, "10.20.%d.%d", 1 + i / 250, 1 + i % 250);
}

/* Office hours browsing: bursts of requests, minutes apart. */
static void
gs_background(struct gs *g)
{
	char		 src[32], dom[64], ip[32], q[96];
	int64_t		 t, out, in;
	int		 i, k, site, nx;

	for (i = 0; i < g->endpoints; i++) {
		gs_ep(i, src, sizeof(src));
		for (t = g->start + gs_below(g, 600000); t < g->end;
		    t += 1000 + gs_below(g, 900000)) {
			site = (int)gs_below(g, 300);
			snprintf(dom, sizeof(dom), "www.site%d.example", site);
			snprintf(ip, sizeof(ip), "198.18.%d.%d", site / 200,
			    site % 200 + 1);
			for (k = (int)gs_below(g, 6); k >= 0; k--) {
				t += gs_below(g, 3000);
				switch (g->fmt) {
				case GS_DNS:
					snprintf(q, sizeof(q), "%s%s",
					    k ? "cdn." : "", dom);
					nx = gs_below(g, 100) == 0;
					gs_dns(g, t, src, q, nx ? "NXDOMAIN" :
					    "NOERROR", nx ? 3 : 0);
					break;
				case GS_WIN:
					snprintf(q, sizeof(q), "user%d", i);
					if (gs_below(g, 50) == 0)
						gs_win(g, t, 4625, src, q, NULL,
						    NULL, "0xc000006d");
					else if (k % 2)
						gs_win(g, t, 4769, src, q,
						    "HTTP/intranet.corp.example",
						    "0x12", NULL);
					else
						gs_win(g, t, 4624, src, q, NULL,
						    NULL, NULL);
					break;
				default:
					out = 300 + gs_below(g, 3000);
					in = 2000 + gs_below(g, 300000);
					gs_conn(g, t, src, dom, ip, 443, out,
					    in, "SF");
				}
			}
		}
	}
}

static void
gs_beacon(struct gs *g, const char *src, const char *dom, const char *ip,
    int port, int64_t gap, int pct)
{
	int64_t	 t, in;

	for (t = g->start + 1234; t < g->end;
	    t += gs_jitter(g, gap, pct)) {
		in = 1180 + gs_below(g, 40);
		gs_conn(g, t, src, dom, ip, port, 310, in, "SF");
	}
}

static void
gs_twomode(struct gs *g)
{
	int64_t	 t;
	int	 i;

	for (i = 0, t = g->start + 777; t < g->end; i++) {
		gs_conn(g, t, "10.20.9.2", "cdn.twomode-c2.example",
		    "203.0.113.8", 8443, 220, 900, "SF");
		t += (i % 2 ? 14000 : 9000) + gs_below(g, 200);
	}
}

static void
gs_sleep(struct gs *g)
{
	int64_t	 t = g->start + 555, burst_end;

	while (t < g->end) {
		for (burst_end = t + 20 * 60000; t < burst_end;
		    t += gs_jitter(g, 30000, 10))
			gs_conn(g, t, "10.20.9.3", "sleepy-c2.example",
			    "203.0.113.9", 443, 95, 600, "SF");
		t += 2 * GS_HOUR;
	}
}

static void
gs_scan(struct gs *g)
{
	char	 ip[32];
	int64_t	 t = g->start + GS_HOUR / 2;
	int	 i;

	for (i = 1; i <= 254; i++, t += 300 + gs_below(g, 200)) {
		snprintf(ip, sizeof(ip), "10.30.0.%d", i);
		gs_conn(g, t, "10.20.9.4", ip, ip, 445, 0, 0,
		    i % 3 ? "S0" : "REJ");
	}
	for (i = 1; i <= 100; i++, t += 100 + gs_below(g, 100))
		gs_conn(g, t, "10.20.9.4", "10.30.0.5", "10.30.0.5", i * 7,
		    0, 0, "REJ");
}

static void
gs_volume(struct gs *g)
{
	int64_t	 t = g->start + GS_HOUR / 3;
	int	 i;

	/* 30 MB in 3 MB pieces within ten minutes. */
	for (i = 0; i < 10; i++, t += 55000 + gs_below(g, 10000))
		gs_conn(g, t, "10.20.9.5", "198.51.100.20", "198.51.100.20",
		    1337, 3000000, 1200, "SF");
}

/*
 * Destinations one endpoint alone contacts: one in the first hour, while
 * the organisation is still being learned (no finding), and one two
 * hours before the end (a finding when the run is longer than the
 * rule's learning time).
 */
static void
gs_rare(struct gs *g)
{
	int64_t	 t = g->end - 2 * GS_HOUR;
	int	 i;

	gs_conn(g, g->start + GS_HOUR / 2, "10.20.9.13", "early-rare.example",
	    "203.0.113.13", 443, 900, 4000, "SF");
	for (i = 0; i < 3; i++, t += 300000 + gs_below(g, 60000))
		gs_conn(g, t, "10.20.9.12", "fresh-c2.example",
		    "203.0.113.12", 443, 700 + gs_below(g, 200), 3000, "SF");
}

static void
gs_dga(struct gs *g)
{
	static const char al[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char	 q[64];
	int64_t	 t = g->start + GS_HOUR / 4;
	int	 i, j, len;

	for (i = 0; i < 60; i++, t += 2000 + gs_below(g, 3000)) {
		len = 12 + (int)gs_below(g, 5);
		for (j = 0; j < len; j++)
			q[j] = al[gs_below(g, 36)];
		snprintf(q + len, sizeof(q) - (size_t)len, ".net");
		gs_dns(g, t, "10.20.9.6", q, "NXDOMAIN", 3);
	}
}

static void
gs_tunnel(struct gs *g)
{
	char	 q[128];
	int64_t	 t = g->start + GS_HOUR / 5;
	int	 i;

	for (i = 0; i < 300; i++, t += 500 + gs_below(g, 1000)) {
		snprintf(q, sizeof(q), "%016" PRIx64 "%08x.t.exfil-tunnel.example",
		    gs_rand(g), (unsigned)i);
		gs_dns(g, t, "10.20.9.7", q, "NOERROR", 0);
	}
}

static void
gs_spray(struct gs *g)
{
	char	 u[32];
	int64_t	 t = g->start + GS_HOUR / 6;
	int	 i;

	for (i = 0; i < 40; i++, t += 10000 + gs_below(g, 5000)) {
		snprintf(u, sizeof(u), "user%d", i * 3);
		gs_win(g, t, 4625, "10.20.9.8", u, NULL, NULL, "0xc000006d");
	}
}

static void
gs_kerberoast(struct gs *g)
{
	char	 s[64];
	int64_t	 t = g->start + GS_HOUR / 7;
	int	 i;

	for (i = 0; i < 12; i++, t += 200 + gs_below(g, 800)) {
		snprintf(s, sizeof(s), "svc_sql%02d", i);
		gs_win(g, t, 4769, "10.20.9.9", "mallory", s, "0x17", NULL);
	}
}

/* One endpoint's usual ~100 requests an hour, 2,000 in the last hour. */
static void
gs_spike(struct gs *g)
{
	int64_t	 h, t;
	int	 k, n;

	for (h = g->start; h < g->end; h += GS_HOUR) {
		n = h + GS_HOUR >= g->end ? 2000 : 90 + (int)gs_below(g, 21);
		for (k = 0; k < n; k++) {
			t = h + (GS_HOUR - 1000) * k / n;
			gs_conn(g, t, "10.20.9.10", "intranet.corp.example",
			    "10.1.1.10", 443, 400, 5000, "SF");
		}
	}
}

static int
gs_pattern(struct gs *g, const char *p)
{
	if (strcmp(p, "none") == 0)
		return 0;
	if (strcmp(p, "beacon") == 0)
		gs_beacon(g, "10.20.9.1", "c2.beacon-test.example",
		    "203.0.113.7", 443, 60000, 20);
	else if (strcmp(p, "twomode") == 0)
		gs_twomode(g);
	else if (strcmp(p, "sleep") == 0)
		gs_sleep(g);
	else if (strcmp(p, "slow") == 0)
		gs_beacon(g, "10.20.9.11", "slow-c2.example", "203.0.113.10",
		    443, GS_HOUR, 5);
	else if (strcmp(p, "scan") == 0)
		gs_scan(g);
	else if (strcmp(p, "volume") == 0)
		gs_volume(g);
	else if (strcmp(p, "dga") == 0)
		gs_dga(g);
	else if (strcmp(p, "tunnel") == 0)
		gs_tunnel(g);
	else if (strcmp(p, "spray") == 0)
		gs_spray(g);
	else if (strcmp(p, "kerberoast") == 0)
		gs_kerberoast(g);
	else if (strcmp(p, "spike") == 0)
		gs_spike(g);
	else if (strcmp(p, "rare") == 0)
		gs_rare(g);
	else
		return -1;
	return 0;
}

static int
gs_cmp(const void *a, const void *b)
{
	const struct gs_line	*x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
gs_header(const struct gs *g)
{
	if (g->fmt == GS_CONN)
		fputs("#separator \\x09\n#set_separator\t,\n#empty_field\t"
		    "(empty)\n#unset_field\t-\n#path\tconn\n#open\t"
		    "2026-03-12-00-00-00\n#fields\tts\tuid\tid.orig_h\t"
		    "id.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\t"
		    "duration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig"
		    "\tlocal_resp\tmissed_bytes\thistory\torig_pkts\t"
		    "orig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n"
		    "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\t"
		    "string\tinterval\tcount\tcount\tstring\tbool\tbool\tcount"
		    "\tstring\tcount\tcount\tcount\tcount\tset[string]\n",
		    stdout);
	else if (g->fmt == GS_DNS)
		fputs("#separator \\x09\n#set_separator\t,\n#empty_field\t"
		    "(empty)\n#unset_field\t-\n#path\tdns\n#open\t"
		    "2026-03-12-00-00-00\n#fields\tts\tuid\tid.orig_h\t"
		    "id.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\t"
		    "query\tqclass\tqclass_name\tqtype\tqtype_name\trcode\t"
		    "rcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected\n"
		    "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount"
		    "\tinterval\tstring\tcount\tstring\tcount\tstring\tcount\t"
		    "string\tbool\tbool\tbool\tbool\tcount\tvector[string]\t"
		    "vector[interval]\tbool\n", stdout);
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen_stats -f squid|zeek-conn|zeek-dns|windows"
	    " [-p pattern,...] [-e endpoints] [-H hours] [-s seed] "
	    "[-t start-seconds]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	static const char *const fmts[] = { "squid", "zeek-conn", "zeek-dns",
	    "windows" };
	struct gs	 g;
	char		*pats = NULL, *p, *save = NULL;
	long long	 hours = 6, start = 1773273600LL;
	size_t		 i;
	int		 ch;

	memset(&g, 0, sizeof(g));
	g.endpoints = 50;
	g.rng = 0x243f6a8885a308d3ULL;
	while ((ch = getopt(argc, argv, "e:f:H:p:s:t:")) != -1) {
		switch (ch) {
		case 'e':
			g.endpoints = atoi(optarg);
			break;
		case 'f':
			g.fmt = (enum gs_fmt)gen_lookup(optarg, fmts, 4);
			break;
		case 'H':
			hours = atoll(optarg);
			break;
		case 'p':
			pats = optarg;
			break;
		case 's':
			g.rng ^= strtoull(optarg, NULL, 10) * 0x9e3779b97f4a7c15ULL;
			break;
		case 't':
			start = atoll(optarg);
			break;
		default:
			usage();
		}
	}
	if (g.rng == 0 || hours < 1 || g.endpoints < 0 || g.endpoints > 60000)
		usage();
	g.start = start * 1000;
	g.end = g.start + hours * GS_HOUR;
	gs_background(&g);
	for (p = pats ? strtok_r(pats, ",", &save) : NULL; p != NULL;
	    p = strtok_r(NULL, ",", &save))
		if (gs_pattern(&g, p) == -1) {
			fprintf(stderr, "gen_stats: unknown pattern %s\n", p);
			return 2;
		}
	qsort(g.v, g.n, sizeof(*g.v), gs_cmp);
	gs_header(&g);
	for (i = 0; i < g.n; i++) {
		puts(g.v[i].s);
		free(g.v[i].s);
	}
	free(g.v);
	return ferror(stdout) ? 1 : 0;
}
