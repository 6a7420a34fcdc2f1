/*
 * Indicator lists (list.h): owns each list's hash tables of domains,
 * addresses and prefixes, URLs, hashes and strings, loads them through
 * the format readers (listfeed.c) and looks values up.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/hash.h"
#include "util/log.h"
#include "rules/ipset.h"
#include "rules/list.h"
#include "rules/listfeed.h"
#include "rules/listnorm.h"

/*
 * Storage is built for feeds of millions of rows: strings live in big
 * arena chunks that never move (so struct indicator can point into them),
 * values are found through an open-addressing table of {hash, length, id}
 * slots, and descriptions and sources are interned, since a feed repeats
 * the same few.  Nothing is allocated per entry and nothing at all when
 * matching.
 */
#define LIST_SEED	0x6465746563746c73ULL
#define LIST_CHUNK_MIN	(64 * 1024)
#define LIST_CHUNK_MAX	(4 * 1024 * 1024 - sizeof(struct list_chunk))
#define LIST_MINCAP	16
#define LIST_DESC_MAX	1024
#define LIST_NOMEM	-2
#define LIST_HUGE	(2 * 1024 * 1024)
#define LIST_BIG	(2 * LIST_HUGE)
#define LIST_MAXLABELS	128		/* in a name of 253 characters */
#define LIST_BLOOM_MIN	65536		/* slots before a table gets one */
#define LIST_BLOOM_BIT(h, m)	(((h) >> 29) & (m))

struct list_chunk {
	struct list_chunk *next;
	size_t		 used;
	size_t		 size;
	char		 data[];
};

struct list_slot {
	uint64_t	 hash;
	uint32_t	 id1;		/* id + 1; 0 marks an empty slot */
	uint32_t	 len;
};

struct list_tab {
	struct list_slot *slots;
	size_t		 mask;
	size_t		 n;
	/*
	 * Big tables only: one bit per hash, 8 bits per slot, so that most
	 * lookups of values not in the list (nearly all of them: a log
	 * line rarely hits a feed) touch this small array, which stays in
	 * cache, and not the table, which does not.
	 */
	uint64_t	*bloom;
	size_t		 bmask;		/* bits - 1 */
};

struct list {
	char		*name;
	uint64_t	 memo_key;	/* list_memo_key's */
	enum list_type	 type;
	int		 icase;		/* values compare case-insensitively */
	struct list_chunk *arena;
	size_t		 arena_bytes;
	struct indicator *ents;
	size_t		 nents;
	size_t		 capents;
	struct list_tab	 vals;		/* ents by value; not for ip lists */
	/*
	 * URL lists: the hashes of the entries' keys (listnorm_url_key),
	 * open addressing, 0 empty.  Most URLs of a log have a host no
	 * entry has: the key says so before the URL is normalised.
	 */
	uint64_t	*heads;
	size_t		 hmask;
	size_t		 nheads;
	/*
	 * Bit n: some value in vals is n bytes long (the last bit: 255 or
	 * more).  A domain's parents and a log's strings mostly have a
	 * length no entry of a small list has: no hash to work out.
	 */
	uint64_t	 lens[4];
	struct ipset	*ips;		/* ents by prefix; ip lists only */
	const char	**strs;		/* interned descriptions and sources */
	size_t		 nstrs;
	size_t		 capstrs;
	struct list_tab	 strtab;	/* strs by value */
	const char	*defsource;
	size_t		 ndup;
	size_t		 nbad;		/* rows skipped as bad */
	const char	*why;		/* why the last list_add failed */
};

/* A load in progress: where its bad rows are reported. */
struct list_load {
	struct list	*l;
	const char	*label;
	int		 flags;		/* LIST_* */
	struct cerrors	*errs;
	struct cerrors	*rows;		/* bad rows: warns, or errs if strict */
	size_t		 nbad;
	int		 moreline;	/* first bad row not reported alone */
	int		 nomem;
};

static const char *const list_type_names[LT_MAX] = {
	"domain", "ip", "url", "hash", "user_agent", "user", "string"
};

static const char *const list_format_names[LF_MAX] = {
	"plain", "zeek-intel", "misp-csv", "urlhaus-csv", "feodo-csv",
	"rank-csv"
};

static const struct {
	const char	*name;
	int		 value;
} list_type_aliases[] = {
	{ "cidr", LT_IP }, { "ipv4", LT_IP }, { "ipv6", LT_IP },
	{ "user-agent", LT_USER_AGENT }
};

static int
list_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * A big feed is probed at random: on transparent huge pages a lookup's
 * memory access costs a cache miss, not a cache miss and a TLB miss (which
 * is dear under virtualisation).  Only big tables and chunks get them, so
 * that small lists stay small.
 */
static void *
list_big_alloc(size_t size)
{
	uintptr_t	 a;
	size_t		 head;
	char		*p;

	if (size < LIST_BIG)
		return calloc(1, size);
	p = mmap(NULL, size + LIST_HUGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	a = ((uintptr_t)p + LIST_HUGE - 1) & ~(uintptr_t)(LIST_HUGE - 1);
	head = a - (uintptr_t)p;
	if (head > 0)
		munmap(p, head);
	munmap(p + head + size, LIST_HUGE - head);
	(void)madvise(p + head, size, MADV_HUGEPAGE);
	return p + head;
}

static void
list_big_free(void *p, size_t size)
{
	if (size < LIST_BIG)
		free(p);
	else if (p != NULL)
		munmap(p, size);
}

/* Huge pages for the aligned part of a big heap block. */
static void
list_advise(void *p, size_t size)
{
	uintptr_t	 a, e;

	if (size < LIST_BIG)
		return;
	a = ((uintptr_t)p + LIST_HUGE - 1) & ~(uintptr_t)(LIST_HUGE - 1);
	e = ((uintptr_t)p + size) & ~(uintptr_t)(LIST_HUGE - 1);
	if (a < e)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
}

/* Chunks grow with the list, from LIST_CHUNK_MIN up to LIST_CHUNK_MAX. */
static char *
list_arena_dup(struct list *l, const char *s, size_t len)
{
	struct list_chunk	*c = l->arena;
	size_t			 need = len + 1, size;
	char			*p;

	if (c == NULL || c->size - c->used < need) {
		size = l->arena_bytes < LIST_CHUNK_MIN ? LIST_CHUNK_MIN :
		    l->arena_bytes > LIST_CHUNK_MAX ? LIST_CHUNK_MAX :
		    l->arena_bytes;
		if (need > size / 4)
			size = need;
		if ((c = list_big_alloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->size = size;
		l->arena_bytes += size;
		/* A big string gets a chunk of its own behind the current. */
		if (size == need && l->arena != NULL) {
			c->next = l->arena->next;
			l->arena->next = c;
		} else {
			c->next = l->arena;
			l->arena = c;
		}
	}
	p = c->data + c->used;
	memcpy(p, s, len);
	p[len] = '\0';
	c->used += need;
	return p;
}

static const char *
list_key(const struct list *l, const struct list_tab *t, uint32_t id)
{
	return t == &l->vals ? l->ents[id].value : l->strs[id];
}

static int
list_eq(const char *a, const char *b, size_t len, int icase)
{
	size_t	 i;

	if (!icase)
		return memcmp(a, b, len) == 0;
	for (i = 0; i < len; i++)
		if (list_lower((unsigned char)a[i]) !=
		    list_lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* The slot holding s, or the empty slot where it would go. */
static struct list_slot *
list_probe(const struct list *l, const struct list_tab *t, uint64_t h,
    const char *s, size_t len, int icase)
{
	struct list_slot	*sl;
	size_t			 i;

	for (i = h & t->mask;; i = (i + 1) & t->mask) {
		sl = &t->slots[i];
		if (sl->id1 == 0)
			return sl;
		if (sl->hash == h && sl->len == len &&
		    list_eq(list_key(l, t, sl->id1 - 1), s, len, icase))
			return sl;
	}
}

static void
list_slots_free(struct list_tab *t)
{
	if (t->slots != NULL)
		list_big_free(t->slots, (t->mask + 1) * sizeof(*t->slots));
	t->slots = NULL;
	free(t->bloom);
	t->bloom = NULL;
}

static void
list_bloom_set(struct list_tab *t, uint64_t h)
{
	uint64_t	 b;

	if (t->bloom != NULL) {
		b = LIST_BLOOM_BIT(h, t->bmask);
		t->bloom[b >> 6] |= (uint64_t)1 << (b & 63);
	}
}

static int
list_bloom_has(const struct list_tab *t, uint64_t h)
{
	uint64_t	 b;

	if (t->bloom == NULL)
		return 1;
	b = LIST_BLOOM_BIT(h, t->bmask);
	return (t->bloom[b >> 6] >> (b & 63)) & 1;
}

/* After a resize: a filter for a big table, from its slots. */
static void
list_bloom_build(struct list_tab *t)
{
	size_t	 i, cap = t->mask + 1;

	free(t->bloom);
	t->bloom = NULL;
	if (cap < LIST_BLOOM_MIN)
		return;
	/* Without memory the table works unfiltered. */
	if ((t->bloom = calloc(cap / 8, sizeof(uint64_t))) == NULL)
		return;
	t->bmask = cap * 8 - 1;
	for (i = 0; i < cap; i++)
		if (t->slots[i].id1 != 0)
			list_bloom_set(t, t->slots[i].hash);
}

/* Room for one more slot, keeping the load factor at most 0.7. */
static int
list_tab_reserve(struct list_tab *t)
{
	struct list_slot	*ns;
	size_t			 i, j, cap;

	if (t->slots != NULL && (t->n + 1) * 10 <= (t->mask + 1) * 7)
		return 0;
	cap = t->slots == NULL ? LIST_MINCAP : (t->mask + 1) * 2;
	if ((ns = list_big_alloc(cap * sizeof(*ns))) == NULL)
		return -1;
	for (i = 0; t->slots != NULL && i <= t->mask; i++) {
		if (t->slots[i].id1 == 0)
			continue;
		for (j = t->slots[i].hash & (cap - 1); ns[j].id1 != 0;
		    j = (j + 1) & (cap - 1))
			;
		ns[j] = t->slots[i];
	}
	list_slots_free(t);
	t->slots = ns;
	t->mask = cap - 1;
	list_bloom_build(t);
	return 0;
}

static int
list_grow(void *pp, size_t *cap, size_t n, size_t size)
{
	void	*np;
	size_t	 ncap;

	if (n < *cap)
		return 0;
	ncap = *cap == 0 ? LIST_MINCAP : *cap * 2;
	if (ncap > UINT32_MAX - 1)
		return -1;
	if ((np = reallocarray(*(void **)pp, ncap, size)) == NULL)
		return -1;
	*(void **)pp = np;
	*cap = ncap;
	return 0;
}

/* The stored copy of s (NULL for empty), -1 when out of memory. */
static int
list_intern(struct list *l, struct slice s, const char **out)
{
	struct list_slot	*sl;
	uint64_t		 h;

	*out = NULL;
	if ((s = listnorm_trim(s)).len == 0)
		return 0;
	if (s.len > LIST_DESC_MAX) {
		/* Cut long comments, not in the middle of a UTF-8 sequence. */
		s.len = LIST_DESC_MAX;
		while (s.len > 0 && (s.p[s.len] & 0xc0) == 0x80)
			s.len--;
	}
	h = hash64(s.p, s.len, LIST_SEED);
	if (list_tab_reserve(&l->strtab) == -1 ||
	    list_grow(&l->strs, &l->capstrs, l->nstrs, sizeof(*l->strs)) == -1)
		return -1;
	sl = list_probe(l, &l->strtab, h, s.p, s.len, 0);
	if (sl->id1 == 0) {
		if ((l->strs[l->nstrs] = list_arena_dup(l, s.p, s.len)) == NULL)
			return -1;
		sl->hash = h;
		sl->len = s.len;
		sl->id1 = ++l->nstrs;
		l->strtab.n++;
	}
	*out = l->strs[sl->id1 - 1];
	return 0;
}

struct list *
list_new(const char *name, enum list_type type)
{
	struct list	*l;

	if ((unsigned)type >= LT_MAX || (l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	l->type = type;
	l->icase = type != LT_URL;
	if ((l->name = strdup(name != NULL ? name : "")) != NULL)
		l->memo_key = hash64(l->name, strlen(l->name), 0) | 1;
	if (l->name == NULL ||
	    (type == LT_IP && (l->ips = ipset_new()) == NULL)) {
		list_free(l);
		return NULL;
	}
	l->defsource = l->name;
	return l;
}

void
list_free(struct list *l)
{
	struct list_chunk	*c, *next;

	if (l == NULL)
		return;
	for (c = l->arena; c != NULL; c = next) {
		next = c->next;
		list_big_free(c, sizeof(*c) + c->size);
	}
	free(l->ents);
	free(l->heads);
	list_slots_free(&l->vals);
	ipset_free(l->ips);
	free(l->strs);
	list_slots_free(&l->strtab);
	free(l->name);
	free(l);
}

/* Free text (users, user agents, strings) is one printable line. */
static int
list_check_text(struct list *l, struct slice v)
{
	size_t	 i;

	if (v.len == 0)
		return (l->why = "empty value", -1);
	if (v.len > LISTNORM_URL_MAX)
		return (l->why = "value longer than 8192 bytes", -1);
	for (i = 0; i < v.len; i++)
		if ((unsigned char)v.p[i] < ' ' || v.p[i] == 0x7f)
			return (l->why = "control character in value", -1);
	return 0;
}

/*
 * The value as stored.  out holds LISTNORM_URL_BUF bytes; for user agents
 * and strings *v is only trimmed (they keep their case for the alert).
 */
static int
list_normalize(struct list *l, struct slice *v, char *out,
    struct listnorm_ip *ip)
{
	size_t	 n;

	switch (l->type) {
	case LT_DOMAIN:
		if (listnorm_domain(*v, out, &n, &l->why) == -1)
			return -1;
		break;
	case LT_IP:
		if (listnorm_ip(*v, 1, ip, &l->why) == -1)
			return -1;
		listnorm_ip_str(ip, out, LISTNORM_URL_BUF);
		n = strlen(out);
		break;
	case LT_URL:
		if (listnorm_url(*v, out, &n, &l->why) == -1)
			return -1;
		break;
	case LT_HASH:
		if (listnorm_hash(*v, out, &n, &l->why) == -1)
			return -1;
		break;
	case LT_USER:
		*v = listnorm_user(*v);
		if (list_check_text(l, *v) == -1)
			return -1;
		for (n = 0; n < v->len; n++)
			out[n] = list_lower((unsigned char)v->p[n]);
		break;
	default:
		*v = listnorm_trim(*v);
		return list_check_text(l, *v);
	}
	*v = (struct slice){ out, n };
	if (n == 0)
		return (l->why = "empty value", -1);
	return 0;
}

/* Append the entry for a new value; its id is the old nents. */
static int
list_append(struct list *l, struct slice v, struct slice desc,
    struct slice src)
{
	struct indicator	*e;

	if (l->nents == l->capents) {
		if (list_grow(&l->ents, &l->capents, l->nents,
		    sizeof(*l->ents)) == -1)
			return -1;
		list_advise(l->ents, l->capents * sizeof(*l->ents));
	}
	e = &l->ents[l->nents];
	if ((e->value = list_arena_dup(l, v.p, v.len)) == NULL ||
	    list_intern(l, desc, &e->description) == -1 ||
	    list_intern(l, src, &e->source) == -1)
		return -1;
	if (e->source == NULL)
		e->source = l->defsource;
	return 0;
}

static size_t
list_len_bit(size_t len)
{
	return len < 255 ? len : 255;
}

static void
list_len_set(struct list *l, size_t len)
{
	size_t	 b = list_len_bit(len);

	l->lens[b >> 6] |= (uint64_t)1 << (b & 63);
}

static int
list_len_may(const struct list *l, size_t len)
{
	size_t	 b = list_len_bit(len);

	return (l->lens[b >> 6] >> (b & 63)) & 1;
}

static uint64_t
list_hash(const struct list *l, const char *s, size_t len)
{
	return l->icase ? hash64_lower(s, len, LIST_SEED) :
	    hash64(s, len, LIST_SEED);
}

/*
 * The hash of a URL's key (listnorm_url_key) as the set keeps it:
 * never 0, which marks a free slot; 0 itself when the URL has none.
 */
static uint64_t
list_key_hash(struct slice url)
{
	struct slice	 k;

	if (listnorm_url_key(url, &k) == -1)
		return 0;
	return hash64_lower(k.p, k.len, LIST_SEED) | 1;
}

static int
list_heads_has(const struct list *l, uint64_t h)
{
	size_t	 i;

	for (i = h & l->hmask; l->heads[i] != 0; i = (i + 1) & l->hmask)
		if (l->heads[i] == h)
			return 1;
	return 0;
}

/* Put h in t (mask + 1 slots); whether it is new. */
static int
list_heads_put(uint64_t *t, size_t mask, uint64_t h)
{
	size_t	 i;

	for (i = h & mask; t[i] != 0; i = (i + 1) & mask)
		if (t[i] == h)
			return 0;
	t[i] = h;
	return 1;
}

/* Keep key hash h of an entry; the set at most half full.  0 or -1. */
static int
list_heads_add(struct list *l, uint64_t h)
{
	uint64_t	*t;
	size_t		 i, cap;

	if (l->heads == NULL || (l->nheads + 1) * 2 > l->hmask + 1) {
		cap = l->heads == NULL ? LIST_MINCAP : (l->hmask + 1) * 2;
		if ((t = calloc(cap, sizeof(*t))) == NULL)
			return -1;
		for (i = 0; l->heads != NULL && i <= l->hmask; i++)
			if (l->heads[i] != 0)
				list_heads_put(t, cap - 1, l->heads[i]);
		free(l->heads);
		l->heads = t;
		l->hmask = cap - 1;
	}
	l->nheads += list_heads_put(l->heads, l->hmask, h);
	return 0;
}

/* 0 added or duplicate, -1 bad value (l->why), LIST_NOMEM. */
static int
list_insert(struct list *l, struct slice v, struct slice desc,
    struct slice src)
{
	char			 buf[LISTNORM_URL_BUF];
	struct listnorm_ip	 ip;
	struct list_slot	*sl = NULL;
	uint64_t		 h = 0, kh = 0;

	if (v.p != NULL && l->type == LT_URL)
		kh = list_key_hash(v);
	if (v.p == NULL || list_normalize(l, &v, buf, &ip) == -1)
		return -1;
	if (l->type == LT_IP) {
		if (ipset_get(l->ips, ip.family, ip.addr, ip.plen) !=
		    IPSET_NONE)
			return (l->ndup++, 0);
	} else {
		if (list_tab_reserve(&l->vals) == -1)
			return LIST_NOMEM;
		h = list_hash(l, v.p, v.len);
		sl = list_probe(l, &l->vals, h, v.p, v.len, l->icase);
		if (sl->id1 != 0)
			return (l->ndup++, 0);
	}
	if (list_append(l, v, desc, src) == -1 ||
	    (l->type == LT_URL && list_heads_add(l, kh) == -1))
		return LIST_NOMEM;
	if (l->type == LT_IP) {
		if (ipset_add(l->ips, ip.family, ip.addr, ip.plen,
		    l->nents) == IPSET_NONE)
			return LIST_NOMEM;
	} else {
		sl->hash = h;
		sl->len = v.len;
		sl->id1 = l->nents + 1;
		l->vals.n++;
		list_len_set(l, v.len);
		list_bloom_set(&l->vals, h);
	}
	l->nents++;
	return 0;
}

int
list_add(struct list *l, const char *value, size_t len,
    const char *description, const char *source)
{
	struct slice	 d = { "", 0 }, s = { "", 0 };
	int		 rc;

	if (description != NULL)
		d = (struct slice){ description, strlen(description) };
	if (source != NULL)
		s = (struct slice){ source, strlen(source) };
	if ((rc = list_insert(l, (struct slice){ value, len }, d, s)) ==
	    LIST_NOMEM)
		l->why = "out of memory";
	return rc == 0 ? 0 : -1;
}

const char *
list_error(const struct list *l)
{
	return l->why != NULL ? l->why : "no error";
}

const char *
list_name(const struct list *l)
{
	return l->name;
}

const void *
list_memo_key(const struct list *l)
{
	return (const void *)(uintptr_t)l->memo_key;
}

enum list_type
list_type(const struct list *l)
{
	return l->type;
}

size_t
list_size(const struct list *l)
{
	return l->nents;
}

const struct indicator *
list_entry(const struct list *l, size_t i)
{
	return i < l->nents ? &l->ents[i] : NULL;
}

size_t
list_duplicates(const struct list *l)
{
	return l->ndup;
}

size_t
list_bad(const struct list *l)
{
	return l->nbad;
}

static const struct indicator *
list_find_hash(const struct list *l, const char *s, size_t len, uint64_t h)
{
	const struct list_slot	*sl;

	if (l->vals.slots == NULL || len == 0 || !list_bloom_has(&l->vals, h))
		return NULL;
	sl = list_probe(l, &l->vals, h, s, len, l->icase);
	return sl->id1 != 0 ? &l->ents[sl->id1 - 1] : NULL;
}

static const struct indicator *
list_find(const struct list *l, const char *s, size_t len)
{
	if (!list_len_may(l, len))
		return NULL;
	return list_find_hash(l, s, len, list_hash(l, s, len));
}

/*
 * The name, then each parent: a.b.evil.com, b.evil.com, evil.com, com.
 * All the slots are fetched first so that their cache misses overlap.
 */
static const struct indicator *
list_match_domain(const struct list *l, struct slice s)
{
	const struct indicator	*ind;
	const char		*dot, *end;
	uint64_t		 h[LIST_MAXLABELS];
	const char		*p[LIST_MAXLABELS];
	int			 i, k, n;

	s = listnorm_trim(s);
	if (s.len > 0 && s.p[s.len - 1] == '.')
		s.len--;
	if (s.len == 0 || s.len > LISTNORM_DOMAIN_MAX || l->vals.slots == NULL)
		return NULL;
	end = s.p + s.len;
	for (n = 0, k = 0; k < LIST_MAXLABELS; k++) {
		if (list_len_may(l, s.len)) {
			p[n] = s.p;
			h[n] = list_hash(l, s.p, s.len);
			__builtin_prefetch(&l->vals.slots[h[n] & l->vals.mask]);
			n++;
		}
		if ((dot = memchr(s.p, '.', s.len)) == NULL)
			break;
		s.p = dot + 1;
		s.len = end - s.p;
	}
	for (i = 0; i < n; i++)
		if ((ind = list_find_hash(l, p[i], end - p[i], h[i])) != NULL)
			return ind;
	return NULL;
}

static const struct indicator *
list_match_ip(const struct list *l, struct slice s)
{
	struct listnorm_ip	 ip;
	const char		*why;
	uint32_t		 id;

	if (listnorm_ip(s, 0, &ip, &why) == -1 ||
	    (id = ipset_find(l->ips, ip.family, ip.addr)) == IPSET_NONE)
		return NULL;
	return &l->ents[id];
}

static int
list_ishex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/*
 * Any hex run of a digest's length, so that Sysmon's whole
 * "SHA1=...,MD5=...,SHA256=...,IMPHASH=..." can be passed.
 */
static const struct indicator *
list_match_hash(const struct list *l, struct slice s)
{
	const struct indicator	*ind;
	size_t			 i = 0, start;

	while (i < s.len) {
		if (!list_ishex((unsigned char)s.p[i])) {
			i++;
			continue;
		}
		for (start = i; i < s.len && list_ishex((unsigned char)s.p[i]);
		    i++)
			;
		if (listnorm_hash_len(i - start) &&
		    (ind = list_find(l, s.p + start, i - start)) != NULL)
			return ind;
	}
	return NULL;
}

/* The key first: a URL whose key no entry has is in no entry. */
static const struct indicator *
list_match_url(const struct list *l, struct slice s, char *buf)
{
	const char	*why;
	uint64_t	 kh;
	size_t		 n;

	if (l->heads != NULL && ((kh = list_key_hash(s)) == 0 ||
	    !list_heads_has(l, kh)))
		return NULL;
	if (listnorm_url(s, buf, &n, &why) == -1)
		return NULL;
	return list_find(l, buf, n);
}

const struct indicator *
list_match(const struct list *l, struct slice s)
{
	char		 buf[LISTNORM_URL_BUF];

	if (l == NULL || s.p == NULL || s.len == 0 || l->nents == 0)
		return NULL;
	switch (l->type) {
	case LT_DOMAIN:
		return list_match_domain(l, s);
	case LT_IP:
		return list_match_ip(l, s);
	case LT_URL:
		return list_match_url(l, s, buf);
	case LT_HASH:
		return list_match_hash(l, s);
	case LT_USER:
		s = listnorm_user(s);
		return list_find(l, s.p, s.len);
	default:
		s = listnorm_trim(s);
		return list_find(l, s.p, s.len);
	}
}

static void
list_load_bad(void *arg, int line, int col, const char *msg)
{
	struct list_load	*ld = arg;

	if (++ld->nbad > LIST_MAXBAD) {
		if (ld->nbad == LIST_MAXBAD + 1)
			ld->moreline = line;
		return;
	}
	cerrors_add(ld->rows, ld->label, line, col, "%s", msg);
}

static void
list_load_fail(void *arg, int line, int col, const char *msg)
{
	struct list_load	*ld = arg;

	cerrors_add(ld->errs, ld->label, line, col, "list %s: %s",
	    ld->l->name, msg);
}

static void
list_load_add(void *arg, const struct listfeed_row *r)
{
	struct list_load	*ld = arg;
	char			 q[96], msg[256];
	int			 rc;

	rc = list_insert(ld->l, r->value, r->desc, r->source);
	if (rc == LIST_NOMEM)
		ld->nomem = 1;
	else if (rc == -1) {
		listnorm_quote(r->value, q, sizeof(q));
		snprintf(msg, sizeof(msg), "bad %s indicator \"%s\": %s",
		    list_type_name(ld->l->type), q, ld->l->why);
		list_load_bad(ld, r->line, r->col, msg);
	}
}

static const char *
list_basename(const char *path)
{
	const char	*p = strrchr(path, '/');

	return p != NULL && p[1] != '\0' ? p + 1 : path;
}

/* What the bad rows came to, after the first LIST_MAXBAD told alone. */
static void
list_load_bad_summary(struct list_load *ld)
{
	struct list	*l = ld->l;

	if (ld->nbad > LIST_MAXBAD)
		cerrors_add(ld->rows, ld->label, ld->moreline, 1,
		    "%zu more bad rows", ld->nbad - LIST_MAXBAD);
	if (ld->nbad > 0 && !(ld->flags & LIST_STRICT))
		cerrors_add(ld->rows, ld->label, 0, 0, "list %s: %zu bad rows "
		    "skipped, %zu indicators loaded", l->name, ld->nbad,
		    l->nents);
}

/* The summary after a load; NULL when the list is not to be used. */
static struct list *
list_load_done(struct list_load *ld, const struct listfeed *f, int rc)
{
	struct list	*l = ld->l;

	l->nbad = ld->nbad;
	list_load_bad_summary(ld);
	if (ld->nomem)
		cerrors_add(ld->errs, ld->label, 0, 0, "list %s: out of "
		    "memory", l->name);
	else if (rc == 0 && l->nents == 0 && f->nother == 0 &&
	    !(ld->flags & LIST_EMPTY_OK))
		cerrors_add(ld->errs, ld->label, 0, 0, "list %s: no "
		    "indicators in %s%s", l->name, ld->label, ld->nbad > 0 ?
		    ": every row is bad" : "");
	else if (rc == 0 && (ld->nbad == 0 || !(ld->flags & LIST_STRICT))) {
		log_debug("list %s: %zu indicators from %s (%zu duplicates, "
		    "%zu rows of other types, %zu bad rows)", l->name,
		    l->nents, ld->label, l->ndup, f->nother, ld->nbad);
		return l;
	}
	list_free(l);
	return NULL;
}

struct list *
list_load_mem(const char *name, const char *label, const char *buf,
    size_t len, enum list_format fmt, enum list_type type, int flags,
    struct cerrors *errs, struct cerrors *warns)
{
	struct list_load	 ld;
	struct listfeed		 f;
	const char		*src;
	int			 rc;

	if (label == NULL)
		label = "(memory)";
	memset(&ld, 0, sizeof(ld));
	ld.label = label;
	ld.flags = flags;
	ld.errs = errs;
	ld.rows = (flags & LIST_STRICT) ? errs : warns;
	if ((ld.l = list_new(name, type)) == NULL) {
		cerrors_add(errs, label, 0, 0, "list %s: cannot create a "
		    "list of type %d", name, (int)type);
		return NULL;
	}
	if (list_intern(ld.l, (struct slice){ list_basename(label),
	    strlen(list_basename(label)) }, &src) == -1 || src == NULL) {
		list_free(ld.l);
		cerrors_add(errs, label, 0, 0, "list %s: out of memory", name);
		return NULL;
	}
	ld.l->defsource = src;
	memset(&f, 0, sizeof(f));
	f.type = type;
	f.arg = &ld;
	f.add = list_load_add;
	f.bad = list_load_bad;
	f.fail = list_load_fail;
	rc = listfeed_parse(&f, buf != NULL ? buf : "", len, fmt);
	return list_load_done(&ld, &f, rc);
}

static char *
list_readfile(const char *path, size_t *lenp)
{
	struct stat	 st;
	char		*buf = NULL, *nb;
	size_t		 len = 0, cap;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1)
		goto fail;
	cap = S_ISREG(st.st_mode) && st.st_size > 0 ?
	    (size_t)st.st_size + 1 : 65536;
	for (;;) {
		if (len == cap || buf == NULL) {
			cap = buf == NULL ? cap : cap * 2;
			if ((nb = realloc(buf, cap)) == NULL)
				goto fail;
			buf = nb;
		}
		if ((n = read(fd, buf + len, cap - len)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	*lenp = len;
	return buf;
fail:
	n = errno;
	free(buf);
	close(fd);
	errno = n;
	return NULL;
}

struct list *
list_load(const char *name, const char *path, enum list_format fmt,
    enum list_type type, int flags, struct cerrors *errs,
    struct cerrors *warns)
{
	struct list	*l;
	char		*buf;
	size_t		 len;

	if ((buf = list_readfile(path, &len)) == NULL) {
		cerrors_add(errs, path, 0, 0, "list %s: %s", name,
		    strerror(errno));
		return NULL;
	}
	l = list_load_mem(name, path, buf, len, fmt, type, flags, errs,
	    warns);
	free(buf);
	return l;
}

const char *
list_type_name(enum list_type t)
{
	return (unsigned)t < LT_MAX ? list_type_names[t] : "unknown";
}

int
list_type_from_name(const char *s)
{
	size_t	 i;

	for (i = 0; i < LT_MAX; i++)
		if (strcmp(s, list_type_names[i]) == 0)
			return i;
	for (i = 0; i < sizeof(list_type_aliases) /
	    sizeof(list_type_aliases[0]); i++)
		if (strcmp(s, list_type_aliases[i].name) == 0)
			return list_type_aliases[i].value;
	return -1;
}

const char *
list_format_name(enum list_format f)
{
	return (unsigned)f < LF_MAX ? list_format_names[f] : "unknown";
}

int
list_format_from_name(const char *s)
{
	size_t	 i;

	for (i = 0; i < LF_MAX; i++)
		if (strcmp(s, list_format_names[i]) == 0)
			return i;
	return -1;
}
