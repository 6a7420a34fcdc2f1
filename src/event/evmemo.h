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
 * Questions are two pointers that name them together (the list and the
 * field; the profile set and a tag); answers are a pointer, NULL being
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
 * This thread's memo, used instead of each line's (NULL: the line's):
 * a worker thread reads events others read too, and keeps its answers
 * in a memo of its own rather than in the line's or a copy of the line.
 * A line without a memo (logevent.memo NULL) still has none.
 */
void		 evmemo_own(struct evmemo *);
/* 1 and *val when the line's memo holds the answer; 0 otherwise. */
int		 evmemo_get(const struct logevent *, const void *a,
		    const void *b, const void **val);
/* Keep the answer, where the line has a memo. */
void		 evmemo_put(const struct logevent *, const void *a,
		    const void *b, const void *val);

#endif
