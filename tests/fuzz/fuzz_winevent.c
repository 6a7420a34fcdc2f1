/*
 * The Windows JSON events parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"windows"
#include "fuzz_parser.h"
