/*
 * Sigma correlation rules onto the statistical and composite analyzers
 * (sigmaint.h).  The loader writes the rule's options in the rule
 * language and hands them to the rule set as a rule block's, so that
 * the analyzers parse and check them as any rule's:
 *
 *	event_count	statistic count, threshold from the condition
 *	value_count	statistic distinct FIELD, likewise
 *	temporal	kind combination, a step per rule named
 *	temporal_ordered  the same, ordered
 *
 * timespan is the window (on event time); group-by fields are mapped
 * through the logsource mapping of every rule named, and must read the
 * same field of the event in all of them.  A count rule counts the
 * events that match any of the rules named (their conditions as they
 * are at the time, filters included).  Correlations are kept until
 * every file of their sigma statement is read, so the rules they name
 * are those of that statement and of the statements before it.
 * They keep alerting unless the correlation says "generate: false";
 * their findings then only feed the correlation.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "rules/cond.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "rules/sigma.h"
#include "rules/sigmaint.h"
#include "rules/sigmasrc.h"
#include "rules/ynode.h"

#define CORR_MAXREFS	16
#define CORR_MAXBY	4
#define CORR_R		"unsupported correlation"

struct corr {
	const struct ynode	*cm;	/* the correlation map */
	const char		*type;
	struct sigma_rinfo	*ref[CORR_MAXREFS];
	size_t			 nref;
	const struct field_def	*by[CORR_MAXBY];
	size_t			 nby;
	const struct field_def	*what;	/* value_count */
	char			 window[32];
	long long		 threshold;
};

static const char *
corr_scalar(const struct ynode *m, const char *key)
{
	const struct ynode	*n = ynode_get(m, key);

	if (n == NULL || n->type != YN_SCALAR || ynode_isnull(n))
		return NULL;
	return n->s;
}

/* The rules named, by id or title, each loaded before. */
static int
corr_refs(struct sigma_load *L, struct corr *c, struct sigma_err *e)
{
	const struct ynode	*refs = ynode_get(c->cm, "rules"), *ref;
	size_t			 i, n;

	if (refs == NULL)
		return sigma_fail(e, c->cm, CORR_R, "a correlation needs "
		    "rules");
	n = refs->type == YN_SEQ ? refs->n : 1;
	if (n > CORR_MAXREFS)
		return sigma_fail(e, refs, CORR_R, "more than %d rules",
		    CORR_MAXREFS);
	for (i = 0; i < n; i++) {
		ref = refs->type == YN_SEQ ? refs->kids[i] : refs;
		if (ref->type != YN_SCALAR)
			return sigma_fail(e, ref, CORR_R, "a rule is named "
			    "by its id or title");
		if ((c->ref[c->nref++] = sigma_rinfo_find(L->s,
		    ref->s)) != NULL)
			continue;
		if (sigma_id_find(L->s, ref->s) != NULL)
			return sigma_fail(e, ref, CORR_R, "%s is a "
			    "correlation, which a correlation cannot name",
			    ref->s);
		return sigma_fail(e, ref, CORR_R, "no such rule %s", ref->s);
	}
	return 0;
}

/* The event field name reads in every target of every rule named. */
static int
corr_field(const struct corr *c, const struct ynode *n,
    const struct field_def **out, struct sigma_err *e)
{
	struct sigmasrc_field	 f;
	const struct sigma_rinfo *ri;
	size_t			 i, k;

	*out = NULL;
	if (n->type != YN_SCALAR)
		return sigma_fail(e, n, CORR_R, "a field is a name");
	for (i = 0; i < c->nref; i++) {
		ri = c->ref[i];
		for (k = 0; k < ri->ng; k++) {
			sigmasrc_field(ri->src, ri->g[k].t, n->s, &f);
			if (f.kind != SRCF_FIELD || f.fd == NULL)
				return sigma_fail(e, n,
				    SIGMA_R_UNSUPPORTED_FIELD, "field %s has "
				    "no event field of its own in %s", n->s,
				    sigmasrc_target_name(ri->g[k].t));
			if (*out != NULL && *out != f.fd)
				return sigma_fail(e, n,
				    SIGMA_R_UNSUPPORTED_FIELD, "field %s reads "
				    "%s and %s in the rules named", n->s,
				    (*out)->name, f.fd->name);
			*out = f.fd;
		}
	}
	return 0;
}

static int
corr_group_by(struct corr *c, struct sigma_err *e)
{
	const struct ynode	*g = ynode_get(c->cm, "group-by");
	size_t			 i, n;

	if (g == NULL || ynode_isnull(g))
		return 0;
	n = g->type == YN_SEQ ? g->n : 1;
	if (n > CORR_MAXBY)
		return sigma_fail(e, g, CORR_R, "group-by of more than %d "
		    "fields", CORR_MAXBY);
	for (i = 0; i < n; i++)
		if (corr_field(c, g->type == YN_SEQ ? g->kids[i] : g,
		    &c->by[c->nby++], e) == -1)
			return -1;
	return 0;
}

/* timespan: a whole number and s, m, h or d, the window as it is. */
static int
corr_timespan(struct corr *c, struct sigma_err *e)
{
	const char	*t = corr_scalar(c->cm, "timespan");
	size_t		 len;

	if (t == NULL)
		return sigma_fail(e, c->cm, CORR_R, "a correlation needs a "
		    "timespan");
	len = strlen(t);
	if (len < 2 || len >= sizeof(c->window) ||
	    strspn(t, "0123456789") != len - 1 ||
	    strchr("smhd", t[len - 1]) == NULL || t[0] == '0')
		return sigma_fail(e, ynode_get(c->cm, "timespan"), CORR_R,
		    "timespan %s is not a number of s, m, h or d", t);
	memcpy(c->window, t, len + 1);
	return 0;
}

/*
 * The condition on the count: statistical rules fire when a count
 * reaches a threshold, so gte and gt only.
 */
static int
corr_condition(struct corr *c, struct sigma_err *e)
{
	const struct ynode	*cond = ynode_get(c->cm, "condition");
	const char		*v, *op;
	char			*end;
	size_t			 i;

	if (cond == NULL || cond->type != YN_MAP)
		return sigma_fail(e, c->cm, CORR_R, "a count correlation "
		    "needs a condition map");
	for (i = 0; i < cond->n; i++) {
		op = ynode_key(cond, i)->s;
		if (strcmp(op, "field") == 0)
			continue;
		if (strcmp(op, "gte") != 0 && strcmp(op, "gt") != 0)
			return sigma_fail(e, ynode_key(cond, i), CORR_R,
			    "condition %s is not supported (a count fires "
			    "when it reaches gte or gt)", op);
		if ((v = corr_scalar(cond, op)) == NULL ||
		    (c->threshold = strtoll(v, &end, 10)) < 0 ||
		    *end != '\0' || end == v || c->threshold > 1000000000)
			return sigma_fail(e, ynode_key(cond, i), CORR_R,
			    "condition %s needs a whole number", op);
		if (strcmp(op, "gt") == 0)
			c->threshold++;
	}
	if (c->threshold < 1)
		return sigma_fail(e, cond, CORR_R, "the condition needs gte "
		    "or gt, of 1 or more");
	return 0;
}

static int
corr_value_field(struct corr *c, struct sigma_err *e)
{
	const struct ynode	*f = ynode_get(ynode_get(c->cm, "condition"),
				    "field");

	if (f == NULL)
		return sigma_fail(e, c->cm, CORR_R, "value_count needs a "
		    "condition field");
	return corr_field(c, f, &c->what, e);
}

static void corr_put(char *, size_t, const char *, ...)
    __attribute__((__format__(__printf__, 3, 4)));

static void
corr_put(char *buf, size_t size, const char *fmt, ...)
{
	size_t	 len = strlen(buf);
	va_list	 ap;

	va_start(ap, fmt);
	if (len < size)
		vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* The options of a count rule, in the rule language. */
static void
corr_stats_text(const struct corr *c, char *buf, size_t size)
{
	char	 thr[32];
	size_t	 i;

	snprintf(buf, size, "rule corr {\nanalyzer stats\nviewpoint %s\n",
	    viewpoint_name(VP_SIMILAR));
	if (c->what != NULL)
		corr_put(buf, size, "statistic distinct %s\n", c->what->name);
	else
		corr_put(buf, size, "%s", "statistic count\n");
	if (c->nby > 0) {
		corr_put(buf, size, "%s", "group-by");
		for (i = 0; i < c->nby; i++)
			corr_put(buf, size, " %s", c->by[i]->name);
		corr_put(buf, size, "%s", "\n");
	}
	corr_put(buf, size, "window %s\n", c->window);
	snprintf(thr, sizeof(thr), "%lld", c->threshold);
	corr_put(buf, size, "threshold %s\n}\n", thr);
}

/* A combination groups by endpoint or host: the field must be one. */
static int
corr_comp_text(const struct corr *c, char *buf, size_t size,
    struct sigma_err *e)
{
	const char	*group;
	size_t		 i;

	if (c->nby != 1)
		return sigma_fail(e, c->cm, CORR_R, "a temporal correlation "
		    "groups by one field, the host or the source address");
	if (strcmp(c->by[0]->name, "host.name") == 0)
		group = "host";
	else if (strcmp(c->by[0]->name, "source.ip") == 0)
		group = "endpoint";
	else
		return sigma_fail(e, ynode_get(c->cm, "group-by"), CORR_R,
		    "a temporal correlation groups by host.name or "
		    "source.ip, not %s", c->by[0]->name);
	if (c->nref < 2)
		return sigma_fail(e, c->cm, CORR_R, "a temporal correlation "
		    "needs two rules or more");
	snprintf(buf, size, "rule corr {\nanalyzer composite\nviewpoint %s\n"
	    "kind combination\n", viewpoint_name(VP_COMPOSITE));
	for (i = 0; i < c->nref; i++)
		corr_put(buf, size, "step rule \"%s\"\n", c->ref[i]->r->id);
	corr_put(buf, size, "window %s\n", c->window);
	corr_put(buf, size, "group-by %s\n", group);
	corr_put(buf, size, "ordered %s\n}\n",
	    strcmp(c->type, "temporal_ordered") == 0 ? "yes" : "no");
	return 0;
}

/* Whether ev matches the rule a count rule counts (a cond predicate). */
static int
corr_pred(const void *arg, const struct logevent *ev)
{
	const struct rule	*r = arg;

	return r->cond != NULL && cond_eval(r->cond, ev, NULL);
}

/* A count rule's condition: any of the rules named. */
static struct cond *
corr_cond(const struct corr *c)
{
	struct cond	*or, *p;
	size_t		 i;

	if (c->nref == 1)
		return cond_new_pred(corr_pred, c->ref[0]->r);
	if ((or = cond_new_bool(COND_OR)) == NULL)
		return NULL;
	for (i = 0; i < c->nref; i++)
		if ((p = cond_new_pred(corr_pred, c->ref[i]->r)) == NULL ||
		    cond_add(or, p) == -1) {
			cond_free(or);
			return NULL;
		}
	return or;
}

/* The options through the rule set, as a rule block's. */
static int
corr_apply(struct sigma_load *L, const struct corr *c, struct rule *r,
    const char *text, struct sigma_err *e)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root;
	int		 rc = -1;

	root = conf_parse_string(L->file, text, strlen(text), &errs);
	if (root != NULL && errs.n == 0)
		rc = ruleset_rule_apply(L->rs, r, root, &errs);
	if (rc == -1 || errs.n > 0)
		rc = sigma_fail(e, c->cm, CORR_R, "%s", errs.n > 0 ?
		    errs.msgs[0] : "the analyzer refused it");
	cerrors_clear(&errs);
	conf_free(root);
	return rc;
}

static int
corr_read(struct sigma_load *L, const struct ynode *doc, struct corr *c,
    struct sigma_err *e)
{
	c->cm = ynode_get(doc, "correlation");
	if (c->cm->type != YN_MAP)
		return sigma_fail(e, c->cm, CORR_R, "correlation is a map");
	if ((c->type = corr_scalar(c->cm, "type")) == NULL)
		return sigma_fail(e, c->cm, CORR_R, "a correlation needs a "
		    "type");
	if (strcmp(c->type, "event_count") != 0 &&
	    strcmp(c->type, "value_count") != 0 &&
	    strcmp(c->type, "temporal") != 0 &&
	    strcmp(c->type, "temporal_ordered") != 0)
		return sigma_fail(e, ynode_get(c->cm, "type"), CORR_R,
		    "correlation type %s is not supported", c->type);
	if (ynode_get(c->cm, "aliases") != NULL)
		return sigma_fail(e, ynode_get(c->cm, "aliases"), CORR_R,
		    "aliases are not supported");
	if (corr_refs(L, c, e) == -1 || corr_timespan(c, e) == -1 ||
	    corr_group_by(c, e) == -1)
		return -1;
	if (strncmp(c->type, "temporal", 8) == 0)
		return 0;
	if (corr_condition(c, e) == -1)
		return -1;
	if (strcmp(c->type, "value_count") == 0)
		return corr_value_field(c, e);
	return 0;
}

static int
corr_build(struct sigma_load *L, const struct corr *c, struct rule *r,
    struct sigma_err *e)
{
	char	 text[2048];

	if (strncmp(c->type, "temporal", 8) == 0) {
		if (corr_comp_text(c, text, sizeof(text), e) == -1)
			return -1;
	} else {
		if ((r->cond = corr_cond(c)) == NULL)
			return sigma_fail(e, c->cm, SIGMA_R_NOMEM, "out of "
			    "memory");
		corr_stats_text(c, text, sizeof(text));
	}
	return corr_apply(L, c, r, text, e);
}

/* generate: false: the rules named only feed the correlation. */
static void
corr_generate(const struct ynode *doc, const struct corr *c)
{
	const char	*g = corr_scalar(doc, "generate");
	size_t		 i;

	if (g == NULL)
		g = corr_scalar(c->cm, "generate");
	if (g == NULL || strcmp(g, "false") != 0)
		return;
	for (i = 0; i < c->nref; i++)
		c->ref[i]->r->alert = 0;
}

void
sigma_corr(struct sigma_load *L, const struct ynode *doc)
{
	const struct ynode	*idn;
	struct sigma_err	 e;
	struct corr		 c;
	struct rule		*r = NULL;
	int			 quiet = 0;

	memset(&e, 0, sizeof(e));
	memset(&c, 0, sizeof(c));
	if ((idn = sigma_doc_check(L, doc, &e, &quiet)) == NULL ||
	    corr_read(L, doc, &c, &e) == -1)
		goto skip;
	if ((r = sigma_rule_new(L, doc, idn)) == NULL) {
		sigma_fail(&e, doc, SIGMA_R_NOMEM, "out of memory");
		goto skip;
	}
	if (corr_build(L, &c, r, &e) == -1) {
		rule_free(r);
		goto skip;
	}
	if (ruleset_add(L->rs, r, ynode_hash(doc, 0)) == -1 ||
	    sigma_id_add(L->s, r) == -1) {
		sigma_fail(&e, doc, SIGMA_R_NOMEM, "out of memory");
		goto skip;
	}
	corr_generate(doc, &c);
	L->s->loaded++;
	return;
skip:
	sigma_skip(L, &e, quiet);
}

/* Kept whole until every file of the statement is read. */
void
sigma_corr_keep(struct sigma_load *L, const struct ynode *doc)
{
	struct sigma_filter	*nc;
	struct sigma_err	 e;

	nc = reallocarray(L->corrs, L->ncorrs + 1, sizeof(*nc));
	if (nc != NULL)
		L->corrs = nc;
	if (nc == NULL || (nc[L->ncorrs].doc = ynode_merge(NULL,
	    doc)) == NULL || (nc[L->ncorrs].file = strdup(L->file)) ==
	    NULL) {
		if (nc != NULL)
			ynode_free(nc[L->ncorrs].doc);
		memset(&e, 0, sizeof(e));
		sigma_fail(&e, doc, SIGMA_R_NOMEM, "out of memory");
		sigma_skip(L, &e, 0);
		return;
	}
	L->ncorrs++;
}

void
sigma_corrs_load(struct sigma_load *L)
{
	size_t	 i;

	for (i = 0; i < L->ncorrs; i++) {
		L->file = L->corrs[i].file;
		sigma_corr(L, L->corrs[i].doc);
		ynode_free(L->corrs[i].doc);
		free(L->corrs[i].file);
	}
	free(L->corrs);
	L->corrs = NULL;
	L->ncorrs = 0;
	L->file = NULL;
}
