/*
 * The state topic (collector/kstate.h) against librdkafka's mock
 * cluster: a state given is taken back whole, chunked when it is larger
 * than a record; taking it leaves a tombstone, so that it is not taken
 * twice; a newer state of the key wins; a state missing a chunk, or
 * mixing two hand-overs, is not taken; a broker that is down makes an
 * error, counted, within the timeout, never a stall.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector/kstate.h"
#include "testkafka.h"
#include "util/timeutil.h"

#define STATE	"detectd-state"

static struct test_kafka tk;

static struct kstate *
ks_open(const char *topic, size_t chunk, int timeout_ms)
{
	struct kstate_conf	 c;
	struct kstate		*k;

	memset(&c, 0, sizeof(c));
	c.name = "logs";
	c.brokers = tk.brokers;
	c.topic = topic;
	c.props = test_kafka_props;
	c.nprops = TEST_KAFKA_NPROPS;
	c.chunk = chunk;
	c.timeout_ms = timeout_ms;
	ck_assert_ptr_nonnull(k = kstate_new(&c));
	return k;
}

/* The state of one key, or NULL; rc the return of kstate_get. */
static char *
ks_take(struct kstate *k, const char *key, size_t *len, int rc)
{
	const char	*keys[1] = { key };
	char		*v[1];

	ck_assert_int_eq(kstate_get(k, keys, 1, v, len), rc);
	return v[0];
}

/* A text of n bytes, lines of a "group" each, different throughout. */
static char *
text(size_t n, int seed)
{
	char	*s;
	size_t	 i;

	ck_assert_ptr_nonnull(s = malloc(n + 1));
	for (i = 0; i < n; i++)
		s[i] = i % 61 == 60 ? '\n' : (char)('a' + (i * 7 + (size_t)seed +
		    i / 61) % 26);
	/* Chunks of 1000 that begin with blanks, as hand-over lines do. */
	for (i = 1000; i + 1 < n; i += 1000) {
		s[i] = ' ';
		s[i + 1] = '\n';
	}
	s[n] = '\0';
	return s;
}

static void
setup(void)
{
	test_kafka_new(&tk, 3, "logs", 4);
	ck_assert_int_eq(rd_kafka_mock_topic_create(tk.mc, STATE, 2, 3), 0);
}

static void
teardown(void)
{
	test_kafka_free(&tk);
}

/* Given, taken whole, once: the second take finds the tombstone. */
START_TEST(give_take_once)
{
	struct kstate	*a = ks_open(STATE, 0, 5000), *b = ks_open(STATE, 0,
	    5000);
	char		*s = text(5000, 1), *v;
	size_t		 len;

	ck_assert_int_eq(kstate_put(a, "logs-3", s, strlen(s)), 0);
	ck_assert_ptr_null(ks_take(b, "logs-2", &len, 0));
	ck_assert_ptr_nonnull(v = ks_take(b, "logs-3", &len, 0));
	ck_assert_uint_eq(len, strlen(s));
	ck_assert_mem_eq(v, s, len);
	free(v);
	ck_assert_uint_eq(kstate_stats(b)->gets, 1);
	ck_assert_uint_eq(kstate_stats(b)->tombstones, 1);
	/* Taken: a later owner finds nothing, not the stale state. */
	ck_assert_ptr_null(ks_take(a, "logs-3", &len, 0));
	ck_assert_uint_eq(kstate_stats(a)->gets, 0);
	free(s);
	kstate_free(a);
	kstate_free(b);
}
END_TEST

/* Larger than a record: chunks, put together; the newest state wins. */
START_TEST(chunks_and_newest)
{
	struct kstate	*a = ks_open(STATE, 1000, 5000);
	char		*s1 = text(9500, 1), *s2 = text(4321, 2), *v;
	const char	*keys[2] = { "logs-0", "logs-1" };
	char		*vals[2];
	size_t		 lens[2];

	ck_assert_int_eq(kstate_put(a, "logs-0", s1, strlen(s1)), 0);
	ck_assert_uint_eq(kstate_stats(a)->chunks, 10);
	ck_assert_int_eq(kstate_put(a, "logs-1", s1, 10), 0);
	ck_assert_int_eq(kstate_put(a, "logs-0", s2, strlen(s2)), 0);
	ck_assert_int_eq(kstate_get(a, keys, 2, vals, lens), 0);
	ck_assert_ptr_nonnull(v = vals[0]);
	ck_assert_uint_eq(lens[0], strlen(s2));
	ck_assert_mem_eq(v, s2, lens[0]);
	ck_assert_uint_eq(lens[1], 10);
	ck_assert_mem_eq(vals[1], s1, 10);
	free(vals[0]);
	free(vals[1]);
	free(s1);
	free(s2);
	kstate_free(a);
}
END_TEST

/* A chunk of another hand-over, or none: nothing taken, counted. */
START_TEST(broken_not_taken)
{
	struct kstate	*a = ks_open(STATE, 1000, 5000);
	char		*s = text(3500, 3);
	size_t		 len;

	ck_assert_int_eq(kstate_put(a, "logs-2", s, strlen(s)), 0);
	/* A later hand-over's chunk 1 whose chunk 0 never came. */
	test_kafka_produce(&tk, STATE, "logs-2#1",
	    "detectd-state 1 7 1 4 3500\nxyz");
	test_kafka_wait(&tk);
	ck_assert_ptr_null(ks_take(a, "logs-2", &len, 0));
	ck_assert_uint_eq(kstate_stats(a)->get_errors, 1);
	/* Not a state at all. */
	test_kafka_produce(&tk, STATE, "logs-1", "hello");
	test_kafka_wait(&tk);
	ck_assert_ptr_null(ks_take(a, "logs-1", &len, 0));
	ck_assert_uint_eq(kstate_stats(a)->get_errors, 2);
	free(s);
	kstate_free(a);
}
END_TEST

/*
 * The state topic's leader is down: the put fails within its timeout
 * and says so, the take too; nothing waits longer, nothing crashes.
 */
START_TEST(broker_down)
{
	struct kstate	*a = ks_open("down-state", 0, 1500);
	char		*s = text(2000, 4);
	int64_t		 t0;
	size_t		 len;

	ck_assert_int_eq(rd_kafka_mock_topic_create(tk.mc, "down-state", 1,
	    1), 0);
	ck_assert_int_eq(rd_kafka_mock_partition_set_leader(tk.mc,
	    "down-state", 0, 3), 0);
	ck_assert_int_eq(kstate_put(a, "logs-0", s, 10), 0);
	ck_assert_int_eq(rd_kafka_mock_broker_set_down(tk.mc, 3), 0);
	t0 = time_now_ms(CLOCK_MONOTONIC);
	ck_assert_int_eq(kstate_put(a, "logs-1", s, strlen(s)), -1);
	ck_assert_uint_eq(kstate_stats(a)->put_errors, 1);
	ck_assert_ptr_null(ks_take(a, "logs-0", &len, -1));
	ck_assert_uint_eq(kstate_stats(a)->get_errors, 1);
	ck_assert_int_lt(time_now_ms(CLOCK_MONOTONIC) - t0, 8000);
	/* Up again: the state given before is there, taken once. */
	ck_assert_int_eq(rd_kafka_mock_broker_set_up(tk.mc, 3), 0);
	free(ks_take(a, "logs-0", &len, 0));
	ck_assert_uint_eq(len, 10);
	free(s);
	kstate_free(a);
}
END_TEST

/* A topic that is not there: made when giving, nothing to take. */
START_TEST(missing_topic)
{
	struct kstate	*a = ks_open("new-state", 0, 3000);
	size_t		 len;

	ck_assert_ptr_null(ks_take(a, "logs-0", &len, 0));
	ck_assert_int_eq(kstate_put(a, "logs-0", "abc", 3), 0);
	free(ks_take(a, "logs-0", &len, 0));
	ck_assert_uint_eq(len, 3);
	kstate_free(a);
}
END_TEST

int
main(void)
{
	const struct test_def t[] = {
		{ give_take_once, 0 },
		{ chunks_and_newest, 0 },
		{ broken_not_taken, 0 },
		{ broker_down, 0 },
		{ missing_topic, 0 },
	};

	return test_kafka_run("kstate", t, sizeof(t) / sizeof(t[0]), setup,
	    teardown);
}
