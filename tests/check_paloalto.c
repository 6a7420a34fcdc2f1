/*
 * Tests of the Palo Alto CSV parser (src/parsers/paloalto.c): TRAFFIC and
 * THREAT lines, through the shared table driver (parser_table.h).
 */
#include "parser_table.h"

#define OK(l, t, w) \
	{ .format = "paloalto", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w }
#define NO(l, r, e) \
	{ .format = "paloalto", .line = l, .result = r, .want = e }

/* PAN-OS 10.x TRAFFIC and THREAT lines, fields at their documented places. */
#define PA_TR_HEAD "1,2026/03/10 14:02:12,012801096514,TRAFFIC,end,2561," \
	"2026/03/10 14:02:11,10.20.1.15,203.0.113.7,198.51.100.1," \
	"203.0.113.7,allow-web,corp\\alice,,ssl,vsys1,trust,untrust," \
	"ethernet1/2,ethernet1/1,default,2026/03/10 14:02:12,123456,1," \
	"51234,443,40123,443,0x400064,tcp,"
#define PA_TR_TAIL ",5000,1200,3800,20,2026/03/10 14:01:59,12," \
	"computer-and-internet-info,0,7000123456,0x0," \
	"10.0.0.0-10.255.255.255,United States,0,10,10,tcp-fin,0,0,0,0,," \
	"PA-5220-HQ,from-policy,,,0,,0,,N/A,0,0,0,0," \
	"b3a3c1a8-0000-0000-0000-000000000000,0,0,,,,,,,,"
#define PA_TR_EXPECT "source.ip=10.20.1.15|destination.ip=203.0.113.7|" \
	"rule.ruleset_name=allow-web|user.name=corp\\alice|" \
	"network.application=ssl|source.port=51234|destination.port=443|" \
	"network.transport=tcp|source.bytes=1200|destination.bytes=3800|" \
	"event.duration_ms=12000|url.category=computer-and-internet-info"

#define PA_TH_HEAD "1,2026/03/10 14:02:12,012801096514,THREAT,url,2561," \
	"2026/03/10 14:02:11,10.20.1.15,198.51.100.9,198.51.100.1," \
	"198.51.100.9,allow-web,corp\\alice,,web-browsing,vsys1,trust," \
	"untrust,ethernet1/2,ethernet1/1,default,2026/03/10 14:02:12," \
	"123457,1,51240,80,40130,80,0x40b000,tcp,block-url,"
#define PA_TH_TAIL ",(9999),malware,informational,client-to-server," \
	"7000123457,0x0,10.0.0.0-10.255.255.255,United States,0," \
	"application/octet-stream,0,,,1," \
	"\"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\",,," \
	"\"http://ref.example.com/\",,,,0,0,0,0,0,,PA-5220-HQ,,,,get,0,,0,," \
	"N/A,unknown,AppThreat-8600-7500,0x0,0,4294967295,," \
	"\"malware,high-risk\",b3a3c1a8-0000-0000-0000-000000000000,0"
#define PA_TH_EXPECT "host.name=PA-5220-HQ|source.ip=10.20.1.15|" \
	"destination.ip=198.51.100.9|rule.ruleset_name=allow-web|" \
	"user.name=corp\\alice|network.application=web-browsing|" \
	"source.port=51240|destination.port=80|network.transport=tcp|" \
	"event.action=block-url|url.category=malware|" \
	"http.response.mime_type=application/octet-stream|" \
	"user_agent.original=Mozilla/5.0 (Windows NT 10.0; Win64; x64)|" \
	"http.request.referrer=http://ref.example.com/|" \
	"http.request.method=get"

static const struct pt_case cases[] = {
	OK(PA_TR_HEAD "allow" PA_TR_TAIL, PT_HDR_MS,
	    "host.name=PA-5220-HQ|event.action=allow|" PA_TR_EXPECT),
	/* behind a syslog header; the device name wins */
	OK("<14>Mar 10 14:02:11 pa-hq " PA_TR_HEAD "allow" PA_TR_TAIL,
	    PT_HDR_MS, "host.name=PA-5220-HQ|event.action=allow|"
	    PA_TR_EXPECT),
	OK("<14>1 2026-03-10T14:02:11+00:00 pa-hq - - - - " PA_TR_HEAD "deny"
	    PA_TR_TAIL, PT_HDR_MS, "host.name=PA-5220-HQ|event.action=deny|"
	    PA_TR_EXPECT),
	OK(PA_TR_HEAD "drop" PA_TR_TAIL, PT_HDR_MS,
	    "host.name=PA-5220-HQ|event.action=deny|" PA_TR_EXPECT),
	OK(PA_TR_HEAD "reset-both" PA_TR_TAIL, PT_HDR_MS,
	    "host.name=PA-5220-HQ|event.action=deny|" PA_TR_EXPECT),
	/* older layout, cut after the category: the serial names the device */
	OK(PA_TR_HEAD "allow,5000,1200,3800,20,2026/03/10 14:01:59,12,"
	    "computer-and-internet-info", PT_HDR_MS,
	    "host.name=012801096514|event.action=allow|" PA_TR_EXPECT),
	/* IPv6, udp, an empty user, empty numbers */
	OK("1,2026/03/10 14:02:12,012801096514,TRAFFIC,start,2561,"
	    "2026/03/10 14:02:11,2001:db8::15,2001:4860:4860::8888,::,::,"
	    "dns-out,,,dns,vsys1,trust,untrust,ethernet1/2,ethernet1/1,"
	    "default,,5,1,53000,53,0,0,0x0,udp,allow,,,,,,,any",
	    PT_HDR_MS, "host.name=012801096514|source.ip=2001:db8::15|"
	    "destination.ip=2001:4860:4860::8888|rule.ruleset_name=dns-out|"
	    "network.application=dns|source.port=53000|destination.port=53|"
	    "network.transport=udp|event.action=allow|url.category=any"),
	/* generated time missing: the receive time */
	OK("1,2026/03/10 14:02:11,012801096514,TRAFFIC,end,2561,,10.0.0.1,"
	    "10.0.0.2,,,r,,,app,vsys1,a,b,e1,e2,d,,1,1,1,2,0,0,0x0,tcp,allow,"
	    "1,1,0,1,,0,any", PT_HDR_MS,
	    "host.name=012801096514|source.ip=10.0.0.1|destination.ip=10.0.0.2|"
	    "rule.ruleset_name=r|network.application=app|source.port=1|"
	    "destination.port=2|network.transport=tcp|event.action=allow|"
	    "source.bytes=1|destination.bytes=0|event.duration_ms=0|"
	    "url.category=any"),
	/* THREAT url: URL without scheme, quoted */
	OK(PA_TH_HEAD "\"malware.example.net/dl/x.exe?id=1\"" PA_TH_TAIL,
	    PT_HDR_MS, "url.original=malware.example.net/dl/x.exe?id=1|"
	    "destination.domain=malware.example.net|url.path=/dl/x.exe|"
	    "url.query=id=1|" PA_TH_EXPECT),
	/* a comma and doubled quotes inside the URL */
	OK(PA_TH_HEAD "\"evil.example.com/a,b?q=\"\"x\"\"\"" PA_TH_TAIL,
	    PT_HDR_MS, "url.original=evil.example.com/a,b?q=\"x\"|"
	    "destination.domain=evil.example.com|url.path=/a,b|"
	    "url.query=q=\"x\"|" PA_TH_EXPECT),
	/* host only, with a port; an IP as host is no domain */
	OK(PA_TH_HEAD "\"www.example.com:8080/\"" PA_TH_TAIL, PT_HDR_MS,
	    "url.original=www.example.com:8080/|"
	    "destination.domain=www.example.com:8080|url.path=/|"
	    PA_TH_EXPECT),
	OK(PA_TH_HEAD "198.51.100.9/x" PA_TH_TAIL, PT_HDR_MS,
	    "url.original=198.51.100.9/x|url.path=/x|" PA_TH_EXPECT),
	/* THREAT virus: a file name and a signature */
	OK("1,2026/03/10 14:02:12,012801096514,THREAT,virus,2561,"
	    "2026/03/10 14:02:11,198.51.100.9,10.20.1.15,,,allow-web,,"
	    "corp\\alice,web-browsing,vsys1,untrust,trust,ethernet1/1,"
	    "ethernet1/2,default,,123458,1,80,51241,0,0,0x0,tcp,reset-both,"
	    "eicar.com,Eicar Test File(39040),any,medium,server-to-client,"
	    "7000123458,0x0,United States,10.0.0.0-10.255.255.255,0,,0,"
	    "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
	    PT_HDR_MS, "host.name=012801096514|source.ip=198.51.100.9|"
	    "destination.ip=10.20.1.15|rule.ruleset_name=allow-web|"
	    "network.application=web-browsing|source.port=80|"
	    "destination.port=51241|network.transport=tcp|"
	    "event.action=deny|file.name=eicar.com|"
	    "threat.name=Eicar Test File(39040)|url.category=any|"
	    "process.hash=275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538"
	    "aabf651fd0f"),
	/* THREAT spyware alert, cut after the category */
	OK("1,2026/03/10 14:02:12,012801096514,THREAT,spyware,2561,"
	    "2026/03/10 14:02:11,10.20.1.15,203.0.113.66,,,allow-web,,,"
	    "ssl,vsys1,trust,untrust,e1,e2,default,,9,1,50000,443,0,0,0x0,"
	    "tcp,alert,,Cobalt Strike Beacon Detection(86246),spyware",
	    PT_HDR_MS, "host.name=012801096514|source.ip=10.20.1.15|"
	    "destination.ip=203.0.113.66|rule.ruleset_name=allow-web|"
	    "network.application=ssl|source.port=50000|"
	    "destination.port=443|network.transport=tcp|event.action=alert|"
	    "threat.name=Cobalt Strike Beacon Detection(86246)|"
	    "url.category=spyware"),
	NO("", PARSE_SKIP, NULL),
	NO(" \r", PARSE_SKIP, NULL),
	NO("1,2026/03/10 14:02:12,012801096514,SYSTEM,general,0,2026/03/10 "
	    "14:02:11,,general,,0,0,general,informational,\"User admin logged "
	    "in\",1,0x0,0,0,0,0,,PA-5220-HQ", PARSE_SKIP, NULL),
	NO("<14>Mar 10 14:02:11 pa 1,2026/03/10 14:02:12,012801096514,CONFIG,0,"
	    "2561,2026/03/10 14:02:11,10.0.0.5,,set,admin,,Submitted,"
	    "vsys  vsys1,1,0x0", PARSE_SKIP, NULL),
	NO("hello", PARSE_ERROR, "not PAN-OS CSV"),
	NO("1,2,3", PARSE_ERROR, "not PAN-OS CSV"),
	NO("1,2026/03/10 14:02:12,\"012801096514,TRAFFIC", PARSE_ERROR,
	    "unterminated quote"),
	NO("1,2026/03/10 14:02:12,012801096514,TRAFFIC,end,2561,2026/03/10 "
	    "14:02:11,10.20.1.15", PARSE_ERROR, "missing fields"),
	NO("1,2026/03/10 14:02:12,012801096514,THREAT,url,2561,2026/03/10 "
	    "14:02:11,10.20.1.15", PARSE_ERROR, "missing fields"),
	NO("1,2026/13/10 14:02:12,012801096514,TRAFFIC,end,2561,"
	    "2026-03-10 14:02:11,10.0.0.1,10.0.0.2,,,r,,,app,vsys1,a,b,e1,e2,"
	    "d,,1,1,1,2,0,0,0x0,tcp,allow,1,1,0,1,,0,any", PARSE_ERROR,
	    "bad generated time"),
};

#define PT_SUITE	"paloalto"
#define PT_ROW		"paloalto", SRC_FIREWALL, PARSER_SYSLOG | PARSER_SYSLOG_RELAY, 0
#define PT_GARBAGE	",,,,\"\"/.:0123456789TRAFFICTHREATurl"
#define PT_SEED		777
#include "parser_suite.h"
