/*
 * Keyword tables: the statements a block of the configuration language
 * may hold, one row each, so that every layer that gives keywords a
 * meaning (the daemon's detectd.conf, the rule set, the analyzers' rule
 * options) declares a table and lets keyword_run find the row, check the
 * statement's form and call the handler.
 *
 * A row names the keyword, how many arguments it takes, whether it takes
 * a block, whether it may be given twice, and its handler, which gets the
 * caller's object and argument.  A row without a handler copies its one
 * argument as a string to offset str of the object (a char *, freed
 * first).  Tables need not be sorted.
 */
#ifndef DETECTD_KEYWORD_H
#define DETECTD_KEYWORD_H

#include <stddef.h>

struct cnode;
struct cerrors;

#define KW_BLOCK	0x01	/* takes a block in braces; else none */
#define KW_ONCE		0x02	/* given twice in a block: an error */
#define KW_ANYBLOCK	0x04	/* block or not: the handler decides */

#define KW_UNKNOWN	1	/* keyword_run: no row of that name */

struct keyword {
	const char	*name;
	size_t		 min, max;	/* argument counts */
	int		 flags;		/* KW_* */
	int		(*fn)(void *obj, void *arg, const struct cnode *,
			    struct cerrors *);
	size_t		 str;		/* fn NULL: offset of a char * */
};

#define KW_NROWS(t)	(sizeof(t) / sizeof((t)[0]))

/* The row of that keyword, or NULL. */
const struct keyword *keyword_find(const struct keyword *, size_t n,
		    const char *name);
/*
 * Run statement c: 0 done, -1 wrong (reported through errs), KW_UNKNOWN
 * when no row has its keyword (nothing reported: the caller may try
 * another table).  seen, when not NULL, holds one flag per row, set
 * when the row is used; a KW_ONCE row used twice is an error.
 */
int		 keyword_run(const struct keyword *, size_t n,
		    const struct cnode *c, void *obj, void *arg,
		    unsigned char *seen, struct cerrors *);

#endif
