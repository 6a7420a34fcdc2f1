/*
 * The systemd notification protocol (sd_notify(3)), spoken directly:
 * one datagram of "KEY=value" lines to the Unix socket named by
 * $NOTIFY_SOCKET, so that detectd needs no libsystemd.  Outside systemd
 * the variable is unset, sdnotify_new returns NULL, and every call on
 * NULL does nothing.
 */
#ifndef DETECTD_SDNOTIFY_H
#define DETECTD_SDNOTIFY_H

#include <stdint.h>

struct sdnotify;

/* NULL without $NOTIFY_SOCKET, or when it is unusable (logged). */
struct sdnotify	*sdnotify_new(void);
void		 sdnotify_free(struct sdnotify *);
/* Send one message ("READY=1", "STATUS=..."): 0, or -1 (logged once). */
int		 sdnotify_send(struct sdnotify *, const char *fmt, ...)
		    __attribute__((__format__(__printf__, 2, 3)));
/*
 * The watchdog period asked for by $WATCHDOG_USEC, in microseconds, if
 * it is meant for this process ($WATCHDOG_PID); 0 when there is none.
 */
uint64_t	 sdnotify_watchdog_usec(void);

#endif
