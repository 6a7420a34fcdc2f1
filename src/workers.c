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
 *
 * An analyzer whose rules split into parts (analyzer.h, split: the
 * statistical analyzer) runs part k on worker k, on every event in
 * order (pnext, pdone); the part furthest ahead takes the match
 * analyzer's events as it passes them.  The parts' findings are kept
 * by event and part, and given back in the order of the rules, which
 * is one thread's.  Every thread reads the event where it is in the
 * ring, and shares its memo (evmemo.h) with the others; a message to
 * several recipients, which each pass changes, is copied.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzers/analyzer.h"
#include "analyzers/finding.h"
#include "analyzers/identity.h"
#include "conf/conf.h"
#include "config.h"
#include "pipeline.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "rules/suppress.h"
#include "util/log.h"
#include "util/prefetch.h"
#include "workers.h"

#define WORKERS_BATCH	16	/* events a worker claims at once */
/* How far ahead of its part's turn an event starts loading. */
#define WORKERS_LOAD	(ANALYZER_AHEAD + 4)
#define WORKERS_SPIN	2000	/* looks before sleeping */
/*
 * The reading thread's looks: on two cores it shares a core with a
 * worker, whose time its looking takes.
 */
#define WORKERS_SPIN_READ	200
/*
 * Events waiting before a sleeping thread is woken, a share of the
 * ring: each wake is two system calls and a switch, not to be paid for
 * each batch.
 */
#define WORKERS_WAKE(w)	(((w)->mask + 1) / 4)
/*
 * How close the slowest part must be to the event the reading thread
 * waits for to be waited for by looking, not asleep.
 */
#define WORKERS_NEAR	8

/*
 * The strings of a finding, kept in the slot's text: an analyzer may
 * write them into its own buffers, which the next event overwrites.
 */
enum wstr { WS_REASON, WS_VALUE, WS_TYPE, WS_LIST, WS_SOURCE, WS_DESC,
	WS_MATCHED, WS_NAME, WS_MAX };

/* What a finding's evidence was: the event, none, or it with a name. */
enum wev { WEV_NONE, WEV_SAME, WEV_NAMED };

/* A finding kept for the merge. */
struct wfind {
	struct finding	 f;
	size_t		 an;
	size_t		 pass;
	size_t		 rule;		/* match: index in the rule set */
	enum wev	 ev;
	size_t		 name_len;	/* WEV_NAMED: of str[WS_NAME] */
	size_t		 str[WS_MAX];	/* offsets in text; SIZE_MAX: NULL */
};

/*
 * The findings kept for an event by one thread, a cache line of its
 * own: the parts' of one event are written at once by their threads.
 */
struct wbuf {
	_Alignas(64) struct wfind *f;
	size_t		 nf, fcap;
	char		*text;
	size_t		 tlen, tcap;
};

struct wslot {
	_Atomic uint64_t done;		/* seq of the event finished */
	struct wbuf	 m;		/* the match analyzer's */
	struct wbuf	*pb;		/* each part's, with parts */
	struct part_given *pg;		/* each pass's, worked out ahead */
	size_t		 npg, pgcap;
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
	struct wbuf		*cur;	/* where its findings go */
	const struct logevent	*cur_ev;	/* the event as analyzed */
	size_t			 cur_an, cur_pass;
	size_t			 part;	/* its part: its index */
	uint64_t		 pnext;	/* the next event for its part */
	/* The least w->next can be: what it was when last read. */
	uint64_t		 seen_next;
	/*
	 * The last event its part is done with, which the other threads
	 * read at every event: on a cache line of its own (whatever the
	 * alignment, no other field is within 64 bytes of it), so that
	 * their reads do not take the line that holds the fields this
	 * thread writes at every event.
	 */
	char			 pad0[64];
	_Atomic uint64_t	 pdone;
	char			 pad1[64];
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
	size_t			 pan;	/* split in parts; SIZE_MAX: none */
	void			*pctx;	/* its state (the pipeline's) */
	struct wrule		*rank;	/* the rule set's by address */
	size_t			 nrank;
	const struct ruleset	*rank_rs;	/* what rank was made of */
	struct logevent		 named;	/* a part's evidence given again */
	_Atomic uint64_t	 pub;	/* newest seq published */
	/*
	 * Written by the reading thread at every event, and by the part
	 * ahead at every event: apart (as pdone, struct worker).
	 */
	char			 pad0[64];
	_Atomic uint64_t	 next;	/* next seq to claim */
	char			 pad1[64];
	_Atomic int		 sleepers;
	/* Worker i asleep on cv[i], until a waker clears asleep[i]. */
	_Atomic int		*asleep;
	pthread_cond_t		*cv;
	_Atomic int		 waiting;	/* the reading thread */
	/* What it waits for: this match event, the parts this far. */
	_Atomic uint64_t	 want_seq;
	_Atomic uint64_t	 want_parts;
	_Atomic int		 stop;
	size_t			 nrunning;	/* threads started */
	pthread_mutex_t		 mu;
	pthread_cond_t		 done_cv;
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
workers_textn(struct wbuf *sl, const char *s, size_t n, size_t *off)
{
	size_t	 len, cap;
	char	*p;

	*off = SIZE_MAX;
	if (s == NULL)
		return 0;
	len = n + 1;
	if (sl->tlen + len > sl->tcap) {
		cap = sl->tcap ? sl->tcap : 1024;
		while (cap < sl->tlen + len)
			cap *= 2;
		if ((p = realloc(sl->text, cap)) == NULL)
			return -1;
		sl->text = p;
		sl->tcap = cap;
	}
	memcpy(sl->text + sl->tlen, s, n);
	sl->text[sl->tlen + n] = '\0';
	*off = sl->tlen;
	sl->tlen += len;
	return 0;
}

static int
workers_text(struct wbuf *sl, const char *s, size_t *off)
{
	return workers_textn(sl, s, s != NULL ? strlen(s) : 0, off);
}

/*
 * A finding of the event in hand kept in k->cur, its evidence as what
 * it was to the event given (the part's named copy: its name kept).
 */
static void
workers_keep(struct worker *k, const struct finding *f, size_t rule)
{
	struct wbuf	*sl = k->cur;
	struct wfind	*wf, *v;
	size_t		 cap;

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
	wf->rule = rule;
	wf->ev = f->ev == NULL ? WEV_NONE : f->ev == k->cur_ev ? WEV_SAME :
	    WEV_NAMED;
	wf->name_len = wf->ev == WEV_NAMED ? f->ev->dst_domain.len : 0;
	wf->str[WS_NAME] = SIZE_MAX;
	if ((wf->ev == WEV_NAMED && workers_textn(sl, f->ev->dst_domain.p,
	    wf->name_len, &wf->str[WS_NAME])) ||
	    workers_text(sl, f->reason, &wf->str[WS_REASON]) ||
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

/* The emitter of a worker's analyzers: the finding kept in the slot. */
static void
workers_emit(void *arg, const struct finding *f)
{
	struct worker	*k = arg;
	struct wrule	 key, *r;

	key.r = f->rule;
	r = bsearch(&key, k->rules, k->nrules, sizeof(*k->rules),
	    workers_rule_cmp);
	if (r == NULL) {
		k->lost++;
		return;
	}
	workers_keep(k, f, r->i);
}

/*
 * The emitter of a worker's part: its rules are the reading thread's,
 * which stay as they are while any event is in hand.
 */
static void
workers_part_emit(void *arg, const struct finding *f)
{
	workers_keep(arg, f, SIZE_MAX);
}

static const char *
workers_str(const struct wbuf *sl, const struct wfind *wf, enum wstr i)
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
	k->cur_ev = ev;
	for (i = 0; i < k->w->nan; i++)
		if (k->an[i].ctx != NULL) {
			k->cur_an = i;
			k->an[i].ops->process(k->an[i].ctx, ev);
		}
}

static int	workers_parts_done(struct workers *, uint64_t);

/*
 * Event seq is done (by a part, or the match analyzer): tell the
 * reading thread if it sleeps until what it waits for is done, the
 * last thread to finish its share of that does.  Each looks after its
 * store: of two finishing at once, one at least sees both.
 */
static void
workers_told(struct workers *w, uint64_t seq, int part)
{
	uint64_t	 ws;

	if (!atomic_load(&w->waiting) ||
	    (part && seq < atomic_load(&w->want_parts)))
		return;
	ws = atomic_load(&w->want_seq);
	if ((!part && seq != ws) || (ws != 0 &&
	    atomic_load(&w->slot[ws & w->mask].done) != ws) ||
	    !workers_parts_done(w, atomic_load(&w->want_parts)))
		return;
	pthread_mutex_lock(&w->mu);
	pthread_cond_broadcast(&w->done_cv);
	pthread_mutex_unlock(&w->mu);
}

/*
 * The match analyzer on event seq.  Its users one by one change a
 * message to several recipients, which a part may be reading: that one
 * on a copy.  Anything else is read where it is, by every thread at
 * once, and share the answers kept in its memo.
 */
static void
workers_event(struct worker *k, uint64_t seq)
{
	struct workers	*w = k->w;
	struct logevent	*ev = &w->ring[seq & w->mask], copy;

	k->sl = &w->slot[seq & w->mask];
	k->cur = &k->sl->m;
	k->cur->nf = 0;
	k->cur->tlen = 0;
	if (!pipeline_many_users(ev))
		workers_pass(k, ev, 0);
	else {
		if (w->pan != SIZE_MAX) {
			copy = *ev;
			ev = &copy;
		}
		pipeline_each_user(ev, workers_pass, k);
	}
	atomic_store(&k->sl->done, seq);
	workers_told(w, seq, 0);
}

/* Worker k's part of the analyzer split in parts, on one user. */
static void
workers_part_pass(void *arg, struct logevent *ev, size_t pass)
{
	struct worker	*k = arg;
	struct wslot	*sl = k->sl;

	k->cur_pass = pass;
	k->cur_ev = ev;
	k->w->ops[k->w->pan]->part_process(k->w->pctx, k->part, ev,
	    pass < sl->npg ? &sl->pg[pass] : NULL);
}

static void
workers_part_event(struct worker *k, uint64_t seq)
{
	struct workers	*w = k->w;
	struct logevent	*ev = &w->ring[seq & w->mask], copy;
	uint64_t	 c;

	k->sl = &w->slot[seq & w->mask];
	k->cur = &k->sl->pb[k->part];
	k->cur->nf = 0;
	k->cur->tlen = 0;
	k->cur_an = w->pan;
	if (!pipeline_many_users(ev))
		workers_part_pass(k, ev, 0);
	else {
		copy = *ev;
		pipeline_each_user(&copy, workers_part_pass, k);
	}
	atomic_store(&k->pdone, seq);
	workers_told(w, seq, 1);
	/*
	 * The match analyzer's events up to this one that no worker has
	 * taken: the part furthest ahead takes them as it goes (and is
	 * slowed by them until another passes it), this one while it is
	 * in the worker's caches.  The count only grows: one seen past
	 * seq is past it still, and the line it is on, which the part
	 * ahead writes, is not read again.
	 */
	while (k->seen_next <= seq) {
		c = atomic_load(&w->next);
		k->seen_next = c;
		if (c > seq)
			break;
		if (atomic_compare_exchange_weak(&w->next, &c, c + 1)) {
			k->seen_next = c + 1;
			workers_event(k, c);
		}
	}
}

/* Whether every part is done with event seq. */
static int
workers_parts_done(struct workers *w, uint64_t seq)
{
	size_t	 i;

	if (w->pan == SIZE_MAX)
		return 1;
	for (i = 0; i < w->n; i++)
		if (atomic_load(&w->wk[i].pdone) < seq)
			return 0;
	return 1;
}

/* Whether worker k has something to do. */
static int
workers_work(struct worker *k)
{
	struct workers	*w = k->w;
	uint64_t	 p = atomic_load(&w->pub);

	return atomic_load(&w->next) <= p || (w->pan != SIZE_MAX &&
	    k->pnext <= p) || atomic_load(&w->stop);
}

/* Nothing to claim: look a while, then sleep until woken. */
static void
workers_idle(struct worker *k)
{
	struct workers	*w = k->w;
	int		 i;

	for (i = 0; i < WORKERS_SPIN; i++)
		if (workers_work(k))
			return;
	pthread_mutex_lock(&w->mu);
	atomic_store(&w->asleep[k->part], 1);
	atomic_fetch_add(&w->sleepers, 1);
	while (atomic_load(&w->asleep[k->part]) && !workers_work(k))
		pthread_cond_wait(&w->cv[k->part], &w->mu);
	atomic_store(&w->asleep[k->part], 0);
	atomic_fetch_sub(&w->sleepers, 1);
	pthread_mutex_unlock(&w->mu);
}

/*
 * Event seq published (p the newest) ahead of its part's turn, stage
 * 0 or 1 (analyzer.h, part_prefetch).  Not a
 * message to several users, whose passes each key anew.
 */
static void
workers_part_ahead(struct worker *k, uint64_t seq, uint64_t p, int stage)
{
	struct workers	*w = k->w;
	struct wslot	*sl = &w->slot[seq & w->mask];

	if (seq > p || w->ops[w->pan]->part_prefetch == NULL ||
	    sl->npg == 0 || pipeline_many_users(&w->ring[seq & w->mask]))
		return;
	w->ops[w->pan]->part_prefetch(w->pctx, k->part,
	    &w->ring[seq & w->mask], &sl->pg[0], stage);
}

/*
 * Event seq published (p the newest), further ahead of its part's turn
 * than the stages: the event the reading thread wrote starts loading
 * into this worker's caches (text 0), then, once that is in, its line
 * and decoded values and what the reading thread worked out for the
 * parts (text 1).  The slot is not written again before this part is
 * done with it.
 */
static void
workers_part_load(struct worker *k, uint64_t seq, uint64_t p, int text)
{
	struct workers	*w = k->w;
	struct wslot	*sl = &w->slot[seq & w->mask];

	if (seq > p)
		return;
	if (!text) {
		logevent_prefetch(&w->ring[seq & w->mask], 0, 0, 0);
		prefetch_lines(sl, sizeof(*sl));
		return;
	}
	logevent_prefetch(&w->ring[seq & w->mask], 0, 1, 1024);
	if (sl->npg > 0)
		prefetch_lines(&sl->pg[0], sizeof(sl->pg[0]));
}

/*
 * The analyzers this thread runs whole (the match analyzer), stage 1
 * of their work ahead on event seq, when this part was the one furthest
 * ahead when it last looked, which takes such events as it passes them
 * (workers_part_event).  Ahead of this part the slot is not
 * written again, whoever takes the event.
 */
static void
workers_whole_ahead(struct worker *k, uint64_t seq, uint64_t p)
{
	struct workers	*w = k->w;
	size_t		 i;

	if (seq > p || k->seen_next > k->pnext ||
	    pipeline_many_users(&w->ring[seq & w->mask]))
		return;
	for (i = 0; i < w->nan; i++)
		if (k->an[i].ctx != NULL && k->an[i].ops->prefetch != NULL)
			k->an[i].ops->prefetch(k->an[i].ctx,
			    &w->ring[seq & w->mask], 1);
}

/* Its part's next events, a batch at most; 0 when there are none. */
static int
workers_part_batch(struct worker *k, uint64_t p)
{
	uint64_t	 end;

	if (k->w->pan == SIZE_MAX || k->pnext > p)
		return 0;
	end = p - k->pnext + 1 < WORKERS_BATCH ? p + 1 :
	    k->pnext + WORKERS_BATCH;
	for (; k->pnext < end; k->pnext++) {
		workers_part_load(k, k->pnext + WORKERS_LOAD, p, 0);
		workers_part_load(k, k->pnext + WORKERS_LOAD - 2, p, 1);
		workers_part_ahead(k, k->pnext + ANALYZER_AHEAD, p, 0);
		workers_part_ahead(k, k->pnext + ANALYZER_STEP, p, 1);
		workers_whole_ahead(k, k->pnext + ANALYZER_STEP, p);
		workers_part_event(k, k->pnext);
	}
	return 1;
}

static void *
workers_main(void *arg)
{
	struct worker	*k = arg;
	struct workers	*w = k->w;
	uint64_t	 c, p, n, s;

	for (;;) {
		p = atomic_load(&w->pub);
		/* Its part first: every event waits for every part. */
		if (workers_part_batch(k, p))
			continue;
		c = atomic_load(&w->next);
		if (c > p) {
			if (atomic_load(&w->stop))
				break;
			workers_idle(k);
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

/*
 * Worker i woken if it sleeps: the first to clear its flag signals it.
 * The sleeper set the flag and looks at its work under the mutex, and
 * the signal is given under it: it is either waiting or sees the flag
 * cleared.
 */
static void
workers_wake(struct workers *w, size_t i)
{
	int	 one = 1;

	if (!atomic_load(&w->asleep[i]) ||
	    !atomic_compare_exchange_strong(&w->asleep[i], &one, 0))
		return;
	pthread_mutex_lock(&w->mu);
	pthread_cond_signal(&w->cv[i]);
	pthread_mutex_unlock(&w->mu);
}

/*
 * The sleeping workers with work up to event seq woken: with parts,
 * each whose part is not there yet (the part ahead also takes the
 * match analyzer's events); without, one if any match event up to seq
 * waits, or all when all.
 */
static void
workers_kick(struct workers *w, uint64_t seq, int all)
{
	size_t	 i;

	if (atomic_load(&w->sleepers) == 0)
		return;
	for (i = 0; i < w->n; i++) {
		if (w->pan != SIZE_MAX) {
			if (atomic_load(&w->wk[i].pdone) < seq)
				workers_wake(w, i);
		} else if (atomic_load(&w->next) <= seq &&
		    atomic_load(&w->asleep[i])) {
			workers_wake(w, i);
			if (!all)
				return;
		}
	}
}

/*
 * Event seq published.  A sleeping worker is woken once WORKERS_WAKE
 * events wait for it, not for each: a part that keeps up with the
 * reading thread would otherwise be woken for every event it is given.
 */
void
workers_publish(struct workers *w, uint64_t seq)
{
	atomic_store(&w->pub, seq);
	if (atomic_load(&w->sleepers) == 0 || seq < WORKERS_WAKE(w))
		return;
	workers_kick(w, seq - WORKERS_WAKE(w) + 1, 0);
}

struct part_given *
workers_given(struct workers *w, uint64_t seq, size_t pass)
{
	struct wslot		*sl = &w->slot[seq & w->mask];
	struct part_given	*v;
	size_t			 cap;

	if (pass == 0)
		sl->npg = 0;
	if (pass != sl->npg)
		return NULL;
	if (pass == sl->pgcap) {
		cap = sl->pgcap ? 2 * sl->pgcap : 1;
		if ((v = reallocarray(sl->pg, cap, sizeof(*v))) == NULL)
			return NULL;	/* the part works it out itself */
		sl->pg = v;
		sl->pgcap = cap;
	}
	return &sl->pg[sl->npg++];
}

int
workers_done(struct workers *w, uint64_t seq)
{
	return atomic_load(&w->slot[seq & w->mask].done) == seq &&
	    workers_parts_done(w, seq);
}

/* No thread could be started again (a reload): seq's work done here. */
static void
workers_here(struct workers *w, uint64_t seq)
{
	size_t	 i;

	if (w->nrunning > 0)
		return;
	while (atomic_load(&w->next) <= seq)
		workers_event(&w->wk[0], atomic_fetch_add(&w->next, 1));
	for (i = 0; w->pan != SIZE_MAX && i < w->n; i++)
		while (w->wk[i].pnext <= seq)
			workers_part_event(&w->wk[i], w->wk[i].pnext++);
}

/* How many events the slowest part is short of event seq. */
static uint64_t
workers_short(struct workers *w, uint64_t seq)
{
	uint64_t	 d, most = 0;
	size_t		 i;

	for (i = 0; w->pan != SIZE_MAX && i < w->n; i++) {
		d = atomic_load(&w->wk[i].pdone);
		if (d < seq && seq - d > most)
			most = seq - d;
	}
	return most;
}

/*
 * Until event seq is done by the parts, and by the match analyzer if
 * match: worked here if no thread runs, else waited for.  Asleep, it
 * waits for the parts to be a quarter of the ring further (or done with
 * all published), so that the slowest part does not wake it for every
 * event it finishes, nor for every few.
 */
static void
workers_until(struct workers *w, uint64_t seq, int match)
{
	uint64_t	 p = atomic_load(&w->pub), far;
	int		 i;

	if (match ? workers_done(w, seq) : workers_parts_done(w, seq))
		return;
	workers_here(w, seq);
	far = seq + WORKERS_WAKE(w) < p ? seq + WORKERS_WAKE(w) : p;
	workers_kick(w, far, 1);
	/* Far off, the wait is long: asleep at once. */
	for (i = 0; workers_short(w, seq) <= WORKERS_NEAR &&
	    i < WORKERS_SPIN_READ; i++)
		if (match ? workers_done(w, seq) : workers_parts_done(w, seq))
			return;
	pthread_mutex_lock(&w->mu);
	atomic_store(&w->want_seq, match ? seq : 0);
	atomic_store(&w->want_parts, far);
	atomic_store(&w->waiting, 1);
	while ((match && atomic_load(&w->slot[seq & w->mask].done) != seq) ||
	    !workers_parts_done(w, far))
		pthread_cond_wait(&w->done_cv, &w->mu);
	atomic_store(&w->waiting, 0);
	pthread_mutex_unlock(&w->mu);
}

void
workers_wait(struct workers *w, uint64_t seq)
{
	workers_until(w, seq, 1);
}

void
workers_wait_parts(struct workers *w, uint64_t seq)
{
	workers_until(w, seq, 0);
}

/* A finding kept, to em as it was made: rule r, evidence ev's. */
static void
workers_give(struct workers *w, const struct wbuf *b, const struct wfind *wf,
    const struct rule *r, const struct logevent *ev,
    const struct emitter *em)
{
	struct finding	 f = wf->f;

	f.rule = r;
	f.reason = workers_str(b, wf, WS_REASON);
	f.ind.value = workers_str(b, wf, WS_VALUE);
	f.ind.type = workers_str(b, wf, WS_TYPE);
	f.ind.list = workers_str(b, wf, WS_LIST);
	f.ind.source = workers_str(b, wf, WS_SOURCE);
	f.ind.description = workers_str(b, wf, WS_DESC);
	f.ind.matched = workers_str(b, wf, WS_MATCHED);
	switch (wf->ev) {
	case WEV_NONE:
		f.ev = NULL;
		break;
	case WEV_SAME:
		f.ev = ev;
		break;
	case WEV_NAMED:
		/* As the statistical analyzer's stats_name made it. */
		w->named = *ev;
		w->named.dst_domain.p = workers_str(b, wf, WS_NAME);
		w->named.dst_domain.len = wf->name_len;
		w->named.seq = 0;
		w->named.memo = NULL;
		f.ev = &w->named;
		break;
	}
	em->emit(em->arg, &f);
}

/* Where rule r is in rs (the order parts' findings go in); or last. */
static size_t
workers_rank(struct workers *w, const struct ruleset *rs,
    const struct rule *r)
{
	struct wrule	 key, *v;
	size_t		 i;

	if (w->rank_rs != rs) {
		free(w->rank);
		w->nrank = 0;
		w->rank_rs = NULL;
		if ((w->rank = calloc(rs->nrules + 1, sizeof(*w->rank))) ==
		    NULL)
			return SIZE_MAX;
		for (i = 0; i < rs->nrules; i++) {
			w->rank[i].r = rs->rules[i];
			w->rank[i].i = i;
		}
		w->nrank = rs->nrules;
		qsort(w->rank, w->nrank, sizeof(*w->rank), workers_rule_cmp);
		w->rank_rs = rs;
	}
	key.r = r;
	v = bsearch(&key, w->rank, w->nrank, sizeof(*w->rank),
	    workers_rule_cmp);
	return v != NULL ? v->i : SIZE_MAX;
}

/*
 * The parts' findings of a pass, merged in the order of their rules:
 * each part's are in that order, and a rule is in one part.
 */
static void
workers_replay_parts(struct workers *w, struct wslot *sl, size_t pass,
    const struct ruleset *rs, const struct emitter *em,
    const struct logevent *ev)
{
	size_t		 pos[WORKERS_MAX], p, best, rank, brank = 0, nf = 0;
	struct wbuf	*b;

	/* Mostly none: nothing to merge. */
	for (p = 0; p < w->n; p++) {
		nf += sl->pb[p].nf;
		pos[p] = 0;
	}
	if (nf == 0)
		return;
	for (;;) {
		best = SIZE_MAX;
		for (p = 0; p < w->n; p++) {
			b = &sl->pb[p];
			while (pos[p] < b->nf && b->f[pos[p]].pass != pass)
				pos[p]++;
			if (pos[p] == b->nf)
				continue;
			rank = workers_rank(w, rs, b->f[pos[p]].f.rule);
			if (best == SIZE_MAX || rank < brank) {
				best = p;
				brank = rank;
			}
		}
		if (best == SIZE_MAX)
			break;
		b = &sl->pb[best];
		workers_give(w, b, &b->f[pos[best]], b->f[pos[best]].f.rule,
		    ev, em);
		pos[best]++;
	}
}

void
workers_replay(struct workers *w, const struct logevent *ev, size_t an,
    size_t pass, const struct ruleset *rs, const struct emitter *em)
{
	struct wslot	*sl = &w->slot[ev->seq & w->mask];
	struct wbuf	*b = &sl->m;
	size_t		 i;

	if (an == w->pan) {
		workers_replay_parts(w, sl, pass, rs, em, ev);
		return;
	}
	for (i = 0; i < b->nf; i++) {
		if (b->f[i].an != an || b->f[i].pass != pass)
			continue;
		/* Never, as workers_rules_map checks: one rule set or none. */
		if (b->f[i].rule >= rs->nrules)
			continue;
		workers_give(w, b, &b->f[i], rs->rules[b->f[i].rule], ev, em);
	}
}

int
workers_runs(const struct workers *w, size_t an)
{
	return an < w->nan && ((w->ops[an]->flags & ANALYZER_PURE) ||
	    an == w->pan);
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

	/* The reading thread loaded the same files and told what it met. */
	cerrors_quiet(1);
	k->c = config_load(main->path, &errs);
	cerrors_quiet(0);
	if (k->c == NULL) {
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
	for (i = 0; i < w->n; i++)
		pthread_cond_signal(&w->cv[i]);
	pthread_mutex_unlock(&w->mu);
	for (i = 0; i < w->n; i++)
		if (w->wk[i].running) {
			pthread_join(w->wk[i].th, NULL);
			w->wk[i].running = 0;
		}
	w->nrunning = 0;
}

/* n zeroed elements of size bytes on cache lines of their own. */
static void *
workers_lines(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size > SIZE_MAX / n ||
	    (p = aligned_alloc(64, (n * size + 63) / 64 * 64)) == NULL)
		return NULL;
	memset(p, 0, n * size);
	return p;
}

static int
workers_alloc(struct workers *w, size_t n, size_t nring)
{
	size_t	 i;

	if ((w->wk = calloc(n, sizeof(*w->wk))) == NULL ||
	    (w->slot = workers_lines(nring, sizeof(*w->slot))) == NULL ||
	    (w->asleep = calloc(n, sizeof(*w->asleep))) == NULL ||
	    (w->cv = calloc(n, sizeof(*w->cv))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		atomic_init(&w->asleep[i], 0);
		pthread_cond_init(&w->cv[i], NULL);
	}
	w->n = n;
	for (i = 0; i < nring; i++) {
		atomic_init(&w->slot[i].done, 0);
		if ((w->slot[i].pb = workers_lines(n,
		    sizeof(*w->slot[i].pb))) == NULL)
			return -1;
	}
	for (i = 0; i < n; i++) {
		w->wk[i].w = w;
		w->wk[i].part = i;
		w->wk[i].pnext = 1;
		atomic_init(&w->wk[i].pdone, 0);
		if ((w->wk[i].an = calloc(w->nan, sizeof(*w->wk[i].an))) ==
		    NULL)
			return -1;
	}
	return 0;
}

/*
 * Analyzer i (ctx) split in n parts, worker k's on its own rule set,
 * or as it is split given those anew (a reload).  0 or -1.
 */
static int
workers_split_one(struct workers *w, size_t i, void *ctx)
{
	struct emitter		*ems;
	const struct ruleset	**rss;
	size_t			 k;
	int			 rc = -1;

	ems = calloc(w->n, sizeof(*ems));
	rss = calloc(w->n, sizeof(*rss));
	if (ems != NULL && rss != NULL) {
		for (k = 0; k < w->n; k++) {
			ems[k].emit = workers_part_emit;
			ems[k].arg = &w->wk[k];
			rss[k] = w->wk[k].c != NULL ? w->wk[k].c->rs : NULL;
		}
		rc = w->ops[i]->split(ctx, w->n, ems, rss);
	}
	free(ems);
	free(rss);
	return rc;
}

/*
 * The first analyzer of an that splits in parts, split over the n
 * workers (one part each); none when it cannot be: the reading thread
 * runs it then, as with one thread.
 */
static void
workers_split(struct workers *w, const struct analyzer_inst *an)
{
	size_t	 i;

	w->pan = SIZE_MAX;
	for (i = 0; an != NULL && i < w->nan; i++)
		if (an[i].ops->split != NULL && an[i].ctx != NULL)
			break;
	if (an == NULL || i == w->nan)
		return;
	w->pctx = an[i].ctx;
	if (workers_split_one(w, i, w->pctx) == -1)
		return;
	w->pan = i;
	log_info("%s: rules in %zu parts, one a worker thread",
	    an[i].ops->name, w->n);
}

struct workers *
workers_new(const struct config *c, size_t n, struct logevent *ring,
    size_t nring, const struct analyzer_inst *an)
{
	struct workers	*w;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->done_cv, NULL);
	w->ring = ring;
	w->mask = nring - 1;
	w->ops = analyzer_table(&w->nan);
	atomic_init(&w->pub, 0);
	atomic_init(&w->next, 1);
	w->pan = SIZE_MAX;
	logevent_reset(&w->named);
	if (workers_alloc(w, n, nring) == -1) {
		log_warn("%s", __func__);
		goto fail;
	}
	if (workers_load_all(w->wk, w->wk, n, c) == -1)
		goto fail;
	workers_split(w, an);
	if (workers_start(w) == -1)
		goto fail;
	log_info("%zu worker threads started", n);
	return w;
fail:
	workers_free(w);
	return NULL;
}

static void
workers_buf_free(struct wbuf *b)
{
	free(b->f);
	free(b->text);
}

void
workers_free(struct workers *w)
{
	size_t	 i, j;

	if (w == NULL)
		return;
	workers_stop(w);
	/* The analyzer whole again, on the caller's thread. */
	if (w->pan != SIZE_MAX)
		(void)w->ops[w->pan]->split(w->pctx, 1, NULL, NULL);
	for (i = 0; w->wk != NULL && i < w->n; i++) {
		workers_unload(&w->wk[i]);
		free(w->wk[i].an);
		free(w->wk[i].rules);
		free(w->wk[i].folded);
	}
	for (i = 0; w->slot != NULL && i <= w->mask; i++) {
		workers_buf_free(&w->slot[i].m);
		for (j = 0; w->slot[i].pb != NULL && j < w->n; j++)
			workers_buf_free(&w->slot[i].pb[j]);
		free(w->slot[i].pb);
		free(w->slot[i].pg);
	}
	free(w->rank);
	free(w->wk);
	free(w->slot);
	pthread_mutex_destroy(&w->mu);
	for (i = 0; w->cv != NULL && i < w->n; i++)
		pthread_cond_destroy(&w->cv[i]);
	free(w->cv);
	free(w->asleep);
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
	/* What a worker keeps across a reload: its part's place. */
	for (i = 0; i < w->n; i++) {
		fresh[i].part = w->wk[i].part;
		fresh[i].pnext = w->wk[i].pnext;
		atomic_init(&fresh[i].pdone, atomic_load(&w->wk[i].pdone));
	}
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
	/*
	 * The analyzer's reload gave its parts the reading thread's
	 * conditions: now each worker's own again.
	 */
	if (w->pan != SIZE_MAX && workers_split_one(w, w->pan, w->pctx) == -1)
		log_warnx("%s: the parts keep the reading thread's rules",
		    __func__);
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
