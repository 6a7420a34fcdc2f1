/*
 * whttp: one HTTP(S) request at a time, with libcurl's multi interface
 * driven by a libevent loop.  The webhook output (output_webhook.c) is
 * its only user; it owns the spool, the order and the back-off, whttp
 * only moves one request and says how it ended.
 *
 * libcurl rather than libevent's evhttp over OpenSSL bufferevents:
 * evhttp always opens its own connection, so it cannot speak TLS
 * through an HTTP proxy's CONNECT tunnel, and libcurl does verification
 * (system store or ca-file, host name), client certificates, a TLS
 * version floor and proxies as one library that is kept up to date.
 *
 * Security policy, fixed: the peer's certificate and host name are
 * always verified, TLS 1.2 is the floor, only http and https are
 * spoken, redirects are not followed, and the environment's proxy
 * variables are ignored (only the proxy given is used).  A connection
 * lives at most WHTTP_CONN_LIFE seconds, and TLS sessions are not
 * resumed (a resumed session skips the certificate check), so that a
 * server certificate that expires or is replaced while detectd runs is
 * verified again at the next connection.
 *
 * The answer is bounded: headers over max_headers or a body over
 * max_body end the request as failed.  The first WHTTP_KEEP bytes of
 * the body are kept for the caller (TheHive's id of a new alert).
 */
#ifndef DETECTD_WHTTP_H
#define DETECTD_WHTTP_H

#include <stddef.h>
#include <stdint.h>

struct event_base;
struct whttp;

#define WHTTP_CONN_LIFE		60	/* s a connection is reused */
#define WHTTP_KEEP		65536	/* bytes of an answer kept */

struct whttp_conf {
	const char	*ca_file;	/* NULL: the system's store */
	const char	*cert_file;	/* client certificate (PEM) */
	const char	*key_file;	/* its key; NULL: in cert_file */
	const char	*proxy;		/* http://host:port, or NULL */
	int64_t		 timeout_ms;	/* to connect, and of silence */
	uint64_t	 max_headers;
	uint64_t	 max_body;
};

/*
 * How a request ended: code is the HTTP status, or 0 when there was no
 * answer, then why says what went wrong (no secret in it).
 */
typedef void	(*whttp_done_cb)(int code, const char *why, void *arg);

struct whttp	*whttp_new(struct event_base *, const struct whttp_conf *,
		    whttp_done_cb, void *arg);
void		 whttp_free(struct whttp *);
/*
 * Start a request: method ("POST", "PATCH"), url, headers ("Name:
 * value", NULL-ended), body.  The body and headers are copied.  -1 when
 * it could not start (done is not called then).
 */
int		 whttp_send(struct whttp *, const char *method,
		    const char *url, const char *const *headers,
		    const char *body, size_t len);
/* Abandon the request under way, if any; done is not called. */
void		 whttp_cancel(struct whttp *);
int		 whttp_busy(const struct whttp *);
/* The start of the last answer's body, NUL-ended (WHTTP_KEEP at most). */
const char	*whttp_answer(const struct whttp *, size_t *len);

#endif
