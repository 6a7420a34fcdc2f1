/*
 * The postfix parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"postfix"
#define FUZZ_FOREIGN_SKIPPED
#include "fuzz_parser.h"
