/*
 * Kafka in front of the whole pipeline: the records of a topic keyed by
 * endpoint, read by M members of a group, each with its own pipeline
 * and alert file as M detectd instances would be, give the same alerts
 * as one instance that reads them all.  The rules are the shipped proxy
 * blacklist (stateless) and the statistics (a window per endpoint): the
 * latter holds only when each endpoint's records all reach one member.
 *
 * A member joining half-way through the stream takes partitions whose
 * endpoints are half-way through a statistical window: with kafka-state
 * dir the member giving them up hands their state over (tier.h), and
 * the alerts are still those of one instance.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "collector/kafka.h"
#include "config.h"
#include "output/output.h"
#include "pipeline.h"
#include "conf/conf.h"
#include "testkafka.h"
#include "testtmp.h"

#define TOPIC		"proxy"
#define NHOST		16
#define NLINE		(NHOST * 80)
#define MAXINST		4

struct inst {
	const char	*hand;		/* hand-over directory, or NULL */
	struct config	*cfg;
	struct output	*out;
	struct pipeline	*pl;
	struct source	*src;
	struct kafka_in	*k;
	char		 alerts[4096];
	uint64_t	 lines;
};

static struct test_kafka tk;
static char		 group[64];
static const char	*topic = TOPIC;

static struct config *
conf_load(const char *alerts)
{
	struct cerrors	 errs = { 0 };
	struct config	*c;
	FILE		*fp;

	ck_assert_ptr_nonnull(fp = fopen(test_path("detectd.conf"), "w"));
	/* DETECTD_TEST_WORKERS=N by hand: the same on worker threads. */
	if (getenv("DETECTD_TEST_WORKERS") != NULL)
		fprintf(fp, "workers %s\n", getenv("DETECTD_TEST_WORKERS"));
	fprintf(fp, "state-dir \"%s\"\nruleset \"test\"\n"
	    "include \"%s/../rules/proxy-blacklist.rules\"\n"
	    "include \"%s/../rules/stats.rules\"\n"
	    "output alerts {\n type file\n path \"%s\"\n}\n", test_dir(),
	    TEST_SRCDIR, TEST_SRCDIR, alerts);
	fclose(fp);
	c = config_load(test_path("detectd.conf"), &errs);
	cerrors_print(&errs);
	ck_assert_ptr_nonnull(c);
	return c;
}

static void
inst_line(void *arg, const struct kafka_rec *r, const struct rline *l)
{
	struct inst	*in = arg;
	char		 from[64];

	snprintf(from, sizeof(from), "kafka:%s/%d", r->topic,
	    (int)r->partition);
	in->src->shard = (uint32_t)r->partition + 1;
	in->lines++;
	pipeline_line(in->pl, in->src, from, l);
}

static int
inst_flush(void *arg)
{
	struct inst	*in = arg;

	pipeline_sync(in->pl);
	return pipeline_flush(in->pl);
}

/* As inputs.c: the files of the partitions, in the directory. */
static void
inst_hand(struct inst *in, const int32_t *parts, size_t n, int give)
{
	if (in->hand != NULL)
		ck_assert_int_eq(pipeline_hand(in->pl, in->hand, topic, parts,
		    n, give), 0);
}

static int
inst_revoked(void *arg, const int32_t *parts, size_t n)
{
	(void)parts;
	(void)n;
	return inst_flush(arg);
}

static void
inst_handed(void *arg, const int32_t *parts, size_t n)
{
	inst_hand(arg, parts, n, 1);
}

static void
inst_assigned(void *arg, const int32_t *parts, size_t n)
{
	inst_hand(arg, parts, n, 0);
}

static void
inst_open(struct inst *in, const char *name)
{
	struct output_env	 oenv;
	struct kafka_conf	 kc;
	struct kafka_cbs	 cbs = { inst_line, inst_flush, inst_revoked,
	    inst_assigned, inst_handed, in };
	const char		*hand = in->hand;

	memset(in, 0, sizeof(*in));
	in->hand = hand;
	snprintf(in->alerts, sizeof(in->alerts), "%s", test_path(name));
	in->cfg = conf_load(in->alerts);
	memset(&oenv, 0, sizeof(oenv));
	oenv.hostname = "sensor";
	oenv.state_dir = in->cfg->state_dir;
	ck_assert_ptr_nonnull(in->out = output_open(in->cfg->outputs[0],
	    &oenv));
	ck_assert_ptr_nonnull(in->pl = pipeline_new(in->cfg, &in->out, 1, 1));
	pipeline_set_now(in->pl, 1773273600000LL);
	ck_assert_ptr_nonnull(in->src = source_new("proxy", "squid", 0));
	memset(&kc, 0, sizeof(kc));
	kc.name = name;
	kc.brokers = tk.brokers;
	kc.topic = topic;
	kc.group = group;
	kc.max_line = 4096;
	kc.props = test_kafka_props;
	kc.nprops = TEST_KAFKA_NPROPS;
	ck_assert_ptr_nonnull(in->k = kafka_in_new(NULL, &kc, &cbs));
}

static void
inst_close(struct inst *in)
{
	ck_assert_int_ge(inst_flush(in), 0);
	kafka_in_close(in->k, 1);
	kafka_in_free(in->k);
	pipeline_drain(in->pl);
	ck_assert_int_eq(pipeline_flush(in->pl), 0);
	pipeline_free(in->pl);
	output_free(in->out);
	source_free(in->src);
	config_free(in->cfg);
}

/*
 * A day's proxy log of NHOST endpoints, in time order: hosts 3 and 11
 * fail most of their requests (rule 3000020), host 5 reaches a C2
 * domain (1000001), the rest browse.
 */
static void
produce_range(int from, int to, int all_fail)
{
	char	 key[32], line[512];
	int	 i, h, status;

	for (i = from; i < to; i++) {
		h = i % NHOST;
		status = (all_fail || h == 3 || h == 11) ? 404 : 200;
		snprintf(key, sizeof(key), "10.1.0.%d", 10 + h);
		snprintf(line, sizeof(line), "%d.%03d %6d %s TCP_MISS/%d %d "
		    "GET http://%s/p%d - HIER_DIRECT/203.0.113.%d text/html",
		    1773273600 + i / 4, (i % 4) * 250, 100 + i, key, status,
		    1000 + i, h == 5 && i % 160 == 5 ?
		    "update-check.badcdn.example" : "www.example.com",
		    i, h);
		test_kafka_produce(&tk, topic, key, line);
	}
	test_kafka_wait(&tk);
}

static void
produce_log(void)
{
	produce_range(0, NLINE, 0);
}

static uint64_t
lines_read(struct inst *v, int n)
{
	uint64_t	 t = 0;
	int		 i;

	for (i = 0; i < n; i++)
		t += v[i].lines;
	return t;
}

static void
read_upto(struct inst *v, int n, uint64_t want)
{
	int	 i, round;

	for (round = 0; round < 3000 && lines_read(v, n) < want; round++)
		for (i = 0; i < n; i++)
			(void)kafka_in_poll(v[i].k, 128, 10);
	ck_assert_uint_eq(lines_read(v, n), want);
}

static void
read_all(struct inst *v, int n)
{
	read_upto(v, n, NLINE);
}

/*
 * Each member commits before the first leaves and the group
 * rebalances.  The group refuses commits while it rebalances (the
 * cooperative protocol may follow one with another): poll through it.
 */
static void
commit_all(struct inst *v, int n)
{
	int	 i, j, tries;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(inst_flush(&v[i]), 0);
		for (tries = 0; tries < 500 &&
		    kafka_in_commit(v[i].k, 1) == -1; tries++)
			for (j = 0; j < n; j++)
				(void)kafka_in_poll(v[j].k, 128, 10);
		ck_assert_int_lt(tries, 500);
	}
}

/* The alert lines of the files, sorted, as one text. */
static char *
alerts_sorted(struct inst *v, int n)
{
	char	 cmd[4096], *buf;
	size_t	 len = 0, off = 3;
	FILE	*fp;
	int	 i, w;

	memcpy(cmd, "cat", 4);
	for (i = 0; i <= n; i++) {
		if (i < n)
			w = snprintf(cmd + off, sizeof(cmd) - off, " '%s'",
			    v[i].alerts);
		else
			w = snprintf(cmd + off, sizeof(cmd) - off,
			    " | LC_ALL=C sort");
		ck_assert(w >= 0 && (size_t)w < sizeof(cmd) - off);
		off += (size_t)w;
	}
	ck_assert_ptr_nonnull(fp = popen(cmd, "r"));
	ck_assert_ptr_nonnull(buf = malloc(1 << 22));
	len = fread(buf, 1, (1 << 22) - 1, fp);
	buf[len] = '\0';
	pclose(fp);
	return buf;
}

static int
count(const char *s, const char *what)
{
	int	 n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s++;
	}
	return n;
}

/* Equal, or the first line that differs is said. */
static void
same_text(const char *a, const char *b)
{
	size_t	 i, l = 0;

	for (i = 0; a[i] != '\0' && a[i] == b[i]; i++)
		if (a[i] == '\n')
			l = i + 1;
	if (a[i] != b[i])
		fprintf(stderr, "one instance:\n%.300s\nmembers:\n%.300s\n",
		    a + (i - l > 200 ? i - 200 : l), b + (i - l > 200 ? i - 200 :
		    l));
	ck_assert_msg(a[i] == b[i], "alerts differ at byte %zu", i);
}

static void
setup(void)
{
	static int	 n;

	test_dir_make();
	snprintf(group, sizeof(group), "replay-%d-%d", (int)getpid(), n++);
	test_kafka_new(&tk, 3, TOPIC, 8);
	topic = TOPIC;
	produce_log();
}

static void
teardown(void)
{
	test_kafka_free(&tk);
	test_dir_remove();
}

/*
 * The reference: one instance, one member, every partition; n3000020
 * endpoints with most of their requests failed.
 */
static char *
single_instance(int n3000020)
{
	struct inst	 one;
	char		*a;

	strcat(group, "-one");
	memset(&one, 0, sizeof(one));
	inst_open(&one, "one.json");
	read_all(&one, 1);
	inst_close(&one);
	a = alerts_sorted(&one, 1);
	ck_assert_int_eq(count(a, "\"id\":\"3000020\""), n3000020);
	ck_assert_int_ge(count(a, "\"id\":\"1000001\""), 1);
	return a;
}

/* M members from the start: the same alerts, none lost, none twice. */
START_TEST(members_equal_one_instance)
{
	struct inst	 v[MAXINST];
	char		 name[32], *a, *b;
	int		 i, m = _i == 0 ? 2 : 4;

	a = single_instance(2);
	group[strlen(group) - 4] = '\0';
	memset(v, 0, sizeof(v));
	for (i = 0; i < m; i++) {
		snprintf(name, sizeof(name), "m%d.json", i);
		inst_open(&v[i], name);
	}
	read_all(v, m);
	commit_all(v, m);
	for (i = 0; i < m; i++)
		inst_close(&v[i]);
	b = alerts_sorted(v, m);
	same_text(a, b);
	free(a);
	free(b);
}
END_TEST

/*
 * Every endpoint fails all its requests (3000020: 60 requests, most
 * failed, in 10 minutes); member A reads the first 40 of each, then B
 * joins and takes half the partitions, then the other 40 come.  The
 * endpoints that moved are half-way through their window at B: only
 * the state A hands over makes their alerts, the same as one
 * instance's.
 */
START_TEST(rebalance_hands_state_over)
{
	struct inst	 v[2];
	char		 dir[4096], *a, *b;
	int		 round;

	topic = "handover";
	ck_assert_int_eq(rd_kafka_mock_topic_create(tk.mc, topic, 8, 3), 0);
	produce_range(0, NLINE / 2, 1);
	snprintf(dir, sizeof(dir), "%s", test_path("handover"));
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	memset(v, 0, sizeof(v));
	v[0].hand = v[1].hand = dir;
	inst_open(&v[0], "m0.json");
	read_upto(v, 1, NLINE / 2);
	/*
	 * Committed before B joins: a commit the group refuses during the
	 * rebalance would (rightly) stop the hand-over, and B would read
	 * those records again.
	 */
	commit_all(v, 1);
	inst_open(&v[1], "m1.json");
	/* Until B holds partitions and the two hold all eight. */
	for (round = 0; round < 3000; round++) {
		(void)kafka_in_poll(v[0].k, 128, 10);
		(void)kafka_in_poll(v[1].k, 128, 10);
		if (kafka_in_stats(v[1].k)->assigned > 0 &&
		    kafka_in_stats(v[0].k)->assigned +
		    kafka_in_stats(v[1].k)->assigned == 8)
			break;
	}
	ck_assert_int_lt(round, 3000);
	ck_assert_uint_gt(kafka_in_stats(v[0].k)->assigned, 0);
	produce_range(NLINE / 2, NLINE, 1);
	read_upto(v, 2, NLINE);
	commit_all(v, 2);
	inst_close(&v[0]);
	inst_close(&v[1]);
	b = alerts_sorted(v, 2);
	/* The reference: the same topic from the start, in a group alone. */
	a = single_instance(NHOST);
	same_text(a, b);
	free(a);
	free(b);
}
END_TEST

int
main(void)
{
	const struct test_def t[] = {
		{ members_equal_one_instance, 2 },
		{ rebalance_hands_state_over, 0 },
	};

	return test_kafka_run("kafka_replay", t, sizeof(t) / sizeof(t[0]), setup,
	    teardown);
}
