/*
 * The alert builder: a finding becomes the phase-A event record.
 *
 * Every field whose value is unknown (an empty slice, a -1) is left out,
 * so a consumer never sees an empty string or a null: a key present is a
 * fact.  Every string goes through alert_text(), which replaces invalid
 * UTF-8 with U+FFFD, because jansson refuses invalid UTF-8 and log lines
 * carry whatever bytes the client sent.  detectd.alerts(5) documents the
 * record; schema/alert.schema.json checks it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "alert/alert.h"
#include "analyzers/finding.h"
#include "util/hash.h"
#include "util/log.h"
#include "event/logevent.h"
#include "rules/rule.h"
#include "util/timeutil.h"

#define ALERT_EVIDENCE_MAX	2048	/* default bytes of a raw line kept */
#define ALERT_TEXT_MAX		4096	/* bound on an expanded template */
#define ALERT_MATCHED_MAX	8	/* tests listed in incident.matched */
#define ALERT_UNKNOWN		"(unknown)"
#define ALERT_NOTIFY		"soc-analyst"
#define ALERT_PRODUCT		"detectd"
/* Latest time RFC 3339 with a four-digit year can say: 9999-12-31. */
#define ALERT_TIME_LAST		253402300799999LL

#ifndef DETECTD_VERSION
#define DETECTD_VERSION		"unknown"
#endif

struct ab {
	const struct alert_ctx	*ctx;
	const struct finding	*f;
	const struct rule	*r;
	const struct logevent	*ev;
	int			 err;
	enum level		 importance;
	enum level		 priority;
	char			 id[37];
	char			 ts[TIME_RFC3339_LEN];
	char			 created[TIME_RFC3339_LEN];
	char			 host[256];
};

/* Stands in for a finding without an event: every value unknown. */
static const struct logevent alert_noevent = {
	.src_port = -1, .dst_port = -1, .status = -1, .bytes_out = -1,
	.bytes_in = -1, .duration_ms = -1, .win_event_id = -1,
};

/* event.severity by level; index is enum level. */
static const int alert_severity_map[] = { 0, 21, 47, 73, 99 };

static const char *const alert_relevance[VP_MAX] = {
	[VP_KNOWN_ATTACK] = "A known attack indicator was seen on an "
	    "endpoint inside the organisation: the endpoint may be "
	    "compromised.",
	[VP_NOT_NORMAL] = "The activity departs from how the organisation "
	    "normally works and may be an attacker acting from an endpoint.",
	[VP_SIMILAR] = "The traffic resembles a known attack technique and "
	    "may be an attacker's tool running on an endpoint.",
	[VP_DEVIATION] = "The endpoint behaves unlike its own baseline, "
	    "which may mean an attacker is using it.",
	[VP_COMPOSITE] = "Several findings add up to a likely attack in "
	    "progress inside the organisation.",
};

/*
 * Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 with *bad set to
 * the length of the maximal ill-formed prefix, which becomes one U+FFFD.
 */
static size_t
utf8_seqlen(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned int	 c = s[0], lo = 0x80, hi = 0xbf;
	size_t		 need, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		*bad = 1;
		return 0;
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xbf;
	}
	return need + 1;
}

static int
utf8_valid(const char *p, size_t len)
{
	const unsigned char	*s = (const unsigned char *)p;
	size_t			 i = 0, n, bad;

	while (i < len) {
		if ((n = utf8_seqlen(s + i, len - i, &bad)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

/*
 * Copy p into out (at most cap bytes) as valid UTF-8, stopping before a
 * character that would not fit.  *used gets the input bytes consumed.
 */
static size_t
utf8_clean(const char *p, size_t len, char *out, size_t cap, size_t *used)
{
	const unsigned char	*s = (const unsigned char *)p;
	size_t			 i = 0, o = 0, n, bad;

	while (i < len) {
		if ((n = utf8_seqlen(s + i, len - i, &bad)) != 0) {
			if (o + n > cap)
				break;
			memcpy(out + o, s + i, n);
			i += n;
			o += n;
		} else {
			if (o + 3 > cap)
				break;
			memcpy(out + o, "\xef\xbf\xbd", 3);
			i += bad;
			o += 3;
		}
	}
	*used = i;
	return o;
}

/*
 * A JSON string of at most max bytes of valid UTF-8; *cut (if not NULL)
 * says whether input was left out.  NULL only on allocation failure.
 */
static json_t *
alert_text(const char *p, size_t len, size_t max, int *cut)
{
	json_t	*j;
	char	*out;
	size_t	 cap, n, used;

	if (cut != NULL)
		*cut = 0;
	if (len <= max && utf8_valid(p, len))
		return json_stringn_nocheck(p, len);
	cap = len > SIZE_MAX / 3 ? SIZE_MAX : len * 3;
	if (cap > max)
		cap = max;
	if ((out = malloc(cap > 0 ? cap : 1)) == NULL)
		return NULL;
	n = utf8_clean(p, len, out, cap, &used);
	if (cut != NULL)
		*cut = used < len;
	j = json_stringn_nocheck(out, n);
	free(out);
	return j;
}

static int
alert_time(int64_t ms, char *buf, size_t size)
{
	if (ms <= 0 || ms > ALERT_TIME_LAST)
		return -1;
	return time_format_rfc3339(ms, buf, size) < 0 ? -1 : 0;
}

/* Building blocks.  A failed allocation sets b->err; omissions do not. */

static void
ab_set(struct ab *b, json_t *obj, const char *key, json_t *val)
{
	if (val == NULL || obj == NULL) {
		json_decref(val);
		b->err = 1;
		return;
	}
	if (json_object_set_new_nocheck(obj, key, val) == -1)
		b->err = 1;
}

static void
ab_push(struct ab *b, json_t *arr, json_t *val)
{
	if (val == NULL || arr == NULL) {
		json_decref(val);
		b->err = 1;
		return;
	}
	if (json_array_append_new(arr, val) == -1)
		b->err = 1;
}

static void
ab_slice(struct ab *b, json_t *obj, const char *key, struct slice s)
{
	if (s.len == 0 || s.p == NULL)
		return;
	ab_set(b, obj, key, alert_text(s.p, s.len, SIZE_MAX, NULL));
}

static void
ab_str(struct ab *b, json_t *obj, const char *key, const char *s)
{
	if (s != NULL && *s != '\0')
		ab_slice(b, obj, key, slice_cstr(s));
}

static void
ab_int(struct ab *b, json_t *obj, const char *key, int64_t v)
{
	if (v >= 0)
		ab_set(b, obj, key, json_integer(v));
}

/* Attach child under key unless it is empty; takes the reference. */
static void
ab_obj(struct ab *b, json_t *parent, const char *key, json_t *child)
{
	if (child != NULL && json_is_object(child) &&
	    json_object_size(child) == 0) {
		json_decref(child);
		return;
	}
	if (child != NULL && json_is_array(child) &&
	    json_array_size(child) == 0) {
		json_decref(child);
		return;
	}
	ab_set(b, parent, key, child);
}

/* Append s to arr unless empty or already there (related.*). */
static void
ab_push_unique(struct ab *b, json_t *arr, struct slice s)
{
	size_t	 i;
	json_t	*v;

	if (s.len == 0 || s.p == NULL || arr == NULL)
		return;
	json_array_foreach(arr, i, v) {
		if (json_string_length(v) == s.len &&
		    memcmp(json_string_value(v), s.p, s.len) == 0)
			return;
	}
	ab_push(b, arr, alert_text(s.p, s.len, SIZE_MAX, NULL));
}

static json_t *
ab_strv(struct ab *b, char *const *v, size_t n)
{
	json_t	*arr;
	size_t	 i;

	if ((arr = json_array()) == NULL) {
		b->err = 1;
		return NULL;
	}
	/* Each once: the schema wants unique items. */
	for (i = 0; i < n; i++)
		if (v[i] != NULL)
			ab_push_unique(b, arr, slice_cstr(v[i]));
	return arr;
}

/* "bad.example.com:443", "[2001:db8::1]:443", "192.0.2.1" or "". */
static void
ab_destination(const struct logevent *ev, char *buf, size_t size)
{
	struct slice	 s = ev->dst_domain;
	int		 v6, query = 0;

	/*
	 * In a DNS log the name asked for is the destination that matters;
	 * the address and port are the resolver's.
	 */
	if (s.len == 0 && ev->dns_query.len > 0) {
		s = ev->dns_query;
		query = 1;
	}
	if (s.len == 0)
		s = ev->dst_ip;
	if (s.len == 0 || s.len > INT32_MAX) {
		buf[0] = '\0';
		return;
	}
	v6 = memchr(s.p, ':', s.len) != NULL;
	if (ev->dst_port >= 0 && !query)
		snprintf(buf, size, v6 ? "[%.*s]:%d" : "%.*s:%d",
		    (int)s.len, s.p, (int)ev->dst_port);
	else
		snprintf(buf, size, "%.*s", (int)s.len, s.p);
}

/* The higher level gives the severity; *ticket gets it as 1..4. */
static int
ab_severity(const struct ab *b, int *ticket)
{
	*ticket = b->importance > b->priority ? b->importance : b->priority;
	return alert_severity_map[*ticket];
}

/* Template expansion into a bounded buffer. */

struct tbuf {
	char	 p[ALERT_TEXT_MAX];
	size_t	 len;
};

static void
tbuf_add(struct tbuf *t, const char *s, size_t n)
{
	size_t	 room = sizeof(t->p) - t->len;

	if (n > room) {
		/* Cut at a character boundary, not inside a sequence. */
		n = room;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
}

static void
tbuf_str(struct tbuf *t, const char *s)
{
	if (s == NULL || *s == '\0')
		s = ALERT_UNKNOWN;
	tbuf_add(t, s, strlen(s));
}

static void
tbuf_slice(struct tbuf *t, struct slice s)
{
	if (s.len == 0 || s.p == NULL)
		tbuf_str(t, NULL);
	else
		tbuf_add(t, s.p, s.len);
}

static void
tbuf_num(struct tbuf *t, int64_t v)
{
	char	 num[24];

	if (v < 0) {
		tbuf_str(t, NULL);
		return;
	}
	snprintf(num, sizeof(num), "%lld", (long long)v);
	tbuf_str(t, num);
}

/* The value of one ${name}. */
static void
tbuf_var(struct tbuf *t, const struct ab *b, const char *name)
{
	const struct field_def	*fd;
	const struct finding	*f = b->f;
	char			 dest[512];

	if (strcmp(name, "indicator") == 0)
		tbuf_str(t, f->ind.value);
	else if (strcmp(name, "indicator.type") == 0)
		tbuf_str(t, f->ind.type);
	else if (strcmp(name, "indicator.description") == 0)
		tbuf_str(t, f->ind.description);
	else if (strcmp(name, "indicator.source") == 0)
		tbuf_str(t, f->ind.source);
	else if (strcmp(name, "indicator.field") == 0)
		tbuf_str(t, f->ind.matched);
	else if (strcmp(name, "list") == 0)
		tbuf_str(t, f->ind.list);
	else if (strcmp(name, "count") == 0)
		tbuf_num(t, f->count > 0 ? (int64_t)f->count : 1);
	else if (strcmp(name, "rule.id") == 0)
		tbuf_str(t, b->r->id);
	else if (strcmp(name, "rule.name") == 0)
		tbuf_str(t, b->r->name);
	else if (strcmp(name, "endpoint") == 0)
		tbuf_slice(t, logevent_endpoint(b->ev));
	else if (strcmp(name, "destination") == 0) {
		ab_destination(b->ev, dest, sizeof(dest));
		tbuf_str(t, dest);
	} else if ((fd = field_lookup(name)) == NULL)
		tbuf_str(t, NULL);
	else if (fd->type == FIELD_STR)
		tbuf_slice(t, field_str(b->ev, fd));
	else
		tbuf_num(t, field_int(b->ev, fd));
}

static void
tbuf_expand(struct tbuf *t, const struct ab *b, const char *tmpl)
{
	const char	*s = tmpl, *open, *close;
	char		 name[128];
	size_t		 n;

	t->len = 0;
	while ((open = strstr(s, "${")) != NULL &&
	    (close = strchr(open + 2, '}')) != NULL) {
		tbuf_add(t, s, (size_t)(open - s));
		n = (size_t)(close - open - 2);
		if (n < sizeof(name)) {
			memcpy(name, open + 2, n);
			name[n] = '\0';
			tbuf_var(t, b, name);
		} else
			tbuf_str(t, NULL);
		s = close + 1;
	}
	tbuf_add(t, s, strlen(s));
}

static json_t *
ab_template(const struct ab *b, const char *tmpl)
{
	struct tbuf	*t;
	json_t		*j;

	if ((t = malloc(sizeof(*t))) == NULL)
		return NULL;
	tbuf_expand(t, b, tmpl);
	j = alert_text(t->p, t->len, ALERT_TEXT_MAX, NULL);
	free(t);
	return j;
}

/* Upper-case the first letter of a sentence built from a label. */
static void
ab_capitalize(char *s)
{
	if (*s >= 'a' && *s <= 'z')
		*s = (char)(*s - 'a' + 'A');
}

static const char *
ab_category(const struct logevent *ev)
{
	if (ev->process_image.len > 0 || ev->command_line.len > 0)
		return "process";
	switch (ev->source) {
	case SRC_PROXY:
	case SRC_DNS:
	case SRC_FIREWALL:
	case SRC_NETWORK:
	case SRC_DHCP:
		return "network";
	case SRC_AD:
		return "authentication";
	case SRC_ENDPOINT:
		return "host";
	default:
		return NULL;
	}
}

static json_t *
ab_reason(struct ab *b)
{
	const struct finding	*f = b->f;
	char			 buf[1024];

	if (f->reason != NULL && *f->reason != '\0')
		return alert_text(f->reason, strlen(f->reason), ALERT_TEXT_MAX,
		    NULL);
	if (b->r->reason != NULL && *b->r->reason != '\0')
		return ab_template(b, b->r->reason);
	if (b->r->uuid != NULL) {
		snprintf(buf, sizeof(buf), "Matches the Sigma rule \"%s\" "
		    "(level %s)%s%s", b->r->name, b->r->level != NULL ?
		    b->r->level : ALERT_UNKNOWN, b->r->description != NULL ?
		    ": " : "", b->r->description != NULL ? b->r->description :
		    "");
		return alert_text(buf, strlen(buf), ALERT_TEXT_MAX, NULL);
	}
	if (f->ind.value == NULL || *f->ind.value == '\0')
		return alert_text(b->r->name, strlen(b->r->name),
		    ALERT_TEXT_MAX, NULL);
	snprintf(buf, sizeof(buf), "%s: %s is on list %s%s%s%s",
	    viewpoint_label(b->r->viewpoint) != NULL ?
	    viewpoint_label(b->r->viewpoint) : b->r->name, f->ind.value,
	    f->ind.list != NULL ? f->ind.list : ALERT_UNKNOWN,
	    f->ind.description != NULL ? " (" : "",
	    f->ind.description != NULL ? f->ind.description : "",
	    f->ind.description != NULL ? ")" : "");
	ab_capitalize(buf);
	return alert_text(buf, strlen(buf), ALERT_TEXT_MAX, NULL);
}

static void
ab_event(struct ab *b, json_t *root)
{
	json_t	*e = json_object(), *cat;
	char	 t[TIME_RFC3339_LEN];
	int	 sev, ticket;

	ab_str(b, e, "kind", "alert");
	ab_str(b, e, "id", b->id);
	ab_str(b, e, "created", b->created);
	if (alert_time(b->f->first_ms, t, sizeof(t)) == 0)
		ab_str(b, e, "start", t);
	if (alert_time(b->f->last_ms, t, sizeof(t)) == 0)
		ab_str(b, e, "end", t);
	sev = ab_severity(b, &ticket);
	ab_int(b, e, "severity", sev);
	ab_str(b, e, "module", ALERT_PRODUCT);
	ab_str(b, e, "dataset", ALERT_PRODUCT ".alert");
	if (ab_category(b->ev) != NULL) {
		cat = json_array();
		ab_push(b, cat, json_string(ab_category(b->ev)));
		ab_set(b, e, "category", cat);
	}
	cat = json_array();
	ab_push(b, cat, json_string("indicator"));
	ab_set(b, e, "type", cat);
	ab_set(b, e, "reason", ab_reason(b));
	ab_set(b, e, "risk_score", json_real(sev));
	ab_set(b, root, "event", e);
}

/* A Sigma rule's authors (ECS keeps a list) and licence. */
static void
ab_rule_sigma(struct ab *b, json_t *o)
{
	const struct rule	*r = b->r;
	const char		*p, *q;
	json_t			*a;

	if (r->uuid == NULL)
		return;
	ab_str(b, o, "uuid", r->uuid);
	ab_str(b, o, "license", r->license);
	if (r->author == NULL || (a = json_array()) == NULL)
		return;
	for (p = r->author; *p != '\0'; p = *q != '\0' ? q + 1 : q) {
		p += strspn(p, " ");
		q = p + strcspn(p, ",");
		ab_push_unique(b, a, (struct slice){ p, (size_t)(q - p) -
		    (q > p && q[-1] == ' ') });
	}
	ab_obj(b, o, "author", a);
}

static void
ab_rule(struct ab *b, json_t *root)
{
	const struct rule	*r = b->r;
	json_t			*o = json_object();
	char			 rev[16];

	snprintf(rev, sizeof(rev), "%d", r->revision > 0 ? r->revision : 0);
	ab_str(b, o, "id", r->id);
	ab_str(b, o, "name", r->name);
	ab_str(b, o, "version", rev);
	ab_str(b, o, "ruleset", b->ctx->ruleset);
	ab_str(b, o, "category", viewpoint_name(r->viewpoint));
	ab_str(b, o, "description", r->description);
	if (r->nreferences > 0)
		ab_str(b, o, "reference", r->references[0]);
	ab_rule_sigma(b, o);
	ab_set(b, root, "rule", o);
}

static void
ab_observer(struct ab *b, json_t *root)
{
	json_t	*o = json_object();

	ab_str(b, o, "hostname", b->host);
	ab_str(b, o, "product", ALERT_PRODUCT);
	ab_str(b, o, "vendor", ALERT_PRODUCT);
	ab_str(b, o, "version", b->ctx->version != NULL &&
	    *b->ctx->version != '\0' ? b->ctx->version : DETECTD_VERSION);
	ab_str(b, o, "type", "ids");
	ab_set(b, root, "observer", o);
}

static void
ab_network(struct ab *b, json_t *root)
{
	const struct logevent	*ev = b->ev;
	json_t			*o;

	o = json_object();
	ab_slice(b, o, "ip", ev->src_ip);
	ab_slice(b, o, "address", ev->src_host.len > 0 ? ev->src_host :
	    ev->src_ip);
	ab_int(b, o, "port", ev->src_port);
	ab_slice(b, o, "mac", ev->src_mac);
	ab_int(b, o, "bytes", ev->bytes_out);
	ab_obj(b, root, "source", o);
	o = json_object();
	ab_slice(b, o, "ip", ev->dst_ip);
	ab_slice(b, o, "domain", ev->dst_domain);
	ab_slice(b, o, "address", ev->dst_domain.len > 0 ? ev->dst_domain :
	    ev->dst_ip);
	ab_int(b, o, "port", ev->dst_port);
	ab_int(b, o, "bytes", ev->bytes_in);
	ab_obj(b, root, "destination", o);
	o = json_object();
	ab_slice(b, o, "name", ev->user);
	if (ev->target_user.len > 0) {
		json_t	*tu = json_object();

		ab_slice(b, tu, "name", ev->target_user);
		ab_obj(b, o, "target", tu);
	}
	ab_obj(b, root, "user", o);
	o = json_object();
	ab_slice(b, o, "transport", ev->transport);
	ab_slice(b, o, "application", ev->app);
	ab_obj(b, root, "network", o);
}

static void
ab_http(struct ab *b, json_t *root)
{
	const struct logevent	*ev = b->ev;
	json_t			*o, *req, *resp;

	o = json_object();
	ab_slice(b, o, "original", ev->url);
	ab_slice(b, o, "scheme", ev->url_scheme);
	ab_slice(b, o, "path", ev->url_path);
	ab_slice(b, o, "query", ev->url_query);
	if (ev->url.len > 0)
		ab_slice(b, o, "domain", ev->dst_domain);
	ab_obj(b, root, "url", o);
	o = json_object();
	req = json_object();
	ab_slice(b, req, "method", ev->method);
	ab_slice(b, req, "referrer", ev->referrer);
	ab_obj(b, o, "request", req);
	resp = json_object();
	ab_int(b, resp, "status_code", ev->status > 0 ? ev->status : -1);
	ab_slice(b, resp, "mime_type", ev->content_type);
	ab_obj(b, o, "response", resp);
	ab_obj(b, root, "http", o);
	o = json_object();
	ab_slice(b, o, "original", ev->user_agent);
	ab_obj(b, root, "user_agent", o);
}

static void
ab_host(struct ab *b, json_t *root)
{
	const struct logevent	*ev = b->ev;
	json_t			*o, *q, *parent;
	char			 id[16];

	o = json_object();
	q = json_object();
	ab_slice(b, q, "name", ev->dns_query);
	ab_slice(b, q, "type", ev->dns_qtype);
	ab_obj(b, o, "question", q);
	ab_slice(b, o, "response_code", ev->dns_rcode);
	ab_obj(b, root, "dns", o);
	o = json_object();
	ab_slice(b, o, "executable", ev->process_image);
	ab_slice(b, o, "command_line", ev->command_line);
	parent = json_object();
	ab_slice(b, parent, "executable", ev->parent_image);
	ab_obj(b, o, "parent", parent);
	ab_obj(b, root, "process", o);
	o = json_object();
	if (ev->win_event_id >= 0) {
		/* ECS keeps winlog.event_id as a keyword. */
		snprintf(id, sizeof(id), "%d", (int)ev->win_event_id);
		ab_str(b, o, "event_id", id);
	}
	ab_slice(b, o, "channel", ev->win_channel);
	ab_obj(b, root, "winlog", o);
	o = json_object();
	ab_slice(b, o, "name", ev->host_name);
	ab_obj(b, root, "host", o);
}

/* ECS threat.indicator.type from the list's indicator type. */
static const char *
ab_indicator_type(const struct indicator_hit *h)
{
	const char	*t = h->type;

	if (t == NULL)
		return NULL;
	if (strcmp(t, "domain") == 0)
		return "domain-name";
	if (strncmp(t, "ip", 2) == 0 || strcmp(t, "cidr") == 0)
		return strchr(h->value, ':') != NULL ? "ipv6-addr" :
		    "ipv4-addr";
	if (strcmp(t, "url") == 0)
		return "url";
	if (strcmp(t, "hash") == 0 || strcmp(t, "md5") == 0 ||
	    strncmp(t, "sha", 3) == 0 || strcmp(t, "file") == 0)
		return "file";
	if (strcmp(t, "user") == 0)
		return "user-account";
	if (strcmp(t, "user-agent") == 0 || strcmp(t, "user_agent") == 0)
		return "software";
	if (strcmp(t, "string") == 0)
		return "artifact";
	return NULL;
}

static void
ab_threat(struct ab *b, json_t *root)
{
	const struct indicator_hit	*h = &b->f->ind;
	json_t				*o = json_object(), *x, *m;

	if (b->r->ntechniques > 0) {
		ab_str(b, o, "framework", "MITRE ATT&CK");
		x = json_object();
		ab_obj(b, x, "id", ab_strv(b, b->r->techniques,
		    b->r->ntechniques));
		ab_obj(b, o, "technique", x);
	}
	if (h->value != NULL && *h->value != '\0') {
		x = json_object();
		ab_str(b, x, "type", ab_indicator_type(h));
		ab_str(b, x, "name", h->value);
		ab_str(b, x, "description", h->description);
		ab_str(b, x, "provider", h->source);
		m = json_object();
		ab_str(b, m, "field", h->matched);
		ab_str(b, m, "atomic", h->value);
		ab_obj(b, x, "matched", m);
		ab_obj(b, o, "indicator", x);
		if (h->list != NULL && *h->list != '\0') {
			x = json_object();
			ab_str(b, x, "name", h->list);
			ab_obj(b, o, "feed", x);
		}
	}
	ab_obj(b, root, "threat", o);
}

static void
ab_log(struct ab *b, json_t *root)
{
	const struct logevent	*ev = b->ev;
	json_t			*o = json_object(), *file = json_object();

	/* "-" is standard input, which is no path. */
	if (ev->file != NULL && strcmp(ev->file, "-") != 0)
		ab_str(b, file, "path", ev->file);
	ab_obj(b, o, "file", file);
	if (b->f->ev != NULL)
		ab_int(b, o, "offset", (int64_t)(ev->offset & INT64_MAX));
	ab_obj(b, root, "log", o);
}

static void
ab_related(struct ab *b, json_t *root)
{
	const struct logevent	*ev = b->ev;
	json_t			*o = json_object(), *a;

	a = json_array();
	ab_push_unique(b, a, ev->src_ip);
	ab_push_unique(b, a, ev->dst_ip);
	ab_obj(b, o, "ip", a);
	a = json_array();
	ab_push_unique(b, a, ev->src_host);
	ab_push_unique(b, a, ev->dst_domain);
	ab_push_unique(b, a, ev->dns_query);
	ab_obj(b, o, "hosts", a);
	a = json_array();
	ab_push_unique(b, a, ev->user);
	ab_push_unique(b, a, ev->target_user);
	ab_obj(b, o, "user", a);
	ab_obj(b, root, "related", o);
}

static void
ab_discovered(struct ab *b, json_t *inc)
{
	const struct logevent	*ev = b->ev;
	json_t			*o = json_object(), *by, *where;

	ab_str(b, o, "at", b->created);
	ab_str(b, o, "event_time", b->ts);
	by = json_object();
	ab_str(b, by, "observer", b->host);
	ab_str(b, by, "analyzer", viewpoint_analyzer(b->r->viewpoint));
	ab_str(b, by, "rule", b->r->id);
	ab_set(b, o, "by", by);
	where = json_object();
	if (b->f->ev != NULL)
		ab_str(b, where, "log_source", source_kind_name(ev->source));
	ab_str(b, where, "format", ev->format);
	ab_str(b, where, "input", ev->input);
	ab_str(b, where, "file", ev->file);
	if (b->f->ev != NULL)
		ab_int(b, where, "offset", (int64_t)(ev->offset & INT64_MAX));
	/* where.device: no parser reports the logging device yet. */
	ab_set(b, o, "where", where);
	ab_set(b, inc, "discovered", o);
}

/* buf += ", label value" (cut), when the value is there. */
static void
ab_clause(char *buf, size_t size, const char *label, struct slice v)
{
	size_t	 len = strlen(buf);

	if (v.len == 0 || len + 1 >= size)
		return;
	snprintf(buf + len, size - len, ", %s %.*s", label,
	    (int)(v.len > 512 ? 512 : v.len), v.p);
}

/*
 * A Sigma rule's sentence: which of its fields matched, on which host,
 * and the process, command line and user of the event.
 */
static json_t *
ab_sigma_phenomenon(struct ab *b)
{
	const struct logevent	*ev = b->ev;
	char			 fields[256], dest[512], buf[2048];
	struct slice		 host = ev->host_name;

	if (cond_explain(b->r->cond, ev, fields, sizeof(fields)) == 0)
		snprintf(fields, sizeof(fields), "its selection");
	if (host.len == 0)
		host = logevent_endpoint(ev);
	if (host.len == 0)
		host = slice_cstr(ALERT_UNKNOWN);
	snprintf(buf, sizeof(buf), "%s: %s matched on %.*s", b->r->name,
	    fields, (int)(host.len > 256 ? 256 : host.len), host.p);
	ab_clause(buf, sizeof(buf), "process", ev->process_image);
	ab_clause(buf, sizeof(buf), "command line", ev->command_line);
	ab_clause(buf, sizeof(buf), "user", ev->user);
	ab_destination(ev, dest, sizeof(dest));
	ab_clause(buf, sizeof(buf), "destination", slice_cstr(dest));
	return alert_text(buf, strlen(buf), ALERT_TEXT_MAX, NULL);
}

static json_t *
ab_phenomenon(struct ab *b)
{
	char		 dest[512], buf[1024];
	struct slice	 ep;

	if (b->r->phenomenon != NULL && *b->r->phenomenon != '\0')
		return ab_template(b, b->r->phenomenon);
	if (b->r->uuid != NULL)
		return ab_sigma_phenomenon(b);
	ep = logevent_endpoint(b->ev);
	ab_destination(b->ev, dest, sizeof(dest));
	if (ep.len == 0)
		ep = slice_cstr(ALERT_UNKNOWN);
	snprintf(buf, sizeof(buf), "%s: %.*s%s%s", b->r->name,
	    (int)(ep.len > 256 ? 256 : ep.len), ep.p,
	    dest[0] != '\0' ? " -> " : "", dest);
	return alert_text(buf, strlen(buf), ALERT_TEXT_MAX, NULL);
}

static void
ab_texts(struct ab *b, json_t *inc)
{
	const struct rule	*r = b->r;
	int			 ticket;

	ab_set(b, inc, "phenomenon", ab_phenomenon(b));
	ab_set(b, inc, "reason", ab_reason(b));
	if (r->relevance != NULL && *r->relevance != '\0')
		ab_set(b, inc, "relevance", ab_template(b, r->relevance));
	else if (viewpoint_name(r->viewpoint) != NULL)
		ab_str(b, inc, "relevance", alert_relevance[r->viewpoint]);
	ab_str(b, inc, "importance", level_name(b->importance));
	ab_str(b, inc, "priority", level_name(b->priority));
	(void)ab_severity(b, &ticket);
	ab_int(b, inc, "ticket_severity", ticket);
	ab_str(b, inc, "notify", r->notify != NULL && *r->notify != '\0' ?
	    r->notify : ALERT_NOTIFY);
}

static void
ab_stage(struct ab *b, json_t *inc)
{
	const struct rule	*r = b->r;
	json_t			*o;

	if (stage_name(r->stage) == NULL)
		log_warnx("%s: rule %s: no attack stage", __func__, r->id);
	else {
		o = json_object();
		ab_int(b, o, "number", r->stage);
		ab_str(b, o, "key", stage_key(r->stage));
		ab_str(b, o, "name", stage_name(r->stage));
		ab_set(b, inc, "attack_stage", o);
	}
	o = json_object();
	ab_str(b, o, "analyzer", viewpoint_analyzer(r->viewpoint));
	ab_str(b, o, "name", viewpoint_name(r->viewpoint));
	ab_str(b, o, "label", viewpoint_label(r->viewpoint));
	ab_set(b, inc, "viewpoint", o);
}

static void
ab_where(struct ab *b, json_t *inc)
{
	const struct logevent	*ev = b->ev;
	json_t			*o = json_object();
	char			 dest[512];

	ab_slice(b, o, "ip", ev->src_ip);
	ab_slice(b, o, "host", ev->src_host);
	ab_slice(b, o, "user", ev->user);
	ab_slice(b, o, "mac", ev->src_mac);
	/* Always present: an empty object says nothing was known. */
	ab_set(b, inc, "endpoint", o);
	ab_destination(ev, dest, sizeof(dest));
	ab_str(b, inc, "destination", dest);
	ab_int(b, inc, "count", b->f->count > 0 ?
	    (int64_t)(b->f->count & INT64_MAX) : 1);
	if (b->f->score > 0 && b->f->score <= 1)
		ab_set(b, inc, "score", json_real(b->f->score));
}

static void
ab_evidence(struct ab *b, json_t *inc)
{
	const struct logevent	*ev = b->ev;
	json_t			*arr = json_array(), *o;
	char			 t[TIME_RFC3339_LEN];
	size_t			 max;
	int			 cut;

	if (b->f->ev != NULL) {
		o = json_object();
		if (alert_time(ev->time_ms, t, sizeof(t)) == 0)
			ab_str(b, o, "time", t);
		ab_str(b, o, "source", source_kind_name(ev->source));
		ab_str(b, o, "file", ev->file);
		ab_int(b, o, "offset", (int64_t)(ev->offset & INT64_MAX));
		if (ev->raw.len > 0) {
			max = b->ctx->evidence_max > 0 ?
			    b->ctx->evidence_max : ALERT_EVIDENCE_MAX;
			ab_set(b, o, "line", alert_text(ev->raw.p,
			    ev->raw.len, max, &cut));
			if (cut)
				ab_set(b, o, "truncated", json_true());
		}
		ab_push(b, arr, o);
	}
	ab_set(b, inc, "evidence", arr);
}

enum cm_object {
	CMO_NONE,
	CMO_USER,
	CMO_ENDPOINT,
	CMO_URL,
	CMO_IP,
	CMO_PORT,
	CMO_DOMAIN,
	CMO_SERVICE
};

static const struct {
	const char	*action;
	enum cm_object	 object;
} cm_objects[] = {
	{ "isolate", CMO_ENDPOINT },
	{ "disconnect", CMO_ENDPOINT },
	{ "cut-segment", CMO_ENDPOINT },
	{ "block-destination-url", CMO_URL },
	{ "block-url", CMO_URL },
	{ "block-destination-ip", CMO_IP },
	{ "block-destination-port", CMO_PORT },
	{ "dns-sinkhole", CMO_DOMAIN },
	{ "block-domain", CMO_DOMAIN },
	{ "partial-stop", CMO_SERVICE },
	{ "full-stop", CMO_SERVICE },
};

/*
 * What a countermeasure acts on, in this event; empty if unknown.  A
 * block of a domain or URL names the listed indicator when there is one:
 * the entry covers what was seen and more (evil.example for
 * a.b.EVIL.example.).
 */
static struct slice
ab_cm_object(const struct finding *f, const struct logevent *ev,
    const struct countermeasure *cm, char *buf, size_t size)
{
	const char		*itype = f->ind.value != NULL ? f->ind.type : NULL;
	enum cm_object		 k = CMO_NONE;
	size_t			 i;

	if (cm->target == CM_ACCOUNT)
		k = CMO_USER;
	for (i = 0; i < sizeof(cm_objects) / sizeof(cm_objects[0]); i++)
		if (cm->action != NULL &&
		    strcmp(cm->action, cm_objects[i].action) == 0)
			k = cm_objects[i].object;
	switch (k) {
	case CMO_USER:
		return ev->user.len > 0 ? ev->user : ev->target_user;
	case CMO_ENDPOINT:
		return ev->src_ip.len > 0 ? ev->src_ip : ev->src_host;
	case CMO_URL:
		if (itype != NULL && strcmp(itype, "url") == 0)
			return slice_cstr(f->ind.value);
		return ev->url;
	case CMO_IP:
		return ev->dst_ip;
	case CMO_PORT:
		if (ev->dst_port < 0)
			break;
		snprintf(buf, size, "%d%s%.*s", (int)ev->dst_port,
		    ev->transport.len > 0 ? "/" : "",
		    (int)(ev->transport.len > 16 ? 16 : ev->transport.len),
		    ev->transport.p != NULL ? ev->transport.p : "");
		return slice_cstr(buf);
	case CMO_DOMAIN:
		if (itype != NULL && strcmp(itype, "domain") == 0)
			return slice_cstr(f->ind.value);
		return ev->dst_domain.len > 0 ? ev->dst_domain : ev->dns_query;
	case CMO_SERVICE:
		return ev->service_name.len > 0 ? ev->service_name : ev->app;
	case CMO_NONE:
		break;
	}
	return slice_cstr("");
}

/* "Isolate the endpoint ...: 10.1.2.3." */
static json_t *
ab_first_action(const struct countermeasure *cm, const char *desc,
    struct slice obj)
{
	char	 buf[1024];

	if (desc == NULL)
		snprintf(buf, sizeof(buf), "%s %s",
		    cm_target_name(cm->target) != NULL ?
		    cm_target_name(cm->target) : ALERT_UNKNOWN,
		    cm->action != NULL ? cm->action : ALERT_UNKNOWN);
	else
		snprintf(buf, sizeof(buf), "%s", desc);
	if (obj.len > 0)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		    ": %.*s.", (int)(obj.len > 512 ? 512 : obj.len), obj.p);
	else
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), ".");
	ab_capitalize(buf);
	return alert_text(buf, strlen(buf), ALERT_TEXT_MAX, NULL);
}

static void
ab_countermeasures(struct ab *b, json_t *inc)
{
	const struct countermeasure	*cm;
	const char			*desc;
	json_t				*arr = json_array(), *o, *first = NULL;
	struct slice			 obj;
	char				 buf[64];
	size_t				 i;

	for (i = 0; i < b->r->ncms; i++) {
		cm = &b->r->cms[i];
		desc = cm_action_description(cm->target, cm->action);
		obj = ab_cm_object(b->f, b->ev, cm, buf, sizeof(buf));
		o = json_object();
		ab_str(b, o, "target", cm_target_name(cm->target));
		ab_str(b, o, "action", cm->action);
		ab_str(b, o, "description", desc);
		ab_slice(b, o, "object", obj);
		ab_push(b, arr, o);
		if (i == 0 && (first = ab_first_action(cm, desc, obj)) == NULL)
			b->err = 1;
	}
	ab_set(b, inc, "countermeasures", arr);
	if (first != NULL)
		ab_set(b, inc, "first_action", first);
}

/*
 * What the rule's condition matched on the evidence event: for each
 * regex, list, contains or Sigma value test on the path that made it
 * true, the field, the operator and the substring or indicator.
 */
static void
ab_matched(struct ab *b, json_t *inc)
{
	struct cond_match	 m[ALERT_MATCHED_MAX];
	json_t			*arr, *o;
	size_t			 i, n;

	n = cond_matched(b->r->cond, b->ev, m, ALERT_MATCHED_MAX);
	if (n == 0)
		return;
	arr = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		ab_str(b, o, "field", m[i].field);
		ab_str(b, o, "operator", m[i].op);
		ab_set(b, o, "value", alert_text(m[i].value, m[i].len,
		    ALERT_TEXT_MAX, NULL));
		ab_push(b, arr, o);
	}
	ab_set(b, inc, "matched", arr);
}

static void
ab_incident(struct ab *b, json_t *root)
{
	json_t	*inc = json_object();

	ab_str(b, inc, "phase", "A");
	ab_discovered(b, inc);
	ab_texts(b, inc);
	ab_stage(b, inc);
	ab_where(b, inc);
	ab_matched(b, inc);
	/* A new alert; aggregation and the composite analyzer count up. */
	ab_int(b, inc, "revision", 1);
	ab_set(b, inc, "related_alerts", json_array());
	ab_evidence(b, inc);
	ab_countermeasures(b, inc);
	ab_obj(b, inc, "references", ab_strv(b, b->r->references,
	    b->r->nreferences));
	ab_obj(b, inc, "techniques", ab_strv(b, b->r->techniques,
	    b->r->ntechniques));
	ab_set(b, root, "incident", inc);
}

static void
ab_init(struct ab *b, const struct alert_ctx *ctx, const struct finding *f,
    const struct alert_levels *lv)
{
	int64_t	 now;

	memset(b, 0, sizeof(*b));
	b->ctx = ctx;
	b->f = f;
	b->r = f->rule;
	b->ev = f->ev != NULL ? f->ev : &alert_noevent;
	b->importance = lv != NULL ? lv->importance : b->r->importance;
	b->priority = lv != NULL ? lv->priority : b->r->priority;
	/* The defaults of detectd.rules(5), for rules built in code. */
	if (level_name(b->importance) == NULL)
		b->importance = LVL_MEDIUM;
	if (level_name(b->priority) == NULL)
		b->priority = b->importance;
	finding_id(f, b->id);
	now = ctx->now_ms > 0 ? ctx->now_ms : time_now_ms(CLOCK_REALTIME);
	if (alert_time(now, b->created, sizeof(b->created)) == -1)
		snprintf(b->created, sizeof(b->created), "%s",
		    "1970-01-01T00:00:00.000Z");
	/* Event time; a finding without one is placed at discovery. */
	if (alert_time(f->last_ms, b->ts, sizeof(b->ts)) == -1 &&
	    alert_time(b->ev->time_ms, b->ts, sizeof(b->ts)) == -1)
		memcpy(b->ts, b->created, sizeof(b->ts));
	if (ctx->hostname != NULL && *ctx->hostname != '\0')
		snprintf(b->host, sizeof(b->host), "%s", ctx->hostname);
	else if (gethostname(b->host, sizeof(b->host) - 1) == -1 ||
	    b->host[0] == '\0')
		snprintf(b->host, sizeof(b->host), "%s", "localhost");
}

json_t *
alert_build(const struct alert_ctx *ctx, const struct finding *f,
    const struct alert_levels *lv)
{
	struct ab	 b;
	json_t		*root;

	if (f == NULL || f->rule == NULL || f->rule->id == NULL ||
	    f->rule->name == NULL) {
		log_warnx("%s: finding without a named rule", __func__);
		return NULL;
	}
	ab_init(&b, ctx, f, lv);
	if ((root = json_object()) == NULL)
		return NULL;
	ab_str(&b, root, "@timestamp", b.ts);
	ab_event(&b, root);
	ab_rule(&b, root);
	ab_observer(&b, root);
	ab_network(&b, root);
	ab_http(&b, root);
	ab_host(&b, root);
	ab_threat(&b, root);
	ab_log(&b, root);
	ab_related(&b, root);
	ab_incident(&b, root);
	if (b.err) {
		log_warnx("%s: rule %s: out of memory", __func__, f->rule->id);
		json_decref(root);
		return NULL;
	}
	return root;
}

struct alert_out {
	char	**buf;
	size_t	 *cap;
	size_t	  len;
};

static int
alert_out_add(const char *p, size_t n, void *arg)
{
	struct alert_out	*o = arg;
	size_t			 cap;
	char			*nb;

	if (*o->cap - o->len < n + 1) {
		cap = *o->cap > 0 ? *o->cap : 1024;
		while (cap - o->len < n + 1) {
			if (cap > SIZE_MAX / 2)
				return -1;
			cap *= 2;
		}
		if ((nb = realloc(*o->buf, cap)) == NULL)
			return -1;
		*o->buf = nb;
		*o->cap = cap;
	}
	memcpy(*o->buf + o->len, p, n);
	o->len += n;
	return 0;
}

ssize_t
alert_format(const struct alert_ctx *ctx, const struct finding *f,
    char **buf, size_t *cap)
{
	struct alert_out	 o = { buf, cap, 0 };
	json_t			*j;
	int			 rc;

	if ((j = alert_build(ctx, f, NULL)) == NULL)
		return -1;
	rc = json_dump_callback(j, alert_out_add, &o,
	    JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(j);
	if (rc == -1 || alert_out_add("\n", 1, &o) == -1) {
		log_warnx("%s: rule %s: cannot format the record", __func__,
		    f->rule->id);
		return -1;
	}
	(*buf)[o.len] = '\0';
	return (ssize_t)o.len;
}
