/*
 * The composite analyzer (analyzer_composite in analyzer.h): findings of
 * the other analyzers, alerted or not, add up per endpoint and across
 * endpoints to the composite rules of the rule files (continuity,
 * combination, spread, propagation).  It completes every alert's
 * incident.endpoint from the endpoint identity table the daemon keeps
 * (identity.h).  detectd.rules(5) documents the rules, detectd.alerts(5)
 * the record.
 *
 * Through its ops (analyzer.h), the alert stage calls, for every finding
 * an analyzer emits:
 *	composite_annotate()	on the alert record built from it;
 *	composite_finding()	after it is written (or not), with its id.
 * Its own findings are alerts it revises (ANALYZER_REVISES).
 */
#ifndef DETECTD_COMPOSITE_H
#define DETECTD_COMPOSITE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct finding;

/* Whether the finding is a composite rule's own. */
int		 composite_own(const struct finding *);
/*
 * Every finding of the other analyzers, with the event.id its alert has
 * (or would have: finding_id()) and whether it was promoted.  state may be
 * NULL (no composite analyzer): nothing happens.
 */
void		 composite_finding(void *state, const struct finding *,
		    const char *alert_id, int promoted);
/*
 * Complete an alert record: incident.endpoint from the identity table,
 * and for a composite rule's alert its id, revision, related alerts,
 * evidence in time order, path and widened countermeasures.
 */
void		 composite_annotate(void *state, const struct finding *,
		    json_t *rec);

struct composite_stats {
	uint64_t	 contributions;	/* findings and events taken in */
	uint64_t	 alerts;	/* composite alerts, revision 1 */
	uint64_t	 updates;	/* later revisions */
	uint64_t	 folded;	/* satisfied again without growing */
	size_t		 groups;	/* windows and path nodes held */
	uint64_t	 evictions;	/* of windows, nodes and incidents */
	size_t		 memory;	/* bytes, identity included */
	size_t		 identities;	/* addresses and hosts known */
	uint64_t	 identity_evictions;
	uint64_t	 identity_moves;
};

void		 composite_stats(const void *state, struct composite_stats *);

#endif
