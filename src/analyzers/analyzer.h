/*
 * The analyzer interface.  Each analyzer is one file and one row in the
 * table in analyzer.c.  Analyzers read events, keep their own state, and
 * report findings through the emitter; the pipeline decides which
 * findings become alerts and hands all of them to the composite analyzer.
 * Time is always event time.
 */
#ifndef DETECTD_ANALYZER_H
#define DETECTD_ANALYZER_H

#include <stddef.h>
#include <stdint.h>

#include "logevent.h"

struct ruleset;
struct finding;

struct emitter {
	void		(*emit)(void *arg, const struct finding *);
	void		*arg;
};

struct analyzer_ops {
	const char	*name;
	void		*(*new)(const struct ruleset *, const struct emitter *);
	void		 (*free)(void *);
	/* A new rule set was swapped in; keep learned state where it fits. */
	int		 (*reload)(void *, const struct ruleset *);
	void		 (*process)(void *, const struct logevent *);
	/* Event time moved forward to now_ms. */
	void		 (*tick)(void *, int64_t now_ms);
	/* End of replay or shutdown: report what windows hold. */
	void		 (*flush)(void *);
};

extern const struct analyzer_ops analyzer_match;

const struct analyzer_ops *const *analyzer_table(size_t *n);

#endif
