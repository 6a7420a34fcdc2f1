/*
 * The index of rules by the logs they name (matchlog.h): buckets per
 * format and event id, each with its ungated rules, a bitmap of its
 * gated ones and the lazy prefilter groups they need.  Owns the
 * buckets; borrows the rule set, its rules and its prefilter.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/hash.h"
#include "util/log.h"
#include "event/logevent.h"
#include "rules/cond.h"
#include "rules/prefilter.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "rules/sfield.h"
#include "rules/sigma.h"
#include "analyzers/matchlog.h"

/* Gate ids a rule may give (a Sigma value list can be long). */
#define MATCHLOG_GATE_MAX	65536

struct matchlog_bucket {
	int32_t		 eid;		/* -1: the format's other events */
	uint32_t	*always;
	size_t		 nalways;
	uint64_t	*member;	/* gated rules, a bit per rule */
	size_t		 ngated;
	uint32_t	*groups;	/* lazy prefilter groups to scan */
	size_t		 ngroups;
	uint32_t	 last;		/* building: last rule added, + 1 */
};

/*
 * A format's buckets: one per event id named and channel named, and
 * one for the others of each: bucket (e, c) is base + e * (nchans + 1)
 * + c, e = neids and c = nchans standing for the others.
 */
struct matchlog_fmt {
	char		*name;
	const char	*seen;		/* an event's format pointer for it */
	int32_t		*eids;		/* sorted */
	size_t		 neids;
	char		**chans;
	uint64_t	*chash;		/* of each channel, lowercased */
	size_t		 nchans;
	uint32_t	 base;
};

struct matchlog {
	const struct ruleset	*rs;
	struct matchlog_fmt	*fmts;
	size_t			 nfmts;
	struct matchlog_bucket	*b;
	size_t			 nb;
	size_t			 words;
	uint32_t		*ids;		/* building: cond_gate scratch */
};

static void
matchlog_chans_free(struct matchlog_fmt *f)
{
	size_t	 i;

	for (i = 0; i < f->nchans; i++)
		free(f->chans[i]);
	free(f->chans);
	free(f->chash);
}

void
matchlog_free(struct matchlog *ml)
{
	size_t	 i;

	if (ml == NULL)
		return;
	for (i = 0; i < ml->nfmts; i++) {
		free(ml->fmts[i].name);
		free(ml->fmts[i].eids);
		matchlog_chans_free(&ml->fmts[i]);
	}
	for (i = 0; i < ml->nb; i++) {
		free(ml->b[i].always);
		free(ml->b[i].member);
		free(ml->b[i].groups);
	}
	free(ml->fmts);
	free(ml->b);
	free(ml->ids);
	free(ml);
}

static int
matchlog_push32(uint32_t **v, size_t *n, uint32_t x)
{
	uint32_t	*nv;

	if ((*n & (*n - 1)) == 0) {
		if ((nv = reallocarray(*v, *n ? *n * 2 : 1, sizeof(*nv))) ==
		    NULL)
			return -1;
		*v = nv;
	}
	(*v)[(*n)++] = x;
	return 0;
}

static struct matchlog_fmt *
matchlog_fmt(struct matchlog *ml, const char *name, int add)
{
	struct matchlog_fmt	*nf;
	size_t			 i;

	for (i = 0; i < ml->nfmts; i++)
		if (strcmp(ml->fmts[i].name, name) == 0)
			return &ml->fmts[i];
	if (!add || (nf = reallocarray(ml->fmts, ml->nfmts + 1,
	    sizeof(*nf))) == NULL)
		return NULL;
	ml->fmts = nf;
	memset(&nf[ml->nfmts], 0, sizeof(*nf));
	if ((nf[ml->nfmts].name = strdup(name)) == NULL)
		return NULL;
	return &nf[ml->nfmts++];
}

static int
matchlog_eid_add(struct matchlog_fmt *f, int32_t eid)
{
	int32_t	*ne;
	size_t	 i;

	for (i = 0; i < f->neids; i++)
		if (f->eids[i] == eid)
			return 0;
	if ((ne = reallocarray(f->eids, f->neids + 1, sizeof(*ne))) == NULL)
		return -1;
	f->eids = ne;
	ne[f->neids++] = eid;
	return 0;
}

static int
matchlog_chan_add(struct matchlog_fmt *f, const char *ch)
{
	char		**nc;
	uint64_t	 *nh, h = hash64_lower(ch, strlen(ch), 0);
	size_t		  i;

	for (i = 0; i < f->nchans; i++)
		if (f->chash[i] == h && strcasecmp(f->chans[i], ch) == 0)
			return 0;
	if ((nc = reallocarray(f->chans, f->nchans + 1, sizeof(*nc))) == NULL)
		return -1;
	f->chans = nc;
	if ((nh = reallocarray(f->chash, f->nchans + 1, sizeof(*nh))) == NULL)
		return -1;
	f->chash = nh;
	if ((nc[f->nchans] = strdup(ch)) == NULL)
		return -1;
	nh[f->nchans++] = h;
	return 0;
}

static int
matchlog_i32cmp(const void *a, const void *b)
{
	int32_t	 x = *(const int32_t *)a, y = *(const int32_t *)b;

	return x < y ? -1 : x > y;
}

static int
matchlog_wanted(const struct rule *r, int (*wanted)(const struct rule *))
{
	return r->nwhere > 0 && wanted(r);
}

/* Each where of the rules wanted, with the rule's index: fn. */
static int
matchlog_walk(struct matchlog *ml, int (*wanted)(const struct rule *),
    const uint8_t *gated, int (*fn)(struct matchlog *,
    const struct rule_where *, uint32_t, int))
{
	const struct rule	*r;
	size_t			 i, j;

	for (i = 0; i < ml->rs->nrules; i++) {
		r = ml->rs->rules[i];
		if (!matchlog_wanted(r, wanted))
			continue;
		for (j = 0; j < r->nwhere; j++)
			if (fn(ml, &r->where[j], i, gated != NULL ?
			    gated[i] : 0) == -1)
				return -1;
	}
	return 0;
}

/* The format, event id and channel a where names, noted. */
static int
matchlog_note(struct matchlog *ml, const struct rule_where *w, uint32_t ri,
    int gated)
{
	struct matchlog_fmt	*f;

	(void)ri;
	(void)gated;
	if ((f = matchlog_fmt(ml, w->format, 1)) == NULL ||
	    (w->eid != -1 && matchlog_eid_add(f, w->eid) == -1) ||
	    (w->channel != NULL && matchlog_chan_add(f, w->channel) == -1))
		return -1;
	return 0;
}

/* A bucket per event id and channel of each format, and the others. */
static int
matchlog_buckets(struct matchlog *ml)
{
	struct matchlog_fmt	*f;
	size_t			 i, j, nb = 0, n;

	for (i = 0; i < ml->nfmts; i++)
		nb += (ml->fmts[i].neids + 1) * (ml->fmts[i].nchans + 1);
	ml->words = (ml->rs->nrules + 63) / 64;
	if ((ml->b = calloc(nb ? nb : 1, sizeof(*ml->b))) == NULL)
		return -1;
	for (i = 0; i < ml->nfmts; i++) {
		f = &ml->fmts[i];
		if (f->neids > 1)
			qsort(f->eids, f->neids, sizeof(*f->eids),
			    matchlog_i32cmp);
		f->base = ml->nb;
		n = (f->neids + 1) * (f->nchans + 1);
		for (j = 0; j < n; j++, ml->nb++) {
			ml->b[ml->nb].eid = j / (f->nchans + 1) < f->neids ?
			    f->eids[j / (f->nchans + 1)] : -1;
			if ((ml->b[ml->nb].member = calloc(ml->words ?
			    ml->words : 1, sizeof(uint64_t))) == NULL)
				return -1;
		}
	}
	return 0;
}

static int
matchlog_group_add(struct matchlog_bucket *b, uint32_t g)
{
	size_t	 i;

	for (i = 0; i < b->ngroups; i++)
		if (b->groups[i] == g)
			return 0;
	return matchlog_push32(&b->groups, &b->ngroups, g);
}

/*
 * Whether a lazy group's field is read in the bucket's lines: a Sigma
 * field is scoped to the log source (target) that reads it, and a rule
 * of several targets is gated by the fields of all; in a bucket only
 * those of the targets its lines may be count.
 */
static int
matchlog_scope_fits(const struct matchlog_fmt *f, size_t e, size_t c,
    const void *key)
{
	const void	*scope = sfield_key_scope(key);

	if (scope == NULL)
		return 1;
	return sigma_scope_covers(scope, f->name, e < f->neids ?
	    f->eids[e] : -1, c < f->nchans ? f->chans[c] : NULL);
}

/* Rule ri into bucket (f, e, c): ungated, or a member with its groups. */
static int
matchlog_put(struct matchlog *ml, const struct matchlog_fmt *f, size_t e,
    size_t c, uint32_t ri, int gated)
{
	struct matchlog_bucket	*b = &ml->b[f->base + e * (f->nchans + 1) +
				    c];
	const struct prefilter	*pf = ml->rs->pf;
	size_t			 n = 0, i;
	uint32_t		 g;

	if (b->last == ri + 1)
		return 0;
	b->last = ri + 1;
	if (!gated)
		return matchlog_push32(&b->always, &b->nalways, ri);
	b->member[ri / 64] |= 1ULL << (ri % 64);
	b->ngated++;
	if (!cond_gate(ml->rs->rules[ri]->cond, ml->ids, MATCHLOG_GATE_MAX,
	    &n))
		return 0;
	for (i = 0; i < n; i++) {
		g = prefilter_group(pf, ml->ids[i]);
		if (prefilter_group_lazy(pf, g) && matchlog_scope_fits(f, e, c,
		    prefilter_group_key(pf, g)) &&
		    matchlog_group_add(b, g) == -1)
			return -1;
	}
	return 0;
}

/* The index of eid among the format's, or neids for the others. */
static size_t
matchlog_eix(const struct matchlog_fmt *f, int32_t eid)
{
	size_t	 lo = 0, hi = f->neids, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (f->eids[mid] == eid)
			return mid;
		if (f->eids[mid] < eid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return f->neids;
}

/* The index of a channel (ASCII case ignored), or nchans. */
static size_t
matchlog_cix(const struct matchlog_fmt *f, struct slice ch)
{
	uint64_t	 h;
	size_t		 i;

	if (f->nchans == 0 || ch.len == 0)
		return f->nchans;
	h = hash64_lower(ch.p, ch.len, 0);
	for (i = 0; i < f->nchans; i++)
		if (f->chash[i] == h && slice_caseeq(ch, f->chans[i]))
			return i;
	return f->nchans;
}

static struct matchlog_bucket *
matchlog_at(const struct matchlog *ml, const struct matchlog_fmt *f,
    size_t e, size_t c)
{
	return &ml->b[f->base + e * (f->nchans + 1) + c];
}

/* Rule ri into every bucket one of its wheres covers. */
static int
matchlog_where(struct matchlog *ml, const struct rule_where *w, uint32_t ri,
    int gated)
{
	struct matchlog_fmt	*f = matchlog_fmt(ml, w->format, 0);
	size_t			 e0, e1, c0, c1, e, c;

	e0 = w->eid == -1 ? 0 : matchlog_eix(f, w->eid);
	e1 = w->eid == -1 ? f->neids : e0;
	c0 = w->channel == NULL ? 0 : matchlog_cix(f, slice_cstr(w->channel));
	c1 = w->channel == NULL ? f->nchans : c0;
	for (e = e0; e <= e1; e++)
		for (c = c0; c <= c1; c++)
			if (matchlog_put(ml, f, e, c, ri, gated) == -1)
				return -1;
	return 0;
}

struct matchlog *
matchlog_new(const struct ruleset *rs, const uint8_t *gated,
    int (*wanted)(const struct rule *))
{
	struct matchlog	*ml;

	if ((ml = calloc(1, sizeof(*ml))) == NULL ||
	    (ml->ids = calloc(MATCHLOG_GATE_MAX, sizeof(*ml->ids))) == NULL)
		goto fail;
	ml->rs = rs;
	if (matchlog_walk(ml, wanted, NULL, matchlog_note) == -1 ||
	    matchlog_buckets(ml) == -1 ||
	    matchlog_walk(ml, wanted, gated, matchlog_where) == -1)
		goto fail;
	free(ml->ids);
	ml->ids = NULL;
	return ml;
fail:
	log_warn("%s", __func__);
	matchlog_free(ml);
	return NULL;
}

const struct matchlog_bucket *
matchlog_begin(struct matchlog *ml, const struct logevent *ev)
{
	struct matchlog_fmt	*f = NULL;
	struct matchlog_bucket	*b;
	struct prefilter	*pf = ml->rs->pf;
	size_t			 i;

	if (ml->nfmts == 0 || ev->format == NULL)
		return NULL;
	for (i = 0; i < ml->nfmts && f == NULL; i++)
		if (ml->fmts[i].seen == ev->format)
			f = &ml->fmts[i];
	for (i = 0; i < ml->nfmts && f == NULL; i++)
		if (strcmp(ml->fmts[i].name, ev->format) == 0) {
			f = &ml->fmts[i];
			f->seen = ev->format;
		}
	if (f == NULL)
		return NULL;
	b = matchlog_at(ml, f, matchlog_eix(f, ev->win_event_id),
	    matchlog_cix(f, ev->win_channel));
	for (i = 0; i < b->ngroups; i++)
		prefilter_scan_group(pf, b->groups[i], sfield_key_value(
		    prefilter_group_key(pf, b->groups[i]), ev));
	return b;
}

int
matchlog_has(const struct matchlog_bucket *b, uint32_t ri)
{
	return b != NULL && (b->member[ri / 64] >> (ri % 64)) & 1;
}

const uint32_t *
matchlog_always(const struct matchlog_bucket *b, size_t *n)
{
	*n = b != NULL ? b->nalways : 0;
	return b != NULL ? b->always : NULL;
}

size_t
matchlog_ngated(const struct matchlog_bucket *b)
{
	return b != NULL ? b->ngated : 0;
}
