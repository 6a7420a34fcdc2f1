/*
 * Sliding sums in buckets of event time: see window.h.  A bucket number
 * is t / bucket_ms; the ring holds the newest WINDOW_SLOTS of them.
 */
#include <stdlib.h>
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

/*
 * A line older than the ring.  The first is held; a second within one
 * window of it means the source's clock went back, not a straggler: the
 * ring starts again at the newer of the two, holding both.
 */
static int
window_back(struct window *w, int64_t b, uint64_t v)
{
	int64_t	 d = b - w->back;

	if (!w->held || d <= -WINDOW_SLOTS || d >= WINDOW_SLOTS) {
		w->held = 1;
		w->back = b;
		w->back_v = v;
		return -1;
	}
	memset(w->slot, 0, sizeof(w->slot));
	w->newest = b > w->back ? b : w->back;
	w->slot[(uint64_t)w->back % WINDOW_SLOTS] = w->back_v;
	w->held = 0;
	return 0;
}

int
window_add(struct window *w, int64_t bucket_ms, int64_t t, uint64_t v)
{
	int64_t	 b = window_bucket(bucket_ms, t);
	int	 empty = 1, i;

	for (i = 0; i < WINDOW_SLOTS; i++)
		if (w->slot[i] != 0)
			empty = 0;
	if (!empty && w->newest - b >= WINDOW_SLOTS) {
		if (window_back(w, b, v) == -1)
			return -1;
	} else {
		w->held = 0;
		if (empty)
			w->newest = b;
		else if (b > w->newest)
			window_advance(w, b);
	}
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

int
window_write(FILE *fp, const struct window *w)
{
	int	 i;

	if (fprintf(fp, "%lld", (long long)w->newest) < 0)
		return -1;
	for (i = 0; i < WINDOW_SLOTS; i++)
		if (fprintf(fp, " %llu", (unsigned long long)w->slot[i]) < 0)
			return -1;
	return fprintf(fp, " %lld %llu %d", (long long)w->back,
	    (unsigned long long)w->back_v, w->held) < 0 ? -1 : 0;
}

const char *
window_read(struct window *w, const char *p)
{
	char	*end;
	int	 i;

	w->newest = strtoll(p, &end, 10);
	for (i = 0; i < WINDOW_SLOTS && end != p; i++)
		w->slot[i] = strtoull(p = end, &end, 10);
	if (end == p)
		return NULL;
	w->back = strtoll(p = end, &end, 10);
	if (end == p)
		return NULL;
	w->back_v = strtoull(p = end, &end, 10);
	if (end == p)
		return NULL;
	w->held = (int)strtol(p = end, &end, 10);
	return end == p ? NULL : end;
}
