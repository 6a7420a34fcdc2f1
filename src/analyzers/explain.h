/*
 * detectd -t FORMAT: what the engine makes of a line.  For each line,
 * the fields its parser found, then each enabled rule whose condition
 * holds on it (with what matched, and whether a suppression would drop
 * it), then for each rule asked about (-i ID) that did not match, why:
 * disabled, reads other logs, or the first test of its condition that
 * failed and what the line has there.
 *
 * Only conditions are evaluated: a statistical or composite rule that
 * "matches" is one the line counts toward; whether it alerts depends on
 * the lines around it.  Nothing is written, nothing is learned.
 */
#ifndef DETECTD_EXPLAIN_H
#define DETECTD_EXPLAIN_H

#include <stddef.h>
#include <stdio.h>

struct explain;
struct ruleset;

/*
 * The rules of rs (which must outlive it) on lines of format; ids are
 * the rules asked about.  NULL, said on stderr, for an unknown format
 * or an id no rule has.
 */
struct explain	*explain_new(const struct ruleset *rs, const char *format,
		    char *const *ids, size_t nids);
void		 explain_free(struct explain *);
/* One line, without its newline: 0 explained or skipped, -1 no parse. */
int		 explain_line(struct explain *, FILE *, const char *line,
		    size_t len);

#endif
