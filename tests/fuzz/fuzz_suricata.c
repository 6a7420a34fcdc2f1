/*
 * The Suricata EVE JSON parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"suricata"
#include "fuzz_parser.h"
