/*
 * What the rules work out about one line and may share: the result of
 * a test that several rules make on the same field (is the destination
 * in the list popular-sites, which profile is the endpoint's).  About
 * forty proxy rules look at each line, and many of them ask the same
 * question; the first asks, the others read the answer.
 *
 * A memo belongs to an event slot of the pipeline (logevent.memo) and
 * is kept from line to line like the name index: an answer counts only
 * for the line whose gen it was written under, so nothing is cleared
 * between lines.  It is a small direct-mapped cache: a question whose
 * slot another took is worked out again, so a memo changes how much
 * work a line costs, never what any test says.
 *
 * Worker threads read a line at once and share its memo: an answer one
 * of them keeps, the others read.  An entry is written by one thread at
 * a time (one that finds it being written keeps nothing), and a reader
 * takes an answer only from an entry that did not change while it read.
 *
 * Questions are two pointers that name them together (the list's memo
 * key, list_memo_key, and the field; the profile set and a tag); answers are a pointer, NULL being
 * an answer like any other.  The one who asks must make sure that the
 * answer depends on nothing but the line and the two pointers, for as
 * long as the line is processed: reloading rules, which frees what the
 * pointers name, waits until the lines read before it are done.
 */
#ifndef DETECTD_EVMEMO_H
#define DETECTD_EVMEMO_H

#include "event/logevent.h"

struct evmemo;

struct evmemo	*evmemo_new(void);
void		 evmemo_free(struct evmemo *);
/*
 * The memo is to be shared by threads (before any reads it): an entry
 * is then taken for writing by an atomic exchange, not a plain store.
 */
void		 evmemo_share(struct evmemo *);

/* 1 and *val when the line's memo holds the answer; 0 otherwise. */
int		 evmemo_get(const struct logevent *, const void *a,
		    const void *b, const void **val);
/* Keep the answer, where the line has a memo. */
void		 evmemo_put(const struct logevent *, const void *a,
		    const void *b, const void *val);

#endif
