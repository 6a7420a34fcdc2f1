/*
 * Explaining conditions: which tests made one true (the alert's
 * incident.matched) and which test made one false (detectd -t).  This
 * runs only for a rule that fired or for an analyst's question, never
 * on the hot path, so it evaluates again, without the prefilter: its
 * answers belong to the last event scanned, which need not be this one.
 */
#include <stdio.h>
#include <string.h>

#include "rules/cond.h"
#include "rules/condint.h"
#include "rules/list.h"
#include "rules/sfield.h"
#include "rules/stest.h"

static int
trace_regex(struct cond_re *re, struct slice s, struct slice *m)
{
	PCRE2_SIZE	*ov;

	if (s.len == 0 || !cond_re_match(re, s))
		return 0;
	ov = pcre2_get_ovector_pointer(re->md);
	if (m != NULL && ov[0] <= ov[1] && ov[1] <= s.len) {
		m->p = s.p + ov[0];
		m->len = ov[1] - ov[0];
	}
	return 1;
}

int
cond_eval_plain(const struct cond *c, const struct logevent *ev)
{
	char	 buf[COND_VBUF];
	size_t	 i;

	if (c == NULL)
		return 0;
	switch (c->op) {
	case C_AND:
		for (i = 0; i < c->nkids; i++)
			if (!cond_eval_plain(c->kids[i], ev))
				return 0;
		return 1;
	case C_OR:
		if (c->set != C_BAD)
			break;
		for (i = 0; i < c->nkids; i++)
			if (cond_eval_plain(c->kids[i], ev))
				return 1;
		return 0;
	case C_NOT:
		return !cond_eval_plain(c->kids[0], ev);
	case C_RE:
		return trace_regex(c->u.re, cond_str(c, ev, buf), NULL);
	case C_SIGMA:
		return stest_eval_plain(c->u.st, ev);
	default:
		break;
	}
	return cond_eval(c, ev, NULL);
}

static void
trace_set(struct cond_match *m, const char *field, const char *op,
    struct slice v)
{
	m->field = field;
	snprintf(m->op, sizeof(m->op), "%s", op);
	m->len = v.len < sizeof(m->value) - 1 ? v.len : sizeof(m->value) - 1;
	if (m->len > 0)
		memcpy(m->value, v.p, m->len);
	m->value[m->len] = '\0';
}

/* A leaf that holds: 1 and *m filled when it is worth saying. */
static int
trace_leaf(const struct cond *c, const struct logevent *ev,
    struct cond_match *m)
{
	const struct indicator	*ind;
	struct slice		 s = { NULL, 0 }, v = { NULL, 0 };
	char			 buf[COND_VBUF], op[COND_MATCH_OP];
	const char		*how;

	switch (c->op) {
	case C_RE:
		if (!trace_regex(c->u.re, cond_str(c, ev, buf), &v))
			return 0;
		trace_set(m, c->field->name, "~", v);
		return 1;
	case C_CONTAINS:
		v.p = c->u.str.s;
		v.len = c->u.str.len;
		trace_set(m, c->field->name, "contains", v);
		return 1;
	case C_LIST:
		if (!cond_isnum(c->field))
			s = cond_str(c, ev, buf);
		else if (field_int(ev, c->field) != -1) {
			s.p = buf;
			s.len = (size_t)snprintf(buf, sizeof(buf), "%lld",
			    (long long)field_int(ev, c->field));
		}
		if (s.len == 0 || (ind = list_match(c->u.list, s)) == NULL)
			return 0;
		snprintf(op, sizeof(op), "in list %s", list_name(c->u.list));
		trace_set(m, c->field->name, op, slice_cstr(ind->value));
		return 1;
	case C_SIGMA:
		if ((how = stest_which(c->u.st, ev, &v)) == NULL)
			return 0;
		trace_set(m, stest_label(c->u.st), how, v);
		return 1;
	default:
		return 0;
	}
}

/* The tests on the path that made c (true) true, as cond_eval takes it. */
static void
trace_matched(const struct cond *c, const struct logevent *ev,
    struct cond_match *m, size_t max, size_t *n)
{
	size_t	 i;

	if (*n >= max)
		return;
	switch (c->op) {
	case C_AND:
		for (i = 0; i < c->nkids; i++)
			trace_matched(c->kids[i], ev, m, max, n);
		return;
	case C_OR:
		for (i = 0; c->set == C_BAD && i < c->nkids; i++)
			if (cond_eval_plain(c->kids[i], ev)) {
				trace_matched(c->kids[i], ev, m, max, n);
				return;
			}
		return;
	case C_NOT:
		return;		/* what did not match says nothing */
	default:
		if (trace_leaf(c, ev, &m[*n]))
			(*n)++;
		return;
	}
}

size_t
cond_matched(const struct cond *c, const struct logevent *ev,
    struct cond_match *m, size_t max)
{
	size_t	 n = 0;

	if (c == NULL || max == 0 || !cond_eval_plain(c, ev))
		return 0;
	trace_matched(c, ev, m, max, &n);
	return n;
}

/* What the event has where test c looks, as text. */
static void
trace_seen(const struct cond *c, const struct logevent *ev, char *buf,
    size_t size)
{
	char		 vb[COND_VBUF];
	struct slice	 s;
	int64_t		 v;

	if (c->op == C_SIGMA)
		s = sfield_str(stest_field(c->u.st), ev);
	else if (c->field == NULL)
		s.len = 0;
	else if (cond_isnum(c->field)) {
		if ((v = field_int(ev, c->field)) == -1)
			s.len = 0;
		else {
			snprintf(buf, size, "it is %lld", (long long)v);
			return;
		}
	} else
		s = cond_str(c, ev, vb);
	if (s.len == 0)
		snprintf(buf, size, "it is not set");
	else
		snprintf(buf, size, "it is \"%.*s\"",
		    (int)(s.len > 200 ? 200 : s.len), s.p);
}

static const char *
trace_text(const struct cond *c)
{
	if (c->text != NULL)
		return c->text;
	if (c->op == C_SIGMA)
		return stest_label(c->u.st);
	return c->op == C_PRED ? "a log source test" : "a test";
}

/* Why c (false) is false: down the first failing branch to a test. */
static void
trace_why(const struct cond *c, const struct logevent *ev, char *buf,
    size_t size)
{
	char	 seen[256];
	size_t	 i, len;

	if (c->op == C_AND && c->text == NULL) {
		for (i = 0; i < c->nkids; i++)
			if (!cond_eval_plain(c->kids[i], ev)) {
				trace_why(c->kids[i], ev, buf, size);
				return;
			}
	}
	if (c->op == C_OR && c->set == C_BAD && c->text == NULL &&
	    c->nkids > 0) {
		len = (size_t)snprintf(buf, size, "none of %zu alternatives "
		    "holds; the first: ", c->nkids);
		if (len < size)
			trace_why(c->kids[0], ev, buf + len, size - len);
		return;
	}
	if (c->op == C_NOT && c->text == NULL) {
		snprintf(buf, size, "'%s' holds, and the rule wants it not to",
		    trace_text(c->kids[0]));
		return;
	}
	trace_seen(c->op == C_NOT ? c->kids[0] : c, ev, seen, sizeof(seen));
	snprintf(buf, size, "'%s' failed: %s", trace_text(c), seen);
}

size_t
cond_why_not(const struct cond *c, const struct logevent *ev, char *buf,
    size_t size)
{
	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (c == NULL) {
		snprintf(buf, size, "the rule has no condition");
		return strlen(buf);
	}
	if (cond_eval_plain(c, ev))
		return 0;
	trace_why(c, ev, buf, size);
	return strlen(buf);
}
