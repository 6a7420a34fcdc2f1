/*
 * The table driver of the parser suites (tests/check_<parser>.c), as
 * tests/fuzz/fuzz_parser.h is the driver of the parser fuzz targets.
 *
 * A case names the format, the line, and the result the parser must
 * give.  For an event it gives the event's time and every field the
 * event carries, as "name=value|name=value" with the field names of the
 * rule language (src/event/logevent.h); every other string field must be
 * empty and every other number -1, so that a case asserts the whole
 * event.  For an error it gives the message, or NULL for any message.
 *
 * The line may hold several lines separated by '\n': the ones before the
 * last go to the same parser state first (a Zeek #fields header) and
 * must not be errors; the last one is the case.  Lines are heap copies
 * without a NUL, so that ASan sees any read past the end.
 *
 * A suite writes its cases with a macro of its own that fills in its
 * format, and runs pt_run, pt_run_truncated and pt_run_garbage over
 * them; checks that need code of their own stay plain tests.  A format
 * with field names of its own (logevent_native) has a table of lookups
 * too, run by pt_run_native.
 */
#ifndef DETECTD_TESTS_PARSER_TABLE_H
#define DETECTD_TESTS_PARSER_TABLE_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/parser.h"
#include "parsers/syslog.h"
#include "testrand.h"

#define PT_REF_MS	1773100800000LL		/* 2026-03-10T00:00:00Z */
#define PT_HDR_MS	1773151331000LL		/* Mar 10 14:02:11 of that year */

/* Case flags. */
#define PT_SYSLOG	0x01	/* the line carries a syslog header */
#define PT_NOCOPY	0x02	/* every value is a slice of the line: no arena */
#define PT_COPY		0x04	/* some value was decoded into the arena */
#define PT_NOFORMAT	0x08	/* ev->format is left to the pipeline */

struct pt_case {
	const char		*format;	/* the parser's name */
	const char		*line;
	enum parse_result	 result;
	int64_t			 time_ms;	/* PARSE_OK: the event's time */
	const char		*want;		/* fields, or the error message */
	unsigned		 flags;
	int64_t			 preset;	/* time from a syslog header, or 0 */
	int64_t			 ref_ms;	/* the file's mtime; 0: PT_REF_MS */
	enum source_kind	 source;	/* 0: the parser's own */
	const char		*name;		/* for the messages, or NULL */
};

#define PT_NCASES(t)	((int)(sizeof(t) / sizeof((t)[0])))

/* Values the parsers may set from static strings, not from the line. */
static const char *const pt_static_fields[] = {
	"network.transport", "network.protocol", "event.action",
	"dns.response_code",
};

/* Heap copy without a NUL, so that ASan sees any read past the end. */
static inline char *
pt_copy(const char *s, size_t len)
{
	char	*p = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, len);
	return p;
}

/* Scratch of size bytes on the heap, so that ASan sees any overrun. */
static inline char *
pt_buf(size_t size)
{
	char	*p = malloc(size ? size : 1);

	ck_assert_ptr_nonnull(p);
	return p;
}

/* A slice is want, or empty for NULL. */
static inline void
pt_expect_str(const char *label, const char *what, struct slice s,
    const char *want)
{
	if (want == NULL)
		ck_assert_msg(SLICE_EMPTY(s), "%s: %s is \"%.*s\", want empty",
		    label, what, (int)s.len, s.p);
	else
		ck_assert_msg(slice_eq(s, want), "%s: %s is \"%.*s\", want "
		    "\"%s\"", label, what, (int)s.len, s.p, want);
}

static inline const struct parser *
pt_parser(const char *name)
{
	const struct parser	*p = parser_lookup(name);

	ck_assert_msg(p != NULL, "no parser %s", name);
	return p;
}

static inline void *
pt_state(const struct parser *p, int64_t ref_ms)
{
	void	*st = NULL;

	if (p->state_new != NULL)
		ck_assert_ptr_nonnull(st = p->state_new(ref_ms ? ref_ms :
		    PT_REF_MS));
	return st;
}

static inline void
pt_state_free(const struct parser *p, void *st)
{
	if (p->state_free != NULL)
		p->state_free(st);
}

/*
 * The caller's part of the contract in parser.h.  preset is the time the
 * event starts with, or 0.  The line goes through parser_parse, which
 * takes off the syslog header(s) as the pipeline does.
 */
static inline enum parse_result
pt_parse(const struct parser *p, void *st, const char *line, size_t len,
    int64_t preset, struct logevent *ev, const char **err)
{
	logevent_reset(ev);
	ck_assert_int_eq(logevent_reserve(ev, len + 64), 0);
	ev->raw.p = line;
	ev->raw.len = len;
	ev->time_ms = preset;
	*err = NULL;
	return parser_parse(p, st, PT_REF_MS, line, len, ev, err);
}

/* The value the spec gives for name, or NULL. */
static inline const char *
pt_spec(const char *spec, const char *name, char *buf, size_t size)
{
	const char	*p = spec, *bar, *eq;
	size_t		 n = strlen(name);

	while (p != NULL && *p != '\0') {
		bar = strchr(p, '|');
		eq = strchr(p, '=');
		if (eq != NULL && (bar == NULL || eq < bar) &&
		    (size_t)(eq - p) == n && memcmp(p, name, n) == 0) {
			eq++;
			n = bar != NULL ? (size_t)(bar - eq) : strlen(eq);
			ck_assert_uint_lt(n, size);
			memcpy(buf, eq, n);
			buf[n] = '\0';
			return buf;
		}
		p = bar != NULL ? bar + 1 : NULL;
	}
	return NULL;
}

/* Every name in the spec is a field: catches typos in the tables. */
static inline void
pt_spec_names(const char *label, const char *spec)
{
	const char	*p = spec, *eq, *bar;
	char		 name[64];

	for (; p != NULL && *p != '\0'; p = bar != NULL ? bar + 1 : NULL) {
		bar = strchr(p, '|');
		if (bar == p)
			continue;
		eq = strchr(p, '=');
		ck_assert_msg(eq != NULL && (bar == NULL || eq < bar) &&
		    (size_t)(eq - p) < sizeof(name), "%s: bad spec at \"%s\"",
		    label, p);
		memcpy(name, p, (size_t)(eq - p));
		name[eq - p] = '\0';
		ck_assert_msg(field_lookup(name) != NULL, "%s: no field %s",
		    label, name);
	}
}

static inline int
pt_is_static(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(pt_static_fields) /
	    sizeof(pt_static_fields[0]); i++)
		if (strcmp(name, pt_static_fields[i]) == 0)
			return 1;
	return 0;
}

/*
 * Every string field lies inside the line or the event's arena, but
 * for the values a parser may take from static strings.
 */
static inline void
pt_all_inside(const char *label, const struct logevent *ev,
    const char *line, size_t len)
{
	const struct field_def	*t;
	struct slice		 s;
	size_t			 n, k;

	t = field_table(&n);
	for (k = 0; k < n; k++) {
		if (t[k].type != FIELD_STR || pt_is_static(t[k].name))
			continue;
		s = field_str(ev, &t[k]);
		if (s.len == 0)
			continue;
		ck_assert_msg((s.p >= line && s.p + s.len <= line + len) ||
		    (s.p >= ev->arena && s.p + s.len <= ev->arena +
		    ev->arena_len), "%s: %s outside the line", label,
		    t[k].name);
	}
}

/* Every field as the spec says, and no other. */
static inline void
pt_expect(const char *label, const struct logevent *ev, const char *spec)
{
	const struct field_def	*t;
	const char		*want;
	char			 buf[512], got[32];
	size_t			 n, k;

	pt_spec_names(label, spec);
	t = field_table(&n);
	for (k = 0; k < n; k++) {
		want = pt_spec(spec, t[k].name, buf, sizeof(buf));
		if (t[k].type == FIELD_STR) {
			pt_expect_str(label, t[k].name, field_str(ev, &t[k]),
			    want);
			continue;
		}
		snprintf(got, sizeof(got), "%lld",
		    (long long)field_int(ev, &t[k]));
		ck_assert_msg(strcmp(got, want != NULL ? want : "-1") == 0,
		    "%s: %s is %s, want %s", label, t[k].name, got,
		    want != NULL ? want : "-1");
	}
}

static inline void
pt_label(char *buf, size_t size, const struct pt_case *c, int i)
{
	snprintf(buf, size, "%s case %d%s%s%s", c->format, i,
	    c->name != NULL ? " (" : "", c->name != NULL ? c->name : "",
	    c->name != NULL ? ")" : "");
}

/* Where the case's last line starts; the lines before it go first. */
static inline const char *
pt_last_line(const char *s)
{
	const char	*nl = strrchr(s, '\n');

	return nl != NULL ? nl + 1 : s;
}

/* The lines before the last, to the parser state: none an error. */
static inline void
pt_feed(const char *label, const struct pt_case *c, const struct parser *p,
    void *st, struct logevent *ev)
{
	const char	*s, *nl, *last = pt_last_line(c->line), *err;
	char		*line;
	size_t		 len;

	for (s = c->line; s < last; s = nl + 1) {
		nl = strchr(s, '\n');
		len = (size_t)(nl - s);
		line = pt_copy(s, len);
		ck_assert_msg(pt_parse(p, st, line, len, c->preset, ev,
		    &err) != PARSE_ERROR, "%s: line \"%.*s\": %s", label, (int)len, s, err);
		free(line);
	}
}

static inline void
pt_check_ok(const char *label, const struct pt_case *c,
    const struct parser *p, const struct logevent *ev, const char *line,
    size_t len)
{
	enum source_kind	 src = c->source ? c->source : p->source;

	ck_assert_msg(ev->source == src, "%s: source %s, want %s", label,
	    source_kind_name(ev->source), source_kind_name(src));
	if (!(c->flags & PT_NOFORMAT))
		ck_assert_msg(ev->format != NULL &&
		    strcmp(ev->format, p->name) == 0, "%s: format %s", label,
		    ev->format != NULL ? ev->format : "(null)");
	ck_assert_msg(ev->time_ms == c->time_ms, "%s: time %lld, want %lld",
	    label, (long long)ev->time_ms, (long long)c->time_ms);
	pt_expect(label, ev, c->want != NULL ? c->want : "");
	pt_all_inside(label, ev, line, len);
	if (c->flags & PT_NOCOPY)
		ck_assert_msg(ev->arena_len == 0, "%s: %zu bytes in the arena",
		    label, ev->arena_len);
	if (c->flags & PT_COPY)
		ck_assert_msg(ev->arena_len > 0, "%s: nothing in the arena",
		    label);
}

/* One case: the result, and the whole event or the error. */
static inline void
pt_run(const struct pt_case *c, int i)
{
	const struct parser	*p = pt_parser(c->format);
	const char		*last = pt_last_line(c->line), *err;
	struct logevent		 ev;
	enum parse_result	 r;
	size_t			 len = strlen(last);
	char			*line, label[128];
	void			*st = pt_state(p, c->ref_ms);

	pt_label(label, sizeof(label), c, i);
	memset(&ev, 0, sizeof(ev));
	pt_feed(label, c, p, st, &ev);
	line = pt_copy(last, len);
	r = pt_parse(p, st, line, len, c->preset, &ev,
	    &err);
	ck_assert_msg(r == c->result, "%s: result %d, want %d (%s)", label,
	    r, c->result, err != NULL ? err : "no message");
	if (r == PARSE_OK) {
		ck_assert_msg(err == NULL, "%s: message %s", label, err);
		pt_check_ok(label, c, p, &ev, line, len);
	} else if (r == PARSE_ERROR) {
		ck_assert_msg(err != NULL && err[0] != '\0', "%s: no message",
		    label);
		if (c->want != NULL)
			ck_assert_msg(strcmp(err, c->want) == 0, "%s: error "
			    "\"%s\", want \"%s\"", label, err, c->want);
	}
	pt_state_free(p, st);
	free(line);
	logevent_free(&ev);
}

/* What a format asserts of the prefix of k bytes of case c, beyond the rest. */
typedef void	pt_prefix_fn(const char *label, const struct pt_case *c,
		    size_t k, const char *line, enum parse_result r,
		    const struct logevent *ev, const char *err);

static inline int
pt_blank(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/*
 * Every proper prefix of the case's last line: skipped while blank, else
 * an event or an error that says why; slices inside the line; and what
 * fn (may be NULL) asserts for the format.
 */
static inline void
pt_run_truncated(const struct pt_case *c, int i, pt_prefix_fn *fn)
{
	const struct parser	*p = pt_parser(c->format);
	const char		*last = pt_last_line(c->line), *err;
	struct logevent		 ev;
	enum parse_result	 r;
	size_t			 len = strlen(last), k;
	char			*line, label[160];
	void			*st = pt_state(p, c->ref_ms);

	pt_label(label, sizeof(label), c, i);
	memset(&ev, 0, sizeof(ev));
	pt_feed(label, c, p, st, &ev);
	for (k = 0; k < len; k++) {
		line = pt_copy(last, k);
		r = pt_parse(p, st, line, k, c->preset,
		    &ev, &err);
		if (pt_blank(line, k))
			ck_assert_msg(r == PARSE_SKIP, "%s at %zu: blank, "
			    "result %d", label, k, r);
		if (r == PARSE_OK)
			ck_assert_msg(ev.time_ms != 0, "%s at %zu: no time",
			    label, k);
		else if (r == PARSE_ERROR)
			ck_assert_msg(err != NULL && err[0] != '\0',
			    "%s at %zu: no message", label, k);
		else
			ck_assert_msg(r == PARSE_SKIP, "%s at %zu: result %d",
			    label, k, r);
		pt_all_inside(label, &ev, line, k);
		if (fn != NULL)
			fn(label, c, k, line, r, &ev, err);
		free(line);
	}
	pt_state_free(p, st);
	logevent_free(&ev);
}

/*
 * A one-line format that must see the whole line (a JSON object): every
 * proper prefix of line is an error, the whole line an event.
 */
static inline void
pt_run_cut(const char *format, const char *line)
{
	const struct parser	*p = pt_parser(format);
	const char		*err;
	struct logevent		 ev;
	size_t			 cut, len = strlen(line);
	char			*buf;

	memset(&ev, 0, sizeof(ev));
	for (cut = 1; cut <= len; cut++) {
		buf = pt_copy(line, cut);
		ck_assert_msg(pt_parse(p, NULL, buf, cut, 0, &ev, &err) ==
		    (cut == len ? PARSE_OK : PARSE_ERROR), "%s cut at %zu",
		    format, cut);
		free(buf);
	}
	logevent_free(&ev);
}

/*
 * A lookup by the format's own field name (logevent_native) in the
 * event the last line gives (the lines before it go first, as in
 * pt_case): the value wanted, "" for present and empty, NULL for no
 * such field.
 */
struct pt_native {
	const char	*format;
	const char	*line;
	const char	*field;
	const char	*want;
	const char	*name;		/* for the messages, or NULL */
};

/* Names pt_native_touch looks up in every event: each format's kinds. */
static const char *const pt_native_names[] = {
	"Image", "CommandLine", "EventID", "Computer", "Provider_Name",
	"winlog.event_data.Image", "id.orig_h", "query", "answers", "uri",
	"srcip", "devname", "msg", "x", "a.b.c.d",
};

/*
 * A value found: inside the line or the first len bytes of buf; one
 * not found: absent, or the room it needs, never more than the line.
 */
static inline void
pt_native_inside(const char *label, const char *field, struct slice v,
    const struct logevent *ev, const char *buf, size_t size)
{
	if (v.p == NULL) {
		ck_assert_msg(v.len <= ev->raw.len, "%s: %s needs %zu bytes, "
		    "more than the line", label, field, v.len);
		return;
	}
	ck_assert_msg((v.p >= ev->raw.p && v.p + v.len <= ev->raw.p +
	    ev->raw.len) || (buf != NULL && v.p >= buf && v.p + v.len <=
	    buf + size), "%s: %s outside the line and buf", label, field);
}

/* Two lookups gave the same: both absent, or equal values. */
static inline void
pt_native_same(const char *label, const char *field, struct slice a,
    struct slice b)
{
	ck_assert_msg(a.len == b.len && (a.p == NULL) == (b.p == NULL) &&
	    (a.p == NULL || memcmp(a.p, b.p, a.len) == 0), "%s: %s is "
	    "\"%.*s\" with the index, \"%.*s\" without", label, field,
	    a.p != NULL ? (int)a.len : 0, a.p != NULL ? a.p : "",
	    b.p != NULL ? (int)b.len : 0, b.p != NULL ? b.p : "");
}

/*
 * Every name of pt_native_names looked up: ASan checks the lookup.
 * When the event has an index of its members, the same event read
 * without it gives the same values.
 */
static inline void
pt_native_touch(const char *label, const struct logevent *ev)
{
	struct logevent	 plain;
	struct slice	 v, w;
	size_t		 i, size = ev->raw.len;
	char		*buf, *buf2;

	if (ev->native == NULL)
		return;
	plain = *ev;
	plain.nidx = NULL;
	buf = pt_buf(size);
	buf2 = pt_buf(size);
	for (i = 0; i < sizeof(pt_native_names) / sizeof(pt_native_names[0]);
	    i++) {
		v = logevent_native(ev, pt_native_names[i],
		    strlen(pt_native_names[i]), buf, size);
		pt_native_inside(label, pt_native_names[i], v, ev, buf, size);
		if (ev->nidx != NULL) {
			w = logevent_native(&plain, pt_native_names[i],
			    strlen(pt_native_names[i]), buf2, size);
			pt_native_same(label, pt_native_names[i], v, w);
		}
		/* With no room, a value to decode says what it needs. */
		v = logevent_native(ev, pt_native_names[i],
		    strlen(pt_native_names[i]), NULL, 0);
		pt_native_inside(label, pt_native_names[i], v, ev, NULL, 0);
	}
	free(buf2);
	free(buf);
}

/* The value as the case wants it. */
static inline void
pt_native_expect(const char *label, const struct pt_native *c,
    struct slice v)
{
	if (c->want == NULL)
		ck_assert_msg(v.p == NULL && v.len == 0, "%s: %s is \"%.*s\" "
		    "(%zu), want absent", label, c->field, v.p != NULL ?
		    (int)v.len : 0, v.p != NULL ? v.p : "", v.len);
	else
		ck_assert_msg(v.p != NULL && slice_eq(v, c->want), "%s: %s is "
		    "%s\"%.*s\", want \"%s\"", label, c->field, v.p == NULL ?
		    "absent " : "", v.p != NULL ? (int)v.len : 0,
		    v.p != NULL ? v.p : "", c->want);
}

/*
 * One lookup case: with buf of the line's length, the value wanted; a
 * value decoded into buf again with no buf, which gives the room it
 * needs, and with exactly that room.  Twice: the line scanned at each
 * lookup, then with the event's index of its members (nindex.h), which
 * must give the same.
 */
static inline void
pt_run_native_once(const struct pt_native *c, const char *label, int index)
{
	const struct parser	*p = pt_parser(c->format);
	const struct pt_case	 pc = { .format = c->format, .line = c->line };
	const char		*last = pt_last_line(c->line), *err;
	struct logevent		 ev;
	struct slice		 v, w;
	size_t			 len = strlen(last), n = strlen(c->field);
	char			*line, *buf, *room;
	void			*st = pt_state(p, 0);

	memset(&ev, 0, sizeof(ev));
	pt_feed(label, &pc, p, st, &ev);
	if (index)
		ck_assert_int_eq(logevent_want_index(&ev), 0);
	line = pt_copy(last, len);
	ck_assert_msg(pt_parse(p, st, line, len, 0, &ev, &err) == PARSE_OK,
	    "%s: %s", label, err);
	buf = pt_buf(len);
	v = logevent_native(&ev, c->field, n, buf, len);
	pt_native_expect(label, c, v);
	pt_native_inside(label, c->field, v, &ev, buf, len);
	if (v.p != NULL && v.p >= buf && v.p < buf + len) {
		w = logevent_native(&ev, c->field, n, NULL, 0);
		ck_assert_msg(w.p == NULL && w.len >= v.len && w.len <= len,
		    "%s: with no room, %zu", label, w.len);
		room = pt_buf(w.len);
		pt_native_expect(label, c, logevent_native(&ev, c->field, n,
		    room, w.len));
		free(room);
	}
	pt_native_touch(label, &ev);
	free(buf);
	free(line);
	pt_state_free(p, st);
	logevent_free(&ev);
}

static inline void
pt_run_native(const struct pt_native *c, int i)
{
	char	 label[160];
	int	 index;

	for (index = 0; index < 2; index++) {
		snprintf(label, sizeof(label), "%s native %d (%s)%s",
		    c->format, i, c->name != NULL ? c->name : c->field,
		    index ? " indexed" : "");
		pt_run_native_once(c, label, index);
	}
}

/*
 * Random bytes, and the cases' lines with a few bytes changed, some of
 * them to bytes of alpha: an event with a time, or a skip, or an error
 * that says why; slices inside the line whatever the result.  Behind a
 * syslog header, as every third line is, the event starts with its
 * time.
 */
static inline void
pt_run_garbage(const struct pt_case *cases, int ncases, const char *alpha,
    uint64_t seed)
{
	const struct parser	*p = pt_parser(cases[0].format);
	const char		*err, *src;
	struct logevent		 ev;
	enum parse_result	 r;
	size_t			 len, j, n, alen = strlen(alpha);
	int64_t			 preset;
	char			*line;
	void			*st = pt_state(p, 0);
	int			 i, nres[3] = { 0, 0, 0 };

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 20000; i++) {
		/* The second half with an index of the members. */
		if (i == 10000)
			ck_assert_int_eq(logevent_want_index(&ev), 0);
		if (i % 2 == 0) {
			len = test_rand(&seed) % 300;
			ck_assert_ptr_nonnull(line = malloc(len + 1));
			for (j = 0; j < len; j++)
				line[j] = (i % 4 == 0) ? (char)test_rand(&seed) :
				    alpha[test_rand(&seed) % alen];
		} else {
			src = pt_last_line(cases[test_rand(&seed) %
			    (uint64_t)ncases].line);
			len = strlen(src);
			line = pt_copy(src, len);
			for (n = test_rand(&seed) % 4 + 1; n > 0 && len > 0; n--)
				line[test_rand(&seed) % len] =
				    (n % 2) ? (char)test_rand(&seed) :
				    alpha[test_rand(&seed) % alen];
		}
		preset = (p->flags & PARSER_SYSLOG) && i % 3 == 0 ?
		    PT_REF_MS : 0;
		r = pt_parse(p, st, line, len, preset, &ev, &err);
		ck_assert_msg(r == PARSE_OK || r == PARSE_ERROR ||
		    r == PARSE_SKIP, "garbage %d: result %d", i, (int)r);
		if (r == PARSE_OK) {
			ck_assert_msg(ev.time_ms != 0, "garbage %d: no time",
			    i);
			pt_native_touch("garbage", &ev);
		}
		else if (r == PARSE_ERROR)
			ck_assert_msg(err != NULL && err[0] != '\0',
			    "garbage %d: no message", i);
		nres[r == PARSE_OK ? 0 : r == PARSE_ERROR ? 1 : 2]++;
		pt_all_inside("garbage", &ev, line, len);
		free(line);
	}
	/*
	 * Lines a few bytes off the cases are both: a parser that refused
	 * them all, or took them all, would not be parsing them.  (A
	 * parser that needs a header first, Zeek's, refuses them all; one
	 * that skips other programs' lines, PARSER_FOREIGN, skips what it
	 * refuses.)
	 */
	ck_assert_msg((nres[0] > 0 || p->state_new != NULL) &&
	    nres[(p->flags & PARSER_FOREIGN) ? 2 : 1] > 0,
	    "garbage: %d events, %d errors, %d skipped", nres[0], nres[1],
	    nres[2]);
	pt_state_free(p, st);
	logevent_free(&ev);
}

/* The parser's row in the table of parsers. */
static inline void
pt_registered(const char *name, enum source_kind src, unsigned flags,
    int stateful)
{
	const struct parser	*p = pt_parser(name);
	const struct parser *const *t;
	size_t			 n, i;
	int			 found = 0;

	ck_assert_str_eq(p->name, name);
	ck_assert_int_eq(p->source, src);
	ck_assert_ptr_nonnull(p->doc);
	ck_assert_uint_eq(p->flags, flags);
	ck_assert_ptr_nonnull(p->parse);
	ck_assert_int_eq(p->state_new != NULL, stateful);
	ck_assert_int_eq(p->state_free != NULL, stateful);
	if (p->state_free != NULL)
		p->state_free(NULL);
	t = parser_table(&n);
	for (i = 0; i < n; i++)
		if (t[i] == p)
			found = 1;
	ck_assert(found);
	ck_assert_ptr_null(parser_lookup("nonesuch"));
	ck_assert_ptr_null(parser_lookup(NULL));
}

#endif
