/*
 * The report's reading of an alert file (rint.h): one JSON record per
 * line, grouped by incident.id, each incident summarised in bounded
 * sets, its alerts kept as marks on the timeline and, the first of them,
 * as rows of the table: REPORT_TABLE, or the incident's share of
 * REPORT_TABLE_ALL once there are many incidents, so that the rows kept
 * are bounded however many alerts there are.  Whatever a line holds, it
 * is counted and survived.
 *
 * A record is not decoded into a JSON tree: the scanner of src/parsers
 * steps over what the report does not read (most of a record's bytes
 * are evidence lines and the rule's description), and the members it
 * reads are copied, unescaped, into one arena reused for every line.
 * Nothing is allocated per record but what a set keeps.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parsers/jscan.h"
#include "report/rint.h"
#include "rules/rule.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/timeutil.h"

#define RDATA_EVIDENCE	3	/* evidence lines of a row */
#define RDATA_LINE_MAX	512	/* bytes of each */

static const char *const rdata_known[] = {
	"@timestamp", "event", "rule", "observer", "source", "destination",
	"user", "url", "http", "user_agent", "dns", "process", "winlog",
	"host", "network", "threat", "log", "related", "incident", "file",
	"registry", "service", "agent", "ecs", "tags", "labels", "message"
};

/*
 * A record as the report reads it: the strings it uses, unescaped and
 * NUL-terminated in the arena (NULL when absent or not a string), and
 * the arrays it walks, raw.
 */
struct rrec {
	const char	*ts, *eid, *eend, *rule_id, *rule_name, *user;
	const char	*dst_domain, *dst_ip, *dns_name, *ind_type, *ind_name;
	const char	*tech;
	const char	*iid, *importance, *priority, *reason, *phen;
	const char	*ep_key, *ep_host, *ep_ip, *ep_user, *log_source;
	int64_t		 stage;
	int		 incident;	/* incident was an object */
	struct jvalue	 path, evidence, cms;	/* raw.p NULL: absent */
};

/* Where a member's text goes: the member sub ("a.b") of top, or top. */
struct rfield {
	const char	*top, *sub;
	size_t		 off;
};

#define RF(t, s, m)	{ t, s, offsetof(struct rrec, m) }
static const struct rfield rd_fields[] = {
	RF("@timestamp", NULL, ts), RF("event", "id", eid),
	RF("event", "end", eend), RF("rule", "id", rule_id),
	RF("rule", "name", rule_name), RF("user", "name", user),
	RF("destination", "domain", dst_domain),
	RF("destination", "ip", dst_ip), RF("dns", "question.name", dns_name),
	RF("threat", "indicator.type", ind_type),
	RF("threat", "indicator.name", ind_name),
};
static const struct rfield rd_ifields[] = {
	RF("id", NULL, iid), RF("importance", NULL, importance),
	RF("priority", NULL, priority), RF("reason", NULL, reason),
	RF("phenomenon", NULL, phen), RF("endpoint", "key", ep_key),
	RF("endpoint", "host", ep_host), RF("endpoint", "ip", ep_ip),
	RF("endpoint", "user", ep_user),
	RF("discovered", "where.log_source", log_source),
};
#undef RF

int64_t
rdata_time(const char *s)
{
	int64_t	 t;

	if (s == NULL || time_parse_iso8601(s, strlen(s), &t) == -1)
		return 0;
	return t;
}

/* A level's rank, 1 (low) to 4 (critical); 0 when not one. */
static int
rd_level(const char *s)
{
	int	 lv = s != NULL ? level_from_name(s) : 0;

	return lv > 0 ? lv : 0;
}

/*
 * A string value unescaped into the arena, NUL-terminated; NULL when v
 * is not a string.  The arena holds a line's length and a byte more per
 * value, and no text outgrows its raw value, so it never runs out.
 */
static const char *
rd_text(struct rdata *d, const struct jvalue *v)
{
	struct slice	 s;
	char		*out = d->arena + d->aused;

	if (v->type != JS_STRING || d->aused + v->raw.len + 1 > d->acap)
		return NULL;
	s = jscan_text(v, out, d->acap - d->aused - 1);
	if (s.p == NULL)
		return NULL;
	if (s.p != out)
		memcpy(out, s.p, s.len);
	out[s.len] = '\0';
	d->aused += s.len + 1;
	return out;
}

/* The member name ("a.b") of the object v, as text; NULL if none. */
static const char *
rd_find(struct rdata *d, const struct jvalue *v, const char *name)
{
	struct jvalue	 x;

	if (v->type != JS_OBJECT || jscan_find(v->raw.p, v->raw.len, name,
	    strlen(name), &x) != 1)
		return NULL;
	return rd_text(d, &x);
}

/* The fields of the table that a member (key, v) fills. */
static void
rd_fill(struct rdata *d, struct rrec *rr, const struct rfield *f, size_t n,
    struct slice key, const struct jvalue *v)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (key.len > 0 && key.p[0] == f[i].top[0] &&
		    jscan_key_is(key, f[i].top))
			*(const char **)(void *)((char *)rr + f[i].off) =
			    f[i].sub == NULL ? rd_text(d, v) :
			    rd_find(d, v, f[i].sub);
}

static int
rd_known(struct slice key, const char *const *names, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (key.len > 0 && key.p[0] == names[i][0] &&
		    jscan_key_is(key, names[i]))
			return 1;
	return 0;
}

/* The incident object: the strings, the stage and the raw arrays. */
static int
rd_incident(struct rdata *d, struct rrec *rr, const struct jvalue *iv)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v, x;
	int		 r;

	if (jscan_enter(&js, iv) == -1)
		return 0;
	rr->incident = 1;
	while ((r = jscan_next(&js, &key, &v)) == 1) {
		rd_fill(d, rr, rd_ifields, sizeof(rd_ifields) /
		    sizeof(*rd_ifields), key, &v);
		if (jscan_key_is(key, "attack_stage") && jscan_find(v.raw.p,
		    v.raw.len, "number", 6, &x) == 1 && jscan_int(&x,
		    &rr->stage) == -1)
			rr->stage = 0;
		else if (jscan_key_is(key, "composite") && jscan_find(v.raw.p,
		    v.raw.len, "path", 4, &x) == 1 && x.type == JS_ARRAY)
			rr->path = x;
		else if (jscan_key_is(key, "evidence") && v.type == JS_ARRAY)
			rr->evidence = v;
		else if (jscan_key_is(key, "countermeasures") &&
		    v.type == JS_ARRAY)
			rr->cms = v;
	}
	return r;
}

/* threat.technique.id: its first element, or the string it is. */
static void
rd_technique(struct rdata *d, struct rrec *rr, const struct jvalue *tv)
{
	struct jvalue	 x;
	struct jscan	 js;
	struct slice	 key;

	if (tv->type != JS_OBJECT || jscan_find(tv->raw.p, tv->raw.len,
	    "technique.id", 12, &x) != 1)
		return;
	if (x.type == JS_ARRAY && jscan_enter(&js, &x) == 0 &&
	    jscan_next(&js, &key, &x) != 1)
		return;
	rr->tech = rd_text(d, &x);
}

/*
 * The record of a line: -1 when the line is not a JSON object; fields
 * the report does not know are counted.
 */
static int
rd_scan(struct rdata *d, struct rrec *rr, const char *line, size_t len)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	int		 r;

	memset(rr, 0, sizeof(*rr));
	d->aused = 0;
	while (len > 0 && (*line == ' ' || *line == '\t'))
		line++, len--;
	if (len == 0 || *line != '{')
		return -1;
	jscan_init(&js, line, len);
	while ((r = jscan_next(&js, &key, &v)) == 1) {
		rd_fill(d, rr, rd_fields, sizeof(rd_fields) /
		    sizeof(*rd_fields), key, &v);
		if (jscan_key_is(key, "incident") && v.type == JS_OBJECT)
			r = rd_incident(d, rr, &v);
		else if (jscan_key_is(key, "threat"))
			rd_technique(d, rr, &v);
		else if (!rd_known(key, rdata_known, sizeof(rdata_known) /
		    sizeof(*rdata_known)))
			d->st->unknown_fields++;
		if (r == -1)
			return -1;
	}
	return r == -1 || !jscan_done(&js) ? -1 : 0;
}

/* Whether the event.id was seen before (a revision); remembers it. */
static int
rd_seen(struct rdata *d, const char *id)
{
	uint64_t	 h = hash64(id, strlen(id), 0x72657064ULL) | 1, *nv;
	size_t		 i, cap;

	if (d->nseen * 2 >= d->capseen) {
		cap = d->capseen ? d->capseen * 2 : 4096;
		if ((nv = calloc(cap, sizeof(*nv))) == NULL)
			return 0;
		for (i = 0; i < d->capseen; i++)
			if (d->seen[i] != 0) {
				size_t j = d->seen[i] & (cap - 1);
				while (nv[j] != 0)
					j = (j + 1) & (cap - 1);
				nv[j] = d->seen[i];
			}
		free(d->seen);
		d->seen = nv;
		d->capseen = cap;
	}
	for (i = h & (d->capseen - 1); d->seen[i] != 0;
	    i = (i + 1) & (d->capseen - 1))
		if (d->seen[i] == h)
			return 1;
	d->seen[i] = h;
	d->nseen++;
	return 0;
}

size_t
rdata_rows(const struct rdata *d)
{
	size_t	 rows = d->n > 0 ? REPORT_TABLE_ALL / d->n : REPORT_TABLE;

	if (d->only != NULL || rows > REPORT_TABLE)
		return REPORT_TABLE;
	return rows < REPORT_PAGE ? REPORT_PAGE : rows;
}

/* Every incident's rows cut to the share, the last read going first. */
static void
rd_trim(struct rdata *d)
{
	size_t	 i, cap = rdata_rows(d), n;

	for (i = 0; i < d->n; i++)
		while ((n = json_array_size(d->v[i]->rows)) > cap) {
			json_array_remove(d->v[i]->rows, n - 1);
			d->v[i]->rows_left++;
		}
}

static struct rinc *
rd_inc(struct rdata *d, const char *id)
{
	json_t		*ix = json_object_get(d->byid, id);
	struct rinc	*r, **nv;

	if (ix != NULL)
		return d->v[json_integer_value(ix)];
	if ((nv = reallocarray(d->v, d->n + 1, sizeof(*nv))) == NULL)
		return NULL;
	d->v = nv;
	if ((r = calloc(1, sizeof(*r))) == NULL || (r->id = strdup(id)) ==
	    NULL) {
		free(r);
		return NULL;
	}
	r->eps = json_array();
	r->epidx = json_object();
	r->users = json_object();
	r->dests = json_object();
	r->edges = json_object();
	r->rules = json_object();
	r->cms = json_object();
	r->sources = json_object();
	r->rows = json_array();
	json_object_set_new(d->byid, id, json_integer((json_int_t)d->n));
	d->v[d->n++] = r;
	/* Each time the incidents double, their tables' share halves. */
	if ((d->n & (d->n - 1)) == 0)
		rd_trim(d);
	return r;
}

/* Count name in the set o, at most RINC_SET_MAX names. */
static void
rd_count(json_t *o, const char *name)
{
	json_t	*n;

	if (name == NULL || *name == '\0')
		return;
	if ((n = json_object_get(o, name)) != NULL)
		json_integer_set(n, json_integer_value(n) + 1);
	else if (json_object_size(o) < RINC_SET_MAX)
		json_object_set_new(o, name, json_integer(1));
}

/* The integer member k of o set to v, in place. */
static void
rd_iset(json_t *o, const char *k, json_int_t v)
{
	json_integer_set(json_object_get(o, k), v);
}

static json_int_t
rd_iget(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* A set member's first and last times, count and stage, brought up. */
static void
rd_span(json_t *e, int64_t t, int stage)
{
	if (t < rd_iget(e, "first"))
		rd_iset(e, "first", t);
	if (t > rd_iget(e, "last"))
		rd_iset(e, "last", t);
	if (stage > rd_iget(e, "stage"))
		rd_iset(e, "stage", stage);
	rd_iset(e, "count", rd_iget(e, "count") + 1);
}

/* The endpoint's index, its times and stage brought up to date. */
static uint32_t
rd_endpoint(struct rinc *r, const char *name, int64_t t, int stage)
{
	json_t		*ix = json_object_get(r->epidx, name);
	uint32_t	 i;

	if (ix == NULL) {
		i = (uint32_t)json_array_size(r->eps);
		json_array_append_new(r->eps, json_pack("{s:s,s:I,s:I,s:I,"
		    "s:i}", "name", name, "first", (json_int_t)t, "last",
		    (json_int_t)t, "count", (json_int_t)0, "stage", 0));
		json_object_set_new(r->epidx, name, json_integer(i));
	} else
		i = (uint32_t)json_integer_value(ix);
	rd_span(json_array_get(r->eps, i), t, stage);
	return i;
}

static void
rd_mark(struct rinc *r, int64_t t, uint32_t ep, int stage)
{
	struct rmark	*nv;
	size_t		 cap;

	if (r->nmarks == r->capmarks) {
		cap = r->capmarks ? r->capmarks * 2 : 64;
		if ((nv = reallocarray(r->marks, cap, sizeof(*nv))) == NULL)
			return;
		r->marks = nv;
		r->capmarks = cap;
	}
	r->marks[r->nmarks].t = t;
	r->marks[r->nmarks].ep = ep;
	r->marks[r->nmarks++].stage = (uint8_t)(stage > 0 && stage <= 6 ?
	    stage : 0);
}

/* Whether an address is of a private range: the LAN's own, not outside. */
static int
rd_private(const char *ip)
{
	int	 a, b;

	if (strchr(ip, ':') != NULL)
		return (ip[0] == 'f' || ip[0] == 'F') && strchr("cdCD", ip[1]) &&
		    ip[1] != '\0';
	if (sscanf(ip, "%d.%d", &a, &b) != 2)
		return 0;
	return a == 10 || a == 127 || (a == 172 && b >= 16 && b < 32) ||
	    (a == 192 && b == 168);
}

/* Where a C2 or exfiltration alert went, when it went outside. */
static const char *
rd_outside(const struct rrec *rr)
{
	if (rr->dst_domain != NULL)
		return rr->dst_domain;
	if (rr->dns_name != NULL)
		return rr->dns_name;
	if (rr->dst_ip != NULL && !rd_private(rr->dst_ip))
		return rr->dst_ip;
	return NULL;
}

/* An outside destination: a listed indicator, or where C2 went. */
static void
rd_dest(struct rinc *r, const struct rrec *rr, const char *ep, int64_t t,
    int stage)
{
	const char	*type = rr->ind_type, *name = rr->ind_name;
	json_t		*d;

	if (name == NULL || type == NULL || (strcmp(type, "domain-name") != 0 &&
	    strncmp(type, "ipv", 3) != 0 && strcmp(type, "url") != 0))
		name = stage >= 5 ? rd_outside(rr) : NULL;
	if (name == NULL)
		return;
	if ((d = json_object_get(r->dests, name)) == NULL) {
		if (json_object_size(r->dests) >= RINC_SET_MAX)
			return;
		d = json_pack("{s:I,s:I,s:I,s:{},s:i}", "first", (json_int_t)t,
		    "last", (json_int_t)t, "count", (json_int_t)0, "from",
		    "stage", stage);
		json_object_set_new(r->dests, name, d);
	}
	rd_span(d, t, stage);
	rd_count(json_object_get(d, "from"), ep);
}

/* Propagation: each step of a composite path is an edge. */
static void
rd_edges(struct rdata *d, struct rinc *r, const struct rrec *rr)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	const char	*prev = NULL, *cur, *at;
	char		 k[512];

	if (rr->path.raw.p == NULL || jscan_enter(&js, &rr->path) == -1)
		return;
	for (; jscan_next(&js, &key, &v) == 1; prev = cur) {
		if ((cur = rd_find(d, &v, "endpoint")) == NULL || prev == NULL)
			continue;
		snprintf(k, sizeof(k), "%s>%s", prev, cur);
		if (json_object_get(r->edges, k) != NULL ||
		    json_object_size(r->edges) >= RINC_SET_MAX)
			continue;
		at = rd_find(d, &v, "reached");
		json_object_set_new(r->edges, k, json_pack("{s:s,s:s,s:s,s:I}",
		    "from", prev, "to", cur, "technique", rr->tech ? rr->tech :
		    "", "at", (json_int_t)rdata_time(at)));
	}
}

static void
rd_rule(struct rinc *r, const struct rrec *rr, int64_t t, int stage)
{
	json_t		*o;

	if (rr->rule_id == NULL)
		return;
	if ((o = json_object_get(r->rules, rr->rule_id)) == NULL) {
		if (json_object_size(r->rules) >= RINC_SET_MAX)
			return;
		o = json_pack("{s:s,s:s,s:I,s:i,s:I}", "name", rr->rule_name ?
		    rr->rule_name : rr->rule_id, "reason", rr->reason ?
		    rr->reason : "", "count", (json_int_t)0, "stage", stage,
		    "first", (json_int_t)t);
		json_object_set_new(r->rules, rr->rule_id, o);
	}
	if (t < rd_iget(o, "first"))
		rd_iset(o, "first", t);
	rd_iset(o, "count", rd_iget(o, "count") + 1);
}

/*
 * Whether the incident has had these countermeasures (their raw text)
 * before; remembers them while there is room.  Most alerts of an
 * incident repeat the same few, so most are never decoded.
 */
static int
rd_cms_seen(struct rinc *r, const struct jvalue *v)
{
	uint64_t	 h = hash64(v->raw.p, v->raw.len, 0x636d73ULL) | 1;
	size_t		 i;

	for (i = h % RINC_CMS_SEEN; r->cms_seen[i] != 0;
	    i = (i + 1) % RINC_CMS_SEEN)
		if (r->cms_seen[i] == h)
			return 1;
	if (r->ncms_seen < RINC_CMS_SEEN / 2) {
		r->cms_seen[i] = h;
		r->ncms_seen++;
	}
	return 0;
}

/* Each countermeasure of the record, by target, action and object. */
static void
rd_cms(struct rdata *d, struct rinc *r, const struct rrec *rr)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	const char	*tg, *ac, *ob, *ds;
	char		 k[768];

	if (rr->cms.raw.p == NULL || json_object_size(r->cms) >=
	    RINC_SET_MAX || rd_cms_seen(r, &rr->cms) ||
	    jscan_enter(&js, &rr->cms) == -1)
		return;
	while (json_object_size(r->cms) < RINC_SET_MAX &&
	    jscan_next(&js, &key, &v) == 1) {
		if ((tg = rd_find(d, &v, "target")) == NULL ||
		    (ac = rd_find(d, &v, "action")) == NULL)
			continue;
		ob = rd_find(d, &v, "object");
		ds = rd_find(d, &v, "description");
		snprintf(k, sizeof(k), "%s %s %s", tg, ac, ob ? ob : "");
		if (json_object_get(r->cms, k) == NULL)
			json_object_set_new(r->cms, k, json_pack("{s:s,s:s,"
			    "s:s*,s:s*}", "target", tg, "action", ac,
			    "object", ob, "description", ds));
	}
}

/* At most max bytes of s, not in the middle of a UTF-8 character. */
static size_t
rd_cut(const char *s, size_t max)
{
	size_t	 n = strlen(s);

	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* The first evidence lines of the record, bounded, as an array. */
static json_t *
rd_evidence(struct rdata *d, const struct rrec *rr)
{
	json_t		*ev = json_array();
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	const char	*l;

	if (rr->evidence.raw.p == NULL || jscan_enter(&js, &rr->evidence) ==
	    -1)
		return ev;
	while (json_array_size(ev) < RDATA_EVIDENCE &&
	    jscan_next(&js, &key, &v) == 1 &&
	    (l = rd_find(d, &v, "line")) != NULL)
		json_array_append_new(ev, json_stringn_nocheck(l,
		    rd_cut(l, RDATA_LINE_MAX)));
	return ev;
}

/* A string of the row, or nothing. */
static void
rd_rowstr(json_t *row, const char *k, const char *s)
{
	if (s != NULL)
		json_object_set_new_nocheck(row, k, json_string_nocheck(s));
}

/* The table's row of a record: what it shows, bounded. */
static void
rd_row(struct rdata *d, struct rinc *r, const struct rrec *rr,
    const char *ep, int64_t t, int stage)
{
	json_t	*row;

	/* Only the rows of a page that will be written, and its share. */
	if ((d->only != NULL && strcmp(r->id, d->only) != 0) ||
	    json_array_size(r->rows) >= rdata_rows(d)) {
		r->rows_left++;
		return;
	}
	row = json_pack("{s:I,s:s,s:i,s:o}", "t", (json_int_t)t, "ep", ep,
	    "stage", stage, "evidence", rd_evidence(d, rr));
	if (row == NULL)
		return;
	rd_rowstr(row, "rule", rr->rule_id);
	rd_rowstr(row, "name", rr->rule_name);
	rd_rowstr(row, "phen", rr->phen);
	json_array_append_new(r->rows, row);
}

/* The incident an id became part of, following merges to the end. */
static const char *
rd_alias(struct rdata *d, const char *id)
{
	const char	*to;
	int		 hops = 0;

	while (d->alias != NULL && hops++ < 64 &&
	    (to = json_string_value(json_object_get(d->alias, id))) != NULL)
		id = to;
	return id;
}

/*
 * First pass: the merges (incident.merged), so that the alerts of an
 * incident that later became part of another are drawn in that one.
 * Only lines that name "merged" are decoded.
 */
static void
rd_merges(struct rdata *d, char *line, size_t len)
{
	json_t		*rec, *in, *v;
	const char	*id;
	size_t		 i;

	if (memmem(line, len, "\"merged\"", 8) == NULL ||
	    (rec = json_loadb(line, len, 0, NULL)) == NULL)
		return;
	in = json_object_get(rec, "incident");
	id = json_string_value(json_object_get(in, "id"));
	json_array_foreach(json_object_get(in, "merged"), i, v)
		if (json_is_string(v) && id != NULL &&
		    strcmp(json_string_value(v), id) != 0)
			json_object_set(d->alias, json_string_value(v),
			    json_object_get(in, "id"));
	json_decref(rec);
}

/* The endpoint's name: its key, else host, else address, else user. */
static const char *
rd_epname(const struct rrec *rr)
{
	return rr->ep_key ? rr->ep_key : rr->ep_host ? rr->ep_host :
	    rr->ep_ip ? rr->ep_ip : rr->ep_user ? rr->ep_user : "-";
}

/* The incident's times, stage and levels brought up by a record. */
static void
rd_raise(struct rinc *r, const struct rrec *rr, int64_t t, int stage)
{
	int	 lv;

	/* A record without a time counts, and is not placed in time. */
	if (t != 0 && (r->first == 0 || t < r->first))
		r->first = t;
	if (t > r->last)
		r->last = t;
	if (stage > r->stage && stage <= 6)
		r->stage = stage;
	if ((lv = rd_level(rr->importance)) > r->importance)
		r->importance = lv;
	if ((lv = rd_level(rr->priority)) > r->priority)
		r->priority = lv;
}

static void
rd_record(struct rdata *d, const struct rrec *rr)
{
	const char	*iid, *ep;
	struct rinc	*r;
	int64_t		 t;
	int		 stage;

	if (!rr->incident || rr->eid == NULL) {
		d->st->not_alerts++;
		return;
	}
	d->st->records++;
	if ((iid = rr->iid) == NULL || *iid == '\0')
		iid = "none";
	if ((r = rd_inc(d, rd_alias(d, iid))) == NULL)
		return;
	if ((t = rdata_time(rr->eend)) == 0)
		t = rdata_time(rr->ts);
	stage = rr->stage > 0 && rr->stage <= 6 ? (int)rr->stage : 0;
	ep = rd_epname(rr);
	rd_raise(r, rr, t, stage);
	rd_edges(d, r, rr);
	if (rd_seen(d, rr->eid)) {
		d->st->revisions++;
		return;
	}
	r->alerts++;
	rd_mark(r, t, rd_endpoint(r, ep, t, stage), stage);
	rd_count(r->users, rr->user);
	rd_count(r->sources, rr->log_source);
	rd_dest(r, rr, ep, t, stage);
	rd_rule(r, rr, t, stage);
	rd_cms(d, r, rr);
	rd_row(d, r, rr, ep, t, stage);
}

/*
 * Standard input copied to a temporary file, unlinked at once, so that
 * it is read twice like a file: the merges first.  NULL, logged, when
 * it cannot be.
 */
static FILE *
rd_spool(void)
{
	const char	*dir = getenv("TMPDIR");
	char		 path[4096], buf[65536];
	size_t		 n;
	int		 fd;
	FILE		*fp;

	snprintf(path, sizeof(path), "%s/detectd-report.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	if ((fd = mkstemp(path)) == -1 || unlink(path) == -1 ||
	    (fp = fdopen(fd, "w+")) == NULL) {
		log_warn("%s: %s", __func__, path);
		if (fd != -1)
			close(fd);
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		if (fwrite(buf, 1, n, fp) != n)
			break;
	if (ferror(stdin) || ferror(fp) || fflush(fp) == EOF) {
		log_warn("%s: standard input to %s", __func__, path);
		fclose(fp);
		return NULL;
	}
	rewind(fp);
	return fp;
}

/* Second pass: every line a record, counted whatever it holds. */
static void
rd_line(struct rdata *d, char *line, size_t len)
{
	struct rrec	 rr;
	char		*na;

	d->st->lines++;
	if (len + 64 > d->acap) {
		if ((na = realloc(d->arena, len * 2 + 64)) == NULL) {
			d->st->broken++;
			return;
		}
		d->arena = na;
		d->acap = len * 2 + 64;
	}
	if (rd_scan(d, &rr, line, len) == -1)
		d->st->broken++;
	else
		rd_record(d, &rr);
}

/*
 * Each line of fp to fn, in place in large reads (no copy per line),
 * without its end of line; the last one even without a newline.  -1,
 * logged, on a read error or when a line outgrows memory.
 */
static int
rd_each(struct rdata *d, FILE *fp, void (*fn)(struct rdata *, char *,
    size_t))
{
	size_t	 cap = 1 << 20, have = 0, n, len;
	char	*buf = malloc(cap), *p, *nl, *nb;

	while (buf != NULL && (n = fread(buf + have, 1, cap - have, fp)) > 0) {
		have += n;
		for (p = buf; (nl = memchr(p, '\n', have - (size_t)(p - buf)))
		    != NULL; p = nl + 1) {
			len = (size_t)(nl - p);
			if (len > 0 && p[len - 1] == '\r')
				len--;
			fn(d, p, len);
		}
		have -= (size_t)(p - buf);
		memmove(buf, p, have);
		if (have < cap)
			continue;
		/* A line longer than the buffer: a larger one. */
		if ((nb = realloc(buf, cap * 2)) == NULL)
			free(buf);
		buf = nb;
		cap *= 2;
	}
	if (buf != NULL && have > 0 && !ferror(fp))
		fn(d, buf, have - (buf[have - 1] == '\r'));
	free(buf);
	if (buf == NULL || ferror(fp)) {
		log_warn("%s: reading the alerts", __func__);
		return -1;
	}
	return 0;
}

int
rdata_read(struct rdata *d, const char *path)
{
	FILE	*fp;
	int	 rc;

	if ((d->byid = json_object()) == NULL ||
	    (d->alias = json_object()) == NULL)
		return -1;
	if (strcmp(path, "-") == 0)
		fp = rd_spool();
	else if ((fp = fopen(path, "r")) == NULL)
		log_warn("%s", path);
	if (fp == NULL)
		return -1;
	rc = rd_each(d, fp, rd_merges);
	rewind(fp);
	if (rc == 0)
		rc = rd_each(d, fp, rd_line);
	fclose(fp);
	d->st->incidents = d->n;
	return rc;
}

void
rdata_free(struct rdata *d)
{
	size_t		 i;
	struct rinc	*r;

	for (i = 0; i < d->n; i++) {
		r = d->v[i];
		free(r->id);
		json_decref(r->eps);
		json_decref(r->epidx);
		json_decref(r->users);
		json_decref(r->dests);
		json_decref(r->edges);
		json_decref(r->rules);
		json_decref(r->cms);
		json_decref(r->sources);
		json_decref(r->rows);
		free(r->marks);
		free(r);
	}
	free(d->v);
	free(d->seen);
	free(d->arena);
	json_decref(d->byid);
	json_decref(d->alias);
	memset(d, 0, sizeof(*d));
}
