/*
 * The statistical analyzer (analyzer_stats in analyzer.h): beacons,
 * error counts, distinct destinations, names and users, and deviation
 * from each group's own baseline.  detectd.rules(5) documents its rule
 * options.  What it exports beyond the analyzer interface is for the
 * statistics output and the tests.
 */
#ifndef DETECTD_STATS_H
#define DETECTD_STATS_H

#include <stddef.h>
#include <stdint.h>

struct ruleset;

/* Baselines persist in this file of the state directory. */
#define STATS_STATE_FILE	"stats-baselines"
#define STATS_STATE_MAGIC	"detectd-stats-baselines 1"

struct stats_counters {
	const char	*rule;		/* rule id */
	size_t		 entries;	/* groups tracked */
	uint64_t	 evictions;	/* groups dropped for room (LRU) */
	uint64_t	 late;		/* events older than their window */
	uint64_t	 findings;
	size_t		 memory;	/* bytes, tables and what they hold */
};

/* Counters of the i-th statistical rule; -1 past the last. */
int		 stats_counters(void *, size_t i, struct stats_counters *);
/*
 * For detectd -n: log, for each enabled rule of rs that learns for a
 * duration of event time (beacon and rare rules), how much of it the
 * baseline file in state_dir shows observed, and whether learning is
 * complete.  Returns the number of rules still learning.
 */
int		 stats_learning(const struct ruleset *, const char *state_dir);
/* Bytes of the rules' tables, without what entries point to; cheap. */
size_t		 stats_table_bytes(const void *);
/* Destination names the single-thread analyzer holds (for the tests). */
size_t		 stats_names_count(const void *);

#endif
