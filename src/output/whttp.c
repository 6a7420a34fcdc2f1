/*
 * whttp: libcurl's multi interface on a libevent loop (see whttp.h).
 *
 * libcurl tells which sockets to watch (whttp_sock) and when to call it
 * back (whttp_timer); each socket event and the timer hand control back
 * with curl_multi_socket_action, after which the finished transfer, if
 * any, is read from curl_multi_info_read.  There is one easy handle,
 * kept between requests so that its connection is reused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "util/log.h"
#include "output/whttp.h"

struct whttp_sock {
	struct event		*ev;
	struct whttp_sock	*next;
};

struct whttp {
	struct event_base	*base;
	CURLM			*multi;
	CURL			*easy;
	struct curl_slist	*headers;
	struct event		*timer;
	struct whttp_sock	*socks;		/* watched for libcurl */
	whttp_done_cb		 done;
	void			*arg;
	int			 busy;
	uint64_t		 max_headers;
	uint64_t		 max_body;
	uint64_t		 hbytes;	/* header bytes of this answer */
	int			 over;		/* answer over a bound */
	char			*body;		/* copy of the request's */
	char			*answer;	/* its first WHTTP_KEEP bytes */
	size_t			 alen;
	uint64_t		 blen;		/* body bytes of this answer */
	char			 err[CURL_ERROR_SIZE];
};

static void	whttp_check(struct whttp *);

static size_t
whttp_header(char *p, size_t size, size_t n, void *arg)
{
	struct whttp	*h = arg;

	(void)p;
	h->hbytes += size * n;
	if (h->hbytes > h->max_headers) {
		h->over = 1;
		return 0;
	}
	return size * n;
}

static size_t
whttp_write(char *p, size_t size, size_t n, void *arg)
{
	struct whttp	*h = arg;
	size_t		 len = size * n, keep;

	h->blen += len;
	if (h->blen > h->max_body) {
		h->over = 1;
		return 0;
	}
	keep = len < WHTTP_KEEP - h->alen ? len : WHTTP_KEEP - h->alen;
	memcpy(h->answer + h->alen, p, keep);
	h->alen += keep;
	h->answer[h->alen] = '\0';
	return len;
}

static void
whttp_event(evutil_socket_t fd, short what, void *arg)
{
	struct whttp	*h = arg;
	int		 running, flags = 0;

	if (what & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(h->multi, fd, flags, &running);
	whttp_check(h);
}

static void
whttp_unsock(struct whttp *h, struct whttp_sock *ws)
{
	struct whttp_sock	**p;

	for (p = &h->socks; *p != NULL; p = &(*p)->next)
		if (*p == ws) {
			*p = ws->next;
			if (ws->ev != NULL)
				event_free(ws->ev);
			free(ws);
			return;
		}
}

static int
whttp_sock(CURL *e, curl_socket_t s, int what, void *arg, void *sockp)
{
	struct whttp		*h = arg;
	struct whttp_sock	*ws = sockp;
	short			 ev = EV_PERSIST;

	(void)e;
	if (what == CURL_POLL_REMOVE) {
		whttp_unsock(h, ws);
		curl_multi_assign(h->multi, s, NULL);
		return 0;
	}
	if (ws == NULL) {
		if ((ws = calloc(1, sizeof(*ws))) == NULL)
			return -1;
		ws->next = h->socks;
		h->socks = ws;
		curl_multi_assign(h->multi, s, ws);
	} else if (ws->ev != NULL)
		event_free(ws->ev);
	if (what & CURL_POLL_IN)
		ev |= EV_READ;
	if (what & CURL_POLL_OUT)
		ev |= EV_WRITE;
	if ((ws->ev = event_new(h->base, s, ev, whttp_event, h)) == NULL ||
	    event_add(ws->ev, NULL) == -1)
		return -1;
	return 0;
}

static void
whttp_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct whttp	*h = arg;
	int		 running;

	(void)fd;
	(void)what;
	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	whttp_check(h);
}

static int
whttp_timer(CURLM *m, long ms, void *arg)
{
	struct whttp	*h = arg;
	struct timeval	 tv;

	(void)m;
	if (ms < 0) {
		evtimer_del(h->timer);
		return 0;
	}
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	return evtimer_add(h->timer, &tv);
}

/* Why a transfer failed, in words without a secret in them. */
static const char *
whttp_why(struct whttp *h, CURLcode rc)
{
	if (h->over)
		return "an answer over max-response-headers or "
		    "max-response-body";
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		return "no answer within the timeout";
	case CURLE_COULDNT_CONNECT:
		return "no connection";
	case CURLE_GOT_NOTHING:
		return "connection closed";
	default:
		break;
	}
	if (h->err[0] == '\0')
		snprintf(h->err, sizeof(h->err), "%s", curl_easy_strerror(rc));
	return h->err;
}

static void
whttp_finish(struct whttp *h)
{
	curl_multi_remove_handle(h->multi, h->easy);
	curl_slist_free_all(h->headers);
	h->headers = NULL;
	free(h->body);
	h->body = NULL;
	h->busy = 0;
}

static void
whttp_check(struct whttp *h)
{
	CURLMsg		*m;
	CURLcode	 rc;
	long		 code = 0;
	int		 left;

	while ((m = curl_multi_info_read(h->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE || !h->busy)
			continue;
		rc = m->data.result;
		if (rc == CURLE_OK)
			curl_easy_getinfo(h->easy, CURLINFO_RESPONSE_CODE,
			    &code);
		whttp_finish(h);
		h->done(rc == CURLE_OK ? (int)code : 0, rc == CURLE_OK ?
		    NULL : whttp_why(h, rc), h->arg);
		return;
	}
}

/* The options that stay from one request to the next. */
static int
whttp_setup(struct whttp *h, const struct whttp_conf *c)
{
	CURL	*e = h->easy;
	long	 idle = (long)((c->timeout_ms + 999) / 1000);

	if (curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") ||
	    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) ||
	    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, h->err) ||
	    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L) ||
	    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L) ||
	    curl_easy_setopt(e, CURLOPT_SSLVERSION,
	    (long)CURL_SSLVERSION_TLSv1_2) ||
	    curl_easy_setopt(e, CURLOPT_PROXY_SSLVERSION,
	    (long)CURL_SSLVERSION_TLSv1_2) ||
	    curl_easy_setopt(e, CURLOPT_MAXLIFETIME_CONN,
	    (long)WHTTP_CONN_LIFE) ||
	    /* A resumed session would skip verifying the certificate. */
	    curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L) ||
	    /* "" and not NULL: http_proxy and the like are not read. */
	    curl_easy_setopt(e, CURLOPT_PROXY, c->proxy ? c->proxy : "") ||
	    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)c->timeout_ms) ||
	    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L) ||
	    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, idle < 1 ? 1L : idle) ||
	    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, whttp_header) ||
	    curl_easy_setopt(e, CURLOPT_HEADERDATA, h) ||
	    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, whttp_write) ||
	    curl_easy_setopt(e, CURLOPT_WRITEDATA, h))
		return -1;
	if ((c->ca_file != NULL && (curl_easy_setopt(e, CURLOPT_CAINFO,
	    c->ca_file) || curl_easy_setopt(e, CURLOPT_PROXY_CAINFO,
	    c->ca_file))) ||
	    (c->cert_file != NULL && curl_easy_setopt(e, CURLOPT_SSLCERT,
	    c->cert_file)) ||
	    (c->key_file != NULL && curl_easy_setopt(e, CURLOPT_SSLKEY,
	    c->key_file)))
		return -1;
	return 0;
}

struct whttp *
whttp_new(struct event_base *base, const struct whttp_conf *c,
    whttp_done_cb done, void *arg)
{
	struct whttp	*h;

	if ((h = calloc(1, sizeof(*h))) == NULL ||
	    (h->answer = malloc(WHTTP_KEEP + 1)) == NULL) {
		log_warn("%s", __func__);
		free(h);
		return NULL;
	}
	h->base = base;
	h->done = done;
	h->arg = arg;
	h->max_headers = c->max_headers;
	h->max_body = c->max_body;
	h->answer[0] = '\0';
	if ((h->multi = curl_multi_init()) == NULL ||
	    (h->easy = curl_easy_init()) == NULL ||
	    (h->timer = evtimer_new(base, whttp_timeout, h)) == NULL ||
	    curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, whttp_sock) ||
	    curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h) ||
	    curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, whttp_timer) ||
	    curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h) ||
	    whttp_setup(h, c) == -1) {
		log_warnx("%s: libcurl could not be set up", __func__);
		whttp_free(h);
		return NULL;
	}
	return h;
}

void
whttp_cancel(struct whttp *h)
{
	if (h != NULL && h->busy)
		whttp_finish(h);
}

void
whttp_free(struct whttp *h)
{
	if (h == NULL)
		return;
	whttp_cancel(h);
	if (h->easy != NULL)
		curl_easy_cleanup(h->easy);
	if (h->multi != NULL)
		curl_multi_cleanup(h->multi);
	while (h->socks != NULL)
		whttp_unsock(h, h->socks);
	if (h->timer != NULL)
		event_free(h->timer);
	free(h->answer);
	free(h);
}

int
whttp_busy(const struct whttp *h)
{
	return h->busy;
}

const char *
whttp_answer(const struct whttp *h, size_t *len)
{
	*len = h->alen;
	return h->answer;
}

int
whttp_send(struct whttp *h, const char *method, const char *url,
    const char *const *headers, const char *body, size_t len)
{
	struct curl_slist	*l;
	CURL			*e = h->easy;

	if (h->busy)
		return -1;
	for (; *headers != NULL; headers++) {
		if ((l = curl_slist_append(h->headers, *headers)) == NULL)
			goto fail;
		h->headers = l;
	}
	/* No "Expect: 100-continue" round trip. */
	if ((l = curl_slist_append(h->headers, "Expect:")) == NULL ||
	    (h->body = malloc(len + 1)) == NULL)
		goto fail;
	h->headers = l;
	memcpy(h->body, body, len);
	h->hbytes = h->blen = h->alen = 0;
	h->over = 0;
	h->err[0] = h->answer[0] = '\0';
	if (curl_easy_setopt(e, CURLOPT_URL, url) ||
	    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method) ||
	    curl_easy_setopt(e, CURLOPT_POSTFIELDS, h->body) ||
	    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)len) ||
	    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h->headers) ||
	    curl_multi_add_handle(h->multi, e) != CURLM_OK)
		goto fail;
	h->busy = 1;
	return 0;
fail:
	curl_slist_free_all(h->headers);
	h->headers = NULL;
	free(h->body);
	h->body = NULL;
	return -1;
}
