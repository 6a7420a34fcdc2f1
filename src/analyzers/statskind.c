/*
 * The table of statistic kinds: what "statistic NAME" can name, and
 * where the statistical analyzer (stats.c) finds what that kind does.
 * Owns nothing but the table; statskind.h is the interface a kind
 * fills in.
 *
 * Adding a statistic kind is one file in src/analyzers, statsNAME.c,
 * defining its struct stats_kind (see statsbeacon.c for a small one),
 * one row in the table below and its extern line in statskind.h.  The
 * keyword comes from the row: "statistic NAME" finds it, and the
 * messages that list the statistics list it.  Options of its own, if
 * it needs any, are rows of statsrule.c's option table; its check
 * fills in their defaults, and the other kinds' checks refuse them.
 */
#include <stdio.h>
#include <string.h>

#include "analyzers/statskind.h"

/* In this order in messages; a rule names its kind, so order is free. */
static const struct stats_kind *const statskind_kinds[] = {
	&statsbeacon_kind,
	&statscount_count_kind,
	&statscount_distinct_kind,
	&statscount_sum_kind,
	&statsrare_kind,
};

#define STATSKIND_N	(sizeof(statskind_kinds) / sizeof(statskind_kinds[0]))

const struct stats_kind *
statskind_find(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < STATSKIND_N; i++)
		if (strcmp(statskind_kinds[i]->name, name) == 0)
			return statskind_kinds[i];
	return NULL;
}

const struct stats_kind *const *
statskind_table(size_t *n)
{
	*n = STATSKIND_N;
	return statskind_kinds;
}

void
statskind_usage(char *buf, size_t len)
{
	size_t	 i, o = 0;
	int	 w;

	buf[0] = '\0';
	for (i = 0; i < STATSKIND_N && o < len; i++) {
		w = snprintf(buf + o, len - o, "%s%s%s", i > 0 ? ", " : "",
		    statskind_kinds[i]->name,
		    statskind_kinds[i]->field ? " FIELD" : "");
		if (w < 0)
			break;
		o += (size_t)w;
	}
}
