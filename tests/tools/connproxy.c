/*
 * connproxy: an HTTP proxy that only tunnels (CONNECT), for the
 * webhook's proxy test.
 *
 *	connproxy -P portfile -l log
 *
 * Listens on 127.0.0.1 (a port the kernel picks, written to portfile),
 * takes "CONNECT host:port HTTP/1.1" and its headers, appends
 * "CONNECT host:port" and each Proxy-Authorization line's presence to
 * log, connects to host:port, answers 200 and copies bytes both ways
 * until either side closes.  Anything else is answered 405.  SIGTERM
 * exits.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "sinktool.h"

#define PROXY_HEAD_MAX	8192

struct tunnel {
	struct bufferevent	*client;
	struct bufferevent	*server;
};

static const char	*logpath;

static void
tunnel_free(struct tunnel *t)
{
	if (t->client != NULL)
		bufferevent_free(t->client);
	if (t->server != NULL)
		bufferevent_free(t->server);
	free(t);
}

static void
tunnel_copy(struct bufferevent *from, void *arg)
{
	struct tunnel	*t = arg;
	struct bufferevent *to = from == t->client ? t->server : t->client;

	evbuffer_add_buffer(bufferevent_get_output(to),
	    bufferevent_get_input(from));
}

/* The client has had all the server said: done. */
static void
tunnel_drained(struct bufferevent *bev, void *arg)
{
	(void)bev;
	tunnel_free(arg);
}

static void
tunnel_event(struct bufferevent *bev, short what, void *arg)
{
	struct tunnel	*t = arg;

	if (bev == t->server && (what & BEV_EVENT_CONNECTED)) {
		evbuffer_add_printf(bufferevent_get_output(t->client),
		    "HTTP/1.1 200 Connection established\r\n\r\n");
		bufferevent_setcb(t->client, tunnel_copy, NULL, tunnel_event,
		    t);
		bufferevent_setcb(t->server, tunnel_copy, NULL, tunnel_event,
		    t);
		bufferevent_enable(t->server, EV_READ | EV_WRITE);
		bufferevent_enable(t->client, EV_READ | EV_WRITE);
		tunnel_copy(t->client, t);
		return;
	}
	if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)))
		return;
	/* One side closed: what it sent still goes to the other. */
	if (t->server == NULL || bev == t->client) {
		tunnel_free(t);
		return;
	}
	tunnel_copy(t->server, t);
	bufferevent_free(t->server);
	t->server = NULL;
	bufferevent_disable(t->client, EV_READ);
	bufferevent_setcb(t->client, NULL, tunnel_drained, tunnel_event, t);
	if (evbuffer_get_length(bufferevent_get_output(t->client)) == 0)
		tunnel_free(t);
}

static void
proxy_log(const char *line)
{
	FILE	*f;

	if ((f = fopen(logpath, "a")) == NULL)
		return;
	fprintf(f, "%s\n", line);
	fclose(f);
}

/* The request's head is in: CONNECT, or 405. */
static void
proxy_head(struct bufferevent *bev, void *arg)
{
	struct tunnel	*t = arg;
	struct evbuffer	*in = bufferevent_get_input(bev);
	struct evbuffer_ptr p;
	char		*line, host[256];
	int		 port;

	p = evbuffer_search(in, "\r\n\r\n", 4, NULL);
	if (p.pos == -1) {
		if (evbuffer_get_length(in) > PROXY_HEAD_MAX)
			tunnel_free(t);
		return;
	}
	line = evbuffer_readln(in, NULL, EVBUFFER_EOL_CRLF);
	if (line == NULL || sscanf(line, "CONNECT %255[^:]:%d HTTP/1.", host,
	    &port) != 2) {
		evbuffer_add_printf(bufferevent_get_output(bev),
		    "HTTP/1.1 405 Not a tunnel\r\nContent-Length: 0\r\n\r\n");
		free(line);
		return;
	}
	proxy_log(line);
	free(line);
	while ((line = evbuffer_readln(in, NULL, EVBUFFER_EOL_CRLF)) != NULL &&
	    *line != '\0') {
		if (strncasecmp(line, "Proxy-Authorization:", 20) == 0)
			proxy_log("Proxy-Authorization given");
		free(line);
	}
	free(line);
	bufferevent_disable(bev, EV_READ);
	t->server = bufferevent_socket_new(bufferevent_get_base(bev), -1,
	    BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(t->server, NULL, NULL, tunnel_event, t);
	if (t->server == NULL || bufferevent_socket_connect_hostname(
	    t->server, NULL, AF_INET, host, port) == -1)
		tunnel_free(t);
}

static void
proxy_accept(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct tunnel	*t;

	(void)l;
	(void)sa;
	(void)salen;
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->client = bufferevent_socket_new(arg, fd,
	    BEV_OPT_CLOSE_ON_FREE)) == NULL) {
		close(fd);
		free(t);
		return;
	}
	bufferevent_setcb(t->client, proxy_head, NULL, tunnel_event, t);
	bufferevent_enable(t->client, EV_READ | EV_WRITE);
}

static void
proxy_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopbreak(arg);
}

int
main(int argc, char *argv[])
{
	struct event_base	*base;
	struct evconnlistener	*l;
	struct event		*ev;
	const char		*portfile = NULL;
	int			 ch, fd;

	while ((ch = getopt(argc, argv, "l:P:")) != -1) {
		if (ch == 'l')
			logpath = optarg;
		else if (ch == 'P')
			portfile = optarg;
		else
			portfile = logpath = NULL;
	}
	if (portfile == NULL || logpath == NULL) {
		fprintf(stderr, "usage: connproxy -P portfile -l log\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if ((base = event_base_new()) == NULL ||
	    (fd = sinktool_listen(SOCK_STREAM, 0, portfile)) == -1 ||
	    evutil_make_socket_nonblocking(fd) == -1 ||
	    (l = evconnlistener_new(base, proxy_accept, base,
	    LEV_OPT_CLOSE_ON_FREE, -1, fd)) == NULL) {
		perror("connproxy");
		return 1;
	}
	ev = evsignal_new(base, SIGTERM, proxy_signal, base);
	if (ev == NULL || evsignal_add(ev, NULL) == -1)
		return 1;
	event_base_dispatch(base);
	event_free(ev);
	evconnlistener_free(l);
	event_base_free(base);
	return 0;
}
