/*
 * The BIND query log parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"bind"
#include "fuzz_parser.h"
