/*
 * One Sigma document into a rule of the rule set (sigmaint.h): the
 * checks that decide whether it loads (title, id, status, level,
 * duplicate ids, logsource), its metadata in the vocabulary of the
 * defence model, its detection compiled once per group of targets
 * whose fields read the same, and the filters (meta-rules) kept until
 * every rule is read and then joined to the rules they name.  Owns the
 * rule until the rule set takes it.
 *
 * The attack stage comes from the ATT&CK tactic tags, the furthest
 * stage any gives (no tactic: 2, initial intrusion):
 *
 *	1 recon		reconnaissance, resource-development
 *	2 intrusion	initial-access, execution
 *	3 foothold	persistence, defense-evasion, stealth,
 *			defense-impairment
 *	4 lateral	privilege-escalation, credential-access, discovery,
 *			lateral-movement
 *	5 c2		command-and-control
 *	6 objective	collection, exfiltration, impact
 *
 * Importance and priority are the level (informational counts as low);
 * notify and the countermeasures are the stage's defaults below unless
 * the statement sets them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "conf/conf.h"
#include "rules/cond.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "rules/sfield.h"
#include "rules/sigma.h"
#include "rules/sigmaint.h"
#include "rules/sigmasrc.h"
#include "rules/ynode.h"

/* Fields a rule may read; more is a rule nobody writes by hand. */
#define SIGMA_MAX_FIELDS	128
#define SIGMA_MAX_TARGETS	32
#define SIGMA_MAX_EIDS		64

static const struct {
	const char	*tactic;
	int		 stage;
} sigma_tactics[] = {
	{ "reconnaissance", 1 }, { "resource-development", 1 },
	{ "initial-access", 2 }, { "execution", 2 },
	{ "persistence", 3 }, { "defense-evasion", 3 }, { "stealth", 3 },
	{ "defense-impairment", 3 },
	{ "privilege-escalation", 4 }, { "credential-access", 4 },
	{ "discovery", 4 }, { "lateral-movement", 4 },
	{ "command-and-control", 5 },
	{ "collection", 6 }, { "exfiltration", 6 }, { "impact", 6 },
};

#define SIGMA_DEFAULT_STAGE	2

/* Per stage: whom to notify and what to do first. */
static const struct {
	const char		*notify;
	struct {
		enum cm_target	 target;
		const char	*action;
	} cm[2];
} sigma_stage_defaults[SIGMA_STAGES] = {
	[1] = { "soc-analyst", { { CM_ACCOUNT, "notify-user" },
	    { CM_MAX, NULL } } },
	[2] = { "soc-analyst", { { CM_ENDPOINT, "isolate" },
	    { CM_MAX, NULL } } },
	[3] = { "soc-analyst", { { CM_ENDPOINT, "isolate" },
	    { CM_MAX, NULL } } },
	[4] = { "csirt", { { CM_ENDPOINT, "isolate" },
	    { CM_ACCOUNT, "reset-password" } } },
	[5] = { "csirt", { { CM_ENDPOINT, "block-destination-ip" },
	    { CM_ENDPOINT, "isolate" } } },
	[6] = { "incident-response", { { CM_ENDPOINT, "disconnect" },
	    { CM_SERVICE, "partial-stop" } } },
};

static const char *
sigma_scalar(const struct ynode *doc, const char *key)
{
	const struct ynode	*n = ynode_get(doc, key);

	if (n == NULL || n->type != YN_SCALAR || ynode_isnull(n))
		return NULL;
	return n->s;
}

static int
sigma_strdup(char **dst, const char *s)
{
	if (s == NULL)
		return 0;
	return (*dst = strdup(s)) == NULL ? -1 : 0;
}

static int
sigma_strv_add(char ***v, size_t *n, const char *s)
{
	char	**nv;

	if ((nv = reallocarray(*v, *n + 1, sizeof(*nv))) == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strdup(s)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

/* attack.t1059.001 to T1059.001; 0 when it is no technique. */
static int
sigma_technique(const char *tag, char *out, size_t size)
{
	const char	*t;
	size_t		 len;

	if (strncmp(tag, "attack.", 7) != 0)
		return 0;
	t = tag + 7;
	len = strlen(t);
	if ((t[0] != 't' && t[0] != 'T') || (len != 5 && len != 9) ||
	    strspn(t + 1, "0123456789") < 4 ||
	    (len == 9 && (t[5] != '.' || strspn(t + 6, "0123456789") != 3)))
		return 0;
	snprintf(out, size, "T%s", t + 1);
	return 1;
}

static int
sigma_tactic_stage(const char *tag)
{
	size_t	 i;

	if (strncmp(tag, "attack.", 7) != 0)
		return 0;
	for (i = 0; i < sizeof(sigma_tactics) / sizeof(sigma_tactics[0]); i++)
		if (strcmp(tag + 7, sigma_tactics[i].tactic) == 0)
			return sigma_tactics[i].stage;
	return 0;
}

/* Tags: techniques, the stage, and CVE ids as references. */
static int
sigma_tags(struct rule *r, const struct ynode *tags)
{
	const char	*tag;
	char		 buf[32];
	size_t		 i;
	int		 s;

	for (i = 0; tags != NULL && tags->type == YN_SEQ && i < tags->n; i++) {
		if ((tag = ynode_str(tags->kids[i])) == NULL)
			continue;
		if (sigma_technique(tag, buf, sizeof(buf))) {
			if (sigma_strv_add(&r->techniques, &r->ntechniques,
			    buf) == -1)
				return -1;
		} else if ((s = sigma_tactic_stage(tag)) > r->stage)
			r->stage = s;
		else if (strncmp(tag, "cve.", 4) == 0 && strlen(tag) < 24) {
			snprintf(buf, sizeof(buf), "CVE-%s", tag + 4);
			if (sigma_strv_add(&r->references, &r->nreferences,
			    buf) == -1)
				return -1;
		}
	}
	if (r->stage == 0)
		r->stage = SIGMA_DEFAULT_STAGE;
	return 0;
}

static int
sigma_references(struct rule *r, const struct ynode *refs)
{
	size_t	 i;

	if (refs != NULL && refs->type == YN_SCALAR && !ynode_isnull(refs))
		return sigma_strv_add(&r->references, &r->nreferences,
		    refs->s);
	for (i = 0; refs != NULL && refs->type == YN_SEQ && i < refs->n; i++)
		if (refs->kids[i]->type == YN_SCALAR &&
		    sigma_strv_add(&r->references, &r->nreferences,
		    refs->kids[i]->s) == -1)
			return -1;
	return 0;
}

static int
sigma_cm_add(struct rule *r, enum cm_target t, const char *action)
{
	struct countermeasure	*cm;

	if ((cm = reallocarray(r->cms, r->ncms + 1, sizeof(*cm))) == NULL)
		return -1;
	r->cms = cm;
	cm[r->ncms].target = t;
	if ((cm[r->ncms].action = strdup(action)) == NULL)
		return -1;
	r->ncms++;
	return 0;
}

/* notify and countermeasures: the statement's, else the defaults. */
static int
sigma_stage_actions(struct rule *r, const struct sigma_opts *o)
{
	size_t	 i;
	int	 s = r->stage;

	if (sigma_strdup(&r->notify, o->notify[s] != NULL ? o->notify[s] :
	    sigma_stage_defaults[s].notify) == -1)
		return -1;
	if (o->cmset[s]) {
		for (i = 0; i < o->ncms[s]; i++)
			if (sigma_cm_add(r, o->cms[s][i].target,
			    o->cms[s][i].action) == -1)
				return -1;
		return 0;
	}
	for (i = 0; i < 2 && sigma_stage_defaults[s].cm[i].action != NULL; i++)
		if (sigma_cm_add(r, sigma_stage_defaults[s].cm[i].target,
		    sigma_stage_defaults[s].cm[i].action) == -1)
			return -1;
	return 0;
}

static const enum level sigma_levels[] = {
	LVL_LOW, LVL_LOW, LVL_MEDIUM, LVL_HIGH, LVL_CRITICAL
};

/* The rule's metadata; its condition comes later. */
struct rule *
sigma_rule_new(struct sigma_load *L, const struct ynode *doc,
    const struct ynode *idn)
{
	struct rule	*r;
	const char	*level = sigma_scalar(doc, "level");
	int		 lr = sigma_level_rank(level);

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->revision = 1;
	r->enabled = 1;
	r->alert = 1;
	r->aggregate_ms = -1;
	r->viewpoint = VP_KNOWN_ATTACK;
	r->importance = r->priority = sigma_levels[lr >= 0 ? lr : 2];
	r->line = idn->line;
	if (sigma_strdup(&r->id, idn->s) == -1 ||
	    sigma_strdup(&r->uuid, idn->s) == -1 ||
	    sigma_strdup(&r->name, sigma_scalar(doc, "title")) == -1 ||
	    sigma_strdup(&r->description, sigma_scalar(doc,
	    "description")) == -1 ||
	    sigma_strdup(&r->author, sigma_scalar(doc, "author")) == -1 ||
	    sigma_strdup(&r->license, sigma_scalar(doc, "license") != NULL ?
	    sigma_scalar(doc, "license") : L->o->license) == -1 ||
	    sigma_strdup(&r->status, sigma_scalar(doc, "status")) == -1 ||
	    sigma_strdup(&r->level, level) == -1 ||
	    sigma_strdup(&r->analyzer, RULE_ANALYZER_DEFAULT) == -1 ||
	    sigma_strdup(&r->file, L->file) == -1 ||
	    sigma_references(r, ynode_get(doc, "references")) == -1 ||
	    sigma_tags(r, ynode_get(doc, "tags")) == -1 ||
	    sigma_stage_actions(r, L->o) == -1) {
		log_warn("%s", __func__);
		rule_free(r);
		return NULL;
	}
	return r;
}

/* Whether the document is a rule that may load; its id node. */
const struct ynode *
sigma_doc_check(struct sigma_load *L, const struct ynode *doc,
    struct sigma_err *e, int *quiet)
{
	const struct ynode	*idn = ynode_get(doc, "id");
	const struct rule	*dup;
	const char		*st = sigma_scalar(doc, "status");
	int			 sr = sigma_status_rank(st);
	int			 lr = sigma_level_rank(sigma_scalar(doc, "level"));

	*quiet = 0;
	if (sigma_scalar(doc, "title") == NULL)
		return sigma_fail(e, doc, "no title", "a rule needs a title"),
		    NULL;
	if (idn == NULL || idn->type != YN_SCALAR || idn->len == 0)
		return sigma_fail(e, idn != NULL ? idn : doc, "no id", "a "
		    "rule needs an id (its UUID)"), NULL;
	*quiet = 1;
	if (sr == SIGMA_STATUS_DEPRECATED && !L->o->deprecated)
		return sigma_fail(e, doc, "status deprecated", "status "
		    "deprecated"), NULL;
	if (sr == SIGMA_STATUS_UNSUPPORTED && !L->o->unsupported)
		return sigma_fail(e, doc, "status unsupported", "status "
		    "unsupported"), NULL;
	if (sr < L->o->status)
		return sigma_fail(e, doc, "status below the minimum", "status "
		    "%s is below the minimum", st != NULL ? st : "?"), NULL;
	if (lr >= 0 && lr < L->o->level)
		return sigma_fail(e, doc, "level below the minimum", "level "
		    "%s is below the minimum", sigma_scalar(doc, "level")),
		    NULL;
	*quiet = 0;
	if ((dup = sigma_id_find(L->s, idn->s)) != NULL)
		return sigma_fail(e, idn, "duplicate id", "id %s is already "
		    "the id of %s:%d", idn->s, dup->file, dup->line), NULL;
	if (ynode_get(doc, "correlation") == NULL &&
	    ynode_get(doc, "logsource") == NULL)
		return sigma_fail(e, doc, "no logsource", "a rule needs a "
		    "logsource"), NULL;
	return idn;
}

/* The field names a detection reads, each once (copies). */
struct sigma_names {
	char		*v[SIGMA_MAX_FIELDS];
	size_t		 n;
	int		 over;
};

static void
sigma_name_add(void *arg, const char *name)
{
	struct sigma_names	*nm = arg;
	size_t			 i;

	for (i = 0; i < nm->n; i++)
		if (strcmp(nm->v[i], name) == 0)
			return;
	if (nm->n == SIGMA_MAX_FIELDS || (nm->v[nm->n] = strdup(name)) ==
	    NULL)
		nm->over = 1;
	else
		nm->n++;
}

static void
sigma_names_clear(struct sigma_names *nm)
{
	while (nm->n > 0)
		free(nm->v[--nm->n]);
}

static int
sigma_res_same(const struct sigmasrc_field *a, const struct sigmasrc_field *b)
{
	if (a->kind != b->kind || a->fd != b->fd)
		return 0;
	return a->kind != SRCF_NATIVE || strcmp(a->native, b->native) == 0;
}

/*
 * The groups of a rule's targets: each target joins the first one
 * before it whose fields all read the same.  A group whose logs lack
 * what the rule needs is dropped when it compiles (ok 0).
 */
struct sigma_plan {
	size_t		 nt;
	int		 ok[SIGMA_MAX_TARGETS];
	size_t		 group[SIGMA_MAX_TARGETS];
	char		 why[320];	/* why the last group was dropped */
};

static int
sigma_plan(const struct sigma_sources *src, struct sigma_target *const *t,
    const struct sigma_names *nm, struct sigma_plan *p)
{
	struct sigmasrc_field	*res;
	size_t			 i, j, k, w = nm->n ? nm->n : 1;

	if ((res = calloc(p->nt * w, sizeof(*res))) == NULL)
		return -1;
	for (i = 0; i < p->nt; i++) {
		p->ok[i] = 1;
		p->group[i] = i;
		for (k = 0; k < nm->n; k++)
			sigmasrc_field(src, t[i], nm->v[k], &res[i * w + k]);
		for (j = 0; j < i; j++) {
			if (p->group[j] != j)
				continue;
			for (k = 0; k < nm->n && sigma_res_same(&res[i * w + k],
			    &res[j * w + k]); k++)
				;
			if (k == nm->n) {
				p->group[i] = j;
				break;
			}
		}
	}
	free(res);
	return 0;
}

/* The fields of a rule, resolved in the group's first target. */
/* Scoped to the group's first target: see sfields_get. */
struct sfield *
sigma_field(struct sigma_cenv *c, const char *name)
{
	struct sigmasrc_field	 r;
	const void		*scope = c->scope;

	sigmasrc_field(c->src, c->t, name, &r);
	switch (r.kind) {
	case SRCF_FIELD:
		return sfields_get(c->sf, SF_FIELD, r.fd, NULL, scope);
	case SRCF_URLEXT:
		return sfields_get(c->sf, SF_URLEXT, NULL, NULL, scope);
	case SRCF_NATIVE:
		c->native = 1;
		return sfields_get(c->sf, SF_NATIVE, NULL, r.native, scope);
	default:
		if (c->missing == NULL)
			c->missing = name;
		return NULL;
	}
}

/* The line, scoped to the target: its keywords scan only its lines. */
struct sfield *
sigma_keywords_field(struct sigma_cenv *c)
{
	return sfields_get(c->sf, SF_RAW, NULL, NULL, c->scope);
}

/* The (format, event id) pairs of a rule, each once. */
struct sigma_where {
	struct rule	*r;
	int		 err;
};

static int
sigma_streq0(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static void
sigma_where_add(void *arg, const char *format, int32_t eid,
    const char *channel)
{
	struct sigma_where	*w = arg;
	struct rule_where	*nw, *e;
	size_t			 i;

	for (i = 0; i < w->r->nwhere; i++) {
		e = &w->r->where[i];
		if (e->eid == eid && strcmp(e->format, format) == 0 &&
		    sigma_streq0(e->channel, channel))
			return;
	}
	if ((nw = reallocarray(w->r->where, w->r->nwhere + 1,
	    sizeof(*nw))) == NULL) {
		w->err = 1;
		return;
	}
	w->r->where = nw;
	e = &nw[w->r->nwhere];
	memset(e, 0, sizeof(*e));
	e->eid = eid;
	if ((e->format = strdup(format)) == NULL || (channel != NULL &&
	    (e->channel = strdup(channel)) == NULL)) {
		free(e->format);
		w->err = 1;
		return;
	}
	w->r->nwhere++;
}

/*
 * Where target t's lines are for this rule: its own event ids, else
 * those the condition needs (EventID: 4624 under service: security).
 */
static void
sigma_where_target(struct sigma_cenv *c, const struct sigma_target *t,
    const struct cond *det, struct sigma_where *w)
{
	struct sfield	*eid;
	const char	*missing = c->missing;
	int64_t		 v[SIGMA_MAX_EIDS];
	size_t		 n = 0, i;

	/* c->t is the group's first target: its fields read the same. */
	eid = sigma_field(c, "EventID");
	c->missing = missing;
	if (eid == NULL || !cond_ints(det, eid, v, SIGMA_MAX_EIDS, &n))
		n = 0;
	for (i = 0; i < n; i++)
		if (v[i] < 0 || v[i] > 65535)
			n = 0;
	sigmasrc_where(t, v, n, sigma_where_add, w);
}

/* The targets of group g, as one predicate (an "or" of several). */
static struct cond *
sigma_group_source(struct sigma_target *const *t, const struct sigma_plan *p,
    size_t g)
{
	struct cond	*or = NULL, *one;
	size_t		 i, n = 0;

	for (i = 0; i < p->nt; i++)
		n += p->group[i] == g;
	if (n == 1)
		return cond_new_pred(sigmasrc_match, t[g]);
	if ((or = cond_new_bool(COND_OR)) == NULL)
		return NULL;
	for (i = 0; i < p->nt; i++) {
		if (p->group[i] != g)
			continue;
		one = cond_new_pred(sigmasrc_match, t[i]);
		if (cond_add(or, one) == -1) {
			cond_free(or);
			return NULL;
		}
	}
	return or;
}

/*
 * One group: and(its targets, the detection read in them).  NULL with
 * p->ok[g] 0 when its logs lack a field the rule cannot do without.
 */
static struct cond *
sigma_group(struct sigma_cenv *c, struct sigma_target *const *t,
    struct sigma_plan *p, size_t g, const struct ynode *det,
    struct sigma_err *e, struct sigma_where *w)
{
	const struct sigma_target	*ts[SIGMA_MAX_TARGETS];
	struct cond			*and, *d;
	size_t				 i, n = 0;

	for (i = 0; i < p->nt; i++)
		if (p->group[i] == g)
			ts[n++] = t[i];
	c->t = t[g];
	if ((c->scope = sigma_tset(c->s, ts, n)) == NULL) {
		sigma_fail(e, det, SIGMA_R_NOMEM, "out of memory");
		return NULL;
	}
	d = sigmadet_compile(c, det, e);
	if (d == NULL && SIGMA_ERR_IS(e, SIGMA_R_UNSUPPORTED_FIELD))
		p->ok[g] = 0;
	else if (d != NULL && cond_never(d)) {
		p->ok[g] = 0;
		snprintf(e->msg, sizeof(e->msg), "no selection can match in "
		    "the logs of target %s", sigmasrc_target_name(t[g]));
	}
	if (!p->ok[g]) {
		snprintf(p->why, sizeof(p->why), "%s", e->msg);
		cond_free(d);
		e->reason = NULL;
		return NULL;
	}
	if (d == NULL)
		return NULL;
	for (i = 0; i < p->nt; i++)
		if (p->group[i] == g)
			sigma_where_target(c, t[i], d, w);
	if ((and = cond_new_bool(COND_AND)) == NULL ||
	    cond_add(and, sigma_group_source(t, p, g)) == -1 ||
	    cond_add(and, d) == -1) {
		cond_free(and);
		sigma_fail(e, det, SIGMA_R_NOMEM, "out of memory");
		return NULL;
	}
	return and;
}

static struct list *
sigma_list_lookup(void *arg, const char *name)
{
	return ruleset_list(arg, name);
}

static void
sigma_cenv_init(struct sigma_cenv *c, struct sigma *s, struct ruleset *rs,
    const struct sigma_sources *src)
{
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->pf = rs->pf;
	c->sf = s->sf;
	c->src = src;
	c->lookup = sigma_list_lookup;
	c->larg = rs;
}

/* The logsource of a document as text, for messages. */
static void
sigma_logsource_text(const struct ynode *ls, char *buf, size_t size)
{
	static const char *const keys[] = { "product", "category", "service" };
	const char	*v;
	size_t		 i, len;

	buf[0] = '\0';
	for (i = 0; i < 3; i++) {
		if ((v = sigma_scalar(ls, keys[i])) == NULL)
			continue;
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s=%s", len > 0 ? " " : "",
		    keys[i], v);
	}
}

/* Keep what a filter will need of the rule: its groups. */
static int
sigma_rinfo_add(struct sigma *s, struct rule *r, const struct ynode *ls,
    const struct sigma_sources *src, const struct sigma_group *g, size_t ng)
{
	struct sigma_rinfo	*ri;

	if (s->nri == s->capri) {
		s->capri = s->capri ? s->capri * 2 : 256;
		if ((ri = reallocarray(s->ri, s->capri, sizeof(*ri))) == NULL)
			return -1;
		s->ri = ri;
	}
	ri = &s->ri[s->nri];
	memset(ri, 0, sizeof(*ri));
	ri->r = r;
	ri->src = src;
	if (sigma_strdup(&ri->product, sigma_scalar(ls, "product")) == -1 ||
	    sigma_strdup(&ri->category, sigma_scalar(ls, "category")) == -1 ||
	    sigma_strdup(&ri->service, sigma_scalar(ls, "service")) == -1 ||
	    (ri->g = calloc(ng, sizeof(*ri->g))) == NULL) {
		sigma_rinfo_clear(ri);
		return -1;
	}
	memcpy(ri->g, g, ng * sizeof(*g));
	ri->ng = ng;
	s->nri++;
	return 0;
}

/* The groups' conditions as one: the only one, or their "or". */
static struct cond *
sigma_join(struct sigma_group *g, size_t n)
{
	struct cond	*or;
	size_t		 i;

	if (n == 1)
		return g[0].and;
	if ((or = cond_new_bool(COND_OR)) == NULL) {
		for (i = 0; i < n; i++)
			cond_free(g[i].and);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (cond_add(or, g[i].and) == -1) {
			for (i++; i < n; i++)
				cond_free(g[i].and);
			cond_free(or);
			return NULL;
		}
	return or;
}

/* The rule's condition, one group per set of targets that read alike. */
static struct cond *
sigma_groups(struct sigma_load *L, struct sigma_target *const *t,
    struct sigma_plan *p, const struct ynode *det, struct rule *r,
    struct sigma_group *out, size_t *nout, struct sigma_err *e)
{
	struct sigma_cenv	 c;
	struct sigma_where	 w = { r, 0 };
	struct cond		*top;
	size_t			 i;

	sigma_cenv_init(&c, L->s, L->rs, L->src);
	for (i = 0, *nout = 0; i < p->nt; i++) {
		if (p->group[i] != i)
			continue;
		out[*nout].t = t[i];
		if ((out[*nout].and = sigma_group(&c, t, p, i, det, e,
		    &w)) != NULL) {
			out[(*nout)++].scope = c.scope;
			continue;
		}
		if (!p->ok[i])
			continue;
		while (*nout > 0)
			cond_free(out[--(*nout)].and);
		return NULL;
	}
	if (*nout == 0) {
		sigma_fail(e, det, SIGMA_R_UNSUPPORTED_FIELD, "%s", p->why);
		return NULL;
	}
	if ((top = sigma_join(out, *nout)) == NULL || w.err) {
		cond_free(top);
		sigma_fail(e, det, SIGMA_R_NOMEM, "out of memory");
		return NULL;
	}
	L->s->native += c.native;
	return top;
}

/* The groups of targets whose fields read alike. */
static int
sigma_compile_plan(struct sigma_load *L, const struct ynode *det,
    struct sigma_target *const *t, struct sigma_plan *p,
    struct sigma_err *e)
{
	struct sigma_names	 nm;
	int			 rc = 0;

	memset(&nm, 0, sizeof(nm));
	sigmadet_fields(det, sigma_name_add, &nm);
	if (nm.over)
		rc = sigma_fail(e, det, SIGMA_R_DETECTION, "more than %d "
		    "fields", SIGMA_MAX_FIELDS);
	else if (sigma_plan(L->src, t, &nm, p) == -1)
		rc = sigma_fail(e, det, SIGMA_R_NOMEM, "out of memory");
	sigma_names_clear(&nm);
	return rc;
}

static int
sigma_compile(struct sigma_load *L, const struct ynode *doc, struct rule *r,
    struct sigma_err *e)
{
	const struct ynode	*ls = ynode_get(doc, "logsource");
	const struct ynode	*det = ynode_get(doc, "detection");
	struct sigma_target *const *t;
	struct sigma_group	 g[SIGMA_MAX_TARGETS];
	struct sigma_plan	 p;
	size_t			 ng;

	memset(&p, 0, sizeof(p));
	p.nt = sigmasrc_find(L->src, sigma_scalar(ls, "product"),
	    sigma_scalar(ls, "category"), sigma_scalar(ls, "service"), &t);
	if (p.nt == 0)
		return 1;
	if (p.nt > SIGMA_MAX_TARGETS)
		p.nt = SIGMA_MAX_TARGETS;
	if (sigma_compile_plan(L, det, t, &p, e) == -1)
		return -1;
	if ((r->cond = sigma_groups(L, t, &p, det, r, g, &ng, e)) == NULL)
		return -1;
	if (sigma_rinfo_add(L->s, r, ls, L->src, g, ng) == -1)
		return sigma_fail(e, det, SIGMA_R_NOMEM, "out of memory");
	return 0;
}

void
sigma_doc(struct sigma_load *L, const struct ynode *doc)
{
	const struct ynode	*idn;
	struct sigma_err	 e;
	struct rule		*r;
	char			 what[256];
	int			 quiet, rc;

	memset(&e, 0, sizeof(e));
	if (doc->type != YN_MAP) {
		sigma_fail(&e, doc, "not a Sigma rule", "a Sigma rule is a "
		    "YAML map");
		sigma_skip(L, &e, 0);
		return;
	}
	if (ynode_get(doc, "correlation") != NULL) {
		sigma_corr_keep(L, doc);
		return;
	}
	if (ynode_get(doc, "filter") != NULL) {
		sigma_filter_keep(L, doc);
		return;
	}
	if ((idn = sigma_doc_check(L, doc, &e, &quiet)) == NULL) {
		sigma_skip(L, &e, quiet);
		return;
	}
	if ((r = sigma_rule_new(L, doc, idn)) == NULL) {
		sigma_fail(&e, doc, SIGMA_R_NOMEM, "out of memory");
		sigma_skip(L, &e, 0);
		return;
	}
	if ((rc = sigma_compile(L, doc, r, &e)) != 0) {
		rule_free(r);
		if (rc == 1) {
			sigma_logsource_text(ynode_get(doc, "logsource"),
			    what, sizeof(what));
			sigma_unmapped(L, doc, what);
		} else
			sigma_skip(L, &e, 0);
		return;
	}
	if (ruleset_add(L->rs, r, ynode_hash(doc, 0)) == -1) {
		/* The rule set freed the rule: so goes what pointed to it. */
		sigma_rinfo_clear(&L->s->ri[--L->s->nri]);
		sigma_fail(&e, doc, SIGMA_R_NOMEM, "out of memory");
		sigma_skip(L, &e, 0);
		return;
	}
	if (sigma_id_add(L->s, r) == -1) {
		sigma_fail(&e, doc, SIGMA_R_NOMEM, "out of memory");
		sigma_skip(L, &e, 0);
		return;
	}
	L->s->loaded++;
}

/* Filters (meta-rules): kept whole until every rule is read. */

void
sigma_filter_keep(struct sigma_load *L, const struct ynode *doc)
{
	struct sigma_filter	*nf;
	struct sigma		*s = L->s;
	struct sigma_err	 e;

	nf = reallocarray(s->filters, s->nfilters + 1, sizeof(*nf));
	if (nf != NULL)
		s->filters = nf;
	if (nf == NULL || (nf[s->nfilters].doc = ynode_merge(NULL,
	    doc)) == NULL || (nf[s->nfilters].file = strdup(L->file)) ==
	    NULL) {
		if (nf != NULL)
			ynode_free(nf[s->nfilters].doc);
		sigma_fail(&e, doc, SIGMA_R_NOMEM, "out of memory");
		sigma_skip(L, &e, 0);
		return;
	}
	s->nfilters++;
}

/* The rule a filter or a correlation names: by id, else by title. */
struct sigma_rinfo *
sigma_rinfo_find(struct sigma *s, const char *ref)
{
	size_t	 i;

	for (i = 0; i < s->nri; i++)
		if (strcmp(s->ri[i].r->id, ref) == 0)
			return &s->ri[i];
	for (i = 0; i < s->nri; i++)
		if (strcmp(s->ri[i].r->name, ref) == 0)
			return &s->ri[i];
	return NULL;
}

/* A filter's logsource keys must be the rule's. */
static int
sigma_filter_fits(const struct ynode *ls, const struct sigma_rinfo *ri)
{
	const char	*v;

	if ((v = sigma_scalar(ls, "product")) != NULL &&
	    (ri->product == NULL || strcmp(v, ri->product) != 0))
		return 0;
	if ((v = sigma_scalar(ls, "category")) != NULL &&
	    (ri->category == NULL || strcmp(v, ri->category) != 0))
		return 0;
	if ((v = sigma_scalar(ls, "service")) != NULL &&
	    (ri->service == NULL || strcmp(v, ri->service) != 0))
		return 0;
	return 1;
}

/* Join the filter's condition to every group of the rule. */
static int
sigma_filter_join(struct ruleset *rs, const struct sigma_rinfo *ri,
    const struct ynode *view, struct sigma_err *e)
{
	struct sigma_cenv	 c;
	struct cond		*f;
	size_t			 i;

	sigma_cenv_init(&c, rs->sigma, rs, ri->src);
	for (i = 0; i < ri->ng; i++) {
		c.t = ri->g[i].t;
		c.scope = ri->g[i].scope;
		if ((f = sigmadet_compile(&c, view, e)) == NULL)
			return -1;
		if (cond_add(ri->g[i].and, f) == -1)
			return sigma_fail(e, view, SIGMA_R_NOMEM, "out of "
			    "memory");
	}
	return 0;
}

/* The filter map without its rules list: what compiles. */
static int
sigma_filter_view(const struct ynode *fm, struct ynode *view)
{
	size_t	 i, k = 0;

	memset(view, 0, sizeof(*view));
	view->type = YN_MAP;
	view->line = fm->line;
	view->col = fm->col;
	if ((view->kids = calloc(2 * fm->n + 1, sizeof(*view->kids))) == NULL)
		return -1;
	for (i = 0; i < fm->n; i++) {
		if (strcmp(ynode_key(fm, i)->s, "rules") == 0)
			continue;
		view->kids[k++] = fm->kids[2 * i];
		view->kids[k++] = fm->kids[2 * i + 1];
	}
	view->n = k / 2;
	return 0;
}

static void
sigma_filter_warn(const struct sigma_filter *f, const struct sigma_err *e,
    const char *ref)
{
	log_warnx("%s:%d:%d: filter not applied to %s: %s", f->file, e->line,
	    e->col, ref, e->msg);
}

static void
sigma_filter_apply(struct ruleset *rs, const struct sigma_filter *f)
{
	const struct ynode	*fm = ynode_get(f->doc, "filter");
	const struct ynode	*refs = ynode_get(fm, "rules"), *ref;
	struct sigma_rinfo	*ri;
	struct sigma_err	 e;
	struct ynode		 view;
	size_t			 i, n, applied = 0;

	memset(&e, 0, sizeof(e));
	if (fm == NULL || fm->type != YN_MAP || refs == NULL ||
	    sigma_filter_view(fm, &view) == -1) {
		sigma_fail(&e, fm != NULL ? fm : f->doc, "bad filter",
		    "a filter needs a map with rules, selections and a "
		    "condition");
		sigma_filter_warn(f, &e, "any rule");
		return;
	}
	n = refs->type == YN_SEQ ? refs->n : 1;
	for (i = 0; i < n; i++) {
		ref = refs->type == YN_SEQ ? refs->kids[i] : refs;
		if (ref->type != YN_SCALAR)
			continue;
		if ((ri = sigma_rinfo_find(rs->sigma, ref->s)) == NULL) {
			sigma_fail(&e, ref, "bad filter", "no such rule");
			sigma_filter_warn(f, &e, ref->s);
		} else if (!sigma_filter_fits(ynode_get(f->doc, "logsource"),
		    ri)) {
			sigma_fail(&e, ref, "bad filter", "its logsource is "
			    "not the rule's");
			sigma_filter_warn(f, &e, ref->s);
		} else if (sigma_filter_join(rs, ri, &view, &e) == -1)
			sigma_filter_warn(f, &e, ref->s);
		else
			applied++;
	}
	free(view.kids);
	rs->sigma->applied += applied > 0;
}

int
sigma_filters_apply(struct ruleset *rs, struct cerrors *errs)
{
	size_t	 i;

	(void)errs;
	for (i = 0; i < rs->sigma->nfilters; i++)
		sigma_filter_apply(rs, &rs->sigma->filters[i]);
	return 0;
}
