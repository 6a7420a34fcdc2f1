/*
 * How far the statistical rules have learnt, for detectd -n: read the
 * baseline file (stats.c writes it) for each rule's "since" (its first
 * event) and "seen" (the latest event time when it was saved), without
 * building the analyzer.  A rule's lines count only under its own id and
 * signature, as when the daemon loads them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/stats.h"
#include "analyzers/statsrule.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "util/log.h"
#include "util/safefs.h"

struct slearn {
	const char	*id;
	char		 sig[256];
	int64_t		 since_ms;
	int64_t		 seen_ms;
	int		 found;
};

/* The since and seen lines of l's rule in fp. */
static void
statslearn_scan(FILE *fp, struct slearn *l)
{
	char	*line = NULL, head[512];
	size_t	 cap = 0;
	ssize_t	 len;
	int	 in = 0;

	snprintf(head, sizeof(head), "rule %s %s", l->id, l->sig);
	rewind(fp);
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (strncmp(line, "rule ", 5) == 0) {
			in = strcmp(line, head) == 0;
			l->found |= in;
		} else if (in && strncmp(line, "since ", 6) == 0)
			l->since_ms = strtoll(line + 6, NULL, 10);
		else if (in && strncmp(line, "seen ", 5) == 0)
			l->seen_ms = strtoll(line + 5, NULL, 10);
	}
	free(line);
}

static int
statslearn_rule(FILE *fp, const struct rule *r, const struct stats_params *p)
{
	struct slearn	 l;
	double		 days, need = (double)p->learn_ms / STATS_DAY_MS;

	memset(&l, 0, sizeof(l));
	l.id = r->id;
	statsrule_signature(p, l.sig, sizeof(l.sig));
	if (fp != NULL)
		statslearn_scan(fp, &l);
	if (!l.found || l.since_ms == 0 || l.seen_ms < l.since_ms) {
		log_info("stats rule %s: learning not begun (%.1f days of "
		    "event time to learn)", r->id, need);
		return 1;
	}
	days = (double)(l.seen_ms - l.since_ms) / STATS_DAY_MS;
	if (l.seen_ms - l.since_ms >= p->learn_ms) {
		log_info("stats rule %s: learning complete (%.1f days of "
		    "event time observed, %.1f needed)", r->id, days, need);
		return 0;
	}
	log_info("stats rule %s: learning, %.1f of %.1f days of event time "
	    "observed", r->id, days, need);
	return 1;
}

int
stats_learning(const struct ruleset *rs, const char *state_dir)
{
	const struct stats_params	*p;
	const struct rule		*r;
	char				 path[1024];
	FILE				*fp = NULL;
	size_t				 i;
	int				 n = 0;

	if (state_dir != NULL) {
		snprintf(path, sizeof(path), "%s/%s", state_dir,
		    STATS_STATE_FILE);
		if ((fp = safefs_fopen_read(path)) == NULL && errno != ENOENT)
			log_warn("%s", path);
	}
	for (i = 0; i < rs->nrules; i++) {
		r = rs->rules[i];
		p = r->params;
		if (!r->enabled || strcmp(r->analyzer, "stats") != 0 ||
		    p == NULL || p->kind == NULL || p->learn_ms <= 0)
			continue;
		n += statslearn_rule(fp, r, p);
	}
	if (fp != NULL)
		fclose(fp);
	return n;
}
