/*
 * Tests of the Suricata EVE JSON parser (src/parsers/suricata.c),
 * through the shared table driver (parser_table.h): each event type
 * read, the protocol objects an alert or a fileinfo carries, the
 * endpoint of a record seen towards the client, the versions of the
 * dns object, and records skipped or refused.
 */
#include "parser_table.h"

#define EV(nm, in, t, src, w) \
	{ .format = "suricata", .name = nm, .line = in, .result = PARSE_OK, \
	  .time_ms = t, .source = src, .want = w }
#define NO(nm, in, r, e) \
	{ .format = "suricata", .name = nm, .line = in, .result = r, \
	  .want = e }

/* 2026-03-10T14:02:11.123456+0000 */
#define T0	1773151331123LL
#define HEAD(type) "{\"timestamp\":\"2026-03-10T14:02:11.123456+0000\"," \
	"\"flow_id\":1234567890123,\"in_iface\":\"eth0\",\"event_type\":\"" \
	type "\",\"src_ip\":\"10.1.2.3\",\"src_port\":49711," \
	"\"dest_ip\":\"203.0.113.9\",\"dest_port\":80,\"proto\":\"TCP\""
#define TUPLE	"source.ip=10.1.2.3|source.port=49711|" \
	"destination.ip=203.0.113.9|destination.port=80|network.transport=tcp"
#define ALERT(sid, sev) ",\"alert\":{\"action\":\"allowed\",\"gid\":1," \
	"\"signature_id\":" sid ",\"rev\":3,\"signature\":\"ET MALWARE " \
	"Win32/Agent CnC Checkin\",\"category\":\"A Network Trojan was " \
	"detected\",\"severity\":" sev "}"
#define HTTPO	",\"http\":{\"hostname\":\"update.badcdn.example\"," \
	"\"url\":\"/gate.php?id=7\",\"http_user_agent\":\"Mozilla/4.0\"," \
	"\"http_content_type\":\"text/html\",\"http_method\":\"POST\"," \
	"\"protocol\":\"HTTP/1.1\",\"status\":200,\"length\":45}"
#define HTTPF	"url.original=http://update.badcdn.example/gate.php?id=7|" \
	"url.scheme=http|destination.domain=update.badcdn.example|" \
	"url.path=/gate.php|url.query=id=7|http.request.method=POST|" \
	"user_agent.original=Mozilla/4.0|http.response.mime_type=text/html|" \
	"http.response.status_code=200|destination.bytes=45"
#define ALERTF	"event.action=allowed|threat.signature_id=2027758|" \
	"threat.name=ET MALWARE Win32/Agent CnC Checkin|" \
	"threat.category=A Network Trojan was detected|threat.severity=1"

static const struct pt_case cases[] = {
	EV("alert with its http", HEAD("alert") ",\"app_proto\":\"http\""
	    ALERT("2027758", "1") HTTPO "}", T0, SRC_NETWORK,
	    TUPLE "|network.protocol=http|" ALERTF "|" HTTPF),
	EV("alert, no app_proto, sensor name", HEAD("alert")
	    ",\"host\":\"ids-dmz\"" ALERT("2027758", "1") "}", T0,
	    SRC_NETWORK, TUPLE "|host.name=ids-dmz|" ALERTF),
	EV("alert on a response: the client is the endpoint",
	    "{\"timestamp\":\"2026-03-10T14:02:11.123456+0000\","
	    "\"event_type\":\"alert\",\"src_ip\":\"203.0.113.9\","
	    "\"src_port\":80,\"dest_ip\":\"10.1.2.3\",\"dest_port\":49711,"
	    "\"proto\":\"TCP\",\"direction\":\"to_client\""
	    ALERT("2027758", "1") "}", T0, SRC_NETWORK, TUPLE "|" ALERTF),
	EV("alert with escapes, blocked, sid past 2^31",
	    "{\"timestamp\":\"2026-03-10T14:02:11.5Z\",\"event_type\":"
	    "\"alert\",\"src_ip\":\"fe80::1\",\"dest_ip\":\"ff02::1\","
	    "\"proto\":\"IPv6-ICMP\",\"alert\":{\"action\":\"blocked\","
	    "\"signature_id\":4294967295,\"signature\":\"GPL \\\"ICMP\\\" "
	    "ping\",\"category\":\"Misc activity\",\"severity\":3}}",
	    1773151331500LL, SRC_NETWORK,
	    "source.ip=fe80::1|destination.ip=ff02::1|network.transport=icmp|"
	    "event.action=blocked|threat.signature_id=4294967295|"
	    "threat.name=GPL \"ICMP\" ping|threat.category=Misc activity|"
	    "threat.severity=3"),
	EV("http", HEAD("http") HTTPO "}", T0, SRC_NETWORK,
	    TUPLE "|network.protocol=http|" HTTPF),
	EV("http CONNECT", HEAD("http") ",\"http\":{\"hostname\":"
	    "\"vpn.example\",\"url\":\"vpn.example:8443\",\"http_method\":"
	    "\"CONNECT\",\"status\":200}}", T0, SRC_NETWORK,
	    "source.ip=10.1.2.3|source.port=49711|destination.ip=203.0.113.9|"
	    "destination.port=80|network.transport=tcp|network.protocol=http|"
	    "url.original=vpn.example:8443|destination.domain=vpn.example|"
	    "http.request.method=CONNECT|http.response.status_code=200"),
	EV("http, Japanese path escaped", HEAD("http") ",\"http\":{"
	    "\"hostname\":\"files.example.jp\",\"url\":\"/\\u898b\\u7a4d.pdf\","
	    "\"http_method\":\"GET\",\"status\":404}}", T0, SRC_NETWORK,
	    TUPLE "|network.protocol=http|"
	    "url.original=http://files.example.jp/\xe8\xa6\x8b\xe7\xa9\x8d.pdf|"
	    "url.scheme=http|destination.domain=files.example.jp|"
	    "url.path=/\xe8\xa6\x8b\xe7\xa9\x8d.pdf|http.request.method=GET|"
	    "http.response.status_code=404"),
	EV("dns query, version 1", "{\"timestamp\":\"2026-03-10T14:02:11."
	    "123456+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.1.2.3\","
	    "\"src_port\":53211,\"dest_ip\":\"10.1.0.53\",\"dest_port\":53,"
	    "\"proto\":\"UDP\",\"dns\":{\"type\":\"query\",\"id\":4711,"
	    "\"rrname\":\"qakbot-c2.example\",\"rrtype\":\"A\",\"tx_id\":0}}",
	    T0, SRC_DNS, "source.ip=10.1.2.3|source.port=53211|"
	    "destination.ip=10.1.0.53|destination.port=53|"
	    "network.transport=udp|network.protocol=dns|"
	    "dns.question.name=qakbot-c2.example|dns.question.type=A"),
	EV("dns answer, version 1", "{\"timestamp\":\"2026-03-10T14:02:11."
	    "123456+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.1.0.53\","
	    "\"dest_ip\":\"10.1.2.3\",\"proto\":\"UDP\",\"dns\":{\"type\":"
	    "\"answer\",\"id\":4711,\"rcode\":\"NXDOMAIN\",\"rrname\":"
	    "\"x.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\"}}", T0,
	    SRC_DNS, "source.ip=10.1.0.53|destination.ip=10.1.2.3|"
	    "network.transport=udp|network.protocol=dns|"
	    "dns.question.name=x.example|dns.question.type=A|"
	    "dns.response_code=NXDOMAIN|dns.answers=192.0.2.1"),
	EV("dns answer, version 2", "{\"timestamp\":\"2026-03-10T14:02:11."
	    "123456+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.1.2.3\","
	    "\"dest_ip\":\"10.1.0.53\",\"proto\":\"UDP\",\"app_proto\":"
	    "\"dns\",\"dns\":{\"version\":2,\"type\":\"answer\",\"rrname\":"
	    "\"a.example\",\"rrtype\":\"A\",\"rcode\":\"NOERROR\","
	    "\"answers\":[{\"rrname\":\"a.example\",\"rrtype\":\"A\","
	    "\"ttl\":60,\"rdata\":\"1.2.3.4\"},{\"rrname\":\"a.example\","
	    "\"rrtype\":\"A\",\"ttl\":60},{\"rdata\":\"5.6.7.\\u0038\"}],"
	    "\"grouped\":{\"A\":[\"1.2.3.4\"]}}}", T0, SRC_DNS,
	    "source.ip=10.1.2.3|destination.ip=10.1.0.53|"
	    "network.transport=udp|network.protocol=dns|"
	    "dns.question.name=a.example|dns.question.type=A|"
	    "dns.response_code=NOERROR|dns.answers=1.2.3.4,5.6.7.8"),
	EV("dns, version 3 queries", "{\"timestamp\":\"2026-03-10T14:02:11."
	    "123456+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.1.2.3\","
	    "\"dest_ip\":\"10.1.0.53\",\"proto\":\"UDP\",\"dns\":{\"version\":"
	    "3,\"type\":\"request\",\"queries\":[{\"rrname\":\"b.example\","
	    "\"rrtype\":\"TXT\"}]}}", T0, SRC_DNS,
	    "source.ip=10.1.2.3|destination.ip=10.1.0.53|"
	    "network.transport=udp|network.protocol=dns|"
	    "dns.question.name=b.example|dns.question.type=TXT"),
	EV("tls", HEAD("tls") ",\"tls\":{\"subject\":\"CN=evil.example\","
	    "\"issuerdn\":\"CN=evil.example\",\"serial\":\"00:AB\","
	    "\"fingerprint\":\"ab:cd\",\"sni\":\"evil.example\",\"version\":"
	    "\"TLS 1.2\",\"ja3\":{\"hash\":\"e7d705a3286e19ea42f587b344ee6865\""
	    "}}}", T0, SRC_NETWORK,
	    TUPLE "|network.protocol=tls|destination.domain=evil.example"),
	EV("fileinfo over http, towards the client", "{\"timestamp\":"
	    "\"2026-03-10T14:02:11.123456+0000\",\"event_type\":\"fileinfo\","
	    "\"src_ip\":\"203.0.113.9\",\"src_port\":80,\"dest_ip\":"
	    "\"10.1.2.3\",\"dest_port\":49711,\"proto\":\"TCP\","
	    "\"direction\":\"to_client\",\"http\":{\"hostname\":"
	    "\"dl.example\",\"url\":\"/invoice.pdf.exe\",\"http_method\":"
	    "\"GET\",\"status\":200,\"length\":73802},\"app_proto\":\"http\","
	    "\"fileinfo\":{\"filename\":\"/invoice.pdf.exe\",\"magic\":"
	    "\"PE32 executable\",\"gaps\":false,\"state\":\"CLOSED\","
	    "\"md5\":\"44d88612fea8a8f36de82e1278abb02f\",\"sha256\":"
	    "\"275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"
	    "\",\"stored\":false,\"size\":73802,\"tx_id\":0}}", T0,
	    SRC_NETWORK, TUPLE "|network.protocol=http|"
	    "url.original=http://dl.example/invoice.pdf.exe|url.scheme=http|"
	    "destination.domain=dl.example|url.path=/invoice.pdf.exe|"
	    "http.request.method=GET|http.response.status_code=200|"
	    "file.name=/invoice.pdf.exe|process.hash="
	    "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f|"
	    "destination.bytes=73802"),
	EV("fileinfo of Suricata 6: no direction, from the service port",
	    "{\"timestamp\":\"2026-03-10T16:02:11.123456+0200\",\"event_type\":"
	    "\"fileinfo\",\"src_ip\":\"203.0.113.9\",\"src_port\":80,"
	    "\"dest_ip\":\"10.1.2.3\",\"dest_port\":49711,\"proto\":\"TCP\","
	    "\"http\":{\"hostname\":\"dl.example\",\"url\":\"/\",\"status\":301,"
	    "\"redirect\":\"http://x/\",\"length\":301},\"app_proto\":\"http\","
	    "\"fileinfo\":{\"filename\":\"/\",\"magic\":\"HTML document\","
	    "\"sha1\":\"10395ab3566395ca050232d2c1a0dbad69eb5fd2\",\"stored\":"
	    "true,\"size\":301}}", T0, SRC_NETWORK, TUPLE "|network.protocol=http|"
	    "url.original=http://dl.example/|url.scheme=http|"
	    "destination.domain=dl.example|url.path=/|"
	    "http.response.status_code=301|file.name=/|"
	    "process.hash=10395ab3566395ca050232d2c1a0dbad69eb5fd2|"
	    "destination.bytes=301"),
	EV("fileinfo upload: from the client's port, kept",
	    HEAD("fileinfo") ",\"fileinfo\":{\"filename\":\"a.doc\"}}", T0,
	    SRC_NETWORK, TUPLE "|file.name=a.doc"),
	EV("fileinfo, md5 only", HEAD("fileinfo") ",\"fileinfo\":{"
	    "\"filename\":\"a.doc\",\"md5\":\"44d88612fea8a8f36de82e1278abb02f\""
	    "}}", T0, SRC_NETWORK, TUPLE "|file.name=a.doc|"
	    "process.hash=44d88612fea8a8f36de82e1278abb02f"),
	EV("flow", HEAD("flow") ",\"app_proto\":\"tls\",\"flow\":{"
	    "\"pkts_toserver\":12,\"pkts_toclient\":10,\"bytes_toserver\":"
	    "1502,\"bytes_toclient\":40211,\"start\":\"2026-03-10T14:01:11."
	    "000000+0000\",\"end\":\"2026-03-10T14:02:10.250000+0000\","
	    "\"age\":59,\"state\":\"closed\",\"reason\":\"timeout\","
	    "\"alerted\":false}}", T0, SRC_NETWORK,
	    TUPLE "|network.protocol=tls|source.bytes=1502|"
	    "destination.bytes=40211|event.duration_ms=59250|"
	    "network.conn_state=closed"),
	EV("flow with age only", HEAD("flow") ",\"flow\":{\"bytes_toserver\":"
	    "0,\"age\":3,\"state\":\"new\"}}", T0, SRC_NETWORK,
	    TUPLE "|source.bytes=0|event.duration_ms=3000|"
	    "network.conn_state=new"),
	EV("anomaly", HEAD("anomaly") ",\"anomaly\":{\"type\":\"stream\","
	    "\"event\":\"stream.pkt_invalid_timestamp\"}}", T0, SRC_NETWORK,
	    TUPLE "|threat.name=stream.pkt_invalid_timestamp|"
	    "threat.category=stream"),
	EV("a flow object on an alert is not the alert's", HEAD("alert")
	    ALERT("2027758", "1") ",\"flow\":{\"bytes_toserver\":9}}", T0,
	    SRC_NETWORK, TUPLE "|" ALERTF),
	NO("stats is skipped", "{\"timestamp\":\"2026-03-10T14:02:11.123456"
	    "+0000\",\"event_type\":\"stats\",\"stats\":{\"uptime\":5}}",
	    PARSE_SKIP, NULL),
	NO("unknown event_type is skipped", HEAD("smb") ",\"smb\":{}}",
	    PARSE_SKIP, NULL),
	NO("no event_type is skipped", "{\"timestamp\":\"2026-03-10T14:02:11"
	    ".123456+0000\"}", PARSE_SKIP, NULL),
	NO("blank", "  \r", PARSE_SKIP, NULL),
	NO("not JSON", "Mar 10 14:02:11 ids suricata[1]: started",
	    PARSE_ERROR, "malformed JSON"),
	NO("no timestamp", "{\"event_type\":\"alert\",\"alert\":{}}",
	    PARSE_ERROR, "bad or missing timestamp"),
	NO("bad timestamp", "{\"timestamp\":\"yesterday\",\"event_type\":"
	    "\"flow\",\"flow\":{}}", PARSE_ERROR, "bad or missing timestamp"),
	NO("bad port", "{\"timestamp\":\"2026-03-10T14:02:11Z\","
	    "\"event_type\":\"alert\",\"src_port\":70000" ALERT("1", "1")
	    "}", PARSE_ERROR, "bad port"),
	EV("the first of a repeated key wins", HEAD("alert")
	    ",\"src_port\":70000" ALERT("2027758", "1") "}", T0, SRC_NETWORK,
	    TUPLE "|" ALERTF),
	NO("type without its object", HEAD("http") "}", PARSE_ERROR,
	    "no object for the event_type"),
	NO("alert not an object", HEAD("alert") ",\"alert\":[1]}",
	    PARSE_ERROR, "alert is not an object"),
	NO("bad severity", HEAD("alert") ALERT("1", "\"high\"") "}",
	    PARSE_ERROR, "bad alert signature_id or severity"),
	NO("bad sid", HEAD("alert") ALERT("-5", "1") "}",
	    PARSE_ERROR, "bad alert signature_id or severity"),
	NO("bad http status", HEAD("http") ",\"http\":{\"status\":1000}}",
	    PARSE_ERROR, "bad http status or length"),
	NO("bad flow bytes", HEAD("flow") ",\"flow\":{\"bytes_toserver\":"
	    "-1}}", PARSE_ERROR, "bad flow bytes or age"),
	NO("trailing garbage", HEAD("flow") ",\"flow\":{}} x", PARSE_ERROR,
	    "malformed JSON"),
};

#define NS(nm, l, f, w) \
	{ .format = "suricata", .name = nm, .line = l, .field = f, .want = w }
#define AL	HEAD("alert") ",\"app_proto\":\"http\"" ALERT("2027758", "1") \
	HTTPO ",\"metadata\":{\"flowbits\":[\"a\",\"b\"]}}"

static const struct pt_native natives[] = {
	NS("top-level", AL, "flow_id", "1234567890123"),
	NS("nested", AL, "alert.signature",
	    "ET MALWARE Win32/Agent CnC Checkin"),
	NS("nested number", AL, "alert.rev", "3"),
	NS("nested", AL, "http.hostname", "update.badcdn.example"),
	NS("array", AL, "metadata.flowbits", "a,b"),
	NS("absent", AL, "tls.sni", NULL),
	NS("object", AL, "alert", NULL),
};

/* Every prefix of a record is an error, never an event. */
START_TEST(test_cut)
{
	pt_run_cut("suricata", AL);
}
END_TEST

/* A Sigma keyword reads the record with its escapes decoded. */
START_TEST(test_message)
{
	static const char	 line[] = HEAD("alert") ALERT("1", "1")
	    ",\"payload_printable\":\"GET /\\u898b HTTP\"}";
	const struct parser	*p = pt_parser("suricata");
	const char		*err;
	struct logevent		 ev;
	struct slice		 m;
	char			 buf[sizeof(line)];

	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(pt_parse(p, NULL, line, sizeof(line) - 1, 0, &ev,
	    &err), PARSE_OK);
	m = logevent_message(&ev, buf, sizeof(buf));
	ck_assert_ptr_nonnull(m.p);
	ck_assert_ptr_nonnull(memmem(m.p, m.len, "GET /\xe8\xa6\x8b HTTP",
	    strlen("GET /\xe8\xa6\x8b HTTP")));
	logevent_free(&ev);
}
END_TEST

#define PT_SUITE	"suricata"
#define PT_NATIVE
#define PT_ROW		"suricata", SRC_NETWORK, 0, 0
#define PT_GARBAGE	"{}[]\":,.-0123456789aelrtnsuf\\"
#define PT_SEED		1818
#define PT_MORE(tc) \
	do { \
		tcase_add_test(tc, test_cut); \
		tcase_add_test(tc, test_message); \
	} while (0)
#include "parser_suite.h"
