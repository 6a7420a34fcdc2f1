/*
 * The FortiGate parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"fortigate"
#include "fuzz_parser.h"
