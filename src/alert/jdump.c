/*
 * Compact JSON text of a jansson tree, as json_dumpb writes it.  What
 * must match jansson, and where it comes from:
 *   - objects in their insertion order, "{}" and "[]" when empty, ":"
 *     and "," with no spaces (JSON_COMPACT);
 *   - in strings, '"' and '\\' escaped, \b \f \n \r \t by name, other
 *     bytes below 0x20 as \u00XX with upper-case hex; '/' and DEL as
 *     they are; UTF-8 written as it is, and a string that is not valid
 *     UTF-8 fails the whole dump;
 *   - integers in decimal; reals as jansson formats them, which is
 *     asked of jansson itself (reals are few in a record).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alert/jdump.h"

struct jdump {
	char	*p;
	size_t	 len;
	size_t	 cap;
	size_t	 flags;
};

/* An ASCII byte a string holds as it is. */
static int
jdump_plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\';
}

static int
jdump_room(struct jdump *d, size_t n)
{
	size_t	 cap;
	char	*np;

	if (d->cap - d->len >= n)
		return 0;
	for (cap = d->cap < 4096 ? 4096 : d->cap; cap - d->len < n; cap *= 2)
		;
	if ((np = realloc(d->p, cap)) == NULL)
		return -1;
	d->p = np;
	d->cap = cap;
	return 0;
}

static int
jdump_put(struct jdump *d, const char *s, size_t n)
{
	if (jdump_room(d, n) == -1)
		return -1;
	memcpy(d->p + d->len, s, n);
	d->len += n;
	return 0;
}

/*
 * The length of the valid UTF-8 sequence at s (at most n bytes) that
 * starts with a byte of 0x80 or more, or 0: no overlong forms, no
 * surrogates, nothing above U+10FFFF.
 */
static size_t
jdump_utf8(const unsigned char *s, size_t n)
{
	uint32_t	 v;
	size_t		 len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, v = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, v = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, v = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	return len;
}

/* The escape of an ASCII byte at o; its length. */
static size_t
jdump_escape(char *o, unsigned char c)
{
	static const char	 hex[] = "0123456789ABCDEF";

	o[0] = '\\';
	switch (c) {
	case '"':	o[1] = '"'; return 2;
	case '\\':	o[1] = '\\'; return 2;
	case '\b':	o[1] = 'b'; return 2;
	case '\f':	o[1] = 'f'; return 2;
	case '\n':	o[1] = 'n'; return 2;
	case '\r':	o[1] = 'r'; return 2;
	case '\t':	o[1] = 't'; return 2;
	default:
		memcpy(o + 1, "u00", 3);
		o[4] = hex[c >> 4];
		o[5] = hex[c & 0xf];
		return 6;
	}
}

/*
 * Eight bytes at p hold none that stops a run: a byte below 0x20, '"',
 * '\\' or one of 0x80 and above.  A byte's subtraction sets its high
 * bit when it is below what is subtracted or was 0x80 or above already;
 * a borrow only runs upward from a byte that set it, so the test is
 * exact about whether there is one.
 */
static int
jdump_word_plain(const unsigned char *p)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	const uint64_t	 high = 0x8080808080808080ULL;
	uint64_t	 w, q, b;

	memcpy(&w, p, sizeof(w));
	q = w ^ (ones * '"');
	b = w ^ (ones * '\\');
	return (((w - ones * 0x20) | (q - ones) | (b - ones)) & high) == 0;
}

/*
 * Room for the worst case first (every byte a six-byte escape), then
 * runs copied whole and the rest byte by byte, with no checks between.
 */
static int
jdump_string(struct jdump *d, const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, run, k;
	char			*o;

	if (n > (SIZE_MAX - 2) / 6 || jdump_room(d, 6 * n + 2) == -1)
		return -1;
	o = d->p + d->len;
	*o++ = '"';
	while (i < n) {
		for (run = i; i < n; i += k) {
			if (i + 8 <= n && jdump_word_plain(s + i))
				k = 8;
			else if (s[i] < 0x80)
				k = jdump_plain(s[i]);
			else if ((k = jdump_utf8(s + i, n - i)) == 0)
				return -1;
			if (k == 0)
				break;
		}
		memcpy(o, str + run, i - run);
		o += i - run;
		if (i < n)
			o += jdump_escape(o, s[i++]);
	}
	*o++ = '"';
	d->len = (size_t)(o - d->p);
	return 0;
}

static int
jdump_int(struct jdump *d, json_int_t v)
{
	char		 b[24];
	size_t		 k = sizeof(b);
	uint64_t	 u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		b[--k] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		b[--k] = '-';
	return jdump_put(d, b + k, sizeof(b) - k);
}

/* jansson's own text of a real, for its exact digits. */
static int
jdump_real(struct jdump *d, const json_t *j)
{
	char	 b[64];
	size_t	 n;

	n = json_dumpb(j, b, sizeof(b), (d->flags & JSON_REAL_PRECISION(31)) |
	    JSON_COMPACT | JSON_ENCODE_ANY);
	if (n == 0 || n > sizeof(b))
		return -1;
	return jdump_put(d, b, n);
}

static int	jdump_value(struct jdump *, const json_t *, int);

static int
jdump_object(struct jdump *d, const json_t *j, int depth)
{
	/* jansson's iterator takes a tree it could change; this reads. */
	json_t	*o = (json_t *)(uintptr_t)j;
	void	*it;
	int	 first = 1;

	if (jdump_put(d, "{", 1) == -1)
		return -1;
	for (it = json_object_iter(o); it != NULL;
	    it = json_object_iter_next(o, it), first = 0)
		if ((!first && jdump_put(d, ",", 1) == -1) ||
		    jdump_string(d, json_object_iter_key(it),
		    json_object_iter_key_len(it)) == -1 ||
		    jdump_put(d, ":", 1) == -1 ||
		    jdump_value(d, json_object_iter_value(it), depth + 1) == -1)
			return -1;
	return jdump_put(d, "}", 1);
}

static int
jdump_array(struct jdump *d, const json_t *j, int depth)
{
	size_t	 i, n = json_array_size(j);

	if (jdump_put(d, "[", 1) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if ((i > 0 && jdump_put(d, ",", 1) == -1) ||
		    jdump_value(d, json_array_get(j, i), depth + 1) == -1)
			return -1;
	return jdump_put(d, "]", 1);
}

static int
jdump_value(struct jdump *d, const json_t *j, int depth)
{
	if (j == NULL || depth > JDUMP_DEPTH)
		return -1;
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return jdump_object(d, j, depth);
	case JSON_ARRAY:
		return jdump_array(d, j, depth);
	case JSON_STRING:
		return jdump_string(d, json_string_value(j),
		    json_string_length(j));
	case JSON_INTEGER:
		return jdump_int(d, json_integer_value(j));
	case JSON_REAL:
		return jdump_real(d, j);
	case JSON_TRUE:
		return jdump_put(d, "true", 4);
	case JSON_FALSE:
		return jdump_put(d, "false", 5);
	case JSON_NULL:
		return jdump_put(d, "null", 4);
	}
	return -1;
}

ssize_t
jdump(const json_t *j, size_t flags, char **buf, size_t *cap)
{
	struct jdump	 d = { *buf, 0, *buf == NULL ? 0 : *cap, flags };
	int		 rc;

	if ((flags & ~(size_t)(JSON_COMPACT | JSON_REAL_PRECISION(31) |
	    JSON_ENCODE_ANY)) != 0)
		return -1;
	if (!(flags & JSON_ENCODE_ANY) && !json_is_object(j) &&
	    !json_is_array(j))
		return -1;
	/* And room for one byte more: a newline or a NUL. */
	rc = jdump_value(&d, j, 0) == -1 ? -1 : jdump_room(&d, 1);
	*buf = d.p;
	*cap = d.cap;
	return rc == -1 ? -1 : (ssize_t)d.len;
}
