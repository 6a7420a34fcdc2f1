/*
 * A cache of indicator-list answers, kept from line to line by the
 * value asked about: the destinations of an organisation's traffic
 * repeat (a few thousand names and addresses make most of an hour),
 * and a list lookup costs more than finding its answer again (a domain
 * is hashed once for itself and once for each parent, a URL split for
 * its host, an address parsed).
 *
 * An answer depends on nothing but the list and the value's bytes
 * (list_match), and an entry keeps a copy of the value, which a hit
 * compares whole: so the cache changes the work a lookup costs, never
 * its answer.  Values longer than LCACHE_VMAX bytes are not kept (a
 * user agent, a long URL): they are looked up every time.
 *
 * A cache belongs to one thread (an analyzer's instance); it is not
 * locked.  It names lists by address: whoever frees the lists (a rule
 * set replaced by a reload) clears it first.
 */
#ifndef DETECTD_LCACHE_H
#define DETECTD_LCACHE_H

#include "event/logevent.h"
#include "rules/list.h"

/* The longest value kept: an entry is one cache line. */
#define LCACHE_VMAX	38

struct lcache;

struct lcache		*lcache_new(void);
/* One of sets sets (a power of two) of two ways; lcache_new's: 8192. */
struct lcache		*lcache_new_sets(size_t sets);
void			 lcache_free(struct lcache *);
/* Forget every answer (the lists they came from are going away). */
void			 lcache_clear(struct lcache *);
/* list_match(l, s), from the cache when it holds the answer. */
const struct indicator	*lcache_match(struct lcache *, const struct list *,
			    struct slice);
/*
 * Start loading the set lcache_match(l, s) will read, ahead of its
 * turn (a few events before): the cache is larger than the caches of
 * the processor, and its sets are read at random.
 */
void			 lcache_prefetch(struct lcache *, const struct list *,
			    struct slice);

struct lcache_stats {
	uint64_t	 hits;
	uint64_t	 misses;		/* looked up, and kept */
	uint64_t	 passed;		/* too long to keep */
};
void			 lcache_stats(const struct lcache *,
			    struct lcache_stats *);

#endif
