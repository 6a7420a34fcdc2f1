/*
 * The windows of the composite analyzer: the contributions (findings,
 * and events a composite rule's condition selects) kept per group (an
 * endpoint, an indicator, a destination, a user), and the test whether
 * they add up to what a composite rule asks.  Pure logic on a fixed-size
 * payload, so that it sits in an LRU table and is tested alone.
 *
 * A group keeps the COMP_ITEMS most recent contributions by event time,
 * whatever order they arrive in: replaying one log file after another
 * gives what watching them live gives.  A rule is satisfied when some
 * window of window_ms that holds the contribution just arrived holds
 * what the rule asks.
 */
#ifndef DETECTD_COMPGROUP_H
#define DETECTD_COMPGROUP_H

#include <stddef.h>
#include <stdint.h>

#include "analyzers/comprule.h"
#include "analyzers/identity.h"

struct comp_item {
	int64_t		 t;		/* event time */
	uint64_t	 ephash;	/* endpoint key */
	uint64_t	 corr;		/* what "same" compares; 0: none */
	uint64_t	 evref;		/* evidence kept (composite.c); 0: none */
	uint8_t		 id[16];	/* the finding's alert id; zero: none */
	uint16_t	 rule;		/* contributing rule, interned */
	uint8_t		 steps;		/* bits of the steps it satisfies */
	uint8_t		 stage;
	uint8_t		 vp;
	uint8_t		 promoted;	/* alerted by itself */
	char		 ep[IDENTITY_KEY_LEN];
};

#define COMPGROUP_KEY_LEN	96

struct comp_groupent {
	char		 key[COMPGROUP_KEY_LEN];
	uint32_t	 shard;		/* of its last contribution's event */
	uint8_t		 n;
	struct comp_item items[COMP_ITEMS];
};

/*
 * Keep the contribution.  per_endpoint: one item per endpoint, the
 * latest (spread).  Returns 0, or -1 when it is older than all kept.
 */
int		 compgroup_add(struct comp_groupent *, const struct comp_item *,
		    int per_endpoint);
/*
 * Whether the group satisfies the rule, given the contribution that just
 * arrived (its corr for "same").  On success the indices of the items
 * that make it up go to sel (COMP_ITEMS of room), in time order, and
 * their number is returned; 0 when not satisfied.
 */
size_t		 compgroup_eval(const struct comp_groupent *,
		    const struct comp_params *, const struct comp_item *last,
		    size_t *sel);

#endif
