/*
 * The Squid native parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"squid"
#include "fuzz_parser.h"
