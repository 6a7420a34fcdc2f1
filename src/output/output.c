/*
 * Outputs: the table of kinds, the output block around a kind's options,
 * and what every kind shares: a buffer of whole records filled by
 * output_write and handed to the kind on flush, and the counts.  A
 * record that cannot be buffered is counted and reported to the caller,
 * never dropped without a word.
 *
 * Adding a kind: a file of its own (see output_kind.h) and a row in
 * output_kinds[] below.  The order of the rows is the order in which
 * messages list the kinds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf/conf.h"
#include "util/log.h"
#include "util/timeutil.h"
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
	&output_kafka_kind,
};

#define OUTPUT_NKINDS	(sizeof(output_kinds) / sizeof(output_kinds[0]))

/* A parsed block: the kind and its options struct, filled by its table. */
struct output_conf {
	char				*name;
	const struct output_kind	*kind;
	void				*opts;
	int				 records;	/* OUTPUT_RECORDS_* */
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
	int				 takes;	/* OUTPUT_RECORDS_* */
};

static const char *const output_records_names[] = {
	"alerts", "incidents", "both", "findings"
};

/* The OUTPUT_RECORDS_* value of each name above. */
static const int output_records_values[] = {
	OUTPUT_RECORDS_ALERTS, OUTPUT_RECORDS_INCIDENTS, OUTPUT_RECORDS_BOTH,
	OUTPUT_RECORDS_FINDINGS
};

static const struct output_kind *
output_kind_find(const char *type)
{
	size_t	 i;

	if (type == NULL)
		return NULL;
	for (i = 0; i < OUTPUT_NKINDS; i++)
		if (strcmp(output_kinds[i]->type, type) == 0)
			return output_kinds[i];
	return NULL;
}

/* "type must be one of file, stdout, syslog or webhook" */
static void
output_kinds_all(char *err, size_t errlen)
{
	size_t	 i;
	int	 len;

	len = snprintf(err, errlen, "type must be one of");
	for (i = 0; i < OUTPUT_NKINDS && len >= 0 && (size_t)len < errlen; i++)
		len += snprintf(err + len, errlen - len, "%s %s",
		    i == 0 ? "" : i + 1 == OUTPUT_NKINDS ? " or" : ",",
		    output_kinds[i]->type);
}

/*
 * The kinds that have an option, "syslog and webhook", into buf (which
 * may be NULL when len is 0); the row of the first of them, or NULL when
 * no kind has it.
 */
static const struct outconf_opt *
output_kinds_with(const char *option, char *buf, size_t len)
{
	const struct outconf_opt	*o, *first = NULL;
	const char			*types[OUTPUT_NKINDS];
	size_t				 i, k = 0;
	int				 n = 0;

	for (i = 0; i < OUTPUT_NKINDS; i++) {
		if ((o = outconf_find(output_kinds[i]->opts, option)) == NULL)
			continue;
		if (first == NULL)
			first = o;
		types[k++] = output_kinds[i]->type;
	}
	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < k && len > 0 && n >= 0 && (size_t)n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s", i == 0 ? "" :
		    i + 1 == k ? " and " : ", ", types[i]);
	return first;
}

/*
 * The kind is needed before the options can go anywhere, so it is looked
 * up first: the last "type" with one argument, as a value given twice
 * counts once for every option.  A wrong one is reported in its turn.
 */
static const char *
output_block_type(const struct cnode *n)
{
	const struct cnode	*c;
	const char		*type = NULL;

	for (c = n->children; c != NULL; c = c->next)
		if (strcmp(c->key.text, "type") == 0 && c->nargs == 1)
			type = c->args[0].text;
	return type;
}

/* records alerts|incidents|both|findings: an option of every kind. */
static int
output_conf_records(struct output_conf *oc, const struct cnode *c,
    struct cerrors *errs)
{
	int	 i;

	if (conf_want_args(c, 1, 1, errs) == -1)
		return -1;
	for (i = 0; i < 4; i++)
		if (strcmp(c->args[0].text, output_records_names[i]) == 0) {
			oc->records = output_records_values[i];
			return 0;
		}
	cerrors_addtok(errs, &c->args[0], "output %s: records must be "
	    "alerts, incidents, both or findings", oc->name);
	return -1;
}

/*
 * One statement of the block.  An option of other kinds is parsed all
 * the same, for the errors in its value, and not kept: which kind it is
 * for is said once the whole block has been read.
 */
static int
output_conf_option(struct output_conf *oc, const struct cnode *c,
    struct cerrors *errs)
{
	const struct outconf_opt	*o;

	if (strcmp(c->key.text, "type") == 0)
		return conf_want_args(c, 1, 1, errs);
	if (strcmp(c->key.text, "records") == 0)
		return output_conf_records(oc, c, errs);
	if (oc->kind != NULL &&
	    (o = outconf_find(oc->kind->opts, c->key.text)) != NULL)
		return outconf_value(o, c, oc->opts, oc->name, errs);
	if ((o = output_kinds_with(c->key.text, NULL, 0)) == NULL) {
		cerrors_addtok(errs, &c->key, "output %s: unknown option '%s'",
		    oc->name, c->key.text);
		return -1;
	}
	return outconf_check(o, c, oc->name, errs);
}

/* Options given that are not for this kind are mistakes: say so. */
static int
output_conf_foreign(const struct output_conf *oc, const struct cnode *n,
    struct cerrors *errs)
{
	const struct cnode	*c;
	char			 kinds[128];
	int			 rc = 0;

	for (c = n->children; c != NULL; c = c->next) {
		if (strcmp(c->key.text, "type") == 0 ||
		    strcmp(c->key.text, "records") == 0 ||
		    outconf_find(oc->kind->opts, c->key.text) != NULL)
			continue;
		(void)output_kinds_with(c->key.text, kinds, sizeof(kinds));
		cerrors_addtok(errs, &c->key, "output %s: '%s' is an option of "
		    "%s outputs, not of %s", oc->name, c->key.text, kinds,
		    oc->kind->type);
		rc = -1;
	}
	return rc;
}

/* After its options: a type, a known one, and what the kind checks. */
static int
output_conf_kind(const struct output_conf *oc, const struct cnode *n,
    const char *type, struct cerrors *errs)
{
	char	 err[256];

	if (type == NULL) {
		cerrors_addtok(errs, &n->key, "output %s: needs a type",
		    oc->name);
		return -1;
	}
	if (oc->kind == NULL) {
		output_kinds_all(err, sizeof(err));
		cerrors_addtok(errs, &n->key, "output %s: %s", oc->name, err);
		return -1;
	}
	if (output_conf_foreign(oc, n, errs) == -1)
		return -1;
	if (oc->kind->check(oc->name, oc->opts, err, sizeof(err)) == -1) {
		cerrors_addtok(errs, &n->key, "output %s: %s", oc->name, err);
		return -1;
	}
	return 0;
}

struct output_conf *
output_conf_parse(const struct cnode *n, struct cerrors *errs)
{
	struct output_conf	*oc;
	const struct cnode	*c;
	const char		*type = output_block_type(n);
	int			 rc = 0;

	if ((oc = calloc(1, sizeof(*oc))) == NULL ||
	    (oc->name = strdup(n->args[0].text)) == NULL)
		goto nomem;
	/* A kind without options still gets an opts of its own. */
	if ((oc->kind = output_kind_find(type)) != NULL &&
	    (oc->opts = calloc(1, oc->kind->opts_size + 1)) == NULL)
		goto nomem;
	for (c = n->children; c != NULL; c = c->next)
		if (output_conf_option(oc, c, errs) == -1)
			rc = -1;
	if (rc == -1 || output_conf_kind(oc, n, type, errs) == -1)
		goto fail;
	return oc;
nomem:
	log_warn("%s", __func__);
fail:
	output_conf_free(oc);
	return NULL;
}

void
output_conf_free(struct output_conf *oc)
{
	if (oc == NULL)
		return;
	if (oc->kind != NULL)
		outconf_clear(oc->kind->opts, oc->opts);
	free(oc->opts);
	free(oc->name);
	free(oc);
}

const char *
output_conf_name(const struct output_conf *oc)
{
	return oc->name;
}

int
output_conf_get(const struct output_conf *oc, const char *option,
    char *buf, size_t len)
{
	const struct outconf_opt	*o;

	if (strcmp(option, "type") == 0) {
		snprintf(buf, len, "%s", oc->kind->type);
		return 0;
	}
	if (strcmp(option, "records") == 0) {
		snprintf(buf, len, "%s", output_records_names[
		    oc->records == OUTPUT_RECORDS_INCIDENTS ? 1 :
		    oc->records == OUTPUT_RECORDS_BOTH ? 2 :
		    oc->records == OUTPUT_RECORDS_FINDINGS ? 3 : 0]);
		return 0;
	}
	if ((o = outconf_find(oc->kind->opts, option)) == NULL)
		return -1;
	outconf_format(o, oc->opts, buf, len);
	return 0;
}

struct output *
output_open(const struct output_conf *oc, const struct output_env *env)
{
	struct output	*o;

	if ((o = calloc(1, sizeof(*o))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	if ((o->name = strdup(oc->name)) == NULL) {
		log_warn("%s", __func__);
		goto fail;
	}
	o->kind = oc->kind;
	o->takes = oc->records != 0 ? oc->records : OUTPUT_RECORDS_ALERTS;
	o->drain_ms = o->kind->drain != NULL ? o->kind->drain(oc->opts) :
	    OUTPUT_DRAIN;
	if ((o->ctx = o->kind->open(o->name, oc->opts, env)) == NULL)
		goto fail;
	return o;
fail:
	output_free(o);
	return NULL;
}

/* At exit: give a connection being made or a slow receiver some time. */
static void
output_drain(struct output *o)
{
	int64_t	 end = time_now_ms(CLOCK_MONOTONIC) + o->drain_ms, left;

	while ((void)output_flush(o), o->len > 0 && o->kind->wait != NULL &&
	    (left = end - time_now_ms(CLOCK_MONOTONIC)) > 0)
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
	/* Records a kind keeps waiting without failing do not pause. */
	return rc;
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

int
output_takes(const struct output *o, int records)
{
	return (o->takes & records) != 0;
}

const char *
output_name(const struct output *o)
{
	return o->name;
}

size_t
output_count(const char *buf, size_t len)
{
	const char	*p, *end;
	size_t		 n = 0;

	if (len == 0)
		return 0;
	for (p = buf, end = buf + len; p < end &&
	    (p = memchr(p, '\n', end - p)) != NULL; p++)
		n++;
	return n;
}

void
output_stats(const struct output *o, struct output_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->records = o->records;
	st->errors = o->errors;
	o->kind->stats(o->ctx, st);
	st->queued_bytes += o->len;
	st->queued += output_count(o->buf, o->len);
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
