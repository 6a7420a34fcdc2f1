/*
 * Prevalence of destinations: see statsprev.h.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyzers/statsprev.h"

void
statsprev_add(struct statsprev *p, uint32_t who, int64_t t)
{
	/* Fibonacci hashing spreads hashes that differ in low bits. */
	uint32_t	 b = (uint32_t)(who * 2654435761U) >> 23;

	if (p->first_ms == 0 || t < p->first_ms)
		p->first_ms = t;
	p->bits[b / 64] |= 1ULL << (b % 64);
}

void
statsprev_prefetch(const struct statsprev *p)
{
	if (p == NULL)
		return;
	__builtin_prefetch(p, 1);
	__builtin_prefetch((const unsigned char *)p + sizeof(*p) - 1, 1);
}

int
statsprev_beacon(struct statsprev *p, uint32_t who)
{
	size_t	 i;

	for (i = 0; i < p->nbeacons; i++)
		if (p->beacons[i] == who)
			return p->nbeacons;
	if (p->nbeacons < STATSPREV_BEACONS)
		p->beacons[p->nbeacons++] = who;
	return p->nbeacons;
}

double
statsprev_count(const struct statsprev *p)
{
	double	 m = STATSPREV_BITS;
	int	 set = 0;
	size_t	 i;

	for (i = 0; i < STATSPREV_BITS / 64; i++)
		set += __builtin_popcountll(p->bits[i]);
	if (set == STATSPREV_BITS)
		return m * log(m);
	return m * log(m / (m - set));
}

int
statsprev_write(FILE *fp, const struct statsprev *p)
{
	size_t	 i;

	if (fprintf(fp, "%" PRId64 " %" PRIu32 " %.0f ", p->first_ms,
	    p->flags, p->peak) < 0)
		return -1;
	for (i = 0; i < STATSPREV_BITS / 64; i++)
		if (fprintf(fp, "%016" PRIx64, p->bits[i]) < 0)
			return -1;
	for (i = 0; i < p->nbeacons; i++)
		if (fprintf(fp, "%c%08" PRIx32, i == 0 ? ' ' : ',',
		    p->beacons[i]) < 0)
			return -1;
	return 0;
}

/* " who,who,...": the beaconing endpoints; -1 if malformed. */
static int
statsprev_read_beacons(struct statsprev *p, const char *s)
{
	unsigned int	 who;
	int		 n;

	if (*s == '\0')
		return 0;
	if (*s++ != ' ')
		return -1;
	while (p->nbeacons < STATSPREV_BEACONS &&
	    sscanf(s, "%8x%n", &who, &n) == 1 && n == 8) {
		p->beacons[p->nbeacons++] = who;
		s += n;
		if (*s == '\0')
			return 0;
		if (*s++ != ',')
			return -1;
	}
	return -1;
}

int
statsprev_read(struct statsprev *p, const char *s)
{
	char		 hex[17];
	int		 n;
	size_t		 i;

	memset(p, 0, sizeof(*p));
	if (sscanf(s, "%" SCNd64 " %" SCNu32 " %lf %n", &p->first_ms,
	    &p->flags, &p->peak, &n) != 3 || p->peak < 0 ||
	    strlen(s + n) < STATSPREV_BITS / 4)
		return -1;
	s += n;
	for (i = 0; i < STATSPREV_BITS / 64; i++, s += 16) {
		memcpy(hex, s, 16);
		hex[16] = '\0';
		if (strspn(hex, "0123456789abcdef") != 16 ||
		    sscanf(hex, "%" SCNx64, &p->bits[i]) != 1)
			return -1;
	}
	return statsprev_read_beacons(p, s);
}
