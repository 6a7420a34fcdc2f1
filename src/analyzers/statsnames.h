/*
 * Destination names for the statistical analyzer: many network logs
 * (Zeek conn, firewalls) give only the address an endpoint connected
 * to, while other logs of the same moment say which name it meant: the
 * TLS server name of Zeek's ssl.log, the Host of http.log, a proxy's
 * host, and the answers of the endpoint's own DNS lookups.  This table
 * remembers, per (endpoint address, destination address), the last name
 * seen for it, so that a connection known only by its address can be
 * judged by its name: a beacon to a named, widely used service, a
 * popular site's address, a CDN's many addresses as one destination.
 * Bounded (LRU, as every table of the analyzers); names longer than
 * STATSNAMES_MAX are not kept.
 */
#ifndef DETECTD_STATSNAMES_H
#define DETECTD_STATSNAMES_H

#include <stddef.h>

#include "event/logevent.h"

#define STATSNAMES_MAX	96

struct statsnames;

struct statsnames *statsnames_new(size_t cap);
void		 statsnames_free(struct statsnames *);
/* Learn what ev says of names: its destination's, or its DNS answers. */
void		 statsnames_learn(struct statsnames *, const struct logevent *);
/*
 * The name of ev's destination address for its endpoint, if ev has an
 * address and no name and one was learnt; empty otherwise.  Good until
 * the next statsnames_learn.
 */
struct slice	 statsnames_find(struct statsnames *,
		    const struct logevent *);
/*
 * Start loading what statsnames_learn and statsnames_find will read for
 * ev: the bucket, and the key for statsnames_prefetch_entry to load the
 * entry the bucket names with later (0: nothing to load).
 */
uint64_t	 statsnames_prefetch(const struct statsnames *,
		    const struct logevent *);
void		 statsnames_prefetch_entry(const struct statsnames *,
		    uint64_t key);
/*
 * As statsnames_learn and statsnames_find, with key what
 * statsnames_prefetch gave for ev (0: worked out again).
 */
void		 statsnames_learn_key(struct statsnames *,
		    const struct logevent *, uint64_t key);
struct slice	 statsnames_find_key(struct statsnames *,
		    const struct logevent *, uint64_t key);
/* Entries kept, and evicted for room. */
size_t		 statsnames_count(const struct statsnames *);

#endif
