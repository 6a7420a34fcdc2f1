/*
 * The webhook output: each record, or a batch of them, POSTed to an HTTP
 * endpoint (a ticketing system) with libevent's HTTP client.
 *
 * It owns the options of webhook blocks (the table below), the spool
 * and the HTTP connection.
 *
 * Every record goes through a disk spool in the state directory first
 * (spool.c), and leaves it only when the receiver answered 2xx.  One
 * request is in flight at a time, so records arrive in the order they
 * were written; a failure (no answer within the timeout, a refused
 * connection, a 5xx, 401, 429 ...) sends the same batch again after an
 * exponential back-off.  The receiver deduplicates on event.id: a record
 * is sent twice only when the receiver took it but its answer was lost.
 * A 400, 413, 415 or 422 says the record itself is refused: it would
 * never pass, so it is set aside in "rejected.json" beside the spool,
 * logged and counted, and the queue moves on.
 *
 * Back-pressure: while the spool holds spool-max bytes or more, a flush
 * fails, which pauses the inputs; reaching the cap is logged once per
 * episode and counted.  Records are still taken into the spool then: the
 * cap is the point where detectd stops reading, not where it drops.
 *
 * The daemon attaches its event loop (output_attach).  Without one
 * (replay, tests) the output runs a private event base: up to
 * WEBHOOK_PUMP ms on each flush, and until the spool is empty or
 * drain-timeout passes when it is freed.  What is left waits in the
 * spool for the next start.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "util/log.h"
#include "output/output.h"
#include "output/output_kind.h"
#include "output/spool.h"

#ifndef DETECTD_VERSION
#define DETECTD_VERSION		"unknown"
#endif

#define WEBHOOK_TIMEOUT		10000
#define WEBHOOK_RETRY_MIN	1000
#define WEBHOOK_RETRY_MAX	300000
#define WEBHOOK_DRAIN		5000
#define WEBHOOK_SPOOL_MAX	(100ULL * 1024 * 1024)
#define WEBHOOK_BATCH_BYTES	(1024 * 1024)
#define WEBHOOK_TOKEN_MAX	4096
#define WEBHOOK_PUMP		50	/* ms of private loop per flush */

/* A block's options; unset ones are NULL or 0 and take the defaults above. */
struct owebhook_opts {
	char			*url;
	char			*token_file;	/* the API token, first line */
	char			*token_header;
	char			*token_scheme;
	struct outconf_headers	 headers;	/* "Name: value" */
	size_t			 batch;		/* records per request */
	char			*batch_format;	/* "array" or "ndjson" */
	int64_t			 timeout_ms;
	int64_t			 retry_min_ms;
	int64_t			 retry_max_ms;
	int64_t			 drain_ms;	/* delivery allowed at exit */
	uint64_t		 spool_max;	/* bytes before back-pressure */
};

#define WO(f)	offsetof(struct owebhook_opts, f)

static const struct outconf_opt output_webhook_opts[] = {
	{ "url", OUTCONF_STR, WO(url), 0, 0 },
	{ "token-file", OUTCONF_PATH, WO(token_file), 0, 0 },
	{ "token-header", OUTCONF_STR, WO(token_header), 0, 0 },
	{ "token-scheme", OUTCONF_STR, WO(token_scheme), 0, 0 },
	{ "header", OUTCONF_HEADER, WO(headers), 0, 0 },
	{ "batch", OUTCONF_COUNT, WO(batch), OUTCONF_COUNT_RANGE },
	{ "batch-format", OUTCONF_STR, WO(batch_format), 0, 0 },
	{ "timeout", OUTCONF_TIME, WO(timeout_ms), OUTCONF_TIME_RANGE },
	{ "retry-min", OUTCONF_TIME, WO(retry_min_ms), OUTCONF_TIME_RANGE },
	{ "retry-max", OUTCONF_TIME, WO(retry_max_ms), OUTCONF_TIME_RANGE },
	{ "drain-timeout", OUTCONF_TIME, WO(drain_ms), OUTCONF_TIME_RANGE },
	{ "spool-max", OUTCONF_SIZE, WO(spool_max), OUTCONF_SIZE_RANGE },
	{ NULL, 0, 0, 0, 0 }
};

#undef WO

struct owebhook {
	const char		*name;
	char			*host;
	int			 port;
	char			*target;	/* path and query */
	char			*hostport;	/* Host: */
	char			**hnames;
	char			**hvalues;
	size_t			 nheaders;
	char			*token_file;
	char			*token_header;
	char			*token_scheme;
	char			*auth;		/* the token header's value */
	size_t			 batch;
	int			 ndjson;
	int64_t			 timeout_ms;
	int64_t			 retry_min;
	int64_t			 retry_max;
	int64_t			 drain_ms;
	struct spool		*spool;
	char			*rejected;	/* path of the set-aside file */
	struct event_base	*base;
	int			 own_base;	/* private: not attached */
	int			 draining;
	struct evhttp_connection *conn;
	struct event		*timer;
	struct evhttp_request	*req;		/* in flight */
	struct spool_batch	 inflight;
	int			 reqerr;	/* enum evhttp_request_error + 1 */
	int64_t			 delay;
	int			 failing;
	int			 full;
	char			*body;
	size_t			 bodycap;
	uint64_t		 delivered;
	uint64_t		 retries;
	uint64_t		 errors;
	uint64_t		 rejects;
	uint64_t		 fulls;
};

static void	webhook_kick(struct owebhook *, int64_t);

/* Options ------------------------------------------------------------ */

static int
webhook_parse_url(const char *url, char **host, int *port, char **target)
{
	struct evhttp_uri	*u;
	const char		*path, *query;
	int			 rc = -1;

	*host = *target = NULL;
	if ((u = evhttp_uri_parse(url)) == NULL)
		return -1;
	if (evhttp_uri_get_scheme(u) == NULL ||
	    strcmp(evhttp_uri_get_scheme(u), "http") != 0 ||
	    evhttp_uri_get_host(u) == NULL || *evhttp_uri_get_host(u) == '\0')
		goto done;
	*port = evhttp_uri_get_port(u) > 0 ? evhttp_uri_get_port(u) : 80;
	path = evhttp_uri_get_path(u);
	query = evhttp_uri_get_query(u);
	if ((*host = strdup(evhttp_uri_get_host(u))) == NULL ||
	    asprintf(target, "%s%s%s", path != NULL && *path != '\0' ? path :
	    "/", query != NULL ? "?" : "", query != NULL ? query : "") == -1) {
		*target = NULL;
		goto done;
	}
	rc = 0;
done:
	evhttp_uri_free(u);
	return rc;
}

static int
webhook_name_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		    *s == '.'))
			return 0;
	return 1;
}

static int
output_webhook_check(const char *name, const void *opts, char *err,
    size_t errlen)
{
	const struct owebhook_opts	*wo = opts;
	char				*host, *target;
	int				 port, rc;

	if (wo->url == NULL) {
		snprintf(err, errlen, "needs a url");
		return -1;
	}
	rc = webhook_parse_url(wo->url, &host, &port, &target);
	free(host);
	free(target);
	if (rc == -1) {
		snprintf(err, errlen, "url '%s': expected http://host[:port]"
		    "/path (for https, point it at a local TLS proxy)",
		    wo->url);
		return -1;
	}
	if (name[0] == '.' || !webhook_name_ok(name)) {
		snprintf(err, errlen, "the name of a webhook output names "
		    "its spool: use letters, digits, '-', '_' and '.'");
		return -1;
	}
	if (wo->batch_format != NULL && strcmp(wo->batch_format, "array") &&
	    strcmp(wo->batch_format, "ndjson")) {
		snprintf(err, errlen, "batch-format must be array or ndjson");
		return -1;
	}
	return 0;
}

/* The first line of the token file, read at open and on each reopen. */
static int
webhook_read_token(struct owebhook *w)
{
	char		 buf[WEBHOOK_TOKEN_MAX + 1], *auth;
	struct stat	 st;
	ssize_t		 n;
	int		 fd;

	if (w->token_file == NULL)
		return 0;
	if ((fd = open(w->token_file, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1 || (n = read(fd, buf, sizeof(buf) - 1)) < 0) {
		log_warn("output %s: token file %s", w->name, w->token_file);
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	if (st.st_mode & S_IROTH)
		log_warnx("output %s: token file %s is readable by everyone",
		    w->name, w->token_file);
	buf[n] = '\0';
	n = (ssize_t)strcspn(buf, "\r\n");
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		n--;
	buf[n] = '\0';
	if (buf[0] == '\0') {
		log_warnx("output %s: token file %s is empty", w->name,
		    w->token_file);
		return -1;
	}
	if (asprintf(&auth, "%s%s%s", w->token_scheme, *w->token_scheme ?
	    " " : "", buf) == -1) {
		log_warn("%s", __func__);
		return -1;
	}
	explicit_bzero(buf, sizeof(buf));
	if (w->auth != NULL)
		explicit_bzero(w->auth, strlen(w->auth));
	free(w->auth);
	w->auth = auth;
	return 0;
}

static int
webhook_headers(struct owebhook *w, const struct owebhook_opts *wo)
{
	const char	*colon, *v;
	size_t		 i;

	w->hnames = calloc(wo->headers.n + 1, sizeof(char *));
	w->hvalues = calloc(wo->headers.n + 1, sizeof(char *));
	if (w->hnames == NULL || w->hvalues == NULL)
		return -1;
	for (i = 0; i < wo->headers.n; i++) {
		colon = strchr(wo->headers.v[i], ':');
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		if ((w->hnames[i] = strndup(wo->headers.v[i],
		    colon - wo->headers.v[i])) == NULL ||
		    (w->hvalues[i] = strdup(v)) == NULL)
			return -1;
		w->nheaders++;
	}
	return 0;
}

/* Requests ----------------------------------------------------------- */

static int64_t
webhook_num(int64_t v, int64_t def)
{
	return v > 0 ? v : def;
}

static int
webhook_body(struct owebhook *w, const struct spool_batch *b)
{
	size_t	 i, len = 0;
	char	*nb;

	if (w->bodycap < b->len + 3) {
		if ((nb = realloc(w->body, b->len + 3)) == NULL)
			return -1;
		w->body = nb;
		w->bodycap = b->len + 3;
	}
	if (w->ndjson) {
		memcpy(w->body, b->buf, b->len);
		return (int)b->len;
	}
	if (w->batch > 1)
		w->body[len++] = '[';
	for (i = 0; i < b->len; i++) {
		if (b->buf[i] != '\n')
			w->body[len++] = b->buf[i];
		else if (i + 1 < b->len)
			w->body[len++] = ',';
	}
	if (w->batch > 1)
		w->body[len++] = ']';
	return (int)len;
}

static int
webhook_add_headers(struct owebhook *w, struct evhttp_request *req)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	size_t			 i;

	if (evhttp_add_header(h, "Host", w->hostport) == -1 ||
	    evhttp_add_header(h, "User-Agent", "detectd/" DETECTD_VERSION) ==
	    -1 ||
	    evhttp_add_header(h, "Content-Type", w->ndjson ?
	    "application/x-ndjson" : "application/json") == -1)
		return -1;
	if (w->auth != NULL && evhttp_add_header(h, w->token_header,
	    w->auth) == -1)
		return -1;
	for (i = 0; i < w->nheaders; i++) {
		evhttp_remove_header(h, w->hnames[i]);
		if (evhttp_add_header(h, w->hnames[i], w->hvalues[i]) == -1)
			return -1;
	}
	return 0;
}

static void
webhook_retry(struct owebhook *w, int code)
{
	static const char *const errs[] = { "no answer within the timeout",
	    "connection closed", "connection failed", "bad answer",
	    "bad header", "buffer error", "request cancelled",
	    "body larger than allowed" };

	w->errors++;
	w->retries++;
	if (!w->failing) {
		if (code > 0)
			log_warnx("output %s: %s:%d answered %d: sending again "
			    "with back-off", w->name, w->host, w->port, code);
		else
			log_warnx("output %s: %s:%d: %s: sending again with "
			    "back-off", w->name, w->host, w->port,
			    w->reqerr > 0 && w->reqerr <= 8 ?
			    errs[w->reqerr - 1] : "request failed");
	}
	w->failing = 1;
	webhook_kick(w, w->delay);
	w->delay = w->delay * 2 > w->retry_max ? w->retry_max : w->delay * 2;
}

/* Refused for good: kept aside, so that the queue moves on. */
static void
webhook_reject(struct owebhook *w, int code)
{
	int	 fd;

	fd = open(w->rejected, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, w->inflight.buf, w->inflight.len) !=
	    (ssize_t)w->inflight.len) {
		log_warn("output %s: %s", w->name, w->rejected);
		if (fd != -1)
			close(fd);
		webhook_retry(w, code);
		return;
	}
	close(fd);
	w->rejects += w->inflight.n;
	log_warnx("output %s: %s:%d refused %zu record%s with %d: kept in %s",
	    w->name, w->host, w->port, w->inflight.n,
	    w->inflight.n == 1 ? "" : "s", code, w->rejected);
	if (spool_commit(w->spool, &w->inflight) == -1)
		webhook_retry(w, code);
	else
		webhook_kick(w, 0);
}

static void
webhook_done(struct evhttp_request *req, void *arg)
{
	struct owebhook	*w = arg;
	int		 code;

	code = req != NULL ? evhttp_request_get_response_code(req) : 0;
	w->req = NULL;
	if (code >= 200 && code < 300) {
		if (spool_commit(w->spool, &w->inflight) == -1) {
			webhook_retry(w, 0);
			return;
		}
		w->delivered += w->inflight.n;
		if (w->failing)
			log_info("output %s: delivering again", w->name);
		w->failing = 0;
		w->delay = w->retry_min;
		webhook_kick(w, 0);
	} else if (code == 400 || code == 413 || code == 415 || code == 422)
		webhook_reject(w, code);
	else
		webhook_retry(w, code);
}

static void
webhook_error(enum evhttp_request_error e, void *arg)
{
	struct owebhook	*w = arg;

	w->reqerr = (int)e + 1;
}

static int
webhook_conn(struct owebhook *w)
{
	struct timeval	 tv;

	if (w->conn != NULL)
		return 0;
	w->conn = evhttp_connection_base_new(w->base, NULL, w->host,
	    (unsigned short)w->port);
	if (w->conn == NULL)
		return -1;
	tv.tv_sec = w->timeout_ms / 1000;
	tv.tv_usec = (w->timeout_ms % 1000) * 1000;
	evhttp_connection_set_timeout_tv(w->conn, &tv);
	evhttp_connection_set_retries(w->conn, 0);
	return 0;
}

static void
webhook_send(struct owebhook *w)
{
	struct evhttp_request	*req;
	int			 len;

	if (w->req != NULL)
		return;
	if (spool_peek(w->spool, w->batch, WEBHOOK_BATCH_BYTES,
	    &w->inflight) == -1) {
		webhook_retry(w, 0);
		return;
	}
	if (w->inflight.n == 0) {
		if (w->draining)
			event_base_loopbreak(w->base);
		return;
	}
	w->reqerr = 0;
	if (webhook_conn(w) == -1 ||
	    (len = webhook_body(w, &w->inflight)) == -1 ||
	    (req = evhttp_request_new(webhook_done, w)) == NULL) {
		webhook_retry(w, 0);
		return;
	}
	evhttp_request_set_error_cb(req, webhook_error);
	if (webhook_add_headers(w, req) == -1 ||
	    evbuffer_add(evhttp_request_get_output_buffer(req), w->body,
	    len) == -1) {
		evhttp_request_free(req);
		webhook_retry(w, 0);
		return;
	}
	/*
	 * libevent owns the request from here; a failure it reports
	 * through webhook_done, which clears w->req, or not at all.
	 */
	w->req = req;
	if (evhttp_make_request(w->conn, req, EVHTTP_REQ_POST,
	    w->target) == -1 && w->req == req) {
		w->req = NULL;
		webhook_retry(w, 0);
	}
}

static void
webhook_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	webhook_send(arg);
}

/* Send the head of the spool after delay ms, unless already under way. */
static void
webhook_kick(struct owebhook *w, int64_t delay)
{
	struct timeval	 tv;

	if (w->base == NULL || w->req != NULL)
		return;
	if (w->timer == NULL && (w->timer = evtimer_new(w->base,
	    webhook_timer, w)) == NULL) {
		log_warn("%s", __func__);
		return;
	}
	/* A back-off under way is kept: flushes do not shorten it. */
	if (evtimer_pending(w->timer, NULL))
		return;
	tv.tv_sec = delay / 1000;
	tv.tv_usec = (delay % 1000) * 1000;
	evtimer_add(w->timer, &tv);
}

/* Event bases -------------------------------------------------------- */

static void
webhook_detach(struct owebhook *w)
{
	if (w->req != NULL)
		evhttp_cancel_request(w->req);
	w->req = NULL;
	if (w->conn != NULL)
		evhttp_connection_free(w->conn);
	w->conn = NULL;
	if (w->timer != NULL)
		event_free(w->timer);
	w->timer = NULL;
	if (w->own_base && w->base != NULL)
		event_base_free(w->base);
	w->base = NULL;
	w->own_base = 0;
}

static int
output_webhook_attach(void *arg, struct event_base *base)
{
	struct owebhook	*w = arg;

	if (base == w->base && base != NULL)
		return 0;
	/* A request in flight is abandoned; its batch is sent again. */
	webhook_detach(w);
	w->base = base;
	if (base != NULL && spool_records(w->spool) > 0)
		webhook_kick(w, 0);
	return 0;
}

/* Without an attached loop: a private one. */
static int
webhook_own_base(struct owebhook *w)
{
	if (w->base != NULL)
		return 0;
	if ((w->base = event_base_new()) == NULL) {
		log_warnx("output %s: event_base_new failed", w->name);
		return -1;
	}
	w->own_base = 1;
	return 0;
}

/* Freed without a loop: deliver what can be delivered in drain_ms. */
static void
webhook_drain(struct owebhook *w)
{
	struct timeval	 tv;

	if (!w->own_base)
		webhook_detach(w);
	if (spool_records(w->spool) == 0 || webhook_own_base(w) == -1)
		goto left;
	tv.tv_sec = w->drain_ms / 1000;
	tv.tv_usec = (w->drain_ms % 1000) * 1000;
	w->draining = 1;
	w->delay = w->retry_min;
	event_base_loopexit(w->base, &tv);
	if (w->req == NULL) {
		if (w->timer != NULL)
			evtimer_del(w->timer);
		webhook_send(w);
	}
	if (spool_records(w->spool) > 0)
		event_base_dispatch(w->base);
	w->draining = 0;
left:
	if (spool_records(w->spool) > 0)
		log_warnx("output %s: %llu alerts wait in the spool for the "
		    "next start", w->name,
		    (unsigned long long)spool_records(w->spool));
}

/*
 * Not attached: run the private loop a little, and to the end of a
 * request under way, so that an answer is not left unread until it
 * times out (which would send the batch again).
 */
static void
webhook_pump(struct owebhook *w)
{
	struct timeval	 tv = { 0, WEBHOOK_PUMP * 1000 };
	int64_t		 spent = 0;

	if (spool_records(w->spool) == 0 && w->req == NULL)
		return;
	w->draining = 1;
	/* A request in flight is seen to its end (bounded by its timeout). */
	do {
		event_base_loopexit(w->base, &tv);
		event_base_dispatch(w->base);
		spent += WEBHOOK_PUMP;
	} while (w->req != NULL && spent <= w->timeout_ms);
	w->draining = 0;
}

/* Output interface --------------------------------------------------- */

static int
output_webhook_flush(void *arg, const char *buf, size_t len, size_t *done)
{
	struct owebhook	*w = arg;

	*done = 0;
	if (len > 0 && spool_append(w->spool, buf, len) == -1) {
		w->errors++;
		return -1;
	}
	*done = len;
	if (spool_full(w->spool)) {
		if (!w->full) {
			log_warnx("output %s: the spool holds %llu bytes, its "
			    "cap: inputs pause until the receiver catches up",
			    w->name, (unsigned long long)spool_bytes(w->spool));
			w->fulls++;
		}
		w->full = 1;
	} else if (w->full) {
		log_info("output %s: the spool is below its cap again",
		    w->name);
		w->full = 0;
	}
	if (spool_records(w->spool) > 0 &&
	    (w->base != NULL || webhook_own_base(w) == 0))
		webhook_kick(w, 0);
	if (w->own_base)
		webhook_pump(w);
	return w->full ? -1 : 0;
}

static int
output_webhook_reopen(void *arg)
{
	struct owebhook	*w = arg;

	/* A rotated token takes effect here (SIGHUP, SIGUSR2). */
	return webhook_read_token(w);
}

static void
output_webhook_stats(void *arg, struct output_stats *st)
{
	struct owebhook	*w = arg;

	st->errors += w->errors;
	st->delivered += w->delivered;
	st->retries += w->retries;
	st->rejected += w->rejects;
	st->full += w->fulls;
	st->queued += spool_records(w->spool);
	st->queued_bytes += spool_bytes(w->spool);
}

static void
output_webhook_close(void *arg)
{
	struct owebhook	*w = arg;
	size_t		 i;

	if (w == NULL)
		return;
	if (w->spool != NULL)
		webhook_drain(w);
	webhook_detach(w);
	spool_free(w->spool);
	for (i = 0; i < w->nheaders; i++) {
		free(w->hnames[i]);
		free(w->hvalues[i]);
	}
	free(w->hnames);
	free(w->hvalues);
	if (w->auth != NULL)
		explicit_bzero(w->auth, strlen(w->auth));
	free(w->auth);
	free(w->host);
	free(w->target);
	free(w->hostport);
	free(w->token_file);
	free(w->token_header);
	free(w->token_scheme);
	free(w->rejected);
	free(w->body);
	free(w);
}

static int
webhook_conf(struct owebhook *w, const struct owebhook_opts *wo)
{
	w->batch = wo->batch > 0 ? wo->batch : 1;
	w->ndjson = wo->batch_format != NULL &&
	    strcmp(wo->batch_format, "ndjson") == 0;
	w->timeout_ms = webhook_num(wo->timeout_ms, WEBHOOK_TIMEOUT);
	w->retry_min = webhook_num(wo->retry_min_ms, WEBHOOK_RETRY_MIN);
	w->retry_max = webhook_num(wo->retry_max_ms, WEBHOOK_RETRY_MAX);
	if (w->retry_max < w->retry_min)
		w->retry_max = w->retry_min;
	w->drain_ms = webhook_num(wo->drain_ms, WEBHOOK_DRAIN);
	w->delay = w->retry_min;
	if (webhook_parse_url(wo->url, &w->host, &w->port, &w->target) ==
	    -1 || asprintf(&w->hostport, w->port == 80 ? "%s" : "%s:%d",
	    w->host, w->port) == -1 || webhook_headers(w, wo) == -1 ||
	    (w->token_header = strdup(wo->token_header != NULL ?
	    wo->token_header : "Authorization")) == NULL ||
	    (w->token_scheme = strdup(wo->token_scheme != NULL ?
	    wo->token_scheme : "Bearer")) == NULL ||
	    (wo->token_file != NULL &&
	    (w->token_file = strdup(wo->token_file)) == NULL)) {
		log_warn("output %s", w->name);
		return -1;
	}
	return webhook_read_token(w);
}

static void *
output_webhook_open(const char *name, const void *opts,
    const struct output_env *env)
{
	const struct owebhook_opts	*wo = opts;
	struct owebhook			*w;
	char				*dir = NULL;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	w->name = name;
	if (webhook_conf(w, wo) == -1)
		goto fail;
	if (asprintf(&dir, "%s/spool-%s", env->state_dir, name) == -1 ||
	    asprintf(&w->rejected, "%s/rejected.json", dir) == -1) {
		dir = NULL;
		log_warn("%s", __func__);
		goto fail;
	}
	if ((w->spool = spool_open(dir, wo->spool_max > 0 ? wo->spool_max :
	    WEBHOOK_SPOOL_MAX, 0, env->owner)) == NULL)
		goto fail;
	if (spool_records(w->spool) > 0)
		log_info("output %s: %llu alerts wait in the spool from before",
		    name, (unsigned long long)spool_records(w->spool));
	free(dir);
	return w;
fail:
	free(dir);
	output_webhook_close(w);
	return NULL;
}

const struct output_kind output_webhook_kind = {
	.type = "webhook",
	.opts = output_webhook_opts,
	.opts_size = sizeof(struct owebhook_opts),
	.check = output_webhook_check,
	.open = output_webhook_open,
	.flush = output_webhook_flush,
	.reopen = output_webhook_reopen,
	.attach = output_webhook_attach,
	.stats = output_webhook_stats,
	.close = output_webhook_close,
};
