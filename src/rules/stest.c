/*
 * Sigma value tests (stest.h): building the values a compiled Sigma
 * field test holds, registering their literals with the prefilter, and
 * matching them against an event.  Owns its values, their regexes and
 * their text; the field and the prefilter are the rule set's.
 *
 * Case is folded through one table (ASCII only, as the prefilter
 * folds): a value is stored folded unless cased, and the event's bytes
 * are folded as they are compared, so nothing is copied per event.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "event/logevent.h"
#include "rules/cond.h"
#include "rules/prefilter.h"
#include "rules/sfield.h"
#include "rules/stest.h"

#define STEST_NOPF	UINT32_MAX

enum spat_kind {
	SP_EQ,
	SP_PREFIX,
	SP_SUFFIX,
	SP_CONTAINS,
	SP_GLOB,
	SP_ANY,		/* '*': present, any value */
	SP_EMPTY,	/* '': present and empty */
	SP_NULL,
	SP_EXISTS,
	SP_INT,
	SP_RE,
	SP_CIDR,
	SP_NUM,
	SP_REF
};

struct spat {
	enum spat_kind		 kind;
	uint8_t			 cased;
	uint8_t			 neg;		/* exists: false */
	uint8_t			 pfexact;	/* the prefilter answers */
	uint8_t			 litlen;	/* of the registered literal */
	uint32_t		 pfid;
	char			*s;		/* text, folded unless cased */
	size_t			 len;
	uint16_t		*g;		/* SP_GLOB: codes */
	union {
		int64_t			 i;
		struct {
			double		 v;
			enum stest_cmp	 cmp;
		} num;
		struct cond_re		*re;
		struct cond_addr	 net;
		struct {
			const struct sfield	*f;
			enum stest_refmode	 mode;
		} ref;
	} u;
};

struct stest {
	struct sfield		*f;
	char			*label;
	int			 all;
	struct prefilter	*pf;
	struct spat		*pats;
	size_t			 npats, cap;
};

static unsigned char	 stest_fold[256];

static void
stest_fold_init(void)
{
	int	 c;

	if (stest_fold['A'] == 'a')
		return;
	for (c = 0; c < 256; c++)
		stest_fold[c] = (unsigned char)((c >= 'A' && c <= 'Z') ?
		    c + ('a' - 'A') : c);
}

struct stest *
stest_new(struct sfield *f, const char *label, int all, struct prefilter *pf)
{
	struct stest	*t;

	stest_fold_init();
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->label = strdup(label)) == NULL) {
		log_warn("%s", __func__);
		free(t);
		return NULL;
	}
	t->f = f;
	t->all = all;
	t->pf = pf;
	return t;
}

void
stest_free(struct stest *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->npats; i++) {
		free(t->pats[i].s);
		free(t->pats[i].g);
		if (t->pats[i].kind == SP_RE)
			cond_re_free(t->pats[i].u.re);
	}
	free(t->pats);
	free(t->label);
	free(t);
}

static struct spat *
stest_slot(struct stest *t, enum spat_kind kind)
{
	struct spat	*np;
	size_t		 ncap;

	if (t->npats == t->cap) {
		ncap = t->cap ? t->cap * 2 : 2;
		if ((np = reallocarray(t->pats, ncap, sizeof(*np))) == NULL) {
			log_warn("%s", __func__);
			return NULL;
		}
		t->pats = np;
		t->cap = ncap;
	}
	np = &t->pats[t->npats];
	memset(np, 0, sizeof(*np));
	np->kind = kind;
	np->pfid = STEST_NOPF;
	return np;
}

static int
stest_hexrun(const uint16_t *c, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!((c[i] >= '0' && c[i] <= '9') || (c[i] >= 'a' &&
		    c[i] <= 'f') || (c[i] >= 'A' && c[i] <= 'F')))
			return 0;
	return 1;
}

/*
 * Literals: the longest run of plain bytes, NULs excluded, cut to its
 * end, which tells paths and names apart best - unless that end starts
 * in the middle of hex digits (a hash): hex at the head of literals
 * would send the automaton deep on every hash it scans, so the run's
 * start is kept then ("imphash=...").
 */
static size_t
stest_literal(const uint16_t *c, size_t n, char *lit)
{
	size_t	 i, run = 0, best = 0, bend = 0, from;

	for (i = 0; i <= n; i++) {
		if (i < n && c[i] < 256 && c[i] != 0) {
			run++;
			continue;
		}
		if (run > best) {
			best = run;
			bend = i;
		}
		run = 0;
	}
	from = bend - best;
	if (best > STEST_LITMAX) {
		if (!stest_hexrun(c + bend - STEST_LITMAX, 8) ||
		    stest_hexrun(c + from, 8))
			from = bend - STEST_LITMAX;
		best = STEST_LITMAX;
	}
	for (i = 0; i < best; i++)
		lit[i] = (char)stest_fold[c[from + i]];
	lit[best] = '\0';
	return best;
}

static int
stest_register(struct stest *t, struct spat *p, const char *const *lits,
    size_t n, size_t litlen)
{
	if (t->pf == NULL || n == 0 || litlen == 0)
		return 0;
	if (prefilter_add_lits(t->pf, t->f, lits, n, &p->pfid) == -1)
		return -1;
	p->litlen = (uint8_t)(litlen > 255 ? 255 : litlen);
	return 0;
}

/* The kind of a pattern: where its stars are, whether it has a '?'. */
static enum spat_kind
stest_shape(const uint16_t *c, size_t n, size_t *from, size_t *to)
{
	size_t	 i, stars = 0;
	int	 one = 0;

	*from = 0;
	*to = n;
	for (i = 0; i < n; i++) {
		stars += c[i] == STEST_STAR;
		one |= c[i] == STEST_ONE;
	}
	if (n == 0)
		return SP_EMPTY;
	if (stars == n)
		return SP_ANY;
	if (one)
		return SP_GLOB;
	if (stars == 0)
		return SP_EQ;
	if (stars == 1 && c[n - 1] == STEST_STAR) {
		*to = n - 1;
		return SP_PREFIX;
	}
	if (stars == 1 && c[0] == STEST_STAR) {
		*from = 1;
		return SP_SUFFIX;
	}
	if (stars == 2 && c[0] == STEST_STAR && c[n - 1] == STEST_STAR &&
	    n > 2) {
		*from = 1;
		*to = n - 1;
		return SP_CONTAINS;
	}
	return SP_GLOB;
}

static int
stest_keep_text(struct spat *p, const uint16_t *c, size_t from, size_t to)
{
	size_t	 i;

	if ((p->s = malloc(to - from + 1)) == NULL)
		return -1;
	for (i = from; i < to; i++)
		p->s[i - from] = (char)(p->cased ? c[i] :
		    stest_fold[(unsigned char)c[i]]);
	p->s[to - from] = '\0';
	p->len = to - from;
	return 0;
}

static int
stest_keep_glob(struct spat *p, const uint16_t *c, size_t n)
{
	size_t	 i;

	if ((p->g = calloc(n ? n : 1, sizeof(*p->g))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		p->g[i] = c[i] < 256 && !p->cased ?
		    stest_fold[(unsigned char)c[i]] : c[i];
	p->len = n;
	return 0;
}

int
stest_add_text(struct stest *t, const uint16_t *c, size_t n, int cased)
{
	struct spat	*p;
	char		 lit[STEST_LITMAX + 1];
	const char	*lits[1] = { lit };
	size_t		 from, to, ll;
	enum spat_kind	 k = stest_shape(c, n, &from, &to);

	if ((p = stest_slot(t, k)) == NULL)
		return -1;
	p->cased = (uint8_t)cased;
	if (k == SP_GLOB) {
		if (stest_keep_glob(p, c, n) == -1)
			goto nomem;
	} else if (k != SP_ANY && k != SP_EMPTY &&
	    stest_keep_text(p, c, from, to) == -1)
		goto nomem;
	t->npats++;
	ll = stest_literal(c, n, lit);
	if (stest_register(t, p, lits, 1, ll) == -1)
		return -1;
	/* The prefilter found the needle itself, caseless: that is it. */
	p->pfexact = k == SP_CONTAINS && !cased && ll == p->len &&
	    memchr(p->s, '\0', p->len) == NULL;
	return 0;
nomem:
	log_warn("%s", __func__);
	free(p->s);
	return -1;
}

int
stest_add_int(struct stest *t, int64_t v)
{
	struct spat	*p;

	if ((p = stest_slot(t, SP_INT)) == NULL)
		return -1;
	p->u.i = v;
	t->npats++;
	return 0;
}

int
stest_add_null(struct stest *t)
{
	if (stest_slot(t, SP_NULL) == NULL)
		return -1;
	t->npats++;
	return 0;
}

int
stest_add_exists(struct stest *t, int exists)
{
	struct spat	*p;

	if ((p = stest_slot(t, SP_EXISTS)) == NULL)
		return -1;
	p->neg = !exists;
	t->npats++;
	return 0;
}

int
stest_add_re(struct stest *t, struct cond_re *re, const char *pattern)
{
	struct prefilter_lits	 pl;
	const char		*lits[PREFILTER_MAXALT];
	struct spat		*p;
	size_t			 i, shortest = SIZE_MAX;

	if ((p = stest_slot(t, SP_RE)) == NULL) {
		cond_re_free(re);
		return -1;
	}
	p->u.re = re;
	t->npats++;
	if (prefilter_literals(pattern, &pl) != 0)
		return 0;
	for (i = 0; i < pl.n; i++) {
		lits[i] = pl.lit[i];
		if (strlen(pl.lit[i]) < shortest)
			shortest = strlen(pl.lit[i]);
	}
	return stest_register(t, p, lits, pl.n, pl.n > 0 ? shortest : 0);
}

int
stest_add_cidr(struct stest *t, const struct cond_addr *net)
{
	struct spat	*p;

	if ((p = stest_slot(t, SP_CIDR)) == NULL)
		return -1;
	p->u.net = *net;
	t->npats++;
	return 0;
}

int
stest_add_num(struct stest *t, enum stest_cmp cmp, double v)
{
	struct spat	*p;

	if ((p = stest_slot(t, SP_NUM)) == NULL)
		return -1;
	p->u.num.cmp = cmp;
	p->u.num.v = v;
	t->npats++;
	return 0;
}

int
stest_add_ref(struct stest *t, const struct sfield *f, enum stest_refmode m,
    int cased)
{
	struct spat	*p;

	if ((p = stest_slot(t, SP_REF)) == NULL)
		return -1;
	p->u.ref.f = f;
	p->u.ref.mode = m;
	p->cased = (uint8_t)cased;
	t->npats++;
	return 0;
}

size_t
stest_count(const struct stest *t)
{
	return t->npats;
}

/* Matching. */

static int
stest_eq(const char *v, const char *pat, size_t n, int cased)
{
	size_t	 i;

	if (cased)
		return memcmp(v, pat, n) == 0;
	for (i = 0; i < n; i++)
		if (stest_fold[(unsigned char)v[i]] != (unsigned char)pat[i])
			return 0;
	return 1;
}

static int
stest_find(struct slice v, const char *pat, size_t n, int cased)
{
	const char	*p = v.p, *end;
	unsigned char	 first;

	if (v.len < n)
		return 0;
	if (cased)
		return memmem(v.p, v.len, pat, n) != NULL;
	first = (unsigned char)pat[0];
	end = v.p + v.len - n;
	for (; p <= end; p++)
		if (stest_fold[(unsigned char)*p] == first &&
		    stest_eq(p + 1, pat + 1, n - 1, 0))
			return 1;
	return 0;
}

/* '*' and '?' over bytes: linear, backing up to the last star only. */
static int
stest_glob(const uint16_t *g, size_t gn, struct slice v, int cased)
{
	size_t		 gi = 0, vi = 0, star = SIZE_MAX, mark = 0;
	unsigned	 c;

	while (vi < v.len) {
		c = cased ? (unsigned char)v.p[vi] :
		    stest_fold[(unsigned char)v.p[vi]];
		if (gi < gn && g[gi] == STEST_STAR) {
			star = gi++;
			mark = vi;
		} else if (gi < gn && (g[gi] == STEST_ONE || g[gi] == c)) {
			gi++;
			vi++;
		} else if (star != SIZE_MAX) {
			gi = star + 1;
			vi = ++mark;
		} else
			return 0;
	}
	while (gi < gn && g[gi] == STEST_STAR)
		gi++;
	return gi == gn;
}

static int
stest_text(const struct stest *t, const struct spat *p, struct slice v,
    int usepf)
{
	switch (p->kind) {
	case SP_EQ:
		return v.len == p->len && stest_eq(v.p, p->s, p->len,
		    p->cased);
	case SP_PREFIX:
		return v.len >= p->len && stest_eq(v.p, p->s, p->len,
		    p->cased);
	case SP_SUFFIX:
		return v.len >= p->len && stest_eq(v.p + v.len - p->len,
		    p->s, p->len, p->cased);
	case SP_CONTAINS:
		if (v.len < p->len)
			return 0;
		if (usepf && p->pfexact && prefilter_built(t->pf))
			return prefilter_may(t->pf, p->pfid, v);
		return stest_find(v, p->s, p->len, p->cased);
	case SP_GLOB:
		return stest_glob(p->g, p->len, v, p->cased);
	case SP_ANY:
		return t->f->kind == SF_NATIVE ? v.p != NULL : v.len > 0;
	case SP_EMPTY:
		return v.len == 0 && (t->f->kind != SF_NATIVE || v.p != NULL);
	case SP_NULL:
		return v.len == 0;
	default:
		return 0;
	}
}

/* Two values of the event, both folded unless cased. */
static int
stest_same(const char *a, const char *b, size_t n, int cased)
{
	size_t	 i;

	if (cased)
		return memcmp(a, b, n) == 0;
	for (i = 0; i < n; i++)
		if (stest_fold[(unsigned char)a[i]] !=
		    stest_fold[(unsigned char)b[i]])
			return 0;
	return 1;
}

static int
stest_ref(const struct spat *p, struct slice v, const struct logevent *ev)
{
	struct slice	 o = sfield_str(p->u.ref.f, ev);
	size_t		 i;

	if (v.len == 0 || o.len == 0 || o.len > v.len)
		return 0;
	switch (p->u.ref.mode) {
	case STEST_REF_EQ:
		return o.len == v.len && stest_same(v.p, o.p, v.len, p->cased);
	case STEST_REF_PREFIX:
		return stest_same(v.p, o.p, o.len, p->cased);
	case STEST_REF_SUFFIX:
		return stest_same(v.p + v.len - o.len, o.p, o.len, p->cased);
	case STEST_REF_CONTAINS:
		for (i = 0; i + o.len <= v.len; i++)
			if (stest_same(v.p + i, o.p, o.len, p->cased))
				return 1;
		return 0;
	}
	return 0;
}

static int
stest_num(const struct stest *t, const struct spat *p,
    const struct logevent *ev)
{
	double	 v;

	if (sfield_num(t->f, ev, &v) == -1)
		return 0;
	switch (p->u.num.cmp) {
	case STEST_GT:
		return v > p->u.num.v;
	case STEST_GE:
		return v >= p->u.num.v;
	case STEST_LT:
		return v < p->u.num.v;
	case STEST_LE:
		return v <= p->u.num.v;
	}
	return 0;
}

static int
stest_addr(const struct spat *p, struct slice v)
{
	struct cond_addr	 a;

	if (v.len == 0 || cond_addr_parse(v.p, v.len, &a) == -1)
		return 0;
	return cond_cidr_match(&p->u.net, &a);
}

/* One value; *v is read once, when a value first needs the text. */
static int
stest_one(const struct stest *t, const struct spat *p,
    const struct logevent *ev, struct slice *v, int *have, int usepf)
{
	switch (p->kind) {
	case SP_INT:
		return sfield_int(t->f, ev) == p->u.i;
	case SP_EXISTS:
		return sfield_present(t->f, ev) != p->neg;
	case SP_NUM:
		return stest_num(t, p, ev);
	default:
		break;
	}
	if (!*have) {
		*v = sfield_str(t->f, ev);
		*have = 1;
	}
	switch (p->kind) {
	case SP_RE:
		if (v->p == NULL)
			return 0;
		if (usepf && p->pfid != STEST_NOPF &&
		    !prefilter_may(t->pf, p->pfid, *v))
			return 0;
		return cond_re_match(p->u.re, *v);
	case SP_CIDR:
		return stest_addr(p, *v);
	case SP_REF:
		return stest_ref(p, *v, ev);
	default:
		return stest_text(t, p, *v, usepf);
	}
}

static int
stest_run(const struct stest *t, const struct logevent *ev, int usepf)
{
	struct slice	 v = { NULL, 0 };
	size_t		 i;
	int		 have = 0;

	for (i = 0; i < t->npats; i++)
		if (stest_one(t, &t->pats[i], ev, &v, &have, usepf) != t->all)
			return !t->all;
	return t->all && t->npats > 0;
}

int
stest_eval(const struct stest *t, const struct logevent *ev)
{
	return stest_run(t, ev, 1);
}

int
stest_eval_plain(const struct stest *t, const struct logevent *ev)
{
	return stest_run(t, ev, 0);
}

/* How the value compares, in Sigma's words, for incident.matched. */
static const char *const stest_ops[] = {
	[SP_EQ] = "equals", [SP_PREFIX] = "startswith",
	[SP_SUFFIX] = "endswith", [SP_CONTAINS] = "contains",
	[SP_GLOB] = "wildcard", [SP_ANY] = "exists", [SP_EMPTY] = "empty",
	[SP_NULL] = "null", [SP_EXISTS] = "exists", [SP_INT] = "equals",
	[SP_RE] = "re", [SP_CIDR] = "cidr", [SP_NUM] = "compare",
	[SP_REF] = "fieldref"
};

const char *
stest_which(const struct stest *t, const struct logevent *ev,
    struct slice *value)
{
	struct slice	 v = { NULL, 0 };
	size_t		 i;
	int		 have = 0;

	if (!stest_run(t, ev, 0))
		return NULL;
	for (i = 0; i < t->npats; i++)
		if (stest_one(t, &t->pats[i], ev, &v, &have, 0)) {
			*value = sfield_str(t->f, ev);
			return stest_ops[t->pats[i].kind];
		}
	value->p = NULL;	/* a negated |all, or nothing to say */
	value->len = 0;
	return NULL;
}

/* The registered value with the longest literal (for |all), or NULL. */
static const struct spat *
stest_best(const struct stest *t)
{
	const struct spat	*best = NULL;
	size_t			 i;

	for (i = 0; i < t->npats; i++)
		if (t->pats[i].pfid != STEST_NOPF && (best == NULL ||
		    t->pats[i].litlen > best->litlen))
			best = &t->pats[i];
	return best;
}

int
stest_gate(const struct stest *t, uint32_t *ids, size_t max, size_t *n)
{
	const struct spat	*best;
	size_t			 i, start = *n;

	if (t->pf == NULL || t->npats == 0)
		return 0;
	if (t->all) {
		if ((best = stest_best(t)) == NULL || *n == max)
			return 0;
		ids[(*n)++] = best->pfid;
		return 1;
	}
	for (i = 0; i < t->npats; i++) {
		if (t->pats[i].pfid == STEST_NOPF || *n == max) {
			*n = start;
			return 0;
		}
		ids[(*n)++] = t->pats[i].pfid;
	}
	return 1;
}

size_t
stest_strength(const struct stest *t)
{
	const struct spat	*best;
	size_t			 i, min = SIZE_MAX;

	if (t->pf == NULL || t->npats == 0)
		return 0;
	if (t->all)
		return (best = stest_best(t)) != NULL ? best->litlen : 0;
	for (i = 0; i < t->npats; i++) {
		if (t->pats[i].pfid == STEST_NOPF)
			return 0;
		if (t->pats[i].litlen < min)
			min = t->pats[i].litlen;
	}
	return min;
}

int
stest_is_int(const struct stest *t)
{
	size_t	 i;

	for (i = 0; i < t->npats; i++)
		if (t->pats[i].kind != SP_INT)
			return 0;
	return t->npats > 0;
}

size_t
stest_ints(const struct stest *t, int64_t *v, size_t max)
{
	size_t	 i;

	if (!stest_is_int(t) || t->all || t->npats > max)
		return 0;
	for (i = 0; i < t->npats; i++)
		v[i] = t->pats[i].u.i;
	return t->npats;
}

const char *
stest_label(const struct stest *t)
{
	return t->label;
}

const struct sfield *
stest_field(const struct stest *t)
{
	return t->f;
}

unsigned long long
stest_limit_hits(const struct stest *t)
{
	unsigned long long	 n = 0;
	size_t			 i;

	for (i = 0; i < t->npats; i++)
		if (t->pats[i].kind == SP_RE)
			n += cond_re_limit_hits(t->pats[i].u.re);
	return n;
}
