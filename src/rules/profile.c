/*
 * Normal-business profiles.  See profile.h.
 *
 * Profiles are small (tens of values per key) and are checked only by
 * the rules that name them, so allowances are kept as plain arrays and
 * looked through in order; big sets of allowances belong in lists, which
 * a key can name ("list NAME") and which are hash tables.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH	8
#include <pcre2.h>

#include "util/log.h"
#include "conf/conf.h"
#include "rules/ipset.h"
#include "rules/list.h"
#include "rules/listnorm.h"
#include "rules/profile.h"

#define PROFILE_MATCH_LIMIT	100000
#define PROFILE_DEPTH_LIMIT	10000

enum pkind {
	PV_TEXT,	/* case-insensitive glob: * and ? */
	PV_NUMBER,	/* number or range lo-hi */
	PV_ADDR,	/* address or prefix */
	PV_SERVICE,	/* address or prefix, and a port */
	PV_DOMAIN,	/* domain and its subdomains */
	PV_QUERY	/* URL and a regular expression for its query */
};

static const struct {
	const char	*name;
	enum pkind	 kind;
} profile_keys[PK_MAX] = {
	[PK_COUNTRIES] = { "countries", PV_TEXT },
	[PK_PORTS] = { "ports", PV_NUMBER },
	[PK_CONNECT_PORTS] = { "connect-ports", PV_NUMBER },
	[PK_SERVERS] = { "servers", PV_ADDR },
	[PK_SERVICES] = { "services", PV_SERVICE },
	[PK_APPLICATIONS] = { "applications", PV_TEXT },
	[PK_CATEGORIES] = { "categories", PV_TEXT },
	[PK_EXE_SOURCES] = { "executable-sources", PV_DOMAIN },
	[PK_UPLOAD_TYPES] = { "upload-types", PV_TEXT },
	[PK_QUERIES] = { "queries", PV_QUERY },
};

struct pnet {
	struct listnorm_ip	 ip;
	int			 port;		/* -1: any */
};

struct pquery {
	char		*url;		/* normalised, without its query */
	pcre2_code	*re;
	pcre2_match_data *md;		/* reused: not reentrant */
	pcre2_match_context *mctx;	/* with the match limits */
};

struct pvals {
	int		 declared;
	char		**strs;		/* text globs and domains, lowercased */
	size_t		 nstrs;
	int64_t		(*nums)[2];	/* ranges */
	size_t		 nnums;
	struct pnet	*nets;
	size_t		 nnets;
	const struct list **lists;
	size_t		 nlists;
	struct pquery	*qs;
	size_t		 nqs;
};

struct profile {
	char		*name;
	struct pvals	 keys[PK_MAX];
	const struct list *catlist;	/* domain -> category */
	const struct profile *dflt;	/* undeclared keys come from it */
	int		 hasnets;
};

struct profiles {
	struct profile	**v;
	size_t		 n;
	struct ipset	*nets;
	const struct profile *dflt;
};

/* Parsing one profile block. */
struct pparse {
	struct profiles		*ps;
	struct profile		*p;
	profile_list_lookup	 lookup;
	void			*arg;
	struct cerrors		*errs;
};

static void
pquery_clear(struct pquery *q)
{
	free(q->url);
	pcre2_code_free(q->re);
	pcre2_match_data_free(q->md);
	pcre2_match_context_free(q->mctx);
}

static void
pvals_clear(struct pvals *v)
{
	size_t	 i;

	for (i = 0; i < v->nstrs; i++)
		free(v->strs[i]);
	for (i = 0; i < v->nqs; i++)
		pquery_clear(&v->qs[i]);
	free(v->strs);
	free(v->nums);
	free(v->nets);
	free(v->lists);
	free(v->qs);
}

static void
profile_free(struct profile *p)
{
	int	 k;

	if (p == NULL)
		return;
	for (k = 0; k < PK_MAX; k++)
		pvals_clear(&p->keys[k]);
	free(p->name);
	free(p);
}

struct profiles *
profiles_new(void)
{
	struct profiles	*ps;

	if ((ps = calloc(1, sizeof(*ps))) == NULL ||
	    (ps->nets = ipset_new()) == NULL) {
		log_warn("%s", __func__);
		profiles_free(ps);
		return NULL;
	}
	return ps;
}

void
profiles_free(struct profiles *ps)
{
	size_t	 i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->n; i++)
		profile_free(ps->v[i]);
	free(ps->v);
	ipset_free(ps->nets);
	free(ps);
}

size_t
profiles_count(const struct profiles *ps)
{
	return ps != NULL ? ps->n : 0;
}

const char *
profile_name(const struct profile *p)
{
	return p->name;
}

int
profile_key_from_name(const char *s)
{
	int	 k;

	for (k = 0; k < PK_MAX; k++)
		if (strcmp(profile_keys[k].name, s) == 0)
			return k;
	return -1;
}

const char *
profile_key_name(enum profile_key k)
{
	return (unsigned)k < PK_MAX ? profile_keys[k].name : "unknown";
}

int
profile_key_numeric(enum profile_key k)
{
	return (unsigned)k < PK_MAX && profile_keys[k].kind == PV_NUMBER;
}

/* Growing arrays by one. */
static void *
profile_grow(void *v, size_t n, size_t size)
{
	void	*nv;

	if ((nv = reallocarray(v, n + 1, size)) == NULL)
		log_warn("%s", __func__);
	return nv;
}

static int
pp_text(struct pparse *pp, struct pvals *v, const struct ctok *t, int kind)
{
	char		**ns, *s, buf[LISTNORM_DOMAIN_MAX + 1];
	const char	*why;
	size_t		 i, n;

	if (kind == PV_DOMAIN) {
		if (listnorm_domain(slice_cstr(t->text), buf, &n, &why) ==
		    -1) {
			cerrors_addtok(pp->errs, t, "'%s': %s", t->text, why);
			return -1;
		}
		s = strdup(buf);
	} else
		s = strdup(t->text);
	if (s == NULL || (ns = profile_grow(v->strs, v->nstrs,
	    sizeof(*ns))) == NULL) {
		free(s);
		return -1;
	}
	for (i = 0; s[i] != '\0'; i++)
		s[i] = tolower((unsigned char)s[i]);
	v->strs = ns;
	v->strs[v->nstrs++] = s;
	return 0;
}

/* 443, 8000-8100 */
static int
pp_number(struct pparse *pp, struct pvals *v, const struct ctok *t)
{
	int64_t		(*nn)[2];
	long long	 lo, hi;
	char		*end;

	lo = strtoll(t->text, &end, 10);
	hi = lo;
	if (*end == '-')
		hi = strtoll(end + 1, &end, 10);
	if (end == t->text || *end != '\0' || lo < 0 || hi < lo ||
	    hi > 65535) {
		cerrors_addtok(pp->errs, t, "'%s' is not a port or a range "
		    "of ports (8000-8100)", t->text);
		return -1;
	}
	if ((nn = profile_grow(v->nums, v->nnums, sizeof(*nn))) == NULL)
		return -1;
	v->nums = nn;
	nn[v->nnums][0] = lo;
	nn[v->nnums][1] = hi;
	v->nnums++;
	return 0;
}

/* 10.1.0.0/24, 10.1.0.20:445, [2001:db8::1]:443, 10.1.0.0/24:80 */
static int
pp_net(struct pparse *pp, struct pvals *v, const struct ctok *t, int kind)
{
	struct slice	 s = slice_cstr(t->text);
	struct pnet	*nn, net;
	const char	*why = "no port", *c = NULL;
	char		*end;
	long		 port = -1;

	if (kind == PV_SERVICE && (c = memrchr(s.p, ':', s.len)) != NULL &&
	    (memchr(s.p, ':', c - s.p) == NULL || c[-1] == ']')) {
		port = strtol(c + 1, &end, 10);
		if (end == c + 1 || *end != '\0' || port < 0 || port > 65535) {
			cerrors_addtok(pp->errs, t, "'%s': bad port", t->text);
			return -1;
		}
		s.len = c - s.p;
	}
	if (listnorm_ip(s, 1, &net.ip, &why) == -1) {
		cerrors_addtok(pp->errs, t, "'%s': %s", t->text, why);
		return -1;
	}
	net.port = (int)port;
	if ((nn = profile_grow(v->nets, v->nnets, sizeof(*nn))) == NULL)
		return -1;
	v->nets = nn;
	nn[v->nnets++] = net;
	return 0;
}

static int
pp_list(struct pparse *pp, struct pvals *v, const struct ctok *t)
{
	const struct list	**nl;
	struct list		 *l;

	if ((l = pp->lookup(pp->arg, t->text)) == NULL) {
		cerrors_addtok(pp->errs, t, "unknown list '%s'", t->text);
		return -1;
	}
	if ((nl = profile_grow(v->lists, v->nlists, sizeof(*nl))) == NULL)
		return -1;
	v->lists = nl;
	nl[v->nlists++] = l;
	return 0;
}

/* The URL without its query and fragment, normalised; NULL if bad. */
static char *
profile_url_base(struct slice s, char *buf)
{
	const char	*why;
	size_t		 n;
	char		*q;

	if (listnorm_url(s, buf, &n, &why) == -1)
		return NULL;
	if ((q = strpbrk(buf, "?#")) != NULL)
		*q = '\0';
	return buf;
}

/* queries "http://intranet/search" "^q=[^&]*$" */
static int
pp_query(struct pparse *pp, struct pvals *v, const struct cnode *n)
{
	char		 buf[LISTNORM_URL_BUF];
	PCRE2_UCHAR	 msg[128];
	PCRE2_SIZE	 off;
	struct pquery	*nq, q;
	int		 err;

	if (n->nargs != 2) {
		cerrors_addtok(pp->errs, &n->key, "queries takes a URL and a "
		    "regular expression for its query string");
		return -1;
	}
	if (profile_url_base(slice_cstr(n->args[0].text), buf) == NULL) {
		cerrors_addtok(pp->errs, &n->args[0], "'%s' is not a URL",
		    n->args[0].text);
		return -1;
	}
	q.re = pcre2_compile((PCRE2_SPTR)n->args[1].text, PCRE2_ZERO_TERMINATED,
	    PCRE2_NEVER_UTF, &err, &off, NULL);
	if (q.re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		cerrors_addtok(pp->errs, &n->args[1], "bad regular "
		    "expression: %s at offset %zu", (const char *)msg,
		    (size_t)off);
		return -1;
	}
	q.url = NULL;
	q.mctx = NULL;
	if ((q.md = pcre2_match_data_create(1, NULL)) == NULL ||
	    (q.mctx = pcre2_match_context_create(NULL)) == NULL ||
	    (q.url = strdup(buf)) == NULL ||
	    (nq = profile_grow(v->qs, v->nqs, sizeof(*nq))) == NULL) {
		pquery_clear(&q);
		return -1;
	}
	pcre2_set_match_limit(q.mctx, PROFILE_MATCH_LIMIT);
	pcre2_set_depth_limit(q.mctx, PROFILE_DEPTH_LIMIT);
	v->qs = nq;
	nq[v->nqs++] = q;
	return 0;
}

/* One key statement: values, and "list NAME" references. */
static int
pp_key(struct pparse *pp, const struct cnode *n, int k)
{
	struct pvals	*v = &pp->p->keys[k];
	int		 kind = profile_keys[k].kind, rc = 0;
	size_t		 i;

	v->declared = 1;
	if (kind == PV_QUERY)
		return pp_query(pp, v, n);
	for (i = 0; i < n->nargs; i++) {
		const struct ctok *t = &n->args[i];

		if (t->type == CT_WORD && strcmp(t->text, "list") == 0) {
			if (++i == n->nargs) {
				cerrors_addtok(pp->errs, t, "expected a list "
				    "name after 'list'");
				return -1;
			}
			rc |= pp_list(pp, v, &n->args[i]);
		} else if (kind == PV_NUMBER)
			rc |= pp_number(pp, v, t);
		else if (kind == PV_ADDR || kind == PV_SERVICE)
			rc |= pp_net(pp, v, t, kind);
		else
			rc |= pp_text(pp, v, t, kind);
	}
	return rc == 0 ? 0 : -1;
}

static int
pp_networks(struct pparse *pp, const struct cnode *n)
{
	struct listnorm_ip	 ip;
	const char		*why;
	uint32_t		 id;
	size_t			 i;
	int			 rc = 0;

	pp->p->hasnets = 1;
	for (i = 0; i < n->nargs; i++) {
		if (listnorm_ip(slice_cstr(n->args[i].text), 1, &ip, &why) ==
		    -1) {
			cerrors_addtok(pp->errs, &n->args[i], "'%s': %s",
			    n->args[i].text, why);
			rc = -1;
			continue;
		}
		id = ipset_add(pp->ps->nets, ip.family, ip.addr, ip.plen,
		    pp->ps->n);
		if (id == IPSET_NONE)
			return -1;
		if (id != pp->ps->n) {
			cerrors_addtok(pp->errs, &n->args[i], "network %s is "
			    "already in profile %s", n->args[i].text,
			    pp->ps->v[id]->name);
			rc = -1;
		}
	}
	return rc;
}

static int
pp_statement(struct pparse *pp, const struct cnode *c)
{
	struct list	*l;
	int		 k;

	if (c->nargs == 0 || c->has_block) {
		cerrors_addtok(pp->errs, &c->key, "'%s' takes values and no "
		    "block", c->key.text);
		return -1;
	}
	if (strcmp(c->key.text, "networks") == 0)
		return pp_networks(pp, c);
	if (strcmp(c->key.text, "category-list") == 0) {
		if (conf_want_args(c, 1, 1, pp->errs) == -1)
			return -1;
		if ((l = pp->lookup(pp->arg, c->args[0].text)) == NULL) {
			cerrors_addtok(pp->errs, &c->args[0], "unknown list "
			    "'%s'", c->args[0].text);
			return -1;
		}
		pp->p->catlist = l;
		return 0;
	}
	if ((k = profile_key_from_name(c->key.text)) == -1) {
		cerrors_addtok(pp->errs, &c->key, "unknown profile option "
		    "'%s'", c->key.text);
		return -1;
	}
	return pp_key(pp, c, k);
}

int
profiles_statement(struct profiles *ps, const struct cnode *n,
    profile_list_lookup lookup, void *arg, struct cerrors *errs)
{
	struct pparse		 pp;
	struct profile		**nv;
	const struct cnode	*c;
	size_t			 i;
	int			 rc = 0;

	if (conf_want_args(n, 1, 1, errs) == -1)
		return -1;
	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i]->name, n->args[0].text) == 0) {
			cerrors_addtok(errs, &n->args[0], "profile %s is "
			    "defined twice", n->args[0].text);
			return -1;
		}
	memset(&pp, 0, sizeof(pp));
	pp.ps = ps;
	pp.lookup = lookup;
	pp.arg = arg;
	pp.errs = errs;
	if ((pp.p = calloc(1, sizeof(*pp.p))) == NULL ||
	    (pp.p->name = strdup(n->args[0].text)) == NULL ||
	    (nv = profile_grow(ps->v, ps->n, sizeof(*nv))) == NULL) {
		log_warn("%s", __func__);
		profile_free(pp.p);
		return -1;
	}
	ps->v = nv;
	/* Added first: the network index refers to it by position. */
	ps->v[ps->n] = pp.p;
	for (c = n->children; c != NULL; c = c->next)
		if (pp_statement(&pp, c) == -1)
			rc = -1;
	ps->n++;
	return rc;
}

int
profiles_finish(struct profiles *ps, struct cerrors *errs)
{
	size_t	 i;
	int	 rc = 0;

	ps->dflt = NULL;
	for (i = 0; i < ps->n; i++) {
		if (ps->v[i]->hasnets)
			continue;
		if (ps->dflt != NULL) {
			cerrors_add(errs, "-", 0, 0, "profiles %s and %s both "
			    "lack networks: only one profile can be the "
			    "default", ps->dflt->name, ps->v[i]->name);
			rc = -1;
		} else
			ps->dflt = ps->v[i];
	}
	for (i = 0; i < ps->n; i++)
		ps->v[i]->dflt = ps->v[i] == ps->dflt ? NULL : ps->dflt;
	return rc;
}

int
profiles_by_address(const struct profiles *ps)
{
	return ps != NULL && ps->n > 0 && !ipset_empty(ps->nets);
}

const struct profile *
profiles_find(const struct profiles *ps, struct slice src_ip)
{
	struct listnorm_ip	 ip;
	const char		*why;
	uint32_t		 id;

	if (ps == NULL || ps->n == 0)
		return NULL;
	/* No profile names networks (the shipped rules): no address to read. */
	if (ipset_empty(ps->nets))
		return ps->dflt;
	if (src_ip.len > 0 && listnorm_ip(src_ip, 0, &ip, &why) == 0 &&
	    (id = ipset_find(ps->nets, ip.family, ip.addr)) != IPSET_NONE)
		return ps->v[id];
	return ps->dflt;
}

/* Matching. */

static int
profile_glob(const char *g, const char *s, size_t n)
{
	const char	*star = NULL, *ss = NULL, *end = s + n;

	while (s < end) {
		if (*g == '*') {
			star = g++;
			ss = s;
		} else if (*g != '\0' && (*g == '?' ||
		    *g == tolower((unsigned char)*s))) {
			g++;
			s++;
		} else if (star != NULL) {
			g = star + 1;
			s = ++ss;
		} else
			return 0;
	}
	while (*g == '*')
		g++;
	return *g == '\0';
}

static int
profile_domain(const char *d, struct slice s)
{
	size_t	 n = strlen(d), i;

	if (s.len > 0 && s.p[s.len - 1] == '.')
		s.len--;
	if (s.len < n || (s.len > n && s.p[s.len - n - 1] != '.'))
		return 0;
	for (i = 0; i < n; i++)
		if (tolower((unsigned char)s.p[s.len - n + i]) != d[i])
			return 0;
	return 1;
}

static int
profile_net(const struct pnet *n, const struct listnorm_ip *ip, int port)
{
	int	 full = n->ip.plen / 8, rem = n->ip.plen % 8;

	if (n->ip.family != ip->family || (n->port != -1 && n->port != port))
		return 0;
	if (memcmp(n->ip.addr, ip->addr, full) != 0)
		return 0;
	return rem == 0 || ((n->ip.addr[full] ^ ip->addr[full]) &
	    (uint8_t)(0xff << (8 - rem))) == 0;
}

static int
pv_text(const struct pvals *v, int kind, struct slice s)
{
	size_t	 i;

	for (i = 0; i < v->nstrs; i++)
		if (kind == PV_DOMAIN ? profile_domain(v->strs[i], s) :
		    profile_glob(v->strs[i], s.p, s.len))
			return 1;
	return 0;
}

static int
pv_addr(const struct pvals *v, struct slice s, int port)
{
	struct listnorm_ip	 ip;
	const char		*why;
	size_t			 i;

	if (listnorm_ip(s, 0, &ip, &why) == -1)
		return 0;
	for (i = 0; i < v->nnets; i++)
		if (profile_net(&v->nets[i], &ip, port))
			return 1;
	return 0;
}

static int
pv_number(const struct pvals *v, int64_t x)
{
	size_t	 i;

	for (i = 0; i < v->nnums; i++)
		if (x >= v->nums[i][0] && x <= v->nums[i][1])
			return 1;
	return 0;
}

/* The query of the event's URL against the URL's expression. */
static int
pv_query(const struct pvals *v, struct slice query,
    const struct logevent *ev)
{
	char			 buf[LISTNORM_URL_BUF];
	size_t			 i;
	int			 rc;

	if (ev == NULL || query.len == 0 ||
	    profile_url_base(ev->url, buf) == NULL)
		return -1;
	for (i = 0; i < v->nqs; i++) {
		if (strcmp(v->qs[i].url, buf) != 0)
			continue;
		/* A match cut by a limit is unlike the usual. */
		rc = pcre2_match(v->qs[i].re, (PCRE2_SPTR)query.p, query.len,
		    0, 0, v->qs[i].md, v->qs[i].mctx);
		return rc >= 0;
	}
	return -1;
}

static int
pv_allows(const struct pvals *v, int kind, const struct profile_value *val,
    const struct logevent *ev)
{
	size_t	 i;
	char	 num[24];
	struct slice s = val->s;

	if (kind == PV_QUERY)
		return pv_query(v, s, ev);
	if (val->isnum) {
		if (val->num < 0)
			return -1;
		if (kind == PV_NUMBER && pv_number(v, val->num))
			return 1;
		s.len = snprintf(num, sizeof(num), "%lld",
		    (long long)val->num);
		s.p = num;
	} else if (s.len == 0)
		return -1;
	else if (kind == PV_NUMBER)
		return -1;
	if ((kind == PV_TEXT || kind == PV_DOMAIN) && pv_text(v, kind, s))
		return 1;
	if ((kind == PV_ADDR || kind == PV_SERVICE) && pv_addr(v, s,
	    kind == PV_SERVICE && ev != NULL ? ev->dst_port : -1))
		return 1;
	for (i = 0; i < v->nlists; i++)
		if (list_match(v->lists[i], s) != NULL)
			return 1;
	return 0;
}

int
profiles_declared(const struct profiles *ps, enum profile_key k)
{
	size_t	 i;

	if (ps == NULL || (unsigned)k >= PK_MAX)
		return PROFILES_NONE;
	if (ps->dflt != NULL && ps->dflt->keys[k].declared)
		return PROFILES_ALL;
	for (i = 0; i < ps->n; i++)
		if (ps->v[i]->keys[k].declared)
			return PROFILES_SOME;
	return PROFILES_NONE;
}

int
profile_declares(const struct profile *p, enum profile_key k)
{
	if ((unsigned)k >= PK_MAX)
		return 0;
	if (!p->keys[k].declared && p->dflt != NULL)
		p = p->dflt;
	return p->keys[k].declared;
}

int
profile_allows(const struct profile *p, enum profile_key k,
    const struct profile_value *val, const struct logevent *ev)
{
	struct profile_value	 cv;
	const struct indicator	*ind;
	const struct list	*cl;

	if ((unsigned)k >= PK_MAX)
		return -1;
	if (!p->keys[k].declared && p->dflt != NULL)
		p = p->dflt;
	if (!p->keys[k].declared)
		return -1;
	/* No category in the log: the category list may know the site. */
	if (k == PK_CATEGORIES && !val->isnum && val->s.len == 0 &&
	    ev != NULL) {
		cl = p->catlist != NULL ? p->catlist :
		    p->dflt != NULL ? p->dflt->catlist : NULL;
		if (cl == NULL || (ind = list_match(cl, ev->dst_domain.len ?
		    ev->dst_domain : ev->dns_query)) == NULL ||
		    ind->description == NULL)
			return -1;
		cv = *val;
		cv.s = slice_cstr(ind->description);
		val = &cv;
	}
	return pv_allows(&p->keys[k], profile_keys[k].kind, val, ev);
}

void
profile_describe(const struct profile *p, enum profile_key k, char *out,
    size_t outsz)
{
	const struct pvals	*v;
	size_t			 i, n = 0;
	char			 ip[64];

	out[0] = '\0';
	if ((unsigned)k >= PK_MAX)
		return;
	if (!p->keys[k].declared && p->dflt != NULL)
		p = p->dflt;
	v = &p->keys[k];
#define PD_ADD(...) do {						\
	if (n < outsz)							\
		n += snprintf(out + n, outsz - n, __VA_ARGS__);		\
} while (0)
	for (i = 0; i < v->nstrs; i++)
		PD_ADD("%s%s", n ? ", " : "", v->strs[i]);
	for (i = 0; i < v->nnums; i++)
		if (v->nums[i][0] == v->nums[i][1])
			PD_ADD("%s%lld", n ? ", " : "",
			    (long long)v->nums[i][0]);
		else
			PD_ADD("%s%lld-%lld", n ? ", " : "",
			    (long long)v->nums[i][0], (long long)v->nums[i][1]);
	for (i = 0; i < v->nnets; i++) {
		listnorm_ip_str(&v->nets[i].ip, ip, sizeof(ip));
		PD_ADD("%s%s", n ? ", " : "", ip);
		if (v->nets[i].port != -1)
			PD_ADD(":%d", v->nets[i].port);
	}
	for (i = 0; i < v->nlists; i++)
		PD_ADD("%slist %s", n ? ", " : "", list_name(v->lists[i]));
	for (i = 0; i < v->nqs; i++)
		PD_ADD("%s%s", n ? ", " : "", v->qs[i].url);
#undef PD_ADD
	if (n >= outsz && outsz > 4)
		memcpy(out + outsz - 4, "...", 4);
}
