/*
 * The squid-combined parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"squid-combined"
#include "fuzz_parser.h"
