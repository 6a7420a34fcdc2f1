/*
 * The parser objects, one per file in src/parsers.  Internal to the
 * parsers: the rest of detectd finds them through parser_lookup().
 */
#ifndef DETECTD_PARSERS_FORMATS_H
#define DETECTD_PARSERS_FORMATS_H

#include "parsers/parser.h"

extern const struct parser	parser_squid;

#endif
