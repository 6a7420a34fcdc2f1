/*
 * Options of "analyzer stats" rules: see statsrule.h and
 * detectd.rules(5).  Owns the option table, the fields statistics can
 * group or count by, and the rule's signature.  Each option is a row of
 * a table; the statistic names a kind of statskind.c's table, and that
 * kind's check (in the kind's own file) fills in the defaults that
 * depend on it and refuses the options that do not apply.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/statskind.h"
#include "analyzers/statsrule.h"
#include "conf/conf.h"
#include "conf/keyword.h"
#include "util/log.h"
#include "rules/rule.h"

/* Endpoints a rare destination can have; statsrare.h keeps one more. */
#define STATSRULE_MAX_ENDPOINTS	7

static const struct {
	const char		*name;
	enum stats_derived	 d;
} statsrule_derived[] = {
	{ "endpoint",				SD_ENDPOINT },
	{ "destination",			SD_DESTINATION },
	{ "destination.registered_domain",	SD_DST_REGDOM },
	{ "dns.question.registered_domain",	SD_DNS_REGDOM },
	{ "dns.question.subdomain",		SD_DNS_SUBDOM },
	{ "destination.net",			SD_DST_NET },
};

/* The event fields a derived field reads, so events need no lookup. */
static void
statsrule_alt(struct stats_field *f)
{
	switch (f->derived) {
	case SD_ENDPOINT:
		f->alt[0] = field_lookup("source.ip");
		f->alt[1] = field_lookup("source.address");
		f->alt[2] = field_lookup("user.name");
		break;
	case SD_DESTINATION:
		f->alt[0] = field_lookup("destination.domain");
		f->alt[1] = field_lookup("destination.ip");
		break;
	case SD_DST_REGDOM:
		f->alt[0] = field_lookup("destination.domain");
		break;
	case SD_DST_NET:
		f->alt[0] = field_lookup("destination.domain");
		f->alt[1] = field_lookup("destination.ip");
		break;
	default:
		f->alt[0] = field_lookup("dns.question.name");
		break;
	}
}

void
statsrule_defaults(struct stats_params *p, uint32_t max_entries,
    const char *const *by)
{
	if (p->max_entries == 0)
		p->max_entries = max_entries;
	if (p->nby > 0)
		return;
	for (; *by != NULL; by++)
		(void)statsrule_field(*by, &p->by[p->nby++]);
}

int
statsrule_field(const char *name, struct stats_field *f)
{
	size_t	 i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < sizeof(statsrule_derived) /
	    sizeof(statsrule_derived[0]); i++)
		if (strcmp(statsrule_derived[i].name, name) == 0) {
			f->name = statsrule_derived[i].name;
			f->derived = statsrule_derived[i].d;
			statsrule_alt(f);
			return 0;
		}
	if ((f->fd = field_lookup(name)) == NULL)
		return -1;
	f->name = f->fd->name;
	return 0;
}

static int
sr_field(const struct ctok *t, struct stats_field *f, struct cerrors *errs)
{
	if (statsrule_field(t->text, f) == -1) {
		cerrors_addtok(errs, t, "unknown field '%s' (an event field, "
		    "or endpoint, destination, destination.registered_domain, "
		    "destination.net, dns.question.registered_domain, "
		    "dns.question.subdomain)",
		    t->text);
		return -1;
	}
	return 0;
}

/* "statistic KIND [FIELD]": a kind of statskind.c's table. */
static int
sr_statistic(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;
	const char	*k = n->args[0].text;
	char		 kinds[256];

	(void)arg;
	if ((p->kind = statskind_find(k)) == NULL) {
		statskind_usage(kinds, sizeof(kinds));
		cerrors_addtok(errs, &n->args[0], "unknown statistic '%s' "
		    "(%s)", k, kinds);
		return -1;
	}
	if (!p->kind->field) {
		if (n->nargs == 1)
			return 0;
		cerrors_addtok(errs, &n->args[1], "statistic %s takes no "
		    "field", k);
		return -1;
	}
	if (n->nargs != 2) {
		cerrors_addtok(errs, &n->key, "statistic %s needs one field",
		    k);
		return -1;
	}
	if (sr_field(&n->args[1], &p->what, errs) == -1)
		return -1;
	if (p->kind->field_check != NULL)
		return p->kind->field_check(&n->args[1], &p->what, errs);
	return 0;
}

static int
sr_group_by(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;
	size_t	 i;

	(void)arg;
	if (n->nargs > STATS_MAXBY) {
		cerrors_addtok(errs, &n->args[STATS_MAXBY], "group-by takes "
		    "at most %d fields", STATS_MAXBY);
		return -1;
	}
	for (i = 0; i < n->nargs; i++)
		if (sr_field(&n->args[i], &p->by[i], errs) == -1)
			return -1;
	p->nby = n->nargs;
	return 0;
}

/* ms as the rule files write it: "90d", "8s", "1ms". */
static void
sr_duration(double ms, char *buf, size_t len)
{
	static const struct {
		const char	*unit;
		double		 ms;
	} u[] = {
		{ "d", 86400000.0 }, { "h", 3600000.0 }, { "m", 60000.0 },
		{ "s", 1000.0 },
	};
	size_t	 i;

	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		if (ms >= u[i].ms && fmod(ms, u[i].ms) == 0) {
			snprintf(buf, len, "%g%s", ms / u[i].ms, u[i].unit);
			return;
		}
	snprintf(buf, len, "%gms", ms);
}

static int
sr_num(const struct ctok *t, enum cunit unit, double lo, double hi,
    double *v, struct cerrors *errs)
{
	char	 a[32], b[32];

	if (t->type != CT_NUMBER || (t->unit != unit &&
	    !(unit == CU_SIZE && t->unit == CU_NONE)) || t->num < lo ||
	    t->num > hi) {
		if (unit == CU_TIME) {
			sr_duration(lo, a, sizeof(a));
			sr_duration(hi, b, sizeof(b));
			cerrors_addtok(errs, t, "'%s' must be a duration "
			    "(30s, 5m, 24h) from %s to %s", t->text, a, b);
		} else
			cerrors_addtok(errs, t, "'%s' must be a number from "
			    "%g to %g", t->text, lo, hi);
		return -1;
	}
	*v = t->num;
	return 0;
}

static int
sr_uint(const struct ctok *t, double lo, double hi, uint32_t *v,
    struct cerrors *errs)
{
	double	 d;

	if (sr_num(t, CU_NONE, lo, hi, &d, errs) == -1)
		return -1;
	if (d != (double)(uint32_t)d) {
		cerrors_addtok(errs, t, "'%s' must be a whole number",
		    t->text);
		return -1;
	}
	*v = (uint32_t)d;
	return 0;
}

/* A duration in milliseconds, lo to hi. */
static int
sr_ms(const struct ctok *t, double lo, double hi, int64_t *v,
    struct cerrors *errs)
{
	double	 d;

	if (sr_num(t, CU_TIME, lo, hi, &d, errs) == -1)
		return -1;
	*v = (int64_t)d;
	return 0;
}

static int
sr_window(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_ms(&n->args[0], 8000, 90 * STATS_DAY_MS, &p->window_ms,
	    errs);
}

static int
sr_threshold(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	/* Sizes are allowed, for sums of bytes: 20MB. */
	return sr_num(&n->args[0], CU_SIZE, 0.01, 1e15, &p->threshold, errs);
}

static int
sr_min_ratio(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_num(&n->args[0], CU_NONE, 0.001, 1, &p->min_ratio, errs);
}

static int
sr_min_events(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_uint(&n->args[0], 1, 1e9, &p->min_events, errs);
}

static int
sr_min_conn(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_uint(&n->args[0], 4, 1e9, &p->min_conn, errs);
}

static int
sr_min_span(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_ms(&n->args[0], 1000, 90 * STATS_DAY_MS, &p->min_span_ms,
	    errs);
}

static int
sr_min_period(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_ms(&n->args[0], 1, STATS_DAY_MS, &p->min_period_ms, errs);
}

static int
sr_entropy(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	if (sr_num(&n->args[0], CU_NONE, 0.1, 8, &p->entropy_bits,
	    errs) == -1)
		return -1;
	return sr_uint(&n->args[1], 1, 1e6, &p->entropy_count, errs);
}

static int
sr_baseline(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	if (strcmp(n->args[0].text, "rolling") == 0)
		p->baseline = SB_ROLLING;
	else if (strcmp(n->args[0].text, "hour-of-day") == 0)
		p->baseline = SB_HOUR_OF_DAY;
	else {
		cerrors_addtok(errs, &n->args[0], "unknown baseline '%s' "
		    "(rolling, hour-of-day)", n->args[0].text);
		return -1;
	}
	return 0;
}

static int
sr_base_windows(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_uint(&n->args[0], 3, 4096, &p->base_windows, errs);
}

static int
sr_deviation(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_num(&n->args[0], CU_NONE, 0.5, 1000, &p->deviation, errs);
}

static int
sr_floor(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_num(&n->args[0], CU_SIZE, 0, 1e15, &p->floor, errs);
}

/* Windows for a baseline; a duration of event time for statistic rare. */
static int
sr_learn(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;
	double	 v;

	(void)arg;
	if (n->args[0].type == CT_NUMBER && n->args[0].unit == CU_TIME) {
		if (sr_num(&n->args[0], CU_TIME, 0, 365 * STATS_DAY_MS, &v,
		    errs) == -1)
			return -1;
		/* 0 (no learning) is kept apart from "not given". */
		p->learn_ms = v > 0 ? (int64_t)v : -1;
		return 0;
	}
	return sr_uint(&n->args[0], 1, 4096, &p->learn, errs);
}

static int
sr_persist(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	static const char *const v[] = { "live", "always", "never" };
	size_t	 i;

	for (i = 0; i < 3; i++)
		if (strcmp(n->args[0].text, v[i]) == 0) {
			p->persist = (enum stats_persist)i;
			return 0;
		}
	cerrors_addtok(errs, &n->args[0], "persist must be live, always or "
	    "never");
	return -1;
}

static int
sr_max_entries(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_uint(&n->args[0], 16, 50000000, &p->max_entries, errs);
}

static int
sr_max_distinct(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_uint(&n->args[0], 4, 1000000, &p->max_distinct, errs);
}

static int
sr_max_endpoints(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_uint(&n->args[0], 1, STATSRULE_MAX_ENDPOINTS,
	    &p->max_endpoints, errs);
}

/* Windows with events among the baseline's, before judging. */
static int
sr_learn_active(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_uint(&n->args[0], 1, 4096, &p->learn_active, errs);
}

static int
sr_above_usual(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct stats_params	*p = obj;

	(void)arg;
	return sr_num(&n->args[0], CU_NONE, 1, 1000, &p->above_usual, errs);
}

static const struct keyword statsrule_kws[] = {
	{ "statistic",		1, 2, KW_ONCE, sr_statistic, 0 },
	{ "group-by",		1, SIZE_MAX, KW_ONCE, sr_group_by, 0 },
	{ "window",		1, 1, KW_ONCE, sr_window, 0 },
	{ "threshold",		1, 1, KW_ONCE, sr_threshold, 0 },
	{ "min-ratio",		1, 1, KW_ONCE, sr_min_ratio, 0 },
	{ "min-events",		1, 1, KW_ONCE, sr_min_events, 0 },
	{ "min-connections",	1, 1, KW_ONCE, sr_min_conn, 0 },
	{ "min-span",		1, 1, KW_ONCE, sr_min_span, 0 },
	{ "min-period",		1, 1, KW_ONCE, sr_min_period, 0 },
	{ "entropy",		2, 2, KW_ONCE, sr_entropy, 0 },
	{ "baseline",		1, 1, KW_ONCE, sr_baseline, 0 },
	{ "baseline-windows",	1, 1, KW_ONCE, sr_base_windows, 0 },
	{ "deviation",		1, 1, KW_ONCE, sr_deviation, 0 },
	{ "above-usual",	1, 1, KW_ONCE, sr_above_usual, 0 },
	{ "floor",		1, 1, KW_ONCE, sr_floor, 0 },
	{ "learn",		1, 1, KW_ONCE, sr_learn, 0 },
	{ "learn-active",	1, 1, KW_ONCE, sr_learn_active, 0 },
	{ "persist",		1, 1, KW_ONCE, sr_persist, 0 },
	{ "max-entries",	1, 1, KW_ONCE, sr_max_entries, 0 },
	{ "max-distinct",	1, 1, KW_ONCE, sr_max_distinct, 0 },
	{ "max-endpoints",	1, 1, KW_ONCE, sr_max_endpoints, 0 },
};
_Static_assert(KW_NROWS(statsrule_kws) <= sizeof(((struct stats_params *)0)->seen),
    "one seen flag per option");
#define STATSRULE_NKWS	KW_NROWS(statsrule_kws)

static struct stats_params *
statsrule_params(struct rule *r)
{
	if (r->params == NULL) {
		if ((r->params = calloc(1, sizeof(struct stats_params))) ==
		    NULL) {
			log_warn("%s", __func__);
			return NULL;
		}
		r->params_free = free;
	}
	return r->params;
}

int
statsrule_option(struct rule *r, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p;

	if (keyword_find(statsrule_kws, STATSRULE_NKWS, n->key.text) == NULL)
		return 0;
	if ((p = statsrule_params(r)) == NULL)
		return -1;
	if (keyword_run(statsrule_kws, STATSRULE_NKWS, n, p, NULL, p->seen,
	    errs) == -1)
		return -1;
	return 1;
}

/* Options only another kind takes: refused, in that kind's words. */
static int
statsrule_foreign(const struct rule *r, const struct stats_params *p,
    const struct cnode *n, struct cerrors *errs)
{
	const struct stats_kind *const	*kinds;
	size_t				 i, nk;

	kinds = statskind_table(&nk);
	for (i = 0; i < nk; i++)
		if (kinds[i] != p->kind && kinds[i]->owns != NULL &&
		    kinds[i]->owns(p)) {
			cerrors_addtok(errs, &n->key, "rule %s: %s", r->id,
			    kinds[i]->owned);
			return -1;
		}
	return 0;
}

int
statsrule_check(struct rule *r, const struct cnode *n, struct cerrors *errs)
{
	struct stats_params	*p;
	char			 kinds[256];

	if ((p = statsrule_params(r)) == NULL)
		return -1;
	if (p->kind == NULL) {
		statskind_usage(kinds, sizeof(kinds));
		cerrors_addtok(errs, &n->key, "rule %s: analyzer stats needs "
		    "a statistic (%s)", r->id, kinds);
		return -1;
	}
	if ((int)r->viewpoint != -1 && r->viewpoint != VP_SIMILAR &&
	    r->viewpoint != VP_DEVIATION) {
		cerrors_addtok(errs, &n->key, "rule %s: statistical rules "
		    "have viewpoint similar-to-attack or deviation-from-normal",
		    r->id);
		return -1;
	}
	if (p->kind->check(r, p, n, errs) == -1)
		return -1;
	return statsrule_foreign(r, p, n, errs);
}

void
statsrule_signature(const struct stats_params *p, char *buf, size_t len)
{
	size_t	 i, o;

	o = (size_t)snprintf(buf, len, "%s:%s:%lld:%d:%u:",
	    p->kind->name, p->what.name ? p->what.name : "-",
	    (long long)p->window_ms, (int)p->baseline,
	    (unsigned)p->base_windows);
	for (i = 0; i < p->nby && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? "," : "",
		    p->by[i].name);
}
