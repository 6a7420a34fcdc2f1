/*
 * The kafka output: each record (alert or incident record) to a topic,
 * keyed by endpoint (incident.endpoint.key, else source.ip), by
 * incident (incident.id) or by nothing, through an idempotent producer
 * (enable.idempotence: acks from all in-sync replicas, no duplicates
 * from the producer's own retries, order kept per partition).
 *
 * A flush hands the records to librdkafka and waits up to timeout for
 * the brokers' acknowledgements: detectd commits its input offsets
 * only after a flush, so a record must be on a broker or on disk by
 * then.  What is not acknowledged in time is purged from the producer
 * and appended to the disk spool the webhook uses (spool.c), in the
 * state directory; while the spool holds records, new ones go behind
 * them, and the spool is sent again every retry interval, a batch at
 * a time, each batch dropped from the spool once all of it is
 * acknowledged.  A batch that fails half-way is sent again whole: the
 * receiver may see a record twice (at least once), never lose one.
 * While the spool is at spool-max, a flush fails and the inputs pause.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>

#include "output/output.h"
#include "output/output_kind.h"
#include "output/spool.h"
#include "util/log.h"
#include "util/safefs.h"
#include "util/timeutil.h"

#define KAFKA_OUT_TIMEOUT	5000		/* ms to wait for acks */
#define KAFKA_OUT_RETRY		5000		/* ms between spool sends */
#define KAFKA_OUT_SPOOL_MAX	(256ULL * 1024 * 1024)
#define KAFKA_OUT_BATCH		1000		/* records of a spool send */
#define KAFKA_OUT_BATCH_BYTES	(4 * 1024 * 1024)

enum okafka_key {
	OKAFKA_KEY_ENDPOINT, OKAFKA_KEY_INCIDENT, OKAFKA_KEY_NONE,
	OKAFKA_KEY_INDICATOR
};

struct okafka_opts {
	char			*brokers;
	char			*topic;
	char			*key;	/* endpoint, incident, indicator, none */
	struct outconf_headers	 props;		/* "key: value" */
	int64_t			 timeout_ms;
	int64_t			 retry_ms;
	uint64_t		 spool_max;
};

#define KO(f)	offsetof(struct okafka_opts, f)

static const struct outconf_opt output_kafka_opts[] = {
	{ "brokers", OUTCONF_STR, KO(brokers), 0, 0 },
	{ "topic", OUTCONF_STR, KO(topic), 0, 0 },
	{ "key", OUTCONF_STR, KO(key), 0, 0 },
	{ "property", OUTCONF_HEADER, KO(props), 0, 0 },
	{ "timeout", OUTCONF_TIME, KO(timeout_ms), OUTCONF_TIME_RANGE },
	{ "retry", OUTCONF_TIME, KO(retry_ms), OUTCONF_TIME_RANGE },
	{ "spool-max", OUTCONF_SIZE, KO(spool_max), OUTCONF_SIZE_RANGE },
	{ NULL, 0, 0, 0, 0 }
};

#undef KO

/* What a delivery report is about: a new record, or one of the spool. */
static char	okafka_live, okafka_spooled;

struct okafka {
	const char		*name;
	rd_kafka_t		*rk;
	rd_kafka_topic_t	*rkt;
	enum okafka_key		 key;
	int64_t			 timeout_ms;
	int64_t			 retry_ms;
	int64_t			 tried_ms;	/* last spool send, monotonic */
	struct spool		*spool;
	struct safefs_owner	 owner;
	int			 spool_error;	/* a record it could not take */
	int			 batch_failed;	/* of the spool send under way */
	int			 full;
	uint64_t		 delivered;
	uint64_t		 failed;	/* reports of failure: spooled */
	uint64_t		 dropped;
	uint64_t		 fulls;
};

/* Options ------------------------------------------------------------ */

static int
okafka_key_of(const char *s, enum okafka_key *k)
{
	if (s == NULL || strcmp(s, "endpoint") == 0)
		*k = OKAFKA_KEY_ENDPOINT;
	else if (strcmp(s, "incident") == 0)
		*k = OKAFKA_KEY_INCIDENT;
	else if (strcmp(s, "none") == 0)
		*k = OKAFKA_KEY_NONE;
	else if (strcmp(s, "indicator") == 0)
		*k = OKAFKA_KEY_INDICATOR;
	else
		return -1;
	return 0;
}

static int
output_kafka_check(const char *name, const void *opts, char *err,
    size_t errlen)
{
	const struct okafka_opts	*ko = opts;
	enum okafka_key			 k;

	(void)name;
	if (ko->brokers == NULL || ko->topic == NULL) {
		snprintf(err, errlen, "type kafka needs brokers and topic");
		return -1;
	}
	if (okafka_key_of(ko->key, &k) == -1) {
		snprintf(err, errlen, "key: expected endpoint, incident, "
		    "indicator or none, found '%s'", ko->key);
		return -1;
	}
	return 0;
}

/* Keys ----------------------------------------------------------------- */

/* The string at a dotted path of a record, or NULL. */
static const char *
okafka_field(json_t *o, const char *a, const char *b, const char *c)
{
	o = json_object_get(o, a);
	if (b != NULL)
		o = json_object_get(o, b);
	if (c != NULL)
		o = json_object_get(o, c);
	return json_string_value(o);
}

/*
 * A finding record's indicator (findrec.h), else its destination, so
 * that the findings a spread rule joins meet in one partition; a
 * contribution record's group (contrib.h: a spread's user, a
 * propagation's rule), so that a rule's contributions meet in one; an
 * alert's threat.indicator.name.  NULL: the endpoint's key follows.
 */
static const char *
okafka_indicator(json_t *o)
{
	json_t		*f = json_object_get(o, "finding");
	const char	*v;

	if (f == NULL && (v = okafka_field(o, "contribution", "group",
	    NULL)) != NULL && *v != '\0')
		return v;
	if (f == NULL)
		return okafka_field(o, "threat", "indicator", "name");
	if ((v = okafka_field(f, "indicator", "value", NULL)) != NULL)
		return v;
	if ((v = okafka_field(f, "event", "destination.domain", NULL)) != NULL)
		return v;
	if ((v = okafka_field(f, "event", "dns.question.name", NULL)) != NULL)
		return v;
	if ((v = okafka_field(f, "event", "destination.ip", NULL)) != NULL)
		return v;
	return okafka_field(f, "endpoint", "key", NULL);
}

/* The record's key into buf ("" none); one JSON parse a record. */
static void
okafka_key(const struct okafka *k, const char *p, size_t len, char *buf,
    size_t size)
{
	json_t		*o;
	const char	*v = NULL;

	buf[0] = '\0';
	if (k->key == OKAFKA_KEY_NONE ||
	    (o = json_loadb(p, len, 0, NULL)) == NULL)
		return;
	if (k->key == OKAFKA_KEY_INCIDENT)
		v = okafka_field(o, "incident", "id", NULL);
	if (k->key == OKAFKA_KEY_INDICATOR)
		v = okafka_indicator(o);
	if (v == NULL)
		v = okafka_field(o, "incident", "endpoint", "key");
	if (v == NULL)
		v = okafka_field(o, "source", "ip", NULL);
	if (v != NULL)
		snprintf(buf, size, "%s", v);
	json_decref(o);
}

/* Delivery ------------------------------------------------------------- */

/* A record the brokers did not take: to the spool, newline and all. */
static void
okafka_to_spool(struct okafka *k, const char *p, size_t len)
{
	char	*rec;

	if ((rec = malloc(len + 1)) == NULL ||
	    (memcpy(rec, p, len), rec[len] = '\n',
	    spool_append(k->spool, rec, len + 1)) == -1) {
		k->spool_error = 1;
		k->dropped++;
		log_warnx("output %s: a record neither delivered nor spooled: "
		    "lost", k->name);
	}
	free(rec);
}

static void
okafka_dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	struct okafka	*k = opaque;

	(void)rk;
	if (m->err == 0) {
		k->delivered++;
		return;
	}
	if (m->_private == &okafka_spooled) {
		k->batch_failed = 1;
		return;
	}
	k->failed++;
	okafka_to_spool(k, m->payload, m->len);
}

/* Hand one record (without its newline) to the producer. */
static void
okafka_produce(struct okafka *k, const char *p, size_t len, void *tag)
{
	char			 key[256];
	const char		*kp;
	rd_kafka_resp_err_t	 err;

	okafka_key(k, p, len, key, sizeof(key));
	kp = key[0] != '\0' ? key : NULL;
	err = rd_kafka_producev(k->rk, RD_KAFKA_V_RKT(k->rkt),
	    RD_KAFKA_V_KEY(kp, strlen(key)),
	    RD_KAFKA_V_VALUE((void *)(uintptr_t)p, len),
	    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
	    RD_KAFKA_V_OPAQUE(tag), RD_KAFKA_V_END);
	if (err == 0)
		return;
	if (tag == &okafka_spooled)
		k->batch_failed = 1;
	else {
		k->failed++;
		okafka_to_spool(k, p, len);
	}
}

static void
okafka_produce_all(struct okafka *k, const char *buf, size_t len, void *tag)
{
	const char	*p = buf, *nl;

	while (p < buf + len && (nl = memchr(p, '\n', (size_t)(buf + len -
	    p))) != NULL) {
		if (nl > p)
			okafka_produce(k, p, (size_t)(nl - p), tag);
		p = nl + 1;
	}
}

/*
 * Wait up to timeout for every acknowledgement; what is still not
 * acknowledged is purged, its reports (errors) come now.
 */
static void
okafka_wait(struct okafka *k)
{
	if (rd_kafka_flush(k->rk, (int)k->timeout_ms) == 0)
		return;
	(void)rd_kafka_purge(k->rk, RD_KAFKA_PURGE_F_QUEUE |
	    RD_KAFKA_PURGE_F_INFLIGHT);
	(void)rd_kafka_flush(k->rk, 1000);
	(void)rd_kafka_poll(k->rk, 0);
}

/* Send the spool's head again, a batch at a time, while it goes. */
static void
okafka_resend(struct okafka *k)
{
	struct spool_batch	 b;
	int64_t			 now = time_now_ms(CLOCK_MONOTONIC);
	int			 i;

	if (now - k->tried_ms < k->retry_ms)
		return;
	k->tried_ms = now;
	for (i = 0; i < 16 && spool_records(k->spool) > 0; i++) {
		if (spool_peek(k->spool, KAFKA_OUT_BATCH,
		    KAFKA_OUT_BATCH_BYTES, &b) == -1 || b.n == 0)
			return;
		k->batch_failed = 0;
		okafka_produce_all(k, b.buf, b.len, &okafka_spooled);
		okafka_wait(k);
		if (k->batch_failed || spool_commit(k->spool, &b) == -1)
			return;
	}
	if (spool_records(k->spool) == 0)
		log_info("output %s: the spool is delivered", k->name);
}

/* Whether the spool is at its cap, said once an episode. */
static int
okafka_full(struct okafka *k)
{
	if (!spool_full(k->spool)) {
		k->full = 0;
		return 0;
	}
	if (!k->full) {
		k->fulls++;
		log_warnx("output %s: the spool holds %llu bytes, its cap: "
		    "inputs paused", k->name,
		    (unsigned long long)spool_bytes(k->spool));
	}
	k->full = 1;
	return 1;
}

static int
output_kafka_flush(void *arg, const char *buf, size_t len, size_t *done)
{
	struct okafka	*k = arg;

	*done = 0;
	k->spool_error = 0;
	(void)rd_kafka_poll(k->rk, 0);
	if (spool_records(k->spool) > 0)
		okafka_resend(k);
	if (okafka_full(k))
		return -1;
	if (spool_records(k->spool) > 0) {
		/* Behind those that wait, in order. */
		if (len > 0 && spool_append(k->spool, buf, len) == -1)
			return -1;
	} else if (len > 0) {
		okafka_produce_all(k, buf, len, &okafka_live);
		okafka_wait(k);
		if (k->failed > 0 && spool_records(k->spool) > 0)
			k->tried_ms = time_now_ms(CLOCK_MONOTONIC);
	}
	*done = len;
	return k->spool_error ? -1 : 0;
}

/* Opening --------------------------------------------------------------- */

static int
okafka_set(rd_kafka_conf_t *kc, const char *name, const char *key,
    const char *val)
{
	char	 err[256];

	if (rd_kafka_conf_set(kc, key, val, err, sizeof(err)) ==
	    RD_KAFKA_CONF_OK)
		return 0;
	log_warnx("output %s: %s: %s", name, key, err);
	return -1;
}

/* "key: value" of a property line. */
static int
okafka_set_prop(rd_kafka_conf_t *kc, const char *name, const char *line)
{
	char	*key, *v;
	int	 rc;

	if ((key = strdup(line)) == NULL)
		return -1;
	if ((v = strstr(key, ": ")) == NULL) {
		free(key);
		return -1;
	}
	*v = '\0';
	rc = okafka_set(kc, name, key, v + 2);
	free(key);
	return rc;
}

static rd_kafka_conf_t *
okafka_conf(struct okafka *k, const struct okafka_opts *ko)
{
	rd_kafka_conf_t	*kc = rd_kafka_conf_new();
	char		 tmo[32];
	size_t		 i;
	int		 rc = 0;

	snprintf(tmo, sizeof(tmo), "%lld", (long long)k->timeout_ms);
	rc |= okafka_set(kc, k->name, "bootstrap.servers", ko->brokers);
	rc |= okafka_set(kc, k->name, "enable.idempotence", "true");
	rc |= okafka_set(kc, k->name, "linger.ms", "5");
	rc |= okafka_set(kc, k->name, "message.timeout.ms", tmo);
	for (i = 0; i < ko->props.n; i++)
		rc |= okafka_set_prop(kc, k->name, ko->props.v[i]);
	if (rc != 0) {
		rd_kafka_conf_destroy(kc);
		return NULL;
	}
	rd_kafka_conf_set_dr_msg_cb(kc, okafka_dr_cb);
	rd_kafka_conf_set_opaque(kc, k);
	return kc;
}

static int
okafka_open_producer(struct okafka *k, const struct okafka_opts *ko)
{
	rd_kafka_conf_t	*kc;
	char		 err[512];

	if ((kc = okafka_conf(k, ko)) == NULL)
		return -1;
	if ((k->rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err,
	    sizeof(err))) == NULL) {
		log_warnx("output %s: %s", k->name, err);
		rd_kafka_conf_destroy(kc);
		return -1;
	}
	if ((k->rkt = rd_kafka_topic_new(k->rk, ko->topic, NULL)) == NULL) {
		log_warnx("output %s: topic %s: %s", k->name, ko->topic,
		    rd_kafka_err2str(rd_kafka_last_error()));
		return -1;
	}
	return 0;
}

static void
output_kafka_close(void *arg)
{
	struct okafka	*k = arg;

	if (k == NULL)
		return;
	if (k->rk != NULL) {
		/* What is not acknowledged by now waits in the spool. */
		okafka_wait(k);
		if (k->rkt != NULL)
			rd_kafka_topic_destroy(k->rkt);
		rd_kafka_destroy(k->rk);
	}
	if (k->spool != NULL && spool_records(k->spool) > 0)
		log_warnx("output %s: %llu records wait in the spool for the "
		    "next start", k->name,
		    (unsigned long long)spool_records(k->spool));
	spool_free(k->spool);
	free(k);
}

static void *
output_kafka_open(const char *name, const void *opts,
    const struct output_env *env)
{
	const struct okafka_opts	*ko = opts;
	struct okafka			*k;
	char				*dir = NULL;

	if ((k = calloc(1, sizeof(*k))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	k->name = name;
	(void)okafka_key_of(ko->key, &k->key);
	k->timeout_ms = ko->timeout_ms > 0 ? ko->timeout_ms :
	    KAFKA_OUT_TIMEOUT;
	k->retry_ms = ko->retry_ms > 0 ? ko->retry_ms : KAFKA_OUT_RETRY;
	safefs_ids(env->owner, &k->owner);
	if (asprintf(&dir, "%s/spool-%s", env->state_dir, name) == -1) {
		dir = NULL;
		goto fail;
	}
	if ((k->spool = spool_open(dir, ko->spool_max > 0 ? ko->spool_max :
	    KAFKA_OUT_SPOOL_MAX, 0, &k->owner)) == NULL ||
	    okafka_open_producer(k, ko) == -1)
		goto fail;
	if (spool_records(k->spool) > 0)
		log_info("output %s: %llu records wait in the spool from "
		    "before", name, (unsigned long long)spool_records(k->spool));
	free(dir);
	return k;
fail:
	free(dir);
	output_kafka_close(k);
	return NULL;
}

static void
output_kafka_stats(void *arg, struct output_stats *st)
{
	struct okafka	*k = arg;

	st->delivered += k->delivered;
	st->errors += k->failed;
	st->dropped += k->dropped;
	st->full += k->fulls;
	st->queued += spool_records(k->spool) +
	    (uint64_t)rd_kafka_outq_len(k->rk);
	st->queued_bytes += spool_bytes(k->spool);
}

const struct output_kind output_kafka_kind = {
	.type = "kafka",
	.opts = output_kafka_opts,
	.opts_size = sizeof(struct okafka_opts),
	.check = output_kafka_check,
	.open = output_kafka_open,
	.flush = output_kafka_flush,
	.stats = output_kafka_stats,
	.close = output_kafka_close,
};
