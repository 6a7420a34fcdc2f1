/*
 * Following one input's files (tail.h): owns the open files matching the
 * glob, the rotated ones read to their end, the scan and poll timers and
 * the directory watch; hands lines on and commits offsets once their
 * alerts are written.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <event2/event.h>

#include "collector/logfile.h"
#include "collector/state.h"
#include "collector/tail.h"
#include "collector/watch.h"
#include "util/log.h"
#include "util/timeutil.h"

#define TAIL_SLICE_MS	5	/* reading per turn of the loop, at most */
#define TAIL_BATCH	64	/* lines between looks at the clock */
#define TAIL_GZ_CHECK	(1024 * 1024)	/* gzip bytes between pressure checks */
#define TAIL_MTIME_SLACK 1000	/* ms: clock granularity of mtime */
#define TAIL_QUIET_MS	1000	/* a new rotated file is judged this old */
#define TAIL_PENDING	8	/* truncations remembered until their copy */

/*
 * A truncation whose copy is not found yet: the file before it, and how
 * far its lines were handed out.
 */
struct ptrunc {
	struct fileid	 id;
	uint64_t	 off;
};

/* One file the input knows, open or not. */
struct tfile {
	struct tail	*t;
	char		*path;
	struct fileid	 id;
	struct logfile	*lf;		/* open plain file */
	struct reader	*gz;		/* gzip'd catch-up */
	uint64_t	 gz_from;	/* its lines before this were read */
	void		*fctx;
	uint64_t	 rd_off;	/* after the last line handed out */
	uint64_t	 off;		/* committed */
	uint64_t	 prev_hash;	/* of the bytes before off */
	uint32_t	 prev_len;
	uint64_t	 fin_hash;	/* of the bytes before rd_off, at close */
	uint32_t	 fin_len;
	int64_t		 mtime_ms;
	uint64_t	 size;		/* at the last scan (ignored files) */
	int64_t		 eof_ms;	/* at its end since, 0: not */
	int		 live;		/* matches path (not only rotated) */
	int		 seen;		/* found by the current scan */
	int		 ignore;	/* not to read (old, compressed) */
	int		 from_gz;	/* id names the file it was compressed from */
	int		 copy_wait;	/* a copy of a file not truncated yet */
	uint64_t	 wait_gen;	/* the input's truncations when judged */
	struct ptrunc	 pend[TAIL_PENDING];
	size_t		 npend;
};

struct cand {
	char		*path;
	struct stat	 st;
	int		 rotated;
	int		 claimed;
	int		 fd;
};

struct cands {
	struct cand	*v;
	size_t		 n;
};

struct tail {
	struct tail_conf conf;
	char		*path;
	char		*rotated;
	char		*name;
	struct tail_cbs	 cbs;
	struct event_base *base;
	struct watch	*watch;
	int		 watched;	/* every directory has its watch */
	struct event	*work;
	struct event	*tick;
	struct tfile	**f;
	size_t		 nf;
	int		 paused;
	int		 rescan;
	int		 read_all;
	int		 young;		/* a file to judge at the next scan */
	uint64_t	 truncs;	/* truncations seen: copies wait on it */
	size_t		 cursor;	/* the followed file to read first */
	int64_t		 last_scan;	/* monotonic */
	int64_t		 scan_ref;	/* wall clock: files newer are new */
	char		**bad;		/* paths complained about */
	size_t		 nbad;
	struct tail_stats st;		/* of closed files, and events */
};

static void	tail_work_cb(evutil_socket_t, short, void *);
static void	tail_tick_cb(evutil_socket_t, short, void *);

static int64_t
tail_mtime(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000 +
	    st->st_mtim.tv_nsec / 1000000;
}

static void
tail_schedule(struct tail *t)
{
	struct timeval	 tv = { 0, 0 };

	if (!t->paused)
		event_add(t->work, &tv);
}

/* Complaints ---------------------------------------------------------- */

/*
 * Say what is wrong with a path once, until it is right again; 1 when
 * it is said now.
 */
static int
tail_complain(struct tail *t, char ***nbad, size_t *nn, const char *path,
    const char *msg)
{
	char	**v;
	size_t	 i;
	int	 known = 0;

	for (i = 0; i < t->nbad; i++)
		if (strcmp(t->bad[i], path) == 0)
			known = 1;
	if (!known)
		log_warnx("input %s: %s: %s", t->name, path, msg);
	if ((v = reallocarray(*nbad, *nn + 1, sizeof(*v))) != NULL) {
		*nbad = v;
		if ((v[*nn] = strdup(path)) != NULL)
			(*nn)++;
	}
	return !known;
}

static void
tail_complaints_swap(struct tail *t, char **nbad, size_t nn)
{
	size_t	 i;

	for (i = 0; i < t->nbad; i++)
		free(t->bad[i]);
	free(t->bad);
	t->bad = nbad;
	t->nbad = nn;
}

/* Candidates: the files the globs match now ---------------------------- */

static void
cands_free(struct cands *cs)
{
	size_t	 i;

	for (i = 0; i < cs->n; i++) {
		if (cs->v[i].fd != -1)
			close(cs->v[i].fd);
		free(cs->v[i].path);
	}
	free(cs->v);
	cs->v = NULL;
	cs->n = 0;
}

static struct cand *
cands_find(struct cands *cs, const struct stat *st)
{
	size_t	 i;

	for (i = 0; i < cs->n; i++)
		if (cs->v[i].st.st_dev == st->st_dev &&
		    cs->v[i].st.st_ino == st->st_ino)
			return &cs->v[i];
	return NULL;
}

static int
cands_add(struct cands *cs, const char *path, const struct stat *st,
    int rotated)
{
	struct cand	*v;

	if ((v = reallocarray(cs->v, cs->n + 1, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	cs->v = v;
	v = &v[cs->n];
	memset(v, 0, sizeof(*v));
	v->fd = -1;
	v->st = *st;
	v->rotated = rotated;
	if ((v->path = strdup(path)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	cs->n++;
	return 0;
}

/*
 * A name a glob matched: a symbolic link is skipped (said once, and
 * counted) unless the input follows them, so that a link planted in a
 * log directory does not make detectd read what it points to.
 */
static int
tail_stat(struct tail *t, const char *path, struct stat *st, char ***nbad,
    size_t *nn)
{
	if (lstat(path, st) == -1 || (S_ISLNK(st->st_mode) &&
	    t->conf.follow_symlinks && stat(path, st) == -1)) {
		if (errno != ENOENT)
			(void)tail_complain(t, nbad, nn, path,
			    strerror(errno));
		return -1;
	}
	if (!S_ISLNK(st->st_mode))
		return 0;
	if (tail_complain(t, nbad, nn, path, "a symbolic link: skipped "
	    "(follow-symlinks no)"))
		t->st.symlinks++;
	return -1;
}

static void
tail_gather(struct tail *t, const char *pattern, int rotated,
    struct cands *cs, char ***nbad, size_t *nn)
{
	glob_t		 g;
	struct stat	 st;
	size_t		 i;

	memset(&g, 0, sizeof(g));
	if (glob(pattern, GLOB_BRACE, NULL, &g) != 0) {
		globfree(&g);
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		if (tail_stat(t, g.gl_pathv[i], &st, nbad, nn) == -1)
			continue;
		if (!S_ISREG(st.st_mode)) {
			if (!rotated)
				(void)tail_complain(t, nbad, nn,
				    g.gl_pathv[i], "not a regular file: "
				    "skipped");
			continue;
		}
		if (cands_find(cs, &st) == NULL)
			(void)cands_add(cs, g.gl_pathv[i], &st, rotated);
	}
	globfree(&g);
}

/* Open without blocking (a FIFO that slipped in), as a regular file. */
static int
cand_open(struct tail *t, struct cand *c, char ***nbad, size_t *nn)
{
	struct stat	 st;

	if (c->fd != -1)
		return c->fd;
	/* Not a link it was not (replaced since the glob matched). */
	c->fd = open(c->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
	    (t->conf.follow_symlinks ? 0 : O_NOFOLLOW));
	if (c->fd == -1) {
		(void)tail_complain(t, nbad, nn, c->path, strerror(errno));
		return -1;
	}
	if (fstat(c->fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_ino != c->st.st_ino || st.st_dev != c->st.st_dev) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	c->st = st;
	return c->fd;
}

static int
cand_is_gzip(struct cand *c)
{
	unsigned char	 m[2];

	return pread(c->fd, m, 2, 0) == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

/* Files ----------------------------------------------------------------- */

static void
tfile_line(void *arg, const struct rline *l)
{
	struct tfile	*tf = arg;
	struct tail	*t = tf->t;

	t->cbs.line(t->cbs.arg, tf->fctx, tf->path, l);
}

static void
tfile_pend_drop(struct tfile *tf, size_t i)
{
	memmove(&tf->pend[i], &tf->pend[i + 1], (tf->npend - i - 1) *
	    sizeof(*tf->pend));
	tf->npend--;
}

/*
 * Truncated: remember where its reading stopped until a copy of it is
 * found (copytruncate), every truncation, not only the last, since
 * copies are judged only once quiet.  The next tick looks for copies.
 */
static void
tfile_trunc(void *arg, const struct fileid *pre, uint64_t pre_off,
    int64_t mtime_ms)
{
	struct tfile	*tf = arg;
	struct tail	*t = tf->t;

	tf->rd_off = 0;
	if (pre->head_len > 0) {
		if (tf->npend == TAIL_PENDING) {
			log_info("input %s: %s: %d truncations without a copy "
			    "found: forgetting the oldest", t->name, tf->path,
			    TAIL_PENDING);
			tfile_pend_drop(tf, 0);
		}
		tf->pend[tf->npend].id = *pre;
		tf->pend[tf->npend++].off = pre_off;
	}
	t->truncs++;
	t->young = 1;
	t->cbs.file_restart(t->cbs.arg, tf->fctx, mtime_ms);
}

static struct tfile *
tfile_new(struct tail *t, const char *path, const struct stat *st)
{
	struct tfile	*tf, **v;

	if ((v = reallocarray(t->f, t->nf + 1, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	t->f = v;
	if ((tf = calloc(1, sizeof(*tf))) == NULL ||
	    (tf->path = strdup(path)) == NULL) {
		log_warn("%s", __func__);
		free(tf);
		return NULL;
	}
	tf->t = t;
	tf->id.dev = st->st_dev;
	tf->id.ino = st->st_ino;
	tf->mtime_ms = tail_mtime(st);
	tf->size = st->st_size;
	tf->seen = 1;
	t->f[t->nf++] = tf;
	return tf;
}

/* Take over fd and read the file from off. */
static int
tfile_open(struct tfile *tf, int fd, const struct stat *st, uint64_t off)
{
	struct tail	*t = tf->t;

	tf->lf = logfile_new(fd, st, off, t->conf.max_line, tfile_line,
	    tfile_trunc, tf);
	if (tf->lf == NULL)
		return -1;
	tf->id = *logfile_id(tf->lf);
	tf->rd_off = tf->off = logfile_consumed(tf->lf);
	tf->prev_len = 0;
	if (tf->off > 0)
		(void)fileid_prev(fd, tf->off, &tf->prev_hash, &tf->prev_len);
	tf->eof_ms = 0;
	tf->fctx = t->cbs.file_open(t->cbs.arg, tf->path, tail_mtime(st));
	if (tf->fctx == NULL) {
		logfile_free(tf->lf);
		tf->lf = NULL;
		return -1;
	}
	t->st.opened++;
	return 0;
}

static void
tfile_stats_add(struct tail_stats *a, const struct logfile_stats *s)
{
	a->lines += s->lines;
	a->bytes += s->bytes;
	a->cut += s->cut;
	a->truncations += s->truncations;
	a->nul_skipped += s->nul_skipped;
	a->partial += s->partial;
	a->read_errors += s->read_errors;
}

/* Done with an open file: its last partial line is whole now. */
static void
tfile_close(struct tfile *tf, int finish)
{
	struct tail	*t = tf->t;

	if (tf->lf != NULL) {
		if (finish)
			logfile_finish(tf->lf);
		tf->rd_off = logfile_consumed(tf->lf);
		tf->fin_len = 0;
		if (tf->rd_off > 0)
			(void)fileid_prev(logfile_fd(tf->lf), tf->rd_off,
			    &tf->fin_hash, &tf->fin_len);
		tf->id = *logfile_id(tf->lf);
		tfile_stats_add(&t->st, logfile_stats(tf->lf));
		logfile_free(tf->lf);
		tf->lf = NULL;
	}
	if (tf->gz != NULL) {
		tf->rd_off = reader_offset(tf->gz);
		reader_free(tf->gz);
		tf->gz = NULL;
	}
	if (tf->fctx != NULL)
		t->cbs.file_close(t->cbs.arg, tf->fctx);
	tf->fctx = NULL;
}

static void
tfile_free(struct tfile *tf)
{
	if (tf == NULL)
		return;
	tfile_close(tf, 0);
	free(tf->path);
	free(tf);
}

static void
tail_remove(struct tail *t, size_t i)
{
	tfile_free(t->f[i]);
	memmove(&t->f[i], &t->f[i + 1], (t->nf - i - 1) * sizeof(*t->f));
	t->nf--;
}

static int
tfile_rename(struct tfile *tf, const char *path)
{
	char	*p;

	if (strcmp(tf->path, path) == 0)
		return 0;
	if ((p = strdup(path)) == NULL)
		return -1;
	log_info("input %s: %s is now %s", tf->t->name, tf->path, path);
	free(tf->path);
	tf->path = p;
	return 0;
}

/* Reading --------------------------------------------------------------- */

/* One line of a gzip'd file; 1 to stop reading (back-pressure). */
static int
tfile_gz_line(struct tfile *tf, const struct rline *l, size_t *since)
{
	struct tail	*t = tf->t;

	t->cbs.line(t->cbs.arg, tf->fctx, tf->path, l);
	t->st.lines++;
	t->st.bytes += l->len + 1;
	*since += l->len + 1;
	if (*since < TAIL_GZ_CHECK)
		return 0;
	*since = 0;
	tf->rd_off = reader_offset(tf->gz);
	return t->cbs.pressure(t->cbs.arg) == -1 || t->paused;
}

static int
tfile_pump_gz(struct tfile *tf, int64_t until)
{
	struct tail	*t = tf->t;
	struct rline	 l;
	size_t		 since = 0, lines = 0;

	while (reader_next(tf->gz, &l) == 1) {
		if (l.off >= tf->gz_from && tfile_gz_line(tf, &l, &since))
			return 1;
		if (++lines % TAIL_BATCH == 0 &&
		    time_now_ms(CLOCK_MONOTONIC) >= until) {
			tf->rd_off = reader_offset(tf->gz);
			return 1;
		}
	}
	log_info("input %s: %s: compressed file read to its end", t->name,
	    tf->path);
	tfile_close(tf, 1);
	return 0;
}

/*
 * Read a file until its end, the end of this turn's time, or
 * back-pressure.  Returns 1 when reading stopped before the end.
 */
static int
tfile_pump(struct tfile *tf, int64_t until)
{
	struct tail	*t = tf->t;
	size_t		 nread;
	int		 rc;

	if (tf->gz != NULL)
		return tfile_pump_gz(tf, until);
	for (;;) {
		rc = logfile_read(tf->lf, tf->path, TAIL_BATCH, &nread);
		if (rc == -1) {
			tfile_close(tf, 0);
			return 0;
		}
		tf->rd_off = logfile_consumed(tf->lf);
		if (rc == 0) {
			if (tf->eof_ms == 0)
				tf->eof_ms = time_now_ms(CLOCK_MONOTONIC);
			return 0;
		}
		tf->eof_ms = 0;
		if (nread > 0 && (t->cbs.pressure(t->cbs.arg) == -1 ||
		    t->paused))
			return 1;
		if (time_now_ms(CLOCK_MONOTONIC) >= until)
			return 1;
	}
}

/* Leave the files that left the glob once quiet for rotate-wait. */
static void
tail_expire(struct tail *t, int64_t now)
{
	struct tfile	*tf;
	size_t		 i;

	for (i = 0; i < t->nf; i++) {
		tf = t->f[i];
		if (tf->lf == NULL || tf->live || tf->eof_ms == 0 ||
		    now - tf->eof_ms < t->conf.rotate_wait_ms)
			continue;
		log_info("input %s: %s: done with the rotated file", t->name,
		    tf->path);
		tfile_close(tf, 1);
	}
}

static void tail_scan(struct tail *);

/*
 * One turn of reading, bounded in time so that timers, signals and the
 * listeners keep their turns under a saturated input.  Files left by
 * rotation come first, to their end (lines in the order written); the
 * followed ones take turns, from the one after the last to use a whole
 * turn.  Returns 1 when there is more to read.
 */
static int
tail_pump_all(struct tail *t, int all, int64_t until)
{
	struct tfile	*tf;
	size_t		 i, k;

	for (i = 0; i < t->nf; i++) {
		tf = t->f[i];
		if (!tf->live && (tf->lf != NULL || tf->gz != NULL) &&
		    tfile_pump(tf, until) == 1)
			return 1;
	}
	for (k = 0; all && k < t->nf; k++) {
		i = (t->cursor + k) % t->nf;
		tf = t->f[i];
		if (tf->live && (tf->lf != NULL || tf->gz != NULL) &&
		    tfile_pump(tf, until) == 1) {
			t->cursor = i + 1;
			return 1;
		}
	}
	return 0;
}

static void
tail_work(struct tail *t)
{
	int64_t		 until = time_now_ms(CLOCK_MONOTONIC) + TAIL_SLICE_MS;
	int		 all;

	if (t->paused)
		return;
	if (t->rescan) {
		t->rescan = 0;
		tail_scan(t);
	}
	all = t->read_all || t->watch == NULL || !t->watched;
	t->read_all = 0;
	if (tail_pump_all(t, all, until) == 1) {
		/* Come back after the other events had their turn. */
		t->read_all = 1;
		tail_schedule(t);
		return;
	}
	tail_expire(t, time_now_ms(CLOCK_MONOTONIC));
}

static void
tail_work_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	tail_work(arg);
}

static void
tail_partial(struct tail *t, int64_t now)
{
	size_t	 i;

	for (i = 0; i < t->nf; i++)
		if (t->f[i]->lf != NULL)
			logfile_partial(t->f[i]->lf, t->f[i]->path, now,
			    t->conf.partial_wait_ms);
}

static void
tail_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tail	*t = arg;
	int64_t		 now = time_now_ms(CLOCK_MONOTONIC);

	(void)fd;
	(void)what;
	if (t->paused)
		return;
	/* Without inotify, or a directory not watched yet: poll. */
	if (t->watch == NULL || !t->watched || t->young ||
	    now - t->last_scan >= t->conf.rescan_ms) {
		t->rescan = 1;
		t->read_all = 1;
	}
	tail_partial(t, now);
	/* Files left by rotation are polled until they are done. */
	tail_schedule(t);
}

static void
tail_watch_cb(void *arg, const char *name, int what)
{
	struct tail	*t = arg;

	(void)name;
	if (what & (WATCH_NAMES | WATCH_RESCAN))
		t->rescan = 1;
	t->read_all = 1;
	tail_schedule(t);
}

/* Watch the directories the globs look in. */
static void
tail_watch_dirs(struct tail *t, const char *pattern)
{
	char	*copy, *dir;
	glob_t	 g;
	size_t	 i;

	if (t->watch == NULL || pattern == NULL ||
	    (copy = strdup(pattern)) == NULL)
		return;
	dir = dirname(copy);
	if (strpbrk(dir, "*?[{") == NULL) {
		if (watch_dir(t->watch, dir, tail_watch_cb, t) == -1)
			t->watched = 0;
	} else {
		memset(&g, 0, sizeof(g));
		if (glob(dir, GLOB_BRACE | GLOB_ONLYDIR, NULL, &g) == 0)
			for (i = 0; i < g.gl_pathc; i++)
				if (watch_dir(t->watch, g.gl_pathv[i],
				    tail_watch_cb, t) == -1)
					t->watched = 0;
		globfree(&g);
	}
	free(copy);
}

/* Scanning while running ---------------------------------------------- */

/*
 * The file known under this inode: an open one first (its descriptor
 * keeps the inode from being reused), then one closed.  Compressed
 * copies are named after a file that is gone, whose inode is free.
 */
static struct tfile *
tail_find(struct tail *t, const struct stat *st)
{
	struct tfile	*tf, *closed = NULL;
	size_t		 i;

	for (i = 0; i < t->nf; i++) {
		tf = t->f[i];
		if (tf->from_gz || tf->id.dev != (uint64_t)st->st_dev ||
		    tf->id.ino != (uint64_t)st->st_ino)
			continue;
		if (tf->lf != NULL)
			return tf;
		if (closed == NULL)
			closed = tf;
	}
	return closed;
}

/*
 * Whether a known but closed file is still the one under this inode:
 * unchanged size and time, or the same head (the inode was not reused).
 */
static int
tail_same_closed(struct tail *t, struct tfile *tf, struct cand *c,
    char ***nbad, size_t *nn)
{
	if ((uint64_t)c->st.st_size == tf->size &&
	    tail_mtime(&c->st) == tf->mtime_ms)
		return 1;
	if (tf->ignore && tf->id.head_len == 0)
		return 0;
	if (cand_open(t, c, nbad, nn) == -1)
		return 1;	/* cannot tell: keep what is known */
	return fileid_head_same(c->fd, &tf->id);
}

/* What a rotated file detectd did not know is. */
enum tail_judgement {
	TJ_NEW,		/* not a copy: read from its start */
	TJ_OLD,		/* not a copy, from before the last scan: left alone */
	TJ_COPY,	/* a copy of a truncated file: read from off */
	TJ_DONE,	/* a copy of a truncated file holding nothing unread */
	TJ_WAIT,	/* a copy of a file not truncated yet */
	TJ_END		/* read from its end (the first start) */
};

/*
 * Whether a file is a copy (copytruncate) of one being read, by its
 * head.  A copy of a file truncated since is read from where the reading
 * of that file stopped, when it holds more.  A copy of a file still
 * whole waits for the truncation: until then everything in it is in the
 * file still, and only the truncation tells how far it was read.
 */
static enum tail_judgement
tail_judge_copy(struct tail *t, struct cand *c, uint64_t *off)
{
	const struct fileid	*id;
	struct fhead		 h;
	struct tfile		*tf;
	size_t			 i, j;

	if (fhead_read(c->fd, &h) == -1 || h.len == 0)
		return TJ_NEW;
	for (i = 0; i < t->nf; i++) {
		tf = t->f[i];
		for (j = 0; j < tf->npend; j++) {
			if (!fhead_is(&h, &tf->pend[j].id))
				continue;
			*off = tf->pend[j].off;
			tfile_pend_drop(tf, j);
			return (uint64_t)c->st.st_size > *off ? TJ_COPY :
			    TJ_DONE;
		}
	}
	for (i = 0; i < t->nf; i++) {
		if (t->f[i]->lf == NULL)
			continue;
		id = logfile_id(t->f[i]->lf);
		if (id->head_len > 0 && fhead_is(&h, id))
			return TJ_WAIT;
	}
	return TJ_NEW;
}

/*
 * A file under a rotated name: a copy, or a file rotated out of sight
 * (read if it changed since the last scan), or an old or compressed one.
 */
static enum tail_judgement
tail_judge(struct tail *t, struct cand *c, int had_state, uint64_t *off)
{
	enum tail_judgement	 j;

	*off = 0;
	if (cand_is_gzip(c))
		return TJ_OLD;
	j = tail_judge_copy(t, c, off);
	if (j == TJ_NEW && (!had_state ||
	    tail_mtime(&c->st) < t->scan_ref - TAIL_MTIME_SLACK))
		return TJ_OLD;
	return j;
}

/* Act on a judgement: read the file from off, or remember it unread. */
static void
tail_take(struct tail *t, struct tfile *tf, struct cand *c,
    enum tail_judgement j, uint64_t off)
{
	int	 fd;

	if (j == TJ_COPY)
		log_info("input %s: %s is a copy of a followed file: reading "
		    "it from offset %llu", t->name, c->path,
		    (unsigned long long)off);
	else if (j == TJ_DONE)
		log_info("input %s: %s is a copy of a followed file, read "
		    "already", t->name, c->path);
	else if (j == TJ_WAIT)
		log_info("input %s: %s is a copy of a followed file not "
		    "truncated yet: waiting for its truncation", t->name,
		    c->path);
	else if (j == TJ_NEW && t->last_scan != 0)
		log_info("input %s: following %s", t->name, c->path);
	else if (j == TJ_NEW)
		log_info("input %s: %s: reading it from the start", t->name,
		    c->path);
	if (j == TJ_OLD || j == TJ_DONE || j == TJ_WAIT) {
		tf->ignore = 1;
		tf->copy_wait = j == TJ_WAIT;
		tf->wait_gen = t->truncs;
		return;
	}
	fd = c->fd;
	c->fd = -1;
	if (tfile_open(tf, fd, &c->st, off) == -1)
		tail_remove(t, t->nf - 1);
}

static void
tail_new_file(struct tail *t, struct cand *c, char ***nbad, size_t *nn)
{
	struct tfile		*tf;
	enum tail_judgement	 j = TJ_NEW;
	uint64_t		 off = 0;

	/*
	 * A file that just appeared under a rotated name may be a copy
	 * still being written (copytruncate): judge it once it is quiet.
	 */
	if (c->rotated && time_now_ms(CLOCK_REALTIME) - tail_mtime(&c->st) <
	    TAIL_QUIET_MS) {
		t->young = 1;
		return;
	}
	if (cand_open(t, c, nbad, nn) == -1)
		return;
	if (c->rotated)
		j = tail_judge(t, c, 1, &off);
	if ((tf = tfile_new(t, c->path, &c->st)) == NULL)
		return;
	tf->live = !c->rotated;
	tail_take(t, tf, c, j, off);
}

/* A copy waiting for its file's truncation, after one: judged again. */
static void
tail_rejudge(struct tail *t, struct tfile *tf, struct cand *c,
    char ***nbad, size_t *nn)
{
	enum tail_judgement	 j;
	uint64_t		 off;

	tf->wait_gen = t->truncs;
	if (cand_open(t, c, nbad, nn) == -1)
		return;
	if ((j = tail_judge_copy(t, c, &off)) == TJ_WAIT)
		return;
	tf->copy_wait = 0;
	if (j == TJ_DONE)
		log_info("input %s: %s: the file it copies was truncated: "
		    "nothing in it is unread", t->name, c->path);
	if (j == TJ_COPY) {
		log_info("input %s: %s: the file it copies was truncated: "
		    "reading it from offset %llu", t->name, c->path,
		    (unsigned long long)off);
		tf->ignore = 0;
		tf->rd_off = tf->off = off;
	}
}

static void
tail_seen(struct tail *t, struct tfile *tf, struct cand *c, char ***nbad,
    size_t *nn)
{
	int	 fd;

	tf->seen = 1;
	(void)tfile_rename(tf, c->path);
	if (tf->copy_wait && tf->wait_gen != t->truncs)
		tail_rejudge(t, tf, c, nbad, nn);
	if (tf->ignore && !c->rotated) {
		/* An old file moved back under the path: a new one. */
		tf->ignore = 0;
		tf->rd_off = tf->off = 0;
	}
	if (tf->lf != NULL && tf->live && c->rotated) {
		log_info("input %s: rotated: reading %s to its end", t->name,
		    c->path);
		t->st.rotations++;
		tf->eof_ms = 0;
	}
	tf->live = !c->rotated;
	tf->size = c->st.st_size;
	tf->mtime_ms = tail_mtime(&c->st);
	/* A closed file that grew, or came back under the path. */
	if (tf->lf == NULL && !tf->ignore &&
	    (tf->live || (uint64_t)c->st.st_size > tf->rd_off) &&
	    (fd = cand_open(t, c, nbad, nn)) != -1) {
		c->fd = -1;
		(void)tfile_open(tf, fd, &c->st, tf->rd_off);
	}
}

static void
tail_scan_cands(struct tail *t, struct cands *cs, char ***nbad, size_t *nn)
{
	struct tfile	*tf;
	struct cand	*c;
	size_t		 i, j;

	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		tf = tail_find(t, &c->st);
		if (tf != NULL && tf->lf == NULL &&
		    !tail_same_closed(t, tf, c, nbad, nn)) {
			/* The inode was reused for another file. */
			for (j = 0; t->f[j] != tf; j++)
				;
			if (tf->off != tf->rd_off)
				tf->id.ino = 0;	/* keep until committed */
			else
				tail_remove(t, j);
			tf = NULL;
		}
		if (tf != NULL)
			tail_seen(t, tf, c, nbad, nn);
		else
			tail_new_file(t, c, nbad, nn);
	}
}

static void
tail_scan(struct tail *t)
{
	struct cands	 cs = { NULL, 0 };
	char		**nbad = NULL;
	size_t		 nn = 0, i;
	struct tfile	*tf;

	t->young = 0;
	for (i = 0; i < t->nf; i++)
		t->f[i]->seen = 0;
	tail_gather(t, t->path, 0, &cs, &nbad, &nn);
	if (t->rotated != NULL)
		tail_gather(t, t->rotated, 1, &cs, &nbad, &nn);
	tail_scan_cands(t, &cs, &nbad, &nn);
	cands_free(&cs);
	for (i = t->nf; i-- > 0;) {
		tf = t->f[i];
		if (tf->seen || tf->gz != NULL)
			continue;
		if (tf->lf != NULL) {
			if (tf->live) {
				log_info("input %s: %s is gone: reading it "
				    "to its end", t->name, tf->path);
				t->st.rotations++;
				tf->live = 0;
				tf->eof_ms = 0;
			}
		} else if (tf->off == tf->rd_off)
			tail_remove(t, i);	/* gone, nothing to commit */
	}
	tail_complaints_swap(t, nbad, nn);
	t->watched = 1;
	tail_watch_dirs(t, t->path);
	tail_watch_dirs(t, t->rotated);
	t->last_scan = time_now_ms(CLOCK_MONOTONIC);
	t->scan_ref = time_now_ms(CLOCK_REALTIME);
}

/* Starting from the saved state ---------------------------------------- */

static int
tail_prev_ok(int fd, const struct state_file *e)
{
	uint64_t	 h;
	uint32_t	 len;

	if (e->off == 0)
		return 1;
	return fileid_prev(fd, e->off, &h, &len) == 0 &&
	    len == e->prev_len && h == e->prev_hash;
}

static struct tfile *
tail_resume_plain(struct tail *t, struct cand *c, const struct state_file *e,
    int same)
{
	struct tfile	*tf;
	uint64_t	 off = e->off;
	int		 fd;

	if ((uint64_t)c->st.st_size < off || !tail_prev_ok(c->fd, e)) {
		log_warnx("input %s: %s changed while detectd was stopped: "
		    "reading it from the start", t->name, c->path);
		off = 0;
	} else if (!same)
		log_info("input %s: %s is a copy of %s: reading it from "
		    "offset %llu", t->name, c->path, e->path,
		    (unsigned long long)off);
	else if (c->rotated && off < (uint64_t)c->st.st_size)
		log_info("input %s: %s was rotated while detectd was stopped: "
		    "reading it from offset %llu", t->name, c->path,
		    (unsigned long long)off);
	c->claimed = 1;
	if ((tf = tfile_new(t, c->path, &c->st)) == NULL)
		return NULL;
	tf->live = !c->rotated;
	if (c->rotated && off == (uint64_t)c->st.st_size) {
		/* Read to its end already: remember it, do not open it. */
		tf->id = e->id;
		tf->rd_off = tf->off = off;
		tf->prev_hash = tf->fin_hash = e->prev_hash;
		tf->prev_len = tf->fin_len = e->prev_len;
		return tf;
	}
	fd = c->fd;
	c->fd = -1;
	if (tfile_open(tf, fd, &c->st, off) == -1) {
		tail_remove(t, t->nf - 1);
		return NULL;
	}
	return tf;
}

/*
 * Whether the uncompressed stream of a gzip'd file starts with the head
 * id names (from its first byte that is not NUL), read through fd.
 */
static int
tail_gz_head_same(int fd, const struct fileid *id)
{
	char	 buf[LOGFILE_HEAD];
	size_t	 have = 0;
	gzFile	 gz;
	int	 n, k;

	if ((fd = dup(fd)) == -1)
		return 0;
	if (lseek(fd, 0, SEEK_SET) == -1 || (gz = gzdopen(fd, "rb")) ==
	    NULL) {
		close(fd);
		return 0;
	}
	while (have < id->head_len &&
	    (n = gzread(gz, buf + have, id->head_len - have)) > 0) {
		for (k = 0; have == 0 && k < n && buf[k] == '\0'; k++)
			;
		memmove(buf + have, buf + have + k, n - k);
		have += n - k;
	}
	gzclose(gz);
	return have == id->head_len && fileid_hash(buf, have) ==
	    id->head_hash;
}

static struct tfile *
tail_resume_gz(struct tail *t, struct cand *c, const struct state_file *e)
{
	struct tfile	*tf;

	c->claimed = 1;
	if ((tf = tfile_new(t, c->path, &c->st)) == NULL)
		return NULL;
	tf->id = e->id;
	tf->from_gz = 1;
	tf->rd_off = tf->off = tf->gz_from = e->off;
	tf->gz = reader_fdopen(c->fd, c->path, t->conf.max_line);
	c->fd = -1;
	if (tf->gz == NULL) {
		tail_remove(t, t->nf - 1);
		return NULL;
	}
	tf->fctx = t->cbs.file_open(t->cbs.arg, c->path, tail_mtime(&c->st));
	if (tf->fctx == NULL) {
		tail_remove(t, t->nf - 1);
		return NULL;
	}
	log_info("input %s: %s was rotated and compressed while detectd was "
	    "stopped: reading it from offset %llu", t->name, c->path,
	    (unsigned long long)e->off);
	return tf;
}

/* Find where a saved file is now: same inode and head, a copy, or gzip'd. */
static void
tail_match(struct tail *t, struct cands *cs, const struct state_file *e,
    char ***nbad, size_t *nn)
{
	struct cand	*c;
	size_t		 i;

	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		if (c->claimed || c->st.st_dev != (dev_t)e->id.dev ||
		    c->st.st_ino != (ino_t)e->id.ino ||
		    cand_open(t, c, nbad, nn) == -1 || cand_is_gzip(c))
			continue;
		if (fileid_head_same(c->fd, &e->id)) {
			(void)tail_resume_plain(t, c, e, 1);
			return;
		}
		log_warnx("input %s: %s is not the file detectd left there "
		    "(inode reused or rewritten)", t->name, c->path);
	}
	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		if (c->claimed || e->id.head_len == 0 ||
		    cand_open(t, c, nbad, nn) == -1)
			continue;
		if (cand_is_gzip(c)) {
			if (t->conf.catch_up_gzip && c->rotated &&
			    tail_gz_head_same(c->fd, &e->id)) {
				(void)tail_resume_gz(t, c, e);
				return;
			}
		} else if ((uint64_t)c->st.st_size >= e->off &&
		    fileid_head_same(c->fd, &e->id) &&
		    tail_prev_ok(c->fd, e)) {
			(void)tail_resume_plain(t, c, e, 0);
			return;
		}
	}
}

static int
tfile_order(const void *a, const void *b)
{
	const struct tfile	*x = *(const struct tfile *const *)a;
	const struct tfile	*y = *(const struct tfile *const *)b;

	/* Rotated files first, oldest first: lines in the order written. */
	if (x->live != y->live)
		return x->live - y->live;
	if (x->mtime_ms != y->mtime_ms)
		return x->mtime_ms < y->mtime_ms ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* A file no saved offset names. */
static void
tail_start_new(struct tail *t, struct cand *c, int had_state, char ***nbad,
    size_t *nn)
{
	struct tfile		*tf;
	enum tail_judgement	 j = TJ_NEW;
	uint64_t		 off = 0;

	if (cand_open(t, c, nbad, nn) == -1)
		return;
	if (c->rotated)
		j = tail_judge(t, c, had_state, &off);
	else if (!had_state && t->conf.start_at_end) {
		j = TJ_END;
		off = c->st.st_size;
	}
	if ((tf = tfile_new(t, c->path, &c->st)) == NULL)
		return;
	tf->live = !c->rotated;
	tail_take(t, tf, c, j, off);
}

static void
tail_start(struct tail *t, const struct state *st)
{
	const struct state_input	*si = NULL;
	struct cands			 cs = { NULL, 0 };
	char				**nbad = NULL;
	size_t				 nn = 0, i;
	int				 had;

	if (st != NULL)
		si = state_input(st, t->name);
	t->scan_ref = si != NULL ? si->scanned_ms : time_now_ms(CLOCK_REALTIME);
	/*
	 * A damaged state file may have lost this input's records: as if
	 * it had state, last saved when the file was written.
	 */
	had = si != NULL || (st != NULL && st->damage[0] != '\0');
	if (si == NULL && had)
		t->scan_ref = st->mtime_ms;
	tail_gather(t, t->path, 0, &cs, &nbad, &nn);
	if (t->rotated != NULL)
		tail_gather(t, t->rotated, 1, &cs, &nbad, &nn);
	for (i = 0; st != NULL && i < st->nf; i++)
		if (strcmp(st->f[i].input, t->name) == 0)
			tail_match(t, &cs, &st->f[i], &nbad, &nn);
	for (i = 0; i < cs.n; i++)
		if (!cs.v[i].claimed)
			tail_start_new(t, &cs.v[i], had, &nbad, &nn);
	cands_free(&cs);
	if (t->nf > 1)
		qsort(t->f, t->nf, sizeof(*t->f), tfile_order);
	if (t->nf == 0)
		log_info("input %s: no file matches %s yet: waiting", t->name,
		    t->path);
	tail_complaints_swap(t, nbad, nn);
	t->watched = 1;
	tail_watch_dirs(t, t->path);
	tail_watch_dirs(t, t->rotated);
	t->last_scan = time_now_ms(CLOCK_MONOTONIC);
	t->scan_ref = time_now_ms(CLOCK_REALTIME);
}

/* Public ---------------------------------------------------------------- */

struct tail *
tail_new(struct event_base *base, struct watch *w,
    const struct tail_conf *conf, const struct tail_cbs *cbs,
    const struct state *st)
{
	struct tail	*t;
	struct timeval	 tv;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	t->conf = *conf;
	t->cbs = *cbs;
	t->base = base;
	t->watch = w;
	if ((t->name = strdup(conf->name)) == NULL ||
	    (t->path = strdup(conf->path)) == NULL ||
	    (conf->rotated != NULL &&
	    (t->rotated = strdup(conf->rotated)) == NULL))
		goto fail;
	t->work = evtimer_new(base, tail_work_cb, t);
	t->tick = event_new(base, -1, EV_PERSIST, tail_tick_cb, t);
	if (t->work == NULL || t->tick == NULL)
		goto fail;
	tv.tv_sec = conf->poll_ms / 1000;
	tv.tv_usec = (conf->poll_ms % 1000) * 1000;
	if (event_add(t->tick, &tv) == -1)
		goto fail;
	tail_start(t, st);
	t->read_all = 1;
	tail_schedule(t);
	return t;
fail:
	log_warnx("input %s: cannot follow %s", conf->name, conf->path);
	tail_free(t);
	return NULL;
}

void
tail_free(struct tail *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	watch_forget(t->watch, t);
	if (t->work != NULL)
		event_free(t->work);
	if (t->tick != NULL)
		event_free(t->tick);
	for (i = 0; i < t->nf; i++)
		tfile_free(t->f[i]);
	free(t->f);
	tail_complaints_swap(t, NULL, 0);
	free(t->name);
	free(t->path);
	free(t->rotated);
	free(t);
}

void
tail_pause(struct tail *t)
{
	t->paused = 1;
	event_del(t->work);
}

void
tail_resume(struct tail *t)
{
	if (!t->paused)
		return;
	t->paused = 0;
	t->rescan = 1;
	t->read_all = 1;
	tail_schedule(t);
}

int
tail_commit(struct tail *t)
{
	struct tfile	*tf;
	size_t		 i;
	int		 changed = 0;

	for (i = 0; i < t->nf; i++) {
		tf = t->f[i];
		if (tf->lf != NULL)
			tf->rd_off = logfile_consumed(tf->lf);
		else if (tf->gz != NULL)
			tf->rd_off = reader_offset(tf->gz);
		if (tf->rd_off == tf->off)
			continue;
		changed = 1;
		tf->off = tf->rd_off;
		tf->prev_len = 0;
		if (tf->lf != NULL) {
			if (tf->off > 0)
				(void)fileid_prev(logfile_fd(tf->lf), tf->off,
				    &tf->prev_hash, &tf->prev_len);
			tf->id = *logfile_id(tf->lf);
		} else if (tf->gz == NULL) {
			tf->prev_hash = tf->fin_hash;
			tf->prev_len = tf->fin_len;
		}
	}
	return changed;
}

int
tail_export(const struct tail *t, struct state *st)
{
	struct state_file	 e;
	const struct tfile	*tf;
	size_t			 i;

	if (state_add_input(st, t->name, t->scan_ref) == -1)
		return -1;
	for (i = 0; i < t->nf; i++) {
		tf = t->f[i];
		if (tf->ignore || tf->id.ino == 0 ||
		    (tf->from_gz && tf->gz == NULL && tf->off == tf->rd_off))
			continue;
		memset(&e, 0, sizeof(e));
		e.input = t->name;
		e.id = tf->id;
		e.off = tf->off;
		e.prev_len = tf->prev_len;
		e.prev_hash = tf->prev_hash;
		e.path = tf->path;
		if (state_add_file(st, &e) == -1)
			return -1;
	}
	return 0;
}

void
tail_stats(const struct tail *t, struct tail_stats *out)
{
	size_t	 i;

	*out = t->st;
	for (i = 0; i < t->nf; i++)
		if (t->f[i]->lf != NULL) {
			out->files++;
			tfile_stats_add(out, logfile_stats(t->f[i]->lf));
		} else if (t->f[i]->gz != NULL)
			out->files++;
}

void
tail_report(const struct tail *t)
{
	const struct logfile_stats	*s;
	const struct tfile		*tf;
	size_t				 i;

	for (i = 0; i < t->nf; i++) {
		tf = t->f[i];
		if (tf->lf == NULL)
			continue;
		s = logfile_stats(tf->lf);
		log_info("input %s: file %s: %s, offset %llu (committed %llu),"
		    " %llu lines, %llu bytes, %llu cut, %llu truncations, "
		    "%llu NUL bytes skipped", t->name, tf->path,
		    tf->live ? "followed" : "rotated",
		    (unsigned long long)logfile_consumed(tf->lf),
		    (unsigned long long)tf->off,
		    (unsigned long long)s->lines, (unsigned long long)s->bytes,
		    (unsigned long long)s->cut,
		    (unsigned long long)s->truncations,
		    (unsigned long long)s->nul_skipped);
	}
}
