/*
 * A Kafka input: one member of a consumer group (librdkafka, cooperative
 * rebalancing), polled from the libevent loop, that hands on each record
 * of its partitions as lines.  Shippers key records by endpoint (host
 * name or address), so that every record of one endpoint lands in one
 * partition and one detectd sees all of that endpoint's logs.
 *
 * Offsets advance as a file's do, in two steps: read (records handed to
 * the pipeline) and committed (their alerts are written out).  Only
 * kafka_in_commit moves the group's committed offsets, to what was read;
 * the daemon calls it after the outputs wrote every alert.  A crash
 * repeats the records read since the last commit, never skips one; a
 * clean stop (kafka_in_free after a commit) repeats none.
 *
 * A rebalance calls revoked before the group takes partitions away (the
 * daemon flushes its outputs, the input commits what was read of them),
 * then handed once the commit is taken (the daemon hands over their
 * endpoints' state), and assigned before records of new partitions come
 * (the daemon loads the state the last owner left).  All get the
 * partition numbers.
 */
#ifndef DETECTD_KAFKA_H
#define DETECTD_KAFKA_H

#include <stddef.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

#include "event/rline.h"

struct event_base;
struct kafka_in;

struct kafka_conf {
	const char	*name;		/* the input's name */
	const char	*brokers;	/* host:port[,host:port...] */
	const char	*topic;
	const char	*group;
	size_t		 max_line;
	int64_t		 poll_ms;	/* 0: KAFKA_POLL_MS */
	/* librdkafka properties, "key=value", applied last. */
	char *const	*props;
	size_t		 nprops;
};

#define KAFKA_POLL_MS	20
#define KAFKA_BATCH	512		/* records a poll hands on at most */
#define KAFKA_SYNC_WAIT_MS 10000	/* at close, for a first assignment */

/* Where a record came from. */
struct kafka_rec {
	const char	*topic;
	int32_t		 partition;
	int64_t		 offset;
	const char	*key;		/* not NUL-terminated; NULL: no key */
	size_t		 keylen;
};

struct kafka_cbs {
	void	 (*line)(void *arg, const struct kafka_rec *,
		    const struct rline *);
	/* After each poll that read records: -1 means stop (paused). */
	int	 (*pressure)(void *arg);
	/*
	 * Partitions about to go: 0 when the alerts of every record read
	 * so far are written out (their offsets are committed then), -1
	 * when not (the next owner reads them again).
	 */
	int	 (*revoked)(void *arg, const int32_t *parts, size_t n);
	/* Partitions given to this member, before their records. */
	void	 (*assigned)(void *arg, const int32_t *parts, size_t n);
	/*
	 * Partitions going, once revoked said their alerts are out and the
	 * group took their offsets: the next owner starts where this
	 * member stopped, so their state may go to it.  May be NULL.
	 */
	void	 (*handed)(void *arg, const int32_t *parts, size_t n);
	void	*arg;
};

struct kafka_stats {
	uint64_t	 records;
	uint64_t	 bytes;
	uint64_t	 lines;
	uint64_t	 cut;		/* lines longer than max-line */
	uint64_t	 empty;		/* records without a payload */
	uint64_t	 errors;	/* consumer errors reported */
	uint64_t	 commits;
	uint64_t	 commit_errors;
	uint64_t	 rebalances;
	uint64_t	 assigned;	/* partitions held now */
};

/* base NULL: not polled from a loop; the caller calls kafka_in_poll. */
struct kafka_in	*kafka_in_new(struct event_base *, const struct kafka_conf *,
		    const struct kafka_cbs *);
/*
 * Leave the group: commit what was read when commit is set (a clean
 * stop, outputs flushed), otherwise leave the offsets as they were
 * committed last (the records since are read again).
 */
void		 kafka_in_close(struct kafka_in *, int commit);
void		 kafka_in_free(struct kafka_in *);
/* Hand on up to max records, waiting up to wait_ms for the first. */
int		 kafka_in_poll(struct kafka_in *, size_t max, int wait_ms);
/*
 * Every record read so far is written out: commit the offsets; sync
 * waits for the group's answer.  1 when offsets moved, 0 when none
 * did, -1 when the commit failed.
 */
int		 kafka_in_commit(struct kafka_in *, int sync);
void		 kafka_in_pause(struct kafka_in *);
void		 kafka_in_resume(struct kafka_in *);
/* Whether the group answered the consumer's join (chose an assignor). */
int		 kafka_in_joined(const struct kafka_in *);
const struct kafka_stats *kafka_in_stats(const struct kafka_in *);
/*
 * A librdkafka property set, or said in the log under the input's name
 * (0 or -1); and "key=value" properties, in order (the state topic's
 * clients take the input's too: kstate.h).
 */
int		 kafka_conf_set(rd_kafka_conf_t *, const char *name,
		    const char *key, const char *val);
int		 kafka_conf_props(rd_kafka_conf_t *, const char *name,
		    char *const *props, size_t n);

#endif
