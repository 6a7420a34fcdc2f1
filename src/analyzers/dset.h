/*
 * Distinct-value sets on event time, for counts of distinct destinations,
 * ports, names and users per endpoint.  A set keeps a 32-bit hash of each
 * value, the second it was last seen and one number about it (the label
 * entropy of a DNS name): 12 bytes a value, in an open-addressed array
 * that grows by doubling up to its cap.  When full, values older than the
 * window are dropped; if none are, new values are counted as overflow and
 * the count is reported as "at least".
 *
 * Seconds are serial numbers (RFC 1982), so a window that reaches before
 * the epoch, or across the 32-bit wrap, keeps what it holds.  A source
 * whose clock went back leaves values "from the future": when the last
 * two values added are both more than a window behind the newest held,
 * and within a window of each other, an expiry also drops the values
 * more than a window ahead of them, so the window counts what the same
 * lines sorted by time would.  One straggler drops nothing.
 */
#ifndef DETECTD_DSET_H
#define DETECTD_DSET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DSET_ITEM_BYTES	12

struct dset_item;

struct dset {
	struct dset_item *items;
	uint32_t	 size;		/* slots, a power of two, or 0 */
	uint32_t	 n;		/* values held */
	uint32_t	 oldest;	/* oldest last-seen second held */
	uint32_t	 newest;	/* newest last-seen second held */
	uint32_t	 last;		/* second of the latest dset_add */
	uint32_t	 prev;		/* and of the one before */
	uint32_t	 overflow;	/* values refused while full */
	double		 vsum;		/* sum of the values' numbers */
};

/*
 * Record value hash h seen at second t with number v.  Returns 1 if it
 * was new, 0 if seen before, -1 if refused (full or out of memory).
 */
int		 dset_add(struct dset *, uint32_t h, uint32_t t, float v,
		    uint32_t cap);
/*
 * Drop values last seen before second since, and after a clock went
 * back those more than the window (the latest add's second minus since)
 * after the latest add.
 */
void		 dset_expire(struct dset *, uint32_t since);
void		 dset_clear(struct dset *);	/* frees the array */
/* Start loading the slot dset_add will look at first for h. */
void		 dset_prefetch(const struct dset *, uint32_t h);
size_t		 dset_memory(const struct dset *);
/*
 * As text, "n overflow last prev h:t:v ...", and back into an empty
 * set of that cap: the end of what was read, or NULL when malformed
 * (the hand-over of a group, stats.c).
 */
int		 dset_write(FILE *, const struct dset *);
const char	*dset_read(struct dset *, const char *, uint32_t cap);

#endif
