/*
 * The interface between the statistical analyzer (stats.c) and its
 * statistic kinds: one struct stats_kind of functions per kind, defined
 * in the kind's own file, and one row per kind in statskind.c's table.
 *
 * stats.c owns the rules, their bounded tables of groups, the work
 * ahead (prefetch and memo), the findings and the baseline file; it
 * calls a kind once per rule for what is fixed by the rule, and once
 * per event for the group the event falls in.  A kind owns what a group
 * of its own holds (a struct beginning with struct stats_group), what an
 * event does to it, when that makes a finding and why, and what of it
 * persists.  The rule options are parsed by statsrule.c; a kind checks
 * and completes them when the rule's block ends.  A reload keeps a
 * rule's table when the rule still means the same (statsrule_signature),
 * so a kind sees its groups survive a reload untouched.
 */
#ifndef DETECTD_STATSKIND_H
#define DETECTD_STATSKIND_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analyzers/analyzer.h"
#include "analyzers/baseline.h"
#include "analyzers/lru.h"
#include "analyzers/statskey.h"
#include "analyzers/statsrule.h"
#include "conf/conf.h"
#include "event/logevent.h"

#define STATS_REASON_MAX	1024

struct rule;
struct stats_cans;

#define STATS_CFIELDS	8	/* fields a kept condition may read */

/*
 * Key bytes a group holds in itself; a longer key is allocated apart.
 * Most keys (an endpoint, with a destination and a port) fit, so that
 * making a group, and dropping one, costs no allocation and no cache
 * miss on a key elsewhere.
 */
#define STATS_KEY_INLINE	40

/*
 * What every group starts with: its key and when it was last reported.
 * The key is read through stats_group_key, since the table moves its
 * entries, and the inline bytes with them, when it grows; keylen 0: no
 * key yet.
 */
struct stats_group {
	uint16_t	 keylen;
	uint8_t		 src;		/* source kind of its last event */
	uint8_t		 alerted;
	uint32_t	 shard;		/* logevent.shard of its last event */
	int64_t		 alerted_ms;
	union {
		char	*p;			/* keylen > STATS_KEY_INLINE */
		char	 in[STATS_KEY_INLINE];
	}		 k;
};

static inline const char *
stats_group_key(const struct stats_group *g)
{
	return g->keylen <= STATS_KEY_INLINE ? g->k.in : g->k.p;
}

/* g's key, a copy of key[0..n) (n > 0): 0, or -1 out of memory. */
int		 stats_group_setkey(struct stats_group *, const char *key,
		    size_t n);
/* What stats_group_setkey allocated, freed; g has no key after. */
void		 stats_group_freekey(struct stats_group *);
/* The key stats_group_freekey will free, started loading. */
void		 stats_group_hint(const void *group);
/* The heap block free(p) will read the head of, started loading. */
static inline void
stats_free_hint(const void *p)
{
	if (p != NULL)
		__builtin_prefetch((const unsigned char *)p - 16, 1);
}

/* A statistical rule and its table of groups. */
struct stats_rule {
	const struct rule		*r;
	const struct stats_params	*p;
	const struct stats_kind		*k;		/* p->kind */
	struct lru			*t;
	struct lru			*aux;	/* the kind's own, or NULL */
	struct baseline_conf		 bc;
	char				 sig[256];
	uint64_t			 late;
	uint64_t			 findings;
	int64_t				 since_ms;	/* its first event */
	uint32_t			 hand_shard;	/* groups loaded go there */
	int				 all;	/* takes unselected events */
	/* the event at hand: its group, worked out before any lookup */
	int				 todo;
	int				 matched;
	size_t				 keylen;
	uint64_t			 hash;
	uint32_t			 who;		/* rare: its endpoint */
	const char			*kp;		/* key, or the memo's */
	/*
	 * An earlier rule of the same group-by fields, or NULL: when it
	 * built its key for the event at hand (key_pass is the pass's),
	 * this rule copies it, hash and all.
	 */
	const struct stats_rule		*twin;
	uint64_t			 key_pass;
	/*
	 * The same for the condition: an earlier rule of the same part
	 * whose condition is the same (cond_same), or NULL; when it was
	 * evaluated in this pass (cond_pass), its answer is this rule's.
	 */
	const struct stats_rule		*same_cond;
	uint64_t			 cond_pass;
	/* Its kept answer's key, when worked out ahead in pass ckey_pass. */
	uint64_t			 ckey;
	uint64_t			 ckey_pass;
	/*
	 * A kind of its own key (k->key) whose twin built the group's key
	 * in this pass: the key's statskey_hash_bytes, for the kind to
	 * take (rare: the endpoint it counts, as its saved state has it).
	 */
	uint64_t			 group_hash;
	int				 group_given;
	/* A kind's entry of a fixed key: its hash, 0 until worked out. */
	uint64_t			 fixed_hash;
	/*
	 * The answers of the rule's condition, kept from event to event
	 * by a hash of the values of the fields it reads (cfields), when
	 * it asks an indicator list (cond_fields); NULL: asked each time.
	 */
	struct stats_cans		*cans;
	const struct field_def		*cfields[STATS_CFIELDS];
	size_t				 ncfields;
	char				 key[STATSKEY_MAX];
};

/* What the kinds share with the analyzer while an event goes through. */
struct stats_ctx {
	struct emitter		 em;
	struct statskey_ep	 ep;		/* of the event at hand */
	int			 dirty;		/* baselines to save */
	struct logevent		 synth;
	char			 reason[STATS_REASON_MAX];
	/*
	 * A worker thread's part (stats.c): the same rules of the thread's
	 * own rule set, by the rule's index from base, whose conditions it
	 * evaluates (a condition keeps scratch: it is not evaluated by two
	 * threads at once); NULL, or a NULL entry: the rule's own.
	 */
	const struct rule	**own;
	const struct stats_rule	*base;
};

struct stats_kind {
	const char	*name;		/* "statistic NAME" */
	int		 field;		/* 1: "statistic NAME FIELD" */
	/*
	 * Rule options, 0 or -1 reported through errs: the statistic's
	 * field when it is given (may be NULL), then the whole rule when
	 * its block ends: defaults, and the options that do not apply.
	 */
	int		(*field_check)(const struct ctok *,
			    const struct stats_field *, struct cerrors *);
	int		(*check)(struct rule *, struct stats_params *,
			    const struct cnode *, struct cerrors *);
	/*
	 * The options only this kind takes: whether p has any (looking at
	 * nothing another kind's check fills in), and the words the other
	 * kinds refuse them with, after their own check.  May be NULL.
	 */
	int		(*owns)(const struct stats_params *);
	const char	*owned;
	/*
	 * Once per rule.  Whether it takes the events its condition does
	 * not select (sr->matched tells them apart); NULL: it does not.
	 */
	int		(*all_events)(const struct stats_params *);
	/* Bytes of a group, and what frees what it holds beyond its key. */
	size_t		 size;
	/* Where a rule's groups need fewer bytes than size; may be NULL. */
	size_t		(*size_of)(const struct stats_params *);
	lru_drop_fn	 drop;
	/*
	 * What drop frees, started loading when the group is likely the
	 * table's next to go (lru_set_hint); NULL: its key only
	 * (stats_group_hint, which a kind's own calls too).
	 */
	lru_hint_fn	 hint;
	/*
	 * Whether the rule has a second table of the same entries (size,
	 * drop; max-entries, at least 65,536) for what its groups share (an endpoint's
	 * usual, a destination's habit), kept apart so that many groups
	 * do not evict it.  May be NULL: none.
	 */
	int		(*aux)(const struct stats_params *);
	/*
	 * Per event.  key: ev's group in sr->key, keylen, hash (and who);
	 * -1 when ev has none.  NULL: the group-by fields (statskey_build).
	 * start (may be NULL): a group just made for ev.  event: what ev
	 * does to its group, and the finding if it makes one.
	 */
	int		(*key)(struct stats_rule *, const struct logevent *,
			    struct statskey_ep *);
	void		(*start)(struct stats_group *, const struct logevent *);
	void		(*event)(struct stats_ctx *, struct stats_rule *,
			    struct stats_group *, const struct logevent *);
	/*
	 * Work ahead, for the tables to start loading what an event will
	 * reach, each step a few events before the next.  Both are hints
	 * only: event works everything out for itself.  May be NULL.
	 * ahead: with the event's group key key[0..len) (ep as for key),
	 * the hash of the kind's own entry the event will also look up
	 * (in aux when the rule has one, else in t; 0: none), and in *val
	 * a number touch takes (a set's hash of the value it counts).
	 * touch: the event before is done; g the event's group (NULL: none
	 * yet), own and val ahead's.  It starts loading what the group
	 * points to; it reads only and marks nothing used (lru_peek), so
	 * that evictions stay the same.
	 */
	uint64_t	(*ahead)(const struct stats_rule *,
			    const struct logevent *, struct statskey_ep *,
			    const char *key, size_t len, uint32_t *val);
	void		(*touch)(const struct stats_rule *,
			    const struct stats_group *g, uint64_t own,
			    uint32_t val);
	/* End of replay or shutdown: what groups still hold.  May be NULL. */
	void		(*flush)(struct stats_ctx *, struct stats_rule *);
	/*
	 * The baseline file.  persists (NULL: never): whether the rule
	 * has anything to keep.  save: its lines after its "rule" line.
	 * load: one of them back; 1 a group, 0 another line, -1 malformed.
	 */
	int		(*persists)(const struct stats_params *);
	void		(*save)(FILE *, const struct stats_rule *);
	int		(*load)(struct stats_rule *, const char *line);
	/*
	 * The hand-over of a group to another instance when its Kafka
	 * partition moves: everything the group holds, its windows too, on
	 * the rest of one line, and back into a group just made (only the
	 * head set).  NULL: the kind's groups start afresh at the new owner.
	 */
	void		(*hsave)(FILE *, const struct stats_rule *,
			    const struct stats_group *);
	int		(*hload)(struct stats_rule *, struct stats_group *,
			    const char *);
	/* Bytes a group points to beyond its key (may be NULL: none). */
	size_t		(*memory)(const struct stats_rule *,
			    const struct stats_group *);
};

/* The kinds, one per file of src/analyzers; the table is statskind.c's. */
extern const struct stats_kind	statsbeacon_kind;
extern const struct stats_kind	statscount_count_kind;
extern const struct stats_kind	statscount_distinct_kind;
extern const struct stats_kind	statscount_sum_kind;
extern const struct stats_kind	statsrare_kind;

/* The kind of that name, or NULL. */
const struct stats_kind		*statskind_find(const char *);
const struct stats_kind *const	*statskind_table(size_t *n);
/* "beacon, count, distinct FIELD, ...": the kinds, for messages. */
void				 statskind_usage(char *, size_t);

/* For the kinds, from stats.c. */

/*
 * A finding of sr about group g, with the reason in c->reason and ev as
 * evidence; with no event (ev NULL), one made of the group's key.
 */
void		 stats_emit(struct stats_ctx *, struct stats_rule *,
		    const struct logevent *ev, const struct stats_group *g,
		    int64_t first, int64_t last, uint64_t count, double score);
/*
 * Whether the rule's "popular" condition holds for the finding's
 * evidence (ev, or with none one made of g's key at last); 0 without.
 */
int		 stats_popular(struct stats_ctx *, const struct stats_rule *,
		    const struct logevent *ev, const struct stats_group *g,
		    int64_t last);
/* The drop function of groups that hold nothing beyond their key. */
void		 stats_group_drop(void *, void *);
/* "WORD SRC HEXKEY ": the head of a group's line in the baseline file. */
void		 stats_group_save(FILE *, const char *word,
		    const struct stats_group *);
/*
 * The group a line stats_group_save began names, made in sr's table
 * under hash(key), and the rest of the line handed to read; 1, or -1
 * when malformed.  A group seen twice: the first stands.
 */
int		 stats_group_load(struct stats_rule *, const char *line,
		    uint64_t (*hash)(const char *, size_t),
		    int (*read)(struct stats_rule *, struct stats_group *,
		    const char *));
/* The same into the table t (sr's aux). */
int		 stats_group_load_into(struct stats_rule *, struct lru *t,
		    const char *line, uint64_t (*hash)(const char *, size_t),
		    int (*read)(struct stats_rule *, struct stats_group *,
		    const char *));

/*
 * Whether a group reported at alerted_ms stays quiet at t: within one
 * window either side, so that a source whose clock went back by more
 * than a window is judged afresh, as the same lines sorted would be.
 */
static inline int
stats_suppressed(const struct stats_group *g, int64_t window, int64_t t)
{
	return g->alerted && t < g->alerted_ms + window &&
	    t > g->alerted_ms - window;
}

#endif
