/*
 * Tests of the Squid native access.log parser (src/parsers/squid.c),
 * through the shared table driver (parser_table.h).  Every value is a
 * slice of the line: the arena stays empty.
 */
#include "parser_table.h"

#define OK(l, t, w) \
	{ .format = "squid", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w, .flags = PT_NOCOPY }
#define NO(l, r, e)	{ .format = "squid", .line = l, .result = r, .want = e }
/* The file name of a Content-Disposition goes through the arena. */
#define CD(l, t, w) \
	{ .format = "squid", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = w, .flags = PT_COPY }
/* The fields of the Content-Disposition cases but the file name. */
#define CD_WANT(url, path, query) \
	"event.duration_ms=1|source.ip=10.1.2.6|proxy.result=TCP_MISS|" \
	"http.response.status_code=200|destination.bytes=1|" \
	"http.request.method=GET|url.original=http://dl.example/" url "|" \
	"url.scheme=http|destination.domain=dl.example|" \
	"destination.ip=192.0.2.3|destination.port=80|url.path=/" path "|" \
	"url.query=" query "|network.transport=tcp"


static const struct pt_case cases[] = {
	OK("1700000000.123    145 10.1.2.3 TCP_MISS/200 5120 GET "
	    "http://www.example.com/path/a.php?q=1&x=2 - "
	    "HIER_DIRECT/93.184.216.34 text/html", 1700000000123LL,
	    "event.duration_ms=145|source.ip=10.1.2.3|proxy.result=TCP_MISS|"
	    "http.response.status_code=200|destination.bytes=5120|"
	    "http.request.method=GET|"
	    "url.original=http://www.example.com/path/a.php?q=1&x=2|"
	    "url.scheme=http|destination.domain=www.example.com|"
	    "destination.ip=93.184.216.34|destination.port=80|"
	    "url.path=/path/a.php|url.query=q=1&x=2|"
	    "http.response.mime_type=text/html|network.transport=tcp"),
	OK("1700000001.456  30000 10.1.2.4 TCP_TUNNEL/200 8123 CONNECT "
	    "login.example.org:443 alice HIER_DIRECT/203.0.113.7 -",
	    1700000001456LL,
	    "event.duration_ms=30000|source.ip=10.1.2.4|"
	    "proxy.result=TCP_TUNNEL|http.response.status_code=200|"
	    "destination.bytes=8123|http.request.method=CONNECT|"
	    "url.original=login.example.org:443|"
	    "destination.domain=login.example.org|destination.ip=203.0.113.7|"
	    "destination.port=443|user.name=alice|network.transport=tcp"),
	/* IPv6 client and peer */
	OK("1700000002.000 12 2001:db8::1 TCP_MISS/200 100 GET "
	    "http://example.net/ - HIER_DIRECT/2001:db8:1::5 text/plain",
	    1700000002000LL,
	    "event.duration_ms=12|source.ip=2001:db8::1|"
	    "proxy.result=TCP_MISS|http.response.status_code=200|"
	    "destination.bytes=100|http.request.method=GET|"
	    "url.original=http://example.net/|url.scheme=http|"
	    "destination.domain=example.net|destination.ip=2001:db8:1::5|"
	    "destination.port=80|url.path=/|"
	    "http.response.mime_type=text/plain|network.transport=tcp"),
	/* HTTP to a raw IP address */
	OK("1700000003.000 80 10.1.2.3 TCP_MISS/200 734003 GET "
	    "http://198.51.100.7/x.exe - HIER_DIRECT/198.51.100.7 "
	    "application/octet-stream", 1700000003000LL,
	    "event.duration_ms=80|source.ip=10.1.2.3|proxy.result=TCP_MISS|"
	    "http.response.status_code=200|destination.bytes=734003|"
	    "http.request.method=GET|url.original=http://198.51.100.7/x.exe|"
	    "url.scheme=http|destination.ip=198.51.100.7|destination.port=80|"
	    "url.path=/x.exe|"
	    "http.response.mime_type=application/octet-stream|"
	    "network.transport=tcp"),
	/* [IPv6] host with port; the URL's address wins over the peer */
	OK("1700000004.000 5 10.1.2.3 TCP_MISS/200 10 GET "
	    "http://[2001:db8::7]:8080/a?b - HIER_DIRECT/2001:db8::8 -",
	    1700000004000LL,
	    "event.duration_ms=5|source.ip=10.1.2.3|proxy.result=TCP_MISS|"
	    "http.response.status_code=200|destination.bytes=10|"
	    "http.request.method=GET|"
	    "url.original=http://[2001:db8::7]:8080/a?b|url.scheme=http|"
	    "destination.ip=2001:db8::7|destination.port=8080|url.path=/a|"
	    "url.query=b|network.transport=tcp"),
	/* explicit port */
	OK("1700000005.000 5 10.1.2.3 TCP_MISS/301 10 GET "
	    "http://www.example.com:8080/ - HIER_DIRECT/192.0.2.1 text/html",
	    1700000005000LL,
	    "event.duration_ms=5|source.ip=10.1.2.3|proxy.result=TCP_MISS|"
	    "http.response.status_code=301|destination.bytes=10|"
	    "http.request.method=GET|"
	    "url.original=http://www.example.com:8080/|url.scheme=http|"
	    "destination.domain=www.example.com|destination.ip=192.0.2.1|"
	    "destination.port=8080|url.path=/|"
	    "http.response.mime_type=text/html|network.transport=tcp"),
	/* https (SSL bump), upper-case scheme */
	OK("1700000006.000 5 10.1.2.3 TCP_MISS/200 10 POST "
	    "HTTPS://secure.example.com/login?next=/home - "
	    "HIER_DIRECT/192.0.2.2 application/json", 1700000006000LL,
	    "event.duration_ms=5|source.ip=10.1.2.3|proxy.result=TCP_MISS|"
	    "http.response.status_code=200|destination.bytes=10|"
	    "http.request.method=POST|"
	    "url.original=HTTPS://secure.example.com/login?next=/home|"
	    "url.scheme=HTTPS|destination.domain=secure.example.com|"
	    "destination.ip=192.0.2.2|destination.port=443|url.path=/login|"
	    "url.query=next=/home|http.response.mime_type=application/json|"
	    "network.transport=tcp"),
	/* '-' everywhere, status 000, a URL that is not one */
	OK("1700000007.000 0 10.1.2.5 NONE/000 0 NONE error:invalid-request "
	    "- HIER_NONE/- -", 1700000007000LL,
	    "event.duration_ms=0|source.ip=10.1.2.5|proxy.result=NONE|"
	    "http.response.status_code=0|destination.bytes=0|"
	    "http.request.method=NONE|url.original=error:invalid-request|"
	    "network.transport=tcp"),
	OK("1700000008.000 0 10.1.2.5 TCP_MISS/- 0 - - - - -", 1700000008000LL,
	    "event.duration_ms=0|source.ip=10.1.2.5|proxy.result=TCP_MISS|"
	    "destination.bytes=0|network.transport=tcp"),
	/* denied */
	OK("1700000009.000 1 10.1.2.6 TCP_DENIED/403 3920 GET "
	    "http://blocked.example/ - HIER_NONE/- text/html", 1700000009000LL,
	    "event.duration_ms=1|source.ip=10.1.2.6|proxy.result=TCP_DENIED|"
	    "http.response.status_code=403|destination.bytes=3920|"
	    "http.request.method=GET|url.original=http://blocked.example/|"
	    "url.scheme=http|destination.domain=blocked.example|"
	    "destination.port=80|url.path=/|"
	    "http.response.mime_type=text/html|network.transport=tcp"),
	/* empty query, no path, fragment */
	OK("1700000010.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://example.com/? - HIER_DIRECT/192.0.2.3 -", 1700000010000LL,
	    "event.duration_ms=1|source.ip=10.1.2.6|proxy.result=TCP_MISS|"
	    "http.response.status_code=200|destination.bytes=1|"
	    "http.request.method=GET|url.original=http://example.com/?|"
	    "url.scheme=http|destination.domain=example.com|"
	    "destination.ip=192.0.2.3|destination.port=80|url.path=/|"
	    "network.transport=tcp"),
	OK("1700000011.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://example.com?x=1&y=%20#frag - HIER_DIRECT/192.0.2.3 -",
	    1700000011000LL,
	    "event.duration_ms=1|source.ip=10.1.2.6|proxy.result=TCP_MISS|"
	    "http.response.status_code=200|destination.bytes=1|"
	    "http.request.method=GET|"
	    "url.original=http://example.com?x=1&y=%20#frag|url.scheme=http|"
	    "destination.domain=example.com|destination.ip=192.0.2.3|"
	    "destination.port=80|url.query=x=1&y=%20|network.transport=tcp"),
	/* trailing fields appended by the site's logformat */
	OK("1700000012.000 1 10.1.2.6 TCP_MEM_HIT/200 1 GET "
	    "http://example.com/i.png - HIER_NONE/- image/png "
	    "\"Mozilla/5.0 (X11; Linux)\" \"http://example.com/\"",
	    1700000012000LL,
	    "event.duration_ms=1|source.ip=10.1.2.6|proxy.result=TCP_MEM_HIT|"
	    "http.response.status_code=200|destination.bytes=1|"
	    "http.request.method=GET|url.original=http://example.com/i.png|"
	    "url.scheme=http|destination.domain=example.com|"
	    "destination.port=80|url.path=/i.png|"
	    "http.response.mime_type=image/png|network.transport=tcp"),
	/*
	 * Content-Disposition after the usual fields: a logformat's
	 * %{Content-Disposition}<h (pass-through URL encoding), the same
	 * quoted (%"{...}<h) with RFC 8187's filename* winning over
	 * filename, and log_mime_hdrs' bracketed reply headers.
	 */
	CD("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 "
	    "application/octet-stream attachment;%20filename=%22inv%20"
	    "%E8%A6%8B.pdf.exe%22", 1700000012000LL,
	    CD_WANT("get?id=5", "get", "id=5")
	    "|http.response.mime_type=application/octet-stream|file.name=inv \xe8\xa6\x8b.pdf.exe"),
	CD("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - "
	    "\"Mozilla/5.0 (X11)\" \"attachment; filename=\\\"a.pdf\\\"; "
	    "filename*=UTF-8'ja'%E8%A6%8B%E7%A9%8D.xlsxs.exe\"",
	    1700000012000LL, CD_WANT("get?id=5", "get", "id=5")
	    "|file.name=\xe8\xa6\x8b\xe7\xa9\x8d.xlsxs.exe"),
	CD("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - "
	    "[Host: dl.example%0D%0A] [HTTP/1.1 200 OK%0D%0A"
	    "content-disposition: inline; filename=\"caf%C3%A9 100%25.pdf\""
	    "%0D%0AServer: x%0D%0A]", 1700000012000LL,
	    CD_WANT("get?id=5", "get", "id=5")
	    "|file.name=caf\xc3\xa9 100%.pdf"),
	/* an empty filename* leaves the name to filename */
	CD("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - "
	    "attachment;%20filename=%22a.pdf.exe%22;%20filename*=UTF-8''",
	    1700000012000LL, CD_WANT("get?id=5", "get", "id=5")
	    "|file.name=a.pdf.exe"),
	/* ISO-8859-1 in filename* becomes UTF-8 */
	CD("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - "
	    "attachment;filename*=iso-8859-1''r%E9sum%E9.pdf.exe",
	    1700000012000LL, CD_WANT("get?id=5", "get", "id=5")
	    "|file.name=r\xc3\xa9sum\xc3\xa9.pdf.exe"),
	/* no file named, or not a disposition: no file.name */
	OK("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - "
	    "attachment inlined.exe \"attachments; filename=x.exe\"",
	    1700000012000LL, CD_WANT("get?id=5", "get", "id=5")),
	/*
	 * The request size (%>st) right after the tenth field: an upload's
	 * body is source.bytes, the small reply destination.bytes; before
	 * a Content-Disposition, pass-through or in log_mime_hdrs brackets.
	 */
	OK("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - 12583391",
	    1700000012000LL, CD_WANT("get?id=5", "get", "id=5")
	    "|source.bytes=12583391"),
	CD("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - 0 "
	    "attachment;%20filename=%22a.pdf.exe%22", 1700000012000LL,
	    CD_WANT("get?id=5", "get", "id=5")
	    "|source.bytes=0|file.name=a.pdf.exe"),
	CD("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - 431\t"
	    "[Host: dl.example%0D%0A] [HTTP/1.1 200 OK%0D%0A"
	    "Content-Disposition: attachment; filename=b.exe%0D%0A]\r",
	    1700000012000LL, CD_WANT("get?id=5", "get", "id=5")
	    "|source.bytes=431|file.name=b.exe"),
	/*
	 * Not a request size: a field not all digits (an address, '-', a
	 * number with a sign or a unit), or digits after another field.
	 */
	OK("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - 10.1.2.6 "
	    "512", 1700000012000LL, CD_WANT("get?id=5", "get", "id=5")),
	OK("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - - 512",
	    1700000012000LL, CD_WANT("get?id=5", "get", "id=5")),
	OK("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - +512",
	    1700000012000LL, CD_WANT("get?id=5", "get", "id=5")),
	OK("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - 512k",
	    1700000012000LL, CD_WANT("get?id=5", "get", "id=5")),
	OK("1700000012.000 1 10.1.2.6 TCP_MISS/200 1 GET "
	    "http://dl.example/get?id=5 - HIER_DIRECT/192.0.2.3 - "
	    "\"Mozilla/5.0 (X11)\" 512", 1700000012000LL,
	    CD_WANT("get?id=5", "get", "id=5")),
	/* log_fqdn: a client name instead of an address */
	OK("1700000013.000 1 ws01.corp.example TCP_MISS/200 1 GET "
	    "http://example.com/ bob@CORP HIER_DIRECT/example.com -",
	    1700000013000LL,
	    "event.duration_ms=1|source.address=ws01.corp.example|"
	    "proxy.result=TCP_MISS|http.response.status_code=200|"
	    "destination.bytes=1|http.request.method=GET|"
	    "url.original=http://example.com/|url.scheme=http|"
	    "destination.domain=example.com|destination.port=80|url.path=/|"
	    "user.name=bob@CORP|network.transport=tcp"),
	/* user info in the URL, ftp */
	OK("1700000014.000 1 10.1.2.6 TCP_MISS/226 1 GET "
	    "ftp://user:pw@ftp.example.com/pub/file.iso - "
	    "HIER_DIRECT/192.0.2.4 -", 1700000014000LL,
	    "event.duration_ms=1|source.ip=10.1.2.6|proxy.result=TCP_MISS|"
	    "http.response.status_code=226|destination.bytes=1|"
	    "http.request.method=GET|"
	    "url.original=ftp://user:pw@ftp.example.com/pub/file.iso|"
	    "url.scheme=ftp|destination.domain=ftp.example.com|"
	    "destination.ip=192.0.2.4|destination.port=21|"
	    "url.path=/pub/file.iso|network.transport=tcp"),
	/* CONNECT to an address, and to an [IPv6] literal */
	OK("1700000015.000 1 10.1.2.6 TCP_TUNNEL/200 1 CONNECT "
	    "203.0.113.9:8443 - HIER_DIRECT/203.0.113.9 -", 1700000015000LL,
	    "event.duration_ms=1|source.ip=10.1.2.6|proxy.result=TCP_TUNNEL|"
	    "http.response.status_code=200|destination.bytes=1|"
	    "http.request.method=CONNECT|url.original=203.0.113.9:8443|"
	    "destination.ip=203.0.113.9|destination.port=8443|"
	    "network.transport=tcp"),
	OK("1700000016.000 1 10.1.2.6 TCP_TUNNEL/200 1 CONNECT "
	    "[2001:db8::9]:443 - HIER_DIRECT/2001:db8::9 -", 1700000016000LL,
	    "event.duration_ms=1|source.ip=10.1.2.6|proxy.result=TCP_TUNNEL|"
	    "http.response.status_code=200|destination.bytes=1|"
	    "http.request.method=CONNECT|url.original=[2001:db8::9]:443|"
	    "destination.ip=2001:db8::9|destination.port=443|"
	    "network.transport=tcp"),
	/* tabs, CRLF */
	OK("1700000017.5\t1\t10.1.2.6 TCP_MISS/200 1 GET http://a.example/ - "
	    "HIER_DIRECT/192.0.2.5 text/css\r", 1700000017500LL,
	    "event.duration_ms=1|source.ip=10.1.2.6|proxy.result=TCP_MISS|"
	    "http.response.status_code=200|destination.bytes=1|"
	    "http.request.method=GET|url.original=http://a.example/|"
	    "url.scheme=http|destination.domain=a.example|"
	    "destination.ip=192.0.2.5|destination.port=80|url.path=/|"
	    "http.response.mime_type=text/css|network.transport=tcp"),
	/* ICP over UDP */
	OK("1700000018.000 0 10.1.2.7 UDP_HIT/000 0 ICP_QUERY "
	    "http://a.example/x - HIER_NONE/- -", 1700000018000LL,
	    "event.duration_ms=0|source.ip=10.1.2.7|proxy.result=UDP_HIT|"
	    "http.response.status_code=0|destination.bytes=0|"
	    "http.request.method=ICP_QUERY|url.original=http://a.example/x|"
	    "url.scheme=http|destination.domain=a.example|"
	    "destination.port=80|url.path=/x|network.transport=udp"),
	/* port out of range; IPv4-mapped client; bad IPv4 is a name */
	OK("1700000019.000 1 ::ffff:10.1.2.3 TCP_MISS/200 1 GET "
	    "http://example.com:99999/ - HIER_DIRECT/1.2.3 -", 1700000019000LL,
	    "event.duration_ms=1|source.ip=::ffff:10.1.2.3|"
	    "proxy.result=TCP_MISS|http.response.status_code=200|"
	    "destination.bytes=1|http.request.method=GET|"
	    "url.original=http://example.com:99999/|url.scheme=http|"
	    "destination.domain=example.com|url.path=/|network.transport=tcp"),
	OK("1700000020.000 1 10.1.2 TCP_MISS/200 1 GET "
	    "http://256.1.1.1/ - HIER_DIRECT/2001:db8::1::2 -", 1700000020000LL,
	    "event.duration_ms=1|source.address=10.1.2|proxy.result=TCP_MISS|"
	    "http.response.status_code=200|destination.bytes=1|"
	    "http.request.method=GET|url.original=http://256.1.1.1/|"
	    "url.scheme=http|destination.domain=256.1.1.1|"
	    "destination.port=80|url.path=/|network.transport=tcp"),
	/* origin-form URL as intercepting setups may log */
	OK("1700000021.000 1 10.1.2.3 TCP_MISS/200 1 GET /a/b?c=d - "
	    "HIER_DIRECT/192.0.2.6 -", 1700000021000LL,
	    "event.duration_ms=1|source.ip=10.1.2.3|proxy.result=TCP_MISS|"
	    "http.response.status_code=200|destination.bytes=1|"
	    "http.request.method=GET|url.original=/a/b?c=d|"
	    "destination.ip=192.0.2.6|url.path=/a/b|url.query=c=d|"
	    "network.transport=tcp"),
	NO("", PARSE_SKIP, NULL),
	NO("    ", PARSE_SKIP, NULL),
	NO("\r", PARSE_SKIP, NULL),
	NO("1700000000.123 145 10.1.2.3", PARSE_ERROR, "missing fields"),
	NO("17000x0000.123 145 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad timestamp"),
	NO("1700000000.123.4 145 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad timestamp"),
	NO("-1700000000 145 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad timestamp"),
	NO("1700000000.123 1x5 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad elapsed time"),
	NO("1700000000.123 145 10.1.2.3 TCP_MISS200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad result code"),
	NO("1700000000.123 145 10.1.2.3 /200 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad result code"),
	NO("1700000000.123 145 10.1.2.3 TCP_MISS/2x0 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad status"),
	NO("1700000000.123 145 10.1.2.3 TCP_MISS/ 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad status"),
	NO("1700000000.123 145 10.1.2.3 TCP_MISS/2000 5120 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad status"),
	NO("1700000000.123 145 10.1.2.3 TCP_MISS/200 51a0 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad byte count"),
	NO("1700000000.123 145 10.1.2.3 TCP_MISS/200 -5 GET http://a/ - "
	    "HIER_NONE/- -", PARSE_ERROR, "bad byte count"),
	NO("1700000000.123 145 10.1.2.3 TCP_MISS/200 99999999999999999999 "
	    "GET http://a/ - HIER_NONE/- -", PARSE_ERROR, "bad byte count"),
	/* a request size of digits that do not fit: an error */
	NO("1700000000.123 145 10.1.2.3 TCP_MISS/200 5120 GET http://a/ - "
	    "HIER_NONE/- - 9999999999999999999", PARSE_ERROR,
	    "bad request size"),
	NO("1700000000.123 145 10.1.2.3 TCP_MISS/200 5120 POST http://a/ - "
	    "HIER_NONE/- text/html 99999999999999999999 attachment",
	    PARSE_ERROR, "bad request size"),
	NO("Mar 10 14:02:11 proxy squid[123]: 1700000000.123 145 10.1.2.3 "
	    "TCP_MISS/200 5120 GET http://a/ - HIER_NONE/- -",
	    PARSE_ERROR, "bad timestamp"),
};

static size_t
count_fields(const char *s, size_t len)
{
	size_t	 i, n = 0;
	int	 in = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* A line of fewer than ten fields is an error that says so. */
static void
squid_prefix(const char *label, const struct pt_case *c, size_t k,
    const char *line, enum parse_result r, const struct logevent *ev,
    const char *err)
{
	size_t	 n = count_fields(line, k);

	(void)c;
	(void)ev;
	if (n > 0 && n < 10)
		ck_assert_msg(r == PARSE_ERROR && strcmp(err, "missing fields")
		    == 0, "%s at %zu: result %d", label, k, r);
}

START_TEST(test_long)
{
	static const char	 head[] = "1700000000.123 1 10.1.2.3 TCP_MISS/200 "
	    "1 GET http://example.com/";
	static const char	 tail[] = " - HIER_DIRECT/192.0.2.1 text/html";
	const struct parser	*p = pt_parser("squid");
	struct logevent		 ev;
	size_t			 big = 1 << 20, len;
	const char		*err;
	char			*line;

	memset(&ev, 0, sizeof(ev));
	line = malloc(big + sizeof(head) + sizeof(tail));
	ck_assert_ptr_nonnull(line);
	memset(line, 'a', big);
	ck_assert_int_eq(pt_parse(p, NULL, line, big, 0, &ev, &err),
	    PARSE_ERROR);
	memset(line, ' ', big);
	ck_assert_int_eq(pt_parse(p, NULL, line, big, 0, &ev, &err),
	    PARSE_SKIP);

	memcpy(line, head, sizeof(head) - 1);
	memset(line + sizeof(head) - 1, 'q', big);
	memcpy(line + sizeof(head) - 1 + big, tail, sizeof(tail) - 1);
	len = sizeof(head) - 1 + big + sizeof(tail) - 1;
	ck_assert_int_eq(pt_parse(p, NULL, line, len, 0, &ev, &err),
	    PARSE_OK);
	ck_assert_uint_eq(ev.url_path.len, big + 1);
	ck_assert(slice_eq(ev.content_type, "text/html"));
	free(line);
	logevent_free(&ev);
}
END_TEST

#define PT_SUITE	"squid"
#define PT_ROW		"squid", SRC_PROXY, 0, 0
#define PT_GARBAGE	" /.:-[]@?#0123456789abcTCP_MISS"
#define PT_SEED		12345
#define PT_PREFIX	squid_prefix
#define PT_MORE(tc)	tcase_add_test(tc, test_long)
#include "parser_suite.h"
