/*
 * Distinct-value sets: see dset.h.  Linear probing with hash 0 marking an
 * empty slot (a value whose hash is 0 is stored as 1); deletion rebuilds
 * the array, which happens only when the set is full or a count is read
 * near its threshold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/dset.h"
#include "util/log.h"

#define DSET_MIN	8

/*
 * Seconds compare as serial numbers (RFC 1982): a is before b when b is
 * less than 2^31 ahead of it.  The caller's "since" is its time minus
 * the window in 32 bits, which wraps below zero for captures whose time
 * starts near the epoch; read as a serial number it still means the
 * last window, not the far future that would expire every value.
 */
static int
dset_before(uint32_t a, uint32_t b)
{
	return a != b && b - a < 0x80000000U;
}

struct dset_item {
	uint32_t	 h;
	uint32_t	 t;
	float		 v;
};

void
dset_clear(struct dset *s)
{
	free(s->items);
	memset(s, 0, sizeof(*s));
}

size_t
dset_memory(const struct dset *s)
{
	return (size_t)s->size * sizeof(struct dset_item);
}

static struct dset_item *
dset_slot(struct dset_item *items, uint32_t size, uint32_t h)
{
	uint32_t	 i;

	for (i = h & (size - 1); items[i].h != 0 && items[i].h != h;
	    i = (i + 1) & (size - 1))
		;
	return &items[i];
}

/*
 * Copy the values seen from second *since to second *until (without a
 * bound where NULL) into an array of size.
 */
static int
dset_rebuild(struct dset *s, uint32_t size, const uint32_t *since,
    const uint32_t *until)
{
	struct dset_item	*ni, *it;
	uint32_t		 i;

	if ((ni = calloc(size, sizeof(*ni))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	s->n = 0;
	s->vsum = 0;
	s->oldest = s->newest = 0;
	for (i = 0; i < s->size; i++) {
		it = &s->items[i];
		if (it->h == 0 || (since != NULL && dset_before(it->t,
		    *since)) || (until != NULL && dset_before(*until, it->t)))
			continue;
		*dset_slot(ni, size, it->h) = *it;
		if (s->n == 0 || dset_before(it->t, s->oldest))
			s->oldest = it->t;
		if (s->n == 0 || dset_before(s->newest, it->t))
			s->newest = it->t;
		s->n++;
		s->vsum += it->v;
	}
	free(s->items);
	s->items = ni;
	s->size = size;
	return 0;
}

void
dset_expire(struct dset *s, uint32_t since)
{
	uint32_t	 until = 0, w, d;
	int		 future = 0;

	if (s->n == 0)
		return;
	/*
	 * The last two adds a window behind the newest value, and near
	 * each other: the clock went back, and what is a window ahead of
	 * them is from before the jump.
	 */
	if (!dset_before(s->last, since)) {
		w = s->last - since;
		until = s->last + w;
		d = dset_before(s->prev, s->last) ? s->last - s->prev :
		    s->prev - s->last;
		future = dset_before(until, s->newest) && d <= w &&
		    dset_before(s->prev + w, s->newest);
	}
	if (!future && !dset_before(s->oldest, since))
		return;
	(void)dset_rebuild(s, s->size, &since, future ? &until : NULL);
}

void
dset_prefetch(const struct dset *s, uint32_t h)
{
	if (s->size > 0)
		__builtin_prefetch(&s->items[(h == 0 ? 1 : h) & (s->size - 1)],
		    1);
}

int
dset_add(struct dset *s, uint32_t h, uint32_t t, float v, uint32_t cap)
{
	struct dset_item	*it;

	if (h == 0)
		h = 1;
	s->prev = s->last;
	s->last = t;
	if (s->size > 0) {
		it = dset_slot(s->items, s->size, h);
		if (it->h == h) {
			if (dset_before(it->t, t))
				it->t = t;
			if (dset_before(s->newest, t))
				s->newest = t;
			return 0;
		}
	}
	if (s->n >= cap) {
		s->overflow++;
		return -1;
	}
	/* Keep the load at or under one half. */
	if ((s->n + 1) * 2 > s->size &&
	    dset_rebuild(s, s->size ? s->size * 2 : DSET_MIN, NULL,
	    NULL) == -1)
		return -1;
	it = dset_slot(s->items, s->size, h);
	it->h = h;
	it->t = t;
	it->v = v;
	if (s->n == 0 || dset_before(t, s->oldest))
		s->oldest = t;
	if (s->n == 0 || dset_before(s->newest, t))
		s->newest = t;
	s->n++;
	s->vsum += v;
	return 1;
}

int
dset_write(FILE *fp, const struct dset *s)
{
	uint32_t	 i;

	if (fprintf(fp, "%u %u %u %u", s->n, s->overflow, s->last,
	    s->prev) < 0)
		return -1;
	for (i = 0; i < s->size; i++)
		if (s->items[i].h != 0 && fprintf(fp, " %u:%u:%.9g",
		    s->items[i].h, s->items[i].t, (double)s->items[i].v) < 0)
			return -1;
	return 0;
}

const char *
dset_read(struct dset *s, const char *p, uint32_t cap)
{
	unsigned int	 n, overflow, last, prev, h, t, i;
	float		 v;
	int		 used;

	if (sscanf(p, "%u %u %u %u%n", &n, &overflow, &last, &prev,
	    &used) != 4)
		return NULL;
	p += used;
	for (i = 0; i < n; i++) {
		if (sscanf(p, " %u:%u:%g%n", &h, &t, &v, &used) != 3 ||
		    dset_add(s, h, t, v, cap) == -1)
			return NULL;
		p += used;
	}
	s->overflow = overflow;
	s->last = last;
	s->prev = prev;
	return p;
}
