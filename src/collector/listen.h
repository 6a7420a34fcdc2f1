/*
 * A syslog listener: messages received over UDP (one per datagram, or one
 * per line of it) and over TCP (RFC 6587: octet counting, "LEN SP MSG",
 * or newline framing, told apart frame by frame), handed on as lines.
 * The RFC 3164/5424 header stays in the line; parser_parse strips it for
 * the formats that expect one.
 *
 * TCP connections are bounded: in number, in total and per peer
 * address, and in time: one that brought no whole message for the idle
 * timeout is closed.  When a bound is reached, a new connection takes
 * the place of the one that went longest without a whole message, if
 * that is over a second, and is refused otherwise; so idle connections
 * (one byte each, never a message) cannot lock a real sender out.
 * Datagrams the kernel dropped for want of buffer are counted
 * (SO_RXQ_OVFL).
 */
#ifndef DETECTD_LISTEN_H
#define DETECTD_LISTEN_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>

#include "collector/reader.h"

struct event_base;
struct listener;

#define LISTEN_MAX_CONNS	256	/* TCP connections at a time */
#define LISTEN_MAX_PER_PEER	32	/* of them from one address */
#define LISTEN_IDLE_MS		(5 * 60 * 1000)

struct listen_conf {
	const char	*name;
	const char	*udp;		/* "host:port", "[v6]:port" or NULL */
	const char	*tcp;
	size_t		 max_line;
	size_t		 max_conns;	/* 0: LISTEN_MAX_CONNS */
	size_t		 max_per_peer;	/* 0: LISTEN_MAX_PER_PEER */
	int64_t		 idle_ms;	/* 0: never */
};

struct listen_stats {
	uint64_t	 messages;
	uint64_t	 bytes;
	uint64_t	 cut;		/* longer than max-line */
	uint64_t	 connections;
	uint64_t	 refused;	/* over max-connections */
	uint64_t	 refused_peer;	/* over max-connections-per-peer */
	uint64_t	 evicted;	/* closed to make room for another */
	uint64_t	 timeouts;	/* closed after idle-timeout */
	uint64_t	 frame_errors;	/* a stream ended inside a frame */
	uint64_t	 udp_drops;	/* datagrams the kernel dropped */
};

typedef void (*listen_line_cb)(void *arg, const char *from,
		    const struct rline *);
/* After each read: -1 means stop reading (paused). */
typedef int (*listen_pressure_cb)(void *arg);

struct listener	*listen_new(struct event_base *, const struct listen_conf *,
		    listen_line_cb, listen_pressure_cb, void *arg);
void		 listen_free(struct listener *);
void		 listen_pause(struct listener *);
void		 listen_resume(struct listener *);
const struct listen_stats *listen_stats(const struct listener *);

/* Framing state of one TCP stream. */
struct lframe {
	uint64_t	 skip;		/* bytes left of a cut octet-counted frame */
	int		 skipline;	/* inside the rest of a cut line */
};

/*
 * One frame from p[0..n): returns the bytes consumed, with l->p set when
 * they made a message (NULL when they were skipped); 0 when more bytes are
 * needed.  At eof an unterminated line is a message.
 */
size_t		 listen_frame(struct lframe *, const char *p, size_t n,
		    size_t max, int eof, struct rline *l);
/* "host:port" to a socket address; -1 if it is not one. */
int		 listen_addr(const char *, int socktype,
		    struct sockaddr_storage *, socklen_t *);

#endif
