/*
 * Directory watches (watch.h): owns the one inotify descriptor, its
 * libevent event and the subscribers of each watched directory.
 */
#include <sys/inotify.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "collector/watch.h"
#include "util/log.h"

#define WATCH_MASK	(IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | \
			 IN_MOVED_TO | IN_ATTRIB | IN_CLOSE_WRITE | \
			 IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

struct watch_sub {
	int		 wd;
	watch_cb	 cb;
	void		*arg;
};

struct watch {
	int		 fd;
	struct event	*ev;
	struct watch_sub *subs;
	size_t		 nsubs;
};

static void	watch_read(evutil_socket_t, short, void *);

struct watch *
watch_new(struct event_base *base)
{
	struct watch	*w;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	if ((w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		log_warn("inotify: polling files instead");
		free(w);
		return NULL;
	}
	w->ev = event_new(base, w->fd, EV_READ | EV_PERSIST, watch_read, w);
	if (w->ev == NULL || event_add(w->ev, NULL) == -1) {
		log_warnx("inotify: cannot add its event: polling instead");
		watch_free(w);
		return NULL;
	}
	return w;
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	if (w->ev != NULL)
		event_free(w->ev);
	close(w->fd);
	free(w->subs);
	free(w);
}

int
watch_dir(struct watch *w, const char *dir, watch_cb cb, void *arg)
{
	struct watch_sub	*v;
	size_t			 i;
	int			 wd;

	/* The same directory gives the same wd: adding again is cheap. */
	if ((wd = inotify_add_watch(w->fd, dir, WATCH_MASK)) == -1)
		return -1;
	for (i = 0; i < w->nsubs; i++)
		if (w->subs[i].wd == wd && w->subs[i].arg == arg)
			return 0;
	if ((v = reallocarray(w->subs, w->nsubs + 1, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	w->subs = v;
	v[w->nsubs].wd = wd;
	v[w->nsubs].cb = cb;
	v[w->nsubs].arg = arg;
	w->nsubs++;
	return 0;
}

void
watch_forget(struct watch *w, void *arg)
{
	size_t	 i = 0;

	if (w == NULL)
		return;
	while (i < w->nsubs) {
		if (w->subs[i].arg == arg)
			w->subs[i] = w->subs[--w->nsubs];
		else
			i++;
	}
}

/* Tell every subscriber of wd (all of them when wd is -1). */
static void
watch_tell(struct watch *w, int wd, const char *name, int what)
{
	size_t	 i;

	for (i = 0; i < w->nsubs; i++)
		if (wd == -1 || w->subs[i].wd == wd)
			w->subs[i].cb(w->subs[i].arg, name, what);
}

static void
watch_event(struct watch *w, const struct inotify_event *ie)
{
	size_t		 i = 0;
	const char	*name = ie->len > 0 ? ie->name : "";

	if (ie->mask & IN_Q_OVERFLOW) {
		log_warnx("inotify: queue overflow, rescanning");
		watch_tell(w, -1, "", WATCH_RESCAN);
		return;
	}
	if (ie->mask & IN_IGNORED) {
		/* The directory went away: a rescan will watch it again. */
		watch_tell(w, ie->wd, "", WATCH_RESCAN);
		while (i < w->nsubs) {
			if (w->subs[i].wd == ie->wd)
				w->subs[i] = w->subs[--w->nsubs];
			else
				i++;
		}
		return;
	}
	if (ie->mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
	    IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB))
		watch_tell(w, ie->wd, name, WATCH_NAMES);
	if (ie->mask & (IN_MODIFY | IN_CLOSE_WRITE))
		watch_tell(w, ie->wd, name, WATCH_MODIFY);
}

static void
watch_read(evutil_socket_t fd, short what, void *arg)
{
	struct watch			*w = arg;
	char				 buf[64 * 1024]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event	*ie;
	ssize_t				 n, off;

	(void)what;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == -1 && errno != EAGAIN)
				log_warn("inotify: read");
			return;
		}
		for (off = 0; off < n; off += sizeof(*ie) + ie->len) {
			ie = (const struct inotify_event *)(buf + off);
			watch_event(w, ie);
		}
	}
}
