/*
 * The analyzer interface.  Each analyzer is one file and one row in the
 * table in analyzer.c.  Analyzers read events, keep their own state, and
 * report findings through the emitter; the alert stage (alert/alerter.h)
 * decides which findings become alerts, lets the analyzers annotate the
 * records, and tells those that follow findings (the composite
 * analyzer) of every one.  The daemon reaches an analyzer only through
 * this table: no analyzer is named outside analyzer.c.  Time is always
 * event time.
 */
#ifndef DETECTD_ANALYZER_H
#define DETECTD_ANALYZER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "analyzers/identity.h"
#include "event/logevent.h"
#include "conf/conf.h"

struct ruleset;
struct finding;
struct rule;
struct identity;
struct rule_analyzer;
struct endpoint_id;
struct contrib;

/* The longest name given to the parts (struct part_given). */
#define ANALYZER_GIVEN_NAME	96

/*
 * What the reading thread works out for the parts of an analyzer split
 * in parts, per user of an event, before it hands the event over: the
 * endpoint, as the reading thread's identity table resolves it (kind
 * -1: none, the parts key by the event's own fields), and what the
 * analyzer's part_give learns from every event in their order for all
 * the parts at once (named: it ran; the destination's name the endpoint
 * was told, name_len 0: none), which each part would otherwise learn
 * for itself.
 */
struct part_given {
	struct endpoint_key	 ek;
	int			 named;
	uint8_t			 name_len;
	char			 name[ANALYZER_GIVEN_NAME];
};

/* What analyzers learn about where they run. */
struct analyzer_env {
	const char	*state_dir;	/* baselines persist here */
	int		 replay;	/* reading files once (-r), not live */
	/*
	 * The pipeline's endpoint identity table, learned from every event
	 * before the analyzers see it; NULL when there is none (tests).
	 */
	struct identity	*identity;
	/*
	 * Which composite rules run here (detectd.conf(5), "tier"): all of
	 * them, all but those the findings tier serves (a first tier that
	 * writes findings for it), or only those (the findings tier).
	 */
	int		 tier;		/* ANALYZER_TIER_* */
	/*
	 * A first tier that writes finding records: where the composite
	 * analyzer hands the contributions of the rules the tier serves
	 * from log lines (contrib.h); fn NULL: none, those rules are off.
	 */
	struct contrib_sink {
		void	(*fn)(void *arg, const struct contrib *);
		void	*arg;
	}		 contrib;
};

#define ANALYZER_TIER_ALL	0
#define ANALYZER_TIER_LOCAL	1
#define ANALYZER_TIER_CROSS	2

struct emitter {
	void		(*emit)(void *arg, const struct finding *);
	void		*arg;
};

/* Its findings are alerts it revises itself: never aggregated. */
#define ANALYZER_REVISES	0x01
/*
 * What it finds in an event depends on the event and the rule set
 * alone: it keeps no state from one event to the next (tick and flush
 * do nothing, counters aside), so worker threads may run copies of it,
 * each with a rule set of its own (workers.h).
 */
#define ANALYZER_PURE		0x02

struct analyzer_ops {
	const char	*name;
	unsigned	 flags;		/* ANALYZER_* */
	void		*(*new)(const struct ruleset *, const struct emitter *,
			    const struct analyzer_env *);
	void		 (*free)(void *);
	/* A new rule set was swapped in; keep learned state where it fits. */
	int		 (*reload)(void *, const struct ruleset *);
	void		 (*process)(void *, const struct logevent *);
	/* Event time moved forward to now_ms. */
	void		 (*tick)(void *, int64_t now_ms);
	/* End of replay or shutdown: report what windows hold. */
	void		 (*flush)(void *);
	/* What rules that name it may say (rule.h); name is the same. */
	const struct rule_analyzer *rules;
	/*
	 * Optional.  The pipeline parses a few events ahead of the one it
	 * hands to process, and calls this for each of them, stage 0 then
	 * (ANALYZER_STEP events later) stage 1, so that an analyzer
	 * whose tables are too big for the caches can start loading what
	 * the event will need: stage 0 typically the hash buckets, stage 1
	 * the entries they name.  It must not change what process will do;
	 * it may keep what it worked out, by ev->seq, for process to reuse.
	 */
	void		 (*prefetch)(void *, const struct logevent *, int stage);
	/*
	 * Optional.  Complete the alert record built from a finding of any
	 * analyzer (incident.endpoint, a composite rule's path).
	 */
	void		 (*annotate)(void *, const struct finding *, json_t *rec);
	/*
	 * Optional.  Every finding of the other analyzers, after the alert
	 * stage: the id of its alert in effect (or the one it would have:
	 * finding_id) and whether it alerted.
	 */
	void		 (*finding)(void *, const struct finding *,
			    const char *alert_id, int alerted);
	/*
	 * Optional.  A finding another instance made (the findings tier,
	 * findrec.h), with the endpoint its identity table resolved.
	 */
	void		 (*remote)(void *, const struct finding *,
			    const char *alert_id, int alerted,
			    const struct endpoint_id *);
	/*
	 * Optional.  A contribution record another instance wrote (the
	 * findings tier, contrib.h), for the rule it names.
	 */
	void		 (*contribution)(void *, const struct contrib *);
	/*
	 * Optional.  The hand-over of the per-endpoint state of a shard
	 * (logevent.shard: a Kafka partition) that moves to another
	 * instance.  hand_save writes it as lines and forgets it (0, or -1
	 * when it could not write); hand_line takes one of those lines
	 * back at the new owner, into shard (1, or -1 when malformed).
	 */
	int		 (*hand_save)(void *, FILE *, uint32_t shard);
	int		 (*hand_line)(void *, uint32_t shard, char *line);
	/*
	 * Optional, the three or none: the analyzer's rules can run on
	 * several threads at once, in parts (worker threads, workers.h).
	 * split divides them into n parts, whose findings go to ems[i]
	 * and whose conditions are evaluated on rss[i], a rule set of the
	 * same rules, that thread's (a condition keeps scratch); with n 1
	 * everything is one part again, on the caller, as without (-1: no
	 * memory, left as it was).  Split again in as many parts, after a
	 * reload, it only takes the new emitters and rule sets.  part_process runs part
	 * i of the rules on one user of an event, with what the reading
	 * thread worked out for it ahead (struct part_given, NULL: nothing,
	 * the part works it out itself); each part sees every event, in
	 * their order, on one thread at a time, and no state is shared
	 * between parts.
	 * idle is called on the reading thread with every event given to
	 * the parts done: what tick put off (saving), and moving rules
	 * between parts.  With parts, tick (on the reading thread, parts
	 * busy) only notes the time; every other operation is called with
	 * the parts idle.
	 */
	int		 (*split)(void *, size_t n, const struct emitter *ems,
			    const struct ruleset *const *rss);
	void		 (*part_process)(void *, size_t part,
			    const struct logevent *,
			    const struct part_given *);
	void		 (*idle)(void *);
	/*
	 * Optional, with them: as prefetch, for part i, on the part's
	 * thread, some events ahead of part_process; at stage 0 a copy
	 * whose memo is the thread's (it tests conditions), at stage 1
	 * the event itself (it may only load memory then).
	 */
	void		 (*part_prefetch)(void *, size_t part,
			    const struct logevent *,
			    const struct part_given *, int stage);
	/*
	 * Optional, with them: on the reading thread, for every user of
	 * every event in their order before the parts get it, what the
	 * analyzer learns from each event for all its parts, into g (g->ek
	 * set, the rest the analyzer's).
	 */
	void		 (*part_give)(void *, const struct logevent *,
			    struct part_given *g);
	/*
	 * Optional, with part_give: on the reading thread, two events and
	 * then one before part_give (stage 0, then 1), what it will look
	 * up starts loading.  It may only load memory.
	 */
	void		 (*give_prefetch)(void *, const struct logevent *,
			    int stage);
	/* Optional.  Bytes of the tables each event looks up. */
	size_t		 (*table_bytes)(const void *);
	/* Optional.  Its counters for the statistics file, a new value. */
	json_t		*(*stats)(void *);
};

/* A running analyzer: its table row and its state. */
struct analyzer_inst {
	const struct analyzer_ops	*ops;
	void				*ctx;
};

/*
 * How many events the pipeline parses ahead of the one it processes.
 * An event parsed at step k is prefetched by the identity table at steps
 * k (stage 0) and k + ANALYZER_STEP (stage 1), by the analyzers at
 * k + 2 ANALYZER_STEP and k + 3 ANALYZER_STEP, and processed at
 * k + ANALYZER_AHEAD: each stage has the time of a few events to load.
 */
#define ANALYZER_AHEAD	8
#define ANALYZER_STEP	(ANALYZER_AHEAD / 4)

/* The analyzer of that name, or NULL. */
const struct analyzer_ops	*analyzer_lookup(const char *);

extern const struct analyzer_ops analyzer_match;
extern const struct analyzer_ops analyzer_stats;
extern const struct analyzer_ops analyzer_composite;
extern const struct rule_analyzer match_rules;
extern const struct rule_analyzer stats_rules;
extern const struct rule_analyzer composite_rules;

const struct analyzer_ops *const *analyzer_table(size_t *n);
/* The analyzers as the rules see them, for ruleset_new. */
const struct rule_analyzer *const *analyzer_rule_table(size_t *n);
/* An empty rule set whose rules may name every analyzer (tests, tools). */
struct ruleset	*analyzer_ruleset_new(const char *name);

#endif
