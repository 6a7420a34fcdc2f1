/*
 * PAN-OS syslog in the default CSV layout (PAN-OS 10.x and 11.x):
 *
 *   FUTURE_USE,Receive Time,Serial,Type,Subtype,FUTURE_USE,Generated
 *   Time,Source,Destination,NAT Source,NAT Destination,Rule,Source User,
 *   Destination User,Application,...
 *
 * The position of every field is fixed by the log type.  TRAFFIC and
 * THREAT (which covers URL filtering, antivirus, spyware, vulnerability
 * and WildFire) are read; other types (SYSTEM, CONFIG, GLOBALPROTECT,
 * ...) are skipped.  Fields in double quotes may hold commas and
 * doubled quotes.
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

/* Positions common to TRAFFIC and THREAT. */
enum {
	PA_RECEIVE_TIME = 1,
	PA_SERIAL = 2,
	PA_TYPE = 3,
	PA_SUBTYPE = 4,
	PA_GEN_TIME = 6,
	PA_SRC = 7,
	PA_DST = 8,
	PA_RULE = 11,
	PA_SRC_USER = 12,
	PA_APP = 14,
	PA_SPORT = 24,
	PA_DPORT = 25,
	PA_PROTO = 29,
	PA_ACTION = 30
};

/* TRAFFIC */
enum {
	PA_TR_BYTES_SENT = 32,
	PA_TR_BYTES_RCVD = 33,
	PA_TR_ELAPSED = 36,
	PA_TR_CATEGORY = 37,
	PA_TR_DEVICE = 52,
	PA_TR_MIN = 37		/* fields up to the elapsed time */
};

/* THREAT */
enum {
	PA_TH_URL = 31,
	PA_TH_THREAT = 32,
	PA_TH_CATEGORY = 33,
	PA_TH_CONTENT_TYPE = 41,
	PA_TH_DIGEST = 43,
	PA_TH_USER_AGENT = 46,
	PA_TH_REFERER = 49,
	PA_TH_DEVICE = 59,
	PA_TH_METHOD = 63,
	PA_TH_MIN = 34		/* fields up to the category */
};

#define PA_NFIELDS	64

struct pa_line {
	struct slice	 f[PA_NFIELDS];
	uint64_t	 dq;	/* fields with doubled quotes */
	int		 nf;
};

/* Field i, decoded, or empty if absent. */
static struct slice
pa_field(struct logevent *ev, const struct pa_line *pl, int i)
{
	struct slice	 none = { NULL, 0 };

	if (i >= pl->nf)
		return none;
	if (pl->dq & ((uint64_t)1 << i))
		return kv_csv_unquote(ev, pl->f[i]);
	return pl->f[i];
}

/* "2026/03/10 14:02:11", the firewall's local time, taken as UTC. */
static int
pa_time(struct slice s, int64_t *ms)
{
	char	 buf[20];
	int	 r;

	if (s.len != 19 || s.p[4] != '/' || s.p[7] != '/')
		return -1;
	memcpy(buf, s.p, 19);
	buf[4] = buf[7] = '-';
	r = time_parse_iso8601(buf, 19, ms);
	return r == 19 ? 0 : -1;
}

static struct slice
pa_action(struct slice a)
{
	if (slice_eq(a, "allow"))
		return slice_cstr("allow");
	if (slice_eq(a, "deny") ||
	    (a.len >= 4 && memcmp(a.p, "drop", 4) == 0) ||
	    (a.len >= 6 && memcmp(a.p, "reset-", 6) == 0))
		return slice_cstr("deny");
	return a;
}

static void
pa_common(struct logevent *ev, const struct pa_line *pl)
{
	struct slice	 s;

	if (url_is_ip(s = pl->f[PA_SRC]))
		ev->src_ip = s;
	if (url_is_ip(s = pl->f[PA_DST]))
		ev->dst_ip = s;
	ev->fw_rule = pa_field(ev, pl, PA_RULE);
	ev->user = pa_field(ev, pl, PA_SRC_USER);
	ev->app = pa_field(ev, pl, PA_APP);
	ev->src_port = kv_port(pl->f[PA_SPORT].p, pl->f[PA_SPORT].len);
	ev->dst_port = kv_port(pl->f[PA_DPORT].p, pl->f[PA_DPORT].len);
	ev->transport = kv_transport(pl->f[PA_PROTO]);
	ev->action = pa_action(pa_field(ev, pl, PA_ACTION));
}

static void
pa_traffic(struct logevent *ev, const struct pa_line *pl)
{
	const struct slice	*f = pl->f;
	struct slice		 s;
	int64_t			 n;

	if (kv_num(f[PA_TR_BYTES_SENT].p, f[PA_TR_BYTES_SENT].len, &n) == 0)
		ev->bytes_out = n;
	if (kv_num(f[PA_TR_BYTES_RCVD].p, f[PA_TR_BYTES_RCVD].len, &n) == 0)
		ev->bytes_in = n;
	if (kv_num(f[PA_TR_ELAPSED].p, f[PA_TR_ELAPSED].len, &n) == 0 &&
	    n < INT64_MAX / 1000)
		ev->duration_ms = n * 1000;
	ev->category = pa_field(ev, pl, PA_TR_CATEGORY);
	if (!SLICE_EMPTY(s = pa_field(ev, pl, PA_TR_DEVICE)))
		ev->host_name = s;
}

static void
pa_threat(struct logevent *ev, const struct pa_line *pl)
{
	struct slice	 s, host;

	s = pa_field(ev, pl, PA_TH_URL);
	if (slice_eq(pl->f[PA_SUBTYPE], "url")) {
		ev->url = s;
		kv_url(ev, s, &host);
		if (!SLICE_EMPTY(host) && !url_is_ip(host))
			ev->dst_domain = host;
	} else
		ev->file_name = s;
	/* URL filtering logs "(9999)": an id without a name. */
	s = pa_field(ev, pl, PA_TH_THREAT);
	if (s.len > 0 && s.p[0] != '(')
		ev->threat_name = s;
	ev->category = pa_field(ev, pl, PA_TH_CATEGORY);
	ev->content_type = pa_field(ev, pl, PA_TH_CONTENT_TYPE);
	ev->hashes = pa_field(ev, pl, PA_TH_DIGEST);
	ev->user_agent = pa_field(ev, pl, PA_TH_USER_AGENT);
	ev->referrer = pa_field(ev, pl, PA_TH_REFERER);
	if (!SLICE_EMPTY(s = pa_field(ev, pl, PA_TH_DEVICE)))
		ev->host_name = s;
	ev->method = pa_field(ev, pl, PA_TH_METHOD);
}

static enum parse_result
paloalto_parse(void *state, const char *line, size_t len,
    struct logevent *ev, const char **err)
{
	struct pa_line	 pl;
	struct slice	 type;
	const char	*dummy;
	int		 traffic;

	if (err == NULL)
		err = &dummy;
	(void)state;
	if (kv_trim((struct slice){ line, len }).len == 0)
		return PARSE_SKIP;
	pl.nf = kv_csv(line, len, pl.f, PA_NFIELDS, &pl.dq);
	if (pl.nf <= PA_TYPE) {
		*err = pl.nf < 0 ? "unterminated quote" : "not PAN-OS CSV";
		return PARSE_ERROR;
	}
	type = pl.f[PA_TYPE];
	if (!(traffic = slice_eq(type, "TRAFFIC")) && !slice_eq(type, "THREAT"))
		return PARSE_SKIP;
	if (pl.nf < (traffic ? PA_TR_MIN : PA_TH_MIN)) {
		*err = "missing fields";
		return PARSE_ERROR;
	}
	if (pa_time(pl.f[PA_GEN_TIME], &ev->time_ms) == -1 &&
	    pa_time(pl.f[PA_RECEIVE_TIME], &ev->time_ms) == -1) {
		*err = "bad generated time";
		return PARSE_ERROR;
	}
	ev->source = SRC_FIREWALL;
	ev->format = parser_paloalto.name;
	ev->host_name = pl.f[PA_SERIAL];
	pa_common(ev, &pl);
	if (traffic)
		pa_traffic(ev, &pl);
	else
		pa_threat(ev, &pl);
	return PARSE_OK;
}

const struct parser parser_paloalto = {
	"paloalto", SRC_FIREWALL,
	"Palo Alto Networks PAN-OS syslog CSV, TRAFFIC and THREAT logs",
	PARSER_SYSLOG | PARSER_SYSLOG_RELAY, NULL, NULL, paloalto_parse
};
