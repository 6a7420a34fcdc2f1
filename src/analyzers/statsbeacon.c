/*
 * Statistic beacon, the kind that finds communication at a fixed
 * interval: the glue between the statistical analyzer (statskind.h) and
 * the scoring of beacon.c.  Owns the groups of beacon rules, one per
 * (endpoint, destination, port) pair by default, each a struct beacon,
 * and the options only beacons take (min-connections, min-span,
 * min-period), which the other kinds refuse.  A pair is scored when it
 * has enough connections, then every STATSBEACON_EVERY connections, and
 * once more at the end of a replay; nothing of it persists.
 */
#include <stdio.h>

#include "analyzers/beacon.h"
#include "analyzers/statskind.h"
#include "rules/rule.h"

#define STATSBEACON_EVERY	8	/* score every 8th connection */

/* A beacon pair. */
struct bent {
	struct stats_group	 h;
	struct beacon		 b;
};

/* The destination of a pair for the reason: its values after the first. */
static void
statsbeacon_dest(const struct bent *e, char *buf, size_t len)
{
	const char	*v;
	size_t		 i, o = 0;
	int		 n;

	buf[0] = '\0';
	for (i = 1; (v = statskey_part(e->h.key, e->h.keylen, i)) != NULL &&
	    o < len; i++) {
		n = snprintf(buf + o, len - o, "%s%s", i > 1 ? ":" : "", v);
		if (n < 0)
			break;
		o += (size_t)n;
	}
	if (i == 1)
		snprintf(buf, len, "%s", statskey_part(e->h.key, e->h.keylen,
		    0));
}

static void
statsbeacon_eval(struct stats_ctx *c, struct stats_rule *sr, struct bent *e,
    const struct logevent *ev)
{
	struct beacon_result	 br;
	char			 dest[512];

	if (beacon_score(&e->b, sr->p->window_ms, sr->p->min_conn, &br) ==
	    -1 || br.score < sr->p->threshold ||
	    br.span_ms < sr->p->min_span_ms ||
	    br.period_ms < (double)sr->p->min_period_ms)
		return;
	statsbeacon_dest(e, dest, sizeof(dest));
	beacon_reason(&br, dest, c->reason, sizeof(c->reason));
	e->h.alerted = 1;
	e->h.alerted_ms = e->b.last_ms;
	stats_emit(c, sr, ev, &e->h, e->b.first_ms, e->b.last_ms, e->b.n,
	    br.score);
}

static void
statsbeacon_event(struct stats_ctx *c, struct stats_rule *sr,
    struct stats_group *g, const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	struct bent			*e = (struct bent *)(void *)g;
	int64_t				 bytes;

	bytes = ev->bytes_out >= 0 ? ev->bytes_out : ev->bytes_in;
	beacon_add(&e->b, ev->time_ms, bytes);
	if (stats_suppressed(&e->h, p->window_ms, ev->time_ms))
		return;
	if (e->b.n < p->min_conn || (e->b.n != p->min_conn &&
	    e->b.n % STATSBEACON_EVERY != 0))
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
		if (!stats_suppressed(&e->h, sr->p->window_ms, e->b.last_ms))
			statsbeacon_eval(c, sr, e, NULL);
}

static int
statsbeacon_owns(const struct stats_params *p)
{
	return p->min_conn > 0 || p->min_span_ms > 0 || p->min_period_ms > 0;
}

/* group-by when the rule gives none. */
static const char *const statsbeacon_by[] = { "endpoint", "destination", "destination.port", NULL };

static int
statsbeacon_check(struct rule *r, struct stats_params *p,
    const struct cnode *n, struct cerrors *errs)
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
	statsrule_defaults(p, 200000, statsbeacon_by);
	if (p->threshold > 1) {
		cerrors_addtok(errs, &n->key, "rule %s: a beacon threshold "
		    "is a score from 0 to 1", r->id);
		return -1;
	}
	if (p->baseline != SB_NONE || p->entropy_bits > 0 ||
	    p->min_ratio > 0) {
		cerrors_addtok(errs, &n->key, "rule %s: baseline, entropy and "
		    "min-ratio do not apply to beacons", r->id);
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
	.drop = stats_group_drop,
	.event = statsbeacon_event,
	.flush = statsbeacon_flush,
};
