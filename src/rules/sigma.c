/*
 * The Sigma statement (sigma.h): its options, the logsource mapping
 * files, the rule files a PATH names (a file, a folder walked
 * recursively, a glob: sorted, so loads are reproducible, and in
 * n log n, so a folder of 100,000 files is no worse than its reading),
 * the YAML documents of each file (Sigma's action: global, reset and
 * repeat), and the counts of what was loaded and skipped, by reason.
 * Owns the rule set's Sigma state: the field registry, the mappings,
 * the counts, the id table and the filters until they apply.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/hash.h"
#include "util/log.h"
#include "conf/conf.h"
#include "conf/keyword.h"
#include "rules/cond.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "rules/sfield.h"
#include "rules/sigma.h"
#include "rules/sigmaint.h"
#include "rules/sigmasrc.h"
#include "rules/ynode.h"

#define SIGMA_MAX_WALK		32	/* folder depth */
#define SIGMA_LOGSOURCES	"sigma-logsources.conf"

static const char *const status_ranks[] = {
	"experimental", "test", "stable"
};
static const char *const level_ranks[] = {
	"informational", "low", "medium", "high", "critical"
};

int
sigma_status_rank(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return 1;	/* no status: as test */
	if (strcmp(s, "deprecated") == 0)
		return SIGMA_STATUS_DEPRECATED;
	if (strcmp(s, "unsupported") == 0)
		return SIGMA_STATUS_UNSUPPORTED;
	for (i = 0; i < sizeof(status_ranks) / sizeof(status_ranks[0]); i++)
		if (strcmp(s, status_ranks[i]) == 0)
			return (int)i;
	return -1;
}

int
sigma_level_rank(const char *s)
{
	size_t	 i;

	for (i = 0; s != NULL && i < sizeof(level_ranks) /
	    sizeof(level_ranks[0]); i++)
		if (strcmp(s, level_ranks[i]) == 0)
			return (int)i;
	return -1;
}

int
sigma_vfail(struct sigma_err *e, const struct ynode *n, const char *reason,
    const char *fmt, va_list ap)
{
	e->line = n != NULL ? n->line : 1;
	e->col = n != NULL ? n->col : 1;
	e->reason = reason;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return -1;
}

int
sigma_fail(struct sigma_err *e, const struct ynode *n, const char *reason,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	sigma_vfail(e, n, reason, fmt, ap);
	va_end(ap);
	return -1;
}

/* The state. */

static struct sigma *
sigma_new(struct ruleset *rs)
{
	struct sigma	*s;
	size_t		 i;

	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->sf = sfields_new()) == NULL) {
		log_warn("%s", __func__);
		free(s);
		return NULL;
	}
	/* The ids of the rules already read, for duplicates. */
	for (i = 0; i < rs->nrules; i++)
		if (sigma_id_add(s, rs->rules[i]) == -1) {
			sigma_free(s);
			return NULL;
		}
	return s;
}

void
sigma_rinfo_clear(struct sigma_rinfo *ri)
{
	free(ri->product);
	free(ri->category);
	free(ri->service);
	free(ri->g);
	memset(ri, 0, sizeof(*ri));
}

void
sigma_free(struct sigma *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nsrcs; i++)
		sigmasrc_free(s->srcs[i]);
	for (i = 0; i < s->ncounts; i++)
		free(s->counts[i].reason);
	for (i = 0; i < s->nkept; i++)
		free(s->kept[i]);
	for (i = 0; i < s->nri; i++)
		sigma_rinfo_clear(&s->ri[i]);
	for (i = 0; i < s->nfilters; i++) {
		free(s->filters[i].file);
		ynode_free(s->filters[i].doc);
	}
	for (i = 0; i < s->ntsets; i++) {
		free(s->tsets[i]->t);
		free(s->tsets[i]);
	}
	free(s->tsets);
	free(s->srcs);
	free(s->counts);
	free(s->ri);
	free(s->filters);
	free(s->ids);
	sfields_free(s->sf);
	free(s);
}

const struct sigma_tset *
sigma_tset(struct sigma *s, const struct sigma_target *const *t, size_t n)
{
	struct sigma_tset	**nv, *ts;
	size_t			  i;

	for (i = 0; i < s->ntsets; i++)
		if (s->tsets[i]->n == n && memcmp(s->tsets[i]->t, t,
		    n * sizeof(*t)) == 0)
			return s->tsets[i];
	if ((nv = reallocarray(s->tsets, s->ntsets + 1, sizeof(*nv))) ==
	    NULL)
		return NULL;
	s->tsets = nv;
	if ((ts = calloc(1, sizeof(*ts))) == NULL ||
	    (ts->t = calloc(n, sizeof(*ts->t))) == NULL) {
		free(ts);
		return NULL;
	}
	memcpy(ts->t, t, n * sizeof(*t));
	ts->n = n;
	nv[s->ntsets++] = ts;
	return ts;
}

int
sigma_scope_covers(const void *scope, const char *format, int32_t eid,
    const char *channel)
{
	const struct sigma_tset	*ts = scope;
	size_t			 i;

	for (i = 0; i < ts->n; i++)
		if (sigmasrc_covers(ts->t[i], format, eid, channel))
			return 1;
	return 0;
}

void
sigma_count(struct sigma *s, const char *reason)
{
	struct sigma_count	*nc;
	size_t			 i;

	s->skipped++;
	for (i = 0; i < s->ncounts; i++)
		if (strcmp(s->counts[i].reason, reason) == 0) {
			s->counts[i].n++;
			return;
		}
	nc = reallocarray(s->counts, s->ncounts + 1, sizeof(*nc));
	if (nc == NULL)
		return;
	s->counts = nc;
	if ((nc[s->ncounts].reason = strdup(reason)) == NULL)
		return;
	nc[s->ncounts++].n = 1;
}

/* The id table: open addressing, every rule of the set by its id. */
static size_t
sigma_id_slot(const struct sigma *s, const char *id)
{
	size_t	 j = hash64(id, strlen(id), 0) & (s->idcap - 1);

	while (s->ids[j] != NULL && strcmp(s->ids[j]->id, id) != 0)
		j = (j + 1) & (s->idcap - 1);
	return j;
}

const struct rule *
sigma_id_find(const struct sigma *s, const char *id)
{
	if (s->idcap == 0)
		return NULL;
	return s->ids[sigma_id_slot(s, id)];
}

int
sigma_id_add(struct sigma *s, const struct rule *r)
{
	const struct rule	**old = s->ids;
	size_t			 i, ocap = s->idcap;

	if ((s->nids + 1) * 2 > s->idcap) {
		s->idcap = ocap ? ocap * 2 : 1024;
		if ((s->ids = calloc(s->idcap, sizeof(*s->ids))) == NULL) {
			log_warn("%s", __func__);
			s->ids = old;
			s->idcap = ocap;
			return -1;
		}
		for (i = 0; i < ocap; i++)
			if (old[i] != NULL)
				s->ids[sigma_id_slot(s, old[i]->id)] = old[i];
		free(old);
	}
	s->ids[sigma_id_slot(s, r->id)] = r;
	s->nids++;
	return 0;
}

void
sigma_skip(struct sigma_load *L, const struct sigma_err *e, int quiet)
{
	if (L->s->nkept < SIGMA_KEPT && asprintf(&L->s->kept[L->s->nkept],
	    "%s:%d:%d: %s", L->file, e->line, e->col, e->msg) != -1)
		L->s->nkept++;
	if (quiet)
		log_debug("%s:%d:%d: %s", L->file, e->line, e->col, e->msg);
	else
		log_warnx("%s:%d:%d: %s (rule skipped)", L->file, e->line,
		    e->col, e->msg);
	sigma_count(L->s, e->reason != NULL ? e->reason : e->msg);
}

void
sigma_unmapped(struct sigma_load *L, const struct ynode *doc,
    const char *what)
{
	struct sigma_unmapped	*nu;
	struct sigma_err	 e;
	size_t			 i;

	sigma_fail(&e, doc, "logsource without mapping", "logsource %s: no "
	    "mapping", what);
	sigma_skip(L, &e, 1);
	for (i = 0; i < L->num; i++)
		if (strcmp(L->um[i].what, what) == 0) {
			L->um[i].n++;
			return;
		}
	if ((nu = reallocarray(L->um, L->num + 1, sizeof(*nu))) == NULL)
		return;
	L->um = nu;
	nu[L->num].n = 1;
	nu[L->num].what = strdup(what);
	if (asprintf(&nu[L->num].first, "%s:%d:%d", L->file, e.line,
	    e.col) == -1)
		nu[L->num].first = NULL;
	if (nu[L->num].what == NULL || nu[L->num].first == NULL) {
		free(nu[L->num].what);
		free(nu[L->num].first);
		return;
	}
	L->num++;
}

/* Documents of a file. */

/* Read a whole file of at most SIGMA_FILE_MAX bytes; why on failure. */
static char *
sigma_read(const char *path, size_t *len, const char **why)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		*why = strerror(errno);
		goto fail;
	}
	if (st.st_size > SIGMA_FILE_MAX) {
		*why = "larger than 1 MB";
		goto fail;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		*why = "out of memory";
		goto fail;
	}
	while (off < (size_t)st.st_size && (n = read(fd, buf + off,
	    (size_t)st.st_size - off)) > 0)
		off += (size_t)n;
	close(fd);
	buf[off] = '\0';
	*len = off;
	return buf;
fail:
	if (fd != -1)
		close(fd);
	free(buf);
	return NULL;
}

/*
 * action: global is merged into the documents after it, reset drops
 * it, repeat is the previous document with this one merged in.
 */
static void
sigma_docs(struct sigma_load *L, struct ynode **docs, size_t n)
{
	const struct ynode	*global = NULL, *prev = NULL;
	const char		*action;
	struct ynode		*merged = NULL, *keep = NULL;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (docs[i] == NULL)
			continue;
		action = ynode_str(ynode_get(docs[i], "action"));
		if (action != NULL && strcmp(action, "global") == 0) {
			global = docs[i];
			continue;
		}
		if (action != NULL && strcmp(action, "reset") == 0) {
			global = NULL;
			continue;
		}
		merged = NULL;
		if (action != NULL && strcmp(action, "repeat") == 0 &&
		    prev != NULL)
			merged = ynode_merge(prev, docs[i]);
		else if (global != NULL)
			merged = ynode_merge(global, docs[i]);
		sigma_doc(L, merged != NULL ? merged : docs[i]);
		ynode_free(keep);
		keep = merged;
		prev = merged != NULL ? merged : docs[i];
	}
	ynode_free(keep);
}

static void
sigma_file(struct sigma_load *L, const char *path)
{
	struct ynode		**docs;
	struct ynode_err	 ye;
	struct sigma_err	 e;
	const char		*why = NULL;
	char			*buf;
	size_t			 len, n;

	L->file = path;
	L->s->files++;
	memset(&e, 0, sizeof(e));
	if ((buf = sigma_read(path, &len, &why)) == NULL) {
		sigma_fail(&e, NULL, strcmp(why, "larger than 1 MB") == 0 ?
		    "file larger than 1 MB" :
		    "file not readable", "not read: %s", why);
		sigma_skip(L, &e, 0);
		return;
	}
	if (ynode_parse(buf, len, &docs, &n, &ye) == -1) {
		e.line = ye.line;
		e.col = ye.col;
		e.reason = strncmp(ye.msg, "not YAML", 8) == 0 ||
		    strncmp(ye.msg, "a tab", 5) == 0 ? "not YAML" :
		    "YAML Sigma does not use";
		snprintf(e.msg, sizeof(e.msg), "%s", ye.msg);
		sigma_skip(L, &e, 0);
	} else {
		sigma_docs(L, docs, n);
		ynode_free_docs(docs, n);
	}
	free(buf);
}

/* Files of a PATH. */

struct sigma_paths {
	char		**v;
	size_t		 n, cap;
};

static int
sigma_path_add(struct sigma_paths *p, const char *path)
{
	char	**nv, *s;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		if ((nv = reallocarray(p->v, p->cap, sizeof(*nv))) == NULL)
			return -1;
		p->v = nv;
	}
	if ((s = strdup(path)) == NULL)
		return -1;
	p->v[p->n++] = s;
	return 0;
}

static int
sigma_is_yaml(const char *name)
{
	size_t	 n = strlen(name);

	return (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
	    (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

/* Every *.yml and *.yaml under dir; hidden entries are left out. */
static int
sigma_walk(struct sigma_paths *p, const char *dir, int depth)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		*path;
	int		 rc = 0;

	if (depth > SIGMA_MAX_WALK || (d = opendir(dir)) == NULL)
		return depth > SIGMA_MAX_WALK ? 0 : -1;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, de->d_name) == -1) {
			rc = -1;
			break;
		}
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			rc = sigma_walk(p, path, depth + 1) == -1 &&
			    errno == ENOMEM ? -1 : 0;
		else if (sigma_is_yaml(de->d_name) && S_ISREG(st.st_mode))
			rc = sigma_path_add(p, path);
		free(path);
	}
	closedir(d);
	return rc;
}

static int
sigma_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One path: a folder's files, or the file. */
static int
sigma_expand_one(struct sigma_paths *p, const char *path)
{
	struct stat	 st;

	if (stat(path, &st) == -1)
		return -1;
	if (S_ISDIR(st.st_mode))
		return sigma_walk(p, path, 0) == -1 && errno == ENOMEM ? -1 :
		    0;
	return sigma_path_add(p, path);
}

static int
sigma_expand(struct sigma_paths *p, const char *path, const struct ctok *t,
    struct cerrors *errs)
{
	glob_t	 g;
	size_t	 i;
	int	 rc = 0;

	if (strpbrk(path, "*?[") == NULL) {
		if (sigma_expand_one(p, path) == -1) {
			cerrors_addtok(errs, t, "sigma: %s: %s", path,
			    strerror(errno));
			return -1;
		}
	} else {
		memset(&g, 0, sizeof(g));
		if (glob(path, 0, NULL, &g) == 0)
			for (i = 0; i < g.gl_pathc && rc == 0; i++)
				if (sigma_expand_one(p, g.gl_pathv[i]) == -1 &&
				    errno == ENOMEM)
					rc = -1;
		globfree(&g);
		if (p->n == 0)
			log_warnx("%s:%d:%d: sigma: no file matches %s",
			    t->file, t->line, t->col, path);
	}
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), sigma_strcmp);
	return rc;
}

/* Options. */

static int
so_rank(const struct ctok *t, const char *const *names, size_t n, int *v,
    struct cerrors *errs)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(t->text, names[i]) == 0) {
			*v = (int)i;
			return 0;
		}
	cerrors_addtok(errs, t, "unknown value '%s' (%s ... %s)", t->text,
	    names[0], names[n - 1]);
	return -1;
}

static int
so_status(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct sigma_opts	*o = obj;

	(void)arg;
	return so_rank(&n->args[0], status_ranks, sizeof(status_ranks) /
	    sizeof(status_ranks[0]), &o->status, errs);
}

static int
so_level(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct sigma_opts	*o = obj;

	(void)arg;
	return so_rank(&n->args[0], level_ranks, sizeof(level_ranks) /
	    sizeof(level_ranks[0]), &o->level, errs);
}

static int
so_deprecated(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct sigma_opts	*o = obj;

	(void)arg;
	return conf_bool(&n->args[0], &o->deprecated, errs);
}

static int
so_unsupported(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct sigma_opts	*o = obj;

	(void)arg;
	return conf_bool(&n->args[0], &o->unsupported, errs);
}

static int
so_stage(const struct ctok *t, struct cerrors *errs)
{
	int	 s;

	if ((s = stage_from_name(t->text)) == -1)
		cerrors_addtok(errs, t, "unknown attack stage '%s' (1-6 or "
		    "recon, intrusion, foothold, lateral, c2, objective)",
		    t->text);
	return s;
}

static int
so_notify(void *obj, void *arg, const struct cnode *n, struct cerrors *errs)
{
	struct sigma_opts	*o = obj;
	int			 s;

	(void)arg;
	if ((s = so_stage(&n->args[0], errs)) == -1)
		return -1;
	free(o->notify[s]);
	if ((o->notify[s] = strdup(n->args[1].text)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

/* countermeasure STAGE TARGET ACTION: the first given drops the defaults. */
static int
so_countermeasure(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct sigma_opts	*o = obj;
	struct countermeasure	*cm;
	int			 s, t;

	(void)arg;
	if ((s = so_stage(&n->args[0], errs)) == -1)
		return -1;
	if ((t = cm_target_from_name(n->args[1].text)) == -1 ||
	    !cm_action_valid(t, n->args[2].text)) {
		cerrors_addtok(errs, &n->args[2], "'%s %s' is not a "
		    "countermeasure", n->args[1].text, n->args[2].text);
		return -1;
	}
	o->cmset[s] = 1;
	cm = reallocarray(o->cms[s], o->ncms[s] + 1, sizeof(*cm));
	if (cm == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	o->cms[s] = cm;
	cm[o->ncms[s]].target = t;
	if ((cm[o->ncms[s]].action = strdup(n->args[2].text)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	o->ncms[s]++;
	return 0;
}

/* logsources "FILE"...: mapping files read after the default one. */
static int
so_logsources(void *obj, void *arg, const struct cnode *n,
    struct cerrors *errs)
{
	struct sigma_opts	*o = obj;
	char			**nv, *path;
	size_t			 i;

	(void)arg;
	(void)errs;
	for (i = 0; i < n->nargs; i++) {
		nv = reallocarray(o->logsources, o->nlogsources + 1,
		    sizeof(*nv));
		if (nv == NULL || (path = conf_path(&n->args[i])) == NULL) {
			log_warn("%s", __func__);
			if (nv != NULL)
				o->logsources = nv;
			return -1;
		}
		o->logsources = nv;
		nv[o->nlogsources++] = path;
	}
	return 0;
}

static const struct keyword sigma_kws[] = {
	{ "countermeasure",	3, 3, 0, so_countermeasure, 0 },
	{ "deprecated",		1, 1, KW_ONCE, so_deprecated, 0 },
	{ "level",		1, 1, KW_ONCE, so_level, 0 },
	{ "license",		1, 1, KW_ONCE, NULL,
	    offsetof(struct sigma_opts, license) },
	{ "logsources",		1, SIZE_MAX, 0, so_logsources, 0 },
	{ "notify",		2, 2, 0, so_notify, 0 },
	{ "status",		1, 1, KW_ONCE, so_status, 0 },
	{ "unsupported",	1, 1, KW_ONCE, so_unsupported, 0 },
};

static void
sigma_opts_clear(struct sigma_opts *o)
{
	size_t	 i, j;

	for (i = 0; i < SIGMA_STAGES; i++) {
		free(o->notify[i]);
		for (j = 0; j < o->ncms[i]; j++)
			free(o->cms[i][j].action);
		free(o->cms[i]);
	}
	for (i = 0; i < o->nlogsources; i++)
		free(o->logsources[i]);
	free(o->logsources);
	free(o->license);
}

/*
 * The shipped mapping: sigma-logsources.conf beside the file that
 * names the statement, or in its rules.d/, or in the rules.d/ beside
 * its folder (a file of local.d/), or the installed one.
 */
static char *
sigma_default_sources(const struct cnode *n)
{
	char		*copy, *dir, *p = NULL;
	const char	*sub[] = { "", "rules.d/", "../rules.d/" };
	size_t		 i;

	if ((copy = strdup(n->key.file != NULL ? n->key.file : ".")) == NULL)
		return NULL;
	dir = dirname(copy);
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		if (asprintf(&p, "%s/%s%s", dir, sub[i], SIGMA_LOGSOURCES) ==
		    -1) {
			p = NULL;
			break;
		}
		if (access(p, R_OK) == 0)
			break;
		free(p);
		p = NULL;
	}
	free(copy);
	if (p == NULL && access(SYSCONFDIR "/detectd/rules.d/"
	    SIGMA_LOGSOURCES, R_OK) == 0)
		p = strdup(SYSCONFDIR "/detectd/rules.d/" SIGMA_LOGSOURCES);
	return p;
}

/* The statement's mapping: the shipped file, then the options'. */
static int
sigma_sources_load(struct sigma_sources *src, const struct sigma_opts *o,
    const struct cnode *n, const struct cond_env *env, struct cerrors *errs)
{
	char	*def;
	size_t	 i;
	int	 rc = 0;

	if ((def = sigma_default_sources(n)) == NULL && o->nlogsources == 0) {
		cerrors_addtok(errs, &n->key, "sigma: no %s beside this file, "
		    "in its rules.d/, ../rules.d/ or %s/detectd/rules.d/, "
		    "and no "
		    "logsources option", SIGMA_LOGSOURCES, SYSCONFDIR);
		return -1;
	}
	if (def != NULL && sigmasrc_load(src, def, env, errs) == -1)
		rc = -1;
	free(def);
	for (i = 0; i < o->nlogsources; i++)
		if (sigmasrc_load(src, o->logsources[i], env, errs) == -1)
			rc = -1;
	return rc;
}

static int
sigma_opts_read(struct sigma_opts *o, const struct cnode *n,
    struct cerrors *errs)
{
	const struct cnode	*c;
	unsigned char		 seen[KW_NROWS(sigma_kws)];
	int			 rc = 0, r;

	memset(o, 0, sizeof(*o));
	o->status = 1;		/* test */
	o->level = 1;		/* low */
	memset(seen, 0, sizeof(seen));
	for (c = n->children; c != NULL; c = c->next) {
		r = keyword_run(sigma_kws, KW_NROWS(sigma_kws), c, o, NULL,
		    seen, errs);
		if (r == KW_UNKNOWN)
			cerrors_addtok(errs, &c->key, "unknown sigma option "
			    "'%s'", c->key.text);
		if (r != 0)
			rc = -1;
	}
	return rc;
}

/* One warning per logsource no mapping has, with a count. */
static void
sigma_unmapped_report(struct sigma_load *L)
{
	size_t	 i;

	for (i = 0; i < L->num; i++) {
		log_warnx("%s: sigma: %zu rule%s of logsource %s skipped: no "
		    "mapping", L->um[i].first, L->um[i].n, L->um[i].n == 1 ?
		    "" : "s", L->um[i].what);
		free(L->um[i].what);
		free(L->um[i].first);
	}
	free(L->um);
	L->um = NULL;
	L->num = 0;
}

static int
sigma_push_sources(struct sigma *s, struct sigma_sources *src)
{
	struct sigma_sources	**nv;

	if ((nv = reallocarray(s->srcs, s->nsrcs + 1, sizeof(*nv))) == NULL) {
		log_warn("%s", __func__);
		sigmasrc_free(src);
		return -1;
	}
	s->srcs = nv;
	nv[s->nsrcs++] = src;
	return 0;
}

static void
sigma_load_files(struct sigma_load *L, const struct sigma_paths *p)
{
	size_t	 i, before = L->s->loaded, skipped = L->s->skipped;

	for (i = 0; i < p->n; i++)
		sigma_file(L, p->v[i]);
	sigma_corrs_load(L);
	sigma_unmapped_report(L);
	log_debug("sigma: %zu files: %zu rules loaded, %zu skipped", p->n,
	    L->s->loaded - before, L->s->skipped - skipped);
}

int
sigma_statement(struct ruleset *rs, const struct cnode *n,
    const struct cond_env *env, struct cerrors *errs)
{
	struct sigma_opts	 o;
	struct sigma_sources	*src;
	struct sigma_paths	 p;
	struct sigma_load	 L;
	char			*path = NULL;
	size_t			 i, nerr = errs->n;

	if (conf_want_args(n, 1, 1, errs) == -1)
		return -1;
	if (rs->sigma == NULL && (rs->sigma = sigma_new(rs)) == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	if (sigma_opts_read(&o, n, errs) == -1 ||
	    (src = sigmasrc_new()) == NULL ||
	    sigma_push_sources(rs->sigma, src) == -1 ||
	    sigma_sources_load(src, &o, n, env, errs) == -1 ||
	    (path = conf_path(&n->args[0])) == NULL ||
	    sigma_expand(&p, path, &n->args[0], errs) == -1)
		goto done;
	memset(&L, 0, sizeof(L));
	L.s = rs->sigma;
	L.rs = rs;
	L.env = env;
	L.o = &o;
	L.src = src;
	sigma_load_files(&L, &p);
done:
	for (i = 0; i < p.n; i++)
		free(p.v[i]);
	free(p.v);
	free(path);
	sigma_opts_clear(&o);
	return errs->n == nerr ? 0 : -1;
}

int
sigma_finish(struct ruleset *rs, struct cerrors *errs)
{
	struct sigma	*s = rs->sigma;
	size_t		 i;
	int		 rc;

	rc = sigma_filters_apply(rs, errs);
	/* Only filters needed what a rule's groups were. */
	for (i = 0; i < s->nri; i++)
		sigma_rinfo_clear(&s->ri[i]);
	free(s->ri);
	s->ri = NULL;
	s->nri = s->capri = 0;
	free(s->ids);
	s->ids = NULL;
	s->idcap = s->nids = 0;
	return rc;
}

void
sigma_totals(const struct sigma *s, struct sigma_totals *t)
{
	memset(t, 0, sizeof(*t));
	if (s == NULL)
		return;
	t->files = s->files;
	t->loaded = s->loaded;
	t->skipped = s->skipped;
	t->filters = s->applied;
	t->native = s->native;
	t->fields = sfields_count(s->sf);
}

const char *
sigma_skipped(const struct sigma *s, size_t i)
{
	return s != NULL && i < s->nkept ? s->kept[i] : NULL;
}

const char *
sigma_reason(const struct sigma *s, size_t i, size_t *count)
{
	if (s == NULL || i >= s->ncounts)
		return NULL;
	*count = s->counts[i].n;
	return s->counts[i].reason;
}

void
sigma_summary(const struct sigma *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	log_info("sigma: %zu rules loaded from %zu files, %zu skipped, %zu "
	    "filters applied", s->loaded, s->files, s->skipped, s->applied);
	log_info("sigma: %zu rules read fields by the line's own names",
	    s->native);
	for (i = 0; i < s->ncounts; i++)
		log_info("sigma: skipped %zu: %s", s->counts[i].n,
		    s->counts[i].reason);
}
