/*
 * Bounded tables for the analyzers: a hash table of fixed-size entries
 * keyed by a 64-bit hash, with a cap on the number of entries and
 * approximately least-recently-used eviction (CLOCK, or second chance:
 * a hit sets a reference bit in the entry; when the table is full a
 * hand walks the entries in array order, clears set bits, and evicts the
 * first entry whose bit was already clear, i.e. one not used since the
 * hand last passed it).  It is deterministic: the same calls give the
 * same evictions.  Entries live in one array, named by 32-bit indices
 * in an open-addressed index, so the table costs LRU_OVERHEAD bytes per
 * entry on top of the caller's payload.  Evictions are counted.  A table
 * holds at most 2^31 entries.
 *
 * Keys are 64-bit hashes of the caller's identity (endpoint, destination,
 * ...).  Two identities with the same hash share an entry: with n entries
 * the chance of any such collision is about n^2 / 2^65 (3e-8 for a
 * million).
 *
 * Payload pointers stay valid until the next lru_put (which may grow the
 * array) or lru_remove.
 */
#ifndef DETECTD_LRU_H
#define DETECTD_LRU_H

#include <stddef.h>
#include <stdint.h>

/* Header per entry (16 bytes) plus two index slots (16 bytes). */
#define LRU_OVERHEAD	32

struct lru;

/* Called on an entry's payload before it is evicted to make room. */
typedef void	(*lru_drop_fn)(void *arg, void *payload);
/*
 * Called on the payload of the entry likely to be evicted next, to start
 * loading (prefetch, never write) what the drop function will touch.
 */
typedef void	(*lru_hint_fn)(const void *payload);

struct lru	*lru_new(size_t payload_size, size_t cap, lru_drop_fn,
		    void *arg);
/* Calls the drop function on every entry. */
void		 lru_free(struct lru *);

/* The entry, marked used; NULL if absent. */
void		*lru_get(struct lru *, uint64_t key);
/*
 * The entry, marked used; created zeroed and unmarked if absent
 * (evicting by the clock when the table is full).  *created says which.
 * NULL only when memory runs out.
 */
void		*lru_put(struct lru *, uint64_t key, int *created);
/*
 * Lookups in large tables wait on memory: a caller with several to make
 * starts them all with lru_prefetch (the bucket), then lru_prefetch_entry
 * (the entry the bucket names; reads the bucket), then gets or puts.
 */
void		 lru_prefetch(const struct lru *, uint64_t key);
void		 lru_prefetch_entry(const struct lru *, uint64_t key);
/*
 * The entry, or NULL, without marking it used: a look ahead of its
 * turn, which must not change what the clock evicts meanwhile.
 */
const void	*lru_peek(const struct lru *, uint64_t key);
/* The hint of a table whose drop function frees memory; NULL: none. */
void		 lru_set_hint(struct lru *, lru_hint_fn);
/* Remove without calling the drop function. */
void		 lru_remove(struct lru *, void *payload);

uint64_t	 lru_key(const void *payload);
/*
 * Every entry once, in clock order from the hand (oldest first as far as
 * the clock knows; creation order before the first eviction): the same
 * order on every run, for flush and saving.  Do not put or remove while
 * walking.
 */
void		*lru_oldest(const struct lru *);
void		*lru_newer(const struct lru *, const void *payload);

size_t		 lru_count(const struct lru *);
size_t		 lru_cap(const struct lru *);
uint64_t	 lru_evictions(const struct lru *);
/* Bytes the table holds, payloads included (not what payloads point to). */
size_t		 lru_memory(const struct lru *);

#endif
