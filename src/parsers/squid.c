/*
 * Squid native access.log:
 *
 *   time.ms elapsed client code/status bytes method URL user hier/peer type
 *
 * Fields are separated by runs of spaces (Squid pads the elapsed time).
 * Sites that append fields (user agent, referrer) get them ignored,
 * but for two a logformat can add:
 *
 *   - the request size (%>st, headers and body: what the client sent),
 *     source.bytes, when the field right after the tenth is all digits
 *     (a header field is quoted, bracketed or starts with a letter; a
 *     run of more than 18 digits is an error, not a header);
 *   - a Content-Disposition reply header (log_mime_hdrs, or a logformat
 *     that adds %{Content-Disposition}<h), after it or in its place:
 *     its file name is file.name (disposition.h).
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

enum {
	SQ_TIME,
	SQ_ELAPSED,
	SQ_CLIENT,
	SQ_CODE,
	SQ_BYTES,
	SQ_METHOD,
	SQ_URL,
	SQ_USER,
	SQ_HIER,
	SQ_TYPE,
	SQ_NFIELDS
};


static inline int
squid_issep(char c)
{
	/* '\r' so that a CRLF file does not leave it in the last field. */
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * End of the field that starts at i.  Fields are most of every line, so
 * look at eight bytes at a time for one below 0x21 (the classic
 * "has a byte less than n" test, exact for the lowest such byte), then
 * check that byte.
 */
static size_t
squid_field_end(const char *p, size_t i, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t	 ones = 0x0101010101010101ULL;
	uint64_t	 w, m;

	while (len - i >= 8) {
		memcpy(&w, p + i, 8);
		m = (w - ones * 0x21) & ~w & (ones * 0x80);
		if (m == 0) {
			i += 8;
			continue;
		}
		i += (size_t)__builtin_ctzll(m) / 8;
		if (squid_issep(p[i]))
			return i;
		i++;
	}
#endif
	while (i < len && !squid_issep(p[i]))
		i++;
	return i;
}

/* Split into at most n fields; returns how many were found. */
static size_t
squid_split(const char *line, size_t len, struct slice *f, size_t n)
{
	size_t	 i = 0, start, nf = 0;

	while (nf < n) {
		while (i < len && squid_issep(line[i]))
			i++;
		if (i == len)
			break;
		start = i;
		i = squid_field_end(line, i, len);
		f[nf].p = line + start;
		f[nf].len = i - start;
		nf++;
	}
	return nf;
}

/* TCP_MISS/200: the result code, and the status (000 is kept as 0). */
static int
squid_code(struct logevent *ev, struct slice f, const char **err)
{
	const char	*slash = memchr(f.p, '/', f.len);
	struct slice	 st;
	int64_t		 v;

	if (slash == NULL || slash == f.p) {
		*err = "bad result code";
		return -1;
	}
	ev->result.p = f.p;
	ev->result.len = (size_t)(slash - f.p);
	st.p = slash + 1;
	st.len = f.len - ev->result.len - 1;
	if (st.len == 1 && st.p[0] == '-')
		return 0;
	if (st.len > 3 || slice_uint(st, &v) == -1) {
		*err = "bad status";
		return -1;
	}
	ev->status = (int32_t)v;
	return 0;
}

/* HIER_DIRECT/93.184.216.34: the peer is the server when it is an IP. */
static void
squid_hier(struct logevent *ev, struct slice f)
{
	const char	*slash = memchr(f.p, '/', f.len);
	struct slice	 peer;

	if (slash == NULL || !SLICE_EMPTY(ev->dst_ip))
		return;
	peer.p = slash + 1;
	peer.len = f.len - (size_t)(peer.p - f.p);
	if (url_is_ip(peer))
		ev->dst_ip = peer;
}

static int
squid_numbers(struct logevent *ev, const struct slice *f, const char **err)
{
	int64_t	 v;
	int	 n;

	n = time_parse_epoch(f[SQ_TIME].p, f[SQ_TIME].len, &v);
	if (n < 0 || (size_t)n != f[SQ_TIME].len) {
		*err = "bad timestamp";
		return -1;
	}
	ev->time_ms = v;
	if (slice_uint(f[SQ_ELAPSED], &ev->duration_ms) == -1) {
		*err = "bad elapsed time";
		return -1;
	}
	if (squid_code(ev, f[SQ_CODE], err) == -1)
		return -1;
	if (slice_uint(f[SQ_BYTES], &ev->bytes_in) == -1) {
		*err = "bad byte count";
		return -1;
	}
	return 0;
}

/*
 * The fields after the tenth, from line[i]: a request size, then a
 * Content-Disposition anywhere in the rest.
 */
static int
squid_tail(struct logevent *ev, const char *line, size_t len, size_t i,
    const char **err)
{
	struct slice	 f;
	int64_t		 v;
	size_t		 k;

	if (squid_split(line + i, len - i, &f, 1) == 1) {
		for (k = 0; k < f.len && f.p[k] >= '0' && f.p[k] <= '9'; k++)
			;
		if (k == f.len) {
			if (slice_uint(f, &v) == -1) {
				*err = "bad request size";
				return -1;
			}
			ev->bytes_out = v;
			i = (size_t)(f.p + f.len - line);
		}
	}
	if (i + 1 < len)
		disposition_scan(ev, line + i, len - i);
	return 0;
}

static enum parse_result
squid_parse(void *state, const char *line, size_t len, struct logevent *ev,
    const char **err)
{
	struct slice	 f[SQ_NFIELDS];
	const char	*dummy;
	size_t		 nf;

	(void)state;
	if (err == NULL)
		err = &dummy;
	if ((nf = squid_split(line, len, f, SQ_NFIELDS)) == 0)
		return PARSE_SKIP;
	if (nf < SQ_NFIELDS) {
		*err = "missing fields";
		return PARSE_ERROR;
	}
	if (squid_numbers(ev, f, err) == -1)
		return PARSE_ERROR;
	ev->source = SRC_PROXY;
	ev->format = parser_squid.name;
	if (url_is_ip(f[SQ_CLIENT]))
		ev->src_ip = f[SQ_CLIENT];
	else
		ev->src_host = f[SQ_CLIENT];
	ev->transport = slice_cstr(ev->result.len >= 4 &&
	    memcmp(ev->result.p, "UDP_", 4) == 0 ? "udp" : "tcp");
	ev->method = slice_dash(f[SQ_METHOD]);
	ev->url = slice_dash(f[SQ_URL]);
	url_split(ev->url.p, ev->url.len, slice_caseeq(ev->method, "CONNECT"),
	    ev);
	ev->user = slice_dash(f[SQ_USER]);
	squid_hier(ev, f[SQ_HIER]);
	ev->content_type = slice_dash(f[SQ_TYPE]);
	if (squid_tail(ev, line, len, (size_t)(f[SQ_TYPE].p + f[SQ_TYPE].len -
	    line), err) == -1)
		return PARSE_ERROR;
	return PARSE_OK;
}

const struct parser parser_squid = {
	"squid", SRC_PROXY, "Squid native access.log", 0, NULL, NULL,
	squid_parse
};
