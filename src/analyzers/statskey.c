/*
 * Values and group keys of the statistical analyzer: see statskey.h.
 * Owns no state, only the format of a key and the table hash of one,
 * which the kinds' baseline lines rely on to find a group again.
 */
#include <arpa/inet.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/statskey.h"
#include "analyzers/statsrule.h"
#include "util/hash.h"

/* Second-level labels under which registrations sit a level lower. */
static const char *const statskey_sld[] = {
	"ac", "co", "com", "edu", "gov", "go", "ne", "net", "or", "org",
	"ad", "ed", "gr", "lg", "ltd", "plc", "nic", "mil",
};

static int
statskey_is_sld(const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof(statskey_sld) / sizeof(statskey_sld[0]); i++)
		if (strlen(statskey_sld[i]) == len &&
		    strncasecmp(statskey_sld[i], p, len) == 0)
			return 1;
	return 0;
}

struct slice
statskey_regdom(struct slice s)
{
	size_t	 dots[3], nd = 0, i = s.len;
	size_t	 tld_len, start;

	/* A trailing root dot is not a label. */
	while (s.len > 0 && s.p[s.len - 1] == '.')
		s.len--;
	for (i = s.len; i > 0 && nd < 3; i--)
		if (s.p[i - 1] == '.')
			dots[nd++] = i - 1;
	if (nd < 2)
		return s;
	tld_len = s.len - dots[0] - 1;
	start = dots[1] + 1;
	/* example.co.uk: a two-letter country code under a generic label. */
	if (tld_len == 2 && statskey_is_sld(s.p + start, dots[0] - start)) {
		if (nd < 3)
			return s;
		start = dots[2] + 1;
	}
	s.p += start;
	s.len -= start;
	return s;
}

float
statskey_entropy(struct slice s)
{
	unsigned int	 cnt[256];
	size_t		 i, n = 0, end = s.len;
	double		 h = 0, q;

	/* The top-level label says nothing about the name: drop it. */
	while (end > 0 && s.p[end - 1] == '.')
		end--;
	for (i = end; i > 0; i--)
		if (s.p[i - 1] == '.') {
			end = i - 1;
			break;
		}
	memset(cnt, 0, sizeof(cnt));
	for (i = 0; i < end; i++)
		if (s.p[i] != '.') {
			cnt[(unsigned char)(s.p[i] | (s.p[i] >= 'A' &&
			    s.p[i] <= 'Z' ? 0x20 : 0))]++;
			n++;
		}
	if (n == 0)
		return 0;
	for (i = 0; i < 256; i++)
		if (cnt[i] > 0) {
			q = (double)cnt[i] / (double)n;
			h -= q * log2(q);
		}
	return (float)h;
}

static void	statskey_ep_known(struct statskey_ep *, int);
static void	statskey_ep_own(struct statskey_ep *, const struct logevent *);

/* Decimal text of v in buf (no printf: this runs for every event). */
static struct slice
statskey_num(int64_t v, char *buf, size_t len)
{
	struct slice	 s = { NULL, 0 };
	char		 tmp[24];
	size_t		 n = 0, i;
	uint64_t	 u = (uint64_t)v;

	if (v < 0)
		return s;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0 && n < sizeof(tmp));
	if (n > len)
		return s;
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	s.p = buf;
	s.len = n;
	return s;
}

/*
 * The endpoint as the identity table knows it; its own fields when the
 * table cannot tell (no table, or only a service account).
 */
static void
statskey_endpoint(const struct logevent *ev, struct statskey_ep *ep)
{
	int	 k;

	ep->done = 1;
	if (ep->id != NULL &&
	    (k = identity_source_key(ep->id, ev, ep->buf)) != -1) {
		statskey_ep_known(ep, k);
		return;
	}
	statskey_ep_own(ep, ev);
}

/* The key the table gave, in ep->buf, of kind k (IDENTITY_*). */
static void
statskey_ep_known(struct statskey_ep *ep, int k)
{
	/* Which event field the value stands for, in the key. */
	ep->alt = k == IDENTITY_HOST ? 1 : k == IDENTITY_IP ? 0 : 2;
	ep->v.p = ep->buf;
	ep->v.len = strlen(ep->buf);
}

/* The event's own fields, when the table cannot tell. */
static void
statskey_ep_own(struct statskey_ep *ep, const struct logevent *ev)
{
	ep->alt = ev->src_ip.len ? 0 : ev->src_host.len ? 1 : 2;
	ep->v = ev->src_ip.len ? ev->src_ip : ev->src_host.len ?
	    ev->src_host : ev->user;
}

void
statskey_ep_given(struct statskey_ep *ep, const struct logevent *ev,
    const struct endpoint_key *k)
{
	ep->done = 1;
	if (k != NULL && k->kind != -1) {
		memcpy(ep->buf, k->key, sizeof(ep->buf));
		statskey_ep_known(ep, k->kind);
		return;
	}
	statskey_ep_own(ep, ev);
}

/*
 * The network of a destination address, as scans count them: an
 * internal address (RFC 1918, shared, loopback, link-local, IPv6 ULA
 * and link-local) is itself, since sweeping a LAN is what a scan does;
 * a public one is its /24 (IPv4) or /48 (IPv6), since a browser's many
 * connections to one service land on a few addresses of its network.
 */
static struct slice
statskey_net(struct slice ip, char *buf, size_t len)
{
	unsigned char	 a[16];
	char		 s[INET6_ADDRSTRLEN];
	int		 n;

	if (ip.len == 0 || ip.len >= sizeof(s))
		return ip;
	memcpy(s, ip.p, ip.len);
	s[ip.len] = '\0';
	if (inet_pton(AF_INET, s, a) == 1) {
		if (a[0] == 10 || a[0] == 127 || (a[0] == 172 &&
		    (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168) ||
		    (a[0] == 100 && (a[1] & 0xc0) == 64) ||
		    (a[0] == 169 && a[1] == 254))
			return ip;
		n = snprintf(buf, len, "%u.%u.%u.0/24", a[0], a[1], a[2]);
	} else if (inet_pton(AF_INET6, s, a) == 1) {
		if ((a[0] & 0xfe) == 0xfc || (a[0] == 0xfe &&
		    (a[1] & 0xc0) == 0x80) || memcmp(a, "\0\0\0\0\0\0\0\0"
		    "\0\0\0\0\0\0\0\1", 16) == 0)
			return ip;
		n = snprintf(buf, len, "%x:%x:%x::/48", a[0] << 8 | a[1],
		    a[2] << 8 | a[3], a[4] << 8 | a[5]);
	} else
		return ip;
	return n > 0 && (size_t)n < len ? (struct slice){ buf, (size_t)n } :
	    ip;
}

static struct slice
statskey_derived(const struct stats_field *f, const struct logevent *ev,
    struct statskey_ep *ep, char *buf, size_t len,
    const struct field_def **fd)
{
	struct statskey_ep	 own;
	struct slice		 s = { NULL, 0 }, r;

	switch (f->derived) {
	case SD_ENDPOINT:
		if (ep == NULL) {
			own.id = NULL;
			ep = &own;
			ep->done = 0;
		}
		if (!ep->done)
			statskey_endpoint(ev, ep);
		s = ep->v;
		*fd = f->alt[ep->alt];
		break;
	case SD_DESTINATION:
		s = ev->dst_domain.len ? ev->dst_domain : ev->dst_ip;
		*fd = f->alt[ev->dst_domain.len ? 0 : 1];
		break;
	case SD_DST_REGDOM:
		s = statskey_regdom(ev->dst_domain);
		*fd = f->alt[0];
		break;
	case SD_DNS_REGDOM:
		s = statskey_regdom(ev->dns_query);
		*fd = f->alt[0];
		break;
	case SD_DNS_SUBDOM:
		r = statskey_regdom(ev->dns_query);
		s = ev->dns_query;
		s.len = r.len < s.len ? s.len - r.len - 1 : 0;
		*fd = f->alt[0];
		break;
	case SD_DST_NET:
		/* A named service is one, whatever its addresses. */
		if (ev->dst_domain.len) {
			s = statskey_regdom(ev->dst_domain);
			*fd = f->alt[0];
		} else {
			s = statskey_net(ev->dst_ip, buf, len);
			*fd = f->alt[1];
		}
		break;
	default:
		*fd = NULL;
		break;
	}
	return s;
}

struct slice
statskey_value(const struct stats_field *f, const struct logevent *ev,
    struct statskey_ep *ep, char *buf, size_t len, const struct field_def **fd)
{
	if (f->fd == NULL)
		return statskey_derived(f, ev, ep, buf, len, fd);
	*fd = f->fd;
	if (f->fd->type == FIELD_STR)
		return field_str(ev, f->fd);
	return statskey_num(field_int(ev, f->fd), buf, len);
}

uint64_t
statskey_hash(const char *key, size_t len)
{
	return hash64_lower(key, len, 0x737461747331ULL);
}

int
statskey_build(const struct stats_params *p, const struct logevent *ev,
    struct statskey_ep *ep, char *key, size_t *len, uint64_t *hash)
{
	const struct field_def	*fd, *table;
	struct slice		 v;
	char			 num[24];
	size_t			 i, o = 0, nf;

	table = field_table(&nf);
	for (i = 0; i < p->nby; i++) {
		v = statskey_value(&p->by[i], ev, ep, num, sizeof(num), &fd);
		if (v.len == 0 || fd == NULL)
			return -1;
		if (o + v.len + 2 > STATSKEY_MAX)
			return -1;
		key[o++] = (char)(fd - table + 1);
		memcpy(key + o, v.p, v.len);
		o += v.len;
		key[o++] = '\0';
	}
	*len = o;
	*hash = statskey_hash(key, o);
	return 0;
}

const char *
statskey_part(const char *key, size_t len, size_t i)
{
	size_t	 o = 0;

	while (o < len) {
		if (i-- == 0)
			return key + o + 1;
		o += strlen(key + o) + 1;
	}
	return NULL;
}

void
statskey_fill(const char *key, size_t len, struct logevent *ev)
{
	const struct field_def	*table, *fd;
	size_t			 o = 0, nf, vl;
	unsigned char		 tag;
	char			*pp;

	table = field_table(&nf);
	while (o < len) {
		tag = (unsigned char)key[o];
		vl = strlen(key + o + 1);
		if (tag >= 1 && tag <= nf) {
			fd = &table[tag - 1];
			pp = (char *)ev + fd->off;
			if (fd->type == FIELD_STR) {
				((struct slice *)(void *)pp)->p = key + o + 1;
				((struct slice *)(void *)pp)->len = vl;
			} else if (fd->type == FIELD_INT)
				*(int32_t *)(void *)pp =
				    (int32_t)strtol(key + o + 1, NULL, 10);
			else
				*(int64_t *)(void *)pp =
				    strtoll(key + o + 1, NULL, 10);
		}
		o += vl + 2;
	}
}

void
statskey_describe(const struct stats_params *p, const char *key, size_t len,
    char *buf, size_t size)
{
	const struct field_def	*table;
	const char		*v, *name;
	unsigned char		 tag;
	size_t			 i, o = 0, nf;
	int			 n;

	table = field_table(&nf);
	buf[0] = '\0';
	for (i = 0; i < p->nby && o < size; i++) {
		if ((v = statskey_part(key, len, i)) == NULL)
			break;
		/* endpoint and destination say which field they were. */
		name = p->by[i].name;
		tag = (unsigned char)v[-1];
		if ((p->by[i].derived == SD_ENDPOINT ||
		    p->by[i].derived == SD_DESTINATION) && tag >= 1 &&
		    tag <= nf)
			name = table[tag - 1].name;
		n = snprintf(buf + o, size - o, "%s%s=%s", i ? " " : "", name,
		    v);
		if (n < 0)
			break;
		o += (size_t)n;
	}
}
