/*
 * Scanning helpers for the firewall and DHCP parsers.  Nothing here
 * allocates per line: values are slices of the line, and decoded values
 * are written once into the event's arena, which the caller reserved.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/log.h"
#include "event/logevent.h"
#include "parsers/kv.h"


struct kv_state {
	int64_t	 mtime_ms;
};

static int
kv_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

void *
kv_state_new(int64_t mtime_ms)
{
	struct kv_state	*st;

	if ((st = malloc(sizeof(*st))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	st->mtime_ms = mtime_ms;
	return st;
}

void
kv_state_free(void *st)
{
	free(st);
}

int64_t
kv_state_mtime(const void *state)
{
	const struct kv_state	*st = state;

	return st->mtime_ms;
}

int
kv_num(const char *p, size_t len, int64_t *v)
{
	return slice_uint((struct slice){ p, len }, v);
}

int32_t
kv_port(const char *p, size_t len)
{
	int64_t	 v;

	if (len > 5 || kv_num(p, len, &v) == -1 || v > 65535)
		return -1;
	return (int32_t)v;
}

struct slice
kv_trim(struct slice s)
{
	while (s.len > 0 && kv_isspace(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && kv_isspace(s.p[s.len - 1]))
		s.len--;
	if (s.len == 0)
		s.p = NULL;
	return s;
}

static char
kv_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
}

int
kv_contains(struct slice s, const char *word)
{
	size_t	 n = strlen(word), i, j;

	for (i = 0; n > 0 && i + n <= s.len; i++) {
		for (j = 0; j < n && kv_lower(s.p[i + j]) == kv_lower(word[j]);
		    j++)
			;
		if (j == n)
			return 1;
	}
	return 0;
}

struct slice
kv_transport(struct slice s)
{
	static const struct {
		const char	*name;
		const char	*num;
		const char	*out;
	} t[] = {
		{ "tcp", "6", "tcp" }, { "udp", "17", "udp" },
		{ "icmp", "1", "icmp" }, { "icmpv6", "58", "icmp" },
		{ "ipv6-icmp", "58", "icmp" }, { "sctp", "132", "sctp" },
		{ "udplite", "136", "udplite" }, { "gre", "47", "gre" },
		{ "esp", "50", "esp" }, { "ah", "51", "ah" },
	};
	struct slice	 none = { NULL, 0 };
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (slice_caseeq(s, t[i].name) || slice_eq(s, t[i].num))
			return slice_cstr(t[i].out);
	return none;
}

void
kv_url(struct logevent *ev, struct slice url, struct slice *host)
{
	const char	*p, *end, *a, *q;
	size_t		 i;

	host->p = NULL;
	host->len = 0;
	/* An absent or empty url= is {NULL, 0}: NULL + 0 is undefined. */
	if (url.len == 0)
		return;
	p = url.p;
	end = url.p + url.len;
	for (i = 0; i < url.len && i < 16 && ((p[i] >= 'a' && p[i] <= 'z') ||
	    (p[i] >= 'A' && p[i] <= 'Z')); i++)
		;
	if (i > 0 && url.len - i >= 3 && memcmp(p + i, "://", 3) == 0) {
		ev->url_scheme.p = p;
		ev->url_scheme.len = i;
		p += i + 3;
	}
	if (p < end && *p != '/') {
		for (a = p; a < end && *a != '/' && *a != '?' && *a != '#'; a++)
			;
		host->p = p;
		host->len = (size_t)(a - p);
		p = a;
	}
	if ((a = memchr(p, '#', (size_t)(end - p))) != NULL)
		end = a;
	q = memchr(p, '?', (size_t)(end - p));
	if (q != p) {
		ev->url_path.p = p;
		ev->url_path.len = (size_t)((q != NULL ? q : end) - p);
	}
	if (q != NULL && q + 1 < end) {
		ev->url_query.p = q + 1;
		ev->url_query.len = (size_t)(end - q - 1);
	}
}

/*
 * End of a "quoted" value that starts at i, after its quote: the next
 * quote that no backslash escapes.  Values are short: a byte loop does
 * as well as memchr or eight bytes at a time here (measured).
 */
static size_t
kv_quoted_end(const char *p, size_t len, size_t i, int *esc)
{
	for (; i < len; i++) {
		if (p[i] == '"')
			return i;
		if (p[i] == '\\') {
			*esc = 1;
			i++;
		}
	}
	return len;
}

/*
 * What ends a key: white space or '='; a value: white space only.  One
 * table load per byte instead of four comparisons on the hot loop.
 */
#define KV_STOP_SPACE	1
#define KV_STOP_EQ	2
static const unsigned char kv_stop[256] = {
	['\t'] = KV_STOP_SPACE, ['\r'] = KV_STOP_SPACE, [' '] = KV_STOP_SPACE,
	['='] = KV_STOP_EQ,
};

int
kv_next(const char *p, size_t len, size_t *pos, struct slice *key,
    struct slice *val, int *esc)
{
	size_t	 i = *pos, start;

	*esc = 0;
	while (i < len && kv_isspace(p[i]))
		i++;
	if (i >= len) {
		*pos = len;
		return 0;
	}
	for (start = i; i < len && !kv_stop[(unsigned char)p[i]]; i++)
		;
	key->p = p + start;
	key->len = i - start;
	val->p = NULL;
	val->len = 0;
	if (i >= len || p[i] != '=') {
		*pos = i;
		return 1;
	}
	i++;
	if (i < len && p[i] == '"') {
		start = ++i;
		i = kv_quoted_end(p, len, i, esc);
		val->p = p + start;
		val->len = i - start;
		*pos = i < len ? i + 1 : len;
		return 1;
	}
	for (start = i; i < len && kv_stop[(unsigned char)p[i]] != KV_STOP_SPACE;
	    i++)
		;
	val->p = p + start;
	val->len = i - start;
	*pos = i;
	return 1;
}

/* v without its backslash escapes at d (room for v.len); the length. */
static size_t
kv_unescape_to(struct slice v, char *d)
{
	size_t	 i, n = 0;

	for (i = 0; i < v.len; i++) {
		if (v.p[i] == '\\' && i + 1 < v.len)
			i++;
		d[n++] = v.p[i];
	}
	return n;
}

struct slice
kv_unescape(struct logevent *ev, struct slice v)
{
	struct slice	 out = { NULL, 0 };

	if (v.len == 0 || logevent_reserve(ev, v.len) == -1)
		return out;
	out.p = ev->arena + ev->arena_len;
	out.len = kv_unescape_to(v, ev->arena + ev->arena_len);
	ev->arena_len += out.len;
	return out;
}

struct slice
kv_native(struct slice line, const char *name, size_t len, char *buf,
    size_t size)
{
	struct slice	 k, v, none = { NULL, 0 };
	size_t		 pos = 0;
	int		 esc;

	while (line.len > 0 && kv_next(line.p, line.len, &pos, &k, &v,
	    &esc) == 1) {
		/* A word without '=' is no key. */
		if (v.p == NULL || k.len != len || memcmp(k.p, name, len) != 0)
			continue;
		if (!esc)
			return v;
		if (size < v.len) {
			none.len = v.len;
			return none;
		}
		v.len = kv_unescape_to(v, buf);
		v.p = buf;
		return v;
	}
	return none;
}

/* One quoted CSV field starting after its quote; returns the end or -1. */
static int
kv_csv_quoted(const char *p, size_t len, size_t *i, struct slice *f,
    int *doubled)
{
	const char	*q;
	size_t		 start = *i;

	*doubled = 0;
	for (;;) {
		q = memchr(p + *i, '"', len - *i);
		if (q == NULL)
			return -1;
		*i = (size_t)(q - p);
		if (*i + 1 < len && p[*i + 1] == '"') {
			*doubled = 1;
			*i += 2;
			continue;
		}
		break;
	}
	f->p = p + start;
	f->len = *i - start;
	(*i)++;
	return 0;
}

int
kv_csv(const char *p, size_t len, struct slice *f, size_t n, uint64_t *dq)
{
	const char	*c;
	size_t		 i = 0, nf = 0;
	int		 doubled;

	*dq = 0;
	while (nf < n && nf < 64) {
		if (i < len && p[i] == '"') {
			i++;
			if (kv_csv_quoted(p, len, &i, &f[nf], &doubled) == -1)
				return -1;
			if (doubled)
				*dq |= (uint64_t)1 << nf;
			/* What follows the closing quote is dropped. */
			c = memchr(p + i, ',', len - i);
		} else {
			c = memchr(p + i, ',', len - i);
			f[nf].p = p + i;
			f[nf].len = (size_t)((c != NULL ? c : p + len) -
			    (p + i));
		}
		nf++;
		if (c == NULL)
			break;
		i = (size_t)(c - p) + 1;
	}
	return (int)nf;
}

struct slice
kv_csv_unquote(struct logevent *ev, struct slice v)
{
	struct slice	 out = { NULL, 0 };
	char		*d;
	size_t		 i, n = 0;

	if (v.len == 0 || logevent_reserve(ev, v.len) == -1)
		return out;
	d = ev->arena + ev->arena_len;
	for (i = 0; i < v.len; i++) {
		d[n++] = v.p[i];
		if (v.p[i] == '"' && i + 1 < v.len && v.p[i + 1] == '"')
			i++;
	}
	ev->arena_len += n;
	out.p = d;
	out.len = n;
	return out;
}

void
kv_mail_user(struct logevent *ev)
{
	struct slice	 user, next;
	size_t		 pos = 0;

	if (logevent_recipient(ev->mail_to, &pos, &user) &&
	    !logevent_recipient(ev->mail_to, &pos, &next))
		ev->user = user;
}
