/*
 * The syslog output: RFC 5424 messages to the local socket (a datagram
 * socket such as /dev/log), to a UDP address, or to a TCP address with
 * octet-counting framing (RFC 6587).  The record is the MSG, so that a
 * SIEM that parses JSON gets it whole, and the facts a syslog filter
 * routes on (rule id, endpoint, importance) are structured data.
 *
 * It owns the options of syslog blocks (the table below) and the socket.
 *
 * What happens to records the target cannot take is the policy:
 *
 *   block (the default over TCP and a local socket): a record leaves
 *	the output buffer only once the socket took it; while the socket
 *	refuses, records wait there and the flush fails, which pauses the
 *	inputs.  A lost connection is tried again with exponential back-off
 *	up to retry-max, but at least every OUTPUT_RETRY_BLOCK ms, since
 *	detection waits meanwhile.
 *   drop (the default over UDP, a best-effort transport): while the
 *	target is failing (connection refused, ICMP port unreachable,
 *	back-off), records are dropped and counted, the episode logged
 *	once, and the inputs never pause.  A socket that is only slow
 *	(EAGAIN, a connection being made, a frame half sent) keeps up to
 *	SYSLOG_BACKLOG bytes waiting before it drops too.
 *
 * A record too large for a datagram is dropped under either policy, and
 * each is logged with its id and counted.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "util/log.h"
#include "util/timeutil.h"
#include "output/output.h"
#include "output/output_kind.h"
#include "output/output_syslog.h"

#define SYSLOG_PATH		"/dev/log"
#define SYSLOG_PORT		"514"
#define SYSLOG_APP		"detectd"
#define SYSLOG_FACILITY		16	/* local0 */
#define SYSLOG_RETRY_MIN	1000
#define SYSLOG_RETRY_MAX	5000
#define SYSLOG_DRAIN		5000
#define SYSLOG_BACKLOG		(1024 * 1024)	/* drop: bytes kept waiting */

/* A block's options; unset ones are NULL or 0 and take the defaults above. */
struct osyslog_opts {
	char		*address;	/* socket path, udp:// or tcp:// */
	char		*facility;
	char		*app_name;	/* APP-NAME */
	char		*sd_id;		/* structured-data id */
	int64_t		 retry_min_ms;
	int64_t		 retry_max_ms;
	int64_t		 drain_ms;	/* delivery allowed at exit */
	int		 policy;	/* enum outconf_policy */
};

#define SO(f)	offsetof(struct osyslog_opts, f)

static const struct outconf_opt output_syslog_opts[] = {
	{ "address", OUTCONF_STR, SO(address), 0, 0 },
	{ "facility", OUTCONF_STR, SO(facility), 0, 0 },
	{ "app-name", OUTCONF_STR, SO(app_name), 0, 0 },
	{ "sd-id", OUTCONF_STR, SO(sd_id), 0, 0 },
	{ "retry-min", OUTCONF_TIME, SO(retry_min_ms), OUTCONF_TIME_RANGE },
	{ "retry-max", OUTCONF_TIME, SO(retry_max_ms), OUTCONF_TIME_RANGE },
	{ "drain-timeout", OUTCONF_TIME, SO(drain_ms), OUTCONF_TIME_RANGE },
	{ "policy", OUTCONF_POLICY, SO(policy), OUTCONF_POLICY_NOSPOOL },
	{ NULL, 0, 0, 0, 0 }
};

#undef SO

enum syslog_net {
	SN_UNIX,
	SN_UDP,
	SN_TCP
};

struct osyslog {
	const char		*name;
	enum syslog_net		 net;
	char			*host;		/* or the socket path */
	char			*port;
	int			 fd;
	int			 connecting;	/* tcp connect in progress */
	struct syslog_hdr	 hdr;
	char			*app;
	char			*sdid;
	char			*msg;		/* one formatted message */
	size_t			 msgcap;
	char			*out;		/* tcp: framed bytes not yet sent */
	size_t			 outlen;
	size_t			 outcap;
	int64_t			 next_try;	/* monotonic ms */
	int64_t			 delay;
	int64_t			 retry_min;
	int64_t			 retry_max;
	int			 drop;		/* policy drop */
	int			 failing;
	uint64_t		 sent;
	uint64_t		 errors;
	uint64_t		 dropped;
	uint64_t		 episode;	/* dropped while failing */
};

static const struct {
	const char	*name;
	int		 code;
} syslog_facilities[] = {
	{ "kern", 0 }, { "user", 1 }, { "mail", 2 }, { "daemon", 3 },
	{ "auth", 4 }, { "syslog", 5 }, { "lpr", 6 }, { "news", 7 },
	{ "uucp", 8 }, { "cron", 9 }, { "authpriv", 10 }, { "ftp", 11 },
	{ "ntp", 12 }, { "security", 13 }, { "console", 14 },
	{ "local0", 16 }, { "local1", 17 }, { "local2", 18 },
	{ "local3", 19 }, { "local4", 20 }, { "local5", 21 },
	{ "local6", 22 }, { "local7", 23 },
};

int
output_syslog_facility(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(syslog_facilities) /
	    sizeof(syslog_facilities[0]); i++)
		if (strcmp(syslog_facilities[i].name, name) == 0)
			return syslog_facilities[i].code;
	return -1;
}

/* Formatting --------------------------------------------------------- */

struct sbuf {
	char	**buf;
	size_t	 *cap;
	size_t	  len;
	int	  err;
};

static void
sbuf_add(struct sbuf *b, const char *p, size_t n)
{
	size_t	 cap;
	char	*nb;

	if (b->err)
		return;
	if (*b->cap - b->len < n + 1) {
		for (cap = *b->cap ? *b->cap : 1024; cap - b->len < n + 1;)
			cap *= 2;
		if ((nb = realloc(*b->buf, cap)) == NULL) {
			b->err = 1;
			return;
		}
		*b->buf = nb;
		*b->cap = cap;
	}
	memcpy(*b->buf + b->len, p, n);
	b->len += n;
	(*b->buf)[b->len] = '\0';
}

static void
sbuf_str(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

/*
 * A header field: PRINTUSASCII (33..126), at most max, "-" when empty.
 * Anything else is replaced, so that the header always parses.
 */
static void
sbuf_field(struct sbuf *b, const char *s, size_t max)
{
	char	 c;
	size_t	 i;

	if (s == NULL || *s == '\0') {
		sbuf_str(b, "-");
		return;
	}
	for (i = 0; s[i] != '\0' && i < max; i++) {
		c = s[i] > 32 && s[i] < 127 ? s[i] : '_';
		sbuf_add(b, &c, 1);
	}
}

/* PARAM-VALUE: '"', '\' and ']' escaped with a backslash (RFC 5424 6.3.3). */
static void
sbuf_param(struct sbuf *b, const char *name, const char *value)
{
	const char	*p;

	if (value == NULL || *value == '\0')
		return;
	sbuf_str(b, " ");
	sbuf_str(b, name);
	sbuf_str(b, "=\"");
	for (p = value; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\' || *p == ']')
			sbuf_add(b, "\\", 1);
		sbuf_add(b, p, 1);
	}
	sbuf_str(b, "\"");
}

static const char *
syslog_get(json_t *rec, const char *obj, const char *key)
{
	return json_string_value(json_object_get(json_object_get(rec, obj),
	    key));
}

static const char *
syslog_endpoint(json_t *rec)
{
	json_t		*ep;
	const char	*s;

	ep = json_object_get(json_object_get(rec, "incident"), "endpoint");
	if ((s = json_string_value(json_object_get(ep, "ip"))) != NULL ||
	    (s = json_string_value(json_object_get(ep, "host"))) != NULL)
		return s;
	return json_string_value(json_object_get(ep, "user"));
}

/* Syslog severity by ticket severity 1..4: notice, warning, err, crit. */
static int
syslog_severity(json_t *rec)
{
	json_int_t	 t;

	t = json_integer_value(json_object_get(json_object_get(rec,
	    "incident"), "ticket_severity"));
	if (t < 1 || t > 4)
		t = 2;
	return (int)(6 - t);
}

static void
syslog_sd(struct sbuf *b, const struct syslog_hdr *h, json_t *rec)
{
	json_t	*inc = json_object_get(rec, "incident");
	char	 num[24];

	sbuf_str(b, "[");
	sbuf_field(b, h->sd_id != NULL ? h->sd_id : OUTPUT_SYSLOG_SD_ID, 32);
	sbuf_param(b, "event_id", syslog_get(rec, "event", "id"));
	sbuf_param(b, "rule_id", syslog_get(rec, "rule", "id"));
	sbuf_param(b, "endpoint", syslog_endpoint(rec));
	sbuf_param(b, "destination", json_string_value(json_object_get(inc,
	    "destination")));
	sbuf_param(b, "importance", json_string_value(json_object_get(inc,
	    "importance")));
	sbuf_param(b, "priority", json_string_value(json_object_get(inc,
	    "priority")));
	snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(
	    json_object_get(inc, "revision")));
	if (json_is_integer(json_object_get(inc, "revision")))
		sbuf_param(b, "revision", num);
	sbuf_str(b, "]");
}

ssize_t
output_syslog_format(const struct syslog_hdr *h, const char *rec,
    size_t len, char **buf, size_t *cap)
{
	struct sbuf	 b = { buf, cap, 0, 0 };
	json_t		*j;
	json_int_t	 rev;
	char		 num[32];

	if (len > 0 && rec[len - 1] == '\n')
		len--;
	if ((j = json_loadb(rec, len, 0, NULL)) == NULL ||
	    !json_is_object(j)) {
		json_decref(j);
		return -1;
	}
	snprintf(num, sizeof(num), "<%d>1 ", h->facility * 8 +
	    syslog_severity(j));
	sbuf_str(&b, num);
	sbuf_field(&b, syslog_get(j, "event", "created"), 64);
	sbuf_str(&b, " ");
	sbuf_field(&b, h->hostname != NULL ? h->hostname :
	    syslog_get(j, "observer", "hostname"), 255);
	sbuf_str(&b, " ");
	sbuf_field(&b, h->app_name != NULL ? h->app_name : SYSLOG_APP, 48);
	if (h->procid >= 0)
		snprintf(num, sizeof(num), " %ld ", h->procid);
	else
		snprintf(num, sizeof(num), " - ");
	sbuf_str(&b, num);
	rev = json_integer_value(json_object_get(json_object_get(j,
	    "incident"), "revision"));
	sbuf_str(&b, rev > 1 ? "UPDATE " : "ALERT ");
	syslog_sd(&b, h, j);
	sbuf_str(&b, " ");
	sbuf_add(&b, rec, len);
	json_decref(j);
	return b.err ? -1 : (ssize_t)b.len;
}

/* Options ------------------------------------------------------------ */

/* "udp://host:port", "tcp://[v6]:port" or a path: split in place. */
static int
syslog_parse_address(const char *addr, enum syslog_net *net, char **host,
    char **port)
{
	const char	*p, *end, *colon;

	*host = *port = NULL;
	if (addr[0] == '/') {
		*net = SN_UNIX;
		return (*host = strdup(addr)) == NULL ? -1 : 0;
	}
	if (strncmp(addr, "udp://", 6) == 0)
		*net = SN_UDP;
	else if (strncmp(addr, "tcp://", 6) == 0)
		*net = SN_TCP;
	else
		return -1;
	p = addr + 6;
	if (*p == '[') {
		if ((end = strchr(p, ']')) == NULL)
			return -1;
		colon = end[1] == ':' ? end + 1 : NULL;
		if (end[1] != '\0' && colon == NULL)
			return -1;
		p++;
	} else {
		colon = strrchr(p, ':');
		end = colon != NULL ? colon : p + strlen(p);
	}
	if (end == p || (colon != NULL && colon[1] == '\0'))
		return -1;
	if ((*host = strndup(p, end - p)) == NULL ||
	    (*port = strdup(colon != NULL ? colon + 1 : SYSLOG_PORT)) == NULL)
		return -1;
	return 0;
}

static int
output_syslog_check(const char *name, const void *opts, char *err,
    size_t errlen)
{
	const struct osyslog_opts	*so = opts;
	enum syslog_net			 net;
	char				*host, *port;
	int				 rc;

	(void)name;
	if (so->facility != NULL && output_syslog_facility(so->facility) ==
	    -1) {
		snprintf(err, errlen, "unknown syslog facility '%s'",
		    so->facility);
		return -1;
	}
	rc = syslog_parse_address(so->address != NULL ? so->address :
	    SYSLOG_PATH, &net, &host, &port);
	free(host);
	free(port);
	if (rc == -1) {
		snprintf(err, errlen, "address '%s': expected a socket path, "
		    "udp://host:port or tcp://host:port", so->address);
		return -1;
	}
	return 0;
}

/* Connection --------------------------------------------------------- */

static void
syslog_disconnect(struct osyslog *s)
{
	if (s->fd != -1)
		close(s->fd);
	s->fd = -1;
	s->connecting = 0;
	/* A partly sent frame cannot be resumed on a new connection. */
	s->outlen = 0;
}

static void
syslog_fail(struct osyslog *s, const char *what)
{
	if (!s->failing)
		log_warn("output %s: %s %s%s%s%s", s->name, what, s->host,
		    s->port != NULL ? ":" : "", s->port != NULL ? s->port : "",
		    s->drop ? " (policy drop: alerts are dropped until it "
		    "answers)" : "");
	s->failing = 1;
	s->errors++;
	syslog_disconnect(s);
	s->next_try = time_now_ms(CLOCK_MONOTONIC) + s->delay;
	s->delay = s->delay * 2 > s->retry_max ? s->retry_max : s->delay * 2;
}

static int
syslog_connect_unix(struct osyslog *s)
{
	struct sockaddr_un	 sun;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(s->host) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strncpy(sun.sun_path, s->host, sizeof(sun.sun_path) - 1);
	s->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->fd == -1)
		return -1;
	return connect(s->fd, (struct sockaddr *)&sun, sizeof(sun));
}

static int
syslog_connect_inet(struct osyslog *s)
{
	struct addrinfo	 hints, *res;
	int		 rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = s->net == SN_TCP ? SOCK_STREAM : SOCK_DGRAM;
	if ((rc = getaddrinfo(s->host, s->port, &hints, &res)) != 0) {
		log_warnx("output %s: %s: %s", s->name, s->host,
		    gai_strerror(rc));
		errno = EHOSTUNREACH;
		return -1;
	}
	s->fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0);
	rc = s->fd == -1 ? -1 : connect(s->fd, res->ai_addr,
	    res->ai_addrlen);
	freeaddrinfo(res);
	if (rc == -1 && errno == EINPROGRESS) {
		s->connecting = 1;
		return 0;
	}
	return rc;
}

/* 1 when the socket can take messages, 0 not yet, -1 failed. */
static int
syslog_ready(struct osyslog *s)
{
	struct pollfd	 pfd;
	socklen_t	 len = sizeof(int);
	int		 err = 0;

	if (s->fd == -1) {
		if (time_now_ms(CLOCK_MONOTONIC) < s->next_try)
			return 0;
		if ((s->net == SN_UNIX ? syslog_connect_unix(s) :
		    syslog_connect_inet(s)) == -1) {
			syslog_fail(s, "connect");
			return -1;
		}
	}
	if (!s->connecting)
		return 1;
	pfd.fd = s->fd;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, 0) <= 0)
		return 0;
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1 ||
	    err != 0) {
		errno = err;
		syslog_fail(s, "connect");
		return -1;
	}
	s->connecting = 0;
	return 1;
}

/* Sending ------------------------------------------------------------ */

static int
syslog_out_add(struct osyslog *s, const char *p, size_t n)
{
	size_t	 cap;
	char	*nb;

	if (s->outcap - s->outlen < n) {
		for (cap = s->outcap ? s->outcap : 4096; cap - s->outlen < n;)
			cap *= 2;
		if ((nb = realloc(s->out, cap)) == NULL)
			return -1;
		s->out = nb;
		s->outcap = cap;
	}
	memcpy(s->out + s->outlen, p, n);
	s->outlen += n;
	return 0;
}

/* Send what waits on the stream: 1 all sent, 0 would block, -1 failed. */
static int
syslog_drain_out(struct osyslog *s)
{
	ssize_t	 n;

	while (s->outlen > 0) {
		n = send(s->fd, s->out, s->outlen, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n == -1) {
			syslog_fail(s, "send to");
			return -1;
		}
		memmove(s->out, s->out + n, s->outlen - n);
		s->outlen -= n;
	}
	return 1;
}

/*
 * One datagram: 1 sent, 0 try again later, 2 too large (dropped by the
 * caller), -1 failed.
 */
static int
syslog_send(struct osyslog *s, const char *msg, size_t len)
{
	if (send(s->fd, msg, len, MSG_NOSIGNAL) != -1)
		return 1;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS ||
	    errno == EINTR)
		return 0;
	if (errno == EMSGSIZE)
		return 2;
	syslog_fail(s, "send to");
	return -1;
}

/*
 * One frame on the stream.  The frame stays in s->out until all of it
 * is sent, and its record stays first in the output buffer until then:
 * a connection lost half-way sends the record again whole.
 */
static int
syslog_stream(struct osyslog *s, const char *msg, size_t len)
{
	char	 frame[24];
	int	 n;

	if (s->outlen == 0) {
		n = snprintf(frame, sizeof(frame), "%zu ", len);
		if (syslog_out_add(s, frame, n) == -1 ||
		    syslog_out_add(s, msg, len) == -1) {
			s->outlen = 0;
			return 0;
		}
	}
	return syslog_drain_out(s);
}

static void
syslog_drop(struct osyslog *s, const char *rec, size_t len, const char *why)
{
	const char	*id = memmem(rec, len, "\"id\":\"", 6);

	s->dropped++;
	log_warnx("output %s: alert %.36s dropped: %s", s->name,
	    id != NULL && (size_t)(rec + len - id) > 42 ? id + 6 : "?", why);
}

/* The record at p, formatted and sent: 1, 0 later, -1 failed. */
static int
syslog_record(struct osyslog *s, const char *p, size_t rlen)
{
	ssize_t	 mlen = 0;
	int	 rc;

	if (s->outlen == 0 && (mlen = output_syslog_format(&s->hdr, p, rlen,
	    &s->msg, &s->msgcap)) == -1) {
		syslog_drop(s, p, rlen, "not a JSON record");
		return 1;
	}
	if (s->net == SN_TCP)
		rc = syslog_stream(s, s->msg, (size_t)mlen);
	else if ((rc = syslog_send(s, s->msg, (size_t)mlen)) == 2) {
		syslog_drop(s, p, rlen, "too large for a datagram");
		return 1;
	}
	s->sent += rc == 1;
	return rc;
}

/*
 * Policy drop, a record not sent (rc of syslog_ready or syslog_record):
 * 1 when it is dropped, 0 when it waits (the socket is only slow, and
 * little waits; or a frame of it is half sent).
 */
static int
syslog_lose(struct osyslog *s, int rc, size_t waiting)
{
	if (s->outlen > 0 || (rc == 0 && s->fd != -1 &&
	    waiting <= SYSLOG_BACKLOG))
		return 0;
	s->dropped++;
	s->episode++;
	return 1;
}

static int
output_syslog_flush(void *arg, const char *buf, size_t len, size_t *done)
{
	struct osyslog	*s = arg;
	const char	*nl;
	size_t		 rlen;
	int		 rc;

	*done = 0;
	if (len == 0)
		return 0;
	rc = syslog_ready(s);
	while (*done < len) {
		nl = memchr(buf + *done, '\n', len - *done);
		rlen = nl != NULL ? (size_t)(nl - buf - *done) + 1 :
		    len - *done;
		if (rc == 1)
			rc = syslog_record(s, buf + *done, rlen);
		if (rc != 1 && !s->drop)
			return -1;
		if (rc != 1 && !syslog_lose(s, rc, len - *done))
			return 0;
		*done += rlen;
	}
	if (rc == 1 && s->failing) {
		log_info("output %s: sending again (%llu alerts dropped "
		    "meanwhile)", s->name, (unsigned long long)s->episode);
		s->failing = 0;
		s->episode = 0;
	}
	if (rc == 1)
		s->delay = s->retry_min;
	return 0;
}

static int
output_syslog_wait(void *arg, int ms)
{
	struct osyslog	*s = arg;
	struct pollfd	 pfd;
	int64_t		 until;

	if (s->fd == -1) {
		if ((until = s->next_try - time_now_ms(CLOCK_MONOTONIC)) > 0)
			poll(NULL, 0, until < ms ? (int)until : ms);
		return 0;
	}
	pfd.fd = s->fd;
	pfd.events = POLLOUT;
	(void)poll(&pfd, 1, ms);
	return 0;
}

/* Life --------------------------------------------------------------- */

static void
output_syslog_close(void *arg)
{
	struct osyslog	*s = arg;

	if (s == NULL)
		return;
	syslog_disconnect(s);
	free(s->host);
	free(s->port);
	free(s->app);
	free(s->sdid);
	free(s->msg);
	free(s->out);
	free(s);
}

static int64_t
output_syslog_drain(const void *opts)
{
	const struct osyslog_opts	*so = opts;

	return so->drain_ms > 0 ? so->drain_ms : SYSLOG_DRAIN;
}

static void *
output_syslog_open(const char *name, const void *opts,
    const struct output_env *env)
{
	const struct osyslog_opts	*so = opts;
	struct osyslog			*s;

	(void)env;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	s->name = name;
	s->fd = -1;
	if (syslog_parse_address(so->address != NULL ? so->address :
	    SYSLOG_PATH, &s->net, &s->host, &s->port) == -1 ||
	    (s->app = strdup(so->app_name != NULL ? so->app_name :
	    SYSLOG_APP)) == NULL ||
	    (s->sdid = strdup(so->sd_id != NULL ? so->sd_id :
	    OUTPUT_SYSLOG_SD_ID)) == NULL) {
		log_warn("%s", __func__);
		output_syslog_close(s);
		return NULL;
	}
	s->hdr.facility = so->facility != NULL ?
	    output_syslog_facility(so->facility) : SYSLOG_FACILITY;
	s->hdr.app_name = s->app;
	s->hdr.sd_id = s->sdid;
	s->hdr.procid = (long)getpid();
	s->retry_min = so->retry_min_ms > 0 ? so->retry_min_ms :
	    SYSLOG_RETRY_MIN;
	s->retry_max = so->retry_max_ms > 0 ? so->retry_max_ms :
	    SYSLOG_RETRY_MAX;
	s->drop = so->policy == OUTCONF_POLICY_DROP ||
	    (so->policy == OUTCONF_POLICY_DEFAULT && s->net == SN_UDP);
	/* The inputs wait while it blocks: look again often enough. */
	if (!s->drop && s->retry_max > OUTPUT_RETRY_BLOCK)
		s->retry_max = OUTPUT_RETRY_BLOCK;
	if (s->retry_min > s->retry_max)
		s->retry_min = s->retry_max;
	s->delay = s->retry_min;
	/* Connect now: a wrong address shows at start, not at the first alert. */
	(void)syslog_ready(s);
	return s;
}

static int
output_syslog_reopen(void *arg)
{
	struct osyslog	*s = arg;

	/* A syslog daemon restarted by logrotate has a new socket. */
	if (s->net != SN_TCP || s->outlen == 0) {
		syslog_disconnect(s);
		s->next_try = 0;
	}
	return 0;
}

static void
output_syslog_stats(void *arg, struct output_stats *st)
{
	struct osyslog	*s = arg;

	st->errors += s->errors;
	st->dropped += s->dropped;
	st->delivered += s->sent;
}

const struct output_kind output_syslog_kind = {
	.type = "syslog",
	.opts = output_syslog_opts,
	.opts_size = sizeof(struct osyslog_opts),
	.check = output_syslog_check,
	.open = output_syslog_open,
	.drain = output_syslog_drain,
	.flush = output_syslog_flush,
	.wait = output_syslog_wait,
	.reopen = output_syslog_reopen,
	.stats = output_syslog_stats,
	.close = output_syslog_close,
};
