/*
 * The Zeek JSON parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"zeek-json"
#include "fuzz_parser.h"
