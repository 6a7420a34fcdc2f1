/*
 * Test helpers shared by the firewall and DHCP parser suites
 * (check_iptables, check_fortigate, check_paloalto, check_dhcpd).
 *
 * A case lists the fields it expects as "name=value|name=value" with the
 * field names of the rule language; every other string field must be
 * empty and every other number -1, so that a case asserts the whole
 * event.
 */
#ifndef DETECTD_TESTS_FWTEST_H
#define DETECTD_TESTS_FWTEST_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/parser.h"

#define FW_REF_MS	1773100800000LL		/* 2026-03-10T00:00:00Z */
#define FW_HDR_MS	1773151331000LL		/* Mar 10 14:02:11 */

struct fw_case {
	const char	*line;
	int64_t		 time_ms;
	const char	*expect;
};

struct fw_err {
	const char	*line;
	int		 res;
	const char	*err;
};

/* Heap copy without a NUL, so that ASan sees any read past the end. */
static char *
fw_copy(const char *s, size_t len)
{
	char	*p = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, len);
	return p;
}

/* The caller's part of the contract in parser.h. */
static enum parse_result
fw_parse(const char *name, const char *line, size_t len, struct logevent *ev,
    const char **err)
{
	const struct parser	*p = parser_lookup(name);
	void			*st = NULL;
	enum parse_result	 r;

	ck_assert_ptr_nonnull(p);
	if (p->state_new != NULL)
		ck_assert_ptr_nonnull(st = p->state_new(FW_REF_MS));
	logevent_reset(ev);
	ck_assert_int_eq(logevent_reserve(ev, len + 64), 0);
	ev->raw.p = line;
	ev->raw.len = len;
	*err = NULL;
	r = p->parse(st, line, len, ev, err);
	if (p->state_free != NULL)
		p->state_free(st);
	return r;
}

/* The value spec gives for name, or NULL. */
static const char *
fw_spec(const char *spec, const char *name, char *buf, size_t size)
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
static void
fw_spec_names(int i, const char *spec)
{
	const char	*p = spec, *eq, *bar;
	char		 name[64];

	while (p != NULL && *p != '\0') {
		eq = strchr(p, '=');
		bar = strchr(p, '|');
		ck_assert_msg(eq != NULL && (bar == NULL || eq < bar) &&
		    (size_t)(eq - p) < sizeof(name), "case %d: bad spec", i);
		memcpy(name, p, (size_t)(eq - p));
		name[eq - p] = '\0';
		ck_assert_msg(field_lookup(name) != NULL,
		    "case %d: no field %s", i, name);
		p = bar != NULL ? bar + 1 : NULL;
	}
}

static int
fw_inside(struct slice s, const char *line, size_t len,
    const struct logevent *ev)
{
	return (s.p >= line && s.p + s.len <= line + len) ||
	    (s.p >= ev->arena && s.p + s.len <= ev->arena + ev->arena_len);
}

/*
 * Every field as the spec says; slices inside the line or the arena,
 * but for the static words of transport and action.
 */
static void
fw_expect(int i, const struct logevent *ev, const char *spec,
    const char *line, size_t len)
{
	const struct field_def	*t;
	struct slice		 s;
	const char		*want;
	char			 buf[512];
	size_t			 n, k;

	fw_spec_names(i, spec);
	t = field_table(&n);
	for (k = 0; k < n; k++) {
		want = fw_spec(spec, t[k].name, buf, sizeof(buf));
		if (t[k].type != FIELD_STR) {
			ck_assert_msg(field_int(ev, &t[k]) ==
			    (want ? strtoll(want, NULL, 10) : -1),
			    "case %d: %s is %lld, want %s", i, t[k].name,
			    (long long)field_int(ev, &t[k]),
			    want ? want : "-1");
			continue;
		}
		s = field_str(ev, &t[k]);
		if (want == NULL)
			ck_assert_msg(SLICE_EMPTY(s), "case %d: %s is "
			    "\"%.*s\", want empty", i, t[k].name, (int)s.len,
			    s.p);
		else
			ck_assert_msg(slice_eq(s, want), "case %d: %s is "
			    "\"%.*s\", want \"%s\"", i, t[k].name, (int)s.len,
			    s.p, want);
		if (s.len > 0 && strcmp(t[k].name, "network.transport") != 0 &&
		    strcmp(t[k].name, "event.action") != 0)
			ck_assert_msg(fw_inside(s, line, len, ev),
			    "case %d: %s outside the line", i, t[k].name);
	}
}

/* Slices stay inside the line or the arena, whatever the result. */
static void
fw_all_inside(const struct logevent *ev, const char *line, size_t len)
{
	const struct field_def	*t;
	struct slice		 s;
	size_t			 n, k;

	t = field_table(&n);
	for (k = 0; k < n; k++) {
		if (t[k].type != FIELD_STR ||
		    strcmp(t[k].name, "network.transport") == 0 ||
		    strcmp(t[k].name, "event.action") == 0)
			continue;
		s = field_str(ev, &t[k]);
		if (s.len > 0)
			ck_assert_msg(fw_inside(s, line, len, ev),
			    "%s outside the line", t[k].name);
	}
}

static void
fw_run_ok(const char *name, enum source_kind src, const struct fw_case *c,
    int i)
{
	struct logevent	 ev;
	size_t		 len = strlen(c->line);
	char		*line = fw_copy(c->line, len);
	const char	*err;

	memset(&ev, 0, sizeof(ev));
	ck_assert_msg(fw_parse(name, line, len, &ev, &err) == PARSE_OK,
	    "case %d: %s", i, err ? err : "not OK");
	ck_assert_int_eq(ev.source, src);
	ck_assert_str_eq(ev.format, name);
	ck_assert_msg(ev.time_ms == c->time_ms, "case %d: time %lld", i,
	    (long long)ev.time_ms);
	fw_expect(i, &ev, c->expect, line, len);
	free(line);
	logevent_free(&ev);
}

static void
fw_run_err(const char *name, const struct fw_err *c, int i)
{
	struct logevent	 ev;
	size_t		 len = strlen(c->line);
	char		*line = fw_copy(c->line, len);
	const char	*err;

	memset(&ev, 0, sizeof(ev));
	ck_assert_msg(fw_parse(name, line, len, &ev, &err) == c->res,
	    "case %d: result", i);
	if (c->err != NULL)
		ck_assert_str_eq(err, c->err);
	if (c->res == PARSE_ERROR)
		ck_assert_msg(err != NULL && err[0] != '\0', "case %d", i);
	free(line);
	logevent_free(&ev);
}

/* Every prefix of a good line: any result, but an error says why. */
static void
fw_run_truncated(const char *name, const char *s)
{
	struct logevent		 ev;
	size_t			 len = strlen(s), k;
	enum parse_result	 r;
	const char		*err;
	char			*line;

	memset(&ev, 0, sizeof(ev));
	for (k = 0; k < len; k++) {
		line = fw_copy(s, k);
		r = fw_parse(name, line, k, &ev, &err);
		if (r == PARSE_ERROR)
			ck_assert(err != NULL && err[0] != '\0');
		fw_all_inside(&ev, line, k);
		free(line);
	}
	logevent_free(&ev);
}

static uint64_t
fw_rnd(uint64_t *s)
{
	uint64_t	 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Random bytes, and good lines with random bytes changed. */
static void
fw_run_garbage(const char *name, const struct fw_case *cases, size_t ncases,
    const char *alpha)
{
	struct logevent	 ev;
	uint64_t	 seed = 777;
	size_t		 len, j, n, alen = strlen(alpha);
	const char	*err, *src;
	char		*line;
	int		 i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 20000; i++) {
		if (i % 2 == 0) {
			len = fw_rnd(&seed) % 300;
			line = malloc(len + 1);
			ck_assert_ptr_nonnull(line);
			for (j = 0; j < len; j++)
				line[j] = (i % 4 == 0) ? (char)fw_rnd(&seed) :
				    alpha[fw_rnd(&seed) % alen];
		} else {
			src = cases[fw_rnd(&seed) % ncases].line;
			len = strlen(src);
			line = fw_copy(src, len);
			for (n = fw_rnd(&seed) % 4 + 1; n > 0 && len > 0; n--)
				line[fw_rnd(&seed) % len] =
				    (n % 2) ? (char)fw_rnd(&seed) :
				    alpha[fw_rnd(&seed) % alen];
		}
		if (fw_parse(name, line, len, &ev, &err) == PARSE_ERROR)
			ck_assert(err != NULL && err[0] != '\0');
		fw_all_inside(&ev, line, len);
		free(line);
	}
	logevent_free(&ev);
}

#endif
