/*
 * The composite analyzer: see composite.h.  Per composite rule, the
 * contributions it takes are kept in bounded windows (compgroup.c) or,
 * for propagation, in a graph of endpoints (compchain.c).  When a rule is
 * satisfied its incident opens with revision 1 and a stable id; it is
 * updated (same id, next revision) only when it grows: another endpoint,
 * another contributing rule, a further attack stage, a longer path.
 * Satisfied again without growing, it is only counted.  An incident
 * closes when no contribution comes within the rule's window of its
 * last one, or when its table needs the room.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/analyzer.h"
#include "analyzers/composite.h"
#include "analyzers/compint.h"
#include "analyzers/contrib.h"
#include "analyzers/finding.h"
#include "analyzers/lru.h"
#include "util/hash.h"
#include "util/timeutil.h"
#include "util/hex.h"
#include "util/log.h"
#include "rules/cond.h"
#include "rules/rule.h"
#include "rules/ruleset.h"

#define COMP_NEXT	COMPCHAIN_NODE_E

struct comp_rule {
	const struct rule	 *r;
	const struct comp_params *p;
	int			  takes_findings;
	int			  takes_events;	/* propagation, or cond_steps */
	uint8_t			  cond_steps;	/* bits of the "step condition" */
	int			  by_contrib;	/* the tier's, from contributions */
	int			  sends;	/* not run: its contributions out */
	struct lru		 *groups;	/* struct comp_groupent */
	struct compchain	 *chain;	/* propagation */
	struct lru		 *incs;		/* struct comp_inc */
};

struct composite {
	struct emitter		 em;
	const struct ruleset	*rs;
	struct identity		*id;
	int			 own_id;	/* no pipeline's table: learn here */
	int			 tier;		/* ANALYZER_TIER_* */
	struct contrib_sink	 sink;		/* first tier: contributions out */
	struct comp_rule	*rules;
	size_t			 nrules;
	char			**rids;		/* interned rule ids */
	size_t			 nrids;
	struct comp_evstore	 evs;
	/* the event identity last learned from */
	const char		*learned_raw;
	const char		*learned_file;
	size_t			 learned_len;
	uint64_t		 learned_off;
	int64_t			 learned_t;
	struct comp_out		 out;
	struct composite_stats	 st;
	uint64_t		 old_evictions;
	struct comp_hand	 hand;		/* the hand-over being read */
	struct comp_handrule	*hr;		/* rules[] as comphand.c sees them */
};

/* What one finding or event brings, before it is kept. */
struct comp_in {
	const struct logevent	*ev;
	const struct finding	*f;		/* NULL for an event */
	struct endpoint_id	 ep;
	struct comp_item	 it;
};

/*
 * What every rule taking an event shares: its endpoint, looked up once
 * (the identity lookup is the dearest part of a contribution), and its
 * evidence line, kept once.
 */
struct comp_evctx {
	const struct logevent	*ev;
	const struct endpoint_id *ep, *to;	/* the tier's, resolved before */
	uint64_t		 evref;
	int			 state;		/* 0 not yet, 1 in, -1 none */
	struct comp_in		 in;
};

int
composite_own(const struct finding *f)
{
	return f->rule != NULL && f->rule->analyzer != NULL &&
	    strcmp(f->rule->analyzer, "composite") == 0;
}

static uint16_t
comp_intern(struct composite *c, const char *id)
{
	char	**n;
	size_t	  i;

	for (i = 0; i < c->nrids; i++)
		if (strcmp(c->rids[i], id) == 0)
			return (uint16_t)i;
	if (c->nrids >= UINT16_MAX ||
	    (n = reallocarray(c->rids, c->nrids + 1, sizeof(*n))) == NULL)
		return UINT16_MAX;
	c->rids = n;
	if ((n[c->nrids] = strdup(id)) == NULL)
		return UINT16_MAX;
	return (uint16_t)c->nrids++;
}

static const char *
comp_rid(const struct composite *c, uint16_t i)
{
	return i < c->nrids ? c->rids[i] : "?";
}

static void
comp_rule_free(struct comp_rule *cr)
{
	lru_free(cr->groups);
	compchain_free(cr->chain);
	lru_free(cr->incs);
	memset(cr, 0, sizeof(*cr));
}

static int
comp_rule_tables(struct comp_rule *cr)
{
	size_t	 max = cr->p->max_entries;

	if (cr->p->kind == CK_PROPAGATION)
		cr->chain = compchain_new(max);
	else
		cr->groups = lru_new(sizeof(struct comp_groupent), max, NULL,
		    NULL);
	cr->incs = lru_new(sizeof(struct comp_inc), max, NULL, NULL);
	if ((cr->chain == NULL && cr->groups == NULL) || cr->incs == NULL)
		return -1;
	return 0;
}

static int
comp_wanted(const struct rule *r)
{
	return r->enabled && r->params != NULL &&
	    strcmp(r->analyzer, "composite") == 0;
}

/* The steps a rule's own condition satisfies, as bits. */
static uint8_t
comp_condition_steps(const struct comp_params *p)
{
	uint8_t	 m = 0;
	size_t	 i;

	for (i = 0; i < p->nsteps; i++)
		if (p->steps[i].sel == CS_CONDITION)
			m |= (uint8_t)(1U << i);
	return m;
}

/*
 * Whether the findings tier serves the rule: it joins endpoints (spread,
 * propagation).  A rule that takes only findings gets them from the
 * finding records; one that takes log lines too (propagation's reaches,
 * a condition step) gets everything it takes as contribution records
 * (contrib.h), which the first tier writes where it reads the lines.
 */
static int
comp_tier_served(const struct comp_rule *cr)
{
	return cr->p->kind == CK_SPREAD || cr->p->kind == CK_PROPAGATION;
}

static int
comp_runs_here(const struct composite *c, struct comp_rule *cr)
{
	switch (c->tier) {
	case ANALYZER_TIER_LOCAL:
		if (!comp_tier_served(cr))
			return 1;
		/* Kept, not run: what it takes goes out as records. */
		cr->sends = cr->by_contrib && c->sink.fn != NULL;
		return cr->sends;
	case ANALYZER_TIER_CROSS:
		return comp_tier_served(cr);
	default:
		return 1;
	}
}

static const char *comp_rid(const struct composite *, uint16_t);

/* The rules as the hand-over sees them (compint.h), after each index. */
static void
comp_hand_rules(struct composite *c)
{
	size_t	 i;

	free(c->hr);
	c->hand.cur = NULL;
	c->hand.g = NULL;
	if ((c->hr = calloc(c->nrules + 1, sizeof(*c->hr))) == NULL) {
		log_warn("%s", __func__);
		return;
	}
	for (i = 0; i < c->nrules; i++) {
		c->hr[i].id = c->rules[i].r->id;
		c->hr[i].p = c->rules[i].p;
		c->hr[i].groups = c->rules[i].groups;
		c->hr[i].incs = c->rules[i].incs;
	}
}

/* The composite rules of rs; state of old rules of the same id and kind moves over. */
static int
comp_index(struct composite *c, const struct ruleset *rs)
{
	struct comp_rule	*nr, *cr;
	size_t			 i, j, n = 0;

	if ((nr = calloc(rs->nrules + 1, sizeof(*nr))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	for (i = 0; i < rs->nrules; i++) {
		if (!comp_wanted(rs->rules[i]))
			continue;
		cr = &nr[n++];
		cr->r = rs->rules[i];
		cr->p = cr->r->params;
		cr->cond_steps = comp_condition_steps(cr->p);
		for (j = 0; j < cr->p->nsteps; j++)
			if (cr->p->steps[j].sel != CS_CONDITION)
				cr->takes_findings = 1;
		cr->takes_events = cr->p->kind == CK_PROPAGATION ||
		    cr->cond_steps != 0;
		cr->by_contrib = comp_tier_served(cr) && cr->takes_events;
		if (!comp_runs_here(c, cr)) {
			memset(cr, 0, sizeof(*cr));
			n--;
			continue;
		}
		if (cr->sends)
			continue;
		for (j = 0; j < c->nrules; j++)
			if (c->rules[j].incs != NULL &&
			    strcmp(c->rules[j].r->id, cr->r->id) == 0 &&
			    c->rules[j].p->kind == cr->p->kind) {
				cr->groups = c->rules[j].groups;
				cr->chain = c->rules[j].chain;
				cr->incs = c->rules[j].incs;
				memset(&c->rules[j], 0, sizeof(c->rules[j]));
			}
		if (cr->incs == NULL && comp_rule_tables(cr) == -1)
			goto fail;
	}
	for (j = 0; j < c->nrules; j++)
		comp_rule_free(&c->rules[j]);
	free(c->rules);
	c->rules = nr;
	c->nrules = n;
	c->rs = rs;
	comp_hand_rules(c);
	return 0;
fail:
	for (i = 0; i < n; i++)
		comp_rule_free(&nr[i]);
	free(nr);
	return -1;
}

static void
composite_free(void *arg)
{
	struct composite	*c = arg;
	size_t			 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nrules; i++)
		comp_rule_free(&c->rules[i]);
	free(c->rules);
	for (i = 0; i < c->nrids; i++)
		free(c->rids[i]);
	free(c->rids);
	free(c->hr);
	free(c->hand.map);
	if (c->own_id)
		identity_free(c->id);
	compalert_store_free(&c->evs);
	free(c);
}

static void *
composite_new(const struct ruleset *rs, const struct emitter *em,
    const struct analyzer_env *env)
{
	struct composite	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	c->em = *em;
	c->tier = env != NULL ? env->tier : ANALYZER_TIER_ALL;
	if (env != NULL)
		c->sink = env->contrib;
	/* The pipeline's table, shared with the other analyzers. */
	if (env != NULL && env->identity != NULL)
		c->id = env->identity;
	else if ((c->id = identity_new(0)) != NULL)
		c->own_id = 1;
	if (c->id == NULL ||
	    compalert_store_new(&c->evs) == -1 || comp_index(c, rs) == -1) {
		composite_free(c);
		return NULL;
	}
	return c;
}

static int
composite_reload(void *arg, const struct ruleset *rs)
{
	return comp_index(arg, rs);
}

/*
 * Without a pipeline (tests, tools) the table is this analyzer's own:
 * learn from each event once, before the first finding on it is keyed.
 * The pipeline's table has learned from the event already.
 */
static void
comp_learn(struct composite *c, const struct logevent *ev)
{
	if (ev == NULL || !c->own_id || (ev->raw.p == c->learned_raw &&
	    ev->raw.len == c->learned_len && ev->offset == c->learned_off &&
	    ev->file == c->learned_file && ev->time_ms == c->learned_t))
		return;
	c->learned_raw = ev->raw.p;
	c->learned_len = ev->raw.len;
	c->learned_off = ev->offset;
	c->learned_file = ev->file;
	c->learned_t = ev->time_ms;
	identity_learn(c->id, ev);
}

/* Binary form of an alert id (UUID text); zero when there is none. */
static void
comp_id_bytes(const char *s, uint8_t out[16])
{
	size_t	 n = 0;
	int	 hi = -1, v;

	memset(out, 0, 16);
	for (; s != NULL && *s != '\0' && n < 16; s++) {
		if ((v = hex_digit((unsigned char)*s)) == -1)
			continue;
		if (hi < 0)
			hi = v;
		else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
}

static struct slice
comp_basename(struct slice s)
{
	size_t	 i;

	for (i = s.len; i > 0; i--)
		if (s.p[i - 1] == '/' || s.p[i - 1] == '\\')
			break;
	s.p += i;
	s.len -= i;
	return s;
}

static struct slice
comp_destination(const struct logevent *ev)
{
	if (ev->dst_domain.len > 0)
		return ev->dst_domain;
	if (ev->dns_query.len > 0)
		return ev->dns_query;
	return ev->dst_ip;
}

/* The value "same" compares: a file's base name, a destination, ... */
static uint64_t
comp_corr(enum comp_corr k, const struct logevent *ev,
    const struct finding *f)
{
	struct slice	 s = { NULL, 0 };

	switch (k) {
	case CC_NONE:
		return 0;
	case CC_FILE:
		if (ev->url_path.len > 0)
			s = comp_basename(ev->url_path);
		else if (ev->process_image.len > 0)
			s = comp_basename(ev->process_image);
		else
			s = comp_basename(ev->file_name);
		break;
	case CC_DESTINATION:
		s = comp_destination(ev);
		break;
	case CC_INDICATOR:
		if (f != NULL && f->ind.value != NULL)
			s = slice_cstr(f->ind.value);
		break;
	}
	return s.len > 0 ? hash64_lower(s.p, s.len, COMP_SEED_GROUP) | 1 : 0;
}

/* Copy len bytes of p as a string, cut to size: snprintf costs more. */
static void
comp_copy(char *dst, size_t size, const char *p, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, p, len);
	dst[len] = '\0';
}

static void
comp_key_add(char *buf, size_t size, struct slice s)
{
	size_t	 n = strlen(buf);

	if (n + 1 >= size || s.len == 0)
		return;
	snprintf(buf + n, size - n, "|%.*s", (int)(s.len > size ? size :
	    s.len), s.p);
}

/* The group a contribution belongs to under rule cr; -1 if none. */
static int
comp_group_key(struct composite *c, const struct comp_rule *cr,
    const struct comp_in *in, char *key, size_t size)
{
	const struct logevent	*ev = in->ev;
	struct slice		 v = { NULL, 0 };
	struct endpoint_id	 host;
	const char		*base = in->ep.key;

	switch (cr->p->group) {
	case CG_ENDPOINT:
		break;
	case CG_HOST:
		if (ev->win_event_id >= 0 && ev->host_name.len > 0 &&
		    identity_target(c->id, ev, &host) == 0) {
			snprintf(key, size, "%s", host.key);
			base = key;
		}
		break;
	case CG_INDICATOR:
		if (in->f != NULL && in->f->ind.value != NULL)
			v = slice_cstr(in->f->ind.value);
		else
			v = comp_destination(ev);
		break;
	case CG_DESTINATION:
		v = comp_destination(ev);
		break;
	case CG_USER:
		v = ev->user.len > 0 ? ev->user : ev->target_user;
		break;
	}
	if (cr->p->kind == CK_SPREAD) {
		if (v.len == 0 || (v.len == 1 && v.p[0] == '-'))
			return -1;
		comp_copy(key, size, v.p, v.len);
		return 0;
	}
	if (base != key)
		comp_copy(key, size, base, strlen(base));
	if (cr->p->kind == CK_CONTINUITY) {
		comp_key_add(key, size, in->f != NULL ?
		    slice_cstr(in->f->rule->id) : slice_cstr("event"));
		comp_key_add(key, size, v);
	}
	return 0;
}

/* A satisfied rule: what goes into its incident. */
struct comp_hit {
	const char		*key;
	struct comp_item	 items[COMP_ITEMS];
	size_t			 n;
	const struct comp_path	*path;
	const struct comp_in	*in;		/* what satisfied it */
	uint8_t			 nep, nrules, stage, plen;
	int64_t			 tmin, tmax;
};

static void
comp_breadth(const struct comp_rule *cr, struct comp_hit *h)
{
	size_t	 i, j;

	h->nep = h->nrules = 0;
	h->stage = (uint8_t)cr->r->stage;
	h->tmin = INT64_MAX;
	h->tmax = INT64_MIN;
	for (i = 0; i < h->n; i++) {
		for (j = 0; j < i; j++)
			if (h->items[j].ephash == h->items[i].ephash)
				break;
		h->nep += j == i;
		for (j = 0; j < i; j++)
			if (h->items[j].rule == h->items[i].rule)
				break;
		h->nrules += j == i;
		if (h->items[i].stage > h->stage)
			h->stage = h->items[i].stage;
		if (h->items[i].t < h->tmin)
			h->tmin = h->items[i].t;
		if (h->items[i].t > h->tmax)
			h->tmax = h->items[i].t;
	}
	h->plen = h->path != NULL ? (uint8_t)h->path->n : 0;
}

/* The open incident of the group, or a new one (created set). */
static struct comp_inc *
comp_inc_get(struct comp_rule *cr, const struct comp_hit *h, int *created)
{
	struct comp_inc	*inc;
	struct finding	 ff;
	uint64_t	 k = hash64(h->key, strlen(h->key), COMP_SEED_GROUP);

	if ((inc = lru_put(cr->incs, k, created)) == NULL)
		return NULL;
	if (!*created && (strcmp(inc->key, h->key) != 0 ||
	    h->tmax > inc->last_ms + cr->p->window_ms)) {
		memset(inc, 0, sizeof(*inc));
		*created = 1;
	}
	if (!*created)
		return inc;
	snprintf(inc->key, sizeof(inc->key), "%s", h->key);
	inc->first_ms = h->tmin;
	inc->last_ms = h->tmax;
	/* Stable: the rule, the group and when it began. */
	memset(&ff, 0, sizeof(ff));
	ff.rule = cr->r;
	ff.ind.value = inc->key;
	ff.first_ms = h->tmin;
	finding_id(&ff, inc->id);
	return inc;
}

static void
comp_contrib_item(const struct composite *c, struct comp_contrib *x,
    const struct comp_item *it)
{
	memset(x, 0, sizeof(*x));
	x->t = it->t;
	x->evref = it->evref;
	memcpy(x->id, it->id, sizeof(x->id));
	x->rule = comp_rid(c, it->rule);
	x->stage = it->stage;
	x->vp = it->vp;
	x->promoted = it->promoted;
	x->what = it->vp == UINT8_MAX ? CW_EVENT : CW_FINDING;
	snprintf(x->ep, sizeof(x->ep), "%s", it->ep);
}

static int
comp_contrib_cmp(const void *a, const void *b)
{
	const struct comp_contrib	*x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

/* Contributors in time order, and the endpoints in order of appearance. */
static void
comp_out_contribs(struct composite *c, const struct comp_hit *h)
{
	struct comp_out		*o = &c->out;
	const struct comp_hop	*hop;
	size_t			 i, j;

	o->nc = o->nep = 0;
	for (i = 0; i < h->n && o->nc < COMP_OUT_MAX; i++)
		comp_contrib_item(c, &o->c[o->nc++], &h->items[i]);
	for (i = 1; h->path != NULL && i < h->path->n &&
	    o->nc < COMP_OUT_MAX; i++) {
		hop = &h->path->hop[i];
		memset(&o->c[o->nc], 0, sizeof(o->c[0]));
		o->c[o->nc].t = hop->reached;
		o->c[o->nc].evref = hop->edge_evref;
		o->c[o->nc].what = CW_REACH;
		o->c[o->nc].rule = o->r->id;
		snprintf(o->c[o->nc].ep, sizeof(o->c[0].ep), "%s",
		    h->path->hop[i - 1].key);
		snprintf(o->c[o->nc].to, sizeof(o->c[0].to), "%s", hop->key);
		o->nc++;
	}
	qsort(o->c, o->nc, sizeof(o->c[0]), comp_contrib_cmp);
	for (i = 0; i < o->nc; i++) {
		if (o->c[i].what == CW_REACH)
			continue;
		for (j = 0; j < o->nep; j++)
			if (strcmp(o->eps[j], o->c[i].ep) == 0)
				break;
		if (j == o->nep && o->nep < COMP_ITEMS)
			snprintf(o->eps[o->nep++], sizeof(o->eps[0]), "%s",
			    o->c[i].ep);
	}
}

static void
comp_out_summary(struct composite *c, const struct comp_hit *h)
{
	struct comp_out	*o = &c->out;
	char		*s = o->summary;
	size_t		 i, sz = sizeof(o->summary), n;
	char		 win[32];

	(void)time_format_duration(o->p->window_ms, win, sizeof(win));

	switch (o->p->kind) {
	case CK_CONTINUITY:
		n = (size_t)snprintf(s, sz, "Rule %s found %zu times on %s "
		    "within %s.", o->c[0].rule, h->n, o->c[0].ep, win);
		return;
	case CK_COMBINATION:
		n = (size_t)snprintf(s, sz, "On %s within %s%s:",
		    o->group, win, o->p->ordered ? ", in order" : "");
		break;
	case CK_SPREAD:
		n = (size_t)snprintf(s, sz, "%s seen on %u endpoints within "
		    "%s:", h->key, (unsigned)h->nep, win);
		break;
	default:
		n = (size_t)snprintf(s, sz, "Spread over %zu endpoints:",
		    h->path != NULL ? h->path->n : 0);
		for (i = 0; h->path != NULL && i < h->path->n && n < sz; i++)
			n += (size_t)snprintf(s + n, sz - n, "%s %s",
			    i > 0 ? " ->" : "", h->path->hop[i].key);
		if (n < sz)
			snprintf(s + n, sz - n, ".");
		return;
	}
	for (i = 0; i < o->nc && n < sz; i++)
		n += (size_t)snprintf(s + n, sz - n, "%s %s on %s",
		    i > 0 ? (o->p->ordered ? ", then" : ",") : "",
		    o->c[i].what == CW_EVENT ? "event" : o->c[i].rule,
		    o->c[i].ep);
	if (n < sz)
		snprintf(s + n, sz - n, ".");
}

static enum level
comp_raise(enum level l, int up)
{
	int	 v = (int)l + up;

	if (level_name(l) == NULL)
		v = LVL_MEDIUM + up;
	return v > LVL_CRITICAL ? LVL_CRITICAL : (enum level)v;
}

static void
comp_main_endpoint(struct composite *c, const struct comp_hit *h)
{
	struct comp_out	*o = &c->out;

	if (o->p->kind == CK_CONTINUITY || o->p->kind == CK_COMBINATION) {
		o->main = h->in->ep;
		return;
	}
	if (o->nep == 0 || identity_lookup(c->id, o->eps[0], h->tmin,
	    &o->main) == -1)
		memset(&o->main, 0, sizeof(o->main));
}

static void
comp_emit(struct composite *c, struct comp_rule *cr,
    const struct comp_inc *inc, const struct comp_hit *h)
{
	struct comp_out	*o = &c->out;
	struct rule	 rc = *cr->r;
	struct finding	 f;
	int		 up;

	o->r = cr->r;
	o->p = cr->p;
	memcpy(o->id, inc->id, sizeof(o->id));
	o->revision = inc->revision;
	snprintf(o->group, sizeof(o->group), "%s", h->key);
	comp_out_contribs(c, h);
	comp_main_endpoint(c, h);
	o->path.n = 0;
	if (h->path != NULL)
		o->path = *h->path;
	o->stage = inc->stage;
	comp_out_summary(c, h);
	/* Breadth raises the levels: more endpoints, more kinds of finding. */
	up = (inc->nep >= 2) + (inc->nep >= 3 || inc->nrules >= 3);
	rc.stage = inc->stage;
	rc.importance = comp_raise(rc.importance, up);
	rc.priority = comp_raise(rc.priority, up);
	memset(&f, 0, sizeof(f));
	f.rule = &rc;
	f.ev = h->in->ev;
	f.first_ms = inc->first_ms;
	f.last_ms = inc->last_ms;
	f.count = inc->count;
	f.reason = o->summary;
	if (cr->p->kind == CK_SPREAD && cr->p->group == CG_INDICATOR &&
	    h->in->f != NULL)
		f.ind = h->in->f->ind;
	o->active = 1;
	c->em.emit(c->em.arg, &f);
	o->active = 0;
}

static void
comp_hit(struct composite *c, struct comp_rule *cr, struct comp_hit *h)
{
	struct comp_inc	*inc;
	int		 created, grew;

	comp_breadth(cr, h);
	if ((inc = comp_inc_get(cr, h, &created)) == NULL)
		return;
	inc->count = created ? h->n : inc->count + 1;
	if (h->tmin < inc->first_ms)
		inc->first_ms = h->tmin;
	if (h->tmax > inc->last_ms)
		inc->last_ms = h->tmax;
	/* A shorter path than the incident shows is no growth. */
	grew = created || (h->plen >= inc->plen && (h->nep > inc->nep ||
	    h->nrules > inc->nrules || h->stage > inc->stage ||
	    h->plen > inc->plen));
	if (!grew) {
		c->st.folded++;
		return;
	}
	if (h->nep > inc->nep)
		inc->nep = h->nep;
	if (h->nrules > inc->nrules)
		inc->nrules = h->nrules;
	if (h->stage > inc->stage)
		inc->stage = h->stage;
	if (h->plen > inc->plen)
		inc->plen = h->plen;
	inc->revision++;
	if (inc->revision == 1)
		c->st.alerts++;
	else
		c->st.updates++;
	comp_emit(c, cr, inc, h);
}

static void
comp_group_in(struct composite *c, struct comp_rule *cr, struct comp_in *in)
{
	struct comp_groupent	*g;
	struct comp_hit		 h;
	char			 key[COMPGROUP_KEY_LEN];
	size_t			 sel[COMP_ITEMS], i;
	uint64_t		 k;
	int			 created;

	if (comp_group_key(c, cr, in, key, sizeof(key)) == -1)
		return;
	in->it.corr = comp_corr(cr->p->same, in->ev, in->f);
	k = hash64(key, strlen(key), COMP_SEED_GROUP);
	if ((g = lru_put(cr->groups, k, &created)) == NULL)
		return;
	if (created || strcmp(g->key, key) != 0) {
		memset(g, 0, sizeof(*g));
		comp_copy(g->key, sizeof(g->key), key, strlen(key));
	}
	if (compgroup_add(g, &in->it, cr->p->kind == CK_SPREAD) == -1)
		return;
	g->shard = in->ev != NULL ? in->ev->shard : 0;
	memset(&h, 0, sizeof(h));
	if ((h.n = compgroup_eval(g, cr->p, &in->it, sel)) == 0)
		return;
	for (i = 0; i < h.n; i++)
		h.items[i] = g->items[sel[i]];
	h.key = key;
	h.in = in;
	comp_hit(c, cr, &h);
}

static void
comp_chain_eval(struct composite *c, struct comp_rule *cr,
    const struct comp_in *in, const char *key)
{
	struct comp_path	 path;
	struct comp_hit		 h;
	char			 root[IDENTITY_KEY_LEN];
	size_t			 i;

	if (compchain_path(cr->chain, key, cr->p->window_ms, &path) <
	    cr->p->count)
		return;
	memset(&h, 0, sizeof(h));
	snprintf(root, sizeof(root), "%s", path.hop[0].key);
	for (i = 0; i < path.n; i++)
		h.items[h.n++] = path.hop[i].f;
	h.key = root;
	h.path = &path;
	h.in = in;
	comp_hit(c, cr, &h);
}

/* Look at key, and at what it reached: a late finding can join a path. */
static void
comp_chain_around(struct composite *c, struct comp_rule *cr,
    const struct comp_in *in, const char *key)
{
	char	 next[COMP_NEXT][IDENTITY_KEY_LEN];
	size_t	 i, n;

	comp_chain_eval(c, cr, in, key);
	n = compchain_next(cr->chain, key, next, COMP_NEXT);
	for (i = 0; i < n; i++)
		comp_chain_eval(c, cr, in, next[i]);
}

static void
comp_take(struct composite *c, struct comp_rule *cr, struct comp_in *in)
{
	if (in->it.evref == 0)
		in->it.evref = compalert_keep(&c->evs, in->ev);
	c->st.contributions++;
	if (cr->p->kind != CK_PROPAGATION) {
		comp_group_in(c, cr, in);
		return;
	}
	compchain_finding(cr->chain, in->ep.key, &in->it);
	comp_chain_around(c, cr, in, in->ep.key);
}

static uint8_t
comp_steps(const struct comp_params *p, const struct rule *fr)
{
	uint8_t	 m = 0;
	size_t	 i;

	for (i = 0; i < p->nsteps; i++)
		if (comprule_step_match(&p->steps[i], fr))
			m |= (uint8_t)(1U << i);
	return m;
}

/* ep: the endpoint another instance resolved; NULL: look it up. */
static int
comp_in_init(struct composite *c, struct comp_in *in,
    const struct logevent *ev, const struct finding *f,
    const struct endpoint_id *ep)
{
	size_t	 n;

	memset(in, 0, sizeof(*in));
	in->ev = ev;
	in->f = f;
	if (ep != NULL)
		in->ep = *ep;
	else if (identity_source(c->id, ev, &in->ep) == -1)
		return -1;
	in->it.t = f != NULL && f->last_ms > 0 ? f->last_ms : ev->time_ms;
	n = strlen(in->ep.key);
	in->it.ephash = hash64(in->ep.key, n, COMP_SEED_GROUP);
	comp_copy(in->it.ep, sizeof(in->it.ep), in->ep.key, n);
	return 0;
}

static int
comp_in_finding(struct composite *c, struct comp_in *in,
    const struct finding *f, const char *id, int promoted,
    const struct endpoint_id *ep)
{
	if (comp_in_init(c, in, f->ev, f, ep) == -1)
		return -1;
	comp_id_bytes(id, in->it.id);
	in->it.rule = comp_intern(c, f->rule->id);
	in->it.stage = (uint8_t)f->rule->stage;
	in->it.vp = (uint8_t)f->rule->viewpoint;
	in->it.promoted = promoted != 0;
	return 0;
}

/*
 * A contribution of a rule this instance leaves to the tier, out as a
 * record: x says what it is, in where and what.  The group is the key
 * of the rule's window (a spread's user or indicator), or the rule for
 * a propagation, whose graph is one; what no window would take is not
 * sent.
 */
static void
comp_send(struct composite *c, struct comp_rule *cr, struct contrib *x,
    const struct comp_in *in)
{
	char	 key[COMPGROUP_KEY_LEN];

	if (cr->p->kind == CK_PROPAGATION)
		snprintf(key, sizeof(key), "%s", cr->r->id);
	else if (comp_group_key(c, cr, in, key, sizeof(key)) == -1)
		return;
	x->rule = cr->r;
	x->group = key;
	x->ep = in->ep;
	x->ev = in->ev;
	c->sink.fn(c->sink.arg, x);
}

static void
comp_finding(struct composite *c, const struct finding *f, const char *id,
    int promoted, const struct endpoint_id *ep)
{
	struct comp_rule	*cr;
	struct comp_in		 in;
	struct contrib		 x;
	size_t			 i;
	uint8_t			 m;
	int			 ready = 0;

	if (c == NULL || f->ev == NULL || composite_own(f))
		return;
	if (ep == NULL)
		comp_learn(c, f->ev);
	for (i = 0; i < c->nrules; i++) {
		cr = &c->rules[i];
		/* The tier's: its findings come as contributions. */
		if (!cr->takes_findings || (ep != NULL && cr->by_contrib) ||
		    (m = comp_steps(cr->p, f->rule)) == 0)
			continue;
		if (!ready && comp_in_finding(c, &in, f, id, promoted, ep) == -1)
			return;
		ready = 1;
		in.it.steps = m;
		if (!cr->sends) {
			comp_take(c, cr, &in);
			continue;
		}
		memset(&x, 0, sizeof(x));
		x.type = CONTRIB_FINDING;
		x.f = f;
		x.alert_id = id;
		x.promoted = promoted;
		comp_send(c, cr, &x, &in);
	}
}

void
composite_finding(void *state, const struct finding *f, const char *id,
    int promoted)
{
	comp_finding(state, f, id, promoted, NULL);
}

static void
composite_remote(void *state, const struct finding *f, const char *id,
    int promoted, const struct endpoint_id *ep)
{
	comp_finding(state, f, id, promoted, ep);
}

static int
comp_private(struct slice s)
{
	int	 b;

	if (s.len >= 3 && memcmp(s.p, "10.", 3) == 0)
		return 1;
	if (s.len >= 8 && memcmp(s.p, "192.168.", 8) == 0)
		return 1;
	if (s.len >= 7 && memcmp(s.p, "172.", 4) == 0 && s.p[6] == '.') {
		b = (s.p[4] - '0') * 10 + (s.p[5] - '0');
		return b >= 16 && b <= 31;
	}
	return s.len >= 2 && (s.p[0] == 'f' || s.p[0] == 'F') &&
	    (s.p[1] == 'c' || s.p[1] == 'd' || s.p[1] == 'C' ||
	    s.p[1] == 'D');
}

static int
comp_share_admin(struct slice s)
{
	s = comp_basename(s);
	return slice_caseeq(s, "ADMIN$") || slice_caseeq(s, "C$");
}

/*
 * Without a condition, a propagation rule takes these as one endpoint
 * reaching another: a network logon (4624 type 3) from an address, an
 * administrative share opened from an address (5140, 5145: PsExec copies
 * its service there), and SMB, RPC or WinRM between internal addresses
 * that the firewall let through.
 */
static int
comp_reach_builtin(const struct logevent *ev)
{
	if (ev->win_event_id == 4624)
		return slice_eq(ev->logon_type, "3") && ev->src_ip.len > 0;
	if (ev->win_event_id == 5140 || ev->win_event_id == 5145)
		return ev->src_ip.len > 0 && comp_share_admin(ev->share_name);
	if (ev->win_event_id >= 0)
		return 0;
	if (ev->source != SRC_FIREWALL && ev->source != SRC_NETWORK)
		return 0;
	if (ev->dst_port != 445 && ev->dst_port != 135 &&
	    ev->dst_port != 139 && ev->dst_port != 5985 &&
	    ev->dst_port != 5986)
		return 0;
	if (slice_caseeq(ev->action, "deny") || slice_caseeq(ev->action,
	    "drop") || slice_caseeq(ev->action, "reject") ||
	    slice_caseeq(ev->action, "block") || slice_eq(ev->conn_state,
	    "REJ") || slice_eq(ev->conn_state, "S0"))
		return 0;
	return comp_private(ev->src_ip) && comp_private(ev->dst_ip);
}

static const struct comp_in *
comp_evctx_in(struct composite *c, struct comp_evctx *x)
{
	if (x->state == 0)
		x->state = comp_in_init(c, &x->in, x->ev, NULL, x->ep) == -1 ?
		    -1 : 1;
	return x->state == 1 ? &x->in : NULL;
}

static uint64_t
comp_evctx_ref(struct composite *c, struct comp_evctx *x)
{
	if (x->evref == 0)
		x->evref = compalert_keep(&c->evs, x->ev);
	return x->evref;
}

static void
comp_reach(struct composite *c, struct comp_rule *cr, struct comp_evctx *x)
{
	const struct comp_in	*in;
	struct endpoint_id	 to;
	struct contrib		 k;
	uint64_t		 ref;

	if (x->to != NULL)
		to = *x->to;
	if ((in = comp_evctx_in(c, x)) == NULL || (x->to == NULL &&
	    identity_target(c->id, x->ev, &to) == -1) ||
	    strcmp(in->ep.key, to.key) == 0)
		return;
	if (cr->sends) {
		memset(&k, 0, sizeof(k));
		k.type = CONTRIB_REACH;
		k.to = to;
		comp_send(c, cr, &k, in);
		return;
	}
	ref = comp_evctx_ref(c, x);
	c->st.contributions++;
	compchain_edge(cr->chain, in->ep.key, to.key, x->ev->time_ms, ref);
	comp_chain_around(c, cr, in, to.key);
}

/* An event the rule's condition selects, as a contribution. */
static void
comp_event(struct composite *c, struct comp_rule *cr, struct comp_evctx *x,
    uint8_t steps)
{
	const struct comp_in	*base;
	struct comp_in		 in;
	struct contrib		 k;

	if ((base = comp_evctx_in(c, x)) == NULL)
		return;
	if (cr->sends) {
		memset(&k, 0, sizeof(k));
		k.type = CONTRIB_EVENT;
		comp_send(c, cr, &k, base);
		return;
	}
	in = *base;
	in.it.evref = comp_evctx_ref(c, x);
	in.it.rule = comp_intern(c, cr->r->id);
	in.it.vp = UINT8_MAX;
	in.it.steps = steps;
	comp_take(c, cr, &in);
}

static void
composite_process(void *arg, const struct logevent *ev)
{
	struct composite	*c = arg;
	struct comp_rule	*cr;
	struct comp_evctx	 x;
	size_t			 i;
	int			 begun = 0;

	memset(&x, 0, sizeof(x));
	x.ev = ev;
	comp_learn(c, ev);
	for (i = 0; i < c->nrules; i++) {
		cr = &c->rules[i];
		/* Most rules take only findings: skip them cheaply. */
		if (!cr->takes_events)
			continue;
		if (cr->r->sources != 0 &&
		    !(cr->r->sources & (1U << ev->source)))
			continue;
		if (cr->r->cond != NULL && !begun) {
			ruleset_event_begin(c->rs);
			begun = 1;
		}
		if (cr->p->kind == CK_PROPAGATION) {
			if (cr->r->cond != NULL ? cond_eval(cr->r->cond, ev,
			    NULL) : comp_reach_builtin(ev))
				comp_reach(c, cr, &x);
			continue;
		}
		if (cr->cond_steps != 0 && cond_eval(cr->r->cond, ev, NULL))
			comp_event(c, cr, &x, cr->cond_steps);
	}
}

/* The running rule a contribution record is for, or NULL. */
static struct comp_rule *
comp_rule_of(struct composite *c, const struct rule *r)
{
	size_t	 i;

	for (i = 0; i < c->nrules; i++)
		if (strcmp(c->rules[i].r->id, r->id) == 0)
			return c->rules[i].by_contrib && !c->rules[i].sends ?
			    &c->rules[i] : NULL;
	return NULL;
}

/*
 * The findings tier: a contribution another instance took from its
 * lines, to the one rule it names, as that instance would have given
 * it, its condition already judged there.
 */
static void
composite_contribution(void *state, const struct contrib *k)
{
	struct composite	*c = state;
	struct comp_rule	*cr;
	struct comp_evctx	 x;
	struct comp_in		 in;
	uint8_t			 m;

	if (c == NULL || (cr = comp_rule_of(c, k->rule)) == NULL)
		return;
	memset(&x, 0, sizeof(x));
	x.ev = k->ev;
	x.ep = &k->ep;
	switch (k->type) {
	case CONTRIB_FINDING:
		if (k->f == NULL || composite_own(k->f) ||
		    (m = comp_steps(cr->p, k->f->rule)) == 0 ||
		    comp_in_finding(c, &in, k->f, k->alert_id, k->promoted,
		    &k->ep) == -1)
			return;
		in.it.steps = m;
		comp_take(c, cr, &in);
		break;
	case CONTRIB_EVENT:
		if (cr->cond_steps != 0)
			comp_event(c, cr, &x, cr->cond_steps);
		break;
	case CONTRIB_REACH:
		x.to = &k->to;
		if (cr->p->kind == CK_PROPAGATION)
			comp_reach(c, cr, &x);
		break;
	}
}

static const char *
comp_hand_rid(void *arg, uint16_t i)
{
	return comp_rid(arg, i);
}

static uint16_t
comp_hand_intern(void *arg, const char *id)
{
	return comp_intern(arg, id);
}

static void
comp_hand_init(struct composite *c)
{
	c->hand.evs = &c->evs;
	c->hand.arg = c;
	c->hand.rid = comp_hand_rid;
	c->hand.intern = comp_hand_intern;
}

/* Hand-over (analyzer.h): the single-endpoint windows of the shard. */
static int
composite_hand_save(void *arg, FILE *fp, uint32_t shard)
{
	struct composite	*c = arg;

	if (c->hr == NULL)
		return -1;
	comp_hand_init(c);
	return comphand_save(fp, &c->hand, c->hr, c->nrules, shard);
}

static int
composite_hand_line(void *arg, uint32_t shard, char *line)
{
	struct composite	*c = arg;

	if (c->hr == NULL)
		return -1;
	comp_hand_init(c);
	return comphand_line(&c->hand, c->hr, c->nrules, shard, line);
}

void
composite_annotate(void *state, const struct finding *f, json_t *rec)
{
	struct composite	*c = state;
	struct endpoint_id	 ep;

	if (c == NULL || rec == NULL)
		return;
	if (composite_own(f)) {
		if (c->out.active)
			compalert_annotate(&c->out, &c->evs, rec);
		return;
	}
	if (f->ev == NULL)
		return;
	comp_learn(c, f->ev);
	if (identity_source(c->id, f->ev, &ep) == 0)
		compalert_endpoint(&ep, rec, 0);
}

void
composite_stats(const void *state, struct composite_stats *st)
{
	const struct composite	*c = state;
	const struct comp_rule	*cr;
	struct identity_stats	 is;
	size_t			 i;

	memset(st, 0, sizeof(*st));
	if (c == NULL)
		return;
	*st = c->st;
	st->memory = sizeof(*c) + COMP_EVIDENCE * sizeof(struct comp_ev);
	st->evictions = c->old_evictions;
	for (i = 0; i < c->nrules; i++) {
		cr = &c->rules[i];
		if (cr->incs == NULL)
			continue;
		if (cr->groups != NULL) {
			st->groups += lru_count(cr->groups);
			st->evictions += lru_evictions(cr->groups);
			st->memory += lru_memory(cr->groups);
		}
		if (cr->chain != NULL) {
			st->groups += compchain_count(cr->chain);
			st->evictions += compchain_evictions(cr->chain);
			st->memory += compchain_memory(cr->chain);
		}
		st->evictions += lru_evictions(cr->incs);
		st->memory += lru_memory(cr->incs);
	}
	identity_stats(c->id, &is);
	st->memory += is.memory;
	st->identities = is.ips + is.hosts;
	st->identity_evictions = is.evictions;
	st->identity_moves = is.moves;
}

static void
composite_tick(void *arg, int64_t now_ms)
{
	/* Windows are judged on contribution times, when they arrive. */
	(void)arg;
	(void)now_ms;
}

static void
composite_flush(void *arg)
{
	struct composite_stats	 st;

	if (log_getverbose() < 1)
		return;
	composite_stats(arg, &st);
	log_info("composite: %llu contributions, %llu alerts, %llu updates, "
	    "%llu folded, %zu groups, %llu evictions, %zu identities "
	    "(%llu evicted, %llu moves), %zu bytes",
	    (unsigned long long)st.contributions,
	    (unsigned long long)st.alerts, (unsigned long long)st.updates,
	    (unsigned long long)st.folded, st.groups,
	    (unsigned long long)st.evictions, st.identities,
	    (unsigned long long)st.identity_evictions,
	    (unsigned long long)st.identity_moves, st.memory);
}

/* The counters of composite_stats for the statistics file. */
static json_t *
composite_stats_json(void *state)
{
	struct composite_stats	 cs;

	composite_stats(state, &cs);
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	    "contributions", (json_int_t)cs.contributions,
	    "alerts", (json_int_t)cs.alerts,
	    "updates", (json_int_t)cs.updates,
	    "folded", (json_int_t)cs.folded, "groups", (json_int_t)cs.groups,
	    "evictions", (json_int_t)cs.evictions,
	    "memory", (json_int_t)cs.memory,
	    "identities", (json_int_t)cs.identities,
	    "identity_evictions", (json_int_t)cs.identity_evictions,
	    "identity_moves", (json_int_t)cs.identity_moves);
}

const struct rule_analyzer composite_rules = {
	.name = "composite",
	.option = comprule_option,
	.check = comprule_check,
};

const struct analyzer_ops analyzer_composite = {
	.name = "composite",
	.flags = ANALYZER_REVISES,
	.rules = &composite_rules,
	.new = composite_new,
	.free = composite_free,
	.reload = composite_reload,
	.process = composite_process,
	.tick = composite_tick,
	.flush = composite_flush,
	.annotate = composite_annotate,
	.finding = composite_finding,
	.remote = composite_remote,
	.contribution = composite_contribution,
	.hand_save = composite_hand_save,
	.hand_line = composite_hand_line,
	.stats = composite_stats_json,
};
