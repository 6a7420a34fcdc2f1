/*
 * Readers for the indicator list file formats, internal to the indicator
 * lists (list.c).  A reader knows the format and which of its rows suit
 * the list's type; it hands each suitable row to the add callback and
 * each malformed row to the bad callback, and never allocates per row.
 */
#ifndef DETECTD_LISTFEED_H
#define DETECTD_LISTFEED_H

#include <stddef.h>

#include "event/logevent.h"
#include "rules/list.h"

struct listfeed_row {
	int		 line;
	int		 col;		/* of the value, from 1 */
	struct slice	 value;		/* not yet normalised */
	struct slice	 desc;		/* empty: none */
	struct slice	 source;	/* empty: the file's base name */
};

struct listfeed {
	enum list_type	 type;
	void		*arg;
	void		(*add)(void *, const struct listfeed_row *);
	void		(*bad)(void *, int line, int col, const char *msg);
	/* The file as a whole cannot be read (always reported). */
	void		(*fail)(void *, int line, int col, const char *msg);
	/* Rows skipped because their type does not suit the list. */
	size_t		 nother;
};

/*
 * Read buf.  Returns 0, or -1 when the file as a whole cannot be read as
 * the format (a missing header column, a feed of another kind), with the
 * reason passed to fail.
 */
int	listfeed_parse(struct listfeed *, const char *buf, size_t len,
	    enum list_format);

#endif
