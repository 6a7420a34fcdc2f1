/*
 * The normalized event (logevent.h): its scratch arena, the table of
 * field names conditions and alerts use to reach its fields, the entry
 * to the format's own field names, and the slice helpers the parsers
 * share.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "event/logevent.h"
#include "event/nindex.h"

#define LOGEVENT_ARENA_MIN	256

static const char *const source_kind_names[SRC_MAX] = {
	[SRC_UNKNOWN] = "unknown",
	[SRC_PROXY] = "proxy",
	[SRC_DNS] = "dns",
	[SRC_FIREWALL] = "firewall",
	[SRC_AD] = "ad",
	[SRC_ENDPOINT] = "endpoint",
	[SRC_NETWORK] = "network",
	[SRC_DHCP] = "dhcp",
	[SRC_MAIL] = "mail",
};

#define FS(name, member, doc) \
	{ name, FIELD_STR, offsetof(struct logevent, member), doc }
#define FI(name, member, doc) \
	{ name, FIELD_INT, offsetof(struct logevent, member), doc }
#define FL(name, member, doc) \
	{ name, FIELD_INT64, offsetof(struct logevent, member), doc }

/*
 * The names the rule language uses.  Elastic Common Schema names where
 * ECS has one, so that rules read like the SIEM queries analysts know.
 */
static const struct field_def field_defs[] = {
	FS("host.name", host_name, "device or host that wrote the line"),
	FS("source.ip", src_ip, "endpoint IP address"),
	FS("source.address", src_host, "endpoint host name"),
	FS("source.mac", src_mac, "endpoint MAC address"),
	FI("source.port", src_port, "endpoint port"),
	FS("user.name", user, "user name on the endpoint side"),
	FS("destination.ip", dst_ip, "destination IP address"),
	FS("destination.domain", dst_domain, "destination host name"),
	FI("destination.port", dst_port, "destination port"),
	FS("network.transport", transport, "tcp, udp or icmp"),
	FS("url.original", url, "URL as logged"),
	FS("url.scheme", url_scheme, "URL scheme (http, https, ftp)"),
	FS("url.path", url_path, "URL path, without the query"),
	FS("url.query", url_query, "URL query string, without the '?'"),
	FS("http.request.method", method, "HTTP method (GET, CONNECT, ...)"),
	FS("user_agent.original", user_agent, "HTTP User-Agent"),
	FS("http.request.referrer", referrer, "HTTP Referer"),
	FS("http.response.mime_type", content_type,
	    "response Content-Type"),
	FS("url.category", category, "site category given by the proxy"),
	FS("proxy.result", result, "proxy result code, e.g. TCP_MISS"),
	FI("http.response.status_code", status, "HTTP status code"),
	FL("source.bytes", bytes_out, "bytes sent by the endpoint"),
	FL("destination.bytes", bytes_in, "bytes sent to the endpoint"),
	FL("event.duration_ms", duration_ms, "duration in milliseconds"),
	FS("dns.question.name", dns_query, "DNS query name"),
	FS("dns.question.type", dns_qtype, "DNS query type (A, AAAA, TXT)"),
	FS("dns.response_code", dns_rcode, "DNS rcode (NOERROR, NXDOMAIN)"),
	FS("dns.answers", dns_answers, "DNS answers as logged"),
	FS("event.action", action, "firewall action (allow, deny, drop)"),
	FS("network.application", app, "application name"),
	FS("rule.ruleset_name", fw_rule, "firewall policy or rule name"),
	FS("threat.name", threat_name, "IPS or antivirus signature name"),
	FS("threat.category", threat_category,
	    "IDS signature class (Suricata alert.category)"),
	FL("threat.signature_id", signature_id,
	    "IDS signature id (Suricata alert.signature_id)"),
	FI("threat.severity", severity,
	    "the sensor's severity (Suricata 1 high to 4 low)"),
	FS("network.conn_state", conn_state, "Zeek connection state (S0, REJ, SF)"),
	FS("network.protocol", protocol, "application protocol (http, dns)"),
	FI("winlog.event_id", win_event_id, "Windows event id"),
	FS("winlog.channel", win_channel, "Windows event log channel"),
	FS("winlog.logon.type", logon_type, "Windows logon type"),
	FS("winlog.event_data.TargetUserName", target_user,
	    "Windows target user name"),
	FS("winlog.event_data.SubjectUserName", subject_user,
	    "Windows subject (acting) user name"),
	FS("winlog.event_data.AuthenticationPackageName", auth_package,
	    "NTLM, Kerberos or Negotiate"),
	FS("winlog.event_data.Status", win_status, "Windows failure status"),
	FS("winlog.event_data.TicketEncryptionType", ticket_enc,
	    "Kerberos ticket encryption type (0x17 is RC4)"),
	FS("winlog.event_data.Properties", object_props,
	    "4662 object properties (GUIDs)"),
	FS("winlog.event_data.AccessMask", access_mask, "access mask"),
	FS("service.name", service_name, "installed service name"),
	FS("service.image", service_image, "installed service binary"),
	FS("file.share", share_name, "network share name"),
	FS("file.relative_target", relative_target,
	    "file path relative to the share"),
	FS("process.executable", process_image, "process image path"),
	FS("process.parent.executable", parent_image,
	    "parent process image path"),
	FS("process.command_line", command_line, "process command line"),
	FS("process.parent.command_line", parent_command_line,
	    "parent process command line"),
	FS("file.pipe", pipe_name, "named pipe (Sysmon 17, 18)"),
	FS("registry.path", registry_key, "registry key (Sysmon 12, 13)"),
	FS("registry.data.strings", registry_value,
	    "registry value written (Sysmon 13)"),
	FS("process.hash", hashes, "process hashes as logged by Sysmon"),
	FS("file.name", file_name, "file name"),
	FS("file.mime_type", file_mime, "the file's MIME type"),
	FS("email.from.address", mail_from,
	    "mail sender: the envelope's, else the From header's"),
	FS("email.to.address", mail_to, "mail recipients, comma-separated"),
	FS("email.subject", mail_subject, "mail subject"),
	FS("event.reason", reason,
	    "the sensor's own words: a notice's message, a delivery status"),
};

#undef FS
#undef FI
#undef FL

void
logevent_reset(struct logevent *ev)
{
	static _Atomic uint64_t	 gens;
	char			*arena = ev->arena;
	size_t			 cap = ev->arena_cap;
	struct nindex		*nidx = ev->nidx;

	/*
	 * All slices become {NULL, 0}, native and native_arg NULL; then
	 * the numbers that mean unknown.
	 */
	memset(ev, 0, sizeof(*ev));
	ev->arena = arena;
	ev->arena_cap = cap;
	ev->nidx = nidx;
	ev->gen = atomic_fetch_add_explicit(&gens, 1, memory_order_relaxed) + 1;
	ev->time_ms = 0;
	ev->source = SRC_UNKNOWN;
	ev->src_port = -1;
	ev->dst_port = -1;
	ev->status = -1;
	ev->bytes_out = -1;
	ev->bytes_in = -1;
	ev->duration_ms = -1;
	ev->win_event_id = -1;
	ev->signature_id = -1;
	ev->severity = -1;
}

void
logevent_free(struct logevent *ev)
{
	if (ev == NULL)
		return;
	free(ev->arena);
	nindex_free(ev->nidx);
	ev->nidx = NULL;
	ev->arena = NULL;
	ev->arena_len = 0;
	ev->arena_cap = 0;
}

struct slice
logevent_message(const struct logevent *ev, char *buf, size_t size)
{
	if (ev->message == NULL || ev->raw.p == NULL)
		return ev->raw;
	return ev->message(ev, buf, size);
}

int
logevent_want_index(struct logevent *ev)
{
	if (ev->nidx == NULL && (ev->nidx = nindex_new()) == NULL)
		return -1;
	return 0;
}

int
logevent_reserve(struct logevent *ev, size_t n)
{
	size_t	 cap;
	char	*p;

	if (ev->arena_cap - ev->arena_len >= n)
		return 0;
	/* Moving the arena would leave the slices handed out dangling. */
	if (ev->arena_len != 0)
		return -1;
	cap = ev->arena_cap > LOGEVENT_ARENA_MIN ? ev->arena_cap :
	    LOGEVENT_ARENA_MIN;
	while (cap < n) {
		if (cap > SIZE_MAX / 2) {
			cap = n;
			break;
		}
		cap *= 2;
	}
	if ((p = realloc(ev->arena, cap)) == NULL) {
		log_warn("%s: realloc %zu", __func__, cap);
		return -1;
	}
	ev->arena = p;
	ev->arena_cap = cap;
	return 0;
}

struct slice
logevent_endpoint(const struct logevent *ev)
{
	if (ev->src_ip.len > 0)
		return ev->src_ip;
	if (ev->src_host.len > 0)
		return ev->src_host;
	return ev->user;
}

int
logevent_recipient(struct slice to, size_t *pos, struct slice *user)
{
	size_t		 i = *pos, s, e;
	const char	*at;

	while (i < to.len) {
		while (i < to.len && (to.p[i] == ',' || to.p[i] == ' ' ||
		    to.p[i] == '<'))
			i++;
		for (s = i; i < to.len && to.p[i] != ','; i++)
			;
		for (e = i; e > s && (to.p[e - 1] == ' ' ||
		    to.p[e - 1] == '>'); e--)
			;
		if ((at = memchr(to.p + s, '@', e - s)) != NULL &&
		    at > to.p + s) {
			user->p = to.p + s;
			user->len = (size_t)(at - user->p);
			*pos = i;
			return 1;
		}
	}
	*pos = i;
	return 0;
}

struct slice
logevent_dup(struct logevent *ev, const char *p, size_t len)
{
	struct slice	 s = { NULL, 0 };

	if (len == 0 || logevent_reserve(ev, len) == -1)
		return s;
	s.p = ev->arena + ev->arena_len;
	s.len = len;
	memcpy(ev->arena + ev->arena_len, p, len);
	ev->arena_len += len;
	return s;
}

struct slice
logevent_native(const struct logevent *ev, const char *name, size_t len,
    char *buf, size_t size)
{
	struct slice	 none = { NULL, 0 };

	if (ev->native == NULL || name == NULL || len == 0)
		return none;
	return ev->native(ev, name, len, buf, size);
}

const char *
source_kind_name(enum source_kind k)
{
	if ((unsigned)k >= SRC_MAX)
		return source_kind_names[SRC_UNKNOWN];
	return source_kind_names[k];
}

enum source_kind
source_kind_from_name(const char *name)
{
	int	 k;

	if (name == NULL)
		return SRC_UNKNOWN;
	for (k = 0; k < SRC_MAX; k++)
		if (strcmp(source_kind_names[k], name) == 0)
			return (enum source_kind)k;
	return SRC_UNKNOWN;
}

const struct field_def *
field_lookup(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(field_defs) / sizeof(field_defs[0]); i++)
		if (strcmp(field_defs[i].name, name) == 0)
			return &field_defs[i];
	return NULL;
}

const struct field_def *
field_table(size_t *n)
{
	if (n != NULL)
		*n = sizeof(field_defs) / sizeof(field_defs[0]);
	return field_defs;
}

int64_t
field_int(const struct logevent *ev, const struct field_def *f)
{
	int32_t	 i32;
	int64_t	 i64;

	switch (f->type) {
	case FIELD_INT:
		memcpy(&i32, (const char *)ev + f->off, sizeof(i32));
		return i32;
	case FIELD_INT64:
		memcpy(&i64, (const char *)ev + f->off, sizeof(i64));
		return i64;
	default:
		return -1;
	}
}

int
slice_eq(struct slice s, const char *c)
{
	size_t	 n = strlen(c);

	return s.len == n && (n == 0 || memcmp(s.p, c, n) == 0);
}

static inline unsigned char
ascii_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int
slice_caseeq(struct slice s, const char *c)
{
	size_t	 i, n = strlen(c);

	if (s.len != n)
		return 0;
	for (i = 0; i < n; i++)
		if (ascii_lower((unsigned char)s.p[i]) !=
		    ascii_lower((unsigned char)c[i]))
			return 0;
	return 1;
}

struct slice
slice_cstr(const char *c)
{
	struct slice	 s = { c, c != NULL ? strlen(c) : 0 };

	return s;
}

int
slice_uint(struct slice s, int64_t *v)
{
	size_t	 i;

	if (s.len == 0 || s.len > 18)
		return -1;
	*v = 0;
	for (i = 0; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		*v = *v * 10 + (s.p[i] - '0');
	}
	return 0;
}

struct slice
slice_dash(struct slice s)
{
	struct slice	 empty = { NULL, 0 };

	return (s.len == 1 && s.p[0] == '-') ? empty : s;
}
