/*
 * gen_zeek: deterministic, realistic Zeek conn.log, dns.log, http.log,
 * files.log, smtp.log, notice.log, ssh.log or x509.log lines, as the
 * ASCII writer (with its header) or the JSON writer writes them, for the
 * tests and the benchmark.  The same options give the same bytes
 * everywhere: own PRNG, no floating point.
 *
 *	gen_zeek [-j] [-l conn|dns|http|files|smtp|notice|ssh|x509]
 *	    [-n lines] [-e endpoints] [-d destinations] [-s seed]
 *	    [-t start_epoch]
 *
 * -j writes JSON (one object per line, unset fields left out, sets as
 * arrays, no "_path": the parser tells the log by its keys).  The
 * columns of each log are Zeek 6's defaults; notice.log's are those of
 * a Zeek with the geo-location fields, as the public CTU-Normal data
 * sets have them.  notice: certificate, protocol, scan, SSH guessing,
 * malware hash and capture loss notices, some with no connection (src,
 * dst and p then stand in).  ssh: logins to the site's servers, password
 * guessing from outside at 10.20.0.22, git over SSH to the outside.
 * x509: the servers' certificates with their names in san.dns, and a
 * third of the time the CA certificate of the chain.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"

#define GEN_LINEMAX	2048

enum gen_log {
	LOG_CONN,
	LOG_DNS,
	LOG_HTTP,
	LOG_FILES,
	LOG_SMTP,
	LOG_NOTICE,
	LOG_SSH,
	LOG_X509,
	LOG_MAX
};

static const char *const gen_bases[] = {
	"microsoft.com", "windowsupdate.com", "office.com", "live.com",
	"outlook.com", "bing.com", "msn.com", "azureedge.net", "windows.net",
	"google.com", "gstatic.com", "googleapis.com", "youtube.com",
	"doubleclick.net", "apple.com", "icloud.com", "amazonaws.com",
	"cloudfront.net", "akamaihd.net", "fastly.net", "cloudflare.com",
	"github.com", "slack.com", "zoom.us", "salesforce.com", "dropbox.com",
	"adobe.com", "linkedin.com", "facebook.com", "wikipedia.org",
	"yahoo.co.jp", "nikkei.com", "atlassian.net", "okta.com",
	"digicert.com", "ubuntu.com", "mozilla.org", "eset.com",
};
#define GEN_NBASES	(sizeof(gen_bases) / sizeof(gen_bases[0]))

static const char *const gen_subs[] = {
	"www", "api", "cdn", "static", "login", "update", "download", "img",
	"edge", "app", "telemetry", "clients", "events", "ocsp", "settings",
};
#define GEN_NSUBS	(sizeof(gen_subs) / sizeof(gen_subs[0]))

static const char *const gen_agents[] = {
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) "
	    "Gecko/20100101 Firefox/123.0",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0",
	"Microsoft-CryptoAPI/10.0",
	"Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50",
	"Microsoft-Delivery-Optimization/10.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 "
	    "(KHTML, like Gecko) Version/17.3 Safari/605.1.15",
	"curl/8.5.0",
};
#define GEN_NAGENTS	(sizeof(gen_agents) / sizeof(gen_agents[0]))

struct gen_choice {
	uint32_t	 upto;		/* cumulative, out of 1000 */
	const char	*a, *b;
	uint32_t	 n;
};

/* conn_state and a history that goes with it. */
static const struct gen_choice gen_states[] = {
	{ 700, "SF", "ShADadfF", 0 }, { 780, "S0", "S", 0 },
	{ 820, "REJ", "Sr", 0 }, { 870, "RSTO", "ShADadR", 0 },
	{ 900, "RSTR", "ShADadr", 0 }, { 920, "SH", "ShAF", 0 },
	{ 950, "OTH", "Dd", 0 }, { 970, "S1", "ShAD", 0 },
	{ 985, "S3", "ShADadf", 0 }, { 1000, "RSTOS0", "ShR", 0 },
};

/* TCP destination ports: port, service. */
static const struct gen_choice gen_tcp[] = {
	{ 650, "ssl", NULL, 443 }, { 820, "http", NULL, 80 },
	{ 850, NULL, NULL, 8443 }, { 880, "http", NULL, 8080 },
	{ 910, "smb", NULL, 445 }, { 930, "krb_tcp", NULL, 88 },
	{ 950, "ldap_tcp", NULL, 389 }, { 965, "rdp", NULL, 3389 },
	{ 980, "ssh", NULL, 22 }, { 990, "smtp", NULL, 25 },
	{ 1000, NULL, NULL, 5222 },
};

static const struct gen_choice gen_qtypes[] = {
	{ 650, "A", NULL, 1 }, { 900, "AAAA", NULL, 28 },
	{ 940, "HTTPS", NULL, 65 }, { 970, "PTR", NULL, 12 },
	{ 985, "SRV", NULL, 33 }, { 993, "TXT", NULL, 16 },
	{ 1000, "MX", NULL, 15 },
};

static const struct gen_choice gen_rcodes[] = {
	{ 900, "NOERROR", NULL, 0 }, { 980, "NXDOMAIN", NULL, 3 },
	{ 995, "SERVFAIL", NULL, 2 }, { 1000, "REFUSED", NULL, 5 },
};

static const struct gen_choice gen_status[] = {
	{ 780, "OK", NULL, 200 }, { 840, "Not Modified", NULL, 304 },
	{ 890, "Found", NULL, 302 }, { 910, "Moved Permanently", NULL, 301 },
	{ 960, "Not Found", NULL, 404 }, { 975, "No Content", NULL, 204 },
	{ 985, "Forbidden", NULL, 403 }, { 995, "Internal Server Error",
	    NULL, 500 }, { 1000, "Service Unavailable", NULL, 503 },
};

/* Paths of plain-HTTP requests, the type and largest size they return. */
static const struct gen_choice gen_paths[] = {
	{ 200, "/", "text/html", 150000 },
	{ 300, "/pico/1/%u.pic", "application/octet-stream", 5000 },
	{ 450, "/msdownload/update/v3/static/trustedr/en/%x.cab",
	    "application/vnd.ms-cab-compressed", 400000 },
	{ 550, "/MFEwTzBNMEswSTAJBgUrDgMCGgUABBQ%x", "application/ocsp-response",
	    2500 },
	{ 650, "/connecttest.txt", "text/plain", 22 },
	{ 750, "/images/%u.png", "image/png", 300000 },
	{ 850, "/api/v1/items?id=%u&client=%x", "application/json", 20000 },
	{ 930, "/static/js/app.%x.js", "text/javascript", 500000 },
	{ 1000, "/filestreamingservice/files/%x?P1=%u", "application/x-dosexec",
	    80000000 },
};

struct gen {
	struct gen_common c;
	enum gen_log	 log;
	int		 json;
	int		 first;		/* next field is the line's first */
};

/*
 * In [min, max], most values near min: transfers and durations.  A
 * product of three uniforms, steeper than gen_skewed().
 */
static uint64_t
gen_skewed3(uint64_t *rng, uint64_t min, uint64_t max)
{
	uint64_t	 a = gen_rand(rng) >> 43, b = gen_rand(rng) >> 43;
	uint64_t	 c = gen_rand(rng) >> 43;

	return min + (max - min) * ((((a * b) >> 21) * c) >> 21) /
	    (1 << 21);
}

static const struct gen_choice *
gen_choose(struct gen *g, const struct gen_choice *t)
{
	uint32_t	 r = gen_below(&g->c.rng, 1000);

	while (r >= t->upto)
		t++;
	return t;
}

/* Microseconds as seconds with six decimals, as Zeek writes time. */
static void
gen_putus(struct gen *g, uint64_t us)
{
	uint64_t	 f = us % 1000000, d;

	gen_putu(&g->c.out, us / 1000000);
	gen_putc(&g->c.out, '.');
	for (d = 100000; d > 0; d /= 10)
		gen_putc(&g->c.out, (char)('0' + f / d % 10));
}

/* As gen_puthex(), in upper case. */
static void
gen_puthex_upper(struct gen_out *o, uint64_t v, int digits)
{
	static const char	 hex[] = "0123456789ABCDEF";

	while (digits-- > 0)
		gen_putc(o, hex[(v >> (digits * 4)) & 0xf]);
}

static void
gen_putfmt(struct gen *g, const char *fmt)
{
	for (; *fmt != '\0'; fmt++) {
		if (fmt[0] == '%' && fmt[1] == 'x') {
			gen_puthex_upper(&g->c.out, gen_rand(&g->c.rng), 12);
			fmt++;
		} else if (fmt[0] == '%' && fmt[1] == 'u') {
			gen_putu(&g->c.out, gen_below(&g->c.rng, 1000000));
			fmt++;
		} else
			gen_putc(&g->c.out, *fmt);
	}
}

/* The separator before a field, and its name in JSON. */
static void
gen_key(struct gen *g, const char *name)
{
	if (g->json) {
		gen_puts(&g->c.out, g->first ? "{\"" : ",\"");
		gen_puts(&g->c.out, name);
		gen_puts(&g->c.out, "\":");
	} else if (!g->first)
		gen_putc(&g->c.out, '\t');
	g->first = 0;
}

/* Unset: "-" in TSV, left out of JSON. */
static void
gen_unset(struct gen *g, const char *name)
{
	if (g->json)
		return;
	gen_key(g, name);
	gen_putc(&g->c.out, '-');
}

/* A string; fmt may hold %x and %u. */
static void
gen_str(struct gen *g, const char *name, const char *fmt)
{
	if (fmt == NULL) {
		gen_unset(g, name);
		return;
	}
	gen_key(g, name);
	if (g->json)
		gen_putc(&g->c.out, '"');
	gen_putfmt(g, fmt);
	if (g->json)
		gen_putc(&g->c.out, '"');
}

static void
gen_num(struct gen *g, const char *name, uint64_t v)
{
	gen_key(g, name);
	gen_putu(&g->c.out, v);
}

static void
gen_interval(struct gen *g, const char *name, uint64_t us)
{
	gen_key(g, name);
	gen_putus(g, us);
}

static void
gen_bool(struct gen *g, const char *name, int v)
{
	gen_key(g, name);
	if (g->json)
		gen_puts(&g->c.out, v ? "true" : "false");
	else
		gen_putc(&g->c.out, v ? 'T' : 'F');
}

/* An empty set: "(empty)" in TSV, [] in JSON. */
static void
gen_empty_set(struct gen *g, const char *name)
{
	gen_key(g, name);
	gen_puts(&g->c.out, g->json ? "[]" : "(empty)");
}

/* A Zeek uid: C (connection) or F (file) and 17 base-62 characters. */
static void
gen_mkuid(struct gen *g, char c, char *uid)
{
	static const char	 b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz";
	int			 i;

	uid[0] = c;
	for (i = 1; i < 18; i++)
		uid[i] = b62[gen_below(&g->c.rng, 62)];
	uid[18] = '\0';
}

static void
gen_addr(char *buf, size_t size, int internal, uint32_t n)
{
	/* 192.0.2.0/24 is kept for planted malicious addresses. */
	static const char *const nets[] = { "198.51.100", "203.0.113" };

	if (internal)
		snprintf(buf, size, "10.20.%u.%u", n / 254 % 256, n % 254 + 1);
	else
		snprintf(buf, size, "%s.%u", nets[n % 2], n / 2 % 254 + 1);
}

/* A destination name: sub.base, stable per index. */
static void
gen_dest_name(char *buf, size_t size, uint32_t d)
{
	snprintf(buf, size, "%s.%s", gen_subs[d / GEN_NBASES % GEN_NSUBS],
	    gen_bases[d % GEN_NBASES]);
}

/* ts uid id.orig_h id.orig_p id.resp_h id.resp_p; oport 0: ephemeral */
static void
gen_id(struct gen *g, uint32_t ep, uint32_t oport, const char *resp,
    uint32_t rport)
{
	char	 orig[32], uid[19];

	g->first = 1;
	gen_addr(orig, sizeof(orig), 1, ep);
	gen_mkuid(g, 'C', uid);
	gen_key(g, "ts");
	gen_putus(g, g->c.now_us);
	gen_str(g, "uid", uid);
	gen_str(g, "id.orig_h", orig);
	gen_num(g, "id.orig_p", oport != 0 ? oport :
	    49152 + gen_below(&g->c.rng, 16384));
	gen_str(g, "id.resp_h", resp);
	gen_num(g, "id.resp_p", rport);
}

/* uid and the connection of a record whose ts is written: files.log. */
static void
gen_id_rest(struct gen *g, uint32_t ep, const char *resp, uint32_t rport)
{
	char	 orig[32], uid[19];

	gen_addr(orig, sizeof(orig), 1, ep);
	gen_mkuid(g, 'C', uid);
	gen_str(g, "uid", uid);
	gen_str(g, "id.orig_h", orig);
	gen_num(g, "id.orig_p", 49152 + gen_below(&g->c.rng, 16384));
	gen_str(g, "id.resp_h", resp);
	gen_num(g, "id.resp_p", rport);
}

static void
gen_end(struct gen *g)
{
	if (g->json)
		gen_putc(&g->c.out, '}');
	gen_putc(&g->c.out, '\n');
}

static void
gen_conn_bytes(struct gen *g, const struct gen_choice *st)
{
	uint64_t	 ob, rb, op, rp;
	int		 none = strcmp(st->a, "S0") == 0 ||
			    strcmp(st->a, "REJ") == 0;

	ob = none ? 0 : gen_skewed3(&g->c.rng, 0, 2000000);
	rb = none ? 0 : gen_skewed3(&g->c.rng, 0, 20000000);
	op = 1 + ob / 1200 + gen_below(&g->c.rng, 4);
	rp = none ? (st->a[0] == 'R') : 1 + rb / 1400 + gen_below(&g->c.rng, 4);
	if (none && gen_below(&g->c.rng, 2) == 0) {
		gen_unset(g, "duration");
		gen_unset(g, "orig_bytes");
		gen_unset(g, "resp_bytes");
	} else {
		gen_interval(g, "duration",
		    gen_skewed3(&g->c.rng, 0, 600000000));
		gen_num(g, "orig_bytes", ob);
		gen_num(g, "resp_bytes", rb);
	}
	gen_str(g, "conn_state", st->a);
	gen_bool(g, "local_orig", 1);
	gen_bool(g, "local_resp", 0);
	gen_num(g, "missed_bytes", 0);
	gen_str(g, "history", st->b);
	gen_num(g, "orig_pkts", op);
	gen_num(g, "orig_ip_bytes", ob + op * 40);
	gen_num(g, "resp_pkts", rp);
	gen_num(g, "resp_ip_bytes", rb + rp * 40);
}

static void
gen_conn(struct gen *g, uint32_t ep)
{
	const struct gen_choice	*port, *st;
	char			 resp[32];
	uint32_t		 r = gen_below(&g->c.rng, 100);
	uint32_t		 d = gen_pick_dest(&g->c.rng, g->c.ndest);

	if (r < 16) {
		/* DNS to the site's resolver */
		gen_id(g, ep, 0, "10.20.0.53", 53);
		gen_str(g, "proto", "udp");
		gen_str(g, "service", "dns");
		gen_interval(g, "duration",
		    gen_skewed3(&g->c.rng, 300, 200000));
		gen_num(g, "orig_bytes", 30 + gen_below(&g->c.rng, 40));
		gen_num(g, "resp_bytes", 46 + gen_below(&g->c.rng, 200));
		gen_str(g, "conn_state", "SF");
		gen_bool(g, "local_orig", 1);
		gen_bool(g, "local_resp", 1);
		gen_num(g, "missed_bytes", 0);
		gen_str(g, "history", "Dd");
		gen_num(g, "orig_pkts", 1);
		gen_num(g, "orig_ip_bytes", 80);
		gen_num(g, "resp_pkts", 1);
		gen_num(g, "resp_ip_bytes", 120);
	} else if (r < 18) {
		gen_addr(resp, sizeof(resp), 0, d);
		/* echo request: Zeek logs ICMP type and code as ports */
		gen_id(g, ep, 8, resp, 0);
		gen_str(g, "proto", "icmp");
		gen_unset(g, "service");
		st = &gen_states[6];
		gen_conn_bytes(g, st);
	} else {
		port = gen_choose(g, gen_tcp);
		gen_addr(resp, sizeof(resp), port->n == 445 ||
		    port->n == 88 || port->n == 389 || port->n == 3389, d);
		gen_id(g, ep, 0, resp, port->n);
		gen_str(g, "proto", "tcp");
		st = gen_choose(g, gen_states);
		gen_str(g, "service", st->a[0] == 'S' && st->a[1] != 'F' ?
		    NULL : port->a);
		gen_conn_bytes(g, st);
	}
	gen_empty_set(g, "tunnel_parents");
	gen_end(g);
}

static void
gen_answers(struct gen *g, const struct gen_choice *qt, const char *name,
    uint32_t d)
{
	char		 a[128];
	uint32_t	 n = 1 + gen_below(&g->c.rng, 3), i;

	gen_key(g, "answers");
	if (g->json)
		gen_putc(&g->c.out, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			gen_putc(&g->c.out, ',');
		if (qt->n == 28)
			snprintf(a, sizeof(a), "2001:db8:%x::%x", d % 65536,
			    i + 1);
		else if (qt->n == 1)
			gen_addr(a, sizeof(a), 0, d + i * 7);
		else
			snprintf(a, sizeof(a), "%s%s", i == 0 ? "edge." : "",
			    name);
		if (g->json)
			gen_putc(&g->c.out, '"');
		gen_puts(&g->c.out, a);
		if (g->json)
			gen_putc(&g->c.out, '"');
	}
	if (g->json)
		gen_putc(&g->c.out, ']');
	gen_key(g, "TTLs");
	if (g->json)
		gen_putc(&g->c.out, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			gen_putc(&g->c.out, ',');
		gen_putus(g,
		    (uint64_t)(60 + gen_below(&g->c.rng, 3540)) * 1000000);
	}
	if (g->json)
		gen_putc(&g->c.out, ']');
}

static void
gen_dns(struct gen *g, uint32_t ep)
{
	const struct gen_choice	*qt = gen_choose(g, gen_qtypes);
	const struct gen_choice	*rc = gen_choose(g, gen_rcodes);
	uint32_t		 d = gen_pick_dest(&g->c.rng, g->c.ndest);
	char			 name[96];

	gen_dest_name(name, sizeof(name), d);
	if (rc->n == 3 && gen_below(&g->c.rng, 2) == 0)
		snprintf(name, sizeof(name), "wpad.corp%u.example", d % 7);
	gen_id(g, ep, 0, "10.20.0.53", 53);
	gen_str(g, "proto", gen_below(&g->c.rng, 50) == 0 ? "tcp" : "udp");
	gen_num(g, "trans_id", gen_below(&g->c.rng, 65536));
	gen_interval(g, "rtt", gen_skewed3(&g->c.rng, 200, 150000));
	gen_str(g, "query", name);
	gen_num(g, "qclass", 1);
	gen_str(g, "qclass_name", "C_INTERNET");
	gen_num(g, "qtype", qt->n);
	gen_str(g, "qtype_name", qt->a);
	gen_num(g, "rcode", rc->n);
	gen_str(g, "rcode_name", rc->a);
	gen_bool(g, "AA", 0);
	gen_bool(g, "TC", 0);
	gen_bool(g, "RD", 1);
	gen_bool(g, "RA", 1);
	gen_num(g, "Z", 0);
	if (rc->n == 0 && qt->n != 65)
		gen_answers(g, qt, name, d);
	else {
		gen_unset(g, "answers");
		gen_unset(g, "TTLs");
	}
	gen_bool(g, "rejected", 0);
	gen_end(g);
}

static void
gen_mime(struct gen *g, const char *type)
{
	char	 fuid[19];

	if (type == NULL) {
		gen_unset(g, "resp_fuids");
		gen_unset(g, "resp_filenames");
		gen_unset(g, "resp_mime_types");
		return;
	}
	gen_mkuid(g, 'F', fuid);
	gen_key(g, "resp_fuids");
	gen_puts(&g->c.out, g->json ? "[\"" : "");
	gen_puts(&g->c.out, fuid);
	gen_puts(&g->c.out, g->json ? "\"]" : "");
	gen_unset(g, "resp_filenames");
	gen_key(g, "resp_mime_types");
	gen_puts(&g->c.out, g->json ? "[\"" : "");
	gen_puts(&g->c.out, type);
	gen_puts(&g->c.out, g->json ? "\"]" : "");
}

static void
gen_http(struct gen *g, uint32_t ep)
{
	const struct gen_choice	*path = gen_choose(g, gen_paths);
	const struct gen_choice	*st = gen_choose(g, gen_status);
	uint32_t		 d = gen_pick_dest(&g->c.rng, g->c.ndest);
	uint32_t		 m = gen_below(&g->c.rng, 100);
	char			 host[96], resp[32];
	int			 body;

	gen_dest_name(host, sizeof(host), d);
	gen_addr(resp, sizeof(resp), 0, d);
	gen_id(g, ep, 0, resp, gen_below(&g->c.rng, 20) == 0 ? 8080 : 80);
	gen_num(g, "trans_depth", 1 + gen_below(&g->c.rng, 3));
	gen_str(g, "method", m < 85 ? "GET" : m < 97 ? "POST" : "HEAD");
	gen_str(g, "host", gen_below(&g->c.rng, 50) == 0 ? resp : host);
	gen_str(g, "uri", path->a);
	gen_str(g, "referrer", gen_below(&g->c.rng, 3) == 0 ?
	    "http://www.msn.com/" : NULL);
	gen_str(g, "version", "1.1");
	gen_str(g, "user_agent", gen_agents[(ep + gen_below(&g->c.rng, 2)) %
	    GEN_NAGENTS]);
	gen_unset(g, "origin");
	gen_num(g, "request_body_len", m >= 85 && m < 97 ?
	    gen_skewed3(&g->c.rng, 20, 20000) : 0);
	body = st->n == 200 && m < 97;
	gen_num(g, "response_body_len", body ?
	    gen_skewed3(&g->c.rng, path->n / 50, path->n) :
	    st->n == 304 || st->n == 204 ? 0 :
	    100 + gen_below(&g->c.rng, 1000));
	gen_num(g, "status_code", st->n);
	gen_str(g, "status_msg", st->a);
	gen_unset(g, "info_code");
	gen_unset(g, "info_msg");
	gen_empty_set(g, "tags");
	gen_str(g, "username", gen_below(&g->c.rng, 100) == 0 ? "proxyuser" :
	    NULL);
	gen_unset(g, "password");
	gen_unset(g, "proxied");
	gen_unset(g, "orig_fuids");
	gen_unset(g, "orig_filenames");
	gen_unset(g, "orig_mime_types");
	gen_mime(g, body ? path->b : st->n >= 400 ? "text/html" : NULL);
	gen_end(g);
}

/* What files.log sees go by: type, name pattern, largest size. */
static const struct gen_choice gen_files_kinds[] = {
	{ 350, "text/html", NULL, 150000 },
	{ 550, "image/png", NULL, 300000 },
	{ 700, "application/pdf", "report-%u.pdf", 2000000 },
	{ 800, "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet", "%u.xlsx", 500000 },
	{ 900, "application/x-dosexec", "setup-%u.exe", 80000000 },
	{ 970, "application/zip", "files-%u.zip", 20000000 },
	{ 1000, "application/pkix-cert", NULL, 2000 },
};

/* A hash of n hex digits, or unset. */
static void
gen_hash_field(struct gen *g, const char *name, int n, int set)
{
	if (!set) {
		gen_unset(g, name);
		return;
	}
	gen_key(g, name);
	if (g->json)
		gen_putc(&g->c.out, '"');
	for (; n > 0; n -= 16)
		gen_puthex(&g->c.out, gen_rand(&g->c.rng), n < 16 ? n : 16);
	if (g->json)
		gen_putc(&g->c.out, '"');
}

static void
gen_files(struct gen *g, uint32_t ep)
{
	const struct gen_choice	*k = gen_choose(g, gen_files_kinds);
	uint32_t		 d = gen_pick_dest(&g->c.rng, g->c.ndest);
	uint64_t		 size = gen_skewed3(&g->c.rng, 100, k->n);
	char			 resp[32], fuid[19];
	int			 exe = strcmp(k->a, "application/x-dosexec") == 0;

	gen_addr(resp, sizeof(resp), 0, d);
	gen_mkuid(g, 'F', fuid);
	g->first = 1;
	gen_key(g, "ts");
	gen_putus(g, g->c.now_us);
	gen_str(g, "fuid", fuid);
	gen_id_rest(g, ep, resp, 80);
	gen_str(g, "source", "HTTP");
	gen_num(g, "depth", 0);
	gen_key(g, "analyzers");
	gen_puts(&g->c.out, g->json ? (exe ? "[\"MD5\",\"SHA1\",\"PE\"]" :
	    "[\"MD5\",\"SHA1\"]") : exe ? "MD5,SHA1,PE" : "MD5,SHA1");
	gen_str(g, "mime_type", k->a);
	gen_str(g, "filename", k->b);
	gen_interval(g, "duration", gen_skewed3(&g->c.rng, 0, 5000000));
	gen_bool(g, "local_orig", 0);
	gen_bool(g, "is_orig", 0);
	gen_num(g, "seen_bytes", size);
	gen_num(g, "total_bytes", size);
	gen_num(g, "missing_bytes", 0);
	gen_num(g, "overflow_bytes", 0);
	gen_bool(g, "timedout", 0);
	gen_unset(g, "parent_fuid");
	gen_hash_field(g, "md5", 32, 1);
	gen_hash_field(g, "sha1", 40, 1);
	gen_hash_field(g, "sha256", 64, exe);
	gen_unset(g, "extracted");
	gen_unset(g, "extracted_cutoff");
	gen_unset(g, "extracted_size");
	gen_end(g);
}

/* A set of one element: bare in TSV, an array in JSON. */
static void
gen_set1(struct gen *g, const char *name, const char *v)
{
	gen_key(g, name);
	gen_puts(&g->c.out, g->json ? "[\"" : "");
	gen_puts(&g->c.out, v);
	gen_puts(&g->c.out, g->json ? "\"]" : "");
}

/* Mail the endpoint submits to the office's relay. */
static void
gen_smtp(struct gen *g, uint32_t ep)
{
	uint32_t	 to = gen_below(&g->c.rng, g->c.endpoints);
	uint32_t	 d = gen_pick_dest(&g->c.rng, g->c.ndest);
	char		 from[64], rcpt[160], host[96];

	gen_dest_name(host, sizeof(host), d);
	snprintf(from, sizeof(from), "user%u@corp.example", ep);
	if (gen_below(&g->c.rng, 2) == 0)
		snprintf(rcpt, sizeof(rcpt), "user%u@corp.example", to);
	else
		snprintf(rcpt, sizeof(rcpt), "sales@%s", host);
	gen_id(g, ep, 0, "10.20.0.25", 587);
	gen_num(g, "trans_depth", 1);
	gen_str(g, "helo", "[10.20.0.1]");
	gen_str(g, "mailfrom", from);
	gen_set1(g, "rcptto", rcpt);
	gen_str(g, "date", "Tue, 10 Mar 2026 09:00:00 +0900");
	gen_str(g, "from", from);
	gen_set1(g, "to", rcpt);
	gen_unset(g, "cc");
	gen_unset(g, "reply_to");
	gen_str(g, "msg_id", "<%x@corp.example>");
	gen_unset(g, "in_reply_to");
	gen_str(g, "subject", "Re: order %u");
	gen_unset(g, "x_originating_ip");
	gen_unset(g, "first_received");
	gen_unset(g, "second_received");
	gen_str(g, "last_reply", "250 2.0.0 Ok: queued as %x");
	gen_set1(g, "path", "10.20.0.25");
	gen_str(g, "user_agent", "Microsoft Outlook 16.0");
	gen_bool(g, "tls", 1);
	gen_unset(g, "fuids");
	gen_bool(g, "is_webmail", 0);
	gen_end(g);
}

/* A value written as it is, with no %x or %u in it: built text. */
static void
gen_text(struct gen *g, const char *name, const char *s)
{
	gen_key(g, name);
	if (g->json)
		gen_putc(&g->c.out, '"');
	gen_puts(&g->c.out, s);
	if (g->json)
		gen_putc(&g->c.out, '"');
}

/* ts, uid and the connection, of any two addresses. */
static void
gen_id_of(struct gen *g, const char *orig, uint32_t oport, const char *resp,
    uint32_t rport)
{
	char	 uid[19];

	g->first = 1;
	gen_key(g, "ts");
	gen_putus(g, g->c.now_us);
	gen_mkuid(g, 'C', uid);
	gen_str(g, "uid", uid);
	gen_str(g, "id.orig_h", orig);
	gen_num(g, "id.orig_p", oport);
	gen_str(g, "id.resp_h", resp);
	gen_num(g, "id.resp_p", rport);
}

/* The connection columns of a record that has none: all unset. */
static void
gen_no_id(struct gen *g)
{
	g->first = 1;
	gen_key(g, "ts");
	gen_putus(g, g->c.now_us);
	gen_unset(g, "uid");
	gen_unset(g, "id.orig_h");
	gen_unset(g, "id.orig_p");
	gen_unset(g, "id.resp_h");
	gen_unset(g, "id.resp_p");
}

/*
 * What notice.log holds on a quiet network: certificate and protocol
 * notices on connections, and scan, guessing, malware hash and capture
 * loss notices that name hosts rather than one connection.
 */
enum gen_note {
	NOTE_CERT,
	NOTE_PROTO,
	NOTE_PORTSCAN,
	NOTE_ADDRSCAN,
	NOTE_GUESSING,
	NOTE_MALWARE,
	NOTE_LOSS
};

static const struct gen_choice gen_notes[] = {
	{ 450, "SSL::Invalid_Server_Cert", NULL, NOTE_CERT },
	{ 650, "ProtocolDetector::Protocol_Found", NULL, NOTE_PROTO },
	{ 780, "Scan::Port_Scan", NULL, NOTE_PORTSCAN },
	{ 860, "Scan::Address_Scan", NULL, NOTE_ADDRSCAN },
	{ 920, "SSH::Password_Guessing", NULL, NOTE_GUESSING },
	{ 970, "TeamCymruMalwareHashRegistry::Match", NULL, NOTE_MALWARE },
	{ 1000, "CaptureLoss::Too_Much_Loss", NULL, NOTE_LOSS },
};

/* The text of a notice: msg and sub, from its kind and its hosts. */
static void
gen_notice_text(struct gen *g, const struct gen_choice *k, const char *a,
    uint32_t ap, const char *b, uint32_t bp, const char *host, char *msg,
    size_t msize, char *sub, size_t ssize)
{
	uint32_t	 n = gen_below(&g->c.rng, 60);

	sub[0] = '\0';
	switch (k->n) {
	case NOTE_CERT:
		snprintf(msg, msize, "SSL certificate validation failed with "
		    "(%s)", n < 40 ? "unable to get local issuer certificate" :
		    "certificate has expired");
		snprintf(sub, ssize, "CN=%s,O=Example Services,C=US", host);
		break;
	case NOTE_PROTO:
		snprintf(msg, msize, "%s:%u > %s:%u HTTP on port %u/tcp", a, ap,
		    b, bp, bp);
		snprintf(sub, ssize, "HTTP");
		break;
	case NOTE_PORTSCAN:
		snprintf(msg, msize, "%s scanned at least 15 unique ports of "
		    "host %s in 0m%us", a, b, n);
		snprintf(sub, ssize, "remote");
		break;
	case NOTE_ADDRSCAN:
		snprintf(msg, msize, "%s scanned at least 25 unique hosts on "
		    "port 445/tcp in 0m%us", a, n);
		snprintf(sub, ssize, "local");
		break;
	case NOTE_GUESSING:
		snprintf(msg, msize, "%s appears to be guessing SSH passwords "
		    "(seen in %u connections).", a, 30 + n);
		snprintf(sub, ssize, "Sampled servers:  %s, %s, %s", b, b, b);
		break;
	case NOTE_MALWARE:
		snprintf(msg, msize, "Malware Hash Registry Detection rate: "
		    "%u%%  Last seen: 2026-03-0%u 21:14:07", 10 + n,
		    1 + n % 9);
		snprintf(sub, ssize, "https://www.virustotal.com/gui/search/"
		    "%016llx%016llx%08x",
		    (unsigned long long)gen_rand(&g->c.rng),
		    (unsigned long long)gen_rand(&g->c.rng),
		    (unsigned)gen_rand(&g->c.rng));
		break;
	default:
		snprintf(msg, msize, "The capture loss script detected an "
		    "estimated loss rate above %u.%03u%%", 10 + n % 5, n * 17);
	}
}

/* src, dst and p: the hosts of the notice, unset where it has none. */
static void
gen_notice_hosts(struct gen *g, const char *src, const char *dst,
    uint32_t p)
{
	gen_str(g, "src", src);
	gen_str(g, "dst", dst);
	if (p == 0)
		gen_unset(g, "p");
	else
		gen_num(g, "p", p);
}

static void
gen_notice(struct gen *g, uint32_t ep)
{
	const struct gen_choice	*k = gen_choose(g, gen_notes);
	uint32_t		 d = gen_pick_dest(&g->c.rng, g->c.ndest);
	uint32_t		 p, ap = 49152 + gen_below(&g->c.rng, 16384);
	char			 a[32], b[32], host[96], msg[256], sub[256];
	char			 fuid[19], desc[160];
	int			 conn = k->n <= NOTE_PROTO ||
				    k->n == NOTE_MALWARE;

	gen_dest_name(host, sizeof(host), d);
	/* Inbound notices come from outside to a server of the site. */
	if (k->n == NOTE_PROTO || k->n == NOTE_PORTSCAN ||
	    k->n == NOTE_GUESSING) {
		gen_addr(a, sizeof(a), 0, d);
		gen_addr(b, sizeof(b), 1, ep % 16);
	} else {
		gen_addr(a, sizeof(a), 1, ep);
		gen_addr(b, sizeof(b), 0, d);
	}
	p = k->n == NOTE_CERT ? 443 : k->n == NOTE_PROTO ? 8008 :
	    k->n == NOTE_MALWARE ? 80 : k->n == NOTE_ADDRSCAN ? 445 : 0;
	gen_notice_text(g, k, a, ap, b, p, host, msg, sizeof(msg), sub,
	    sizeof(sub));
	if (conn)
		gen_id_of(g, a, ap, b, p);
	else
		gen_no_id(g);
	if (k->n == NOTE_MALWARE) {
		gen_mkuid(g, 'F', fuid);
		snprintf(desc, sizeof(desc), "http://%s/download/setup-%u.exe",
		    host, gen_below(&g->c.rng, 1000));
		gen_str(g, "fuid", fuid);
		gen_str(g, "file_mime_type", "application/x-dosexec");
		gen_text(g, "file_desc", desc);
	} else {
		gen_unset(g, "fuid");
		gen_unset(g, "file_mime_type");
		gen_unset(g, "file_desc");
	}
	gen_str(g, "proto", conn ? "tcp" : NULL);
	gen_str(g, "note", k->a);
	gen_text(g, "msg", msg);
	if (sub[0] != '\0')
		gen_text(g, "sub", sub);
	else
		gen_unset(g, "sub");
	if (k->n == NOTE_LOSS)
		gen_notice_hosts(g, NULL, NULL, 0);
	else
		gen_notice_hosts(g, a, k->n == NOTE_ADDRSCAN ||
		    k->n == NOTE_GUESSING ? NULL : b, p);
	gen_unset(g, "n");
	gen_str(g, "peer_descr", "zeek");
	gen_set1(g, "actions", "Notice::ACTION_LOG");
	gen_interval(g, "suppress_for", 3600000000ULL);
	gen_bool(g, "dropped", 0);
	gen_unset(g, "remote_location.country_code");
	gen_unset(g, "remote_location.region");
	gen_unset(g, "remote_location.city");
	gen_unset(g, "remote_location.latitude");
	gen_unset(g, "remote_location.longitude");
	gen_end(g);
}

static const char *const gen_ssh_clients[] = {
	"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5",
	"SSH-2.0-OpenSSH_for_Windows_8.1",
	"SSH-2.0-PuTTY_Release_0.80",
	"SSH-2.0-OpenSSH_9.7",
};

/* Clients that knock on an exposed port 22 from outside. */
static const char *const gen_ssh_bots[] = {
	"SSH-2.0-libssh_0.9.6", "SSH-2.0-Go", "SSH-2.0-libssh2_1.10.0",
	"SSH-2.0-paramiko_3.4.0",
};

/* kex_alg, host_key_alg and the cipher that go together. */
static const struct gen_choice gen_ssh_algs[] = {
	{ 550, "curve25519-sha256", "ssh-ed25519", 0 },
	{ 800, "sntrup761x25519-sha512@openssh.com", "ecdsa-sha2-nistp256", 1 },
	{ 950, "curve25519-sha256@libssh.org", "rsa-sha2-512", 0 },
	{ 1000, "diffie-hellman-group14-sha256", "rsa-sha2-256", 1 },
};

/* An MD5 host key fingerprint: 16 bytes as colon-separated hex. */
static void
gen_host_key(struct gen *g, uint32_t server)
{
	uint64_t	 h = gen_hash((const char *)&server, sizeof(server));
	int		 i;

	gen_key(g, "host_key");
	if (g->json)
		gen_putc(&g->c.out, '"');
	for (i = 0; i < 16; i++) {
		if (i > 0)
			gen_putc(&g->c.out, ':');
		gen_puthex(&g->c.out, (i < 8 ? h : h * 31) >> (i % 8 * 8), 2);
	}
	if (g->json)
		gen_putc(&g->c.out, '"');
}

/*
 * Administrators on the site's servers, password guessing from outside
 * at the bastion (10.20.0.22), and git over SSH to the outside.
 */
static void
gen_ssh(struct gen *g, uint32_t ep)
{
	const struct gen_choice	*alg = gen_choose(g, gen_ssh_algs);
	uint32_t		 r = gen_below(&g->c.rng, 1000);
	uint32_t		 d = gen_pick_dest(&g->c.rng, g->c.ndest);
	uint32_t		 server;
	char			 a[32], b[32];
	const char		*client, *ok;
	uint64_t		 tries = 1;

	if (r < 600) {
		server = d % 12;
		snprintf(b, sizeof(b), "10.20.0.%u", 20 + server);
		gen_id(g, ep, 0, b, 22);
		client = gen_ssh_clients[ep % 4];
		ok = gen_below(&g->c.rng, 40) == 0 ? "F" : "T";
	} else if (r < 850) {
		server = 2;
		gen_addr(a, sizeof(a), 0, d);
		gen_id_of(g, a, 32768 + gen_below(&g->c.rng, 28232),
		    "10.20.0.22", 22);
		client = gen_ssh_bots[d % 4];
		tries = gen_below(&g->c.rng, 7);
		ok = tries == 0 ? NULL : "F";
	} else {
		server = 100 + d % 4;
		gen_addr(b, sizeof(b), 0, server);
		gen_id(g, ep, 0, b, 22);
		client = gen_ssh_clients[ep % 4];
		ok = NULL;
	}
	gen_num(g, "version", 2);
	if (ok == NULL)
		gen_unset(g, "auth_success");
	else
		gen_bool(g, "auth_success", ok[0] == 'T');
	gen_num(g, "auth_attempts", tries);
	gen_unset(g, "direction");
	gen_text(g, "client", client);
	gen_text(g, "server", server >= 100 ? "SSH-2.0-babeld-9f1c1c6d" :
	    "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5");
	gen_str(g, "cipher_alg", alg->n ? "aes256-gcm@openssh.com" :
	    "chacha20-poly1305@openssh.com");
	gen_str(g, "mac_alg", "umac-64-etm@openssh.com");
	gen_str(g, "compression_alg", "none");
	gen_str(g, "kex_alg", alg->a);
	gen_str(g, "host_key_alg", alg->b);
	gen_host_key(g, server);
	gen_end(g);
}

/* Issuing CAs: subject, the root that signed them, their key type. */
static const struct gen_choice gen_cas[] = {
	{ 350, "CN=R11,O=Let's Encrypt,C=US",
	    "CN=ISRG Root X1,O=Internet Security Research Group,C=US", 0 },
	{ 550, "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,"
	    "C=US", "CN=DigiCert Global Root G2,OU=www.digicert.com,"
	    "O=DigiCert Inc,C=US", 0 },
	{ 750, "CN=WE1,O=Google Trust Services,C=US",
	    "CN=GTS Root R4,O=Google Trust Services LLC,C=US", 1 },
	{ 900, "CN=Microsoft Azure RSA TLS Issuing CA 03,O=Microsoft "
	    "Corporation,C=US", "CN=DigiCert Global Root G2,OU=www.digicert."
	    "com,O=DigiCert Inc,C=US", 0 },
	{ 1000, "CN=Amazon RSA 2048 M02,O=Amazon,C=US",
	    "CN=Amazon Root CA 1,O=Amazon,C=US", 0 },
};

/* The key columns: RSA 2048 or ECDSA P-256. */
static void
gen_x509_key(struct gen *g, int ec)
{
	gen_str(g, "certificate.key_alg", ec ? "id-ecPublicKey" :
	    "rsaEncryption");
	gen_str(g, "certificate.sig_alg", ec ? "ecdsa-with-SHA384" :
	    "sha256WithRSAEncryption");
	gen_str(g, "certificate.key_type", ec ? "ecdsa" : "rsa");
	gen_num(g, "certificate.key_length", ec ? 256 : 2048);
	gen_str(g, "certificate.exponent", ec ? NULL : "65537");
	gen_str(g, "certificate.curve", ec ? "prime256v1" : NULL);
}

/*
 * Certificates of the servers the site talks TLS to, and a third of the
 * time the CA certificate that comes with one in the chain.
 */
static void
gen_x509(struct gen *g, uint32_t ep)
{
	const struct gen_choice	*ca = gen_choose(g, gen_cas);
	uint32_t		 d = gen_pick_dest(&g->c.rng, g->c.ndest);
	uint64_t		 s = g->c.now_us / 1000000;
	uint64_t		 age = gen_below(&g->c.rng, 80) * 86400;
	char			 host[96], subj[128];
	int			 leaf = gen_below(&g->c.rng, 3) != 0;

	(void)ep;
	gen_dest_name(host, sizeof(host), d);
	snprintf(subj, sizeof(subj), "CN=%s", host);
	g->first = 1;
	gen_key(g, "ts");
	gen_putus(g, g->c.now_us);
	gen_hash_field(g, "fingerprint", 64, 1);
	gen_num(g, "certificate.version", 3);
	gen_key(g, "certificate.serial");
	if (g->json)
		gen_putc(&g->c.out, '"');
	gen_puthex_upper(&g->c.out, gen_rand(&g->c.rng), 16);
	gen_puthex_upper(&g->c.out, gen_rand(&g->c.rng), 16);
	if (g->json)
		gen_putc(&g->c.out, '"');
	gen_text(g, "certificate.subject", leaf ? subj : ca->a);
	gen_text(g, "certificate.issuer", leaf ? ca->a : ca->b);
	gen_interval(g, "certificate.not_valid_before",
	    (s - age - (leaf ? 0 : 900 * 86400)) * 1000000);
	gen_interval(g, "certificate.not_valid_after",
	    (s - age + (leaf ? 90 : 1800) * 86400) * 1000000);
	gen_x509_key(g, leaf ? (int)ca->n : 0);
	if (leaf) {
		gen_key(g, "san.dns");
		gen_puts(&g->c.out, g->json ? "[\"" : "");
		gen_puts(&g->c.out, host);
		gen_puts(&g->c.out, g->json ? "\",\"" : ",");
		gen_puts(&g->c.out, gen_bases[d % GEN_NBASES]);
		gen_puts(&g->c.out, g->json ? "\"]" : "");
	} else
		gen_unset(g, "san.dns");
	gen_unset(g, "san.uri");
	gen_unset(g, "san.email");
	gen_unset(g, "san.ip");
	gen_bool(g, "basic_constraints.ca", !leaf);
	if (leaf)
		gen_unset(g, "basic_constraints.path_len");
	else
		gen_num(g, "basic_constraints.path_len", 0);
	gen_bool(g, "host_cert", leaf);
	gen_bool(g, "client_cert", 0);
	gen_end(g);
}

static const char *const gen_fields[][2] = {
	[LOG_CONN] = {
	    "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\t"
	    "service\tduration\torig_bytes\tresp_bytes\tconn_state\t"
	    "local_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\t"
	    "orig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents",
	    "time\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\t"
	    "count\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\t"
	    "count\tcount\tset[string]" },
	[LOG_DNS] = {
	    "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\t"
	    "trans_id\trtt\tquery\tqclass\tqclass_name\tqtype\tqtype_name\t"
	    "rcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected",
	    "time\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\t"
	    "string\tcount\tstring\tcount\tstring\tcount\tstring\tbool\tbool\t"
	    "bool\tbool\tcount\tvector[string]\tvector[interval]\tbool" },
	[LOG_FILES] = {
	    "ts\tfuid\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t"
	    "source\tdepth\tanalyzers\tmime_type\tfilename\tduration\t"
	    "local_orig\tis_orig\tseen_bytes\ttotal_bytes\tmissing_bytes\t"
	    "overflow_bytes\ttimedout\tparent_fuid\tmd5\tsha1\tsha256\t"
	    "extracted\textracted_cutoff\textracted_size",
	    "time\tstring\tstring\taddr\tport\taddr\tport\tstring\tcount\t"
	    "set[string]\tstring\tstring\tinterval\tbool\tbool\tcount\t"
	    "count\tcount\tcount\tbool\tstring\tstring\tstring\tstring\t"
	    "string\tbool\tcount" },
	[LOG_SMTP] = {
	    "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t"
	    "trans_depth\thelo\tmailfrom\trcptto\tdate\tfrom\tto\tcc\t"
	    "reply_to\tmsg_id\tin_reply_to\tsubject\tx_originating_ip\t"
	    "first_received\tsecond_received\tlast_reply\tpath\t"
	    "user_agent\ttls\tfuids\tis_webmail",
	    "time\tstring\taddr\tport\taddr\tport\tcount\tstring\tstring\t"
	    "set[string]\tstring\tstring\tset[string]\tset[string]\t"
	    "string\tstring\tstring\tstring\taddr\tstring\tstring\t"
	    "string\tvector[addr]\tstring\tbool\tvector[string]\tbool" },
	[LOG_HTTP] = {
	    "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t"
	    "trans_depth\tmethod\thost\turi\treferrer\tversion\tuser_agent\t"
	    "origin\trequest_body_len\tresponse_body_len\tstatus_code\t"
	    "status_msg\tinfo_code\tinfo_msg\ttags\tusername\tpassword\t"
	    "proxied\torig_fuids\torig_filenames\torig_mime_types\t"
	    "resp_fuids\tresp_filenames\tresp_mime_types",
	    "time\tstring\taddr\tport\taddr\tport\tcount\tstring\tstring\t"
	    "string\tstring\tstring\tstring\tstring\tcount\tcount\tcount\t"
	    "string\tcount\tstring\tset[enum]\tstring\tstring\tset[string]\t"
	    "vector[string]\tvector[string]\tvector[string]\tvector[string]\t"
	    "vector[string]\tvector[string]" },
	[LOG_NOTICE] = {
	    "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tfuid\t"
	    "file_mime_type\tfile_desc\tproto\tnote\tmsg\tsub\tsrc\tdst\tp\t"
	    "n\tpeer_descr\tactions\tsuppress_for\tdropped\t"
	    "remote_location.country_code\tremote_location.region\t"
	    "remote_location.city\tremote_location.latitude\t"
	    "remote_location.longitude",
	    "time\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\t"
	    "enum\tenum\tstring\tstring\taddr\taddr\tport\tcount\tstring\t"
	    "set[enum]\tinterval\tbool\tstring\tstring\tstring\tdouble\t"
	    "double" },
	[LOG_SSH] = {
	    "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tversion\t"
	    "auth_success\tauth_attempts\tdirection\tclient\tserver\t"
	    "cipher_alg\tmac_alg\tcompression_alg\tkex_alg\thost_key_alg\t"
	    "host_key",
	    "time\tstring\taddr\tport\taddr\tport\tcount\tbool\tcount\t"
	    "enum\tstring\tstring\tstring\tstring\tstring\tstring\tstring\t"
	    "string" },
	[LOG_X509] = {
	    "ts\tfingerprint\tcertificate.version\tcertificate.serial\t"
	    "certificate.subject\tcertificate.issuer\t"
	    "certificate.not_valid_before\tcertificate.not_valid_after\t"
	    "certificate.key_alg\tcertificate.sig_alg\tcertificate.key_type\t"
	    "certificate.key_length\tcertificate.exponent\tcertificate.curve\t"
	    "san.dns\tsan.uri\tsan.email\tsan.ip\tbasic_constraints.ca\t"
	    "basic_constraints.path_len\thost_cert\tclient_cert",
	    "time\tstring\tcount\tstring\tstring\tstring\ttime\ttime\t"
	    "string\tstring\tstring\tcount\tstring\tstring\tvector[string]\t"
	    "vector[string]\tvector[string]\tvector[addr]\tbool\tcount\tbool\t"
	    "bool" },
};

static const char *const gen_paths_names[] = { "conn", "dns", "http",
    "files", "smtp", "notice", "ssh", "x509" };

/* "#open\t2026-03-10-00-00-00" and "#close": the file's time span. */
static void
gen_stamp(struct gen *g, const char *what, uint64_t us)
{
	time_t		 t = (time_t)(us / 1000000);
	struct tm	 tm;
	char		 buf[32];

	if (g->json)
		return;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d-%H-%M-%S", &tm);
	gen_puts(&g->c.out, what);
	gen_putc(&g->c.out, '\t');
	gen_puts(&g->c.out, buf);
	gen_putc(&g->c.out, '\n');
}

static void
gen_header(struct gen *g)
{
	if (g->json)
		return;
	gen_puts(&g->c.out, "#separator \\x09\n#set_separator\t,\n"
	    "#empty_field\t(empty)\n#unset_field\t-\n#path\t");
	gen_puts(&g->c.out, gen_paths_names[g->log]);
	gen_putc(&g->c.out, '\n');
	gen_stamp(g, "#open", g->c.now_us);
	gen_puts(&g->c.out, "#fields\t");
	gen_puts(&g->c.out, gen_fields[g->log][0]);
	gen_puts(&g->c.out, "\n#types\t");
	gen_puts(&g->c.out, gen_fields[g->log][1]);
	gen_putc(&g->c.out, '\n');
}

/* One record of each log, by enum gen_log. */
static void (*const gen_logs[LOG_MAX])(struct gen *, uint32_t) = {
	gen_conn, gen_dns, gen_http, gen_files, gen_smtp, gen_notice,
	gen_ssh, gen_x509
};

static void
usage(void)
{
	fprintf(stderr, "usage: gen_zeek [-j] "
	    "[-l conn|dns|http|files|smtp|notice|ssh|x509]\n\t[-n lines] "
	    "[-e endpoints]\n\t[-d destinations] [-s seed] "
	    "[-t start_epoch]\n");
	exit(1);
}

static void
gen_options(struct gen *g, int argc, char **argv)
{
	int	 ch;

	while ((ch = getopt(argc, argv, GEN_COMMON_OPTS "jl:")) != -1) {
		if (ch == 'j')
			g->json = 1;
		else if (ch == 'l')
			g->log = (enum gen_log)gen_lookup(optarg,
			    gen_paths_names, LOG_MAX);
		else if (gen_common_opt(&g->c, ch, optarg) == -1)
			usage();
	}
	gen_common_end(argc);
}

int
main(int argc, char **argv)
{
	static struct gen	 g;
	uint64_t		 i;
	uint32_t		 ep;

	gen_common_init(&g.c, "gen_zeek");
	gen_options(&g, argc, argv);
	g.c.now_us = g.c.start * 1000000;
	g.c.gap_us = gen_workday_gap(g.c.lines);
	gen_header(&g);
	for (i = 0; i < g.c.lines; i++) {
		ep = gen_below(&g.c.rng, g.c.endpoints);
		gen_logs[g.log](&g, ep);
		g.c.now_us += g.c.gap_us / 2 + gen_below(&g.c.rng,
		    (uint32_t)(g.c.gap_us < UINT32_MAX ? g.c.gap_us + 1 :
		    UINT32_MAX));
		gen_reserve(&g.c.out, GEN_LINEMAX);
	}
	gen_stamp(&g, "#close", g.c.now_us);
	gen_flush(&g.c.out);
	return fflush(stdout) == 0 ? 0 : 1;
}
