/*
 * The template payload: a JSON file with ${field} in its strings.
 *
 *	"${field}"		the whole string: the field's value as it is
 *				in the record (a number stays a number, an
 *				object an object), null when absent
 *	"text ${field} text"	the field's text put into the string (a
 *				string as it is, anything else as compact
 *				JSON), nothing when absent
 *	"$${"			a literal "${"
 *
 * Values go into a JSON tree that jansson writes, so a quote, a
 * backslash or a control character in a field comes out escaped
 * whatever the field holds.  A field is a dotted path of the alert
 * record (schema/alert.schema.json); the list below is its fields, and
 * a test keeps it equal to the schema.  At load the file is refused,
 * with FILE:LINE, for a ${ that is not closed, a field not in the
 * list, or JSON that does not parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/payload_int.h"

#define TEMPLATE_MAX	(1024 * 1024)

static const char *const template_fields[] = {
	"@timestamp", "destination", "destination.address",
	"destination.bytes", "destination.domain", "destination.ip",
	"destination.port", "dns", "dns.question", "dns.question.name",
	"dns.question.type", "dns.response_code", "event", "event.category",
	"event.created", "event.dataset", "event.end", "event.id",
	"event.kind", "event.module", "event.reason", "event.risk_score",
	"event.severity", "event.start", "event.type", "host", "host.name",
	"http", "http.request", "http.request.method",
	"http.request.referrer", "http.response", "http.response.mime_type",
	"http.response.status_code", "incident", "incident.attack_stage",
	"incident.attack_stage.key", "incident.attack_stage.name",
	"incident.attack_stage.number", "incident.composite",
	"incident.composite.contributors", "incident.composite.endpoints",
	"incident.composite.group", "incident.composite.kind",
	"incident.composite.path", "incident.composite.scope",
	"incident.composite.summary", "incident.composite.window",
	"incident.count", "incident.countermeasures", "incident.destination",
	"incident.destinations", "incident.discovered",
	"incident.discovered.at", "incident.discovered.by",
	"incident.discovered.by.analyzer", "incident.discovered.by.observer",
	"incident.discovered.by.rule", "incident.discovered.event_time",
	"incident.discovered.where", "incident.discovered.where.device",
	"incident.discovered.where.file", "incident.discovered.where.format",
	"incident.discovered.where.input",
	"incident.discovered.where.log_source",
	"incident.discovered.where.offset", "incident.endpoint",
	"incident.endpoint.host", "incident.endpoint.ip",
	"incident.endpoint.key", "incident.endpoint.mac",
	"incident.endpoint.user", "incident.evidence",
	"incident.first_action", "incident.id", "incident.importance",
	"incident.lowered_by",
	"incident.matched", "incident.merged", "incident.notify",
	"incident.phase", "incident.phenomenon", "incident.priority",
	"incident.raised_by", "incident.reason", "incident.references",
	"incident.related_alerts", "incident.relevance", "incident.revision",
	"incident.score", "incident.stage_reached",
	"incident.stage_reached.key", "incident.stage_reached.name",
	"incident.stage_reached.number", "incident.techniques",
	"incident.ticket_severity",
	"incident.viewpoint", "incident.viewpoint.analyzer",
	"incident.viewpoint.label", "incident.viewpoint.name", "log",
	"log.file", "log.file.path", "log.offset", "network",
	"network.application", "network.transport", "observer",
	"observer.hostname", "observer.product", "observer.type",
	"observer.vendor", "observer.version", "process",
	"process.command_line", "process.executable", "process.parent",
	"process.parent.executable", "related", "related.hosts",
	"related.ip", "related.user", "rule", "rule.author", "rule.category",
	"rule.description", "rule.id", "rule.license", "rule.name",
	"rule.reference", "rule.ruleset", "rule.uuid", "rule.version",
	"source", "source.address", "source.bytes", "source.ip",
	"source.mac", "source.port", "threat", "threat.feed",
	"threat.feed.name", "threat.framework", "threat.indicator",
	"threat.indicator.description", "threat.indicator.matched",
	"threat.indicator.matched.atomic", "threat.indicator.matched.field",
	"threat.indicator.name", "threat.indicator.provider",
	"threat.indicator.type", "threat.technique", "threat.technique.id",
	"url", "url.domain", "url.original", "url.path", "url.query",
	"url.scheme", "user", "user.name", "user.target", "user.target.name",
	"user_agent", "user_agent.original", "winlog", "winlog.channel",
	"winlog.event_id",
	NULL
};

static int
template_field_ok(const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; template_fields[i] != NULL; i++)
		if (strlen(template_fields[i]) == n &&
		    memcmp(template_fields[i], name, n) == 0)
			return 1;
	return 0;
}

/* Every ${...} of the text names a field: 0, or -1 with FILE:LINE. */
static int
template_scan(const char *file, const char *s, char *err, size_t errlen)
{
	const char	*p, *end;
	int		 line = 1;

	for (p = s; *p != '\0'; p++) {
		if (*p == '\n')
			line++;
		if (p[0] == '$' && p[1] == '$' && p[2] == '{') {
			p += 2;
			continue;
		}
		if (p[0] != '$' || p[1] != '{')
			continue;
		end = p + 2 + strcspn(p + 2, "}\"\n");
		if (*end != '}') {
			snprintf(err, errlen, "%s:%d: '${' without its '}'",
			    file, line);
			return -1;
		}
		if (!template_field_ok(p + 2, end - p - 2)) {
			snprintf(err, errlen, "%s:%d: unknown field '%.*s'",
			    file, line, (int)(end - p - 2), p + 2);
			return -1;
		}
		p = end;
	}
	return 0;
}

json_t *
template_load(const char *file, char *err, size_t errlen)
{
	json_error_t	 je;
	json_t		*t = NULL;
	char		*buf;
	size_t		 n;
	FILE		*f;

	if (file == NULL) {
		snprintf(err, errlen, "payload template needs a template file");
		return NULL;
	}
	if ((f = fopen(file, "re")) == NULL) {
		snprintf(err, errlen, "template %s: %m", file);
		return NULL;
	}
	if ((buf = malloc(TEMPLATE_MAX + 1)) == NULL) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	n = fread(buf, 1, TEMPLATE_MAX + 1, f);
	fclose(f);
	buf[n > TEMPLATE_MAX ? TEMPLATE_MAX : n] = '\0';
	if (n > TEMPLATE_MAX)
		snprintf(err, errlen, "%s: over %d bytes", file, TEMPLATE_MAX);
	else if (template_scan(file, buf, err, errlen) == 0 &&
	    (t = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &je)) == NULL)
		/* jansson takes only an object or an array at the top. */
		snprintf(err, errlen, "%s:%d: %s", file, je.line, je.text);
	free(buf);
	return t;
}

/* A string of the template, its ${field}s put in, to f. */
static void
template_text(FILE *f, const char *s, const json_t *rec)
{
	char		 name[256], *js;
	const char	*end;
	json_t		*v;

	for (; *s != '\0'; s++) {
		if (s[0] == '$' && s[1] == '$' && s[2] == '{') {
			fputs("${", f);
			s += 2;
			continue;
		}
		if (s[0] != '$' || s[1] != '{' || (end = strchr(s, '}')) ==
		    NULL || (size_t)(end - s - 2) >= sizeof(name)) {
			fputc(*s, f);
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(end - s - 2), s + 2);
		v = payload_get(rec, name);
		if (json_is_string(v))
			fputs(json_string_value(v), f);
		else if (v != NULL && (js = json_dumps(v, JSON_COMPACT |
		    JSON_ENCODE_ANY)) != NULL) {
			fputs(js, f);
			free(js);
		}
		s = end;
	}
}

static json_t *
template_string(const char *s, const json_t *rec)
{
	char	 name[256], *buf = NULL;
	size_t	 n = strlen(s), len = 0;
	json_t	*v;
	FILE	*f;

	if (n > 3 && n - 3 < sizeof(name) && s[0] == '$' && s[1] == '{' &&
	    s[n - 1] == '}' && strchr(s + 2, '}') == s + n - 1) {
		snprintf(name, sizeof(name), "%.*s", (int)(n - 3), s + 2);
		v = payload_get(rec, name);
		return v != NULL ? json_deep_copy(v) : json_null();
	}
	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	template_text(f, s, rec);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	v = json_stringn(buf, len);
	free(buf);
	return v;
}

json_t *
template_apply(json_t *t, const json_t *rec)
{
	const char	*k;
	json_t		*out, *v;
	size_t		 i;

	if (json_is_string(t))
		return template_string(json_string_value(t), rec);
	if (json_is_object(t)) {
		if ((out = json_object()) == NULL)
			return NULL;
		json_object_foreach(t, k, v)
			if (json_object_set_new(out, k, template_apply(v,
			    rec)) == -1)
				goto fail;
		return out;
	}
	if (json_is_array(t)) {
		if ((out = json_array()) == NULL)
			return NULL;
		json_array_foreach(t, i, v)
			if (json_array_append_new(out, template_apply(v,
			    rec)) == -1)
				goto fail;
		return out;
	}
	return json_deep_copy(t);
fail:
	json_decref(out);
	return NULL;
}
