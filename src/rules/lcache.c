/*
 * The cache of indicator-list answers by value: see lcache.h.
 *
 * Two ways a set, the set chosen by the value's hash mixed with the
 * list's address.  A new answer goes into the second way, and moves to
 * the first when it is asked for again: a value asked once (most URLs
 * with a path) then only ever takes the place of another such, and the
 * few thousand destinations asked again and again stay.
 * The hash of the last value is kept with its bytes' address and
 * length, so that the lists asked in turn about one field of a line
 * (c2-domains, then delivery-domains) hash it once; a stale hash (the
 * line's buffer reused) only misses, since a hit compares the bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/lcache.h"
#include "util/hash.h"
#include "util/log.h"

#define LCACHE_SETS	16384		/* of two ways: 2 MB */
#define LCACHE_SEED	0x6c63616368650aULL

struct lcache_ent {
	uint64_t		 h;
	const struct list	*list;		/* NULL: empty */
	const struct indicator	*ans;
	uint16_t		 len;
	char			 v[LCACHE_VMAX];
};

struct lcache {
	struct lcache_ent	*e;
	size_t			 mask;		/* sets - 1 */
	const char		*lastp;		/* the last value hashed */
	size_t			 lastlen;
	uint64_t		 lasth;
	/* The same for lcache_prefetch, of another event's values. */
	const char		*pf_p;
	size_t			 pf_len;
	uint64_t		 pf_h;
	struct lcache_stats	 st;
};

struct lcache *
lcache_new(void)
{
	return lcache_new_sets(LCACHE_SETS);
}

struct lcache *
lcache_new_sets(size_t sets)
{
	struct lcache	*lc;

	if (sets == 0 || (sets & (sets - 1)) != 0) {
		log_warnx("%s: %zu sets, not a power of two", __func__, sets);
		return NULL;
	}
	if ((lc = calloc(1, sizeof(*lc))) == NULL ||
	    (lc->e = calloc(sets * 2, sizeof(*lc->e))) == NULL) {
		log_warn("%s", __func__);
		free(lc);
		return NULL;
	}
	lc->mask = sets - 1;
	return lc;
}

void
lcache_free(struct lcache *lc)
{
	if (lc == NULL)
		return;
	free(lc->e);
	free(lc);
}

void
lcache_clear(struct lcache *lc)
{
	if (lc == NULL)
		return;
	memset(lc->e, 0, (lc->mask + 1) * 2 * sizeof(*lc->e));
	lc->lastp = NULL;
	lc->lastlen = 0;
	lc->pf_p = NULL;
	lc->pf_len = 0;
}

static uint64_t
lcache_load(const char *p)
{
	uint64_t	 w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/*
 * The first and last eight bytes of p (len 8 to LCACHE_VMAX), and those
 * between: overlapping loads, no loop over bytes and no library call,
 * since each list test of each line hashes its value.  Shorter values
 * are read in four, two and one bytes.
 */
static uint64_t
lcache_hash(const char *p, size_t len)
{
	uint64_t	 h = LCACHE_SEED ^ (len * 0x9e3779b97f4a7c15ULL), w;
	size_t		 i;

	if (len >= 8) {
		for (i = 0; i + 8 < len; i += 8)
			h = (h ^ lcache_load(p + i)) * 0xff51afd7ed558ccdULL;
		w = lcache_load(p + len - 8);
	} else {
		w = 0;
		i = 0;
		if (len & 4) {
			uint32_t	 x;

			memcpy(&x, p, 4);
			w = x;
			i = 4;
		}
		if (len & 2) {
			uint16_t	 x;

			memcpy(&x, p + i, 2);
			w |= (uint64_t)x << (i * 8);
			i += 2;
		}
		if (len & 1)
			w |= (uint64_t)(unsigned char)p[i] << (i * 8);
	}
	return hash_mix((h ^ w) * 0xc4ceb9fe1a85ec53ULL);
}

/* a and b, of len bytes (at most LCACHE_VMAX), the same. */
static int
lcache_eq(const char *a, const char *b, size_t len)
{
	size_t	 i;

	if (len < 8)
		return memcmp(a, b, len) == 0;
	for (i = 0; i + 8 < len; i += 8)
		if (lcache_load(a + i) != lcache_load(b + i))
			return 0;
	return lcache_load(a + len - 8) == lcache_load(b + len - 8);
}

static int
lcache_holds(const struct lcache_ent *e, const struct list *l, uint64_t h,
    struct slice s)
{
	return e->list == l && e->h == h && e->len == s.len &&
	    lcache_eq(e->v, s.p, s.len);
}

/* The first way of the set of value hash h in list l. */
static struct lcache_ent *
lcache_set(const struct lcache *lc, const struct list *l, uint64_t h)
{
	return &lc->e[((h ^ ((uint64_t)(uintptr_t)l >> 4) *
	    0x9e3779b97f4a7c15ULL) >> 40 & lc->mask) * 2];
}

void
lcache_prefetch(struct lcache *lc, const struct list *l, struct slice s)
{
	if (lc == NULL || s.len == 0 || s.len > LCACHE_VMAX)
		return;
	if (s.p != lc->pf_p || s.len != lc->pf_len) {
		lc->pf_h = lcache_hash(s.p, s.len);
		lc->pf_p = s.p;
		lc->pf_len = s.len;
	}
	__builtin_prefetch(lcache_set(lc, l, lc->pf_h), 1);
}

const struct indicator *
lcache_match(struct lcache *lc, const struct list *l, struct slice s)
{
	struct lcache_ent	*e, t;
	uint64_t		 h;

	if (lc == NULL || s.len == 0 || s.len > LCACHE_VMAX) {
		if (lc != NULL)
			lc->st.passed++;
		return list_match(l, s);
	}
	if (s.p == lc->lastp && s.len == lc->lastlen)
		h = lc->lasth;
	else {
		h = lcache_hash(s.p, s.len);
		lc->lastp = s.p;
		lc->lastlen = s.len;
		lc->lasth = h;
	}
	e = lcache_set(lc, l, h);
	lc->st.hits++;
	if (lcache_holds(&e[0], l, h, s))
		return e[0].ans;
	if (lcache_holds(&e[1], l, h, s)) {
		t = e[0];
		e[0] = e[1];
		e[1] = t;
		return e[0].ans;
	}
	lc->st.hits--;
	lc->st.misses++;
	e[1].ans = list_match(l, s);
	e[1].list = l;
	e[1].h = h;
	e[1].len = (uint16_t)s.len;
	memcpy(e[1].v, s.p, s.len);
	return e[1].ans;
}

void
lcache_stats(const struct lcache *lc, struct lcache_stats *st)
{
	if (lc == NULL) {
		memset(st, 0, sizeof(*st));
		return;
	}
	*st = lc->st;
}
