/*
 * The alert builder (src/alert/alert.c): the phase-A record built from
 * hand-made rules and events, checked field by field and validated
 * against schema/alert.schema.json with the validator of tests/tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "alert/alert.h"
#include "analyzers/finding.h"
#include "event/logevent.h"
#include "rules/rule.h"

#define SCHEMACHECK_NO_MAIN
#include "tools/schemacheck.c"

#define SCHEMA_PATH	TEST_SRCDIR "/../schema/alert.schema.json"
#define NOW_MS		1773147731000LL		/* 2026-03-10T13:02:11Z */
#define EV_MS		1773140400123LL		/* 2026-03-10T11:00:00.123Z */

static const struct alert_ctx ctx = {
	"sensor1.example.org", "default", "0.1.0", NOW_MS, 0
};

static struct countermeasure proxy_cms[] = {
	{ CM_ENDPOINT, "isolate" },
	{ CM_SEGMENT, "block-domain" },
	{ CM_ENDPOINT, "block-destination-url" },
	{ CM_ENDPOINT, "block-destination-port" },
	{ CM_ACCOUNT, "reset-password" },
};

static char *proxy_techniques[] = { "T1071.001", "T1568", "T1071.001" };
static char *proxy_references[] = { "https://example.org/report" };

/* A blacklist rule: known attack, stage 5, critical. */
static void
rule_proxy(struct rule *r)
{
	memset(r, 0, sizeof(*r));
	r->id = "1000001";
	r->name = "Request to a listed C2 domain";
	r->revision = 3;
	r->description = "The endpoint contacted a domain on a C2 list.";
	r->viewpoint = VP_KNOWN_ATTACK;
	r->stage = 5;
	r->importance = LVL_CRITICAL;
	r->priority = LVL_HIGH;
	/* Listed twice in the rule, written once. */
	r->techniques = proxy_techniques;
	r->ntechniques = 3;
	r->references = proxy_references;
	r->nreferences = 1;
	r->cms = proxy_cms;
	r->ncms = sizeof(proxy_cms) / sizeof(proxy_cms[0]);
	r->enabled = 1;
}

static void
ev_set(struct slice *s, const char *v)
{
	*s = slice_cstr(v);
}

#define SQUID_LINE	"1773140400.123    215 10.1.2.3 TCP_MISS/200 5120 " \
	"GET http://bad.example.com/gate.php?id=42 - " \
	"HIER_DIRECT/198.51.100.7 text/html"

static void
ev_squid(struct logevent *ev)
{
	memset(ev, 0, sizeof(*ev));
	logevent_reset(ev);
	ev->time_ms = EV_MS;
	ev->source = SRC_PROXY;
	ev->format = "squid";
	ev->input = "proxy";
	ev->file = "/var/log/squid/access.log";
	ev->offset = 4096;
	ev_set(&ev->raw, SQUID_LINE);
	ev_set(&ev->src_ip, "10.1.2.3");
	ev_set(&ev->dst_ip, "198.51.100.7");
	ev_set(&ev->dst_domain, "bad.example.com");
	ev->dst_port = 80;
	ev_set(&ev->transport, "tcp");
	ev_set(&ev->url, "http://bad.example.com/gate.php?id=42");
	ev_set(&ev->url_scheme, "http");
	ev_set(&ev->url_path, "/gate.php");
	ev_set(&ev->url_query, "id=42");
	ev_set(&ev->method, "GET");
	ev_set(&ev->content_type, "text/html");
	ev_set(&ev->result, "TCP_MISS");
	ev->status = 200;
	ev->bytes_in = 5120;
	ev->duration_ms = 215;
}

static void
finding_proxy(struct finding *f, const struct rule *r,
    const struct logevent *ev)
{
	memset(f, 0, sizeof(*f));
	f->rule = r;
	f->ev = ev;
	f->first_ms = ev->time_ms;
	f->last_ms = ev->time_ms;
	f->count = 1;
	f->ind.value = "bad.example.com";
	f->ind.type = "domain";
	f->ind.list = "c2-domains";
	f->ind.source = "abuse.ch";
	f->ind.description = "Emotet C2";
	f->ind.matched = "destination.domain";
}

/*
 * Validate a record against the schema; returns the violations.  The
 * alert stage gives every record its incident.id (incident.c) before
 * it is written, and the schema describes records as written: a record
 * of the builder gets one here.
 */
static int
schema_violations(const json_t *j, int quiet)
{
	struct schemacheck	*sc;
	json_t			*w, *in;
	int			 n;

	sc = schemacheck_load(SCHEMA_PATH);
	ck_assert_ptr_nonnull(sc);
	if (quiet)
		sc->report = NULL;
	w = json_deep_copy(j);
	ck_assert_ptr_nonnull(w);
	if ((in = json_object_get(w, "incident")) != NULL &&
	    json_object_get(in, "id") == NULL)
		json_object_set_new(in, "id",
		    json_string("INC-20260310-0123456789ab"));
	n = schemacheck_validate(sc, w, "record", 1);
	json_decref(w);
	schemacheck_free(sc);
	return n;
}

/* No nulls, no empty strings, no empty objects or arrays but these. */
static void
assert_no_empty(const json_t *j, const char *key)
{
	const char	*k;
	json_t		*v;
	size_t		 i;

	ck_assert_msg(!json_is_null(j), "%s is null", key);
	if (json_is_string(j))
		ck_assert_msg(json_string_length(j) > 0, "%s is empty", key);
	if (json_is_object(j)) {
		if (strcmp(key, "endpoint") != 0)
			ck_assert_msg(json_object_size(j) > 0, "%s is {}", key);
		json_object_foreach((json_t *)(uintptr_t)j, k, v)
			assert_no_empty(v, k);
	}
	if (json_is_array(j)) {
		if (strcmp(key, "related_alerts") != 0 &&
		    strcmp(key, "countermeasures") != 0)
			ck_assert_msg(json_array_size(j) > 0, "%s is []", key);
		json_array_foreach(j, i, v)
			assert_no_empty(v, key);
	}
}

/* Build, check the common shape, validate; the caller decrefs. */
static json_t *
build_valid(const struct alert_ctx *c, const struct finding *f)
{
	json_t	*j;

	j = alert_build(c, f, NULL);
	ck_assert_ptr_nonnull(j);
	assert_no_empty(j, "(root)");
	ck_assert_int_eq(schema_violations(j, 0), 0);
	return j;
}

static json_t *
at(const json_t *j, const char *path)
{
	char	 key[128];
	size_t	 n;
	json_t	*v = (json_t *)(uintptr_t)j;

	while (v != NULL && *path != '\0') {
		n = strcspn(path, ".");
		ck_assert_uint_lt(n, sizeof(key));
		memcpy(key, path, n);
		key[n] = '\0';
		if (json_is_array(v))
			v = json_array_get(v, strtoul(key, NULL, 10));
		else
			v = json_object_get(v, key);
		path += n + (path[n] == '.');
	}
	return v;
}

static const char *
str_at(const json_t *j, const char *path)
{
	json_t	*v = at(j, path);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

#define ck_str(j, path, want)	do {					\
	const char *got_ = str_at((j), (path));				\
	ck_assert_msg(got_ != NULL, "%s missing", (path));		\
	ck_assert_str_eq(got_, (want));					\
} while (0)

#define ck_int(j, path, want)	do {					\
	json_t *v_ = at((j), (path));					\
	ck_assert_msg(json_is_integer(v_), "%s not an integer", (path)); \
	ck_assert_int_eq(json_integer_value(v_), (want));		\
} while (0)

#define ck_absent(j, path)						\
	ck_assert_msg(at((j), (path)) == NULL, "%s present", (path))

START_TEST(test_proxy_record)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;
	char		 id[37];

	rule_proxy(&r);
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	j = build_valid(&ctx, &f);
	finding_id(&f, id);
	ck_str(j, "@timestamp", "2026-03-10T11:00:00.123Z");
	ck_str(j, "event.kind", "alert");
	ck_str(j, "event.id", id);
	ck_str(j, "event.created", "2026-03-10T13:02:11.000Z");
	ck_str(j, "event.start", "2026-03-10T11:00:00.123Z");
	ck_str(j, "event.end", "2026-03-10T11:00:00.123Z");
	ck_int(j, "event.severity", 99);
	ck_str(j, "event.category.0", "network");
	ck_str(j, "event.type.0", "indicator");
	ck_str(j, "event.module", "detectd");
	ck_str(j, "rule.id", "1000001");
	ck_str(j, "rule.version", "3");
	ck_str(j, "rule.ruleset", "default");
	ck_str(j, "rule.category", "known-attack");
	ck_str(j, "rule.reference", "https://example.org/report");
	ck_str(j, "observer.hostname", "sensor1.example.org");
	ck_str(j, "observer.version", "0.1.0");
	ck_str(j, "source.ip", "10.1.2.3");
	ck_str(j, "source.address", "10.1.2.3");
	ck_absent(j, "source.port");
	ck_absent(j, "source.bytes");
	ck_str(j, "destination.domain", "bad.example.com");
	ck_str(j, "destination.address", "bad.example.com");
	ck_int(j, "destination.port", 80);
	ck_int(j, "destination.bytes", 5120);
	ck_str(j, "url.original", "http://bad.example.com/gate.php?id=42");
	ck_str(j, "url.domain", "bad.example.com");
	ck_str(j, "url.query", "id=42");
	ck_str(j, "http.request.method", "GET");
	ck_int(j, "http.response.status_code", 200);
	ck_str(j, "http.response.mime_type", "text/html");
	ck_absent(j, "user");
	ck_absent(j, "dns");
	ck_absent(j, "process");
	ck_absent(j, "winlog");
	ck_absent(j, "user_agent");
	ck_str(j, "threat.framework", "MITRE ATT&CK");
	ck_str(j, "threat.technique.id.1", "T1568");
	ck_str(j, "threat.indicator.type", "domain-name");
	ck_str(j, "threat.indicator.name", "bad.example.com");
	ck_str(j, "threat.indicator.provider", "abuse.ch");
	ck_str(j, "threat.indicator.matched.field", "destination.domain");
	ck_str(j, "threat.feed.name", "c2-domains");
	ck_str(j, "log.file.path", "/var/log/squid/access.log");
	ck_int(j, "log.offset", 4096);
	ck_str(j, "related.ip.0", "10.1.2.3");
	ck_str(j, "related.ip.1", "198.51.100.7");
	ck_str(j, "related.hosts.0", "bad.example.com");
	ck_absent(j, "related.user");
	json_decref(j);
}
END_TEST

START_TEST(test_proxy_incident)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;

	rule_proxy(&r);
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	j = build_valid(&ctx, &f);
	ck_str(j, "incident.phase", "A");
	ck_str(j, "incident.discovered.at", "2026-03-10T13:02:11.000Z");
	ck_str(j, "incident.discovered.event_time",
	    "2026-03-10T11:00:00.123Z");
	ck_str(j, "incident.discovered.by.observer", "sensor1.example.org");
	ck_str(j, "incident.discovered.by.analyzer", "match");
	ck_str(j, "incident.discovered.by.rule", "1000001");
	ck_str(j, "incident.discovered.where.log_source", "proxy");
	ck_str(j, "incident.discovered.where.format", "squid");
	ck_str(j, "incident.discovered.where.input", "proxy");
	ck_int(j, "incident.discovered.where.offset", 4096);
	ck_absent(j, "incident.discovered.where.device");
	ck_str(j, "incident.phenomenon",
	    "Request to a listed C2 domain: 10.1.2.3 -> bad.example.com:80");
	ck_str(j, "incident.reason", "Matches a known attack: "
	    "bad.example.com is on list c2-domains (Emotet C2)");
	ck_str(j, "event.reason", str_at(j, "incident.reason"));
	ck_assert_ptr_nonnull(str_at(j, "incident.relevance"));
	ck_str(j, "incident.importance", "critical");
	ck_str(j, "incident.priority", "high");
	ck_int(j, "incident.ticket_severity", 4);
	ck_str(j, "incident.notify", "soc-analyst");
	ck_int(j, "incident.attack_stage.number", 5);
	ck_str(j, "incident.attack_stage.key", "c2");
	ck_str(j, "incident.attack_stage.name", "active C2 communication");
	ck_str(j, "incident.viewpoint.analyzer", "match");
	ck_str(j, "incident.viewpoint.name", "known-attack");
	ck_str(j, "incident.viewpoint.label", "matches a known attack");
	ck_str(j, "incident.endpoint.ip", "10.1.2.3");
	ck_absent(j, "incident.endpoint.user");
	ck_str(j, "incident.destination", "bad.example.com:80");
	ck_int(j, "incident.count", 1);
	ck_assert(json_is_array(at(j, "incident.related_alerts")));
	ck_assert_uint_eq(json_array_size(at(j, "incident.related_alerts")), 0);
	ck_str(j, "incident.evidence.0.line", SQUID_LINE);
	ck_str(j, "incident.evidence.0.time", "2026-03-10T11:00:00.123Z");
	ck_str(j, "incident.evidence.0.source", "proxy");
	ck_absent(j, "incident.evidence.0.truncated");
	ck_str(j, "incident.techniques.0", "T1071.001");
	ck_assert_uint_eq(json_array_size(at(j, "incident.techniques")), 2);
	ck_str(j, "incident.references.0", "https://example.org/report");
	json_decref(j);
}
END_TEST

START_TEST(test_countermeasures)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;

	rule_proxy(&r);
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	j = build_valid(&ctx, &f);
	ck_assert_uint_eq(json_array_size(at(j, "incident.countermeasures")),
	    5);
	ck_str(j, "incident.countermeasures.0.target", "endpoint");
	ck_str(j, "incident.countermeasures.0.action", "isolate");
	ck_str(j, "incident.countermeasures.0.object", "10.1.2.3");
	ck_str(j, "incident.countermeasures.0.description",
	    "Isolate the endpoint from the network (EDR containment or "
	    "switch port)");
	ck_str(j, "incident.countermeasures.1.object", "bad.example.com");
	ck_str(j, "incident.countermeasures.2.object",
	    "http://bad.example.com/gate.php?id=42");
	ck_str(j, "incident.countermeasures.3.object", "80/tcp");
	/* No user in a Squid line: the account action has no object. */
	ck_str(j, "incident.countermeasures.4.target", "account");
	ck_absent(j, "incident.countermeasures.4.object");
	ck_str(j, "incident.first_action", "Isolate the endpoint from the "
	    "network (EDR containment or switch port): 10.1.2.3.");
	json_decref(j);

	r.cms = NULL;
	r.ncms = 0;
	j = build_valid(&ctx, &f);
	ck_assert_uint_eq(json_array_size(at(j, "incident.countermeasures")),
	    0);
	ck_absent(j, "incident.first_action");
	json_decref(j);
}
END_TEST

static struct countermeasure win_cms[] = {
	{ CM_ACCOUNT, "disable-account" },
	{ CM_ENDPOINT, "disconnect" },
	{ CM_SERVICE, "partial-stop" },
};

static void
ev_windows(struct logevent *ev)
{
	memset(ev, 0, sizeof(*ev));
	logevent_reset(ev);
	ev->time_ms = EV_MS;
	ev->source = SRC_ENDPOINT;
	ev->format = "winlogbeat";
	ev->input = "sysmon";
	ev->file = "/var/log/winlogbeat/sysmon.json";
	ev->offset = 0;
	ev_set(&ev->raw, "{\"event_id\":1,\"computer_name\":\"WS042\"}");
	ev_set(&ev->src_host, "WS042.corp.example");
	ev_set(&ev->user, "CORP\\alice");
	ev->win_event_id = 1;
	ev_set(&ev->win_channel, "Microsoft-Windows-Sysmon/Operational");
	ev_set(&ev->process_image, "C:\\Windows\\PSEXESVC.exe");
	ev_set(&ev->parent_image, "C:\\Windows\\System32\\services.exe");
	ev_set(&ev->command_line, "C:\\Windows\\PSEXESVC.exe -s cmd.exe");
	ev_set(&ev->service_name, "PSEXESVC");
}

START_TEST(test_windows_record)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;

	memset(&r, 0, sizeof(r));
	r.id = "2000010";
	r.name = "PsExec service on a workstation";
	r.revision = 1;
	r.viewpoint = VP_NOT_NORMAL;
	r.stage = 4;
	r.importance = LVL_HIGH;
	r.priority = LVL_MEDIUM;
	r.notify = "incident-manager";
	r.cms = win_cms;
	r.ncms = 3;
	ev_windows(&ev);
	memset(&f, 0, sizeof(f));
	f.rule = &r;
	f.ev = &ev;
	f.first_ms = EV_MS - 60000;
	f.last_ms = EV_MS;
	f.count = 3;
	j = build_valid(&ctx, &f);
	ck_str(j, "event.category.0", "process");
	ck_int(j, "event.severity", 73);
	ck_str(j, "event.start", "2026-03-10T10:59:00.123Z");
	ck_str(j, "winlog.event_id", "1");
	ck_str(j, "winlog.channel", "Microsoft-Windows-Sysmon/Operational");
	ck_str(j, "process.executable", "C:\\Windows\\PSEXESVC.exe");
	ck_str(j, "process.parent.executable",
	    "C:\\Windows\\System32\\services.exe");
	ck_str(j, "user.name", "CORP\\alice");
	ck_str(j, "source.address", "WS042.corp.example");
	ck_absent(j, "source.ip");
	ck_absent(j, "destination");
	ck_absent(j, "url");
	ck_absent(j, "http");
	ck_absent(j, "threat");
	ck_str(j, "related.user.0", "CORP\\alice");
	ck_str(j, "related.hosts.0", "WS042.corp.example");
	ck_absent(j, "related.ip");
	ck_str(j, "incident.notify", "incident-manager");
	ck_str(j, "incident.endpoint.host", "WS042.corp.example");
	ck_str(j, "incident.endpoint.user", "CORP\\alice");
	ck_absent(j, "incident.destination");
	ck_int(j, "incident.count", 3);
	ck_str(j, "incident.reason", "PsExec service on a workstation");
	ck_str(j, "incident.phenomenon",
	    "PsExec service on a workstation: WS042.corp.example");
	ck_str(j, "incident.viewpoint.analyzer", "match");
	ck_str(j, "incident.attack_stage.key", "lateral");
	ck_str(j, "incident.countermeasures.0.object", "CORP\\alice");
	ck_str(j, "incident.countermeasures.1.object", "WS042.corp.example");
	ck_str(j, "incident.countermeasures.2.object", "PSEXESVC");
	ck_str(j, "incident.first_action", "Disable the account until the "
	    "investigation clears it: CORP\\alice.");
	json_decref(j);
}
END_TEST

/* An event that knows nothing but the endpoint's address. */
START_TEST(test_ip_only_record)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;
	const char	*k;
	json_t		*v;
	static const char *const keys[] = { "@timestamp", "event", "rule",
	    "observer", "source", "log", "related", "incident" };
	size_t		 n = 0;

	rule_proxy(&r);
	r.techniques = NULL;
	r.ntechniques = 0;
	r.references = NULL;
	r.nreferences = 0;
	r.description = NULL;
	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ev.time_ms = EV_MS;
	ev.source = SRC_FIREWALL;
	ev.format = "iptables";
	ev.input = "-";
	ev.file = "-";
	ev_set(&ev.raw, "x");
	ev_set(&ev.src_ip, "2001:db8::5");
	memset(&f, 0, sizeof(f));
	f.rule = &r;
	f.ev = &ev;
	j = build_valid(&ctx, &f);
	json_object_foreach(j, k, v) {
		ck_assert_msg(n < sizeof(keys) / sizeof(keys[0]) &&
		    strcmp(k, keys[n]) == 0, "unexpected %s", k);
		n++;
	}
	ck_assert_uint_eq(n, sizeof(keys) / sizeof(keys[0]));
	ck_assert_uint_eq(json_object_size(at(j, "source")), 2);
	ck_absent(j, "log.file");
	ck_str(j, "incident.discovered.where.file", "-");
	ck_absent(j, "event.start");
	ck_absent(j, "rule.description");
	ck_absent(j, "rule.reference");
	ck_absent(j, "incident.destination");
	ck_absent(j, "incident.techniques");
	ck_absent(j, "incident.references");
	ck_int(j, "incident.count", 1);
	ck_assert_uint_eq(json_object_size(at(j, "incident.endpoint")), 1);
	/* Event time unknown to the finding: the event's own. */
	ck_str(j, "@timestamp", "2026-03-10T11:00:00.123Z");
	ck_str(j, "incident.countermeasures.0.object", "2001:db8::5");
	ck_absent(j, "incident.countermeasures.1.object");
	ck_str(j, "incident.reason", "Request to a listed C2 domain");
	ck_str(j, "incident.phenomenon",
	    "Request to a listed C2 domain: 2001:db8::5");
	json_decref(j);
}
END_TEST

/* A DNS query: the name asked is the destination, not the resolver. */
START_TEST(test_dns_record)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;

	rule_proxy(&r);
	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ev.time_ms = EV_MS;
	ev.source = SRC_DNS;
	ev.format = "bind";
	ev.input = "dns";
	ev.file = "/var/log/named/query.log";
	ev.offset = 77;
	ev_set(&ev.raw, "client 10.1.2.3#53124 (bad.example.com): query: "
	    "bad.example.com IN A +E(0)K (10.0.0.53)");
	ev_set(&ev.src_ip, "10.1.2.3");
	ev.src_port = 53124;
	ev_set(&ev.dst_ip, "10.0.0.53");
	ev.dst_port = 53;
	ev_set(&ev.dns_query, "bad.example.com");
	ev_set(&ev.dns_qtype, "A");
	finding_proxy(&f, &r, &ev);
	f.ind.matched = "dns.question.name";
	j = build_valid(&ctx, &f);
	ck_str(j, "dns.question.name", "bad.example.com");
	ck_str(j, "dns.question.type", "A");
	ck_absent(j, "dns.response_code");
	ck_str(j, "event.category.0", "network");
	ck_int(j, "source.port", 53124);
	ck_str(j, "incident.destination", "bad.example.com");
	ck_str(j, "incident.countermeasures.1.object", "bad.example.com");
	ck_absent(j, "incident.countermeasures.2.object");
	ck_str(j, "related.hosts.0", "bad.example.com");
	ck_str(j, "incident.discovered.where.log_source", "dns");
	json_decref(j);
}
END_TEST

START_TEST(test_id_stable)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	char		 a[37], b[37];
	int		 i;

	rule_proxy(&r);
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	finding_id(&f, a);
	/*
	 * Not a clock in it: the same a second and more later (ids made
	 * back to back would match under a clock of seconds).
	 */
	usleep(1100 * 1000);
	finding_id(&f, b);
	ck_assert_str_eq(a, b);
	ck_assert_uint_eq(strlen(a), 36);
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			ck_assert_int_eq(a[i], '-');
		else
			ck_assert_msg(strchr("0123456789abcdef", a[i]) != NULL,
			    "%s", a);
	}
	ck_assert_int_eq(a[14], '8');
	ck_assert_ptr_nonnull(strchr("89ab", a[19]));

	/* Re-tuning the rule keeps the id; other evidence changes it. */
	r.revision = 4;
	r.name = "Renamed";
	finding_id(&f, b);
	ck_assert_str_eq(a, b);
	ev_set(&ev.raw, SQUID_LINE " ");
	finding_id(&f, b);
	ck_assert_str_ne(a, b);
	ev_squid(&ev);
	f.first_ms++;
	finding_id(&f, b);
	ck_assert_str_ne(a, b);
	f.first_ms--;
	f.ind.value = "example.com";
	finding_id(&f, b);
	ck_assert_str_ne(a, b);
	f.ind.value = "bad.example.com";
	r.id = "1000002";
	finding_id(&f, b);
	ck_assert_str_ne(a, b);
	r.id = "1000001";
	ev_set(&ev.src_ip, "10.1.2.4");
	finding_id(&f, b);
	ck_assert_str_ne(a, b);
	ev_set(&ev.src_ip, "10.1.2.3");
	finding_id(&f, b);
	ck_assert_str_eq(a, b);
}
END_TEST

/* The record carries the same id as alert_id, whatever the clock. */
/*
 * The record's id is the finding's whatever the clock says: pinned
 * (DETECTD_NOW) to one day or another, or the wall clock; event.created
 * follows the clock.
 */
START_TEST(test_id_in_record)
{
	static const int64_t	 nows[] = { NOW_MS, NOW_MS + 86400000LL,
				    NOW_MS + 1, 1, 0 };
	struct rule		 r;
	struct logevent		 ev;
	struct finding		 f;
	struct alert_ctx	 c = ctx;
	json_t			*j1, *j2;
	char			 id[FINDING_ID_LEN];
	size_t			 i;

	rule_proxy(&r);
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	finding_id(&f, id);
	j1 = build_valid(&c, &f);
	ck_str(j1, "event.id", id);
	ck_str(j1, "event.created", "2026-03-10T13:02:11.000Z");
	for (i = 1; i < sizeof(nows) / sizeof(nows[0]); i++) {
		c.now_ms = nows[i];	/* 0: the wall clock */
		j2 = build_valid(&c, &f);
		ck_str(j2, "event.id", id);
		ck_assert_str_ne(str_at(j1, "event.created"),
		    str_at(j2, "event.created"));
		json_decref(j2);
	}
	json_decref(j1);
}
END_TEST

START_TEST(test_template)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;

	rule_proxy(&r);
	r.phenomenon = "${endpoint} fetched ${url.original} from "
	    "${destination} (${http.response.status_code}, "
	    "${destination.bytes} bytes, ${count} times)";
	r.reason = "${indicator} (${indicator.type}) is on ${list} from "
	    "${indicator.source}: ${indicator.description}; matched "
	    "${indicator.field} by ${rule.id} ${rule.name}";
	r.relevance = "ua ${user_agent.original} port ${source.port} "
	    "${no.such.field} $x ${} ${unclosed";
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	f.count = 12;
	j = build_valid(&ctx, &f);
	ck_str(j, "incident.phenomenon", "10.1.2.3 fetched "
	    "http://bad.example.com/gate.php?id=42 from bad.example.com:80 "
	    "(200, 5120 bytes, 12 times)");
	ck_str(j, "incident.reason", "bad.example.com (domain) is on "
	    "c2-domains from abuse.ch: Emotet C2; matched destination.domain "
	    "by 1000001 Request to a listed C2 domain");
	ck_str(j, "incident.relevance", "ua (unknown) port (unknown) "
	    "(unknown) $x (unknown) ${unclosed");
	json_decref(j);

	/* The analyzer's reason, with its numbers, comes first. */
	f.reason = "beacon every 60.0 s (jitter 1.2 s) over 40 connections";
	j = build_valid(&ctx, &f);
	ck_str(j, "incident.reason", f.reason);
	ck_str(j, "event.reason", f.reason);
	json_decref(j);
}
END_TEST

/* A long expansion stays under 4 KiB and whole characters. */
START_TEST(test_template_bound)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;
	char		*url;
	const char	*s;
	size_t		 i;

	url = malloc(6001);
	ck_assert_ptr_nonnull(url);
	url[0] = 'x';
	for (i = 1; i + 1 < 6000; i += 2)
		memcpy(url + i, "\xc3\xa9", 2);	/* é, split at 4096 */
	url[i] = '\0';
	rule_proxy(&r);
	r.phenomenon = "${url.original}${url.original}";
	ev_squid(&ev);
	ev_set(&ev.url, url);
	finding_proxy(&f, &r, &ev);
	j = build_valid(&ctx, &f);
	s = str_at(j, "incident.phenomenon");
	/* 4095 bytes of the first copy, then the 'x' of the second. */
	ck_assert_uint_eq(strlen(s), 4096);
	ck_assert_int_eq(s[4095], 'x');
	ck_assert_ptr_null(strstr(s, "\xef\xbf\xbd"));
	json_decref(j);
	free(url);
}
END_TEST

static const struct {
	const char	*line;
	size_t		 max;
	const char	*want;
	int		 truncated;
} evidence_cases[] = {
	{ "abcdefgh\xc3\xa9xyz", 10, "abcdefgh\xc3\xa9", 1 },
	{ "abcdefgh\xc3\xa9xyz", 9, "abcdefgh", 1 },
	{ "abcdefgh\xc3\xa9xyz", 11, "abcdefgh\xc3\xa9x", 1 },
	{ "abcdefgh\xc3\xa9xyz", 13, "abcdefgh\xc3\xa9xyz", 0 },
	{ "abcdefgh\xc3\xa9xyz", 0, "abcdefgh\xc3\xa9xyz", 0 },
	{ "\xe2\x82\xac\xe2\x82\xac", 5, "\xe2\x82\xac", 1 },
	{ "a\xff" "b\xc3", 0, "a\xef\xbf\xbd" "b\xef\xbf\xbd", 0 },
	/* overlong '/', a surrogate, above U+10FFFF: one U+FFFD a byte */
	{ "\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd", 0 },
	{ "\xed\xa0\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 0 },
	{ "\xf4\x90\x80\x80", 0,
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 0 },
	/* a cut-short sequence is one U+FFFD */
	{ "x\xe2\x82y", 0, "x\xef\xbf\xbdy", 0 },
	{ "\xf0\x9f\x98\x80!", 0, "\xf0\x9f\x98\x80!", 0 },
	{ "ab\xff", 4, "ab", 1 },
	{ "ab\xff", 5, "ab\xef\xbf\xbd", 0 },
};

START_TEST(test_evidence_line)
{
	struct rule		 r;
	struct logevent		 ev;
	struct finding		 f;
	struct alert_ctx	 c = ctx;
	json_t			*j, *t;

	rule_proxy(&r);
	ev_squid(&ev);
	ev_set(&ev.raw, evidence_cases[_i].line);
	finding_proxy(&f, &r, &ev);
	c.evidence_max = evidence_cases[_i].max;
	j = build_valid(&c, &f);
	ck_str(j, "incident.evidence.0.line", evidence_cases[_i].want);
	t = at(j, "incident.evidence.0.truncated");
	if (evidence_cases[_i].truncated)
		ck_assert(json_is_true(t));
	else
		ck_assert_ptr_null(t);
	json_decref(j);
}
END_TEST

/* Invalid UTF-8 anywhere in the event, not only the line. */
START_TEST(test_invalid_utf8_fields)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;
	char		*s;

	rule_proxy(&r);
	r.phenomenon = "${user_agent.original}";
	ev_squid(&ev);
	ev_set(&ev.user_agent, "Mozilla\xff\xfe");
	ev_set(&ev.url, "http://x/\x80");
	ev_set(&ev.user, "bob\xc3");
	finding_proxy(&f, &r, &ev);
	j = build_valid(&ctx, &f);
	ck_str(j, "user_agent.original", "Mozilla\xef\xbf\xbd\xef\xbf\xbd");
	ck_str(j, "incident.phenomenon", "Mozilla\xef\xbf\xbd\xef\xbf\xbd");
	ck_str(j, "url.original", "http://x/\xef\xbf\xbd");
	ck_str(j, "user.name", "bob\xef\xbf\xbd");
	s = json_dumps(j, JSON_COMPACT);
	ck_assert_ptr_nonnull(s);
	free(s);
	json_decref(j);
}
END_TEST

/* Levels 0 are a rule built without them: the defaults of the rules. */
static const struct {
	enum level	 importance;
	enum level	 priority;
	int		 severity;
	int		 ticket;
	const char	*imp;
	const char	*pri;
} severity_cases[] = {
	{ LVL_LOW, LVL_LOW, 21, 1, "low", "low" },
	{ LVL_MEDIUM, LVL_LOW, 47, 2, "medium", "low" },
	{ LVL_LOW, LVL_HIGH, 73, 3, "low", "high" },
	{ LVL_HIGH, LVL_MEDIUM, 73, 3, "high", "medium" },
	{ LVL_CRITICAL, LVL_LOW, 99, 4, "critical", "low" },
	{ LVL_MEDIUM, LVL_CRITICAL, 99, 4, "medium", "critical" },
	{ 0, 0, 47, 2, "medium", "medium" },
	{ LVL_HIGH, 0, 73, 3, "high", "high" },
	{ 0, LVL_LOW, 47, 2, "medium", "low" },
	{ 9, 9, 47, 2, "medium", "medium" },
};

START_TEST(test_severity)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;

	rule_proxy(&r);
	r.importance = severity_cases[_i].importance;
	r.priority = severity_cases[_i].priority;
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	j = build_valid(&ctx, &f);
	ck_int(j, "event.severity", severity_cases[_i].severity);
	ck_assert(json_is_real(at(j, "event.risk_score")));
	ck_assert(json_real_value(at(j, "event.risk_score")) ==
	    severity_cases[_i].severity);
	ck_int(j, "incident.ticket_severity", severity_cases[_i].ticket);
	ck_str(j, "incident.importance", severity_cases[_i].imp);
	ck_str(j, "incident.priority", severity_cases[_i].pri);
	json_decref(j);
}
END_TEST

START_TEST(test_relevance_defaults)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;
	int		 vp;

	rule_proxy(&r);
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	for (vp = 0; vp < VP_MAX; vp++) {
		r.viewpoint = (enum viewpoint)vp;
		j = build_valid(&ctx, &f);
		ck_assert_ptr_nonnull(str_at(j, "incident.relevance"));
		ck_str(j, "incident.viewpoint.name", viewpoint_name(vp));
		ck_str(j, "incident.discovered.by.analyzer",
		    viewpoint_analyzer(vp));
		ck_str(j, "rule.category", viewpoint_name(vp));
		json_decref(j);
	}
}
END_TEST

static const struct {
	const char	*type;
	const char	*value;
	const char	*want;
} indicator_cases[] = {
	{ "domain", "bad.example.com", "domain-name" },
	{ "ip", "198.51.100.7", "ipv4-addr" },
	{ "ip", "2001:db8::/32", "ipv6-addr" },
	{ "url", "http://bad.example.com/x", "url" },
	{ "hash", "44d88612fea8a8f36de82e1278abb02f", "file" },
	{ "user", "svc-backup", "user-account" },
	{ "user-agent", "curl/8.0", "software" },
	{ "string", "4444", "artifact" },
	{ "unheard-of", "x", NULL },
	{ NULL, "x", NULL },
};

START_TEST(test_indicator_type)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j;

	rule_proxy(&r);
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	f.ind.type = indicator_cases[_i].type;
	f.ind.value = indicator_cases[_i].value;
	f.ind.description = NULL;
	j = build_valid(&ctx, &f);
	if (indicator_cases[_i].want != NULL)
		ck_str(j, "threat.indicator.type", indicator_cases[_i].want);
	else
		ck_absent(j, "threat.indicator.type");
	ck_str(j, "threat.indicator.matched.atomic",
	    indicator_cases[_i].value);
	ck_absent(j, "threat.indicator.description");
	json_decref(j);
}
END_TEST

START_TEST(test_format)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*a, *b;
	char		*buf = NULL, *first;
	size_t		 cap = 0;
	ssize_t		 n;

	rule_proxy(&r);
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	n = alert_format(&ctx, &f, &buf, &cap);
	ck_assert_int_gt(n, 100);
	ck_assert_uint_ge(cap, (size_t)n + 1);
	ck_assert_int_eq(buf[n - 1], '\n');
	ck_assert_ptr_eq(memchr(buf, '\n', (size_t)n), buf + n - 1);
	ck_assert_int_eq(buf[n], '\0');
	/* compact: no space after the separators */
	ck_assert_ptr_eq(strstr(buf, "{\"@timestamp\":\"2026-"), buf);
	a = json_loadb(buf, (size_t)n, 0, NULL);
	b = alert_build(&ctx, &f, NULL);
	ck_assert_ptr_nonnull(a);
	ck_assert(json_equal(a, b));
	ck_assert_int_eq(schema_violations(a, 0), 0);
	json_decref(a);
	json_decref(b);

	/* The buffer is reused; non-ASCII stays as it is (no \u escapes). */
	first = buf;
	ev_set(&ev.raw, "caf\xc3\xa9");
	n = alert_format(&ctx, &f, &buf, &cap);
	ck_assert_int_gt(n, 0);
	ck_assert_ptr_eq(buf, first);
	ck_assert_ptr_nonnull(strstr(buf, "\"line\":\"caf\xc3\xa9\""));
	free(buf);
}
END_TEST

START_TEST(test_defaults_and_errors)
{
	struct rule		 r;
	struct logevent		 ev;
	struct finding		 f;
	struct alert_ctx	 c = { NULL, NULL, NULL, NOW_MS, 0 };
	json_t			*j;
	char			 host[256] = "";

	rule_proxy(&r);
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	j = build_valid(&c, &f);
	gethostname(host, sizeof(host) - 1);
	if (host[0] != '\0')
		ck_str(j, "observer.hostname", host);
	ck_absent(j, "rule.ruleset");
	ck_assert_ptr_nonnull(str_at(j, "observer.version"));
	json_decref(j);

	/* A finding without a rule cannot make a record. */
	f.rule = NULL;
	ck_assert_ptr_null(alert_build(&ctx, &f, NULL));
	f.rule = &r;

	/* A rule without a stage (the rule files require one): no stage. */
	r.stage = 0;
	j = alert_build(&ctx, &f, NULL);
	ck_assert_ptr_nonnull(j);
	ck_absent(j, "incident.attack_stage");
	ck_assert_int_gt(schema_violations(j, 1), 0);
	json_decref(j);
	r.stage = 5;

	/* Without an event the record is built, but lacks evidence. */
	f.ev = NULL;
	j = alert_build(&ctx, &f, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_uint_eq(json_array_size(at(j, "incident.evidence")), 0);
	ck_assert_int_gt(schema_violations(j, 1), 0);
	json_decref(j);
}
END_TEST

/* The validator itself: each change below makes a valid record invalid. */
static const struct {
	const char	*path;	/* object holding the key */
	const char	*key;
	const char	*json;	/* new value; NULL deletes the key */
} invalid_cases[] = {
	{ "incident", "phase", NULL },
	{ "incident", "phase", "\"B\"" },
	{ "incident", "importance", "\"urgent\"" },
	{ "incident", "extra", "1" },
	{ "incident.attack_stage", "number", "7" },
	{ "incident.attack_stage", "number", "5.5" },
	{ "incident.attack_stage", "key", "\"C2\"" },
	{ "incident.viewpoint", "analyzer", "\"stats\"" },
	{ "incident", "evidence", "[]" },
	{ "incident", "count", "0" },
	{ "incident.countermeasures.0", "action", "\"reset-password\"" },
	{ "incident.countermeasures.0", "target", "\"host\"" },
	{ "incident", "related_alerts", "[\"not-a-uuid\"]" },
	{ "incident", "techniques", "[\"T1071\",\"T1071\"]" },
	{ "", "@timestamp", "\"2026-13-01T00:00:00.000Z\"" },
	{ "", "@timestamp", "\"2026-02-29T00:00:00.000Z\"" },
	{ "", "@timestamp", "\"2026-03-10 11:00:00.000Z\"" },
	{ "", "@timestamp", "1773140400123" },
	{ "event", "created", "\"2026-03-10T24:00:00.000Z\"" },
	{ "event", "id", "\"0195a3b2-1c4d-7e8f-9a0b-1c2d3e4f5a6b\"" },
	{ "event", "kind", "\"event\"" },
	{ "event", "severity", "50" },
	{ "event", "category", "[\"web\"]" },
	{ "rule", "version", "3" },
	{ "source", "port", "65536" },
	{ "source", "ip", "\"\"" },
	{ "", "unknown", "{}" },
	{ "", "destination", "{}" },
	{ "", "incident", NULL },
	{ "threat.indicator", "type", "\"domain\"" },
};

START_TEST(test_validator_rejects)
{
	struct rule	 r;
	struct logevent	 ev;
	struct finding	 f;
	json_t		*j, *o, *v = NULL;

	rule_proxy(&r);
	ev_squid(&ev);
	finding_proxy(&f, &r, &ev);
	j = build_valid(&ctx, &f);
	o = invalid_cases[_i].path[0] != '\0' ? at(j, invalid_cases[_i].path) :
	    j;
	ck_assert_ptr_nonnull(o);
	if (invalid_cases[_i].json == NULL)
		ck_assert_int_eq(json_object_del(o, invalid_cases[_i].key), 0);
	else {
		v = json_loads(invalid_cases[_i].json, JSON_DECODE_ANY, NULL);
		ck_assert_ptr_nonnull(v);
		json_object_set_new(o, invalid_cases[_i].key, v);
	}
	ck_assert_int_gt(schema_violations(j, 1), 0);
	json_decref(j);
}
END_TEST

static const struct {
	const char	*s;
	int		 ok;
} date_cases[] = {
	{ "2026-03-10T11:00:00.123Z", 1 },
	{ "2026-03-10T11:00:00Z", 1 },
	{ "2026-03-10t11:00:00z", 1 },
	{ "2026-03-10T11:00:00.1+09:00", 1 },
	{ "2024-02-29T00:00:00Z", 1 },
	{ "2016-12-31T23:59:60Z", 1 },
	{ "2000-02-29T00:00:00-00:00", 1 },
	{ "1900-02-29T00:00:00Z", 0 },
	{ "2026-04-31T00:00:00Z", 0 },
	{ "2026-03-10T11:00:00", 0 },
	{ "2026-03-10T11:00:00.Z", 0 },
	{ "2026-03-10T11:00:00+0900", 0 },
	{ "2026-03-10T11:60:00Z", 0 },
	{ "2026-3-10T11:00:00Z", 0 },
	{ "2026-03-10T11:00:00Zx", 0 },
	{ "", 0 },
};

START_TEST(test_validator_date_time)
{
	ck_assert_msg(sc_date_time(date_cases[_i].s, strlen(date_cases[_i].s))
	    == date_cases[_i].ok, "%s", date_cases[_i].s);
}
END_TEST

static int
write_temp(const char *text, char *path, size_t size)
{
	const char	*dir = getenv("TMPDIR");
	FILE		*fp;
	int		 fd;

	snprintf(path, size, "%s/check_alert.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : P_tmpdir);
	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

/* Unknown keywords, formats and refs are refused, not ignored. */
static const struct {
	const char	*schema;
	int		 ok;
} schema_cases[] = {
	{ "{\"type\":\"object\"}", 1 },
	{ "{\"patternProperties\":{}}", 0 },
	{ "{\"properties\":{\"a\":{\"prefixItems\":[]}}}", 0 },
	{ "{\"format\":\"email\"}", 0 },
	{ "{\"$ref\":\"#/$defs/none\"}", 0 },
	{ "{\"$defs\":{\"x\":true},\"$ref\":\"#/$defs/x\"}", 1 },
	{ "{\"pattern\":\"(\"}", 0 },
	{ "{\"type\":\"text\"}", 0 },
	{ "{\"anyOf\":[{\"dependentRequired\":{}}]}", 0 },
};

START_TEST(test_validator_schema)
{
	struct schemacheck	*sc;
	char			 path[1024];

	ck_assert_int_eq(write_temp(schema_cases[_i].schema, path,
	    sizeof(path)), 0);
	sc = schemacheck_load(path);
	unlink(path);
	ck_assert_int_eq(sc != NULL, schema_cases[_i].ok);
	schemacheck_free(sc);
}
END_TEST

/* Keyword semantics on small values. */
static const struct {
	const char	*schema;
	const char	*value;
	int		 ok;
} keyword_cases[] = {
	{ "{\"type\":\"integer\"}", "1.0", 1 },
	{ "{\"type\":\"integer\"}", "1.5", 0 },
	{ "{\"type\":\"number\"}", "1", 1 },
	{ "{\"type\":[\"string\",\"null\"]}", "null", 1 },
	{ "{\"type\":[\"string\",\"null\"]}", "1", 0 },
	{ "{\"const\":1}", "1.0", 1 },
	{ "{\"enum\":[[1,{\"a\":2}]]}", "[1,{\"a\":2.0}]", 1 },
	{ "{\"pattern\":\"b+\"}", "\"abbbc\"", 1 },
	{ "{\"pattern\":\"^b+$\"}", "\"abbbc\"", 0 },
	{ "{\"pattern\":\"^x\"}", "5", 1 },
	{ "{\"minLength\":2,\"maxLength\":2}", "\"\xc3\xa9\xc3\xa9\"", 1 },
	{ "{\"maxLength\":1}", "\"ab\"", 0 },
	{ "{\"uniqueItems\":true}", "[1,1.0]", 0 },
	{ "{\"uniqueItems\":true}", "[1,\"1\"]", 1 },
	{ "{\"items\":{\"type\":\"string\"},\"maxItems\":1}", "[\"a\"]", 1 },
	{ "{\"items\":{\"type\":\"string\"}}", "[\"a\",2]", 0 },
	{ "{\"additionalProperties\":{\"type\":\"integer\"}}",
	    "{\"a\":1,\"b\":\"x\"}", 0 },
	{ "{\"properties\":{\"a\":true},\"additionalProperties\":false}",
	    "{\"a\":1}", 1 },
	{ "{\"minProperties\":1}", "{}", 0 },
	{ "{\"exclusiveMaximum\":5}", "5", 0 },
	{ "{\"anyOf\":[{\"type\":\"string\"},{\"minimum\":3}]}", "2", 0 },
	{ "{\"anyOf\":[{\"type\":\"string\"},{\"minimum\":3}]}", "4", 1 },
	{ "{\"oneOf\":[{\"minimum\":1},{\"minimum\":2}]}", "3", 0 },
	{ "{\"oneOf\":[{\"minimum\":1},{\"minimum\":2}]}", "1", 1 },
	{ "{\"allOf\":[{\"minimum\":1},{\"maximum\":2}]}", "3", 0 },
	{ "{\"not\":{\"const\":1}}", "1", 0 },
	{ "false", "1", 0 },
};

START_TEST(test_validator_keywords)
{
	struct schemacheck	*sc;
	json_t			*v;
	char			 path[1024];

	ck_assert_int_eq(write_temp(keyword_cases[_i].schema, path,
	    sizeof(path)), 0);
	sc = schemacheck_load(path);
	unlink(path);
	ck_assert_ptr_nonnull(sc);
	sc->report = NULL;
	v = json_loads(keyword_cases[_i].value, JSON_DECODE_ANY, NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_msg((schemacheck_validate(sc, v, "t", 1) == 0) ==
	    keyword_cases[_i].ok, "%s on %s", keyword_cases[_i].schema,
	    keyword_cases[_i].value);
	json_decref(v);
	schemacheck_free(sc);
}
END_TEST

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
alert_suite(void)
{
	Suite	*s = suite_create("alert");
	TCase	*tc = tcase_create("record");
	TCase	*tv = tcase_create("validator");

	tcase_add_test(tc, test_proxy_record);
	tcase_add_test(tc, test_proxy_incident);
	tcase_add_test(tc, test_countermeasures);
	tcase_add_test(tc, test_windows_record);
	tcase_add_test(tc, test_ip_only_record);
	tcase_add_test(tc, test_dns_record);
	tcase_add_test(tc, test_id_stable);
	tcase_add_test(tc, test_id_in_record);
	tcase_add_test(tc, test_template);
	tcase_add_test(tc, test_template_bound);
	tcase_add_loop_test(tc, test_evidence_line, 0,
	    NCASES(evidence_cases));
	tcase_add_test(tc, test_invalid_utf8_fields);
	tcase_add_loop_test(tc, test_severity, 0, NCASES(severity_cases));
	tcase_add_test(tc, test_relevance_defaults);
	tcase_add_loop_test(tc, test_indicator_type, 0,
	    NCASES(indicator_cases));
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_defaults_and_errors);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(tv, test_validator_rejects, 0,
	    NCASES(invalid_cases));
	tcase_add_loop_test(tv, test_validator_date_time, 0,
	    NCASES(date_cases));
	tcase_add_loop_test(tv, test_validator_schema, 0,
	    NCASES(schema_cases));
	tcase_add_loop_test(tv, test_validator_keywords, 0,
	    NCASES(keyword_cases));
	suite_add_tcase(s, tv);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(alert_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
