/*
 * The alert builder: turns a finding into the phase-A event record, one
 * JSON object (ECS names where they exist, the phase-A facts under
 * "incident"), as documented in detectd.alerts(5) and
 * schema/alert.schema.json.
 */
#ifndef DETECTD_ALERT_H
#define DETECTD_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

#include <jansson.h>

#include "rules/rule.h"

struct finding;

struct alert_ctx {
	const char	*hostname;	/* observer.hostname */
	const char	*ruleset;	/* rule.ruleset */
	const char	*version;	/* observer.version */
	int64_t		 now_ms;	/* event.created; 0 = wall clock */
	size_t		 evidence_max;	/* bytes of a raw line kept; 0 = 2048 */
};

/* event.id is the finding's id: finding_id() in analyzers/finding.h. */

/* The levels an alert carries, when they are not its rule's own. */
struct alert_levels {
	enum level	 importance;
	enum level	 priority;
};

/*
 * New reference to the record, or NULL on allocation failure.  lv NULL:
 * the rule's levels.
 */
json_t	*alert_build(const struct alert_ctx *, const struct finding *,
	    const struct alert_levels *lv);

/*
 * The record as one line of compact JSON with its trailing newline, in
 * buf (grown as needed, reused between calls).  Returns its length, or -1.
 */
ssize_t	 alert_format(const struct alert_ctx *, const struct finding *,
	    char **buf, size_t *cap);

#endif
