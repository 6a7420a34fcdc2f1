/*
 * A line as the collector hands it on: a slice of its read buffer, valid
 * until the next read, with where it was in its stream and whether it
 * was cut.  The daemon takes it from the collector to the parsers.
 */
#ifndef DETECTD_RLINE_H
#define DETECTD_RLINE_H

#include <stddef.h>
#include <stdint.h>

struct rline {
	const char	*p;
	size_t		 len;		/* without newline and CR */
	uint64_t	 off;		/* offset of the line in the (uncompressed) stream */
	int		 truncated;	/* longer than max_line: cut */
};

#endif
