/*
 * Worker threads (detectd.conf "workers N", N > 1).  The reading thread
 * frames and parses each line into the pipeline's ring of events and
 * numbers it (seq); the workers run the analyzers that keep no state
 * between events (ANALYZER_PURE: the match analyzer), each with a rule
 * set of its own, and keep their findings by event; the reading thread
 * then takes the events back in seq order and, for each, replays those
 * findings to the alert stage at the place the analyzer has in the
 * table and runs the analyzers with state (statistics, composite) and
 * the alerter and outputs itself.  So every finding, alert id and
 * record comes out in the order one thread gives, byte for byte.
 *
 * An analyzer whose rules split into parts (analyzer.h: the statistical
 * analyzer) runs part k on worker k, each part on every event in order,
 * with the endpoint the reading thread resolved ahead (workers_given);
 * its findings too go back in one thread's order.  Everything else it
 * does (tick, flush, saving, reload) stays on the reading thread, with
 * every part idle (workers_wait_parts) where it touches their state.
 *
 * Ownership: an event published is the workers' until workers_wait
 * returns for it, then the reading thread's again; the findings kept
 * for it (and the rule set's indicators they point to) live until the
 * slot's next event is published.  A reload stops the threads, loads
 * their rule sets anew and starts them again.
 */
#ifndef DETECTD_WORKERS_H
#define DETECTD_WORKERS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct analyzer_inst;
struct config;
struct emitter;
struct part_given;
struct logevent;
struct ruleset;
struct suppress;
struct workers;

/* "workers auto": one per online processor, up to this. */
#define WORKERS_MAX	64

/*
 * n threads over ring (nring events, a power of two, seq at slot
 * seq % nring); each loads c->path again for a rule set of its own,
 * which must give the rules of c->rs in the same order.  The first of
 * the reading thread's analyzers an (the pipeline's table) that splits
 * is split in n parts, until workers_free.
 */
struct workers	*workers_new(const struct config *c, size_t n,
		    struct logevent *ring, size_t nring,
		    const struct analyzer_inst *an);
/* Stops the threads: call after every published event was waited. */
void		 workers_free(struct workers *);
/*
 * Before it is published: where to write what the reading thread gives
 * the parts for the pass-th user of event seq (analyzer.h, struct
 * part_given: the endpoint as the identity table gives it then, and the
 * analyzer's part_give), passes in order; NULL: nothing is given (no
 * memory), the parts work it out themselves.
 */
struct part_given *workers_given(struct workers *, uint64_t seq,
		    size_t pass);
/* Event seq (the next number) is parsed: theirs now. */
void		 workers_publish(struct workers *, uint64_t seq);
/* Whether the workers are done with event seq (published). */
int		 workers_done(struct workers *, uint64_t seq);
/* Until the workers are done with event seq. */
void		 workers_wait(struct workers *, uint64_t seq);
/* Until every part is done with event seq (all published events). */
void		 workers_wait_parts(struct workers *, uint64_t seq);
/* Whether the analyzer at index an of the table runs on the workers. */
int		 workers_runs(const struct workers *, size_t an);
/*
 * Event ev's findings of the analyzer at index an of the table, made
 * while it was the pass-th user of the event (pipeline_each_user), to
 * em, their rules taken from rs (the reading thread's rule set); ev is
 * the reading thread's event, in that pass.
 */
void		 workers_replay(struct workers *, const struct logevent *ev,
		    size_t an, size_t pass, const struct ruleset *rs,
		    const struct emitter *em);
/* A new configuration: every event waited first.  -1 keeps the old. */
int		 workers_reload(struct workers *, const struct config *);
/*
 * The counters (analyzer_ops.stats) of the analyzer at index an summed
 * over the workers, a new value; NULL when it does not run there.
 */
json_t		*workers_stats(struct workers *, size_t an);
/*
 * What the workers' suppressions held back since the last call, added
 * to into's (the reading thread's rule set): call with every event
 * waited.
 */
void		 workers_fold(struct workers *, struct suppress *into);
/* "workers auto": the online processors, at most WORKERS_MAX. */
size_t		 workers_auto(void);

#endif
