/*
 * Suppressions.  See suppress.h.  There are few of them and they are
 * looked at only when a rule has fired, so a linear pass is enough.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf/conf.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "rules/cond.h"
#include "rules/list.h"
#include "rules/listnorm.h"
#include "rules/rule.h"
#include "rules/suppress.h"

/* A value of endpoint or destination: an address prefix or a name. */
struct sval {
	int			 isnet;
	struct listnorm_ip	 ip;
	char			*name;	/* lowercased */
};

struct svals {
	struct sval	*v;
	size_t		 n;
};

struct sentry {
	char		**rules;
	size_t		 nrules;
	struct svals	 endpoint;
	struct svals	 destination;
	struct svals	 user;
	const struct list **lists;
	size_t		 nlists;
	struct cond	*cond;
	int64_t		 until_ms;
	char		*reason;
	char		*file;
	int		 line;
	uint64_t	 hits;
	int		 expired;	/* at load time (wall clock) */
};

struct suppress {
	struct sentry	**v;
	size_t		 n;
	uint64_t	 hits;
};

static void
svals_clear(struct svals *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
}

static void
sentry_free(struct sentry *e)
{
	size_t	 i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nrules; i++)
		free(e->rules[i]);
	free(e->rules);
	svals_clear(&e->endpoint);
	svals_clear(&e->destination);
	svals_clear(&e->user);
	free(e->lists);
	cond_free(e->cond);
	free(e->reason);
	free(e->file);
	free(e);
}

struct suppress *
suppress_new(void)
{
	struct suppress	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		log_warn("%s", __func__);
	return s;
}

void
suppress_free(struct suppress *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		sentry_free(s->v[i]);
	free(s->v);
	free(s);
}

size_t
suppress_count(const struct suppress *s)
{
	return s != NULL ? s->n : 0;
}

uint64_t
suppress_hits(const struct suppress *s)
{
	return s != NULL ? s->hits : 0;
}

void
suppress_add_hits(struct suppress *s, size_t i, uint64_t n)
{
	if (s == NULL || i >= s->n)
		return;
	s->v[i]->hits += n;
	s->hits += n;
}

int
suppress_info(const struct suppress *s, size_t i,
    struct suppress_entry_info *info)
{
	if (s == NULL || i >= s->n)
		return -1;
	info->file = s->v[i]->file;
	info->line = s->v[i]->line;
	info->reason = s->v[i]->reason;
	info->until_ms = s->v[i]->until_ms;
	info->hits = s->v[i]->hits;
	info->expired = s->v[i]->expired;
	info->rules = (const char *const *)s->v[i]->rules;
	info->nrules = s->v[i]->nrules;
	info->whole = s->v[i]->endpoint.n == 0 &&
	    s->v[i]->destination.n == 0 && s->v[i]->user.n == 0 &&
	    s->v[i]->nlists == 0 && s->v[i]->cond == NULL;
	return 0;
}

/* "until 2026-04-30T00:00:00Z", "expired 2026-...", or "" (no expiry). */
static void
suppress_when(const struct sentry *e, char *buf, size_t size)
{
	char	 when[TIME_RFC3339_LEN];

	buf[0] = '\0';
	if (e->until_ms != 0 && time_format_rfc3339(e->until_ms, when,
	    sizeof(when)) > 0)
		snprintf(buf, size, ", %s %s", e->expired ? "expired" :
		    "until", when);
}

void
suppress_report(const struct suppress *s, int all, const char *label)
{
	const struct sentry	*e;
	char			 when[TIME_RFC3339_LEN + 16];
	size_t			 i;

	for (i = 0; s != NULL && i < s->n; i++) {
		e = s->v[i];
		if (!all && !e->expired)
			continue;
		suppress_when(e, when, sizeof(when));
		if (all)
			log_info("%s%s:%d: suppression: %llu hits%s%s%s", label,
			    e->file, e->line, (unsigned long long)e->hits,
			    when, e->reason != NULL ? " -- " : "",
			    e->reason != NULL ? e->reason : "");
		else
			log_warnx("%s%s:%d: suppression%s (kept for replays "
			    "of older logs)", label, e->file, e->line, when);
	}
}

/* Parsing. */

static int
sp_values(struct svals *sv, const struct cnode *n, int nets,
    struct cerrors *errs)
{
	struct sval	*v;
	const char	*why;
	size_t		 i, j;

	(void)errs;
	if ((v = reallocarray(sv->v, sv->n + n->nargs, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	sv->v = v;
	for (i = 0; i < n->nargs; i++) {
		v = &sv->v[sv->n];
		memset(v, 0, sizeof(*v));
		if (nets && listnorm_ip(slice_cstr(n->args[i].text), 1,
		    &v->ip, &why) == 0)
			v->isnet = 1;
		else {
			if ((v->name = strdup(n->args[i].text)) == NULL) {
				log_warn("%s", __func__);
				return -1;
			}
			for (j = 0; v->name[j] != '\0'; j++)
				v->name[j] = tolower((unsigned char)v->name[j]);
		}
		sv->n++;
	}
	return 0;
}

/* until 2026-04-30, or a full RFC 3339 time. */
static int
sp_until(struct sentry *e, const struct ctok *t, struct cerrors *errs)
{
	size_t	 len = strlen(t->text);
	int	 y, mo, d;
	char	 c;

	if (len == 10 && sscanf(t->text, "%4d-%2d-%2d%c", &y, &mo, &d, &c) ==
	    3 && time_civil_valid(y, mo, d, 0, 0, 0)) {
		/* The whole day is included. */
		e->until_ms = time_from_civil(y, mo, d, 0, 0, 0, 0) +
		    86400000LL;
		return 0;
	}
	if (time_parse_iso8601(t->text, len, &e->until_ms) == (int)len)
		return 0;
	cerrors_addtok(errs, t, "'%s' is not a date (2026-04-30) or time "
	    "(2026-04-30T18:00:00Z)", t->text);
	return -1;
}

static int
sp_strv(char ***v, size_t *nv, const struct cnode *n)
{
	char	**nvv;
	size_t	  i;

	if ((nvv = reallocarray(*v, *nv + n->nargs, sizeof(*nvv))) == NULL)
		return -1;
	*v = nvv;
	for (i = 0; i < n->nargs; i++) {
		if ((nvv[*nv] = strdup(n->args[i].text)) == NULL)
			return -1;
		(*nv)++;
	}
	return 0;
}

static int
sp_lists(struct sentry *e, const struct cnode *n, const struct cond_env *env,
    struct cerrors *errs)
{
	const struct list	**nl;
	struct list		 *l;
	size_t			  i;

	for (i = 0; i < n->nargs; i++) {
		l = env->lookup != NULL ? env->lookup(env->arg,
		    n->args[i].text) : NULL;
		if (l == NULL) {
			cerrors_addtok(errs, &n->args[i], "unknown list '%s'",
			    n->args[i].text);
			return -1;
		}
		if ((nl = reallocarray(e->lists, e->nlists + 1,
		    sizeof(*nl))) == NULL)
			return -1;
		e->lists = nl;
		nl[e->nlists++] = l;
	}
	return 0;
}

static int
sp_option(struct sentry *e, const struct cnode *c, const struct cond_env *env,
    struct cerrors *errs)
{
	const char	*k = c->key.text;

	if (c->nargs == 0 || c->has_block) {
		cerrors_addtok(errs, &c->key, "'%s' takes values and no block",
		    k);
		return -1;
	}
	if (strcmp(k, "rules") == 0 || strcmp(k, "rule") == 0)
		return sp_strv(&e->rules, &e->nrules, c);
	if (strcmp(k, "endpoint") == 0)
		return sp_values(&e->endpoint, c, 1, errs);
	if (strcmp(k, "destination") == 0)
		return sp_values(&e->destination, c, 1, errs);
	if (strcmp(k, "user") == 0)
		return sp_values(&e->user, c, 0, errs);
	if (strcmp(k, "list") == 0)
		return sp_lists(e, c, env, errs);
	if (strcmp(k, "condition") == 0) {
		if (e->cond != NULL) {
			cerrors_addtok(errs, &c->key, "two conditions: join "
			    "them with 'and'");
			return -1;
		}
		e->cond = cond_parse_env(c->args, c->nargs, env, errs);
		return e->cond == NULL ? -1 : 0;
	}
	if (conf_want_args(c, 1, 1, errs) == -1)
		return -1;
	if (strcmp(k, "until") == 0)
		return sp_until(e, &c->args[0], errs);
	if (strcmp(k, "reason") == 0) {
		free(e->reason);
		return (e->reason = strdup(c->args[0].text)) == NULL ? -1 : 0;
	}
	cerrors_addtok(errs, &c->key, "unknown suppress option '%s' (rules, "
	    "endpoint, destination, user, list, condition, until, reason)", k);
	return -1;
}

int
suppress_statement(struct suppress *s, const struct cnode *n,
    const struct cond_env *env, struct cerrors *errs)
{
	const struct cnode	*c;
	struct sentry		*e, **nv;
	int			 rc = 0;

	if (!n->has_block || n->nargs != 0) {
		cerrors_addtok(errs, &n->key, "suppress takes a block and no "
		    "arguments");
		return -1;
	}
	if ((e = calloc(1, sizeof(*e))) == NULL ||
	    (e->file = strdup(n->key.file)) == NULL) {
		log_warn("%s", __func__);
		sentry_free(e);
		return -1;
	}
	e->line = n->key.line;
	for (c = n->children; c != NULL; c = c->next)
		if (sp_option(e, c, env, errs) == -1)
			rc = -1;
	if (rc == 0 && e->endpoint.n == 0 && e->destination.n == 0 &&
	    e->user.n == 0 && e->nlists == 0 && e->cond == NULL &&
	    e->nrules == 0) {
		cerrors_addtok(errs, &n->key, "suppress without rules or "
		    "anything to match would silence everything");
		rc = -1;
	}
	if (rc == -1 || (nv = reallocarray(s->v, s->n + 1,
	    sizeof(*nv))) == NULL) {
		sentry_free(e);
		return -1;
	}
	s->v = nv;
	s->v[s->n++] = e;
	return 0;
}

int
suppress_finish(struct suppress *s, int (*rule_exists)(void *, const char *),
    void *arg, int64_t now_ms, struct cerrors *errs)
{
	size_t	 i, j;
	int	 rc = 0;

	for (i = 0; i < s->n; i++) {
		for (j = 0; j < s->v[i]->nrules; j++)
			if (!rule_exists(arg, s->v[i]->rules[j])) {
				cerrors_add(errs, s->v[i]->file, s->v[i]->line,
				    1, "suppress: no rule %s",
				    s->v[i]->rules[j]);
				rc = -1;
			}
		/* Said once per load by suppress_report, not here. */
		s->v[i]->expired = s->v[i]->until_ms != 0 &&
		    s->v[i]->until_ms <= now_ms;
	}
	return rc;
}

/* Matching. */

static int
sv_in(const struct listnorm_ip *net, const struct listnorm_ip *ip)
{
	int	 full = net->plen / 8, rem = net->plen % 8;

	if (net->family != ip->family ||
	    memcmp(net->addr, ip->addr, full) != 0)
		return 0;
	return rem == 0 || ((net->addr[full] ^ ip->addr[full]) &
	    (uint8_t)(0xff << (8 - rem))) == 0;
}

/* Names compare without case; a domain also covers its subdomains. */
static int
sv_match(const struct svals *sv, struct slice s, int domain)
{
	struct listnorm_ip	 ip;
	const char		*why;
	size_t			 i, n;
	int			 isip = -1;

	if (s.len == 0)
		return 0;
	for (i = 0; i < sv->n; i++) {
		const struct sval *v = &sv->v[i];

		if (v->isnet) {
			if (isip == -1)
				isip = listnorm_ip(s, 0, &ip, &why) == 0;
			if (isip && sv_in(&v->ip, &ip))
				return 1;
			continue;
		}
		n = strlen(v->name);
		if (s.len == n && strncasecmp(s.p, v->name, n) == 0)
			return 1;
		if (domain && s.len > n && s.p[s.len - n - 1] == '.' &&
		    strncasecmp(s.p + s.len - n, v->name, n) == 0)
			return 1;
	}
	return 0;
}

/* A list matches when any field of its type is in it. */
static int
se_lists(const struct sentry *e, const struct logevent *ev)
{
	const struct list	*l;
	size_t			 i;

	for (i = 0; i < e->nlists; i++) {
		l = e->lists[i];
		switch (list_type(l)) {
		case LT_DOMAIN:
			if (list_match(l, ev->dst_domain) != NULL ||
			    list_match(l, ev->dns_query) != NULL)
				return 1;
			break;
		case LT_IP:
			if (list_match(l, ev->src_ip) != NULL ||
			    list_match(l, ev->dst_ip) != NULL)
				return 1;
			break;
		case LT_URL:
			if (list_match(l, ev->url) != NULL)
				return 1;
			break;
		case LT_HASH:
			if (list_match(l, ev->hashes) != NULL)
				return 1;
			break;
		case LT_USER_AGENT:
			if (list_match(l, ev->user_agent) != NULL)
				return 1;
			break;
		default:
			if (list_match(l, ev->user) != NULL ||
			    list_match(l, ev->target_user) != NULL ||
			    list_match(l, ev->src_host) != NULL)
				return 1;
			break;
		}
	}
	return 0;
}

static int
se_rule(const struct sentry *e, const struct rule *r)
{
	size_t	 i;

	if (e->nrules == 0)
		return 1;
	for (i = 0; i < e->nrules; i++)
		if (strcmp(e->rules[i], r->id) == 0)
			return 1;
	return 0;
}

static int
se_match(const struct sentry *e, const struct rule *r,
    const struct logevent *ev)
{
	struct slice	 u;

	if (e->until_ms != 0 && ev->time_ms >= e->until_ms)
		return 0;
	if (!se_rule(e, r))
		return 0;
	if (e->endpoint.n > 0 && !sv_match(&e->endpoint, ev->src_ip, 0) &&
	    !sv_match(&e->endpoint, ev->src_host, 0))
		return 0;
	if (e->destination.n > 0 &&
	    !sv_match(&e->destination, ev->dst_ip, 1) &&
	    !sv_match(&e->destination, ev->dst_domain, 1) &&
	    !sv_match(&e->destination, ev->dns_query, 1))
		return 0;
	if (e->user.n > 0) {
		u = ev->user.len > 0 ? ev->user : ev->target_user;
		if (u.len == 0 || !sv_match(&e->user, listnorm_user(u), 0))
			return 0;
	}
	if (e->nlists > 0 && !se_lists(e, ev))
		return 0;
	return e->cond == NULL || cond_eval(e->cond, ev, NULL);
}

int
suppress_match(struct suppress *s, const struct rule *r,
    const struct logevent *ev)
{
	size_t	 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < s->n; i++)
		if (se_match(s->v[i], r, ev)) {
			s->v[i]->hits++;
			s->hits++;
			return 1;
		}
	return 0;
}
