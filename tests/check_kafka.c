/*
 * The Kafka input (collector/kafka.h) against librdkafka's mock cluster:
 * every record is handed on; offsets are committed only when asked, so
 * a crash repeats what was read since the last commit and nothing else;
 * a clean stop and a rebalance repeat nothing; a broker going down loses
 * nothing.  Records are "rec N", N from 0; each test counts how many
 * times each was seen, across all the consumers of its group.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector/kafka.h"
#include "testkafka.h"

#define NREC	400
#define TOPIC	"logs"
/* The Kafka protocol's ApiKeys of the requests the tests delay or fail. */
#define API_OFFSET_COMMIT 8
#define API_SYNC_GROUP	14

struct member {
	struct kafka_in	*k;
	int		 flushed;	/* what revoked answers */
	int		 revokes;
	int		 assigns;
	int		 keyed;		/* records whose key was host-N%16 */
};

static struct test_kafka tk;
static int		 seen[NREC];
static char		 group[64];

static void
rec_line(void *arg, const struct kafka_rec *r, const struct rline *l)
{
	struct member	*m = arg;
	char		 buf[64], key[32];
	int		 n;

	ck_assert_uint_lt(l->len, sizeof(buf));
	memcpy(buf, l->p, l->len);
	buf[l->len] = '\0';
	ck_assert_int_eq(sscanf(buf, "rec %d", &n), 1);
	ck_assert(n >= 0 && n < NREC);
	seen[n]++;
	ck_assert_uint_eq(l->off, (uint64_t)r->offset);
	snprintf(key, sizeof(key), "host-%d", n % 16);
	if (r->key != NULL && r->keylen == strlen(key) &&
	    memcmp(r->key, key, r->keylen) == 0)
		m->keyed++;
}

static int
rec_revoked(void *arg, const int32_t *parts, size_t n)
{
	struct member	*m = arg;

	(void)parts;
	(void)n;
	m->revokes++;
	return m->flushed;
}

static void
rec_assigned(void *arg, const int32_t *parts, size_t n)
{
	struct member	*m = arg;

	(void)parts;
	(void)n;
	m->assigns++;
}

static void
member_open(struct member *m)
{
	struct kafka_conf	 c;
	struct kafka_cbs	 cbs = { rec_line, NULL, rec_revoked,
	    rec_assigned, NULL, m };

	memset(&c, 0, sizeof(c));
	c.name = "test";
	c.brokers = tk.brokers;
	c.topic = TOPIC;
	c.group = group;
	c.max_line = 1024;
	c.props = test_kafka_props;
	c.nprops = TEST_KAFKA_NPROPS;
	memset(m, 0, sizeof(*m));
	ck_assert_ptr_nonnull(m->k = kafka_in_new(NULL, &c, &cbs));
}

static void
produce(int from, int to)
{
	char	 key[32], val[64];
	int	 i;

	for (i = from; i < to; i++) {
		snprintf(key, sizeof(key), "host-%d", i % 16);
		snprintf(val, sizeof(val), "rec %d", i);
		test_kafka_produce(&tk, TOPIC, key, val);
	}
	test_kafka_wait(&tk);
}

static int
seen_total(void)
{
	int	 i, n = 0;

	for (i = 0; i < NREC; i++)
		n += seen[i];
	return n;
}

static int
seen_distinct(int to)
{
	int	 i, n = 0;

	for (i = 0; i < to; i++)
		n += seen[i] > 0;
	return n;
}

/*
 * Poll the members in turn until want distinct records, or a minute: a
 * group's join takes seconds on the mock cluster, many more on a
 * machine busy with other tests.
 */
static void
poll_until(struct member *m, int nm, int want)
{
	int	 i, round;

	for (round = 0; round < 6000 && seen_distinct(NREC) < want; round++)
		for (i = 0; i < nm; i++)
			(void)kafka_in_poll(m[i].k, 64, 10);
	ck_assert_int_eq(seen_distinct(NREC), want);
}

/* Poll until want records were seen, counting repeats, or a minute. */
static void
poll_total(struct member *m, int nm, int want)
{
	int	 i, round;

	for (round = 0; round < 6000 && seen_total() < want; round++)
		for (i = 0; i < nm; i++)
			(void)kafka_in_poll(m[i].k, 64, 10);
	ck_assert_int_eq(seen_total(), want);
}

/* Poll for ms more; for records that should not come. */
static void
poll_for(struct member *m, int nm, int ms)
{
	int	 i, round;

	for (round = 0; round < ms / 10; round++)
		for (i = 0; i < nm; i++)
			(void)kafka_in_poll(m[i].k, 64, 10 / nm + 1);
}

/*
 * After every one of the NREC records was committed: a member starting
 * in the group reads one new record (a repeat of one of the first
 * NREC), and none of the old ones again.
 */
static void
next_start_repeats_nothing(struct member *m)
{
	produce(NREC / 2, NREC / 2 + 1);
	member_open(m);
	poll_total(m, 1, NREC + 1);
	poll_for(m, 1, 200);
	ck_assert_int_eq(seen_total(), NREC + 1);
	ck_assert_int_eq(seen[NREC / 2], 2);
	kafka_in_free(m->k);
}

static void
setup(void)
{
	static int	 n;

	memset(seen, 0, sizeof(seen));
	snprintf(group, sizeof(group), "detectd-%d-%d", (int)getpid(), n++);
	test_kafka_new(&tk, 3, TOPIC, 8);
}

static void
teardown(void)
{
	test_kafka_free(&tk);
}

START_TEST(one_member_reads_all_once)
{
	struct member	 m;

	produce(0, NREC);
	member_open(&m);
	poll_until(&m, 1, NREC);
	ck_assert_int_eq(seen_total(), NREC);
	ck_assert_int_eq(m.keyed, NREC);
	ck_assert_uint_eq(kafka_in_stats(m.k)->records, NREC);
	ck_assert_uint_eq(kafka_in_stats(m.k)->assigned, 8);
	ck_assert_int_eq(kafka_in_commit(m.k, 0), 1);
	/* A clean stop: the next start repeats nothing. */
	m.flushed = 0;
	kafka_in_close(m.k, 1);
	kafka_in_free(m.k);
	next_start_repeats_nothing(&m);
}
END_TEST

/*
 * A crash: what was read after the last commit comes again, to the
 * next member; what was committed does not.
 */
START_TEST(crash_repeats_only_uncommitted)
{
	struct member	 m;
	int		 i;

	produce(0, NREC / 2);
	member_open(&m);
	poll_until(&m, 1, NREC / 2);
	ck_assert_int_eq(kafka_in_commit(m.k, 1), 1);
	ck_assert_int_eq(kafka_in_commit(m.k, 1), 0);
	produce(NREC / 2, NREC);
	poll_until(&m, 1, NREC);
	kafka_in_free(m.k);		/* no commit, no flushed revoke */
	member_open(&m);
	poll_total(&m, 1, NREC + NREC / 2);
	poll_for(&m, 1, 200);
	for (i = 0; i < NREC; i++)
		ck_assert_int_eq(seen[i], i < NREC / 2 ? 1 : 2);
	kafka_in_free(m.k);
}
END_TEST

/*
 * Two members join a third in the middle of the stream: the partitions
 * are shared out, the revoked ones committed on the way, so every
 * record is seen exactly once across the three.  Under load the group
 * may refuse the commit made at the revocation, while it rebalances
 * (the log says so, and the member counts it): the next owner then
 * reads again what came after the last commit taken, as Kafka allows
 * (at least once).  Nothing may be lost either way.
 */
START_TEST(rebalance_mid_stream)
{
	struct member	 m[3];
	uint64_t	 refused = 0;
	int		 i, held = 0;

	produce(0, NREC / 2);
	member_open(&m[0]);
	poll_until(m, 1, NREC / 2);
	member_open(&m[1]);
	member_open(&m[2]);
	produce(NREC / 2, NREC);
	poll_until(m, 3, NREC);
	/* Wait for every member to hold partitions, then read on. */
	for (i = 0; i < 1000 && (kafka_in_stats(m[1].k)->assigned == 0 ||
	    kafka_in_stats(m[2].k)->assigned == 0); i++)
		poll_for(m, 3, 10);
	ck_assert_int_ge(m[0].revokes, 1);
	for (i = 0; i < 3; i++)
		held += (int)kafka_in_stats(m[i].k)->assigned;
	ck_assert_int_eq(held, 8);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_gt(kafka_in_stats(m[i].k)->assigned, 0);
		refused += kafka_in_stats(m[i].k)->commit_errors;
	}
	ck_assert_int_eq(seen_distinct(NREC), NREC);
	if (refused == 0)
		ck_assert_int_eq(seen_total(), NREC);
	for (i = 0; i < 3; i++)
		kafka_in_free(m[i].k);
}
END_TEST

/*
 * Outputs failing when partitions are taken away: their offsets are
 * not committed, and the next owner reads those records again.
 */
START_TEST(unflushed_revoke_repeats)
{
	struct member	 m[2];

	produce(0, NREC);
	member_open(&m[0]);
	m[0].flushed = -1;
	poll_until(m, 1, NREC);
	member_open(&m[1]);
	poll_for(m, 2, 100);
	while (kafka_in_stats(m[1].k)->assigned == 0)
		poll_for(m, 2, 10);
	poll_for(m, 2, 500);
	ck_assert_int_ge(m[0].revokes, 1);
	ck_assert_int_gt(seen_total(), NREC);
	ck_assert_int_eq(seen_distinct(NREC), NREC);
	kafka_in_free(m[0].k);
	kafka_in_free(m[1].k);
}
END_TEST

/* A broker down in the middle of the stream: nothing lost, none twice. */
START_TEST(broker_down)
{
	struct member	 m;

	produce(0, NREC / 2);
	member_open(&m);
	poll_until(&m, 1, NREC / 2);
	ck_assert_int_eq(rd_kafka_mock_broker_set_down(tk.mc, 2), 0);
	poll_for(&m, 1, 300);
	ck_assert_int_eq(rd_kafka_mock_broker_set_up(tk.mc, 2), 0);
	produce(NREC / 2, NREC);
	poll_until(&m, 1, NREC);
	ck_assert_int_eq(seen_total(), NREC);
	kafka_in_free(m.k);
}
END_TEST

/*
 * The group refuses a commit (a rebalance in progress) and says so only
 * in the commit's answer: the offsets are committed again at the next
 * flush, so that a crash after it repeats nothing.
 */
START_TEST(refused_commit_again)
{
	struct member	 m;
	int		 i;

	produce(0, NREC);
	member_open(&m);
	poll_until(&m, 1, NREC);
	rd_kafka_mock_push_request_errors(tk.mc, API_OFFSET_COMMIT, 1,
	    RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS);
	ck_assert_int_eq(kafka_in_commit(m.k, 0), 1);
	/* The answer comes with a poll; nothing to send meanwhile. */
	for (i = 0; i < 6000 && kafka_in_stats(m.k)->commit_errors == 0; i++)
		poll_for(&m, 1, 10);
	ck_assert_uint_eq(kafka_in_stats(m.k)->commit_errors, 1);
	/* The daemon's next flush sends it again, and it is taken. */
	ck_assert_int_eq(kafka_in_commit(m.k, 0), 1);
	ck_assert_int_eq(kafka_in_commit(m.k, 0), 0);
	poll_for(&m, 1, 500);
	ck_assert_uint_eq(kafka_in_stats(m.k)->commit_errors, 1);
	kafka_in_free(m.k);	/* a crash: closed without a commit */
	next_start_repeats_nothing(&m);
}
END_TEST


/*
 * A member stopped after its group answered its join and before its
 * first assignment (the group's SyncGroup answer comes 3 s late here):
 * it closes without an abort (librdkafka 2.0's cooperative-sticky
 * assignor has no state yet), and hands on no record of what it is
 * given meanwhile and commits none.
 */
START_TEST(close_before_first_assignment)
{
	struct member	 m;
	int		 i;

	produce(0, NREC);
	ck_assert_int_eq(rd_kafka_mock_coordinator_set(tk.mc, "group", group,
	    1), 0);
	ck_assert_int_eq(rd_kafka_mock_broker_push_request_error_rtts(tk.mc,
	    1, API_SYNC_GROUP, 1, RD_KAFKA_RESP_ERR_NO_ERROR, 3000), 0);
	member_open(&m);
	for (i = 0; i < 6000 && !kafka_in_joined(m.k); i++)
		(void)kafka_in_poll(m.k, 64, 10);
	ck_assert(kafka_in_joined(m.k));
	ck_assert_int_eq(m.assigns, 0);
	kafka_in_close(m.k, 1);
	ck_assert_int_eq(m.assigns, 0);
	ck_assert_int_eq(m.revokes, 0);
	ck_assert_int_eq(seen_total(), 0);
	ck_assert_uint_eq(kafka_in_stats(m.k)->records, 0);
	ck_assert_uint_eq(kafka_in_stats(m.k)->commits, 0);
	ck_assert_uint_eq(kafka_in_stats(m.k)->assigned, 0);
	kafka_in_free(m.k);
}
END_TEST

/* Lines of the odd records of odd_records, in the order they came. */
static char	 odd[8][64];
static size_t	 nodd;

static void
odd_line(void *arg, const struct kafka_rec *r, const struct rline *l)
{
	(void)arg;
	(void)r;
	if (nodd < 8)
		snprintf(odd[nodd++], sizeof(odd[0]), "%.*s%s", (int)l->len,
		    l->p, l->truncated ? "|cut" : "");
}

/*
 * Records that are not one plain line: empty (counted, no line), two
 * lines, CRLF, longer than max-line (cut and counted).  None stops the
 * input, and the next record comes as it is.
 */
START_TEST(odd_records)
{
	struct kafka_conf	 c;
	struct kafka_cbs	 cbs = { odd_line, NULL, NULL, NULL, NULL, NULL };
	struct kafka_in		*k;
	const struct kafka_stats *st;
	int			 i;

	test_kafka_produce(&tk, TOPIC, "h", "");
	test_kafka_produce(&tk, TOPIC, "h", "one\ntwo\n");
	test_kafka_produce(&tk, TOPIC, "h", "crlf\r\n");
	test_kafka_produce(&tk, TOPIC, "h", "0123456789abcdef");
	test_kafka_produce(&tk, TOPIC, "h", "last");
	test_kafka_wait(&tk);
	memset(&c, 0, sizeof(c));
	c.name = "odd";
	c.brokers = tk.brokers;
	c.topic = TOPIC;
	c.group = group;
	c.max_line = 10;
	c.props = test_kafka_props;
	c.nprops = TEST_KAFKA_NPROPS;
	nodd = 0;
	ck_assert_ptr_nonnull(k = kafka_in_new(NULL, &c, &cbs));
	for (i = 0; i < 2000 && nodd < 5; i++)
		(void)kafka_in_poll(k, 64, 10);
	st = kafka_in_stats(k);
	ck_assert_uint_eq(nodd, 5);
	ck_assert_str_eq(odd[0], "one");
	ck_assert_str_eq(odd[1], "two");
	ck_assert_str_eq(odd[2], "crlf");
	ck_assert_str_eq(odd[3], "0123456789|cut");
	ck_assert_str_eq(odd[4], "last");
	ck_assert_uint_eq(st->records, 5);
	ck_assert_uint_eq(st->empty, 1);
	ck_assert_uint_eq(st->cut, 1);
	ck_assert_uint_eq(st->lines, 5);
	kafka_in_free(k);
}
END_TEST

int
main(void)
{
	const struct test_def t[] = {
		{ one_member_reads_all_once, 0 },
		{ crash_repeats_only_uncommitted, 0 },
		{ rebalance_mid_stream, 0 },
		{ unflushed_revoke_repeats, 0 },
		{ broker_down, 0 },
		{ odd_records, 0 },
		{ refused_commit_again, 0 },
		{ close_before_first_assignment, 0 },
	};

	return test_kafka_run("kafka", t, sizeof(t) / sizeof(t[0]), setup,
	    teardown);
}
