/*
 * The pipeline: a line from an input goes through its parser into a
 * struct logevent, through the identity table and every analyzer, and
 * the findings go through the alert stage (alert/alerter.h) to the
 * outputs.
 */
#ifndef DETECTD_PIPELINE_H
#define DETECTD_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "event/rline.h"

struct aggregate_stats;
struct analyzer_inst;
struct analyzer_ops;
struct config;
struct logevent;
struct output;
struct parser;

struct source_stats {
	uint64_t	 lines;
	uint64_t	 bytes;
	uint64_t	 events;
	uint64_t	 skipped;	/* headers, comments, blank lines */
	uint64_t	 parse_errors;
	uint64_t	 truncated;
	uint64_t	 split;		/* pieces of lines split across syslog frames */
};

/* What the last line of a source was, for lines split across frames. */
enum source_frame {
	FRAME_PLAIN,		/* no syslog header */
	FRAME_HEAD_OK,		/* a header, and it parsed */
	FRAME_HEAD_FAILED,	/* a header, and it did not parse */
	FRAME_PIECE		/* the rest of a split line */
};

/* One stream of lines of one format: an input, or a file in replay. */
struct source {
	char			*name;
	const struct parser	*parser;
	void			*pstate;
	int64_t			 ref_ms;	/* file time, for dates without a year */
	uint32_t		 shard;		/* its lines' logevent.shard */
	enum source_frame	 frame;		/* its last line's */
	struct source_stats	 st;
};

struct pipeline_stats {
	uint64_t	 events;
	uint64_t	 findings;
	uint64_t	 alerts;
	uint64_t	 alerts_lost;	/* could not be formatted or queued */
	uint64_t	 finding_records;	/* first tier: written out */
	uint64_t	 finding_records_lost;	/* not built, or an output lost it */
	uint64_t	 contribution_records;	/* first tier: written out */
	uint64_t	 contribution_records_lost;
};

struct pipeline;

/* replay: reading files once (-r); analyzers keep no state across runs. */
struct pipeline	*pipeline_new(const struct config *, struct output **,
		    size_t nout, int replay);
void		 pipeline_free(struct pipeline *);
/* Swap in a new configuration's rule set; analyzers keep their state. */
int		 pipeline_reload(struct pipeline *, const struct config *);
/*
 * Work ahead from now on, or not (tests); otherwise it starts by itself
 * once the tables are big.
 */
void		 pipeline_set_ahead(struct pipeline *, int on);
/* Fix event.created (tests); 0 = wall clock. */
void		 pipeline_set_now(struct pipeline *, int64_t now_ms);

/*
 * An event parsed ahead may point into its source's parser state (a
 * Zeek header, for its native field lookups): call pipeline_sync before
 * source_free or source_restart of a source whose lines it was given.
 */
struct source	*source_new(const char *name, const char *format,
		    int64_t mtime_ms);
void		 source_free(struct source *);
/* Log what the source read: lines, events, errors (and a wrong format). */
void		 source_report(const struct source *, const char *label);
/* Start of a new file for this source: fresh parser state. */
int		 source_restart(struct source *, int64_t mtime_ms);

/*
 * Parse a line; its event is processed a few lines later (pipeline.c),
 * or by pipeline_sync, pipeline_flush or pipeline_drain.  The line, file
 * and source name need not outlive the call.
 */
void		 pipeline_line(struct pipeline *, struct source *,
		    const char *file, const struct rline *);
/* Process every event parsed so far. */
void		 pipeline_sync(struct pipeline *);
/*
 * Live mode, from a timer: the wall clock (monotonic ms), so that an
 * aggregation window closes on a quiet log (aggregate-flush).
 */
void		 pipeline_wall(struct pipeline *, int64_t wall_ms);
/* Event time of the newest event seen, 0 before any. */
int64_t		 pipeline_time(const struct pipeline *);
/* Let analyzers report what their windows hold (end of replay). */
void		 pipeline_drain(struct pipeline *);
/* Write out buffered alerts; -1 if an output is failing. */
int		 pipeline_flush(struct pipeline *);
const struct pipeline_stats *pipeline_stats(struct pipeline *);
const struct aggregate_stats *pipeline_aggregate_stats(const struct pipeline *);
struct incident_stats;
const struct incident_stats *pipeline_incident_stats(const struct pipeline *);
/*
 * Per rule id: findings, alerts written and hits folded into an open
 * aggregate, as a new JSON object {"ID": {"findings": n, ...}}.
 */
json_t		*pipeline_rule_stats(const struct pipeline *);
/* The running analyzers (analyzer.h), in the order of their table. */
/*
 * A Kafka input's partitions move: give (save) the state the analyzers
 * and the identity table keep of them to dir, or take (load) it from
 * there (tier.h, tier_hand_parts).  -1 when a file failed.
 */
int		 pipeline_hand(struct pipeline *, const char *dir,
		    const char *topic, const int32_t *parts, size_t n,
		    int give);
/* The same to or from a state topic (tier.h, tier_hand_topic). */
struct kstate;
int		 pipeline_hand_topic(struct pipeline *, struct kstate *,
		    const char *topic, const int32_t *parts, size_t n,
		    int give);
const struct analyzer_inst *pipeline_analyzers(const struct pipeline *,
		    size_t *n);
/*
 * The counters of the analyzer at index i of that table (its stats
 * function), added up over the worker threads that run it; a new
 * value, NULL when it has none.
 */
json_t		*pipeline_analyzer_stats(struct pipeline *, size_t i);
/*
 * fn on the event once for each user it stands for (pass 0, 1, ...):
 * once, or for a message to several recipients as each of them, the
 * event's user changed for each (pipeline_many_users).
 */
int		 pipeline_many_users(const struct logevent *);
void		 pipeline_each_user(struct logevent *,
		    void (*fn)(void *, struct logevent *, size_t pass),
		    void *arg);
/* The running state of an analyzer (analyzer.h); or NULL. */
void		*pipeline_analyzer(const struct pipeline *,
		    const struct analyzer_ops *);

#endif
