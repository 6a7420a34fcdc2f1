/*
 * The ISC dhcpd parser on arbitrary bytes: see fuzz_parser.h.
 */
#define FUZZ_PARSER	"dhcpd"
#include "fuzz_parser.h"
