/*
 * Work shared between instances (src/tier.c, analyzers/findrec.c,
 * analyzers/contrib.c): finding and contribution records out and back,
 * refused when they are not records of this rule set (or, for a
 * contribution, of this version, or without its endpoints); and the hand-over file of a partition, which carries
 * the identity table to the next owner once, and is refused whole when
 * it is not such a file.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "analyzers/analyzer.h"
#include "analyzers/contrib.h"
#include "analyzers/finding.h"
#include "analyzers/findrec.h"
#include "analyzers/identity.h"
#include "conf/conf.h"
#include "event/logevent.h"
#include "rules/ruleset.h"
#include "tier.h"
#include "testmain.h"
#include "testtmp.h"

#define T0	1773129600000LL

static const char *rules_text =
"rule 1000005 {\n name \"c2\"\n analyzer match\n viewpoint known-attack\n"
" stage c2\n condition destination.domain == \"bad.example\"\n}\n"
"rule 4000020 {\n name \"path\"\n analyzer composite\n viewpoint composite\n"
" stage lateral\n kind propagation\n step viewpoint known-attack\n"
" window 1h\n}\n";

static struct ruleset *
load(void)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*rs = analyzer_ruleset_new("test");
	struct cnode	*root, *n;

	root = conf_parse_string("t.rules", rules_text, strlen(rules_text),
	    &errs);
	for (n = root; n != NULL; n = n->next)
		ck_assert_int_eq(ruleset_statement(rs, n, &errs), 0);
	conf_free(root);
	cerrors_print(&errs);
	ck_assert_int_eq((int)errs.n, 0);
	return rs;
}

/* An event of a line: when, from what source, where, from whom. */
static void
line_event(struct logevent *ev, int64_t t, enum source_kind src,
    const char *file, uint64_t off, const char *raw, const char *ip)
{
	memset(ev, 0, sizeof(*ev));
	logevent_reset(ev);
	ev->time_ms = t;
	ev->source = src;
	ev->file = file;
	ev->offset = off;
	ev->raw = slice_cstr(raw);
	ev->src_ip = slice_cstr(ip);
}

START_TEST(finding_record_round_trip)
{
	struct ruleset		*rs = load();
	struct logevent		 ev;
	struct finding		 f;
	struct endpoint_id	 ep;
	struct findrec		 fr;
	json_t			*rec;
	char			*line;
	const char		*err = NULL;

	line_event(&ev, T0 + 5, SRC_DNS, "dns.log", 42, "a \"quoted\" line",
	    "10.0.0.8");
	ev.dst_domain = slice_cstr("bad.example");
	ev.dst_port = 53;
	memset(&f, 0, sizeof(f));
	f.rule = ruleset_rule(rs, "1000005");
	f.ev = &ev;
	f.first_ms = T0;
	f.last_ms = T0 + 5;
	f.count = 3;
	f.score = 0.5;
	f.ind.value = "bad.example";
	f.ind.type = "domain";
	memset(&ep, 0, sizeof(ep));
	snprintf(ep.key, sizeof(ep.key), "ws00007");
	snprintf(ep.ip, sizeof(ep.ip), "10.0.0.8");
	snprintf(ep.host, sizeof(ep.host), "ws00007");
	ck_assert_ptr_nonnull(rec = findrec_encode(&f, "id-1", 1, &ep));
	ck_assert_ptr_nonnull(line = json_dumps(rec, JSON_COMPACT));
	json_decref(rec);

	memset(&fr, 0, sizeof(fr));
	ck_assert_int_eq(findrec_decode(&fr, rs, line, strlen(line), &err), 0);
	ck_assert_ptr_eq(fr.f.rule, f.rule);
	ck_assert_str_eq(fr.id, "id-1");
	ck_assert_int_eq(fr.promoted, 1);
	ck_assert_str_eq(fr.ep.key, "ws00007");
	ck_assert_str_eq(fr.ep.ip, "10.0.0.8");
	ck_assert_int_eq(fr.f.first_ms, T0);
	ck_assert_int_eq(fr.f.last_ms, T0 + 5);
	ck_assert_uint_eq(fr.f.count, 3);
	ck_assert_str_eq(fr.f.ind.value, "bad.example");
	ck_assert_int_eq(fr.ev.time_ms, T0 + 5);
	ck_assert_int_eq(fr.ev.source, SRC_DNS);
	ck_assert_str_eq(fr.ev.file, "dns.log");
	ck_assert_uint_eq(fr.ev.offset, 42);
	ck_assert(slice_eq(fr.ev.raw, "a \"quoted\" line"));
	ck_assert(slice_eq(fr.ev.dst_domain, "bad.example"));
	ck_assert_int_eq(fr.ev.dst_port, 53);
	ck_assert_int_eq(fr.ev.win_event_id, -1);

	/* Not JSON, not a record, a rule this rule set does not have. */
	ck_assert_int_eq(findrec_decode(&fr, rs, "{", 1, &err), -1);
	ck_assert_str_eq(err, "not JSON");
	ck_assert_int_eq(findrec_decode(&fr, rs, "{\"event\":{}}", 12,
	    &err), -1);
	ck_assert_str_eq(err, "not a finding record");
	line[strstr(line, "1000005") - line] = '9';
	ck_assert_int_eq(findrec_decode(&fr, rs, line, strlen(line), &err),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "does not have"));
	findrec_clear(&fr);
	free(line);
	logevent_free(&ev);
	ruleset_free(rs);
}
END_TEST

static void
endpoint(struct endpoint_id *ep, const char *key, const char *ip)
{
	memset(ep, 0, sizeof(*ep));
	snprintf(ep->key, sizeof(ep->key), "%s", key);
	snprintf(ep->ip, sizeof(ep->ip), "%s", ip);
	snprintf(ep->host, sizeof(ep->host), "%s", key);
}

/* c as a record's line, and back into d; the line is returned. */
static char *
contrib_line(const struct contrib *c, struct contrib *d,
    const struct ruleset *rs)
{
	json_t		*rec;
	char		*line;
	const char	*err = NULL;

	ck_assert_ptr_nonnull(rec = contrib_encode(c));
	ck_assert_ptr_nonnull(line = json_dumps(rec, JSON_COMPACT));
	json_decref(rec);
	ck_assert_msg(contrib_decode(d, rs, line, strlen(line), &err) == 0,
	    "%s: %s", line, err);
	return line;
}

static void
refused(const struct ruleset *rs, char *line, const char *from,
    const char *to, const char *why)
{
	struct contrib	 d;
	char		*p, buf[4096];
	const char	*err = NULL;

	ck_assert_ptr_nonnull(p = strstr(line, from));
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(p - line), line, to,
	    p + strlen(from));
	memset(&d, 0, sizeof(d));
	ck_assert_int_eq(contrib_decode(&d, rs, buf, strlen(buf), &err), -1);
	ck_assert_msg(strstr(err, why) != NULL, "%s: %s", buf, err);
	contrib_clear(&d);
}

/*
 * A reach and a finding out and back, with their endpoints, event and
 * finding; refused when not JSON, not a contribution, of another
 * version, of a rule this rule set does not have, or without the
 * endpoints its type needs.
 */
START_TEST(contribution_record_round_trip)
{
	struct ruleset	*rs = load();
	struct logevent	 ev;
	struct finding	 f;
	struct contrib	 c, d;
	char		*line;
	const char	*err = NULL;

	line_event(&ev, T0 + 7, SRC_AD, "dc.log", 99, "{\"EventID\":4624}",
	    "10.0.0.8");
	ev.host_name = slice_cstr("WSB.corp.local");
	ev.win_event_id = 4624;
	memset(&c, 0, sizeof(c));
	memset(&d, 0, sizeof(d));
	c.rule = ruleset_rule(rs, "4000020");
	c.type = CONTRIB_REACH;
	c.group = "4000020";
	c.ev = &ev;
	endpoint(&c.ep, "wsa", "10.0.0.8");
	endpoint(&c.to, "wsb", "");
	line = contrib_line(&c, &d, rs);
	ck_assert_ptr_eq(d.rule, c.rule);
	ck_assert_int_eq(d.type, CONTRIB_REACH);
	ck_assert_str_eq(d.group, "4000020");
	ck_assert_str_eq(d.ep.key, "wsa");
	ck_assert_str_eq(d.ep.ip, "10.0.0.8");
	ck_assert_str_eq(d.to.key, "wsb");
	ck_assert_ptr_null(d.f);
	ck_assert_int_eq(d.ev->time_ms, T0 + 7);
	ck_assert_int_eq(d.ev->source, SRC_AD);
	ck_assert_str_eq(d.ev->file, "dc.log");
	ck_assert_uint_eq(d.ev->offset, 99);
	ck_assert(slice_eq(d.ev->raw, "{\"EventID\":4624}"));
	ck_assert(slice_eq(d.ev->host_name, "WSB.corp.local"));
	ck_assert_int_eq(d.ev->win_event_id, 4624);

	ck_assert_int_eq(contrib_decode(&d, rs, "{", 1, &err), -1);
	ck_assert_str_eq(err, "not JSON");
	refused(rs, line, "\"type\":\"reach\"", "\"type\":\"wave\"",
	    "not a contribution");
	refused(rs, line, "\"version\":1", "\"version\":2", "another version");
	refused(rs, line, "\"4000020\"", "\"4000099\"", "does not have");
	refused(rs, line, "\"to\":{\"key\":\"wsb\"", "\"to\":{\"k\":\"wsb\"",
	    "without its endpoints");
	refused(rs, line, "\"event\":{", "\"events\":{", "without an event");
	free(line);

	/* A finding, with its own endpoint and the id of its alert. */
	memset(&f, 0, sizeof(f));
	f.rule = ruleset_rule(rs, "1000005");
	f.ev = &ev;
	f.first_ms = T0;
	f.last_ms = T0 + 7;
	f.count = 2;
	c.type = CONTRIB_FINDING;
	c.f = &f;
	c.alert_id = "id-9";
	c.promoted = 1;
	line = contrib_line(&c, &d, rs);
	ck_assert_int_eq(d.type, CONTRIB_FINDING);
	ck_assert_ptr_nonnull(d.f);
	ck_assert_ptr_eq(d.f->rule, f.rule);
	ck_assert_str_eq(d.alert_id, "id-9");
	ck_assert_int_eq(d.promoted, 1);
	ck_assert_int_eq(d.f->last_ms, T0 + 7);
	ck_assert_uint_eq(d.f->count, 2);
	ck_assert_str_eq(d.ep.key, "wsa");
	ck_assert_ptr_eq(d.ev, d.f->ev);
	ck_assert_str_eq(d.ev->file, "dc.log");
	refused(rs, line, "\"1000005\"", "\"1000099\"", "does not have");
	free(line);
	contrib_clear(&d);
	logevent_free(&ev);
	ruleset_free(rs);
}
END_TEST

static const char *
key_at(struct identity *id, const char *ip)
{
	static struct endpoint_id	 ep;
	struct logevent			 ev;

	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ev.time_ms = T0 + 60000;
	ev.source = SRC_PROXY;
	ev.src_ip = slice_cstr(ip);
	if (identity_source(id, &ev, &ep) == -1)
		return "(none)";
	return ep.key;
}

START_TEST(hand_over_identity_once)
{
	struct identity	*a = identity_new(0), *b = identity_new(0);
	struct logevent	 ev;
	const int32_t	 part = 3;
	char		 path[4096];
	FILE		*fp;

	test_dir_make();
	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ev.time_ms = T0;
	ev.source = SRC_DHCP;
	ev.action = slice_cstr("DHCPACK");
	ev.src_ip = slice_cstr("10.0.0.5");
	ev.src_mac = slice_cstr("00:16:3e:00:00:05");
	ev.src_host = slice_cstr("WS-A");
	identity_learn(a, &ev);
	ck_assert_str_eq(key_at(a, "10.0.0.5"), "ws-a");
	ck_assert_str_eq(key_at(b, "10.0.0.5"), "10.0.0.5");

	ck_assert_int_eq(tier_hand_parts(NULL, 0, a, test_dir(), "logs",
	    &part, 1, 1), 0);
	snprintf(path, sizeof(path), "%s", test_path("logs-3"));
	ck_assert_int_eq(access(path, F_OK), 0);
	ck_assert_int_eq(tier_hand_parts(NULL, 0, b, test_dir(), "logs",
	    &part, 1, 0), 0);
	ck_assert_str_eq(key_at(b, "10.0.0.5"), "ws-a");
	/* Taken once: the file is gone, and no file is no error. */
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(tier_hand_parts(NULL, 0, b, test_dir(), "logs",
	    &part, 1, 0), 0);

	/* Not a hand-over file: refused, and left for a look. */
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "something else\n");
	fclose(fp);
	ck_assert_int_eq(tier_hand_parts(NULL, 0, b, test_dir(), "logs",
	    &part, 1, 0), -1);
	ck_assert_int_eq(access(path, F_OK), 0);
	logevent_free(&ev);
	identity_free(a);
	identity_free(b);
	test_dir_remove();
}
END_TEST

int
main(void)
{
	const struct test_def t[] = {
		{ finding_record_round_trip, 0 },
		{ contribution_record_round_trip, 0 },
		{ hand_over_identity_once, 0 },
	};

	return test_run("tier", t, sizeof(t) / sizeof(t[0]));
}
