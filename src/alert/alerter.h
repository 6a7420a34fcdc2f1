/*
 * The alert stage: every finding of every analyzer comes here, through
 * the emitter it hands the analyzers.  A finding whose rule alerts
 * becomes the phase-A record (alert.c) with the importance and priority
 * the assets give (importance.c), is completed by the analyzers that
 * annotate records (incident.endpoint, a composite rule's path and
 * related alerts), folded with repeats of the same alert (aggregate.c),
 * and written as one line through the sink the daemon gives.  Then the
 * analyzers that follow findings (the composite analyzer) hear of it,
 * alerted or not, with the id of the alert in effect.
 *
 * Findings of an analyzer that revises its own alerts (ANALYZER_REVISES
 * in analyzer.h: the composite rules) always alert, carry their own
 * revision, bypass aggregation and are not fed back to the analyzers.
 *
 * Every record written joins an incident (incident.h): it carries
 * incident.id, and the incident's own record after the update is
 * written too, as a record of kind ALERTER_INCIDENT, for the outputs
 * that take incidents.
 *
 * A reload gives new options (alerter_configure); open aggregation
 * windows, incidents and the counts stay.
 */
#ifndef DETECTD_ALERTER_H
#define DETECTD_ALERTER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "analyzers/analyzer.h"

struct aggregate_stats;
struct importance;

struct alerter_conf {
	const char		*hostname;	/* observer.hostname */
	const char		*ruleset;	/* rule.ruleset */
	size_t			 evidence_max;	/* bytes of a raw line kept */
	int64_t			 aggregate_ms;	/* 0: every alert by itself */
	int64_t			 aggregate_flush_ms;	/* aggregate_wall's grace; -1 off */
	int64_t			 incident_ms;	/* incident-window */
	/* Critical servers, VIP users; NULL: none.  Borrowed. */
	const struct importance	*imp;
};

/* What a record is: an alert, or an incident's record after an alert. */
enum alerter_kind {
	ALERTER_ALERT = 0,
	ALERTER_INCIDENT
};

/*
 * Where records go: one line with its newline, not kept.  Returns how
 * many outputs lost it.
 */
typedef int	 (*alerter_write)(void *arg, enum alerter_kind,
		    const char *line, size_t len);
/*
 * Whether any output takes records of a kind now; NULL: all do.  An
 * incident's record nobody takes is neither built nor written.
 */
typedef int	 (*alerter_takes)(void *arg, enum alerter_kind);

struct alerter_stats {
	uint64_t	 findings;
	uint64_t	 alerts;
	uint64_t	 alerts_lost;	/* could not be formatted or queued */
	uint64_t	 incident_records;	/* incident updates written */
};

struct incident_stats;

struct alerter;

struct alerter	*alerter_new(const struct alerter_conf *, alerter_write,
		    alerter_takes, void *arg);
/* Open aggregation windows are dropped: alerter_drain first. */
void		 alerter_free(struct alerter *);
int		 alerter_configure(struct alerter *,
		    const struct alerter_conf *);
/* The emitter the analyzers report their findings through. */
struct emitter	 alerter_emitter(struct alerter *);
/*
 * The running analyzers, asked to annotate records and told of
 * findings; the array must stay until the next call or alerter_free.
 */
void		 alerter_set_analyzers(struct alerter *,
		    const struct analyzer_inst *, size_t n);
/*
 * Where every finding the analyzers are told of goes too, with the same
 * alert id: the finding records of a first tier (findrec.h).  NULL: none.
 */
typedef void	 (*alerter_sink)(void *arg, const struct finding *,
		    const char *alert_id, int alerted);
void		 alerter_set_sink(struct alerter *, alerter_sink, void *arg);
/* Fix event.created (tests); 0 = wall clock. */
void		 alerter_set_now(struct alerter *, int64_t now_ms);
/* Event time moved to now_ms: aggregation windows that ended go out. */
void		 alerter_tick(struct alerter *, int64_t now_ms);
/* Live mode: the wall clock (monotonic ms) for aggregate_wall. */
void		 alerter_wall(struct alerter *, int64_t wall_ms);
/* Every open aggregation window goes out (end of replay, exit). */
void		 alerter_drain(struct alerter *);
const struct alerter_stats *alerter_stats(const struct alerter *);
const struct aggregate_stats *alerter_aggregate_stats(
		    const struct alerter *);
/*
 * Per rule id: findings, alerts written and hits folded into an open
 * aggregate, as a new JSON object {"ID": {"findings": n, ...}}; counts
 * are kept by id, so they outlive a reload.
 */
json_t		*alerter_rule_stats(const struct alerter *);
/* The incident table's state file (incident.h): 0 or -1. */
int		 alerter_incidents_load(struct alerter *, const char *path);
int		 alerter_incidents_save(struct alerter *, const char *path);
const struct incident_stats *alerter_incident_stats(const struct alerter *);

#endif
