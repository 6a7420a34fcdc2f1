/*
 * Propagation for the composite analyzer: which endpoints had findings,
 * and which reached which (a network logon from A's address on B, PsExec
 * artefacts on B, SMB or RPC from A to B), kept per endpoint in a
 * bounded LRU table.  A path is A -> B -> C where A had a finding before
 * it reached B, B had a finding after it was reached and before the
 * window ran out, and so on; every hop within the window of the last.
 * Searches follow event times, not arrival order.
 */
#ifndef DETECTD_COMPCHAIN_H
#define DETECTD_COMPCHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "analyzers/compgroup.h"

#define COMPCHAIN_NODE_F	8	/* findings kept per endpoint */
#define COMPCHAIN_NODE_E	6	/* edges kept in and out per endpoint */

struct comp_hop {
	char		 key[IDENTITY_KEY_LEN];
	int64_t		 reached;	/* edge into it; 0 for the first */
	uint64_t	 edge_evref;	/* evidence of that edge */
	struct comp_item f;		/* the finding on it */
};

struct comp_path {
	size_t		 n;
	struct comp_hop	 hop[COMP_MAXPATH];	/* first endpoint first */
};

struct compchain;

struct compchain *compchain_new(size_t max);
void		 compchain_free(struct compchain *);
void		 compchain_finding(struct compchain *, const char *key,
		    const struct comp_item *);
/* from reached to at event time t; evref is its evidence. */
void		 compchain_edge(struct compchain *, const char *from,
		    const char *to, int64_t t, uint64_t evref);
/*
 * The longest path that ends with the latest finding on key; its length
 * (0: key has no finding, 1: no endpoint before it).
 */
size_t		 compchain_path(struct compchain *, const char *key,
		    int64_t window_ms, struct comp_path *);
/* Endpoints key reached, to look at again; up to max of them. */
size_t		 compchain_next(struct compchain *, const char *key,
		    char (*keys)[IDENTITY_KEY_LEN], size_t max);
size_t		 compchain_count(const struct compchain *);
uint64_t	 compchain_evictions(const struct compchain *);
size_t		 compchain_memory(const struct compchain *);

#endif
