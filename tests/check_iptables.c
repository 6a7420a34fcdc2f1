/*
 * Tests of the iptables/netfilter parser (src/parsers/iptables.c):
 * kernel log lines with and without a syslog header, through the shared
 * table driver (parser_table.h).
 */
#include "parser_table.h"

#define OK(l, t, w) \
	{ .format = "iptables", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w }
#define NO(l, r, e) \
	{ .format = "iptables", .line = l, .result = r, .want = e }

#define UFW_TCP "IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc:00:16:3e:dd:ee:ff:08:00 " \
	"SRC=10.20.1.15 DST=203.0.113.7 LEN=60 TOS=0x00 PREC=0x00 TTL=64 " \
	"ID=54321 DF PROTO=TCP SPT=51234 DPT=4444 WINDOW=64240 RES=0x00 " \
	"SYN URGP=0"
#define UFW_EXPECT "source.ip=10.20.1.15|destination.ip=203.0.113.7|" \
	"source.mac=00:16:3e:dd:ee:ff|source.port=51234|" \
	"destination.port=4444|network.transport=tcp|source.bytes=60"

static const struct pt_case cases[] = {
	/* the line: header, uptime, UFW prefix */
	OK("Mar 10 14:02:11 fw1 kernel: [1234567.123456] [UFW BLOCK] " UFW_TCP,
	    PT_HDR_MS, "host.name=fw1|event.action=deny|"
	    "rule.ruleset_name=[UFW BLOCK]|" UFW_EXPECT),
	/* the message alone, as the pipeline hands it over: file mtime */
	OK("[1234567.123456] [UFW BLOCK] " UFW_TCP, PT_REF_MS,
	    "event.action=deny|rule.ruleset_name=[UFW BLOCK]|" UFW_EXPECT),
	/* with PRI, no uptime, a colon prefix */
	OK("<4>Mar 10 14:02:11 fw1 kernel: IN-DROP: " UFW_TCP, PT_HDR_MS,
	    "host.name=fw1|event.action=deny|rule.ruleset_name=IN-DROP|"
	    UFW_EXPECT),
	/* a prefix without its trailing space runs into IN= */
	OK("kernel: FW-ACCEPT" UFW_TCP, PT_REF_MS,
	    "event.action=allow|rule.ruleset_name=FW-ACCEPT|" UFW_EXPECT),
	OK("Mar 10 14:02:11 fw1 kernel: [ 12.5] [UFW ALLOW] " UFW_TCP,
	    PT_HDR_MS, "host.name=fw1|event.action=allow|"
	    "rule.ruleset_name=[UFW ALLOW]|" UFW_EXPECT),
	/* a prefix that names no action is the action */
	OK("Mar 10 14:02:11 fw1 kernel: LOG-SSH " UFW_TCP, PT_HDR_MS,
	    "host.name=fw1|event.action=LOG-SSH|rule.ruleset_name=LOG-SSH|"
	    UFW_EXPECT),
	OK("Mar 10 14:02:11 fw1 kernel: filter_IN_public_REJECT: " UFW_TCP,
	    PT_HDR_MS, "host.name=fw1|event.action=deny|"
	    "rule.ruleset_name=filter_IN_public_REJECT|" UFW_EXPECT),
	/* no prefix at all */
	OK("Mar 10 14:02:11 fw1 kernel: [99.000001] " UFW_TCP, PT_HDR_MS,
	    "host.name=fw1|" UFW_EXPECT),
	/* UDP repeats LEN: the first is the packet's */
	OK("Mar 10 14:02:11 gw kernel: [5.1] DROP IN=eth1 OUT= "
	    "MAC=00:16:3e:aa:bb:cc:00:16:3e:dd:ee:ff:08:00 SRC=10.20.1.16 "
	    "DST=8.8.8.8 LEN=71 TOS=0x00 PREC=0x00 TTL=63 ID=4242 PROTO=UDP "
	    "SPT=40000 DPT=53 LEN=51", PT_HDR_MS,
	    "host.name=gw|event.action=deny|rule.ruleset_name=DROP|"
	    "source.ip=10.20.1.16|destination.ip=8.8.8.8|"
	    "source.mac=00:16:3e:dd:ee:ff|source.port=40000|"
	    "destination.port=53|network.transport=udp|source.bytes=71"),
	/* ICMP error: the quoted packet is not read */
	OK("Mar 10 14:02:11 gw kernel: IN-DROP: IN=eth0 OUT= MAC= "
	    "SRC=198.51.100.1 DST=10.20.1.15 LEN=88 TOS=0x00 PREC=0xC0 "
	    "TTL=64 ID=1 PROTO=ICMP TYPE=3 CODE=3 [SRC=10.20.1.15 "
	    "DST=198.51.100.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=2 "
	    "PROTO=UDP SPT=1234 DPT=33434 LEN=40 ] ", PT_HDR_MS,
	    "host.name=gw|event.action=deny|rule.ruleset_name=IN-DROP|"
	    "source.ip=198.51.100.1|destination.ip=10.20.1.15|"
	    "network.transport=icmp|source.bytes=88"),
	/* ping: ICMP with its own ID= */
	OK("Mar 10 14:02:11 gw kernel: ACCEPT IN=eth0 OUT=eth1 "
	    "SRC=10.20.1.15 DST=203.0.113.9 LEN=84 TOS=0x00 PREC=0x00 "
	    "TTL=63 ID=0 DF PROTO=ICMP TYPE=8 CODE=0 ID=17 SEQ=1",
	    PT_HDR_MS, "host.name=gw|event.action=allow|"
	    "rule.ruleset_name=ACCEPT|source.ip=10.20.1.15|"
	    "destination.ip=203.0.113.9|network.transport=icmp|"
	    "source.bytes=84"),
	/* IPv6, ICMPv6 */
	OK("Mar 10 14:02:11 fw6 kernel: [UFW BLOCK] IN=eth0 OUT= "
	    "MAC=33:33:00:00:00:01:00:16:3e:dd:ee:ff:86:dd SRC=2001:db8::1 "
	    "DST=2001:db8::2 LEN=104 TC=0 HOPLIMIT=64 FLOWLBL=12345 "
	    "PROTO=ICMPv6 TYPE=128 CODE=0 ID=1 SEQ=1", PT_HDR_MS,
	    "host.name=fw6|event.action=deny|rule.ruleset_name=[UFW BLOCK]|"
	    "source.ip=2001:db8::1|destination.ip=2001:db8::2|"
	    "source.mac=00:16:3e:dd:ee:ff|network.transport=icmp|"
	    "source.bytes=104"),
	OK("Mar 10 14:02:11 fw6 kernel: IN=eth0 OUT= SRC=fe80::1 "
	    "DST=2001:db8::2 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=TCP "
	    "SPT=22 DPT=50000 WINDOW=0 RES=0x00 ACK RST URGP=0", PT_HDR_MS,
	    "host.name=fw6|source.ip=fe80::1|destination.ip=2001:db8::2|"
	    "source.port=22|destination.port=50000|network.transport=tcp|"
	    "source.bytes=80"),
	/* a fragment after the first: no ports */
	OK("Mar 10 14:02:11 gw kernel: DROP IN=eth0 OUT= SRC=192.0.2.5 "
	    "DST=10.20.1.15 LEN=1500 TOS=0x00 PREC=0x00 TTL=50 ID=777 MF "
	    "FRAG:185 PROTO=UDP ", PT_HDR_MS,
	    "host.name=gw|event.action=deny|rule.ruleset_name=DROP|"
	    "source.ip=192.0.2.5|destination.ip=10.20.1.15|"
	    "network.transport=udp|source.bytes=1500"),
	/* an unknown protocol by number, and a known one */
	OK("Mar 10 14:02:11 gw kernel: DROP IN=eth0 OUT= SRC=192.0.2.5 "
	    "DST=10.20.1.15 LEN=100 PROTO=47", PT_HDR_MS,
	    "host.name=gw|event.action=deny|rule.ruleset_name=DROP|"
	    "source.ip=192.0.2.5|destination.ip=10.20.1.15|"
	    "network.transport=gre|source.bytes=100"),
	OK("Mar 10 14:02:11 gw kernel: DROP IN=eth0 OUT= SRC=192.0.2.5 "
	    "DST=10.20.1.15 LEN=100 PROTO=99", PT_HDR_MS,
	    "host.name=gw|event.action=deny|rule.ruleset_name=DROP|"
	    "source.ip=192.0.2.5|destination.ip=10.20.1.15|"
	    "source.bytes=100"),
	/* a bridge: PHYSIN/PHYSOUT; CRLF */
	OK("Mar 10 14:02:11 br kernel: FWD IN=br0 OUT=br0 PHYSIN=eth0 "
	    "PHYSOUT=eth1 SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=TCP SPT=1 "
	    "DPT=2\r", PT_HDR_MS,
	    "host.name=br|event.action=FWD|rule.ruleset_name=FWD|"
	    "source.ip=10.0.0.1|destination.ip=10.0.0.2|source.port=1|"
	    "destination.port=2|network.transport=tcp|source.bytes=40"),
	/* rsyslog high-precision date and RFC 5424 */
	OK("2026-03-10T15:02:11.250+01:00 fw1 kernel: [UFW BLOCK] " UFW_TCP,
	    PT_HDR_MS + 250, "host.name=fw1|event.action=deny|"
	    "rule.ruleset_name=[UFW BLOCK]|" UFW_EXPECT),
	OK("<4>1 2026-03-10T14:02:11Z fw1 kernel - - - [UFW BLOCK] " UFW_TCP,
	    PT_HDR_MS, "host.name=fw1|event.action=deny|"
	    "rule.ruleset_name=[UFW BLOCK]|" UFW_EXPECT),
	/* bad port numbers are absent, not errors */
	OK("IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=x PROTO=TCP SPT=99999 "
	    "DPT=-1", PT_REF_MS, "source.ip=10.0.0.1|destination.ip=10.0.0.2|"
	    "network.transport=tcp"),
	NO("", PARSE_SKIP, NULL),
	NO("   ", PARSE_SKIP, NULL),
	NO("Mar 10 14:02:11 fw1 kernel: [ 2.1] usb 1-1: new high-speed USB "
	    "device number 2 using xhci_hcd", PARSE_SKIP, NULL),
	NO("Mar 10 14:02:11 fw1 sshd[1]: Accepted key for root", PARSE_SKIP,
	    NULL),
	NO("IN=eth0 OUT= SRC=10.0.0.1 LEN=40", PARSE_ERROR,
	    "missing or bad SRC or DST"),
	NO("IN=eth0 OUT= DST=10.0.0.1 LEN=40", PARSE_ERROR,
	    "missing or bad SRC or DST"),
	NO("IN=eth0 OUT= SRC=999.0.0.1 DST=10.0.0.1", PARSE_ERROR,
	    "missing or bad SRC or DST"),
	NO("IN=eth0 OUT= SRC= DST=10.0.0.1", PARSE_ERROR,
	    "missing or bad SRC or DST"),
	NO("IN=eth0 OUT= [SRC=10.0.0.1 DST=10.0.0.2]", PARSE_ERROR,
	    "missing or bad SRC or DST"),
};

#define PT_SUITE	"iptables"
#define PT_ROW		"iptables", SRC_FIREWALL, PARSER_SYSLOG | PARSER_SYSLOG_RELAY, 1
#define PT_GARBAGE	" =[]:.0123456789INOUTSRCDSTPROTLENSPDTCPUDP"
#define PT_SEED		777
#include "parser_suite.h"
