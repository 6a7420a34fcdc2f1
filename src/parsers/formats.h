/*
 * The parser objects, one per file in src/parsers.  Internal to the
 * parsers: the rest of detectd finds them through parser_lookup().
 */
#ifndef DETECTD_PARSERS_FORMATS_H
#define DETECTD_PARSERS_FORMATS_H

#include "parsers/parser.h"

extern const struct parser	parser_squid;
extern const struct parser	parser_windows;
extern const struct parser	parser_squid_combined;
extern const struct parser	parser_bind;
extern const struct parser	parser_unbound;
extern const struct parser	parser_zeek;
extern const struct parser	parser_zeek_json;
extern const struct parser	parser_iptables;
extern const struct parser	parser_fortigate;
extern const struct parser	parser_paloalto;
extern const struct parser	parser_dhcpd;
extern const struct parser	parser_suricata;
extern const struct parser	parser_postfix;
extern const struct parser	parser_clamd;
extern const struct parser	parser_findings;

#endif
