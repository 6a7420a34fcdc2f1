/*
 * gen_benign: one day of benign hosts, as Zeek conn.log, dns.log and
 * ssl.log (TSV, with #fields headers), to measure what detectd says
 * about traffic that is no attack at all.  Deterministic: same options,
 * same bytes.
 *
 *   gen_benign [-n hosts] [-s seed] [-t start_epoch] -o dir
 *
 * Every host (10.50.x.y) has a profile drawn from the seed, and does
 * what office machines do, in the patterns that make naive statistics
 * fire:
 *   - browsing in working hours: Poisson arrivals, Zipf-popular sites
 *     (the head of the list is the same for every host), a DNS lookup
 *     unless cached, a few connections per page, and now and then a page
 *     that opens ten to thirty connections at once to a CDN's addresses;
 *   - a cloud sync client (OneDrive, Dropbox, Google Drive) polling every
 *     5 to 27 minutes, jitter a few percent, in sessions of 45 minutes to
 *     7 hours;
 *   - push: Windows notification service reconnecting every 20 to 40
 *     minutes on 443, or, on Macs, Apple push on 5223;
 *   - telemetry and antivirus updates on a fixed period all day;
 *   - operating system updates: a few downloads of tens of megabytes;
 *   - video calls on some days: one long UDP flow to a Teams media relay
 *     sending 100 to 500 MB, with its signalling on 443;
 *   - an upload of 20 to 120 MB to cloud storage on some days;
 *   - the NXDOMAIN answers every LAN has: WPAD, search-suffix mistakes,
 *     typos.
 * Addresses of the named services are in the ranges those services
 * publish; the long tail of sites is made up under .example.
 *
 * The domain controller's and the hosts' Windows events go to
 * windows.json, the DC's in NXLog's shape, Sysmon's in Winlogbeat's:
 * the morning logon (4768, 4624), a mistyped password now and then
 * (4771 0x18), a mistyped user name (4768 0x6), a service retrying a
 * stale account name every ten minutes (4776 0xC0000064), processes
 * (Sysmon 1) including configuration management running PowerShell
 * under WMI, and software installing its update service (7045).
 * dir gets conn.log, dns.log, ssl.log, windows.json and hosts.txt (one
 * host a line: its address and its name).
 */
#include <sys/stat.h>

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"

#define GB_DAY_S	86400
#define GB_SITES	3000
#define GB_MAXHOSTS	60000

enum gb_file { GB_CONN, GB_DNS, GB_SSL, GB_WIN, GB_NFILES };

static const char *const gb_names[GB_NFILES] = {
	"conn.log", "dns.log", "ssl.log", "windows.json"
};

static const char *const gb_fields[GB_NFILES] = {
	"ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\t"
	"service\tduration\torig_bytes\tresp_bytes\tconn_state",
	"ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\t"
	"query\tqtype_name\trcode_name\tanswers",
	"ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tversion\t"
	"server_name\testablished",
	NULL
};

struct gb_line {
	int64_t		 ms;
	uint32_t	 seq;
	char		*s;
};

struct gb_list {
	struct gb_line	*v;
	size_t		 n, cap;
};

/* A named service: its name, the range it is served from, its port. */
struct gb_svc {
	const char	*name;
	uint32_t	 net;		/* first address of the range */
	uint32_t	 span;		/* addresses used in it */
	uint16_t	 port;
};

#define IP4(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			    (uint32_t)(c) << 8 | (uint32_t)(d))

static const struct gb_svc gb_sync[] = {
	{ "skyapi.live.net", IP4(13, 107, 42, 0), 16, 443 },
	{ "client.dropbox.com", IP4(162, 125, 19, 0), 8, 443 },
	{ "clients6.google.com", IP4(142, 250, 74, 0), 32, 443 },
};
static const struct gb_svc gb_wns = {
	"client.wns.windows.com", IP4(20, 42, 65, 0), 8, 443 };
static const struct gb_svc gb_apns = {
	"courier.push.apple.com", IP4(17, 57, 146, 0), 64, 5223 };
static const struct gb_svc gb_periodic[] = {
	{ "v10.events.data.microsoft.com", IP4(20, 189, 173, 0), 16, 443 },
	{ "settings-win.data.microsoft.com", IP4(20, 54, 24, 0), 8, 443 },
	{ "update.eset.com", IP4(91, 228, 167, 0), 8, 443 },
	{ "ocsp.digicert.com", IP4(192, 229, 211, 0), 4, 80 },
};
static const struct gb_svc gb_update = {
	"2.tlu.dl.delivery.mp.microsoft.com", IP4(23, 32, 238, 0), 64, 80 };
static const struct gb_svc gb_teams_media = {
	"worldaz.relay.teams.microsoft.com", IP4(52, 112, 0, 0), 256, 3478 };
static const struct gb_svc gb_teams = {
	"teams.microsoft.com", IP4(52, 113, 194, 0), 16, 443 };
static const struct gb_svc gb_upload[] = {
	{ "content.dropboxapi.com", IP4(162, 125, 6, 0), 8, 443 },
	{ "my.sharepoint.com", IP4(13, 107, 136, 0), 8, 443 },
	{ "www.googleapis.com", IP4(142, 250, 185, 0), 16, 443 },
};

/* The head of the popular sites; the tail is siteNNNN.example. */
static const char *const gb_head[] = {
	"www.google.com", "www.youtube.com", "outlook.office365.com",
	"www.microsoft.com", "www.wikipedia.org", "www.linkedin.com",
	"www.amazon.com", "login.microsoftonline.com", "github.com",
	"www.bing.com", "www.reddit.com", "stackoverflow.com",
	"www.nytimes.com", "www.bbc.co.uk", "slack.com", "zoom.us",
	"www.salesforce.com", "www.atlassian.com", "www.apple.com",
	"docs.google.com",
};
#define GB_NHEAD	(sizeof(gb_head) / sizeof(gb_head[0]))

struct gb {
	uint64_t	 rng;
	int64_t		 day;		/* start of the day, seconds */
	uint32_t	 nhosts;
	uint32_t	 uid;
	double		 zipf[GB_SITES];	/* cumulative */
	struct gb_list	 out[GB_NFILES];
	struct gen_out	 o;
};

struct gb_host {
	uint32_t	 ip;
	uint32_t	 n;		/* pc-N, userN */
	int		 mac;
	uint16_t	 port;
	int64_t		 dns_until[GB_SITES];	/* cache, ms */
};

static void
usage(void)
{
	fprintf(stderr, "usage: gen_benign [-n hosts] [-s seed] "
	    "[-t start_epoch] -o dir\n");
	exit(2);
}

static double
gb_unit(struct gb *g)
{
	return (double)(gen_rand(&g->rng) >> 11) / 9007199254740992.0;
}

/* Exponential with the mean given. */
static double
gb_exp(struct gb *g, double mean)
{
	double	 u = gb_unit(g);

	return -mean * log1p(-u * 0.999999);
}

static void
gb_add(struct gb *g, enum gb_file f, int64_t ms, const char *fmt, ...)
    __attribute__((__format__(__printf__, 4, 5)));

static void
gb_add(struct gb *g, enum gb_file f, int64_t ms, const char *fmt, ...)
{
	struct gb_list	*l = &g->out[f];
	va_list		 ap;
	char		 buf[1024];

	if (ms < g->day * 1000 || ms >= (g->day + GB_DAY_S) * 1000)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 65536;
		if ((l->v = realloc(l->v, l->cap * sizeof(*l->v))) == NULL) {
			perror("gen_benign");
			exit(1);
		}
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	l->v[l->n].ms = ms;
	l->v[l->n].seq = (uint32_t)l->n;
	if ((l->v[l->n].s = strdup(buf)) == NULL) {
		perror("gen_benign");
		exit(1);
	}
	l->n++;
}

static const char *
gb_ip(uint32_t ip, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
	    (ip >> 8) & 255, ip & 255);
	return buf;
}

static uint32_t
gb_svc_ip(struct gb *g, const struct gb_svc *s)
{
	return s->net + gen_below(&g->rng, s->span);
}

/* A site's name into buf and its addresses: a CDN serves from many. */
static void
gb_site(uint32_t i, char *buf, size_t len, uint32_t *net, uint32_t *span)
{
	uint64_t	 h;

	if (i < GB_NHEAD)
		snprintf(buf, len, "%s", gb_head[i]);
	else
		snprintf(buf, len, "www.site%04u.example", i);
	h = gen_hash(buf, strlen(buf));
	/* 198.18.0.0/15, the benchmark range: no real site lives there. */
	*net = IP4(198, 18, 0, 0) + (uint32_t)(h % 500) * 256;
	*span = i < 200 ? 32 : i % 3 == 0 ? 8 : 1;
}

/* One connection, and its ssl.log line when it is TLS on 443. */
static void
gb_conn(struct gb *g, struct gb_host *h, int64_t ms, uint32_t dst,
    uint16_t dport, const char *proto, const char *name, double dur,
    uint64_t ob, uint64_t ib)
{
	char	 a[16], b[16];
	uint32_t uid = ++g->uid;

	h->port = (uint16_t)(h->port >= 65000 ? 49152 : h->port + 1);
	gb_ip(h->ip, a, sizeof(a));
	gb_ip(dst, b, sizeof(b));
	/* Zeek logs a connection when it ends. */
	gb_add(g, GB_CONN, ms + (int64_t)(dur * 1000),
	    "%.6f\tCb%08x\t%s\t%u\t%s\t%u\t%s\t%s\t%.3f\t%" PRIu64 "\t%"
	    PRIu64 "\tSF", (double)ms / 1000, uid, a, h->port, b, dport,
	    proto, dport == 443 ? "ssl" : dport == 80 ? "http" : "-", dur,
	    ob, ib);
	if (dport == 443 && name != NULL)
		gb_add(g, GB_SSL, ms + 50, "%.6f\tCb%08x\t%s\t%u\t%s\t%u\t"
		    "TLSv13\t%s\tT", (double)(ms + 50) / 1000, uid, a, h->port,
		    b, dport, name);
}

/* A lookup of name answered by addr, or NXDOMAIN when addr is 0. */
static void
gb_dns(struct gb *g, struct gb_host *h, int64_t ms, const char *name,
    uint32_t addr)
{
	char	 a[16], b[16];

	gb_ip(h->ip, a, sizeof(a));
	gb_ip(addr, b, sizeof(b));
	gb_add(g, GB_DNS, ms, "%.6f\tDb%08x\t%s\t%u\t10.50.0.2\t53\tudp\t"
	    "%s\tA\t%s\t%s", (double)ms / 1000, ++g->uid, a,
	    50000 + gen_below(&g->rng, 15000), name,
	    addr ? "NOERROR" : "NXDOMAIN", addr ? b : "-");
}

/* Connections to a named service at ms, looked up first. */
static void
gb_svc_conn(struct gb *g, struct gb_host *h, int64_t ms,
    const struct gb_svc *s, double dur, uint64_t ob, uint64_t ib)
{
	uint32_t	 ip = gb_svc_ip(g, s);

	gb_dns(g, h, ms - 20, s->name, ip);
	gb_conn(g, h, ms, ip, s->port, s->port == 3478 ? "udp" : "tcp",
	    s->name, dur, ob, ib);
}

/* ms of the next event of a period with jitter (fraction). */
static int64_t
gb_next(struct gb *g, int64_t ms, double period_s, double jitter)
{
	double	 j = (gb_unit(g) * 2 - 1) * jitter;

	return ms + (int64_t)(period_s * (1 + j) * 1000);
}

/* A page: DNS unless cached, then a few connections, or many. */
static void
gb_page(struct gb *g, struct gb_host *h, int64_t ms)
{
	double		 u = gb_unit(g);
	uint32_t	 lo = 0, hi = GB_SITES - 1, mid, site, net, span;
	uint32_t	 n, k;
	char		 name[64];

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (g->zipf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	site = lo;
	gb_site(site, name, sizeof(name), &net, &span);
	if (h->dns_until[site] < ms) {
		gb_dns(g, h, ms, name, net);
		h->dns_until[site] = ms + 300000;
	}
	n = gen_below(&g->rng, 20) == 0 ? 10 + gen_below(&g->rng, 21) :
	    1 + gen_below(&g->rng, 5);
	for (k = 0; k < n; k++)
		gb_conn(g, h, ms + 30 + k * 7, net + (span > 1 ?
		    gen_below(&g->rng, span) : 0), site % 7 == 0 ? 80 : 443,
		    "tcp", name, 0.2 + gb_unit(g) * 20,
		    400 + gen_skewed(&g->rng, 0, 4000),
		    1000 + gen_skewed(&g->rng, 0, 800000));
}

/* Working hours 8:00 to 18:00 with lunch, Poisson arrivals. */
static void
gb_browse(struct gb *g, struct gb_host *h)
{
	double	 rate = 10 + gb_unit(g) * 70;	/* pages an hour */
	int64_t	 ms = (g->day + 8 * 3600) * 1000;
	int64_t	 end = (g->day + 18 * 3600) * 1000;
	int64_t	 tod;

	while ((ms += (int64_t)(gb_exp(g, 3600.0 / rate) * 1000)) < end) {
		tod = ms / 1000 - g->day;
		if (tod >= 12 * 3600 && tod < 12 * 3600 + 2700)
			continue;
		gb_page(g, h, ms);
	}
}

/* The sync client: sessions in which it polls every few minutes. */
static void
gb_sync_client(struct gb *g, struct gb_host *h)
{
	const struct gb_svc	*s = &gb_sync[gen_below(&g->rng, 3)];
	double			 period = 300 + gb_unit(g) * 1320;
	int			 sessions = 1 + (int)gen_below(&g->rng, 2), i;
	int64_t			 ms, end;

	for (i = 0; i < sessions; i++) {
		ms = (g->day + 7 * 3600 + gen_below(&g->rng, 9 * 3600)) *
		    1000LL;
		end = ms + (2700 + (int64_t)gen_below(&g->rng, 22500)) *
		    1000;
		for (; ms < end; ms = gb_next(g, ms, period, 0.04))
			gb_svc_conn(g, h, ms, s, 0.3 + gb_unit(g),
			    900 + gen_below(&g->rng, 300),
			    4200 + gen_below(&g->rng, 600));
	}
}

/* Push, telemetry, antivirus: all day, each on its own period. */
static void
gb_background(struct gb *g, struct gb_host *h)
{
	const struct gb_svc	*push = h->mac ? &gb_apns : &gb_wns;
	int64_t			 ms, start = g->day * 1000, end = start +
				    GB_DAY_S * 1000LL;
	double			 period;
	size_t			 i;

	period = 1200 + gb_unit(g) * 1200;
	for (ms = start + gen_below(&g->rng, 600000); ms < end;
	    ms = gb_next(g, ms, period, 0.03))
		gb_svc_conn(g, h, ms, push, period * 0.9, 2100, 5300);
	for (i = 0; i < sizeof(gb_periodic) / sizeof(gb_periodic[0]); i++) {
		if (h->mac && i < 2)
			continue;
		period = (i == 2 ? 3600 : 900 + gen_below(&g->rng, 2700));
		for (ms = start + gen_below(&g->rng, 900000); ms < end;
		    ms = gb_next(g, ms, period, 0.02))
			gb_svc_conn(g, h, ms, &gb_periodic[i], 0.4,
			    600 + gen_below(&g->rng, 900),
			    3000 + gen_below(&g->rng, 30000));
	}
}

/* Updates, a video call, an upload, and the NXDOMAINs of a LAN. */
static void
gb_events(struct gb *g, struct gb_host *h)
{
	int64_t		 ms, work = (g->day + 8 * 3600) * 1000LL;
	double		 dur;
	uint32_t	 i, n;
	char		 name[80];

	for (i = 0, n = 1 + gen_below(&g->rng, 4); !h->mac && i < n; i++)
		gb_svc_conn(g, h, work + gen_below(&g->rng, 36000000),
		    &gb_update, 30 + gb_unit(g) * 300, 20000,
		    5000000 + gen_skewed(&g->rng, 0, 200000000));
	if (gen_below(&g->rng, 5) < 2) {
		ms = work + gen_below(&g->rng, 30000000);
		dur = 1800 + gb_unit(g) * 3600;
		gb_svc_conn(g, h, ms - 2000, &gb_teams, dur, 60000, 200000);
		gb_svc_conn(g, h, ms, &gb_teams_media, dur,
		    (uint64_t)(dur * (60000 + gb_unit(g) * 80000)),
		    (uint64_t)(dur * 150000));
	}
	if (gen_below(&g->rng, 5) == 0) {
		ms = work + gen_below(&g->rng, 30000000);
		n = 1 + gen_below(&g->rng, 5);
		for (i = 0; i < n; i++)
			gb_svc_conn(g, h, ms + i * 240000, &gb_upload[i % 3],
			    200, (20000000 + gen_skewed(&g->rng, 0,
			    100000000)) / n, 30000);
	}
	for (ms = g->day * 1000LL + gen_below(&g->rng, 3600000);
	    ms < (g->day + GB_DAY_S) * 1000LL; ms += 3600000)
		gb_dns(g, h, ms, "wpad.corp.example", 0);
	for (i = 0, n = gen_below(&g->rng, 6); i < n; i++) {
		gb_site(gen_below(&g->rng, GB_SITES), name, sizeof(name),
		    &(uint32_t){ 0 }, &(uint32_t){ 0 });
		strncat(name, i % 2 ? ".corp.example" : "m", sizeof(name) -
		    strlen(name) - 1);
		gb_dns(g, h, work + gen_below(&g->rng, 36000000), name, 0);
	}
}

/* "2026-03-09 08:01:02" and "...T08:01:02.000Z" for ms. */
static void
gb_when(int64_t ms, char *nx, char *iso, size_t len)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	gen_gmtime(ms / 1000, &tm);
	snprintf(nx, len, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	gen_iso_time(&tm, (int)(ms % 1000), "Z", iso, len);
}

/* A Security event of the DC, NXLog's shape: members after EventID. */
static void
gb_dc(struct gb *g, int64_t ms, int id, const char *fmt, ...)
    __attribute__((__format__(__printf__, 4, 5)));

static void
gb_dc(struct gb *g, int64_t ms, int id, const char *fmt, ...)
{
	char	 nx[64], iso[64], rest[600];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(rest, sizeof(rest), fmt, ap);
	va_end(ap);
	gb_when(ms, nx, iso, sizeof(nx));
	gb_add(g, GB_WIN, ms, "{\"EventTime\":\"%s\",\"Hostname\":"
	    "\"dc01.corp.example\",\"EventID\":%d,\"Channel\":\"Security\","
	    "\"SourceName\":\"Microsoft-Windows-Security-Auditing\",%s}",
	    nx, id, rest);
}

/* A Sysmon 1 of the host, Winlogbeat's shape; paths JSON-escaped. */
static void
gb_proc(struct gb *g, struct gb_host *h, int64_t ms, const char *parent,
    const char *image, const char *cmd)
{
	char	 nx[64], iso[64];

	gb_when(ms, nx, iso, sizeof(nx));
	gb_add(g, GB_WIN, ms, "{\"@timestamp\":\"%s\",\"host\":{\"name\":"
	    "\"pc-%04u.corp.example\"},\"winlog\":{\"event_id\":1,"
	    "\"channel\":\"Microsoft-Windows-Sysmon/Operational\","
	    "\"computer_name\":\"pc-%04u.corp.example\",\"event_data\":{"
	    "\"UtcTime\":\"%s.%03d\",\"ParentImage\":\"%s\",\"Image\":"
	    "\"%s\",\"CommandLine\":\"%s\",\"User\":\"CORP\\\\user%04u\"}}}",
	    iso, h->n, h->n, nx, (int)(ms % 1000), parent, image, cmd, h->n);
}

#define GB_SYS32	"C:\\\\Windows\\\\System32\\\\"

/* The morning logon, with the mistakes people make. */
static void
gb_logon(struct gb *g, struct gb_host *h, int64_t ms)
{
	char	 a[16];
	int	 i, typos = gen_below(&g->rng, 4) == 0 ?
		    1 + (int)gen_below(&g->rng, 3) : 0;

	gb_ip(h->ip, a, sizeof(a));
	if (gen_below(&g->rng, 10) == 0)
		gb_dc(g, ms - 30000, 4768, "\"TargetUserName\":\"usr%04u\","
		    "\"IpAddress\":\"::ffff:%s\",\"Status\":\"0x6\"", h->n,
		    a);
	for (i = 0; i < typos; i++)
		gb_dc(g, ms - 20000 + i * 4000, 4771, "\"TargetUserName\":"
		    "\"user%04u\",\"IpAddress\":\"::ffff:%s\",\"Status\":"
		    "\"0x18\"", h->n, a);
	gb_dc(g, ms, 4768, "\"TargetUserName\":\"user%04u\",\"IpAddress\":"
	    "\"::ffff:%s\",\"Status\":\"0x0\"", h->n, a);
	gb_dc(g, ms + 300, 4624, "\"TargetUserName\":\"user%04u\","
	    "\"WorkstationName\":\"PC-%04u\",\"IpAddress\":\"%s\","
	    "\"LogonType\":\"3\"", h->n, h->n, a);
}

/* A day of a Windows host's events. */
static void
gb_windows(struct gb *g, struct gb_host *h)
{
	int64_t		 ms = (g->day + 7 * 3600 + 1800 +
			    gen_below(&g->rng, 5400)) * 1000LL;
	int64_t		 t;
	int		 i;

	if (h->mac)
		return;
	gb_logon(g, h, ms);
	for (i = 0; i < 8; i++)
		gb_proc(g, h, ms + gen_below(&g->rng, 32000000),
		    "C:\\\\Windows\\\\explorer.exe", "C:\\\\Program Files\\\\"
		    "Google\\\\Chrome\\\\Application\\\\chrome.exe",
		    "\\\"C:\\\\Program Files\\\\Google\\\\Chrome\\\\"
		    "Application\\\\chrome.exe\\\"");
	gb_proc(g, h, ms - 600000, GB_SYS32 "services.exe", GB_SYS32
	    "svchost.exe", GB_SYS32 "svchost.exe -k netsvcs -p -s Schedule");
	if (gen_below(&g->rng, 5) == 0)
		gb_proc(g, h, ms + gen_below(&g->rng, 30000000), GB_SYS32
		    "wbem\\\\WmiPrvSE.exe", GB_SYS32 "WindowsPowerShell\\\\"
		    "v1.0\\\\powershell.exe", "powershell.exe -NoLogo "
		    "-NonInteractive -NoProfile -ExecutionPolicy Bypass -File "
		    "C:\\\\Windows\\\\CCM\\\\SystemTemp\\\\inventory.ps1");
	if (gen_below(&g->rng, 10) == 0)
		gb_dc(g, ms + gen_below(&g->rng, 30000000), 7045,
		    "\"ServiceName\":\"GoogleUpdaterService\",\"ImagePath\":"
		    "\"\\\"C:\\\\Program Files (x86)\\\\Google\\\\"
		    "GoogleUpdater\\\\updater.exe\\\" --system "
		    "--windows-service\"");
	/* One host in fifteen has a service with a stale account. */
	if (h->n % 15 == 1)
		for (t = ms; t < ms + 3600000; t += 600000)
			gb_dc(g, t, 4776, "\"TargetUserName\":\"svc_old\","
			    "\"Workstation\":\"PC-%04u\",\"Status\":"
			    "\"0xc0000064\"", h->n);
}

static int
gb_cmp(const void *a, const void *b)
{
	const struct gb_line	*x = a, *y = b;

	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
gb_write(struct gb *g, const char *dir, enum gb_file f)
{
	struct gb_list	*l = &g->out[f];
	char		 path[4096];
	size_t		 i;

	snprintf(path, sizeof(path), "%s/%s", dir, gb_names[f]);
	if (freopen(path, "w", stdout) == NULL) {
		perror(path);
		exit(1);
	}
	qsort(l->v, l->n, sizeof(*l->v), gb_cmp);
	if (gb_fields[f] != NULL)
		printf("#separator \\x09\n#path\t%.*s\n#fields\t%s\n",
		    (int)(strchr(gb_names[f], '.') - gb_names[f]),
		    gb_names[f], gb_fields[f]);
	for (i = 0; i < l->n; i++) {
		gen_reserve(&g->o, 1100);
		gen_puts(&g->o, l->v[i].s);
		gen_putc(&g->o, '\n');
		free(l->v[i].s);
	}
	gen_flush(&g->o);
	fflush(stdout);
	free(l->v);
}

static void
gb_hosts(struct gb *g, const char *dir)
{
	struct gb_host	*h;
	char		 path[4096], a[16];
	FILE		*fp;
	uint32_t	 i;
	double		 sum = 0;

	for (i = 0; i < GB_SITES; i++)
		sum += 1.0 / (i + 1);
	for (i = 0; i < GB_SITES; i++)
		g->zipf[i] = (i ? g->zipf[i - 1] : 0) + 1.0 / (i + 1) / sum;
	snprintf(path, sizeof(path), "%s/hosts.txt", dir);
	if ((fp = fopen(path, "w")) == NULL || (h = calloc(1,
	    sizeof(*h))) == NULL) {
		perror(path);
		exit(1);
	}
	for (i = 0; i < g->nhosts; i++) {
		memset(h, 0, sizeof(*h));
		h->ip = IP4(10, 50, 1 + i / 250, 1 + i % 250);
		h->n = i + 1;
		h->mac = gen_below(&g->rng, 5) == 0;
		h->port = (uint16_t)(49152 + gen_below(&g->rng, 10000));
		fprintf(fp, "%s pc-%04u\n", gb_ip(h->ip, a, sizeof(a)), h->n);
		gb_browse(g, h);
		gb_sync_client(g, h);
		gb_background(g, h);
		gb_events(g, h);
		gb_windows(g, h);
	}
	fclose(fp);
	free(h);
}

int
main(int argc, char *argv[])
{
	static struct gb g;
	const char	*dir = NULL;
	int		 ch, f;

	g.o.name = "gen_benign";
	g.nhosts = 20;
	g.rng = 1;
	g.day = 1773014400;	/* 2026-03-09, a Monday */
	while ((ch = getopt(argc, argv, "n:o:s:t:")) != -1) {
		switch (ch) {
		case 'n':
			g.nhosts = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'o':
			dir = optarg;
			break;
		case 's':
			g.rng = strtoull(optarg, NULL, 10);
			break;
		case 't':
			g.day = strtoll(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	if (dir == NULL || g.nhosts == 0 || g.nhosts > GB_MAXHOSTS)
		usage();
	g.rng = g.rng * 0x9e3779b97f4a7c15ULL + 15;
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		perror(dir);
		return 1;
	}
	gb_hosts(&g, dir);
	for (f = 0; f < GB_NFILES; f++)
		gb_write(&g, dir, (enum gb_file)f);
	return 0;
}
