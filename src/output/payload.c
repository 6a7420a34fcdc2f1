/*
 * payload: detectd's records in the shapes ticketing systems take (see
 * payload.h).  This file holds the choice of kind, the shared reading
 * of a record (dotted paths, a title, a Markdown description) and the
 * simple kinds: ecs (the record), splunk-hec and jira.  TheHive and
 * templates have their own files.
 *
 * Splunk HEC event envelope (docs.splunk.com, "Format events for HTTP
 * Event Collector"): {"time": epoch seconds, "host", "source",
 * "sourcetype", "index", "event": the record}; several envelopes back
 * to back make a batch.
 *
 * Jira issue create (REST API v2, POST /rest/api/2/issue):
 * {"fields": {"project": {"key"}, "issuetype": {"name"}, "summary" (one
 * line, under 255 characters), "description" (text), "labels" (no
 * blanks)}}.  Jira has no update by an outside key, so only revision 1
 * of an alert opens an issue; later revisions are not sent (a second
 * issue would be a duplicate) and count as delivered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "output/payload_int.h"

#define PAYLOAD_SUMMARY_MAX	254

static const char *const payload_kinds[] = {
	"ecs", "splunk-hec", "thehive", "jira", "template", NULL
};

int
payload_kind_ok(const char *k)
{
	size_t	 i;

	for (i = 0; payload_kinds[i] != NULL; i++)
		if (strcmp(payload_kinds[i], k) == 0)
			return (int)i;
	return -1;
}

json_t *
payload_get(const json_t *j, const char *path)
{
	char		 key[128];
	const char	*dot;
	json_t		*v = NULL;
	size_t		 n;

	while (j != NULL && *path != '\0') {
		dot = strchr(path, '.');
		n = dot != NULL ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key) || !json_is_object(j))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		/* "@timestamp" and the like are keys with no dot in them. */
		j = v = json_object_get(j, key);
		path += n + (dot != NULL);
	}
	return v;
}

const char *
payload_str(const json_t *j, const char *path)
{
	return json_string_value(payload_get(j, path));
}

void
payload_title(const json_t *rec, char *buf, size_t max)
{
	const char	*imp = payload_str(rec, "incident.importance");
	const char	*name = payload_str(rec, "rule.name");
	const char	*ep = payload_str(rec, "incident.endpoint.key");
	const char	*dst = payload_str(rec, "incident.destination");
	char		*p;

	snprintf(buf, max, "[%s] %s%s%s%s%s", imp ? imp : "alert",
	    name ? name : "detectd alert", ep ? ": " : "", ep ? ep : "",
	    dst ? " -> " : "", dst ? dst : "");
	for (p = buf; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
}

/* Text for a Markdown table cell: '|' escaped, lines joined. */
static void
md_cell(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '|' || *s == '\\' || *s == '`' || *s == '*' ||
		    *s == '_' || *s == '<')
			fputc('\\', f);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
}

static void
md_row(FILE *f, const char *name, const json_t *rec, const char *path)
{
	json_t	*v = payload_get(rec, path);
	char	*s;

	if (v == NULL || json_is_null(v))
		return;
	fprintf(f, "| %s | ", name);
	if (json_is_string(v))
		md_cell(f, json_string_value(v));
	else if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) != NULL) {
		md_cell(f, s);
		free(s);
	}
	fputs(" |\n", f);
}

static void
md_para(FILE *f, const char *label, const json_t *rec, const char *path)
{
	const char	*s = payload_str(rec, path);

	if (s == NULL)
		return;
	fprintf(f, "**%s:** ", label);
	md_cell(f, s);
	fputs("\n\n", f);
}

static void
md_lists(FILE *f, const json_t *rec)
{
	json_t	*a, *v;
	size_t	 i;

	a = payload_get(rec, "incident.countermeasures");
	if (json_array_size(a) > 0)
		fputs("\n### Countermeasures\n\n", f);
	json_array_foreach(a, i, v) {
		fputs("- ", f);
		md_cell(f, payload_str(v, "target"));
		fputs(" / ", f);
		md_cell(f, payload_str(v, "action"));
		fputs(": ", f);
		md_cell(f, payload_str(v, "description"));
		if (payload_str(v, "object") != NULL) {
			fputs(" (", f);
			md_cell(f, payload_str(v, "object"));
			fputs(")", f);
		}
		fputc('\n', f);
	}
	a = payload_get(rec, "incident.evidence");
	if (json_array_size(a) > 0)
		fputs("\n### Evidence\n\n", f);
	/* Indented code lines: nothing in a log line can close them. */
	json_array_foreach(a, i, v)
		fprintf(f, "    %s\n", payload_str(v, "line") ?
		    payload_str(v, "line") : "");
}

char *
payload_markdown(const json_t *rec)
{
	static const char *const rows[][2] = {
		{ "Discovered", "incident.discovered.at" },
		{ "Event time", "incident.discovered.event_time" },
		{ "Log source", "incident.discovered.where.log_source" },
		{ "File", "incident.discovered.where.file" },
		{ "Offset", "incident.discovered.where.offset" },
		{ "Observer", "incident.discovered.by.observer" },
		{ "Analyzer", "incident.discovered.by.analyzer" },
		{ "Rule", "rule.id" },
		{ "Importance", "incident.importance" },
		{ "Priority", "incident.priority" },
		{ "Notify", "incident.notify" },
		{ "Attack stage", "incident.attack_stage.name" },
		{ "Viewpoint", "incident.viewpoint.label" },
		{ "Endpoint", "incident.endpoint" },
		{ "Destination", "incident.destination" },
		{ "Count", "incident.count" },
		{ "Revision", "incident.revision" },
		{ "Score", "incident.score" },
		{ "Techniques", "incident.techniques" },
		{ "Related alerts", "incident.related_alerts" },
		{ "Event id", "event.id" },
	};
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	md_para(f, "Phenomenon", rec, "incident.phenomenon");
	md_para(f, "Reason", rec, "incident.reason");
	md_para(f, "Relevance", rec, "incident.relevance");
	md_para(f, "First action", rec, "incident.first_action");
	fputs("| Field | Value |\n|---|---|\n", f);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		md_row(f, rows[i][0], rec, rows[i][1]);
	md_lists(f, rec);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

double
payload_epoch(const char *s)
{
	struct tm	 tm;
	int		 ms = 0;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3d",
	    &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
	    &tm.tm_sec, &ms) < 6)
		return (double)time(NULL);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (double)timegm(&tm) + ms / 1000.0;
}

static json_t *
payload_hec(const struct payload *p, json_t *rec)
{
	const char	*host = payload_str(rec, "observer.hostname");
	json_t		*e;

	e = json_pack("{s:f, s:s, s:s, s:s}",
	    "time", payload_epoch(payload_str(rec, "@timestamp")),
	    "host", host != NULL ? host : "detectd",
	    "source", p->source != NULL ? p->source : "detectd",
	    "sourcetype", p->sourcetype != NULL ? p->sourcetype : "_json");
	if (e == NULL || (p->index != NULL && json_object_set_new(e, "index",
	    json_string(p->index)) == -1) ||
	    json_object_set(e, "event", rec) == -1) {
		json_decref(e);
		return NULL;
	}
	return e;
}

/* A Jira label: no blanks. */
static int
jira_label(json_t *labels, const char *pre, const char *s)
{
	char	 buf[256], *p;

	if (s == NULL)
		return 0;
	snprintf(buf, sizeof(buf), "%s%s", pre, s);
	for (p = buf; *p != '\0'; p++)
		if (*p == ' ' || *p == '\t')
			*p = '_';
	return json_array_append_new(labels, json_string(buf));
}

static json_t *
payload_jira(const struct payload *p, json_t *rec)
{
	char	 title[PAYLOAD_SUMMARY_MAX + 1], *md;
	json_t	*labels, *t, *v;
	size_t	 i;

	payload_title(rec, title, sizeof(title));
	if ((md = payload_markdown(rec)) == NULL ||
	    (labels = json_array()) == NULL) {
		free(md);
		return NULL;
	}
	jira_label(labels, "", "detectd");
	jira_label(labels, "stage-", payload_str(rec,
	    "incident.attack_stage.key"));
	jira_label(labels, "importance-", payload_str(rec,
	    "incident.importance"));
	json_array_foreach(payload_get(rec, "incident.techniques"), i, v)
		jira_label(labels, "", json_string_value(v));
	t = json_pack("{s:{s:{s:s}, s:{s:s}, s:s, s:s, s:o}}", "fields",
	    "project", "key", p->project, "issuetype", "name", p->issue_type,
	    "summary", title, "description", md, "labels", labels);
	free(md);
	return t;
}

struct payload *
payload_new(const struct payload_conf *c, char *err, size_t errlen)
{
	struct payload	*p;
	int		 k = c->kind != NULL ? payload_kind_ok(c->kind) : 0;

	if (k == -1) {
		snprintf(err, errlen, "payload '%s': expected ecs, splunk-hec, "
		    "thehive, jira or template", c->kind);
		return NULL;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->kind = (enum payload_kind)k;
	if ((c->project && (p->project = strdup(c->project)) == NULL) ||
	    (c->issue_type && (p->issue_type = strdup(c->issue_type)) ==
	    NULL) || (c->index && (p->index = strdup(c->index)) == NULL) ||
	    (c->sourcetype && (p->sourcetype = strdup(c->sourcetype)) ==
	    NULL) || (c->source && (p->source = strdup(c->source)) == NULL) ||
	    (c->alert_type && (p->alert_type = strdup(c->alert_type)) ==
	    NULL)) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (p->kind == PAYLOAD_TEMPLATE && (p->template = template_load(
	    c->template, err, errlen)) == NULL)
		goto fail;
	if (p->kind == PAYLOAD_THEHIVE && c->ids_file != NULL &&
	    (p->ids = hive_ids_open(c->ids_file, err, errlen)) == NULL)
		goto fail;
	return p;
fail:
	payload_free(p);
	return NULL;
}

void
payload_free(struct payload *p)
{
	if (p == NULL)
		return;
	free(p->project);
	free(p->issue_type);
	free(p->index);
	free(p->sourcetype);
	free(p->source);
	free(p->alert_type);
	json_decref(p->template);
	hive_ids_free(p->ids);
	free(p);
}

int
payload_single(const struct payload *p)
{
	return p->kind == PAYLOAD_THEHIVE || p->kind == PAYLOAD_JIRA;
}

const char *
payload_type(const struct payload *p, int ndjson)
{
	if (p->kind == PAYLOAD_ECS && ndjson)
		return "application/x-ndjson";
	return "application/json";
}

/* ecs: the records joined into an array, or as they are (NDJSON). */
static int
payload_ecs(const char *buf, size_t len, int array, struct payload_req *r)
{
	size_t	 i, n = 0;

	if ((r->body = malloc(len + 3)) == NULL)
		return -1;
	if (!array) {
		memcpy(r->body, buf, len);
		r->len = len;
		return 0;
	}
	r->body[n++] = '[';
	for (i = 0; i < len; i++) {
		if (buf[i] != '\n')
			r->body[n++] = buf[i];
		else if (i + 1 < len)
			r->body[n++] = ',';
	}
	r->body[n++] = ']';
	r->len = n;
	return 0;
}

/* One record into the payload's JSON; NULL: not sent (jira update). */
static json_t *
payload_one(struct payload *p, json_t *rec, struct payload_req *r,
    int *skip)
{
	json_int_t	 rev;

	*skip = 0;
	switch (p->kind) {
	case PAYLOAD_SPLUNK_HEC:
		return payload_hec(p, rec);
	case PAYLOAD_THEHIVE:
		return thehive_build(p, rec, r->suffix, sizeof(r->suffix),
		    &r->method);
	case PAYLOAD_JIRA:
		rev = json_integer_value(payload_get(rec,
		    "incident.revision"));
		if (rev > 1) {
			*skip = 1;
			return NULL;
		}
		return payload_jira(p, rec);
	case PAYLOAD_TEMPLATE:
		return template_apply(p->template, rec);
	default:
		return NULL;
	}
}

int
payload_build(struct payload *p, const char *buf, size_t len, int array,
    struct payload_req *r)
{
	json_t		*rec, *out;
	const char	*nl, *end = buf + len;
	char		*s = NULL, *body = NULL;
	size_t		 blen = 0;
	FILE		*f;
	int		 skip, rc = -1;

	memset(r, 0, sizeof(*r));
	r->method = "POST";
	if (p->kind == PAYLOAD_ECS)
		return payload_ecs(buf, len, array, r);
	if ((f = open_memstream(&body, &blen)) == NULL)
		return -1;
	for (; buf < end; buf = nl + 1) {
		if ((nl = memchr(buf, '\n', end - buf)) == NULL)
			nl = end;
		if ((rec = json_loadb(buf, nl - buf, 0, NULL)) == NULL)
			goto done;
		out = payload_one(p, rec, r, &skip);
		json_decref(rec);
		if (skip)
			continue;
		if (out == NULL || (s = json_dumps(out, JSON_COMPACT)) == NULL) {
			json_decref(out);
			goto done;
		}
		json_decref(out);
		fprintf(f, "%s%s", s, p->kind == PAYLOAD_SPLUNK_HEC ? "\n" : "");
		free(s);
	}
	rc = 0;
done:
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0) {
		r->body = body;
		r->len = blen;
	} else
		free(body);
	return rc;
}

void
payload_taken(struct payload *p, const char *buf, size_t len,
    const char *answer, size_t alen)
{
	json_t	*rec;

	if (p->kind != PAYLOAD_THEHIVE || p->ids == NULL)
		return;
	if ((rec = json_loadb(buf, len, 0, NULL)) == NULL)
		return;
	thehive_taken(p, rec, answer, alen);
	json_decref(rec);
}
