/*
 * A disk spool: records (lines) appended at the tail and taken in order
 * from the head once delivered.  Alerts wait in it through an outage of
 * the receiver and a restart of detectd.  The directory holds numbered
 * segment files and a "head" file naming the first record not yet
 * delivered, replaced atomically after each delivery, so that a restart
 * sends again at most the batch that was in flight.
 */
#ifndef DETECTD_SPOOL_H
#define DETECTD_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#define SPOOL_SEGMENT	(1024 * 1024)	/* default segment size */

struct safefs_owner;
struct spool;

/* Records from the head; buf belongs to the spool until the next peek. */
struct spool_batch {
	const char	*buf;
	size_t		 len;
	size_t		 n;		/* records */
	uint64_t	 seg;		/* where they start */
	uint64_t	 off;
};

/*
 * Creates dir (not its parents) for owner, or checks it (safefs.h: the
 * files in it are owner's, no link is followed); NULL owner: the
 * process's own ids.  A head file that does not fit the segments found
 * (damaged, or naming a place they do not have) is logged and the
 * spool sent again from its oldest segment: a damaged head may repeat
 * records, never lose them.  seg_max 0 takes SPOOL_SEGMENT.
 */
struct spool	*spool_open(const char *dir, uint64_t cap, size_t seg_max,
		    const struct safefs_owner *owner);
void		 spool_free(struct spool *);
/* Whole records, each ending in a newline; on disk when it returns 0. */
int		 spool_append(struct spool *, const char *, size_t);
/*
 * The oldest records not yet delivered, at most max_n of them and, past
 * the first, max_bytes.  0 (b->n == 0 when there are none), or -1.
 */
int		 spool_peek(struct spool *, size_t max_n, size_t max_bytes,
		    struct spool_batch *);
/* The batch of the last peek was delivered: drop it for good. */
int		 spool_commit(struct spool *, const struct spool_batch *);
uint64_t	 spool_records(const struct spool *);
uint64_t	 spool_bytes(const struct spool *);
/* Whether what waits has reached the cap. */
int		 spool_full(const struct spool *);

#endif
