/*
 * The clamd parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"clamd"
#define FUZZ_FOREIGN_SKIPPED
#include "fuzz_parser.h"
