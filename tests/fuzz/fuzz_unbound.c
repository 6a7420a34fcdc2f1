/*
 * The Unbound parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"unbound"
#include "fuzz_parser.h"
