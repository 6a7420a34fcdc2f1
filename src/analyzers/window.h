/*
 * Sliding sums on event time: the window is cut into WINDOW_SLOTS
 * buckets, and the total is the sum of the buckets that the last window
 * covers, so it is exact to one bucket (an eighth of the window).
 * 96 bytes, no allocation.  Values older than the oldest bucket kept are
 * refused (late lines beyond the tolerance), except when a source's clock
 * went back: a second line too old for the ring, within one window of
 * the first, restarts the ring at the new time holding both, so that the
 * lines after the jump are counted among themselves as they would be in
 * the same lines sorted by time.  Bucket numbers are signed 64-bit, so
 * time near or before the epoch orders like any other.
 */
#ifndef DETECTD_WINDOW_H
#define DETECTD_WINDOW_H

#include <stdint.h>
#include <stdio.h>

#define WINDOW_SLOTS	8

struct window {
	int64_t		 newest;	/* bucket number of slot newest % SLOTS */
	uint64_t	 slot[WINDOW_SLOTS];
	int64_t		 back;		/* bucket of a line too old, if held */
	uint64_t	 back_v;	/* its value, held until a second one */
	int		 held;
};

/*
 * Add v at event time t; -1 if t is older than the buckets kept (and
 * is not the second line of a clock that went back).
 */
int		 window_add(struct window *, int64_t bucket_ms, int64_t t,
		    uint64_t v);
/* Sum over the window that ends at t (buckets of bucket_ms). */
uint64_t	 window_total(const struct window *, int64_t bucket_ms,
		    int64_t t);
void		 window_clear(struct window *);
/*
 * As text, every field, space-separated, and back: the end of what was
 * read, or NULL when malformed (the hand-over of a group, stats.c).
 */
int		 window_write(FILE *, const struct window *);
const char	*window_read(struct window *, const char *);

#endif
