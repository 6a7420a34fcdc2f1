/*
 * Rare destinations across the organisation: see statsrare.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/beacon.h"
#include "analyzers/statsrare.h"
#include "analyzers/statsrule.h"
#include "util/hash.h"
#include "util/timeutil.h"

#define STATSRARE_MANY	(STATSRARE_SLOTS + 1)
#define STATSRARE_DAY	86400000.0

uint64_t
statsrare_hash(const char *key, size_t len)
{
	return hash64_lower(key, len, 0x72617265ULL);
}

int
statsrare_keys(const struct stats_params *p, const struct logevent *ev,
    struct statskey_ep *ep, char *key, size_t *len, uint64_t *hash,
    uint32_t *who)
{
	const struct field_def	*fd, *table;
	struct slice		 v;
	char			 num[24], grp[STATSKEY_MAX];
	size_t			 nf, glen;
	uint64_t		 gh;

	/* The group first: it may reuse the endpoint worked out in ep. */
	if (statskey_build(p, ev, ep, grp, &glen, &gh) == -1)
		return -1;
	v = statskey_value(&p->what, ev, ep, num, sizeof(num), &fd);
	if (v.len == 0 || fd == NULL || v.len + 2 > STATSKEY_MAX)
		return -1;
	table = field_table(&nf);
	key[0] = (char)(fd - table + 1);
	memcpy(key + 1, v.p, v.len);
	key[v.len + 1] = '\0';
	*len = v.len + 2;
	*hash = statsrare_hash(key, *len);
	*who = (uint32_t)(gh >> 32) ^ (uint32_t)gh;
	return 0;
}

int
statsrare_add(struct rare *r, uint32_t who, int64_t t)
{
	size_t	 i;

	if (r->n == 0 || t < r->first_ms)
		r->first_ms = t;
	if (r->n >= STATSRARE_MANY)
		return 0;
	for (i = 0; i < r->n; i++)
		if (r->who[i] == who)
			return 0;
	if (r->n == STATSRARE_SLOTS) {
		r->n = STATSRARE_MANY;
		return 0;
	}
	r->who[r->n++] = who;
	return 1;
}

void
statsrare_reason(const struct rare *r, const char *value,
    int64_t observed_ms, char *buf, size_t len)
{
	char	 obs[32], t[40];

	if (observed_ms < 2 * STATSRARE_DAY)
		beacon_duration((double)observed_ms, obs, sizeof(obs));
	else
		snprintf(obs, sizeof(obs), "%.1f days",
		    (double)observed_ms / STATSRARE_DAY);
	if (r->n <= 1) {
		snprintf(buf, len, "%s first seen in the organisation "
		    "(1 endpoint after %s of observation)", value, obs);
		return;
	}
	if (time_format_rfc3339(r->first_ms, t, sizeof(t)) == -1)
		snprintf(t, sizeof(t), "?");
	snprintf(buf, len, "%s rare in the organisation (%u endpoints since "
	    "it was first seen at %s, after %s of observation)", value,
	    (unsigned)r->n, t, obs);
}

int
statsrare_write(FILE *fp, const struct rare *r)
{
	size_t	 i;

	if (fprintf(fp, "%" PRId64 " %u", r->first_ms, (unsigned)r->n) < 0)
		return -1;
	for (i = 0; i < r->n && i < STATSRARE_SLOTS; i++)
		if (fprintf(fp, " %08" PRIx32, r->who[i]) < 0)
			return -1;
	return 0;
}

int
statsrare_read(struct rare *r, const char *s)
{
	char		*end;
	unsigned long	 n, i;
	long long	 first;

	memset(r, 0, sizeof(*r));
	first = strtoll(s, &end, 10);
	if (end == s || *end != ' ')
		return -1;
	n = strtoul(end + 1, &end, 10);
	if (n == 0 || n > STATSRARE_MANY)
		return -1;
	for (i = 0; i < n && i < STATSRARE_SLOTS; i++) {
		if (*end != ' ')
			return -1;
		s = end + 1;
		r->who[i] = (uint32_t)strtoul(s, &end, 16);
		if (end != s + 8)
			return -1;
	}
	if (*end != '\0')
		return -1;
	r->first_ms = first;
	r->n = (uint8_t)n;
	return 0;
}
