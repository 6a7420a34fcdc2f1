/*
 * A JSON tree as compact text, the text json_dumpb writes with
 * JSON_COMPACT (and JSON_REAL_PRECISION), byte for byte, at a fraction
 * of its cost: an alert record of 7 KB takes jansson some 300,000
 * instructions, as it decodes every string one code point at a time
 * and hashes each container it enters to find loops.  Here a string is
 * copied in runs, stopping only at what needs escaping, and multibyte
 * UTF-8 is checked as it is passed, as jansson checks it.
 *
 * The caller owns *buf (malloc'd, or NULL with *cap 0); jdump grows it
 * as needed, and leaves room for one byte after the text (a newline or
 * a NUL).  It returns the text's length, without a NUL, or -1 when
 * the tree cannot be written (a string that is not UTF-8, a tree deeper
 * than JDUMP_DEPTH, no memory) or flags ask for more than compact text.
 * Trees are those detectd builds: no loops.
 */
#ifndef DETECTD_JDUMP_H
#define DETECTD_JDUMP_H

#include <sys/types.h>

#include <jansson.h>

#define JDUMP_DEPTH	2048

ssize_t	jdump(const json_t *, size_t flags, char **buf, size_t *cap);

#endif
