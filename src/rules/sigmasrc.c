/*
 * The Sigma logsource mapping (sigmasrc.h): reading the mapping file
 * with the configuration parser and a keyword table per block, finding
 * a rule's targets, resolving its fields, and telling whether a line
 * belongs to a target.  Owns the logsources, targets and field sets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/log.h"
#include "conf/conf.h"
#include "conf/keyword.h"
#include "event/logevent.h"
#include "rules/cond.h"
#include "rules/sigmasrc.h"

/* Bound on fieldset inclusion, against cycles. */
#define SIGMASRC_MAX_DEPTH	8

struct sfmap {
	char			*sigma;
	struct sigmasrc_field	 f;
	char			*native;	/* owned: f.native points here */
};

struct sfset {
	char		*name;
	struct sfmap	*maps;
	size_t		 nmaps;
	char		**incl;		/* fieldset names, resolved late */
	size_t		 nincl;
	int		 unmapped;	/* -1 not said, SRCF_NATIVE, SRCF_NONE */
};

struct sigma_target {
	char		*name;
	char		**formats;
	size_t		 nformats;
	int32_t		*eids;
	size_t		 neids;
	char		**channels;
	size_t		 nchannels;
	int		 source;	/* enum source_kind, or -1 */
	struct cond	*cond;
	char		*nat_name, *nat_value;
	struct sfset	 fields;
};

struct sigma_logsource {
	char			*product, *category, *service;
	struct sigma_target	**t;
	size_t			 nt;
};

struct sigma_sources {
	struct sigma_logsource	**ls;
	size_t			 nls;
	struct sfset		**sets;
	size_t			 nsets;
	struct cond_env		 env;		/* while loading */
};

static void
sfset_clear(struct sfset *s)
{
	size_t	 i;

	for (i = 0; i < s->nmaps; i++) {
		free(s->maps[i].sigma);
		free(s->maps[i].native);
	}
	for (i = 0; i < s->nincl; i++)
		free(s->incl[i]);
	free(s->maps);
	free(s->incl);
	free(s->name);
	memset(s, 0, sizeof(*s));
	s->unmapped = -1;
}

static void
sfset_free(struct sfset *s)
{
	if (s == NULL)
		return;
	sfset_clear(s);
	free(s);
}

static void
strv_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
target_free(struct sigma_target *t)
{
	if (t == NULL)
		return;
	free(t->name);
	strv_free(t->formats, t->nformats);
	strv_free(t->channels, t->nchannels);
	free(t->eids);
	cond_free(t->cond);
	free(t->nat_name);
	free(t->nat_value);
	sfset_clear(&t->fields);
	free(t);
}

static void
logsource_free(struct sigma_logsource *l)
{
	size_t	 i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nt; i++)
		target_free(l->t[i]);
	free(l->t);
	free(l->product);
	free(l->category);
	free(l->service);
	free(l);
}

struct sigma_sources *
sigmasrc_new(void)
{
	struct sigma_sources	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		log_warn("%s", __func__);
	return s;
}

void
sigmasrc_free(struct sigma_sources *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nls; i++)
		logsource_free(s->ls[i]);
	for (i = 0; i < s->nsets; i++)
		sfset_free(s->sets[i]);
	free(s->ls);
	free(s->sets);
	free(s);
}

size_t
sigmasrc_count(const struct sigma_sources *s)
{
	return s->nls;
}

/* Append p to the array *v of *n pointers. */
static int
ptr_push(void *vp, size_t *n, void *p)
{
	void	***v = vp, **nv;

	if ((nv = reallocarray(*v, *n + 1, sizeof(*nv))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	nv[(*n)++] = p;
	*v = nv;
	return 0;
}

/* Every argument of n as a string, appended to *v. */
static int
strv_add(char ***v, size_t *nv, const struct cnode *n)
{
	size_t	 i;
	char	*s;

	for (i = 0; i < n->nargs; i++)
		if ((s = strdup(n->args[i].text)) == NULL ||
		    ptr_push(v, nv, s) == -1) {
			free(s);
			log_warn("%s", __func__);
			return -1;
		}
	return 0;
}

/* Field lines, shared by fieldset and target blocks. */

static int
sfk_field_target(struct sfmap *m, const struct cnode *n,
    struct cerrors *errs)
{
	const char	*to = n->args[1].text;

	if (strcmp(to, "native") == 0) {
		if (n->nargs != 3) {
			cerrors_addtok(errs, &n->args[1], "field %s native: "
			    "needs the line's name of the field",
			    n->args[0].text);
			return -1;
		}
		if ((m->native = strdup(n->args[2].text)) == NULL)
			return -1;
		m->f.kind = SRCF_NATIVE;
		m->f.native = m->native;
		return 0;
	}
	if (n->nargs != 2) {
		cerrors_addtok(errs, &n->args[2], "field %s: one equivalent, "
		    "'native NAME' or 'none'", n->args[0].text);
		return -1;
	}
	if (strcmp(to, "none") == 0)
		m->f.kind = SRCF_NONE;
	else if (strcmp(to, "url.extension") == 0)
		m->f.kind = SRCF_URLEXT;
	else if ((m->f.fd = field_lookup(to)) != NULL)
		m->f.kind = SRCF_FIELD;
	else {
		cerrors_addtok(errs, &n->args[1], "unknown field '%s'", to);
		return -1;
	}
	return 0;
}

static int
sfk_field(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct sfset	*s = obj;
	struct sfmap	*nm, m;

	(void)arg;
	memset(&m, 0, sizeof(m));
	if (sfk_field_target(&m, n, errs) == -1 ||
	    (m.sigma = strdup(n->args[0].text)) == NULL) {
		free(m.native);
		return -1;
	}
	if ((nm = reallocarray(s->maps, s->nmaps + 1, sizeof(*nm))) == NULL) {
		log_warn("%s", __func__);
		free(m.native);
		free(m.sigma);
		return -1;
	}
	s->maps = nm;
	nm[s->nmaps++] = m;
	return 0;
}

static int
sfk_unmapped(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct sfset	*s = obj;

	(void)arg;
	if (strcmp(n->args[0].text, "native") == 0)
		s->unmapped = SRCF_NATIVE;
	else if (strcmp(n->args[0].text, "none") == 0)
		s->unmapped = SRCF_NONE;
	else {
		cerrors_addtok(errs, &n->args[0], "unmapped: native or none, "
		    "not '%s'", n->args[0].text);
		return -1;
	}
	return 0;
}

static int
sfk_include(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct sfset	*s = obj;

	(void)arg;
	(void)errs;
	return strv_add(&s->incl, &s->nincl, n);
}

static const struct keyword sfset_kws[] = {
	{ "field",	2, 3, 0, sfk_field, 0 },
	{ "fieldset",	1, SIZE_MAX, 0, sfk_include, 0 },
	{ "unmapped",	1, 1, KW_ONCE, sfk_unmapped, 0 },
};

/* Target blocks. */

static int
stk_format(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct sigma_target	*t = obj;

	(void)arg;
	(void)errs;
	return strv_add(&t->formats, &t->nformats, n);
}

static int
stk_channel(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct sigma_target	*t = obj;

	(void)arg;
	(void)errs;
	return strv_add(&t->channels, &t->nchannels, n);
}

static int
stk_eid(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct sigma_target	*t = obj;
	int32_t			*ne;
	size_t			 i;

	(void)arg;
	if ((ne = reallocarray(t->eids, t->neids + n->nargs,
	    sizeof(*ne))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	t->eids = ne;
	for (i = 0; i < n->nargs; i++) {
		if (n->args[i].type != CT_NUMBER || n->args[i].unit !=
		    CU_NONE || n->args[i].num < 0 || n->args[i].num > 65535 ||
		    n->args[i].num != (int32_t)n->args[i].num) {
			cerrors_addtok(errs, &n->args[i], "event-id: '%s' is "
			    "not an event id (0-65535)", n->args[i].text);
			return -1;
		}
		ne[t->neids++] = (int32_t)n->args[i].num;
	}
	return 0;
}

static int
stk_source(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct sigma_target	*t = obj;

	(void)arg;
	t->source = source_kind_from_name(n->args[0].text);
	if (t->source <= SRC_UNKNOWN) {
		cerrors_addtok(errs, &n->args[0], "unknown source '%s'",
		    n->args[0].text);
		return -1;
	}
	return 0;
}

static int
stk_condition(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct sigma_target	*t = obj;
	const struct cond_env	*env = arg;

	t->cond = cond_parse_env(n->args, n->nargs, env, errs);
	return t->cond == NULL ? -1 : 0;
}

static int
stk_native_is(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct sigma_target	*t = obj;

	(void)arg;
	(void)errs;
	if ((t->nat_name = strdup(n->args[0].text)) == NULL ||
	    (t->nat_value = strdup(n->args[1].text)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

static const struct keyword target_kws[] = {
	{ "channel",	1, SIZE_MAX, 0, stk_channel, 0 },
	{ "condition",	1, SIZE_MAX, KW_ONCE, stk_condition, 0 },
	{ "event-id",	1, SIZE_MAX, 0, stk_eid, 0 },
	{ "format",	1, SIZE_MAX, 0, stk_format, 0 },
	{ "native-is",	2, 2, KW_ONCE, stk_native_is, 0 },
	{ "source",	1, 1, KW_ONCE, stk_source, 0 },
};

/* The statements of a block: table t, else the field lines. */
static int
sigmasrc_block(const struct keyword *t, size_t nt, void *obj,
    struct sfset *fields, const struct cnode *n, void *arg,
    struct cerrors *errs)
{
	const struct cnode	*c;
	unsigned char		 seen[16], fseen[4];
	int			 rc = 0, r;

	memset(seen, 0, sizeof(seen));
	memset(fseen, 0, sizeof(fseen));
	for (c = n->children; c != NULL; c = c->next) {
		r = keyword_run(t, nt, c, obj, arg, seen, errs);
		if (r == KW_UNKNOWN && fields != NULL)
			r = keyword_run(sfset_kws, KW_NROWS(sfset_kws), c,
			    fields, NULL, fseen, errs);
		if (r == KW_UNKNOWN)
			cerrors_addtok(errs, &c->key, "unknown statement '%s' "
			    "in %s", c->key.text, n->key.text);
		if (r != 0)
			rc = -1;
	}
	return rc;
}

static int
slk_target(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct sigma_logsource	*l = obj;
	struct sigma_sources	*s = arg;
	struct sigma_target	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	t->source = -1;
	t->fields.unmapped = -1;
	t->name = strdup(n->nargs > 0 ? n->args[0].text : "target");
	if (t->name == NULL || sigmasrc_block(target_kws,
	    KW_NROWS(target_kws), t, &t->fields, n, &s->env,
	    errs) == -1 || ptr_push(&l->t, &l->nt, t) == -1) {
		target_free(t);
		return -1;
	}
	if (t->nformats == 0) {
		cerrors_addtok(errs, &n->key, "target %s: no format", t->name);
		return -1;
	}
	return 0;
}

static const struct keyword logsource_kws[] = {
	{ "category",	1, 1, KW_ONCE, NULL,
	    offsetof(struct sigma_logsource, category) },
	{ "product",	1, 1, KW_ONCE, NULL,
	    offsetof(struct sigma_logsource, product) },
	{ "service",	1, 1, KW_ONCE, NULL,
	    offsetof(struct sigma_logsource, service) },
	{ "target",	0, 1, KW_BLOCK, slk_target, 0 },
};

static int
sigmasrc_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Replace the block of the same product, category and service. */
static int
sigmasrc_put_logsource(struct sigma_sources *s, struct sigma_logsource *l)
{
	size_t	 i;

	for (i = 0; i < s->nls; i++)
		if (sigmasrc_streq(s->ls[i]->product, l->product) &&
		    sigmasrc_streq(s->ls[i]->category, l->category) &&
		    sigmasrc_streq(s->ls[i]->service, l->service)) {
			logsource_free(s->ls[i]);
			s->ls[i] = l;
			return 0;
		}
	return ptr_push(&s->ls, &s->nls, l);
}

static int
sigmasrc_logsource(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct sigma_sources	*s = obj;
	struct sigma_logsource	*l;

	(void)arg;
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	if (sigmasrc_block(logsource_kws, KW_NROWS(logsource_kws), l, NULL,
	    n, s, errs) == -1)
		goto fail;
	if (l->product == NULL && l->category == NULL && l->service == NULL) {
		cerrors_addtok(errs, &n->key, "logsource: needs a product, "
		    "category or service");
		goto fail;
	}
	if (l->nt == 0) {
		cerrors_addtok(errs, &n->key, "logsource: no target");
		goto fail;
	}
	if (sigmasrc_put_logsource(s, l) == 0)
		return 0;
fail:
	logsource_free(l);
	return -1;
}

static struct sfset *
sigmasrc_set(const struct sigma_sources *s, const char *name)
{
	size_t	 i;

	for (i = 0; i < s->nsets; i++)
		if (strcmp(s->sets[i]->name, name) == 0)
			return s->sets[i];
	return NULL;
}

static int
sigmasrc_fieldset(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct sigma_sources	*s = obj;
	struct sfset		*f, *old;
	size_t			 i;

	(void)arg;
	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->name = strdup(n->args[0].text)) == NULL) {
		log_warn("%s", __func__);
		free(f);
		return -1;
	}
	f->unmapped = -1;
	if (sigmasrc_block(sfset_kws, KW_NROWS(sfset_kws), f, NULL, n, NULL,
	    errs) == -1) {
		sfset_free(f);
		return -1;
	}
	if ((old = sigmasrc_set(s, f->name)) == NULL)
		return ptr_push(&s->sets, &s->nsets, f) == -1 ?
		    (sfset_free(f), -1) : 0;
	for (i = 0; s->sets[i] != old; i++)
		;
	s->sets[i] = f;
	sfset_free(old);
	return 0;
}

static const struct keyword sigmasrc_kws[] = {
	{ "fieldset",	1, 1, KW_BLOCK, sigmasrc_fieldset, 0 },
	{ "logsource",	0, 0, KW_BLOCK, sigmasrc_logsource, 0 },
};

int
sigmasrc_load(struct sigma_sources *s, const char *path,
    const struct cond_env *env, struct cerrors *errs)
{
	struct cnode	*root, *n;
	size_t		 nerr = errs->n;
	int		 r;

	if ((root = conf_parse_file(path, errs)) == NULL)
		return errs->n == nerr ? 0 : -1;
	s->env = *env;
	for (n = root; n != NULL; n = n->next) {
		r = keyword_run(sigmasrc_kws, KW_NROWS(sigmasrc_kws), n, s,
		    NULL, NULL, errs);
		if (r == KW_UNKNOWN)
			cerrors_addtok(errs, &n->key, "unknown statement '%s' "
			    "(fieldset, logsource)", n->key.text);
	}
	conf_free(root);
	return errs->n == nerr ? 0 : -1;
}

size_t
sigmasrc_find(const struct sigma_sources *s, const char *product,
    const char *category, const char *service,
    struct sigma_target *const **t)
{
	size_t	 i;

	for (i = 0; i < s->nls; i++)
		if (sigmasrc_streq(s->ls[i]->product, product) &&
		    sigmasrc_streq(s->ls[i]->category, category) &&
		    sigmasrc_streq(s->ls[i]->service, service)) {
			*t = s->ls[i]->t;
			return s->ls[i]->nt;
		}
	*t = NULL;
	return 0;
}

/* name in set f and what it includes: 1 found, else 0; *um the default. */
static int
sigmasrc_lookup(const struct sigma_sources *s, const struct sfset *f,
    const char *name, struct sigmasrc_field *out, int *um, int depth)
{
	const struct sfset	*inc;
	size_t			 i;

	for (i = 0; i < f->nmaps; i++)
		if (strcasecmp(f->maps[i].sigma, name) == 0) {
			*out = f->maps[i].f;
			return 1;
		}
	if (*um == -1)
		*um = f->unmapped;
	if (depth == SIGMASRC_MAX_DEPTH)
		return 0;
	for (i = 0; i < f->nincl; i++)
		if ((inc = sigmasrc_set(s, f->incl[i])) != NULL &&
		    sigmasrc_lookup(s, inc, name, out, um, depth + 1))
			return 1;
	return 0;
}

void
sigmasrc_field(const struct sigma_sources *s, const struct sigma_target *t,
    const char *name, struct sigmasrc_field *out)
{
	int	 um = -1;

	memset(out, 0, sizeof(*out));
	if (sigmasrc_lookup(s, &t->fields, name, out, &um, 0))
		return;
	out->kind = um == SRCF_NATIVE ? SRCF_NATIVE : SRCF_NONE;
	out->native = out->kind == SRCF_NATIVE ? name : NULL;
}

static int
sigmasrc_native_is(const struct sigma_target *t, const struct logevent *ev)
{
	char		 buf[256];
	struct slice	 v;

	v = logevent_native(ev, t->nat_name, strlen(t->nat_name), buf,
	    sizeof(buf));
	return v.p != NULL && slice_eq(v, t->nat_value);
}

int
sigmasrc_match(const void *arg, const struct logevent *ev)
{
	const struct sigma_target	*t = arg;
	size_t				 i;

	if (ev->format == NULL)
		return 0;
	for (i = 0; i < t->nformats; i++)
		if (strcmp(ev->format, t->formats[i]) == 0)
			break;
	if (i == t->nformats)
		return 0;
	for (i = 0; i < t->neids; i++)
		if (ev->win_event_id == t->eids[i])
			break;
	if (t->neids > 0 && i == t->neids)
		return 0;
	for (i = 0; i < t->nchannels; i++)
		if (slice_caseeq(ev->win_channel, t->channels[i]))
			break;
	if (t->nchannels > 0 && i == t->nchannels)
		return 0;
	if (t->source != -1 && (int)ev->source != t->source)
		return 0;
	if (t->nat_name != NULL && !sigmasrc_native_is(t, ev))
		return 0;
	return t->cond == NULL || cond_eval(t->cond, ev, NULL);
}

const char *
sigmasrc_target_name(const struct sigma_target *t)
{
	return t->name;
}

/* Each channel of the target (NULL: any) for one format and eid. */
static void
sigmasrc_where_chan(const struct sigma_target *t, const char *format,
    int32_t eid, void (*fn)(void *, const char *, int32_t, const char *),
    void *arg)
{
	size_t	 k;

	if (t->nchannels == 0)
		fn(arg, format, eid, NULL);
	for (k = 0; k < t->nchannels; k++)
		fn(arg, format, eid, t->channels[k]);
}

void
sigmasrc_where(const struct sigma_target *t, const int64_t *eids,
    size_t neids, void (*fn)(void *, const char *, int32_t, const char *),
    void *arg)
{
	size_t	 i, j;

	for (i = 0; i < t->nformats; i++) {
		if (t->neids > 0)
			for (j = 0; j < t->neids; j++)
				sigmasrc_where_chan(t, t->formats[i],
				    t->eids[j], fn, arg);
		else if (neids > 0)
			for (j = 0; j < neids; j++)
				sigmasrc_where_chan(t, t->formats[i],
				    (int32_t)eids[j], fn, arg);
		else
			sigmasrc_where_chan(t, t->formats[i], -1, fn, arg);
	}
}

size_t
sigmasrc_formats(const struct sigma_target *t)
{
	return t->nformats;
}

const char *
sigmasrc_format(const struct sigma_target *t, size_t i)
{
	return t->formats[i];
}

size_t
sigmasrc_neids(const struct sigma_target *t)
{
	return t->neids;
}

int
sigmasrc_covers(const void *arg, const char *format, int32_t eid,
    const char *channel)
{
	const struct sigma_target	*t = arg;
	size_t				 i;

	for (i = 0; i < t->nformats; i++)
		if (strcmp(t->formats[i], format) == 0)
			break;
	if (i == t->nformats)
		return 0;
	for (i = 0; i < t->neids && eid != -1; i++)
		if (t->eids[i] == eid)
			break;
	if (t->neids > 0 && (eid == -1 || i == t->neids))
		return 0;
	for (i = 0; i < t->nchannels && channel != NULL; i++)
		if (strcasecmp(t->channels[i], channel) == 0)
			break;
	return t->nchannels == 0 || (channel != NULL && i < t->nchannels);
}
