/*
 * Directory watches with inotify, from the libevent loop: one inotify
 * descriptor for the daemon, any number of subscribers per directory.
 * Where inotify is unavailable watch_new() returns NULL and the followers
 * poll instead.
 */
#ifndef DETECTD_WATCH_H
#define DETECTD_WATCH_H

#include <stdint.h>

struct event_base;
struct watch;

/* What happened in a watched directory. */
#define WATCH_MODIFY	0x01	/* a file was written or truncated */
#define WATCH_NAMES	0x02	/* created, deleted, renamed */
#define WATCH_RESCAN	0x04	/* events were lost, or the watch is gone */

typedef void (*watch_cb)(void *arg, const char *name, int what);

struct watch	*watch_new(struct event_base *);
void		 watch_free(struct watch *);
/* Subscribe (once per dir and arg) to a directory; -1 if it cannot be. */
int		 watch_dir(struct watch *, const char *dir, watch_cb,
		    void *arg);
/* Forget every subscription of arg. */
void		 watch_forget(struct watch *, void *arg);

#endif
