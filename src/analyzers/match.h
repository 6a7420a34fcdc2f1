/*
 * Statistics of the match analyzer, for SIGUSR1 and the end-of-replay
 * summary.  The pipeline holds the analyzer's state as an opaque pointer
 * (analyzer_ops.new's result); pass it here.
 */
#ifndef DETECTD_MATCH_H
#define DETECTD_MATCH_H

#include <stdint.h>

struct match_stats {
	uint64_t	 events;	/* events evaluated */
	uint64_t	 hits;		/* rule matches, suppressed or not */
	uint64_t	 suppressed;	/* matches dropped by a suppression */
	uint64_t	 regex_limit;	/* regex runs cut by their limits */
	uint64_t	 regex_skipped;	/* regex runs the prefilter saved */
	uint64_t	 rules_skipped;	/* rule evaluations it saved */
	/* rule evaluations saved: the endpoint's profile lacks their key */
	uint64_t	 rules_unprofiled;
};

/* Counters since the analyzer started (they survive reloads). */
void	 match_stats(const void *state, struct match_stats *);

#endif
