/*
 * Syslog headers: RFC 3164 as files and senders really write it (with or
 * without <PRI>, with or without a host, with or without a tag, with the
 * BSD date or rsyslog's RFC 3339 one), and RFC 5424.
 *
 * The function must say "no header" for the formats that carry their own
 * date first (BIND "10-Mar-2026 ...", Squid "1700000000.123 ...",
 * FortiGate "date=...", Palo Alto "1,2026/03/10 ..."), so it accepts a
 * line only when it starts with <PRI> or with one of the two syslog date
 * forms, and the RFC 3339 one only with its 'T'.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "util/timeutil.h"
#include "parsers/syslog.h"

#define SYSLOG_PRI_MAX		191
#define SYSLOG_TAG_MAX		64	/* RFC 3164 says 32; daemons use more */
#define SYSLOG_PID_MAX		32
#define SYSLOG_HOST_MAX		255

/* A read position in a line that is not NUL-terminated. */
struct syslog_cur {
	const char	*p;
	size_t		 len;
	size_t		 pos;
};

static int
syslog_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/* Characters of a host name, an IPv4 or an IPv6 address. */
static int
syslog_ishostc(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    syslog_isdigit(c) || c == '.' || c == '-' || c == '_' ||
	    c == ':' || c == '%';
}

/* Length of the token at pos, up to a space or the end. */
static size_t
syslog_token(const struct syslog_cur *c)
{
	const char	*sp;

	sp = memchr(c->p + c->pos, ' ', c->len - c->pos);
	return sp != NULL ? (size_t)(sp - (c->p + c->pos)) : c->len - c->pos;
}

/* "<PRI>": 1 to 3 digits, at most 191. */
static int
syslog_pri(struct syslog_cur *c, int *pri)
{
	size_t	 i = 1;
	int	 v = 0;

	if (c->len < 3 || c->p[0] != '<')
		return -1;
	while (i < c->len && i <= 3 && syslog_isdigit(c->p[i]))
		v = v * 10 + (c->p[i++] - '0');
	if (i == 1 || i >= c->len || c->p[i] != '>' || v > SYSLOG_PRI_MAX)
		return -1;
	*pri = v;
	c->pos = i + 1;
	return 0;
}

/*
 * A date at pos, followed by a space or the end of the line: the BSD
 * "Mar 10 14:02:11" or RFC 3339 "2026-03-10T14:02:11.123+01:00".
 */
static int
syslog_date(struct syslog_cur *c, int64_t ref_ms, int64_t *t)
{
	const char	*p = c->p + c->pos;
	size_t		 rest = c->len - c->pos;
	int		 n;

	if (rest >= 11 && syslog_isdigit(p[0]) && p[4] == '-' &&
	    (p[10] == 'T' || p[10] == 't'))
		n = time_parse_iso8601(p, rest, t);
	else
		n = time_parse_syslog(p, rest, ref_ms, t);
	if (n <= 0 || ((size_t)n < rest && p[n] != ' '))
		return -1;
	c->pos += (size_t)n;
	if (c->pos < c->len)
		c->pos++;
	return 0;
}

/*
 * "tag:" or "tag[pid]:", then a space or the end.  Not a tag when the
 * name has characters of a key=value message or of a bracket.
 */
static int
syslog_tag(struct syslog_cur *c, struct syslog_header *h)
{
	const char	*p = c->p + c->pos, *end;
	size_t		 n = syslog_token(c), i;

	if (n < 2 || p[n - 1] != ':')
		return -1;
	end = p + n - 1;
	for (i = 0; p + i < end && p[i] != '['; i++)
		if (p[i] == '=' || p[i] == ']' || p[i] == ':' ||
		    p[i] == '"' || (unsigned char)p[i] < 0x21)
			return -1;
	if (i == 0 || i > SYSLOG_TAG_MAX)
		return -1;
	h->app.p = p;
	h->app.len = i;
	if (p + i < end) {
		/* "[pid]" must end right before the colon. */
		if (end[-1] != ']' || (size_t)(end - p) < i + 2 ||
		    (size_t)(end - p) - i - 2 > SYSLOG_PID_MAX ||
		    memchr(p + i + 1, ']', (size_t)(end - p) - i - 2) != NULL)
			return -1;
		h->pid.p = p + i + 1;
		h->pid.len = (size_t)(end - p) - i - 2;
	}
	c->pos += n;
	if (c->pos < c->len)
		c->pos++;
	return 0;
}

/* RFC 3164: after the date, a host (maybe absent), a tag (maybe absent). */
static size_t
syslog_3164(struct syslog_cur *c, struct syslog_header *h)
{
	size_t	 n, i;

	n = syslog_token(c);
	for (i = 0; i < n && syslog_ishostc(c->p[c->pos + i]); i++)
		;
	/* "su:" right after the date is a tag: the sender left the host out. */
	if (n > 0 && i == n && n <= SYSLOG_HOST_MAX &&
	    c->p[c->pos + n - 1] != ':') {
		h->host.p = c->p + c->pos;
		h->host.len = n;
		c->pos += n;
		if (c->pos < c->len)
			c->pos++;
	}
	(void)syslog_tag(c, h);
	return c->pos;
}

/* One RFC 5424 header field: '-' is the NILVALUE. */
static int
syslog_field(struct syslog_cur *c, size_t max, struct slice *s)
{
	size_t	 n = syslog_token(c);

	if (n == 0 || n > max || c->pos + n >= c->len)
		return -1;
	if (!(n == 1 && c->p[c->pos] == '-')) {
		s->p = c->p + c->pos;
		s->len = n;
	}
	c->pos += n + 1;
	return 0;
}

/*
 * STRUCTURED-DATA: '-' or [id name="value" ...]... where a value may
 * hold \" \\ and \].  Returns 0 with pos after it.
 */
static int
syslog_sd(struct syslog_cur *c)
{
	const char	*p = c->p;
	int		 quoted = 0;

	if (c->pos < c->len && p[c->pos] == '-') {
		c->pos++;
		return 0;
	}
	if (c->pos >= c->len || p[c->pos] != '[')
		return -1;
	while (c->pos < c->len) {
		if (p[c->pos] != '[')
			return 0;
		for (c->pos++; c->pos < c->len; c->pos++) {
			if (quoted && p[c->pos] == '\\')
				c->pos++;
			else if (p[c->pos] == '"')
				quoted = !quoted;
			else if (!quoted && p[c->pos] == ']')
				break;
		}
		if (c->pos >= c->len)
			return -1;
		c->pos++;
	}
	return 0;
}

/*
 * RFC 5424 after "<PRI>":
 * VERSION SP TIMESTAMP SP HOST SP APP SP PROCID SP MSGID SP SD [SP MSG].
 */
static size_t
syslog_5424(struct syslog_cur *c, struct syslog_header *h)
{
	static const char	 bom[] = "\xef\xbb\xbf";
	struct slice		 ts = { NULL, 0 };
	int64_t			 t;
	int			 n;

	if (c->pos + 2 > c->len || c->p[c->pos] < '1' ||
	    c->p[c->pos] > '9' || c->p[c->pos + 1] != ' ')
		return 0;
	c->pos += 2;
	if (syslog_field(c, 64, &ts) == -1)
		return 0;
	if (ts.len > 0) {
		n = time_parse_iso8601(ts.p, ts.len, &t);
		if (n < 0 || (size_t)n != ts.len || ts.len < 11 ||
		    (ts.p[10] != 'T' && ts.p[10] != 't'))
			return 0;
		h->time_ms = t;
	}
	if (syslog_field(c, SYSLOG_HOST_MAX, &h->host) == -1 ||
	    syslog_field(c, 48, &h->app) == -1 ||
	    syslog_field(c, 128, &h->pid) == -1 ||
	    syslog_field(c, 32, &h->msgid) == -1 || syslog_sd(c) == -1)
		return 0;
	if (c->pos < c->len) {
		if (c->p[c->pos] != ' ')
			return 0;
		c->pos++;
	}
	if (c->len - c->pos >= 3 && memcmp(c->p + c->pos, bom, 3) == 0)
		c->pos += 3;
	return c->pos;
}

size_t
syslog_header_parse(const char *p, size_t len, int64_t ref_ms,
    struct syslog_header *h)
{
	struct syslog_cur	 c = { p, len, 0 };
	struct syslog_header	 saved;
	size_t			 n;

	memset(h, 0, sizeof(*h));
	h->pri = -1;
	if (len == 0)
		return 0;
	if (p[0] == '<') {
		if (syslog_pri(&c, &h->pri) == -1)
			return 0;
		saved = *h;
		if ((n = syslog_5424(&c, h)) > 0)
			return n;
		*h = saved;
		c.pos = 1;
		(void)syslog_pri(&c, &h->pri);
	}
	if (syslog_date(&c, ref_ms, &h->time_ms) == -1) {
		/* "<189>date=..." (FortiGate): the PRI alone is the header. */
		h->time_ms = 0;
		return h->pri >= 0 ? c.pos : 0;
	}
	return syslog_3164(&c, h);
}
