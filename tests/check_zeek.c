#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/parser.h"

/*
 * Each case is a file: lines separated by '\n', fed in order to one
 * parser state.  Lines before the last must not be errors; the last one
 * is checked.  "want" lists every field the event must carry, by the
 * names rules use, as name=value separated by '|'; every other field
 * must be absent (empty, or -1).  "@t" is time_ms, "@src" the source.
 */
struct zk_case {
	const char	*name;
	const char	*input;
	enum parse_result result;
	const char	*want;		/* PARSE_ERROR: the message */
};

#define HDR	"#separator \\x09\n#set_separator\t,\n" \
		"#empty_field\t(empty)\n#unset_field\t-\n"
#define CONN	HDR "#path\tconn\n#open\t2020-08-07-09-29-24\n" \
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t" \
	"proto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\t" \
	"local_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\t" \
	"orig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n" \
	"#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\t" \
	"interval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\t" \
	"count\tcount\tcount\tcount\tset[string]\n"
#define DNS	HDR "#path\tdns\n#open\t2020-08-07-09-29-24\n" \
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t" \
	"proto\ttrans_id\trtt\tquery\tqclass\tqclass_name\tqtype\t" \
	"qtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\t" \
	"rejected\n"
#define HTTP	HDR "#path\thttp\n" \
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t" \
	"trans_depth\tmethod\thost\turi\treferrer\tversion\tuser_agent\t" \
	"origin\trequest_body_len\tresponse_body_len\tstatus_code\t" \
	"status_msg\tinfo_code\tinfo_msg\ttags\tusername\tpassword\t" \
	"proxied\torig_fuids\torig_filenames\torig_mime_types\t" \
	"resp_fuids\tresp_filenames\tresp_mime_types\n"
/* ts uid orig_h orig_p resp_h resp_p depth */
#define HL(m, host, uri, ref, ua, user, mime) \
	"1655071298.201945\tC5hVfL2fjFRPxB5V3d\t10.0.0.5\t62773\t" \
	"91.228.165.44\t80\t1\t" m "\t" host "\t" uri "\t" ref "\t1.1\t" \
	ua "\t-\t277\t697\t200\tOK\t-\t-\t(empty)\t" user "\t-\t-\t" \
	"F4Qn\t-\t-\tFll6\t-\t" mime
#define HTTP_BASE "@t=1655071298201|@src=network|source.ip=10.0.0.5|" \
	"source.port=62773|destination.ip=91.228.165.44|destination.port=80|" \
	"network.transport=tcp|network.protocol=http|source.bytes=277|" \
	"destination.bytes=697|http.response.status_code=200|" \
	"http.request.method=GET|url.scheme=http"

static const struct zk_case tsv_cases[] = {
	{ "conn", CONN "1596790183.031212\tCjZbi34n4DciH8lAec\t10.8.0.61\t"
	    "44297\t157.240.23.25\t443\ttcp\tssl\t0.257309\t1188\t1633463\t"
	    "RSTO\t-\t-\t0\tShR\t2\t100\t1\t60\t-", PARSE_OK,
	    "@t=1596790183031|@src=network|source.ip=10.8.0.61|"
	    "source.port=44297|destination.ip=157.240.23.25|"
	    "destination.port=443|network.transport=tcp|"
	    "network.protocol=ssl|event.duration_ms=257|source.bytes=1188|"
	    "destination.bytes=1633463|network.conn_state=RSTO" },
	{ "conn RAT 1337", CONN "1596790919.196010\tCu2\t10.8.0.61\t37451\t"
	    "147.32.83.234\t1337\ttcp\t-\t1831.529284\t100227\t2884\tS1\t-\t"
	    "-\t0\tShADad\t2\t1\t1\t1\t-", PARSE_OK,
	    "@t=1596790919196|@src=network|source.ip=10.8.0.61|"
	    "source.port=37451|destination.ip=147.32.83.234|"
	    "destination.port=1337|network.transport=tcp|"
	    "event.duration_ms=1831529|source.bytes=100227|"
	    "destination.bytes=2884|network.conn_state=S1" },
	{ "conn icmp, unset duration and bytes", CONN "1664463972.711412\t"
	    "CG03\t172.16.1.11\t3\t172.16.1.30\t3\ticmp\t-\t-\t-\t-\tOTH\tT\t"
	    "T\t0\t-\t1\t56\t0\t0\t(empty)", PARSE_OK,
	    "@t=1664463972711|@src=network|source.ip=172.16.1.11|"
	    "destination.ip=172.16.1.30|network.transport=icmp|"
	    "network.conn_state=OTH" },
	{ "conn IPv6", CONN "1700000000.5\tC1\tfe80::1c2a:3ff:fe4b:5\t5353\t"
	    "ff02::fb\t5353\tudp\tdns\t0.000001\t0\t0\tS0\tT\tF\t0\tD\t1\t"
	    "100\t0\t0\t-", PARSE_OK,
	    "@t=1700000000500|@src=network|source.ip=fe80::1c2a:3ff:fe4b:5|"
	    "source.port=5353|destination.ip=ff02::fb|destination.port=5353|"
	    "network.transport=udp|network.protocol=dns|event.duration_ms=0|"
	    "source.bytes=0|destination.bytes=0|network.conn_state=S0" },
	{ "labelled: extra columns ignored", HDR "#path\tconn\n"
	    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t"
	    "proto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\t"
	    "local_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\t"
	    "orig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\tlabel\t"
	    "detailedlabel\n"
	    "1655071231.749548\tCEL3\t193.201.9.232\t46563\t147.32.81.167\t"
	    "3933\ttcp\t-\t0.000010\t0\t0\tS0\tF\tT\t0\tS\t2\t80\t0\t0\t"
	    "(empty)\tMalicious\tExternal-Attack-to-Device", PARSE_OK,
	    "@t=1655071231749|@src=network|source.ip=193.201.9.232|"
	    "source.port=46563|destination.ip=147.32.81.167|"
	    "destination.port=3933|network.transport=tcp|"
	    "event.duration_ms=0|source.bytes=0|destination.bytes=0|"
	    "network.conn_state=S0" },
	{ "reordered and site columns", HDR "#path\tconn\n"
	    "#fields\tsensor\tconn_state\tid.resp_p\tid.resp_h\tts\t"
	    "id.orig_h\tproto\tid.orig_p\n"
	    "edge-1\tREJ\t22\t192.0.2.9\t1700000001.000001\t10.1.1.1\ttcp\t"
	    "40000", PARSE_OK,
	    "@t=1700000001000|@src=network|source.ip=10.1.1.1|"
	    "source.port=40000|destination.ip=192.0.2.9|destination.port=22|"
	    "network.transport=tcp|network.conn_state=REJ" },
	{ "columns after the last mapped one may be missing", HDR
	    "#path\tconn\n#fields\tts\tid.orig_h\tnote\textra\n"
	    "1700000002\t10.1.1.2", PARSE_OK,
	    "@t=1700000002000|@src=network|source.ip=10.1.1.2" },
	{ "mid-file header: concatenated dns log", CONN "1596790183.031212\t"
	    "C\t10.8.0.61\t44297\t157.240.23.25\t443\ttcp\t-\t-\t-\t-\tS0\t-\t"
	    "-\t0\tS\t1\t60\t0\t0\t-\n#close\t2020-08-07-09-30-00\n" DNS
	    "1596790164.509987\tCr01\t10.8.0.61\t35740\t8.8.8.8\t53\tudp\t"
	    "1242\t0.017912\tinfinitedata-pa.googleapis.com\t1\tC_INTERNET\t1\t"
	    "A\t0\tNOERROR\tF\tF\tT\tT\t0\t172.217.23.202\t299.000000\tF",
	    PARSE_OK,
	    "@t=1596790164509|@src=dns|source.ip=10.8.0.61|source.port=35740|"
	    "destination.ip=8.8.8.8|destination.port=53|network.transport=udp|"
	    "network.protocol=dns|"
	    "dns.question.name=infinitedata-pa.googleapis.com|"
	    "dns.question.type=A|dns.response_code=NOERROR|"
	    "dns.answers=172.217.23.202" },
	{ "second #fields remaps", CONN "#fields\tid.resp_h\tts\n"
	    "198.51.100.1\t1700000003", PARSE_OK,
	    "@t=1700000003000|@src=network|destination.ip=198.51.100.1" },
	{ "data after #close", CONN "#close\t2020-08-07-09-30-00\n"
	    "1700000004\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t-\t-\t-\tS0\t-\t"
	    "-\t0\tS\t1\t60\t0\t0\t-", PARSE_OK,
	    "@t=1700000004000|@src=network|source.ip=10.0.0.1|"
	    "source.port=1|destination.ip=10.0.0.2|destination.port=2|"
	    "network.transport=tcp|network.conn_state=S0" },
	{ "CRLF", CONN "1700000005\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t-\t"
	    "-\t-\tSF\t-\t-\t0\tS\t1\t60\t0\t0\t-\r", PARSE_OK,
	    "@t=1700000005000|@src=network|source.ip=10.0.0.1|"
	    "source.port=1|destination.ip=10.0.0.2|destination.port=2|"
	    "network.transport=tcp|network.conn_state=SF" },
	{ "dns set of answers, NXDOMAIN", DNS "1700000006.25\tC\t10.0.0.1\t"
	    "5353\t10.0.0.53\t53\tudp\t1\t-\tx1.evil.example\t1\tC_INTERNET\t"
	    "16\tTXT\t3\tNXDOMAIN\tF\tF\tT\tT\t0\t-\t-\tF", PARSE_OK,
	    "@t=1700000006250|@src=dns|source.ip=10.0.0.1|source.port=5353|"
	    "destination.ip=10.0.0.53|destination.port=53|"
	    "network.transport=udp|network.protocol=dns|"
	    "dns.question.name=x1.evil.example|dns.question.type=TXT|"
	    "dns.response_code=NXDOMAIN" },
	{ "dns answers set", DNS "1700000007\tC\t2001:db8::5\t5353\t"
	    "2001:db8::53\t53\ttcp\t1\t0.1\twww.example.com\t1\tC_INTERNET\t"
	    "28\tAAAA\t0\tNOERROR\tF\tF\tT\tT\t0\t"
	    "www.example.com.cdn.example,2001:db8::80\t60.0,60.0\tF", PARSE_OK,
	    "@t=1700000007000|@src=dns|source.ip=2001:db8::5|"
	    "source.port=5353|destination.ip=2001:db8::53|destination.port=53|"
	    "network.transport=tcp|network.protocol=dns|"
	    "dns.question.name=www.example.com|dns.question.type=AAAA|"
	    "dns.response_code=NOERROR|"
	    "dns.answers=www.example.com.cdn.example,2001:db8::80" },
	{ "dns without #path: inferred from the fields", HDR
	    "#fields\tts\tquery\tqtype_name\n1700000008\texample.org\tMX",
	    PARSE_OK, "@t=1700000008000|@src=dns|network.protocol=dns|"
	    "dns.question.name=example.org|dns.question.type=MX" },
	{ "http", HTTP HL("GET", "www.example.com",
	    "/a/b.php?id=1&x=%20", "http://ref.example/", "Mozilla/5.0 "
	    "(Windows NT 10.0; Win64; x64)", "alice",
	    "text/html,application/octet-stream"), PARSE_OK,
	    HTTP_BASE "|destination.domain=www.example.com|"
	    "url.original=http://www.example.com/a/b.php?id=1&x=%20|"
	    "url.path=/a/b.php|url.query=id=1&x=%20|"
	    "http.request.referrer=http://ref.example/|"
	    "user_agent.original=Mozilla/5.0 (Windows NT 10.0; Win64; x64)|"
	    "user.name=alice|http.response.mime_type=text/html" },
	{ "http host is an IP literal", HTTP HL("GET", "91.228.165.44",
	    "/x.exe", "-", "-", "-", "-"), PARSE_OK,
	    HTTP_BASE "|url.original=http://91.228.165.44/x.exe|"
	    "url.path=/x.exe" },
	{ "http host with port; the connection's port wins", HTTP HL("GET",
	    "www.example.com:8080", "/", "-", "-", "-", "-"), PARSE_OK,
	    HTTP_BASE "|destination.domain=www.example.com|"
	    "url.original=http://www.example.com:8080/|url.path=/" },
	{ "http IPv6 host", HTTP HL("GET", "2001:db8::80", "/i", "-", "-",
	    "-", "-"), PARSE_OK,
	    "@t=1655071298201|@src=network|source.ip=10.0.0.5|"
	    "source.port=62773|destination.ip=2001:db8::80|"
	    "destination.port=80|network.transport=tcp|network.protocol=http|"
	    "source.bytes=277|destination.bytes=697|"
	    "http.response.status_code=200|http.request.method=GET|"
	    "url.scheme=http|url.original=http://[2001:db8::80]/i|url.path=/i" },
	{ "http proxy: absolute URI", HTTP HL("GET", "example.org",
	    "http://example.org/a?b", "-", "-", "-", "-"), PARSE_OK,
	    HTTP_BASE "|destination.domain=example.org|"
	    "url.original=http://example.org/a?b|url.path=/a|url.query=b" },
	{ "http CONNECT", HTTP HL("CONNECT", "example.org:443",
	    "example.org:443", "-", "-", "-", "-"), PARSE_OK,
	    "@t=1655071298201|@src=network|source.ip=10.0.0.5|"
	    "source.port=62773|destination.ip=91.228.165.44|"
	    "destination.port=80|network.transport=tcp|network.protocol=http|"
	    "source.bytes=277|destination.bytes=697|"
	    "http.response.status_code=200|http.request.method=CONNECT|"
	    "destination.domain=example.org|url.original=example.org:443" },
	{ "http without host", HTTP HL("GET", "-", "/only?q", "-", "-", "-",
	    "-"), PARSE_OK,
	    "@t=1655071298201|@src=network|source.ip=10.0.0.5|"
	    "source.port=62773|destination.ip=91.228.165.44|"
	    "destination.port=80|network.transport=tcp|network.protocol=http|"
	    "source.bytes=277|destination.bytes=697|"
	    "http.response.status_code=200|http.request.method=GET|"
	    "url.original=/only?q|url.path=/only|url.query=q" },
	{ "http without uri", HTTP HL("GET", "h.example", "-", "-", "-", "-",
	    "-"), PARSE_OK,
	    "@t=1655071298201|@src=network|source.ip=10.0.0.5|"
	    "source.port=62773|destination.ip=91.228.165.44|"
	    "destination.port=80|network.transport=tcp|network.protocol=http|"
	    "source.bytes=277|destination.bytes=697|"
	    "http.response.status_code=200|http.request.method=GET|"
	    "destination.domain=h.example" },
	{ "http \\x escapes", HTTP HL("GET", "e.example", "/a\\x09b",
	    "\\x2d", "curl\\x2f7.1 \\x5cx", "-", "-"), PARSE_OK,
	    HTTP_BASE "|destination.domain=e.example|"
	    "url.original=http://e.example/a\tb|url.path=/a\tb|"
	    "http.request.referrer=-|user_agent.original=curl/7.1 \\x" },
	{ "ssl server name", HDR "#path\tssl\n#fields\tts\tuid\tid.orig_h\t"
	    "id.orig_p\tid.resp_h\tid.resp_p\tversion\tcipher\tcurve\t"
	    "server_name\tresumed\tlabel\n1655071401.469632\tC\t"
	    "147.32.81.167\t62774\t20.54.24.231\t443\tTLSv12\tTLS_X\t"
	    "secp384r1\tarray614.prod.do.dsp.mp.microsoft.com\tF\tBenign",
	    PARSE_OK,
	    "@t=1655071401469|@src=network|source.ip=147.32.81.167|"
	    "source.port=62774|destination.ip=20.54.24.231|"
	    "destination.port=443|network.transport=tcp|network.protocol=ssl|"
	    "destination.domain=array614.prod.do.dsp.mp.microsoft.com" },
	{ "custom separators and unset", "#separator \\x2c\n"
	    "#set_separator,|\n#unset_field,NONE\n#empty_field,EMPTY\n"
	    "#path,conn\n#fields,ts,id.orig_h,id.resp_h,service,conn_state\n"
	    "1700000009,10.2.2.2,NONE,EMPTY,S0", PARSE_OK,
	    "@t=1700000009000|@src=network|source.ip=10.2.2.2|"
	    "network.conn_state=S0" },
	{ "literal '-' is unset only as configured", HDR
	    "#unset_field\tNONE\n#path\tconn\n#fields\tts\tconn_state\n"
	    "1700000010\t-", PARSE_OK,
	    "@t=1700000010000|@src=network|network.conn_state=-" },
	/* skipped */
	{ "weird.log is skipped", HDR "#path\tweird\n#fields\tts\tuid\t"
	    "id.orig_h\tname\n1655076450.728560\tC\t144.172.70.83\t"
	    "DNS_Conn_count_too_large", PARSE_SKIP, NULL },
	{ "unknown fields, no #path: skipped", HDR "#fields\tts\tfoo\n"
	    "1700000000\tbar", PARSE_SKIP, NULL },
	{ "blank line", CONN "", PARSE_SKIP, NULL },
	{ "header line", CONN "#close\t2020-08-07-09-30-00", PARSE_SKIP, NULL },
	{ "header lines without values", "#empty_field\n#unset_field\n"
	    "#set_separator\n#path\n#\n#fields", PARSE_SKIP, NULL },
	{ "#fields without values", "#path\tconn\n#fields\n1700000000",
	    PARSE_ERROR, "bad or missing ts" },
	/* errors */
	{ "no header", "1596790183.031212\tC\t10.8.0.61", PARSE_ERROR,
	    "no #fields header yet" },
	{ "#separator resets the header", CONN "#separator \\x09\n"
	    "1700000000\tC\t10.0.0.1", PARSE_ERROR, "no #fields header yet" },
	{ "bad #separator", "#separator \\x09\\x09", PARSE_ERROR,
	    "unsupported #separator" },
	{ "too few columns", CONN "1700000000\tC\t10.0.0.1\t1\t10.0.0.2",
	    PARSE_ERROR, "fewer columns than #fields" },
	{ "bad ts", CONN "17000x0000\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t"
	    "-\t-\t-\tS0\t-\t-\t0\tS\t1\t60\t0\t0\t-", PARSE_ERROR,
	    "bad or missing ts" },
	{ "unset ts", CONN "-\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t-\t-\t-\t"
	    "S0\t-\t-\t0\tS\t1\t60\t0\t0\t-", PARSE_ERROR, "bad or missing ts" },
	{ "bad port", CONN "1700000000\tC\t10.0.0.1\t65536\t10.0.0.2\t2\t"
	    "tcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t60\t0\t0\t-", PARSE_ERROR,
	    "bad port" },
	{ "bad duration", CONN "1700000000\tC\t10.0.0.1\t1\t10.0.0.2\t2\t"
	    "tcp\t-\tfast\t-\t-\tS0\t-\t-\t0\tS\t1\t60\t0\t0\t-", PARSE_ERROR,
	    "bad duration" },
	{ "bad bytes", CONN "1700000000\tC\t10.0.0.1\t1\t10.0.0.2\t2\t"
	    "tcp\t-\t1.0\t-5\t-\tS0\t-\t-\t0\tS\t1\t60\t0\t0\t-", PARSE_ERROR,
	    "bad byte count" },
	{ "bad status", HTTP HL("GET", "a", "/", "-", "-", "-", "-")
	    "\n1655071298.201945\tC\t10.0.0.5\t1\t10.0.0.6\t80\t1\tGET\ta\t/\t"
	    "-\t1.1\t-\t-\t0\t0\t2000\tOK\t-\t-\t(empty)\t-\t-\t-\t-\t-\t-\t-\t"
	    "-\t-", PARSE_ERROR, "bad status_code" },
	{ "bad body length", HTTP
	    "1655071298.201945\tC\t10.0.0.5\t1\t10.0.0.6\t80\t1\tGET\ta\t/\t"
	    "-\t1.1\t-\t-\tx\t0\t200\tOK\t-\t-\t(empty)\t-\t-\t-\t-\t-\t-\t-\t"
	    "-\t-", PARSE_ERROR, "bad body length" },
	{ "binary garbage", CONN "\x01\xff\xfe\t\x80\x00zz", PARSE_ERROR,
	    "fewer columns than #fields" },
};

/* JSON writer output: the same logs, one object a line. */
static const struct zk_case json_cases[] = {
	{ "conn", "{\"ts\":1664462456.755299,\"uid\":\"C5xhsO3uGtOfyrBlHh\","
	    "\"id.orig_h\":\"172.16.1.11\",\"id.orig_p\":40042,"
	    "\"id.resp_h\":\"8.8.8.8\",\"id.resp_p\":53,\"proto\":\"udp\","
	    "\"service\":\"dns\",\"duration\":0.012166976928710938,"
	    "\"orig_bytes\":0,\"resp_bytes\":111,\"conn_state\":\"SHR\","
	    "\"local_orig\":true,\"local_resp\":false,\"missed_bytes\":0,"
	    "\"history\":\"Cd\",\"orig_pkts\":0,\"orig_ip_bytes\":0,"
	    "\"resp_pkts\":1,\"resp_ip_bytes\":139}", PARSE_OK,
	    "@t=1664462456755|@src=network|source.ip=172.16.1.11|"
	    "source.port=40042|destination.ip=8.8.8.8|destination.port=53|"
	    "network.transport=udp|network.protocol=dns|event.duration_ms=12|"
	    "source.bytes=0|destination.bytes=111|network.conn_state=SHR" },
	{ "conn icmp, exponent duration", "{\"ts\":1664463972.711412,"
	    "\"id.orig_h\":\"172.16.1.11\",\"id.orig_p\":3,\"id.resp_h\":"
	    "\"172.16.1.30\",\"id.resp_p\":3,\"proto\":\"icmp\",\"duration\":"
	    "1.2e-05,\"conn_state\":\"OTH\"}", PARSE_OK,
	    "@t=1664463972711|@src=network|source.ip=172.16.1.11|"
	    "destination.ip=172.16.1.30|network.transport=icmp|"
	    "event.duration_ms=0|network.conn_state=OTH" },
	{ "conn, history only, ISO ts", " {\"ts\":\"2026-03-10T12:00:01.5Z\","
	    "\"id.orig_h\":\"10.0.0.1\",\"history\":\"S\"} \r", PARSE_OK,
	    "@t=1773144001500|@src=network|source.ip=10.0.0.1" },
	{ "nested id", "{\"ts\":1700000000,\"id\":{\"orig_h\":\"10.0.0.1\","
	    "\"orig_p\":1025,\"resp_h\":\"10.0.0.2\",\"resp_p\":445,"
	    "\"vlan\":5},\"conn_state\":\"REJ\",\"proto\":\"tcp\"}", PARSE_OK,
	    "@t=1700000000000|@src=network|source.ip=10.0.0.1|"
	    "source.port=1025|destination.ip=10.0.0.2|destination.port=445|"
	    "network.transport=tcp|network.conn_state=REJ" },
	{ "dns with arrays", "{\"ts\":1596790164.509987,\"uid\":\"Cr01\","
	    "\"id.orig_h\":\"10.8.0.61\",\"id.orig_p\":35740,"
	    "\"id.resp_h\":\"8.8.8.8\",\"id.resp_p\":53,\"proto\":\"udp\","
	    "\"query\":\"www.example.com\",\"qtype_name\":\"A\","
	    "\"rcode_name\":\"NOERROR\",\"answers\":[\"cdn.example\","
	    "\"192.0.2.1\",\"192.0.2.2\"],\"TTLs\":[60.0,60.0,60.0],"
	    "\"rejected\":false}", PARSE_OK,
	    "@t=1596790164509|@src=dns|source.ip=10.8.0.61|source.port=35740|"
	    "destination.ip=8.8.8.8|destination.port=53|network.transport=udp|"
	    "network.protocol=dns|dns.question.name=www.example.com|"
	    "dns.question.type=A|dns.response_code=NOERROR|"
	    "dns.answers=cdn.example,192.0.2.1,192.0.2.2" },
	{ "dns escaped answers", "{\"ts\":1,\"query\":\"a\\u002eexample\","
	    "\"answers\":[\"x\",\"b\\u002eexample\",\"c\"]}", PARSE_OK,
	    "@t=1000|@src=dns|network.protocol=dns|"
	    "dns.question.name=a.example|dns.answers=x,b.example,c" },
	{ "dns one answer, null rcode", "{\"ts\":1,\"query\":\"q.example\","
	    "\"rcode_name\":null,\"answers\":[\"192.0.2.7\"]}", PARSE_OK,
	    "@t=1000|@src=dns|network.protocol=dns|"
	    "dns.question.name=q.example|dns.answers=192.0.2.7" },
	{ "http", "{\"ts\":1655071298.201945,\"uid\":\"C5h\","
	    "\"id.orig_h\":\"10.0.0.5\",\"id.orig_p\":62773,\"id.resp_h\":"
	    "\"91.228.165.44\",\"id.resp_p\":80,\"trans_depth\":1,"
	    "\"method\":\"GET\",\"host\":\"www.example.com\",\"uri\":"
	    "\"/a\\/b.php?id=1\",\"referrer\":\"http://ref.example/\","
	    "\"user_agent\":\"Mozilla/5.0 \\\"x\\\"\",\"request_body_len\":277,"
	    "\"response_body_len\":697,\"status_code\":200,"
	    "\"status_msg\":\"OK\",\"tags\":[],\"username\":\"bob\","
	    "\"resp_fuids\":[\"Fll6\"],\"resp_mime_types\":[\"text/html\","
	    "\"image/png\"]}", PARSE_OK,
	    HTTP_BASE "|destination.domain=www.example.com|"
	    "url.original=http://www.example.com/a/b.php?id=1|"
	    "url.path=/a/b.php|url.query=id=1|"
	    "http.request.referrer=http://ref.example/|"
	    "user_agent.original=Mozilla/5.0 \"x\"|user.name=bob|"
	    "http.response.mime_type=text/html" },
	{ "http status only", "{\"ts\":1,\"status_code\":404}", PARSE_OK,
	    "@t=1000|@src=network|network.transport=tcp|network.protocol=http|"
	    "http.response.status_code=404" },
	{ "_path wins", "{\"_path\":\"conn\",\"ts\":1,\"query\":\"x\","
	    "\"conn_state\":\"S0\"}", PARSE_OK,
	    "@t=1000|@src=network|network.conn_state=S0" },
	{ "ssl", "{\"ts\":1,\"server_name\":\"t8.dropbox.com\"}", PARSE_OK,
	    "@t=1000|@src=network|network.transport=tcp|network.protocol=ssl|"
	    "destination.domain=t8.dropbox.com" },
	{ "ssl without a server name", "{\"ts\":1,\"id.resp_p\":5684,"
	    "\"resumed\":false,\"established\":false}", PARSE_OK,
	    "@t=1000|@src=network|destination.port=5684|"
	    "network.transport=tcp|network.protocol=ssl" },
	/* skipped */
	{ "_path of another log", "{\"_path\":\"weird\",\"ts\":1,"
	    "\"conn_state\":\"S0\"}", PARSE_SKIP, NULL },
	{ "sip looks like http", "{\"ts\":1,\"method\":\"INVITE\",\"uri\":"
	    "\"sip:100@1.1.1.1\",\"call_id\":\"77\"}", PARSE_SKIP, NULL },
	{ "weird", "{\"ts\":1,\"name\":\"bad_TCP_checksum\"}", PARSE_SKIP,
	    NULL },
	{ "blank", "  \r", PARSE_SKIP, NULL },
	/* errors */
	{ "not an object", "conn", PARSE_ERROR, "malformed JSON" },
	{ "truncated", "{\"ts\":1,\"conn_state\":\"S", PARSE_ERROR,
	    "malformed JSON" },
	{ "trailing bytes", "{\"ts\":1,\"conn_state\":\"S0\"}x", PARSE_ERROR,
	    "malformed JSON" },
	{ "no ts", "{\"conn_state\":\"S0\"}", PARSE_ERROR,
	    "bad or missing ts" },
	{ "ts not a time", "{\"ts\":true,\"conn_state\":\"S0\"}", PARSE_ERROR,
	    "bad or missing ts" },
	{ "negative port", "{\"ts\":1,\"id.orig_p\":-1,\"conn_state\":\"S0\"}",
	    PARSE_ERROR, "bad port" },
	{ "fractional bytes", "{\"ts\":1,\"orig_bytes\":1.5,"
	    "\"conn_state\":\"S0\"}", PARSE_ERROR, "bad byte count" },
};

/* Value of key in "k=v|k=v", or NULL. */
static const char *
want_get(const char *want, const char *key, char *buf, size_t size)
{
	size_t		 kl = strlen(key), n;
	const char	*p = want, *e;

	while (p != NULL && *p != '\0') {
		e = strchr(p, '|');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n > kl && memcmp(p, key, kl) == 0 && p[kl] == '=') {
			ck_assert_uint_lt(n - kl - 1, size);
			memcpy(buf, p + kl + 1, n - kl - 1);
			buf[n - kl - 1] = '\0';
			return buf;
		}
		p = e != NULL ? e + 1 : NULL;
	}
	return NULL;
}

/* Every key in want must name a field. */
static void
want_keys_known(const char *want)
{
	const char	*p = want, *eq;
	char		 key[64];

	while (p != NULL && *p != '\0') {
		eq = strchr(p, '=');
		ck_assert_ptr_nonnull(eq);
		ck_assert_uint_lt((size_t)(eq - p), sizeof(key));
		memcpy(key, p, (size_t)(eq - p));
		key[eq - p] = '\0';
		ck_assert_msg(key[0] == '@' || field_lookup(key) != NULL,
		    "unknown field %s", key);
		p = strchr(p, '|');
		if (p != NULL)
			p++;
	}
}

static void
check_event(const char *name, const struct logevent *ev, const char *want)
{
	const struct field_def	*f;
	size_t			 n, i;
	char			 buf[256], got[256];
	const char		*w;
	struct slice		 s;
	int64_t			 v;

	want_keys_known(want);
	w = want_get(want, "@t", buf, sizeof(buf));
	ck_assert_msg(w != NULL && ev->time_ms == strtoll(w, NULL, 10),
	    "%s: time %lld", name, (long long)ev->time_ms);
	w = want_get(want, "@src", buf, sizeof(buf));
	ck_assert_msg(w != NULL && strcmp(source_kind_name(ev->source), w) ==
	    0, "%s: source %s", name, source_kind_name(ev->source));
	f = field_table(&n);
	for (i = 0; i < n; i++) {
		got[0] = '\0';
		if (f[i].type == FIELD_STR) {
			s = field_str(ev, &f[i]);
			ck_assert_uint_lt(s.len, sizeof(got));
			if (s.len > 0)
				memcpy(got, s.p, s.len);
			got[s.len] = '\0';
		} else if ((v = field_int(ev, &f[i])) != -1)
			snprintf(got, sizeof(got), "%lld", (long long)v);
		w = want_get(want, f[i].name, buf, sizeof(buf));
		ck_assert_msg(strcmp(got, w != NULL ? w : "") == 0,
		    "%s: %s is \"%s\", want \"%s\"", name, f[i].name, got,
		    w != NULL ? w : "");
	}
}

static void
run_case(const char *format, const struct zk_case *c)
{
	const struct parser	*p = parser_lookup(format);
	struct logevent		 ev;
	const char		*s, *nl, *err;
	enum parse_result	 r = PARSE_SKIP;
	void			*st;
	size_t			 len;

	ck_assert_ptr_nonnull(p);
	memset(&ev, 0, sizeof(ev));
	st = p->state_new != NULL ? p->state_new(0) : NULL;
	for (s = c->input; ; s = nl + 1) {
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		logevent_reset(&ev);
		ck_assert_int_eq(logevent_reserve(&ev, len + 64), 0);
		ev.raw.p = s;
		ev.raw.len = len;
		err = NULL;
		r = p->parse(st, s, len, &ev, &err);
		if (nl == NULL)
			break;
		ck_assert_msg(r != PARSE_ERROR, "%s: line \"%.*s\": %s",
		    c->name, (int)len, s, err);
	}
	ck_assert_msg(r == c->result, "%s: result %d, want %d (%s)", c->name,
	    r, c->result, err != NULL ? err : "");
	if (r == PARSE_ERROR)
		ck_assert_msg(err != NULL && strcmp(err, c->want) == 0,
		    "%s: error \"%s\"", c->name, err);
	else if (r == PARSE_OK) {
		ck_assert_str_eq(ev.format, format);
		check_event(c->name, &ev, c->want);
	}
	if (p->state_free != NULL)
		p->state_free(st);
	logevent_free(&ev);
}

START_TEST(test_tsv)
{
	run_case("zeek", &tsv_cases[_i]);
}
END_TEST

START_TEST(test_json)
{
	run_case("zeek-json", &json_cases[_i]);
}
END_TEST

/*
 * A line cut at every byte: no read past its end (ASan), an error until
 * the last mapped column (conn_state) is there, never a crash.
 */
START_TEST(test_truncated)
{
	const char	*hdr = CONN, *line = "1596790183.031212\tCjZ\t10.8.0.61\t"
	    "44297\t157.240.23.25\t443\ttcp\tssl\t0.257309\t1188\t1633463\t"
	    "RSTO\t-\t-\t0\tShR\t2\t100\t1\t60\t-";
	const struct parser	*p = parser_lookup("zeek");
	const char		*s, *nl, *err;
	struct logevent		 ev;
	void			*st = p->state_new(0);
	size_t			 cut, len = strlen(line), tabs;
	char			*buf;
	enum parse_result	 r;

	memset(&ev, 0, sizeof(ev));
	for (s = hdr; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
		logevent_reset(&ev);
		ck_assert_int_eq(p->parse(st, s, (size_t)(nl - s), &ev, &err),
		    PARSE_SKIP);
	}
	for (cut = 1, tabs = 0; cut <= len; cut++) {
		buf = malloc(cut);
		memcpy(buf, line, cut);
		if (buf[cut - 1] == '\t')
			tabs++;
		logevent_reset(&ev);
		ck_assert_int_eq(logevent_reserve(&ev, cut + 64), 0);
		err = NULL;
		r = p->parse(st, buf, cut, &ev, &err);
		if (tabs < 11)
			ck_assert_msg(r == PARSE_ERROR, "cut %zu", cut);
		else
			ck_assert_msg(r == PARSE_OK, "cut %zu: %s", cut, err);
		free(buf);
	}
	p->state_free(st);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_json_truncated)
{
	const char	*line = "{\"ts\":1655071298.201945,\"id.orig_h\":"
	    "\"10.0.0.5\",\"id.orig_p\":62773,\"method\":\"GET\",\"host\":"
	    "\"www.example.com\",\"uri\":\"/a\\/b\",\"answers\":[\"a\",\"b\"],"
	    "\"resp_mime_types\":[\"text/html\"]}";
	const struct parser	*p = parser_lookup("zeek-json");
	const char		*err;
	struct logevent		 ev;
	size_t			 cut, len = strlen(line);
	char			*buf;

	memset(&ev, 0, sizeof(ev));
	for (cut = 1; cut <= len; cut++) {
		buf = malloc(cut);
		memcpy(buf, line, cut);
		logevent_reset(&ev);
		ck_assert_int_eq(logevent_reserve(&ev, cut + 64), 0);
		err = NULL;
		ck_assert_int_eq(p->parse(NULL, buf, cut, &ev, &err),
		    cut == len ? PARSE_OK : PARSE_ERROR);
		free(buf);
	}
	logevent_free(&ev);
}
END_TEST

START_TEST(test_registered)
{
	const struct parser	*p;

	p = parser_lookup("zeek");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(p->state_new);
	ck_assert_ptr_nonnull(p->state_free);
	ck_assert_uint_eq(p->flags, 0);
	p->state_free(NULL);
	p = parser_lookup("zeek-json");
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->flags, 0);
}
END_TEST

static Suite *
zeek_suite(void)
{
	Suite	*s = suite_create("zeek");
	TCase	*tc = tcase_create("tsv");
	TCase	*tj = tcase_create("json");

	tcase_add_loop_test(tc, test_tsv, 0,
	    sizeof(tsv_cases) / sizeof(tsv_cases[0]));
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_registered);
	tcase_add_loop_test(tj, test_json, 0,
	    sizeof(json_cases) / sizeof(json_cases[0]));
	tcase_add_test(tj, test_json_truncated);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tj);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(zeek_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
