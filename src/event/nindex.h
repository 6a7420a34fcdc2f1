/*
 * The members of a line by name, indexed once per event: a parser that
 * offers its own field names (logevent_native) fills this while it
 * walks the line anyway, when the event has index memory (the pipeline
 * gives it when its rules read such names: logevent_want_index), and
 * every lookup of the event is then a hash probe.  A name that is not a
 * member is known absent without a scan, which is most lookups when
 * thousands of Sigma rules each name their fields.
 *
 * The index belongs to the event (logevent_reset keeps its memory and
 * marks it stale); it holds slices of the line only, with two bytes the
 * parser gives each value (its type and flags, opaque here) and a rank.
 */
#ifndef DETECTD_EVENT_NINDEX_H
#define DETECTD_EVENT_NINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"

/* Members indexed; an event with more is marked incomplete. */
#define NINDEX_MAX	256

struct nindex_ent {
	struct slice	 key;		/* as written in the line */
	struct slice	 val;		/* the parser's raw value */
	uint8_t		 type;		/* the parser's */
	uint8_t		 flags;		/* the parser's */
	uint8_t		 rank;		/* the lower wins a name */
};

struct nindex;

/*
 * The event's index when it is built for the event as it is now; NULL
 * when stale or when the event has none (nindex_begin then).
 */
const struct nindex	*nindex_ready(const struct logevent *);
/*
 * Start the index over for the event as it is now: NULL when the event
 * has no index memory (a lookup then scans, as without one).
 */
struct nindex	*nindex_begin(const struct logevent *);
/*
 * Add a member of the given rank.  Of two of a name, the lower rank
 * wins, and of the same rank the first (as a scan that looks in the
 * data object first, and stops at the first, would find).  0, or -1
 * when the index is full (it is then incomplete).
 */
int		 nindex_add(struct nindex *, struct slice key, struct slice val,
		    uint8_t type, uint8_t flags, uint8_t rank);
/* Mark the index incomplete: a name not in it may still be a member. */
void		 nindex_incomplete(struct nindex *);
/*
 * The member named name[0..len): 1 found (*out), 0 not a member,
 * -1 not in the index but the index is incomplete (scan to know).
 */
int		 nindex_find(const struct nindex *, const char *name,
		    size_t len, const struct nindex_ent **out);
size_t		 nindex_count(const struct nindex *);

/* The event's index memory, made by logevent_reset when missing. */
struct nindex	*nindex_new(void);
void		 nindex_free(struct nindex *);

#endif
