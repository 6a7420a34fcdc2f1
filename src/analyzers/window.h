/*
 * Sliding sums on event time: the window is cut into WINDOW_SLOTS
 * buckets, and the total is the sum of the buckets that the last window
 * covers, so it is exact to one bucket (an eighth of the window).
 * 72 bytes, no allocation.  Values older than the oldest bucket kept are
 * refused (late lines beyond the tolerance).
 */
#ifndef DETECTD_WINDOW_H
#define DETECTD_WINDOW_H

#include <stdint.h>

#define WINDOW_SLOTS	8

struct window {
	int64_t		 newest;	/* bucket number of slot newest % SLOTS */
	uint64_t	 slot[WINDOW_SLOTS];
};

/* Add v at event time t; -1 if t is older than the buckets kept. */
int		 window_add(struct window *, int64_t bucket_ms, int64_t t,
		    uint64_t v);
/* Sum over the window that ends at t (buckets of bucket_ms). */
uint64_t	 window_total(const struct window *, int64_t bucket_ms,
		    int64_t t);
void		 window_clear(struct window *);

#endif
