/*
 * Tests of the ISC dhcpd parser (src/parsers/dhcpd.c): DHCPACK and
 * DHCPRELEASE messages, through the shared table driver (parser_table.h).
 */
#include "parser_table.h"

#define OK(l, t, w) \
	{ .format = "dhcpd", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w }
#define NO(l, r, e) \
	{ .format = "dhcpd", .line = l, .result = r, .want = e }

static const struct pt_case cases[] = {
	OK("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.15 to "
	    "00:16:3e:aa:bb:cc (WS-ALICE) via eth1", PT_HDR_MS,
	    "host.name=dhcp1|source.ip=10.20.1.15|"
	    "source.mac=00:16:3e:aa:bb:cc|source.address=WS-ALICE|"
	    "event.action=ack"),
	/* the message alone: the file's mtime */
	OK("DHCPACK on 10.20.1.15 to 00:16:3e:aa:bb:cc (WS-ALICE) via eth1",
	    PT_REF_MS, "source.ip=10.20.1.15|source.mac=00:16:3e:aa:bb:cc|"
	    "source.address=WS-ALICE|event.action=ack"),
	/* no host name; through a relay */
	OK("<30>Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK on 10.20.2.7 to "
	    "00:16:3E:AA:BB:CD via 10.20.2.1", PT_HDR_MS,
	    "host.name=dhcp1|source.ip=10.20.2.7|"
	    "source.mac=00:16:3E:AA:BB:CD|event.action=ack"),
	/* INFORM: "to IP (MAC)" */
	OK("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK to 10.20.1.20 "
	    "(00:16:3e:aa:bb:ce) via eth1", PT_HDR_MS,
	    "host.name=dhcp1|source.ip=10.20.1.20|"
	    "source.mac=00:16:3e:aa:bb:ce|event.action=ack"),
	/* a host name with spaces and parentheses; uid; trailing text */
	OK("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.16 to "
	    "00:16:3e:aa:bb:cf (Bob's (old) PC) via eth1 uid "
	    "01:00:16:3e:aa:bb:cf", PT_HDR_MS, "host.name=dhcp1|"
	    "source.ip=10.20.1.16|source.mac=00:16:3e:aa:bb:cf|"
	    "source.address=Bob's (old) PC|event.action=ack"),
	OK("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.16 to "
	    "00:16:3e:aa:bb:cf (WS-BOB)", PT_HDR_MS, "host.name=dhcp1|"
	    "source.ip=10.20.1.16|source.mac=00:16:3e:aa:bb:cf|"
	    "source.address=WS-BOB|event.action=ack"),
	OK("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.16 to "
	    "00:16:3e:aa:bb:cf\r", PT_HDR_MS, "host.name=dhcp1|"
	    "source.ip=10.20.1.16|source.mac=00:16:3e:aa:bb:cf|"
	    "event.action=ack"),
	/* release, found or not */
	OK("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPRELEASE of 10.20.1.15 from "
	    "00:16:3e:aa:bb:cc (WS-ALICE) via eth1 (found)", PT_HDR_MS,
	    "host.name=dhcp1|source.ip=10.20.1.15|"
	    "source.mac=00:16:3e:aa:bb:cc|source.address=WS-ALICE|"
	    "event.action=release"),
	OK("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPRELEASE of 10.20.1.15 from "
	    "00:16:3e:aa:bb:cc via eth1 (not found)", PT_HDR_MS,
	    "host.name=dhcp1|source.ip=10.20.1.15|"
	    "source.mac=00:16:3e:aa:bb:cc|event.action=release"),
	/* rsyslog high-precision date */
	OK("2026-03-10T14:02:11.5Z dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.15 to "
	    "00:16:3e:aa:bb:cc (WS-ALICE) via eth1", PT_HDR_MS + 500,
	    "host.name=dhcp1|source.ip=10.20.1.15|"
	    "source.mac=00:16:3e:aa:bb:cc|source.address=WS-ALICE|"
	    "event.action=ack"),
	NO("", PARSE_SKIP, NULL),
	NO("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPDISCOVER from "
	    "00:16:3e:aa:bb:cc via eth1", PARSE_SKIP, NULL),
	NO("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPOFFER on 10.20.1.15 to "
	    "00:16:3e:aa:bb:cc (WS-ALICE) via eth1", PARSE_SKIP, NULL),
	NO("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPREQUEST for 10.20.1.15 "
	    "(10.20.1.1) from 00:16:3e:aa:bb:cc (WS-ALICE) via eth1",
	    PARSE_SKIP, NULL),
	NO("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPINFORM from 10.20.1.20 via "
	    "eth1", PARSE_SKIP, NULL),
	NO("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPNAK on 10.20.1.99 to "
	    "00:16:3e:aa:bb:cc via eth1", PARSE_SKIP, NULL),
	NO("Mar 10 14:02:11 dhcp1 dhcpd[1234]: Wrote 42 leases to leases "
	    "file.", PARSE_SKIP, NULL),
	NO("Mar 10 14:02:11 dhcp1 dhcpd[1234]: DHCPACK", PARSE_ERROR,
	    "bad DHCPACK"),
	NO("DHCPACK on 10.20.1.15", PARSE_ERROR, "bad DHCPACK"),
	NO("DHCPACK on 10.20.1.15 to", PARSE_ERROR, "bad DHCPACK"),
	NO("DHCPACK on 10.20.1.15 from 00:16:3e:aa:bb:cc", PARSE_ERROR,
	    "bad DHCPACK"),
	NO("DHCPACK on 10.20.1.300 to 00:16:3e:aa:bb:cc", PARSE_ERROR,
	    "bad DHCPACK"),
	NO("DHCPACK on 10.20.1.3 to 00:16:3e:aa:bb:zz", PARSE_ERROR,
	    "bad DHCPACK"),
	NO("DHCPACK to 10.20.1.3 via eth1", PARSE_ERROR, "bad DHCPACK"),
	NO("DHCPRELEASE of 10.20.1.15", PARSE_ERROR, "bad DHCPRELEASE"),
	NO("DHCPRELEASE 10.20.1.15 from 00:16:3e:aa:bb:cc", PARSE_ERROR,
	    "bad DHCPRELEASE"),
};

#define PT_SUITE	"dhcpd"
#define PT_ROW		"dhcpd", SRC_DHCP, PARSER_SYSLOG | PARSER_SYSLOG_RELAY, 1
#define PT_GARBAGE	" ():.0123456789abcdefDHCPACKRELEASEontoofviafrom"
#define PT_SEED		777
#include "parser_suite.h"
