/*
 * Unbound with log-queries and log-replies:
 *
 *   [1773151331] unbound[812:0] info: 10.20.1.15 www.example.com. A IN
 *   [1773151331] unbound[812:0] reply: 10.20.1.15 www.example.com. A IN
 *       NOERROR 0.000123 0 45
 *
 * The time is "[epoch]" in a logfile, "Mar 10 14:02:11" with
 * log-time-ascii, ISO 8601 with log-time-iso, and absent under syslog
 * ("[812:0] info: ..." after the header).  Replies are tagged "reply:"
 * with log-tag-queryreply and "info:" without: the number of words tells
 * them apart.  Everything else Unbound logs to the same place (start of
 * service, statistics, warnings) is skipped.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/log.h"
#include "event/logevent.h"
#include "util/timeutil.h"
#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/url.h"

#define UNBOUND_WORD_MAX	16

/* The reference time for log-time-ascii dates, which lack the year. */
struct unbound_state {
	int64_t		 ref_ms;
};

/* A read position in a line that is not NUL-terminated. */
struct unbound_cur {
	const char	*p;
	size_t		 len;
	size_t		 pos;
};

static inline int
unbound_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int
unbound_islower(char c)
{
	return c >= 'a' && c <= 'z';
}

static void *
unbound_state_new(int64_t mtime_ms)
{
	struct unbound_state	*st;

	if ((st = calloc(1, sizeof(*st))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	st->ref_ms = mtime_ms > 0 ? mtime_ms : (int64_t)time(NULL) * 1000;
	return st;
}

static void
unbound_state_free(void *st)
{
	free(st);
}

static struct slice
unbound_token(struct unbound_cur *c)
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

/* Digits from i; returns the index after them. */
static size_t
unbound_digits(const struct unbound_cur *c, size_t i)
{
	while (i < c->len && unbound_isdigit(c->p[i]))
		i++;
	return i;
}

/* "[1773151331] ", "Mar 10 14:02:11 ", "2026-03-10T14:02:11+01:00 " */
static int
unbound_time(struct unbound_cur *c, const struct unbound_state *st,
    int64_t *t)
{
	const char	*p = c->p;
	size_t		 i;
	int		 n;

	if (c->len > 0 && p[0] == '[') {
		i = unbound_digits(c, 1);
		if (i == 1 || i >= c->len || p[i] != ']')
			return 0;	/* "[pid:tid]" */
		n = time_parse_epoch(p + 1, i - 1, t);
		if (n < 0 || (size_t)n != i - 1 || i + 1 >= c->len ||
		    p[i + 1] != ' ')
			return -1;
		c->pos = i + 2;
		return 1;
	}
	if (c->len > 4 && unbound_isdigit(p[0]) && p[4] == '-')
		n = time_parse_iso8601(p, c->len, t);
	else if (c->len > 3 && p[0] >= 'A' && p[0] <= 'Z' &&
	    time_month_from_name(p, 3) > 0)
		n = time_parse_syslog(p, c->len, st != NULL ? st->ref_ms :
		    (int64_t)time(NULL) * 1000, t);
	else
		return 0;
	if (n <= 0 || (size_t)n >= c->len || p[n] != ' ')
		return -1;
	c->pos = (size_t)n + 1;
	return 1;
}

/* "unbound[812:0] " or, under syslog, "[812:0] " (pid, hex thread). */
static int
unbound_ident(struct unbound_cur *c)
{
	const char	*p = c->p;
	size_t		 i = c->pos, n = 0;

	while (i < c->len && n < 64 && p[i] != '[' && p[i] != ' ') {
		i++;
		n++;
	}
	if (i >= c->len || p[i] != '[')
		return 0;
	i = unbound_digits(c, i + 1);
	if (i >= c->len || p[i] != ':')
		return 0;
	for (i++; i < c->len && p[i] != ']' && i - c->pos < 96; i++)
		if (!unbound_isdigit(p[i]) &&
		    !(p[i] >= 'a' && p[i] <= 'f'))
			return 0;
	if (i + 1 >= c->len || p[i] != ']' || p[i + 1] != ' ')
		return 0;
	c->pos = i + 2;
	return 1;
}

/* "info: ", "reply: ", "notice: "; the word without its colon. */
static struct slice
unbound_type(struct unbound_cur *c)
{
	struct slice	 w = { NULL, 0 };
	size_t		 i = c->pos;

	while (i < c->len && i - c->pos <= UNBOUND_WORD_MAX &&
	    unbound_islower(c->p[i]))
		i++;
	if (i == c->pos || i >= c->len || c->p[i] != ':' ||
	    (i + 1 < c->len && c->p[i + 1] != ' '))
		return w;
	w.p = c->p + c->pos;
	w.len = i - c->pos;
	c->pos = i + 1;
	if (c->pos < c->len)
		c->pos++;
	return w;
}

/* "0.000123": seconds with microseconds, to whole milliseconds. */
static int
unbound_duration(struct slice s, int64_t *ms)
{
	const char	*dot = memchr(s.p, '.', s.len);
	struct slice	 sec, frac;
	int64_t		 v, f = 0;
	size_t		 i;

	sec.p = s.p;
	sec.len = dot != NULL ? (size_t)(dot - s.p) : s.len;
	if (sec.len > 12 || slice_uint(sec, &v) == -1)
		return -1;
	if (dot != NULL) {
		frac.p = dot + 1;
		frac.len = s.len - sec.len - 1;
		if (frac.len == 0 || frac.len > 9 ||
		    slice_uint(frac, &f) == -1)
			return -1;
		for (i = frac.len; i < 3; i++)
			f *= 10;
		for (; i > 3; i--)
			f /= 10;
	}
	*ms = v * 1000 + f;
	return 0;
}

/* "NOERROR 0.000123 0 45" after a reply's question. */
static int
unbound_reply(struct unbound_cur *c, struct logevent *ev, const char **err)
{
	struct slice	 dur, cached, size;

	ev->dns_rcode = slice_dash(unbound_token(c));
	dur = unbound_token(c);
	cached = unbound_token(c);
	size = unbound_token(c);
	if (ev->dns_rcode.len == 0 || dur.len == 0 || cached.len == 0 ||
	    size.len == 0) {
		*err = "truncated reply";
		return -1;
	}
	if ((slice_dash(dur).len > 0 &&
	    unbound_duration(dur, &ev->duration_ms) == -1) ||
	    (slice_dash(size).len > 0 &&
	    slice_uint(size, &ev->bytes_in) == -1)) {
		*err = "bad reply";
		return -1;
	}
	return 0;
}

/*
 * "client name. type class [rcode time cached size]".  Returns 0 for
 * a query or reply, 1 for another message (it does not start with an
 * address), -1 for a broken one.
 */
static int
unbound_message(struct unbound_cur *c, struct logevent *ev,
    const char **err)
{
	struct slice	 ip, name, qclass;

	ip = unbound_token(c);
	if (!url_is_ip(ip))
		return 1;
	ev->src_ip = ip;
	name = unbound_token(c);
	ev->dns_qtype = unbound_token(c);
	qclass = unbound_token(c);
	if (name.len == 0 || ev->dns_qtype.len == 0 || qclass.len == 0) {
		*err = "truncated query";
		return -1;
	}
	/* The root stays "."; other names lose the dot of the root. */
	if (name.len > 1 && name.p[name.len - 1] == '.')
		name.len--;
	ev->dns_query = slice_dash(name);
	ev->dns_qtype = slice_dash(ev->dns_qtype);
	if (c->pos < c->len && unbound_reply(c, ev, err) == -1)
		return -1;
	return 0;
}

static enum parse_result
unbound_parse(void *state, const char *line, size_t len,
    struct logevent *ev, const char **err)
{
	struct unbound_cur	 c = { line, len, 0 };
	struct slice		 type;
	const char		*dummy;
	int64_t			 t;
	int			 timed, ident, r;

	if (err == NULL)
		err = &dummy;
	while (c.len > 0 && (line[c.len - 1] == '\r' ||
	    line[c.len - 1] == ' '))
		c.len--;
	if (c.len == 0)
		return PARSE_SKIP;
	if ((timed = unbound_time(&c, state, &t)) == -1) {
		*err = "bad timestamp";
		return PARSE_ERROR;
	}
	ident = unbound_ident(&c);
	type = unbound_type(&c);
	if (SLICE_EMPTY(type) && (timed || ident)) {
		*err = "no message type";
		return PARSE_ERROR;
	}
	if (!SLICE_EMPTY(type) && !slice_eq(type, "info") &&
	    !slice_eq(type, "query") && !slice_eq(type, "reply"))
		return PARSE_SKIP;
	if ((r = unbound_message(&c, ev, err)) == -1)
		return PARSE_ERROR;
	if (r == 1) {
		if (!SLICE_EMPTY(type))
			return PARSE_SKIP;
		*err = "not an Unbound log line";
		return PARSE_ERROR;
	}
	if (timed)
		ev->time_ms = t;
	else if (ev->time_ms == 0) {
		*err = "no timestamp";
		return PARSE_ERROR;
	}
	ev->source = SRC_DNS;
	ev->format = parser_unbound.name;
	ev->protocol = slice_cstr("dns");
	return PARSE_OK;
}

const struct parser parser_unbound = {
	"unbound", SRC_DNS, "Unbound log-queries and log-replies",
	PARSER_SYSLOG, unbound_state_new, unbound_state_free, unbound_parse
};
