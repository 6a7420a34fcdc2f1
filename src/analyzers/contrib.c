/*
 * Contribution records (contrib.h): one JSON object each way.  The
 * event, the endpoints and a finding are laid out as in finding records
 * (findrec.c), which encodes and decodes them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "analyzers/contrib.h"
#include "rules/rule.h"
#include "rules/ruleset.h"

static const char *const contrib_types[] = { "finding", "event", "reach" };

const char *
contrib_type_name(enum contrib_type t)
{
	return (size_t)t < sizeof(contrib_types) / sizeof(contrib_types[0]) ?
	    contrib_types[t] : NULL;
}

/* The finding object of a finding record: what a "finding" carries. */
static json_t *
contrib_finding(const struct contrib *c)
{
	json_t	*rec, *fo;

	if (c->f == NULL || c->f->ev == NULL ||
	    (rec = findrec_encode(c->f, c->alert_id, c->promoted,
	    &c->ep)) == NULL)
		return NULL;
	fo = json_incref(json_object_get(rec, "finding"));
	json_decref(rec);
	return fo;
}

json_t *
contrib_encode(const struct contrib *c)
{
	json_t	*o;

	if (c->rule == NULL || contrib_type_name(c->type) == NULL ||
	    (o = json_pack("{s:i,s:s,s:s,s:s}", "version", CONTRIB_VERSION,
	    "rule", c->rule->id, "type", contrib_type_name(c->type),
	    "group", c->group != NULL ? c->group : "")) == NULL)
		return NULL;
	if (c->type == CONTRIB_FINDING) {
		if (json_object_set_new(o, "finding", contrib_finding(c)) == -1)
			goto fail;
	} else if (c->ev == NULL ||
	    json_object_set_new(o, "endpoint",
	    findrec_endpoint_json(&c->ep)) == -1 ||
	    (c->type == CONTRIB_REACH && json_object_set_new(o, "to",
	    findrec_endpoint_json(&c->to)) == -1) ||
	    json_object_set_new(o, "event", findrec_event(c->ev)) == -1)
		goto fail;
	return json_pack("{s:o}", "contribution", o);
fail:
	json_decref(o);
	return NULL;
}

void
contrib_clear(struct contrib *c)
{
	findrec_clear(&c->fr);
	logevent_free(&c->evs);
	json_decref(c->root);
	c->root = NULL;
}

static int
contrib_type_of(const char *s, enum contrib_type *t)
{
	size_t	 i;

	for (i = 0; s != NULL && i < sizeof(contrib_types) /
	    sizeof(contrib_types[0]); i++)
		if (strcmp(s, contrib_types[i]) == 0) {
			*t = (enum contrib_type)i;
			return 0;
		}
	return -1;
}

/* An event or a reach: its endpoints and line. */
static int
contrib_decode_event(struct contrib *c, json_t *o, const char **err)
{
	json_t	*evo = json_object_get(o, "event");

	if (!json_is_object(evo)) {
		*err = "contribution without an event";
		return -1;
	}
	if (findrec_endpoint(&c->ep, json_object_get(o, "endpoint")) == -1 ||
	    (c->type == CONTRIB_REACH &&
	    findrec_endpoint(&c->to, json_object_get(o, "to")) == -1)) {
		*err = "contribution without its endpoints";
		return -1;
	}
	findrec_event_back(&c->evs, evo);
	c->ev = &c->evs;
	return 0;
}

/* A finding: as a finding record's, which c->fr holds. */
static int
contrib_decode_finding(struct contrib *c, const struct ruleset *rs,
    json_t *o, const char **err)
{
	if (findrec_decode_object(&c->fr, rs, json_object_get(o, "finding"),
	    err) == -1)
		return -1;
	c->f = &c->fr.f;
	c->ev = &c->fr.ev;
	c->ep = c->fr.ep;
	c->alert_id = c->fr.id;
	c->promoted = c->fr.promoted;
	return 0;
}

int
contrib_decode(struct contrib *c, const struct ruleset *rs,
    const char *line, size_t len, const char **err)
{
	json_t		*o;
	const char	*rid;

	contrib_clear(c);
	memset(c, 0, offsetof(struct contrib, fr));
	logevent_reset(&c->evs);
	if ((c->root = json_loadb(line, len, 0, NULL)) == NULL) {
		*err = "not JSON";
		return -1;
	}
	if (!json_is_object(o = json_object_get(c->root, "contribution")) ||
	    contrib_type_of(json_string_value(json_object_get(o, "type")),
	    &c->type) == -1) {
		*err = "not a contribution record";
		return -1;
	}
	if (!json_is_integer(json_object_get(o, "version")) ||
	    json_integer_value(json_object_get(o, "version")) !=
	    CONTRIB_VERSION) {
		*err = "contribution record of another version";
		return -1;
	}
	if ((rid = json_string_value(json_object_get(o, "rule"))) == NULL ||
	    (c->rule = ruleset_rule(rs, rid)) == NULL) {
		*err = "contribution to a rule this rule set does not have";
		return -1;
	}
	c->group = json_string_value(json_object_get(o, "group"));
	if (c->type == CONTRIB_FINDING)
		return contrib_decode_finding(c, rs, o, err);
	return contrib_decode_event(c, o, err);
}
