/*
 * Statistic beacon, the kind that finds communication at a fixed
 * interval: the glue between the statistical analyzer (statskind.h) and
 * the scoring of beacon.c.  Owns the groups of beacon rules, one per
 * (endpoint, destination, port) pair by default, each a struct beacon,
 * and the options only beacons take (min-connections, min-span,
 * min-period), which the other kinds refuse.  A pair is scored when it
 * has enough connections, then every STATSBEACON_EVERY connections, and
 * once more at the end of a replay.
 *
 * When the rule groups by endpoint first, the same table also holds one
 * entry per destination (the pair's key without its endpoint) with its
 * prevalence across the organisation (statsprev.h), and one entry that
 * counts the organisation's endpoints; their keys begin with a byte no
 * field has (0xff), so they never meet a pair's.  The score of a pair
 * then takes in what the organisation knows of its destination
 * (beacon_context), and a learning period (learn DURATION, from the
 * rule's first event) records the destinations that beacons reach while
 * the organisation is being learnt: during it only strong findings
 * (score 0.9 or more, to a destination neither popular nor prevalent,
 * or a spread: see beacon.h) are reported, and after it a destination
 * recorded then is quiet.
 * The destinations, the organisation's count and the rule's first event
 * persist with the baselines ("since", "dest" and "org" lines); the
 * pairs do not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/beacon.h"
#include "analyzers/statskind.h"
#include "analyzers/statsprev.h"
#include "rules/rule.h"
#include "util/hash.h"
#include "util/log.h"

#define STATSBEACON_EVERY	8	/* score every 8th connection */
#define STATSBEACON_STRONG	0.9	/* reported while learning */

enum bent_kind {
	BENT_PAIR = 0,
	BENT_DEST,		/* a destination's prevalence */
	BENT_ORG		/* the organisation's endpoints */
};

/*
 * A beacon pair, or a destination, or the organisation.  Pairs are most
 * of the table and keep their beacon inline; the few others hold their
 * prevalence apart, so that it does not make every pair bigger.
 */
struct bent {
	struct stats_group	 h;
	uint8_t			 kind;
	union {
		struct beacon	 b;
		struct statsprev *d;
	} u;
};

/* The table's drop: what an entry holds besides its key. */
static void
statsbeacon_drop(void *arg, void *payload)
{
	struct bent	*e = payload;

	if (e->kind == BENT_PAIR)
		beacon_free(&e->u.b);
	else
		free(e->u.d);
	stats_group_drop(arg, payload);
}

/* What statsbeacon_drop will free. */
static void
statsbeacon_hint(const void *payload)
{
	const struct bent	*e = payload;

	stats_group_hint(payload);
	stats_free_hint(e->kind == BENT_PAIR ? (const void *)e->u.b.more :
	    (const void *)e->u.d);
}

/* Keys of the entries that are not pairs: 0xff, a letter, NUL. */
static const char statsbeacon_org_key[3] = { (char)0xff, 'o', '\0' };

/* The destination of a pair for the reason: its values after the first. */
static void
statsbeacon_dest(const struct bent *e, char *buf, size_t len)
{
	const char	*v;
	size_t		 i, o = 0;
	int		 n;

	buf[0] = '\0';
	for (i = 1; (v = statskey_part(stats_group_key(&e->h), e->h.keylen,
	    i)) != NULL &&
	    o < len; i++) {
		n = snprintf(buf + o, len - o, "%s%s", i > 1 ? ":" : "", v);
		if (n < 0)
			break;
		o += (size_t)n;
	}
	if (i == 1)
		snprintf(buf, len, "%s", statskey_part(stats_group_key(&e->h),
		    e->h.keylen,
		    0));
}

/* Whether the rule's pairs begin with the endpoint: prevalence then. */
static int
statsbeacon_prevalence(const struct stats_params *p)
{
	return p->nby >= 2 && p->by[0].derived == SD_ENDPOINT;
}

/*
 * The key of a pair's destination entry in buf (STATSKEY_MAX bytes):
 * 0xff 'd' NUL, then the pair's key after its endpoint; its length.
 */
static size_t
statsbeacon_dest_key(const char *key, size_t len, char *buf)
{
	size_t	 skip = 1 + strlen(key + 1) + 1;

	if (skip >= len || len - skip + 3 > STATSKEY_MAX)
		return 0;
	buf[0] = (char)0xff;
	buf[1] = 'd';
	buf[2] = '\0';
	memcpy(buf + 3, key + skip, len - skip);
	return len - skip + 3;
}

/* The table hash of key; the organisation's is worked out once. */
static uint64_t
statsbeacon_hash(struct stats_rule *sr, const char *key, size_t len)
{
	if (key != statsbeacon_org_key)
		return statskey_hash(key, len);
	if (sr->fixed_hash == 0)
		sr->fixed_hash = statskey_hash(key, len);
	return sr->fixed_hash;
}

/*
 * The entry of key, made if need be; NULL when there is no room.  *made
 * is set when the table may have changed (an entry made, or evicted,
 * or the table grown): other entries' pointers are then stale.
 */
static struct bent *
statsbeacon_put(struct stats_rule *sr, const char *key, size_t len,
    enum bent_kind kind, uint8_t src, int *made)
{
	struct bent	*e;
	int		 created = 1;

	e = lru_put(sr->t, statsbeacon_hash(sr, key, len), &created);
	*made |= created;
	if (e == NULL)
		return NULL;
	if (!created)
		return e->kind == kind ? e : NULL;
	if (stats_group_setkey(&e->h, key, len) == -1 || (kind != BENT_PAIR &&
	    (e->u.d = calloc(1, sizeof(*e->u.d))) == NULL)) {
		stats_group_freekey(&e->h);
		lru_remove(sr->t, e);
		return NULL;
	}
	e->h.src = src;
	e->kind = (uint8_t)kind;
	return e;
}

static struct bent *
statsbeacon_get(struct stats_rule *sr, const char *key, size_t len,
    enum bent_kind kind)
{
	struct bent	*e;

	e = lru_get(sr->t, statsbeacon_hash(sr, key, len));
	return e != NULL && e->kind == kind ? e : NULL;
}

/*
 * Ahead of an event: the hash of its pair's destination entry, which
 * statsbeacon_count looks up; 0 when the rule counts none.
 */
static uint64_t
statsbeacon_ahead(const struct stats_rule *sr, const struct logevent *ev,
    struct statskey_ep *ep, const char *key, size_t len, uint32_t *val)
{
	char	 dk[STATSKEY_MAX];
	size_t	 dlen;

	(void)ev;
	(void)ep;
	(void)val;
	if (!statsbeacon_prevalence(sr->p) ||
	    (dlen = statsbeacon_dest_key(key, len, dk)) == 0)
		return 0;
	return statskey_hash(dk, dlen);
}

/*
 * Before an event's turn: the connections its pair keeps apart, and
 * the prevalence of its destination (own, statsbeacon_ahead's).
 */
static void
statsbeacon_touch(const struct stats_rule *sr, const struct stats_group *g,
    uint64_t own, uint32_t val)
{
	const struct bent	*e = (const struct bent *)(const void *)g;

	(void)val;
	if (e != NULL && e->kind == BENT_PAIR)
		beacon_prefetch(&e->u.b);
	if (own != 0 && (e = lru_peek(sr->t, own)) != NULL &&
	    e->kind == BENT_DEST)
		statsprev_prefetch(e->u.d);
}

/* The endpoint of a pair key, hashed as the prevalence counts it. */
static uint32_t
statsbeacon_who(const char *key)
{
	return (uint32_t)hash64(key, strlen(key) + 1, 0x77686fULL);
}

/*
 * Count the pair's endpoint for its destination and the organisation.
 * Entries may move when one is made: the pair is then looked up again
 * by its hash.  Most events meet both entries there already.
 */
static struct bent *
statsbeacon_count(struct stats_ctx *c, struct stats_rule *sr,
    struct bent *e, int64_t t)
{
	char		 key[STATSKEY_MAX], dk[STATSKEY_MAX];
	size_t		 len = e->h.keylen, dlen;
	uint64_t	 h = lru_key(e);
	uint32_t	 who;
	uint8_t		 src = e->h.src;
	struct bent	*d;
	int		 made = 0;

	memcpy(key, stats_group_key(&e->h), len);
	who = statsbeacon_who(key);
	if ((dlen = statsbeacon_dest_key(key, len, dk)) == 0)
		return e;
	if ((d = statsbeacon_put(sr, dk, dlen, BENT_DEST, src, &made)) !=
	    NULL)
		statsprev_add(d->u.d, who, t);
	if ((d = statsbeacon_put(sr, statsbeacon_org_key, 3, BENT_ORG,
	    src, &made)) != NULL)
		statsprev_add(d->u.d, who, t);
	c->dirty = 1;
	if (!made)
		return e;
	e = lru_get(sr->t, h);
	return e != NULL && e->kind == BENT_PAIR ? e : NULL;
}

/* What the organisation knows of the pair's destination, if anything. */
static struct bent *
statsbeacon_context(struct stats_ctx *c, struct stats_rule *sr,
    struct bent *e, const struct logevent *ev, struct beacon_ctx *x)
{
	char		 dk[STATSKEY_MAX];
	size_t		 dlen;
	struct bent	*d = NULL, *o;

	memset(x, 0, sizeof(*x));
	x->popular = stats_popular(c, sr, ev, &e->h, e->u.b.last_ms);
	x->since_ms = sr->since_ms;
	x->now_ms = e->u.b.last_ms;
	if (!statsbeacon_prevalence(sr->p) || (dlen =
	    statsbeacon_dest_key(stats_group_key(&e->h), e->h.keylen,
	    dk)) == 0 ||
	    (d = statsbeacon_get(sr, dk, dlen, BENT_DEST)) == NULL ||
	    (o = statsbeacon_get(sr, statsbeacon_org_key, 3,
	    BENT_ORG)) == NULL)
		return d;
	x->endpoints = statsprev_count(d->u.d);
	x->org = statsprev_count(o->u.d);
	x->first_ms = d->u.d->first_ms;
	return d;
}

/*
 * While learning, a finding that is not strong is recorded against its
 * destination instead of reported, and the pair is scored again as it
 * grows; a strong one is reported.  After, a recorded destination stays
 * quiet.  1: report it; 0: quiet for a window; -1: not yet.
 */
static int
statsbeacon_judge(struct stats_rule *sr, struct bent *d,
    const struct beacon_result *br, int64_t t)
{
	int	 learning = t - sr->since_ms < sr->p->learn_ms, strong;

	strong = (br->score >= STATSBEACON_STRONG && !br->popular &&
	    !br->prevalent) || br->spread;
	if (learning) {
		if (strong)
			return 1;
		if (d != NULL)
			d->u.d->flags |= STATSPREV_LEARNED;
		return -1;
	}
	return d == NULL || !(d->u.d->flags & STATSPREV_LEARNED);
}

/* The horizon of the span: the window, or the time observed so far. */
static int64_t
statsbeacon_horizon(const struct stats_rule *sr, int64_t now)
{
	int64_t	 h = now - sr->since_ms;

	if (h < BEACON_HORIZON_MIN)
		h = BEACON_HORIZON_MIN;
	return h < sr->p->window_ms ? h : sr->p->window_ms;
}

static void
statsbeacon_eval(struct stats_ctx *c, struct stats_rule *sr, struct bent *e,
    const struct logevent *ev)
{
	struct beacon_result	 br;
	struct beacon_ctx	 x;
	struct bent		*d;
	char			 dest[512];
	int			 rc;

	if (beacon_score(&e->u.b, statsbeacon_horizon(sr, e->u.b.last_ms),
	    sr->p->min_conn, &br) == -1 || br.span_ms < sr->p->min_span_ms ||
	    br.period_ms < (double)sr->p->min_period_ms)
		return;
	d = statsbeacon_context(c, sr, e, ev, &x);
	/* Over the threshold alone, this pair beacons to d too. */
	if (d != NULL && br.score >= sr->p->threshold)
		x.beaconing = statsprev_beacon(d->u.d,
		    statsbeacon_who(stats_group_key(&e->h)));
	beacon_context(&br, &x);
	if (br.score < sr->p->threshold ||
	    (rc = statsbeacon_judge(sr, d, &br, e->u.b.last_ms)) == -1)
		return;
	/* Judged once a window, reported or not. */
	e->h.alerted = 1;
	e->h.alerted_ms = e->u.b.last_ms;
	if (rc == 0)
		return;
	statsbeacon_dest(e, dest, sizeof(dest));
	beacon_reason(&br, dest, c->reason, sizeof(c->reason));
	stats_emit(c, sr, ev, &e->h, e->u.b.first_ms, e->u.b.last_ms,
	    e->u.b.n, br.score);
}

static void
statsbeacon_event(struct stats_ctx *c, struct stats_rule *sr,
    struct stats_group *g, const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	struct bent			*e = (struct bent *)(void *)g;
	int64_t				 bytes;

	if (e->kind != BENT_PAIR)
		return;		/* a pair's hash met another entry's */
	if (sr->since_ms == 0 || ev->time_ms < sr->since_ms)
		sr->since_ms = ev->time_ms;
	bytes = ev->bytes_out >= 0 ? ev->bytes_out : ev->bytes_in;
	if (beacon_add(&e->u.b, ev->time_ms, bytes) == -1) {
		log_warn("%s: rule %s", __func__, sr->r->id);
		return;
	}
	if (statsbeacon_prevalence(p) &&
	    (e = statsbeacon_count(c, sr, e, ev->time_ms)) == NULL)
		return;
	if (stats_suppressed(&e->h, p->window_ms, ev->time_ms))
		return;
	if (e->u.b.n < p->min_conn || (e->u.b.n != p->min_conn &&
	    e->u.b.n % STATSBEACON_EVERY != 0))
		return;
	statsbeacon_eval(c, sr, e, ev);
}

/* The pairs not scored since their last connections. */
static void
statsbeacon_flush(struct stats_ctx *c, struct stats_rule *sr)
{
	struct bent	*e;

	/* Oldest first, so the order is the same on every run. */
	for (e = lru_oldest(sr->t); e != NULL; e = lru_newer(sr->t, e))
		if (e->kind == BENT_PAIR && !stats_suppressed(&e->h,
		    sr->p->window_ms, e->u.b.last_ms))
			statsbeacon_eval(c, sr, e, NULL);
}

/* Persistence: what the organisation taught, not the pairs. */
static int
statsbeacon_persists(const struct stats_params *p)
{
	return statsbeacon_prevalence(p);
}

static void
statsbeacon_save(FILE *fp, const struct stats_rule *sr)
{
	const struct bent	*e;

	fprintf(fp, "since %lld\n", (long long)sr->since_ms);
	for (e = lru_oldest(sr->t); e != NULL; e = lru_newer(sr->t, e)) {
		if (e->kind == BENT_PAIR)
			continue;
		stats_group_save(fp, e->kind == BENT_DEST ? "dest" : "org",
		    &e->h);
		(void)statsprev_write(fp, e->u.d);
		fputc('\n', fp);
	}
}

static int
statsbeacon_load_group(struct stats_rule *sr, struct stats_group *g,
    const char *rest)
{
	struct bent	*e = (struct bent *)(void *)g;

	(void)sr;
	if (g->keylen < 3 || (unsigned char)stats_group_key(g)[0] != 0xff)
		return -1;
	e->kind = stats_group_key(g)[1] == 'o' ? BENT_ORG : BENT_DEST;
	if ((e->u.d = calloc(1, sizeof(*e->u.d))) == NULL)
		return -1;
	if (statsprev_read(e->u.d, rest) == -1) {
		free(e->u.d);
		e->u.d = NULL;
		return -1;
	}
	return 0;
}

static int
statsbeacon_load(struct stats_rule *sr, const char *line)
{
	if (strncmp(line, "since ", 6) == 0) {
		sr->since_ms = strtoll(line + 6, NULL, 10);
		return 0;
	}
	if (strncmp(line, "dest ", 5) != 0 && strncmp(line, "org ", 4) != 0)
		return 0;
	return stats_group_load(sr, line, statskey_hash,
	    statsbeacon_load_group);
}

/* Hand-over (statskind.h): a pair's connections; only pairs have a shard. */
static void
statsbeacon_hsave(FILE *fp, const struct stats_rule *sr,
    const struct stats_group *g)
{
	const struct bent	*e = (const struct bent *)(const void *)g;

	(void)sr;
	if (e->kind == BENT_PAIR)
		(void)beacon_write(fp, &e->u.b);
}

static int
statsbeacon_hload(struct stats_rule *sr, struct stats_group *g,
    const char *rest)
{
	struct bent	*e = (struct bent *)(void *)g;

	(void)sr;
	if (g->keylen > 0 && (unsigned char)stats_group_key(g)[0] == 0xff)
		return -1;
	e->kind = BENT_PAIR;
	return beacon_read(&e->u.b, rest) == NULL ? -1 : 0;
}

static int
statsbeacon_owns(const struct stats_params *p)
{
	return p->min_conn > 0 || p->min_span_ms > 0 || p->min_period_ms > 0;
}

/* group-by when the rule gives none. */
static const char *const statsbeacon_by[] = { "endpoint", "destination", "destination.port", NULL };

static void
statsbeacon_defaults(struct stats_params *p)
{
	if (p->window_ms == 0)
		p->window_ms = STATS_DAY_MS;
	if (p->threshold == 0)
		p->threshold = 0.65;
	if (p->min_conn == 0)
		p->min_conn = 12;
	/* Retries and bursts: a minute of 5 s gaps is not a beacon yet. */
	if (p->min_span_ms == 0)
		p->min_span_ms = 5 * 60 * 1000;
	if (p->min_period_ms == 0)
		p->min_period_ms = 1000;
	if (p->learn_ms == 0)
		p->learn_ms = 7 * STATS_DAY_MS;
	else if (p->learn_ms < 0)
		p->learn_ms = 0;
	statsrule_defaults(p, 200000, statsbeacon_by);
}

static int
statsbeacon_check(struct rule *r, struct stats_params *p,
    const struct cnode *n, struct cerrors *errs)
{
	statsbeacon_defaults(p);
	if (p->threshold > 1) {
		cerrors_addtok(errs, &n->key, "rule %s: a beacon threshold "
		    "is a score from 0 to 1", r->id);
		return -1;
	}
	if (p->baseline != SB_NONE || p->entropy_bits > 0 ||
	    p->min_ratio > 0 || p->learn > 0 || p->learn_active > 0 ||
	    p->above_usual > 0) {
		cerrors_addtok(errs, &n->key, "rule %s: baseline, entropy, "
		    "min-ratio and learn WINDOWS do not apply to beacons "
		    "(learn DURATION does)", r->id);
		return -1;
	}
	return 0;
}

const struct stats_kind statsbeacon_kind = {
	.name = "beacon",
	.check = statsbeacon_check,
	.owns = statsbeacon_owns,
	.owned = "min-connections, min-span and min-period apply to "
	    "statistic beacon",
	.size = sizeof(struct bent),
	.drop = statsbeacon_drop,
	.hint = statsbeacon_hint,
	.event = statsbeacon_event,
	.ahead = statsbeacon_ahead,
	.touch = statsbeacon_touch,
	.flush = statsbeacon_flush,
	.persists = statsbeacon_persists,
	.save = statsbeacon_save,
	.load = statsbeacon_load,
	.hsave = statsbeacon_hsave,
	.hload = statsbeacon_hload,
};
