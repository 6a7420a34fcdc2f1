/*
 * Zeek logs: conn, dns and http (and the server name of ssl), written
 * either by the ASCII writer (format "zeek": tab-separated, with a header
 * naming the columns) or by the JSON writer (format "zeek-json": one
 * flat object per line).
 *
 * Columns are never assumed: the "#fields" header maps each known field
 * name to a column, and every other column (site additions, the label
 * columns of labelled data sets) is ignored.  Both formats fill the same
 * table of values, one per known field, and share what follows.
 *
 * Zeek is a network monitor, so conn, http and ssl events have source
 * kind "network"; dns events have "dns", so that rules written for DNS
 * servers' logs see Zeek's DNS too.
 *
 * Every column, known or not, can be read by its Zeek name when a rule
 * asks (logevent_native): a TSV line through the header it was read
 * by, which the file's state keeps; a JSON line by its keys.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hex.h"
#include "event/logevent.h"
#include "util/timeutil.h"
#include "parsers/jscan.h"
#include "parsers/kv.h"
#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/url.h"

enum zeek_field {
	ZF_TS,
	ZF_ORIG_H,
	ZF_ORIG_P,
	ZF_RESP_H,
	ZF_RESP_P,
	ZF_PROTO,
	ZF_SERVICE,
	ZF_DURATION,
	ZF_ORIG_BYTES,
	ZF_RESP_BYTES,
	ZF_CONN_STATE,
	ZF_QUERY,
	ZF_QTYPE,
	ZF_RCODE,
	ZF_ANSWERS,
	ZF_METHOD,
	ZF_HOST,
	ZF_URI,
	ZF_REFERRER,
	ZF_USER_AGENT,
	ZF_STATUS,
	ZF_REQ_LEN,
	ZF_RESP_LEN,
	ZF_RESP_MIME,
	ZF_USERNAME,
	ZF_SERVER_NAME,
	/* files.log */
	ZF_FILENAME,
	ZF_MIME_TYPE,
	ZF_SOURCE,
	ZF_SEEN_BYTES,
	ZF_MD5,
	ZF_SHA1,
	ZF_SHA256,
	ZF_TX_HOSTS,
	ZF_RX_HOSTS,
	/* smtp.log */
	ZF_MAILFROM,
	ZF_RCPTTO,
	ZF_FROM,
	ZF_TO,
	ZF_SUBJECT,
	/* notice.log */
	ZF_NOTE,
	ZF_MSG,
	ZF_SRC,
	ZF_DST,
	ZF_P,
	/* ssh.log */
	ZF_AUTH_SUCCESS,
	ZF_CLIENT,
	/* x509.log */
	ZF_FINGERPRINT,
	ZF_SAN_DNS,
	/* only tell which log a line is from */
	ZF_HISTORY,
	ZF_CALL_ID,
	ZF_SSL_HINT,
	ZF_FUID,
	ZF_SSH_HINT,
	ZF_CERT_HINT,
	ZF_PATH,
	ZF_MAX,
	ZF_NONE = 0xff
};

#define ZB(f)	((uint64_t)1 << (f))

enum zeek_path {
	ZP_UNKNOWN,
	ZP_CONN,
	ZP_DNS,
	ZP_HTTP,
	ZP_SSL,
	ZP_FILES,
	ZP_SMTP,
	ZP_NOTICE,
	ZP_SSH,
	ZP_X509,
	ZP_OTHER
};

struct zeek_name {
	const char	*name;
	size_t		 len;
	enum zeek_field	 field;
};

#define ZN(s, f)	{ s, sizeof(s) - 1, f }

/*
 * Sorted by length, then bytewise, for a binary search: a JSON line has
 * a score of keys to look up, most of them not here.
 */
static const struct zeek_name zeek_names[] = {
	ZN("p", ZF_P),
	ZN("to", ZF_TO),
	ZN("ts", ZF_TS),
	ZN("dst", ZF_DST),
	ZN("md5", ZF_MD5),
	ZN("msg", ZF_MSG),
	ZN("src", ZF_SRC),
	ZN("uri", ZF_URI),
	ZN("from", ZF_FROM),
	ZN("fuid", ZF_FUID),
	ZN("host", ZF_HOST),
	ZN("note", ZF_NOTE),
	ZN("sha1", ZF_SHA1),
	ZN("_path", ZF_PATH),
	ZN("proto", ZF_PROTO),
	ZN("query", ZF_QUERY),
	ZN("client", ZF_CLIENT),
	ZN("method", ZF_METHOD),
	ZN("rcptto", ZF_RCPTTO),
	ZN("sha256", ZF_SHA256),
	ZN("source", ZF_SOURCE),
	ZN("answers", ZF_ANSWERS),
	ZN("call_id", ZF_CALL_ID),
	ZN("history", ZF_HISTORY),
	ZN("resumed", ZF_SSL_HINT),
	ZN("san.dns", ZF_SAN_DNS),
	ZN("service", ZF_SERVICE),
	ZN("subject", ZF_SUBJECT),
	ZN("duration", ZF_DURATION),
	ZN("filename", ZF_FILENAME),
	ZN("host_key", ZF_SSH_HINT),
	ZN("mailfrom", ZF_MAILFROM),
	ZN("referrer", ZF_REFERRER),
	ZN("rx_hosts", ZF_RX_HOSTS),
	ZN("tx_hosts", ZF_TX_HOSTS),
	ZN("username", ZF_USERNAME),
	ZN("id.orig_h", ZF_ORIG_H),
	ZN("id.orig_p", ZF_ORIG_P),
	ZN("id.resp_h", ZF_RESP_H),
	ZN("id.resp_p", ZF_RESP_P),
	ZN("mime_type", ZF_MIME_TYPE),
	ZN("conn_state", ZF_CONN_STATE),
	ZN("orig_bytes", ZF_ORIG_BYTES),
	ZN("qtype_name", ZF_QTYPE),
	ZN("rcode_name", ZF_RCODE),
	ZN("resp_bytes", ZF_RESP_BYTES),
	ZN("seen_bytes", ZF_SEEN_BYTES),
	ZN("user_agent", ZF_USER_AGENT),
	ZN("established", ZF_SSL_HINT),
	ZN("fingerprint", ZF_FINGERPRINT),
	ZN("server_name", ZF_SERVER_NAME),
	ZN("status_code", ZF_STATUS),
	ZN("auth_success", ZF_AUTH_SUCCESS),
	ZN("auth_attempts", ZF_SSH_HINT),
	ZN("file_mime_type", ZF_MIME_TYPE),
	ZN("resp_mime_types", ZF_RESP_MIME),
	ZN("request_body_len", ZF_REQ_LEN),
	ZN("response_body_len", ZF_RESP_LEN),
	ZN("certificate.serial", ZF_CERT_HINT),
	ZN("certificate.subject", ZF_CERT_HINT),
};

/* The members of a nested "id" object, for JSON that is not flattened. */
static const struct zeek_name zeek_id_names[] = {
	ZN("orig_h", ZF_ORIG_H),
	ZN("orig_p", ZF_ORIG_P),
	ZN("resp_h", ZF_RESP_H),
	ZN("resp_p", ZF_RESP_P),
};

#define ZEEK_MAXCOLS	256	/* columns after these are never mapped */
#define ZEEK_META_MAX	32	/* longest #empty_field, #unset_field */
#define ZEEK_NUM_DIGITS	18	/* fits an int64_t */
#define ZEEK_HEADERS_MAX 16	/* distinct headers a file keeps for lookups */

/*
 * A header as the native lookup reads it (zeek_native_tsv): the column
 * names, and how an unset and an empty value are written.  It never
 * changes once made, and stays until the state is freed: an event
 * parsed ahead of its turn still points at the header it was read by
 * when the file has gone on to another.
 */
struct zeek_cols {
	struct zeek_cols *next;
	char		 sep;
	char		 empty[ZEEK_META_MAX];
	size_t		 empty_len;
	char		 unset[ZEEK_META_MAX];
	size_t		 unset_len;
	size_t		 len;
	char		 names[];	/* the #fields value */
};

/* The ASCII writer's header, per file. */
struct zeek_state {
	struct zeek_cols *headers;	/* every distinct one, newest first */
	size_t		 nheaders;
	const struct zeek_cols *cols;	/* the one lines are read by now */
	char		 sep;
	char		 set_sep;
	char		 empty[ZEEK_META_MAX];
	size_t		 empty_len;
	char		 unset[ZEEK_META_MAX];
	size_t		 unset_len;
	enum zeek_path	 path;		/* from #path, else from #fields */
	int		 have_fields;
	size_t		 need;		/* columns up to the last mapped one */
	uint8_t		 colmap[ZEEK_MAXCOLS];
};

static inline int
zeek_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Binary search of a table sorted by length, then bytewise.  Keys are
 * short: comparing inline beats calling memcmp().
 */
static enum zeek_field
zeek_lookup(const struct zeek_name *t, size_t n, const char *p, size_t len)
{
	size_t	 lo = 0, hi = n, mid, i;
	int	 c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (t[mid].len != len)
			c = t[mid].len < len ? -1 : 1;
		else
			for (i = 0, c = 0; i < len && (c =
			    (unsigned char)t[mid].name[i] -
			    (unsigned char)p[i]) == 0; i++)
				;
		if (c == 0)
			return t[mid].field;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return ZF_NONE;
}

static enum zeek_path
zeek_path_of(struct slice s)
{
	if (slice_eq(s, "conn"))
		return ZP_CONN;
	if (slice_eq(s, "dns"))
		return ZP_DNS;
	if (slice_eq(s, "http"))
		return ZP_HTTP;
	if (slice_eq(s, "ssl"))
		return ZP_SSL;
	if (slice_eq(s, "files"))
		return ZP_FILES;
	if (slice_eq(s, "smtp"))
		return ZP_SMTP;
	if (slice_eq(s, "notice"))
		return ZP_NOTICE;
	if (slice_eq(s, "ssh"))
		return ZP_SSH;
	if (slice_eq(s, "x509"))
		return ZP_X509;
	return ZP_OTHER;
}

/*
 * The log a set of field names comes from, when no #path or "_path"
 * says.  sip.log also has method, uri and status_code: its call_id
 * tells it apart.  notice.log has a fuid too, and smtp.log a
 * user_agent: their own fields come first.  An ssl.log line of a
 * failed handshake may lack the server name, but not "established".
 */
static enum zeek_path
zeek_infer(uint64_t seen)
{
	if (seen & ZB(ZF_CALL_ID))
		return ZP_OTHER;
	if (seen & ZB(ZF_NOTE))
		return ZP_NOTICE;
	if (seen & (ZB(ZF_MAILFROM) | ZB(ZF_RCPTTO)))
		return ZP_SMTP;
	if (seen & ZB(ZF_QUERY))
		return ZP_DNS;
	if (seen & (ZB(ZF_METHOD) | ZB(ZF_STATUS) | ZB(ZF_URI)))
		return ZP_HTTP;
	if (seen & ZB(ZF_FUID))
		return ZP_FILES;
	if (seen & (ZB(ZF_CONN_STATE) | ZB(ZF_HISTORY)))
		return ZP_CONN;
	if (seen & (ZB(ZF_AUTH_SUCCESS) | ZB(ZF_SSH_HINT)))
		return ZP_SSH;
	if (seen & (ZB(ZF_FINGERPRINT) | ZB(ZF_CERT_HINT)))
		return ZP_X509;
	if (seen & (ZB(ZF_SERVER_NAME) | ZB(ZF_SSL_HINT)))
		return ZP_SSL;
	return ZP_OTHER;
}

/*
 * The ASCII writer writes unprintable bytes, and the separator inside
 * values, as \xHH.  Decode into o (room for len bytes); other
 * backslashes are kept as they are.  Returns the decoded length.
 */
static size_t
zeek_unescape(const char *p, size_t len, char *o)
{
	size_t	 i = 0, n = 0;
	int	 hi, lo;

	while (i < len) {
		if (p[i] == '\\' && len - i >= 4 && p[i + 1] == 'x' &&
		    (hi = hex_digit((unsigned char)p[i + 2])) >= 0 &&
		    (lo = hex_digit((unsigned char)p[i + 3])) >= 0) {
			o[n++] = (char)(hi << 4 | lo);
			i += 4;
		} else
			o[n++] = p[i++];
	}
	return n;
}

/* An escaped value decoded into the arena; the raw one if no room. */
static struct slice
zeek_decode(struct logevent *ev, struct slice s)
{
	struct slice	 d;

	if (s.len < 4 || memchr(s.p, '\\', s.len) == NULL ||
	    logevent_reserve(ev, s.len) == -1)
		return s;
	d.p = ev->arena + ev->arena_len;
	d.len = zeek_unescape(s.p, s.len, ev->arena + ev->arena_len);
	ev->arena_len += d.len;
	return d;
}

/* A header value: "\x09" and the like decoded, into buf; its length. */
static size_t
zeek_meta(struct slice v, char *buf, size_t size)
{
	char	 tmp[4 * ZEEK_META_MAX];

	if (v.len > sizeof(tmp))
		v.len = sizeof(tmp);
	memcpy(tmp, v.p, v.len);
	v.len = zeek_unescape(tmp, v.len, tmp);
	if (v.len > size)
		v.len = size;
	memcpy(buf, tmp, v.len);
	return v.len;
}

static void
zeek_state_reset(struct zeek_state *st)
{
	st->sep = '\t';
	st->set_sep = ',';
	memcpy(st->empty, "(empty)", 7);
	st->empty_len = 7;
	st->unset[0] = '-';
	st->unset_len = 1;
	st->path = ZP_UNKNOWN;
	st->have_fields = 0;
	st->need = 0;
	memset(st->colmap, ZF_NONE, sizeof(st->colmap));
	/* The headers seen stay: events in flight may point at them. */
	st->cols = NULL;
}

static void *
zeek_state_new(int64_t mtime_ms)
{
	struct zeek_state	*st;

	(void)mtime_ms;
	if ((st = malloc(sizeof(*st))) == NULL)
		return NULL;
	st->headers = NULL;
	st->nheaders = 0;
	zeek_state_reset(st);
	return st;
}

static void
zeek_state_free(void *arg)
{
	struct zeek_state	*st = arg;
	struct zeek_cols	*c, *next;

	if (st == NULL)
		return;
	for (c = st->headers; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(st);
}

static int
zeek_cols_same(const struct zeek_cols *c, const struct zeek_state *st,
    struct slice names)
{
	return c->sep == st->sep && c->len == names.len &&
	    c->empty_len == st->empty_len && c->unset_len == st->unset_len &&
	    memcmp(c->names, names.p, names.len) == 0 &&
	    memcmp(c->empty, st->empty, st->empty_len) == 0 &&
	    memcmp(c->unset, st->unset, st->unset_len) == 0;
}

/*
 * The header lines are read by from now on: one kept before, or a copy.
 * Past ZEEK_HEADERS_MAX distinct ones (or out of memory) lines have no
 * native lookup, rather than free what an event may point at.
 */
static void
zeek_cols_set(struct zeek_state *st, struct slice names)
{
	struct zeek_cols	*c;

	st->cols = NULL;
	for (c = st->headers; c != NULL; c = c->next)
		if (zeek_cols_same(c, st, names)) {
			st->cols = c;
			return;
		}
	if (st->nheaders == ZEEK_HEADERS_MAX ||
	    (c = malloc(sizeof(*c) + names.len)) == NULL)
		return;
	c->sep = st->sep;
	memcpy(c->empty, st->empty, st->empty_len);
	c->empty_len = st->empty_len;
	memcpy(c->unset, st->unset, st->unset_len);
	c->unset_len = st->unset_len;
	c->len = names.len;
	memcpy(c->names, names.p, names.len);
	c->next = st->headers;
	st->headers = c;
	st->nheaders++;
	st->cols = c;
}

/* #empty_field or #unset_field after #fields: the same names, anew. */
static void
zeek_cols_meta(struct zeek_state *st)
{
	const struct zeek_cols	*c = st->cols;

	if (c != NULL)
		zeek_cols_set(st, (struct slice){ c->names, c->len });
}

/* The column named name[0..len) in the header; -1 if none. */
static int
zeek_cols_find(const struct zeek_cols *c, const char *name, size_t len,
    size_t *col)
{
	const char	*p = c->names, *end = c->names + c->len, *q;
	size_t		 i;

	for (i = 0;; i++) {
		if ((q = memchr(p, c->sep, (size_t)(end - p))) == NULL)
			q = end;
		if ((size_t)(q - p) == len && memcmp(p, name, len) == 0) {
			*col = i;
			return 0;
		}
		if (q == end)
			return -1;
		p = q + 1;
	}
}

/* Column col of the line; -1 if the line has fewer. */
static int
zeek_column(struct slice line, char sep, size_t col, struct slice *v)
{
	const char	*p = line.p, *end = line.p + line.len, *q;

	if (line.len > 0 && end[-1] == '\r')
		end--;
	for (;;) {
		if ((q = memchr(p, sep, (size_t)(end - p))) == NULL)
			q = end;
		if (col-- == 0) {
			v->p = p;
			v->len = (size_t)(q - p);
			return 0;
		}
		if (q == end)
			return -1;
		p = q + 1;
	}
}

/* Unset is absent, empty is present and empty; escapes decoded in buf. */
static struct slice
zeek_native_value(const struct zeek_cols *c, struct slice v, char *buf,
    size_t size)
{
	struct slice	 none = { NULL, 0 };

	if (v.len == c->unset_len && memcmp(v.p, c->unset, v.len) == 0)
		return none;
	if (v.len == c->empty_len && memcmp(v.p, c->empty, v.len) == 0) {
		v.len = 0;
		return v;
	}
	if (v.len < 4 || memchr(v.p, '\\', v.len) == NULL)
		return v;
	if (size < v.len) {
		none.len = v.len;
		return none;
	}
	v.len = zeek_unescape(v.p, v.len, buf);
	v.p = buf;
	return v;
}

/* A TSV line by the names of its #fields header (native_arg). */
static struct slice
zeek_native_tsv(const struct logevent *ev, const char *name, size_t len,
    char *buf, size_t size)
{
	const struct zeek_cols	*c = ev->native_arg;
	struct slice		 v, none = { NULL, 0 };
	size_t			 col;

	if (c == NULL || ev->raw.p == NULL ||
	    zeek_cols_find(c, name, len, &col) == -1 ||
	    zeek_column(ev->raw, c->sep, col, &v) == -1)
		return none;
	return zeek_native_value(c, v, buf, size);
}

/* "#fields\tts\tuid\t...": map every known name to its column. */
static void
zeek_fields(struct zeek_state *st, struct slice v)
{
	const char	*p = v.p, *end = v.p + v.len, *q;
	enum zeek_field	 f;
	uint64_t	 seen = 0;
	size_t		 col;

	memset(st->colmap, ZF_NONE, sizeof(st->colmap));
	st->need = 0;
	for (col = 0; col < ZEEK_MAXCOLS && p < end; col++) {
		if ((q = memchr(p, st->sep, (size_t)(end - p))) == NULL)
			q = end;
		f = q > p ? zeek_lookup(zeek_names, sizeof(zeek_names) /
		    sizeof(zeek_names[0]), p, (size_t)(q - p)) : ZF_NONE;
		/* Hints are not values: no column to cut for them. */
		if (f < ZF_HISTORY && !(seen & ZB(f))) {
			st->colmap[col] = (uint8_t)f;
			st->need = col + 1;
		}
		if (f != ZF_NONE)
			seen |= ZB(f);
		p = q + 1;
	}
	st->have_fields = 1;
	if (st->path == ZP_UNKNOWN)
		st->path = zeek_infer(seen);
}

/* "#separator \x09" starts a header: everything before it is forgotten. */
static enum parse_result
zeek_separator(struct zeek_state *st, struct slice v, const char **err)
{
	char	 c;

	zeek_state_reset(st);
	if (zeek_meta(v, &c, 1) != 1 || v.len > 4) {
		*err = "unsupported #separator";
		return PARSE_ERROR;
	}
	st->sep = c;
	return PARSE_SKIP;
}

static enum parse_result
zeek_header(struct zeek_state *st, const char *line, size_t len,
    const char **err)
{
	struct slice	 name, v;
	const char	*q;
	char		 c;

	if (len > 11 && memcmp(line, "#separator", 10) == 0 &&
	    (line[10] == ' ' || line[10] == '\t')) {
		v.p = line + 11;
		v.len = len - 11;
		return zeek_separator(st, v, err);
	}
	name.p = line + 1;
	if ((q = memchr(line, st->sep, len)) == NULL)
		q = line + len;
	/* Never NULL, even when empty: it goes to memcpy(). */
	v.p = q < line + len ? q + 1 : q;
	v.len = len - (size_t)(v.p - line);
	name.len = (size_t)(q - name.p);
	if (slice_eq(name, "fields")) {
		zeek_fields(st, v);
		zeek_cols_set(st, v);
	} else if (slice_eq(name, "path"))
		st->path = zeek_path_of(v);
	else if (slice_eq(name, "set_separator") && zeek_meta(v, &c, 1) == 1)
		st->set_sep = c;
	else if (slice_eq(name, "empty_field")) {
		st->empty_len = zeek_meta(v, st->empty, sizeof(st->empty));
		zeek_cols_meta(st);
	} else if (slice_eq(name, "unset_field")) {
		st->unset_len = zeek_meta(v, st->unset, sizeof(st->unset));
		zeek_cols_meta(st);
	}
	return PARSE_SKIP;
}

static struct slice
zeek_tsv_value(const struct zeek_state *st, const char *p, size_t len)
{
	struct slice	 s = { NULL, 0 };

	if (len == 0 || (len == st->unset_len &&
	    memcmp(p, st->unset, len) == 0) || (len == st->empty_len &&
	    memcmp(p, st->empty, len) == 0))
		return s;
	s.p = p;
	s.len = len;
	return s;
}

/* Cut the line into the mapped columns; -1 if it has too few. */
static int
zeek_split(const struct zeek_state *st, const char *line, size_t len,
    struct slice *v)
{
	const char	*q;
	size_t		 col, i = 0, flen;
	uint8_t		 f;

	for (col = 0; col < st->need; col++) {
		if (i > len)
			return -1;
		q = memchr(line + i, st->sep, len - i);
		flen = (q != NULL ? (size_t)(q - line) : len) - i;
		if ((f = st->colmap[col]) != ZF_NONE)
			v[f] = zeek_tsv_value(st, line + i, flen);
		i += flen + 1;
	}
	return 0;
}

/*
 * Of a set, the first element: MIME types, the hosts of a file, the
 * names of a certificate.  Recipients are kept whole, and the answers.
 */
static int
zeek_first_only(int f)
{
	return f == ZF_RESP_MIME || f == ZF_TX_HOSTS || f == ZF_RX_HOSTS ||
	    f == ZF_SAN_DNS;
}

/* Decode escapes, and keep the first element of a set. */
static void
zeek_tsv_decode(const struct zeek_state *st, struct logevent *ev,
    struct slice *v)
{
	const char	*q;
	int		 f;

	for (f = 0; f < ZF_MAX; f++)
		if (v[f].len > 0)
			v[f] = zeek_decode(ev, v[f]);
	for (f = 0; f < ZF_MAX; f++)
		if (zeek_first_only(f) && v[f].len > 0 && (q = memchr(v[f].p,
		    st->set_sep, v[f].len)) != NULL)
			v[f].len = (size_t)(q - v[f].p);
}

/* Seconds as a double, for numbers not in plain decimal form. */
static int
zeek_strtod(struct slice s, double *out)
{
	char	 buf[64];
	char	*ep;

	if (s.len == 0 || s.len >= sizeof(buf))
		return -1;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	*out = strtod(buf, &ep);
	if (*ep != '\0' || !isfinite(*out) || *out < 0 || *out > 1e13)
		return -1;
	return 0;
}

/* ts: epoch seconds with a fraction, or ISO 8601 (JSON writer option). */
static int
zeek_time(struct slice s, int64_t *ms)
{
	double	 d;

	if (s.len == 0)
		return -1;
	if (time_parse_epoch(s.p, s.len, ms) == (int)s.len ||
	    time_parse_iso8601(s.p, s.len, ms) == (int)s.len)
		return 0;
	if (zeek_strtod(s, &d) == -1)
		return -1;
	*ms = (int64_t)(d * 1000.0);
	return 0;
}

/* An interval in seconds ("0.017912", or 1.2e-05 in JSON) to ms. */
static int
zeek_interval(struct slice s, int64_t *ms)
{
	double	 d;

	if (s.len == 0)
		return 0;
	if (time_parse_epoch(s.p, s.len, ms) == (int)s.len)
		return 0;
	if (zeek_strtod(s, &d) == -1)
		return -1;
	*ms = (int64_t)(d * 1000.0);
	return 0;
}

/* A count; absent stays -1. */
static int
zeek_count(struct slice s, int64_t max, int64_t *out)
{
	int64_t	 v = 0;
	size_t	 i;

	if (s.len == 0)
		return 0;
	if (s.len > ZEEK_NUM_DIGITS)
		return -1;
	for (i = 0; i < s.len; i++) {
		if (!zeek_isdigit(s.p[i]))
			return -1;
		v = v * 10 + (s.p[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int
zeek_int32(struct slice s, int64_t max, int32_t *out)
{
	int64_t	 v = -1;

	if (zeek_count(s, max, &v) == -1)
		return -1;
	*out = (int32_t)v;
	return 0;
}

static int
zeek_conn(struct logevent *ev, const struct slice *v, const char **err)
{
	ev->protocol = v[ZF_SERVICE];
	ev->conn_state = v[ZF_CONN_STATE];
	if (zeek_interval(v[ZF_DURATION], &ev->duration_ms) == -1) {
		*err = "bad duration";
		return -1;
	}
	if (zeek_count(v[ZF_ORIG_BYTES], INT64_MAX, &ev->bytes_out) == -1 ||
	    zeek_count(v[ZF_RESP_BYTES], INT64_MAX, &ev->bytes_in) == -1) {
		*err = "bad byte count";
		return -1;
	}
	return 0;
}

static void
zeek_dns(struct logevent *ev, const struct slice *v)
{
	ev->protocol = slice_cstr("dns");
	ev->dns_query = v[ZF_QUERY];
	ev->dns_qtype = v[ZF_QTYPE];
	ev->dns_rcode = v[ZF_RCODE];
	ev->dns_answers = v[ZF_ANSWERS];
}

static int
zeek_http(struct logevent *ev, const struct slice *v, const char **err)
{
	ev->protocol = slice_cstr("http");
	/* http.log has no proto column: HTTP is over TCP. */
	if (ev->transport.len == 0)
		ev->transport = slice_cstr("tcp");
	ev->method = v[ZF_METHOD];
	ev->referrer = v[ZF_REFERRER];
	ev->user_agent = v[ZF_USER_AGENT];
	ev->content_type = v[ZF_RESP_MIME];
	ev->user = v[ZF_USERNAME];
	if (zeek_int32(v[ZF_STATUS], 999, &ev->status) == -1) {
		*err = "bad status_code";
		return -1;
	}
	if (zeek_count(v[ZF_REQ_LEN], INT64_MAX, &ev->bytes_out) == -1 ||
	    zeek_count(v[ZF_RESP_LEN], INT64_MAX, &ev->bytes_in) == -1) {
		*err = "bad body length";
		return -1;
	}
	url_http_request(ev, v[ZF_HOST], v[ZF_URI]);
	return 0;
}

/* files.log: the file, its type and hashes, who sent it to whom. */
static int
zeek_files(struct logevent *ev, const struct slice *v, const char **err)
{
	int	 f;

	ev->protocol = v[ZF_SOURCE];
	ev->file_name = v[ZF_FILENAME];
	ev->file_mime = v[ZF_MIME_TYPE];
	/* The strongest hash logged: hash lists match any of the three. */
	for (f = ZF_SHA256; f >= ZF_MD5 && ev->hashes.len == 0; f--)
		ev->hashes = v[f];
	/* Before Zeek 5, only the hosts: the receiver is the endpoint. */
	if (ev->src_ip.len == 0 && v[ZF_RX_HOSTS].len > 0) {
		ev->src_ip = v[ZF_RX_HOSTS];
		ev->dst_ip = v[ZF_TX_HOSTS];
	}
	if (zeek_count(v[ZF_SEEN_BYTES], INT64_MAX, &ev->bytes_in) == -1) {
		*err = "bad seen_bytes";
		return -1;
	}
	return 0;
}

static void
zeek_smtp(struct logevent *ev, const struct slice *v)
{
	ev->protocol = slice_cstr("smtp");
	if (ev->transport.len == 0)
		ev->transport = slice_cstr("tcp");
	ev->mail_from = v[ZF_MAILFROM].len > 0 ? v[ZF_MAILFROM] : v[ZF_FROM];
	ev->mail_to = v[ZF_RCPTTO].len > 0 ? v[ZF_RCPTTO] : v[ZF_TO];
	ev->mail_subject = v[ZF_SUBJECT];
	ev->user_agent = v[ZF_USER_AGENT];
	kv_mail_user(ev);
}

/* notice.log: src, dst and p stand in for a notice without a conn. */
static int
zeek_notice(struct logevent *ev, const struct slice *v, const char **err)
{
	ev->threat_name = v[ZF_NOTE];
	ev->reason = v[ZF_MSG];
	ev->file_mime = v[ZF_MIME_TYPE];
	if (ev->src_ip.len == 0)
		ev->src_ip = v[ZF_SRC];
	if (ev->dst_ip.len == 0)
		ev->dst_ip = v[ZF_DST];
	if (ev->dst_port < 0 && zeek_int32(v[ZF_P], 65535,
	    &ev->dst_port) == -1) {
		*err = "bad port";
		return -1;
	}
	return 0;
}

static void
zeek_ssh(struct logevent *ev, const struct slice *v)
{
	struct slice	 ok = v[ZF_AUTH_SUCCESS];

	ev->protocol = slice_cstr("ssh");
	if (ev->transport.len == 0)
		ev->transport = slice_cstr("tcp");
	ev->user_agent = v[ZF_CLIENT];
	if (slice_eq(ok, "T") || slice_eq(ok, "true"))
		ev->action = slice_cstr("success");
	else if (slice_eq(ok, "F") || slice_eq(ok, "false"))
		ev->action = slice_cstr("failure");
}

/* The fields of each log beyond the connection's. */
static int
zeek_fill_path(struct logevent *ev, enum zeek_path path,
    const struct slice *v, const char **err)
{
	switch (path) {
	case ZP_CONN:
		return zeek_conn(ev, v, err);
	case ZP_DNS:
		zeek_dns(ev, v);
		return 0;
	case ZP_HTTP:
		return zeek_http(ev, v, err);
	case ZP_FILES:
		return zeek_files(ev, v, err);
	case ZP_SMTP:
		zeek_smtp(ev, v);
		return 0;
	case ZP_NOTICE:
		return zeek_notice(ev, v, err);
	case ZP_SSH:
		zeek_ssh(ev, v);
		return 0;
	case ZP_X509:
		ev->hashes = v[ZF_FINGERPRINT];
		ev->dst_domain = v[ZF_SAN_DNS];
		return 0;
	default:
		ev->protocol = slice_cstr("ssl");
		if (ev->transport.len == 0)
			ev->transport = slice_cstr("tcp");
		ev->dst_domain = v[ZF_SERVER_NAME];
		return 0;
	}
}

/* What both formats share, once the values are found. */
static enum parse_result
zeek_fill(struct logevent *ev, enum zeek_path path, const struct slice *v,
    const char *format, const char **err)
{
	if (zeek_time(v[ZF_TS], &ev->time_ms) == -1) {
		*err = "bad or missing ts";
		return PARSE_ERROR;
	}
	ev->format = format;
	ev->source = path == ZP_DNS ? SRC_DNS : path == ZP_SMTP ? SRC_MAIL :
	    SRC_NETWORK;
	ev->src_ip = v[ZF_ORIG_H];
	ev->dst_ip = v[ZF_RESP_H];
	ev->transport = v[ZF_PROTO];
	if (zeek_int32(v[ZF_ORIG_P], 65535, &ev->src_port) == -1 ||
	    zeek_int32(v[ZF_RESP_P], 65535, &ev->dst_port) == -1) {
		*err = "bad port";
		return PARSE_ERROR;
	}
	/* Zeek logs ICMP type and code as ports: they are not ports. */
	if (slice_eq(ev->transport, "icmp"))
		ev->src_port = ev->dst_port = -1;
	return zeek_fill_path(ev, path, v, err) == 0 ? PARSE_OK :
	    PARSE_ERROR;
}

static enum parse_result
zeek_parse(void *state, const char *line, size_t len, struct logevent *ev,
    const char **err)
{
	struct zeek_state	*st = state;
	struct slice		 v[ZF_MAX];
	const char		*dummy;

	if (err == NULL)
		err = &dummy;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return PARSE_SKIP;
	if (st == NULL) {
		*err = "no per-file state";
		return PARSE_ERROR;
	}
	if (line[0] == '#')
		return zeek_header(st, line, len, err);
	if (!st->have_fields) {
		*err = "no #fields header yet";
		return PARSE_ERROR;
	}
	if (st->path == ZP_OTHER)
		return PARSE_SKIP;
	memset(v, 0, sizeof(v));
	if (zeek_split(st, line, len, v) == -1) {
		*err = "fewer columns than #fields";
		return PARSE_ERROR;
	}
	/* Decoded values and the URL may outgrow the line: reserve early. */
	(void)logevent_reserve(ev, 2 * len + 64);
	zeek_tsv_decode(st, ev, v);
	if (st->cols != NULL) {
		ev->native = zeek_native_tsv;
		ev->native_arg = st->cols;
	}
	return zeek_fill(ev, st->path, v, parser_zeek.name, err);
}

/* A JSON line by its keys, "id.orig_h" flat or nested alike. */
static struct slice
zeek_native_json(const struct logevent *ev, const char *name, size_t len,
    char *buf, size_t size)
{
	return jscan_native(parser_native_text(ev), name, len, buf, size);
}

/*
 * A JSON array: the answers and recipients joined with ',', else the
 * first element.
 */
static struct slice
zeek_json_array(struct logevent *ev, enum zeek_field f,
    const struct jvalue *arr)
{
	struct jscan	 js;
	struct slice	 key, out = { NULL, 0 };
	struct jvalue	 e;
	const char	*start = NULL;
	int		 n = 0;

	(void)jscan_enter(&js, arr);
	while (jscan_next(&js, &key, &e) == 1) {
		if (n == 0) {
			out = jscan_string(&e, ev);
			if (zeek_first_only(f) || (f != ZF_ANSWERS &&
			    f != ZF_RCPTTO && f != ZF_TO))
				break;
		} else {
			/* Copies land one after another in the arena. */
			if (n == 1 && (start = logevent_dup(ev, out.p,
			    out.len).p) == NULL)
				break;
			if (logevent_dup(ev, ",", 1).p == NULL ||
			    (!e.escaped && logevent_dup(ev, e.raw.p,
			    e.raw.len).p == NULL) ||
			    (e.escaped && jscan_string(&e, ev).p == NULL))
				break;
			out.p = start;
			out.len = (size_t)(ev->arena + ev->arena_len - start);
		}
		n++;
	}
	return out;
}

static struct slice
zeek_json_value(struct logevent *ev, enum zeek_field f,
    const struct jvalue *jv)
{
	struct slice	 none = { NULL, 0 };

	switch (jv->type) {
	case JS_ARRAY:
		return zeek_json_array(ev, f, jv);
	case JS_OBJECT:
	case JS_NULL:
		return none;
	default:
		return jscan_string(jv, ev);
	}
}

/* "id": {"orig_h": ...}, from pipelines that nest the connection id. */
static void
zeek_json_id(struct logevent *ev, const struct jvalue *obj,
    struct slice *v, uint64_t *seen)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 jv;
	enum zeek_field	 f;

	(void)jscan_enter(&js, obj);
	while (jscan_next(&js, &key, &jv) == 1) {
		if (key.len == 0 || (f = zeek_lookup(zeek_id_names,
		    sizeof(zeek_id_names) / sizeof(zeek_id_names[0]),
		    key.p, key.len)) == ZF_NONE)
			continue;
		v[f] = zeek_json_value(ev, f, &jv);
		*seen |= ZB(f);
	}
}

static int
zeek_json_scan(const char *line, size_t len, struct logevent *ev,
    struct slice *v, uint64_t *seen)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 jv;
	enum zeek_field	 f;
	int		 r;

	jscan_init(&js, line, len);
	while ((r = jscan_next(&js, &key, &jv)) == 1) {
		if (key.len == 0)
			continue;
		if (jv.type == JS_OBJECT && jscan_key_is(key, "id")) {
			zeek_json_id(ev, &jv, v, seen);
			continue;
		}
		f = zeek_lookup(zeek_names, sizeof(zeek_names) /
		    sizeof(zeek_names[0]), key.p, key.len);
		if (f == ZF_NONE)
			continue;
		v[f] = zeek_json_value(ev, f, &jv);
		*seen |= ZB(f);
	}
	return r == 0 && jscan_done(&js) ? 0 : -1;
}

static enum parse_result
zeek_json_parse(void *state, const char *line, size_t len,
    struct logevent *ev, const char **err)
{
	struct slice	 v[ZF_MAX];
	const char	*dummy;
	enum zeek_path	 path;
	uint64_t	 seen = 0;

	(void)state;
	if (err == NULL)
		err = &dummy;
	if (jscan_blank(line, len))
		return PARSE_SKIP;
	memset(v, 0, sizeof(v));
	/* Decoded strings and the URL may outgrow the line: reserve early. */
	(void)logevent_reserve(ev, 2 * len + 64);
	if (zeek_json_scan(line, len, ev, v, &seen) == -1) {
		*err = "malformed JSON";
		return PARSE_ERROR;
	}
	path = v[ZF_PATH].len > 0 ? zeek_path_of(v[ZF_PATH]) :
	    zeek_infer(seen);
	if (path == ZP_OTHER)
		return PARSE_SKIP;
	ev->native = zeek_native_json;
	ev->native_arg = line;
	ev->message = jscan_message;
	return zeek_fill(ev, path, v, parser_zeek_json.name, err);
}

const struct parser parser_zeek = {
	"zeek", SRC_NETWORK, "Zeek TSV logs: conn, dns, http (ssl server name)",
	0, zeek_state_new, zeek_state_free, zeek_parse
};

const struct parser parser_zeek_json = {
	"zeek-json", SRC_NETWORK,
	"Zeek JSON logs: conn, dns, http (ssl server name)",
	0, NULL, NULL, zeek_json_parse
};
