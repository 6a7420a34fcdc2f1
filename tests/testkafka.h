/*
 * A Kafka cluster for the Check suites, without a broker: librdkafka's
 * mock cluster (rdkafka_mock.h) in the test process, its brokers on
 * local ports.  test_kafka_new makes one with a topic of n partitions;
 * test_kafka_produce writes records to it, keyed, and waits for them.
 */
#ifndef DETECTD_TESTKAFKA_H
#define DETECTD_TESTKAFKA_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "testmain.h"

struct test_kafka {
	rd_kafka_t		*rk;		/* producer; owns the cluster */
	rd_kafka_mock_cluster_t	*mc;
	char			 brokers[512];
};

/*
 * librdkafka properties that make a group settle in a test's time: the
 * mock cluster waits session.timeout.ms less 1s for the members of a
 * rebalance to join again, and heartbeats bring the news of one at
 * once.  A group's first join waits 3s whatever is set, and a session
 * shorter than that expires the member before it is in.
 */
static char *const test_kafka_props[] = {
	"session.timeout.ms=3500",
	"heartbeat.interval.ms=100",
	"topic.metadata.refresh.interval.ms=500",
	"fetch.wait.max.ms=20",
	"log_level=3",
};
#define TEST_KAFKA_NPROPS	(sizeof(test_kafka_props) / \
				    sizeof(test_kafka_props[0]))

static inline void
test_kafka_new(struct test_kafka *t, int brokers, const char *topic,
    int partitions)
{
	rd_kafka_conf_t	*kc = rd_kafka_conf_new();
	char		 err[256];

	memset(t, 0, sizeof(*t));
	ck_assert_int_eq(rd_kafka_conf_set(kc, "log_level", "3", err,
	    sizeof(err)), RD_KAFKA_CONF_OK);
	ck_assert_int_eq(rd_kafka_conf_set(kc, "enable.idempotence", "true",
	    err, sizeof(err)), RD_KAFKA_CONF_OK);
	t->rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err, sizeof(err));
	ck_assert_msg(t->rk != NULL, "%s", err);
	t->mc = rd_kafka_mock_cluster_new(t->rk, brokers);
	ck_assert_ptr_nonnull(t->mc);
	snprintf(t->brokers, sizeof(t->brokers), "%s",
	    rd_kafka_mock_cluster_bootstraps(t->mc));
	ck_assert_int_eq(rd_kafka_mock_topic_create(t->mc, topic, partitions,
	    brokers < 3 ? brokers : 3), 0);
	ck_assert_int_eq(rd_kafka_brokers_add(t->rk, t->brokers) > 0, 1);
}

static inline void
test_kafka_produce(struct test_kafka *t, const char *topic, const char *key,
    const char *value)
{
	rd_kafka_resp_err_t	 err;

	err = rd_kafka_producev(t->rk, RD_KAFKA_V_TOPIC(topic),
	    RD_KAFKA_V_KEY(key, strlen(key)),
	    RD_KAFKA_V_VALUE((void *)(uintptr_t)value, strlen(value)),
	    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
	ck_assert_msg(err == 0, "produce: %s", rd_kafka_err2str(err));
	(void)rd_kafka_poll(t->rk, 0);
}

static inline void
test_kafka_wait(struct test_kafka *t)
{
	ck_assert_int_eq(rd_kafka_flush(t->rk, 10000), 0);
}

/*
 * A suite against the mock cluster: a group's first join alone takes
 * 3s, and a test's polls wait up to a minute each for a busy machine,
 * so each test may take 300s (CK_DEFAULT_TIMEOUT, unless set).
 */
static inline int
test_kafka_run(const char *name, const struct test_def *t, size_t n,
    void (*setup)(void), void (*teardown)(void))
{
	setenv("CK_DEFAULT_TIMEOUT", "300", 0);
	return test_run_fixture(name, t, n, setup, teardown);
}

static inline void
test_kafka_free(struct test_kafka *t)
{
	rd_kafka_mock_cluster_destroy(t->mc);
	rd_kafka_destroy(t->rk);
}

#endif
