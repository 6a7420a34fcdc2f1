/*
 * BIND 9 query log (category "queries"), as a file channel writes it,
 * with or without print-time, print-category and print-severity:
 *
 *   02-May-2023 13:33:40.299 queries: info: client @0x7f2d4c0a2b60
 *       10.20.1.15#53211 (www.example.com): view internal: query:
 *       www.example.com IN A +E(0)K (10.1.0.53) [ECS 10.20.1.0/24/0]
 *
 * or as named's syslog channel sends it (parser_parse strips the syslog
 * header and gives its time).  Older releases leave out the "@0x...",
 * older ones still the "(name)" and the server address.  BIND logs the
 * query, not the answer: there is no rcode.  Other named messages in
 * the same file or syslog stream are skipped.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "util/timeutil.h"
#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/url.h"

#define BIND_PREFIX_MAX		3	/* category, severity, "debug N" */
#define BIND_WORD_MAX		32
#define BIND_DNS_PORT		53

/* A read position in a line that is not NUL-terminated. */
struct bind_cur {
	const char	*p;
	size_t		 len;
	size_t		 pos;
};

static inline int
bind_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the token at pos, up to a space or the end. */
static size_t
bind_toklen(const struct bind_cur *c)
{
	const char	*sp;

	sp = memchr(c->p + c->pos, ' ', c->len - c->pos);
	return sp != NULL ? (size_t)(sp - (c->p + c->pos)) : c->len - c->pos;
}

static struct slice
bind_token(struct bind_cur *c)
{
	struct slice	 s;

	s.p = c->p + c->pos;
	s.len = bind_toklen(c);
	c->pos += s.len;
	if (c->pos < c->len)
		c->pos++;
	return s;
}

static int
bind_at(const struct bind_cur *c, const char *lit, size_t n)
{
	return c->len - c->pos >= n && memcmp(c->p + c->pos, lit, n) == 0;
}

/*
 * print-time: "02-May-2023 13:33:40.299" (local, the default) or the
 * ISO 8601 forms of newer releases.  Returns 1 if there was one, 0 if the
 * line does not start with a digit, -1 if it is not a time.
 */
static int
bind_time(struct bind_cur *c, int64_t *t)
{
	const char	*p = c->p;
	int		 n;

	if (c->len == 0 || !bind_isdigit(p[0]))
		return 0;
	if (c->len > 4 && p[4] == '-')
		n = time_parse_iso8601(p, c->len, t);
	else
		n = time_parse_bind(p, c->len, t);
	if (n <= 0 || (size_t)n >= c->len || p[n] != ' ')
		return -1;
	c->pos = (size_t)n + 1;
	return 1;
}

/* "queries:", "info:", "query-errors:", "debug 3:" */
static int
bind_word(const struct bind_cur *c, size_t n)
{
	size_t	 i;
	char	 ch;

	if (n < 2 || n > BIND_WORD_MAX || c->p[c->pos + n - 1] != ':')
		return 0;
	for (i = 0; i < n - 1; i++) {
		ch = c->p[c->pos + i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    bind_isdigit(ch) || ch == '-' || ch == '_'))
			return 0;
	}
	return 1;
}

/* Skip print-category and print-severity; returns how many were seen. */
static int
bind_prefix(struct bind_cur *c)
{
	size_t	 n;
	int	 i;

	for (i = 0; i < BIND_PREFIX_MAX; i++) {
		n = bind_toklen(c);
		if (n == 5 && bind_at(c, "debug", 5) && c->pos + 6 < c->len &&
		    bind_isdigit(c->p[c->pos + 6])) {
			c->pos += 6;
			n = bind_toklen(c);
		}
		if (!bind_word(c, n))
			break;
		c->pos += n;
		if (c->pos < c->len)
			c->pos++;
	}
	return i;
}

/* "10.20.1.15#53211", "2001:db8::15#5353", "fe80::1%eth0#53" */
static int
bind_peer(struct bind_cur *c, struct logevent *ev, const char **err)
{
	struct slice	 tok = bind_token(c);
	const char	*hash, *pct;
	size_t		 i;
	int32_t		 port = 0;

	hash = memchr(tok.p, '#', tok.len);
	if (hash == NULL) {
		*err = "bad client address";
		return -1;
	}
	ev->src_ip.p = tok.p;
	ev->src_ip.len = (size_t)(hash - tok.p);
	if ((pct = memchr(tok.p, '%', ev->src_ip.len)) != NULL)
		ev->src_ip.len = (size_t)(pct - tok.p);
	if (!url_is_ip(ev->src_ip)) {
		*err = "bad client address";
		return -1;
	}
	for (i = 1; hash + i < tok.p + tok.len && bind_isdigit(hash[i]) &&
	    i <= 5; i++)
		port = port * 10 + (hash[i] - '0');
	if (i == 1 || i > 6 || port > 65535) {
		*err = "bad client port";
		return -1;
	}
	ev->src_port = port;
	return 0;
}

/* "(10.1.0.53)": the address the query came to. */
static void
bind_server(struct bind_cur *c, struct logevent *ev)
{
	struct slice	 tok;

	if (c->pos >= c->len || c->p[c->pos] != '(')
		return;
	tok = bind_token(c);
	if (tok.len < 3 || tok.p[tok.len - 1] != ')')
		return;
	tok.p++;
	tok.len -= 2;
	if (url_is_ip(tok))
		ev->dst_ip = tok;
}

/* "www.example.com IN A +E(0)K (10.1.0.53) [ECS ...]" */
static int
bind_query(struct bind_cur *c, struct logevent *ev, const char **err)
{
	struct slice	 qclass, flags;

	ev->dns_query = bind_token(c);
	qclass = bind_token(c);
	ev->dns_qtype = bind_token(c);
	flags = bind_token(c);
	if (ev->dns_query.len == 0 || qclass.len == 0 ||
	    ev->dns_qtype.len == 0 || flags.len == 0) {
		*err = "truncated query";
		return -1;
	}
	if (flags.p[0] != '+' && flags.p[0] != '-') {
		*err = "bad query flags";
		return -1;
	}
	bind_server(c, ev);
	ev->transport = slice_cstr(memchr(flags.p, 'T', flags.len) != NULL ?
	    "tcp" : "udp");
	return 0;
}

/*
 * After "client ": [@0x...] peer [/key name] [(name)]: [view v: ]query:
 * Returns 1 for a query, 0 for another client message, -1 on error.
 */
static int
bind_client(struct bind_cur *c, struct logevent *ev, const char **err)
{
	static const char	 marker[] = " query:";
	const size_t		 mlen = sizeof(marker) - 1;
	const char		*q, *end = c->p + c->len, *from;

	if (bind_at(c, "@0x", 3))
		(void)bind_token(c);
	/* " query:" then a space, or the end of a cut line. */
	for (from = c->p + c->pos; (q = memmem(from, (size_t)(end - from),
	    marker, mlen)) != NULL; from = q + mlen)
		if (q + mlen == end || q[mlen] == ' ')
			break;
	if (q == NULL)
		return 0;
	if (bind_peer(c, ev, err) == -1)
		return -1;
	c->pos = (size_t)(q - c->p) + mlen;
	if (c->pos < c->len)
		c->pos++;
	return bind_query(c, ev, err) == -1 ? -1 : 1;
}

static enum parse_result
bind_parse(void *state, const char *line, size_t len, struct logevent *ev,
    const char **err)
{
	struct bind_cur	 c = { line, len, 0 };
	const char	*dummy;
	int64_t		 t;
	int		 timed, words, r;

	(void)state;
	if (err == NULL)
		err = &dummy;
	while (c.len > 0 && (line[c.len - 1] == '\r' ||
	    line[c.len - 1] == ' '))
		c.len--;
	if (c.len == 0)
		return PARSE_SKIP;
	if ((timed = bind_time(&c, &t)) == -1) {
		*err = "bad timestamp";
		return PARSE_ERROR;
	}
	words = bind_prefix(&c);
	if (!bind_at(&c, "client ", 7)) {
		/*
		 * Another named message, when the line looks like named's
		 * (a time, a syslog header, a category); else not BIND.
		 */
		if (timed || words > 0 || ev->time_ms != 0 ||
		    !SLICE_EMPTY(ev->host_name))
			return PARSE_SKIP;
		*err = "not a BIND log line";
		return PARSE_ERROR;
	}
	c.pos += 7;
	if ((r = bind_client(&c, ev, err)) <= 0)
		return r == 0 ? PARSE_SKIP : PARSE_ERROR;
	if (timed)
		ev->time_ms = t;
	else if (ev->time_ms == 0) {
		*err = "no timestamp (print-time no)";
		return PARSE_ERROR;
	}
	ev->source = SRC_DNS;
	ev->format = parser_bind.name;
	ev->protocol = slice_cstr("dns");
	ev->dst_port = BIND_DNS_PORT;
	return PARSE_OK;
}

const struct parser parser_bind = {
	"bind", SRC_DNS, "BIND 9 query log (file or syslog channel)",
	PARSER_SYSLOG, NULL, NULL, bind_parse
};
