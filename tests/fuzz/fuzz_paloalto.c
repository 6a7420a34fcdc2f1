/*
 * The Palo Alto parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"paloalto"
#include "fuzz_parser.h"
