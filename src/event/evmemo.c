/*
 * The per-line memo of shared test results: see evmemo.h.
 */
#include <stdint.h>
#include <stdlib.h>

#include "event/evmemo.h"
#include "util/log.h"

/* Enough for the distinct shared questions of the shipped rules, twice. */
#define EVMEMO_SLOTS	64

struct evmemo_ent {
	uint64_t	 gen;		/* 0: never written */
	const void	*a;
	const void	*b;
	const void	*val;
};

struct evmemo {
	struct evmemo_ent	 e[EVMEMO_SLOTS];
};

static _Thread_local struct evmemo	*evmemo_mine;

void
evmemo_own(struct evmemo *m)
{
	evmemo_mine = m;
}

/* The memo of ev's answers on this thread; NULL: none. */
static struct evmemo *
evmemo_of(const struct logevent *ev)
{
	if (ev->memo == NULL || ev->gen == 0)
		return NULL;
	return evmemo_mine != NULL ? evmemo_mine : ev->memo;
}

struct evmemo *
evmemo_new(void)
{
	struct evmemo	*m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		log_warn("%s", __func__);
	return m;
}

void
evmemo_free(struct evmemo *m)
{
	free(m);
}

static struct evmemo_ent *
evmemo_slot(struct evmemo *m, const void *a, const void *b)
{
	uint64_t	 h;

	/* Objects are 8-aligned: the low bits carry nothing. */
	h = ((uint64_t)(uintptr_t)a >> 3) * 0x9e3779b97f4a7c15ULL ^
	    ((uint64_t)(uintptr_t)b >> 3) * 0xc2b2ae3d27d4eb4fULL;
	return &m->e[(h >> 32) % EVMEMO_SLOTS];
}

int
evmemo_get(const struct logevent *ev, const void *a, const void *b,
    const void **val)
{
	const struct evmemo_ent	*e;
	struct evmemo		*m = evmemo_of(ev);

	if (m == NULL)
		return 0;
	e = evmemo_slot(m, a, b);
	if (e->gen != ev->gen || e->a != a || e->b != b)
		return 0;
	*val = e->val;
	return 1;
}

void
evmemo_put(const struct logevent *ev, const void *a, const void *b,
    const void *val)
{
	struct evmemo_ent	*e;
	struct evmemo		*m = evmemo_of(ev);

	if (m == NULL)
		return;
	e = evmemo_slot(m, a, b);
	e->gen = ev->gen;
	e->a = a;
	e->b = b;
	e->val = val;
}
