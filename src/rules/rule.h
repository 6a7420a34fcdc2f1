/*
 * A detection rule as loaded from the rule files, and the vocabulary of
 * the defence model it speaks: analysis viewpoint, attack stage, levels,
 * notify role and countermeasures.
 */
#ifndef DETECTD_RULE_H
#define DETECTD_RULE_H

#include <stddef.h>
#include <stdint.h>

enum viewpoint {
	VP_KNOWN_ATTACK = 0,	/* match: known attack */
	VP_NOT_NORMAL,		/* match: mismatch with normal business */
	VP_SIMILAR,		/* statistical: similar to known attacks */
	VP_DEVIATION,		/* statistical: deviation from normal */
	VP_COMPOSITE,		/* composite: same endpoint / across endpoints */
	VP_MAX
};

enum level {
	LVL_LOW = 1,
	LVL_MEDIUM,
	LVL_HIGH,
	LVL_CRITICAL
};

enum cm_target {
	CM_ACCOUNT = 0,
	CM_ENDPOINT,
	CM_SEGMENT,
	CM_SERVICE,
	CM_MAX
};

struct countermeasure {
	enum cm_target	 target;
	char		*action;	/* e.g. "block-destination" */
};

struct cond;

/*
 * A log the rule reads, when it says which (Sigma rules): lines of a
 * format (parser name), of one Windows event id (-1: any) and of one
 * channel (NULL: any).  The match analyzer indexes rules by these; the
 * condition itself still tells the lines apart exactly.
 */
struct rule_where {
	char		*format;
	int32_t		 eid;
	char		*channel;
};

struct rule {
	char		*id;		/* rule.id, e.g. "1000001" */
	char		*name;
	int		 revision;
	char		*description;
	char		*analyzer;	/* "match", "stats", "composite" */
	uint32_t	 sources;	/* bitmask of 1 << enum source_kind; 0 = all */
	struct cond	*cond;
	/*
	 * "popular CONDITION": the evidence event's destination is a
	 * popular one (top sites, vendor ranges).  Statistical rules only:
	 * their findings are then worth less, never hidden.  May be NULL.
	 */
	struct cond	*popular;
	enum viewpoint	 viewpoint;
	int		 stage;		/* attack stage 1..6 */
	enum level	 importance;
	enum level	 priority;
	char		*notify;	/* role to notify */
	char		*phenomenon;	/* what happened, one sentence */
	char		*reason;	/* why it is abnormal */
	char		*relevance;	/* relevance to the organisation */
	char		**techniques;	/* ATT&CK ids */
	size_t		 ntechniques;
	char		**references;	/* CVE ids, URLs */
	size_t		 nreferences;
	struct countermeasure *cms;
	size_t		 ncms;
	int		 enabled;
	int		 alert;		/* 0: findings only feed composite rules */
	int64_t		 aggregate_ms;	/* alert window; 0 off, -1 the global */
	int		 aggregate_by;	/* AGGREGATE_BY_* below */
	void		*params;	/* the analyzer's own options, owned */
	void		 (*params_free)(void *);
	char		*file;		/* where it was defined (the Sigma file) */
	int		 line;
	int		 col;		/* of its id; 0 for Sigma rules */
	/* Sigma rules only; NULL (and 0) for the others. */
	char		*uuid;		/* the Sigma id, also the rule's id */
	char		*author;
	char		*license;
	char		*status;	/* stable, test, experimental, ... */
	char		*level;		/* informational .. critical */
	struct rule_where *where;	/* none: every log */
	size_t		 nwhere;
};

/* What makes two alerts of a rule the same (aggregate-by). */
#define AGGREGATE_BY_DESTINATION	0	/* endpoint and destination */
#define AGGREGATE_BY_ENDPOINT		1	/* endpoint alone */

/*
 * An analyzer as the rules see it: the name "analyzer NAME" selects in a
 * rule block, and the options it adds to the block.  The daemon passes
 * the analyzers' table down to ruleset_new, so that the rules layer
 * names none of them.
 */
struct cnode;
struct cerrors;

struct rule_analyzer {
	const char	*name;
	/*
	 * An option of a rule that names this analyzer: 1 handled, 0 not
	 * an option of this analyzer, -1 wrong (reported through errs).
	 * Options go to rule->params.  May be NULL.
	 */
	int		(*option)(struct rule *, const struct cnode *,
			    struct cerrors *);
	/* After the rule's block: check it and fill defaults.  May be NULL. */
	int		(*check)(struct rule *, const struct cnode *,
			    struct cerrors *);
};

/* The analyzer every rule has unless it names another. */
#define RULE_ANALYZER_DEFAULT	"match"

void		 rule_free(struct rule *);

const char	*viewpoint_name(enum viewpoint);	/* "known-attack" */
const char	*viewpoint_analyzer(enum viewpoint);	/* "match" */
const char	*viewpoint_label(enum viewpoint);	/* human sentence */
int		 viewpoint_from_name(const char *);	/* -1 if unknown */
const char	*level_name(enum level);		/* "high" */
int		 level_from_name(const char *);		/* -1 if unknown */
const char	*stage_name(int);			/* "active C2 communication" */
const char	*stage_key(int);			/* "c2" */
int		 stage_from_name(const char *);		/* 1..6, or -1 */
const char	*cm_target_name(enum cm_target);
int		 cm_target_from_name(const char *);
/* Whether action is one of the documented actions for target. */
int		 cm_action_valid(enum cm_target, const char *);
/* One sentence saying what the action does, or NULL. */
const char	*cm_action_description(enum cm_target, const char *);

#endif
