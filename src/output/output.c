/*
 * Outputs: the table of kinds, and what every kind shares: a buffer of
 * whole records filled by output_write and handed to the kind on flush,
 * and the counts.  A record that cannot be buffered is counted and
 * reported to the caller, never dropped without a word.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "util/log.h"
#include "output/output.h"
#include "output/output_kind.h"

#define OUTPUT_FLUSH_AT	(256 * 1024)
#define OUTPUT_BUF_MAX	(64 * 1024 * 1024)
#define OUTPUT_DRAIN	5000		/* ms to wait at exit by default */

static const struct output_kind *const output_kinds[] = {
	&output_file_kind,
	&output_stdout_kind,
	&output_syslog_kind,
	&output_webhook_kind,
};

struct output {
	const struct output_kind	*kind;
	void				*ctx;
	char				*name;
	char				*buf;
	size_t				 len;
	size_t				 cap;
	uint64_t			 records;
	uint64_t			 errors;	/* buffer full */
	int64_t				 drain_ms;
};

static const struct output_kind *
output_kind_find(const char *type)
{
	size_t	 i;

	if (type == NULL)
		return NULL;
	for (i = 0; i < sizeof(output_kinds) / sizeof(output_kinds[0]); i++)
		if (strcmp(output_kinds[i]->type, type) == 0)
			return output_kinds[i];
	return NULL;
}

int
output_type_valid(const char *type)
{
	return output_kind_find(type) != NULL;
}

int
output_conf_check(const struct output_conf *oc, char *err, size_t errlen)
{
	const struct output_kind	*k;
	size_t				 i, n;
	int				 len;

	if ((k = output_kind_find(oc->type)) == NULL) {
		len = snprintf(err, errlen, "type must be one of");
		n = sizeof(output_kinds) / sizeof(output_kinds[0]);
		for (i = 0; i < n && len >= 0 && (size_t)len < errlen; i++)
			len += snprintf(err + len, errlen - len, "%s %s",
			    i == 0 ? "" : i + 1 == n ? " or" : ",",
			    output_kinds[i]->type);
		return -1;
	}
	return k->check(oc, err, errlen);
}

struct output *
output_open(const struct output_conf *oc, const struct output_env *env)
{
	struct output	*o;
	char		 err[256];

	if ((o = calloc(1, sizeof(*o))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	if ((o->name = strdup(oc->name)) == NULL) {
		log_warn("%s", __func__);
		goto fail;
	}
	if (output_conf_check(oc, err, sizeof(err)) == -1) {
		log_warnx("output %s: %s", oc->name, err);
		goto fail;
	}
	o->kind = output_kind_find(oc->type);
	o->drain_ms = oc->drain_ms > 0 ? oc->drain_ms : OUTPUT_DRAIN;
	if ((o->ctx = o->kind->open(o->name, oc, env)) == NULL)
		goto fail;
	return o;
fail:
	output_free(o);
	return NULL;
}

static int64_t
output_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* At exit: give a connection being made or a slow receiver some time. */
static void
output_drain(struct output *o)
{
	int64_t	 end = output_now() + o->drain_ms, left;

	while (output_flush(o) == -1 && o->len > 0 && o->kind->wait != NULL &&
	    (left = end - output_now()) > 0)
		if (o->kind->wait(o->ctx, left > 100 ? 100 : (int)left) == -1)
			break;
	if (o->len > 0)
		log_warnx("output %s: %zu bytes of alerts could not be "
		    "written", o->name, o->len);
}

void
output_free(struct output *o)
{
	if (o == NULL)
		return;
	if (o->ctx != NULL) {
		if (o->len > 0)
			output_drain(o);
		o->kind->close(o->ctx);
	}
	free(o->buf);
	free(o->name);
	free(o);
}

static int
output_grow(struct output *o, size_t need)
{
	size_t	 ncap;
	char	*nbuf;

	if (need > OUTPUT_BUF_MAX)
		return -1;
	for (ncap = o->cap ? o->cap : 64 * 1024; ncap < need;)
		ncap *= 2;
	if ((nbuf = realloc(o->buf, ncap)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	o->buf = nbuf;
	o->cap = ncap;
	return 0;
}

int
output_write(struct output *o, const char *rec, size_t len)
{
	if (o->len + len > o->cap && output_grow(o, o->len + len) == -1) {
		/* The caller counts the alert as lost and says so. */
		if (o->errors++ == 0)
			log_warnx("output %s: %zu bytes wait already: alerts "
			    "are being lost", o->name, o->len);
		return -1;
	}
	memcpy(o->buf + o->len, rec, len);
	o->len += len;
	o->records++;
	if (o->len >= OUTPUT_FLUSH_AT)
		(void)output_flush(o);
	return 0;
}

int
output_flush(struct output *o)
{
	size_t	 done = 0;
	int	 rc;

	rc = o->kind->flush(o->ctx, o->buf, o->len, &done);
	if (done > o->len)
		done = o->len;
	if (done > 0)
		memmove(o->buf, o->buf + done, o->len - done);
	o->len -= done;
	return rc == 0 && o->len == 0 ? 0 : -1;
}

int
output_reopen(struct output *o)
{
	(void)output_flush(o);
	if (o->kind->reopen == NULL)
		return 0;
	return o->kind->reopen(o->ctx);
}

int
output_attach(struct output *o, struct event_base *base)
{
	if (o->kind->attach == NULL)
		return 0;
	return o->kind->attach(o->ctx, base);
}

const char *
output_name(const struct output *o)
{
	return o->name;
}

void
output_stats(const struct output *o, struct output_stats *st)
{
	const char	*p, *end;

	memset(st, 0, sizeof(*st));
	st->records = o->records;
	st->errors = o->errors;
	o->kind->stats(o->ctx, st);
	st->queued_bytes += o->len;
	if (o->len == 0)
		return;
	for (p = o->buf, end = p + o->len; p < end &&
	    (p = memchr(p, '\n', end - p)) != NULL; p++)
		st->queued++;
}

uint64_t
output_records(const struct output *o)
{
	return o->records;
}

uint64_t
output_errors(const struct output *o)
{
	struct output_stats	 st;

	output_stats(o, &st);
	return st.errors;
}
