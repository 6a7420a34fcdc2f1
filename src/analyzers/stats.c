/*
 * The statistical analyzer: what resembles known attacks (beacons,
 * counts of errors and of distinct destinations, names and users) and
 * what deviates from an endpoint's own baseline.  Each enabled rule that
 * says "analyzer stats" gets a bounded table of groups (LRU, counted
 * evictions); events update the group they belong to, and a group whose
 * statistic crosses the rule's threshold makes a finding on the spot,
 * with the event that tipped it as evidence.
 *
 * This file owns the rules and their tables (kept across reloads), the
 * work ahead of each event (prefetch and memo), the findings, and the
 * baseline file.  What a statistic does with an event is its kind's:
 * one file and one row of statskind.c's table each, reached through
 * struct stats_kind only, so nothing here names a kind.
 *
 * Time is event time only.  Late lines are taken as long as their window
 * still holds the bucket they fall in, and counted as late otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzers/analyzer.h"
#include "analyzers/finding.h"
#include "analyzers/lru.h"
#include "analyzers/stats.h"
#include "analyzers/statskey.h"
#include "analyzers/statskind.h"
#include "analyzers/statsnames.h"
#include "analyzers/statsrule.h"
#include "util/atomicfile.h"
#include "util/hash.h"
#include "util/hex.h"
#include "util/log.h"
#include "util/safefs.h"
#include "rules/cond.h"
#include "rules/rule.h"
#include "rules/ruleset.h"

#define STATS_SAVE_MS		3600000LL	/* live: save baselines hourly */
#define STATS_MEMO		16	/* > ANALYZER_AHEAD, a power of two */
#define STATS_MEMO_KEYS		2048	/* key bytes kept an event */
/* Events whose names key give_prefetch keeps: > PIPELINE_GIVE_LAG. */
#define STATS_GIVE		4
#define STATS_NAMES		100000	/* destination names kept */
#define STATS_AUX_MIN		65536	/* a kind's second table, at least */
#define STATS_SAMPLE		64	/* split: rules timed every 64th event */
#define STATS_PARTS_MAX		64	/* = WORKERS_MAX */
#define STATS_CANS		65536	/* condition answers kept, a rule */

/*
 * A condition's answer for the values of the fields it reads: their
 * hash with the answer in its lowest bit (0: none yet).  Destinations
 * repeat from line to line, and the regular-destination lists the
 * statistical rules leave out are asked of each: an answer kept is one
 * hash instead of the lookups.  Two sets of values whose hashes differ
 * only there would share an answer, as two groups of the same hash
 * share an entry (lru.h).
 */
struct stats_cans {
	uint64_t	 key;
};

/* The hash of an event field's value as logged, for the pass it is of. */
struct stats_cval {
	uint64_t	 pass;
	uint64_t	 h;
};

/*
 * What stats_prefetch worked out for an event ahead of its turn, per
 * rule: whether it goes to the rule's table, whether it matched, its
 * group's hash and key (as long as the keys fit) and the endpoint hash
 * a kind's own key function may give (who).  Good while the identity
 * table has not changed since (gen).  Slot: seq % STATS_MEMO.
 */
struct smemo {
	uint64_t	 seq;
	uint64_t	 gen;
	uint64_t	 names_key;		/* statsnames_prefetch's */
	size_t		 used;			/* of keys */
	size_t		 src;			/* its rules' source kind */
	char		 keys[STATS_MEMO_KEYS];
};

struct smemo_rule {
	uint64_t	 hash;
	uint64_t	 own;			/* the kind's ahead hash */
	uint32_t	 val;			/* and number */
	uint32_t	 who;
	uint16_t	 koff;
	uint16_t	 klen;			/* 0: not kept */
	uint8_t		 todo;
	uint8_t		 matched;
};

/*
 * What one thread works with while an event goes through its rules:
 * the analyzer's own (one) on the caller's thread, or one per worker
 * thread when the rules are split (stats_split): the kinds' context
 * (endpoint, reason, the emitter of that thread), the destination
 * names (each part learns them from every event, so that each has them
 * as one thread would), the event given its name, the pass number of
 * the rules' keys, and which rules are the part's.
 */
struct stats_part {
	struct stats_ctx	*c;
	struct stats_ctx	 own;		/* c, for a worker's part */
	struct statsnames	*names;		/* a part's: when not given */
	int			 names_failed;	/* no memory for them */
	struct logevent		 named;		/* an event given its name */
	uint64_t		 key_pass;	/* of stats_rule_key, per event */
	/*
	 * The values of the event of the pass that rules group by, and
	 * the hashes of the fields their conditions read, each worked
	 * out once an event for all the rules: statskey_nvals() and one
	 * a field of the event table.
	 */
	struct statskey_val	*vals;
	struct stats_cval	*cvals;
	size_t			 ncvals;
	int64_t			 now_ms;
	size_t			*idx;		/* its rules; NULL: all */
	size_t			 nidx;
	/*
	 * Its rules again, by the source kind they take (a rule of no
	 * sources under each): those of kind k are sidx[soff[k] ..
	 * soff[k + 1]), in rule order; kind SRC_MAX stands for any
	 * other.  An event meets only the rules of its kind.
	 */
	size_t			*sidx;
	size_t			 soff[SRC_MAX + 2];
	/* A worker's part: its own work ahead (stats_part_prefetch). */
	struct smemo		*memo;		/* STATS_MEMO */
	struct smemo_rule	*memo_rules;	/* STATS_MEMO x nidx */
};

struct stats {
	struct stats_ctx	 c;		/* what the kinds share */
	struct stats_part	 one;		/* the caller's: every rule */
	/*
	 * Split: the names key give_prefetch worked out for the last few
	 * events, by seq, for part_give.
	 */
	struct {
		uint64_t	 seq, key;
	}			 give[STATS_GIVE];
	const struct ruleset	*rs;		/* the rules' */
	struct stats_part	*parts;		/* split: one per thread */
	size_t			 nparts;	/* 0: not split */
	uint32_t		*part_of;	/* split: each rule's part */
	uint64_t		*cost_ns;	/* split: time sampled per rule */
	int64_t			 tick_ms;	/* split: the reading thread's */
	int			 save_due;	/* split: put off by tick */
	struct smemo		 memo[STATS_MEMO];
	struct smemo_rule	*memo_rules;	/* STATS_MEMO x nrules */
	char			*state_dir;
	int			 replay;
	struct stats_rule	*rules;
	size_t			 nrules;
	int64_t			 saved_ms;
	struct stats_rule	*hand_rule;	/* hand_line's rule at hand */
	uint32_t		 hand_shard;
};

int
stats_group_setkey(struct stats_group *g, const char *key, size_t n)
{
	char	*p;

	if (n > STATS_KEY_INLINE) {
		if ((p = malloc(n)) == NULL) {
			log_warn("%s", __func__);
			return -1;
		}
		g->k.p = p;
	} else
		p = g->k.in;
	memcpy(p, key, n);
	g->keylen = (uint16_t)n;
	return 0;
}

void
stats_group_freekey(struct stats_group *g)
{
	if (g->keylen > STATS_KEY_INLINE)
		free(g->k.p);
	g->keylen = 0;
}

void
stats_group_drop(void *arg, void *payload)
{
	(void)arg;
	stats_group_freekey(payload);
}

/* The key stats_group_drop will free, for the table's next eviction. */
void
stats_group_hint(const void *payload)
{
	const struct stats_group	*g = payload;

	if (g->keylen > STATS_KEY_INLINE)
		stats_free_hint(g->k.p);
}

static int
stats_rule_wanted(const struct rule *r)
{
	const struct stats_params	*p = r->params;

	return r->enabled && strcmp(r->analyzer, "stats") == 0 &&
	    p != NULL && p->kind != NULL;
}

/* Whether sr takes events of source kind k (SRC_MAX: any other). */
static int
stats_rule_takes(const struct stats_rule *sr, size_t k)
{
	return sr->r->sources == 0 ||
	    (k < SRC_MAX && (sr->r->sources & (1U << k)));
}

/* pt's rules by source kind (pt->sidx, soff); -1 out of memory. */
static int
stats_part_sources(const struct stats_rule *v, size_t nrules,
    struct stats_part *pt)
{
	size_t	 i, k, n = pt->idx != NULL ? pt->nidx : nrules, o = 0;

	if (pt->vals == NULL) {
		(void)field_table(&pt->ncvals);
		pt->vals = calloc(statskey_nvals(), sizeof(*pt->vals));
		pt->cvals = calloc(pt->ncvals, sizeof(*pt->cvals));
		if (pt->vals == NULL || pt->cvals == NULL) {
			log_warn("%s", __func__);
			return -1;
		}
	}
	free(pt->sidx);
	memset(pt->soff, 0, sizeof(pt->soff));
	if ((pt->sidx = calloc(n * (SRC_MAX + 1) + 1, sizeof(*pt->sidx))) ==
	    NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	for (k = 0; k <= SRC_MAX; k++) {
		pt->soff[k] = o;
		for (i = 0; i < n; i++)
			if (stats_rule_takes(&v[pt->idx != NULL ? pt->idx[i] :
			    i], k))
				pt->sidx[o++] = pt->idx != NULL ? pt->idx[i] : i;
	}
	pt->soff[SRC_MAX + 1] = o;
	return 0;
}

/* The source kind of ev as the rules are indexed by it. */
static size_t
stats_src(const struct logevent *ev)
{
	return ev->source < SRC_MAX ? (size_t)ev->source : SRC_MAX;
}

/* The rules of pt that events of source kind k meet. */
static const size_t *
stats_src_rules(const struct stats_part *pt, size_t k, size_t *n)
{
	*n = pt->soff[k + 1] - pt->soff[k];
	return pt->sidx + pt->soff[k];
}

/* The rules of pt that ev meets: indexes into the analyzer's rules. */
static const size_t *
stats_part_rules(const struct stats_part *pt, const struct logevent *ev,
    size_t *n)
{
	return stats_src_rules(pt, stats_src(ev), n);
}

static int
stats_rule_init(struct stats_rule *sr, const struct rule *r)
{
	const struct stats_params	*p = r->params;
	size_t				 size;

	memset(sr, 0, sizeof(*sr));
	sr->r = r;
	sr->p = p;
	sr->k = p->kind;
	sr->all = sr->k->all_events != NULL && sr->k->all_events(p);
	statsrule_signature(p, sr->sig, sizeof(sr->sig));
	/* Without the memory, the condition is asked each time. */
	if (cond_fields(r->cond, sr->cfields, STATS_CFIELDS, &sr->ncfields))
		sr->cans = calloc(STATS_CANS, sizeof(*sr->cans));
	sr->bc.cap = p->base_windows > 0 ? p->base_windows : 1;
	sr->bc.per_day = p->baseline == SB_HOUR_OF_DAY ?
	    (uint32_t)(86400000LL / p->window_ms) : 0;
	size = sr->k->size_of != NULL ? sr->k->size_of(p) : sr->k->size;
	sr->t = lru_new(size, p->max_entries, sr->k->drop, NULL);
	if (sr->t != NULL)
		lru_set_hint(sr->t, sr->k->hint != NULL ? sr->k->hint :
		    stats_group_hint);
	/* What groups share: at least one entry a LAN's endpoint. */
	if (sr->t != NULL && sr->k->aux != NULL && sr->k->aux(p) &&
	    (sr->aux = lru_new(size, p->max_entries < STATS_AUX_MIN ?
	    STATS_AUX_MIN : p->max_entries, sr->k->drop, NULL)) == NULL)
		return -1;
	return sr->t == NULL ? -1 : 0;
}

static void
stats_rules_free(struct stats_rule *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		lru_free(v[i].t);
		lru_free(v[i].aux);
		free(v[i].cans);
	}
	free(v);
}

/*
 * The rules of rs, each with its table: taken over from old when a rule
 * of the same id still means the same (its signature), new otherwise.
 */
static int
stats_same_by(const struct stats_params *a, const struct stats_params *b)
{
	size_t	 i;

	if (a->nby != b->nby)
		return 0;
	for (i = 0; i < a->nby; i++)
		if (a->by[i].fd != b->by[i].fd ||
		    a->by[i].derived != b->by[i].derived ||
		    memcmp(a->by[i].alt, b->by[i].alt, sizeof(a->by[i].alt)))
			return 0;
	return 1;
}

/*
 * Rules that group by the same fields (most by the endpoint alone) build
 * the same key for an event: the first to take it builds it, the others
 * copy.  Each names the nearest earlier rule of its group-by, so that
 * following the names finds every earlier one.
 */
static void
stats_twins(struct stats_rule *v, size_t n, const uint32_t *part_of)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		v[i].twin = NULL;
		v[i].same_cond = NULL;
		v[i].cond_pass = 0;
		/* Split: a twin of another part is another thread's. */
		for (j = i; j-- > 0; ) {
			if (part_of != NULL && part_of[j] != part_of[i])
				continue;
			/* A kind of its own key takes the group's hash. */
			if (v[i].twin == NULL && v[j].k->key == NULL &&
			    stats_same_by(v[i].p, v[j].p))
				v[i].twin = &v[j];
			if (v[i].same_cond == NULL && v[i].r->cond != NULL &&
			    cond_same(v[i].r->cond, v[j].r->cond))
				v[i].same_cond = &v[j];
		}
	}
}

static struct stats_rule *
stats_rules_build(const struct ruleset *rs, struct stats_rule *old,
    size_t nold, size_t *n)
{
	struct stats_rule	*v;
	size_t			 i, j;

	*n = 0;
	if ((v = calloc(rs->nrules ? rs->nrules : 1, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	for (i = 0; i < rs->nrules; i++) {
		if (!stats_rule_wanted(rs->rules[i]))
			continue;
		if (stats_rule_init(&v[*n], rs->rules[i]) == -1) {
			stats_rules_free(v, *n + 1);
			return NULL;
		}
		for (j = 0; j < nold; j++)
			if (old[j].t != NULL &&
			    strcmp(old[j].r->id, v[*n].r->id) == 0 &&
			    strcmp(old[j].sig, v[*n].sig) == 0 &&
			    old[j].p->max_entries == v[*n].p->max_entries) {
				lru_free(v[*n].t);
				lru_free(v[*n].aux);
				v[*n].t = old[j].t;
				v[*n].aux = old[j].aux;
				old[j].aux = NULL;
				v[*n].late = old[j].late;
				v[*n].since_ms = old[j].since_ms;
				old[j].t = NULL;
				break;
			}
		(*n)++;
	}
	stats_twins(v, *n, NULL);
	return v;
}

/* Findings ---------------------------------------------------------- */

/* The evidence of a finding: ev, or with none, one made of g's key. */
static const struct logevent *
stats_evidence(struct stats_ctx *c, const struct logevent *ev,
    const struct stats_group *g, int64_t last)
{
	if (ev != NULL)
		return ev;
	logevent_reset(&c->synth);
	c->synth.source = g->src;
	c->synth.time_ms = last;
	c->synth.format = "stats";
	c->synth.input = "stats";
	c->synth.file = "-";
	statskey_fill(stats_group_key(g), g->keylen, &c->synth);
	return &c->synth;
}

/* The rule whose conditions this thread evaluates for sr. */
static const struct rule *
stats_cond_rule(const struct stats_ctx *c, const struct stats_rule *sr)
{
	const struct rule	*r;

	if (c->own == NULL || (r = c->own[sr - c->base]) == NULL)
		return sr->r;
	return r;
}

int
stats_popular(struct stats_ctx *c, const struct stats_rule *sr,
    const struct logevent *ev, const struct stats_group *g, int64_t last)
{
	const struct rule	*r = stats_cond_rule(c, sr);

	if (r->popular == NULL)
		return 0;
	return cond_eval(r->popular, stats_evidence(c, ev, g, last), NULL);
}

void
stats_emit(struct stats_ctx *c, struct stats_rule *sr,
    const struct logevent *ev, const struct stats_group *g, int64_t first,
    int64_t last, uint64_t count, double score)
{
	const struct rule	*r;
	struct finding		 f;

	ev = stats_evidence(c, ev, g, last);
	memset(&f, 0, sizeof(f));
	f.rule = sr->r;
	f.ev = ev;
	f.first_ms = first;
	f.last_ms = last;
	f.count = count;
	f.score = score > 1 ? 1 : score < 0 ? 0 : score;
	f.reason = c->reason;
	r = stats_cond_rule(c, sr);
	if (r->popular != NULL && cond_eval(r->popular, ev, NULL))
		f.flags |= FINDING_POPULAR;
	sr->findings++;
	c->em.emit(c->em.arg, &f);
}

/* Events ------------------------------------------------------------ */

static int	stats_rule_key(struct stats_part *, struct stats_rule *,
		    const struct logevent *);
static int	stats_rule_key_alone(struct stats_part *, struct stats_rule *,
		    const struct logevent *);

static struct stats_group *
stats_entry(struct stats_part *pt, struct stats_rule *sr,
    const struct logevent *ev)
{
	struct stats_group	*g;
	uint64_t		 h = sr->hash;
	int			 created;

	/* Every kind's group begins with a struct stats_group. */
	if ((g = lru_put(sr->t, h, &created)) == NULL)
		return NULL;
	if (created) {
		/* From the memo, only the hash was known: the key now. */
		if (sr->keylen == 0 && (stats_rule_key_alone(pt, sr, ev) == 0 ||
		    sr->hash != h)) {
			lru_remove(sr->t, g);
			return NULL;
		}
		if (stats_group_setkey(g, sr->kp, sr->keylen) == -1) {
			lru_remove(sr->t, g);
			return NULL;
		}
		if (sr->k->start != NULL)
			sr->k->start(g, ev);
	}
	g->src = (uint8_t)ev->source;
	return g;
}

/* The hash of the value ev has in field f. */
static uint64_t
stats_cond_field(const struct field_def *f, const struct logevent *ev)
{
	struct slice	 s;
	int64_t		 v;

	if (f->type == FIELD_STR) {
		s = field_str(ev, f);
		return hash64(s.p != NULL ? s.p : "", s.len, 0x636f6e64ULL);
	}
	v = field_int(ev, f);
	return hash64(&v, sizeof(v), 0x636f6e64ULL);
}

/*
 * The hash of the values ev has in the fields sr's condition reads: of
 * each field's hash, worked out once a pass for all the rules.
 */
static uint64_t
stats_cond_key(struct stats_part *pt, const struct stats_rule *sr,
    const struct logevent *ev)
{
	const struct field_def	*table = field_table(NULL);
	struct stats_cval	*x;
	uint64_t		 h = 0x636f6e64ULL;
	size_t			 i, j;

	for (i = 0; i < sr->ncfields; i++) {
		j = ((uintptr_t)sr->cfields[i] - (uintptr_t)table) /
		    sizeof(*table);
		if (j >= pt->ncvals) {
			h = hash_combine(h, stats_cond_field(sr->cfields[i],
			    ev));
			continue;
		}
		x = &pt->cvals[j];
		if (x->pass != pt->key_pass) {
			x->pass = pt->key_pass;
			x->h = stats_cond_field(sr->cfields[i], ev);
		}
		h = hash_combine(h, x->h);
	}
	return (h | 2) & ~(uint64_t)1;
}

/* r's condition (sr's, on this thread) on ev, or the answer kept. */
static int
stats_cond_eval(struct stats_part *pt, struct stats_rule *sr,
    const struct rule *r, const struct logevent *ev)
{
	struct stats_cans	*a;
	uint64_t		 k;

	if (sr->cans == NULL)
		return cond_eval(r->cond, ev, NULL);
	k = sr->ckey_pass == pt->key_pass ? sr->ckey :
	    stats_cond_key(pt, sr, ev);
	a = &sr->cans[(k >> 2) & (STATS_CANS - 1)];
	if ((a->key & ~(uint64_t)1) != k)
		a->key = k | (cond_eval(r->cond, ev, NULL) != 0);
	return (int)(a->key & 1);
}

/*
 * The kept answers are many and read at random: before a pass asks the
 * rules' conditions, each rule's key is worked out and its answer
 * starts loading, so that the rules wait on memory at once rather than
 * one after another.  A rule whose condition another rule of the part
 * shares is left out: that one's answer will be its.
 */
static void
stats_cond_ahead(struct stats_part *pt, struct stats_rule *sr,
    const struct logevent *ev)
{
	if (sr->cans == NULL || sr->same_cond != NULL ||
	    stats_cond_rule(pt->c, sr)->cond == NULL)
		return;
	sr->ckey = stats_cond_key(pt, sr, ev);
	sr->ckey_pass = pt->key_pass;
	__builtin_prefetch(&sr->cans[(sr->ckey >> 2) & (STATS_CANS - 1)]);
}

/*
 * Whether sr's condition holds for ev: the answer of an earlier rule
 * of the same condition when it gave one in this pass (several rules
 * leave out the same regular destinations).
 */
static int
stats_rule_cond(struct stats_part *pt, struct stats_rule *sr,
    const struct logevent *ev)
{
	const struct stats_rule	*t;
	const struct rule	*r = stats_cond_rule(pt->c, sr);
	int			 m;

	if (r->cond == NULL)
		return 1;
	for (t = sr->same_cond; t != NULL && t->cond_pass != pt->key_pass;
	    t = t->same_cond)
		;
	m = t != NULL ? t->matched : stats_cond_eval(pt, sr, r, ev);
	sr->cond_pass = pt->key_pass;
	return m;
}

/*
 * A new pass over the rules, for the next event: nothing worked out in
 * an earlier one is taken (the keys of twins, the answers of the same
 * condition, the values of the event).
 */
static void
stats_pass(struct stats_part *pt)
{
	pt->key_pass++;
	pt->c->ep.vals = pt->vals;
	pt->c->ep.pass = pt->key_pass;
}

/* Whether ev goes to sr's table, and the key of its group there. */
static int
stats_rule_key(struct stats_part *pt, struct stats_rule *sr,
    const struct logevent *ev)
{
	const struct stats_rule	*t;

	/* Only for rules of ev's source kind (stats_part_rules). */
	sr->matched = stats_rule_cond(pt, sr, ev);
	if (!sr->matched && !sr->all)
		return 0;
	sr->kp = sr->key;
	for (t = sr->twin; t != NULL && t->key_pass != pt->key_pass;
	    t = t->twin)
		;
	/* Most kinds group by the group-by fields: no call through k. */
	if (sr->k->key != NULL) {
		sr->group_given = t != NULL;
		sr->group_hash = t != NULL ?
		    statskey_hash_bytes(t->kp, t->keylen) : 0;
		return sr->k->key(sr, ev, &pt->c->ep) == 0;
	}
	if (t != NULL) {
		sr->kp = t->kp;
		sr->keylen = t->keylen;
		sr->hash = t->hash;
	} else if (statskey_build(sr->p, ev, &pt->c->ep, sr->key, &sr->keylen,
	    &sr->hash) == -1)
		return 0;
	sr->key_pass = pt->key_pass;
	return 1;
}

/*
 * The key of one rule outside a pass over them all: a pass of its own,
 * so that the key a twin built for another event is not taken.
 */
static int
stats_rule_key_alone(struct stats_part *pt, struct stats_rule *sr,
    const struct logevent *ev)
{
	stats_pass(pt);
	return stats_rule_key(pt, sr, ev);
}

static void
stats_rule_event(struct stats_part *pt, struct stats_rule *sr,
    const struct logevent *ev)
{
	struct stats_group	*g;

	if ((g = stats_entry(pt, sr, ev)) == NULL)
		return;
	g->shard = ev->shard;
	sr->k->event(pt->c, sr, g, ev);
	if (sr->p->baseline != SB_NONE)
		pt->c->dirty = 1;
}

/* The table a kind's own entries are in (stats_kind's ahead). */
static const struct lru *
stats_own_table(const struct stats_rule *sr)
{
	return sr->aux != NULL ? sr->aux : sr->t;
}

/* What stats_ahead kept for an event, into the n rules rl it meets. */
static void
stats_memo_take(struct stats *s, const size_t *rl, size_t n, struct smemo *m,
    const struct smemo_rule *mr)
{
	struct stats_rule	*sr;
	size_t			 i;

	for (i = 0; i < n; i++) {
		sr = &s->rules[rl[i]];
		sr->todo = mr[i].todo;
		sr->matched = mr[i].matched;
		sr->hash = mr[i].hash;
		sr->who = mr[i].who;
		/* Not kept: built again if a group is created. */
		sr->keylen = mr[i].klen;
		sr->kp = m->keys + mr[i].koff;
	}
	m->seq = 0;
}

/* The memo slot of ev, if it holds what is still true of ev; or NULL. */
static struct smemo *
stats_memo(struct stats *s, const struct logevent *ev)
{
	struct smemo	*m;

	if (ev->seq == 0 || s->memo_rules == NULL)
		return NULL;
	m = &s->memo[ev->seq % STATS_MEMO];
	if (m->seq != ev->seq || m->gen != identity_gen(s->c.ep.id))
		return NULL;
	return m;
}

/*
 * Stage 0 of the work ahead for rule sr and ev: whether the rule takes
 * it and its group (into mr), the hash bucket of the group and of the
 * kind's own entry started loading, and the key kept in the memo m for
 * process to create the group with (a twin's is there already).
 */
static void
stats_ahead_rule(struct stats_part *pt, struct stats_rule *sr,
    struct smemo *m, struct smemo_rule *mr, const struct logevent *ev)
{
	mr->todo = (uint8_t)stats_rule_key(pt, sr, ev);
	mr->matched = (uint8_t)sr->matched;
	mr->hash = sr->hash;
	mr->who = sr->who;
	mr->klen = 0;
	mr->own = 0;
	mr->val = 0;
	if (!mr->todo)
		return;
	lru_prefetch(sr->t, sr->hash);
	if (sr->k->ahead != NULL && (mr->own = sr->k->ahead(sr, ev,
	    &pt->c->ep, sr->kp, sr->keylen, &mr->val)) != 0)
		lru_prefetch(stats_own_table(sr), mr->own);
	if ((uintptr_t)sr->kp - (uintptr_t)m->keys < m->used) {
		mr->koff = (uint16_t)(sr->kp - m->keys);
		mr->klen = (uint16_t)sr->keylen;
	} else if (sr->keylen <= STATS_MEMO_KEYS - m->used) {
		memcpy(m->keys + m->used, sr->kp, sr->keylen);
		mr->koff = (uint16_t)m->used;
		mr->klen = (uint16_t)sr->keylen;
		sr->kp = m->keys + m->used;
		m->used += sr->keylen;
	}
}

/*
 * Ahead of ev's turn, for the rules of pt (n of them, idx NULL: all):
 * stage 0 works out which rules take it and its group in each (kept in
 * the memo m, mr) and starts loading the hash buckets; stage 1 starts
 * loading the entries the buckets name.
 */
static void
stats_ahead(struct stats *s, struct stats_part *pt, struct smemo *m,
    struct smemo_rule *mr, const struct logevent *ev, int stage)
{
	struct stats_rule	*sr;
	const size_t		*rl;
	size_t			 i, n;

	rl = stats_part_rules(pt, ev, &n);
	if (stage == 0) {
		stats_pass(pt);
		m->names_key = pt->names != NULL ?
		    statsnames_prefetch(pt->names, ev) : 0;
		m->used = 0;
		for (i = 0; i < n; i++)
			stats_cond_ahead(pt, &s->rules[rl[i]], ev);
		for (i = 0; i < n; i++)
			stats_ahead_rule(pt, &s->rules[rl[i]], m, &mr[i], ev);
		m->seq = ev->seq;
		m->gen = identity_gen(pt->c->ep.id);
		m->src = stats_src(ev);
		return;
	}
	if (m->seq != ev->seq)
		return;
	if (pt->names != NULL)
		statsnames_prefetch_entry(pt->names, m->names_key);
	for (i = 0; i < n; i++) {
		if (!mr[i].todo)
			continue;
		sr = &s->rules[rl[i]];
		lru_prefetch_entry(sr->t, mr[i].hash);
		if (mr[i].own != 0)
			lru_prefetch_entry(stats_own_table(sr), mr[i].own);
	}
}

/*
 * The event before seq is done: for seq, if its memo m (mr, of the
 * rules of pt) is there, the kinds start loading what its groups point
 * to.  Its groups were loaded ahead and are in by now; what they point
 * to will be by its turn.
 */
static void
stats_touch(struct stats *s, const struct stats_part *pt,
    const struct smemo *m, const struct smemo_rule *mr, uint64_t seq)
{
	const struct stats_rule	*sr;
	const size_t		*rl;
	size_t			 i, n;

	if (m->seq != seq)
		return;
	rl = stats_src_rules(pt, m->src, &n);
	for (i = 0; i < n; i++) {
		sr = &s->rules[rl[i]];
		if (mr[i].todo && sr->k->touch != NULL)
			sr->k->touch(sr, lru_peek(sr->t, mr[i].hash),
			    mr[i].own, mr[i].val);
	}
}

static void
stats_prefetch(void *arg, const struct logevent *ev, int stage)
{
	struct stats	*s = arg;

	/* Split, the rules are the parts' threads' own: none. */
	if (ev->seq == 0 || s->memo_rules == NULL || s->nparts > 0)
		return;
	if (stage == 0)
		s->c.ep.done = 0;
	stats_ahead(s, &s->one, &s->memo[ev->seq % STATS_MEMO],
	    &s->memo_rules[(ev->seq % STATS_MEMO) * s->nrules], ev, stage);
}

/*
 * A connection logged by address only, whose endpoint was lately told
 * a name for that address (its DNS answer, the TLS server name or HTTP
 * host of the same flow): the event as if its log had the name.  The
 * copy has no sequence number, so no work done ahead for the original
 * is taken for it.
 */
static const struct logevent *
stats_named(struct stats_part *pt, const struct logevent *ev,
    struct slice name)
{
	if (name.len == 0)
		return ev;
	pt->named = *ev;
	pt->named.dst_domain = name;
	pt->named.seq = 0;
	/* Nor the rules' answers for the original: its domain was empty. */
	pt->named.memo = NULL;
	return &pt->named;
}

/* ev named by pt's own table of names, learned from ev first. */
static const struct logevent *
stats_name(struct stats_part *pt, const struct logevent *ev)
{
	if (pt->names == NULL)
		return ev;
	statsnames_learn(pt->names, ev);
	return stats_named(pt, ev, statsnames_find(pt->names, ev));
}

/*
 * The keys of the n rules rl for ev, and the lookups of all of them
 * started (bucket, then entry), so that they wait on memory at once.
 */
static void
stats_keys(struct stats *s, struct stats_part *pt, const size_t *rl,
    size_t n, const struct logevent *ev)
{
	struct stats_rule	*sr;
	size_t			 i;

	stats_pass(pt);
	for (i = 0; i < n; i++)
		stats_cond_ahead(pt, &s->rules[rl[i]], ev);
	for (i = 0; i < n; i++) {
		sr = &s->rules[rl[i]];
		if ((sr->todo = stats_rule_key(pt, sr, ev)))
			lru_prefetch(sr->t, sr->hash);
	}
	for (i = 0; i < n; i++) {
		sr = &s->rules[rl[i]];
		if (sr->todo)
			lru_prefetch_entry(sr->t, sr->hash);
	}
}

/* What ev does to the groups of the rules rl that took it. */
static void
stats_events(struct stats *s, struct stats_part *pt, const size_t *rl,
    size_t n, const struct logevent *ev)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s->rules[rl[i]].todo)
			stats_rule_event(pt, &s->rules[rl[i]], ev);
}

/*
 * Three passes over the rules, so that the table lookups of all of them
 * wait on memory at the same time rather than one after another: keys
 * (and the buckets they fall in), then the entries the buckets name,
 * then the work.  Nothing in the first pass depends on the last.  When
 * stats_prefetch saw the event ahead of time, the first pass is in the
 * memo and the tables are on their way into the caches already.
 */
static void
stats_process(void *arg, const struct logevent *ev)
{
	struct stats		*s = arg;
	struct smemo		*m;
	const size_t		*rl;
	size_t			 n;

	if (ev->time_ms > s->one.now_ms)
		s->one.now_ms = ev->time_ms;
	/* No rule to count for: the names would be learned for nobody. */
	if (s->nrules == 0)
		return;
	s->c.ep.done = 0;
	ev = stats_name(&s->one, ev);
	rl = stats_part_rules(&s->one, ev, &n);
	if ((m = stats_memo(s, ev)) != NULL) {
		stats_memo_take(s, rl, n, m,
		    &s->memo_rules[(ev->seq % STATS_MEMO) * s->nrules]);
		/* The values kept are of the event stats_ahead saw last. */
		stats_pass(&s->one);
	} else
		stats_keys(s, &s->one, rl, n, ev);
	stats_events(s, &s->one, rl, n, ev);
	if (ev->seq != 0 && s->memo_rules != NULL)
		stats_touch(s, &s->one, &s->memo[(ev->seq + 1) % STATS_MEMO],
		    &s->memo_rules[((ev->seq + 1) % STATS_MEMO) * s->nrules],
		    ev->seq + 1);
}

static int	stats_save(struct stats *);

/* Parts ------------------------------------------------------------- */

/*
 * Split (stats_split), each worker thread runs the rules of its part on
 * every event, in their order; a rule and everything it keeps (its
 * groups, its second table, what it counts across the organisation)
 * belong to one part, so no two threads touch the same table and each
 * rule sees what it sees on one thread.  The endpoint comes as the
 * reading thread's identity table gave it ahead.  Every STATS_SAMPLE
 * events, each rule's time is taken, so that stats_idle can even the
 * parts out by moving rules (nothing moves with them but their place).
 */
/* The rules of a part one after the other, each timed. */
static void
stats_part_timed(struct stats *s, struct stats_part *pt,
    const struct logevent *ev)
{
	struct stats_rule	*sr;
	struct timespec		 t0, t1;
	size_t			 j, k = ev->source < SRC_MAX ? (size_t)ev->source :
			    SRC_MAX;

	for (j = 0; j < pt->nidx; j++) {
		sr = &s->rules[pt->idx[j]];
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if ((sr->todo = stats_rule_takes(sr, k) &&
		    stats_rule_key(pt, sr, ev)))
			stats_rule_event(pt, sr, ev);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		s->cost_ns[pt->idx[j]] += (uint64_t)((t1.tv_sec -
		    t0.tv_sec) * 1000000000LL + t1.tv_nsec - t0.tv_nsec);
	}
}

/*
 * The event named as one thread names it: by the name the reading
 * thread gave (stats_part_give), else by the part's own table, made
 * when first wanted (never, when every event comes with its name).
 */
static const struct logevent *
stats_part_name(struct stats_part *pt, const struct logevent *ev,
    const struct part_given *g)
{
	if (g != NULL && g->named)
		return stats_named(pt, ev, (struct slice){ g->name,
		    g->name_len });
	if (pt->names == NULL && !pt->names_failed &&
	    (pt->names = statsnames_new(STATS_NAMES)) == NULL)
		pt->names_failed = 1;
	return stats_name(pt, ev);
}

static void
stats_part_process(void *arg, size_t part, const struct logevent *ev,
    const struct part_given *g)
{
	struct stats		*s = arg;
	struct stats_part	*pt = &s->parts[part];
	struct smemo		*m;
	const size_t		*rl;
	size_t			 n;
	int			 sample = (ev->seq & (STATS_SAMPLE - 1)) == 0;

	if (ev->time_ms > pt->now_ms)
		pt->now_ms = ev->time_ms;
	ev = stats_part_name(pt, ev, g);
	statskey_ep_given(&pt->c->ep, ev, g != NULL ? &g->ek : NULL);
	if (sample) {
		stats_pass(pt);
		stats_part_timed(s, pt, ev);
		return;
	}
	rl = stats_part_rules(pt, ev, &n);
	m = pt->memo != NULL && ev->seq != 0 ? &pt->memo[ev->seq %
	    STATS_MEMO] : NULL;
	if (m != NULL && m->seq == ev->seq) {
		stats_memo_take(s, rl, n, m, &pt->memo_rules[(ev->seq %
		    STATS_MEMO) * pt->nidx]);
		stats_pass(pt);
	} else
		/* As stats_process: the lookups of all rules wait at once. */
		stats_keys(s, pt, rl, n, ev);
	stats_events(s, pt, rl, n, ev);
	if (pt->memo != NULL && ev->seq != 0)
		stats_touch(s, pt, &pt->memo[(ev->seq + 1) % STATS_MEMO],
		    &pt->memo_rules[((ev->seq + 1) % STATS_MEMO) * pt->nidx],
		    ev->seq + 1);
}

/*
 * Ahead of an event's turn in part (the worker's batch): as
 * stats_prefetch, into the part's own memo, its endpoint as given.
 */
static void
stats_part_prefetch(void *arg, size_t part, const struct logevent *ev,
    const struct part_given *g, int stage)
{
	struct stats		*s = arg;
	struct stats_part	*pt = &s->parts[part];
	size_t			 slot = ev->seq % STATS_MEMO;

	if (ev->seq == 0 || pt->memo == NULL)
		return;
	if (stage == 0)
		statskey_ep_given(&pt->c->ep, ev, g != NULL ? &g->ek : NULL);
	stats_ahead(s, pt, &pt->memo[slot], &pt->memo_rules[slot * pt->nidx],
	    ev, stage);
}

_Static_assert(STATSNAMES_MAX <= ANALYZER_GIVEN_NAME,
    "a destination name fits in what is given to the parts");

/*
 * On the reading thread, for every event before the parts get it: the
 * destination names learned once for all parts, in the table one
 * thread keeps (the analyzer's own, idle while split), and the name
 * found for the event given with it, so that each part names it as one
 * thread does.
 */
static void
stats_part_give(void *arg, const struct logevent *ev, struct part_given *g)
{
	struct stats	*s = arg;
	struct slice	 name;
	uint64_t	 k;

	g->named = 0;
	g->name_len = 0;
	if (s->one.names == NULL)
		return;
	k = ev->seq != 0 && s->give[ev->seq % STATS_GIVE].seq == ev->seq ?
	    s->give[ev->seq % STATS_GIVE].key : 0;
	statsnames_learn_key(s->one.names, ev, k);
	/* None is the common answer: a NULL slice. */
	if ((name = statsnames_find_key(s->one.names, ev, k)).len > 0)
		memcpy(g->name, name.p, name.len);
	g->name_len = (uint8_t)name.len;
	g->named = 1;
}

/* Ahead of stats_part_give: the names entry it learns and looks up. */
static void
stats_give_prefetch(void *arg, const struct logevent *ev, int stage)
{
	struct stats	*s = arg;
	size_t		 i = ev->seq % STATS_GIVE;

	if (s->one.names == NULL || ev->seq == 0)
		return;
	if (stage == 0) {
		s->give[i].seq = ev->seq;
		s->give[i].key = statsnames_prefetch(s->one.names, ev);
	} else if (s->give[i].seq == ev->seq)
		statsnames_prefetch_entry(s->one.names, s->give[i].key);
}

/* Each part's rules, in rule order, from part_of. */
static int
stats_part_index(struct stats *s)
{
	struct stats_part	*pt;
	size_t			 i, p;

	for (p = 0; p < s->nparts; p++) {
		pt = &s->parts[p];
		free(pt->idx);
		free(pt->memo);
		free(pt->memo_rules);
		pt->own.base = s->rules;
		/* Without a memo, the part works each event out in turn. */
		pt->memo = calloc(STATS_MEMO, sizeof(*pt->memo));
		pt->memo_rules = calloc(STATS_MEMO * (s->nrules + 1),
		    sizeof(*pt->memo_rules));
		if (pt->memo == NULL || pt->memo_rules == NULL) {
			free(pt->memo);
			pt->memo = NULL;
		}
		if ((pt->idx = calloc(s->nrules + 1, sizeof(*pt->idx))) ==
		    NULL) {
			log_warn("%s", __func__);
			return -1;
		}
		pt->nidx = 0;
		/* A rule that moved kept its last pass's number. */
		pt->key_pass = 0;
	}
	for (i = 0; i < s->nrules; i++) {
		pt = &s->parts[s->part_of[i]];
		pt->idx[pt->nidx++] = i;
		s->rules[i].key_pass = 0;
	}
	for (p = 0; p < s->nparts; p++)
		if (stats_part_sources(s->rules, s->nrules, &s->parts[p]) == -1)
			return -1;
	stats_twins(s->rules, s->nrules, s->part_of);
	return 0;
}

/*
 * Each rule's unit, into u: the first rule of its group-by (the rules
 * stats_twins makes twins when they share a part), whose key is built
 * once a part; and each unit's time so far into t (a rule not timed
 * yet counts one).
 */
static void
stats_part_units(const struct stats *s, size_t *u, uint64_t *t)
{
	size_t	 i, j;

	for (i = 0; i < s->nrules; i++) {
		u[i] = i;
		t[i] = 0;
		for (j = i; j-- > 0; )
			if (s->rules[j].k->key == NULL &&
			    stats_same_by(s->rules[i].p, s->rules[j].p)) {
				u[i] = u[j];
				break;
			}
		t[u[i]] += s->cost_ns[i] + 1;
	}
}

/*
 * The rules over the parts by their time so far, the longest first,
 * each to the part with the least; the rules of one group-by together
 * (stats_part_units), so that no two parts build the same keys (the
 * match analyzer's events, which the part ahead takes, fill what is
 * left uneven): into v, and the time of the busiest part.
 */
static uint64_t
stats_part_plan(const struct stats *s, uint32_t *v)
{
	uint64_t	 load[STATS_PARTS_MAX], *t, top = 0;
	size_t		 i, j, p, best, *u;

	u = calloc(s->nrules + 1, sizeof(*u));
	t = calloc(s->nrules + 1, sizeof(*t));
	if (u == NULL || t == NULL) {
		free(u);
		free(t);
		return UINT64_MAX;
	}
	stats_part_units(s, u, t);
	memset(load, 0, sizeof(load));
	for (;;) {
		for (best = SIZE_MAX, j = 0; j < s->nrules; j++)
			if (t[j] > 0 && (best == SIZE_MAX || t[j] > t[best]))
				best = j;
		if (best == SIZE_MAX)
			break;
		for (p = 0, j = 1; j < s->nparts; j++)
			if (load[j] < load[p])
				p = j;
		for (i = 0; i < s->nrules; i++)
			if (u[i] == best)
				v[i] = (uint32_t)p;
		load[p] += t[best];
		t[best] = 0;
		if (load[p] > top)
			top = load[p];
	}
	free(u);
	free(t);
	return top;
}

/* The busiest part's time with the rules where they are. */
static uint64_t
stats_part_top(const struct stats *s)
{
	uint64_t	 load[STATS_PARTS_MAX], top = 0;
	size_t		 i;

	memset(load, 0, sizeof(load));
	for (i = 0; i < s->nrules; i++)
		load[s->part_of[i]] += s->cost_ns[i] + 1;
	for (i = 0; i < s->nparts; i++)
		if (load[i] > top)
			top = load[i];
	return top;
}

/* Move rules when that makes the busiest part a tenth less busy. */
static void
stats_balance(struct stats *s)
{
	uint32_t	*v;
	uint64_t	 now, plan;

	if (s->nparts < 2 || s->nrules == 0 ||
	    (v = calloc(s->nrules, sizeof(*v))) == NULL)
		return;
	now = stats_part_top(s);
	plan = stats_part_plan(s, v);
	if (plan < now - now / 10) {
		memcpy(s->part_of, v, s->nrules * sizeof(*v));
		if (stats_part_index(s) == -1)
			log_warnx("stats: parts not indexed");
	}
	free(v);
}

static void
stats_parts_free(struct stats *s)
{
	size_t	 i;

	for (i = 0; i < s->nparts; i++) {
		/* What the parts learnt is the analyzer's to save. */
		s->c.dirty |= s->parts[i].own.dirty;
		if (s->parts[i].now_ms > s->one.now_ms)
			s->one.now_ms = s->parts[i].now_ms;
		statsnames_free(s->parts[i].names);
		logevent_free(&s->parts[i].own.synth);
		free(s->parts[i].idx);
		free(s->parts[i].sidx);
		free(s->parts[i].vals);
		free(s->parts[i].cvals);
		free(s->parts[i].own.own);
		free(s->parts[i].memo);
		free(s->parts[i].memo_rules);
	}
	free(s->parts);
	free(s->part_of);
	free(s->cost_ns);
	s->parts = NULL;
	s->part_of = NULL;
	s->cost_ns = NULL;
	s->nparts = 0;
	stats_twins(s->rules, s->nrules, NULL);
}

/* part_of and cost_ns for the rules there are now, placed anew. */
static int
stats_parts_place(struct stats *s)
{
	free(s->part_of);
	free(s->cost_ns);
	s->part_of = calloc(s->nrules + 1, sizeof(*s->part_of));
	s->cost_ns = calloc(s->nrules + 1, sizeof(*s->cost_ns));
	if (s->part_of == NULL || s->cost_ns == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	(void)stats_part_plan(s, s->part_of);
	return stats_part_index(s);
}

/*
 * Part p's conditions from rs, a rule set of the same rules in the same
 * order as the analyzer's (a worker's; NULL: the rules' own).
 */
static int
stats_part_bind(struct stats *s, struct stats_part *pt,
    const struct ruleset *rs)
{
	const struct rule	**v;
	size_t			 i, j;

	if ((v = calloc(s->nrules + 1, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	for (i = 0; rs != NULL && i < s->nrules; i++) {
		for (j = 0; j < s->rs->nrules && s->rs->rules[j] !=
		    s->rules[i].r; j++)
			;
		if (j < rs->nrules && j < s->rs->nrules &&
		    strcmp(rs->rules[j]->id, s->rules[i].r->id) == 0)
			v[i] = rs->rules[j];
	}
	free(pt->own.own);
	pt->own.own = v;
	pt->own.base = s->rules;
	return 0;
}

static int
stats_split(void *arg, size_t n, const struct emitter *ems,
    const struct ruleset *const *rss)
{
	struct stats		*s = arg;
	struct stats_part	*pt;
	size_t			 i;

	/* Split as it is: the parts' emitters and rule sets anew. */
	if (n > 1 && n == s->nparts) {
		for (i = 0; i < n; i++) {
			s->parts[i].own.em = ems[i];
			if (stats_part_bind(s, &s->parts[i], rss[i]) == -1)
				return -1;
		}
		return 0;
	}
	stats_parts_free(s);
	if (n <= 1)
		return 0;
	/* Nothing to share out: the caller keeps the analyzer. */
	if (s->nrules == 0)
		return -1;
	if (n > STATS_PARTS_MAX)
		n = STATS_PARTS_MAX;
	if ((s->parts = calloc(n, sizeof(*s->parts))) == NULL)
		goto fail;
	s->nparts = n;
	for (i = 0; i < n; i++) {
		pt = &s->parts[i];
		pt->c = &pt->own;
		pt->own.em = ems[i];
		logevent_reset(&pt->own.synth);
		if (stats_part_bind(s, pt, rss[i]) == -1)
			goto fail;
	}
	if (stats_parts_place(s) == -1)
		goto fail;
	return 0;
fail:
	log_warnx("stats: the rules could not be split over %zu threads", n);
	stats_parts_free(s);
	return -1;
}

/* With the parts idle: a save tick put off, the parts evened out. */
static void
stats_idle(void *arg)
{
	struct stats	*s = arg;

	if (s->nparts == 0)
		return;
	if (s->save_due) {
		s->save_due = 0;
		(void)stats_save(s);
	}
	stats_balance(s);
}

/* Persistence ------------------------------------------------------- */

static int
stats_persisting(const struct stats *s, const struct stats_rule *sr)
{
	if (s->state_dir == NULL || sr->k->persists == NULL ||
	    !sr->k->persists(sr->p))
		return 0;
	switch (sr->p->persist) {
	case SP_ALWAYS:
		return 1;
	case SP_LIVE:
		return !s->replay;
	default:
		return 0;
	}
}

/*
 * A rule's lines: "rule ID SIGNATURE", "seen MS" (the latest event time,
 * for detectd -n to say how far learning is), then what its kind keeps.
 */
static void
stats_save_rule(FILE *fp, const struct stats_rule *sr, int64_t now)
{
	fprintf(fp, "rule %s %s\nseen %lld\n", sr->r->id, sr->sig,
	    (long long)now);
	sr->k->save(fp, sr);
}

void
stats_group_save(FILE *fp, const char *word, const struct stats_group *g)
{
	fprintf(fp, "%s %u ", word, (unsigned)g->src);
	(void)hex_write(fp, stats_group_key(g), g->keylen);
	fputc(' ', fp);
}

/* The latest event time any thread saw. */
static int64_t
stats_now(const struct stats *s)
{
	int64_t	 t = s->one.now_ms > s->tick_ms ? s->one.now_ms : s->tick_ms;
	size_t	 i;

	for (i = 0; i < s->nparts; i++)
		if (s->parts[i].now_ms > t)
			t = s->parts[i].now_ms;
	return t;
}

static int
stats_write(FILE *fp, void *arg)
{
	struct stats	*s = arg;
	size_t		 i;

	if (fprintf(fp, "%s\n", STATS_STATE_MAGIC) < 0)
		return -1;
	for (i = 0; i < s->nrules; i++)
		if (stats_persisting(s, &s->rules[i]))
			stats_save_rule(fp, &s->rules[i], stats_now(s));
	return 0;
}

/* Write every persisting rule's baselines, whole or not at all. */
static int
stats_save(struct stats *s)
{
	char	 path[1024];
	size_t	 i, n = 0;
	int	 dirty = s->c.dirty;

	for (i = 0; i < s->nparts; i++)
		dirty |= s->parts[i].own.dirty;
	for (i = 0; i < s->nrules; i++)
		n += stats_persisting(s, &s->rules[i]);
	if (n == 0 || !dirty)
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", s->state_dir,
	    STATS_STATE_FILE) >= sizeof(path)) {
		log_warnx("%s: state directory path too long", __func__);
		return -1;
	}
	if (atomicfile_write(path, stats_write, s) == -1)
		return -1;
	s->c.dirty = 0;
	for (i = 0; i < s->nparts; i++)
		s->parts[i].own.dirty = 0;
	return 0;
}

/* "WORD SRC HEXKEY REST": the source and key, and where REST begins. */
static const char *
stats_load_head(const char *line, unsigned int *src, char *key, size_t *n)
{
	const char	*hex, *sp;

	if ((hex = strchr(line, ' ')) == NULL ||
	    sscanf(hex + 1, "%u ", src) != 1 || *src >= SRC_MAX ||
	    (hex = strchr(hex + 1, ' ')) == NULL ||
	    (sp = strchr(++hex, ' ')) == NULL)
		return NULL;
	*n = (size_t)(sp - hex) / 2;
	if ((size_t)(sp - hex) % 2 != 0 || *n == 0 || *n > STATSKEY_MAX ||
	    hex_read(hex, *n, key) == -1)
		return NULL;
	return sp + 1;
}

int
stats_group_load(struct stats_rule *sr, const char *line,
    uint64_t (*hash)(const char *, size_t),
    int (*read)(struct stats_rule *, struct stats_group *, const char *))
{
	return stats_group_load_into(sr, sr->t, line, hash, read);
}

int
stats_group_load_into(struct stats_rule *sr, struct lru *t, const char *line,
    uint64_t (*hash)(const char *, size_t),
    int (*read)(struct stats_rule *, struct stats_group *, const char *))
{
	char			 key[STATSKEY_MAX];
	const char		*rest;
	unsigned int		 src;
	size_t			 n;
	struct stats_group	*g;
	int			 created;

	if ((rest = stats_load_head(line, &src, key, &n)) == NULL)
		return -1;
	g = lru_put(t, hash(key, n), &created);
	/* A key seen twice: the first stands. */
	if (g == NULL || (!created && g->keylen != 0))
		return g == NULL ? -1 : 1;
	if (stats_group_setkey(g, key, n) == -1) {
		lru_remove(t, g);
		return -1;
	}
	g->src = (uint8_t)src;
	if (read(sr, g, rest) == -1) {
		stats_group_freekey(g);
		lru_remove(t, g);
		return -1;
	}
	return 1;
}

static struct stats_rule *
stats_load_rule(struct stats *s, char *line)
{
	char	*id, *sig;
	size_t	 i;

	if (strtok(line, " ") == NULL || (id = strtok(NULL, " ")) == NULL ||
	    (sig = strtok(NULL, "")) == NULL)
		return NULL;
	for (i = 0; i < s->nrules; i++)
		if (strcmp(s->rules[i].r->id, id) == 0 &&
		    strcmp(s->rules[i].sig, sig) == 0 &&
		    stats_persisting(s, &s->rules[i]))
			return &s->rules[i];
	return NULL;
}

static void
stats_load(struct stats *s)
{
	char			 path[1024], *line = NULL;
	size_t			 cap = 0, lineno = 0, bad = 0, keys = 0;
	ssize_t			 len;
	struct stats_rule	*sr = NULL;
	FILE			*fp;
	int			 rc;

	snprintf(path, sizeof(path), "%s/%s", s->state_dir, STATS_STATE_FILE);
	if ((fp = safefs_fopen_read(path)) == NULL) {
		if (errno != ENOENT)
			log_warn("%s", path);
		return;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (lineno++ == 0 && strcmp(line, STATS_STATE_MAGIC) != 0) {
			log_warnx("%s: not a baseline file, ignored", path);
			break;
		}
		if (strncmp(line, "rule ", 5) == 0)
			sr = stats_load_rule(s, line);
		else if (sr != NULL && (rc = sr->k->load(sr, line)) == -1)
			bad++;
		else if (sr != NULL && rc == 1)
			keys++;
	}
	free(line);
	fclose(fp);
	if (bad > 0)
		log_warnx("%s: %zu malformed baselines ignored", path, bad);
	log_debug("%s: %zu baselines loaded", path, keys);
}

/* Hand-over --------------------------------------------------------- */

/*
 * The groups of a shard, for the instance that takes its partition:
 * "rule ID SIGNATURE", then a line "group SRC HEXKEY ALERTED AT REST"
 * per group, REST the kind's (hsave).  Each group written is dropped
 * here: its endpoint's events go to the new owner from now on.
 */
static int
stats_hand_save(void *arg, FILE *fp, uint32_t shard)
{
	struct stats		*s = arg;
	struct stats_rule	*sr;
	struct stats_group	*g, *next;
	size_t			 i;

	for (i = 0; i < s->nrules; i++) {
		sr = &s->rules[i];
		if (sr->k->hsave == NULL)
			continue;
		fprintf(fp, "rule %s %s\n", sr->r->id, sr->sig);
		for (g = lru_oldest(sr->t); g != NULL; g = next) {
			next = lru_newer(sr->t, g);
			if (g->shard != shard || g->keylen == 0)
				continue;
			stats_group_save(fp, "group", g);
			fprintf(fp, "%u %lld ", (unsigned)g->alerted,
			    (long long)g->alerted_ms);
			sr->k->hsave(fp, sr, g);
			fputc('\n', fp);
			sr->k->drop(NULL, g);
			lru_remove(sr->t, g);
		}
	}
	return ferror(fp) ? -1 : 0;
}

/* A group's line after its head: the report state, then the kind's. */
static int
stats_hand_group(struct stats_rule *sr, struct stats_group *g,
    const char *rest)
{
	unsigned int	 alerted;
	long long	 at;
	int		 used;

	if (sscanf(rest, "%u %lld %n", &alerted, &at, &used) != 2 ||
	    sr->k->hload(sr, g, rest + used) == -1)
		return -1;
	g->alerted = alerted != 0;
	g->alerted_ms = at;
	g->shard = sr->hand_shard;
	return 0;
}

static int
stats_hand_line(void *arg, uint32_t shard, char *line)
{
	struct stats	*s = arg;
	char		*id, *sig;
	size_t		 i;

	if (strncmp(line, "rule ", 5) == 0) {
		s->hand_rule = NULL;
		if (strtok(line, " ") == NULL ||
		    (id = strtok(NULL, " ")) == NULL ||
		    (sig = strtok(NULL, "")) == NULL)
			return -1;
		/* A rule that changed meaning, or is gone: its groups too. */
		for (i = 0; i < s->nrules; i++)
			if (strcmp(s->rules[i].r->id, id) == 0 &&
			    strcmp(s->rules[i].sig, sig) == 0 &&
			    s->rules[i].k->hload != NULL)
				s->hand_rule = &s->rules[i];
		return 1;
	}
	if (strncmp(line, "group ", 6) != 0)
		return -1;
	if (s->hand_rule == NULL)
		return 1;
	s->hand_rule->hand_shard = shard;
	return stats_group_load_into(s->hand_rule, s->hand_rule->t, line,
	    statskey_hash, stats_hand_group);
}

/* Interface --------------------------------------------------------- */

/* A memo for the rules there are now, empty. */
static int
stats_memo_init(struct stats *s)
{
	free(s->memo_rules);
	s->memo_rules = NULL;
	memset(s->memo, 0, sizeof(s->memo));
	if (s->nrules == 0)
		return 0;
	if ((s->memo_rules = calloc(STATS_MEMO * s->nrules,
	    sizeof(*s->memo_rules))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

static void
stats_free(void *arg)
{
	struct stats	*s = arg;

	if (s == NULL)
		return;
	(void)stats_save(s);
	stats_parts_free(s);
	stats_rules_free(s->rules, s->nrules);
	free(s->memo_rules);
	free(s->one.sidx);
	free(s->one.vals);
	free(s->one.cvals);
	statsnames_free(s->one.names);
	logevent_free(&s->c.synth);
	free(s->state_dir);
	free(s);
}

static void *
stats_new(const struct ruleset *rs, const struct emitter *em,
    const struct analyzer_env *env)
{
	struct stats	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	s->c.em = *em;
	s->one.c = &s->c;
	s->replay = env != NULL && env->replay;
	s->c.ep.id = env != NULL ? env->identity : NULL;
	if (env != NULL && env->state_dir != NULL &&
	    (s->state_dir = strdup(env->state_dir)) == NULL) {
		log_warn("%s", __func__);
		free(s);
		return NULL;
	}
	logevent_reset(&s->c.synth);
	s->rs = rs;
	if ((s->rules = stats_rules_build(rs, NULL, 0, &s->nrules)) == NULL ||
	    stats_part_sources(s->rules, s->nrules, &s->one) == -1 ||
	    stats_memo_init(s) == -1 ||
	    (s->one.names = statsnames_new(STATS_NAMES)) == NULL) {
		stats_free(s);
		return NULL;
	}
	if (s->state_dir != NULL)
		stats_load(s);
	return s;
}

static int
stats_reload(void *arg, const struct ruleset *rs)
{
	struct stats	*s = arg;
	struct stats_rule	*v;
	size_t			 n, i;

	if ((v = stats_rules_build(rs, s->rules, s->nrules, &n)) == NULL)
		return -1;
	stats_rules_free(s->rules, s->nrules);
	s->rules = v;
	s->nrules = n;
	/* The caller's part meets the new rules by their sources. */
	if (stats_part_sources(s->rules, s->nrules, &s->one) == -1)
		return -1;
	s->rs = rs;
	/* Without its memo, stats_process works everything out itself. */
	if (stats_memo_init(s) == -1)
		log_warnx("stats: no room to work ahead; going on without");
	/*
	 * Split: the new rules over the same parts, timed afresh, their
	 * own conditions until the workers give theirs (stats_split).
	 */
	for (i = 0; i < s->nparts; i++)
		if (stats_part_bind(s, &s->parts[i], NULL) == -1)
			return -1;
	if (s->nparts > 0 && stats_parts_place(s) == -1)
		return -1;
	return 0;
}

static void
stats_tick(void *arg, int64_t now_ms)
{
	struct stats	*s = arg;

	if (now_ms > s->tick_ms)
		s->tick_ms = now_ms;
	if (s->replay || s->state_dir == NULL)
		return;
	if (s->saved_ms == 0)
		s->saved_ms = now_ms;
	else if (now_ms - s->saved_ms >= STATS_SAVE_MS) {
		s->saved_ms = now_ms;
		/* Split, the tables are the parts' until stats_idle. */
		if (s->nparts > 0)
			s->save_due = 1;
		else
			(void)stats_save(s);
	}
}

static void
stats_flush(void *arg)
{
	struct stats		*s = arg;
	struct stats_rule	*sr;
	size_t			 i;

	for (i = 0; i < s->nrules; i++)
		if (s->rules[i].k->flush != NULL)
			s->rules[i].k->flush(&s->c, &s->rules[i]);
	(void)stats_save(s);
	/* Table sizes are for tuning: shown with -v, like the composite's. */
	for (i = 0; log_getverbose() >= 1 && i < s->nrules; i++) {
		sr = &s->rules[i];
		log_info("stats rule %s: %zu of %zu entries, %llu evicted, "
		    "%llu late, %llu findings", sr->r->id, lru_count(sr->t),
		    lru_cap(sr->t), (unsigned long long)lru_evictions(sr->t),
		    (unsigned long long)sr->late,
		    (unsigned long long)sr->findings);
	}
}

size_t
stats_table_bytes(const void *arg)
{
	const struct stats	*s = arg;
	size_t			 i, n = 0;

	for (i = 0; i < s->nrules; i++)
		n += lru_memory(s->rules[i].t) + (s->rules[i].aux != NULL ?
		    lru_memory(s->rules[i].aux) : 0);
	return n;
}

size_t
stats_names_count(const void *arg)
{
	const struct stats	*s = arg;

	return s->one.names != NULL ? statsnames_count(s->one.names) : 0;
}

/* Bytes of a table of sr (may be NULL) with what its entries hold. */
static size_t
stats_table_memory(const struct stats_rule *sr, struct lru *t)
{
	const struct stats_group	*g;
	size_t				 m;

	if (t == NULL)
		return 0;
	m = lru_memory(t);
	for (g = lru_oldest(t); g != NULL; g = lru_newer(t, g)) {
		/* A key kept apart, with malloc's own header. */
		if (g->keylen > STATS_KEY_INLINE)
			m += ((size_t)g->keylen + 8 + 15) / 16 * 16;
		if (sr->k->memory != NULL)
			m += sr->k->memory(sr, g);
	}
	return m;
}

int
stats_counters(void *arg, size_t i, struct stats_counters *c)
{
	struct stats			*s = arg;
	const struct stats_rule		*sr;

	if (i >= s->nrules)
		return -1;
	sr = &s->rules[i];
	memset(c, 0, sizeof(*c));
	c->rule = sr->r->id;
	c->entries = lru_count(sr->t);
	c->evictions = lru_evictions(sr->t);
	c->late = sr->late;
	c->findings = sr->findings;
	c->memory = stats_table_memory(sr, sr->t) +
	    stats_table_memory(sr, sr->aux);
	return 0;
}

/* Per rule: the counters of stats_counters, for the statistics file. */
static json_t *
stats_json(void *state)
{
	struct stats_counters	 sc;
	json_t			*rules = json_array();
	size_t			 i;

	for (i = 0; stats_counters(state, i, &sc) == 0; i++)
		json_array_append_new(rules, json_pack("{s:s,s:I,s:I,s:I,"
		    "s:I,s:I}", "rule", sc.rule, "entries",
		    (json_int_t)sc.entries, "evictions",
		    (json_int_t)sc.evictions, "late", (json_int_t)sc.late,
		    "findings", (json_int_t)sc.findings,
		    "memory", (json_int_t)sc.memory));
	return json_pack("{s:o}", "rules", rules);
}

const struct rule_analyzer stats_rules = {
	.name = "stats",
	.option = statsrule_option,
	.check = statsrule_check,
};

const struct analyzer_ops analyzer_stats = {
	.name = "stats",
	.rules = &stats_rules,
	.new = stats_new,
	.free = stats_free,
	.reload = stats_reload,
	.process = stats_process,
	.tick = stats_tick,
	.flush = stats_flush,
	.prefetch = stats_prefetch,
	.split = stats_split,
	.part_process = stats_part_process,
	.part_prefetch = stats_part_prefetch,
	.part_give = stats_part_give,
	.give_prefetch = stats_give_prefetch,
	.idle = stats_idle,
	.hand_save = stats_hand_save,
	.hand_line = stats_hand_line,
	.table_bytes = stats_table_bytes,
	.stats = stats_json,
};
