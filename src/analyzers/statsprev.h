/*
 * Prevalence of a destination across the organisation, for beacon
 * rules: how many distinct endpoints contacted it, when it was first
 * seen, and what the learning period recorded of it.  Endpoints are
 * counted by linear counting (Whang et al., 1990) in a bitmap of
 * STATSPREV_BITS bits: each endpoint's 32-bit hash sets one bit, and
 * with z bits still clear the count is m ln(m / z); it is within a few
 * per cent up to about m endpoints and saturates, all bits set, at
 * m ln m (about 3,200 for m = 512), which is "most of a large
 * organisation".  64 bytes, no allocation, exact for one endpoint.
 * The same bitmap counts the organisation's endpoints as a whole, so a
 * destination's share is the ratio of two estimates of the same bias.
 */
#ifndef DETECTD_STATSPREV_H
#define DETECTD_STATSPREV_H

#include <stdint.h>
#include <stdio.h>

#define STATSPREV_BITS	512
#define STATSPREV_BEACONS	4	/* beaconing endpoints kept */

/* What the learning period saw of a destination (flags). */
#define STATSPREV_LEARNED	0x1	/* a beacon to it while learning */

struct statsprev {
	int64_t		 first_ms;	/* first contact seen, 0: none */
	uint64_t	 bits[STATSPREV_BITS / 64];
	uint32_t	 flags;
	double		 peak;		/* uploads: largest window sum */
	/* endpoints whose beacons (uploads) to it crossed the threshold */
	uint32_t	 beacons[STATSPREV_BEACONS];
	uint8_t		 nbeacons;
};

/* Endpoint who contacted it at t. */
void		 statsprev_add(struct statsprev *, uint32_t who, int64_t t);
/* Start loading what statsprev_add will touch (p may be NULL). */
void		 statsprev_prefetch(const struct statsprev *);
/*
 * Endpoint who beacons to it: the distinct beaconing endpoints so far,
 * exactly up to STATSPREV_BEACONS.
 */
int		 statsprev_beacon(struct statsprev *, uint32_t who);
/* Estimated distinct endpoints. */
double		 statsprev_count(const struct statsprev *);
/* One line of text, without newline: "first flags peak hex [who,...]". */
int		 statsprev_write(FILE *, const struct statsprev *);
/* Parse what statsprev_write wrote; -1 if malformed. */
int		 statsprev_read(struct statsprev *, const char *);

#endif
