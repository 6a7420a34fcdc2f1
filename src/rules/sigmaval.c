/*
 * One field test of a Sigma selection (sigmaint.h): the modifiers of
 * "Field|mod|mod" read, each value turned into the literal alternatives
 * it stands for, and the result built as a value test (stest.h).  Owns
 * nothing past the call; the test it returns is the caller's.
 *
 * A value is first read as Sigma reads strings: '*' and '?' are
 * wildcards, a backslash escapes '*', '?' and itself and is literal
 * before anything else.  The modifiers then apply in the order they
 * are written, each to every alternative so far: contains, startswith
 * and endswith add wildcards; windash gives each dash or slash that
 * starts an option (after a non-word character, before a word one) its
 * five spellings - / en dash, em dash, horizontal bar; expand replaces
 * each %name% by every value of the rule set's list of that name; wide
 * (utf16le), utf16be and utf16 re-encode the text; base64 and
 * base64offset encode it (the latter at the three offsets, with the
 * characters that depend on the neighbours cut, as pySigma does).  No
 * value may turn into more than SIGMAVAL_MAXALT alternatives.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH	8
#include <pcre2.h>

#include "util/log.h"
#include "event/logevent.h"
#include "rules/cond.h"
#include "rules/list.h"
#include "rules/sfield.h"
#include "rules/sigmaint.h"
#include "rules/stest.h"
#include "rules/ynode.h"

#define SIGMAVAL_MAXALT		256
#define SIGMAVAL_MAXMODS	16
#define SIGMAVAL_MAXLEN		(64 * 1024)

enum smod {
	M_CONTAINS, M_STARTSWITH, M_ENDSWITH, M_BASE64, M_BASE64OFF,
	M_UTF16LE, M_UTF16BE, M_UTF16, M_WIDE, M_WINDASH, M_EXPAND,
	M_RE, M_I, M_M, M_S, M_CIDR, M_GT, M_GTE, M_LT, M_LTE, M_EXISTS,
	M_FIELDREF, M_ALL, M_CASED, M_NONE
};

static const char *const smod_names[] = {
	"contains", "startswith", "endswith", "base64", "base64offset",
	"utf16le", "utf16be", "utf16", "wide", "windash", "expand",
	"re", "i", "m", "s", "cidr", "gt", "gte", "lt", "lte", "exists",
	"fieldref", "all", "cased"
};

/* A value as codes: bytes, STEST_STAR and STEST_ONE. */
struct sstr {
	uint16_t	*c;
	size_t		 n, cap;
};

/* The alternatives of one value. */
struct salts {
	struct sstr	 v[SIGMAVAL_MAXALT];
	size_t		 n;
};

/* A field test's modifiers, read. */
struct smods {
	enum smod	 m[SIGMAVAL_MAXMODS];
	size_t		 n;
	enum smod	 type;		/* re, cidr, gt.., exists, fieldref */
	int		 all, cased, reopt;
	int		 transforms;	/* any modifier that changes values */
};

static int
sstr_put(struct sstr *s, uint16_t c)
{
	uint16_t	*nc;
	size_t		 ncap;

	if (s->n == s->cap) {
		if (s->cap >= SIGMAVAL_MAXLEN)
			return -1;
		ncap = s->cap ? s->cap * 2 : 32;
		if ((nc = reallocarray(s->c, ncap, sizeof(*nc))) == NULL)
			return -1;
		s->c = nc;
		s->cap = ncap;
	}
	s->c[s->n++] = c;
	return 0;
}

static void
salts_clear(struct salts *a)
{
	size_t	 i;

	for (i = 0; i < a->n; i++)
		free(a->v[i].c);
	a->n = 0;
}

/* A new empty alternative, or NULL when there are too many. */
static struct sstr *
salts_new(struct salts *a)
{
	if (a->n == SIGMAVAL_MAXALT)
		return NULL;
	memset(&a->v[a->n], 0, sizeof(a->v[a->n]));
	return &a->v[a->n++];
}

/* Sigma's string syntax: wildcards and the three escapes. */
static int
sval_parse(const char *p, size_t len, struct sstr *out)
{
	size_t	 i;
	int	 r = 0;

	for (i = 0; i < len && r == 0; i++) {
		if (p[i] == '\\' && i + 1 < len && (p[i + 1] == '*' ||
		    p[i + 1] == '?' || p[i + 1] == '\\'))
			r = sstr_put(out, (unsigned char)p[++i]);
		else if (p[i] == '*')
			r = sstr_put(out, STEST_STAR);
		else if (p[i] == '?')
			r = sstr_put(out, STEST_ONE);
		else
			r = sstr_put(out, (unsigned char)p[i]);
	}
	return r;
}

static int
smod_lookup(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof(smod_names) / sizeof(smod_names[0]); i++)
		if (strlen(smod_names[i]) == len &&
		    memcmp(smod_names[i], s, len) == 0)
			return (int)i;
	return -1;
}

static int
smod_type(enum smod m)
{
	return m == M_RE || m == M_CIDR || m == M_GT || m == M_GTE ||
	    m == M_LT || m == M_LTE || m == M_EXISTS || m == M_FIELDREF;
}

/* What goes with what: the type modifiers take few companions. */
static const char *
smods_check(const struct smods *sm)
{
	size_t	 i;

	for (i = 0; i < sm->n; i++) {
		switch (sm->m[i]) {
		case M_I: case M_M: case M_S:
			if (sm->type != M_RE)
				return "i, m and s go with re only";
			break;
		case M_CONTAINS: case M_STARTSWITH: case M_ENDSWITH:
			if (sm->type != M_NONE && sm->type != M_FIELDREF)
				return "contains, startswith and endswith do "
				    "not go with re, cidr, exists or numbers";
			break;
		case M_ALL: case M_CASED:
			break;
		default:
			if (!smod_type(sm->m[i]) && sm->type != M_NONE)
				return "value transformations do not go with "
				    "re, cidr, exists, fieldref or numbers";
		}
	}
	if (sm->cased && sm->type != M_NONE && sm->type != M_FIELDREF)
		return "cased goes with text values only";
	return NULL;
}

static int
smods_read(const struct ynode *key, const char *mods, struct smods *sm,
    struct sigma_err *e)
{
	const char	*p = mods, *bar;
	const char	*why;
	size_t		 len;
	int		 m;

	memset(sm, 0, sizeof(*sm));
	sm->type = M_NONE;
	while (p != NULL && *p != '\0') {
		bar = strchr(p, '|');
		len = bar != NULL ? (size_t)(bar - p) : strlen(p);
		if ((m = smod_lookup(p, len)) == -1)
			return sigma_fail(e, key, SIGMA_R_MODIFIER, "unknown "
			    "modifier '%.*s'", (int)(len > 40 ? 40 : len), p);
		if (sm->n == SIGMAVAL_MAXMODS)
			return sigma_fail(e, key, SIGMA_R_MODIFIER,
			    "too many modifiers");
		if (smod_type(m) && sm->type != M_NONE)
			return sigma_fail(e, key, SIGMA_R_MODIFIER, "'%s' and "
			    "'%s' do not go together", smod_names[sm->type],
			    smod_names[m]);
		if (smod_type(m))
			sm->type = m;
		sm->all |= m == M_ALL;
		sm->cased |= m == M_CASED;
		sm->transforms |= m != M_ALL && m != M_CASED && !smod_type(m);
		sm->m[sm->n++] = m;
		p = bar != NULL ? bar + 1 : NULL;
	}
	if ((why = smods_check(sm)) != NULL)
		return sigma_fail(e, key, SIGMA_R_MODIFIER, "%s", why);
	return 0;
}

/* Transformations. */

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int
sval_b64(const unsigned char *in, size_t n, struct sstr *out)
{
	size_t		 i;
	uint32_t	 v;
	int		 r = 0;

	for (i = 0; i < n && r == 0; i += 3) {
		v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		r |= sstr_put(out, (unsigned char)b64chars[(v >> 18) & 63]);
		r |= sstr_put(out, (unsigned char)b64chars[(v >> 12) & 63]);
		r |= sstr_put(out, i + 1 < n ?
		    (unsigned char)b64chars[(v >> 6) & 63] : '=');
		r |= sstr_put(out, i + 2 < n ?
		    (unsigned char)b64chars[v & 63] : '=');
	}
	return r;
}

/* The value's bytes, for the encodings (checked: no wildcards). */
static void
sval_bytes(const struct sstr *s, unsigned char *buf)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		buf[i] = (unsigned char)s->c[i];
}

static int
sval_haswild(const struct sstr *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (s->c[i] > 255)
			return 1;
	return 0;
}

/* base64 (offset 0 only) or base64offset (three, trimmed). */
static int
sval_base64(const struct sstr *s, int offsets, struct salts *out)
{
	static const size_t	 lead[3] = { 0, 2, 3 };
	static const size_t	 trail[3] = { 0, 3, 2 };
	unsigned char		*buf;
	struct sstr		 enc, *alt;
	size_t			 i, j, from, to;
	int			 rc = -1;

	if ((buf = malloc(s->n + 3)) == NULL)
		return -1;
	memset(buf, ' ', 3);
	for (i = 0; i < (offsets ? 3u : 1u); i++) {
		memset(&enc, 0, sizeof(enc));
		sval_bytes(s, buf + i);
		if (sval_b64(buf, s->n + i, &enc) == -1 ||
		    (alt = salts_new(out)) == NULL) {
			free(enc.c);
			goto done;
		}
		from = offsets ? lead[i] : 0;
		to = offsets ? enc.n - trail[(s->n + i) % 3] : enc.n;
		for (j = from; j < to && to <= enc.n; j++)
			if (sstr_put(alt, enc.c[j]) == -1) {
				free(enc.c);
				goto done;
			}
		free(enc.c);
	}
	rc = 0;
done:
	free(buf);
	return rc;
}

/* The next code point of UTF-8 codes at *i; a stray byte stands alone. */
static uint32_t
sval_utf8(const struct sstr *s, size_t *i)
{
	uint32_t	 c = s->c[*i], cp;
	size_t		 n, k;

	(*i)++;
	if (c < 0xc0 || c > 0xf4)
		return c;
	n = c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
	cp = c & (0x3f >> n);
	for (k = 0; k < n; k++) {
		if (*i + k >= s->n || (s->c[*i + k] & 0xc0) != 0x80)
			return c;
		cp = (cp << 6) | (s->c[*i + k] & 0x3f);
	}
	*i += n;
	return cp;
}

static int
sval_unit(struct sstr *o, uint32_t u, int be)
{
	if (be)
		return sstr_put(o, (u >> 8) & 0xff) | sstr_put(o, u & 0xff);
	return sstr_put(o, u & 0xff) | sstr_put(o, (u >> 8) & 0xff);
}

/* UTF-16 of the text; wildcards stay wildcards. */
static int
sval_utf16(const struct sstr *s, int be, int bom, struct sstr *o)
{
	size_t		 i = 0;
	uint32_t	 cp;
	int		 r = 0;

	if (bom)
		r = sval_unit(o, 0xfeff, be);
	while (i < s->n && r == 0) {
		if (s->c[i] > 255) {
			r = sstr_put(o, s->c[i++]);
			continue;
		}
		cp = sval_utf8(s, &i);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			r = sval_unit(o, 0xd800 | (cp >> 10), be);
			cp = 0xdc00 | (cp & 0x3ff);
		}
		r |= sval_unit(o, cp, be);
	}
	return r;
}

static int
sval_isword(uint16_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || (c >= 0x80 && c < 256);
}

/* A dash or slash that starts an option: \B[-/]\b. */
static int
sval_dash_at(const struct sstr *s, size_t i)
{
	if (s->c[i] != '-' && s->c[i] != '/')
		return 0;
	if (i > 0 && sval_isword(s->c[i - 1]))
		return 0;
	return i + 1 < s->n && sval_isword(s->c[i + 1]);
}

/* Copy of s with codes [at, at+cut) replaced by rep[0..nrep). */
static int
sval_splice(const struct sstr *s, size_t at, size_t cut, const uint16_t *rep,
    size_t nrep, struct sstr *o)
{
	size_t	 i;
	int	 r = 0;

	for (i = 0; i < at && r == 0; i++)
		r = sstr_put(o, s->c[i]);
	for (i = 0; i < nrep && r == 0; i++)
		r = sstr_put(o, rep[i]);
	for (i = at + cut; i < s->n && r == 0; i++)
		r = sstr_put(o, s->c[i]);
	return r;
}

static const uint16_t dash_minus[] = { '-' };
static const uint16_t dash_slash[] = { '/' };
static const uint16_t dash_en[] = { 0xe2, 0x80, 0x93 };
static const uint16_t dash_em[] = { 0xe2, 0x80, 0x94 };
static const uint16_t dash_bar[] = { 0xe2, 0x80, 0x95 };

static const struct {
	const uint16_t	*c;
	size_t		 n;
} dashes[] = {
	{ dash_minus, 1 }, { dash_slash, 1 }, { dash_en, 3 },
	{ dash_em, 3 }, { dash_bar, 3 }
};

/*
 * windash: the alternatives of s from position from on, into out.
 * Each dash found gives five copies, and each copy goes on after it.
 */
static int
sval_windash(const struct sstr *s, size_t from, struct salts *out)
{
	struct sstr	*alt, tmp;
	size_t		 i, k;

	for (i = from; i < s->n && !sval_dash_at(s, i); i++)
		;
	if (i == s->n) {
		if ((alt = salts_new(out)) == NULL)
			return -1;
		return sval_splice(s, 0, 0, NULL, 0, alt);
	}
	for (k = 0; k < sizeof(dashes) / sizeof(dashes[0]); k++) {
		memset(&tmp, 0, sizeof(tmp));
		if (sval_splice(s, i, 1, dashes[k].c, dashes[k].n, &tmp) ==
		    -1 || sval_windash(&tmp, i + dashes[k].n, out) == -1) {
			free(tmp.c);
			return -1;
		}
		free(tmp.c);
	}
	return 0;
}

/* The first %name% at or after from: its start and length, or 0. */
static size_t
sval_placeholder(const struct sstr *s, size_t from, size_t *at)
{
	size_t	 i, j;

	for (i = from; i < s->n; i++) {
		if (s->c[i] != '%')
			continue;
		for (j = i + 1; j < s->n && sval_isword(s->c[j]) &&
		    s->c[j] < 0x80; j++)
			;
		if (j < s->n && j > i + 1 && s->c[j] == '%') {
			*at = i;
			return j + 1 - i;
		}
	}
	return 0;
}

struct sval_expand {
	struct sigma_cenv	*cenv;
	const struct ynode	*at;
	struct sigma_err	*e;
};

/* expand: every value of the list for each placeholder, in turn. */
static int
sval_expand(struct sval_expand *x, const struct sstr *s, size_t from,
    struct salts *out)
{
	const struct indicator	*ind;
	const struct list	*l = NULL;
	struct sstr		*alt, val, tmp;
	char			 name[128];
	size_t			 at = 0, len, i, k;

	if ((len = sval_placeholder(s, from, &at)) == 0)
		return (alt = salts_new(out)) == NULL ? -1 :
		    sval_splice(s, 0, 0, NULL, 0, alt);
	for (i = 0; i + 2 < len && i + 1 < sizeof(name); i++)
		name[i] = (char)s->c[at + 1 + i];
	name[i] = '\0';
	if (x->cenv->lookup != NULL)
		l = x->cenv->lookup(x->cenv->larg, name);
	if (l == NULL || list_type(l) != LT_STRING)
		return sigma_fail(x->e, x->at, SIGMA_R_PLACEHOLDER, "%%%s%%: "
		    "no list of type string of that name", name);
	for (k = 0; (ind = list_entry(l, k)) != NULL; k++) {
		memset(&val, 0, sizeof(val));
		memset(&tmp, 0, sizeof(tmp));
		if (sval_parse(ind->value, strlen(ind->value), &val) == -1 ||
		    sval_splice(s, at, len, val.c, val.n, &tmp) == -1 ||
		    sval_expand(x, &tmp, at + val.n, out) == -1) {
			free(val.c);
			free(tmp.c);
			return -1;
		}
		free(val.c);
		free(tmp.c);
	}
	return 0;
}

/* contains, startswith, endswith: the wildcards around the value. */
static int
sval_wrap(const struct sstr *s, int lead, int trail, struct salts *out)
{
	struct sstr	*alt;
	int		 r;

	if ((alt = salts_new(out)) == NULL)
		return -1;
	lead = lead && (s->n == 0 || s->c[0] != STEST_STAR);
	trail = trail && (s->n == 0 || s->c[s->n - 1] != STEST_STAR);
	r = lead ? sstr_put(alt, STEST_STAR) : 0;
	r |= sval_splice(s, 0, 0, NULL, 0, alt);
	if (trail)
		r |= sstr_put(alt, STEST_STAR);
	return r;
}

static int
sval_recode(const struct sstr *s, enum smod m, struct salts *out)
{
	struct sstr	*alt;

	if ((alt = salts_new(out)) == NULL)
		return -1;
	return sval_utf16(s, m == M_UTF16BE, m == M_UTF16, alt);
}

/* One modifier over every alternative of a, into b. */
static int
sval_apply(struct sval_expand *x, enum smod m, const struct salts *a,
    struct salts *b)
{
	const struct sstr	*s;
	size_t			 i;
	int			 r = 0;

	for (i = 0; i < a->n && r == 0; i++) {
		s = &a->v[i];
		switch (m) {
		case M_CONTAINS:
		case M_STARTSWITH:
		case M_ENDSWITH:
			r = sval_wrap(s, m != M_STARTSWITH, m != M_ENDSWITH, b);
			break;
		case M_BASE64:
		case M_BASE64OFF:
			if (sval_haswild(s))
				return sigma_fail(x->e, x->at, SIGMA_R_MODIFIER,
				    "%s of a value with wildcards",
				    smod_names[m]);
			r = sval_base64(s, m == M_BASE64OFF, b);
			break;
		case M_UTF16LE: case M_UTF16BE: case M_UTF16: case M_WIDE:
			r = sval_recode(s, m, b);
			break;
		case M_WINDASH:
			r = sval_windash(s, 0, b);
			break;
		case M_EXPAND:
			r = sval_expand(x, s, 0, b);
			break;
		default:
			r = sval_wrap(s, 0, 0, b);
			break;
		}
	}
	return r;
}

/* A text value through its modifiers, its alternatives into t. */
static int
sval_text(struct sval_expand *x, const struct smods *sm, struct stest *t,
    const struct ynode *v, int keyword)
{
	struct salts	 bufs[2], *a = &bufs[0], *b = &bufs[1], *tmp;
	size_t		 i;
	int		 r = 0, wrap = keyword;

	a->n = b->n = 0;
	if (salts_new(a) == NULL || sval_parse(v->s, v->len, &a->v[0]) == -1)
		r = -1;
	for (i = 0; i < sm->n && r == 0; i++) {
		if (sm->m[i] == M_ALL || sm->m[i] == M_CASED)
			continue;
		wrap &= sm->m[i] != M_CONTAINS && sm->m[i] != M_STARTSWITH &&
		    sm->m[i] != M_ENDSWITH;
		r = sval_apply(x, sm->m[i], a, b);
		salts_clear(a);
		tmp = a, a = b, b = tmp;
	}
	if (r == 0 && wrap) {
		r = sval_apply(x, M_CONTAINS, a, b);
		salts_clear(a);
		tmp = a, a = b, b = tmp;
	}
	for (i = 0; i < a->n && r == 0; i++)
		r = stest_add_text(t, a->v[i].c, a->v[i].n, sm->cased);
	salts_clear(a);
	salts_clear(b);
	if (r == -1 && x->e->reason == NULL)
		sigma_fail(x->e, v, SIGMA_R_VALUE, "the value gives more than "
		    "%d alternatives (or memory ran out)", SIGMAVAL_MAXALT);
	return r;
}

static int
sval_isint(const char *s, int64_t *v)
{
	char		*end;
	long long	 ll;

	if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return 0;
	errno = 0;
	ll = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return 0;
	*v = ll;
	return 1;
}

static int
sval_number(struct sigma_err *e, const struct ynode *v, enum smod m,
    struct stest *t)
{
	static const enum stest_cmp	 cmps[] = { STEST_GT, STEST_GE,
					    STEST_LT, STEST_LE };
	char				*end;
	double				 d;

	errno = 0;
	d = strtod(v->s, &end);
	if (v->len == 0 || errno != 0 || *end != '\0')
		return sigma_fail(e, v, SIGMA_R_VALUE, "%s: '%.64s' is not a "
		    "number", smod_names[m], v->s);
	return stest_add_num(t, cmps[m - M_GT], d);
}

static int
sval_re(struct sigma_err *e, const struct smods *sm, const struct ynode *v,
    struct stest *t)
{
	struct cond_re	*re;
	char		 err[320];
	uint32_t	 opt = 0;
	size_t		 i;
	int		 jit;

	for (i = 0; i < sm->n; i++)
		opt |= sm->m[i] == M_I ? PCRE2_CASELESS :
		    sm->m[i] == M_M ? PCRE2_MULTILINE :
		    sm->m[i] == M_S ? PCRE2_DOTALL : 0;
	if ((re = cond_re_new(v->s, v->len, opt, &jit, err, sizeof(err))) ==
	    NULL)
		return sigma_fail(e, v, SIGMA_R_REGEX, "%s", err);
	return stest_add_re(t, re, v->s);
}

static int
sval_ref(struct sigma_cenv *c, struct sigma_err *e, const struct smods *sm,
    const struct ynode *v, struct stest *t)
{
	struct sfield		*o;
	enum stest_refmode	 mode = STEST_REF_EQ;
	size_t			 i;

	if ((o = sigma_field(c, v->s)) == NULL)
		return sigma_fail(e, v, SIGMA_R_UNSUPPORTED_FIELD, "fieldref: "
		    "field '%.64s' has no equivalent here", v->s);
	for (i = 0; i < sm->n; i++)
		mode = sm->m[i] == M_CONTAINS ? STEST_REF_CONTAINS :
		    sm->m[i] == M_STARTSWITH ? STEST_REF_PREFIX :
		    sm->m[i] == M_ENDSWITH ? STEST_REF_SUFFIX : mode;
	return stest_add_ref(t, o, mode, sm->cased);
}

static int
sval_typed(struct sigma_cenv *c, struct sigma_err *e, const struct smods *sm,
    const struct ynode *v, struct stest *t)
{
	struct cond_addr	 net;

	switch (sm->type) {
	case M_EXISTS:
		if (strcmp(v->s, "true") != 0 && strcmp(v->s, "false") != 0)
			return sigma_fail(e, v, SIGMA_R_VALUE, "exists: true "
			    "or false, not '%.64s'", v->s);
		return stest_add_exists(t, strcmp(v->s, "true") == 0);
	case M_CIDR:
		if (cond_cidr_parse(v->s, &net) == -1)
			return sigma_fail(e, v, SIGMA_R_VALUE, "cidr: '%.64s' "
			    "is not an IP address or prefix", v->s);
		return stest_add_cidr(t, &net);
	case M_RE:
		return sval_re(e, sm, v, t);
	case M_FIELDREF:
		return sval_ref(c, e, sm, v, t);
	default:
		return sval_number(e, v, sm->type, t);
	}
}

static int
sval_one(struct sigma_cenv *c, const struct smods *sm, struct stest *t,
    const struct ynode *v, struct sigma_err *e)
{
	struct sval_expand	 x = { c, v, e };
	int64_t			 iv;
	int			 raw;

	if (v->type != YN_SCALAR)
		return sigma_fail(e, v, SIGMA_R_VALUE, "a value must be a "
		    "scalar, not a map or a list");
	if (ynode_isnull(v)) {
		if (sm->type != M_NONE || sm->transforms)
			return sigma_fail(e, v, SIGMA_R_VALUE, "null takes no "
			    "modifier");
		return stest_add_null(t);
	}
	if (sm->type != M_NONE)
		return sval_typed(c, e, sm, v, t);
	if (sfield_isint(stest_field(t)) && !sm->transforms &&
	    sval_isint(v->s, &iv))
		return stest_add_int(t, iv);
	raw = stest_field(t)->kind == SF_RAW;
	return sval_text(&x, sm, t, v, raw);
}

/* The values of a test: one scalar, or a list of them. */
static struct stest *
sval_values(struct sigma_cenv *c, const struct smods *sm, struct stest *t,
    const struct ynode *value, struct sigma_err *e)
{
	size_t	 i;

	if (value != NULL && value->type == YN_SEQ) {
		if (value->n == 0) {
			sigma_fail(e, value, SIGMA_R_DETECTION, "an empty list "
			    "of values");
			goto fail;
		}
		for (i = 0; i < value->n; i++)
			if (sval_one(c, sm, t, value->kids[i], e) == -1)
				goto fail;
	} else if (value == NULL || sval_one(c, sm, t, value, e) == -1)
		goto fail;
	return t;
fail:
	if (e->reason == NULL)
		sigma_fail(e, value, SIGMA_R_NOMEM, "out of memory");
	stest_free(t);
	return NULL;
}

struct stest *
sigmaval_test(struct sigma_cenv *c, const struct ynode *key,
    const struct ynode *value, struct sigma_err *e)
{
	struct smods	 sm;
	struct sfield	*f;
	struct stest	*t;
	char		 field[256];
	const char	*bar = strchr(key->s, '|');
	size_t		 len = bar != NULL ? (size_t)(bar - key->s) : key->len;

	if (len >= sizeof(field))
		return sigma_fail(e, key, SIGMA_R_DETECTION, "field name too "
		    "long"), NULL;
	memcpy(field, key->s, len);
	field[len] = '\0';
	if (smods_read(key, bar != NULL ? bar + 1 : NULL, &sm, e) == -1)
		return NULL;
	f = len == 0 ? sigma_keywords_field(c) : sigma_field(c, field);
	if (f == NULL)
		return sigma_fail(e, key, SIGMA_R_UNSUPPORTED_FIELD, "field "
		    "'%s' has no equivalent here", field), NULL;
	if ((t = stest_new(f, len == 0 ? "keywords" : field, sm.all,
	    c->pf)) == NULL)
		return sigma_fail(e, key, SIGMA_R_NOMEM, "out of memory"),
		    NULL;
	return sval_values(c, &sm, t, value, e);
}

struct stest *
sigmaval_keywords(struct sigma_cenv *c, const struct ynode *values,
    struct sigma_err *e)
{
	struct smods	 sm;
	struct sfield	*f;
	struct stest	*t;

	memset(&sm, 0, sizeof(sm));
	sm.type = M_NONE;
	if ((f = sigma_keywords_field(c)) == NULL ||
	    (t = stest_new(f, "keywords", 0, c->pf)) == NULL)
		return sigma_fail(e, values, SIGMA_R_NOMEM, "out of memory"),
		    NULL;
	return sval_values(c, &sm, t, values, e);
}
