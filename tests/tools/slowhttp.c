/*
 * slowhttp: an HTTP receiver that answers the way a broken or hostile
 * one would, for the tests of the webhook's bounds.
 *
 *	slowhttp -P portfile -l log [-c control] [-o records]
 *	    [-i interval_ms] [-n bytes]
 *
 * Listens on 127.0.0.1 (a port the kernel picks, written to portfile),
 * one connection at a time.  For each request it reads the first word
 * of the control file, if there is one:
 *
 *	ok	answer 200 and append the body to the records file
 *	trickle	send the status line, then one header line every
 *		interval_ms (1000) and never the end of the headers
 *	bighead	send the status line and header lines, fast, up to bytes
 *		(48 MB) of them, then wait
 *	bigbody	send a 200 with a Content-Length of bytes and that many
 *		bytes, fast, then wait
 *
 * When a connection ends, "MODE SENT" goes to the log: the bytes of
 * answer the client took before it closed.  SIGTERM exits.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sinktool.h"

#define REQ_MAX		(4 * 1024 * 1024)

struct slow {
	const char	*control;
	const char	*records;
	const char	*log;
	int		 interval_ms;
	size_t		 limit;
	char		*buf;
	size_t		 have;
};

static void
usage(void)
{
	fprintf(stderr, "usage: slowhttp -P portfile -l log [-c control] "
	    "[-o records] [-i interval_ms] [-n bytes]\n");
	exit(2);
}

static void
slow_log(const struct slow *s, const char *mode, size_t sent)
{
	FILE	*f;

	if ((f = fopen(s->log, "a")) == NULL)
		return;
	fprintf(f, "%s %zu\n", mode, sent);
	fclose(f);
}

/* Content-Length of the request headers in buf[0..hlen), or 0. */
static size_t
slow_length(const char *buf, size_t hlen)
{
	const char	*p, *end = buf + hlen;

	for (p = buf; p < end; p++) {
		if ((p == buf || p[-1] == '\n') && (size_t)(end - p) > 15 &&
		    strncasecmp(p, "Content-Length:", 15) == 0)
			return strtoul(p + 15, NULL, 10);
	}
	return 0;
}

/* One whole request into s->buf: its length, 0 at the end, -1 error. */
static ssize_t
slow_request(struct slow *s, int fd, size_t *hlen)
{
	char	*e;
	size_t	 want;
	ssize_t	 n;

	for (;;) {
		e = memmem(s->buf, s->have, "\r\n\r\n", 4);
		if (e != NULL) {
			*hlen = (size_t)(e - s->buf) + 4;
			want = *hlen + slow_length(s->buf, *hlen);
			if (want > REQ_MAX)
				return -1;
			if (s->have >= want)
				return (ssize_t)want;
		}
		if (s->have == REQ_MAX)
			return -1;
		n = read(fd, s->buf + s->have, REQ_MAX - s->have);
		if (n <= 0)
			return n == 0 && s->have == 0 ? 0 : -1;
		s->have += (size_t)n;
	}
}

/* All of p, or as much as the client took before it closed. */
static int
slow_send(int fd, const char *p, size_t len, size_t *sent)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
		*sent += (size_t)n;
	}
	return 0;
}

/* Until the client closes the connection. */
static void
slow_wait(int fd)
{
	char	 c[4096];

	while (read(fd, c, sizeof(c)) > 0)
		;
}

static void
slow_ok(struct slow *s, int fd, size_t hlen, size_t len, size_t *sent)
{
	static const char	 ok[] =
	    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
	FILE			*f;

	if (s->records != NULL && (f = fopen(s->records, "a")) != NULL) {
		fwrite(s->buf + hlen, 1, len - hlen, f);
		if (len > hlen && s->buf[len - 1] != '\n')
			fputc('\n', f);
		fclose(f);
	}
	(void)slow_send(fd, ok, sizeof(ok) - 1, sent);
}

/* The answers that never end well, until the client gives up. */
static void
slow_bad(struct slow *s, int fd, const char *mode, size_t *sent)
{
	char	 line[1024];

	if (strcmp(mode, "bigbody") == 0) {
		snprintf(line, sizeof(line), "HTTP/1.1 200 OK\r\n"
		    "Content-Length: %zu\r\n\r\n", s->limit);
		if (slow_send(fd, line, strlen(line), sent) == -1)
			return;
	} else if (slow_send(fd, "HTTP/1.1 200 OK\r\n", 17, sent) == -1)
		return;
	memset(line, 'a', sizeof(line));
	memcpy(line, "X-Pad: ", 7);
	memcpy(line + sizeof(line) - 2, "\r\n", 2);
	while (*sent < s->limit) {
		if (strcmp(mode, "trickle") == 0) {
			poll(NULL, 0, s->interval_ms);
			if (slow_send(fd, "X-Slow: 1\r\n", 11, sent) == -1)
				return;
		} else if (slow_send(fd, line, sizeof(line), sent) == -1)
			return;
	}
	slow_wait(fd);
}

static void
slow_conn(struct slow *s, int fd)
{
	char	 mode[16];
	size_t	 hlen, sent = 0;
	ssize_t	 len;

	s->have = 0;
	while ((len = slow_request(s, fd, &hlen)) > 0) {
		sinktool_control(s->control, mode, sizeof(mode));
		if (strcmp(mode, "ok") != 0) {
			slow_bad(s, fd, mode, &sent);
			slow_log(s, mode, sent);
			return;
		}
		slow_ok(s, fd, hlen, (size_t)len, &sent);
		memmove(s->buf, s->buf + len, s->have - (size_t)len);
		s->have -= (size_t)len;
	}
	slow_log(s, "ok", sent);
}

int
main(int argc, char *argv[])
{
	struct slow	 s = { NULL, NULL, NULL, 1000, 48 << 20, NULL, 0 };
	const char	*portfile = NULL;
	int		 ch, fd, c;

	while ((ch = getopt(argc, argv, "P:l:c:o:i:n:")) != -1) {
		switch (ch) {
		case 'P':
			portfile = optarg;
			break;
		case 'l':
			s.log = optarg;
			break;
		case 'c':
			s.control = optarg;
			break;
		case 'o':
			s.records = optarg;
			break;
		case 'i':
			s.interval_ms = atoi(optarg);
			break;
		case 'n':
			s.limit = strtoul(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	if (portfile == NULL || s.log == NULL || (s.buf = malloc(REQ_MAX)) ==
	    NULL)
		usage();
	signal(SIGPIPE, SIG_IGN);
	if ((fd = sinktool_listen(SOCK_STREAM, 0, portfile)) == -1) {
		perror("slowhttp");
		return 1;
	}
	for (;;) {
		if ((c = accept(fd, NULL, NULL)) == -1) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		slow_conn(&s, c);
		close(c);
	}
}
