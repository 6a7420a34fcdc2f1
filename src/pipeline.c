/*
 * The pipeline: a line from an input goes through its parser into a
 * struct logevent, through the endpoint identity table and every
 * analyzer, and the findings go to the alert stage (alert/alerter.h),
 * whose records it writes to the outputs.  It owns the events in flight
 * (parsed ahead of their turn once the tables are big), the running
 * analyzers, the alert stage and the identity table with its state file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alerter.h"
#include "alert/incident.h"
#include "analyzers/analyzer.h"
#include "analyzers/contrib.h"
#include "analyzers/findrec.h"
#include "analyzers/identity.h"
#include "config.h"
#include "event/evmemo.h"
#include "output/output.h"
#include "parsers/parser.h"
#include "pipeline.h"
#include "rules/ruleset.h"
#include "rules/sigma.h"
#include "tier.h"
#include "util/log.h"
#include "workers.h"

#define PIPELINE_ERR_SAMPLES	5	/* parse errors shown per source */
/* Events parsed and not yet processed: a ring, indexed by seq. */
#define PIPELINE_RING		16	/* > ANALYZER_AHEAD, a power of two */
/* With worker threads: room for each to have batches in hand. */
#define PIPELINE_RING_WORKERS	1024	/* a power of two */
/*
 * With worker threads, slots kept free ahead of the newest event, done
 * with, so that the reading thread can start loading them to write
 * (the workers read them last, in their caches): the event at half
 * that distance, its arena at a quarter.
 */
#define PIPELINE_FREE		8
#define PIPELINE_RCPT_MAX	100	/* recipients of a message analyzed */
/* What a parser may ask for beyond twice its line (pipeline_copy). */
#define PIPELINE_PARSE_ROOM	256
/*
 * With an analyzer in parts: events between the moments its parts are
 * all idle, for it to save what tick put off and to even them out.
 */
#define PIPELINE_IDLE_EVENTS	65536
/*
 * With workers, an event is published this many events after it is
 * parsed, so that what the reading thread looks up for the parts as it
 * publishes it (their part_give) is loaded by then (give_prefetch).
 */
#define PIPELINE_GIVE_LAG	2

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
	struct logevent		*ring;
	struct evmemo		**memo;		/* of each slot */
	size_t			 nring;		/* a power of two */
	struct workers		*wk;		/* NULL: one thread */
	const struct ruleset	*rs;	/* the workers' findings', the tier's */
	struct emitter		 em;		/* to the alert stage */
	uint64_t		 parsed;	/* seq of the newest parsed */
	uint64_t		 done;		/* seq of the newest processed */
	int			 ahead;		/* tables are big: work ahead */
	int			 index;		/* events index their own names */
	struct analyzer_inst	*an;
	size_t			 nan;
	struct output		**out;
	size_t			 nout;
	struct alerter		*al;
	int64_t			 newest_ms;
	struct pipeline_stats	 st;
	struct identity		*id;	/* endpoints, for every analyzer */
	/*
	 * Worker threads with an analyzer in parts: the same table learned
	 * from each event as it is parsed, to resolve its endpoint for the
	 * parts ahead of its turn (id learns at the turn, for the rest).
	 */
	struct identity		*id_ahead;
	uint64_t		 idle_seq;	/* parts last idle after it */
	uint64_t		 published;	/* newest seq published */
	size_t			 id_max;	/* their entries */
	char			*id_path;	/* its state file; NULL: none */
	char			*inc_path;	/* incidents' state; NULL: none */
	int64_t			 id_saved_ms;	/* event time then */
	int			 findings_tier;	/* reads finding records */
	struct findrec		 fr;		/* the record at hand */
	struct contrib		 ct;		/* or this one */
	struct tier_out		 tout;		/* first tier: findings out */
};

#define PIPELINE_ID_SAVE_MS	3600000LL	/* live: identity hourly */
/*
 * Working ahead pays once the tables no longer fit the caches; below
 * this, it only costs (copying lines, keys worked out in two steps).
 */
#define PIPELINE_AHEAD_BYTES	(32UL << 20)

/* A record's line to every output that takes its kind; how many lost it. */
static int
pipeline_write(void *arg, enum alerter_kind kind, const char *line,
    size_t len)
{
	struct pipeline	*pl = arg;
	size_t		 i;
	int		 lost = 0;

	for (i = 0; i < pl->nout; i++)
		if (output_takes(pl->out[i], kind == ALERTER_INCIDENT ?
		    OUTPUT_RECORDS_INCIDENTS : OUTPUT_RECORDS_ALERTS) &&
		    output_write(pl->out[i], line, len) == -1)
			lost++;
	return lost;
}

static int
pipeline_takes(void *arg, enum alerter_kind kind)
{
	struct pipeline	*pl = arg;
	size_t		 i;

	for (i = 0; i < pl->nout; i++)
		if (output_takes(pl->out[i], kind == ALERTER_INCIDENT ?
		    OUTPUT_RECORDS_INCIDENTS : OUTPUT_RECORDS_ALERTS))
			return 1;
	return 0;
}

static void
pipeline_alerter_conf(const struct config *c, struct alerter_conf *ac)
{
	ac->hostname = c->hostname;
	ac->ruleset = c->rs->name;
	ac->evidence_max = c->evidence_max;
	ac->aggregate_ms = c->aggregate_ms;
	ac->aggregate_flush_ms = c->aggregate_flush_ms;
	ac->incident_ms = c->incident_ms;
	ac->imp = c->importance;
}

/*
 * The identity table persists in the state directory when detectd runs
 * live (a replay keeps no state across runs, as the analyzers do): a
 * lease learned before a restart still names the machine after it,
 * which keeps each endpoint's baselines under its name.  The incidents
 * persist beside it, so that alerts after a restart join the incidents
 * opened before.
 */
static int
pipeline_identity(struct pipeline *pl, const struct config *c, int replay)
{
	pl->id_max = c->identity_max;
	if ((pl->id = identity_new(c->identity_max)) == NULL)
		return -1;
	if (replay || c->state_dir == NULL)
		return 0;
	if (asprintf(&pl->id_path, "%s/%s", c->state_dir,
	    IDENTITY_STATE_FILE) == -1) {
		pl->id_path = NULL;
		return -1;
	}
	(void)identity_load(pl->id, pl->id_path);
	if (asprintf(&pl->inc_path, "%s/%s", c->state_dir,
	    INCIDENT_STATE_FILE) == -1) {
		pl->inc_path = NULL;
		return -1;
	}
	(void)alerter_incidents_load(pl->al, pl->inc_path);
	return 0;
}

/* The identity table and the incidents, with the same rhythm. */
static void
pipeline_identity_save(struct pipeline *pl)
{
	if (pl->id_path != NULL)
		(void)identity_save(pl->id, pl->id_path);
	if (pl->inc_path != NULL)
		(void)alerter_incidents_save(pl->al, pl->inc_path);
}

/* Whether worker threads run some analyzer in parts. */
static int
pipeline_parts(const struct pipeline *pl)
{
	size_t	 i;

	for (i = 0; pl->wk != NULL && i < pl->nan; i++)
		if (pl->an[i].ops->split != NULL && workers_runs(pl->wk, i))
			return 1;
	return 0;
}

/* The table learned ahead, as the state file has it, like id. */
static int
pipeline_ahead_new(struct pipeline *pl, const struct config *c)
{
	if (!pipeline_parts(pl))
		return 0;
	if ((pl->id_ahead = identity_new(c->identity_max)) == NULL)
		return -1;
	if (pl->id_path != NULL)
		(void)identity_load(pl->id_ahead, pl->id_path);
	return 0;
}

/*
 * id_ahead made again from id, which learned what a hand-over brought:
 * with every event processed, the two have learned the same events.
 */
static void
pipeline_ahead_again(struct pipeline *pl)
{
	struct identity	*n;
	char		*buf = NULL;
	size_t		 len = 0, bad;
	FILE		*fp;

	if (pl->id_ahead == NULL || (fp = open_memstream(&buf, &len)) == NULL)
		return;
	if (identity_write(pl->id, fp) == -1 || fclose(fp) == EOF) {
		free(buf);
		return;
	}
	if ((n = identity_new(pl->id_max)) != NULL &&
	    (fp = fmemopen(buf, len, "r")) != NULL) {
		if (identity_read(n, fp, &bad) == -1) {
			identity_free(n);
			n = NULL;
		}
		fclose(fp);
	}
	if (n != NULL) {
		identity_free(pl->id_ahead);
		pl->id_ahead = n;
	} else
		log_warnx("%s: the identity table learned ahead is behind",
		    __func__);
	free(buf);
}

static int
pipeline_analyzers_new(struct pipeline *pl, const struct config *c,
    int replay)
{
	const struct analyzer_ops *const *ops;
	struct analyzer_env		  aenv;
	struct emitter			  em = alerter_emitter(pl->al);
	size_t				  i;

	ops = analyzer_table(&pl->nan);
	if ((pl->an = calloc(pl->nan, sizeof(*pl->an))) == NULL)
		return -1;
	aenv.state_dir = c->state_dir;
	aenv.replay = replay;
	aenv.identity = pl->id;
	aenv.tier = tier_analyzers(c, pl->out, pl->nout);
	aenv.contrib.fn = NULL;
	aenv.contrib.arg = NULL;
	if (c->tier != CONFIG_TIER_FINDINGS &&
	    tier_writes_findings(pl->out, pl->nout)) {
		aenv.contrib.fn = tier_contrib_out;
		aenv.contrib.arg = &pl->tout;
	}
	for (i = 0; i < pl->nan; i++) {
		pl->an[i].ops = ops[i];
		if ((pl->an[i].ctx = ops[i]->new(c->rs, &em, &aenv)) == NULL)
			return -1;
	}
	alerter_set_analyzers(pl->al, pl->an, pl->nan);
	return 0;
}

/*
 * Whether events need the index of their own field names (nindex.h):
 * only Sigma rules read those, and thousands of them read many.
 */
static void
pipeline_want_index(struct pipeline *pl, const struct config *c)
{
	struct sigma_totals	 t;

	sigma_totals(c->rs->sigma, &t);
	pl->index = t.native > 0;
}

static int
pipeline_ring_new(struct pipeline *pl, size_t n, int shared)
{
	size_t	 i;

	if ((pl->ring = calloc(n, sizeof(*pl->ring))) == NULL ||
	    (pl->memo = calloc(n, sizeof(*pl->memo))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	pl->nring = n;
	for (i = 0; i < n; i++) {
		logevent_reset(&pl->ring[i]);
		/* Without one, each rule works its answers out: slower. */
		if ((pl->memo[i] = evmemo_new()) != NULL && shared)
			evmemo_share(pl->memo[i]);
	}
	return 0;
}

struct pipeline *
pipeline_new(const struct config *c, struct output **out, size_t nout,
    int replay)
{
	struct pipeline		*pl;
	struct alerter_conf	 ac;

	if ((pl = calloc(1, sizeof(*pl))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	pl->out = out;
	pl->nout = nout;
	pipeline_alerter_conf(c, &ac);
	if ((pl->al = alerter_new(&ac, pipeline_write, pipeline_takes,
	    pl)) == NULL ||
	    pipeline_identity(pl, c, replay) == -1 ||
	    pipeline_analyzers_new(pl, c, replay) == -1 ||
	    pipeline_ring_new(pl, c->workers > 1 ? PIPELINE_RING_WORKERS :
	    PIPELINE_RING, c->workers > 1) == -1)
		goto fail;
	pl->rs = c->rs;
	pl->em = alerter_emitter(pl->al);
	pipeline_want_index(pl, c);
	/* One worker is this thread: no other is started. */
	if (c->workers > 1 && ((pl->wk = workers_new(c, c->workers,
	    pl->ring, pl->nring, pl->an)) == NULL ||
	    pipeline_ahead_new(pl, c) == -1))
		goto fail;
	pl->findings_tier = c->tier == CONFIG_TIER_FINDINGS;
	if (!pl->findings_tier && tier_writes_findings(out, nout)) {
		pl->tout.id = pl->id;
		pl->tout.out = out;
		pl->tout.nout = nout;
		alerter_set_sink(pl->al, tier_finding_out, &pl->tout);
	}
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
	/* Its threads finish what was published before they stop. */
	workers_free(pl->wk);
	for (i = 0; pl->an != NULL && i < pl->nan; i++)
		if (pl->an[i].ctx != NULL)
			pl->an[i].ops->free(pl->an[i].ctx);
	free(pl->an);
	pipeline_identity_save(pl);
	findrec_clear(&pl->fr);
	contrib_clear(&pl->ct);
	free(pl->tout.buf);
	free(pl->id_path);
	free(pl->inc_path);
	/* After the analyzers, which hold it. */
	identity_free(pl->id);
	identity_free(pl->id_ahead);
	alerter_free(pl->al);
	for (i = 0; pl->ring != NULL && i < pl->nring; i++) {
		logevent_free(&pl->ring[i]);
		evmemo_free(pl->memo[i]);
	}
	free(pl->ring);
	free(pl->memo);
	free(pl);
}

int
pipeline_reload(struct pipeline *pl, const struct config *c)
{
	size_t	 i;
	int	 rc = 0;

	struct alerter_conf	 ac;

	/* What was read before the reload goes through the old rules. */
	pipeline_sync(pl);
	pipeline_alerter_conf(c, &ac);
	if (alerter_configure(pl->al, &ac) == -1)
		return -1;
	pipeline_want_index(pl, c);
	for (i = 0; i < pl->nan; i++)
		if (pl->an[i].ops->reload(pl->an[i].ctx, c->rs) == -1) {
			log_warnx("analyzer %s: reload failed",
			    pl->an[i].ops->name);
			rc = -1;
		}
	/*
	 * The workers last: a reload that fails, and the one that puts the
	 * old configuration back, leave them on the rules they had, which
	 * are the reading thread's again (workers_reload refuses a file
	 * that no longer gives those rules).
	 */
	if (rc == 0 && pl->wk != NULL && workers_reload(pl->wk, c) == -1)
		return -1;
	if (rc == 0)
		pl->rs = c->rs;
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
	alerter_set_now(pl->al, now_ms);
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
	if (st->split > 0)
		log_info("%s: %llu pieces of lines split across syslog frames "
		    "skipped", label, (unsigned long long)st->split);
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
	s->frame = FRAME_PLAIN;
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

/*
 * A line split across syslog frames: a message with a newline inside
 * sent with newline framing (RFC 6587, 3.4.2), or cut by a relay's
 * size limit and sent on in two.  The frames after the first have no
 * header, and no syslog transport marks them as a continuation, so
 * they are not joined: a line without a header that does not parse,
 * right after a line with one (or after such a piece), is the rest of
 * that line, counted as split and skipped, not as a parse error; and
 * the line before it, if it had a header and did not parse either, is
 * its head, moved from the errors to the split count.  A line without
 * a header that parses is a line like any other.  Nothing is kept but
 * what the last line was.  1 if l is such a piece.
 */
static int
pipeline_split(struct source *s, const struct logevent *ev,
    enum parse_result r, const char *file, const struct rline *l)
{
	enum source_frame	 prev = s->frame;

	if (ev->syslog_len > 0) {
		s->frame = r == PARSE_ERROR ? FRAME_HEAD_FAILED : FRAME_HEAD_OK;
		return 0;
	}
	s->frame = FRAME_PLAIN;
	if (r != PARSE_ERROR || prev == FRAME_PLAIN)
		return 0;
	if (prev == FRAME_HEAD_FAILED && s->st.parse_errors > 0) {
		s->st.parse_errors--;
		s->st.split++;
	}
	s->st.split++;
	s->frame = FRAME_PIECE;
	if (s->st.split <= PIPELINE_ERR_SAMPLES)
		log_info("%s: %s offset %llu: the rest of a line split across "
		    "syslog frames: skipped%s", s->name, file,
		    (unsigned long long)l->off,
		    s->st.split >= PIPELINE_ERR_SAMPLES ?
		    " (further pieces are only counted)" : "");
	return 1;
}

/* What the identity table and the analyzers' tables take. */
static size_t
pipeline_table_bytes(const struct pipeline *pl)
{
	struct identity_stats	 st;
	size_t			 i, n;

	identity_stats(pl->id, &st);
	n = st.memory;
	for (i = 0; i < pl->nan; i++)
		/* The workers' tables are theirs while they run. */
		if (pl->an[i].ops->table_bytes != NULL &&
		    (pl->wk == NULL || !workers_runs(pl->wk, i)))
			n += pl->an[i].ops->table_bytes(pl->an[i].ctx);
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
	alerter_tick(pl->al, t);
}

/*
 * Every analyzer in table order; those the workers ran give what they
 * found then, at their place, so that the alert stage and the analyzers
 * after them see the findings in the order one thread makes them.
 */
static void
pipeline_analyze(void *arg, struct logevent *ev, size_t pass)
{
	struct pipeline	*pl = arg;
	size_t		 i;

	for (i = 0; i < pl->nan; i++)
		if (pl->wk != NULL && workers_runs(pl->wk, i))
			workers_replay(pl->wk, ev, i, pass, pl->rs, &pl->em);
		else
			pl->an[i].ops->process(pl->an[i].ctx, ev);
}

/*
 * A message to several recipients: each is a user at their own
 * endpoint, so the analyzers see the message once for each, as that
 * user (the first PIPELINE_RCPT_MAX, SMTP's least limit per message).
 * The memo is set aside: what it holds was worked out for one user.
 */
int
pipeline_many_users(const struct logevent *ev)
{
	return ev->source == SRC_MAIL && ev->user.len == 0 &&
	    ev->mail_to.len > 0 && memchr(ev->mail_to.p, ',',
	    ev->mail_to.len) != NULL;
}

void
pipeline_each_user(struct logevent *ev,
    void (*fn)(void *, struct logevent *, size_t pass), void *arg)
{
	struct slice	 user = ev->user;
	struct evmemo	*memo = ev->memo;
	size_t		 pos = 0, n = 0;

	if (!pipeline_many_users(ev)) {
		fn(arg, ev, 0);
		return;
	}
	ev->memo = NULL;
	while (n < PIPELINE_RCPT_MAX &&
	    logevent_recipient(ev->mail_to, &pos, &ev->user))
		fn(arg, ev, n++);
	ev->user = user;
	ev->memo = memo;
}

static void	pipeline_ahead_of(struct pipeline *, uint64_t);

/* The event's turn: identity first, then every analyzer. */
static void
pipeline_process(struct pipeline *pl, struct logevent *ev)
{
	if (pl->wk != NULL) {
		workers_wait(pl->wk, ev->seq);
		if (pl->ahead)
			pipeline_ahead_of(pl, ev->seq);
	}
	if (ev->time_ms > pl->newest_ms)
		pipeline_tick(pl, ev->time_ms);
	/* Who is where, before any analyzer keys this event's endpoint. */
	identity_learn(pl->id, ev);
	pipeline_each_user(ev, pipeline_analyze, pl);
}

static struct logevent *
pipeline_slot(struct pipeline *pl, uint64_t seq)
{
	return &pl->ring[seq & (pl->nring - 1)];
}

/* A stage of the way for event seq: identity (who 0) or analyzers. */
static void
pipeline_fetch(struct pipeline *pl, uint64_t seq, int who, int stage)
{
	struct logevent	*ev = pipeline_slot(pl, seq);
	size_t		 i;

	if (who == 0) {
		identity_prefetch(pl->id, ev, stage);
		return;
	}
	for (i = 0; i < pl->nan; i++)
		if (pl->an[i].ops->prefetch != NULL &&
		    (pl->wk == NULL || !workers_runs(pl->wk, i)))
			pl->an[i].ops->prefetch(pl->an[i].ctx, ev, stage);
}

/* Stage of the way for the event parsed j steps before the newest. */
static void
pipeline_ahead(struct pipeline *pl, uint64_t j, int who, int stage)
{
	if (pl->parsed < j + 1 || pl->parsed - j <= pl->done)
		return;
	pipeline_fetch(pl, pl->parsed - j, who, stage);
}

/*
 * With workers, the same stages, counted back from the event whose turn
 * it is, seq; on events the workers are done with, so that nothing
 * reads an event a worker has in hand.
 */
static void
pipeline_ahead_of(struct pipeline *pl, uint64_t seq)
{
	static const struct { uint64_t j; int who, stage; } st[] = {
		{ ANALYZER_AHEAD, 0, 0 },
		{ ANALYZER_AHEAD - ANALYZER_STEP, 0, 1 },
		{ 2 * ANALYZER_STEP, 1, 0 },
		{ ANALYZER_STEP, 1, 1 },
	};
	size_t	 i;

	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++)
		if (seq + st[i].j <= pl->parsed &&
		    workers_done(pl->wk, seq + st[i].j))
			pipeline_fetch(pl, seq + st[i].j, st[i].who,
			    st[i].stage);
}

/*
 * Every event published is done by the parts (and none is published
 * meanwhile): the analyzers in parts may touch their state here.
 */
static void
pipeline_idle(struct pipeline *pl)
{
	size_t	 i;

	if (pl->id_ahead == NULL)
		return;
	workers_wait_parts(pl->wk, pl->published);
	pl->idle_seq = pl->published;
	for (i = 0; i < pl->nan; i++)
		if (pl->an[i].ops->idle != NULL && workers_runs(pl->wk, i))
			pl->an[i].ops->idle(pl->an[i].ctx);
}

static void	pipeline_publish_to(struct pipeline *, uint64_t);

void
pipeline_sync(struct pipeline *pl)
{
	if (pl->wk != NULL)
		pipeline_publish_to(pl, pl->parsed);
	while (pl->done < pl->parsed) {
		pl->done++;
		pipeline_process(pl, pipeline_slot(pl, pl->done));
	}
	/* The workers' suppressions, told where they are read and said. */
	if (pl->wk != NULL) {
		workers_fold(pl->wk, pl->rs->suppress);
		pipeline_idle(pl);
	}
}

/*
 * The event to the workers, with who is where as of it for the parts;
 * its turn comes when the ring is full.
 */
static void	pipeline_resolve(void *, struct logevent *, size_t);

static void
pipeline_publish(struct pipeline *pl, struct logevent *ev)
{
	if (pl->id_ahead != NULL) {
		identity_learn(pl->id_ahead, ev);
		pipeline_each_user(ev, pipeline_resolve, pl);
	}
	workers_publish(pl->wk, ev->seq);
	pl->published = ev->seq;
	if (pl->published - pl->idle_seq >= PIPELINE_IDLE_EVENTS)
		pipeline_idle(pl);
}

/* The events parsed up to seq given to the workers, in their order. */
static void
pipeline_publish_to(struct pipeline *pl, uint64_t seq)
{
	while (pl->published < seq)
		pipeline_publish(pl, pipeline_slot(pl, pl->published + 1));
}

/*
 * Event seq, parsed and not yet published, ahead of the analyzers'
 * part_give: stage 0 and 1 of what it will look up (give_prefetch).
 * Not a message to several users, which gives for each.
 */
static void
pipeline_give_ahead(struct pipeline *pl, uint64_t seq, int stage)
{
	struct logevent	*ev;
	size_t		 i;

	if (seq <= pl->published || seq > pl->parsed)
		return;
	ev = pipeline_slot(pl, seq);
	if (pipeline_many_users(ev))
		return;
	for (i = 0; i < pl->nan; i++)
		if (pl->an[i].ops->give_prefetch != NULL &&
		    workers_runs(pl->wk, i))
			pl->an[i].ops->give_prefetch(pl->an[i].ctx, ev, stage);
}

/*
 * One user of an event about to be published: its endpoint, and what
 * the analyzer in parts learns from every event for them all, ahead
 * (learned even when there is no room to give it).
 */
static void
pipeline_resolve(void *arg, struct logevent *ev, size_t pass)
{
	struct pipeline		*pl = arg;
	struct part_given	*g, none;
	size_t			 i;

	if ((g = workers_given(pl->wk, ev->seq, pass)) == NULL)
		g = &none;
	g->ek.kind = identity_source_key(pl->id_ahead, ev, g->ek.key);
	g->named = 0;
	for (i = 0; i < pl->nan; i++)
		if (pl->an[i].ops->part_give != NULL &&
		    workers_runs(pl->wk, i))
			pl->an[i].ops->part_give(pl->an[i].ctx, ev, g);
}

/*
 * The line and the names it came with, copied into the event's arena so
 * that the event stands alone until its turn; then room to parse: the
 * arena cannot move once something is in it, and a parser asks for up
 * to twice the line and a little more at once (postfix: the line and
 * the 176 bytes of a joined message's sender and client), which must
 * fit beside the copy as it fits an empty arena when the line is only
 * borrowed.
 */
static int
pipeline_copy(struct logevent *ev, struct source *s, const char *file,
    const struct rline *l)
{
	size_t	 flen = strlen(file), ilen = strlen(s->name);

	if (logevent_reserve(ev, 3 * l->len + flen + ilen + 2 +
	    PIPELINE_PARSE_ROOM) == -1)
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

/*
 * The slot of the next event, with the line in it; NULL when there is
 * no memory for it.  The ring is full: the oldest event's turn makes
 * room.  The workers have events in hand until their turn: their lines
 * are copied.
 */
static struct logevent *
pipeline_next(struct pipeline *pl, struct source *s, const char *file,
    const struct rline *l)
{
	struct logevent	*ev;

	if (pl->parsed - pl->done > (pl->wk != NULL ? pl->nring - 2 -
	    PIPELINE_FREE : ANALYZER_AHEAD)) {
		pl->done++;
		pipeline_process(pl, pipeline_slot(pl, pl->done));
	}
	ev = pipeline_slot(pl, pl->parsed + 1);
	if (pl->wk != NULL) {
		logevent_prefetch(pipeline_slot(pl, pl->parsed + 1 +
		    PIPELINE_FREE / 2), 1, 0, 0);
		logevent_prefetch(pipeline_slot(pl, pl->parsed + 1 +
		    PIPELINE_FREE / 4), 1, 1, 1024);
	}
	logevent_reset(ev);
	/* Without its memory, lookups scan the line: slower, not wrong. */
	if (pl->index)
		(void)logevent_want_index(ev);
	ev->memo = pl->memo[(pl->parsed + 1) & (pl->nring - 1)];
	if (pl->ahead || pl->wk != NULL ? pipeline_copy(ev, s, file, l) :
	    pipeline_borrow(ev, s, file, l)) {
		pipeline_parse_error(s, file, l, "out of memory");
		return NULL;
	}
	return ev;
}

/* Whether the line is a contribution record, not a finding record. */
static int
pipeline_is_contrib(const struct rline *l)
{
	static const char	 head[] = "{\"contribution\":";
	size_t			 i = 0;

	while (i < l->len && (l->p[i] == ' ' || l->p[i] == '\t'))
		i++;
	return l->len - i >= sizeof(head) - 1 &&
	    memcmp(l->p + i, head, sizeof(head) - 1) == 0;
}

/*
 * The findings tier: a line is a finding or contribution record of a
 * first tier, and goes to the analyzers that take those, at its own time.
 */
static void
pipeline_finding_line(struct pipeline *pl, struct source *s,
    const char *file, const struct rline *l)
{
	const char	*err = NULL;
	int64_t		 t;
	int		 contrib = pipeline_is_contrib(l);

	if (contrib ? contrib_decode(&pl->ct, pl->rs, l->p, l->len,
	    &err) == -1 : findrec_decode(&pl->fr, pl->rs, l->p, l->len,
	    &err) == -1) {
		pipeline_parse_error(s, file, l, err);
		return;
	}
	s->st.events++;
	pl->st.events++;
	if (contrib)
		t = pl->ct.f != NULL && pl->ct.f->last_ms > 0 ?
		    pl->ct.f->last_ms : pl->ct.ev->time_ms;
	else
		t = pl->fr.f.last_ms > 0 ? pl->fr.f.last_ms : pl->fr.ev.time_ms;
	if (t > pl->newest_ms)
		pipeline_tick(pl, t);
	if (contrib)
		tier_contrib_in(&pl->ct, pl->an, pl->nan);
	else
		tier_finding_in(&pl->fr, pl->an, pl->nan);
}

void
pipeline_line(struct pipeline *pl, struct source *s, const char *file,
    const struct rline *l)
{
	struct logevent		*ev;
	const char		*err = NULL;
	enum parse_result	 r;

	s->st.lines++;
	s->st.bytes += l->len + 1;
	if (l->truncated)
		s->st.truncated++;
	if (pl->findings_tier) {
		pipeline_finding_line(pl, s, file, l);
		return;
	}
	if ((ev = pipeline_next(pl, s, file, l)) == NULL)
		return;
	ev->offset = l->off;
	ev->shard = s->shard;
	ev->format = s->parser->name;
	r = parser_parse(s->parser, s->pstate, s->ref_ms, ev->raw.p,
	    ev->raw.len, ev, &err);
	if ((s->parser->flags & PARSER_SYSLOG) &&
	    pipeline_split(s, ev, r, file, l))
		return;
	switch (r) {
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
	if (pl->wk != NULL) {
		pipeline_give_ahead(pl, pl->parsed, 0);
		pipeline_give_ahead(pl, pl->parsed - 1, 1);
		if (pl->parsed > PIPELINE_GIVE_LAG)
			pipeline_publish_to(pl, pl->parsed -
			    PIPELINE_GIVE_LAG);
		return;
	}
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

void
pipeline_wall(struct pipeline *pl, int64_t wall_ms)
{
	alerter_wall(pl->al, wall_ms);
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
	alerter_drain(pl->al);
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

int
pipeline_hand(struct pipeline *pl, const char *dir, const char *topic,
    const int32_t *parts, size_t n, int give)
{
	int	 rc;

	pipeline_sync(pl);
	rc = tier_hand_parts(pl->an, pl->nan, pl->id, dir, topic, parts, n,
	    give);
	if (!give)
		pipeline_ahead_again(pl);
	return rc;
}

int
pipeline_hand_topic(struct pipeline *pl, struct kstate *ks,
    const char *topic, const int32_t *parts, size_t n, int give)
{
	pipeline_sync(pl);
	return tier_hand_topic(pl->an, pl->nan, pl->id, ks, topic, parts, n,
	    give);
}

const struct pipeline_stats *
pipeline_stats(struct pipeline *pl)
{
	const struct alerter_stats	*as = alerter_stats(pl->al);

	pl->st.findings = as->findings;
	pl->st.alerts = as->alerts;
	pl->st.alerts_lost = as->alerts_lost;
	pl->st.finding_records = pl->tout.findings[0];
	pl->st.finding_records_lost = pl->tout.findings[1];
	pl->st.contribution_records = pl->tout.contribs[0];
	pl->st.contribution_records_lost = pl->tout.contribs[1];
	return &pl->st;
}

const struct aggregate_stats *
pipeline_aggregate_stats(const struct pipeline *pl)
{
	return alerter_aggregate_stats(pl->al);
}

const struct analyzer_inst *
pipeline_analyzers(const struct pipeline *pl, size_t *n)
{
	*n = pl->nan;
	return pl->an;
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
pipeline_analyzer_stats(struct pipeline *pl, size_t i)
{
	json_t	*j;

	if (i >= pl->nan || pl->an[i].ops->stats == NULL)
		return NULL;
	/* What the workers count is theirs until their events are done. */
	pipeline_sync(pl);
	if (pl->wk != NULL && (j = workers_stats(pl->wk, i)) != NULL)
		return j;
	return pl->an[i].ops->stats(pl->an[i].ctx);
}

const struct incident_stats *
pipeline_incident_stats(const struct pipeline *pl)
{
	return alerter_incident_stats(pl->al);
}

json_t *
pipeline_rule_stats(const struct pipeline *pl)
{
	return alerter_rule_stats(pl->al);
}
