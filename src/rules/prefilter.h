/*
 * The literal prefilter of regular expressions.  When rules load, each
 * expression gives the literals one of which any match must contain (one
 * per top-level alternative); the literals of all expressions on the same
 * field go into one Aho-Corasick automaton.  For each event, one pass of
 * the automaton over the field says which expressions can match, and only
 * those run, so the cost of a field grows with its length, not with the
 * number of signatures.  An expression without a usable literal always
 * runs.  The literals are compared without regard to ASCII case, so
 * (?i) patterns need nothing special: the prefilter only ever says "may".
 * A group whose literals are all five bytes or longer skips through the
 * text by their last two bytes and starts the automaton only where a
 * literal may begin: the keyword searches of Sigma read whole lines.
 */
#ifndef DETECTD_PREFILTER_H
#define DETECTD_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"

#define PREFILTER_MAXALT	16	/* alternatives with a literal each */
#define PREFILTER_LITMAX	64	/* longest literal kept */

struct prefilter;

struct prefilter_lits {
	size_t		 n;
	char		 lit[PREFILTER_MAXALT][PREFILTER_LITMAX + 1];
};

struct prefilter_stats {
	size_t		 patterns;	/* registered */
	size_t		 filtered;	/* of those, with literals */
	uint64_t	 scans;		/* automaton passes over a field */
	uint64_t	 skipped;	/* regex runs the prefilter saved */
};

struct prefilter *prefilter_new(void);
void		 prefilter_free(struct prefilter *);
/*
 * Register a pattern read from the field named by key (any pointer that
 * is the same for the same field).  *id is what prefilter_may takes.
 */
int		 prefilter_add(struct prefilter *, const void *key,
		    const char *pattern, uint32_t *id);
/*
 * Register a pattern given by its literals lits[0..n) (lowercase, one
 * of which any match contains; n 0 or an empty literal: it always
 * runs), read from the field named by key.  The groups of such keys
 * are lazy: prefilter_scan_event leaves them, prefilter_scan_group or
 * prefilter_may scans them.  A key's first registration decides.
 */
int		 prefilter_add_lits(struct prefilter *, const void *key,
		    const char *const *lits, size_t n, uint32_t *id);
/* After the last add: build the automata.  0, or -1 out of memory. */
int		 prefilter_build(struct prefilter *);
/* A new event: earlier scans are forgotten. */
void		 prefilter_begin(struct prefilter *);
/*
 * Whether pattern id can match s, the value of its field in the current
 * event.  The first call for a field in an event scans it.  Always 1
 * before prefilter_build.
 */
int		 prefilter_may(struct prefilter *, uint32_t id, struct slice s);
/* The runs prefilter_may has saved so far (prefilter_stats' skipped). */
uint64_t	 prefilter_skipped(const struct prefilter *);
/* Whether pattern id has literals (else it always runs). */
int		 prefilter_filtered(const struct prefilter *, uint32_t id);
/*
 * Scan every field of the current event that has patterns, get giving
 * the value of a field by its key; then prefilter_matches lists the
 * patterns whose literals were found (each once).  Lets a caller skip
 * whole rules whose patterns cannot match.
 */
void		 prefilter_scan_event(struct prefilter *,
		    struct slice (*get)(const void *key, const void *arg),
		    const void *arg);
size_t		 prefilter_matches(const struct prefilter *,
		    const uint32_t **ids);
/* Whether prefilter_build ran since the last add. */
int		 prefilter_built(const struct prefilter *);
/* The field group of pattern id, and the key of group g. */
uint32_t	 prefilter_group(const struct prefilter *, uint32_t id);
const void	*prefilter_group_key(const struct prefilter *, uint32_t g);
/* Whether group g is lazy (its key registered by prefilter_add_lits). */
int		 prefilter_group_lazy(const struct prefilter *, uint32_t g);
/*
 * Scan s, the value of group g's field in the current event, unless
 * the group was scanned in this event already; what it finds joins
 * prefilter_matches.
 */
void		 prefilter_scan_group(struct prefilter *, uint32_t g,
		    struct slice s);
void		 prefilter_stats(const struct prefilter *,
		    struct prefilter_stats *);
/*
 * The required literals of a pattern, lowercased: 0 when every top-level
 * alternative has one, -1 when some match needs no literal.
 */
int		 prefilter_literals(const char *pattern,
		    struct prefilter_lits *);

#endif
