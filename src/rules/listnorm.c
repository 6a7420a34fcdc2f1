/*
 * Normalisation of indicator values (listnorm.h): domains, addresses,
 * URLs and hashes into the one form loading and matching share.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rules/listnorm.h"
#include "util/hex.h"

#define LISTNORM_LABEL_MAX	63

struct listnorm_url_parts {
	struct slice	 scheme;	/* empty: none given, taken as http */
	struct slice	 userinfo;	/* without '@'; p == NULL: none */
	struct slice	 host;		/* with brackets for IPv6 literals */
	struct slice	 port;		/* without ':' */
	struct slice	 path;		/* path and query, fragment dropped */
};

static int
listnorm_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

static int
listnorm_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

struct slice
listnorm_trim(struct slice s)
{
	while (s.len > 0 && listnorm_space((unsigned char)s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && listnorm_space((unsigned char)s.p[s.len - 1]))
		s.len--;
	return s;
}

static int
listnorm_domain_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_';
}

int
listnorm_domain(struct slice s, char *out, size_t *outlen, const char **why)
{
	struct in_addr	 a;
	size_t		 i, label = 0;
	int		 c;

	s = listnorm_trim(s);
	/* "*.evil.com" and ".evil.com" mean what "evil.com" means here. */
	if (s.len >= 2 && s.p[0] == '*' && s.p[1] == '.') {
		s.p += 2;
		s.len -= 2;
	} else if (s.len > 0 && s.p[0] == '.') {
		s.p++;
		s.len--;
	}
	if (s.len > 0 && s.p[s.len - 1] == '.')
		s.len--;
	if (s.len == 0)
		return (*why = "empty domain name", -1);
	if (s.len > LISTNORM_DOMAIN_MAX)
		return (*why = "name longer than 253 characters", -1);
	for (i = 0; i < s.len; i++) {
		c = listnorm_lower((unsigned char)s.p[i]);
		if (c == '.') {
			if (label == 0)
				return (*why = "empty label", -1);
			label = 0;
		} else if (!listnorm_domain_char(c))
			return (*why = "invalid character in domain name", -1);
		else if (++label > LISTNORM_LABEL_MAX)
			return (*why = "label longer than 63 characters", -1);
		out[i] = c;
	}
	if (label == 0)
		return (*why = "empty label", -1);
	out[s.len] = '\0';
	if (inet_pton(AF_INET, out, &a) == 1)
		return (*why = "an IP address, not a domain name", -1);
	*outlen = s.len;
	return 0;
}

static int
listnorm_plen(struct slice s, int *plen)
{
	size_t	 i;
	int	 v = 0;

	if (s.len == 0 || s.len > 3)
		return -1;
	for (i = 0; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		v = v * 10 + (s.p[i] - '0');
	}
	*plen = v;
	return 0;
}

static void
listnorm_ip_mask(struct listnorm_ip *ip)
{
	int	 i, bits = ip->plen, n = ip->family == 4 ? 4 : 16;

	for (i = 0; i < n; i++, bits -= 8) {
		if (bits >= 8)
			continue;
		ip->addr[i] &= bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
	}
}

/*
 * One part of a dotted quad at p, as inet_pton reads it (0 to 255, no
 * leading zero in a part of several digits), into out: where it ends,
 * or NULL.  Unrolled, since lists and profiles parse an address of
 * every line.
 */
static const unsigned char *
listnorm_octet(const unsigned char *p, const unsigned char *end,
    uint8_t *out)
{
	unsigned	 v, d;

	if (p == end || (v = (unsigned)*p - '0') > 9)
		return NULL;
	if (++p == end || (d = (unsigned)*p - '0') > 9) {
		*out = (uint8_t)v;
		return p;
	}
	if (v == 0)
		return NULL;
	v = v * 10 + d;
	if (++p == end || (d = (unsigned)*p - '0') > 9) {
		*out = (uint8_t)v;
		return p;
	}
	v = v * 10 + d;
	/* A fourth digit makes 1000 or more. */
	if (v > 255 || (++p != end && (unsigned)*p - '0' <= 9))
		return NULL;
	*out = (uint8_t)v;
	return p;
}

/*
 * Dotted-quad IPv4 straight from the slice: the common case on every
 * event, without the copy.  -1 for anything else, which inet_pton then
 * decides.
 */
static int
listnorm_ipv4_fast(struct slice s, uint8_t out[4])
{
	const unsigned char	*p = (const unsigned char *)s.p, *end = p + s.len;
	int			 n;

	for (n = 0; n < 4; n++) {
		if (n > 0 && (p == end || *p++ != '.'))
			return -1;
		if ((p = listnorm_octet(p, end, &out[n])) == NULL)
			return -1;
	}
	return p == end ? 0 : -1;
}

/* A dotted quad into ip as one host (listnorm_ipv4_fast); -1 if not. */
static int
listnorm_ip_quad(struct slice s, struct listnorm_ip *ip)
{
	if (s.len < 7 || s.len > 15 || listnorm_ipv4_fast(s, ip->addr) == -1)
		return -1;
	memset(ip->addr + 4, 0, sizeof(ip->addr) - 4);
	ip->family = 4;
	ip->plen = 32;
	return 0;
}

static int
listnorm_ip_parse(struct slice s, struct listnorm_ip *ip)
{
	char		 buf[LISTNORM_IP_MAX + 1];
	const char	*pct;

	if (listnorm_ip_quad(s, ip) == 0)
		return 0;

	if (s.len >= 2 && s.p[0] == '[' && s.p[s.len - 1] == ']') {
		s.p++;
		s.len -= 2;
	}
	if ((pct = memchr(s.p, '%', s.len)) != NULL)
		s.len = pct - s.p;
	if (s.len == 0 || s.len > LISTNORM_IP_MAX)
		return -1;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	memset(ip->addr, 0, sizeof(ip->addr));
	ip->family = memchr(s.p, ':', s.len) != NULL ? 6 : 4;
	ip->plen = ip->family == 4 ? 32 : 128;
	return inet_pton(ip->family == 4 ? AF_INET : AF_INET6, buf,
	    ip->addr) == 1 ? 0 : -1;
}

int
listnorm_ip(struct slice s, int cidr, struct listnorm_ip *ip,
    const char **why)
{
	static const uint8_t	 mapped[12] =
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	const char		*slash = NULL;
	int			 plen = -1;

	/*
	 * A bare dotted quad, as logs write addresses: nothing to trim (it
	 * starts and ends with a digit), no prefix (a '/' fails the parse),
	 * nothing to unmap or mask.
	 */
	if (s.len > 0 && (unsigned)s.p[0] - '0' <= 9 &&
	    (unsigned)s.p[s.len - 1] - '0' <= 9 && listnorm_ip_quad(s, ip) == 0)
		return 0;
	s = listnorm_trim(s);
	if (cidr && (slash = memchr(s.p, '/', s.len)) != NULL) {
		if (listnorm_plen((struct slice){ slash + 1,
		    s.len - (slash + 1 - s.p) }, &plen) == -1)
			return (*why = "bad prefix length", -1);
		s.len = slash - s.p;
	}
	if (listnorm_ip_parse(s, ip) == -1)
		return (*why = cidr ? "not an IP address or CIDR" :
		    "not an IP address", -1);
	if (plen > ip->plen)
		return (*why = "prefix length out of range", -1);
	if (plen >= 0)
		ip->plen = plen;
	/* ::ffff:a.b.c.d is the IPv4 host, in lists and in logs alike. */
	if (ip->family == 6 && ip->plen >= 96 &&
	    memcmp(ip->addr, mapped, sizeof(mapped)) == 0) {
		memmove(ip->addr, ip->addr + 12, 4);
		memset(ip->addr + 4, 0, 12);
		ip->family = 4;
		ip->plen -= 96;
	}
	/* Feeds write 10.1.2.3/8 for 10.0.0.0/8; mask rather than reject. */
	listnorm_ip_mask(ip);
	return 0;
}

void
listnorm_ip_str(const struct listnorm_ip *ip, char *out, size_t outsz)
{
	char	 buf[INET6_ADDRSTRLEN];

	if (inet_ntop(ip->family == 4 ? AF_INET : AF_INET6, ip->addr, buf,
	    sizeof(buf)) == NULL)
		buf[0] = '\0';
	if (ip->plen == (ip->family == 4 ? 32 : 128))
		snprintf(out, outsz, "%s", buf);
	else
		snprintf(out, outsz, "%s/%d", buf, ip->plen);
}

/*
 * A scheme is letters, then letters, digits, '+', '-' or '.', up to a
 * "://"; no scheme character is a ':', so it ends at the first one.
 * Found first, that ':' spares a host without a scheme (the host:port
 * of every CONNECT) a walk through its scheme-like letters.
 */
static int
listnorm_scheme(struct slice s, size_t *n)
{
	const char	*colon;
	size_t		 i, end;
	int		 c;

	if (s.len == 0 || (colon = memchr(s.p, ':', s.len)) == NULL)
		return -1;
	end = (size_t)(colon - s.p);
	if (end == 0 || s.len - end < 3 || memcmp(colon, "://", 3) != 0)
		return -1;
	for (i = 0; i < end; i++) {
		c = listnorm_lower((unsigned char)s.p[i]);
		if (c >= 'a' && c <= 'z')
			continue;
		if (i > 0 && ((c >= '0' && c <= '9') || c == '+' ||
		    c == '-' || c == '.'))
			continue;
		return -1;
	}
	*n = end;
	return 0;
}

static void
listnorm_url_authority(struct slice a, struct listnorm_url_parts *u)
{
	const char	*at, *colon = NULL, *close;

	if ((at = memrchr(a.p, '@', a.len)) != NULL) {
		u->userinfo = (struct slice){ a.p, at - a.p };
		a.len -= at + 1 - a.p;
		a.p = at + 1;
	}
	if (a.len > 0 && a.p[0] == '[' &&
	    (close = memchr(a.p, ']', a.len)) != NULL) {
		if (close + 1 < a.p + a.len && close[1] == ':')
			colon = close + 1;
	} else
		colon = memrchr(a.p, ':', a.len);
	if (colon != NULL) {
		u->host = (struct slice){ a.p, colon - a.p };
		u->port = (struct slice){ colon + 1, a.len - (colon + 1 - a.p) };
	} else
		u->host = a;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LISTNORM_ONES	0x0101010101010101ULL
#define LISTNORM_LOW7	0x7f7f7f7f7f7f7f7fULL

/* The high bit of each byte of v that is 0, and nothing else. */
static uint64_t
listnorm_zero_bytes(uint64_t v)
{
	return ~(((v & LISTNORM_LOW7) + LISTNORM_LOW7) | v | LISTNORM_LOW7);
}
#endif

/*
 * Where a URL's authority ends: at its first '/', '?' or '#', or at its
 * end.  Every URL a URL list is asked about passes here (the list's key
 * filter needs its host), so eight bytes are compared with the three at
 * once, where the byte order lets the first hit be found by counting.
 */
static size_t
listnorm_authority_len(const char *p, size_t len)
{
	size_t		 i = 0;
#ifdef LISTNORM_ONES
	uint64_t	 v, m;

	for (; i + 8 <= len; i += 8) {
		memcpy(&v, p + i, sizeof(v));
		m = listnorm_zero_bytes(v ^ (LISTNORM_ONES * '/')) |
		    listnorm_zero_bytes(v ^ (LISTNORM_ONES * '?')) |
		    listnorm_zero_bytes(v ^ (LISTNORM_ONES * '#'));
		if (m != 0)
			return i + (size_t)__builtin_ctzll(m) / 8;
	}
#endif
	for (; i < len && p[i] != '/' && p[i] != '?' && p[i] != '#'; i++)
		;
	return i;
}

/*
 * The fragment is dropped: the authority ends at a '#' as at a '/' (no
 * scheme holds a '#', nor "://", so the scheme is found the same on the
 * whole URL), and the path is cut at its first '#'.
 */
static int
listnorm_url_split(struct slice s, struct listnorm_url_parts *u)
{
	const char	*hash;
	size_t		 n, i;

	memset(u, 0, sizeof(*u));
	if (s.len == 0)
		return -1;		/* no host */
	if (listnorm_scheme(s, &n) == 0) {
		u->scheme = (struct slice){ s.p, n };
		s.p += n + 3;
		s.len -= n + 3;
	} else if (s.len >= 2 && s.p[0] == '/' && s.p[1] == '/') {
		s.p += 2;
		s.len -= 2;
	}
	i = listnorm_authority_len(s.p, s.len);
	listnorm_url_authority((struct slice){ s.p, i }, u);
	if (i < s.len && s.p[i] == '#')
		s.len = i;
	else if ((hash = memchr(s.p + i, '#', s.len - i)) != NULL)
		s.len = hash - s.p;
	u->path = (struct slice){ s.p + i, s.len - i };
	if (u->host.len > 0 && u->host.p[u->host.len - 1] == '.')
		u->host.len--;
	return u->host.len == 0 ? -1 : 0;
}

int
listnorm_url_host(struct slice s, struct slice *host)
{
	struct listnorm_url_parts	 u;

	if (listnorm_url_split(listnorm_trim(s), &u) == -1)
		return -1;
	*host = u.host;
	if (host->len >= 2 && host->p[0] == '[') {
		host->p++;
		host->len -= 2;
	}
	return 0;
}

int
listnorm_url_key(struct slice s, struct slice *key)
{
	struct listnorm_url_parts	 u;
	const char			*colon;

	if (listnorm_url_split(listnorm_trim(s), &u) == -1)
		return -1;
	*key = u.host;
	if ((colon = memchr(key->p, ':', key->len)) != NULL)
		key->len = (size_t)(colon - key->p);
	return 0;
}

/* The port as a number, 0 when absent, -1 when not a port. */
static long
listnorm_port(struct slice p)
{
	long	 v = 0;
	size_t	 i;

	if (p.len > 5)
		return -1;
	for (i = 0; i < p.len; i++) {
		if (p.p[i] < '0' || p.p[i] > '9')
			return -1;
		v = v * 10 + (p.p[i] - '0');
	}
	return v > 65535 ? -1 : v;
}

static int
listnorm_unreserved(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

/* Path and query: %7E becomes '~', %2f becomes %2F (RFC 3986 6.2.2). */
static size_t
listnorm_url_path(struct slice p, char *o)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 i, n = 0;
	int			 hi, lo, v;

	if (p.len == 0 || p.p[0] != '/')
		o[n++] = '/';
	for (i = 0; i < p.len; i++) {
		if (p.p[i] != '%' || i + 2 >= p.len ||
		    (hi = hex_digit((unsigned char)p.p[i + 1])) < 0 ||
		    (lo = hex_digit((unsigned char)p.p[i + 2])) < 0) {
			o[n++] = p.p[i];
			continue;
		}
		v = hi << 4 | lo;
		if (listnorm_unreserved(v))
			o[n++] = v;
		else {
			o[n++] = '%';
			o[n++] = hex[hi];
			o[n++] = hex[lo];
		}
		i += 2;
	}
	return n;
}

/* ":PORT" at o, for a port of 1 to 65535; its length. */
static size_t
listnorm_port_write(char *o, long port)
{
	char	 d[5];
	size_t	 n = 0, k = 0;

	do
		d[k++] = (char)('0' + port % 10);
	while ((port /= 10) > 0);
	o[n++] = ':';
	while (k > 0)
		o[n++] = d[--k];
	return n;
}

/* out starts with the lowercased scheme and "://". */
static int
listnorm_default_port(const char *out, long port)
{
	return (port == 80 && strncmp(out, "http://", 7) == 0) ||
	    (port == 443 && strncmp(out, "https://", 8) == 0);
}

static size_t
listnorm_copy_lower(char *o, struct slice s)
{
	size_t	 i;

	for (i = 0; i < s.len; i++)
		o[i] = listnorm_lower((unsigned char)s.p[i]);
	return s.len;
}

int
listnorm_url(struct slice s, char *out, size_t *outlen, const char **why)
{
	struct listnorm_url_parts	 u;
	size_t				 i, n = 0;
	long				 port;

	s = listnorm_trim(s);
	if (s.len > LISTNORM_URL_MAX)
		return (*why = "URL longer than 8192 bytes", -1);
	for (i = 0; i < s.len; i++)
		if ((unsigned char)s.p[i] <= ' ' || s.p[i] == 0x7f)
			return (*why = "space or control character in URL", -1);
	if (listnorm_url_split(s, &u) == -1)
		return (*why = "URL without a host", -1);
	if ((port = listnorm_port(u.port)) == -1)
		return (*why = "bad port in URL", -1);
	/* No scheme (Zeek intel, some feeds): the URL a proxy logs is http. */
	if (u.scheme.len == 0)
		u.scheme = (struct slice){ "http", 4 };
	n += listnorm_copy_lower(out + n, u.scheme);
	memcpy(out + n, "://", 3);
	n += 3;
	if (u.userinfo.p != NULL) {
		memcpy(out + n, u.userinfo.p, u.userinfo.len);
		n += u.userinfo.len;
		out[n++] = '@';
	}
	n += listnorm_copy_lower(out + n, u.host);
	if (port > 0 && !listnorm_default_port(out, port))
		n += listnorm_port_write(out + n, port);
	n += listnorm_url_path(u.path, out + n);
	out[n] = '\0';
	*outlen = n;
	return 0;
}

int
listnorm_hash_len(size_t len)
{
	return len == 32 || len == 40 || len == 64;
}

int
listnorm_hash(struct slice s, char *out, size_t *outlen, const char **why)
{
	size_t	 i;

	s = listnorm_trim(s);
	for (i = 0; i < s.len; i++)
		if (hex_digit((unsigned char)s.p[i]) < 0)
			return (*why = "not a hex digest", -1);
	if (!listnorm_hash_len(s.len))
		return (*why = "not the length of an MD5, SHA-1 or SHA-256 "
		    "digest", -1);
	*outlen = listnorm_copy_lower(out, s);
	out[s.len] = '\0';
	return 0;
}

struct slice
listnorm_user(struct slice s)
{
	const char	*p;

	s = listnorm_trim(s);
	if ((p = memrchr(s.p, '\\', s.len)) != NULL) {
		s.len -= p + 1 - s.p;
		s.p = p + 1;
	}
	if ((p = memchr(s.p, '@', s.len)) != NULL)
		s.len = p - s.p;
	return listnorm_trim(s);
}

void
listnorm_quote(struct slice s, char *out, size_t outsz)
{
	size_t	 i, n = 0, max;

	if (outsz < 4) {
		if (outsz > 0)
			out[0] = '\0';
		return;
	}
	max = s.len < outsz - 1 ? s.len : outsz - 4;
	for (i = 0; i < max; i++)
		out[n++] = s.p[i] >= ' ' && s.p[i] < 0x7f ? s.p[i] : '?';
	if (max < s.len) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}
