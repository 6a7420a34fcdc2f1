/*
 * sd_notify(3) over $NOTIFY_SOCKET: a path, or a Linux abstract name
 * written with a leading '@' that stands for the NUL byte.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"
#include "util/sdnotify.h"

#define SDNOTIFY_MSG_MAX	1024

struct sdnotify {
	int			 fd;
	int			 failed;	/* logged already */
	socklen_t		 salen;
	struct sockaddr_un	 sa;
};

static int
sdnotify_addr(struct sdnotify *n, const char *path)
{
	size_t	 len = strlen(path);

	memset(&n->sa, 0, sizeof(n->sa));
	n->sa.sun_family = AF_UNIX;
	if ((path[0] != '/' && path[0] != '@') || len < 2 ||
	    len > sizeof(n->sa.sun_path) - (path[0] == '/')) {
		log_warnx("%s: NOTIFY_SOCKET=%s: not a socket path or "
		    "abstract name", __func__, path);
		return -1;
	}
	memcpy(n->sa.sun_path, path, len);
	/* Abstract: the name is exactly len bytes, no terminating NUL. */
	if (path[0] == '@')
		n->sa.sun_path[0] = '\0';
	n->salen = offsetof(struct sockaddr_un, sun_path) + len +
	    (path[0] == '/');
	return 0;
}

struct sdnotify *
sdnotify_new(void)
{
	struct sdnotify	*n;
	const char	*path = getenv("NOTIFY_SOCKET");

	if (path == NULL || *path == '\0')
		return NULL;
	if ((n = calloc(1, sizeof(*n))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	if (sdnotify_addr(n, path) == -1)
		goto fail;
	n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (n->fd == -1) {
		log_warn("%s: socket", __func__);
		goto fail;
	}
	return n;
fail:
	free(n);
	return NULL;
}

void
sdnotify_free(struct sdnotify *n)
{
	if (n == NULL)
		return;
	close(n->fd);
	free(n);
}

int
sdnotify_send(struct sdnotify *n, const char *fmt, ...)
{
	char	 msg[SDNOTIFY_MSG_MAX];
	va_list	 ap;
	int	 len;

	if (n == NULL)
		return 0;
	va_start(ap, fmt);
	len = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (len < 0)
		return -1;
	if ((size_t)len >= sizeof(msg))
		len = sizeof(msg) - 1;	/* a STATUS= line cut short */
	if (sendto(n->fd, msg, len, MSG_NOSIGNAL,
	    (struct sockaddr *)&n->sa, n->salen) == len) {
		n->failed = 0;
		return 0;
	}
	/* A manager that went away must not flood the log. */
	if (!n->failed)
		log_warn("%s: cannot notify the service manager", __func__);
	n->failed = 1;
	return -1;
}

uint64_t
sdnotify_watchdog_usec(void)
{
	const char		*s = getenv("WATCHDOG_USEC");
	const char		*pid = getenv("WATCHDOG_PID");
	char			*end;
	unsigned long long	 v;

	if (s == NULL || *s == '\0')
		return 0;
	if (pid != NULL && *pid != '\0' &&
	    strtoll(pid, NULL, 10) != (long long)getpid())
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0)
		return 0;
	return v;
}
