/*
 * The statistical analyzer: what resembles known attacks (beacons,
 * counts of errors and of distinct destinations, names and users) and
 * what deviates from an endpoint's own baseline.  Each enabled rule that
 * says "analyzer stats" gets a bounded table of groups (LRU, counted
 * evictions); events update the group they belong to, and a group whose
 * statistic crosses the rule's threshold makes a finding on the spot,
 * with the event that tipped it as evidence.  Beacons are scored when a
 * pair has enough connections, and once more at the end of a replay.
 *
 * Time is event time only.  Late lines are taken as long as their window
 * still holds the bucket they fall in, and counted as late otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzers/analyzer.h"
#include "analyzers/baseline.h"
#include "analyzers/beacon.h"
#include "analyzers/dset.h"
#include "analyzers/finding.h"
#include "analyzers/lru.h"
#include "analyzers/stats.h"
#include "analyzers/statskey.h"
#include "analyzers/statsrare.h"
#include "analyzers/statsrule.h"
#include "analyzers/window.h"
#include "util/atomicfile.h"
#include "util/hash.h"
#include "util/hex.h"
#include "util/log.h"
#include "rules/cond.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "util/timeutil.h"

#define STATS_SAVE_MS		3600000LL	/* live: save baselines hourly */
#define STATS_BEACON_EVERY	8		/* score every 8th connection */
#define STATS_REASON_MAX	1024
#define STATS_MEMO		16	/* > ANALYZER_AHEAD, a power of two */
#define STATS_MEMO_KEYS		2048	/* key bytes kept an event */

/* What every group starts with: its key and when it was last reported. */
struct ghead {
	char		*key;
	uint16_t	 keylen;
	uint8_t		 src;		/* source kind of its last event */
	uint8_t		 alerted;
	int64_t		 alerted_ms;
};

/* A beacon pair. */
struct bent {
	struct ghead	 h;
	struct beacon	 b;
};

/* A group of a count, distinct or sum rule. */
struct cent {
	struct ghead	 h;
	int64_t		 first_ms;
	struct window	 w;		/* what the rule counts */
	struct window	 all;		/* every event of the group (ratios) */
	struct dset	 set;
	struct baseline	 base;
};

/* A value of a rare rule (a destination) and the endpoints it had. */
struct rent {
	struct ghead	 h;
	struct rare	 r;
};

struct srule {
	const struct rule		*r;
	const struct stats_params	*p;
	struct lru			*t;
	struct baseline_conf		 bc;
	char				 sig[256];
	uint64_t			 late;
	uint64_t			 findings;
	int64_t				 since_ms;	/* rare: first event */
	/* the event at hand: its group, worked out before any lookup */
	int				 todo;
	int				 matched;
	size_t				 keylen;
	uint64_t			 hash;
	uint32_t			 who;		/* rare: its endpoint */
	const char			*kp;		/* key, or the memo's */
	char				 key[STATSKEY_MAX];
};

/*
 * What stats_prefetch worked out for an event ahead of its turn, per
 * rule: whether it goes to the rule's table, whether it matched, its
 * group's hash and key (as long as the keys fit) and (rare rules) its
 * endpoint.  Good while the identity table has not changed since (gen).
 * Slot: seq % STATS_MEMO.
 */
struct smemo {
	uint64_t	 seq;
	uint64_t	 gen;
	size_t		 used;			/* of keys */
	char		 keys[STATS_MEMO_KEYS];
};

struct smemo_rule {
	uint64_t	 hash;
	uint32_t	 who;
	uint16_t	 koff;
	uint16_t	 klen;			/* 0: not kept */
	uint8_t		 todo;
	uint8_t		 matched;
};

struct stats {
	struct emitter		 em;
	struct smemo		 memo[STATS_MEMO];
	struct smemo_rule	*memo_rules;	/* STATS_MEMO x nrules */
	char			*state_dir;
	int			 replay;
	struct srule		*rules;
	size_t			 nrules;
	int64_t			 now_ms;
	int64_t			 saved_ms;
	int			 dirty;
	struct logevent		 synth;
	struct statskey_ep	 ep;		/* of the event at hand */
	char			 reason[STATS_REASON_MAX];
};

static void
stats_bent_drop(void *arg, void *payload)
{
	struct bent	*e = payload;

	(void)arg;
	free(e->h.key);
}

static void
stats_cent_drop(void *arg, void *payload)
{
	struct cent	*e = payload;

	(void)arg;
	free(e->h.key);
	dset_clear(&e->set);
	baseline_clear(&e->base);
}

static void
stats_rent_drop(void *arg, void *payload)
{
	struct rent	*e = payload;

	(void)arg;
	free(e->h.key);
}

static int
stats_rule_wanted(const struct rule *r)
{
	return r->enabled && strcmp(r->analyzer, "stats") == 0 &&
	    r->params != NULL;
}

static int
stats_srule_init(struct srule *sr, const struct rule *r)
{
	const struct stats_params	*p = r->params;

	memset(sr, 0, sizeof(*sr));
	sr->r = r;
	sr->p = p;
	statsrule_signature(p, sr->sig, sizeof(sr->sig));
	sr->bc.cap = p->base_windows > 0 ? p->base_windows : 1;
	sr->bc.per_day = p->baseline == SB_HOUR_OF_DAY ?
	    (uint32_t)(86400000LL / p->window_ms) : 0;
	if (p->kind == SK_BEACON)
		sr->t = lru_new(sizeof(struct bent), p->max_entries,
		    stats_bent_drop, NULL);
	else if (p->kind == SK_RARE)
		sr->t = lru_new(sizeof(struct rent), p->max_entries,
		    stats_rent_drop, NULL);
	else
		sr->t = lru_new(sizeof(struct cent), p->max_entries,
		    stats_cent_drop, NULL);
	return sr->t == NULL ? -1 : 0;
}

static void
stats_rules_free(struct srule *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		lru_free(v[i].t);
	free(v);
}

/*
 * The rules of rs, each with its table: taken over from old when a rule
 * of the same id still means the same (its signature), new otherwise.
 */
static struct srule *
stats_rules_build(const struct ruleset *rs, struct srule *old, size_t nold,
    size_t *n)
{
	struct srule	*v;
	size_t		 i, j;

	*n = 0;
	if ((v = calloc(rs->nrules ? rs->nrules : 1, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	for (i = 0; i < rs->nrules; i++) {
		if (!stats_rule_wanted(rs->rules[i]))
			continue;
		if (stats_srule_init(&v[*n], rs->rules[i]) == -1) {
			stats_rules_free(v, *n);
			return NULL;
		}
		for (j = 0; j < nold; j++)
			if (old[j].t != NULL &&
			    strcmp(old[j].r->id, v[*n].r->id) == 0 &&
			    strcmp(old[j].sig, v[*n].sig) == 0 &&
			    old[j].p->max_entries == v[*n].p->max_entries) {
				lru_free(v[*n].t);
				v[*n].t = old[j].t;
				v[*n].late = old[j].late;
				v[*n].since_ms = old[j].since_ms;
				old[j].t = NULL;
				break;
			}
		(*n)++;
	}
	return v;
}

/* Findings ---------------------------------------------------------- */

static void
stats_emit(struct stats *s, struct srule *sr, const struct logevent *ev,
    const char *key, size_t keylen, int src, int64_t first, int64_t last,
    uint64_t count, double score)
{
	struct finding	 f;

	if (ev == NULL) {
		/* No event at hand: one made of the group's own fields. */
		logevent_reset(&s->synth);
		s->synth.source = src;
		s->synth.time_ms = last;
		s->synth.format = "stats";
		s->synth.input = "stats";
		s->synth.file = "-";
		statskey_fill(key, keylen, &s->synth);
		ev = &s->synth;
	}
	memset(&f, 0, sizeof(f));
	f.rule = sr->r;
	f.ev = ev;
	f.first_ms = first;
	f.last_ms = last;
	f.count = count;
	f.score = score > 1 ? 1 : score < 0 ? 0 : score;
	f.reason = s->reason;
	sr->findings++;
	s->em.emit(s->em.arg, &f);
}

static int
stats_suppressed(int alerted, int64_t alerted_ms, int64_t window, int64_t t)
{
	return alerted && t < alerted_ms + window;
}

/* Beacons ----------------------------------------------------------- */

/* The destination of a pair for the reason: its values after the first. */
static void
stats_beacon_dest(const struct bent *e, char *buf, size_t len)
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
		snprintf(buf, len, "%s", statskey_part(e->h.key, e->h.keylen, 0));
}

static void
stats_beacon_eval(struct stats *s, struct srule *sr, struct bent *e,
    const struct logevent *ev)
{
	struct beacon_result	 br;
	char			 dest[512];

	if (beacon_score(&e->b, sr->p->window_ms, sr->p->min_conn, &br) ==
	    -1 || br.score < sr->p->threshold ||
	    br.span_ms < sr->p->min_span_ms ||
	    br.period_ms < (double)sr->p->min_period_ms)
		return;
	stats_beacon_dest(e, dest, sizeof(dest));
	beacon_reason(&br, dest, s->reason, sizeof(s->reason));
	e->h.alerted = 1;
	e->h.alerted_ms = e->b.last_ms;
	stats_emit(s, sr, ev, e->h.key, e->h.keylen, e->h.src, e->b.first_ms,
	    e->b.last_ms, e->b.n, br.score);
}

static void
stats_beacon_event(struct stats *s, struct srule *sr, struct bent *e,
    const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	int64_t				 bytes;

	bytes = ev->bytes_out >= 0 ? ev->bytes_out : ev->bytes_in;
	beacon_add(&e->b, ev->time_ms, bytes);
	if (stats_suppressed(e->h.alerted, e->h.alerted_ms, p->window_ms,
	    ev->time_ms))
		return;
	if (e->b.n < p->min_conn || (e->b.n != p->min_conn &&
	    e->b.n % STATS_BEACON_EVERY != 0))
		return;
	stats_beacon_eval(s, sr, e, ev);
}

/* Counts, sums, distinct values ------------------------------------- */

static void
stats_window_text(int64_t ms, char *buf, size_t len)
{
	beacon_duration((double)ms, buf, len);
}

static void
stats_base_check(struct stats *s, struct srule *sr, struct cent *e,
    const struct logevent *ev, const char *unit)
{
	const struct stats_params	*p = sr->p;
	struct baseline			*b = &e->base;
	double				 bound, z, score;
	char				 grp[512], win[32], val[32], t[40];

	if (b->nsel < p->learn || b->cur < p->floor ||
	    b->alerted_idx == b->cur_idx)
		return;
	bound = baseline_bound(b, p->deviation);
	if (b->cur <= bound)
		return;
	b->alerted_idx = b->cur_idx;
	z = (b->cur - b->med) / baseline_scale(b);
	score = 0.5 + 0.5 * (z - p->deviation) / p->deviation;
	statskey_describe(p, e->h.key, e->h.keylen, grp, sizeof(grp));
	stats_window_text(p->window_ms, win, sizeof(win));
	beacon_thousands((uint64_t)b->cur, val, sizeof(val));
	if (time_format_rfc3339((int64_t)b->cur_idx * p->window_ms, t,
	    sizeof(t)) == -1)
		snprintf(t, sizeof(t), "?");
	snprintf(s->reason, sizeof(s->reason), "%s: %s %s so far in the %s window "
	    "from %s, against a %s baseline median of %.1f (scale %.1f) "
	    "over %u earlier windows: %.1f scales above the median (limit "
	    "%g, floor %g)", grp, val, unit, win, t,
	    p->baseline == SB_HOUR_OF_DAY ? "same-hour" : "rolling",
	    (double)b->med, baseline_scale(b), (unsigned)b->nsel, z,
	    p->deviation, p->floor);
	stats_emit(s, sr, ev, e->h.key, e->h.keylen, e->h.src, e->first_ms,
	    ev->time_ms, (uint64_t)b->cur, score);
}

/* Move the group's baseline to the window of t; 1 if it moved on. */
static int
stats_base_roll(struct srule *sr, struct cent *e, int64_t t)
{
	uint32_t	 idx = (uint32_t)(t / sr->p->window_ms), was;

	was = e->base.cur_idx;
	if (was != 0 && idx < was) {
		sr->late++;
		return -1;
	}
	if (baseline_roll(&e->base, &sr->bc, idx) == -1)
		return -1;
	return was != 0 && idx > was;
}

static void
stats_count_reason(struct stats *s, struct srule *sr, struct cent *e,
    uint64_t total, uint64_t all)
{
	const struct stats_params	*p = sr->p;
	char				 grp[512], win[32], v[32], thr[32];

	statskey_describe(p, e->h.key, e->h.keylen, grp, sizeof(grp));
	stats_window_text(p->window_ms, win, sizeof(win));
	beacon_thousands(total, v, sizeof(v));
	beacon_thousands((uint64_t)p->threshold, thr, sizeof(thr));
	if (p->kind == SK_SUM)
		snprintf(s->reason, sizeof(s->reason), "%s: %s %s in %s "
		    "(threshold %s)", grp, v, p->what.name, win, thr);
	else if (p->min_ratio > 0)
		snprintf(s->reason, sizeof(s->reason), "%s: %s of %llu "
		    "events (%.0f%%) in %s matched (thresholds %s and %.0f%%)",
		    grp, v, (unsigned long long)all,
		    100.0 * (double)total / (double)all, win, thr,
		    100 * p->min_ratio);
	else
		snprintf(s->reason, sizeof(s->reason), "%s: %s events in %s "
		    "(threshold %s)", grp, v, win, thr);
}

static void
stats_count_check(struct stats *s, struct srule *sr, struct cent *e,
    const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	int64_t				 bucket = p->window_ms / WINDOW_SLOTS;
	uint64_t			 total, all = 0;

	total = window_total(&e->w, bucket, ev->time_ms);
	if ((double)total < p->threshold ||
	    stats_suppressed(e->h.alerted, e->h.alerted_ms, p->window_ms,
	    ev->time_ms))
		return;
	if (p->min_ratio > 0) {
		all = window_total(&e->all, bucket, ev->time_ms);
		if (all < p->min_events || all == 0 ||
		    (double)total < p->min_ratio * (double)all)
			return;
	}
	e->h.alerted = 1;
	e->h.alerted_ms = ev->time_ms;
	stats_count_reason(s, sr, e, total, all);
	stats_emit(s, sr, ev, e->h.key, e->h.keylen, e->h.src, e->first_ms,
	    ev->time_ms, total, 0.5 + 0.5 * ((double)total - p->threshold) /
	    p->threshold);
}

static void
stats_count_event(struct stats *s, struct srule *sr, struct cent *e,
    const struct logevent *ev, int matched)
{
	const struct stats_params	*p = sr->p;
	int64_t				 bucket = p->window_ms / WINDOW_SLOTS;
	int64_t				 v = 1;
	const struct field_def		*fd;
	struct slice			 sv;
	char				 num[24];

	if (p->min_ratio > 0 &&
	    window_add(&e->all, bucket, ev->time_ms, 1) == -1) {
		sr->late++;
		return;
	}
	if (!matched)
		return;
	if (p->kind == SK_SUM) {
		sv = statskey_value(&p->what, ev, &s->ep, num, sizeof(num),
		    &fd);
		if (sv.len == 0 || (v = field_int(ev, fd)) <= 0)
			return;
	}
	if (window_add(&e->w, bucket, ev->time_ms, (uint64_t)v) == -1) {
		sr->late++;
		return;
	}
	if (p->baseline != SB_NONE && stats_base_roll(sr, e, ev->time_ms) >=
	    0) {
		e->base.cur += (double)v;
		stats_base_check(s, sr, e, ev, p->kind == SK_SUM ?
		    p->what.name : "events");
	}
	if (p->threshold > 0)
		stats_count_check(s, sr, e, ev);
}

static void
stats_distinct_reason(struct stats *s, struct srule *sr, struct cent *e,
    int by_entropy)
{
	const struct stats_params	*p = sr->p;
	char				 grp[512], win[32], v[32], ent[160];

	statskey_describe(p, e->h.key, e->h.keylen, grp, sizeof(grp));
	stats_window_text(p->window_ms, win, sizeof(win));
	beacon_thousands(e->set.n, v, sizeof(v));
	ent[0] = '\0';
	if (p->entropy_bits > 0)
		snprintf(ent, sizeof(ent), ", mean label entropy %.2f bits "
		    "(thresholds %g, or %u at %.2f bits%s)",
		    e->set.vsum / e->set.n, p->threshold,
		    (unsigned)p->entropy_count, p->entropy_bits,
		    by_entropy ? ": met" : "");
	else
		snprintf(ent, sizeof(ent), " (threshold %g)", p->threshold);
	snprintf(s->reason, sizeof(s->reason), "%s: %s%s distinct %s in %s%s",
	    grp, e->set.overflow ? "at least " : "", v, p->what.name, win,
	    ent);
}

static void
stats_distinct_check(struct stats *s, struct srule *sr, struct cent *e,
    const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	uint32_t			 need, now = (uint32_t)(ev->time_ms / 1000);
	int				 by_thr, by_ent;

	need = p->threshold > 0 ? (uint32_t)p->threshold : UINT32_MAX;
	if (p->entropy_count > 0 && p->entropy_count < need)
		need = p->entropy_count;
	if (e->set.n < need || stats_suppressed(e->h.alerted, e->h.alerted_ms,
	    p->window_ms, ev->time_ms))
		return;
	/* Exact count: drop what the window no longer covers. */
	if (p->baseline == SB_NONE)
		dset_expire(&e->set, now - (uint32_t)(p->window_ms / 1000) + 1);
	by_thr = p->threshold > 0 && e->set.n >= p->threshold;
	by_ent = p->entropy_count > 0 && e->set.n >= p->entropy_count &&
	    e->set.vsum / e->set.n >= p->entropy_bits;
	if (!by_thr && !by_ent)
		return;
	e->h.alerted = 1;
	e->h.alerted_ms = ev->time_ms;
	stats_distinct_reason(s, sr, e, by_ent && !by_thr);
	stats_emit(s, sr, ev, e->h.key, e->h.keylen, e->h.src, e->first_ms,
	    ev->time_ms, e->set.n, by_thr ? 0.5 + 0.5 * ((double)e->set.n -
	    p->threshold) / p->threshold : 0.6);
}

static void
stats_distinct_event(struct stats *s, struct srule *sr, struct cent *e,
    const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	const struct field_def		*fd;
	struct slice			 v;
	char				 num[24];
	uint32_t			 h, t = (uint32_t)(ev->time_ms / 1000);
	float				 ent = 0;
	int				 rc;

	v = statskey_value(&p->what, ev, &s->ep, num, sizeof(num),
	    &fd);
	if (v.len == 0)
		return;
	h = (uint32_t)hash64_lower(v.p, v.len, 0x64697374ULL);
	if (p->entropy_bits > 0)
		ent = statskey_entropy(v);
	if (p->baseline != SB_NONE) {
		/* Tumbling windows: the set starts again with each one. */
		if ((rc = stats_base_roll(sr, e, ev->time_ms)) == -1)
			return;
		if (rc == 1)
			dset_clear(&e->set);
	} else if (e->set.n >= p->max_distinct)
		dset_expire(&e->set, t - (uint32_t)(p->window_ms / 1000) + 1);
	if (dset_add(&e->set, h, t, ent, p->max_distinct) != 1)
		return;
	if (p->baseline != SB_NONE) {
		e->base.cur = e->set.n;
		stats_base_check(s, sr, e, ev, "distinct values");
	}
	stats_distinct_check(s, sr, e, ev);
}

/* Rare destinations ------------------------------------------------- */

/*
 * Count the endpoint of ev for its destination; a finding when the
 * endpoint is new, the destination has at most max-endpoints of them,
 * and the rule has watched long enough for "new" to mean something.
 */
static void
stats_rare_event(struct stats *s, struct srule *sr, struct rent *e,
    const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	int64_t				 observed;

	if (sr->since_ms == 0 || ev->time_ms < sr->since_ms)
		sr->since_ms = ev->time_ms;
	if (statsrare_add(&e->r, sr->who, ev->time_ms) == 0)
		return;
	s->dirty = 1;
	observed = ev->time_ms - sr->since_ms;
	if (e->r.n > p->max_endpoints || observed < p->learn_ms)
		return;
	statsrare_reason(&e->r, statskey_part(e->h.key, e->h.keylen, 0),
	    observed, s->reason, sizeof(s->reason));
	stats_emit(s, sr, ev, e->h.key, e->h.keylen, e->h.src, e->r.first_ms,
	    ev->time_ms, e->r.n, 0.5 + 0.5 * (double)(p->max_endpoints + 1 -
	    e->r.n) / (double)(p->max_endpoints + 1));
}

/* Dispatch ---------------------------------------------------------- */

static int	stats_rule_key(struct stats *, struct srule *,
		    const struct logevent *);

static void *
stats_entry(struct stats *s, struct srule *sr, const struct logevent *ev)
{
	struct ghead	*g;
	uint64_t	 h = sr->hash;
	int		 created;

	/* Both kinds of group begin with a struct ghead. */
	if ((g = lru_put(sr->t, h, &created)) == NULL)
		return NULL;
	if (created) {
		/* From the memo, only the hash was known: the key now. */
		if (sr->keylen == 0 && (stats_rule_key(s, sr, ev) == 0 ||
		    sr->hash != h)) {
			lru_remove(sr->t, g);
			return NULL;
		}
		if ((g->key = malloc(sr->keylen)) == NULL) {
			log_warn("%s", __func__);
			lru_remove(sr->t, g);
			return NULL;
		}
		memcpy(g->key, sr->kp, sr->keylen);
		g->keylen = (uint16_t)sr->keylen;
		if (sr->p->kind != SK_BEACON && sr->p->kind != SK_RARE)
			((struct cent *)(void *)g)->first_ms = ev->time_ms;
	}
	g->src = (uint8_t)ev->source;
	return g;
}

/* Whether ev goes to sr's table, and the key of its group there. */
static int
stats_rule_key(struct stats *s, struct srule *sr, const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;

	if (sr->r->sources != 0 && !(sr->r->sources & (1U << ev->source)))
		return 0;
	sr->matched = sr->r->cond == NULL || cond_eval(sr->r->cond, ev, NULL);
	if (!sr->matched && !(p->kind == SK_COUNT && p->min_ratio > 0))
		return 0;
	sr->kp = sr->key;
	if (p->kind == SK_RARE)
		return statsrare_keys(p, ev, &s->ep, sr->key, &sr->keylen,
		    &sr->hash, &sr->who) == 0;
	if (statskey_build(p, ev, &s->ep, sr->key, &sr->keylen,
	    &sr->hash) == -1)
		return 0;
	return 1;
}

static void
stats_rule_event(struct stats *s, struct srule *sr, const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	void				*e;

	if ((e = stats_entry(s, sr, ev)) == NULL)
		return;
	switch (p->kind) {
	case SK_BEACON:
		stats_beacon_event(s, sr, e, ev);
		break;
	case SK_DISTINCT:
		stats_distinct_event(s, sr, e, ev);
		break;
	case SK_RARE:
		stats_rare_event(s, sr, e, ev);
		break;
	default:
		stats_count_event(s, sr, e, ev, sr->matched);
		break;
	}
	if (p->baseline != SB_NONE)
		s->dirty = 1;
}

/* The memo slot of ev, if it holds what is still true of ev; or NULL. */
static struct smemo *
stats_memo(struct stats *s, const struct logevent *ev)
{
	struct smemo	*m;

	if (ev->seq == 0 || s->memo_rules == NULL)
		return NULL;
	m = &s->memo[ev->seq % STATS_MEMO];
	if (m->seq != ev->seq || m->gen != identity_gen(s->ep.id))
		return NULL;
	return m;
}

/*
 * Ahead of ev's turn: stage 0 works out which rules take it and its
 * group in each (kept in the memo) and starts loading the hash buckets;
 * stage 1 starts loading the entries the buckets name.
 */
static void
stats_prefetch(void *arg, const struct logevent *ev, int stage)
{
	struct stats		*s = arg;
	struct smemo		*m;
	struct smemo_rule	*mr;
	struct srule		*sr;
	size_t			 i;

	if (ev->seq == 0 || s->memo_rules == NULL)
		return;
	m = &s->memo[ev->seq % STATS_MEMO];
	mr = &s->memo_rules[(ev->seq % STATS_MEMO) * s->nrules];
	if (stage == 0) {
		s->ep.done = 0;
		m->used = 0;
		for (i = 0; i < s->nrules; i++) {
			sr = &s->rules[i];
			mr[i].todo = (uint8_t)stats_rule_key(s, sr, ev);
			mr[i].matched = (uint8_t)sr->matched;
			mr[i].hash = sr->hash;
			mr[i].who = sr->who;
			mr[i].klen = 0;
			if (!mr[i].todo)
				continue;
			lru_prefetch(sr->t, sr->hash);
			/* The key, for process to create the group with. */
			if (sr->keylen <= STATS_MEMO_KEYS - m->used) {
				memcpy(m->keys + m->used, sr->key, sr->keylen);
				mr[i].koff = (uint16_t)m->used;
				mr[i].klen = (uint16_t)sr->keylen;
				m->used += sr->keylen;
			}
		}
		m->seq = ev->seq;
		m->gen = identity_gen(s->ep.id);
		return;
	}
	if (m->seq != ev->seq)
		return;
	for (i = 0; i < s->nrules; i++)
		if (mr[i].todo)
			lru_prefetch_entry(s->rules[i].t, mr[i].hash);
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
	struct srule		*sr;
	struct smemo		*m;
	struct smemo_rule	*mr;
	size_t			 i;

	if (ev->time_ms > s->now_ms)
		s->now_ms = ev->time_ms;
	s->ep.done = 0;
	if ((m = stats_memo(s, ev)) != NULL) {
		mr = &s->memo_rules[(ev->seq % STATS_MEMO) * s->nrules];
		for (i = 0; i < s->nrules; i++) {
			sr = &s->rules[i];
			sr->todo = mr[i].todo;
			sr->matched = mr[i].matched;
			sr->hash = mr[i].hash;
			sr->who = mr[i].who;
			/* Not kept: built again if a group is created. */
			sr->keylen = mr[i].klen;
			sr->kp = m->keys + mr[i].koff;
		}
		m->seq = 0;
	} else {
		for (i = 0; i < s->nrules; i++) {
			sr = &s->rules[i];
			if ((sr->todo = stats_rule_key(s, sr, ev)))
				lru_prefetch(sr->t, sr->hash);
		}
		for (i = 0; i < s->nrules; i++)
			if (s->rules[i].todo)
				lru_prefetch_entry(s->rules[i].t,
				    s->rules[i].hash);
	}
	for (i = 0; i < s->nrules; i++)
		if (s->rules[i].todo)
			stats_rule_event(s, &s->rules[i], ev);
}

/* Persistence ------------------------------------------------------- */

static int
stats_persisting(const struct stats *s, const struct srule *sr)
{
	if (s->state_dir == NULL || (sr->p->baseline == SB_NONE &&
	    sr->p->kind != SK_RARE))
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


static void
stats_save_rare(FILE *fp, const struct srule *sr)
{
	const struct rent	*e;

	fprintf(fp, "since %lld\n", (long long)sr->since_ms);
	for (e = lru_oldest(sr->t); e != NULL; e = lru_newer(sr->t, e)) {
		fprintf(fp, "dest %u ", (unsigned)e->h.src);
		(void)hex_write(fp, e->h.key, e->h.keylen);
		fputc(' ', fp);
		(void)statsrare_write(fp, &e->r);
		fputc('\n', fp);
	}
}

static void
stats_save_rule(FILE *fp, const struct srule *sr)
{
	const struct cent	*e;

	fprintf(fp, "rule %s %s\n", sr->r->id, sr->sig);
	if (sr->p->kind == SK_RARE) {
		stats_save_rare(fp, sr);
		return;
	}
	for (e = lru_oldest(sr->t); e != NULL; e = lru_newer(sr->t, e)) {
		if (e->base.cur_idx == 0)
			continue;
		fprintf(fp, "key %u ", (unsigned)e->h.src);
		(void)hex_write(fp, e->h.key, e->h.keylen);
		fputc(' ', fp);
		(void)baseline_write(fp, &e->base);
		fputc('\n', fp);
	}
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
			stats_save_rule(fp, &s->rules[i]);
	return 0;
}

/* Write every persisting rule's baselines, whole or not at all. */
static int
stats_save(struct stats *s)
{
	char	 path[1024];
	size_t	 i, n = 0;

	for (i = 0; i < s->nrules; i++)
		n += stats_persisting(s, &s->rules[i]);
	if (n == 0 || !s->dirty)
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", s->state_dir,
	    STATS_STATE_FILE) >= sizeof(path)) {
		log_warnx("%s: state directory path too long", __func__);
		return -1;
	}
	if (atomicfile_write(path, stats_write, s) == -1)
		return -1;
	s->dirty = 0;
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

/*
 * "key SRC HEXKEY BASELINE" (or, for a rare rule, "dest SRC HEXKEY
 * RARE") into rule sr: the group, with its key, and what it learned.
 */
static int
stats_load_key(struct srule *sr, const char *line)
{
	char		 key[STATSKEY_MAX];
	const char	*rest;
	unsigned int	 src;
	size_t		 n;
	struct ghead	*g;
	int		 created, rc;

	if ((rest = stats_load_head(line, &src, key, &n)) == NULL)
		return -1;
	g = lru_put(sr->t, sr->p->kind == SK_RARE ? statsrare_hash(key, n) :
	    hash64_lower(key, n, 0x737461747331ULL), &created);
	/* A key seen twice: the first stands. */
	if (g == NULL || (!created && g->key != NULL))
		return g == NULL ? -1 : 0;
	if ((g->key = malloc(n)) == NULL) {
		lru_remove(sr->t, g);
		return -1;
	}
	memcpy(g->key, key, n);
	g->keylen = (uint16_t)n;
	g->src = (uint8_t)src;
	if (sr->p->kind == SK_RARE)
		rc = statsrare_read(&((struct rent *)(void *)g)->r, rest);
	else
		rc = baseline_read(&((struct cent *)(void *)g)->base, &sr->bc,
		    rest);
	if (rc == -1) {
		free(g->key);
		lru_remove(sr->t, g);
	}
	return rc;
}

static struct srule *
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
	char		 path[1024], *line = NULL;
	size_t		 cap = 0, lineno = 0, bad = 0, keys = 0;
	ssize_t		 len;
	struct srule	*sr = NULL;
	FILE		*fp;

	snprintf(path, sizeof(path), "%s/%s", s->state_dir, STATS_STATE_FILE);
	if ((fp = fopen(path, "r")) == NULL)
		return;
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (lineno++ == 0 && strcmp(line, STATS_STATE_MAGIC) != 0) {
			log_warnx("%s: not a baseline file, ignored", path);
			break;
		}
		if (strncmp(line, "rule ", 5) == 0)
			sr = stats_load_rule(s, line);
		else if (strncmp(line, "since ", 6) == 0 && sr != NULL)
			sr->since_ms = strtoll(line + 6, NULL, 10);
		else if ((strncmp(line, "key ", 4) == 0 ||
		    strncmp(line, "dest ", 5) == 0) && sr != NULL) {
			if (stats_load_key(sr, line) == -1)
				bad++;
			else
				keys++;
		}
	}
	free(line);
	fclose(fp);
	if (bad > 0)
		log_warnx("%s: %zu malformed baselines ignored", path, bad);
	log_debug("%s: %zu baselines loaded", path, keys);
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
	stats_rules_free(s->rules, s->nrules);
	free(s->memo_rules);
	logevent_free(&s->synth);
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
	s->em = *em;
	s->replay = env != NULL && env->replay;
	s->ep.id = env != NULL ? env->identity : NULL;
	if (env != NULL && env->state_dir != NULL &&
	    (s->state_dir = strdup(env->state_dir)) == NULL) {
		log_warn("%s", __func__);
		free(s);
		return NULL;
	}
	logevent_reset(&s->synth);
	if ((s->rules = stats_rules_build(rs, NULL, 0, &s->nrules)) == NULL ||
	    stats_memo_init(s) == -1) {
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
	struct srule	*v;
	size_t		 n;

	if ((v = stats_rules_build(rs, s->rules, s->nrules, &n)) == NULL)
		return -1;
	stats_rules_free(s->rules, s->nrules);
	s->rules = v;
	s->nrules = n;
	/* Without its memo, stats_process works everything out itself. */
	if (stats_memo_init(s) == -1)
		log_warnx("stats: no room to work ahead; going on without");
	return 0;
}

static void
stats_tick(void *arg, int64_t now_ms)
{
	struct stats	*s = arg;

	if (now_ms > s->now_ms)
		s->now_ms = now_ms;
	if (s->replay || s->state_dir == NULL)
		return;
	if (s->saved_ms == 0)
		s->saved_ms = now_ms;
	else if (now_ms - s->saved_ms >= STATS_SAVE_MS) {
		s->saved_ms = now_ms;
		(void)stats_save(s);
	}
}

static void
stats_flush(void *arg)
{
	struct stats	*s = arg;
	struct srule	*sr;
	struct bent	*e;
	size_t		 i;

	for (i = 0; i < s->nrules; i++) {
		sr = &s->rules[i];
		if (sr->p->kind != SK_BEACON)
			continue;
		/* Oldest first, so the order is the same on every run. */
		for (e = lru_oldest(sr->t); e != NULL; e = lru_newer(sr->t, e))
			if (!stats_suppressed(e->h.alerted, e->h.alerted_ms,
			    sr->p->window_ms, e->b.last_ms))
				stats_beacon_eval(s, sr, e, NULL);
	}
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
		n += lru_memory(s->rules[i].t);
	return n;
}

int
stats_counters(void *arg, size_t i, struct stats_counters *c)
{
	struct stats		*s = arg;
	const struct srule	*sr;
	const struct ghead	*g;

	if (i >= s->nrules)
		return -1;
	sr = &s->rules[i];
	memset(c, 0, sizeof(*c));
	c->rule = sr->r->id;
	c->entries = lru_count(sr->t);
	c->evictions = lru_evictions(sr->t);
	c->late = sr->late;
	c->findings = sr->findings;
	c->memory = lru_memory(sr->t);
	for (g = lru_oldest(sr->t); g != NULL; g = lru_newer(sr->t, g)) {
		/* The key's allocation, with malloc's own header. */
		c->memory += ((size_t)g->keylen + 8 + 15) / 16 * 16;
		if (sr->p->kind != SK_BEACON && sr->p->kind != SK_RARE)
			c->memory += dset_memory(&((const struct cent *)
			    (const void *)g)->set) + baseline_memory(
			    &((const struct cent *)(const void *)g)->base,
			    &sr->bc);
	}
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
	.table_bytes = stats_table_bytes,
	.stats = stats_json,
};
