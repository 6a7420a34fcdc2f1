/*
 * Importance and priority.  Importance says how much the alert matters
 * to the organisation, priority how soon to act.  Both start from the
 * rule (importance defaults to medium, priority to the importance, as in
 * detectd.rules(5)).  An alert that touches a critical server (as the
 * endpoint or the destination) or a VIP user (as the user or the target
 * user) is raised one level in both: raising once per kind of asset,
 * not per match, keeps a critical server talking to another critical
 * server from jumping two levels.  A statistical score of at least
 * IMPORTANCE_SCORE_HIGH raises the priority one more: the evidence is
 * strong, so it is worth acting on sooner (a match's score says nothing
 * more than that it matched).  Levels stop at critical.
 *
 * Before any of that, a statistical finding is brought down to what one
 * kind of evidence is worth: under IMPORTANCE_SCORE_HIGH its levels stop
 * at medium (a regular connection or a count above a threshold is seen
 * on benign hosts every day; the composite rules, which join it to other
 * findings on the same endpoint, are where it earns high), and about a
 * popular destination both go down one more, to low at the least.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzers/finding.h"
#include "alert/importance.h"
#include "util/log.h"
#include "rules/list.h"

struct importance {
	struct list	*inline_[IMP_MAX];	/* written in the config */
	struct list	**files[IMP_MAX];	/* loaded from list files */
	size_t		 nfiles[IMP_MAX];
};

static const char *const imp_names[IMP_MAX] = {
	"critical-servers", "vip-users"
};
static const enum list_type imp_types[IMP_MAX] = { LT_IP, LT_USER };

struct importance *
importance_new(void)
{
	struct importance	*imp;
	int			 k;

	if ((imp = calloc(1, sizeof(*imp))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	for (k = 0; k < IMP_MAX; k++)
		if ((imp->inline_[k] = list_new(imp_names[k],
		    imp_types[k])) == NULL) {
			importance_free(imp);
			return NULL;
		}
	return imp;
}

void
importance_free(struct importance *imp)
{
	size_t	 i;
	int	 k;

	if (imp == NULL)
		return;
	for (k = 0; k < IMP_MAX; k++) {
		list_free(imp->inline_[k]);
		for (i = 0; i < imp->nfiles[k]; i++)
			list_free(imp->files[k][i]);
		free(imp->files[k]);
	}
	free(imp);
}

int
importance_add(struct importance *imp, enum importance_asset k,
    const char *value, const char **why)
{
	if (list_add(imp->inline_[k], value, strlen(value), NULL,
	    "detectd.conf") == -1) {
		*why = list_error(imp->inline_[k]);
		return -1;
	}
	return 0;
}

int
importance_load(struct importance *imp, enum importance_asset k,
    const char *path, struct cerrors *errs)
{
	struct list	*l, **v;

	/* Hand-kept: a typo must not drop a critical server unnoticed. */
	if ((l = list_load(imp_names[k], path, LF_PLAIN, imp_types[k],
	    LIST_STRICT, errs, NULL)) == NULL)
		return -1;
	v = reallocarray(imp->files[k], imp->nfiles[k] + 1, sizeof(*v));
	if (v == NULL) {
		log_warn("%s", __func__);
		list_free(l);
		return -1;
	}
	imp->files[k] = v;
	v[imp->nfiles[k]++] = l;
	return 0;
}

size_t
importance_size(const struct importance *imp, enum importance_asset k)
{
	size_t	 i, n;

	n = list_size(imp->inline_[k]);
	for (i = 0; i < imp->nfiles[k]; i++)
		n += list_size(imp->files[k][i]);
	return n;
}

static int
imp_match(const struct importance *imp, enum importance_asset k,
    struct slice a, struct slice b)
{
	size_t	 i;

	if (list_match(imp->inline_[k], a) != NULL ||
	    list_match(imp->inline_[k], b) != NULL)
		return 1;
	for (i = 0; i < imp->nfiles[k]; i++)
		if (list_match(imp->files[k][i], a) != NULL ||
		    list_match(imp->files[k][i], b) != NULL)
			return 1;
	return 0;
}

static enum level
imp_raise(enum level l, int by)
{
	return l + by > LVL_CRITICAL ? LVL_CRITICAL : (enum level)(l + by);
}

/* What one statistical finding alone is worth; IMP_LOWERED_* bits. */
static unsigned
imp_lower(const struct finding *f, enum level *importance,
    enum level *priority)
{
	unsigned	 lowered = 0;

	if (f->score < IMPORTANCE_SCORE_HIGH && (*importance > LVL_MEDIUM ||
	    *priority > LVL_MEDIUM)) {
		lowered |= IMP_LOWERED_ALONE;
		if (*importance > LVL_MEDIUM)
			*importance = LVL_MEDIUM;
		if (*priority > LVL_MEDIUM)
			*priority = LVL_MEDIUM;
	}
	if ((f->flags & FINDING_POPULAR) && (*importance > LVL_LOW ||
	    *priority > LVL_LOW)) {
		lowered |= IMP_LOWERED_POPULAR;
		if (*importance > LVL_LOW)
			(*importance)--;
		if (*priority > LVL_LOW)
			(*priority)--;
	}
	return lowered;
}

/* A match is certain by nature: only the statistical scores say more. */
static int
imp_scored(const struct rule *r)
{
	const char	*an = viewpoint_analyzer(r->viewpoint);

	return an != NULL && strcmp(an, "match") != 0;
}

/* The ladder is for one statistic alone, not for what joins several. */
static int
imp_statistical(const struct rule *r)
{
	const char	*an = viewpoint_analyzer(r->viewpoint);

	return an != NULL && strcmp(an, "statistical") == 0;
}

unsigned
importance_levels(const struct importance *imp, const struct finding *f,
    enum level *importance, enum level *priority)
{
	const struct logevent	*ev = f->ev;
	unsigned		 raised = 0;
	int			 up = 0;

	*importance = level_name(f->rule->importance) != NULL ?
	    f->rule->importance : LVL_MEDIUM;
	*priority = level_name(f->rule->priority) != NULL ?
	    f->rule->priority : *importance;
	if (imp_statistical(f->rule))
		raised |= imp_lower(f, importance, priority);
	if (imp != NULL && ev != NULL) {
		if (imp_match(imp, IMP_SERVER, ev->src_ip, ev->dst_ip))
			raised |= IMP_RAISED_SERVER;
		if (imp_match(imp, IMP_USER, ev->user, ev->target_user))
			raised |= IMP_RAISED_USER;
	}
	up = (raised & IMP_RAISED_SERVER ? 1 : 0) +
	    (raised & IMP_RAISED_USER ? 1 : 0);
	*importance = imp_raise(*importance, up);
	/* About a popular destination, a strong score says no more. */
	if (f->score >= IMPORTANCE_SCORE_HIGH && imp_scored(f->rule) &&
	    !(raised & IMP_LOWERED_POPULAR)) {
		raised |= IMP_RAISED_SCORE;
		up++;
	}
	*priority = imp_raise(*priority, up);
	return raised;
}

const char *
importance_reason(unsigned bit)
{
	switch (bit) {
	case IMP_RAISED_SERVER:
		return "critical-server";
	case IMP_RAISED_USER:
		return "vip-user";
	case IMP_RAISED_SCORE:
		return "score";
	case IMP_LOWERED_ALONE:
		return "statistic-alone";
	case IMP_LOWERED_POPULAR:
		return "popular-destination";
	default:
		return NULL;
	}
}
