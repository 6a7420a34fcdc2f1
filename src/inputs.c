/*
 * The daemon's inputs: each configured input followed live (or listened
 * to) and fed to the pipeline; offsets committed after the outputs wrote
 * the alerts, and kept in the state file.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "collector/kafka.h"
#include "collector/kstate.h"
#include "collector/listen.h"
#include "collector/state.h"
#include "collector/tail.h"
#include "collector/watch.h"
#include "config.h"
#include "detectd.h"
#include "inputs.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "parsers/parser.h"
#include "pipeline.h"

#define INPUTS_STATE_FILE	"collector.state"
#define INPUTS_RESCAN_MS	10000
#define INPUTS_SAVE_MS		5000

/* One open file of an input: its own parser state and counts. */
struct infile {
	struct source	*src;
	struct input	*in;
	struct infile	*next;
};

struct inputs_x {
	struct listener	*ls;
	struct kafka_in	*kafka;
	struct kstate	*kstate;	/* kafka-state topic */
	struct infile	*files;
	char		*rotated;
};

/* What the daemon keeps for its inputs; env->inputs points at in[]. */
struct inputs {
	struct detectd	*env;
	struct watch	*watch;
	char		*state_path;
	struct event	*save_ev;
	int		 paused;
	int		 dirty;
	int		 save_refused;	/* the path is not a file: said once */
	int		 flushed;	/* the last inputs_flush wrote all */
	int64_t		 dirty_ms;	/* monotonic: offsets moved since */
	struct inputs_state_stats sst;
	struct inputs_x	*x;
	/* The settings the inputs were opened with: a reload keeps them. */
	struct input_conf *opened;
	size_t		 nopened;
	struct input	 in[];
};

static struct inputs *
inputs_ctx(struct detectd *env)
{
	if (env->inputs == NULL)
		return NULL;
	return (struct inputs *)(void *)((char *)env->inputs -
	    offsetof(struct inputs, in));
}

/* Offsets or files changed: the state file is to be written. */
static void
inputs_dirty(struct inputs *ix)
{
	if (!ix->dirty)
		ix->dirty_ms = time_now_ms(CLOCK_MONOTONIC);
	ix->dirty = 1;
}

/* Callbacks of the tails and listeners ---------------------------------- */

static void *
input_file_open(void *arg, const char *path, int64_t mtime_ms)
{
	struct input	*in = arg;
	struct inputs	*ix = inputs_ctx(in->env);
	struct infile	*f;

	(void)path;
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	f->src = source_new(in->src->name, in->src->parser->name, mtime_ms);
	if (f->src == NULL) {
		free(f);
		return NULL;
	}
	f->in = in;
	f->next = ix->x[in - ix->in].files;
	ix->x[in - ix->in].files = f;
	inputs_dirty(ix);
	return f;
}

static void
input_stats_add(struct source_stats *a, const struct source_stats *b)
{
	a->lines += b->lines;
	a->bytes += b->bytes;
	a->events += b->events;
	a->skipped += b->skipped;
	a->parse_errors += b->parse_errors;
	a->truncated += b->truncated;
	a->split += b->split;
}

static void
input_file_close(void *arg, void *fctx)
{
	struct input	*in = arg;
	struct inputs	*ix = inputs_ctx(in->env);
	struct infile	*f = fctx, **pp;

	for (pp = &ix->x[in - ix->in].files; *pp != NULL; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	/* The input's own source keeps the counts of closed files. */
	input_stats_add(&in->src->st, &f->src->st);
	/* Events parsed ahead may point into the parser state (parser.h). */
	pipeline_sync(in->env->pl);
	source_free(f->src);
	free(f);
	inputs_dirty(ix);
}

static void
input_file_restart(void *arg, void *fctx, int64_t mtime_ms)
{
	struct input	*in = arg;
	struct infile	*f = fctx;

	pipeline_sync(in->env->pl);
	(void)source_restart(f->src, mtime_ms);
}

static void
input_line(void *arg, void *fctx, const char *path, const struct rline *l)
{
	struct input	*in = arg;
	struct infile	*f = fctx;

	pipeline_line(in->env->pl, f->src, path, l);
}

static int
input_pressure(void *arg)
{
	struct input	*in = arg;

	return inputs_flush(in->env);
}

static void
input_listen_line(void *arg, const char *from, const struct rline *l)
{
	struct input	*in = arg;

	pipeline_line(in->env->pl, in->src, from, l);
}

/*
 * A Kafka record's line: its file is the topic and partition, its
 * offset the record's, so that an alert's evidence names the record.
 */
static void
input_kafka_line(void *arg, const struct kafka_rec *r, const struct rline *l)
{
	struct input	*in = arg;
	char		 from[300];

	snprintf(from, sizeof(from), "kafka:%s/%d", r->topic,
	    (int)r->partition);
	in->src->shard = (uint32_t)r->partition + 1;
	pipeline_line(in->env->pl, in->src, from, l);
}

/* Save (give) or load (take) the hand-over of the partitions. */
static void
input_kafka_hand(struct input *in, const int32_t *parts, size_t n, int give)
{
	struct inputs		*ix = inputs_ctx(in->env);
	struct kstate		*ks = ix->x[in - ix->in].kstate;
	const struct input_conf	*ic;

	ic = &in->env->conf->inputs[in - in->env->inputs];
	if (ks != NULL)
		(void)pipeline_hand_topic(in->env->pl, ks, ic->topic, parts,
		    n, give);
	else if (ic->state_dir != NULL)
		(void)pipeline_hand(in->env->pl, ic->state_dir, ic->topic,
		    parts, n, give);
}

/* Partitions go: their records' alerts are out, or they are not. */
static int
input_kafka_revoked(void *arg, const int32_t *parts, size_t n)
{
	struct input	*in = arg;

	(void)parts;
	(void)n;
	pipeline_sync(in->env->pl);
	return pipeline_flush(in->env->pl);
}

/* Gone, their alerts out and offsets committed: their state follows. */
static void
input_kafka_handed(void *arg, const int32_t *parts, size_t n)
{
	input_kafka_hand(arg, parts, n, 1);
}

/* Before its records: the state the last owner left, if any. */
static void
input_kafka_assigned(void *arg, const int32_t *parts, size_t n)
{
	input_kafka_hand(arg, parts, n, 0);
}

/* Opening --------------------------------------------------------------- */

static int
input_open_kafka(struct inputs *ix, size_t i, const struct input_conf *ic)
{
	struct kafka_conf	 kc;
	struct kafka_cbs	 cbs = { input_kafka_line, input_pressure,
	    input_kafka_revoked, input_kafka_assigned, input_kafka_handed,
	    &ix->in[i] };

	memset(&kc, 0, sizeof(kc));
	kc.name = ic->name;
	kc.brokers = ic->brokers;
	kc.topic = ic->topic;
	kc.group = ic->group;
	kc.max_line = ix->env->conf->max_line;
	kc.props = ic->props;
	kc.nprops = ic->nprops;
	if (ic->state_topic != NULL) {
		struct kstate_conf	 sc;

		memset(&sc, 0, sizeof(sc));
		sc.name = ic->name;
		sc.brokers = ic->brokers;
		sc.topic = ic->state_topic;
		sc.props = ic->props;
		sc.nprops = ic->nprops;
		if ((ix->x[i].kstate = kstate_new(&sc)) == NULL)
			return -1;
	}
	ix->x[i].kafka = kafka_in_new(ix->env->base, &kc, &cbs);
	return ix->x[i].kafka == NULL ? -1 : 0;
}

static int
input_open_files(struct inputs *ix, size_t i, const struct input_conf *ic,
    const struct state *st)
{
	const struct config	*c = ix->env->conf;
	struct input		*in = &ix->in[i];
	struct tail_conf	 tc;
	struct tail_cbs		 cbs = { input_file_open, input_file_close,
	    input_file_restart, input_line, input_pressure, in };

	/* Rotated names are the path's with a suffix unless told. */
	if (ic->rotated == NULL) {
		if (asprintf(&ix->x[i].rotated, "%s.*", ic->path) == -1)
			return -1;
	} else if (ic->rotated[0] != '\0' &&
	    (ix->x[i].rotated = strdup(ic->rotated)) == NULL)
		return -1;
	memset(&tc, 0, sizeof(tc));
	tc.name = ic->name;
	tc.path = ic->path;
	tc.rotated = ix->x[i].rotated;
	tc.max_line = c->max_line;
	tc.start_at_end = ic->start_at_end;
	tc.catch_up_gzip = ic->catch_up_gzip;
	tc.follow_symlinks = ic->follow_symlinks;
	tc.rotate_wait_ms = ic->rotate_wait_ms;
	tc.partial_wait_ms = ic->partial_wait_ms;
	tc.poll_ms = c->poll_ms;
	tc.rescan_ms = c->rescan_ms > 0 ? c->rescan_ms : INPUTS_RESCAN_MS;
	in->tail = tail_new(ix->env->base, ix->watch, &tc, &cbs, st);
	return in->tail == NULL ? -1 : 0;
}

static int
input_open_listen(struct inputs *ix, size_t i, const struct input_conf *ic)
{
	struct listen_conf	 lc;

	memset(&lc, 0, sizeof(lc));
	lc.name = ic->name;
	lc.udp = ic->udp;
	lc.tcp = ic->tcp;
	lc.max_line = ix->env->conf->max_line;
	lc.idle_ms = ic->idle_ms;
	lc.max_conns = ic->max_conns;
	lc.max_per_peer = ic->max_per_peer;
	ix->x[i].ls = listen_new(ix->env->base, &lc, input_listen_line,
	    input_pressure, &ix->in[i]);
	if (ix->x[i].ls == NULL)
		return -1;
	log_info("listen %s:%s%s%s%s", ic->name, ic->udp ? " udp " : "",
	    ic->udp ? ic->udp : "", ic->tcp ? " tcp " : "",
	    ic->tcp ? ic->tcp : "");
	return 0;
}

static void
inputs_save_cb(evutil_socket_t fd, short what, void *arg)
{
	struct detectd	*env = arg;
	struct inputs	*ix = inputs_ctx(env);

	(void)fd;
	(void)what;
	if (ix->dirty)
		(void)inputs_save(env);
}

/*
 * The state file, NULL when it cannot be used (not a regular file, not
 * readable): detectd does not start rather than lose track of offsets.
 * A damaged one is kept aside, and the inputs read the files it does
 * not name from their start: lines may come twice, none is skipped.
 */
static struct state *
inputs_state_load(struct inputs *ix)
{
	const char	*dir = ix->env->conf->state_dir;
	struct state	*st;
	char		 aside[PATH_MAX];

	if (mkdir(dir, 0750) == -1 && errno != EEXIST)
		log_warn("state-dir %s", dir);
	if (asprintf(&ix->state_path, "%s/%s", dir, INPUTS_STATE_FILE) ==
	    -1) {
		ix->state_path = NULL;
		return NULL;
	}
	if ((st = state_load(ix->state_path)) == NULL ||
	    st->damage[0] == '\0')
		return st;
	if (state_set_aside(ix->state_path, aside, sizeof(aside)) == 0)
		log_warnx("state file %s is damaged (%s): kept as %s; files "
		    "it does not name are read from their start",
		    ix->state_path, st->damage, aside);
	else
		log_warnx("state file %s is damaged (%s): files it does not "
		    "name are read from their start", ix->state_path,
		    st->damage);
	return st;
}

static int
inputs_setup(struct inputs *ix)
{
	const struct config	*c = ix->env->conf;
	struct state		*st;
	size_t			 i;
	int			 rc = 0;

	if ((st = inputs_state_load(ix)) == NULL) {
		log_warnx("cannot use the state file in %s: not started",
		    c->state_dir);
		return -1;
	}
	if (!c->no_inotify)
		ix->watch = watch_new(ix->env->base);
	for (i = 0; i < c->ninputs && rc == 0; i++) {
		ix->in[i].env = ix->env;
		ix->in[i].src = source_new(c->inputs[i].name,
		    c->inputs[i].format, 0);
		if (ix->in[i].src == NULL) {
			rc = -1;
			break;
		}
		ix->env->ninputs++;
		if (c->inputs[i].kind == INPUT_LISTEN)
			rc = input_open_listen(ix, i, &c->inputs[i]);
		else if (c->inputs[i].kind == INPUT_KAFKA)
			rc = input_open_kafka(ix, i, &c->inputs[i]);
		else
			rc = input_open_files(ix, i, &c->inputs[i], st);
	}
	state_free(st);
	return rc;
}

static char *
inputs_strdup(const char *s)
{
	char	*d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		fatal("%s", __func__);
	return d;
}

static void
inputs_kept_free(struct inputs *ix)
{
	struct input_conf	*k;
	size_t			 i;

	for (i = 0; i < ix->nopened; i++) {
		k = &ix->opened[i];
		free(k->name);
		free(k->path);
		free(k->format);
		free(k->file);
		free(k->rotated);
		free(k->udp);
		free(k->tcp);
		free(k->brokers);
		free(k->topic);
		free(k->group);
		free(k->state_topic);
	}
	free(ix->opened);
}

/* A copy of the inputs' settings, to tell what a reload changes. */
static void
inputs_keep(struct inputs *ix, const struct config *c)
{
	struct input_conf	*k;
	size_t			 i;

	if ((ix->opened = calloc(c->ninputs, sizeof(*ix->opened))) == NULL)
		fatal("%s", __func__);
	for (i = 0; i < c->ninputs; i++) {
		k = &ix->opened[i];
		*k = c->inputs[i];
		k->name = inputs_strdup(k->name);
		k->path = inputs_strdup(k->path);
		k->format = inputs_strdup(k->format);
		k->file = inputs_strdup(k->file);
		k->rotated = inputs_strdup(k->rotated);
		k->udp = inputs_strdup(k->udp);
		k->tcp = inputs_strdup(k->tcp);
		k->brokers = inputs_strdup(k->brokers);
		k->topic = inputs_strdup(k->topic);
		k->group = inputs_strdup(k->group);
		k->state_topic = inputs_strdup(k->state_topic);
		/* Taken from the configuration in effect at each hand-over. */
		k->state_dir = NULL;
		/* Compared by count only: a restart applies new ones. */
		k->props = NULL;
	}
	ix->nopened = c->ninputs;
}

int
inputs_open(struct detectd *env)
{
	const struct config	*c = env->conf;
	struct inputs		*ix;
	struct timeval		 tv;
	int64_t			 ms;

	if (c->ninputs == 0) {
		log_warnx("%s: no input configured", c->path);
		return -1;
	}
	ix = calloc(1, sizeof(*ix) + c->ninputs * sizeof(struct input));
	if (ix == NULL || (ix->x = calloc(c->ninputs, sizeof(*ix->x))) ==
	    NULL)
		fatal("%s", __func__);
	ix->env = env;
	env->inputs = ix->in;
	env->ninputs = 0;
	inputs_keep(ix, c);
	if (inputs_setup(ix) == -1)
		return -1;
	/* Saved at once: the first start's offsets are known from now. */
	(void)inputs_save(env);
	ms = c->state_interval_ms > 0 ? c->state_interval_ms : INPUTS_SAVE_MS;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	ix->save_ev = event_new(env->base, -1, EV_PERSIST, inputs_save_cb, env);
	if (ix->save_ev == NULL || event_add(ix->save_ev, &tv) == -1)
		fatalx("cannot set up the state timer");
	return 0;
}

void
inputs_close(struct detectd *env)
{
	struct inputs	*ix = inputs_ctx(env);
	size_t		 i;

	if (ix == NULL)
		return;
	for (i = 0; i < env->ninputs; i++) {
		tail_free(env->inputs[i].tail);
		listen_free(ix->x[i].ls);
		/* A clean stop commits what was read: nothing comes twice. */
		kafka_in_close(ix->x[i].kafka, ix->flushed);
		kafka_in_free(ix->x[i].kafka);
		kstate_free(ix->x[i].kstate);
		free(ix->x[i].rotated);
		source_free(env->inputs[i].src);
	}
	if (ix->save_ev != NULL)
		event_free(ix->save_ev);
	watch_free(ix->watch);
	free(ix->state_path);
	free(ix->x);
	inputs_kept_free(ix);
	free(ix);
	env->inputs = NULL;
	env->ninputs = 0;
}

/* Commit, pause, save --------------------------------------------------- */

static void
inputs_pause(struct inputs *ix, int pause)
{
	size_t	 i;

	ix->paused = pause;
	for (i = 0; i < ix->env->ninputs; i++) {
		if (ix->in[i].tail != NULL)
			(pause ? tail_pause : tail_resume)(ix->in[i].tail);
		if (ix->x[i].ls != NULL)
			(pause ? listen_pause : listen_resume)(ix->x[i].ls);
		if (ix->x[i].kafka != NULL)
			(pause ? kafka_in_pause : kafka_in_resume)(ix->x[i].kafka);
	}
}

int
inputs_flush(struct detectd *env)
{
	struct inputs	*ix = inputs_ctx(env);
	size_t		 i;

	if (ix != NULL)
		ix->flushed = 0;
	if (pipeline_flush(env->pl) == -1) {
		if (ix != NULL && !ix->paused) {
			log_warnx("outputs cannot write: inputs paused until "
			    "they can");
			inputs_pause(ix, 1);
		}
		return -1;
	}
	if (ix == NULL)
		return 0;
	/* Lines are processed as they are read: all of them are out. */
	for (i = 0; i < env->ninputs; i++)
		if (ix->in[i].tail != NULL && tail_commit(ix->in[i].tail))
			inputs_dirty(ix);
	for (i = 0; i < env->ninputs; i++)
		if (ix->x[i].kafka != NULL)
			(void)kafka_in_commit(ix->x[i].kafka, 0);
	ix->flushed = 1;
	if (ix->paused) {
		log_info("outputs write again: inputs resumed");
		inputs_pause(ix, 0);
	}
	return 0;
}

/* Count a save; the longest a moved offset waited for one is kept. */
static void
inputs_saved(struct inputs *ix, int rc)
{
	int64_t	 waited;

	if (rc == -1) {
		ix->sst.errors++;
		return;
	}
	ix->save_refused = 0;
	ix->sst.saves++;
	if (ix->dirty) {
		waited = time_now_ms(CLOCK_MONOTONIC) - ix->dirty_ms;
		if (waited > ix->sst.unsaved_max_ms)
			ix->sst.unsaved_max_ms = waited;
	}
	ix->dirty = 0;
}

/*
 * Something else put in place of the state file while running (a
 * directory): said once, not at every interval, until it is gone.
 */
static int
inputs_save_refused(struct inputs *ix)
{
	struct stat	 st;

	if (lstat(ix->state_path, &st) == -1 || S_ISREG(st.st_mode))
		return 0;
	if (!ix->save_refused)
		log_warnx("state file %s is not a regular file: offsets are "
		    "not saved until it is removed", ix->state_path);
	ix->save_refused = 1;
	return 1;
}

int
inputs_save(struct detectd *env)
{
	struct inputs	*ix = inputs_ctx(env);
	struct state	*st;
	size_t		 i;
	int		 rc = 0;

	if (ix == NULL || ix->state_path == NULL)
		return -1;
	if (inputs_save_refused(ix)) {
		inputs_saved(ix, -1);
		return -1;
	}
	if ((st = state_new()) == NULL)
		return -1;
	for (i = 0; i < env->ninputs && rc == 0; i++)
		if (ix->in[i].tail != NULL)
			rc = tail_export(ix->in[i].tail, st);
	if (rc == 0)
		rc = state_save(st, ix->state_path);
	state_free(st);
	inputs_saved(ix, rc);
	return rc;
}

/* Statistics ------------------------------------------------------------- */

static void
inputs_report_files(struct inputs *ix, size_t i)
{
	struct input		*in = &ix->in[i];
	struct source		 sum;
	struct tail_stats	 ts;
	struct infile		*f;

	sum = *in->src;
	for (f = ix->x[i].files; f != NULL; f = f->next)
		input_stats_add(&sum.st, &f->src->st);
	source_report(&sum, in->src->name);
	tail_stats(in->tail, &ts);
	log_info("input %s: %llu files open, %llu opened, %llu rotations, "
	    "%llu truncations, %llu bytes read, %llu cut lines, %llu partial "
	    "lines, %llu NUL bytes skipped, %llu read errors, %llu symbolic "
	    "links skipped", in->src->name,
	    (unsigned long long)ts.files, (unsigned long long)ts.opened,
	    (unsigned long long)ts.rotations,
	    (unsigned long long)ts.truncations, (unsigned long long)ts.bytes,
	    (unsigned long long)ts.cut, (unsigned long long)ts.partial,
	    (unsigned long long)ts.nul_skipped,
	    (unsigned long long)ts.read_errors,
	    (unsigned long long)ts.symlinks);
	tail_report(in->tail);
}

static void
inputs_report_listen(const char *name, const struct listen_stats *ls)
{
	log_info("listen %s: %llu messages, %llu bytes, %llu cut, "
	    "%llu connections, %llu refused, %llu refused per peer, "
	    "%llu closed idle, %llu closed for others, %llu framing errors, "
	    "%llu datagrams dropped", name,
	    (unsigned long long)ls->messages, (unsigned long long)ls->bytes,
	    (unsigned long long)ls->cut, (unsigned long long)ls->connections,
	    (unsigned long long)ls->refused,
	    (unsigned long long)ls->refused_peer,
	    (unsigned long long)ls->timeouts,
	    (unsigned long long)ls->evicted,
	    (unsigned long long)ls->frame_errors,
	    (unsigned long long)ls->udp_drops);
}

static void
inputs_report_kafka(const char *name, const struct kafka_stats *ks)
{
	log_info("kafka %s: %llu records, %llu bytes, %llu lines, %llu cut, "
	    "%llu empty, %llu errors, %llu commits, %llu commit errors, "
	    "%llu rebalances, %llu partitions held", name,
	    (unsigned long long)ks->records, (unsigned long long)ks->bytes,
	    (unsigned long long)ks->lines, (unsigned long long)ks->cut,
	    (unsigned long long)ks->empty, (unsigned long long)ks->errors,
	    (unsigned long long)ks->commits,
	    (unsigned long long)ks->commit_errors,
	    (unsigned long long)ks->rebalances,
	    (unsigned long long)ks->assigned);
}

static void
inputs_report_kstate(const char *name, const struct kstate_stats *ss)
{
	log_info("kafka %s: state topic: %llu given (%llu bytes, %llu "
	    "records), %llu give errors, %llu taken (%llu bytes), %llu take "
	    "errors, %llu removed, %llu remove errors", name,
	    (unsigned long long)ss->puts, (unsigned long long)ss->put_bytes,
	    (unsigned long long)ss->chunks,
	    (unsigned long long)ss->put_errors, (unsigned long long)ss->gets,
	    (unsigned long long)ss->get_bytes,
	    (unsigned long long)ss->get_errors,
	    (unsigned long long)ss->tombstones,
	    (unsigned long long)ss->tombstone_errors);
}

void
inputs_report(struct detectd *env)
{
	struct inputs			*ix = inputs_ctx(env);
	const struct listen_stats	*ls;
	size_t				 i;

	if (ix == NULL)
		return;
	for (i = 0; i < env->ninputs; i++) {
		if (env->inputs[i].tail != NULL) {
			inputs_report_files(ix, i);
			continue;
		}
		source_report(env->inputs[i].src, env->inputs[i].src->name);
		if (ix->x[i].kafka != NULL)
			inputs_report_kafka(env->inputs[i].src->name,
			    kafka_in_stats(ix->x[i].kafka));
		if (ix->x[i].kstate != NULL)
			inputs_report_kstate(env->inputs[i].src->name,
			    kstate_stats(ix->x[i].kstate));
		if (ix->x[i].ls == NULL)
			continue;
		ls = listen_stats(ix->x[i].ls);
		inputs_report_listen(env->inputs[i].src->name, ls);
	}
	if (ix->paused)
		log_info("inputs: paused, waiting for the outputs");
	log_info("state file: %llu saves, %llu errors, moved offsets unsaved "
	    "%lld ms at most", (unsigned long long)ix->sst.saves,
	    (unsigned long long)ix->sst.errors,
	    (long long)ix->sst.unsaved_max_ms);
}

void
inputs_source_stats(struct detectd *env, size_t i, struct source_stats *out)
{
	struct inputs	*ix = inputs_ctx(env);
	struct infile	*f;

	*out = env->inputs[i].src->st;
	for (f = ix->x[i].files; f != NULL; f = f->next)
		input_stats_add(out, &f->src->st);
}

const struct inputs_state_stats *
inputs_state_stats(struct detectd *env)
{
	struct inputs	*ix = inputs_ctx(env);

	return ix != NULL ? &ix->sst : NULL;
}

const struct kstate_stats *
inputs_kstate_stats(struct detectd *env, size_t i)
{
	struct inputs	*ix = inputs_ctx(env);

	return ix != NULL && ix->x[i].kstate != NULL ?
	    kstate_stats(ix->x[i].kstate) : NULL;
}

const struct kafka_stats *
inputs_kafka_stats(struct detectd *env, size_t i)
{
	struct inputs	*ix = inputs_ctx(env);

	return ix->x[i].kafka != NULL ? kafka_in_stats(ix->x[i].kafka) :
	    NULL;
}

const struct listen_stats *
inputs_listen_stats(struct detectd *env, size_t i)
{
	struct inputs	*ix = inputs_ctx(env);

	return ix->x[i].ls != NULL ? listen_stats(ix->x[i].ls) : NULL;
}

/* Reload ------------------------------------------------------------ */

static int
inputs_streq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The first setting in which two inputs of one name differ, or NULL. */
static const char *
inputs_changed(const struct input_conf *a, const struct input_conf *b)
{
	if (!inputs_streq(a->path, b->path))
		return "path";
	if (!inputs_streq(a->format, b->format))
		return "format";
	if (a->kind != b->kind || !inputs_streq(a->udp, b->udp) ||
	    !inputs_streq(a->tcp, b->tcp))
		return "kind or address";
	if (!inputs_streq(a->brokers, b->brokers) ||
	    !inputs_streq(a->topic, b->topic) ||
	    !inputs_streq(a->group, b->group) || a->nprops != b->nprops ||
	    !inputs_streq(a->state_topic, b->state_topic))
		return "kafka settings";
	if (!inputs_streq(a->rotated, b->rotated))
		return "rotated";
	if (a->start_at_end != b->start_at_end ||
	    a->catch_up_gzip != b->catch_up_gzip ||
	    a->follow_symlinks != b->follow_symlinks ||
	    a->rotate_wait_ms != b->rotate_wait_ms ||
	    a->partial_wait_ms != b->partial_wait_ms ||
	    a->idle_ms != b->idle_ms || a->max_conns != b->max_conns ||
	    a->max_per_peer != b->max_per_peer)
		return "options";
	return NULL;
}

static const struct input_conf *
inputs_find(const struct input_conf *v, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (inputs_streq(v[i].name, name))
			return &v[i];
	return NULL;
}

size_t
inputs_reload_diff(struct detectd *env, const struct config *c)
{
	struct inputs		*ix = inputs_ctx(env);
	const struct input_conf	*a, *b;
	const char		*what;
	size_t			 i, n = 0;

	if (ix == NULL)
		return 0;
	for (i = 0; i < c->ninputs; i++) {
		b = &c->inputs[i];
		if ((a = inputs_find(ix->opened, ix->nopened, b->name)) ==
		    NULL) {
			log_info("reload: input %s (%s:%d) is new: restart to "
			    "open it", b->name, b->file, b->line);
			n++;
		} else if ((what = inputs_changed(a, b)) != NULL) {
			log_info("reload: input %s (%s:%d): %s changed; the "
			    "input is kept as it was opened until a restart",
			    b->name, b->file, b->line, what);
			n++;
		}
	}
	for (i = 0; i < ix->nopened; i++)
		if (inputs_find(c->inputs, c->ninputs, ix->opened[i].name) ==
		    NULL) {
			log_info("reload: input %s is no longer configured; "
			    "it is followed until a restart",
			    ix->opened[i].name);
			n++;
		}
	return n;
}
