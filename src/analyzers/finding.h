/*
 * A finding: what an analyzer reports about one event or one window of
 * events.  Findings above their rule's threshold become alerts; all of
 * them feed the composite analyzer.
 */
#ifndef DETECTD_FINDING_H
#define DETECTD_FINDING_H

#include <stdint.h>

#include "event/logevent.h"
#include "rules/cond.h"

struct rule;

struct finding {
	const struct rule	*rule;
	const struct logevent	*ev;	/* the (last) evidence event */
	int64_t			 first_ms;	/* first evidence, event time */
	int64_t			 last_ms;	/* last evidence, event time */
	uint64_t		 count;		/* events behind the finding */
	double			 score;		/* 0..1 */
	struct indicator_hit	 ind;		/* ind.value NULL when none */
	const char		*reason;	/* reason with numbers, or NULL */
	unsigned		 flags;		/* FINDING_* */
};

/*
 * The destination is a popular one (a top-sites rank list, a vendor's
 * address ranges, or most of the organisation's endpoints use it): a
 * statistical finding about it is worth less (detectd.rules(5),
 * "Importance ladder").  Never set on a match.
 */
#define FINDING_POPULAR	0x1

/* The length of a finding id with its NUL. */
#define FINDING_ID_LEN	37

/*
 * Stable id: the same evidence under the same rule gives the same id in
 * replay and live, so ticketing can deduplicate on it.  out gets a
 * 36-character UUID-formatted string (version 8) and its NUL.
 */
void		 finding_id(const struct finding *, char out[FINDING_ID_LEN]);

#endif
