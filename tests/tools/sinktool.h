/*
 * What the test receivers share (httpsink, syslogsink, slowhttp): a
 * socket on 127.0.0.1 whose port is written to a file once it listens,
 * so that a test waits for the file and reads the port; and the first
 * word of a control file, which a test changes to make the receiver
 * behave otherwise from its next request on.
 */
#ifndef DETECTD_SINKTOOL_H
#define DETECTD_SINKTOOL_H

#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

/* The port fd is bound to, into portfile, whole or not at all: 0 or -1. */
static inline int
sinktool_portfile(int fd, const char *portfile)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	char			 tmp[4096];
	FILE			*f;

	if (getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.tmp", portfile);
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(f, "%d\n", ntohs(sin.sin_port));
	if (fclose(f) == EOF)
		return -1;
	return rename(tmp, portfile);
}

/*
 * A socket of type on 127.0.0.1:port (0: one the kernel picks),
 * listening if a stream, its port in portfile; -1 on error.
 */
static inline int
sinktool_listen(int type, int port, const char *portfile)
{
	struct sockaddr_in	 sin;
	int			 fd, on = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((unsigned short)port);
	if ((fd = socket(AF_INET, type, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    (type == SOCK_STREAM && listen(fd, 4) == -1) ||
	    sinktool_portfile(fd, portfile) == -1)
		return -1;
	return fd;
}

/* The first word of control into mode; "ok" without one. */
static inline void
sinktool_control(const char *control, char *mode, size_t size)
{
	FILE	*f;

	snprintf(mode, size, "ok");
	if (control == NULL || (f = fopen(control, "r")) == NULL)
		return;
	if (fscanf(f, "%15s", mode) != 1)
		snprintf(mode, size, "ok");
	fclose(f);
}

#endif
