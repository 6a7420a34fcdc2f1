/*
 * Tests of the Zeek parsers (src/parsers/zeek.c): TSV logs read through
 * their #fields header, and JSON logs, through the shared table driver
 * (parser_table.h).  A case's input is a file: its lines go in order to
 * one parser state, and the last one is checked.
 */
#include "parser_table.h"

#define TSV(nm, in, t, src, w) \
	{ .format = "zeek", .name = nm, .line = in, .result = PARSE_OK, \
	  .time_ms = t, .source = src, .want = w }
#define TSVNO(nm, in, r, e) \
	{ .format = "zeek", .name = nm, .line = in, .result = r, .want = e }
#define JSON(nm, in, t, src, w) \
	{ .format = "zeek-json", .name = nm, .line = in, .result = PARSE_OK, \
	  .time_ms = t, .source = src, .want = w }
#define JSONNO(nm, in, r, e) \
	{ .format = "zeek-json", .name = nm, .line = in, .result = r, \
	  .want = e }

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
#define HTTP_BASE "source.ip=10.0.0.5|source.port=62773|" \
	"destination.ip=91.228.165.44|destination.port=80|" \
	"network.transport=tcp|network.protocol=http|source.bytes=277|" \
	"destination.bytes=697|http.response.status_code=200|" \
	"http.request.method=GET|url.scheme=http"

#define FILES	HDR "#path\tfiles\n" \
	"#fields\tts\tfuid\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t" \
	"source\tdepth\tanalyzers\tmime_type\tfilename\tduration\t" \
	"local_orig\tis_orig\tseen_bytes\ttotal_bytes\tmissing_bytes\t" \
	"overflow_bytes\ttimedout\tparent_fuid\tmd5\tsha1\tsha256\t" \
	"extracted\textracted_cutoff\textracted_size\n"
#define FILES4	HDR "#path\tfiles\n" \
	"#fields\tts\tfuid\ttx_hosts\trx_hosts\tconn_uids\tsource\tdepth\t" \
	"analyzers\tmime_type\tfilename\tduration\tlocal_orig\tis_orig\t" \
	"seen_bytes\ttotal_bytes\tmissing_bytes\toverflow_bytes\ttimedout\t" \
	"parent_fuid\tmd5\tsha1\tsha256\textracted\n"
#define SMTP	HDR "#path\tsmtp\n" \
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t" \
	"trans_depth\thelo\tmailfrom\trcptto\tdate\tfrom\tto\tcc\t" \
	"reply_to\tmsg_id\tin_reply_to\tsubject\tx_originating_ip\t" \
	"first_received\tsecond_received\tlast_reply\tpath\tuser_agent\t" \
	"tls\tfuids\tis_webmail\n"
#define NOTICE	HDR "#path\tnotice\n" \
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t" \
	"fuid\tfile_mime_type\tfile_desc\tproto\tnote\tmsg\tsub\tsrc\t" \
	"dst\tp\tn\tpeer_descr\tactions\temail_dest\tsuppress_for\n"
#define SSH	HDR "#path\tssh\n" \
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t" \
	"version\tauth_success\tauth_attempts\tdirection\tclient\tserver\t" \
	"cipher_alg\tmac_alg\tcompression_alg\tkex_alg\thost_key_alg\t" \
	"host_key\n"
#define X509	HDR "#path\tx509\n" \
	"#fields\tts\tfingerprint\tcertificate.version\t" \
	"certificate.serial\tcertificate.subject\tcertificate.issuer\t" \
	"certificate.not_valid_before\tcertificate.not_valid_after\t" \
	"certificate.key_alg\tcertificate.sig_alg\tcertificate.key_type\t" \
	"certificate.key_length\tcertificate.exponent\tcertificate.curve\t" \
	"san.dns\tsan.uri\tsan.email\tsan.ip\tbasic_constraints.ca\t" \
	"basic_constraints.path_len\thost_cert\tclient_cert\n"
#define JP	"\xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a\xe7\x94\xa8" \
	"\xe5\x86\x99\xe7\x9c\x9f.xlsxs.exe"
#define SHA256	"275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"

static const struct pt_case cases[] = {
	/* TSV */
	TSV("conn", CONN "1596790183.031212\tCjZbi34n4DciH8lAec\t10.8.0.61\t"
	    "44297\t157.240.23.25\t443\ttcp\tssl\t0.257309\t1188\t1633463\t"
	    "RSTO\t-\t-\t0\tShR\t2\t100\t1\t60\t-",
	    1596790183031LL, SRC_NETWORK,
	    "source.ip=10.8.0.61|source.port=44297|"
	    "destination.ip=157.240.23.25|destination.port=443|"
	    "network.transport=tcp|network.protocol=ssl|"
	    "event.duration_ms=257|source.bytes=1188|"
	    "destination.bytes=1633463|network.conn_state=RSTO"),
	TSV("conn RAT 1337", CONN "1596790919.196010\tCu2\t10.8.0.61\t37451\t"
	    "147.32.83.234\t1337\ttcp\t-\t1831.529284\t100227\t2884\tS1\t-\t"
	    "-\t0\tShADad\t2\t1\t1\t1\t-", 1596790919196LL, SRC_NETWORK,
	    "source.ip=10.8.0.61|source.port=37451|"
	    "destination.ip=147.32.83.234|destination.port=1337|"
	    "network.transport=tcp|event.duration_ms=1831529|"
	    "source.bytes=100227|destination.bytes=2884|network.conn_state=S1"),
	TSV("conn icmp, unset duration and bytes", CONN "1664463972.711412\t"
	    "CG03\t172.16.1.11\t3\t172.16.1.30\t3\ticmp\t-\t-\t-\t-\tOTH\tT\t"
	    "T\t0\t-\t1\t56\t0\t0\t(empty)", 1664463972711LL, SRC_NETWORK,
	    "source.ip=172.16.1.11|destination.ip=172.16.1.30|"
	    "network.transport=icmp|network.conn_state=OTH"),
	TSV("conn IPv6", CONN "1700000000.5\tC1\tfe80::1c2a:3ff:fe4b:5\t5353\t"
	    "ff02::fb\t5353\tudp\tdns\t0.000001\t0\t0\tS0\tT\tF\t0\tD\t1\t"
	    "100\t0\t0\t-", 1700000000500LL, SRC_NETWORK,
	    "source.ip=fe80::1c2a:3ff:fe4b:5|source.port=5353|"
	    "destination.ip=ff02::fb|destination.port=5353|"
	    "network.transport=udp|network.protocol=dns|event.duration_ms=0|"
	    "source.bytes=0|destination.bytes=0|network.conn_state=S0"),
	TSV("labelled: extra columns ignored", HDR "#path\tconn\n"
	    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t"
	    "proto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\t"
	    "local_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\t"
	    "orig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\tlabel\t"
	    "detailedlabel\n"
	    "1655071231.749548\tCEL3\t193.201.9.232\t46563\t147.32.81.167\t"
	    "3933\ttcp\t-\t0.000010\t0\t0\tS0\tF\tT\t0\tS\t2\t80\t0\t0\t"
	    "(empty)\tMalicious\tExternal-Attack-to-Device",
	    1655071231749LL, SRC_NETWORK,
	    "source.ip=193.201.9.232|source.port=46563|"
	    "destination.ip=147.32.81.167|destination.port=3933|"
	    "network.transport=tcp|event.duration_ms=0|source.bytes=0|"
	    "destination.bytes=0|network.conn_state=S0"),
	TSV("reordered and site columns", HDR "#path\tconn\n"
	    "#fields\tsensor\tconn_state\tid.resp_p\tid.resp_h\tts\t"
	    "id.orig_h\tproto\tid.orig_p\n"
	    "edge-1\tREJ\t22\t192.0.2.9\t1700000001.000001\t10.1.1.1\ttcp\t"
	    "40000", 1700000001000LL, SRC_NETWORK,
	    "source.ip=10.1.1.1|source.port=40000|destination.ip=192.0.2.9|"
	    "destination.port=22|network.transport=tcp|network.conn_state=REJ"),
	TSV("columns after the last mapped one may be missing", HDR
	    "#path\tconn\n#fields\tts\tid.orig_h\tcomment\textra\n"
	    "1700000002\t10.1.1.2", 1700000002000LL, SRC_NETWORK,
	    "source.ip=10.1.1.2"),
	TSV("mid-file header: concatenated dns log", CONN "1596790183.031212\t"
	    "C\t10.8.0.61\t44297\t157.240.23.25\t443\ttcp\t-\t-\t-\t-\tS0\t-\t"
	    "-\t0\tS\t1\t60\t0\t0\t-\n#close\t2020-08-07-09-30-00\n" DNS
	    "1596790164.509987\tCr01\t10.8.0.61\t35740\t8.8.8.8\t53\tudp\t"
	    "1242\t0.017912\tinfinitedata-pa.googleapis.com\t1\tC_INTERNET\t1\t"
	    "A\t0\tNOERROR\tF\tF\tT\tT\t0\t172.217.23.202\t299.000000\tF",
	    1596790164509LL, SRC_DNS,
	    "source.ip=10.8.0.61|source.port=35740|destination.ip=8.8.8.8|"
	    "destination.port=53|network.transport=udp|network.protocol=dns|"
	    "dns.question.name=infinitedata-pa.googleapis.com|"
	    "dns.question.type=A|dns.response_code=NOERROR|"
	    "dns.answers=172.217.23.202"),
	TSV("second #fields remaps", CONN "#fields\tid.resp_h\tts\n"
	    "198.51.100.1\t1700000003", 1700000003000LL, SRC_NETWORK,
	    "destination.ip=198.51.100.1"),
	TSV("data after #close", CONN "#close\t2020-08-07-09-30-00\n"
	    "1700000004\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t-\t-\t-\tS0\t-\t"
	    "-\t0\tS\t1\t60\t0\t0\t-", 1700000004000LL, SRC_NETWORK,
	    "source.ip=10.0.0.1|source.port=1|destination.ip=10.0.0.2|"
	    "destination.port=2|network.transport=tcp|network.conn_state=S0"),
	TSV("CRLF", CONN "1700000005\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t-\t"
	    "-\t-\tSF\t-\t-\t0\tS\t1\t60\t0\t0\t-\r",
	    1700000005000LL, SRC_NETWORK,
	    "source.ip=10.0.0.1|source.port=1|destination.ip=10.0.0.2|"
	    "destination.port=2|network.transport=tcp|network.conn_state=SF"),
	TSV("dns set of answers, NXDOMAIN", DNS "1700000006.25\tC\t10.0.0.1\t"
	    "5353\t10.0.0.53\t53\tudp\t1\t-\tx1.evil.example\t1\tC_INTERNET\t"
	    "16\tTXT\t3\tNXDOMAIN\tF\tF\tT\tT\t0\t-\t-\tF",
	    1700000006250LL, SRC_DNS,
	    "source.ip=10.0.0.1|source.port=5353|destination.ip=10.0.0.53|"
	    "destination.port=53|network.transport=udp|network.protocol=dns|"
	    "dns.question.name=x1.evil.example|dns.question.type=TXT|"
	    "dns.response_code=NXDOMAIN"),
	TSV("dns answers set", DNS "1700000007\tC\t2001:db8::5\t5353\t"
	    "2001:db8::53\t53\ttcp\t1\t0.1\twww.example.com\t1\tC_INTERNET\t"
	    "28\tAAAA\t0\tNOERROR\tF\tF\tT\tT\t0\t"
	    "www.example.com.cdn.example,2001:db8::80\t60.0,60.0\tF",
	    1700000007000LL, SRC_DNS,
	    "source.ip=2001:db8::5|source.port=5353|"
	    "destination.ip=2001:db8::53|destination.port=53|"
	    "network.transport=tcp|network.protocol=dns|"
	    "dns.question.name=www.example.com|dns.question.type=AAAA|"
	    "dns.response_code=NOERROR|"
	    "dns.answers=www.example.com.cdn.example,2001:db8::80"),
	TSV("dns without #path: inferred from the fields", HDR
	    "#fields\tts\tquery\tqtype_name\n1700000008\texample.org\tMX",
	    1700000008000LL, SRC_DNS,
	    "network.protocol=dns|dns.question.name=example.org|"
	    "dns.question.type=MX"),
	TSV("http", HTTP HL("GET", "www.example.com",
	    "/a/b.php?id=1&x=%20", "http://ref.example/", "Mozilla/5.0 "
	    "(Windows NT 10.0; Win64; x64)", "alice",
	    "text/html,application/octet-stream"), 1655071298201LL, SRC_NETWORK,
	    HTTP_BASE "|destination.domain=www.example.com|"
	    "url.original=http://www.example.com/a/b.php?id=1&x=%20|"
	    "url.path=/a/b.php|url.query=id=1&x=%20|"
	    "http.request.referrer=http://ref.example/|"
	    "user_agent.original=Mozilla/5.0 (Windows NT 10.0; Win64; x64)|"
	    "user.name=alice|http.response.mime_type=text/html"),
	TSV("http host is an IP literal", HTTP HL("GET", "91.228.165.44",
	    "/x.exe", "-", "-", "-", "-"), 1655071298201LL, SRC_NETWORK,
	    HTTP_BASE "|url.original=http://91.228.165.44/x.exe|"
	    "url.path=/x.exe"),
	TSV("http host with port; the connection's port wins", HTTP HL("GET",
	    "www.example.com:8080", "/", "-", "-", "-", "-"),
	    1655071298201LL, SRC_NETWORK,
	    HTTP_BASE "|destination.domain=www.example.com|"
	    "url.original=http://www.example.com:8080/|url.path=/"),
	TSV("http IPv6 host", HTTP HL("GET", "2001:db8::80", "/i", "-", "-",
	    "-", "-"), 1655071298201LL, SRC_NETWORK,
	    "source.ip=10.0.0.5|source.port=62773|"
	    "destination.ip=2001:db8::80|destination.port=80|"
	    "network.transport=tcp|network.protocol=http|source.bytes=277|"
	    "destination.bytes=697|http.response.status_code=200|"
	    "http.request.method=GET|url.scheme=http|"
	    "url.original=http://[2001:db8::80]/i|url.path=/i"),
	TSV("http proxy: absolute URI", HTTP HL("GET", "example.org",
	    "http://example.org/a?b", "-", "-", "-", "-"),
	    1655071298201LL, SRC_NETWORK,
	    HTTP_BASE "|destination.domain=example.org|"
	    "url.original=http://example.org/a?b|url.path=/a|url.query=b"),
	TSV("http CONNECT", HTTP HL("CONNECT", "example.org:443",
	    "example.org:443", "-", "-", "-", "-"),
	    1655071298201LL, SRC_NETWORK,
	    "source.ip=10.0.0.5|source.port=62773|"
	    "destination.ip=91.228.165.44|destination.port=80|"
	    "network.transport=tcp|network.protocol=http|source.bytes=277|"
	    "destination.bytes=697|http.response.status_code=200|"
	    "http.request.method=CONNECT|destination.domain=example.org|"
	    "url.original=example.org:443"),
	TSV("http without host", HTTP HL("GET", "-", "/only?q", "-", "-", "-",
	    "-"), 1655071298201LL, SRC_NETWORK,
	    "source.ip=10.0.0.5|source.port=62773|"
	    "destination.ip=91.228.165.44|destination.port=80|"
	    "network.transport=tcp|network.protocol=http|source.bytes=277|"
	    "destination.bytes=697|http.response.status_code=200|"
	    "http.request.method=GET|url.original=/only?q|url.path=/only|"
	    "url.query=q"),
	TSV("http without uri", HTTP HL("GET", "h.example", "-", "-", "-", "-",
	    "-"), 1655071298201LL, SRC_NETWORK,
	    "source.ip=10.0.0.5|source.port=62773|"
	    "destination.ip=91.228.165.44|destination.port=80|"
	    "network.transport=tcp|network.protocol=http|source.bytes=277|"
	    "destination.bytes=697|http.response.status_code=200|"
	    "http.request.method=GET|destination.domain=h.example"),
	TSV("http \\x escapes", HTTP HL("GET", "e.example", "/a\\x09b",
	    "\\x2d", "curl\\x2f7.1 \\x5cx", "-", "-"),
	    1655071298201LL, SRC_NETWORK,
	    HTTP_BASE "|destination.domain=e.example|"
	    "url.original=http://e.example/a\tb|url.path=/a\tb|"
	    "http.request.referrer=-|user_agent.original=curl/7.1 \\x"),
	TSV("ssl server name", HDR "#path\tssl\n#fields\tts\tuid\tid.orig_h\t"
	    "id.orig_p\tid.resp_h\tid.resp_p\tversion\tcipher\tcurve\t"
	    "server_name\tresumed\tlabel\n1655071401.469632\tC\t"
	    "147.32.81.167\t62774\t20.54.24.231\t443\tTLSv12\tTLS_X\t"
	    "secp384r1\tarray614.prod.do.dsp.mp.microsoft.com\tF\tBenign",
	    1655071401469LL, SRC_NETWORK,
	    "source.ip=147.32.81.167|source.port=62774|"
	    "destination.ip=20.54.24.231|destination.port=443|"
	    "network.transport=tcp|network.protocol=ssl|"
	    "destination.domain=array614.prod.do.dsp.mp.microsoft.com"),
	TSV("custom separators and unset", "#separator \\x2c\n"
	    "#set_separator,|\n#unset_field,NONE\n#empty_field,EMPTY\n"
	    "#path,conn\n#fields,ts,id.orig_h,id.resp_h,service,conn_state\n"
	    "1700000009,10.2.2.2,NONE,EMPTY,S0", 1700000009000LL, SRC_NETWORK,
	    "source.ip=10.2.2.2|network.conn_state=S0"),
	TSV("literal '-' is unset only as configured", HDR
	    "#unset_field\tNONE\n#path\tconn\n#fields\tts\tconn_state\n"
	    "1700000010\t-", 1700000010000LL, SRC_NETWORK,
	    "network.conn_state=-"),
	/* skipped */
	TSVNO("weird.log is skipped", HDR "#path\tweird\n#fields\tts\tuid\t"
	    "id.orig_h\tname\n1655076450.728560\tC\t144.172.70.83\t"
	    "DNS_Conn_count_too_large", PARSE_SKIP, NULL),
	TSVNO("unknown fields, no #path: skipped", HDR "#fields\tts\tfoo\n"
	    "1700000000\tbar", PARSE_SKIP, NULL),
	TSVNO("blank line", CONN "", PARSE_SKIP, NULL),
	TSVNO("header line", CONN "#close\t2020-08-07-09-30-00",
	    PARSE_SKIP, NULL),
	TSVNO("header lines without values", "#empty_field\n#unset_field\n"
	    "#set_separator\n#path\n#\n#fields", PARSE_SKIP, NULL),
	TSVNO("#fields without values", "#path\tconn\n#fields\n1700000000",
	    PARSE_ERROR, "bad or missing ts"),
	/* errors */
	TSVNO("no header", "1596790183.031212\tC\t10.8.0.61",
	    PARSE_ERROR, "no #fields header yet"),
	TSVNO("#separator resets the header", CONN "#separator \\x09\n"
	    "1700000000\tC\t10.0.0.1", PARSE_ERROR, "no #fields header yet"),
	TSVNO("bad #separator", "#separator \\x09\\x09",
	    PARSE_ERROR, "unsupported #separator"),
	TSVNO("too few columns", CONN "1700000000\tC\t10.0.0.1\t1\t10.0.0.2",
	    PARSE_ERROR, "fewer columns than #fields"),
	TSVNO("bad ts", CONN "17000x0000\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t"
	    "-\t-\t-\tS0\t-\t-\t0\tS\t1\t60\t0\t0\t-",
	    PARSE_ERROR, "bad or missing ts"),
	TSVNO("unset ts", CONN "-\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t-\t-\t"
	    "-\tS0\t-\t-\t0\tS\t1\t60\t0\t0\t-", PARSE_ERROR,
	    "bad or missing ts"),
	TSVNO("bad port", CONN "1700000000\tC\t10.0.0.1\t65536\t10.0.0.2\t2\t"
	    "tcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t60\t0\t0\t-",
	    PARSE_ERROR, "bad port"),
	TSVNO("bad duration", CONN "1700000000\tC\t10.0.0.1\t1\t10.0.0.2\t2\t"
	    "tcp\t-\tfast\t-\t-\tS0\t-\t-\t0\tS\t1\t60\t0\t0\t-",
	    PARSE_ERROR, "bad duration"),
	TSVNO("bad bytes", CONN "1700000000\tC\t10.0.0.1\t1\t10.0.0.2\t2\t"
	    "tcp\t-\t1.0\t-5\t-\tS0\t-\t-\t0\tS\t1\t60\t0\t0\t-",
	    PARSE_ERROR, "bad byte count"),
	TSVNO("bad status", HTTP HL("GET", "a", "/", "-", "-", "-", "-")
	    "\n1655071298.201945\tC\t10.0.0.5\t1\t10.0.0.6\t80\t1\tGET\ta\t/\t"
	    "-\t1.1\t-\t-\t0\t0\t2000\tOK\t-\t-\t(empty)\t-\t-\t-\t-\t-\t-\t-\t"
	    "-\t-", PARSE_ERROR, "bad status_code"),
	TSVNO("bad body length", HTTP
	    "1655071298.201945\tC\t10.0.0.5\t1\t10.0.0.6\t80\t1\tGET\ta\t/\t"
	    "-\t1.1\t-\t-\tx\t0\t200\tOK\t-\t-\t(empty)\t-\t-\t-\t-\t-\t-\t-\t"
	    "-\t-", PARSE_ERROR, "bad body length"),
	TSVNO("binary garbage", CONN "\x01\xff\xfe\t\x80\x00zz",
	    PARSE_ERROR, "fewer columns than #fields"),
	/* files, smtp, notice, ssh, x509 */
	TSV("files", FILES "1700000010.5\tFb1\tC1\t10.1.2.3\t49711\t"
	    "203.0.113.9\t80\tHTTP\t0\tMD5,SHA1,SHA256\tapplication/x-dosexec\t"
	    JP "\t0.1\tT\tF\t73802\t73802\t0\t0\tF\t-\t"
	    "44d88612fea8a8f36de82e1278abb02f\t"
	    "3395856ce81f2b7382dee72602f798b642f14140\t" SHA256 "\t-\t-\t-",
	    1700000010500LL, SRC_NETWORK,
	    "source.ip=10.1.2.3|source.port=49711|destination.ip=203.0.113.9|"
	    "destination.port=80|network.protocol=HTTP|file.name=" JP "|"
	    "file.mime_type=application/x-dosexec|process.hash=" SHA256 "|"
	    "destination.bytes=73802"),
	TSV("files, Zeek 4 hosts, md5 only", FILES4 "1600000000.1\tFx\t"
	    "203.0.113.9\t10.1.2.3,10.1.2.4\tC1\tSMTP\t3\tMD5\ttext/plain\t"
	    "invoice\\x2cpdf.txt\t0\tF\tF\t12\t12\t0\t0\tF\t-\t"
	    "44d88612fea8a8f36de82e1278abb02f\t-\t-\t-", 1600000000100LL,
	    SRC_NETWORK, "source.ip=10.1.2.3|destination.ip=203.0.113.9|"
	    "network.protocol=SMTP|file.name=invoice,pdf.txt|"
	    "file.mime_type=text/plain|"
	    "process.hash=44d88612fea8a8f36de82e1278abb02f|"
	    "destination.bytes=12"),
	TSV("smtp", SMTP "1700000020\tCm\t203.0.113.25\t40123\t10.1.0.25\t25\t"
	    "1\tmail.evil.example\teve@evil.example\t"
	    "alice@corp.example,bob@corp.example\tMon, 10 Mar 2026 09:00:00 "
	    "+0900\t\"Eve\" <eve@evil.example>\talice@corp.example\t-\t-\t"
	    "<1@evil.example>\t-\t\xe8\xa6\x8b\xe7\xa9\x8d\xe6\x9b\xb8\t-\t-\t"
	    "-\t250 2.0.0 Ok\t10.1.0.25,203.0.113.25\tThunderbird 115\tF\t"
	    "Fa1,Fa2\tF", 1700000020000LL, SRC_MAIL,
	    "source.ip=203.0.113.25|source.port=40123|destination.ip=10.1.0.25|"
	    "destination.port=25|network.transport=tcp|network.protocol=smtp|"
	    "email.from.address=eve@evil.example|"
	    "email.to.address=alice@corp.example,bob@corp.example|"
	    "email.subject=\xe8\xa6\x8b\xe7\xa9\x8d\xe6\x9b\xb8|"
	    "user_agent.original=Thunderbird 115"),
	TSV("smtp, From header when no envelope", SMTP "1700000021\tCm\t"
	    "203.0.113.25\t40123\t10.1.0.25\t25\t1\tx\t-\t-\t-\t"
	    "eve@evil.example\tcarol@corp.example\t-\t-\t-\t-\t-\t-\t-\t-\t-\t"
	    "-\t-\tF\t-\tF", 1700000021000LL, SRC_MAIL,
	    "source.ip=203.0.113.25|source.port=40123|destination.ip=10.1.0.25|"
	    "destination.port=25|network.transport=tcp|network.protocol=smtp|"
	    "email.from.address=eve@evil.example|"
	    "email.to.address=carol@corp.example|user.name=carol"),
	TSV("notice without a connection", NOTICE "1700000030\t-\t-\t-\t-\t-\t"
	    "-\t-\t-\ttcp\tScan::Port_Scan\t10.1.2.9 scanned at least 15 "
	    "unique ports of host 10.1.2.20 in 0m2s\tlocal\t10.1.2.9\t"
	    "10.1.2.20\t-\t-\t-\tNotice::ACTION_LOG\t(empty)\t3600.000000",
	    1700000030000LL, SRC_NETWORK,
	    "source.ip=10.1.2.9|destination.ip=10.1.2.20|network.transport=tcp|"
	    "threat.name=Scan::Port_Scan|event.reason=10.1.2.9 scanned at "
	    "least 15 unique ports of host 10.1.2.20 in 0m2s"),
	TSV("notice of a file", NOTICE "1700000031\tC2\t10.1.2.3\t49711\t"
	    "203.0.113.9\t80\tFb1\tapplication/x-dosexec\thttp://x/a.exe\t"
	    "tcp\tTeamCymruMalwareHashRegistry::Match\tMalware Hash Registry "
	    "Detection rate: 50%\t-\t10.1.2.3\t203.0.113.9\t80\t-\t-\t"
	    "Notice::ACTION_LOG\t(empty)\t3600.000000", 1700000031000LL,
	    SRC_NETWORK, "source.ip=10.1.2.3|source.port=49711|"
	    "destination.ip=203.0.113.9|destination.port=80|"
	    "network.transport=tcp|file.mime_type=application/x-dosexec|"
	    "threat.name=TeamCymruMalwareHashRegistry::Match|"
	    "event.reason=Malware Hash Registry Detection rate: 50%"),
	TSV("ssh", SSH "1700000040\tCs\t10.1.2.3\t50000\t198.51.100.7\t22\t2\t"
	    "T\t1\tOUTBOUND\tSSH-2.0-OpenSSH_9.6\tSSH-2.0-OpenSSH_8.9\t"
	    "aes128-ctr\thmac-sha2-256\tnone\tcurve25519-sha256\t"
	    "ssh-ed25519\t6e:4f", 1700000040000LL, SRC_NETWORK,
	    "source.ip=10.1.2.3|source.port=50000|destination.ip=198.51.100.7|"
	    "destination.port=22|network.transport=tcp|network.protocol=ssh|"
	    "event.action=success|user_agent.original=SSH-2.0-OpenSSH_9.6"),
	TSV("ssh failed", SSH "1700000041\tCs\t10.1.2.3\t50000\t198.51.100.7\t"
	    "22\t2\tF\t6\t-\t-\t-\t-\t-\t-\t-\t-\t-", 1700000041000LL,
	    SRC_NETWORK, "source.ip=10.1.2.3|source.port=50000|"
	    "destination.ip=198.51.100.7|destination.port=22|"
	    "network.transport=tcp|network.protocol=ssh|event.action=failure"),
	TSV("x509", X509 "1700000050\tabcdef0123\t3\t04AB\tCN=evil.example\t"
	    "CN=R3,O=Let's Encrypt,C=US\t1699000000\t1707000000\trsaEncryption"
	    "\tsha256WithRSAEncryption\trsa\t2048\t65537\t-\t"
	    "evil.example,www.evil.example\t-\t-\t-\tF\t-\tT\tF",
	    1700000050000LL, SRC_NETWORK,
	    "process.hash=abcdef0123|destination.domain=evil.example"),
	TSVNO("files, bad seen_bytes", FILES "1700000010.5\tFb1\tC1\t10.1.2.3\t"
	    "1\t203.0.113.9\t80\tHTTP\t0\t-\t-\t-\t-\t-\t-\tmany\t-\t-\t-\t-\t"
	    "-\t-\t-\t-\t-\t-\t-", PARSE_ERROR, "bad seen_bytes"),
	TSVNO("notice, bad p", NOTICE "1700000030\t-\t-\t-\t-\t-\t-\t-\t-\t"
	    "tcp\tX\ty\t-\t10.1.2.9\t10.1.2.20\t99999\t-\t-\t-\t-\t-",
	    PARSE_ERROR, "bad port"),
	/* JSON writer output: the same logs, one object a line */
	JSON("conn", "{\"ts\":1664462456.755299,\"uid\":\"C5xhsO3uGtOfyrBlHh\","
	    "\"id.orig_h\":\"172.16.1.11\",\"id.orig_p\":40042,"
	    "\"id.resp_h\":\"8.8.8.8\",\"id.resp_p\":53,\"proto\":\"udp\","
	    "\"service\":\"dns\",\"duration\":0.012166976928710938,"
	    "\"orig_bytes\":0,\"resp_bytes\":111,\"conn_state\":\"SHR\","
	    "\"local_orig\":true,\"local_resp\":false,\"missed_bytes\":0,"
	    "\"history\":\"Cd\",\"orig_pkts\":0,\"orig_ip_bytes\":0,"
	    "\"resp_pkts\":1,\"resp_ip_bytes\":139}",
	    1664462456755LL, SRC_NETWORK,
	    "source.ip=172.16.1.11|source.port=40042|destination.ip=8.8.8.8|"
	    "destination.port=53|network.transport=udp|network.protocol=dns|"
	    "event.duration_ms=12|source.bytes=0|destination.bytes=111|"
	    "network.conn_state=SHR"),
	JSON("conn icmp, exponent duration", "{\"ts\":1664463972.711412,"
	    "\"id.orig_h\":\"172.16.1.11\",\"id.orig_p\":3,\"id.resp_h\":"
	    "\"172.16.1.30\",\"id.resp_p\":3,\"proto\":\"icmp\",\"duration\":"
	    "1.2e-05,\"conn_state\":\"OTH\"}", 1664463972711LL, SRC_NETWORK,
	    "source.ip=172.16.1.11|destination.ip=172.16.1.30|"
	    "network.transport=icmp|event.duration_ms=0|"
	    "network.conn_state=OTH"),
	JSON("conn, history only, ISO ts",
	    " {\"ts\":\"2026-03-10T12:00:01.5Z\",\"id.orig_h\":\"10.0.0.1\","
	    "\"history\":\"S\"} \r",
	    1773144001500LL, SRC_NETWORK,
	    "source.ip=10.0.0.1"),
	JSON("nested id", "{\"ts\":1700000000,\"id\":{\"orig_h\":\"10.0.0.1\","
	    "\"orig_p\":1025,\"resp_h\":\"10.0.0.2\",\"resp_p\":445,"
	    "\"vlan\":5},\"conn_state\":\"REJ\",\"proto\":\"tcp\"}",
	    1700000000000LL, SRC_NETWORK,
	    "source.ip=10.0.0.1|source.port=1025|destination.ip=10.0.0.2|"
	    "destination.port=445|network.transport=tcp|"
	    "network.conn_state=REJ"),
	JSON("dns with arrays", "{\"ts\":1596790164.509987,\"uid\":\"Cr01\","
	    "\"id.orig_h\":\"10.8.0.61\",\"id.orig_p\":35740,"
	    "\"id.resp_h\":\"8.8.8.8\",\"id.resp_p\":53,\"proto\":\"udp\","
	    "\"query\":\"www.example.com\",\"qtype_name\":\"A\","
	    "\"rcode_name\":\"NOERROR\",\"answers\":[\"cdn.example\","
	    "\"192.0.2.1\",\"192.0.2.2\"],\"TTLs\":[60.0,60.0,60.0],"
	    "\"rejected\":false}", 1596790164509LL, SRC_DNS,
	    "source.ip=10.8.0.61|source.port=35740|destination.ip=8.8.8.8|"
	    "destination.port=53|network.transport=udp|network.protocol=dns|"
	    "dns.question.name=www.example.com|dns.question.type=A|"
	    "dns.response_code=NOERROR|"
	    "dns.answers=cdn.example,192.0.2.1,192.0.2.2"),
	JSON("dns escaped answers", "{\"ts\":1,\"query\":\"a\\u002eexample\","
	    "\"answers\":[\"x\",\"b\\u002eexample\",\"c\"]}", 1000LL, SRC_DNS,
	    "network.protocol=dns|dns.question.name=a.example|"
	    "dns.answers=x,b.example,c"),
	JSON("dns one answer, null rcode", "{\"ts\":1,\"query\":\"q.example\","
	    "\"rcode_name\":null,\"answers\":[\"192.0.2.7\"]}", 1000LL, SRC_DNS,
	    "network.protocol=dns|dns.question.name=q.example|"
	    "dns.answers=192.0.2.7"),
	JSON("http", "{\"ts\":1655071298.201945,\"uid\":\"C5h\","
	    "\"id.orig_h\":\"10.0.0.5\",\"id.orig_p\":62773,\"id.resp_h\":"
	    "\"91.228.165.44\",\"id.resp_p\":80,\"trans_depth\":1,"
	    "\"method\":\"GET\",\"host\":\"www.example.com\",\"uri\":"
	    "\"/a\\/b.php?id=1\",\"referrer\":\"http://ref.example/\","
	    "\"user_agent\":\"Mozilla/5.0 \\\"x\\\"\",\"request_body_len\":277,"
	    "\"response_body_len\":697,\"status_code\":200,"
	    "\"status_msg\":\"OK\",\"tags\":[],\"username\":\"bob\","
	    "\"resp_fuids\":[\"Fll6\"],\"resp_mime_types\":[\"text/html\","
	    "\"image/png\"]}", 1655071298201LL, SRC_NETWORK,
	    HTTP_BASE "|destination.domain=www.example.com|"
	    "url.original=http://www.example.com/a/b.php?id=1|"
	    "url.path=/a/b.php|url.query=id=1|"
	    "http.request.referrer=http://ref.example/|"
	    "user_agent.original=Mozilla/5.0 \"x\"|user.name=bob|"
	    "http.response.mime_type=text/html"),
	JSON("http status only", "{\"ts\":1,\"status_code\":404}",
	    1000LL, SRC_NETWORK,
	    "network.transport=tcp|network.protocol=http|"
	    "http.response.status_code=404"),
	JSON("_path wins", "{\"_path\":\"conn\",\"ts\":1,\"query\":\"x\","
	    "\"conn_state\":\"S0\"}", 1000LL, SRC_NETWORK,
	    "network.conn_state=S0"),
	JSON("ssl", "{\"ts\":1,\"server_name\":\"t8.dropbox.com\"}",
	    1000LL, SRC_NETWORK,
	    "network.transport=tcp|network.protocol=ssl|"
	    "destination.domain=t8.dropbox.com"),
	JSON("ssl without a server name", "{\"ts\":1,\"id.resp_p\":5684,"
	    "\"resumed\":false,\"established\":false}", 1000LL, SRC_NETWORK,
	    "destination.port=5684|network.transport=tcp|network.protocol=ssl"),
	/* skipped */
	JSON("files, no _path: fuid", "{\"ts\":1700000010.5,\"fuid\":\"Fb1\","
	    "\"uid\":\"C1\",\"id.orig_h\":\"10.1.2.3\",\"id.orig_p\":49711,"
	    "\"id.resp_h\":\"203.0.113.9\",\"id.resp_p\":80,\"source\":\"HTTP\","
	    "\"analyzers\":[\"MD5\",\"SHA256\"],\"mime_type\":"
	    "\"application/x-dosexec\",\"filename\":\"\\u898b\\u7a4d.pdf.exe\","
	    "\"is_orig\":false,\"seen_bytes\":73802,\"sha256\":\"" SHA256 "\"}",
	    1700000010500LL, SRC_NETWORK,
	    "source.ip=10.1.2.3|source.port=49711|destination.ip=203.0.113.9|"
	    "destination.port=80|network.protocol=HTTP|"
	    "file.name=\xe8\xa6\x8b\xe7\xa9\x8d.pdf.exe|"
	    "file.mime_type=application/x-dosexec|process.hash=" SHA256 "|"
	    "destination.bytes=73802"),
	JSON("files, Zeek 4 hosts as arrays", "{\"_path\":\"files\",\"ts\":"
	    "1600000000.1,\"tx_hosts\":[\"203.0.113.9\"],\"rx_hosts\":"
	    "[\"10.1.2.3\",\"10.1.2.4\"],\"source\":\"FTP_DATA\","
	    "\"mime_type\":\"application/zip\",\"md5\":"
	    "\"44d88612fea8a8f36de82e1278abb02f\"}", 1600000000100LL,
	    SRC_NETWORK, "source.ip=10.1.2.3|destination.ip=203.0.113.9|"
	    "network.protocol=FTP_DATA|file.mime_type=application/zip|"
	    "process.hash=44d88612fea8a8f36de82e1278abb02f"),
	JSON("smtp, no _path: mailfrom", "{\"ts\":1700000020,\"uid\":\"Cm\","
	    "\"id.orig_h\":\"203.0.113.25\",\"id.orig_p\":40123,\"id.resp_h\":"
	    "\"10.1.0.25\",\"id.resp_p\":25,\"trans_depth\":1,\"helo\":\"x\","
	    "\"mailfrom\":\"eve@evil.example\",\"rcptto\":[\"alice@corp.example\","
	    "\"bob@corp.example\"],\"from\":\"Eve <eve@evil.example>\",\"to\":"
	    "[\"alice@corp.example\"],\"subject\":\"\\u898b\\u7a4d\\u66f8\","
	    "\"path\":[\"10.1.0.25\",\"203.0.113.25\"],\"user_agent\":\"Outlook\","
	    "\"tls\":false,\"fuids\":[\"Fa1\"]}", 1700000020000LL, SRC_MAIL,
	    "source.ip=203.0.113.25|source.port=40123|destination.ip=10.1.0.25|"
	    "destination.port=25|network.transport=tcp|network.protocol=smtp|"
	    "email.from.address=eve@evil.example|"
	    "email.to.address=alice@corp.example,bob@corp.example|"
	    "email.subject=\xe8\xa6\x8b\xe7\xa9\x8d\xe6\x9b\xb8|"
	    "user_agent.original=Outlook"),
	JSON("notice, no _path: note", "{\"ts\":1700000030.0,\"proto\":\"tcp\","
	    "\"note\":\"Scan::Address_Scan\",\"msg\":\"10.1.2.9 scanned 25 "
	    "hosts\",\"src\":\"10.1.2.9\",\"p\":445,\"actions\":"
	    "[\"Notice::ACTION_LOG\"],\"suppress_for\":3600.0}", 1700000030000LL,
	    SRC_NETWORK, "source.ip=10.1.2.9|destination.port=445|"
	    "network.transport=tcp|threat.name=Scan::Address_Scan|"
	    "event.reason=10.1.2.9 scanned 25 hosts"),
	JSON("ssh, no _path: auth_success", "{\"ts\":1700000040,\"id.orig_h\":"
	    "\"10.1.2.3\",\"id.orig_p\":50000,\"id.resp_h\":\"198.51.100.7\","
	    "\"id.resp_p\":22,\"version\":2,\"auth_success\":true,"
	    "\"auth_attempts\":1,\"client\":\"SSH-2.0-libssh_0.9.6\"}",
	    1700000040000LL, SRC_NETWORK,
	    "source.ip=10.1.2.3|source.port=50000|destination.ip=198.51.100.7|"
	    "destination.port=22|network.transport=tcp|network.protocol=ssh|"
	    "event.action=success|user_agent.original=SSH-2.0-libssh_0.9.6"),
	JSON("ssh, attempts only", "{\"ts\":1700000041,\"id.orig_h\":"
	    "\"10.1.2.3\",\"auth_attempts\":0}", 1700000041000LL, SRC_NETWORK,
	    "source.ip=10.1.2.3|network.transport=tcp|network.protocol=ssh"),
	JSON("x509, no _path: fingerprint", "{\"ts\":1700000050,\"fingerprint\":"
	    "\"abcdef0123\",\"certificate.subject\":\"CN=evil.example\","
	    "\"san.dns\":[\"evil.example\",\"www.evil.example\"]}",
	    1700000050000LL, SRC_NETWORK,
	    "process.hash=abcdef0123|destination.domain=evil.example"),
	JSON("x509, nested certificate", "{\"ts\":1700000050,\"fingerprint\":"
	    "\"abcdef0123\",\"certificate\":{\"subject\":\"CN=x\"}}",
	    1700000050000LL, SRC_NETWORK, "process.hash=abcdef0123"),
	JSONNO("_path of another log", "{\"_path\":\"weird\",\"ts\":1,"
	    "\"conn_state\":\"S0\"}", PARSE_SKIP, NULL),
	JSONNO("sip looks like http", "{\"ts\":1,\"method\":\"INVITE\",\"uri\":"
	    "\"sip:100@1.1.1.1\",\"call_id\":\"77\"}", PARSE_SKIP, NULL),
	JSONNO("weird", "{\"ts\":1,\"name\":\"bad_TCP_checksum\"}",
	    PARSE_SKIP, NULL),
	JSONNO("blank", "  \r", PARSE_SKIP, NULL),
	/* errors */
	JSONNO("not an object", "conn", PARSE_ERROR, "malformed JSON"),
	JSONNO("truncated", "{\"ts\":1,\"conn_state\":\"S",
	    PARSE_ERROR, "malformed JSON"),
	JSONNO("trailing bytes", "{\"ts\":1,\"conn_state\":\"S0\"}x",
	    PARSE_ERROR, "malformed JSON"),
	JSONNO("no ts", "{\"conn_state\":\"S0\"}",
	    PARSE_ERROR, "bad or missing ts"),
	JSONNO("ts not a time", "{\"ts\":true,\"conn_state\":\"S0\"}",
	    PARSE_ERROR, "bad or missing ts"),
	JSONNO("negative port",
	    "{\"ts\":1,\"id.orig_p\":-1,\"conn_state\":\"S0\"}", PARSE_ERROR,
	    "bad port"),
	JSONNO("fractional bytes", "{\"ts\":1,\"orig_bytes\":1.5,"
	    "\"conn_state\":\"S0\"}", PARSE_ERROR, "bad byte count"),
};

/*
 * A conn line cut at every byte: an error until the last mapped column
 * (conn_state) is there, then an event.
 */
START_TEST(test_tsv_cut)
{
	static const struct pt_case	 c = { .format = "zeek", .line = CONN
	    "1596790183.031212\tCjZ\t10.8.0.61\t44297\t157.240.23.25\t443\t"
	    "tcp\tssl\t0.257309\t1188\t1633463\tRSTO\t-\t-\t0\tShR\t2\t100\t"
	    "1\t60\t-" };
	const struct parser	*p = pt_parser("zeek");
	const char		*line = pt_last_line(c.line), *err, *s, *nl;
	struct logevent		 ev;
	void			*st = pt_state(p, 0);
	size_t			 cut, len = strlen(line), tabs;
	char			*buf;
	enum parse_result	 r;

	memset(&ev, 0, sizeof(ev));
	/* The header: every line skipped. */
	for (s = c.line; s < line; s = nl + 1) {
		nl = strchr(s, '\n');
		buf = pt_copy(s, (size_t)(nl - s));
		ck_assert_int_eq(pt_parse(p, st, buf, (size_t)(nl - s), 0,
		    &ev, &err), PARSE_SKIP);
		free(buf);
	}
	for (cut = 1, tabs = 0; cut <= len; cut++) {
		buf = pt_copy(line, cut);
		if (buf[cut - 1] == '\t')
			tabs++;
		r = pt_parse(p, st, buf, cut, 0, &ev, &err);
		if (tabs < 11)
			ck_assert_msg(r == PARSE_ERROR, "cut %zu", cut);
		else
			ck_assert_msg(r == PARSE_OK, "cut %zu: %s", cut, err);
		free(buf);
	}
	pt_state_free(p, st);
	logevent_free(&ev);
}
END_TEST

/* A JSON line cut anywhere is malformed. */
START_TEST(test_json_cut)
{
	pt_run_cut("zeek-json", "{\"ts\":1655071298.201945,\"id.orig_h\":"
	    "\"10.0.0.5\",\"id.orig_p\":62773,\"method\":\"GET\",\"host\":"
	    "\"www.example.com\",\"uri\":\"/a\\/b\",\"answers\":[\"a\",\"b\"],"
	    "\"resp_mime_types\":[\"text/html\"]}");
}
END_TEST

START_TEST(test_json_registered)
{
	pt_registered("zeek-json", SRC_NETWORK, 0, 0);
}
END_TEST

/* Lookups by Zeek's own names (logevent_native), columns or keys. */
#define NAT(nm, fmt, l, f, w) \
	{ .format = fmt, .name = nm, .line = l, .field = f, .want = w }
#define NT(nm, l, f, w)	NAT(nm, "zeek", l, f, w)
#define NJ(nm, l, f, w)	NAT(nm, "zeek-json", l, f, w)

#define DNSL	DNS "1700000007\tC\t2001:db8::5\t5353\t2001:db8::53\t53\t" \
	"tcp\t1\t0.1\twww.example.com\t1\tC_INTERNET\t28\tAAAA\t0\tNOERROR\t" \
	"F\tF\tT\tT\t0\twww.example.com.cdn.example,2001:db8::80\t" \
	"60.0,60.0\tF"
#define DNSNX	DNS "1700000006.25\tC\t10.0.0.1\t5353\t10.0.0.53\t53\tudp\t" \
	"1\t-\tx1.evil.example\t1\tC_INTERNET\t16\tTXT\t3\tNXDOMAIN\tF\tF\t" \
	"T\tT\t0\t-\t-\tF"
#define HTTPL	HTTP HL("GET", "www.example.com", "/a\\x20b\\x09c", "-", \
	"Mozilla/5.0", "-", "text/html,application/octet-stream")
#define CONNCR	CONN "1700000005\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t-\t" \
	"-\t-\tSF\t-\t-\t0\tS\t1\t60\t0\t0\t-\r"
#define CONNL	"1596790183.031212\tC\t10.8.0.61\t44297\t157.240.23.25\t443\t" \
	"tcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t60\t0\t0\t-"
#define JFLAT	"{\"ts\":1700000009.5,\"uid\":\"C\",\"id.orig_h\":" \
	"\"10.0.0.1\",\"id.orig_p\":5353,\"id.resp_h\":\"10.0.0.53\"," \
	"\"id.resp_p\":53,\"proto\":\"udp\",\"query\":\"a\\u0041.example\"," \
	"\"qtype_name\":\"A\",\"answers\":[\"1.2.3.4\",\"5.6.7.8\"]," \
	"\"TTLs\":[],\"rejected\":false}"
#define JNEST	"{\"ts\":1700000009.5,\"id\":{\"orig_h\":\"10.0.0.2\"," \
	"\"orig_p\":5353,\"resp_h\":\"10.0.0.53\",\"resp_p\":53}," \
	"\"query\":\"b.example\"}"

static const struct pt_native natives[] = {
	NT("column", DNSL, "query", "www.example.com"),
	NT("column", DNSL, "qtype_name", "AAAA"),
	NT("dotted column", DNSL, "id.orig_h", "2001:db8::5"),
	NT("dotted column", DNSL, "id.resp_p", "53"),
	NT("prefix of a column", DNSL, "id.orig", NULL),
	NT("first column", DNSL, "ts", "1700000007"),
	NT("last column", DNSL, "rejected", "F"),
	NT("column the parser skips", DNSL, "TTLs", "60.0,60.0"),
	NT("set", DNSL, "answers", "www.example.com.cdn.example,2001:db8::80"),
	NT("no such column", DNSL, "nonesuch", NULL),
	NT("unset", DNSNX, "rtt", NULL),
	NT("unset set", DNSNX, "answers", NULL),
	NT("empty", HTTPL, "tags", ""),
	NT("escapes", HTTPL, "uri", "/a b\tc"),
	NT("http", HTTPL, "user_agent", "Mozilla/5.0"),
	NT("http", HTTPL, "status_code", "200"),
	NT("http set as written", HTTPL, "resp_mime_types",
	    "text/html,application/octet-stream"),
	NT("CRLF", CONNCR, "history", "S"),
	NT("CRLF last column", CONNCR, "tunnel_parents", NULL),
	NT("the header the line is read by", CONN CONNL "\n" DNSL,
	    "conn_state", NULL),
	NT("the header the line is read by", CONN CONNL "\n" DNSL, "query",
	    "www.example.com"),
	NT("#empty_field after #fields", HDR "#fields\tts\tquery\tqtype_name\n"
	    "#empty_field\tnada\n1700000008\tnada\tMX", "query", ""),
	NT("#unset_field after #fields", HDR "#fields\tts\tquery\tqtype_name\n"
	    "#unset_field\tnil\n1700000008\t-\tnil", "query", "-"),
	NT("#unset_field after #fields", HDR "#fields\tts\tquery\tqtype_name\n"
	    "#unset_field\tnil\n1700000008\t-\tnil", "qtype_name", NULL),
	NT("line shorter than the header", HDR "#path\tconn\n"
	    "#fields\tts\tid.orig_h\tcomment\textra\n1700000002\t10.1.1.2",
	    "extra", NULL),
	NJ("flat key", JFLAT, "id.orig_h", "10.0.0.1"),
	NJ("number", JFLAT, "id.resp_p", "53"),
	NJ("escapes", JFLAT, "query", "aA.example"),
	NJ("array", JFLAT, "answers", "1.2.3.4,5.6.7.8"),
	NJ("empty array", JFLAT, "TTLs", ""),
	NJ("bool", JFLAT, "rejected", "false"),
	NJ("absent", JFLAT, "rcode_name", NULL),
	NJ("prefix of a key", JFLAT, "id.orig", NULL),
	NJ("nested id", JNEST, "id.orig_h", "10.0.0.2"),
	NJ("nested id", JNEST, "id.resp_p", "53"),
	NJ("nested member alone", JNEST, "orig_h", NULL),
	NJ("object", JNEST, "id", NULL),
};

/*
 * An event parsed ahead of its turn is looked up by the header it was
 * read by, after the file has gone on to another (pipeline.c).
 */
START_TEST(test_native_in_flight)
{
	static const char	 conn[] = CONN;
	static const char	 line1[] = CONNL;
	static const char	 dns[] = DNSL;
	const struct parser	*p = pt_parser("zeek");
	const char		*s, *nl, *err;
	struct logevent		 ev[2];
	struct slice		 v;
	void			*st = pt_state(p, 0);
	int			 k = 0;

	memset(ev, 0, sizeof(ev));
	for (s = conn; *s != '\0'; s = nl + 1) {
		nl = strchr(s, '\n');
		(void)pt_parse(p, st, s, (size_t)(nl - s), 0, &ev[1], &err);
	}
	ck_assert_int_eq(pt_parse(p, st, line1, sizeof(line1) - 1, 0, &ev[0],
	    &err), PARSE_OK);
	/* The next file in the stream: a dns header and a line. */
	for (s = dns; (nl = strchr(s, '\n')) != NULL; s = nl + 1, k++)
		(void)pt_parse(p, st, s, (size_t)(nl - s), 0, &ev[1], &err);
	ck_assert_int_eq(pt_parse(p, st, s, strlen(s), 0, &ev[1], &err),
	    PARSE_OK);
	ck_assert_int_gt(k, 0);
	v = logevent_native(&ev[0], "conn_state", 10, NULL, 0);
	ck_assert(slice_eq(v, "S0"));
	v = logevent_native(&ev[0], "query", 5, NULL, 0);
	ck_assert(v.p == NULL && v.len == 0);
	v = logevent_native(&ev[1], "query", 5, NULL, 0);
	ck_assert(slice_eq(v, "www.example.com"));
	/* The conn header again is the one kept before, not a copy. */
	for (s = conn; *s != '\0'; s = nl + 1) {
		nl = strchr(s, '\n');
		(void)pt_parse(p, st, s, (size_t)(nl - s), 0, &ev[1], &err);
	}
	ck_assert_int_eq(pt_parse(p, st, line1, sizeof(line1) - 1, 0, &ev[1],
	    &err), PARSE_OK);
	ck_assert_ptr_eq(ev[1].native_arg, ev[0].native_arg);
	pt_state_free(p, st);
	logevent_free(&ev[0]);
	logevent_free(&ev[1]);
}
END_TEST

#define PT_SUITE	"zeek"
#define PT_NATIVE
#define PT_ROW		"zeek", SRC_NETWORK, 0, 1
#define PT_GARBAGE	"\t#{}[]\":,.-0123456789abcdefSF"
#define PT_SEED		1337
#define PT_MORE(tc) \
	do { \
		tcase_add_test(tc, test_tsv_cut); \
		tcase_add_test(tc, test_json_cut); \
		tcase_add_test(tc, test_json_registered); \
		tcase_add_test(tc, test_native_in_flight); \
	} while (0)
#include "parser_suite.h"
