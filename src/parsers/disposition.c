/*
 * Content-Disposition in proxy logs (disposition.h): the log's own
 * escaping taken off into a buffer on the stack, then the header's
 * parameters read for the file name; only the name goes to the arena.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "util/hex.h"
#include "parsers/disposition.h"

#define DISP_HDR	"content-disposition:"
#define DISP_HDR_LEN	(sizeof(DISP_HDR) - 1)

/* A quoted log field's \" \\ and \xHH decoded into out; the length. */
static size_t
disp_unslash(const char *p, size_t n, char *out, size_t max)
{
	size_t	 i = 0, o = 0;
	int	 b;

	while (i < n && o < max) {
		if (p[i] == '\\' && i + 1 < n && (p[i + 1] == '"' ||
		    p[i + 1] == '\\')) {
			out[o++] = p[i + 1];
			i += 2;
		} else if (p[i] == '\\' && n - i >= 4 && p[i + 1] == 'x' &&
		    (b = hex_pair(p + i + 2)) >= 0) {
			out[o++] = (char)b;
			i += 4;
		} else
			out[o++] = p[i++];
	}
	return o;
}

/* p starts with a disposition type, then ';', the end or an escape. */
static int
disp_is_type(const char *p, size_t n)
{
	static const char *const types[] = { "attachment", "inline", NULL };
	const char *const	*t;
	size_t			 k;

	for (t = types; *t != NULL; t++) {
		k = strlen(*t);
		if (n < k || strncasecmp(p, *t, k) != 0)
			continue;
		if (n == k || p[k] == ';' || p[k] == ' ')
			return 1;
		if (n - k >= 3 && (strncmp(p + k, "%20", 3) == 0 ||
		    strncasecmp(p + k, "%3b", 3) == 0))
			return 1;
	}
	return 0;
}

/* log_mime_hdrs: the Content-Disposition header's value, decoded. */
static size_t
disp_header(const char *p, size_t n, char *out)
{
	size_t	 i, e;

	for (i = 0; i + DISP_HDR_LEN <= n; i++)
		if ((p[i] == 'c' || p[i] == 'C') &&
		    strncasecmp(p + i, DISP_HDR, DISP_HDR_LEN) == 0)
			break;
	if (i + DISP_HDR_LEN > n)
		return 0;
	for (i += DISP_HDR_LEN; i < n && p[i] == ' '; i++)
		;
	for (e = i; e < n && p[e] != ']' && !(p[e] == '%' && n - e >= 3 &&
	    p[e + 1] == '0' && (p[e + 2] == 'D' || p[e + 2] == 'd' ||
	    p[e + 2] == 'A' || p[e + 2] == 'a')); e++)
		;
	return hex_unescape_pct(p + i, e - i, out, DISPOSITION_NAME_MAX);
}

/* An extra field that is a disposition value, decoded; 0 if none. */
static size_t
disp_field(const char *p, size_t n, char *out)
{
	size_t	 i = 0, s, e;

	while (i < n) {
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i < n && p[i] == '"') {
			for (s = e = i + 1; e < n && p[e] != '"'; e++)
				if (p[e] == '\\' && e + 1 < n)
					e++;
			if (disp_is_type(p + s, e - s))
				return disp_unslash(p + s, e - s, out,
				    DISPOSITION_NAME_MAX);
			i = e + 1;
			continue;
		}
		for (s = e = i; e < n && p[e] != ' ' && p[e] != '\t'; e++)
			;
		if (e > s && disp_is_type(p + s, e - s))
			return hex_unescape_pct(p + s, e - s, out,
			    DISPOSITION_NAME_MAX);
		i = e;
	}
	return 0;
}

/*
 * RFC 8187 charset'language'%XX into out; ISO-8859-1 becomes UTF-8
 * (two bytes for each "%XX" of three: never longer).
 */
static size_t
disp_ext(const char *v, size_t n, char *out)
{
	const char	*q1, *q2;
	char		 raw[DISPOSITION_NAME_MAX];
	size_t		 k, i, o = 0;
	int		 latin1;

	if ((q1 = memchr(v, '\'', n)) == NULL ||
	    (q2 = memchr(q1 + 1, '\'', n - (size_t)(q1 + 1 - v))) == NULL)
		return hex_unescape_pct(v, n, out, DISPOSITION_NAME_MAX);
	latin1 = q1 - v == 10 && strncasecmp(v, "iso-8859-1", 10) == 0;
	k = hex_unescape_pct(q2 + 1, n - (size_t)(q2 + 1 - v), raw, sizeof(raw));
	for (i = 0; i < k && o + 2 <= DISPOSITION_NAME_MAX; i++) {
		if (latin1 && (unsigned char)raw[i] >= 0x80) {
			out[o++] = (char)(0xc0 | (unsigned char)raw[i] >> 6);
			out[o++] = (char)(0x80 | (raw[i] & 0x3f));
		} else
			out[o++] = raw[i];
	}
	return o;
}

/* A quoted-string's content, its backslashes taken off. */
static size_t
disp_quoted(const char *v, size_t n, char *out)
{
	size_t	 i, o = 0;

	for (i = 0; i < n && o < DISPOSITION_NAME_MAX; i++) {
		if (v[i] == '\\' && i + 1 < n)
			i++;
		out[o++] = v[i];
	}
	return o;
}

/* filename's value: a quoted string's content, or a token as it is. */
static size_t
disp_plain(const char *v, size_t vs, size_t ve, char *out)
{
	size_t	 n = ve - vs;

	if (vs > 0 && v[vs - 1] == '"')
		return disp_quoted(v + vs, n, out);
	if (n > DISPOSITION_NAME_MAX)
		n = DISPOSITION_NAME_MAX;
	memcpy(out, v + vs, n);
	return n;
}

/* The value of the parameter at v[*i]; *i moves past it. */
static void
disp_param(const char *v, size_t n, size_t *i, size_t *vs, size_t *ve)
{
	size_t	 e = *i;

	if (e < n && v[e] == '"') {
		*vs = ++e;
		for (; e < n && v[e] != '"'; e++)
			if (v[e] == '\\' && e + 1 < n)
				e++;
		*ve = e;
		for (; e < n && v[e] != ';'; e++)
			;
	} else {
		*vs = e;
		for (; e < n && v[e] != ';'; e++)
			;
		for (*ve = e; *ve > *vs && (v[*ve - 1] == ' ' ||
		    v[*ve - 1] == '\t'); (*ve)--)
			;
	}
	*i = e;
}

size_t
disposition_name(const char *v, size_t n, char *out)
{
	size_t	 i, ns, ne, vs, ve, got = 0, k;

	for (i = 0; i < n && v[i] != ';'; i++)
		;
	while (i < n) {
		while (i < n && (v[i] == ';' || v[i] == ' ' || v[i] == '\t'))
			i++;
		for (ns = ne = i; ne < n && v[ne] != '=' && v[ne] != ';'; ne++)
			;
		if (ne >= n || v[ne] != '=') {
			i = ne;
			continue;
		}
		for (i = ne + 1; i < n && v[i] == ' '; i++)
			;
		while (ne > ns && v[ne - 1] == ' ')
			ne--;
		disp_param(v, n, &i, &vs, &ve);
		/* An empty filename* leaves filename its say. */
		if (ne - ns == 9 && strncasecmp(v + ns, "filename*", 9) == 0 &&
		    ve > vs && (k = disp_ext(v + vs, ve - vs, out)) > 0)
			return k;
		if (got == 0 && ne - ns == 8 &&
		    strncasecmp(v + ns, "filename", 8) == 0)
			got = disp_plain(v, vs, ve, out);
	}
	return got;
}

void
disposition_scan(struct logevent *ev, const char *p, size_t len)
{
	char		 val[DISPOSITION_NAME_MAX], name[DISPOSITION_NAME_MAX];
	size_t		 vn, nn;
	struct slice	 s;

	if ((vn = disp_header(p, len, val)) == 0 &&
	    (vn = disp_field(p, len, val)) == 0)
		return;
	if ((nn = disposition_name(val, vn, name)) == 0)
		return;
	s = logevent_dup(ev, name, nn);
	if (s.p != NULL)
		ev->file_name = s;
}
