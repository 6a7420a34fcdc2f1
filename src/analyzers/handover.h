/*
 * The hand-over of a shard's per-endpoint state (a Kafka partition that
 * moves to another member of the group), as text: a magic line, then
 * "analyzer NAME" before the lines each analyzer's hand_save writes
 * (analyzer.h), then "identity" and the identity table whole, since who
 * is where is learned from any partition's lines.  The same text goes
 * to a file (tier.h, kafka-state dir) or to records of a compacted
 * topic (collector/kstate.h, kafka-state topic).
 *
 * Writing forgets what it wrote (the analyzers drop the shard's
 * groups); reading adds the lines to the analyzers' tables, counting
 * and skipping malformed ones.
 */
#ifndef DETECTD_HANDOVER_H
#define DETECTD_HANDOVER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct analyzer_inst;
struct identity;

struct handover {
	const struct analyzer_inst	*an;
	size_t				 nan;
	struct identity			*id;	/* may be NULL */
	uint32_t			 shard;
};

/* 0, or -1 when fp could not be written. */
int		 handover_write(FILE *, const struct handover *);
/*
 * 1 when taken, -1 when fp does not hold a hand-over (said in the log
 * under name).  Malformed lines are counted, said once, and skipped.
 */
int		 handover_read(FILE *, const struct handover *,
		    const char *name);
/* The text in memory: *buf is malloc'd, *len its length.  0 or -1. */
int		 handover_save(const struct handover *, char **buf,
		    size_t *len);
/* The text of buf taken, as handover_read. */
int		 handover_load(const struct handover *, const char *buf,
		    size_t len, const char *name);

#endif
