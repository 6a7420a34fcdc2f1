/*
 * The fields Sigma value tests read (sfield.h): the registry that
 * interns them in an open-addressing table, and reading a value from
 * an event without allocating.  Owns the fields and their buffers.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/log.h"
#include "event/logevent.h"
#include "rules/sfield.h"

/* Room for a number as text, and for an extension; a first native value. */
#define SFIELD_SMALLBUF	64
#define SFIELD_NATIVEBUF	1024

struct sfields {
	struct sfield	**slot;		/* capacity a power of two */
	size_t		  cap;
	size_t		  n;
};

struct sfields *
sfields_new(void)
{
	struct sfields	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->slot = calloc(64, sizeof(*r->slot))) == NULL) {
		log_warn("%s", __func__);
		free(r);
		return NULL;
	}
	r->cap = 64;
	return r;
}

static void
sfield_free(struct sfield *f)
{
	if (f == NULL)
		return;
	free(f->name);
	if (f->buf != NULL)
		free(f->buf->p);
	free(f->buf);
	free(f);
}

void
sfields_free(struct sfields *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->cap; i++)
		sfield_free(r->slot[i]);
	free(r->slot);
	free(r);
}

size_t
sfields_count(const struct sfields *r)
{
	return r != NULL ? r->n : 0;
}

static uint64_t
sfield_hash(enum sfield_kind k, const struct field_def *fd, const char *name,
    const void *scope)
{
	uint64_t	 h = hash64(&k, sizeof(k), 0);

	h = hash64(&fd, sizeof(fd), h);
	if (name != NULL)
		h = hash64(name, strlen(name), h);
	return hash64(&scope, sizeof(scope), h);
}

static int
sfield_is(const struct sfield *f, enum sfield_kind k,
    const struct field_def *fd, const char *name, const void *scope)
{
	if (f->kind != k || f->fd != fd || f->scope != scope)
		return 0;
	return k != SF_NATIVE || strcmp(f->name, name) == 0;
}

static int
sfields_grow(struct sfields *r)
{
	struct sfield	**ns, *f;
	size_t		  i, j, ncap = r->cap * 2;

	if ((ns = calloc(ncap, sizeof(*ns))) == NULL)
		return -1;
	for (i = 0; i < r->cap; i++) {
		if ((f = r->slot[i]) == NULL)
			continue;
		j = sfield_hash(f->kind, f->fd, f->kind == SF_NATIVE ?
		    f->name : NULL, f->scope) & (ncap - 1);
		while (ns[j] != NULL)
			j = (j + 1) & (ncap - 1);
		ns[j] = f;
	}
	free(r->slot);
	r->slot = ns;
	r->cap = ncap;
	return 0;
}

static struct sfield *
sfield_new(enum sfield_kind k, const struct field_def *fd, const char *name,
    const void *scope)
{
	struct sfield	*f;
	const char	*label;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	f->kind = k;
	f->fd = fd;
	switch (k) {
	case SF_FIELD:
		label = fd->name;
		break;
	case SF_URLEXT:
		label = "url.extension";
		break;
	case SF_NATIVE:
		label = name;
		break;
	default:
		label = "line";
		break;
	}
	f->scope = scope;
	if ((f->name = strdup(label)) == NULL ||
	    (f->buf = calloc(1, sizeof(*f->buf))) == NULL ||
	    (f->buf->p = malloc(k == SF_NATIVE || k == SF_RAW ?
	    SFIELD_NATIVEBUF : SFIELD_SMALLBUF)) == NULL) {
		sfield_free(f);
		return NULL;
	}
	f->buf->size = k == SF_NATIVE || k == SF_RAW ? SFIELD_NATIVEBUF :
	    SFIELD_SMALLBUF;
	f->len = strlen(f->name);
	return f;
}

struct sfield *
sfields_get(struct sfields *r, enum sfield_kind k, const struct field_def *fd,
    const char *native, const void *scope)
{
	struct sfield	*f;
	size_t		 j;

	if (k != SF_FIELD)
		fd = NULL;
	if (k != SF_NATIVE)
		native = NULL;
	if (r->n * 2 >= r->cap && sfields_grow(r) == -1)
		goto nomem;
	j = sfield_hash(k, fd, native, scope) & (r->cap - 1);
	for (; (f = r->slot[j]) != NULL; j = (j + 1) & (r->cap - 1))
		if (sfield_is(f, k, fd, native, scope))
			return f;
	if ((f = sfield_new(k, fd, native, scope)) == NULL)
		goto nomem;
	r->slot[j] = f;
	r->n++;
	return f;
nomem:
	log_warn("%s", __func__);
	return NULL;
}

/* The extension of the last segment of the URL path, lowercased. */
static struct slice
sfield_urlext(const struct sfield *f, const struct logevent *ev)
{
	struct slice	 r = { NULL, 0 }, s;
	const char	*end, *q, *dot = NULL;
	size_t		 i, n;

	s = ev->url_path.len > 0 ? ev->url_path : ev->url;
	if (s.len == 0)
		return r;
	end = s.p + s.len;
	if ((q = memchr(s.p, '?', s.len)) != NULL)
		end = q;
	for (q = end; q > s.p && q[-1] != '/' && q[-1] != '\\'; q--)
		if (q[-1] == '.' && dot == NULL)
			dot = q - 1;
	if (dot == NULL || (n = (size_t)(end - dot - 1)) == 0 ||
	    n >= f->buf->size)
		return r;
	for (i = 0; i < n; i++) {
		f->buf->p[i] = dot[1 + i];
		if (f->buf->p[i] >= 'A' && f->buf->p[i] <= 'Z')
			f->buf->p[i] += 'a' - 'A';
	}
	r.p = f->buf->p;
	r.len = n;
	return r;
}

/* A native value, or the whole message, into buf of size bytes. */
static struct slice
sfield_read(const struct sfield *f, const struct logevent *ev, char *buf,
    size_t size)
{
	if (f->kind == SF_NATIVE)
		return logevent_native(ev, f->name, f->len, buf, size);
	return logevent_message(ev, buf, size);
}

/*
 * A native value or the whole message, decoded into the field's buffer
 * when it has escapes: the buffer grows to a value longer than it (a
 * decoded value is never longer than the line), and the value is kept
 * for the rest of the event.  Out of memory, a long value that needs
 * decoding reads as absent (the message as the line is), and says so
 * once.
 */
static struct slice
sfield_decoded(const struct sfield *f, const struct logevent *ev)
{
	struct sfield_scratch	*b = f->buf;
	struct slice		 v;
	char			*np;
	static int		 warned;

	if (ev->gen != 0 && b->gen == ev->gen && b->ev == ev)
		return b->v;
	v = sfield_read(f, ev, b->p, b->size);
	if (v.p == NULL && v.len > b->size) {
		if ((np = realloc(b->p, v.len)) == NULL) {
			if (!warned++)
				log_warn("%s: a value of %zu bytes", f->name,
				    v.len);
			if (f->kind == SF_RAW)
				v = ev->raw;
		} else {
			b->p = np;
			b->size = v.len;
			v = sfield_read(f, ev, b->p, b->size);
		}
	}
	/* Absent is {NULL, 0}, whatever room a value asked for. */
	if (v.p == NULL)
		v.len = 0;
	b->ev = ev;
	b->gen = ev->gen;
	b->v = v;
	return v;
}

int
sfield_isint(const struct sfield *f)
{
	return f->kind == SF_FIELD && f->fd->type != FIELD_STR;
}

int64_t
sfield_int(const struct sfield *f, const struct logevent *ev)
{
	return sfield_isint(f) ? field_int(ev, f->fd) : -1;
}

struct slice
sfield_str(const struct sfield *f, const struct logevent *ev)
{
	struct slice	 r = { NULL, 0 };
	int64_t		 v;
	int		 n;

	switch (f->kind) {
	case SF_FIELD:
		if (f->fd->type == FIELD_STR)
			return field_str(ev, f->fd);
		if ((v = field_int(ev, f->fd)) == -1)
			return r;
		n = snprintf(f->buf->p, f->buf->size, "%lld", (long long)v);
		r.p = f->buf->p;
		r.len = (size_t)n;
		return r;
	case SF_URLEXT:
		return sfield_urlext(f, ev);
	case SF_NATIVE:
	case SF_RAW:
		return sfield_decoded(f, ev);
	}
	return r;
}

int
sfield_present(const struct sfield *f, const struct logevent *ev)
{
	struct slice	 s;

	if (sfield_isint(f))
		return field_int(ev, f->fd) != -1;
	s = sfield_str(f, ev);
	return f->kind == SF_NATIVE ? s.p != NULL : s.len > 0;
}

/* Decimal, or hexadecimal after 0x (access masks, status codes). */
static int
sfield_parse_num(struct slice s, double *v)
{
	char	 buf[64], *end;

	if (s.len == 0 || s.len >= sizeof(buf))
		return -1;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	errno = 0;
	if (s.len > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X'))
		*v = (double)strtoull(buf + 2, &end, 16);
	else
		*v = strtod(buf, &end);
	return errno == 0 && *end == '\0' && end != buf ? 0 : -1;
}

int
sfield_num(const struct sfield *f, const struct logevent *ev, double *v)
{
	int64_t	 i;

	if (sfield_isint(f)) {
		if ((i = field_int(ev, f->fd)) == -1)
			return -1;
		*v = (double)i;
		return 0;
	}
	return sfield_parse_num(sfield_str(f, ev), v);
}

const char *
sfield_name(const struct sfield *f)
{
	return f->name;
}

struct slice
sfield_key_value(const void *k, const struct logevent *ev)
{
	return sfield_str(k, ev);
}

const void *
sfield_key_scope(const void *k)
{
	const struct sfield	*f = k;

	return f->scope;
}
