/*
 * The receiving end of sd_notify for the tests (notifysink and
 * check_sdnotify): a Unix datagram socket bound at a path, or at an
 * abstract name written with a leading '@', as NOTIFY_SOCKET names it.
 */
#ifndef DETECTD_NOTIFYSOCK_H
#define DETECTD_NOTIFYSOCK_H

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

/* The bound socket, or -1 with errno set (EINVAL: not a usable name). */
static inline int
notifysock_bind(const char *name)
{
	struct sockaddr_un	 sa;
	size_t			 len = strlen(name);
	int			 fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (len < 2 || len >= sizeof(sa.sun_path)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(sa.sun_path, name, len);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	else
		unlink(name);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, offsetof(struct sockaddr_un,
	    sun_path) + len + (name[0] != '@')) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

#endif
