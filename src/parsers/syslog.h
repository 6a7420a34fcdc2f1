/*
 * The syslog header in front of many formats (iptables, dhcpd, BIND and
 * Unbound through rsyslog, FortiGate and Palo Alto forwarding): RFC 3164
 * ("<13>Mar 10 14:02:11 host tag[pid]: msg", with or without the <PRI>,
 * and the rsyslog high-precision form "2026-03-10T14:02:11.123+01:00 host
 * tag: msg") and RFC 5424 ("<13>1 2026-03-10T14:02:11Z host app pid msgid
 * [sd] msg").  Stripped in one place, by parser_parse, for the parsers
 * flagged PARSER_SYSLOG.
 */
#ifndef DETECTD_SYSLOG_H
#define DETECTD_SYSLOG_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"

struct syslog_header {
	int		 pri;		/* -1 when absent */
	int64_t		 time_ms;	/* 0 when absent */
	struct slice	 host;
	struct slice	 app;		/* tag / APP-NAME */
	struct slice	 pid;
	struct slice	 msgid;		/* RFC 5424 only */
};

/*
 * Parse a header at the start of p.  Dates without a year take it from
 * ref_ms (the file's modification time, or now), so that a December line
 * read in January belongs to the year before.  Returns the length of the
 * header (the message starts there), or 0 when p has no syslog header.
 */
size_t	syslog_header_parse(const char *p, size_t len, int64_t ref_ms,
	    struct syslog_header *h);

#endif
