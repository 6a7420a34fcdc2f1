/*
 * The alert stage (alerter.h): from a finding to the lines the outputs
 * take.  It owns the aggregation windows, the per-rule counts, the
 * buffer records are formatted in, and the copies of the names the
 * records carry; the analyzers and the importance table are borrowed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/aggregate.h"
#include "alert/alert.h"
#include "alert/alerter.h"
#include "alert/importance.h"
#include "alert/incident.h"
#include "alert/jdump.h"
#include "analyzers/finding.h"
#include "rules/rule.h"
#include "util/log.h"

struct alerter {
	struct alert_ctx		 actx;
	char				*hostname;
	char				*ruleset;
	const struct importance		*imp;
	struct aggregate		*agg;
	struct incidents		*inc;
	int64_t				 flush_ms;	/* aggregate_wall's grace */
	const struct analyzer_inst	*an;
	size_t				 nan;
	json_t				*rulestats;	/* rule id -> counts */
	char				*buf;		/* a record's line */
	size_t				 cap;
	alerter_write			 write;
	alerter_takes			 takes;
	void				*arg;
	alerter_sink			 sink;
	void				*sink_arg;
	struct alerter_stats		 st;
};

/* A record as one line in al->buf, with its newline; 0 on failure. */
static size_t
alerter_dump(struct alerter *al, json_t *rec)
{
	ssize_t		 len;

	len = jdump(rec, JSON_COMPACT | JSON_REAL_PRECISION(6), &al->buf,
	    &al->cap);
	if (len <= 0) {
		log_warnx("%s: alert could not be formatted", __func__);
		return 0;
	}
	al->buf[len++] = '\n';
	return (size_t)len;
}

/*
 * A record to the sink (also aggregate's emitter), in its incident, and
 * the incident's record after it.
 */
static void
alerter_out(void *arg, json_t *rec)
{
	struct alerter	*al = arg;
	json_t		*upd = NULL;
	size_t		 len;

	(void)incidents_assign(al->inc, rec, al->takes == NULL ||
	    al->takes(al->arg, ALERTER_INCIDENT) ? &upd : NULL);
	if ((len = alerter_dump(al, rec)) == 0) {
		al->st.alerts_lost++;
		json_decref(upd);
		return;
	}
	al->st.alerts++;
	al->st.alerts_lost += (uint64_t)al->write(al->arg, ALERTER_ALERT,
	    al->buf, len);
	if (upd != NULL && (len = alerter_dump(al, upd)) > 0) {
		al->st.incident_records++;
		(void)al->write(al->arg, ALERTER_INCIDENT, al->buf, len);
	}
	json_decref(upd);
}

/*
 * incident.raised_by and incident.lowered_by: why the assets, the score
 * or the ladder of statistical evidence moved the rule's levels.
 */
static int
alerter_moved_by(json_t *rec, unsigned moved, unsigned from, unsigned to,
    const char *name)
{
	json_t		*why;
	unsigned	 bit;

	if ((moved & (to | (to - 1)) & ~(from - 1)) == 0)
		return 0;
	if ((why = json_array()) == NULL)
		return -1;
	for (bit = from; bit <= to; bit <<= 1)
		if ((moved & bit) && json_array_append_new(why,
		    json_string(importance_reason(bit))) == -1) {
			json_decref(why);
			return -1;
		}
	return json_object_set_new(json_object_get(rec, "incident"), name,
	    why);
}

/* The record of f, with the levels the assets give, and why. */
static json_t *
alerter_build(struct alerter *al, const struct finding *f)
{
	struct alert_levels	 lv;
	unsigned		 moved;
	json_t			*rec;

	lv.importance = f->rule->importance;
	lv.priority = f->rule->priority;
	moved = importance_levels(al->imp, f, &lv.importance, &lv.priority);
	if ((rec = alert_build(&al->actx, f, &lv)) == NULL || moved == 0)
		return rec;
	if (alerter_moved_by(rec, moved, IMP_RAISED_SERVER, IMP_RAISED_SCORE,
	    "raised_by") == -1 || alerter_moved_by(rec, moved,
	    IMP_LOWERED_ALONE, IMP_LOWERED_POPULAR, "lowered_by") == -1) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

/* Count what a rule did, by id. */
static void
alerter_count(struct alerter *al, const struct rule *r, const char *what)
{
	json_t	*o, *n;

	if (al->rulestats == NULL)
		return;
	if ((o = json_object_get(al->rulestats, r->id)) == NULL) {
		o = json_pack("{s:I,s:I,s:I}", "findings", (json_int_t)0,
		    "alerts", (json_int_t)0, "aggregated", (json_int_t)0);
		if (o == NULL || json_object_set_new(al->rulestats, r->id,
		    o) == -1)
			return;
	}
	if ((n = json_object_get(o, what)) != NULL)
		json_integer_set(n, json_integer_value(n) + 1);
}

/* Whether f is a finding of an analyzer that revises its own alerts. */
static int
alerter_revises(const struct alerter *al, const struct finding *f)
{
	size_t	 i;

	if (f->rule->analyzer == NULL)
		return 0;
	for (i = 0; i < al->nan; i++)
		if (strcmp(al->an[i].ops->name, f->rule->analyzer) == 0)
			return (al->an[i].ops->flags & ANALYZER_REVISES) != 0;
	return 0;
}

/*
 * Tell the sink, then the analyzers that follow findings: a first tier's
 * finding record goes out before the contribution records the composite
 * analyzer makes of the same finding, so that the findings tier takes
 * them in the order one instance's rules would (spread rules first).
 */
static void
alerter_tell(struct alerter *al, const struct finding *f, const char *id,
    int alerted)
{
	size_t	 i;

	if (al->sink != NULL)
		al->sink(al->sink_arg, f, id, alerted);
	for (i = 0; i < al->nan; i++)
		if (al->an[i].ops->finding != NULL)
			al->an[i].ops->finding(al->an[i].ctx, f, id, alerted);
}

void
alerter_set_sink(struct alerter *al, alerter_sink sink, void *arg)
{
	al->sink = sink;
	al->sink_arg = arg;
}

static void
alerter_annotate(struct alerter *al, const struct finding *f, json_t *rec)
{
	size_t	 i;

	for (i = 0; i < al->nan; i++)
		if (al->an[i].ops->annotate != NULL)
			al->an[i].ops->annotate(al->an[i].ctx, f, rec);
}

/* The emitter's function: every finding of every analyzer. */
static void
alerter_finding(void *arg, const struct finding *f)
{
	struct alerter	*al = arg;
	const char	*rid;
	char		 id[FINDING_ID_LEN];
	json_t		*rec;
	int		 own = alerter_revises(al, f), folded = 0;

	al->st.findings++;
	alerter_count(al, f->rule, "findings");
	if (!own && !f->rule->alert) {
		finding_id(f, id);
		alerter_tell(al, f, id, 0);
		return;
	}
	if ((rec = alerter_build(al, f)) == NULL) {
		log_warnx("rule %s: alert could not be built", f->rule->id);
		al->st.alerts_lost++;
		return;
	}
	alerter_annotate(al, f, rec);
	if (own) {
		alerter_out(al, rec);
		rid = json_string_value(json_object_get(json_object_get(rec,
		    "event"), "id"));
	} else
		folded = aggregate_add(al->agg, rec, f->rule->aggregate_ms,
		    f->rule->aggregate_by, f->first_ms, f->last_ms, f->count,
		    &rid);
	alerter_count(al, f->rule, folded ? "aggregated" : "alerts");
	/* The id of the alert in effect: a folded hit names the open one. */
	snprintf(id, sizeof(id), "%s", rid != NULL ? rid : "");
	json_decref(rec);
	if (!own)
		alerter_tell(al, f, id, 1);
}

int
alerter_configure(struct alerter *al, const struct alerter_conf *c)
{
	char	*h, *r;

	if ((h = strdup(c->hostname)) == NULL ||
	    (r = strdup(c->ruleset)) == NULL) {
		free(h);
		log_warn("%s", __func__);
		return -1;
	}
	free(al->hostname);
	free(al->ruleset);
	al->hostname = h;
	al->ruleset = r;
	al->actx.hostname = al->hostname;
	al->actx.ruleset = al->ruleset;
	al->actx.version = DETECTD_VERSION;
	al->actx.evidence_max = c->evidence_max;
	al->imp = c->imp;
	al->flush_ms = c->aggregate_flush_ms;
	if (al->agg != NULL)
		aggregate_set_window(al->agg, c->aggregate_ms);
	if (al->inc != NULL)
		incidents_set_window(al->inc, c->incident_ms);
	return 0;
}

struct alerter *
alerter_new(const struct alerter_conf *c, alerter_write write,
    alerter_takes takes, void *arg)
{
	struct alerter	*al;

	if ((al = calloc(1, sizeof(*al))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	al->write = write;
	al->takes = takes;
	al->arg = arg;
	if (alerter_configure(al, c) == -1 ||
	    (al->rulestats = json_object()) == NULL ||
	    (al->inc = incidents_new(c->incident_ms, INCIDENT_MAX)) == NULL ||
	    (al->agg = aggregate_new(c->aggregate_ms, AGGREGATE_MAX,
	    alerter_out, al)) == NULL) {
		alerter_free(al);
		return NULL;
	}
	return al;
}

void
alerter_free(struct alerter *al)
{
	if (al == NULL)
		return;
	aggregate_free(al->agg);
	incidents_free(al->inc);
	json_decref(al->rulestats);
	free(al->buf);
	free(al->hostname);
	free(al->ruleset);
	free(al);
}

struct emitter
alerter_emitter(struct alerter *al)
{
	struct emitter	 em = { alerter_finding, al };

	return em;
}

void
alerter_set_analyzers(struct alerter *al, const struct analyzer_inst *an,
    size_t n)
{
	al->an = an;
	al->nan = n;
}

void
alerter_set_now(struct alerter *al, int64_t now_ms)
{
	al->actx.now_ms = now_ms;
}

void
alerter_tick(struct alerter *al, int64_t now_ms)
{
	aggregate_tick(al->agg, now_ms);
}

void
alerter_wall(struct alerter *al, int64_t wall_ms)
{
	aggregate_wall(al->agg, wall_ms, al->flush_ms);
}

void
alerter_drain(struct alerter *al)
{
	aggregate_drain(al->agg);
}

const struct alerter_stats *
alerter_stats(const struct alerter *al)
{
	return &al->st;
}

const struct aggregate_stats *
alerter_aggregate_stats(const struct alerter *al)
{
	return aggregate_stats(al->agg);
}

json_t *
alerter_rule_stats(const struct alerter *al)
{
	return json_deep_copy(al->rulestats);
}

int
alerter_incidents_load(struct alerter *al, const char *path)
{
	return incidents_load(al->inc, path);
}

int
alerter_incidents_save(struct alerter *al, const char *path)
{
	return incidents_save(al->inc, path);
}

const struct incident_stats *
alerter_incident_stats(const struct alerter *al)
{
	return incidents_stats(al->inc);
}
