/*
 * The syslog listener (listen.h): owns its UDP and TCP sockets, the
 * accepted connections with their framing state, peer and age, and their
 * libevent events; hands each message on as a line, and keeps the
 * connections within their bounds (a sweep timer closes idle ones).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "collector/listen.h"
#include "util/log.h"
#include "util/timeutil.h"

#define LISTEN_UDP_MAX	65536
#define LISTEN_LEN_MAX	9	/* digits of an octet count */
#define LISTEN_EVICT_MS	1000	/* without a message: may give its place */
#define LISTEN_PEER_LEN	17	/* family, then the address */

struct lconn {
	struct listener	*ls;
	int		 fd;
	struct event	*ev;
	char		*buf;
	size_t		 len;
	struct lframe	 fs;
	unsigned char	 peer[LISTEN_PEER_LEN];
	int64_t		 last_ms;	/* accepted, or its last message */
	struct lconn	*next;
};

struct listener {
	char		*name;
	char		*udp_from;
	char		*tcp_from;
	size_t		 max_line;
	struct event_base *base;
	int		 udp_fd;
	int		 tcp_fd;
	struct event	*udp_ev;
	struct event	*tcp_ev;
	struct event	*sweep_ev;
	struct lconn	*conns;
	size_t		 nconns;
	size_t		 max_conns;
	size_t		 max_per_peer;
	int64_t		 idle_ms;
	int		 refusing;	/* said so since the last accepted */
	char		*dgram;
	uint64_t	 off;
	int		 paused;
	listen_line_cb	 line_cb;
	listen_pressure_cb pressure_cb;
	void		*arg;
	struct listen_stats st;
};

/* Framing --------------------------------------------------------------- */

static void
lframe_msg(struct rline *l, const char *p, size_t len, size_t max)
{
	l->truncated = len > max;
	if (len > max)
		len = max;
	/* Senders often end octet-counted frames with a newline too. */
	while (!l->truncated && len > 0 && (p[len - 1] == '\n' ||
	    p[len - 1] == '\r' || p[len - 1] == '\0'))
		len--;
	l->p = p;
	l->len = len;
}

/* Octet counting: -1 when p does not start with "LEN SP". */
static int
lframe_count(const char *p, size_t n, size_t *digits, size_t *len)
{
	size_t	 i;

	*len = 0;
	for (i = 0; i < n && i <= LISTEN_LEN_MAX; i++) {
		if (p[i] == ' ' && i > 0) {
			*digits = i;
			return 1;
		}
		if (p[i] < '0' || p[i] > '9' || (i == 0 && p[i] == '0'))
			return -1;
		*len = *len * 10 + (p[i] - '0');
	}
	return i > LISTEN_LEN_MAX ? -1 : 0;
}

static size_t
lframe_line(struct lframe *fs, const char *p, size_t n, size_t max, int eof,
    struct rline *l)
{
	const char	*nl;

	nl = memchr(p, '\n', n < max + 1 ? n : max + 1);
	if (nl != NULL) {
		lframe_msg(l, p, nl - p, max);
		return nl - p + 1;
	}
	if (n > max) {
		lframe_msg(l, p, max + 1, max);
		fs->skipline = 1;
		return max;
	}
	if (eof && n > 0) {
		lframe_msg(l, p, n, max);
		return n;
	}
	return 0;
}

size_t
listen_frame(struct lframe *fs, const char *p, size_t n, size_t max,
    int eof, struct rline *l)
{
	const char	*nl;
	size_t		 digits, len, k;
	int		 rc;

	l->p = NULL;
	l->len = 0;
	l->truncated = 0;
	if (n == 0)
		return 0;
	if (fs->skip > 0) {
		k = fs->skip < n ? fs->skip : n;
		fs->skip -= k;
		return k;
	}
	if (fs->skipline) {
		if ((nl = memchr(p, '\n', n)) == NULL)
			return n;
		fs->skipline = 0;
		return nl - p + 1;
	}
	rc = lframe_count(p, n, &digits, &len);
	if (rc == 0 && !eof)
		return 0;
	if (rc != 1)
		return lframe_line(fs, p, n, max, eof, l);
	p += digits + 1;
	n -= digits + 1;
	if (len > max && n >= max) {
		lframe_msg(l, p, len, max);
		fs->skip = len - max;
		return digits + 1 + max;
	}
	if (n < len)
		return 0;
	lframe_msg(l, p, len, max);
	return digits + 1 + len;
}

int
listen_addr(const char *s, int socktype, struct sockaddr_storage *ss,
    socklen_t *sslen)
{
	struct addrinfo	 hints, *res;
	char		 host[256];
	const char	*colon, *h = host;
	size_t		 hl;

	if ((colon = strrchr(s, ':')) == NULL || colon[1] == '\0' ||
	    (hl = colon - s) >= sizeof(host))
		return -1;
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		h = host + 1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = socktype;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV | AI_NUMERICHOST;
	if (getaddrinfo(*h != '\0' ? h : NULL, colon + 1, &hints, &res) != 0)
		return -1;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/* Delivering ------------------------------------------------------------ */

static void
listen_deliver(struct listener *ls, const char *from, struct rline *l)
{
	if (l->len == 0 && !l->truncated)
		return;
	l->off = ls->off;
	ls->off += l->len + 1;
	ls->st.messages++;
	ls->st.bytes += l->len;
	if (l->truncated)
		ls->st.cut++;
	ls->line_cb(ls->arg, from, l);
}

static void
listen_pressure(struct listener *ls)
{
	if (ls->pressure_cb(ls->arg) == -1)
		listen_pause(ls);
}

/* UDP --------------------------------------------------------------------- */

/*
 * One datagram.  The kernel tells with it how many it dropped so far
 * for want of buffer (SO_RXQ_OVFL), as it was when this one came.
 */
static ssize_t
listen_recv(struct listener *ls, int fd)
{
	union {
		struct cmsghdr	 h;
		char		 buf[CMSG_SPACE(sizeof(uint32_t))];
	} cm;
	struct iovec	 iov = { ls->dgram, LISTEN_UDP_MAX };
	struct msghdr	 msg;
	struct cmsghdr	*h;
	uint32_t	 drops;
	ssize_t		 n;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cm.buf;
	msg.msg_controllen = sizeof(cm.buf);
	if ((n = recvmsg(fd, &msg, MSG_DONTWAIT)) == -1)
		return -1;
	for (h = CMSG_FIRSTHDR(&msg); h != NULL; h = CMSG_NXTHDR(&msg, h)) {
		if (h->cmsg_level != SOL_SOCKET ||
		    h->cmsg_type != SO_RXQ_OVFL)
			continue;
		memcpy(&drops, CMSG_DATA(h), sizeof(drops));
		if (drops > ls->st.udp_drops)
			ls->st.udp_drops = drops;
	}
	return n;
}

static void
listen_udp_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listener	*ls = arg;
	struct rline	 l;
	const char	*p, *nl;
	ssize_t		 n;
	size_t		 rest;
	int		 i;

	(void)what;
	/* A bounded number per turn, so that other events get theirs. */
	for (i = 0; i < 256 && !ls->paused; i++) {
		n = listen_recv(ls, fd);
		if (n == -1) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("listen %s: recv", ls->name);
			break;
		}
		for (p = ls->dgram, rest = n; rest > 0;) {
			nl = memchr(p, '\n', rest);
			lframe_msg(&l, p, nl != NULL ? (size_t)(nl - p) : rest,
			    ls->max_line);
			listen_deliver(ls, ls->udp_from, &l);
			if (nl == NULL)
				break;
			rest -= nl - p + 1;
			p = nl + 1;
		}
		listen_pressure(ls);
	}
}

/* TCP --------------------------------------------------------------------- */

static void
lconn_free(struct lconn *c)
{
	struct listener	 *ls = c->ls;
	struct lconn	**pp;

	for (pp = &ls->conns; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	ls->nconns--;
	if (c->ev != NULL)
		event_free(c->ev);
	close(c->fd);
	free(c->buf);
	free(c);
}

/* Closed by the listener: what it held of a frame is dropped. */
static void
lconn_close(struct lconn *c)
{
	if (c->len > 0 || c->fs.skip > 0 || c->fs.skipline)
		c->ls->st.frame_errors++;
	lconn_free(c);
}

static void
lconn_frames(struct lconn *c, int eof)
{
	struct listener	*ls = c->ls;
	struct rline	 l;
	size_t		 used = 0, k;

	while ((k = listen_frame(&c->fs, c->buf + used, c->len - used,
	    ls->max_line, eof, &l)) > 0) {
		used += k;
		if (l.p == NULL)
			continue;
		listen_deliver(ls, ls->tcp_from, &l);
		c->last_ms = time_now_ms(CLOCK_MONOTONIC);
	}
	if (eof && c->len > used)
		ls->st.frame_errors++;
	memmove(c->buf, c->buf + used, c->len - used);
	c->len -= used;
}

static void
lconn_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct lconn	*c = arg;
	struct listener	*ls = c->ls;
	size_t		 cap = ls->max_line + LISTEN_LEN_MAX + 2;
	ssize_t		 n;

	(void)what;
	n = read(fd, c->buf + c->len, cap - c->len);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		if (n == -1)
			log_warn("listen %s: read", ls->name);
		lconn_frames(c, 1);
		lconn_free(c);
		listen_pressure(ls);
		return;
	}
	c->len += n;
	lconn_frames(c, 0);
	listen_pressure(ls);
}

/* The peer of a connection: its family and address, not its port. */
static void
lconn_peer(const struct sockaddr_storage *ss, unsigned char *peer)
{
	memset(peer, 0, LISTEN_PEER_LEN);
	peer[0] = (unsigned char)ss->ss_family;
	if (ss->ss_family == AF_INET)
		memcpy(peer + 1, &((const struct sockaddr_in *)(const void *)
		    ss)->sin_addr, 4);
	else if (ss->ss_family == AF_INET6)
		memcpy(peer + 1, &((const struct sockaddr_in6 *)(const void *)
		    ss)->sin6_addr, 16);
}

static int
listen_refuse(struct listener *ls, uint64_t *count, const char *bound)
{
	(*count)++;
	if (!ls->refusing)
		log_warnx("listen %s: %s reached, no connection idle: "
		    "refusing connections", ls->name, bound);
	ls->refusing = 1;
	return -1;
}

/*
 * Room for one more connection from peer: under both bounds, or by
 * closing the connection (of that peer, or of any for the total) that
 * went longest without a whole message, if that is over a second.
 * -1: refused.
 */
static int
listen_make_room(struct listener *ls, const unsigned char *peer)
{
	struct lconn	*c, *old = NULL, *oldp = NULL;
	size_t		 np = 0;
	int64_t		 now = time_now_ms(CLOCK_MONOTONIC);

	for (c = ls->conns; c != NULL; c = c->next) {
		if (old == NULL || c->last_ms < old->last_ms)
			old = c;
		if (memcmp(c->peer, peer, LISTEN_PEER_LEN) != 0)
			continue;
		np++;
		if (oldp == NULL || c->last_ms < oldp->last_ms)
			oldp = c;
	}
	if (np >= ls->max_per_peer) {
		if (now - oldp->last_ms < LISTEN_EVICT_MS)
			return listen_refuse(ls, &ls->st.refused_peer,
			    "max-connections-per-peer");
		old = oldp;
	} else if (ls->nconns < ls->max_conns)
		return 0;
	else if (now - old->last_ms < LISTEN_EVICT_MS)
		return listen_refuse(ls, &ls->st.refused, "max-connections");
	ls->st.evicted++;
	lconn_close(old);
	return 0;
}

static void
listen_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listener		*ls = arg;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen = sizeof(ss);
	struct lconn		*c;
	int			 s;

	(void)what;
	memset(&ss, 0, sizeof(ss));
	if ((s = accept4(fd, (struct sockaddr *)&ss, &sslen,
	    SOCK_NONBLOCK | SOCK_CLOEXEC)) == -1)
		return;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->buf = malloc(ls->max_line + LISTEN_LEN_MAX + 2)) == NULL) {
		log_warn("%s", __func__);
		free(c);
		close(s);
		return;
	}
	lconn_peer(&ss, c->peer);
	if (listen_make_room(ls, c->peer) == -1) {
		free(c->buf);
		free(c);
		close(s);
		return;
	}
	ls->refusing = 0;
	c->ls = ls;
	c->fd = s;
	c->last_ms = time_now_ms(CLOCK_MONOTONIC);
	c->ev = event_new(ls->base, s, EV_READ | EV_PERSIST, lconn_read_cb,
	    c);
	c->next = ls->conns;
	ls->conns = c;
	ls->nconns++;
	ls->st.connections++;
	if (c->ev == NULL || (!ls->paused && event_add(c->ev, NULL) == -1))
		lconn_free(c);
}

/* Close the connections that brought no whole message for idle-timeout. */
static void
listen_sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listener	*ls = arg;
	struct lconn	*c, *next;
	int64_t		 now = time_now_ms(CLOCK_MONOTONIC);

	(void)fd;
	(void)what;
	if (ls->paused)
		return;		/* not read: not their fault */
	for (c = ls->conns; c != NULL; c = next) {
		next = c->next;
		if (now - c->last_ms < ls->idle_ms)
			continue;
		ls->st.timeouts++;
		lconn_close(c);
	}
}

/* Setting up ------------------------------------------------------------ */

static int
listen_socket(const char *name, const char *addr, int socktype)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	int			 fd, on = 1;

	if (listen_addr(addr, socktype, &ss, &sslen) == -1) {
		log_warnx("listen %s: %s: not an address and port", name,
		    addr);
		return -1;
	}
	fd = socket(ss.ss_family, socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("listen %s: socket", name);
		return -1;
	}
	if (socktype == SOCK_STREAM)
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on,
		    sizeof(on));
	if (bind(fd, (struct sockaddr *)&ss, sslen) == -1 ||
	    (socktype == SOCK_STREAM && listen(fd, 64) == -1)) {
		log_warn("listen %s: %s %s", name,
		    socktype == SOCK_STREAM ? "tcp" : "udp", addr);
		close(fd);
		return -1;
	}
	return fd;
}

/* The idle sweep: four times per idle-timeout, from 100ms to 1s. */
static int
listen_sweep_arm(struct listener *ls)
{
	struct timeval	 tv;
	int64_t		 ms = ls->idle_ms / 4;

	ms = ms < 100 ? 100 : ms > 1000 ? 1000 : ms;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	ls->sweep_ev = event_new(ls->base, -1, EV_PERSIST, listen_sweep_cb,
	    ls);
	return ls->sweep_ev == NULL ? -1 : event_add(ls->sweep_ev, &tv);
}

static int
listen_setup(struct listener *ls, const struct listen_conf *lc)
{
	int	 on = 1;

	if (lc->udp != NULL) {
		if ((ls->udp_fd = listen_socket(lc->name, lc->udp,
		    SOCK_DGRAM)) == -1 ||
		    (ls->dgram = malloc(LISTEN_UDP_MAX)) == NULL ||
		    asprintf(&ls->udp_from, "udp://%s", lc->udp) == -1)
			return -1;
		if (setsockopt(ls->udp_fd, SOL_SOCKET, SO_RXQ_OVFL, &on,
		    sizeof(on)) == -1)
			log_warn("listen %s: SO_RXQ_OVFL: drops not counted",
			    lc->name);
		ls->udp_ev = event_new(ls->base, ls->udp_fd,
		    EV_READ | EV_PERSIST, listen_udp_cb, ls);
		if (ls->udp_ev == NULL || event_add(ls->udp_ev, NULL) == -1)
			return -1;
	}
	if (lc->tcp != NULL) {
		if ((ls->tcp_fd = listen_socket(lc->name, lc->tcp,
		    SOCK_STREAM)) == -1 ||
		    asprintf(&ls->tcp_from, "tcp://%s", lc->tcp) == -1)
			return -1;
		ls->tcp_ev = event_new(ls->base, ls->tcp_fd,
		    EV_READ | EV_PERSIST, listen_accept_cb, ls);
		if (ls->tcp_ev == NULL || event_add(ls->tcp_ev, NULL) == -1)
			return -1;
		if (ls->idle_ms > 0 && listen_sweep_arm(ls) == -1)
			return -1;
	}
	return 0;
}

struct listener *
listen_new(struct event_base *base, const struct listen_conf *lc,
    listen_line_cb line_cb, listen_pressure_cb pressure_cb, void *arg)
{
	struct listener	*ls;

	if ((ls = calloc(1, sizeof(*ls))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	ls->udp_fd = ls->tcp_fd = -1;
	ls->base = base;
	ls->max_line = lc->max_line;
	ls->max_conns = lc->max_conns > 0 ? lc->max_conns : LISTEN_MAX_CONNS;
	ls->max_per_peer = lc->max_per_peer > 0 ? lc->max_per_peer :
	    LISTEN_MAX_PER_PEER;
	ls->idle_ms = lc->idle_ms;
	ls->line_cb = line_cb;
	ls->pressure_cb = pressure_cb;
	ls->arg = arg;
	if ((ls->name = strdup(lc->name)) == NULL ||
	    listen_setup(ls, lc) == -1) {
		listen_free(ls);
		return NULL;
	}
	return ls;
}

void
listen_free(struct listener *ls)
{
	if (ls == NULL)
		return;
	while (ls->conns != NULL)
		lconn_free(ls->conns);
	if (ls->udp_ev != NULL)
		event_free(ls->udp_ev);
	if (ls->tcp_ev != NULL)
		event_free(ls->tcp_ev);
	if (ls->sweep_ev != NULL)
		event_free(ls->sweep_ev);
	if (ls->udp_fd != -1)
		close(ls->udp_fd);
	if (ls->tcp_fd != -1)
		close(ls->tcp_fd);
	free(ls->dgram);
	free(ls->udp_from);
	free(ls->tcp_from);
	free(ls->name);
	free(ls);
}

/* TCP senders wait in their socket buffers; UDP may drop meanwhile. */
void
listen_pause(struct listener *ls)
{
	struct lconn	*c;

	if (ls->paused)
		return;
	ls->paused = 1;
	if (ls->udp_ev != NULL)
		event_del(ls->udp_ev);
	if (ls->tcp_ev != NULL)
		event_del(ls->tcp_ev);
	for (c = ls->conns; c != NULL; c = c->next)
		event_del(c->ev);
}

void
listen_resume(struct listener *ls)
{
	struct lconn	*c;

	if (!ls->paused)
		return;
	ls->paused = 0;
	if (ls->udp_ev != NULL)
		event_add(ls->udp_ev, NULL);
	if (ls->tcp_ev != NULL)
		event_add(ls->tcp_ev, NULL);
	/* Not read while paused: their idle time starts again. */
	for (c = ls->conns; c != NULL; c = c->next) {
		c->last_ms = time_now_ms(CLOCK_MONOTONIC);
		event_add(c->ev, NULL);
	}
}

const struct listen_stats *
listen_stats(const struct listener *ls)
{
	return &ls->st;
}
