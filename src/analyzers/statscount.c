/*
 * Statistics count, sum and distinct: the kinds that count something
 * per group over a sliding window of event time (events, a numeric
 * field, distinct values of a field) and compare it with a threshold,
 * with the group's own baseline, or both.  See statskind.h for the kind
 * interface.  Owns the groups of those rules (struct cent: the windows,
 * the set of distinct values and the baseline), the options they alone
 * take (min-ratio and min-events for count, entropy for distinct), and
 * their lines of the baseline file: one "key SRC HEXKEY BASELINE" a
 * group that has one.  A sum rule with "above-usual K" also keeps, in
 * its second table (sr->aux, so that its many groups do not evict
 * them), each endpoint's total a window (a rolling baseline under the
 * key 0xff 'e' NUL and the endpoint's part of the group key; "usual"
 * lines),
 * and fires only when a group's sum is K times the endpoint's usual
 * (its median window) as well as over the threshold.  With a learn
 * duration it also keeps each destination's upload habit (key 0xff 'd'
 * NUL and the group key after the endpoint; a struct statsprev of the
 * endpoints that uploaded over the threshold there and the largest
 * sum): while learning, an upload to a popular destination or one that
 * another endpoint uploads to as well is learnt, not reported; after,
 * a learnt destination is reported only above STATSCOUNT_HABIT times
 * its peak.  Habits and the rule's first event persist ("habit" and
 * "since" lines).  The three share everything but what an event
 * adds, hence one file and three rows.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/beacon.h"
#include "analyzers/dset.h"
#include "analyzers/statskind.h"
#include "analyzers/statsprev.h"
#include "analyzers/window.h"
#include "rules/rule.h"
#include "util/hash.h"
#include "util/timeutil.h"

#define STATSCOUNT_HABIT	4	/* times a learnt peak */

/* A group of a count, distinct or sum rule. */
struct cent {
	struct stats_group	 h;
	int64_t			 first_ms;
	struct window		 w;	/* what the rule counts */
	struct dset		 set;
	struct baseline		 base;
	struct statsprev	*hab;	/* a destination's upload habit */
	/*
	 * Every event of the group, for min-ratio only: the last member,
	 * so that the groups of a rule without a ratio end before it
	 * (statscount_size), 96 bytes less each.
	 */
	struct window		 all;
};

static size_t
statscount_size(const struct stats_params *p)
{
	return p->min_ratio > 0 ? sizeof(struct cent) :
	    offsetof(struct cent, all);
}

static void
statscount_drop(void *arg, void *payload)
{
	struct cent	*e = payload;

	(void)arg;
	stats_group_freekey(&e->h);
	dset_clear(&e->set);
	baseline_clear(&e->base);
	free(e->hab);
}

/* What statscount_drop will free. */
static void
statscount_hint(const void *payload)
{
	const struct cent	*e = payload;

	stats_group_hint(payload);
	stats_free_hint(e->set.items);
	stats_free_hint(e->base.s);
	stats_free_hint(e->hab);
}

static void
statscount_start(struct stats_group *g, const struct logevent *ev)
{
	((struct cent *)(void *)g)->first_ms = ev->time_ms;
}

static void
statscount_window_text(int64_t ms, char *buf, size_t len)
{
	beacon_duration((double)ms, buf, len);
}

static void
statscount_base_check(struct stats_ctx *c, struct stats_rule *sr,
    struct cent *e, const struct logevent *ev, const char *unit)
{
	const struct stats_params	*p = sr->p;
	struct baseline			*b = &e->base;
	double				 bound, z, score;
	char				 grp[512], win[32], val[32], t[40];

	if (b->nsel < p->learn || b->nact < p->learn_active ||
	    b->cur < p->floor ||
	    b->alerted_idx == b->cur_idx)
		return;
	bound = baseline_bound(b, p->deviation);
	if (b->cur <= bound)
		return;
	b->alerted_idx = b->cur_idx;
	z = (b->cur - b->med) / baseline_scale(b);
	score = 0.5 + 0.5 * (z - p->deviation) / p->deviation;
	statskey_describe(p, stats_group_key(&e->h), e->h.keylen, grp,
	    sizeof(grp));
	statscount_window_text(p->window_ms, win, sizeof(win));
	beacon_thousands((uint64_t)b->cur, val, sizeof(val));
	if (time_format_rfc3339((int64_t)b->cur_idx * p->window_ms, t,
	    sizeof(t)) == -1)
		snprintf(t, sizeof(t), "?");
	snprintf(c->reason, sizeof(c->reason), "%s: %s %s so far in the %s "
	    "window from %s, against a %s baseline median of %.1f (scale "
	    "%.1f) over %u earlier windows: %.1f scales above the median "
	    "(limit %g, floor %g)", grp, val, unit, win, t,
	    p->baseline == SB_HOUR_OF_DAY ? "same-hour" : "rolling",
	    (double)b->med, baseline_scale(b), (unsigned)b->nsel, z,
	    p->deviation, p->floor);
	stats_emit(c, sr, ev, &e->h, e->first_ms, ev->time_ms,
	    (uint64_t)b->cur, score);
}

/* Move the group's baseline to the window of t; 1 if it moved on. */
static int
statscount_base_roll(struct stats_rule *sr, struct cent *e, int64_t t)
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

/* Counts and sums: "events" or the summed field is the unit. */
static void
statscount_reason(struct stats_ctx *c, struct stats_rule *sr,
    struct cent *e, uint64_t total, uint64_t all, const char *unit)
{
	const struct stats_params	*p = sr->p;
	char				 grp[512], win[32], v[32], thr[32];

	statskey_describe(p, stats_group_key(&e->h), e->h.keylen, grp,
	    sizeof(grp));
	statscount_window_text(p->window_ms, win, sizeof(win));
	beacon_thousands(total, v, sizeof(v));
	beacon_thousands((uint64_t)p->threshold, thr, sizeof(thr));
	if (p->min_ratio > 0)
		snprintf(c->reason, sizeof(c->reason), "%s: %s of %llu "
		    "events (%.0f%%) in %s matched (thresholds %s and %.0f%%)",
		    grp, v, (unsigned long long)all,
		    100.0 * (double)total / (double)all, win, thr,
		    100 * p->min_ratio);
	else
		snprintf(c->reason, sizeof(c->reason), "%s: %s %s in %s "
		    "(threshold %s)", grp, v, unit, win, thr);
}

/* The endpoint entry of a group key in buf; its length, 0: none. */
static size_t
statscount_ep_key(const char *key, size_t len, char *buf)
{
	size_t	 n = 1 + strlen(key + 1) + 1;

	if (n >= len || n + 3 > STATSKEY_MAX)
		return 0;
	buf[0] = (char)0xff;
	buf[1] = 'e';
	buf[2] = '\0';
	memcpy(buf + 3, key, n);
	return n + 3;
}

/* The entry of key k in sr's second table, made if need be. */
static struct cent *
statscount_aux_put(struct stats_rule *sr, const char *k, size_t n,
    uint8_t src)
{
	struct cent	*u;
	int		 created;

	if ((u = lru_put(sr->aux, statskey_hash(k, n), &created)) == NULL ||
	    !created)
		return u;
	if (stats_group_setkey(&u->h, k, n) == -1) {
		lru_remove(sr->aux, u);
		return NULL;
	}
	u->h.src = src;
	return u;
}

/* Ahead of an event: the hash of its endpoint's usual, if kept. */
static uint64_t
statscount_sum_ahead(const struct stats_rule *sr, const struct logevent *ev,
    struct statskey_ep *ep, const char *key, size_t len, uint32_t *val)
{
	char	 k[STATSKEY_MAX];
	size_t	 n;

	(void)ev;
	(void)ep;
	(void)val;
	if (sr->aux == NULL || (n = statscount_ep_key(key, len, k)) == 0)
		return 0;
	return statskey_hash(k, n);
}

/* v more at t in the usual of e's endpoint. */
static void
statscount_usual_add(struct stats_rule *sr, const struct cent *e, int64_t t,
    double v)
{
	char		 k[STATSKEY_MAX];
	size_t		 n;
	struct cent	*u;

	if ((n = statscount_ep_key(stats_group_key(&e->h), e->h.keylen,
	    k)) == 0 ||
	    (u = statscount_aux_put(sr, k, n, e->h.src)) == NULL)
		return;
	if (statscount_base_roll(sr, u, t) >= 0)
		u->base.cur += v;
}

/*
 * Whether total is K times the usual of e's endpoint, once it has one
 * (learn-active windows with events); the reason's tail in buf.
 */
static int
statscount_above_usual(struct stats_rule *sr, const struct cent *e,
    uint64_t total, char *buf, size_t len)
{
	const struct stats_params	*p = sr->p;
	const struct cent		*u;
	char				 k[STATSKEY_MAX], med[32];
	size_t				 n;

	buf[0] = '\0';
	if ((n = statscount_ep_key(stats_group_key(&e->h), e->h.keylen,
	    k)) == 0 ||
	    (u = lru_get(sr->aux, statskey_hash(k, n))) == NULL ||
	    u->base.nact < p->learn_active)
		return 1;
	beacon_thousands((uint64_t)u->base.med, med, sizeof(med));
	snprintf(buf, len, "; the endpoint's usual is %s a window (median "
	    "of %u), %.0f times that: %s", med, (unsigned)u->base.nsel,
	    p->above_usual, (double)total >= p->above_usual *
	    (double)u->base.med ? "above" : "not above");
	return (double)total >= p->above_usual * (double)u->base.med;
}

/* The habit entry of a group's destination, made if need be. */
static struct cent *
statscount_habit_entry(struct stats_rule *sr, const struct cent *e)
{
	char		 k[STATSKEY_MAX];
	size_t		 skip = 1 + strlen(stats_group_key(&e->h) + 1) + 1, n;
	struct cent	*d;

	if (skip >= e->h.keylen || (n = e->h.keylen - skip + 3) >
	    STATSKEY_MAX)
		return NULL;
	k[0] = (char)0xff;
	k[1] = 'd';
	k[2] = '\0';
	memcpy(k + 3, stats_group_key(&e->h) + skip, n - 3);
	if ((d = statscount_aux_put(sr, k, n, e->h.src)) == NULL ||
	    d->hab != NULL)
		return d;
	if ((d->hab = calloc(1, sizeof(*d->hab))) == NULL) {
		lru_remove(sr->aux, d);
		return NULL;
	}
	return d;
}

/*
 * Learning upload habits (see the top of the file): 1 to report the
 * group's sum, 0 to keep quiet.
 */
static int
statscount_habit(struct stats_ctx *c, struct stats_rule *sr,
    const struct cent *e, const struct logevent *ev, double total)
{
	struct cent	*d;
	uint32_t	 who;
	int		 popular, n, rc;

	popular = stats_popular(c, sr, ev, &e->h, ev->time_ms);
	who = (uint32_t)hash64(stats_group_key(&e->h),
	    strlen(stats_group_key(&e->h)) + 1, 0x77686fULL);
	if ((d = statscount_habit_entry(sr, e)) == NULL)
		return 1;
	if (d->hab->first_ms == 0)
		d->hab->first_ms = ev->time_ms;
	n = statsprev_beacon(d->hab, who);
	if (ev->time_ms - sr->since_ms < sr->p->learn_ms) {
		/* Habits are learnt while learning only. */
		rc = !(popular || n >= 2 || (d->hab->flags &
		    STATSPREV_LEARNED));
		if (!rc) {
			d->hab->flags |= STATSPREV_LEARNED;
			if (total > d->hab->peak)
				d->hab->peak = total;
		}
	} else
		rc = !(d->hab->flags & STATSPREV_LEARNED) ||
		    total >= STATSCOUNT_HABIT * d->hab->peak;
	c->dirty = 1;
	return rc;
}

static void
statscount_threshold(struct stats_ctx *c, struct stats_rule *sr,
    struct cent *e, const struct logevent *ev, const char *unit)
{
	char				 usual[160];
	size_t				 n;
	const struct stats_params	*p = sr->p;
	int64_t				 bucket = p->window_ms / WINDOW_SLOTS;
	uint64_t			 total, all = 0;

	total = window_total(&e->w, bucket, ev->time_ms);
	if ((double)total < p->threshold ||
	    stats_suppressed(&e->h, p->window_ms, ev->time_ms))
		return;
	if (p->min_ratio > 0) {
		all = window_total(&e->all, bucket, ev->time_ms);
		if (all < p->min_events || all == 0 ||
		    (double)total < p->min_ratio * (double)all)
			return;
	}
	if (p->above_usual > 0 && !statscount_above_usual(sr, e, total,
	    usual, sizeof(usual)))
		return;
	/* A habit: quiet, and judged again as the sum grows. */
	if (p->learn_ms > 0 && statscount_habit(c, sr, e, ev,
	    (double)total) != 1)
		return;
	e->h.alerted = 1;
	e->h.alerted_ms = ev->time_ms;
	statscount_reason(c, sr, e, total, all, unit);
	if (p->above_usual > 0) {
		n = strlen(c->reason);
		snprintf(c->reason + n, sizeof(c->reason) - n, "%s", usual);
	}
	stats_emit(c, sr, ev, &e->h, e->first_ms, ev->time_ms, total,
	    0.5 + 0.5 * ((double)total - p->threshold) / p->threshold);
}

/* What counts and sums share: v more in the group's window. */
static void
statscount_add(struct stats_ctx *c, struct stats_rule *sr, struct cent *e,
    const struct logevent *ev, int64_t v, const char *unit)
{
	const struct stats_params	*p = sr->p;

	if (window_add(&e->w, p->window_ms / WINDOW_SLOTS, ev->time_ms,
	    (uint64_t)v) == -1) {
		sr->late++;
		return;
	}
	if (p->baseline != SB_NONE && statscount_base_roll(sr, e,
	    ev->time_ms) >= 0) {
		e->base.cur += (double)v;
		statscount_base_check(c, sr, e, ev, unit);
	}
	if (p->threshold > 0)
		statscount_threshold(c, sr, e, ev, unit);
}

/* With min-ratio, every event of the group counts towards the ratio. */
static void
statscount_count_event(struct stats_ctx *c, struct stats_rule *sr,
    struct stats_group *g, const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	struct cent			*e = (struct cent *)(void *)g;

	if (p->min_ratio > 0 && window_add(&e->all, p->window_ms /
	    WINDOW_SLOTS, ev->time_ms, 1) == -1) {
		sr->late++;
		return;
	}
	if (!sr->matched)
		return;
	statscount_add(c, sr, e, ev, 1, "events");
}

static void
statscount_sum_event(struct stats_ctx *c, struct stats_rule *sr,
    struct stats_group *g, const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	const struct field_def		*fd;
	struct slice			 sv;
	struct cent			*e;
	char				 num[24];
	int64_t				 v;

	/* A number as logged needs no text to be told apart from none. */
	if (p->what.fd != NULL && p->what.fd->type != FIELD_STR)
		v = field_int(ev, p->what.fd);
	else if ((sv = statskey_value(&p->what, ev, &c->ep, num, sizeof(num),
	    &fd)).len == 0)
		return;
	else
		v = field_int(ev, fd);
	if (v <= 0)
		return;
	e = (struct cent *)(void *)g;
	if (sr->since_ms == 0 || ev->time_ms < sr->since_ms)
		sr->since_ms = ev->time_ms;
	if (sr->aux != NULL)
		statscount_usual_add(sr, e, ev->time_ms, (double)v);
	statscount_add(c, sr, e, ev, v, p->what.name);
}

static void
statscount_distinct_reason(struct stats_ctx *c, struct stats_rule *sr,
    struct cent *e, int by_entropy)
{
	const struct stats_params	*p = sr->p;
	char				 grp[512], win[32], v[32], ent[160];

	statskey_describe(p, stats_group_key(&e->h), e->h.keylen, grp,
	    sizeof(grp));
	statscount_window_text(p->window_ms, win, sizeof(win));
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
	snprintf(c->reason, sizeof(c->reason), "%s: %s%s distinct %s in %s%s",
	    grp, e->set.overflow ? "at least " : "", v, p->what.name, win,
	    ent);
}

static void
statscount_distinct_eval(struct stats_ctx *c, struct stats_rule *sr,
    struct cent *e, const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	uint32_t			 need, now;
	int				 by_thr, by_ent;

	now = (uint32_t)(ev->time_ms / 1000);
	need = p->threshold > 0 ? (uint32_t)p->threshold : UINT32_MAX;
	if (p->entropy_count > 0 && p->entropy_count < need)
		need = p->entropy_count;
	if (e->set.n < need || stats_suppressed(&e->h, p->window_ms,
	    ev->time_ms))
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
	statscount_distinct_reason(c, sr, e, by_ent && !by_thr);
	stats_emit(c, sr, ev, &e->h, e->first_ms, ev->time_ms, e->set.n,
	    by_thr ? 0.5 + 0.5 * ((double)e->set.n - p->threshold) /
	    p->threshold : 0.6);
}

/* The value ev counts in a distinct rule's set, in num; empty: none. */
static struct slice
statscount_distinct_value(const struct stats_params *p,
    const struct logevent *ev, struct statskey_ep *ep, char *num,
    size_t len, uint32_t *h)
{
	const struct field_def	*fd;
	struct slice		 v;

	v = statskey_value(&p->what, ev, ep, num, len, &fd);
	if (v.len > 0)
		*h = (uint32_t)hash64_lower(v.p, v.len, 0x64697374ULL);
	return v;
}

/* Ahead of an event: the hash its value will have in the set. */
static uint64_t
statscount_distinct_ahead(const struct stats_rule *sr,
    const struct logevent *ev, struct statskey_ep *ep, const char *key,
    size_t len, uint32_t *val)
{
	char	 num[24];

	(void)key;
	(void)len;
	if (statscount_distinct_value(sr->p, ev, ep, num, sizeof(num),
	    val).len == 0)
		*val = 0;
	return 0;
}

/* Before an event's turn: where its value goes in the group's set. */
static void
statscount_distinct_touch(const struct stats_rule *sr,
    const struct stats_group *g, uint64_t own, uint32_t val)
{
	(void)sr;
	(void)own;
	if (g != NULL && val != 0)
		dset_prefetch(&((const struct cent *)(const void *)g)->set,
		    val);
}

static void
statscount_distinct_event(struct stats_ctx *c, struct stats_rule *sr,
    struct stats_group *g, const struct logevent *ev)
{
	const struct stats_params	*p = sr->p;
	struct cent			*e = (struct cent *)(void *)g;
	struct slice			 v;
	char				 num[24];
	uint32_t			 h = 0, t = (uint32_t)(ev->time_ms / 1000);
	float				 ent = 0;
	int				 rc;

	v = statscount_distinct_value(p, ev, &c->ep, num, sizeof(num), &h);
	if (v.len == 0)
		return;
	if (p->entropy_bits > 0)
		ent = statskey_entropy(v);
	if (p->baseline != SB_NONE) {
		/* Tumbling windows: the set starts again with each one. */
		if ((rc = statscount_base_roll(sr, e, ev->time_ms)) == -1)
			return;
		if (rc == 1)
			dset_clear(&e->set);
	} else if (e->set.n >= p->max_distinct)
		dset_expire(&e->set, t - (uint32_t)(p->window_ms / 1000) + 1);
	if (dset_add(&e->set, h, t, ent, p->max_distinct) != 1)
		return;
	if (p->baseline != SB_NONE) {
		e->base.cur = e->set.n;
		statscount_base_check(c, sr, e, ev, "distinct values");
	}
	statscount_distinct_eval(c, sr, e, ev);
}

/* Persistence: the baselines, for the groups that have begun one. */

/* The second table: endpoints' usual and destinations' habits. */
static int
statscount_aux(const struct stats_params *p)
{
	return p->above_usual > 0;
}

static int
statscount_persists(const struct stats_params *p)
{
	return p->baseline != SB_NONE || p->above_usual > 0;
}

static void
statscount_save(FILE *fp, const struct stats_rule *sr)
{
	const struct cent	*e;

	if (sr->p->learn_ms > 0)
		fprintf(fp, "since %lld\n", (long long)sr->since_ms);
	for (e = lru_oldest(sr->t); e != NULL; e = lru_newer(sr->t, e)) {
		if (e->base.cur_idx == 0)
			continue;
		stats_group_save(fp, "key", &e->h);
		(void)baseline_write(fp, &e->base);
		fputc('\n', fp);
	}
	for (e = sr->aux != NULL ? lru_oldest(sr->aux) : NULL; e != NULL;
	    e = lru_newer(sr->aux, e)) {
		if (e->hab != NULL) {
			stats_group_save(fp, "habit", &e->h);
			(void)statsprev_write(fp, e->hab);
		} else {
			stats_group_save(fp, "usual", &e->h);
			(void)baseline_write(fp, &e->base);
		}
		fputc('\n', fp);
	}
}

static int
statscount_load_habit(struct stats_rule *sr, struct stats_group *g,
    const char *rest)
{
	struct cent	*e = (struct cent *)(void *)g;

	(void)sr;
	if (g->keylen < 3 || (unsigned char)stats_group_key(g)[0] != 0xff ||
	    (e->hab = calloc(1, sizeof(*e->hab))) == NULL)
		return -1;
	if (statsprev_read(e->hab, rest) == -1) {
		free(e->hab);
		e->hab = NULL;
		return -1;
	}
	return 0;
}

static int
statscount_load_group(struct stats_rule *sr, struct stats_group *g,
    const char *rest)
{
	return baseline_read(&((struct cent *)(void *)g)->base, &sr->bc,
	    rest);
}

static int
statscount_load(struct stats_rule *sr, const char *line)
{
	if (strncmp(line, "since ", 6) == 0) {
		sr->since_ms = strtoll(line + 6, NULL, 10);
		return 0;
	}
	if (sr->aux != NULL && strncmp(line, "habit ", 6) == 0)
		return stats_group_load_into(sr, sr->aux, line, statskey_hash,
		    statscount_load_habit);
	if (sr->aux != NULL && strncmp(line, "usual ", 6) == 0)
		return stats_group_load_into(sr, sr->aux, line, statskey_hash,
		    statscount_load_group);
	if (strncmp(line, "key ", 4) != 0)
		return 0;
	return stats_group_load(sr, line, statskey_hash,
	    statscount_load_group);
}

static size_t
statscount_memory(const struct stats_rule *sr, const struct stats_group *g)
{
	const struct cent	*e = (const struct cent *)(const void *)g;

	return dset_memory(&e->set) + baseline_memory(&e->base, &sr->bc) +
	    (e->hab != NULL ? sizeof(*e->hab) : 0);
}

/*
 * Hand-over (statskind.h): "FIRST WINDOW [ALL] SET [BASELINE]", the
 * window of every event only for min-ratio rules, the baseline only for
 * rules that keep one.  An endpoint's habit (the second table) is not
 * the group's and stays.
 */
static void
statscount_hsave(FILE *fp, const struct stats_rule *sr,
    const struct stats_group *g)
{
	const struct cent	*e = (const struct cent *)(const void *)g;

	fprintf(fp, "%lld ", (long long)e->first_ms);
	(void)window_write(fp, &e->w);
	if (sr->p->min_ratio > 0) {
		fputc(' ', fp);
		(void)window_write(fp, &e->all);
	}
	fputc(' ', fp);
	(void)dset_write(fp, &e->set);
	if (sr->p->baseline != SB_NONE) {
		fputs(" | ", fp);
		(void)baseline_write(fp, &e->base);
	}
}

static int
statscount_hload(struct stats_rule *sr, struct stats_group *g,
    const char *p)
{
	struct cent	*e = (struct cent *)(void *)g;
	char		*end;

	e->first_ms = strtoll(p, &end, 10);
	if (end == p || (p = window_read(&e->w, end)) == NULL ||
	    (sr->p->min_ratio > 0 && (p = window_read(&e->all, p)) == NULL) ||
	    (p = dset_read(&e->set, p, sr->p->max_distinct)) == NULL)
		goto fail;
	if (sr->p->baseline == SB_NONE)
		return 0;
	if ((p = strstr(p, " | ")) != NULL &&
	    baseline_read(&e->base, &sr->bc, p + 3) == 0)
		return 0;
fail:
	dset_clear(&e->set);
	return -1;
}

/* Rule options ------------------------------------------------------- */

static int
statscount_all_events(const struct stats_params *p)
{
	return p->min_ratio > 0;
}

static int
statscount_sum_field(const struct ctok *t, const struct stats_field *f,
    struct cerrors *errs)
{
	if (f->fd == NULL || f->fd->type == FIELD_STR) {
		cerrors_addtok(errs, t, "sum needs a numeric field "
		    "(source.bytes, destination.bytes, ...)");
		return -1;
	}
	return 0;
}

static void
statscount_base_defaults(struct stats_params *p)
{
	uint32_t	 per_day = (uint32_t)(STATS_DAY_MS / p->window_ms);

	if (p->base_windows == 0)
		p->base_windows = p->baseline == SB_ROLLING ? 24 :
		    7 * per_day;
	if (p->deviation == 0)
		p->deviation = 6;
	if (p->floor == 0)
		p->floor = 10;
	/*
	 * A rolling baseline judges once it has seen a whole cycle of its
	 * windows: a workstation's first morning against its night is no
	 * deviation.
	 */
	if (p->learn == 0)
		p->learn = p->baseline == SB_ROLLING ? p->base_windows : 3;
	/*
	 * Zero windows (a machine off at night) are history, but not of
	 * its habits: a quarter of the windows learnt must have had events.
	 */
	if (p->learn_active == 0)
		p->learn_active = (p->learn + 3) / 4;
}

/* Room for twice what can make a finding, 64 to 65536 values. */
static void
statscount_distinct_default(struct stats_params *p)
{
	double	 m;

	if (p->max_distinct != 0)
		return;
	m = p->threshold > p->entropy_count ? p->threshold :
	    p->entropy_count;
	if (p->floor * 2 > m)
		m = p->floor * 2;
	m *= 2;
	p->max_distinct = m < 64 ? 64 : m > 65536 ? 65536 : (uint32_t)m;
}

/* What the three kinds check alike; ratio and entropy: theirs or not. */
/* group-by when the rule gives none. */
static const char *const statscount_by[] = { "endpoint", NULL };

static int
statscount_check(struct rule *r, struct stats_params *p,
    const struct cnode *n, struct cerrors *errs, int ratio, int entropy)
{
	if (p->window_ms == 0)
		p->window_ms = 300000;
	statsrule_defaults(p, 100000, statscount_by);
	if (p->threshold == 0 && p->baseline == SB_NONE) {
		cerrors_addtok(errs, &n->key, "rule %s: needs a threshold or "
		    "a baseline", r->id);
		return -1;
	}
	if ((p->min_ratio > 0 || p->min_events > 0) && !ratio) {
		cerrors_addtok(errs, &n->key, "rule %s: min-ratio and "
		    "min-events apply to statistic count", r->id);
		return -1;
	}
	if (p->learn_active > 0 && p->baseline == SB_NONE &&
	    p->above_usual == 0) {
		cerrors_addtok(errs, &n->key, "rule %s: learn-active needs a "
		    "baseline", r->id);
		return -1;
	}
	if (p->learn_ms != 0 && p->above_usual == 0) {
		cerrors_addtok(errs, &n->key, "rule %s: a learn duration "
		    "applies to statistic rare, beacon, and sum with "
		    "above-usual (learn is a number of windows here)", r->id);
		return -1;
	}
	if (p->entropy_bits > 0 && !entropy) {
		cerrors_addtok(errs, &n->key, "rule %s: entropy applies to "
		    "statistic distinct", r->id);
		return -1;
	}
	if (p->baseline == SB_HOUR_OF_DAY && (p->window_ms > STATS_HOUR_MS ||
	    STATS_DAY_MS % p->window_ms != 0)) {
		cerrors_addtok(errs, &n->key, "rule %s: an hour-of-day "
		    "baseline needs a window of at most 1h that divides a day",
		    r->id);
		return -1;
	}
	if (p->baseline != SB_NONE)
		statscount_base_defaults(p);
	statscount_distinct_default(p);
	return 0;
}

static int
statscount_no_usual(struct rule *r, const struct stats_params *p,
    const struct cnode *n, struct cerrors *errs)
{
	if (p->above_usual == 0)
		return 0;
	cerrors_addtok(errs, &n->key, "rule %s: above-usual applies to "
	    "statistic sum", r->id);
	return -1;
}

static int
statscount_check_count(struct rule *r, struct stats_params *p,
    const struct cnode *n, struct cerrors *errs)
{
	if (statscount_no_usual(r, p, n, errs) == -1)
		return -1;
	return statscount_check(r, p, n, errs, 1, 0);
}

static int
statscount_check_distinct(struct rule *r, struct stats_params *p,
    const struct cnode *n, struct cerrors *errs)
{
	if (statscount_no_usual(r, p, n, errs) == -1)
		return -1;
	return statscount_check(r, p, n, errs, 0, 1);
}

/* above-usual: a sum over groups of an endpoint and something more. */
static int
statscount_check_usual(struct rule *r, struct stats_params *p,
    const struct cnode *n, struct cerrors *errs)
{
	if (p->baseline != SB_NONE || p->threshold == 0 || p->nby < 2 ||
	    p->by[0].derived != SD_ENDPOINT) {
		cerrors_addtok(errs, &n->key, "rule %s: above-usual needs a "
		    "threshold, no baseline, and group-by endpoint and more",
		    r->id);
		return -1;
	}
	if (p->base_windows == 0)
		p->base_windows = 24;
	if (p->learn_active == 0)
		p->learn_active = 6;
	if (p->learn_ms == 0)
		p->learn_ms = 7 * STATS_DAY_MS;
	else if (p->learn_ms < 0)
		p->learn_ms = 0;
	return 0;
}

static int
statscount_check_sum(struct rule *r, struct stats_params *p,
    const struct cnode *n, struct cerrors *errs)
{
	if (p->above_usual > 0 && statscount_check_usual(r, p, n,
	    errs) == -1)
		return -1;
	return statscount_check(r, p, n, errs, 0, 0);
}

const struct stats_kind statscount_count_kind = {
	.name = "count",
	.check = statscount_check_count,
	.all_events = statscount_all_events,
	.size = sizeof(struct cent),
	.size_of = statscount_size,
	.drop = statscount_drop,
	.hint = statscount_hint,
	.start = statscount_start,
	.event = statscount_count_event,
	.persists = statscount_persists,
	.save = statscount_save,
	.load = statscount_load,
	.hsave = statscount_hsave,
	.hload = statscount_hload,
	.memory = statscount_memory,
};

const struct stats_kind statscount_distinct_kind = {
	.name = "distinct",
	.field = 1,
	.check = statscount_check_distinct,
	.size = sizeof(struct cent),
	.size_of = statscount_size,
	.drop = statscount_drop,
	.hint = statscount_hint,
	.start = statscount_start,
	.event = statscount_distinct_event,
	.ahead = statscount_distinct_ahead,
	.touch = statscount_distinct_touch,
	.persists = statscount_persists,
	.save = statscount_save,
	.load = statscount_load,
	.hsave = statscount_hsave,
	.hload = statscount_hload,
	.memory = statscount_memory,
};

const struct stats_kind statscount_sum_kind = {
	.name = "sum",
	.field = 1,
	.field_check = statscount_sum_field,
	.check = statscount_check_sum,
	.size = sizeof(struct cent),
	.size_of = statscount_size,
	.drop = statscount_drop,
	.hint = statscount_hint,
	.aux = statscount_aux,
	.start = statscount_start,
	.event = statscount_sum_event,
	.ahead = statscount_sum_ahead,
	.persists = statscount_persists,
	.save = statscount_save,
	.load = statscount_load,
	.hsave = statscount_hsave,
	.hload = statscount_hload,
	.memory = statscount_memory,
};
