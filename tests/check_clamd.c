/*
 * Tests of the clamd log parser (src/parsers/clamd.c), through the
 * shared table driver (parser_table.h): detections in clamd's own
 * LogFile with LogTime, and through syslog; paths with spaces, colons
 * and Japanese names; the messages skipped.
 */
#include "parser_table.h"

#define OK(nm, l, t, w) \
	{ .format = "clamd", .name = nm, .line = l, .result = PARSE_OK, \
	  .time_ms = t, .want = w }
#define NO(nm, l, r, e) \
	{ .format = "clamd", .name = nm, .line = l, .result = r, .want = e }

#define JP	"\xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a\xe7\x94\xa8" \
	"\xe5\x86\x99\xe7\x9c\x9f.xlsxs.exe"

static const struct pt_case cases[] = {
	OK("LogFile with LogTime", "Tue Mar 10 14:02:11 2026 -> "
	    "/var/spool/amavis/tmp/p003: Eicar-Signature FOUND", PT_HDR_MS,
	    "file.name=/var/spool/amavis/tmp/p003|threat.name=Eicar-Signature|"
	    "event.action=found"),
	OK("day of one digit", "Sun Mar  1 14:02:11 2026 -> /tmp/a b: "
	    "Win.Test.EICAR_HDB-1 FOUND", 1772373731000LL,
	    "file.name=/tmp/a b|threat.name=Win.Test.EICAR_HDB-1|"
	    "event.action=found"),
	OK("syslog, a colon in the path", "Mar 10 14:02:11 mx1 clamd[812]: "
	    "/srv/share/a: b/" JP ": Win.Trojan.Agent-1 FOUND", PT_HDR_MS,
	    "host.name=mx1|file.name=/srv/share/a: b/" JP "|"
	    "threat.name=Win.Trojan.Agent-1|event.action=found"),
	OK("no time: the file's", "/home/u/x.exe: Win.Trojan.Agent-1 FOUND\r",
	    PT_REF_MS, "file.name=/home/u/x.exe|threat.name=Win.Trojan.Agent-1|"
	    "event.action=found"),
	NO("clean", "Tue Mar 10 14:02:11 2026 -> /tmp/a: OK", PARSE_SKIP,
	    NULL),
	NO("self check", "Tue Mar 10 14:02:11 2026 -> SelfCheck: Database "
	    "status OK.", PARSE_SKIP, NULL),
	NO("read error", "Mar 10 14:02:11 mx1 clamd[812]: /root/x: Access "
	    "denied. ERROR", PARSE_SKIP, NULL),
	NO("FOUND without a file", "x FOUND", PARSE_ERROR,
	    "FOUND without a file or a signature"),
	NO("FOUND without a signature", "/tmp/a: FOUND", PARSE_ERROR,
	    "FOUND without a file or a signature"),
	NO("a colon and FOUND alone", "Sun Mar  1 14:02:11 2026 -> /t:x: "
	    "FOUND", PARSE_ERROR, "FOUND without a file or a signature"),
	NO("blank", "", PARSE_SKIP, NULL),
};

#define PT_SUITE	"clamd"
#define PT_ROW		"clamd", SRC_ENDPOINT, \
	PARSER_SYSLOG | PARSER_SYSLOG_RELAY | PARSER_FOREIGN, 1
#define PT_GARBAGE	"TueMar 0123456789:->/ FOUNDabc"
#define PT_SEED		3310
#include "parser_suite.h"
