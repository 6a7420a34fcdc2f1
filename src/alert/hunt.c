/*
 * Retro-hunt (hunt.h).  The indicators are held in one indicator list
 * per type (rules/list.h), so lookups are the blacklist rules' own hash
 * lookups; a line is parsed once, into one reused struct logevent, and
 * only its fields of each type are looked up.  A matching line becomes
 * the phase-A record the alert builder makes of it under a built-in rule
 * "retro-hunt", made a record of kind "event": what only alerts have
 * (stage, viewpoint, levels, countermeasures) is taken off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "alert/alert.h"
#include "alert/hunt.h"
#include "analyzers/finding.h"
#include "collector/reader.h"
#include "event/logevent.h"
#include "parsers/parser.h"
#include "rules/list.h"
#include "rules/listnorm.h"
#include "rules/rule.h"
#include "util/log.h"

#define HUNT_MAX_LINE	(64 * 1024)

enum hunt_type {
	HT_IP = 0,
	HT_DOMAIN,
	HT_URL,
	HT_HASH,
	HT_USER,
	HT_HOST,
	HT_MAX
};

static const char *const hunt_type_names[HT_MAX] = {
	"ip", "domain", "url", "hash", "user", "host"
};

static const enum list_type hunt_list_types[HT_MAX] = {
	LT_IP, LT_DOMAIN, LT_URL, LT_HASH, LT_USER, LT_STRING
};

struct hunt {
	struct list		*l[HT_MAX];
	/*
	 * Every domain indicator and the host of every URL indicator: one
	 * lookup of a name tells whether it can match at all, and only a
	 * URL on one of them is normalised.
	 */
	struct list		*anyhost;
	/*
	 * The IPv4 addresses, sorted, while every address indicator is one
	 * (no prefix, no IPv6): a line's dotted quad is read and searched
	 * for here, and only a hit goes to the list to be checked.
	 */
	uint32_t		*v4;
	size_t			 nv4;
	int			 v4only, v4sorted;
	const struct alert_ctx	*actx;
	const char		*incident;
	struct rule		 rule;
	struct logevent		 ev;
	struct hunt_stats	 st;
};

/* The type an indicator names, or -1; *rest is after "type:". */
static int
hunt_type_prefix(const char *spec, const char **rest)
{
	size_t	 n;
	int	 i;

	for (i = 0; i < HT_MAX; i++) {
		n = strlen(hunt_type_names[i]);
		if (strncmp(spec, hunt_type_names[i], n) == 0 &&
		    spec[n] == ':' && spec[n + 1] != '/') {
			*rest = spec + n + 1;
			return i;
		}
	}
	*rest = spec;
	return -1;
}

static int
hunt_is_hex(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strchr("0123456789abcdefABCDEF", s[i]) == NULL)
			return 0;
	return 1;
}

/* What an indicator without a type is (hunt.h). */
static enum hunt_type
hunt_guess(const char *s)
{
	struct listnorm_ip	 ip;
	const char		*why;
	size_t			 n = strlen(s);

	if (listnorm_ip(slice_cstr(s), 1, &ip, &why) == 0)
		return HT_IP;
	if (strstr(s, "://") != NULL)
		return HT_URL;
	if (listnorm_hash_len(n) && hunt_is_hex(s, n))
		return HT_HASH;
	if (strchr(s, '.') != NULL)
		return HT_DOMAIN;
	return HT_HOST;
}

/* Keep a single IPv4 address; give up on anything else. */
static int
hunt_ip_keep(struct hunt *h, const char *v)
{
	struct listnorm_ip	 ip;
	const char		*why;
	uint32_t		*nv;

	if (!h->v4only || listnorm_ip(slice_cstr(v), 1, &ip, &why) == -1)
		return 0;
	if (ip.family != 4 || ip.plen != 32) {
		h->v4only = 0;
		return 0;
	}
	if ((nv = reallocarray(h->v4, h->nv4 + 1, sizeof(*nv))) == NULL)
		return -1;
	h->v4 = nv;
	h->v4[h->nv4++] = (uint32_t)ip.addr[0] << 24 |
	    (uint32_t)ip.addr[1] << 16 | (uint32_t)ip.addr[2] << 8 | ip.addr[3];
	h->v4sorted = 0;
	return 0;
}

static int
hunt_cmp_u32(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* A plain dotted quad, or -1: anything else goes to the list. */
static int64_t
hunt_quad(struct slice s)
{
	uint32_t	 v = 0, part = 0;
	size_t		 i, dots = 0, digits = 0;

	for (i = 0; i < s.len; i++) {
		if (s.p[i] >= '0' && s.p[i] <= '9' && digits < 3) {
			part = part * 10 + (uint32_t)(s.p[i] - '0');
			digits++;
		} else if (s.p[i] == '.' && digits > 0 && dots < 3 &&
		    part < 256) {
			v = v << 8 | part;
			part = 0;
			digits = 0;
			dots++;
		} else
			return -1;
	}
	if (dots != 3 || digits == 0 || part > 255)
		return -1;
	return (int64_t)(v << 8 | part);
}

/* Whether an address may be one of the indicators: 0 when surely not. */
static int
hunt_ip_maybe(struct hunt *h, struct slice s)
{
	int64_t		 q;
	uint32_t	 k;

	if (!h->v4only || (q = hunt_quad(s)) == -1)
		return 1;
	if (!h->v4sorted) {
		qsort(h->v4, h->nv4, sizeof(*h->v4), hunt_cmp_u32);
		h->v4sorted = 1;
	}
	k = (uint32_t)q;
	return bsearch(&k, h->v4, h->nv4, sizeof(*h->v4), hunt_cmp_u32) !=
	    NULL;
}

int
hunt_indicator(struct hunt *h, const char *spec, const char **why)
{
	struct slice	 host;
	const char	*v;
	int		 t;

	while (*spec == ' ' || *spec == '\t')
		spec++;
	if (*spec == '\0') {
		*why = "empty indicator";
		return -1;
	}
	if ((t = hunt_type_prefix(spec, &v)) == -1)
		t = hunt_guess(v);
	if (list_add(h->l[t], v, strlen(v), NULL, "retro-hunt") == -1) {
		*why = list_error(h->l[t]);
		return -1;
	}
	if (t == HT_IP)
		return hunt_ip_keep(h, v);
	if (t == HT_DOMAIN)
		host = slice_cstr(v);
	else if (t != HT_URL)
		return 0;
	else if (listnorm_url_host(slice_cstr(v), &host) == -1) {
		*why = "no host in the URL";
		return -1;
	}
	if (list_add(h->anyhost, host.p, host.len, NULL, "retro-hunt") == -1) {
		*why = list_error(h->anyhost);
		return -1;
	}
	return 0;
}

int
hunt_listfile(struct hunt *h, const char *path)
{
	FILE		*fp;
	char		*line = NULL, *p;
	size_t		 cap = 0;
	ssize_t		 len;
	const char	*why;
	int		 n = 0, rc = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		log_warn("%s", path);
		return -1;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		n++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '\0' || *p == '#')
			continue;
		if (hunt_indicator(h, p, &why) == -1) {
			log_warnx("%s:%d: %s: %s", path, n, p, why);
			rc = -1;
		}
	}
	free(line);
	fclose(fp);
	return rc;
}

size_t
hunt_size(const struct hunt *h)
{
	size_t	 n = 0;
	int	 i;

	for (i = 0; i < HT_MAX; i++)
		n += list_size(h->l[i]);
	return n;
}

/* The built-in rule the records are made under. */
static void
hunt_rule(struct rule *r)
{
	memset(r, 0, sizeof(*r));
	r->id = "retro-hunt";
	r->name = "Retro-hunt: a line mentions an indicator searched for";
	r->revision = 1;
	r->analyzer = "hunt";
	r->viewpoint = VP_KNOWN_ATTACK;
	r->stage = 1;
	r->importance = LVL_LOW;
	r->priority = LVL_LOW;
	r->notify = "soc-analyst";
	r->phenomenon = "A line of ${endpoint} has ${indicator} (the "
	    "${indicator.type} searched for) in ${indicator.field}.";
	r->reason = "The line mentions ${indicator}, one of the indicators "
	    "a retro-hunt searched archived logs for.";
	r->relevance = "Related to the incident the indicators come from: "
	    "it may show where else and since when the attack was seen.";
	r->enabled = 1;
	r->alert = 1;
}

struct hunt *
hunt_new(const struct alert_ctx *actx, const char *incident_id)
{
	struct hunt	*h;
	int		 i;

	if ((h = calloc(1, sizeof(*h))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	for (i = 0; i < HT_MAX; i++)
		if ((h->l[i] = list_new(hunt_type_names[i],
		    hunt_list_types[i])) == NULL) {
			hunt_free(h);
			return NULL;
		}
	h->v4only = 1;
	if ((h->anyhost = list_new("hosts", LT_DOMAIN)) == NULL) {
		hunt_free(h);
		return NULL;
	}
	h->actx = actx;
	h->incident = incident_id;
	hunt_rule(&h->rule);
	logevent_reset(&h->ev);
	return h;
}

void
hunt_free(struct hunt *h)
{
	int	 i;

	if (h == NULL)
		return;
	for (i = 0; i < HT_MAX; i++)
		list_free(h->l[i]);
	list_free(h->anyhost);
	free(h->v4);
	logevent_free(&h->ev);
	free(h);
}

const struct hunt_stats *
hunt_stats(const struct hunt *h)
{
	return &h->st;
}

/* A host name, or its first label ("WS0004.corp.local": "ws0004"). */
static const struct indicator *
hunt_host(const struct list *l, struct slice s)
{
	const struct indicator	*ind;
	const char		*dot;

	if ((ind = list_match(l, s)) != NULL || s.p == NULL ||
	    (dot = memchr(s.p, '.', s.len)) == NULL)
		return ind;
	s.len = (size_t)(dot - s.p);
	return list_match(l, s);
}

/* The fields of each type, in the order they are looked up. */
struct hunt_field {
	enum hunt_type	 type;
	const char	*name;		/* threat.indicator.matched.field */
	size_t		 off;		/* of the struct slice in logevent */
};

#define HF(t, n, f)	{ t, n, offsetof(struct logevent, f) }
static const struct hunt_field hunt_fields[] = {
	HF(HT_IP, "source.ip", src_ip),
	HF(HT_IP, "destination.ip", dst_ip),
	HF(HT_DOMAIN, "destination.domain", dst_domain),
	HF(HT_DOMAIN, "dns.question.name", dns_query),
	HF(HT_URL, "url.original", url),
	HF(HT_HASH, "process.hash", hashes),
	HF(HT_USER, "user.name", user),
	HF(HT_USER, "user.target.name", target_user),
	HF(HT_HOST, "host.name", host_name),
	HF(HT_HOST, "source.address", src_host),
};
#undef HF

/* Whether two names are the same, as a domain list compares them. */
static int
hunt_same(struct slice a, struct slice b)
{
	return a.len == b.len && a.len > 0 &&
	    strncasecmp(a.p, b.p, a.len) == 0;
}

/*
 * Whether the URL's authority is just the name d (the proxy's own
 * destination, as it usually is), without splitting the URL.
 */
static int
hunt_host_is(struct slice url, struct slice d)
{
	const char	*p = memchr(url.p, ':', url.len < 10 ? url.len : 10);
	size_t		 off = 0;

	/* "scheme://name..." or, for a CONNECT, "name:port". */
	if (p != NULL && (size_t)(url.p + url.len - p) >= 3 && p[1] == '/' &&
	    p[2] == '/')
		off = (size_t)(p + 3 - url.p);
	if (d.len == 0 || url.len - off < d.len ||
	    strncasecmp(url.p + off, d.p, d.len) != 0)
		return 0;
	off += d.len;
	return off == url.len || memchr(":/?#", url.p[off], 4) != NULL;
}

/*
 * A URL: the whole URL when its host is that of a URL indicator, else
 * its host as a domain.  A host that is the destination domain already
 * looked up, in vain, is not looked up again.
 */
static const struct indicator *
hunt_url(struct hunt *h, const struct logevent *ev, struct slice s,
    int dst_miss, struct indicator_hit *hit)
{
	const struct indicator	*ind = NULL;
	struct slice		 host;

	if (list_size(h->anyhost) == 0 ||
	    (dst_miss && hunt_host_is(s, ev->dst_domain)) ||
	    listnorm_url_host(s, &host) == -1 ||
	    (dst_miss && hunt_same(host, ev->dst_domain)) ||
	    list_match(h->anyhost, host) == NULL)
		return NULL;
	if (list_size(h->l[HT_URL]) > 0 &&
	    (ind = list_match(h->l[HT_URL], s)) != NULL) {
		hit->type = hunt_type_names[HT_URL];
		hit->matched = "url.original";
		return ind;
	}
	if ((ind = list_match(h->l[HT_DOMAIN], host)) != NULL) {
		hit->type = hunt_type_names[HT_DOMAIN];
		hit->matched = "url.domain";
	}
	return ind;
}

/* One field's lookup; a domain only when it can match at all. */
static const struct indicator *
hunt_field(struct hunt *h, const struct hunt_field *fd, struct slice s,
    int *miss)
{
	if (fd->type == HT_HOST)
		return hunt_host(h->l[HT_HOST], s);
	if (fd->type == HT_IP && !hunt_ip_maybe(h, s))
		return NULL;
	/* "-": no user, as proxies write it. */
	if (fd->type == HT_USER && s.len == 1 && s.p[0] == '-')
		return NULL;
	if (fd->type != HT_DOMAIN)
		return list_match(h->l[fd->type], s);
	if (list_match(h->anyhost, s) == NULL) {
		*miss = 1;
		return NULL;
	}
	return list_match(h->l[HT_DOMAIN], s);
}

/* The first field of ev that holds an indicator; the hit in *hit. */
static int
hunt_match(struct hunt *h, const struct logevent *ev,
    struct indicator_hit *hit)
{
	const struct hunt_field	*fd;
	const struct indicator	*ind;
	struct slice		 s;
	size_t			 i;
	int			 miss = 0, dst_miss = 0;

	for (i = 0; i < sizeof(hunt_fields) / sizeof(hunt_fields[0]); i++) {
		fd = &hunt_fields[i];
		s = *(const struct slice *)(const void *)((const char *)ev +
		    fd->off);
		if (s.len == 0 || (fd->type != HT_URL &&
		    list_size(h->l[fd->type]) == 0))
			continue;
		if (fd->type == HT_URL)
			ind = hunt_url(h, ev, s, dst_miss, hit);
		else if ((ind = hunt_field(h, fd, s, &miss)) != NULL) {
			hit->type = hunt_type_names[fd->type];
			hit->matched = fd->name;
		}
		if (fd->off == offsetof(struct logevent, dst_domain))
			dst_miss = miss;
		if (ind != NULL) {
			hit->value = ind->value;
			return 1;
		}
	}
	return 0;
}

static const char *const hunt_drop_event[] = { "severity", "risk_score" };
static const char *const hunt_drop_incident[] = {
	"attack_stage", "viewpoint", "importance", "priority",
	"ticket_severity", "notify", "countermeasures", "first_action",
	"raised_by", "score", "matched", "techniques", "references"
};

/* incident.id after incident.phase, as in alerts. */
static void
hunt_incident(json_t *rec, json_t *in, const char *id)
{
	json_t		*o, *v;
	const char	*k;

	if ((o = json_object()) == NULL)
		return;
	json_object_foreach(in, k, v) {
		json_object_set(o, k, v);
		if (strcmp(k, "phase") == 0)
			json_object_set_new(o, "id", json_string(id));
	}
	json_object_set_new(rec, "incident", o);
}

/* The alert builder's record made an event record (hunt.h). */
static void
hunt_reshape(struct hunt *h, json_t *rec)
{
	json_t	*ev = json_object_get(rec, "event");
	json_t	*in = json_object_get(rec, "incident");
	size_t	 i;

	json_object_set_new(ev, "kind", json_string("event"));
	json_object_set_new(ev, "dataset", json_string("detectd.hunt"));
	for (i = 0; i < sizeof(hunt_drop_event) / sizeof(*hunt_drop_event);
	    i++)
		json_object_del(ev, hunt_drop_event[i]);
	for (i = 0; i < sizeof(hunt_drop_incident) /
	    sizeof(*hunt_drop_incident); i++)
		json_object_del(in, hunt_drop_incident[i]);
	json_object_del(json_object_get(rec, "rule"), "category");
	json_object_set_new(json_object_get(json_object_get(in, "discovered"),
	    "by"), "analyzer", json_string("hunt"));
	if (h->incident != NULL)
		hunt_incident(rec, in, h->incident);
}

static void
hunt_write(struct hunt *h, const struct indicator_hit *hit, FILE *out)
{
	struct finding	 f;
	json_t		*rec;

	memset(&f, 0, sizeof(f));
	f.rule = &h->rule;
	f.ev = &h->ev;
	f.first_ms = f.last_ms = h->ev.time_ms;
	f.count = 1;
	f.score = 1.0;
	f.ind = *hit;
	f.ind.list = "retro-hunt";
	f.ind.source = "retro-hunt";
	if ((rec = alert_build(h->actx, &f, NULL)) == NULL) {
		h->st.lost++;
		return;
	}
	hunt_reshape(h, rec);
	if (json_dumpf(rec, out, JSON_COMPACT | JSON_REAL_PRECISION(6)) ==
	    -1 || fputc('\n', out) == EOF)
		h->st.lost++;
	else
		h->st.matches++;
	json_decref(rec);
}

/* One line: parsed, looked up, written when it matches. */
static void
hunt_line(struct hunt *h, const struct parser *p, void *pstate,
    const char *path, const struct rline *l, FILE *out)
{
	struct indicator_hit	 hit;
	const char		*err = NULL;

	h->st.lines++;
	logevent_reset(&h->ev);
	if (logevent_reserve(&h->ev, l->len + 64) == -1) {
		h->st.parse_errors++;
		return;
	}
	h->ev.raw.p = l->p;
	h->ev.raw.len = l->len;
	h->ev.file = path;
	h->ev.input = "retro-hunt";
	h->ev.format = p->name;
	h->ev.offset = l->off;
	switch (parser_parse(p, pstate, 0, l->p, l->len, &h->ev, &err)) {
	case PARSE_OK:
		break;
	case PARSE_SKIP:
		return;
	default:
		h->st.parse_errors++;
		return;
	}
	h->st.events++;
	memset(&hit, 0, sizeof(hit));
	if (hunt_match(h, &h->ev, &hit))
		hunt_write(h, &hit, out);
}

int
hunt_file(struct hunt *h, const char *format, const char *path, FILE *out)
{
	const struct parser	*p;
	struct reader		*r;
	struct rline		 l;
	void			*pstate = NULL;
	int			 rc;

	if ((p = parser_lookup(format)) == NULL) {
		log_warnx("%s: unknown format '%s'", path, format);
		return -1;
	}
	if ((r = reader_open(path, HUNT_MAX_LINE)) == NULL)
		return -1;
	if (p->state_new != NULL &&
	    (pstate = p->state_new(reader_mtime_ms(r))) == NULL) {
		reader_free(r);
		return -1;
	}
	while ((rc = reader_next(r, &l)) == 1)
		hunt_line(h, p, pstate, path, &l, out);
	if (pstate != NULL)
		p->state_free(pstate);
	reader_free(r);
	return rc == -1 ? -1 : 0;
}
