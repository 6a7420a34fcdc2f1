/*
 * Contribution records: what a first-tier instance hands the
 * cross-endpoint tier ("tier findings", detectd.conf(5)) for the
 * composite rules that join endpoints and take log lines, so that the
 * tier runs them as one instance reading every line would.  A record
 * is one contribution to one rule, one JSON line:
 *
 *	{"contribution":{"version":1,"rule":"4000020","type":"reach",
 *	 "group":"4000020","endpoint":{"key":..,"ip":..,"host":..,"user":..},
 *	 "to":{...},"event":{"time":MS,"source":..,"file":..,"offset":N,
 *	  "line":..,"source.ip":.., ...}}}
 *
 * type "reach": a line where endpoint reached to (a network logon,
 * an administrative share, SMB or RPC through the firewall), for a
 * propagation rule.  type "event": a line the rule's own condition
 * selected (4000011: one account on many endpoints).  type "finding": a
 * finding a propagation rule takes, with a "finding" object laid out as
 * a finding record's (findrec.h) instead of endpoint and event: a
 * propagation path joins any endpoints, so its findings travel with its
 * edges under one key, whatever key the finding records have.
 *
 * The endpoints are those the first tier's identity table resolved at
 * the line's time; the event carries the fields the rules group by and
 * an alert shows (findrec.c) and the line as evidence.  "group" is the
 * key that brings a rule's records together on one member of a
 * partitioned tier: the user, destination or indicator of a spread rule,
 * the rule's id for a propagation rule (its graph is one group).  A
 * record of another version, or of a rule the tier's rule set does not
 * have, is refused.  schema/contribution.schema.json is the schema.
 */
#ifndef DETECTD_CONTRIB_H
#define DETECTD_CONTRIB_H

#include <stddef.h>

#include <jansson.h>

#include "analyzers/findrec.h"
#include "analyzers/identity.h"
#include "event/logevent.h"

#define CONTRIB_VERSION	1

struct rule;
struct ruleset;

enum contrib_type {
	CONTRIB_FINDING = 0,
	CONTRIB_EVENT,
	CONTRIB_REACH
};

struct contrib {
	const struct rule	*rule;		/* the rule it contributes to */
	enum contrib_type	 type;
	const char		*group;
	struct endpoint_id	 ep;		/* event, reach: its source */
	struct endpoint_id	 to;		/* reach: its target */
	const struct logevent	*ev;		/* event, reach */
	/* finding: the finding, its alert id, whether it alerted */
	const struct finding	*f;
	const char		*alert_id;
	int			 promoted;
	/* A decoded record's own: what the pointers above point into. */
	struct findrec		 fr;
	struct logevent		 evs;
	json_t			*root;
};

const char	*contrib_type_name(enum contrib_type);
/* The record of c as a new JSON object, or NULL. */
json_t		*contrib_encode(const struct contrib *);
/*
 * A record back: 0, or -1 with a reason in *err (not JSON, not a
 * contribution record, another version, no such rule, no endpoint).
 * c holds it until contrib_clear or the next decode; a zeroed struct
 * contrib is ready for the first.
 */
int		 contrib_decode(struct contrib *, const struct ruleset *,
		    const char *line, size_t len, const char **err);
void		 contrib_clear(struct contrib *);

#endif
