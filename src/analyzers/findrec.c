/*
 * Finding records (findrec.h): one JSON object each way.  The event's
 * fields go by a table of names and offsets into struct logevent, so
 * that carrying one more is one row.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/findrec.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "util/log.h"

/* The event's text fields a record carries, by their ECS-like names. */
static const struct {
	const char	*name;
	size_t		 off;
} findrec_fields[] = {
	{ "source.ip", offsetof(struct logevent, src_ip) },
	{ "source.host", offsetof(struct logevent, src_host) },
	{ "host.name", offsetof(struct logevent, host_name) },
	{ "user.name", offsetof(struct logevent, user) },
	{ "user.target", offsetof(struct logevent, target_user) },
	{ "destination.ip", offsetof(struct logevent, dst_ip) },
	{ "destination.domain", offsetof(struct logevent, dst_domain) },
	{ "dns.question.name", offsetof(struct logevent, dns_query) },
	{ "url.original", offsetof(struct logevent, url) },
	{ "url.path", offsetof(struct logevent, url_path) },
	{ "http.request.method", offsetof(struct logevent, method) },
	{ "user_agent.original", offsetof(struct logevent, user_agent) },
	{ "process.executable", offsetof(struct logevent, process_image) },
	{ "process.command_line", offsetof(struct logevent, command_line) },
	{ "file.hash", offsetof(struct logevent, hashes) },
	{ "network.action", offsetof(struct logevent, action) },
};

#define FINDREC_NFIELDS	(sizeof(findrec_fields) / sizeof(findrec_fields[0]))

static struct slice *
findrec_slice(struct logevent *ev, size_t i)
{
	return (struct slice *)(void *)((char *)ev + findrec_fields[i].off);
}

static int
findrec_set_str(json_t *o, const char *k, const char *v)
{
	if (v == NULL || *v == '\0')
		return 0;
	return json_object_set_new(o, k, json_string(v));
}

json_t *
findrec_event(const struct logevent *ev)
{
	json_t		*o;
	struct slice	 s;
	size_t		 i;

	if ((o = json_pack("{s:I,s:s,s:s,s:I,s:s%}", "time",
	    (json_int_t)ev->time_ms, "source", source_kind_name(ev->source),
	    "file", ev->file != NULL ? ev->file : "-", "offset",
	    (json_int_t)ev->offset, "line", ev->raw.p != NULL ? ev->raw.p : "",
	    ev->raw.len)) == NULL)
		return NULL;
	for (i = 0; i < FINDREC_NFIELDS; i++) {
		s = *findrec_slice((struct logevent *)(uintptr_t)ev, i);
		if (s.len > 0 && json_object_set_new(o, findrec_fields[i].name,
		    json_stringn(s.p, s.len)) == -1)
			goto fail;
	}
	if (ev->dst_port >= 0 && json_object_set_new(o, "destination.port",
	    json_integer(ev->dst_port)) == -1)
		goto fail;
	if (ev->win_event_id >= 0 && json_object_set_new(o, "winlog.event_id",
	    json_integer(ev->win_event_id)) == -1)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

json_t *
findrec_encode(const struct finding *f, const char *alert_id, int promoted,
    const struct endpoint_id *ep)
{
	json_t	*fo, *ind, *epo, *evo;

	if ((ind = json_object()) == NULL)
		return NULL;
	if (findrec_set_str(ind, "value", f->ind.value) == -1 ||
	    findrec_set_str(ind, "type", f->ind.type) == -1 ||
	    findrec_set_str(ind, "list", f->ind.list) == -1 ||
	    findrec_set_str(ind, "matched", f->ind.matched) == -1 ||
	    (epo = findrec_endpoint_json(ep)) == NULL) {
		json_decref(ind);
		return NULL;
	}
	if ((evo = findrec_event(f->ev)) == NULL) {
		json_decref(ind);
		json_decref(epo);
		return NULL;
	}
	fo = json_pack("{s:s,s:s,s:b,s:I,s:I,s:I,s:f,s:o,s:o,s:o}",
	    "rule", f->rule->id, "alert_id", alert_id != NULL ? alert_id : "",
	    "promoted", promoted != 0, "first", (json_int_t)f->first_ms,
	    "last", (json_int_t)f->last_ms, "count", (json_int_t)f->count,
	    "score", f->score, "indicator", ind, "endpoint", epo,
	    "event", evo);
	return fo == NULL ? NULL : json_pack("{s:o}", "finding", fo);
}

void
findrec_clear(struct findrec *fr)
{
	json_decref(fr->root);
	fr->root = NULL;
	logevent_free(&fr->ev);
}

static const char *
findrec_str(json_t *o, const char *k)
{
	const char	*s = json_string_value(json_object_get(o, k));

	return s != NULL && *s != '\0' ? s : NULL;
}

static int64_t
findrec_int(json_t *o, const char *k, int64_t def)
{
	json_t	*v = json_object_get(o, k);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

static void
findrec_copy(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s != NULL ? s : "");
}

int
findrec_endpoint(struct endpoint_id *ep, json_t *o)
{
	memset(ep, 0, sizeof(*ep));
	if (findrec_str(o, "key") == NULL)
		return -1;
	findrec_copy(ep->key, sizeof(ep->key), findrec_str(o, "key"));
	findrec_copy(ep->ip, sizeof(ep->ip), findrec_str(o, "ip"));
	findrec_copy(ep->host, sizeof(ep->host), findrec_str(o, "host"));
	findrec_copy(ep->user, sizeof(ep->user), findrec_str(o, "user"));
	return 0;
}

json_t *
findrec_endpoint_json(const struct endpoint_id *ep)
{
	return json_pack("{s:s,s:s,s:s,s:s}", "key", ep->key, "ip", ep->ip,
	    "host", ep->host, "user", ep->user);
}

/* The event back: fields are slices of the record's strings. */
void
findrec_event_back(struct logevent *ev, json_t *o)
{
	json_t		*v;
	const char	*s;
	size_t		 i;
	int		 k;

	ev->time_ms = findrec_int(o, "time", 0);
	ev->source = SRC_UNKNOWN;
	if ((s = findrec_str(o, "source")) != NULL)
		for (k = 0; k < SRC_MAX; k++)
			if (strcmp(source_kind_name((enum source_kind)k),
			    s) == 0)
				ev->source = (enum source_kind)k;
	ev->file = (s = findrec_str(o, "file")) != NULL ? s : "-";
	ev->offset = (uint64_t)findrec_int(o, "offset", 0);
	if ((v = json_object_get(o, "line")) != NULL && json_is_string(v)) {
		ev->raw.p = json_string_value(v);
		ev->raw.len = json_string_length(v);
	}
	for (i = 0; i < FINDREC_NFIELDS; i++)
		if ((v = json_object_get(o, findrec_fields[i].name)) != NULL &&
		    json_is_string(v)) {
			findrec_slice(ev, i)->p = json_string_value(v);
			findrec_slice(ev, i)->len = json_string_length(v);
		}
	ev->dst_port = (int32_t)findrec_int(o, "destination.port", -1);
	ev->win_event_id = (int32_t)findrec_int(o, "winlog.event_id", -1);
}

int
findrec_decode(struct findrec *fr, const struct ruleset *rs,
    const char *line, size_t len, const char **err)
{
	findrec_clear(fr);
	if ((fr->root = json_loadb(line, len, 0, NULL)) == NULL) {
		memset(&fr->f, 0, sizeof(fr->f));
		*err = "not JSON";
		return -1;
	}
	return findrec_decode_object(fr, rs,
	    json_object_get(fr->root, "finding"), err);
}

int
findrec_decode_object(struct findrec *fr, const struct ruleset *rs,
    json_t *o, const char **err)
{
	json_t		*ind, *epo;
	const char	*rid;

	memset(&fr->f, 0, sizeof(fr->f));
	memset(&fr->ep, 0, sizeof(fr->ep));
	logevent_reset(&fr->ev);
	if (!json_is_object(o) || !json_is_object(json_object_get(o, "event"))) {
		*err = "not a finding record";
		return -1;
	}
	if ((rid = findrec_str(o, "rule")) == NULL ||
	    (fr->f.rule = ruleset_rule(rs, rid)) == NULL) {
		*err = "finding of a rule this rule set does not have";
		return -1;
	}
	epo = json_object_get(o, "endpoint");
	if (findrec_endpoint(&fr->ep, epo) == -1) {
		*err = "finding without an endpoint";
		return -1;
	}
	findrec_copy(fr->id, sizeof(fr->id), findrec_str(o, "alert_id"));
	fr->promoted = json_is_true(json_object_get(o, "promoted"));
	findrec_event_back(&fr->ev, json_object_get(o, "event"));
	fr->f.ev = &fr->ev;
	fr->f.first_ms = findrec_int(o, "first", fr->ev.time_ms);
	fr->f.last_ms = findrec_int(o, "last", fr->ev.time_ms);
	fr->f.count = (uint64_t)findrec_int(o, "count", 1);
	fr->f.score = json_number_value(json_object_get(o, "score"));
	ind = json_object_get(o, "indicator");
	fr->f.ind.value = findrec_str(ind, "value");
	fr->f.ind.type = findrec_str(ind, "type");
	fr->f.ind.list = findrec_str(ind, "list");
	fr->f.ind.matched = findrec_str(ind, "matched");
	return 0;
}
