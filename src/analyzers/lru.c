/*
 * Bounded hash table with CLOCK (second-chance) eviction: see lru.h.
 * Entries sit in one array that grows by doubling up to the cap; the
 * index and the free list name them by 32-bit indices into it, so
 * growing the array moves nothing that links would have to follow.
 *
 * The index is open-addressed (linear probing, at most half full), and
 * each slot holds, beside an entry's index, the high 32 bits of its
 * key's bucket product, from which the slot the key belongs in follows.
 * So a lookup reads an entry only when those bits agree (for another
 * key of the same bucket, the bits below the bucket's agree by chance:
 * once in 16,384 in an index of 2^18 slots), a key that is not there
 * almost never costs an entry read, and removing an entry (every put
 * of a full table evicts one) finds its slot and closes the gap
 * (backward shift) reading the index alone.  With chained buckets both
 * walked other entries' links, a cache miss each in a table of
 * millions.
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
#define LRU_CAP_MAX	((size_t)1 << 31)

struct lru_ent {
	uint64_t	 key;
	uint32_t	 hnext;		/* the free list */
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
	/* The index: 0 empty, else (tag << 32) | (entry index + 1). */
	uint64_t	*buckets;
	size_t		 nbuckets;	/* power of two, at most 2^32 */
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

/* The high half of the product, kept in the slot (lru_bucket's bits). */
static inline uint32_t
lru_tag(uint64_t key)
{
	return (uint32_t)((key * 0x9e3779b97f4a7c15ULL) >> 32);
}

/* The bucket of a slot's key, from its tag alone. */
static inline size_t
lru_home(const struct lru *l, uint64_t slot)
{
	return (size_t)((slot >> 32) >> (l->shift - 32));
}

static inline uint64_t
lru_mkslot(uint64_t key, uint32_t i)
{
	return (uint64_t)lru_tag(key) << 32 | ((uint64_t)i + 1);
}

static inline uint32_t
lru_slot_ent(uint64_t slot)
{
	return (uint32_t)slot - 1;
}

/* Entry i of key into the index (which has room). */
static void
lru_link(struct lru *l, uint64_t key, uint32_t i)
{
	size_t	 b = lru_bucket(l, key), mask = l->nbuckets - 1;

	while (l->buckets[b] != 0)
		b = (b + 1) & mask;
	l->buckets[b] = lru_mkslot(key, i);
}

struct lru *
lru_new(size_t payload_size, size_t cap, lru_drop_fn drop, void *arg)
{
	struct lru	*l;

	/* Two slots an entry, and a slot's tag names at most 2^32 of them. */
	if (cap == 0 || cap > LRU_CAP_MAX) {
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
	uint64_t	*b;
	uint32_t	 i;
	struct lru_ent	*e;

	if ((b = bigmem_alloc(nb * sizeof(*b))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	memset(b, 0, nb * sizeof(*b));
	bigmem_free(l->buckets, l->nbuckets * sizeof(*l->buckets));
	l->buckets = b;
	l->nbuckets = nb;
	for (l->shift = 64; nb > 1; nb >>= 1)
		l->shift--;
	for (i = 0; i < l->nused; i++) {
		e = lru_ent(l, i);
		if (e->used)
			lru_link(l, e->key, i);
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
	/* Two slots an entry: short probes, mostly within one line. */
	for (nb = l->nbuckets ? l->nbuckets : LRU_MIN; nb < 2 * na; nb *= 2)
		;
	if (nb != l->nbuckets)
		return lru_rehash(l, nb);
	return 0;
}

/* The entry of key, or NULL. */
static inline struct lru_ent *
lru_find(const struct lru *l, uint64_t key)
{
	struct lru_ent	*e;
	uint64_t	 s;
	uint32_t	 tag = lru_tag(key);
	size_t		 b, mask = l->nbuckets - 1;

	if (l->nbuckets == 0)
		return NULL;
	for (b = lru_bucket(l, key); (s = l->buckets[b]) != 0;
	    b = (b + 1) & mask) {
		if ((uint32_t)(s >> 32) != tag)
			continue;
		e = lru_ent(l, lru_slot_ent(s));
		if (e->key == key)
			return e;
	}
	return NULL;
}

/* The entry of key, marked used, or NULL; lru_get and lru_put's. */
static inline void *
lru_hit(struct lru *l, uint64_t key)
{
	struct lru_ent	*e;

	if ((e = lru_find(l, key)) == NULL)
		return NULL;
	/* A hit writes only its own header, the first time round. */
	if (!e->ref)
		e->ref = 1;
	return (unsigned char *)e + sizeof(*e);
}

void *
lru_get(struct lru *l, uint64_t key)
{
	return lru_hit(l, key);
}

const void *
lru_peek(const struct lru *l, uint64_t key)
{
	const struct lru_ent	*e = lru_find(l, key);

	return e == NULL ? NULL : (const unsigned char *)e + sizeof(*e);
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
	uint64_t		 s;
	uint32_t		 tag = lru_tag(key);
	size_t			 b, o, mask = l->nbuckets - 1;

	if (l->nbuckets == 0)
		return;
	/* The entry whose tag agrees: almost surely the key's. */
	for (b = lru_bucket(l, key); (s = l->buckets[b]) != 0 &&
	    (uint32_t)(s >> 32) != tag; b = (b + 1) & mask)
		;
	if (s == 0)
		return;
	p = (const unsigned char *)lru_ent(l, lru_slot_ent(s));
	/*
	 * The whole entry, up to five lines: a count group with its
	 * windows, set and baseline is 272 bytes, across five lines
	 * unless it starts on one.
	 */
	for (o = 0; o < l->esize && o < 320; o += 64)
		__builtin_prefetch(p + o, 1);
	__builtin_prefetch(p + l->esize - 1, 1);
}

/*
 * Entry i out of the index: its slot found from its key's bucket by
 * index alone, and the gap closed by moving back each slot after it
 * whose bucket is not between the gap and it (backward shift), so that
 * every key stays reachable from its bucket without a mark.
 */
static void
lru_unhash(struct lru *l, uint32_t i)
{
	size_t		 gap, b, home, mask = l->nbuckets - 1;
	uint64_t	 s;

	for (gap = lru_bucket(l, lru_ent(l, i)->key);
	    lru_slot_ent(l->buckets[gap]) != i; gap = (gap + 1) & mask)
		;
	for (b = (gap + 1) & mask; (s = l->buckets[b]) != 0;
	    b = (b + 1) & mask) {
		home = lru_home(l, s);
		/* Stays when its bucket is cyclically in (gap, b]. */
		if (gap < b ? home > gap && home <= b :
		    home > gap || home <= b)
			continue;
		l->buckets[gap] = s;
		gap = b;
	}
	l->buckets[gap] = 0;
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
	lru_link(l, key, i);
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
