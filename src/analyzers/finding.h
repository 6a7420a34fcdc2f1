/*
 * A finding: what an analyzer reports about one event or one window of
 * events.  Findings above their rule's threshold become alerts; all of
 * them feed the composite analyzer.
 */
#ifndef DETECTD_FINDING_H
#define DETECTD_FINDING_H

#include <stdint.h>

#include "event/logevent.h"

struct rule;

struct indicator_hit {
	const char	*value;		/* the indicator as listed */
	const char	*type;		/* "domain", "ipv4", "url", ... */
	const char	*list;		/* list name */
	const char	*source;	/* feed or file it came from */
	const char	*description;
	const char	*matched;	/* the event field it matched, e.g. "destination.domain" */
};

struct finding {
	const struct rule	*rule;
	const struct logevent	*ev;	/* the (last) evidence event */
	int64_t			 first_ms;	/* first evidence, event time */
	int64_t			 last_ms;	/* last evidence, event time */
	uint64_t		 count;		/* events behind the finding */
	double			 score;		/* 0..1 */
	struct indicator_hit	 ind;		/* ind.value NULL when none */
	const char		*reason;	/* reason with numbers, or NULL */
};

#endif
