/*
 * Suricata EVE JSON (format "suricata"): one object per line, as the
 * eve-log output writes it.  A common part, then an object named after
 * the record's event_type:
 *
 *	{"timestamp":"2026-03-10T14:02:11.123456+0000","flow_id":1,
 *	 "event_type":"alert","src_ip":"10.0.0.5","src_port":49152,
 *	 "dest_ip":"203.0.113.9","dest_port":80,"proto":"TCP",
 *	 "app_proto":"http","alert":{"action":"allowed","gid":1,
 *	 "signature_id":2024897,"rev":3,"signature":"ET MALWARE ...",
 *	 "category":"A Network Trojan was detected","severity":1},
 *	 "http":{"hostname":"x.example","url":"/a","http_method":"GET",
 *	 "http_user_agent":"...","status":200,"length":512}}
 *
 * The event types read are alert, http, dns, tls, fileinfo, flow and
 * anomaly; the others (stats, netflow, smb, ...) are skipped, and
 * counted as skipped by the pipeline.  The protocol objects of a
 * record (http, dns, tls, fileinfo) are read whatever its event_type:
 * an alert carries its transaction's http as metadata, a fileinfo the
 * http it came over, and both then name the URL and the site.
 *
 * The endpoint is the side that opened the flow: a record whose
 * "direction" is "to_client" (an alert on a response, a file
 * downloaded) names the server as src_ip, so the two sides are swapped.
 *
 * DNS records are source kind "dns", so that DNS rules see them; the
 * others "network", as Zeek's.  Every member can be read by its EVE
 * name ("alert.signature", "tls.ja3.hash") when a rule asks
 * (logevent_native), and the line, escapes decoded, is the message a
 * Sigma keyword searches.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "util/timeutil.h"
#include "parsers/jscan.h"
#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/url.h"

struct eve_name {
	const char	*name;
	size_t		 len;
};

#define EN(s)	{ s, sizeof(s) - 1 }

/* The common part, and the objects read, in this order. */
enum eve_key {
	EK_TIMESTAMP,
	EK_EVENT_TYPE,
	EK_SRC_IP,
	EK_SRC_PORT,
	EK_DEST_IP,
	EK_DEST_PORT,
	EK_PROTO,
	EK_APP_PROTO,
	EK_HOST,
	EK_DIRECTION,
	EK_ALERT,
	EK_HTTP,
	EK_DNS,
	EK_TLS,
	EK_FILEINFO,
	EK_FLOW,
	EK_ANOMALY,
	EK_MAX
};

static const struct eve_name eve_keys[EK_MAX] = {
	EN("timestamp"), EN("event_type"), EN("src_ip"), EN("src_port"),
	EN("dest_ip"), EN("dest_port"), EN("proto"), EN("app_proto"),
	EN("host"), EN("direction"), EN("alert"), EN("http"), EN("dns"),
	EN("tls"), EN("fileinfo"), EN("flow"), EN("anomaly"),
};

/* The event types read: the object of the same name, and what it is. */
static const struct {
	const char	*name;
	enum eve_key	 obj;
	const char	*protocol;	/* when app_proto does not say */
} eve_types[] = {
	{ "alert", EK_ALERT, NULL },
	{ "http", EK_HTTP, "http" },
	{ "dns", EK_DNS, "dns" },
	{ "tls", EK_TLS, "tls" },
	{ "fileinfo", EK_FILEINFO, NULL },
	{ "flow", EK_FLOW, NULL },
	{ "anomaly", EK_ANOMALY, NULL },
};

#define EVE_NTYPES	(sizeof(eve_types) / sizeof(eve_types[0]))
#define EVE_MAXMEMBERS	12

/* The index of key in t[0..n), or -1. */
static int
eve_find(const struct eve_name *t, size_t n, struct slice key)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (t[i].len == key.len && memcmp(t[i].name, key.p,
		    key.len) == 0)
			return (int)i;
	return -1;
}

/*
 * The members of obj named in t[0..n) into v (JS_NULL when absent);
 * the first of a name wins.  -1 if obj is not a well-formed object.
 */
static int
eve_members(const struct jvalue *obj, const struct eve_name *t, size_t n,
    struct jvalue *v)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 jv;
	uint32_t	 seen = 0;
	size_t		 i;
	int		 k, r;

	for (i = 0; i < n; i++) {
		v[i].type = JS_NULL;
		v[i].raw.p = NULL;
		v[i].raw.len = 0;
		v[i].escaped = 0;
	}
	if (obj->type != JS_OBJECT || jscan_enter(&js, obj) == -1)
		return -1;
	while ((r = jscan_next(&js, &key, &jv)) == 1)
		if ((k = eve_find(t, n, key)) >= 0 && !(seen & (1u << k))) {
			v[k] = jv;
			seen |= 1u << k;
		}
	return r == 0 ? 0 : -1;
}

/* A value as text (strings decoded into the arena); empty for null. */
static struct slice
eve_str(const struct jvalue *v, struct logevent *ev)
{
	struct slice	 none = { NULL, 0 };

	if (v->type == JS_NULL || v->type == JS_OBJECT ||
	    v->type == JS_ARRAY)
		return none;
	return jscan_string(v, ev);
}

/* A count in [0, max]: absent or null leaves *out; -1 if bad. */
static int
eve_int(const struct jvalue *v, int64_t max, int64_t *out)
{
	int64_t	 n;

	if (v->type == JS_NULL)
		return 0;
	if (jscan_int(v, &n) == -1 || n < 0 || n > max)
		return -1;
	*out = n;
	return 0;
}

static int
eve_int32(const struct jvalue *v, int64_t max, int32_t *out)
{
	int64_t	 n = -1;

	if (eve_int(v, max, &n) == -1)
		return -1;
	if (n >= 0)
		*out = (int32_t)n;
	return 0;
}

/* "TCP" as the other formats write it. */
static struct slice
eve_transport(struct slice s)
{
	if (slice_caseeq(s, "tcp"))
		return slice_cstr("tcp");
	if (slice_caseeq(s, "udp"))
		return slice_cstr("udp");
	if (slice_caseeq(s, "icmp") || slice_caseeq(s, "ipv6-icmp"))
		return slice_cstr("icmp");
	return s;
}

enum { EA_ACTION, EA_SID, EA_SIGNATURE, EA_CATEGORY, EA_SEVERITY, EA_MAX };
static const struct eve_name eve_alert_keys[EA_MAX] = {
	EN("action"), EN("signature_id"), EN("signature"), EN("category"),
	EN("severity"),
};

static int
eve_alert(struct logevent *ev, const struct jvalue *obj, const char **err)
{
	struct jvalue	 v[EA_MAX];

	if (eve_members(obj, eve_alert_keys, EA_MAX, v) == -1) {
		*err = "alert is not an object";
		return -1;
	}
	ev->action = eve_str(&v[EA_ACTION], ev);
	ev->threat_name = eve_str(&v[EA_SIGNATURE], ev);
	ev->threat_category = eve_str(&v[EA_CATEGORY], ev);
	if (eve_int(&v[EA_SID], UINT32_MAX, &ev->signature_id) == -1 ||
	    eve_int32(&v[EA_SEVERITY], 255, &ev->severity) == -1) {
		*err = "bad alert signature_id or severity";
		return -1;
	}
	return 0;
}

enum { EH_HOSTNAME, EH_URL, EH_METHOD, EH_UA, EH_CTYPE, EH_REFER,
    EH_STATUS, EH_LENGTH, EH_MAX };
static const struct eve_name eve_http_keys[EH_MAX] = {
	EN("hostname"), EN("url"), EN("http_method"), EN("http_user_agent"),
	EN("http_content_type"), EN("http_refer"), EN("status"),
	EN("length"),
};

static int
eve_http(struct logevent *ev, const struct jvalue *obj, const char **err)
{
	struct jvalue	 v[EH_MAX];

	if (eve_members(obj, eve_http_keys, EH_MAX, v) == -1) {
		*err = "http is not an object";
		return -1;
	}
	ev->method = eve_str(&v[EH_METHOD], ev);
	ev->user_agent = eve_str(&v[EH_UA], ev);
	ev->content_type = eve_str(&v[EH_CTYPE], ev);
	ev->referrer = eve_str(&v[EH_REFER], ev);
	if (eve_int32(&v[EH_STATUS], 999, &ev->status) == -1 ||
	    eve_int(&v[EH_LENGTH], INT64_MAX, &ev->bytes_in) == -1) {
		*err = "bad http status or length";
		return -1;
	}
	url_http_request(ev, eve_str(&v[EH_HOSTNAME], ev),
	    eve_str(&v[EH_URL], ev));
	return 0;
}

/*
 * The answers of a dns object: the rdata of each element of answers
 * (version 2 and 3 answers), joined with ',' in the arena.
 */
static struct slice
eve_dns_answers(struct logevent *ev, const struct jvalue *arr)
{
	static const struct eve_name rdata[1] = { EN("rdata") };
	struct jscan	 js;
	struct slice	 key, s, out = { NULL, 0 };
	struct jvalue	 e, v;
	char		*start = ev->arena + ev->arena_len;

	if (jscan_enter(&js, arr) == -1)
		return out;
	while (jscan_next(&js, &key, &e) == 1) {
		if (e.type != JS_OBJECT || eve_members(&e, rdata, 1, &v) == -1)
			continue;
		/* The comma first: an escaped value decodes right after it. */
		if (out.len > 0 && logevent_dup(ev, ",", 1).p == NULL)
			break;
		s = eve_str(&v, ev);
		if (s.len > 0 && !(s.p >= start && s.p < ev->arena +
		    ev->arena_len) && logevent_dup(ev, s.p, s.len).p == NULL)
			s.len = 0;
		if (s.len == 0) {
			/* Nothing to add: take the comma back. */
			if (out.len > 0)
				ev->arena_len--;
			continue;
		}
		out.p = start;
		out.len = (size_t)(ev->arena + ev->arena_len - start);
	}
	return out;
}

enum { ED_RRNAME, ED_RRTYPE, ED_RCODE, ED_RDATA, ED_ANSWERS, ED_QUERIES,
    ED_MAX };
static const struct eve_name eve_dns_keys[ED_MAX] = {
	EN("rrname"), EN("rrtype"), EN("rcode"), EN("rdata"), EN("answers"),
	EN("queries"),
};

/* Version 3 (Suricata 8) names the question in queries[0]. */
static void
eve_dns_query(struct logevent *ev, const struct jvalue *queries)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 q, v[2];

	if (jscan_enter(&js, queries) == -1 ||
	    jscan_next(&js, &key, &q) != 1 || q.type != JS_OBJECT ||
	    eve_members(&q, eve_dns_keys, 2, v) == -1)
		return;
	ev->dns_query = eve_str(&v[ED_RRNAME], ev);
	ev->dns_qtype = eve_str(&v[ED_RRTYPE], ev);
}

static int
eve_dns(struct logevent *ev, const struct jvalue *obj, const char **err)
{
	struct jvalue	 v[ED_MAX];

	if (eve_members(obj, eve_dns_keys, ED_MAX, v) == -1) {
		*err = "dns is not an object";
		return -1;
	}
	ev->dns_query = eve_str(&v[ED_RRNAME], ev);
	ev->dns_qtype = eve_str(&v[ED_RRTYPE], ev);
	if (ev->dns_query.len == 0 && v[ED_QUERIES].type == JS_ARRAY)
		eve_dns_query(ev, &v[ED_QUERIES]);
	ev->dns_rcode = eve_str(&v[ED_RCODE], ev);
	ev->dns_answers = eve_str(&v[ED_RDATA], ev);
	if (ev->dns_answers.len == 0 && v[ED_ANSWERS].type == JS_ARRAY)
		ev->dns_answers = eve_dns_answers(ev, &v[ED_ANSWERS]);
	return 0;
}

static int
eve_tls(struct logevent *ev, const struct jvalue *obj, const char **err)
{
	static const struct eve_name sni[1] = { EN("sni") };
	struct jvalue	 v;

	if (eve_members(obj, sni, 1, &v) == -1) {
		*err = "tls is not an object";
		return -1;
	}
	ev->dst_domain = eve_str(&v, ev);
	return 0;
}

enum { EF_FILENAME, EF_SHA256, EF_SHA1, EF_MD5, EF_SIZE, EF_MAX };
static const struct eve_name eve_file_keys[EF_MAX] = {
	EN("filename"), EN("sha256"), EN("sha1"), EN("md5"), EN("size"),
};

static int
eve_fileinfo(struct logevent *ev, const struct jvalue *obj,
    const char **err)
{
	struct jvalue	 v[EF_MAX];
	int		 i;

	if (eve_members(obj, eve_file_keys, EF_MAX, v) == -1) {
		*err = "fileinfo is not an object";
		return -1;
	}
	ev->file_name = eve_str(&v[EF_FILENAME], ev);
	/* The strongest hash logged: hash lists match any of the three. */
	for (i = EF_SHA256; i <= EF_MD5 && ev->hashes.len == 0; i++)
		ev->hashes = eve_str(&v[i], ev);
	if (eve_int(&v[EF_SIZE], INT64_MAX, &ev->bytes_in) == -1) {
		*err = "bad fileinfo size";
		return -1;
	}
	return 0;
}

enum { EW_TOSERVER, EW_TOCLIENT, EW_START, EW_END, EW_AGE, EW_STATE,
    EW_MAX };
static const struct eve_name eve_flow_keys[EW_MAX] = {
	EN("bytes_toserver"), EN("bytes_toclient"), EN("start"), EN("end"),
	EN("age"), EN("state"),
};

static int
eve_flow(struct logevent *ev, const struct jvalue *obj, const char **err)
{
	struct jvalue	 v[EW_MAX];
	struct slice	 s, e;
	int64_t		 start, end, age = -1;

	if (eve_members(obj, eve_flow_keys, EW_MAX, v) == -1) {
		*err = "flow is not an object";
		return -1;
	}
	ev->conn_state = eve_str(&v[EW_STATE], ev);
	if (eve_int(&v[EW_TOSERVER], INT64_MAX, &ev->bytes_out) == -1 ||
	    eve_int(&v[EW_TOCLIENT], INT64_MAX, &ev->bytes_in) == -1 ||
	    eve_int(&v[EW_AGE], INT64_MAX / 1000, &age) == -1) {
		*err = "bad flow bytes or age";
		return -1;
	}
	s = v[EW_START].raw;
	e = v[EW_END].raw;
	if (v[EW_START].type == JS_STRING && v[EW_END].type == JS_STRING &&
	    time_parse_iso8601(s.p, s.len, &start) == (int)s.len &&
	    time_parse_iso8601(e.p, e.len, &end) == (int)e.len &&
	    end >= start)
		ev->duration_ms = end - start;
	else if (age >= 0)
		ev->duration_ms = age * 1000;
	return 0;
}

static int
eve_anomaly(struct logevent *ev, const struct jvalue *obj,
    const char **err)
{
	static const struct eve_name keys[2] = { EN("event"), EN("type") };
	struct jvalue	 v[2];

	if (eve_members(obj, keys, 2, v) == -1) {
		*err = "anomaly is not an object";
		return -1;
	}
	ev->threat_name = eve_str(&v[0], ev);
	ev->threat_category = eve_str(&v[1], ev);
	return 0;
}

typedef int	eve_obj_fn(struct logevent *, const struct jvalue *,
		    const char **);

/* What reads each object, by enum eve_key from EK_ALERT on. */
static eve_obj_fn *const eve_readers[EK_MAX - EK_ALERT] = {
	eve_alert, eve_http, eve_dns, eve_tls, eve_fileinfo, eve_flow,
	eve_anomaly,
};

/* The top-level members read; -1 if the line is not one JSON object. */
static int
eve_scan(const char *line, size_t len, struct jvalue *v)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 jv;
	int		 k, r;

	memset(v, 0, EK_MAX * sizeof(*v));
	for (k = 0; k < EK_MAX; k++)
		v[k].type = JS_NULL;
	jscan_init(&js, line, len);
	while ((r = jscan_next(&js, &key, &jv)) == 1)
		if ((k = eve_find(eve_keys, EK_MAX, key)) >= 0 &&
		    v[k].raw.p == NULL)
			v[k] = jv;
	return r == 0 && jscan_done(&js) ? 0 : -1;
}

/* The type's row, or -1 for one not read. */
static int
eve_type(const struct jvalue *v)
{
	size_t	 i;

	if (v->type != JS_STRING)
		return -1;
	for (i = 0; i < EVE_NTYPES; i++)
		if (slice_eq(v->raw, eve_types[i].name))
			return (int)i;
	return -1;
}

/*
 * Whether the record's tuple runs from the server to the client:
 * "direction" says so (Suricata 7); before it, a fileinfo record is
 * written in the direction the file went, which for a download is from
 * a service port (below 1024) to the client's.
 */
static int
eve_to_client(const struct jvalue *v, const struct logevent *ev)
{
	if (v[EK_DIRECTION].type == JS_STRING)
		return slice_eq(v[EK_DIRECTION].raw, "to_client");
	return v[EK_FILEINFO].type == JS_OBJECT &&
	    slice_eq(v[EK_EVENT_TYPE].raw, "fileinfo") && ev->src_port >= 0 &&
	    ev->src_port < 1024 && ev->dst_port >= 1024;
}

/* Time, hosts, ports; the endpoint on the source side. */
static int
eve_tuple(struct logevent *ev, const struct jvalue *v, const char **err)
{
	struct slice	 ts = v[EK_TIMESTAMP].raw, ip;
	int32_t		 port;

	if (v[EK_TIMESTAMP].type != JS_STRING ||
	    time_parse_iso8601(ts.p, ts.len, &ev->time_ms) != (int)ts.len) {
		*err = "bad or missing timestamp";
		return -1;
	}
	ev->host_name = eve_str(&v[EK_HOST], ev);
	ev->src_ip = eve_str(&v[EK_SRC_IP], ev);
	ev->dst_ip = eve_str(&v[EK_DEST_IP], ev);
	ev->transport = eve_transport(eve_str(&v[EK_PROTO], ev));
	if (eve_int32(&v[EK_SRC_PORT], 65535, &ev->src_port) == -1 ||
	    eve_int32(&v[EK_DEST_PORT], 65535, &ev->dst_port) == -1) {
		*err = "bad port";
		return -1;
	}
	if (eve_to_client(v, ev)) {
		ip = ev->src_ip;
		ev->src_ip = ev->dst_ip;
		ev->dst_ip = ip;
		port = ev->src_port;
		ev->src_port = ev->dst_port;
		ev->dst_port = port;
	}
	return 0;
}

/* The protocol objects, then the type's own (flow, anomaly). */
static int
eve_objects(struct logevent *ev, const struct jvalue *v, int type,
    const char **err)
{
	enum eve_key	 k, own = eve_types[type].obj;

	for (k = EK_ALERT; k < EK_MAX; k++) {
		if (v[k].type == JS_NULL)
			continue;
		/* flow and anomaly say what they say of their own record. */
		if ((k == EK_FLOW || k == EK_ANOMALY || k == EK_ALERT) &&
		    k != own)
			continue;
		if (eve_readers[k - EK_ALERT](ev, &v[k], err) == -1)
			return -1;
	}
	if (v[own].type == JS_NULL) {
		*err = "no object for the event_type";
		return -1;
	}
	return 0;
}

/* A JSON line by its keys: "alert.signature", "http.hostname". */
static struct slice
eve_native(const struct logevent *ev, const char *name, size_t len,
    char *buf, size_t size)
{
	return jscan_native(parser_native_text(ev), name, len, buf, size);
}

static enum parse_result
eve_parse(void *state, const char *line, size_t len, struct logevent *ev,
    const char **err)
{
	struct jvalue	 v[EK_MAX];
	struct slice	 app;
	const char	*dummy;
	int		 type;

	(void)state;
	if (err == NULL)
		err = &dummy;
	if (jscan_blank(line, len))
		return PARSE_SKIP;
	/* Decoded strings and the URL may outgrow the line: reserve early. */
	(void)logevent_reserve(ev, 2 * len + 64);
	if (eve_scan(line, len, v) == -1) {
		*err = "malformed JSON";
		return PARSE_ERROR;
	}
	if ((type = eve_type(&v[EK_EVENT_TYPE])) == -1)
		return PARSE_SKIP;
	if (eve_tuple(ev, v, err) == -1 || eve_objects(ev, v, type, err) == -1)
		return PARSE_ERROR;
	ev->format = parser_suricata.name;
	ev->source = eve_types[type].obj == EK_DNS ? SRC_DNS : SRC_NETWORK;
	app = eve_str(&v[EK_APP_PROTO], ev);
	ev->protocol = app.len > 0 ? app : eve_types[type].protocol != NULL ?
	    slice_cstr(eve_types[type].protocol) : app;
	ev->native = eve_native;
	ev->native_arg = line;
	ev->message = jscan_message;
	return PARSE_OK;
}

const struct parser parser_suricata = {
	"suricata", SRC_NETWORK,
	"Suricata EVE JSON: alert, http, dns, tls, fileinfo, flow, anomaly",
	0, NULL, NULL, eve_parse
};
