/*
 * A rule set: the rules and indicator lists loaded from the rule files.
 * Built complete, validated, then swapped in by pointer on reload; never
 * changed while in use.
 */
#ifndef DETECTD_RULESET_H
#define DETECTD_RULESET_H

#include <stddef.h>
#include <stdint.h>

#include "logevent.h"
#include "rules/conf.h"

struct rule;
struct list;

struct ruleset {
	char		 *name;
	struct rule	**rules;
	size_t		  nrules;
	size_t		  rcap;
	struct list	**lists;
	size_t		  nlists;
	size_t		  lcap;
};

struct ruleset	*ruleset_new(const char *name);
void		 ruleset_free(struct ruleset *);

/* Handle one top-level statement of a rule file: list or rule. */
int		 ruleset_statement(struct ruleset *, const struct cnode *,
		    struct cerrors *);
/* Whether a keyword is a rule-file statement ruleset_statement handles. */
int		 ruleset_keyword(const char *);
/* Checks across statements (duplicate ids, ...), after all are read. */
int		 ruleset_finish(struct ruleset *, struct cerrors *);

struct list	*ruleset_list(const struct ruleset *, const char *name);
const struct rule *ruleset_rule(const struct ruleset *, const char *id);

#endif
