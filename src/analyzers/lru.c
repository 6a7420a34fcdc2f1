/*
 * Bounded hash table with CLOCK (second-chance) eviction: see lru.h.
 * Entries sit in one array that grows by doubling up to the cap; chains
 * and the free list are 32-bit indices into it, so growing the array
 * moves nothing that links would have to follow.
 *
 * An exact LRU relinks a doubly-linked list on every hit, which touches
 * the entry's two neighbours and the head: three cache lines at random
 * places in a table of millions.  CLOCK sets a reference bit in the
 * entry's own header instead, and pays at eviction time: the hand walks
 * the array in order, clearing set bits, and takes the first entry
 * whose bit was clear (it was not used since the hand last passed).
 * Everything depends only on the order of calls, so it is deterministic.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzers/lru.h"
#include "util/bigmem.h"
#include "util/log.h"

#define LRU_NIL		UINT32_MAX
#define LRU_MIN		64

struct lru_ent {
	uint64_t	 key;
	uint32_t	 hnext;		/* hash chain, or free list */
	uint8_t		 used;
	uint8_t		 ref;		/* used since the hand passed */
	uint16_t	 pad;
};

struct lru {
	unsigned char	*ents;
	size_t		 esize;
	size_t		 alloc;		/* entries allocated */
	size_t		 nused;		/* entries ever handed out */
	size_t		 n;		/* live entries */
	size_t		 cap;
	uint32_t	*buckets;
	size_t		 nbuckets;	/* power of two */
	unsigned int	 shift;		/* 64 - log2(nbuckets) */
	uint32_t	 hand, freelist;
	uint64_t	 evictions;
	lru_drop_fn	 drop;
	void		*arg;
	lru_hint_fn	 hint;
};

static struct lru_ent *
lru_ent(const struct lru *l, uint32_t i)
{
	return (struct lru_ent *)(l->ents + (size_t)i * l->esize);
}

static uint32_t
lru_index(const struct lru *l, const void *payload)
{
	const unsigned char *p = (const unsigned char *)payload -
	    sizeof(struct lru_ent);

	return (uint32_t)((size_t)(p - l->ents) / l->esize);
}

static void *
lru_payload(const struct lru *l, uint32_t i)
{
	return (unsigned char *)lru_ent(l, i) + sizeof(struct lru_ent);
}

/*
 * The bucket of a key: the top bits of its product with an odd
 * constant (Fibonacci hashing), a multiply and a shift where the
 * caller's hashes are well mixed already, and still spread when they
 * are not.  Only called while there are buckets.
 */
static inline size_t
lru_bucket(const struct lru *l, uint64_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> l->shift);
}

struct lru *
lru_new(size_t payload_size, size_t cap, lru_drop_fn drop, void *arg)
{
	struct lru	*l;

	if (cap == 0 || cap >= LRU_NIL) {
		log_warnx("%s: bad capacity %zu", __func__, cap);
		return NULL;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	l->esize = sizeof(struct lru_ent) + ((payload_size + 7) & ~(size_t)7);
	l->cap = cap;
	l->freelist = LRU_NIL;
	l->drop = drop;
	l->arg = arg;
	return l;
}

void
lru_free(struct lru *l)
{
	uint32_t	 i;

	if (l == NULL)
		return;
	if (l->drop != NULL)
		for (i = 0; i < l->nused; i++)
			if (lru_ent(l, i)->used)
				l->drop(l->arg, lru_payload(l, i));
	bigmem_free(l->ents, l->alloc * l->esize);
	bigmem_free(l->buckets, l->nbuckets * sizeof(*l->buckets));
	free(l);
}

static int
lru_rehash(struct lru *l, size_t nb)
{
	uint32_t	*b, i;
	struct lru_ent	*e;
	size_t		 h;

	if ((b = bigmem_alloc(nb * sizeof(*b))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	memset(b, 0xff, nb * sizeof(*b));
	bigmem_free(l->buckets, l->nbuckets * sizeof(*l->buckets));
	l->buckets = b;
	l->nbuckets = nb;
	for (l->shift = 64; nb > 1; nb >>= 1)
		l->shift--;
	for (i = 0; i < l->nused; i++) {
		e = lru_ent(l, i);
		if (!e->used)
			continue;
		h = lru_bucket(l, e->key);
		e->hnext = b[h];
		b[h] = i;
	}
	return 0;
}

static int
lru_grow(struct lru *l)
{
	unsigned char	*ne;
	size_t		 na, nb;

	na = l->alloc ? l->alloc * 2 : LRU_MIN;
	if (na > l->cap)
		na = l->cap;
	if (na > SIZE_MAX / l->esize || (ne = bigmem_realloc(l->ents,
	    l->alloc * l->esize, na * l->esize)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	l->ents = ne;
	l->alloc = na;
	/* Two buckets an entry: short chains, each step a cache miss. */
	for (nb = l->nbuckets ? l->nbuckets : LRU_MIN; nb < 2 * na; nb *= 2)
		;
	if (nb != l->nbuckets)
		return lru_rehash(l, nb);
	return 0;
}

/* The entry of key, marked used, or NULL; lru_get and lru_put's. */
static inline void *
lru_hit(struct lru *l, uint64_t key)
{
	struct lru_ent	*e;
	uint32_t	 i;

	if (l->nbuckets == 0)
		return NULL;
	for (i = l->buckets[lru_bucket(l, key)]; i != LRU_NIL; i = e->hnext) {
		e = lru_ent(l, i);
		if (e->key != key)
			continue;
		/* A hit writes only its own header, the first time round. */
		if (!e->ref)
			e->ref = 1;
		return lru_payload(l, i);
	}
	return NULL;
}

void *
lru_get(struct lru *l, uint64_t key)
{
	return lru_hit(l, key);
}

void
lru_prefetch(const struct lru *l, uint64_t key)
{
	if (l->nbuckets > 0)
		__builtin_prefetch(&l->buckets[lru_bucket(l, key)]);
}

void
lru_prefetch_entry(const struct lru *l, uint64_t key)
{
	const unsigned char	*p;
	uint32_t		 i;
	size_t			 o;

	if (l->nbuckets == 0 ||
	    (i = l->buckets[lru_bucket(l, key)]) == LRU_NIL)
		return;
	p = (const unsigned char *)lru_ent(l, i);
	/* The whole entry: a beacon pair is four cache lines. */
	for (o = 0; o < l->esize && o < 256; o += 64)
		__builtin_prefetch(p + o, 1);
}

static void
lru_unhash(struct lru *l, uint32_t i)
{
	struct lru_ent	*e = lru_ent(l, i);
	uint32_t	*pp;

	pp = &l->buckets[lru_bucket(l, e->key)];
	while (*pp != i)
		pp = &lru_ent(l, *pp)->hnext;
	*pp = e->hnext;
}

/*
 * A full table evicts on nearly every put, and an eviction waits on
 * memory three times: the victim's header, its bucket, and the chain
 * up to it.  The next victim is most likely the entry at the hand (a
 * table that evicts this often has few entries used twice): the
 * header of the entry after the hand is loaded now, and the bucket of
 * the entry at the hand, whose header the previous eviction loaded; by
 * the next put, both are in.  The caller's hint starts loading what
 * its drop function will touch (a key it frees).
 */
static void
lru_prefetch_victim(const struct lru *l)
{
	const struct lru_ent	*e;
	uint32_t		 i = l->hand;

	__builtin_prefetch(lru_ent(l, (uint32_t)((i + 1) % l->nused)));
	e = lru_ent(l, i);
	if (!e->used || e->ref)
		return;
	__builtin_prefetch(&l->buckets[lru_bucket(l, e->key)], 1);
	if (l->hint != NULL)
		l->hint(lru_payload(l, i));
}

void
lru_set_hint(struct lru *l, lru_hint_fn hint)
{
	l->hint = hint;
}

/*
 * The table is full: the hand takes the first entry not used since it
 * last passed, giving those that were a second chance.  Every entry is
 * in use (no free slot), so this ends within two turns.
 */
static uint32_t
lru_evict(struct lru *l)
{
	struct lru_ent	*e;
	uint32_t	 i;

	for (;;) {
		i = l->hand;
		l->hand = (uint32_t)((l->hand + 1) % l->nused);
		e = lru_ent(l, i);
		if (!e->used)
			continue;
		if (e->ref) {
			e->ref = 0;
			continue;
		}
		break;
	}
	if (l->drop != NULL)
		l->drop(l->arg, lru_payload(l, i));
	lru_unhash(l, i);
	l->n--;
	l->evictions++;
	lru_prefetch_victim(l);
	return i;
}

static uint32_t
lru_slot(struct lru *l)
{
	uint32_t	 i;

	if (l->freelist != LRU_NIL) {
		i = l->freelist;
		l->freelist = lru_ent(l, i)->hnext;
		return i;
	}
	if (l->nused == l->alloc && l->alloc < l->cap && lru_grow(l) == -1)
		return LRU_NIL;
	if (l->nused < l->alloc)
		return (uint32_t)l->nused++;
	return lru_evict(l);
}

void *
lru_put(struct lru *l, uint64_t key, int *created)
{
	struct lru_ent	*e;
	uint32_t	 i;
	size_t		 h;
	void		*p;

	if ((p = lru_hit(l, key)) != NULL) {
		*created = 0;
		return p;
	}
	*created = 1;
	if ((i = lru_slot(l)) == LRU_NIL)
		return NULL;
	e = lru_ent(l, i);
	memset(e, 0, l->esize);
	e->key = key;
	e->used = 1;
	h = lru_bucket(l, key);
	e->hnext = l->buckets[h];
	l->buckets[h] = i;
	l->n++;
	return lru_payload(l, i);
}

void
lru_remove(struct lru *l, void *payload)
{
	uint32_t	 i = lru_index(l, payload);

	lru_unhash(l, i);
	lru_ent(l, i)->used = 0;
	lru_ent(l, i)->ref = 0;
	lru_ent(l, i)->hnext = l->freelist;
	l->freelist = i;
	l->n--;
}

uint64_t
lru_key(const void *payload)
{
	const struct lru_ent *e = (const struct lru_ent *)(const void *)
	    ((const unsigned char *)payload - sizeof(struct lru_ent));

	return e->key;
}

/* The first entry in use from slot i on, within steps slots. */
static void *
lru_scan(const struct lru *l, size_t i, size_t steps)
{
	for (; steps > 0; steps--, i = (i + 1) % l->nused)
		if (lru_ent(l, (uint32_t)i)->used)
			return lru_payload(l, (uint32_t)i);
	return NULL;
}

/*
 * Clock order: from the hand round the array.  The hand is where the
 * next eviction looks first, so this is the oldest first as far as the
 * clock knows (creation order until the first eviction).
 */
void *
lru_oldest(const struct lru *l)
{
	return l->n == 0 ? NULL : lru_scan(l, l->hand, l->nused);
}

void *
lru_newer(const struct lru *l, const void *payload)
{
	size_t	 i = lru_index(l, payload);
	size_t	 pos = (i + l->nused - l->hand) % l->nused;

	return lru_scan(l, (i + 1) % l->nused, l->nused - 1 - pos);
}

size_t
lru_count(const struct lru *l)
{
	return l->n;
}

size_t
lru_cap(const struct lru *l)
{
	return l->cap;
}

uint64_t
lru_evictions(const struct lru *l)
{
	return l->evictions;
}

size_t
lru_memory(const struct lru *l)
{
	return sizeof(*l) + l->alloc * l->esize +
	    l->nbuckets * sizeof(*l->buckets);
}
