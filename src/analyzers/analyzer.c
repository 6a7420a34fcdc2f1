#include <string.h>

#include "analyzers/analyzer.h"

/* Order matters: the composite analyzer sees the others' findings. */
static const struct analyzer_ops *const analyzers[] = {
	&analyzer_match,
	&analyzer_stats,
	&analyzer_composite,
};

const struct analyzer_ops *const *
analyzer_table(size_t *n)
{
	*n = sizeof(analyzers) / sizeof(analyzers[0]);
	return analyzers;
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
