/*
 * The match analyzer: known attacks (blacklists, signatures) and
 * mismatches with declared normal business.  Each event is checked
 * against the enabled match rules that read its source kind; a hit that
 * a suppression covers is counted and dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/analyzer.h"
#include "analyzers/finding.h"
#include "analyzers/match.h"
#include "analyzers/matchlog.h"
#include "util/log.h"
#include "rules/cond.h"
#include "rules/lcache.h"
#include "rules/prefilter.h"
#include "rules/profile.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "rules/suppress.h"

#define MATCH_REASON_MAX	768

/*
 * Rules a regex gates (their condition needs one of its regexes to
 * match, cond_gate) are evaluated only when the prefilter found one of
 * their literals in the event: the rest of the rules run always.  So the
 * cost of an event does not grow with the number of signatures.
 */
#define MATCH_GATE_MAX	64
/* Rules that name their logs (Sigma) may list many more values. */
#define MATCH_GATE_SIGMA	65536
/* A rule whose profile key no profile declares: never true. */
#define MATCH_PNEVER		(-2)

struct match {
	struct emitter		  em;
	const struct ruleset	 *rs;
	/* Per source kind, the ungated rules (indices into rs->rules). */
	uint32_t		 *always[SRC_MAX];
	size_t			  nalways[SRC_MAX];
	/* Ungated rules left out: no profile declares their key. */
	size_t			  nnever[SRC_MAX];
	size_t			  ngated[SRC_MAX];	/* the others */
	/* Pattern id -> gated rules, as offsets into prules. */
	uint32_t		 *pstart;
	uint32_t		 *prules;
	size_t			  npats;
	/*
	 * Per source kind, the eager prefilter groups (fields) whose
	 * literals gate a rule an event of the kind can meet.  The others
	 * wait until a rule's regex asks (prefilter_may), or never run.
	 */
	uint32_t		 *scan[SRC_MAX];
	size_t			  nscan[SRC_MAX];
	/*
	 * Per rule, the profile key a true condition needs declared
	 * (cond_profile_key), -1 for none, or MATCH_PNEVER when no
	 * profile declares it, and its profile set; and the profile of
	 * the event in hand, found for set cset (NULL: not yet).
	 */
	int8_t			 *pkey;
	const struct profiles	**pset;
	const struct profiles	 *cset;
	const struct profile	 *cprof;
	/* Rules that name their logs, by format and event id. */
	struct matchlog		 *log;
	uint64_t		 *seen;		/* per rule: epoch as candidate */
	/*
	 * List answers by value, this instance's own (a worker thread's):
	 * the rules' first, plain walk looks its lists up through it.
	 */
	struct lcache		 *lc;
	/*
	 * Per rule, the list and field when its condition is one list
	 * test (cond_list_leaf), looked up straight through lc: the
	 * blacklist rules, six of the nine a proxy line meets.
	 */
	const struct list	**llist;
	const struct field_def	**lfield;
	uint32_t		 *cand;
	uint64_t		  epoch;
	struct match_stats	  st;
	/* Counters of rule sets replaced by a reload. */
	uint64_t		  old_limit, old_skipped, old_suppressed;
	/* What the second walk of rules that fired counted again. */
	uint64_t		  again_limit, again_skipped;
	char			  reason[MATCH_REASON_MAX];
};

static void
match_index_free(struct match *m)
{
	int	 k;

	for (k = 0; k < SRC_MAX; k++) {
		free(m->always[k]);
		free(m->scan[k]);
		m->always[k] = NULL;
		m->scan[k] = NULL;
		m->nalways[k] = m->nscan[k] = m->nnever[k] = 0;
		m->ngated[k] = 0;
	}
	free(m->pstart);
	free(m->prules);
	free(m->seen);
	free(m->cand);
	free(m->pkey);
	free(m->pset);
	free(m->llist);
	free(m->lfield);
	m->pkey = NULL;
	m->pset = NULL;
	m->llist = NULL;
	m->lfield = NULL;
	matchlog_free(m->log);
	m->npats = 0;
	m->pstart = m->prules = m->cand = NULL;
	m->seen = NULL;
	m->log = NULL;
}

static int
match_rule_on(const struct rule *r)
{
	return r->enabled && r->cond != NULL &&
	    strcmp(r->analyzer, "match") == 0;
}

/* Rules that name their logs are matchlog's, whatever the kind. */
static int
match_rule_wanted(const struct rule *r, int kind)
{
	if (!match_rule_on(r) || r->nwhere > 0)
		return 0;
	return r->sources == 0 || (r->sources & (1U << kind));
}

/* Pattern id -> the rules it gates, in rule order. */
static size_t
match_gate_max(const struct rule *r)
{
	return r->nwhere > 0 ? MATCH_GATE_SIGMA : MATCH_GATE_MAX;
}

static int
match_index_gates(struct match *m, const struct ruleset *rs,
    uint8_t *gated, uint32_t *ids)
{
	struct prefilter_stats	 ps;
	uint32_t		*cnt;
	size_t			 i, j, n, total = 0;

	prefilter_stats(rs->pf, &ps);
	m->npats = ps.patterns;
	if ((m->pstart = calloc(ps.patterns + 2, sizeof(*m->pstart))) ==
	    NULL)
		return -1;
	cnt = m->pstart + 1;
	for (i = 0; i < rs->nrules; i++) {
		n = 0;
		if (!cond_gate(rs->rules[i]->cond, ids,
		    match_gate_max(rs->rules[i]), &n))
			continue;
		gated[i] = 1;
		for (j = 0; j < n; j++, total++)
			cnt[ids[j]]++;
	}
	for (i = 1; i <= ps.patterns; i++)
		m->pstart[i] += m->pstart[i - 1];
	if ((m->prules = calloc(total ? total : 1, sizeof(*m->prules))) ==
	    NULL)
		return -1;
	/* Fill with pstart[id] as the cursor, then shift back. */
	for (i = 0; i < rs->nrules; i++) {
		n = 0;
		if (gated[i] && cond_gate(rs->rules[i]->cond, ids,
		    match_gate_max(rs->rules[i]), &n))
			for (j = 0; j < n; j++)
				m->prules[m->pstart[ids[j]]++] = i;
	}
	for (i = ps.patterns; i > 0; i--)
		m->pstart[i] = m->pstart[i - 1];
	m->pstart[0] = 0;
	return 0;
}

/*
 * The eager groups kind k scans: those of a pattern that gates a rule
 * the kind meets, or a rule that names its logs (matchlog decides
 * those per event).  mark has a byte per group.
 */
static int
match_index_scan(struct match *m, const struct ruleset *rs, int k,
    uint8_t *mark, size_t ngroups)
{
	const struct rule	*r;
	size_t			 p, j;
	uint32_t		 g;

	memset(mark, 0, ngroups);
	for (p = 0; p < m->npats; p++) {
		g = prefilter_group(rs->pf, p);
		if (prefilter_group_lazy(rs->pf, g))
			continue;
		for (j = m->pstart[p]; j < m->pstart[p + 1]; j++) {
			r = rs->rules[m->prules[j]];
			if (r->nwhere > 0 || match_rule_wanted(r, k))
				mark[g] = 1;
		}
	}
	if ((m->scan[k] = calloc(ngroups + 1, sizeof(*m->scan[k]))) == NULL)
		return -1;
	for (g = 0; g < ngroups; g++)
		if (mark[g])
			m->scan[k][m->nscan[k]++] = g;
	return 0;
}

/*
 * Each rule's profile key, if its condition needs one declared, and its
 * list and field if it is one list test.
 */
static int
match_index_profiles(struct match *m, const struct ruleset *rs)
{
	size_t	 i;
	int	 k;

	if ((m->pkey = calloc(rs->nrules + 1, sizeof(*m->pkey))) == NULL ||
	    (m->pset = calloc(rs->nrules + 1, sizeof(*m->pset))) == NULL ||
	    (m->llist = calloc(rs->nrules + 1, sizeof(*m->llist))) == NULL ||
	    (m->lfield = calloc(rs->nrules + 1, sizeof(*m->lfield))) == NULL)
		return -1;
	/*
	 * A key the default profile declares, every endpoint has: no need
	 * to look its profile up.  One no profile declares, none has.
	 */
	for (i = 0; i < rs->nrules; i++) {
		if (!cond_list_leaf(rs->rules[i]->cond, &m->llist[i],
		    &m->lfield[i]))
			m->llist[i] = NULL;
		m->pkey[i] = -1;
		if (!cond_profile_key(rs->rules[i]->cond, &m->pset[i], &k) ||
		    k < 0 || k >= PK_MAX)
			continue;
		switch (profiles_declared(m->pset[i], k)) {
		case PROFILES_NONE:
			m->pkey[i] = MATCH_PNEVER;
			break;
		case PROFILES_SOME:
			m->pkey[i] = (int8_t)k;
			break;
		default:
			break;
		}
	}
	return 0;
}

static int
match_index(struct match *m, const struct ruleset *rs)
{
	uint8_t		*gated, *mark = NULL;
	uint32_t	*ids = NULL;
	size_t		 i, ngroups = 0;
	int		 k;

	match_index_free(m);
	m->rs = rs;
	if ((gated = calloc(rs->nrules + 1, 1)) == NULL ||
	    (ids = calloc(MATCH_GATE_SIGMA, sizeof(*ids))) == NULL ||
	    (m->seen = calloc(rs->nrules + 1, sizeof(*m->seen))) == NULL ||
	    (m->cand = calloc(rs->nrules + 1, sizeof(*m->cand))) == NULL ||
	    match_index_gates(m, rs, gated, ids) == -1 ||
	    match_index_profiles(m, rs) == -1 ||
	    (m->log = matchlog_new(rs, gated, match_rule_on)) == NULL)
		goto fail;
	for (i = 0; i < m->npats; i++)
		if (prefilter_group(rs->pf, i) >= ngroups)
			ngroups = prefilter_group(rs->pf, i) + 1;
	if ((mark = calloc(ngroups + 1, 1)) == NULL)
		goto fail;
	for (k = 0; k < SRC_MAX; k++) {
		if (match_index_scan(m, rs, k, mark, ngroups) == -1)
			goto fail;
		if ((m->always[k] = calloc(rs->nrules + 1,
		    sizeof(*m->always[k]))) == NULL)
			goto fail;
		for (i = 0; i < rs->nrules; i++) {
			if (!match_rule_wanted(rs->rules[i], k))
				continue;
			if (gated[i])
				m->ngated[k]++;
			else if (m->pkey[i] == MATCH_PNEVER)
				m->nnever[k]++;
			else
				m->always[k][m->nalways[k]++] = i;
		}
	}
	free(gated);
	free(ids);
	free(mark);
	return 0;
fail:
	log_warn("%s", __func__);
	free(gated);
	free(ids);
	free(mark);
	return -1;
}

static void
match_free(void *arg)
{
	struct match	*m = arg;

	if (m == NULL)
		return;
	match_index_free(m);
	lcache_free(m->lc);
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
	if ((m->lc = lcache_new()) == NULL || match_index(m, rs) == -1) {
		match_free(m);
		return NULL;
	}
	return m;
}

/* The live counters of a rule set, kept across reloads. */
static void
match_ruleset_counts(const struct match *m, uint64_t *limit,
    uint64_t *skipped, uint64_t *suppressed)
{
	struct prefilter_stats	 ps;
	size_t			 i;

	*limit = *skipped = *suppressed = 0;
	if (m->rs == NULL)
		return;
	for (i = 0; i < m->rs->nrules; i++)
		*limit += cond_limit_hits(m->rs->rules[i]->cond);
	prefilter_stats(m->rs->pf, &ps);
	*skipped = ps.skipped;
	*suppressed = suppress_hits(m->rs->suppress);
	*limit -= m->again_limit;
	*skipped -= m->again_skipped;
}

static int
match_reload(void *arg, const struct ruleset *rs)
{
	struct match	*m = arg;
	uint64_t	 l, k, s;

	match_ruleset_counts(m, &l, &k, &s);
	m->old_limit += l;
	m->old_skipped += k;
	m->old_suppressed += s;
	m->again_limit = m->again_skipped = 0;
	/* The answers name the old rule set's lists, soon freed. */
	lcache_clear(m->lc);
	return match_index(m, rs);
}

void
match_stats(const void *state, struct match_stats *st)
{
	const struct match	*m = state;
	uint64_t		 l, k, s;

	memset(st, 0, sizeof(*st));
	if (m == NULL)
		return;
	*st = m->st;
	match_ruleset_counts(m, &l, &k, &s);
	st->regex_limit = m->old_limit + l;
	st->regex_skipped = m->old_skipped + k;
	st->suppressed = m->old_suppressed + s;
}

/*
 * A rule without a reason template that fired on a profile test gets
 * the analyzer's reason: the value and what the profile allows.
 */
static const char *
match_reason(struct match *m, const struct rule *r,
    const struct cond_note *note)
{
	char	 allowed[384];

	if (r->reason != NULL || note->profile == NULL)
		return NULL;
	profile_describe(note->profile, note->key, allowed, sizeof(allowed));
	snprintf(m->reason, sizeof(m->reason), "%s %s is not among the "
	    "usual %s of profile %s (%s).", note->field, note->value,
	    profile_key_name(note->key), profile_name(note->profile),
	    allowed[0] != '\0' ? allowed : "none declared");
	return m->reason;
}

static int
match_u32cmp(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Whether gated rule ri is a candidate for an event of kind k, bucket b. */
static int
match_cand_wanted(const struct match *m, uint32_t ri, int k,
    const struct matchlog_bucket *b)
{
	const struct rule	*r = m->rs->rules[ri];

	if (r->nwhere > 0)
		return matchlog_has(b, ri);
	return match_rule_wanted(r, k);
}

/* The gated rules whose literals the event has, sorted. */
static size_t
match_candidates(struct match *m, int k, const struct matchlog_bucket *b)
{
	const uint32_t	*ids;
	size_t		 i, j, n, nc = 0;
	uint32_t	 ri;

	n = prefilter_matches(m->rs->pf, &ids);
	m->epoch++;
	for (i = 0; i < n; i++)
		for (j = m->pstart[ids[i]]; j < m->pstart[ids[i] + 1]; j++) {
			ri = m->prules[j];
			if (m->seen[ri] == m->epoch ||
			    !match_cand_wanted(m, ri, k, b))
				continue;
			m->seen[ri] = m->epoch;
			m->cand[nc++] = ri;
		}
	if (nc > 1)
		qsort(m->cand, nc, sizeof(*m->cand), match_u32cmp);
	return nc;
}

/*
 * Whether rule ri can be true on ev as far as profiles go: a rule that
 * tests a profile key is false for an endpoint whose profile (or the
 * default) does not declare it, so it is not evaluated at all.  With
 * the shipped rules and no profile of one's own, most of the
 * not-normal-business rules are so, for every endpoint: no profile
 * declares their keys, and no profile is looked up for them.
 */
static int
match_profiled(struct match *m, uint32_t ri, const struct logevent *ev)
{
	if (m->pkey[ri] == -1)
		return 1;
	if (m->pkey[ri] == MATCH_PNEVER) {
		m->st.rules_unprofiled++;
		return 0;
	}
	if (m->cset != m->pset[ri]) {
		m->cset = m->pset[ri];
		m->cprof = cond_profile(m->cset, ev);
	}
	if (m->cprof != NULL && profile_declares(m->cprof, m->pkey[ri]))
		return 1;
	m->st.rules_unprofiled++;
	return 0;
}

/* The plain truth of rule ri's condition; see match_rule. */
static int
match_holds(struct match *m, uint32_t ri, const struct logevent *ev)
{
	struct slice	 s;

	if (m->llist[ri] == NULL)
		return cond_eval_cached(m->rs->rules[ri]->cond, ev, m->lc);
	s = field_str(ev, m->lfield[ri]);
	return s.len != 0 && lcache_match(m->lc, m->llist[ri], s) != NULL;
}

/*
 * A rule whose condition holds: walked again for its indicator and
 * note, and emitted.  The second walk reads the memo and the
 * prefilter's answers of the first, but a regex it runs again, or the
 * prefilter saves again, counts again: that is taken back, so each
 * counts once.
 */
static __attribute__((noinline)) void
match_fire(struct match *m, uint32_t ri, const struct logevent *ev)
{
	const struct rule	*r = m->rs->rules[ri];
	struct finding		 f;
	struct indicator_hit	 hit;
	struct cond_note	 note;
	uint64_t		 limit, skipped;
	int			 holds;

	limit = cond_limit_hits(r->cond);
	skipped = prefilter_skipped(m->rs->pf);
	holds = cond_eval_note(r->cond, ev, &hit, &note);
	m->again_limit += cond_limit_hits(r->cond) - limit;
	m->again_skipped += prefilter_skipped(m->rs->pf) - skipped;
	if (!holds)
		return;
	m->st.hits++;
	if (suppress_match(m->rs->suppress, r, ev))
		return;
	memset(&f, 0, sizeof(f));
	f.ind = hit;
	f.rule = r;
	f.ev = ev;
	f.first_ms = f.last_ms = ev->time_ms;
	f.count = 1;
	f.score = 1.0;
	f.reason = match_reason(m, r, &note);
	m->em.emit(m->em.arg, &f);
}

/*
 * Nearly every rule is false on nearly every event: first the plain
 * truth, which keeps nothing aside as it goes (nor has room for it in
 * its frame); only a true condition is walked again (match_fire).
 */
static void
match_rule(struct match *m, uint32_t ri, const struct logevent *ev)
{
	if (match_profiled(m, ri, ev) && match_holds(m, ri, ev))
		match_fire(m, ri, ev);
}

/* The smallest head of three sorted lists, taken; 0 when all are done. */
static int
match_next(const uint32_t *const *v, const size_t *n, size_t *at,
    uint32_t *ri)
{
	int	 i, best = -1;

	for (i = 0; i < 3; i++)
		if (at[i] < n[i] && (best == -1 || v[i][at[i]] <
		    v[best][at[best]]))
			best = i;
	if (best == -1)
		return 0;
	*ri = v[best][at[best]++];
	return 1;
}

/*
 * The kind's always-rules, the bucket's always-rules and the
 * candidates merged, so that rules fire in file order.
 */
static void
match_process(void *arg, const struct logevent *ev)
{
	struct match			*m = arg;
	const struct matchlog_bucket	*b;
	const uint32_t			*v[3];
	size_t				 n[3], at[3] = { 0, 0, 0 };
	size_t				 i, k = ev->source;
	uint32_t			 ri;

	if (k >= SRC_MAX)
		return;
	m->st.events++;
	m->st.rules_unprofiled += m->nnever[k];
	m->cset = NULL;
	ruleset_event_begin(m->rs);
	for (i = 0; i < m->nscan[k]; i++)
		prefilter_scan_group(m->rs->pf, m->scan[k][i],
		    field_str(ev, prefilter_group_key(m->rs->pf,
		    m->scan[k][i])));
	b = matchlog_begin(m->log, ev);
	n[2] = match_candidates(m, k, b);
	m->st.rules_skipped += m->ngated[k] + matchlog_ngated(b) - n[2];
	v[0] = m->always[k];
	n[0] = m->nalways[k];
	v[1] = matchlog_always(b, &n[1]);
	v[2] = m->cand;
	/* Mostly the kind's rules alone: no merge to make. */
	if (n[1] == 0 && n[2] == 0) {
		for (i = 0; i < n[0]; i++)
			match_rule(m, v[0][i], ev);
		return;
	}
	while (match_next(v, n, at, &ri))
		match_rule(m, ri, ev);
}

/*
 * Two events ahead of ev's turn: the list answers its kind's
 * single-list rules will ask the cache for start loading.
 */
static void
match_prefetch(void *arg, const struct logevent *ev, int stage)
{
	struct match	*m = arg;
	const uint32_t	*v;
	size_t		 i, n, k = ev->source;

	if (stage != 1 || k >= SRC_MAX)
		return;
	v = m->always[k];
	n = m->nalways[k];
	for (i = 0; i < n; i++)
		if (m->llist[v[i]] != NULL)
			lcache_prefetch(m->lc, m->llist[v[i]],
			    field_str(ev, m->lfield[v[i]]));
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

/* The counters of match_stats for the statistics file. */
static json_t *
match_stats_json(void *state)
{
	struct match_stats	 ms;

	match_stats(state, &ms);
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	    "events", (json_int_t)ms.events, "hits", (json_int_t)ms.hits,
	    "suppressed", (json_int_t)ms.suppressed,
	    "regex_limit", (json_int_t)ms.regex_limit,
	    "regex_skipped", (json_int_t)ms.regex_skipped,
	    "rules_skipped", (json_int_t)ms.rules_skipped,
	    "rules_unprofiled", (json_int_t)ms.rules_unprofiled);
}

const struct rule_analyzer match_rules = {
	.name = "match",
	.option = NULL,
	.check = NULL,
};

const struct analyzer_ops analyzer_match = {
	.name = "match",
	.flags = ANALYZER_PURE,
	.rules = &match_rules,
	.new = match_new,
	.free = match_free,
	.reload = match_reload,
	.process = match_process,
	.prefetch = match_prefetch,
	.tick = match_tick,
	.flush = match_flush,
	.stats = match_stats_json,
};
