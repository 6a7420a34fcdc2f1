/*
 * Output options: the values a row of a kind's option table stands for
 * (outconf.h), parsed from the statements of an output block, checked
 * against the row's range with the messages detectd.conf(5) users know,
 * printed and freed.  It owns nothing of its own; the values it puts in
 * a kind's options struct belong to that struct, and outconf_clear frees
 * them by the same table.
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf/conf.h"
#include "util/log.h"
#include "output/outconf.h"

struct outconf_unit {
	double		 scale;
	const char	*name;
};

static const struct outconf_unit outconf_time_units[] = {
	{ 86400000.0, "d" }, { 3600000.0, "h" }, { 60000.0, "m" },
	{ 1000.0, "s" }, { 1.0, "ms" }, { 0, NULL }
};

static const struct outconf_unit outconf_size_units[] = {
	{ 1099511627776.0, "TB" }, { 1073741824.0, "GB" },
	{ 1048576.0, "MB" }, { 1024.0, "KB" }, { 1.0, "B" }, { 0, NULL }
};

static const struct outconf_unit outconf_count_units[] = {
	{ 1.0, "" }, { 0, NULL }
};

/* How the number types read in a message: the range comes from the row. */
static const struct outconf_num {
	enum outconf_type		 type;
	const char			*what;
	const struct outconf_unit	*units;
	const char			*example;
} outconf_nums[] = {
	{ OUTCONF_TIME, "a time", outconf_time_units, "10s" },
	{ OUTCONF_SIZE, "a size", outconf_size_units, "100MB" },
	{ OUTCONF_COUNT, "a count", outconf_count_units, NULL },
};

static const char *const outconf_policies[] = {
	"", "block", "drop", "spool"
};

const char *
outconf_policy_name(int p)
{
	return p > 0 && p <= OUTCONF_POLICY_SPOOL ? outconf_policies[p] : "";
}

/* One of the policies in the row's range: "expected block or drop". */
static int
outconf_policy(const struct outconf_opt *o, const struct cnode *c, int *dst,
    struct cerrors *errs)
{
	char	 names[64] = "";
	int	 p, len = 0;

	for (p = (int)o->min; p <= (int)o->max; p++) {
		if (strcmp(c->args[0].text, outconf_policies[p]) == 0) {
			*dst = p;
			return 0;
		}
		len += snprintf(names + len, sizeof(names) - len, "%s%s",
		    p == (int)o->min ? "" : p == (int)o->max ? " or " : ", ",
		    outconf_policies[p]);
	}
	cerrors_addtok(errs, &c->args[0], "%s: expected %s", o->name, names);
	return -1;
}

const struct outconf_opt *
outconf_find(const struct outconf_opt *o, const char *name)
{
	for (; o->name != NULL; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

/* "1ms", "7d", "1KB": v in the largest unit that divides it. */
static void
outconf_unit_str(double v, const struct outconf_unit *u, char *buf,
    size_t len)
{
	for (; u[1].name != NULL; u++)
		if (v >= u->scale && fmod(v, u->scale) == 0)
			break;
	snprintf(buf, len, "%.0f%s", v / u->scale, u->name);
}

/* Whether t is a number of the row's kind of unit, within its range. */
static int
outconf_num_ok(const struct outconf_opt *o, const struct ctok *t)
{
	if (t->type != CT_NUMBER || t->num < o->min || t->num > o->max)
		return 0;
	switch (o->type) {
	case OUTCONF_TIME:
		return t->unit == CU_TIME;
	case OUTCONF_SIZE:
		return t->unit != CU_TIME;
	default:
		return t->unit == CU_NONE && t->num == (size_t)t->num;
	}
}

static int
outconf_num(const struct outconf_opt *o, const struct cnode *c, void *dst,
    struct cerrors *errs)
{
	const struct ctok	*t = &c->args[0];
	const struct outconf_num *k;
	char			 lo[32], hi[32], eg[32] = "";

	if (outconf_num_ok(o, t)) {
		if (o->type == OUTCONF_TIME)
			*(int64_t *)dst = (int64_t)t->num;
		else if (o->type == OUTCONF_SIZE)
			*(uint64_t *)dst = (uint64_t)t->num;
		else
			*(size_t *)dst = (size_t)t->num;
		return 0;
	}
	for (k = outconf_nums; k->type != o->type; k++)
		;
	outconf_unit_str(o->min, k->units, lo, sizeof(lo));
	outconf_unit_str(o->max, k->units, hi, sizeof(hi));
	if (k->example != NULL)
		snprintf(eg, sizeof(eg), " (e.g. %s)", k->example);
	cerrors_addtok(errs, t, "%s: expected %s from %s to %s%s", o->name,
	    k->what, lo, hi, eg);
	return -1;
}

/* NAME VALUE, kept as "Name: value", which is how it goes on the wire. */
static int
outconf_header(const struct outconf_opt *o, const struct cnode *c,
    struct outconf_headers *h, const char *out, struct cerrors *errs)
{
	char	**v, *s;

	if (strpbrk(c->args[0].text, ": \t\r\n") != NULL ||
	    c->args[0].text[0] == '\0' ||
	    strpbrk(c->args[1].text, "\r\n") != NULL) {
		cerrors_addtok(errs, &c->args[0], "%s: expected a name "
		    "and a value on one line", o->name);
		return -1;
	}
	if (strcasecmp(c->args[0].text, "Authorization") == 0)
		log_warnx("%s:%d: output %s: an Authorization header in "
		    "the configuration: token-file keeps the secret out of "
		    "it", c->key.file, c->key.line, out);
	if (asprintf(&s, "%s: %s", c->args[0].text, c->args[1].text) == -1)
		return -1;
	if ((v = reallocarray(h->v, h->n + 1, sizeof(*v))) == NULL) {
		free(s);
		return -1;
	}
	h->v = v;
	v[h->n++] = s;
	return 0;
}

int
outconf_value(const struct outconf_opt *o, const struct cnode *c,
    void *opts, const char *out, struct cerrors *errs)
{
	void	 *dst = (char *)opts + o->off;
	char	**s = dst;
	size_t	  nargs = o->type == OUTCONF_HEADER ? 2 : 1;

	if (conf_want_args(c, nargs, nargs, errs) == -1)
		return -1;
	switch (o->type) {
	case OUTCONF_HEADER:
		return outconf_header(o, c, dst, out, errs);
	case OUTCONF_POLICY:
		return outconf_policy(o, c, dst, errs);
	case OUTCONF_STR:
	case OUTCONF_PATH:
		free(*s);
		*s = o->type == OUTCONF_PATH ? conf_path(&c->args[0]) :
		    strdup(c->args[0].text);
		return *s == NULL ? -1 : 0;
	default:
		return outconf_num(o, c, dst, errs);
	}
}

static void
outconf_drop(const struct outconf_opt *o, void *opts)
{
	void			*dst = (char *)opts + o->off;
	struct outconf_headers	*h = dst;
	char			**s = dst;
	size_t			 i;

	if (o->type == OUTCONF_STR || o->type == OUTCONF_PATH) {
		free(*s);
		*s = NULL;
	} else if (o->type == OUTCONF_HEADER) {
		for (i = 0; i < h->n; i++)
			free(h->v[i]);
		free(h->v);
		h->v = NULL;
		h->n = 0;
	}
}

int
outconf_check(const struct outconf_opt *o, const struct cnode *c,
    const char *out, struct cerrors *errs)
{
	union {
		char			*s;
		int64_t			 t;
		uint64_t		 z;
		size_t			 n;
		int			 p;
		struct outconf_headers	 h;
	}			 v;
	struct outconf_opt	 at = *o;
	int			 rc;

	/* The row as if its value were all of an options struct: v. */
	memset(&v, 0, sizeof(v));
	at.off = 0;
	rc = outconf_value(&at, c, &v, out, errs);
	outconf_drop(&at, &v);
	return rc;
}

void
outconf_clear(const struct outconf_opt *o, void *opts)
{
	if (opts == NULL)
		return;
	for (; o->name != NULL; o++)
		outconf_drop(o, opts);
}

void
outconf_format(const struct outconf_opt *o, const void *opts, char *buf,
    size_t len)
{
	const void			*p = (const char *)opts + o->off;
	const struct outconf_headers	*h = p;
	char *const			*s = p;
	size_t				 i, at = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (o->type == OUTCONF_STR || o->type == OUTCONF_PATH)
		snprintf(buf, len, "%s", *s != NULL ? *s : "");
	else if (o->type == OUTCONF_TIME)
		snprintf(buf, len, "%" PRId64, *(const int64_t *)p);
	else if (o->type == OUTCONF_SIZE)
		snprintf(buf, len, "%" PRIu64, *(const uint64_t *)p);
	else if (o->type == OUTCONF_COUNT)
		snprintf(buf, len, "%zu", *(const size_t *)p);
	else if (o->type == OUTCONF_POLICY)
		snprintf(buf, len, "%s", outconf_policy_name(*(const int *)p));
	else
		for (i = 0; i < h->n && at < len; i++)
			at += snprintf(buf + at, len - at, "%s%s",
			    i > 0 ? "\n" : "", h->v[i]);
}
