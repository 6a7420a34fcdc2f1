/*
 * The list file readers (listfeed.h): plain one-per-line files, Zeek
 * Intel, MISP CSV and abuse.ch CSV, read row by row without allocating.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/listfeed.h"
#include "rules/listnorm.h"

/*
 * Columns are found by their header names wherever a format has a header:
 * feeds add and reorder columns over the years.
 */
#define LISTFEED_MAXF	64
#define LISTFEED_DESC	512
#define LISTFEED_MSG	256

struct listfeed_cur {
	const char	*p;
	const char	*end;
	int		 line;		/* of p */
};

/* One CSV record; fields are decoded into buf (quotes undoubled). */
struct listfeed_csv {
	struct slice	 f[LISTFEED_MAXF];
	size_t		 off[LISTFEED_MAXF];
	int		 col[LISTFEED_MAXF];
	int		 nf;
	int		 line;
	const char	*err;
	int		 nomem;
	char		*buf;
	size_t		 len;
	size_t		 cap;
};

/* Which rows of a feed suit which list type. */
struct listfeed_map {
	const char	*name;
	enum list_type	 type;
	int		 part;		/* 0 all, 1 before '|', 2 after '|' */
};

static const struct listfeed_map listfeed_zeek_map[] = {
	{ "Intel::ADDR",	LT_IP,		0 },
	{ "Intel::SUBNET",	LT_IP,		0 },
	{ "Intel::DOMAIN",	LT_DOMAIN,	0 },
	{ "Intel::URL",		LT_URL,		0 },
	{ "Intel::FILE_HASH",	LT_HASH,	0 },
	{ "Intel::USER_NAME",	LT_USER,	0 },
	{ "Intel::SOFTWARE",	LT_USER_AGENT,	0 },
	{ NULL,			LT_MAX,		0 }
};

/* MISP "uri" is a path without a host: it cannot meet a logged URL. */
static const struct listfeed_map listfeed_misp_map[] = {
	{ "domain",		LT_DOMAIN,	0 },
	{ "hostname",		LT_DOMAIN,	0 },
	{ "domain|ip",		LT_DOMAIN,	1 },
	{ "hostname|port",	LT_DOMAIN,	1 },
	{ "domain|ip",		LT_IP,		2 },
	{ "ip-dst",		LT_IP,		0 },
	{ "ip-src",		LT_IP,		0 },
	{ "ip-dst|port",	LT_IP,		1 },
	{ "ip-src|port",	LT_IP,		1 },
	{ "url",		LT_URL,		0 },
	{ "md5",		LT_HASH,	0 },
	{ "sha1",		LT_HASH,	0 },
	{ "sha256",		LT_HASH,	0 },
	{ "filename|md5",	LT_HASH,	2 },
	{ "filename|sha1",	LT_HASH,	2 },
	{ "filename|sha256",	LT_HASH,	2 },
	{ "malware-sample",	LT_HASH,	2 },
	{ "user-agent",		LT_USER_AGENT,	0 },
	{ NULL,			LT_MAX,		0 }
};

static int
listfeed_eq(struct slice s, const char *name)
{
	return strlen(name) == s.len && strncasecmp(s.p, name, s.len) == 0;
}

/* The part of a row's value a list takes, or -1 if it takes none. */
static int
listfeed_map(const struct listfeed_map *m, struct slice type,
    enum list_type lt)
{
	/* A string list is the generic kind: it takes every row whole. */
	if (lt == LT_STRING)
		return 0;
	for (; m->name != NULL; m++)
		if (m->type == lt && listfeed_eq(type, m->name))
			return m->part;
	return -1;
}

static struct slice
listfeed_part(struct slice v, int part)
{
	const char	*bar;

	if (part == 0 || (bar = memchr(v.p, '|', v.len)) == NULL)
		return v;
	if (part == 1)
		return (struct slice){ v.p, bar - v.p };
	return (struct slice){ bar + 1, v.len - (bar + 1 - v.p) };
}

/* A bad row, quoting the offending text. */
static void
listfeed_bad(struct listfeed *f, int line, int col, const char *what,
    struct slice v)
{
	char	 q[96], msg[LISTFEED_MSG];

	listnorm_quote(v, q, sizeof(q));
	snprintf(msg, sizeof(msg), "%s: \"%s\"", what, q);
	f->bad(f->arg, line, col, msg);
}

static void
listfeed_add(struct listfeed *f, int line, int col, struct slice value,
    struct slice desc, struct slice source)
{
	struct listfeed_row	 r;

	r.line = line;
	r.col = col;
	r.value = value;
	r.desc = listnorm_trim(desc);
	r.source = listnorm_trim(source);
	f->add(f->arg, &r);
}

static int
listfeed_line(struct listfeed_cur *c, struct slice *ln, int *lineno)
{
	const char	*nl;

	if (c->p >= c->end)
		return 0;
	nl = memchr(c->p, '\n', c->end - c->p);
	ln->p = c->p;
	ln->len = (nl != NULL ? nl : c->end) - c->p;
	if (ln->len > 0 && ln->p[ln->len - 1] == '\r')
		ln->len--;
	*lineno = c->line++;
	c->p = nl != NULL ? nl + 1 : c->end;
	return 1;
}

/* " # comment" ends a line; a '#' inside a token (URL fragment) does not. */
static struct slice
listfeed_uncomment(struct slice s)
{
	size_t	 i;

	for (i = 1; i < s.len; i++)
		if (s.p[i] == '#' && (s.p[i - 1] == ' ' || s.p[i - 1] == '\t')) {
			s.len = i;
			break;
		}
	return listnorm_trim(s);
}

static void
listfeed_plain_line(struct listfeed *f, struct slice ln, int lineno)
{
	struct slice	 s, v, d = { "", 0 };
	const char	*tab;
	size_t		 i;

	s = listnorm_trim(ln);
	if (s.len == 0 || s.p[0] == '#')
		return;
	s = listfeed_uncomment(s);
	v = s;
	/* User agents contain spaces: only a TAB ends one. */
	if (f->type == LT_USER_AGENT) {
		if ((tab = memchr(s.p, '\t', s.len)) != NULL)
			v.len = tab - s.p;
	} else {
		for (i = 0; i < s.len && s.p[i] != ' ' && s.p[i] != '\t'; i++)
			;
		v.len = i;
	}
	if (v.len < s.len)
		d = (struct slice){ s.p + v.len, s.len - v.len };
	listfeed_add(f, lineno, (int)(v.p - ln.p) + 1, listnorm_trim(v), d,
	    (struct slice){ "", 0 });
}

static int
listfeed_plain(struct listfeed *f, struct listfeed_cur *c)
{
	struct slice	 ln;
	int		 lineno;

	while (listfeed_line(c, &ln, &lineno))
		listfeed_plain_line(f, ln, lineno);
	return 0;
}

/* Split on TABs; returns the number of fields, which may exceed max. */
static int
listfeed_tabs(struct slice ln, struct slice *fv, int max)
{
	const char	*p = ln.p, *end = ln.p + ln.len, *t;
	int		 n = 0;

	for (;;) {
		t = memchr(p, '\t', end - p);
		if (n < max)
			fv[n] = (struct slice){ p, (t != NULL ? t : end) - p };
		n++;
		if (t == NULL)
			return n;
		p = t + 1;
	}
}

struct listfeed_zeek {
	int		 ind;
	int		 type;
	int		 source;
	int		 desc;
	int		 url;
	int		 lineno;	/* of the #fields line, 0: none yet */
};

static void
listfeed_zeek_header(struct listfeed_zeek *z, struct slice ln, int lineno)
{
	struct slice	 fv[LISTFEED_MAXF];
	int		 i, n;

	z->ind = z->type = z->source = z->desc = z->url = -1;
	z->lineno = lineno;
	n = listfeed_tabs(ln, fv, LISTFEED_MAXF);
	for (i = 1; i < n && i < LISTFEED_MAXF; i++) {
		if (listfeed_eq(fv[i], "indicator"))
			z->ind = i - 1;
		else if (listfeed_eq(fv[i], "indicator_type"))
			z->type = i - 1;
		else if (listfeed_eq(fv[i], "meta.source"))
			z->source = i - 1;
		else if (listfeed_eq(fv[i], "meta.desc"))
			z->desc = i - 1;
		else if (listfeed_eq(fv[i], "meta.url"))
			z->url = i - 1;
	}
}

/* A column's value; Zeek writes "-" for unset and "(empty)" for empty. */
static struct slice
listfeed_zeek_field(const struct slice *fv, int n, int i)
{
	struct slice	 none = { "", 0 };

	if (i < 0 || i >= n || i >= LISTFEED_MAXF ||
	    listfeed_eq(fv[i], "-") || listfeed_eq(fv[i], "(empty)"))
		return none;
	return fv[i];
}

static void
listfeed_zeek_row(struct listfeed *f, const struct listfeed_zeek *z,
    struct slice ln, int lineno)
{
	struct slice	 fv[LISTFEED_MAXF], v, d;
	int		 n, part;

	n = listfeed_tabs(ln, fv, LISTFEED_MAXF);
	if (n <= z->ind || n <= z->type) {
		listfeed_bad(f, lineno, 1, "row has fewer columns than the "
		    "#fields header", ln);
		return;
	}
	if ((part = listfeed_map(listfeed_zeek_map, fv[z->type], f->type)) < 0) {
		f->nother++;
		return;
	}
	v = listfeed_part(listfeed_zeek_field(fv, n, z->ind), part);
	if (v.len == 0) {
		listfeed_bad(f, lineno, 1, "row without an indicator",
		    ln);
		return;
	}
	if ((d = listfeed_zeek_field(fv, n, z->desc)).len == 0)
		d = listfeed_zeek_field(fv, n, z->url);
	listfeed_add(f, lineno, (int)(fv[z->ind].p - ln.p) + 1, v, d,
	    listfeed_zeek_field(fv, n, z->source));
}

static int
listfeed_zeek(struct listfeed *f, struct listfeed_cur *c)
{
	struct listfeed_zeek	 z = { -1, -1, -1, -1, -1, 0 };
	struct slice		 ln;
	int			 lineno;

	while (listfeed_line(c, &ln, &lineno)) {
		if (ln.len >= 8 && memcmp(ln.p, "#fields\t", 8) == 0) {
			listfeed_zeek_header(&z, ln, lineno);
			if (z.ind < 0 || z.type < 0) {
				f->fail(f->arg, lineno, 1, "#fields header "
				    "without indicator and indicator_type");
				return -1;
			}
		} else if (ln.len == 0 || ln.p[0] == '#')
			continue;
		else if (z.lineno == 0)
			listfeed_bad(f, lineno, 1, "row before the #fields "
			    "header", ln);
		else
			listfeed_zeek_row(f, &z, ln, lineno);
	}
	return 0;
}

static int
listfeed_csv_put(struct listfeed_csv *r, char ch)
{
	char	*nb;
	size_t	 ncap;

	if (r->len == r->cap) {
		ncap = r->cap == 0 ? 1024 : r->cap * 2;
		if ((nb = realloc(r->buf, ncap)) == NULL) {
			r->nomem = 1;
			return -1;
		}
		r->buf = nb;
		r->cap = ncap;
	}
	r->buf[r->len++] = ch;
	return 0;
}

/* The rest of a quoted field, after its opening quote. */
static int
listfeed_csv_quoted(struct listfeed_cur *c, struct listfeed_csv *r,
    const char **pp, const char **ls)
{
	const char	*p = *pp;
	char		 ch;

	for (;;) {
		if (p == c->end) {
			r->err = "unterminated quoted field";
			break;
		}
		if ((ch = *p++) == '"') {
			if (p == c->end || *p != '"')
				break;
			p++;
		} else if (ch == '\n') {
			c->line++;
			*ls = p;
		}
		if (listfeed_csv_put(r, ch) == -1)
			return -1;
	}
	while (p < c->end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (r->err == NULL && p < c->end && *p != ',' && *p != '\n')
		r->err = "text after the closing quote of a field";
	*pp = p;
	return 0;
}

static int
listfeed_csv_field(struct listfeed_cur *c, struct listfeed_csv *r,
    const char **ls)
{
	const char	*p = c->p;
	size_t		 off = r->len;
	int		 col;

	while (p < c->end && (*p == ' ' || *p == '\t'))
		p++;
	col = (int)(p - *ls) + 1;
	if (p < c->end && *p == '"') {
		p++;
		if (listfeed_csv_quoted(c, r, &p, ls) == -1)
			return -1;
	} else {
		for (; p < c->end && *p != ',' && *p != '\n'; p++)
			if (listfeed_csv_put(r, *p) == -1)
				return -1;
		while (r->len > off && (r->buf[r->len - 1] == ' ' ||
		    r->buf[r->len - 1] == '\t' || r->buf[r->len - 1] == '\r'))
			r->len--;
	}
	c->p = p;
	if (r->nf < LISTFEED_MAXF) {
		r->off[r->nf] = off;
		r->f[r->nf].len = r->len - off;
		r->col[r->nf] = col;
	}
	r->nf++;
	return 0;
}

/* The next record (RFC 4180): 1, or 0 at the end, or -1 out of memory. */
static int
listfeed_csv_next(struct listfeed_cur *c, struct listfeed_csv *r)
{
	const char	*ls = c->p, *nl;
	int		 i;

	if (c->p >= c->end)
		return 0;
	r->nf = 0;
	r->len = 0;
	r->err = NULL;
	r->line = c->line;
	for (;;) {
		if (listfeed_csv_field(c, r, &ls) == -1)
			return -1;
		if (r->err == NULL && c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (r->err != NULL && c->p < c->end &&
		    (nl = memchr(c->p, '\n', c->end - c->p)) != NULL)
			c->p = nl;
		if (c->p < c->end) {
			c->p++;
			c->line++;
		}
		break;
	}
	for (i = 0; i < r->nf && i < LISTFEED_MAXF; i++)
		r->f[i].p = r->buf + r->off[i];
	return 1;
}

static struct slice
listfeed_csv_get(const struct listfeed_csv *r, int i)
{
	struct slice	 none = { "", 0 };

	if (i < 0 || i >= r->nf || i >= LISTFEED_MAXF)
		return none;
	return r->f[i];
}

static int
listfeed_csv_colno(const struct listfeed_csv *r, int i)
{
	return i >= 0 && i < r->nf && i < LISTFEED_MAXF ? r->col[i] : 1;
}

static int
listfeed_csv_blank(const struct listfeed_csv *r)
{
	return r->err == NULL && r->nf == 1 && r->f[0].len == 0;
}

/* The index of the first column with one of names, or -1. */
static int
listfeed_csv_find(const struct listfeed_csv *r, const char *const *names)
{
	int	 i;

	for (; *names != NULL; names++)
		for (i = 0; i < r->nf && i < LISTFEED_MAXF; i++)
			if (listfeed_eq(listnorm_trim(r->f[i]), *names))
				return i;
	return -1;
}

static int
listfeed_truthy(struct slice s)
{
	return listfeed_eq(s, "1") || listfeed_eq(s, "true");
}

struct listfeed_misp {
	int		 type;
	int		 value;
	int		 to_ids;
	int		 comment;
	int		 category;
	int		 event;
};

static int
listfeed_misp_header(struct listfeed *f, const struct listfeed_csv *r,
    struct listfeed_misp *m)
{
	static const char *const type[] = { "type", NULL };
	static const char *const value[] = { "value", NULL };
	static const char *const to_ids[] = { "to_ids", NULL };
	static const char *const comment[] = { "comment", NULL };
	static const char *const category[] = { "category", NULL };
	static const char *const event[] = { "event_id", NULL };

	m->type = listfeed_csv_find(r, type);
	m->value = listfeed_csv_find(r, value);
	m->to_ids = listfeed_csv_find(r, to_ids);
	m->comment = listfeed_csv_find(r, comment);
	m->category = listfeed_csv_find(r, category);
	m->event = listfeed_csv_find(r, event);
	if (r->err != NULL || m->type < 0 || m->value < 0) {
		f->fail(f->arg, r->line, 1, "MISP CSV header without type "
		    "and value columns");
		return -1;
	}
	return 0;
}

static void
listfeed_misp_row(struct listfeed *f, const struct listfeed_csv *r,
    const struct listfeed_misp *m)
{
	struct slice	 v, d, ev, src = { "misp", 4 };
	char		 sbuf[64];
	int		 part;

	if (m->to_ids >= 0 && !listfeed_truthy(listfeed_csv_get(r, m->to_ids))) {
		f->nother++;
		return;
	}
	part = listfeed_map(listfeed_misp_map, listfeed_csv_get(r, m->type),
	    f->type);
	if (part < 0) {
		f->nother++;
		return;
	}
	v = listfeed_part(listfeed_csv_get(r, m->value), part);
	if (listnorm_trim(v).len == 0) {
		f->bad(f->arg, r->line, 1, "row without a value");
		return;
	}
	if ((d = listnorm_trim(listfeed_csv_get(r, m->comment))).len == 0)
		d = listfeed_csv_get(r, m->category);
	if ((ev = listnorm_trim(listfeed_csv_get(r, m->event))).len > 0) {
		snprintf(sbuf, sizeof(sbuf), "misp event %.*s",
		    (int)(ev.len > 40 ? 40 : ev.len), ev.p);
		src = (struct slice){ sbuf, strlen(sbuf) };
	}
	listfeed_add(f, r->line, listfeed_csv_colno(r, m->value), v, d, src);
}

static int
listfeed_misp(struct listfeed *f, struct listfeed_cur *c,
    struct listfeed_csv *r)
{
	struct listfeed_misp	 m = { -1, -1, -1, -1, -1, -1 };
	int			 rc, header = 0;

	while ((rc = listfeed_csv_next(c, r)) == 1) {
		if (listfeed_csv_blank(r))
			continue;
		if (!header) {
			if (listfeed_misp_header(f, r, &m) == -1)
				return -1;
			header = 1;
		} else if (r->err != NULL)
			f->bad(f->arg, r->line, 1, r->err);
		else
			listfeed_misp_row(f, r, &m);
	}
	return rc;
}

/*
 * abuse.ch feeds: '#' comment lines, one of which may name the columns,
 * then CSV rows.  The first name list is the value column: a record that
 * has it is a header, commented or not.
 */
#define LISTFEED_ABUSE_COLS	3

struct listfeed_abuse {
	const char *const	*names[LISTFEED_ABUSE_COLS];
	int			 col[LISTFEED_ABUSE_COLS];
	void			(*row)(struct listfeed *,
				    const struct listfeed_csv *,
				    const struct listfeed_abuse *);
};

static int
listfeed_abuse_header(const struct listfeed_csv *r, struct listfeed_abuse *a)
{
	int	 i;

	if (r->err != NULL || listfeed_csv_find(r, a->names[0]) < 0)
		return -1;
	for (i = 0; i < LISTFEED_ABUSE_COLS; i++)
		a->col[i] = listfeed_csv_find(r, a->names[i]);
	return 0;
}

static int
listfeed_abuse_comment(struct listfeed_cur *c, struct listfeed_csv *r,
    struct listfeed_abuse *a)
{
	struct listfeed_cur	 sub;
	struct slice		 ln;
	int			 lineno, rc;

	listfeed_line(c, &ln, &lineno);
	sub.p = ln.p + 1;
	sub.end = ln.p + ln.len;
	sub.line = lineno;
	if ((rc = listfeed_csv_next(&sub, r)) == -1)
		return -1;
	if (rc == 1)
		(void)listfeed_abuse_header(r, a);
	return 0;
}

static int
listfeed_abuse(struct listfeed *f, struct listfeed_cur *c,
    struct listfeed_csv *r, struct listfeed_abuse *a)
{
	int	 rc;

	for (;;) {
		if (c->p < c->end && *c->p == '#') {
			if (listfeed_abuse_comment(c, r, a) == -1)
				return -1;
			continue;
		}
		if ((rc = listfeed_csv_next(c, r)) != 1)
			return rc;
		if (listfeed_csv_blank(r))
			continue;
		if (r->err != NULL)
			f->bad(f->arg, r->line, 1, r->err);
		else if (listfeed_abuse_header(r, a) == -1)
			a->row(f, r, a);
	}
}

static void
listfeed_urlhaus_row(struct listfeed *f, const struct listfeed_csv *r,
    const struct listfeed_abuse *a)
{
	struct listnorm_ip	 ip;
	struct slice		 url, v, threat, tags;
	const char		*why;
	char			 d[LISTFEED_DESC];
	int			 isip;

	url = v = listnorm_trim(listfeed_csv_get(r, a->col[0]));
	if (url.len == 0) {
		f->bad(f->arg, r->line, 1, "row without a url");
		return;
	}
	if (f->type == LT_DOMAIN || f->type == LT_IP) {
		if (listnorm_url_host(url, &v) == -1) {
			listfeed_bad(f, r->line, listfeed_csv_colno(r,
			    a->col[0]), "URL without a host", url);
			return;
		}
		/* A URL on an IP literal is no domain indicator, and back. */
		isip = listnorm_ip(v, 0, &ip, &why) == 0;
		if (isip != (f->type == LT_IP)) {
			f->nother++;
			return;
		}
	}
	threat = listnorm_trim(listfeed_csv_get(r, a->col[1]));
	tags = listnorm_trim(listfeed_csv_get(r, a->col[2]));
	if (tags.len > 0 && !listfeed_eq(tags, "None"))
		snprintf(d, sizeof(d), "%.*s (%.*s)", (int)threat.len, threat.p,
		    (int)tags.len, tags.p);
	else
		snprintf(d, sizeof(d), "%.*s", (int)threat.len, threat.p);
	listfeed_add(f, r->line, listfeed_csv_colno(r, a->col[0]), v,
	    (struct slice){ d, strlen(d) }, (struct slice){ "urlhaus", 7 });
}

static void
listfeed_feodo_row(struct listfeed *f, const struct listfeed_csv *r,
    const struct listfeed_abuse *a)
{
	struct slice	 v, port, malware;
	char		 d[LISTFEED_DESC];
	int		 n;

	v = listnorm_trim(listfeed_csv_get(r, a->col[0]));
	if (v.len == 0) {
		f->bad(f->arg, r->line, 1, "row without a dst_ip");
		return;
	}
	port = listnorm_trim(listfeed_csv_get(r, a->col[1]));
	malware = listnorm_trim(listfeed_csv_get(r, a->col[2]));
	n = snprintf(d, sizeof(d), "%.*s%sC2", (int)malware.len, malware.p,
	    malware.len > 0 ? " " : "");
	if (port.len > 0 && n > 0 && (size_t)n < sizeof(d))
		snprintf(d + n, sizeof(d) - n, " port %.*s", (int)port.len,
		    port.p);
	listfeed_add(f, r->line, listfeed_csv_colno(r, a->col[0]), v,
	    (struct slice){ d, strlen(d) },
	    (struct slice){ "feodotracker", 12 });
}

static int
listfeed_urlhaus(struct listfeed *f, struct listfeed_cur *c,
    struct listfeed_csv *r)
{
	static const char *const url[] = { "url", NULL };
	static const char *const threat[] = { "threat", NULL };
	static const char *const tags[] = { "tags", NULL };
	struct listfeed_abuse	 a = { { url, threat, tags }, { 2, 5, 6 },
				    listfeed_urlhaus_row };

	if (f->type != LT_URL && f->type != LT_DOMAIN && f->type != LT_IP &&
	    f->type != LT_STRING) {
		f->fail(f->arg, 0, 0, "urlhaus lists are url, domain or ip "
		    "lists");
		return -1;
	}
	return listfeed_abuse(f, c, r, &a);
}

static int
listfeed_feodo(struct listfeed *f, struct listfeed_cur *c,
    struct listfeed_csv *r)
{
	static const char *const ip[] = { "dst_ip", "dstip", NULL };
	static const char *const port[] = { "dst_port", "dstport", NULL };
	static const char *const malware[] = { "malware", NULL };
	struct listfeed_abuse	 a = { { ip, port, malware }, { 1, 2, 5 },
				    listfeed_feodo_row };

	if (f->type != LT_IP) {
		f->fail(f->arg, 0, 0, "feodo lists are IP lists");
		return -1;
	}
	return listfeed_abuse(f, c, r, &a);
}

/*
 * Top-sites rank lists (Tranco, Cisco Umbrella, Majestic's first two
 * columns): "rank,domain" a line, best first, no header; the rank
 * becomes the description.  A header line ("rank,domain") is skipped.
 */
static void
listfeed_rank_line(struct listfeed *f, struct slice ln, int lineno)
{
	struct slice	 s, rank, v;
	const char	*comma;
	char		 d[32];
	size_t		 i;

	s = listnorm_trim(ln);
	if (s.len == 0 || s.p[0] == '#')
		return;
	if ((comma = memchr(s.p, ',', s.len)) == NULL) {
		listfeed_bad(f, lineno, 1, "not rank,domain", s);
		return;
	}
	rank = listnorm_trim((struct slice){ s.p, comma - s.p });
	v = listnorm_trim((struct slice){ comma + 1,
	    s.len - (size_t)(comma + 1 - s.p) });
	if ((comma = memchr(v.p, ',', v.len)) != NULL)
		v.len = (size_t)(comma - v.p);
	for (i = 0; i < rank.len && rank.p[i] >= '0' && rank.p[i] <= '9'; i++)
		;
	if (lineno == 1 && listfeed_eq(rank, "rank"))
		return;
	if (rank.len == 0 || i < rank.len || rank.len > 9) {
		listfeed_bad(f, lineno, 1, "rank is not a number", rank);
		return;
	}
	snprintf(d, sizeof(d), "rank %.*s", (int)rank.len, rank.p);
	listfeed_add(f, lineno, (int)(v.p - ln.p) + 1, v,
	    (struct slice){ d, strlen(d) }, (struct slice){ "", 0 });
}

static int
listfeed_rank(struct listfeed *f, struct listfeed_cur *c)
{
	struct slice	 ln;
	int		 lineno;

	if (f->type != LT_DOMAIN) {
		f->fail(f->arg, 0, 0, "rank-csv lists are domain lists");
		return -1;
	}
	while (listfeed_line(c, &ln, &lineno))
		listfeed_rank_line(f, ln, lineno);
	return 0;
}

int
listfeed_parse(struct listfeed *f, const char *buf, size_t len,
    enum list_format fmt)
{
	struct listfeed_cur	 c = { buf, buf + len, 1 };
	struct listfeed_csv	 r;
	int			 rc;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		c.p += 3;
	memset(&r, 0, sizeof(r));
	switch (fmt) {
	case LF_PLAIN:
		return listfeed_plain(f, &c);
	case LF_ZEEK_INTEL:
		return listfeed_zeek(f, &c);
	case LF_RANK_CSV:
		return listfeed_rank(f, &c);
	case LF_MISP_CSV:
		rc = listfeed_misp(f, &c, &r);
		break;
	case LF_URLHAUS_CSV:
		rc = listfeed_urlhaus(f, &c, &r);
		break;
	case LF_FEODO_CSV:
		rc = listfeed_feodo(f, &c, &r);
		break;
	default:
		f->fail(f->arg, 0, 0, "unknown list format");
		return -1;
	}
	free(r.buf);
	if (r.nomem)
		f->fail(f->arg, c.line, 0, "out of memory");
	return rc == -1 ? -1 : 0;
}
