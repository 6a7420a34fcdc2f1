/*
 * FortiGate key=value logs (traffic, utm, event):
 *
 *   date=2026-03-10 time=14:02:11 devname="FGT-HQ" ... eventtime=...
 *       tz="+0100" logid="0000000013" type="traffic" subtype="forward"
 *       srcip=10.20.1.15 srcport=51234 dstip=203.0.113.7 dstport=443
 *       proto=6 action="accept" policyid=12 ...
 *
 * Keys come in any order and FortiOS adds new ones with every release:
 * the parser reads the keys it knows and ignores the rest, which a rule
 * can still ask for by key (logevent_native).  Values are words or
 * "quoted strings" with \" escapes.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "util/timeutil.h"
#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/kv.h"
#include "parsers/url.h"

enum fgt_key {
	FK_NONE,
	FK_DATE, FK_TIME, FK_TZ, FK_EVENTTIME, FK_DEVNAME, FK_TYPE, FK_LOGID,
	FK_SRCIP, FK_SRCPORT, FK_SRCNAME, FK_SRCMAC, FK_DSTIP, FK_DSTPORT,
	FK_PROTO, FK_ACTION, FK_POLICYID, FK_POLICYNAME, FK_APP, FK_CATDESC,
	FK_HOSTNAME, FK_URL, FK_USER, FK_UNAUTHUSER, FK_SENTBYTE, FK_RCVDBYTE,
	FK_DURATION, FK_ATTACK, FK_VIRUS,
	FK_MAX
};

struct fgt_vals {
	struct slice	 v[FK_MAX];
	uint64_t	 esc;		/* bit per key: value has \ escapes */
};

/* k is the literal s: with a constant size, memcmp compiles inline. */
#define FGT_IS(k, s)	(memcmp((k).p, (s), sizeof(s) - 1) == 0)

/*
 * The keys the parser reads, by length then by name: most of a line's
 * keys are others, and they should cost a compare or two.
 */
static enum fgt_key
fgt_key(struct slice k)
{
	switch (k.len) {
	case 2:
		return FGT_IS(k, "tz") ? FK_TZ : FK_NONE;
	case 3:
		return FGT_IS(k, "app") ? FK_APP : FGT_IS(k, "url") ? FK_URL :
		    FK_NONE;
	case 4:
		return FGT_IS(k, "date") ? FK_DATE : FGT_IS(k, "time") ?
		    FK_TIME : FGT_IS(k, "type") ? FK_TYPE : FGT_IS(k, "user") ?
		    FK_USER : FK_NONE;
	case 5:
		return FGT_IS(k, "srcip") ? FK_SRCIP : FGT_IS(k, "dstip") ?
		    FK_DSTIP : FGT_IS(k, "proto") ? FK_PROTO :
		    FGT_IS(k, "logid") ? FK_LOGID : FGT_IS(k, "virus") ?
		    FK_VIRUS : FK_NONE;
	case 6:
		return FGT_IS(k, "action") ? FK_ACTION : FGT_IS(k, "attack") ?
		    FK_ATTACK : FGT_IS(k, "srcmac") ? FK_SRCMAC : FK_NONE;
	case 7:
		return FGT_IS(k, "srcport") ? FK_SRCPORT :
		    FGT_IS(k, "dstport") ? FK_DSTPORT : FGT_IS(k, "devname") ?
		    FK_DEVNAME : FGT_IS(k, "catdesc") ? FK_CATDESC :
		    FGT_IS(k, "srcname") ? FK_SRCNAME : FK_NONE;
	case 8:
		return FGT_IS(k, "sentbyte") ? FK_SENTBYTE :
		    FGT_IS(k, "rcvdbyte") ? FK_RCVDBYTE :
		    FGT_IS(k, "duration") ? FK_DURATION :
		    FGT_IS(k, "policyid") ? FK_POLICYID :
		    FGT_IS(k, "hostname") ? FK_HOSTNAME : FK_NONE;
	case 9:
		return FGT_IS(k, "eventtime") ? FK_EVENTTIME : FK_NONE;
	case 10:
		return FGT_IS(k, "policyname") ? FK_POLICYNAME :
		    FGT_IS(k, "unauthuser") ? FK_UNAUTHUSER : FK_NONE;
	default:
		return FK_NONE;
	}
}

static void
fgt_scan(const char *p, size_t len, struct fgt_vals *fv)
{
	struct slice	 k, v;
	enum fgt_key	 key;
	size_t		 pos = 0;
	int		 esc;

	while (kv_next(p, len, &pos, &k, &v, &esc) == 1) {
		if ((key = fgt_key(k)) == FK_NONE || v.len == 0)
			continue;
		fv->v[key] = v;
		if (esc)
			fv->esc |= (uint64_t)1 << key;
		else
			fv->esc &= ~((uint64_t)1 << key);
	}
}

/* A string value, decoded if it has escapes. */
static struct slice
fgt_str(struct logevent *ev, const struct fgt_vals *fv, enum fgt_key k)
{
	if (fv->esc & ((uint64_t)1 << k))
		return kv_unescape(ev, fv->v[k]);
	return fv->v[k];
}

/* eventtime is s, ms, µs or ns since the epoch, by its magnitude. */
static int
fgt_eventtime(struct slice s, int64_t *ms)
{
	uint64_t	 v = 0;
	size_t		 i;

	if (s.len == 0 || s.len > 19)
		return -1;
	for (i = 0; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	if (v >= 100000000000000000ULL)
		v /= 1000000;
	else if (v >= 100000000000000ULL)
		v /= 1000;
	else if (v < 100000000000ULL)
		v *= 1000;
	*ms = (int64_t)v;
	return 0;
}

/* date=2026-03-10 time=14:02:11 tz="+0100": local time and its offset. */
static int
fgt_datetime(const struct fgt_vals *fv, int64_t *ms)
{
	struct slice	 d = fv->v[FK_DATE], t = fv->v[FK_TIME];
	struct slice	 tz = fv->v[FK_TZ];
	char		 buf[48];
	size_t		 n;
	int		 r;

	if (d.len != 10 || t.len < 8 || t.len > 18)
		return -1;
	memcpy(buf, d.p, 10);
	buf[10] = 'T';
	memcpy(buf + 11, t.p, t.len);
	n = 11 + t.len;
	if (tz.len == 5 && (tz.p[0] == '+' || tz.p[0] == '-')) {
		memcpy(buf + n, tz.p, 5);
		n += 5;
	}
	r = time_parse_iso8601(buf, n, ms);
	return (r < 0 || (size_t)r != n) ? -1 : 0;
}

static struct slice
fgt_action(struct slice a)
{
	static const char *const allow[] = { "accept", "close", "timeout",
	    "server-rst", "client-rst", "pass", "passthrough", "start" };
	static const char *const deny[] = { "deny", "drop", "dropped",
	    "blocked", "block", "reset" };
	size_t	 i;

	for (i = 0; i < sizeof(allow) / sizeof(allow[0]); i++)
		if (slice_eq(a, allow[i]))
			return slice_cstr("allow");
	for (i = 0; i < sizeof(deny) / sizeof(deny[0]); i++)
		if (slice_eq(a, deny[i]))
			return slice_cstr("deny");
	return a;
}

static void
fgt_numbers(struct logevent *ev, const struct fgt_vals *fv)
{
	int64_t	 n;

	ev->transport = kv_transport(fv->v[FK_PROTO]);
	if (!slice_eq(ev->transport, "icmp")) {
		/* FortiGate puts ICMP id and type in the port fields. */
		ev->src_port = kv_port(fv->v[FK_SRCPORT].p,
		    fv->v[FK_SRCPORT].len);
		ev->dst_port = kv_port(fv->v[FK_DSTPORT].p,
		    fv->v[FK_DSTPORT].len);
	}
	if (kv_num(fv->v[FK_SENTBYTE].p, fv->v[FK_SENTBYTE].len, &n) == 0)
		ev->bytes_out = n;
	if (kv_num(fv->v[FK_RCVDBYTE].p, fv->v[FK_RCVDBYTE].len, &n) == 0)
		ev->bytes_in = n;
	if (kv_num(fv->v[FK_DURATION].p, fv->v[FK_DURATION].len, &n) == 0 &&
	    n < INT64_MAX / 1000)
		ev->duration_ms = n * 1000;
}

static void
fgt_strings(struct logevent *ev, const struct fgt_vals *fv)
{
	struct slice	 host, s;

	if (url_is_ip(fv->v[FK_SRCIP]))
		ev->src_ip = fv->v[FK_SRCIP];
	if (url_is_ip(fv->v[FK_DSTIP]))
		ev->dst_ip = fv->v[FK_DSTIP];
	if (!SLICE_EMPTY(fv->v[FK_DEVNAME]))
		ev->host_name = fgt_str(ev, fv, FK_DEVNAME);
	ev->src_host = fgt_str(ev, fv, FK_SRCNAME);
	ev->src_mac = fv->v[FK_SRCMAC];
	ev->action = fgt_action(fgt_str(ev, fv, FK_ACTION));
	ev->fw_rule = fgt_str(ev, fv, SLICE_EMPTY(fv->v[FK_POLICYNAME]) ?
	    FK_POLICYID : FK_POLICYNAME);
	ev->app = fgt_str(ev, fv, FK_APP);
	ev->category = fgt_str(ev, fv, FK_CATDESC);
	ev->user = fgt_str(ev, fv, SLICE_EMPTY(fv->v[FK_USER]) ?
	    FK_UNAUTHUSER : FK_USER);
	ev->threat_name = fgt_str(ev, fv, SLICE_EMPTY(fv->v[FK_ATTACK]) ?
	    FK_VIRUS : FK_ATTACK);
	ev->url = fgt_str(ev, fv, FK_URL);
	kv_url(ev, ev->url, &host);
	s = fgt_str(ev, fv, FK_HOSTNAME);
	if (SLICE_EMPTY(s))
		s = host;
	if (!SLICE_EMPTY(s) && !url_is_ip(s))
		ev->dst_domain = s;
}

/* Every key by its FortiOS name, when a rule asks (logevent_native). */
static struct slice
fgt_native(const struct logevent *ev, const char *name, size_t len,
    char *buf, size_t size)
{
	return kv_native(parser_native_text(ev), name, len, buf, size);
}

static enum parse_result
fortigate_parse(void *state, const char *line, size_t len,
    struct logevent *ev, const char **err)
{
	struct fgt_vals	 fv;
	const char	*dummy;
	int64_t		 t;

	if (err == NULL)
		err = &dummy;
	(void)state;
	if (kv_trim((struct slice){ line, len }).len == 0)
		return PARSE_SKIP;
	memset(&fv, 0, sizeof(fv));
	fgt_scan(line, len, &fv);
	if (SLICE_EMPTY(fv.v[FK_LOGID]) && SLICE_EMPTY(fv.v[FK_TYPE])) {
		*err = "no logid or type: not a FortiGate log";
		return PARSE_ERROR;
	}
	if (fgt_eventtime(fv.v[FK_EVENTTIME], &t) == 0 ||
	    fgt_datetime(&fv, &t) == 0)
		ev->time_ms = t;
	else if (ev->time_ms == 0) {
		*err = "no date and time";
		return PARSE_ERROR;
	}
	ev->source = SRC_FIREWALL;
	ev->format = parser_fortigate.name;
	fgt_numbers(ev, &fv);
	fgt_strings(ev, &fv);
	ev->native = fgt_native;
	ev->native_arg = line;
	return PARSE_OK;
}

const struct parser parser_fortigate = {
	"fortigate", SRC_FIREWALL,
	"FortiGate key=value traffic, UTM and event logs",
	PARSER_SYSLOG | PARSER_SYSLOG_RELAY, NULL, NULL, fortigate_parse
};
