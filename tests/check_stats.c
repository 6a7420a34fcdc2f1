/*
 * The statistical analyzer (src/analyzers/stats*.c) driven with
 * hand-made events: each pattern gives one finding with the right
 * numbers in its reason, the same traffic without the pattern gives
 * none, baselines survive a restart, and tables stay within their caps.
 * The table of statistic kinds (statskind.c): each kind is found by its
 * name, with its own defaults and its own event function, and unknown
 * names are refused.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzers/analyzer.h"
#include "analyzers/finding.h"
#include "analyzers/identity.h"
#include "analyzers/stats.h"
#include "analyzers/statskey.h"
#include "analyzers/statskind.h"
#include "analyzers/statsprev.h"
#include "analyzers/statsrare.h"
#include "analyzers/statsrule.h"
#include "event/evmemo.h"
#include "event/logevent.h"
#include "conf/conf.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "util/hash.h"
#include "testrand.h"
#include "testtmp.h"

#define MAXF	256
#define T0	1773273600000LL		/* 2026-03-12T00:00:00Z */

struct cap {
	int		 n;
	char		 rule[MAXF][16];
	char		 reason[MAXF][512];
	char		 src[MAXF][64];
	double		 score[MAXF];
	uint64_t	 count[MAXF];
	int64_t		 first[MAXF], last[MAXF];
	int		 synth[MAXF];
	unsigned	 flags[MAXF];
};

static struct cap	 cap;
static uint64_t		 rng = 1;

static double
unif(void)
{
	return test_unif(&rng);
}

static void
cap_emit(void *arg, const struct finding *f)
{
	int	 i = cap.n;

	(void)arg;
	if (i >= MAXF)
		return;
	snprintf(cap.rule[i], sizeof(cap.rule[i]), "%s", f->rule->id);
	snprintf(cap.reason[i], sizeof(cap.reason[i]), "%s", f->reason);
	snprintf(cap.src[i], sizeof(cap.src[i]), "%.*s",
	    (int)f->ev->src_ip.len, f->ev->src_ip.p ? f->ev->src_ip.p : "");
	cap.score[i] = f->score;
	cap.count[i] = f->count;
	cap.first[i] = f->first_ms;
	cap.last[i] = f->last_ms;
	cap.synth[i] = f->ev->raw.len == 0;
	cap.flags[i] = f->flags;
	cap.n++;
}

static const char *rules_text =
"rule 9001 {\n name \"beacon\"\n analyzer stats\n"
" viewpoint similar-to-attack\n stage c2\n statistic beacon\n learn 0s\n"
" condition not destination.domain == \"time.example.org\"\n}\n"
"rule 9002 {\n name \"scan\"\n analyzer stats\n viewpoint similar-to-attack\n"
" stage recon\n statistic distinct destination.ip\n"
" group-by endpoint destination.port\n window 5m\n threshold 25\n"
" condition network.conn_state == \"S0\" or network.conn_state == \"REJ\"\n}\n"
"rule 9003 {\n name \"dga\"\n analyzer stats\n viewpoint similar-to-attack\n"
" stage c2\n statistic distinct dns.question.name\n window 10m\n"
" threshold 50\n entropy 3.2 10\n"
" condition dns.response_code == \"NXDOMAIN\"\n}\n"
"rule 9004 {\n name \"tunnel\"\n analyzer stats\n"
" viewpoint similar-to-attack\n stage c2\n"
" statistic distinct dns.question.subdomain\n"
" group-by endpoint dns.question.registered_domain\n window 10m\n"
" threshold 100\n}\n"
"rule 9005 {\n name \"spray\"\n analyzer stats\n"
" viewpoint similar-to-attack\n stage lateral\n"
" statistic distinct winlog.event_data.TargetUserName\n window 30m\n"
" threshold 10\n condition winlog.event_id == 4625\n}\n"
"rule 9006 {\n name \"kerberoast\"\n analyzer stats\n"
" viewpoint similar-to-attack\n stage lateral\n"
" statistic distinct service.name\n window 10m\n threshold 5\n"
" condition winlog.event_id == 4769 and "
"winlog.event_data.TicketEncryptionType == \"0x17\"\n}\n"
"rule 9007 {\n name \"errors\"\n analyzer stats\n"
" viewpoint similar-to-attack\n stage recon\n statistic count\n"
" window 10m\n threshold 30\n min-ratio 0.5\n min-events 40\n"
" sources proxy\n condition http.response.status_code >= 400\n}\n"
"rule 9008 {\n name \"volume\"\n analyzer stats\n"
" viewpoint similar-to-attack\n stage objective\n statistic sum source.bytes\n"
" group-by endpoint destination\n window 1h\n threshold 20MB\n}\n";

static const char *base_text =
"rule 9100 {\n name \"deviation\"\n analyzer stats\n"
" viewpoint deviation-from-normal\n stage objective\n statistic count\n"
" window 1h\n baseline rolling\n baseline-windows 24\n learn 12\n"
" deviation 6\n floor 50\n persist always\n}\n";

static struct ruleset *
load(const char *text, struct cerrors *errs)
{
	struct ruleset	*rs = analyzer_ruleset_new("test");
	struct cnode	*root, *n;
	int		 rc = 0;

	root = conf_parse_string("test.rules", text, strlen(text), errs);
	for (n = root; n != NULL; n = n->next)
		if (ruleset_statement(rs, n, errs) == -1)
			rc = -1;
	conf_free(root);
	if (rc == -1 || errs->n > 0) {
		ruleset_free(rs);
		return NULL;
	}
	return rs;
}

static void *
start(struct ruleset *rs, const char *dir, int replay)
{
	struct emitter		 em = { cap_emit, NULL };
	struct analyzer_env	 env = { dir, replay, NULL, ANALYZER_TIER_ALL,
	    { NULL, NULL } };

	return analyzer_stats.new(rs, &em, &env);
}

static void
ev_conn(struct logevent *ev, int64_t t, const char *src, const char *dom,
    const char *ip, int port, int64_t bytes)
{
	logevent_reset(ev);
	ev->time_ms = t;
	ev->source = SRC_NETWORK;
	ev->src_ip = slice_cstr(src);
	if (dom != NULL)
		ev->dst_domain = slice_cstr(dom);
	if (ip != NULL)
		ev->dst_ip = slice_cstr(ip);
	ev->dst_port = port;
	ev->bytes_out = bytes;
	ev->raw = slice_cstr("line");
}

/* Benign background: 50 endpoints browsing at random. */
static void
background(void *a, int64_t from, int64_t to)
{
	struct logevent	 ev;
	char		 src[32], dom[32];
	int64_t		 t;

	memset(&ev, 0, sizeof(ev));
	for (t = from; t < to; t += (int64_t)(1 + 4000 * unif())) {
		snprintf(src, sizeof(src), "10.0.0.%d", 1 + (int)(50 * unif()));
		snprintf(dom, sizeof(dom), "site%d.example.com",
		    (int)(20 * unif()));
		ev_conn(&ev, t, src, dom, NULL, 443,
		    (int64_t)(500 + 3000 * unif()));
		ev.conn_state = slice_cstr("SF");
		analyzer_stats.process(a, &ev);
	}
	logevent_free(&ev);
}

static struct ruleset *rs;
static void *an;

static void
setup(void)
{
	struct cerrors	 errs = { 0 };

	memset(&cap, 0, sizeof(cap));
	rng = 12345;
	rs = load(rules_text, &errs);
	if (rs == NULL)
		cerrors_print(&errs);
	ck_assert_ptr_nonnull(rs);
	an = start(rs, NULL, 1);
	ck_assert_ptr_nonnull(an);
}

static void
teardown(void)
{
	analyzer_stats.free(an);
	ruleset_free(rs);
}

START_TEST(background_quiet)
{
	background(an, T0, T0 + 6 * 3600000LL);
	analyzer_stats.flush(an);
	ck_assert_int_eq(cap.n, 0);
}
END_TEST

START_TEST(beacon_found)
{
	struct logevent	 ev;
	int64_t		 t = T0;
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 200; i++) {
		ev_conn(&ev, t, "10.0.0.66", NULL, "203.0.113.7", 443, 310);
		analyzer_stats.process(an, &ev);
		/* NTP: regular too, but declared. */
		ev_conn(&ev, t + 5, "10.0.0.66", "time.example.org", NULL, 123,
		    48);
		analyzer_stats.process(an, &ev);
		t += (int64_t)(60000 * (0.8 + 0.4 * unif()));
	}
	analyzer_stats.flush(an);
	logevent_free(&ev);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.rule[0], "9001");
	ck_assert_str_eq(cap.src[0], "10.0.0.66");
	ck_assert_msg(strncmp(cap.reason[0], "beacon every 5", 14) == 0 ||
	    strncmp(cap.reason[0], "beacon every 6", 14) == 0, "%s",
	    cap.reason[0]);
	ck_assert_msg(strstr(cap.reason[0], "to 203.0.113.7:443, score") !=
	    NULL, "%s", cap.reason[0]);
	ck_assert_int_eq(cap.synth[0], 0);
	ck_assert_double_ge(cap.score[0], 0.65);
}
END_TEST

/*
 * Connections of src to 203.0.113.7 about a minute apart, i from..to-1
 * of a fixed series, from partition shard.
 */
static void
hand_stream(void *a, const char *src, uint32_t shard, int from, int to)
{
	struct logevent	 ev;
	uint64_t	 r = 777;
	int64_t		 t = T0;
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < to; i++) {
		if (i >= from) {
			ev_conn(&ev, t, src, NULL, "203.0.113.7", 443, 310);
			ev.shard = shard;
			analyzer_stats.process(a, &ev);
		}
		t += (int64_t)(60000 * (0.8 + 0.4 * test_unif(&r)));
	}
	logevent_free(&ev);
}

/* Give shard's state of a to b, as two members of a group would. */
static void
hand_over(void *a, void *b, uint32_t shard)
{
	char	*buf = NULL, *line, *next;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(analyzer_stats.hand_save(a, fp, shard), 0);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, "\ngroup "));
	/* hand_line may use strtok: not while this loop does. */
	for (next = buf; (line = strsep(&next, "\n")) != NULL; )
		if (*line != '\0')
			ck_assert_int_eq(analyzer_stats.hand_line(b, shard,
			    line), 1);
	free(buf);
}

/*
 * A partition moves half-way through a beacon: the member that takes
 * it reports it as one instance would (same count, times, score and
 * reason); the endpoint of a partition that stays is not handed over
 * and stays where it was.
 */
START_TEST(hand_over_half_way)
{
	struct cap	 one;
	void		*a, *b;

	hand_stream(an, "10.0.0.66", 1, 0, 200);
	analyzer_stats.flush(an);
	ck_assert_int_eq(cap.n, 1);
	one = cap;
	memset(&cap, 0, sizeof(cap));
	ck_assert_ptr_nonnull(a = start(rs, NULL, 1));
	ck_assert_ptr_nonnull(b = start(rs, NULL, 1));
	hand_stream(a, "10.0.0.66", 1, 0, 8);
	hand_stream(a, "10.0.0.77", 2, 0, 8);
	ck_assert_int_eq(cap.n, 0);
	hand_over(a, b, 1);
	hand_stream(b, "10.0.0.66", 1, 8, 200);
	analyzer_stats.flush(b);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.rule[0], one.rule[0]);
	ck_assert_str_eq(cap.reason[0], one.reason[0]);
	ck_assert_uint_eq(cap.count[0], one.count[0]);
	ck_assert_int_eq(cap.first[0], one.first[0]);
	ck_assert_int_eq(cap.last[0], one.last[0]);
	ck_assert_double_eq(cap.score[0], one.score[0]);
	/* 10.0.0.77 stayed: its first 8 connections are still a's. */
	hand_stream(a, "10.0.0.77", 2, 8, 200);
	analyzer_stats.flush(a);
	ck_assert_int_eq(cap.n, 2);
	ck_assert_str_eq(cap.src[1], "10.0.0.77");
	ck_assert_uint_eq(cap.count[1], one.count[0]);
	analyzer_stats.free(a);
	analyzer_stats.free(b);
}
END_TEST

/*
 * Scanners retry: twelve connections 5 s apart within a minute are no
 * beacon yet (min-span 5m), nor is a burst 0.2 s apart however long
 * (min-period 1s); the same 5 s gaps kept up for ten minutes are.
 */
START_TEST(beacon_span_period)
{
	struct logevent	 ev;
	int64_t		 t = T0;
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 13; i++, t += 5000) {
		ev_conn(&ev, t, "10.0.0.67", NULL, "203.0.113.70", 2000, 60);
		analyzer_stats.process(an, &ev);
	}
	for (i = 0, t = T0; i < 3000; i++, t += 200) {
		ev_conn(&ev, t, "10.0.0.68", NULL, "203.0.113.71", 8888, 60);
		analyzer_stats.process(an, &ev);
	}
	analyzer_stats.flush(an);
	ck_assert_int_eq(cap.n, 0);
	for (i = 0, t = T0; i < 121; i++, t += 5000) {
		ev_conn(&ev, t, "10.0.0.69", NULL, "203.0.113.72", 443, 60);
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.src[0], "10.0.0.69");
	ck_assert_msg(strstr(cap.reason[0], "beacon every 5.0 s") != NULL,
	    "%s", cap.reason[0]);
}
END_TEST

/*
 * Group keys longer than an entry holds (a long destination name) are
 * kept on the heap; the group works and reports its key the same.
 */
START_TEST(long_keys)
{
	struct logevent	 ev;
	char		 dom[160];
	int		 i;

	memset(dom, 'a', 120);
	snprintf(dom + 120, sizeof(dom) - 120, ".long-name.example");
	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 12; i++) {
		ev_conn(&ev, T0 + (int64_t)i * 600000, "10.0.0.71", dom,
		    "203.0.113.73", 443, 310);
		analyzer_stats.process(an, &ev);
		ev_conn(&ev, T0 + (int64_t)i * 600000 + 1, "10.0.0.72",
		    "short.example", "203.0.113.74", 443, 310);
		analyzer_stats.process(an, &ev);
	}
	analyzer_stats.flush(an);
	logevent_free(&ev);
	ck_assert_int_eq(cap.n, 2);
	ck_assert_msg(strstr(cap.reason[0], dom) != NULL ||
	    strstr(cap.reason[1], dom) != NULL, "%s | %s", cap.reason[0],
	    cap.reason[1]);
	ck_assert_msg(strstr(cap.reason[0], "short.example:443") != NULL ||
	    strstr(cap.reason[1], "short.example:443") != NULL, "%s | %s",
	    cap.reason[0], cap.reason[1]);
}
END_TEST

START_TEST(beacon_at_flush)
{
	static const int lead[] = { 10, 200, 3, 47, 120, 7 };
	struct logevent	 ev;
	int64_t		 t = T0;
	int		 i;

	/*
	 * Irregular at first, so the score at 12 connections is low; the
	 * last connections are hourly, and the end of the replay finds it.
	 */
	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 15; i++) {
		ev_conn(&ev, t, "10.0.0.9", "slow.example.net", NULL, 443, 2048);
		analyzer_stats.process(an, &ev);
		t += (i < 6 ? lead[i] : 60) * 60000LL;
	}
	logevent_free(&ev);
	ck_assert_int_eq(cap.n, 0);
	analyzer_stats.flush(an);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_msg(strncmp(cap.reason[0], "beacon every 1.0 h ±0.0 s (MAD), "
	    "15 connections over 14.4 h to slow.example.net:443, score ", 87)
	    == 0, "%s", cap.reason[0]);
	ck_assert_int_eq(cap.synth[0], 1);
	ck_assert_str_eq(cap.src[0], "10.0.0.9");
	ck_assert_int_eq(cap.count[0], 15);
}
END_TEST

START_TEST(scan_found)
{
	struct logevent	 ev;
	char		 ip[32];
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 60; i++) {
		snprintf(ip, sizeof(ip), "192.168.1.%d", i + 1);
		ev_conn(&ev, T0 + i * 500, "172.16.1.11", NULL, ip, 445, 0);
		ev.conn_state = slice_cstr(i % 2 ? "S0" : "REJ");
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.rule[0], "9002");
	ck_assert_str_eq(cap.reason[0], "source.ip=172.16.1.11 "
	    "destination.port=445: 25 distinct destination.ip in 5.0 min "
	    "(threshold 25)");
	ck_assert_int_eq(cap.count[0], 25);
}
END_TEST

START_TEST(scan_slow_not_found)
{
	struct logevent	 ev;
	char		 ip[32];
	int		 i;

	/* One new address every 20 s: never 25 in five minutes. */
	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 100; i++) {
		snprintf(ip, sizeof(ip), "192.168.1.%d", i + 1);
		ev_conn(&ev, T0 + i * 20000LL, "172.16.1.11", NULL, ip, 445, 0);
		ev.conn_state = slice_cstr("S0");
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	ck_assert_int_eq(cap.n, 0);
}
END_TEST

static void
ev_dns(struct logevent *ev, int64_t t, const char *src, const char *q,
    const char *rcode)
{
	logevent_reset(ev);
	ev->time_ms = t;
	ev->source = SRC_DNS;
	ev->src_ip = slice_cstr(src);
	ev->dns_query = slice_cstr(q);
	ev->dns_rcode = slice_cstr(rcode);
	ev->raw = slice_cstr("dns line");
}

START_TEST(dga_entropy)
{
	struct logevent	 ev;
	char		 q[64];
	int		 i, j;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 12; i++) {
		for (j = 0; j < 14; j++)
			q[j] = "abcdefghijklmnopqrstuvwxyz0123456789"
			    [(int)(36 * unif())];
		snprintf(q + 14, sizeof(q) - 14, ".info");
		ev_dns(&ev, T0 + i * 1000, "10.0.0.7", q, "NXDOMAIN");
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.rule[0], "9003");
	ck_assert_msg(strstr(cap.reason[0], "source.ip=10.0.0.7: 10 distinct "
	    "dns.question.name in 10.0 min, mean label entropy 3.") != NULL,
	    "%s", cap.reason[0]);
	ck_assert_msg(strstr(cap.reason[0], "(thresholds 50, or 10 at 3.20 "
	    "bits: met)") != NULL, "%s", cap.reason[0]);
}
END_TEST

START_TEST(dga_low_entropy)
{
	static const char *const w[] = { "apple", "river", "stone", "cloud",
	    "green", "table", "light", "house" };
	struct logevent	 ev;
	char		 q[64];
	int		 i;

	/* Dictionary DGA: low entropy, found by the count alone. */
	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 60; i++) {
		snprintf(q, sizeof(q), "%s%s.com", w[i % 8], w[(i / 8) % 8]);
		ev_dns(&ev, T0 + i * 2000, "10.0.0.8", q, "NXDOMAIN");
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_msg(strstr(cap.reason[0], "50 distinct dns.question.name")
	    != NULL, "%s", cap.reason[0]);
	ck_assert_msg(strstr(cap.reason[0], ": met") == NULL, "%s",
	    cap.reason[0]);
}
END_TEST

START_TEST(dns_tunnel)
{
	struct logevent	 ev;
	char		 q[128];
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 150; i++) {
		snprintf(q, sizeof(q), "%08x%08x.t.tunnel.example.co.uk",
		    (unsigned)(i * 2654435761U), (unsigned)i);
		ev_dns(&ev, T0 + i * 1000, "10.0.0.5", q, "NOERROR");
		analyzer_stats.process(an, &ev);
		/* Ordinary lookups of many names stay apart. */
		snprintf(q, sizeof(q), "host%d.example.com", i % 40);
		ev_dns(&ev, T0 + i * 1000 + 1, "10.0.0.5", q, "NOERROR");
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.rule[0], "9004");
	ck_assert_str_eq(cap.reason[0], "source.ip=10.0.0.5 "
	    "dns.question.registered_domain=example.co.uk: 100 distinct "
	    "dns.question.subdomain in 10.0 min (threshold 100)");
}
END_TEST

static void
ev_win(struct logevent *ev, int64_t t, int id, const char *src,
    const char *target, const char *svc, const char *enc)
{
	logevent_reset(ev);
	ev->time_ms = t;
	ev->source = SRC_AD;
	ev->win_event_id = id;
	ev->src_ip = slice_cstr(src);
	if (target != NULL)
		ev->target_user = slice_cstr(target);
	if (svc != NULL)
		ev->service_name = slice_cstr(svc);
	if (enc != NULL)
		ev->ticket_enc = slice_cstr(enc);
	ev->raw = slice_cstr("{}");
}

START_TEST(password_spray)
{
	struct logevent	 ev;
	char		 u[32];
	int		 i;

	memset(&ev, 0, sizeof(ev));
	/* A user mistyping their own password five times: quiet. */
	for (i = 0; i < 5; i++) {
		ev_win(&ev, T0 + i * 1000, 4625, "10.0.0.20", "alice", NULL,
		    NULL);
		analyzer_stats.process(an, &ev);
	}
	for (i = 0; i < 30; i++) {
		snprintf(u, sizeof(u), "user%02d", i);
		ev_win(&ev, T0 + 10000 + i * 3000, 4625, "10.0.0.99", u, NULL,
		    NULL);
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.reason[0], "source.ip=10.0.0.99: 10 distinct "
	    "winlog.event_data.TargetUserName in 30.0 min (threshold 10)");
}
END_TEST

START_TEST(kerberoast)
{
	struct logevent	 ev;
	char		 s[32];
	int		 i;

	memset(&ev, 0, sizeof(ev));
	/* AES tickets are normal, however many. */
	for (i = 0; i < 20; i++) {
		snprintf(s, sizeof(s), "svc%d", i);
		ev_win(&ev, T0 + i * 100, 4769, "10.0.0.30", NULL, s, "0x12");
		analyzer_stats.process(an, &ev);
	}
	ck_assert_int_eq(cap.n, 0);
	for (i = 0; i < 8; i++) {
		snprintf(s, sizeof(s), "sql%d", i);
		ev_win(&ev, T0 + 5000 + i * 100, 4769, "10.0.0.31", NULL, s,
		    "0x17");
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.reason[0], "source.ip=10.0.0.31: 5 distinct "
	    "service.name in 10.0 min (threshold 5)");
}
END_TEST

static void
ev_proxy(struct logevent *ev, int64_t t, const char *src, int status)
{
	logevent_reset(ev);
	ev->time_ms = t;
	ev->source = SRC_PROXY;
	ev->src_ip = slice_cstr(src);
	ev->dst_domain = slice_cstr("www.example.com");
	ev->status = status;
	ev->raw = slice_cstr("squid line");
}

/* What error_ratio finds: 10.0.0.41 alone, with its own counts. */
static void
ratio_found(void)
{
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.reason[0], "source.ip=10.0.0.41: 32 of 40 "
	    "events (80%) in 10.0 min matched (thresholds 30 and 50%)");
}

START_TEST(error_ratio)
{
	struct logevent	 ev;
	int		 i;

	memset(&ev, 0, sizeof(ev));
	/* Busy and healthy: 40 errors among 1,000 requests. */
	for (i = 0; i < 1000; i++) {
		ev_proxy(&ev, T0 + i * 500, "10.0.0.40", i % 25 ? 200 : 404);
		analyzer_stats.process(an, &ev);
	}
	ck_assert_int_eq(cap.n, 0);
	for (i = 0; i < 60; i++) {
		ev_proxy(&ev, T0 + i * 5000, "10.0.0.41", i % 5 ? 404 : 200);
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	ratio_found();
}
END_TEST

/*
 * The same two endpoints, one line each in turn: their groups sit side
 * by side in the table, each with its window of every event (a rule
 * without a ratio has groups without one), and neither counts into the
 * other's.
 */
START_TEST(error_ratio_interleaved)
{
	struct logevent	 ev;
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 60; i++) {
		ev_proxy(&ev, T0 + i * 5000, "10.0.0.41", i % 5 ? 404 : 200);
		analyzer_stats.process(an, &ev);
		ev_proxy(&ev, T0 + i * 5000 + 1, "10.0.0.40", i % 25 ? 200 :
		    404);
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	ratio_found();
}
END_TEST

START_TEST(volume)
{
	struct logevent	 ev;
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 30; i++) {
		ev_conn(&ev, T0 + i * 60000LL + (int64_t)(59000 * unif()),
		    "10.8.0.61", NULL, "147.32.83.234", 1337, 1000000);
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	ck_assert_msg(cap.n == 1, "%d: %s %s / %s %s", cap.n, cap.rule[0], cap.reason[0], cap.rule[1], cap.reason[1]);
	ck_assert_str_eq(cap.reason[0], "source.ip=10.8.0.61 "
	    "destination.ip=147.32.83.234: 21,000,000 source.bytes in 1.0 h "
	    "(threshold 20,971,520)");
}
END_TEST

START_TEST(late_events)
{
	struct logevent		 ev;
	struct stats_counters	 c;
	char			 ip[32];
	size_t			 i;
	int			 k;

	memset(&ev, 0, sizeof(ev));
	/* Scan probes arrive an hour late: past their window, counted. */
	ev_conn(&ev, T0 + 7200000LL, "172.16.1.12", NULL, "10.1.1.1", 22, 0);
	ev.conn_state = slice_cstr("S0");
	analyzer_stats.process(an, &ev);
	for (k = 0; k < 5; k++) {
		snprintf(ip, sizeof(ip), "10.1.1.%d", k + 2);
		ev_proxy(&ev, T0 + 7200000LL, "10.0.0.50", 500);
		analyzer_stats.process(an, &ev);
		ev_proxy(&ev, T0, "10.0.0.50", 500);
		analyzer_stats.process(an, &ev);
	}
	logevent_free(&ev);
	for (i = 0; stats_counters(an, i, &c) == 0; i++)
		if (strcmp(c.rule, "9007") == 0)
			break;
	ck_assert_str_eq(c.rule, "9007");
	ck_assert_int_eq(c.late, 5);
}
END_TEST

START_TEST(determinism)
{
	struct cap	 first;

	background(an, T0, T0 + 1800000LL);
	analyzer_stats.flush(an);
	memcpy(&first, &cap, sizeof(cap));
	analyzer_stats.free(an);
	memset(&cap, 0, sizeof(cap));
	rng = 12345;
	an = start(rs, NULL, 1);
	background(an, T0, T0 + 1800000LL);
	analyzer_stats.flush(an);
	ck_assert_int_eq(memcmp(&first, &cap, sizeof(cap)), 0);
}
END_TEST

/* A ruleset of one beacon rule, rule 1, with opts (lines) added. */
static struct ruleset *
beacon_ruleset(const char *opts)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;
	char		 text[512];

	snprintf(text, sizeof(text), "rule 1 {\n name \"b\"\n analyzer "
	    "stats\n viewpoint similar-to-attack\n stage c2\n statistic "
	    "beacon\n%s}\n", opts);
	r2 = load(text, &errs);
	ck_assert_ptr_nonnull(r2);
	return r2;
}

START_TEST(bounded)
{
	struct ruleset		*r2;
	void			*a;
	struct logevent		 ev;
	struct stats_counters	 c;
	char			 src[32];
	int			 i;

	r2 = beacon_ruleset(" max-entries 16\n");
	a = start(r2, NULL, 1);
	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 100; i++) {
		snprintf(src, sizeof(src), "10.2.0.%d", i);
		ev_conn(&ev, T0 + i, src, "x.example", NULL, 80, 1);
		analyzer_stats.process(a, &ev);
	}
	ck_assert_int_eq(stats_counters(a, 0, &c), 0);
	/* 14 pairs, the destination and the organisation's count. */
	ck_assert_int_eq(c.entries, 16);
	ck_assert_int_eq(c.evictions, 86);
	ck_assert_int_eq(stats_counters(a, 1, &c), -1);
	logevent_free(&ev);
	analyzer_stats.free(a);
	ruleset_free(r2);
}
END_TEST

/*
 * With the pipeline's identity table the group "endpoint" is the
 * machine: proxy errors from its address and failed logons from its
 * workstation name count together once a DHCP lease ties them.
 */
/* An event of fields src, domain and port for the key tests. */
static void
key_event(struct logevent *ev, const char *src, const char *dom, int port)
{
	logevent_reset(ev);
	ev->source = SRC_PROXY;
	ev->src_ip = slice_cstr(src);
	ev->dst_domain = slice_cstr(dom);
	ev->dst_port = port;
}

/* Group by endpoint, destination and destination.port. */
static void
key_params(struct stats_params *p)
{
	memset(p, 0, sizeof(*p));
	ck_assert_int_eq(statsrule_field("endpoint", &p->by[0]), 0);
	ck_assert_int_eq(statsrule_field("destination", &p->by[1]), 0);
	ck_assert_int_eq(statsrule_field("destination.port", &p->by[2]), 0);
	p->nby = 3;
}

/*
 * The hash of a group, made from its values' hashes, is the table hash
 * of its key (what loading, the hand-over and a kind's own lookups
 * compute from the key alone), folds case as the key's readers do, and
 * tells apart the values and their order.
 */
START_TEST(key_hash_of_parts)
{
	struct stats_params	 p, q;
	struct logevent		 ev;
	char			 key[STATSKEY_MAX];
	size_t			 len;
	uint64_t		 h, h2;

	key_params(&p);
	memset(&ev, 0, sizeof(ev));
	key_event(&ev, "10.0.0.1", "Www.Example.COM", 443);
	ck_assert_int_eq(statskey_build(&p, &ev, NULL, key, &len, &h), 0);
	ck_assert(statskey_hash(key, len) == h);
	key_event(&ev, "10.0.0.1", "www.example.com", 443);
	ck_assert_int_eq(statskey_build(&p, &ev, NULL, key, &len, &h2), 0);
	ck_assert(h2 == h);
	key_event(&ev, "10.0.0.1", "www.example.com", 4430);
	ck_assert_int_eq(statskey_build(&p, &ev, NULL, NULL, &len, &h2), 0);
	ck_assert(h2 != h);
	/* 10.0.0.14 and 43: the same bytes run together, not the same key. */
	key_event(&ev, "10.0.0.14", "3", 443);
	ck_assert_int_eq(statskey_build(&p, &ev, NULL, key, &len, &h), 0);
	ck_assert(statskey_hash(key, len) == h);
	key_event(&ev, "10.0.0.1", "43", 443);
	ck_assert_int_eq(statskey_build(&p, &ev, NULL, NULL, &len, &h2), 0);
	ck_assert(h2 != h);
	q = p;
	q.by[0] = p.by[1];
	q.by[1] = p.by[0];
	key_event(&ev, "a.example", "a.example", 1);
	ck_assert_int_eq(statskey_build(&p, &ev, NULL, NULL, &len, &h), 0);
	ck_assert_int_eq(statskey_build(&q, &ev, NULL, NULL, &len, &h2), 0);
	ck_assert(h2 != h);
	/* One field's key, as rare keeps its values. */
	ck_assert_int_eq(statskey_one(&p.by[1], &ev, NULL, key, &len, &h), 0);
	ck_assert(statskey_hash(key, len) == h);
	ck_assert_uint_eq(len, strlen("a.example") + 2);
	/* A missing field: no group. */
	key_event(&ev, "", "a.example", 1);
	ck_assert_int_eq(statskey_build(&p, &ev, NULL, key, &len, &h), -1);
}
END_TEST

/*
 * Besides its pair, a beacon rule's event looks up its destination's
 * entry (0xff 'd' NUL, then the pair's key after the endpoint): the
 * kind names that entry ahead, for the table to start loading it with
 * the pair.  A rule whose pairs do not begin with the endpoint keeps no
 * destinations and names none.
 */
START_TEST(beacon_ahead_dest)
{
	struct stats_params	 p;
	struct stats_rule	*sr;
	struct logevent		 ev;
	char			 key[STATSKEY_MAX], dk[STATSKEY_MAX];
	size_t			 len, skip;
	uint64_t		 h, h1, h2;
	uint32_t		 val = 0;

	key_params(&p);
	memset(&ev, 0, sizeof(ev));
	key_event(&ev, "10.0.0.1", "C2.Example.net", 443);
	ck_assert_int_eq(statskey_build(&p, &ev, NULL, key, &len, &h), 0);
	sr = calloc(1, sizeof(*sr));
	ck_assert_ptr_nonnull(sr);
	sr->p = &p;
	skip = 1 + strlen(key + 1) + 1;
	dk[0] = (char)0xff;
	dk[1] = 'd';
	dk[2] = '\0';
	memcpy(dk + 3, key + skip, len - skip);
	ck_assert_ptr_nonnull(statsbeacon_kind.ahead);
	h1 = statsbeacon_kind.ahead(sr, &ev, NULL, key, len, &val);
	ck_assert(h1 != 0);
	ck_assert(h1 == statskey_hash(dk, len - skip + 3));
	/* Another destination, another entry. */
	key_event(&ev, "10.0.0.1", "other.example.net", 443);
	ck_assert_int_eq(statskey_build(&p, &ev, NULL, key, &len, &h), 0);
	h2 = statsbeacon_kind.ahead(sr, &ev, NULL, key, len, &val);
	ck_assert(h2 != 0 && h2 != h1);
	p.by[0] = p.by[1];
	ck_assert_int_eq(statskey_build(&p, &ev, NULL, key, &len, &h), 0);
	ck_assert(statsbeacon_kind.ahead(sr, &ev, NULL, key, len, &val) == 0);
	free(sr);
}
END_TEST

/*
 * Values kept for a pass are the rules' for the event of that pass
 * only: the next pass works them out again.
 */
START_TEST(key_values_kept)
{
	struct stats_params	 p;
	struct statskey_ep	 ep;
	struct logevent		 a, b;
	char			 key[STATSKEY_MAX], want[STATSKEY_MAX];
	size_t			 len, wlen;
	uint64_t		 h, hb, ha;

	key_params(&p);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	key_event(&a, "10.0.0.1", "a.example", 443);
	key_event(&b, "10.0.0.2", "b.example", 80);
	ck_assert_int_eq(statskey_build(&p, &a, NULL, NULL, &len, &ha), 0);
	ck_assert_int_eq(statskey_build(&p, &b, NULL, want, &wlen, &hb), 0);
	memset(&ep, 0, sizeof(ep));
	ep.vals = calloc(statskey_nvals(), sizeof(*ep.vals));
	ck_assert_ptr_nonnull(ep.vals);
	ep.pass = 1;
	ck_assert_int_eq(statskey_build(&p, &a, &ep, key, &len, &h), 0);
	ck_assert(h == ha);
	/* Same pass: the values of a, whatever the event says. */
	ck_assert_int_eq(statskey_build(&p, &b, &ep, key, &len, &h), 0);
	ck_assert(h == ha);
	ep.pass = 2;
	ep.done = 0;
	ck_assert_int_eq(statskey_build(&p, &b, &ep, key, &len, &h), 0);
	ck_assert(h == hb);
	ck_assert_uint_eq(len, wlen);
	ck_assert_mem_eq(key, want, len);
	free(ep.vals);
}
END_TEST

/*
 * A rare rule's endpoint digest is the one its saved state holds from
 * before group hashes were made of their parts' (the key's bytes hashed
 * whole), whether it works the group out or a twin rule gives it.
 */
START_TEST(rare_who_kept)
{
	struct stats_params	 p;
	struct logevent		 ev;
	char			 key[STATSKEY_MAX], gk[STATSKEY_MAX];
	size_t			 len, glen;
	uint64_t		 h, gh, old;
	uint32_t		 who, who2;

	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(statsrule_field("endpoint", &p.by[0]), 0);
	ck_assert_int_eq(statsrule_field("destination", &p.what), 0);
	p.nby = 1;
	memset(&ev, 0, sizeof(ev));
	key_event(&ev, "10.0.0.7", "Rare.Example", 443);
	ck_assert_int_eq(statskey_build(&p, &ev, NULL, gk, &glen, &gh), 0);
	old = hash64_lower(gk, glen, 0x737461747331ULL);
	ck_assert(statskey_hash_bytes(gk, glen) == old);
	ck_assert_int_eq(statsrare_keys(&p, &ev, NULL, NULL, key, &len, &h,
	    &who), 0);
	ck_assert_uint_eq(who, (uint32_t)(old >> 32) ^ (uint32_t)old);
	ck_assert_int_eq(statsrare_keys(&p, &ev, NULL, &old, key, &len, &h,
	    &who2), 0);
	ck_assert_uint_eq(who2, who);
	ck_assert(h == statsrare_hash(key, len));
}
END_TEST

START_TEST(endpoint_identity)
{
	struct cerrors		 errs = { 0 };
	struct emitter		 em = { cap_emit, NULL };
	struct analyzer_env	 env = { NULL, 1, NULL, ANALYZER_TIER_ALL,
	    { NULL, NULL } };
	struct ruleset		*r2;
	struct logevent		 ev;
	void			*a;
	int			 i;

	memset(&cap, 0, sizeof(cap));
	r2 = load("rule 1 {\n name \"f\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage lateral\n statistic count\n"
	    " window 10m\n threshold 8\n condition http.response.status_code"
	    " >= 400 or winlog.event_id == 4625\n}\n", &errs);
	ck_assert_ptr_nonnull(r2);
	env.identity = identity_new(0);
	ck_assert_ptr_nonnull(env.identity);
	a = analyzer_stats.new(r2, &em, &env);
	ck_assert_ptr_nonnull(a);
	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	ev.time_ms = T0;
	ev.source = SRC_DHCP;
	ev.src_ip = slice_cstr("10.20.1.15");
	ev.src_host = slice_cstr("WS-ALICE");
	ev.src_mac = slice_cstr("00:16:3e:00:01:0f");
	identity_learn(env.identity, &ev);
	for (i = 0; i < 8; i++) {
		logevent_reset(&ev);
		ev.time_ms = T0 + 60000 * (i + 1);
		if (i % 2 == 0) {
			ev.source = SRC_PROXY;
			ev.src_ip = slice_cstr("10.20.1.15");
			ev.status = 404;
		} else {
			ev.source = SRC_AD;
			ev.win_event_id = 4625;
			ev.src_host = slice_cstr("WS-ALICE.corp.example");
			ev.host_name = slice_cstr("dc1.corp.example");
		}
		identity_learn(env.identity, &ev);
		analyzer_stats.process(a, &ev);
		ck_assert_int_eq(cap.n, i == 7);
	}
	ck_assert_ptr_nonnull(strstr(cap.reason[0],
	    "source.address=ws-alice: 8 events"));
	logevent_free(&ev);
	analyzer_stats.free(a);
	/* Without the table: two endpoints of four events each. */
	identity_free(env.identity);
	memset(&cap, 0, sizeof(cap));
	env.identity = NULL;
	a = analyzer_stats.new(r2, &em, &env);
	ck_assert_ptr_nonnull(a);
	for (i = 0; i < 8; i++) {
		logevent_reset(&ev);
		ev.time_ms = T0 + 60000 * (i + 1);
		ev.source = i % 2 ? SRC_AD : SRC_PROXY;
		ev.src_ip = slice_cstr(i % 2 ? "" : "10.20.1.15");
		ev.src_host = slice_cstr(i % 2 ? "WS-ALICE" : "");
		ev.status = i % 2 ? -1 : 404;
		ev.win_event_id = i % 2 ? 4625 : -1;
		analyzer_stats.process(a, &ev);
	}
	ck_assert_int_eq(cap.n, 0);
	logevent_free(&ev);
	analyzer_stats.free(a);
	ruleset_free(r2);
}
END_TEST

/*
 * Working ahead changes nothing.  A stream of proxy and connection
 * events from many endpoints, with DHCP leases that move an address from
 * one machine to another, goes once through process alone and once as
 * the pipeline runs it: prefetch stages for the events up to
 * ANALYZER_AHEAD ahead, identity learned only at each event's turn.  The
 * findings must be the same, and the errors that follow a lease move
 * count for the machine that holds the address after it, though their
 * keys were first worked out while the old lease was in force.
 */
#define AHEAD_N		3000

static void
ahead_events(struct logevent *evs, char (*ips)[24])
{
	int	 i, k;

	for (i = 0; i < AHEAD_N; i++) {
		logevent_reset(&evs[i]);
		evs[i].time_ms = T0 + (int64_t)i * 1000;
		snprintf(ips[i], sizeof(ips[i]), "10.7.%d.%d", i % 3,
		    (i * 37) % 50);
		evs[i].src_ip = slice_cstr(ips[i]);
		evs[i].raw = slice_cstr("line");
		if (i % 500 == 0 || i % 500 == 1) {
			/* 10.7.0.5 moves between ws-a and ws-b. */
			evs[i].source = SRC_DHCP;
			evs[i].src_ip = slice_cstr("10.7.0.5");
			evs[i].src_host = slice_cstr(i % 1000 < 500 ?
			    "WS-A" : "WS-B");
		} else if (i % 500 < 12) {
			/* Right behind the move: errors from the address. */
			evs[i].source = SRC_PROXY;
			evs[i].src_ip = slice_cstr("10.7.0.5");
			evs[i].dst_domain = slice_cstr("www.example.com");
			evs[i].status = 404;
		} else if (i % 2) {
			evs[i].source = SRC_PROXY;
			evs[i].dst_domain = slice_cstr("www.example.com");
			evs[i].status = i % 7 ? 200 : 503;
		} else {
			k = i % 11;
			evs[i].source = SRC_NETWORK;
			evs[i].dst_ip = slice_cstr(k < 4 ? "198.51.100.9" :
			    "203.0.113.20");
			evs[i].dst_port = 443;
			evs[i].bytes_out = 300 + k;
			evs[i].conn_state = slice_cstr(k ? "SF" : "S0");
		}
	}
}

/* Prefetch stage for event j, if there is one and it is still ahead. */
static void
ahead_stage(void *a, struct identity *id, struct logevent *evs, long j,
    long done, int who, int stage)
{
	if (j < 0 || j >= AHEAD_N || j < done)
		return;
	if (who == 0)
		identity_prefetch(id, &evs[j], stage);
	else
		analyzer_stats.prefetch(a, &evs[j], stage);
}

static void
ahead_run(const struct ruleset *r2, struct logevent *evs, int ahead)
{
	struct emitter		 em = { cap_emit, NULL };
	struct analyzer_env	 env = { NULL, 1, NULL, ANALYZER_TIER_ALL,
	    { NULL, NULL } };
	void			*a;
	long			 k, done = 0;

	memset(&cap, 0, sizeof(cap));
	env.identity = identity_new(0);
	ck_assert_ptr_nonnull(env.identity);
	a = analyzer_stats.new(r2, &em, &env);
	ck_assert_ptr_nonnull(a);
	for (k = 0; k < AHEAD_N + ANALYZER_AHEAD; k++) {
		if (k < AHEAD_N)
			evs[k].seq = ahead ? (uint64_t)k + 1 : 0;
		if (ahead) {
			ahead_stage(a, env.identity, evs, k, done, 0, 0);
			ahead_stage(a, env.identity, evs, k - ANALYZER_STEP,
			    done, 0, 1);
			ahead_stage(a, env.identity, evs,
			    k - 2 * ANALYZER_STEP, done, 1, 0);
			ahead_stage(a, env.identity, evs,
			    k - 3 * ANALYZER_STEP, done, 1, 1);
		}
		if (k >= ANALYZER_AHEAD) {
			identity_learn(env.identity, &evs[done]);
			analyzer_stats.process(a, &evs[done]);
			done++;
		}
	}
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	identity_free(env.identity);
}

START_TEST(work_ahead)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;
	struct logevent	*evs;
	struct cap	*plain;
	char		 (*ips)[24];
	int		 i, ws_b = 0;

	r2 = load("rule 1 {\n name \"b\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage c2\n statistic beacon\n}\n"
	    "rule 2 {\n name \"e\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage recon\n statistic count\n"
	    " window 10m\n threshold 10\n"
	    " condition http.response.status_code >= 400\n}\n"
	    "rule 3 {\n name \"s\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage recon\n"
	    " statistic distinct destination.ip\n window 5m\n threshold 2\n"
	    " condition network.conn_state == \"S0\"\n}\n", &errs);
	ck_assert_ptr_nonnull(r2);
	evs = calloc(AHEAD_N, sizeof(*evs));
	ips = calloc(AHEAD_N, sizeof(*ips));
	plain = malloc(sizeof(*plain));
	ck_assert(evs != NULL && ips != NULL && plain != NULL);
	ahead_events(evs, ips);
	ahead_run(r2, evs, 0);
	memcpy(plain, &cap, sizeof(cap));
	ahead_run(r2, evs, 1);
	ck_assert_int_gt(plain->n, 0);
	ck_assert_int_eq(cap.n, plain->n);
	for (i = 0; i < cap.n; i++) {
		ck_assert_str_eq(cap.rule[i], plain->rule[i]);
		ck_assert_str_eq(cap.reason[i], plain->reason[i]);
		ck_assert_uint_eq(cap.count[i], plain->count[i]);
		if (strstr(cap.reason[i], "ws-b") != NULL)
			ws_b++;
	}
	/* The ten errors after each move to ws-b are ws-b's. */
	ck_assert_int_gt(ws_b, 0);
	for (i = 0; i < AHEAD_N; i++)
		logevent_free(&evs[i]);
	free(evs);
	free(ips);
	free(plain);
	ruleset_free(r2);
}
END_TEST

/* Hourly counts for endpoint 10.0.0.70: ~100 an hour, then a spike. */
static void
hours(void *a, int from, int to, int spike_hour)
{
	struct logevent	 ev;
	int		 h, k, n;

	memset(&ev, 0, sizeof(ev));
	for (h = from; h < to; h++) {
		n = h == spike_hour ? 1000 : 90 + (h * 7) % 21;
		for (k = 0; k < n; k++) {
			ev_proxy(&ev, T0 + h * 3600000LL + (int64_t)k * 3000,
			    "10.0.0.70", 200);
			analyzer_stats.process(a, &ev);
		}
	}
	logevent_free(&ev);
}

/*
 * Enough history: an endpoint seen for an hour, then silent for half a
 * day (twelve empty windows: history, but none of its habits), then
 * busy: not judged, since half of the windows learnt must have had
 * events (learn-active, 3 by default here, a quarter of learn 12).  Six
 * busy hours, then the same surge: judged.
 */
START_TEST(deviation_needs_activity)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;
	void		*a;

	r2 = load(base_text, &errs);
	ck_assert_ptr_nonnull(r2);
	a = start(r2, NULL, 1);
	hours(a, 0, 1, -1);
	hours(a, 13, 14, 13);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 0);
	a = start(r2, NULL, 1);
	hours(a, 0, 6, -1);
	hours(a, 13, 14, 13);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 1);
	ruleset_free(r2);
}
END_TEST

START_TEST(deviation_restart)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;
	void		*a;
	char		 dir[256], path[512];
	char		 once[512];

	test_tmpl(dir, sizeof(dir), "check_stats");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	r2 = load(base_text, &errs);
	ck_assert_ptr_nonnull(r2);
	/* In one run. */
	a = start(r2, NULL, 1);
	hours(a, 0, 31, 30);
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_msg(strstr(cap.reason[0], "source.ip=10.0.0.70: 160 events "
	    "so far in the 1.0 h window from 2026-03-13T06:00:00") != NULL, "%s",
	    cap.reason[0]);
	ck_assert_msg(strstr(cap.reason[0], "over 24 earlier windows") !=
	    NULL, "%s", cap.reason[0]);
	snprintf(once, sizeof(once), "%s", cap.reason[0]);
	/* Stopped after 20 hours, restarted: the same finding. */
	memset(&cap, 0, sizeof(cap));
	a = start(r2, dir, 1);
	hours(a, 0, 20, -1);
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	snprintf(path, sizeof(path), "%s/%s", dir, STATS_STATE_FILE);
	ck_assert_int_eq(access(path, R_OK), 0);
	a = start(r2, dir, 1);
	hours(a, 20, 31, 30);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.reason[0], once);
	/* Without persistence, the second half learns from nothing. */
	memset(&cap, 0, sizeof(cap));
	a = start(r2, NULL, 1);
	hours(a, 20, 31, 30);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 0);
	unlink(path);
	rmdir(dir);
	ruleset_free(r2);
}
END_TEST

/* Beacons and what the organisation knows of their destinations ---- */

static const char *org_opts =
" persist always\n popular destination.domain == \"cdn.popular.example\"\n";

/*
 * Endpoints [from, to) each connect to dom every period ms from t0
 * for span ms, with sizes jittered by a fraction jit (0: constant).
 */
static void
beacons(void *a, int from, int to, const char *dom, int64_t t0,
    int64_t period, int64_t span, double jit)
{
	struct logevent	 ev;
	char		 src[32];
	int64_t		 t;
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (t = t0; t < t0 + span; t += period)
		for (i = from; i < to; i++) {
			snprintf(src, sizeof(src), "10.7.%d.%d", i / 200,
			    1 + i % 200);
			ev_conn(&ev, t + i, src, dom, NULL, 443,
			    (int64_t)(2000 * (1 - jit + 2 * jit * unif())));
			analyzer_stats.process(a, &ev);
		}
	logevent_free(&ev);
}

static int
cap_find(const char *needle)
{
	int	 i;

	for (i = 0; i < cap.n; i++)
		if (strstr(cap.reason[i], needle) != NULL)
			return i;
	return -1;
}

/*
 * Forty endpoints, every one of the organisation, check in with one
 * service every five minutes: prevalence halves their scores.  One of
 * them also checks in with a destination nobody else uses: reported.
 */
START_TEST(beacon_prevalent)
{
	struct ruleset	*r2 = beacon_ruleset(" learn 0s\n");
	void		*a;
	int		 i;

	a = start(r2, NULL, 1);
	beacons(a, 0, 40, "sync.shared.example", T0, 300000, 3 * 3600000LL,
	    0);
	beacons(a, 7, 8, "lone.example.net", T0 + 1000, 300000,
	    3 * 3600000LL, 0);
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	ck_assert_msg(cap.n == 1, "%d findings, first %s", cap.n,
	    cap.reason[0]);
	ck_assert_msg(strstr(cap.reason[0], "lone.example.net:443") != NULL,
	    "%s", cap.reason[0]);
	/* Linear counting: 40 endpoints may share a bit or two. */
	ck_assert_msg(strstr(cap.reason[0], "; 1 of ") != NULL &&
	    strstr(cap.reason[0], " endpoints contact it") != NULL, "%s",
	    cap.reason[0]);
	/* Without the others, the shared service is a beacon too. */
	memset(&cap, 0, sizeof(cap));
	a = start(r2, NULL, 1);
	beacons(a, 0, 1, "sync.shared.example", T0, 300000, 3 * 3600000LL, 0);
	beacons(a, 1, 40, "elsewhere.example", T0, 300000, 3 * 3600000LL, 0.9);
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	for (i = 0; i < cap.n; i++)
		if (strstr(cap.reason[i], "sync.shared.example") != NULL)
			break;
	ck_assert_int_lt(i, cap.n);
	ruleset_free(r2);
}
END_TEST

/*
 * The learning period (7 days by default): a weak beacon is recorded,
 * not reported, and stays quiet after, from any endpoint; a strong one
 * to a destination nobody else uses is reported at once; after it, a
 * weak beacon to a destination first seen lately is reported, with its
 * score raised for being new; a popular destination's finding carries
 * FINDING_POPULAR.  What was learnt survives a restart.
 */
START_TEST(beacon_learning)
{
	struct ruleset	*r2 = beacon_ruleset(org_opts);
	void		*a;
	char		 dir[256], path[512];
	int		 i;

	test_tmpl(dir, sizeof(dir), "check_stats");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	a = start(r2, dir, 1);
	/* Background: 30 endpoints browsing, so the organisation counts. */
	beacons(a, 100, 130, "www.example.com", T0, 3600000, 2 * 86400000LL,
	    0.9);
	/* Weak: two hours every 10 min, sizes all over. */
	beacons(a, 0, 1, "saas.example.com", T0 + 3600000, 600000,
	    2 * 3600000LL, 0.9);
	/* Strong: a day of one-minute check-ins, constant sizes. */
	beacons(a, 1, 2, "implant.example.net", T0, 60000, 86400000LL, 0);
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	ck_assert_msg(cap.n == 1, "%d findings: %s", cap.n, cap.reason[0]);
	ck_assert_msg(strstr(cap.reason[0], "implant.example.net") != NULL,
	    "%s", cap.reason[0]);
	ck_assert_double_ge(cap.score[0], 0.9);
	snprintf(path, sizeof(path), "%s/%s", dir, STATS_STATE_FILE);
	ck_assert_int_eq(access(path, R_OK), 0);

	/* Eight days on, restarted. */
	memset(&cap, 0, sizeof(cap));
	a = start(r2, dir, 1);
	beacons(a, 100, 130, "www.example.com", T0 + 8 * 86400000LL,
	    3600000, 86400000LL, 0.9);
	beacons(a, 2, 3, "saas.example.com", T0 + 8 * 86400000LL + 3600000,
	    600000, 2 * 3600000LL, 0.9);
	beacons(a, 3, 4, "fresh.example.org", T0 + 8 * 86400000LL + 3600000,
	    600000, 2 * 3600000LL, 0.9);
	beacons(a, 4, 5, "cdn.popular.example", T0 + 8 * 86400000LL + 3600000,
	    60000, 12 * 3600000LL, 0);
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap_find("saas.example.com"), -1);
	ck_assert_int_ge(i = cap_find("fresh.example.org"), 0);
	ck_assert_msg(strstr(cap.reason[i], "first seen") != NULL, "%s",
	    cap.reason[i]);
	ck_assert_int_ge(i = cap_find("cdn.popular.example"), 0);
	ck_assert_uint_eq(cap.flags[i], FINDING_POPULAR);
	ck_assert_msg(strstr(cap.reason[i], "popular") != NULL, "%s",
	    cap.reason[i]);

	/* Without the state, day 8 is the first day: all is learning. */
	memset(&cap, 0, sizeof(cap));
	a = start(r2, NULL, 1);
	beacons(a, 3, 4, "fresh.example.org", T0 + 8 * 86400000LL + 3600000,
	    600000, 2 * 3600000LL, 0.9);
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 0);
	unlink(path);
	rmdir(dir);
	ruleset_free(r2);
}
END_TEST

/*
 * Prevalence counts: exact for a few endpoints, within a few per cent
 * up to hundreds, saturated (but finite) beyond; written and read back.
 */
START_TEST(prevalence_counts)
{
	static const int	 sizes[] = { 1, 5, 50, 400 };
	struct statsprev	 p, q;
	char			*buf = NULL;
	size_t			 len = 0, k;
	FILE			*fp;
	int			 i;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		memset(&p, 0, sizeof(p));
		for (i = 0; i < sizes[k]; i++)
			statsprev_add(&p, (uint32_t)(test_unif(&rng) *
			    4294967295.0), T0 + i);
		ck_assert_msg(fabs(statsprev_count(&p) - sizes[k]) <=
		    0.1 * sizes[k] + 0.01, "%d: %f", sizes[k],
		    statsprev_count(&p));
	}
	ck_assert_int_eq(p.first_ms, T0);
	for (i = 0; i < 20000; i++)
		statsprev_add(&p, (uint32_t)i * 2654435761U, T0);
	ck_assert_double_gt(statsprev_count(&p), 3000);
	ck_assert(isfinite(statsprev_count(&p)));
	p.flags = STATSPREV_LEARNED;
	ck_assert_int_eq(statsprev_beacon(&p, 7), 1);
	ck_assert_int_eq(statsprev_beacon(&p, 7), 1);
	ck_assert_int_eq(statsprev_beacon(&p, 0xdeadbeef), 2);
	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	ck_assert_int_eq(statsprev_write(fp, &p), 0);
	fclose(fp);
	ck_assert_int_eq(statsprev_read(&q, buf), 0);
	ck_assert_mem_eq(&p, &q, sizeof(p));
	buf[strlen(buf) - 3] = 'x';
	ck_assert_int_eq(statsprev_read(&q, buf), -1);
	ck_assert_int_eq(statsprev_read(&q, "12 0 abc"), -1);
	free(buf);
}
END_TEST

/*
 * While learning, a weak beacon from one endpoint is recorded, but the
 * same weak beacon from a second endpoint to a destination few others
 * use is a spread, reported; to a destination most endpoints use it is
 * not.
 */
START_TEST(beacon_spread)
{
	struct ruleset	*r2 = beacon_ruleset("");
	void		*a;

	a = start(r2, NULL, 1);
	beacons(a, 100, 160, "www.example.com", T0, 1800000, 4 * 3600000LL,
	    0.9);
	beacons(a, 0, 1, "rare.example.net", T0, 600000, 3 * 3600000LL, 0.9);
	analyzer_stats.flush(a);
	ck_assert_int_eq(cap.n, 0);
	beacons(a, 1, 2, "rare.example.net", T0 + 3 * 3600000LL, 600000,
	    3 * 3600000LL, 0.9);
	analyzer_stats.flush(a);
	/* Both: the first is judged again at the end of the replay. */
	ck_assert_int_eq(cap.n, 2);
	ck_assert_msg(strstr(cap.reason[0], "2 endpoints beacon to it") !=
	    NULL, "%s", cap.reason[0]);
	ck_assert_double_lt(cap.score[0], 0.9);
	ck_assert_str_ne(cap.src[0], cap.src[1]);
	analyzer_stats.free(a);
	/* Two of the three endpoints there are: not rare, no spread. */
	memset(&cap, 0, sizeof(cap));
	a = start(r2, NULL, 1);
	beacons(a, 100, 101, "www.example.com", T0, 1800000, 4 * 3600000LL,
	    0.9);
	beacons(a, 0, 2, "rare.example.net", T0, 600000, 3 * 3600000LL, 0.9);
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 0);
	ruleset_free(r2);
}
END_TEST

/*
 * Scans count networks: 30 refused connections to 30 addresses of one
 * public /24 (a browser at a CDN) or to one named service are one
 * destination; to 30 LAN hosts, or to 30 public networks, a scan.
 */
START_TEST(scan_by_network)
{
	static const char *const fmt[][2] = {
		{ "104.16.7.", "" }, { "cdn-", ".example.net" },
		{ "10.1.2.", "" }, { "198.", ".1.1" },
	};
	static const int	 want[] = { 0, 0, 1, 1 };
	struct cerrors		 errs = { 0 };
	struct ruleset		*r2;
	struct logevent		 ev;
	void			*a;
	char			 v[64];
	size_t			 k;
	int			 i, dom;

	r2 = load("rule 1 {\n name \"s\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage recon\n"
	    " statistic distinct destination.net\n"
	    " group-by endpoint destination.port\n window 5m\n"
	    " threshold 25\n}\n", &errs);
	ck_assert_ptr_nonnull(r2);
	memset(&ev, 0, sizeof(ev));
	for (k = 0; k < sizeof(fmt) / sizeof(fmt[0]); k++) {
		memset(&cap, 0, sizeof(cap));
		a = start(r2, NULL, 1);
		dom = fmt[k][0][0] == 'c';
		for (i = 0; i < 30; i++) {
			snprintf(v, sizeof(v), "%s%d%s", fmt[k][0], i + 1,
			    fmt[k][1]);
			ev_conn(&ev, T0 + i * 1000, "10.0.0.5", dom ? v : NULL,
			    dom ? "104.16.7.1" : v, 443, 0);
			ev.conn_state = slice_cstr("S0");
			analyzer_stats.process(a, &ev);
		}
		analyzer_stats.free(a);
		ck_assert_msg(cap.n == want[k], "%s: %d findings", fmt[k][0],
		    cap.n);
	}
	logevent_free(&ev);
	ruleset_free(r2);
}
END_TEST

/*
 * above-usual: an endpoint that sends 30 MB an hour to its backup
 * server for a working day may send 40 MB to another destination (not
 * four times its usual), but not 200 MB; an endpoint with no usual yet
 * is judged by the threshold alone.
 */
START_TEST(upload_above_usual)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;
	struct logevent	 ev;
	void		*a;
	int		 h, k;

	r2 = load("rule 1 {\n name \"u\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage objective\n"
	    " statistic sum source.bytes\n group-by endpoint destination\n"
	    " window 1h\n threshold 20MB\n above-usual 4\n learn 0s\n}\n",
	    &errs);
	ck_assert_ptr_nonnull(r2);
	a = start(r2, NULL, 1);
	memset(&ev, 0, sizeof(ev));
	for (h = 0; h < 8; h++)
		for (k = 0; k < 30; k++) {
			ev_conn(&ev, T0 + h * 3600000LL + k * 60000LL,
			    "10.0.0.80", "backup.corp.example", NULL, 443,
			    1000000);
			analyzer_stats.process(a, &ev);
		}
	/*
	 * The backup itself, 30 MB an hour: over 20 MB with no usual yet
	 * (the first hours), then never above its own usual.
	 */
	for (k = 0; k < cap.n; k++)
		ck_assert_int_lt(cap.last[k], T0 + 6 * 3600000LL);
	memset(&cap, 0, sizeof(cap));
	for (k = 0; k < 40; k++) {
		ev_conn(&ev, T0 + 9 * 3600000LL + k * 1000LL, "10.0.0.80",
		    "share.example.net", NULL, 443, 1000000);
		analyzer_stats.process(a, &ev);
	}
	ck_assert_int_eq(cap.n, 0);
	for (k = 0; k < 160; k++) {
		ev_conn(&ev, T0 + 9 * 3600000LL + 60000 + k * 1000LL,
		    "10.0.0.80", "share.example.net", NULL, 443, 1000000);
		analyzer_stats.process(a, &ev);
	}
	ck_assert_int_eq(cap.n, 1);
	ck_assert_msg(strstr(cap.reason[0], "; the endpoint's usual is "
	    "30,000,000 a window (median of 9), 4 times that: above") != NULL,
	    "%s", cap.reason[0]);
	/* No history: the threshold alone. */
	for (k = 0; k < 25; k++) {
		ev_conn(&ev, T0 + 9 * 3600000LL + k * 1000LL, "10.0.0.81",
		    "share.example.net", NULL, 443, 1000000);
		analyzer_stats.process(a, &ev);
	}
	ck_assert_int_eq(cap.n, 2);
	logevent_free(&ev);
	analyzer_stats.free(a);
	ruleset_free(r2);
}
END_TEST

/*
 * Names of addresses: an endpoint's DNS answer names the two addresses
 * it then connects to by address only (a Zeek conn.log), so its
 * check-ins with the service are one beacon to the name, and the
 * popular condition on the name holds; a TLS server name does the same
 * for the flow's address.  Without them, the addresses are two pairs.
 */
/*
 * With no statistical rule, an event costs the analyzer nothing: no
 * destination names are learned for rules that are not there.
 */
START_TEST(no_rules_no_names)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r0 = load("", &errs);
	struct logevent	 ev;
	void		*a;

	ck_assert_ptr_nonnull(r0);
	memset(&ev, 0, sizeof(ev));
	ev_conn(&ev, T0, "10.0.0.90", NULL, NULL, 53, 60);
	ev.source = SRC_DNS;
	ev.dns_query = slice_cstr("push.vendor.example");
	ev.dns_answers = slice_cstr("203.0.113.50");
	a = start(r0, NULL, 1);
	analyzer_stats.process(a, &ev);
	ck_assert_uint_eq(stats_names_count(a), 0);
	analyzer_stats.free(a);
	/* The same event, with the rules: learned. */
	analyzer_stats.process(an, &ev);
	ck_assert_uint_eq(stats_names_count(an), 1);
	logevent_free(&ev);
	ruleset_free(r0);
}
END_TEST

START_TEST(beacon_named)
{
	struct ruleset	*r2 = beacon_ruleset(" learn 0s\n popular "
	    "destination.domain == \"push.vendor.example\"\n");
	struct logevent	 ev;
	void		*a;
	int		 pass, i;

	memset(&ev, 0, sizeof(ev));
	for (pass = 0; pass < 3; pass++) {
		memset(&cap, 0, sizeof(cap));
		a = start(r2, NULL, 1);
		ev_conn(&ev, T0 - 1000, "10.0.0.90", NULL, NULL, 53, 60);
		ev.source = SRC_DNS;
		ev.dns_query = slice_cstr("push.vendor.example");
		ev.dns_answers = slice_cstr("lb.vendor.example,203.0.113.50,"
		    "203.0.113.51");
		if (pass == 0)
			analyzer_stats.process(a, &ev);
		/* The TLS log of the first flow names it too. */
		ev_conn(&ev, T0 - 500, "10.0.0.90", "push.vendor.example",
		    "203.0.113.50", 443, 60);
		if (pass == 1)
			analyzer_stats.process(a, &ev);
		for (i = 0; i < 72; i++) {
			ev_conn(&ev, T0 + i * 300000LL, "10.0.0.90", NULL,
			    i % 2 ? "203.0.113.51" : "203.0.113.50", 443, 200);
			analyzer_stats.process(a, &ev);
		}
		analyzer_stats.flush(a);
		analyzer_stats.free(a);
		if (pass == 0) {
			ck_assert_int_eq(cap.n, 1);
			ck_assert_msg(strstr(cap.reason[0], "every 5.0 min") !=
			    NULL && strstr(cap.reason[0], "to push.vendor."
			    "example:443") != NULL, "%s", cap.reason[0]);
			ck_assert_uint_eq(cap.flags[0], FINDING_POPULAR);
		} else if (pass == 1) {
			/* Only .50 was named: .51 stays an address. */
			ck_assert_int_ge(cap_find("203.0.113.51:443"), 0);
			ck_assert_int_ge(cap_find("push.vendor.example"), 0);
		} else {
			ck_assert_int_eq(cap_find("push.vendor.example"), -1);
			ck_assert_int_ge(cap_find("203.0.113.50:443"), 0);
		}
	}
	logevent_free(&ev);
	ruleset_free(r2);
}
END_TEST

/*
 * The reading thread with workers: each event's names key is worked
 * out ahead (give_prefetch), two events before it is given, and taken
 * by part_give for that event, not another's.  An event given without
 * the look ahead works its key out.
 */
START_TEST(give_names_ahead)
{
	struct ruleset	*r2 = beacon_ruleset(" learn 0s\n");
	struct logevent	 e[4];
	struct part_given g;
	const char	*exp;
	void		*a;
	int		 i;

	memset(e, 0, sizeof(e));
	a = start(r2, NULL, 1);
	ev_conn(&e[0], T0, "10.0.0.90", "push.vendor.example",
	    "203.0.113.50", 443, 60);
	ev_conn(&e[1], T0, "10.0.0.91", "other.example", "203.0.113.60",
	    443, 60);
	ev_conn(&e[2], T0, "10.0.0.90", NULL, "203.0.113.50", 443, 60);
	ev_conn(&e[3], T0, "10.0.0.91", NULL, "203.0.113.60", 443, 60);
	for (i = 0; i < 4; i++)
		e[i].seq = (uint64_t)i + 1;
	/* As the pipeline does: parsed, looked ahead, given two late. */
	for (i = 0; i < 2; i++) {
		analyzer_stats.give_prefetch(a, &e[i], 0);
		if (i > 0)
			analyzer_stats.give_prefetch(a, &e[i - 1], 1);
	}
	analyzer_stats.give_prefetch(a, &e[1], 1);
	for (i = 0; i < 4; i++) {
		g.ek.kind = -1;
		analyzer_stats.part_give(a, &e[i], &g);
		ck_assert_int_eq(g.named, 1);
		if (i < 2)
			continue;
		exp = i == 2 ? "push.vendor.example" : "other.example";
		ck_assert_uint_eq(g.name_len, strlen(exp));
		ck_assert(memcmp(g.name, exp, g.name_len) == 0);
	}
	analyzer_stats.free(a);
	for (i = 0; i < 4; i++)
		logevent_free(&e[i]);
	ruleset_free(r2);
}
END_TEST

/*
 * A host logged as an address literal ("https://203.0.113.70/", a TLS
 * client without a server name) is no name: the address it stands
 * beside stays an address, IPv4 or IPv6, so the check-ins that follow
 * by address alone are a beacon to the address.
 */
START_TEST(beacon_literal_unnamed)
{
	static const char *const lit[][2] = {
		{ "203.0.113.70", "203.0.113.50" },
		{ "2001:db8::70", "2001:db8::50" },
	};
	struct ruleset	*r2 = beacon_ruleset(" learn 0s\n");
	struct logevent	 ev;
	char		 want[64];
	void		*a;
	size_t		 k;
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (k = 0; k < sizeof(lit) / sizeof(lit[0]); k++) {
		memset(&cap, 0, sizeof(cap));
		a = start(r2, NULL, 1);
		ev_conn(&ev, T0 - 500, "10.0.0.91", lit[k][0], lit[k][1], 443,
		    60);
		analyzer_stats.process(a, &ev);
		for (i = 0; i < 72; i++) {
			ev_conn(&ev, T0 + i * 300000LL, "10.0.0.91", NULL,
			    lit[k][1], 443, 200);
			analyzer_stats.process(a, &ev);
		}
		analyzer_stats.flush(a);
		analyzer_stats.free(a);
		snprintf(want, sizeof(want), "to %s", lit[k][1]);
		ck_assert_int_ge(cap_find(want), 0);
		ck_assert_int_eq(cap_find(lit[k][0]), -1);
	}
	logevent_free(&ev);
	ruleset_free(r2);
}
END_TEST

/*
 * The same names, as the pipeline runs it: each event worked out ahead
 * (where the rules' list answers go to the line's memo) before its
 * turn.  The condition's list test first meets the conn events without
 * a name; the named copy must ask again, not read the memo of the line
 * it was copied from.  Pass 0: the name is in the list, so the rule
 * leaves the beacon out; pass 1: another name is, and it is found.
 */
/*
 * Split in parts (worker threads, analyzer.h split): each part runs
 * its rules on every event, the findings of each event merged in rule
 * order, and the rules moved between parts now and then (idle): the
 * same findings, in the same order, with the same numbers, as one
 * thread.  A mixed stream: beacons, scans, NXDOMAIN names, uploads,
 * errors and background, the endpoints keyed by the key given.
 */
struct pcap {
	int		 part;
	struct cap	 c;
};

static struct pcap	 pcaps[3];

static void
pcap_emit(void *arg, const struct finding *f)
{
	struct pcap	*p = arg;
	struct cap	 save = cap;

	/* cap_emit's record, into the part's own list. */
	cap = p->c;
	cap_emit(NULL, f);
	p->c = cap;
	cap = save;
}

/* Finding i of from, as the next of cap. */
static void
cap_take(const struct cap *from, int i)
{
	int	 j = cap.n;

	if (j >= MAXF)
		return;
	memcpy(cap.rule[j], from->rule[i], sizeof(cap.rule[j]));
	memcpy(cap.reason[j], from->reason[i], sizeof(cap.reason[j]));
	memcpy(cap.src[j], from->src[i], sizeof(cap.src[j]));
	cap.score[j] = from->score[i];
	cap.count[j] = from->count[i];
	cap.first[j] = from->first[i];
	cap.last[j] = from->last[i];
	cap.synth[j] = from->synth[i];
	cap.flags[j] = from->flags[i];
	cap.n++;
}

/* Event i of the mixed stream, into ev (text kept in buf). */
static void
mixed_event(struct logevent *ev, int i, uint64_t *r, char *buf, size_t len)
{
	int64_t	 t = T0 + (int64_t)i * 700;
	int	 who = (int)(test_unif(r) * 8);
	char	 src[32];

	snprintf(src, sizeof(src), "10.0.9.%d", who);
	snprintf(buf, len, "%s|h%d.x%d.example.net", src,
	    (int)(test_unif(r) * 1000), i);
	buf[strlen(src)] = '\0';
	switch (i % 6) {
	case 0:	/* a beacon from endpoint 1, every 42 s */
		ev_conn(ev, t, "10.0.9.1", NULL, "203.0.113.9", 443, 300);
		/* Now and then its DNS answer names the beacon's address. */
		if (i % 3000 == 1500) {
			ev_dns(ev, t, "10.0.9.1", i % 6000 == 1500 ?
			    "c2.example" : "cdn.example", "NOERROR");
			ev->dns_answers = slice_cstr("203.0.113.9");
		}
		break;
	case 1:	/* a scan from endpoint 3 */
		ev_conn(ev, t, "10.0.9.3", NULL, "10.0.0.1", 445, 0);
		snprintf(buf + 32, len - 32, "10.1.%d.%d", i % 200, who);
		ev->dst_ip = slice_cstr(buf + 32);
		ev->conn_state = slice_cstr("S0");
		break;
	case 2:
		ev_dns(ev, t, "10.0.9.6", buf + strlen(buf) + 1, "NXDOMAIN");
		break;
	case 3:
		ev_conn(ev, t, buf, "upload.example", NULL, 443,
		    (int64_t)(test_unif(r) * 3000000));
		break;
	case 4:
		ev_proxy(ev, t, "10.0.9.2", test_unif(r) < 0.7 ? 404 : 200);
		break;
	default:
		ev_conn(ev, t, buf, "site.example.com", NULL, 443, 900);
		break;
	}
	ev->seq = (uint64_t)i + 1;
}

/*
 * The stream through the analyzer: whole (nparts 1), or split in
 * nparts, each part given what the reading thread works out (give:
 * part_give, the endpoint left to the part) or nothing.
 */
static void
mixed_run(void *a, int nparts, int give)
{
	struct part_given g;
	struct emitter	 ems[3];
	struct ruleset	*rss[3] = { NULL, NULL, NULL };
	struct cerrors	 errs = { 0 };
	struct logevent	 ev;
	uint64_t	 r = 4242;
	char		 buf[128];
	int		 i, p, pos[3], best;

	memset(&ev, 0, sizeof(ev));
	memset(pcaps, 0, sizeof(pcaps));
	for (p = 0; p < nparts; p++) {
		ems[p].emit = pcap_emit;
		ems[p].arg = &pcaps[p];
		/* Each part's conditions from a rule set of its own. */
		ck_assert_ptr_nonnull(rss[p] = load(rules_text, &errs));
	}
	if (nparts > 1)
		ck_assert_int_eq(analyzer_stats.split(a, (size_t)nparts, ems,
		    (const struct ruleset *const *)rss), 0);
	for (i = 0; i < 20000; i++) {
		mixed_event(&ev, i, &r, buf, sizeof(buf));
		if (nparts == 1) {
			analyzer_stats.process(a, &ev);
			continue;
		}
		g.ek.kind = -1;
		if (give)
			analyzer_stats.part_give(a, &ev, &g);
		/* The parts in any order: each keeps to its own. */
		for (p = nparts - 1; p >= 0; p--)
			analyzer_stats.part_process(a, (size_t)p, &ev,
			    give ? &g : NULL);
		/* Merged in rule order (their ids grow with it). */
		memset(pos, 0, sizeof(pos));
		for (;;) {
			for (best = -1, p = 0; p < nparts; p++)
				if (pos[p] < pcaps[p].c.n && (best == -1 ||
				    strcmp(pcaps[p].c.rule[pos[p]],
				    pcaps[best].c.rule[pos[best]]) < 0))
					best = p;
			if (best == -1)
				break;
			cap_take(&pcaps[best].c, pos[best]++);
		}
		for (p = 0; p < nparts; p++)
			pcaps[p].c.n = 0;
		if (i % 5000 == 4999)
			analyzer_stats.idle(a);
	}
	if (nparts > 1)
		ck_assert_int_eq(analyzer_stats.split(a, 1, NULL, NULL), 0);
	analyzer_stats.flush(a);
	for (p = 0; p < nparts; p++)
		ruleset_free(rss[p]);
	logevent_free(&ev);
}

START_TEST(parts_as_one)
{
	struct cap	 one;
	int		 n, i;

	mixed_run(an, 1, 0);
	one = cap;
	ck_assert_int_ge(one.n, 4);
	/* Parts of 2 and 3, learning the names alone, then given them. */
	for (n = 2; n <= 5; n++) {
		teardown();
		setup();
		mixed_run(an, n <= 3 ? n : n - 2, n > 3);
		ck_assert_int_eq(cap.n, one.n);
		for (i = 0; i < one.n; i++) {
			ck_assert_str_eq(cap.rule[i], one.rule[i]);
			ck_assert_str_eq(cap.reason[i], one.reason[i]);
			ck_assert_str_eq(cap.src[i], one.src[i]);
			ck_assert_int_eq(cap.count[i], one.count[i]);
			ck_assert_int_eq(cap.first[i], one.first[i]);
			ck_assert_int_eq(cap.last[i], one.last[i]);
		}
	}
}
END_TEST

/*
 * "list regular" of the names given (a file of its own, gone after)
 * before the rules, finished as detectd finishes a rule set (a list
 * test made twice is shared); regular_start: and the analyzer started
 * on them, with nothing captured yet, in *a.
 */
static struct ruleset *
regular_load(const char *names, const char *rules)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;
	char		 path[256], text[1024];
	int		 fd;

	test_tmpl(path, sizeof(path), "check_stats");
	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_int_eq(write(fd, names, strlen(names)),
	    (ssize_t)strlen(names));
	close(fd);
	snprintf(text, sizeof(text), "list regular {\n type domain\n "
	    "file \"%s\"\n}\n%s", path, rules);
	r2 = load(text, &errs);
	unlink(path);
	ck_assert_ptr_nonnull(r2);
	ck_assert_int_eq(ruleset_finish(r2, &errs), 0);
	return r2;
}

static struct ruleset *
regular_start(const char *names, const char *rules, void **a)
{
	struct ruleset	*r2 = regular_load(names, rules);

	memset(&cap, 0, sizeof(cap));
	*a = start(r2, NULL, 1);
	return r2;
}

START_TEST(beacon_named_memo)
{
	static const char *const names[2] = { "push.vendor.example\n",
	    "other.example\n" };
	struct ruleset	*r2;
	struct logevent	 ev;
	struct evmemo	*m = evmemo_new();
	void		*a;
	int		 i, pass;

	ck_assert_ptr_nonnull(m);
	memset(&ev, 0, sizeof(ev));
	for (pass = 0; pass < 2; pass++) {
		r2 = regular_start(names[pass], "rule 1 {\n name \"b\"\n "
		    "analyzer stats\n viewpoint similar-to-attack\n stage c2\n "
		    "statistic beacon\n learn 0s\n condition not "
		    "destination.domain in list regular\n popular "
		    "destination.domain in list regular\n}\n", &a);
		ev_conn(&ev, T0 - 1000, "10.0.0.90", NULL, NULL, 53, 60);
		ev.source = SRC_DNS;
		ev.dns_query = slice_cstr("push.vendor.example");
		ev.dns_answers = slice_cstr("203.0.113.50,203.0.113.51");
		analyzer_stats.process(a, &ev);
		for (i = 0; i < 72; i++) {
			ev_conn(&ev, T0 + i * 300000LL, "10.0.0.90", NULL,
			    i % 2 ? "203.0.113.51" : "203.0.113.50", 443, 200);
			ev.memo = m;
			ev.seq = (uint64_t)i + 1;
			analyzer_stats.prefetch(a, &ev, 0);
			analyzer_stats.prefetch(a, &ev, 1);
			analyzer_stats.process(a, &ev);
		}
		analyzer_stats.flush(a);
		analyzer_stats.free(a);
		ck_assert_int_eq(cap.n, pass);
		ruleset_free(r2);
	}
	logevent_free(&ev);
	evmemo_free(m);
}
END_TEST

/*
 * A condition asking a list keeps its answers from event to event, by
 * the values of the fields it reads: the same destination on another
 * port is another answer, and so is a listed one.  Ten of the thirty
 * events match; a threshold of 11 is not reached, 10 is.
 */
START_TEST(cond_kept)
{
	struct ruleset	*r2;
	struct logevent	 ev;
	char		 text[512];
	void		*a;
	int		 i, thr;

	memset(&ev, 0, sizeof(ev));
	for (thr = 10; thr <= 11; thr++) {
		snprintf(text, sizeof(text), "rule 1 {\n name \"c\"\n "
		    "analyzer stats\n viewpoint similar-to-attack\n stage c2\n "
		    "statistic count\n window 1h\n threshold %d\n "
		    "condition not destination.domain in list regular and "
		    "not destination.port == 53\n}\n", thr);
		r2 = regular_start("regular.example\n", text, &a);
		for (i = 0; i < 30; i++) {
			ev_conn(&ev, T0 + i * 1000LL, "10.0.0.80", i % 3 == 2 ?
			    "regular.example" : "a.example", "203.0.113.80",
			    i % 3 == 1 ? 53 : 443, 100);
			analyzer_stats.process(a, &ev);
		}
		analyzer_stats.flush(a);
		analyzer_stats.free(a);
		ck_assert_int_eq(cap.n, thr == 10);
		ruleset_free(r2);
	}
	logevent_free(&ev);
}
END_TEST

/* n events from 10.0.0.81 to a.example:443 a second apart from t. */
static void
kept_conns(void *a, int64_t t, int n)
{
	struct logevent	 ev;
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < n; i++) {
		ev_conn(&ev, t + i * 1000LL, "10.0.0.81", "a.example",
		    "203.0.113.81", 443, 100);
		analyzer_stats.process(a, &ev);
	}
	logevent_free(&ev);
}

/*
 * A reload that keeps the rule (its table too: the same meaning) with
 * the list changed under it: the answers kept are the old list's, and
 * go with it.  a.example counts before it is listed, not after.
 */
START_TEST(cond_kept_reload)
{
	static const char *rule = "rule 1 {\n name \"c\"\n analyzer "
	    "stats\n viewpoint similar-to-attack\n stage c2\n statistic "
	    "count\n window 1h\n threshold 10\n condition not "
	    "destination.domain in list regular\n}\n";
	struct ruleset	*r2, *r3;
	void		*a;

	r2 = regular_start("other.example\n", rule, &a);
	kept_conns(a, T0, 10);
	ck_assert_int_eq(cap.n, 1);
	r3 = regular_load("a.example\n", rule);
	ck_assert_int_eq(analyzer_stats.reload(a, r3), 0);
	kept_conns(a, T0 + 3 * 3600000LL, 10);
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 1);
	ruleset_free(r2);
	ruleset_free(r3);
}
END_TEST

/* n MB from endpoint 10.0.0.(100 + who) to dom at t, a MB a second. */
static void
upload(void *a, int who, const char *dom, int64_t t, int n)
{
	struct logevent	 ev;
	char		 src[32];
	int		 k;

	memset(&ev, 0, sizeof(ev));
	snprintf(src, sizeof(src), "10.0.0.%d", 100 + who);
	for (k = 0; k < n; k++) {
		ev_conn(&ev, t + k * 1000LL, src, dom, NULL, 443, 1000000);
		analyzer_stats.process(a, &ev);
	}
	logevent_free(&ev);
}

/*
 * Upload habits: while learning (7 days), an upload to a popular
 * destination, or to one another endpoint uploads to as well, is
 * learnt; a lone upload to an unpopular one is reported.  After, a
 * learnt destination takes four times its peak; a new one the
 * threshold.  Habits survive a restart.
 */
START_TEST(upload_habits)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;
	void		*a;
	char		 dir[256], path[512];
	int64_t		 t8 = T0 + 8 * 86400000LL;

	test_tmpl(dir, sizeof(dir), "check_stats");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	r2 = load("rule 1 {\n name \"u\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage objective\n"
	    " statistic sum source.bytes\n group-by endpoint destination\n"
	    " window 1h\n threshold 20MB\n above-usual 4\n"
	    " persist always\n popular destination.domain == "
	    "\"drive.popular.example\"\n}\n", &errs);
	ck_assert_ptr_nonnull(r2);
	a = start(r2, dir, 1);
	upload(a, 1, "drive.popular.example", T0, 30);
	upload(a, 2, "sync.shared.example", T0 + 3600000, 25);
	upload(a, 3, "sync.shared.example", T0 + 7200000, 25);
	upload(a, 4, "lone.example.net", T0 + 7200000, 30);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 2);
	ck_assert_int_ge(cap_find("10.0.0.102 destination.domain=sync"), 0);
	ck_assert_int_ge(cap_find("10.0.0.104 destination.domain=lone"), 0);
	memset(&cap, 0, sizeof(cap));
	a = start(r2, dir, 1);
	upload(a, 5, "sync.shared.example", t8, 40);
	upload(a, 6, "new.example.org", t8, 25);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_int_ge(cap_find("destination.domain=new.example.org"), 0);
	upload(a, 5, "sync.shared.example", t8 + 40000, 80);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 2);
	ck_assert_int_ge(cap_find("10.0.0.105 destination.domain=sync"), 0);
	snprintf(path, sizeof(path), "%s/%s", dir, STATS_STATE_FILE);
	unlink(path);
	rmdir(dir);
	ruleset_free(r2);
}
END_TEST

/*
 * Habits live apart from the groups: a small table (max-entries 32)
 * churned by a hundred other endpoints' uploads still knows, a week
 * later, the destination two endpoints uploaded to while learning.
 */
START_TEST(upload_habits_kept)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;
	void		*a;
	char		 dom[64];
	int		 i;

	r2 = load("rule 1 {\n name \"u\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage objective\n"
	    " statistic sum source.bytes\n group-by endpoint destination\n"
	    " window 1h\n threshold 20MB\n above-usual 4\n"
	    " max-entries 32\n}\n", &errs);
	ck_assert_ptr_nonnull(r2);
	a = start(r2, NULL, 1);
	upload(a, 2, "sync.shared.example", T0, 25);
	upload(a, 3, "sync.shared.example", T0 + 3600000, 25);
	for (i = 0; i < 100; i++) {
		snprintf(dom, sizeof(dom), "site%d.example", i);
		upload(a, 10 + i % 50, dom, T0 + 86400000LL + i * 60000LL, 1);
	}
	memset(&cap, 0, sizeof(cap));
	upload(a, 5, "sync.shared.example", T0 + 8 * 86400000LL, 40);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 0);
	ruleset_free(r2);
}
END_TEST

/* "popular" is for statistical rules: it must never hide a match. */
START_TEST(popular_only_stats)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;

	r2 = load("rule 1 {\n name \"m\"\n viewpoint known-attack\n"
	    " stage c2\n condition destination.port == 443\n"
	    " popular destination.domain == \"x.example\"\n}\n", &errs);
	ck_assert_ptr_null(r2);
	ck_assert_uint_ge(errs.n, 1);
	ck_assert_msg(strstr(errs.msgs[0], "popular applies to statistical "
	    "rules only") != NULL, "%s", errs.msgs[0]);
	cerrors_clear(&errs);
}
END_TEST

/*
 * Split in parts, a live analyzer's baselines are the parts' until it
 * is whole again (workers stopping): what they learnt is saved at exit,
 * with the latest event time they saw.
 */
START_TEST(parts_saved_at_exit)
{
	struct emitter	 ems[2] = { { cap_emit, NULL }, { cap_emit, NULL } };
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2, *rss[2];
	struct logevent	 ev;
	void		*a;
	char		 dir[256], path[512], line[256];
	FILE		*fp;
	int		 k, p, seen = 0;

	test_tmpl(dir, sizeof(dir), "check_stats");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_ptr_nonnull(r2 = load(base_text, &errs));
	ck_assert_ptr_nonnull(rss[0] = load(base_text, &errs));
	ck_assert_ptr_nonnull(rss[1] = load(base_text, &errs));
	a = start(r2, dir, 0);
	ck_assert_int_eq(analyzer_stats.split(a, 2, ems,
	    (const struct ruleset *const *)rss), 0);
	memset(&ev, 0, sizeof(ev));
	for (k = 0; k < 200; k++) {
		ev_proxy(&ev, T0 + (int64_t)k * 60000, "10.0.0.70", 200);
		ev.seq = (uint64_t)k + 1;
		for (p = 0; p < 2; p++)
			analyzer_stats.part_process(a, (size_t)p, &ev, NULL);
	}
	ck_assert_int_eq(analyzer_stats.split(a, 1, NULL, NULL), 0);
	analyzer_stats.free(a);
	snprintf(path, sizeof(path), "%s/%s", dir, STATS_STATE_FILE);
	ck_assert_ptr_nonnull(fp = fopen(path, "r"));
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, "seen ", 5) == 0)
			seen = strtoll(line + 5, NULL, 10) == T0 + 199 * 60000LL;
	fclose(fp);
	ck_assert_int_eq(seen, 1);
	unlink(path);
	rmdir(dir);
	logevent_free(&ev);
	ruleset_free(rss[0]);
	ruleset_free(rss[1]);
	ruleset_free(r2);
}
END_TEST

START_TEST(replay_does_not_persist)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;
	void		*a;
	char		 dir[256], path[512], *txt;
	const char	*p;

	test_tmpl(dir, sizeof(dir), "check_stats");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	p = strstr(base_text, " persist always\n");
	ck_assert_ptr_nonnull(p);
	txt = strdup(base_text);
	memcpy(txt + (p - base_text), " persist live  ", 15);
	r2 = load(txt, &errs);
	ck_assert_ptr_nonnull(r2);
	a = start(r2, dir, 1);
	hours(a, 0, 3, -1);
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	snprintf(path, sizeof(path), "%s/%s", dir, STATS_STATE_FILE);
	ck_assert_int_eq(access(path, F_OK), -1);
	a = start(r2, dir, 0);
	hours(a, 0, 3, -1);
	analyzer_stats.free(a);
	ck_assert_int_eq(access(path, F_OK), 0);
	unlink(path);
	rmdir(dir);
	ruleset_free(r2);
	free(txt);
}
END_TEST

static const char *rare_text =
"rule 9200 {\n name \"rare\"\n analyzer stats\n"
" viewpoint deviation-from-normal\n stage c2\n statistic rare destination\n"
 " learn 2d\n persist always\n}\n";

static const char *rare3_text =
"rule 9201 {\n name \"rare3\"\n analyzer stats\n"
" viewpoint deviation-from-normal\n stage c2\n statistic rare destination\n"
" max-endpoints 3\n learn 2d\n persist never\n}\n";

#define DAY	86400000LL

static void
rare_conn(void *a, int64_t t, const char *src, const char *dom)
{
	struct logevent	 ev;

	memset(&ev, 0, sizeof(ev));
	ev_conn(&ev, t, src, dom, NULL, 443, 100);
	analyzer_stats.process(a, &ev);
	logevent_free(&ev);
}

/* 20 endpoints visiting the same 10 sites every 10 minutes. */
static void
rare_routine(void *a, int64_t from, int64_t to)
{
	char		 src[32], dom[32];
	int64_t		 t;
	int		 k = 0;

	for (t = from; t < to; t += 600000, k++) {
		snprintf(src, sizeof(src), "10.0.0.%d", 1 + k % 20);
		snprintf(dom, sizeof(dom), "site%d.example.com", k % 10);
		rare_conn(a, t, src, dom);
	}
}

/* Rules that must load: what is wrong is printed before failing. */
static struct ruleset *
load_ok(const char *text)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;

	r2 = load(text, &errs);
	if (r2 == NULL)
		cerrors_print(&errs);
	ck_assert_ptr_nonnull(r2);
	return r2;
}

START_TEST(rare_first_seen)
{
	struct ruleset	*r2 = load_ok(rare_text);
	void		*a = start(r2, NULL, 1);

	rare_routine(a, T0, T0 + 3 * DAY);
	/* New during learning, and shared by two endpoints: quiet. */
	rare_conn(a, T0 + DAY, "10.0.0.1", "early.example");
	rare_conn(a, T0 + DAY + 1000, "10.0.0.1", "shared.example");
	rare_conn(a, T0 + DAY + 2000, "10.0.0.2", "shared.example");
	ck_assert_int_eq(cap.n, 0);
	rare_conn(a, T0 + 3 * DAY, "10.0.0.1", "shared.example");
	rare_conn(a, T0 + 3 * DAY, "10.0.0.3", "shared.example");
	rare_conn(a, T0 + 3 * DAY, "10.0.0.4", "site3.example.com");
	ck_assert_int_eq(cap.n, 0);
	/* After learning, one endpoint: a finding; a second: none. */
	rare_conn(a, T0 + 3 * DAY + 1000, "10.0.0.5", "evil.example");
	rare_conn(a, T0 + 3 * DAY + 2000, "10.0.0.5", "evil.example");
	rare_conn(a, T0 + 3 * DAY + 3000, "10.0.0.6", "evil.example");
	analyzer_stats.flush(a);
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.rule[0], "9200");
	ck_assert_str_eq(cap.src[0], "10.0.0.5");
	ck_assert_str_eq(cap.reason[0], "evil.example first seen in the "
	    "organisation (1 endpoint after 3.0 days of observation)");
	ck_assert_uint_eq(cap.count[0], 1);
	ruleset_free(r2);
}
END_TEST

/*
 * The rules of text, with rare3_text's among them, after the routine:
 * five endpoints reach one destination; at most 3 of them are found,
 * one finding for each of the first three.
 */
static void
rare_three(const char *text)
{
	struct ruleset	*r2 = load_ok(text);
	void		*a = start(r2, NULL, 1);
	char		 src[32];
	int		 i;

	rare_routine(a, T0, T0 + 3 * DAY);
	for (i = 0; i < 5; i++) {
		snprintf(src, sizeof(src), "10.0.1.%d", i);
		rare_conn(a, T0 + 3 * DAY + i * 1000, src, "three.example");
	}
	analyzer_stats.free(a);
	ruleset_free(r2);
	ck_assert_int_eq(cap.n, 3);
	ck_assert_str_eq(cap.rule[2], "9201");
	ck_assert_str_eq(cap.src[2], "10.0.1.2");
}

START_TEST(rare_max_endpoints)
{
	rare_three(rare3_text);
	ck_assert_msg(strstr(cap.reason[0], "three.example first seen") !=
	    NULL, "%s", cap.reason[0]);
	ck_assert_msg(strstr(cap.reason[2], "three.example rare in the "
	    "organisation (3 endpoints since it was first seen at "
	    "2026-03-15T00:00:00.000Z, after 3.0 days of observation)") !=
	    NULL, "%s", cap.reason[2]);
}
END_TEST

/*
 * The same with a rule before it that groups by the endpoint too: the
 * rare rule takes the endpoint's hash from that rule's key of the
 * event, and must count the same endpoints as when it works it out.
 */
START_TEST(rare_twin)
{
	char	 text[1024];

	snprintf(text, sizeof(text), "rule 9199 {\n name \"count\"\n"
	    " analyzer stats\n viewpoint similar-to-attack\n stage c2\n"
	    " statistic count\n window 10m\n threshold 100000\n}\n%s",
	    rare3_text);
	rare_three(text);
}
END_TEST

START_TEST(rare_restart)
{
	struct ruleset	*r2 = load_ok(rare_text);
	void		*a;
	char		 dir[256], path[512];

	test_tmpl(dir, sizeof(dir), "check_stats");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* Learned in a first run, judged in a second. */
	a = start(r2, dir, 1);
	rare_routine(a, T0, T0 + 2 * DAY + 12 * 3600000LL);
	rare_conn(a, T0 + DAY, "10.0.0.7", "known.example");
	analyzer_stats.free(a);
	snprintf(path, sizeof(path), "%s/%s", dir, STATS_STATE_FILE);
	ck_assert_int_eq(access(path, R_OK), 0);
	a = start(r2, dir, 1);
	rare_routine(a, T0 + 2 * DAY + 12 * 3600000LL, T0 + 3 * DAY);
	rare_conn(a, T0 + 3 * DAY, "10.0.0.7", "known.example");
	rare_conn(a, T0 + 3 * DAY, "10.0.0.8", "evil.example");
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 1);
	ck_assert_str_eq(cap.reason[0], "evil.example first seen in the "
	    "organisation (1 endpoint after 3.0 days of observation)");
	/* Without the state, the second run is still learning. */
	memset(&cap, 0, sizeof(cap));
	a = start(r2, NULL, 1);
	rare_routine(a, T0 + 2 * DAY + 12 * 3600000LL, T0 + 3 * DAY);
	rare_conn(a, T0 + 3 * DAY, "10.0.0.8", "evil.example");
	analyzer_stats.free(a);
	ck_assert_int_eq(cap.n, 0);
	unlink(path);
	rmdir(dir);
	ruleset_free(r2);
}
END_TEST

static const struct {
	const char	*opts;
	const char	*msg;
} bad_rules[] = {
	{ "statistic rare destination\n threshold 3",
	    "statistic rare takes" },
	{ "statistic rare destination\n learn 3", "statistic rare takes" },
	{ "statistic rare destination\n max-endpoints 8", "from 1 to 7" },
	{ "statistic count\n threshold 5\n max-endpoints 2",
	    "max-endpoints applies to statistic rare" },
	{ "statistic count\n baseline rolling\n learn 1d",
	    "a learn duration applies to statistic rare, beacon" },
	{ "statistic beacon\n learn 3",
	    "learn WINDOWS do not apply to beacons" },
	{ "statistic count\n threshold 5\n learn-active 2",
	    "learn-active needs a baseline" },
	{ "statistic count\n threshold 5\n above-usual 3",
	    "above-usual applies to statistic sum" },
	{ "statistic sum source.bytes\n threshold 5\n above-usual 3",
	    "above-usual needs a threshold, no baseline, and group-by "
	    "endpoint and more" },
	{ "statistic count\n threshold 5\n min-span 10m",
	    "apply to statistic beacon" },
	{ "statistic distinct destination.ip\n threshold 5\n min-connections 9",
	    "apply to statistic beacon" },
	{ "statistic rare destination\n min-period 1s",
	    "statistic rare takes" },
	{ "statistic beacon\n min-span 10",
	    "'10' must be a duration (30s, 5m, 24h) from 1s to 90d" },
	{ "statistic median", "unknown statistic 'median' (beacon, count, "
	    "distinct FIELD, sum FIELD, rare FIELD)" },
	{ "statistic Count\n threshold 5", "unknown statistic 'Count'" },
	{ "statistic count source.ip\n threshold 5",
	    "statistic count takes no field" },
	{ "statistic beacon destination", "statistic beacon takes no field" },
	{ "statistic rare", "statistic rare needs one field" },
	{ "statistic distinct\n threshold 5",
	    "statistic distinct needs one field" },
	{ "statistic sum source.bytes\n threshold 5\n min-ratio 0.5",
	    "min-ratio and min-events apply to statistic count" },
	{ "statistic beacon\n max-endpoints 2",
	    "max-endpoints applies to statistic rare" },
	{ "statistic sum source.bytes\n threshold 5\n min-period 1s",
	    "min-connections, min-span and min-period apply to statistic "
	    "beacon" },
	{ "statistic sum url.original\n threshold 1", "sum needs a numeric" },
	{ "statistic count", "needs a threshold or a baseline" },
	{ "statistic beacon\n threshold 2", "beacon threshold is a score" },
	{ "statistic count\n baseline hour-of-day\n window 2h",
	    "hour-of-day baseline needs" },
	{ "statistic distinct no.such.field\n threshold 3",
	    "unknown field 'no.such.field'" },
	{ "statistic count\n threshold 5\n threshold 6", "given twice" },
	{ "statistic count\n threshold 5\n window 2", "must be a duration" },
	{ "statistic count\n threshold 5\n entropy 3 10",
	    "entropy applies to statistic distinct" },
	{ "threshold 5", "analyzer stats needs a statistic (beacon, count, "
	    "distinct FIELD, sum FIELD, rare FIELD)" },
	{ "statistic beacon\n flavour 5", "unknown rule option 'flavour'" },
};

START_TEST(rule_errors)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*r2;
	char		 text[512];
	size_t		 i;
	int		 found;

	snprintf(text, sizeof(text), "rule 7 {\n name \"x\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage c2\n %s\n}\n",
	    bad_rules[_i].opts);
	r2 = load(text, &errs);
	ck_assert_ptr_null(r2);
	for (found = 0, i = 0; i < errs.n; i++)
		if (strstr(errs.msgs[i], bad_rules[_i].msg) != NULL)
			found = 1;
	ck_assert_msg(found, "%s: got %s", bad_rules[_i].msg,
	    errs.n ? errs.msgs[0] : "no error");
	cerrors_clear(&errs);
}
END_TEST

START_TEST(rule_viewpoint)
{
	struct cerrors	 errs = { 0 };

	ck_assert_ptr_null(load("rule 7 {\n name \"x\"\n analyzer stats\n"
	    " viewpoint known-attack\n stage c2\n statistic beacon\n}\n",
	    &errs));
	ck_assert_ptr_nonnull(strstr(errs.msgs[0], "statistical rules have"));
	cerrors_clear(&errs);
}
END_TEST

/*
 * The kinds, one row each: a rule of the kind (its options after the
 * name), the start of its signature (the kind's name and its default
 * window), and events that make it find something: one a minute from
 * one endpoint, to one destination or (vary) a new one each time, with
 * what the first finding's reason holds.  Rows swapped in the table, or
 * a row with another kind's functions, fail here.
 */
static const struct {
	const char	*name;
	const char	*opts;
	const char	*sig;
	int		 vary;
	const char	*reason;
} kinds[] = {
	{ "beacon", "\n learn 0s", "beacon:-:86400000:0:0:", 0,
	    "beacon every 60.0 s" },
	{ "count", "\n threshold 5", "count:-:300000:0:0:", 0,
	    "source.ip=10.1.1.1: 5 events in 5.0 min (threshold 5)" },
	{ "distinct", " destination.ip\n threshold 5",
	    "distinct:destination.ip:300000:0:0:", 1,
	    "source.ip=10.1.1.1: 5 distinct destination.ip in 5.0 min "
	    "(threshold 5)" },
	{ "sum", " source.bytes\n threshold 1000",
	    "sum:source.bytes:300000:0:0:", 0,
	    "source.ip=10.1.1.1: 1,200 source.bytes in 5.0 min "
	    "(threshold 1,000)" },
	{ "rare", " destination.ip\n learn 0s", "rare:destination.ip:0:0:0:",
	    0, "192.0.2.1 first seen in the organisation" },
};

static struct ruleset *
kind_load(size_t i)
{
	char	 text[512];

	snprintf(text, sizeof(text), "rule 7 {\n name \"x\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage c2\n statistic %s%s\n}\n",
	    kinds[i].name, kinds[i].opts);
	return load_ok(text);
}

START_TEST(kind_found)
{
	const struct stats_kind		*k = statskind_find(kinds[_i].name);
	const struct stats_params	*p;
	struct ruleset			*r2;
	char				 sig[256];

	ck_assert_ptr_nonnull(k);
	ck_assert_str_eq(k->name, kinds[_i].name);
	ck_assert_int_eq(k->field, kinds[_i].opts[0] == ' ');
	r2 = kind_load(_i);
	p = r2->rules[0]->params;
	ck_assert_ptr_eq(p->kind, k);
	statsrule_signature(p, sig, sizeof(sig));
	ck_assert_msg(strncmp(sig, kinds[_i].sig, strlen(kinds[_i].sig)) ==
	    0, "%s: signature %s", kinds[_i].name, sig);
	ruleset_free(r2);
}
END_TEST

START_TEST(kind_event)
{
	struct ruleset	*r2 = kind_load(_i);
	void		*a = start(r2, NULL, 1);
	struct logevent	 ev;
	char		 ip[32];
	int		 j;

	memset(&cap, 0, sizeof(cap));
	memset(&ev, 0, sizeof(ev));
	for (j = 0; j < 16; j++) {
		snprintf(ip, sizeof(ip), "192.0.2.%d",
		    kinds[_i].vary ? j + 1 : 1);
		ev_conn(&ev, T0 + j * 60000LL, "10.1.1.1", NULL, ip, 443, 300);
		analyzer_stats.process(a, &ev);
	}
	logevent_free(&ev);
	analyzer_stats.free(a);
	ck_assert_int_ge(cap.n, 1);
	ck_assert_msg(strstr(cap.reason[0], kinds[_i].reason) != NULL,
	    "%s: %s", kinds[_i].name, cap.reason[0]);
	ruleset_free(r2);
}
END_TEST

/* The table holds the kinds above, each found by its own name. */
START_TEST(kind_table)
{
	const struct stats_kind *const	*t;
	size_t				 n, i;

	t = statskind_table(&n);
	ck_assert_uint_eq(n, sizeof(kinds) / sizeof(kinds[0]));
	for (i = 0; i < n; i++) {
		ck_assert_ptr_eq(statskind_find(t[i]->name), t[i]);
		ck_assert_str_eq(t[i]->name, kinds[i].name);
		ck_assert_ptr_nonnull(t[i]->check);
		ck_assert_ptr_nonnull(t[i]->event);
		ck_assert_uint_ge(t[i]->size, sizeof(struct stats_group));
		ck_assert(t[i]->persists == NULL || (t[i]->save != NULL &&
		    t[i]->load != NULL));
		ck_assert(t[i]->owns == NULL || t[i]->owned != NULL);
	}
	ck_assert_ptr_null(statskind_find("median"));
	ck_assert_ptr_null(statskind_find(""));
	ck_assert_ptr_null(statskind_find("Count"));
	ck_assert_ptr_null(statskind_find(NULL));
}
END_TEST

START_TEST(regdom)
{
	static const char *const c[][2] = {
		{ "www.example.com", "example.com" },
		{ "a.b.example.co.uk", "example.co.uk" },
		{ "example.com", "example.com" },
		{ "com", "com" },
		{ "x.y.z.example.org.", "example.org" },
		{ "mail.ne.jp", "mail.ne.jp" },
	};
	struct slice	 s;
	size_t		 i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		s = statskey_regdom(slice_cstr(c[i][0]));
		ck_assert_int_eq(s.len, strlen(c[i][1]));
		ck_assert_int_eq(memcmp(s.p, c[i][1], s.len), 0);
	}
	ck_assert_double_eq_tol(statskey_entropy(slice_cstr("aaaa.com")), 0,
	    1e-6);
	ck_assert_double_eq_tol(statskey_entropy(slice_cstr("abcd.com")), 2,
	    1e-6);
}
END_TEST

static Suite *
stats_suite(void)
{
	Suite	*s = suite_create("stats");
	TCase	*tc = tcase_create("analyzer"), *tr = tcase_create("rules");
	TCase	*tk = tcase_create("kinds");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, background_quiet);
	tcase_add_test(tc, key_hash_of_parts);
	tcase_add_test(tc, beacon_ahead_dest);
	tcase_add_test(tc, key_values_kept);
	tcase_add_test(tc, rare_who_kept);
	tcase_add_test(tc, beacon_found);
	tcase_add_test(tc, parts_as_one);
	tcase_add_test(tc, parts_saved_at_exit);
	tcase_add_test(tc, hand_over_half_way);
	tcase_add_test(tc, beacon_span_period);
	tcase_add_test(tc, long_keys);
	tcase_add_test(tc, beacon_at_flush);
	tcase_add_test(tc, scan_found);
	tcase_add_test(tc, scan_slow_not_found);
	tcase_add_test(tc, dga_entropy);
	tcase_add_test(tc, dga_low_entropy);
	tcase_add_test(tc, dns_tunnel);
	tcase_add_test(tc, password_spray);
	tcase_add_test(tc, kerberoast);
	tcase_add_test(tc, error_ratio);
	tcase_add_test(tc, error_ratio_interleaved);
	tcase_add_test(tc, volume);
	tcase_add_test(tc, late_events);
	tcase_add_test(tc, determinism);
	tcase_add_test(tc, bounded);
	tcase_add_test(tc, endpoint_identity);
	tcase_add_test(tc, work_ahead);
	tcase_add_test(tc, deviation_restart);
	tcase_add_test(tc, replay_does_not_persist);
	tcase_add_test(tc, beacon_prevalent);
	tcase_add_test(tc, beacon_learning);
	tcase_add_test(tc, prevalence_counts);
	tcase_add_test(tc, popular_only_stats);
	tcase_add_test(tc, beacon_spread);
	tcase_add_test(tc, deviation_needs_activity);
	tcase_add_test(tc, scan_by_network);
	tcase_add_test(tc, upload_above_usual);
	tcase_add_test(tc, no_rules_no_names);
	tcase_add_test(tc, beacon_named);
	tcase_add_test(tc, beacon_literal_unnamed);
	tcase_add_test(tc, give_names_ahead);
	tcase_add_test(tc, cond_kept);
	tcase_add_test(tc, cond_kept_reload);
	tcase_add_test(tc, beacon_named_memo);
	tcase_add_test(tc, upload_habits);
	tcase_add_test(tc, upload_habits_kept);
	tcase_add_test(tc, rare_first_seen);
	tcase_add_test(tc, rare_max_endpoints);
	tcase_add_test(tc, rare_twin);
	tcase_add_test(tc, rare_restart);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(tr, rule_errors, 0,
	    sizeof(bad_rules) / sizeof(bad_rules[0]));
	tcase_add_test(tr, rule_viewpoint);
	tcase_add_test(tr, regdom);
	suite_add_tcase(s, tr);
	tcase_add_loop_test(tk, kind_found, 0,
	    sizeof(kinds) / sizeof(kinds[0]));
	tcase_add_loop_test(tk, kind_event, 0,
	    sizeof(kinds) / sizeof(kinds[0]));
	tcase_add_test(tk, kind_table);
	suite_add_tcase(s, tk);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(stats_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
