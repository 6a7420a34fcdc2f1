/*
 * The iptables parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"iptables"
#include "fuzz_parser.h"
