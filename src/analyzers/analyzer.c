/*
 * The table of analyzers (analyzer.h), in the order the pipeline runs
 * them, and the same analyzers as the rules see them.  Adding an
 * analyzer is one file and one row in each table here.
 */
#include <string.h>

#include "analyzers/analyzer.h"
#include "rules/rule.h"
#include "rules/ruleset.h"

/* Order matters: the composite analyzer sees the others' findings. */
static const struct analyzer_ops *const analyzers[] = {
	&analyzer_match,
	&analyzer_stats,
	&analyzer_composite,
};

/* The same, in the same order, for the rules layer (rule.h). */
static const struct rule_analyzer *const rule_analyzers[] = {
	&match_rules,
	&stats_rules,
	&composite_rules,
};

const struct analyzer_ops *const *
analyzer_table(size_t *n)
{
	*n = sizeof(analyzers) / sizeof(analyzers[0]);
	return analyzers;
}

const struct rule_analyzer *const *
analyzer_rule_table(size_t *n)
{
	*n = sizeof(rule_analyzers) / sizeof(rule_analyzers[0]);
	return rule_analyzers;
}

struct ruleset *
analyzer_ruleset_new(const char *name)
{
	const struct rule_analyzer *const *an;
	size_t	 n;

	an = analyzer_rule_table(&n);
	return ruleset_new(name, an, n);
}

const struct analyzer_ops *
analyzer_lookup(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(analyzers) / sizeof(analyzers[0]); i++)
		if (strcmp(analyzers[i]->name, name) == 0)
			return analyzers[i];
	return NULL;
}
