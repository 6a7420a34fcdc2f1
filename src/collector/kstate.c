/*
 * The state topic (kstate.h): an idempotent producer for the states
 * given and the tombstones of the states taken, and, for each take, a
 * consumer without a group assigned to the whole topic, read from each
 * partition's low watermark to its high one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#include "collector/kafka.h"
#include "collector/kstate.h"
#include "util/log.h"
#include "util/timeutil.h"

#define KSTATE_MAGIC		"detectd-state 1"
#define KSTATE_MAX_CHUNKS	65536
#define KSTATE_POLL_MS		100
#define KSTATE_KEY_LEN		512

struct kstate {
	rd_kafka_t		*rk;		/* the producer */
	char			*name;
	char			*brokers;
	char			*topic;
	char			**props;	/* copies: a reload frees the config's */
	size_t			 nprops;
	int			 timeout_ms;
	size_t			 chunk;
	int			 topic_ok;	/* there, or made */
	int			 topic_failed;	/* not, in this batch */
	uint64_t		 dr_failed;	/* delivery reports */
	/* The states queued (kstate_queue) and not yet sent. */
	struct kqueued		*q;
	size_t			 nq;
	struct kstate_stats	 st;
};

/* A state queued: its key, and whether a record of it was lost. */
struct kqueued {
	char	 key[KSTATE_KEY_LEN];
	size_t	 len;
	size_t	 chunks;
	int	 failed;
};

/* What a take collects of one key: its chunks, the latest of each. */
struct kpiece {
	char	*val;			/* NULL: none, or a tombstone */
	size_t	 len;
	int	 seen;
};

struct kwant {
	const char	*key;
	size_t		 klen;
	struct kpiece	*p;
	size_t		 np;
};

/* Setting up ------------------------------------------------------------ */

/* The common settings, then the input's "key=value" properties. */
static rd_kafka_conf_t *
kstate_conf(const struct kstate *k, const char *role)
{
	rd_kafka_conf_t	*kc = rd_kafka_conf_new();
	char		 id[256];
	int		 rc = 0;

	snprintf(id, sizeof(id), "detectd-%s-state-%s", k->name, role);
	rc |= kafka_conf_set(kc, k->name, "bootstrap.servers", k->brokers);
	rc |= kafka_conf_set(kc, k->name, "client.id", id);
	rc |= kafka_conf_set(kc, k->name, "allow.auto.create.topics", "false");
	rc |= kafka_conf_props(kc, k->name, k->props, k->nprops);
	if (rc != 0) {
		rd_kafka_conf_destroy(kc);
		return NULL;
	}
	return kc;
}

static void
kstate_dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	struct kstate	*k = opaque;

	(void)rk;
	if (m->err != 0) {
		/* Which state the record was of (kstate_produce). */
		if ((uintptr_t)m->_private > 0 &&
		    (uintptr_t)m->_private <= k->nq)
			k->q[(uintptr_t)m->_private - 1].failed = 1;
		if (k->dr_failed++ == 0)
			log_warnx("kafka %s: state topic %s: %s", k->name,
			    k->topic, rd_kafka_err2str(m->err));
	}
}

/* The producer; the chunk follows the message.max.bytes it has. */
static int
kstate_producer(struct kstate *k, size_t chunk)
{
	rd_kafka_conf_t	*kc;
	char		 v[64], err[512];
	size_t		 vlen = sizeof(v);
	int		 rc = 0;

	if ((kc = kstate_conf(k, "out")) == NULL)
		return -1;
	snprintf(v, sizeof(v), "%d", k->timeout_ms);
	rc |= kafka_conf_set(kc, k->name, "message.timeout.ms", v);
	rc |= kafka_conf_set(kc, k->name, "enable.idempotence", "true");
	rc |= kafka_conf_set(kc, k->name, "compression.codec", "lz4");
	if (rc != 0 || rd_kafka_conf_get(kc, "message.max.bytes", v,
	    &vlen) != RD_KAFKA_CONF_OK) {
		rd_kafka_conf_destroy(kc);
		return -1;
	}
	k->chunk = (size_t)strtoull(v, NULL, 10) - KSTATE_HEAD -
	    KSTATE_RECORD_ROOM - strlen(k->topic) - 32;
	if (chunk > 0 && chunk < k->chunk)
		k->chunk = chunk;
	rd_kafka_conf_set_dr_msg_cb(kc, kstate_dr_cb);
	rd_kafka_conf_set_opaque(kc, k);
	if ((k->rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err,
	    sizeof(err))) == NULL) {
		log_warnx("kafka %s: state topic: %s", k->name, err);
		rd_kafka_conf_destroy(kc);
		return -1;
	}
	return 0;
}

struct kstate *
kstate_new(const struct kstate_conf *c)
{
	struct kstate	*k;

	if ((k = calloc(1, sizeof(*k))) == NULL ||
	    (k->name = strdup(c->name)) == NULL ||
	    (k->brokers = strdup(c->brokers)) == NULL ||
	    (k->topic = strdup(c->topic)) == NULL) {
		log_warn("%s", __func__);
		kstate_free(k);
		return NULL;
	}
	if ((k->props = calloc(c->nprops + 1, sizeof(*k->props))) == NULL) {
		kstate_free(k);
		return NULL;
	}
	for (k->nprops = 0; k->nprops < c->nprops; k->nprops++)
		if ((k->props[k->nprops] = strdup(c->props[k->nprops])) ==
		    NULL) {
			kstate_free(k);
			return NULL;
		}
	k->timeout_ms = c->timeout_ms > 0 ? c->timeout_ms : KSTATE_TIMEOUT_MS;
	if (kstate_producer(k, c->chunk) == -1) {
		kstate_free(k);
		return NULL;
	}
	log_info("kafka %s: state topic %s, records of up to %zu bytes",
	    k->name, k->topic, k->chunk);
	return k;
}

void
kstate_free(struct kstate *k)
{
	size_t	 i;

	if (k == NULL)
		return;
	if (k->rk != NULL) {
		(void)rd_kafka_flush(k->rk, k->timeout_ms);
		rd_kafka_destroy(k->rk);
	}
	for (i = 0; i < k->nprops; i++)
		free(k->props[i]);
	free(k->props);
	free(k->q);
	free(k->name);
	free(k->brokers);
	free(k->topic);
	free(k);
}

const struct kstate_stats *
kstate_stats(const struct kstate *k)
{
	return &k->st;
}

/* The topic ------------------------------------------------------------- */

/* The partitions of the topic; 0 when it is not there, -1 no answer. */
static int
kstate_partitions(struct kstate *k, rd_kafka_t *rk)
{
	const struct rd_kafka_metadata	*md;
	rd_kafka_topic_t		*t;
	rd_kafka_resp_err_t		 err;
	int				 n = -1;

	if ((t = rd_kafka_topic_new(rk, k->topic, NULL)) == NULL)
		return -1;
	err = rd_kafka_metadata(rk, 0, t, &md, k->timeout_ms);
	rd_kafka_topic_destroy(t);
	if (err != 0) {
		log_warnx("kafka %s: state topic %s: metadata: %s", k->name,
		    k->topic, rd_kafka_err2str(err));
		return -1;
	}
	if (md->topic_cnt == 1 && md->topics[0].err == 0)
		n = md->topics[0].partition_cnt;
	else if (md->topic_cnt == 1 && md->topics[0].err ==
	    RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
		n = 0;
	else
		log_warnx("kafka %s: state topic %s: %s", k->name, k->topic,
		    rd_kafka_err2str(md->topic_cnt == 1 ? md->topics[0].err :
		    RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC));
	rd_kafka_metadata_destroy(md);
	return n;
}

/* The answer to CreateTopics: 0 when made or there already. */
static int
kstate_created(struct kstate *k, rd_kafka_event_t *ev)
{
	const rd_kafka_CreateTopics_result_t	*res;
	const rd_kafka_topic_result_t		**tr;
	size_t					 n = 0;
	rd_kafka_resp_err_t			 err;
	const char				*why;

	if (ev == NULL) {
		err = RD_KAFKA_RESP_ERR__TIMED_OUT;
		why = rd_kafka_err2str(err);
	} else if ((err = rd_kafka_event_error(ev)) != 0)
		why = rd_kafka_event_error_string(ev);
	else if ((res = rd_kafka_event_CreateTopics_result(ev)) != NULL &&
	    (tr = rd_kafka_CreateTopics_result_topics(res, &n)) != NULL &&
	    n == 1) {
		err = rd_kafka_topic_result_error(tr[0]);
		why = rd_kafka_topic_result_error_string(tr[0]);
	} else {
		err = RD_KAFKA_RESP_ERR__BAD_MSG;
		why = "no answer for the topic";
	}
	if (err == 0 || err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
		return 0;
	log_warnx("kafka %s: state topic %s could not be made (%s): create "
	    "it with cleanup.policy=compact", k->name, k->topic,
	    why != NULL ? why : rd_kafka_err2str(err));
	return -1;
}

/* Made compacted, one partition, the brokers' replication factor. */
static int
kstate_create(struct kstate *k)
{
	rd_kafka_NewTopic_t	*nt;
	rd_kafka_AdminOptions_t	*o;
	rd_kafka_queue_t	*q;
	rd_kafka_event_t	*ev;
	char			 err[256];
	int			 rc;

	if ((nt = rd_kafka_NewTopic_new(k->topic, 1, -1, err,
	    sizeof(err))) == NULL) {
		log_warnx("kafka %s: state topic %s: %s", k->name, k->topic,
		    err);
		return -1;
	}
	(void)rd_kafka_NewTopic_set_config(nt, "cleanup.policy", "compact");
	q = rd_kafka_queue_new(k->rk);
	o = rd_kafka_AdminOptions_new(k->rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
	(void)rd_kafka_AdminOptions_set_request_timeout(o, k->timeout_ms, err,
	    sizeof(err));
	rd_kafka_CreateTopics(k->rk, &nt, 1, o, q);
	ev = rd_kafka_queue_poll(q, k->timeout_ms + 1000);
	rc = kstate_created(k, ev);
	if (rc == 0)
		log_info("kafka %s: state topic %s made, cleanup.policy "
		    "compact", k->name, k->topic);
	if (ev != NULL)
		rd_kafka_event_destroy(ev);
	rd_kafka_AdminOptions_destroy(o);
	rd_kafka_NewTopic_destroy(nt);
	rd_kafka_queue_destroy(q);
	return rc;
}

/* Giving ---------------------------------------------------------------- */

/* One record; val NULL: a tombstone.  Queued, not yet delivered. */
static int
kstate_produce(struct kstate *k, const char *key, const char *head,
    const char *val, size_t len, uintptr_t slot)
{
	rd_kafka_resp_err_t	 err;
	char			*v = NULL;
	size_t			 hl = head != NULL ? strlen(head) : 0, vl = 0;

	if (val != NULL) {
		if ((v = malloc(hl + len + 1)) == NULL) {
			log_warn("%s", __func__);
			return -1;
		}
		memcpy(v, head, hl);
		memcpy(v + hl, val, len);
		vl = hl + len;
	}
	err = rd_kafka_producev(k->rk, RD_KAFKA_V_TOPIC(k->topic),
	    RD_KAFKA_V_KEY(key, strlen(key)),
	    RD_KAFKA_V_VALUE(v, vl),
	    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_FREE),
	    RD_KAFKA_V_OPAQUE((void *)slot), RD_KAFKA_V_END);
	if (err != 0) {
		free(v);
		log_warnx("kafka %s: state topic %s: %s: %s", k->name,
		    k->topic, key, rd_kafka_err2str(err));
		return -1;
	}
	return 0;
}

/* Every queued record delivered within the timeout; else dropped. */
static int
kstate_delivered(struct kstate *k)
{
	int	 rc = 0;

	if (rd_kafka_flush(k->rk, k->timeout_ms) != 0) {
		log_warnx("kafka %s: state topic %s: not delivered within "
		    "%d ms", k->name, k->topic, k->timeout_ms);
		(void)rd_kafka_purge(k->rk, RD_KAFKA_PURGE_F_QUEUE |
		    RD_KAFKA_PURGE_F_INFLIGHT);
		(void)rd_kafka_flush(k->rk, 1000);
		rc = -1;
	}
	if (k->dr_failed > 0)
		rc = -1;
	k->dr_failed = 0;
	return rc;
}

static uint64_t
kstate_gen(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Chunks 1.. first, then chunk 0 under the key itself. */
static int
kstate_chunks(struct kstate *k, const char *key, const char *buf,
    size_t len, size_t n)
{
	char		 head[KSTATE_HEAD], ck[512];
	uint64_t	 gen = kstate_gen();
	size_t		 i, j, off, l;

	for (j = 1; j <= n; j++) {
		i = j % n;
		off = i * k->chunk;
		l = len - off < k->chunk ? len - off : k->chunk;
		snprintf(head, sizeof(head), "%s %" PRIu64 " %zu %zu %zu\n",
		    KSTATE_MAGIC, gen, i, n, len);
		if (i == 0)
			snprintf(ck, sizeof(ck), "%s", key);
		else
			snprintf(ck, sizeof(ck), "%s#%zu", key, i);
		if (kstate_produce(k, ck, head, buf + off, l, k->nq) == -1)
			return -1;
	}
	return 0;
}

/* The topic there, or made; retried at the next give when not. */
static int
kstate_topic(struct kstate *k)
{
	int	 rc;

	if (k->topic_ok)
		return 0;
	if (k->topic_failed)
		return -1;
	if ((rc = kstate_partitions(k, k->rk)) == 0)
		rc = kstate_create(k) == 0 ? 1 : -1;
	k->topic_ok = rc > 0;
	k->topic_failed = !k->topic_ok;
	return k->topic_ok ? 0 : -1;
}

int
kstate_queue(struct kstate *k, const char *key, const char *buf,
    size_t len)
{
	struct kqueued	*v, *x;
	size_t		 n = len == 0 ? 1 : (len + k->chunk - 1) / k->chunk;

	if ((v = reallocarray(k->q, k->nq + 1, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	k->q = v;
	x = &k->q[k->nq++];
	memset(x, 0, sizeof(*x));
	snprintf(x->key, sizeof(x->key), "%s", key);
	x->len = len;
	x->chunks = n;
	if (strlen(key) >= sizeof(x->key) - 8 || n > KSTATE_MAX_CHUNKS ||
	    kstate_topic(k) == -1 || kstate_chunks(k, key, buf, len, n) == -1)
		x->failed = 1;
	return 0;
}

int
kstate_send(struct kstate *k)
{
	size_t	 i;
	int	 failed = 0;

	k->topic_failed = 0;
	if (k->nq == 0)
		return 0;
	(void)kstate_delivered(k);
	for (i = 0; i < k->nq; i++) {
		if (k->q[i].failed) {
			failed++;
			k->st.put_errors++;
			log_warnx("kafka %s: state of %s not handed over: the "
			    "next owner starts it afresh", k->name,
			    k->q[i].key);
			continue;
		}
		k->st.puts++;
		k->st.put_bytes += k->q[i].len;
		k->st.chunks += k->q[i].chunks;
	}
	free(k->q);
	k->q = NULL;
	k->nq = 0;
	return failed;
}

int
kstate_put(struct kstate *k, const char *key, const char *buf, size_t len)
{
	if (kstate_queue(k, key, buf, len) == -1)
		return -1;
	return kstate_send(k) == 0 ? 0 : -1;
}

/* Taking ---------------------------------------------------------------- */

/* The key a record's key names: its index in w, and the chunk in *ci. */
static struct kwant *
kstate_want(struct kwant *w, size_t n, const char *key, size_t klen,
    size_t *ci)
{
	unsigned long long	 v;
	char			 num[24], *end;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (klen < w[i].klen || memcmp(key, w[i].key, w[i].klen) != 0)
			continue;
		if (klen == w[i].klen) {
			*ci = 0;
			return &w[i];
		}
		if (key[w[i].klen] != '#' || klen - w[i].klen - 1 == 0 ||
		    klen - w[i].klen - 1 >= sizeof(num))
			continue;
		memcpy(num, key + w[i].klen + 1, klen - w[i].klen - 1);
		num[klen - w[i].klen - 1] = '\0';
		v = strtoull(num, &end, 10);
		if (*end != '\0' || v == 0 || v >= KSTATE_MAX_CHUNKS)
			continue;
		*ci = (size_t)v;
		return &w[i];
	}
	return NULL;
}

/* A record of the topic: the latest of its key is kept. */
static void
kstate_record(struct kwant *w, size_t n, const rd_kafka_message_t *m)
{
	struct kwant	*x;
	struct kpiece	*p;
	size_t		 ci, j;

	if (m->key == NULL ||
	    (x = kstate_want(w, n, m->key, m->key_len, &ci)) == NULL)
		return;
	if (ci >= x->np) {
		if ((p = reallocarray(x->p, ci + 1, sizeof(*p))) == NULL) {
			log_warn("%s", __func__);
			return;
		}
		for (j = x->np; j <= ci; j++)
			memset(&p[j], 0, sizeof(p[j]));
		x->p = p;
		x->np = ci + 1;
	}
	p = &x->p[ci];
	free(p->val);
	p->val = NULL;
	p->len = 0;
	p->seen = 1;
	if (m->payload != NULL && (p->val = malloc(m->len + 1)) != NULL) {
		memcpy(p->val, m->payload, m->len);
		p->val[m->len] = '\0';
		p->len = m->len;
	}
}

/*
 * A consumer that joins no group (librdkafka's simple consumer: no
 * group id, no coordinator to wait for), reading every partition from
 * its start into one queue; each partition's end is its PARTITION_EOF.
 * (No watermark query: librdkafka's waits for a leader that is down
 * beyond its timeout.)
 */
struct kreader {
	rd_kafka_t		*rk;
	rd_kafka_topic_t	*t;
	rd_kafka_queue_t	*q;
	int			 started;
};

static void
kstate_reader_free(struct kreader *r)
{
	int	 p;

	for (p = 0; p < r->started; p++)
		(void)rd_kafka_consume_stop(r->t, p);
	if (r->q != NULL)
		rd_kafka_queue_destroy(r->q);
	if (r->t != NULL)
		rd_kafka_topic_destroy(r->t);
	if (r->rk != NULL)
		rd_kafka_destroy(r->rk);
}

static int
kstate_reader(struct kstate *k, int nparts, struct kreader *r)
{
	const struct rd_kafka_metadata	*md;
	rd_kafka_conf_t			*kc;
	char				 why[512] = "";

	memset(r, 0, sizeof(*r));
	if ((kc = kstate_conf(k, "in")) == NULL ||
	    kafka_conf_set(kc, k->name, "enable.partition.eof", "true") == -1 ||
	    /* The end is reached sooner: a take waits for nothing else. */
	    kafka_conf_set(kc, k->name, "fetch.wait.max.ms", "10") == -1 ||
	    kafka_conf_set(kc, k->name, "auto.offset.reset", "smallest") == -1 ||
	    (r->rk = rd_kafka_new(RD_KAFKA_CONSUMER, kc, why,
	    sizeof(why))) == NULL) {
		if (kc != NULL)
			rd_kafka_conf_destroy(kc);
		log_warnx("kafka %s: state topic reader: %s", k->name, why);
		return -1;
	}
	if ((r->t = rd_kafka_topic_new(r->rk, k->topic, NULL)) == NULL ||
	    (r->q = rd_kafka_queue_new(r->rk)) == NULL)
		return -1;
	/*
	 * The leaders known before the start, and the start at offset 0
	 * (earliest when the log begins later): a logical offset, or a
	 * leader not known yet, costs half a second of librdkafka's offset
	 * query retry.
	 */
	if (rd_kafka_metadata(r->rk, 0, r->t, &md, k->timeout_ms) == 0)
		rd_kafka_metadata_destroy(md);
	for (; r->started < nparts; r->started++)
		if (rd_kafka_consume_start_queue(r->t, r->started, 0,
		    r->q) == -1) {
			log_warnx("kafka %s: state topic %s: partition %d: %s",
			    k->name, k->topic, r->started,
			    rd_kafka_err2str(rd_kafka_last_error()));
			return -1;
		}
	return 0;
}

/* Every record to the end of each partition, within the timeout. */
static int
kstate_read(struct kstate *k, int nparts, struct kwant *w, size_t n)
{
	rd_kafka_message_t	*m;
	struct kreader		 r;
	uint8_t			*done;
	int64_t			 end;
	int			 left = nparts;

	if ((done = calloc((size_t)nparts, 1)) == NULL)
		return -1;
	if (kstate_reader(k, nparts, &r) == -1)
		left = -1;
	end = time_now_ms(CLOCK_MONOTONIC) + k->timeout_ms;
	while (left > 0 && time_now_ms(CLOCK_MONOTONIC) < end) {
		if ((m = rd_kafka_consume_queue(r.q, KSTATE_POLL_MS)) == NULL)
			continue;
		if (m->err == 0)
			kstate_record(w, n, m);
		else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF &&
		    m->partition >= 0 && m->partition < nparts &&
		    !done[m->partition]) {
			done[m->partition] = 1;
			left--;
		}
		rd_kafka_message_destroy(m);
	}
	if (left > 0)
		log_warnx("kafka %s: state topic %s not read to its end "
		    "within %d ms", k->name, k->topic, k->timeout_ms);
	kstate_reader_free(&r);
	free(done);
	return left == 0 ? 0 : -1;
}

/* A chunk's head: its data and length, or NULL when it is not i of gen. */
static const char *
kstate_chunk(const struct kpiece *p, size_t i, uint64_t *gen, size_t *n,
    size_t *total, size_t *dlen)
{
	uint64_t	 g;
	size_t		 ci, cn, ct;
	int		 used = 0;

	/* The head ends at its newline: the data may begin with blanks. */
	if (p->val == NULL || sscanf(p->val, KSTATE_MAGIC " %" SCNu64
	    " %zu %zu %zu%n", &g, &ci, &cn, &ct, &used) != 4 || used == 0 ||
	    (size_t)used >= p->len || p->val[used++] != '\n' ||
	    ci != i || (i > 0 && (g != *gen || cn != *n || ct != *total)))
		return NULL;
	*gen = g;
	*n = cn;
	*total = ct;
	*dlen = p->len - (size_t)used;
	return p->val + used;
}

/* The chunks of a key put together; NULL when one is missing. */
static char *
kstate_join(const struct kwant *x, size_t *len)
{
	const char	*d;
	uint64_t	 gen = 0;
	size_t		 i, n = 1, total = 0, dlen, off = 0;
	char		*buf = NULL;

	for (i = 0; i < n; i++) {
		if (i >= x->np || (d = kstate_chunk(&x->p[i], i, &gen, &n,
		    &total, &dlen)) == NULL || n > x->np ||
		    off + dlen > total)
			goto fail;
		if (i == 0 && (buf = malloc(total + 1)) == NULL)
			goto fail;
		memcpy(buf + off, d, dlen);
		off += dlen;
	}
	if (off != total)
		goto fail;
	buf[off] = '\0';
	*len = off;
	return buf;
fail:
	free(buf);
	return NULL;
}

/* The records of a taken key removed: tombstones, delivered. */
static void
kstate_tombstones(struct kstate *k, const struct kwant *x)
{
	char	 ck[512];
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < x->np; i++) {
		if (x->p[i].val == NULL)
			continue;
		if (i == 0)
			snprintf(ck, sizeof(ck), "%s", x->key);
		else
			snprintf(ck, sizeof(ck), "%s#%zu", x->key, i);
		if (kstate_produce(k, ck, NULL, NULL, 0, 0) == -1)
			rc = -1;
	}
	if (rc == -1 || kstate_delivered(k) == -1) {
		k->st.tombstone_errors++;
		log_warnx("kafka %s: state of %s taken but not removed from "
		    "%s: a later owner may take it again", k->name, x->key,
		    k->topic);
	} else
		k->st.tombstones++;
}

/* What was read of one key: its state, or nothing (said why). */
static void
kstate_take(struct kstate *k, const struct kwant *x, char **val,
    size_t *len)
{
	*val = NULL;
	*len = 0;
	if (x->np == 0 || x->p[0].val == NULL)
		return;
	if ((*val = kstate_join(x, len)) == NULL) {
		k->st.get_errors++;
		log_warnx("kafka %s: state of %s in %s is incomplete or "
		    "broken: not taken, the partition starts afresh",
		    k->name, x->key, k->topic);
	} else {
		k->st.gets++;
		k->st.get_bytes += *len;
		log_info("kafka %s: state of %s taken over from %s (%zu "
		    "bytes)", k->name, x->key, k->topic, *len);
	}
	kstate_tombstones(k, x);
}

int
kstate_get(struct kstate *k, const char *const *keys, size_t n,
    char **vals, size_t *lens)
{
	struct kwant	*w;
	size_t		 i, j;
	int		 np, rc = 0;

	for (i = 0; i < n; i++) {
		vals[i] = NULL;
		lens[i] = 0;
	}
	if ((w = calloc(n + 1, sizeof(*w))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		w[i].key = keys[i];
		w[i].klen = strlen(keys[i]);
	}
	if ((np = kstate_partitions(k, k->rk)) == -1 ||
	    (np > 0 && kstate_read(k, np, w, n) == -1)) {
		k->st.get_errors++;
		log_warnx("kafka %s: state topic %s not read: the partitions "
		    "taken start afresh", k->name, k->topic);
		rc = -1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0)
			kstate_take(k, &w[i], &vals[i], &lens[i]);
		for (j = 0; j < w[i].np; j++)
			free(w[i].p[j].val);
		free(w[i].p);
	}
	free(w);
	return rc;
}
