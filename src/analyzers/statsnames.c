/*
 * Destination names by (endpoint address, destination address): see
 * statsnames.h.  Zeek's dns.log gives answers as a comma-separated
 * vector that mixes names (CNAMEs) and addresses; only the addresses
 * are keys, all of them for the name queried.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/lru.h"
#include "analyzers/statsnames.h"
#include "util/hash.h"
#include "util/log.h"

struct sname {
	uint8_t		 len;
	char		 name[STATSNAMES_MAX];
};

struct statsnames {
	struct lru	*t;
};

struct statsnames *
statsnames_new(size_t cap)
{
	struct statsnames	*n;

	if ((n = calloc(1, sizeof(*n))) == NULL ||
	    (n->t = lru_new(sizeof(struct sname), cap, NULL, NULL)) == NULL) {
		log_warn("%s", __func__);
		free(n);
		return NULL;
	}
	return n;
}

void
statsnames_free(struct statsnames *n)
{
	if (n == NULL)
		return;
	lru_free(n->t);
	free(n);
}

size_t
statsnames_count(const struct statsnames *n)
{
	return lru_count(n->t);
}

static uint64_t
statsnames_key(struct slice src, struct slice dst)
{
	return hash64(dst.p, dst.len, hash64(src.p, src.len, 0x6e616d65ULL));
}

/* name for (src, dst), whose key is key (0: worked out here). */
static void
statsnames_put(struct statsnames *n, struct slice src, struct slice dst,
    struct slice name, uint64_t key)
{
	struct sname	*e;
	int		 created;

	if (name.len == 0 || name.len > STATSNAMES_MAX || dst.len == 0)
		return;
	if (key == 0)
		key = statsnames_key(src, dst);
	if ((e = lru_put(n->t, key, &created)) == NULL)
		return;
	memcpy(e->name, name.p, name.len);
	e->len = (uint8_t)name.len;
}

/* Whether s (not NUL-terminated) is an IPv4 or IPv6 address. */
static int
statsnames_is_ip(struct slice s)
{
	char		 buf[INET6_ADDRSTRLEN];
	unsigned char	 a[16];
	size_t		 i;

	if (s.len == 0 || s.len >= sizeof(buf))
		return 0;
	/*
	 * Every proxy line asks this of its host name.  An address is
	 * hex digits, colons and dots only; a name mostly has another
	 * letter among its first few, which settles it without the copy
	 * and the two parses.
	 */
	for (i = 0; i < s.len; i++)
		if (!isxdigit((unsigned char)s.p[i]) && s.p[i] != ':' &&
		    s.p[i] != '.')
			return 0;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	return inet_pton(AF_INET, buf, a) == 1 ||
	    inet_pton(AF_INET6, buf, a) == 1;
}

/* Each address among the answers names the query, for this endpoint. */
static void
statsnames_answers(struct statsnames *n, const struct logevent *ev)
{
	const char	*p = ev->dns_answers.p, *end = p + ev->dns_answers.len,
			*c;
	struct slice	 a;

	while (p < end) {
		if ((c = memchr(p, ',', (size_t)(end - p))) == NULL)
			c = end;
		a.p = p;
		a.len = (size_t)(c - p);
		if (statsnames_is_ip(a))
			statsnames_put(n, ev->src_ip, a, ev->dns_query, 0);
		p = c + 1;
	}
}

void
statsnames_learn_key(struct statsnames *n, const struct logevent *ev,
    uint64_t key)
{
	if (ev->src_ip.len == 0)
		return;
	if (ev->dns_query.len > 0 && ev->dns_answers.len > 0)
		statsnames_answers(n, ev);
	else if (ev->dst_domain.len > 0 && ev->dst_ip.len > 0 &&
	    !statsnames_is_ip(ev->dst_domain))
		statsnames_put(n, ev->src_ip, ev->dst_ip, ev->dst_domain, key);
}

void
statsnames_learn(struct statsnames *n, const struct logevent *ev)
{
	statsnames_learn_key(n, ev, 0);
}

/*
 * The entry learn (a name for the destination) or find (none) will look
 * up for ev: the same key either way.  DNS answers, several entries
 * each, are left to take their misses.
 */
uint64_t
statsnames_prefetch(const struct statsnames *n, const struct logevent *ev)
{
	uint64_t	 k;

	if (ev->src_ip.len == 0 || ev->dst_ip.len == 0 ||
	    ev->dns_answers.len > 0)
		return 0;
	k = statsnames_key(ev->src_ip, ev->dst_ip);
	lru_prefetch(n->t, k);
	return k;
}

void
statsnames_prefetch_entry(const struct statsnames *n, uint64_t key)
{
	if (key != 0)
		lru_prefetch_entry(n->t, key);
}

struct slice
statsnames_find_key(struct statsnames *n, const struct logevent *ev,
    uint64_t key)
{
	struct sname	*e;
	struct slice	 none = { NULL, 0 };

	if (ev->dst_domain.len > 0 || ev->dst_ip.len == 0 ||
	    ev->src_ip.len == 0)
		return none;
	if (key == 0)
		key = statsnames_key(ev->src_ip, ev->dst_ip);
	if ((e = lru_get(n->t, key)) == NULL)
		return none;
	return (struct slice){ e->name, e->len };
}

struct slice
statsnames_find(struct statsnames *n, const struct logevent *ev)
{
	return statsnames_find_key(n, ev, 0);
}
