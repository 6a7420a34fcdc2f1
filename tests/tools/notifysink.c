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
#include <sys/un.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
sink_bind(const char *name)
{
	struct sockaddr_un	 sa;
	size_t			 len = strlen(name);
	int			 fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (len < 2 || len >= sizeof(sa.sun_path)) {
		fprintf(stderr, "notifysink: %s: bad name\n", name);
		exit(2);
	}
	memcpy(sa.sun_path, name, len);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	else
		unlink(name);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, offsetof(struct sockaddr_un,
	    sun_path) + len + (name[0] != '@')) == -1) {
		perror("notifysink: bind");
		exit(1);
	}
	return fd;
}

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
	fd = sink_bind(argv[1]);
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
