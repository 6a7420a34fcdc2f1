/*
 * The composite parts of an alert record, and the evidence lines the
 * composite analyzer keeps for them.  Lines live in a ring of
 * COMP_EVIDENCE entries: a contribution older than that many kept lines
 * is still listed in incident.composite.contributors, without its line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyzers/compint.h"
#include "util/log.h"
#include "event/logevent.h"
#include "rules/rule.h"
#include "util/timeutil.h"

#define COMPALERT_EVIDENCE_MAX	32	/* evidence entries in a record */

int
compalert_store_new(struct comp_evstore *s)
{
	s->next = 0;
	if ((s->ring = calloc(COMP_EVIDENCE, sizeof(*s->ring))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

void
compalert_store_free(struct comp_evstore *s)
{
	free(s->ring);
	s->ring = NULL;
}

/* Bytes of valid UTF-8 at the start of p, up to max; others become '?'. */
static size_t
ca_copy_text(char *dst, const char *p, size_t len)
{
	const unsigned char	*s = (const unsigned char *)p;
	size_t			 i = 0, k, need;
	uint64_t		 w;

	while (i < len) {
		/* Most lines are ASCII: copy a run of it at once. */
		for (k = i; k + 8 <= len; k += 8) {
			memcpy(&w, s + k, 8);
			if (w & 0x8080808080808080ULL)
				break;
		}
		while (k < len && s[k] < 0x80)
			k++;
		if (k > i) {
			memcpy(dst + i, s + i, k - i);
			i = k;
			continue;
		}
		need = s[i] < 0x80 ? 0 : s[i] >= 0xc2 && s[i] <= 0xdf ? 1 :
		    s[i] >= 0xe0 && s[i] <= 0xef ? 2 :
		    s[i] >= 0xf0 && s[i] <= 0xf4 ? 3 : 4;
		for (k = 1; need < 4 && k <= need; k++)
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				need = 4;
		if (need == 4 || (need == 2 && s[i] == 0xe0 && s[i + 1] < 0xa0) ||
		    (need == 2 && s[i] == 0xed && s[i + 1] > 0x9f) ||
		    (need == 3 && s[i] == 0xf0 && s[i + 1] < 0x90) ||
		    (need == 3 && s[i] == 0xf4 && s[i + 1] > 0x8f)) {
			dst[i++] = '?';
			continue;
		}
		memcpy(dst + i, s + i, need + 1);
		i += need + 1;
	}
	return i;
}

uint64_t
compalert_keep(struct comp_evstore *s, const struct logevent *ev)
{
	struct comp_ev	*e;
	size_t		 n;

	if (s->ring == NULL || ev == NULL)
		return 0;
	e = &s->ring[s->next % COMP_EVIDENCE];
	e->seq = s->next++;
	e->t = ev->time_ms;
	e->offset = ev->offset;
	e->source = (uint8_t)ev->source;
	/* Bounded copy; snprintf costs more than the rest for every line. */
	n = ev->file != NULL ? strnlen(ev->file, sizeof(e->file) - 1) : 0;
	memcpy(e->file, ev->file != NULL ? ev->file : "", n);
	e->file[n] = '\0';
	n = ev->raw.len;
	e->cut = n > COMP_LINE;
	if (n > COMP_LINE)
		n = COMP_LINE;
	/* Cut back to a character boundary. */
	while (e->cut && n > 0 && ((unsigned char)ev->raw.p[n] & 0xc0) == 0x80)
		n--;
	e->len = (uint16_t)(n > 0 ? ca_copy_text(e->line, ev->raw.p, n) : 0);
	return e->seq + 1;
}

uint64_t
compalert_keep_copy(struct comp_evstore *s, const struct comp_ev *from)
{
	struct comp_ev	*e;

	if (s->ring == NULL)
		return 0;
	e = &s->ring[s->next % COMP_EVIDENCE];
	*e = *from;
	e->seq = s->next++;
	return e->seq + 1;
}

const struct comp_ev *
compalert_find(const struct comp_evstore *s, uint64_t ref)
{
	const struct comp_ev	*e;

	if (ref == 0 || s->ring == NULL)
		return NULL;
	e = &s->ring[(ref - 1) % COMP_EVIDENCE];
	return e->seq == ref - 1 ? e : NULL;
}

static void
ca_set(json_t *o, const char *k, json_t *v)
{
	if (o != NULL && v != NULL)
		json_object_set_new(o, k, v);
	else
		json_decref(v);
}

static json_t *
ca_time(int64_t ms)
{
	char	 buf[TIME_RFC3339_LEN];

	if (ms <= 0 || time_format_rfc3339(ms, buf, sizeof(buf)) < 0)
		return NULL;
	return json_string(buf);
}

static int
ca_has_id(const uint8_t id[16])
{
	size_t	 i;

	for (i = 0; i < 16; i++)
		if (id[i] != 0)
			return 1;
	return 0;
}

static json_t *
ca_uuid(const uint8_t u[16])
{
	char	 s[37];

	snprintf(s, sizeof(s), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
	    u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
	return json_string(s);
}

static json_t *
ca_related(const struct comp_out *o)
{
	json_t	*a = json_array();
	size_t	 i, j;

	for (i = 0; i < o->nc; i++) {
		if (!ca_has_id(o->c[i].id))
			continue;
		for (j = 0; j < i; j++)
			if (memcmp(o->c[j].id, o->c[i].id, 16) == 0)
				break;
		if (j == i)
			json_array_append_new(a, ca_uuid(o->c[i].id));
	}
	return a;
}

static json_t *
ca_evidence_one(const struct comp_ev *e)
{
	json_t	*o = json_object();

	ca_set(o, "time", ca_time(e->t));
	ca_set(o, "source", json_string(source_kind_name(e->source)));
	if (e->file[0] != '\0')
		ca_set(o, "file", json_string(e->file));
	ca_set(o, "offset", json_integer((json_int_t)(e->offset & INT64_MAX)));
	ca_set(o, "line", json_stringn(e->line, e->len));
	if (e->cut)
		ca_set(o, "truncated", json_true());
	return o;
}

/* The contributions' lines in time order; NULL when none is kept. */
static json_t *
ca_evidence(const struct comp_out *o, const struct comp_evstore *s)
{
	const struct comp_ev	*e;
	json_t			*a = json_array();
	size_t			 i, j;

	for (i = 0; i < o->nc && json_array_size(a) <
	    COMPALERT_EVIDENCE_MAX; i++) {
		if ((e = compalert_find(s, o->c[i].evref)) == NULL)
			continue;
		for (j = 0; j < i; j++)
			if (o->c[j].evref == o->c[i].evref)
				break;
		if (j == i)
			json_array_append_new(a, ca_evidence_one(e));
	}
	if (json_array_size(a) == 0) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static const char *const ca_what[] = { "finding", "event", "reach" };

static json_t *
ca_contributor(const struct comp_contrib *x)
{
	json_t	*o = json_object();

	ca_set(o, "time", ca_time(x->t));
	ca_set(o, "type", json_string(ca_what[x->what]));
	ca_set(o, "rule", json_string(x->rule));
	ca_set(o, "endpoint", json_string(x->ep));
	if (x->what == CW_REACH)
		ca_set(o, "to", json_string(x->to));
	if (x->what == CW_FINDING) {
		if (ca_has_id(x->id))
			ca_set(o, "alert_id", ca_uuid(x->id));
		ca_set(o, "alerted", json_boolean(x->promoted));
		if (stage_key(x->stage) != NULL)
			ca_set(o, "stage", json_string(stage_key(x->stage)));
		if (viewpoint_name(x->vp) != NULL)
			ca_set(o, "viewpoint", json_string(
			    viewpoint_name(x->vp)));
	}
	return o;
}

static json_t *
ca_path(const struct comp_out *o)
{
	const struct comp_hop	*h;
	json_t			*a = json_array(), *x, *f;
	size_t			 i;

	for (i = 0; i < o->path.n; i++) {
		h = &o->path.hop[i];
		x = json_object();
		ca_set(x, "endpoint", json_string(h->key));
		if (i > 0)
			ca_set(x, "reached", ca_time(h->reached));
		f = json_object();
		ca_set(f, "time", ca_time(h->f.t));
		if (ca_has_id(h->f.id))
			ca_set(f, "alert_id", ca_uuid(h->f.id));
		ca_set(x, "finding", f);
		json_array_append_new(a, x);
	}
	return a;
}

static json_t *
ca_composite(const struct comp_out *o)
{
	json_t	*c = json_object(), *a;
	size_t	 i;

	ca_set(c, "kind", json_string(comprule_kind_name(o->p->kind)));
	ca_set(c, "scope", json_string(o->nep >= 2 ? "segment" :
	    "endpoint"));
	ca_set(c, "group", json_string(o->group));
	ca_set(c, "window", json_integer(o->p->window_ms / 1000));
	ca_set(c, "summary", json_string(o->summary));
	a = json_array();
	for (i = 0; i < o->nep; i++)
		json_array_append_new(a, json_string(o->eps[i]));
	ca_set(c, "endpoints", a);
	a = json_array();
	for (i = 0; i < o->nc; i++)
		json_array_append_new(a, ca_contributor(&o->c[i]));
	ca_set(c, "contributors", a);
	if (o->path.n > 0)
		ca_set(c, "path", ca_path(o));
	return c;
}

static void
ca_cm_add(json_t *arr, enum cm_target t, const char *action,
    const char *object)
{
	json_t		*o, *v;
	const char	*desc = cm_action_description(t, action);
	size_t		 i;

	json_array_foreach(arr, i, v) {
		if (strcmp(json_string_value(json_object_get(v, "action")) ?
		    json_string_value(json_object_get(v, "action")) : "",
		    action) == 0 && object != NULL &&
		    json_string_value(json_object_get(v, "object")) != NULL &&
		    strcmp(json_string_value(json_object_get(v, "object")),
		    object) == 0)
			return;
	}
	o = json_object();
	ca_set(o, "target", json_string(cm_target_name(t)));
	ca_set(o, "action", json_string(action));
	ca_set(o, "description", json_string(desc != NULL ? desc : action));
	if (object != NULL && *object != '\0')
		ca_set(o, "object", json_string(object));
	json_array_append_new(arr, o);
}

/*
 * Scope widens the countermeasures: every endpoint involved is isolated,
 * a shared domain is sinkholed, and at three endpoints or more the
 * segment is cut.
 */
static void
ca_countermeasures(const struct comp_out *o, json_t *inc)
{
	json_t	*arr = json_object_get(inc, "countermeasures");
	char	 list[512];
	size_t	 i, n = 0;

	if (arr == NULL || o->nep < 2)
		return;
	list[0] = '\0';
	for (i = 0; i < o->nep; i++) {
		ca_cm_add(arr, CM_ENDPOINT, "isolate", o->eps[i]);
		if (n < sizeof(list))
			n += (size_t)snprintf(list + n, sizeof(list) - n,
			    "%s%s", i > 0 ? ", " : "", o->eps[i]);
	}
	if (o->p->kind == CK_SPREAD && o->p->group != CG_USER &&
	    strchr(o->group, '.') != NULL && strspn(o->group,
	    "0123456789.:") != strlen(o->group))
		ca_cm_add(arr, CM_SEGMENT, "dns-sinkhole", o->group);
	if (o->p->kind == CK_SPREAD && o->p->group == CG_USER)
		ca_cm_add(arr, CM_ACCOUNT, "disable-account", o->group);
	if (o->nep >= 3)
		ca_cm_add(arr, CM_SEGMENT, "cut-segment", list);
}

void
compalert_endpoint(const struct endpoint_id *ep, json_t *rec, int replace)
{
	json_t	*inc = json_object_get(rec, "incident"), *o;

	if (inc == NULL)
		return;
	if (replace || (o = json_object_get(inc, "endpoint")) == NULL) {
		o = json_object();
		ca_set(inc, "endpoint", o);
	}
	if (ep->key[0] != '\0')
		ca_set(o, "key", json_string(ep->key));
	if (ep->ip[0] != '\0' && json_object_get(o, "ip") == NULL)
		ca_set(o, "ip", json_string(ep->ip));
	if (ep->host[0] != '\0' && json_object_get(o, "host") == NULL)
		ca_set(o, "host", json_string(ep->host));
	if (ep->user[0] != '\0' && json_object_get(o, "user") == NULL)
		ca_set(o, "user", json_stringn(ep->user, strlen(ep->user)));
	if (ep->mac[0] != '\0' && json_object_get(o, "mac") == NULL)
		ca_set(o, "mac", json_string(ep->mac));
}

void
compalert_annotate(const struct comp_out *o, const struct comp_evstore *s,
    json_t *rec)
{
	json_t	*inc = json_object_get(rec, "incident"), *ev;

	if (inc == NULL)
		return;
	ca_set(json_object_get(rec, "event"), "id", json_string(o->id));
	ca_set(inc, "revision", json_integer(o->revision));
	ca_set(inc, "related_alerts", ca_related(o));
	if ((ev = ca_evidence(o, s)) != NULL)
		ca_set(inc, "evidence", ev);
	ca_set(inc, "composite", ca_composite(o));
	if (o->r->phenomenon == NULL || *o->r->phenomenon == '\0')
		ca_set(inc, "phenomenon", json_string(o->summary));
	if (o->main.key[0] != '\0')
		compalert_endpoint(&o->main, rec, 1);
	ca_countermeasures(o, inc);
}
