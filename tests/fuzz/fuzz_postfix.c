/*
 * The postfix parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"postfix"
#include "fuzz_parser.h"
