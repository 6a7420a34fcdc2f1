/*
 * The thehive payload: a TheHive 5 alert (API v1, POST /api/v1/alert).
 *
 *	type		the alert-type option, default "detectd"
 *	source		the source option, else observer.hostname
 *	sourceRef	event.id (TheHive keeps type+source+sourceRef
 *			unique, the same key detectd dedups on)
 *	title		"[importance] rule name: endpoint -> destination"
 *	description	Markdown: phenomenon, reason, relevance, first
 *			action, a table of the phase-A fields,
 *			countermeasures and evidence lines
 *	severity	incident.ticket_severity, 1 low .. 4 critical
 *	date		@timestamp, ms since the epoch
 *	tags		"detectd", the techniques, "stage:KEY",
 *			"viewpoint:NAME", "rule:ID"
 *	observables	{dataType, data, message, ioc}: the indicator (ioc),
 *			the endpoint's ip, hostname and user, destination
 *			ip, domain and url
 *
 * A revision (incident.revision > 1) of an event.id TheHive already
 * took is the same alert brought up to date: PATCH /api/v1/alert/ID
 * with title, description, severity, tags and lastSyncDate, ID being the
 * "_id" TheHive answered the create with.  The map event.id -> _id is a
 * file beside the spool (one "event.id _id" a line, appended as TheHive
 * answers), so it outlives restarts; it keeps the last HIVE_IDS_MAX.  A
 * revision whose first record TheHive never took (set aside, or older
 * than the map) is created whole instead.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/log.h"
#include "output/payload_int.h"

#define HIVE_IDS_MAX	16384
#define HIVE_ID_LEN	64

struct hive_id {
	char	 eid[HIVE_ID_LEN];
	char	 hid[HIVE_ID_LEN];
};

struct hive_ids {
	char		*file;
	struct hive_id	*v;		/* a ring, the newest at next - 1 */
	size_t		 n;
	size_t		 next;
};

static void
hive_ids_put(struct hive_ids *m, const char *eid, const char *hid)
{
	snprintf(m->v[m->next].eid, HIVE_ID_LEN, "%s", eid);
	snprintf(m->v[m->next].hid, HIVE_ID_LEN, "%s", hid);
	m->next = (m->next + 1) % HIVE_IDS_MAX;
	if (m->n < HIVE_IDS_MAX)
		m->n++;
}

static const char *
hive_ids_get(const struct hive_ids *m, const char *eid)
{
	size_t	 i, at;

	for (i = 1; i <= m->n; i++) {
		at = (m->next + HIVE_IDS_MAX - i) % HIVE_IDS_MAX;
		if (strcmp(m->v[at].eid, eid) == 0)
			return m->v[at].hid;
	}
	return NULL;
}

struct hive_ids *
hive_ids_open(const char *file, char *err, size_t errlen)
{
	struct hive_ids	*m;
	char		 eid[HIVE_ID_LEN], hid[HIVE_ID_LEN], line[256];
	FILE		*f;

	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->v = calloc(HIVE_IDS_MAX, sizeof(*m->v))) == NULL ||
	    (m->file = strdup(file)) == NULL) {
		snprintf(err, errlen, "out of memory");
		hive_ids_free(m);
		return NULL;
	}
	if ((f = fopen(file, "re")) == NULL) {
		if (errno == ENOENT)
			return m;
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		hive_ids_free(m);
		return NULL;
	}
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%63s %63s", eid, hid) == 2)
			hive_ids_put(m, eid, hid);
	fclose(f);
	return m;
}

void
hive_ids_free(struct hive_ids *m)
{
	if (m == NULL)
		return;
	free(m->file);
	free(m->v);
	free(m);
}

/* An id as TheHive writes them ("~4160"): safe in a url path. */
static int
hive_id_ok(const char *s)
{
	if (*s == '\0' || strlen(s) >= HIVE_ID_LEN)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '~' || *s == '-' ||
		    *s == '_'))
			return 0;
	return 1;
}

void
thehive_taken(struct payload *p, const json_t *rec, const char *answer,
    size_t alen)
{
	const char	*eid = payload_str(rec, "event.id"), *hid;
	json_t		*a;
	FILE		*f;

	if (eid == NULL || strlen(eid) >= HIVE_ID_LEN ||
	    (a = json_loadb(answer, alen, 0, NULL)) == NULL)
		return;
	hid = json_string_value(json_object_get(a, "_id"));
	if (hid != NULL && hive_id_ok(hid) &&
	    hive_ids_get(p->ids, eid) == NULL) {
		hive_ids_put(p->ids, eid, hid);
		if ((f = fopen(p->ids->file, "ae")) == NULL ||
		    fprintf(f, "%s %s\n", eid, hid) < 0 || fclose(f) != 0)
			log_warn("thehive: %s", p->ids->file);
	}
	json_decref(a);
}

static void
hive_tag(json_t *tags, const char *pre, const char *s)
{
	char	 buf[256];

	if (s == NULL)
		return;
	snprintf(buf, sizeof(buf), "%s%s", pre, s);
	json_array_append_new(tags, json_string(buf));
}

static json_t *
hive_tags(const json_t *rec)
{
	json_t	*tags = json_array(), *v;
	size_t	 i;

	if (tags == NULL)
		return NULL;
	hive_tag(tags, "", "detectd");
	json_array_foreach(payload_get(rec, "incident.techniques"), i, v)
		hive_tag(tags, "", json_string_value(v));
	hive_tag(tags, "stage:", payload_str(rec, "incident.attack_stage.key"));
	hive_tag(tags, "viewpoint:", payload_str(rec,
	    "incident.viewpoint.name"));
	hive_tag(tags, "rule:", payload_str(rec, "rule.id"));
	return tags;
}

/* detectd's indicator types, ECS names, to TheHive's data types. */
static const char *
hive_datatype(const char *ecs)
{
	static const char *const map[][2] = {
		{ "domain-name", "domain" }, { "ipv4-addr", "ip" },
		{ "ipv6-addr", "ip" }, { "url", "url" }, { "file", "hash" },
		{ "email-addr", "mail" }, { "software", "user-agent" },
		{ "autonomous-system", "autonomous-system" },
	};
	size_t	 i;

	for (i = 0; ecs != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(ecs, map[i][0]) == 0)
			return map[i][1];
	return "other";
}

static void
hive_obs(json_t *obs, const char *type, const char *data, const char *msg,
    int ioc)
{
	json_t	*o;
	size_t	 i;

	if (data == NULL || *data == '\0')
		return;
	/* Each (type, data) once: TheHive refuses a duplicate. */
	json_array_foreach(obs, i, o)
		if (strcmp(json_string_value(json_object_get(o, "dataType")),
		    type) == 0 && strcmp(json_string_value(json_object_get(o,
		    "data")), data) == 0)
			return;
	json_array_append_new(obs, json_pack("{s:s, s:s, s:s, s:b}",
	    "dataType", type, "data", data, "message", msg, "ioc", ioc));
}

static json_t *
hive_observables(const json_t *rec)
{
	json_t		*obs = json_array();
	const char	*ind = payload_str(rec, "threat.indicator.matched.atomic");

	if (obs == NULL)
		return NULL;
	if (ind == NULL)
		ind = payload_str(rec, "threat.indicator.name");
	hive_obs(obs, hive_datatype(payload_str(rec, "threat.indicator.type")),
	    ind, "indicator that matched", 1);
	hive_obs(obs, "ip", payload_str(rec, "incident.endpoint.ip"),
	    "endpoint address", 0);
	hive_obs(obs, "hostname", payload_str(rec, "incident.endpoint.host"),
	    "endpoint host name", 0);
	hive_obs(obs, "other", payload_str(rec, "incident.endpoint.user"),
	    "endpoint user", 0);
	hive_obs(obs, "ip", payload_str(rec, "destination.ip"),
	    "destination address", 0);
	hive_obs(obs, "domain", payload_str(rec, "destination.domain"),
	    "destination domain", 0);
	hive_obs(obs, "domain", payload_str(rec, "dns.question.name"),
	    "DNS query", 0);
	hive_obs(obs, "url", payload_str(rec, "url.original"), "URL", 0);
	return obs;
}

static json_int_t
hive_ms(const char *s)
{
	return (json_int_t)(payload_epoch(s) * 1000 + 0.5);
}

/* What a create and an update share. */
static json_t *
hive_common(const json_t *rec)
{
	char		 title[512], *md;
	json_int_t	 sev;
	json_t		*a;

	payload_title(rec, title, sizeof(title));
	sev = json_integer_value(payload_get(rec, "incident.ticket_severity"));
	if ((md = payload_markdown(rec)) == NULL)
		return NULL;
	a = json_pack("{s:s, s:s, s:I, s:o*}", "title", title,
	    "description", md, "severity", sev >= 1 && sev <= 4 ? sev : 2,
	    "tags", hive_tags(rec));
	free(md);
	return a;
}

json_t *
thehive_build(struct payload *p, json_t *rec, char *suffix, size_t slen,
    const char **method)
{
	const char	*eid = payload_str(rec, "event.id"), *hid = NULL;
	const char	*src = p->source;
	json_int_t	 rev;
	json_t		*a;

	if (eid == NULL || (a = hive_common(rec)) == NULL)
		return NULL;
	rev = json_integer_value(payload_get(rec, "incident.revision"));
	if (rev > 1 && p->ids != NULL)
		hid = hive_ids_get(p->ids, eid);
	if (hid != NULL) {
		*method = "PATCH";
		snprintf(suffix, slen, "/%s", hid);
		if (json_object_set_new(a, "lastSyncDate", json_integer(
		    hive_ms(payload_str(rec, "event.created")))) == -1)
			goto fail;
		return a;
	}
	if (src == NULL)
		src = payload_str(rec, "observer.hostname");
	if (json_object_set_new(a, "type", json_string(p->alert_type ?
	    p->alert_type : "detectd")) == -1 ||
	    json_object_set_new(a, "source", json_string(src ? src :
	    "detectd")) == -1 ||
	    json_object_set_new(a, "sourceRef", json_string(eid)) == -1 ||
	    json_object_set_new(a, "date", json_integer(hive_ms(payload_str(
	    rec, "@timestamp")))) == -1 ||
	    json_object_set_new(a, "observables", hive_observables(rec)) ==
	    -1)
		goto fail;
	return a;
fail:
	json_decref(a);
	return NULL;
}
