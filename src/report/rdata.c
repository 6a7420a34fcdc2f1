/*
 * The report's reading of an alert file (rint.h): one JSON record per
 * line, grouped by incident.id, each incident summarised in bounded
 * sets, its alerts kept as marks on the timeline and, the first
 * REPORT_TABLE of them, as rows of the table.  Whatever a line holds,
 * it is counted and survived.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static json_t *
rd_get(json_t *o, const char *a, const char *b)
{
	return json_object_get(json_object_get(o, a), b);
}

static const char *
rd_str(json_t *o, const char *a, const char *b)
{
	return json_string_value(b == NULL ? json_object_get(o, a) :
	    rd_get(o, a, b));
}

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
	int	 lv = level_from_name(s);

	return lv > 0 ? lv : 0;
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

/* The endpoint's index, its times and stage brought up to date. */
static uint32_t
rd_endpoint(struct rinc *r, const char *name, int64_t t, int stage)
{
	json_t		*ix = json_object_get(r->epidx, name), *e;
	uint32_t	 i;

	if (ix == NULL) {
		i = (uint32_t)json_array_size(r->eps);
		json_array_append_new(r->eps, json_pack("{s:s,s:I,s:I,s:I,"
		    "s:i}", "name", name, "first", (json_int_t)t, "last",
		    (json_int_t)t, "count", (json_int_t)0, "stage", 0));
		json_object_set_new(r->epidx, name, json_integer(i));
	} else
		i = (uint32_t)json_integer_value(ix);
	e = json_array_get(r->eps, i);
	if (t < json_integer_value(json_object_get(e, "first")))
		json_object_set_new(e, "first", json_integer(t));
	if (t > json_integer_value(json_object_get(e, "last")))
		json_object_set_new(e, "last", json_integer(t));
	json_object_set_new(e, "count", json_integer(json_integer_value(
	    json_object_get(e, "count")) + 1));
	if (stage > json_integer_value(json_object_get(e, "stage")))
		json_object_set_new(e, "stage", json_integer(stage));
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
rd_outside(json_t *rec)
{
	const char	*s;

	if ((s = rd_str(rec, "destination", "domain")) != NULL ||
	    (s = rd_str(rec, "dns", NULL)) != NULL)
		return s;
	if ((s = json_string_value(rd_get(json_object_get(rec, "dns"),
	    "question", "name"))) != NULL)
		return s;
	if ((s = rd_str(rec, "destination", "ip")) != NULL && !rd_private(s))
		return s;
	return NULL;
}

/* An outside destination: a listed indicator, or where C2 went. */
static void
rd_dest(struct rinc *r, json_t *rec, const char *ep, int64_t t, int stage)
{
	const char	*type = json_string_value(rd_get(json_object_get(rec,
			    "threat"), "indicator", "type"));
	const char	*name = json_string_value(rd_get(json_object_get(rec,
			    "threat"), "indicator", "name"));
	json_t		*d;

	if (name == NULL || type == NULL || (strcmp(type, "domain-name") != 0 &&
	    strncmp(type, "ipv", 3) != 0 && strcmp(type, "url") != 0))
		name = stage >= 5 ? rd_outside(rec) : NULL;
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
	if (t < json_integer_value(json_object_get(d, "first")))
		json_object_set_new(d, "first", json_integer(t));
	if (t > json_integer_value(json_object_get(d, "last")))
		json_object_set_new(d, "last", json_integer(t));
	if (stage > json_integer_value(json_object_get(d, "stage")))
		json_object_set_new(d, "stage", json_integer(stage));
	json_object_set_new(d, "count", json_integer(json_integer_value(
	    json_object_get(d, "count")) + 1));
	rd_count(json_object_get(d, "from"), ep);
}

/* Propagation: each step of a composite path is an edge. */
static void
rd_edges(struct rinc *r, json_t *rec)
{
	json_t		*path = rd_get(json_object_get(rec, "incident"),
			    "composite", "path"), *a, *b;
	const char	*tech = json_string_value(json_array_get(rd_get(
			    json_object_get(rec, "threat"), "technique", "id"),
			    0));
	char		 key[512];
	size_t		 i;

	for (i = 1; i < json_array_size(path); i++) {
		a = json_array_get(path, i - 1);
		b = json_array_get(path, i);
		if (rd_str(a, "endpoint", NULL) == NULL ||
		    rd_str(b, "endpoint", NULL) == NULL)
			continue;
		snprintf(key, sizeof(key), "%s>%s", rd_str(a, "endpoint", NULL),
		    rd_str(b, "endpoint", NULL));
		if (json_object_get(r->edges, key) != NULL ||
		    json_object_size(r->edges) >= RINC_SET_MAX)
			continue;
		json_object_set_new(r->edges, key, json_pack("{s:s,s:s,s:s,"
		    "s:I}", "from", rd_str(a, "endpoint", NULL), "to",
		    rd_str(b, "endpoint", NULL), "technique", tech ? tech : "",
		    "at", (json_int_t)rdata_time(rd_str(b, "reached", NULL))));
	}
}

static void
rd_rule(struct rinc *r, json_t *rec, int64_t t, int stage)
{
	const char	*id = rd_str(rec, "rule", "id");
	json_t		*o;

	if (id == NULL)
		return;
	if ((o = json_object_get(r->rules, id)) == NULL) {
		if (json_object_size(r->rules) >= RINC_SET_MAX)
			return;
		o = json_pack("{s:s,s:s,s:I,s:i}", "name",
		    rd_str(rec, "rule", "name") ? rd_str(rec, "rule", "name") :
		    id, "reason", rd_str(rec, "incident", "reason") ?
		    rd_str(rec, "incident", "reason") : "", "count",
		    (json_int_t)0, "stage", stage);
		json_object_set_new(r->rules, id, o);
		json_object_set_new(o, "first", json_integer(t));
	}
	if (t < json_integer_value(json_object_get(o, "first")))
		json_object_set_new(o, "first", json_integer(t));
	json_object_set_new(o, "count", json_integer(json_integer_value(
	    json_object_get(o, "count")) + 1));
}

/*
 * A member of incident decoded only when it is wanted (rd_light): the
 * evidence lines and the countermeasures are most of a record's bytes.
 * A new reference, or NULL.
 */
static json_t *
rd_late(json_t *rec, const char *name)
{
	json_t		*in = json_object_get(rec, "incident"), *raw;
	char		 k[64];

	snprintf(k, sizeof(k), "%s@raw", name);
	if ((raw = json_object_get(in, k)) == NULL)
		return json_incref(json_object_get(in, name));
	return json_loadb(json_string_value(raw), json_string_length(raw),
	    JSON_ALLOW_NUL, NULL);
}

static void
rd_cms(struct rinc *r, json_t *rec)
{
	json_t		*v, *cms;
	size_t		 i;
	char		 key[768];

	if (json_object_size(r->cms) >= RINC_SET_MAX)
		return;
	cms = rd_late(rec, "countermeasures");
	json_array_foreach(cms, i, v) {
		if (rd_str(v, "target", NULL) == NULL ||
		    rd_str(v, "action", NULL) == NULL ||
		    json_object_size(r->cms) >= RINC_SET_MAX)
			continue;
		snprintf(key, sizeof(key), "%s %s %s", rd_str(v, "target",
		    NULL), rd_str(v, "action", NULL), rd_str(v, "object",
		    NULL) ? rd_str(v, "object", NULL) : "");
		if (json_object_get(r->cms, key) == NULL)
			json_object_set(r->cms, key, v);
	}
	json_decref(cms);
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

/* The table's row of a record: what it shows, bounded. */
static void
rd_row(struct rinc *r, json_t *rec, const char *ep, int64_t t, int stage)
{
	json_t	*row, *ev = json_array(), *v, *evs;
	size_t	 i;

	if (json_array_size(r->rows) >= REPORT_TABLE) {
		r->rows_left++;
		json_decref(ev);
		return;
	}
	evs = rd_late(rec, "evidence");
	json_array_foreach(evs, i, v) {
		const char *l = rd_str(v, "line", NULL);

		if (i >= RDATA_EVIDENCE || l == NULL)
			break;
		json_array_append_new(ev, json_stringn_nocheck(l,
		    rd_cut(l, RDATA_LINE_MAX)));
	}
	json_decref(evs);
	row = json_pack("{s:I,s:s,s:i,s:o}", "t", (json_int_t)t, "ep", ep,
	    "stage", stage, "evidence", ev);
	if (row == NULL)
		return;
	json_object_set(row, "rule", rd_get(rec, "rule", "id"));
	json_object_set(row, "name", rd_get(rec, "rule", "name"));
	json_object_set(row, "phen", rd_get(rec, "incident", "phenomenon"));
	json_object_set(row, "imp", rd_get(rec, "incident", "importance"));
	json_object_set(row, "user", rd_get(rec, "user", "name"));
	json_object_set(row, "dest", rd_get(rec, "incident", "destination"));
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
rd_merges(struct rdata *d, FILE *fp)
{
	char		*line = NULL;
	size_t		 cap = 0, i;
	ssize_t		 len;
	json_t		*rec, *in, *v;

	while ((len = getline(&line, &cap, fp)) != -1) {
		if (memmem(line, (size_t)len, "\"merged\"", 8) == NULL ||
		    (rec = json_loadb(line, (size_t)len, 0, NULL)) == NULL)
			continue;
		in = json_object_get(rec, "incident");
		json_array_foreach(json_object_get(in, "merged"), i, v)
			if (json_is_string(v) && rd_str(in, "id", NULL) !=
			    NULL && strcmp(json_string_value(v),
			    rd_str(in, "id", NULL)) != 0)
				json_object_set(d->alias, json_string_value(v),
				    json_object_get(in, "id"));
		json_decref(rec);
	}
	free(line);
}

/* Whether the raw key is one of names. */
static int
rd_key_in(struct slice key, const char *const *names, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (jscan_key_is(key, names[i]))
			return 1;
	return 0;
}

/* A value of the line decoded on its own (a string with its quotes). */
static json_t *
rd_decode(const struct jvalue *v)
{
	const char	*p = v->raw.p;
	size_t		 n = v->raw.len;

	if (v->type == JS_STRING) {
		p--;
		n += 2;
	}
	return json_loadb(p, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
}

static const char *const rd_top[] = {
	"@timestamp", "event", "rule", "user", "destination", "dns", "threat"
};
static const char *const rd_inc_keep[] = {
	"id", "merged", "attack_stage", "importance", "priority", "endpoint",
	"reason", "phenomenon", "destination"
};

/*
 * Of a big member, only the part read: composite.path and
 * discovered.where.log_source, as {"path": ...} and {"where": {...}}.
 */
static json_t *
rd_part(const struct jvalue *v, const char *dotted)
{
	struct jvalue	 in;
	const char	*leaf = strrchr(dotted, '.');
	json_t		*o, *x;

	if (v->type != JS_OBJECT || jscan_find(v->raw.p, v->raw.len, dotted,
	    strlen(dotted), &in) != 1 || (x = rd_decode(&in)) == NULL)
		return NULL;
	if (leaf == NULL)
		return json_pack("{s:o}", dotted, x);
	o = json_pack("{s:{s:o}}", "where", leaf + 1, x);
	return o;
}
static const char *const rd_inc_late[] = { "evidence", "countermeasures" };

/* incident's members the report reads; the big ones kept as text. */
static int
rd_light_incident(const struct jvalue *iv, json_t *out)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	char		 k[64];
	int		 r;

	if (jscan_enter(&js, iv) == -1)
		return -1;
	while ((r = jscan_next(&js, &key, &v)) == 1) {
		if (rd_key_in(key, rd_inc_keep, sizeof(rd_inc_keep) /
		    sizeof(*rd_inc_keep)))
			json_object_setn_new_nocheck(out, key.p, key.len,
			    rd_decode(&v));
		else if (jscan_key_is(key, "composite"))
			json_object_set_new(out, "composite", rd_part(&v,
			    "path"));
		else if (jscan_key_is(key, "discovered"))
			json_object_set_new(out, "discovered", rd_part(&v,
			    "where.log_source"));
		else if (rd_key_in(key, rd_inc_late, 2) && key.len < 40) {
			snprintf(k, sizeof(k), "%.*s@raw", (int)key.len, key.p);
			json_object_set_new(out, k, json_stringn_nocheck(
			    v.raw.p, v.raw.len));
		}
	}
	return r == -1 ? -1 : 0;
}

/*
 * The record of a line with only what the report reads, the rest
 * stepped over by the scanner: decoding whole records of kilobytes of
 * evidence would be most of the time.  NULL when the line is not a JSON
 * object; fields the report does not know are counted.
 */
static json_t *
rd_light(struct rdata *d, const char *line, size_t len)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	json_t		*rec, *in;
	int		 r;

	while (len > 0 && (*line == ' ' || *line == '\t'))
		line++, len--;
	if (len == 0 || *line != '{' || (rec = json_object()) == NULL)
		return NULL;
	jscan_init(&js, line, len);
	while ((r = jscan_next(&js, &key, &v)) == 1) {
		if (rd_key_in(key, rd_top, sizeof(rd_top) / sizeof(*rd_top)))
			json_object_setn_new_nocheck(rec, key.p, key.len,
			    rd_decode(&v));
		else if (jscan_key_is(key, "incident") && v.type == JS_OBJECT) {
			if ((in = json_object()) == NULL ||
			    json_object_set_new(rec, "incident", in) == -1 ||
			    rd_light_incident(&v, in) == -1)
				r = -1;
		} else if (!rd_key_in(key, rdata_known, sizeof(rdata_known) /
		    sizeof(*rdata_known)))
			d->st->unknown_fields++;
		if (r == -1)
			break;
	}
	if (r == -1 || !jscan_done(&js)) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

/* The endpoint's name: its key, else host, else address. */
static const char *
rd_epname(json_t *in)
{
	json_t		*e = json_object_get(in, "endpoint");
	const char	*s;

	if ((s = rd_str(e, "key", NULL)) != NULL ||
	    (s = rd_str(e, "host", NULL)) != NULL ||
	    (s = rd_str(e, "ip", NULL)) != NULL ||
	    (s = rd_str(e, "user", NULL)) != NULL)
		return s;
	return "-";
}

static void
rd_record(struct rdata *d, json_t *rec)
{
	json_t		*in = json_object_get(rec, "incident");
	const char	*eid = rd_str(rec, "event", "id"), *iid, *ep;
	struct rinc	*r;
	int64_t		 t;
	int		 stage, lv;

	if (!json_is_object(in) || eid == NULL) {
		d->st->not_alerts++;
		return;
	}
	d->st->records++;
	if ((iid = rd_str(in, "id", NULL)) == NULL || *iid == '\0')
		iid = "none";
	iid = rd_alias(d, iid);
	if ((r = rd_inc(d, iid)) == NULL)
		return;
	if ((t = rdata_time(rd_str(rec, "event", "end"))) == 0)
		t = rdata_time(rd_str(rec, "@timestamp", NULL));
	stage = (int)json_integer_value(rd_get(in, "attack_stage", "number"));
	ep = rd_epname(in);
	/* A record without a time counts, and is not placed in time. */
	if (t != 0 && (r->first == 0 || t < r->first))
		r->first = t;
	if (t > r->last)
		r->last = t;
	if (stage > r->stage && stage <= 6)
		r->stage = stage;
	if ((lv = rd_level(rd_str(in, "importance", NULL))) > r->importance)
		r->importance = lv;
	if ((lv = rd_level(rd_str(in, "priority", NULL))) > r->priority)
		r->priority = lv;
	rd_edges(r, rec);
	if (rd_seen(d, eid)) {
		d->st->revisions++;
		return;
	}
	r->alerts++;
	rd_mark(r, t, rd_endpoint(r, ep, t, stage), stage);
	rd_count(r->users, rd_str(rec, "user", "name"));
	rd_count(r->sources, json_string_value(rd_get(json_object_get(in,
	    "discovered"), "where", "log_source")));
	rd_dest(r, rec, ep, t, stage);
	rd_rule(r, rec, t, stage);
	rd_cms(r, rec);
	rd_row(r, rec, ep, t, stage);
}

int
rdata_read(struct rdata *d, const char *path)
{
	FILE	*fp = stdin;
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 len;
	json_t	*rec;

	if ((d->byid = json_object()) == NULL ||
	    (d->alias = json_object()) == NULL)
		return -1;
	if (strcmp(path, "-") != 0 && (fp = fopen(path, "r")) == NULL) {
		log_warn("%s", path);
		return -1;
	}
	/* Standard input is read once: merges are not followed there. */
	if (fp != stdin) {
		rd_merges(d, fp);
		rewind(fp);
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		d->st->lines++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			len--;
		rec = rd_light(d, line, (size_t)len);
		if (!json_is_object(rec))
			d->st->broken++;
		else
			rd_record(d, rec);
		json_decref(rec);
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	d->st->incidents = d->n;
	return 0;
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
	json_decref(d->byid);
	json_decref(d->alias);
	memset(d, 0, sizeof(*d));
}
