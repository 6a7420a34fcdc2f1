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

static void	statskey_ep_known(struct statskey_ep *, int, size_t);
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
		statskey_ep_known(ep, k, strlen(ep->buf));
		return;
	}
	statskey_ep_own(ep, ev);
}

/* The key the table gave, in ep->buf (len bytes), of kind k (IDENTITY_*). */
static void
statskey_ep_known(struct statskey_ep *ep, int k, size_t len)
{
	/* Which event field the value stands for, in the key. */
	ep->alt = k == IDENTITY_HOST ? 1 : k == IDENTITY_IP ? 0 : 2;
	ep->v.p = ep->buf;
	ep->v.len = len;
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
	size_t	 len;

	ep->done = 1;
	if (k != NULL && k->kind != -1) {
		/*
		 * Measured where the reading thread wrote it, not in the copy
		 * just made, whose bytes are still on their way to the cache.
		 */
		len = strnlen(k->key, sizeof(ep->buf) - 1);
		memcpy(ep->buf, k->key, len);
		ep->buf[len] = '\0';
		statskey_ep_known(ep, k->kind, len);
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

#define STATSKEY_SEED	0x737461747331ULL

/* The hash of one part of a key: its value, lower-cased, and its tag. */
static uint64_t
statskey_vhash(unsigned char tag, const char *p, size_t len)
{
	return hash64_lower(p, len, STATSKEY_SEED + tag);
}

uint64_t
statskey_hash_bytes(const char *key, size_t len)
{
	return hash64_lower(key, len, STATSKEY_SEED);
}

uint64_t
statskey_hash(const char *key, size_t len)
{
	uint64_t	 h = STATSKEY_SEED;
	size_t		 o = 0, vl;

	/* A kind's own entry (tag 0xff) is never an event's group. */
	if (len > 0 && key[0] == (char)0xff)
		return statskey_hash_bytes(key, len);
	while (o < len) {
		vl = strnlen(key + o + 1, len - o - 1);
		h = hash_combine(h, statskey_vhash((unsigned char)key[o],
		    key + o + 1, vl));
		o += vl + 2;
	}
	return h;
}

size_t
statskey_nvals(void)
{
	size_t	 nf;

	(void)field_table(&nf);
	return nf + SD_DST_NET + 1;
}

/*
 * The value of f for ev: the entry of f in ep's values when it is of
 * this pass, worked out into it otherwise (into tmp when ep keeps
 * none).  A value is cut at a NUL byte, as keys are read.
 */
static const struct statskey_val *
statskey_val(const struct stats_field *f, const struct logevent *ev,
    struct statskey_ep *ep, struct statskey_val *tmp,
    const struct field_def *table, size_t nf)
{
	const struct field_def	*fd;
	struct statskey_val	*x = tmp;

	if (ep != NULL && ep->vals != NULL) {
		x = &ep->vals[f->fd != NULL ? (size_t)(f->fd - table) :
		    nf + (size_t)f->derived];
		if (x->pass == ep->pass)
			return x;
		x->pass = ep->pass;
	}
	x->v = statskey_value(f, ev, ep, x->num, sizeof(x->num), &fd);
	if (fd == NULL || x->v.len == 0 ||
	    (x->v.len = strnlen(x->v.p, x->v.len)) == 0) {
		x->v.len = 0;
		return x;
	}
	x->tag = (unsigned char)(fd - table + 1);
	x->h = statskey_vhash(x->tag, x->v.p, x->v.len);
	return x;
}

/* The key of the n fields f (key NULL: its length only) and its hash. */
static int
statskey_fields(const struct stats_field *f, size_t n,
    const struct logevent *ev, struct statskey_ep *ep, char *key,
    size_t *len, uint64_t *hash)
{
	const struct field_def		*table;
	const struct statskey_val	*x;
	struct statskey_val		 tmp;
	uint64_t			 h = STATSKEY_SEED;
	size_t				 i, nf, o = 0;

	table = field_table(&nf);
	for (i = 0; i < n; i++) {
		x = statskey_val(&f[i], ev, ep, &tmp, table, nf);
		if (x->v.len == 0 || o + x->v.len + 2 > STATSKEY_MAX)
			return -1;
		h = hash_combine(h, x->h);
		if (key != NULL) {
			key[o] = (char)x->tag;
			memcpy(key + o + 1, x->v.p, x->v.len);
			key[o + 1 + x->v.len] = '\0';
		}
		o += x->v.len + 2;
	}
	*hash = h;
	if (len != NULL)
		*len = o;
	return 0;
}

int
statskey_build(const struct stats_params *p, const struct logevent *ev,
    struct statskey_ep *ep, char *key, size_t *len, uint64_t *hash)
{
	return statskey_fields(p->by, p->nby, ev, ep, key, len, hash);
}

int
statskey_one(const struct stats_field *f, const struct logevent *ev,
    struct statskey_ep *ep, char *key, size_t *len, uint64_t *hash)
{
	return statskey_fields(f, 1, ev, ep, key, len, hash);
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
