/*
 * The kafka output against librdkafka's mock cluster: records reach the
 * topic keyed by endpoint, in order per endpoint; with every broker down
 * a flush still succeeds once the records are in the disk spool, which
 * outlives a restart and is delivered when the brokers are back,
 * nothing lost, nothing twice.  Finding records keyed by indicator
 * (else destination) meet in one partition per indicator, contribution
 * records in one per group.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "output/output.h"
#include "conf/conf.h"
#include "testkafka.h"
#include "testtmp.h"

#define TOPIC	"alerts"

static struct test_kafka tk;
static struct config	*cfg;
static const char	*keyword = "endpoint";

/* The key record seq must have; the alerts' endpoint by default. */
static void
key_alert(int seq, char *buf, size_t size)
{
	snprintf(buf, size, "10.0.0.%d", seq % 4);
}

static void	(*key_of)(int, char *, size_t) = key_alert;

static struct output *
out_open(void)
{
	struct cerrors		 errs = { 0 };
	struct output_env	 oenv;
	struct output		*o;
	FILE			*fp;

	if (cfg == NULL) {
		ck_assert_ptr_nonnull(fp = fopen(test_path("detectd.conf"),
		    "w"));
		fprintf(fp, "state-dir \"%s\"\nallow-empty\n"
		    "output bus {\n type kafka\n brokers \"%s\"\n topic %s\n"
		    " key %s\n timeout 1500ms\n retry 1ms\n"
		    " property log_level 3\n}\n", test_dir(), tk.brokers,
		    TOPIC, keyword);
		fclose(fp);
		cfg = config_load(test_path("detectd.conf"), &errs);
		cerrors_print(&errs);
		ck_assert_ptr_nonnull(cfg);
	}
	memset(&oenv, 0, sizeof(oenv));
	oenv.hostname = "sensor";
	oenv.state_dir = cfg->state_dir;
	ck_assert_ptr_nonnull(o = output_open(cfg->outputs[0], &oenv));
	return o;
}

/* Record i: endpoint 10.0.0.(i % 4), its sequence i. */
static void
put(struct output *o, int from, int to)
{
	char	 rec[256];
	int	 i, n;

	for (i = from; i < to; i++) {
		n = snprintf(rec, sizeof(rec), "{\"event\":{\"kind\":\"alert\","
		    "\"id\":\"a%d\"},\"source\":{\"ip\":\"10.0.0.%d\"},"
		    "\"seq\":%d}\n", i, i % 4, i);
		ck_assert_int_eq(output_write(o, rec, (size_t)n), 0);
	}
}

/*
 * Everything in the topic: seen[i] counts record i; each key's records
 * must come in their order, in one partition.
 */
static void
consume(int *seen, int n, int want)
{
	rd_kafka_conf_t	*kc = rd_kafka_conf_new();
	rd_kafka_t	*rk;
	rd_kafka_message_t *m;
	rd_kafka_topic_partition_list_t *l;
	char		 err[256], key[32];
	int		 i, got = 0, seq, last[4] = { -1, -1, -1, -1 };
	int		 part[4] = { -1, -1, -1, -1 };

	ck_assert_int_eq(rd_kafka_conf_set(kc, "bootstrap.servers",
	    tk.brokers, err, sizeof(err)), RD_KAFKA_CONF_OK);
	ck_assert_int_eq(rd_kafka_conf_set(kc, "group.id", "reader", err,
	    sizeof(err)), RD_KAFKA_CONF_OK);
	ck_assert_ptr_nonnull(rk = rd_kafka_new(RD_KAFKA_CONSUMER, kc, err,
	    sizeof(err)));
	l = rd_kafka_topic_partition_list_new(4);
	for (i = 0; i < 4; i++)
		rd_kafka_topic_partition_list_add(l, TOPIC, i)->offset =
		    RD_KAFKA_OFFSET_BEGINNING;
	ck_assert_int_eq(rd_kafka_assign(rk, l), 0);
	rd_kafka_topic_partition_list_destroy(l);
	memset(seen, 0, sizeof(int) * (size_t)n);
	for (i = 0; i < 300 && got < want; i++) {
		if ((m = rd_kafka_consumer_poll(rk, 20)) == NULL)
			continue;
		if (m->err == 0) {
			ck_assert_int_eq(sscanf(strstr(m->payload, "\"seq\":"),
			    "\"seq\":%d", &seq), 1);
			key_of(seq, key, sizeof(key));
			ck_assert_uint_eq(m->key_len, strlen(key));
			ck_assert(memcmp(m->key, key, m->key_len) == 0);
			ck_assert_int_gt(seq, last[seq % 4]);
			ck_assert(part[seq % 4] == -1 ||
			    part[seq % 4] == m->partition);
			part[seq % 4] = m->partition;
			last[seq % 4] = seq;
			seen[seq]++;
			got++;
		}
		rd_kafka_message_destroy(m);
	}
	(void)rd_kafka_consumer_close(rk);
	rd_kafka_destroy(rk);
}

/* A flush that works, and what it leaves: delivered and waiting. */
static void
flush_leaves(struct output *o, uint64_t delivered, uint64_t queued)
{
	struct output_stats	 st;

	ck_assert_int_eq(output_flush(o), 0);
	output_stats(o, &st);
	ck_assert_uint_eq(st.delivered, delivered);
	ck_assert_uint_eq(st.queued, queued);
}

/* Every record of the topic once. */
static void
consume_once(int n)
{
	int	 seen[64], i;

	ck_assert_int_le(n, 64);
	consume(seen, n, n);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(seen[i], 1);
}

static void
setup(void)
{
	test_dir_make();
	test_kafka_new(&tk, 3, TOPIC, 4);
	cfg = NULL;
	keyword = "endpoint";
	key_of = key_alert;
}

static void
teardown(void)
{
	config_free(cfg);
	test_kafka_free(&tk);
	test_dir_remove();
}

START_TEST(delivered_keyed_in_order)
{
	struct output		*o = out_open();

	put(o, 0, 40);
	flush_leaves(o, 40, 0);
	output_free(o);
	consume_once(40);
}
END_TEST

/* Finding record seq: indicator i%4, but the fourth has none. */
static void
key_finding(int seq, char *buf, size_t size)
{
	if (seq % 4 == 3)
		snprintf(buf, size, "dest%d.example", seq % 4);
	else
		snprintf(buf, size, "ioc%d.example", seq % 4);
}

START_TEST(findings_keyed_by_indicator)
{
	struct output	*o;
	char		 rec[512], ind[64];
	int		 i, n;

	keyword = "indicator";
	key_of = key_finding;
	o = out_open();
	for (i = 0; i < 40; i++) {
		if (i % 4 == 3)
			ind[0] = '\0';
		else
			snprintf(ind, sizeof(ind), "\"value\":\"ioc%d.example\"",
			    i % 4);
		n = snprintf(rec, sizeof(rec), "{\"finding\":{\"rule\":\"1\","
		    "\"indicator\":{%s},\"endpoint\":{\"key\":\"ws%d\"},"
		    "\"event\":{\"destination.domain\":\"dest%d.example\"}},"
		    "\"seq\":%d}\n", ind, i, i % 4, i);
		ck_assert_int_eq(output_write(o, rec, (size_t)n), 0);
	}
	flush_leaves(o, 40, 0);
	output_free(o);
	consume_once(40);
}
END_TEST

/* Contribution record seq: group g(i%4), a user or a rule. */
static void
key_contrib(int seq, char *buf, size_t size)
{
	snprintf(buf, size, "g%d", seq % 4);
}

START_TEST(contributions_keyed_by_group)
{
	struct output	*o;
	char		 rec[512];
	int		 i, n;

	keyword = "indicator";
	key_of = key_contrib;
	o = out_open();
	for (i = 0; i < 30; i++) {
		n = snprintf(rec, sizeof(rec), "{\"contribution\":{"
		    "\"version\":1,\"rule\":\"4000020\",\"type\":\"reach\","
		    "\"group\":\"g%d\",\"endpoint\":{\"key\":\"ws%d\"},"
		    "\"event\":{\"destination.ip\":\"10.0.0.%d\"}},"
		    "\"seq\":%d}\n", i % 4, i, i, i);
		ck_assert_int_eq(output_write(o, rec, (size_t)n), 0);
	}
	flush_leaves(o, 30, 0);
	output_free(o);
	consume_once(30);
}
END_TEST

/*
 * Every broker down: the flush takes the records into the spool (so
 * that the inputs may commit), the spool outlives a restart, and the
 * records go when the brokers are back.
 */
START_TEST(brokers_down_spool)
{
	struct output		*o = out_open();
	int			 i;

	put(o, 0, 10);
	flush_leaves(o, 10, 0);
	for (i = 1; i <= 3; i++)
		ck_assert_int_eq(rd_kafka_mock_broker_set_down(tk.mc, i), 0);
	put(o, 10, 20);
	flush_leaves(o, 10, 10);
	put(o, 20, 25);
	flush_leaves(o, 10, 15);
	/* A send of the spool again, the brokers still down: kept. */
	usleep(10000);
	flush_leaves(o, 10, 15);
	output_free(o);
	for (i = 1; i <= 3; i++)
		ck_assert_int_eq(rd_kafka_mock_broker_set_up(tk.mc, i), 0);
	o = out_open();
	put(o, 25, 30);
	flush_leaves(o, 20, 0);
	output_free(o);
	consume_once(30);
}
END_TEST

int
main(void)
{
	const struct test_def t[] = {
		{ delivered_keyed_in_order, 0 },
		{ findings_keyed_by_indicator, 0 },
		{ contributions_keyed_by_group, 0 },
		{ brokers_down_spool, 0 },
	};

	return test_kafka_run("output_kafka", t, sizeof(t) / sizeof(t[0]), setup,
	    teardown);
}
