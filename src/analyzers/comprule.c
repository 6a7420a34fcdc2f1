/*
 * Options of "analyzer composite" rules: see comprule.h and
 * detectd.rules(5).  Each option is a row of a keyword table; defaults
 * that depend on the kind are filled in by comprule_check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/comprule.h"
#include "conf/conf.h"
#include "conf/keyword.h"
#include "util/log.h"
#include "rules/rule.h"

#define COMP_DAY_MS	86400000LL

static const char *const comprule_kinds[] = {
	"continuity", "combination", "spread", "propagation"
};

const char *
comprule_kind_name(enum comp_kind k)
{
	return (size_t)k < sizeof(comprule_kinds) / sizeof(comprule_kinds[0]) ?
	    comprule_kinds[k] : "?";
}

static void
comprule_params_free(void *arg)
{
	struct comp_params	*p = arg;
	size_t			 i, j;

	if (p == NULL)
		return;
	for (i = 0; i < p->nsteps; i++) {
		for (j = 0; j < p->steps[i].nids; j++)
			free(p->steps[i].ids[j]);
		free(p->steps[i].ids);
	}
	free(p);
}

static struct comp_params *
comprule_params(struct rule *r)
{
	if (r->params != NULL)
		return r->params;
	if ((r->params = calloc(1, sizeof(struct comp_params))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	r->params_free = comprule_params_free;
	return r->params;
}

static int
cr_word(const struct ctok *t, const char *const *names, size_t n,
    const char *what, struct cerrors *errs)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(t->text, names[i]) == 0)
			return (int)i;
	cerrors_addtok(errs, t, "unknown %s '%s'", what, t->text);
	return -1;
}

static int
cr_kind(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct comp_params	*p = obj;
	int	 k;

	(void)arg;
	if ((k = cr_word(&n->args[0], comprule_kinds, 4, "composite kind "
	    "(continuity, combination, spread, propagation)", errs)) == -1)
		return -1;
	p->kind = (enum comp_kind)k;
	return 0;
}

static int
cr_uint(const struct ctok *t, double lo, double hi, uint32_t *v,
    struct cerrors *errs)
{
	if (t->type != CT_NUMBER || t->unit != CU_NONE || t->num < lo ||
	    t->num > hi || t->num != (double)(uint32_t)t->num) {
		cerrors_addtok(errs, t, "'%s' must be a whole number from %g "
		    "to %g", t->text, lo, hi);
		return -1;
	}
	*v = (uint32_t)t->num;
	return 0;
}

static int
cr_count(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct comp_params	*p = obj;

	(void)arg;
	return cr_uint(&n->args[0], 1, COMP_ITEMS, &p->count, errs);
}

static int
cr_max_entries(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct comp_params	*p = obj;

	(void)arg;
	return cr_uint(&n->args[0], 16, 1e7, &p->max_entries, errs);
}

static int
cr_window(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct comp_params	*p = obj;
	const struct ctok	*t = &n->args[0];

	(void)arg;
	if (t->type != CT_NUMBER || t->unit != CU_TIME || t->num < 1000 ||
	    t->num > 30 * COMP_DAY_MS) {
		cerrors_addtok(errs, t, "'%s' must be a duration from 1s to "
		    "30d", t->text);
		return -1;
	}
	p->window_ms = (int64_t)t->num;
	return 0;
}

static int
cr_ordered(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct comp_params	*p = obj;

	(void)arg;
	return conf_bool(&n->args[0], &p->ordered, errs);
}

static int
cr_group(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct comp_params	*p = obj;

	(void)arg;
	static const char *const names[] = { "endpoint", "indicator",
	    "destination", "user", "host" };
	int	 k;

	if ((k = cr_word(&n->args[0], names, 5, "grouping (endpoint, "
	    "indicator, destination, user, host)", errs)) == -1)
		return -1;
	p->group = (enum comp_group)k;
	return 0;
}

static int
cr_same(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct comp_params	*p = obj;

	(void)arg;
	static const char *const names[] = { "none", "file", "destination",
	    "indicator" };
	int	 k;

	if ((k = cr_word(&n->args[0], names, 4, "correlation (none, file, "
	    "destination, indicator)", errs)) == -1)
		return -1;
	p->same = (enum comp_corr)k;
	return 0;
}

/* One value of a step selector as a bit of its mask; -1 if unknown. */
static int
cr_step_bit(enum comp_sel sel, const struct ctok *t, struct cerrors *errs)
{
	int	 v = -1;

	switch (sel) {
	case CS_VIEWPOINT:
		if ((v = viewpoint_from_name(t->text)) == VP_COMPOSITE)
			v = -1;
		break;
	case CS_STAGE:
		if (t->type == CT_NUMBER && t->num >= 1 && t->num <= 6 &&
		    t->num == (int)t->num)
			v = (int)t->num;
		else
			v = stage_from_name(t->text);
		break;
	case CS_ANALYZER:
		if (strcmp(t->text, "match") == 0)
			v = 0;
		else if (strcmp(t->text, "stats") == 0)
			v = 1;
		break;
	default:
		break;
	}
	if (v < 0)
		cerrors_addtok(errs, t, "'%s' is not a %s here", t->text,
		    sel == CS_VIEWPOINT ? "viewpoint of another analyzer" :
		    sel == CS_STAGE ? "attack stage" : "analyzer (match, stats)");
	return v;
}

static int
cr_step_values(struct comp_step *s, const struct cnode *n,
    struct cerrors *errs)
{
	size_t	 i;
	int	 b;

	if (s->sel == CS_RULE) {
		if ((s->ids = calloc(n->nargs - 1, sizeof(*s->ids))) == NULL) {
			log_warn("%s", __func__);
			return -1;
		}
		for (i = 1; i < n->nargs; i++) {
			if ((s->ids[s->nids] = strdup(n->args[i].text)) ==
			    NULL) {
				log_warn("%s", __func__);
				return -1;
			}
			s->nids++;
		}
		return 0;
	}
	for (i = 1; i < n->nargs; i++) {
		if ((b = cr_step_bit(s->sel, &n->args[i], errs)) == -1)
			return -1;
		s->mask |= 1U << b;
	}
	return 0;
}

/* step any | condition | rule ID... | viewpoint V... | stage S... | analyzer A... */
static int
cr_step(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct comp_params	*p = obj;

	(void)arg;
	static const char *const sels[] = { "any", "rule", "viewpoint",
	    "stage", "analyzer", "condition" };
	struct comp_step	*s;
	int			 k;

	if (p->nsteps == COMP_MAXSTEPS) {
		cerrors_addtok(errs, &n->key, "at most %d steps",
		    COMP_MAXSTEPS);
		return -1;
	}
	if ((k = cr_word(&n->args[0], sels, 6, "step selector (any, "
	    "condition, rule, viewpoint, stage, analyzer)", errs)) == -1)
		return -1;
	s = &p->steps[p->nsteps++];
	s->sel = (enum comp_sel)k;
	if ((s->sel == CS_ANY || s->sel == CS_CONDITION) != (n->nargs == 1)) {
		cerrors_addtok(errs, &n->args[0], "step %s %s", sels[k],
		    n->nargs == 1 ? "needs values" : "takes no values");
		return -1;
	}
	return cr_step_values(s, n, errs);
}

/* "step" may repeat; every other option is given once. */
static const struct keyword comprule_kws[] = {
	{ "kind",		1, 1, KW_ONCE, cr_kind, 0 },
	{ "step",		1, SIZE_MAX, 0, cr_step, 0 },
	{ "count",		1, 1, KW_ONCE, cr_count, 0 },
	{ "window",		1, 1, KW_ONCE, cr_window, 0 },
	{ "ordered",		1, 1, KW_ONCE, cr_ordered, 0 },
	{ "group-by",		1, 1, KW_ONCE, cr_group, 0 },
	{ "same",		1, 1, KW_ONCE, cr_same, 0 },
	{ "max-entries",	1, 1, KW_ONCE, cr_max_entries, 0 },
};
_Static_assert(KW_NROWS(comprule_kws) <= sizeof(((struct comp_params *)0)->seen),
    "one seen flag per option");

#define COMPRULE_NKWS	KW_NROWS(comprule_kws)

int
comprule_option(struct rule *r, const struct cnode *n, struct cerrors *errs)
{
	struct comp_params	*p;

	if (keyword_find(comprule_kws, COMPRULE_NKWS, n->key.text) == NULL)
		return 0;
	if ((p = comprule_params(r)) == NULL)
		return -1;
	if (keyword_run(comprule_kws, COMPRULE_NKWS, n, p, NULL, p->seen, errs) == -1)
		return -1;
	return 1;
}

static int
cr_seen(const struct comp_params *p, const char *name)
{
	size_t	 i;

	for (i = 0; i < COMPRULE_NKWS; i++)
		if (strcmp(comprule_kws[i].name, name) == 0)
			return p->seen[i];
	return 0;
}

static int
cr_has_condition_step(const struct comp_params *p)
{
	size_t	 i;

	for (i = 0; i < p->nsteps; i++)
		if (p->steps[i].sel == CS_CONDITION)
			return 1;
	return 0;
}

/* Defaults by kind, and what each kind cannot take. */
static const char *
cr_check_kind(struct comp_params *p, const struct rule *r)
{
	switch (p->kind) {
	case CK_CONTINUITY:
		if (p->count == 0)
			p->count = 3;
		if (p->group == CG_USER)
			return "continuity groups by endpoint, host, "
			    "destination or indicator";
		break;
	case CK_COMBINATION:
		if (p->nsteps < 2)
			return "a combination needs two steps or more";
		if (p->count == 0)
			p->count = (uint32_t)p->nsteps;
		if (p->count < 2 || p->count > p->nsteps)
			return "count of a combination is from 2 to its steps";
		if (p->group != CG_ENDPOINT && p->group != CG_HOST)
			return "a combination groups by endpoint or host";
		break;
	case CK_SPREAD:
		if (p->count == 0)
			p->count = 3;
		if (p->count < 2)
			return "a spread needs a count of 2 endpoints or more";
		if (!cr_seen(p, "group-by"))
			p->group = CG_INDICATOR;
		if (p->group == CG_ENDPOINT || p->group == CG_HOST)
			return "a spread groups by indicator, destination "
			    "or user";
		break;
	case CK_PROPAGATION:
		if (p->count == 0)
			p->count = 2;
		if (p->count < 2 || p->count > COMP_MAXPATH)
			return "count of a propagation is from 2 to 8 "
			    "endpoints";
		if (cr_has_condition_step(p))
			return "in a propagation the condition says what "
			    "reaches another endpoint, not a step";
		break;
	}
	if (cr_has_condition_step(p) && r->cond == NULL)
		return "step condition needs a condition";
	return NULL;
}

int
comprule_check(struct rule *r, const struct cnode *n, struct cerrors *errs)
{
	struct comp_params	*p;
	const char		*why;

	if ((p = comprule_params(r)) == NULL)
		return -1;
	if (!cr_seen(p, "kind")) {
		cerrors_addtok(errs, &n->key, "composite rule %s has no kind",
		    r->id);
		return -1;
	}
	/* Events that satisfy the condition contribute, as a step. */
	if (p->nsteps == 0 && r->cond != NULL && p->kind != CK_PROPAGATION) {
		p->steps[0].sel = CS_CONDITION;
		p->nsteps = 1;
	}
	if (p->nsteps == 0 && p->kind == CK_PROPAGATION)
		p->nsteps = 1;		/* step any */
	if (p->nsteps == 0) {
		cerrors_addtok(errs, &n->key, "composite rule %s has no step",
		    r->id);
		return -1;
	}
	if (p->window_ms == 0)
		p->window_ms = 3600 * 1000;
	if (p->max_entries == 0)
		p->max_entries = 20000;
	if ((why = cr_check_kind(p, r)) != NULL) {
		cerrors_addtok(errs, &n->key, "rule %s: %s", r->id, why);
		return -1;
	}
	return 0;
}

int
comprule_step_match(const struct comp_step *s, const struct rule *fr)
{
	size_t	 i;
	int	 a;

	switch (s->sel) {
	case CS_ANY:
		return 1;
	case CS_RULE:
		for (i = 0; i < s->nids; i++)
			if (strcmp(s->ids[i], fr->id) == 0)
				return 1;
		return 0;
	case CS_VIEWPOINT:
		return (unsigned)fr->viewpoint < 32 &&
		    (s->mask & (1U << fr->viewpoint)) != 0;
	case CS_STAGE:
		return fr->stage > 0 && fr->stage < 32 &&
		    (s->mask & (1U << fr->stage)) != 0;
	case CS_ANALYZER:
		a = strcmp(fr->analyzer, "match") == 0 ? 0 :
		    strcmp(fr->analyzer, "stats") == 0 ? 1 : -1;
		return a >= 0 && (s->mask & (1U << a)) != 0;
	case CS_CONDITION:
		return 0;
	}
	return 0;
}
