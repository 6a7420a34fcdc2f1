/*
 * Statistic rare, rare destinations across the organisation: see
 * statsrare.h for the counting, statskind.h for the kind interface.
 * Owns the groups of rare rules, one per value of the rule's field (a
 * destination), each a struct rare of the endpoints that produced it;
 * the options only rare takes (max-endpoints, learn DURATION), which
 * the other kinds refuse; and the rule's lines of the baseline file:
 * "since MS" (its first event) and one "dest SRC HEXKEY RARE" a value.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/beacon.h"
#include "analyzers/statskind.h"
#include "analyzers/statsrare.h"
#include "analyzers/statsrule.h"
#include "rules/rule.h"
#include "util/hash.h"
#include "util/timeutil.h"

#define STATSRARE_MANY	(STATSRARE_SLOTS + 1)
#define STATSRARE_DAY	86400000.0

/* A value of a rare rule (a destination) and the endpoints it had. */
struct rent {
	struct stats_group	 h;
	struct rare		 r;
};

uint64_t
statsrare_hash(const char *key, size_t len)
{
	return statskey_hash(key, len);
}

int
statsrare_keys(const struct stats_params *p, const struct logevent *ev,
    struct statskey_ep *ep, const uint64_t *group, char *key, size_t *len,
    uint64_t *hash, uint32_t *who)
{
	char		 grp[STATSKEY_MAX];
	size_t		 glen;
	uint64_t	 gh;

	/* The group first: it may reuse the endpoint worked out in ep. */
	if (group != NULL)
		gh = *group;
	else if (statskey_build(p, ev, ep, grp, &glen, &gh) == -1)
		return -1;
	else
		gh = statskey_hash_bytes(grp, glen);
	if (statskey_one(&p->what, ev, ep, key, len, hash) == -1)
		return -1;
	*who = (uint32_t)(gh >> 32) ^ (uint32_t)gh;
	return 0;
}

int
statsrare_add(struct rare *r, uint32_t who, int64_t t)
{
	size_t	 i;

	if (r->n == 0 || t < r->first_ms)
		r->first_ms = t;
	if (r->n >= STATSRARE_MANY)
		return 0;
	for (i = 0; i < r->n; i++)
		if (r->who[i] == who)
			return 0;
	if (r->n == STATSRARE_SLOTS) {
		r->n = STATSRARE_MANY;
		return 0;
	}
	r->who[r->n++] = who;
	return 1;
}

void
statsrare_reason(const struct rare *r, const char *value,
    int64_t observed_ms, char *buf, size_t len)
{
	char	 obs[32], t[40];

	if (observed_ms < 2 * STATSRARE_DAY)
		beacon_duration((double)observed_ms, obs, sizeof(obs));
	else
		snprintf(obs, sizeof(obs), "%.1f days",
		    (double)observed_ms / STATSRARE_DAY);
	if (r->n <= 1) {
		snprintf(buf, len, "%s first seen in the organisation "
		    "(1 endpoint after %s of observation)", value, obs);
		return;
	}
	if (time_format_rfc3339(r->first_ms, t, sizeof(t)) == -1)
		snprintf(t, sizeof(t), "?");
	snprintf(buf, len, "%s rare in the organisation (%u endpoints since "
	    "it was first seen at %s, after %s of observation)", value,
	    (unsigned)r->n, t, obs);
}

int
statsrare_write(FILE *fp, const struct rare *r)
{
	size_t	 i;

	if (fprintf(fp, "%" PRId64 " %u", r->first_ms, (unsigned)r->n) < 0)
		return -1;
	for (i = 0; i < r->n && i < STATSRARE_SLOTS; i++)
		if (fprintf(fp, " %08" PRIx32, r->who[i]) < 0)
			return -1;
	return 0;
}

int
statsrare_read(struct rare *r, const char *s)
{
	char		*end;
	unsigned long	 n, i;
	long long	 first;

	memset(r, 0, sizeof(*r));
	first = strtoll(s, &end, 10);
	if (end == s || *end != ' ')
		return -1;
	n = strtoul(end + 1, &end, 10);
	if (n == 0 || n > STATSRARE_MANY)
		return -1;
	for (i = 0; i < n && i < STATSRARE_SLOTS; i++) {
		if (*end != ' ')
			return -1;
		s = end + 1;
		r->who[i] = (uint32_t)strtoul(s, &end, 16);
		if (end != s + 8)
			return -1;
	}
	if (*end != '\0')
		return -1;
	r->first_ms = first;
	r->n = (uint8_t)n;
	return 0;
}

/* The kind ------------------------------------------------------------ */

static int
statsrare_key(struct stats_rule *sr, const struct logevent *ev,
    struct statskey_ep *ep)
{
	return statsrare_keys(sr->p, ev, ep, sr->group_given ?
	    &sr->group_hash : NULL, sr->key, &sr->keylen, &sr->hash, &sr->who);
}

/*
 * Count the endpoint of ev for its destination; a finding when the
 * endpoint is new, the destination has at most max-endpoints of them,
 * and the rule has watched long enough for "new" to mean something.
 */
static void
statsrare_event(struct stats_ctx *c, struct stats_rule *sr,
    struct stats_group *g, const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	struct rent			*e = (struct rent *)(void *)g;
	int64_t				 observed;

	if (sr->since_ms == 0 || ev->time_ms < sr->since_ms)
		sr->since_ms = ev->time_ms;
	if (statsrare_add(&e->r, sr->who, ev->time_ms) == 0)
		return;
	c->dirty = 1;
	observed = ev->time_ms - sr->since_ms;
	if (e->r.n > p->max_endpoints || observed < p->learn_ms)
		return;
	statsrare_reason(&e->r, statskey_part(stats_group_key(&e->h),
	    e->h.keylen, 0), observed, c->reason, sizeof(c->reason));
	stats_emit(c, sr, ev, &e->h, e->r.first_ms, ev->time_ms, e->r.n,
	    0.5 + 0.5 * (double)(p->max_endpoints + 1 - e->r.n) /
	    (double)(p->max_endpoints + 1));
}

/* What a rare rule learns is worth keeping whatever its options. */
static int
statsrare_persists(const struct stats_params *p)
{
	(void)p;
	return 1;
}

static void
statsrare_save(FILE *fp, const struct stats_rule *sr)
{
	const struct rent	*e;

	fprintf(fp, "since %lld\n", (long long)sr->since_ms);
	for (e = lru_oldest(sr->t); e != NULL; e = lru_newer(sr->t, e)) {
		stats_group_save(fp, "dest", &e->h);
		(void)statsrare_write(fp, &e->r);
		fputc('\n', fp);
	}
}

static int
statsrare_load_group(struct stats_rule *sr, struct stats_group *g,
    const char *rest)
{
	(void)sr;
	return statsrare_read(&((struct rent *)(void *)g)->r, rest);
}

static int
statsrare_load(struct stats_rule *sr, const char *line)
{
	if (strncmp(line, "since ", 6) == 0) {
		sr->since_ms = strtoll(line + 6, NULL, 10);
		return 0;
	}
	if (strncmp(line, "dest ", 5) != 0)
		return 0;
	return stats_group_load(sr, line, statsrare_hash,
	    statsrare_load_group);
}

static int
statsrare_owns(const struct stats_params *p)
{
	return p->max_endpoints > 0;
}

/* group-by when the rule gives none. */
static const char *const statsrare_by[] = { "endpoint", NULL };

static int
statsrare_check(struct rule *r, struct stats_params *p,
    const struct cnode *n, struct cerrors *errs)
{
	if (p->learn > 0 || p->threshold > 0 || p->window_ms > 0 ||
	    p->baseline != SB_NONE || p->entropy_bits > 0 ||
	    p->min_ratio > 0 || p->min_events > 0 || p->min_conn > 0 ||
	    p->min_span_ms > 0 || p->min_period_ms > 0 ||
	    p->max_distinct > 0 || p->learn_active > 0 ||
	    p->above_usual > 0) {
		cerrors_addtok(errs, &n->key, "rule %s: statistic rare takes "
		    "max-endpoints, learn DURATION, persist and max-entries",
		    r->id);
		return -1;
	}
	if (p->learn_ms == 0)
		p->learn_ms = 7 * STATS_DAY_MS;
	else if (p->learn_ms < 0)
		p->learn_ms = 0;
	if (p->max_endpoints == 0)
		p->max_endpoints = 1;
	statsrule_defaults(p, 200000, statsrare_by);
	return 0;
}

const struct stats_kind statsrare_kind = {
	.name = "rare",
	.field = 1,
	.check = statsrare_check,
	.owns = statsrare_owns,
	.owned = "max-endpoints applies to statistic rare",
	.size = sizeof(struct rent),
	.drop = stats_group_drop,
	.key = statsrare_key,
	.event = statsrare_event,
	.persists = statsrare_persists,
	.save = statsrare_save,
	.load = statsrare_load,
};
