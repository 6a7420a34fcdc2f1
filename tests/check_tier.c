/*
 * Work shared between instances (src/tier.c, analyzers/findrec.c):
 * finding records out and back, refused when they are not records of
 * this rule set; and the hand-over file of a partition, which carries
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
" stage c2\n condition destination.domain == \"bad.example\"\n}\n";

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

	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ev.time_ms = T0 + 5;
	ev.source = SRC_DNS;
	ev.file = "dns.log";
	ev.offset = 42;
	ev.raw = slice_cstr("a \"quoted\" line");
	ev.src_ip = slice_cstr("10.0.0.8");
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
		{ hand_over_identity_once, 0 },
	};

	return test_run("tier", t, sizeof(t) / sizeof(t[0]));
}
