/*
 * JSON scanner: see jscan.h.  Values are checked for well-formedness as
 * they are stepped over (strings closed, numbers in JSON form, brackets
 * matched), so a caller that only reads some members still rejects a
 * broken line.  Nested values are skipped with a small bracket stack;
 * only jscan_find recurses, once per dot of the name it looks for.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hex.h"
#include "event/logevent.h"
#include "parsers/jscan.h"

#define JSCAN_NUMLEN	64	/* longest number jscan_double converts */

static inline int
jscan_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline int
jscan_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *
jscan_ws(const char *p, const char *end)
{
	while (p < end && jscan_isspace(*p))
		p++;
	return p;
}

/*
 * p is just after an opening quote: return the closing quote, or NULL.
 * Most strings hold no backslash, so two memchr()s find the end.  In
 * one that does (a Windows Message is full of \r\n\t), a quote ends
 * it when an even number of backslashes stands before it: memchr()
 * still jumps from quote to quote.
 */
static const char *
jscan_strend(const char *p, const char *end, int *escaped)
{
	const char	*q, *b;

	*escaped = 0;
	if ((q = memchr(p, '"', (size_t)(end - p))) == NULL)
		return NULL;
	if (memchr(p, '\\', (size_t)(q - p)) == NULL)
		return q;
	*escaped = 1;
	for (;;) {
		for (b = q; b > p && b[-1] == '\\'; b--)
			;
		if ((q - b) % 2 == 0)
			return q;
		if ((q = memchr(q + 1, '"', (size_t)(end - q - 1))) == NULL)
			return NULL;
	}
}

static const char *
jscan_digits(const char *p, const char *end)
{
	const char	*s = p;

	while (p < end && jscan_isdigit(*p))
		p++;
	return p == s ? NULL : p;
}

/* -?digits(.digits)?([eE][+-]?digits)?; returns its end or NULL. */
static const char *
jscan_numend(const char *p, const char *end)
{
	if (p < end && *p == '-')
		p++;
	if ((p = jscan_digits(p, end)) == NULL)
		return NULL;
	if (p < end && *p == '.' && (p = jscan_digits(p + 1, end)) == NULL)
		return NULL;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		p = jscan_digits(p, end);
	}
	return p;
}

/* p is on an opening bracket: return just past its match, or NULL. */
static const char *
jscan_skip(const char *p, const char *end)
{
	char	 stack[JSCAN_MAXDEPTH];
	int	 depth = 0, esc;

	for (; p < end; p++) {
		switch (*p) {
		case '{':
		case '[':
			if (depth == JSCAN_MAXDEPTH)
				return NULL;
			stack[depth++] = *p == '{' ? '}' : ']';
			break;
		case '}':
		case ']':
			if (depth == 0 || stack[--depth] != *p)
				return NULL;
			if (depth == 0)
				return p + 1;
			break;
		case '"':
			if ((p = jscan_strend(p + 1, end, &esc)) == NULL)
				return NULL;
			break;
		default:
			break;
		}
	}
	return NULL;
}

static const char *
jscan_literal(const char *p, const char *end, const char *word)
{
	size_t	 n = strlen(word);

	if ((size_t)(end - p) < n || memcmp(p, word, n) != 0)
		return NULL;
	return p + n;
}

/* Value starting at p (not white space); returns its end or NULL. */
static const char *
jscan_value(const char *p, const char *end, struct jvalue *v)
{
	const char	*q;

	v->escaped = 0;
	switch (*p) {
	case '"':
		v->type = JS_STRING;
		if ((q = jscan_strend(p + 1, end, &v->escaped)) == NULL)
			return NULL;
		v->raw.p = p + 1;
		v->raw.len = (size_t)(q - p - 1);
		return q + 1;
	case '{':
	case '[':
		v->type = *p == '{' ? JS_OBJECT : JS_ARRAY;
		q = jscan_skip(p, end);
		break;
	case 't':
		v->type = JS_TRUE;
		q = jscan_literal(p, end, "true");
		break;
	case 'f':
		v->type = JS_FALSE;
		q = jscan_literal(p, end, "false");
		break;
	case 'n':
		v->type = JS_NULL;
		q = jscan_literal(p, end, "null");
		break;
	default:
		v->type = JS_NUMBER;
		q = jscan_numend(p, end);
		break;
	}
	if (q == NULL)
		return NULL;
	v->raw.p = p;
	v->raw.len = (size_t)(q - p);
	return q;
}

int
jscan_blank(const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len && (p[i] == ' ' || p[i] == '\t' ||
	    p[i] == '\r'); i++)
		;
	return i == len;
}

void
jscan_init(struct jscan *js, const char *p, size_t len)
{
	js->p = p;
	js->end = p + len;
	js->depth = 0;
	js->close = '\0';
	js->n = 0;
}

static int
jscan_open(struct jscan *js)
{
	js->p = jscan_ws(js->p, js->end);
	if (js->p == js->end || (*js->p != '{' && *js->p != '['))
		return -1;
	js->close = *js->p == '{' ? '}' : ']';
	js->p++;
	js->depth = 1;
	return 0;
}

/* The key and its colon, for an object member. */
static int
jscan_key(struct jscan *js, struct slice *key)
{
	const char	*q;
	int		 esc;

	if (js->p == js->end || *js->p != '"' ||
	    (q = jscan_strend(js->p + 1, js->end, &esc)) == NULL)
		return -1;
	key->p = js->p + 1;
	key->len = (size_t)(q - key->p);
	js->p = jscan_ws(q + 1, js->end);
	if (js->p == js->end || *js->p != ':')
		return -1;
	js->p = jscan_ws(js->p + 1, js->end);
	return 0;
}

int
jscan_next(struct jscan *js, struct slice *key, struct jvalue *v)
{
	const char	*q;

	if (js->depth == -1)
		return -1;
	if (js->depth == 2)
		return 0;
	if (js->depth == 0 && jscan_open(js) == -1)
		goto bad;
	js->p = jscan_ws(js->p, js->end);
	if (js->p == js->end)
		goto bad;
	if (*js->p == js->close) {
		js->p++;
		js->depth = 2;
		return 0;
	}
	if (js->n > 0) {
		if (*js->p != ',')
			goto bad;
		js->p = jscan_ws(js->p + 1, js->end);
	}
	key->p = NULL;
	key->len = 0;
	if (js->close == '}' && jscan_key(js, key) == -1)
		goto bad;
	if (js->p == js->end || (q = jscan_value(js->p, js->end, v)) == NULL)
		goto bad;
	js->p = q;
	js->n++;
	return 1;
 bad:
	js->depth = -1;
	return -1;
}

int
jscan_enter(struct jscan *sub, const struct jvalue *v)
{
	if (v->type != JS_OBJECT && v->type != JS_ARRAY)
		return -1;
	jscan_init(sub, v->raw.p, v->raw.len);
	return 0;
}

int
jscan_done(const struct jscan *js)
{
	return js->depth == 2 && jscan_ws(js->p, js->end) == js->end;
}

int
jscan_key_is(struct slice key, const char *name)
{
	size_t	 n = strlen(name);

	return key.len == n && memcmp(key.p, name, n) == 0;
}

static int
jscan_hex4(const char *p, const char *end, unsigned *out)
{
	unsigned	 v = 0;
	int		 i, d;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((d = hex_digit((unsigned char)p[i])) == -1)
			return -1;
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return 0;
}

static size_t
jscan_utf8(unsigned cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * \uXXXX at p (just past the 'u'), joined with a following low
 * surrogate; returns the bytes of input used, or 0 if invalid.  The
 * output never outgrows the input: 6 bytes give at most 3, 12 give 4.
 */
static size_t
jscan_ucode(const char *p, const char *end, char *o, size_t *olen)
{
	unsigned	 cp, lo;

	if (jscan_hex4(p, end, &cp) == -1)
		return 0;
	if (cp >= 0xd800 && cp < 0xdc00 && end - p >= 10 && p[4] == '\\' &&
	    p[5] == 'u' && jscan_hex4(p + 6, end, &lo) == 0 &&
	    lo >= 0xdc00 && lo < 0xe000) {
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		*olen = jscan_utf8(cp, o);
		return 10;
	}
	if (cp >= 0xd800 && cp < 0xe000)
		cp = 0xfffd;
	*olen = jscan_utf8(cp, o);
	return 4;
}

static char
jscan_simple_escape(char c)
{
	switch (c) {
	case '"':
	case '\\':
	case '/':
		return c;
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	default:
		return '\0';
	}
}

/* Decode src into o (room for len bytes); the length, or -1. */
static int64_t
jscan_decode(const char *p, size_t len, char *o)
{
	const char	*end = p + len, *q;
	size_t		 n = 0, used, olen;
	char		 c;

	while (p < end) {
		/* Runs without escapes, copied whole: paths have many. */
		if (*p != '\\') {
			if ((q = memchr(p, '\\', (size_t)(end - p))) == NULL)
				q = end;
			memcpy(o + n, p, (size_t)(q - p));
			n += (size_t)(q - p);
			p = q;
			continue;
		}
		if (++p == end)
			return -1;
		if (*p == 'u') {
			if ((used = jscan_ucode(p + 1, end, o + n, &olen)) == 0)
				return -1;
			n += olen;
			p += 1 + used;
			continue;
		}
		if ((c = jscan_simple_escape(*p)) == '\0')
			return -1;
		o[n++] = c;
		p++;
	}
	return (int64_t)n;
}

struct slice
jscan_string(const struct jvalue *v, struct logevent *ev)
{
	struct slice	 s = { NULL, 0 };
	int64_t		 n;

	if (v->type == JS_NULL)
		return s;
	if (v->type != JS_STRING || !v->escaped)
		return v->raw;
	/* Decoding only shrinks: reserve the raw length, decode in place. */
	if (v->raw.len == 0 || logevent_reserve(ev, v->raw.len) == -1)
		return s;
	n = jscan_decode(v->raw.p, v->raw.len, ev->arena + ev->arena_len);
	if (n <= 0)
		return s;
	s.p = ev->arena + ev->arena_len;
	s.len = (size_t)n;
	ev->arena_len += s.len;
	return s;
}

/* One element of an array as text at o; its length (0 for null). */
static size_t
jscan_elem_text(const struct jvalue *e, char *o)
{
	int64_t	 n;

	if (e->type == JS_NULL)
		return 0;
	if (e->type != JS_STRING || !e->escaped) {
		memcpy(o, e->raw.p, e->raw.len);
		return e->raw.len;
	}
	n = jscan_decode(e->raw.p, e->raw.len, o);
	return n > 0 ? (size_t)n : 0;
}

/*
 * The elements joined with ','.  Each element's text is no longer than
 * its raw form, and the commas between them are there in the raw
 * array too: buf of the array's raw length holds it.
 */
static struct slice
jscan_join(const struct jvalue *arr, char *buf)
{
	struct jscan	 js;
	struct slice	 key, s = { arr->raw.p, 0 };
	struct jvalue	 e;

	(void)jscan_enter(&js, arr);
	while (jscan_next(&js, &key, &e) == 1) {
		if (js.n > 1)
			buf[s.len++] = ',';
		s.len += jscan_elem_text(&e, buf + s.len);
	}
	if (s.len > 0)
		s.p = buf;
	return s;
}

struct slice
jscan_text(const struct jvalue *v, char *buf, size_t size)
{
	struct slice	 s = { NULL, 0 };
	int64_t		 n;

	switch (v->type) {
	case JS_NULL:
	case JS_OBJECT:
		return s;
	case JS_ARRAY:
		break;
	case JS_STRING:
		if (v->escaped)
			break;
		/* FALLTHROUGH */
	default:
		return v->raw;
	}
	if (size < v->raw.len) {
		s.len = v->raw.len;
		return s;
	}
	if (v->type == JS_ARRAY)
		return jscan_join(v, buf);
	n = jscan_decode(v->raw.p, v->raw.len, buf);
	s.p = buf;
	s.len = n > 0 ? (size_t)n : 0;
	return s;
}

struct slice
jscan_message(const struct logevent *ev, char *buf, size_t size)
{
	struct slice	 s = ev->raw;
	int64_t		 n;

	if (s.len == 0 || memchr(s.p, '\\', s.len) == NULL)
		return s;
	if (size < s.len) {
		s.p = NULL;
		return s;
	}
	if ((n = jscan_decode(s.p, s.len, buf)) < 0)
		return s;
	s.p = buf;
	s.len = (size_t)n;
	return s;
}

static int
jscan_find_in(const char *p, size_t len, const char *name, size_t nlen,
    struct jvalue *out, int depth)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;

	jscan_init(&js, p, len);
	while (jscan_next(&js, &key, &v) == 1) {
		if (key.len == 0 || key.len > nlen ||
		    memcmp(key.p, name, key.len) != 0)
			continue;
		if (key.len == nlen) {
			*out = v;
			return 1;
		}
		/* "a.b": the member b of an object a, if it has one. */
		if (name[key.len] == '.' && v.type == JS_OBJECT && depth > 0 &&
		    jscan_find_in(v.raw.p, v.raw.len, name + key.len + 1,
		    nlen - key.len - 1, out, depth - 1) == 1)
			return 1;
	}
	return 0;
}

int
jscan_find(const char *p, size_t len, const char *name, size_t nlen,
    struct jvalue *out)
{
	if (nlen == 0)
		return 0;
	return jscan_find_in(p, len, name, nlen, out, JSCAN_FIND_DEPTH);
}

/* The text of a number, from a JS_NUMBER or an unescaped JS_STRING. */
static int
jscan_numtext(const struct jvalue *v, struct slice *s)
{
	const char	*q;

	if (v->type != JS_NUMBER && (v->type != JS_STRING || v->escaped))
		return -1;
	*s = v->raw;
	if (s->len == 0)
		return -1;
	q = jscan_numend(s->p, s->p + s->len);
	return q == s->p + s->len ? 0 : -1;
}

int
jscan_int(const struct jvalue *v, int64_t *out)
{
	struct slice	 s;
	size_t		 i = 0;
	uint64_t	 u = 0, lim;
	int		 neg = 0;

	if (jscan_numtext(v, &s) == -1)
		return -1;
	if (s.p[0] == '-') {
		neg = 1;
		i++;
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < s.len; i++) {
		if (!jscan_isdigit(s.p[i]))
			return -1;
		if (u > (lim - (uint64_t)(s.p[i] - '0')) / 10)
			return -1;
		u = u * 10 + (uint64_t)(s.p[i] - '0');
	}
	if (neg)
		*out = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
	else
		*out = (int64_t)u;
	return 0;
}

int
jscan_double(const struct jvalue *v, double *out)
{
	struct slice	 s;
	char		 buf[JSCAN_NUMLEN];
	char		*ep;
	double		 d;

	if (jscan_numtext(v, &s) == -1 || s.len >= sizeof(buf))
		return -1;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	errno = 0;
	d = strtod(buf, &ep);
	if (*ep != '\0' || errno == ERANGE)
		return -1;
	*out = d;
	return 0;
}

struct slice
jscan_native(struct slice line, const char *name, size_t nlen, char *buf,
    size_t size)
{
	struct slice	 none = { NULL, 0 };
	struct jvalue	 v;

	if (line.len == 0 || jscan_find(line.p, line.len, name, nlen,
	    &v) == 0)
		return none;
	return jscan_text(&v, buf, size);
}
