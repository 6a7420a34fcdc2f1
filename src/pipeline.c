#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert/aggregate.h"
#include "alert/alert.h"
#include "util/atomicfile.h"
#include "analyzers/analyzer.h"
#include "analyzers/composite.h"
#include "analyzers/finding.h"
#include "analyzers/identity.h"
#include "analyzers/stats.h"
#include "config.h"
#include "alert/importance.h"
#include "util/log.h"
#include "output/output.h"
#include "parsers/parser.h"
#include "parsers/syslog.h"
#include "pipeline.h"
#include "rules/rule.h"
#include "rules/ruleset.h"

#define PIPELINE_ERR_SAMPLES	5	/* parse errors shown per source */
/* Events parsed and not yet processed: a ring, indexed by seq. */
#define PIPELINE_RING		16	/* > ANALYZER_AHEAD, a power of two */

struct analyzer_inst {
	const struct analyzer_ops	*ops;
	void				*ctx;
};

/*
 * Once the identity and statistical tables outgrow the caches
 * (PIPELINE_AHEAD_BYTES), events are parsed up to ANALYZER_AHEAD ahead
 * of the one processed, so that the identity table and the analyzers
 * can start loading what each will need (analyzer.h); a line's bytes
 * and names are copied into its event, which owns them until it is
 * processed.  pipeline_sync processes whatever is parsed: everything
 * that looks at the results (flush, drain, reload) calls it first.
 */
struct pipeline {
	struct logevent		 ring[PIPELINE_RING];
	uint64_t		 parsed;	/* seq of the newest parsed */
	uint64_t		 done;		/* seq of the newest processed */
	int			 ahead;		/* tables are big: work ahead */
	struct analyzer_inst	*an;
	size_t			 nan;
	struct output		**out;
	size_t			 nout;
	struct alert_ctx	 actx;
	char			*hostname;
	char			*ruleset;
	char			*abuf;
	size_t			 acap;
	int64_t			 fixed_now;
	int64_t			 newest_ms;
	struct pipeline_stats	 st;
	struct aggregate	*agg;	/* NULL: every finding alerts */
	const struct importance	*imp;	/* the config's; NULL: no assets */
	void			*comp;	/* the composite analyzer's state */
	json_t			*rulestats;	/* rule id -> counts */
	struct identity		*id;	/* endpoints, for every analyzer */
	char			*id_path;	/* its state file; NULL: none */
	uint64_t		 id_saved;	/* identity_changes then */
	int64_t			 id_saved_ms;	/* event time then */
};

#define PIPELINE_ID_SAVE_MS	3600000LL	/* live: identity hourly */
/*
 * Working ahead pays once the tables no longer fit the caches; below
 * this, it only costs (copying lines, keys worked out in two steps).
 */
#define PIPELINE_AHEAD_BYTES	(32UL << 20)

/*
 * The identity table persists in the state directory when detectd runs
 * live (a replay keeps no state across runs, as the analyzers do): a
 * lease learned before a restart still names the machine after it,
 * which keeps each endpoint's baselines under its name.
 */
static void
pipeline_identity_load(struct pipeline *pl)
{
	FILE	*fp;
	size_t	 bad;
	int	 n;

	if ((fp = fopen(pl->id_path, "re")) == NULL) {
		if (errno != ENOENT)
			log_warn("%s", pl->id_path);
		return;
	}
	if ((n = identity_read(pl->id, fp, &bad)) == -1)
		log_warnx("%s: not an identity file, ignored", pl->id_path);
	else {
		if (bad > 0)
			log_warnx("%s: %zu malformed lines ignored",
			    pl->id_path, bad);
		log_debug("%s: %d endpoint entries loaded", pl->id_path, n);
	}
	fclose(fp);
	pl->id_saved = identity_changes(pl->id);
}

static int
pipeline_identity_write(FILE *fp, void *arg)
{
	return identity_write(arg, fp);
}

static void
pipeline_identity_save(struct pipeline *pl)
{
	if (pl->id_path == NULL || identity_changes(pl->id) == pl->id_saved)
		return;
	if (atomicfile_write(pl->id_path, pipeline_identity_write, pl->id) ==
	    0)
		pl->id_saved = identity_changes(pl->id);
}

/* A record as one line to every output (aggregate_emit). */
static void
pipeline_write(void *arg, json_t *rec)
{
	struct pipeline	*pl = arg;
	size_t		 len, i;
	char		*nb;

	for (;;) {
		len = json_dumpb(rec, pl->abuf, pl->acap, JSON_COMPACT |
		    JSON_REAL_PRECISION(6));
		if (len == 0) {
			log_warnx("%s: alert could not be formatted", __func__);
			pl->st.alerts_lost++;
			return;
		}
		if (len < pl->acap)
			break;
		if ((nb = realloc(pl->abuf, len + 1024)) == NULL) {
			log_warn("%s", __func__);
			pl->st.alerts_lost++;
			return;
		}
		pl->abuf = nb;
		pl->acap = len + 1024;
	}
	pl->abuf[len++] = '\n';
	pl->st.alerts++;
	for (i = 0; i < pl->nout; i++)
		if (output_write(pl->out[i], pl->abuf, len) == -1)
			pl->st.alerts_lost++;
}

/* The record of f, with the levels importance.c gives and why. */
static json_t *
pipeline_build(struct pipeline *pl, const struct finding *f)
{
	struct finding	 fr = *f;
	struct rule	 r = *f->rule;
	json_t		*rec, *why;
	unsigned	 raised, bit;

	/* A shallow copy: only the two levels differ, nothing is owned. */
	raised = importance_levels(pl->imp, f, &r.importance, &r.priority);
	fr.rule = &r;
	if ((rec = alert_build(&pl->actx, &fr)) == NULL || raised == 0)
		return rec;
	if ((why = json_array()) == NULL)
		goto fail;
	for (bit = 1; bit <= IMP_RAISED_SCORE; bit <<= 1)
		if ((raised & bit) && json_array_append_new(why,
		    json_string(importance_reason(bit))) == -1)
			goto fail;
	if (json_object_set_new(json_object_get(rec, "incident"),
	    "raised_by", why) == 0)
		return rec;
	why = NULL;
fail:
	json_decref(why);
	json_decref(rec);
	return NULL;
}

/* Count what a rule did; kept by id, so counts outlive a reload. */
static void
pipeline_count(struct pipeline *pl, const struct rule *r, const char *what)
{
	json_t	*o, *n;

	if (pl->rulestats == NULL)
		return;
	if ((o = json_object_get(pl->rulestats, r->id)) == NULL) {
		o = json_pack("{s:I,s:I,s:I}", "findings", (json_int_t)0,
		    "alerts", (json_int_t)0, "aggregated", (json_int_t)0);
		if (o == NULL || json_object_set_new(pl->rulestats, r->id,
		    o) == -1)
			return;
	}
	if ((n = json_object_get(o, what)) != NULL)
		json_integer_set(n, json_integer_value(n) + 1);
}

/*
 * Every finding: the composite analyzer takes it, alerted or not; an
 * alert is built for those their rule promotes, and for the composite
 * rules' own, which carry their revision and bypass aggregation.
 */
static void
pipeline_emit(void *arg, const struct finding *f)
{
	struct pipeline	*pl = arg;
	json_t		*rec;
	const json_t	*eff;
	const char	*rid;
	char		 id[37];
	size_t		 i;
	int		 own = composite_own(f);

	pl->st.findings++;
	pipeline_count(pl, f->rule, "findings");
	for (i = 0; pl->comp == NULL && i < pl->nan; i++)
		if (pl->an[i].ops == &analyzer_composite)
			pl->comp = pl->an[i].ctx;
	if (!own && !composite_promote(f)) {
		finding_id(f, id);
		composite_finding(pl->comp, f, id, 0);
		return;
	}
	pl->actx.now_ms = pl->fixed_now;
	if ((rec = pipeline_build(pl, f)) == NULL) {
		log_warnx("rule %s: alert could not be built", f->rule->id);
		pl->st.alerts_lost++;
		return;
	}
	composite_annotate(pl->comp, f, rec);
	if (own || pl->agg == NULL) {
		pipeline_write(pl, rec);
		eff = rec;
	} else
		eff = aggregate_add(pl->agg, rec, f->rule->aggregate_ms,
		    f->rule->aggregate_by, f->first_ms, f->last_ms, f->count);
	pipeline_count(pl, f->rule, eff == rec ? "alerts" : "aggregated");
	/* The id of the alert in effect: a folded hit names the open one. */
	rid = json_string_value(json_object_get(json_object_get(eff,
	    "event"), "id"));
	snprintf(id, sizeof(id), "%s", rid != NULL ? rid : "");
	json_decref(rec);
	if (!own)
		composite_finding(pl->comp, f, id, 1);
}

static int
pipeline_set_conf(struct pipeline *pl, const struct config *c)
{
	char	*h, *r;

	if ((h = strdup(c->hostname)) == NULL ||
	    (r = strdup(c->rs->name)) == NULL) {
		free(h);
		log_warn("%s", __func__);
		return -1;
	}
	free(pl->hostname);
	free(pl->ruleset);
	pl->hostname = h;
	pl->ruleset = r;
	pl->actx.hostname = pl->hostname;
	pl->actx.ruleset = pl->ruleset;
	pl->actx.version = DETECTD_VERSION;
	pl->actx.evidence_max = c->evidence_max;
	pl->imp = c->importance;
	if (pl->agg != NULL)
		aggregate_set_window(pl->agg, c->aggregate_ms);
	return 0;
}

struct pipeline *
pipeline_new(const struct config *c, struct output **out, size_t nout,
    int replay)
{
	struct pipeline			 *pl;
	const struct analyzer_ops *const *ops;
	struct emitter			  em;
	struct analyzer_env		  aenv;
	size_t				  i;

	if ((pl = calloc(1, sizeof(*pl))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	pl->out = out;
	pl->nout = nout;
	if (pipeline_set_conf(pl, c) == -1 ||
	    (pl->rulestats = json_object()) == NULL)
		goto fail;
	if ((pl->agg = aggregate_new(c->aggregate_ms, AGGREGATE_MAX,
	    pipeline_write, pl)) == NULL)
		goto fail;
	ops = analyzer_table(&pl->nan);
	if ((pl->an = calloc(pl->nan, sizeof(*pl->an))) == NULL)
		goto fail;
	if ((pl->id = identity_new(c->identity_max)) == NULL)
		goto fail;
	if (!replay && c->state_dir != NULL) {
		if (asprintf(&pl->id_path, "%s/%s", c->state_dir,
		    IDENTITY_STATE_FILE) == -1) {
			pl->id_path = NULL;
			goto fail;
		}
		pipeline_identity_load(pl);
	}
	em.emit = pipeline_emit;
	em.arg = pl;
	aenv.state_dir = c->state_dir;
	aenv.replay = replay;
	aenv.identity = pl->id;
	for (i = 0; i < pl->nan; i++) {
		pl->an[i].ops = ops[i];
		if ((pl->an[i].ctx = ops[i]->new(c->rs, &em, &aenv)) == NULL)
			goto fail;
	}
	for (i = 0; i < PIPELINE_RING; i++)
		logevent_reset(&pl->ring[i]);
	return pl;
fail:
	pipeline_free(pl);
	return NULL;
}

void
pipeline_free(struct pipeline *pl)
{
	size_t	 i;

	if (pl == NULL)
		return;
	for (i = 0; pl->an != NULL && i < pl->nan; i++)
		if (pl->an[i].ctx != NULL)
			pl->an[i].ops->free(pl->an[i].ctx);
	free(pl->an);
	pipeline_identity_save(pl);
	free(pl->id_path);
	/* After the analyzers, which hold it. */
	identity_free(pl->id);
	aggregate_free(pl->agg);
	json_decref(pl->rulestats);
	for (i = 0; i < PIPELINE_RING; i++)
		logevent_free(&pl->ring[i]);
	free(pl->abuf);
	free(pl->hostname);
	free(pl->ruleset);
	free(pl);
}

int
pipeline_reload(struct pipeline *pl, const struct config *c)
{
	size_t	 i;
	int	 rc = 0;

	/* What was read before the reload goes through the old rules. */
	pipeline_sync(pl);
	if (pipeline_set_conf(pl, c) == -1)
		return -1;
	for (i = 0; i < pl->nan; i++)
		if (pl->an[i].ops->reload(pl->an[i].ctx, c->rs) == -1) {
			log_warnx("analyzer %s: reload failed",
			    pl->an[i].ops->name);
			rc = -1;
		}
	return rc;
}

void
pipeline_set_ahead(struct pipeline *pl, int on)
{
	pipeline_sync(pl);
	pl->ahead = on;
}

void
pipeline_set_now(struct pipeline *pl, int64_t now_ms)
{
	pl->fixed_now = now_ms;
}

struct source *
source_new(const char *name, const char *format, int64_t mtime_ms)
{
	struct source	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	if ((s->parser = parser_lookup(format)) == NULL) {
		log_warnx("unknown log format '%s'", format);
		goto fail;
	}
	if ((s->name = strdup(name)) == NULL) {
		log_warn("%s", __func__);
		goto fail;
	}
	if (source_restart(s, mtime_ms) == -1)
		goto fail;
	return s;
fail:
	source_free(s);
	return NULL;
}

void
source_report(const struct source *s, const char *label)
{
	const struct source_stats *st = &s->st;

	log_info("%s: %llu lines, %llu events, %llu parse errors, "
	    "%llu skipped, %llu truncated", label,
	    (unsigned long long)st->lines, (unsigned long long)st->events,
	    (unsigned long long)st->parse_errors,
	    (unsigned long long)st->skipped,
	    (unsigned long long)st->truncated);
	/* A wrong format shows up as mostly errors: say so, not silence. */
	if (st->lines >= 20 && st->parse_errors * 2 > st->lines)
		log_warnx("%s: %llu of %llu lines did not parse as %s: "
		    "is the format right?", label,
		    (unsigned long long)st->parse_errors,
		    (unsigned long long)st->lines, s->parser->name);
}

void
source_free(struct source *s)
{
	if (s == NULL)
		return;
	if (s->pstate != NULL && s->parser->state_free != NULL)
		s->parser->state_free(s->pstate);
	free(s->name);
	free(s);
}

int
source_restart(struct source *s, int64_t mtime_ms)
{
	s->ref_ms = mtime_ms;
	if (s->parser->state_new == NULL)
		return 0;
	if (s->pstate != NULL)
		s->parser->state_free(s->pstate);
	if ((s->pstate = s->parser->state_new(mtime_ms)) == NULL) {
		log_warnx("%s: parser state", s->name);
		return -1;
	}
	return 0;
}

static void
pipeline_parse_error(struct source *s, const char *file,
    const struct rline *l, const char *err)
{
	s->st.parse_errors++;
	if (s->st.parse_errors <= PIPELINE_ERR_SAMPLES)
		log_info("%s: %s offset %llu: not a %s line: %s%s", s->name,
		    file, (unsigned long long)l->off, s->parser->name,
		    err != NULL ? err : "malformed",
		    s->st.parse_errors == PIPELINE_ERR_SAMPLES ?
		    " (further errors are only counted)" : "");
}

/* What the identity table and the statistical rules' tables take. */
static size_t
pipeline_table_bytes(const struct pipeline *pl)
{
	struct identity_stats	 st;
	void			*a;
	size_t			 n;

	identity_stats(pl->id, &st);
	n = st.memory;
	if ((a = pipeline_analyzer(pl, &analyzer_stats)) != NULL)
		n += stats_table_bytes(a);
	return n;
}

static void
pipeline_tick(struct pipeline *pl, int64_t t)
{
	size_t	 i;

	/* Windows move on whole seconds of event time. */
	if (t / 1000 <= pl->newest_ms / 1000) {
		if (t > pl->newest_ms)
			pl->newest_ms = t;
		return;
	}
	pl->newest_ms = t;
	for (i = 0; i < pl->nan; i++)
		pl->an[i].ops->tick(pl->an[i].ctx, t);
	/* Tables only grow: once big, working ahead stays on. */
	if (!pl->ahead)
		pl->ahead = pipeline_table_bytes(pl) >= PIPELINE_AHEAD_BYTES;
	if (pl->id_saved_ms == 0)
		pl->id_saved_ms = t;
	else if (t - pl->id_saved_ms >= PIPELINE_ID_SAVE_MS) {
		pl->id_saved_ms = t;
		pipeline_identity_save(pl);
	}
	if (pl->agg != NULL)
		aggregate_tick(pl->agg, t);
}

/*
 * The syslog header in front of the formats that may carry one, taken off
 * here once for all of them.  Returns the length of the header.
 */
static size_t
pipeline_syslog(const struct source *s, const char *p, size_t len,
    struct logevent *ev)
{
	struct syslog_header	 h;
	struct timespec		 ts;
	int64_t			 ref = s->ref_ms;
	size_t			 n;

	if (ref <= 0) {
		/* Live lines: their year is this year, near now. */
		clock_gettime(CLOCK_REALTIME, &ts);
		ref = (int64_t)ts.tv_sec * 1000;
	}
	if ((n = syslog_header_parse(p, len, ref, &h)) == 0)
		return 0;
	ev->host_name = h.host;
	if (h.time_ms > 0)
		ev->time_ms = h.time_ms;
	return n;
}

/* The event's turn: identity first, then every analyzer. */
static void
pipeline_process(struct pipeline *pl, struct logevent *ev)
{
	size_t	 i;

	if (ev->time_ms > pl->newest_ms)
		pipeline_tick(pl, ev->time_ms);
	/* Who is where, before any analyzer keys this event's endpoint. */
	identity_learn(pl->id, ev);
	for (i = 0; i < pl->nan; i++)
		pl->an[i].ops->process(pl->an[i].ctx, ev);
}

static struct logevent *
pipeline_slot(struct pipeline *pl, uint64_t seq)
{
	return &pl->ring[seq % PIPELINE_RING];
}

/* Stage of the way for the event parsed j steps before the newest. */
static void
pipeline_ahead(struct pipeline *pl, uint64_t j, int who, int stage)
{
	struct logevent	*ev;
	size_t		 i;

	if (pl->parsed < j + 1 || pl->parsed - j <= pl->done)
		return;
	ev = pipeline_slot(pl, pl->parsed - j);
	if (who == 0) {
		identity_prefetch(pl->id, ev, stage);
		return;
	}
	for (i = 0; i < pl->nan; i++)
		if (pl->an[i].ops->prefetch != NULL)
			pl->an[i].ops->prefetch(pl->an[i].ctx, ev, stage);
}

void
pipeline_sync(struct pipeline *pl)
{
	while (pl->done < pl->parsed) {
		pl->done++;
		pipeline_process(pl, pipeline_slot(pl, pl->done));
	}
}

/*
 * The line and the names it came with, copied into the event's arena so
 * that the event stands alone until its turn; then room to parse.
 */
static int
pipeline_copy(struct logevent *ev, struct source *s, const char *file,
    const struct rline *l)
{
	size_t	 flen = strlen(file), ilen = strlen(s->name);

	if (logevent_reserve(ev, 2 * l->len + flen + ilen + 66) == -1)
		return -1;
	ev->file = logevent_dup(ev, file, flen + 1).p;
	ev->input = logevent_dup(ev, s->name, ilen + 1).p;
	if (l->len > 0)
		ev->raw = logevent_dup(ev, l->p, l->len);
	else
		ev->raw.p = ev->file + flen;	/* an empty line */
	return ev->file == NULL || ev->input == NULL ||
	    (l->len > 0 && ev->raw.p == NULL) ? -1 : 0;
}

/* Processed within the call: the line and names as they are given. */
static int
pipeline_borrow(struct logevent *ev, struct source *s, const char *file,
    const struct rline *l)
{
	if (logevent_reserve(ev, l->len + 64) == -1)
		return -1;
	ev->file = file;
	ev->input = s->name;
	ev->raw.p = l->p;
	ev->raw.len = l->len;
	return 0;
}

void
pipeline_line(struct pipeline *pl, struct source *s, const char *file,
    const struct rline *l)
{
	struct logevent	*ev;
	const char	*err = NULL;
	size_t		 hdr = 0;

	s->st.lines++;
	s->st.bytes += l->len + 1;
	if (l->truncated)
		s->st.truncated++;
	/* The ring is full: the oldest event's turn makes room. */
	if (pl->parsed - pl->done > ANALYZER_AHEAD) {
		pl->done++;
		pipeline_process(pl, pipeline_slot(pl, pl->done));
	}
	ev = pipeline_slot(pl, pl->parsed + 1);
	logevent_reset(ev);
	if (pl->ahead ? pipeline_copy(ev, s, file, l) :
	    pipeline_borrow(ev, s, file, l)) {
		pipeline_parse_error(s, file, l, "out of memory");
		return;
	}
	ev->offset = l->off;
	ev->format = s->parser->name;
	if (s->parser->flags & PARSER_SYSLOG)
		hdr = pipeline_syslog(s, ev->raw.p, ev->raw.len, ev);
	switch (s->parser->parse(s->pstate, ev->raw.p + hdr, ev->raw.len - hdr,
	    ev, &err)) {
	case PARSE_OK:
		break;
	case PARSE_SKIP:
		s->st.skipped++;
		return;
	default:
		pipeline_parse_error(s, file, l, err);
		return;
	}
	s->st.events++;
	pl->st.events++;
	ev->seq = ++pl->parsed;
	if (!pl->ahead) {
		/* Small tables: its turn now (and that of any left waiting). */
		pipeline_sync(pl);
		return;
	}
	/* Each stage ANALYZER_STEP events after the one before. */
	pipeline_ahead(pl, 0, 0, 0);
	pipeline_ahead(pl, ANALYZER_STEP, 0, 1);
	pipeline_ahead(pl, 2 * ANALYZER_STEP, 1, 0);
	pipeline_ahead(pl, 3 * ANALYZER_STEP, 1, 1);
}

int64_t
pipeline_time(const struct pipeline *pl)
{
	return pl->newest_ms;
}

void
pipeline_drain(struct pipeline *pl)
{
	size_t	 i;

	pipeline_sync(pl);
	for (i = 0; i < pl->nan; i++)
		pl->an[i].ops->flush(pl->an[i].ctx);
	/* After the analyzers: what they report joins its window first. */
	if (pl->agg != NULL)
		aggregate_drain(pl->agg);
}

int
pipeline_flush(struct pipeline *pl)
{
	size_t	 i;
	int	 rc = 0;

	pipeline_sync(pl);
	for (i = 0; i < pl->nout; i++)
		if (output_flush(pl->out[i]) == -1)
			rc = -1;
	return rc;
}

const struct pipeline_stats *
pipeline_stats(const struct pipeline *pl)
{
	return &pl->st;
}

const struct aggregate_stats *
pipeline_aggregate_stats(const struct pipeline *pl)
{
	return aggregate_stats(pl->agg);
}

void *
pipeline_analyzer(const struct pipeline *pl, const struct analyzer_ops *ops)
{
	size_t	 i;

	for (i = 0; i < pl->nan; i++)
		if (pl->an[i].ops == ops)
			return pl->an[i].ctx;
	return NULL;
}

json_t *
pipeline_rule_stats(const struct pipeline *pl)
{
	return json_deep_copy(pl->rulestats);
}
