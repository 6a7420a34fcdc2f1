/*
 * The options of rules that say "analyzer stats": what statistic, over
 * which fields, in what window, against what threshold or baseline.
 * Parsed into struct stats_params, which the rule owns (rule->params).
 * detectd.rules(5) documents them.
 */
#ifndef DETECTD_STATSRULE_H
#define DETECTD_STATSRULE_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"
#include "conf/conf.h"

struct rule;
struct stats_kind;

#define STATS_MAXBY	4
#define STATS_DAY_MS	86400000LL
#define STATS_HOUR_MS	3600000LL

/* Fields the statistics can group or count by, beyond the event's own. */
enum stats_derived {
	SD_NONE = 0,
	SD_ENDPOINT,		/* source.ip, else source.address, else user.name */
	SD_DESTINATION,		/* destination.domain, else destination.ip */
	SD_DST_REGDOM,		/* destination.registered_domain */
	SD_DNS_REGDOM,		/* dns.question.registered_domain */
	SD_DNS_SUBDOM,		/* dns.question.subdomain */
	SD_DST_NET		/* registered domain, else internal address,
				   else public /24 or /48 */
};

struct stats_field {
	const char		*name;
	const struct field_def	*fd;	/* NULL for a derived field */
	enum stats_derived	 derived;
	/* Derived: the event fields it is taken from, resolved once. */
	const struct field_def	*alt[3];
};

enum stats_baseline {
	SB_NONE = 0,
	SB_ROLLING,
	SB_HOUR_OF_DAY
};

enum stats_persist {
	SP_LIVE = 0,		/* save baselines unless replaying */
	SP_ALWAYS,
	SP_NEVER
};

struct stats_params {
	const struct stats_kind	*kind;		/* statskind.h; NULL: not yet */
	struct stats_field	 what;		/* distinct, sum, rare */
	struct stats_field	 by[STATS_MAXBY];
	size_t			 nby;
	int64_t			 window_ms;
	double			 threshold;	/* 0: none */
	double			 min_ratio;	/* count: 0 = not a ratio */
	uint32_t		 min_events;
	uint32_t		 min_conn;	/* beacon */
	int64_t			 min_span_ms;	/* beacon: first to last */
	int64_t			 min_period_ms;	/* beacon */
	double			 entropy_bits;	/* distinct: 0 = not used */
	uint32_t		 entropy_count;
	enum stats_baseline	 baseline;
	uint32_t		 base_windows;	/* samples kept */
	double			 deviation;	/* in scales above the median */
	double			 above_usual;	/* sum: times the endpoint's usual */
	double			 floor;
	uint32_t		 learn;		/* samples before judging */
	uint32_t		 learn_active;	/* of them with events */
	int64_t			 learn_ms;	/* rare: event time before */
	uint32_t		 max_endpoints;	/* rare */
	enum stats_persist	 persist;
	uint32_t		 max_entries;
	uint32_t		 max_distinct;
	unsigned char		 seen[32];	/* options given, by index */
};

int		 statsrule_option(struct rule *, const struct cnode *,
		    struct cerrors *);
int		 statsrule_check(struct rule *, const struct cnode *,
		    struct cerrors *);
/* A field the statistics know, by name (event field or derived). */
int		 statsrule_field(const char *, struct stats_field *);
/*
 * A kind's defaults for the options every kind has: max-entries, and
 * group-by the fields named in by (NULL-terminated) when none is given.
 */
void		 statsrule_defaults(struct stats_params *, uint32_t max_entries,
		    const char *const *by);
/* Text identifying what the state of a rule means, to keep it across
 * reloads and restarts only when it still means the same. */
void		 statsrule_signature(const struct stats_params *, char *,
		    size_t);

#endif
