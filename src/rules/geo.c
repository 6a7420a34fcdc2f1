/*
 * The country database.  See geo.h for the forms it reads.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <maxminddb.h>

#include "util/log.h"
#include "rules/geo.h"
#include "rules/ipset.h"
#include "rules/listnorm.h"

#define GEO_MAXERRS	20
#define GEO_MAXCOLS	8

typedef unsigned __int128 geo_u128;

struct geo {
	struct ipset	*ips;
	size_t		 n;
	MMDB_s		*mmdb;		/* a MaxMind DB instead of the CSV set */
};

/* A load in progress. */
struct geo_load {
	struct geo	*g;
	const char	*label;
	struct cerrors	*errs;
	size_t		 nbad;
	int		 nomem;
};

struct geo_row {
	int		 line;
	struct slice	 col[GEO_MAXCOLS];
	int		 colno[GEO_MAXCOLS];	/* column of each, from 1 */
	size_t		 ncol;
};

void
geo_free(struct geo *g)
{
	if (g == NULL)
		return;
	ipset_free(g->ips);
	if (g->mmdb != NULL) {
		MMDB_close(g->mmdb);
		free(g->mmdb);
	}
	free(g);
}

size_t
geo_size(const struct geo *g)
{
	return g != NULL ? g->n : 0;
}

static void
geo_bad(struct geo_load *ld, int line, int col, const char *msg)
{
	if (++ld->nbad <= GEO_MAXERRS)
		cerrors_add(ld->errs, ld->label, line, col, "%s", msg);
}

/* Country codes are stored as the id of their prefixes: 'J' << 8 | 'P'. */
static int
geo_code(struct slice s, uint32_t *id)
{
	s = listnorm_trim(s);
	if (s.len == 2 && isalpha((unsigned char)s.p[0]) &&
	    isalpha((unsigned char)s.p[1])) {
		*id = (uint32_t)toupper((unsigned char)s.p[0]) << 8 |
		    (uint32_t)toupper((unsigned char)s.p[1]);
		return *id == ('Z' << 8 | 'Z') ? 1 : 0;
	}
	if (s.len == 0 || (s.len == 1 && s.p[0] == '-'))
		return 1;
	return -1;
}

static void
geo_add(struct geo_load *ld, int family, const uint8_t *addr, int plen,
    uint32_t id)
{
	if (ipset_add(ld->g->ips, family, addr, plen, id) == IPSET_NONE)
		ld->nomem = 1;
	else
		ld->g->n++;
}

static geo_u128
geo_to128(const struct listnorm_ip *ip)
{
	geo_u128	 v = 0;
	int		 i, n = ip->family == 4 ? 4 : 16;

	for (i = 0; i < n; i++)
		v = v << 8 | ip->addr[i];
	return v;
}

static void
geo_from128(geo_u128 v, int family, uint8_t *addr)
{
	int	 i, n = family == 4 ? 4 : 16;

	memset(addr, 0, 16);
	for (i = n - 1; i >= 0; i--, v >>= 8)
		addr[i] = (uint8_t)v;
}

/* Whether the block of 2^k addresses at first ends at or before last. */
static int
geo_fits(geo_u128 first, geo_u128 last, int k)
{
	if (k == 128)
		return first == 0 && last == ~(geo_u128)0;
	return last - first >= ((geo_u128)1 << k) - 1;
}

/* The prefixes covering first..last exactly (first <= last). */
static void
geo_range(struct geo_load *ld, int family, geo_u128 first, geo_u128 last,
    uint32_t id)
{
	uint8_t		 addr[16];
	int		 bits = family == 4 ? 32 : 128, k;
	geo_u128	 end;

	for (;;) {
		/* The biggest aligned block at first that stays in range. */
		for (k = 0; k < bits && ((first >> k) & 1) == 0; k++)
			;
		while (k > 0 && !geo_fits(first, last, k))
			k--;
		geo_from128(first, family, addr);
		geo_add(ld, family, addr, bits - k, id);
		if (ld->nomem || k == 128)
			return;
		end = first + (((geo_u128)1 << k) - 1);
		if (end >= last)
			return;
		first = end + 1;
	}
}

static int
geo_uint(struct slice s, geo_u128 *v)
{
	size_t	 i;

	s = listnorm_trim(s);
	if (s.len == 0 || s.len > 10)
		return -1;
	*v = 0;
	for (i = 0; i < s.len; i++) {
		if (!isdigit((unsigned char)s.p[i]))
			return -1;
		*v = *v * 10 + (s.p[i] - '0');
	}
	return *v <= 0xffffffffu ? 0 : -1;
}

/* first,last,country: addresses or IPv4 integers. */
static int
geo_row_range(struct geo_load *ld, const struct geo_row *r, uint32_t id)
{
	struct listnorm_ip	 a, b;
	const char		*why;
	geo_u128		 lo, hi;
	int			 fam;

	if (geo_uint(r->col[0], &lo) == 0 && geo_uint(r->col[1], &hi) == 0)
		fam = 4;
	else if (listnorm_ip(r->col[0], 0, &a, &why) == 0 &&
	    listnorm_ip(r->col[1], 0, &b, &why) == 0 &&
	    a.family == b.family) {
		fam = a.family;
		lo = geo_to128(&a);
		hi = geo_to128(&b);
	} else {
		geo_bad(ld, r->line, r->colno[0], "not an address range");
		return -1;
	}
	if (lo > hi) {
		geo_bad(ld, r->line, r->colno[0], "range ends before it "
		    "starts");
		return -1;
	}
	geo_range(ld, fam, lo, hi, id);
	return 0;
}

static void
geo_row(struct geo_load *ld, const struct geo_row *r)
{
	struct listnorm_ip	 ip;
	const char		*why;
	uint32_t		 id;
	size_t			 cc;
	int			 rc, range;

	if (r->ncol < 2) {
		geo_bad(ld, r->line, 1, "expected network,country");
		return;
	}
	range = r->ncol >= 3 && memchr(r->col[0].p, '/', r->col[0].len) ==
	    NULL && geo_code(r->col[1], &id) == -1;
	cc = range ? 2 : 1;
	if ((rc = geo_code(r->col[cc], &id)) == 1)
		return;
	if (rc == -1) {
		/* A header names its columns. */
		if (r->line == 1)
			return;
		geo_bad(ld, r->line, r->colno[cc], "not a two-letter "
		    "country code");
		return;
	}
	if (range) {
		(void)geo_row_range(ld, r, id);
		return;
	}
	if (listnorm_ip(r->col[0], 1, &ip, &why) == -1) {
		geo_bad(ld, r->line, r->colno[0], why);
		return;
	}
	geo_add(ld, ip.family, ip.addr, ip.plen, id);
}

/* Split one line at commas; quotes around a field are dropped. */
static void
geo_split(const char *p, size_t len, int line, struct geo_row *r)
{
	size_t	 i = 0, start;

	memset(r, 0, sizeof(*r));
	r->line = line;
	while (r->ncol < GEO_MAXCOLS) {
		start = i;
		while (i < len && p[i] != ',')
			i++;
		r->col[r->ncol].p = p + start;
		r->col[r->ncol].len = i - start;
		r->col[r->ncol].len -= r->col[r->ncol].len > 0 &&
		    p[i - 1] == '\r';
		r->col[r->ncol] = listnorm_trim(r->col[r->ncol]);
		if (r->col[r->ncol].len >= 2 && r->col[r->ncol].p[0] == '"' &&
		    r->col[r->ncol].p[r->col[r->ncol].len - 1] == '"') {
			r->col[r->ncol].p++;
			r->col[r->ncol].len -= 2;
		}
		r->colno[r->ncol] = (int)start + 1;
		r->ncol++;
		if (i >= len)
			break;
		i++;
	}
}

struct geo *
geo_load_mem(const char *label, const char *buf, size_t len,
    struct cerrors *errs)
{
	struct geo_load	 ld;
	struct geo_row	 r;
	const char	*p = buf, *end = buf + len, *nl;
	int		 line = 0;

	memset(&ld, 0, sizeof(ld));
	ld.label = label;
	ld.errs = errs;
	if ((ld.g = calloc(1, sizeof(*ld.g))) == NULL ||
	    (ld.g->ips = ipset_new()) == NULL) {
		cerrors_add(errs, label, 0, 0, "out of memory");
		geo_free(ld.g);
		return NULL;
	}
	for (; p < end && !ld.nomem; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		if (nl == p || *p == '#' || (nl - p == 1 && *p == '\r'))
			continue;
		geo_split(p, nl - p, line, &r);
		geo_row(&ld, &r);
	}
	if (ld.nbad > GEO_MAXERRS)
		cerrors_add(errs, label, 0, 0, "%zu more bad rows",
		    ld.nbad - GEO_MAXERRS);
	if (ld.nomem || ld.g->n == 0) {
		cerrors_add(errs, label, 0, 0, ld.nomem ? "out of memory" :
		    "no networks in the country database");
		geo_free(ld.g);
		return NULL;
	}
	log_debug("country database %s: %zu prefixes, %zu bad rows", label,
	    ld.g->n, ld.nbad);
	return ld.g;
}

static char *
geo_readfile(const char *path, size_t *lenp)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		if (errno == 0 || !S_ISREG(st.st_mode))
			errno = EINVAL;
		goto fail;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL)
		goto fail;
	while (len < (size_t)st.st_size) {
		n = read(fd, buf + len, (size_t)st.st_size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	*lenp = len;
	return buf;
fail:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return NULL;
}

static int
geo_is_mmdb(const char *path)
{
	size_t	 n = strlen(path);

	return n > 5 && strcmp(path + n - 5, ".mmdb") == 0;
}

/* A MaxMind DB (GeoLite2-Country, GeoIP2-Country, DB-IP's mmdb). */
static struct geo *
geo_load_mmdb(const char *path, struct cerrors *errs)
{
	struct geo	*g;
	int		 rc;

	if ((g = calloc(1, sizeof(*g))) == NULL ||
	    (g->mmdb = calloc(1, sizeof(*g->mmdb))) == NULL) {
		free(g);
		cerrors_add(errs, path, 0, 0, "country database: %s",
		    strerror(errno));
		return NULL;
	}
	if ((rc = MMDB_open(path, MMDB_MODE_MMAP, g->mmdb)) != MMDB_SUCCESS) {
		cerrors_add(errs, path, 0, 0, "country database: %s%s%s",
		    MMDB_strerror(rc), rc == MMDB_IO_ERROR ? ": " : "",
		    rc == MMDB_IO_ERROR ? strerror(errno) : "");
		free(g->mmdb);
		free(g);
		return NULL;
	}
	g->n = g->mmdb->metadata.node_count;
	return g;
}

struct geo *
geo_load(const char *path, struct cerrors *errs)
{
	struct geo	*g;
	char		*buf;
	size_t		 len;

	if (geo_is_mmdb(path))
		return geo_load_mmdb(path, errs);
	if ((buf = geo_readfile(path, &len)) == NULL) {
		cerrors_add(errs, path, 0, 0, "country database: %s",
		    strerror(errno));
		return NULL;
	}
	g = geo_load_mem(path, buf, len, errs);
	free(buf);
	return g;
}

/* The ISO code at "country", else "registered_country", of an mmdb entry. */
static int
geo_mmdb_code(MMDB_entry_s *e, char out[3])
{
	static const char *const where[] = { "country", "registered_country" };
	MMDB_entry_data_s	 d;
	size_t			 i;

	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		if (MMDB_get_value(e, &d, where[i], "iso_code", NULL) !=
		    MMDB_SUCCESS || !d.has_data ||
		    d.type != MMDB_DATA_TYPE_UTF8_STRING || d.data_size != 2)
			continue;
		out[0] = (char)toupper((unsigned char)d.utf8_string[0]);
		out[1] = (char)toupper((unsigned char)d.utf8_string[1]);
		out[2] = '\0';
		return 0;
	}
	return -1;
}

static int
geo_mmdb_country(MMDB_s *db, const struct listnorm_ip *ip, char out[3])
{
	struct sockaddr_in	 sin;
	struct sockaddr_in6	 sin6;
	const struct sockaddr	*sa;
	MMDB_lookup_result_s	 r;
	int			 err;

	if (ip->family == 4) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		memcpy(&sin.sin_addr, ip->addr, 4);
		sa = (const struct sockaddr *)&sin;
	} else {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		memcpy(&sin6.sin6_addr, ip->addr, 16);
		sa = (const struct sockaddr *)&sin6;
	}
	r = MMDB_lookup_sockaddr(db, sa, &err);
	if (err != MMDB_SUCCESS || !r.found_entry)
		return -1;
	return geo_mmdb_code(&r.entry, out);
}

int
geo_country(const struct geo *g, struct slice s, char out[3])
{
	struct listnorm_ip	 ip;
	const char		*why;
	uint32_t		 id;

	if (g == NULL || s.len == 0 || listnorm_ip(s, 0, &ip, &why) == -1)
		return -1;
	if (g->mmdb != NULL)
		return geo_mmdb_country(g->mmdb, &ip, out);
	if ((id = ipset_find(g->ips, ip.family, ip.addr)) == IPSET_NONE)
		return -1;
	out[0] = (char)(id >> 8);
	out[1] = (char)(id & 0xff);
	out[2] = '\0';
	return 0;
}
