/*
 * The Kafka input (kafka.h): a librdkafka consumer in a group, without
 * auto-commit and without the offset store, so that the only commits
 * are ours: the offsets of records whose alerts are out.  Each partition
 * keeps two offsets, as a followed file does: next (after the last
 * record handed on) and committed.
 *
 * The loop polls the consumer when librdkafka writes to a pipe (its
 * queue went from empty to not empty) and from a timer, a batch at a
 * time; a full batch polls again at once.  Rebalance events come through the same
 * poll, so a paused input pauses its partitions and keeps polling:
 * a member that stops polling is thrown out of its group.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <librdkafka/rdkafka.h>

#include "collector/kafka.h"
#include "util/log.h"

struct kpart {
	int64_t		 next;		/* -1: nothing read yet */
	int64_t		 committed;
	int64_t		 confirmed;	/* the group's answer; -1 */
	int		 held;
};

struct kafka_in {
	rd_kafka_t		*rk;
	struct event		*ev;		/* the timer */
	struct event		*wake;		/* the queue's pipe */
	int			 pipe[2];
	struct kafka_cbs	 cbs;
	char			*name;
	char			*topic;
	size_t			 max_line;
	int64_t			 poll_ms;
	struct kpart		*parts;
	size_t			 nparts;
	int			 paused;
	int			 closing_nocommit;
	int			 synced;	/* the group assigned once */
	int			 eager;		/* not cooperative (props) */
	int			 closing_unsynced; /* see kafka_wait_sync */
	struct kafka_stats	 st;
};

/* Partitions --------------------------------------------------------- */

static struct kpart *
kafka_part(struct kafka_in *k, int32_t p)
{
	struct kpart	*v;
	size_t		 i, n;

	if (p < 0)
		return NULL;
	if ((size_t)p >= k->nparts) {
		n = (size_t)p + 1;
		if ((v = reallocarray(k->parts, n, sizeof(*v))) == NULL) {
			log_warn("%s", __func__);
			return NULL;
		}
		for (i = k->nparts; i < n; i++) {
			v[i].next = v[i].committed = v[i].confirmed = -1;
			v[i].held = 0;
		}
		k->parts = v;
		k->nparts = n;
	}
	return &k->parts[p];
}

/* The partition numbers of a list, for the daemon's callbacks. */
static int32_t *
kafka_numbers(const rd_kafka_topic_partition_list_t *l)
{
	int32_t	*v;
	int	 i;

	if ((v = calloc((size_t)l->cnt + 1, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	for (i = 0; i < l->cnt; i++)
		v[i] = l->elems[i].partition;
	return v;
}

/*
 * Commit next of the partitions of l (all held ones when l is NULL)
 * that moved since their last commit.  sync: wait for the answer.
 */
static int
kafka_commit_parts(struct kafka_in *k,
    const rd_kafka_topic_partition_list_t *l, int sync)
{
	rd_kafka_topic_partition_list_t	*c;
	rd_kafka_resp_err_t		 err;
	struct kpart			*kp;
	size_t				 i, n;

	n = l != NULL ? (size_t)l->cnt : k->nparts;
	c = rd_kafka_topic_partition_list_new((int)n > 0 ? (int)n : 1);
	for (i = 0; i < n; i++) {
		int32_t	 p = l != NULL ? l->elems[i].partition : (int32_t)i;

		if ((size_t)p >= k->nparts)
			continue;
		kp = &k->parts[p];
		if (!kp->held || kp->next < 0 || kp->next == kp->committed)
			continue;
		rd_kafka_topic_partition_list_add(c, k->topic, p)->offset =
		    kp->next;
	}
	if (c->cnt == 0) {
		rd_kafka_topic_partition_list_destroy(c);
		return 0;
	}
	if ((err = rd_kafka_commit(k->rk, c, !sync)) != 0) {
		k->st.commit_errors++;
		log_warnx("kafka %s: commit: %s", k->name, rd_kafka_err2str(err));
		rd_kafka_topic_partition_list_destroy(c);
		return -1;
	}
	for (i = 0; i < (size_t)c->cnt; i++) {
		kp = &k->parts[c->elems[i].partition];
		kp->committed = c->elems[i].offset;
		if (sync)
			kp->confirmed = kp->committed;
	}
	k->st.commits++;
	rd_kafka_topic_partition_list_destroy(c);
	return 1;
}

/*
 * The partitions of l (all held ones when l is NULL) committed again,
 * whatever was sent before, and waited for: an asynchronous commit
 * still on its way, or refused in a rebalance, must not leave the next
 * owner an older offset.
 */
static int
kafka_commit_again(struct kafka_in *k,
    const rd_kafka_topic_partition_list_t *l)
{
	struct kpart	*kp;
	size_t		 i;

	for (i = 0; l == NULL && i < k->nparts; i++)
		k->parts[i].committed = -1;
	for (i = 0; l != NULL && i < (size_t)l->cnt; i++)
		if ((kp = kafka_part(k, l->elems[i].partition)) != NULL)
			kp->committed = -1;
	return kafka_commit_parts(k, l, 1);
}

/*
 * The group's answer to a commit, synchronous or not.  A partition it
 * took is confirmed.  One it refused (a rebalance in progress, its
 * coordinator moving) is committed again at the next flush: an answer
 * nobody reads would leave the offset behind for good, and a crash or
 * the next owner would read those records again.  A synchronous commit
 * that failed was counted where it was made.
 */
static void
kafka_commit_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
    rd_kafka_topic_partition_list_t *l, void *opaque)
{
	struct kafka_in				*k = opaque;
	const rd_kafka_topic_partition_t	*e;
	rd_kafka_resp_err_t			 why = 0;
	struct kpart				*kp;
	int					 i;

	(void)rk;
	for (i = 0; l != NULL && i < l->cnt; i++) {
		e = &l->elems[i];
		if (strcmp(e->topic, k->topic) != 0 || e->partition < 0 ||
		    (size_t)e->partition >= k->nparts)
			continue;
		kp = &k->parts[e->partition];
		if (!kp->held)
			continue;
		if (err == 0 && e->err == 0) {
			if (e->offset > kp->confirmed)
				kp->confirmed = e->offset;
		} else if (kp->committed == e->offset) {
			kp->committed = kp->confirmed;
			why = err != 0 ? err : e->err;
		}
	}
	if (why != 0) {
		k->st.commit_errors++;
		log_warnx("kafka %s: commit refused: %s; committed again at "
		    "the next flush", k->name, rd_kafka_err2str(why));
	}
}

/*
 * Whether the group confirmed, for every partition of l, the offset
 * after the last record read: then nothing is to be committed again (a
 * commit during a rebalance may be refused, for nothing).
 */
static int
kafka_settled(const struct kafka_in *k,
    const rd_kafka_topic_partition_list_t *l)
{
	const struct kpart	*kp;
	int			 i;

	for (i = 0; i < l->cnt; i++) {
		if (l->elems[i].partition < 0 ||
		    (size_t)l->elems[i].partition >= k->nparts)
			continue;
		kp = &k->parts[l->elems[i].partition];
		if (kp->held && kp->next >= 0 && kp->confirmed != kp->next)
			return 0;
	}
	return 1;
}

static void
kafka_hold(struct kafka_in *k, const rd_kafka_topic_partition_list_t *l,
    int held)
{
	struct kpart	*kp;
	int		 i;

	for (i = 0; i < l->cnt; i++) {
		if ((kp = kafka_part(k, l->elems[i].partition)) == NULL)
			continue;
		if (kp->held != held)
			k->st.assigned += held ? 1 : (uint64_t)-1;
		kp->held = held;
		kp->next = kp->committed = kp->confirmed = -1;
	}
}

/* Rebalance ------------------------------------------------------------ */

static void
kafka_assigned(struct kafka_in *k, rd_kafka_topic_partition_list_t *l,
    int coop)
{
	rd_kafka_error_t	*e = NULL;
	int32_t			*v;

	kafka_hold(k, l, 1);
	if (k->cbs.assigned != NULL && !k->closing_unsynced &&
	    (v = kafka_numbers(l)) != NULL) {
		k->cbs.assigned(k->cbs.arg, v, (size_t)l->cnt);
		free(v);
	}
	if (coop)
		e = rd_kafka_incremental_assign(k->rk, l);
	else
		(void)rd_kafka_assign(k->rk, l);
	if (e != NULL) {
		log_warnx("kafka %s: assign: %s", k->name,
		    rd_kafka_error_string(e));
		rd_kafka_error_destroy(e);
	}
	if (k->paused)
		(void)rd_kafka_pause_partitions(k->rk, l);
	log_info("kafka %s: %d partitions assigned, %llu held", k->name,
	    l->cnt, (unsigned long long)k->st.assigned);
}

static void
kafka_revoked(struct kafka_in *k, rd_kafka_topic_partition_list_t *l,
    int coop)
{
	rd_kafka_error_t	*e = NULL;
	int32_t			*v;
	int			 out = -1;

	if ((v = kafka_numbers(l)) != NULL && k->cbs.revoked != NULL &&
	    !k->closing_unsynced)
		out = k->cbs.revoked(k->cbs.arg, v, (size_t)l->cnt);
	/*
	 * Lost partitions belong to another member already.  A commit the
	 * group refused means the next owner reads records again that the
	 * state already counts: no hand-over then.  Partitions whose
	 * offsets the group confirmed are not committed again: the group
	 * refuses commits while it rebalances, and the state would stay.
	 */
	if (out == 0 && !k->closing_nocommit &&
	    !rd_kafka_assignment_lost(k->rk) &&
	    (kafka_settled(k, l) || kafka_commit_again(k, l) >= 0) &&
	    k->cbs.handed != NULL)
		k->cbs.handed(k->cbs.arg, v, (size_t)l->cnt);
	free(v);
	kafka_hold(k, l, 0);
	if (coop)
		e = rd_kafka_incremental_unassign(k->rk, l);
	else
		(void)rd_kafka_assign(k->rk, NULL);
	if (e != NULL) {
		log_warnx("kafka %s: unassign: %s", k->name,
		    rd_kafka_error_string(e));
		rd_kafka_error_destroy(e);
	}
	log_info("kafka %s: %d partitions revoked, %llu held", k->name,
	    l->cnt, (unsigned long long)k->st.assigned);
}

static void
kafka_rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
    rd_kafka_topic_partition_list_t *l, void *opaque)
{
	struct kafka_in	*k = opaque;
	const char	*proto;
	int		 coop;

	/*
	 * The protocol of the last answer that named one: librdkafka says
	 * NULL once its group is closing, as in the revocation that
	 * consumer_close makes.
	 */
	if ((proto = rd_kafka_rebalance_protocol(rk)) != NULL &&
	    strcmp(proto, "NONE") != 0)
		k->eager = strcmp(proto, "COOPERATIVE") != 0;
	coop = !k->eager;
	k->st.rebalances++;
	if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
		kafka_assigned(k, l, coop);
		k->synced = 1;
	}
	else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS)
		kafka_revoked(k, l, coop);
	else {
		log_warnx("kafka %s: rebalance: %s", k->name,
		    rd_kafka_err2str(err));
		(void)rd_kafka_assign(rk, NULL);
	}
}

/* Records --------------------------------------------------------------- */

/* Each line of a record (most have one, without a newline). */
static void
kafka_lines(struct kafka_in *k, const struct kafka_rec *r, const char *p,
    size_t n)
{
	struct rline	 l;
	const char	*nl;
	size_t		 len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		memset(&l, 0, sizeof(l));
		l.p = p;
		l.len = len;
		l.off = (uint64_t)r->offset;
		while (l.len > 0 && l.p[l.len - 1] == '\r')
			l.len--;
		if (k->max_line > 0 && l.len > k->max_line) {
			l.len = k->max_line;
			l.truncated = 1;
			k->st.cut++;
		}
		if (l.len > 0) {
			k->st.lines++;
			k->cbs.line(k->cbs.arg, r, &l);
		}
		if (nl == NULL)
			break;
		n -= len + 1;
		p = nl + 1;
	}
}

static void
kafka_record(struct kafka_in *k, const rd_kafka_message_t *m)
{
	struct kafka_rec	 r;
	struct kpart		*kp;

	if (m->err != 0) {
		if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
			return;
		k->st.errors++;
		log_warnx("kafka %s: %s", k->name, rd_kafka_message_errstr(m));
		return;
	}
	k->st.records++;
	k->st.bytes += m->len;
	r.topic = k->topic;
	r.partition = m->partition;
	r.offset = m->offset;
	r.key = m->key;
	r.keylen = m->key_len;
	if (m->payload == NULL || m->len == 0)
		k->st.empty++;
	else
		kafka_lines(k, &r, m->payload, m->len);
	if ((kp = kafka_part(k, m->partition)) != NULL && kp->held)
		kp->next = m->offset + 1;
}

int
kafka_in_poll(struct kafka_in *k, size_t max, int wait_ms)
{
	rd_kafka_message_t	*m;
	size_t			 n = 0, got = 0;

	while (n < max) {
		m = rd_kafka_consumer_poll(k->rk, n == 0 ? wait_ms : 0);
		if (m == NULL)
			break;
		n++;
		if (m->err == 0)
			got++;
		kafka_record(k, m);
		rd_kafka_message_destroy(m);
		if (k->paused)
			break;
	}
	if (got > 0 && k->cbs.pressure != NULL)
		(void)k->cbs.pressure(k->cbs.arg);
	return (int)n;
}

static void
kafka_poll_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kafka_in	*k = arg;

	(void)fd;
	(void)what;
	if (kafka_in_poll(k, KAFKA_BATCH, 0) == KAFKA_BATCH)
		event_active(k->ev, EV_TIMEOUT, 0);
}

/* Setting up ------------------------------------------------------------ */

int
kafka_conf_set(rd_kafka_conf_t *kc, const char *name, const char *key,
    const char *val)
{
	char	 err[256];

	if (rd_kafka_conf_set(kc, key, val, err, sizeof(err)) ==
	    RD_KAFKA_CONF_OK)
		return 0;
	log_warnx("kafka %s: %s: %s", name, key, err);
	return -1;
}

/* "key=value" */
static int
kafka_set_prop(rd_kafka_conf_t *kc, const char *name, const char *prop)
{
	char	*key, *eq;
	int	 rc;

	if ((key = strdup(prop)) == NULL)
		return -1;
	if ((eq = strchr(key, '=')) == NULL) {
		log_warnx("kafka %s: property '%s' is not key=value", name,
		    prop);
		free(key);
		return -1;
	}
	*eq = '\0';
	rc = kafka_conf_set(kc, name, key, eq + 1);
	free(key);
	return rc;
}

int
kafka_conf_props(rd_kafka_conf_t *kc, const char *name, char *const *props,
    size_t n)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < n; i++)
		rc |= kafka_set_prop(kc, name, props[i]);
	return rc;
}

static rd_kafka_conf_t *
kafka_conf_new(struct kafka_in *k, const struct kafka_conf *c)
{
	rd_kafka_conf_t	*kc = rd_kafka_conf_new();
	char		 id[256];
	int		 rc = 0;

	snprintf(id, sizeof(id), "detectd-%s", c->name);
	rc |= kafka_conf_set(kc, c->name, "bootstrap.servers", c->brokers);
	rc |= kafka_conf_set(kc, c->name, "group.id", c->group);
	rc |= kafka_conf_set(kc, c->name, "client.id", id);
	rc |= kafka_conf_set(kc, c->name, "enable.auto.commit", "false");
	rc |= kafka_conf_set(kc, c->name, "enable.auto.offset.store", "false");
	rc |= kafka_conf_set(kc, c->name, "auto.offset.reset", "earliest");
	rc |= kafka_conf_set(kc, c->name, "partition.assignment.strategy",
	    "cooperative-sticky");
	rc |= kafka_conf_props(kc, c->name, c->props, c->nprops);
	if (rc != 0) {
		rd_kafka_conf_destroy(kc);
		return NULL;
	}
	rd_kafka_conf_set_rebalance_cb(kc, kafka_rebalance_cb);
	rd_kafka_conf_set_offset_commit_cb(kc, kafka_commit_cb);
	rd_kafka_conf_set_opaque(kc, k);
	return kc;
}

static int
kafka_subscribe(struct kafka_in *k)
{
	rd_kafka_topic_partition_list_t	*t;
	rd_kafka_resp_err_t		 err;

	rd_kafka_poll_set_consumer(k->rk);
	t = rd_kafka_topic_partition_list_new(1);
	rd_kafka_topic_partition_list_add(t, k->topic, RD_KAFKA_PARTITION_UA);
	err = rd_kafka_subscribe(k->rk, t);
	rd_kafka_topic_partition_list_destroy(t);
	if (err != 0) {
		log_warnx("kafka %s: subscribe to %s: %s", k->name, k->topic,
		    rd_kafka_err2str(err));
		return -1;
	}
	return 0;
}

static void
kafka_wake_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kafka_in	*k = arg;
	char		 buf[64];

	(void)what;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	event_active(k->ev, EV_TIMEOUT, 0);
}

/* The timer, and the pipe librdkafka writes to when records come. */
static int
kafka_events(struct kafka_in *k, struct event_base *base)
{
	rd_kafka_queue_t	*q;
	struct timeval		 tv;

	tv.tv_sec = k->poll_ms / 1000;
	tv.tv_usec = (k->poll_ms % 1000) * 1000;
	k->ev = event_new(base, -1, EV_PERSIST, kafka_poll_cb, k);
	if (k->ev == NULL || event_add(k->ev, &tv) == -1)
		return -1;
	if (pipe2(k->pipe, O_NONBLOCK | O_CLOEXEC) == -1) {
		k->pipe[0] = k->pipe[1] = -1;
		log_warn("kafka %s: pipe", k->name);
		return -1;
	}
	q = rd_kafka_queue_get_consumer(k->rk);
	rd_kafka_queue_io_event_enable(q, k->pipe[1], "1", 1);
	rd_kafka_queue_destroy(q);
	k->wake = event_new(base, k->pipe[0], EV_READ | EV_PERSIST,
	    kafka_wake_cb, k);
	return k->wake == NULL || event_add(k->wake, NULL) == -1 ? -1 : 0;
}

struct kafka_in *
kafka_in_new(struct event_base *base, const struct kafka_conf *c,
    const struct kafka_cbs *cbs)
{
	struct kafka_in	*k;
	rd_kafka_conf_t	*kc;
	char		 err[512];

	if ((k = calloc(1, sizeof(*k))) == NULL ||
	    (k->name = strdup(c->name)) == NULL ||
	    (k->topic = strdup(c->topic)) == NULL)
		goto fail;
	k->cbs = *cbs;
	k->max_line = c->max_line;
	k->poll_ms = c->poll_ms > 0 ? c->poll_ms : KAFKA_POLL_MS;
	k->pipe[0] = k->pipe[1] = -1;
	if ((kc = kafka_conf_new(k, c)) == NULL)
		goto fail;
	if ((k->rk = rd_kafka_new(RD_KAFKA_CONSUMER, kc, err,
	    sizeof(err))) == NULL) {
		log_warnx("kafka %s: %s", c->name, err);
		rd_kafka_conf_destroy(kc);
		goto fail;
	}
	if (kafka_subscribe(k) == -1 ||
	    (base != NULL && kafka_events(k, base) == -1))
		goto fail;
	log_info("kafka %s: brokers %s topic %s group %s", c->name,
	    c->brokers, c->topic, c->group);
	return k;
fail:
	kafka_in_free(k);
	return NULL;
}

/* librdkafka writes no more to the pipe, which is about to close. */
static void
kafka_quiet(struct kafka_in *k)
{
	rd_kafka_queue_t	*q = rd_kafka_queue_get_consumer(k->rk);

	if (q != NULL) {
		rd_kafka_queue_io_event_enable(q, -1, NULL, 0);
		rd_kafka_queue_destroy(q);
	}
}

/* Whether the group answered the consumer's join (see kafka_wait_sync). */
int
kafka_in_joined(const struct kafka_in *k)
{
	const char	*p = rd_kafka_rebalance_protocol(k->rk);

	return p != NULL && strcmp(p, "NONE") != 0;
}

/*
 * librdkafka before 2.3 (Debian's is 2.0) aborts when a consumer of the
 * cooperative-sticky assignor is destroyed after the group answered its
 * join (the assignor is chosen: the rebalance protocol is no longer
 * NONE) and before its first assignment, when the assignor's state is
 * still NULL.  Such a member waits for that assignment, up to
 * KAFKA_SYNC_WAIT_MS, before it closes.  What it is given meanwhile is
 * not its own: no callback hears of it, no record is handed on, and
 * nothing of it is committed or handed over.  0 when the consumer can
 * be destroyed; -1 when it must not be (the wait ran out).
 */
static int
kafka_wait_sync(struct kafka_in *k)
{
	rd_kafka_message_t	*m;
	int			 i;

	if (k->synced || !kafka_in_joined(k))
		return 0;
	k->closing_unsynced = 1;
	for (i = 0; i < KAFKA_SYNC_WAIT_MS / 100 && !k->synced; i++)
		if ((m = rd_kafka_consumer_poll(k->rk, 100)) != NULL)
			rd_kafka_message_destroy(m);
	if (k->synced)
		return 0;
	log_warnx("kafka %s: the group gave no assignment in %d s; the "
	    "consumer is left to the exit (librdkafka would abort)", k->name,
	    KAFKA_SYNC_WAIT_MS / 1000);
	return -1;
}

void
kafka_in_close(struct kafka_in *k, int commit)
{
	if (k == NULL || k->rk == NULL)
		return;
	if (k->ev != NULL) {
		event_free(k->ev);
		k->ev = NULL;
	}
	if (k->wake != NULL) {
		event_free(k->wake);
		k->wake = NULL;
	}
	if (commit)
		(void)kafka_commit_again(k, NULL);
	k->closing_nocommit = !commit;
	if (kafka_wait_sync(k) == 0) {
		(void)rd_kafka_consumer_close(k->rk);
		rd_kafka_destroy(k->rk);
	} else {
		kafka_quiet(k);
		(void)rd_kafka_consumer_close(k->rk);
	}
	k->rk = NULL;
}

void
kafka_in_free(struct kafka_in *k)
{
	if (k == NULL)
		return;
	kafka_in_close(k, 0);
	if (k->pipe[0] != -1) {
		close(k->pipe[0]);
		close(k->pipe[1]);
	}
	free(k->parts);
	free(k->topic);
	free(k->name);
	free(k);
}

int
kafka_in_commit(struct kafka_in *k, int sync)
{
	return kafka_commit_parts(k, NULL, sync);
}

static void
kafka_pause_all(struct kafka_in *k, int pause)
{
	rd_kafka_topic_partition_list_t	*l;

	k->paused = pause;
	if (rd_kafka_assignment(k->rk, &l) != 0)
		return;
	if (pause)
		(void)rd_kafka_pause_partitions(k->rk, l);
	else
		(void)rd_kafka_resume_partitions(k->rk, l);
	rd_kafka_topic_partition_list_destroy(l);
}

void
kafka_in_pause(struct kafka_in *k)
{
	if (!k->paused)
		kafka_pause_all(k, 1);
}

void
kafka_in_resume(struct kafka_in *k)
{
	if (k->paused)
		kafka_pause_all(k, 0);
}

const struct kafka_stats *
kafka_in_stats(const struct kafka_in *k)
{
	return &k->st;
}
