/*
 * A compacted Kafka topic as the store of the state a partition hands
 * over (kafka-state topic NAME, detectd.conf(5)): the member giving a
 * partition up writes the partition's state under the key
 * "TOPIC-PARTITION" and waits until the brokers have it; the member
 * taking it reads the latest record of that key, from a plain consumer
 * assigned to every partition of the state topic from its start to its
 * end (no group), and writes a tombstone (no value) once it took it, so
 * that a later owner does not take the same state again.
 *
 * A state larger than one record may be (the producer's
 * message.max.bytes, less room for the record's head) goes in chunks:
 * chunk 0 under the key itself, chunk i under "KEY#i", each opening
 * with "detectd-state 1 GEN I N TOTAL" (GEN tells one hand-over from
 * another; N chunks, TOTAL bytes in all).  Chunks are written before
 * chunk 0, so the key's record is the last to arrive; a reader that
 * finds a chunk of another GEN, or one missing, takes nothing.
 *
 * Every wait is bounded (timeout_ms): a broker that does not answer
 * makes an error in the log and the counts, never a stall; the caller
 * then starts the partition afresh.
 */
#ifndef DETECTD_KSTATE_H
#define DETECTD_KSTATE_H

#include <stddef.h>
#include <stdint.h>

struct kstate;

struct kstate_conf {
	const char	*name;		/* the input's, for the log */
	const char	*brokers;
	const char	*topic;		/* the state topic */
	/* librdkafka properties, "key=value" (the input's: TLS, SASL). */
	char *const	*props;
	size_t		 nprops;
	int		 timeout_ms;	/* 0: KSTATE_TIMEOUT_MS */
	size_t		 chunk;		/* 0: from message.max.bytes */
};

#define KSTATE_TIMEOUT_MS	10000
#define KSTATE_HEAD		64	/* room for a chunk's head line */
#define KSTATE_RECORD_ROOM	512	/* a record's own bytes, key aside */

struct kstate_stats {
	uint64_t	 puts;		/* states written and delivered */
	uint64_t	 put_errors;
	uint64_t	 put_bytes;
	uint64_t	 chunks;	/* records written for them */
	uint64_t	 gets;		/* states found and read */
	uint64_t	 get_errors;	/* topic not read, or a state broken */
	uint64_t	 get_bytes;
	uint64_t	 tombstones;	/* records of taken states removed */
	uint64_t	 tombstone_errors;
};

/* The topic is made (compacted) at the first put when it is missing. */
struct kstate	*kstate_new(const struct kstate_conf *);
void		 kstate_free(struct kstate *);
/*
 * buf under key, chunked, queued (copied) beside the states queued
 * before; -1 only when there is no memory for it.
 */
int		 kstate_queue(struct kstate *, const char *key,
		    const char *buf, size_t len);
/*
 * The states queued sent, in one wait for all of them (one timeout for
 * the partitions of a rebalance, not one each): how many were not
 * delivered, each said in the log and counted.
 */
int		 kstate_send(struct kstate *);
/* kstate_queue and kstate_send: 0 once delivered, -1 when not. */
int		 kstate_put(struct kstate *, const char *key, const char *buf,
		    size_t len);
/*
 * The latest state of each of keys[0..n-1]: vals[i] (malloc'd, free it)
 * and lens[i], or NULL when there is none or it is broken (logged,
 * counted).  The ones found are tombstoned.  -1 when the topic could
 * not be read to its end (every vals[i] NULL then).
 */
int		 kstate_get(struct kstate *, const char *const *keys, size_t n,
		    char **vals, size_t *lens);
const struct kstate_stats *kstate_stats(const struct kstate *);

#endif
