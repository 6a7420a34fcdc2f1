/*
 * Beacon scoring for one (endpoint, destination) pair.  A pair keeps its
 * connection count, first and last time, the last BEACON_GAPS gaps
 * between connections (milliseconds, in time order) and the last
 * BEACON_SIZES transfer sizes: 216 bytes, no allocation.
 *
 * Regularity of a series is the mean of 1 - |Bowley skewness| (quartile
 * skewness) and 1 - 2 MAD / median, each in 0..1; it is taken over the
 * gaps and over the sums of consecutive gaps (which makes two-mode
 * beacons, alternating a short and a long sleep, as regular as they
 * are), the sums only when they do better by more than 0.15.  The
 * score is
 *
 *	regularity * (0.70 + 0.15 bytes + 0.075 count + 0.075 span)
 *
 * with bytes the regularity of the sizes (0.5 when unknown), count the
 * connections over twice the minimum (at most 1) and span the time from
 * first to last connection over the window (at most 1); the score is
 * then scaled down by coverage / 0.1 when the coverage (connections
 * times the period, over the time they span) is under 0.1, which is
 * what bursts of human requests hours apart look like.
 */
#ifndef DETECTD_BEACON_H
#define DETECTD_BEACON_H

#include <stddef.h>
#include <stdint.h>

#define BEACON_GAPS	32
#define BEACON_SIZES	16

struct beacon {
	int64_t		 first_ms;
	int64_t		 last_ms;
	uint32_t	 n;			/* connections */
	uint32_t	 gaps[BEACON_GAPS];	/* oldest first */
	uint32_t	 sizes[BEACON_SIZES];	/* a ring */
	uint8_t		 ngaps;
	uint8_t		 nsizes;
	uint8_t		 spos;
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
};

/* One connection at t; bytes < 0 when unknown. */
void		 beacon_add(struct beacon *, int64_t t, int64_t bytes);
/* Score the pair; -1 if it has fewer than min_conn connections. */
int		 beacon_score(const struct beacon *, int64_t window_ms,
		    uint32_t min_conn, struct beacon_result *);
/* Regularity of a series (exposed for tests). */
double		 beacon_regularity(const double *, size_t, double *median,
		    double *mad);
/* "beacon every 60.2 s ±11.8 s (MAD), 1,412 connections over 23.6 h to D, score 0.93" */
void		 beacon_reason(const struct beacon_result *, const char *dest,
		    char *, size_t);
/* "60.2 s", "12.5 min", "23.6 h" */
void		 beacon_duration(double ms, char *, size_t);
/* 1412 -> "1,412" */
void		 beacon_thousands(uint64_t, char *, size_t);

#endif
