/*
 * A rule set: the rules and indicator lists loaded from the rule files.
 * Built complete, validated, then swapped in by pointer on reload; never
 * changed while in use.
 */
#ifndef DETECTD_RULESET_H
#define DETECTD_RULESET_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"
#include "conf/conf.h"

struct rule;
struct list;
struct prefilter;
struct geo;
struct profiles;
struct suppress;
struct ruleset_toggle;
struct rule_analyzer;
struct sigma;

struct ruleset {
	char		 *name;
	struct rule	**rules;
	size_t		  nrules;
	size_t		  rcap;
	struct list	**lists;
	size_t		  nlists;
	size_t		  lcap;
	struct prefilter *pf;		/* literals of every regex */
	struct geo	 *geo;		/* country database, or NULL */
	struct profiles	 *profiles;	/* normal-business profiles */
	struct suppress	 *suppress;	/* exceptions */
	struct ruleset_toggle *toggles;	/* enable/disable by id */
	size_t		  ntoggles;
	uint64_t	 *rhash;	/* per rule: hash of its text */
	size_t		  rhcap;	/* rules rhash has room for */
	const struct rule_analyzer *const *an;	/* what "analyzer" may name */
	size_t		  nan;
	struct sigma	 *sigma;	/* Sigma rules' state, or NULL */
};

/*
 * an: the analyzers a rule may name and the options each adds (rule.h),
 * given by the daemon; it must outlive the rule set.  With none, rules
 * have the default analyzer and its options only.
 */
struct ruleset	*ruleset_new(const char *name,
		    const struct rule_analyzer *const *an, size_t nan);
/* The analyzer of that name among those given to ruleset_new, or NULL. */
const struct rule_analyzer *ruleset_analyzer(const struct ruleset *,
		    const char *name);
void		 ruleset_free(struct ruleset *);

/*
 * Handle one top-level statement of a rule file: list, rule, profile,
 * suppress, enable, disable, country-database.
 */
int		 ruleset_statement(struct ruleset *, const struct cnode *,
		    struct cerrors *);
/*
 * Add a rule built elsewhere (the Sigma loader); hash tells a changed
 * rule on reload.  The rule set owns r from here on, also on failure.
 */
int		 ruleset_add(struct ruleset *, struct rule *, uint64_t hash);
/*
 * The statements of block n (a rule block's children) applied to a rule
 * built elsewhere, as a rule block's are: the Sigma correlations.
 */
int		 ruleset_rule_apply(struct ruleset *, struct rule *,
		    const struct cnode *n, struct cerrors *);
/* Checks across statements (duplicate ids, ...), after all are read. */
int		 ruleset_finish(struct ruleset *, struct cerrors *);

struct list	*ruleset_list(const struct ruleset *, const char *name);
const struct rule *ruleset_rule(const struct ruleset *, const char *id);

/*
 * A new event is about to be evaluated against the rules: the regex
 * prefilter forgets the fields it scanned for the previous one.  Call it
 * once per event before cond_eval on conditions of this rule set.
 */
void		 ruleset_event_begin(const struct ruleset *);
/* Log what a reload changes: rules added, removed, changed; lists. */
void		 ruleset_diff_log(const struct ruleset *old,
		    const struct ruleset *new);

#endif
