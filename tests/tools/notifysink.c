/*
 * notifysink: a stand-in for systemd's notification socket, for the
 * sd_notify tests.
 *
 *	notifysink socket messages
 *
 * Binds a Unix datagram socket at socket (a path, or an abstract name
 * written with a leading '@') and appends every datagram received to
 * the messages file, each of its lines as a line, flushed at once.
 * SIGTERM exits.
 */
#include <sys/socket.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notifysock.h"

int
main(int argc, char *argv[])
{
	char	 buf[4096];
	FILE	*out;
	ssize_t	 n;
	int	 fd;

	if (argc != 3) {
		fprintf(stderr, "usage: notifysink socket messages\n");
		return 2;
	}
	if ((fd = notifysock_bind(argv[1])) == -1) {
		fprintf(stderr, "notifysink: %s: %s\n", argv[1],
		    strerror(errno));
		return errno == EINVAL ? 2 : 1;
	}
	if ((out = fopen(argv[2], "a")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	for (;;) {
		if ((n = recv(fd, buf, sizeof(buf) - 1, 0)) == -1) {
			perror("notifysink: recv");
			return 1;
		}
		buf[n] = '\0';
		fputs(buf, out);
		if (n > 0 && buf[n - 1] != '\n')
			fputc('\n', out);
		fflush(out);
	}
}
