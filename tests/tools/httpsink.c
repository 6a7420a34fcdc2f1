/*
 * httpsink: an HTTP receiver for the webhook tests, that can fail, stall
 * and recover on command.
 *
 *	httpsink -P portfile -o records [-p port] [-c control] [-a auth]
 *	    [-l requests] [-m methods] [-H] [-C cert -K key [-A ca] [-1]]
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
 *
 *	big	answer 200 with a 10 MB body (the client must not take it)
 *
 * -m appends "METHOD URI" per request.  -H answers like TheHive 5: a
 * POST 201 with {"_id": "~N"} (N counting from 1), a PATCH 204.
 *
 * With -C and -K it speaks HTTPS only (OpenSSL through libevent's
 * bufferevents), and closes the connection after each answer so that
 * every request is a new handshake; -A requires a client certificate
 * signed by that CA; -1 offers TLS 1.0 and 1.1 only (a receiver that
 * downgrades).
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

#include <event2/bufferevent_ssl.h>
#include <jansson.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "sinktool.h"

struct sink {
	const char	*records;
	const char	*control;
	const char	*auth;
	const char	*reqlog;
	const char	*methods;
	int		 hive;
	int		 seq;		/* of TheHive ids */
	SSL_CTX		*tls;
};

static void
usage(void)
{
	fprintf(stderr, "usage: httpsink -P portfile -o records [-p port] "
	    "[-c control] [-a auth] [-l requests] [-m methods] [-H]\n"
	    "\t[-C cert -K key [-A ca] [-1]]\n");
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
sink_method(const struct sink *s, struct evhttp_request *req)
{
	FILE	*f;

	if (s->methods == NULL || (f = fopen(s->methods, "a")) == NULL)
		return;
	fprintf(f, "%s %s\n", evhttp_request_get_command(req) ==
	    EVHTTP_REQ_PATCH ? "PATCH" : "POST", evhttp_request_get_uri(req));
	fclose(f);
}

/* The answer to a request taken; TheHive's or a plain one. */
static void
sink_reply(struct sink *s, struct evhttp_request *req, int code,
    const char *mode)
{
	struct evbuffer	*b = evbuffer_new();
	size_t		 i;

	if (s->tls != NULL)
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Connection", "close");
	if (code == 200 && strcmp(mode, "big") == 0)
		for (i = 0; b != NULL && i < 10 * 1024; i++)
			evbuffer_add_printf(b, "%01023d\n", 0);
	else if (code == 200 && s->hive && evhttp_request_get_command(req) ==
	    EVHTTP_REQ_PATCH)
		code = 204;
	else if (code == 200 && s->hive && b != NULL) {
		code = 201;
		evbuffer_add_printf(b, "{\"_id\":\"~%d\",\"_type\":"
		    "\"Alert\"}", ++s->seq);
	}
	evhttp_send_reply(req, code, code < 300 ? "OK" : "Not now", b);
	if (b != NULL)
		evbuffer_free(b);
}

static void
sink_request(struct evhttp_request *req, void *arg)
{
	struct sink		*s = arg;
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
	sink_method(s, req);
	sink_reply(s, req, code, mode);
}

static struct bufferevent *
sink_bev(struct event_base *base, void *arg)
{
	struct sink	*s = arg;

	return bufferevent_openssl_socket_new(base, -1, SSL_new(s->tls),
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
}

/* The server's TLS: its certificate, a client's CA, old versions only. */
static SSL_CTX *
sink_tls(const char *cert, const char *key, const char *ca, int old)
{
	SSL_CTX	*ctx;

	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL ||
	    SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
		goto fail;
	if (ca != NULL) {
		if (SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1)
			goto fail;
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER |
		    SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	}
	if (old && (SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION) != 1 ||
	    SSL_CTX_set_max_proto_version(ctx, TLS1_1_VERSION) != 1 ||
	    SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0") != 1))
		goto fail;
	return ctx;
fail:
	ERR_print_errors_fp(stderr);
	SSL_CTX_free(ctx);
	return NULL;
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
	const char			*portfile = NULL, *cert = NULL;
	const char			*key = NULL, *ca = NULL;
	int				 ch, port = 0, old = 0;

	memset(&s, 0, sizeof(s));
	while ((ch = getopt(argc, argv, "1A:a:C:c:HK:l:m:o:P:p:")) != -1) {
		switch (ch) {
		case '1':
			old = 1;
			break;
		case 'A':
			ca = optarg;
			break;
		case 'C':
			cert = optarg;
			break;
		case 'H':
			s.hive = 1;
			break;
		case 'K':
			key = optarg;
			break;
		case 'm':
			s.methods = optarg;
			break;
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
	if (s.records == NULL || portfile == NULL || (cert == NULL) !=
	    (key == NULL))
		usage();
	if (cert != NULL && (s.tls = sink_tls(cert, key, ca, old)) == NULL)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	if ((base = event_base_new()) == NULL || (http = evhttp_new(base)) ==
	    NULL)
		return 1;
	evhttp_set_allowed_methods(http, EVHTTP_REQ_POST | EVHTTP_REQ_PATCH);
	if (s.tls != NULL)
		evhttp_set_bevcb(http, sink_bev, &s);
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
	SSL_CTX_free(s.tls);
	return 0;
}
