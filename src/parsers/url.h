/*
 * URLs and addresses as proxies and DNS servers log them: address
 * checks, and the split of a request URL into the event's scheme,
 * destination, port, path and query.  Shared by the parsers; slices
 * point into the text given.
 */
#ifndef DETECTD_PARSERS_URL_H
#define DETECTD_PARSERS_URL_H

#include <stddef.h>

#include "event/logevent.h"

/* Dotted quad, each part 0..255. */
int	url_is_ipv4(const char *, size_t);
/* Hex groups with at most one "::", maybe a dotted quad last; no zone. */
int	url_is_ipv6(const char *, size_t);
int	url_is_ip(struct slice);

/*
 * Fill url_scheme, dst_domain or dst_ip, dst_port (explicit, else the
 * scheme's default), url_path and url_query from the URL at p.  With
 * connect set, p is a CONNECT target (host:port, no scheme, no path).
 * An origin-form URL ("/path?query") gives only the path and query.
 */
void	url_split(const char *p, size_t len, int connect,
	    struct logevent *ev);

/*
 * A request a network monitor saw (Zeek http.log, Suricata EVE http):
 * the Host header and the request target, put together into ev->url
 * as a browser would have written it ("http://" host uri, built in the
 * arena; the target alone when it is absolute or a CONNECT), then
 * split as url_split does.  A port already in ev->dst_port (the
 * connection's) wins over the one in the Host header.  The caller has
 * reserved arena room for both values and 16 bytes more.
 */
void	url_http_request(struct logevent *ev, struct slice host,
	    struct slice uri);

#endif
