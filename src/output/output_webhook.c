/*
 * The webhook output: each record, or a batch of them, sent to an HTTP
 * or HTTPS endpoint (a ticketing system) with libcurl (whttp.c), in the
 * shape the receiver takes (payload.c).
 *
 * It owns the options of webhook blocks (the table below), the spool
 * and the request under way.
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
 * Back-pressure is the policy.  spool (the default): while the spool
 * holds spool-max bytes or more, a flush fails, which pauses the inputs;
 * reaching the cap is logged once per episode and counted.  Records are
 * still taken into the spool then: the cap is the point where detectd
 * stops reading, not where it drops.  block: the inputs pause too while
 * the receiver fails.  drop: at the cap records are dropped and counted
 * instead, and the inputs never pause.  While the inputs wait on it, the
 * back-off is at most OUTPUT_RETRY_BLOCK.
 *
 * Bounds: an answer's headers over max-response-headers or body over
 * max-response-body fail the request (libcurl stops reading), and a
 * request not answered whole within the deadline (connect, send and
 * answer: a receiver trickling a header line now and then resets the
 * timeout, not the deadline) is cancelled; both are sent again like any
 * failure.  Credentials come from token-file or token-env and go only
 * into the token header; a url or proxy with user:password@ is refused,
 * and messages show a url's userinfo as "***".
 *
 * HTTPS: the TLS policy is whttp.h's, fixed; the block gives ca-file,
 * cert-file, key-file and proxy.  The payload (payload.h) is built from
 * the spooled records at each send; thehive and jira take one record a
 * request, and a record they cannot be built from is set aside like a
 * refused one.  A jira revision has nothing to send and counts as
 * delivered.  After a 2xx the answer goes to the payload, which learns
 * TheHive's id of a new alert from it.
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
#include <event2/http.h>

#include "util/log.h"
#include "util/safefs.h"
#include "util/timeutil.h"
#include "output/output.h"
#include "output/output_kind.h"
#include "output/payload.h"
#include "output/spool.h"
#include "output/whttp.h"

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
#define WEBHOOK_DEADLINE	30000	/* ms for a whole request */
#define WEBHOOK_MAX_HEADERS	(64 * 1024)
#define WEBHOOK_MAX_BODY	(1024 * 1024)

/* A block's options; unset ones are NULL or 0 and take the defaults above. */
struct owebhook_opts {
	char			*url;
	char			*token_file;	/* the API token, first line */
	char			*token_env;	/* or the environment's */
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
	int64_t			 deadline_ms;	/* a whole request */
	uint64_t		 max_headers;	/* of an answer */
	uint64_t		 max_body;
	int			 policy;	/* enum outconf_policy */
	char			*ca_file;	/* TLS */
	char			*cert_file;
	char			*key_file;
	char			*proxy;
	char			*payload;	/* payload.h */
	char			*template;
	char			*project;
	char			*issue_type;
	char			*index;
	char			*sourcetype;
	char			*source;
	char			*alert_type;
};

#define WO(f)	offsetof(struct owebhook_opts, f)

static const struct outconf_opt output_webhook_opts[] = {
	{ "url", OUTCONF_STR, WO(url), 0, 0 },
	{ "token-file", OUTCONF_PATH, WO(token_file), 0, 0 },
	{ "token-env", OUTCONF_STR, WO(token_env), 0, 0 },
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
	{ "deadline", OUTCONF_TIME, WO(deadline_ms), OUTCONF_TIME_RANGE },
	{ "max-response-headers", OUTCONF_SIZE, WO(max_headers),
	  OUTCONF_SIZE_RANGE },
	{ "max-response-body", OUTCONF_SIZE, WO(max_body), OUTCONF_SIZE_RANGE },
	{ "policy", OUTCONF_POLICY, WO(policy), OUTCONF_POLICY_ALL },
	{ "ca-file", OUTCONF_PATH, WO(ca_file), 0, 0 },
	{ "cert-file", OUTCONF_PATH, WO(cert_file), 0, 0 },
	{ "key-file", OUTCONF_PATH, WO(key_file), 0, 0 },
	{ "proxy", OUTCONF_STR, WO(proxy), 0, 0 },
	{ "payload", OUTCONF_STR, WO(payload), 0, 0 },
	{ "template", OUTCONF_PATH, WO(template), 0, 0 },
	{ "project", OUTCONF_STR, WO(project), 0, 0 },
	{ "issue-type", OUTCONF_STR, WO(issue_type), 0, 0 },
	{ "index", OUTCONF_STR, WO(index), 0, 0 },
	{ "sourcetype", OUTCONF_STR, WO(sourcetype), 0, 0 },
	{ "source", OUTCONF_STR, WO(source), 0, 0 },
	{ "alert-type", OUTCONF_STR, WO(alert_type), 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

#undef WO

struct owebhook {
	const char		*name;
	char			*host;
	int			 port;
	char			*url;
	char			**hlines;	/* "Name: value", NULL-ended */
	size_t			 nheaders;
	struct whttp_conf	 tls;		/* and proxy, timeout, bounds */
	char			*tlsfiles[4];	/* what tls points to */
	struct payload		*payload;
	char			*token_file;
	char			*token_env;
	char			*token_header;
	char			*token_scheme;
	char			*auth;		/* the token header's value */
	size_t			 batch;
	int			 ndjson;
	int			 policy;	/* enum outconf_policy */
	int64_t			 timeout_ms;
	int64_t			 deadline_ms;
	uint64_t		 max_headers;
	uint64_t		 max_body;
	int64_t			 retry_min;
	int64_t			 retry_max;
	int64_t			 drain_ms;
	struct spool		*spool;
	struct safefs_owner	 owner;		/* of the files it makes */
	char			*rejected;	/* path of the set-aside file */
	struct event_base	*base;
	int			 own_base;	/* private: not attached */
	int			 draining;
	struct whttp		*http;
	struct event		*timer;
	int64_t			 due;		/* of the timer, monotonic ms */
	struct event		*deadline;	/* of the request in flight */
	int			 req;		/* in flight */
	struct spool_batch	 inflight;
	char			 why[256];	/* of the last failure */
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
	uint64_t		 dropped;	/* policy drop, spool full */
	uint64_t		 episode;	/* dropped since it was full */
};

static void	webhook_kick(struct owebhook *, int64_t);

/* Options ------------------------------------------------------------ */

/* The host and port of an http:// or https:// url, for messages. */
static int
webhook_parse_url(const char *url, char **host, int *port)
{
	struct evhttp_uri	*u;
	const char		*scheme;
	int			 rc = -1, tls;

	*host = NULL;
	if ((u = evhttp_uri_parse(url)) == NULL)
		return -1;
	scheme = evhttp_uri_get_scheme(u);
	if (scheme == NULL || (strcmp(scheme, "http") != 0 &&
	    strcmp(scheme, "https") != 0) || evhttp_uri_get_host(u) == NULL ||
	    *evhttp_uri_get_host(u) == '\0' ||
	    evhttp_uri_get_fragment(u) != NULL)
		goto done;
	tls = strcmp(scheme, "https") == 0;
	*port = evhttp_uri_get_port(u) > 0 ? evhttp_uri_get_port(u) :
	    tls ? 443 : 80;
	if ((*host = strdup(evhttp_uri_get_host(u))) == NULL)
		goto done;
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

/*
 * The url for a message, its userinfo ("user:password@") replaced by
 * "***@": a secret in the configuration is never echoed, not by -n.
 */
static void
webhook_url_shown(const char *url, char *buf, size_t len)
{
	const char	*auth, *end, *at;

	auth = strstr(url, "://");
	auth = auth != NULL ? auth + 3 : url;
	end = auth + strcspn(auth, "/?#");
	for (at = end; at > auth && at[-1] != '@'; at--)
		;
	if (at == auth)
		snprintf(buf, len, "%s", url);
	else
		snprintf(buf, len, "%.*s***@%s", (int)(auth - url), url, at);
}

static int
webhook_check_url(const char *what, const char *url, char *err,
    size_t errlen)
{
	struct evhttp_uri	*u;
	char			 shown[512], *host;
	int			 port, rc, cred;

	webhook_url_shown(url, shown, sizeof(shown));
	u = evhttp_uri_parse(url);
	cred = u != NULL && evhttp_uri_get_userinfo(u) != NULL;
	evhttp_uri_free(u);
	if (cred || strcmp(shown, url) != 0) {
		snprintf(err, errlen, "%s '%s': credentials in the url are "
		    "not sent: give the secret in token-file or token-env "
		    "(token-scheme Basic with base64 of user:password)", what,
		    shown);
		return -1;
	}
	rc = webhook_parse_url(url, &host, &port);
	free(host);
	if (rc == -1)
		snprintf(err, errlen, "%s '%s': expected http://host[:port]"
		    "/path or https://host[:port]/path", what, shown);
	return rc;
}

/* An environment variable's name: letters, digits and '_'. */
static int
webhook_env_ok(const char *s)
{
	if (*s == '\0' || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* The payload options of a block, for payload_new. */
static void
webhook_payload_conf(const struct owebhook_opts *wo, const char *ids,
    struct payload_conf *pc)
{
	memset(pc, 0, sizeof(*pc));
	pc->kind = wo->payload;
	pc->template = wo->template;
	pc->project = wo->project;
	pc->issue_type = wo->issue_type;
	pc->index = wo->index;
	pc->sourcetype = wo->sourcetype;
	pc->source = wo->source;
	pc->alert_type = wo->alert_type;
	pc->ids_file = ids;
}

/* payload, and the options that go with it; a template is read here. */
static int
webhook_check_payload(const struct owebhook_opts *wo, char *err,
    size_t errlen)
{
	struct payload_conf	 pc;
	struct payload		*p;
	const char		*k = wo->payload != NULL ? wo->payload : "ecs";

	if (strcmp(k, "jira") == 0 && (wo->project == NULL ||
	    wo->issue_type == NULL)) {
		snprintf(err, errlen, "payload jira needs project and "
		    "issue-type");
		return -1;
	}
	if (wo->template != NULL && strcmp(k, "template") != 0) {
		snprintf(err, errlen, "template is for payload template");
		return -1;
	}
	if (wo->batch_format != NULL && strcmp(k, "ecs") != 0) {
		snprintf(err, errlen, "batch-format is for payload ecs");
		return -1;
	}
	webhook_payload_conf(wo, NULL, &pc);
	if ((p = payload_new(&pc, err, errlen)) == NULL)
		return -1;
	if (payload_single(p) && wo->batch > 1) {
		snprintf(err, errlen, "payload %s takes one alert a request: "
		    "batch 1", k);
		payload_free(p);
		return -1;
	}
	payload_free(p);
	return 0;
}

static int
webhook_check_tls(const struct owebhook_opts *wo, char *err, size_t errlen)
{
	if (wo->key_file != NULL && wo->cert_file == NULL) {
		snprintf(err, errlen, "key-file needs cert-file");
		return -1;
	}
	if ((wo->ca_file != NULL || wo->cert_file != NULL) &&
	    strncmp(wo->url, "https:", 6) != 0 && (wo->proxy == NULL ||
	    strncmp(wo->proxy, "https:", 6) != 0)) {
		snprintf(err, errlen, "ca-file and cert-file are for an "
		    "https url or proxy");
		return -1;
	}
	if (wo->proxy != NULL && webhook_check_url("proxy", wo->proxy, err,
	    errlen) == -1)
		return -1;
	return 0;
}

static int
output_webhook_check(const char *name, const void *opts, char *err,
    size_t errlen)
{
	const struct owebhook_opts	*wo = opts;

	if (wo->url == NULL) {
		snprintf(err, errlen, "needs a url");
		return -1;
	}
	if (webhook_check_url("url", wo->url, err, errlen) == -1 ||
	    webhook_check_tls(wo, err, errlen) == -1 ||
	    webhook_check_payload(wo, err, errlen) == -1)
		return -1;
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
	if (wo->token_file != NULL && wo->token_env != NULL) {
		snprintf(err, errlen, "token-file and token-env: give one");
		return -1;
	}
	if (wo->token_env != NULL && !webhook_env_ok(wo->token_env)) {
		snprintf(err, errlen, "token-env: expected the name of an "
		    "environment variable");
		return -1;
	}
	return 0;
}

/* The token file's contents, into buf. */
static int
webhook_token_file(struct owebhook *w, char *buf, size_t size)
{
	struct stat	 st;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(w->token_file, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1 || (n = read(fd, buf, size - 1)) < 0) {
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
	return 0;
}

/* The value of the environment variable token-env, into buf. */
static int
webhook_token_env(struct owebhook *w, char *buf, size_t size)
{
	const char	*v = getenv(w->token_env);

	if (v == NULL || strlen(v) >= size) {
		log_warnx("output %s: token-env %s: %s", w->name, w->token_env,
		    v == NULL ? "not in the environment" : "too long");
		return -1;
	}
	memcpy(buf, v, strlen(v) + 1);
	return 0;
}

/*
 * The token, read at open and on each reopen: the first line of
 * token-file, or the value of token-env, blanks at its end taken off.
 * It goes only into the token header, never into a message.
 */
static int
webhook_read_token(struct owebhook *w)
{
	char		 buf[WEBHOOK_TOKEN_MAX + 1], *auth;
	size_t		 n;
	int		 rc;

	if (w->token_file == NULL && w->token_env == NULL)
		return 0;
	rc = w->token_file != NULL ? webhook_token_file(w, buf, sizeof(buf)) :
	    webhook_token_env(w, buf, sizeof(buf));
	if (rc == -1)
		return -1;
	n = strcspn(buf, "\r\n");
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		n--;
	buf[n] = '\0';
	rc = -1;
	if (buf[0] == '\0')
		log_warnx("output %s: the token in %s %s is empty", w->name,
		    w->token_file != NULL ? "token file" : "token-env",
		    w->token_file != NULL ? w->token_file : w->token_env);
	else if (asprintf(&auth, "%s%s%s", w->token_scheme,
	    *w->token_scheme ? " " : "", buf) == -1)
		log_warn("%s", __func__);
	else
		rc = 0;
	explicit_bzero(buf, sizeof(buf));
	if (rc == -1)
		return -1;
	if (w->auth != NULL)
		explicit_bzero(w->auth, strlen(w->auth));
	free(w->auth);
	w->auth = auth;
	return 0;
}

static int
webhook_headers(struct owebhook *w, const struct owebhook_opts *wo)
{
	size_t	 i;

	if ((w->hlines = calloc(wo->headers.n + 1, sizeof(char *))) == NULL)
		return -1;
	for (i = 0; i < wo->headers.n; i++) {
		if ((w->hlines[i] = strdup(wo->headers.v[i])) == NULL)
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

/* Whether a header of the block replaces ours of that name. */
static int
webhook_header_given(const struct owebhook *w, const char *name)
{
	size_t	 i, n = strlen(name);

	for (i = 0; i < w->nheaders; i++)
		if (strncasecmp(w->hlines[i], name, n) == 0 &&
		    w->hlines[i][n] == ':')
			return 1;
	return 0;
}

/*
 * The request's headers into v (room for nheaders + 4): ours, then the
 * block's, which replace ours of the same name.  auth holds the token
 * line until the request is sent; the caller wipes it.
 */
static void
webhook_hlist(struct owebhook *w, const char **v, char *auth, size_t alen,
    char *ctype, size_t clen)
{
	size_t	 i, n = 0;

	if (!webhook_header_given(w, "User-Agent"))
		v[n++] = "User-Agent: detectd/" DETECTD_VERSION;
	snprintf(ctype, clen, "Content-Type: %s", payload_type(w->payload,
	    w->ndjson));
	if (!webhook_header_given(w, "Content-Type"))
		v[n++] = ctype;
	if (w->auth != NULL && !webhook_header_given(w, w->token_header) &&
	    snprintf(auth, alen, "%s: %s", w->token_header, w->auth) <
	    (int)alen)
		v[n++] = auth;
	for (i = 0; i < w->nheaders; i++)
		v[n++] = w->hlines[i];
	v[n] = NULL;
}

/* Whether the inputs wait on this output while it fails. */
static int
webhook_blocking(const struct owebhook *w)
{
	return w->policy == OUTCONF_POLICY_BLOCK ||
	    (w->policy == OUTCONF_POLICY_SPOOL && w->full);
}

/* The back-off's cap: retry-max, or less while detection waits. */
static int64_t
webhook_retry_max(const struct owebhook *w)
{
	if (webhook_blocking(w) && w->retry_max > OUTPUT_RETRY_BLOCK)
		return OUTPUT_RETRY_BLOCK;
	return w->retry_max;
}

static void
webhook_retry(struct owebhook *w, int code)
{
	int64_t	 max = webhook_retry_max(w);

	w->errors++;
	w->retries++;
	if (!w->failing) {
		if (code > 0)
			log_warnx("output %s: %s:%d answered %d: sending again "
			    "with back-off", w->name, w->host, w->port, code);
		else
			log_warnx("output %s: %s:%d: %s: sending again with "
			    "back-off", w->name, w->host, w->port,
			    w->why[0] != '\0' ? w->why : "no connection");
	}
	w->failing = 1;
	if (w->delay > max)
		w->delay = max;
	webhook_kick(w, w->delay);
	w->delay = w->delay * 2 > max ? max : w->delay * 2;
}

/* Refused for good: kept aside, so that the queue moves on. */
static void
webhook_reject(struct owebhook *w, int code)
{
	char	 what[128];
	int	 fd;

	snprintf(what, sizeof(what), "output %s", w->name);
	fd = safefs_open(what, AT_FDCWD, w->rejected, O_WRONLY | O_APPEND |
	    O_CREAT, 0600, &w->owner);
	if (fd == -1 || write(fd, w->inflight.buf, w->inflight.len) !=
	    (ssize_t)w->inflight.len) {
		if (fd != -1) {
			log_warn("output %s: %s", w->name, w->rejected);
			close(fd);
		}
		webhook_retry(w, code);
		return;
	}
	close(fd);
	w->rejects += w->inflight.n;
	if (code > 0)
		log_warnx("output %s: %s:%d refused %zu record%s with %d: "
		    "kept in %s", w->name, w->host, w->port, w->inflight.n,
		    w->inflight.n == 1 ? "" : "s", code, w->rejected);
	else
		log_warnx("output %s: %s: %zu record%s kept in %s", w->name,
		    w->why, w->inflight.n, w->inflight.n == 1 ? "" : "s",
		    w->rejected);
	if (spool_commit(w->spool, &w->inflight) == -1)
		webhook_retry(w, code);
	else
		webhook_kick(w, 0);
}

/* The batch in flight is through: the next one now. */
static void
webhook_delivered(struct owebhook *w)
{
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
}

static void
webhook_done(int code, const char *why, void *arg)
{
	struct owebhook	*w = arg;
	const char	*ans;
	size_t		 alen;

	w->req = 0;
	snprintf(w->why, sizeof(w->why), "%s", why != NULL ? why : "");
	if (w->deadline != NULL)
		evtimer_del(w->deadline);
	if (code >= 200 && code < 300) {
		ans = whttp_answer(w->http, &alen);
		if (payload_single(w->payload))
			payload_taken(w->payload, w->inflight.buf,
			    w->inflight.len, ans, alen);
		webhook_delivered(w);
	} else if (code == 400 || code == 413 || code == 415 || code == 422)
		webhook_reject(w, code);
	else
		webhook_retry(w, code);
}

/*
 * The whole request's time is up (a receiver trickling its answer
 * resets the timeout on every byte): cancelled and sent again.
 */
static void
webhook_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct owebhook		*w = arg;

	(void)fd;
	(void)what;
	if (!w->req)
		return;
	w->req = 0;
	whttp_cancel(w->http);
	snprintf(w->why, sizeof(w->why), "no whole answer within the "
	    "deadline");
	webhook_retry(w, 0);
}

static void
webhook_deadline_arm(struct owebhook *w)
{
	struct timeval	 tv;

	if (w->deadline == NULL && (w->deadline = evtimer_new(w->base,
	    webhook_deadline, w)) == NULL) {
		log_warn("%s", __func__);
		return;
	}
	tv.tv_sec = w->deadline_ms / 1000;
	tv.tv_usec = (w->deadline_ms % 1000) * 1000;
	evtimer_add(w->deadline, &tv);
}

/* The batch in flight, as a request of the payload, on its way. */
static int
webhook_request(struct owebhook *w, struct payload_req *r)
{
	const char	*hv[w->nheaders + 4];
	char		 auth[WEBHOOK_TOKEN_MAX + 256], ctype[64], *url;
	int		 rc;

	if (w->http == NULL && (w->http = whttp_new(w->base, &w->tls,
	    webhook_done, w)) == NULL)
		return -1;
	if (asprintf(&url, "%s%s", w->url, r->suffix) == -1)
		return -1;
	webhook_hlist(w, hv, auth, sizeof(auth), ctype, sizeof(ctype));
	rc = whttp_send(w->http, r->method, url, hv, r->body, r->len);
	explicit_bzero(auth, sizeof(auth));
	free(url);
	return rc;
}

static void
webhook_send(struct owebhook *w)
{
	struct payload_req	 r;

	if (w->req)
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
	w->why[0] = '\0';
	if (payload_build(w->payload, w->inflight.buf, w->inflight.len,
	    w->batch > 1 && !w->ndjson, &r) == -1) {
		snprintf(w->why, sizeof(w->why), "a record the payload "
		    "cannot be made from");
		webhook_reject(w, 0);
		return;
	}
	if (r.len == 0)		/* nothing of it to send (jira revision) */
		webhook_delivered(w);
	else if (webhook_request(w, &r) == -1)
		webhook_retry(w, 0);
	else {
		w->req = 1;
		webhook_deadline_arm(w);
	}
	free(r.body);
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

	if (w->base == NULL || w->req)
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
	w->due = time_now_ms(CLOCK_MONOTONIC) + delay;
	evtimer_add(w->timer, &tv);
}

/* Detection waits on it now: a long back-off under way is cut short. */
static void
webhook_hurry(struct owebhook *w)
{
	int64_t	 max = webhook_retry_max(w);

	if (w->timer == NULL || !evtimer_pending(w->timer, NULL) ||
	    w->due - time_now_ms(CLOCK_MONOTONIC) <= max)
		return;
	evtimer_del(w->timer);
	webhook_kick(w, max);
}

/* Event bases -------------------------------------------------------- */

static void
webhook_detach(struct owebhook *w)
{
	whttp_free(w->http);
	w->http = NULL;
	w->req = 0;
	if (w->timer != NULL)
		event_free(w->timer);
	w->timer = NULL;
	if (w->deadline != NULL)
		event_free(w->deadline);
	w->deadline = NULL;
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
	if (!w->req) {
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

	if (spool_records(w->spool) == 0 && !w->req)
		return;
	w->draining = 1;
	/* A request in flight is seen to its end (bounded by its timeout). */
	do {
		event_base_loopexit(w->base, &tv);
		event_base_dispatch(w->base);
		spent += WEBHOOK_PUMP;
	} while (w->req && spent <= w->timeout_ms);
	w->draining = 0;
}

/* Output interface --------------------------------------------------- */

/* Whether the spool is at its cap, said once an episode. */
static void
webhook_full(struct owebhook *w)
{
	int	 drop = w->policy == OUTCONF_POLICY_DROP;

	if (spool_full(w->spool)) {
		if (!w->full) {
			log_warnx("output %s: the spool holds %llu bytes, its "
			    "cap: %s until the receiver catches up", w->name,
			    (unsigned long long)spool_bytes(w->spool), drop ?
			    "alerts are dropped (policy drop)" :
			    "inputs pause");
			w->fulls++;
		}
		w->full = 1;
	} else if (w->full) {
		log_info("output %s: the spool is below its cap again (%llu "
		    "alerts dropped meanwhile)", w->name,
		    (unsigned long long)w->episode);
		w->full = 0;
		w->episode = 0;
	}
}

static void
webhook_drop(struct owebhook *w, const char *buf, size_t len)
{
	size_t	 n = output_count(buf, len);

	w->dropped += n;
	w->episode += n;
}

/*
 * Records into the spool, and the spool on its way.  Policy spool: the
 * inputs pause (-1) only while the spool is at its cap; block: also
 * while the receiver fails; drop: never, records the spool cannot take
 * are dropped and counted.
 */
static int
output_webhook_flush(void *arg, const char *buf, size_t len, size_t *done)
{
	struct owebhook	*w = arg;
	int		 drop = w->policy == OUTCONF_POLICY_DROP;

	*done = len;
	webhook_full(w);
	if (len > 0 && w->full && drop)
		webhook_drop(w, buf, len);
	else if (len > 0 && spool_append(w->spool, buf, len) == -1) {
		w->errors++;
		if (!drop) {
			*done = 0;
			return -1;
		}
		webhook_drop(w, buf, len);
	}
	webhook_full(w);
	if (spool_records(w->spool) > 0 &&
	    (w->base != NULL || webhook_own_base(w) == 0)) {
		webhook_hurry(w);
		webhook_kick(w, 0);
	}
	if (w->own_base)
		webhook_pump(w);
	return webhook_blocking(w) && (w->full || w->failing) ? -1 : 0;
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
	st->dropped += w->dropped;
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
	payload_free(w->payload);
	for (i = 0; i < w->nheaders; i++)
		free(w->hlines[i]);
	free(w->hlines);
	for (i = 0; i < 4; i++)
		free(w->tlsfiles[i]);
	free(w->url);
	if (w->auth != NULL)
		explicit_bzero(w->auth, strlen(w->auth));
	free(w->auth);
	free(w->host);
	free(w->token_file);
	free(w->token_env);
	free(w->token_header);
	free(w->token_scheme);
	free(w->rejected);
	free(w);
}

/* The numbers of a block, its defaults where not given. */
static void
webhook_conf_nums(struct owebhook *w, const struct owebhook_opts *wo)
{
	w->batch = wo->batch > 0 ? wo->batch : 1;
	w->ndjson = wo->batch_format != NULL &&
	    strcmp(wo->batch_format, "ndjson") == 0;
	w->policy = wo->policy != OUTCONF_POLICY_DEFAULT ? wo->policy :
	    OUTCONF_POLICY_SPOOL;
	w->timeout_ms = webhook_num(wo->timeout_ms, WEBHOOK_TIMEOUT);
	w->deadline_ms = webhook_num(wo->deadline_ms, WEBHOOK_DEADLINE);
	w->max_headers = wo->max_headers > 0 ? wo->max_headers :
	    WEBHOOK_MAX_HEADERS;
	w->max_body = wo->max_body > 0 ? wo->max_body : WEBHOOK_MAX_BODY;
	w->retry_min = webhook_num(wo->retry_min_ms, WEBHOOK_RETRY_MIN);
	w->retry_max = webhook_num(wo->retry_max_ms, WEBHOOK_RETRY_MAX);
	if (w->retry_max < w->retry_min)
		w->retry_max = w->retry_min;
	w->drain_ms = webhook_num(wo->drain_ms, WEBHOOK_DRAIN);
	w->delay = w->retry_min;
	w->tls.timeout_ms = w->timeout_ms;
	w->tls.max_headers = w->max_headers;
	w->tls.max_body = w->max_body;
}

/* The TLS files and the proxy, kept for whttp. */
static int
webhook_conf_tls(struct owebhook *w, const struct owebhook_opts *wo)
{
	const char	*v[4] = { wo->ca_file, wo->cert_file, wo->key_file,
			    wo->proxy };
	size_t		 i;

	for (i = 0; i < 4; i++)
		if (v[i] != NULL && (w->tlsfiles[i] = strdup(v[i])) == NULL)
			return -1;
	w->tls.ca_file = w->tlsfiles[0];
	w->tls.cert_file = w->tlsfiles[1];
	w->tls.key_file = w->tlsfiles[2];
	w->tls.proxy = w->tlsfiles[3];
	return 0;
}

static int
webhook_conf(struct owebhook *w, const struct owebhook_opts *wo)
{
	webhook_conf_nums(w, wo);
	if (webhook_parse_url(wo->url, &w->host, &w->port) == -1 ||
	    (w->url = strdup(wo->url)) == NULL ||
	    webhook_conf_tls(w, wo) == -1 || webhook_headers(w, wo) == -1 ||
	    (w->token_header = strdup(wo->token_header != NULL ?
	    wo->token_header : "Authorization")) == NULL ||
	    (w->token_scheme = strdup(wo->token_scheme != NULL ?
	    wo->token_scheme : "Bearer")) == NULL ||
	    (wo->token_file != NULL &&
	    (w->token_file = strdup(wo->token_file)) == NULL) ||
	    (wo->token_env != NULL &&
	    (w->token_env = strdup(wo->token_env)) == NULL)) {
		log_warn("output %s", w->name);
		return -1;
	}
	return webhook_read_token(w);
}

static int
webhook_open_payload(struct owebhook *w, const struct owebhook_opts *wo,
    const char *dir)
{
	struct payload_conf	 pc;
	char			 err[512], *ids;

	if (asprintf(&ids, "%s/thehive-ids", dir) == -1) {
		log_warn("%s", __func__);
		return -1;
	}
	webhook_payload_conf(wo, ids, &pc);
	w->payload = payload_new(&pc, err, sizeof(err));
	free(ids);
	if (w->payload == NULL) {
		log_warnx("output %s: %s", w->name, err);
		return -1;
	}
	return 0;
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
	safefs_ids(env->owner, &w->owner);
	if (webhook_conf(w, wo) == -1)
		goto fail;
	if (asprintf(&dir, "%s/spool-%s", env->state_dir, name) == -1 ||
	    asprintf(&w->rejected, "%s/rejected.json", dir) == -1) {
		dir = NULL;
		log_warn("%s", __func__);
		goto fail;
	}
	if ((w->spool = spool_open(dir, wo->spool_max > 0 ? wo->spool_max :
	    WEBHOOK_SPOOL_MAX, 0, &w->owner)) == NULL ||
	    webhook_open_payload(w, wo, dir) == -1)
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
