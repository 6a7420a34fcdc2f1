/*
 * httpsink: an HTTP receiver for the webhook tests, that can fail, stall
 * and recover on command.
 *
 *	httpsink -P portfile -o records [-p port] [-c control] [-a auth]
 *	    [-l requests]
 *
 * Listens on 127.0.0.1 (port 0: one the kernel picks), and writes the
 * port to portfile once it listens.  For each POST it reads the first
 * word of the control file, if there is one:
 *
 *	ok	answer 200 and append the records to the records file
 *	fail	answer 503 and keep nothing
 *	stall	never answer and keep nothing (the client times out)
 *	reject	answer 400 and keep nothing
 *
 * A body that is a JSON array is one record per element; an NDJSON body
 * one per line; anything else is one record.  Records are appended one
 * per line, compact, so that they compare with detectd's own file
 * output.  With -a, a request whose Authorization header differs is
 * answered 401.  -l appends "CODE RECORDS" per request.  SIGTERM exits.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include <jansson.h>

#include "sinktool.h"

struct sink {
	const char	*records;
	const char	*control;
	const char	*auth;
	const char	*reqlog;
};

static void
usage(void)
{
	fprintf(stderr, "usage: httpsink -P portfile -o records [-p port] "
	    "[-c control] [-a auth] [-l requests]\n");
	exit(2);
}

static int
sink_dump(FILE *f, json_t *j)
{
	char	*s;

	if ((s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6))) ==
	    NULL)
		return -1;
	fprintf(f, "%s\n", s);
	free(s);
	return 1;
}

/* Append the records of body; their number, or -1. */
static int
sink_store(const struct sink *s, const char *body, size_t len)
{
	FILE	*f;
	json_t	*j, *v;
	size_t	 i;
	int	 n = 0;

	if ((f = fopen(s->records, "a")) == NULL)
		return -1;
	if (len > 0 && body[0] == '[' &&
	    (j = json_loadb(body, len, 0, NULL)) != NULL) {
		json_array_foreach(j, i, v)
			n += sink_dump(f, v);
		json_decref(j);
	} else if (memchr(body, '\n', len) != NULL) {
		fwrite(body, 1, len, f);
		for (i = 0; i < len; i++)
			n += body[i] == '\n';
	} else {
		fwrite(body, 1, len, f);
		fputc('\n', f);
		n = 1;
	}
	fclose(f);
	return n;
}

static void
sink_log(const struct sink *s, int code, int n)
{
	FILE	*f;

	if (s->reqlog == NULL || (f = fopen(s->reqlog, "a")) == NULL)
		return;
	fprintf(f, "%d %d\n", code, n);
	fclose(f);
}

static void
sink_request(struct evhttp_request *req, void *arg)
{
	const struct sink	*s = arg;
	struct evbuffer		*in = evhttp_request_get_input_buffer(req);
	const char		*auth;
	char			 mode[16];
	size_t			 len = evbuffer_get_length(in);
	int			 code = 200, n = 0;

	sinktool_control(s->control, mode, sizeof(mode));
	auth = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Authorization");
	if (strcmp(mode, "stall") == 0) {
		sink_log(s, 0, 0);
		return;
	}
	if (s->auth != NULL && (auth == NULL || strcmp(auth, s->auth) != 0))
		code = 401;
	else if (strcmp(mode, "fail") == 0)
		code = 503;
	else if (strcmp(mode, "reject") == 0)
		code = 400;
	else if ((n = sink_store(s, (const char *)evbuffer_pullup(in, -1),
	    len)) == -1)
		code = 500;
	sink_log(s, code, n);
	evhttp_send_reply(req, code, code == 200 ? "OK" : "Not now", NULL);
}

static void
sink_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopbreak(arg);
}

int
main(int argc, char *argv[])
{
	struct sink			 s;
	struct event_base		*base;
	struct evhttp			*http;
	struct evhttp_bound_socket	*bs;
	struct event			*ev;
	const char			*portfile = NULL;
	int				 ch, port = 0;

	memset(&s, 0, sizeof(s));
	while ((ch = getopt(argc, argv, "a:c:l:o:P:p:")) != -1) {
		switch (ch) {
		case 'a':
			s.auth = optarg;
			break;
		case 'c':
			s.control = optarg;
			break;
		case 'l':
			s.reqlog = optarg;
			break;
		case 'o':
			s.records = optarg;
			break;
		case 'P':
			portfile = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (s.records == NULL || portfile == NULL)
		usage();
	signal(SIGPIPE, SIG_IGN);
	if ((base = event_base_new()) == NULL || (http = evhttp_new(base)) ==
	    NULL)
		return 1;
	evhttp_set_allowed_methods(http, EVHTTP_REQ_POST);
	evhttp_set_gencb(http, sink_request, &s);
	if ((bs = evhttp_bind_socket_with_handle(http, "127.0.0.1",
	    (unsigned short)port)) == NULL || sinktool_portfile(
	    evhttp_bound_socket_get_fd(bs), portfile) == -1) {
		perror("httpsink: bind");
		return 1;
	}
	ev = evsignal_new(base, SIGTERM, sink_signal, base);
	if (ev == NULL || evsignal_add(ev, NULL) == -1)
		return 1;
	event_base_dispatch(base);
	event_free(ev);
	evhttp_free(http);
	event_base_free(base);
	return 0;
}
