/*
 * Squid native access.log:
 *
 *   time.ms elapsed client code/status bytes method URL user hier/peer type
 *
 * Fields are separated by runs of spaces (Squid pads the elapsed time).
 * Sites that append fields (user agent, referrer) get them ignored.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "logevent.h"
#include "timeutil.h"
#include "parsers/parser.h"
#include "parsers/formats.h"

enum {
	SQ_TIME,
	SQ_ELAPSED,
	SQ_CLIENT,
	SQ_CODE,
	SQ_BYTES,
	SQ_METHOD,
	SQ_URL,
	SQ_USER,
	SQ_HIER,
	SQ_TYPE,
	SQ_NFIELDS
};

#define SQ_NUM_DIGITS	18	/* fits an int64_t */

static inline int
squid_issep(char c)
{
	/* '\r' so that a CRLF file does not leave it in the last field. */
	return c == ' ' || c == '\t' || c == '\r';
}

static inline int
squid_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int
squid_isxdigit(char c)
{
	return squid_isdigit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/*
 * End of the field that starts at i.  Fields are most of every line, so
 * look at eight bytes at a time for one below 0x21 (the classic
 * "has a byte less than n" test, exact for the lowest such byte), then
 * check that byte.
 */
static size_t
squid_field_end(const char *p, size_t i, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t	 ones = 0x0101010101010101ULL;
	uint64_t	 w, m;

	while (len - i >= 8) {
		memcpy(&w, p + i, 8);
		m = (w - ones * 0x21) & ~w & (ones * 0x80);
		if (m == 0) {
			i += 8;
			continue;
		}
		i += (size_t)__builtin_ctzll(m) / 8;
		if (squid_issep(p[i]))
			return i;
		i++;
	}
#endif
	while (i < len && !squid_issep(p[i]))
		i++;
	return i;
}

/* Split into at most n fields; returns how many were found. */
static size_t
squid_split(const char *line, size_t len, struct slice *f, size_t n)
{
	size_t	 i = 0, start, nf = 0;

	while (nf < n) {
		while (i < len && squid_issep(line[i]))
			i++;
		if (i == len)
			break;
		start = i;
		i = squid_field_end(line, i, len);
		f[nf].p = line + start;
		f[nf].len = i - start;
		nf++;
	}
	return nf;
}

static int
squid_num(struct slice s, int64_t *v)
{
	size_t	 i;

	if (s.len == 0 || s.len > SQ_NUM_DIGITS)
		return -1;
	*v = 0;
	for (i = 0; i < s.len; i++) {
		if (!squid_isdigit(s.p[i]))
			return -1;
		*v = *v * 10 + (s.p[i] - '0');
	}
	return 0;
}

static int
squid_is_ipv4(const char *p, size_t len)
{
	size_t	 i = 0;
	int	 part, digits, v;

	for (part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= len || p[i] != '.')
				return 0;
			i++;
		}
		for (digits = 0, v = 0; i < len && squid_isdigit(p[i]) &&
		    digits < 3; digits++, i++)
			v = v * 10 + (p[i] - '0');
		if (digits == 0 || v > 255)
			return 0;
	}
	return i == len;
}

/* Groups of one to four hex digits, at most one "::", maybe a.b.c.d last. */
static int
squid_is_ipv6(const char *p, size_t len)
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
		while (i < len && squid_isxdigit(p[i]))
			i++;
		if (i < len && p[i] == '.') {
			if (!squid_is_ipv4(p + start, len - start))
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

static int
squid_is_ip(struct slice s)
{
	return squid_is_ipv4(s.p, s.len) || squid_is_ipv6(s.p, s.len);
}

static int
squid_default_port(struct slice scheme)
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
squid_port(const char *p, size_t len)
{
	int64_t		 v;
	struct slice	 s = { p, len };

	if (len > 5 || squid_num(s, &v) == -1 || v < 1 || v > 65535)
		return -1;
	return (int32_t)v;
}

/*
 * [userinfo@]host[:port] with host a name, an IPv4 address or an
 * [IPv6] literal.  IP literals go to dst_ip so that rules on "HTTP to a
 * raw IP address" need not look at the domain.  Returns 1 if a port
 * was written, even a bad one, so that no default replaces it.
 */
static int
squid_authority(struct logevent *ev, const char *p, size_t len)
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
		if (squid_is_ipv6(host.p, host.len))
			ev->dst_ip = host;
	} else {
		colon = memchr(p, ':', (size_t)(end - p));
		host.p = p;
		host.len = (size_t)((colon != NULL ? colon : end) - p);
		if (squid_is_ipv4(host.p, host.len))
			ev->dst_ip = host;
		else
			ev->dst_domain = host;
	}
	if (colon == NULL || colon + 1 >= end || *colon != ':')
		return 0;
	ev->dst_port = squid_port(colon + 1, (size_t)(end - colon - 1));
	return 1;
}

/* Path and query of what follows the authority. */
static void
squid_path(struct logevent *ev, const char *p, const char *end)
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
squid_scheme_len(struct slice url)
{
	size_t	 i;
	char	 c;

	for (i = 0; i < url.len && i < 16; i++) {
		c = url.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (i > 0 && (squid_isdigit(c) || c == '+' || c == '-' ||
		    c == '.'))))
			break;
	}
	if (i == 0 || url.len - i < 3 || memcmp(url.p + i, "://", 3) != 0)
		return 0;
	return i;
}

static void
squid_url(struct logevent *ev, struct slice url, int is_connect)
{
	const char	*p, *end, *a;
	size_t		 n;

	if (url.len == 0)
		return;
	end = url.p + url.len;
	if (is_connect) {
		/* CONNECT host:port: no scheme, no path. */
		a = memchr(url.p, '/', url.len);
		(void)squid_authority(ev, url.p,
		    (size_t)((a ? a : end) - url.p));
		return;
	}
	if ((n = squid_scheme_len(url)) == 0) {
		if (url.p[0] == '/')
			squid_path(ev, url.p, end);
		return;
	}
	ev->url_scheme.p = url.p;
	ev->url_scheme.len = n;
	p = url.p + n + 3;
	for (a = p; a < end && *a != '/' && *a != '?' && *a != '#'; a++)
		;
	if (squid_authority(ev, p, (size_t)(a - p)) == 0)
		ev->dst_port = squid_default_port(ev->url_scheme);
	squid_path(ev, a, end);
}

/* TCP_MISS/200: the result code, and the status (000 is kept as 0). */
static int
squid_code(struct logevent *ev, struct slice f, const char **err)
{
	const char	*slash = memchr(f.p, '/', f.len);
	struct slice	 st;
	int64_t		 v;

	if (slash == NULL || slash == f.p) {
		*err = "bad result code";
		return -1;
	}
	ev->result.p = f.p;
	ev->result.len = (size_t)(slash - f.p);
	st.p = slash + 1;
	st.len = f.len - ev->result.len - 1;
	if (st.len == 1 && st.p[0] == '-')
		return 0;
	if (st.len > 3 || squid_num(st, &v) == -1) {
		*err = "bad status";
		return -1;
	}
	ev->status = (int32_t)v;
	return 0;
}

static struct slice
squid_dash(struct slice s)
{
	struct slice	 empty = { NULL, 0 };

	return (s.len == 1 && s.p[0] == '-') ? empty : s;
}

/* HIER_DIRECT/93.184.216.34: the peer is the server when it is an IP. */
static void
squid_hier(struct logevent *ev, struct slice f)
{
	const char	*slash = memchr(f.p, '/', f.len);
	struct slice	 peer;

	if (slash == NULL || !SLICE_EMPTY(ev->dst_ip))
		return;
	peer.p = slash + 1;
	peer.len = f.len - (size_t)(peer.p - f.p);
	if (squid_is_ip(peer))
		ev->dst_ip = peer;
}

static int
squid_numbers(struct logevent *ev, const struct slice *f, const char **err)
{
	int64_t	 v;
	int	 n;

	n = time_parse_epoch(f[SQ_TIME].p, f[SQ_TIME].len, &v);
	if (n < 0 || (size_t)n != f[SQ_TIME].len) {
		*err = "bad timestamp";
		return -1;
	}
	ev->time_ms = v;
	if (squid_num(f[SQ_ELAPSED], &ev->duration_ms) == -1) {
		*err = "bad elapsed time";
		return -1;
	}
	if (squid_code(ev, f[SQ_CODE], err) == -1)
		return -1;
	if (squid_num(f[SQ_BYTES], &ev->bytes_in) == -1) {
		*err = "bad byte count";
		return -1;
	}
	return 0;
}

static enum parse_result
squid_parse(void *state, const char *line, size_t len, struct logevent *ev,
    const char **err)
{
	struct slice	 f[SQ_NFIELDS];
	const char	*dummy;
	size_t		 nf;

	(void)state;
	if (err == NULL)
		err = &dummy;
	if ((nf = squid_split(line, len, f, SQ_NFIELDS)) == 0)
		return PARSE_SKIP;
	if (nf < SQ_NFIELDS) {
		*err = "missing fields";
		return PARSE_ERROR;
	}
	if (squid_numbers(ev, f, err) == -1)
		return PARSE_ERROR;
	ev->source = SRC_PROXY;
	ev->format = parser_squid.name;
	if (squid_is_ip(f[SQ_CLIENT]))
		ev->src_ip = f[SQ_CLIENT];
	else
		ev->src_host = f[SQ_CLIENT];
	ev->transport = slice_cstr(ev->result.len >= 4 &&
	    memcmp(ev->result.p, "UDP_", 4) == 0 ? "udp" : "tcp");
	ev->method = squid_dash(f[SQ_METHOD]);
	ev->url = squid_dash(f[SQ_URL]);
	squid_url(ev, ev->url, slice_caseeq(ev->method, "CONNECT"));
	ev->user = squid_dash(f[SQ_USER]);
	squid_hier(ev, f[SQ_HIER]);
	ev->content_type = squid_dash(f[SQ_TYPE]);
	return PARSE_OK;
}

const struct parser parser_squid = {
	"squid", SRC_PROXY, "Squid native access.log", 0, NULL, NULL,
	squid_parse
};
