/*
 * Beacon scoring for one (endpoint, destination) pair.  A pair keeps its
 * connection count, first and last time, the last BEACON_GAPS gaps
 * between connections (milliseconds, in time order) and the last
 * BEACON_SIZES transfer sizes.  Most pairs of an organisation see a
 * handful of connections: up to BEACON_INLINE of them are kept in the
 * pair's 64 bytes, and only a pair that goes on allocates room for all
 * (beacon_free gives it back).
 *
 * Regularity of a series is the mean of 1 - |Bowley skewness| (quartile
 * skewness) and 1 - 2 MAD / median, each in 0..1; it is taken over the
 * gaps and over the sums of consecutive gaps (which makes two-mode
 * beacons, alternating a short and a long sleep, as regular as they
 * are), the sums only when they do better by more than 0.15.  The
 * base score is
 *
 *	regularity * (0.60 + 0.15 bytes + 0.10 count + 0.15 span)
 *
 * with bytes the regularity of the sizes (0.5 when unknown), count the
 * connections over four times the minimum (at most 1: 48 connections by
 * default) and span the time from first to last connection over the
 * horizon (at most 1): the rule's window, or the event time the rule
 * has observed when that is shorter, but at least BEACON_HORIZON_MIN;
 * the score is then scaled down by coverage / 0.1 when the coverage
 * (connections times the period, over the time they span) is under
 * 0.1, which is what bursts of human requests hours apart look like.
 * A perfect 45-minute pattern of 12 connections scores at most 0.79.
 *
 * What the organisation knows of the destination then moves it
 * (beacon_context):
 *
 *	prevalence: times 1 - 0.5 min(1, (share - 0.02) / 0.18) when at
 *	    least BEACON_PREV_MIN endpoints contact it and they are over
 *	    2% of the organisation's (halved at 20% and more);
 *	popular:    times 0.8 (a top site, a vendor range: the rule's
 *	    "popular" condition);
 *	new:        plus 0.25 (1 - score) (1 - age / 7 days) when the
 *	    destination was first seen at least BEACON_SETTLE after the
 *	    rule began observing, age days ago, and is neither popular
 *	    nor prevalent.
 *
 * A destination that at least two endpoints beacon to (each pair over
 * the rule's threshold) while it is rare in the organisation (at most
 * BEACON_RARE_SHARE of its endpoints contact it) and not popular is a
 * spread: the same implant on several machines, which the learning
 * period reports as it does a strong score (statsbeacon.c).
 */
#ifndef DETECTD_BEACON_H
#define DETECTD_BEACON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BEACON_GAPS	32
#define BEACON_SIZES	16
#define BEACON_HORIZON_MIN	(6 * 3600000LL)
#define BEACON_PREV_MIN		5	/* endpoints before prevalence counts */
#define BEACON_SETTLE		3600000LL	/* observing before "new" */
#define BEACON_NEW_MS		(7 * 86400000LL)
#define BEACON_RARE_SHARE	0.05

#define BEACON_INLINE	4	/* connections kept without allocating */

struct beacon_more {
	uint32_t	 gaps[BEACON_GAPS];	/* oldest first */
	uint32_t	 sizes[BEACON_SIZES];	/* a ring */
};

/* All zero is a pair without connections. */
struct beacon {
	int64_t		 first_ms;
	int64_t		 last_ms;
	uint32_t	 n;			/* connections */
	uint8_t		 ngaps;
	uint8_t		 nsizes;
	uint8_t		 spos;
	struct beacon_more *more;		/* NULL: the inline arrays */
	uint32_t	 gaps[BEACON_INLINE - 1];
	uint32_t	 sizes[BEACON_INLINE];
};

struct beacon_result {
	double		 score;
	double		 regularity;
	double		 bytes;		/* -1 when sizes are unknown */
	double		 period_ms;	/* median gap, or cycle of two */
	double		 jitter_ms;	/* MAD of the same */
	double		 mode_a_ms;	/* two-mode: the two gaps */
	double		 mode_b_ms;
	double		 coverage;	/* (n - 1) * period / span */
	int		 two_mode;
	uint32_t	 n;
	int64_t		 span_ms;
	/* beacon_context: what moved the score, for the reason */
	double		 base;		/* the score before */
	double		 endpoints;	/* 0: not known */
	double		 org;
	int		 popular;
	int		 prevalent;
	int64_t		 new_ms;	/* age when new, else 0 */
	int		 beaconing;	/* endpoints beaconing to it */
	int		 spread;	/* several of them, and it is rare */
};

/* What the organisation knows of a pair's destination. */
struct beacon_ctx {
	double		 endpoints;	/* that contacted it; 0: not known */
	double		 org;		/* all endpoints seen */
	int		 popular;
	int64_t		 first_ms;	/* the destination's first contact */
	int64_t		 since_ms;	/* the rule's first event */
	int64_t		 now_ms;
	int		 beaconing;	/* endpoints beaconing to it, this one too */
};

/* One connection at t; bytes < 0 when unknown. */
/*
 * A connection at t of bytes (-1 unknown); -1 when the pair had to grow
 * and there was no memory (the connection is not counted).
 */
int		 beacon_add(struct beacon *, int64_t t, int64_t bytes);
/* What the pair allocated; it is a pair without connections after. */
void		 beacon_free(struct beacon *);
/* Start loading what beacon_add will touch of the pair kept apart. */
void		 beacon_prefetch(const struct beacon *);
/*
 * The pair as text, "FIRST LAST N SPOS NGAPS GAP... NSIZES SIZE...", and
 * back into a pair without connections: the end of what was read, or
 * NULL when malformed or out of memory (the hand-over, stats.c).
 */
int		 beacon_write(FILE *, const struct beacon *);
const char	*beacon_read(struct beacon *, const char *);
/* Score the pair; -1 if it has fewer than min_conn connections. */
int		 beacon_score(const struct beacon *, int64_t window_ms,
		    uint32_t min_conn, struct beacon_result *);
/* Move r->score by what ctx knows of the destination (see above). */
void		 beacon_context(struct beacon_result *,
		    const struct beacon_ctx *);
/* Regularity of a series (exposed for tests). */
double		 beacon_regularity(const double *, size_t, double *median,
		    double *mad);
/*
 * "beacon every 60.2 s ±11.8 s (MAD), 1,412 connections over 23.6 h to
 * D, score 0.93", then what beacon_context did: "; 3 of 200 endpoints
 * contact it", "popular", "first seen 2.0 h ago" and "score 0.81 before".
 */
void		 beacon_reason(const struct beacon_result *, const char *dest,
		    char *, size_t);
/* "60.2 s", "12.5 min", "23.6 h" */
void		 beacon_duration(double ms, char *, size_t);
/* 1412 -> "1,412" */
void		 beacon_thousands(uint64_t, char *, size_t);

#endif
