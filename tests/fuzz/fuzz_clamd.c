/*
 * The clamd parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"clamd"
#include "fuzz_parser.h"
