/*
 * Sliding sums in buckets of event time: see window.h.  A bucket number
 * is t / bucket_ms; the ring holds the newest WINDOW_SLOTS of them.
 */
#include <string.h>

#include "analyzers/window.h"

static int64_t
window_bucket(int64_t bucket_ms, int64_t t)
{
	/* Floor division, so times before 1970 stay ordered. */
	return t >= 0 ? t / bucket_ms : -((-t + bucket_ms - 1) / bucket_ms);
}

void
window_clear(struct window *w)
{
	memset(w, 0, sizeof(*w));
}

/* Move the ring forward to bucket b, zeroing what falls out. */
static void
window_advance(struct window *w, int64_t b)
{
	int64_t	 i;

	if (b - w->newest >= WINDOW_SLOTS)
		memset(w->slot, 0, sizeof(w->slot));
	else
		for (i = w->newest + 1; i <= b; i++)
			w->slot[(uint64_t)i % WINDOW_SLOTS] = 0;
	w->newest = b;
}

int
window_add(struct window *w, int64_t bucket_ms, int64_t t, uint64_t v)
{
	int64_t	 b = window_bucket(bucket_ms, t);
	int	 empty = 1, i;

	for (i = 0; i < WINDOW_SLOTS; i++)
		if (w->slot[i] != 0)
			empty = 0;
	if (empty)
		w->newest = b;
	else if (b > w->newest)
		window_advance(w, b);
	else if (w->newest - b >= WINDOW_SLOTS)
		return -1;
	w->slot[(uint64_t)b % WINDOW_SLOTS] += v;
	return 0;
}

uint64_t
window_total(const struct window *w, int64_t bucket_ms, int64_t t)
{
	int64_t		 b = window_bucket(bucket_ms, t), i;
	uint64_t	 sum = 0;

	for (i = b - WINDOW_SLOTS + 1; i <= b; i++)
		if (i <= w->newest && w->newest - i < WINDOW_SLOTS)
			sum += w->slot[(uint64_t)i % WINDOW_SLOTS];
	return sum;
}
