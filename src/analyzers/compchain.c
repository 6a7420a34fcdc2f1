/*
 * Propagation paths: see compchain.h.  Each endpoint's node keeps its
 * latest findings, the edges that reached it and the endpoints it
 * reached.  A path is searched backwards from a finding: through an edge
 * into its endpoint, to the endpoint that edge came from, and so on,
 * depth-first with a bound on the work of one search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/compchain.h"
#include "analyzers/lru.h"
#include "util/hash.h"
#include "util/log.h"

#define CC_SEED		0x636f6d70636861ULL
#define CC_BUDGET	512	/* nodes visited by one search */
#define CC_SAME_MS	60000	/* repeated edges closer than this are one */

struct cc_edge {
	int64_t		 t;
	uint64_t	 evref;
	char		 key[IDENTITY_KEY_LEN];
};

struct cc_node {
	char		 key[IDENTITY_KEY_LEN];
	uint8_t		 nf, nin, nout;
	struct comp_item f[COMPCHAIN_NODE_F];
	struct cc_edge	 in[COMPCHAIN_NODE_E];
	struct cc_edge	 out[COMPCHAIN_NODE_E];
};

struct compchain {
	struct lru	*nodes;
};

struct cc_search {
	struct compchain *c;
	int64_t		 window;
	int		 budget;
	struct comp_path cur;		/* last endpoint first */
	struct comp_path best;		/* first endpoint first */
};

struct compchain *
compchain_new(size_t max)
{
	struct compchain	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	if ((c->nodes = lru_new(sizeof(struct cc_node), max, NULL, NULL)) ==
	    NULL) {
		free(c);
		return NULL;
	}
	return c;
}

void
compchain_free(struct compchain *c)
{
	if (c == NULL)
		return;
	lru_free(c->nodes);
	free(c);
}

/* A key copied, cut to size: snprintf costs more on every edge. */
static void
cc_copy(char *dst, size_t size, const char *src)
{
	size_t	 n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static struct cc_node *
cc_node(struct compchain *c, const char *key, int create)
{
	struct cc_node	*n;
	uint64_t	 h = hash64(key, strlen(key), CC_SEED);
	int		 created = 0;

	n = create ? lru_put(c->nodes, h, &created) : lru_get(c->nodes, h);
	if (n == NULL)
		return NULL;
	if (!created && strcmp(n->key, key) != 0) {
		if (!create)
			return NULL;
		memset(n, 0, sizeof(*n));
	}
	if (created || n->key[0] == '\0')
		cc_copy(n->key, sizeof(n->key), key);
	return n;
}

/* Slot for something at time t in an array kept by latest times. */
static int
cc_slot(const int64_t *times, size_t stride, uint8_t *n, size_t max,
    int64_t t)
{
	size_t	 i, old = 0;

	if (*n < max)
		return (*n)++;
	for (i = 1; i < *n; i++)
		if (*(const int64_t *)((const char *)times + i * stride) <
		    *(const int64_t *)((const char *)times + old * stride))
			old = i;
	if (*(const int64_t *)((const char *)times + old * stride) > t)
		return -1;
	return (int)old;
}

/*
 * Of each rule's findings on an endpoint the first and the latest are
 * kept: a beacon every minute must not push out the finding that came
 * before the endpoint reached the next one.  When the node is full the
 * oldest finding goes.
 */
void
compchain_finding(struct compchain *c, const char *key,
    const struct comp_item *it)
{
	struct cc_node	*n;
	size_t		 i, same = 0, last = 0;
	int		 k;

	if ((n = cc_node(c, key, 1)) == NULL)
		return;
	for (i = 0; i < n->nf; i++)
		if (n->f[i].rule == it->rule) {
			if (same++ == 0 || n->f[i].t > n->f[last].t)
				last = i;
		}
	if (same >= 2) {
		if (it->t > n->f[last].t)
			n->f[last] = *it;
		return;
	}
	if ((k = cc_slot(&n->f[0].t, sizeof(n->f[0]), &n->nf,
	    COMPCHAIN_NODE_F, it->t)) >= 0)
		n->f[k] = *it;
}

static void
cc_add_edge(struct cc_edge *e, uint8_t *ne, const char *key, int64_t t,
    uint64_t evref, int64_t same_ms)
{
	size_t	 k;
	int	 i;

	for (k = 0; k < *ne; k++)
		if (strcmp(e[k].key, key) == 0 &&
		    llabs(e[k].t - t) < same_ms)
			return;
	if ((i = cc_slot(&e[0].t, sizeof(e[0]), ne, COMPCHAIN_NODE_E,
	    t)) < 0)
		return;
	e[i].t = t;
	e[i].evref = evref;
	cc_copy(e[i].key, sizeof(e[i].key), key);
}

void
compchain_edge(struct compchain *c, const char *from, const char *to,
    int64_t t, uint64_t evref)
{
	struct cc_node	*n;

	if (strcmp(from, to) == 0)
		return;
	/* One at a time: lru_put may move the other's payload. */
	if ((n = cc_node(c, to, 1)) != NULL)
		cc_add_edge(n->in, &n->nin, from, t, evref, CC_SAME_MS);
	if ((n = cc_node(c, from, 1)) != NULL)
		cc_add_edge(n->out, &n->nout, to, t, evref, INT64_MAX);
}

static int
cc_on_path(const struct cc_search *s, size_t depth, const char *key)
{
	size_t	 i;

	for (i = 0; i < depth; i++)
		if (strcmp(s->cur.hop[i].key, key) == 0)
			return 1;
	return 0;
}

static void
cc_record(struct cc_search *s, size_t len)
{
	size_t	 i;

	if (len <= s->best.n)
		return;
	s->best.n = len;
	for (i = 0; i < len; i++)
		s->best.hop[i] = s->cur.hop[len - 1 - i];
}

/* Latest finding in [lo, hi], or earliest when earliest is set. */
static const struct comp_item *
cc_finding_in(const struct cc_node *n, int64_t lo, int64_t hi, int earliest)
{
	const struct comp_item	*best = NULL;
	size_t			 i;

	for (i = 0; i < n->nf; i++) {
		if (n->f[i].t < lo || n->f[i].t > hi)
			continue;
		if (best == NULL || (earliest ? n->f[i].t < best->t :
		    n->f[i].t > best->t))
			best = &n->f[i];
	}
	return best;
}

static void	cc_search_node(struct cc_search *, const struct cc_node *,
		    int64_t, size_t);

/* Edges into hop depth's endpoint x, up to t, each searched further. */
static void
cc_search_in(struct cc_search *s, const struct cc_node *x, int64_t t,
    size_t depth)
{
	const struct cc_node	*y;
	size_t			 i;

	if (depth + 1 >= COMP_MAXPATH)
		return;
	for (i = 0; i < x->nin; i++) {
		if (x->in[i].t > t || x->in[i].t < t - s->window ||
		    cc_on_path(s, depth + 1, x->in[i].key))
			continue;
		if ((y = cc_node(s->c, x->in[i].key, 0)) == NULL)
			continue;
		s->cur.hop[depth].reached = x->in[i].t;
		s->cur.hop[depth].edge_evref = x->in[i].evref;
		cc_search_node(s, y, x->in[i].t, depth + 1);
	}
	s->cur.hop[depth].reached = 0;
	s->cur.hop[depth].edge_evref = 0;
}

/* x reached the endpoint of hop depth - 1 at t_out. */
static void
cc_search_node(struct cc_search *s, const struct cc_node *x, int64_t t_out,
    size_t depth)
{
	const struct comp_item	*f;
	struct comp_hop		*h = &s->cur.hop[depth];
	size_t			 i;

	if (s->budget-- <= 0)
		return;
	cc_copy(h->key, sizeof(h->key), x->key);
	h->reached = 0;
	h->edge_evref = 0;
	/* The first endpoint: a finding before it reached the next. */
	if ((f = cc_finding_in(x, t_out - s->window, t_out, 0)) != NULL) {
		h->f = *f;
		cc_record(s, depth + 1);
	}
	/* Or reached itself, with a finding after that. */
	for (i = 0; i < x->nin && depth + 1 < COMP_MAXPATH; i++) {
		if (x->in[i].t > t_out || x->in[i].t < t_out - s->window ||
		    (f = cc_finding_in(x, x->in[i].t, x->in[i].t + s->window,
		    1)) == NULL)
			continue;
		h->f = *f;
		cc_search_in(s, x, x->in[i].t, depth);
		cc_copy(h->key, sizeof(h->key), x->key);
	}
}

size_t
compchain_path(struct compchain *c, const char *key, int64_t window_ms,
    struct comp_path *out)
{
	struct cc_search	*s;
	const struct cc_node	*x;
	const struct comp_item	*f;
	size_t			 n;

	out->n = 0;
	if ((x = cc_node(c, key, 0)) == NULL ||
	    (f = cc_finding_in(x, INT64_MIN, INT64_MAX, 0)) == NULL)
		return 0;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_warn("%s", __func__);
		return 0;
	}
	s->c = c;
	s->window = window_ms;
	s->budget = CC_BUDGET;
	cc_copy(s->cur.hop[0].key, sizeof(s->cur.hop[0].key), x->key);
	s->cur.hop[0].f = *f;
	cc_record(s, 1);
	cc_search_in(s, x, f->t, 0);
	*out = s->best;
	n = s->best.n;
	free(s);
	return n;
}

size_t
compchain_next(struct compchain *c, const char *key,
    char (*keys)[IDENTITY_KEY_LEN], size_t max)
{
	const struct cc_node	*x;
	size_t			 i, n = 0;

	if ((x = cc_node(c, key, 0)) == NULL)
		return 0;
	for (i = 0; i < x->nout && n < max; i++)
		cc_copy(keys[n++], IDENTITY_KEY_LEN, x->out[i].key);
	return n;
}

size_t
compchain_count(const struct compchain *c)
{
	return lru_count(c->nodes);
}

uint64_t
compchain_evictions(const struct compchain *c)
{
	return lru_evictions(c->nodes);
}

size_t
compchain_memory(const struct compchain *c)
{
	return sizeof(*c) + lru_memory(c->nodes);
}
