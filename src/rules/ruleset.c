/*
 * The rule set: statements of the rule files (rules, lists, profiles,
 * suppressions, enable/disable, the country database), checked across
 * statements once all are read.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/hash.h"
#include "util/log.h"
#include "conf/conf.h"
#include "conf/keyword.h"
#include "rules/cond.h"
#include "rules/geo.h"
#include "rules/list.h"
#include "rules/prefilter.h"
#include "rules/profile.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "rules/sigma.h"
#include "rules/suppress.h"

/* "enable ID..." or "disable ID...", applied when all rules are read. */
struct ruleset_toggle {
	char		*id;
	int		 enabled;
	char		*file;
	int		 line, col;
};

static int
ruleset_grow(void ***v, size_t *cap, size_t n)
{
	void	**nv;
	size_t	  ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	if ((nv = reallocarray(*v, ncap, sizeof(**v))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	*v = nv;
	*cap = ncap;
	return 0;
}

struct ruleset *
ruleset_new(const char *name, const struct rule_analyzer *const *an,
    size_t nan)
{
	struct ruleset	*rs;

	if ((rs = calloc(1, sizeof(*rs))) == NULL ||
	    (rs->name = strdup(name)) == NULL ||
	    (rs->pf = prefilter_new()) == NULL ||
	    (rs->profiles = profiles_new()) == NULL ||
	    (rs->suppress = suppress_new()) == NULL) {
		log_warn("%s", __func__);
		ruleset_free(rs);
		return NULL;
	}
	rs->an = an;
	rs->nan = nan;
	return rs;
}

const struct rule_analyzer *
ruleset_analyzer(const struct ruleset *rs, const char *name)
{
	size_t	 i;

	for (i = 0; i < rs->nan; i++)
		if (strcmp(rs->an[i]->name, name) == 0)
			return rs->an[i];
	return NULL;
}

void
ruleset_free(struct ruleset *rs)
{
	size_t	 i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nrules; i++)
		rule_free(rs->rules[i]);
	for (i = 0; i < rs->nlists; i++)
		list_free(rs->lists[i]);
	for (i = 0; i < rs->ntoggles; i++) {
		free(rs->toggles[i].id);
		free(rs->toggles[i].file);
	}
	free(rs->toggles);
	free(rs->rhash);
	/* After the rules: their conditions point into these. */
	sigma_free(rs->sigma);
	suppress_free(rs->suppress);
	profiles_free(rs->profiles);
	geo_free(rs->geo);
	prefilter_free(rs->pf);
	free(rs->rules);
	free(rs->lists);
	free(rs->name);
	free(rs);
}

struct list *
ruleset_list(const struct ruleset *rs, const char *name)
{
	size_t	 i;

	for (i = 0; i < rs->nlists; i++)
		if (strcmp(list_name(rs->lists[i]), name) == 0)
			return rs->lists[i];
	return NULL;
}

const struct rule *
ruleset_rule(const struct ruleset *rs, const char *id)
{
	size_t	 i;

	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->id, id) == 0)
			return rs->rules[i];
	return NULL;
}

/* The options of a list block. */
struct list_opts {
	char	*path;
	int	 fmt;
	int	 type;
	int	 flags;		/* LIST_* */
};

static int
lk_file(void *obj, void *arg, const struct cnode *c, struct cerrors *errs)
{
	struct list_opts	*o = obj;

	(void)arg;
	(void)errs;
	free(o->path);
	return (o->path = conf_path(&c->args[0])) == NULL ? -1 : 0;
}

static int
lk_format(void *obj, void *arg, const struct cnode *c, struct cerrors *errs)
{
	struct list_opts	*o = obj;

	(void)arg;
	if ((o->fmt = list_format_from_name(c->args[0].text)) == -1) {
		cerrors_addtok(errs, &c->args[0], "unknown list format '%s'",
		    c->args[0].text);
		return -1;
	}
	return 0;
}

static int
lk_type(void *obj, void *arg, const struct cnode *c, struct cerrors *errs)
{
	struct list_opts	*o = obj;

	(void)arg;
	if ((o->type = list_type_from_name(c->args[0].text)) == -1) {
		cerrors_addtok(errs, &c->args[0], "unknown list type '%s'",
		    c->args[0].text);
		return -1;
	}
	return 0;
}

/* allow-empty yes: a feed that is empty today loads as an empty list. */
static int
lk_allow_empty(void *obj, void *arg, const struct cnode *c,
    struct cerrors *errs)
{
	struct list_opts	*o = obj;
	int			 yes;

	(void)arg;
	if (conf_bool(&c->args[0], &yes, errs) == -1)
		return -1;
	o->flags = yes ? o->flags | LIST_EMPTY_OK : o->flags & ~LIST_EMPTY_OK;
	return 0;
}

static const struct keyword list_kws[] = {
	{ "allow-empty", 1, 1, 0, lk_allow_empty, 0 },
	{ "file",	1, 1, 0, lk_file, 0 },
	{ "format",	1, 1, 0, lk_format, 0 },
	{ "type",	1, 1, 0, lk_type, 0 },
};

/* The options of list block n into o; -1 at the first wrong one. */
static int
ruleset_list_opts(const struct cnode *n, struct list_opts *o,
    struct cerrors *errs)
{
	const struct cnode	*c;
	int			 rc;

	for (c = n->children; c != NULL; c = c->next) {
		rc = keyword_run(list_kws, KW_NROWS(list_kws), c, o, NULL,
		    NULL, errs);
		if (rc == KW_UNKNOWN)
			cerrors_addtok(errs, &c->key, "unknown list option "
			    "'%s' (file, format, type, allow-empty)",
			    c->key.text);
		if (rc != 0)
			return -1;
	}
	if (o->path == NULL || o->type == -1) {
		cerrors_addtok(errs, &n->key, "list %s: needs file and type",
		    n->args[0].text);
		return -1;
	}
	return 0;
}

/*
 * list NAME { file "path"; format plain; type domain }.  Bad rows are
 * logged as warnings and skipped (list_load): the list still loads.
 */
static int
ruleset_list_stmt(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct ruleset		*rs = obj;
	struct list_opts	 o = { NULL, LF_PLAIN, -1, 0 };
	struct list		*l = NULL;
	struct cerrors		 warns = { NULL, 0, 0 };

	(void)arg;
	if (conf_want_args(n, 1, 1, errs) == -1)
		return -1;
	if (!n->has_block) {
		cerrors_addtok(errs, &n->key, "list %s: needs a block with "
		    "file, format and type", n->args[0].text);
		return -1;
	}
	if (ruleset_list(rs, n->args[0].text) != NULL) {
		cerrors_addtok(errs, &n->args[0], "list %s is defined twice",
		    n->args[0].text);
		return -1;
	}
	if (ruleset_list_opts(n, &o, errs) == 0 &&
	    (l = list_load(n->args[0].text, o.path, o.fmt, o.type, o.flags,
	    errs, &warns)) == NULL)
		cerrors_addtok(errs, &n->key, "list %s: not loaded",
		    n->args[0].text);
	cerrors_warn(&warns);
	cerrors_clear(&warns);
	free(o.path);
	if (l == NULL)
		return -1;
	if (ruleset_grow((void ***)&rs->lists, &rs->lcap, rs->nlists) == -1) {
		list_free(l);
		return -1;
	}
	rs->lists[rs->nlists++] = l;
	return 0;
}

static int
rk_str(char **dst, const struct cnode *n)
{
	free(*dst);
	if ((*dst = strdup(n->args[0].text)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

static int
rk_analyzer(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;
	struct ruleset	*rs = arg;

	if (ruleset_analyzer(rs, n->args[0].text) == NULL &&
	    strcmp(n->args[0].text, RULE_ANALYZER_DEFAULT) != 0) {
		cerrors_addtok(errs, &n->args[0], "unknown analyzer '%s'",
		    n->args[0].text);
		return -1;
	}
	return rk_str(&r->analyzer, n);
}

static int
rk_revision(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;
	const struct ctok	*t = &n->args[0];

	(void)arg;
	if (t->type != CT_NUMBER || t->unit != CU_NONE || t->num < 1 ||
	    t->num > 1000000 || t->num != (int)t->num) {
		cerrors_addtok(errs, t, "revision must be a whole number "
		    "from 1");
		return -1;
	}
	r->revision = (int)t->num;
	return 0;
}

static int
rk_viewpoint(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;
	int	 v;

	(void)arg;
	if ((v = viewpoint_from_name(n->args[0].text)) == -1) {
		cerrors_addtok(errs, &n->args[0], "unknown viewpoint '%s' "
		    "(known-attack, not-normal-business, similar-to-attack, "
		    "deviation-from-normal, composite)", n->args[0].text);
		return -1;
	}
	r->viewpoint = v;
	return 0;
}

static int
rk_stage(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;
	int	 s;

	(void)arg;
	if ((s = stage_from_name(n->args[0].text)) == -1) {
		cerrors_addtok(errs, &n->args[0], "unknown attack stage '%s' "
		    "(1-6 or recon, intrusion, foothold, lateral, c2, "
		    "objective)", n->args[0].text);
		return -1;
	}
	r->stage = s;
	return 0;
}

static int
rk_level(enum level *dst, const struct cnode *n, struct cerrors *errs)
{
	int	 l;

	if ((l = level_from_name(n->args[0].text)) == -1) {
		cerrors_addtok(errs, &n->args[0], "unknown level '%s' "
		    "(low, medium, high, critical)", n->args[0].text);
		return -1;
	}
	*dst = l;
	return 0;
}

static int
rk_importance(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct rule	*r = obj;

	(void)arg;
	return rk_level(&r->importance, n, errs);
}

static int
rk_priority(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;

	(void)arg;
	return rk_level(&r->priority, n, errs);
}

static int
rk_sources(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;
	size_t	 i;
	int	 k;

	(void)arg;
	for (i = 0; i < n->nargs; i++) {
		k = source_kind_from_name(n->args[i].text);
		if (k <= SRC_UNKNOWN) {
			cerrors_addtok(errs, &n->args[i], "unknown source "
			    "'%s' (proxy, dns, firewall, ad, endpoint, "
			    "network, dhcp)", n->args[i].text);
			return -1;
		}
		r->sources |= 1U << k;
	}
	return 0;
}

static int
rk_strv(char ***v, size_t *nv, const struct cnode *n)
{
	char	**nvv;
	size_t	  i;

	nvv = reallocarray(*v, *nv + n->nargs, sizeof(char *));
	if (nvv == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	*v = nvv;
	for (i = 0; i < n->nargs; i++) {
		if ((nvv[*nv] = strdup(n->args[i].text)) == NULL) {
			log_warn("%s", __func__);
			return -1;
		}
		(*nv)++;
	}
	return 0;
}

/* T1071 or T1071.001, as ATT&CK writes them. */
static int
rk_technique_valid(const char *t)
{
	size_t	 len = strlen(t);

	if (t[0] != 'T' || (len != 5 && len != 9) ||
	    strspn(t + 1, "0123456789") != 4)
		return 0;
	return len == 5 || (t[5] == '.' && strspn(t + 6, "0123456789") == 3);
}

static int
rk_technique(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;
	size_t	 i;
	const char *t;

	(void)arg;
	for (i = 0; i < n->nargs; i++) {
		t = n->args[i].text;
		if (!rk_technique_valid(t)) {
			cerrors_addtok(errs, &n->args[i], "'%s' is not an "
			    "ATT&CK technique id (T1071 or T1071.001)", t);
			return -1;
		}
	}
	return rk_strv(&r->techniques, &r->ntechniques, n);
}

static int
rk_reference(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;
	struct ruleset	*rs = arg;

	(void)rs; (void)errs;
	return rk_strv(&r->references, &r->nreferences, n);
}

static int
rk_countermeasure(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct rule	*r = obj;
	struct countermeasure	*ncm;
	int			 t;

	(void)arg;
	if ((t = cm_target_from_name(n->args[0].text)) == -1) {
		cerrors_addtok(errs, &n->args[0], "unknown countermeasure "
		    "target '%s' (account, endpoint, segment, service)",
		    n->args[0].text);
		return -1;
	}
	if (!cm_action_valid(t, n->args[1].text)) {
		cerrors_addtok(errs, &n->args[1], "'%s' is not a "
		    "countermeasure for target %s", n->args[1].text,
		    n->args[0].text);
		return -1;
	}
	ncm = reallocarray(r->cms, r->ncms + 1, sizeof(*ncm));
	if (ncm == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	r->cms = ncm;
	ncm[r->ncms].target = t;
	if ((ncm[r->ncms].action = strdup(n->args[1].text)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	r->ncms++;
	return 0;
}

/* alert no: the rule's findings feed composite rules but raise nothing. */
static int
rk_alert(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;

	(void)arg;
	return conf_bool(&n->args[0], &r->alert, errs);
}

static int
rk_enabled(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;

	(void)arg;
	return conf_bool(&n->args[0], &r->enabled, errs);
}

/* aggregate 10m | off: this rule's alert window, over aggregate-window. */
static int
rk_aggregate(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;
	const struct ctok	*t = &n->args[0];

	(void)arg;
	if (t->type == CT_WORD && strcmp(t->text, "off") == 0) {
		r->aggregate_ms = 0;
		return 0;
	}
	if (t->type != CT_NUMBER || t->unit != CU_TIME || t->num < 1000 ||
	    t->num > 86400000.0) {
		cerrors_addtok(errs, t, "aggregate: expected off or a time "
		    "from 1s to 1d (e.g. 10m)");
		return -1;
	}
	r->aggregate_ms = (int64_t)t->num;
	return 0;
}

/* aggregate-by endpoint | destination: what makes two alerts one. */
static int
rk_aggregate_by(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct rule	*r = obj;
	const struct ctok	*t = &n->args[0];

	(void)arg;
	if (strcmp(t->text, "endpoint") == 0)
		r->aggregate_by = AGGREGATE_BY_ENDPOINT;
	else if (strcmp(t->text, "destination") == 0)
		r->aggregate_by = AGGREGATE_BY_DESTINATION;
	else {
		cerrors_addtok(errs, t, "aggregate-by: expected endpoint or "
		    "destination, not '%s'", t->text);
		return -1;
	}
	return 0;
}

static struct list *
ruleset_lookup_cb(void *arg, const char *name)
{
	return ruleset_list(arg, name);
}

static void
ruleset_env(struct ruleset *rs, struct cond_env *env)
{
	memset(env, 0, sizeof(*env));
	env->lookup = ruleset_lookup_cb;
	env->arg = rs;
	env->pf = rs->pf;
	env->geo = &rs->geo;
	env->profiles = rs->profiles;
}

static int
rk_condition(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;
	struct ruleset	*rs = arg;

	if (r->cond != NULL) {
		cerrors_addtok(errs, &n->key, "rule %s has two conditions: "
		    "join them with 'and'", r->id);
		return -1;
	}
	struct cond_env	 env;

	ruleset_env(rs, &env);
	r->cond = cond_parse_env(n->args, n->nargs, &env, errs);
	return r->cond == NULL ? -1 : 0;
}

/*
 * popular CONDITION: what makes the destination of a statistical
 * finding a popular one; never for a match, so that no top-sites list
 * can hide a blacklist hit.
 */
static int
rk_popular(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct rule	*r = obj;
	struct cond_env	 env;

	if (r->popular != NULL) {
		cerrors_addtok(errs, &n->key, "rule %s says popular twice: "
		    "join the conditions with 'or'", r->id);
		return -1;
	}
	ruleset_env(arg, &env);
	r->popular = cond_parse_env(n->args, n->nargs, &env, errs);
	return r->popular == NULL ? -1 : 0;
}

/* An option whose one argument is kept as it is written. */
#define RULE_STR(name, field)	\
	{ name, 1, 1, 0, NULL, offsetof(struct rule, field) }

static const struct keyword rule_kws[] = {
	{ "analyzer",		1, 1, 0, rk_analyzer, 0 },
	{ "condition",		1, SIZE_MAX, 0, rk_condition, 0 },
	{ "countermeasure",	2, 2, 0, rk_countermeasure, 0 },
	RULE_STR("description",	description),
	{ "aggregate",		1, 1, 0, rk_aggregate, 0 },
	{ "aggregate-by",	1, 1, 0, rk_aggregate_by, 0 },
	{ "alert",		1, 1, 0, rk_alert, 0 },
	{ "enabled",		1, 1, 0, rk_enabled, 0 },
	{ "importance",		1, 1, 0, rk_importance, 0 },
	RULE_STR("name",		name),
	RULE_STR("notify",		notify),
	RULE_STR("phenomenon",		phenomenon),
	{ "popular",		1, SIZE_MAX, 0, rk_popular, 0 },
	{ "priority",		1, 1, 0, rk_priority, 0 },
	RULE_STR("reason",		reason),
	{ "reference",		1, SIZE_MAX, 0, rk_reference, 0 },
	RULE_STR("relevance",		relevance),
	{ "revision",		1, 1, 0, rk_revision, 0 },
	{ "sources",		1, SIZE_MAX, 0, rk_sources, 0 },
	{ "stage",		1, 1, 0, rk_stage, 0 },
	{ "technique",		1, SIZE_MAX, 0, rk_technique, 0 },
	{ "viewpoint",		1, 1, 0, rk_viewpoint, 0 },
};

static struct rule *
ruleset_rule_new(const struct cnode *n)
{
	struct rule	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->id = strdup(n->args[0].text)) == NULL ||
	    (r->file = strdup(n->key.file)) == NULL ||
	    (r->analyzer = strdup(RULE_ANALYZER_DEFAULT)) == NULL) {
		log_warn("%s", __func__);
		rule_free(r);
		return NULL;
	}
	r->line = n->key.line;
	r->col = n->args[0].col;
	r->revision = 1;
	r->enabled = 1;
	r->alert = 1;
	r->aggregate_ms = -1;
	r->viewpoint = -1;
	r->importance = LVL_MEDIUM;
	r->priority = 0;
	return r;
}

static int
ruleset_rule_check(struct rule *r, const struct cnode *n, int cond_seen,
    struct cerrors *errs)
{
	int	 rc = 0;

	if (r->name == NULL) {
		cerrors_addtok(errs, &n->key, "rule %s has no name", r->id);
		rc = -1;
	}
	if ((int)r->viewpoint == -1) {
		cerrors_addtok(errs, &n->key, "rule %s has no viewpoint",
		    r->id);
		rc = -1;
	}
	if (r->stage == 0) {
		cerrors_addtok(errs, &n->key, "rule %s has no attack stage",
		    r->id);
		rc = -1;
	}
	if (!cond_seen && strcmp(r->analyzer, "match") == 0) {
		cerrors_addtok(errs, &n->key, "rule %s has no condition",
		    r->id);
		rc = -1;
	}
	if (r->popular != NULL && strcmp(r->analyzer, "stats") != 0) {
		cerrors_addtok(errs, &n->key, "rule %s: popular applies to "
		    "statistical rules only, so that a popular destination "
		    "never hides a match", r->id);
		rc = -1;
	}
	if (r->priority == 0)
		r->priority = r->importance;
	return rc;
}

static int
ruleset_analyzer_option(const struct rule_analyzer *ra, struct rule *r,
    const struct cnode *c, struct cerrors *errs)
{
	if (ra == NULL || ra->option == NULL)
		return 0;
	return ra->option(r, c, errs);
}

/* A hash of the rule's text, to tell a changed rule on reload. */
static uint64_t
ruleset_hash_node(const struct cnode *n, uint64_t h)
{
	const struct cnode	*c;
	size_t			 i;

	h = hash64(n->key.text, strlen(n->key.text) + 1, h);
	for (i = 0; i < n->nargs; i++)
		h = hash64(n->args[i].text, strlen(n->args[i].text) + 1,
		    h ^ n->args[i].type);
	for (c = n->children; c != NULL; c = c->next)
		h = ruleset_hash_node(c, h);
	return h;
}

static int
ruleset_hash_rule(struct ruleset *rs, uint64_t h)
{
	uint64_t	*nh;

	/*
	 * Grown with rules, not at every rule: a realloc to the same size
	 * copies the whole array under some allocators (ASan's always).
	 */
	if (rs->rhcap < rs->rcap) {
		if ((nh = reallocarray(rs->rhash, rs->rcap,
		    sizeof(*nh))) == NULL) {
			log_warn("%s", __func__);
			return -1;
		}
		rs->rhash = nh;
		rs->rhcap = rs->rcap;
	}
	rs->rhash[rs->nrules] = h;
	return 0;
}

int
ruleset_add(struct ruleset *rs, struct rule *r, uint64_t hash)
{
	if (ruleset_grow((void ***)&rs->rules, &rs->rcap, rs->nrules) == -1 ||
	    ruleset_hash_rule(rs, hash) == -1) {
		rule_free(r);
		return -1;
	}
	rs->rules[rs->nrules++] = r;
	return 0;
}

static int
ruleset_rule_option(struct ruleset *rs, struct rule *r,
    const struct rule_analyzer *ra, const struct cnode *c,
    struct cerrors *errs)
{
	int	 rc;

	rc = keyword_run(rule_kws, KW_NROWS(rule_kws), c, r, rs, NULL, errs);
	if (rc != KW_UNKNOWN)
		return rc;
	if ((rc = ruleset_analyzer_option(ra, r, c, errs)) != 0)
		return rc == -1 ? -1 : 0;
	cerrors_addtok(errs, &c->key, "unknown rule option '%s'", c->key.text);
	return -1;
}

/* The statements of a rule block, then what is missing from it. */
static int
ruleset_rule_block(struct ruleset *rs, struct rule *r, const struct cnode *n,
    struct cerrors *errs)
{
	const struct rule_analyzer	*ra;
	const struct cnode		*c;
	int				 rc = 0, cond_seen = 0;

	/* The analyzer first: it decides what other options mean. */
	for (c = n->children; c != NULL; c = c->next)
		if (strcmp(c->key.text, "analyzer") == 0 &&
		    ruleset_rule_option(rs, r, NULL, c, errs) == -1)
			rc = -1;
	ra = ruleset_analyzer(rs, r->analyzer);
	for (c = n->children; c != NULL; c = c->next) {
		if (strcmp(c->key.text, "analyzer") == 0)
			continue;
		if (strcmp(c->key.text, "condition") == 0)
			cond_seen = 1;
		if (ruleset_rule_option(rs, r, ra, c, errs) == -1)
			rc = -1;
	}
	/* Missing options are reported even when others were wrong. */
	if (ruleset_rule_check(r, n, cond_seen, errs) == -1)
		rc = -1;
	if (ra != NULL && ra->check != NULL && ra->check(r, n, errs) == -1)
		rc = -1;
	return rc;
}

int
ruleset_rule_apply(struct ruleset *rs, struct rule *r, const struct cnode *n,
    struct cerrors *errs)
{
	return ruleset_rule_block(rs, r, n, errs);
}

/* rule ID { name "..."; condition ...; ... } */
static int
ruleset_rule_stmt(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct ruleset	*rs = obj;
	const struct rule *first;
	struct rule	*r;

	(void)arg;
	if (conf_want_args(n, 1, 1, errs) == -1)
		return -1;
	if (!n->has_block) {
		cerrors_addtok(errs, &n->key, "rule %s: needs a block",
		    n->args[0].text);
		return -1;
	}
	/*
	 * The later definition is the one blamed: local.d is read last, so
	 * a local rule that takes a shipped id is the one named at fault.
	 */
	if ((first = ruleset_rule(rs, n->args[0].text)) != NULL) {
		cerrors_addtok(errs, &n->args[0], "rule %s is defined twice: "
		    "first at %s:%d:%d (ids 9000000-9999999 are kept for "
		    "local rules)", n->args[0].text, first->file, first->line,
		    first->col);
		return -1;
	}
	if ((r = ruleset_rule_new(n)) == NULL)
		return -1;
	if (ruleset_rule_block(rs, r, n, errs) == 0 &&
	    ruleset_grow((void ***)&rs->rules, &rs->rcap, rs->nrules) == 0 &&
	    ruleset_hash_rule(rs, ruleset_hash_node(n, 0)) == 0) {
		rs->rules[rs->nrules++] = r;
		return 0;
	}
	rule_free(r);
	return -1;
}

/* enable ID... / disable ID... */
static int
ruleset_toggle_stmt(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct ruleset	*rs = obj;
	struct ruleset_toggle	*nt, *t;
	size_t			 i;

	(void)arg;
	if (n->nargs == 0 || n->has_block) {
		cerrors_addtok(errs, &n->key, "%s takes rule ids and no block",
		    n->key.text);
		return -1;
	}
	nt = reallocarray(rs->toggles, rs->ntoggles + n->nargs, sizeof(*nt));
	if (nt == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	rs->toggles = nt;
	for (i = 0; i < n->nargs; i++) {
		t = &nt[rs->ntoggles];
		t->enabled = strcmp(n->key.text, "enable") == 0;
		t->line = n->args[i].line;
		t->col = n->args[i].col;
		t->id = strdup(n->args[i].text);
		t->file = strdup(n->args[i].file);
		rs->ntoggles++;
		if (t->id == NULL || t->file == NULL) {
			log_warn("%s", __func__);
			return -1;
		}
	}
	return 0;
}

/* country-database "file" */
static int
ruleset_geo_stmt(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct ruleset	*rs = obj;
	struct geo	*g;
	char	*path;

	(void)arg;
	if (conf_want_args(n, 1, 1, errs) == -1)
		return -1;
	if ((path = conf_path(&n->args[0])) == NULL)
		return -1;
	g = geo_load(path, errs);
	free(path);
	if (g == NULL) {
		cerrors_addtok(errs, &n->args[0], "country database not "
		    "loaded");
		return -1;
	}
	/* The last one read wins: local.d replaces the shipped sample. */
	if (rs->geo != NULL) {
		log_info("%s:%d: country-database %s replaces the one read "
		    "before", n->key.file, n->key.line, n->args[0].text);
		geo_free(rs->geo);
	}
	rs->geo = g;
	return 0;
}

static int
ruleset_profile_stmt(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct ruleset	*rs = obj;

	(void)arg;
	if (!n->has_block) {
		cerrors_addtok(errs, &n->key, "profile needs a block");
		return -1;
	}
	return profiles_statement(rs->profiles, n, ruleset_lookup_cb, rs,
	    errs);
}

/* sigma "PATH" { options } */
static int
ruleset_sigma_stmt(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct ruleset	*rs = obj;
	struct cond_env	 env;

	(void)arg;
	ruleset_env(rs, &env);
	return sigma_statement(rs, n, &env, errs);
}

static int
ruleset_suppress_stmt(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct ruleset	*rs = obj;
	struct cond_env	 env;

	(void)arg;
	ruleset_env(rs, &env);
	return suppress_statement(rs->suppress, n, &env, errs);
}

/* Arguments and blocks are checked by each statement's handler. */
#define STMT(name, fn)	{ name, 0, SIZE_MAX, KW_ANYBLOCK, fn, 0 }

static const struct keyword ruleset_stmts[] = {
	STMT("country-database",	ruleset_geo_stmt),
	STMT("disable",		ruleset_toggle_stmt),
	STMT("enable",		ruleset_toggle_stmt),
	STMT("list",		ruleset_list_stmt),
	STMT("profile",		ruleset_profile_stmt),
	STMT("rule",		ruleset_rule_stmt),
	STMT("sigma",		ruleset_sigma_stmt),
	STMT("suppress",		ruleset_suppress_stmt),
};

int
ruleset_statement(struct ruleset *rs, const struct cnode *n,
    struct cerrors *errs)
{
	int	 rc;

	rc = keyword_run(ruleset_stmts, KW_NROWS(ruleset_stmts), n, rs, NULL,
	    NULL, errs);
	if (rc != KW_UNKNOWN)
		return rc;
	cerrors_addtok(errs, &n->key, "unknown statement '%s'", n->key.text);
	return -1;
}

static size_t
ruleset_rule_index(const struct ruleset *rs, const char *id)
{
	size_t	 i;

	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->id, id) == 0)
			return i;
	return SIZE_MAX;
}

/* Later statements win: a local file can re-enable what another disabled. */
static int
ruleset_apply_toggles(struct ruleset *rs, struct cerrors *errs)
{
	size_t		 i, j;
	int		 rc = 0;

	for (i = 0; i < rs->ntoggles; i++) {
		if ((j = ruleset_rule_index(rs, rs->toggles[i].id)) ==
		    SIZE_MAX) {
			cerrors_add(errs, rs->toggles[i].file,
			    rs->toggles[i].line, rs->toggles[i].col,
			    "%s: no rule %s", rs->toggles[i].enabled ?
			    "enable" : "disable", rs->toggles[i].id);
			rc = -1;
			continue;
		}
		rs->rules[j]->enabled = rs->toggles[i].enabled;
	}
	return rc;
}

static int
ruleset_rule_exists(void *arg, const char *id)
{
	return ruleset_rule(arg, id) != NULL;
}

static int
ruleset_check_geo(struct ruleset *rs, struct cerrors *errs)
{
	size_t	 i;
	int	 rc = 0;

	if (rs->geo != NULL)
		return 0;
	for (i = 0; i < rs->nrules; i++)
		if (cond_uses_geo(rs->rules[i]->cond)) {
			cerrors_add(errs, rs->rules[i]->file,
			    rs->rules[i]->line, 1, "rule %s uses the country "
			    "of an address, and no country-database is "
			    "loaded", rs->rules[i]->id);
			rc = -1;
		}
	return rc;
}

/*
 * The list tests several rules make, conditions and popular tests
 * together, are asked once a line, and each condition takes its cheap
 * tests first (cond_order).  Without the memory for either, each test
 * is asked by each rule as written: slower only.
 */
static void
ruleset_mark_shared(struct ruleset *rs)
{
	struct cond	**v;
	size_t		 i, n = 0;

	if ((v = calloc(2 * rs->nrules + 1, sizeof(*v))) == NULL)
		return;
	for (i = 0; i < rs->nrules; i++) {
		v[n++] = rs->rules[i]->cond;
		v[n++] = rs->rules[i]->popular;
	}
	(void)cond_mark_shared(v, n);
	for (i = 0; i < n; i++)
		(void)cond_order(v[i]);
	free(v);
}

int
ruleset_finish(struct ruleset *rs, struct cerrors *errs)
{
	int	 rc = 0;

	if (ruleset_apply_toggles(rs, errs) == -1)
		rc = -1;
	if (profiles_finish(rs->profiles, errs) == -1)
		rc = -1;
	if (suppress_finish(rs->suppress, ruleset_rule_exists, rs,
	    (int64_t)time(NULL) * 1000, errs) == -1)
		rc = -1;
	if (ruleset_check_geo(rs, errs) == -1)
		rc = -1;
	if (rs->sigma != NULL && sigma_finish(rs, errs) == -1)
		rc = -1;
	if (rc == 0)
		ruleset_mark_shared(rs);
	if (rc == 0 && prefilter_build(rs->pf) == -1) {
		cerrors_add(errs, "-", 0, 0, "ruleset %s: out of memory "
		    "building the regex prefilter", rs->name);
		rc = -1;
	}
	return rc;
}

void
ruleset_event_begin(const struct ruleset *rs)
{
	if (rs != NULL)
		prefilter_begin(rs->pf);
}

static void
ruleset_diff_lists(const struct ruleset *old, const struct ruleset *new)
{
	const struct list	*l;
	size_t			 i;

	for (i = 0; i < new->nlists; i++) {
		l = old != NULL ? ruleset_list(old, list_name(new->lists[i])) :
		    NULL;
		if (l == NULL)
			log_info("list %s: added, %zu indicators",
			    list_name(new->lists[i]), list_size(new->lists[i]));
		else if (list_size(l) != list_size(new->lists[i]))
			log_info("list %s: %zu indicators (was %zu)",
			    list_name(l), list_size(new->lists[i]),
			    list_size(l));
	}
	for (i = 0; old != NULL && i < old->nlists; i++)
		if (ruleset_list(new, list_name(old->lists[i])) == NULL)
			log_info("list %s: removed", list_name(old->lists[i]));
}

/*
 * The rules of rs by id, for the reload summary: an open-addressing
 * table of indices + 1, so that thousands of Sigma rules on both sides
 * cost no more than their count.
 */
struct ruleset_ids {
	const struct ruleset	*rs;
	size_t			*slot;
	size_t			 cap;
};

static int
ruleset_ids_build(struct ruleset_ids *t, const struct ruleset *rs)
{
	size_t	 i, j;

	t->rs = rs;
	for (t->cap = 16; t->cap < 2 * rs->nrules + 1; t->cap *= 2)
		;
	if ((t->slot = calloc(t->cap, sizeof(*t->slot))) == NULL)
		return -1;
	for (i = 0; i < rs->nrules; i++) {
		j = hash64(rs->rules[i]->id, strlen(rs->rules[i]->id), 0) &
		    (t->cap - 1);
		while (t->slot[j] != 0)
			j = (j + 1) & (t->cap - 1);
		t->slot[j] = i + 1;
	}
	return 0;
}

/* The index of id, as ruleset_rule_index gives it (the first such). */
static size_t
ruleset_ids_find(const struct ruleset_ids *t, const char *id)
{
	size_t	 j, best = SIZE_MAX;

	if (t->slot == NULL)
		return ruleset_rule_index(t->rs, id);
	j = hash64(id, strlen(id), 0) & (t->cap - 1);
	for (; t->slot[j] != 0; j = (j + 1) & (t->cap - 1))
		if (strcmp(t->rs->rules[t->slot[j] - 1]->id, id) == 0 &&
		    t->slot[j] - 1 < best)
			best = t->slot[j] - 1;
	return best;
}

void
ruleset_diff_log(const struct ruleset *old, const struct ruleset *new)
{
	struct ruleset_ids	 ot = { old, NULL, 0 }, nt = { new, NULL, 0 };
	size_t			 i, j, added = 0, removed = 0, changed = 0;

	/* Out of memory: the linear lookups give the same summary. */
	if (old != NULL && (ruleset_ids_build(&ot, old) == -1 ||
	    ruleset_ids_build(&nt, new) == -1))
		log_warn("%s", __func__);
	for (i = 0; i < new->nrules; i++) {
		j = old != NULL ? ruleset_ids_find(&ot, new->rules[i]->id) :
		    SIZE_MAX;
		if (j == SIZE_MAX) {
			added++;
			log_info("rule %s added: %s", new->rules[i]->id,
			    new->rules[i]->name);
		} else if (old->rhash[j] != new->rhash[i] ||
		    old->rules[j]->enabled != new->rules[i]->enabled) {
			changed++;
			log_info("rule %s changed (revision %d, %s)",
			    new->rules[i]->id, new->rules[i]->revision,
			    new->rules[i]->enabled ? "enabled" : "disabled");
		}
	}
	for (i = 0; old != NULL && i < old->nrules; i++)
		if (ruleset_ids_find(&nt, old->rules[i]->id) == SIZE_MAX) {
			removed++;
			log_info("rule %s removed", old->rules[i]->id);
		}
	free(ot.slot);
	free(nt.slot);
	ruleset_diff_lists(old, new);
	log_info("ruleset %s: %zu rules (%zu added, %zu removed, %zu "
	    "changed), %zu lists, %zu profiles, %zu suppressions",
	    new->name, new->nrules, added, removed, changed, new->nlists,
	    profiles_count(new->profiles), suppress_count(new->suppress));
}
