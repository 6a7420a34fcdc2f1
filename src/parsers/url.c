/*
 * Splitting the URLs proxies log into the fields rules look at, and
 * telling IP literals from host names.  Shared by the proxy parsers
 * (squid, squid-combined), the network monitors' HTTP records (zeek,
 * suricata), and used by the DNS parsers for addresses.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/url.h"

static inline int
url_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int
url_isxdigit(char c)
{
	return url_isdigit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/*
 * One to three digits of value at most 255 at s: where they end, or
 * NULL.  Unrolled: every proxy line has two addresses to tell from
 * names.
 */
static inline const unsigned char *
url_octet(const unsigned char *s, const unsigned char *end)
{
	unsigned	 v, d;

	if (s == end || (v = (unsigned)*s - '0') > 9)
		return NULL;
	if (++s == end || (d = (unsigned)*s - '0') > 9)
		return s;
	v = v * 10 + d;
	if (++s == end || (d = (unsigned)*s - '0') > 9)
		return s;
	return v * 10 + d > 255 ? NULL : s + 1;
}

int
url_is_ipv4(const char *p, size_t len)
{
	const unsigned char	*s = (const unsigned char *)p, *end;
	int			 part;

	/* "0.0.0.0" to "255.255.255.255": most names are cut short here. */
	if (len < 7 || len > 15)
		return 0;
	end = s + len;
	for (part = 0; part < 4; part++) {
		if (part > 0 && (s == end || *s++ != '.'))
			return 0;
		if ((s = url_octet(s, end)) == NULL)
			return 0;
	}
	return s == end;
}

/* Groups of one to four hex digits, at most one "::", maybe a.b.c.d last. */
int
url_is_ipv6(const char *p, size_t len)
{
	size_t	 i = 0, start, groups = 0;
	int	 dcolon = 0;

	if (len < 2 || len > 45)
		return 0;
	if (p[0] == ':') {
		if (p[1] != ':')
			return 0;
		dcolon = 1;
		i = 2;
	}
	while (i < len) {
		start = i;
		while (i < len && url_isxdigit(p[i]))
			i++;
		if (i < len && p[i] == '.') {
			if (!url_is_ipv4(p + start, len - start))
				return 0;
			groups += 2;
			break;
		}
		if (i == start || i - start > 4)
			return 0;
		groups++;
		if (i == len)
			break;
		if (p[i++] != ':' || i == len)
			return 0;
		if (p[i] == ':') {
			if (dcolon)
				return 0;
			dcolon = 1;
			i++;
		}
	}
	return dcolon ? groups <= 7 : groups == 8;
}

int
url_is_ip(struct slice s)
{
	return url_is_ipv4(s.p, s.len) || url_is_ipv6(s.p, s.len);
}

static int
url_default_port(struct slice scheme)
{
	if (slice_caseeq(scheme, "http") || slice_caseeq(scheme, "ws"))
		return 80;
	if (slice_caseeq(scheme, "https") || slice_caseeq(scheme, "wss"))
		return 443;
	if (slice_caseeq(scheme, "ftp"))
		return 21;
	return -1;
}

/* "1".."65535", else -1. */
static int32_t
url_port(const char *p, size_t len)
{
	int32_t	 v = 0;
	size_t	 i;

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (!url_isdigit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v >= 1 && v <= 65535 ? v : -1;
}

/*
 * [userinfo@]host[:port] with host a name, an IPv4 address or an
 * [IPv6] literal.  IP literals go to dst_ip so that rules on "HTTP to a
 * raw IP address" need not look at the domain.  Returns 1 if a port
 * was written, even a bad one, so that no default replaces it.
 */
static int
url_authority(struct logevent *ev, const char *p, size_t len)
{
	const char	*at, *end = p + len, *colon;
	struct slice	 host;

	while ((at = memchr(p, '@', (size_t)(end - p))) != NULL)
		p = at + 1;
	if (p < end && *p == '[') {
		colon = memchr(p, ']', (size_t)(end - p));
		if (colon == NULL)
			return 0;
		host.p = p + 1;
		host.len = (size_t)(colon - host.p);
		colon++;
		if (url_is_ipv6(host.p, host.len))
			ev->dst_ip = host;
	} else {
		colon = memchr(p, ':', (size_t)(end - p));
		host.p = p;
		host.len = (size_t)((colon != NULL ? colon : end) - p);
		if (url_is_ipv4(host.p, host.len))
			ev->dst_ip = host;
		else
			ev->dst_domain = host;
	}
	if (colon == NULL || colon + 1 >= end || *colon != ':')
		return 0;
	ev->dst_port = url_port(colon + 1, (size_t)(end - colon - 1));
	return 1;
}

/* Path and query of what follows the authority. */
static void
url_path(struct logevent *ev, const char *p, const char *end)
{
	const char	*q, *frag;

	if ((frag = memchr(p, '#', (size_t)(end - p))) != NULL)
		end = frag;
	q = memchr(p, '?', (size_t)(end - p));
	ev->url_path.p = p;
	ev->url_path.len = (size_t)((q != NULL ? q : end) - p);
	if (q != NULL) {
		ev->url_query.p = q + 1;
		ev->url_query.len = (size_t)(end - q - 1);
	}
}

/* Length of "scheme" in "scheme://", or 0. */
static size_t
url_scheme_len(const char *p, size_t len)
{
	size_t	 i;
	char	 c;

	for (i = 0; i < len && i < 16; i++) {
		c = p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (i > 0 && (url_isdigit(c) || c == '+' || c == '-' ||
		    c == '.'))))
			break;
	}
	if (i == 0 || len - i < 3 || memcmp(p + i, "://", 3) != 0)
		return 0;
	return i;
}

void
url_split(const char *p, size_t len, int connect, struct logevent *ev)
{
	const char	*end, *a, *host;
	size_t		 n;

	if (len == 0)
		return;
	end = p + len;
	if (connect) {
		/* CONNECT host:port: no scheme, no path. */
		a = memchr(p, '/', len);
		(void)url_authority(ev, p, (size_t)((a ? a : end) - p));
		return;
	}
	if ((n = url_scheme_len(p, len)) == 0) {
		if (p[0] == '/')
			url_path(ev, p, end);
		return;
	}
	ev->url_scheme.p = p;
	ev->url_scheme.len = n;
	host = p + n + 3;
	for (a = host; a < end && *a != '/' && *a != '?' && *a != '#'; a++)
		;
	if (url_authority(ev, host, (size_t)(a - host)) == 0)
		ev->dst_port = url_default_port(ev->url_scheme);
	url_path(ev, a, end);
}

/* "scheme://" at the start: a proxy's absolute-form request. */
static int
url_absolute(struct slice uri)
{
	const char	*c;

	if (uri.len < 4 || !((uri.p[0] | 0x20) >= 'a' &&
	    (uri.p[0] | 0x20) <= 'z'))
		return 0;
	c = memchr(uri.p, ':', uri.len < 17 ? uri.len : 17);
	return c != NULL && (size_t)(c - uri.p) + 3 <= uri.len &&
	    c[1] == '/' && c[2] == '/';
}

/* "http://" host uri in the arena (IPv6 hosts bracketed); empty if no room. */
static struct slice
url_build(struct logevent *ev, struct slice host, struct slice uri)
{
	struct slice	 url = { NULL, 0 };
	int		 v6 = url_is_ipv6(host.p, host.len);
	size_t		 n = 7 + host.len + uri.len + (v6 ? 2 : 0);
	char		*o;

	if (logevent_reserve(ev, n) == -1)
		return url;
	o = ev->arena + ev->arena_len;
	memcpy(o, "http://", 7);
	o += 7;
	if (v6)
		*o++ = '[';
	memcpy(o, host.p, host.len);
	o += host.len;
	if (v6)
		*o++ = ']';
	memcpy(o, uri.p, uri.len);
	url.p = ev->arena + ev->arena_len;
	url.len = n;
	ev->arena_len += n;
	return url;
}

/* The Host header alone: name or address, maybe with a port. */
static void
url_host_header(struct logevent *ev, struct slice host)
{
	if (url_is_ipv6(host.p, host.len))
		ev->dst_ip = host;
	else
		url_split(host.p, host.len, 1, ev);
}

/*
 * url is what a rule compares with a URL list: "http://" host uri, as a
 * browser would have written it (url.h).
 */
void
url_http_request(struct logevent *ev, struct slice host, struct slice uri)
{
	int32_t		 port = ev->dst_port;

	if (uri.len == 0) {
		if (host.len > 0)
			url_host_header(ev, host);
	} else if (slice_caseeq(ev->method, "CONNECT")) {
		ev->url = uri;
		url_split(uri.p, uri.len, 1, ev);
	} else if (url_absolute(uri)) {
		ev->url = uri;
		url_split(uri.p, uri.len, 0, ev);
	} else if (host.len > 0 &&
	    (ev->url = url_build(ev, host, uri)).len > 0) {
		url_split(ev->url.p, ev->url.len, 0, ev);
	} else {
		ev->url = uri;
		url_split(uri.p, uri.len, 0, ev);
		if (host.len > 0)
			url_host_header(ev, host);
	}
	if (port >= 0)
		ev->dst_port = port;
}
