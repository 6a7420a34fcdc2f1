/*
 * Rule conditions.  The tokens of a `condition` statement are parsed once,
 * when the rules load, into a tree of small nodes: "and" and "or" are
 * n-ary (a long chain does not make the tree deep), "not", "!=", "!~" and
 * "is not" are a NOT node over the positive test, and "in [a, b]" is an OR
 * of equality tests.  Regular expressions are compiled and JIT-compiled
 * here.  Evaluation allocates nothing and short-circuits.
 *
 * Missing values: an empty string field or a numeric field of -1 never
 * satisfies a positive test (==, <, <=, >, >=, ~, contains, in, is ip,
 * is set), so it satisfies every negated one (!=, !~, not ..., is not).
 *
 * Each regular expression keeps one pcre2_match_data, so cond_eval() is
 * not reentrant: one condition must not be evaluated by two threads at
 * once.  detectd runs its analyzers in one thread.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/log.h"
#include "event/evmemo.h"
#include "event/logevent.h"
#include "conf/conf.h"
#include "rules/cond.h"
#include "rules/lcache.h"
#include "rules/condint.h"
#include "rules/geo.h"
#include "rules/fname.h"
#include "rules/list.h"
#include "rules/listnorm.h"
#include "rules/prefilter.h"
#include "rules/profile.h"
#include "rules/sfield.h"
#include "rules/stest.h"

/* Nesting of "(" and "not": bounds the recursion of parse, eval and free. */
#define COND_MAX_DEPTH		64

/*
 * PCRE2 limits per match.  A pattern that backtracks catastrophically on
 * some line gives up after this much work and counts as no match.
 */
#define COND_MATCH_LIMIT	100000
#define COND_DEPTH_LIMIT	10000
#define COND_JIT_STACK_MIN	(32 * 1024)
#define COND_JIT_STACK_MAX	(512 * 1024)

/* Longest text an IP address field can have and still parse. */
#define COND_IP_MAXLEN		64

static const struct field_def cond_vfields[] = {
	{ "destination.geo.country_iso_code", FIELD_STR, 0,
	    "country of destination.ip" },
	{ "source.geo.country_iso_code", FIELD_STR, 0,
	    "country of source.ip" },
	{ "url.extension", FIELD_STR, 0, "extension of url.path" },
	{ "file.extension", FIELD_STR, 0, "extension of file.name" },
};

/* Where evaluation reports what decided it. */
struct cond_out {
	struct indicator_hit	*hit;
	struct cond_note	*note;
};

struct cond_parser {
	const struct ctok	*toks;
	size_t			 ntoks;
	size_t			 pos;
	const struct cond_env	*env;
	struct cerrors		*errs;
	int			 depth;
	int			 failed;	/* go on, fail at the end */
	int			 jit_logged;
};

/*
 * Fields that ==, != and in [...] compare without regard to ASCII case.
 * Every other field is compared byte for byte: paths, query strings,
 * command lines, file names and hashes are kept as logged.
 *
 *	destination.domain	DNS names ignore case (RFC 4343)
 *	dns.question.name	same
 *	source.address		the endpoint's host name
 *	user.name		Windows and LDAP account names ignore case
 *	http.request.method	"get" and "GET" name the same method
 *	url.scheme		schemes ignore case (RFC 3986)
 *
 * "contains" and "~" are always exact; write (?i) in the expression for
 * a caseless match.
 */
static const char *const cond_nocase_fields[] = {
	"destination.domain",
	"dns.question.name",
	"source.address",
	"user.name",
	"http.request.method",
	"url.scheme",
	"destination.geo.country_iso_code",
	"source.geo.country_iso_code",
	"url.extension",
	"file.extension"
};

static struct cond	*cond_expr(struct cond_parser *);
static struct cond	*cond_factor(struct cond_parser *);
static int		 cond_node_eval(const struct cond *,
			    const struct logevent *, struct cond_out *,
			    struct lcache *);

void
cond_re_free(struct cond_re *re)
{
	if (re == NULL)
		return;
	pcre2_jit_stack_free(re->jstack);
	pcre2_match_context_free(re->mctx);
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}

void
cond_free(struct cond *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nkids; i++)
		cond_free(c->kids[i]);
	free(c->kids);
	free(c->ekids);
	free(c->text);
	switch (c->op) {
	case C_STREQ:
	case C_CONTAINS:
		free(c->u.str.s);
		break;
	case C_RE:
		cond_re_free(c->u.re);
		break;
	case C_SIGMA:
		stest_free(c->u.st);
		break;
	default:
		break;
	}
	free(c);
}

/* The list tests of plain fields under c, into v (NULL: count only). */
static size_t
cond_list_tests(struct cond *c, struct cond **v, size_t n)
{
	size_t	 i;

	if (c->op == C_LIST && c->vfield == VF_NONE) {
		if (v != NULL)
			v[n] = c;
		return n + 1;
	}
	for (i = 0; i < c->nkids; i++)
		n = cond_list_tests(c->kids[i], v, n);
	return n;
}

static int
cond_test_cmp(const void *a, const void *b)
{
	const struct cond	*x = *(struct cond *const *)a;
	const struct cond	*y = *(struct cond *const *)b;
	uintptr_t		 xl = (uintptr_t)x->u.list, yl = (uintptr_t)y->u.list;
	uintptr_t		 xf = (uintptr_t)x->field, yf = (uintptr_t)y->field;

	if (xl != yl)
		return xl < yl ? -1 : 1;
	if (xf != yf)
		return xf < yf ? -1 : 1;
	return 0;
}

int
cond_mark_shared(struct cond *const *roots, size_t n)
{
	struct cond	**v;
	size_t		 i, j, k, nt = 0;

	for (i = 0; i < n; i++)
		if (roots[i] != NULL)
			nt = cond_list_tests(roots[i], NULL, nt);
	if (nt == 0)
		return 0;
	if ((v = calloc(nt, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	for (i = 0, nt = 0; i < n; i++)
		if (roots[i] != NULL)
			nt = cond_list_tests(roots[i], v, nt);
	qsort(v, nt, sizeof(*v), cond_test_cmp);
	for (i = 0; i < nt; i = j) {
		for (j = i + 1; j < nt && cond_test_cmp(&v[i], &v[j]) == 0;
		    j++)
			;
		for (k = i; k < j; k++)
			v[k]->shared = j - i > 1;
	}
	free(v);
	return 0;
}

/*
 * Whether a test costs next to nothing and touches nothing: a number,
 * a string comparison or "is set" on a field as logged (not a derived
 * one), and and/or/not of those.  Lists, profiles, addresses, regexes,
 * names and derived fields cost more, and may report what they matched.
 */
static int
cond_cheap(const struct cond *c)
{
	size_t	 i;

	switch (c->op) {
	case C_CONST:
		return 1;
	case C_INT:
	case C_ISSET:
	case C_STREQ:
	case C_CONTAINS:
		return c->vfield == VF_NONE;
	case C_AND:
	case C_OR:
	case C_NOT:
		for (i = 0; i < c->nkids; i++)
			if (!cond_cheap(c->kids[i]))
				return 0;
		return c->nkids > 0;
	default:
		return 0;
	}
}

/*
 * "and" is true only when all its kids are, whatever their order, and
 * only the costly kids report (the indicator of a list, the note of a
 * profile, the name of a deceptive file): evaluating the cheap ones
 * first, each group in its written order, gives the same answer and the
 * same report, and mostly stops before the dear ones.
 */
int
cond_order(struct cond *c)
{
	size_t	 i, n = 0;
	int	 rc = 0, late = 0;

	if (c == NULL)
		return 0;
	for (i = 0; i < c->nkids; i++)
		if (cond_order(c->kids[i]) == -1)
			rc = -1;
	if (c->op != C_AND || c->ekids != NULL)
		return rc;
	for (i = 0; i < c->nkids; i++) {
		if (!cond_cheap(c->kids[i]))
			late = 1;
		else if (late)
			break;
	}
	if (i == c->nkids)
		return rc;
	if ((c->ekids = calloc(c->nkids, sizeof(*c->ekids))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	for (i = 0; i < c->nkids; i++)
		if (cond_cheap(c->kids[i]))
			c->ekids[n++] = c->kids[i];
	for (i = 0; i < c->nkids; i++)
		if (!cond_cheap(c->kids[i]))
			c->ekids[n++] = c->kids[i];
	return rc;
}

/*
 * Address parsing, shared by "is ip", "in CIDR" and the set elements that
 * are addresses.  IPv6 may come in [brackets] and with a %zone.
 */
int
cond_addr_parse(const char *p, size_t len, struct cond_addr *a)
{
	char	 buf[COND_IP_MAXLEN];
	char	*pct;

	if (len >= 2 && p[0] == '[' && p[len - 1] == ']') {
		p++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, a->addr) == 1) {
		a->af = AF_INET;
		a->bits = 32;
		return 0;
	}
	if ((pct = strchr(buf, '%')) != NULL)
		*pct = '\0';
	if (inet_pton(AF_INET6, buf, a->addr) == 1) {
		a->af = AF_INET6;
		a->bits = 128;
		return 0;
	}
	return -1;
}

int
cond_cidr_parse(const char *s, struct cond_addr *net)
{
	const char	*slash;
	char		*end;
	long		 bits;

	if ((slash = strchr(s, '/')) == NULL)
		return cond_addr_parse(s, strlen(s), net);
	if (cond_addr_parse(s, slash - s, net) == -1)
		return -1;
	if (slash[1] < '0' || slash[1] > '9')
		return -1;
	errno = 0;
	bits = strtol(slash + 1, &end, 10);
	if (errno != 0 || *end != '\0' || bits < 0 || bits > net->bits)
		return -1;
	net->bits = (int)bits;
	return 0;
}

int
cond_cidr_match(const struct cond_addr *net, const struct cond_addr *a)
{
	static const unsigned char v4mapped[12] =
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	const unsigned char	*ap = a->addr;
	int			 full, rem;
	unsigned char		 mask;

	/* ::ffff:10.1.2.3 is the IPv4 address 10.1.2.3. */
	if (net->af == AF_INET && a->af == AF_INET6 &&
	    memcmp(a->addr, v4mapped, sizeof(v4mapped)) == 0)
		ap = a->addr + 12;
	else if (net->af != a->af)
		return 0;
	full = net->bits / 8;
	rem = net->bits % 8;
	if (memcmp(net->addr, ap, full) != 0)
		return 0;
	if (rem == 0)
		return 1;
	mask = (unsigned char)(0xff << (8 - rem));
	return ((net->addr[full] ^ ap[full]) & mask) == 0;
}

/* Token helpers. */

static const struct ctok *
cond_peek(struct cond_parser *p)
{
	return p->pos < p->ntoks ? &p->toks[p->pos] : NULL;
}

static const struct ctok *
cond_next(struct cond_parser *p)
{
	return p->pos < p->ntoks ? &p->toks[p->pos++] : NULL;
}

/* The last token read: where "expected ... after" errors point. */
static const struct ctok *
cond_last(struct cond_parser *p)
{
	return &p->toks[p->pos > 0 ? p->pos - 1 : 0];
}

static int
cond_isword(const struct ctok *t, const char *w)
{
	return t != NULL && t->type == CT_WORD && strcasecmp(t->text, w) == 0;
}

static int
cond_ispunct(const struct ctok *t, const char *s)
{
	return t != NULL && t->type == CT_PUNCT && strcmp(t->text, s) == 0;
}

/* Node helpers. */

static struct cond *
cond_node(struct cond_parser *p, enum cond_op op, const struct field_def *f)
{
	struct cond	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("%s", __func__);
		cerrors_addtok(p->errs, cond_last(p), "out of memory");
		return NULL;
	}
	c->op = op;
	c->field = f;
	c->has_list = op == C_LIST || op == C_PROFILE || op == C_DECEPTIVE;
	if (f != NULL && f >= cond_vfields && f < cond_vfields +
	    sizeof(cond_vfields) / sizeof(cond_vfields[0])) {
		c->vfield = (enum cond_vfield)(f - cond_vfields) + 1;
		if (p->env != NULL)
			c->geo = p->env->geo;
	}
	return c;
}

/* Stand-in for a test with an error, so that parsing can go on. */
static struct cond *
cond_bad(struct cond_parser *p)
{
	p->failed = 1;
	return cond_node(p, C_BAD, NULL);
}

/* Add kid to c; on failure kid is freed. */
static int
cond_addkid(struct cond_parser *p, struct cond *c, struct cond *kid)
{
	if (cond_add(c, kid) == -1) {
		cerrors_addtok(p->errs, cond_last(p), "out of memory");
		return -1;
	}
	return 0;
}

/* Wrap c in a NOT; c is freed on failure. */
static struct cond *
cond_negate(struct cond_parser *p, struct cond *c)
{
	struct cond	*n;

	if (c == NULL)
		return NULL;
	if ((n = cond_node(p, C_NOT, NULL)) == NULL) {
		cond_free(c);
		return NULL;
	}
	if (cond_addkid(p, n, c) == -1) {
		cond_free(n);
		return NULL;
	}
	return n;
}

static int
cond_field_nocase(const struct field_def *f)
{
	size_t	 i;

	for (i = 0; i < sizeof(cond_nocase_fields) /
	    sizeof(cond_nocase_fields[0]); i++)
		if (strcmp(f->name, cond_nocase_fields[i]) == 0)
			return 1;
	return 0;
}

int
cond_isnum(const struct field_def *f)
{
	return f->type == FIELD_INT || f->type == FIELD_INT64;
}

/*
 * A value token after "==", "<", "contains" and so on: a word, string or
 * number, not punctuation.
 */
static const struct ctok *
cond_value(struct cond_parser *p, const struct ctok *op)
{
	const struct ctok	*t = cond_peek(p);

	if (t == NULL) {
		cerrors_addtok(p->errs, op, "expected a value after '%s'",
		    op->text);
		return NULL;
	}
	if (t->type == CT_PUNCT) {
		cerrors_addtok(p->errs, t, "expected a value after '%s', "
		    "got '%s'", op->text, t->text);
		return NULL;
	}
	p->pos++;
	return t;
}

/*
 * An integer: a number token (already scaled by its unit: 30s is 30000,
 * 1KB is 1024) or a word or string that is a decimal integer.
 */
static int
cond_int(struct cond_parser *p, const struct ctok *t,
    const struct field_def *f, int64_t *v)
{
	char		*end;
	long long	 ll;

	if (t->type == CT_NUMBER) {
		if (t->num >= -9.2e18 && t->num <= 9.2e18 &&
		    t->num == (double)(int64_t)t->num) {
			*v = (int64_t)t->num;
			return 0;
		}
	} else if (t->text[0] != '\0') {
		errno = 0;
		ll = strtoll(t->text, &end, 10);
		if (errno == 0 && *end == '\0') {
			*v = ll;
			return 0;
		}
	}
	cerrors_addtok(p->errs, t, "'%s' is numeric: '%s' is not an integer",
	    f->name, t->text);
	p->failed = 1;
	return -1;
}

static struct cond *
cond_streq_node(struct cond_parser *p, const struct field_def *f,
    enum cond_op op, const struct ctok *t)
{
	struct cond	*c;

	if (t->text[0] == '\0') {
		cerrors_addtok(p->errs, t, "an empty value never matches: "
		    "use 'is set' or 'is not set'");
		return cond_bad(p);
	}
	if ((c = cond_node(p, op, f)) == NULL)
		return NULL;
	c->u.str.len = strlen(t->text);
	c->u.str.nocase = op == C_STREQ && cond_field_nocase(f);
	if ((c->u.str.s = strdup(t->text)) == NULL) {
		log_warn("%s", __func__);
		cerrors_addtok(p->errs, t, "out of memory");
		cond_free(c);
		return NULL;
	}
	return c;
}

static struct cond *
cond_int_node(struct cond_parser *p, const struct field_def *f,
    enum cond_cmp cmp, const struct ctok *t)
{
	struct cond	*c;
	int64_t		 v;

	if (cond_int(p, t, f, &v) == -1)
		return cond_bad(p);
	if ((c = cond_node(p, C_INT, f)) == NULL)
		return NULL;
	c->u.num.v = v;
	c->u.num.cmp = cmp;
	return c;
}

/* FIELD == VALUE, FIELD != VALUE */
static struct cond *
cond_equal(struct cond_parser *p, const struct field_def *f,
    const struct ctok *op, int neg)
{
	const struct ctok	*v;
	struct cond		*c;

	if ((v = cond_value(p, op)) == NULL)
		return NULL;
	if (f == NULL)
		return cond_bad(p);
	if (cond_isnum(f))
		c = cond_int_node(p, f, CMP_EQ, v);
	else
		c = cond_streq_node(p, f, C_STREQ, v);
	return neg ? cond_negate(p, c) : c;
}

/* FIELD < NUMBER, and <=, >, >= */
static struct cond *
cond_compare(struct cond_parser *p, const struct field_def *f,
    const struct ctok *op)
{
	const struct ctok	*v;
	enum cond_cmp		 cmp;

	if ((v = cond_value(p, op)) == NULL)
		return NULL;
	if (f == NULL)
		return cond_bad(p);
	if (!cond_isnum(f)) {
		cerrors_addtok(p->errs, op, "'%s' compares numbers; "
		    "'%s' is a string field", op->text, f->name);
		return cond_bad(p);
	}
	if (strcmp(op->text, "<") == 0)
		cmp = CMP_LT;
	else if (strcmp(op->text, "<=") == 0)
		cmp = CMP_LE;
	else if (strcmp(op->text, ">") == 0)
		cmp = CMP_GT;
	else
		cmp = CMP_GE;
	return cond_int_node(p, f, cmp, v);
}

/*
 * Compiled without UTF (and with UTF forbidden) so that a line with bad
 * UTF-8 is matched byte by byte instead of failing.  JIT when it can;
 * *jit says whether it could.
 */
struct cond_re *
cond_re_new(const char *pattern, size_t len, uint32_t options, int *jit,
    char *err, size_t errsize)
{
	struct cond_re	*re;
	PCRE2_UCHAR	 msg[256];
	PCRE2_SIZE	 off;
	int		 ec, rc;

	*jit = 0;
	if ((re = calloc(1, sizeof(*re))) == NULL)
		goto nomem;
	re->code = pcre2_compile((PCRE2_SPTR)pattern, len,
	    PCRE2_NEVER_UTF | options, &ec, &off, NULL);
	if (re->code == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		snprintf(err, errsize, "bad regular expression: %s at offset "
		    "%zu", (const char *)msg, (size_t)off);
		free(re);
		return NULL;
	}
	if ((re->md = pcre2_match_data_create(1, NULL)) == NULL ||
	    (re->mctx = pcre2_match_context_create(NULL)) == NULL)
		goto nomem;
	pcre2_set_match_limit(re->mctx, COND_MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, COND_DEPTH_LIMIT);
	rc = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	if (rc == 0 && (re->jstack = pcre2_jit_stack_create(
	    COND_JIT_STACK_MIN, COND_JIT_STACK_MAX, NULL)) != NULL) {
		pcre2_jit_stack_assign(re->mctx, NULL, re->jstack);
		re->jit = *jit = 1;
	} else
		*jit = rc == 0 ? 0 : rc;
	return re;
 nomem:
	log_warn("%s", __func__);
	snprintf(err, errsize, "out of memory");
	cond_re_free(re);
	return NULL;
}

static struct cond_re *
cond_re_compile(struct cond_parser *p, const struct ctok *t)
{
	struct cond_re	*re;
	char		 err[320];
	int		 jit;

	re = cond_re_new(t->text, strlen(t->text), 0, &jit, err, sizeof(err));
	if (re == NULL) {
		cerrors_addtok(p->errs, t, "%s", err);
		if (strcmp(err, "out of memory") != 0)
			p->failed = 1;
		return NULL;
	}
	if (jit != 1 && !p->jit_logged) {
		log_debug("%s: %s:%d:%d: no JIT (%d), interpreting", __func__,
		    t->file, t->line, t->col, jit);
		p->jit_logged = 1;
	}
	return re;
}

/* FIELD ~ STRING, FIELD !~ STRING */
static struct cond *
cond_regex(struct cond_parser *p, const struct field_def *f,
    const struct ctok *op, int neg)
{
	const struct ctok	*t = cond_peek(p);
	struct cond_re		*re;
	struct cond		*c;

	if (t == NULL || t->type != CT_STRING) {
		cerrors_addtok(p->errs, t != NULL ? t : op, "expected a quoted "
		    "regular expression after '%s'", op->text);
		return NULL;
	}
	p->pos++;
	/* Compile even when the field is wrong, to report both errors. */
	if ((re = cond_re_compile(p, t)) == NULL && !p->failed)
		return NULL;
	if (f != NULL && cond_isnum(f))
		cerrors_addtok(p->errs, op, "'%s' matches text; '%s' is a "
		    "numeric field", op->text, f->name);
	if (re == NULL || f == NULL || cond_isnum(f)) {
		cond_re_free(re);
		return cond_bad(p);
	}
	if ((c = cond_node(p, C_RE, f)) == NULL) {
		cond_re_free(re);
		return NULL;
	}
	c->u.re = re;
	/*
	 * Regexes on the same field share one prefilter pass.  Derived
	 * fields are computed per test, so their regexes always run.
	 */
	if (p->env->pf != NULL && c->vfield == VF_NONE) {
		if (prefilter_add(p->env->pf, f, t->text, &re->pfid) == -1) {
			cerrors_addtok(p->errs, t, "out of memory");
			cond_free(c);
			return NULL;
		}
		re->pf = p->env->pf;
	}
	return neg ? cond_negate(p, c) : c;
}

/* FIELD contains VALUE */
static struct cond *
cond_contains(struct cond_parser *p, const struct field_def *f,
    const struct ctok *op)
{
	const struct ctok	*v;

	if ((v = cond_value(p, op)) == NULL)
		return NULL;
	if (f == NULL)
		return cond_bad(p);
	if (cond_isnum(f)) {
		cerrors_addtok(p->errs, op, "'contains' looks into text; "
		    "'%s' is a numeric field", f->name);
		return cond_bad(p);
	}
	return cond_streq_node(p, f, C_CONTAINS, v);
}

/* FIELD is [not] ip|set|deceptive */
static struct cond *
cond_is(struct cond_parser *p, const struct field_def *f,
    const struct ctok *op)
{
	const struct ctok	*t;
	struct cond		*c;
	int			 neg = 0;

	t = cond_next(p);
	if (cond_isword(t, "not")) {
		neg = 1;
		t = cond_next(p);
	}
	if (!cond_isword(t, "ip") && !cond_isword(t, "set") &&
	    !cond_isword(t, "deceptive")) {
		cerrors_addtok(p->errs, t != NULL ? t : cond_last(p),
		    "expected 'ip', 'set' or 'deceptive' after '%s%s'",
		    op->text, neg ? " not" : "");
		return NULL;
	}
	if (f == NULL)
		return cond_bad(p);
	if (!cond_isword(t, "set") && cond_isnum(f)) {
		cerrors_addtok(p->errs, t, "'%s' is a numeric field, never %s",
		    f->name, cond_isword(t, "ip") ? "an IP address" :
		    "a file name");
		return cond_bad(p);
	}
	if (cond_isword(t, "ip"))
		c = cond_node(p, C_ISIP, f);
	else if (cond_isword(t, "deceptive"))
		c = cond_node(p, C_DECEPTIVE, f);
	else
		c = cond_node(p, C_ISSET, f);
	return neg ? cond_negate(p, c) : c;
}

/* One element of "in [...]": a number, an address or prefix, or text. */
static struct cond *
cond_set_item(struct cond_parser *p, const struct field_def *f,
    const struct ctok *t)
{
	struct cond_addr	 net;
	struct cond		*c;

	if (f == NULL)
		return cond_bad(p);
	if (cond_isnum(f))
		return cond_int_node(p, f, CMP_EQ, t);
	/* Addresses compare as addresses: "::1" is "0::1". */
	if (t->type != CT_NUMBER && cond_cidr_parse(t->text, &net) == 0) {
		if ((c = cond_node(p, C_CIDR, f)) != NULL)
			c->u.net = net;
		return c;
	}
	return cond_streq_node(p, f, C_STREQ, t);
}

/*
 * A set whose members all compare the same field the same way reads the
 * field once (url.extension in [exe, dll, ...] works out the extension
 * once, not once per member).
 */
static void
cond_set_kind(struct cond *c)
{
	size_t	 i;

	c->set = c->nkids > 0 ? c->kids[0]->op : C_BAD;
	if (c->set != C_STREQ && c->set != C_INT)
		c->set = C_BAD;
	for (i = 0; i < c->nkids; i++)
		if (c->kids[i]->op != c->set)
			c->set = C_BAD;
}

/* FIELD in [ VALUE { , VALUE } ]: an OR of equality tests. */
static struct cond *
cond_set(struct cond_parser *p, const struct field_def *f,
    const struct ctok *open)
{
	const struct ctok	*t;
	struct cond		*c, *k;

	if ((c = cond_node(p, C_OR, f)) == NULL)
		return NULL;
	for (;;) {
		if ((t = cond_next(p)) == NULL) {
			cerrors_addtok(p->errs, open, "unbalanced brackets: "
			    "'[' is not closed");
			goto fail;
		}
		if (cond_ispunct(t, "]"))
			break;
		if (t->type == CT_PUNCT) {
			cerrors_addtok(p->errs, t, "expected a value in the "
			    "set, got '%s'", t->text);
			goto fail;
		}
		if ((k = cond_set_item(p, f, t)) == NULL ||
		    cond_addkid(p, c, k) == -1)
			goto fail;
		t = cond_peek(p);
		if (cond_ispunct(t, ","))
			p->pos++;
		else if (!cond_ispunct(t, "]")) {
			if (t == NULL)
				cerrors_addtok(p->errs, open, "unbalanced "
				    "brackets: '[' is not closed");
			else
				cerrors_addtok(p->errs, t, "expected ',' or "
				    "']' in the set");
			goto fail;
		}
	}
	if (c->nkids == 0) {
		cerrors_addtok(p->errs, open, "empty set");
		p->failed = 1;
	}
	cond_set_kind(c);
	return c;
 fail:
	cond_free(c);
	return NULL;
}

/* FIELD in list NAME */
static struct cond *
cond_inlist(struct cond_parser *p, const struct field_def *f)
{
	const struct ctok	*t = cond_next(p);
	struct list		*l = NULL;
	struct cond		*c;

	if (t == NULL || (t->type != CT_WORD && t->type != CT_STRING)) {
		cerrors_addtok(p->errs, t != NULL ? t : cond_last(p),
		    "expected a list name after 'list'");
		return NULL;
	}
	if (p->env->lookup != NULL)
		l = p->env->lookup(p->env->arg, t->text);
	if (l == NULL) {
		cerrors_addtok(p->errs, t, "unknown list '%s'", t->text);
		return cond_bad(p);
	}
	if (f == NULL)
		return cond_bad(p);
	if ((c = cond_node(p, C_LIST, f)) != NULL)
		c->u.list = l;
	return c;
}

/* FIELD [not] in profile KEY */
static struct cond *
cond_inprofile(struct cond_parser *p, const struct field_def *f, int neg)
{
	const struct ctok	*t = cond_next(p);
	struct cond		*c;
	int			 k;

	if (t == NULL || t->type != CT_WORD) {
		cerrors_addtok(p->errs, t != NULL ? t : cond_last(p),
		    "expected a profile key after 'profile'");
		return NULL;
	}
	if ((k = profile_key_from_name(t->text)) == -1) {
		cerrors_addtok(p->errs, t, "unknown profile key '%s'",
		    t->text);
		return cond_bad(p);
	}
	if (p->env->profiles == NULL) {
		cerrors_addtok(p->errs, t, "no profiles here");
		return cond_bad(p);
	}
	if (f == NULL)
		return cond_bad(p);
	if (cond_isnum(f) != profile_key_numeric(k)) {
		cerrors_addtok(p->errs, t, "profile key '%s' takes %s; '%s' "
		    "is a %s field", t->text, profile_key_numeric(k) ?
		    "numbers" : "text", f->name, cond_isnum(f) ? "numeric" :
		    "string");
		return cond_bad(p);
	}
	if ((c = cond_node(p, C_PROFILE, f)) == NULL)
		return NULL;
	c->u.prof.set = p->env->profiles;
	c->u.prof.key = k;
	c->u.prof.neg = neg;
	return c;
}

/* FIELD in list NAME | FIELD in [ ... ] | FIELD in CIDR */
static struct cond *
cond_in(struct cond_parser *p, const struct field_def *f,
    const struct ctok *op, int neg)
{
	const struct ctok	*t = cond_next(p);
	struct cond		*c;

	if (cond_isword(t, "profile"))
		return cond_inprofile(p, f, neg);
	if (neg) {
		/* Put the token back: the positive test reads it. */
		if (t != NULL)
			p->pos--;
		return cond_negate(p, cond_in(p, f, op, 0));
	}
	if (cond_isword(t, "list"))
		return cond_inlist(p, f);
	if (cond_ispunct(t, "["))
		return cond_set(p, f, t);
	if (t == NULL || t->type == CT_PUNCT) {
		cerrors_addtok(p->errs, t != NULL ? t : op, "expected 'list "
		    "NAME', '[' or an address prefix after '%s'", op->text);
		return NULL;
	}
	if (f == NULL)
		return cond_bad(p);
	if (cond_isnum(f)) {
		cerrors_addtok(p->errs, t, "'%s' is a numeric field, never "
		    "in an address prefix", f->name);
		return cond_bad(p);
	}
	if ((c = cond_node(p, C_CIDR, f)) == NULL)
		return NULL;
	if (cond_cidr_parse(t->text, &c->u.net) == -1) {
		cerrors_addtok(p->errs, t, "'%s' is not an IP address or "
		    "prefix", t->text);
		cond_free(c);
		return cond_bad(p);
	}
	return c;
}

/* A field of the logevent, or a derived one. */
static const struct field_def *
cond_field_lookup(struct cond_parser *p, const struct ctok *t)
{
	const struct field_def	*f;
	size_t			 i;

	if ((f = field_lookup(t->text)) != NULL)
		return f;
	for (i = 0; i < sizeof(cond_vfields) / sizeof(cond_vfields[0]); i++)
		if (strcmp(cond_vfields[i].name, t->text) == 0)
			break;
	if (i == sizeof(cond_vfields) / sizeof(cond_vfields[0])) {
		cerrors_addtok(p->errs, t, "unknown field '%s'", t->text);
		return NULL;
	}
	f = &cond_vfields[i];
	if ((i + 1 == VF_DST_COUNTRY || i + 1 == VF_SRC_COUNTRY) &&
	    p->env->geo == NULL) {
		cerrors_addtok(p->errs, t, "'%s' needs a country database",
		    t->text);
		return NULL;
	}
	return f;
}

/* test := FIELD operator ... */
static struct cond *
cond_test_parse(struct cond_parser *p)
{
	const struct ctok	*t, *op;
	const struct field_def	*f = NULL;

	t = cond_next(p);
	if (t->type != CT_WORD) {
		cerrors_addtok(p->errs, t, "expected a field name, got '%s'",
		    t->text);
		return NULL;
	}
	if ((f = cond_field_lookup(p, t)) == NULL)
		p->failed = 1;
	if ((op = cond_next(p)) == NULL) {
		cerrors_addtok(p->errs, t, "expected an operator after '%s'",
		    t->text);
		return NULL;
	}
	if (cond_isword(op, "in"))
		return cond_in(p, f, op, 0);
	if (cond_isword(op, "not") && cond_isword(cond_peek(p), "in")) {
		p->pos++;
		return cond_in(p, f, op, 1);
	}
	if (cond_isword(op, "is"))
		return cond_is(p, f, op);
	if (cond_isword(op, "contains"))
		return cond_contains(p, f, op);
	if (cond_ispunct(op, "==") || cond_ispunct(op, "!="))
		return cond_equal(p, f, op, op->text[0] == '!');
	if (cond_ispunct(op, "=")) {
		cerrors_addtok(p->errs, op, "use '==' for equality");
		p->failed = 1;
		return cond_equal(p, f, op, 0);
	}
	if (cond_ispunct(op, "<") || cond_ispunct(op, "<=") ||
	    cond_ispunct(op, ">") || cond_ispunct(op, ">="))
		return cond_compare(p, f, op);
	if (cond_ispunct(op, "~") || cond_ispunct(op, "!~"))
		return cond_regex(p, f, op, op->text[0] == '!');
	if (cond_isword(op, "not"))
		cerrors_addtok(p->errs, op, "write 'not %s ...' to negate a "
		    "test", t->text);
	else
		cerrors_addtok(p->errs, op, "expected an operator after '%s', "
		    "got '%s'", t->text, op->text);
	return NULL;
}

/* The test as written, for explanations: its tokens, strings quoted. */
static char *
cond_test_text(const struct ctok *t, size_t n)
{
	char	*buf, *q;
	size_t	 i, len = 1;

	for (i = 0; i < n; i++)
		len += strlen(t[i].text) + 3;
	if ((buf = q = malloc(len)) == NULL)
		return NULL;
	*q = '\0';
	for (i = 0; i < n; i++)
		q += snprintf(q, len - (size_t)(q - buf), t[i].type == CT_STRING ?
		    "%s\"%s\"" : "%s%s", i > 0 && !cond_ispunct(&t[i], ",") &&
		    !cond_ispunct(&t[i], "]") && !cond_ispunct(&t[i - 1], "[") ?
		    " " : "", t[i].text);
	return buf;
}

static struct cond *
cond_test(struct cond_parser *p)
{
	size_t		 start = p->pos;
	struct cond	*c;

	if ((c = cond_test_parse(p)) != NULL && p->pos > start)
		c->text = cond_test_text(p->toks + start, p->pos - start);
	return c;
}

/* "(" expr ")", after the "(" */
static struct cond *
cond_paren(struct cond_parser *p, const struct ctok *open)
{
	const struct ctok	*t;
	struct cond		*c;

	if ((c = cond_expr(p)) == NULL)
		return NULL;
	t = cond_next(p);
	if (cond_ispunct(t, ")"))
		return c;
	if (t == NULL)
		cerrors_addtok(p->errs, open, "unbalanced parentheses: "
		    "'(' is not closed");
	else
		cerrors_addtok(p->errs, t, "unexpected '%s' (missing 'and', "
		    "'or' or ')'?)", t->text);
	cond_free(c);
	return NULL;
}

static struct cond *
cond_factor(struct cond_parser *p)
{
	const struct ctok	*t = cond_peek(p);
	struct cond		*c;

	if (t == NULL) {
		cerrors_addtok(p->errs, cond_last(p), "expected a condition "
		    "after '%s'", cond_last(p)->text);
		return NULL;
	}
	if (cond_isword(t, "and") || cond_isword(t, "or") ||
	    cond_ispunct(t, ")")) {
		cerrors_addtok(p->errs, t, "expected a condition, got '%s'",
		    t->text);
		return NULL;
	}
	if (!cond_isword(t, "not") && !cond_ispunct(t, "("))
		return cond_test(p);
	if (p->depth >= COND_MAX_DEPTH) {
		cerrors_addtok(p->errs, t, "condition nested too deeply "
		    "(more than %d levels)", COND_MAX_DEPTH);
		return NULL;
	}
	p->pos++;
	p->depth++;
	if (t->type == CT_PUNCT)
		c = cond_paren(p, t);
	else
		c = cond_negate(p, cond_factor(p));
	p->depth--;
	return c;
}

/* sub { kw sub }, as one n-ary node when there is more than one. */
static struct cond *
cond_chain(struct cond_parser *p, const char *kw, enum cond_op op,
    struct cond *(*sub)(struct cond_parser *))
{
	struct cond	*first, *c, *k;

	if ((first = sub(p)) == NULL)
		return NULL;
	if (!cond_isword(cond_peek(p), kw))
		return first;
	if ((c = cond_node(p, op, NULL)) == NULL) {
		cond_free(first);
		return NULL;
	}
	if (cond_addkid(p, c, first) == -1)
		goto fail;
	while (cond_isword(cond_peek(p), kw)) {
		p->pos++;
		if ((k = sub(p)) == NULL || cond_addkid(p, c, k) == -1)
			goto fail;
	}
	return c;
 fail:
	cond_free(c);
	return NULL;
}

static struct cond *
cond_term(struct cond_parser *p)
{
	return cond_chain(p, "and", C_AND, cond_factor);
}

static struct cond *
cond_expr(struct cond_parser *p)
{
	return cond_chain(p, "or", C_OR, cond_term);
}

struct cond *
cond_parse(const struct ctok *toks, size_t ntoks, cond_list_lookup lookup,
    void *arg, struct cerrors *errs)
{
	struct cond_env	 env;

	memset(&env, 0, sizeof(env));
	env.lookup = lookup;
	env.arg = arg;
	return cond_parse_env(toks, ntoks, &env, errs);
}

struct cond *
cond_parse_env(const struct ctok *toks, size_t ntoks,
    const struct cond_env *env, struct cerrors *errs)
{
	struct cond_parser	 p;
	const struct ctok	*t;
	struct cond		*c;

	if (ntoks == 0) {
		/* No token to point at; the caller knows the statement. */
		cerrors_add(errs, "-", 0, 0, "empty condition");
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.toks = toks;
	p.ntoks = ntoks;
	p.env = env;
	p.errs = errs;
	if ((c = cond_expr(&p)) == NULL)
		return NULL;
	if ((t = cond_peek(&p)) != NULL) {
		if (cond_ispunct(t, ")"))
			cerrors_addtok(errs, t, "unbalanced parentheses: "
			    "unexpected ')'");
		else
			cerrors_addtok(errs, t, "unexpected '%s' after the "
			    "condition (missing 'and' or 'or'?)", t->text);
		p.failed = 1;
	}
	if (p.failed) {
		cond_free(c);
		return NULL;
	}
	return c;
}

/* Evaluation: no allocation, short-circuit. */

/* The extension of the last path segment, lowercased, into buf. */
static struct slice
cond_extension(struct slice s, char *buf)
{
	struct slice	 r = { NULL, 0 };
	const char	*end = s.p + s.len, *q, *dot = NULL;
	size_t		 i;

	if (s.len == 0)
		return r;
	if ((q = memchr(s.p, '?', s.len)) != NULL)
		end = q;
	for (q = end; q > s.p && q[-1] != '/' && q[-1] != '\\'; q--)
		if (q[-1] == '.' && dot == NULL)
			dot = q - 1;
	if (dot == NULL || end - dot - 1 <= 0 || end - dot - 1 >= COND_VBUF)
		return r;
	for (i = 0; i < (size_t)(end - dot - 1); i++)
		buf[i] = (char)tolower((unsigned char)dot[1 + i]);
	r.p = buf;
	r.len = i;
	return r;
}

/* The text a test looks at: a field, or a value derived from fields. */
struct slice
cond_str(const struct cond *c, const struct logevent *ev, char *buf)
{
	struct slice	 r = { NULL, 0 };

	switch (c->vfield) {
	case VF_NONE:
		return field_str(ev, c->field);
	case VF_DST_COUNTRY:
	case VF_SRC_COUNTRY:
		if (c->geo == NULL || geo_country(*c->geo,
		    c->vfield == VF_DST_COUNTRY ? ev->dst_ip : ev->src_ip,
		    buf) == -1)
			return r;
		r.p = buf;
		r.len = 2;
		return r;
	case VF_URL_EXT:
		return cond_extension(ev->url_path.len > 0 ? ev->url_path :
		    ev->url, buf);
	case VF_FILE_EXT:
		return cond_extension(ev->file_name, buf);
	}
	return r;
}

static int
cond_caseeq(const char *a, const char *b, size_t len)
{
	unsigned char	 x, y;
	size_t		 i;

	for (i = 0; i < len; i++) {
		x = (unsigned char)a[i];
		y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return 1;
}

static int
cond_eval_str(const struct cond *c, struct slice s)
{
	if (s.len == 0)
		return 0;
	if (c->op == C_CONTAINS)
		return memmem(s.p, s.len, c->u.str.s, c->u.str.len) != NULL;
	if (s.len != c->u.str.len)
		return 0;
	/* Mostly the same bytes, or not the same letters at all. */
	if (memcmp(s.p, c->u.str.s, s.len) == 0)
		return 1;
	return c->u.str.nocase && cond_caseeq(s.p, c->u.str.s, s.len);
}

static int
cond_eval_int(const struct cond *c, int64_t v)
{
	if (v == -1)
		return 0;
	switch (c->u.num.cmp) {
	case CMP_EQ:
		return v == c->u.num.v;
	case CMP_LT:
		return v < c->u.num.v;
	case CMP_LE:
		return v <= c->u.num.v;
	case CMP_GT:
		return v > c->u.num.v;
	case CMP_GE:
		return v >= c->u.num.v;
	}
	return 0;
}

/*
 * A match that runs into a limit counts as no match (so "!~" is true) and
 * is counted in the expression's limit_hits.  The prefilter first: most
 * signatures are skipped without running.
 */
int
cond_re_match(struct cond_re *re, struct slice s)
{
	int	 rc;

	if (re->jit)
		rc = pcre2_jit_match(re->code, (PCRE2_SPTR)s.p, s.len, 0, 0,
		    re->md, re->mctx);
	else
		rc = pcre2_match(re->code, (PCRE2_SPTR)s.p, s.len, 0, 0,
		    re->md, re->mctx);
	if (rc >= 0)
		return 1;
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		if (re->limit_hits++ == 0)
			log_debug("%s: a regular expression hit its match "
			    "limit (%d); counted as no match", "cond_eval_re",
			    rc);
		break;
	default:
		break;
	}
	return 0;
}

unsigned long long
cond_re_limit_hits(const struct cond_re *re)
{
	return re != NULL ? re->limit_hits : 0;
}

/*
 * A match that runs into a limit counts as no match (so "!~" is true) and
 * is counted in the expression's limit_hits.  The prefilter first: most
 * signatures are skipped without running.
 */
static int
cond_eval_re(struct cond_re *re, struct slice s)
{
	if (s.len == 0)
		return 0;
	if (re->pf != NULL && !prefilter_may(re->pf, re->pfid, s))
		return 0;
	return cond_re_match(re, s);
}

/* A number (a port, an event id) or a derived value: text made in buf. */
static __attribute__((noinline)) const struct indicator *
cond_list_find_made(const struct cond *c, const struct logevent *ev,
    struct lcache *lc)
{
	struct slice		 s;
	char			 buf[COND_VBUF];
	int64_t			 v;
	int			 n;

	if (!cond_isnum(c->field))
		s = cond_str(c, ev, buf);
	else {
		/* Numbers (ports, event ids) are looked up as text. */
		if ((v = field_int(ev, c->field)) == -1)
			return NULL;
		n = snprintf(buf, sizeof(buf), "%lld", (long long)v);
		s.p = buf;
		s.len = (size_t)n;
	}
	return s.len == 0 ? NULL : lcache_match(lc, c->u.list, s);
}

/*
 * A text field as logged, the common case, needs no buffer: every
 * proxy line asks several lists, and a frame with a buffer in it pays
 * for its guard on every call.
 */
static const struct indicator *
cond_list_find(const struct cond *c, const struct logevent *ev,
    struct lcache *lc)
{
	struct slice		 s;

	if (c->vfield != VF_NONE || c->field->type != FIELD_STR)
		return cond_list_find_made(c, ev, lc);
	s = field_str(ev, c->field);
	return s.len == 0 ? NULL : lcache_match(lc, c->u.list, s);
}

/*
 * Rules ask the same lists about the same fields (popular-sites,
 * internal-networks): the first asks, the others read the line's memo.
 * Only a test others make too (cond_mark_shared), of a plain field: a
 * derived value (a country) depends on more than the list and the field.
 */
static int
cond_eval_list(const struct cond *c, const struct logevent *ev,
    struct indicator_hit *hit, struct lcache *lc)
{
	const struct indicator	*ind;
	const void		*m;

	if (c->vfield != VF_NONE || !c->shared)
		ind = cond_list_find(c, ev, lc);
	else if (evmemo_get(ev, list_memo_key(c->u.list), c->field, &m))
		ind = m;
	else {
		ind = cond_list_find(c, ev, lc);
		evmemo_put(ev, list_memo_key(c->u.list), c->field, ind);
	}
	if (ind == NULL)
		return 0;
	if (hit != NULL) {
		hit->value = ind->value;
		hit->description = ind->description;
		hit->source = ind->source;
		hit->list = list_name(c->u.list);
		hit->type = list_type_name(list_type(c->u.list));
		hit->matched = c->field->name;
	}
	return 1;
}

/* The memo's second name for "the profile of the line's endpoint". */
static const char	 cond_memo_profile = 'p';

const struct profile *
cond_profile(const struct profiles *set, const struct logevent *ev)
{
	const struct profile	*prof;
	const void		*m;

	/* The default for everyone: nothing to find, nothing to share. */
	if (!profiles_by_address(set))
		return profiles_find(set, ev->src_ip);
	if (evmemo_get(ev, set, &cond_memo_profile, &m))
		return m;
	prof = profiles_find(set, ev->src_ip);
	evmemo_put(ev, set, &cond_memo_profile, prof);
	return prof;
}

static __attribute__((noinline)) int
cond_eval_profile(const struct cond *c, const struct logevent *ev,
    struct cond_note *note)
{
	const struct profile	*prof;
	struct profile_value	 v;
	char			 buf[COND_VBUF];
	int			 r;

	if ((prof = cond_profile(c->u.prof.set, ev)) == NULL)
		return 0;
	/* No declared normal, no mismatch: and no field to work out. */
	if (!profile_declares(prof, c->u.prof.key))
		return 0;
	memset(&v, 0, sizeof(v));
	if ((v.isnum = cond_isnum(c->field)))
		v.num = field_int(ev, c->field);
	else
		v.s = cond_str(c, ev, buf);
	if ((r = profile_allows(prof, c->u.prof.key, &v, ev)) == -1)
		return 0;
	r = c->u.prof.neg ? r == 0 : r == 1;
	if (r && note != NULL) {
		note->profile = prof;
		note->key = c->u.prof.key;
		note->field = c->field->name;
		if (v.isnum)
			snprintf(note->value, sizeof(note->value), "%lld",
			    (long long)v.num);
		else
			listnorm_quote(v.s, note->value, sizeof(note->value));
	}
	return r;
}

/*
 * A deceptive file name (fname.h): the name and why into note, and
 * into hit as the indicator, which points at note's copy of the name.
 */
static __attribute__((noinline)) int
cond_eval_deceptive(const struct cond *c, const struct logevent *ev,
    struct cond_out *out)
{
	struct fname_verdict	 v;
	char			 buf[COND_VBUF];
	struct slice		 s = cond_str(c, ev, buf);

	if (s.len == 0 || !fname_deceptive(s.p, s.len, &v))
		return 0;
	if (out == NULL || out->note == NULL)
		return 1;
	out->note->profile = NULL;
	out->note->field = c->field->name;
	out->note->why = fname_kind_text(v.kind);
	fname_copy(out->note->value, sizeof(out->note->value), v.name);
	if (out->hit != NULL) {
		out->hit->value = out->note->value;
		out->hit->type = "file";
		out->hit->description = out->note->why;
		out->hit->matched = c->field->name;
		out->hit->list = out->hit->source = NULL;
	}
	return 1;
}

/*
 * A node that returns 0 leaves out as it found it: an "and" restores it
 * when a later operand fails, and "not" gives its operand nothing to
 * fill.  So when the whole condition is true, hit holds the last list
 * test, and note the last profile test, that was true on the path that
 * decided it.
 */
static __attribute__((noinline)) int
cond_eval_and_out(const struct cond *c, const struct logevent *ev,
    struct cond_out *out, struct lcache *lc)
{
	struct cond *const	*kids = c->ekids != NULL ? c->ekids : c->kids;
	struct indicator_hit	 shit;
	struct cond_note	 snote;
	size_t			 i;

	if (out->hit != NULL)
		shit = *out->hit;
	if (out->note != NULL)
		snote = *out->note;
	for (i = 0; i < c->nkids; i++)
		if (!cond_node_eval(kids[i], ev, out, lc)) {
			if (out->hit != NULL)
				*out->hit = shit;
			if (out->note != NULL)
				*out->note = snote;
			return 0;
		}
	return 1;
}

/*
 * The plain truth here; what to restore when a report is asked for in
 * cond_eval_and_out, whose copies would weigh on every node's frame.
 */
static int
cond_eval_and(const struct cond *c, const struct logevent *ev,
    struct cond_out *out, struct lcache *lc)
{
	struct cond *const	*kids = c->ekids != NULL ? c->ekids : c->kids;
	size_t			 i;

	if (out != NULL && c->has_list)
		return cond_eval_and_out(c, ev, out, lc);
	for (i = 0; i < c->nkids; i++)
		if (!cond_node_eval(kids[i], ev, NULL, lc))
			return 0;
	return 1;
}

static int
cond_eval_addr(const struct cond *c, struct slice s)
{
	struct cond_addr	 a;

	if (cond_addr_parse(s.p, s.len, &a) == -1)
		return 0;
	return c->op == C_ISIP || cond_cidr_match(&c->u.net, &a);
}

static __attribute__((noinline)) int
cond_eval_set(const struct cond *c, const struct logevent *ev)
{
	char		 buf[COND_VBUF];
	struct slice	 s;
	int64_t		 v;
	size_t		 i;

	if (c->set == C_INT) {
		v = field_int(ev, c->kids[0]->field);
		for (i = 0; i < c->nkids; i++)
			if (cond_eval_int(c->kids[i], v))
				return 1;
		return 0;
	}
	s = cond_str(c->kids[0], ev, buf);
	for (i = 0; i < c->nkids; i++)
		if (cond_eval_str(c->kids[i], s))
			return 1;
	return 0;
}

/* The tests of a field's text, which may be derived into buf. */
static __attribute__((noinline)) int
cond_eval_text(const struct cond *c, const struct logevent *ev)
{
	char	 buf[COND_VBUF];

	switch (c->op) {
	case C_STREQ:
	case C_CONTAINS:
		return cond_eval_str(c, cond_str(c, ev, buf));
	case C_RE:
		return cond_eval_re(c->u.re, cond_str(c, ev, buf));
	case C_ISIP:
	case C_CIDR:
		return cond_eval_addr(c, cond_str(c, ev, buf));
	case C_ISSET:
		return cond_str(c, ev, buf).len != 0;
	default:
		return 0;
	}
}

/*
 * No buffer here either (cond_eval_text): this runs for every node of
 * every rule an event meets.
 */
static int
cond_node_eval(const struct cond *c, const struct logevent *ev,
    struct cond_out *out, struct lcache *lc)
{
	size_t	 i;

	switch (c->op) {
	case C_LIST:
		return cond_eval_list(c, ev, out != NULL ? out->hit : NULL, lc);
	case C_AND:
		return cond_eval_and(c, ev, out, lc);
	case C_OR:
		if (c->set != C_BAD)
			return cond_eval_set(c, ev);
		for (i = 0; i < c->nkids; i++)
			if (cond_node_eval(c->kids[i], ev, out, lc))
				return 1;
		return 0;
	case C_NOT:
		return !cond_node_eval(c->kids[0], ev, NULL, lc);
	case C_PROFILE:
		return cond_eval_profile(c, ev, out != NULL ? out->note : NULL);
	case C_STREQ:
	case C_CONTAINS:
		if (c->vfield == VF_NONE)
			return cond_eval_str(c, field_str(ev, c->field));
		return cond_eval_text(c, ev);
	case C_INT:
		return cond_eval_int(c, field_int(ev, c->field));
	case C_RE:
	case C_ISIP:
	case C_CIDR:
		return cond_eval_text(c, ev);
	case C_ISSET:
		if (cond_isnum(c->field))
			return field_int(ev, c->field) != -1;
		if (c->vfield == VF_NONE)
			return field_str(ev, c->field).len != 0;
		return cond_eval_text(c, ev);
	case C_SIGMA:
		return stest_eval(c->u.st, ev);
	case C_PRED:
		return c->u.pred.fn(c->u.pred.arg, ev);
	case C_DECEPTIVE:
		/* Mostly an empty field (no file name, a CONNECT's path). */
		if (c->vfield == VF_NONE && field_str(ev, c->field).len == 0)
			return 0;
		return cond_eval_deceptive(c, ev, out);
	case C_CONST:
		return c->u.value;
	case C_BAD:
		break;
	}
	return 0;
}

int
cond_eval_note(const struct cond *c, const struct logevent *ev,
    struct indicator_hit *hit, struct cond_note *note)
{
	struct cond_out	 out;

	/* Cheap resets: this runs for every rule on every event. */
	if (hit != NULL) {
		hit->value = hit->type = hit->list = hit->source = NULL;
		hit->description = hit->matched = NULL;
	}
	if (note != NULL) {
		note->profile = NULL;
		note->why = NULL;
		note->value[0] = '\0';
	}
	if (c == NULL)
		return 0;
	out.hit = hit;
	out.note = note;
	return cond_node_eval(c, ev, hit != NULL || note != NULL ? &out :
	    NULL, NULL);
}

int
cond_eval(const struct cond *c, const struct logevent *ev,
    struct indicator_hit *hit)
{
	/* The plain truth, asked of every rule an event meets. */
	if (hit == NULL)
		return cond_eval_cached(c, ev, NULL);
	return cond_eval_note(c, ev, hit, NULL);
}

int
cond_eval_cached(const struct cond *c, const struct logevent *ev,
    struct lcache *lc)
{
	return c != NULL && cond_node_eval(c, ev, NULL, lc);
}

int
cond_uses_geo(const struct cond *c)
{
	size_t	 i;

	if (c == NULL)
		return 0;
	if (c->vfield == VF_DST_COUNTRY || c->vfield == VF_SRC_COUNTRY)
		return 1;
	for (i = 0; i < c->nkids; i++)
		if (cond_uses_geo(c->kids[i]))
			return 1;
	return 0;
}

unsigned long long
cond_limit_hits(const struct cond *c)
{
	unsigned long long	 n = 0;
	size_t			 i;

	if (c == NULL)
		return 0;
	if (c->op == C_RE)
		n = c->u.re->limit_hits;
	if (c->op == C_SIGMA)
		n = stest_limit_hits(c->u.st);
	for (i = 0; i < c->nkids; i++)
		n += cond_limit_hits(c->kids[i]);
	return n;
}

int
cond_list_leaf(const struct cond *c, const struct list **l,
    const struct field_def **f)
{
	if (c == NULL || c->op != C_LIST || c->vfield != VF_NONE ||
	    c->shared || c->field->type != FIELD_STR)
		return 0;
	*l = c->u.list;
	*f = c->field;
	return 1;
}

/* The profile key a true condition needs declared; see cond.h. */
int
cond_profile_key(const struct cond *c, const struct profiles **set,
    int *key)
{
	const struct profiles	*s;
	size_t			 i;
	int			 k;

	if (c == NULL)
		return 0;
	switch (c->op) {
	case C_PROFILE:
		*set = c->u.prof.set;
		*key = c->u.prof.key;
		return 1;
	case C_AND:
		for (i = 0; i < c->nkids; i++)
			if (cond_profile_key(c->kids[i], set, key))
				return 1;
		return 0;
	case C_OR:
		/* Every alternative needs the same key. */
		for (i = 0; i < c->nkids; i++) {
			if (!cond_profile_key(c->kids[i], &s, &k) ||
			    (i > 0 && (s != *set || k != *key)))
				return 0;
			*set = s;
			*key = k;
		}
		return c->nkids > 0;
	default:
		return 0;
	}
}

/* The prefilter ids one of which a true condition needs; see cond.h. */
int
cond_gate(const struct cond *c, uint32_t *ids, size_t max, size_t *n)
{
	size_t	 i, start = *n;

	if (c == NULL)
		return 0;
	switch (c->op) {
	case C_RE:
		if (!prefilter_filtered(c->u.re->pf, c->u.re->pfid) ||
		    *n == max)
			return 0;
		ids[(*n)++] = c->u.re->pfid;
		return 1;
	case C_SIGMA:
		return stest_gate(c->u.st, ids, max, n);
	case C_CONST:
		/* Never true: gated by nothing at all. */
		return !c->u.value;
	case C_AND:
		/* Any operand that is gated gates the whole. */
		for (i = 0; i < c->nkids; i++) {
			if (cond_gate(c->kids[i], ids, max, n))
				return 1;
			*n = start;
		}
		return 0;
	case C_OR:
		/* Every operand must be gated: the union. */
		for (i = 0; i < c->nkids; i++)
			if (!cond_gate(c->kids[i], ids, max, n)) {
				*n = start;
				return 0;
			}
		return c->nkids > 0;
	default:
		return 0;
	}
}

/* Building conditions for other rule languages. */

static struct cond *
cond_alloc(enum cond_op op)
{
	struct cond	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		log_warn("%s", __func__);
	else
		c->op = op;
	return c;
}

struct cond *
cond_new_bool(enum cond_bool b)
{
	return cond_alloc(b == COND_AND ? C_AND : b == COND_OR ? C_OR :
	    C_NOT);
}

int
cond_add(struct cond *c, struct cond *kid)
{
	struct cond	**k;

	if (kid == NULL)
		return -1;
	if ((c->nkids & (c->nkids - 1)) == 0) {
		k = reallocarray(c->kids, c->nkids ? c->nkids * 2 : 1,
		    sizeof(*k));
		if (k == NULL) {
			log_warn("%s", __func__);
			cond_free(kid);
			return -1;
		}
		c->kids = k;
	}
	c->kids[c->nkids++] = kid;
	c->has_list |= kid->has_list;
	return 0;
}

struct cond *
cond_new_stest(struct stest *t)
{
	struct cond	*c;

	if ((c = cond_alloc(C_SIGMA)) == NULL) {
		stest_free(t);
		return NULL;
	}
	c->u.st = t;
	return c;
}

struct cond *
cond_new_pred(int (*fn)(const void *, const struct logevent *),
    const void *arg)
{
	struct cond	*c;

	if ((c = cond_alloc(C_PRED)) != NULL) {
		c->u.pred.fn = fn;
		c->u.pred.arg = arg;
	}
	return c;
}

struct cond *
cond_new_const(int value)
{
	struct cond	*c;

	if ((c = cond_alloc(C_CONST)) != NULL)
		c->u.value = value != 0;
	return c;
}

/* Append name to buf (", "-separated) unless it is there already. */
static void
cond_explain_add(char *buf, size_t size, const char *name)
{
	size_t	 len = strlen(buf), n = strlen(name);
	char	*p;

	for (p = buf; (p = strstr(p, name)) != NULL; p += n)
		if ((p == buf || p[-1] == ' ') && (p[n] == ',' ||
		    p[n] == '\0'))
			return;
	if (len + n + 3 > size)
		return;
	snprintf(buf + len, size - len, "%s%s", len > 0 ? ", " : "", name);
}

static void
cond_explain_node(const struct cond *c, const struct logevent *ev,
    char *buf, size_t size)
{
	size_t	 i;

	switch (c->op) {
	case C_AND:
	case C_OR:
		for (i = 0; i < c->nkids; i++)
			cond_explain_node(c->kids[i], ev, buf, size);
		break;
	case C_SIGMA:
		if (stest_eval_plain(c->u.st, ev))
			cond_explain_add(buf, size, stest_label(c->u.st));
		break;
	default:
		/* Under a not, a test that holds is why nothing matched. */
		break;
	}
}

size_t
cond_explain(const struct cond *c, const struct logevent *ev, char *buf,
    size_t size)
{
	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (c != NULL)
		cond_explain_node(c, ev, buf, size);
	return strlen(buf);
}

int
cond_ints(const struct cond *c, const struct sfield *f, int64_t *v,
    size_t max, size_t *n)
{
	size_t	 i, start = *n, k;

	if (c == NULL)
		return 0;
	switch (c->op) {
	case C_SIGMA:
		if (stest_field(c->u.st) != f ||
		    (k = stest_ints(c->u.st, v + *n, max - *n)) == 0)
			return 0;
		*n += k;
		return 1;
	case C_AND:
		for (i = 0; i < c->nkids; i++) {
			if (cond_ints(c->kids[i], f, v, max, n))
				return 1;
			*n = start;
		}
		return 0;
	case C_OR:
		for (i = 0; i < c->nkids; i++)
			if (!cond_ints(c->kids[i], f, v, max, n)) {
				*n = start;
				return 0;
			}
		return c->nkids > 0;
	default:
		return 0;
	}
}

int
cond_never(const struct cond *c)
{
	size_t	 i;

	switch (c->op) {
	case C_CONST:
		return !c->u.value;
	case C_AND:
		for (i = 0; i < c->nkids; i++)
			if (cond_never(c->kids[i]))
				return 1;
		return 0;
	case C_OR:
		for (i = 0; i < c->nkids; i++)
			if (!cond_never(c->kids[i]))
				return 0;
		return c->nkids > 0;
	case C_NOT:
		return c->kids[0]->op == C_CONST && c->kids[0]->u.value;
	default:
		return 0;
	}
}

/*
 * A test carries its text as written (field, operator, value; a list
 * by its name, resolved in the one rule set): two tests of the same
 * text on the same field ask the same question.  Nodes without text
 * are the same when their kids are, in order; a Sigma test or a
 * caller's predicate only when it is the same object.
 */
int
cond_same(const struct cond *a, const struct cond *b)
{
	size_t	 i;

	if (a == b)
		return 1;
	if (a == NULL || b == NULL || a->op != b->op ||
	    a->nkids != b->nkids || a->field != b->field ||
	    a->vfield != b->vfield)
		return 0;
	if (a->text != NULL || b->text != NULL)
		return a->text != NULL && b->text != NULL &&
		    strcmp(a->text, b->text) == 0;
	switch (a->op) {
	case C_CONST:
		return a->u.value == b->u.value;
	case C_AND:
	case C_OR:
	case C_NOT:
		for (i = 0; i < a->nkids; i++)
			if (!cond_same(a->kids[i], b->kids[i]))
				return 0;
		return 1;
	default:
		return 0;
	}
}

/* cond_fields below c: 1 with a list among them, 0 without, -1 not. */
static int
cond_fields_of(const struct cond *c, const struct field_def **f,
    size_t max, size_t *n)
{
	size_t	 i;
	int	 r, list = 0;

	switch (c->op) {
	case C_AND:
	case C_OR:
	case C_NOT:
		for (i = 0; i < c->nkids; i++) {
			if ((r = cond_fields_of(c->kids[i], f, max, n)) == -1)
				return -1;
			list |= r;
		}
		return list;
	case C_CONST:
		return 0;
	case C_LIST:
	case C_STREQ:
	case C_CONTAINS:
	case C_INT:
	case C_ISIP:
	case C_CIDR:
	case C_ISSET:
		if (c->vfield != VF_NONE || c->field == NULL)
			return -1;
		for (i = 0; i < *n && f[i] != c->field; i++)
			;
		if (i == *n) {
			if (*n == max)
				return -1;
			f[(*n)++] = c->field;
		}
		return c->op == C_LIST;
	default:
		return -1;
	}
}

int
cond_fields(const struct cond *c, const struct field_def **f, size_t max,
    size_t *n)
{
	*n = 0;
	return c != NULL && cond_fields_of(c, f, max, n) == 1;
}
