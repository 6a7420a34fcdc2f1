/*
 * A Sigma detection compiled onto the condition engine (sigmaint.h):
 * each search identifier (selection) becomes a condition - a map is an
 * "and" of its field tests, a list of maps an "or" of such, a list of
 * values a keyword search of the whole line - and the condition string
 * is parsed by recursive descent into "and", "or" and "not" nodes over
 * them:
 *
 *	expr   := term { "or" term }
 *	term   := factor { "and" factor }
 *	factor := "not" factor | "(" expr ")"
 *	        | ("1" | "any" | "all") "of" (NAME | PATTERN | "them")
 *	        | NAME
 *
 * A PATTERN has '*' wildcards; "them" is every identifier that does not
 * start with '_'.  Nesting is bounded by SIGMADET_MAX_DEPTH.  An
 * identifier named twice is compiled twice: the tree holds no shared
 * node.  Within a map, integer tests go first (cheap), then the text
 * tests by the strength of their prefilter literals, so that the
 * strongest gate is the one cond_gate finds.  Owns nothing past a call.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/log.h"
#include "rules/cond.h"
#include "rules/sigmaint.h"
#include "rules/stest.h"
#include "rules/ynode.h"

#define SIGMADET_MAX_DEPTH	32
#define SIGMADET_MAX_TESTS	1024

struct sdet {
	struct sigma_cenv	*c;
	const struct ynode	*det;
	const struct ynode	*cn;		/* the condition scalar */
	struct sigma_err	*e;
	const char		*s;
	size_t			 pos;
	int			 depth;
	int			 neg;		/* under an odd number of nots */
	size_t			 unreachable;	/* maps false for want of a field */
	char			 tok[64];
};

/* A token of the condition: its text and where it starts. */
struct stok {
	const char	*p;
	size_t		 len;
	size_t		 at;
};

static int
sdet_reserved(const char *name)
{
	return strcmp(name, "condition") == 0 ||
	    strcmp(name, "timeframe") == 0;
}

/* A test and its place in a map: integers first, then strongest. */
struct sdet_kid {
	struct stest	*t;
	size_t		 rank;
	size_t		 idx;
};

static int
sdet_kidcmp(const void *a, const void *b)
{
	const struct sdet_kid	*x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
sdet_kids_free(struct sdet_kid *k, size_t from, size_t n)
{
	for (; from < n; from++)
		stest_free(k[from].t);
}

static struct cond *
sdet_and(struct sdet_kid *k, size_t n)
{
	struct cond	*c, *kid;
	size_t		 i;

	qsort(k, n, sizeof(*k), sdet_kidcmp);
	if (n == 1)
		return cond_new_stest(k[0].t);
	if ((c = cond_new_bool(COND_AND)) == NULL) {
		sdet_kids_free(k, 0, n);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		kid = cond_new_stest(k[i].t);
		if (cond_add(c, kid) == -1) {
			sdet_kids_free(k, i + 1, n);
			cond_free(c);
			return NULL;
		}
	}
	return c;
}

/*
 * A test of a field without an equivalent in these logs can never
 * hold: outside any not, the map it is in is false here (the rest of
 * the rule may still match); under a not it would make the rule match
 * what it excludes, so the rule cannot be used with these logs.
 */
static int
sdet_unreachable(struct sdet *d)
{
	if (d->neg || !SIGMA_ERR_IS(d->e, SIGMA_R_UNSUPPORTED_FIELD))
		return 0;
	d->e->reason = NULL;
	d->unreachable++;
	return 1;
}

/* A map: the "and" of its field tests. */
static struct cond *
sdet_map(struct sdet *d, const struct ynode *m)
{
	struct sdet_kid	*k;
	struct cond	*c;
	size_t		 i, n = 0;
	int		 never = 0;

	if (m->n == 0)
		return sigma_fail(d->e, m, SIGMA_R_DETECTION, "an empty "
		    "selection"), NULL;
	if (m->n > SIGMADET_MAX_TESTS)
		return sigma_fail(d->e, m, SIGMA_R_DETECTION, "more than %d "
		    "fields in one selection", SIGMADET_MAX_TESTS), NULL;
	if ((k = calloc(m->n, sizeof(*k))) == NULL)
		return sigma_fail(d->e, m, SIGMA_R_NOMEM, "out of memory"),
		    NULL;
	for (i = 0; i < m->n; i++) {
		k[n].t = sigmaval_test(d->c, ynode_key(m, i), ynode_val(m, i),
		    d->e);
		if (k[n].t == NULL && sdet_unreachable(d)) {
			never = 1;
			continue;
		}
		if (k[n].t == NULL) {
			sdet_kids_free(k, 0, n);
			free(k);
			return NULL;
		}
		k[n].idx = i;
		k[n].rank = stest_is_int(k[n].t) ? SIZE_MAX :
		    stest_strength(k[n].t);
		n++;
	}
	if (never) {
		sdet_kids_free(k, 0, n);
		c = cond_new_const(0);
	} else
		c = sdet_and(k, n);
	if (c == NULL && d->e->reason == NULL)
		sigma_fail(d->e, m, SIGMA_R_NOMEM, "out of memory");
	free(k);
	return c;
}

/* A list of maps: the "or" of them. */
static struct cond *
sdet_maps(struct sdet *d, const struct ynode *l)
{
	struct cond	*c;
	size_t		 i;

	if (l->n == 1)
		return sdet_map(d, l->kids[0]);
	if ((c = cond_new_bool(COND_OR)) == NULL)
		return sigma_fail(d->e, l, SIGMA_R_NOMEM, "out of memory"),
		    NULL;
	for (i = 0; i < l->n; i++)
		if (cond_add(c, sdet_map(d, l->kids[i])) == -1) {
			cond_free(c);
			if (d->e->reason == NULL)
				sigma_fail(d->e, l, SIGMA_R_NOMEM, "out of "
				    "memory");
			return NULL;
		}
	return c;
}

static struct cond *
sdet_keywords(struct sdet *d, const struct ynode *v)
{
	struct stest	*t;

	if ((t = sigmaval_keywords(d->c, v, d->e)) == NULL)
		return NULL;
	return cond_new_stest(t);
}

/* One search identifier. */
static struct cond *
sdet_selection(struct sdet *d, const struct ynode *v)
{
	size_t	 i, maps = 0;

	if (v->type == YN_MAP)
		return sdet_map(d, v);
	if (v->type == YN_SCALAR) {
		if (ynode_isnull(v))
			return sigma_fail(d->e, v, SIGMA_R_DETECTION, "an "
			    "empty selection"), NULL;
		return sdet_keywords(d, v);
	}
	if (v->n == 0)
		return sigma_fail(d->e, v, SIGMA_R_DETECTION, "an empty "
		    "selection"), NULL;
	for (i = 0; i < v->n; i++)
		maps += v->kids[i]->type == YN_MAP;
	if (maps == v->n)
		return sdet_maps(d, v);
	if (maps > 0)
		return sigma_fail(d->e, v, SIGMA_R_DETECTION, "a selection "
		    "list mixes maps and values"), NULL;
	return sdet_keywords(d, v);
}

/* The condition string. */

static void
sdet_skip(struct sdet *d)
{
	while (d->s[d->pos] == ' ' || d->s[d->pos] == '\t' ||
	    d->s[d->pos] == '\n' || d->s[d->pos] == '\r')
		d->pos++;
}

static int
sdet_peek(struct sdet *d, struct stok *t)
{
	size_t	 i;

	sdet_skip(d);
	t->p = d->s + d->pos;
	t->at = d->pos;
	if (*t->p == '\0') {
		t->len = 0;
		return 0;
	}
	if (*t->p == '(' || *t->p == ')' || *t->p == '|') {
		t->len = 1;
		return 1;
	}
	for (i = 0; t->p[i] != '\0' && !isspace((unsigned char)t->p[i]) &&
	    t->p[i] != '(' && t->p[i] != ')' && t->p[i] != '|'; i++)
		;
	t->len = i;
	return 1;
}

static int
sdet_is(const struct stok *t, const char *w)
{
	return t->len == strlen(w) && strncasecmp(t->p, w, t->len) == 0;
}

/* Token t's text, cut, in d's buffer (for messages). */
static const char *
sdet_text(struct sdet *d, const struct stok *t)
{
	size_t	 n = t != NULL ? t->len : 0;

	if (n >= sizeof(d->tok))
		n = sizeof(d->tok) - 1;
	memcpy(d->tok, t != NULL ? t->p : "", n);
	d->tok[n] = '\0';
	return d->tok;
}

/* An error at token t of the condition. */
static struct cond *
sdet_err(struct sdet *, const struct stok *, const char *, const char *,
    ...) __attribute__((__format__(__printf__, 4, 5)));

static struct cond *
sdet_err(struct sdet *d, const struct stok *t, const char *reason,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	sigma_vfail(d->e, d->cn, reason, fmt, ap);
	va_end(ap);
	if (d->cn != NULL && t != NULL && !strchr(d->s, '\n'))
		d->e->col += (int)t->at + (d->cn->plain ? 0 : 1);
	return NULL;
}

/* Whether glob pat (only '*' is special) matches name. */
static int
sdet_glob(const char *pat, size_t plen, const char *name)
{
	size_t	 pi = 0, ni = 0, star = SIZE_MAX, mark = 0;

	while (name[ni] != '\0') {
		if (pi < plen && pat[pi] == '*') {
			star = pi++;
			mark = ni;
		} else if (pi < plen && pat[pi] == name[ni]) {
			pi++;
			ni++;
		} else if (star != SIZE_MAX) {
			pi = star + 1;
			ni = ++mark;
		} else
			return 0;
	}
	while (pi < plen && pat[pi] == '*')
		pi++;
	return pi == plen;
}

/* The identifier t names, compiled; NULL when none (e filled). */
static struct cond *
sdet_name(struct sdet *d, const struct stok *t)
{
	const struct ynode	*k;
	size_t			 i;

	for (i = 0; i < d->det->n; i++) {
		k = ynode_key(d->det, i);
		if (k->len == t->len && memcmp(k->s, t->p, t->len) == 0 &&
		    !sdet_reserved(k->s))
			return sdet_selection(d, ynode_val(d->det, i));
	}
	return sdet_err(d, t, SIGMA_R_CONDITION, "the condition names '%s', "
	    "which is not a selection", sdet_text(d, t));
}

/* "1 of X" or "all of X": the identifiers X matches, or them. */
static struct cond *
sdet_of(struct sdet *d, const struct stok *q, int all)
{
	const struct ynode	*k;
	struct stok		 t;
	struct cond		*c;
	char			 pat[256];
	size_t			 i, n = 0;
	int			 them;

	if (!sdet_peek(d, &t) || t.len >= sizeof(pat) || *t.p == '(' ||
	    *t.p == ')' || *t.p == '|')
		return sdet_err(d, q, SIGMA_R_CONDITION, "'%s of' needs a "
		    "name, a pattern or 'them'", sdet_text(d, q));
	d->pos += t.len;
	memcpy(pat, t.p, t.len);
	pat[t.len] = '\0';
	them = strcmp(pat, "them") == 0;
	if ((c = cond_new_bool(all ? COND_AND : COND_OR)) == NULL)
		return sdet_err(d, &t, SIGMA_R_NOMEM, "out of memory");
	for (i = 0; i < d->det->n; i++) {
		k = ynode_key(d->det, i);
		if (sdet_reserved(k->s) || (them ? k->s[0] == '_' :
		    !sdet_glob(pat, t.len, k->s)))
			continue;
		n++;
		if (cond_add(c, sdet_selection(d, ynode_val(d->det, i))) ==
		    -1) {
			cond_free(c);
			return d->e->reason != NULL ? NULL : sdet_err(d, &t,
			    SIGMA_R_NOMEM, "out of memory");
		}
	}
	if (n > 0)
		return c;
	cond_free(c);
	return sdet_err(d, &t, SIGMA_R_CONDITION, "no selection matches "
	    "'%s'", pat);
}

static struct cond	*sdet_expr(struct sdet *);
static struct cond	*sdet_factor(struct sdet *);

static struct cond *
sdet_nested(struct sdet *d, const struct stok *t)
{
	struct stok	 close;
	struct cond	*c, *n;

	if (d->depth >= SIGMADET_MAX_DEPTH)
		return sdet_err(d, t, SIGMA_R_CONDITION, "the condition is "
		    "nested more than %d deep", SIGMADET_MAX_DEPTH);
	d->depth++;
	d->pos += t->len;
	if (*t->p == '(') {
		if ((c = sdet_expr(d)) != NULL && (!sdet_peek(d, &close) ||
		    *close.p != ')')) {
			cond_free(c);
			c = sdet_err(d, t, SIGMA_R_CONDITION, "'(' is not "
			    "closed");
		} else if (c != NULL)
			d->pos += close.len;
	} else {
		c = NULL;
		d->neg = !d->neg;
		if ((n = cond_new_bool(COND_NOT)) != NULL &&
		    cond_add(n, sdet_factor(d)) == 0)
			c = n;
		else
			cond_free(n);
		d->neg = !d->neg;
	}
	d->depth--;
	return c;
}

static struct cond *
sdet_factor(struct sdet *d)
{
	struct stok	 t, of;
	size_t		 save;

	if (!sdet_peek(d, &t))
		return sdet_err(d, NULL, SIGMA_R_CONDITION, "the condition "
		    "ends where a selection should be");
	if (*t.p == '|')
		return sdet_err(d, &t, SIGMA_R_CONDITION, "aggregations "
		    "('| count() ...') are not supported: write a "
		    "correlation rule");
	if (*t.p == ')' || sdet_is(&t, "and") || sdet_is(&t, "or"))
		return sdet_err(d, &t, SIGMA_R_CONDITION, "'%s' where a "
		    "selection should be", sdet_text(d, &t));
	if (*t.p == '(' || sdet_is(&t, "not"))
		return sdet_nested(d, &t);
	save = d->pos;
	d->pos += t.len;
	if (sdet_peek(d, &of) && sdet_is(&of, "of")) {
		if (!sdet_is(&t, "1") && !sdet_is(&t, "any") &&
		    !sdet_is(&t, "all"))
			return sdet_err(d, &t, SIGMA_R_CONDITION, "'%s of': "
			    "only '1 of' and 'all of' are Sigma",
			    sdet_text(d, &t));
		d->pos += of.len;
		return sdet_of(d, &t, sdet_is(&t, "all"));
	}
	d->pos = save + t.len;
	return sdet_name(d, &t);
}

/* sub { kw sub }, as one n-ary node when there is more than one. */
static struct cond *
sdet_chain(struct sdet *d, const char *kw, enum cond_bool op,
    struct cond *(*sub)(struct sdet *))
{
	struct stok	 t;
	struct cond	*first, *c;

	if ((first = sub(d)) == NULL)
		return NULL;
	if (!sdet_peek(d, &t) || !sdet_is(&t, kw))
		return first;
	if ((c = cond_new_bool(op)) == NULL || cond_add(c, first) == -1) {
		cond_free(first);
		return sdet_err(d, &t, SIGMA_R_NOMEM, "out of memory");
	}
	while (sdet_peek(d, &t) && sdet_is(&t, kw)) {
		d->pos += t.len;
		if (cond_add(c, sub(d)) == -1) {
			cond_free(c);
			return d->e->reason != NULL ? NULL : sdet_err(d, &t,
			    SIGMA_R_NOMEM, "out of memory");
		}
	}
	return c;
}

static struct cond *
sdet_term(struct sdet *d)
{
	return sdet_chain(d, "and", COND_AND, sdet_factor);
}

static struct cond *
sdet_expr(struct sdet *d)
{
	return sdet_chain(d, "or", COND_OR, sdet_term);
}

/* One condition string, whole. */
static struct cond *
sdet_condition(struct sdet *d, const struct ynode *cn)
{
	struct stok	 t;
	struct cond	*c;

	if (cn->type != YN_SCALAR || cn->len == 0)
		return sigma_fail(d->e, cn, SIGMA_R_CONDITION, "the "
		    "condition must be a string"), NULL;
	d->cn = cn;
	d->s = cn->s;
	d->pos = 0;
	d->depth = 0;
	if ((c = sdet_expr(d)) == NULL)
		return NULL;
	if (sdet_peek(d, &t)) {
		cond_free(c);
		if (*t.p == '|')
			return sdet_err(d, &t, SIGMA_R_CONDITION, "aggregations "
			    "('| count() ...') are not supported: write a "
			    "correlation rule");
		return sdet_err(d, &t, SIGMA_R_CONDITION, "unexpected '%s' in "
		    "the condition (missing 'and' or 'or'?)",
		    sdet_text(d, &t));
	}
	return c;
}

struct cond *
sigmadet_compile(struct sigma_cenv *c, const struct ynode *det,
    struct sigma_err *e)
{
	struct sdet		 d;
	const struct ynode	*cn;
	struct cond		*or;
	size_t			 i;

	memset(&d, 0, sizeof(d));
	d.c = c;
	d.det = det;
	d.e = e;
	if (det == NULL || det->type != YN_MAP)
		return sigma_fail(e, det, SIGMA_R_DETECTION, "no detection "
		    "map"), NULL;
	if ((cn = ynode_get(det, "condition")) == NULL)
		return sigma_fail(e, det, SIGMA_R_CONDITION, "the detection "
		    "has no condition"), NULL;
	if (cn->type != YN_SEQ)
		return sdet_condition(&d, cn);
	/* A list of conditions: any of them. */
	if (cn->n == 0 || (or = cond_new_bool(COND_OR)) == NULL)
		return sigma_fail(e, cn, SIGMA_R_CONDITION, "an empty list of "
		    "conditions"), NULL;
	for (i = 0; i < cn->n; i++)
		if (cond_add(or, sdet_condition(&d, cn->kids[i])) == -1) {
			cond_free(or);
			if (e->reason == NULL)
				sigma_fail(e, cn, SIGMA_R_NOMEM, "out of "
				    "memory");
			return NULL;
		}
	return or;
}

/* The field part of "Field|mod", and fieldref values. */
static void
sdet_map_fields(const struct ynode *m, void (*fn)(void *, const char *),
    void *arg)
{
	const struct ynode	*k, *v;
	char			 name[256];
	size_t			 i, j, len;

	for (i = 0; i < m->n; i++) {
		k = ynode_key(m, i);
		v = ynode_val(m, i);
		len = strcspn(k->s, "|");
		if (len == 0 || len >= sizeof(name))
			continue;
		memcpy(name, k->s, len);
		name[len] = '\0';
		fn(arg, name);
		if (strstr(k->s + len, "|fieldref") == NULL)
			continue;
		if (v->type == YN_SCALAR)
			fn(arg, v->s);
		for (j = 0; v->type == YN_SEQ && j < v->n; j++)
			if (v->kids[j]->type == YN_SCALAR)
				fn(arg, v->kids[j]->s);
	}
}

void
sigmadet_fields(const struct ynode *det, void (*fn)(void *, const char *),
    void *arg)
{
	const struct ynode	*v;
	size_t			 i, j;

	if (det == NULL || det->type != YN_MAP)
		return;
	for (i = 0; i < det->n; i++) {
		if (sdet_reserved(ynode_key(det, i)->s))
			continue;
		v = ynode_val(det, i);
		if (v->type == YN_MAP)
			sdet_map_fields(v, fn, arg);
		for (j = 0; v->type == YN_SEQ && j < v->n; j++)
			if (v->kids[j]->type == YN_MAP)
				sdet_map_fields(v->kids[j], fn, arg);
	}
}
