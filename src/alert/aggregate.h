/*
 * Alert aggregation: the same rule on the same endpoint and destination
 * (or on the same endpoint, for rules that say so: scans) within a
 * window of event time gives one alert, not one per event.  The
 * first alert goes out at once (incident.revision 1); later ones in the
 * window are only counted; when the window closes, one update goes out
 * with the same event.id, the total incident.count, event.start/end
 * spanning all of them, the last evidence line and the next revision.
 *
 * A window keeps a summary, not the alert: the first record's text,
 * the destinations of a window by endpoint, and the latest evidence.
 * While the windows together hold less than a quarter of their bytes
 * (below), these are kept as they are: deflating a record costs more
 * than building it.  Past that they are deflated against a dictionary
 * that the windows of one rule share (the text of one of its records,
 * at most 32 KB).  The update is built from the summary, byte for byte
 * the record the whole alert would give.  Deflated, an alert with
 * evidence lines of 2 KB keeps in a third of AGGREGATE_BYTES; one of kilobytes of random bytes does not compress so
 * far, so the windows are bounded in bytes too: when together they hold
 * more than max * AGGREGATE_BYTES, the oldest close early, as when there
 * are max of them.  The dictionaries are counted apart (shared): one per
 * rule with windows open.  A reload changes none of it.
 */
#ifndef DETECTD_AGGREGATE_H
#define DETECTD_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define AGGREGATE_WINDOW	(10 * 60 * 1000)	/* default, ms */
#define AGGREGATE_FLUSH		(60 * 1000)	/* aggregate-flush default */
#define AGGREGATE_MAX		10000			/* open windows */
#define AGGREGATE_DESTS		100	/* destinations an update names */
#define AGGREGATE_BYTES		2048	/* per open window, all of them at most */

/* AGGREGATE_BY_*, what makes two alerts of a rule the same: rule.h. */
#include "rules/rule.h"

struct aggregate;

struct aggregate_stats {
	uint64_t	 alerts;	/* first records emitted */
	uint64_t	 updates;	/* update records emitted */
	uint64_t	 suppressed;	/* alerts folded into an open window */
	uint64_t	 evicted;	/* windows closed early: table full */
	uint64_t	 wall_closed;	/* closed by aggregate_wall */
	size_t		 open;		/* windows open now */
	size_t		 bytes;		/* held by the open windows */
	size_t		 shared;	/* held by the rules' dictionaries */
};

/* emit gets each record to write out; it must not keep rec. */
typedef void	 (*aggregate_emit)(void *arg, json_t *rec);

/* window_ms 0: every alert goes out as it is, with revision 1. */
struct aggregate *aggregate_new(int64_t window_ms, size_t max,
		    aggregate_emit, void *arg);
/* Open windows are dropped: aggregate_drain first to send them. */
void		 aggregate_free(struct aggregate *);
/* A reload: open windows keep the length they were opened with. */
void		 aggregate_set_window(struct aggregate *, int64_t window_ms);
/*
 * One alert record, with the event times of its evidence and the events
 * behind it.  It is emitted now (a new window, or aggregation off), or
 * counted in the open window with the same key.  rec is not kept.
 * window_ms is the rule's own window (a new one only: an open window
 * keeps its length), 0 for none, -1 for the one given to aggregate_new.
 * by is AGGREGATE_BY_*: with AGGREGATE_BY_ENDPOINT, alerts on other
 * destinations fold too, and the update names them (incident.destinations).
 */
/*
 * Returns 1 when rec was folded into an open window, 0 when it went out.
 * *id is the event.id of the alert in effect, which the ticket carries:
 * rec's own, or that of the window's first record; borrowed until the
 * next call, NULL when the record has none.
 */
int		 aggregate_add(struct aggregate *, json_t *rec,
		    int64_t window_ms, int by, int64_t first_ms,
		    int64_t last_ms, uint64_t count, const char **id);
/* Event time moved to now_ms: close the windows that ended. */
void		 aggregate_tick(struct aggregate *, int64_t now_ms);
/*
 * Live mode: the wall clock (monotonic ms) is now wall_ms.  A window
 * closes when its length and grace_ms more have passed by it since the
 * window opened, although no event has brought event time past its end:
 * a quiet log does not hold an update back.  grace_ms -1: only note the
 * time (windows opened from now on know when).  Never called in replay,
 * whose windows run on event time alone.
 */
void		 aggregate_wall(struct aggregate *, int64_t wall_ms,
		    int64_t grace_ms);
/* Close every window now (end of replay, exit). */
void		 aggregate_drain(struct aggregate *);
const struct aggregate_stats *aggregate_stats(const struct aggregate *);

#endif
