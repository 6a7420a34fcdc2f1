/*
 * Incidents: alerts that belong to one attack, grouped (phase B, "relate
 * a new event to the incidents being handled").  Every alert record gets
 * incident.id, and the incident's furthest attack stage so far.
 *
 * The rules, applied to each record in the order the alert stage writes
 * them, on event time only (so a replay gives the ids watching the same
 * lines live gives):
 *
 *   1. An alert's links are its own event.id and the ids under
 *      incident.related_alerts (exact links: they join whatever the
 *      time), its endpoint (incident.endpoint.key), every endpoint of a
 *      composite alert's chain (incident.composite.endpoints), and its
 *      indicator (threat.indicator.name).  An endpoint or indicator link
 *      joins only an incident that saw it within the window: at most
 *      window_ms of event time between the two alerts' event.end.
 *   2. No link to an open incident: a new one, whose id is
 *      "INC-YYYYMMDD-" and 12 hex digits of a hash of the first alert's
 *      event.id (the date is its event time, UTC).  The first alert
 *      decides it, so the id is the same in every run.
 *   3. Links to one incident: the alert joins it.
 *   4. Links to several: they become one, the one opened first (earliest
 *      first alert, then the smaller id), and the record names the
 *      others under incident.merged.
 *
 * Destinations other than a listed indicator are not links: popular
 * services would tie every endpoint into one incident.
 *
 * The incident's stage is the highest attack_stage.number of its
 * alerts.  Each assignment can also give the incident's own record (one
 * per update, event.id the incident's id, incident.revision growing),
 * for outputs that take incidents rather than alerts.
 *
 * State is bounded: at most max incidents; past it, the least recently
 * seen 10% are forgotten (counted in evicted); and at most
 * INCIDENT_LINKS_PER * max links; past it, the least recently seen tenth
 * of the links (counted in links_evicted).  It persists in a state
 * file (JSON lines, written atomically) so that a restart continues the
 * same incidents.
 */
#ifndef DETECTD_INCIDENT_H
#define DETECTD_INCIDENT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define INCIDENT_WINDOW		(24LL * 3600 * 1000)	/* default, ms */
#define INCIDENT_MAX		10000		/* incidents kept */
#define INCIDENT_LIST_MAX	100		/* names in each list */
#define INCIDENT_LINKS_PER	20		/* links kept per incident kept */
#define INCIDENT_STATE_FILE	"incidents"

struct incident_stats {
	uint64_t	 opened;	/* new incidents */
	uint64_t	 joined;	/* records that joined an open one */
	uint64_t	 merged;	/* incidents merged into another */
	uint64_t	 evicted;	/* forgotten: table full */
	uint64_t	 links_evicted;	/* links forgotten: too many */
	uint64_t	 bad;		/* records without event.id, or lines
					   of the state file not understood */
	size_t		 open;		/* incidents kept now */
	size_t		 links;		/* links kept now */
};

struct incidents;

struct incidents *incidents_new(int64_t window_ms, size_t max);
void		 incidents_free(struct incidents *);
/* A reload: links already made keep; new joins use the new window. */
void		 incidents_set_window(struct incidents *, int64_t window_ms);
/*
 * Give the alert record rec its incident: incident.id,
 * incident.stage_reached and, when incidents merged, incident.merged.
 * *update, when not NULL, gets a new reference to the incident's record
 * after this alert (or NULL).  0, or -1 when rec could not be grouped
 * (no event.id, no memory): it is then written as it is.
 */
int		 incidents_assign(struct incidents *, json_t *rec,
		    json_t **update);
/* 0 when missing (a first start); -1 when unreadable.  Bad lines count. */
int		 incidents_load(struct incidents *, const char *path);
/* Written whole by a rename; nothing when nothing changed.  0 or -1. */
int		 incidents_save(struct incidents *, const char *path);
const struct incident_stats *incidents_stats(const struct incidents *);

#endif
