/*
 * The rule listing of detectd -l: one line per rule of a loaded rule
 * set, tab-separated after a header,
 *
 *	id  uuid  analyzer  source  state  name
 *
 * uuid is the Sigma id ("-" for the others), source the file:line where
 * the rule is written, state one of "enabled", "disabled" or what the
 * suppressions that name the rule do to it: "suppressed", "suppressed
 * until DATE", "suppressed in part (FILE:LINE)", several joined by "; ".
 *
 * Filters choose rules: a rule is listed when any filter is its id or
 * uuid, one of its tags (an ATT&CK technique, its viewpoint, its attack
 * stage key, its analyzer, a Sigma status or level, "sigma" for every
 * Sigma rule), or a part of its
 * name or description, all without regard to case.  No filter: every
 * rule.
 */
#ifndef DETECTD_RULELIST_H
#define DETECTD_RULELIST_H

#include <stddef.h>
#include <stdio.h>

struct ruleset;

/* The rules listed. */
size_t	 rulelist_print(FILE *, const struct ruleset *,
	    char *const *filters, size_t nfilters);

#endif
