/*
 * gen_campaign: a targeted attack across a LAN, stages 1 to 6, written
 * as the logs a SOC has (Squid proxy, its native fields and the request
 * size, %>st, that shows uploads; BIND queries, iptables, the domain
 * controller's Security log, the endpoints' Sysmon and Security logs as
 * NXLog JSON, ISC dhcpd) over benign background of the same sources,
 * and the ground truth it planted.  Deterministic: same options, same
 * bytes.
 *
 *   gen_campaign [-b] [-n endpoints] [-H hours] [-r rate] [-s seed]
 *       [-t start_epoch] -o dir
 *
 * -b writes the background alone.  -r is proxy requests per endpoint
 * per hour (other sources scale with it).  dir gets proxy.log, dns.log,
 * fw.log, dc.log, endpoint.log, dhcp.log, mail.log and truth.tsv; the
 * files' times
 * are set to the scenario's end so that syslog dates without a year
 * resolve to its year.
 *
 * The attack: patient zero A is mailed 見積もり用写真.xlsxs.exe (an
 * executable dressed as a spreadsheet; the relay's amavis bans it), then
 * follows a phishing link, downloads and runs
 * a dropper, which fetches a second stage and beacons to its C2; it
 * dumps credentials, sprays passwords at the domain controller, then
 * PsExecs to B with a stolen admin account, and from B to C; B and C
 * beacon too; C stages data from the file server and uploads it (three
 * 12 MB POSTs to an address, short pages in reply).  The background
 * posts forms and shares files of 1 to 31 MB through the office suite,
 * chat and a cloud drive.  A's
 * lease moves to another address half-way and a benign laptop takes the
 * old one.  truth.tsv lists each planted event with the rules expected
 * to find it, and the composite alerts expected.
 */
#include <sys/stat.h>
#include <sys/time.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"

enum cf { F_PROXY, F_DNS, F_FW, F_DC, F_ENDPOINT, F_DHCP, F_MAIL, F_MAX };

static const char *const cf_names[F_MAX] = {
	"proxy.log", "dns.log", "fw.log", "dc.log", "endpoint.log", "dhcp.log",
	"mail.log"
};

struct cl {
	int64_t		 t;
	uint32_t	 seq;
	enum cf		 f;
	char		*s;
};

struct clist {
	struct cl	*v;
	size_t		 n, cap, next;
};

struct camp {
	uint64_t	 rng;
	/* the mail log's own numbers, so that the other logs stay as they were */
	uint64_t	 mrng;
	uint32_t	 n;		/* endpoints */
	uint32_t	 rate;		/* proxy requests per endpoint per hour */
	int64_t		 t0, t1;
	int		 attack;
	uint32_t	 seq;
	struct clist	 plant;		/* planted and scheduled lines */
	struct clist	 minute;	/* lines of the minute being written */
	FILE		*f[F_MAX];
	FILE		*truth;
	/* the attack's endpoints, and A's new address after its move */
	uint32_t	 a, b, c, laptop;
	int64_t		 move_t;
};

static const char *const cbenign[] = {
	"www.office.com", "outlook.office365.com", "teams.microsoft.com",
	"www.google.com", "news.yahoo.co.jp", "www.nikkei.com",
	"github.com", "stackoverflow.com", "www.amazon.co.jp",
	"intranet.corp.example", "docs.example.org", "cdn.jsdelivr.net",
	"slack.com", "zoom.us", "www.wikipedia.org", "www.bbc.co.uk",
};
#define CBENIGN	(sizeof(cbenign) / sizeof(cbenign[0]))

/* Where the background shares files: office suite, chat, a cloud drive. */
static const char *const cupload[] = {
	"www.office.com", "teams.microsoft.com", "slack.com", "www.dropbox.com",
};
#define CUPLOAD	(sizeof(cupload) / sizeof(cupload[0]))

static const char *const capps[] = {
	"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
	"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
	"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
	"C:\\Windows\\System32\\notepad.exe",
	"C:\\Program Files\\Microsoft Teams\\current\\Teams.exe",
};
#define CAPPS	(sizeof(capps) / sizeof(capps[0]))

#define C2_DOMAIN	"update-check.badcdn.example"
#define C2_IP		"203.0.113.66"
#define PHISH_DOMAIN	"login-microsoftonline.phish.example"
#define DROP_DOMAIN	"cdn-static.dropzone.test"
#define DROP_FILE	"invoice_viewer.exe"
#define STAGE2_URL	"http://dl.payload-host.test/stage2/loader.bin"
#define DUMPER_MD5	"5f4dcc3b5aa765d61d8327deb882cf99"
#define EXFIL_IP	"198.51.100.77"
#define SCANNER_IP	"185.220.101.9"
#define DC_IP		"10.1.0.10"
#define FS_IP		"10.1.0.20"
#define WEB_IP		"10.1.0.80"
#define ADMIN_USER	"adm-backup"
#define MAIL_FROM	"sales@mitsumori-request.example"
#define MAIL_CLIENT	"192.0.2.66"
#define MAIL_FILE	"\xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a" \
			"\xe7\x94\xa8\xe5\x86\x99\xe7\x9c\x9f.xlsxs.exe"

/* gen_below(), where n may be 0: then no number is drawn. */
static uint32_t
c_below(struct camp *c, uint32_t n)
{
	return n == 0 ? 0 : gen_below(&c->rng, n);
}

static void
c_ip_of(uint32_t i, char *buf, size_t size)
{
	snprintf(buf, size, "10.20.%u.%u", i / 250, i % 250 + 1);
}

static void
c_host_of(uint32_t i, char *buf, size_t size)
{
	snprintf(buf, size, "WS%05u", i);
}

/* The address endpoint i holds at time t (A's lease moves). */
static void
c_ip_at(const struct camp *c, uint32_t i, int64_t t, char *buf, size_t size)
{
	if (c->attack && i == c->a && t >= c->move_t)
		snprintf(buf, size, "10.20.250.%u", 7);
	else if (c->attack && i == c->laptop && t >= c->move_t + 300000)
		c_ip_of(c->a, buf, size);
	else
		c_ip_of(i, buf, size);
}

static void
c_push(struct clist *l, int64_t t, uint32_t seq, enum cf f, char *s)
{
	struct cl	*nv;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		if ((nv = realloc(l->v, l->cap * sizeof(*nv))) == NULL) {
			perror("gen_campaign");
			exit(1);
		}
		l->v = nv;
	}
	l->v[l->n].t = t;
	l->v[l->n].seq = seq;
	l->v[l->n].f = f;
	l->v[l->n++].s = s;
}

static void __attribute__((format(printf, 4, 5)))
c_line(struct camp *c, enum cf f, int64_t t, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1) {
		perror("gen_campaign");
		exit(1);
	}
	va_end(ap);
	c_push(&c->plant, t, c->seq++, f, s);
}

static void
c_tm(int64_t t, struct tm *tm)
{
	time_t	 s = (time_t)(t / 1000);

	gmtime_r(&s, tm);
}

/*
 * The proxy's lines are Squid's native fields followed by the request
 * size (%>st, detectd.conf(5)): the request's headers, a few hundred
 * bytes, and its body, if any, as source.bytes; the reply size is
 * bytes.
 */
static void
c_proxy(struct camp *c, int64_t t, const char *ip, const char *method,
    const char *url, int status, long long bytes, long long body,
    const char *dst, const char *type)
{
	uint32_t	 elapsed = 50 + c_below(c, 900);
	long long	 sent = body + 350 + c_below(c, 500);

	c_line(c, F_PROXY, t, "%lld.%03d %6u %s TCP_MISS/%03d %lld %s %s - "
	    "HIER_DIRECT/%s %s %lld", (long long)(t / 1000), (int)(t % 1000),
	    elapsed, ip, status, bytes, method, url, dst, type, sent);
}

/* A tunnel, sent the bytes the client sent through it. */
static void
c_tunnel(struct camp *c, int64_t t, const char *ip, const char *host,
    const char *dst, long long sent)
{
	uint32_t	 elapsed = 1000 + c_below(c, 60000);
	uint32_t	 got = 3000 + c_below(c, 4000);

	c_line(c, F_PROXY, t, "%lld.%03d %6u %s TCP_TUNNEL/200 %u CONNECT "
	    "%s:443 - HIER_DIRECT/%s - %lld", (long long)(t / 1000),
	    (int)(t % 1000), elapsed, ip, got, host, dst, sent);
}

/* A tunnel of a page or a poll: a few kilobytes each way. */
static void
c_connect(struct camp *c, int64_t t, const char *ip, const char *host,
    const char *dst)
{
	c_tunnel(c, t, ip, host, dst, 600 + c_below(c, 2400));
}

static void
c_dns(struct camp *c, int64_t t, const char *ip, const char *name)
{
	struct tm	 tm;

	c_tm(t, &tm);
	c_line(c, F_DNS, t, "%02d-%s-%04d %02d:%02d:%02d.%03d queries: info: "
	    "client @0x7f%010" PRIx64 " %s#%u (%s): query: %s IN A + "
	    "(10.1.0.53)", tm.tm_mday, gen_month(tm.tm_mon), tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(t % 1000),
	    (uint64_t)(gen_rand(&c->rng) & 0xffffffffffULL), ip,
	    1024 + c_below(c, 60000), name, name);
}

static void
c_syslog_time(int64_t t, char *buf, size_t size)
{
	struct tm	 tm;

	c_tm(t, &tm);
	gen_bsd_time(&tm, buf, size);
}

static void
c_fw(struct camp *c, int64_t t, const char *act, const char *src,
    const char *dst, int dport)
{
	char	 ts[32];

	c_syslog_time(t, ts, sizeof(ts));
	c_line(c, F_FW, t, "%s fw1 kernel: [%6lld.%06d] FW-%s IN=eth1 "
	    "OUT=eth2 MAC=00:16:3e:00:00:01:00:16:3e:00:00:1c:08:00 SRC=%s "
	    "DST=%s LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=%u DF PROTO=TCP "
	    "SPT=%u DPT=%d WINDOW=64240 RES=0x00 SYN URGP=0", ts,
	    (long long)((t - c->t0) / 1000 + 86400), (int)(t % 1000) * 1000,
	    act, src, dst, c_below(c, 65535), 1024 + c_below(c, 60000), dport);
}

static void
c_dhcp(struct camp *c, int64_t t, int ack, const char *ip, uint32_t i,
    const char *host)
{
	char	 ts[32];

	c_syslog_time(t, ts, sizeof(ts));
	if (ack)
		c_line(c, F_DHCP, t, "%s dhcp1 dhcpd[1234]: DHCPACK on %s to "
		    "00:16:3e:%02x:%02x:%02x (%s) via eth1", ts, ip,
		    (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, host);
	else
		c_line(c, F_DHCP, t, "%s dhcp1 dhcpd[1234]: DHCPRELEASE of %s "
		    "from 00:16:3e:%02x:%02x:%02x (%s) via eth1 (found)", ts,
		    ip, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, host);
}

/* JSON string body with \ and " escaped. */
static void
c_jesc(const char *s, char *out, size_t size)
{
	size_t	 n = 0;

	for (; *s != '\0' && n + 2 < size; s++) {
		if (*s == '\\' || *s == '"')
			out[n++] = '\\';
		out[n++] = *s;
	}
	out[n] = '\0';
}

/*
 * One Windows event as NXLog writes it: the system fields, then the
 * event data pairs (key, value, ..., NULL).
 */
static void
c_win(struct camp *c, enum cf f, int64_t t, const char *host, int id,
    ...)
{
	const char	*k, *v, *chan, *prov;
	char		 body[4096], esc[1024], ts[32];
	size_t		 n;
	struct tm	 tm;
	va_list		 ap;

	chan = id < 256 ? "Microsoft-Windows-Sysmon/Operational" :
	    id == 7045 ? "System" : "Security";
	prov = id < 256 ? "Microsoft-Windows-Sysmon" : id == 7045 ?
	    "Service Control Manager" : "Microsoft-Windows-Security-Auditing";
	c_tm(t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", &tm);
	n = (size_t)snprintf(body, sizeof(body), "{\"EventTime\":\"%s\","
	    "\"Hostname\":\"%s.corp.local\",\"EventID\":%d,\"SourceName\":"
	    "\"%s\",\"Channel\":\"%s\"", ts, host, id, prov, chan);
	va_start(ap, id);
	while ((k = va_arg(ap, const char *)) != NULL && n < sizeof(body)) {
		v = va_arg(ap, const char *);
		c_jesc(v, esc, sizeof(esc));
		n += (size_t)snprintf(body + n, sizeof(body) - n,
		    ",\"%s\":\"%s\"", k, esc);
	}
	va_end(ap);
	c_line(c, f, t, "%s}", body);
}

static void
c_truth(struct camp *c, int64_t t, int stage, const char *ep,
    const char *source, const char *expect, const char *what)
{
	char		 ts[32];
	struct tm	 tm;

	char		 ex[256], *p, *save = NULL;
	size_t		 n = 0;

	c_tm(t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* "match:1000002,stats:3000001": the analyzer by the id's range. */
	snprintf(ex, sizeof(ex), "%s", expect);
	fprintf(c->truth, "%s\t%d\t%s\t%s\t", ts, stage, ep, source);
	for (p = strtok_r(ex, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save))
		fprintf(c->truth, "%s%s%s", n++ > 0 ? "," : "",
		    *p == '1' ? "match:" : *p == '3' ? "stats:" :
		    *p == '4' ? "composite:" : "", p);
	fprintf(c->truth, "\t%s\n", what);
}

/* The endpoint key detectd gives host i: its short name, lower case. */
static void
c_key_of(uint32_t i, char *buf, size_t size)
{
	snprintf(buf, size, "ws%05u", i);
}

static void
c_stage1(struct camp *c, int64_t t)
{
	int	 p;

	/* 150 ports in 45 s: a vertical scan, and denies in bulk. */
	for (p = 0; p < 150; p++)
		c_fw(c, t + p * 300, "DROP", SCANNER_IP, WEB_IP, 20 + p * 37);
	c_truth(c, t, 1, SCANNER_IP, "firewall", "3000011,3000024",
	    "port scan of the web server from outside");
}

/* c_below() for the mail log. */
static uint32_t
m_below(struct camp *c, uint32_t n)
{
	return n == 0 ? 0 : gen_below(&c->mrng, n);
}

/* A Postfix queue id: 15 characters of its alphabet. */
static void
c_qid(struct camp *c, char *qid)
{
	static const char	 b[] = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjk";
	int			 i;

	for (i = 0; i < 15; i++)
		qid[i] = b[m_below(c, sizeof(b) - 1)];
	qid[15] = '\0';
}

/* One line of the mail relay's log, program prog, at t. */
static void __attribute__((format(printf, 4, 5)))
c_mail(struct camp *c, int64_t t, const char *prog, const char *fmt, ...)
{
	char	 ts[32], msg[1024];
	va_list	 ap;

	c_syslog_time(t, ts, sizeof(ts));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c_line(c, F_MAIL, t, "%s mx1 %s: %s", ts, prog, msg);
}

/* A message from outside to user i: received, scanned, delivered. */
static void
c_bg_mail(struct camp *c, uint32_t i, int64_t t)
{
	char	 qid[16];
	uint32_t s = m_below(c, 40);

	c_qid(c, qid);
	c_mail(c, t, "postfix/smtpd[2211]", "%s: client=mail%u.example.net"
	    "[198.51.100.%u]", qid, s, s + 10);
	c_mail(c, t + 400, "postfix/qmgr[2213]", "%s: from=<news%u@example."
	    "net>, size=%u, nrcpt=1 (queue active)", qid, s,
	    2000 + m_below(c, 90000));
	c_mail(c, t + 900, "amavis[3311]", "(03311-%02u) Passed CLEAN "
	    "{RelayedInbound}, [198.51.100.%u]:%u [198.51.100.%u] "
	    "<news%u@example.net> -> <u%05u@corp.example>, Queue-ID: %s, "
	    "Hits: -1.2, size: 5000, 410 ms", s, s + 10, 30000 + s, s + 10, s,
	    i, qid);
	c_mail(c, t + 1300, "postfix/lmtp[2214]", "%s: to=<u%05u@corp.example>,"
	    " relay=mbox.corp.local[10.1.0.25]:24, delay=1.3, delays=0.4/0/0/"
	    "0.9, dsn=2.0.0, status=sent (250 2.0.0 Ok)", qid, i);
	c_mail(c, t + 1400, "postfix/qmgr[2213]", "%s: removed", qid);
}

/*
 * The first stage by mail: A logs on, then a message from outside
 * carries an executable dressed as a spreadsheet, which the relay's
 * amavis bans by name; A then follows the phishing link (stage 2).
 */
static void
c_stage_mail(struct camp *c, int64_t t)
{
	char	 ip[32], key[16], user[16], qid[16];

	c_ip_at(c, c->a, t, ip, sizeof(ip));
	c_key_of(c->a, key, sizeof(key));
	snprintf(user, sizeof(user), "u%05u", c->a);
	c_win(c, F_DC, t - 10 * 60000, "DC01", 4624, "TargetUserName", user,
	    "TargetDomainName", "CORP", "LogonType", "3", "WorkstationName",
	    "-", "IpAddress", ip, "IpPort", "49152", "LogonProcessName",
	    "Kerberos", "AuthenticationPackageName", "Kerberos", NULL);
	c_qid(c, qid);
	c_mail(c, t, "postfix/smtpd[2211]", "%s: client=unknown[" MAIL_CLIENT
	    "]", qid);
	c_mail(c, t + 300, "postfix/qmgr[2213]", "%s: from=<" MAIL_FROM ">, "
	    "size=48213, nrcpt=1 (queue active)", qid);
	c_mail(c, t + 800, "amavis[3311]", "(03311-99) Blocked BANNED "
	    "(multipart/mixed | application/x-msdownload,.exe,.exe-ms,"
	    MAIL_FILE ") {DiscardedInbound,Quarantined}, [" MAIL_CLIENT
	    "]:40123 [" MAIL_CLIENT "] <" MAIL_FROM "> -> <%s@corp.example>, "
	    "quarantine: banned-x, Queue-ID: %s, size: 48213, 520 ms", user,
	    qid);
	c_mail(c, t + 900, "postfix/qmgr[2213]", "%s: removed", qid);
	c_truth(c, t + 800, 2, key, "mail", "1000222",
	    "mail with an executable dressed as a spreadsheet");
	c_truth(c, t + 10 * 60000 + 300, 2, key, "composite", "4000040",
	    "the recipient's endpoint reaches a new destination after the "
	    "mail");
}

static void
c_stage2(struct camp *c, int64_t t)
{
	char	 ip[32], key[16], img[128], user[32], host[16];

	c_ip_at(c, c->a, t, ip, sizeof(ip));
	c_key_of(c->a, key, sizeof(key));
	c_host_of(c->a, host, sizeof(host));
	c_dns(c, t, ip, PHISH_DOMAIN);
	c_proxy(c, t + 300, ip, "GET", "http://" PHISH_DOMAIN
	    "/common/oauth2/authorize?client_id=4765445b&login_hint=u", 200,
	    18722, 0, "203.0.113.21", "text/html");
	c_truth(c, t + 300, 2, key, "proxy", "1000002",
	    "phishing mail link opened");
	t += 2 * 60000;
	c_dns(c, t, ip, DROP_DOMAIN);
	c_proxy(c, t + 200, ip, "GET", "http://" DROP_DOMAIN "/dl/" DROP_FILE,
	    200, 482304, 0, "203.0.113.22", "application/x-msdownload");
	c_truth(c, t + 200, 2, key, "proxy", "1000002",
	    "drive-by download of an executable");
	snprintf(img, sizeof(img), "C:\\Users\\u%05u\\Downloads\\" DROP_FILE,
	    c->a);
	snprintf(user, sizeof(user), "CORP\\u%05u", c->a);
	t += 60000;
	c_win(c, F_ENDPOINT, t, host, 1, "Image", img, "ParentImage",
	    "C:\\Windows\\explorer.exe", "CommandLine", img, "User", user,
	    "Hashes", "MD5=0c1e7d5a4f3b2a1908f7e6d5c4b3a291", NULL);
	c_truth(c, t, 2, key, "endpoint", "4000003",
	    "the downloaded executable runs");
}

static void
c_stage3(struct camp *c, int64_t t)
{
	char	 ip[32], key[16], host[16];

	c_ip_at(c, c->a, t, ip, sizeof(ip));
	c_key_of(c->a, key, sizeof(key));
	c_host_of(c->a, host, sizeof(host));
	c_proxy(c, t, ip, "GET", STAGE2_URL, 200, 1245184, 0, "203.0.113.23",
	    "application/octet-stream");
	c_truth(c, t, 3, key, "proxy", "1000003",
	    "dropper fetches its second stage");
	c_win(c, F_ENDPOINT, t + 60000, host, 13, "EventType", "SetValue",
	    "Image", "C:\\Users\\Public\\updater.exe", "TargetObject",
	    "HKU\\S-1-5-21-1004\\Software\\Microsoft\\Windows\\CurrentVersion"
	    "\\Run\\Updater", "Details", "C:\\Users\\Public\\updater.exe",
	    NULL);
	c_truth(c, t + 60000, 3, key, "endpoint", "-",
	    "persistence in a Run key");
}

/* Host i beacons to the C2 every minute from t to the end. */
static void
c_beacon(struct camp *c, uint32_t i, int64_t t, int stage_row)
{
	char	 ip[32], key[16];
	int64_t	 b;

	c_key_of(i, key, sizeof(key));
	for (b = t; b < c->t1; b += 60000 + (int64_t)c_below(c, 3000) - 1500) {
		c_ip_at(c, i, b, ip, sizeof(ip));
		if ((b - t) % (15 * 60000) < 60000)
			c_dns(c, b - 40, ip, C2_DOMAIN);
		c_connect(c, b, ip, C2_DOMAIN, C2_IP);
	}
	c_truth(c, t, 5, key, "proxy", "1000001,3000001",
	    "beacon to the C2 every minute");
	c_truth(c, t - 40, 5, key, "dns", "1000005", "C2 domain resolved");
	if (stage_row)
		c_truth(c, t + 5 * 60000, 5, key, "composite", "4000001",
		    "continuity: the C2 finding again and again");
}

static void
c_stage4_creds(struct camp *c, int64_t t)
{
	char	 ip[32], key[16], host[16], user[16], tu[16], ws[16];
	int	 k;

	c_ip_at(c, c->a, t, ip, sizeof(ip));
	c_key_of(c->a, key, sizeof(key));
	c_host_of(c->a, host, sizeof(host));
	snprintf(user, sizeof(user), "CORP\\u%05u", c->a);
	c_win(c, F_ENDPOINT, t, host, 1, "Image", "C:\\Users\\Public\\mm.exe",
	    "ParentImage", "C:\\Windows\\System32\\cmd.exe", "CommandLine",
	    "mm.exe privilege::debug sekurlsa::logonpasswords exit", "User",
	    user, "Hashes", "MD5=" DUMPER_MD5, NULL);
	c_truth(c, t, 4, key, "endpoint", "1000006", "credential dumper runs");
	t += 5 * 60000;
	snprintf(ws, sizeof(ws), "%s", host);
	for (k = 0; k < 20; k++) {
		snprintf(tu, sizeof(tu), "u%05u", (c->a + 100 + k * 7) % c->n);
		c_win(c, F_DC, t + k * 9000, "DC01", 4625, "TargetUserName",
		    tu, "TargetDomainName", "CORP", "Status", "0xc000006d",
		    "SubStatus", "0xc000006a", "LogonType", "3",
		    "WorkstationName", ws, "IpAddress", ip, "IpPort", "50123",
		    "AuthenticationPackageName", "NTLM", NULL);
	}
	c_truth(c, t, 4, key, "ad", "3000031", "password spray at the DC");
}

static void
c_psexec(struct camp *c, uint32_t i, uint32_t j, int64_t t)
{
	char	 sip[32], dip[32], sk[16], dk[16], sh[16], dh[16], cmd[96];

	c_ip_at(c, i, t, sip, sizeof(sip));
	c_ip_at(c, j, t, dip, sizeof(dip));
	c_key_of(i, sk, sizeof(sk));
	c_key_of(j, dk, sizeof(dk));
	c_host_of(i, sh, sizeof(sh));
	c_host_of(j, dh, sizeof(dh));
	snprintf(cmd, sizeof(cmd), "PsExec64.exe \\\\%s -accepteula -s "
	    "cmd.exe", dh);
	c_win(c, F_ENDPOINT, t, sh, 1, "Image", "C:\\Users\\Public\\"
	    "PsExec64.exe", "ParentImage", "C:\\Windows\\System32\\cmd.exe",
	    "CommandLine", cmd, "User", "CORP\\" ADMIN_USER, NULL);
	c_truth(c, t, 4, sk, "endpoint", "1000013", "PsExec run");
	c_fw(c, t + 500, "ACCEPT", sip, dip, 445);
	c_win(c, F_DC, t + 700, "DC01", 4776, "PackageName",
	    "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0", "TargetUserName",
	    ADMIN_USER, "Workstation", sh, "Status", "0x0", NULL);
	c_win(c, F_ENDPOINT, t + 900, dh, 4624, "TargetUserName", ADMIN_USER,
	    "TargetDomainName", "CORP", "LogonType", "3", "WorkstationName",
	    sh, "IpAddress", sip, "IpPort", "50211", "LogonProcessName",
	    "NtLmSsp", "AuthenticationPackageName", "NTLM", NULL);
	c_win(c, F_ENDPOINT, t + 1200, dh, 5145, "SubjectUserName",
	    ADMIN_USER, "IpAddress", sip, "ShareName", "\\\\*\\ADMIN$",
	    "RelativeTargetName", "PSEXESVC.exe", "AccessMask", "0x2", NULL);
	c_truth(c, t + 1200, 4, sk, "ad", "1000010",
	    "PsExec service copied to ADMIN$");
	c_win(c, F_ENDPOINT, t + 1500, dh, 7045, "ServiceName", "PSEXESVC",
	    "ImagePath", "%SystemRoot%\\PSEXESVC.exe", "ServiceType",
	    "user mode service", "StartType", "demand start", "AccountName",
	    "LocalSystem", NULL);
	c_truth(c, t + 1500, 4, dk, "endpoint", "1000011",
	    "PsExec service installed");
	c_win(c, F_ENDPOINT, t + 1800, dh, 1, "Image",
	    "C:\\Windows\\PSEXESVC.exe", "ParentImage",
	    "C:\\Windows\\System32\\services.exe", "CommandLine",
	    "C:\\Windows\\PSEXESVC.exe", "User", "NT AUTHORITY\\SYSTEM", NULL);
	c_truth(c, t + 1800, 4, dk, "endpoint", "1000012",
	    "PsExec service runs");
	c_truth(c, t + 1800, 4, dk, "composite", "4000004",
	    "combination: share access, then service install");
}

static void
c_stage6(struct camp *c, int64_t t)
{
	char	 ip[32], key[16], host[16];
	int	 k;

	c_ip_at(c, c->c, t, ip, sizeof(ip));
	c_key_of(c->c, key, sizeof(key));
	c_host_of(c->c, host, sizeof(host));
	c_win(c, F_ENDPOINT, t, host, 1, "Image", "C:\\Users\\Public\\rar.exe",
	    "ParentImage", "C:\\Windows\\System32\\cmd.exe", "CommandLine",
	    "rar.exe a -hpinfected C:\\Users\\Public\\q.rar "
	    "\\\\FS01\\finance\\*", "User", "CORP\\" ADMIN_USER, NULL);
	c_fw(c, t + 1000, "ACCEPT", ip, FS_IP, 445);
	c_win(c, F_ENDPOINT, t + 1200, "FS01", 4624, "TargetUserName",
	    ADMIN_USER, "TargetDomainName", "CORP", "LogonType", "3",
	    "WorkstationName", host, "IpAddress", ip, "IpPort", "50999",
	    "AuthenticationPackageName", "NTLM", NULL);
	c_truth(c, t, 6, key, "endpoint", "-",
	    "data staged from the file server into an archive");
	t += 30 * 60000;
	/* 12 MB bodies; the replies are short pages. */
	for (k = 0; k < 3; k++)
		c_proxy(c, t + k * 120000, ip, "POST", "http://" EXFIL_IP
		    "/upload", 200, 180 + k * 37, 12582912LL + k * 1000,
		    EXFIL_IP, "text/html");
	c_truth(c, t, 6, key, "proxy", "1000106,3000040",
	    "archive uploaded to an outside address");
}

static void
c_attack(struct camp *c)
{
	char	 ip[32], key[16], host[16], path[128];
	int64_t	 m = 60000, h = 60 * m, t0 = c->t0;

	c_stage1(c, t0 + 10 * m);
	c_stage_mail(c, t0 + 20 * m);
	c_stage2(c, t0 + 30 * m);
	c_stage3(c, t0 + 35 * m);
	c_beacon(c, c->a, t0 + 40 * m, 1);
	c_stage4_creds(c, t0 + 2 * h);
	c_psexec(c, c->a, c->b, t0 + 2 * h + 30 * m);
	c_key_of(c->a, key, sizeof(key));
	snprintf(path, sizeof(path), "%s>ws%05u", key, c->b);
	c_truth(c, t0 + 2 * h + 31 * m, 4, path, "composite", "4000020",
	    "propagation A -> B");
	c_beacon(c, c->b, t0 + 3 * h, 1);
	c_psexec(c, c->b, c->c, t0 + 3 * h + 30 * m);
	snprintf(path, sizeof(path), "%s>ws%05u>ws%05u", key, c->b, c->c);
	c_truth(c, t0 + 3 * h + 31 * m, 4, path, "composite", "4000020",
	    "propagation A -> B -> C");
	c_beacon(c, c->c, t0 + 4 * h, 1);
	snprintf(path, sizeof(path), "%s,ws%05u,ws%05u", key, c->b, c->c);
	c_truth(c, t0 + 4 * h + m, 5, path, "composite", "4000010",
	    "spread: the C2 domain on three endpoints");
	c_truth(c, t0 + 3 * h + 31 * m, 4, path, "composite", "4000011",
	    "spread: the stolen admin account used from three endpoints");
	/* A's lease moves; a laptop takes the old address. */
	c_ip_at(c, c->a, c->move_t - 1, ip, sizeof(ip));
	c_host_of(c->a, host, sizeof(host));
	c_dhcp(c, c->move_t, 0, ip, c->a, host);
	c_ip_at(c, c->a, c->move_t, ip, sizeof(ip));
	c_dhcp(c, c->move_t + 1000, 1, ip, c->a, host);
	c_ip_at(c, c->laptop, c->move_t + 300000, ip, sizeof(ip));
	c_host_of(c->laptop, host, sizeof(host));
	c_dhcp(c, c->move_t + 300000, 1, ip, c->laptop, host);
	c_truth(c, c->move_t, 0, key, "dhcp", "-",
	    "lease moves: A to a new address, a laptop to A's old one");
	c_stage6(c, t0 + 5 * h);
}

/* Whether an event of rate per hour happens in this minute. */
static int
c_chance(struct camp *c, uint32_t per_hour)
{
	return c_below(c, 60000) < per_hour * 1000;
}

static void
c_bg_web(struct camp *c, uint32_t i, int64_t t, const char *ip)
{
	const char	*d = cbenign[c_below(c, CBENIGN)];
	char		 url[160], dst[32];

	snprintf(dst, sizeof(dst), "93.184.%u.%u", c_below(c, 200) + 10,
	    c_below(c, 250) + 1);
	if (c_below(c, 3) == 0)
		c_dns(c, t - 30, ip, d);
	/*
	 * Mostly pages: through a tunnel, or plain GETs; now and then a
	 * form posted, or a file of up to 30 MB shared, which is what a
	 * proxy sees of uploads besides the attack's.
	 */
	if (c_below(c, 10) < 7) {
		if (c_below(c, 300) == 0)
			c_tunnel(c, t, ip, cupload[c_below(c, CUPLOAD)], dst,
			    1048576 + c_below(c, 30 * 1048576));
		else
			c_connect(c, t, ip, d, dst);
		return;
	}
	snprintf(url, sizeof(url), "http://%s/page/%u?q=%u", d,
	    c_below(c, 1000), i);
	if (c_below(c, 20) == 0)
		c_proxy(c, t, ip, "POST", url, 200, 300 + c_below(c, 3000),
		    500 + c_below(c, 20000), dst, "text/html");
	else
		c_proxy(c, t, ip, "GET", url, 200, 2000 + c_below(c, 90000),
		    0, dst, "text/html");
}

static void
c_bg_windows(struct camp *c, uint32_t i, int64_t t, const char *ip)
{
	char	 host[16], user[16], duser[24], dst[32];

	c_host_of(i, host, sizeof(host));
	snprintf(user, sizeof(user), "u%05u", i);
	snprintf(duser, sizeof(duser), "CORP\\%s", user);
	switch (c_below(c, 3)) {
	case 0:
		c_win(c, F_DC, t, "DC01", 4624, "TargetUserName", user,
		    "TargetDomainName", "CORP", "LogonType", "3",
		    "WorkstationName", "-", "IpAddress", ip, "IpPort", "49152",
		    "LogonProcessName", "Kerberos",
		    "AuthenticationPackageName", "Kerberos", NULL);
		break;
	case 1:
		c_win(c, F_ENDPOINT, t, host, 1, "Image",
		    capps[c_below(c, CAPPS)], "ParentImage",
		    "C:\\Windows\\explorer.exe", "User", duser, NULL);
		break;
	default:
		snprintf(dst, sizeof(dst), "93.184.%u.%u", c_below(c, 200) +
		    10, c_below(c, 250) + 1);
		c_win(c, F_ENDPOINT, t, host, 3, "Image", capps[0], "User",
		    duser, "Protocol", "tcp", "SourceIp", ip, "SourcePort",
		    "51000", "DestinationIp", dst, "DestinationPort", "443",
		    NULL);
		break;
	}
}

/* Web through the firewall to many addresses; SMB to the file server. */
static void
c_bg_fw(struct camp *c, int64_t t, const char *ip)
{
	char	 dst[32];

	if (c_below(c, 8) == 0) {
		c_fw(c, t, "ACCEPT", ip, FS_IP, 445);
		return;
	}
	snprintf(dst, sizeof(dst), "93.184.%u.%u", c_below(c, 200) + 10,
	    c_below(c, 250) + 1);
	c_fw(c, t, "ACCEPT", ip, dst, 443);
}

/* Benign activity of every endpoint in the minute starting at tm. */
static void
c_background(struct camp *c, int64_t tm)
{
	char		 ip[32];
	uint32_t	 i, k, nweb;
	int64_t		 t;

	for (i = 0; i < c->n; i++) {
		c_ip_at(c, i, tm, ip, sizeof(ip));
		nweb = c->rate / 60 + (c_below(c, 60) < c->rate % 60);
		for (k = 0; k < nweb; k++)
			c_bg_web(c, i, tm + c_below(c, 60000), ip);
		t = tm + c_below(c, 60000);
		if (c_chance(c, c->rate / 4 + 1))
			c_bg_fw(c, t, ip);
		if (c_chance(c, c->rate / 4 + 1))
			c_bg_windows(c, i, tm + c_below(c, 60000), ip);
		if (m_below(c, 60000) < (c->rate / 10 + 1) * 1000)
			c_bg_mail(c, i, tm + m_below(c, 60000));
	}
}

static void
c_leases(struct camp *c)
{
	char		 ip[32], host[16];
	uint32_t	 i;

	for (i = 0; i < c->n; i++) {
		c_ip_of(i, ip, sizeof(ip));
		c_host_of(i, host, sizeof(host));
		c_dhcp(c, c->t0 - 600000 + (int64_t)i * 590000 / c->n, 1, ip,
		    i, host);
	}
}

static int
c_cmp(const void *a, const void *b)
{
	const struct cl	*x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Write the lines of l before t_end in time order; keep the rest. */
static void
c_flush(struct camp *c, struct clist *l, int64_t t_end)
{
	size_t	 i, k = 0;

	qsort(l->v, l->n, sizeof(l->v[0]), c_cmp);
	for (i = 0; i < l->n && l->v[i].t < t_end; i++) {
		fputs(l->v[i].s, c->f[l->v[i].f]);
		fputc('\n', c->f[l->v[i].f]);
		free(l->v[i].s);
	}
	for (; i < l->n; i++)
		l->v[k++] = l->v[i];
	l->n = k;
}

static int
c_open(struct camp *c, const char *dir)
{
	char	 path[1024];
	int	 i;

	if (mkdir(dir, 0755) == -1 && access(dir, W_OK) == -1) {
		perror(dir);
		return -1;
	}
	for (i = 0; i < F_MAX; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, cf_names[i]);
		if ((c->f[i] = fopen(path, "w")) == NULL) {
			perror(path);
			return -1;
		}
	}
	snprintf(path, sizeof(path), "%s/truth.tsv", dir);
	if ((c->truth = fopen(path, "w")) == NULL) {
		perror(path);
		return -1;
	}
	fprintf(c->truth, "#time\tstage\tendpoint\tsource\texpect\twhat\n");
	return 0;
}

static int
c_close(struct camp *c, const char *dir)
{
	struct timeval	 tv[2];
	char		 path[1024];
	int		 i, rc = 0;

	tv[0].tv_sec = tv[1].tv_sec = (time_t)(c->t1 / 1000);
	tv[0].tv_usec = tv[1].tv_usec = 0;
	for (i = 0; i < F_MAX; i++) {
		if (fclose(c->f[i]) == EOF)
			rc = -1;
		snprintf(path, sizeof(path), "%s/%s", dir, cf_names[i]);
		(void)utimes(path, tv);
	}
	if (fclose(c->truth) == EOF)
		rc = -1;
	return rc;
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen_campaign [-b] [-n endpoints] [-H hours] "
	    "[-r rate] [-s seed] [-t start_epoch] -o dir\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct camp	 c;
	const char	*dir = NULL;
	uint64_t	 hours = 8, start = 1773129600;	/* 2026-03-10T08:00Z */
	int64_t		 tm;
	int		 ch;

	memset(&c, 0, sizeof(c));
	c.n = 200;
	c.rate = 20;
	c.rng = 1;
	c.attack = 1;
	c.mrng = 0x6d61696c;
	while ((ch = getopt(argc, argv, "bn:H:r:s:t:o:")) != -1) {
		switch (ch) {
		case 'b':
			c.attack = 0;
			break;
		case 'n':
			c.n = (uint32_t)gen_strtou(optarg, 0, UINT64_MAX);
			break;
		case 'H':
			hours = gen_strtou(optarg, 0, UINT64_MAX);
			break;
		case 'r':
			c.rate = (uint32_t)gen_strtou(optarg, 0, UINT64_MAX);
			break;
		case 's':
			c.rng = gen_strtou(optarg, 0, UINT64_MAX);
			break;
		case 't':
			start = gen_strtou(optarg, 0, UINT64_MAX);
			break;
		case 'o':
			dir = optarg;
			break;
		default:
			usage();
		}
	}
	if (dir == NULL || c.n < 1 || hours < 1 || hours > 240 ||
	    c.rate > 3600 || (c.attack && (c.n < 64 || hours < 7))) {
		fprintf(stderr, "gen_campaign: the attack needs -n 64 and "
		    "-H 7 at least\n");
		usage();
	}
	c.mrng ^= c.rng;
	c.t0 = (int64_t)start * 1000;
	c.t1 = c.t0 + (int64_t)hours * 3600000;
	c.a = 7;
	c.b = 23;
	c.c = 42;
	c.laptop = 61;
	c.move_t = c.t0 + 4 * 3600000LL + 20 * 60000;
	if (c_open(&c, dir) == -1)
		return 1;
	c_leases(&c);
	if (c.attack)
		c_attack(&c);
	/* Planted lines wait in c.plant; each minute's join them. */
	for (tm = c.t0; tm < c.t1; tm += 60000) {
		c_background(&c, tm);
		c_flush(&c, &c.plant, tm + 60000);
	}
	c_flush(&c, &c.plant, INT64_MAX);
	free(c.plant.v);
	return c_close(&c, dir) == -1 ? 1 : 0;
}
