/*
 * gen_zeek: deterministic, realistic Zeek conn.log, dns.log, http.log,
 * files.log or smtp.log lines, as the ASCII writer (with its header) or
 * the JSON writer writes them, for the tests and the benchmark.  The
 * same options give the same bytes everywhere: own PRNG, no floating
 * point.
 *
 *	gen_zeek [-j] [-l conn|dns|http|files|smtp] [-n lines] [-e endpoints]
 *	    [-d destinations] [-s seed] [-t start_epoch]
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
	LOG_SMTP
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
};

static const char *const gen_paths_names[] = { "conn", "dns", "http",
    "files", "smtp" };

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

static void
usage(void)
{
	fprintf(stderr, "usage: gen_zeek [-j] [-l conn|dns|http|files|smtp] "
	    "[-n lines] "
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
			    gen_paths_names, 5);
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
		if (g.log == LOG_CONN)
			gen_conn(&g, ep);
		else if (g.log == LOG_DNS)
			gen_dns(&g, ep);
		else if (g.log == LOG_HTTP)
			gen_http(&g, ep);
		else if (g.log == LOG_FILES)
			gen_files(&g, ep);
		else
			gen_smtp(&g, ep);
		g.c.now_us += g.c.gap_us / 2 + gen_below(&g.c.rng,
		    (uint32_t)(g.c.gap_us < UINT32_MAX ? g.c.gap_us + 1 :
		    UINT32_MAX));
		gen_reserve(&g.c.out, GEN_LINEMAX);
	}
	gen_stamp(&g, "#close", g.c.now_us);
	gen_flush(&g.c.out);
	return fflush(stdout) == 0 ? 0 : 1;
}
