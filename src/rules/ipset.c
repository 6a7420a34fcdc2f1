/*
 * Prefix sets (ipset.h): owns one open-addressing table per prefix
 * length in use, and finds the longest prefix that holds an address.
 */
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "rules/ipset.h"

/*
 * One table per (family, prefix length).  A lookup probes only the lengths
 * in use, longest first, so a feed of /32 host addresses with a handful of
 * CIDRs costs a handful of probes.  Keys are the masked address as two
 * 64-bit words (IPv4 in the low word), so slots need no pointers.
 */
#define IPSET_FAMILIES	2
#define IPSET_LENS	129
#define IPSET_MINCAP	8

struct ipset_slot {
	uint64_t	 hi;
	uint64_t	 lo;
	uint32_t	 id1;		/* id + 1; 0 marks an empty slot */
};

struct ipset_tab {
	struct ipset_slot *slots;
	size_t		 mask;
	size_t		 n;
};

struct ipset {
	struct ipset_tab tab[IPSET_FAMILIES][IPSET_LENS];
	uint8_t		 lens[IPSET_FAMILIES][IPSET_LENS];	/* longest first */
	int		 nlens[IPSET_FAMILIES];
	/*
	 * IPv4: per first octet, a bit for each prefix length (0 to 32)
	 * that has a prefix over some address of that octet.  A lookup
	 * probes those lengths only: mostly none, where a list of ranges
	 * of seven lengths cost seven probes for every address.
	 */
	uint64_t	 v4first[256];
};

struct ipset *
ipset_new(void)
{
	return calloc(1, sizeof(struct ipset));
}

void
ipset_free(struct ipset *set)
{
	int	 f, i;

	if (set == NULL)
		return;
	for (f = 0; f < IPSET_FAMILIES; f++)
		for (i = 0; i < IPSET_LENS; i++)
			free(set->tab[f][i].slots);
	free(set);
}

static uint64_t
ipset_mask64(int bits)
{
	if (bits <= 0)
		return 0;
	if (bits >= 64)
		return UINT64_MAX;
	return UINT64_MAX << (64 - bits);
}

static uint64_t
ipset_be64(const uint8_t *p)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

/* The address as a masked key; fi is the family index (0 = v4, 1 = v6). */
static void
ipset_key(int fi, const uint8_t *addr, int plen, uint64_t *hi, uint64_t *lo)
{
	if (fi == 0) {
		*hi = 0;
		*lo = ((uint64_t)addr[0] << 24 | (uint64_t)addr[1] << 16 |
		    (uint64_t)addr[2] << 8 | addr[3]) &
		    (ipset_mask64(plen) >> 32);
		return;
	}
	*hi = ipset_be64(addr) & ipset_mask64(plen);
	*lo = ipset_be64(addr + 8) & ipset_mask64(plen - 64);
}

static size_t
ipset_hash(uint64_t hi, uint64_t lo)
{
	return (size_t)hash_mix(hash_mix(hi) ^ lo);
}

static struct ipset_slot *
ipset_probe(const struct ipset_tab *t, uint64_t hi, uint64_t lo)
{
	size_t	 i = ipset_hash(hi, lo) & t->mask;

	for (;; i = (i + 1) & t->mask) {
		if (t->slots[i].id1 == 0 ||
		    (t->slots[i].hi == hi && t->slots[i].lo == lo))
			return &t->slots[i];
	}
}

static int
ipset_grow(struct ipset_tab *t)
{
	struct ipset_tab	 nt;
	struct ipset_slot	*s;
	size_t			 i, cap;

	cap = t->slots == NULL ? IPSET_MINCAP : (t->mask + 1) * 2;
	if ((nt.slots = calloc(cap, sizeof(*nt.slots))) == NULL)
		return -1;
	nt.mask = cap - 1;
	nt.n = t->n;
	for (i = 0; t->slots != NULL && i <= t->mask; i++) {
		if (t->slots[i].id1 == 0)
			continue;
		s = ipset_probe(&nt, t->slots[i].hi, t->slots[i].lo);
		*s = t->slots[i];
	}
	free(t->slots);
	*t = nt;
	return 0;
}

/* Keep the list of lengths in use sorted, longest first. */
static void
ipset_uselen(struct ipset *set, int fi, int plen)
{
	int	 i, n = set->nlens[fi];

	for (i = 0; i < n && set->lens[fi][i] > plen; i++)
		;
	memmove(&set->lens[fi][i + 1], &set->lens[fi][i], n - i);
	set->lens[fi][i] = plen;
	set->nlens[fi]++;
}

/* Mark length plen for the first octets a prefix of it over o covers. */
static void
ipset_v4first(struct ipset *set, uint8_t o, int plen)
{
	unsigned	 first, n, i;

	if (plen >= 8) {
		first = o;
		n = 1;
	} else {
		first = o & (0xffU << (8 - plen)) & 0xffU;
		n = 1U << (8 - plen);
	}
	for (i = 0; i < n; i++)
		set->v4first[first + i] |= (uint64_t)1 << plen;
}

uint32_t
ipset_add(struct ipset *set, int family, const uint8_t *addr, int plen,
    uint32_t id)
{
	struct ipset_tab	*t;
	struct ipset_slot	*s;
	uint64_t		 hi, lo;
	int			 fi = family == 4 ? 0 : 1;

	if (plen < 0 || plen > (fi == 0 ? 32 : 128) || id == IPSET_NONE)
		return IPSET_NONE;
	t = &set->tab[fi][plen];
	if (t->slots == NULL) {
		if (ipset_grow(t) == -1)
			return IPSET_NONE;
		ipset_uselen(set, fi, plen);
	} else if ((t->n + 1) * 10 > (t->mask + 1) * 7) {
		if (ipset_grow(t) == -1)
			return IPSET_NONE;
	}
	ipset_key(fi, addr, plen, &hi, &lo);
	s = ipset_probe(t, hi, lo);
	if (s->id1 != 0)
		return s->id1 - 1;
	if (fi == 0)
		ipset_v4first(set, addr[0], plen);
	s->hi = hi;
	s->lo = lo;
	s->id1 = id + 1;
	t->n++;
	return id;
}

uint32_t
ipset_get(const struct ipset *set, int family, const uint8_t *addr, int plen)
{
	const struct ipset_tab	*t;
	const struct ipset_slot	*s;
	uint64_t		 hi, lo;
	int			 fi = family == 4 ? 0 : 1;

	if (plen < 0 || plen > (fi == 0 ? 32 : 128))
		return IPSET_NONE;
	t = &set->tab[fi][plen];
	if (t->slots == NULL)
		return IPSET_NONE;
	ipset_key(fi, addr, plen, &hi, &lo);
	s = ipset_probe(t, hi, lo);
	return s->id1 != 0 ? s->id1 - 1 : IPSET_NONE;
}

int
ipset_empty(const struct ipset *set)
{
	return set->nlens[0] == 0 && set->nlens[1] == 0;
}

uint32_t
ipset_find(const struct ipset *set, int family, const uint8_t *addr)
{
	const struct ipset_slot	*s;
	uint64_t		 hi, lo;
	int			 fi = family == 4 ? 0 : 1, i, plen;
	uint64_t		 m;

	if (fi == 0) {
		/* The lengths of this first octet, longest first. */
		for (m = set->v4first[addr[0]]; m != 0;
		    m &= ~((uint64_t)1 << plen)) {
			plen = 63 - __builtin_clzll(m);
			ipset_key(fi, addr, plen, &hi, &lo);
			s = ipset_probe(&set->tab[fi][plen], hi, lo);
			if (s->id1 != 0)
				return s->id1 - 1;
		}
		return IPSET_NONE;
	}
	for (i = 0; i < set->nlens[fi]; i++) {
		plen = set->lens[fi][i];
		ipset_key(fi, addr, plen, &hi, &lo);
		s = ipset_probe(&set->tab[fi][plen], hi, lo);
		if (s->id1 != 0)
			return s->id1 - 1;
	}
	return IPSET_NONE;
}
