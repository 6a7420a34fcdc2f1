/*
 * Tests of the FortiGate key=value parser (src/parsers/fortigate.c),
 * through the shared table driver (parser_table.h).
 */
#include "parser_table.h"

#define OK(l, t, w) \
	{ .format = "fortigate", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w }
#define NO(l, r, e) \
	{ .format = "fortigate", .line = l, .result = r, .want = e }

#define FGT_TRAFFIC "date=2026-03-10 time=14:02:11 devname=\"FGT-HQ\" " \
	"devid=\"FG100FTK19000001\" eventtime=1773151331123456789 " \
	"tz=\"+0100\" logid=\"0000000013\" type=\"traffic\" " \
	"subtype=\"forward\" level=\"notice\" vd=\"root\" srcip=10.20.1.15 " \
	"srcport=51234 srcintf=\"port2\" dstip=203.0.113.7 dstport=443 " \
	"dstintf=\"wan1\" proto=6 action=\"accept\" policyid=12 " \
	"policyname=\"LAN-to-WAN\" service=\"HTTPS\" " \
	"hostname=\"www.example.com\" app=\"HTTPS.BROWSER\" " \
	"appcat=\"Web.Client\" sentbyte=1234 rcvdbyte=56789 duration=12 " \
	"srccountry=\"Reserved\" dstcountry=\"United States\" user=\"alice\" " \
	"url=\"/path?x\" catdesc=\"Information Technology\""
#define FGT_TRAFFIC_EXPECT "host.name=FGT-HQ|source.ip=10.20.1.15|" \
	"source.port=51234|destination.ip=203.0.113.7|destination.port=443|" \
	"network.transport=tcp|event.action=allow|" \
	"rule.ruleset_name=LAN-to-WAN|destination.domain=www.example.com|" \
	"network.application=HTTPS.BROWSER|source.bytes=1234|" \
	"destination.bytes=56789|event.duration_ms=12000|user.name=alice|" \
	"url.original=/path?x|url.path=/path|url.query=x|" \
	"url.category=Information Technology"

#define T_EVENT		1773151331123LL		/* eventtime */
#define T_LOCAL		1773147731000LL		/* 14:02:11 +0100 */

static const struct pt_case cases[] = {
	OK(FGT_TRAFFIC, T_EVENT, FGT_TRAFFIC_EXPECT),
	/* behind a syslog header: devname wins over the header's host */
	OK("<189>Mar 10 14:02:11 10.0.0.1 " FGT_TRAFFIC, T_EVENT,
	    FGT_TRAFFIC_EXPECT),
	OK("<189>" FGT_TRAFFIC, T_EVENT, FGT_TRAFFIC_EXPECT),
	/* key order does not matter; no eventtime: date, time and tz */
	OK("type=\"traffic\" srcport=1 proto=17 dstip=192.0.2.53 dstport=53 "
	    "tz=\"+0100\" action=\"deny\" srcip=10.20.1.16 time=14:02:11 "
	    "date=2026-03-10 policyid=3 devname=FGT-B", T_LOCAL,
	    "host.name=FGT-B|source.ip=10.20.1.16|source.port=1|"
	    "destination.ip=192.0.2.53|destination.port=53|"
	    "network.transport=udp|event.action=deny|rule.ruleset_name=3"),
	/* no tz: UTC; negative tz */
	OK("date=2026-03-10 time=13:02:11 logid=\"0000000013\" "
	    "action=\"timeout\"", T_LOCAL, "event.action=allow"),
	OK("date=2026-03-10 time=08:02:11 tz=\"-0500\" type=\"traffic\" "
	    "action=\"server-rst\"", T_LOCAL, "event.action=allow"),
	/* eventtime in s, ms, µs */
	OK("eventtime=1773151331 type=traffic", 1773151331000LL, ""),
	OK("eventtime=1773151331123 type=traffic", T_EVENT, ""),
	OK("eventtime=1773151331123456 type=traffic", T_EVENT, ""),
	/* utm webfilter, blocked */
	OK("date=2026-03-10 time=14:02:11 devname=\"FGT-HQ\" "
	    "eventtime=1773151331123456789 tz=\"+0100\" logid=\"0316013056\" "
	    "type=\"utm\" subtype=\"webfilter\" eventtype=\"ftgd_blk\" "
	    "level=\"warning\" vd=\"root\" policyid=12 "
	    "policyname=\"LAN-to-WAN\" sessionid=12345 user=\"bob\" "
	    "srcip=10.20.1.17 srcport=50000 srcintf=\"port2\" "
	    "dstip=198.51.100.9 dstport=80 dstintf=\"wan1\" proto=6 "
	    "service=\"HTTP\" hostname=\"malware.example.net\" "
	    "profile=\"default\" action=\"blocked\" reqtype=\"direct\" "
	    "url=\"http://malware.example.net/dl/x.exe?id=1\" sentbyte=300 "
	    "rcvdbyte=0 direction=\"outgoing\" msg=\"URL belongs to a "
	    "denied category in policy\" method=\"domain\" cat=26 "
	    "catdesc=\"Malicious Websites\"", T_EVENT,
	    "host.name=FGT-HQ|source.ip=10.20.1.17|source.port=50000|"
	    "destination.ip=198.51.100.9|destination.port=80|"
	    "network.transport=tcp|event.action=deny|"
	    "rule.ruleset_name=LAN-to-WAN|user.name=bob|"
	    "destination.domain=malware.example.net|"
	    "url.original=http://malware.example.net/dl/x.exe?id=1|"
	    "url.scheme=http|url.path=/dl/x.exe|url.query=id=1|"
	    "source.bytes=300|destination.bytes=0|"
	    "url.category=Malicious Websites"),
	/* utm ips: attack name; utm av: virus name */
	OK("date=2026-03-10 time=14:02:11 devname=\"FGT-HQ\" tz=\"+0100\" "
	    "logid=\"0419016384\" type=\"utm\" subtype=\"ips\" "
	    "srcip=203.0.113.50 dstip=10.20.1.5 srcport=4444 dstport=445 "
	    "proto=6 action=\"dropped\" attack=\"MS.SMB.Server.Trans.Peeking"
	    ".Data.Information.Disclosure\" severity=\"high\"", T_LOCAL,
	    "host.name=FGT-HQ|source.ip=203.0.113.50|destination.ip=10.20.1.5|"
	    "source.port=4444|destination.port=445|network.transport=tcp|"
	    "event.action=deny|threat.name=MS.SMB.Server.Trans.Peeking.Data."
	    "Information.Disclosure"),
	OK("date=2026-03-10 time=14:02:11 tz=\"+0100\" type=\"utm\" "
	    "subtype=\"virus\" action=\"monitored\" virus=\"EICAR_TEST_FILE\" "
	    "url=\"http://www.eicar.org/download/eicar.com\" "
	    "hostname=\"www.eicar.org\"", T_LOCAL,
	    "event.action=monitored|threat.name=EICAR_TEST_FILE|"
	    "url.original=http://www.eicar.org/download/eicar.com|"
	    "url.scheme=http|url.path=/download/eicar.com|"
	    "destination.domain=www.eicar.org"),
	/* quoted values with spaces and escaped quotes; unquoted user */
	OK("date=2026-03-10 time=14:02:11 tz=\"+0100\" type=\"traffic\" "
	    "policyname=\"Allow \\\"guest\\\" net\" user=carol "
	    "app=\"Back\\\\slash\" catdesc=\"News and Media\"", T_LOCAL,
	    "rule.ruleset_name=Allow \"guest\" net|user.name=carol|"
	    "network.application=Back\\slash|url.category=News and Media"),
	/* ICMP: the port fields hold id and type, not ports */
	OK("date=2026-03-10 time=14:02:11 tz=\"+0100\" type=\"traffic\" "
	    "srcip=10.20.1.15 dstip=10.20.1.1 srcport=2048 dstport=0 proto=1 "
	    "action=\"accept\" unauthuser=\"dave\"", T_LOCAL,
	    "source.ip=10.20.1.15|destination.ip=10.20.1.1|"
	    "network.transport=icmp|event.action=allow|user.name=dave"),
	/* IPv6; an IP as hostname is no domain; srcname, srcmac */
	OK("date=2026-03-10 time=14:02:11 tz=\"+0100\" type=\"traffic\" "
	    "srcip=2001:db8::15 dstip=2001:db8:1::7 dstport=443 proto=6 "
	    "hostname=\"2001:db8:1::7\" srcname=\"WS-ALICE\" "
	    "srcmac=\"00:16:3e:aa:bb:cc\" action=\"close\"", T_LOCAL,
	    "source.ip=2001:db8::15|destination.ip=2001:db8:1::7|"
	    "destination.port=443|network.transport=tcp|event.action=allow|"
	    "source.address=WS-ALICE|source.mac=00:16:3e:aa:bb:cc"),
	/* empty values, unknown keys, bad numbers, a bare word, CRLF */
	OK("date=2026-03-10 time=14:02:11 tz=\"+0100\" type=\"event\" "
	    "subtype=\"system\" srcip= user=\"\" sentbyte=x dstport=70000 "
	    "foo=\"bar baz\" orphan action=\"login\"\r", T_LOCAL,
	    "event.action=login"),
	/*
	 * url= empty: no URL and no host from it, and no NULL + 0 in kv_url
	 * (clang's UBSan, on the fuzz corpus, case url-empty)
	 */
	OK("date=2026-03-10 time=14:02:11 tz=\"+0100\" type=\"utm\" "
	    "subtype=\"webfilter\" srcip=10.20.1.17 action=\"blocked\" url= "
	    "hostname=\"blocked.example\"", T_LOCAL,
	    "source.ip=10.20.1.17|event.action=deny|"
	    "destination.domain=blocked.example"),
	OK("date=2026-03-10 time=14:02:11 tz=\"+0100\" type=\"utm\" "
	    "subtype=\"webfilter\" action=\"blocked\" url=", T_LOCAL,
	    "event.action=deny"),
	/* a quote left open runs to the end of the line */
	OK("date=2026-03-10 time=14:02:11 tz=\"+0100\" type=traffic "
	    "policyname=\"open to the end", T_LOCAL,
	    "rule.ruleset_name=open to the end"),
	NO("", PARSE_SKIP, NULL),
	NO("  \r", PARSE_SKIP, NULL),
	NO("<189>", PARSE_SKIP, NULL),
	NO("date=2026-03-10 time=14:02:11 srcip=10.0.0.1", PARSE_ERROR,
	    "no logid or type: not a FortiGate log"),
	NO("hello world", PARSE_ERROR,
	    "no logid or type: not a FortiGate log"),
	NO("type=traffic srcip=10.0.0.1", PARSE_ERROR, "no date and time"),
	NO("date=2026-13-10 time=14:02:11 type=traffic", PARSE_ERROR,
	    "no date and time"),
	NO("date=2026-03-10 time=14:02 type=traffic", PARSE_ERROR,
	    "no date and time"),
	NO("eventtime=17731513x1 type=traffic", PARSE_ERROR,
	    "no date and time"),
	NO("eventtime=12345678901234567890 type=traffic", PARSE_ERROR,
	    "no date and time"),
};

/* Lookups by FortiOS key (logevent_native). */
#define NAT(nm, l, f, w) \
	{ .format = "fortigate", .name = nm, .line = l, .field = f, .want = w }
#define FGT_ODD "date=2026-03-10 time=14:02:11 type=\"utm\" " \
	"msg=\"File \\\"a b.exe\\\" blocked\" srcip=10.0.0.9 orphan " \
	"empty= quoted=\"\" srcport=5 vd=\"root\""

static const struct pt_native natives[] = {
	NAT("word", FGT_TRAFFIC, "srcip", "10.20.1.15"),
	NAT("quoted", FGT_TRAFFIC, "devname", "FGT-HQ"),
	NAT("unknown to the parser", FGT_TRAFFIC, "srcintf", "port2"),
	NAT("unknown to the parser", FGT_TRAFFIC, "dstcountry",
	    "United States"),
	NAT("prefix of keys", FGT_TRAFFIC, "src", NULL),
	NAT("absent", FGT_TRAFFIC, "virus", NULL),
	NAT("part of a value", FGT_TRAFFIC, "States", NULL),
	NAT("behind a syslog header", "<189>Mar 10 14:02:11 10.0.0.1 "
	    FGT_TRAFFIC, "logid", "0000000013"),
	NAT("not the syslog header", "<189>Mar 10 14:02:11 10.0.0.1 "
	    FGT_TRAFFIC, "Mar", NULL),
	NAT("escapes", FGT_ODD, "msg", "File \"a b.exe\" blocked"),
	NAT("after an escaped value", FGT_ODD, "srcip", "10.0.0.9"),
	NAT("a word without =", FGT_ODD, "orphan", NULL),
	NAT("key=", FGT_ODD, "empty", ""),
	NAT("key=\"\"", FGT_ODD, "quoted", ""),
	NAT("last", FGT_ODD, "vd", "root"),
};

#define PT_SUITE	"fortigate"
#define PT_NATIVE
#define PT_ROW		"fortigate", SRC_FIREWALL, PARSER_SYSLOG | PARSER_SYSLOG_RELAY, 0
#define PT_GARBAGE	" =\"\\:.-/0123456789datetypsrcdsipolyname"
#define PT_SEED		777
#include "parser_suite.h"
