#include <stddef.h>
#include <string.h>

#include "parsers/parser.h"
#include "parsers/formats.h"

/* Adding a format is one file and one row here. */
static const struct parser *const parsers[] = {
	&parser_squid,
};

#define NPARSERS	(sizeof(parsers) / sizeof(parsers[0]))

const struct parser *
parser_lookup(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < NPARSERS; i++)
		if (strcmp(parsers[i]->name, name) == 0)
			return parsers[i];
	return NULL;
}

/*
 * parser.h hands out an array of structs, but the rows are objects
 * defined in their own files, so only a one-row table can be returned
 * that way.  The assertion stops a second row from being added before
 * parser_table() returns the array of pointers instead.
 */
_Static_assert(NPARSERS == 1,
    "parser_table() must return the pointer array for more than one row");

const struct parser *
parser_table(size_t *n)
{
	if (n != NULL)
		*n = NPARSERS;
	return parsers[0];
}
