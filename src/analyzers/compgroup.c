/*
 * Composite windows: see compgroup.h.
 */
#include <string.h>

#include "analyzers/compgroup.h"

int
compgroup_add(struct comp_groupent *g, const struct comp_item *it,
    int per_endpoint)
{
	size_t	 i, old = 0;

	if (per_endpoint)
		for (i = 0; i < g->n; i++)
			if (g->items[i].ephash == it->ephash) {
				if (it->t >= g->items[i].t)
					g->items[i] = *it;
				return 0;
			}
	if (g->n < COMP_ITEMS) {
		g->items[g->n++] = *it;
		return 0;
	}
	for (i = 1; i < g->n; i++)
		if (g->items[i].t < g->items[old].t)
			old = i;
	if (it->t < g->items[old].t)
		return -1;
	g->items[old] = *it;
	return 0;
}

/* Sort indices by time, then by position (stable, tiny n). */
static void
cg_sort(const struct comp_groupent *g, size_t *sel, size_t n)
{
	size_t	 i, j, k;

	for (i = 1; i < n; i++) {
		k = sel[i];
		for (j = i; j > 0 && g->items[sel[j - 1]].t > g->items[k].t;
		    j--)
			sel[j] = sel[j - 1];
		sel[j] = k;
	}
}

/* Items in [lo, hi], sharing the last one's corr when asked. */
static size_t
cg_candidates(const struct comp_groupent *g, const struct comp_params *p,
    const struct comp_item *last, int64_t lo, size_t *cand)
{
	size_t	 i, n = 0;

	for (i = 0; i < g->n; i++) {
		if (g->items[i].t < lo || g->items[i].t > lo + p->window_ms)
			continue;
		if (p->same != CC_NONE && g->items[i].corr != last->corr)
			continue;
		cand[n++] = i;
	}
	cg_sort(g, cand, n);
	return n;
}

struct cg_order {
	const struct comp_groupent *g;
	const size_t	*cand;
	size_t		 ncand;
	size_t		 nsteps;
	size_t		 cur[COMP_MAXSTEPS], best[COMP_MAXSTEPS];
	size_t		 nbest;
};

/*
 * The most steps matched in order, times not decreasing.  For a chosen
 * set of steps the earliest item fitting each step is best, so only
 * which steps to take is searched (at most 2^8 ways).
 */
static void
cg_order_search(struct cg_order *o, size_t step, size_t depth, size_t from)
{
	size_t	 k;

	if (depth > o->nbest) {
		o->nbest = depth;
		memcpy(o->best, o->cur, sizeof(o->cur));
	}
	if (step == o->nsteps || depth + (o->nsteps - step) <= o->nbest)
		return;
	for (k = from; k < o->ncand; k++)
		if (o->g->items[o->cand[k]].steps & (1U << step)) {
			o->cur[depth] = o->cand[k];
			cg_order_search(o, step + 1, depth + 1, k + 1);
			break;
		}
	cg_order_search(o, step + 1, depth, from);
}

static size_t
cg_combination(const struct comp_groupent *g, const struct comp_params *p,
    const size_t *cand, size_t n, size_t *sel)
{
	struct cg_order	 o;
	uint32_t	 covered = 0;
	size_t		 i, m = 0;

	if (!p->ordered) {
		for (i = 0; i < n; i++)
			if (g->items[cand[i]].steps != 0) {
				covered |= g->items[cand[i]].steps;
				sel[m++] = cand[i];
			}
		return (size_t)__builtin_popcount(covered) >= p->count ? m : 0;
	}
	memset(&o, 0, sizeof(o));
	o.g = g;
	o.cand = cand;
	o.ncand = n;
	o.nsteps = p->nsteps;
	cg_order_search(&o, 0, 0, 0);
	if (o.nbest < p->count)
		return 0;
	memcpy(sel, o.best, o.nbest * sizeof(*sel));
	return o.nbest;
}

static size_t
cg_eval_window(const struct comp_groupent *g, const struct comp_params *p,
    const struct comp_item *last, int64_t lo, size_t *sel)
{
	size_t	 cand[COMP_ITEMS], n, i;

	n = cg_candidates(g, p, last, lo, cand);
	switch (p->kind) {
	case CK_COMBINATION:
		return cg_combination(g, p, cand, n, sel);
	case CK_CONTINUITY:
	case CK_SPREAD:
		/* Spread keeps one item per endpoint: items are endpoints. */
		if (n < p->count)
			return 0;
		for (i = 0; i < n; i++)
			sel[i] = cand[i];
		return n;
	case CK_PROPAGATION:
		break;
	}
	return 0;
}

/*
 * Every window of window_ms that holds the last contribution is tried,
 * each starting at a contribution kept: contributions may arrive out of
 * time order, so the last to arrive is not always the latest.
 */
size_t
compgroup_eval(const struct comp_groupent *g, const struct comp_params *p,
    const struct comp_item *last, size_t *sel)
{
	size_t	 order[COMP_ITEMS], i, k, n;

	if (p->same != CC_NONE && last->corr == 0)
		return 0;
	for (i = 0; i < g->n; i++)
		order[i] = i;
	cg_sort(g, order, g->n);
	for (k = 0; k < g->n; k++) {
		i = order[k];
		if (g->items[i].t > last->t ||
		    g->items[i].t < last->t - p->window_ms)
			continue;
		if ((n = cg_eval_window(g, p, last, g->items[i].t, sel)) > 0)
			return n;
	}
	return 0;
}
