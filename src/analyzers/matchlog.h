/*
 * The match analyzer's index of the rules that say which logs they
 * read (Sigma rules: rule.where, a format, a Windows event id or any,
 * a channel or any).  Each (format, event id, channel) of the event ids
 * and channels rules name is a bucket, and so is each format's "other
 * event ids" and "other channels": a bucket holds every rule whose
 * wheres cover it.  An event is looked up by its format, its event id
 * (a sorted table) and its channel (hashes), so that a Sysmon process
 * creation costs the process creation rules and no other Sigma rule,
 * and the rules of the Application channel cost only its events.
 *
 * A bucket lists its rules that no prefilter literal gates (evaluated
 * for every event of the bucket) and marks the gated ones (evaluated
 * when the prefilter found one of their literals), and it knows the
 * lazy prefilter groups (the Sigma fields) its gated rules need
 * scanned: matchlog_begin scans them, so the match analyzer's
 * candidates then include the bucket's rules.
 *
 * The index borrows the rule set; rebuild it with the rule set.
 */
#ifndef DETECTD_MATCHLOG_H
#define DETECTD_MATCHLOG_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"

struct matchlog;
struct matchlog_bucket;
struct rule;
struct ruleset;

/*
 * Index the rules of rs that have a where and that wanted takes;
 * gated[i] says whether cond_gate gates rule i.  NULL when out of
 * memory; an index of no rule when rs has none.
 */
struct matchlog	*matchlog_new(const struct ruleset *, const uint8_t *gated,
		    int (*wanted)(const struct rule *));
void		 matchlog_free(struct matchlog *);

/* The event's bucket, its lazy groups scanned; NULL when none. */
const struct matchlog_bucket *matchlog_begin(struct matchlog *,
		    const struct logevent *);
/* Whether gated rule ri belongs to bucket b. */
int		 matchlog_has(const struct matchlog_bucket *, uint32_t ri);
/* The bucket's ungated rules, in rule order. */
const uint32_t	*matchlog_always(const struct matchlog_bucket *, size_t *n);
/* How many gated rules the bucket has. */
size_t		 matchlog_ngated(const struct matchlog_bucket *);

#endif
