/*
 * The per-event index of a line's members (nindex.h): entries in the
 * order added, and an open-addressing table of their positions.  Owns
 * only its arrays; the slices point into the event's line.
 */
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "event/nindex.h"

/* Twice the entries, a power of two: probes stay short. */
#define NINDEX_SLOTS	512

struct nindex {
	uint64_t		 gen;		/* the event's, when built */
	const struct logevent	*ev;
	int			 complete;
	size_t			 n;
	struct nindex_ent	 ent[NINDEX_MAX];
	uint16_t		 slot[NINDEX_SLOTS];	/* entry + 1 */
	uint32_t		 hash[NINDEX_MAX];
};

struct nindex *
nindex_new(void)
{
	return calloc(1, sizeof(struct nindex));
}

void
nindex_free(struct nindex *ix)
{
	free(ix);
}

const struct nindex *
nindex_ready(const struct logevent *ev)
{
	const struct nindex	*ix = ev->nidx;

	if (ix == NULL || ix->ev != ev || ix->gen != ev->gen || ev->gen == 0)
		return NULL;
	return ix;
}

struct nindex *
nindex_begin(const struct logevent *ev)
{
	struct nindex	*ix = ev->nidx;

	if (ix == NULL || ev->gen == 0)
		return NULL;
	ix->ev = ev;
	ix->gen = ev->gen;
	ix->complete = 1;
	ix->n = 0;
	memset(ix->slot, 0, sizeof(ix->slot));
	return ix;
}

/* FNV-1a: keys are short words, and this is inlined in the probe. */
static uint32_t
nindex_hash(const char *p, size_t len)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < len; i++)
		h = (h ^ (uint8_t)p[i]) * 16777619u;
	return h;
}

static int
nindex_eq(const struct nindex_ent *e, const char *name, size_t len)
{
	return e->key.len == len && memcmp(e->key.p, name, len) == 0;
}

int
nindex_add(struct nindex *ix, struct slice key, struct slice val,
    uint8_t type, uint8_t flags, uint8_t rank)
{
	struct nindex_ent	*e;
	uint32_t		 h = nindex_hash(key.p, key.len);
	size_t			 j = h & (NINDEX_SLOTS - 1);

	for (; ix->slot[j] != 0; j = (j + 1) & (NINDEX_SLOTS - 1)) {
		e = &ix->ent[ix->slot[j] - 1];
		if (ix->hash[ix->slot[j] - 1] != h ||
		    !nindex_eq(e, key.p, key.len))
			continue;
		if (rank < e->rank)
			goto set;
		return 0;
	}
	if (ix->n == NINDEX_MAX) {
		ix->complete = 0;
		return -1;
	}
	e = &ix->ent[ix->n];
	e->key = key;
	ix->hash[ix->n] = h;
	ix->slot[j] = (uint16_t)++ix->n;
set:
	e->val = val;
	e->type = type;
	e->flags = flags;
	e->rank = rank;
	return 0;
}

void
nindex_incomplete(struct nindex *ix)
{
	ix->complete = 0;
}

int
nindex_find(const struct nindex *ix, const char *name, size_t len,
    const struct nindex_ent **out)
{
	uint32_t	 h = nindex_hash(name, len);
	size_t		 j = h & (NINDEX_SLOTS - 1);

	for (; ix->slot[j] != 0; j = (j + 1) & (NINDEX_SLOTS - 1))
		if (ix->hash[ix->slot[j] - 1] == h &&
		    nindex_eq(&ix->ent[ix->slot[j] - 1], name, len)) {
			*out = &ix->ent[ix->slot[j] - 1];
			return 1;
		}
	return ix->complete ? 0 : -1;
}

size_t
nindex_count(const struct nindex *ix)
{
	return ix->n;
}
