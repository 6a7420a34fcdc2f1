/*
 * Squid's "combined" logformat, which is Apache's combined log with the
 * Squid result and hierarchy codes appended:
 *
 *   client ident user [10/Mar/2026:14:02:11 +0100] "METHOD URL HTTP/1.1"
 *       status bytes "referrer" "user agent" TCP_MISS:HIER_DIRECT
 *
 * The trailing codes are optional (Apache writes none), and so are the
 * referrer and user agent (the Common Log Format stops after bytes).
 * Quoted values may hold \" and \\, which are decoded into the arena.
 * A Content-Disposition reply header after them (log_mime_hdrs, or a
 * logformat that adds it) gives file.name (disposition.h).  A request
 * size, what the client sent, is source.bytes: Apache's %I of "%I %O"
 * right after the user agent (mod_logio's "combinedio"), or Squid's
 * %>st right after its codes.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "util/timeutil.h"
#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/url.h"
#include "parsers/disposition.h"

#define COMBINED_METHOD_MAX	32

/* A read position in a line that is not NUL-terminated. */
struct combined_cur {
	const char	*p;
	size_t		 len;
	size_t		 pos;
};

static inline int
combined_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/* The token at pos, up to a space or the end; pos moves past the space. */
static struct slice
combined_token(struct combined_cur *c)
{
	struct slice	 s;
	const char	*sp;

	s.p = c->p + c->pos;
	sp = memchr(s.p, ' ', c->len - c->pos);
	s.len = sp != NULL ? (size_t)(sp - s.p) : c->len - c->pos;
	c->pos += s.len;
	if (c->pos < c->len)
		c->pos++;
	return s;
}

/*
 * \" and \\ to the characters they stand for; other escapes (\xhh,
 * \n) are kept as written, so that what rules see is printable.
 */
static struct slice
combined_unescape(struct logevent *ev, struct slice s)
{
	struct slice	 out = { NULL, 0 };
	char		*d;
	size_t		 i;

	if (logevent_reserve(ev, s.len) == -1)
		return out;
	d = ev->arena + ev->arena_len;
	out.p = d;
	for (i = 0; i < s.len; i++) {
		if (s.p[i] == '\\' && i + 1 < s.len &&
		    (s.p[i + 1] == '"' || s.p[i + 1] == '\\'))
			i++;
		*d++ = s.p[i];
	}
	out.len = (size_t)(d - out.p);
	ev->arena_len += out.len;
	return out;
}

/* Whether s holds \" or \\ (Apache's \xhh alone needs no copy). */
static int
combined_has_escape(struct slice s)
{
	const char	*b = s.p, *end = s.p + s.len;

	while ((b = memchr(b, '\\', (size_t)(end - b))) != NULL) {
		if (b + 1 < end && (b[1] == '"' || b[1] == '\\'))
			return 1;
		b++;
	}
	return 0;
}

/*
 * A quoted value at pos.  It ends at a quote that no backslash escapes
 * and that a space or the end of the line follows, so that Squid's
 * unescaped quotes inside a user agent do not end it early.  Returns
 * -1 when pos is not a quote or the quote never closes.
 */
static int
combined_quoted(struct combined_cur *c, struct logevent *ev,
    struct slice *out)
{
	const char	*p = c->p, *q;
	size_t		 start, i, j, nb;

	if (c->pos >= c->len || p[c->pos] != '"')
		return -1;
	start = i = c->pos + 1;
	for (;;) {
		if ((q = memchr(p + i, '"', c->len - i)) == NULL)
			return -1;
		j = (size_t)(q - p);
		for (nb = 0; j - nb > start && p[j - nb - 1] == '\\'; nb++)
			;
		if (nb % 2 == 0 && (j + 1 == c->len || p[j + 1] == ' '))
			break;
		i = j + 1;
	}
	out->p = p + start;
	out->len = j - start;
	if (combined_has_escape(*out))
		*out = combined_unescape(ev, *out);
	c->pos = j + 1;
	if (c->pos < c->len)
		c->pos++;
	return 0;
}

/* A method is a short token of letters, digits, '_' and '-'. */
static int
combined_is_method(struct slice m)
{
	size_t	 i;
	char	 c;

	if (m.len == 0 || m.len > COMBINED_METHOD_MAX)
		return 0;
	for (i = 0; i < m.len; i++) {
		c = m.p[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    combined_isdigit(c) || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/*
 * "METHOD URL HTTP/1.1", "METHOD URL" (HTTP/0.9), "-", or whatever a
 * client sent that was not HTTP (a TLS hello to a plain port): method
 * and URL only when the first word is a method.
 */
static void
combined_request(struct logevent *ev, struct slice r)
{
	const char	*sp, *last;
	struct slice	 url;

	if ((sp = memchr(r.p, ' ', r.len)) == NULL)
		sp = r.p + r.len;
	ev->method.p = r.p;
	ev->method.len = (size_t)(sp - r.p);
	if (!combined_is_method(ev->method) ||
	    (ev->method.len == 1 && ev->method.p[0] == '-')) {
		ev->method.p = NULL;
		ev->method.len = 0;
		return;
	}
	if (sp == r.p + r.len)
		return;
	url.p = sp + 1;
	url.len = r.len - ev->method.len - 1;
	last = memrchr(url.p, ' ', url.len);
	if (last != NULL && (size_t)(url.p + url.len - last) > 5 &&
	    memcmp(last + 1, "HTTP/", 5) == 0)
		url.len = (size_t)(last - url.p);
	ev->url = slice_dash(url);
	url_split(ev->url.p, ev->url.len, slice_caseeq(ev->method, "CONNECT"),
	    ev);
}

/* "TCP_MISS:HIER_DIRECT" (%Ss:%Sh): the result code before the colon. */
static void
combined_result(struct logevent *ev, struct slice t)
{
	size_t	 i;
	char	 c;

	for (i = 0; i < t.len; i++) {
		c = t.p[i];
		if (c == ':')
			break;
		if (!((c >= 'A' && c <= 'Z') || combined_isdigit(c) ||
		    c == '_'))
			return;
	}
	if (i == 0 || (t.p[0] < 'A' || t.p[0] > 'Z'))
		return;
	ev->result.p = t.p;
	ev->result.len = i;
}

/* client ident user [date] */
static int
combined_head(struct combined_cur *c, struct logevent *ev, const char **err)
{
	struct slice	 host, ident, user;
	const char	*br, *end;
	int		 n;

	host = combined_token(c);
	ident = slice_dash(combined_token(c));
	/* A user name may hold spaces: it runs up to the " [" of the date. */
	br = memchr(c->p + c->pos, '[', c->len - c->pos);
	if (host.len == 0 || br == NULL || br == c->p + c->pos ||
	    br[-1] != ' ') {
		*err = "missing fields";
		return -1;
	}
	user.p = c->p + c->pos;
	user.len = (size_t)(br - 1 - user.p);
	end = memchr(br, ']', (size_t)(c->p + c->len - br));
	n = end == NULL ? -1 : time_parse_clf(br + 1, (size_t)(end - br - 1),
	    &ev->time_ms);
	if (n < 0 || n != end - br - 1) {
		*err = "bad timestamp";
		return -1;
	}
	if (url_is_ip(host))
		ev->src_ip = host;
	else
		ev->src_host = host;
	ev->user = slice_dash(user);
	if (SLICE_EMPTY(ev->user))
		ev->user = ident;
	c->pos = (size_t)(end - c->p) + 1;
	if (c->pos < c->len && c->p[c->pos] == ' ')
		c->pos++;
	return 0;
}

/* "request" status bytes */
static int
combined_middle(struct combined_cur *c, struct logevent *ev,
    const char **err)
{
	struct slice	 req, st, bytes;
	int64_t		 v;

	if (combined_quoted(c, ev, &req) == -1) {
		*err = c->pos < c->len ? "bad request field" : "missing fields";
		return -1;
	}
	st = combined_token(c);
	bytes = combined_token(c);
	if (st.len == 0 || bytes.len == 0) {
		*err = "missing fields";
		return -1;
	}
	if (!(st.len == 1 && st.p[0] == '-')) {
		if (st.len > 3 || slice_uint(st, &v) == -1) {
			*err = "bad status";
			return -1;
		}
		ev->status = (int32_t)v;
	}
	/* CLF writes '-' for a response without a body. */
	if (bytes.len == 1 && bytes.p[0] == '-')
		ev->bytes_in = 0;
	else if (slice_uint(bytes, &ev->bytes_in) == -1) {
		*err = "bad byte count";
		return -1;
	}
	if (!(req.len == 1 && req.p[0] == '-') && req.len > 0)
		combined_request(ev, req);
	return 0;
}

/* A field of digits alone. */
static int
combined_digits(struct slice t)
{
	size_t	 i;

	for (i = 0; i < t.len && combined_isdigit(t.p[i]); i++)
		;
	return t.len > 0 && i == t.len;
}

/*
 * After the user agent: Squid's codes, then a request size if the next
 * field is digits; or, without codes, Apache's %I %O, two numbers, so
 * that the one number other formats append (%D, %T) is not taken.
 */
static int
combined_tail(struct combined_cur *c, struct logevent *ev, const char **err)
{
	struct slice	 t = combined_token(c);
	int64_t		 v;

	if (combined_digits(t)) {
		if (!combined_digits(combined_token(c)))
			return 0;
	} else {
		combined_result(ev, t);
		if (ev->result.len == 0 || !combined_digits(t =
		    combined_token(c)))
			return 0;
	}
	if (slice_uint(t, &v) == -1) {
		*err = "bad request size";
		return -1;
	}
	ev->bytes_out = v;
	return 0;
}

static enum parse_result
combined_parse(void *state, const char *line, size_t len,
    struct logevent *ev, const char **err)
{
	struct combined_cur	 c = { line, len, 0 };
	struct slice		 s;
	const char		*dummy;

	(void)state;
	if (err == NULL)
		err = &dummy;
	while (c.len > 0 && (line[c.len - 1] == '\r' ||
	    line[c.len - 1] == ' '))
		c.len--;
	if (c.len == 0)
		return PARSE_SKIP;
	if (combined_head(&c, ev, err) == -1 ||
	    combined_middle(&c, ev, err) == -1)
		return PARSE_ERROR;
	if (c.pos < c.len && line[c.pos] == '"') {
		if (combined_quoted(&c, ev, &s) == -1) {
			*err = "bad referrer field";
			return PARSE_ERROR;
		}
		ev->referrer = slice_dash(s);
	}
	if (c.pos < c.len && line[c.pos] == '"') {
		if (combined_quoted(&c, ev, &s) == -1) {
			*err = "bad user agent field";
			return PARSE_ERROR;
		}
		ev->user_agent = slice_dash(s);
	}
	if (c.pos < c.len) {
		disposition_scan(ev, line + c.pos, c.len - c.pos);
		if (combined_tail(&c, ev, err) == -1)
			return PARSE_ERROR;
	}
	ev->source = SRC_PROXY;
	ev->format = parser_squid_combined.name;
	ev->transport = slice_cstr("tcp");
	return PARSE_OK;
}

const struct parser parser_squid_combined = {
	"squid-combined", SRC_PROXY,
	"Squid combined / Apache combined access log", 0, NULL, NULL,
	combined_parse
};
