/*
 * The match analyzer: known attacks (blacklists, signatures) and
 * mismatches with declared normal business.  Each event is checked
 * against the enabled match rules that read its source kind.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzers/analyzer.h"
#include "analyzers/finding.h"
#include "log.h"
#include "rules/cond.h"
#include "rules/rule.h"
#include "rules/ruleset.h"

struct match {
	struct emitter		  em;
	const struct rule	**by_src[SRC_MAX];
	size_t			  nby[SRC_MAX];
};

static void
match_index_free(struct match *m)
{
	int	 k;

	for (k = 0; k < SRC_MAX; k++) {
		free(m->by_src[k]);
		m->by_src[k] = NULL;
		m->nby[k] = 0;
	}
}

static int
match_rule_wanted(const struct rule *r, int kind)
{
	if (!r->enabled || r->cond == NULL ||
	    strcmp(r->analyzer, "match") != 0)
		return 0;
	return r->sources == 0 || (r->sources & (1U << kind));
}

/* Per source kind, the rules that can fire on it, in file order. */
static int
match_index(struct match *m, const struct ruleset *rs)
{
	size_t	 i;
	int	 k;

	match_index_free(m);
	for (k = 0; k < SRC_MAX; k++) {
		m->by_src[k] = calloc(rs->nrules ? rs->nrules : 1,
		    sizeof(*m->by_src[k]));
		if (m->by_src[k] == NULL) {
			log_warn("%s", __func__);
			return -1;
		}
		for (i = 0; i < rs->nrules; i++)
			if (match_rule_wanted(rs->rules[i], k))
				m->by_src[k][m->nby[k]++] = rs->rules[i];
	}
	return 0;
}

static void
match_free(void *arg)
{
	struct match	*m = arg;

	if (m == NULL)
		return;
	match_index_free(m);
	free(m);
}

static void *
match_new(const struct ruleset *rs, const struct emitter *em,
    const struct analyzer_env *env)
{
	struct match	*m;

	if ((m = calloc(1, sizeof(*m))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	(void)env;
	m->em = *em;
	if (match_index(m, rs) == -1) {
		match_free(m);
		return NULL;
	}
	return m;
}

static int
match_reload(void *arg, const struct ruleset *rs)
{
	return match_index(arg, rs);
}

static void
match_process(void *arg, const struct logevent *ev)
{
	struct match		*m = arg;
	const struct rule	*r;
	struct finding		 f;
	size_t			 i, k = ev->source;

	for (i = 0; i < m->nby[k]; i++) {
		r = m->by_src[k][i];
		memset(&f, 0, sizeof(f));
		if (!cond_eval(r->cond, ev, &f.ind))
			continue;
		f.rule = r;
		f.ev = ev;
		f.first_ms = f.last_ms = ev->time_ms;
		f.count = 1;
		f.score = 1.0;
		m->em.emit(m->em.arg, &f);
	}
}

static void
match_tick(void *arg, int64_t now_ms)
{
	(void)arg;
	(void)now_ms;
}

static void
match_flush(void *arg)
{
	(void)arg;
}

const struct analyzer_ops analyzer_match = {
	"match",
	match_new,
	match_free,
	match_reload,
	match_process,
	match_tick,
	match_flush,
	NULL,
	NULL,
};
