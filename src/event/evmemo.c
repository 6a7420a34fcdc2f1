/*
 * The per-line memo of shared test results: see evmemo.h.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "event/evmemo.h"
#include "util/log.h"

/* Enough for the distinct shared questions of the shipped rules, twice. */
#define EVMEMO_SLOTS	64

/*
 * An entry, written by one thread at a time and read by any: its
 * version is odd while it is written, and a reader that finds it odd,
 * or changed once it has read the rest, takes no answer from it (and
 * works the answer out: a memo changes the work, never the answer).
 * A memo not shared leaves the version at 0 and its readers ignore it.
 */
struct evmemo_ent {
	_Atomic uint64_t	 ver;
	_Atomic uint64_t	 gen;		/* 0: never written */
	_Atomic uintptr_t	 a;
	_Atomic uintptr_t	 b;
	_Atomic uintptr_t	 val;
};

struct evmemo {
	struct evmemo_ent	 e[EVMEMO_SLOTS];
	int			 shared;	/* evmemo_share: threads */
};

struct evmemo *
evmemo_new(void)
{
	struct evmemo	*m;
	size_t		 i;

	if ((m = calloc(1, sizeof(*m))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	for (i = 0; i < EVMEMO_SLOTS; i++) {
		atomic_init(&m->e[i].ver, 0);
		atomic_init(&m->e[i].gen, 0);
		atomic_init(&m->e[i].a, 0);
		atomic_init(&m->e[i].b, 0);
		atomic_init(&m->e[i].val, 0);
	}
	return m;
}

void
evmemo_share(struct evmemo *m)
{
	m->shared = 1;
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
	struct evmemo_ent	*e;
	uint64_t		 v = 0;
	uintptr_t		 ea, eb, ev_val;
	int			 shared;

	if (ev->memo == NULL || ev->gen == 0)
		return 0;
	e = evmemo_slot(ev->memo, a, b);
	shared = ev->memo->shared;
	if (shared &&
	    ((v = atomic_load_explicit(&e->ver, memory_order_acquire)) & 1))
		return 0;
	if (atomic_load_explicit(&e->gen, memory_order_relaxed) != ev->gen)
		return 0;
	ea = atomic_load_explicit(&e->a, memory_order_relaxed);
	eb = atomic_load_explicit(&e->b, memory_order_relaxed);
	ev_val = atomic_load_explicit(&e->val, memory_order_relaxed);
	if (shared) {
		atomic_thread_fence(memory_order_acquire);
		if (atomic_load_explicit(&e->ver, memory_order_relaxed) != v)
			return 0;
	}
	if (ea != (uintptr_t)a || eb != (uintptr_t)b)
		return 0;
	*val = (const void *)ev_val;
	return 1;
}

void
evmemo_put(const struct logevent *ev, const void *a, const void *b,
    const void *val)
{
	struct evmemo_ent	*e;
	uint64_t		 v = 0;

	if (ev->memo == NULL || ev->gen == 0)
		return;
	e = evmemo_slot(ev->memo, a, b);
	/* One thread's memo has no reader to fence off: plain stores. */
	if (ev->memo->shared) {
		/* Another thread writing it: the answer is not kept. */
		v = atomic_load_explicit(&e->ver, memory_order_relaxed);
		if ((v & 1) || !atomic_compare_exchange_strong_explicit(
		    &e->ver, &v, v + 1, memory_order_acquire,
		    memory_order_relaxed))
			return;
		/*
		 * The odd version is seen before any of the stores below: a
		 * reader that reads one of them then finds the version moved
		 * (its acquire fence pairs with this one).  The exchange's
		 * acquire alone orders the stores after it on this thread
		 * only.
		 */
		atomic_thread_fence(memory_order_release);
	}
	atomic_store_explicit(&e->gen, ev->gen, memory_order_relaxed);
	atomic_store_explicit(&e->a, (uintptr_t)a, memory_order_relaxed);
	atomic_store_explicit(&e->b, (uintptr_t)b, memory_order_relaxed);
	atomic_store_explicit(&e->val, (uintptr_t)val, memory_order_relaxed);
	if (ev->memo->shared)
		atomic_store_explicit(&e->ver, v + 2, memory_order_release);
}
