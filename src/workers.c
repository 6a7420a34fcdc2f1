/*
 * Worker threads: the analyzers that keep no state between events run
 * on several threads, and what they find is given back in event order
 * (workers.h).  Hand-over is by numbers: the reading thread publishes
 * the seq of each event it parsed (pub); a worker claims the next few
 * (next, a compare-and-swap) and marks each slot done with its seq; the
 * reading thread waits for a slot's done to reach the seq it wants.
 * Threads with nothing to do spin a little, then sleep on a condition
 * variable; the reading thread wakes them once a batch is waiting, or
 * when it needs an event they have not taken.  Whether someone sleeps
 * is an atomic counter set before the sleeper's last look, and read
 * after the waker's store: one of the two always sees the other.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzers/analyzer.h"
#include "analyzers/finding.h"
#include "conf/conf.h"
#include "config.h"
#include "pipeline.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "rules/suppress.h"
#include "util/log.h"
#include "workers.h"

#define WORKERS_BATCH	16	/* events a worker claims at once */
#define WORKERS_SPIN	2000	/* looks before sleeping */
/*
 * Events waiting before a sleeping worker is woken: each wake is a
 * system call, not to be paid for each batch.
 */
#define WORKERS_WAKE	64

/*
 * The strings of a finding, kept in the slot's text: an analyzer may
 * write them into its own buffers, which the next event overwrites.
 */
enum wstr { WS_REASON, WS_VALUE, WS_TYPE, WS_LIST, WS_SOURCE, WS_DESC,
	WS_MATCHED, WS_MAX };

/* A finding kept for the merge. */
struct wfind {
	struct finding	 f;
	size_t		 an;
	size_t		 pass;
	size_t		 rule;		/* index in the rule set */
	size_t		 str[WS_MAX];	/* offsets in text; SIZE_MAX: NULL */
};

struct wslot {
	_Atomic uint64_t done;		/* seq of the event finished */
	struct wfind	*f;
	size_t		 nf, fcap;
	char		*text;
	size_t		 tlen, tcap;
};

/* A rule of a worker's rule set and its index, sorted by address. */
struct wrule {
	const struct rule	*r;
	size_t			 i;
};

struct worker {
	struct workers		*w;
	pthread_t		 th;
	int			 running;
	struct config		*c;
	struct analyzer_inst	*an;	/* ctx NULL: not run here */
	struct wrule		*rules;
	size_t			 nrules;
	struct wslot		*sl;	/* the event in hand */
	size_t			 cur_an, cur_pass;
	uint64_t		 lost;	/* findings without memory */
	uint64_t		*folded;	/* per suppression: hits told */
	size_t			 nfolded;
};

struct workers {
	struct worker		*wk;
	size_t			 n;
	struct logevent		*ring;
	struct wslot		*slot;
	size_t			 mask;
	const struct analyzer_ops *const *ops;
	size_t			 nan;
	_Atomic uint64_t	 pub;	/* newest seq published */
	_Atomic uint64_t	 next;	/* next seq to claim */
	_Atomic int		 sleepers;
	_Atomic int		 waiting;	/* the reading thread */
	_Atomic int		 stop;
	size_t			 nrunning;	/* threads started */
	pthread_mutex_t		 mu;
	pthread_cond_t		 work_cv, done_cv;
};

static int
workers_rule_cmp(const void *a, const void *b)
{
	const struct wrule	*x = a, *y = b;

	return x->r < y->r ? -1 : x->r > y->r;
}

/*
 * A second load of the configuration file gives the same rules, in the
 * same order, unless the files changed in between: then it is refused.
 */
static int
workers_rules_map(struct worker *k, const struct ruleset *main)
{
	const struct ruleset	*rs = k->c->rs;
	size_t			 i;

	if (rs->nrules != main->nrules)
		goto differ;
	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->id, main->rules[i]->id) != 0)
			goto differ;
	free(k->rules);
	if ((k->rules = calloc(rs->nrules + 1, sizeof(*k->rules))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	for (i = 0; i < rs->nrules; i++) {
		k->rules[i].r = rs->rules[i];
		k->rules[i].i = i;
	}
	k->nrules = rs->nrules;
	qsort(k->rules, k->nrules, sizeof(*k->rules), workers_rule_cmp);
	return 0;
differ:
	log_warnx("workers: %s changed while it was loaded again for the "
	    "worker threads", main->name);
	return -1;
}

static int
workers_text(struct wslot *sl, const char *s, size_t *off)
{
	size_t	 len, cap;
	char	*p;

	*off = SIZE_MAX;
	if (s == NULL)
		return 0;
	len = strlen(s) + 1;
	if (sl->tlen + len > sl->tcap) {
		cap = sl->tcap ? sl->tcap : 1024;
		while (cap < sl->tlen + len)
			cap *= 2;
		if ((p = realloc(sl->text, cap)) == NULL)
			return -1;
		sl->text = p;
		sl->tcap = cap;
	}
	memcpy(sl->text + sl->tlen, s, len);
	*off = sl->tlen;
	sl->tlen += len;
	return 0;
}

/* The emitter of a worker's analyzers: the finding kept in the slot. */
static void
workers_emit(void *arg, const struct finding *f)
{
	struct worker	*k = arg;
	struct wslot	*sl = k->sl;
	struct wfind	*wf, *v;
	struct wrule	 key, *r;
	size_t		 cap;

	key.r = f->rule;
	r = bsearch(&key, k->rules, k->nrules, sizeof(*k->rules),
	    workers_rule_cmp);
	if (r == NULL) {
		k->lost++;
		return;
	}
	if (sl->nf == sl->fcap) {
		cap = sl->fcap ? 2 * sl->fcap : 8;
		if ((v = reallocarray(sl->f, cap, sizeof(*v))) == NULL) {
			k->lost++;
			return;
		}
		sl->f = v;
		sl->fcap = cap;
	}
	wf = &sl->f[sl->nf];
	wf->f = *f;
	wf->an = k->cur_an;
	wf->pass = k->cur_pass;
	wf->rule = r->i;
	if (workers_text(sl, f->reason, &wf->str[WS_REASON]) ||
	    workers_text(sl, f->ind.value, &wf->str[WS_VALUE]) ||
	    workers_text(sl, f->ind.type, &wf->str[WS_TYPE]) ||
	    workers_text(sl, f->ind.list, &wf->str[WS_LIST]) ||
	    workers_text(sl, f->ind.source, &wf->str[WS_SOURCE]) ||
	    workers_text(sl, f->ind.description, &wf->str[WS_DESC]) ||
	    workers_text(sl, f->ind.matched, &wf->str[WS_MATCHED]))
		k->lost++;
	else
		sl->nf++;
}

static const char *
workers_str(const struct wslot *sl, const struct wfind *wf, enum wstr i)
{
	return wf->str[i] == SIZE_MAX ? NULL : sl->text + wf->str[i];
}

/* The analyzers this thread runs, on one user of the event. */
static void
workers_pass(void *arg, struct logevent *ev, size_t pass)
{
	struct worker	*k = arg;
	size_t		 i;

	k->cur_pass = pass;
	for (i = 0; i < k->w->nan; i++)
		if (k->an[i].ctx != NULL) {
			k->cur_an = i;
			k->an[i].ops->process(k->an[i].ctx, ev);
		}
}

static void
workers_event(struct worker *k, uint64_t seq)
{
	struct workers	*w = k->w;

	k->sl = &w->slot[seq & w->mask];
	k->sl->nf = 0;
	k->sl->tlen = 0;
	pipeline_each_user(&w->ring[seq & w->mask], workers_pass, k);
	atomic_store(&k->sl->done, seq);
	if (atomic_load(&w->waiting)) {
		pthread_mutex_lock(&w->mu);
		pthread_cond_broadcast(&w->done_cv);
		pthread_mutex_unlock(&w->mu);
	}
}

/* Nothing to claim: look a while, then sleep until woken. */
static void
workers_idle(struct workers *w)
{
	int	 i;

	for (i = 0; i < WORKERS_SPIN; i++)
		if (atomic_load(&w->next) <= atomic_load(&w->pub) ||
		    atomic_load(&w->stop))
			return;
	pthread_mutex_lock(&w->mu);
	atomic_fetch_add(&w->sleepers, 1);
	while (atomic_load(&w->next) > atomic_load(&w->pub) &&
	    !atomic_load(&w->stop))
		pthread_cond_wait(&w->work_cv, &w->mu);
	atomic_fetch_sub(&w->sleepers, 1);
	pthread_mutex_unlock(&w->mu);
}

static void *
workers_main(void *arg)
{
	struct worker	*k = arg;
	struct workers	*w = k->w;
	uint64_t	 c, p, n, s;

	for (;;) {
		c = atomic_load(&w->next);
		p = atomic_load(&w->pub);
		if (c > p) {
			if (atomic_load(&w->stop))
				break;
			workers_idle(w);
			continue;
		}
		n = p - c + 1 < WORKERS_BATCH ? p - c + 1 : WORKERS_BATCH;
		if (!atomic_compare_exchange_weak(&w->next, &c, c + n))
			continue;
		for (s = c; s < c + n; s++)
			workers_event(k, s);
	}
	return NULL;
}

/* One sleeping worker woken, or all of them. */
static void
workers_kick(struct workers *w, int all)
{
	if (atomic_load(&w->sleepers) > 0) {
		pthread_mutex_lock(&w->mu);
		if (all)
			pthread_cond_broadcast(&w->work_cv);
		else
			pthread_cond_signal(&w->work_cv);
		pthread_mutex_unlock(&w->mu);
	}
}

void
workers_publish(struct workers *w, uint64_t seq)
{
	atomic_store(&w->pub, seq);
	if (seq + 1 - atomic_load(&w->next) >= WORKERS_WAKE)
		workers_kick(w, 0);
}

int
workers_done(struct workers *w, uint64_t seq)
{
	return atomic_load(&w->slot[seq & w->mask].done) == seq;
}

void
workers_wait(struct workers *w, uint64_t seq)
{
	struct wslot	*sl = &w->slot[seq & w->mask];
	int		 i;

	if (atomic_load(&sl->done) == seq)
		return;
	/* No thread could be started again (a reload): do it here. */
	while (w->nrunning == 0 && atomic_load(&w->next) <= seq)
		workers_event(&w->wk[0], atomic_fetch_add(&w->next, 1));
	if (atomic_load(&sl->done) == seq)
		return;
	workers_kick(w, 1);
	for (i = 0; i < WORKERS_SPIN; i++)
		if (atomic_load(&sl->done) == seq)
			return;
	pthread_mutex_lock(&w->mu);
	atomic_store(&w->waiting, 1);
	while (atomic_load(&sl->done) != seq)
		pthread_cond_wait(&w->done_cv, &w->mu);
	atomic_store(&w->waiting, 0);
	pthread_mutex_unlock(&w->mu);
}

void
workers_replay(struct workers *w, uint64_t seq, size_t an, size_t pass,
    const struct ruleset *rs, const struct emitter *em)
{
	struct wslot	*sl = &w->slot[seq & w->mask];
	struct finding	 f;
	size_t		 i;

	for (i = 0; i < sl->nf; i++) {
		if (sl->f[i].an != an || sl->f[i].pass != pass)
			continue;
		/* Never, as workers_rules_map checks: one rule set or none. */
		if (sl->f[i].rule >= rs->nrules)
			continue;
		f = sl->f[i].f;
		f.rule = rs->rules[sl->f[i].rule];
		f.reason = workers_str(sl, &sl->f[i], WS_REASON);
		f.ind.value = workers_str(sl, &sl->f[i], WS_VALUE);
		f.ind.type = workers_str(sl, &sl->f[i], WS_TYPE);
		f.ind.list = workers_str(sl, &sl->f[i], WS_LIST);
		f.ind.source = workers_str(sl, &sl->f[i], WS_SOURCE);
		f.ind.description = workers_str(sl, &sl->f[i], WS_DESC);
		f.ind.matched = workers_str(sl, &sl->f[i], WS_MATCHED);
		em->emit(em->arg, &f);
	}
}

/*
 * The worker's own configuration and its analyzers that run here,
 * into k; their findings go to home, the worker's place for good (k
 * itself, or the worker k is loaded to replace).
 */
static int
workers_load(struct worker *k, const struct config *main,
    struct worker *home)
{
	struct cerrors		 errs = { NULL, 0, 0 };
	struct analyzer_env	 aenv;
	struct emitter		 em = { workers_emit, home };
	size_t			 i;

	if ((k->c = config_load(main->path, &errs)) == NULL) {
		cerrors_print(&errs);
		cerrors_clear(&errs);
		return -1;
	}
	cerrors_clear(&errs);
	if (workers_rules_map(k, main->rs) == -1)
		return -1;
	memset(&aenv, 0, sizeof(aenv));
	aenv.replay = 1;	/* no state of their own to keep */
	for (i = 0; i < k->w->nan; i++) {
		k->an[i].ops = k->w->ops[i];
		if (!(k->w->ops[i]->flags & ANALYZER_PURE))
			continue;
		if ((k->an[i].ctx = k->w->ops[i]->new(k->c->rs, &em,
		    &aenv)) == NULL)
			return -1;
	}
	return 0;
}

/* One worker's load, on a thread of its own. */
struct wload {
	struct worker		*k, *home;
	const struct config	*c;
	pthread_t		 th;
	int			 started;
	int			 rc;
};

static void *
workers_load_main(void *arg)
{
	struct wload	*l = arg;

	l->rc = workers_load(l->k, l->c, l->home);
	return NULL;
}

/*
 * Each of the n workers ks[i] loaded for homes[i], all at once: the
 * rule sets (Sigma trees, long lists) take as long to load as the
 * reading thread's did, and there are n of them.  -1 if any failed.
 */
static int
workers_load_all(struct worker *ks, struct worker *homes, size_t n,
    const struct config *c)
{
	struct wload	*l;
	size_t		 i;
	int		 rc = 0;

	if ((l = calloc(n, sizeof(*l))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	for (i = 0; i < n; i++) {
		l[i].k = &ks[i];
		l[i].home = &homes[i];
		l[i].c = c;
		if (pthread_create(&l[i].th, NULL, workers_load_main,
		    &l[i]) == 0)
			l[i].started = 1;
		else	/* no thread: load it here */
			l[i].rc = workers_load(&ks[i], c, &homes[i]);
	}
	for (i = 0; i < n; i++) {
		if (l[i].started)
			pthread_join(l[i].th, NULL);
		if (l[i].rc == -1)
			rc = -1;
	}
	free(l);
	return rc;
}

static void
workers_unload(struct worker *k)
{
	size_t	 i;

	for (i = 0; k->an != NULL && i < k->w->nan; i++)
		if (k->an[i].ctx != NULL) {
			k->an[i].ops->free(k->an[i].ctx);
			k->an[i].ctx = NULL;
		}
	config_free(k->c);
	k->c = NULL;
}

static int
workers_start(struct workers *w)
{
	size_t	 i;

	atomic_store(&w->stop, 0);
	for (i = 0; i < w->n; i++) {
		if (pthread_create(&w->wk[i].th, NULL, workers_main,
		    &w->wk[i]) != 0) {
			log_warnx("%s: cannot start a thread", __func__);
			return -1;
		}
		w->wk[i].running = 1;
		w->nrunning++;
	}
	return 0;
}

static void
workers_stop(struct workers *w)
{
	size_t	 i;

	pthread_mutex_lock(&w->mu);
	atomic_store(&w->stop, 1);
	pthread_cond_broadcast(&w->work_cv);
	pthread_mutex_unlock(&w->mu);
	for (i = 0; i < w->n; i++)
		if (w->wk[i].running) {
			pthread_join(w->wk[i].th, NULL);
			w->wk[i].running = 0;
		}
	w->nrunning = 0;
}

static int
workers_alloc(struct workers *w, size_t n, size_t nring)
{
	size_t	 i;

	if ((w->wk = calloc(n, sizeof(*w->wk))) == NULL ||
	    (w->slot = calloc(nring, sizeof(*w->slot))) == NULL)
		return -1;
	w->n = n;
	for (i = 0; i < nring; i++)
		atomic_init(&w->slot[i].done, 0);
	for (i = 0; i < n; i++) {
		w->wk[i].w = w;
		if ((w->wk[i].an = calloc(w->nan, sizeof(*w->wk[i].an))) ==
		    NULL)
			return -1;
	}
	return 0;
}

struct workers *
workers_new(const struct config *c, size_t n, struct logevent *ring,
    size_t nring)
{
	struct workers	*w;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work_cv, NULL);
	pthread_cond_init(&w->done_cv, NULL);
	w->ring = ring;
	w->mask = nring - 1;
	w->ops = analyzer_table(&w->nan);
	atomic_init(&w->pub, 0);
	atomic_init(&w->next, 1);
	if (workers_alloc(w, n, nring) == -1) {
		log_warn("%s", __func__);
		goto fail;
	}
	if (workers_load_all(w->wk, w->wk, n, c) == -1 ||
	    workers_start(w) == -1)
		goto fail;
	log_info("%zu worker threads started", n);
	return w;
fail:
	workers_free(w);
	return NULL;
}

void
workers_free(struct workers *w)
{
	size_t	 i;

	if (w == NULL)
		return;
	workers_stop(w);
	for (i = 0; w->wk != NULL && i < w->n; i++) {
		workers_unload(&w->wk[i]);
		free(w->wk[i].an);
		free(w->wk[i].rules);
		free(w->wk[i].folded);
	}
	for (i = 0; w->slot != NULL && i <= w->mask; i++) {
		free(w->slot[i].f);
		free(w->slot[i].text);
	}
	free(w->wk);
	free(w->slot);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work_cv);
	pthread_cond_destroy(&w->done_cv);
	free(w);
}

/*
 * All new rule sets are loaded before any old one is let go, so that a
 * reload that fails keeps every worker on the old one.
 */
int
workers_reload(struct workers *w, const struct config *c)
{
	struct worker	*fresh;
	size_t		 i;
	int		 rc = -1;

	workers_stop(w);
	if ((fresh = calloc(w->n, sizeof(*fresh))) == NULL)
		goto out;
	for (i = 0; i < w->n; i++) {
		fresh[i].w = w;
		if ((fresh[i].an = calloc(w->nan, sizeof(*fresh[i].an))) ==
		    NULL)
			goto out;
	}
	if (workers_load_all(fresh, w->wk, w->n, c) == -1)
		goto out;
	for (i = 0; i < w->n; i++) {
		fresh[i].lost = w->wk[i].lost;
		workers_unload(&w->wk[i]);
		free(w->wk[i].an);
		free(w->wk[i].rules);
		free(w->wk[i].folded);	/* told before the reload */
		w->wk[i] = fresh[i];
		fresh[i].an = NULL;
		fresh[i].rules = NULL;
		fresh[i].c = NULL;
	}
	rc = 0;
out:
	for (i = 0; fresh != NULL && i < w->n; i++) {
		workers_unload(&fresh[i]);
		free(fresh[i].an);
		free(fresh[i].rules);
	}
	free(fresh);
	if (workers_start(w) == -1)
		rc = -1;
	return rc;
}

/* Integer counters added up; anything else as the first worker has it. */
static void
workers_sum(json_t *into, const json_t *add)
{
	const char	*key;
	json_t		*v, *a;

	json_object_foreach(into, key, v) {
		a = json_object_get(add, key);
		if (json_is_integer(v) && json_is_integer(a))
			json_integer_set(v, json_integer_value(v) +
			    json_integer_value(a));
		else if (json_is_object(v) && json_is_object(a))
			workers_sum(v, a);
	}
}

json_t *
workers_stats(struct workers *w, size_t an)
{
	json_t	*sum = NULL, *one;
	size_t	 i;

	if (an >= w->nan || !(w->ops[an]->flags & ANALYZER_PURE) ||
	    w->ops[an]->stats == NULL)
		return NULL;
	for (i = 0; i < w->n; i++) {
		one = w->ops[an]->stats(w->wk[i].an[an].ctx);
		if (sum == NULL)
			sum = one;
		else {
			workers_sum(sum, one);
			json_decref(one);
		}
	}
	return sum;
}

void
workers_fold(struct workers *w, struct suppress *into)
{
	struct suppress_entry_info	 in;
	struct worker			*k;
	uint64_t			*v;
	size_t				 i, j;

	for (i = 0; i < w->n; i++) {
		k = &w->wk[i];
		for (j = 0; suppress_info(k->c->rs->suppress, j, &in) == 0;
		    j++) {
			if (j >= k->nfolded) {
				if ((v = reallocarray(k->folded, j + 1,
				    sizeof(*v))) == NULL)
					break;
				v[j] = 0;
				k->folded = v;
				k->nfolded = j + 1;
			}
			suppress_add_hits(into, j, in.hits - k->folded[j]);
			k->folded[j] = in.hits;
		}
	}
}

size_t
workers_auto(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > WORKERS_MAX ? WORKERS_MAX : (size_t)n;
}
