/*
 * The daemon's configuration (config.h): reads detectd.conf and the
 * files it includes through the conf layer, gives the global settings,
 * inputs and listeners their meaning from a keyword table, hands output
 * blocks to the output layer and rule-file statements to the rule set.
 * It owns the struct config it builds; a reload builds a new one.
 */
#include <sys/socket.h>

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert/aggregate.h"
#include "alert/incident.h"
#include "analyzers/analyzer.h"
#include "collector/listen.h"
#include "conf/keyword.h"
#include "config.h"
#include "alert/importance.h"
#include "util/log.h"
#include "output/output.h"
#include "parsers/parser.h"
#include "pipeline.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "workers.h"

static int
config_str(char **dst, const struct ctok *t)
{
	free(*dst);
	if ((*dst = strdup(t->text)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

static int
ck_hostname(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	(void)errs;
	return config_str(&c->hostname, &n->args[0]);
}

/* allow-empty: a configuration without rules is meant, not a mistake. */
static int
ck_allow_empty(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	(void)n;
	(void)errs;
	c->allow_empty = 1;
	return 0;
}

static int
ck_state_dir(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	(void)errs;
	free(c->state_dir);
	return (c->state_dir = conf_path(&n->args[0])) == NULL ? -1 : 0;
}

static int
ck_size(size_t *dst, const struct cnode *n, size_t lo, size_t hi,
    struct cerrors *errs)
{
	const struct ctok	*t = &n->args[0];

	if (t->type != CT_NUMBER || (t->unit != CU_SIZE &&
	    t->unit != CU_NONE) || t->num < lo || t->num > hi) {
		cerrors_addtok(errs, t, "%s: expected a size from %zu to %zu "
		    "bytes (e.g. 64KB)", n->key.text, lo, hi);
		return -1;
	}
	*dst = (size_t)t->num;
	return 0;
}

/* A whole number from lo to hi (identity-max, max-connections). */
static int
config_count(const struct cnode *n, size_t *dst, size_t lo, size_t hi,
    struct cerrors *errs)
{
	const struct ctok	*t = &n->args[0];

	if (t->type != CT_NUMBER || t->unit != CU_NONE || t->num < lo ||
	    t->num > hi || t->num != (double)(size_t)t->num) {
		cerrors_addtok(errs, t, "%s: expected a whole number from %zu "
		    "to %zu, not '%s'", n->key.text, lo, hi, t->text);
		return -1;
	}
	*dst = (size_t)t->num;
	return 0;
}

static int
ck_max_line(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return ck_size(&c->max_line, n, 256, 64 * 1024 * 1024, errs);
}

static int
ck_evidence_max(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return ck_size(&c->evidence_max, n, 64, 1024 * 1024, errs);
}

static int
ck_poll(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;
	const struct ctok	*t = &n->args[0];

	(void)arg;
	if (t->type != CT_NUMBER || t->unit != CU_TIME || t->num < 10 ||
	    t->num > 60000) {
		cerrors_addtok(errs, t, "poll-interval: expected a time from "
		    "10ms to 60s (e.g. 250ms)");
		return -1;
	}
	c->poll_ms = (int64_t)t->num;
	return 0;
}

static int
ck_ruleset(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	(void)errs;
	return config_str(&c->rs->name, &n->args[0]);
}

/* Inputs -------------------------------------------------------------- */

#define IN_FILES	0x01
#define IN_LISTEN	0x02
#define IN_KAFKA	0x04

/* String options of input and listen blocks. */
static const struct input_str {
	const char	*name;
	size_t		 off;
	int		 path;	/* relative to the config file */
	int		 kinds;
} input_opts[] = {
	{ "path",	offsetof(struct input_conf, path),	1, IN_FILES },
	{ "format",	offsetof(struct input_conf, format),	0,
	    IN_FILES | IN_LISTEN | IN_KAFKA },
	{ "brokers",	offsetof(struct input_conf, brokers),	0, IN_KAFKA },
	{ "topic",	offsetof(struct input_conf, topic),	0, IN_KAFKA },
	{ "group",	offsetof(struct input_conf, group),	0, IN_KAFKA },
	{ "rotated",	offsetof(struct input_conf, rotated),	1, IN_FILES },
	{ "udp",	offsetof(struct input_conf, udp),	0, IN_LISTEN },
	{ "tcp",	offsetof(struct input_conf, tcp),	0, IN_LISTEN },
	{ NULL, 0, 0, 0 }
};

static int
input_time(const struct cnode *c, int64_t *dst, struct cerrors *errs)
{
	const struct ctok	*t = &c->args[0];

	if (t->type != CT_NUMBER || t->unit != CU_TIME || t->num < 0 ||
	    t->num > 86400000) {
		cerrors_addtok(errs, t, "%s: expected a time up to 1d "
		    "(e.g. 5s)", c->key.text);
		return -1;
	}
	*dst = (int64_t)t->num;
	return 0;
}

static int
in_rotate_wait(struct input_conf *in, const struct cnode *c,
    struct cerrors *errs)
{
	return input_time(c, &in->rotate_wait_ms, errs);
}

static int
in_partial_wait(struct input_conf *in, const struct cnode *c,
    struct cerrors *errs)
{
	return input_time(c, &in->partial_wait_ms, errs);
}

static int
in_catch_up_gzip(struct input_conf *in, const struct cnode *c,
    struct cerrors *errs)
{
	return conf_bool(&c->args[0], &in->catch_up_gzip, errs);
}

static int
in_follow_symlinks(struct input_conf *in, const struct cnode *c,
    struct cerrors *errs)
{
	return conf_bool(&c->args[0], &in->follow_symlinks, errs);
}

static int
in_start_at(struct input_conf *in, const struct cnode *c,
    struct cerrors *errs)
{
	const char	*v = c->args[0].text;

	if (strcmp(v, "end") == 0 || strcmp(v, "beginning") == 0) {
		in->start_at_end = strcmp(v, "end") == 0;
		return 0;
	}
	cerrors_addtok(errs, &c->args[0], "start-at: expected end or "
	    "beginning, found '%s'", v);
	return -1;
}

static int
in_max_conns(struct input_conf *in, const struct cnode *c,
    struct cerrors *errs)
{
	return config_count(c, &in->max_conns, 1, 16384, errs);
}

static int
in_max_per_peer(struct input_conf *in, const struct cnode *c,
    struct cerrors *errs)
{
	return config_count(c, &in->max_per_peer, 1, 16384, errs);
}

static int
in_idle_timeout(struct input_conf *in, const struct cnode *c,
    struct cerrors *errs)
{
	return conf_time_or_off(c, &in->idle_ms, errs);
}

/*
 * kafka-state dir PATH | topic NAME: where a member leaves the
 * per-endpoint state of a partition it gives up, and the next owner
 * finds it: a shared directory or a compacted topic, one or the other.
 */
static int
in_kafka_state(struct input_conf *in, const struct cnode *c,
    struct cerrors *errs)
{
	int	 dir = strcmp(c->args[0].text, "dir") == 0;

	if ((!dir && strcmp(c->args[0].text, "topic") != 0) ||
	    c->args[1].type != CT_STRING || c->args[1].text[0] == '\0') {
		cerrors_addtok(errs, &c->args[0], "kafka-state: expected "
		    "dir \"PATH\" or topic \"NAME\"");
		return -1;
	}
	free(in->state_dir);
	free(in->state_topic);
	in->state_dir = in->state_topic = NULL;
	if (dir)
		return (in->state_dir = conf_path(&c->args[1])) == NULL ?
		    -1 : 0;
	return (in->state_topic = strdup(c->args[1].text)) == NULL ? -1 : 0;
}

/* property KEY VALUE: handed to librdkafka as it is, in order. */
static int
in_property(struct input_conf *in, const struct cnode *c,
    struct cerrors *errs)
{
	char	**p;

	if (c->args[0].text[0] == '\0' || strchr(c->args[0].text, '=')) {
		cerrors_addtok(errs, &c->args[0], "property: expected a "
		    "librdkafka property name and its value");
		return -1;
	}
	if ((p = reallocarray(in->props, in->nprops + 1, sizeof(*p))) ==
	    NULL)
		return -1;
	in->props = p;
	if (asprintf(&p[in->nprops], "%s=%s", c->args[0].text,
	    c->args[1].text) == -1)
		return -1;
	in->nprops++;
	return 0;
}

/* type is read before the other options (input_block). */
static int
in_type(struct input_conf *in, const struct cnode *c, struct cerrors *errs)
{
	(void)in;
	(void)c;
	(void)errs;
	return 0;
}

static const struct input_kw {
	const char	*name;
	int		 kinds;
	int		(*fn)(struct input_conf *, const struct cnode *,
			    struct cerrors *);
} input_kws[] = {
	{ "catch-up-gzip",	IN_FILES,	in_catch_up_gzip },
	{ "follow-symlinks",	IN_FILES,	in_follow_symlinks },
	{ "idle-timeout",	IN_LISTEN,	in_idle_timeout },
	{ "kafka-state",	IN_KAFKA,	in_kafka_state },
	{ "max-connections",	IN_LISTEN,	in_max_conns },
	{ "max-connections-per-peer", IN_LISTEN, in_max_per_peer },
	{ "partial-wait",	IN_FILES,	in_partial_wait },
	{ "property",		IN_KAFKA,	in_property },
	{ "rotate-wait",	IN_FILES,	in_rotate_wait },
	{ "start-at",		IN_FILES,	in_start_at },
	{ "type",		IN_FILES | IN_KAFKA, in_type },
	{ NULL, 0, NULL }
};

static int
input_str(struct input_conf *in, const struct input_str *o,
    const struct cnode *c)
{
	char	**dst = (char **)((char *)in + o->off);

	free(*dst);
	/* "rotated none": no rotated names are looked at. */
	if (o->off == offsetof(struct input_conf, rotated) &&
	    c->args[0].type == CT_WORD && strcmp(c->args[0].text, "none") == 0)
		*dst = strdup("");
	else
		*dst = o->path ? conf_path(&c->args[0]) :
		    strdup(c->args[0].text);
	return *dst == NULL ? -1 : 0;
}

static int
input_option(struct input_conf *in, const struct cnode *n,
    const struct cnode *c, struct cerrors *errs)
{
	const struct input_str	*o;
	const struct input_kw	*k;
	size_t			 nargs;
	int			 kind;

	kind = in->kind == INPUT_FILES ? IN_FILES : in->kind == INPUT_KAFKA ?
	    IN_KAFKA : IN_LISTEN;
	for (o = input_opts; o->name != NULL; o++)
		if (strcmp(o->name, c->key.text) == 0 && (o->kinds & kind))
			break;
	for (k = input_kws; k->name != NULL; k++)
		if (strcmp(k->name, c->key.text) == 0 && (k->kinds & kind))
			break;
	if (o->name == NULL && k->name == NULL) {
		cerrors_addtok(errs, &c->key, "%s %s: unknown option '%s'",
		    n->key.text, n->args[0].text, c->key.text);
		return -1;
	}
	nargs = k->name != NULL && (k->fn == in_property ||
	    k->fn == in_kafka_state) ? 2 : 1;
	if (conf_want_args(c, nargs, nargs, errs) == -1)
		return -1;
	if (o->name != NULL)
		return input_str(in, o, c);
	return k->fn(in, c, errs);
}

static struct input_conf *
input_add(struct config *c, const struct cnode *n, struct cerrors *errs)
{
	struct input_conf	*in, *v;
	size_t			 i;

	for (i = 0; i < c->ninputs; i++)
		if (strcmp(c->inputs[i].name, n->args[0].text) == 0) {
			cerrors_addtok(errs, &n->args[0], "input %s is "
			    "defined twice", n->args[0].text);
			return NULL;
		}
	if ((v = reallocarray(c->inputs, c->ninputs + 1, sizeof(*v))) ==
	    NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	c->inputs = v;
	in = &v[c->ninputs++];
	memset(in, 0, sizeof(*in));
	in->line = n->key.line;
	in->start_at_end = 1;
	in->rotate_wait_ms = 5000;
	in->partial_wait_ms = 5000;
	in->idle_ms = LISTEN_IDLE_MS;
	in->max_conns = LISTEN_MAX_CONNS;
	in->max_per_peer = LISTEN_MAX_PER_PEER;
	if ((in->name = strdup(n->args[0].text)) == NULL ||
	    (in->file = strdup(n->key.file)) == NULL)
		return NULL;
	return in;
}

/* An input's type (files unless "type kafka"), before its options. */
static int
input_type(const struct cnode *n, enum input_kind *kind,
    struct cerrors *errs)
{
	const struct cnode	*ch;

	for (ch = n->children; ch != NULL; ch = ch->next) {
		if (strcmp(ch->key.text, "type") != 0 || ch->nargs < 1)
			continue;
		if (strcmp(ch->args[0].text, "kafka") == 0)
			*kind = INPUT_KAFKA;
		else if (strcmp(ch->args[0].text, "file") != 0) {
			cerrors_addtok(errs, &ch->args[0], "input %s: type: "
			    "expected file or kafka, found '%s'",
			    n->args[0].text, ch->args[0].text);
			return -1;
		}
	}
	return 0;
}

/* What a kind of input cannot do without, as "path and ", or NULL. */
static const char *
input_missing(const struct input_conf *in)
{
	if (in->kind == INPUT_FILES && in->path == NULL)
		return "path and ";
	if (in->kind == INPUT_KAFKA && (in->brokers == NULL ||
	    in->topic == NULL || in->group == NULL))
		return "brokers, topic, group and ";
	return in->format == NULL ? "" : NULL;
}

static int
input_block(struct config *c, const struct cnode *n, enum input_kind kind,
    struct cerrors *errs)
{
	struct input_conf	*in;
	const struct cnode	*ch;
	const char		*missing;
	int			 rc = 0;

	if ((in = input_add(c, n, errs)) == NULL)
		return -1;
	if (kind == INPUT_FILES && input_type(n, &kind, errs) == -1)
		return -1;
	in->kind = kind;
	for (ch = n->children; ch != NULL; ch = ch->next)
		if (input_option(in, n, ch, errs) == -1)
			rc = -1;
	if (rc == -1)
		return -1;
	if ((missing = input_missing(in)) != NULL) {
		cerrors_addtok(errs, &n->key, "%s %s: needs %sformat",
		    n->key.text, in->name, missing);
		return -1;
	}
	if (parser_lookup(in->format) == NULL) {
		cerrors_addtok(errs, &n->key, "%s %s: unknown format '%s'",
		    n->key.text, in->name, in->format);
		return -1;
	}
	return 0;
}

static int
ck_input(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return input_block(c, n, INPUT_FILES, errs);
}

static int
listen_check_addr(const struct cnode *n, const char *key, const char *addr,
    int socktype, struct cerrors *errs)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;

	if (addr == NULL || listen_addr(addr, socktype, &ss, &len) == 0)
		return 0;
	cerrors_addtok(errs, &n->key, "listen %s: %s '%s': expected a "
	    "numeric address and port (127.0.0.1:514, [::1]:514)",
	    n->args[0].text, key, addr);
	return -1;
}

static int
ck_listen(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;
	struct input_conf	*in;

	(void)arg;
	if (input_block(c, n, INPUT_LISTEN, errs) == -1)
		return -1;
	in = &c->inputs[c->ninputs - 1];
	if (in->udp == NULL && in->tcp == NULL) {
		cerrors_addtok(errs, &n->key, "listen %s: needs udp or tcp",
		    in->name);
		return -1;
	}
	if (listen_check_addr(n, "udp", in->udp, SOCK_DGRAM, errs) == -1 ||
	    listen_check_addr(n, "tcp", in->tcp, SOCK_STREAM, errs) == -1)
		return -1;
	if (in->max_per_peer > in->max_conns) {
		cerrors_addtok(errs, &n->key, "listen %s: "
		    "max-connections-per-peer %zu is over max-connections %zu",
		    in->name, in->max_per_peer, in->max_conns);
		return -1;
	}
	return 0;
}

static int
ck_collector_time(const struct cnode *n, int64_t *dst, int64_t lo,
    int64_t hi, struct cerrors *errs)
{
	const struct ctok	*t = &n->args[0];

	if (t->type != CT_NUMBER || t->unit != CU_TIME || t->num < lo ||
	    t->num > hi) {
		cerrors_addtok(errs, t, "%s: expected a time from %lldms to "
		    "%llds", n->key.text, (long long)lo, (long long)hi / 1000);
		return -1;
	}
	*dst = (int64_t)t->num;
	return 0;
}

static int
ck_rescan(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return ck_collector_time(n, &c->rescan_ms, 100, 3600000, errs);
}

static int
ck_state_interval(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return ck_collector_time(n, &c->state_interval_ms, 100, 3600000, errs);
}

static int
ck_inotify(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;
	int	 on;

	(void)arg;
	if (conf_bool(&n->args[0], &on, errs) == -1)
		return -1;
	c->no_inotify = !on;
	return 0;
}

/* Outputs ------------------------------------------------------------- */

/* The block is the output layer's to read: each kind owns its options. */
static int
ck_output(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config		*c = obj;
	struct output_conf	*oc, **v;
	size_t			 i;

	(void)arg;
	for (i = 0; i < c->noutputs; i++)
		if (strcmp(output_conf_name(c->outputs[i]),
		    n->args[0].text) == 0) {
			cerrors_addtok(errs, &n->args[0], "output %s is "
			    "defined twice", n->args[0].text);
			return -1;
		}
	if ((oc = output_conf_parse(n, errs)) == NULL)
		return -1;
	if ((v = reallocarray(c->outputs, c->noutputs + 1, sizeof(*v))) ==
	    NULL) {
		log_warn("%s", __func__);
		output_conf_free(oc);
		return -1;
	}
	c->outputs = v;
	v[c->noutputs++] = oc;
	return 0;
}

/* Alert hygiene -------------------------------------------------------- */

/* aggregate-flush TIME|off: live, close windows by the wall clock too. */
static int
ck_aggregate_flush(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	if (conf_time_or_off(n, &c->aggregate_flush_ms, errs) == -1)
		return -1;
	if (c->aggregate_flush_ms == 0)
		c->aggregate_flush_ms = -1;
	return 0;
}

static int
ck_aggregate_window(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return conf_time_or_off(n, &c->aggregate_ms, errs);
}

/* incident-window TIME: how far apart alerts of one incident may be. */
static int
ck_incident_window(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return ck_collector_time(n, &c->incident_ms, 60000, 30LL * 86400000,
	    errs);
}

/* replay-max-errors N%: the share of parse errors a replayed file may have. */
static int
ck_replay_max_errors(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct config	*c = obj;
	const char	*t = n->args[0].text;
	char		*end;
	long		 v;

	(void)arg;
	v = strtol(t, &end, 10);
	if (end == t || strcmp(end, "%") != 0 || v < 0 || v > 100) {
		cerrors_addtok(errs, &n->args[0], "replay-max-errors takes a "
		    "share from 0%% to 100%%, not '%s'", t);
		return -1;
	}
	c->replay_max_errors = (int)v;
	return 0;
}

/* identity-max N: addresses (and hosts) the identity table keeps. */
static int
ck_identity_max(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return config_count(n, &c->identity_max, 1000, 100000000, errs);
}

/*
 * workers auto|N: threads that run the match analyzer (workers.h); 1,
 * the default, starts none.
 */
static int
ck_workers(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	if (n->args[0].type == CT_WORD &&
	    strcmp(n->args[0].text, "auto") == 0) {
		c->workers = workers_auto();
		return 0;
	}
	if (n->args[0].type != CT_NUMBER) {
		cerrors_addtok(errs, &n->args[0], "workers: expected auto or "
		    "a whole number from 1 to %d, not '%s'", WORKERS_MAX,
		    n->args[0].text);
		return -1;
	}
	return config_count(n, &c->workers, 1, WORKERS_MAX, errs);
}

/* A word of words[] into *dst (its index), or an error naming them. */
static int
config_word(const struct cnode *n, const char *const *words, size_t nw,
    int *dst, struct cerrors *errs)
{
	const struct ctok	*t = &n->args[0];
	size_t			 i;

	for (i = 0; t->type == CT_WORD && i < nw; i++)
		if (strcmp(t->text, words[i]) == 0) {
			*dst = (int)i;
			return 0;
		}
	if (nw > 2)
		cerrors_addtok(errs, t, "%s: expected %s, %s or %s, found "
		    "'%s'", n->key.text, words[0], words[1], words[2],
		    t->text);
	else
		cerrors_addtok(errs, t, "%s: expected %s or %s, found '%s'",
		    n->key.text, words[0], words[1], t->text);
	return -1;
}

/* tier first|findings (CONFIG_TIER_*). */
static int
ck_tier(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	static const char *const words[] = { "first", "findings" };
	struct config	*c = obj;

	(void)arg;
	return config_word(n, words, 2, &c->tier, errs);
}

/* cross-endpoint auto|local|skip (CONFIG_CROSS_*). */
static int
ck_cross(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	static const char *const words[] = { "auto", "local", "skip" };
	struct config	*c = obj;

	(void)arg;
	return config_word(n, words, 3, &c->cross, errs);
}

/* Daemon -------------------------------------------------------------- */

/* user NAME, group NAME: only checked for form here; detectd.c looks them up. */
static int
ck_account(char **dst, const struct cnode *n, struct cerrors *errs)
{
	const struct ctok	*t = &n->args[0];

	if (t->text == NULL || t->text[0] == '\0' ||
	    strchr(t->text, ':') != NULL) {
		cerrors_addtok(errs, t, "%s: expected a name", n->key.text);
		return -1;
	}
	return config_str(dst, t);
}

static int
ck_user(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return ck_account(&c->user, n, errs);
}

static int
ck_group(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return ck_account(&c->group, n, errs);
}

static int
ck_stats_interval(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct config	*c = obj;
	const struct ctok	*t = &n->args[0];

	(void)arg;
	if (t->type == CT_WORD && strcmp(t->text, "off") == 0) {
		c->stats_interval_ms = 0;
		return 0;
	}
	return ck_collector_time(n, &c->stats_interval_ms, 1000, 86400000,
	    errs);
}

/*
 * critical-servers { 10.1.0.0/24 10.1.0.5; file "servers.txt" } and the
 * same for vip-users: entries written out, and list files.
 */
static int
ck_assets(struct config *c, const struct cnode *n, enum importance_asset k,
    struct cerrors *errs)
{
	const struct cnode	*e;
	const char		*why;
	char			*path;
	size_t			 i;
	int			 rc = 0;

	for (e = n->children; e != NULL; e = e->next) {
		if (strcmp(e->key.text, "file") == 0 && e->nargs == 1 &&
		    e->args[0].type == CT_STRING) {
			if ((path = conf_path(&e->args[0])) == NULL ||
			    importance_load(c->importance, k, path, errs) == -1)
				rc = -1;
			free(path);
			continue;
		}
		if (importance_add(c->importance, k, e->key.text, &why) == -1) {
			cerrors_addtok(errs, &e->key, "%s: '%s': %s",
			    n->key.text, e->key.text, why);
			rc = -1;
		}
		for (i = 0; i < e->nargs; i++)
			if (importance_add(c->importance, k, e->args[i].text,
			    &why) == -1) {
				cerrors_addtok(errs, &e->args[i], "%s: '%s': "
				    "%s", n->key.text, e->args[i].text, why);
				rc = -1;
			}
	}
	return rc;
}

static int
ck_critical_servers(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return ck_assets(c, n, IMP_SERVER, errs);
}

static int
ck_vip_users(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct config	*c = obj;

	(void)arg;
	return ck_assets(c, n, IMP_USER, errs);
}

static const struct keyword config_kws[] = {
	{ "aggregate-flush",	1, 1, 0, ck_aggregate_flush, 0 },
	{ "aggregate-window",	1, 1, 0, ck_aggregate_window, 0 },
	{ "allow-empty",	0, 0, 0, ck_allow_empty, 0 },
	{ "critical-servers",	0, 0, KW_BLOCK, ck_critical_servers, 0 },
	{ "cross-endpoint",	1, 1, 0, ck_cross, 0 },
	{ "evidence-max",	1, 1, 0, ck_evidence_max, 0 },
	{ "group",		1, 1, 0, ck_group, 0 },
	{ "hostname",		1, 1, 0, ck_hostname, 0 },
	{ "identity-max",	1, 1, 0, ck_identity_max, 0 },
	{ "incident-window",	1, 1, 0, ck_incident_window, 0 },
	{ "inotify",		1, 1, 0, ck_inotify, 0 },
	{ "input",		1, 1, KW_BLOCK, ck_input, 0 },
	{ "listen",		1, 1, KW_BLOCK, ck_listen, 0 },
	{ "max-line",		1, 1, 0, ck_max_line, 0 },
	{ "output",		1, 1, KW_BLOCK, ck_output, 0 },
	{ "replay-max-errors",	1, 1, 0, ck_replay_max_errors, 0 },
	{ "poll-interval",	1, 1, 0, ck_poll, 0 },
	{ "rescan-interval",	1, 1, 0, ck_rescan, 0 },
	{ "ruleset",		1, 1, 0, ck_ruleset, 0 },
	{ "state-dir",		1, 1, 0, ck_state_dir, 0 },
	{ "state-interval",	1, 1, 0, ck_state_interval, 0 },
	{ "stats-interval",	1, 1, 0, ck_stats_interval, 0 },
	{ "tier",		1, 1, 0, ck_tier, 0 },
	{ "user",		1, 1, 0, ck_user, 0 },
	{ "vip-users",		0, 0, KW_BLOCK, ck_vip_users, 0 },
	{ "workers",		1, 1, 0, ck_workers, 0 },
};

static int
config_statement(struct config *c, const struct cnode *n,
    struct cerrors *errs)
{
	int	 rc;

	rc = keyword_run(config_kws, KW_NROWS(config_kws), n, c, NULL, NULL,
	    errs);
	if (rc != KW_UNKNOWN)
		return rc;
	/* The statements of the rule files are detectd.conf's too. */
	return ruleset_statement(c->rs, n, errs);
}

static int
config_defaults(struct config *c, const char *path)
{
	const struct rule_analyzer *const *an;
	char	 host[HOST_NAME_MAX + 1];
	size_t	 nan;

	an = analyzer_rule_table(&nan);
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	c->max_line = CONFIG_MAX_LINE;
	c->evidence_max = 2048;
	c->workers = 1;
	c->poll_ms = 250;
	c->aggregate_flush_ms = AGGREGATE_FLUSH;
	c->aggregate_ms = AGGREGATE_WINDOW;
	c->incident_ms = INCIDENT_WINDOW;
	c->stats_interval_ms = CONFIG_STATS_INTERVAL;
	c->replay_max_errors = CONFIG_REPLAY_MAX_ERRORS;
	if ((c->path = strdup(path)) == NULL ||
	    (c->importance = importance_new()) == NULL ||
	    (c->hostname = strdup(host)) == NULL ||
	    (c->state_dir = strdup(LOCALSTATEDIR "/lib/detectd")) == NULL ||
	    (c->rs = ruleset_new("default", an, nan)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

/*
 * A configuration whose includes matched nothing loads no rule and would
 * watch every log and never alert: an error unless it says allow-empty.
 */
static void
config_check_rules(const struct config *c, struct cerrors *errs)
{
	size_t	 i, on = 0;

	if (c->allow_empty)
		return;
	for (i = 0; i < c->rs->nrules; i++)
		on += c->rs->rules[i]->enabled != 0;
	if (c->rs->nrules == 0)
		cerrors_add(errs, c->path, 0, 0, "no rules loaded: no rule "
		    "in this file or in a file it includes (an include "
		    "glob that matches nothing includes nothing); say "
		    "allow-empty to run without rules");
	else if (on == 0)
		cerrors_add(errs, c->path, 0, 0, "all %zu rules are "
		    "disabled; say allow-empty to run without rules",
		    c->rs->nrules);
}

/*
 * The findings tier reads finding records and nothing else; a first
 * tier has no use for them.
 */
static void
config_check_tier(const struct config *c, struct cerrors *errs)
{
	size_t	 i;
	int	 findings;

	for (i = 0; i < c->ninputs; i++) {
		findings = c->inputs[i].format != NULL &&
		    strcmp(c->inputs[i].format, "findings") == 0;
		if (findings != (c->tier == CONFIG_TIER_FINDINGS))
			cerrors_add(errs, c->path, 0, 0, "input %s: %s",
			    c->inputs[i].name, findings ? "format findings "
			    "needs tier findings" : "tier findings reads only "
			    "format findings");
	}
}

struct config *
config_load(const char *path, struct cerrors *errs)
{
	struct config		*c;
	struct cnode		*root, *n;
	size_t			 nerr = errs->n;
	int			 pass;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	if (config_defaults(c, path) == -1)
		goto fail;
	/* NULL without an error is a file without statements. */
	if ((root = conf_parse_file(path, errs)) == NULL && errs->n != nerr)
		goto fail;
	if (root == NULL)
		log_warnx("%s: contains no statements", path);
	/* Lists first, so that a rule may name a list defined after it. */
	for (pass = 0; pass < 2; pass++)
		for (n = root; n != NULL; n = n->next)
			if ((strcmp(n->key.text, "list") == 0) == (pass == 0))
				(void)config_statement(c, n, errs);
	conf_free(root);
	if (errs->n == nerr)
		(void)ruleset_finish(c->rs, errs);
	if (errs->n == nerr)
		config_check_rules(c, errs);
	config_check_tier(c, errs);
	if (errs->n != nerr)
		goto fail;
	return c;
fail:
	config_free(c);
	return NULL;
}

int
config_replay_verdict(const struct config *c, const struct source_stats *st,
    const char *label, const char *format)
{
	uint64_t	 tried = st->events + st->parse_errors;

	if (st->events == 0) {
		log_warnx("%s: no events in %llu lines read as %s", label,
		    (unsigned long long)st->lines, format);
		return -1;
	}
	if (st->parse_errors * 100 > (uint64_t)c->replay_max_errors * tried) {
		log_warnx("%s: %llu of %llu records did not parse as %s, more "
		    "than replay-max-errors %d%%", label,
		    (unsigned long long)st->parse_errors,
		    (unsigned long long)tried, format, c->replay_max_errors);
		return -1;
	}
	return 0;
}

void
config_free(struct config *c)
{
	size_t	 i, j;

	if (c == NULL)
		return;
	for (i = 0; i < c->ninputs; i++) {
		free(c->inputs[i].name);
		free(c->inputs[i].path);
		free(c->inputs[i].format);
		free(c->inputs[i].file);
		free(c->inputs[i].rotated);
		free(c->inputs[i].udp);
		free(c->inputs[i].tcp);
		free(c->inputs[i].brokers);
		free(c->inputs[i].topic);
		free(c->inputs[i].group);
		free(c->inputs[i].state_dir);
		free(c->inputs[i].state_topic);
		for (j = 0; j < c->inputs[i].nprops; j++)
			free(c->inputs[i].props[j]);
		free(c->inputs[i].props);
	}
	for (i = 0; i < c->noutputs; i++)
		output_conf_free(c->outputs[i]);
	importance_free(c->importance);
	free(c->inputs);
	free(c->outputs);
	ruleset_free(c->rs);
	free(c->path);
	free(c->hostname);
	free(c->state_dir);
	free(c->user);
	free(c->group);
	free(c);
}
