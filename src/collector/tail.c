#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "collector/frame.h"
#include "collector/tail.h"
#include "log.h"

#define TAIL_READ_MAX	(16 * 1024 * 1024)	/* per poll, keeps the loop lively */
#define TAIL_GRACE_POLLS 4	/* polls at EOF before leaving a rotated file */
#define TAIL_HEAD	256	/* bytes of the file's start kept to spot rewrites */

struct tail {
	char		*path;
	struct event	*timer;
	int		 fd;
	dev_t		 dev;
	ino_t		 ino;
	uint64_t	 pos;
	struct framer	 fr;
	int		 rotated;	/* path names another file now */
	int		 idle_polls;
	int		 missing_logged;
	char		 head[TAIL_HEAD];
	size_t		 headlen;
	tail_line_cb	 line_cb;
	tail_restart_cb	 restart_cb;
	void		*arg;
	struct tail_stats st;
};

static void	tail_timer(evutil_socket_t, short, void *);

/*
 * Whether the file still starts with the bytes it started with.  A file
 * truncated in place and written again past the old offset has the same
 * or a larger size, but (almost always) another first line.  The stored
 * head grows until TAIL_HEAD bytes while the file is young.
 */
static int
tail_head_same(struct tail *t)
{
	char	 buf[TAIL_HEAD];
	ssize_t	 n;

	n = pread(t->fd, buf, sizeof(buf), 0);
	if (n < 0)
		return 1;
	if ((size_t)n < t->headlen || memcmp(buf, t->head, t->headlen) != 0)
		return 0;
	memcpy(t->head, buf, n);
	t->headlen = n;
	return 1;
}

static int
tail_open(struct tail *t, int at_end)
{
	struct stat	 st;
	int		 fd;

	if ((fd = open(t->path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (!t->missing_logged)
			log_warn("%s: waiting for it", t->path);
		t->missing_logged = 1;
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		log_warnx("%s: not a regular file", t->path);
		close(fd);
		return -1;
	}
	if (t->missing_logged)
		log_info("%s: opened", t->path);
	t->missing_logged = 0;
	t->fd = fd;
	t->dev = st.st_dev;
	t->ino = st.st_ino;
	t->pos = at_end ? (uint64_t)st.st_size : 0;
	t->rotated = 0;
	t->idle_polls = 0;
	t->headlen = 0;
	(void)tail_head_same(t);
	if (at_end && lseek(fd, t->pos, SEEK_SET) == -1)
		log_warn("%s: lseek", t->path);
	framer_reset(&t->fr, t->pos);
	if (!at_end && t->restart_cb != NULL)
		t->restart_cb(t->arg, t, (int64_t)st.st_mtim.tv_sec * 1000);
	return 0;
}

static void
tail_close(struct tail *t)
{
	if (t->fd != -1)
		close(t->fd);
	t->fd = -1;
}

struct tail *
tail_new(struct event_base *base, const char *path, size_t max_line,
    int64_t poll_ms, tail_line_cb line_cb, tail_restart_cb restart_cb,
    void *arg)
{
	struct tail	*t;
	struct timeval	 tv;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	t->fd = -1;
	t->line_cb = line_cb;
	t->restart_cb = restart_cb;
	t->arg = arg;
	if ((t->path = strdup(path)) == NULL ||
	    framer_init(&t->fr, max_line) == -1)
		goto fail;
	t->timer = event_new(base, -1, EV_PERSIST, tail_timer, t);
	if (t->timer == NULL)
		goto fail;
	tv.tv_sec = poll_ms / 1000;
	tv.tv_usec = (poll_ms % 1000) * 1000;
	if (event_add(t->timer, &tv) == -1)
		goto fail;
	(void)tail_open(t, 1);
	return t;
fail:
	log_warnx("%s: cannot follow", path);
	tail_free(t);
	return NULL;
}

void
tail_free(struct tail *t)
{
	if (t == NULL)
		return;
	if (t->timer != NULL)
		event_free(t->timer);
	tail_close(t);
	framer_free(&t->fr);
	free(t->path);
	free(t);
}

/* Read up to TAIL_READ_MAX bytes; returns bytes read, -1 on error. */
static ssize_t
tail_read(struct tail *t)
{
	struct rline	 l;
	ssize_t		 n, total = 0;
	size_t		 avail;
	char		*p;

	while (total < TAIL_READ_MAX) {
		p = framer_space(&t->fr, &avail);
		n = read(t->fd, p, avail);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			log_warn("%s: read", t->path);
			t->st.read_errors++;
			return -1;
		}
		if (n == 0)
			break;
		framer_commit(&t->fr, n);
		t->pos += n;
		total += n;
		t->st.bytes += n;
		while (framer_next(&t->fr, &l))
			t->line_cb(t->arg, t, t->path, &l);
	}
	return total;
}

/* Whether the path now names another file, or the file shrank. */
static void
tail_check(struct tail *t)
{
	struct stat	 st, fst;

	if (fstat(t->fd, &fst) == 0 && ((uint64_t)fst.st_size < t->pos ||
	    !tail_head_same(t))) {
		log_info("%s: truncated, reading from the start", t->path);
		t->st.truncations++;
		if (lseek(t->fd, 0, SEEK_SET) == -1)
			log_warn("%s: lseek", t->path);
		t->pos = 0;
		t->headlen = 0;
		framer_reset(&t->fr, 0);
		if (t->restart_cb != NULL)
			t->restart_cb(t->arg, t, (int64_t)fst.st_mtim.tv_sec *
			    1000);
		return;
	}
	if (stat(t->path, &st) == -1) {
		t->rotated = 1;		/* deleted or renamed away */
		return;
	}
	if (st.st_dev != t->dev || st.st_ino != t->ino)
		t->rotated = 1;
}

static void
tail_finish_old(struct tail *t)
{
	struct rline	 l;

	/* The old file will not grow any more: its last line is whole. */
	if (framer_rest(&t->fr, &l))
		t->line_cb(t->arg, t, t->path, &l);
	tail_close(t);
	t->st.rotations++;
	log_info("%s: rotated, following the new file", t->path);
}

void
tail_poll(struct tail *t)
{
	ssize_t	 n;

	if (t->fd == -1) {
		if (tail_open(t, 0) == -1)
			return;
	}
	n = tail_read(t);
	if (n != 0)
		t->idle_polls = 0;
	else
		t->idle_polls++;
	if (!t->rotated)
		tail_check(t);
	/* Leave a rotated file only once it has stayed at its end a while. */
	if (t->rotated && t->idle_polls >= TAIL_GRACE_POLLS) {
		tail_finish_old(t);
		(void)tail_open(t, 0);
		if (t->fd != -1)
			(void)tail_read(t);
	}
}

static void
tail_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	tail_poll(arg);
}

const char *
tail_path(const struct tail *t)
{
	return t->path;
}

const struct tail_stats *
tail_stats(const struct tail *t)
{
	return &t->st;
}

uint64_t
tail_truncated_lines(const struct tail *t)
{
	return t->fr.truncated;
}
