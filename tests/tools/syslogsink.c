/*
 * syslogsink: a syslog receiver for the syslog output tests.
 *
 *	syslogsink -o messages (-P portfile [-p port] [-t] | -u socket)
 *
 * Listens on 127.0.0.1 UDP (TCP with -t; on port, or one the kernel
 * picks, written to portfile once it listens) or on a Unix datagram
 * socket, and
 * appends every message received to the messages file, one per line.
 * Over TCP, messages are framed by octet counting (RFC 6587: "LEN SP
 * MSG"); a frame that is not is reported and ends the connection.
 * SIGTERM exits.
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sinktool.h"

#define SINK_MAX	(256 * 1024)

static void
usage(void)
{
	fprintf(stderr, "usage: syslogsink -o messages "
	    "(-P portfile [-p port] [-t] | -u socket)\n");
	exit(2);
}

static void
sink_put(const char *out, const char *msg, size_t len)
{
	FILE	*f;

	if ((f = fopen(out, "a")) == NULL) {
		perror(out);
		exit(1);
	}
	fwrite(msg, 1, len, f);
	fputc('\n', f);
	fclose(f);
}

static int
sink_unix(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		perror(path);
		exit(1);
	}
	return fd;
}

/* Frames of one TCP connection, until it closes. */
static void
sink_stream(int fd, const char *out, char *buf)
{
	size_t	 have = 0, len, hdr;
	ssize_t	 n;
	char	*sp, *end;

	for (;;) {
		while (have > 0 && (sp = memchr(buf, ' ', have)) != NULL) {
			len = strtoul(buf, &end, 10);
			hdr = (size_t)(sp - buf) + 1;
			if (end != sp || len == 0 || len > SINK_MAX - hdr) {
				fprintf(stderr, "syslogsink: bad frame\n");
				return;
			}
			if (have < hdr + len)
				break;
			sink_put(out, buf + hdr, len);
			memmove(buf, buf + hdr + len, have - hdr - len);
			have -= hdr + len;
		}
		if (have == SINK_MAX)
			return;
		if ((n = read(fd, buf + have, SINK_MAX - have)) <= 0)
			return;
		have += n;
	}
}

int
main(int argc, char *argv[])
{
	const char	*out = NULL, *portfile = NULL, *path = NULL;
	char		*buf;
	ssize_t		 n;
	int		 ch, fd, c, tcp = 0, port = 0;

	while ((ch = getopt(argc, argv, "o:P:p:tu:")) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case 'P':
			portfile = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 't':
			tcp = 1;
			break;
		case 'u':
			path = optarg;
			break;
		default:
			usage();
		}
	}
	if (out == NULL || (portfile == NULL) == (path == NULL))
		usage();
	if ((buf = malloc(SINK_MAX)) == NULL)
		return 1;
	if (path != NULL)
		fd = sink_unix(path);
	else
		fd = sinktool_listen(tcp ? SOCK_STREAM : SOCK_DGRAM, port,
		    portfile);
	if (fd == -1) {
		perror("syslogsink");
		return 1;
	}
	for (;;) {
		if (tcp) {
			if ((c = accept(fd, NULL, NULL)) == -1 &&
			    errno != EINTR)
				return 1;
			if (c != -1) {
				sink_stream(c, out, buf);
				close(c);
			}
			continue;
		}
		if ((n = recv(fd, buf, SINK_MAX, 0)) >= 0)
			sink_put(out, buf, (size_t)n);
		else if (errno != EINTR)
			return 1;
	}
}
