/*
 * Distinct-value sets on event time, for counts of distinct destinations,
 * ports, names and users per endpoint.  A set keeps a 32-bit hash of each
 * value, the second it was last seen and one number about it (the label
 * entropy of a DNS name): 12 bytes a value, in an open-addressed array
 * that grows by doubling up to its cap.  When full, values older than the
 * window are dropped; if none are, new values are counted as overflow and
 * the count is reported as "at least".
 */
#ifndef DETECTD_DSET_H
#define DETECTD_DSET_H

#include <stddef.h>
#include <stdint.h>

#define DSET_ITEM_BYTES	12

struct dset_item;

struct dset {
	struct dset_item *items;
	uint32_t	 size;		/* slots, a power of two, or 0 */
	uint32_t	 n;		/* values held */
	uint32_t	 oldest;	/* oldest last-seen second held */
	uint32_t	 overflow;	/* values refused while full */
	double		 vsum;		/* sum of the values' numbers */
};

/*
 * Record value hash h seen at second t with number v.  Returns 1 if it
 * was new, 0 if seen before, -1 if refused (full or out of memory).
 */
int		 dset_add(struct dset *, uint32_t h, uint32_t t, float v,
		    uint32_t cap);
/* Drop values last seen before second since. */
void		 dset_expire(struct dset *, uint32_t since);
void		 dset_clear(struct dset *);	/* frees the array */
size_t		 dset_memory(const struct dset *);

#endif
